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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from osgo_desktop.domain.calendar import add_months
from osgo_desktop.domain.profile import KindRules
from osgo_desktop.domain.registry import Role
from osgo_desktop.i18n import N_, _, format_date


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


class Skip(StrEnum):
    """Why a reserve candidate is passed over when a vacancy is filled (a code, the same in every language: the
    election record carries it and ``osgo verify`` checks it)."""

    #: holds, or held, a seat of this very composition (a person has one mandate per composition)
    IN_COMPOSITION = "in_composition"
    #: the cross-cutting rules (``services.compositions.seats_elsewhere``): a seat on another council, on the
    #: Commission, or an election to another council not yet signed
    OTHER_COUNCIL = "other_council"
    COMMISSION_MEMBER = "commission_member"
    ALREADY_ON_COMMISSION = "already_on_commission"
    #: checked against the sitting composition
    ORGANIZATION = "organization"
    SEX_CAP = "sex_cap"


#: the skips the sitting composition decides (``osgo verify`` recomputes them); the others are facts from outside
#: the competition's record, carried as stated
RULE_SKIPS: Final = frozenset({Skip.ORGANIZATION, Skip.SEX_CAP})

SKIP_LABELS: Final = {
    Skip.IN_COMPOSITION: N_("already holds a seat of this composition"),
    Skip.OTHER_COUNCIL: N_("sits on another public council ({detail})"),
    Skip.COMMISSION_MEMBER: N_("is a member of the Commission"),
    Skip.ALREADY_ON_COMMISSION: N_("is already a member of the Commission"),
    Skip.ORGANIZATION: N_("a member from the same organisation sits: {detail}"),
    Skip.SEX_CAP: N_("the composition would exceed the cap on members of one sex ({detail})"),
}


def skip_text(reason: str, detail: str, gettext: Callable[[str], str]) -> str:
    """Why a candidate was passed over, as a sentence in the language ``gettext`` translates to."""
    try:
        label = SKIP_LABELS[Skip(reason)]
    except ValueError:
        return f"{reason} {detail}".strip()
    return gettext(label).format(detail=detail)


@dataclass(frozen=True)
class ReserveCandidate:
    """A candidate on a reserve list, in its order, with what the rules need to know of them."""

    id: str
    name: str
    sex: str
    organization: str
    #: why they cannot take a seat at all now (a :class:`Skip` code that is no rule of the sitting composition)
    ineligible: str | None = None
    #: what the reason names (the body's code of the other council), "" when nothing
    detail: str = ""


@dataclass(frozen=True)
class Skipped:
    candidate: ReserveCandidate
    #: a :class:`Skip` code
    reason: str
    detail: str = ""


@dataclass(frozen=True)
class ReserveChoice:
    """The next reserve candidate who may take the seat (None when the list is exhausted), and those passed over
    before them, each with the reason."""

    chosen: ReserveCandidate | None
    skipped: tuple[Skipped, ...]

    @property
    def exhausted(self) -> bool:
        return self.chosen is None


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
) -> ReserveChoice:
    """The first candidate in reserve order who is still eligible and keeps the composition lawful, and those passed
    over before them.

    Checked against ``sitting`` — the members who hold a seat of the composition on the day the vacancy is filled,
    the one who left not among them: one member per organisation (when the kind has the rule; the same trimmed,
    case-blind name as the tally compares) and the cap on one sex taken on the composition's ``seats``
    (⌊percent · seats / 100⌋, as the tally takes it). A candidate the cross-cutting rules keep out (``ineligible``)
    is passed over with that reason before the composition's own rules are asked.
    """
    members = list(sitting)
    cap = sex_cap(seats, sex_cap_percent)
    taken = {organization_key(m.organization): m.organization for m in members if m.organization.strip()}
    skipped: list[Skipped] = []
    for candidate in reserve:
        if candidate.ineligible:
            skipped.append(Skipped(candidate, candidate.ineligible, candidate.detail))
            continue
        key = organization_key(candidate.organization)
        if one_per_organization and candidate.organization.strip() and key in taken:
            skipped.append(Skipped(candidate, Skip.ORGANIZATION, taken[key]))
            continue
        if cap is not None and sum(1 for m in members if m.sex == candidate.sex) + 1 > cap:
            skipped.append(Skipped(candidate, Skip.SEX_CAP, f"{cap}/{seats}"))
            continue
        return ReserveChoice(candidate, tuple(skipped))
    return ReserveChoice(None, tuple(skipped))


# --- departures and the vacancy's deadline --------------------------------------------------------------------

#: the roster roles whose holder, on a civil-society seat, is "the Commission's civil-society representative" (the
#: law gives 14 days to replace them, 10 for any other civil-society member): the chair of the Commission elected
#: from civil society (docs/decisions.md, "Compositions: vacancies")
REPRESENTATIVE_ROLES: Final = frozenset({Role.CHAIR})


def is_representative(seat: SeatKind, role: Role | None) -> bool:
    """Whether a Commission member on ``seat`` with roster ``role`` is the civil-society representative."""
    return seat is SeatKind.CIVIL and role in REPRESENTATIVE_ROLES


def vacancy_deadline(left_on: dt.date, seat: SeatKind, rules: KindRules, representative: bool) -> dt.date | None:
    """The last day to fill a seat that fell vacant on ``left_on`` (``left_on`` + the profile's days), or None
    when the law sets no deadline: a permanent Commission seat (its body appoints), a council unless its
    profile sets ``replacement_days``.

    What the deadline governs (docs/decisions.md, "Compositions: vacancies"): the Commission's decision from the
    reserve list; with the reserve exhausted, the announcement of the replacement competition.
    """
    if seat is SeatKind.PERMANENT:
        return None
    days = rules.representative_replacement_days if representative else rules.replacement_days
    if representative and days is None:
        days = rules.replacement_days
    return None if days is None else left_on + dt.timedelta(days=days)


def departure_problems(term: Term, left_on: dt.date, reason: LeftReason, note: str, today: dt.date) -> dict[str, str]:
    """Field → translated message for each thing wrong with recording a departure on ``left_on`` from a mandate
    of ``term``; empty when it can be recorded.

    A departure is recorded once it has happened (not for a date to come), within the mandate (from its first day
    to the day after its last: leaving on the day after the term's last day is its natural end, no departure), and
    only an early one: a term that ends is followed by the next composition, not by a vacancy.
    """
    errors: dict[str, str] = {}
    if term.left_on is not None:
        errors["mandate"] = _("The member already left the seat on {date}.").format(date=format_date(term.left_on))
        return errors
    if reason not in EARLY:
        errors["reason"] = _(
            "A term that ends is no early departure: the next composition takes the seat. Choose resigned, "
            "removed, died or other."
        )
    if reason is LeftReason.OTHER and not note.strip():
        errors["note"] = _("Say what happened when the reason is “other”.")
    if left_on > today:
        errors["left_on"] = _("A departure is recorded once it has happened: {date} is still to come.").format(
            date=format_date(left_on)
        )
    elif left_on < term.starts_on:
        errors["left_on"] = _("The mandate began on {date}: a departure cannot come before it.").format(
            date=format_date(term.starts_on)
        )
    elif left_on > term.ends_on:
        errors["left_on"] = _("The term ended on {date}: there is no seat left to leave after it.").format(
            date=format_date(term.ends_on)
        )
    return errors
