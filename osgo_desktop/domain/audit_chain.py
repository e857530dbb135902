"""The audit chain's arithmetic: the canonical JSON of an entry and its SHA-256 link to the one before.

Record format 2 (migration 0011 on): an entry's ``data`` is its row without the table's personal fields
(:data:`PERSONAL_FIELDS`); those are covered by a hash salted per entry (:func:`personal_hash`), so an export can
leave them out and still have every entry's hash recomputed, and erasing them later (the personal fields and their
salt deleted) leaves the chain whole. Format 1 hashed the whole row (:func:`entry_hash_v1`).

Pure functions, shared by the storage that writes the chain (``storage.audit``) and by the stand-alone record
checker that re-links an exported chain without a database (see docs/decisions.md, "The audit chain").
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Final

import orjson

#: the previous hash of the first entry
GENESIS: Final = "0" * 64


def canonical_json(value: Any) -> str:
    """The one JSON spelling of ``value`` that is hashed and compared: sorted keys, no spaces, UTF-8 letters."""
    return _ENCODER.encode(value)


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    raise TypeError(f"cannot put {type(value).__name__} in the audit log")


#: one encoder for every call (``json.dumps`` with options builds a new one each time: a third of the cost of
#: hashing an entry); its output is ``json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
#: default=_plain)``
_ENCODER: Final = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_plain)


#: The fields of each table that an exported record leaves out of an entry's ``data`` and covers by a salted hash
#: instead (record format 2, docs/record.md, "The audit chain"): what identifies or reaches a person beyond what a
#: protocol prints. Names, sex, organisations, statuses, ids and marks are not among them: the protocols print them
#: or the count needs them. A table not named here has no personal fields.
PERSONAL_FIELDS: Final[Mapping[str, frozenset[str]]] = MappingProxyType(
    {
        "person": frozenset({"pin", "birth_date", "phone", "email", "address", "workplace", "position"}),
        #: free text about the applicant that no protocol prints (a note on the application, why it was withdrawn)
        "application": frozenset({"notes", "withdraw_reason"}),
        "commission_member": frozenset({"pin", "contact"}),
        "counting_member": frozenset({"contact"}),
        "council_member": frozenset({"pin"}),
        "document": frozenset({"display_name"}),
        #: the PBKDF2 hash of the entrant's PIN, with its salt ("iterations$salt$hash")
        "entrant": frozenset({"pin_hash"}),
        #: an account's Argon2id hashes (migration 0013): never exported, erased with the account's personal data
        "account": frozenset({"password_hash", "station_pin_hash"}),
    }
)


def personal_fields_json() -> dict[str, list[str]]:
    """:data:`PERSONAL_FIELDS` as an exported record lists it: table → sorted field names."""
    return {table: sorted(fields) for table, fields in sorted(PERSONAL_FIELDS.items())}


def split_row(table: str, row: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """``row`` of ``table`` as (its fields without the personal ones, the personal ones); the second is None when the
    table has no personal fields, and a dict (perhaps empty: an older row lacking the columns) when it has."""
    personal = PERSONAL_FIELDS.get(table)
    if personal is None:
        return dict(row), None
    return (
        {name: value for name, value in row.items() if name not in personal},
        {name: value for name, value in row.items() if name in personal},
    )


def split_data(table: str, data: str) -> tuple[str, str | None]:
    """An entry's whole row (canonical JSON) as the entry keeps it: (``data``, ``personal``), each canonical JSON —
    ``data`` returned as it is for a table without personal fields (``personal`` None), or one whose row is not a JSON
    object (never written by the app: left for the check to find)."""
    if table not in PERSONAL_FIELDS:
        return data, None
    row = json.loads(data)
    if not isinstance(row, dict):
        return data, None
    rest, personal = split_row(table, row)
    return canonical_json(rest), canonical_json(personal)


def entry_row(data: str, personal: str | None) -> dict[str, Any]:
    """The row an entry describes, for people and for the comparison with the table: its ``data`` with its personal
    fields put back (``personal`` None: erased, or a table without any — the rest only)."""
    row: dict[str, Any] = json.loads(data)
    if personal is not None:
        row.update(json.loads(personal))
    return row


def personal_hash(salt: str, personal: str) -> str:
    """SHA-256 of ``salt:personal`` (``personal``: the canonical JSON of an entry's personal fields). The salt, 32
    random hex digits per entry, is what keeps a PIN or a birth date from being found by trying them all."""
    return hashlib.sha256(f"{salt}:{personal}".encode()).hexdigest()


#: a ``data`` longer than this (in characters) is hashed a piece of this length at a time: a competition's row that
#: holds its record frozen at the close is some 70 million characters for 100,000 ballots, and writing its body out
#: whole would hold it three times more (escaped, in the body, as UTF-8)
_PIECE: Final = 1 << 20
#: the piece of such a text hashed at a time (the memory it takes is taken again for the next)
_STEP: Final = 1 << 17


def _hash_body(body: dict[str, Any], at: dt.datetime) -> str:
    body["at"] = at.isoformat(timespec="microseconds")
    return _hash_spelled(body)


class PiecewiseText:
    """A text too long to hold, given as its pieces in order (each cut between two code points): a checker's
    stand-in for an entry's ``data`` (``verifier.stream``). Hashed a piece at a time, to the same digest as the
    whole text."""

    def pieces(self) -> Iterator[str]:
        raise NotImplementedError

    def text(self) -> str:
        return "".join(self.pieces())


def _hash_spelled(body: dict[str, Any]) -> str:
    """The SHA-256 of an entry's body, its time ``at`` spelled as the hash spells it."""
    data = body["data"]
    pieces: Iterable[str] | None = None
    if isinstance(data, PiecewiseText):
        around = _around_data(body)
        if around is None:  # an unusual entry: written whole by the encoder
            body["data"] = data.text()
            return _hash_spelled(body)
        pieces = data.pieces()
    else:
        around = _around_data(body) if isinstance(data, str) and len(data) > _PIECE else None
        if around is None:
            return hashlib.sha256(_body_json(body).encode("utf-8")).hexdigest()
        pieces = (data[start : start + _STEP] for start in range(0, len(data), _STEP))
    # the same bytes as _body_json's: a text is escaped code point by code point, so its pieces escape to the pieces
    # of its escaped whole (less the quotes each piece is given)
    hasher = hashlib.sha256(around[0].encode("utf-8"))
    hasher.update(b'"')
    for piece in pieces:
        try:  # (orjson escapes as json does: usual_entry_hash)
            escaped = orjson.dumps(piece)
        except TypeError:  # a lone surrogate
            escaped = _TEXT(piece).encode("utf-8")
        hasher.update(memoryview(escaped)[1:-1])
    hasher.update(b'"')
    hasher.update(around[1].encode("utf-8"))
    return hasher.hexdigest()


#: a text as the canonical JSON writes it (json's own C function, the one its encoder uses with ensure_ascii=False)
_TEXT: Final = json.encoder.encode_basestring


def _body_json(body: dict[str, Any]) -> str:
    """:func:`canonical_json` of an entry's body, written straight out when it holds what every entry holds (texts,
    an integer ``seq``, null or text hashes): the same string, in a third of the time (``osgo verify`` hashes every
    entry of a record: 200,000 for 100,000 ballots). Anything else takes the encoder."""
    around = _around_data(body)
    if around is None:
        return canonical_json(body)
    try:
        return around[0] + _TEXT(body["data"]) + around[1]
    except TypeError:  # a data that is no text
        return canonical_json(body)


def _around_data(body: dict[str, Any]) -> tuple[str, str] | None:
    """:func:`canonical_json` of an entry's body before and after its ``data``'s value, when every other value is
    one every entry holds (texts, an integer ``seq``, null or text hashes); None otherwise."""
    seq, personal, legacy = body["seq"], body.get("personal_hash"), body.get("legacy_hash")
    if type(seq) is not int:
        return None
    try:
        head = f'{{"action":{_TEXT(body["action"])},"actor":{_TEXT(body["actor"])},"at":{_TEXT(body["at"])},"data":'
        tail = f'"prev_hash":{_TEXT(body["prev_hash"])},"seq":{int.__repr__(seq)},"table":{_TEXT(body["table"])}}}'
        key = f',"key":{_TEXT(body["key"])},'
        if len(body) == len(_V1_KEYS):
            return head, key + tail
        hashes = (
            f'"legacy_hash":{"null" if legacy is None else _TEXT(legacy)},'
            f'"personal_hash":{"null" if personal is None else _TEXT(personal)},'
        )
    except TypeError:  # a value that is no text
        return None
    return head, key + hashes + tail


def entry_hash(
    seq: int,
    at: dt.datetime,
    actor: str,
    action: str,
    table: str,
    key: str,
    data: str,
    prev_hash: str,
    *,
    personal_hash: str | None,
    legacy_hash: str | None,
) -> str:
    """Record format 2: SHA-256 of the entry's canonical JSON — ``key`` and ``data`` (the row without its personal
    fields) as the very strings stored, with the salted hash of its personal fields and the format-1 hash it had
    before migration 0011 (None for each when there is none)."""
    spelled = at.isoformat(timespec="microseconds")
    return spelled_entry_hash(
        seq, spelled, actor, action, table, key, data, prev_hash, personal_hash=personal_hash, legacy_hash=legacy_hash
    )


def spelled_entry_hash(
    seq: int,
    at: str,
    actor: str,
    action: str,
    table: str,
    key: str,
    data: str | PiecewiseText,
    prev_hash: str,
    *,
    personal_hash: str | None,
    legacy_hash: str | None,
) -> str:
    """:func:`entry_hash` with the time ``at`` as the hash spells it (:func:`spell_at`): what a checker of an
    exported chain calls, which has the time as text."""
    if (
        type(data) is str
        and type(seq) is int
        and type(at) is type(actor) is type(action) is type(table) is type(key) is type(prev_hash) is str
        and (personal_hash is None or type(personal_hash) is str)
        and (legacy_hash is None or type(legacy_hash) is str)
    ):
        digest = usual_entry_hash(seq, at, actor, action, table, key, data, prev_hash, personal_hash, legacy_hash)
        if digest is not None:
            return digest
    body = _body(seq, actor, action, table, key, data, prev_hash)
    body["personal_hash"] = personal_hash
    body["legacy_hash"] = legacy_hash
    body["at"] = at
    return _hash_spelled(body)


def usual_entry_hash(
    seq: int,
    at: str,
    actor: str,
    action: str,
    table: str,
    key: str,
    data: str,
    prev_hash: str,
    personal_hash: str | None,
    legacy_hash: str | None,
) -> str | None:
    """:func:`spelled_entry_hash` of the usual entry, whose fields the caller has found to be what every entry holds
    (texts, ``data`` one too, an integer ``seq``, null or text hashes): its body written by orjson, keys in the
    canonical order — orjson spells texts, integers and nulls as :func:`canonical_json` does, byte for byte
    (``tests/unit/test_fingerprint.py``), in half the time (``osgo verify`` hashes 200,000 entries for 100,000
    ballots). None: a ``data`` longer than :data:`_PIECE` (hashed a piece at a time, never written out whole), or
    what orjson does not write (a lone surrogate, an integer past 64 bits): take the general way."""
    if len(data) > _PIECE:
        return None
    try:
        body = orjson.dumps(
            {
                "action": action,
                "actor": actor,
                "at": at,
                "data": data,
                "key": key,
                "legacy_hash": legacy_hash,
                "personal_hash": personal_hash,
                "prev_hash": prev_hash,
                "seq": seq,
                "table": table,
            }
        )
    except TypeError:
        return None
    return hashlib.sha256(body).hexdigest()


#: a time spelled as an entry's hash spells it — ``isoformat(timespec="microseconds")`` of a naive or a UTC time —
#: once its date is one (the hour, minute and second are held to their ranges here)
_SPELLED_AT: Final = re.compile(
    r"([0-9]{4}-[0-9]{2}-[0-9]{2})T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]\.[0-9]{6}(?:\+00:00)?"
)


def spell_at(text: str) -> str:
    """An entry's time as an export writes it (ISO 8601 text) as the entry's hash spells it:
    ``datetime.fromisoformat(text).isoformat(timespec="microseconds")``; ``ValueError`` when it is no time. A text
    spelled so already (every one the app writes) is its own spelling: only its date is read, once for each date
    (``osgo verify`` reads the time of every entry: 200,000 for 100,000 ballots)."""
    found = _SPELLED_AT.fullmatch(text)
    if found is not None and _is_date(found[1]):
        return text
    return dt.datetime.fromisoformat(text).isoformat(timespec="microseconds")


@functools.lru_cache(maxsize=4096)
def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def exported_entry_hash(entry: Mapping[str, Any]) -> str:
    """:func:`entry_hash` of an entry as a format-2 record exports it (``at`` as its ISO text)."""
    return spelled_entry_hash(
        entry["seq"],
        spell_at(entry["at"]),
        entry["actor"],
        entry["action"],
        entry["table"],
        entry["key"],
        entry["data"],
        entry["prev_hash"],
        personal_hash=entry["personal_hash"],
        legacy_hash=entry["legacy_hash"],
    )


def entry_hash_v1(
    seq: int, at: dt.datetime, actor: str, action: str, table: str, key: str, data: str, prev_hash: str
) -> str:
    """Record format 1 (chains before migration 0011): SHA-256 of the entry's canonical JSON, the whole row in
    ``data``."""
    return _hash_body(_body(seq, actor, action, table, key, data, prev_hash), at)


#: the keys of a format-1 body (with ``at``); a format-2 body adds ``personal_hash`` and ``legacy_hash``
_V1_KEYS: Final = ("action", "actor", "at", "data", "key", "prev_hash", "seq", "table")


def _body(
    seq: int, actor: str, action: str, table: str, key: str, data: str | PiecewiseText, prev_hash: str
) -> dict[str, Any]:
    """What both formats hash (``at`` is added by :func:`_hash_body`)."""
    return {
        "seq": seq,
        "actor": actor,
        "action": action,
        "table": table,
        "key": key,
        "data": data,
        "prev_hash": prev_hash,
    }
