"""the audit chain in record format 2: every entry's personal fields apart, under a hash salted per entry

Each entry gets four columns: ``personal`` (its row's personal fields, ``domain.audit_chain.PERSONAL_FIELDS``, as
canonical JSON), ``salt`` (32 random hex digits), ``personal_hash`` (SHA-256 of ``salt:personal``) and
``legacy_hash`` (the format-1 hash it had). Every existing entry is re-chained in seq order, in batches: its data
split, a fresh salt, its new hash (which covers the old one, ``legacy_hash``), its new link; the head follows. Nothing
is lost: ``data`` with ``personal`` is the row as it was.

A chain already broken stays broken where it was, and how (docs/decisions.md, "Record format 2"): only what held is
carried into format 2 — an entry whose format-1 hash no longer matched its contents keeps that old hash (so its new
contents do not match it either), a link that did not point at the entry before keeps its old value (which points
at no entry of the new chain), a missing entry stays missing, a head that named no entry or another hash keeps it.
Re-chaining never launders a break: the check after it finds the same first broken entry.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 13:30:00
"""

from __future__ import annotations

import logging
import secrets
from typing import Any

import sqlalchemy as sa
from alembic import op

from osgo_desktop.domain.audit_chain import (
    GENESIS,
    canonical_json,
    entry_hash,
    entry_hash_v1,
    entry_row,
    personal_hash,
    split_data,
)

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

log = logging.getLogger(__name__)

#: entries read and written per round trip: the log is streamed, never held whole
BATCH = 2000

_COLUMNS = ("personal", "salt", "personal_hash", "legacy_hash")

_entry = sa.table(
    "audit_entry",
    sa.column("seq", sa.Integer()),
    sa.column("at", sa.DateTime()),
    sa.column("actor", sa.String()),
    sa.column("action", sa.String()),
    sa.column("table_name", sa.String()),
    sa.column("row_key", sa.Text()),
    sa.column("data", sa.Text()),
    sa.column("personal", sa.Text()),
    sa.column("salt", sa.String()),
    sa.column("personal_hash", sa.String()),
    sa.column("legacy_hash", sa.String()),
    sa.column("prev_hash", sa.String()),
    sa.column("hash", sa.String()),
)
_head = sa.table("audit_head", sa.column("id", sa.Integer()), sa.column("seq", sa.Integer()), sa.column("hash"))


def upgrade() -> None:
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.add_column(sa.Column("personal", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("salt", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("personal_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("legacy_hash", sa.String(length=64), nullable=True))
    _rechain(op.get_bind(), to_format=2)


def downgrade() -> None:
    # The personal fields go back into data (erased ones stay lost) and the chain is re-chained in format 1: an
    # entry made before 0011 gets its old hash again, one made since a format-1 hash of its own.
    _rechain(op.get_bind(), to_format=1)
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        for name in reversed(_COLUMNS):
            batch_op.drop_column(name)


def _to_format_2(row: Any, prev_hash: str, held: bool) -> dict[str, Any]:
    try:
        data, personal = split_data(row.table_name, row.data)
    except ValueError:  # no JSON at all (the app never wrote it; its old hash does not match): left as it is
        data, personal = row.data, None
    salt = secrets.token_hex(16) if personal is not None else None
    hidden = personal_hash(salt, personal) if salt is not None and personal is not None else None
    digest = row.hash
    if held:
        digest = entry_hash(
            row.seq,
            row.at,
            row.actor,
            row.action,
            row.table_name,
            row.row_key,
            data,
            prev_hash,
            personal_hash=hidden,
            legacy_hash=row.hash,
        )
    return {
        "b_seq": row.seq,
        "data": data,
        "personal": personal,
        "salt": salt,
        "personal_hash": hidden,
        "legacy_hash": row.hash,
        "prev_hash": prev_hash,
        "hash": digest,
    }


def _to_format_1(row: Any, prev_hash: str, held: bool) -> dict[str, Any]:
    data = row.data if row.personal is None else canonical_json(entry_row(row.data, row.personal))
    digest = row.hash
    if held:
        digest = entry_hash_v1(row.seq, row.at, row.actor, row.action, row.table_name, row.row_key, data, prev_hash)
    return {"b_seq": row.seq, "data": data, "prev_hash": prev_hash, "hash": digest}


def _held(row: Any, from_format: int) -> bool:
    """Whether the entry's contents still give its hash, in the format it is in."""
    fields = (row.seq, row.at, row.actor, row.action, row.table_name, row.row_key, row.data, row.prev_hash)
    if from_format == 1:
        return bool(entry_hash_v1(*fields) == row.hash)
    if row.personal is not None and (row.salt is None or personal_hash(row.salt, row.personal) != row.personal_hash):
        return False
    return bool(entry_hash(*fields, personal_hash=row.personal_hash, legacy_hash=row.legacy_hash) == row.hash)


def _rechain(bind: sa.Connection, to_format: int) -> None:
    """Re-chain every entry into ``to_format``, carrying over what held and leaving every break as it was."""
    convert = _to_format_2 if to_format == 2 else _to_format_1
    head = bind.execute(sa.select(_head.c.seq, _head.c.hash).where(_head.c.id == 1)).first()
    names = ["seq", "at", "actor", "action", "table_name", "row_key", "data", "prev_hash", "hash"]
    if to_format == 1:
        names += ["personal", "salt", "personal_hash", "legacy_hash"]
    query = sa.select(*(_entry.c[name] for name in names)).order_by(_entry.c.seq).limit(BATCH)
    targets = [name for name in ("data", *_COLUMNS, "prev_hash", "hash") if to_format == 2 or name not in _COLUMNS]
    statement = (
        sa.update(_entry)
        .where(_entry.c.seq == sa.bindparam("b_seq"))
        .values({name: sa.bindparam(name) for name in targets})
    )
    last_seq, old_prev, new_prev = 0, GENESIS, GENESIS
    new_head: str | None = GENESIS if head is not None and head.seq == 0 and head.hash == GENESIS else None
    first_break: tuple[int, str] | None = None
    count = 0
    while True:
        rows = bind.execute(query.where(_entry.c.seq > last_seq)).all()
        if not rows:
            break
        updates = []
        for row in rows:
            linked = row.prev_hash == old_prev
            held = _held(row, 3 - to_format)
            if first_break is None and (row.seq != last_seq + 1 or not linked or not held):
                reason = "gap" if row.seq != last_seq + 1 else "prev" if not linked else "hash"
                first_break = (row.seq, reason)
            update = convert(row, new_prev if linked else row.prev_hash, held)
            updates.append(update)
            if head is not None and row.seq == head.seq and row.hash == head.hash:
                new_head = update["hash"]
            last_seq, old_prev, new_prev = row.seq, row.hash, update["hash"]
        bind.execute(statement, updates)
        count += len(updates)
    if head is not None and new_head is not None and new_head != head.hash:
        bind.execute(sa.update(_head).where(_head.c.id == 1).values(hash=new_head))
    if first_break is None and head is not None and (head.seq, new_head) != (last_seq, new_prev):
        first_break = (head.seq, "head")
    if first_break is not None:
        log.warning(
            "the audit chain was broken before it was re-chained, at entry %s (%s): it stays broken there",
            *first_break,
        )
    log.info("re-chained %s audit entries into format %s", count, to_format)
