"""The applications table with 10,000 rows: time per filter keystroke against a bare Qt table, and memory.

    python bench/bench_applications_table.py [--rows 10000] [--rounds 5]

The real applications page (its model, filter proxy, table view and filter box; no database: the rows are handed
to its model as the service returns them) against the baseline: a bare ``QSortFilterProxyModel`` (fixed string,
any case, every column) over a ``QStandardItemModel`` of the same rows' texts, in a ``QTableView`` set up and
sized like the page's. Offscreen. Each keystroke is the filter box's text set, timed until the events it caused
(layout, paint) are processed; the two tables take turns, keystroke by keystroke, so a busy machine slows both
alike. Reported: median, p90 and max of each, and the ratio of the p90s (goal: at most 1.5). The memory is the
process's resident size before and after loading the rows into the page.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, QSortFilterProxyModel, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit, QTableView

from osgo_desktop.clock import FixedClock
from osgo_desktop.domain.person import Channel, Nomination
from osgo_desktop.domain.profile import LocalText
from osgo_desktop.domain.registry import Sex
from osgo_desktop.services.applications import ApplicationRow
from ui.context import AppContext
from ui.models.columns import APPLICATION_COLUMNS
from ui.pages.applications import ApplicationsPage
from ui.settings import Settings

#: typed, deleted, typed again: a name, then a registration number, then an organisation
KEYSTROKES = ("т", "то", "ток", "токт", "токто", "токтос", "токто", "ток", "то", "т", "", "2026/01-0", "жаран 1")
GOAL = 1.5

SURNAMES = [
    "Асанов",
    "Бакиров",
    "Жумабаева",
    "Осмонова",
    "Сыдыков",
    "Токтосунова",
    "Үсөнов",
    "Өмүрбекова",
    "Кадырова",
    "Мамытова",
    "Рысбеков",
    "Шарипова",
    "Эсенов",
    "Нуралиев",
    "Абдыкадыров",
]
NAMES = ["Айгүл", "Нурлан", "Динара", "Бекзат", "Мээрим", "Азамат", "Жылдыз", "Улан", "Нургүл", "Канат"]


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def make_rows(count: int) -> list[ApplicationRow]:
    rng = random.Random(7)
    start = dt.datetime(2026, 11, 3, 9, tzinfo=dt.UTC)
    missing = (LocalText("Сунуштама кат (1/2)", "Рекомендательное письмо (1/2)", "Recommendation letter (1/2)"),)
    return [
        ApplicationRow(
            id=i,
            number=i,
            display_number=f"2026/01-{i:05d}",
            person_id=i,
            full_name=f"{rng.choice(SURNAMES)} {rng.choice(NAMES)} {rng.choice(NAMES)}уулу",
            sex=rng.choice(list(Sex)),
            pin=f"{rng.randint(10000000000000, 29999999999999)}",
            birth_date=dt.date(1960 + i % 40, 1 + i % 12, 1 + i % 28),
            received_at=start + dt.timedelta(minutes=7 * i),
            channel=Channel.IN_PERSON,
            nomination=Nomination.SELF,
            nominated_by=f"«Жаран {i % 300}» КБ",
            late=i % 50 == 0,
            withdrawn=i % 97 == 0,
            documents=i % 6,
            missing=missing if i % 5 == 0 else (),
        )
        for i in range(1, count + 1)
    ]


def baseline(rows: list[ApplicationRow], like: QTableView, joined: bool) -> tuple[QTableView, QLineEdit]:
    """A bare Qt table of the same texts, its filter box wired straight to Qt's own filter: over every column,
    or (``joined``) over one hidden column holding each row's texts joined, one look-up per row."""
    columns = len(APPLICATION_COLUMNS)
    model = QStandardItemModel(len(rows), columns + 1)
    for r, row in enumerate(rows):
        texts = [column.text(row) for column in APPLICATION_COLUMNS]
        for c, text in enumerate(texts):
            model.setItem(r, c, QStandardItem(text))
        model.setItem(r, columns, QStandardItem("\t".join(texts)))
    proxy = QSortFilterProxyModel(model)
    proxy.setSourceModel(model)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    proxy.setFilterKeyColumn(columns if joined else -1)
    view = QTableView()
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    view.setColumnHidden(columns, True)
    view.resize(like.size())
    view.show()
    view.resizeColumnsToContents()
    box = QLineEdit()
    box.textChanged.connect(proxy.setFilterFixedString)
    return view, box


def summary(name: str, timings: list[float]) -> tuple[str, float]:
    p90 = statistics.quantiles(timings, n=10)[-1]
    text = (
        f"{name}: median {statistics.median(timings) * 1000:.1f} ms, p90 {p90 * 1000:.1f} ms, "
        f"max {max(timings) * 1000:.1f} ms"
    )
    return text, p90


def keystroke(app: QApplication, box: QLineEdit, text: str) -> float:
    start = time.perf_counter()
    box.setText(text)
    app.processEvents()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    app = QApplication([])
    folder = tempfile.TemporaryDirectory()
    settings = Settings(QSettings(str(Path(folder.name) / "settings.ini"), QSettings.Format.IniFormat))
    ctx = AppContext(None, settings, FixedClock(dt.datetime(2026, 11, 20, 6, tzinfo=dt.UTC)))
    page = ApplicationsPage(ctx)
    page.resize(1300, 760)
    page.show()
    app.processEvents()
    before = rss_mb()
    rows = make_rows(args.rows)
    start = time.perf_counter()
    page.model.set_rows(rows)
    page.table.resizeColumnsToContents()
    app.processEvents()
    load = time.perf_counter() - start
    after = rss_mb()
    bare = [baseline(rows, page.table, joined) for joined in (False, True)]
    app.processEvents()
    ours: list[float] = []
    theirs: tuple[list[float], list[float]] = ([], [])
    for _round in range(args.rounds):
        for text in KEYSTROKES:
            ours.append(keystroke(app, page.filter, text))
            for timings, (_view, box) in zip(theirs, bare, strict=True):
                timings.append(keystroke(app, box, text))
    ours_text, ours_p90 = summary("the applications page", ours)
    print(f"{args.rows} rows, {len(ours)} keystrokes each (offscreen):")
    print(f"  {ours_text}")
    ratio = 0.0
    for name, timings in zip(("every column", "one joined column"), theirs, strict=True):
        text, p90 = summary(f"bare QSortFilterProxyModel + QStandardItemModel, {name}", timings)
        ratio = max(ratio, ours_p90 / p90)
        print(f"  {text}; p90 ratio {ours_p90 / p90:.2f}")
    print(f"  worst p90 ratio {ratio:.2f} (goal: at most {GOAL})")
    print(
        f"  page loaded and shown in {load * 1000:.0f} ms; resident memory {before:.0f} MB before the rows, "
        f"{after:.0f} MB after (+{after - before:.0f} MB)"
    )
    for view, _box in bare:
        view.close()
    page.close()
    return 0 if ratio <= GOAL else 1


if __name__ == "__main__":
    raise SystemExit(main())
