"""The give/hold result banner follows the theme: every verdict's words keep 4.5:1 on its background."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from handbook.givehold.evaluator import Result
from handbook.givehold.wording import Decision
from handbook.themes import THEMES, contrast_ratio, tone_colours
from tests.ui.banner_pixels import NON_TEXT, TEXT, Holder, measure, use_theme
from ui.givehold.result_banner import TONES, GiveHoldBanner


def result(decision: Decision) -> Result:
    return Result(
        decision=decision,
        protocol_id="test",
        protocol_name="Test protocol (ward)",
        protocol_title="Test protocol",
        rules=(),
        missing=(),
        skipped=(),
        not_loaded=(),
        checked_label_rows=("Blood pressure",),
        relative_criteria_met=0,
        doses_held=None,
        dose_number=3,
    )


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("decision", list(Decision))
def test_every_verdict_is_readable_in_every_theme(
    banner_holder: Holder, qapp: QApplication, qtbot: QtBot, theme: str, decision: Decision
) -> None:
    use_theme(qapp, theme)
    holder = banner_holder
    banner = GiveHoldBanner(holder)
    holder.column.addWidget(banner)
    holder.show()
    qtbot.waitExposed(holder)
    banner.show_result(result(decision))
    qtbot.wait(1)
    window, background, border, (headline, details) = measure(holder, banner, [banner.headline, banner.details])
    want_border, want_background, _text = tone_colours(theme, TONES[decision])
    assert background == want_background, f"{theme}/{decision}: the banner is not in the theme's colours"
    assert contrast_ratio(headline, background) >= TEXT, f"{theme}/{decision}: headline {headline} on {background}"
    assert contrast_ratio(details, background) >= TEXT, f"{theme}/{decision}: details {details} on {background}"
    assert contrast_ratio(border, window) >= NON_TEXT, f"{theme}/{decision}: border {border} on {window}"
    assert border == want_border
