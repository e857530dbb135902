"""Use cases against a real SQLite file: create, list, announce, edit, cancel, the demo, the profile copy."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from osgo_desktop.clock import FixedClock
from osgo_desktop.domain.competition import CompetitionDraft
from osgo_desktop.domain.lifecycle import State, TransitionError
from osgo_desktop.domain.profile import LAW_2014, Kind, Variant
from osgo_desktop.domain.registry import StateBodyDraft
from osgo_desktop.errors import KnownError, ValidationError
from osgo_desktop.services import applications, competitions, demo, registries
from osgo_desktop.storage.uow import Database
from tests.conftest import TODAY


def body(db: Database, name: str = "Саламаттык сактоо министрлиги") -> int:
    with db.uow() as uow:
        return registries.save_body(uow, StateBodyDraft(name, "Министерство здравоохранения", "Ministry of Health"))


def council_draft(body_id: int, **kw: object) -> CompetitionDraft:
    draft = CompetitionDraft(
        Kind.COUNCIL,
        Variant.REGULAR,
        body_id,
        seats=9,
        term_years=2,
        expiry_date=dt.date(2027, 3, 1),
        intake_address="Бишкек, Чүй пр., 205",
    )
    return dataclasses.replace(draft, **kw)  # type: ignore[arg-type]


def create(db: Database, draft: CompetitionDraft) -> int:
    with db.uow() as uow:
        return competitions.create_competition(uow, draft)


def test_a_created_competition_is_listed_with_its_next_deadline(db: Database) -> None:
    competition_id = create(db, council_draft(body(db)))
    with db.uow() as uow:
        rows = competitions.list_competitions(uow)
    assert [r.id for r in rows] == [competition_id]
    row = rows[0]
    assert row.number == "2026/01" and row.state is State.DRAFT and row.seats == 9
    assert row.body is not None and row.body.ky == "Саламаттык сактоо министрлиги"
    assert row.next_deadline is not None and row.next_deadline.code == "announce_by"
    assert row.next_deadline.date == dt.date(2027, 1, 1)


def test_numbers_are_sequential_per_year(db: Database) -> None:
    body_id = body(db)
    ids = [create(db, council_draft(body_id)) for _ in range(3)]
    with db.uow() as uow:
        numbers = {competitions.get_competition(uow, i).number for i in ids}
    assert numbers == {"2026/01", "2026/02", "2026/03"}


def test_invalid_drafts_are_refused_with_field_errors(db: Database) -> None:
    with pytest.raises(ValidationError) as error:
        create(db, council_draft(None, seats=3))  # type: ignore[arg-type]
    assert error.value.errors.keys() == {"body_id", "seats"}
    with pytest.raises(ValidationError) as gone:
        create(db, council_draft(987))
    assert gone.value.errors.keys() == {"body_id"}
    with db.uow() as uow:
        assert competitions.list_competitions(uow) == []


def test_announcing_records_the_publication_and_computes_the_intake(db: Database) -> None:
    competition_id = create(db, council_draft(body(db)))
    with db.uow() as uow:
        deadline = competitions.announce(uow, competition_id, dt.date(2026, 10, 31), "«Кабар»")
    assert deadline == dt.date(2026, 11, 30)
    with db.uow() as uow:
        detail = competitions.get_competition(uow, competition_id)
    assert detail.state is State.ANNOUNCED and detail.publication_date == dt.date(2026, 10, 31)
    assert detail.intake_deadline == dt.date(2026, 11, 30) and detail.media_outlet == "«Кабар»"
    assert [(e.from_state, e.to_state) for e in detail.events] == [(State.DRAFT, State.ANNOUNCED)]
    assert detail.blocked[State.INTAKE_CLOSED]  # the intake is still open on 23 November


def test_announcing_twice_is_refused(db: Database) -> None:
    competition_id = create(db, council_draft(body(db)))
    with db.uow() as uow:
        competitions.announce(uow, competition_id, TODAY, "«Кабар»")
    with db.uow() as uow, pytest.raises(TransitionError):
        competitions.announce(uow, competition_id, TODAY, "«Кабар»")


def test_intake_closes_only_after_its_deadline(db: Database, clock: FixedClock) -> None:
    competition_id = create(db, council_draft(body(db)))
    with db.uow() as uow:
        competitions.announce(uow, competition_id, dt.date(2026, 10, 1), "«Кабар»")
    with db.uow() as uow:
        clock.set_day(dt.date(2026, 11, 2))
        competitions.close_intake(uow, competition_id)
        detail = competitions.get_competition(uow, competition_id)
    assert detail.state is State.INTAKE_CLOSED and not detail.editable
    with db.uow() as uow, pytest.raises(ValidationError):
        competitions.update_competition(uow, competition_id, council_draft(detail.body_id, seats=11))


def test_editing_a_draft_changes_it(db: Database) -> None:
    body_id = body(db)
    competition_id = create(db, council_draft(body_id))
    with db.uow() as uow:
        competitions.update_competition(uow, competition_id, council_draft(body_id, seats=13, notes="ок"))
    with db.uow() as uow:
        assert competitions.draft_of(uow, competition_id) == council_draft(body_id, seats=13, notes="ок")


def test_an_announced_competition_keeps_its_kind(db: Database) -> None:
    competition_id = create(db, council_draft(body(db)))
    with db.uow() as uow:
        competitions.announce(uow, competition_id, TODAY, "«Кабар»")
    commission = CompetitionDraft(Kind.COMMISSION, Variant.REGULAR, None, 10, 5, intake_address="x")
    with db.uow() as uow, pytest.raises(ValidationError):
        competitions.update_competition(uow, competition_id, commission)


def test_cancelling_needs_a_reason_and_is_recorded(db: Database) -> None:
    competition_id = create(db, council_draft(body(db)))
    with db.uow() as uow, pytest.raises(ValidationError):
        competitions.cancel(uow, competition_id, " ")
    with db.uow() as uow:
        competitions.cancel(uow, competition_id, "The state body was reorganised")
        detail = competitions.get_competition(uow, competition_id)
    assert detail.state is State.CANCELLED and detail.cancel_reason == "The state body was reorganised"
    assert detail.events[-1].note == "The state body was reorganised"


def test_a_competition_keeps_the_profile_it_was_created_under(db: Database) -> None:
    competition_id = create(db, council_draft(body(db)))
    with db.uow() as uow:
        registries.save_profile(
            uow, dataclasses.replace(LAW_2014, council=dataclasses.replace(LAW_2014.council, intake_months=2))
        )
    with db.uow() as uow:
        competitions.announce(uow, competition_id, dt.date(2026, 11, 1), "«Кабар»")
        assert competitions.get_competition(uow, competition_id).intake_deadline == dt.date(2026, 12, 1)
        newer = competitions.create_competition(uow, council_draft(1))
        competitions.announce(uow, newer, dt.date(2026, 11, 1), "«Кабар»")
        assert competitions.get_competition(uow, newer).intake_deadline == dt.date(2027, 1, 1)


def test_a_broken_profile_is_refused(db: Database) -> None:
    broken = dataclasses.replace(LAW_2014, council=dataclasses.replace(LAW_2014.council, seats_min=20))
    with db.uow() as uow, pytest.raises(ValidationError):
        registries.save_profile(uow, broken)


def test_the_demo_fills_an_empty_database_once(db: Database) -> None:
    with db.uow() as uow:
        demo.load_demo(uow, store=db.document_store())
    with db.uow() as uow:
        rows = competitions.list_competitions(uow)
        members = registries.list_commission(uow)
        assert registries.commission_warnings(uow) == []
        assert registries.counting_warnings(uow) == []
        assert len(registries.list_bodies(uow)) >= 5
    assert len(members) == 15 and len(rows) == 4
    assert sorted(r.state for r in rows) == sorted([State.ANNOUNCED, State.DRAFT, State.DRAFT, State.SCREENED])
    assert any(r.warnings for r in rows)  # the Commission replacement is overdue
    announced = next(r for r in rows if r.state is State.ANNOUNCED)
    with db.uow() as uow:
        applicants = applications.list_applications(uow, announced.id)
        associations = registries.list_associations(uow)
    assert len(applicants) == 8 and sum(a.withdrawn for a in applicants) == 1
    assert [bool(a.missing) for a in applicants].count(True) == 2  # one lacks a letter, one three documents
    assert [a.name for a in associations if a.problems] == ["«Шаар жана айыл» бирикмеси"]
    with db.uow() as uow, pytest.raises(KnownError):
        demo.load_demo(uow)


def test_an_organisation_is_registered_once(db: Database) -> None:
    from osgo_desktop.domain.person import OrganizationDraft, OrgKind

    with db.uow() as uow:
        first = registries.save_organization(uow, OrganizationDraft("«Жаран» КБ", OrgKind.PUBLIC_ASSOCIATION))
    with db.uow() as uow, pytest.raises(ValidationError) as error:
        registries.save_organization(uow, OrganizationDraft(" «жаран» кб ", OrgKind.FOUNDATION))
    assert error.value.errors == {"name": "An organisation with this name is already registered."}
    with db.uow() as uow:  # saving the same one again is an edit, not a duplicate
        registries.save_organization(uow, OrganizationDraft("«Жаран» КБ", OrgKind.FOUNDATION), first)
