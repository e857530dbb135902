"""Lists sort in Kyrgyz alphabetical order (А Б … Н Ң О Ө … У Ү …), and a header's arrow tells the order shown."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication, QStyle, QStyleFactory, QStyleOptionHeader, QTableView
from pytestqt.qtbot import QtBot

from osgo_desktop.domain.collation import alphabetical
from osgo_desktop.domain.registry import StateBodyDraft
from osgo_desktop.services import registries
from osgo_desktop.storage.uow import Database
from ui.app import load_style
from ui.main_window import MainWindow
from ui.models.table import Column, FilterProxy, RowTableModel, sortable
from ui.widgets.sort_arrow import SortArrowStyle

#: as a service gives them: not in any alphabetical order
NAMES = ("Үй-бүлө", "Бакыт", "Ысык", "Өмүр", "Абай", "ңы", "Ясин", "Нурлан", "Улан", "Оморов")
#: the Kyrgyz alphabet's order: Н Ң О Ө … У Ү … Я (code points put Ө and Ү after Я, Ң after everything)
KYRGYZ_ORDER = ["Абай", "Бакыт", "Нурлан", "ңы", "Оморов", "Өмүр", "Улан", "Үй-бүлө", "Ысык", "Ясин"]


@dataclass(frozen=True)
class Row:
    number: int
    name: str


COLUMNS = (
    Column("No.", lambda r: str(r.number), sort_key=lambda r: r.number),
    Column("Name", lambda r: r.name),
    # a column with its own key of text: taken as it is (collating a collation key again would scramble it)
    Column("Name, keyed", lambda r: r.name, sort_key=lambda r: alphabetical(r.name)),
)


def _view(qtbot: QtBot) -> tuple[QTableView, RowTableModel[Row], FilterProxy]:
    model: RowTableModel[Row] = RowTableModel(COLUMNS)
    proxy = FilterProxy()
    proxy.setSourceModel(model)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(proxy)
    return view, model, proxy


def _shown(proxy: FilterProxy, column: int = 1) -> list[str]:
    return [proxy.index(row, column).data() for row in range(proxy.rowCount())]


def test_a_column_sorts_in_kyrgyz_alphabetical_order(qtbot: QtBot) -> None:
    view, model, proxy = _view(qtbot)
    sortable(view)
    model.set_rows([Row(i, name) for i, name in enumerate(NAMES, start=1)])
    view.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    assert _shown(proxy) == KYRGYZ_ORDER
    view.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    assert _shown(proxy) == KYRGYZ_ORDER[::-1]
    view.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    assert _shown(proxy) == KYRGYZ_ORDER


def test_a_list_in_its_own_order_shows_no_arrow_until_the_user_sorts(qtbot: QtBot) -> None:
    view, model, proxy = _view(qtbot)
    sortable(view)
    model.set_rows([Row(i, name) for i, name in enumerate(NAMES, start=1)])
    assert _shown(proxy) == list(NAMES)  # as given, not sorted by the first column in either direction
    assert view.horizontalHeader().sortIndicatorSection() == -1
    model.set_rows([Row(i, name) for i, name in enumerate(reversed(NAMES), start=1)])
    assert _shown(proxy) == list(reversed(NAMES))


def test_the_arrow_is_on_the_column_and_in_the_direction_shown(qtbot: QtBot) -> None:
    view, model, proxy = _view(qtbot)
    sortable(view, 0, Qt.SortOrder.DescendingOrder)
    model.set_rows([Row(i, name) for i, name in enumerate(NAMES, start=1)])
    header = view.horizontalHeader()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (0, Qt.SortOrder.DescendingOrder)
    assert _shown(proxy, 0) == [str(n) for n in range(len(NAMES), 0, -1)]


def _arrow(style: QStyle, indicator: QStyleOptionHeader.SortIndicator) -> QImage:
    image = QImage(24, 24, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    option = QStyleOptionHeader()
    option.rect = QRect(0, 0, 24, 24)
    option.sortIndicator = indicator
    painter = QPainter(image)
    style.drawPrimitive(QStyle.PrimitiveElement.PE_IndicatorHeaderArrow, option, painter)
    painter.end()
    return image


def test_an_ascending_sort_draws_the_arrow_pointing_up() -> None:
    """Qt's header asks for "sort down" on an ascending sort (and Fusion draws ▼); the app's style draws ▲."""
    fusion = QStyleFactory.create("Fusion")
    ours = SortArrowStyle(QStyleFactory.create("Fusion"))
    up, down = QStyleOptionHeader.SortIndicator.SortUp, QStyleOptionHeader.SortIndicator.SortDown
    assert _arrow(fusion, up) != _arrow(fusion, down)
    assert _arrow(ours, down) == _arrow(fusion, up)  # ascending: the up arrow
    assert _arrow(ours, up) == _arrow(fusion, down)


def test_the_app_and_its_picture_tools_draw_the_same_arrows(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The tools that picture the app (the guide's screenshots) set it up with ``load_style`` as the app does: the
    arrows come with the style sheet, not from a line of ``main`` only."""
    styles: list[object] = []
    monkeypatch.setattr(QApplication, "setStyle", lambda _self, style: styles.append(style))
    monkeypatch.setattr(QApplication, "setStyleSheet", lambda _self, _sheet: None)
    load_style(qapp)
    assert [type(style) for style in styles] == [SortArrowStyle]


def test_a_registry_lists_in_kyrgyz_alphabetical_order_without_an_arrow(window: MainWindow, db: Database) -> None:
    with db.uow() as uow:
        for name in ("Үкмөт", "Өкмөттүн аппараты", "Башкы прокуратура", "Айыл чарба министрлиги"):
            registries.save_body(uow, StateBodyDraft(name_ky=name, name_ru=f"Орган {name}"))
    with db.uow() as uow:
        assert [b.name.ky for b in registries.list_bodies(uow)] == [
            "Айыл чарба министрлиги",
            "Башкы прокуратура",
            "Өкмөттүн аппараты",
            "Үкмөт",
        ]
    dialog = window.open_bodies()
    assert dialog.table.horizontalHeader().sortIndicatorSection() == -1
    assert [b.name.ky for b in dialog.model.rows()] == [
        "Айыл чарба министрлиги",
        "Башкы прокуратура",
        "Өкмөттүн аппараты",
        "Үкмөт",
    ]


def test_the_competitions_list_says_it_is_newest_first(demo_db: Database, window: MainWindow) -> None:
    page = window.competitions_page
    numbers = [page.proxy.index(row, 0).data() for row in range(page.proxy.rowCount())]
    assert len(numbers) > 1 and numbers == sorted(numbers, reverse=True)
    header = page.table.horizontalHeader()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (0, Qt.SortOrder.DescendingOrder)
