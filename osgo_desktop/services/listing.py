"""The competitions list, the first screen, built from plain rows: the one place a competition's line, legal
calendar and intake deadline are worked out from what its row holds.

``services.competitions`` runs :data:`COMPETITIONS_SQL` and :data:`EVENTS_SQL` through its unit of work; at start-up
the app runs the same statements through the standard library's sqlite3 (:func:`first_look`), before SQLAlchemy is
even imported, so the list is on screen while the rest loads. Neither path has a rule of its own: both hand their
rows to :func:`competition_rows`. This module imports no SQLAlchemy.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final

from osgo_desktop.clock import Clock, in_bishkek
from osgo_desktop.domain import calendar
from osgo_desktop.domain.calendar import CalendarFacts
from osgo_desktop.domain.lifecycle import State
from osgo_desktop.domain.profile import Kind, LocalText, RegulationProfile, Variant
from osgo_desktop.services.views import CompetitionRow
from osgo_desktop.storage import quick

#: one line per competition, newest first, with its body's names
COMPETITIONS_SQL: Final = (
    "SELECT c.id, c.number, c.kind, c.variant, c.seats, c.state, c.publication_date, c.expiry_date, "
    "c.vacancy_date, c.profile_data, b.name_ky, b.name_ru, b.name_en "
    "FROM competition AS c LEFT JOIN state_body AS b ON b.id = c.body_id "
    "ORDER BY c.created_at DESC, c.id DESC"
)
#: the days each competition entered a state (the calendar counts from the vote and the close)
EVENTS_SQL: Final = "SELECT competition_id, to_state, at FROM competition_event ORDER BY id"


@dataclass(frozen=True)
class CompetitionFacts:
    """What a competition's row says that its line, its calendar and its intake deadline need."""

    kind: Kind
    variant: Variant
    state: State
    profile: RegulationProfile
    publication_date: dt.date | None
    expiry_date: dt.date | None
    vacancy_date: dt.date | None
    #: the day (in Bishkek: the law's days) the competition last entered each state it has been in
    entered: Mapping[State, dt.date]


@lru_cache(maxsize=64)
def profile_from_text(data: str) -> RegulationProfile:
    """A stored profile; competitions mostly share one, so each distinct copy is parsed once, not once per row."""
    return RegulationProfile.from_json(data)


def entered_days(events: Iterable[tuple[State, dt.datetime]]) -> dict[State, dt.date]:
    """The day each state was last entered, from ``(state, naive UTC moment)`` in the order they happened."""
    return {state: in_bishkek(at).date() for state, at in events}


def calendar_of(facts: CompetitionFacts, today: dt.date) -> list[calendar.Deadline]:
    return calendar.legal_calendar(
        CalendarFacts(
            kind=facts.kind,
            variant=facts.variant,
            state=facts.state,
            expiry_date=facts.expiry_date,
            vacancy_date=facts.vacancy_date,
            publication_date=facts.publication_date,
            voted_on=facts.entered.get(State.TALLIED),
            closed_on=facts.entered.get(State.CLOSED),
        ),
        facts.profile.rules(facts.kind),
        today,
    )


def intake_deadline_of(facts: CompetitionFacts) -> dt.date | None:
    if facts.publication_date is None:
        return None
    return calendar.intake_deadline(facts.publication_date, facts.profile.rules(facts.kind))


def _date(value: Any) -> dt.date | None:
    """A date column as the driver gives it: a date (PostgreSQL) or ISO text (SQLite without SQLAlchemy's types)."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _moment(value: Any) -> dt.datetime:
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, sort_keys=True)


def competition_rows(
    competitions: Sequence[Sequence[Any]], events: Sequence[Sequence[Any]], today: dt.date
) -> list[CompetitionRow]:
    """The list's lines from the rows of :data:`COMPETITIONS_SQL` and :data:`EVENTS_SQL`."""
    by_competition: dict[int, list[tuple[State, dt.datetime]]] = {}
    for competition_id, to_state, at in events:
        by_competition.setdefault(int(competition_id), []).append((State(to_state), _moment(at)))
    out = []
    for cid, number, kind, variant, seats, state, published, expiry, vacancy, profile, ky, ru, en in competitions:
        facts = CompetitionFacts(
            kind=Kind(kind),
            variant=Variant(variant),
            state=State(state),
            profile=profile_from_text(_text(profile)),
            publication_date=_date(published),
            expiry_date=_date(expiry),
            vacancy_date=_date(vacancy),
            entered=entered_days(by_competition.get(int(cid), ())),
        )
        deadlines = calendar_of(facts, today)
        out.append(
            CompetitionRow(
                id=int(cid),
                number=number,
                kind=facts.kind,
                variant=facts.variant,
                body=LocalText(ky, ru, en or "") if ky is not None else None,
                seats=int(seats),
                state=facts.state,
                publication_date=facts.publication_date,
                intake_deadline=intake_deadline_of(facts),
                next_deadline=calendar.next_deadline(deadlines),
                warnings=sum(d.is_warning for d in deadlines),
            )
        )
    return out


def first_look(url: str, clock: Clock) -> list[CompetitionRow] | None:
    """The competitions list read straight from a SQLite file at the current schema, with no SQLAlchemy loaded;
    None when that cannot be done (a server database, a file to create or upgrade): then the app waits for the
    database to open. Runs off the GUI thread."""
    path = quick.sqlite_path(url)
    found = quick.read(path, (COMPETITIONS_SQL, EVENTS_SQL)) if path is not None else None
    if found is None:
        return None
    competitions, events = found
    try:
        return competition_rows(competitions, events, clock.today())
    except (ValueError, KeyError, TypeError):  # a value this version cannot read: the full open will say what
        return None
