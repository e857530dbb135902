"""The facts rebuilt from an audit chain fed one entry at a time (``verifier.chain_facts``): the latest entry of a
row wins, a delete removes it, and a closed competition's rows stand as they were when its record was frozen."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from osgo_desktop.domain.audit_chain import canonical_json
from osgo_desktop.verifier.chain_facts import ChainFacts, FactCheck


def _entry(seq: int, table: str, key: dict[str, int], row: dict[str, Any], action: str = "insert") -> dict[str, Any]:
    return {"seq": seq, "action": action, "table": table, "key": canonical_json(key), "data": canonical_json(row)}


ROUND = {
    "id": 7,
    "competition_id": 3,
    "number": 1,
    "session_id": 5,
    "runoff_of_id": None,
    "state": "open",
    "papers_printed": 2,
    "papers_issued": None,
    "papers_returned": None,
    "papers_unused": None,
    "lot_order": "[]",
    "lots_entrant_id": None,
    "lots_note": "",
    "input_json": "",
    "result_json": "",
}
SESSION = {
    "id": 5,
    "competition_id": 3,
    "held_on": "2026-11-28",
    "place": "Бишкек",
    "place_ru": "Бишкек",
    "start_time": "10:00",
    "mode": "paper",
    "members_total": 15,
    "quorum": 10,
    "roll": "",
}


def _ballot(entry_id: int, side: str, marks: list[int]) -> dict[str, Any]:
    return {
        "entered_at": "2026-11-28T10:20:31.250000",
        "entrant_id": 1,
        "id": entry_id,
        "marks": json.dumps(marks),
        "round_id": 7,
        "serial": 1,
        "side": side,
    }


def _chain(closed: bool = False) -> Iterator[dict[str, Any]]:
    """A competition, its session and round, two candidates, paper 001 entered by both sides — the secretariat's
    entry corrected once — and a counting entry of paper 002 entered, then deleted."""
    yield _entry(1, "competition", {"id": 3}, {"id": 3, "number": "2026/04", "closed_record": ""})
    yield _entry(2, "vote_session", {"id": 5}, SESSION)
    yield _entry(3, "vote_round", {"id": 7}, ROUND)
    for seq, (application, number) in enumerate(((11, 1), (12, 2)), start=4):
        yield _entry(
            seq,
            "round_candidate",
            {"application_id": application, "round_id": 7},
            {"application_id": application, "number": number, "round_id": 7},
        )
    yield _entry(6, "ballot_entry", {"id": 1}, _ballot(1, "secretariat", [2]))
    yield _entry(7, "ballot_entry", {"id": 1}, _ballot(1, "secretariat", [1]), action="update")
    yield _entry(8, "ballot_entry", {"id": 2}, _ballot(2, "counting", [1]))
    yield _entry(9, "ballot_entry", {"id": 3}, {**_ballot(3, "counting", [2]), "serial": 2})
    yield _entry(10, "ballot_entry", {"id": 3}, {**_ballot(3, "counting", [2]), "serial": 2}, action="delete")
    if closed:
        yield _entry(11, "competition", {"id": 3}, {"id": 3, "number": "2026/04", "closed_record": "{}"}, "update")
        # after the close: nothing the frozen record holds changes with it
        yield _entry(12, "ballot_entry", {"id": 2}, _ballot(2, "counting", [2]), action="update")


def _record() -> dict[str, Any]:
    entry = {"serial": "001", "marks": ["2026/04-001"], "at": "2026-11-28T10:20:31Z", "entrant": ""}
    return {
        "competition": {"number": "2026/04", "kind": "council"},
        "candidates": [],
        "sessions": [
            {k: SESSION[k] for k in ("id", "held_on", "place", "place_ru", "start_time", "mode")}
            | {"members_total": 15, "quorum": 10, "voters": []}
        ],
        "rounds": [
            {
                "number": 1,
                "session": 5,
                "runoff": False,
                "state": "open",
                "candidates": [{"number": 1, "id": "2026/04-001"}, {"number": 2, "id": "2026/04-002"}],
                "papers": {"printed": 2, "issued": None, "returned": None, "unused": None},
                "entries": [{**entry, "side": "secretariat"}, {**entry, "side": "counting"}],
                "settlements": [],
                "lots": None,
                "input": {"ballots": []},
                "result": None,
            }
        ],
    }


def _checked(record: dict[str, Any], closed: bool = False) -> FactCheck:
    facts = ChainFacts("2026/04", withheld=("application", "person", "entrant"))
    facts.feed_all(_chain(closed))  # a generator: one pass, never indexed
    return facts.check(record)


def test_the_latest_entry_of_a_row_is_the_row_and_a_deleted_row_is_gone() -> None:
    assert _checked(_record()).failures == ()


def test_a_paper_the_chain_deleted_or_corrected_is_named() -> None:
    record = _record()
    record["rounds"][0]["entries"][0]["marks"] = ["2026/04-002"]  # as first entered, before the correction
    record["rounds"][0]["entries"].append(
        {"serial": "002", "side": "counting", "marks": ["2026/04-002"], "at": "2026-11-28T10:20:31Z", "entrant": ""}
    )
    found = [(f.where, f.detail) for f in _checked(record).failures]
    assert found == [
        (
            "round 1, paper 001",
            'entry (Secretariat), marks: the audit chain says ["2026/04-001"]; the record says ["2026/04-002"]',
        ),
        (
            "round 1, paper 002",
            'the record holds an entry of this paper (Counting commission: ["2026/04-002"]); the audit chain does not',
        ),
    ]


def test_the_rows_stand_as_they_were_when_the_record_was_frozen() -> None:
    """The frozen record itself ("{}" here) is not this record: that is named, and nothing after it is read."""
    found = [(f.where, f.detail.split(":")[0]) for f in _checked(_record(), closed=True).failures]
    assert found == [
        ("audit entry 11", "holds the record as it was frozen when the competition closed, and this record is not it")
    ]


def test_what_a_format_1_chain_withholds_is_a_note() -> None:
    """A competition not closed yet, its entrants' and applications' rows withheld: who entered each paper and the
    candidates' registration numbers are not compared."""
    facts = ChainFacts("2026/04", withheld=("application", "person", "entrant"))
    facts.feed_all(_chain())
    facts.feed({"seq": 13, "action": "insert", "table": "entrant", "key": '{"id":1}', "data": None})
    checked = facts.check(_record())
    assert checked.failures == ()
    assert checked.notes == (
        "Not compared with the audit chain, because this record withholds the data of the tables that hold them (a "
        "record of format 1): who entered each paper, settled it or entered the drawn order; the candidates' "
        "registration numbers, names, sex and organisations.",
    )
