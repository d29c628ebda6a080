"""The per-dose give/hold check, Qt-free: label rules (always) plus the ward's one protocol.

Use::

    from handbook.givehold import DoseInputs, LabDraw, Rhythm, evaluate, active_protocol

    result = evaluate(
        DoseInputs(
            values={"sbp": 96, "hr": 104, "spo2": 95, "o2-lpm": 2, "urine-ml-8h": 240, "temp-c": 37.9,
                    "dose-number": 5, "doses-held": 1, "admission-weight-kg": 72, "weight-kg": 79},
            rhythm=Rhythm.sinus,
            findings={"infection": False},
            lab_draws=(LabDraw(drawn_at, {"creatinine": 1.4, "platelets": 88, "bicarbonate": 22, "bilirubin": 1.1}),),
            assessed_at=now,
        ),
        active_protocol(),
        ask_everything=True,  # the window: every question must be answered
    )
    result.decision          # Decision.hold ...
    result.as_json()         # for the course record and `handbook give-hold --json`

Files: ``resources/content/givehold/`` (the form and the label links) and ``resources/content/protocols/``.
"""

from __future__ import annotations

import importlib
from typing import Any

# Names → the module that defines them: loaded on first use, so importing the light ``wording`` module (the
# screen templates need its words) does not pull in pydantic and the protocol files.
_EXPORTS = {
    "ProtocolError": "compiled",
    "ProtocolRules": "compiled",
    "StoredGiveHold": "stored",
    "stored_give_hold": "stored",
    "active_protocol": "catalog",
    "active_protocol_id": "catalog",
    "all_protocols": "catalog",
    "load_catalog": "catalog",
    "load_protocol": "catalog",
    "FiredRule": "evaluator",
    "Missing": "evaluator",
    "Result": "evaluator",
    "evaluate": "evaluator",
    "INPUTS": "inputs",
    "INPUT_SPECS": "inputs",
    "DoseInputs": "inputs",
    "InputError": "inputs",
    "LabDraw": "inputs",
    "Reading": "inputs",
    "Rhythm": "inputs",
    "ProtocolFile": "protocol",
    "Decision": "wording",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'handbook.givehold' has no attribute {name!r}")
    return getattr(importlib.import_module(f"handbook.givehold.{module}"), name)
