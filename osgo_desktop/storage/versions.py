"""The optimistic version check: a record edited in a form that was opened earlier is saved only if nobody changed
it meanwhile (see docs/decisions.md, "A meeting room of several machines").

Each versioned table (migration 0013's ``row_version``) maps the column as SQLAlchemy's ``version_id_col``: every
UPDATE the ORM makes adds one and names the version it read in its WHERE, so two units of work writing the same row
at once cannot both win (:class:`sqlalchemy.orm.exc.StaleDataError`, turned into :class:`ChangedMeanwhile` by
``UnitOfWork.commit``). A form's save carries the version its form was filled from; :func:`check_version` refuses
it when the row has moved on, naming who changed it and when, from the audit log.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Table, select

from osgo_desktop.clock import in_bishkek
from osgo_desktop.domain.audit_chain import canonical_json
from osgo_desktop.errors import KnownError
from osgo_desktop.i18n import _, format_date
from osgo_desktop.storage import models


class ChangedMeanwhile(KnownError):
    """The record was changed (at another workstation, or in another window) after the form saving it was filled:
    nothing was saved, and the user's entries stay in the form."""

    def __init__(self, who: str | None = None, when: str | None = None) -> None:
        if who and when:
            text = _(
                "{who} changed this record at {time} while you were editing; your entries are still in the form: "
                "copy what you need, close it and open the record again."
            ).format(who=who, time=when)
        else:
            text = _(
                "Someone else changed this record while you were editing; nothing of yours was saved and your "
                "entries are still in the form: copy what you need, close it and open the record again."
            )
        super().__init__(text)
        self.who = who
        self.when = when


def version_of(row: Any) -> int:
    """The version of a versioned row as read (what a form filled from it carries to its save)."""
    return int(row.row_version)


def check_version(session: Any, row: models.Base, expected: int | None) -> None:
    """Refuse to save ``row`` from a form filled at version ``expected`` when the row has another version now
    (``expected`` None: the caller knows of no form, nothing to check)."""
    if expected is None:
        return
    current = getattr(row, "row_version", None)
    if current is None or current == expected:
        return
    raise last_change(session, row)


def last_change(session: Any, row: models.Base) -> ChangedMeanwhile:
    """:class:`ChangedMeanwhile` naming who last wrote ``row`` and when, from the audit log (one indexed query)."""
    mapper = row.__mapper__
    table = cast(Table, mapper.local_table)
    key = canonical_json(
        {
            column.name: value
            for column, value in zip(mapper.primary_key, mapper.primary_key_from_instance(row), strict=True)
        }
    )
    found = session.execute(
        select(models.AuditEntry.actor, models.AuditEntry.at)
        .where(models.AuditEntry.table_name == table.name, models.AuditEntry.row_key == key)
        .order_by(models.AuditEntry.seq.desc())
        .limit(1)
    ).first()
    if found is None:
        return ChangedMeanwhile()
    actor, at = found
    local = in_bishkek(at)
    return ChangedMeanwhile(actor, f"{local:%H:%M}, {format_date(local.date())}")
