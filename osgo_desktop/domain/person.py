"""Applicants, organisations and associations: their data, the PIN, and the rules the data must satisfy."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from osgo_desktop.domain.competition import MAX_TEXT
from osgo_desktop.domain.registry import MAX_NAME, SEX_LABELS, Sex
from osgo_desktop.i18n import N_, _, format_date, ngettext

# --- the personal identification number (PIN, ИНН/ПИН) ------------------------------------------------------

#: digits in a Kyrgyz PIN: the sex digit, the date of birth as DDMMYYYY, then five more
PIN_LENGTH: Final = 14
#: the PIN's first digit for each sex
PIN_SEX_DIGITS: Final = {Sex.FEMALE: "1", Sex.MALE: "2"}
_SEX_BY_DIGIT: Final = {digit: sex for sex, digit in PIN_SEX_DIGITS.items()}
#: a date of birth before this is a typing error, not a person
EARLIEST_BIRTH_DATE: Final = dt.date(1900, 1, 1)

# Hyphens, dashes and the minus sign all turn up when a PIN is copied from a scan or a spreadsheet.
_PIN_SEPARATORS: Final = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2212")


def normalize_pin(text: str) -> str:
    """The PIN without the spaces and dashes people type into it; nothing else is changed."""
    return "".join(c for c in text if not c.isspace() and c not in _PIN_SEPARATORS)


def _embedded_date(pin: str) -> dt.date | None:
    """The date of birth that digits 2–9 (DDMMYYYY) give, or None when they are no real date."""
    try:
        return dt.date(int(pin[5:9]), int(pin[3:5]), int(pin[1:3]))
    except ValueError:
        return None


def pin_problem(pin: str) -> str | None:
    """What makes ``pin`` (normalized or not) no well-formed PIN, as a translated sentence; None when it is one."""
    digits = normalize_pin(pin)
    # str.isdigit() accepts superscripts and other scripts' digits; a PIN is ASCII.
    if not (digits.isascii() and digits.isdigit()):
        return _("The PIN may contain only digits.")
    if len(digits) != PIN_LENGTH:
        return _("The PIN has {count} digits; it must have {length}.").format(count=len(digits), length=PIN_LENGTH)
    if digits[0] not in _SEX_BY_DIGIT:
        return _("The PIN must start with 1 (female) or 2 (male).")
    if _embedded_date(digits) is None:
        return _("Digits 2–9 of the PIN must be a date of birth (DDMMYYYY); {digits} is not a date.").format(
            digits=digits[1:9]
        )
    return None


def pin_sex(pin: str) -> Sex | None:
    """The sex a well-formed PIN gives; None for a PIN that is not well-formed."""
    digits = normalize_pin(pin)
    return _SEX_BY_DIGIT[digits[0]] if pin_problem(digits) is None else None


def pin_birth_date(pin: str) -> dt.date | None:
    """The date of birth a well-formed PIN gives; None for a PIN that is not well-formed."""
    digits = normalize_pin(pin)
    return _embedded_date(digits) if pin_problem(digits) is None else None


_PIN_MASK: Final = "•"


def mask_pin(pin: str) -> str:
    """A PIN as a list on screen shows it: its first digit (the sex) and its last two, the rest hidden
    ("2•••••••••••34"); a short one wholly hidden; "" when there is none. The compositions' views and the
    Commission's roster show this; the full PIN stays in the record and its form."""
    pin = pin.strip()
    if len(pin) <= 4:
        return _PIN_MASK * len(pin)
    return pin[0] + _PIN_MASK * (len(pin) - 3) + pin[-2:]


def encode_pin(sex: Sex, birth: dt.date, serial: str = "00000") -> str:
    """The PIN of a person of ``sex`` born on ``birth`` with the given last five digits (tests, demo data)."""
    if len(serial) != PIN_LENGTH - 9 or not (serial.isascii() and serial.isdigit()):
        raise ValueError(f"the serial must be {PIN_LENGTH - 9} digits, got {serial!r}")
    return f"{PIN_SEX_DIGITS[sex]}{birth:%d%m%Y}{serial}"


# --- what a person declares ----------------------------------------------------------------------------------


class Education(StrEnum):
    NONE = "none"
    SECONDARY = "secondary"
    VOCATIONAL = "vocational"
    HIGHER = "higher"
    POSTGRADUATE = "postgraduate"


EDUCATION_LABELS: Final = {
    Education.NONE: N_("None or incomplete secondary"),
    Education.SECONDARY: N_("Secondary education"),
    Education.VOCATIONAL: N_("Vocational education"),
    Education.HIGHER: N_("Higher education"),
    Education.POSTGRADUATE: N_("Postgraduate education"),
}

#: the levels that satisfy "higher education" (a postgraduate has a higher education too)
HIGHER_EDUCATION: Final = frozenset({Education.HIGHER, Education.POSTGRADUATE})


def has_higher_education(education: Education) -> bool:
    return education in HIGHER_EDUCATION


class PublicService(StrEnum):
    """Whether the person is a state or municipal employee, as their workplace and position show."""

    NONE = "none"
    STATE = "state"
    MUNICIPAL = "municipal"


PUBLIC_SERVICE_LABELS: Final = {
    PublicService.NONE: N_("Not a state or municipal employee"),
    PublicService.STATE: N_("State employee"),
    PublicService.MUNICIPAL: N_("Municipal employee"),
}


class OrgKind(StrEnum):
    PUBLIC_ASSOCIATION = "public_association"
    FOUNDATION = "foundation"
    INSTITUTION = "institution"
    COMMERCIAL = "commercial"
    MUNICIPAL = "municipal"
    STATE = "state"
    OTHER = "other"


ORG_KIND_LABELS: Final = {
    OrgKind.PUBLIC_ASSOCIATION: N_("Public association"),
    OrgKind.FOUNDATION: N_("Foundation"),
    OrgKind.INSTITUTION: N_("Institution"),
    OrgKind.COMMERCIAL: N_("Commercial organisation"),
    OrgKind.MUNICIPAL: N_("Municipal organisation"),
    OrgKind.STATE: N_("State organisation"),
    OrgKind.OTHER: N_("Other organisation"),
}


class Channel(StrEnum):
    """How an application arrived."""

    IN_PERSON = "in_person"
    POST = "post"
    EMAIL = "email"


CHANNEL_LABELS: Final = {
    Channel.IN_PERSON: N_("In person"),
    Channel.POST: N_("By post"),
    Channel.EMAIL: N_("By e-mail"),
}


class Nomination(StrEnum):
    """Who put the candidate forward."""

    ASSOCIATION = "association"
    ORGANIZATION = "organisation"
    SELF = "self"


NOMINATION_LABELS: Final = {
    Nomination.ASSOCIATION: N_("Nominated by an association"),
    Nomination.ORGANIZATION: N_("Nominated by an organisation"),
    Nomination.SELF: N_("Self-nomination"),
}

#: the longest e-mail address the standards allow (RFC 5321)
MAX_EMAIL: Final = 254
MAX_PHONE: Final = 50
#: the citizenship that the law requires; an ISO 3166 alpha-2 code
KYRGYZ_CITIZENSHIP: Final = "KG"
_PHONE_CHARACTERS: Final = frozenset("0123456789 +()-")


def is_kyrgyz_citizen(citizenship: str) -> bool:
    return citizenship.strip().upper() == KYRGYZ_CITIZENSHIP


@dataclass(frozen=True, kw_only=True)
class PersonDraft:
    """What the applicant form returns. ``pin`` is as typed; store ``normalize_pin(pin)``."""

    surname: str
    name: str
    #: may be empty, or the Kyrgyz "X уулу" / "X кызы"
    patronymic: str = ""
    sex: Sex
    birth_date: dt.date | None
    pin: str
    citizenship: str = KYRGYZ_CITIZENSHIP
    education: Education
    public_service: PublicService
    workplace: str = ""
    position: str = ""
    organization: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""


def _looks_like_email(text: str) -> bool:
    if any(c.isspace() for c in text) or text.count("@") != 1:
        return False
    local, domain = text.split("@")
    labels = domain.split(".")
    return bool(local) and len(labels) >= 2 and all(labels)


def _looks_like_phone(text: str) -> bool:
    return all(c in _PHONE_CHARACTERS for c in text) and any(c.isdigit() for c in text)


def validate_person(draft: PersonDraft, today: dt.date) -> dict[str, str]:
    """Field name → a translated message, for each field that is wrong. Empty when the draft may be saved.

    Only plausibility is checked here; whether the person meets the requirements (age, citizenship, ...) is
    screening's business (``eligibility``), and a PIN that disagrees with the sex or date of birth given is a
    warning (``person_warnings``), not an error.
    """
    errors: dict[str, str] = {}
    limits = {
        "surname": MAX_NAME,
        "name": MAX_NAME,
        "patronymic": MAX_NAME,
        "workplace": MAX_NAME,
        "position": MAX_NAME,
        "organization": MAX_NAME,
        "phone": MAX_PHONE,
        "email": MAX_EMAIL,
        "address": MAX_TEXT,
    }
    for field_name, limit in limits.items():
        if len(getattr(draft, field_name)) > limit:
            errors[field_name] = _("This text is too long.")
    for field_name in ("surname", "name"):
        if field_name not in errors and not getattr(draft, field_name).strip():
            errors[field_name] = _("This field is required.")

    if draft.birth_date is None:
        errors["birth_date"] = _("Enter the date of birth.")
    elif draft.birth_date > today:
        errors["birth_date"] = _("The date of birth cannot be in the future.")
    elif draft.birth_date < EARLIEST_BIRTH_DATE:
        errors["birth_date"] = _("The date of birth cannot be before {date}.").format(
            date=format_date(EARLIEST_BIRTH_DATE, style="numeric")
        )

    citizenship = draft.citizenship.strip()
    if not (len(citizenship) == 2 and citizenship.isascii() and citizenship.isalpha()):
        errors["citizenship"] = _("Enter the citizenship as a two-letter country code, such as KG.")

    # A foreign citizen may have no Kyrgyz PIN; one that is given must still be well-formed.
    if not normalize_pin(draft.pin):
        if is_kyrgyz_citizen(draft.citizenship):
            errors["pin"] = _("Enter the PIN: {length} digits.").format(length=PIN_LENGTH)
    else:
        problem = pin_problem(draft.pin)
        if problem is not None:
            errors["pin"] = problem

    if draft.email.strip() and "email" not in errors and not _looks_like_email(draft.email.strip()):
        errors["email"] = _("This does not look like an e-mail address.")
    if draft.phone.strip() and "phone" not in errors and not _looks_like_phone(draft.phone.strip()):
        errors["phone"] = _("A phone number may contain only digits, spaces and + ( ) -.")
    return errors


def person_warnings(draft: PersonDraft) -> list[str]:
    """Where the PIN disagrees with the sex or the date of birth given: to check against the passport.

    Nothing is said about a PIN that is not well-formed: ``validate_person`` reports that as an error.
    """
    out: list[str] = []
    coded_sex = pin_sex(draft.pin)
    if coded_sex is not None and coded_sex is not draft.sex:
        out.append(
            _("The PIN's first digit says {pin_sex}, but the sex is given as {sex}.").format(
                pin_sex=_(SEX_LABELS[coded_sex]).lower(), sex=_(SEX_LABELS[draft.sex]).lower()
            )
        )
    coded_birth = pin_birth_date(draft.pin)
    if coded_birth is not None and draft.birth_date is not None and coded_birth != draft.birth_date:
        out.append(
            _("The PIN gives the date of birth {pin_date}, but the date of birth is given as {birth_date}.").format(
                pin_date=format_date(coded_birth, style="numeric"),
                birth_date=format_date(draft.birth_date, style="numeric"),
            )
        )
    return out


def age_on(birth: dt.date, day: dt.date) -> int:
    """Completed years of age on ``day``.

    A birthday counts from its own calendar day, so a person born on 29 February becomes a year older on 1 March
    of a non-leap year (not on 28 February: that day they have not yet completed the year). A day before the
    birth gives a negative number rather than an error.
    """
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


# --- organisations and associations --------------------------------------------------------------------------


@dataclass(frozen=True)
class OrganizationDraft:
    name: str
    kind: OrgKind
    #: the state registration number (Ministry of Justice), as printed on the certificate
    registration_number: str = ""
    #: the name in Russian, as the Russian papers print it ("" while not entered)
    name_ru: str = ""


def validate_organization(draft: OrganizationDraft) -> dict[str, str]:
    errors: dict[str, str] = {}
    if len(draft.name) > MAX_NAME:
        errors["name"] = _("This text is too long.")
    elif not draft.name.strip():
        errors["name"] = _("This field is required.")
    if len(draft.name_ru) > MAX_NAME:
        errors["name_ru"] = _("This text is too long.")
    if len(draft.registration_number) > MAX_NAME:
        errors["registration_number"] = _("This text is too long.")
    return errors


def org_forms_text(forms: Collection[str], gettext: Callable[[str], str] = _) -> str:
    """The organisation forms a profile names, in the enum's order ("public association, foundation, ..."), in the
    current language or through ``gettext`` (a document's ``Translator``)."""
    known = [kind for kind in OrgKind if kind.value in forms]
    unknown = sorted(form for form in forms if form not in {kind.value for kind in OrgKind})
    return ", ".join([gettext(ORG_KIND_LABELS[kind]).lower() for kind in known] + unknown)


def association_problems(member_kinds: Sequence[OrgKind], minimum: int, forms: Collection[str]) -> list[str]:
    """What keeps these members from forming an association (бирикме), as translated sentences; empty if none.

    An association is at least ``minimum`` organisations of the ``forms`` the profile names (the 2014 law: three
    non-commercial organisations registered as a public association, a foundation and/or an institution, not
    municipal ones). Every member of another form is reported even when enough members do qualify, since the law
    describes the association as made of such organisations only; only the count decides the screening criterion.
    """
    out: list[str] = []
    forms_text = org_forms_text(forms)
    qualifying = sum(1 for kind in member_kinds if kind.value in forms)
    if qualifying < minimum:
        out.append(
            ngettext(
                "An association needs at least {minimum} member organisation of these forms: {forms}; it has {count}.",
                "An association needs at least {minimum} member organisations of these forms: {forms}; it has {count}.",
                minimum,
            ).format(minimum=minimum, forms=forms_text, count=qualifying)
        )
    others = Counter(kind for kind in member_kinds if kind.value not in forms)
    for kind in OrgKind:  # in the enum's order, so the message list is stable
        if others[kind]:
            out.append(
                _("Members that do not count, {kind}: {count}. Only these forms count: {forms}.").format(
                    kind=_(ORG_KIND_LABELS[kind]).lower(), count=others[kind], forms=forms_text
                )
            )
    return out
