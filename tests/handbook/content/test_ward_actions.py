"""The ward action levels of the side effects (give-hold design §5) are sourced content that means something."""

from __future__ import annotations

from pathlib import Path

import pytest

from handbook.content.loader import ContentError, load_content
from handbook.content.schema import Monograph, WardLevel
from handbook.givehold import all_protocols

MONOGRAPH: Monograph = load_content().monographs[0]
EFFECTS = {effect.id: effect for effect in MONOGRAPH.side_effects}


def test_at_most_a_quarter_of_the_effects_carry_the_most_urgent_level() -> None:
    urgent = [e.id for e in MONOGRAPH.side_effects if e.ward.level is WardLevel.hold_rule]
    assert 0 < len(urgent) * 4 <= len(MONOGRAPH.side_effects), urgent
    assert {"hypotension", "fast-or-irregular-heartbeat", "confusion", "shortness-of-breath"} <= set(urgent)
    assert {"chest-pain", "bleeding", "decreased-urination"} <= set(urgent)  # the design's examples


def test_every_level_is_used_and_the_issues_examples_sit_where_the_design_puts_them() -> None:
    assert {e.ward.level for e in MONOGRAPH.side_effects} == set(WardLevel)
    assert EFFECTS["loss-of-taste"].ward.level is WardLevel.teach_and_reassure
    assert EFFECTS["coldness"].ward.level is WardLevel.teach_and_reassure
    assert EFFECTS["rapid-breathing"].ward.level is WardLevel.call_prescriber  # an order-set notify threshold
    for expected in ("fever-or-chills", "nausea", "diarrhea", "mouth-and-lip-sores", "rash-itching-peeling"):
        effect = EFFECTS[expected]
        assert effect.ward.level is WardLevel.treat_and_record, expected
        assert effect.ward.supportive_care, f"{expected} names the supportive care it needs"


def test_the_consumer_pages_words_stay_as_the_patients_line() -> None:
    """The consumer page's "tell at once" advice is kept (33 rows, as before), apart from the ward's level."""
    call_now = [e for e in MONOGRAPH.side_effects if e.urgency.value == "call_now"]
    assert len(call_now) == 33
    assert {e.ward.level for e in call_now} == set(WardLevel)  # the ward's answer differs from the home advice


def test_every_protocol_link_names_a_shipped_protocol_and_one_of_its_criteria() -> None:
    protocols = {p.id: {c.id for c in p.criteria} for p in all_protocols()}
    assert {"dutcher-2014", "springerplus-2015", "til-2024"} <= set(protocols)
    linked = 0
    for effect in MONOGRAPH.side_effects:
        for protocol, criteria in effect.ward.protocol_criteria.items():
            assert protocol in protocols, f"{effect.id}: unknown protocol {protocol}"
            for criterion in criteria:
                assert criterion in protocols[protocol], f"{effect.id}: {protocol} has no criterion {criterion}"
                linked += 1
    assert linked > 50
    assert EFFECTS["hypotension"].ward.protocol_criteria["springerplus-2015"] == ["pressors"]
    assert EFFECTS["hypotension"].ward.protocol_criteria["til-2024"] == ["fluid-refractory-hypotension"]


def test_every_stop_hold_effect_meets_a_label_rule_or_a_criterion_of_some_protocol() -> None:
    for effect in MONOGRAPH.side_effects:
        if effect.ward.level is WardLevel.hold_rule:
            assert effect.ward.label_rules or any(effect.ward.protocol_criteria.values()), effect.id


def test_the_loader_refuses_a_red_that_marks_everything(content_copy: Path) -> None:
    path = content_copy / "drugs" / "proleukin.yaml"
    text = path.read_text(encoding="utf-8")
    for level in ("teach_and_reassure", "treat_and_record", "call_prescriber"):
        text = text.replace(
            f"      level: {level}\n", "      level: hold_rule\n      label_rules: [gi-withhold-fit-fobt]\n"
        )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError, match="at most a quarter"):
        load_content(content_copy)


def test_a_ward_action_must_link_what_it_names(content_copy: Path) -> None:
    path = content_copy / "drugs" / "proleukin.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "label_rules: [cv-withhold-sbp-below-90]", "label_rules: [no-such-rule]", 1
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError, match="unknown label rule 'no-such-rule'"):
        load_content(content_copy)
