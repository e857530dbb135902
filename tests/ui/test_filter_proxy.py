"""The table filter: case-folded matches across Kyrgyz and Russian letters, by number and by organisation; the
selection follows its row; the proxy stays a sound model while the filter and the sort change."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from osgo_desktop.domain.person import Channel, Nomination
from osgo_desktop.domain.registry import Sex
from osgo_desktop.services.applications import ApplicationRow
from ui.models.columns import APPLICATION_COLUMNS
from ui.models.table import FilterProxy, RowTableModel, SortFilterProxy

PEOPLE = [
    ("Үсөнов Бекзат", "«Жаңы муун» КБ"),
    ("Өмүрбекова Айгүл", "«ЖАҢЫ МУУН» КБ"),
    ("Иванова Мария", "Союз «Развитие»"),
    ("Токтосунова Нургүл", "Өз алдынча"),
]


def application(number: int, name: str, nominated_by: str) -> ApplicationRow:
    return ApplicationRow(
        id=number,
        number=number,
        display_number=f"2026/01-{number:03d}",
        person_id=number,
        full_name=name,
        sex=Sex.FEMALE,
        pin=f"2010119900{number:04d}",
        birth_date=dt.date(1990, 1, 1),
        received_at=dt.datetime(2026, 11, 3, 9, number, tzinfo=dt.UTC),
        channel=Channel.IN_PERSON,
        nomination=Nomination.SELF,
        nominated_by=nominated_by,
        late=False,
        withdrawn=False,
        documents=3,
        missing=(),
    )


@pytest.fixture
def proxy(qtbot: QtBot, qtmodeltester: ModelTester) -> FilterProxy:
    model: RowTableModel[ApplicationRow] = RowTableModel(APPLICATION_COLUMNS)
    proxy = FilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)  # type: ignore[no-untyped-call]  # and it keeps watching every signal below
    model.set_rows([application(i, name, org) for i, (name, org) in enumerate(PEOPLE, start=1)])
    return proxy


def shown(proxy: FilterProxy) -> list[str]:
    return [proxy.index(row, 1).data() for row in range(proxy.rowCount())]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("ҮСӨН", ["Үсөнов Бекзат"]),  # Kyrgyz capitals find small letters
        ("өмүр", ["Өмүрбекова Айгүл"]),  # and small letters capitals
        ("  жаңы МУУН ", ["Үсөнов Бекзат", "Өмүрбекова Айгүл"]),  # the organisation, in any case, trimmed
        ("ИВАНОВА", ["Иванова Мария"]),  # Russian
        ("развитие", ["Иванова Мария"]),
        ("2026/01-004", ["Токтосунова Нургүл"]),  # the registration number
        ("20101199000003", ["Иванова Мария"]),  # the PIN
        ("нет такого", []),
        ("", [name for name, _org in PEOPLE]),
    ],
)
def test_the_filter_matches_any_case_in_any_column(proxy: FilterProxy, text: str, names: list[str]) -> None:
    proxy.set_text(text)
    assert shown(proxy) == names
    assert proxy.rowCount() == len(names) and proxy.sourceModel().rowCount() == len(PEOPLE)


def test_the_selection_follows_its_row_through_filter_and_sort(proxy: FilterProxy) -> None:
    model = proxy.sourceModel()
    assert isinstance(model, RowTableModel)
    current = proxy.index(1, 0)  # Өмүрбекова
    kept = QPersistentModelIndex(current)
    proxy.set_text("муун")
    assert kept.row() == 1 and kept.data() == "2026/01-002"
    proxy.sort(0, Qt.SortOrder.DescendingOrder)  # 2026/01-002 before 2026/01-001
    assert kept.row() == 0 and shown(proxy) == ["Өмүрбекова Айгүл", "Үсөнов Бекзат"]
    proxy.set_text("үсөн")
    assert not kept.isValid()
    proxy.set_text("")
    assert proxy.mapToSource(proxy.index(1, 1)).data() == "Иванова Мария"
    assert proxy.mapFromSource(model.index(0, 0)) == proxy.index(0, 0) and shown(proxy)[0] == "Токтосунова Нургүл"
    assert proxy.mapToSource(QModelIndex()) == QModelIndex()


def test_a_predicate_and_the_text_together(proxy: FilterProxy) -> None:
    proxy.set_predicate(lambda row: "КБ" in row.nominated_by)
    assert shown(proxy) == ["Үсөнов Бекзат", "Өмүрбекова Айгүл"]
    proxy.set_text("айгүл")
    assert shown(proxy) == ["Өмүрбекова Айгүл"]
    proxy.set_predicate(None)
    assert shown(proxy) == ["Өмүрбекова Айгүл"]


def test_new_rows_are_filtered_as_they_come(proxy: FilterProxy) -> None:
    proxy.set_text("жаңы")
    model = proxy.sourceModel()
    assert isinstance(model, RowTableModel)
    model.set_rows([application(9, "Жаңыбаев Улан", "Өз алдынча")])
    assert shown(proxy) == ["Жаңыбаев Улан"]
    model.set_rows([application(9, "Асанов Улан", "Өз алдынча")])
    assert shown(proxy) == []


def test_the_filter_proxy_shows_only_a_row_table(qtbot: QtBot) -> None:
    with pytest.raises(TypeError):
        FilterProxy().setSourceModel(SortFilterProxy())
