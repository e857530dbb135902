"""A realistic demo: state bodies, a full Commission and counting commission, and competitions in several states.

Dates are placed relative to today, so the demo's calendar is always live: one council competition announced
three weeks ago, one in draft with its announcement due, and a Commission replacement whose deadline has passed.
The people are invented.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from osgo_desktop.domain.calendar import today_in_bishkek
from osgo_desktop.domain.competition import CompetitionDraft
from osgo_desktop.domain.profile import Kind, Variant
from osgo_desktop.domain.registry import (
    CommissionMemberDraft,
    CountingMemberDraft,
    Role,
    Seat,
    Sex,
    StateBodyDraft,
)
from osgo_desktop.errors import KnownError
from osgo_desktop.i18n import _
from osgo_desktop.services import competitions, registries
from osgo_desktop.storage import models
from osgo_desktop.storage.uow import UnitOfWork

BODIES = (
    (
        "Кыргыз Республикасынын Саламаттык сактоо министрлиги",
        "Министерство здравоохранения Кыргызской Республики",
        "Ministry of Health of the Kyrgyz Republic",
    ),
    (
        "Кыргыз Республикасынын Финансы министрлиги",
        "Министерство финансов Кыргызской Республики",
        "Ministry of Finance of the Kyrgyz Republic",
    ),
    (
        "Кыргыз Республикасынын Билим берүү жана илим министрлиги",
        "Министерство образования и науки Кыргызской Республики",
        "Ministry of Education and Science of the Kyrgyz Republic",
    ),
    (
        "Кыргыз Республикасынын Айыл чарба министрлиги",
        "Министерство сельского хозяйства Кыргызской Республики",
        "Ministry of Agriculture of the Kyrgyz Republic",
    ),
    (
        "Кыргыз Республикасынын Эмгек, социалдык камсыздоо жана миграция министрлиги",
        "Министерство труда, социального обеспечения и миграции Кыргызской Республики",
        "Ministry of Labour, Social Security and Migration of the Kyrgyz Republic",
    ),
    (
        "Кыргыз Республикасынын Транспорт жана коммуникациялар министрлиги",
        "Министерство транспорта и коммуникаций Кыргызской Республики",
        "Ministry of Transport and Communications of the Kyrgyz Republic",
    ),
)

# surname, name, patronymic, sex, seat, role, permanent body index or civil organisation
COMMISSION = (
    ("Асанова", "Гүлнара", "Токтогуловна", Sex.FEMALE, Seat.PERMANENT, Role.MEMBER, 0),
    ("Бакиров", "Нурлан", "Маратович", Sex.MALE, Seat.PERMANENT, Role.DEPUTY, 1),
    ("Жумабаев", "Эрлан", "Асанович", Sex.MALE, Seat.PERMANENT, Role.MEMBER, 2),
    ("Осмонова", "Айгүл", "Бекболотовна", Sex.FEMALE, Seat.PERMANENT, Role.MEMBER, 3),
    ("Сыдыков", "Темир", "Алмазбекович", Sex.MALE, Seat.PERMANENT, Role.MEMBER, 4),
    ("Токтосунова", "Динара", "Уланбековна", Sex.FEMALE, Seat.CIVIL, Role.CHAIR, "«Ачык маалымат» КФ"),
    ("Абдыкадыров", "Бекзат", "Нурланович", Sex.MALE, Seat.CIVIL, Role.DEPUTY, "«Жаран» КБ"),
    ("Кадырова", "Мээрим", "Аскаровна", Sex.FEMALE, Seat.CIVIL, Role.SECRETARY, "«Мекеним» КФ"),
    ("Эсенов", "Азамат", "Кубанычбек уулу", Sex.MALE, Seat.CIVIL, Role.MEMBER, "«Укук жана адилет» КБ"),
    ("Мамытова", "Жылдыз", "Тилековна", Sex.FEMALE, Seat.CIVIL, Role.MEMBER, "«Аялдар демилгеси» КФ"),
    ("Рысбеков", "Улан", "Сагынбекович", Sex.MALE, Seat.CIVIL, Role.MEMBER, "«Айыл өнүгүү» мекемеси"),
    ("Шарипова", "Нургүл", "Эркиновна", Sex.FEMALE, Seat.CIVIL, Role.MEMBER, "«Саламаттык үчүн» КБ"),
    ("Үсөнов", "Канат", "Бактыбекович", Sex.MALE, Seat.CIVIL, Role.MEMBER, "«Жаштар үнү» КБ"),
    ("Өмүрбекова", "Асел", "Жоомарт кызы", Sex.FEMALE, Seat.CIVIL, Role.MEMBER, "«Билим көпүрөсү» КФ"),
    ("Нуралиев", "Марат", "Бакытович", Sex.MALE, Seat.CIVIL, Role.MEMBER, "«Таза шайлоо» КБ"),
)

COUNTING = (
    ("Иманалиева", "Чолпон", "Дүйшөновна", 0, "башкы адис / главный специалист"),
    ("Кулматов", "Эмил", "Сейтбекович", 1, "сектор башчысы / заведующий сектором"),
    ("Абдрахманова", "Саадат", "Орозбековна", 2, "бөлүм башчысы / заведующая отделом"),
    ("Бейшеналиев", "Тилек", "Жолдошбекович", 3, "БШКнын мүчөсү / член ЦИК"),
)

INTAKE_ADDRESS = "Бишкек ш., Чүй пр., 205, 3-кабат, 312-бөлмө (иш күндөрү 9:00–18:00)"
CONTACT = "+996 312 62-00-00, konkurs@example.kg"


def is_empty(uow: UnitOfWork) -> bool:
    tables = (models.StateBody, models.CommissionMember, models.CountingMember, models.Competition)
    return all(not uow.session.scalar(select(func.count()).select_from(t)) for t in tables)


def load_demo(uow: UnitOfWork, today: dt.date | None = None) -> None:
    """Fill an empty database with the demo; refuses a database that already holds data."""
    today = today or today_in_bishkek()
    if not is_empty(uow):
        raise KnownError(_("The database already holds data: the demo is loaded only into an empty one."))
    body_ids = [registries.save_body(uow, StateBodyDraft(ky, ru, en)) for ky, ru, en in BODIES]
    civil_term_start = dt.date(today.year - 1, 6, 1)
    for surname, name, patronymic, sex, seat, role, where in COMMISSION:
        permanent = seat is Seat.PERMANENT
        registries.save_member(
            uow,
            CommissionMemberDraft(
                surname=surname,
                name=name,
                patronymic=patronymic,
                sex=sex,
                seat=seat,
                role=role,
                body_index=where if isinstance(where, int) else None,
                organization="" if permanent else str(where),
                term_start=None if permanent else civil_term_start,
                term_end=None if permanent else civil_term_start.replace(year=civil_term_start.year + 5),
            ),
        )
    for surname, name, patronymic, body_index, position in COUNTING:
        registries.save_counting_member(uow, CountingMemberDraft(surname, name, patronymic, body_index, position))

    health_published = today - dt.timedelta(days=20)
    health = competitions.create_competition(
        uow,
        CompetitionDraft(
            kind=Kind.COUNCIL,
            variant=Variant.REGULAR,
            body_id=body_ids[0],
            seats=9,
            term_years=2,
            expiry_date=health_published + dt.timedelta(days=75),
            intake_address=INTAKE_ADDRESS,
            contact=CONTACT,
        ),
        today=today,
    )
    competitions.announce(uow, health, health_published, "«Кабар» КМА, «Эркин-Тоо» гезити", today=today)
    competitions.create_competition(
        uow,
        CompetitionDraft(
            kind=Kind.COUNCIL,
            variant=Variant.REGULAR,
            body_id=body_ids[1],
            seats=11,
            term_years=2,
            expiry_date=today + dt.timedelta(days=70),
            intake_address=INTAKE_ADDRESS,
            contact=CONTACT,
        ),
        today=today,
    )
    competitions.create_competition(
        uow,
        CompetitionDraft(
            kind=Kind.COMMISSION,
            variant=Variant.REPLACEMENT,
            body_id=None,
            seats=1,
            term_years=5,
            vacancy_date=today - dt.timedelta(days=12),
            intake_address=INTAKE_ADDRESS,
            contact=CONTACT,
            notes="Комиссиянын мүчөсү Т. К. Алымкуловдун ордуна (өз каалоосу менен кеткен).",
        ),
        today=today,
    )
