"""The streaming reader of a big record.json (``verifier.stream``): it reads what json.loads reads — the same values,
the audit entries streamed again on every pass — and refuses what json.loads refuses, with a sentence, never a
crash; and a fingerprint hashed piece by piece is the one of the whole canonical JSON, byte for byte."""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Callable
from typing import IO, Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from osgo_desktop.domain import fingerprint
from osgo_desktop.verifier import stream

DAMAGED = (OSError, EOFError)


def opener(*versions: bytes) -> Callable[[], IO[bytes]]:
    """Opens the given bytes, the next version on each call (the last one ever after)."""
    calls = iter(versions)
    last = versions[-1]

    def open_member() -> IO[bytes]:
        return io.BytesIO(next(calls, last))

    return open_member


def load(text: bytes, *later: bytes, limit: int = 1 << 30) -> Any:
    return stream.load(opener(text, *later), limit, "too big", DAMAGED)


def as_loaded(record: Any) -> Any:
    """The streamed record with its entries made a list again (what json.loads gives)."""
    audit = record.get("audit") if isinstance(record, dict) else None
    if isinstance(audit, dict) and isinstance(audit.get("entries"), stream.AuditEntries):
        audit["entries"] = list(audit["entries"])
    return record


RECORD = {
    "format": "osgo-election-record/1",
    "rounds": [{"entries": [{"serial": "001", "marks": ["a", "b"]}], "x": [[1, 2.5], {"y": None}]}],
    "audit": {"head": {"seq": 2}, "entries": [{"seq": 1, "data": "{}"}, {"seq": 2, "data": None, "f": 1.5}]},
    "after": True,
}


def test_the_record_reads_as_json_loads_reads_it_and_its_entries_again_on_every_pass() -> None:
    text = json.dumps(RECORD, indent=1).encode()
    record = load(text)
    entries = record["audit"]["entries"]
    assert isinstance(entries, stream.AuditEntries)
    assert list(entries) == RECORD["audit"]["entries"]
    assert list(entries) == RECORD["audit"]["entries"]  # a second pass streams them again
    assert as_loaded(record) == json.loads(text)


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**63) + 1, 2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(["audit", "entries", "a", "item", "a.b"]), inner, max_size=4)
    ),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(JSON_VALUES)
def test_any_json_reads_as_json_loads_reads_it(value: Any) -> None:
    """Whatever stands where (an audit that is a list, entries that are an object, keys with dots, ``item``)."""
    text = json.dumps(value).encode()
    assert as_loaded(load(text)) == json.loads(text)


@pytest.mark.parametrize(
    "text",
    [
        # a key given twice: json.loads takes the last
        b'{"audit": {"entries": [{"seq": 9}], "entries": [{"seq": 1}]}}',
        b'{"audit": {"entries": [{"seq": 9}]}, "audit": {"entries": [{"seq": 1}]}}',
        b'{"audit": {"entries": [{"seq": 9}], "entries": null}}',
        # paths that ijson spells as audit.entries.item too
        b'{"audit.entries": [{"seq": 9}], "audit": {"entries": [{"seq": 1}]}}',
        b'{"audit": {"entries.item": {"seq": 9}, "entries": [{"seq": 1}]}}',
        b'{"audit": {"entries": {"item": {"seq": 9}}, "entries": [{"seq": 1}]}}',
        b'{"audit": {"entries": [{"seq": 1}]}, "audit.entries.item": {"seq": 9}}',
    ],
)
def test_keys_given_twice_or_with_dots_stream_the_entries_json_loads_reads(text: bytes) -> None:
    assert as_loaded(load(text)) == json.loads(text)


def refusal(text: bytes, **kwargs: Any) -> str:
    with pytest.raises(stream.StreamError) as caught:
        load(text, **kwargs)
    return caught.value.detail


def test_what_json_loads_refuses_is_refused_with_a_sentence() -> None:
    whole = json.dumps(RECORD).encode()
    assert "not readable JSON" in refusal(whole[: len(whole) // 2])  # truncated
    assert "not readable JSON" in refusal(whole + b" {}")  # a second value
    assert "not readable JSON" in refusal(whole.replace(b'"data": "{}"', b'"data": "{}\xff"'))  # not UTF-8
    assert "nested too deeply" in refusal(b'{"a": ' + b"[" * 100_000 + b"]" * 100_000 + b"}")
    deep_entries = b'{"audit": {"entries": [' + b"[" * 100_000 + b"]" * 100_000 + b"]}}"
    assert "nested too deeply" in refusal(deep_entries)
    assert refusal(whole, limit=len(whole) - 1) == "too big"


@pytest.mark.parametrize("digits", [4301, 5000, 100_000])
@pytest.mark.parametrize("where", ["top", "entries", "string"])
def test_an_integer_too_long_to_read_is_refused_and_crashes_nothing(digits: int, where: str) -> None:
    """ijson's C code crashes the process on an integer Python will not read: the bytes are scanned first, a run
    of digits split between two reads too."""
    number = b"7" * digits
    text = {
        "top": b'{"n": ' + number + b"}",
        "entries": b'{"audit": {"entries": [{"seq": ' + number + b"}]}}",
        "string": b'{"n": "' + number + b'"}',
    }[where]
    assert "a number is too long" in refusal(text)
    reader = stream._Reader(io.BytesIO(b" " * (stream.CHUNK - 10) + number + b" "), 1 << 30, "too big")
    with pytest.raises(stream.StreamError):
        while reader.read(stream.CHUNK):
            pass


def test_an_integer_beyond_64_bits_is_refused_with_a_sentence() -> None:
    """The streaming reader reads integers of 64 bits (a genuine record's are far smaller); json.loads, which reads
    a small record, reads more: neither is a crash."""
    assert load(b'{"n": 9223372036854775807}') == {"n": 2**63 - 1}
    assert "not readable JSON" in refusal(b'{"n": 9223372036854775808}')


def test_a_member_changed_between_passes_is_a_failure_of_the_pass() -> None:
    """The entries are read again on each pass: bytes that no longer parse, or a member that fails while it is
    read, are a StreamError (a ValueError: the checks report a malformed record) at that pass, not a traceback."""
    good = json.dumps(RECORD).encode()
    record = load(good, good[:-40])
    with pytest.raises(stream.StreamError, match="not readable JSON"):
        list(record["audit"]["entries"])

    class Failing(io.BytesIO):
        def read(self, size: int | None = -1) -> bytes:
            raise OSError("CRC mismatch")

    calls = iter([io.BytesIO(good), Failing(good)])
    record = stream.load(lambda: next(calls), 1 << 30, "too big", DAMAGED)
    with pytest.raises(stream.StreamError, match="damaged in the zip: CRC mismatch"):
        list(record["audit"]["entries"])
    assert issubclass(stream.StreamError, ValueError)


def test_a_record_parsed_whole_gets_the_same_interface() -> None:
    record = json.loads(json.dumps(RECORD))
    stream.wrap_entries(record)
    assert isinstance(record["audit"]["entries"], stream.AuditEntries)
    assert list(record["audit"]["entries"]) == list(record["audit"]["entries"]) == RECORD["audit"]["entries"]


# --- the fingerprint hashed piece by piece --------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(JSON_VALUES)
def test_the_pieces_join_to_the_canonical_json(value: Any) -> None:
    expected = fingerprint.canonical_json(value)
    assert b"".join(fingerprint._canonical_pieces(value, fingerprint._dumps)) == expected


def test_a_long_list_hashed_a_slice_at_a_time_gives_the_fingerprint_of_the_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import hashlib

    basis = {
        "round": {"entries": [{"serial": f"{n:03}", "marks": ["я", "ö"][: n % 3]} for n in range(5000)]},
        "z": [1, 2.5, None, True, "\u2028"],
        "format": "osgo-election-record/1",
    }
    whole = hashlib.sha256(fingerprint.canonical_json(basis)).hexdigest()
    assert fingerprint.canonical_fingerprint(basis) == whole
    monkeypatch.setattr(fingerprint, "_SLICE", 3)
    assert fingerprint.canonical_fingerprint(basis) == whole
    assert fingerprint.canonical_fingerprint([]) == hashlib.sha256(b"[]").hexdigest()
    assert fingerprint.canonical_fingerprint({}) == hashlib.sha256(b"{}").hexdigest()
    with pytest.raises(ValueError):
        fingerprint.canonical_fingerprint({"a": [float("nan")]})


@settings(max_examples=200, deadline=None)
@given(
    st.lists(JSON_VALUES, max_size=3),
    st.lists(st.dictionaries(st.sampled_from(["a", "b", "round"]), JSON_VALUES, max_size=3), max_size=3),
)
def test_fingerprints_together_are_each_ones_own(shared: list[Any], shapes: list[dict[str, Any]]) -> None:
    """Bases sharing parts (the very same objects, under the same keys or others) hash each to its own."""
    bases: list[Any] = [*shared]
    for index, shape in enumerate(shapes):
        basis = dict(shape)
        for position, part in enumerate(shared):
            basis[f"s{(index + position) % 3}"] = part
        bases.append(basis)
    assert fingerprint.canonical_fingerprints(bases) == [fingerprint.canonical_fingerprint(b) for b in bases]


def test_a_rounds_protocols_fingerprinted_together_give_their_own_fingerprints() -> None:
    round_ = {"number": 1, "entries": [{"serial": f"{n:03}", "marks": ["a"]} for n in range(3000)]}
    vote = {"protocol": "vote", "round": round_, "amendments": []}
    sheet = {"protocol": "tally_sheet", "round": round_, "amendments": [], "facts": {"x": 1}}
    assert fingerprint.canonical_fingerprints([vote, sheet, {}]) == [
        fingerprint.canonical_fingerprint(vote),
        fingerprint.canonical_fingerprint(sheet),
        fingerprint.canonical_fingerprint({}),
    ]


# --- an audit entry's body written straight out -------------------------------------------------------------

BODY_VALUES = st.one_of(
    st.text(), st.none(), st.integers(), st.booleans(), st.floats(allow_nan=False), st.lists(st.integers(), max_size=2)
)


@settings(max_examples=500, deadline=None)
@given(
    st.fixed_dictionaries(
        {k: st.text() for k in ("action", "actor", "at", "data", "key", "prev_hash", "table")}
        | {"seq": st.integers() | st.booleans()}
    ),
    st.booleans(),
    BODY_VALUES,
    BODY_VALUES,
    st.sampled_from(["action", "data", "key", "seq", "table", None]),
    BODY_VALUES,
)
def test_an_entrys_body_is_the_canonical_json_of_it(
    body: dict[str, Any], two: bool, personal: Any, legacy: Any, odd: str | None, value: Any
) -> None:
    """Whatever the values (texts with quotes, controls and letters; a seq that is no integer; a value that is no
    text), the body written straight out is canonical_json's, so every hash stays the one printed."""
    from osgo_desktop.domain import audit_chain

    if two:
        body |= {"personal_hash": personal, "legacy_hash": legacy}
    if odd is not None:
        body[odd] = value
    assert audit_chain._body_json(body) == audit_chain.canonical_json(body)
    # and its hash, whichever way it is taken (the usual entry's by orjson: audit_chain.usual_entry_hash)
    full = {"personal_hash": None, "legacy_hash": None} | body
    expected = hashlib.sha256(audit_chain.canonical_json(full).encode("utf-8")).hexdigest()
    try:
        found = audit_chain.spelled_entry_hash(
            *(full[k] for k in ("seq", "at", "actor", "action", "table", "key", "data", "prev_hash")),
            personal_hash=full["personal_hash"],
            legacy_hash=full["legacy_hash"],
        )
    except (TypeError, ValueError):  # a value no entry holds, which the general way does not write either
        with pytest.raises((TypeError, ValueError)):
            audit_chain.canonical_json(full).encode("utf-8")
        return
    assert found == expected


# --- long strings kept from the parser (stream.SpooledText) -------------------------------------------------------

LONG_TEXTS = st.text(
    st.characters(codec="utf-8") | st.sampled_from('"\\/\n\t\x00\x1fҢңӨөҮү😀'), min_size=0, max_size=60
)


@pytest.fixture
def tiny_spools(monkeypatch: pytest.MonkeyPatch) -> None:
    """Strings of more than 16 bytes spooled, unescaped 8 bytes at a time, the member read 7 bytes at a time."""
    monkeypatch.setattr(stream, "LONG_BYTES", 16)
    monkeypatch.setattr(stream, "_SPOOL_PIECE", 8)
    monkeypatch.setattr(stream, "CHUNK", 7)


def unspooled(value: Any) -> Any:
    """``value`` with every spooled text read whole."""
    if isinstance(value, stream.SpooledText):
        return value.text()
    if isinstance(value, dict):
        return {key: unspooled(item) for key, item in value.items()}
    if isinstance(value, list):
        return [unspooled(item) for item in value]
    return value


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=JSON_VALUES, texts=st.lists(LONG_TEXTS, min_size=1, max_size=4), ascii_only=st.booleans())
def test_long_strings_read_as_json_loads_reads_them(
    tiny_spools: None, value: Any, texts: list[str], ascii_only: bool
) -> None:
    """(The fixture's settings hold for every example alike.)"""
    record = {
        "rounds": [value, {texts[0]: texts[-1]}],
        "audit": {"entries": [{"seq": n, "data": text, "key": text} for n, text in enumerate(texts)]},
    }
    text = json.dumps(record, ensure_ascii=ascii_only).encode()
    loaded = as_loaded(load(text))
    assert unspooled(loaded) == json.loads(text)
    for entry in loaded["audit"]["entries"]:
        assert isinstance(entry["key"], str)  # only an entry's data stays spooled
        if len(json.dumps(entry["key"], ensure_ascii=ascii_only)) > 2 * 16 + 2:
            assert isinstance(entry["data"], stream.SpooledText)


def test_a_spooled_entry_hashes_and_reads_as_its_text_does(monkeypatch: pytest.MonkeyPatch) -> None:
    from osgo_desktop.domain.audit_chain import spelled_entry_hash
    from osgo_desktop.verifier import rows

    monkeypatch.setattr(stream, "LONG_BYTES", 64)
    monkeypatch.setattr(stream, "_SPOOL_PIECE", 50)
    monkeypatch.setattr(stream, "CHUNK", 40)
    monkeypatch.setattr(rows, "LONG", 100)
    frozen = json.dumps({"name": 'Асан "Ӯ" \\ Үсөнов\n😀' * 40, "n": list(range(30))}, ensure_ascii=False)
    data = json.dumps({"closed_record": frozen, "id": 1, "number": "2026/04", "short": "Ң" * 40}, ensure_ascii=False)
    text = json.dumps({"audit": {"entries": [{"seq": 1, "data": data}]}}, ensure_ascii=False).encode()
    spooled = as_loaded(load(text))["audit"]["entries"][0]["data"]
    assert isinstance(spooled, stream.SpooledText) and spooled.length == len(data)
    fields = (1, "2026-01-01T00:00:00.000000", "a", "insert", "competition", "1")
    assert spelled_entry_hash(*fields, spooled, "0" * 64, personal_hash=None, legacy_hash=None) == spelled_entry_hash(
        *fields, data, "0" * 64, personal_hash=None, legacy_hash=None
    )
    row = rows.parse_row(spooled)
    assert row["closed_record"] == rows.LongText(len(frozen), hashlib.sha256(frozen.encode()).digest())
    assert row == rows.parse_row(data) | {"closed_record": row["closed_record"]}
    assert row["short"] == "Ң" * 40 and row["number"] == "2026/04"


@pytest.mark.parametrize(
    "inside",
    [b"a" * 40 + b"\x01", b"a" * 40 + b"\\x", b"a" * 40 + b"\xff\xfe", b"a" * 40 + b"\\ud800"[:4]],
)
def test_a_long_string_that_json_loads_refuses_is_refused(tiny_spools: None, inside: bytes) -> None:
    text = b'{"audit": {"entries": [{"seq": 1, "data": "' + inside + b'"}]}}'
    with pytest.raises(ValueError):
        json.loads(text)
    with pytest.raises(stream.StreamError):
        as_loaded(load(text))


def test_a_member_that_ends_inside_a_long_string_is_refused(tiny_spools: None) -> None:
    with pytest.raises(stream.StreamError):
        as_loaded(load(b'{"audit": {"entries": [{"seq": 1, "data": "' + b"a" * 100))
    with pytest.raises(stream.StreamError):
        as_loaded(load(b'{"rounds": "' + b"a" * 100))


def test_many_long_strings_read_ahead_at_once_each_come_back_in_place(monkeypatch: pytest.MonkeyPatch) -> None:
    """The parser reads ahead: several spooled strings wait at once for their values to be built."""
    monkeypatch.setattr(stream, "LONG_BYTES", 16)
    monkeypatch.setattr(stream, "CHUNK", 100)
    entries = [{"seq": n, "data": f"{n}:" + "Ү" * (n % 40), "k": ["x" * n]} for n in range(200)]
    text = json.dumps({"audit": {"entries": entries}, "other": ["y" * 50] * 9}, ensure_ascii=False).encode()
    assert unspooled(as_loaded(load(text))) == json.loads(text)
