"""The one clock: what time it is, for the whole app.

Nothing else reads the system clock (``tests/unit/test_one_clock.py`` checks it). The app, the CLI and the tests
each make one :class:`Clock` and hand it down: the database carries it into every unit of work (``uow.clock``),
where services, row time stamps and the audit chain take the time from it; pages and dialogs take it from the app
context. Reports are given the date they print.

"Now" is an aware UTC moment; "today" is the calendar day in Bishkek, where the law's deadlines run. Durations
(``time.perf_counter``, ``time.monotonic``) are not the time of day and do not come from here.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from zoneinfo import ZoneInfo

#: where the Commission sits: its calendar days are the law's days
BISHKEK = ZoneInfo("Asia/Bishkek")


def in_bishkek(stored: dt.datetime) -> dt.datetime:
    """A moment as the database stores it (UTC, without a zone; see :meth:`Clock.utc_naive`) on Bishkek's wall
    clock."""
    return stored.replace(tzinfo=dt.UTC).astimezone(BISHKEK)


class Clock(ABC):
    """Gives the time; everything else derives from :meth:`now`."""

    @abstractmethod
    def now(self) -> dt.datetime:
        """This moment, aware, in UTC."""

    def today(self) -> dt.date:
        """Today's calendar day in Bishkek."""
        return self.local_now().date()

    def local_now(self) -> dt.datetime:
        """This moment on Bishkek's wall clock (aware)."""
        return self.now().astimezone(BISHKEK)

    def utc_naive(self) -> dt.datetime:
        """This moment as the database stores time: UTC, without a zone."""
        return self.now().astimezone(dt.UTC).replace(tzinfo=None)


class SystemClock(Clock):
    """The computer's clock: the app's and the CLI's."""

    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)


class FixedClock(Clock):
    """A clock that stands still until it is moved: the tests' clock, and the demo's while it writes the history
    it shows as having happened on earlier days."""

    def __init__(self, moment: dt.datetime) -> None:
        self._moment = _aware(moment)

    @classmethod
    def on(cls, day: dt.date, at: dt.time = dt.time(12, 0)) -> FixedClock:
        """A clock standing at ``at`` (Bishkek time) on ``day``."""
        return cls(dt.datetime.combine(day, at, tzinfo=BISHKEK))

    def now(self) -> dt.datetime:
        return self._moment.astimezone(dt.UTC)

    def set(self, moment: dt.datetime) -> None:
        self._moment = _aware(moment)

    def set_day(self, day: dt.date, at: dt.time = dt.time(12, 0)) -> None:
        """Stand at ``at`` (Bishkek time) on ``day``."""
        self._moment = dt.datetime.combine(day, at, tzinfo=BISHKEK)

    def advance(self, delta: dt.timedelta) -> None:
        self._moment += delta

    def __repr__(self) -> str:
        return f"FixedClock({self._moment.isoformat()})"


def _aware(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        raise ValueError("a clock's moment needs a time zone")
    return moment
