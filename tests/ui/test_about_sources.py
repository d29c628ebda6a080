"""The About box shows the sources a nurse can look up, not the content editors' working notes."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from ui.main_window import MainWindow


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")  # offscreen dialogs
def test_about_shows_sources_without_editing_notes(window: MainWindow, qtbot: QtBot) -> None:
    dialog = window.show_about()
    qtbot.waitExposed(dialog)
    text = dialog.browser.toPlainText()
    notes = [s.note for s in window.sources.values() if getattr(s, "note", "")]
    assert notes, "the content has editing notes to keep out of the About box"
    for source in window.sources.values():
        assert source.title in text
    assert "not retrieved" not in text
    assert "[S" not in text
    assert not [note for note in notes if note in text]
    dialog.close()
