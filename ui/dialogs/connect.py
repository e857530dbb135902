"""File » Connect to a database…: a SQLite file on this computer, or a PostgreSQL server the meeting room shares.

The connection is tried in the background (``storage.connect.probe``, with a timeout) and what was found is said in
words; the last few connections are remembered in the settings without their passwords, which are asked each time.
The dialog only chooses: the main window reopens the app on the database chosen.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Final

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from osgo_desktop.i18n import _
from osgo_desktop.services.server import (
    DEFAULT_PORT,
    PROBE_SECONDS,
    Found,
    Probe,
    address_of,
    file_url,
    look_at,
    remembered,
    server_url,
)
from ui import settings as S
from ui.context import AppContext
from ui.dialogs.guide import offer_guide
from ui.settings import Settings
from ui.widgets import questions
from ui.widgets.file_dialog import file_dialog
from ui.widgets.screen import fit_to_screen

#: how many connections File » Connect… remembers
RECENT_KEPT: Final = 6
OK_STYLE = "color:#1b5e20;"
ERROR_STYLE = "color:#b00020;"


def recent_connections(settings: Settings) -> list[str]:
    """The remembered connections, newest first (URLs without passwords)."""
    try:
        value = json.loads(settings.get(S.RECENT_CONNECTIONS))
    except ValueError:
        return []
    return [url for url in value if isinstance(url, str)][:RECENT_KEPT] if isinstance(value, list) else []


def remember_connection(settings: Settings, url: str) -> None:
    """Put ``url`` first among the remembered connections — never its password, a file by its whole path."""
    kept = remembered(url)
    urls = [kept, *(u for u in recent_connections(settings) if u != kept)][:RECENT_KEPT]
    settings.set(S.RECENT_CONNECTIONS, json.dumps(urls, ensure_ascii=False))
    settings.sync()


def _file_of(url: str) -> str:
    """The whole path of a database file's URL (the URL itself for anything else)."""
    address = address_of(url)
    return str(address.path) if address is not None and address.path is not None else url


class ConnectDialog(QDialog):
    """Choose a database and try it. Signals: ``tried(Probe)`` when a look at the database has finished and is
    shown; ``connection_chosen(str)`` with the URL (password included) when the user connects to a database that
    can be opened."""

    tried = Signal(object)
    connection_chosen = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.chooser: QFileDialog | None = None
        #: the URL being tried, and whether a successful look should connect
        self._trying: str | None = None
        self._connect_after = False
        self.recent = QComboBox(self)
        self.recent.activated.connect(self._on_recent_activated)

        self.file_choice = QRadioButton(self)
        self.server_choice = QRadioButton(self)
        self.kind = QButtonGroup(self)
        self.kind.addButton(self.file_choice)
        self.kind.addButton(self.server_choice)
        self.file_choice.setChecked(True)
        self.kind.buttonToggled.connect(self._on_input_changed)

        self.path_edit = QLineEdit(self)
        self.browse_button = QPushButton(self)
        self.browse_button.clicked.connect(self._on_browse_clicked)
        self.host_edit = QLineEdit(self)
        self.port_spin = QSpinBox(self)
        self.port_spin.setRange(1, 65535)
        self.port_spin.setValue(DEFAULT_PORT)
        self.database_edit = QLineEdit(self)
        self.user_edit = QLineEdit(self)
        self.password_edit = QLineEdit(self)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        for edit in (self.path_edit, self.host_edit, self.database_edit, self.user_edit, self.password_edit):
            edit.textChanged.connect(self._on_input_changed)

        self.said = QLabel(self)
        self.said.setWordWrap(True)
        self.test_button = QPushButton(self)
        self.test_button.clicked.connect(self._on_test_clicked)
        self.connect_button = QPushButton(self)
        self.connect_button.setDefault(True)
        self.connect_button.clicked.connect(self._on_connect_clicked)
        self.cancel_button = QPushButton(self)
        self.cancel_button.clicked.connect(self.reject)

        self.recent_label = QLabel(self)
        self.path_label = QLabel(self)
        self.host_label = QLabel(self)
        self.port_label = QLabel(self)
        self.database_label = QLabel(self)
        self.user_label = QLabel(self)
        self.password_label = QLabel(self)
        self.file_box = QGroupBox(self)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)
        file_form = QFormLayout(self.file_box)
        file_form.addRow(self.path_label, path_row)
        self.server_box = QGroupBox(self)
        server_form = QFormLayout(self.server_box)
        server_form.addRow(self.host_label, self.host_edit)
        server_form.addRow(self.port_label, self.port_spin)
        server_form.addRow(self.database_label, self.database_edit)
        server_form.addRow(self.user_label, self.user_edit)
        server_form.addRow(self.password_label, self.password_edit)
        top = QFormLayout()
        top.addRow(self.recent_label, self.recent)
        choice = QHBoxLayout()
        choice.addWidget(self.file_choice)
        choice.addWidget(self.server_choice)
        choice.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.test_button)
        buttons.addStretch(1)
        buttons.addWidget(self.connect_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(choice)
        layout.addWidget(self.file_box)
        layout.addWidget(self.server_box)
        layout.addWidget(self.said)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self._fill_recent()
        fit_to_screen(self, 640, 520)
        offer_guide(ctx, self)
        ctx.language_changed.connect(self.retranslate)
        self.retranslate()
        self._on_input_changed()

    # --- what the fields say -----------------------------------------------------------------------------------

    @property
    def is_server(self) -> bool:
        return self.server_choice.isChecked()

    def url(self) -> str:
        """The URL the fields describe (with the password typed), or "" while they are incomplete."""
        if self.is_server:
            host, database = self.host_edit.text().strip(), self.database_edit.text().strip()
            if not host or not database:
                return ""
            return server_url(
                host, self.port_spin.value(), database, self.user_edit.text().strip(), self.password_edit.text()
            )
        path = self.path_edit.text().strip()
        return file_url(Path(path).expanduser()) if path else ""

    def set_url(self, url: str) -> None:
        """Fill the fields from ``url`` (a remembered connection: the password is typed again)."""
        address = address_of(url)
        if address is None:
            return
        if address.path is not None:
            self.file_choice.setChecked(True)
            self.path_edit.setText(str(address.path))
            return
        self.server_choice.setChecked(True)
        self.host_edit.setText(address.host)
        self.port_spin.setValue(address.port)
        self.database_edit.setText(address.database)
        self.user_edit.setText(address.user)
        self.password_edit.setText(address.password)
        self.password_edit.setFocus()

    def say_failure(self, message: str) -> None:
        """Say why the dialog opened: the database ``set_url`` filled in could not be opened (``message``)."""
        self.said.setText(message)
        self.said.setStyleSheet(ERROR_STYLE)

    def _fill_recent(self) -> None:
        self.recent.clear()
        self.recent.addItem("", "")
        for url in recent_connections(self.ctx.settings):
            self.recent.addItem(url, url)

    # --- slots ---------------------------------------------------------------------------------------------------

    def _on_recent_activated(self, index: int) -> None:
        url = self.recent.itemData(index)
        if url:
            self.set_url(url)

    def _on_browse_clicked(self) -> None:
        dialog = file_dialog(self, _("Database file"), _("OSGO databases (*.sqlite *.db);;All files (*)"))
        dialog.fileSelected.connect(self.path_edit.setText)
        self.chooser = dialog
        dialog.open()

    def _on_input_changed(self) -> None:
        server = self.is_server
        self.file_box.setEnabled(not server)
        self.server_box.setEnabled(server)
        ready = bool(self.url()) and self._trying is None
        self.test_button.setEnabled(ready)
        self.connect_button.setEnabled(ready)

    def _on_test_clicked(self) -> None:
        self._try(connect_after=False)

    def _on_connect_clicked(self) -> None:
        self._try(connect_after=True)

    def _try(self, connect_after: bool) -> None:
        url = self.url()
        if not url or self._trying is not None:
            return
        self._trying = url
        self._connect_after = connect_after
        self._on_input_changed()
        self.said.setStyleSheet("")
        self.said.setText(_("Trying the connection (at most {seconds} seconds)…").format(seconds=PROBE_SECONDS))
        task = self.ctx.run(lambda _progress: look_at(url), self._on_probe_finished, self, name="connect-probe")
        task.failed.connect(self._on_probe_failed)

    def _on_probe_failed(self, _exc: BaseException) -> None:
        self._trying = None
        self.said.clear()
        self._on_input_changed()

    def _on_probe_finished(self, looked: Probe) -> None:
        url, self._trying = self._trying, None
        self.said.setText(looked.message)
        self.said.setStyleSheet(OK_STYLE if looked.ok else ERROR_STYLE)
        self._on_input_changed()
        self.tried.emit(looked)
        if looked.ok and self._connect_after and url is not None:
            if looked.found is Found.NEW and not questions.ask(  # a mistyped path would make an empty database
                self,
                _("Make a new database?"),
                _("{path} holds no database yet. Make a new, empty database there and open it?").format(
                    path=_file_of(url)
                ),
                _("Make it"),
            ):
                return
            self.accept()
            self.connection_chosen.emit(url)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Connect to a database"))
        self.recent_label.setText(_("Recent:"))
        self.recent.setItemText(0, _("(choose a recent connection)"))
        self.file_choice.setText(_("A database file on this computer"))
        self.server_choice.setText(_("A server (PostgreSQL)"))
        self.file_box.setTitle(_("Database file (SQLite)"))
        self.path_label.setText(_("File:"))
        self.browse_button.setText(_("Choose…"))
        self.server_box.setTitle(_("Server"))
        self.host_label.setText(_("Address:"))
        self.host_edit.setPlaceholderText(_("e.g. 192.168.1.10"))
        self.port_label.setText(_("Port:"))
        self.database_label.setText(_("Database:"))
        self.user_label.setText(_("User:"))
        self.password_label.setText(_("Password:"))
        self.password_edit.setPlaceholderText(_("asked each time, never remembered"))
        self.test_button.setText(_("Test the connection"))
        self.connect_button.setText(_("Connect"))
        self.cancel_button.setText(_("Cancel"))
