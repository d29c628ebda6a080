"""Tick boxes and inputs stand out in every theme: WCAG 2.2 non-text contrast (3:1), measured on pixels."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QCheckBox, QLineEdit, QStyle, QStyleOptionButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from handbook.themes import THEMES, colours, contrast_ratio
from ui import theme as themes

NON_TEXT = 3.0  # WCAG 2.2, 1.4.11 non-text contrast


def hex_at(image: QImage, x: int, y: int) -> str:
    return image.pixelColor(x, y).name()


def strongest_edge(image: QImage, y: int, x_from: int, x_to: int, against: str) -> float:
    """The highest contrast against ``against`` along one pixel row: where the border is drawn."""
    return max(contrast_ratio(hex_at(image, x, y), against) for x in range(x_from, x_to))


class Form(QWidget):
    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        self.box = QCheckBox("Systolic BP below 90", self)
        self.edit = QLineEdit(self)
        layout.addWidget(self.box)
        layout.addWidget(self.edit)


@pytest.fixture(params=THEMES)
def themed(request: pytest.FixtureRequest, qapp: QApplication, qtbot: QtBot) -> Iterator[tuple[str, Form]]:
    theme = str(request.param)
    themes.apply(qapp, theme)
    qapp.setPalette(themes.palette_for(theme))
    form = Form()
    qtbot.addWidget(form)
    form.resize(300, 120)
    form.show()
    qtbot.waitExposed(form)
    yield theme, form
    themes.apply(qapp, "light")
    qapp.setPalette(themes.palette_for("light"))


def test_tick_box_border_stands_out(themed: tuple[str, Form]) -> None:
    theme, form = themed
    box = form.box
    image = form.grab().toImage()
    option = QStyleOptionButton()
    option.initFrom(box)
    indicator = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)
    indicator.translate(box.pos())
    background = hex_at(image, 2, 2)
    assert background == colours(theme)["window"]
    y = indicator.center().y()
    ratio = strongest_edge(image, y, indicator.left() - 2, indicator.left() + 4, background)
    assert ratio >= NON_TEXT, f"{theme}: tick box border {ratio:.2f}:1"


def test_line_edit_frame_stands_out(themed: tuple[str, Form]) -> None:
    theme, form = themed
    edit = form.edit
    image = form.grab().toImage()
    background = hex_at(image, 2, 2)
    inside = hex_at(image, edit.x() + edit.width() - 8, edit.y() + edit.height() // 2)
    y = edit.y() + edit.height() // 2
    outer = strongest_edge(image, y, edit.x() - 2, edit.x() + 4, background)
    inner = strongest_edge(image, y, edit.x() - 2, edit.x() + 4, inside)
    assert outer >= NON_TEXT, f"{theme}: line edit frame {outer:.2f}:1 against the window"
    assert inner >= NON_TEXT, f"{theme}: line edit frame {inner:.2f}:1 against its own field"


@pytest.mark.parametrize("theme", THEMES)
def test_placeholder_is_readable_but_never_looks_typed(theme: str) -> None:
    c = colours(theme)
    assert contrast_ratio(c["placeholder"], c["base"]) >= 4.5  # still readable
    assert contrast_ratio(c["placeholder"], c["text"]) >= 2.5  # but clearly not what a nurse typed


def test_contrast_ratio_matches_wcag_examples() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


class Typed(QWidget):
    """The same words twice: once as a placeholder, once as typed text."""

    WORDS = "e.g. 70 or 70,5"

    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        self.empty = QLineEdit(self)
        self.empty.setPlaceholderText(self.WORDS)
        self.typed = QLineEdit(self)
        self.typed.setPlaceholderText(self.WORDS)
        self.typed.setText(self.WORDS)
        for edit in (self.empty, self.typed):
            edit.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no text cursor among the pixels measured
            layout.addWidget(edit)


def text_colour(image: QImage, edit: QLineEdit, background: str) -> str:
    """The ink of the words in ``edit``: the pixel standing out most from the field inside its frame."""
    inner = edit.geometry().adjusted(4, 4, -4, -4)
    xs, ys = range(inner.left(), inner.right()), range(inner.top(), inner.bottom())
    pixels = {hex_at(image, x, y) for x in xs for y in ys}
    return max(pixels, key=lambda colour: contrast_ratio(colour, background))


@pytest.mark.parametrize("theme", THEMES)
def test_a_placeholder_is_drawn_unlike_typed_text(theme: str, qapp: QApplication, qtbot: QtBot) -> None:
    themes.apply(qapp, theme)
    qapp.setPalette(themes.palette_for(theme))
    try:
        form = Typed()
        qtbot.addWidget(form)
        form.resize(320, 110)
        form.show()
        qtbot.waitExposed(form)
        assert form.empty.font().italic()
        assert not form.typed.font().italic()
        image = form.grab().toImage()
        base = colours(theme)["base"]
        placeholder = text_colour(image, form.empty, base)
        typed = text_colour(image, form.typed, base)
        assert contrast_ratio(typed, base) >= 4.5, f"{theme}: typed text {typed} on {base}"
        assert contrast_ratio(placeholder, base) >= 4.5, f"{theme}: placeholder {placeholder} hard to read"
        # Different ink: a measurable step between the two colours, not only a different shape.
        assert contrast_ratio(placeholder, typed) >= 2.5, f"{theme}: placeholder {placeholder} ~ typed {typed}"
        form.empty.setText("70")  # typed into: drawn as typed text from then on
        assert not form.empty.font().italic()
        form.empty.clear()
        assert form.empty.font().italic()
    finally:
        themes.apply(qapp, "light")
        qapp.setPalette(themes.palette_for("light"))
