"""A candidate the cross-cutting rules keep from a seat, on the demo: the round's tally input carries the exclusion
with its reason, so `osgo ballots export`, `osgo tally`, `osgo verify`, the vote protocol and the decision all show
who was kept from a seat and why."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from osgo_desktop.domain.composition import Came, SeatKind
from osgo_desktop.domain.record import ProtocolKind
from osgo_desktop.domain.voting import Side
from osgo_desktop.i18n import Translator
from osgo_desktop.reports.vote import composition_decision_pdf, vote_protocol_pdf
from osgo_desktop.services import compositions, printing, protocols, registries, voting
from osgo_desktop.services.export import export_record
from osgo_desktop.services.voting import PaperCounts, RoundView
from osgo_desktop.storage import models
from osgo_desktop.storage.quick import sqlite_url
from osgo_desktop.storage.uow import Database
from osgo_desktop.verifier.record import verify_record
from tests.conftest import TODAY, copy_database, pinned_clock
from tests.integration.test_cli import osgo
from tests.integration.test_vote_protocols import lines_of, pages_of
from tests.record_support import edited
from tests.voting_support import FIRST_ROUND, ballots_from_counts, enter_all, open_session, record_decision_facts

FIFTEEN = PaperCounts(issued=15, returned=15, unused=0)
#: the council the excluded candidate sits on, as the tally names it: its code
DETAIL = "MOH"
#: the candidate on the paper as No. 2 (14 votes: elected, were it not for the exclusion)
EXCLUDED_NUMBER = 2


@dataclass(frozen=True)
class Held:
    db: Database
    db_path: Path
    competition_id: int
    round: RoundView
    excluded: str
    record: bytes


@pytest.fixture(scope="module")
def held(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Iterator[Held]:
    """Round 1 of the demo's 2026/04, with candidate No. 2 sitting on another council: closed,
    its protocols and the decision issued, the record exported."""
    path = tmp_path_factory.mktemp("excluded") / "demo.sqlite"
    copy_database(demo_template, path)
    db = Database.open(sqlite_url(path), pinned_clock())
    round_id = open_session(db)
    with db.uow() as uow:
        view = voting.get_round(uow, round_id)
    excluded = next(c.tally_id for c in view.candidates if c.number == EXCLUDED_NUMBER)

    with db.uow() as uow:
        # candidate No. 2 sits on the Ministry of Health's council, on record since before this competition
        number = int(excluded.rsplit("-", 1)[1])
        application = uow.session.scalars(
            select(models.Application).where(
                models.Application.competition_id == view.competition_id, models.Application.number == number
            )
        ).one()
        # (the demo imports the council's sitting composition; he is added to it)
        body_id = registries.body_by_code(uow, DETAIL).body_id
        sitting = compositions.current_composition(uow, body_id, TODAY)
        assert sitting is not None
        uow.session.add(
            models.Mandate(
                composition_id=sitting.id,
                person_id=application.person_id,
                seat=SeatKind.COUNCIL,
                organization="",
                starts_on=sitting.term_start,
                ends_on=sitting.term_end,
                came=Came.IMPORTED,
                left_note="",
            )
        )
        uow.session.commit()
    papers = ballots_from_counts(FIRST_ROUND, 15)
    enter_all(db, round_id, papers, Side.SECRETARIAT)
    enter_all(db, round_id, papers, Side.COUNTING)
    with db.uow() as uow:
        voting.close_round(uow, round_id, FIFTEEN)
    # closed: the input stored with the round carries the exclusion, whatever the rules say later
    record_decision_facts(db, view.competition_id)
    store = db.document_store()
    with db.uow() as uow:
        for lang in ("ky", "ru"):
            protocols.issue(uow, store, view.competition_id, ProtocolKind.VOTE, lang, 1)
            protocols.issue(uow, store, view.competition_id, ProtocolKind.DECISION, lang)
    with db.uow() as uow:
        record = export_record(uow, store, view.competition_id)
        closed = voting.get_round(uow, round_id)
    yield Held(db, path, view.competition_id, closed, excluded, record)
    db.close()


def test_the_closed_rounds_input_carries_the_exclusion_and_its_result_the_skip(held: Held) -> None:
    with held.db.uow() as uow:
        data = voting.tally_input(uow, held.round.id)
        outcome = voting.outcome(uow, held.competition_id)
    assert data["excluded"] == [{"id": held.excluded, "reason": "other_council", "detail": DETAIL}]
    result = held.round.result
    assert result is not None
    assert [(s.id, s.reason, s.detail) for s in result.skipped] == [(held.excluded, "other_council", DETAIL)]
    # counted and ranked like anyone: second with 14 votes; not elected, not in the reserve
    assert [(row.id, row.votes, row.rank) for row in result.tally][1] == (held.excluded, 14, 2)
    assert held.excluded not in result.elected and held.excluded not in result.reserve
    assert result.tie is None and len(result.elected) == 7  # the tie for the last seat is gone: both are elected
    assert held.excluded not in outcome.elected and held.excluded not in outcome.reserve
    assert [s.id for s in outcome.skipped] == [held.excluded]


def test_ballots_export_and_osgo_tally_recount_the_exclusion(held: Held, tmp_path: Path) -> None:
    out_file = tmp_path / "round1.json"
    code, _out, err = osgo(
        "--db", f"sqlite:///{held.db_path}", "ballots", "export", "2026/04", "--round", "1", "--out", str(out_file)
    )
    assert code == 0, err
    exported = json.loads(out_file.read_text("utf-8"))
    assert exported["excluded"] == [{"id": held.excluded, "reason": "other_council", "detail": DETAIL}]
    code, out, err = osgo("tally", "--input", str(out_file))
    assert code == 0 and err == "", err
    recounted = json.loads(out)
    assert recounted["skipped"] == [{"id": held.excluded, "reason": "other_council", "detail": DETAIL}]
    with held.db.uow() as uow:
        stored = uow.session.get(models.VoteRound, held.round.id)
        assert stored is not None and stored.result_json == recounted


def test_the_record_with_an_exclusion_verifies_and_a_dropped_exclusion_is_caught(held: Held, tmp_path: Path) -> None:
    report = verify_record(held.record)
    assert report.ok, report.failures
    path = tmp_path / "record.zip"
    path.write_bytes(held.record)
    code, out, err = osgo("--lang", "en", "verify", str(path))
    assert code == 0 and err == "" and out.startswith("Verified: competition 2026/04"), out
    # whoever checks sees who was kept from a seat, and why
    name = held.round.candidate(held.excluded).name
    line = (
        f"round 1: {name} ({held.excluded}) is kept from a seat: sits on, or is elected to, another public council "
        f"({DETAIL})"
    )
    assert report.exclusions == (line,) and line in out.splitlines()
    code, out, _err = osgo("--lang", "ru", "verify", str(path))
    assert code == 0 and f"{name} ({held.excluded})" in out and DETAIL in out

    def drop(record: dict[str, Any]) -> None:
        del record["rounds"][0]["input"]["excluded"]

    report = verify_record(edited(held.record, drop))
    assert not report.ok
    details = [str(f) for f in report.failures if f.what in ("result", "outcome")]
    assert any("elected" in line for line in details), details
    assert any("skipped" in line for line in details), details


@pytest.mark.parametrize("lang", ["ky", "ru"])
def test_the_vote_protocol_prints_the_reason_and_its_detail(held: Held, lang: str, tmp_path: Path) -> None:
    t = Translator(lang)
    with held.db.uow() as uow:
        data = printing.vote_protocol(uow, held.round.id, lang, None)
    pdf = vote_protocol_pdf(data, lang, TODAY)
    (tmp_path / f"vote-{lang}.pdf").write_bytes(pdf)
    text = " ".join(pages_of(pdf, tmp_path))
    reason = t.gettext("sits on, or is elected to, another public council")
    assert reason != "sits on, or is elected to, another public council"  # translated
    assert t.gettext("{reason} ({detail})").format(reason=reason, detail=DETAIL) in text
    name = held.round.candidate(held.excluded).name
    row = next(line for line in lines_of(pdf, tmp_path) if name in line)
    assert " 14 " in f" {row} "


@pytest.mark.parametrize("lang", ["ky", "ru"])
def test_the_decision_names_the_excluded_with_the_reason(held: Held, lang: str, tmp_path: Path) -> None:
    t = Translator(lang)
    with held.db.uow() as uow:
        data = printing.composition_decision(uow, held.competition_id, lang)
    pdf = composition_decision_pdf(data, lang, TODAY)
    (tmp_path / f"decision-{lang}.pdf").write_bytes(pdf)
    text = " ".join(pages_of(pdf, tmp_path))
    name = held.round.candidate(held.excluded).name
    assert name in text
    reason = t.gettext("sits on, or is elected to, another public council")
    assert t.gettext("{reason} ({detail})").format(reason=reason, detail=DETAIL) in text
