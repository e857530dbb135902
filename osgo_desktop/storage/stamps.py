"""Row time stamps from the unit of work's clock.

A column made with :func:`models.stamped` is filled when its row is first written ("insert"), and, for an
"update" stamp, again whenever the row changes — with the time the unit of work's clock gives, so that a test, the
demo's history or any other clock is written as the time of the change, never the computer's own clock.
:func:`install` hooks the mapping (``Database`` does it, as it installs the audit log).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, event
from sqlalchemy.orm import Mapper, Session, object_session

from osgo_desktop.clock import Clock
from osgo_desktop.storage import models

_SESSION_CLOCK = "osgo.clock"
_stamped_columns: dict[Mapper[Any], tuple[tuple[str, str], ...]] = {}


def set_clock(session: Session, clock: Clock) -> None:
    session.info[_SESSION_CLOCK] = clock


def session_clock(session: Session) -> Clock:
    """The clock of a session made by an installed ``sessionmaker`` (see :func:`set_clock`)."""
    clock = session.info.get(_SESSION_CLOCK)
    if not isinstance(clock, Clock):
        raise RuntimeError("this session has no clock: write rows through a unit of work")
    return clock


def _columns(mapper: Mapper[Any]) -> tuple[tuple[str, str], ...]:
    """(attribute, "insert" or "update") for each stamped column of ``mapper``'s class."""
    found = _stamped_columns.get(mapper)
    if found is None:
        found = tuple(
            (prop.key, str(prop.columns[0].info[models.STAMP]))
            for prop in mapper.column_attrs
            if models.STAMP in prop.columns[0].info
        )
        _stamped_columns[mapper] = found
    return found


def _on_before_insert(mapper: Mapper[Any], _connection: Connection, target: object) -> None:
    columns = _columns(mapper)
    if not columns:
        return
    moment = None
    for key, _when in columns:
        if getattr(target, key) is None:
            moment = moment or _clock_of(target).utc_naive()
            setattr(target, key, moment)


def _on_before_update(mapper: Mapper[Any], _connection: Connection, target: object) -> None:
    updated = [key for key, when in _columns(mapper) if when == "update"]
    session = object_session(target)
    # Called for every dirty object, also when no column changed (only a collection did): those keep their stamp.
    if updated and session is not None and session.is_modified(target, include_collections=False):
        moment = session_clock(session).utc_naive()
        for key in updated:
            setattr(target, key, moment)


def _clock_of(target: object) -> Clock:
    session = object_session(target)
    if session is None:
        raise RuntimeError("a stamped row is written outside a session")
    return session_clock(session)


_listening = False


def install() -> None:
    """Stamp the rows that sessions write; each session is given its clock by :func:`set_clock`. (Mapper events are
    global: registered once, for every session.)"""
    global _listening
    if not _listening:
        event.listen(models.Base, "before_insert", _on_before_insert, propagate=True)
        event.listen(models.Base, "before_update", _on_before_update, propagate=True)
        _listening = True
