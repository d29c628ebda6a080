"""The three protocols give different results where their tables differ (never merged into one list)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from handbook.givehold.catalog import Catalog
from handbook.givehold.evaluator import evaluate
from handbook.givehold.inputs import Rhythm
from handbook.givehold.protocol import ProtocolFile
from handbook.givehold.wording import Decision
from tests.handbook.givehold.conftest import quiet_inputs

D, S, T = "dutcher-2014", "springerplus-2015", "til-2024"
NO, HOLD, STOP = Decision.no_hold_found, Decision.hold, Decision.stop

CASES = [
    # heart rate 110: Dutcher's band starts at 100, SpringerPlus' at 120, TIL has none
    ("heart rate 110", {"values": {"hr": 110}}, {D: HOLD, S: NO, T: NO}),
    # SVT: label withhold everywhere; Dutcher makes it absolute; SpringerPlus' table does not list SVT
    ("SVT", {"rhythm": Rhythm.svt}, {D: STOP, S: HOLD, T: HOLD}),
    # resting shortness of breath: Dutcher absolute, SpringerPlus relative, not in TIL
    (
        "resting dyspnoea",
        {"findings": {"breathing-problem": True, "resting-dyspnoea": True}},
        {D: STOP, S: HOLD, T: NO},
    ),
    # vomiting despite medicines: Dutcher relative, SpringerPlus absolute
    ("vomiting", {"findings": {"gut-problem": True, "vomiting-refractory": True}}, {D: HOLD, S: STOP, T: NO}),
    # weight gain exactly 15%: SpringerPlus says 15%, Dutcher more than 15%
    ("weight gain 15%", {"values": {"weight-gain-pct": 15}}, {D: NO, S: HOLD, T: NO}),
    # creatinine 3.2: both Dutcher and SpringerPlus absolute; TIL's table stops at 2.9 (its gap, shown in its notes)
    ("creatinine 3.2", {"values": {"creatinine": Decimal("3.2")}}, {D: STOP, S: STOP, T: NO}),
    # extreme paresthesias: only Dutcher (absolute)
    ("paresthesias", {"findings": {"skin-muscle": True, "extreme-paresthesias": True}}, {D: STOP, S: NO, T: NO}),
    # extreme tightness: only Dutcher (relative)
    ("tightness", {"findings": {"skin-muscle": True, "extreme-tightness": True}}, {D: HOLD, S: NO, T: NO}),
    # fluid-refractory hypotension: only TIL (discontinue)
    ("fluid-refractory", {"findings": {"fluid-refractory-hypotension": True}}, {D: NO, S: NO, T: STOP}),
    # a pressor at a low rate: SpringerPlus stops for any pressor; Dutcher's bands start higher
    (
        "phenylephrine 0.3",
        {
            "findings": {"pressor": True},
            "values": {"phenylephrine-now": Decimal("0.3"), "phenylephrine-max": Decimal("0.4")},
        },
        {D: NO, S: STOP, T: NO},
    ),
    # bicarbonate 19: Dutcher's admission orders say call; no other protocol has a rule
    ("bicarbonate 19", {"values": {"bicarbonate": 19}}, {D: Decision.call, S: NO, T: NO}),
]


@pytest.mark.parametrize(("name", "changes", "expected"), CASES, ids=[c[0] for c in CASES])
def test_protocols_differ_where_their_tables_differ(
    catalog: Catalog,
    protocols: dict[str, ProtocolFile],
    name: str,
    changes: dict[str, object],
    expected: dict[str, Decision],
) -> None:
    got = {
        pid: evaluate(quiet_inputs(catalog, **changes), protocols[pid], ask_everything=True).decision
        for pid in expected
    }
    assert got == expected


def test_each_protocol_uses_only_its_own_source(protocols: dict[str, ProtocolFile]) -> None:
    for protocol in protocols.values():
        cited = {s for c in protocol.criteria for s in protocol.criterion_sources(c)}
        assert cited <= {*protocol.sources, "dutcher-2014-admission-orders"}
        assert protocol.status.value == "published-example"
        assert not protocol.approved_by
