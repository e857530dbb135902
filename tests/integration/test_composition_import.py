"""Body codes, Commission members' PINs, and sitting compositions imported from a spreadsheet (service and CLI)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from osgo_desktop.clock import FixedClock
from osgo_desktop.domain.composition import Came, SeatKind
from osgo_desktop.domain.person import encode_pin
from osgo_desktop.domain.registry import CommissionMemberDraft, Role, Seat, Sex, StateBodyDraft
from osgo_desktop.errors import KnownError, ValidationError
from osgo_desktop.formats.tabular import write_xlsx
from osgo_desktop.services import applications, competitions, composition_import, registries
from osgo_desktop.storage import models
from osgo_desktop.storage.quick import sqlite_url
from osgo_desktop.storage.uow import Database, UnitOfWork
from tests.conftest import TODAY, pinned_clock
from tests.integration.test_applications import council, person, received, register  # noqa: F401  (a fixture)
from tests.integration.test_cli import osgo

HEADER = ("Орган", "Фамилия", "Имя", "Отчество", "ПИН", "Пол", "Организация", "Место", "Начало срока", "Конец срока")
TERM = ("01.02.2025", "31.01.2027")
ASANOVA = encode_pin(Sex.FEMALE, dt.date(1980, 1, 2), "00001")
BAKIROV = encode_pin(Sex.MALE, dt.date(1975, 3, 4), "00002")
CHYNGYZ = encode_pin(Sex.MALE, dt.date(1990, 5, 6), "00003")


def row(body: str, surname: str, pin: str, sex: str, term: tuple[str, str] = TERM, seat: str = "") -> tuple[str, ...]:
    return (body, surname, "Айгүл", "", pin, sex, "ОО «Ден-соолук»", seat, *term)


def csv(*rows: tuple[str, ...], header: tuple[str, ...] = HEADER) -> bytes:
    return "\n".join(";".join(r) for r in (header, *rows)).encode("utf-8")


THREE = (row("MOH", "Асанова", ASANOVA, "Ж"), row("MOH", "Бакиров", BAKIROV, "М"), row("", "Чыңгыз", CHYNGYZ, "М"))


@pytest.fixture
def bodies(db: Database) -> dict[str, int]:
    with db.uow() as uow:
        return {
            code: registries.save_body(uow, StateBodyDraft(f"{code} министрлиги", f"Министерство {code}", code=code))
            for code in ("MOH", "MOJ")
        }


def counts(db: Database) -> tuple[int, int, int, int]:
    """Compositions, mandates, persons and roster lines on record."""
    with db.uow() as uow:
        return tuple(  # type: ignore[return-value]
            uow.session.scalar(select(func.count()).select_from(table)) or 0
            for table in (models.Composition, models.Mandate, models.Person, models.CommissionMember)
        )


def run_import(
    db: Database, body: str | None, data: bytes, name: str = "members.csv"
) -> composition_import.CompositionImport:
    with db.uow() as uow:
        return composition_import.import_data(uow, body, data, name)


def preview(
    db: Database, body: str | None, data: bytes, name: str = "members.csv"
) -> composition_import.CompositionPreview:
    with db.uow() as uow:
        return composition_import.preview(uow, body, data, name)


# --- body codes and members' PINs ---------------------------------------------------------------------------------


def test_body_codes_are_unique_and_name_a_body_in_any_case(db: Database, bodies: dict[str, int]) -> None:
    with db.uow() as uow, pytest.raises(ValidationError) as error:
        registries.save_body(uow, StateBodyDraft("Башка", "Другой", code="moh"))
    assert error.value.errors == {"code": "Another state body has the code MOH."}
    with db.uow() as uow:  # a body keeps its own code when edited; a body may have none (NULL, so several may)
        registries.save_body(uow, StateBodyDraft("MOH министрлиги", "Министерство MOH", code="MOH"), bodies["MOH"])
        registries.save_body(uow, StateBodyDraft("Биринчи", "Первый"))
        registries.save_body(uow, StateBodyDraft("Экинчи", "Второй"))
        assert {r.code for r in registries.list_bodies(uow)} == {"MOH", "MOJ", ""}
        assert registries.body_by_code(uow, "moh").body_id == bodies["MOH"]
        assert registries.body_by_code(uow, "Commission").body_id is None
        with pytest.raises(KnownError, match=r"No state body has the code XYZ\. Valid codes: MOH, MOJ, and"):
            registries.body_by_code(uow, "XYZ")


def member_draft(pin: str, surname: str = "Токтосунова") -> CommissionMemberDraft:
    return CommissionMemberDraft(surname, "Айгүл", "Маратовна", Sex.FEMALE, Seat.CIVIL, Role.MEMBER, pin=pin)


def test_a_members_pin_links_them_to_the_person_of_that_pin(db: Database) -> None:
    with db.uow() as uow:
        member_id = registries.save_member(uow, member_draft(ASANOVA[:4] + " " + ASANOVA[4:]))
    with db.uow() as uow:
        row = next(r for r in registries.list_commission(uow) if r.id == member_id)
        assert row.pin == ASANOVA and row.person_id is not None
        person = uow.session.get(models.Person, row.person_id)
        assert person is not None and (person.surname, person.birth_date) == ("Токтосунова", dt.date(1980, 1, 2))
        # Another active member with the same PIN is refused; one without a PIN has no person.
        with pytest.raises(ValidationError) as error:
            registries.save_member(uow, member_draft(ASANOVA, "Башка"))
        assert error.value.errors == {"pin": "Another active member of the Commission has this PIN."}
        other = registries.save_member(uow, member_draft("", "Бакирова"))
        assert next(r for r in registries.list_commission(uow) if r.id == other).person_id is None
        # Clearing the PIN drops the link.
        registries.save_member(uow, member_draft(""), member_id)
        assert next(r for r in registries.list_commission(uow) if r.id == member_id).person_id is None


def test_a_commission_member_with_a_pin_fails_council_screening(
    db: Database,
    council: int,  # noqa: F811
    clock: FixedClock,
) -> None:
    draft = person("Токтосунова", serial="00009")
    with db.uow() as uow:
        roster = next(r for r in registries.list_commission(uow) if r.surname == "Токтосунова")
        registries.save_member(
            uow,
            CommissionMemberDraft(
                roster.surname,
                roster.name,
                roster.patronymic,
                roster.sex,
                roster.seat,
                roster.role,
                roster.body_index,
                roster.organization,
                roster.term_start,
                roster.term_end,
                roster.contact,
                roster.active,
                pin=draft.pin,
            ),
            roster.id,
        )
    # The applicant is entered with her PIN only: her name typed differently, the person found by PIN.
    applied = register(db, council, dataclasses.replace(draft, name="Гулнара"), received(TODAY))
    with db.uow() as uow:
        last_day = competitions.get_competition(uow, council).intake_deadline
        assert last_day is not None
    with db.uow() as uow:
        clock.set_day(last_day + dt.timedelta(days=1))
        competitions.close_intake(uow, council)
        applications.start_screening(uow, council)
        grid = applications.screening_grid(uow, council)
    row = next(r for r in grid.rows if r.application.id == applied.application_id)
    assert "not_on_commission" in row.decision.failed
    assert row.checks["not_on_commission"].reason.startswith("A member of the Commission")


# --- the import: the happy paths ----------------------------------------------------------------------------------


def test_a_csv_list_makes_one_composition_of_persons_matched_by_pin(db: Database, bodies: dict[str, int]) -> None:
    with db.uow() as uow:  # Бакиров is on record already (an applicant, a member): he stays one person
        registries.person_for_pin(uow, BAKIROV, "Бакиров", "Нурлан", "", Sex.MALE)
        uow.commit()
    assert preview(db, "MOH", csv(*THREE)).rows[1].warnings == (
        "Line 3: the PIN 20403197500002 is on record for Бакиров Нурлан, whose record is kept.",
    )
    done = run_import(db, "moh", csv(*THREE))
    assert (len(done.compositions), done.members, done.persons_created, done.persons_matched) == (1, 3, 2, 1)
    with db.uow() as uow:
        composition = uow.session.scalars(select(models.Composition)).one()
        assert (composition.body_id, composition.seats, composition.competition_id) == (bodies["MOH"], 3, None)
        assert (composition.term_start, composition.term_end) == (dt.date(2025, 2, 1), dt.date(2027, 1, 31))
        mandates = composition.mandates
        assert [(m.person.surname, m.seat, m.came, m.starts_on, m.ends_on) for m in mandates] == [
            (name, SeatKind.COUNCIL, Came.IMPORTED, dt.date(2025, 2, 1), dt.date(2027, 1, 31))
            for name in ("Асанова", "Бакиров", "Чыңгыз")
        ]
        assert mandates[1].person.name == "Нурлан"  # the person on record keeps their data
        assert uow.session.scalar(select(func.count()).select_from(models.Person)) == 3


def test_an_xlsx_list_for_the_commission_and_the_seats_given(db: Database, bodies: dict[str, int]) -> None:
    header = (*HEADER, "Количество мест")
    permanent = ("", "Бакиров", "Нурлан", "", BAKIROV, "М", "Аппарат Президента Кыргызской Республики", "постоянный")
    data = write_xlsx(
        header,
        [
            (*row("", "Асанова", ASANOVA, "Ж", seat="гражданское общество"), 10),
            (*permanent, *TERM, 10),
        ],
        "Комиссия",
    )
    with db.uow() as uow:  # Асанова is on the roster already, typed by name without a PIN
        registries.save_member(uow, member_draft("", "Асанова"))
    done = run_import(db, "commission", data, "commission.xlsx")
    assert [(c.body_code, c.seats, c.members) for c in done.compositions] == [("commission", 10, 2)]
    with db.uow() as uow:
        composition = uow.session.scalars(select(models.Composition)).one()
        assert composition.body_id is None
        roster = {m.surname: m for m in uow.session.scalars(select(models.CommissionMember))}
        assert set(roster) == {"Асанова", "Бакиров"}  # her line is linked and given her PIN, his is new
        assert roster["Асанова"].pin == ASANOVA and roster["Асанова"].person_id is not None
        assert (roster["Бакиров"].seat, roster["Бакиров"].body_index, roster["Бакиров"].active) == (
            Seat.PERMANENT,
            1,
            True,
        )
        assert {m.commission_member_id for m in composition.mandates} == {m.id for m in roster.values()}
        assert [m.seat for m in composition.mandates] == [SeatKind.CIVIL, SeatKind.PERMANENT]


def test_a_file_of_every_body_names_them_per_row(db: Database, bodies: dict[str, int]) -> None:
    earlier = ("01.02.2023", "31.01.2025")
    rows = (
        row("MOH", "Асанова", ASANOVA, "Ж"),
        row("moj", "Бакиров", BAKIROV, "М"),
        row("MOH", "Бакиров", BAKIROV, "М", earlier),
    )
    done = run_import(db, None, csv(*rows))
    # Бакиров sat on MOH's council before he sat on MOJ's: history, not two seats at once.
    assert [(c.body_code, c.term_start.year, c.members) for c in done.compositions] == [
        ("MOH", 2025, 1),
        ("MOJ", 2025, 1),
        ("MOH", 2023, 1),
    ]


def test_a_pin_that_contradicts_the_sex_or_birth_date_is_a_warning(db: Database, bodies: dict[str, int]) -> None:
    header = (*HEADER, "Дата рождения")
    data = csv((*row("MOH", "Асанова", ASANOVA, "М"), "03.01.1980"), header=header)
    found = preview(db, "MOH", data)
    assert not found.invalid
    assert found.rows[0].warnings == (
        "Line 2: The PIN's first digit says female, but the sex is given as male.",
        "Line 2: The PIN gives the date of birth 1980-01-02, but the date of birth is given as 1980-01-03.",
    )
    no_pin = preview(db, "MOH", csv(row("MOH", "Асанова", "", "Ж")))
    assert "no PIN" in no_pin.rows[0].warnings[0] and not no_pin.invalid


# --- the import: what is refused, with nothing saved --------------------------------------------------------------


def refused(db: Database, body: str | None, data: bytes, message: str, name: str = "members.csv") -> None:
    before = counts(db)
    with pytest.raises(KnownError, match=re.escape(message)):
        run_import(db, body, data, name)
    assert counts(db) == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (csv(*THREE, header=HEADER[:8]), "The file has no column for: Term start, Term end."),
        (b"\x00\x01\x02PK binary\xff" * 50, "is neither an Excel workbook (.xlsx) nor a CSV text table"),
        (b"x" * (20 * 1024 * 1024 + 1), "a list of members may be at most 20 MB"),
        (csv(row("MOH", "Асанова", "2101", "Ж")), "Line 2, PIN: The PIN has 4 digits; it must have 14."),
        (
            csv(row("MOH", "Асанова", ASANOVA, "Ж", ("01.02.2025", "01.02.2024"))),
            "Line 2: the term ends on 2024-02-01, before it starts on 2025-02-01.",
        ),
        (csv(row("MOH", "Асанова", ASANOVA, "Ж", ("", "01.02.2024"))), "Line 2: give the term start (DD.MM.YYYY)."),
        (csv(THREE[0], THREE[0]), "Line 3: the same person (PIN 10201198000001) as line 2, in the same composition."),
        (csv(row("MOJ", "Асанова", ASANOVA, "Ж")), "Line 2: the row is for “MOJ”, but the import is for MOH."),
        (csv(row("MOH", "Асанова", ASANOVA, "Ж", seat="постоянный")), "Line 2: a public council has council seats"),
        (
            csv(THREE[0], row("MOH", "Бакиров", BAKIROV, "М", ("01.02.2026", "31.01.2028"))),
            "Line 3: the term 2026-02-01–2028-01-31 of MOH overlaps the term 2025-02-01–2027-01-31 of line 2.",
        ),
    ],
    ids=[
        "columns",
        "binary",
        "oversize",
        "bad-pin",
        "term-end-before-start",
        "no-term-start",
        "person-twice",
        "another-body",
        "seat",
        "overlapping-terms",
    ],
)
def test_bad_input_is_refused_with_its_message(db: Database, bodies: dict[str, int], data: bytes, message: str) -> None:
    refused(db, "MOH", data, message)


def test_two_councils_at_once_are_refused_with_the_row_named(db: Database, bodies: dict[str, int]) -> None:
    rows = (row("MOH", "Асанова", ASANOVA, "Ж"), row("MOJ", "Асанова", ASANOVA, "Ж", ("01.01.2026", "31.12.2027")))
    refused(
        db,
        None,
        csv(*rows),
        "Line 3: Асанова Айгүл (PIN 10201198000001) would sit on two public councils at once: MOJ and MOH (line 2).",
    )
    # The same against the compositions on record, and against the Commission's roster.
    run_import(db, "MOH", csv(rows[0]))
    refused(
        db,
        "MOJ",
        csv(rows[1]),
        "would sit on two public councils at once: MOJ and MOH (on record, 2025-02-01–2027-01-31).",
    )
    with db.uow() as uow:
        registries.save_member(uow, member_draft(BAKIROV, "Бакиров"))
    refused(db, "MOJ", csv(row("MOJ", "Бакиров", BAKIROV, "М")), "would sit on a public council while a member of")


def test_a_term_overlapping_one_on_record_is_refused(db: Database, bodies: dict[str, int]) -> None:
    run_import(db, "MOH", csv(THREE[0]))
    refused(
        db,
        "MOH",
        csv(row("MOH", "Бакиров", BAKIROV, "М", ("01.01.2027", "31.12.2028"))),
        "Line 2: the term 2027-01-01–2028-12-31 of MOH overlaps the composition on record for 2025-02-01–2027-01-31.",
    )


def test_seats_fewer_than_the_members_are_refused(db: Database, bodies: dict[str, int]) -> None:
    header = (*HEADER, "Seats")
    data = csv((*THREE[0], "1"), (*THREE[1], ""), header=header)
    refused(db, "MOH", data, "Line 2: 1 seats, but the composition of MOH for 2025-02-01–2027-01-31 has 2 members.")


def test_an_unknown_body_lists_the_valid_codes(db: Database, bodies: dict[str, int]) -> None:
    refused(db, "MOX", csv(THREE[0]), "No state body has the code MOX. Valid codes: MOH, MOJ")


# --- the command --------------------------------------------------------------------------------------------------


def test_the_command_imports_checks_and_exits_2_on_bad_input(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "cli.sqlite")
    assert osgo("--db", url, "--lang", "en", "demo")[0] == 0
    database = Database.open(url, pinned_clock())
    try:
        with database.uow() as uow:
            code = _first_body_with_a_code(uow)
    finally:
        database.close()
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_bytes(csv(row(code, "Асанова", ASANOVA, "Ж", ("01.02.2019", "31.01.2021"))))
    bad.write_bytes(csv(row(code, "Асанова", "2101", "Ж")))

    status, out, err = osgo("--db", url, "--lang", "en", "compositions", "import", code, str(good), "--dry-run")
    assert status == 0, err
    assert f"{code}: 2019-02-01–2021-01-31, 1 seats, 1 members" in out and "nothing was saved" in out

    status, out, err = osgo("--db", url, "--lang", "en", "compositions", "import", code, str(bad))
    assert status == 2
    assert "Line 2, PIN: The PIN has 4 digits" in err and "1 row has errors; nothing was saved." in err

    status, out, err = osgo("--db", url, "--lang", "en", "compositions", "import", "NOPE", str(good))
    assert status == 2 and "No state body has the code NOPE. Valid codes:" in err

    status, out, err = osgo("--db", url, "--lang", "en", "compositions", "import", code, str(tmp_path / "none.csv"))
    assert status == 2 and "cannot be found" in err

    status, out, err = osgo("--db", url, "--lang", "en", "compositions", "import", code.lower(), str(good))
    assert status == 0, err
    assert "1 composition imported, 1 members (1 new persons)." in out


def _first_body_with_a_code(uow: UnitOfWork) -> str:
    """A code the demo gives a body; one is given here when the demo gives none."""
    rows = registries.list_bodies(uow)
    coded = [r.code for r in rows if r.code]
    if coded:
        return coded[0]
    first = rows[0]
    registries.save_body(uow, StateBodyDraft(first.name.ky, first.name.ru, first.name.en, code="TEST"), first.id)
    return "TEST"
