"""Printing a PDF file on a QPrinter: which pages (range, copies, order), rendered to images off the GUI thread and
painted on the printer one page at a time, with progress and cancel.

Why this split: QtPdf only rasterises (``QPdfDocument.render`` gives a QImage), and rasterising an A4 page at print
resolution takes a noticeable moment — in a slot, forty pages would freeze the window for seconds. Rendering a page
to a QImage is safe in a worker thread when the worker loads its own ``QPdfDocument`` (QtPdf serialises PDFium
behind its own lock), so each page is rendered through the app's :class:`~ui.tasks.TaskRunner`. A ``QPainter`` on a
``QPrinter`` belongs to the thread that began it, so the painting stays on the GUI thread: one ``drawImage`` per
page, between which the event loop runs. The next page renders while the current one is painted; no more than two
page images are held at once. No ``processEvents()`` loop is needed.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QPointF, QRectF, QSize, QSizeF, Qt, Signal
from PySide6.QtGui import QImage, QPageLayout, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from osgo_desktop.errors import KnownError
from osgo_desktop.i18n import _
from ui.tasks import Cancelled, Progress, Task, TaskRunner

#: Pages are rasterised at the printer's resolution but no finer than this: text is crisp at 300 dpi, and an A4
#: page at 600 dpi is 140 MB of pixels (a "high resolution" QPrinter reports 1200 dpi).
MAX_RENDER_DPI = 300
POINTS_PER_INCH = 72.0


def pages_to_print(
    page_count: int,
    ranges: Sequence[tuple[int, int]] = (),
    copies: int = 1,
    collate: bool = True,
    last_first: bool = False,
) -> list[int]:
    """The 0-based page indexes to paint, in order, one per sheet side: ``ranges`` are 1-based inclusive
    ``(first, last)`` pairs (none: every page); ``copies`` made by the app (1 when the printer makes them);
    collated copies are whole documents one after another, uncollated ones repeat each page."""
    pages = [
        number
        for number in range(1, page_count + 1)
        if not ranges or any(first <= number <= last for first, last in ranges)
    ]
    if last_first:
        pages.reverse()
    copies = max(1, copies)
    if collate:
        return [number - 1 for _copy in range(copies) for number in pages]
    return [number - 1 for number in pages for _copy in range(copies)]


def printer_pages(printer: QPrinter, page_count: int, current_page: int = 0) -> list[int]:
    """:func:`pages_to_print` for what the print dialog left in ``printer``. Like Qt's own
    ``QTextDocument::print``, the app makes the copies only when the printer cannot, and honours the page order."""
    if printer.printRange() == QPrinter.PrintRange.CurrentPage:
        ranges = [(current_page + 1, current_page + 1)]
    else:
        ranges = [(r.from_, r.to) for r in printer.pageRanges().toRangeList()]
    copies = 1 if printer.supportsMultipleCopies() else printer.copyCount()
    return pages_to_print(
        page_count,
        ranges,
        copies,
        printer.collateCopies(),
        printer.pageOrder() == QPrinter.PageOrder.LastPageFirst,
    )


def orientation_of(page_size: QSizeF) -> QPageLayout.Orientation:
    """A landscape PDF page is printed on a landscape sheet, whatever the dialog said: no page is shrunk sideways."""
    if page_size.width() > page_size.height():
        return QPageLayout.Orientation.Landscape
    return QPageLayout.Orientation.Portrait


def placement(printer: QPrinter, page_size: QSizeF) -> tuple[QRectF, QSize]:
    """Where a PDF page of ``page_size`` points goes on ``printer``'s sheet (painter coordinates, the printable
    area's corner at 0,0) and the pixel size to render it at. The page keeps its aspect ratio and its real size when
    it fits the printable area; otherwise it is shrunk to fit — never enlarged — and centred."""
    layout = QPageLayout(printer.pageLayout())
    layout.setOrientation(orientation_of(page_size))
    resolution = printer.resolution()
    area = layout.paintRectPixels(resolution)
    width = page_size.width() / POINTS_PER_INCH * resolution
    height = page_size.height() / POINTS_PER_INCH * resolution
    scale = min(1.0, area.width() / width, area.height() / height) if width > 0 and height > 0 else 1.0
    target = QRectF(0, 0, width * scale, height * scale)
    target.moveCenter(QPointF(area.width() / 2, area.height() / 2))
    fineness = min(1.0, MAX_RENDER_DPI / resolution)
    pixels = QSize(max(1, round(target.width() * fineness)), max(1, round(target.height() * fineness)))
    return target, pixels


def render_page(path: Path, index: int, pixels: QSize) -> QImage:
    """Page ``index`` of the PDF at ``path`` as an opaque image of ``pixels`` (safe in a worker thread: the
    document is this function's own)."""
    document = QPdfDocument()
    try:
        if document.load(str(path)) != QPdfDocument.Error.None_:
            raise KnownError(_("The PDF file {path} cannot be read.").format(path=path))
        rendered = document.render(index, pixels)
        if rendered.isNull():
            raise KnownError(_("Page {number} of {path} cannot be drawn.").format(number=index + 1, path=path))
    finally:
        document.close()
    # PDFium leaves the paper transparent; a printer wants white paper, not an alpha channel.
    image = QImage(rendered.size(), QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.drawImage(0, 0, rendered)
    painter.end()
    return image


class PdfPrintJob(QObject):
    """Prints ``pages`` (0-based indexes, see :func:`printer_pages`) of the PDF at ``path`` on ``printer``.
    ``page_sizes`` are the document's page sizes in points (known without rendering). Signals:

    * ``progressed(int, int)`` — sheets painted so far, sheets in all;
    * ``finished(int)`` — every sheet painted and the print job closed; the number of sheets;
    * ``failed(object)`` — the exception that stopped it (a :class:`KnownError` carries a message for the user);
      the print job was aborted;
    * ``cancelled()`` — :meth:`cancel` stopped it and aborted the print job.
    """

    progressed = Signal(int, int)
    finished = Signal(int)
    failed = Signal(object)
    cancelled = Signal()

    def __init__(
        self,
        path: Path,
        printer: QPrinter,
        pages: Sequence[int],
        page_sizes: Sequence[QSizeF],
        tasks: TaskRunner,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.path = path
        self.printer = printer
        self.pages = list(pages)
        self.page_sizes = list(page_sizes)
        self.tasks = tasks
        self.painter = QPainter()
        self.sheets = 0
        self.active = False
        self._task: Task | None = None
        self._rendering = 0  # the sheet whose page is being rendered (one at a time)

    def start(self) -> None:
        if not self.pages:
            self._fail(KnownError(_("There are no pages to print in the chosen range.")))
            return
        self.printer.setPageOrientation(orientation_of(self.page_sizes[self.pages[0]]))
        if not self.painter.begin(self.printer):
            self._fail(KnownError(_("The printer could not be started. Check that it is connected and turned on.")))
            return
        self.active = True
        self._render(0)

    def cancel(self) -> None:
        """Stop after the page being rendered; what was already sent is taken back if the printer allows it."""
        if not self.active:
            return
        self._stop()
        self.cancelled.emit()

    # --- the pipeline: render sheet k in the background, paint it (and its uncollated copies) when it arrives -----
    def _render(self, k: int) -> None:
        index = self.pages[k]
        _target, pixels = placement(self.printer, self.page_sizes[index])
        path = self.path

        def work(progress: Progress) -> QImage:
            progress(0.0)  # a cancelled job does not start another page
            return render_page(path, index, pixels)

        # Bound methods, not lambdas: Qt drops the connections if this job is deleted before the page arrives.
        task = self.tasks.run(work, self._on_rendered, self._on_render_failed, name=f"print page {index + 1}")
        self._task = task
        self._rendering = k

    def _on_rendered(self, image: QImage) -> None:
        if not self.active:
            return
        k = self._rendering
        following = k + 1
        while following < len(self.pages) and self.pages[following] == self.pages[k]:
            following += 1
        if following < len(self.pages):
            self._render(following)  # renders while this sheet is painted
        for _copy in range(k, following):
            self._paint(self.pages[k], image)
            self.sheets += 1
            self.progressed.emit(self.sheets, len(self.pages))
        if following == len(self.pages):
            self.active = False
            self._task = None
            self.painter.end()
            self.finished.emit(self.sheets)

    def _paint(self, index: int, image: QImage) -> None:
        size = self.page_sizes[index]
        if self.sheets > 0:
            # A new layout applies from the next page on; set before newPage() it is the new sheet's.
            self.printer.setPageOrientation(orientation_of(size))
            self.printer.newPage()
        target, _pixels = placement(self.printer, size)
        self.painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self.painter.drawImage(target, image)

    def _on_render_failed(self, exc: BaseException) -> None:
        if not self.active or isinstance(exc, Cancelled):
            return
        self._fail(exc)

    def _stop(self) -> None:
        self.active = False
        if self._task is not None:
            self._task.cancel()
            self._task = None
        if self.painter.isActive():
            self.printer.abort()
            self.painter.end()

    def _fail(self, exc: BaseException) -> None:
        self._stop()
        self.failed.emit(exc)
