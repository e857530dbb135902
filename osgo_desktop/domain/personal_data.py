"""How long an applicant's personal data is kept (docs/decisions.md, "Personal data: how long it is kept and how it is
erased"): the rule alone, over dates the service reads from the database.

A person's national ID number, birth date, contacts, workplace and position (``audit_chain.PERSONAL_FIELDS``) are kept
while any of these holds, and for :data:`KEEP_MONTHS` more after the last of them ended:

- a competition they applied to is not over (neither closed nor cancelled);
- a competition they were a candidate in (admitted to its vote) formed a composition that still sits: its reserve
  list may yet fill a vacancy, and the one-council rule is checked by the PIN;
- they hold a seat (a mandate that has not ended), or sit on the Commission's roster.

Nothing about a person that a protocol prints (names, sex, organisation, votes) is erased.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from osgo_desktop.domain.calendar import add_months
from osgo_desktop.i18n import _

#: how long the personal data is kept after the last reason to keep it ended: a year, longer than any time to
#: challenge a competition's result, and long enough to answer the questions that follow a competition
KEEP_MONTHS: Final = 12


def hidden_mark() -> str:
    """What a personal field shows to one who may not see it (``Action.READ_PERSONAL``), instead of an empty field."""
    return _("hidden")


@dataclass(frozen=True)
class Hold:
    """One reason to keep a person's data: until ``ended`` (None: it has not ended)."""

    ended: dt.date | None


def keeping_ends(holds: Iterable[Hold], fallback: dt.date) -> dt.date | None:
    """The first day the person's data is no longer kept — :data:`KEEP_MONTHS` after the last hold ended; None
    while a hold has not ended. A person with no hold at all (a name typed in a registry and left) is kept
    :data:`KEEP_MONTHS` from ``fallback`` (the day their row last changed)."""
    ends: list[dt.date] = []
    for hold in holds:
        if hold.ended is None:
            return None
        ends.append(hold.ended)
    return add_months(max(ends) if ends else fallback, KEEP_MONTHS)


def seat_ended(left_on: dt.date | None, ends_on: dt.date, composition_ended: dt.date | None, today: dt.date) -> Hold:
    """A mandate's hold: it ends the day the member left, the term ran out or the composition's powers ended; None
    while that day is still to come."""
    end = min(day for day in (left_on, ends_on, composition_ended) if day is not None)
    return Hold(None if end >= today else end)
