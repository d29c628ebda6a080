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

from handbook.givehold.catalog import (
    ProtocolError,
    active_protocol,
    active_protocol_id,
    all_protocols,
    load_catalog,
    load_protocol,
)
from handbook.givehold.evaluate import FiredRule, Missing, Result, evaluate
from handbook.givehold.inputs import INPUT_SPECS, INPUTS, DoseInputs, InputError, LabDraw, Reading, Rhythm
from handbook.givehold.protocol import ProtocolFile
from handbook.givehold.wording import Decision

__all__ = [
    "INPUTS",
    "INPUT_SPECS",
    "Decision",
    "DoseInputs",
    "FiredRule",
    "InputError",
    "LabDraw",
    "Missing",
    "ProtocolError",
    "ProtocolFile",
    "Reading",
    "Result",
    "Rhythm",
    "active_protocol",
    "active_protocol_id",
    "all_protocols",
    "evaluate",
    "load_catalog",
    "load_protocol",
]
