"""A realistic demo: state bodies, a full Commission and counting commission, and competitions in several states.

Dates are placed relative to the clock it is given, so the demo's calendar is always live: one council competition
announced three weeks ago, one in draft with its announcement due, and a Commission replacement whose deadline has
passed.
The people are invented.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from sqlalchemy import func, select

from osgo_desktop.clock import BISHKEK
from osgo_desktop.domain import composition as composition_rules
from osgo_desktop.domain import roles as account_roles
from osgo_desktop.domain.calendar import add_months
from osgo_desktop.domain.competition import CompetitionDraft
from osgo_desktop.domain.composition import LeftReason
from osgo_desktop.domain.eligibility import Verdict
from osgo_desktop.domain.intake import IntakeDraft
from osgo_desktop.domain.lifecycle import State
from osgo_desktop.domain.person import (
    Channel,
    Education,
    Nomination,
    OrganizationDraft,
    OrgKind,
    PersonDraft,
    PublicService,
    encode_pin,
)
from osgo_desktop.domain.profile import Kind, Variant
from osgo_desktop.domain.protocol_facts import ProtocolFactsDraft
from osgo_desktop.domain.record import ProtocolKind
from osgo_desktop.domain.registry import (
    CommissionMemberDraft,
    CountingMemberDraft,
    Role,
    Seat,
    Sex,
    StateBodyDraft,
)
from osgo_desktop.domain.roles import Principal
from osgo_desktop.domain.roles import Role as AccountRole
from osgo_desktop.domain.voting import Side
from osgo_desktop.errors import KnownError
from osgo_desktop.i18n import _
from osgo_desktop.services import (
    accounts,
    applications,
    campaigns,
    competitions,
    composition_import,
    protocol_facts,
    protocols,
    registries,
    screening,
    vacancies,
    voting,
)
from osgo_desktop.services import documents as filed_documents
from osgo_desktop.storage import models
from osgo_desktop.storage.documents import DocumentStore
from osgo_desktop.storage.uow import UnitOfWork

BODIES = (
    (
        "Кыргыз Республикасынын Саламаттык сактоо министрлиги",
        "Министерство здравоохранения Кыргызской Республики",
        "Ministry of Health of the Kyrgyz Republic",
        "MOH",
    ),
    (
        "Кыргыз Республикасынын Финансы министрлиги",
        "Министерство финансов Кыргызской Республики",
        "Ministry of Finance of the Kyrgyz Republic",
        "MOF",
    ),
    (
        "Кыргыз Республикасынын Билим берүү жана илим министрлиги",
        "Министерство образования и науки Кыргызской Республики",
        "Ministry of Education and Science of the Kyrgyz Republic",
        "MES",
    ),
    (
        "Кыргыз Республикасынын Айыл чарба министрлиги",
        "Министерство сельского хозяйства Кыргызской Республики",
        "Ministry of Agriculture of the Kyrgyz Republic",
        "MOA",
    ),
    (
        "Кыргыз Республикасынын Эмгек, социалдык камсыздоо жана миграция министрлиги",
        "Министерство труда, социального обеспечения и миграции Кыргызской Республики",
        "Ministry of Labour, Social Security and Migration of the Kyrgyz Republic",
        "MLSM",
    ),
    (
        "Кыргыз Республикасынын Транспорт жана коммуникациялар министрлиги",
        "Министерство транспорта и коммуникаций Кыргызской Республики",
        "Ministry of Transport and Communications of the Kyrgyz Republic",
        "MOTC",
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

INTAKE_ADDRESS = "Бишкек шаары, Чүй проспекти, 205, 3-кабат, 312-бөлмө (иш күндөрү 9:00–18:00)"
INTAKE_ADDRESS_RU = "город Бишкек, проспект Чуй, 205, 3-й этаж, кабинет 312 (по рабочим дням 9:00–18:00)"
#: where the demo's announcements were published: (Kyrgyz, Russian) — the 2026/01 call, then the 2026/04 one
MEDIA_OUTLETS = (
    "«Кабар» Кыргыз улуттук маалымат агенттиги, «Эркин-Тоо» гезити",
    "Кыргызское национальное информационное агентство «Кабар», газета «Эркин-Тоо»",
)
MEDIA_OUTLET = ("«Кабар» Кыргыз улуттук маалымат агенттиги", "Кыргызское национальное информационное агентство «Кабар»")
#: where the demo's vote session is held (Kyrgyz, Russian)
SESSION_PLACE = ("Бишкек шаары, Чүй проспекти, 205, чоң зал", "город Бишкек, проспект Чуй, 205, большой зал")
CONTACT = "+996 312 62-00-00, konkurs@example.kg"


#: who makes the demo: the app itself (``osgo demo``, ``osgo-desktop --demo``), into an empty database, before anyone
#: can sign in to it; the audit log names it, and every use case the demo calls checks its role as for anyone
DEMO_MAKER = account_roles.Principal(
    account_id=None, login="demo", name="OSGO demo", roles=frozenset(account_roles.Role)
)


# --- the demo's accounts (README lists them; the entry stations' entrants sign in with them) -----------------------


def _full_name(person: tuple[object, ...]) -> str:
    return " ".join(str(part) for part in person[:3])


#: the people who sign in to the demo: login, password, name, roles, station PIN (None: none). The secretary is
#: the Commission's secretary, the counters the counting commission's first two members, the observer someone from
#: outside (a journalist, say).
DEMO_ACCOUNTS: tuple[tuple[str, str, str, frozenset[AccountRole], str | None], ...] = (
    ("admin", "osgo-admin-2026", "Администратор", frozenset({AccountRole.ADMINISTRATOR}), None),
    (
        "secretary",
        "osgo-secretary",
        _full_name(next(m for m in COMMISSION if m[5] is Role.SECRETARY)),
        frozenset({AccountRole.SECRETARIAT}),
        "482915",
    ),
    ("counter", "osgo-counting", _full_name(COUNTING[0]), frozenset({AccountRole.COUNTING}), "739164"),
    ("counter2", "osgo-counting-2", _full_name(COUNTING[1]), frozenset({AccountRole.COUNTING}), "615283"),
    ("observer", "osgo-observer", "Сейдакматов Нурбек Асанович", frozenset({AccountRole.OBSERVER}), None),
)


def make_demo_accounts(uow: UnitOfWork) -> dict[str, Principal]:
    """The demo's accounts (:data:`DEMO_ACCOUNTS`), by login; a login the database already has is left as it is."""
    made: dict[str, Principal] = {}
    for login, password, name, roles, pin in DEMO_ACCOUNTS:
        existing = uow.session.scalar(select(models.Account).where(models.Account.login == login))
        if existing is not None:
            made[login] = accounts.principal_of(existing)
        else:
            made[login] = accounts.seed_account(uow, accounts.AccountDraft(login, name, password, roles), pin)
    return made


def add_demo_accounts(uow: UnitOfWork) -> bool:
    """Give a demo database made before accounts existed the demo's accounts (README's), when it has none at all;
    whether it did."""
    if accounts.has_accounts(uow):
        return False
    make_demo_accounts(uow)
    uow.commit()
    return True


def is_empty(uow: UnitOfWork) -> bool:
    """Whether the demo may fill the database: no registry, no competition — and no account, whose holders would
    find the demo's accounts, with the passwords the README prints, beside their own."""
    tables = (models.StateBody, models.CommissionMember, models.CountingMember, models.Competition, models.Account)
    return all(not uow.session.scalar(select(func.count()).select_from(t)) for t in tables)


def load_demo(uow: UnitOfWork, store: DocumentStore | None = None, full: bool = False, close: bool = True) -> None:
    """Fill an empty database with the demo, dated relative to the unit of work's clock; refuses a database that
    already holds data. With a document store, the announced competition gets applicants with their documents too,
    and 2026/04 is screened and ready to vote; ``full`` holds its vote as well (a discrepancy settled, a tie, a
    runoff) and closes it — every protocol issued, a demo scan of the signed decision attached — unless ``close`` is
    false (then it stays tallied, its protocols to issue). It is all recorded now; what it tells of earlier days
    (publications, applications received) is data."""
    if not is_empty(uow):
        raise KnownError(_("The database already holds data: the demo is loaded only into an empty one."))
    people, before = make_demo_accounts(uow), (uow.principal, uow.actor)
    uow.act_for(people["admin"])  # the registries and the sitting compositions are the administrator's
    today = uow.clock.today()
    body_ids = [registries.save_body(uow, StateBodyDraft(ky, ru, en, code=code)) for ky, ru, en, code in BODIES]
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
                term_end=None if permanent else composition_rules.term_end(civil_term_start, 5),
            ),
        )
    for surname, name, patronymic, body_index, position in COUNTING:
        registries.save_counting_member(uow, CountingMemberDraft(surname, name, patronymic, body_index, position))
    import_demo_compositions(uow, civil_term_start)
    uow.act_for(people["secretary"])  # competitions, applicants, documents, screening: the secretariat's

    health_published = today - dt.timedelta(days=HEALTH_PUBLISHED_DAYS_AGO)
    health = competitions.create_competition(
        uow,
        CompetitionDraft(
            kind=Kind.COUNCIL,
            variant=Variant.REGULAR,
            body_id=body_ids[0],
            seats=9,
            term_years=2,
            expiry_date=health_published + dt.timedelta(days=HEALTH_EXPIRY_AFTER),
            intake_address=INTAKE_ADDRESS,
            intake_address_ru=INTAKE_ADDRESS_RU,
            contact=CONTACT,
        ),
    )
    competitions.announce(uow, health, health_published, *MEDIA_OUTLETS)
    if store is not None:
        load_intake_demo(uow, store, health, health_published, put_right=full)
    competitions.create_competition(
        uow,
        CompetitionDraft(
            kind=Kind.COUNCIL,
            variant=Variant.REGULAR,
            body_id=body_ids[1],
            seats=11,
            term_years=2,
            expiry_date=today + dt.timedelta(days=FINANCE_EXPIRY_IN),
            intake_address=INTAKE_ADDRESS,
            intake_address_ru=INTAKE_ADDRESS_RU,
            contact=CONTACT,
        ),
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
            intake_address_ru=INTAKE_ADDRESS_RU,
            contact=CONTACT,
            notes="Комиссиянын мүчөсү Т. К. Алымкуловдун ордуна (өз каалоосу менен кеткен).",
        ),
    )
    if store is not None:
        screened = load_screened_demo(uow, store, body_ids[2])
        if full:
            if close:
                # The vote is held some days back so that the composition it forms has sat long enough for a
                # member to have left it: a departure is recorded once it has happened (never for a day to come).
                held_on = today - dt.timedelta(days=FULL_VOTE_DAYS_AGO)
                hold_demo_vote(uow, screened, held_on=held_on, formation=held_on + dt.timedelta(days=1))
                close_demo_competition(uow, store, screened)
                demo_departures(uow, store, screened)
                demo_campaign(uow, body_ids[3], body_ids[5])
            else:
                hold_demo_vote(uow, screened)
    uow.act_for(*before)


# --- the compositions sitting before the app: imported as a Commission would on its first day ----------------------

#: the demo's calendar, in days from today: the announced competition's publication and its composition's expiry,
#: the draft's expiry, and the screened competition's (2026/04) publication and expiry
HEALTH_PUBLISHED_DAYS_AGO = 20
HEALTH_EXPIRY_AFTER = 75
FINANCE_EXPIRY_IN = 70
SCREENED_PUBLISHED_DAYS_AGO = 45
SCREENED_EXPIRY_AFTER = 65
#: ``osgo demo --full``: 2026/04 voted this many days ago, its composition formed the day after
FULL_VOTE_DAYS_AGO = 5

#: each council's sitting composition: body code, seats, the day its powers expire (days from today). Each is one
#: state of the due list: the Ministry of Health's renewal is announced (in hand), the Ministry of Finance's draft
#: is to be announced within weeks (due soon), 2026/04 renews Education's (its composition ends the day before
#: 2026/04's formation), Agriculture's latest announcement date has passed with no competition (overdue), Labour's
#: runs for more than a year, Transport's is to be announced in a few months.
COUNCILS = (
    ("MOH", 9, HEALTH_EXPIRY_AFTER - HEALTH_PUBLISHED_DAYS_AGO),
    ("MOF", 11, FINANCE_EXPIRY_IN),
    ("MES", 7, SCREENED_EXPIRY_AFTER - SCREENED_PUBLISHED_DAYS_AGO),
    ("MOA", 15, 40),
    ("MLSM", 9, 500),
    ("MOTC", 13, 100),
)

COUNCIL_SURNAMES = (
    "Абдыраев", "Бообеков", "Дүйшөнбеков", "Жакыпов", "Исмаилов", "Калматов", "Кочкоров", "Мамбеталиев",
    "Момунов", "Нарынбаев", "Осмонкулов", "Сарыбаев", "Темиров", "Турдубаев", "Шабданов", "Эшимов",
    "Абакиров", "Жолдошев", "Кудайбергенов", "Медеров", "Сулайманов", "Токтогулов", "Арстанбеков", "Бекташев",
    "Болотбеков", "Жусупов", "Керимбеков", "Мурзаев", "Ормонов", "Сагынбаев", "Тилебалдиев", "Усупов",
    "Чолпонбаев", "Алымбеков", "Бердибеков", "Иманкулов", "Капаров", "Маматов", "Назаров", "Орозов",
    "Рахманов", "Сейитбеков", "Табылдиев", "Үсөнбаев", "Шамшиев", "Ыбыраев", "Эркинбеков", "Жумалиев",
    "Акматов", "Байзаков", "Данияров", "Кененбаев", "Мукашев", "Нурмаматов", "Садырбаев", "Төлөгөнов",
    "Асылбеков", "Бейшенов", "Жапаров", "Кулов", "Мамыров", "Орозбеков", "Сыргабаев", "Түгөлбаев",
)  # fmt: skip
COUNCIL_NAMES = {
    Sex.FEMALE: (
        "Айнура", "Бактыгүл", "Гүлмира", "Жибек", "Зарина", "Каныкей", "Назгүл", "Перизат", "Салтанат",
        "Толгонай", "Уулжан", "Чолпон", "Эльвира", "Айгерим", "Бермет", "Нурзат", "Элмира", "Гүлнур", "Айзада",
    ),
    Sex.MALE: (
        "Айбек", "Бакыт", "Данияр", "Жаныбек", "Замирбек", "Икрам", "Кайрат", "Мирлан", "Нурбол", "Рустам",
        "Санжар", "Талант", "Уланбек", "Чыңгыз", "Элдияр", "Медер", "Адилет", "Бектур", "Жоомарт", "Тимур",
    ),
}  # fmt: skip
COUNCIL_FATHERS = (
    "Асан", "Бакыт", "Жолдош", "Кубан", "Мурат", "Нурлан", "Токтогул", "Эркин", "Алмаз", "Сапар", "Талгат",
    "Улан", "Дүйшөн", "Мелис", "Кадыр",
)  # fmt: skip
COUNCIL_ORGANIZATIONS = (
    "«Жаран» КБ",
    "«Ачык коом» КФ",
    "«Айыл демилгеси» КБ",
    "«Укук коргоо» мекемеси",
    "«Жаштар келечеги» КФ",
    "«Ишкер аялдар» КБ",
    "«Экология жана өнүгүү» КФ",
    "Кыргыз Республикасынын Соода-өнөр жай палатасы",
)
#: the Commission members' dates of birth, in the order of :data:`COMMISSION` (their PINs agree with them)
COMMISSION_BORN = (
    dt.date(1968, 3, 14), dt.date(1971, 9, 2), dt.date(1965, 12, 20), dt.date(1974, 6, 8), dt.date(1969, 1, 27),
    dt.date(1972, 4, 5), dt.date(1980, 11, 16), dt.date(1983, 7, 23), dt.date(1977, 2, 9), dt.date(1975, 10, 31),
    dt.date(1966, 5, 18), dt.date(1979, 8, 3), dt.date(1985, 3, 29), dt.date(1988, 12, 11), dt.date(1970, 6, 24),
)  # fmt: skip

COMPOSITIONS_HEADER = (
    "Орган",
    "Фамилия",
    "Имя",
    "Отчество",
    "ПИН",
    "Пол",
    "Дата рождения",
    "Организация",
    "Место",
    "Начало срока",
    "Конец срока",
    "Количество мест",
)
#: the file the demo's compositions are imported from (its name is the compositions' note)
COMPOSITIONS_FILE = "demo-compositions.csv"


def council_member(index: int) -> tuple[str, str, str, Sex, dt.date, str]:
    """The demo's council member No. ``index``: surname, name, patronymic, sex, date of birth and PIN — invented,
    women and men in turn, a patronymic in "-ович" / "-овна" or "уулу" / "кызы" form."""
    sex = Sex.FEMALE if index % 2 == 0 else Sex.MALE
    surname = COUNCIL_SURNAMES[index % len(COUNCIL_SURNAMES)] + ("а" if sex is Sex.FEMALE else "")
    names = COUNCIL_NAMES[sex]
    name = names[(index // 2) % len(names)]
    father = COUNCIL_FATHERS[index % len(COUNCIL_FATHERS)]
    if index % 4 == 3:
        patronymic = f"{father} {'кызы' if sex is Sex.FEMALE else 'уулу'}"
    else:
        patronymic = father + ("овна" if sex is Sex.FEMALE else "ович")
    born = dt.date(1962 + (index * 7) % 32, index % 12 + 1, (index * 3) % 27 + 1)
    return surname, name, patronymic, sex, born, encode_pin(sex, born, f"{500 + index:05d}")


def _day(day: dt.date) -> str:
    return f"{day:%d.%m.%Y}"


def _sex_cell(sex: Sex) -> str:
    return "Ж" if sex is Sex.FEMALE else "М"


def demo_compositions_csv(uow: UnitOfWork, civil_term_start: dt.date) -> bytes:
    """The list of the sitting members a Commission would import on its first day: each council's composition
    (:data:`COUNCILS`) and the Commission's — its ten civil-society members (the roster's, five years from
    ``civil_term_start``) and its five permanent members, each naming the body that appointed them."""
    today = uow.clock.today()
    rows: list[tuple[str, ...]] = []
    index = 0
    for code, seats, expires_in in COUNCILS:
        end = today + dt.timedelta(days=expires_in)
        start = add_months(end + dt.timedelta(days=1), -24)
        for _number in range(seats):
            surname, name, patronymic, sex, born, pin = council_member(index)
            organization = COUNCIL_ORGANIZATIONS[index % len(COUNCIL_ORGANIZATIONS)]
            rows.append(
                (code, surname, name, patronymic, pin, _sex_cell(sex), _day(born), organization, "", _day(start),
                 _day(end), str(seats))
            )  # fmt: skip
            index += 1
    bodies = registries.current_profile(uow).commission_permanent_bodies
    civil_end = composition_rules.term_end(civil_term_start, 5)
    civil_seats = sum(1 for member in COMMISSION if member[4] is Seat.CIVIL)
    for number, ((surname, name, patronymic, sex, _kind, _role, where), born) in enumerate(
        zip(COMMISSION, COMMISSION_BORN, strict=True)
    ):
        serial = f"{400 + number:05d}"
        permanent = isinstance(where, int)
        rows.append(
            (
                "commission",
                surname,
                name,
                patronymic,
                encode_pin(sex, born, serial),
                _sex_cell(sex),
                _day(born),
                bodies[where].ru if isinstance(where, int) else str(where),
                "постоянный" if permanent else "гражданское общество",
                _day(civil_term_start),
                _day(civil_end),
                str(civil_seats),
            )
        )
    return "\n".join(";".join(row) for row in (COMPOSITIONS_HEADER, *rows)).encode("utf-8")


def import_demo_compositions(uow: UnitOfWork, civil_term_start: dt.date) -> composition_import.CompositionImport:
    """The sitting compositions imported as the app imports a list (all rows or none), the Commission's members
    linked to their roster lines and given their PINs."""
    return composition_import.import_data(uow, None, demo_compositions_csv(uow, civil_term_start), COMPOSITIONS_FILE)


# name in Kyrgyz, name in Russian, kind, registration number
ORGANIZATIONS = (
    ("«Ачык маалымат» коомдук фонду", "Общественный фонд «Ачык маалымат»", OrgKind.FOUNDATION, "12345-3301-Ф"),
    (
        "«Жаран» коомдук бирикмеси",
        "Общественное объединение «Жаран»",
        OrgKind.PUBLIC_ASSOCIATION,
        "22871-3300-ОО",
    ),
    ("«Мекеним» коомдук фонду", "Общественный фонд «Мекеним»", OrgKind.FOUNDATION, "30112-3301-Ф"),
    ("«Укук жана адилет» мекемеси", "Учреждение «Укук жана адилет»", OrgKind.INSTITUTION, "41877-3302-У"),
    (
        "«Саламаттык үчүн» коомдук бирикмеси",
        "Общественное объединение «Саламаттык үчүн»",
        OrgKind.PUBLIC_ASSOCIATION,
        "51230-3300-ОО",
    ),
    ("«Айыл өнүгүү» мекемеси", "Учреждение «Айыл өнүгүү»", OrgKind.INSTITUTION, "60091-3302-У"),
    (
        "«Токмок шаар чарбасы» муниципалдык ишканасы",
        "Муниципальное предприятие «Токмок шаар чарбасы»",
        OrgKind.MUNICIPAL,
        "70001-3303-М",
    ),
    (
        "«Ала-Тоо Консалтинг» жоопкерчилиги чектелген коому",
        "Общество с ограниченной ответственностью «Ала-Тоо Консалтинг»",
        OrgKind.COMMERCIAL,
        "81234-3304-ЖЧК",
    ),
)

# name in Kyrgyz, name in Russian, members (indexes in ORGANIZATIONS)
ASSOCIATIONS = (
    ("«Жарандык демилге» бирикмеси", "Объединение «Жарандык демилге»", (0, 1, 2)),
    ("«Укук жана өнүгүү» бирикмеси", "Объединение «Укук жана өнүгүү»", (3, 4, 5)),
    # one municipal, one commercial member: it says so
    ("«Шаар жана айыл» бирикмеси", "Объединение «Шаар жана айыл»", (5, 6, 7)),
)

# surname, name, patronymic, sex, born, education, public service, documents (code → count), days after publication
APPLICANTS = (
    (
        "Абдыкеримова",
        "Айпери",
        "Сооронбаевна",
        Sex.FEMALE,
        dt.date(1979, 5, 14),
        Education.HIGHER,
        PublicService.NONE,
        {"application": 1, "cv_with_photo": 1, "recommendation_letter": 2, "vision_statement": 1},
        2,
    ),
    (
        "Бекмуратов",
        "Талант",
        "Жумабекович",
        Sex.MALE,
        dt.date(1984, 11, 2),
        Education.POSTGRADUATE,
        PublicService.NONE,
        {"application": 1, "cv_with_photo": 1, "recommendation_letter": 2, "vision_statement": 1},
        4,
    ),
    (
        "Жээнбекова",
        "Назира",
        "Асанбековна",
        Sex.FEMALE,
        dt.date(1990, 2, 27),
        Education.HIGHER,
        PublicService.NONE,
        {"application": 1, "cv_with_photo": 1, "recommendation_letter": 1, "vision_statement": 1},
        5,
    ),
    (
        "Исаков",
        "Марат",
        "Кадырбекович",
        Sex.MALE,
        dt.date(1972, 8, 9),
        Education.HIGHER,
        PublicService.STATE,
        {"application": 1, "cv_with_photo": 1, "recommendation_letter": 2, "vision_statement": 1},
        7,
    ),
    (
        "Мамбетова",
        "Чынара",
        "Токтосуновна",
        Sex.FEMALE,
        dt.date(1986, 12, 1),
        Education.VOCATIONAL,
        PublicService.NONE,
        {"application": 1, "cv_with_photo": 1, "recommendation_letter": 2, "vision_statement": 1},
        9,
    ),
    (
        "Орозбаев",
        "Эрмек",
        "Бакыт уулу",
        Sex.MALE,
        dt.date(1995, 3, 21),
        Education.HIGHER,
        PublicService.NONE,
        {"application": 1, "cv_with_photo": 1},
        12,
    ),
    (
        "Сатыбалдиева",
        "Гүлзат",
        "Мелисовна",
        Sex.FEMALE,
        dt.date(1981, 7, 30),
        Education.HIGHER,
        PublicService.NONE,
        {"application": 1, "cv_with_photo": 1, "recommendation_letter": 2, "vision_statement": 1},
        15,
    ),
    (
        "Түлөбердиев",
        "Нурбек",
        "Алмазович",
        Sex.MALE,
        dt.date(1977, 10, 18),
        Education.HIGHER,
        PublicService.MUNICIPAL,
        {"application": 1, "cv_with_photo": 1, "recommendation_letter": 2, "vision_statement": 1},
        17,
    ),
)


def _demo_pdf(title: str, lines: list[str]) -> bytes:
    """A one-page PDF standing in for a scanned document of the demo."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from osgo_desktop.reports.layout import SERIF, register_fonts

    register_fonts()
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4, initialFontName=SERIF, invariant=True)
    page.setFont(SERIF, 16)
    page.drawString(72, 760, title)
    page.setFont(SERIF, 11)
    for index, text in enumerate(lines):
        page.drawString(72, 730 - 16 * index, text)
    page.save()
    return buffer.getvalue()


DOCUMENT_TITLES = {
    "application": "Арыз",
    "cv_with_photo": "Резюме",
    "recommendation_letter": "Сунуштама кат",
    "vision_statement": "Коомдук кеңештеги ишине болгон көз карашы",
}


def _demo_applicant(
    uow: UnitOfWork,
    store: DocumentStore,
    folder: Path,
    competition_id: int,
    person: PersonDraft,
    intake: IntakeDraft,
    documents: Mapping[str, int],
    filed_as: Mapping[str, str] | None = None,
) -> int:
    """Register one demo application and file a stand-in PDF for each of its documents; its id. ``filed_as`` files
    a document under another type by mistake (code → the code it is filed under)."""
    registered = applications.register_application(uow, competition_id, person, intake)
    for code, count in documents.items():
        for copy in range(count):
            path = folder / f"{registered.application_id}-{code}-{copy}.pdf"
            title = DOCUMENT_TITLES[code]
            path.write_bytes(
                _demo_pdf(f"{title} — {person.surname} {person.name}", [f"{code} #{copy + 1}", person.pin])
            )
            applications.add_document(
                uow,
                registered.application_id,
                (filed_as or {}).get(code, code),
                store.put(path, f"{title} {copy + 1}.pdf"),
            )
    return registered.application_id


#: ``osgo demo --full``: the applicant (index in APPLICANTS) whose CV was filed as a second application letter
MISFILED_APPLICANT = 0


def put_demo_documents_right(uow: UnitOfWork, store: DocumentStore, folder: Path, application_ids: list[int]) -> None:
    """``osgo demo --full``: documents of 2026/01 put right at the intake (issue 16) — the CV filed as a second
    application letter filed under its type, an application letter replaced by a corrected version, another
    applicant's recommendation letter, filed by mistake, withdrawn."""
    misfiled = applications.get_application(uow, application_ids[MISFILED_APPLICANT])
    cv = [d for d in misfiled.documents if d.doc_type == "application"][-1]
    filed_documents.change_type(uow, cv.id, "cv_with_photo")

    corrected = applications.get_application(uow, application_ids[1])
    letter = next(d for d in corrected.documents if d.doc_type == "application")
    path = folder / "corrected-application.pdf"
    name = f"{corrected.person.surname} {corrected.person.name}"
    path.write_bytes(_demo_pdf(f"{DOCUMENT_TITLES['application']} — {name}", ["оңдолгон нуска", corrected.person.pin]))
    filed_documents.replace(uow, letter.id, store.put(path, f"{DOCUMENT_TITLES['application']} (оңдолгон).pdf"))

    mistaken = application_ids[2]
    path = folder / "someone-elses-letter.pdf"
    path.write_bytes(_demo_pdf(f"{DOCUMENT_TITLES['recommendation_letter']} — Исаков Марат", ["recommendation_letter"]))
    stored = store.put(path, f"{DOCUMENT_TITLES['recommendation_letter']} (Исаков).pdf")
    document_id = applications.add_document(uow, mistaken, "recommendation_letter", stored)
    filed_documents.withdraw(uow, document_id, "Башка талапкердин (М. К. Исаковдун) каты, жаңылыштык менен катталган")


def load_intake_demo(
    uow: UnitOfWork, store: DocumentStore, competition_id: int, publication: dt.date, put_right: bool = False
) -> None:
    """Organisations, associations, and applications with documents in the announced council competition;
    ``put_right``: some of the documents put right too (:func:`put_demo_documents_right`)."""
    now = uow.clock.now()
    org_ids = [
        registries.save_organization(uow, OrganizationDraft(name, kind, number, name_ru))
        for name, name_ru, kind, number in ORGANIZATIONS
    ]
    for name, name_ru, members in ASSOCIATIONS:
        registries.save_association(
            uow, registries.AssociationDraft(name, tuple(org_ids[i] for i in members), name_ru=name_ru)
        )
    application_ids: list[int] = []
    with tempfile.TemporaryDirectory() as folder:
        for index, (surname, name, patronymic, sex, born, education, service, documents, after) in enumerate(
            APPLICANTS
        ):
            pin = encode_pin(sex, born, f"{index + 1:05d}")
            if index == 4:  # a typing slip in the birth date: the PIN disagrees, a warning to check
                born = born.replace(day=born.day + 1)
            received = min(
                dt.datetime.combine(publication + dt.timedelta(days=after), dt.time(10 + index % 6, 15), BISHKEK),
                now,  # none is received later than now
            )
            nominated_by = org_ids[index % 6] if index % 3 else None
            application_id = _demo_applicant(
                uow,
                store,
                Path(folder),
                competition_id,
                PersonDraft(
                    surname=surname,
                    name=name,
                    patronymic=patronymic,
                    sex=sex,
                    birth_date=born,
                    pin=pin,
                    education=education,
                    public_service=service,
                    workplace="«Жаран» КБ" if index % 2 else "",
                    position="эксперт" if index % 2 else "",
                    phone=f"+996 700 {index:02d}-{index:02d}-{index:02d}",
                ),
                IntakeDraft(
                    received,
                    Channel.IN_PERSON if index % 4 else Channel.POST,
                    Nomination.ORGANIZATION if nominated_by else Nomination.SELF,
                    organization_id=nominated_by,
                    received_by="Кадырова М. А.",
                ),
                documents,
                {"cv_with_photo": "application"} if put_right and index == MISFILED_APPLICANT else None,
            )
            application_ids.append(application_id)
            if index == 7:
                applications.withdraw(uow, application_id, "Арыз ээсинин өз каалоосу менен")
        if put_right:
            put_demo_documents_right(uow, store, Path(folder), application_ids)


# surname, name, patronymic, sex, born, nominating organisation (index in ORGANIZATIONS; None: self-nominated)
CANDIDATES = (
    ("Алиева", "Бегимай", "Кубатовна", Sex.FEMALE, dt.date(1983, 4, 11), 0),
    ("Байтемиров", "Азамат", "Эрнисович", Sex.MALE, dt.date(1978, 9, 3), 1),
    ("Дөөлөтова", "Айжан", "Мирлановна", Sex.FEMALE, dt.date(1988, 1, 19), None),
    ("Ибраимов", "Руслан", "Талантович", Sex.MALE, dt.date(1975, 6, 25), 2),
    ("Кенжебаева", "Саякат", "Өмүрзаковна", Sex.FEMALE, dt.date(1980, 12, 7), 1),  # the same organisation as No. 2
    ("Мураталиев", "Бакыт", "Жапарович", Sex.MALE, dt.date(1969, 3, 30), None),
    ("Ногойбаева", "Элнура", "Сапарбековна", Sex.FEMALE, dt.date(1991, 8, 14), 3),
    ("Өмөрова", "Нургүл", "Бакытбековна", Sex.FEMALE, dt.date(1985, 5, 2), 4),
    ("Садыков", "Эрмек", "Дүйшөнбекович", Sex.MALE, dt.date(1982, 10, 28), 5),
    ("Тайлакова", "Жазгүл", "Асылбековна", Sex.FEMALE, dt.date(1979, 2, 16), None),
    ("Үмөталиев", "Нурсултан", "Кайратович", Sex.MALE, dt.date(1987, 7, 9), None),
    ("Чыйбылов", "Кубанычбек", "Алмаз уулу", Sex.MALE, dt.date(1973, 11, 21), 0),  # the same organisation as No. 1
)

COUNCIL_DOCUMENTS = {"application": 1, "cv_with_photo": 1, "recommendation_letter": 2, "vision_statement": 1}


def load_screened_demo(uow: UnitOfWork, store: DocumentStore, body_id: int) -> int:
    """A council competition for 7 seats published 45 days ago, its intake and screening done: 12 candidates
    admitted, ready to vote."""
    published = uow.clock.today() - dt.timedelta(days=SCREENED_PUBLISHED_DAYS_AGO)
    competition_id = competitions.create_competition(
        uow,
        CompetitionDraft(
            kind=Kind.COUNCIL,
            variant=Variant.REGULAR,
            body_id=body_id,
            seats=7,
            term_years=2,
            expiry_date=published + dt.timedelta(days=SCREENED_EXPIRY_AFTER),
            intake_address=INTAKE_ADDRESS,
            intake_address_ru=INTAKE_ADDRESS_RU,
            contact=CONTACT,
        ),
    )
    competitions.announce(uow, competition_id, published, *MEDIA_OUTLET)
    organizations = {o.name: o.id for o in uow.organizations.list()}
    org_ids = [organizations.get(name) for name, _name_ru, _kind, _number in ORGANIZATIONS]
    with tempfile.TemporaryDirectory() as folder:
        for index, (surname, name, patronymic, sex, born, org) in enumerate(CANDIDATES):
            pin = encode_pin(sex, born, f"{index + 31:05d}")
            nominated_by = org_ids[org] if org is not None else None
            received = dt.datetime.combine(published + dt.timedelta(days=3 + 2 * index), dt.time(11, 0), tzinfo=BISHKEK)
            _demo_applicant(
                uow,
                store,
                Path(folder),
                competition_id,
                PersonDraft(
                    surname=surname,
                    name=name,
                    patronymic=patronymic,
                    sex=sex,
                    birth_date=born,
                    pin=pin,
                    education=Education.HIGHER,
                    public_service=PublicService.NONE,
                    phone=f"+996 555 {index:02d}-{index + 10:02d}-{index + 20:02d}",
                ),
                IntakeDraft(
                    received,
                    Channel.IN_PERSON,
                    Nomination.ORGANIZATION if nominated_by else Nomination.SELF,
                    organization_id=nominated_by,
                    received_by="Кадырова М. А.",
                ),
                COUNCIL_DOCUMENTS,
            )
    competitions.close_intake(uow, competition_id)
    applications.start_screening(uow, competition_id)
    for row in applications.screening_grid(uow, competition_id).rows:
        if row.decision.missing:
            applications.record_verdicts(
                uow,
                row.application.id,
                row.decision.missing,
                Verdict(True, "Справкалар көрүлдү / справки предъявлены"),
                "Токтосунова Д. У.",
            )
    applications.finish_screening(uow, competition_id)
    record_demo_screening_session(uow, competition_id)
    return competition_id


def record_demo_screening_session(uow: UnitOfWork, competition_id: int) -> None:
    """The session at which 2026/04 was screened, a week ago: the Commission but its last two members (in Kyrgyz
    order) present, with the registry's chair and secretary (issue 12)."""
    setup = screening.screening_setup(uow, competition_id)
    chair, secretary = setup.chair_id, setup.secretary_id
    absent = [m.id for m in setup.members if m.id not in (chair, secretary)][-2:]
    screening.record_screening_session(
        uow,
        competition_id,
        screening.ScreeningSessionDraft(
            held_on=uow.clock.today() - dt.timedelta(days=7),
            place=SESSION_PLACE[0],
            place_ru=SESSION_PLACE[1],
            start_time="10:00",
            end_time="12:30",
            present=tuple(m.id for m in setup.members if m.id not in absent),
            chair_id=chair,
            secretary_id=secretary,
        ),
    )


# --- the demo's vote: 2026/04 taken through a session, a discrepancy, a tie and its runoff ----------------------


def _demo_pin(login: str) -> str:
    pin = next(account[4] for account in DEMO_ACCOUNTS if account[0] == login)
    assert pin is not None
    return pin


#: the station PINs the demo's vote is entered and settled with (the secretariat's, the counting commission's)
DEMO_SECRETARIAT_PIN = _demo_pin("secretary")
DEMO_COUNTING_PIN = _demo_pin("counter")


def demo_station_accounts(uow: UnitOfWork) -> dict[str, int]:
    """The demo's accounts' ids by login (:data:`DEMO_ACCOUNTS`; made where missing: a vote held on a database the
    demo did not fill)."""
    return {login: principal.account_id for login, principal in make_demo_accounts(uow).items() if principal.account_id}


#: votes per candidate number in the first round (15 papers, 7 seats): six clear winners, then Ногойбаева (7)
#: and Өмөрова (8) tied for the last seat
FIRST_ROUND_VOTES = {1: 15, 2: 14, 3: 13, 4: 12, 6: 11, 9: 10, 7: 9, 8: 9, 5: 3, 10: 2, 11: 1}


def papers_from_votes(votes: Mapping[int, int], papers: int) -> list[tuple[int, ...]]:
    """Papers whose marks give each candidate number exactly its votes: each candidate's marks go to the papers
    with the fewest marks so far, so no paper carries more marks than it must."""
    marks: list[list[int]] = [[] for _ in range(papers)]
    for number, count in sorted(votes.items(), key=lambda item: -item[1]):
        for paper in sorted(range(papers), key=lambda p: (len(marks[p]), p))[:count]:
            marks[paper].append(number)
    return [tuple(sorted(m)) for m in marks]


def demo_session(
    uow: UnitOfWork, competition_id: int, present: int | None = None, held_on: dt.date | None = None
) -> voting.SessionDraft:
    """The counting commission present, and every Commission member (or the first ``present`` of them, in Kyrgyz
    order); the demo's secretary and counter (:data:`DEMO_ACCOUNTS`) enter ballots, the counter for the
    first counting member. Held today unless ``held_on`` says otherwise."""
    accounts = demo_station_accounts(uow)
    setup = voting.session_setup(uow, competition_id)
    members = tuple(m.id for m in setup.members[:present])
    counting = setup.counting[0]
    return voting.SessionDraft(
        held_on=held_on or uow.clock.today(),
        place=SESSION_PLACE[0],
        place_ru=SESSION_PLACE[1],
        start_time="10:00",
        present=members,
        counting_present=tuple(m.id for m in setup.counting),
        entrants=(
            voting.EntrantDraft(Side.SECRETARIAT, accounts["secretary"]),
            voting.EntrantDraft(Side.COUNTING, accounts["counter"], counting.id),
        ),
        chair_id=setup.chair_id if setup.chair_id in members else None,
        secretary_id=setup.secretary_id if setup.secretary_id in members else None,
    )


def enter_papers(uow: UnitOfWork, round_id: int, side: Side, papers: Sequence[tuple[int, ...]]) -> None:
    """One side's entries of papers 1, 2, … (each saved as it is entered, as at the entry screen)."""
    entrant = next(e.id for e in voting.get_round(uow, round_id).session.entrants if e.side is side)
    for serial, marks in enumerate(papers, start=1):
        voting.record_entry(uow, round_id, entrant, serial, marks)


def hold_demo_vote(
    uow: UnitOfWork, competition_id: int, held_on: dt.date | None = None, formation: dt.date | None = None
) -> None:
    """The screened demo competition voted on: paper No. 7 misread by the counting side and settled against the
    paper, a tie at the cut-off, and a runoff that settles it. Held today (or on ``held_on``); the decision forms
    the composition three days later (or on ``formation``)."""
    round_id = voting.open_session(uow, competition_id, demo_session(uow, competition_id, held_on=held_on))
    papers = papers_from_votes(FIRST_ROUND_VOTES, 15)
    misread = list(papers)
    misread[6] = tuple(sorted({*papers[6], 12} - {papers[6][0]}))
    enter_papers(uow, round_id, Side.SECRETARIAT, papers)
    enter_papers(uow, round_id, Side.COUNTING, misread)
    people = {e.side: e.id for e in voting.get_round(uow, round_id).session.entrants}
    voting.settle(
        uow,
        round_id,
        7,
        papers[6],
        "Бюллетень эки тараптын катышуусунда каралды",  # a note is recorded in the language it was said in
        (people[Side.SECRETARIAT], DEMO_SECRETARIAT_PIN),
        (people[Side.COUNTING], DEMO_COUNTING_PIN),
    )
    counter, secretariat = make_demo_accounts(uow)["counter"], (uow.principal, uow.actor)
    uow.act_for(counter)  # the counting commission closes a round
    voting.close_round(uow, round_id, voting.PaperCounts(15, 15, 0))
    uow.act_for(*secretariat)
    runoff_id = voting.current_round(uow, competition_id)
    assert runoff_id is not None and runoff_id != round_id
    runoff = [(1,)] * 6 + [(2,)] * 8 + [()]  # Өмөрова elected; one blank paper
    enter_papers(uow, runoff_id, Side.SECRETARIAT, runoff)
    enter_papers(uow, runoff_id, Side.COUNTING, runoff)
    uow.act_for(counter)
    voting.close_round(uow, runoff_id, voting.PaperCounts(15, 15, 0))
    uow.act_for(*secretariat)
    # issue 12 (decision helper): what the secretariat entered — the times of each round, the decision's facts
    # (the demo records every paper and the settlement of No. 7 at noon: within round 1's count)
    for number, (began, ended, counted) in enumerate((("10:20", "11:05", "12:05"), ("12:20", "12:45", "13:05")), 1):
        protocol_facts.record_protocol_facts(
            uow,
            competition_id,
            ProtocolKind.VOTE,
            number,
            ProtocolFactsDraft(vote_began=began, vote_ended=ended, count_began=ended, count_ended=counted),
        )
    protocol_facts.record_protocol_facts(
        uow,
        competition_id,
        ProtocolKind.DECISION,
        0,
        ProtocolFactsDraft(
            formation_date=formation or uow.clock.today() + dt.timedelta(days=3),
            votes_for=14,
            votes_against=0,
            votes_abstained=1,
        ),
    )


def screened_demo_competition(uow: UnitOfWork) -> int | None:
    """The demo's council competition that is ready to vote (2026/04), if it is still screened."""
    for row in competitions.list_competitions(uow):
        if row.state is State.SCREENED and row.seats == 7:
            return row.id
    return None


def issue_demo_protocols(uow: UnitOfWork, store: DocumentStore, competition_id: int) -> list[protocols.Issued]:
    """Every protocol of the voted demo competition, in every official language: what the secretariat enters when
    it issues them goes here, before they are issued."""
    return protocols.issue_all(uow, store, competition_id)


#: who attaches the demo's signed copy: the secretariat member who enters the demo's ballots
DEMO_SECRETARIAT = "Кадырова М. А."


def close_demo_competition(uow: UnitOfWork, store: DocumentStore, competition_id: int) -> None:
    """The voted demo competition closed: its protocols issued and a demo scan of the signed decision attached."""
    issued = issue_demo_protocols(uow, store, competition_id)
    first = protocols.official_languages(uow, competition_id)[0]
    decision = next(i.protocol for i in issued if i.protocol.kind is ProtocolKind.DECISION and i.protocol.lang == first)
    with tempfile.TemporaryDirectory() as folder:
        scan = Path(folder) / f"signed-{decision.number.replace('/', '-')}-{decision.lang}.png"
        scan.write_bytes(demo_scan_png(decision))
        protocols.attach_signed_copy(uow, store, decision.id, scan, DEMO_SECRETARIAT)


#: ``osgo demo --full``: two of 2026/04's elected leave their seats (index among the seated in the order they were
#: seated, days ago, reason, note); the first seat is filled from the reserve, the second stays vacant to try it
DEPARTURES = (
    (2, 3, LeftReason.RESIGNED, "Өз каалоосу менен (арызы 2-күнү келип түштү)"),
    (5, 1, LeftReason.RESIGNED, "Башка ишке которулгандыгына байланыштуу өз каалоосу менен"),
)


def demo_departures(uow: UnitOfWork, store: DocumentStore, competition_id: int) -> vacancies.Filled:
    """After 2026/04 closed and its elected took their seats: one of them resigns and the Commission fills the
    seat from the reserve list the next day (the decision on filling the vacancy, in Kyrgyz and Russian); another
    resigns yesterday and the seat waits for the user to fill it."""
    today = uow.clock.today()
    seated = uow.session.scalars(
        select(models.Mandate.id).where(models.Mandate.competition_id == competition_id).order_by(models.Mandate.id)
    ).all()
    (first, first_ago, first_reason, first_note), (second, second_ago, second_reason, second_note) = DEPARTURES
    left_on = today - dt.timedelta(days=first_ago)
    vacancies.record_departure(uow, seated[first], left_on, first_reason, first_note)
    filled = vacancies.fill_from_reserve(uow, store, seated[first], left_on + dt.timedelta(days=1))
    vacancies.record_departure(uow, seated[second], today - dt.timedelta(days=second_ago), second_reason, second_note)
    return filled


def demo_campaign(uow: UnitOfWork, *body_ids: int) -> campaigns.CampaignCreated:
    """A campaign of two councils made from the due list — the overdue one among them — left in draft: its joint
    announcement can be printed, and the overdue row stays overdue until it is published."""
    return campaigns.create_campaign(uow, [(body_id, None) for body_id in body_ids], note="Демо")


def demo_scan_png(protocol: protocols.ProtocolView) -> bytes:
    """A page standing in for the scan of a signed paper protocol, saying plainly that it is a demo and no
    document: a grey A4 page at 100 dpi with the protocol's number and fingerprint and pretend signatures."""
    import io

    from PIL import Image, ImageDraw, ImageFont, PngImagePlugin

    from osgo_desktop.domain.fingerprint import grouped
    from osgo_desktop.fonts import font_file

    width, height = 827, 1169
    page = Image.new("L", (width, height), 236)
    draw = ImageDraw.Draw(page)
    bold = ImageFont.truetype(str(font_file("PT Sans", "Bold")), 44)
    regular = ImageFont.truetype(str(font_file("PT Sans")), 22)
    small = ImageFont.truetype(str(font_file("PT Sans")), 15)
    for y, text in enumerate(("ДЕМО-СКАН", "DEMO SCAN")):
        draw.text((width // 2, 120 + 60 * y), text, fill=40, font=bold, anchor="mm")
    lines = (
        "Бул документ эмес: демонстрациялык маалыматтардын сүрөтү.",
        "Это не документ: изображение из демонстрационных данных.",
        "Not a document: a picture made by the demo data.",
        "",
        f"№ {protocol.number}, v{protocol.version} ({protocol.lang})",
    )
    for y, text in enumerate(lines):
        draw.text((width // 2, 260 + 34 * y), text, fill=40, font=regular, anchor="mm")
    draw.text((width // 2, 450), grouped(protocol.fingerprint), fill=60, font=small, anchor="mm")
    for row in range(6):  # pretend signatures on pretend lines
        y = 560 + 80 * row
        draw.line((110, y, 360, y), fill=90, width=1)
        draw.line((470, y, 720, y), fill=90, width=1)
        draw.line((140, y - 6, 180, y - 28, 210, y - 4, 250, y - 22, 300, y - 8), fill=30, width=3)
        draw.line((500, y - 10, 540, y - 30, 560, y - 6, 610, y - 26, 660, y - 6), fill=30, width=3)
    draw.ellipse((560, 1000, 720, 1160), outline=120, width=4)  # where the stamp would be
    draw.text((640, 1080), "ДЕМО", fill=120, font=regular, anchor="mm")
    said = PngImagePlugin.PngInfo()  # and in words a program can read
    said.add_itxt("Description", f"ДЕМО-СКАН / DEMO SCAN: not a signed document. № {protocol.number}")
    buffer = io.BytesIO()
    page.save(buffer, format="PNG", optimize=True, pnginfo=said)
    return buffer.getvalue()
