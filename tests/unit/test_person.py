"""Applicants' data: the PIN and what it encodes, the person and organisation forms, age, associations."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from osgo_desktop.domain.person import (
    EARLIEST_BIRTH_DATE,
    PIN_LENGTH,
    Education,
    OrganizationDraft,
    OrgKind,
    PersonDraft,
    PublicService,
    age_on,
    association_problems,
    encode_pin,
    has_higher_education,
    normalize_pin,
    person_warnings,
    pin_birth_date,
    pin_problem,
    pin_sex,
    validate_organization,
    validate_person,
)
from osgo_desktop.domain.profile import LAW_2014
from osgo_desktop.domain.registry import MAX_NAME, Sex

TODAY = dt.date(2026, 11, 23)
D = dt.date
PIN = "21503198500123"  # a man born on 15.03.1985
PERSON = PersonDraft(
    surname="Асанов",
    name="Бакыт",
    patronymic="Токтогул уулу",
    sex=Sex.MALE,
    birth_date=D(1985, 3, 15),
    pin=PIN,
    education=Education.HIGHER,
    public_service=PublicService.NONE,
    phone="+996 (555) 12-34-56",
    email="bakyt@example.kg",
)
QUICK = settings(max_examples=60, deadline=None)
birth_dates = st.dates(min_value=EARLIEST_BIRTH_DATE, max_value=TODAY)
serials = st.text(alphabet="0123456789", min_size=5, max_size=5)


# --- the PIN ---------------------------------------------------------------------------------------------------


def test_the_pin_gives_sex_and_date_of_birth() -> None:
    assert len(PIN) == PIN_LENGTH
    assert pin_sex(PIN) is Sex.MALE
    assert pin_birth_date(PIN) == D(1985, 3, 15)
    assert pin_sex("1" + PIN[1:]) is Sex.FEMALE
    assert encode_pin(Sex.MALE, D(1985, 3, 15), "00123") == PIN


@pytest.mark.parametrize(
    ("typed", "normalized"),
    [
        ("2 1503 1985 00123", PIN),
        ("2-15031985-00123", PIN),
        (" 2150319850\u00a00123 ", PIN),  # a no-break space from a word processor
        ("2\u201315031985\u201300123", PIN),  # an en dash
        ("2150319850012A", "2150319850012A"),  # letters are kept, for validation to reject
    ],
)
def test_spaces_and_dashes_are_stripped_from_a_pin(typed: str, normalized: str) -> None:
    assert normalize_pin(typed) == normalized


def test_a_pin_typed_with_spaces_is_valid() -> None:
    assert validate_person(dataclasses.replace(PERSON, pin="2 1503 1985 00123"), TODAY) == {}


@pytest.mark.parametrize(
    ("pin", "message"),
    [
        ("2150319850012", "The PIN has 13 digits; it must have 14."),
        ("215031985001234", "The PIN has 15 digits; it must have 14."),
        ("2150319850012A", "The PIN may contain only digits."),
        ("2150319850012²", "The PIN may contain only digits."),  # str.isdigit() would take it
        ("31503198500123", "The PIN must start with 1 (female) or 2 (male)."),
        ("01503198500123", "The PIN must start with 1 (female) or 2 (male)."),
        ("23102198500123", "Digits 2–9 of the PIN must be a date of birth (DDMMYYYY); 31021985 is not a date."),
        ("22902202300123", "Digits 2–9 of the PIN must be a date of birth (DDMMYYYY); 29022023 is not a date."),
        ("20013198500123", "Digits 2–9 of the PIN must be a date of birth (DDMMYYYY); 00131985 is not a date."),
        ("21500000000123", "Digits 2–9 of the PIN must be a date of birth (DDMMYYYY); 15000000 is not a date."),
    ],
)
def test_a_malformed_pin_is_an_error(pin: str, message: str) -> None:
    assert pin_problem(pin) == message
    assert pin_sex(pin) is None and pin_birth_date(pin) is None
    assert validate_person(dataclasses.replace(PERSON, pin=pin), TODAY) == {"pin": message}
    assert person_warnings(dataclasses.replace(PERSON, pin=pin)) == []  # an error, not also a warning


def test_29_february_is_a_date_in_a_leap_year() -> None:
    assert pin_problem("12902200000123") is None
    assert pin_birth_date("12902200000123") == D(2000, 2, 29)


def test_a_citizen_needs_a_pin_a_foreigner_need_not_have_one() -> None:
    assert validate_person(dataclasses.replace(PERSON, pin=" - "), TODAY) == {"pin": "Enter the PIN: 14 digits."}
    foreigner = dataclasses.replace(PERSON, pin="", citizenship="KZ")
    assert validate_person(foreigner, TODAY) == {}
    assert validate_person(dataclasses.replace(foreigner, pin="123"), TODAY) == {
        "pin": "The PIN has 3 digits; it must have 14."
    }


@QUICK
@given(sex=st.sampled_from(Sex), birth=birth_dates, serial=serials)
def test_a_pin_encoded_from_the_person_gives_no_warning(sex: Sex, birth: dt.date, serial: str) -> None:
    pin = encode_pin(sex, birth, serial)
    person = dataclasses.replace(PERSON, sex=sex, birth_date=birth, pin=pin)
    assert pin_problem(pin) is None
    assert (pin_sex(pin), pin_birth_date(pin)) == (sex, birth)
    assert validate_person(person, TODAY) == {}
    assert person_warnings(person) == []


@QUICK
@given(sex=st.sampled_from(Sex), birth=birth_dates, serial=serials)
def test_the_other_sex_digit_gives_exactly_the_sex_warning(sex: Sex, birth: dt.date, serial: str) -> None:
    pin = encode_pin(sex, birth, serial)
    flipped = {"1": "2", "2": "1"}[pin[0]] + pin[1:]
    person = dataclasses.replace(PERSON, sex=sex, birth_date=birth, pin=flipped)
    declared, coded = ("male", "female") if sex is Sex.MALE else ("female", "male")
    assert validate_person(person, TODAY) == {}  # a warning, not an error
    assert person_warnings(person) == [f"The PIN's first digit says {coded}, but the sex is given as {declared}."]


@QUICK
@given(sex=st.sampled_from(Sex), birth=birth_dates, other=birth_dates)
def test_a_different_date_in_the_pin_gives_exactly_the_date_warning(sex: Sex, birth: dt.date, other: dt.date) -> None:
    person = dataclasses.replace(PERSON, sex=sex, birth_date=birth, pin=encode_pin(sex, other))
    expected = (
        []
        if other == birth
        else [
            f"The PIN gives the date of birth {other.isoformat()}, but the date of birth is given as "
            f"{birth.isoformat()}."
        ]
    )
    assert person_warnings(person) == expected


def test_the_date_warning_names_both_dates() -> None:
    person = dataclasses.replace(PERSON, birth_date=D(1985, 5, 13))
    assert person_warnings(person) == [
        "The PIN gives the date of birth 1985-03-15, but the date of birth is given as 1985-05-13."
    ]
    both = dataclasses.replace(person, sex=Sex.FEMALE)
    assert len(person_warnings(both)) == 2


def test_warnings_follow_the_language() -> None:
    from osgo_desktop import i18n

    i18n.set_language("ru")
    [warning] = person_warnings(dataclasses.replace(PERSON, birth_date=D(1985, 5, 13)))
    assert "15.03.1985" in warning and "13.05.1985" in warning


@pytest.mark.parametrize("serial", ["0012", "001234", "0012A"])
def test_encode_pin_takes_five_serial_digits(serial: str) -> None:
    with pytest.raises(ValueError, match="serial"):
        encode_pin(Sex.FEMALE, D(1990, 1, 1), serial)


# --- the rest of the person --------------------------------------------------------------------------------------


def test_a_complete_person_is_valid() -> None:
    assert validate_person(PERSON, TODAY) == {}
    assert validate_person(dataclasses.replace(PERSON, patronymic="", phone="", email=""), TODAY) == {}


def test_surname_and_name_are_required_and_capped() -> None:
    errors = validate_person(dataclasses.replace(PERSON, surname="  ", name=""), TODAY)
    assert errors == {"surname": "This field is required.", "name": "This field is required."}
    long = "А" * (MAX_NAME + 1)
    errors = validate_person(dataclasses.replace(PERSON, name=long, patronymic=long, workplace=long), TODAY)
    assert errors == dict.fromkeys(("name", "patronymic", "workplace"), "This text is too long.")
    assert validate_person(dataclasses.replace(PERSON, name="А" * MAX_NAME), TODAY) == {}


@pytest.mark.parametrize(
    ("birth", "message"),
    [
        (None, "Enter the date of birth."),
        (TODAY + dt.timedelta(days=1), "The date of birth cannot be in the future."),
        (D(1899, 12, 31), "The date of birth cannot be before 1900-01-01."),
    ],
)
def test_the_date_of_birth_must_be_plausible(birth: dt.date | None, message: str) -> None:
    person = dataclasses.replace(PERSON, birth_date=birth, pin="")  # no PIN: only the date is judged
    assert validate_person(dataclasses.replace(person, citizenship="KZ"), TODAY) == {"birth_date": message}


@pytest.mark.parametrize("birth", [TODAY, D(1900, 1, 1), D(2010, 6, 1)])
def test_only_plausibility_not_age_is_a_form_rule(birth: dt.date) -> None:
    # Too young to be a candidate is screening's verdict, not a form error.
    person = dataclasses.replace(PERSON, birth_date=birth, pin=encode_pin(Sex.MALE, birth))
    assert validate_person(person, TODAY) == {}


@pytest.mark.parametrize("citizenship", ["", "K", "KGZ", "К1", "КГ"])
def test_citizenship_is_a_two_letter_code(citizenship: str) -> None:
    errors = validate_person(dataclasses.replace(PERSON, citizenship=citizenship), TODAY)
    assert errors == {"citizenship": "Enter the citizenship as a two-letter country code, such as KG."}


@pytest.mark.parametrize("email", ["bakyt@example.kg", "b.asanov+osgo@mail.gov.kg"])
def test_a_good_email_is_accepted(email: str) -> None:
    assert validate_person(dataclasses.replace(PERSON, email=email), TODAY) == {}


@pytest.mark.parametrize("email", ["bakyt", "bakyt@", "@example.kg", "bakyt@example", "a@b@example.kg", "a b@x.kg"])
def test_a_bad_email_is_an_error(email: str) -> None:
    errors = validate_person(dataclasses.replace(PERSON, email=email), TODAY)
    assert errors == {"email": "This does not look like an e-mail address."}


@pytest.mark.parametrize("phone", ["0555 123 456", "+996 (312) 62-12-34", "0312621234"])
def test_a_good_phone_is_accepted(phone: str) -> None:
    assert validate_person(dataclasses.replace(PERSON, phone=phone), TODAY) == {}


@pytest.mark.parametrize("phone", ["0555 123 456 доб. 2", "+996/312", "+ ( ) -"])
def test_a_bad_phone_is_an_error(phone: str) -> None:
    errors = validate_person(dataclasses.replace(PERSON, phone=phone), TODAY)
    assert errors == {"phone": "A phone number may contain only digits, spaces and + ( ) -."}


@pytest.mark.parametrize(
    ("education", "higher"),
    [
        (Education.NONE, False),
        (Education.SECONDARY, False),
        (Education.VOCATIONAL, False),
        (Education.HIGHER, True),
        (Education.POSTGRADUATE, True),
    ],
)
def test_higher_and_postgraduate_count_as_higher_education(education: Education, higher: bool) -> None:
    assert has_higher_education(education) is higher


# --- age -----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("birth", "day", "age"),
    [
        (D(2001, 12, 3), D(2026, 12, 3), 25),  # the birthday itself completes the year
        (D(2001, 12, 4), D(2026, 12, 3), 24),
        (D(2000, 2, 29), D(2025, 2, 28), 24),  # born on 29 February: not yet on 28 February...
        (D(2000, 2, 29), D(2025, 3, 1), 25),  # ...but on 1 March of a non-leap year
        (D(2000, 2, 29), D(2028, 2, 29), 28),
        (D(2000, 1, 1), D(2000, 1, 1), 0),
        (D(2000, 1, 2), D(2000, 1, 1), -1),  # before the birth: negative, no error
    ],
)
def test_age_is_completed_years(birth: dt.date, day: dt.date, age: int) -> None:
    assert age_on(birth, day) == age


@QUICK
@given(birth=birth_dates, years=st.integers(min_value=0, max_value=120))
def test_age_grows_by_one_on_each_birthday(birth: dt.date, years: int) -> None:
    year = birth.year + years
    # A 29 February birthday falls on 1 March in a non-leap year.
    try:
        birthday = birth.replace(year=year)
    except ValueError:
        birthday = D(year, 3, 1)
    assert age_on(birth, birthday) == years
    assert age_on(birth, birthday - dt.timedelta(days=1)) == years - 1


# --- organisations and associations --------------------------------------------------------------------------------


def test_an_organisation_needs_a_name() -> None:
    assert validate_organization(OrganizationDraft("«Ак-Жол» коомдук бирикмеси", OrgKind.PUBLIC_ASSOCIATION)) == {}
    assert validate_organization(OrganizationDraft(" ", OrgKind.FOUNDATION)) == {"name": "This field is required."}
    too_long = OrganizationDraft("Фонд", OrgKind.FOUNDATION, registration_number="1" * (MAX_NAME + 1))
    assert validate_organization(too_long) == {"registration_number": "This text is too long."}


#: the 2014 law's association rule, as the profile holds it
LAW = (LAW_2014.commission.association_min_members or 0, LAW_2014.commission.association_forms)


@pytest.mark.parametrize(
    "kinds",
    [
        [OrgKind.PUBLIC_ASSOCIATION, OrgKind.FOUNDATION, OrgKind.INSTITUTION],
        [OrgKind.PUBLIC_ASSOCIATION] * 3,
        [OrgKind.FOUNDATION] * 5,
    ],
)
def test_three_non_commercial_organisations_form_an_association(kinds: list[OrgKind]) -> None:
    assert association_problems(kinds, *LAW) == []


def test_an_association_of_two_says_how_many_qualify() -> None:
    assert association_problems([OrgKind.PUBLIC_ASSOCIATION, OrgKind.FOUNDATION], *LAW) == [
        "An association needs at least 3 member organisations of these forms: public association, foundation, "
        "institution; it has 2."
    ]
    assert association_problems([], *LAW) == [
        "An association needs at least 3 member organisations of these forms: public association, foundation, "
        "institution; it has 0."
    ]


def test_members_that_do_not_count_are_named() -> None:
    kinds = [OrgKind.FOUNDATION, OrgKind.MUNICIPAL, OrgKind.COMMERCIAL, OrgKind.INSTITUTION, OrgKind.COMMERCIAL]
    assert association_problems(kinds, *LAW) == [
        "An association needs at least 3 member organisations of these forms: public association, foundation, "
        "institution; it has 2.",
        "Members that do not count, commercial organisation: 2. Only these forms count: public "
        "association, foundation, institution.",
        "Members that do not count, municipal organisation: 1. Only these forms count: public "
        "association, foundation, institution.",
    ]


def test_a_commercial_member_is_reported_even_beside_three_that_qualify() -> None:
    kinds = [OrgKind.PUBLIC_ASSOCIATION] * 3 + [OrgKind.STATE]
    assert association_problems(kinds, *LAW) == [
        "Members that do not count, state organisation: 1. Only these forms count: public "
        "association, foundation, institution."
    ]


from hypothesis import given as _given  # noqa: E402
from hypothesis import strategies as _st  # noqa: E402


@_given(
    surname=_st.text(max_size=400),
    name=_st.text(max_size=50),
    pin=_st.text(max_size=30),
    email=_st.text(max_size=60),
    phone=_st.text(max_size=40),
    citizenship=_st.text(max_size=5),
)
def test_whatever_is_typed_into_the_form_gets_messages_not_exceptions(
    surname: str, name: str, pin: str, email: str, phone: str, citizenship: str
) -> None:
    draft = PersonDraft(
        surname=surname,
        name=name,
        sex=Sex.MALE,
        birth_date=dt.date(1980, 1, 1),
        pin=pin,
        citizenship=citizenship,
        education=Education.HIGHER,
        public_service=PublicService.NONE,
        email=email,
        phone=phone,
    )
    errors = validate_person(draft, dt.date(2026, 11, 23))
    assert all(isinstance(m, str) and m for m in errors.values())
    assert isinstance(person_warnings(draft), list)
    if not surname.strip():
        assert "surname" in errors
