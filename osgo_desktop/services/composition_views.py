"""What the Compositions page and ``osgo compositions list|show`` read: every council and the Commission on a date,
and one of them in detail (its members, vacancies and history) — frozen plain data from a few set-based queries.

Decisions (``docs/decisions.md``, "The compositions on a date"):

* The Commission is one row with the councils. Its seats are the civil-society seats of its composition sitting on
  the date (the profile's number when none is on record) plus one permanent seat per body the profile names; its
  term end is its civil composition's.
* A Commission member on the roster (``commission_member``, active, their term covering the date) who is not yet on
  record as a mandate — a database from before compositions, or a permanent member appointed by a body — is shown
  as a member with "On the Commission's roster"; a roster row that is on record as a mandate (by its link, or by the
  same person) is shown once, as the mandate.
* A vacancy is a seat of the sitting composition that nobody holds on the date: an early departure whose seat was
  not filled by then (the one who left, when and why), then the seats never filled (a competition elected fewer).
* A PIN is never shown whole here: its first digit and its last two ("2•••••••••••34").
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any, Final

from sqlalchemy import Executable, Row, bindparam, or_, select

from osgo_desktop.domain import composition as rules
from osgo_desktop.domain.collation import kyrgyz_sort_key
from osgo_desktop.domain.composition import CAME_LABELS, LEFT_LABELS, Came, LeftReason, SeatKind
from osgo_desktop.domain.person import mask_pin
from osgo_desktop.domain.profile import LocalText, RegulationProfile
from osgo_desktop.domain.registry import COMMISSION_CODE, Seat, Sex, full_name
from osgo_desktop.errors import KnownError
from osgo_desktop.i18n import N_, _, current_language
from osgo_desktop.services import personal_data, registries
from osgo_desktop.storage import models
from osgo_desktop.storage.uow import UnitOfWork

#: the word that names the Commission where a body's code is asked for
COMMISSION: Final = COMMISSION_CODE
#: how a roster member not on record as a mandate came, when shown with the mandates
ON_ROSTER: Final = N_("On the Commission's roster (no mandate on record)")
#: a seat of the composition that nobody was seated in
NEVER_FILLED: Final = N_("Not filled when the composition was formed")

SEAT_KIND_LABELS: Final = {
    SeatKind.COUNCIL: N_("Council member"),
    SeatKind.CIVIL: N_("Civil society"),
    SeatKind.PERMANENT: N_("Permanent (state)"),
}

# --- the rows ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BodyComposition:
    """One line of the list: a council (or the Commission, ``body_id`` None) and its composition on the date."""

    body_id: int | None
    #: the body's code ("" when it has none); :data:`COMMISSION` for the Commission
    code: str
    name: LocalText
    active: bool
    #: the composition sitting on the date (for the Commission: its civil one); None when none sits
    composition_id: int | None
    seats: int
    filled: int
    vacant: int
    term_start: dt.date | None
    term_end: dt.date | None

    @property
    def is_commission(self) -> bool:
        return self.body_id is None


@dataclass(frozen=True)
class MandateRow:
    """A person on a seat: a mandate, or (``mandate_id`` None) a Commission roster member not on record as one."""

    mandate_id: int | None
    roster_id: int | None
    composition_id: int | None
    person_id: int | None
    full_name: str
    #: masked (:func:`mask_pin`)
    pin: str
    sex: Sex
    seat: SeatKind
    #: a permanent Commission seat: the body that appoints to it
    represents: LocalText | None
    organization: str
    starts_on: dt.date | None
    #: None: an open end (a permanent member, appointed until recalled)
    ends_on: dt.date | None
    #: None: a roster member not on record as a mandate
    came: Came | None
    #: the number of the competition they came by ("" for none)
    competition: str
    #: the member whose vacated seat they took ("" for none), and their mandate
    replaces: str
    replaces_id: int | None
    left_on: dt.date | None
    left_reason: LeftReason | None
    left_note: str

    @property
    def last_day(self) -> dt.date | None:
        """The last day they hold (held) the seat; None for an open end."""
        if self.left_on is not None:
            last = self.left_on - dt.timedelta(days=1)
            return last if self.ends_on is None else min(self.ends_on, last)
        return self.ends_on


@dataclass(frozen=True)
class VacancyRow:
    """A seat nobody holds on the date."""

    composition_id: int | None
    seat: SeatKind
    #: the mandate that left it vacant (what a fill from the reserve names); None for a seat never filled
    vacated_id: int | None
    #: the day the seat became vacant (the departure; the formation for a seat never filled); None unknown
    since: dt.date | None
    #: who left it ("" for a seat never filled)
    left_name: str
    left_reason: LeftReason | None
    left_note: str
    #: the last day of the vacated term (what a replacement serves to)
    until: dt.date | None
    #: a permanent Commission seat: the body that appoints to it
    represents: LocalText | None = None


@dataclass(frozen=True)
class CompositionTerm:
    """One composition of the body, with every mandate of it."""

    composition_id: int
    seats: int
    term_start: dt.date
    term_end: dt.date
    #: the last day of its powers when they ended early (the next composition was formed)
    ended_on: dt.date | None
    #: the number of the competition that formed it ("" when imported)
    competition: str
    note: str
    mandates: tuple[MandateRow, ...]

    @property
    def last_day(self) -> dt.date:
        return min(self.term_end, self.ended_on) if self.ended_on is not None else self.term_end


@dataclass(frozen=True)
class CompositionDetail:
    body: BodyComposition
    on: dt.date
    #: who holds a seat on the date, in Kyrgyz alphabetical order
    members: tuple[MandateRow, ...]
    vacancies: tuple[VacancyRow, ...]
    #: every composition of the body, the newest first
    history: tuple[CompositionTerm, ...]


# --- what the rows say (translated when asked, in the current language) --------------------------------------------


def came_text(row: MandateRow, lang: str | None = None) -> str:
    """How they came: "Elected in competition 2026/04", "Appointed by …", "On the Commission's roster …"."""
    lang = lang or current_language()
    if row.came is None:
        return _(ON_ROSTER)
    body = row.represents.get(lang) if row.represents is not None else "—"
    return _(CAME_LABELS[row.came]).format(competition=row.competition or "—", body=body)


def seat_text(seat: SeatKind, represents: LocalText | None, lang: str | None = None) -> str:
    """The seat: "Council member", "Civil society", or "Permanent (state): <the appointing body>"."""
    text = _(SEAT_KIND_LABELS[seat])
    if represents is not None:
        text = _("{seat}: {body}").format(seat=text, body=represents.get(lang or current_language()))
    return text


def left_text(row: MandateRow | VacancyRow) -> str:
    """How they left: "Resigned", with the note when there is one; "" while they sit."""
    if row.left_reason is None:
        return ""
    text = _(LEFT_LABELS[row.left_reason])
    note = row.left_note.strip()
    return _("{reason} ({note})").format(reason=text, note=note) if note else text


def body_key(row: BodyComposition, lang: str | None = None) -> tuple[bool, str, str]:
    """The Commission first, then the bodies in Kyrgyz alphabetical order of their names as shown in ``lang``."""
    name = row.name.get(lang or current_language())
    return row.body_id is not None, kyrgyz_sort_key(name), name


def in_order(rows: Iterable[BodyComposition], lang: str | None = None) -> list[BodyComposition]:
    """``rows`` as the list shows them in ``lang``: :func:`body_key`."""
    return sorted(rows, key=lambda row: body_key(row, lang))


def person_key(row: MandateRow) -> tuple[str, str]:
    """Persons in Kyrgyz alphabetical order (the name as written breaks a tie of case)."""
    return kyrgyz_sort_key(row.full_name), row.full_name


# --- the list -----------------------------------------------------------------------------------------------------


def _holds(starts_on: dt.date | None, ends_on: dt.date | None, left_on: dt.date | None, day: dt.date) -> bool:
    if starts_on is not None and starts_on > day:
        return False
    if ends_on is not None and ends_on < day:
        return False
    return left_on is None or left_on > day


def _sitting_compositions(uow: UnitOfWork, on: dt.date) -> dict[int | None, models.Composition]:
    """For each body (None: the Commission) the composition whose powers run on ``on``: the latest formed."""
    query = (
        select(models.Composition)
        .where(
            models.Composition.term_start <= on,
            models.Composition.term_end >= on,
            or_(models.Composition.ended_on.is_(None), models.Composition.ended_on >= on),
        )
        .order_by(models.Composition.term_start, models.Composition.id)
    )
    return {row.body_id: row for row in uow.session.scalars(query)}


def _commission_seats(profile: RegulationProfile, civil: models.Composition | None) -> tuple[int, int]:
    """The Commission's civil-society and permanent seats."""
    return (civil.seats if civil is not None else profile.commission_civil_seats), len(
        profile.commission_permanent_bodies
    )


def list_compositions(uow: UnitOfWork, on: dt.date) -> list[BodyComposition]:
    """Every council (each active state body, and any other with a composition sitting on ``on``) and the
    Commission, with the composition sitting on ``on``: seats, filled, vacant, term. The Commission first, then the
    bodies in Kyrgyz alphabetical order of their names."""
    sitting = _sitting_compositions(uow, on)
    ids = [c.id for c in sitting.values()]
    sitting_ids = set(ids)
    held: dict[int, int] = defaultdict(int)
    permanent = 0
    linked_roster: set[int] = set()
    linked_people: set[int] = set()
    for composition_id, seat, person_id, roster_id, body_id, starts_on, ends_on, left_on in uow.session.execute(
        _list_query(), {"ids": ids}
    ):
        if body_id is None:
            linked_people.add(person_id)
            if roster_id is not None:
                linked_roster.add(roster_id)
        if not _holds(starts_on, ends_on, left_on, on):
            continue
        if seat is SeatKind.PERMANENT:
            permanent += 1
        elif composition_id in sitting_ids:
            held[composition_id] += 1
    profile = registries.current_profile(uow)
    civil = sitting.get(None)
    roster = _unlinked_roster(uow, on, linked_roster, linked_people)
    civil_seats, permanent_seats = _commission_seats(profile, civil)
    civil_filled = (held[civil.id] if civil is not None else 0) + sum(1 for r in roster if r.seat is Seat.CIVIL)
    permanent_filled = permanent + sum(1 for r in roster if r.seat is Seat.PERMANENT)
    commission = BodyComposition(
        body_id=None,
        code=COMMISSION,
        name=profile.commission_name,
        active=True,
        composition_id=civil.id if civil is not None else None,
        seats=civil_seats + permanent_seats,
        filled=civil_filled + permanent_filled,
        vacant=max(0, civil_seats - civil_filled) + max(0, permanent_seats - permanent_filled),
        term_start=civil.term_start if civil is not None else None,
        term_end=civil.term_end if civil is not None else None,
    )
    rows = []
    for body in uow.session.scalars(select(models.StateBody)):
        composition = sitting.get(body.id)
        if composition is None and not body.active:
            continue
        rows.append(_body_row(body, composition, held[composition.id] if composition is not None else 0))
    return in_order([commission, *rows], "ky")


@cache
def _list_query() -> Executable:
    """The mandates the list counts, in one query: those of the compositions sitting (``ids``), and every mandate of
    the Commission (its permanent seats are held whatever its term, and its roster is matched against all of them).
    Built once."""
    return (
        select(
            models.Mandate.composition_id,
            models.Mandate.seat,
            models.Mandate.person_id,
            models.Mandate.commission_member_id,
            models.Composition.body_id,
            models.Mandate.starts_on,
            models.Mandate.ends_on,
            models.Mandate.left_on,
        )
        .join(models.Composition, models.Mandate.composition_id == models.Composition.id)
        .where(
            or_(
                models.Mandate.composition_id.in_(bindparam("ids", expanding=True)),
                models.Composition.body_id.is_(None),
            )
        )
    )


def _body_row(body: models.StateBody, composition: models.Composition | None, filled: int) -> BodyComposition:
    seats = composition.seats if composition is not None else 0
    return BodyComposition(
        body_id=body.id,
        code=body.code or "",
        name=LocalText(body.name_ky, body.name_ru, body.name_en),
        active=body.active,
        composition_id=composition.id if composition is not None else None,
        seats=seats,
        filled=filled,
        vacant=max(0, seats - filled),
        term_start=composition.term_start if composition is not None else None,
        term_end=composition.term_end if composition is not None else None,
    )


def _unlinked_roster(
    uow: UnitOfWork, on: dt.date, linked_roster: set[int], linked_people: set[int]
) -> list[models.CommissionMember]:
    """The active Commission roster members whose term covers ``on`` and who are not on record as a mandate."""
    return [
        member
        for member in uow.session.scalars(select(models.CommissionMember).where(models.CommissionMember.active))
        if member.id not in linked_roster
        and (member.person_id is None or member.person_id not in linked_people)
        and _holds(member.term_start, member.term_end, None, on)
    ]


# --- one body in detail -------------------------------------------------------------------------------------------


def composition_detail(uow: UnitOfWork, body_id: int | None, on: dt.date) -> CompositionDetail:
    """The council of ``body_id`` (None: the Commission) on ``on``: who holds a seat, the vacancies, and every
    composition it had with its mandates (callers resolve a body's code with ``registries.body_by_code``)."""
    profile = registries.current_profile(uow)
    body = uow.session.get(models.StateBody, body_id) if body_id is not None else None
    if body_id is not None and body is None:
        raise KnownError(_("No state body has the id {id}.").format(id=body_id))
    compositions = list(
        uow.session.scalars(
            select(models.Composition)
            .where(models.Composition.body_id.is_(None) if body_id is None else models.Composition.body_id == body_id)
            .order_by(models.Composition.term_start.desc(), models.Composition.id.desc())
        )
    )
    by_composition = _mandates(uow, [c.id for c in compositions], profile)
    numbers = _competition_numbers(uow, [c.competition_id for c in compositions])
    history = tuple(
        CompositionTerm(
            composition_id=c.id,
            seats=c.seats,
            term_start=c.term_start,
            term_end=c.term_end,
            ended_on=c.ended_on,
            competition=numbers.get(c.competition_id, "") if c.competition_id is not None else "",
            note=c.note,
            mandates=tuple(sorted(by_composition.get(c.id, ()), key=person_key)),
        )
        for c in compositions
    )
    sitting = next(
        (
            t
            for t in sorted(history, key=lambda t: (t.term_start, t.composition_id), reverse=True)
            if t.term_start <= on <= t.last_day
        ),
        None,
    )
    if body is None:
        members, vacancies, body_row = _commission_on(uow, profile, sitting, compositions, history, on)
    else:
        members = [m for m in (sitting.mandates if sitting else ()) if _holds(m.starts_on, m.ends_on, m.left_on, on)]
        vacancies = _vacancies(sitting, members, on)
        body_row = _body_row(body, _composition_of(compositions, sitting), len(members))
    if not personal_data.shows_personal(uow):  # not even the masked PIN (its first and last two digits)
        members = [dataclasses.replace(m, pin="") for m in members]
        history = tuple(
            dataclasses.replace(t, mandates=tuple(dataclasses.replace(m, pin="") for m in t.mandates)) for t in history
        )
    return CompositionDetail(
        body=body_row,
        on=on,
        members=tuple(sorted(members, key=person_key)),
        vacancies=tuple(vacancies),
        history=history,
    )


def _composition_of(compositions: list[models.Composition], term: CompositionTerm | None) -> models.Composition | None:
    return next((c for c in compositions if term is not None and c.id == term.composition_id), None)


def _competition_numbers(uow: UnitOfWork, ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    query = select(models.Competition.id, models.Competition.number).where(models.Competition.id.in_(wanted))
    return {row.id: row.number for row in uow.session.execute(query)}


def _mandates(uow: UnitOfWork, composition_ids: list[int], profile: RegulationProfile) -> dict[int, list[MandateRow]]:
    """Every mandate of the compositions, with the person and the competition, in one query."""
    if not composition_ids:
        return {}
    rows = uow.session.execute(_mandates_query(), {"ids": composition_ids}).all()
    names = {row.id: full_name(row.surname, row.name, row.patronymic) for row in rows}
    out: dict[int, list[MandateRow]] = defaultdict(list)
    for row in rows:
        out[row.composition_id].append(_mandate_row(row, names, profile))
    return out


@cache
def _mandates_query() -> Executable:
    """Built once: making a statement of twenty columns costs more than running it on a few hundred rows."""
    m, p = models.Mandate, models.Person
    return (
        select(
            m.id,
            m.composition_id,
            m.person_id,
            m.commission_member_id,
            m.seat,
            m.body_index,
            m.organization,
            m.starts_on,
            m.ends_on,
            m.came,
            m.replaces_id,
            m.left_on,
            m.left_reason,
            m.left_note,
            p.surname,
            p.name,
            p.patronymic,
            p.pin,
            p.sex,
            models.Competition.number,
        )
        .join(p, m.person_id == p.id)
        .outerjoin(models.Competition, m.competition_id == models.Competition.id)
        .where(m.composition_id.in_(bindparam("ids", expanding=True)))
    )


def _mandate_row(row: Row[Any], names: dict[int, str], profile: RegulationProfile) -> MandateRow:
    return MandateRow(
        mandate_id=row.id,
        roster_id=row.commission_member_id,
        composition_id=row.composition_id,
        person_id=row.person_id,
        full_name=names[row.id],
        pin=mask_pin(row.pin or ""),
        sex=row.sex,
        seat=row.seat,
        represents=_represents(profile, row.body_index) if row.seat is SeatKind.PERMANENT else None,
        organization=row.organization,
        starts_on=row.starts_on,
        ends_on=None if row.ends_on >= _OPEN_END else row.ends_on,
        came=row.came,
        competition=row.number or "",
        replaces=names.get(row.replaces_id, "") if row.replaces_id is not None else "",
        replaces_id=row.replaces_id,
        left_on=row.left_on,
        left_reason=row.left_reason,
        left_note=row.left_note or "",
    )


#: a mandate that ends on this day or later has an open end (``services.compositions.OPEN_END``)
_OPEN_END: Final = dt.date(9999, 1, 1)


def _represents(profile: RegulationProfile, index: int | None) -> LocalText | None:
    bodies = profile.commission_permanent_bodies
    return bodies[index] if index is not None and 0 <= index < len(bodies) else None


def _vacancies(
    term: CompositionTerm | None, members: Iterable[MandateRow], on: dt.date, seats: int | None = None
) -> list[VacancyRow]:
    """The council or civil-society seats nobody holds on ``on`` (``seats`` of them, by default the sitting
    composition's): first the early departures from it not filled by then, the oldest first, then the seats never
    filled."""
    if seats is None:
        if term is None:
            return []
        seats = term.seats
    mandates = term.mandates if term is not None else ()
    held = sum(1 for m in members if m.seat is not SeatKind.PERMANENT)
    free = max(0, seats - held)
    replaced = {m.replaces_id for m in mandates if m.replaces_id is not None and _started(m, on)}
    departures = sorted(
        (
            m
            for m in mandates
            if m.seat is not SeatKind.PERMANENT
            and m.left_reason in rules.EARLY
            and m.left_on is not None
            and m.left_on <= on
            and m.mandate_id not in replaced
        ),
        key=lambda m: (m.left_on or dt.date.min, m.mandate_id or 0),
    )
    composition_id = term.composition_id if term is not None else None
    out = [
        VacancyRow(
            composition_id=composition_id,
            seat=m.seat,
            vacated_id=m.mandate_id,
            since=m.left_on,
            left_name=m.full_name,
            left_reason=m.left_reason,
            left_note=m.left_note,
            until=m.ends_on,
        )
        for m in departures[:free]
    ]
    seat = next((m.seat for m in mandates if m.seat is not SeatKind.PERMANENT), None)
    if seat is None:
        seat = SeatKind.CIVIL if term is None or _is_commission_term(term) else SeatKind.COUNCIL
    since = term.term_start if term is not None else None
    until = term.term_end if term is not None else None
    out += [VacancyRow(composition_id, seat, None, since, "", None, "", until) for _i in range(free - len(out))]
    return out


def _started(row: MandateRow, on: dt.date) -> bool:
    return row.starts_on is None or row.starts_on <= on


def _is_commission_term(term: CompositionTerm) -> bool:
    return any(m.seat is not SeatKind.COUNCIL for m in term.mandates)


def _roster_row(member: models.CommissionMember, profile: RegulationProfile) -> MandateRow:
    permanent = member.seat is Seat.PERMANENT
    return MandateRow(
        mandate_id=None,
        roster_id=member.id,
        composition_id=None,
        person_id=member.person_id,
        full_name=full_name(member.surname, member.name, member.patronymic),
        pin=mask_pin(member.pin or ""),
        sex=member.sex,
        seat=SeatKind.PERMANENT if permanent else SeatKind.CIVIL,
        represents=_represents(profile, member.body_index) if permanent else None,
        organization=member.organization,
        starts_on=member.term_start,
        ends_on=member.term_end,
        came=None,
        competition="",
        replaces="",
        replaces_id=None,
        left_on=None,
        left_reason=None,
        left_note="",
    )


def _commission_on(
    uow: UnitOfWork,
    profile: RegulationProfile,
    sitting: CompositionTerm | None,
    compositions: list[models.Composition],
    history: tuple[CompositionTerm, ...],
    on: dt.date,
) -> tuple[list[MandateRow], list[VacancyRow], BodyComposition]:
    """The Commission on ``on``: the civil-society members of its sitting composition, every permanent member
    holding a seat then (whatever composition their mandate was recorded in), and the roster members not on record
    as mandates; the vacant civil seats, then the permanent seats no one holds."""
    every = [m for t in history for m in t.mandates]
    civil = [
        m
        for m in (sitting.mandates if sitting is not None else ())
        if m.seat is SeatKind.CIVIL and _holds(m.starts_on, m.ends_on, m.left_on, on)
    ]
    permanent = [m for m in every if m.seat is SeatKind.PERMANENT and _holds(m.starts_on, m.ends_on, m.left_on, on)]
    linked_roster = {m.roster_id for m in every if m.roster_id is not None}
    linked_people = {m.person_id for m in every if m.person_id is not None}
    roster = [_roster_row(r, profile) for r in _unlinked_roster(uow, on, linked_roster, linked_people)]
    civil += [r for r in roster if r.seat is SeatKind.CIVIL]
    permanent += [r for r in roster if r.seat is SeatKind.PERMANENT]
    composition = _composition_of(compositions, sitting)
    civil_seats, permanent_seats = _commission_seats(profile, composition)
    vacancies = _vacancies(sitting, civil, on, civil_seats)
    held_bodies = {m.represents for m in permanent if m.represents is not None}
    vacancies += [
        VacancyRow(None, SeatKind.PERMANENT, None, None, "", None, "", None, represents=body)
        for body in profile.commission_permanent_bodies
        if body not in held_bodies
    ][: max(0, permanent_seats - len(permanent))]
    filled = min(civil_seats, len(civil)) + min(permanent_seats, len(permanent))
    row = BodyComposition(
        body_id=None,
        code=COMMISSION,
        name=profile.commission_name,
        active=True,
        composition_id=composition.id if composition is not None else None,
        seats=civil_seats + permanent_seats,
        filled=len(civil) + len(permanent),
        vacant=civil_seats + permanent_seats - filled,
        term_start=composition.term_start if composition is not None else None,
        term_end=composition.term_end if composition is not None else None,
    )
    return civil + permanent, vacancies, row
