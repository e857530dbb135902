"""The audit chain of an exported record, checked without a database: record formats 1 and 2 (docs/record.md).

Format 2 (``domain.audit_chain``): every entry's hash is recomputed — its ``data`` is its row without the table's
personal fields, which stay in the database under ``personal_hash``, a hash salted per entry — so an entry cannot be
blanked, nor its time, actor, table or action changed, unseen; a record's ``personal_fields`` must lie within the
list this version withholds (a record made before a field joined the list withholds fewer). Format 1: an entry of a
table that held personal data was exported without its ``data``, so its
own hash could not be recomputed: it is only linked (as before format 2).

The entries may be streamed from the zip (``verifier.record`` may hand an iterable that reads them piece by piece):
this module only iterates them, once a pass, and keeps a few bytes per entry at most.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping
from collections.abc import Set as AbstractSet
from typing import Any, Final

from osgo_desktop.domain.audit_chain import (
    GENESIS,
    PERSONAL_FIELDS,
    entry_hash_v1,
    spell_at,
    spelled_entry_hash,
    usual_entry_hash,
)
from osgo_desktop.i18n import _
from osgo_desktop.verifier.rows import Rows
from osgo_desktop.verifier.stream import SpooledText

_HEX64: Final = re.compile(r"[0-9a-f]{64}")
#: the one table that grows with the papers (200,000 entries for 100,000 ballots): its row, spelled as the app
#: stores it (``rows.BALLOT_ENTRY_ROW``), is known to be a JSON object of :data:`_ENTRY_FIELDS` without a JSON parser
_BALLOT_ENTRY: Final = "ballot_entry"
_ENTRY_FIELDS: Final = frozenset({"entered_at", "entrant_id", "id", "marks", "round_id", "serial", "side"})
#: the fields of an entry that are texts (a format-2 entry's), in the order a failure names them
_TEXTS: Final = ("at", "actor", "action", "table", "key", "prev_hash")
_NONE: Final[frozenset[str]] = frozenset()

#: where (an audit entry, the head), what is wrong — both for a person
Fail = Callable[[str, str], None]


def _where(seq: object) -> str:
    return _("audit entry {seq}").format(seq=seq)


def _missing(expected: int) -> str:
    return _("expected entry {expected} here: entries are missing or out of order").format(expected=expected)


def _is_hash(value: object) -> bool:
    return isinstance(value, str) and _HEX64.fullmatch(value) is not None


def check_chain(audit: Mapping[str, Any], record_format: int, fail: Fail, rows: Rows | None = None) -> tuple[int, int]:
    """Check the record's audit chain (its ``audit`` member); every problem goes to ``fail``. Returns the number of
    entries and of those withheld: in format 2, the entries whose personal fields are withheld (checked by their
    salted hash, with every other field); in format 1, the entries without data (only linked). ``rows`` reads each
    entry's row (``verifier.rows``; shared with the facts check fed in the same pass, it reads each row once).
    """
    if record_format >= 2:
        return _check_format_2(audit, fail, rows or Rows())
    return _check_format_1(audit, fail)


def _check_format_1(audit: Mapping[str, Any], fail: Fail) -> tuple[int, int]:
    expected, prev = 1, GENESIS
    entries = withheld = 0
    for entry in audit["entries"]:
        entries += 1
        seq = entry["seq"]
        if seq != expected:
            fail(
                _where(seq),
                _("expected entry {expected} here: entries are missing or out of order").format(expected=expected),
            )
        elif entry["prev_hash"] != prev:
            fail(_where(seq), _("does not follow the entry before it (its link was changed)"))
        data = entry["data"]
        if isinstance(data, SpooledText):  # (format 1 hashes its data whole)
            data = data.text()
        if data is None:
            withheld += 1
        elif (
            entry_hash_v1(
                seq,
                dt.datetime.fromisoformat(entry["at"]),
                entry["actor"],
                entry["action"],
                entry["table"],
                entry["key"],
                data,
                entry["prev_hash"],
            )
            != entry["hash"]
        ):
            fail(_where(seq), _("was altered: its contents no longer match its hash"))
        expected, prev = seq + 1, entry["hash"]
    _check_head(audit, expected - 1, prev, fail)
    return entries, withheld


def _check_format_2(audit: Mapping[str, Any], fail: Fail, rows: Rows) -> tuple[int, int]:
    listed = _listed_personal_fields(audit.get("personal_fields"))
    if listed is None:
        fail(
            _("audit chain"),
            _("its list of personal fields is not the one this version withholds: {found}").format(
                found=json.dumps(audit.get("personal_fields"), ensure_ascii=False, sort_keys=True)
            ),
        )
        listed = PERSONAL_FIELDS
    expected, prev = 1, GENESIS
    entries = withheld = 0
    for entry in audit["entries"]:
        entries += 1
        mapping = type(entry) is dict or isinstance(entry, Mapping)  # (a dict is told apart without the ABC's cost)
        seq = entry.get("seq") if mapping else None
        # (where: the entry's name for a person, made only for a failure: 200,000 entries hold none)
        if not mapping or not isinstance(seq, int):
            fail(_where(f"#{entries}" if not isinstance(seq, int) else seq), _("is not an audit entry"))
            expected, prev = expected + 1, ""
            continue
        if seq != expected:
            fail(
                _where(seq),
                _("expected entry {expected} here: entries are missing or out of order").format(expected=expected),
            )
        elif entry.get("prev_hash") != prev:
            fail(_where(seq), _("does not follow the entry before it (its link was changed)"))
        problem = _entry_problem(entry, listed, rows)
        if problem is not None:
            fail(_where(seq), problem)
        if entry.get("personal_hash") is not None:
            withheld += 1
        expected, prev = seq + 1, str(entry.get("hash"))
    _check_head(audit, expected - 1, prev, fail)
    return entries, withheld


def _listed_personal_fields(listed: object) -> Mapping[str, frozenset[str]] | None:
    """The record's list of withheld personal fields, when it is one this version accepts (None: it is not): table by
    table within :data:`PERSONAL_FIELDS`. A record made before a field was added to the list withholds fewer (its
    entries are checked against its own list); a field this version publishes — a name, a mark — is never withheld.
    """
    if not isinstance(listed, Mapping):
        return None
    fields: dict[str, frozenset[str]] = {}
    for table, names in listed.items():
        if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
            return None
        fields[table] = frozenset(names)
        if not fields[table] <= PERSONAL_FIELDS.get(table, frozenset()):
            return None
    return fields


def _entry_problem(entry: Mapping[str, Any], listed: Mapping[str, frozenset[str]], rows: Rows) -> str | None:
    """What is wrong with one format-2 entry on its own (None: nothing): its data, its hashes."""
    get = entry.get
    table, data, hidden = get("table"), get("data"), get("personal_hash")
    at, actor, action, key, prev_hash = get("at"), get("actor"), get("action"), get("key"), get("prev_hash")
    if not (
        isinstance(at, str)
        and isinstance(actor, str)
        and isinstance(action, str)
        and isinstance(table, str)
        and isinstance(key, str)
        and isinstance(prev_hash, str)
    ):
        texts = (at, actor, action, table, key, prev_hash)
        malformed = [name for name, text in zip(_TEXTS, texts, strict=True) if not isinstance(text, str)]
        return _("is malformed: {fields} missing or not text").format(fields=", ".join(malformed))
    if data is None:
        return _("its data was removed: a format-2 record withholds only the personal fields")
    if table == _BALLOT_ENTRY and rows.ballot_entry(data) is not None:
        fields: AbstractSet[str] = _ENTRY_FIELDS  # a JSON object of these fields, as json.loads would find
    else:
        try:
            row = rows(data) if isinstance(data, str | SpooledText) else None
        except (ValueError, RecursionError):
            row = None
        if not isinstance(row, dict):
            rows.forget()
            return _("its data is not a JSON object of the row's fields")
        fields = frozenset(row)
        del row
        rows.forget()  # the row is needed no more: a long one is not held while its entry is hashed
    personal = listed.get(table, _NONE)
    leaked = sorted(personal & fields) if personal else None
    if leaked:
        return _("its data holds personal fields the record must withhold: {fields}").format(fields=", ".join(leaked))
    if personal and not _is_hash(hidden):
        return _("the hash of its personal fields is missing or malformed")
    if not personal and hidden is not None:
        return _("carries a hash of personal fields, but table {table} has none").format(table=table)
    legacy = get("legacy_hash")
    if legacy is not None and not _is_hash(legacy):
        return _("its hash from before the re-chaining (legacy_hash) is malformed")
    try:
        spelled = spell_at(at)
    except ValueError:
        return _("is malformed: its time {at} is no time").format(at=json.dumps(at, ensure_ascii=False))
    seq = entry["seq"]
    # (every field checked above: the usual entry is hashed without checking them again)
    digest = (
        usual_entry_hash(seq, spelled, actor, action, table, key, data, prev_hash, hidden, legacy)
        if type(data) is str
        else None
    ) or spelled_entry_hash(
        seq, spelled, actor, action, table, key, data, prev_hash, personal_hash=hidden, legacy_hash=legacy
    )
    if digest != get("hash"):
        return _("was altered: its contents no longer match its hash")
    return None


def _check_head(audit: Mapping[str, Any], last: int, prev: object, fail: Fail) -> None:
    head = audit["head"]
    if (head["seq"], head["hash"]) != (last, prev):
        fail(
            _("audit chain head"),
            _("the chain should end at entry {seq}, but ends at entry {last}").format(seq=head["seq"], last=last),
        )


class ChainIndex:
    """Each entry's hash (and its hash before migration 0011, ``legacy_hash``) by seq, in 72 bytes an entry: what a
    signed paper's chain head (``/OSGOChainHead``, ``--chain-head``) is looked up in."""

    def __init__(self, entries: Iterable[Any]) -> None:
        self._seqs = array("q")
        self._hashes = bytearray()
        self._legacy = bytearray()
        ordered, last = True, None
        for entry in entries:
            if not isinstance(entry, Mapping) or not isinstance(entry.get("seq"), int):
                continue
            seq = entry["seq"]
            if not -(2**63) <= seq < 2**63:
                continue
            ordered = ordered and (last is None or seq > last)
            last = seq
            self._seqs.append(seq)
            self._hashes += _raw(entry.get("hash"))
            self._legacy += _raw(entry.get("legacy_hash"))
        self._ordered = ordered

    def _positions(self, seq: int) -> Iterable[int]:
        if self._ordered:
            at = bisect_left(self._seqs, seq)
            return [at] if at < len(self._seqs) and self._seqs[at] == seq else []
        return [n for n, found in enumerate(self._seqs) if found == seq][:1]  # the first, as a dict's setdefault

    def problem(self, seq: int, digest: str) -> str | None:
        """Why the chain does not hold entry ``seq`` with hash ``digest``, now or before migration 0011 (None: it
        does)."""
        positions = list(self._positions(seq))
        if not positions:
            return _("the record's chain has no entry {seq}: it was cut").format(seq=seq)
        wanted = _raw(digest)
        at = positions[0] * 32
        if wanted != bytes(32) and wanted in (self._hashes[at : at + 32], self._legacy[at : at + 32]):
            return None
        return _("the record's chain has another hash at entry {seq}: the chain was rewritten").format(seq=seq)


def _raw(value: object) -> bytes:
    """A hash's 32 bytes; 32 zero bytes for anything else (matched by nothing)."""
    return bytes.fromhex(value) if isinstance(value, str) and _is_hash(value) else bytes(32)
