"""Protocols issued with the fingerprint of their record; the signed copy closes the competition; amendments."""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from osgo_desktop.clock import FixedClock
from osgo_desktop.domain import record as record_rules
from osgo_desktop.domain.calendar import Deadline, DeadlineStatus
from osgo_desktop.domain.fingerprint import grouped
from osgo_desktop.domain.lifecycle import State
from osgo_desktop.domain.record import ProtocolKind
from osgo_desktop.errors import KnownError, ValidationError
from osgo_desktop.services import competitions, demo, protocols, record
from osgo_desktop.storage.uow import Database
from tests.conftest import opened_copy
from tests.voting_support import screened_competition


@pytest.fixture
def empty_db(tmp_path: Path, migrated_template: Path, clock: FixedClock) -> Iterator[Database]:
    yield from opened_copy(migrated_template, tmp_path / "empty.sqlite", clock)


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout


@pytest.fixture
def db(tmp_path: Path, voted_template: Path, clock: FixedClock) -> Iterator[Database]:
    """The full demo, not closed (a copy of the run's template): 2026/04 voted through its runoff, tallied and ready
    for its protocols."""
    yield from opened_copy(voted_template, tmp_path / "voted.sqlite", clock)


@pytest.fixture
def voted(db: Database) -> int:
    with db.uow() as uow:
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


def close_with_the_signed_decision(db: Database, competition_id: int, tmp_path: Path) -> None:
    """Every protocol issued in Kyrgyz and Russian, then the signed Kyrgyz decision attached: it closes."""
    store = db.document_store()
    with db.uow() as uow:
        protocols.issue_all(uow, store, competition_id)
        decision = protocols.issue(uow, store, competition_id, ProtocolKind.DECISION, "ky")
    scan = tmp_path / "signed-decision.pdf"
    scan.write_bytes(protocols.protocol_path(store, decision).read_bytes())  # a scanner's PDF would do the same
    with db.uow() as uow:
        assert protocols.attach_signed_copy(uow, store, decision.id, scan, "Кадырова М. А.")


def test_a_step_is_dated_by_the_day_in_bishkek(db: Database, voted: int, tmp_path: Path, clock: FixedClock) -> None:
    def form_by() -> Deadline:
        with db.uow() as uow:
            return next(d for d in competitions.get_competition(uow, voted).calendar if d.code == "form_by")

    # 02:00 in Bishkek the day after the last day to form the composition is still that last day in UTC.
    clock.set_day(form_by().date + dt.timedelta(days=1), dt.time(2, 0))
    close_with_the_signed_decision(db, voted, tmp_path)
    assert form_by().status is DeadlineStatus.LATE


def test_only_the_signed_decision_closes_the_competition(db: Database, voted: int, tmp_path: Path) -> None:
    store = db.document_store()
    with db.uow() as uow:
        screening = protocols.issue(uow, store, voted, ProtocolKind.SCREENING, "ru")
    not_a_scan = tmp_path / "notes.docx"
    not_a_scan.write_bytes(b"PK\x03\x04" + b"\x00" * 64)
    with db.uow() as uow, pytest.raises(KnownError):
        protocols.attach_signed_copy(uow, store, screening.id, not_a_scan)
    scan = tmp_path / "signed-screening.pdf"
    scan.write_bytes(protocols.protocol_path(store, screening).read_bytes())
    with db.uow() as uow:
        assert not protocols.attach_signed_copy(uow, store, screening.id, scan)  # kept; the competition goes on
        assert competitions.get_competition(uow, voted).state is State.TALLIED
    with db.uow() as uow, pytest.raises(KnownError, match="already attached"):
        protocols.attach_signed_copy(uow, store, screening.id, scan)
    close_with_the_signed_decision(db, voted, tmp_path)
    with db.uow() as uow:
        assert competitions.get_competition(uow, voted).state is State.CLOSED
        signed = {(p.kind, p.lang) for p in protocols.list_protocols(uow, voted) if p.signed_sha256}
    assert signed == {(ProtocolKind.SCREENING, "ru"), (ProtocolKind.DECISION, "ky")}


def test_after_the_close_only_amendments_change_a_protocol_in_every_language(
    db: Database, voted: int, tmp_path: Path
) -> None:
    store = db.document_store()
    with db.uow() as uow:
        russian = protocols.issue(uow, store, voted, ProtocolKind.SCREENING, "ru")
        kyrgyz = protocols.issue(uow, store, voted, ProtocolKind.SCREENING, "ky")
    close_with_the_signed_decision(db, voted, tmp_path)
    with db.uow() as uow, pytest.raises(ValidationError):
        protocols.amend(uow, store, russian.id, "", "")
    with db.uow() as uow:
        amended = protocols.amend(uow, store, russian.id, "Опечатка в фамилии", "Читать «Алиева», не «Алиев».", "Чл.")
    assert amended.version == 2 and amended.fingerprint != russian.fingerprint
    amended_text = " ".join(pdf_text(protocols.protocol_path(store, amended)).split())
    assert "Опечатка в фамилии" in amended_text and "Читать «Алиева», не «Алиев»." in amended_text
    signed_text = pdf_text(protocols.protocol_path(store, russian))
    assert "Опечатка" not in signed_text  # the signed version stays as it was
    # a paper copy says which version it is: the amended one on every page, the first not at all
    pages = len(PdfReader(protocols.protocol_path(store, amended)).pages)
    assert amended_text.count(f"№ {amended.number}, версия 2") == pages
    assert "версия" not in signed_text
    with db.uow() as uow:
        assert record.election_record(uow, voted)["amendments"][0]["reason"] == "Опечатка в фамилии"
        assert protocols.issue(uow, store, voted, ProtocolKind.SCREENING, "ru").id == amended.id
        current = {p.lang: p for p in protocols.list_protocols(uow, voted) if not p.superseded}
    # the Kyrgyz version carries the amendment too: no current version lacks it
    assert current["ky"].version == 2 and current["ky"].fingerprint == amended.fingerprint != kyrgyz.fingerprint


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
    close_with_the_signed_decision(db, voted, tmp_path)
    with db.uow() as uow:
        before = record.election_record(uow, voted)
        person = uow.session.scalars(select(models.Person).where(models.Person.surname == "Алиева")).one()
        person.surname = "Алиева-Токтогулова"  # corrected through another competition, later
        uow.commit()
    with db.uow() as uow:
        after = record.election_record(uow, voted)
        assert protocols.issue(uow, store, voted, ProtocolKind.SCREENING, "ky").id == issued.id
    assert after == before and after["competition"]["state"] == "closed"
    with db.uow() as uow, pytest.raises(KnownError, match="changed after the competition closed"):
        protocols.amend(uow, store, issued.id, "Опечатка", "…")  # it would print a name the record does not hold


def test_nothing_of_a_closed_competition_can_be_edited(db: Database, voted: int, tmp_path: Path) -> None:
    from osgo_desktop.services import applications, voting

    close_with_the_signed_decision(db, voted, tmp_path)
    with db.uow() as uow:
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


def test_the_competition_does_not_close_while_a_protocol_it_needs_is_missing(
    db: Database, voted: int, tmp_path: Path
) -> None:
    store = db.document_store()
    with db.uow() as uow:
        protocols.issue(uow, store, voted, ProtocolKind.SCREENING, "ky")
        protocols.issue(uow, store, voted, ProtocolKind.VOTE, "ky", 1)
        decision = protocols.issue(uow, store, voted, ProtocolKind.DECISION, "ky")
    scan = tmp_path / "signed-decision.pdf"
    scan.write_bytes(protocols.protocol_path(store, decision).read_bytes())
    with db.uow() as uow, pytest.raises(KnownError) as refused:
        protocols.attach_signed_copy(uow, store, decision.id, scan)
    message = str(refused.value)
    missing = [
        "Screening protocol (in Russian)",
        "Rating-vote protocol, round 1 (in Russian)",
        "Tally sheet, round 1 (in Kyrgyz)",
        "Tally sheet, round 1 (in Russian)",
        "Rating-vote protocol, round 2 (in Kyrgyz)",
        "Rating-vote protocol, round 2 (in Russian)",
        "Tally sheet, round 2 (in Kyrgyz)",
        "Tally sheet, round 2 (in Russian)",
        "Decision on the composition (in Russian)",
    ]
    assert message.startswith("The competition cannot be closed") and all(name in message for name in missing)
    assert (
        "Rating-vote protocol, round 1 (in Kyrgyz)" not in message and "Screening protocol (in Kyrgyz)" not in message
    )
    with db.uow() as uow:
        assert protocols.missing_before_close(uow, voted) == missing
        assert competitions.get_competition(uow, voted).state is State.TALLIED
        assert not any(p.signed_sha256 for p in protocols.list_protocols(uow, voted))  # nothing was kept
        issued = protocols.issue_all(uow, store, voted)
        assert protocols.missing_before_close(uow, voted) == []
    assert len(issued) == 12 and sum(i.new for i in issued) == 9  # the three issued before stand as they were
    with db.uow() as uow:
        assert protocols.attach_signed_copy(uow, store, decision.id, scan)
        assert competitions.get_competition(uow, voted).state is State.CLOSED


def test_a_superseded_version_counts_as_missing_even_when_it_matches_the_data(db: Database, voted: int) -> None:
    from osgo_desktop.storage import models

    store = db.document_store()

    def rename(surname: str) -> None:
        with db.uow() as uow:
            person = uow.session.scalars(select(models.Person).where(models.Person.surname.startswith("Алиева"))).one()
            person.surname = surname
            uow.commit()

    with db.uow() as uow:
        protocols.issue_all(uow, store, voted)
    rename("Алиева-Токтогулова")
    with db.uow() as uow:
        assert protocols.missing_before_close(uow, voted) == [
            "Screening protocol (in Kyrgyz)",
            "Screening protocol (in Russian)",
            "Decision on the composition (in Kyrgyz)",
            "Decision on the composition (in Russian)",
        ]
        assert protocols.issue(uow, store, voted, ProtocolKind.SCREENING, "ky").version == 2
    rename("Алиева")  # the data is back as version 1 printed it: version 1 is still the superseded one
    with db.uow() as uow:
        assert protocols.missing_before_close(uow, voted) == ["Screening protocol (in Kyrgyz)"]
        slot = next(s for s in protocols.protocol_slots(uow, voted) if s.kind is ProtocolKind.SCREENING)
    assert slot.missing == ("ky",) and slot.missing_names() == ["Screening protocol (in Kyrgyz)"]


def test_the_languages_needed_are_those_of_the_competitions_own_profile(
    db: Database, voted: int, tmp_path: Path
) -> None:
    store = db.document_store()
    with db.uow() as uow:
        row = uow.competitions.require(voted)
        row.profile_data = {**row.profile_data, "official_languages": ["ru"]}
        uow.commit()
    with db.uow() as uow:
        issued = protocols.issue_all(uow, store, voted)
        assert {i.protocol.lang for i in issued} == {"ru"} and protocols.missing_before_close(uow, voted) == []
    decision = next(i.protocol for i in issued if i.protocol.kind is ProtocolKind.DECISION)
    with db.uow() as uow:
        assert protocols.attach_signed_copy(uow, store, decision.id, protocols.protocol_path(store, decision))


def test_the_full_demo_ends_closed_with_every_protocol_and_a_demo_scan(empty_db: Database) -> None:
    db = empty_db
    import io
    import json
    import zipfile

    from PIL import Image

    from osgo_desktop.services.export import export_record
    from osgo_desktop.verifier.record import verify_record

    store = db.document_store()
    with db.uow() as uow:
        demo.load_demo(uow, store, full=True)
        competition_id = screened_competition(uow)
        assert competitions.get_competition(uow, competition_id).state is State.CLOSED
        issued = protocols.list_protocols(uow, competition_id)
        assert protocols.missing_before_close(uow, competition_id) == []
        data = export_record(uow, store, competition_id)
    assert {(p.kind, p.round_number, p.lang) for p in issued} == {
        (kind, number, lang)
        for kind, number in (
            (ProtocolKind.SCREENING, 0),
            (ProtocolKind.VOTE, 1),
            (ProtocolKind.TALLY_SHEET, 1),
            (ProtocolKind.VOTE, 2),
            (ProtocolKind.TALLY_SHEET, 2),
            (ProtocolKind.DECISION, 0),
            # after the close a member resigned and the seat was filled from the reserve: the decision on it
            (ProtocolKind.VACANCY_FILL, 1),
        )
        for lang in ("ky", "ru")
    }
    signed = [p for p in issued if p.signed_sha256]
    assert [(p.kind, p.lang) for p in signed] == [(ProtocolKind.DECISION, "ky")]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        exported = json.loads(archive.read("record.json"))
        scan = archive.read(exported["signed_copies"][0]["file"])
    assert len(exported["protocols"]) == 14 and all(p["file"] in names for p in exported["protocols"])
    assert [f["number"] for f in exported["vacancy_fills"]] == ["2026/04-R1"]
    assert exported["vacancy_fills"][0]["vacated"]["reason"] == "resigned"
    report = verify_record(data)
    assert report.ok, [str(f) for f in report.failures]
    assert exported["signed_copies"][0]["file"] == "signed/2026-04-D-v1-ky.png"
    picture = Image.open(io.BytesIO(scan))
    assert picture.format == "PNG" and "DEMO SCAN" in picture.info["Description"]  # drawn on it, and said in it
