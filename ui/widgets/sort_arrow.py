"""Sort arrows that point the way a reader expects: ▲ over a column sorted A to Я (ascending), ▼ over Я to А.

Qt's header draws the opposite (ascending as "sort down"), so a list sorted newest first showed ▲. The app's style
swaps the two when it draws the arrow; what the header knows (``sortIndicatorOrder``) stays Qt's."""

from __future__ import annotations

from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QProxyStyle, QStyle, QStyleOption, QStyleOptionHeader, QWidget

_UP = QStyleOptionHeader.SortIndicator.SortUp
_DOWN = QStyleOptionHeader.SortIndicator.SortDown


class SortArrowStyle(QProxyStyle):
    """The platform's style, with the header's sort arrow pointing up for an ascending sort."""

    def drawPrimitive(
        self, element: QStyle.PrimitiveElement, option: QStyleOption, painter: QPainter, widget: QWidget | None = None
    ) -> None:
        arrow = element == QStyle.PrimitiveElement.PE_IndicatorHeaderArrow
        if arrow and isinstance(option, QStyleOptionHeader) and option.sortIndicator in (_UP, _DOWN):
            option = QStyleOptionHeader(option)
            option.sortIndicator = _DOWN if option.sortIndicator == _UP else _UP
        super().drawPrimitive(element, option, painter, widget)
