"""The audit chain of a record, format 2: every entry's hash recomputed, personal fields withheld under a salted hash.
Each tampering the issue names is caught and named by its entry; what cannot be caught from the record alone (a
forged entry appended with its hash and the head moved) is said so in docs/record.md."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from osgo_desktop.domain.audit_chain import (
    GENESIS,
    PERSONAL_FIELDS,
    canonical_json,
    entry_hash,
    entry_hash_v1,
    entry_row,
    exported_entry_hash,
    personal_fields_json,
    personal_hash,
    split_data,
    split_row,
)
from osgo_desktop.storage import models
from osgo_desktop.verifier.chain import ChainIndex, check_chain

AT = dt.datetime(2026, 11, 23, 6, 0, 0, 123456)
PERSON = {
    "id": 1,
    "surname": "Байтемирова",
    "name": "Айгүл",
    "sex": "F",
    "pin": "12345678901234",
    "birth_date": "1980-01-02",
    "phone": "+996 555 00-00-00",
    "email": "a@example.kg",
    "address": "Бишкек",
    "workplace": "Мектеп",
    "position": "Мугалим",
    "organization": "",
}


def _rows() -> list[tuple[str, str, dict[str, Any]]]:
    return [
        ("insert", "person", PERSON),
        ("insert", "ballot_entry", {"id": 1, "round_id": 1, "serial": 1, "side": "secretariat", "marks": "[1,2]"}),
        ("update", "person", {**PERSON, "surname": "Байтемирова-Осмонова"}),
        ("insert", "entrant", {"id": 1, "name": "Кадырова", "pin_hash": "260000$ab$cd", "wrong_pins": 0}),
    ]


def _hashed(entry: dict[str, Any]) -> dict[str, Any]:
    entry["hash"] = exported_entry_hash(entry)
    return entry


def _chain() -> dict[str, Any]:
    """A format-2 audit section as the export writes it."""
    entries = []
    prev = GENESIS
    for seq, (action, table, row) in enumerate(_rows(), start=1):
        data, personal = split_data(table, canonical_json(row))
        salt = f"{seq:032x}"
        entry = _hashed(
            {
                "seq": seq,
                "at": AT.isoformat(timespec="microseconds"),
                "actor": "secretary",
                "action": action,
                "table": table,
                "key": canonical_json({"id": row["id"]}),
                "data": data,
                "personal_hash": None if personal is None else personal_hash(salt, personal),
                "legacy_hash": "ef" * 32 if seq == 1 else None,
                "prev_hash": prev,
            }
        )
        prev = entry["hash"]
        entries.append(entry)
    return {"head": {"seq": len(entries), "hash": prev}, "personal_fields": personal_fields_json(), "entries": entries}


def _check(audit: dict[str, Any], record_format: int = 2) -> tuple[list[str], tuple[int, int]]:
    failures: list[str] = []
    entries = audit["entries"]

    def streamed() -> Iterator[Any]:  # the verifier may only iterate the entries (they may come from the zip)
        yield from entries

    counts = check_chain(
        {**audit, "entries": streamed()}, record_format, lambda where, detail: failures.append(f"{where}: {detail}")
    )
    return failures, counts


def test_the_personal_fields_are_columns_of_their_tables() -> None:
    for table, fields in PERSONAL_FIELDS.items():
        columns = {column.name for column in models.Base.metadata.tables[table].columns}
        assert fields <= columns, (table, fields - columns)
    assert "surname" not in PERSONAL_FIELDS["person"] and "sex" not in PERSONAL_FIELDS["person"]
    assert "ballot_entry" not in PERSONAL_FIELDS and "candidate" not in PERSONAL_FIELDS


def test_a_row_splits_into_data_and_personal_fields_and_back() -> None:
    data, personal = split_row("person", PERSON)
    assert personal is not None and set(personal) == PERSONAL_FIELDS["person"]
    assert data["surname"] == "Байтемирова" and "pin" not in data
    assert split_row("ballot_entry", {"id": 1}) == ({"id": 1}, None)
    text, hidden = split_data("person", canonical_json(PERSON))
    assert entry_row(text, hidden) == PERSON
    assert entry_row(text, None) == data  # erased: the rest only
    assert split_data("vote_round", '{"id":1}') == ('{"id":1}', None)


def test_the_salt_keeps_a_pin_from_being_found_by_trying() -> None:
    personal = canonical_json({"pin": "12345678901234"})
    assert personal_hash("0" * 32, personal) != personal_hash("1" * 32, personal)
    assert len(personal_hash("0" * 32, personal)) == 64


def test_the_format_1_hash_is_unchanged_and_differs_from_format_2() -> None:
    # the hash every chain before migration 0011 holds (computed by the code of schema 0010)
    v1 = entry_hash_v1(1, dt.datetime(2026, 1, 1), "a", "insert", "t", "{}", "{}", GENESIS)
    assert v1 == "77d1f3a4fb899b166dd88ed2a24d2824cce2a693099f13ca870c92261ff17561"
    v2 = entry_hash(
        1, dt.datetime(2026, 1, 1), "a", "insert", "t", "{}", "{}", GENESIS, personal_hash=None, legacy_hash=None
    )
    assert v2 != v1


def test_a_whole_chain_checks_and_counts_the_entries_with_personal_fields() -> None:
    failures, counts = _check(_chain())
    assert failures == []
    assert counts == (4, 3)  # two person entries and the entrant's


def _tampered(change: Callable[[dict[str, Any]], None], rehash: bool = False) -> list[str]:
    audit = _chain()
    change(audit)
    if rehash:  # as a forger who recomputes every hash from the one changed on
        prev = GENESIS
        for entry in audit["entries"]:
            entry["prev_hash"] = prev
            prev = _hashed(entry)["hash"]
        audit["head"]["hash"] = prev
    return _check(audit)[0]


@pytest.mark.parametrize("field", ["at", "actor", "table", "action"])
def test_a_changed_time_actor_table_or_action_of_an_entry_with_personal_fields_is_named(field: str) -> None:
    def change(audit: dict[str, Any]) -> None:
        entry = audit["entries"][0]
        entry[field] = {"at": "2026-11-22T06:00:00.000000", "actor": "someone", "table": "organization"}.get(
            field, "delete"
        )

    failures = _tampered(change)
    assert failures and failures[0].startswith("audit entry 1: ")
    if field == "table":  # a table without personal fields carries no hash of them
        assert "carries a hash of personal fields, but table organization has none" in failures[0]
    else:
        assert failures == ["audit entry 1: was altered: its contents no longer match its hash"]


def test_blanked_data_is_named_even_with_every_hash_recomputed() -> None:
    def change(audit: dict[str, Any]) -> None:
        audit["entries"][1]["data"] = None

    assert _tampered(change) == [
        "audit entry 2: its data was removed: a format-2 record withholds only the personal fields"
    ]
    assert _tampered(change, rehash=True) == [
        "audit entry 2: its data was removed: a format-2 record withholds only the personal fields"
    ]


def test_a_personal_field_put_back_into_data_is_named() -> None:
    def change(audit: dict[str, Any]) -> None:
        entry = audit["entries"][2]
        entry["data"] = canonical_json({**json.loads(entry["data"]), "pin": PERSON["pin"]})

    assert _tampered(change, rehash=True) == [
        "audit entry 3: its data holds personal fields the record must withhold: pin"
    ]


@pytest.mark.parametrize("value", [None, "not a hash", "AB" * 32])
def test_a_missing_or_malformed_personal_hash_is_named(value: str | None) -> None:
    def change(audit: dict[str, Any]) -> None:
        audit["entries"][3]["personal_hash"] = value

    assert _tampered(change, rehash=True) == ["audit entry 4: the hash of its personal fields is missing or malformed"]


def test_a_personal_hash_on_a_table_without_personal_fields_is_named() -> None:
    def change(audit: dict[str, Any]) -> None:
        audit["entries"][1]["personal_hash"] = "ab" * 32

    assert _tampered(change, rehash=True) == [
        "audit entry 2: carries a hash of personal fields, but table ballot_entry has none"
    ]


def test_data_that_is_no_json_object_is_named() -> None:
    def change(audit: dict[str, Any]) -> None:
        audit["entries"][1]["data"] = "[1, 2]"

    assert _tampered(change, rehash=True) == ["audit entry 2: its data is not a JSON object of the row's fields"]


def test_a_list_that_withholds_a_field_this_version_publishes_is_named() -> None:
    def change(audit: dict[str, Any]) -> None:
        audit["personal_fields"]["ballot_entry"] = ["marks"]

    failures = _tampered(change)
    assert len(failures) == 1 and failures[0].startswith(
        "audit chain: its list of personal fields is not the one this version withholds"
    )


def test_a_record_made_before_a_field_joined_the_list_withholds_fewer_and_still_checks() -> None:
    def change(audit: dict[str, Any]) -> None:
        audit["personal_fields"]["person"].remove("pin")

    assert _tampered(change) == []


def test_a_cut_or_extended_chain_is_named_unless_the_head_moves_with_it() -> None:
    def cut(audit: dict[str, Any]) -> None:
        audit["entries"].pop()

    assert _tampered(cut) == ["audit chain head: the chain should end at entry 4, but ends at entry 3"]

    def extended(audit: dict[str, Any]) -> None:
        last = audit["entries"][-1]
        audit["entries"].append(_hashed({**last, "seq": 5, "prev_hash": last["hash"], "personal_hash": "ab" * 32}))

    assert _tampered(extended) == ["audit chain head: the chain should end at entry 4, but ends at entry 5"]

    def removed(audit: dict[str, Any]) -> None:
        del audit["entries"][1]

    assert _tampered(removed)[0] == "audit entry 3: expected entry 2 here: entries are missing or out of order"


def test_a_malformed_entry_is_named_not_raised() -> None:
    def change(audit: dict[str, Any]) -> None:
        audit["entries"][0]["at"] = "yesterday"
        del audit["entries"][1]["actor"]
        audit["entries"][2] = ["no", "entry"]

    failures = _tampered(change)
    assert failures[0] == 'audit entry 1: is malformed: its time "yesterday" is no time'
    assert failures[1] == "audit entry 2: is malformed: actor missing or not text"
    assert failures[2] == "audit entry #3: is not an audit entry"


def test_a_format_1_chain_is_checked_as_before() -> None:
    entries = []
    prev = GENESIS
    for seq, (action, table, row) in enumerate(_rows(), start=1):
        data = None if table in PERSONAL_FIELDS else canonical_json(row)
        digest = (
            "cd" * 32
            if data is None
            else entry_hash_v1(seq, AT, "secretary", action, table, canonical_json({"id": 1}), data, prev)
        )
        entries.append(
            {
                "seq": seq,
                "at": AT.isoformat(timespec="microseconds"),
                "actor": "secretary",
                "action": action,
                "table": table,
                "key": canonical_json({"id": 1}),
                "data": data,
                "prev_hash": prev,
                "hash": digest,
            }
        )
        prev = digest
    audit = {"withheld_tables": sorted(PERSONAL_FIELDS), "head": {"seq": 4, "hash": prev}, "entries": entries}
    assert _check(audit, record_format=1) == ([], (4, 3))
    entries[1]["actor"] = "x"
    assert _check(audit, record_format=1)[0] == ["audit entry 2: was altered: its contents no longer match its hash"]


def test_a_printed_chain_head_matches_an_entry_by_its_hash_or_its_legacy_hash() -> None:
    audit = _chain()
    first, third = audit["entries"][0], audit["entries"][2]
    index = ChainIndex(iter(audit["entries"]))
    assert index.problem(1, first["hash"]) is None
    assert index.problem(1, "ef" * 32) is None  # its hash before migration 0011
    assert index.problem(3, third["hash"]) is None
    assert index.problem(3, "ef" * 32) == "the record's chain has another hash at entry 3: the chain was rewritten"
    assert index.problem(9, first["hash"]) == "the record's chain has no entry 9: it was cut"
    assert index.problem(2, "0" * 64) is not None
