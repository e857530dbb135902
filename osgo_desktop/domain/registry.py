"""The registries: state bodies, the selection Commission and the counting commission, and their rules."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from osgo_desktop.domain.profile import RegulationProfile
from osgo_desktop.i18n import N_, _, current_language

MAX_NAME = 300

#: a state body's short code: what names it on the command line and in import files ("MOH", "MIN-JUST")
BODY_CODE_MIN: Final = 2
BODY_CODE_MAX: Final = 16
_BODY_CODE: Final = re.compile(r"[A-Z0-9-]+")
#: the word that names the Commission where a body's code is expected (``osgo compositions import commission``)
COMMISSION_CODE: Final = "commission"


class Sex(StrEnum):
    FEMALE = "F"
    MALE = "M"


SEX_LABELS: Final = {Sex.FEMALE: N_("Female"), Sex.MALE: N_("Male")}


class Seat(StrEnum):
    PERMANENT = "permanent"  # one per body named in the profile
    CIVIL = "civil"  # civil society, elected by competition


SEAT_LABELS: Final = {Seat.PERMANENT: N_("Permanent (state)"), Seat.CIVIL: N_("Civil society")}


class Role(StrEnum):
    CHAIR = "chair"
    DEPUTY = "deputy"
    SECRETARY = "secretary"
    MEMBER = "member"


ROLE_LABELS: Final = {
    Role.CHAIR: N_("Chair"),
    Role.DEPUTY: N_("Deputy chair"),
    Role.SECRETARY: N_("Secretary"),
    Role.MEMBER: N_("Member"),
}


def full_name(surname: str, name: str, patronymic: str = "") -> str:
    """ "Surname Name Patronymic" (the patronymic may be "X уулу" / "X кызы", or absent)."""
    return " ".join(part for part in (surname.strip(), name.strip(), patronymic.strip()) if part)


@dataclass(frozen=True)
class StateBodyDraft:
    name_ky: str
    name_ru: str
    name_en: str = ""
    active: bool = True
    #: the short code as typed ("" for none); stored as :func:`normalize_body_code` gives it
    code: str = ""


def normalize_body_code(text: str) -> str:
    """The code as stored: without surrounding spaces, in capitals ("moh " is "MOH")."""
    return text.strip().upper()


def body_code_problem(code: str) -> str | None:
    """What makes ``code`` (normalized) no valid body code, as a translated sentence; None when it is one (or
    empty: a body may have no code)."""
    if not code:
        return None
    if not BODY_CODE_MIN <= len(code) <= BODY_CODE_MAX:
        return _("The code must have {min} to {max} characters.").format(min=BODY_CODE_MIN, max=BODY_CODE_MAX)
    if not (code.isascii() and _BODY_CODE.fullmatch(code)):
        return _("The code may contain only Latin capital letters, digits and hyphens (e.g. MOH).")
    if code.casefold() == COMMISSION_CODE:
        return _("“{code}” names the Commission; choose another code.").format(code=code)
    return None


@dataclass(frozen=True)
class CommissionMemberDraft:
    surname: str
    name: str
    patronymic: str
    sex: Sex
    seat: Seat
    role: Role
    #: for a permanent seat: the index of the body in the profile's ``commission_permanent_bodies``
    body_index: int | None = None
    organization: str = ""
    term_start: dt.date | None = None
    term_end: dt.date | None = None
    contact: str = ""
    active: bool = True
    #: the personal identification number as typed ("" when not known): it makes the member one person with the
    #: applicants and the compositions' members of the same PIN
    pin: str = ""


@dataclass(frozen=True)
class CountingMemberDraft:
    surname: str
    name: str
    patronymic: str
    #: the index of the body in the profile's ``counting_bodies``
    body_index: int
    position: str = ""
    contact: str = ""
    active: bool = True


def _check_names(errors: dict[str, str], **fields: str) -> None:
    for key, value in fields.items():
        if len(value) > MAX_NAME:
            errors[key] = _("This text is too long.")
        elif key in ("surname", "name", "name_ky", "name_ru") and not value.strip():
            errors[key] = _("This field is required.")


def validate_body(draft: StateBodyDraft, taken_codes: frozenset[str] = frozenset()) -> dict[str, str]:
    """Field name → a translated message; ``taken_codes`` are the (normalized) codes other bodies have."""
    errors: dict[str, str] = {}
    _check_names(errors, name_ky=draft.name_ky, name_ru=draft.name_ru, name_en=draft.name_en)
    code = normalize_body_code(draft.code)
    problem = body_code_problem(code)
    if problem is not None:
        errors["code"] = problem
    elif code and code in taken_codes:
        errors["code"] = _("Another state body has the code {code}.").format(code=code)
    return errors


def validate_member(draft: CommissionMemberDraft, profile: RegulationProfile) -> dict[str, str]:
    errors: dict[str, str] = {}
    _check_names(
        errors,
        surname=draft.surname,
        name=draft.name,
        patronymic=draft.patronymic,
        organization=draft.organization,
        contact=draft.contact,
    )
    if draft.seat is Seat.PERMANENT and (
        draft.body_index is None or not 0 <= draft.body_index < len(profile.commission_permanent_bodies)
    ):
        errors["body_index"] = _("Choose the body this permanent member represents.")
    if draft.term_start and draft.term_end and draft.term_end <= draft.term_start:
        errors["term_end"] = _("The term must end after it starts.")
    from osgo_desktop.domain.person import normalize_pin, pin_problem  # the person module imports this one

    if normalize_pin(draft.pin):
        problem = pin_problem(draft.pin)
        if problem is not None:
            errors["pin"] = problem
    return errors


def member_warnings(draft: CommissionMemberDraft) -> list[str]:
    """What to check about a member's PIN: one that contradicts the sex given (as for applicants), and none at all
    — without it the member is no person the app can find among the candidates."""
    from osgo_desktop.domain.person import normalize_pin, pin_problem, pin_sex

    if not normalize_pin(draft.pin):
        return [
            _(
                "Without a PIN the member is not linked to a person: the app cannot tell when they apply to a "
                "public council."
            )
        ]
    if pin_problem(draft.pin) is not None:
        return []  # an error, said next to the field
    out = []
    coded_sex = pin_sex(draft.pin)
    if coded_sex is not None and coded_sex is not draft.sex:
        out.append(
            _("The PIN's first digit says {pin_sex}, but the sex is given as {sex}.").format(
                pin_sex=_(SEX_LABELS[coded_sex]).lower(), sex=_(SEX_LABELS[draft.sex]).lower()
            )
        )
    return out


def validate_counting_member(draft: CountingMemberDraft, profile: RegulationProfile) -> dict[str, str]:
    errors: dict[str, str] = {}
    _check_names(
        errors,
        surname=draft.surname,
        name=draft.name,
        patronymic=draft.patronymic,
        position=draft.position,
        contact=draft.contact,
    )
    if not 0 <= draft.body_index < len(profile.counting_bodies):
        errors["body_index"] = _("Choose the body this member represents.")
    return errors


def commission_problems(members: list[CommissionMemberDraft], profile: RegulationProfile) -> list[str]:
    """What is wrong with the composition of the active Commission, as translated sentences."""
    active = [m for m in members if m.active]
    out: list[str] = []
    permanent = [m for m in active if m.seat is Seat.PERMANENT]
    civil = [m for m in active if m.seat is Seat.CIVIL]
    permanent_seats = profile.commission_size - profile.commission_civil_seats
    if len(permanent) > permanent_seats:
        out.append(
            _("There are {count} permanent members; the law allows {limit}.").format(
                count=len(permanent), limit=permanent_seats
            )
        )
    if len(civil) > profile.commission_civil_seats:
        out.append(
            _("There are {count} civil-society members; the law allows {limit}.").format(
                count=len(civil), limit=profile.commission_civil_seats
            )
        )
    for index, count in Counter(m.body_index for m in permanent).items():
        if count > 1 and index is not None and index < len(profile.commission_permanent_bodies):
            out.append(
                _("{body} has {count} permanent members; it has one seat.").format(
                    body=profile.commission_permanent_bodies[index].get(current_language()), count=count
                )
            )
    roles = Counter(m.role for m in active)
    for role in (Role.CHAIR, Role.SECRETARY):
        if roles[role] != 1:
            out.append(
                _("The Commission must have exactly one {role}; it has {count}.").format(
                    role=_(ROLE_LABELS[role]).lower(), count=roles[role]
                )
            )
    if len(active) < profile.commission_size:
        out.append(_("{count} of {size} seats are filled.").format(count=len(active), size=profile.commission_size))
    return out


def counting_problems(members: list[CountingMemberDraft], profile: RegulationProfile) -> list[str]:
    active = [m for m in members if m.active]
    out: list[str] = []
    present = Counter(m.body_index for m in active)
    for index, body in enumerate(profile.counting_bodies):
        if present[index] == 0:
            out.append(_("{body} has no representative.").format(body=body.get(current_language())))
        elif present[index] > 1:
            out.append(
                _("{body} has {count} representatives; it has one.").format(
                    body=body.get(current_language()), count=present[index]
                )
            )
    return out
