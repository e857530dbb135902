"""The canonical-record hash and the QR payload format."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from osgo_desktop.domain import fingerprint
from osgo_desktop.domain.fingerprint import (
    FingerprintPayload,
    canonical_fingerprint,
    canonical_fingerprints,
    canonical_json,
    fingerprint_payload_text,
    grouped,
    parse_fingerprint_payload,
)

SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"


def test_canonical_json_is_sorted_compact_utf8() -> None:
    record = {"b": [1, 2.5, None, True], "a": "Өмүрбеков", "c": {"z": 1, "y": (2, 3)}}
    assert canonical_json(record) == '{"a":"Өмүрбеков","b":[1,2.5,null,true],"c":{"y":[2,3],"z":1}}'.encode()


def test_the_fingerprint_does_not_depend_on_key_order() -> None:
    first = canonical_fingerprint({"a": 1, "b": "ң"})
    assert first == canonical_fingerprint({"b": "ң", "a": 1})
    assert first == hashlib.sha256('{"a":1,"b":"ң"}'.encode()).hexdigest()
    assert first != canonical_fingerprint({"a": 1, "b": "н"})


@pytest.mark.parametrize("value", [dt.date(2026, 1, 1), float("nan"), {1, 2}])
def test_only_json_values_have_a_fingerprint(value: object) -> None:
    with pytest.raises((TypeError, ValueError)):
        canonical_fingerprint({"x": value})


def test_the_payload_reads_back() -> None:
    payload = FingerprintPayload("2026/01", "2026/01-R1", SHA)
    text = fingerprint_payload_text(payload)
    assert text == f"OSGO|2026/01|2026/01-R1|{SHA}"
    assert parse_fingerprint_payload(text) == payload
    assert parse_fingerprint_payload(text + "\n") == payload  # a reader's trailing newline


@pytest.mark.parametrize(
    "text",
    [
        "",
        f"XYZ|2026/01|2026/01-R1|{SHA}",
        f"OSGO|2026/01|{SHA}",
        f"OSGO|2026/01|2026/01-R1|{SHA}|more",
        f"OSGO||2026/01-R1|{SHA}",
        f"OSGO|2026/01|2026/01-R1|{SHA.upper()}",
        "OSGO|2026/01|2026/01-R1|abc",
    ],
)
def test_other_text_is_not_a_payload(text: str) -> None:
    with pytest.raises(ValueError):
        parse_fingerprint_payload(text)


def test_a_separator_in_a_number_is_refused() -> None:
    with pytest.raises(ValueError):
        FingerprintPayload("2026|01", "1", SHA)


def test_grouped() -> None:
    assert grouped(SHA[:12]) == "9f86 d081 884c"
    assert grouped(SHA).replace(" ", "") == SHA and len(grouped(SHA).split()) == 16


# --- orjson, where it writes what canonical_json writes ---------------------------------------------------------------

#: every JSON value but a float: what orjson writes byte for byte as canonical_json does (a float it spells otherwise:
#: 5e-06 is its 5e-6, so fingerprints of a record that holds one are written by json)
FLOATLESS = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.text(),
    lambda children: st.lists(children, max_size=6) | st.dictionaries(st.text(max_size=8), children, max_size=6),
    max_leaves=30,
)


@settings(max_examples=400, deadline=None)
@given(FLOATLESS)
def test_orjson_writes_a_value_without_floats_as_the_canonical_json(value: object) -> None:
    assert fingerprint._orjson_dumps(value) == canonical_json(value)
    together = [value, {"v": value, "w": value}]
    assert canonical_fingerprints(together, floats=False) == [canonical_fingerprint(v) for v in together]


def test_every_character_is_escaped_by_orjson_as_by_json() -> None:
    """Each code point but the surrogates, alone and between letters (an audit entry's hash is written by orjson:
    domain.audit_chain.usual_entry_hash)."""
    text = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    assert fingerprint._orjson_dumps([text, *text[:0x3000]]) == canonical_json([text, *text[:0x3000]])


def test_what_orjson_cannot_write_is_a_type_error() -> None:
    """A caller takes json's way then (verifier.record: each protocol recomputed alone; usual_entry_hash: None)."""
    for value in (2**64, "\ud800"):
        with pytest.raises(TypeError):
            canonical_fingerprints([{"x": value}], floats=False)
    assert canonical_fingerprints([{"x": 2**64}]) == [canonical_fingerprint({"x": 2**64})]
