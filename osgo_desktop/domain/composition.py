"""Compositions over time: who holds which seat of a public council or of the Commission, from when to when.

A *composition* is one term of a body's public council (or of the Commission): its seats and the dates its powers
run. A *mandate* is one person holding one seat of it, from a date to a date, with how they came and how they left.
History is never deleted: a departure ends a mandate, and the composition on any date is the mandates that ran on
that day. These are the pure rules; ``services/compositions.py`` reads and writes them.

Decisions (``docs/decisions.md``, "Compositions"):

* A mandate runs from ``starts_on`` to ``ends_on`` inclusive, or to the day before ``left_on`` when the member left
  early: the day someone leaves, the seat is already vacant.
* A regular competition's elected are seated for the profile's term from the formation date the decision states;
  the composition before ends the day before (its members leave with ``term_ended``). A replacement serves the rest
  of the vacated term: its mandate ends when the composition's term does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from osgo_desktop.domain.calendar import add_months
from osgo_desktop.i18n import N_


class SeatKind(StrEnum):
    #: a seat on a state body's public council
    COUNCIL = "council"
    #: a civil-society seat of the Commission (elected by a Commission competition)
    CIVIL = "civil"
    #: a permanent seat of the Commission, held by a representative a body appoints
    PERMANENT = "permanent"


class Came(StrEnum):
    """How a member came to the seat."""

    ELECTED = "elected"  # elected in competition N
    RESERVE = "reserve"  # filled a vacancy from the reserve list of competition N
    REPLACEMENT = "replacement"  # elected in a replacement competition N, for the rest of a vacated term
    APPOINTED = "appointed"  # appointed by a body (the Commission's permanent members)
    IMPORTED = "imported"  # on record before the app: imported from a list of the sitting members


CAME_LABELS: Final = {
    Came.ELECTED: N_("Elected in competition {competition}"),
    Came.RESERVE: N_("From the reserve list of competition {competition}"),
    Came.REPLACEMENT: N_("Elected in replacement competition {competition}"),
    Came.APPOINTED: N_("Appointed by {body}"),
    Came.IMPORTED: N_("Imported from the list of sitting members"),
}


class LeftReason(StrEnum):
    TERM_ENDED = "term_ended"
    RESIGNED = "resigned"
    REMOVED = "removed"
    DIED = "died"
    OTHER = "other"


LEFT_LABELS: Final = {
    LeftReason.TERM_ENDED: N_("Term ended"),
    LeftReason.RESIGNED: N_("Resigned"),
    LeftReason.REMOVED: N_("Removed"),
    LeftReason.DIED: N_("Died"),
    LeftReason.OTHER: N_("Other"),
}

#: reasons that leave a vacancy to fill (a term that ends is followed by the next composition, not by a replacement)
EARLY: Final = frozenset({LeftReason.RESIGNED, LeftReason.REMOVED, LeftReason.DIED, LeftReason.OTHER})


@dataclass(frozen=True)
class Term:
    """One mandate's dates, as the rules see them."""

    starts_on: dt.date
    ends_on: dt.date
    left_on: dt.date | None = None

    @property
    def last_day(self) -> dt.date:
        """The last day the member holds the seat."""
        if self.left_on is not None:
            return min(self.ends_on, self.left_on - dt.timedelta(days=1))
        return self.ends_on

    def holds_on(self, day: dt.date) -> bool:
        return self.starts_on <= day <= self.last_day


def term_end(start: dt.date, years: int) -> dt.date:
    """The last day of a term of ``years`` that starts on ``start``: the day before the same date ``years`` later
    (a term from 6 December 2026 for 2 years runs to 5 December 2028)."""
    return add_months(start, 12 * years) - dt.timedelta(days=1)


def sex_cap(seats: int, percent: int | None) -> int | None:
    """The most members of one sex a composition of ``seats`` may have (⌊0.7·S⌋ for 70 %), or None without a cap."""
    return None if percent is None else seats * percent // 100


@dataclass(frozen=True)
class Sitting:
    """A member of a composition on some day, as the reserve rules see them."""

    sex: str
    organization: str


@dataclass(frozen=True)
class ReserveCandidate:
    """A candidate on a reserve list, in its order, with what the rules need to know of them."""

    id: str
    name: str
    sex: str
    organization: str
    #: why they cannot take a seat at all now (a seat elsewhere, on the Commission …), as a translated sentence
    ineligible: str | None = None


@dataclass(frozen=True)
class ReserveChoice:
    """The next reserve candidate who may take the seat (None when the list is exhausted), and those passed over
    before them with the reason (a translated sentence)."""

    chosen: ReserveCandidate | None
    skipped: tuple[tuple[ReserveCandidate, str], ...]


def organization_key(name: str) -> str:
    """Organisations compared as the tally compares them: by their trimmed name, case-insensitively."""
    return " ".join(name.split()).casefold()


def next_from_reserve(
    reserve: Sequence[ReserveCandidate],
    sitting: Iterable[Sitting],
    *,
    seats: int,
    sex_cap_percent: int | None,
    one_per_organization: bool,
    messages: ReserveMessages,
) -> ReserveChoice:
    """The first candidate in reserve order who is still eligible and keeps the composition lawful: the sex cap on
    ``seats`` and one member per organisation, checked against the members sitting after the departure."""
    members = list(sitting)
    cap = sex_cap(seats, sex_cap_percent)
    taken = {organization_key(m.organization) for m in members if m.organization.strip()}
    skipped: list[tuple[ReserveCandidate, str]] = []
    for candidate in reserve:
        if candidate.ineligible:
            skipped.append((candidate, candidate.ineligible))
            continue
        if (
            one_per_organization
            and candidate.organization.strip()
            and organization_key(candidate.organization) in taken
        ):
            skipped.append((candidate, messages.organization.format(organization=candidate.organization)))
            continue
        if cap is not None and sum(1 for m in members if m.sex == candidate.sex) + 1 > cap:
            skipped.append((candidate, messages.sex_cap.format(cap=cap, seats=seats)))
            continue
        return ReserveChoice(candidate, tuple(skipped))
    return ReserveChoice(None, tuple(skipped))


@dataclass(frozen=True)
class ReserveMessages:
    """The translated sentences a skip prints (the caller translates them in the document's language)."""

    organization: str  # {organization}
    sex_cap: str  # {cap}, {seats}
