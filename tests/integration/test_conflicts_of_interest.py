"""Conflicts of interest take effect at screening: a verdict records the members who took it, a member who
declared a conflict towards the candidate is not among them (refused, saying why), a verdict taken before the
declaration is set aside for review, and the screening protocol shows who stood aside (ky, ru)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

import pytest

from osgo_desktop.domain.eligibility import ScreeningStatus, Verdict
from osgo_desktop.errors import ValidationError
from osgo_desktop.services import applications, papers, screening
from osgo_desktop.storage import models
from osgo_desktop.storage.uow import Database
from tests.conftest import TODAY
from tests.screening_support import commission_competition

REASON = "Талапкердин бир тууганы"


@pytest.fixture
def seed_a(db: Database) -> int:
    """The seed-A competition in screening, its session recorded with every active member present."""
    with db.uow() as uow:
        competition_id = commission_competition(uow)
        setup = screening.screening_setup(uow, competition_id)
        screening.record_screening_session(
            uow,
            competition_id,
            screening.ScreeningSessionDraft(
                held_on=TODAY - dt.timedelta(days=1),
                place="Бишкек ш.",
                place_ru="г. Бишкек",
                start_time="10:00",
                end_time="12:00",
                present=tuple(m.id for m in setup.members),
                chair_id=setup.chair_id,
                secretary_id=setup.secretary_id,
            ),
        )
    return competition_id


def application_of(db: Database, competition_id: int, surname: str) -> int:
    with db.uow() as uow:
        rows = applications.list_applications(uow, competition_id)
    return next(r.id for r in rows if r.full_name.startswith(surname))


def a_member(db: Database, competition_id: int) -> tuple[int, str]:
    """An ordinary member present at the session (neither chair nor secretary)."""
    with db.uow() as uow:
        setup = screening.screening_setup(uow, competition_id)
    member = next(m for m in setup.members if m.id not in (setup.chair_id, setup.secretary_id))
    return member.id, member.name


def declare(db: Database, application_id: int, member_id: int) -> None:
    with db.uow() as uow:
        applications.declare_conflict(uow, application_id, member_id, REASON)


def latest_deciders(db: Database, application_id: int) -> list[int] | None:
    with db.uow() as uow:
        verdicts = uow.applications.require(application_id).verdicts
        return verdicts[-1].deciders


def test_the_deciders_are_those_present_but_who_stood_aside(db: Database, seed_a: int) -> None:
    application = application_of(db, seed_a, "Асанова")
    member_id, name = a_member(db, seed_a)
    declare(db, application, member_id)
    with db.uow() as uow:
        deciders = screening.deciders_of(uow, application)
        present = len(screening.screening_setup(uow, seed_a).members)
        applications.record_verdict(uow, application, "public_activity", Verdict(True, "seen"), "Төрага")
    assert member_id not in {m.id for m in deciders.members} and len(deciders.members) == present - 1
    assert [(s.member_id, s.member_name, s.reason) for s in deciders.stood_aside] == [(member_id, name, REASON)]
    recorded = latest_deciders(db, application)
    assert recorded is not None and member_id not in recorded and len(recorded) == present - 1
    # another candidate's decisions are not affected
    with db.uow() as uow:
        other = screening.deciders_of(uow, application_of(db, seed_a, "Бекова"))
    assert member_id in {m.id for m in other.members} and other.stood_aside == ()


def test_a_conflicted_member_is_refused_as_a_decider(db: Database, seed_a: int) -> None:
    application = application_of(db, seed_a, "Асанова")
    member_id, name = a_member(db, seed_a)
    declare(db, application, member_id)
    with db.uow() as uow:
        others = [m.id for m in screening.deciders_of(uow, application).members]
    with db.uow() as uow, pytest.raises(ValidationError) as refused:
        applications.record_verdict(
            uow, application, "public_activity", Verdict(True, "seen"), "Төрага", deciders=[*others, member_id]
        )
    assert refused.value.errors["deciders"] == (
        f"{name} declared a conflict of interest towards this candidate ({REASON}): they take no part in the "
        "decisions on this candidate."
    )
    with db.uow() as uow:
        assert uow.applications.require(application).verdicts == []  # nothing saved
        applications.record_verdict(uow, application, "public_activity", Verdict(True, "seen"), "Т", deciders=others)
    assert latest_deciders(db, application) == others


def test_a_decider_must_have_been_present(db: Database, seed_a: int) -> None:
    application = application_of(db, seed_a, "Асанова")
    with db.uow() as uow, pytest.raises(ValidationError) as refused:
        applications.record_verdict(uow, application, "public_activity", Verdict(True, "seen"), "Т", deciders=[9999])
    assert "present at the screening session" in refused.value.errors["deciders"]


def test_a_conflict_declared_after_the_verdict_sets_it_aside_for_review(db: Database, seed_a: int) -> None:
    application = application_of(db, seed_a, "Асанова")
    member_id, _name = a_member(db, seed_a)
    with db.uow() as uow:
        for code in ("no_criminal_record", "public_activity"):
            applications.record_verdict(uow, application, code, Verdict(True, "seen"), "Төрага")
        (row,) = [r for r in applications.screening_grid(uow, seed_a).rows if r.application.id == application]
    assert row.decision.status is ScreeningStatus.ADMITTED and row.for_review == ()
    declare(db, application, member_id)
    with db.uow() as uow:
        (row,) = [r for r in applications.screening_grid(uow, seed_a).rows if r.application.id == application]
    assert set(row.for_review) == {"no_criminal_record", "public_activity"}
    assert row.decision.status is ScreeningStatus.PENDING and set(row.decision.missing) == set(row.for_review)
    with db.uow() as uow:  # taken again without the member, the verdicts count
        applications.record_verdicts(uow, application, row.for_review, Verdict(True, "seen again"), "Төрага")
        (row,) = [r for r in applications.screening_grid(uow, seed_a).rows if r.application.id == application]
    assert row.decision.status is ScreeningStatus.ADMITTED and row.for_review == ()


def test_a_verdict_recorded_before_deciders_were_kept_stands(db: Database, seed_a: int) -> None:
    application = application_of(db, seed_a, "Асанова")
    member_id, _name = a_member(db, seed_a)
    with db.uow() as uow:
        applications.record_verdict(uow, application, "public_activity", Verdict(True, "seen"), "Төрага")
        verdict = uow.applications.require(application).verdicts[-1]
        verdict.deciders = None  # as a verdict recorded before schema 0010 reads
        uow.commit()
    declare(db, application, member_id)
    with db.uow() as uow:
        (row,) = [r for r in applications.screening_grid(uow, seed_a).rows if r.application.id == application]
        stored = uow.session.get(models.ScreeningVerdict, verdict.id)
        assert stored is not None and stored.deciders is None
    assert row.for_review == () and "public_activity" in row.verdicts


def words(pdf: bytes) -> str:
    done = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(done.stdout.decode().split())


@pytest.mark.parametrize(
    ("lang", "stood_aside"),
    [
        ("ky", "Төмөндө аты аталган ар бир мүчө өзүн-өзү четтеткен"),
        ("ru", "Каждый указанный ниже член Комиссии взял самоотвод"),
        ("en", "Each member named below stood aside"),
    ],
)
def test_the_protocol_shows_who_stood_aside(db: Database, seed_a: int, lang: str, stood_aside: str) -> None:
    application = application_of(db, seed_a, "Асанова")
    member_id, name = a_member(db, seed_a)
    declare(db, application, member_id)
    with db.uow() as uow:
        pdf = papers.screening_draft(uow, seed_a, lang)
    if shots := os.environ.get("OSGO_SHOTS"):  # to look at it: OSGO_SHOTS=/tmp/shots pytest -k protocol
        (Path(shots) / f"conflicts_{lang}.pdf").write_bytes(pdf)
    text = words(pdf)
    assert stood_aside in text
    surname = name.split()[0]
    assert surname in text and REASON in text and "Асанова" in text
