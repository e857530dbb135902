"""The intake and the screening against a real database and document store: register, file, withdraw, screen."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from osgo_desktop.clock import BISHKEK, FixedClock
from osgo_desktop.domain.eligibility import ScreeningStatus, Verdict
from osgo_desktop.domain.intake import IntakeDraft
from osgo_desktop.domain.lifecycle import State, TransitionError
from osgo_desktop.domain.person import Channel, Education, Nomination, PersonDraft, PublicService, encode_pin
from osgo_desktop.domain.registry import Sex
from osgo_desktop.errors import ValidationError
from osgo_desktop.services import applications, competitions, demo
from osgo_desktop.storage import models
from osgo_desktop.storage.uow import Database
from tests.conftest import TODAY, clock_at

BORN = dt.date(1985, 4, 12)


def person(surname: str = "Асанова", sex: Sex = Sex.FEMALE, born: dt.date = BORN, serial: str = "00001") -> PersonDraft:
    return PersonDraft(
        surname=surname,
        name="Гүлнара",
        patronymic="Токтогуловна",
        sex=sex,
        birth_date=born,
        pin=encode_pin(sex, born, serial),
        education=Education.HIGHER,
        public_service=PublicService.NONE,
    )


def received(day: dt.date, hour: int = 11) -> IntakeDraft:
    return IntakeDraft(
        dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=BISHKEK),
        Channel.IN_PERSON,
        Nomination.SELF,
        received_by="Кадырова М.",
    )


@pytest.fixture
def council(db: Database) -> int:
    """The demo's announced council competition: intake deadline 3 December 2026 (published 3 November)."""
    with db.uow() as uow:
        demo.load_demo(uow)
    with db.uow() as uow:
        return next(r.id for r in competitions.list_competitions(uow) if r.state is State.ANNOUNCED)


def deadline(db: Database, competition_id: int) -> dt.date:
    with db.uow() as uow:
        result = competitions.get_competition(uow, competition_id).intake_deadline
    assert result is not None
    return result


def register(db: Database, competition_id: int, draft: PersonDraft, intake: IntakeDraft) -> applications.Registered:
    """Register on the last day of the year, so that no day received in these tests lies in the future."""
    at = dt.datetime(2026, 12, 31, tzinfo=dt.UTC)
    with db.uow() as uow, clock_at(db, at):
        return applications.register_application(uow, competition_id, draft, intake)


def test_registration_numbers_and_the_late_flag(db: Database, council: int) -> None:
    last_day = deadline(db, council)
    on_time = register(db, council, person(), received(last_day, hour=23))
    late = register(
        db, council, person("Бакиров", Sex.MALE, serial="00002"), received(last_day + dt.timedelta(days=1), 9)
    )
    assert (on_time.display_number, on_time.late) == ("2026/01-001", False)
    assert (late.display_number, late.late) == ("2026/01-002", True)
    with db.uow() as uow:
        rows = applications.list_applications(uow, council)
    assert [(r.number, r.full_name, r.late) for r in rows] == [
        (1, "Асанова Гүлнара Токтогуловна", False),
        (2, "Бакиров Гүлнара Токтогуловна", True),
    ]
    assert [m.en for m in rows[0].missing] == [
        "The candidate's application",
        "CV with photo",
        "Recommendation letter (0/2)",
        "The candidate's view of their work in the council",
    ]


def test_bad_person_data_is_refused_field_by_field(db: Database, council: int) -> None:
    broken = dataclasses.replace(person(), surname=" ", pin="2101")
    with pytest.raises(ValidationError) as error:
        register(db, council, broken, received(TODAY))
    assert {"surname", "pin"} <= set(error.value.errors)
    with db.uow() as uow:
        assert applications.list_applications(uow, council) == []


def test_the_same_person_twice_is_one_person_and_a_warning(db: Database, council: int) -> None:
    with db.uow() as uow:  # the demo's sitting council and Commission members are persons on record already
        before = uow.session.query(models.Person).count()
    register(db, council, person(), received(TODAY))
    second = register(db, council, dataclasses.replace(person(), name="Гулнара"), received(TODAY))
    assert any("has already applied in this competition" in w for w in second.warnings)
    with db.uow() as uow:
        assert uow.session.query(models.Person).count() == before + 1


def test_a_commission_member_applying_is_warned(db: Database, council: int) -> None:
    draft = person("Токтосунова", serial="00009")
    with db.uow() as uow:
        member = uow.session.query(models.CommissionMember).filter_by(surname="Токтосунова").one()
        member.pin = draft.pin
        uow.commit()
    result = register(db, council, draft, received(TODAY))
    assert "This person is a member of the Commission." in result.warnings


def test_documents_are_filed_versioned_and_kept(db: Database, council: int, tmp_path: Path) -> None:
    registered = register(db, council, person(), received(TODAY))
    store = db.document_store()
    source = tmp_path / "arыз.pdf"
    source.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    stored = store.put(source, "арыз.pdf")
    with db.uow() as uow:
        first = applications.add_document(uow, registered.application_id, "application", stored)
    source.write_bytes(b"%PDF-1.4\n% corrected\ntrailer<<>>\n%%EOF\n")
    corrected = store.put(source, "арыз-2.pdf")
    with db.uow() as uow:
        applications.add_document(uow, registered.application_id, "application", corrected, replaces=first)
        detail = applications.get_application(uow, registered.application_id)
    assert [(d.display_name, d.version) for d in detail.documents] == [("арыз-2.pdf", 2)]
    assert store.verify(stored.sha256) and store.verify(corrected.sha256)  # the first version is still kept
    with db.uow() as uow, pytest.raises(ValidationError):
        applications.add_document(uow, registered.application_id, "diploma_of_wizardry", stored)


def test_withdrawal_needs_a_reason_and_fixes_the_application(db: Database, council: int) -> None:
    registered = register(db, council, person(), received(TODAY))
    with db.uow() as uow, pytest.raises(ValidationError):
        applications.withdraw(uow, registered.application_id, "  ")
    with db.uow() as uow:
        applications.withdraw(uow, registered.application_id, "Өз каалоосу менен")
    with db.uow() as uow:
        detail = applications.get_application(uow, registered.application_id)
        assert detail.row.withdrawn and detail.withdraw_reason == "Өз каалоосу менен"
        with pytest.raises(ValidationError):
            applications.withdraw(uow, registered.application_id, "again")


def test_screening_from_intake_to_screened(db: Database, council: int, clock: FixedClock) -> None:
    last_day = deadline(db, council)
    good = register(db, council, person(), received(last_day))
    late = register(db, council, person("Бакиров", Sex.MALE, serial="00002"), received(last_day + dt.timedelta(days=1)))
    with db.uow() as uow:
        clock.set_day(last_day + dt.timedelta(days=1))
        competitions.close_intake(uow, council)
        clock.set_day(last_day + dt.timedelta(days=2))
        applications.start_screening(uow, council)
    with db.uow() as uow:
        grid = applications.screening_grid(uow, council)
    by_id = {r.application.id: r for r in grid.rows}
    assert by_id[late.application_id].decision.status is ScreeningStatus.NOT_ADMITTED
    assert "on_time" in by_id[late.application_id].decision.failed
    # No documents were filed: the good one fails on documents too, and the manual criteria wait for verdicts.
    good_row = by_id[good.application_id]
    assert good_row.decision.status is ScreeningStatus.NOT_ADMITTED and "documents" in good_row.decision.failed
    assert "no_criminal_record" in good_row.decision.missing
    with db.uow() as uow:
        applications.record_verdict(uow, good.application_id, "no_criminal_record", Verdict(True, "Справка №12"), "Чл.")
        with pytest.raises(ValidationError):
            applications.record_verdict(uow, good.application_id, "no_criminal_record", Verdict(False, ""), "Чл.")
    with db.uow() as uow:
        assert (
            "no_criminal_record"
            not in {r.application.id: r for r in applications.screening_grid(uow, council).rows}[
                good.application_id
            ].decision.missing
        )
    # Every application is decided (both fail on data, whatever verdicts are still open): screening can end.
    with db.uow() as uow:
        applications.finish_screening(uow, council)
        detail = competitions.get_competition(uow, council)
    assert detail.state is State.SCREENED
    assert "No candidate was admitted" in " ".join(detail.blocked[State.VOTING])
    with db.uow() as uow, pytest.raises(ValidationError):  # verdicts are fixed once screened
        applications.record_verdict(uow, good.application_id, "impeccable_conduct", Verdict(True, "ok"), "Чл.")


def test_screening_cannot_end_while_a_decision_is_pending(
    db: Database, council: int, tmp_path: Path, clock: FixedClock
) -> None:
    last_day = deadline(db, council)
    registered = register(db, council, person(), received(last_day))
    store = db.document_store()
    with db.uow() as uow:
        for index, code in enumerate(
            ("application", "cv_with_photo", "recommendation_letter", "recommendation_letter", "vision_statement")
        ):
            source = tmp_path / f"d{index}.pdf"
            source.write_bytes(b"%PDF-1.4\n%" + str(index).encode() + b"\ntrailer<<>>\n%%EOF\n")
            applications.add_document(uow, registered.application_id, code, store.put(source))
    with db.uow() as uow:
        clock.set_day(last_day + dt.timedelta(days=1))
        competitions.close_intake(uow, council)
        applications.start_screening(uow, council)
    with db.uow() as uow:
        row = applications.screening_grid(uow, council).rows[0]
        assert row.decision.status is ScreeningStatus.PENDING and row.decision.failed == ()
        with pytest.raises(TransitionError):
            applications.finish_screening(uow, council)
    with db.uow() as uow:
        for code in row.decision.missing:
            applications.record_verdict(uow, registered.application_id, code, Verdict(True, "seen"), "Төрага")
    with db.uow() as uow:
        assert applications.screening_grid(uow, council).rows[0].decision.status is ScreeningStatus.ADMITTED
        applications.finish_screening(uow, council)
        assert competitions.get_competition(uow, council).blocked[State.VOTING] == ()


def test_the_protocol_lists_withdrawn_applications_apart(db: Database, clock: FixedClock) -> None:
    from pypdf import PdfReader

    from osgo_desktop.reports.screening import screening_protocol_pdf
    from osgo_desktop.services import printing

    with db.uow() as uow:
        demo.load_demo(uow, store=db.document_store())
    with db.uow() as uow:
        detail = competitions.get_competition(uow, 1)
        assert detail.intake_deadline is not None
        clock.set_day(detail.intake_deadline + dt.timedelta(days=1))
        competitions.close_intake(uow, 1)
        applications.start_screening(uow, 1)
    with db.uow() as uow:
        data = printing.screening_protocol(uow, 1, "en")
    withdrawn = [r for r in data.rows if r.withdrawn]
    assert [r.applicant_name for r in withdrawn] == ["Түлөбердиев Нурбек Алмазович"]
    import io

    pdf = screening_protocol_pdf(data, "en", TODAY)
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Withdrawn by the applicants (1)" in text
    not_admitted = sum(1 for r in data.rows if not r.admitted and not r.withdrawn)
    assert f"Not admitted to the competition ({not_admitted})" in text
    assert f"Applications examined {len(data.rows) - 1}" in text


def test_filing_documents_is_one_change_of_that_competition(db: Database, council: int, tmp_path: Path) -> None:
    """A document names no competition itself: its application, loaded by the use case, says which one."""
    from osgo_desktop.changes import Area

    registered = register(db, council, person(), received(TODAY))
    store = db.document_store()
    files = []
    for name in ("арыз.pdf", "cv.pdf"):
        source = tmp_path / name
        source.write_bytes(b"%PDF-1.4\n% " + name.encode() + b"\ntrailer<<>>\n%%EOF\n")
        files.append(store.put(source, name))
    done = db.run(applications.add_documents, registered.application_id, "application", files)
    assert len(done.value) == 2
    assert done.changes.areas == {Area.APPLICATIONS} and done.changes.competitions == {council}
