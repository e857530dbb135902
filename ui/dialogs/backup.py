"""File » Back up… and File » Restore…: a backup of the open database with its documents, and a backup restored in
its place once the two audit chains were compared (``services.backup``; docs/backup.md).

Both run their work in the background (``ui.tasks``) with a progress bar and a Cancel button; neither touches the
database from a slot.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from osgo_desktop.i18n import _
from osgo_desktop.services import backup as backup_service
from ui.context import AppContext
from ui.dialogs.guide import offer_guide
from ui.tasks import Cancelled, Progress, Task
from ui.widgets.file_dialog import file_dialog
from ui.widgets.screen import fit_to_screen

OK_STYLE = "color:#1b5e20;"
WARNING_STYLE = "color:#b00020;"


def _filter() -> str:
    return _("OSGO Desktop backups (*{suffix});;All files (*)").format(suffix=backup_service.SUFFIX)


class _TaskDialog(QDialog):
    """A file chosen, a button that starts the work, its progress, Cancel and Close."""

    def __init__(self, ctx: AppContext, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.task: Task | None = None
        self.chooser: QFileDialog | None = None
        self.path_label = QLabel(self)
        self.path_edit = QLineEdit(self)
        self.path_edit.textChanged.connect(self._on_path_changed)
        self.browse_button = QPushButton(self)
        self.browse_button.clicked.connect(self._on_browse_clicked)
        self.start_button = QPushButton(self)
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self._on_start_clicked)
        self.cancel_button = QPushButton(self)
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        self.cancel_button.setEnabled(False)
        self.close_button = QPushButton(self)
        self.close_button.clicked.connect(self.accept)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1000)
        self.progress.setValue(0)
        self.step = QLabel(self)
        self.outcome = QLabel(self)
        self.outcome.setWordWrap(True)
        self.outcome.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)
        self.form = QFormLayout()
        self.form.addRow(self.path_label, path_row)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        #: what the dialog does, under the file (each dialog says it in its own words)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.body = QVBoxLayout(self)
        self.body.addLayout(self.form)
        self.body.addWidget(self.note)

        self._buttons = buttons

    def _finish_layout(self) -> None:
        self.body.addLayout(self._buttons)
        self.body.addWidget(self.progress)
        self.body.addWidget(self.step)
        self.body.addWidget(self.outcome, 1)
        fit_to_screen(self, 720, 320)  # room under the progress for a report of a few lines
        offer_guide(self.ctx, self)
        self.ctx.language_changed.connect(self.retranslate)
        self.retranslate()
        self._on_path_changed()

    def retranslate(self) -> None:
        self.browse_button.setText(_("Choose…"))
        self.cancel_button.setText(_("Cancel"))
        self.close_button.setText(_("Close"))

    def set_path(self, path: Path | str) -> None:
        self.path_edit.setText(str(path))

    @property
    def path(self) -> Path:
        return Path(self.path_edit.text().strip())

    def _on_path_changed(self) -> None:
        self.start_button.setEnabled(bool(self.path_edit.text().strip()) and self.task is None)

    def _on_browse_clicked(self) -> None:
        raise NotImplementedError

    def _on_start_clicked(self) -> None:
        raise NotImplementedError

    def _on_cancel_clicked(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _on_progressed(self, fraction: float, message: str) -> None:
        self.progress.setValue(round(fraction * 1000))
        if message:
            self.step.setText(message)

    def _busy(self, on: bool) -> None:
        self.start_button.setEnabled(not on and bool(self.path_edit.text().strip()))
        self.browse_button.setEnabled(not on)
        self.path_edit.setEnabled(not on)
        self.cancel_button.setEnabled(on)

    def _run(self, work: Callable[[Progress], Any], finished: Callable[[Any], None]) -> None:
        self.outcome.clear()
        self.outcome.setStyleSheet("")
        self.progress.setValue(0)
        self._busy(True)
        self.task = self.ctx.tasks.run(
            work,
            finished,
            self._on_failed,
            self._on_progressed,
            name=type(self).__name__,
        )
        self.task.done.connect(self._on_task_done)

    def _on_task_done(self) -> None:
        self.task = None
        self._busy(False)

    def _on_failed(self, exc: BaseException) -> None:
        self.progress.setValue(0)
        self.step.clear()
        if isinstance(exc, Cancelled):
            self.outcome.setText(_("Cancelled: nothing was written."))
            return
        from osgo_desktop.errors import KnownError

        if isinstance(exc, KnownError):
            self.outcome.setStyleSheet(WARNING_STYLE)
            self.outcome.setText(str(exc))
        else:
            self.ctx.report(exc, self)


class BackupDialog(_TaskDialog):
    """File » Back up…: choose where the backup goes; it is written in the background. Signal
    ``backed_up(backup_service.BackupResult)`` once written."""

    backed_up = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._finish_layout()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Back up the database"))
        self.path_label.setText(_("Backup file:"))
        self.start_button.setText(_("Back up"))
        self.note.setText(
            _(
                "One file holds the database, every document and a SHA-256 manifest. Only you can read it: keep it "
                "somewhere safe, away from this computer."
            )
        )

    def _on_browse_clicked(self) -> None:
        dialog = file_dialog(self, _("Back up the database"), _filter(), save=True)
        dialog.setDefaultSuffix(backup_service.SUFFIX.lstrip("."))
        dialog.fileSelected.connect(self.set_path)
        self.chooser = dialog
        dialog.open()

    def _on_start_clicked(self) -> None:
        path = self.path
        if not path.name.endswith(backup_service.SUFFIX) and not path.suffix:
            path = path.with_name(path.name + backup_service.SUFFIX)
        db = self.ctx.db

        def work(progress: Progress) -> backup_service.BackupResult:
            return db.run(backup_service.back_up, path, progress).value

        self._run(work, self._on_backed_up)

    def _on_backed_up(self, result: backup_service.BackupResult) -> None:
        self.progress.setValue(1000)
        self.step.clear()
        self.outcome.setStyleSheet(OK_STYLE)
        self.outcome.setText(
            _("Backup written: {path} ({size} MiB; {documents} documents; audit log up to entry {seq}).").format(
                path=result.path,
                size=f"{result.size / (1024 * 1024):.1f}",
                documents=result.documents,
                seq=result.manifest.chain_seq,
            )
        )
        self.backed_up.emit(result)


class RestoreDialog(_TaskDialog):
    """File » Restore…: choose a backup; its audit chain is compared with the open database's and the result said
    plainly; an older (or parting) backup needs the box ticked before it replaces the open database. The database
    that was open is kept under another name. Signal ``restored(Replaced)`` once done."""

    restored = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.comparison: backup_service.HeadComparison | None = None
        self.manifest: backup_service.Manifest | None = None
        self.check_button = QPushButton(self)
        self.check_button.clicked.connect(self._on_check_clicked)
        self._buttons.insertWidget(0, self.check_button)
        self.verdict = QLabel(self)
        self.verdict.setWordWrap(True)
        self.verdict.setVisible(False)  # until a comparison has something to say
        self.acknowledge = QCheckBox(self)
        self.acknowledge.setVisible(False)
        self.acknowledge.toggled.connect(self._on_path_changed)
        self.body.addWidget(self.verdict)
        self.body.addWidget(self.acknowledge)
        self._finish_layout()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Restore a backup"))
        self.path_label.setText(_("Backup file:"))
        self.check_button.setText(_("Compare with the open database"))
        self.start_button.setText(_("Restore in place of the open database"))
        self.note.setText(
            _(
                "Choose a backup, then compare it with the open database: their audit logs show whether the backup "
                "is newer or older. Restoring replaces the open database, which is kept as a copy beside it."
            )
        )
        self.acknowledge.setText(
            _("I understand, and restore it anyway (the audit log records it; the open database is kept as a copy)")
        )
        if self.comparison is not None:
            self.verdict.setText(self.comparison.message())

    def _on_path_changed(self) -> None:
        if self.comparison is not None and self.sender() is self.path_edit:
            self.comparison = None
            self.verdict.clear()
            self.verdict.setVisible(False)
            self.acknowledge.setVisible(False)
            self.acknowledge.setChecked(False)
        text = bool(self.path_edit.text().strip())
        self.check_button.setEnabled(text and self.task is None)
        ready = self.comparison is not None and (
            not self.comparison.needs_acknowledgement or self.acknowledge.isChecked()
        )
        self.start_button.setEnabled(text and self.task is None and ready)

    def _busy(self, on: bool) -> None:
        super()._busy(on)
        self.check_button.setEnabled(not on and bool(self.path_edit.text().strip()))
        self.acknowledge.setEnabled(not on)
        self._on_path_changed()

    def _on_browse_clicked(self) -> None:
        dialog = file_dialog(self, _("Restore a backup"), _filter())
        dialog.fileSelected.connect(self.set_path)
        self.chooser = dialog
        dialog.open()

    def _on_check_clicked(self) -> None:
        path = self.path
        db = self.ctx.db

        def work(progress: Progress) -> tuple[backup_service.Manifest, backup_service.HeadComparison]:
            progress(0.0, _("Reading the backup…"))
            manifest = backup_service.inspect_backup(path)
            return manifest, db.run(backup_service.compare_heads, manifest).value

        self._run(work, self._on_compared)

    def show_comparison(self, manifest: backup_service.Manifest, comparison: backup_service.HeadComparison) -> None:
        """Say how the backup stands to the open database (and ask for the acknowledgement when it is older)."""
        self.manifest = manifest
        self.comparison = comparison
        self.verdict.setText(comparison.message())
        self.verdict.setVisible(True)
        self.verdict.setStyleSheet(WARNING_STYLE if comparison.needs_acknowledgement else OK_STYLE)
        self.acknowledge.setChecked(False)
        self.acknowledge.setVisible(comparison.needs_acknowledgement)
        self._on_path_changed()

    def _on_compared(self, found: tuple[backup_service.Manifest, backup_service.HeadComparison]) -> None:
        self.progress.setValue(0)
        self.step.clear()
        self.show_comparison(*found)

    def _on_start_clicked(self) -> None:
        path = self.path
        db = self.ctx.db
        acknowledged = self.acknowledge.isChecked()

        def work(progress: Progress) -> backup_service.Replaced:
            return backup_service.replace_open(db, path, acknowledged, progress)

        self._run(work, self._on_restored)

    def _on_restored(self, replaced: backup_service.Replaced) -> None:
        self.progress.setValue(1000)
        self.step.clear()
        self.outcome.setStyleSheet(OK_STYLE)
        lines = [
            *replaced.report.lines(),
            _("The database that was open is kept as {path}.").format(path=replaced.kept),
        ]
        if replaced.acknowledged_seq is not None:
            lines.append(
                _("The audit log records that you restored an older copy (entry {seq}).").format(
                    seq=replaced.acknowledged_seq
                )
            )
        self.outcome.setText("\n".join(lines))
        self.comparison = None
        self.verdict.setVisible(False)  # it compared the backup with the database replaced now
        self.acknowledge.setVisible(False)
        self.ctx.refresh_all()
        self.restored.emit(replaced)
