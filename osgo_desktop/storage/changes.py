"""Which areas and competitions a unit of work's commits wrote, read from the rows flushed (``osgo_desktop.changes``).

Each mapped table belongs to one :class:`Area`; a row names its competition by its own ``competition_id`` (or its
id, for a competition), or by its parent's (a ballot entry's round, an entrant's session, a document's
application) when that is loaded in the session; otherwise by the competition its unit of work said it works
within, or it counts for every competition. Only committed writes count: a rolled-back flush changed
nothing anyone can see.
"""

from __future__ import annotations

from typing import Any, Final

from sqlalchemy import event
from sqlalchemy.orm import Session, UOWTransaction, sessionmaker
from sqlalchemy.orm.util import identity_key

from osgo_desktop.changes import Area, Changes
from osgo_desktop.storage import models

_PENDING: Final = "osgo.changes.pending"
_COMMITTED: Final = "osgo.changes.committed"
_WITHIN: Final = "osgo.changes.within"

#: the area of each table; a table missing here is a test failure (tests/unit/test_changes.py), not a silent miss
AREAS: Final[dict[str, Area | None]] = {
    "audit_entry": None,
    "audit_head": None,
    "competition": Area.COMPETITIONS,
    "competition_event": Area.COMPETITIONS,
    "person": Area.APPLICATIONS,
    "application": Area.APPLICATIONS,
    "document": Area.APPLICATIONS,
    "screening_verdict": Area.SCREENING,
    "conflict_of_interest": Area.SCREENING,
    "screening_session": Area.SCREENING,
    "screening_attendance": Area.SCREENING,
    "vote_session": Area.VOTE,
    "vote_attendance": Area.VOTE,
    "vote_counting_present": Area.VOTE,
    "voter": Area.VOTE,
    "entrant": Area.VOTE,
    "vote_round": Area.VOTE,
    "round_candidate": Area.VOTE,
    "ballot_entry": Area.BALLOTS,
    "ballot_settlement": Area.BALLOTS,
    "protocol": Area.PROTOCOLS,
    "signed_scan": Area.PROTOCOLS,
    "amendment": Area.PROTOCOLS,
    "protocol_facts": Area.PROTOCOLS,
    "profile": Area.REGISTRIES,
    "state_body": Area.REGISTRIES,
    "commission_member": Area.REGISTRIES,
    "counting_member": Area.REGISTRIES,
    "organization": Area.REGISTRIES,
    "association": Area.REGISTRIES,
    "association_member": Area.REGISTRIES,
    "council_member": Area.REGISTRIES,
    "campaign": Area.COMPETITIONS,
    "composition": Area.COMPOSITIONS,
    "mandate": Area.COMPOSITIONS,
    "vacancy_fill": Area.COMPOSITIONS,
    "account": Area.REGISTRIES,
    "document_blob": Area.APPLICATIONS,
    "document_chunk": None,
}


def within(session: Session, competition_id: int | None) -> None:
    """The competition the rest of this session's writes belong to when a row does not name one itself."""
    session.info[_WITHIN] = competition_id


def committed(session: Session) -> Changes:
    """What this session's commits so far wrote."""
    found: set[tuple[Area, int | None]] = session.info.get(_COMMITTED, set())
    if not found:
        return Changes()
    ids = {competition for _area, competition in found}
    return Changes(
        frozenset(area for area, _competition in found),
        None if None in ids else frozenset(i for i in ids if i is not None),
    )


#: a row that names no competition belongs to its parent's: the attribute holding the parent's id, and its class
_PARENTS: Final[tuple[tuple[str, type[models.Base]], ...]] = (
    ("round_id", models.VoteRound),
    ("session_id", models.VoteSession),
    ("application_id", models.Application),
    ("screening_id", models.ScreeningSession),
)


def _competition_of(session: Session, row: object) -> int | None:
    """The competition ``row`` belongs to: its own, its parent's when the parent is loaded in this session (a ballot
    entry's round, an entrant's session, a document's application — no query is made), else the one the unit of
    work named (``within``); None when none is known."""
    if isinstance(row, models.Competition):
        return row.id
    competition_id = getattr(row, "competition_id", None)
    if isinstance(competition_id, int):
        return competition_id
    for attribute, parent_class in _PARENTS:
        parent_id = getattr(row, attribute, None)
        if isinstance(parent_id, int):
            parent = session.identity_map.get(identity_key(parent_class, parent_id))
            competition_id = getattr(parent, "competition_id", None)
            if isinstance(competition_id, int):
                return competition_id
    within_id = session.info.get(_WITHIN)
    return within_id if isinstance(within_id, int) else None


def _on_after_flush(session: Session, _context: UOWTransaction) -> None:
    pending: set[tuple[Area, int | None]] = session.info.setdefault(_PENDING, set())
    for row in (*session.new, *session.dirty, *session.deleted):
        table = getattr(type(row), "__tablename__", None)
        if not isinstance(table, str):
            continue
        area = AREAS.get(table, Area.REGISTRIES)  # unknown (a test forbids it): still reported, never lost
        if area is not None:
            pending.add((area, _competition_of(session, row)))


def _on_after_commit(session: Session) -> None:
    pending: set[tuple[Area, int | None]] = session.info.pop(_PENDING, set())
    session.info.setdefault(_COMMITTED, set()).update(pending)


def _on_after_rollback(session: Session, _previous: Any) -> None:
    session.info.pop(_PENDING, None)


def install(sessions: sessionmaker[Session]) -> None:
    event.listen(sessions, "after_flush", _on_after_flush)
    event.listen(sessions, "after_commit", _on_after_commit)
    event.listen(sessions, "after_soft_rollback", _on_after_rollback)
