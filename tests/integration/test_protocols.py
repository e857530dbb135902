"""Protocols issued with the fingerprint of their record; the signed copy closes the competition; amendments."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select

from osgo_desktop.domain import record as record_rules
from osgo_desktop.domain.fingerprint import grouped
from osgo_desktop.domain.lifecycle import State
from osgo_desktop.domain.record import ProtocolKind
from osgo_desktop.errors import KnownError, ValidationError
from osgo_desktop.services import competitions, demo, protocols, record
from osgo_desktop.storage.uow import Database
from tests.conftest import TODAY
from tests.voting_support import screened_competition


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout


@pytest.fixture
def voted(db: Database) -> int:
    """The full demo: 2026/04 voted through its runoff, tallied and ready for its protocols."""
    with db.uow() as uow:
        demo.load_demo(uow, TODAY, db.document_store(), full=True)
        return screened_competition(uow)


def test_a_protocol_prints_the_fingerprint_of_its_record_and_is_issued_once(db: Database, voted: int) -> None:
    store = db.document_store()
    with db.uow() as uow:
        issued = protocols.issue(uow, store, voted, ProtocolKind.SCREENING, "ky")
        expected = record_rules.protocol_fingerprint(record.election_record(uow, voted), ProtocolKind.SCREENING)
    assert issued.fingerprint == expected and issued.version == 1
    text = pdf_text(protocols.protocol_path(store, issued))
    assert grouped(expected) in " ".join(text.split())
    with db.uow() as uow:
        again = protocols.issue(uow, store, voted, ProtocolKind.SCREENING, "ky")
        assert again.id == issued.id  # the same data: the same protocol, not a second one
        russian = protocols.issue(uow, store, voted, ProtocolKind.SCREENING, "ru")
    assert russian.fingerprint == issued.fingerprint and russian.id != issued.id


def test_the_signed_copy_closes_the_competition_and_then_only_amendments_change_it(
    db: Database, voted: int, tmp_path: Path
) -> None:
    store = db.document_store()
    with db.uow() as uow:
        issued = protocols.issue(uow, store, voted, ProtocolKind.SCREENING, "ru")
    not_a_scan = tmp_path / "notes.docx"
    not_a_scan.write_bytes(b"PK\x03\x04" + b"\x00" * 64)
    with db.uow() as uow, pytest.raises(KnownError):
        protocols.attach_signed_copy(uow, store, issued.id, not_a_scan)
    scan = tmp_path / "signed.pdf"
    scan.write_bytes(protocols.protocol_path(store, issued).read_bytes())  # a scanner's PDF would do the same
    with db.uow() as uow:
        protocols.attach_signed_copy(uow, store, issued.id, scan, "Кадырова М. А.")
    with db.uow() as uow:
        detail = competitions.get_competition(uow, voted, TODAY)
        slots = protocols.protocol_slots(uow, voted)
    assert detail.state is State.CLOSED
    assert slots[0].latest("ru") is not None and slots[0].latest("ru").signed_sha256 is not None  # type: ignore[union-attr]
    with db.uow() as uow, pytest.raises(ValidationError):
        protocols.amend(uow, store, issued.id, "", "")
    with db.uow() as uow:
        amended = protocols.amend(uow, store, issued.id, "Опечатка в фамилии", "Читать «Алиева», не «Алиев».", "Чл.")
    assert amended.version == 2 and amended.fingerprint != issued.fingerprint
    amended_text = " ".join(pdf_text(protocols.protocol_path(store, amended)).split())
    assert "Опечатка в фамилии" in amended_text and "Читать «Алиева», не «Алиев»." in amended_text
    assert "Опечатка" not in pdf_text(protocols.protocol_path(store, issued))  # the signed version stays as it was
    with db.uow() as uow:
        assert record.election_record(uow, voted)["amendments"][0]["reason"] == "Опечатка в фамилии"
        assert protocols.issue(uow, store, voted, ProtocolKind.SCREENING, "ru").id == amended.id
        versions = [p for p in protocols.list_protocols(uow, voted) if p.lang == "ru"]
    assert [p.superseded for p in versions] == [True, False]


def test_a_round_still_open_or_a_pending_tie_blocks_its_protocols(full_demo_db: Database) -> None:
    from tests.voting_support import open_session

    open_session(full_demo_db)
    with full_demo_db.uow() as uow:
        competition_id = screened_competition(uow)
        slots = {(s.kind, s.round_number): s for s in protocols.protocol_slots(uow, competition_id)}
    assert slots[(ProtocolKind.VOTE, 1)].blocked == "Round 1 is still open: close it first."
    assert "once the vote is counted" in slots[(ProtocolKind.DECISION, 0)].blocked
    assert slots[(ProtocolKind.SCREENING, 0)].blocked == ""


def test_a_closed_record_does_not_follow_later_changes_to_shared_people(
    db: Database, voted: int, tmp_path: Path
) -> None:
    from osgo_desktop.storage import models

    store = db.document_store()
    with db.uow() as uow:
        issued = protocols.issue(uow, store, voted, ProtocolKind.SCREENING, "ky")
    scan = tmp_path / "signed.pdf"
    scan.write_bytes(protocols.protocol_path(store, issued).read_bytes())
    with db.uow() as uow:
        protocols.attach_signed_copy(uow, store, issued.id, scan)
    with db.uow() as uow:
        before = record.election_record(uow, voted)
        person = uow.session.scalars(select(models.Person).where(models.Person.surname == "Алиева")).one()
        person.surname = "Алиева-Токтогулова"  # corrected through another competition, later
        uow.commit()
    with db.uow() as uow:
        after = record.election_record(uow, voted)
        assert protocols.issue(uow, store, voted, ProtocolKind.SCREENING, "ky").id == issued.id
    assert after == before and after["competition"]["state"] == "closed"


def test_nothing_of_a_closed_competition_can_be_edited(db: Database, voted: int, tmp_path: Path) -> None:
    from osgo_desktop.services import applications, voting

    store = db.document_store()
    with db.uow() as uow:
        issued = protocols.issue(uow, store, voted, ProtocolKind.SCREENING, "ky")
    scan = tmp_path / "signed.pdf"
    scan.write_bytes(protocols.protocol_path(store, issued).read_bytes())
    with db.uow() as uow:
        protocols.attach_signed_copy(uow, store, issued.id, scan)
        round_id = voting.round_ids(uow, voted)[0]
        application_id = applications.list_applications(uow, voted)[0].id
        entrant = voting.get_round(uow, round_id).session.entrants[0].id
    attempts = [
        lambda uow: competitions.cancel(uow, voted, "too late"),
        lambda uow: applications.withdraw(uow, application_id, "too late"),
        lambda uow: voting.record_entry(uow, round_id, entrant, 1, (1,)),
        lambda uow: applications.finish_screening(uow, voted),
        lambda uow: voting.open_runoff(uow, voted),
    ]
    for attempt in attempts:
        with db.uow() as uow, pytest.raises(KnownError):
            attempt(uow)
