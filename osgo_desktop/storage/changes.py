"""Which areas and competitions a unit of work's commits wrote, read from the rows flushed (``osgo_desktop.changes``).

Each mapped table belongs to one :class:`Area`; a row names its competition by its own ``competition_id`` (or its
id, for a competition), or by its parent's (a ballot entry's round, an entrant's session, a document's
application) when that is loaded in the session; otherwise by the competition its unit of work said it works
within, or it counts for every competition. Only committed writes count: a rolled-back flush changed
nothing anyone can see. On a PostgreSQL database each commit also announces them to the other processes (the other
workstations of a meeting room) with NOTIFY, inside the same transaction (:func:`notify`).
"""

from __future__ import annotations

import json
from typing import Any, Final

from sqlalchemy import event, func, select
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
    "sign_in_block": None,
}


def within(session: Session, competition_id: int | None) -> None:
    """The competition the rest of this session's writes belong to when a row does not name one itself."""
    session.info[_WITHIN] = competition_id


def committed(session: Session) -> Changes:
    """What this session's commits so far wrote."""
    return _as_changes(session.info.get(_COMMITTED, set()))


def _as_changes(found: set[tuple[Area, int | None]]) -> Changes:
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


# --- telling other processes (PostgreSQL LISTEN/NOTIFY) -----------------------------------------------------------

#: the PostgreSQL channel every commit of a server database is announced on (``storage.listen`` listens)
CHANNEL: Final = "osgo_changes"
#: a NOTIFY payload must stay under 8000 bytes: more competitions than this are sent as "every competition"
_MAX_IDS: Final = 500


def encode(found: Changes, sender: str) -> str:
    """The NOTIFY payload for ``found``: JSON ``{"s": sender, "a": [areas], "c": [ids] | null}``."""
    ids = found.competitions
    listed = None if ids is None or len(ids) > _MAX_IDS else sorted(ids)
    return json.dumps({"s": sender, "a": sorted(found.areas), "c": listed}, separators=(",", ":"))


def decode(payload: str) -> tuple[Changes, str]:
    """The changes and the sender a NOTIFY payload of :func:`encode` names; a payload it cannot read counts as
    everything changed (another version of the app, say), so no screen stays stale."""
    try:
        data = json.loads(payload)
        areas = frozenset(Area(a) for a in data["a"])
        ids = data["c"]
        competitions = None if ids is None else frozenset(int(i) for i in ids)
        return Changes(areas, competitions), str(data.get("s", ""))
    except (ValueError, KeyError, TypeError):
        return Changes.everything(), ""


def notify(session: Session, sender: str) -> None:
    """On a PostgreSQL database, announce what the transaction about to commit wrote (after its last flush) on
    :data:`CHANNEL`, within the transaction: the server delivers it to every listener only if the commit succeeds.
    SQLite: nothing (one machine; the app's own commits already tell its screens)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    found = _as_changes(session.info.get(_PENDING, set()))
    if found:
        session.execute(select(func.pg_notify(CHANNEL, encode(found, sender))))
