"""One clock: "now" and "today" come from a :class:`Clock` handed down, and no module but ``osgo_desktop/clock.py``
reads the computer's clock — so the suite, the demo and every date the app prints follow the clock they are given."""

from __future__ import annotations

import ast
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from osgo_desktop.clock import BISHKEK, FixedClock, SystemClock

ROOT = Path(__file__).resolve().parents[2]
#: the one module allowed to read the system clock
CLOCK_MODULE = ROOT / "osgo_desktop" / "clock.py"

#: what reads the wall clock, by the fully qualified name a call or reference resolves to
READS_THE_CLOCK = frozenset(
    {
        "datetime.date.today",
        "datetime.datetime.today",
        "datetime.datetime.now",
        "datetime.datetime.utcnow",
        "time.time",
        "time.time_ns",
        "PySide6.QtCore.QDate.currentDate",
        "PySide6.QtCore.QTime.currentTime",
        "PySide6.QtCore.QDateTime.currentDateTime",
        "PySide6.QtCore.QDateTime.currentDateTimeUtc",
        "PySide6.QtCore.QDateTime.currentMSecsSinceEpoch",
        "PySide6.QtCore.QDateTime.currentSecsSinceEpoch",
    }
)
#: these read the clock only when called with no moment to convert
READS_THE_CLOCK_WITHOUT_ARGUMENTS = frozenset({"time.localtime", "time.gmtime", "time.ctime", "time.asctime"})
#: the former wall-clock helper: gone, and must not come back under any import
FORBIDDEN_NAMES = frozenset({"today_in_bishkek"})


def _aliases(tree: ast.Module) -> dict[str, str]:
    """Local name → the qualified name it was imported as (``dt`` → ``datetime``, ``date`` → ``datetime.date``)."""
    names: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                names[alias.asname or alias.name.split(".")[0]] = (
                    alias.name if alias.asname else alias.name.split(".")[0]
                )
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                names[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return names


def _qualified(node: ast.expr, aliases: dict[str, str]) -> str | None:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(aliases.get(node.id, node.id))
    return ".".join(reversed(parts))


def clock_reads(source: str, filename: str = "<source>") -> Iterator[tuple[int, str]]:
    """(line, what) for every place in ``source`` that reads the wall clock."""
    tree = ast.parse(source, filename)
    aliases = _aliases(tree)
    calls = {id(node.func): node for node in ast.walk(tree) if isinstance(node, ast.Call)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name | ast.Attribute):
            name = node.id if isinstance(node, ast.Name) else node.attr
            if name in FORBIDDEN_NAMES:
                yield node.lineno, name
                continue
            if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
                continue
            qualified = _qualified(node, aliases)
            if qualified in READS_THE_CLOCK:
                yield node.lineno, qualified
            elif qualified in READS_THE_CLOCK_WITHOUT_ARGUMENTS:
                call = calls.get(id(node))
                if call is None or not (call.args or call.keywords):
                    yield node.lineno, qualified
        elif isinstance(node, ast.alias) and node.name.rsplit(".", 1)[-1] in FORBIDDEN_NAMES:
            yield getattr(node, "lineno", 0), node.name


def _modules() -> list[Path]:
    return sorted(
        path for folder in ("osgo_desktop", "ui") for path in (ROOT / folder).rglob("*.py") if path != CLOCK_MODULE
    )


def test_only_the_clock_module_reads_the_system_clock() -> None:
    modules = _modules()
    assert len(modules) > 50  # the whole app is looked at, not an empty folder
    found = [
        f"{path.relative_to(ROOT)}:{line}: {what}"
        for path in modules
        for line, what in clock_reads(path.read_text(encoding="utf-8"), str(path))
    ]
    assert found == [], "read the time from the Clock handed down instead:\n" + "\n".join(found)


@pytest.mark.parametrize(
    "source",
    [
        "import datetime as dt\nx = dt.date.today()",
        "import datetime\nx = datetime.datetime.now(datetime.UTC)",
        "from datetime import datetime\nx = datetime.utcnow()",
        "from datetime import date as D\nx = D.today()",
        "import time\nx = time.time()",
        "from time import time as now\nx = now()",
        "import time\nx = time.localtime()",
        "import datetime as dt\nfrom dataclasses import field\nx = field(default_factory=dt.datetime.now)",
        "from PySide6.QtCore import QDate\nx = QDate.currentDate()",
        "from PySide6.QtCore import QDateTime\nx = QDateTime.currentDateTime()",
        "from osgo_desktop.domain.calendar import today_in_bishkek",
        "from somewhere import clocks\nx = clocks.today_in_bishkek()",
    ],
)
def test_the_check_finds_every_way_of_reading_the_clock(source: str) -> None:
    assert list(clock_reads(source)), source


@pytest.mark.parametrize(
    "source",
    [
        "import time\nx = time.perf_counter()",  # a duration, not the time of day
        "import time\nx = time.monotonic()",
        "import time\nx = time.localtime(0)",  # a conversion of a given moment
        "import datetime as dt\nx = dt.datetime(2026, 1, 1).date()",
        "def f(clock):\n    return clock.today(), clock.now()",
        "import datetime as dt\nx = dt.datetime.fromisoformat('2026-01-01')",
    ],
)
def test_the_check_lets_durations_and_conversions_be(source: str) -> None:
    assert list(clock_reads(source)) == [], source


def test_today_is_the_date_in_bishkek() -> None:
    # 18:30 UTC on 31 December is already 1 January in Bishkek (UTC+6).
    assert FixedClock(dt.datetime(2026, 12, 31, 18, 30, tzinfo=dt.UTC)).today() == dt.date(2027, 1, 1)
    assert FixedClock(dt.datetime(2026, 12, 31, 17, 59, tzinfo=dt.UTC)).today() == dt.date(2026, 12, 31)


def test_a_fixed_clock_stands_still_until_it_is_moved() -> None:
    clock = FixedClock.on(dt.date(2026, 11, 23), dt.time(9, 30))
    assert clock.now() == clock.now() == dt.datetime(2026, 11, 23, 3, 30, tzinfo=dt.UTC)
    assert clock.local_now() == dt.datetime(2026, 11, 23, 9, 30, tzinfo=BISHKEK)
    assert clock.utc_naive() == dt.datetime(2026, 11, 23, 3, 30)  # as the database keeps time
    clock.advance(dt.timedelta(hours=15))  # 00:30 the next day in Bishkek
    assert clock.today() == dt.date(2026, 11, 24)
    clock.set_day(dt.date(2031, 1, 1))
    assert clock.today() == dt.date(2031, 1, 1) and clock.local_now().hour == 12
    with pytest.raises(ValueError, match="time zone"):
        clock.set(dt.datetime(2026, 1, 1))  # a moment without a zone means nothing


def test_the_system_clock_gives_an_aware_utc_moment() -> None:
    now = SystemClock().now()
    assert now.tzinfo is not None and now.utcoffset() == dt.timedelta(0)
