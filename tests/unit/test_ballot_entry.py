"""Reading a typed paper ballot: the serial, the marks, and what the ballot will count as."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from osgo_desktop.domain.ballot_entry import (
    MARKS_FIELD,
    SERIAL_FIELD,
    BallotEntryError,
    BallotStatus,
    check_marks,
    check_serial,
    describe,
    format_marks,
    parse_marks,
    parse_serial,
)
from osgo_desktop.domain.voting import Mode, papers_to_enter
from osgo_desktop.errors import KnownError, ValidationError


@pytest.mark.parametrize(("text", "serial"), [("7", 7), ("007", 7), (" 7 ", 7), ("1", 1), ("15", 15), ("\t015\n", 15)])
def test_serial_is_read(text: str, serial: int) -> None:
    assert parse_serial(text, papers=15) == serial


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "Type the serial number"),
        ("   ", "Type the serial number"),
        ("7a", "“7a” is not a number"),
        ("-3", "“-3” is not a number"),
        ("1.5", "“1.5” is not a number"),
        ("٣", "“٣” is not a number"),  # an Arabic-Indic three: digits on a ballot are ASCII
        ("²", "“²” is not a number"),
        ("0", "No. 0: the papers are numbered 1 to 15"),
        ("000", "No. 0: the papers are numbered 1 to 15"),
        ("16", "No. 16: the papers are numbered 1 to 15"),
        ("0016", "No. 16: the papers are numbered 1 to 15"),
        ("9" * 5000, "the papers are numbered 1 to 15"),
    ],
)
def test_bad_serial_is_refused_with_a_message(text: str, words: str) -> None:
    with pytest.raises(BallotEntryError) as caught:
        parse_serial(text, papers=15)
    assert caught.value.field == SERIAL_FIELD
    assert words in caught.value.errors[SERIAL_FIELD]
    assert words in str(caught.value)


def test_the_error_is_a_known_error_for_the_ui_and_a_value_error_for_everyone_else() -> None:
    with pytest.raises(BallotEntryError) as caught:
        parse_marks("x", candidates=5)
    assert isinstance(caught.value, KnownError)
    assert isinstance(caught.value, ValidationError)
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(
    ("text", "marks"),
    [
        ("3 7 12", (3, 7, 12)),
        ("12,3,7", (3, 7, 12)),
        ("3+7+12", (3, 7, 12)),
        (" 12 , 3+ 7  ", (3, 7, 12)),
        ("3,,7", (3, 7)),
        ("3, 7,", (3, 7)),
        ("5", (5,)),
        ("05", (5,)),
    ],
)
def test_marks_are_read_and_sorted(text: str, marks: tuple[int, ...]) -> None:
    assert parse_marks(text, candidates=12) == marks


@pytest.mark.parametrize("text", ["", "  ", "0", "-", " - ", " 0 "])
def test_blank_paper(text: str) -> None:
    assert parse_marks(text, candidates=12) == ()


def test_a_run_of_digits_is_one_number_never_split() -> None:
    with pytest.raises(BallotEntryError, match=r"No\. 37: the candidates are numbered 1 to 12"):
        parse_marks("37", candidates=12)
    assert parse_marks("12", candidates=12) == (12,)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("3 13", "There is no candidate No. 13: the candidates are numbered 1 to 12."),
        ("0 3", "There is no candidate No. 0"),
        ("3 7 3", "Candidate No. 3 is typed twice."),
        ("3 03", "Candidate No. 3 is typed twice."),
        ("3 x", "“x” is not a candidate number"),
        ("3-7", "“3-7” is not a candidate number"),
        ("3;7", "“3;7” is not a candidate number"),
        ("3 - 7", "“-” is not a candidate number"),
        ("1 " + "9" * 5000, "the candidates are numbered 1 to 12"),
    ],
)
def test_bad_marks_are_refused_naming_the_number(text: str, words: str) -> None:
    with pytest.raises(BallotEntryError) as caught:
        parse_marks(text, candidates=12)
    assert caught.value.field == MARKS_FIELD
    assert words in caught.value.errors[MARKS_FIELD]


def test_the_first_problem_in_typed_order_is_named() -> None:
    with pytest.raises(BallotEntryError, match=r"No\. 20"):
        parse_marks("20 3 3", candidates=12)


def test_describe() -> None:
    assert describe((), max_marks=3) is BallotStatus.BLANK
    assert describe((1,), max_marks=3) is BallotStatus.VALID
    assert describe((1, 2, 3), max_marks=3) is BallotStatus.VALID
    assert describe((1, 2, 3, 4), max_marks=3) is BallotStatus.TOO_MANY_MARKS
    assert BallotStatus.TOO_MANY_MARKS == "too_many_marks"  # the tally engine's name for it


def test_format_marks() -> None:
    assert format_marks((3, 7, 12)) == "3, 7, 12"
    assert format_marks(()) == ""


CANDIDATES = 40
marks_sets = st.sets(st.integers(1, CANDIDATES), max_size=CANDIDATES)


@given(marks_sets)
def test_formatted_marks_read_back(marks: set[int]) -> None:
    assert parse_marks(format_marks(marks), CANDIDATES) == tuple(sorted(marks))


@given(
    st.lists(st.integers(1, CANDIDATES), unique=True, min_size=1),
    st.lists(st.sampled_from([" ", ",", "+", ", ", " + ", "\t", ",,"]), min_size=CANDIDATES, max_size=CANDIDATES),
    st.integers(0, 2),
)
def test_any_separators_and_zero_padding_read_the_same(marks: list[int], separators: list[str], zeros: int) -> None:
    text = "".join(f"{'0' * zeros}{number}{separators[i]}" for i, number in enumerate(marks))
    assert parse_marks(text, CANDIDATES) == tuple(sorted(marks))


@given(st.integers(1, 10_000), st.integers(0, 3), st.sampled_from(["", " ", "\t"]))
def test_serial_read_back(serial: int, zeros: int, padding: str) -> None:
    assert parse_serial(f"{padding}{'0' * zeros}{serial}{padding}", papers=10_000) == serial


@given(st.text(max_size=12))
def test_any_text_is_read_or_refused_never_crashes(text: str) -> None:
    try:
        marks = parse_marks(text, candidates=12)
    except BallotEntryError as error:
        assert error.errors[MARKS_FIELD]
    else:
        assert list(marks) == sorted(set(marks))
        assert all(1 <= number <= 12 for number in marks)
    try:
        serial = parse_serial(text, papers=15)
    except BallotEntryError as error:
        assert error.errors[SERIAL_FIELD]
    else:
        assert 1 <= serial <= 15


# --- the same rules for numbers already read: what the service checks before it saves an entry ------------------


@pytest.mark.parametrize(
    ("check", "parse", "read", "typed", "field"),
    [
        (check_serial, parse_serial, 16, "16", SERIAL_FIELD),
        (check_serial, parse_serial, 0, "0", SERIAL_FIELD),
        (check_marks, parse_marks, (3, 13), "3 13", MARKS_FIELD),
        (check_marks, parse_marks, (0, 3), "0 3", MARKS_FIELD),
        (check_marks, parse_marks, (2, 2), "2 2", MARKS_FIELD),
    ],
)
def test_numbers_already_read_are_refused_with_the_typed_ones_sentence(
    check: Callable[[Any, int], object], parse: Callable[[str, int], object], read: Any, typed: str, field: str
) -> None:
    with pytest.raises(BallotEntryError) as saved:
        check(read, 12)
    with pytest.raises(BallotEntryError) as keyed:
        parse(typed, 12)
    assert saved.value.errors == keyed.value.errors
    assert saved.value.field == field


def test_numbers_already_read_that_are_right_pass() -> None:
    assert check_serial(12, papers=12) == 12
    assert check_marks((4, 1), candidates=12) == (1, 4)
    assert check_marks((), candidates=12) == ()
    with pytest.raises(KnownError, match=r"Candidate No\. 2 is typed twice"):  # what the service's caller catches
        check_marks((2, 2), candidates=12)


def test_a_rounds_serials_go_to_the_papers_printed_or_one_per_voter() -> None:
    assert papers_to_enter(Mode.PAPER, printed=20, voters=15) == 20
    assert papers_to_enter(Mode.OPEN, printed=20, voters=15) == 15
