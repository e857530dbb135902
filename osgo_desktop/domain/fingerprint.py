"""The fingerprint of a protocol: the SHA-256 of the record it was made from, and the text its QR code carries.

A protocol prints the fingerprint of its record so that anyone can check a paper copy against the data: compute
:func:`canonical_fingerprint` of the record again and compare. The QR code on the protocol's last page carries
:func:`fingerprint_payload_text`, which :func:`parse_fingerprint_payload` reads back. Both are the one place of
their format: nothing else hashes a record or builds or splits a payload.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Final

import orjson

#: What every payload starts with: a QR code that does not is somebody else's.
PAYLOAD_PREFIX: Final = "OSGO"
PAYLOAD_SEPARATOR: Final = "|"
_SHA256: Final = re.compile(r"[0-9a-f]{64}")


def canonical_json(record: object) -> bytes:
    """The one byte form of ``record``: JSON with sorted keys, no spaces, UTF-8 (not ``\\u`` escapes).

    ``record`` is made of JSON values only (dicts with string keys, lists or tuples, strings, integers, finite
    floats, booleans, None); anything else — a date, a Decimal, a dataclass — is a :class:`TypeError`, so that
    the caller decides how it is written (a date as its ISO form) rather than a default that could change.
    """
    text = json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return text.encode("utf-8")


def canonical_fingerprint(record: object) -> str:
    """The SHA-256 (64 lowercase hex digits) of :func:`canonical_json` of ``record``.

    The bytes are hashed piece by piece (:func:`_canonical_pieces`), never held whole: the basis of a round's
    protocols holds every entry of every paper, some 150 MB of JSON for a round of 100,000 papers."""
    digest = hashlib.sha256()
    for piece in _canonical_pieces(record, _dumps):
        digest.update(piece)
    return digest.hexdigest()


def canonical_fingerprints(values: Sequence[object], *, floats: bool = True) -> list[str]:
    """:func:`canonical_fingerprint` of each of ``values``, in one walk: a part that several of them hold — the very
    same object, where their dicts have the same key (a round, in its vote protocol's basis and its tally sheet's) —
    is written once and hashed into each of theirs.

    ``floats=False``: the caller knows that no value holds a float (``osgo verify`` of a record read without one).
    Then the values are written by orjson, whose spelling of every other JSON value is :func:`canonical_json`'s byte
    for byte (``tests/unit/test_fingerprint.py`` holds it; of a float it is not: ``5e-06`` is its ``5e-6``), in a
    third of the time; a value it does not write (an integer past 64 bits) is a :class:`TypeError`."""
    digests = [hashlib.sha256() for _value in values]
    dumps = _dumps if floats else _orjson_dumps
    _hash_together([(value, [digest]) for value, digest in zip(values, digests, strict=True)], dumps)
    return [digest.hexdigest() for digest in digests]


#: a JSON value as canonical UTF-8 bytes
_Dumps = Callable[[object], bytes]


def _hash_together(items: list[tuple[object, list[Any]]], dumps: _Dumps) -> None:
    """Hash each value's canonical JSON into its digests (no digest in two items)."""
    groups: dict[int, tuple[object, list[Any]]] = {}
    for value, digests in items:
        groups.setdefault(id(value), (value, []))[1].extend(digests)
    walked: list[tuple[dict[str, Any], list[Any]]] = []
    for value, digests in groups.values():
        if len(groups) > 1 and isinstance(value, dict) and value and all(isinstance(key, str) for key in value):
            walked.append((value, digests))
            continue
        for piece in _canonical_pieces(value, dumps):
            for digest in digests:
                digest.update(piece)
    if not walked:
        return
    for _value, digests in walked:
        for digest in digests:
            digest.update(b"{")
    for key in sorted(set().union(*(value.keys() for value, _digests in walked))):
        children: list[tuple[object, list[Any]]] = []
        for value, digests in walked:
            if key in value:
                head = (b"," if key != min(value) else b"") + dumps(key) + b":"
                for digest in digests:
                    digest.update(head)
                children.append((value[key], digests))
        _hash_together(children, dumps)
    for _value, digests in walked:
        for digest in digests:
            digest.update(b"}")


#: a list longer than this is written a slice of this many items at a time
_SLICE: Final = 1024


def _dumps(value: object) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode()


def _orjson_dumps(value: object) -> bytes:
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)


def _canonical_pieces(value: object, dumps: _Dumps) -> Iterator[bytes]:
    """:func:`canonical_json` of ``value``, in pieces that join to it exactly: a dict key by key (sorted, as
    ``sort_keys`` sorts them), a long list a slice of :data:`_SLICE` items at a time, anything else whole."""
    if isinstance(value, dict) and value and all(isinstance(key, str) for key in value):
        yield b"{"
        for index, key in enumerate(sorted(value)):
            yield (b"," if index else b"") + dumps(key) + b":"
            yield from _canonical_pieces(value[key], dumps)
        yield b"}"
    elif isinstance(value, list | tuple) and len(value) > _SLICE:
        yield b"["
        for start in range(0, len(value), _SLICE):
            yield (b"," if start else b"") + dumps(value[start : start + _SLICE])[1:-1]
        yield b"]"
    else:
        yield dumps(value)


def is_fingerprint(text: str) -> bool:
    """Whether ``text`` is a SHA-256 as this module writes it: 64 lowercase hex digits."""
    return _SHA256.fullmatch(text) is not None


def grouped(fingerprint: str, size: int = 4) -> str:
    """``fingerprint`` in groups of ``size`` characters, for a person to read and compare."""
    return " ".join(fingerprint[start : start + size] for start in range(0, len(fingerprint), size))


@dataclass(frozen=True)
class FingerprintPayload:
    """What a protocol's QR code says: which competition, which protocol, the fingerprint of its record."""

    competition: str
    number: str
    sha256: str

    def __post_init__(self) -> None:
        for name, value in (("competition", self.competition), ("number", self.number)):
            if not value or PAYLOAD_SEPARATOR in value or value != value.strip():
                raise ValueError(f"a {name} in a fingerprint payload must be non-empty, trimmed, without '|'")
        if not is_fingerprint(self.sha256):
            raise ValueError(f"not a SHA-256 (64 lowercase hex digits): {self.sha256!r}")


def fingerprint_payload_text(payload: FingerprintPayload) -> str:
    """The compact text of a QR code: ``OSGO|<competition number>|<protocol number>|<sha256>``."""
    return PAYLOAD_SEPARATOR.join((PAYLOAD_PREFIX, payload.competition, payload.number, payload.sha256))


def parse_fingerprint_payload(text: str) -> FingerprintPayload:
    """The payload that :func:`fingerprint_payload_text` wrote; :class:`ValueError` for any other text."""
    parts = text.strip().split(PAYLOAD_SEPARATOR)
    if len(parts) != 4 or parts[0] != PAYLOAD_PREFIX:
        raise ValueError(f"not an OSGO fingerprint payload: {text!r}")
    _prefix, competition, number, sha256 = parts
    return FingerprintPayload(competition=competition, number=number, sha256=sha256)
