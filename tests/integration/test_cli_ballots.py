"""`osgo ballots export` writes what `osgo tally` recounts: an observer's recount gives the stored result."""

from __future__ import annotations

import json
from pathlib import Path

from osgo_desktop.domain import tally
from osgo_desktop.domain.voting import Side
from osgo_desktop.services import voting
from osgo_desktop.services.voting import PaperCounts
from osgo_desktop.storage.uow import Database
from tests.integration.test_cli import osgo
from tests.voting_support import FIRST_ROUND, ballots_from_counts, enter_all, open_session


def test_the_exported_round_recounts_to_the_stored_result(full_demo_db: Database, tmp_path: Path) -> None:
    round_id = open_session(full_demo_db)
    papers = ballots_from_counts(FIRST_ROUND, 15)
    enter_all(full_demo_db, round_id, papers, Side.SECRETARIAT)
    enter_all(full_demo_db, round_id, papers, Side.COUNTING)
    with full_demo_db.uow() as uow:
        stored = voting.close_round(uow, round_id, PaperCounts(15, 15, 0))
    url = full_demo_db.url
    exported = tmp_path / "round1.json"
    code, out, err = osgo(
        "--db", url, "--lang", "en", "ballots", "export", "2026/04", "--round", "1", "--out", str(exported)
    )
    assert code == 0 and err == "" and "15 agreed ballots" in out
    data = json.loads(exported.read_text(encoding="utf-8"))
    assert data["seats"] == 7 and len(data["candidates"]) == 12 and data["ballots"][0]["serial"] == "001"
    code, out, err = osgo("tally", "--input", str(exported))
    assert code == 0, err
    assert json.loads(out) == tally.result_to_json(stored)
    assert json.loads(out)["tie"]["seats"] == 1


def test_export_names_a_missing_round(full_demo_db: Database) -> None:
    open_session(full_demo_db)
    code, out, err = osgo(
        "--db", full_demo_db.url, "--lang", "en", "ballots", "export", "2026/04", "--round", "3", "--out", "-"
    )
    assert code == 2 and "no round 3" in err and out == ""


def test_an_open_round_exports_its_agreed_ballots_so_far(full_demo_db: Database) -> None:
    round_id = open_session(full_demo_db)
    papers = ballots_from_counts(FIRST_ROUND, 15)
    enter_all(full_demo_db, round_id, papers[:5], Side.SECRETARIAT)
    enter_all(full_demo_db, round_id, papers[:3], Side.COUNTING)
    code, out, _err = osgo("--db", full_demo_db.url, "ballots", "export", "2026/04", "--round", "1", "--out", "-")
    assert code == 0 and [b["serial"] for b in json.loads(out)["ballots"]] == ["001", "002", "003"]
