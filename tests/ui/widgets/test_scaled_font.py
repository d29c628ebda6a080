"""Headings keep their size relative to the text at every zoom, also under the application style sheet."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QFrame, QLabel
from pytestqt.qtbot import QtBot

from ui import theme as themes
from ui.givehold.result_banner import GiveHoldBanner
from ui.widgets.scaled_font import scale_font


@pytest.fixture
def zoomed_back(qapp: QApplication) -> object:
    themes.apply(qapp, "light")
    yield qapp
    themes.apply_zoom(qapp, 100)


@pytest.mark.parametrize("zoom", [150, 200])
def test_a_scaled_heading_follows_the_zoom(zoomed_back: QApplication, qtbot: QtBot, zoom: int) -> None:
    frame = QFrame()
    qtbot.addWidget(frame)
    heading = QLabel("Protocol", frame)
    scale_font(heading, 1.35, bold=True)
    frame.show()
    themes.apply_zoom(zoomed_back, zoom)
    qtbot.wait(1)
    assert heading.font().pointSizeF() == pytest.approx(frame.font().pointSizeF() * 1.35, abs=0.05)
    assert heading.font().bold()


def test_the_give_hold_verdict_stays_larger_than_its_details_at_200_percent(
    zoomed_back: QApplication, qtbot: QtBot
) -> None:
    banner = GiveHoldBanner()
    qtbot.addWidget(banner)
    banner.show()
    themes.apply_zoom(zoomed_back, 200)
    qtbot.wait(1)
    assert banner.headline.font().pointSizeF() > 1.3 * banner.details.font().pointSizeF()
