"""Shared by the export and verify tests (CLI and GUI): one demo competition screened, voted over two rounds with
a settled paper, its screening protocol issued, exported once per run; and ways to tamper with the export."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from osgo_desktop.domain.record import ProtocolKind
from osgo_desktop.domain.voting import Side
from osgo_desktop.services import protocols, voting
from osgo_desktop.services.export import export_record, write_zip
from osgo_desktop.services.voting import PaperCounts
from osgo_desktop.storage.quick import sqlite_url
from osgo_desktop.storage.uow import Database
from tests.conftest import copy_database, pinned_clock
from tests.voting_support import (
    COUNTING_PIN,
    FIRST_ROUND,
    SECRETARIAT_PIN,
    ballots_from_counts,
    enter_all,
    entrants,
    open_session,
    record_decision_facts,
    screened_competition,
)

FIFTEEN = PaperCounts(issued=15, returned=15, unused=0)
#: the runoff between the two tied for the last seat: 8 to 6, one blank
RUNOFF = [(1,)] * 8 + [(2,)] * 6 + [()]


def hold_the_election(db: Database) -> int:
    """Screening protocol (ky, ru), round 1 with paper 007 entered wrongly by the counting side and settled, then
    a decisive runoff, the vote's protocols and the decision (ky, ru), then the signed copy of the Russian decision
    that closes it; returns the competition's id."""
    with db.uow() as uow:
        competition_id = screened_competition(uow)
        for lang in ("ky", "ru"):
            protocols.issue(uow, db.document_store(), competition_id, ProtocolKind.SCREENING, lang)
    round_id = open_session(db)
    papers = ballots_from_counts(FIRST_ROUND, 15)
    slipped = list(papers)
    slipped[6] = papers[6][:-1]
    enter_all(db, round_id, papers, Side.SECRETARIAT)
    enter_all(db, round_id, slipped, Side.COUNTING)
    who = entrants(db, round_id)
    with db.uow() as uow:
        voting.settle(
            uow,
            round_id,
            7,
            papers[6],
            "",
            (who[Side.SECRETARIAT], SECRETARIAT_PIN),
            (who[Side.COUNTING], COUNTING_PIN),
        )
    with db.uow() as uow:
        voting.close_round(uow, round_id, FIFTEEN)
        runoff_id = voting.current_round(uow, competition_id)
    assert runoff_id is not None and runoff_id != round_id
    enter_all(db, runoff_id, RUNOFF, Side.SECRETARIAT)
    enter_all(db, runoff_id, RUNOFF, Side.COUNTING)
    with db.uow() as uow:
        voting.close_round(uow, runoff_id, FIFTEEN)
    record_decision_facts(db, competition_id)
    store = db.document_store()
    with db.uow() as uow:  # every protocol of the vote, in both official languages: the close needs them all
        for lang in ("ky", "ru"):
            for number in (1, 2):
                protocols.issue(uow, store, competition_id, ProtocolKind.VOTE, lang, number)
                protocols.issue(uow, store, competition_id, ProtocolKind.TALLY_SHEET, lang, number)
            decision = protocols.issue(uow, store, competition_id, ProtocolKind.DECISION, lang)
    with db.uow() as uow:  # the "scan" of the signed decision closes the competition
        scan = protocols.protocol_path(store, decision)
        protocols.attach_signed_copy(uow, store, decision.id, scan, "Кадырова М. А.")
    return competition_id


@pytest.fixture(scope="session")
def election(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> tuple[Path, bytes]:
    """The database the election was held in (a file of its own) and its export, made once per run."""
    path = tmp_path_factory.mktemp("election") / "election.sqlite"
    copy_database(demo_template, path)
    db = Database.open(sqlite_url(path), pinned_clock())
    try:
        competition_id = hold_the_election(db)
        with db.uow() as uow:
            data = export_record(uow, db.document_store(), competition_id)
    finally:
        db.close()
    return path, data


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def edited(data: bytes, change: Callable[[dict[str, Any]], None], as_exported: bool = False) -> bytes:
    """The export with ``change`` made to its record.json, zipped again (as a forger would): indented, or
    ``as_exported``, written as the export writes it (sorted keys, no indentation: ``verifier.spelled``)."""
    files = members(data)
    record = json.loads(files["record.json"])
    change(record)
    if as_exported:
        files["record.json"] = (json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n").encode()
    else:
        files["record.json"] = json.dumps(record, ensure_ascii=False, indent=1).encode()
    return write_zip(files)


def with_member(data: bytes, name: str, change: Callable[[bytes], bytes]) -> bytes:
    files = members(data)
    files[name] = change(files[name])
    return write_zip(files)
