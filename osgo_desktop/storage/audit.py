"""The audit chain: every row the app writes is appended to a hash-chained log, and the log is checked against the
data (see docs/decisions.md, "The audit chain").

Capture is generic: :func:`install` hooks the sessions of a ``sessionmaker`` (``Database`` does it), and every
row a flush inserts, updates or deletes — in any table but the log itself — becomes an entry, so no service can
forget one. A write made around the ORM (raw SQL, a DB browser) leaves no entry, and :func:`verify_chain` finds it.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import json
import secrets
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, cast

from sqlalchemy import (
    Connection,
    Enum,
    MetaData,
    Select,
    String,
    Table,
    TypeDecorator,
    and_,
    event,
    insert,
    inspect,
    select,
    type_coerce,
    update,
)
from sqlalchemy.orm import Mapper, Session, UOWTransaction, object_session, sessionmaker
from sqlalchemy.orm.attributes import get_history
from sqlalchemy.orm.base import PASSIVE_NO_INITIALIZE

from osgo_desktop.domain.audit_chain import (
    GENESIS,
    canonical_json,
    entry_hash,
    entry_hash_v1,
    entry_row,
    personal_hash,
    split_data,
    split_row,
)
from osgo_desktop.i18n import N_, _
from osgo_desktop.storage import models, stamps

#: tables the log does not describe: itself, its head, Alembic's bookkeeping, the document contents kept in the
#: database (the audited ``document`` row names their SHA-256, which every read checks) and the failed sign-ins of
#: logins that name no account (nobody's work)
UNAUDITED = frozenset(
    {
        models.AuditEntry.__tablename__,
        models.AuditHead.__tablename__,
        "alembic_version",
        models.DocumentBlob.__tablename__,
        models.DocumentChunk.__tablename__,
        models.SignInBlock.__tablename__,
    }
)
#: the name a change is recorded under when the caller gives none
UNKNOWN_ACTOR = "unknown"

Action = Literal["insert", "update", "delete", "baseline", "restore", "erase"]
#: the record format of the entries written (1: before migration 0011, see :func:`append`)
ChainFormat = Literal[1, 2]

_ENTRY = cast(Table, models.AuditEntry.__table__)
_HEAD = cast(Table, models.AuditHead.__table__)
_SESSION_ACTOR = "osgo.audit.actor"
_SESSION_PENDING = "osgo.audit.pending"
_SESSION_LINKS = "osgo.audit.links"
#: rows fetched per round trip when the log or a table is streamed
_BATCH = 2000
#: findings kept in a report (all are counted)
MAX_FINDINGS = 200


def default_actor() -> str:
    """Who is at the keyboard, as the operating system knows it (the app has no log-in of its own)."""
    try:
        return getpass.getuser() or UNKNOWN_ACTOR
    except (OSError, KeyError, ImportError):
        return UNKNOWN_ACTOR


# --- canonical form ------------------------------------------------------------------------------------------


def _row_json(row: Mapping[Any, Any]) -> str:
    return canonical_json(dict(row))


def _key_json(table: Table, row: Mapping[Any, Any]) -> str:
    return canonical_json({column.name: row[column.name] for column in table.primary_key.columns})


# --- appending -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    action: Action
    table: str
    key: str
    data: str


def append(
    connection: Connection, at: dt.datetime, actor: str, changes: Sequence[Change], chain_format: ChainFormat = 2
) -> None:
    """Append ``changes`` to the chain inside the caller's transaction, as made at ``at`` (UTC, naive): each row's
    personal fields apart from the rest, under a hash salted afresh for the entry (record format 2).

    The head row is read ``FOR UPDATE``: on PostgreSQL that makes a second writer wait until this transaction
    ends, so two writers can never both append after the same entry. SQLite ignores ``FOR UPDATE``, but there a
    transaction that has written anything holds the database's one write lock, and this one has (its data).

    ``chain_format`` 1: the entry as a migration before 0011 writes it (the whole row in ``data``, the format-1 hash,
    none of the columns 0011 adds); 0011 re-chains it."""
    if not changes:
        return
    head = connection.execute(select(_HEAD.c.seq, _HEAD.c.hash).where(_HEAD.c.id == 1).with_for_update()).first()
    if head is None:
        connection.execute(insert(_HEAD).values(id=1, seq=0, hash=GENESIS))
        seq, prev = 0, GENESIS
    else:
        seq, prev = head.seq, head.hash
    rows = []
    for change in changes:
        seq += 1
        if chain_format == 1:
            digest = entry_hash_v1(seq, at, actor, change.action, change.table, change.key, change.data, prev)
            rows.append(
                {
                    "seq": seq,
                    "at": at,
                    "actor": actor,
                    "action": change.action,
                    "table_name": change.table,
                    "row_key": change.key,
                    "data": change.data,
                    "prev_hash": prev,
                    "hash": digest,
                }
            )
            prev = digest
            continue
        data, personal = split_data(change.table, change.data)
        salt = secrets.token_hex(16) if personal is not None else None
        hidden = personal_hash(salt, personal) if salt is not None and personal is not None else None
        digest = entry_hash(
            seq, at, actor, change.action, change.table, change.key, data, prev, personal_hash=hidden, legacy_hash=None
        )
        rows.append(
            {
                "seq": seq,
                "at": at,
                "actor": actor,
                "action": change.action,
                "table_name": change.table,
                "row_key": change.key,
                "data": data,
                "personal": personal,
                "salt": salt,
                "personal_hash": hidden,
                "legacy_hash": None,
                "prev_hash": prev,
                "hash": digest,
            }
        )
        prev = digest
    connection.execute(insert(_ENTRY), rows)
    connection.execute(update(_HEAD).where(_HEAD.c.id == 1).values(seq=seq, hash=prev))


def _stored(table: Table) -> Select[Any]:
    """``select(table)`` reading each column as the database holds it: a mapped enum or JSON column (``storage.
    types``) would give its Python value, while the log records — and the check compares — the stored text."""
    columns = [
        type_coerce(column, String()).label(column.name) if isinstance(column.type, Enum | TypeDecorator) else column
        for column in table.columns
    ]
    return select(*columns)


def _read_rows(
    connection: Connection, wanted: Sequence[tuple[Table, Mapping[Any, Any]]]
) -> dict[tuple[str, str], Mapping[Any, Any]]:
    """The rows of ``wanted`` (table, key) that exist, by (table name, key JSON): a query per table and 500 keys
    when the key is one column (a flush of thousands of rows would otherwise make thousands of round trips)."""
    found: dict[tuple[str, str], Mapping[Any, Any]] = {}
    by_table: dict[str, tuple[Table, list[Mapping[Any, Any]]]] = {}
    for table, key in wanted:
        by_table.setdefault(table.name, (table, []))[1].append(key)
    for table, keys in by_table.values():
        columns = list(table.primary_key.columns)
        if len(columns) == 1:
            column = columns[0]
            for start in range(0, len(keys), 500):
                values = [key[column.name] for key in keys[start : start + 500]]
                for row in connection.execute(_stored(table).where(column.in_(values))).mappings():
                    found[table.name, _key_json(table, row)] = row
        else:
            for key in keys:
                one = _read_row(connection, table, key)
                if one is not None:
                    found[table.name, _key_json(table, one)] = one
    return found


def _read_row(connection: Connection, table: Table, key: Mapping[Any, Any]) -> Mapping[Any, Any] | None:
    condition = and_(*(table.c[name] == value for name, value in key.items()))
    return connection.execute(_stored(table).where(condition)).mappings().first()


# --- capture (ORM) -------------------------------------------------------------------------------------------


@dataclass
class _Pending:
    action: Action
    table: Table
    key: dict[str, Any]
    #: the row before a delete (read while it still existed)
    data: str | None = None


def _pending(target: object) -> list[_Pending] | None:
    session = object_session(target)
    if session is None or _SESSION_ACTOR not in session.info:
        return None  # a session nobody installed the log on (e.g. a test's raw session)
    pending: list[_Pending] = session.info.setdefault(_SESSION_PENDING, [])
    return pending


def _pk(mapper: Mapper[Any], target: object) -> dict[str, Any]:
    values = mapper.primary_key_from_instance(target)
    return {column.name: value for column, value in zip(mapper.primary_key, values, strict=True)}


def _table(mapper: Mapper[Any]) -> Table | None:
    table = mapper.local_table
    return table if isinstance(table, Table) and table.name not in UNAUDITED else None


def _on_after_insert(mapper: Mapper[Any], _connection: Connection, target: object) -> None:
    pending, table = _pending(target), _table(mapper)
    if pending is not None and table is not None:
        pending.append(_Pending("insert", table, _pk(mapper, target)))


def _on_after_update(mapper: Mapper[Any], _connection: Connection, target: object) -> None:
    # Called for every dirty object, also when no column changed (only a collection did): skip those.
    pending, table = _pending(target), _table(mapper)
    if pending is None or table is None:
        return
    state = inspect(target)
    if any(state.attrs[prop.key].history.has_changes() for prop in mapper.column_attrs):
        pending.append(_Pending("update", table, _pk(mapper, target)))


def _on_before_delete(mapper: Mapper[Any], connection: Connection, target: object) -> None:
    pending, table = _pending(target), _table(mapper)
    if pending is None or table is None:
        return
    key = _pk(mapper, target)
    row = _read_row(connection, table, key)
    if row is not None:
        pending.append(_Pending("delete", table, key, _row_json(row)))


def _link_key(relationship: Any, parent: object, child: object) -> dict[str, Any] | None:
    """The secondary row's key a many-to-many link between ``parent`` and ``child`` is stored under."""
    key: dict[str, Any] = {}
    for owner, pairs in ((parent, relationship.synchronize_pairs), (child, relationship.secondary_synchronize_pairs)):
        mapper = inspect(owner).mapper
        for source, target in pairs:
            value = getattr(owner, mapper.get_property_by_column(source).key)
            if value is None:
                return None
            key[target.name] = value
    return key


def _on_before_flush(session: Session, _context: UOWTransaction, _instances: object) -> None:
    """Many-to-many links are written by the ORM straight into their secondary table, with no mapper event: note
    which links this flush adds or removes (the keys of new rows are known only after it)."""
    links: list[tuple[Action, Any, object, object]] = session.info.setdefault(_SESSION_LINKS, [])
    deleted = set(session.deleted)
    for obj in [*session.new, *session.dirty, *deleted]:
        for relationship in inspect(obj).mapper.relationships:
            secondary = relationship.secondary
            if secondary is None or not isinstance(secondary, Table) or secondary.name in UNAUDITED:
                continue
            if obj in deleted:  # the ORM removes a deleted row's links with it
                history = get_history(obj, relationship.key)
                links.extend(("delete", relationship, obj, child) for child in history.sum())
                continue
            history = get_history(obj, relationship.key, passive=PASSIVE_NO_INITIALIZE)  # load nothing
            links.extend(("insert", relationship, obj, child) for child in history.added)
            links.extend(("delete", relationship, obj, child) for child in history.deleted)


def _on_after_flush(session: Session, _context: UOWTransaction) -> None:
    pending: list[_Pending] = session.info.pop(_SESSION_PENDING, [])
    links: list[tuple[Action, Any, object, object]] = session.info.pop(_SESSION_LINKS, [])
    for action, relationship, parent, child in links:
        key = _link_key(relationship, parent, child)
        if key is not None:
            pending.append(_Pending(action, relationship.secondary, key, canonical_json(key)))
    if not pending:
        return
    connection = session.connection()
    unique: dict[tuple[str, str], _Pending] = {}
    for item in pending:  # e.g. an insert and its post-update in one flush: one entry with the final row
        unique.setdefault((item.table.name, canonical_json(item.key)), item)
    rows = _read_rows(connection, [(item.table, item.key) for item in unique.values()])
    changes: list[Change] = []
    for (table_name, key_json), item in unique.items():
        row = rows.get((table_name, key_json))
        if item.action == "delete":
            assert item.data is not None
            if row is None:
                changes.append(Change("delete", table_name, key_json, item.data))
        elif row is not None:
            changes.append(Change(item.action, table_name, key_json, _row_json(row)))
    append(connection, stamps.session_clock(session).utc_naive(), str(session.info[_SESSION_ACTOR]), changes)


def _on_after_rollback(session: Session) -> None:
    session.info.pop(_SESSION_PENDING, None)
    session.info.pop(_SESSION_LINKS, None)


_mapper_events_listening = False


def install(sessions: sessionmaker[Session]) -> None:
    """Log every flush of the sessions ``sessions`` makes; each session names its actor with :func:`set_actor`."""
    global _mapper_events_listening
    if not _mapper_events_listening:
        # Mapper events are global; they do nothing for a session that was not installed (see _pending).
        event.listen(models.Base, "after_insert", _on_after_insert, propagate=True)
        event.listen(models.Base, "after_update", _on_after_update, propagate=True)
        event.listen(models.Base, "before_delete", _on_before_delete, propagate=True)
        _mapper_events_listening = True
    event.listen(sessions, "before_flush", _on_before_flush)
    event.listen(sessions, "after_flush", _on_after_flush)
    event.listen(sessions, "after_soft_rollback", lambda session, _previous: _on_after_rollback(session))


def set_actor(session: Session, actor: str) -> None:
    session.info[_SESSION_ACTOR] = actor


# --- baseline ------------------------------------------------------------------------------------------------


def audited_tables(connection: Connection) -> list[Table]:
    """The data tables as the database has them now (reflected, so a migration can use this too)."""
    metadata = MetaData()
    metadata.reflect(connection)
    return [table for table in metadata.sorted_tables if table.name not in UNAUDITED]


def _stream(connection: Connection, query: Any) -> Iterator[Any]:
    # On the statement: Connection.execution_options would change the caller's connection for good.
    result = connection.execute(query.execution_options(yield_per=_BATCH))
    for partition in result.partitions():
        yield from partition


def write_baseline(
    connection: Connection, at: dt.datetime, actor: str | None = None, chain_format: ChainFormat = 2
) -> int:
    """One "baseline" entry for each existing row that the log knows nothing of — what a database held before
    the log began (migration 0004 calls it once), made at ``at`` (UTC, naive). Returns the number of entries
    written."""
    known = {
        (row.table_name, row.row_key)
        for row in _stream(connection, select(_ENTRY.c.table_name, _ENTRY.c.row_key).distinct())
    }
    written = 0
    actor = actor or default_actor()
    for table in audited_tables(connection):
        order = list(table.primary_key.columns)
        rows = connection.execute(select(table).order_by(*order)).mappings().all()
        batch = []
        for row in rows:
            key = _key_json(table, row)
            if (table.name, key) not in known:
                batch.append(Change("baseline", table.name, key, _row_json(row)))
        for start in range(0, len(batch), _BATCH):
            append(connection, at, actor, batch[start : start + _BATCH], chain_format)
        written += len(batch)
    return written


#: the pseudo-table under which an administrator's acknowledgement of a restored older copy is logged (no such table
#: exists: the entry is the record, covered by the chain like any other; see docs/decisions.md)
ACK_TABLE = "audit_ack"
#: its action ("restore": a restored copy acknowledged; the column holds ten letters at most)
ACK_ACTION: Action = "restore"
#: the pseudo-table under which an erasure of a person's personal data is logged (``services.personal_data``): for
#: whom, which rows, how many entries lost their personal fields — never a personal value
ERASURE_TABLE = "personal_erasure"
ERASURE_ACTION: Action = "erase"


def acknowledge_restore(
    connection: Connection, at: dt.datetime, actor: str, known: tuple[int, str], found: tuple[int, str]
) -> tuple[int, str]:
    """Log that ``actor`` accepts this database although a newer chain (``known``: its head, seen on this
    workstation) was seen before it (``found``: this database's head then). Returns the new head."""
    data = {"known_seq": known[0], "known_hash": known[1], "found_seq": found[0], "found_hash": found[1]}
    key = canonical_json({"known_seq": known[0], "found_seq": found[0]})
    append(connection, at, actor, [Change(ACK_ACTION, ACK_TABLE, key, canonical_json(data))])
    return read_head(connection)


def log_rows(
    connection: Connection,
    at: dt.datetime,
    actor: str,
    table_name: str,
    keys: Sequence[Mapping[str, Any]],
    chain_format: ChainFormat = 2,
) -> int:
    """Append an "update" entry for each row of ``keys`` as the database now holds it: how a migration that changes
    data says so in the chain (a change nobody logged would read as one made behind the app's back). Returns the
    number of entries written."""
    table = Table(table_name, MetaData(), autoload_with=connection)
    changes = []
    for key in keys:
        row = _read_row(connection, table, key)
        if row is not None:
            changes.append(Change("update", table.name, _key_json(table, row), _row_json(row)))
    append(connection, at, actor, changes, chain_format)
    return len(changes)


# --- the check -----------------------------------------------------------------------------------------------

BreakReason = Literal["hash", "prev", "gap", "head"]
FindingKind = Literal["changed", "missing", "unlogged"]


@dataclass(frozen=True)
class ChainBreak:
    """The first entry where the log stops being a chain."""

    seq: int
    #: hash: the entry's contents no longer give its hash; prev: it does not point at the entry before it;
    #: gap: entry ``seq`` is missing; head: the log ends before (or after) the entry its head names
    reason: BreakReason


@dataclass(frozen=True)
class Finding:
    """A row that differs from what the log says the app last wrote to it: a change behind the app's back."""

    table: str
    key: dict[str, Any]
    #: changed: fields differ; missing: gone with no delete entry; unlogged: there with no entry
    kind: FindingKind
    fields: tuple[str, ...] = ()
    #: the log's last entry for the row
    seq: int | None = None


@dataclass(frozen=True)
class ChainReport:
    entries: int
    rows: int
    broken: ChainBreak | None
    findings: tuple[Finding, ...]
    findings_total: int
    seconds: float
    #: the first entry whose hash was recomputed (1: the whole chain; later: an incremental check, see
    #: :func:`verify_chain`'s ``since``)
    from_seq: int = 1
    #: whether the rows were compared with the log (an incremental check may leave them when the file is unchanged)
    rows_checked: bool = True

    @property
    def ok(self) -> bool:
        return self.broken is None and self.findings_total == 0

    @property
    def covered(self) -> int:
        """How many entries the log held up to the last one this check read (an incremental check that left the
        rows read only the entries after ``from_seq - 1``)."""
        return self.entries if self.rows_checked else self.from_seq - 1 + self.entries

    @property
    def first_seq(self) -> int | None:
        """The first entry the report names: where the chain breaks, else the earliest entry of a changed row."""
        if self.broken is not None:
            return self.broken.seq
        seqs = [finding.seq for finding in self.findings if finding.seq is not None]
        return min(seqs) if seqs else None


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


def read_head(connection: Connection) -> tuple[int, str]:
    """The chain's head as the database holds it: (seq, hash) of the last entry; (0, GENESIS) for an empty log."""
    head = connection.execute(select(_HEAD.c.seq, _HEAD.c.hash).where(_HEAD.c.id == 1)).first()
    return (head.seq, head.hash) if head is not None else (0, GENESIS)


def known_hash(connection: Connection, seq: int, digest: str) -> str | None:
    """The hash entry ``seq`` holds now, when ``digest`` is that hash or the one it had before migration 0011
    re-chained it (``legacy_hash``: what an older chain-head file, or a decision printed before, says); else None."""
    if seq == 0:
        return GENESIS if digest == GENESIS else None
    found = connection.execute(select(_ENTRY.c.hash, _ENTRY.c.legacy_hash).where(_ENTRY.c.seq == seq)).first()
    if found is None or digest not in (found.hash, found.legacy_hash):
        return None
    return str(found.hash)


def _split_json(table: str, row: Mapping[Any, Any]) -> tuple[str, str | None]:
    data, personal = split_row(table, dict(row))
    return canonical_json(data), None if personal is None else canonical_json(personal)


def verify_chain(session: Session | Connection, since: tuple[int, str] | None = None, rows: bool = True) -> ChainReport:
    """Recompute every hash in order (with each entry's salted hash of its personal fields), then compare every row
    of every data table with the last snapshot the log holds for it (its data and, unless erased, its personal
    fields). Streams the log and the tables; keeps small digests per row key in memory.

    ``since`` (seq, hash) makes the check incremental: when entry ``seq`` still holds ``hash`` (or held it before
    migration 0011: its ``legacy_hash``), only the hashes after it are recomputed (the entries up to it were checked
    before); otherwise the whole chain is. ``rows=False`` leaves the rows (the caller knows they have not changed
    since they were last compared) and reads only the entries after ``since``."""
    started = time.perf_counter()
    connection = session.connection() if isinstance(session, Session) else session
    broken: ChainBreak | None = None
    start_seq, start_hash = 0, GENESIS
    if since is not None and since[0] > 0:
        current = known_hash(connection, since[0], since[1])
        if current is not None:
            start_seq, start_hash = since[0], current
    #: (table, key) → (seq, digest of data, of personal (None: none, or erased), action) of the latest entry
    latest: dict[tuple[str, str], tuple[int, bytes, bytes | None, str]] = {}
    expected_seq, prev = start_seq + 1, start_hash
    names = ("seq", "at", "actor", "action", "table_name", "row_key", "data", "personal", "salt", "personal_hash")
    columns = [_ENTRY.c[name] for name in (*names, "legacy_hash", "prev_hash", "hash")]
    query = select(*columns).order_by(_ENTRY.c.seq)
    if not rows:
        query = query.where(_ENTRY.c.seq > start_seq)
    entries = 0
    for seq, at, actor, action, table, key, data, personal, salt, hidden, legacy, prev_hash, digest in _stream(
        connection, query
    ):
        entries += 1
        if rows:
            latest[table, key] = (seq, _digest(data), None if personal is None else _digest(personal), action)
        if seq <= start_seq:
            continue
        if broken is None:
            if seq != expected_seq:
                broken = ChainBreak(expected_seq, "gap")
            elif prev_hash != prev:
                broken = ChainBreak(seq, "prev")
            elif entry_hash(
                seq, at, actor, action, table, key, data, prev_hash, personal_hash=hidden, legacy_hash=legacy
            ) != digest or (personal is not None and (salt is None or personal_hash(salt, personal) != hidden)):
                broken = ChainBreak(seq, "hash")
        expected_seq, prev = seq + 1, digest
    if broken is None:
        head_seq, head_hash = read_head(connection)
        if (head_seq, head_hash) != (expected_seq - 1, prev):
            broken = ChainBreak(min(head_seq, expected_seq - 1) + 1, "head")

    findings: list[Finding] = []
    total = 0
    rows_read = 0
    if not rows:
        return ChainReport(entries, 0, broken, (), 0, time.perf_counter() - started, start_seq + 1, False)

    def found(finding: Finding) -> None:
        nonlocal total
        total += 1
        if len(findings) < MAX_FINDINGS:
            findings.append(finding)

    tables = audited_tables(connection)
    for table in tables:
        for row in _stream(connection, select(table)):
            rows_read += 1
            mapping = row._mapping
            key = _key_json(table, mapping)
            last = latest.pop((table.name, key), None)
            if last is None or last[3] == "delete":
                found(Finding(table.name, json.loads(key), "unlogged", seq=last[0] if last else None))
                continue
            data, personal = _split_json(table.name, mapping)
            if last[1] != _digest(data) or (last[2] is not None and last[2] != _digest(personal or "")):
                fields = _changed_fields(connection, last[0], mapping)
                if fields:  # else only columns a later migration added or dropped differ
                    found(Finding(table.name, json.loads(key), "changed", fields, last[0]))
    table_names = {table.name for table in tables}
    for (table_name, key), (seq, _data, _personal, action) in sorted(latest.items(), key=lambda item: item[1][0]):
        if action != "delete" and table_name in table_names:
            found(Finding(table_name, json.loads(key), "missing", seq=seq))
    return ChainReport(entries, rows_read, broken, tuple(findings), total, time.perf_counter() - started, start_seq + 1)


def logged_row(connection: Connection, seq: int) -> dict[str, Any]:
    """The row entry ``seq`` describes (its data with its personal fields, unless erased)."""
    data, personal = connection.execute(select(_ENTRY.c.data, _ENTRY.c.personal).where(_ENTRY.c.seq == seq)).one()
    return entry_row(data, personal)


def _changed_fields(connection: Connection, seq: int, row: Mapping[Any, Any]) -> tuple[str, ...]:
    logged = logged_row(connection, seq)
    current = json.loads(_row_json(row))
    return tuple(sorted(name for name in logged.keys() & current.keys() if logged[name] != current[name]))


#: columns every update changes by itself, which say nothing of what a person changed (the optimistic check's version)
BOOKKEEPING: frozenset[str] = frozenset({"row_version"})


def changed_fields(before: Mapping[Any, Any] | None, after: Mapping[Any, Any]) -> tuple[str, ...]:
    """The fields of ``after`` that differ from ``before`` (all of them when there is no ``before``), leaving out
    the :data:`BOOKKEEPING` columns an update moves on by itself."""
    if before is None:
        return tuple(sorted(after))
    return tuple(
        sorted(
            name
            for name in after.keys() | before.keys()
            if before.get(name) != after.get(name) and name not in BOOKKEEPING
        )
    )


# --- for people ----------------------------------------------------------------------------------------------


#: What each logged table holds, as an observer reads it (the table's own name is in the tooltip and the export).
TABLE_LABELS = {
    "profile": N_("Regulation profile"),
    "state_body": N_("State body"),
    "commission_member": N_("Commission member"),
    "counting_member": N_("Counting commission member"),
    "competition": N_("Competition"),
    "competition_event": N_("Competition step"),
    "person": N_("Person"),
    "organization": N_("Organisation"),
    "association": N_("Association"),
    "association_member": N_("Association member"),
    "council_member": N_("Council member"),
    "application": N_("Application"),
    "document": N_("Document"),
    "screening_verdict": N_("Screening verdict"),
    "conflict_of_interest": N_("Conflict of interest"),
    "vote_session": N_("Vote session"),
    "vote_attendance": N_("Attendance"),
    "vote_counting_present": N_("Counting commission present"),
    "voter": N_("Voter"),
    "entrant": N_("Person entering papers"),
    "account": N_("Account"),
    "vote_round": N_("Round"),
    "round_candidate": N_("Candidate in a round"),
    "ballot_entry": N_("Paper entry"),
    "ballot_settlement": N_("Settlement of a paper"),
    "protocol": N_("Protocol"),
    "signed_scan": N_("Signed copy"),
    "amendment": N_("Amendment"),
    "screening_session": N_("Screening session"),
    "screening_attendance": N_("Attendance at the screening"),
    "protocol_facts": N_("Details of a protocol"),
    "campaign": N_("Campaign"),
    "composition": N_("Composition"),
    "mandate": N_("Seat held"),
    "vacancy_fill": N_("Decision on filling a vacancy"),
}
#: What the entries of a pseudo-table (no such table: the entry is the record) are about.
PSEUDO_LABELS = {
    ACK_TABLE: N_("Restored older copy acknowledged"),
    ERASURE_TABLE: N_("Personal data erased"),
}


def table_label(table: str) -> str:
    """The logged table's name in the reader's language (a table this version does not know: its own name)."""
    label = TABLE_LABELS.get(table) or PSEUDO_LABELS.get(table)
    return _(label) if label is not None else table


def describe_key(key: Mapping[Any, Any]) -> str:
    return ", ".join(f"{name}={value}" for name, value in sorted(key.items()))


def describe(report: ChainReport, limit: int = 10) -> list[str]:
    """The report in sentences for the user: where the chain breaks, then the rows changed behind its back."""
    lines = []
    if report.broken is not None:
        seq = report.broken.seq
        lines.append(
            {
                "hash": _("Audit log entry {seq} was altered: its contents no longer match its hash."),
                "prev": _("Audit log entry {seq} does not follow the entry before it."),
                "gap": _("Audit log entry {seq} has been removed."),
                "head": _(
                    "The audit log does not end where it should: from entry {seq} on, entries are missing or were "
                    "added outside the app."
                ),
            }[report.broken.reason].format(seq=seq)
        )
    for finding in report.findings[:limit]:
        # the reader's name for the table, and the database's, so the row can be looked up with any SQL tool
        where = {"table": table_label(finding.table), "key": f"{finding.table}, {describe_key(finding.key)}"}
        if finding.kind == "changed":
            text = _("{table} ({key}): changed outside the app — {fields}").format(
                fields=", ".join(finding.fields), **where
            )
        elif finding.kind == "missing":
            text = _("{table} ({key}): removed outside the app").format(**where)
        else:
            text = _("{table} ({key}): added outside the app").format(**where)
        lines.append(text)
    if report.findings_total > limit:
        lines.append(_("Further rows changed outside the app: {count}").format(count=report.findings_total - limit))
    return lines
