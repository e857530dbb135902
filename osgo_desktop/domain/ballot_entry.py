"""Reading what is typed from a paper ballot: its serial number, the candidates marked on it, and what it will be.

The entry records what the paper says and nothing more: a paper with too many marks is entered as it is (the tally
engine makes it invalid), so :func:`describe` only tells the entrant in advance what the ballot will count as.

What can be typed, kept simple so that nobody has to guess:

* a serial is the paper's number, digits only, leading zeros and surrounding spaces allowed (``"007"`` is 7);
* marks are the candidates' ballot numbers (1..n) separated by spaces, commas or ``+`` (``"3 7 12"``,
  ``"3,7,12"``, ``"3+7+12"``, mixed alike). A run of digits is always one number: ``"37"`` is candidate 37, never
  3 and 7 — with ten or more candidates it could be either, so separators are required.
* a blank paper is typed as nothing, ``"0"`` or ``"-"``.

:func:`check_serial` and :func:`check_marks` are the same rules for numbers already read: the service applies them
to every entry it saves, so a paper refused at the keyboard and one refused at the save are told the same sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import Final

from osgo_desktop.errors import ValidationError
from osgo_desktop.i18n import _

__all__ = [
    "BLANK_INPUTS",
    "MARKS_FIELD",
    "SERIAL_FIELD",
    "BallotEntryError",
    "BallotStatus",
    "check_marks",
    "check_serial",
    "describe",
    "format_marks",
    "parse_marks",
    "parse_serial",
]

#: the field names a :class:`BallotEntryError` uses
SERIAL_FIELD: Final = "serial"
MARKS_FIELD: Final = "marks"

#: what the entrant types for a paper with no mark
BLANK_INPUTS: Final = frozenset({"", "0", "-"})

_SEPARATORS: Final = re.compile(r"[\s,+]+")


class BallotEntryError(ValidationError, ValueError):
    """A serial or marks that cannot be read: ``errors`` maps :data:`SERIAL_FIELD` or :data:`MARKS_FIELD` to a
    translated sentence naming what is wrong. Also a ``ValueError``, as any parse error."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__({field: message})
        self.field = field


class BallotStatus(StrEnum):
    """What a ballot will count as in the tally (the names are the tally engine's)."""

    BLANK = "blank"
    VALID = "valid"
    TOO_MANY_MARKS = "too_many_marks"


def _number(digits: str, highest: int) -> int | None:
    """``digits`` as a number when it is at most ``highest``; None when it is larger (however long it is)."""
    significant = digits.lstrip("0") or "0"
    if len(significant) > len(str(max(highest, 0))):
        return None  # and no 5,000-digit int is ever built
    value = int(significant)
    return value if value <= highest else None


def _is_digits(text: str) -> bool:
    # str.isdigit() accepts superscripts and other scripts' digits; a number on a ballot is ASCII.
    return text.isascii() and text.isdigit()


def parse_serial(text: str, papers: int) -> int:
    """The serial number typed as ``text``, one of 1..``papers``; :class:`BallotEntryError` otherwise."""
    typed = text.strip()
    if not typed:
        raise BallotEntryError(SERIAL_FIELD, _("Type the serial number printed on the ballot paper."))
    if not _is_digits(typed):
        raise BallotEntryError(
            SERIAL_FIELD, _("The serial number may contain only digits; “{text}” is not a number.").format(text=typed)
        )
    serial = _number(typed, papers)
    if serial is None:
        raise _no_such_paper(typed.lstrip("0") or "0", papers)
    return check_serial(serial, papers)


def check_serial(serial: int, papers: int) -> int:
    """``serial`` when it is one of 1..``papers``; :class:`BallotEntryError` otherwise."""
    if not 1 <= serial <= papers:
        raise _no_such_paper(str(serial), papers)
    return serial


def _no_such_paper(serial: str, papers: int) -> BallotEntryError:
    return BallotEntryError(
        SERIAL_FIELD,
        _("There is no ballot paper No. {serial}: the papers are numbered 1 to {papers}.").format(
            serial=serial, papers=papers
        ),
    )


def parse_marks(text: str, candidates: int) -> tuple[int, ...]:
    """The candidate numbers typed as ``text``, sorted; ``()`` for a blank paper. Raises
    :class:`BallotEntryError` naming the first number (in typed order) that is no candidate's or typed twice."""
    typed = text.strip()
    if typed in BLANK_INPUTS:
        return ()
    seen: set[int] = set()
    for token in _SEPARATORS.split(typed):
        if not token:
            continue  # a separator at either end: "3, 7,"
        if not _is_digits(token):
            raise BallotEntryError(
                MARKS_FIELD,
                _("“{text}” is not a candidate number: type the numbers separated by spaces, commas or +.").format(
                    text=token
                ),
            )
        number = _number(token, candidates)
        if number is None:
            raise _no_such_candidate(token.lstrip("0") or "0", candidates)
        _add_mark(number, candidates, seen)
    return tuple(sorted(seen))


def check_marks(marks: Sequence[int], candidates: int) -> tuple[int, ...]:
    """``marks`` sorted, when each is one of 1..``candidates`` and none is given twice; :class:`BallotEntryError`
    naming the first that is not, with :func:`parse_marks`'s sentences."""
    seen: set[int] = set()
    for number in marks:
        _add_mark(number, candidates, seen)
    return tuple(sorted(seen))


def _add_mark(number: int, candidates: int, seen: set[int]) -> None:
    if not 1 <= number <= candidates:
        raise _no_such_candidate(str(number), candidates)
    if number in seen:
        raise BallotEntryError(MARKS_FIELD, _("Candidate No. {number} is typed twice.").format(number=number))
    seen.add(number)


def _no_such_candidate(number: str, candidates: int) -> BallotEntryError:
    return BallotEntryError(
        MARKS_FIELD,
        _("There is no candidate No. {number}: the candidates are numbered 1 to {count}.").format(
            number=number, count=candidates
        ),
    )


def format_marks(marks: Iterable[int]) -> str:
    """Marks as the entrant would type them (``"3, 7, 12"``); ``""`` for none. :func:`parse_marks` reads it back."""
    return ", ".join(str(number) for number in marks)


def describe(marks: tuple[int, ...], max_marks: int) -> BallotStatus:
    """What a ballot with these (well-formed) marks will count as, where at most ``max_marks`` are allowed."""
    if not marks:
        return BallotStatus.BLANK
    if len(marks) > max_marks:
        return BallotStatus.TOO_MANY_MARKS
    return BallotStatus.VALID
