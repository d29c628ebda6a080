"""Generated from the protocol and label files: every numeric threshold flips just inside and just outside it.

Nothing here names a number: the cases come from the files, so a changed threshold is tested as it stands.
"""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest

from handbook.givehold.catalog import Catalog, all_protocols, load_catalog
from handbook.givehold.evaluator import evaluate
from handbook.givehold.inputs import INPUT_SPECS
from handbook.givehold.protocol import Condition, ProtocolFile
from handbook.givehold.wording import Decision
from tests.handbook.givehold.conftest import QUIET_VALUES, quiet_inputs

# A tenth and a hundredth past each bound: a nurse types 89.9 next to a threshold of 90, and the comparison
# must be exact at either step (a binary float of 89.9 or 2.95 is not that number).
STEPS = (Decimal("0.1"), Decimal("0.01"))


def _edges(when: Condition, step: Decimal) -> list[tuple[str, Decimal, Decimal]]:
    """(bound, a value just inside, a value just outside) for each bound of a band."""
    step = Decimal(1) if INPUT_SPECS[when.input or ""].whole else step
    edges = []
    # Typed values and bounds are both exact decimals (the nurse's text is read as a Decimal once).
    if when.at_least is not None:
        edges.append(("at_least", when.at_least, when.at_least - step))
    if when.above is not None:
        edges.append(("above", when.above + step, when.above))
    if when.below is not None:
        edges.append(("below", when.below - step, when.below))
    if when.at_most is not None:
        edges.append(("at_most", when.at_most, when.at_most + step))
    return edges


def _cases() -> list[tuple[str, str, str, Decimal, Decimal]]:
    cases = []
    catalog = load_catalog()
    for step in STEPS:
        for protocol in all_protocols():
            for criterion in protocol.criteria:
                if criterion.when.input is not None:
                    for bound, inside, outside in _edges(criterion.when, step):
                        cases.append((protocol.id, f"{protocol.id}:{criterion.id}", bound, inside, outside))
        for rule in catalog.label.rules:
            if rule.when.input is not None:
                for bound, inside, outside in _edges(rule.when, step):
                    cases.append(("dutcher-2014", f"label:{rule.id}", bound, inside, outside))
    return list(dict.fromkeys(cases))  # whole-number inputs step by 1 either way: once is enough


def _values_for(input_id: str, value: Decimal) -> dict[str, Decimal]:
    if input_id == "urine-ml-per-kg-8h":  # derived: urine over 8 h ÷ admission weight
        return {"urine-ml-8h": value * QUIET_VALUES["admission-weight-kg"]}
    if input_id == "weight-gain-pct":
        return {"weight-gain-pct": value}
    return {input_id: value}


def _input_of(rule_id: str, protocols: dict[str, ProtocolFile], catalog: Catalog) -> str:
    owner, _, local = rule_id.partition(":")
    if owner == "label":
        when = next(r.when for r in catalog.label.rules if r.id == local)
    else:
        when = next(c.when for c in protocols[owner].criteria if c.id == local)
    assert when.input is not None
    return when.input


CASES = _cases()


def test_every_numeric_criterion_of_every_protocol_is_covered() -> None:
    covered = {case[1] for case in CASES}
    for protocol in all_protocols():
        for criterion in protocol.criteria:
            if criterion.when.input is not None:
                assert f"{protocol.id}:{criterion.id}" in covered
    assert len(CASES) >= 40


@pytest.mark.parametrize(("protocol_id", "rule_id", "bound", "inside", "outside"), CASES)
def test_just_inside_meets_the_rule_just_outside_does_not(
    catalog: Catalog,
    protocols: dict[str, ProtocolFile],
    protocol_id: str,
    rule_id: str,
    bound: str,
    inside: Decimal,
    outside: Decimal,
) -> None:
    protocol = protocols[protocol_id]
    input_id = _input_of(rule_id, protocols, catalog)
    met_inside = evaluate(quiet_inputs(catalog, values=_values_for(input_id, inside)), protocol, ask_everything=True)
    met_outside = evaluate(quiet_inputs(catalog, values=_values_for(input_id, outside)), protocol, ask_everything=True)
    assert rule_id in {r.id for r in met_inside.rules}, (bound, inside)
    assert rule_id not in {r.id for r in met_outside.rules}, (bound, outside)
    # The result itself flips away from the quiet one when the value moves in.
    assert met_inside.decision is not Decision.no_hold_found


@pytest.mark.parametrize("protocol_id", ["dutcher-2014", "springerplus-2015", "til-2024"])
def test_one_typed_value_never_meets_two_criteria_of_one_protocol(
    catalog: Catalog, protocols: dict[str, ProtocolFile], protocol_id: str
) -> None:
    protocol = protocols[protocol_id]
    for input_id in sorted(protocol.inputs_used()):
        spec = INPUT_SPECS[input_id]
        bounds = sorted(
            {
                b
                for c in protocol.criteria
                if c.when.input == input_id
                for b in (c.when.low, c.when.high)
                if b is not None
            }
        )
        probes = {spec.low, spec.high, *bounds}
        nudges = (Decimal("-0.1"), Decimal("-0.05"), Decimal("-0.01"), Decimal("0.01"), Decimal("0.05"), Decimal("0.1"))
        probes |= {b + d for b, d in itertools.product(bounds, nudges)}
        for value in sorted(v for v in probes if spec.low <= v <= spec.high):
            met = [c.id for c in protocol.criteria if c.when.input == input_id and c.when.contains(value)]
            assert len(met) <= 1, (input_id, value, met)


def test_dutcher_creatinine_2_95_is_relative_and_3_is_absolute(
    catalog: Catalog, protocols: dict[str, ProtocolFile]
) -> None:
    dutcher = protocols["dutcher-2014"]
    at_2_95 = evaluate(quiet_inputs(catalog, values={"creatinine": Decimal("2.95")}), dutcher, ask_everything=True)
    at_3 = evaluate(quiet_inputs(catalog, values={"creatinine": Decimal("3.0")}), dutcher, ask_everything=True)
    assert [r.id for r in at_2_95.rules] == ["dutcher-2014:creatinine-relative"]
    assert at_2_95.decision is Decision.hold
    assert [r.id for r in at_3.rules] == ["dutcher-2014:creatinine-absolute"]
    assert at_3.decision is Decision.stop
