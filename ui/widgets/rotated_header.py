"""A horizontal header that writes narrow columns' long names upright, bottom to top, in up to two lines."""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QHeaderView, QStyle, QStyleOptionHeader, QWidget

from ui.models.table import ROTATED_ROLE


class RotatedHeader(QHeaderView):
    """A horizontal header that writes the sections the model marks with ``ROTATED_ROLE`` bottom to top, in up to
    two lines, so many narrow columns can carry long names (elided past ``MAX_TEXT`` pixels; the full name is the
    section's tooltip). The other sections are drawn as usual, at the bottom."""

    MAX_TEXT: Final = 170
    MIN_TEXT: Final = 60
    LINES: Final = 2

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)

    def _rotated(self, logical: int) -> bool:
        model = self.model()
        return model is not None and bool(model.headerData(logical, self.orientation(), ROTATED_ROLE))

    def _text(self, logical: int) -> str:
        return str(self.model().headerData(logical, self.orientation(), Qt.ItemDataRole.DisplayRole) or "")

    def _metrics(self) -> QFontMetrics:
        return QFontMetrics(self._font())

    def _font(self) -> QFont:
        font = QFont(self.font())
        font.setBold(True)  # as the style sheet draws header sections
        return font

    @classmethod
    def wrap(cls, text: str, metrics: QFontMetrics, width: int) -> tuple[list[str], bool]:
        """``text`` in at most ``LINES`` lines of ``width`` pixels, the last one elided; True when all of it fits."""
        lines: list[str] = []
        words = text.split()
        while words and len(lines) < cls.LINES - 1:
            line = words.pop(0)
            while words and metrics.horizontalAdvance(f"{line} {words[0]}") <= width:
                line = f"{line} {words.pop(0)}"
            lines.append(line)
        rest = " ".join(words)
        if rest:
            lines.append(rest)
        fits = all(metrics.horizontalAdvance(line) <= width for line in lines)
        return [metrics.elidedText(line, Qt.TextElideMode.ElideRight, width) for line in lines], fits

    def _text_length(self, text: str, metrics: QFontMetrics) -> int:
        """The shortest length (in steps) at which ``text`` fits in its lines, at most ``MAX_TEXT``."""
        for length in range(self.MIN_TEXT, self.MAX_TEXT, 10):
            if self.wrap(text, metrics, length)[1]:
                return length
        return self.MAX_TEXT

    def sectionSizeFromContents(self, logicalIndex: int) -> QSize:
        if not self._rotated(logicalIndex):
            return super().sectionSizeFromContents(logicalIndex)
        metrics = self._metrics()
        length = self._text_length(self._text(logicalIndex), metrics)
        return QSize(metrics.lineSpacing() * self.LINES + 10, length + 18)

    def paintSection(self, painter: QPainter, rect: QRect, logicalIndex: int) -> None:
        if not self._rotated(logicalIndex):
            super().paintSection(painter, rect, logicalIndex)
            return
        option = QStyleOptionHeader()
        self.initStyleOption(option)
        self.initStyleOptionForIndex(option, logicalIndex)
        option.rect = rect
        option.text = ""
        painter.save()
        self.style().drawControl(QStyle.ControlElement.CE_Header, option, painter, self)
        painter.restore()
        painter.save()
        painter.setFont(self._font())
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.translate(rect.left(), rect.bottom())
        painter.rotate(-90)
        metrics = self._metrics()
        width = rect.height() - 16
        lines, _fits = self.wrap(self._text(logicalIndex), metrics, width)
        top = (rect.width() - metrics.lineSpacing() * len(lines)) // 2
        for number, line in enumerate(lines):
            area = QRect(9, top + number * metrics.lineSpacing(), width, metrics.lineSpacing())
            painter.drawText(area, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), line)
        painter.restore()
