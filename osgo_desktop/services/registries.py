"""Use cases of the registries: the regulation profile, state bodies, the Commission, the counting commission."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm.attributes import flag_modified

from osgo_desktop.domain import person
from osgo_desktop.domain.collation import alphabetical
from osgo_desktop.domain.person import OrganizationDraft, OrgKind, association_problems, validate_organization
from osgo_desktop.domain.profile import LAW_2014, LocalText, RegulationProfile, validate_profile
from osgo_desktop.domain.registry import (
    COMMISSION_CODE,
    MAX_NAME,
    CommissionMemberDraft,
    CountingMemberDraft,
    Role,
    Seat,
    Sex,
    StateBodyDraft,
    commission_problems,
    counting_problems,
    normalize_body_code,
    validate_body,
    validate_counting_member,
    validate_member,
)
from osgo_desktop.domain.roles import Action
from osgo_desktop.errors import KnownError, ValidationError
from osgo_desktop.i18n import _
from osgo_desktop.services import personal_data
from osgo_desktop.services.views import CommissionMemberRow, CountingMemberRow, StateBodyRow
from osgo_desktop.storage import models
from osgo_desktop.storage.uow import UnitOfWork
from osgo_desktop.storage.versions import check_version

# --- the regulation profile ---------------------------------------------------------------------------------


def _default_profile_row(uow: UnitOfWork) -> models.Profile:
    row = uow.session.scalars(select(models.Profile).where(models.Profile.is_default)).first()
    if row is None:
        row = uow.profiles.add(models.Profile(code=LAW_2014.code, data=LAW_2014.to_obj(), is_default=True))
    return row


def current_profile(uow: UnitOfWork) -> RegulationProfile:
    """The profile new competitions are created under (the built-in 2014 law until someone edits it)."""
    row = uow.session.scalars(select(models.Profile).where(models.Profile.is_default)).first()
    return RegulationProfile.from_obj(row.data) if row is not None else LAW_2014


def save_profile(uow: UnitOfWork, profile: RegulationProfile) -> None:
    """Replace the default profile; competitions already created keep their own copy."""
    uow.require(Action.EDIT_PROFILE)
    problems = validate_profile(profile)
    if problems:
        raise ValidationError(problems)
    row = _default_profile_row(uow)
    row.code = profile.code
    row.data = profile.to_obj()
    uow.commit()


# --- state bodies --------------------------------------------------------------------------------------------


def _body_row(row: models.StateBody) -> StateBodyRow:
    return StateBodyRow(
        id=row.id,
        name=LocalText(row.name_ky, row.name_ru, row.name_en),
        active=row.active,
        code=row.code or "",
        row_version=row.row_version,
    )


def list_bodies(uow: UnitOfWork, active_only: bool = False) -> list[StateBodyRow]:
    rows = sorted((_body_row(r) for r in uow.bodies.list()), key=lambda r: alphabetical(r.name.ky))
    return [r for r in rows if r.active] if active_only else rows


def save_body(
    uow: UnitOfWork, draft: StateBodyDraft, body_id: int | None = None, expected_version: int | None = None
) -> int:
    """A state body, new or edited (``expected_version``: the version the form was filled from, see
    ``storage.versions``)."""
    uow.require(Action.EDIT_REGISTRIES)
    taken = frozenset(
        code
        for code in uow.session.scalars(
            select(models.StateBody.code).where(
                models.StateBody.code.is_not(None), models.StateBody.id != (body_id or 0)
            )
        )
        if code
    )
    errors = validate_body(draft, taken)
    if errors:
        raise ValidationError(errors)
    row = uow.bodies.require(body_id) if body_id is not None else models.StateBody()
    check_version(uow.session, row, expected_version)
    row.name_ky, row.name_ru, row.name_en = (
        draft.name_ky.strip(),
        draft.name_ru.strip(),
        draft.name_en.strip(),
    )
    row.active = draft.active
    row.code = normalize_body_code(draft.code) or None  # NULL, not "": the column is unique
    uow.bodies.add(row)
    uow.commit()
    return row.id


@dataclass(frozen=True)
class BodyRef:
    """A body named by its code: its id (None for the Commission) and the name to show."""

    body_id: int | None
    code: str
    name: LocalText


def body_by_code(uow: UnitOfWork, code: str) -> BodyRef:
    """The state body whose code is ``code`` (in any case), or the Commission for ``commission``; a
    :class:`KnownError` listing the valid codes otherwise."""
    wanted = code.strip()
    if wanted.casefold() == COMMISSION_CODE:
        return BodyRef(None, COMMISSION_CODE, current_profile(uow).commission_name)
    rows = list(uow.session.scalars(select(models.StateBody).where(models.StateBody.code.is_not(None))))
    for row in rows:
        if row.code and row.code == normalize_body_code(wanted):
            return BodyRef(row.id, row.code, LocalText(row.name_ky, row.name_ru, row.name_en))
    codes = sorted(row.code for row in rows if row.code)
    if not codes:
        raise KnownError(
            _(
                "No state body has the code {code}: no body has a code yet. Give the bodies their codes in the "
                "registry of state bodies; “{commission}” names the Commission."
            ).format(code=wanted, commission=COMMISSION_CODE)
        )
    raise KnownError(
        _("No state body has the code {code}. Valid codes: {codes}, and “{commission}” for the Commission.").format(
            code=wanted, codes=", ".join(codes), commission=COMMISSION_CODE
        )
    )


# --- the Commission ------------------------------------------------------------------------------------------


def _member_row(row: models.CommissionMember, profile: RegulationProfile) -> CommissionMemberRow:
    seat = row.seat
    bodies = profile.commission_permanent_bodies
    if seat is Seat.PERMANENT and row.body_index is not None and row.body_index < len(bodies):
        represents = bodies[row.body_index]
    else:
        represents = LocalText(row.organization, row.organization, row.organization)
    return CommissionMemberRow(
        id=row.id,
        surname=row.surname,
        name=row.name,
        patronymic=row.patronymic,
        sex=row.sex,
        seat=seat,
        role=row.role,
        body_index=row.body_index,
        represents=represents,
        organization=row.organization,
        term_start=row.term_start,
        term_end=row.term_end,
        contact=row.contact,
        active=row.active,
        pin=row.pin,
        person_id=row.person_id,
        row_version=row.row_version,
    )


_ROLE_ORDER = {Role.CHAIR: 0, Role.DEPUTY: 1, Role.SECRETARY: 2, Role.MEMBER: 3}


def list_commission(uow: UnitOfWork) -> list[CommissionMemberRow]:
    """The Commission's roster; without the members' PINs and contacts for one who may not see personal data."""
    rows = _commission_rows(uow)
    if personal_data.shows_personal(uow):
        return rows
    return [dataclasses.replace(r, pin="", contact="", personal_hidden=True) for r in rows]


def _commission_rows(uow: UnitOfWork) -> list[CommissionMemberRow]:
    profile = current_profile(uow)
    rows = [_member_row(r, profile) for r in uow.commission.list()]
    return sorted(
        rows, key=lambda r: (not r.active, _ROLE_ORDER[r.role], r.seat != Seat.PERMANENT, alphabetical(r.full_name))
    )


def _member_draft(row: CommissionMemberRow) -> CommissionMemberDraft:
    return CommissionMemberDraft(
        surname=row.surname,
        name=row.name,
        patronymic=row.patronymic,
        sex=row.sex,
        seat=row.seat,
        role=row.role,
        body_index=row.body_index,
        organization=row.organization,
        term_start=row.term_start,
        term_end=row.term_end,
        contact=row.contact,
        active=row.active,
        pin=row.pin,
    )


def commission_warnings(uow: UnitOfWork) -> list[str]:
    return commission_problems([_member_draft(r) for r in _commission_rows(uow)], current_profile(uow))


def save_member(
    uow: UnitOfWork, draft: CommissionMemberDraft, member_id: int | None = None, expected_version: int | None = None
) -> int:
    """Save a member of the Commission's roster (``expected_version``: the version the form was filled from, see
    ``storage.versions``). With a PIN the member is linked to the ``person`` of that PIN —
    created from the member's data when nobody has it yet — so the rules find them among candidates; without one
    the member has no person link."""
    uow.require(Action.EDIT_REGISTRIES)
    errors = validate_member(draft, current_profile(uow))
    pin = person.normalize_pin(draft.pin)
    if pin and "pin" not in errors and draft.active:
        twin = uow.session.scalar(
            select(models.CommissionMember.id).where(
                models.CommissionMember.pin == pin,
                models.CommissionMember.active,
                models.CommissionMember.id != (member_id or 0),
            )
        )
        if twin is not None:
            errors["pin"] = _("Another active member of the Commission has this PIN.")
    if errors:
        raise ValidationError(errors)
    row = uow.commission.require(member_id) if member_id is not None else models.CommissionMember()
    check_version(uow.session, row, expected_version)
    row.surname, row.name, row.patronymic = (
        draft.surname.strip(),
        draft.name.strip(),
        draft.patronymic.strip(),
    )
    row.sex, row.seat, row.role = draft.sex, draft.seat, draft.role
    row.body_index = draft.body_index if draft.seat is Seat.PERMANENT else None
    row.organization = draft.organization.strip()
    row.term_start, row.term_end = draft.term_start, draft.term_end
    row.contact, row.active = draft.contact.strip(), draft.active
    row.pin = pin
    row.person_id = person_for_pin(uow, pin, draft.surname, draft.name, draft.patronymic, draft.sex) if pin else None
    uow.commission.add(row)
    uow.commit()
    return row.id


def person_for_pin(
    uow: UnitOfWork,
    pin: str,
    surname: str,
    name: str,
    patronymic: str,
    sex: Sex,
    birth_date: dt.date | None = None,
) -> int:
    """The id of the person with ``pin`` (normalized), created from these names when there is none yet — one person
    across competitions and compositions; a new one is born on ``birth_date``, else on the date the PIN gives. A
    person on record keeps the data they have (the caller's transaction; no commit)."""
    found = uow.session.scalars(select(models.Person.id).where(models.Person.pin == pin).order_by(models.Person.id))
    existing = found.first()
    if existing is not None:
        return existing
    row = models.Person(
        surname=surname.strip(),
        name=name.strip(),
        patronymic=patronymic.strip(),
        sex=sex,
        birth_date=birth_date or person.pin_birth_date(pin),
        pin=pin,
    )
    uow.session.add(row)
    uow.session.flush()
    return row.id


# --- the counting commission ---------------------------------------------------------------------------------


def _counting_row(row: models.CountingMember, profile: RegulationProfile) -> CountingMemberRow:
    bodies = profile.counting_bodies
    body = bodies[row.body_index] if 0 <= row.body_index < len(bodies) else LocalText("?", "?", "?")
    return CountingMemberRow(
        id=row.id,
        surname=row.surname,
        name=row.name,
        patronymic=row.patronymic,
        body_index=row.body_index,
        body=body,
        position=row.position,
        contact=row.contact,
        active=row.active,
        row_version=row.row_version,
    )


def list_counting(uow: UnitOfWork) -> list[CountingMemberRow]:
    """The counting commission; without the members' contacts for one who may not see personal data."""
    rows = _counting_rows(uow)
    if personal_data.shows_personal(uow):
        return rows
    return [dataclasses.replace(r, contact="", personal_hidden=True) for r in rows]


def _counting_rows(uow: UnitOfWork) -> list[CountingMemberRow]:
    profile = current_profile(uow)
    rows = [_counting_row(r, profile) for r in uow.counting.list(models.CountingMember.body_index)]
    return sorted(rows, key=lambda r: (not r.active, r.body_index, alphabetical(r.full_name)))


def counting_warnings(uow: UnitOfWork) -> list[str]:
    drafts = [
        CountingMemberDraft(r.surname, r.name, r.patronymic, r.body_index, r.position, r.contact, r.active)
        for r in _counting_rows(uow)
    ]
    return counting_problems(drafts, current_profile(uow))


def save_counting_member(
    uow: UnitOfWork, draft: CountingMemberDraft, member_id: int | None = None, expected_version: int | None = None
) -> int:
    """A member of the counting commission, new or edited (``expected_version``: see ``storage.versions``)."""
    uow.require(Action.EDIT_REGISTRIES)
    errors = validate_counting_member(draft, current_profile(uow))
    if errors:
        raise ValidationError(errors)
    row = uow.counting.require(member_id) if member_id is not None else models.CountingMember()
    check_version(uow.session, row, expected_version)
    row.surname, row.name, row.patronymic = (
        draft.surname.strip(),
        draft.name.strip(),
        draft.patronymic.strip(),
    )
    row.body_index, row.position = draft.body_index, draft.position.strip()
    row.contact, row.active = draft.contact.strip(), draft.active
    uow.counting.add(row)
    uow.commit()
    return row.id


# --- organisations and associations --------------------------------------------------------------------------


@dataclass(frozen=True)
class OrganizationRow:
    id: int
    name: str
    kind: OrgKind
    registration_number: str
    active: bool
    #: the name in Russian ("" while not entered)
    name_ru: str = ""
    #: the version the row was read at (the optimistic check: ``storage.versions``); None: not known
    row_version: int | None = None


@dataclass(frozen=True)
class AssociationRow:
    id: int
    name: str
    member_ids: tuple[int, ...]
    members: tuple[str, ...]
    problems: tuple[str, ...]
    active: bool
    #: the name in Russian ("" while not entered)
    name_ru: str = ""
    #: the version the row was read at (the optimistic check: ``storage.versions``); None: not known
    row_version: int | None = None


@dataclass(frozen=True)
class AssociationDraft:
    name: str
    member_ids: tuple[int, ...]
    active: bool = True
    #: the name in Russian, as the Russian papers print it ("" while not entered)
    name_ru: str = ""


def list_organizations(uow: UnitOfWork) -> list[OrganizationRow]:
    rows = [
        OrganizationRow(r.id, r.name, r.kind, r.registration_number, r.active, r.name_ru, r.row_version)
        for r in uow.organizations.list()
    ]
    return sorted(rows, key=lambda r: alphabetical(r.name))


def save_organization(
    uow: UnitOfWork, draft: OrganizationDraft, organization_id: int | None = None, expected_version: int | None = None
) -> int:
    """An organisation, new or edited (``expected_version``: see ``storage.versions``)."""
    uow.require(Action.EDIT_ORGANIZATIONS)
    errors = validate_organization(draft)
    name = draft.name.strip().casefold()
    if any(o.name.strip().casefold() == name and o.id != organization_id for o in list_organizations(uow)):
        errors["name"] = _("An organisation with this name is already registered.")
    if errors:
        raise ValidationError(errors)
    row = uow.organizations.require(organization_id) if organization_id is not None else models.Organization()
    check_version(uow.session, row, expected_version)
    row.name, row.name_ru, row.kind = draft.name.strip(), draft.name_ru.strip(), draft.kind
    row.registration_number = draft.registration_number.strip()
    uow.organizations.add(row)
    uow.commit()
    return row.id


@dataclass(frozen=True)
class AssociationChoices:
    """What the association form offers and checks against: the organisations, the profile's association rule."""

    organizations: tuple[OrganizationRow, ...]
    #: the Commission kind's rule in the current profile (None: no minimum)
    min_members: int | None
    forms: tuple[str, ...]

    def problems(self, member_ids: tuple[int, ...]) -> list[str]:
        """What keeps these organisations from forming an association under the profile (inactive ones not counted)."""
        by_id = {o.id: o for o in self.organizations}
        kinds = [by_id[i].kind for i in member_ids if i in by_id and by_id[i].active]
        return association_warnings(kinds, self.min_members, self.forms)


def association_warnings(kinds: list[OrgKind], min_members: int | None, forms: tuple[str, ...]) -> list[str]:
    """The registry's warnings on an association: the screening criterion's rule (``eligibility.ASSOCIATION_VALID``)
    with the profile's numbers; a profile without the rule warns of nothing."""
    return [] if min_members is None else association_problems(kinds, min_members, forms)


def association_choices(uow: UnitOfWork) -> AssociationChoices:
    rules = current_profile(uow).commission
    return AssociationChoices(tuple(list_organizations(uow)), rules.association_min_members, rules.association_forms)


def list_associations(uow: UnitOfWork) -> list[AssociationRow]:
    rules = current_profile(uow).commission
    out = []
    for row in sorted(uow.associations.list(), key=lambda a: alphabetical(a.name)):
        # the members screening counts: a deregistered (inactive) organisation no longer makes up the association
        members = sorted(row.members, key=lambda m: alphabetical(m.name))
        kinds = [m.kind for m in members if m.active]
        out.append(
            AssociationRow(
                row.id,
                row.name,
                tuple(m.id for m in members),
                tuple(m.name for m in members),
                tuple(association_warnings(kinds, rules.association_min_members, rules.association_forms)),
                row.active,
                row.name_ru,
                row.row_version,
            )
        )
    return out


def validate_association(draft: AssociationDraft) -> dict[str, str]:
    """What is wrong with the association's form (its names), field by field."""
    errors: dict[str, str] = {}
    if not draft.name.strip():
        errors["name"] = _("This field is required.")
    elif len(draft.name) > MAX_NAME:
        errors["name"] = _("This text is too long.")
    if len(draft.name_ru) > MAX_NAME:
        errors["name_ru"] = _("This text is too long.")
    return errors


def save_association(
    uow: UnitOfWork, draft: AssociationDraft, association_id: int | None = None, expected_version: int | None = None
) -> int:
    """An association and its member organisations; one that does not meet the law is saved, and says why
    (the Commission decides at screening whether its candidate is admitted). ``expected_version``: see
    ``storage.versions``."""
    uow.require(Action.EDIT_ORGANIZATIONS)
    errors = validate_association(draft)
    members = [uow.organizations.get(i) for i in draft.member_ids]
    if any(m is None for m in members):
        errors["member_ids"] = _("The record no longer exists; it may have been removed.")
    if errors:
        raise ValidationError(errors)
    row = uow.associations.require(association_id) if association_id is not None else models.Association()
    check_version(uow.session, row, expected_version)
    chosen = [m for m in members if m is not None]
    if row.id is not None and {m.id for m in row.members} != {m.id for m in chosen}:
        flag_modified(row, "name")  # only the link table changes: the row's version still moves on
    row.name, row.name_ru, row.active = draft.name.strip(), draft.name_ru.strip(), draft.active
    row.members = chosen
    uow.associations.add(row)
    uow.commit()
    return row.id
