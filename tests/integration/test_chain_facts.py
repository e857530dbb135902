"""Facts bound to the chain (issue 14, item 1): ``osgo verify`` rebuilds every round's entries and settlements, its
candidates, paper counts, lots, stored input and result, and every session's roll from the record's own audit chain,
and names each fact the record states otherwise — so a record rewritten consistently (ballots, counts, result,
outcome and fingerprints) still fails."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from osgo_desktop.domain import tally
from osgo_desktop.domain.record import ProtocolKind, protocol_fingerprint
from osgo_desktop.domain.voting import Side, combine, outcome_to_json
from osgo_desktop.services import voting
from osgo_desktop.services.export import export_record
from osgo_desktop.storage.quick import sqlite_url
from osgo_desktop.storage.uow import Database
from osgo_desktop.verifier.chain_facts import ChainFacts
from osgo_desktop.verifier.record import Failure, verify_record
from tests.conftest import copy_database, pinned_clock
from tests.record_support import FIFTEEN, edited, election, members
from tests.voting_support import (
    COUNTING_PIN,
    FIRST_ROUND,
    ballots_from_counts,
    enter_all,
    entrants,
    open_session,
)

__all__ = ["election"]  # the fixture, imported for pytest

ROUND_1 = "round 1"


def _recounted(record: dict[str, Any]) -> None:
    """What a careful forger does after changing ballots: every closed round's result, the outcome and every current
    protocol's fingerprint recomputed, so that every check of the record alone holds."""
    inputs = []
    for round_ in record["rounds"]:
        if round_["state"] == "closed":
            parsed = tally.parse_tally_input(round_["input"])
            round_["result"] = tally.result_to_json(tally.tally(parsed))
            inputs.append(parsed)
    record["outcome"] = outcome_to_json(combine(inputs[0], [tally.tally(i) for i in inputs[1:]]))
    for protocol in record["protocols"]:
        if not protocol["superseded"]:
            protocol["fingerprint"] = protocol_fingerprint(
                record, ProtocolKind(protocol["kind"]), int(protocol["round"])
            )


def _chain_failures(report_failures: tuple[Failure, ...]) -> list[tuple[str, str]]:
    return [(f.where, f.detail) for f in report_failures if f.what == "chain"]


def test_an_export_before_the_close_is_verified_with_every_fact_compared(drawn: bytes) -> None:
    """Record format 2 carries every table's data but personal fields: nothing is left uncompared."""
    report = verify_record(drawn)
    assert report.ok, report.failures
    assert not any("audit chain" in note for note in report.notes), report.notes


def test_three_papers_rewritten_everywhere_fail_naming_each(election: tuple[Path, bytes]) -> None:
    """Issue 14's trial: the marks of three papers changed in both entries and the counted ballots, the result, the
    outcome and the fingerprints recomputed — the chain still holds the marks entered."""
    changed = ("001", "002", "003")

    def rewrite(record: dict[str, Any]) -> None:
        round_ = record["rounds"][0]
        ids = [c["id"] for c in round_["candidates"]]
        for paper in [*round_["entries"], *round_["input"]["ballots"]]:
            if paper["serial"] in changed:
                marks = paper["marks"]
                paper["marks"] = marks[:-1] if marks else ids[:1]
        _recounted(record)

    report = verify_record(edited(election[1], rewrite))
    found = _chain_failures(report.failures)
    papers = [where for where, _detail in found if "paper" in where]
    assert papers == [f"round 1, paper {serial}" for serial in changed for _side in Side], found  # in paper order
    entry = next(detail for where, detail in found if where == "round 1, paper 001")
    assert entry.startswith("entry (Secretariat), marks: the audit chain says [")
    assert "the record says [" in entry
    # its stored input and result; and the record frozen at the close, which the chain holds whole
    assert {where for where, _detail in found} - set(papers) == {ROUND_1, _frozen_entry(election[1])}
    assert any(d.startswith("tally input (input): not the one the audit chain holds") for _w, d in found)


def _frozen_entry(data: bytes) -> str:
    """The audit entry that froze the competition's record at its close (the last to hold it whole)."""
    record = json.loads(members(data)["record.json"])
    seqs = [
        e["seq"]
        for e in record["audit"]["entries"]
        if e["table"] == "competition" and json.loads(e["data"])["number"] == "2026/04"
        if json.loads(e["data"])["closed_record"]
    ]
    return f"audit entry {seqs[-1]}"


def test_a_closed_record_is_the_one_its_chain_froze_at_the_close(election: tuple[Path, bytes]) -> None:
    """Every fact of a closed record is bound to the chain as a whole: the chain holds the record frozen then."""
    report = verify_record(election[1])
    assert report.ok and not any("audit chain" in note for note in report.notes), report.notes

    def rename(record: dict[str, Any]) -> None:
        record["candidates"][0]["name"] += "а"
        record["screening"][1]["verdicts"][0]["note"] = "башка"

    found = _chain_failures(verify_record(edited(election[1], rename)).failures)
    assert found == [
        (
            _frozen_entry(election[1]),
            "holds the record as it was frozen when the competition closed, and this record is not it: it was "
            "changed after the close",
        ),
        # and the candidate's row (a format-2 chain carries it)
        (
            "candidate 2026/04-001",
            'name: the audit chain says "Алиева Бегимай Кубатовна"; the record says "Алиева Бегимай Кубатовнаа"',
        ),
    ]


def test_a_paper_deleted_everywhere_fails_naming_it(election: tuple[Path, bytes]) -> None:
    def delete(record: dict[str, Any]) -> None:
        round_ = record["rounds"][0]
        round_["entries"] = [e for e in round_["entries"] if e["serial"] != "015"]
        round_["input"]["ballots"] = [b for b in round_["input"]["ballots"] if b["serial"] != "015"]
        for count in ("issued", "returned", "printed"):
            round_["papers"][count] -= 1
        _recounted(record)

    report = verify_record(edited(election[1], delete))
    found = _chain_failures(report.failures)
    assert [where for where, _detail in found if "paper" in where] == ["round 1, paper 015"] * 2
    details = [detail for where, detail in found if where == "round 1, paper 015"]
    assert details[0].startswith("the audit chain holds an entry of this paper (Secretariat: [")
    assert details[1].startswith("the audit chain holds an entry of this paper (Counting commission: [")
    assert details[0].endswith("); the record does not")
    counts = next(detail for where, detail in found if detail.startswith("paper counts"))
    assert '"issued": 15' in counts and '"issued": 14' in counts


def test_a_round_with_another_candidate_list_fails(election: tuple[Path, bytes]) -> None:
    def drop(record: dict[str, Any]) -> None:
        record["rounds"][0]["candidates"].pop()

    report = verify_record(edited(election[1], drop))
    found = _chain_failures(report.failures)
    assert [where for where, detail in found if detail.startswith("candidates on the paper")] == [ROUND_1]


def test_a_settlement_and_the_roll_are_bound_to_the_chain(election: tuple[Path, bytes]) -> None:
    def rewrite(record: dict[str, Any]) -> None:
        record["rounds"][0]["settlements"][0]["note"] = "another note"
        record["sessions"][0]["voters"].pop()
        record["sessions"][0]["present"].reverse()

    found = _chain_failures(verify_record(edited(election[1], rewrite)).failures)
    assert [w for w, d in found if d.startswith("its settlement, note")] == ["round 1, paper 007"]
    session = sorted(d.split(":")[0] for w, d in found if w == "vote session 1")
    assert session == ["members present (present)", "voters present (voters)"]


def test_a_ballot_entry_blanked_in_the_chain_fails(election: tuple[Path, bytes]) -> None:
    """Only personal fields are withheld (format 2; format 1 withheld the tables it listed, and no other)."""

    def blank(record: dict[str, Any]) -> None:
        for entry in record["audit"]["entries"]:
            if entry["table"] == "ballot_entry":
                entry["data"] = None

    found = _chain_failures(verify_record(edited(election[1], blank)).failures)
    assert (
        found[0][0].startswith("audit entry ")
        and "its table (ballot_entry) is not one the record withholds" in (found[0][1])
    )


# --- record format 2: its chain carries every table's data (without personal fields) ---------------------------


def _full_facts(record: dict[str, Any]) -> ChainFacts:
    facts = ChainFacts(record["competition"]["number"], record["audit"].get("withheld_tables") or ())
    facts.feed_all(iter(record["audit"]["entries"]))
    return facts


def _row_failures(record: dict[str, Any]) -> list[tuple[str, str]]:
    """What the rows rebuilt from the chain say against the record (the frozen record aside: it fails on any
    change at all)."""
    failures = _full_facts(record).check(record).failures
    return [(f.where, f.detail.split(":")[0]) for f in failures if not f.where.startswith("audit entry")]


@pytest.fixture(scope="module")
def full_record(election: tuple[Path, bytes]) -> dict[str, Any]:
    record: dict[str, Any] = json.loads(members(election[1])["record.json"])
    assert record["format"] == "osgo-election-record/2" and "withheld_tables" not in record["audit"]
    return record


def test_a_full_chain_binds_every_candidate_and_entrant(full_record: dict[str, Any]) -> None:
    checked = _full_facts(full_record).check(full_record)
    assert checked.failures == () and checked.notes == ()


def test_a_full_chain_names_a_candidate_renamed_and_an_entrant_changed(full_record: dict[str, Any]) -> None:
    record = json.loads(json.dumps(full_record))
    record["candidates"][2]["name"] = "Башка Адам"
    record["candidates"][3]["organization"] = None
    record["rounds"][1]["entries"][0]["entrant"] = "Башка Адам"
    record["rounds"][0]["settlements"][0]["counting"] = "Башка Адам"
    record["sessions"][0]["entrants"].reverse()
    found = _row_failures(record)
    assert sorted(found) == [
        ("candidate 2026/04-003", "name"),
        ("candidate 2026/04-004", "organisation (organization)"),
        ("round 1, paper 007", "its settlement, settled by (counting commission) (counting)"),
        ("round 2, paper 001", "entry (Secretariat), entered by (entrant)"),
        ("vote session 1", "who entered the papers (entrants)"),
    ]


def test_a_full_chain_names_registration_numbers_swapped_on_a_paper(full_record: dict[str, Any]) -> None:
    record = json.loads(json.dumps(full_record))
    candidates = record["rounds"][0]["candidates"]
    candidates[10]["id"], candidates[11]["id"] = candidates[11]["id"], candidates[10]["id"]
    found = _row_failures(record)
    assert ("round 1", "candidates on the paper (candidates)") in found


# --- a drawing of lots -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def drawn(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> bytes:
    """Round 1, a runoff that ties again (7 to 7, one invalid paper), lots drawn; exported before the protocols."""
    path = tmp_path_factory.mktemp("lots") / "lots.sqlite"
    copy_database(demo_template, path)
    db = Database.open(sqlite_url(path), pinned_clock())
    try:
        first = open_session(db)
        papers = ballots_from_counts(FIRST_ROUND, 15)
        enter_all(db, first, papers, Side.SECRETARIAT)
        enter_all(db, first, papers, Side.COUNTING)
        with db.uow() as uow:
            voting.close_round(uow, first, FIFTEEN)
            competition_id = voting.get_round(uow, first).competition_id
            runoff = voting.current_round(uow, competition_id)
        assert runoff is not None and runoff != first
        again: list[tuple[int, ...]] = [(1,)] * 7 + [(2,)] * 7 + [(1, 2)]
        enter_all(db, runoff, again, Side.SECRETARIAT)
        enter_all(db, runoff, again, Side.COUNTING)
        who = entrants(db, runoff)
        with db.uow() as uow:
            voting.close_round(uow, runoff, FIFTEEN)
            view = voting.get_round(uow, runoff)
        with db.uow() as uow:
            voting.draw_lots(
                uow,
                runoff,
                (view.candidates[1].tally_id, view.candidates[0].tally_id),
                (who[Side.COUNTING], COUNTING_PIN),
                "Чүчүкулак",
                drawn_by="Асанова Айгүл Бакытовна",
                witnesses="Осмонов Т.",
            )
        with db.uow() as uow:
            data = export_record(uow, db.document_store(), competition_id)
    finally:
        db.close()
    return data


def test_lots_drawn_are_verified_and_bound_to_the_chain(drawn: bytes) -> None:
    report = verify_record(drawn)
    assert report.ok, report.failures

    def reorder(record: dict[str, Any]) -> None:
        lots = record["rounds"][1]["lots"]
        lots["order"].reverse()

    found = _chain_failures(verify_record(edited(drawn, reorder)).failures)
    assert [(w, d.split(":")[0]) for w, d in found] == [("round 2", "drawing of lots (lots)")]


def test_an_open_round_is_bound_to_the_chain(tmp_path: Path, demo_template: Path) -> None:
    """A record exported while round 1 is still open (its input made from the ballots as they stand)."""
    path = tmp_path / "open.sqlite"
    copy_database(demo_template, path)
    db = Database.open(sqlite_url(path), pinned_clock())
    try:
        first = open_session(db)
        papers = ballots_from_counts(FIRST_ROUND, 15)[:5]
        enter_all(db, first, papers, Side.SECRETARIAT)
        enter_all(db, first, papers[:4], Side.COUNTING)
        with db.uow() as uow:
            data = export_record(uow, db.document_store(), voting.get_round(uow, first).competition_id)
    finally:
        db.close()
    report = verify_record(data)
    assert report.ok, report.failures

    entries = json.loads(members(data)["record.json"])["rounds"][0]["entries"]
    fifth = next(e for e in entries if e["serial"] == "005")

    def forge(record: dict[str, Any]) -> None:  # the paper the counting side has not entered yet, slipped in
        record["rounds"][0]["entries"].append({**fifth, "side": "counting"})

    found = _chain_failures(verify_record(edited(data, forge)).failures)
    marks = json.dumps(fifth["marks"], ensure_ascii=False)
    assert found == [
        (
            "round 1, paper 005",
            f"the record holds an entry of this paper (Counting commission: {marks}); the audit chain does not",
        )
    ]


# --- record format 1 (exported before format 2: tests/fixtures/record_v1.zip) ---------------------------------

FORMAT_1 = Path(__file__).resolve().parent.parent / "fixtures" / "record_v1.zip"


def test_a_format_1_record_is_verified_and_a_consistent_rewrite_of_it_fails() -> None:
    """Its chain withholds the rows of applications, people and entrants; the ballots, rounds and sessions are
    there, and its competition is closed: the record frozen then is in the chain too."""
    data = FORMAT_1.read_bytes()
    report = verify_record(data)
    assert report.ok, report.failures

    def rewrite(record: dict[str, Any]) -> None:
        round_ = record["rounds"][0]
        for paper in [*round_["entries"], *round_["input"]["ballots"]]:
            if paper["serial"] == "004":
                paper["marks"] = paper["marks"][:-1]
        _recounted(record)

    found = _chain_failures(verify_record(edited(data, rewrite)).failures)
    assert [w for w, _d in found if "paper" in w] == ["round 1, paper 004"] * 2
    assert {w for w, _d in found if "paper" not in w} == {ROUND_1, _frozen_entry(data)}
