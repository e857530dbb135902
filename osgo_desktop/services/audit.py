"""Reading the audit log: its entries as plain rows, filtered, with what each one changed; the chain check."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, func, or_, select

from osgo_desktop.clock import BISHKEK, in_bishkek
from osgo_desktop.domain.audit_chain import entry_row
from osgo_desktop.storage import audit, chain_head, models
from osgo_desktop.storage.chain_head import Restored
from osgo_desktop.storage.uow import UnitOfWork

#: the most entries the viewer asks for at once (the newest first)
DEFAULT_LIMIT = 2000
#: how much of a value a summary shows
_VALUE_CHARS = 60


@dataclass(frozen=True)
class AuditRow:
    seq: int
    #: UTC, naive (as stored)
    at: dt.datetime
    actor: str
    action: str
    table: str
    key: str
    #: for an update: the fields that differ from the row's previous entry; else every field
    fields: tuple[str, ...]
    summary: str

    @property
    def at_bishkek(self) -> dt.datetime:
        return in_bishkek(self.at)


@dataclass(frozen=True)
class AuditFilters:
    """What the viewer can filter by: the tables and actors the log holds."""

    tables: tuple[str, ...]
    actors: tuple[str, ...]


def _utc_start(day: dt.date) -> dt.datetime:
    """Midnight of ``day`` in Bishkek, as a naive UTC time (how the log stores times)."""
    return dt.datetime.combine(day, dt.time(), BISHKEK).astimezone(dt.UTC).replace(tzinfo=None)


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= _VALUE_CHARS else text[: _VALUE_CHARS - 1] + "…"


def _summary(action: str, data: dict[str, Any], before: dict[str, Any] | None) -> tuple[tuple[str, ...], str]:
    if action == "update" and before is not None:
        fields = audit.changed_fields(before, data)
        return fields, "; ".join(f"{name}: {_short(before.get(name))} → {_short(data.get(name))}" for name in fields)
    fields = tuple(sorted(data))
    return fields, "; ".join(f"{name}: {_short(data[name])}" for name in fields)


def list_audit(
    uow: UnitOfWork,
    table: str | None = None,
    actor: str | None = None,
    text: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    limit: int = DEFAULT_LIMIT,
) -> list[AuditRow]:
    """The newest ``limit`` entries that pass the filters; ``since``/``until`` are Bishkek days, inclusive;
    ``text`` is looked for in the table name, the key and the row's data with its personal fields (any case): each
    entry shows the row it describes (``domain.audit_chain.entry_row``)."""
    entry = models.AuditEntry
    conditions = []
    if table:
        conditions.append(entry.table_name == table)
    if actor:
        conditions.append(entry.actor == actor)
    if since is not None:
        conditions.append(entry.at >= _utc_start(since))
    if until is not None:
        conditions.append(entry.at < _utc_start(until + dt.timedelta(days=1)))
    if text and text.strip():
        pattern = f"%{text.strip()}%"
        conditions.append(
            or_(
                entry.data.ilike(pattern),
                entry.personal.ilike(pattern),
                entry.row_key.ilike(pattern),
                entry.table_name.ilike(pattern),
            )
        )
    query = select(entry).where(and_(True, *conditions)).order_by(entry.seq.desc()).limit(limit)
    out = []
    for row in uow.session.scalars(query):
        data = entry_row(row.data, row.personal)
        before = None
        if row.action == "update":
            previous = uow.session.execute(
                select(entry.data, entry.personal)
                .where(entry.table_name == row.table_name, entry.row_key == row.row_key, entry.seq < row.seq)
                .order_by(entry.seq.desc())
                .limit(1)
            ).first()
            before = entry_row(previous.data, previous.personal) if previous is not None else None
        fields, summary = _summary(row.action, data, before)
        key = audit.describe_key(json.loads(row.row_key))
        out.append(AuditRow(row.seq, row.at, row.actor, row.action, row.table_name, key, fields, summary))
    return out


def audit_filters(uow: UnitOfWork) -> AuditFilters:
    entry = models.AuditEntry
    tables = uow.session.scalars(select(entry.table_name).distinct().order_by(entry.table_name))
    actors = uow.session.scalars(select(entry.actor).distinct().order_by(entry.actor))
    return AuditFilters(tuple(tables), tuple(actors))


def count_entries(uow: UnitOfWork) -> int:
    return int(uow.session.scalar(select(func.count()).select_from(models.AuditEntry)) or 0)


def restored_copy(uow: UnitOfWork) -> Restored | None:
    """Whether the open database is an older (or other) copy than the newest this workstation has seen."""
    return chain_head.restored_on(uow.session.connection())


def acknowledge_restore(uow: UnitOfWork) -> Restored | None:
    """The administrator accepts the restored copy: an entry in the audit chain says so (``audit_ack``), and its
    head becomes the newest seen here. None when there was nothing to acknowledge."""
    connection = uow.session.connection()
    url = connection.engine.url
    was, head = chain_head.acknowledge_in(connection, uow.clock, uow.actor)
    if was is None:
        return None
    uow.commit()
    chain_head.keep(url, head)
    return was
