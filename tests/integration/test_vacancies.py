"""Vacancies on the composition the demo's 2026/04 formed: a departure opens one, the reserve list fills it with a
numbered decision (ky, ru) that the competition's export carries and ``osgo verify`` checks."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from osgo_desktop.clock import FixedClock
from osgo_desktop.domain.composition import Came, LeftReason, SeatKind
from osgo_desktop.domain.record import ProtocolKind
from osgo_desktop.errors import KnownError, ValidationError
from osgo_desktop.services import vacancies
from osgo_desktop.services.applications import display_number
from osgo_desktop.services.export import export_record
from osgo_desktop.storage import models
from osgo_desktop.storage.uow import Database, UnitOfWork
from osgo_desktop.verifier.record import verify_record
from tests.conftest import opened_copy
from tests.pdf_support import unhyphenate
from tests.record_support import edited, election

__all__ = ["election"]  # the fixture, imported for pytest

#: three months into the term the 2026/04 decision started on 23 November 2026
LATER = dt.date(2027, 2, 26)


@pytest.fixture
def db(tmp_path: Path, election: tuple[Path, bytes]) -> Iterator[Database]:
    """A copy of the database where 2026/04 was voted, decided and closed (its seven elected seated on the council
    of the Ministry of Education from 23 November 2026), the clock three months on."""
    yield from opened_copy(election[0], tmp_path / "vacancy.sqlite", FixedClock.on(LATER))


def mandate_of(uow: UnitOfWork, surname: str) -> models.Mandate:
    return uow.session.scalars(select(models.Mandate).join(models.Person).where(models.Person.surname == surname)).one()


def leave(db: Database, surname: str, on: dt.date = dt.date(2027, 2, 20)) -> int:
    with db.uow() as uow:
        mandate_id = mandate_of(uow, surname).id
    db.run(vacancies.record_departure, mandate_id, on, LeftReason.RESIGNED, "")
    return mandate_id


def pdf_text(db: Database, sha256: str) -> str:
    reader = PdfReader(io.BytesIO(db.document_store().path(sha256).read_bytes()))
    return " ".join(" ".join(unhyphenate(page.extract_text()).split()) for page in reader.pages)


def test_a_departure_ends_the_mandate_and_opens_the_vacancy(db: Database) -> None:
    assert db.run(vacancies.open_vacancies).value == []
    mandate_id = leave(db, "Мураталиев")
    with db.uow() as uow:
        mandate = uow.session.get(models.Mandate, mandate_id)
        assert mandate is not None  # kept, never deleted
        assert (mandate.left_on, mandate.left_reason) == (dt.date(2027, 2, 20), LeftReason.RESIGNED)
    (vacancy,) = db.run(vacancies.open_vacancies).value
    assert (vacancy.mandate_id, vacancy.member, vacancy.reserve_competition) == (
        mandate_id,
        "Мураталиев Бакыт Жапарович",
        "2026/04",
    )
    assert vacancy.body is not None and vacancy.term_end == dt.date(2028, 11, 22)
    # the law sets no deadline for a council's vacancy; the built-in profile sets none either
    assert vacancy.deadline is None and vacancy.days_left is None


def test_a_council_deadline_comes_from_its_profile(db: Database) -> None:
    with db.uow() as uow:
        competition = uow.session.scalars(
            select(models.Competition).where(models.Competition.number == "2026/04")
        ).one()
        data = json.loads(json.dumps(competition.profile_data))
        data["council"]["replacement_days"] = 30
        competition.profile_data = data
        uow.commit()
    leave(db, "Мураталиев")
    (vacancy,) = db.run(vacancies.open_vacancies).value
    assert vacancy.deadline == dt.date(2027, 3, 22)
    assert vacancy.days_left == 24


@pytest.mark.parametrize(
    ("on", "reason", "note", "field"),
    [
        (dt.date(2027, 3, 1), LeftReason.RESIGNED, "", "left_on"),  # still to come
        (dt.date(2026, 11, 1), LeftReason.RESIGNED, "", "left_on"),  # before the mandate
        (dt.date(2027, 2, 20), LeftReason.TERM_ENDED, "", "reason"),  # no departure
        (dt.date(2027, 2, 20), LeftReason.OTHER, "  ", "note"),  # "other" says what
    ],
)
def test_a_departure_that_cannot_be_is_refused_with_its_field(
    db: Database, on: dt.date, reason: LeftReason, note: str, field: str
) -> None:
    with db.uow() as uow:
        mandate_id = mandate_of(uow, "Мураталиев").id
    with pytest.raises(ValidationError) as caught:
        db.run(vacancies.record_departure, mandate_id, on, reason, note)
    assert field in caught.value.errors
    assert db.run(vacancies.open_vacancies).value == []


def test_a_member_leaves_once(db: Database) -> None:
    mandate_id = leave(db, "Мураталиев")
    with pytest.raises(ValidationError, match="already left the seat"):
        db.run(vacancies.record_departure, mandate_id, LATER, LeftReason.DIED, "")


def test_the_reserve_fills_the_seat_with_the_next_eligible_and_says_why_it_passed_over_the_others(
    db: Database,
) -> None:
    # 1. A man without an organisation leaves: the first of the reserve, Өмөрова (a woman), keeps 4 of 7 women
    first = leave(db, "Мураталиев")
    preview = db.run(vacancies.reserve_preview, first).value
    assert preview.chosen is not None and preview.chosen.name == "Өмөрова Нургүл Бакытбековна"
    assert preview.skipped == () and preview.ends_on == dt.date(2028, 11, 22)
    filled = db.run(vacancies.fill_from_reserve, db.document_store(), first, dt.date(2027, 2, 24)).value
    assert filled.number == "2026/04-R1" and filled.name == preview.chosen.name
    assert {d.lang for d in filled.documents} == {"ky", "ru"}
    with db.uow() as uow:
        new = uow.session.get(models.Mandate, filled.mandate_id)
        assert new is not None
        assert (new.came, new.replaces_id, new.starts_on, new.ends_on, new.seat) == (
            Came.RESERVE,
            first,
            dt.date(2027, 2, 24),
            dt.date(2028, 11, 22),
            SeatKind.COUNCIL,
        )
    assert db.run(vacancies.open_vacancies).value == []

    # 2. Another man leaves: four women sit now, and the reserve walks on
    second = leave(db, "Садыков", dt.date(2027, 2, 25))
    preview = db.run(vacancies.reserve_preview, second).value
    assert [(s.name, s.reason) for s in preview.skipped] == [
        ("Өмөрова Нургүл Бакытбековна", "in_composition"),  # seated by the first fill
        ("Кенжебаева Саякат Өмүрзаковна", "organization"),  # «Жаран»: Байтемиров sits
        ("Тайлакова Жазгүл Асылбековна", "sex_cap"),  # a fifth woman of 7 (the cap is 4)
    ]
    assert "«Жаран» коомдук бирикмеси" in preview.skipped[1].reason_text
    assert preview.chosen is not None and preview.chosen.name == "Үмөталиев Нурсултан Кайратович"
    filled = db.run(vacancies.fill_from_reserve, db.document_store(), second, LATER).value
    assert filled.number == "2026/04-R2"

    # the decision, in both languages, names who fills whose seat and who was passed over
    ky, ru = (pdf_text(db, d.file_sha256) for d in sorted(filled.documents, key=lambda d: d.lang))
    for text in (ky, ru):
        assert "2026/04-R2" in text
        assert "Үмөталиев Нурсултан Кайратович" in text and "Садыков Эрмек Дүйшөнбекович" in text
        assert "Кенжебаева Саякат Өмүрзаковна" in text and "Тайлакова Жазгүл Асылбековна" in text
        assert filled.documents[0].fingerprint[:4] in text.replace(" ", "")
    assert "бош орунду толтуруу" in ky.lower()
    assert "о замещении вакантного места" in ru.lower()
    assert "Министерстве образования" in ru
    with db.uow() as uow:
        rows = uow.session.scalars(
            select(models.Protocol).where(models.Protocol.kind == ProtocolKind.VACANCY_FILL)
        ).all()
        assert sorted((p.number, p.lang) for p in rows) == [
            ("2026/04-R1", "ky"),
            ("2026/04-R1", "ru"),
            ("2026/04-R2", "ky"),
            ("2026/04-R2", "ru"),
        ]
        fills = uow.session.scalars(select(models.VacancyFill).order_by(models.VacancyFill.id)).all()
        assert [f.vacated_id for f in fills] == [first, second]


def test_the_vacancy_cannot_be_filled_twice_nor_before_it_opened(db: Database) -> None:
    vacated = leave(db, "Мураталиев")
    with pytest.raises(ValidationError, match="cannot come before it"):
        db.run(vacancies.fill_from_reserve, db.document_store(), vacated, dt.date(2027, 2, 19))
    db.run(vacancies.fill_from_reserve, db.document_store(), vacated, LATER)
    with pytest.raises(KnownError, match="already filled"):
        db.run(vacancies.fill_from_reserve, db.document_store(), vacated, LATER)
    with db.uow() as uow:
        sitting = mandate_of(uow, "Садыков").id
    with pytest.raises(KnownError, match="not vacant"):
        db.run(vacancies.reserve_preview, sitting)


def seat_elsewhere(db: Database, tally_id: str) -> None:
    """The reserve candidate ``tally_id`` of 2026/04 sits on another body's council (an imported composition)."""
    with db.uow() as uow:
        competition = uow.session.scalars(
            select(models.Competition).where(models.Competition.number == "2026/04")
        ).one()
        application = next(
            a
            for a in uow.session.scalars(
                select(models.Application).where(models.Application.competition_id == competition.id)
            )
            if display_number(competition.number, a.number) == tally_id
        )
        other = uow.session.scalars(select(models.StateBody).where(models.StateBody.id != competition.body_id)).first()
        assert other is not None
        other.code = other.code or "OTH"
        composition = models.Composition(
            body_id=other.id, seats=9, term_start=dt.date(2026, 1, 10), term_end=dt.date(2028, 1, 9), note=""
        )
        uow.session.add(composition)
        uow.session.flush()
        uow.session.add(
            models.Mandate(
                composition_id=composition.id,
                person_id=application.person_id,
                seat=SeatKind.COUNCIL,
                organization="",
                starts_on=dt.date(2026, 1, 10),
                ends_on=dt.date(2028, 1, 9),
                came=Came.IMPORTED,
                left_note="",
            )
        )
        uow.commit()


def test_an_exhausted_reserve_says_so_and_points_to_a_replacement_competition(db: Database) -> None:
    first = leave(db, "Мураталиев")
    db.run(vacancies.fill_from_reserve, db.document_store(), first, LATER)
    seat_elsewhere(db, "2026/04-011")
    second = leave(db, "Садыков")
    preview = db.run(vacancies.reserve_preview, second).value
    assert preview.exhausted and "replacement competition" in preview.exhausted_text
    assert [(s.name, s.reason) for s in preview.skipped][-2:] == [
        ("Үмөталиев Нурсултан Кайратович", "other_council"),
        ("Чыйбылов Кубанычбек Алмаз уулу", "organization"),  # «Ачык маалымат»: Алиева sits
    ]
    assert "sits on another public council" in preview.skipped[-2].reason_text
    with pytest.raises(KnownError, match="exhausted"):
        db.run(vacancies.fill_from_reserve, db.document_store(), second, LATER)
    # nothing was saved: the vacancy is still open
    assert [v.mandate_id for v in db.run(vacancies.open_vacancies).value] == [second]


@pytest.fixture
def filled_export(db: Database) -> bytes:
    first = leave(db, "Мураталиев")
    db.run(vacancies.fill_from_reserve, db.document_store(), first, dt.date(2027, 2, 24))
    second = leave(db, "Садыков", dt.date(2027, 2, 25))
    db.run(vacancies.fill_from_reserve, db.document_store(), second, LATER)
    with db.uow() as uow:
        competition_id = uow.session.scalars(
            select(models.Competition.id).where(models.Competition.number == "2026/04")
        ).one()
        return export_record(uow, db.document_store(), competition_id)


def test_the_export_carries_the_fills_and_verifies(filled_export: bytes, election: tuple[Path, bytes]) -> None:
    report = verify_record(filled_export)
    assert report.ok, [str(f) for f in report.failures]
    record = json.loads(_record(filled_export))
    fills = record["vacancy_fills"]
    assert [f["number"] for f in fills] == ["2026/04-R1", "2026/04-R2"]
    assert fills[1]["vacated"]["name"] == "Садыков Эрмек Дүйшөнбекович"
    assert [s["reason"] for s in fills[1]["skipped"]] == ["in_composition", "organization", "sex_cap"]
    # what was frozen at the close is unchanged: the protocols of the vote keep their fingerprints
    before = json.loads(_record(election[1]))
    assert {k: v for k, v in record.items() if k not in ("vacancy_fills", "protocols", "audit")} == {
        k: v for k, v in before.items() if k not in ("vacancy_fills", "protocols", "audit")
    }


def _record(data: bytes) -> str:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("record.json").decode()


def test_verify_finds_a_fill_tampered_with(filled_export: bytes) -> None:
    def renamed(record: dict[str, object]) -> None:
        record["vacancy_fills"][1]["filled_by"]["name"] = "Someone Else"  # type: ignore[index]

    report = verify_record(edited(filled_export, renamed))
    assert not report.ok
    assert any("2026/04-R2" in str(f) for f in report.failures)

    def passed_over_lawfully(record: dict[str, object]) -> None:
        # claim Тайлакова was passed over for her organisation: she has none
        record["vacancy_fills"][1]["skipped"][2]["reason"] = "organization"  # type: ignore[index]

    report = verify_record(edited(filled_export, passed_over_lawfully))
    assert any(f.what == "vacancy" for f in report.failures), [str(f) for f in report.failures]


def test_the_command_line_records_the_departure_and_fills_the_seat(
    tmp_path: Path, election: tuple[Path, bytes]
) -> None:
    from osgo_desktop.storage.quick import sqlite_url
    from tests.conftest import copy_database
    from tests.integration.test_cli import osgo

    path = tmp_path / "cli.sqlite"
    copy_database(election[0], path)
    url = sqlite_url(path)
    clock = FixedClock.on(LATER)

    def run(*args: str) -> tuple[int, str, str]:
        code, out, err = osgo("--db", url, "--lang", "en", "compositions", *args, clock=clock)
        assert "Traceback" not in err
        return code, out, err

    db = Database.open(url, clock)
    try:
        with db.uow() as uow:
            mandate_id = str(mandate_of(uow, "Мураталиев").id)
    finally:
        db.close()
    # bad input: exit 2 with a message, nothing saved
    code, _out, err = run("leave", mandate_id, "--on", "2027-03-05", "--reason", "resigned")
    assert code == 2 and "still to come" in err
    code, _out, err = run("leave", mandate_id, "--on", "2027-02-20", "--reason", "term_ended")
    assert code == 2  # a term that runs out is no departure: not among the choices (argparse refuses it)
    code, _out, err = run("fill", mandate_id)
    assert code == 2 and "not vacant" in err
    code, _out, err = run("leave", "999", "--on", "2027-02-20", "--reason", "died")
    assert code == 2 and "no mandate 999" in err

    code, out, _err = run("leave", mandate_id, "--on", "2027-02-20", "--reason", "other", "--note", "moved abroad")
    assert code == 0 and "Мураталиев Бакыт Жапарович left on" in out
    code, out, _err = run("vacancies")
    assert code == 0 and f"mandate {mandate_id}" in out
    code, out, _err = run("fill", mandate_id, "--preview")
    assert code == 0 and "Next on the reserve list: Өмөрова Нургүл Бакытбековна" in out
    code, out, _err = run("fill", mandate_id, "--out-dir", str(tmp_path / "out"))
    assert code == 0 and "Decision No. 2026/04-R1: Өмөрова Нургүл Бакытбековна takes the seat" in out
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["2026-04-R1-ky.pdf", "2026-04-R1-ru.pdf"]
    code, out, _err = run("vacancies")
    assert "No open vacancies." in out


@pytest.mark.parametrize(("lang", "deadline"), [("ky", "2027-жылдын 11-марты"), ("ru", "11 марта 2027 г.")])
def test_a_replacement_competitions_announcement_prints_its_deadline(db: Database, lang: str, deadline: str) -> None:
    import dataclasses

    from osgo_desktop.domain.profile import Kind, Variant
    from osgo_desktop.reports.announcement import announcement_pdf
    from osgo_desktop.services import competitions

    with db.uow() as uow:
        competition_id = uow.session.scalars(
            select(models.Competition.id).where(models.Competition.number == "2026/04")
        ).one()
        detail = competitions.get_competition(uow, competition_id)
    replacement = dataclasses.replace(
        detail, kind=Kind.COMMISSION, body=None, variant=Variant.REPLACEMENT, vacancy_date=dt.date(2027, 3, 1)
    )
    reader = PdfReader(io.BytesIO(announcement_pdf(replacement, lang, LATER)))
    text = " ".join(" ".join(unhyphenate(page.extract_text()).split()) for page in reader.pages)
    assert deadline in text and "10" in text


def test_a_replacement_competition_is_for_the_rest_of_the_vacated_term(db: Database) -> None:
    """Its announcement gives the sitting composition's last day, not a term of its own (issue 13, a new user saw
    "2 years" on a replacement)."""
    from osgo_desktop.domain.competition import CompetitionDraft
    from osgo_desktop.domain.profile import Kind, Variant
    from osgo_desktop.i18n import Translator
    from osgo_desktop.services import competitions, compositions, papers

    with db.uow() as uow:
        body_id = uow.competitions.require(
            uow.session.scalars(select(models.Competition.id).where(models.Competition.number == "2026/04")).one()
        ).body_id
        leave(db, "Мураталиев")
        replacement = competitions.create_competition(
            uow,
            CompetitionDraft(
                kind=Kind.COUNCIL,
                variant=Variant.REPLACEMENT,
                body_id=body_id,
                seats=1,
                term_years=2,
                vacancy_date=dt.date(2027, 2, 20),
                intake_address="Бишкек",
            ),
        )
        ends = compositions.replacement_term_end(uow, replacement)
        assert ends is not None
        for lang in ("ky", "ru"):
            reader = PdfReader(io.BytesIO(papers.announcement(uow, replacement, lang)))
            text = " ".join(" ".join(unhyphenate(page.extract_text()).split()) for page in reader.pages)
            assert " ".join(Translator(lang).format_date(ends).split()) in text
            assert Translator(lang).ngettext("{count} year", "{count} years", 2).format(count=2) not in text
