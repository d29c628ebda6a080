"""A read-only HTML view of content in which every statement's source is one hover or click away."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QCursor, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QToolTip, QWidget

from handbook.links import OPEN_LINK_SCHEME, cited_source_ids, source_ids_in_href


def open_target_of(url: QUrl | str) -> tuple[str, str] | None:
    """(tab, anchor) of a link to another place in the handbook ("open:warnings/rule:x"), or None."""
    text = url.toString() if isinstance(url, QUrl) else url
    prefix = f"{OPEN_LINK_SCHEME}:"
    if not text.startswith(prefix):
        return None
    tab, _, anchor = text[len(prefix) :].partition("/")
    return (tab, anchor) if tab and anchor else None


def source_ids_of(url: QUrl | str) -> list[str]:
    return source_ids_in_href(url.toString() if isinstance(url, QUrl) else url)


class ContentBrowser(QTextBrowser):
    """Emits ``source_requested`` with source ids when a citation is clicked, and ``open_requested`` with
    (tab, anchor) when a link to another place in the handbook is clicked."""

    source_requested = Signal(list)
    open_requested = Signal(str, str)

    def __init__(self, describe_sources: Callable[[list[str]], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._describe = describe_sources
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        # Citations are not Tab stops: a page has dozens, and Tab should move on to the next control.
        # The same sources are listed in Help › About (Alt+H, A); the mouse still hovers and clicks them.
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
            | Qt.TextInteractionFlag.LinksAccessibleByMouse
        )
        self.setTabChangesFocus(True)
        self.anchorClicked.connect(self._on_anchor_clicked)
        self.highlighted.connect(self._on_highlighted)

    def set_content(self, html: str, css: str) -> None:
        self.document().setDefaultStyleSheet(css)
        self.setHtml(html)

    def show_anchor(self, anchor: str, highlight: str = "") -> bool:
        """Scroll to ``anchor`` (or its nearest enclosing anchor) and select ``highlight`` after it.

        Returns False when neither the anchor nor the highlighted words could be found.
        """
        found = self.resolve_anchor(anchor) if anchor else None
        start = 0
        if found is not None:
            self.scrollToAnchor(found)
            start = self.anchor_position(found) or 0
        if highlight:
            cursor = self.document().find(highlight, start, QTextDocument.FindFlag(0))
            if cursor.isNull() and start:
                cursor = self.document().find(highlight, 0, QTextDocument.FindFlag(0))
            if not cursor.isNull():
                self.setTextCursor(cursor)
                self.ensureCursorVisible()
                return True
        return found is not None

    def resolve_anchor(self, anchor: str) -> str | None:
        """``anchor`` if the page has it, else the nearest shorter one it has.

        "section:preparation.steps.storage" falls back to "section:preparation.steps", and
        "checklist:a:b" to "checklist:a", so a search hit still lands in the right place.
        """
        names = self.anchor_names()
        candidate = anchor
        while candidate:
            if candidate in names:
                return candidate
            cut = max(candidate.rfind("."), candidate.rfind(":"))
            if cut <= candidate.find(":"):
                return None
            candidate = candidate[:cut]
        return None

    def cited_source_ids(self) -> list[str]:
        """Every source the page cites, in the order first cited (the "Sources of this view" list)."""
        return cited_source_ids(self._hrefs())

    def _hrefs(self) -> list[str]:
        hrefs = []
        block = self.document().begin()
        while block.isValid():
            iterator = block.begin()
            while not iterator.atEnd():
                fragment = iterator.fragment()
                if fragment.isValid() and fragment.charFormat().isAnchor():
                    hrefs.append(fragment.charFormat().anchorHref())
                iterator += 1
            block = block.next()
        return hrefs

    def anchor_names(self) -> set[str]:
        return set(self._anchors())

    def anchor_position(self, anchor: str) -> int | None:
        return self._anchors().get(anchor)

    def _anchors(self) -> dict[str, int]:
        """Every named anchor in the page and where it starts (the first one wins)."""
        found: dict[str, int] = {}
        block = self.document().begin()
        while block.isValid():
            iterator = block.begin()
            while not iterator.atEnd():
                fragment = iterator.fragment()
                if fragment.isValid():
                    for name in fragment.charFormat().anchorNames():
                        found.setdefault(name, fragment.position())
                iterator += 1
            block = block.next()
        return found

    def _on_anchor_clicked(self, url: QUrl) -> None:
        ids = source_ids_of(url)
        target = open_target_of(url)
        if ids:
            self.source_requested.emit(ids)
        elif target is not None:
            self.open_requested.emit(*target)
        elif url.hasFragment() and not url.scheme() and not url.path():
            self.scrollToAnchor(url.fragment())  # a jump list link within the page

    def _on_highlighted(self, url: QUrl) -> None:
        ids = source_ids_of(url)
        if ids:
            QToolTip.showText(QCursor.pos(), self._describe(ids), self)
        else:
            QToolTip.hideText()
