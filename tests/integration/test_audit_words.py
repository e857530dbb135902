"""The audit log in the reader's words: fields and coded values named as the forms name them, people by name."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from osgo_desktop.clock import FixedClock
from osgo_desktop.domain.lifecycle import STATE_LABELS, State
from osgo_desktop.domain.voting import SIDE_LABELS
from osgo_desktop.i18n import Translator, language
from osgo_desktop.services import audit as audit_service
from osgo_desktop.storage import models
from osgo_desktop.storage.uow import Database
from tests.conftest import opened_copy


@pytest.fixture
def voted_db(tmp_path: Path, voted_template: Path, clock: FixedClock) -> Iterator[Database]:
    yield from opened_copy(voted_template, tmp_path / "voted.sqlite", clock)


def test_fields_values_and_people_are_named(voted_db: Database) -> None:
    with voted_db.uow() as uow:
        rows = audit_service.list_audit(uow, limit=100_000)
        entrants = {row.id: row.name for row in uow.session.execute(select(models.Entrant.id, models.Entrant.name))}
        competitions = uow.session.execute(select(models.Competition.id, models.Competition.number))
        numbers = {row.id: row.number for row in competitions}
    moved = next(r for r in rows if r.table == "competition" and r.action == "update" and "state" in r.fields)
    before, after = (State(v) for v in moved.values[moved.fields.index("state")])
    assert f"State: {STATE_LABELS[before]} → {STATE_LABELS[after]}" in moved.summary
    assert moved.record == numbers[dict(moved.key)["id"]]  # the competition by its number, not "id=1"
    paper = next(r for r in rows if r.table == "ballot_entry")
    entrant = paper.values[paper.fields.index("entrant_id")][1]
    assert f"Entered by: {entrants[entrant]}" in paper.summary
    assert "Entered: " in paper.summary and "entered_at" not in paper.summary
    serial, side, round_id = (paper.values[paper.fields.index(n)][1] for n in ("serial", "side", "round_id"))
    with voted_db.uow() as uow:
        vote_round = uow.session.get(models.VoteRound, round_id)
        assert vote_round is not None
        where = f"{numbers[vote_round.competition_id]}, round {vote_round.number}"
    # the paper as printed and counted, not the row's id
    assert paper.record == f"{where}: ballot No. {serial:03d}, {SIDE_LABELS[side]}"
    entries = [r for r in rows if r.table == "ballot_entry"]
    marked = next(r for r in entries if json.loads(r.values[r.fields.index("marks")][1]))
    numbers_marked = json.loads(marked.values[marked.fields.index("marks")][1])
    assert f"Marks: {', '.join(map(str, numbers_marked))};" in marked.summary and "[" not in marked.summary
    blank = next(r for r in entries if json.loads(r.values[r.fields.index("marks")][1]) == [])
    assert "Marks: none (a blank paper);" in blank.summary  # a blank paper said so, not left out
    settled = next(r for r in rows if r.table == "ballot_settlement")
    assert settled.record.endswith(f": ballot No. {settled.values[settled.fields.index('serial')][1]:03d}")
    # a serial repeats in every round: the name still tells each paper's row from every other's
    papers = [r for r in rows if r.table in ("ballot_entry", "ballot_settlement") and r.action == "insert"]
    assert len({r.record for r in papers}) == len({(r.table, dict(r.key)["id"]) for r in papers}) == len(papers)
    assert len({dict(zip(r.fields, r.values, strict=True))["round_id"][1] for r in papers}) >= 2  # runoff included
    step = next(r for r in rows if r.table == "competition_event")
    assert "Competition: " + numbers[step.values[step.fields.index("competition_id")][1]] in step.summary
    assert "competition_id" not in step.summary and "to_state" not in step.summary


def test_the_log_reads_in_the_language_of_the_moment(voted_db: Database) -> None:
    with voted_db.uow() as uow:
        moved = next(
            r
            for r in audit_service.list_audit(uow, table="competition")
            if r.action == "update" and "state" in r.fields
        )
    english = moved.summary
    with language("ru"):
        russian = moved.summary
    assert russian != english
    assert Translator("ru").gettext("State") + ": " in russian and "State: " not in russian


def test_every_value_label_reads_without_placeholders() -> None:
    """A label that names something the logged row lacks ("Elected in competition {competition}") is not used."""
    for labels in audit_service._VALUE_LABELS.values():
        assert all("{" not in label for label in labels.values()), labels
