"""The evaluator on hand-picked doses: decisions, most cautious wins, counting rules, missing values."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from handbook.checklists.values import parse_value
from handbook.givehold.catalog import Catalog
from handbook.givehold.evaluator import evaluate
from handbook.givehold.inputs import DoseInputs, InputError, LabDraw, Rhythm
from handbook.givehold.protocol import Condition, ProtocolFile
from handbook.givehold.wording import Decision, RuleAction, RuleSource
from tests.handbook.givehold.conftest import QUIET_VALUES, quiet_inputs


@pytest.mark.parametrize("protocol_id", ["dutcher-2014", "springerplus-2015", "til-2024"])
def test_a_quiet_dose_finds_no_hold_and_says_what_was_not_checked(
    catalog: Catalog, protocols: dict[str, ProtocolFile], protocol_id: str
) -> None:
    result = evaluate(quiet_inputs(catalog), protocols[protocol_id], ask_everything=True)
    assert result.decision is Decision.no_hold_found, [m.label for m in result.missing] + [
        r.line() for r in result.rules
    ]
    assert result.headline == "NO HOLD CRITERION FOUND"
    assert "not an order" in result.meaning
    assert "renal, hepatic, infection and sepsis, dermatologic and other" in result.not_loaded_sentence
    assert "cardiovascular, respiratory, neurologic, gastrointestinal" in result.checked_sentence
    assert protocols[protocol_id].short_name in result.checked_sentence
    assert "published example" in result.protocol_name


def test_nothing_typed_is_incomplete_never_a_go(catalog: Catalog, protocols: dict[str, ProtocolFile]) -> None:
    result = evaluate(DoseInputs(), protocols["dutcher-2014"], ask_everything=True)
    assert result.decision is Decision.incomplete
    assert result.headline.startswith("INCOMPLETE (")
    assert "values missing" in result.headline
    assert {"sbp", "hr", "rhythm", "temp-c", "creatinine"} <= {m.id for m in result.missing}


def test_one_unanswered_question_is_incomplete(catalog: Catalog, protocols: dict[str, ProtocolFile]) -> None:
    inputs = quiet_inputs(catalog)
    findings = dict(inputs.findings)
    del findings["infection"]
    result = evaluate(
        DoseInputs(inputs.values, inputs.rhythm, findings), protocols["dutcher-2014"], ask_everything=True
    )
    assert result.decision is Decision.incomplete
    assert [m.id for m in result.missing] == ["infection"]


def test_a_met_rule_shows_at_once_with_the_missing_count(protocols: dict[str, ProtocolFile]) -> None:
    result = evaluate(DoseInputs(values={"sbp": 84}), protocols["dutcher-2014"], ask_everything=True)
    assert result.decision is Decision.hold
    assert result.headline.startswith("HOLD THIS DOSE (and ")
    assert "missing" in result.headline


def test_label_withhold_and_protocol_absolute_most_cautious_wins_both_shown(
    catalog: Catalog, protocols: dict[str, ProtocolFile]
) -> None:
    result = evaluate(quiet_inputs(catalog, rhythm=Rhythm.af), protocols["dutcher-2014"], ask_everything=True)
    assert result.decision is Decision.stop
    by_source = {(r.source, r.action) for r in result.rules}
    assert (RuleSource.label, RuleAction.withhold) in by_source
    assert (RuleSource.protocol, RuleAction.stop) in by_source
    assert result.rules[0].action is RuleAction.stop  # most cautious first
    assert all(r.cites for r in result.rules)


@pytest.mark.parametrize(
    ("findings", "expected"),
    [
        ({"rhythm-uncontrolled": True}, "label:cv-discontinue-uncontrolled-arrhythmia"),
        ({"chest-pain": True}, "label:cv-discontinue-ischemia-angina"),
        ({"tamponade": True}, "label:cv-discontinue-tamponade"),
        ({"intubation-72h": True}, "label:resp-discontinue-intubation-72h"),
        ({"coma-psychosis-48h": True}, "label:neuro-discontinue-coma-psychosis-48h"),
        ({"seizures": True}, "label:neuro-discontinue-seizures"),
        ({"bowel-ischaemia-perforation": True}, "label:gi-discontinue-bowel-ischemia-perforation"),
        ({"gi-bleed-surgery": True}, "label:gi-discontinue-bleeding-surgery"),
    ],
)
def test_label_permanent_discontinue_rows_stop_under_every_protocol(
    catalog: Catalog, protocols: dict[str, ProtocolFile], findings: dict[str, bool], expected: str
) -> None:
    for protocol in protocols.values():
        result = evaluate(quiet_inputs(catalog, findings=findings), protocol, ask_everything=True)
        assert result.decision is Decision.stop, protocol.id
        assert expected in {r.id for r in result.rules}


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"values": {"spo2": 88}}, "label:resp-withhold-spo2-below-90"),
        ({"rhythm": Rhythm.svt}, "label:cv-withhold-svt"),
        ({"rhythm": Rhythm.af}, "label:cv-withhold-atrial-fibrillation"),
        ({"rhythm": Rhythm.brady}, "label:cv-withhold-bradycardia"),
        ({"findings": {"fit-fobt-positive": True}}, "label:gi-withhold-fit-fobt"),
        ({"findings": {"vivid-dreams": True}}, "label:neuro-withhold-mental-status"),
        ({"findings": {"lethargy-somnolence": True}}, "label:old-cns-withhold-lethargy"),
    ],
)
def test_label_withhold_rows_are_withhold_not_call(
    catalog: Catalog, protocols: dict[str, ProtocolFile], changes: dict[str, object], expected: str
) -> None:
    result = evaluate(quiet_inputs(catalog, **changes), protocols["til-2024"], ask_everything=True)
    fired = {r.id: r for r in result.rules}
    assert fired[expected].action is RuleAction.withhold
    assert result.decision is Decision.hold


def test_springerplus_three_relative_criteria_stop(catalog: Catalog, protocols: dict[str, ProtocolFile]) -> None:
    two = quiet_inputs(catalog, values={"hr": 125, "creatinine": Decimal("2.6")})
    three = quiet_inputs(catalog, values={"hr": 125, "creatinine": Decimal("2.6"), "platelets": 40})
    assert evaluate(two, protocols["springerplus-2015"], ask_everything=True).decision is Decision.hold
    result = evaluate(three, protocols["springerplus-2015"], ask_everything=True)
    assert result.decision is Decision.stop
    assert result.relative_criteria_met == 3
    counting = [r for r in result.rules if r.counting]
    assert counting
    assert counting[0].value == "3 relative criteria met at this dose"
    # Dutcher has no counting rule: the same three values hold the dose.
    assert evaluate(three, protocols["dutcher-2014"], ask_everything=True).decision is Decision.hold


def test_springerplus_third_held_dose_stops(catalog: Catalog, protocols: dict[str, ProtocolFile]) -> None:
    spr = protocols["springerplus-2015"]
    held_two_quiet = quiet_inputs(catalog, values={"doses-held": 2})
    assert evaluate(held_two_quiet, spr, ask_everything=True).decision is Decision.no_hold_found
    held_two_hold = quiet_inputs(catalog, values={"doses-held": 2, "creatinine": Decimal("2.6")})
    result = evaluate(held_two_hold, spr, ask_everything=True)
    assert result.decision is Decision.stop
    fired = {r.id: r for r in result.rules}
    assert "springerplus-2015:count-held" in fired
    assert "this one" in fired["springerplus-2015:count-held"].value
    assert evaluate(quiet_inputs(catalog, values={"doses-held": 3}), spr, ask_everything=True).decision is Decision.stop


def test_heart_rate_band_is_for_sinus_rhythm_in_dutcher(catalog: Catalog, protocols: dict[str, ProtocolFile]) -> None:
    af = evaluate(quiet_inputs(catalog, values={"hr": 110}, rhythm=Rhythm.af), protocols["dutcher-2014"])
    assert "dutcher-2014:hr-relative" not in {r.id for r in af.rules}
    sinus = evaluate(quiet_inputs(catalog, values={"hr": 110}), protocols["dutcher-2014"])
    assert "dutcher-2014:hr-relative" in {r.id for r in sinus.rules}


def test_a_sub_finding_counts_as_yes_to_its_gate(catalog: Catalog, protocols: dict[str, ProtocolFile]) -> None:
    result = evaluate(quiet_inputs(catalog, findings={"hallucinations": True}), protocols["springerplus-2015"])
    assert "springerplus-2015:mental-status" in {r.id for r in result.rules}


def test_a_running_pressor_counts_as_needing_pressors(catalog: Catalog, protocols: dict[str, ProtocolFile]) -> None:
    result = evaluate(
        quiet_inputs(catalog, values={"phenylephrine-now": Decimal("0.3")}), protocols["springerplus-2015"]
    )
    assert "springerplus-2015:pressors" in {r.id for r in result.rules}


def test_pressor_yes_asks_for_the_phenylephrine_rates(catalog: Catalog, protocols: dict[str, ProtocolFile]) -> None:
    values = {k: v for k, v in QUIET_VALUES.items() if not k.startswith("phenylephrine")}
    inputs = quiet_inputs(catalog, findings={"pressor": True})
    inputs = DoseInputs(values, inputs.rhythm, inputs.findings)
    result = evaluate(inputs, protocols["dutcher-2014"], ask_everything=True)
    assert {"phenylephrine-max", "phenylephrine-now"} <= {m.id for m in result.missing}


def test_weight_gain_comes_from_the_admission_weight(catalog: Catalog, protocols: dict[str, ProtocolFile]) -> None:
    inputs = quiet_inputs(catalog, values={"admission-weight-kg": 70, "weight-kg": 81})
    result = evaluate(inputs, protocols["dutcher-2014"], ask_everything=True)
    assert result.readings["weight-gain-pct"].value == Decimal("15.7")
    fired = {r.id: r for r in result.rules}
    assert fired["dutcher-2014:weight-gain"].value == "15.7 %"
    assert "81 kg today and 70 kg on admission" in fired["dutcher-2014:weight-gain"].origin


def test_labs_come_from_the_newest_draw_with_its_time(catalog: Catalog, protocols: dict[str, ProtocolFile]) -> None:
    now = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)
    values = {k: v for k, v in QUIET_VALUES.items() if k not in ("creatinine", "platelets", "bicarbonate", "bilirubin")}
    labs = {"platelets": 140, "bicarbonate": 24, "bilirubin": Decimal("0.9")}
    draws = (
        LabDraw(now - dt.timedelta(hours=30), {"creatinine": Decimal("3.4"), **labs}),
        LabDraw(now - dt.timedelta(hours=6), {"creatinine": Decimal("2.7")}),
    )
    base = quiet_inputs(catalog)
    inputs = DoseInputs(values, base.rhythm, base.findings, draws, assessed_at=now)
    result = evaluate(inputs, protocols["dutcher-2014"], ask_everything=True)
    assert result.decision is Decision.hold
    rule = next(r for r in result.rules if r.id == "dutcher-2014:creatinine-relative")
    assert rule.value == "2.7 mg/dL"
    assert "(6 h ago)" in rule.origin
    assert "30 h ago" in result.readings["platelets"].origin


def test_til_urine_per_kg_uses_the_admission_weight(catalog: Catalog, protocols: dict[str, ProtocolFile]) -> None:
    low = quiet_inputs(catalog, values={"urine-ml-8h": 300, "admission-weight-kg": 80})  # 3.75 mL/kg
    result = evaluate(low, protocols["til-2024"], ask_everything=True)
    assert result.decision is Decision.hold
    fired = {r.id: r for r in result.rules}
    assert "til-2024:urine-per-kg" in fired
    assert fired["til-2024:urine-per-kg"].value == "3.75 mL/kg per 8 h"


def test_a_value_outside_the_physical_range_is_refused(protocols: dict[str, ProtocolFile]) -> None:
    with pytest.raises(InputError, match="outside"):
        evaluate(DoseInputs(values={"sbp": 900}), protocols["dutcher-2014"])
    with pytest.raises(InputError, match="whole number"):
        evaluate(DoseInputs(values={"doses-held": Decimal("1.5")}), protocols["dutcher-2014"])


def test_the_result_is_json_able(catalog: Catalog, protocols: dict[str, ProtocolFile]) -> None:
    import json

    result = evaluate(quiet_inputs(catalog, values={"sbp": 85}), protocols["dutcher-2014"], ask_everything=True)
    data = json.loads(json.dumps(result.as_json()))
    assert data["decision"] == "hold"
    assert data["rules"][0]["value"] == "85 mmHg"
    assert data["dose_number"] == 4
    assert data["doses_held"] == 0


@pytest.mark.parametrize(
    ("input_id", "typed", "rule_id"),
    [
        ("sbp", "89.9", "label:cv-withhold-sbp-below-90"),
        ("sbp", "90", None),
        ("spo2", "89,9", "label:resp-withhold-spo2-below-90"),
        ("creatinine", "2.4", None),
        ("creatinine", "2.5", "dutcher-2014:creatinine-relative"),
        ("creatinine", "2.9", "dutcher-2014:creatinine-relative"),
        ("creatinine", "3.0", "dutcher-2014:creatinine-absolute"),
    ],
)
def test_a_typed_tenth_lands_on_the_side_of_the_boundary_the_rule_says(
    catalog: Catalog, protocols: dict[str, ProtocolFile], input_id: str, typed: str, rule_id: str | None
) -> None:
    number = parse_value(typed).number  # the one place the nurse's text becomes a number
    assert isinstance(number, Decimal)
    result = evaluate(quiet_inputs(catalog, values={input_id: number}), protocols["dutcher-2014"], ask_everything=True)
    met = {r.id: r for r in result.rules}
    assert list(met) == ([rule_id] if rule_id else [])
    if rule_id:
        # Shown with the digits typed (no float noise; a trailing zero dropped, as 3.0 mg can be misread as 30 mg).
        shown = typed.replace(",", ".")
        assert met[rule_id].value.split()[0] == (shown.rstrip("0").rstrip(".") if "." in shown else shown)


def test_bounds_compare_as_decimals_not_floats() -> None:
    # 0.1 + 0.2 is exactly 0.3 as decimals; as floats it is 0.30000000000000004, above "at most 0.3".
    at_most = Condition(input="creatinine", at_most=Decimal("0.3"))
    below = Condition(input="creatinine", below=Decimal("0.3"))
    total = Decimal("0.1") + Decimal("0.2")
    assert at_most.contains(total)
    assert not below.contains(total)
    assert at_most.describe() == "0.3 or less mg/dL"
