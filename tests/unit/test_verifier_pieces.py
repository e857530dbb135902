"""A long audit entry is hashed, and its row read, a piece at a time (docs/record.md, "Size and speed"): the digests
and the rows must be the very ones of the text written and read whole, whatever the text holds — quotes,
backslashes, control characters, letters beyond the BMP, Kyrgyz letters — wherever a piece ends."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from osgo_desktop.domain import audit_chain
from osgo_desktop.verifier import rows

#: texts made of what escaping and cutting can trip on
TRICKY = st.text(
    alphabet=st.sampled_from(
        ['"', "\\", "/", "u", "b", "n", "0", "a", "F", "\n", "\x00", "\x1f", "ө", "ү", "ң", "😀", " "]
    )
    | st.characters(),
    max_size=60,
)
FIXED = [
    "",
    'a "quoted" \\ back\\slash',
    "\\u00e9 is not an escape here",
    "line\nbreak\ttab\r\x00\x01\x1f\x7f",
    "Өмүрбеков Айгүл Ңаңа — жыйынтык",
    "😀🇰🇬 beyond the BMP",
    "\\" * 9 + '"' * 5,
]


def _whole_hash(data: str) -> str:
    body = {
        "seq": 7,
        "actor": "Катчы",
        "action": "update",
        "table": "competition",
        "key": '{"id":1}',
        "data": data,
        "prev_hash": "0" * 64,
        "at": "2026-11-23T08:00:00.000000",
        "personal_hash": None,
        "legacy_hash": "a" * 64,
    }
    return hashlib.sha256(audit_chain.canonical_json(body).encode("utf-8")).hexdigest()


def _hash(data: str) -> str:
    import datetime as dt

    return audit_chain.entry_hash(
        7,
        dt.datetime(2026, 11, 23, 8, 0),
        "Катчы",
        "update",
        "competition",
        '{"id":1}',
        data,
        "0" * 64,
        personal_hash=None,
        legacy_hash="a" * 64,
    )


@pytest.mark.parametrize("piece", [1, 2, 3, 7])
@pytest.mark.parametrize("text", FIXED)
def test_a_long_data_is_hashed_in_pieces_to_the_digest_of_the_whole(
    monkeypatch: pytest.MonkeyPatch, piece: int, text: str
) -> None:
    monkeypatch.setattr(audit_chain, "_PIECE", piece)
    data = text * 3
    assert _hash(data) == _whole_hash(data)


@settings(max_examples=300, deadline=None)
@given(TRICKY, st.integers(1, 9))
def test_any_text_hashed_in_pieces_gives_the_digest_of_the_whole(text: str, piece: int) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(audit_chain, "_PIECE", piece)
        try:
            expected: str | type[Exception] = _whole_hash(text)
        except UnicodeEncodeError:  # a lone surrogate: no hash at all, either way
            expected = UnicodeEncodeError
        if expected is UnicodeEncodeError:
            with pytest.raises(UnicodeEncodeError):
                _hash(text)
        else:
            assert _hash(text) == expected


def _small(patch: pytest.MonkeyPatch, big: int = 0, long: int = 4, first: int = 2, most: int = 5) -> None:
    """Every row read piecewise, in tiny pieces: each cut is tried."""
    patch.setattr(rows, "BIG", big)
    patch.setattr(rows, "LONG", long)
    patch.setattr(rows, "_FIRST_STEP", first)
    patch.setattr(rows, "_MAX_STEP", most)


def _expected(value: Any) -> Any:
    """What the piecewise reader gives for ``value`` read whole: a text longer than LONG as its digest."""
    if isinstance(value, str) and len(value) > rows.LONG:
        return rows.LongText(len(value), hashlib.sha256(value.encode("utf-8")).digest())
    if isinstance(value, dict):
        return {k: _expected(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_expected(v) for v in value]
    return value


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(max_size=5), TRICKY | st.integers() | st.lists(TRICKY, max_size=3), max_size=4))
def test_a_long_row_read_piecewise_is_the_row_read_whole(row: dict[str, Any]) -> None:
    for spelling in (json.dumps(row, ensure_ascii=False), json.dumps(row), audit_chain.canonical_json(row)):
        with pytest.MonkeyPatch.context() as patch:
            _small(patch)
            try:
                expected = _expected(json.loads(spelling))
            except UnicodeEncodeError:
                continue  # (a lone surrogate cannot be digested: not a text the app writes)
            try:
                found = rows.parse_row(spelling)
            except UnicodeEncodeError:
                continue
            assert found == expected


@pytest.mark.parametrize(
    "spelling",
    [
        '{"a":"unterminated',
        '{"a":"bad \\x escape"}',
        '{"a":"bad \\u12g4 escape"}',
        '{"a":"ends in a backslash\\',
        '{"a":"raw \n control"}',
        '{"a":"fine"} trailing',
        '{"a":"fine",}',
        '{"a":1',
        '{"a":' + "[" * 5000 + "]" * 5000 + "}",
    ],
)
def test_what_json_refuses_the_piecewise_reader_refuses(monkeypatch: pytest.MonkeyPatch, spelling: str) -> None:
    with pytest.raises((ValueError, RecursionError)):
        json.loads(spelling)
    _small(monkeypatch)
    with pytest.raises((ValueError, RecursionError)):
        rows.parse_row(spelling)


def test_a_long_text_is_kept_as_its_digest_and_length(monkeypatch: pytest.MonkeyPatch) -> None:
    _small(monkeypatch, long=10)
    frozen = json.dumps({"format": "osgo-election-record/2", "name": 'Өмүрбеков "Ай"\\гүл 😀'}, ensure_ascii=False)
    row = rows.parse_row(audit_chain.canonical_json({"closed_record": frozen, "id": 1, "number": "2026/04"}))
    assert row == {
        "closed_record": rows.LongText(len(frozen), hashlib.sha256(frozen.encode("utf-8")).digest()),
        "id": 1,
        "number": "2026/04",
    }


def test_rows_read_each_row_once_until_forgotten(monkeypatch: pytest.MonkeyPatch) -> None:
    read: list[str] = []

    def parse(data: str) -> Any:
        read.append(data)
        return json.loads(data)

    monkeypatch.setattr(rows, "parse_row", parse)
    reader = rows.Rows()
    data = '{"id":1}'
    assert reader(data) is reader(data)
    reader.forget()
    reader(data)
    assert read == [data, data]


def _frozen_failures(frozen: dict[str, Any], record: dict[str, Any]) -> list[str]:
    """What the facts check says of entry 2, the competition's row holding ``frozen`` as its column spells it."""
    from osgo_desktop.verifier.chain_facts import ChainFacts

    def entry(seq: int, row: dict[str, Any]) -> dict[str, Any]:
        key, data = audit_chain.canonical_json({"id": 3}), audit_chain.canonical_json(row)
        return {"seq": seq, "action": "update", "table": "competition", "key": key, "data": data}

    closed = json.dumps(frozen, sort_keys=True, ensure_ascii=False)
    facts = ChainFacts("2026/04", rows=rows.Rows())
    facts.feed(entry(1, {"id": 3, "number": "2026/04", "closed_record": ""}))
    facts.feed(entry(2, {"id": 3, "number": "2026/04", "closed_record": closed}))
    return [f.detail for f in facts.check(record).failures if f.where == "audit entry 2"]


def test_a_long_frozen_record_is_bound_by_its_digest(monkeypatch: pytest.MonkeyPatch) -> None:
    """Read piecewise (the row longer than BIG, the frozen record longer than LONG), the frozen record still binds
    the record: the same one passes, one changed after the close is named."""
    _small(monkeypatch, big=100, long=50)
    record: dict[str, Any] = {
        "format": "osgo-election-record/2",
        "competition": {"number": "2026/04", "kind": "council"},
        "candidates": [{"id": "2026/04-001", "name": 'Өмүрбеков "Ай"\\гүл 😀\n'}],
        "sessions": [],
        "rounds": [],
        "amendments": [],
    }
    assert _frozen_failures(record, record) == []
    changed = {**record, "candidates": [{"id": "2026/04-001", "name": "Бакыт"}]}
    assert _frozen_failures(record, changed) == [
        "holds the record as it was frozen when the competition closed, and this record is not it: it was changed "
        "after the close"
    ]


def _spelled_the_long_way(text: str) -> str | type[ValueError]:
    import datetime as dt

    try:
        return dt.datetime.fromisoformat(text).isoformat(timespec="microseconds")
    except ValueError:
        return ValueError


#: times spelled nearly as the app spells them, each field at and past its bounds (month 13, day 30 of February,
#: hour 24, second 60, year 0…), with or without the microseconds and an offset
NEAR_TIMES = st.builds(
    lambda year, month, day, hour, minute, second, micro, offset: (
        f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}{micro}{offset}"
    ),
    st.sampled_from([0, 1, 2024, 2026, 2100, 9999]),
    st.sampled_from([0, 1, 2, 9, 10, 12, 13, 19]),
    st.sampled_from([0, 1, 9, 10, 28, 29, 30, 31, 32, 39]),
    st.sampled_from([0, 9, 10, 19, 20, 23, 24, 29]),
    st.sampled_from([0, 9, 59, 60, 69]),
    st.sampled_from([0, 9, 59, 60, 69]),
    st.sampled_from(["", ".000000", ".250000", ".123456", ".12345", ".1234567"]),
    st.sampled_from(["", "+00:00", "+06:00", "-00:00", "Z", "+00:00:00"]),
)


@pytest.mark.parametrize(
    "text",
    [
        "2026-11-23T08:00:00.000000",
        "2026-11-23T23:59:59.999999+00:00",
        "2026-11-23T24:00:00.000000",
        "2026-11-23T23:60:00.000000",
        "2026-11-23T23:59:60.000000",
        "2026-02-29T08:00:00.000000",
        "2024-02-29T08:00:00.000000",
        "2026-13-01T08:00:00.000000",
        "0000-01-01T08:00:00.000000",
        "2026-11-23T08:00:00",
        "2026-11-23T08:00:00.000000+06:00",
        "2026-11-23T08:00:00.000000Z",
        "2026-11-23 08:00:00.000000",
        "٢٠٢٦-11-23T08:00:00.000000",
    ],
)
def test_the_times_at_the_bounds_are_spelled_as_the_datetime_would_spell_them(text: str) -> None:
    expected = _spelled_the_long_way(text)
    if expected is ValueError:
        with pytest.raises(ValueError):
            audit_chain.spell_at(text)
    else:
        assert audit_chain.spell_at(text) == expected


@settings(max_examples=1000, deadline=None)
@given(NEAR_TIMES | st.text(alphabet="0123456789-T:.+Z ", max_size=32))
def test_an_entrys_time_is_spelled_as_the_datetime_would_spell_it(text: str) -> None:
    """``spell_at`` skips the datetime for a time spelled as the hash spells it: the same text, the same refusals."""
    expected = _spelled_the_long_way(text)
    if expected is ValueError:
        with pytest.raises(ValueError):
            audit_chain.spell_at(text)
    else:
        assert audit_chain.spell_at(text) == expected
