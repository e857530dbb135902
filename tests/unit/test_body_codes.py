"""State bodies' codes and Commission members' PINs, as the registry's rules check them."""

from __future__ import annotations

import datetime as dt

import pytest

from osgo_desktop.domain.person import encode_pin
from osgo_desktop.domain.profile import LAW_2014
from osgo_desktop.domain.registry import (
    CommissionMemberDraft,
    Role,
    Seat,
    Sex,
    StateBodyDraft,
    member_warnings,
    normalize_body_code,
    validate_body,
    validate_member,
)


def body(code: str) -> StateBodyDraft:
    return StateBodyDraft("Саламаттыкты сактоо министрлиги", "Министерство здравоохранения", code=code)


@pytest.mark.parametrize("code", ["", "MOH", "moh", " MIN-JUST ", "A1", "X" * 16])
def test_valid_codes(code: str) -> None:
    assert validate_body(body(code)) == {}


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("M", "2 to 16 characters"),
        ("X" * 17, "2 to 16 characters"),
        ("MO H", "Latin capital letters, digits and hyphens"),
        ("МОН", "Latin capital letters, digits and hyphens"),  # Cyrillic letters that look Latin
        ("MOH_1", "Latin capital letters, digits and hyphens"),
        ("commission", "names the Commission"),
    ],
)
def test_bad_codes_are_refused_with_the_reason(code: str, message: str) -> None:
    assert message in validate_body(body(code))["code"]


def test_a_code_another_body_has_is_refused_in_any_case() -> None:
    errors = validate_body(body("moh"), frozenset({"MOH", "MOJ"}))
    assert errors == {"code": "Another state body has the code MOH."}
    assert normalize_body_code(" moh ") == "MOH"


def member(pin: str, sex: Sex = Sex.FEMALE) -> CommissionMemberDraft:
    return CommissionMemberDraft("Токтосунова", "Айгүл", "", sex, Seat.CIVIL, Role.MEMBER, pin=pin)


def test_a_member_pin_is_checked_as_an_applicants() -> None:
    pin = encode_pin(Sex.FEMALE, dt.date(1980, 1, 2), "00001")
    assert validate_member(member(pin), LAW_2014) == {}
    assert validate_member(member("2101"), LAW_2014)["pin"] == "The PIN has 4 digits; it must have 14."
    # A PIN that contradicts the sex is a warning, as for applicants; none at all says what is lost.
    assert member_warnings(member(pin)) == []
    assert member_warnings(member(pin, Sex.MALE)) == [
        "The PIN's first digit says female, but the sex is given as male."
    ]
    assert "not linked to a person" in member_warnings(member(""))[0]
