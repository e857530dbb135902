"""The screening grid of a campaign of 36 councils × 40 applications, with the cross-competition rules.

    python bench/bench_campaign_screening.py [--repeats 5]

A SQLite database in a temporary folder, its clock fixed (2026-11-20), holds: 41 state bodies with codes; five
two-year terms of each body's public council, 15 seats each (one member of each term resigned and was replaced),
the people with PINs, some of them serving two terms running; the Commission's roster (with PINs) and its
composition; five other bodies' council competitions taken through screening and a real vote (a session, both
sides' entries, the round closed: the stored ``input_json``) and left TALLIED, the decision not yet signed; and a
campaign of 36 council competitions in screening, 40 applications each (documents, some verdicts, a withdrawal).
Among the campaign's applicants: people who also apply to another council of the campaign, people sitting on
another council now, people re-applying to their own council, former members, Commission members, and people
elected (or put in the reserve) by the tallied competitions.

Timed, in CPU time (``time.process_time``: SQLite runs in this process; wall time would measure the neighbours
too), REPEATS times over the 36 competitions, each in a unit of work of its own as the app runs a use case:

* the grid: ``applications.screening_grid``;
* the baseline, in turn with it: the same grid's bare data reads — the competition, its applications with their
  persons, their documents and their verdicts, selected with plain queries;
* the cross-cutting rules alone: ``compositions.seats_elsewhere`` for the grid's applicants (what the grid calls).

Reported: the median time per grid, the ratio grid / bare reads, and what the cross rules add to a grid. Goals: a
grid of 40 under 100 ms, and the cross rules adding at most 50% to the rest of it. The SQL statements of one grid
and of the cross rules are counted (a listener on the engine), for one applicant and for 40: the cross rules must
not read once per applicant (N+1).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event, select

from osgo_desktop.clock import BISHKEK, FixedClock
from osgo_desktop.domain.competition import CompetitionDraft
from osgo_desktop.domain.composition import Came, LeftReason, SeatKind
from osgo_desktop.domain.eligibility import Verdict
from osgo_desktop.domain.lifecycle import State
from osgo_desktop.domain.person import Channel, Education, Nomination, PublicService, encode_pin
from osgo_desktop.domain.profile import Kind, Variant
from osgo_desktop.domain.registry import CommissionMemberDraft, CountingMemberDraft, Seat, Sex, StateBodyDraft
from osgo_desktop.domain.voting import Side
from osgo_desktop.services import applications, competitions, compositions, demo, registries, voting
from osgo_desktop.storage import models
from osgo_desktop.storage.documents import FileType
from osgo_desktop.storage.quick import sqlite_url
from osgo_desktop.storage.uow import Database, UnitOfWork

NOW = dt.datetime(2026, 11, 20, 6, tzinfo=dt.UTC)
TODAY = NOW.astimezone(BISHKEK).date()
BODIES = 41
TERMS = 5
SEATS = 15
CAMPAIGN = 36
APPLICANTS = 40
TALLIED = 5  # bodies 37..41
TALLIED_APPLICANTS = 20
GRID_GOAL_MS = 100.0
CROSS_GOAL = 0.5

SURNAMES = (
    "Асанов",
    "Бакиров",
    "Жумабаев",
    "Осмонов",
    "Сыдыков",
    "Токтосунов",
    "Үсөнов",
    "Өмүрбеков",
    "Кадыров",
    "Мамытов",
    "Рысбеков",
    "Шарипов",
    "Эсенов",
    "Нуралиев",
    "Абдыкадыров",
)
NAMES = {
    Sex.FEMALE: ("Айгүл", "Динара", "Мээрим", "Жылдыз", "Нургүл", "Асел", "Чолпон"),
    Sex.MALE: ("Нурлан", "Бекзат", "Азамат", "Улан", "Канат", "Марат", "Эрлан"),
}
DOCUMENTS = {"application": 1, "cv_with_photo": 1, "recommendation_letter": 2, "vision_statement": 1}


class People:
    """Invented people, each with a PIN of their own."""

    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow
        self.serial = 0

    def new(self) -> models.Person:
        self.serial += 1
        n = self.serial
        sex = Sex.FEMALE if n % 2 else Sex.MALE
        born = dt.date(1960 + n % 36, 1 + n % 12, 1 + n % 28)
        surname = SURNAMES[n % len(SURNAMES)] + ("а" if sex is Sex.FEMALE else "")
        person = models.Person(
            surname=surname,
            name=NAMES[sex][n % 7],
            patronymic="",
            sex=sex,
            birth_date=born,
            pin=encode_pin(sex, born, f"{n:05d}"),
            education=Education.HIGHER,
            public_service=PublicService.NONE,
        )
        self.uow.session.add(person)
        return person


def bodies_and_history(
    uow: UnitOfWork, people: People
) -> tuple[list[int], dict[int, list[models.Person]], dict[int, list[models.Person]]]:
    """41 bodies with codes, five terms of each council (imported, as the app finds them), 15 seats a term: the
    body ids and, by body, the members sitting now and the members of the term before who sit no more."""
    body_ids = []
    for i in range(1, BODIES + 1):
        body_id = registries.save_body(
            uow, StateBodyDraft(f"Мамлекеттик орган №{i}", f"Государственный орган №{i}", f"State body No. {i}")
        )
        uow.bodies.require(body_id).code = f"B{i:02d}"
        body_ids.append(body_id)
    uow.commit()
    sitting: dict[int, list[models.Person]] = {}
    former: dict[int, list[models.Person]] = {}
    for b, body_id in enumerate(body_ids):
        current_start = dt.date(2025, 1, 10) + dt.timedelta(days=b * 3)
        previous: list[models.Person] = []
        for k in range(TERMS):
            start = current_start.replace(year=current_start.year - 2 * (TERMS - 1 - k))
            end = start.replace(year=start.year + 2) - dt.timedelta(days=1)
            composition = models.Composition(body_id=body_id, seats=SEATS, term_start=start, term_end=end, note="")
            uow.session.add(composition)
            uow.session.flush()
            members = [previous[s] if previous and s < 3 else people.new() for s in range(SEATS)]  # three re-elected
            uow.session.flush()
            resigned = None
            for s, person in enumerate(members):
                mandate = models.Mandate(
                    composition_id=composition.id,
                    person_id=person.id,
                    seat=SeatKind.COUNCIL,
                    organization="",
                    starts_on=start,
                    ends_on=end,
                    came=Came.IMPORTED,
                    left_note="",
                )
                if s == SEATS - 1:  # resigned after a year; a replacement serves the rest of the term
                    mandate.left_on = start + dt.timedelta(days=365)
                    mandate.left_reason = LeftReason.RESIGNED
                    resigned = mandate
                uow.session.add(mandate)
            uow.session.flush()
            assert resigned is not None and resigned.left_on is not None
            replacement = people.new()
            uow.session.flush()
            uow.session.add(
                models.Mandate(
                    composition_id=composition.id,
                    person_id=replacement.id,
                    seat=SeatKind.COUNCIL,
                    organization="",
                    starts_on=resigned.left_on,
                    ends_on=end,
                    came=Came.REPLACEMENT,
                    replaces_id=resigned.id,
                    left_note="",
                )
            )
            former[body_id] = previous[3:]  # not re-elected
            previous = [*members[: SEATS - 1], replacement]
        sitting[body_id] = previous
        uow.commit()
    return body_ids, sitting, former


def commission(uow: UnitOfWork, people: People) -> list[models.Person]:
    """The demo's Commission as the roster (PINs, persons) and as a composition: its members' persons."""
    civil_start = dt.date(2025, 6, 1)
    civil_end = civil_start.replace(year=2030) - dt.timedelta(days=1)
    composition = models.Composition(body_id=None, seats=15, term_start=civil_start, term_end=civil_end, note="")
    uow.session.add(composition)
    persons = []
    for surname, name, patronymic, sex, seat, role, where in demo.COMMISSION:
        permanent = seat is Seat.PERMANENT
        member_id = registries.save_member(
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
                term_start=None if permanent else civil_start,
                term_end=None if permanent else civil_end,
            ),
        )
        person = people.new()
        person.surname, person.name, person.patronymic, person.sex = surname, name, patronymic, sex
        uow.session.flush()
        member = uow.commission.require(member_id)
        member.pin, member.person_id = person.pin, person.id
        uow.session.add(
            models.Mandate(
                composition_id=composition.id,
                person_id=person.id,
                seat=SeatKind.PERMANENT if permanent else SeatKind.CIVIL,
                body_index=member.body_index,
                organization=member.organization,
                starts_on=civil_start,
                ends_on=compositions.OPEN_END if permanent else civil_end,
                came=Came.IMPORTED,
                commission_member_id=member_id,
                left_note="",
            )
        )
        persons.append(person)
    for surname, name, patronymic, body_index, position in demo.COUNTING:
        registries.save_counting_member(uow, CountingMemberDraft(surname, name, patronymic, body_index, position))
    uow.commit()
    return persons


def competition(uow: UnitOfWork, body_id: int, published: dt.date, seats: int) -> int:
    competition_id = competitions.create_competition(
        uow,
        CompetitionDraft(
            kind=Kind.COUNCIL,
            variant=Variant.REGULAR,
            body_id=body_id,
            seats=seats,
            term_years=2,
            expiry_date=published + dt.timedelta(days=65),
            intake_address=demo.INTAKE_ADDRESS,
            intake_address_ru=demo.INTAKE_ADDRESS_RU,
            contact=demo.CONTACT,
        ),
    )
    competitions.announce(uow, competition_id, published, *demo.MEDIA_OUTLET)
    return competition_id


def apply(uow: UnitOfWork, competition_id: int, number: int, person: models.Person, published: dt.date) -> None:
    """The rows ``register_application`` and ``add_document`` write: the application and its documents (a CV
    replaced once in every sixth)."""
    received = dt.datetime.combine(published + dt.timedelta(days=2 + number % 20), dt.time(10, 30), BISHKEK)
    row = models.Application(
        competition_id=competition_id,
        number=number,
        person=person,
        received_at=received.astimezone(dt.UTC).replace(tzinfo=None),
        channel=Channel.IN_PERSON,
        nomination=Nomination.SELF,
        received_by="Кадырова М. А.",
        notes="",
    )
    uow.session.add(row)
    uow.session.flush()
    for code, count in DOCUMENTS.items():
        for copy in range(count):
            versions = 2 if code == "cv_with_photo" and number % 6 == 0 else 1
            replaces: models.Document | None = None
            for version in range(1, versions + 1):
                digest = hashlib.sha256(f"{row.id}-{code}-{copy}-{version}".encode()).hexdigest()
                document = models.Document(
                    application_id=row.id,
                    doc_type=code,
                    sha256=digest,
                    size=48_000 + number,
                    file_type=FileType.PDF,
                    display_name=f"{demo.DOCUMENT_TITLES[code]} {copy + 1}.pdf",
                    version=version,
                    replaces_id=replaces.id if replaces is not None else None,
                    superseded=version < versions,
                )
                uow.session.add(document)
                if version < versions:
                    uow.session.flush()  # the next version names it
                replaces = document


def tallied_competitions(
    uow: UnitOfWork, body_ids: list[int], people: People
) -> tuple[list[models.Person], list[models.Person]]:
    """Five councils' competitions screened, voted and tallied through the app's use cases, their decisions not
    signed: the people each elected and the people each put first in its reserve (four and one a competition),
    who apply in the campaign too."""
    elected_people: list[models.Person] = []
    reserve_people: list[models.Person] = []
    published = TODAY - dt.timedelta(days=60)
    for body_id in body_ids[CAMPAIGN:]:
        competition_id = competition(uow, body_id, published, 9)
        persons = [people.new() for _ in range(TALLIED_APPLICANTS)]
        uow.session.flush()
        for number, person in enumerate(persons, start=1):
            apply(uow, competition_id, number, person, published)
        uow.commit()
        competitions.close_intake(uow, competition_id)
        applications.start_screening(uow, competition_id)
        for row in applications.screening_grid(uow, competition_id).rows:
            if row.decision.missing:
                applications.record_verdicts(
                    uow, row.application.id, row.decision.missing, Verdict(True, "справки"), "Токтосунова Д. У."
                )
        applications.finish_screening(uow, competition_id)
        demo.record_demo_screening_session(uow, competition_id)
        round_id = voting.open_session(uow, competition_id, demo.demo_session(uow, competition_id))
        on_paper = {c.tally_id: c.number for c in voting.get_round(uow, round_id).candidates}
        tally_ids = [
            applications.display_number(uow.competitions.require(competition_id).number, n) for n in range(1, 21)
        ]
        # applicant k (1-based) gets 16 - k votes: 1..9 elected, 10.. in the reserve, no tie
        votes = {on_paper[t]: max(0, 16 - k) for k, t in enumerate(tally_ids, start=1) if 16 - k > 0}
        papers = demo.papers_from_votes(votes, 15)
        for side in (Side.SECRETARIAT, Side.COUNTING):
            demo.enter_papers(uow, round_id, side, papers)
        voting.close_round(uow, round_id, voting.PaperCounts(15, 15, 0))
        assert uow.competitions.require(competition_id).state is State.TALLIED
        outcome = voting.outcome(uow, competition_id)
        assert set(tally_ids[:4]) <= set(outcome.elected) and tally_ids[9] in outcome.reserve, outcome
        elected_people += persons[:4]
        reserve_people.append(persons[9])
    return elected_people, reserve_people


def campaign(
    uow: UnitOfWork,
    body_ids: list[int],
    sitting: dict[int, list[models.Person]],
    former: dict[int, list[models.Person]],
    roster: list[models.Person],
    elected: list[models.Person],
    reserve: list[models.Person],
    people: People,
) -> tuple[list[int], Counter[str]]:
    """The campaign's 36 competitions in screening, 40 applications each; the exclusions expected, by reason."""
    row = models.Campaign(number="2026/K1", note="")
    uow.session.add(row)
    uow.commit()
    published = TODAY - dt.timedelta(days=45)
    ids = [competition(uow, body_id, published, SEATS) for body_id in body_ids[:CAMPAIGN]]
    for competition_id in ids:
        uow.competitions.require(competition_id).campaign_id = row.id
    # applicants 6 and 7 of each competition also apply to the next one (as its applicants 4 and 5)
    twice = {c: [people.new(), people.new()] for c in range(CAMPAIGN)}
    expected: Counter[str] = Counter()
    elsewhere = iter(elected + reserve)
    for c, competition_id in enumerate(ids):
        own = body_ids[c]
        applicants: list[models.Person] = []
        for i in range(1, APPLICANTS + 1):
            if i in (1, 2):  # sitting now on another body's council (not in the campaign)
                person = sitting[body_ids[CAMPAIGN + (c + i) % TALLIED]][3 + i]
                expected["other_council"] += 1
            elif i == 3:  # sitting now on the same council, applying for the next term
                person = sitting[own][5]
            elif i in (4, 5):
                person = twice[(c - 1) % CAMPAIGN][i - 4]
            elif i in (6, 7):
                person = twice[c][i - 6]
            elif i == 8 and c % 9 == 0:  # a member of the Commission
                person = roster[5 + c // 9]
                expected["commission_member"] += 1
            elif i == 9 and c < len(elected) + len(reserve):  # elected (or in the reserve) elsewhere, not signed yet
                person = next(elsewhere)
                expected["other_council"] += person in elected
            elif i == 10:  # a former member of this council: their term is over
                person = former[own][c % 5]
            else:
                person = people.new()
            applicants.append(person)
        uow.session.flush()
        for number, person in enumerate(applicants, start=1):
            apply(uow, competition_id, number, person, published)
        uow.commit()
        competitions.close_intake(uow, competition_id)
        applications.start_screening(uow, competition_id)
    # some verdicts already recorded, and a withdrawal, as in the middle of the screening
    for application in uow.session.scalars(
        select(models.Application).where(models.Application.competition_id.in_(ids), models.Application.number <= 12)
    ):
        uow.session.add(
            models.ScreeningVerdict(
                application_id=application.id,
                criterion="no_criminal_record",
                passed=application.number != 11,
                note="справка көрүлдү",
                decided_by="Токтосунова Д. У.",
            )
        )
        if application.number == 12:
            application.withdrawn_at = (NOW - dt.timedelta(days=10)).replace(tzinfo=None)
            application.withdraw_reason = "өз каалоосу менен"
    uow.commit()
    return ids, expected


def build(folder: Path) -> tuple[Database, list[int], Counter[str]]:
    db = Database.open(sqlite_url(folder / "campaign.sqlite"), FixedClock(NOW))
    with db.uow() as uow:
        people = People(uow)
        body_ids, sitting, former = bodies_and_history(uow, people)
        roster = commission(uow, people)
        elected, reserve = tallied_competitions(uow, body_ids, people)
        ids, expected = campaign(uow, body_ids, sitting, former, roster, elected, reserve, people)
    return db, ids, expected


# --- what is timed ------------------------------------------------------------------------------------------------


def grid(db: Database, competition_id: int) -> applications.ScreeningGrid:
    with db.uow() as uow:
        return applications.screening_grid(uow, competition_id)


def bare(db: Database, competition_id: int) -> int:
    """The grid's data read with plain queries: the competition, its applications with their persons, the
    documents and the verdicts."""
    with db.uow() as uow:
        uow.session.execute(select(models.Competition).where(models.Competition.id == competition_id)).one()
        rows = uow.session.execute(
            select(models.Application.__table__, models.Person.__table__)
            .join(models.Person, models.Application.person_id == models.Person.id)
            .where(models.Application.competition_id == competition_id)
            .order_by(models.Application.number)
        ).all()
        ids = [r[0] for r in rows]
        documents = uow.session.execute(
            select(models.Document.__table__).where(models.Document.application_id.in_(ids))
        ).all()
        verdicts = uow.session.execute(
            select(models.ScreeningVerdict.__table__).where(models.ScreeningVerdict.application_id.in_(ids))
        ).all()
        return len(rows) + len(documents) + len(verdicts)


def cross(db: Database, competition_id: int, person_ids: set[int]) -> dict[int, compositions.Elsewhere]:
    with db.uow() as uow:
        return compositions.seats_elsewhere(uow, competition_id, person_ids)


def timed(fn: Callable[..., object], *args: object) -> float:
    start = time.process_time()
    fn(*args)
    return time.process_time() - start


@contextmanager
def statements(db: Database) -> Iterator[list[str]]:
    seen: list[str] = []

    def listener(*args: object) -> None:
        seen.append(str(args[2]))

    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    folder = tempfile.TemporaryDirectory(prefix="osgo-bench-campaign-")
    os.environ["OSGO_HOME"] = folder.name  # nothing goes into the user's data
    start = time.perf_counter()
    db, ids, expected = build(Path(folder.name))
    built = time.perf_counter() - start
    with db.uow() as uow:
        applicants = {
            c: set(
                uow.session.scalars(select(models.Application.person_id).where(models.Application.competition_id == c))
            )
            for c in ids
        }
    # what the rules find, before anything is timed: the campaign's exclusions, by reason
    found: Counter[str] = Counter()
    for c in ids:
        found.update(e.reason for e in cross(db, c, applicants[c]).values())
        grid(db, c)  # warm-up: the profile, the translations, the statements' compilation
        bare(db, c)
    assert found == expected, f"the cross rules found {dict(found)}, the data holds {dict(expected)}"
    grids: list[float] = []
    bares: list[float] = []
    crosses: list[float] = []
    for _ in range(args.repeats):
        for c in ids:  # in turn, so that a busy moment of the machine weighs on all three alike
            grids.append(timed(grid, db, c))
            bares.append(timed(bare, db, c))
            crosses.append(timed(cross, db, c, applicants[c]))
    first = ids[0]
    with statements(db) as seen:
        grid(db, first)
    grid_count = len(seen)
    with statements(db) as seen:
        bare(db, first)
    bare_count = len(seen)
    with statements(db) as seen:
        cross(db, first, applicants[first])
    cross_count = len(seen)
    with statements(db) as seen:
        cross(db, first, set(list(applicants[first])[:1]))
    cross_one = len(seen)
    g, b, x = statistics.median(grids), statistics.median(bares), statistics.median(crosses)
    added = x / max(g - x, 1e-9)
    print(
        f"database: {BODIES} bodies, {BODIES * TERMS} council terms, {TALLIED} competitions tallied, a campaign of "
        f"{len(ids)} × {APPLICANTS} applications in screening (built in {built:.0f} s)"
    )
    print(f"exclusions found in the campaign: {dict(sorted(found.items()))}")
    print(f"{args.repeats} × {len(ids)} grids, CPU time (process_time), median per grid:")
    print(f"  screening grid of {APPLICANTS}: {g * 1000:.1f} ms ({grid_count} SQL statements)")
    print(f"  bare data reads of the same grid: {b * 1000:.1f} ms ({bare_count} SQL statements)")
    print(f"  ratio grid / bare reads: {g / b:.1f}x")
    print(
        f"  the cross rules alone (seats_elsewhere, {APPLICANTS} applicants): {x * 1000:.1f} ms, "
        f"{cross_count} SQL statements ({cross_one} for one applicant); they add {added * 100:.0f}% to the rest of "
        f"the grid"
    )
    print(f"  whole campaign: {g * len(ids) * 1000:.0f} ms")
    ok = g * 1000 <= GRID_GOAL_MS and added <= CROSS_GOAL
    print(
        f"goal: a grid under {GRID_GOAL_MS:.0f} ms, the cross rules adding at most {CROSS_GOAL * 100:.0f}%: "
        f"{'met' if ok else 'NOT met'}"
    )
    db.close()
    folder.cleanup()
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
