"""Signing in to the ward's records server on a shared workstation: the dialog, the status-bar line, the
Records menu's actions and the idle sign-out. The rules live in :mod:`handbook.db.ward_records`."""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from handbook.db.server_connection import UNREACHABLE, RecordsUnavailableError
from handbook.db.user_store import UserStore
from handbook.db.ward_records import WardRecords

IDLE_CHECK_MS = 15_000
NOT_SIGNED_IN = (
    "Not signed in to the ward records: this checklist is kept on screen only. Records › Sign in to record "
    "saves every tick for the ward."
)
_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class SignInDialog(QDialog):
    """User and password for the ward records. The password goes to the database server and nowhere else."""

    def __init__(self, ward: WardRecords, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ward = ward
        self.setWindowTitle("Sign in to the ward records")
        self.setObjectName("signInDialog")
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"Ward records: <b>{html.escape(ward.where)}</b><br>Sign in with your own user name to record. "
            "You are signed out after a few minutes without activity.",
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.user = QLineEdit(self)
        self.user.setAccessibleName("User name")
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Password")
        self.password.setToolTip("Leave empty where the hospital signs you in another way (for example Kerberos)")
        form.addRow("&User name:", self.user)
        form.addRow("&Password:", self.password)
        layout.addLayout(form)
        self.message = QLabel(self)
        self.message.setObjectName("signInMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setVisible(False)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Sign in")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def accept(self) -> None:
        """Try the server (at most the connect time-out); stay open and say why when it refuses."""
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.ward.sign_in(self.user.text(), self.password.text())
        except RecordsUnavailableError as error:
            self.message.setText(str(error))
            self.message.setVisible(True)
            self.password.selectAll()
            self.password.setFocus()
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
            self.password.clear()  # the server has it now; the field need not
        super().accept()


class WardSession(QObject):
    """The window's side of the ward records: who is signed in, the status line, the idle sign-out."""

    #: The store to record in changed: the server (signed in), or None (signed out: nothing is recorded).
    store_changed = Signal(object)

    def __init__(self, ward: WardRecords, parent: QWidget) -> None:
        super().__init__(parent)
        self.ward = ward
        self.window = parent
        self.dialog: SignInDialog | None = None
        self.label = QLabel(parent)
        self.label.setObjectName("wardRecordsStatus")
        self.label.setAccessibleName("Ward records")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.sign_in_action = QAction("Sign &in to record…", parent)
        self.sign_out_action = QAction("Sign &out", parent)
        self.sign_in_action.triggered.connect(self.ask_sign_in)
        self.sign_out_action.triggered.connect(lambda: self.sign_out(""))
        self.timer = QTimer(self)
        self.timer.setInterval(IDLE_CHECK_MS)
        self.timer.timeout.connect(self.check_idle)
        self.timer.start()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self._note = ""
        self._detail = ""
        self.refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and self.ward.signed_in:
            self.ward.touch()
        return False

    def ask_sign_in(self) -> SignInDialog:
        """Open the sign-in dialog (window-modal; returns at once)."""
        if self.dialog is None:
            self.dialog = SignInDialog(self.ward, self.window)
            self.dialog.accepted.connect(self._signed_in)
        self.dialog.message.setVisible(False)
        self.dialog.user.setFocus()
        self.dialog.open()
        return self.dialog

    def _signed_in(self) -> None:
        self._note = self._detail = ""
        self.refresh()
        self.store_changed.emit(self.ward.store)

    def sign_out(self, why: str) -> None:
        was = self.ward.signed_in
        self.ward.sign_out()
        self._note, self._detail = why, ""
        self.refresh()
        if was:
            self.store_changed.emit(None)

    def check_idle(self) -> None:
        if self.ward.expired():
            minutes = int(self.ward.idle.total_seconds() // 60)
            self.sign_out(f"signed out after {minutes} minutes without activity")

    def report(self, message: str) -> None:
        """A records action failed (the server went away...), or works again (""): the status line says so
        in a few words, the tooltip in full."""
        self._note = "UNREACHABLE, nothing is being saved" if UNREACHABLE in message else ("refused" if message else "")
        self._detail = message
        self.refresh()

    def store(self) -> UserStore | None:
        return self.ward.store

    def refresh(self) -> None:
        ward = self.ward
        who = f"signed in as {ward.nurse}" if ward.signed_in else "not signed in: sign in to record"
        note = f" · {self._note}" if self._note else ""
        self.label.setText(f"Ward records: {ward.where} · {who}{note}")
        self.label.setToolTip(
            (self._detail + "\n\n" if self._detail else "")
            + "Courses, doses and checklist progress are kept on the ward's records server. "
            "The handbook's content works without it."
        )
        self.sign_in_action.setEnabled(not ward.signed_in)
        self.sign_out_action.setEnabled(ward.signed_in)

    def close(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.ward.sign_out()
