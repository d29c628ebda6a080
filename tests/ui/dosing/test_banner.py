"""The dose banner follows the theme: at every level its words keep 4.5:1 on its background."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from handbook.dose_workflow import Level, Message
from handbook.themes import THEMES, contrast_ratio, tone_colours
from tests.ui.banner_pixels import NON_TEXT, TEXT, Holder, measure, use_theme
from ui.dosing.banner import TONES, Banner

SYMBOLS = {Level.info: "", Level.ok: "✔", Level.warn: "⚠", Level.alert: "✖"}


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("level", list(Level))
def test_every_level_is_readable_in_every_theme(
    banner_holder: Holder, qapp: QApplication, qtbot: QtBot, theme: str, level: Level
) -> None:
    use_theme(qapp, theme)
    holder = banner_holder
    banner = Banner("Dose", 1.45, holder)
    holder.column.addWidget(banner)
    holder.show()
    qtbot.waitExposed(holder)
    banner.show_message(Message(level, SYMBOLS[level], "Dose for 70 kg", ("Check the weight",)), ["42 million units"])
    qtbot.wait(1)
    window, background, border, (words,) = measure(holder, banner, [banner.body])
    want_border, want_background, _text = tone_colours(theme, TONES[level])
    assert background == want_background, f"{theme}/{level}: the banner is not in the theme's colours"
    assert contrast_ratio(words, background) >= TEXT, f"{theme}/{level}: words {words} on {background}"
    assert contrast_ratio(border, window) >= NON_TEXT, f"{theme}/{level}: border {border} on {window}"
    assert border == want_border
