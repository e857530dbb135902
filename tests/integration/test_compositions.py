"""The signed decision seats the elected; the cross-cutting rules read the seats; an amendment can move a seat."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from osgo_desktop.clock import BISHKEK, FixedClock
from osgo_desktop.domain import eligibility
from osgo_desktop.domain.composition import Came, LeftReason, SeatKind
from osgo_desktop.domain.intake import IntakeDraft
from osgo_desktop.domain.lifecycle import State
from osgo_desktop.domain.person import Channel, Nomination, PersonDraft
from osgo_desktop.domain.record import ProtocolKind
from osgo_desktop.errors import KnownError
from osgo_desktop.services import applications, compositions, protocol_facts, protocols, voting
from osgo_desktop.storage import models
from osgo_desktop.storage.uow import Database, UnitOfWork
from tests.conftest import opened_copy
from tests.integration.test_protocols import close_with_the_signed_decision
from tests.voting_support import screened_competition


@pytest.fixture
def db(tmp_path: Path, voted_template: Path, clock: FixedClock) -> Iterator[Database]:
    """2026/04 voted and tallied, its protocols not yet issued."""
    yield from opened_copy(voted_template, tmp_path / "voted.sqlite", clock)


def formation_date(uow: UnitOfWork, competition_id: int) -> dt.date:
    facts = protocol_facts.protocol_facts(uow, competition_id, ProtocolKind.DECISION)
    assert facts.formation_date is not None
    return facts.formation_date


def sitting_before(uow: UnitOfWork, body_id: int, day: dt.date) -> models.Mandate:
    """A member of the body's composition sitting on ``day``: the demo imports every council's (its note says so)."""
    old = compositions.current_composition(uow, body_id, day)
    assert old is not None and old.competition_id is None and old.note == "demo-compositions.csv"
    return old.mandates[0]


def test_the_signed_decision_seats_the_elected_and_ends_the_composition_before(db: Database, tmp_path: Path) -> None:
    with db.uow() as uow:
        competition_id = screened_competition(uow)
        body_id = uow.competitions.require(competition_id).body_id
        assert body_id is not None
        formed = formation_date(uow, competition_id)
        old_id = sitting_before(uow, body_id, formed - dt.timedelta(days=1)).id
        elected = voting.outcome(uow, competition_id).elected
    close_with_the_signed_decision(db, competition_id, tmp_path)
    with db.uow() as uow:
        new = uow.session.scalars(
            select(models.Composition).where(models.Composition.competition_id == competition_id)
        ).one()
        assert (new.body_id, new.term_start, new.term_end) == (
            body_id,
            formed,
            formed.replace(year=formed.year + 2) - dt.timedelta(days=1),
        )
        assert len(new.mandates) == len(elected) and all(m.came is Came.ELECTED for m in new.mandates)
        assert {m.application_id for m in new.mandates} == {
            a.id
            for a in uow.session.scalars(
                select(models.Application).where(models.Application.competition_id == competition_id)
            )
            if applications.display_number("2026/04", a.number) in elected
        }
        old = uow.session.get(models.Mandate, old_id)
        assert old is not None
        assert old.left_on == formed and old.left_reason is LeftReason.TERM_ENDED
        assert old.composition.ended_on == formed - dt.timedelta(days=1)
        # The composition on the day before the formation is the old one, on the day itself the new one.
        assert compositions.current_composition(uow, body_id, formed - dt.timedelta(days=1)).id == old.composition_id  # type: ignore[union-attr]
        assert compositions.current_composition(uow, body_id, formed).id == new.id  # type: ignore[union-attr]
        # nothing is seated twice
        with pytest.raises(KnownError):
            compositions.seat_elected(uow, competition_id)


def test_someone_elected_but_not_yet_signed_is_refused_by_another_councils_screening(db: Database) -> None:
    with db.uow() as uow:
        tallied = screened_competition(uow)
        assert uow.competitions.require(tallied).state is State.TALLIED
        first = voting.outcome(uow, tallied).elected[0]
        number = int(first.rsplit("-", 1)[1])
        winner = (
            uow.session.scalars(
                select(models.Application).where(
                    models.Application.competition_id == tallied, models.Application.number == number
                )
            )
            .one()
            .person
        )
        other = uow.session.scalars(
            select(models.Competition).where(
                models.Competition.state == State.ANNOUNCED, models.Competition.body_id.is_not(None)
            )
        ).first()
        assert other is not None and other.body_id != uow.competitions.require(tallied).body_id
        day = (other.publication_date or dt.date(2026, 11, 1)) + dt.timedelta(days=1)
        draft = PersonDraft(
            surname=winner.surname,
            name=winner.name,
            patronymic=winner.patronymic,
            sex=winner.sex,
            birth_date=winner.birth_date,
            pin=winner.pin,
            education=winner.education,
            public_service=winner.public_service,
        )
        intake = IntakeDraft(
            dt.datetime(day.year, day.month, day.day, 11, tzinfo=BISHKEK), Channel.IN_PERSON, Nomination.SELF
        )
        registered = applications.register_application(uow, other.id, draft, intake)
        assert any("another public council" in w for w in registered.warnings)
        grid = applications.screening_grid(uow, other.id)
    row = next(r for r in grid.rows if r.application.id == registered.application_id)
    check = row.checks[eligibility.NOT_ON_OTHER_COUNCIL]
    assert check.passed is False and "2026/04" in check.reason and "Ministry of Education" in check.reason


def test_an_amendment_of_the_decision_moves_a_seat_and_keeps_the_history(db: Database, tmp_path: Path) -> None:
    with db.uow() as uow:
        competition_id = screened_competition(uow)
        outcome = voting.outcome(uow, competition_id)
    close_with_the_signed_decision(db, competition_id, tmp_path)
    loser, winner = outcome.elected[-1], outcome.reserve[0]
    store = db.document_store()
    with db.uow() as uow:
        decision = next(
            p
            for p in protocols.list_protocols(uow, competition_id)
            if p.kind is ProtocolKind.DECISION and p.lang == "ky"
        )
        with pytest.raises(KnownError):  # the correction must name someone who holds a seat
            protocols.amend(
                uow, store, decision.id, "Recount", "…", "Кадырова М.", compositions.SeatCorrection(unseat=(winner,))
            )
    with db.uow() as uow:
        protocols.amend(
            uow,
            store,
            decision.id,
            "A paper was misread",
            f"{winner} is elected instead of {loser}",
            "Кадырова М.",
            compositions.SeatCorrection(unseat=(loser,), seat=(winner,)),
        )
        composition = uow.session.scalars(
            select(models.Composition).where(models.Composition.competition_id == competition_id)
        ).one()
        sitting = [m for m in composition.mandates if m.left_on is None]
        left = [m for m in composition.mandates if m.left_on is not None]
        assert len(sitting) == len(outcome.elected)
        assert len(left) == 1 and left[0].left_reason is LeftReason.OTHER and "A paper was misread" in left[0].left_note
        names = voting.candidate_names(uow, competition_id)
        seated_names = {f"{m.person.surname} {m.person.name}" for m in sitting}
        assert any(names[winner].startswith(n) for n in seated_names)


def test_a_mandate_holds_from_its_first_to_its_last_day() -> None:
    from osgo_desktop.domain.composition import Term, term_end

    assert term_end(dt.date(2026, 12, 6), 2) == dt.date(2028, 12, 5)
    assert term_end(dt.date(2024, 2, 29), 1) == dt.date(2025, 2, 27)  # 28 February 2025 is the same date a year on
    term = Term(dt.date(2026, 1, 1), dt.date(2027, 12, 31), left_on=dt.date(2026, 6, 1))
    assert term.holds_on(dt.date(2026, 5, 31)) and not term.holds_on(dt.date(2026, 6, 1))
    assert dataclasses.replace(term, left_on=None).last_day == dt.date(2027, 12, 31)


def test_a_replacement_competition_counts_the_members_who_stay(db: Database) -> None:
    """The cap on one sex of a replacement is taken on the sitting composition's seats, with its members who stay."""
    from osgo_desktop.domain.competition import CompetitionDraft
    from osgo_desktop.domain.profile import LAW_2014, Kind, Variant
    from osgo_desktop.domain.rounds import composition_size
    from osgo_desktop.services import competitions

    with db.uow() as uow:
        body = models.StateBody(name_ky="Транспорт министрлиги", name_ru="Министерство транспорта", name_en="")
        body.code = "TRN"
        uow.session.add(body)
        uow.session.flush()
        today = uow.clock.today()
        sitting = models.Composition(
            body_id=body.id,
            seats=9,
            term_start=today - dt.timedelta(days=200),
            term_end=today + dt.timedelta(days=500),
            note="",
        )
        uow.session.add(sitting)
        uow.session.flush()
        for i in range(7):
            person = models.Person(surname=f"Мүчө{i}", name="Аты", patronymic="", sex="F" if i < 5 else "M", pin="")
            uow.session.add(person)
            uow.session.flush()
            uow.session.add(
                models.Mandate(
                    composition_id=sitting.id,
                    person_id=person.id,
                    seat=SeatKind.COUNCIL,
                    organization=f"Уюм {i}" if i else "",
                    starts_on=sitting.term_start,
                    ends_on=sitting.term_end,
                    came=Came.IMPORTED,
                    left_on=today - dt.timedelta(days=3) if i == 6 else None,
                    left_reason=LeftReason.RESIGNED if i == 6 else None,
                    left_note="",
                )
            )
        uow.session.commit()
        replacement = competitions.create_competition(
            uow,
            CompetitionDraft(
                kind=Kind.COUNCIL,
                variant=Variant.REPLACEMENT,
                body_id=body.id,
                seats=1,
                term_years=2,
                vacancy_date=today - dt.timedelta(days=3),
                intake_address="Бишкек",
            ),
        )
        staying = compositions.staying_members(uow, replacement)
    assert staying is not None and staying.seats == 9
    assert len(staying.sitting) == 6  # the one who left is not counted
    assert [m["organization"] for m in staying.sitting][:2] == [None, "Уюм 1"]
    assert composition_size(Variant.REPLACEMENT, 1, LAW_2014.council, staying.seats) == 9
    assert composition_size(Variant.REPLACEMENT, 1, LAW_2014.council) == 7  # nothing on record: the law's smallest
