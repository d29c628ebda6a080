"""Words shown to nurses for the content's codes, in one place for screen and paper."""

from __future__ import annotations

from handbook.givehold.wording import LABEL_ACTION_WORDS, PRACTICE_LEVEL_WORDS

FREQUENCY_LABELS = {
    "more_common": "More common",
    "less_common": "Less common",
    "rare": "Rare",
    "label_table": "Label table (10% or more)",
    "not_stated": "Not stated",
}

URGENCY_LABELS = {
    "call_now": "Tell the provider at once",
    "tell_if_persists": "Tell if it lasts or bothers",
    "found_on_monitoring": "Found on monitoring",
    "not_listed": "Not on the consumer page's lists",
}

# The ward's action levels (give-hold design §5), most urgent first; the order is the default sort.
WARD_LEVELS = ("hold_rule", "call_prescriber", "treat_and_record", "teach_and_reassure")
WARD_LEVEL_LABELS = {
    "hold_rule": "Stop/hold rule: open the give/hold check",
    "call_prescriber": "Call the prescriber now",
    "treat_and_record": "Treat per orders and record",
    "teach_and_reassure": "Teach and reassure",
}
WARD_LEVEL_SHORT = {
    "hold_rule": "Stop/hold rule",
    "call_prescriber": "Call prescriber now",
    "treat_and_record": "Treat and record",
    "teach_and_reassure": "Teach, reassure",
}

# The consumer page's advice, kept as the line for the patient (it is advice for someone at home).
PATIENT_LINES = {
    "call_now": "Tell a doctor or nurse straight away",
    "tell_if_persists": "Tell the care team if it lasts or is bothersome",
}

# The label's actions and published levels read the same everywhere: their words live with the give/hold wording.
ACTION_LABELS = LABEL_ACTION_WORDS
LEVEL_LABELS = PRACTICE_LEVEL_WORDS

NUMBER_LABELS = {
    "dose_iu_per_kg": "Dose per kg",
    "dose_mg_per_kg": "Dose per kg (mg)",
    "interval_hours": "Interval",
    "infusion_minutes": "Infusion time",
    "max_doses_per_course": "Most doses per course",
    "vial_content_iu": "Vial content",
    "vial_content_mg": "Vial content (mg)",
    "reconstitution_volume_ml": "Reconstitute with",
    "reconstituted_concentration_iu_per_ml": "Concentration after reconstitution",
    "reconstituted_concentration_mg_per_ml": "Concentration after reconstitution (mg)",
    "bag_volume_ml": "Fixed bag volume (older-label practice)",
    "dilution_band_small_max_million_iu": "Small-dose band: dose up to",
    "dilution_band_small_volume_ml": "Small-dose band: D5W volume",
    "dilution_band_medium_max_million_iu": "Middle band: dose up to",
    "dilution_band_medium_volume_ml": "Middle band: D5W volume",
    "dilution_band_large_volume_ml": "Above the middle band: D5W volume",
    "final_concentration_min_mcg_per_ml": "Lowest final concentration",
    "final_concentration_max_mcg_per_ml": "Highest final concentration",
}


def template_labels() -> dict[str, dict[str, str]]:
    return {
        "frequency_labels": FREQUENCY_LABELS,
        "urgency_labels": URGENCY_LABELS,
        "action_labels": ACTION_LABELS,
        "level_labels": LEVEL_LABELS,
        "number_labels": NUMBER_LABELS,
        "ward_level_labels": WARD_LEVEL_LABELS,
    }
