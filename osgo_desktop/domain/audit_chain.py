"""The audit chain's arithmetic: the canonical JSON of an entry and its SHA-256 link to the one before.

Pure functions, shared by the storage that writes the chain (``storage.audit``) and by the stand-alone record
checker that re-links an exported chain without a database (see docs/decisions.md, "The audit chain").
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal
from typing import Any, Final

#: the previous hash of the first entry
GENESIS: Final = "0" * 64


def canonical_json(value: Any) -> str:
    """The one JSON spelling of ``value`` that is hashed and compared: sorted keys, no spaces, UTF-8 letters."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_plain)


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    raise TypeError(f"cannot put {type(value).__name__} in the audit log")


def entry_hash(
    seq: int, at: dt.datetime, actor: str, action: str, table: str, key: str, data: str, prev_hash: str
) -> str:
    """SHA-256 of the entry's canonical JSON (``key`` and ``data`` as the very strings stored)."""
    body = {
        "seq": seq,
        "at": at.isoformat(timespec="microseconds"),
        "actor": actor,
        "action": action,
        "table": table,
        "key": key,
        "data": data,
        "prev_hash": prev_hash,
    }
    return hashlib.sha256(canonical_json(body).encode("utf-8")).hexdigest()
