"""The main window: header, five tabs, menus and status bar. Signals are wired in one place."""

from __future__ import annotations

import html
import importlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QLabel,
    QLayout,
    QMainWindow,
    QMenu,
    QMessageBox,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from handbook.db.first_view import FIRST_TAB, FirstView
from handbook.db.search_index import Hit
from handbook.tabs import Tab
from handbook.themes import THEME_TITLES, colours
from ui import theme as themes
from ui.context import AppContext, EarlyStart
from ui.search.results_model import matched_words
from ui.search.search_panel import SearchBox, SearchPanel
from ui.tabs.base import ContentTab
from ui.widgets.header import DrugHeader

# SQLAlchemy, jinja and the printing code are imported where they are first used: the window is painted
# from the stored first view before they are loaded (see ui.app and handbook.db.first_view).
if TYPE_CHECKING:
    from handbook.db.user_store import UserStore
    from ui.about_dialog import AboutDialog
    from ui.printing import PageFrame
    from ui.sources_dialog import SourcesDialog
    from ui.tabs.side_effects_tab import SideEffectsTab
    from ui.ward_sign_in import WardSession

# The tabs in order, with where their class lives: a tab's module is imported when the tab is first
# shown, so start-up loads only the view on screen (the checklists and dosing code load later).
TABS: tuple[tuple[Tab, str, str], ...] = (
    (Tab.indications, "ui.tabs.indications_tab", "IndicationsTab"),
    (Tab.mechanism, "ui.tabs.mechanism_tab", "MechanismTab"),
    (Tab.dosing, "ui.tabs.dosing_tab", "DosingTab"),
    (Tab.side_effects, "ui.tabs.side_effects_tab", "SideEffectsTab"),
    (Tab.warnings, "ui.tabs.warnings_tab", "WarningsTab"),
    (Tab.courses, "ui.tabs.course_tab", "CourseTab"),
)


VIEW_SOURCES_KEY = "Ctrl+Shift+S"  # S for sources; the window has no "Save as" for it to clash with


def tab_class(index: int) -> type[ContentTab]:
    _tab, module, name = TABS[index]
    cls: object = getattr(importlib.import_module(module), name)
    if not (isinstance(cls, type) and issubclass(cls, ContentTab)):
        raise TypeError(f"{module}.{name} is not a ContentTab")
    return cls


def _keys(standard: QKeySequence.StandardKey, *extra: str) -> list[QKeySequence]:
    """The platform's bindings for ``standard`` plus ours, without empties or repeats."""
    seen: dict[str, QKeySequence] = {}
    for key in [*QKeySequence.keyBindings(standard), *(QKeySequence(text) for text in extra)]:
        if not key.isEmpty():
            seen.setdefault(key.toString(), key)
    return list(seen.values())


def bring_to_front(window: QWidget) -> None:
    """Show a non-modal window over the main one, with the keyboard in it (a second request reuses it)."""
    window.show()
    window.raise_()
    window.activateWindow()


class MainWindow(QMainWindow):
    """Made from an open :class:`AppContext`, or (at start-up) from an :class:`EarlyStart`: then the window
    shows the stored first view at once and everything else once :meth:`attach` hands it the context."""

    def __init__(self, start: AppContext | EarlyStart, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx: AppContext | None = None
        self.first_view: FirstView | None = start.first_view if isinstance(start, EarlyStart) else None
        self._about: AboutDialog | None = None
        self._sources_dialog: SourcesDialog | None = None
        self._waiting: list[Callable[[], None]] = []  # what asked for the context before it was there
        self._pending_search = ""
        self.load_now: Callable[[], None] | None = None  # finishes loading at once, when something needs it
        self.settings: QSettings = start.settings
        self.drug: Any = None
        self.sources: dict[str, Any] = {}
        if isinstance(start, AppContext):
            self._take_context(start)
        else:
            view = start.first_view
            self.drug = view
            self.sources = {s.id: s for s in view.sources}
            self.meta = view.meta
        header = _header_values(self.first_view or self.drug)
        self.setWindowTitle(f"{header[0]} ({header[1]}) nursing handbook")
        self.setMinimumSize(820, 560)

        # Theme and text size go on the application before any widget exists: applied later, the
        # application style sheet re-polishes every widget, which costs more than building them.
        self.zoom = self.stored_zoom()
        self.theme = themes.resolve(self.theme_choice())
        app = QApplication.instance()
        if isinstance(app, QApplication):
            themes.apply_zoom(app, self.zoom)
            self.css = themes.apply(app, self.theme)
        else:
            self.css = ""

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.header = DrugHeader(*header, central)
        layout.addWidget(self.header)
        self.tabs = QTabWidget(central)
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName("Handbook sections")
        # Each tab is built the first time it is shown (start-up builds only the one in view).
        self._built: dict[int, ContentTab] = {}
        for index, (tab, _module, _name) in enumerate(TABS):
            holder = QWidget(self.tabs)
            holder.setObjectName(f"tabHolder{index}")
            QVBoxLayout(holder).setContentsMargins(0, 0, 0, 0)
            self.tabs.addTab(holder, tab.heading.replace("&", "&&"))  # "&" is a literal here, not a mnemonic
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

        self.version_label = QLabel(
            f"Content {self.meta.get('content_version', '?')} · last reviewed {self.meta.get('last_reviewed', '?')}"
        )
        self.version_label.setAccessibleName("Content version and review date")
        self.statusBar().addPermanentWidget(self.version_label)
        self.ward_session: WardSession | None = None  # set up with the context (_set_up_ward)

        self._create_search()
        self._create_actions()
        self._create_menus()
        self._connect_signals()
        self._show_theme(self.theme_choice(), self.css)
        self._show_zoom()
        self._restore_state()
        self._show_tab(self.tabs.currentIndex())
        self._set_tab_order()
        if self.ctx is not None:
            self._set_up_ward(self.ctx)

    def _set_up_ward(self, ctx: AppContext) -> None:
        """The ward's records server, when the ward settings name one: who is signed in, and a Records menu."""
        if ctx.ward is None or self.ward_session is not None:
            return
        from ui.ward_sign_in import WardSession  # with SQLAlchemy: after the first paint

        self.ward_session = WardSession(ctx.ward, self)
        self.statusBar().addWidget(self.ward_session.label, 1)
        self.records_menu = QMenu("&Records", self)
        self.menuBar().insertMenu(self.help_menu.menuAction(), self.records_menu)
        self.records_menu.addAction(self.ward_session.sign_in_action)
        self.records_menu.addAction(self.ward_session.sign_out_action)
        self.ward_session.store_changed.connect(self._records_store_changed)

    def _take_context(self, ctx: AppContext) -> None:
        from sqlalchemy import select

        from handbook.db import content_models as m

        self.ctx = ctx
        self.drug = ctx.drug
        self.sources = {s.id: s for s in ctx.session.scalars(select(m.Source).order_by(m.Source.position))}
        self.meta = ctx.content.meta()

    # ---------------------------------------------------------------- loading after the first paint

    @property
    def ready(self) -> bool:
        """True once the content is open through the ORM (always, for a window made from a context)."""
        return self.ctx is not None

    def attach(self, ctx: AppContext) -> None:
        """The ORM, the templates and the user database have loaded: switch the window over to them."""
        self._take_context(ctx)
        self._set_up_ward(ctx)
        for page in self._built.values():
            page.use_drug(ctx.drug)
        self.first_view = None
        current = self.tabs.currentIndex()
        if current >= 0 and current not in self._built:
            self.page(current)  # the nurse is looking at a tab that waited for this
        waiting, self._waiting = self._waiting, []
        for call in waiting:
            call()
        if self._pending_search:
            self.run_search(self.search_box.text())

    def when_ready(self, call: Callable[[], None]) -> None:
        """Call ``call`` now if the content is loaded, else as soon as it is."""
        if self.ctx is not None:
            call()
        else:
            self._waiting.append(call)
            self.statusBar().showMessage("Loading the handbook…", 3000)

    @property
    def records_tabs(self) -> tuple[int, ...]:
        """The tabs that need the records database (the Course record): the benchmark's content-only row leaves
        them closed."""
        return tuple(index for index, (tab, _module, _name) in enumerate(TABS) if tab is Tab.courses)

    def build_next_tab(self) -> bool:
        """Build one tab not yet built (:mod:`ui.startup` calls this while the nurse is idle); False when all are."""
        if self.ctx is None:
            return False
        index = next((i for i in range(len(TABS)) if i not in self._built), None)
        if index is None:
            return False
        self.page(index)
        return True

    # ---------------------------------------------------------------- construction

    def _create_search(self) -> None:
        self.search_toolbar = QToolBar("Search", self)
        self.search_toolbar.setObjectName("searchToolBar")
        self.search_toolbar.setMovable(False)
        self.search_toolbar.setFloatable(False)
        self.search_toolbar.toggleViewAction().setEnabled(False)  # the search field is never hidden
        self.search_box = SearchBox(self.search_toolbar)
        self.search_box.setMaximumWidth(560)
        self.search_toolbar.addWidget(self.search_box)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.search_toolbar)
        self.search_panel = SearchPanel(self)
        self.search_dock = QDockWidget("Search results", self)
        self.search_dock.setObjectName("searchDock")
        self.search_dock.setAccessibleName("Search results panel")
        self.search_dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self.search_dock.setWidget(self.search_panel)
        self.search_dock.setMinimumWidth(300)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.search_dock)
        self.search_dock.hide()

    def _create_actions(self) -> None:
        self.print_action = QAction("&Print current view…", self)
        self.print_action.setShortcut(QKeySequence.StandardKey.Print)
        self.pdf_action = QAction("Save current view as P&DF…", self)
        self.quit_action = QAction("&Quit", self)
        # Ctrl+Q everywhere, also where the platform's Quit key is something else or nothing.
        self.quit_action.setShortcuts(_keys(QKeySequence.StandardKey.Quit, "Ctrl+Q"))
        self.find_action = QAction("&Find…", self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.close_results_action = QAction("Close search results", self)
        self.close_results_action.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        self.close_results_action.setEnabled(False)
        self.zoom_in_action = QAction("Zoom &in", self)
        self.zoom_in_action.setShortcuts(_keys(QKeySequence.StandardKey.ZoomIn, "Ctrl+=", "Ctrl++"))
        self.zoom_out_action = QAction("Zoom &out", self)
        self.zoom_out_action.setShortcuts(_keys(QKeySequence.StandardKey.ZoomOut, "Ctrl+-"))
        self.zoom_reset_action = QAction("&Actual size", self)
        self.zoom_reset_action.setShortcut(QKeySequence("Ctrl+0"))
        self.theme_group = QActionGroup(self)
        self.theme_group.setExclusive(True)
        self.theme_actions: dict[str, QAction] = {}
        for choice, title in THEME_TITLES.items():
            action = QAction(title, self.theme_group)
            action.setCheckable(True)
            action.setData(choice)
            self.theme_actions[choice] = action
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.about_action = QAction("&About and sources", self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        # Citation links are not Tab stops (a page has dozens): this key lists the sources of the view on screen.
        self.view_sources_action = QAction("&Sources of this view…", self)
        self.view_sources_action.setShortcut(QKeySequence(VIEW_SOURCES_KEY))
        self.help_action = QAction("&Help", self)
        self.help_action.setShortcut(QKeySequence.StandardKey.HelpContents)
        self.tab_actions: list[QAction] = []
        for index, (tab, _module, _name) in enumerate(TABS, start=1):
            action = QAction(tab.heading.replace("&", "&&"), self)
            action.setShortcut(QKeySequence(f"Ctrl+{index}"))
            action.setData(index - 1)
            self.tab_actions.append(action)
        for action in (self.find_action, self.close_results_action):
            self.addAction(action)  # works with the menu bar hidden (e.g. full screen)

    def _create_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("&File")
        self.file_menu.addAction(self.print_action)
        self.file_menu.addAction(self.pdf_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.view_menu = bar.addMenu("&View")
        self.view_menu.addAction(self.find_action)
        self.view_menu.addSeparator()
        for action in self.tab_actions:
            self.view_menu.addAction(action)
        self.view_menu.addSeparator()
        for action in (self.zoom_in_action, self.zoom_out_action, self.zoom_reset_action):
            self.view_menu.addAction(action)
        self.theme_menu = self.view_menu.addMenu("&Theme")
        for action in self.theme_actions.values():
            self.theme_menu.addAction(action)
        self.help_menu = bar.addMenu("&Help")
        self.help_menu.addAction(self.help_action)
        self.help_menu.addAction(self.view_sources_action)
        self.help_menu.addAction(self.about_action)

    def _connect_signals(self) -> None:
        self.print_action.triggered.connect(self.print_current)
        self.pdf_action.triggered.connect(self.ask_export_pdf)
        self.find_action.triggered.connect(self.focus_search)
        self.close_results_action.triggered.connect(self.close_results)
        self.zoom_in_action.triggered.connect(lambda: self.zoom_by(1))
        self.zoom_out_action.triggered.connect(lambda: self.zoom_by(-1))
        self.zoom_reset_action.triggered.connect(lambda: self.set_zoom(themes.DEFAULT_ZOOM))
        self.theme_group.triggered.connect(lambda action: self.set_theme(str(action.data())))
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._on_system_scheme_changed)
        self.search_box.search_requested.connect(self.run_search)
        self.search_box.move_to_results.connect(self.search_panel.focus_results)
        self.search_box.accept_requested.connect(self.search_panel.choose_current)
        self.search_box.escape_pressed.connect(self.close_results)
        self.search_panel.chosen.connect(self.open_hit)
        self.search_panel.close_requested.connect(self.close_results)
        self.search_dock.visibilityChanged.connect(self.close_results_action.setEnabled)
        self.quit_action.triggered.connect(self.close)
        self.about_action.triggered.connect(lambda: self.show_about())
        self.help_action.triggered.connect(self.show_help)
        self.view_sources_action.triggered.connect(lambda: self.when_ready(self._view_sources_now))
        for action in self.tab_actions:
            action.triggered.connect(lambda _checked=False, a=action: self.tabs.setCurrentIndex(int(a.data())))
        self.header.boxed_warning_requested.connect(self.show_boxed_warning)
        self.tabs.currentChanged.connect(self._on_tab_changed)

    def _connect_page(self, tab: Tab, page: ContentTab) -> None:
        """Signals of a tab, wired when the tab is built."""
        page.source_requested.connect(lambda ids: self.when_ready(lambda: self.show_sources(ids)))
        if tab is Tab.side_effects:
            page.print_requested.connect(self.print_current)  # type: ignore[attr-defined]
            page.export_requested.connect(self.ask_export_pdf)  # type: ignore[attr-defined]
            page.open_requested.connect(self.open_place)  # type: ignore[attr-defined]
        if tab is Tab.warnings and self.ctx is not None:  # its records store was handed in when it was built
            if self.ward_session is not None:
                page.checklists.records_problem.connect(self.ward_session.report)  # type: ignore[attr-defined]
        if tab is Tab.courses and self.ctx is not None:
            page.print_requested.connect(self.print_current)  # type: ignore[attr-defined]
            self._give_course_records(page)

    def _give_course_records(self, page: ContentTab) -> None:
        """The course record: on the server while a nurse is signed in (none while signed out: the tab says
        so), or this workstation's file."""
        assert self.ctx is not None
        store = self.ctx.user if self.ward_session is None else self.ward_session.store()
        page.set_records(*self.ctx.course_records(store))  # type: ignore[attr-defined]

    def _records_store(self) -> tuple[UserStore | None, str]:
        """Where checklist progress goes: the server while a nurse is signed in (else kept on screen only, and
        the panel says why: the second value), or this workstation's file."""
        if self.ward_session is None:
            assert self.ctx is not None
            return self.ctx.user, ""
        from ui.ward_sign_in import NOT_SIGNED_IN

        return self.ward_session.store(), NOT_SIGNED_IN

    def _give_records_store(self, page: ContentTab) -> None:
        page.set_user_store(*self._records_store())  # type: ignore[attr-defined]

    def _make_page(self, index: int, holder: QWidget) -> ContentTab:
        cls = tab_class(index)
        if TABS[index][0] is Tab.warnings and self.ctx is not None:
            from ui.tabs.warnings_tab import WarningsTab

            assert issubclass(cls, WarningsTab)
            store, not_kept = self._records_store()
            return cls(self.drug, self.describe_sources, holder, store=store, not_kept=not_kept)
        return cls(self.drug, self.describe_sources, holder)

    def _records_store_changed(self, _store: object) -> None:
        for index, page in self._built.items():
            if TABS[index][0] is Tab.warnings:
                self._give_records_store(page)
            if TABS[index][0] is Tab.courses:
                self._give_course_records(page)

    def _restore_state(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1180, 820)
        try:
            index = int(str(self.settings.value("window/tab", 0)))  # QSettings gives an int or its text
        except (TypeError, ValueError):
            index = 0
        if 0 <= index < self.tabs.count():
            self.tabs.setCurrentIndex(index)

    def _set_tab_order(self) -> None:
        """Search field, then the tab bar, then the current tab's own controls, then the results."""
        self.setTabOrder(self.search_box, self.tabs)
        self.setTabOrder(self.tabs, self.search_panel.list)

    def _holder(self, index: int) -> tuple[QWidget, QLayout]:
        """The widget a tab is built into, and its layout: both made with the tab strip."""
        holder = self.tabs.widget(index)
        layout = holder.layout() if holder is not None else None
        assert holder is not None and layout is not None
        return holder, layout

    def _can_build(self, index: int) -> bool:
        return self.ctx is not None or (self.first_view is not None and TABS[index][0] is FIRST_TAB)

    def _show_tab(self, index: int) -> None:
        """Build the tab on screen if it can be built now; if it needs the content still loading, say so."""
        if index in self._built:
            return
        if self._can_build(index):
            self.page(index)
            return
        holder, layout = self._holder(index)
        if holder.findChild(QLabel, "tabLoading") is None:
            label = QLabel("Loading…", holder)
            label.setObjectName("tabLoading")
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(label)
            label.show()

    def page(self, index: int) -> ContentTab:
        """The tab at ``index``, built now if it has not been shown yet (loading the rest first if it must)."""
        page = self._built.get(index)
        if page is None:
            if not self._can_build(index) and self.load_now is not None:
                self.load_now()
                page = self._built.get(index)  # loading builds the tab on screen
                if page is not None:
                    return page
            if not self._can_build(index):
                raise RuntimeError("the handbook content is not loaded yet")
            holder, layout = self._holder(index)
            loading = holder.findChild(QLabel, "tabLoading")
            if loading is not None:
                loading.hide()
                loading.deleteLater()
            page = self._make_page(index, holder)
            if self.ctx is None and self.first_view is not None:
                page.prerendered = self.first_view.html
            page.apply_theme(self.css, colours(self.theme))
            layout.addWidget(page)
            page.show()  # a child added to a visible parent would otherwise stay hidden until the next event
            self._built[index] = page
            self._connect_page(TABS[index][0], page)
        return page

    @property
    def pages(self) -> list[ContentTab]:
        """Every tab, built (for printing all, screenshots and tests)."""
        return [self.page(index) for index in range(len(TABS))]

    @property
    def side_effects_page(self) -> SideEffectsTab:
        from ui.tabs.side_effects_tab import SideEffectsTab

        page = self.page(next(i for i, (tab, _m, _n) in enumerate(TABS) if tab is Tab.side_effects))
        assert isinstance(page, SideEffectsTab)
        return page

    def _on_tab_changed(self, index: int) -> None:
        if index >= 0:
            self._show_tab(index)
            self.settings.setValue("window/tab", index)

    # ---------------------------------------------------------------- behaviour

    def theme_choice(self) -> str:
        choice = str(self.settings.value("view/theme", "system"))
        return choice if choice in THEME_TITLES else "system"

    def set_theme(self, choice: str) -> None:
        """Apply and remember a theme: "system", "light", "dark" or "high-contrast"."""
        self.settings.setValue("view/theme", choice if choice in THEME_TITLES else "system")
        self.apply_theme(self.theme_choice())

    def _on_system_scheme_changed(self) -> None:
        if self.theme_choice() == "system":
            self.apply_theme("system")

    def stored_zoom(self) -> int:
        try:
            return themes.clamp_zoom(int(str(self.settings.value("view/zoom", themes.DEFAULT_ZOOM))))
        except (TypeError, ValueError):
            return themes.DEFAULT_ZOOM

    def set_zoom(self, percent: int) -> None:
        """Apply and remember a text size in percent of the platform's."""
        percent = themes.clamp_zoom(percent)
        self.settings.setValue("view/zoom", percent)
        self.apply_zoom(percent)

    def zoom_by(self, steps: int) -> None:
        self.set_zoom(themes.zoom_step(self.zoom, steps))

    def apply_zoom(self, percent: int) -> None:
        self.zoom = themes.clamp_zoom(percent)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            themes.apply_zoom(app, self.zoom)
        self._show_zoom()

    def _show_zoom(self) -> None:
        self.zoom_in_action.setEnabled(self.zoom < themes.ZOOM_STEPS[-1])
        self.zoom_out_action.setEnabled(self.zoom > themes.ZOOM_STEPS[0])
        self.statusBar().showMessage(f"Text size {self.zoom}%", 2500)

    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()
        if self.search_box.text().strip():
            self.search_dock.show()

    def run_search(self, query: str) -> list[Hit]:
        """Search everything (on the window's long-lived content session) and show the results."""
        if self.ctx is None:  # searched as soon as the content has loaded
            self._pending_search = query
            return []
        from handbook.db.search_index import search

        self._pending_search = ""
        hits = search(self.ctx.session, query, drug=self.drug.slug) if query.strip() else []
        self.search_panel.show_hits(query, hits)
        self.search_dock.setVisible(bool(query.strip()))
        return hits

    def open_hit(self, hit: Hit) -> None:
        """Show the tab a hit lives in, scrolled to it, with the matched word selected."""
        index = next((i for i, (tab, _m, _n) in enumerate(TABS) if tab is hit.tab), -1)
        if index < 0:
            return
        self.tabs.setCurrentIndex(index)
        page = self.page(index)
        words = matched_words(hit)
        page.show_anchor(hit.anchor, words[0] if words else "")
        if hit.tab is not Tab.side_effects and page.browser.isVisible():
            # Focus makes the selected match show in the active highlight colour, and arrows scroll.
            page.browser.setFocus(Qt.FocusReason.OtherFocusReason)
        self.statusBar().showMessage(f"{hit.title} ({hit.where})", 4000)

    def open_place(self, tab: str, anchor: str) -> None:
        """Follow a link to another place (a rule in the give/hold check, a supportive care section)."""
        try:
            where = Tab(tab)
        except ValueError:
            return
        self.open_hit(Hit(tab=where, anchor=anchor, title=where.heading, marked_snippet="", rank=0.0))

    def close_results(self) -> None:
        if self.search_dock.isVisible():
            focused = QApplication.focusWidget()
            had_focus = focused is not None and self.search_dock.isAncestorOf(focused)
            self.search_dock.hide()
            if had_focus:
                self.search_box.setFocus(Qt.FocusReason.OtherFocusReason)

    def apply_theme(self, choice: str) -> None:
        resolved = themes.resolve(choice)
        app = QApplication.instance()
        css = themes.apply(app, resolved) if isinstance(app, QApplication) else ""
        self.theme = resolved
        self._show_theme(choice, css)

    def _show_theme(self, choice: str, css: str) -> None:
        """Bring the window's own colours and every built tab in line with the applied theme."""
        if choice in self.theme_actions:
            self.theme_actions[choice].setChecked(True)
        palette = colours(self.theme)
        self.header.apply_colours(palette)
        for page in self._built.values():
            page.apply_theme(css, palette)
        self.search_panel.model.mark_style = f"background-color: {palette['mark_bg']}; color: {palette['mark_text']};"
        self.css = css

    def describe_sources(self, ids: list[str]) -> str:
        lines = []
        for source_id in ids:
            source = self.sources.get(source_id)
            if source is not None:
                lines.append(
                    f"<b>{html.escape(source.short_name)}</b> ({html.escape(source.kind_label)}): "
                    f"{html.escape(source.citation)}"
                )
        return "<br>".join(lines) + "<br><i>Click for the full source list.</i>"

    def show_sources(self, ids: list[str]) -> None:
        dialog = self.show_about()
        if ids:
            dialog.show_source(ids[0])

    def show_view_sources(self) -> SourcesDialog:
        """The sources cited by the view on screen (the selected row, on the side-effect table), each in full."""
        from ui.sources_dialog import SourcesDialog

        page = self.current_page()
        cited = [self.sources[i] for i in page.cited_source_ids() if i in self.sources]
        if self._sources_dialog is not None:
            self._sources_dialog.close()
        dialog = SourcesDialog(page.title, cited, self.show_sources_at, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(self._forget_sources_dialog)
        self._sources_dialog = dialog
        bring_to_front(dialog)
        return dialog

    def _view_sources_now(self) -> None:
        self.show_view_sources()

    def show_sources_at(self, source_id: str) -> None:
        self.show_sources([source_id])

    def _forget_sources_dialog(self) -> None:
        self._sources_dialog = None

    def show_about(self) -> AboutDialog:
        """The About and sources dialog; one at a time, so clicking citations does not pile up windows."""
        from ui.about_dialog import AboutDialog, about_html

        if self.ctx is None and self.load_now is not None:
            self.load_now()  # the full source list comes from the content database
        dialog = self._about
        if dialog is None or not dialog.isVisible():
            html_text = about_html(list(self.sources.values()), self.meta)
            dialog = AboutDialog(html_text, self.css, self.describe_sources, self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.destroyed.connect(self._forget_about)
            self._about = dialog
        bring_to_front(dialog)
        return dialog

    def _forget_about(self) -> None:
        self._about = None

    def show_help(self) -> None:
        QMessageBox.information(
            self,
            "Help",
            "Search everything: Ctrl+F, type, then Down and Enter (or click) to open a result; Escape closes "
            "the results.\n"
            "Tabs: Ctrl+1 to Ctrl+6. Print the current view: Ctrl+P. Quit: Ctrl+Q.\n"
            "Text size: Ctrl+= larger, Ctrl+- smaller, Ctrl+0 actual size. Colours: View › Theme.\n"
            "Side effects: type in Filter, pick how common or what to do, click a column heading to sort. "
            "⚠ marks effects to tell the provider about at once.\n"
            "Every statement ends with its source in brackets: hover to see it, click for the full list; "
            f"from the keyboard, {VIEW_SOURCES_KEY} lists the sources of the view on screen. "
            "In the side-effect table, hover a row or click its source.\n"
            "Help › About lists all sources and the clinical disclaimer.",
        )

    def show_boxed_warning(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.page(0).show_anchor("section:boxed_warning")

    def current_page(self) -> ContentTab:
        return self.page(self.tabs.currentIndex())

    def print_document(self) -> tuple[str, PageFrame]:
        """The current view on paper: its print HTML in the print frame, with the content version."""
        from markupsafe import Markup

        from handbook.render import render
        from ui.printing import PageFrame

        if self.ctx is None and self.load_now is not None:
            self.load_now()
        page = self.current_page()
        own = page.own_printout()
        if own is not None:
            return own
        body = render(
            "print/view.html.j2",
            title=page.title,
            body=Markup(page.print_html()),
            content_version=self.meta.get("content_version", ""),
            last_reviewed=self.meta.get("last_reviewed", ""),
        )
        return body, PageFrame(page.title, self.meta.get("content_version", ""))

    def print_current(self) -> None:
        from ui.printing import preview

        body, frame = self.print_document()
        dialog = preview(self, body, frame)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def export_pdf(self, path: Path) -> int:
        """Write the current view to a PDF file; returns the number of pages."""
        from ui.printing import write_pdf

        body, frame = self.print_document()
        return write_pdf(body, path, frame)

    def ask_export_pdf(self) -> None:
        slug = self.current_page().title.lower().replace("&", "and").replace(" ", "-").replace("--", "-")
        suggested = str(Path.home() / f"proleukin-{slug}.pdf")
        name, _filter = QFileDialog.getSaveFileName(self, "Save as PDF", suggested, "PDF files (*.pdf)")
        if not name:
            return
        path = Path(name if name.lower().endswith(".pdf") else f"{name}.pdf")
        from ui.printing import PrintError

        try:
            pages = self.export_pdf(path)
        except PrintError as error:
            QMessageBox.warning(self, "The PDF could not be saved", str(error))
            return
        self.statusBar().showMessage(f"Saved {path} ({pages} page{'s' if pages != 1 else ''})", 6000)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.ward_session is not None:
            self.ward_session.close()
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.sync()
        super().closeEvent(event)


def _header_values(drug: Any) -> tuple[str, str, str, str, str]:
    """Brand, generic name, boxed warning title, its short text and sources: from the ORM's drug or the
    stored first view."""
    if isinstance(drug, FirstView):
        return (
            drug.brand_name,
            drug.generic_name,
            drug.boxed_warning_title,
            drug.boxed_short_text,
            drug.boxed_short_sources,
        )
    short = drug.boxed_warning_short
    return (
        drug.brand_name,
        drug.generic_name,
        drug.boxed_warning_title,
        short.text,
        ", ".join(s.short_name for s in short.sources),
    )
