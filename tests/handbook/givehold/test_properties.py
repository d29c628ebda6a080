"""Property: no path gives NO HOLD CRITERION FOUND while a required value or answer is missing."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handbook.givehold.catalog import all_protocols, load_catalog
from handbook.givehold.evaluator import evaluate
from handbook.givehold.inputs import INPUTS, REQUIRED_INPUTS, DoseInputs, Rhythm
from handbook.givehold.questions import input_is_required, questions_for
from handbook.givehold.wording import Decision

CATALOG = load_catalog()
PROTOCOLS = all_protocols()
FINDINGS = CATALOG.form.finding_ids()
TYPED = [spec for spec in INPUTS if not spec.derived]


def _value(spec_index: int) -> st.SearchStrategy[Decimal]:
    """What a nurse can type: a whole count, or a decimal with up to two places inside the physical range."""
    spec = TYPED[spec_index]
    if spec.whole:
        return st.integers(int(spec.low), int(spec.high)).map(Decimal)
    return st.decimals(spec.low, spec.high, places=2, allow_nan=False, allow_infinity=False)


doses = st.builds(
    lambda values, rhythm, findings: DoseInputs(values=values, rhythm=rhythm, findings=findings),
    st.fixed_dictionaries({}, optional={spec.id: _value(i) for i, spec in enumerate(TYPED)}),
    st.none() | st.sampled_from(list(Rhythm)),
    st.dictionaries(st.sampled_from(FINDINGS), st.booleans()),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dose=doses, which=st.sampled_from(range(len(PROTOCOLS))), ask_everything=st.booleans())
def test_no_hold_found_only_with_everything_required_present(
    dose: DoseInputs, which: int, ask_everything: bool
) -> None:
    protocol = PROTOCOLS[which]
    result = evaluate(dose, protocol, ask_everything=ask_everything)
    if result.decision is not Decision.no_hold_found:
        return
    # Checked here independently of the evaluator's own missing list.
    assert not result.missing
    assert not result.rules
    readings = dose.readings()
    assert all(key in readings for key in REQUIRED_INPUTS)
    if ask_everything:
        assert dose.rhythm is not None
        questions = questions_for(CATALOG.form, CATALOG.label, protocol)
        for item in questions.items:
            for input_id in item.inputs:
                if input_id != "rhythm" and input_is_required(input_id, questions):
                    assert input_id in readings
            gate_yes = item.gate is not None and (
                dose.findings.get(item.gate.id) or any(dose.findings.get(s.id) for s in item.subs)
            )
            if item.gate is not None:
                assert item.gate.id in dose.findings or gate_yes
            for finding in item.also:
                assert finding.id in dose.findings
            if item.choice:
                assert any(f.id in dose.findings for f in item.choice)


@settings(max_examples=200, deadline=None)
@given(dose=doses, which=st.sampled_from(range(len(PROTOCOLS))))
def test_the_window_is_never_less_cautious_than_the_command_line(dose: DoseInputs, which: int) -> None:
    """Asking for everything can only add missing values, never drop a rule that was met."""
    lenient = evaluate(dose, PROTOCOLS[which])
    strict = evaluate(dose, PROTOCOLS[which], ask_everything=True)
    assert {r.id for r in lenient.rules} == {r.id for r in strict.rules}
    assert {m.id for m in lenient.missing} <= {m.id for m in strict.missing}
