"""Use cases of the intake and the screening: register an application, file its documents, withdraw it, screen it."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from osgo_desktop.domain import calendar, eligibility, intake, lifecycle, person
from osgo_desktop.domain.eligibility import Criterion, Decision, Verdict
from osgo_desktop.domain.intake import IntakeDraft
from osgo_desktop.domain.lifecycle import State
from osgo_desktop.domain.person import Channel, Nomination, OrgKind, PersonDraft
from osgo_desktop.domain.profile import KindRules, LocalText, RegulationProfile
from osgo_desktop.domain.registry import Sex, full_name
from osgo_desktop.domain.roles import Action
from osgo_desktop.domain.texts import Bilingual
from osgo_desktop.errors import KnownError, ValidationError
from osgo_desktop.i18n import _, current_language
from osgo_desktop.services import personal_data, screening
from osgo_desktop.services.screening import StoodAside
from osgo_desktop.services.transitions import transition
from osgo_desktop.storage import models
from osgo_desktop.storage.documents import StoredFile
from osgo_desktop.storage.uow import UnitOfWork
from osgo_desktop.storage.versions import check_version

if TYPE_CHECKING:
    from osgo_desktop.services.compositions import Elsewhere
    from osgo_desktop.services.documents import DocumentRow


def _naive_utc(moment: dt.datetime) -> dt.datetime:
    return intake.to_bishkek(moment).astimezone(dt.UTC).replace(tzinfo=None)


def competition_rules(competition: models.Competition) -> KindRules:
    """The rules of the competition's kind in the regulation profile it was created under."""
    return RegulationProfile.from_obj(competition.profile_data).rules(competition.kind)


def _deadline(competition: models.Competition, rules: KindRules | None = None) -> dt.date | None:
    if competition.publication_date is None:
        return None
    return calendar.intake_deadline(competition.publication_date, rules or competition_rules(competition))


def display_number(competition_number: str, number: int) -> str:
    """The registration number printed on the receipt and the register: "2026/01-007"."""
    return f"{competition_number}-{number:03d}"


# --- views ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ApplicationRow:
    id: int
    number: int
    display_number: str
    person_id: int
    full_name: str
    sex: Sex
    pin: str
    birth_date: dt.date | None
    received_at: dt.datetime
    channel: Channel
    nomination: Nomination
    nominated_by: str
    late: bool
    withdrawn: bool
    documents: int
    #: required documents not yet handed in, "Recommendation letter (1 of 2)"
    missing: tuple[LocalText, ...]
    #: the PIN and birth date are blanked: the reader may not see personal data (``Action.READ_PERSONAL``)
    personal_hidden: bool = False


@dataclass(frozen=True)
class ApplicationDetail:
    row: ApplicationRow
    person: PersonDraft
    intake: IntakeDraft
    #: the documents that count, in the order filed
    documents: tuple[DocumentRow, ...]
    withdraw_reason: str
    warnings: tuple[str, ...]
    #: the documents kept but no longer counted: versions replaced by a newer one, documents withdrawn
    set_aside: tuple[DocumentRow, ...] = ()
    #: the personal fields (of the person, the notes, the reason for withdrawing) are blanked: the reader may not
    #: see them (``Action.READ_PERSONAL``); a form shows them as hidden and read-only
    personal_hidden: bool = False
    #: the versions of the application and of its person as read (the optimistic check: ``storage.versions``)
    versions: tuple[int, int] | None = None


def document_type_label(rules: KindRules, code: str) -> LocalText:
    """A document type's name in each language (a type the rules no longer list reads "Other document")."""
    for rule in rules.documents:
        if rule.code == code:
            return rule.text
    return LocalText("Башка документ", "Другой документ", "Other document")


def _missing_labels(rules: KindRules, counts: Counter[str]) -> tuple[LocalText, ...]:
    out = []
    for item in intake.missing_documents(rules, counts):
        if item.rule.min_count > 1:
            out.append(
                LocalText(
                    f"{item.rule.text.ky} ({item.have}/{item.rule.min_count})",
                    f"{item.rule.text.ru} ({item.have}/{item.rule.min_count})",
                    f"{item.rule.text.en} ({item.have}/{item.rule.min_count})",
                )
            )
        else:
            out.append(item.rule.text)
    return tuple(out)


def _current_documents(row: models.Application) -> list[models.Document]:
    return [d for d in row.documents if d.current]


def _nominated_by(row: models.Application) -> str:
    """Who nominated the candidate, in the current language (a paper is made under its own language)."""
    if row.nomination == Nomination.ASSOCIATION and row.association is not None:
        return Bilingual(row.association.name, row.association.name_ru).get(current_language())
    if row.nomination == Nomination.ORGANIZATION and row.organization_row is not None:
        return Bilingual(row.organization_row.name, row.organization_row.name_ru).get(current_language())
    return _("Self-nomination")


def _row(
    row: models.Application, competition: models.Competition, rules: KindRules | None = None, shown: bool = True
) -> ApplicationRow:
    """The application's row; ``rules`` (the competition's kind rules) read once by a caller that lists many: the
    profile is parsed anew otherwise. ``shown`` False: without the personal fields (``personal_data``)."""
    rules = rules or competition_rules(competition)
    current = _current_documents(row)
    counts = Counter(d.doc_type for d in current)
    p = row.person
    return ApplicationRow(
        id=row.id,
        number=row.number,
        display_number=display_number(competition.number, row.number),
        person_id=p.id,
        full_name=full_name(p.surname, p.name, p.patronymic),
        sex=p.sex,
        pin=p.pin if shown else "",
        birth_date=p.birth_date if shown else None,
        received_at=row.received_at.replace(tzinfo=dt.UTC),
        channel=row.channel,
        nomination=row.nomination,
        nominated_by=_nominated_by(row),
        late=row.late,
        withdrawn=row.withdrawn_at is not None,
        documents=len(current),
        missing=_missing_labels(rules, counts),
        personal_hidden=not shown,
    )


def _applications(uow: UnitOfWork, competition_id: int) -> list[models.Application]:
    query = (
        select(models.Application)
        .where(models.Application.competition_id == competition_id)
        .options(
            selectinload(models.Application.documents),
            selectinload(models.Application.verdicts),
            selectinload(models.Application.association),
            selectinload(models.Application.organization_row),
        )
        .order_by(models.Application.number)
    )
    return list(uow.session.scalars(query))


def list_applications(uow: UnitOfWork, competition_id: int) -> list[ApplicationRow]:
    competition = uow.competitions.require(competition_id)
    rules = competition_rules(competition)
    shown = personal_data.shows_personal(uow)
    return [_row(row, competition, rules, shown) for row in _applications(uow, competition_id)]


def _person_draft(p: models.Person) -> PersonDraft:
    return PersonDraft(
        surname=p.surname,
        name=p.name,
        patronymic=p.patronymic,
        sex=p.sex,
        birth_date=p.birth_date,
        pin=p.pin,
        citizenship=p.citizenship,
        education=p.education,
        public_service=p.public_service,
        workplace=p.workplace,
        position=p.position,
        organization=p.organization,
        phone=p.phone,
        email=p.email,
        address=p.address,
    )


def get_application(uow: UnitOfWork, application_id: int) -> ApplicationDetail:
    row = uow.applications.require(application_id)
    competition = uow.competitions.require(row.competition_id)
    rules = competition_rules(competition)
    from osgo_desktop.services.documents import document_rows  # it files documents through this module

    every = document_rows(uow, rules, row.documents)
    draft = _person_draft(row.person)
    shown = personal_data.shows_personal(uow)
    return ApplicationDetail(
        row=_row(row, competition, rules, shown),
        person=draft if shown else personal_data.hidden_person(draft),
        intake=IntakeDraft(
            received_at=intake.to_bishkek(row.received_at.replace(tzinfo=dt.UTC)),
            channel=row.channel,
            nomination=row.nomination,
            association_id=row.association_id,
            organization_id=row.organization_id,
            received_by=row.received_by,
            notes=row.notes if shown else "",
        ),
        documents=tuple(d for d in every if d.current),
        withdraw_reason=row.withdraw_reason if shown else "",
        # the intake's checks quote the PIN: the secretariat's, not a reader's who may not see it
        warnings=tuple(intake_warnings(uow, row.competition_id, draft, exclude=row.id)) if shown else (),
        set_aside=tuple(d for d in every if not d.current),
        personal_hidden=not shown,
        versions=(row.row_version, row.person.row_version),
    )


# --- intake --------------------------------------------------------------------------------------------------


def intake_warnings(uow: UnitOfWork, competition_id: int, draft: PersonDraft, exclude: int | None = None) -> list[str]:
    """What the secretariat should check at intake: the PIN, a second application, a seat elsewhere."""
    out = person.person_warnings(draft)
    pin = person.normalize_pin(draft.pin)
    if not pin:
        return out
    twice = uow.session.scalar(
        select(func.count())
        .select_from(models.Application)
        .join(models.Person)
        .where(models.Application.competition_id == competition_id, models.Person.pin == pin)
        .where(models.Application.withdrawn_at.is_(None))
        .where(models.Application.id != (exclude or 0))
    )
    if twice:
        out.append(_("This person (PIN {pin}) has already applied in this competition.").format(pin=pin))
    from osgo_desktop.services.compositions import seats_elsewhere  # it reads the vote, which reads this module

    known = set(uow.session.scalars(select(models.Person.id).where(models.Person.pin == pin)))
    reasons = {found.reason for found in seats_elsewhere(uow, competition_id, known).values()}
    if "other_council" in reasons:
        out.append(_("This person sits on another public council."))
    if reasons - {"other_council"} or uow.session.scalar(
        select(models.CommissionMember.id).where(models.CommissionMember.pin == pin, models.CommissionMember.active)
    ):
        out.append(_("This person is a member of the Commission."))
    return out


@dataclass(frozen=True)
class Registered:
    application_id: int
    display_number: str
    late: bool
    warnings: tuple[str, ...]


def _check_person_and_intake(
    draft: PersonDraft, intake_draft: IntakeDraft, rules: KindRules, now: dt.datetime
) -> dict[str, str]:
    return {
        **person.validate_person(draft, intake.to_bishkek(now).date()),
        **intake.validate_intake(intake_draft, rules, now),
    }


def _apply_person(row: models.Person, draft: PersonDraft) -> None:
    row.surname, row.name, row.patronymic = draft.surname.strip(), draft.name.strip(), draft.patronymic.strip()
    row.sex, row.birth_date, row.pin = draft.sex, draft.birth_date, person.normalize_pin(draft.pin)
    row.citizenship = draft.citizenship.strip().upper()
    row.education, row.public_service = draft.education, draft.public_service
    row.workplace, row.position, row.organization = (
        draft.workplace.strip(),
        draft.position.strip(),
        draft.organization.strip(),
    )
    row.phone, row.email, row.address = draft.phone.strip(), draft.email.strip(), draft.address.strip()


def register_application(
    uow: UnitOfWork,
    competition_id: int,
    draft: PersonDraft,
    intake_draft: IntakeDraft,
    commit: bool = True,
) -> Registered:
    """Register what a candidate brought: the person (matched by PIN), how and when it arrived, by whom nominated.

    An application received after the deadline is registered and flagged (it will fail screening)."""
    uow.require(Action.REGISTER_APPLICATIONS)
    now = uow.clock.now()
    competition = uow.competitions.require(competition_id)
    if competition.state not in intake.INTAKE_STATES:
        raise ValidationError(
            {"state": _("Applications are registered once the competition is announced, until screening starts.")}
        )
    rules = competition_rules(competition)
    errors = _check_person_and_intake(draft, intake_draft, rules, now)
    for key, rows in (
        ("association_id", uow.session.get(models.Association, intake_draft.association_id or 0)),
        ("organization_id", uow.session.get(models.Organization, intake_draft.organization_id or 0)),
    ):
        if getattr(intake_draft, key) is not None and rows is None:
            errors[key] = _("The record no longer exists; it may have been removed.")
    from osgo_desktop.services.campaigns import one_council_refusal  # it reads competitions, which read this module

    refusal = one_council_refusal(uow, competition_id, person.normalize_pin(draft.pin))
    if refusal is not None and "pin" not in errors:
        errors["pin"] = refusal
    if errors:
        raise ValidationError(errors)
    warnings = intake_warnings(uow, competition_id, draft)
    pin = person.normalize_pin(draft.pin)
    person_row = uow.session.scalars(select(models.Person).where(models.Person.pin == pin)).first() if pin else None
    if person_row is None:
        person_row = models.Person()
    _apply_person(person_row, draft)
    uow.session.add(person_row)
    number = (
        uow.session.scalar(
            select(func.max(models.Application.number)).where(models.Application.competition_id == competition_id)
        )
        or 0
    ) + 1
    deadline = _deadline(competition)
    late = deadline is not None and intake.is_late(intake_draft.received_at, deadline)
    row = models.Application(
        competition_id=competition_id,
        number=number,
        person=person_row,
        received_at=_naive_utc(intake_draft.received_at),
        channel=intake_draft.channel,
        nomination=intake_draft.nomination,
        association_id=intake_draft.association_id if intake_draft.nomination is Nomination.ASSOCIATION else None,
        organization_id=intake_draft.organization_id if intake_draft.nomination is Nomination.ORGANIZATION else None,
        late=late,
        received_by=intake_draft.received_by.strip(),
        notes=intake_draft.notes,
    )
    uow.session.add(row)
    if commit:
        uow.commit()
    else:
        uow.session.flush()  # an import registers many rows in one unit of work; numbers must still follow on
    return Registered(row.id, display_number(competition.number, number), late, tuple(warnings))


def _open_application(uow: UnitOfWork, application_id: int) -> tuple[models.Application, models.Competition]:
    row = uow.applications.require(application_id)
    competition = uow.competitions.require(row.competition_id)
    if competition.state not in intake.INTAKE_STATES:
        raise ValidationError({"state": _("The intake of this competition is over: its applications are fixed.")})
    if row.withdrawn_at is not None:
        raise ValidationError({"state": _("This application was withdrawn.")})
    return row, competition


class UnconfirmedActiveContent(KnownError):
    """A document carries active content (``StoredFile.warning``) and the secretariat has not confirmed filing it;
    the message is the warnings, one per file."""


def add_document(
    uow: UnitOfWork,
    application_id: int,
    doc_type: str,
    stored: StoredFile,
    replaces: int | None = None,
    *,
    confirmed: bool = False,
) -> int:
    """File a document already in the store under the application; ``replaces`` makes it a new version. A file
    with active content (a warning from the store) is filed only when ``confirmed``."""
    uow.require(Action.FILE_DOCUMENTS)
    _require_confirmation([stored], confirmed)
    document_id = _file_document(uow, application_id, doc_type, stored, replaces)
    uow.commit()
    return document_id


def add_documents(
    uow: UnitOfWork, application_id: int, doc_type: str, stored: Sequence[StoredFile], *, confirmed: bool = False
) -> list[int]:
    """File several documents already in the store under the application, all or none (one transaction); those
    with active content only when ``confirmed``."""
    uow.require(Action.FILE_DOCUMENTS)
    _require_confirmation(stored, confirmed)
    ids = [_file_document(uow, application_id, doc_type, item) for item in stored]
    uow.commit()
    return ids


def _require_confirmation(stored: Sequence[StoredFile], confirmed: bool) -> None:
    warnings = [item.warning for item in stored if item.warning]
    if warnings and not confirmed:
        raise UnconfirmedActiveContent("\n\n".join(warnings))


def _file_document(
    uow: UnitOfWork, application_id: int, doc_type: str, stored: StoredFile, replaces: int | None = None
) -> int:
    _application, competition = _open_application(uow, application_id)
    if doc_type not in intake.document_types(competition_rules(competition)):
        raise ValidationError({"doc_type": _("This kind of competition has no such document type.")})
    version = 1
    if replaces is not None:
        old = uow.session.get(models.Document, replaces)
        if old is None or old.application_id != application_id or not old.current:
            raise ValidationError(
                {"replaces": _("The document to replace is not a current document of this application.")}
            )
        old.superseded = True
        version = old.version + 1
    document = models.Document(
        application_id=application_id,
        doc_type=doc_type,
        sha256=stored.sha256,
        size=stored.size,
        file_type=stored.type,
        display_name=stored.display_name,
        version=version,
        replaces_id=replaces,
    )
    uow.session.add(document)
    uow.session.flush()
    return document.id


def withdraw(uow: UnitOfWork, application_id: int, reason: str) -> None:
    uow.require(Action.REGISTER_APPLICATIONS)
    row, _competition = _open_application(uow, application_id)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the withdrawal.")})
    row.withdrawn_at = uow.clock.utc_naive()
    row.withdraw_reason = reason.strip()
    uow.commit()


def update_application(
    uow: UnitOfWork,
    application_id: int,
    draft: PersonDraft,
    intake_draft: IntakeDraft,
    expected_versions: tuple[int, int] | None = None,
) -> None:
    """Correct what was typed at intake (a misspelt name, a wrong PIN) while the intake is open.
    ``expected_versions``: the application's and its person's versions the form was filled from (a record changed
    meanwhile is refused, see ``storage.versions``)."""
    uow.require(Action.REGISTER_APPLICATIONS)
    row, competition = _open_application(uow, application_id)
    if expected_versions is not None:
        check_version(uow.session, row, expected_versions[0])
        check_version(uow.session, row.person, expected_versions[1])
    errors = _check_person_and_intake(draft, intake_draft, competition_rules(competition), uow.clock.now())
    if errors:
        raise ValidationError(errors)
    _apply_person(row.person, draft)
    row.received_at = _naive_utc(intake_draft.received_at)
    row.channel, row.nomination = intake_draft.channel, intake_draft.nomination
    row.association_id = intake_draft.association_id if intake_draft.nomination is Nomination.ASSOCIATION else None
    row.organization_id = intake_draft.organization_id if intake_draft.nomination is Nomination.ORGANIZATION else None
    deadline = _deadline(competition)
    row.late = deadline is not None and intake.is_late(intake_draft.received_at, deadline)
    row.received_by, row.notes = intake_draft.received_by.strip(), intake_draft.notes
    uow.commit()


# --- screening -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScreeningRow:
    application: ApplicationRow
    checks: dict[str, eligibility.CheckResult]
    verdicts: dict[str, Verdict]
    decision: Decision
    #: the Commission members who declared a conflict towards the candidate: they take no part in its decisions
    stood_aside: tuple[StoodAside, ...] = ()
    #: criteria whose latest verdict was taken with a member who has since declared a conflict towards the
    #: candidate: it no longer counts, and the criterion awaits a verdict again (see docs/decisions.md)
    for_review: tuple[str, ...] = ()


@dataclass(frozen=True)
class ScreeningGrid:
    criteria: tuple[Criterion, ...]
    rows: tuple[ScreeningRow, ...]

    @property
    def undecided(self) -> int:
        return sum(r.decision.status is eligibility.ScreeningStatus.PENDING for r in self.rows)

    @property
    def admitted(self) -> int:
        return sum(r.decision.status is eligibility.ScreeningStatus.ADMITTED for r in self.rows)


def _latest_verdicts(
    row: models.Application, stood_aside: Sequence[StoodAside] = ()
) -> tuple[dict[str, Verdict], tuple[str, ...]]:
    """The verdict that counts on each criterion, and the criteria whose latest verdict is set aside for review:
    taken with a member who declared a conflict towards the candidate (a verdict that names no deciders, recorded
    before they were, is taken as it stands)."""
    latest: dict[str, models.ScreeningVerdict] = {}
    for v in row.verdicts:  # in id order: a later verdict replaces an earlier one
        latest[v.criterion] = v
    conflicted = {s.member_id for s in stood_aside}
    review = tuple(code for code, v in latest.items() if v.deciders and conflicted.intersection(v.deciders))
    verdicts = {code: Verdict(v.passed, v.note) for code, v in latest.items() if code not in review}
    return verdicts, review


def _association_member_kinds(uow: UnitOfWork, association_ids: set[int]) -> dict[int, tuple[OrgKind, ...]]:
    """Association id → the forms of its active member organisations (a deregistered member no longer counts)."""
    kinds: dict[int, list[OrgKind]] = {i: [] for i in association_ids}
    query = (
        select(models.AssociationMember.association_id, models.Organization.kind)
        .join(models.Organization, models.AssociationMember.organization_id == models.Organization.id)
        .where(models.AssociationMember.association_id.in_(association_ids), models.Organization.active)
    )
    for association_id, kind in uow.session.execute(query):
        kinds[association_id].append(kind)
    return {i: tuple(k) for i, k in kinds.items()}


def _council_named(uow: UnitOfWork, found: Elsewhere) -> str:
    """The council a seat elsewhere is on, as a screening reason names it: the state body's name in the language
    being written (its code after it), and the competition's number when the election is not yet signed."""
    body = uow.session.get(models.StateBody, found.body_id) if found.body_id is not None else None
    if body is None:
        return found.detail
    name = {"ky": body.name_ky, "ru": body.name_ru}.get(current_language()) or body.name_en or body.name_ru
    named = f"{name} ({body.code})" if body.code else name
    return f"{named}, {found.competition}" if found.competition else named


def screening_grid(uow: UnitOfWork, competition_id: int) -> ScreeningGrid:
    """Every application against every criterion of the kind: what the data says, the verdicts, the decision."""
    competition = uow.competitions.require(competition_id)
    rules = competition_rules(competition)  # once per grid, not once per row
    criteria = tuple(eligibility.criteria_for(rules))
    deadline = _deadline(competition, rules) or dt.date.max
    rows = _applications(uow, competition_id)
    earlier = eligibility.earlier_applications(
        eligibility.Registration(r.id, r.number, r.person.pin, r.association_id, r.withdrawn_at is not None)
        for r in rows
    )
    from osgo_desktop.services.compositions import seats_elsewhere  # it reads the vote, which reads this module

    elsewhere = seats_elsewhere(uow, competition_id, {r.person_id for r in rows})
    member_kinds = _association_member_kinds(uow, {r.association_id for r in rows if r.association_id is not None})
    aside = screening.conflicts_of(uow, (r.id for r in rows))
    shown = personal_data.shows_personal(uow)
    out = []
    for row in rows:
        p = row.person
        facts = eligibility.ApplicationFacts(
            application_id=row.id,
            received_on=intake.to_bishkek(row.received_at.replace(tzinfo=dt.UTC)).date(),
            intake_deadline=deadline,
            withdrawn=row.withdrawn_at is not None,
            birth_date=p.birth_date,
            citizenship=p.citizenship,
            education=p.education,
            public_service=p.public_service,
            document_counts=Counter(d.doc_type for d in _current_documents(row)),
            association_id=row.association_id,
            association_member_kinds=member_kinds.get(row.association_id or 0, ()),
            earlier_applications_of_association=earlier[row.id].of_association,
            earlier_applications_of_person=earlier[row.id].of_person,
            on_other_council=row.person_id in elsewhere and elsewhere[row.person_id].reason == "other_council",
            other_council=_council_named(uow, elsewhere[row.person_id]) if row.person_id in elsewhere else "",
            on_commission=row.person_id in elsewhere and elsewhere[row.person_id].reason != "other_council",
        )
        checks = eligibility.automatic_checks(facts, rules)
        verdicts, review = _latest_verdicts(row, aside.get(row.id, ()))
        decision = eligibility.decide(criteria, checks, verdicts, withdrawn=facts.withdrawn)
        out.append(
            ScreeningRow(
                _row(row, competition, rules, shown), checks, verdicts, decision, aside.get(row.id, ()), review
            )
        )
    return ScreeningGrid(criteria, tuple(out))


def _screening_competition(uow: UnitOfWork, application_id: int) -> tuple[models.Application, models.Competition]:
    row = uow.applications.require(application_id)
    competition = uow.competitions.require(row.competition_id)
    if competition.state is not State.SCREENING:
        raise ValidationError({"state": _("Verdicts are recorded while the competition is in screening.")})
    return row, competition


def record_verdict(
    uow: UnitOfWork,
    application_id: int,
    criterion: str,
    verdict: Verdict,
    decided_by: str,
    deciders: Sequence[int] | None = None,
) -> None:
    """The Commission's verdict on a criterion the data does not decide (with a note, e.g. a certificate seen)."""
    uow.require(Action.SCREEN)
    record_verdicts(uow, application_id, (criterion,), verdict, decided_by, deciders)


def record_verdicts(
    uow: UnitOfWork,
    application_id: int,
    criteria: tuple[str, ...],
    verdict: Verdict,
    decided_by: str,
    deciders: Sequence[int] | None = None,
) -> None:
    """The same verdict on several criteria of one candidate (e.g. every certificate seen), all or none.

    ``deciders`` are the Commission members who took it (by default those of the screening session but any who
    declared a conflict of interest towards the candidate); a member who declared one is refused, saying why."""
    uow.require(Action.SCREEN)
    row, competition = _screening_competition(uow, application_id)
    codes = {c.code for c in eligibility.criteria_for(competition_rules(competition))}
    errors = eligibility.validate_verdict(verdict)
    if not criteria or any(code not in codes for code in criteria):
        errors["criterion"] = _("This kind of competition has no such criterion.")
    taken_by: list[int] = []
    try:
        taken_by = screening.resolve_deciders(uow, application_id, deciders)
    except ValidationError as refused:
        errors.update(refused.errors)
    if errors:
        raise ValidationError(errors)
    for code in criteria:
        uow.session.add(
            models.ScreeningVerdict(
                application_id=row.id,
                criterion=code,
                passed=verdict.passed,
                note=verdict.note.strip(),
                decided_by=decided_by.strip(),
                deciders=taken_by,
            )
        )
    uow.commit()


@dataclass(frozen=True)
class ConflictView:
    member_name: str
    applicant_name: str
    display_number: str
    reason: str


def list_conflicts(uow: UnitOfWork, competition_id: int) -> list[ConflictView]:
    """The conflicts of interest declared in a competition, in the order declared."""
    competition = uow.competitions.require(competition_id)
    rows = uow.session.execute(
        select(models.ConflictOfInterest, models.CommissionMember, models.Application)
        .join(models.CommissionMember, models.ConflictOfInterest.member_id == models.CommissionMember.id)
        .join(models.Application, models.ConflictOfInterest.application_id == models.Application.id)
        .where(models.Application.competition_id == competition_id)
        .order_by(models.ConflictOfInterest.id)
    )
    return [
        ConflictView(
            member_name=full_name(member.surname, member.name, member.patronymic),
            applicant_name=full_name(app.person.surname, app.person.name, app.person.patronymic),
            display_number=display_number(competition.number, app.number),
            reason=conflict.reason,
        )
        for conflict, member, app in rows
    ]


def declare_conflict(uow: UnitOfWork, application_id: int, member_id: int, reason: str) -> None:
    """A Commission member declares a conflict of interest towards a candidate; it is recorded and printed. The
    member takes no part in the decisions on the candidate from then on, and a verdict already taken with them is
    set aside for review (``ScreeningRow.for_review``)."""
    uow.require(Action.SCREEN)
    row, _unused = _screening_competition(uow, application_id)
    uow.commission.require(member_id)
    if not reason.strip():
        raise ValidationError({"reason": _("Say what the conflict of interest is.")})
    uow.session.add(models.ConflictOfInterest(application_id=row.id, member_id=member_id, reason=reason.strip()))
    uow.commit()


def start_screening(uow: UnitOfWork, competition_id: int) -> None:
    uow.require(Action.SCREEN)
    competition = uow.competitions.require(competition_id)
    facts = lifecycle.TransitionFacts(state=competition.state, today=uow.clock.today())
    transition(competition, State.SCREENING, facts)
    uow.commit()


def with_screening_counts(
    uow: UnitOfWork, competition_id: int, facts: lifecycle.TransitionFacts
) -> lifecycle.TransitionFacts:
    """``facts`` with the counts the lifecycle's guards look at: applications, undecided ones, admitted ones."""
    grid = screening_grid(uow, competition_id)
    return dataclasses.replace(
        facts, applications=len(grid.rows), undecided_applications=grid.undecided, admitted=grid.admitted
    )


def finish_screening(uow: UnitOfWork, competition_id: int) -> None:
    """Fix the screening result: every application decided, the competition moves to "screened"."""
    uow.require(Action.SCREEN)
    competition = uow.competitions.require(competition_id)
    facts = lifecycle.TransitionFacts(state=competition.state, today=uow.clock.today())
    transition(competition, State.SCREENED, with_screening_counts(uow, competition_id, facts))
    uow.commit()
