"""The words of a give/hold result, in ONE place: the window, the printed page and the command line use these.

Headlines are in capitals so they cannot be misread at 3 a.m.; none of them is "may give": the best a check can
say is that no hold criterion was found, which is not an order.
"""

from __future__ import annotations

from enum import StrEnum


class Decision(StrEnum):
    incomplete = "incomplete"
    no_hold_found = "no_hold_found"
    call = "call"
    hold = "hold"
    stop = "stop"


# Higher is more cautious: when rules disagree the most cautious one decides.
SEVERITY: dict[Decision, int] = {
    Decision.no_hold_found: 0,
    Decision.incomplete: 1,
    Decision.call: 2,
    Decision.hold: 3,
    Decision.stop: 4,
}

HEADLINES: dict[Decision, str] = {
    Decision.incomplete: "INCOMPLETE",
    Decision.no_hold_found: "NO HOLD CRITERION FOUND",
    Decision.call: "CALL THE PRESCRIBER",
    Decision.hold: "HOLD THIS DOSE",
    Decision.stop: "STOP",
}

# Marks beside the words, never instead of them (DejaVu Sans draws each, so screen and paper match).
ICONS: dict[Decision, str] = {
    Decision.incomplete: "?",
    Decision.no_hold_found: "○",
    Decision.call: "☎",
    Decision.hold: "⚠",
    Decision.stop: "✖",
}

MEANINGS: dict[Decision, str] = {
    Decision.incomplete: "Enter the missing values: there is no result until every required value is in.",
    Decision.no_hold_found: (
        "Every required value is in and no label rule or protocol criterion below is met. This is not an order "
        "to give: the prescriber's order and your judgement decide."
    ),
    Decision.call: "Call the prescriber before this dose.",
    Decision.hold: (
        "Do not give this dose. Correct the cause, tell the prescriber, and reassess at the next scheduled time."
    ),
    Decision.stop: "Do not give. Stop IL-2 and call the prescriber now.",
}


class RuleSource(StrEnum):
    label = "label"
    protocol = "protocol"


class RuleAction(StrEnum):
    withhold = "withhold"  # label: withhold until ...
    hold = "hold"  # protocol relative criterion
    stop = "stop"  # label permanent discontinue, protocol absolute criterion or counting rule
    call = "call"  # order-set notify threshold


ACTION_DECISION: dict[RuleAction, Decision] = {
    RuleAction.withhold: Decision.hold,
    RuleAction.hold: Decision.hold,
    RuleAction.stop: Decision.stop,
    RuleAction.call: Decision.call,
}

# How the label's own actions read (the Warnings tab's rule table uses these too).
LABEL_ACTION_WORDS: dict[str, str] = {
    "withhold": "Withhold",
    "discontinue": "Permanently discontinue",
}

# How published-practice levels read in the comparison table of the Warnings tab.
PRACTICE_LEVEL_WORDS: dict[str, str] = {
    "hold": "Hold dose (relative)",
    "stop": "Stop IL-2 (absolute)",
    "notify": "Notify prescriber",
}


def rule_tag(source: RuleSource, action: RuleAction, counting: bool = False) -> str:
    """The few words in front of a fired rule: whose rule it is and what it says to do."""
    if source is RuleSource.label:
        return "Label: permanently discontinue" if action is RuleAction.stop else "Label: withhold"
    if counting:
        return "Protocol counting rule: stop"
    return {
        RuleAction.hold: "Protocol: relative criterion, hold",
        RuleAction.stop: "Protocol: absolute criterion, stop",
        RuleAction.call: "Protocol orders: call the prescriber",
        RuleAction.withhold: "Protocol: hold",
    }[action]


def short_tag(source: RuleSource, action: RuleAction, counting: bool = False) -> str:
    """The tag in a compact list (the printed page): "Label withhold", "Protocol stop"..."""
    if source is RuleSource.label:
        return "Label stop" if action is RuleAction.stop else "Label withhold"
    if counting:
        return "Protocol count: stop"
    return {RuleAction.hold: "Protocol hold", RuleAction.stop: "Protocol stop", RuleAction.call: "Call"}.get(
        action, "Protocol hold"
    )


# The key printed on the blank form: the same mapping the app applies, so the paper stands alone.
RESULT_KEY: tuple[tuple[str, str], ...] = (
    ("label discontinue, protocol absolute or counting rule", HEADLINES[Decision.stop]),
    ("label withhold or protocol relative", HEADLINES[Decision.hold]),
    ("call threshold only", HEADLINES[Decision.call]),
    ("anything missing, nothing met", HEADLINES[Decision.incomplete]),
    ("all entered, nothing met (not an order)", HEADLINES[Decision.no_hold_found]),
)
MOST_CAUTIOUS = "The most cautious result wins; list every rule met with its source."

PER_8_HOURS = "Volumes are per 8 hours (the dosing interval): a protocol's “per shift” is read as per 8 hours."
HR_AFTER_CORRECTION = (
    "Heart rate: the rate at the time of the dose after fever and low blood pressure are corrected "
    "(and dopamine stopped)."
)
NOT_LOADED_LEAD = "Not in this handbook: the label's"
NOT_LOADED_TAIL = "rows. Check them in the full prescribing information."


def headline(decision: Decision, missing: int) -> str:
    """The banner's first line, e.g. "INCOMPLETE (3 values missing)" or "HOLD THIS DOSE"."""
    count = f"{missing} value{'s' if missing != 1 else ''} missing"
    if decision is Decision.incomplete:
        return f"{HEADLINES[decision]} ({count})"
    if missing and decision is not Decision.no_hold_found:
        return f"{HEADLINES[decision]} (and {count})"
    return HEADLINES[decision]


def not_loaded_sentence(rows: tuple[str, ...] | list[str]) -> str:
    names = [r.lower() for r in rows]
    listed = ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else "".join(names)
    return f"{NOT_LOADED_LEAD} {listed} {NOT_LOADED_TAIL}"
