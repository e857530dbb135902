"""Compositions: who holds which seat of a public council or of the Commission, from when to when.

The rules are in ``domain/composition.py``; here they meet the database. Three things happen here:

* **Seating** (:func:`seat_elected`): the signed decision that closes a regular competition seats its elected for
  the profile's term from the formation date the decision states, and ends the powers of the composition before;
  a replacement competition's elected fill the open vacancies of the sitting composition, for the rest of its term.
  It runs inside the use case that attaches the signed copy (``protocols.attach_signed_copy``): one transaction.
* **Reading** (:func:`holdings_on`, :func:`members`): the members of a composition on any date.
* **The cross-cutting rules** (:func:`seats_elsewhere`, :func:`cross_exclusions`): a person sits on one council
  only, a Commission member sits on no council, a candidate for the Commission is not already a member of it —
  from the compositions and from every competition tallied but not yet closed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import or_, select

from osgo_desktop.domain import composition as rules
from osgo_desktop.domain.composition import Came, LeftReason, SeatKind, Term
from osgo_desktop.domain.lifecycle import State
from osgo_desktop.domain.profile import Kind, RegulationProfile, Variant
from osgo_desktop.domain.record import ProtocolKind
from osgo_desktop.domain.registry import Role, Seat
from osgo_desktop.errors import KnownError
from osgo_desktop.i18n import _, format_date
from osgo_desktop.services.applications import display_number
from osgo_desktop.storage import models
from osgo_desktop.storage.uow import UnitOfWork

#: the end of a mandate that has none (a permanent member of the Commission, appointed until recalled)
OPEN_END = dt.date(9999, 12, 31)


# --- reading ------------------------------------------------------------------------------------------------------


def term_of(row: models.Mandate) -> Term:
    return Term(row.starts_on, row.ends_on, row.left_on)


@dataclass(frozen=True)
class Holding:
    """A seat held on some day, as the cross-cutting rules see it."""

    mandate_id: int
    person_id: int
    pin: str
    #: the council's body; None for a Commission seat
    body_id: int | None
    seat: SeatKind
    last_day: dt.date


def holdings_on(uow: UnitOfWork, day: dt.date, *, or_later: bool = False) -> list[Holding]:
    """Every seat held on ``day`` (with ``or_later``: held on that day or starting after it — a seat that is not
    over yet)."""
    query = (
        select(models.Mandate, models.Composition.body_id, models.Person.pin)
        .join(models.Composition, models.Mandate.composition_id == models.Composition.id)
        .join(models.Person, models.Mandate.person_id == models.Person.id)
        .where(models.Mandate.ends_on >= day, or_(models.Mandate.left_on.is_(None), models.Mandate.left_on > day))
    )
    if not or_later:
        query = query.where(models.Mandate.starts_on <= day)
    out = []
    for mandate, body_id, pin in uow.session.execute(query).unique():
        out.append(Holding(mandate.id, mandate.person_id, pin or "", body_id, mandate.seat, term_of(mandate).last_day))
    return out


def current_composition(uow: UnitOfWork, body_id: int | None, day: dt.date) -> models.Composition | None:
    """The composition of ``body_id``'s council (None: the Commission) whose powers run on ``day``: the latest one
    formed on or before it and not ended before it."""
    query = (
        select(models.Composition)
        .where(
            models.Composition.body_id.is_(None) if body_id is None else models.Composition.body_id == body_id,
            models.Composition.term_start <= day,
            models.Composition.term_end >= day,
            or_(models.Composition.ended_on.is_(None), models.Composition.ended_on >= day),
        )
        .order_by(models.Composition.term_start.desc(), models.Composition.id.desc())
    )
    return uow.session.scalars(query).first()


# --- seating the elected ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Seated:
    composition_id: int
    mandate_ids: tuple[int, ...]


def _profile(competition: models.Competition) -> RegulationProfile:
    return RegulationProfile.from_obj(competition.profile_data)


def _formation_date(uow: UnitOfWork, competition_id: int) -> dt.date:
    row = uow.session.scalar(
        select(models.ProtocolFacts.formation_date).where(
            models.ProtocolFacts.competition_id == competition_id,
            models.ProtocolFacts.kind == ProtocolKind.DECISION,
            models.ProtocolFacts.round_number == 0,
        )
    )
    if row is None:
        raise KnownError(_("The decision does not state the date the composition is formed."))
    return row


def _applications_by_tally_id(uow: UnitOfWork, competition: models.Competition) -> dict[str, models.Application]:
    rows = uow.session.scalars(
        select(models.Application).where(models.Application.competition_id == competition.id)
    ).unique()
    return {display_number(competition.number, row.number): row for row in rows}


def _organization(application: models.Application) -> str:
    if application.organization_row is not None:
        return application.organization_row.name
    if application.association is not None:
        return application.association.name
    return application.person.organization


def seat_elected(uow: UnitOfWork, competition_id: int) -> Seated:
    """Seat the elected of a competition whose signed decision closes it (the caller's transaction; no commit).

    A regular competition forms a new composition for the profile's term from the decision's formation date, and
    the composition before ends the day before (for the Commission: its civil-society seats). A replacement
    competition fills the open vacancies of the composition sitting on that date, oldest vacancy first, each for
    the rest of its term. Nothing is seated twice: a competition that already seated its elected is refused.
    """
    from osgo_desktop.services import voting  # the vote's package imports this one for its cross-cutting rules

    competition = uow.competitions.require(competition_id)
    if uow.session.scalar(select(models.Mandate.id).where(models.Mandate.competition_id == competition.id).limit(1)):
        raise KnownError(
            _("The elected of competition {number} already hold their seats.").format(number=competition.number)
        )
    formation = _formation_date(uow, competition.id)
    elected_ids = voting.outcome(uow, competition.id).elected
    by_tally_id = _applications_by_tally_id(uow, competition)
    elected = [by_tally_id[i] for i in elected_ids if i in by_tally_id]
    body_id = competition.body_id if competition.kind is Kind.COUNCIL else None
    seat = SeatKind.COUNCIL if competition.kind is Kind.COUNCIL else SeatKind.CIVIL
    if competition.variant is Variant.REGULAR:
        return _seat_new_composition(uow, competition, body_id, seat, formation, elected)
    return _seat_replacements(uow, competition, body_id, seat, formation, elected)


def _seat_new_composition(
    uow: UnitOfWork,
    competition: models.Competition,
    body_id: int | None,
    seat: SeatKind,
    formation: dt.date,
    elected: list[models.Application],
) -> Seated:
    term_end = rules.term_end(formation, competition.term_years)
    # The composition before ends the day before the new one is formed.
    for previous in uow.session.scalars(
        select(models.Composition).where(
            models.Composition.body_id.is_(None) if body_id is None else models.Composition.body_id == body_id,
            models.Composition.term_start < formation,
            models.Composition.term_end >= formation,
            models.Composition.ended_on.is_(None),
        )
    ):
        previous.ended_on = formation - dt.timedelta(days=1)
        for mandate in previous.mandates:
            if mandate.seat is seat and mandate.left_on is None and mandate.ends_on >= formation:
                mandate.left_on = formation
                mandate.left_reason = LeftReason.TERM_ENDED
                # no note: a text stored now would stay in the language of whoever closed the competition; the
                # reason and the composition that followed (its competition, its first day) say it in any language
                mandate.left_note = ""
                _leave_roster(uow, mandate)
    new = models.Composition(
        body_id=body_id,
        seats=competition.seats,
        term_start=formation,
        term_end=term_end,
        competition_id=competition.id,
        note="",
    )
    uow.session.add(new)
    uow.session.flush()
    ids = [
        _seat(uow, new, application, seat, Came.ELECTED, competition, formation, term_end).id for application in elected
    ]
    return Seated(new.id, tuple(ids))


def open_vacancies(uow: UnitOfWork, composition: models.Composition) -> list[models.Mandate]:
    """The mandates of ``composition`` that ended early and whose seat nobody has taken since, oldest first."""
    filled = {m.replaces_id for m in composition.mandates if m.replaces_id is not None}
    return sorted(
        (
            m
            for m in composition.mandates
            if m.left_reason is not None and m.left_reason in rules.EARLY and m.id not in filled
        ),
        key=lambda m: (m.left_on or dt.date.min, m.id),
    )


def _seat_replacements(
    uow: UnitOfWork,
    competition: models.Competition,
    body_id: int | None,
    seat: SeatKind,
    formation: dt.date,
    elected: list[models.Application],
) -> Seated:
    composition = current_composition(uow, body_id, formation)
    if composition is None:
        raise KnownError(
            _("No composition sits on {date}: a replacement competition fills the vacancies of a sitting one.").format(
                date=format_date(formation)
            )
        )
    vacancies = [m for m in open_vacancies(uow, composition) if m.seat is seat]
    ids = []
    for application, vacated in zip(elected, vacancies, strict=False):
        ids.append(
            _seat(
                uow, composition, application, seat, Came.REPLACEMENT, competition, formation, vacated.ends_on, vacated
            ).id
        )
    if len(elected) > len(vacancies):
        raise KnownError(
            _("Competition {number} elected {elected} but the composition has {vacant} vacant seats.").format(
                number=competition.number, elected=len(elected), vacant=len(vacancies)
            )
        )
    return Seated(composition.id, tuple(ids))


def _seat(
    uow: UnitOfWork,
    composition: models.Composition,
    application: models.Application,
    seat: SeatKind,
    came: Came,
    competition: models.Competition,
    starts_on: dt.date,
    ends_on: dt.date,
    replaces: models.Mandate | None = None,
) -> models.Mandate:
    """One mandate for the person of ``application`` (and, on the Commission, their line in the roster)."""
    person = application.person
    mandate = models.Mandate(
        composition_id=composition.id,
        person_id=person.id,
        seat=seat,
        organization=_organization(application),
        starts_on=starts_on,
        ends_on=ends_on,
        came=came,
        competition_id=competition.id,
        application_id=application.id,
        replaces_id=replaces.id if replaces is not None else None,
        left_note="",
    )
    if seat is SeatKind.CIVIL:
        member = models.CommissionMember(
            surname=person.surname,
            name=person.name,
            patronymic=person.patronymic,
            sex=person.sex,
            seat=Seat.CIVIL,
            role=Role.MEMBER,
            organization=mandate.organization,
            term_start=starts_on,
            term_end=ends_on,
            contact=person.phone or person.email,
            active=starts_on <= uow.clock.today(),
            pin=person.pin,
            person_id=person.id,
        )
        uow.session.add(member)
        uow.session.flush()
        mandate.commission_member_id = member.id
    uow.session.add(mandate)
    uow.session.flush()
    if mandate not in composition.mandates:  # a collection loaded before the flush does not see the new row
        composition.mandates.append(mandate)
    return mandate


def _leave_roster(uow: UnitOfWork, mandate: models.Mandate) -> None:
    """A Commission member who leaves their seat leaves the roster (attendance, signatures) with it."""
    if mandate.commission_member_id is not None:
        member = uow.session.get(models.CommissionMember, mandate.commission_member_id)
        if member is not None:
            member.active = False


# --- the cross-cutting rules ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Elsewhere:
    """A seat (or an election not yet signed) that keeps a candidate of one competition from a seat in it."""

    #: a reason code of the tally's ``excluded`` (docs/tally.md): other_council | commission_member |
    #: already_on_commission
    reason: str
    #: which seat, the same in every language: the body's code ("MOH"), with the competition's number when the
    #: election is not yet signed ("2026/05 MOH"); "" for the Commission
    detail: str
    #: the council's body (None: the Commission), and the competition's number when the election is not yet signed
    body_id: int | None = field(default=None, compare=False)
    competition: str = field(default="", compare=False)


def _body_labels(uow: UnitOfWork, body_ids: Iterable[int | None]) -> dict[int | None, str]:
    """Bodies as the tally's ``detail`` names them, the same in every language: each one's code (its Kyrgyz name
    without one); "" for the Commission (None), which the reason itself names, and for a body not found."""
    wanted = {i for i in body_ids if i is not None}
    labels: dict[int | None, str] = dict.fromkeys(wanted, "")
    labels[None] = ""
    if wanted:
        rows = uow.session.execute(
            select(models.StateBody.id, models.StateBody.code, models.StateBody.name_ky).where(
                models.StateBody.id.in_(wanted)
            )
        )
        for body_id, code, name_ky in rows:
            labels[body_id] = code or name_ky
    return labels


def _held_by(uow: UnitOfWork, day: dt.date, person_ids: set[int], pins: set[str]) -> list[Holding]:
    """The seats of :func:`holdings_on` (``or_later``) held by ``person_ids`` or by anyone with one of ``pins``, in
    one query, in the order the mandates were recorded."""
    match = [models.Mandate.person_id.in_(person_ids)]
    if pins:
        match.append(models.Person.pin.in_(pins))
    query = (
        select(
            models.Mandate.id,
            models.Mandate.person_id,
            models.Person.pin,
            models.Composition.body_id,
            models.Mandate.seat,
            models.Mandate.starts_on,
            models.Mandate.ends_on,
            models.Mandate.left_on,
        )
        .join(models.Composition, models.Mandate.composition_id == models.Composition.id)
        .join(models.Person, models.Mandate.person_id == models.Person.id)
        .where(
            or_(*match),
            models.Mandate.ends_on >= day,
            or_(models.Mandate.left_on.is_(None), models.Mandate.left_on > day),
        )
        .order_by(models.Mandate.id)
    )
    return [
        Holding(mandate_id, person_id, pin or "", body_id, seat, Term(starts_on, ends_on, left_on).last_day)
        for mandate_id, person_id, pin, body_id, seat, starts_on, ends_on, left_on in uow.session.execute(query)
    ]


def seats_elsewhere(uow: UnitOfWork, competition_id: int, person_ids: Iterable[int]) -> dict[int, Elsewhere]:
    """For each of ``person_ids`` (candidates of competition ``competition_id``) the seat that keeps them from a seat
    in it, if any, under the competition's profile:

    * a council competition (with ``one_council_per_person``): a seat on another body's council that is not over,
      or an election to another body's council in a competition tallied but not yet closed; and, always, a seat on
      the Commission that is not over (``commission_member``);
    * a Commission competition: a Commission seat that outlasts the new composition's start — a member whose term
      this competition renews may stand again (``already_on_commission``); a council seat only when the profile's
      ``one_council_per_person`` says so for the kind.

    A handful of queries, whatever the number of candidates: only the seats, roster lines and elections of these
    people (or of their PINs) are read.
    """
    competition = uow.competitions.require(competition_id)
    kind_rules = _profile(competition).rules(competition.kind)
    wanted = set(person_ids)
    if not wanted:
        return {}
    today = uow.clock.today()
    by_pin: dict[str, set[int]] = {}
    for pid, pin in uow.session.execute(
        select(models.Person.id, models.Person.pin).where(models.Person.id.in_(wanted))
    ):
        if pin:
            by_pin.setdefault(pin, set()).add(pid)

    def owners(holding_person: int, pin: str) -> set[int]:
        found = {holding_person} & wanted
        if pin:
            found |= by_pin.get(pin, set())
        return found

    # (reason, the other council's body, the competition's number when the election is not yet signed)
    found: dict[int, tuple[str, int | None, str]] = {}
    own_body = competition.body_id if competition.kind is Kind.COUNCIL else None
    for holding in _held_by(uow, today, wanted, set(by_pin)):
        for pid in owners(holding.person_id, holding.pin):
            if pid in found:
                continue
            if holding.body_id is None:
                if competition.kind is Kind.COUNCIL:
                    found[pid] = ("commission_member", None, "")
                elif holding.seat is SeatKind.PERMANENT or holding.last_day > _renewed_until(competition, today):
                    found[pid] = ("already_on_commission", None, "")
            elif kind_rules.one_council_per_person and holding.body_id != own_body:
                found[pid] = ("other_council", holding.body_id, "")
    # Roster members of the Commission not yet on record as mandates (a database from before compositions).
    roster_match = [models.CommissionMember.person_id.in_(wanted)]
    if by_pin:
        roster_match.append(models.CommissionMember.pin.in_(set(by_pin)))
    for member in uow.session.scalars(
        select(models.CommissionMember)
        .where(models.CommissionMember.active, or_(*roster_match))
        .order_by(models.CommissionMember.id)
    ):
        for pid in ({member.person_id} & wanted if member.person_id else set()) | (
            by_pin.get(member.pin, set()) if member.pin else set()
        ):
            if pid in found:
                continue
            if competition.kind is Kind.COUNCIL:
                found[pid] = ("commission_member", None, "")
            elif member.seat is Seat.PERMANENT or (member.term_end or OPEN_END) > _renewed_until(competition, today):
                found[pid] = ("already_on_commission", None, "")
    if kind_rules.one_council_per_person:
        for pid, (number, body_id) in _elected_elsewhere(uow, competition, by_pin, wanted).items():
            found.setdefault(pid, ("other_council", body_id, number))
    labels = _body_labels(uow, (body_id for _reason, body_id, _number in found.values()))
    return {
        pid: Elsewhere(reason, " ".join(filter(None, (number, labels[body_id]))), body_id, number)
        for pid, (reason, body_id, number) in found.items()
    }


def elsewhere_text(found: Elsewhere) -> str:
    """Why a seat elsewhere keeps a candidate from this one, as a sentence in the user's language."""
    if found.reason == "other_council":
        return _("sits on, or is elected to, another public council ({council}).").format(council=found.detail)
    if found.reason == "commission_member":
        return _("a member of the Commission sits on no public council.")
    return _("already holds a seat on the Commission.")


def _renewed_until(competition: models.Competition, today: dt.date) -> dt.date:
    """The last day of the Commission seats a Commission competition renews: a member whose seat ends by then may
    stand again (the expiry the competition was created with, or today for a replacement)."""
    return competition.expiry_date or today


def _elected_elsewhere(
    uow: UnitOfWork, competition: models.Competition, by_pin: dict[str, set[int]], wanted: set[int]
) -> dict[int, tuple[str, int | None]]:
    """Candidates elected — tallied, the decision not yet signed — in another body's council competition.

    One query finds where these people (or their PINs) stood in such a competition; the outcome is counted only of
    the competitions they stood in, once each."""
    from osgo_desktop.services import voting

    match = [models.Application.person_id.in_(wanted)]
    if by_pin:
        match.append(models.Person.pin.in_(set(by_pin)))
    stood = uow.session.execute(
        select(
            models.Competition.id,
            models.Competition.number,
            models.Competition.body_id,
            models.Application.number,
            models.Person.id,
            models.Person.pin,
        )
        .join(models.Application, models.Application.competition_id == models.Competition.id)
        .join(models.Person, models.Application.person_id == models.Person.id)
        .where(
            models.Competition.id != competition.id,
            models.Competition.kind == Kind.COUNCIL,
            models.Competition.state == State.TALLIED,
            or_(*match),
        )
        .order_by(models.Competition.id, models.Application.number)
    )
    elected: dict[int, set[str]] = {}
    out: dict[int, tuple[str, int | None]] = {}
    for other_id, number, body_id, application_number, person_id, pin in stood:
        if competition.kind is Kind.COUNCIL and body_id == competition.body_id:
            continue
        if other_id not in elected:
            elected[other_id] = set(voting.outcome(uow, other_id).elected)
        if display_number(number, application_number) not in elected[other_id]:
            continue
        for pid in ({person_id} & wanted) | (by_pin.get(pin, set()) if pin else set()):
            out.setdefault(pid, (number, body_id))
    return out


def cross_exclusions(uow: UnitOfWork, competition_id: int) -> list[dict[str, str]]:
    """The tally's ``excluded`` input for the competition's candidates (docs/tally.md): each one a seat elsewhere
    keeps from a seat here, with the reason code and what the seat is."""
    competition = uow.competitions.require(competition_id)
    by_tally_id = _applications_by_tally_id(uow, competition)
    found = seats_elsewhere(uow, competition_id, {a.person_id for a in by_tally_id.values()})
    return [
        {"id": tally_id, "reason": found[a.person_id].reason, "detail": found[a.person_id].detail}
        for tally_id, a in sorted(by_tally_id.items())
        if a.person_id in found
    ]


# --- an amendment that changes who is elected -----------------------------------------------------------------


@dataclass(frozen=True)
class SeatCorrection:
    """What an amendment of the decision changes in the composition: the elected (tally ids) who lose their seat,
    and the candidates of the same competition seated instead."""

    unseat: tuple[str, ...] = ()
    seat: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.unseat or self.seat)


@dataclass(frozen=True)
class SeatChoices:
    """For the amendment form: who holds a seat from this competition now, and who could be seated instead."""

    seated: tuple[tuple[str, str], ...]  # (tally id, name)
    others: tuple[tuple[str, str], ...]


def seat_choices(uow: UnitOfWork, competition_id: int) -> SeatChoices:
    from osgo_desktop.services import voting

    competition = uow.competitions.require(competition_id)
    by_tally_id = _applications_by_tally_id(uow, competition)
    sitting = _sitting_from(uow, competition.id)
    names = voting.candidate_names(uow, competition_id)
    seated_ids = {m.application_id for m in sitting.values()}
    seated = tuple((t, names.get(t, t)) for t, a in sorted(by_tally_id.items()) if a.id in seated_ids)
    # who held a seat of this composition and left cannot be seated in it again (one mandate per composition)
    composition = uow.session.scalar(
        select(models.Composition).where(models.Composition.competition_id == competition_id)
    )
    held = {m.person_id for m in composition.mandates} if composition is not None else set()
    others = tuple(
        (t, n)
        for t, n in sorted(names.items())
        if by_tally_id[t].id not in seated_ids and by_tally_id[t].person_id not in held
    )
    return SeatChoices(seated, others)


def _sitting_from(uow: UnitOfWork, competition_id: int) -> dict[int, models.Mandate]:
    """The mandates a competition gave that have not ended early: application id → mandate."""
    rows = uow.session.scalars(
        select(models.Mandate).where(models.Mandate.competition_id == competition_id, models.Mandate.left_on.is_(None))
    )
    return {m.application_id: m for m in rows if m.application_id is not None}


def correct_seats(uow: UnitOfWork, competition_id: int, correction: SeatCorrection, amendment_note: str) -> None:
    """Apply an amendment's change of the elected to the composition (the amendment's transaction; no commit).

    The unseated leave on the day of the amendment (reason: other, the amendment named in the note); those seated
    instead start that day and serve to the end of the composition's term. The composition's history keeps both.
    """
    competition = uow.competitions.require(competition_id)
    by_tally_id = _applications_by_tally_id(uow, competition)
    unknown = [t for t in (*correction.unseat, *correction.seat) if t not in by_tally_id]
    if unknown:
        raise KnownError(_("No candidate {number} in this competition.").format(number=", ".join(unknown)))
    sitting = _sitting_from(uow, competition_id)
    composition = uow.session.scalar(
        select(models.Composition).where(models.Composition.competition_id == competition_id)
    )
    if composition is None:
        raise KnownError(
            _("The elected of competition {number} hold no seats to correct.").format(number=competition.number)
        )
    today = uow.clock.today()
    for tally_id in correction.unseat:
        mandate = sitting.get(by_tally_id[tally_id].id)
        if mandate is None:
            raise KnownError(_("Candidate {number} holds no seat from this competition.").format(number=tally_id))
        mandate.left_on = max(today, mandate.starts_on)
        mandate.left_reason = LeftReason.OTHER
        mandate.left_note = amendment_note
        _leave_roster(uow, mandate)
    seat = SeatKind.COUNCIL if competition.kind is Kind.COUNCIL else SeatKind.CIVIL
    for tally_id in correction.seat:
        application = by_tally_id[tally_id]
        if application.id in sitting and tally_id not in correction.unseat:
            raise KnownError(
                _("Candidate {number} already holds a seat from this competition.").format(number=tally_id)
            )
        if any(m.person_id == application.person_id for m in composition.mandates):
            raise KnownError(
                _(
                    "Candidate {number} held a seat of this composition and left it: they cannot be seated again."
                ).format(number=tally_id)
            )
        held = seats_elsewhere(uow, competition_id, {application.person_id})
        if application.person_id in held:
            raise KnownError(
                _("Candidate {number} cannot take the seat: {reason}").format(
                    number=tally_id, reason=elsewhere_text(held[application.person_id])
                )
            )
        _seat(
            uow,
            composition,
            application,
            seat,
            Came.ELECTED,
            competition,
            max(today, composition.term_start),
            composition.term_end,
        )
    filled = sum(1 for m in composition.mandates if m.seat is seat and m.left_on is None)
    if filled > composition.seats:
        raise KnownError(
            _("The correction would seat {count} members on {seats} seats.").format(
                count=filled, seats=composition.seats
            )
        )


# --- a replacement competition and the members who stay ------------------------------------------------------


@dataclass(frozen=True)
class StayingMembers:
    """The composition a replacement competition fills a vacancy in, as the tally's rules need it: its seats and
    the members sitting in it today (the tally's ``sitting``: counted for the cap on one sex and one per
    organisation). None when no composition of the body is on record."""

    seats: int
    sitting: tuple[dict[str, str | None], ...]


def replacement_term_end(uow: UnitOfWork, competition_id: int) -> dt.date | None:
    """The last day of the term a replacement competition's elected serve (the rest of the vacated term: the sitting
    composition's term end); None for a regular competition or with no composition on record."""
    competition = uow.competitions.require(competition_id)
    if competition.variant is Variant.REGULAR:
        return None
    body_id = competition.body_id if competition.kind is Kind.COUNCIL else None
    if competition.kind is Kind.COUNCIL and body_id is None:
        return None
    composition = current_composition(uow, body_id, uow.clock.today())
    return composition.term_end if composition is not None else None


def staying_members(uow: UnitOfWork, competition_id: int) -> StayingMembers | None:
    competition = uow.competitions.require(competition_id)
    if competition.variant is Variant.REGULAR:
        return None
    body_id = competition.body_id if competition.kind is Kind.COUNCIL else None
    if competition.kind is Kind.COUNCIL and body_id is None:
        return None
    today = uow.clock.today()
    composition = current_composition(uow, body_id, today)
    if composition is None:
        return None
    seat = SeatKind.COUNCIL if competition.kind is Kind.COUNCIL else SeatKind.CIVIL
    sitting = tuple(
        {
            "id": f"seat-{m.id}",
            "name": " ".join(filter(None, (m.person.surname, m.person.name, m.person.patronymic))),
            "sex": str(m.person.sex),
            "organization": m.organization.strip() or None,
        }
        for m in sorted(composition.mandates, key=lambda m: m.id)
        if m.seat is seat and term_of(m).holds_on(today)
    )
    return StayingMembers(composition.seats, sitting)
