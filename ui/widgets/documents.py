"""Making a document a user asked for: rendered off the GUI thread, saved atomically in the documents folder of
its competition, then shown in a preview. The one way every page prints."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QAbstractButton, QWidget

from osgo_desktop import paths, private_files
from ui.context import AppContext
from ui.tasks import Progress


def safe_file_name(text: str) -> str:
    """A competition or registration number as part of a file name ("2026/01" → "2026-01")."""
    return re.sub(r"[^\w.-]+", "-", text, flags=re.UNICODE).strip("-") or "document"


def competition_folder(number: str) -> Path:
    return paths.documents_dir() / safe_file_name(number)


def save_atomically(target: Path, data: bytes) -> Path:
    """Write ``data`` to ``target`` so that a reader (or a crash) never sees half a file."""
    return private_files.write_private(target, data)  # owner-only: what the app saves names applicants


class DocumentMaker(QObject):
    """Signal ``ready(Path)`` — a document was written (and, for a PDF, shown)."""

    ready = Signal(Path)

    def __init__(self, ctx: AppContext, owner: QWidget) -> None:
        super().__init__(owner)
        self.ctx = ctx
        self.owner = owner
        self.previews: list[QWidget] = []

    def make(
        self,
        target: Path,
        title: str,
        paper: Callable[..., bytes],
        *args: Any,
        button: QAbstractButton | None = None,
        saved: Callable[[Path], None] | None = None,
    ) -> None:
        """Make ``paper(uow, *args)`` — a use case that returns a document's bytes (``services.papers``) — in the
        background, save it to ``target``, preview a PDF titled ``title``; ``button`` is disabled meanwhile (no
        second click). What the use case wrote (an issued protocol) is told to the pages."""
        if button is not None:
            button.setEnabled(False)

        def work(_progress: Progress) -> Path:
            done = self.ctx.db.run(paper, *args)
            # Committed (an issued protocol): told to the pages now, even if the file cannot be written below. The
            # signal is queued to the pages on the GUI thread.
            self.ctx.announce(done.changes)
            return save_atomically(target, done.value)

        def finished(path: Path) -> None:
            if button is not None:
                button.setEnabled(True)
            if saved is not None:
                saved(path)
            if path.suffix == ".pdf":
                from ui.widgets.pdf_preview import PdfPreview  # QtPdf loads with the first paper, not at start-up

                self.show(PdfPreview(path, title, tasks=self.ctx.tasks))
            self.ready.emit(path)

        task = self.ctx.run(work, finished, self.owner, name=target.name)
        if button is not None:
            task.failed.connect(lambda _exc: button.setEnabled(True))

    def show(self, preview: QWidget) -> None:
        preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        preview.destroyed.connect(lambda: self.previews.remove(preview) if preview in self.previews else None)
        self.previews.append(preview)
        preview.show()
