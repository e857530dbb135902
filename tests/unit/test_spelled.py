"""verifier.spelled reads record.json as json.loads does — the same value, or the same error — and says where each
top-level part and each round's members were written."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from osgo_desktop.verifier import spelled

VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4),
    max_leaves=20,
)
ROUNDS = st.lists(st.dictionaries(st.sampled_from(["input", "result", "number", "x"]), VALUES) | VALUES, max_size=3)
RECORDS = st.dictionaries(st.text(max_size=6), VALUES, max_size=5).flatmap(
    lambda top: st.one_of(st.just(top), ROUNDS.map(lambda rounds: {**top, "rounds": rounds}))
)
LAYOUTS = [
    lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True),  # as the export writes it
    lambda v: json.dumps(v, ensure_ascii=False, indent=1),
    lambda v: json.dumps(v, separators=(",", ":")),
    lambda v: " \n" + json.dumps(v, indent="\t") + "\r\n ",
]


@settings(max_examples=300, deadline=None)
@given(RECORDS, st.sampled_from(range(len(LAYOUTS))))
def test_the_value_is_json_loads_and_each_place_holds_its_part(record: dict[str, Any], layout: int) -> None:
    text = LAYOUTS[layout](record)
    value, found = spelled.load(text, json.JSONDecoder())
    assert value == json.loads(text)
    assert {path[0] for path in found.spans if len(path) == 1} == set(record)
    for key, part in record.items():
        assert json.loads(found.of(key) or "") == part
    for index, round_ in enumerate(record.get("rounds", []) if isinstance(record.get("rounds"), list) else []):
        for key in round_ if isinstance(round_, dict) else ():
            assert json.loads(found.of("rounds", index, key) or "") == round_[key]


def test_the_export_spells_each_part_as_its_column_does() -> None:
    """What chain_facts relies on: record.json as the export writes it holds each part as json.dumps(sort_keys=True,
    ensure_ascii=False) spells it alone (the frozen record's parts, a round's stored input and result)."""
    record = {"rounds": [{"input": {"b": [1, "ң"], "a": None}, "number": 1}], "candidates": [{"name": "Өмүр", "id": 1}]}
    text = json.dumps(record, ensure_ascii=False, sort_keys=True)
    _value, found = spelled.load(text, json.JSONDecoder())
    assert found.of("candidates") == json.dumps(record["candidates"], ensure_ascii=False, sort_keys=True)
    assert found.of("rounds", 0, "input") == json.dumps(
        record["rounds"][0]["input"], ensure_ascii=False, sort_keys=True
    )
    assert found.of("rounds", 1, "input") is None and found.of("outcome") is None


@pytest.mark.parametrize(
    "text", ['{"a": 1', '{"a" 1}', '{"a": 1,}', "[1, 2]", '{"a": 1} x', "", '{"rounds": [{"a": 1}, ]}', '"x"', "{1: 2}"]
)
def test_what_json_loads_refuses_it_refuses_alike(text: str) -> None:
    try:
        expected: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        with pytest.raises(json.JSONDecodeError) as raised:
            spelled.load(text, json.JSONDecoder())
        assert str(raised.value) == str(exc)
    else:
        assert spelled.load(text, json.JSONDecoder())[0] == expected


def test_a_deep_record_is_a_recursion_error_as_json_loads_gives() -> None:
    text = '{"a": ' + "[" * 100_000 + "]" * 100_000 + "}"
    with pytest.raises(RecursionError):
        json.loads(text)
    with pytest.raises(RecursionError):
        spelled.load(text, json.JSONDecoder())


def test_a_key_given_twice_is_read_as_json_loads_reads_it() -> None:
    text = '{"a": 1, "rounds": [{"input": 1, "input": 2}], "a": [3]}'
    value, found = spelled.load(text, json.JSONDecoder())
    assert value == json.loads(text) == {"a": [3], "rounds": [{"input": 2}]}
    assert found.of("a") == "[3]" and found.of("rounds", 0, "input") == "2"
