"""What is due and campaigns, on a hand-made set of compositions (tests/due_support.py): the rows and their order, a
competition made from a row, a campaign of three councils announced with one PDF, one council per person in it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from osgo_desktop.clock import FixedClock
from osgo_desktop.domain.due import Step, Urgency, status_text
from osgo_desktop.domain.lifecycle import State
from osgo_desktop.errors import KnownError, ValidationError
from osgo_desktop.services import applications, campaigns, competitions, due
from osgo_desktop.storage.uow import Database
from tests.conftest import TODAY, clock_at
from tests.due_support import BODIES, RESIGNED_ON, Seeded, seed_due
from tests.integration.test_applications import person, received
from tests.integration.test_cli import osgo
from tests.pdf_support import unhyphenate

ADDRESS = ("Бишкек ш., Эркиндик бульвары, 1", "г. Бишкек, бульвар Эркиндик, 1")


@pytest.fixture
def seeded(db: Database) -> Seeded:
    with db.uow() as uow:
        return seed_due(uow)


def overview(db: Database, within: int | None = None) -> list[tuple[str, Step, Urgency]]:
    with db.uow() as uow:
        rows = due.due_overview(uow, within).rows
    return [(r.body.code or "commission", r.step, r.urgency) for r in rows]


def test_due_rows_overdue_first_then_by_date(db: Database, seeded: Seeded) -> None:
    assert overview(db) == [
        ("MOH", Step.ANNOUNCE, Urgency.OVERDUE),  # announce by 10.11.2026
        ("commission", Step.REPLACE, Urgency.SOON),  # resigned 18.11: fill by 28.11
        ("MOE", Step.ANNOUNCE, Urgency.SOON),  # announce by 01.12.2026
        ("commission", Step.ANNOUNCE, Urgency.LATER),  # the civil seats expire 31.12.2027 (no earlier date set)
        ("MOF", Step.ANNOUNCE, Urgency.LATER),  # announce by 30.04.2028
        ("MOJ", Step.NO_RECORD, Urgency.NO_RECORD),
    ]
    with db.uow() as uow:
        rows = {(r.body.code, r.step): r for r in due.due_overview(uow).rows}
    moh = rows["MOH", Step.ANNOUNCE]
    assert (moh.expires, moh.announce_by, moh.form_by) == (
        dt.date(2027, 1, 10),
        dt.date(2026, 11, 10),
        dt.date(2027, 1, 3),
    )
    assert status_text(moh) == "OVERDUE by 13 days"  # in words, not in colour alone
    vacancy = rows["", Step.REPLACE]
    assert vacancy.vacancy is not None and vacancy.vacancy.vacant_from == RESIGNED_ON
    assert vacancy.due_on == RESIGNED_ON + dt.timedelta(days=10)
    assert status_text(rows["MOJ", Step.NO_RECORD]) == "no composition on record"


def test_within_keeps_what_falls_due_by_then(db: Database, seeded: Seeded) -> None:
    assert [code for code, _step, _urgency in overview(db, within=6)] == ["MOH", "commission", "MOJ"]
    with db.uow() as uow, pytest.raises(KnownError):
        due.due_overview(uow, -1)


def test_a_competition_from_a_due_row_carries_the_expiry(db: Database, seeded: Seeded) -> None:
    moh = seeded.body_ids["MOH"]
    with db.uow() as uow, pytest.raises(ValidationError) as refused:
        due.create_from_due(uow, moh)  # no competition yet gave the address where documents are accepted
    assert "intake_address" in refused.value.errors
    with db.uow() as uow:
        competition_id = due.create_from_due(uow, moh, intake_address=ADDRESS[0], intake_address_ru=ADDRESS[1])
    with db.uow() as uow:
        detail = competitions.get_competition(uow, competition_id)
    assert (detail.body_id, detail.seats, detail.expiry_date, detail.term_years) == (moh, 9, dt.date(2027, 1, 10), 2)
    assert detail.state is State.DRAFT
    # The row names its draft (still overdue: nothing is published) and no second competition is made from it.
    with db.uow() as uow:
        row = due.due_row(uow, moh)
        assert row.competition is not None and row.competition.number == detail.number
        assert row.urgency is Urgency.OVERDUE and not row.can_create
        with pytest.raises(KnownError, match=detail.number):
            due.create_from_due(uow, moh)
    # The next one takes the address from this one.
    with db.uow() as uow:
        other = competitions.get_competition(uow, due.create_from_due(uow, seeded.body_ids["MOE"]))
    assert (other.intake_address, other.intake_address_ru, other.expiry_date) == (*ADDRESS, dt.date(2027, 2, 1))


def test_announced_is_in_hand_until_the_formation_date_passes(db: Database, seeded: Seeded, clock: FixedClock) -> None:
    moh = seeded.body_ids["MOH"]
    with db.uow() as uow:
        competition_id = due.create_from_due(uow, moh, intake_address=ADDRESS[0])
    with db.uow() as uow:
        competitions.announce(uow, competition_id, TODAY, "Кабар", "Кабар")
    with db.uow() as uow:
        row = due.due_row(uow, moh)
    assert (row.step, row.urgency, row.due_on) == (Step.FORM, Urgency.IN_HAND, dt.date(2027, 1, 3))
    with clock_at(db, dt.datetime(2027, 1, 4, 12, tzinfo=dt.UTC)), db.uow() as uow:
        assert due.due_row(uow, moh).urgency is Urgency.OVERDUE


def test_a_replacement_competition_from_a_vacancy_row(db: Database, seeded: Seeded) -> None:
    with db.uow() as uow:
        competition_id = due.create_from_due(uow, None, Step.REPLACE, intake_address=ADDRESS[0])
    with db.uow() as uow:
        detail = competitions.get_competition(uow, competition_id)
        row = due.due_row(uow, None, Step.REPLACE)
    assert (detail.body_id, detail.seats, detail.vacancy_date) == (None, 1, RESIGNED_ON)
    assert row.urgency is Urgency.IN_HAND


# --- campaigns ----------------------------------------------------------------------------------------------------


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(unhyphenate(page.extract_text()).split()) for page in reader.pages)


def three_councils(db: Database, seeded: Seeded) -> campaigns.CampaignCreated:
    picks = [(seeded.body_ids["MOH"], 9), (seeded.body_ids["MOE"], 7), (seeded.body_ids["MOF"], None)]
    with db.uow() as uow:
        return campaigns.create_campaign(uow, picks, intake_address=ADDRESS[0], intake_address_ru=ADDRESS[1])


def test_a_campaign_of_three_councils_announced_with_one_pdf(db: Database, seeded: Seeded) -> None:
    created = three_councils(db, seeded)
    assert created.number == f"{TODAY.year}/K1"
    published = TODAY - dt.timedelta(days=2)
    with db.uow() as uow:
        deadline = campaigns.announce_campaign(uow, created.campaign_id, published, "Кабар", "Кабар")
    assert deadline == dt.date(2026, 12, 21)
    with db.uow() as uow:
        details = [competitions.get_competition(uow, cid) for cid in created.competition_ids]
        papers = {lang: campaigns.announcement(uow, created.campaign_id, lang) for lang in ("ky", "ru")}
    assert [(d.state, d.publication_date, d.intake_deadline) for d in details] == [
        (State.ANNOUNCED, published, deadline)
    ] * 3
    assert [d.seats for d in details] == [9, 7, 11]  # MOF: its composition's seats
    assert [d.expiry_date for d in details] == [dt.date(2027, 1, 10), dt.date(2027, 2, 1), dt.date(2028, 6, 30)]
    for lang, column in (("ky", 0), ("ru", 1)):
        text = pdf_text(papers[lang])
        for code in ("MOH", "MOE", "MOF"):
            assert BODIES[code][column] in text, (lang, code)
        for detail in details:
            assert detail.number in text
        assert f"{created.number}-A" in text
        assert ("2026-жылдын 21-декабры" if lang == "ky" else "21 декабря 2026") in text
        assert ADDRESS[column] in text
    # Announced once: not twice.
    with db.uow() as uow, pytest.raises(KnownError):
        campaigns.announce_campaign(uow, created.campaign_id, published, "Кабар")


def test_a_campaign_is_all_or_nothing(db: Database, seeded: Seeded) -> None:
    picks = [(seeded.body_ids["MOE"], 7), (seeded.body_ids["MOJ"], 9)]  # MOJ: no composition on record
    with db.uow() as uow, pytest.raises(ValidationError, match=r"Юстиция|юстиции"):
        campaigns.create_campaign(uow, picks, intake_address=ADDRESS[0])
    with db.uow() as uow:
        assert competitions.list_competitions(uow) == []
        assert campaigns.list_campaigns(uow) == []


def test_a_person_applies_to_one_council_of_a_campaign(db: Database, seeded: Seeded) -> None:
    created = three_councils(db, seeded)
    with db.uow() as uow:
        campaigns.announce_campaign(uow, created.campaign_id, TODAY, "Кабар")
    first, second = created.competition_ids[:2]
    draft = person()
    with db.uow() as uow:
        registered = applications.register_application(uow, first, draft, received(TODAY))
    with db.uow() as uow, pytest.raises(ValidationError) as refused:
        applications.register_application(uow, second, draft, received(TODAY))
    assert registered.display_number in refused.value.errors["pin"]
    # Someone else is welcome; and once the first application is withdrawn, the person may apply elsewhere.
    with db.uow() as uow:
        applications.register_application(uow, second, person("Бекова", serial="00002"), received(TODAY))
    with db.uow() as uow:
        applications.withdraw(uow, registered.application_id, "Арыз берүүчү башка кеңешти тандады")
    with db.uow() as uow:
        applications.register_application(uow, second, draft, received(TODAY))


def test_a_competition_outside_any_campaign_is_not_held_to_it(db: Database, seeded: Seeded) -> None:
    with db.uow() as uow:
        alone = due.create_from_due(uow, seeded.body_ids["MOH"], intake_address=ADDRESS[0])
        other = due.create_from_due(uow, seeded.body_ids["MOE"])
    draft = person()
    for competition_id in (alone, other):
        with db.uow() as uow:
            competitions.announce(uow, competition_id, TODAY, "Кабар")
        with db.uow() as uow:
            registered = applications.register_application(uow, competition_id, draft, received(TODAY))
        assert dataclasses.asdict(registered)["application_id"]


# --- the command line ---------------------------------------------------------------------------------------------


def test_osgo_due_and_campaigns(db: Database, seeded: Seeded, tmp_path: Path) -> None:
    url = str(db.url)
    code, out, _err = osgo("--db", url, "--lang", "en", "due")
    lines = out.splitlines()
    assert code == 0 and lines[1].split()[:2] == ["MOH", "2026-11-10"] and "OVERDUE by 13 days" in lines[1]
    assert "MOJ" in lines[-2] and "no composition on record" in lines[-2] and lines[-1] == "1 step is overdue."
    assert osgo("--db", url, "--lang", "en", "due", "--within", "-1")[0] == 2
    assert osgo("--db", url, "--lang", "en", "due", "--within", "soon")[0] == 2
    code, _out, err = osgo("--db", url, "--lang", "en", "due", "new", "XYZ")
    assert code == 2 and "XYZ" in err
    code, out, _err = osgo("--db", url, "--lang", "en", "due", "new", "MOH", "--address", ADDRESS[0])
    assert code == 0 and "Competition 2026/01 created in draft." in out
    code, _out, err = osgo("--db", url, "--lang", "en", "campaigns", "new", "--bodies", "MOE,MOF", "--seats", "9")
    assert code == 2 and "--seats" in err
    code, out, _err = osgo("--db", url, "--lang", "en", "campaigns", "new", "--bodies", "MOE,MOF", "--seats", "9,7")
    assert code == 0 and "Campaign 2026/K1 created." in out
    code, out, _err = osgo(
        "--db", url, "--lang", "en", "campaigns", "announce", "2026/K1", "--published", "2026-11-20", "--media", "Кабар"
    )
    assert code == 0 and "2026-12-20" in out
    pdf = tmp_path / "campaign.pdf"
    code, _out, _err = osgo(
        "--db", url, "--lang", "en", "campaigns", "announcement", "2026/K1", "--out", str(pdf), "--lang", "ru"
    )
    assert code == 0 and BODIES["MOF"][1] in pdf_text(pdf.read_bytes())
    code, out, _err = osgo("--db", url, "--lang", "en", "campaigns", "list")
    assert "Campaign 2026/K1: 2 councils, 16 seats" in out
