"""Vacancies: a member's early departure, the deadline to fill the seat, and filling it from the reserve list.

* :func:`record_departure` ends a mandate early (never deletes it), takes a Commission member off the roster, and so
  opens the vacancy.
* :func:`open_vacancies` lists every open vacancy with its deadline and the days left (the due overview's rows).
* :func:`reserve_preview` says who the reserve list of the competition that formed the composition gives next, and
  who is passed over before them and why; :func:`fill_from_reserve` seats them and issues the Commission's
  decision on filling the vacancy — a document of its own, numbered after that competition ("2026/04-R1"), kept
  in the composition's history (the mandate it made replaces the one that left) and in that competition's
  election record (``services/record.add_vacancy_fill``), which ``osgo export`` carries and ``osgo verify``
  checks.

The rules are in ``domain/composition.py``; the choices the law leaves open in docs/decisions.md, "Compositions:
vacancies".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from osgo_desktop import i18n
from osgo_desktop.domain import composition as rules
from osgo_desktop.domain.calendar import DUE_SOON_DAYS, DeadlineStatus, days_left
from osgo_desktop.domain.composition import LEFT_LABELS, Came, LeftReason, SeatKind
from osgo_desktop.domain.profile import Kind, LocalText, RegulationProfile
from osgo_desktop.domain.record import ProtocolKind, protocol_fingerprint
from osgo_desktop.domain.registry import ROLE_LABELS, Role, full_name
from osgo_desktop.domain.roles import Action
from osgo_desktop.domain.texts import Bilingual
from osgo_desktop.errors import KnownError, NotFoundError, ValidationError
from osgo_desktop.i18n import _, format_date
from osgo_desktop.services import compositions, record, registries
from osgo_desktop.services.applications import display_number
from osgo_desktop.storage import models
from osgo_desktop.storage.documents import DocumentStore
from osgo_desktop.storage.uow import UnitOfWork

if TYPE_CHECKING:
    from osgo_desktop.reports.vacancy import VacancyFillData

# --- reading ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Vacancy:
    """An open vacancy: a seat whose member left early and that nobody has taken since."""

    #: the mandate that ended early
    mandate_id: int
    composition_id: int
    #: the council's body; None for the Commission
    body_id: int | None
    #: the body's short code ("MOH"), "" for the Commission or a body without one
    body_code: str
    body: LocalText | None
    seat: SeatKind
    member: str
    organization: str
    left_on: dt.date
    reason: LeftReason
    note: str
    #: the Commission's civil-society representative (14 days, not 10)
    representative: bool
    #: the last day to fill it (the decision from the reserve, or the replacement competition's announcement);
    #: None when the law sets none (a permanent Commission seat, a council unless its profile sets days)
    deadline: dt.date | None
    #: to the deadline from today (negative: overdue); None without a deadline
    days_left: int | None
    status: DeadlineStatus | None
    #: the last day of the vacated term: a replacement serves to it
    term_end: dt.date
    #: the competition whose reserve list fills it (its number), None when the composition was imported
    reserve_competition: str | None


def _profile_for(uow: UnitOfWork, composition: models.Composition) -> RegulationProfile:
    """The profile the composition was formed under; an imported one goes by the current profile."""
    if composition.competition_id is not None:
        competition = uow.competitions.require(composition.competition_id)
        return RegulationProfile.from_obj(competition.profile_data)
    return registries.current_profile(uow)


def _kind(composition: models.Composition) -> Kind:
    return Kind.COMMISSION if composition.body_id is None else Kind.COUNCIL


def _role(uow: UnitOfWork, mandate: models.Mandate) -> Role | None:
    if mandate.commission_member_id is None:
        return None
    member = uow.session.get(models.CommissionMember, mandate.commission_member_id)
    return None if member is None else member.role


def _deadline(uow: UnitOfWork, mandate: models.Mandate) -> tuple[dt.date | None, bool]:
    """The vacancy's deadline and whether the member was the Commission's civil-society representative."""
    composition = mandate.composition
    kind_rules = _profile_for(uow, composition).rules(_kind(composition))
    representative = composition.body_id is None and rules.is_representative(mandate.seat, _role(uow, mandate))
    assert mandate.left_on is not None
    return rules.vacancy_deadline(mandate.left_on, mandate.seat, kind_rules, representative), representative


def _vacancy(uow: UnitOfWork, mandate: models.Mandate, today: dt.date) -> Vacancy:
    composition = mandate.composition
    deadline, representative = _deadline(uow, mandate)
    body = composition.body
    reserve = None
    if composition.competition_id is not None:
        reserve = uow.competitions.require(composition.competition_id).number
    left = None if deadline is None else days_left(deadline, today)
    status = None
    if left is not None:
        status = (
            DeadlineStatus.MISSED
            if left < 0
            else DeadlineStatus.DUE_SOON
            if left <= DUE_SOON_DAYS
            else DeadlineStatus.PENDING
        )
    assert mandate.left_on is not None and mandate.left_reason is not None
    return Vacancy(
        mandate_id=mandate.id,
        composition_id=composition.id,
        body_id=composition.body_id,
        body_code=(body.code or "") if body is not None else "",
        body=None if body is None else LocalText(body.name_ky, body.name_ru, body.name_en),
        seat=mandate.seat,
        member=_person_name(mandate.person),
        organization=mandate.organization,
        left_on=mandate.left_on,
        reason=mandate.left_reason,
        note=mandate.left_note,
        representative=representative,
        deadline=deadline,
        days_left=left,
        status=status,
        term_end=mandate.ends_on,
        reserve_competition=reserve,
    )


def open_vacancies(uow: UnitOfWork) -> list[Vacancy]:
    """Every open vacancy of a composition whose powers run today, the most urgent first (overdue, then by
    deadline; those without a deadline last, oldest first). The due overview's vacancy rows."""
    today = uow.clock.today()
    sitting = uow.session.scalars(
        select(models.Composition).where(
            models.Composition.term_end >= today,
            (models.Composition.ended_on.is_(None)) | (models.Composition.ended_on >= today),
        )
    ).unique()
    out = [
        _vacancy(uow, mandate, today)
        for composition in sitting
        for mandate in compositions.open_vacancies(uow, composition)
    ]
    return sorted(out, key=lambda v: (v.deadline is None, v.deadline or v.left_on, v.left_on, v.mandate_id))


def _person_name(person: models.Person) -> str:
    return full_name(person.surname, person.name, person.patronymic)


# --- a departure ---------------------------------------------------------------------------------------------------


def _mandate(uow: UnitOfWork, mandate_id: int) -> models.Mandate:
    mandate = uow.session.get(models.Mandate, mandate_id)
    if mandate is None:
        raise NotFoundError(_("There is no mandate {id}.").format(id=mandate_id))
    return mandate


def record_departure(uow: UnitOfWork, mandate_id: int, left_on: dt.date, reason: LeftReason, note: str) -> None:
    """A member's early departure: the mandate ends the day before ``left_on`` (kept, never deleted), a Commission
    member leaves the roster, and the seat is a vacancy with its deadline (:func:`open_vacancies`)."""
    uow.require(Action.EDIT_COMPOSITIONS)
    mandate = _mandate(uow, mandate_id)
    problems = rules.departure_problems(compositions.term_of(mandate), left_on, reason, note, uow.clock.today())
    if problems:
        raise ValidationError(problems)
    mandate.left_on = left_on
    mandate.left_reason = reason
    mandate.left_note = note.strip()
    compositions._leave_roster(uow, mandate)
    uow.commit()


# --- the reserve list ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReserveRow:
    """A reserve candidate as the preview shows them."""

    #: the registration number, the tally's candidate id ("2026/04-007")
    id: str
    name: str
    sex: str
    organization: str
    #: why they are passed over (a ``domain.composition.Skip`` code and what it names), "" for the one chosen
    reason: str = ""
    detail: str = ""
    #: the reason in words, in the current language
    reason_text: str = ""


@dataclass(frozen=True)
class ReservePreview:
    mandate_id: int
    #: the competition whose reserve list is used
    competition_id: int
    competition_number: str
    #: who takes the seat; None when the reserve list is exhausted
    chosen: ReserveRow | None
    #: those before them on the list, passed over, each with why
    skipped: tuple[ReserveRow, ...]
    #: the vacancy's deadline (None: the law sets none) and the seat's term, which the replacement serves out
    deadline: dt.date | None
    starts_on: dt.date
    ends_on: dt.date
    #: what to do when the list is exhausted (translated), "" otherwise
    exhausted_text: str = ""

    @property
    def exhausted(self) -> bool:
        return self.chosen is None


@dataclass(frozen=True)
class _Choice:
    vacated: models.Mandate
    composition: models.Composition
    competition: models.Competition
    frozen: dict[str, Any]
    choice: rules.ReserveChoice
    sitting: tuple[rules.Sitting, ...]
    applications: dict[str, models.Application]


def _exhausted_text(competition: models.Competition) -> str:
    return _(
        "The reserve list of competition {number} is exhausted: nobody on it can take the seat. Announce a "
        "replacement competition before the vacancy's deadline."
    ).format(number=competition.number)


def _fillable(uow: UnitOfWork, vacated: models.Mandate) -> tuple[models.Composition, models.Competition]:
    """The composition and the competition whose reserve fills the vacancy; a KnownError saying why none can."""
    if vacated.left_on is None or vacated.left_reason not in rules.EARLY:
        raise KnownError(_("The seat is not vacant: record the member's departure first."))
    composition = vacated.composition
    if any(m.replaces_id == vacated.id for m in composition.mandates):
        raise KnownError(_("The vacancy is already filled."))
    if vacated.seat is SeatKind.PERMANENT:
        raise KnownError(
            _("A permanent seat of the Commission is filled by its body's appointment, not from a reserve.")
        )
    if composition.competition_id is None:
        raise KnownError(
            _(
                "The composition was imported: there is no reserve list to fill the vacancy from. Announce a "
                "replacement competition."
            )
        )
    competition = uow.competitions.require(composition.competition_id)
    if competition.closed_record is None:
        raise KnownError(
            _(
                "Competition {number} is not closed: its reserve list is final once the signed decision is attached."
            ).format(number=competition.number)
        )
    return composition, competition


def _choose(uow: UnitOfWork, vacated: models.Mandate, day: dt.date) -> _Choice:
    composition, competition = _fillable(uow, vacated)
    frozen = record.election_record(uow, competition.id)
    candidates = {c["id"]: c for c in frozen["candidates"]}
    by_tally_id = compositions._applications_by_tally_id(uow, competition)
    reserve_ids = [cid for cid in frozen["outcome"]["reserve"] if cid in by_tally_id]
    in_composition = {m.person_id for m in composition.mandates}
    elsewhere = compositions.seats_elsewhere(uow, competition.id, {by_tally_id[cid].person_id for cid in reserve_ids})
    reserve = []
    for cid in reserve_ids:
        person_id = by_tally_id[cid].person_id
        candidate = candidates[cid]
        ineligible: str | None = None
        detail = ""
        if person_id in in_composition:
            ineligible = rules.Skip.IN_COMPOSITION
        elif person_id in elsewhere:
            ineligible, detail = elsewhere[person_id].reason, elsewhere[person_id].detail
        reserve.append(
            rules.ReserveCandidate(
                cid, candidate["name"], candidate["sex"], candidate["organization"] or "", ineligible, detail
            )
        )
    sitting = tuple(
        sorted(
            (
                rules.Sitting(m.person.sex.value, m.organization)
                for m in composition.mandates
                if m.seat is vacated.seat and m.id != vacated.id and compositions.term_of(m).holds_on(day)
            ),
            key=lambda s: (s.sex, s.organization),
        )
    )
    kind_rules = RegulationProfile.from_obj(competition.profile_data).rules(competition.kind)
    choice = rules.next_from_reserve(
        reserve,
        sitting,
        seats=composition.seats,
        sex_cap_percent=kind_rules.sex_cap_percent,
        one_per_organization=kind_rules.one_per_organization or kind_rules.one_per_association,
    )
    return _Choice(vacated, composition, competition, frozen, choice, sitting, by_tally_id)


def _row(candidate: rules.ReserveCandidate, reason: str = "", detail: str = "") -> ReserveRow:
    return ReserveRow(
        candidate.id,
        candidate.name,
        candidate.sex,
        candidate.organization,
        str(reason),
        detail,
        rules.skip_text(reason, detail, _) if reason else "",
    )


def reserve_preview(uow: UnitOfWork, mandate_id: int) -> ReservePreview:
    """Who the reserve list gives for the vacancy left by ``mandate_id`` if it were filled today, and who is passed
    over before them and why (nothing is saved)."""
    vacated = _mandate(uow, mandate_id)
    today = uow.clock.today()
    chosen = _choose(uow, vacated, today)
    deadline, _representative = _deadline(uow, vacated)
    return ReservePreview(
        mandate_id=vacated.id,
        competition_id=chosen.competition.id,
        competition_number=chosen.competition.number,
        chosen=None if chosen.choice.chosen is None else _row(chosen.choice.chosen),
        skipped=tuple(_row(s.candidate, s.reason, s.detail) for s in chosen.choice.skipped),
        deadline=deadline,
        starts_on=today,
        ends_on=vacated.ends_on,
        exhausted_text=_exhausted_text(chosen.competition) if chosen.choice.exhausted else "",
    )


# --- filling the vacancy ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FilledDocument:
    """One language's copy of the decision, as issued: the protocol row and the PDF in the document store."""

    protocol_id: int
    lang: str
    file_sha256: str
    fingerprint: str


@dataclass(frozen=True)
class Filled:
    """A vacancy filled from the reserve list."""

    fill_id: int
    #: the decision's number ("2026/04-R1")
    number: str
    competition_id: int
    #: the mandate it made, and the one whose seat it takes
    mandate_id: int
    vacated_id: int
    name: str
    skipped: tuple[ReserveRow, ...]
    documents: tuple[FilledDocument, ...]


def _mandate_name(uow: UnitOfWork, mandate: models.Mandate) -> str:
    """A member's name as the record of the competition that brought them holds it (frozen at its close: a later
    correction elsewhere does not change a decision), else as the person is on record."""
    if mandate.competition_id is not None and mandate.application_id is not None:
        competition = uow.competitions.require(mandate.competition_id)
        application = uow.session.get(models.Application, mandate.application_id)
        if competition.closed_record is not None and application is not None:
            number = display_number(competition.number, application.number)
            for candidate in competition.closed_record.get("candidates", []):
                if candidate["id"] == number:
                    return str(candidate["name"])
    return _person_name(mandate.person)


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def fill_from_reserve(uow: UnitOfWork, store: DocumentStore, mandate_id: int, decided_on: dt.date) -> Filled:
    """Fill the vacancy left by ``mandate_id`` from the reserve list, by the Commission's decision of
    ``decided_on``: the next eligible candidate takes the seat from that day to the end of the vacated term
    (came = reserve, replacing the mandate that left), and the decision is issued in every official language of the
    competition whose reserve was used, kept in its protocols and its election record. One commit.

    Refused when the seat is not vacant, already filled, or has no reserve list; when the reserve is exhausted
    (a replacement competition is then announced); for a decision dated before the vacancy, after the vacated
    term, or in the future."""
    uow.require(Action.FILL_VACANCY)
    from osgo_desktop.reports.vacancy import fill_number, vacancy_fill_pdf
    from osgo_desktop.services import protocols

    vacated = _mandate(uow, mandate_id)
    today = uow.clock.today()
    _fillable(uow, vacated)
    assert vacated.left_on is not None and vacated.left_reason is not None
    if decided_on > today:
        raise ValidationError(
            {
                "decided_on": _("The decision is recorded once it is taken: {date} is still to come.").format(
                    date=format_date(decided_on)
                )
            }
        )
    if decided_on < vacated.left_on:
        raise ValidationError(
            {
                "decided_on": _("The seat fell vacant on {date}: the decision cannot come before it.").format(
                    date=format_date(vacated.left_on)
                )
            }
        )
    if decided_on > vacated.ends_on:
        raise ValidationError(
            {
                "decided_on": _("The vacated term ended on {date}: there is no seat left to fill.").format(
                    date=format_date(vacated.ends_on)
                )
            }
        )
    chosen = _choose(uow, vacated, decided_on)
    competition, composition = chosen.competition, chosen.composition
    if chosen.choice.chosen is None:
        raise KnownError(_exhausted_text(competition))
    candidate = chosen.choice.chosen
    application = chosen.applications[candidate.id]
    deadline, representative = _deadline(uow, vacated)
    new = compositions._seat(
        uow,
        composition,
        application,
        vacated.seat,
        Came.RESERVE,
        competition,
        decided_on,
        vacated.ends_on,
        vacated,
    )
    sequence = (
        uow.session.scalar(
            select(func.count(models.VacancyFill.id)).where(models.VacancyFill.competition_id == competition.id)
        )
        or 0
    ) + 1
    number = fill_number(competition.number, sequence)
    body = composition.body
    frozen_candidate = next(c for c in chosen.frozen["candidates"] if c["id"] == candidate.id)
    skipped = [
        {"id": s.candidate.id, "name": s.candidate.name, "reason": str(s.reason), "detail": s.detail}
        for s in chosen.choice.skipped
    ]
    entry: dict[str, Any] = {
        "number": number,
        "sequence": sequence,
        "decided_on": decided_on.isoformat(),
        "composition": {
            "body": None if body is None else {"ky": body.name_ky, "ru": body.name_ru, "en": body.name_en},
            "seats": composition.seats,
            "term_start": composition.term_start.isoformat(),
            "term_end": composition.term_end.isoformat(),
        },
        "seat": vacated.seat.value,
        "vacated": {
            "name": _mandate_name(uow, vacated),
            "organization": vacated.organization,
            "starts_on": vacated.starts_on.isoformat(),
            "left_on": vacated.left_on.isoformat(),
            "reason": vacated.left_reason.value,
            "note": vacated.left_note,
            "representative": representative,
        },
        "deadline": _iso(deadline),
        "sitting": [{"sex": s.sex, "organization": s.organization} for s in chosen.sitting],
        "filled_by": {
            "id": candidate.id,
            "name": candidate.name,
            "sex": candidate.sex,
            "organization": frozen_candidate["organization"],
            "organization_ru": frozen_candidate.get("organization_ru"),
        },
        "starts_on": decided_on.isoformat(),
        "ends_on": vacated.ends_on.isoformat(),
        "skipped": skipped,
    }
    record.add_vacancy_fill(uow, competition.id, entry)
    uow.session.flush()
    fingerprint = protocol_fingerprint(record.election_record(uow, competition.id), ProtocolKind.VACANCY_FILL, sequence)
    profile = RegulationProfile.from_obj(competition.profile_data)
    documents = []
    for lang in profile.official_languages:
        data = fill_data(uow, competition, entry, lang, fingerprint)
        pdf = vacancy_fill_pdf(data, lang, today)
        sha = protocols._store_bytes(store, pdf, f"vacancy-fill-{lang}.pdf")
        row = models.Protocol(
            competition_id=competition.id,
            kind=ProtocolKind.VACANCY_FILL,
            round_number=sequence,
            lang=lang,
            number=number,
            version=1,
            fingerprint=fingerprint,
            file_sha256=sha,
            size=len(pdf),
        )
        uow.session.add(row)
        uow.session.flush()
        documents.append(FilledDocument(row.id, lang, sha, fingerprint))
    fill = models.VacancyFill(
        competition_id=competition.id,
        composition_id=composition.id,
        vacated_id=vacated.id,
        mandate_id=new.id,
        number=number,
        decided_on=decided_on,
        skipped=skipped,
    )
    uow.session.add(fill)
    uow.session.flush()
    result = Filled(
        fill_id=fill.id,
        number=number,
        competition_id=competition.id,
        mandate_id=new.id,
        vacated_id=vacated.id,
        name=candidate.name,
        skipped=tuple(_row(s.candidate, s.reason, s.detail) for s in chosen.choice.skipped),
        documents=tuple(documents),
    )
    uow.commit()
    return result


def fill_data(
    uow: UnitOfWork, competition: models.Competition, entry: dict[str, Any], lang: str, fingerprint: str | None
) -> VacancyFillData:
    """What the decision on filling a vacancy prints in ``lang``, from its entry in the election record."""
    from osgo_desktop.reports.layout import DocumentKind, protocol_number
    from osgo_desktop.reports.vacancy import PassedOver, VacancyFillData
    from osgo_desktop.services.printing import _body_phrase

    t = i18n.Translator(lang)
    profile = RegulationProfile.from_obj(competition.profile_data)
    body_obj = entry["composition"]["body"]
    body = None if body_obj is None else LocalText.from_json(body_obj)
    sessions = (competition.closed_record or {}).get("sessions", [])
    place = Bilingual(sessions[-1]["place"], sessions[-1].get("place_ru", "")).get(lang) if sessions else ""
    vacated = entry["vacated"]
    reason = t.gettext(LEFT_LABELS[LeftReason(vacated["reason"])])
    if vacated["note"]:
        reason = t.gettext("{reason} ({note})").format(reason=reason, note=vacated["note"])
    left_on = dt.date.fromisoformat(vacated["left_on"])
    deadline = None if entry["deadline"] is None else dt.date.fromisoformat(entry["deadline"])
    filled_by = entry["filled_by"]
    organization = filled_by["organization"] or ""
    if lang == "ru" and filled_by.get("organization_ru"):
        organization = filled_by["organization_ru"]
    signatories = []
    for role in (Role.CHAIR, Role.SECRETARY):
        member = uow.session.scalars(
            select(models.CommissionMember)
            .where(models.CommissionMember.active, models.CommissionMember.role == role)
            .order_by(models.CommissionMember.id)
        ).first()
        name = "" if member is None else full_name(member.surname, member.name, member.patronymic)
        signatories.append((name, t.gettext(ROLE_LABELS[role])))
    return VacancyFillData(
        issuer=profile.commission_name.get(lang),
        number=entry["number"],
        competition_number=competition.number,
        decision_number=protocol_number(competition.number, DocumentKind.DECISION),
        body=None if body is None else body.get(lang),
        body_phrase=None if body is None else _body_phrase(body, lang),
        legal_basis=profile.legal_basis.get(lang),
        place=place,
        decided_on=dt.date.fromisoformat(entry["decided_on"]),
        seats=entry["composition"]["seats"],
        term_start=dt.date.fromisoformat(entry["composition"]["term_start"]),
        term_end=dt.date.fromisoformat(entry["composition"]["term_end"]),
        vacated_name=vacated["name"],
        vacated_organization=vacated["organization"],
        left_on=left_on,
        left_reason=reason,
        deadline=deadline,
        deadline_days=None if deadline is None else (deadline - left_on).days,
        chosen_name=filled_by["name"],
        chosen_organization=organization,
        starts_on=dt.date.fromisoformat(entry["starts_on"]),
        ends_on=dt.date.fromisoformat(entry["ends_on"]),
        passed_over=tuple(
            PassedOver(s["name"], rules.skip_text(s["reason"], s["detail"], t.gettext)) for s in entry["skipped"]
        ),
        signatories=tuple(signatories),
        fingerprint=fingerprint,
    )
