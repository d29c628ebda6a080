"""The main window: header, five tabs, menus and status bar. Signals are wired in one place."""

from __future__ import annotations

import html

from markupsafe import Markup
from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMessageBox, QTabWidget, QVBoxLayout, QWidget
from sqlalchemy import select

from handbook.db import content_models as m
from handbook.render import render
from handbook.themes import colours
from ui import theme as themes
from ui.about_dialog import AboutDialog, about_html
from ui.context import AppContext
from ui.printing import PageFrame, preview
from ui.tabs.base import ContentTab
from ui.tabs.dosing_tab import DosingTab
from ui.tabs.indications_tab import IndicationsTab
from ui.tabs.mechanism_tab import MechanismTab
from ui.tabs.side_effects_tab import SideEffectsTab
from ui.tabs.warnings_tab import WarningsTab
from ui.widgets.header import DrugHeader

TAB_CLASSES: tuple[type[ContentTab], ...] = (IndicationsTab, MechanismTab, DosingTab, SideEffectsTab, WarningsTab)


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.settings: QSettings = ctx.settings
        self.drug = ctx.drug
        self.sources = {s.id: s for s in ctx.session.scalars(select(m.Source).order_by(m.Source.position))}
        self.setWindowTitle(f"{self.drug.brand_name} ({self.drug.generic_name}) nursing handbook")
        self.setMinimumSize(820, 560)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        short = self.drug.boxed_warning_short
        self.header = DrugHeader(self.drug.brand_name, self.drug.generic_name, self.drug.boxed_warning_title,
                                 short.text, ", ".join(s.short_name for s in short.sources), central)
        layout.addWidget(self.header)
        self.tabs = QTabWidget(central)
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName("Handbook sections")
        self.pages: list[ContentTab] = []
        for cls in TAB_CLASSES:
            page = cls(self.drug, self.describe_sources, self.tabs)
            self.pages.append(page)
            self.tabs.addTab(page, page.title)
            if isinstance(page, WarningsTab):
                page.set_user_store(ctx.user)  # checklist progress is saved in the user database
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

        meta = ctx.content.meta()
        self.meta = meta
        self.version_label = QLabel(f"Content {meta.get('content_version', '?')} · "
                                    f"last reviewed {meta.get('last_reviewed', '?')}")
        self.version_label.setAccessibleName("Content version and review date")
        self.statusBar().addPermanentWidget(self.version_label)

        self._create_actions()
        self._create_menus()
        self._connect_signals()
        self.apply_theme(str(self.settings.value("view/theme", "system")))
        self._restore_state()

    # ---------------------------------------------------------------- construction

    def _create_actions(self) -> None:
        self.print_action = QAction("&Print current view…", self)
        self.print_action.setShortcut(QKeySequence.StandardKey.Print)
        self.quit_action = QAction("&Quit", self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.about_action = QAction("&About and sources", self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.help_action = QAction("&Help", self)
        self.help_action.setShortcut(QKeySequence.StandardKey.HelpContents)
        self.tab_actions: list[QAction] = []
        for index, page in enumerate(self.pages, start=1):
            action = QAction(page.title, self)
            action.setShortcut(QKeySequence(f"Ctrl+{index}"))
            action.setData(index - 1)
            self.tab_actions.append(action)

    def _create_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("&File")
        self.file_menu.addAction(self.print_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.view_menu = bar.addMenu("&View")
        for action in self.tab_actions:
            self.view_menu.addAction(action)
        self.help_menu = bar.addMenu("&Help")
        self.help_menu.addAction(self.help_action)
        self.help_menu.addAction(self.about_action)

    def _connect_signals(self) -> None:
        self.print_action.triggered.connect(self.print_current)
        self.quit_action.triggered.connect(self.close)
        self.about_action.triggered.connect(lambda: self.show_about())
        self.help_action.triggered.connect(self.show_help)
        for action in self.tab_actions:
            action.triggered.connect(lambda _checked=False, a=action: self.tabs.setCurrentIndex(int(a.data())))
        for page in self.pages:
            page.source_requested.connect(self.show_sources)
        self.header.boxed_warning_requested.connect(self.show_boxed_warning)
        self.tabs.currentChanged.connect(lambda index: self.settings.setValue("window/tab", index))

    def _restore_state(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1180, 820)
        try:
            index = int(self.settings.value("window/tab", 0))
        except (TypeError, ValueError):
            index = 0
        if 0 <= index < self.tabs.count():
            self.tabs.setCurrentIndex(index)

    # ---------------------------------------------------------------- behaviour

    def apply_theme(self, choice: str) -> None:
        resolved = themes.resolve(choice)
        app = QApplication.instance()
        css = themes.apply(app, resolved) if isinstance(app, QApplication) else ""
        palette = colours(resolved)
        self.header.apply_colours(palette)
        for page in self.pages:
            page.apply_theme(css, palette)
        self.css = css

    def describe_sources(self, ids: list[str]) -> str:
        lines = []
        for source_id in ids:
            source = self.sources.get(source_id)
            if source is not None:
                lines.append(f"<b>{html.escape(source.short_name)}</b> ({html.escape(source.kind_label)}): "
                             f"{html.escape(source.citation)}")
        return "<br>".join(lines) + "<br><i>Click for the full source list.</i>"

    def show_sources(self, ids: list[str]) -> None:
        dialog = self.show_about()
        if ids:
            dialog.show_source(ids[0])

    def show_about(self) -> AboutDialog:
        html_text = about_html(list(self.sources.values()), self.meta)
        dialog = AboutDialog(html_text, self.css, self.describe_sources, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def show_help(self) -> None:
        QMessageBox.information(
            self, "Help",
            "Tabs: Ctrl+1 to Ctrl+5. Print the current view: Ctrl+P.\n"
            "Every statement ends with its source in brackets: hover to see it, click for the full list.\n"
            "Help › About lists all sources and the clinical disclaimer.")

    def show_boxed_warning(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.pages[0].show_anchor("section:boxed_warning")

    def current_page(self) -> ContentTab:
        return self.pages[self.tabs.currentIndex()]

    def print_current(self) -> None:
        page = self.current_page()
        body = render("print/view.html.j2", title=page.title, body=Markup(page.print_html()),
                      content_version=self.meta.get("content_version", ""),
                      last_reviewed=self.meta.get("last_reviewed", ""))
        dialog = preview(self, body, PageFrame(page.title, self.meta.get("content_version", "")))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.sync()
        super().closeEvent(event)
