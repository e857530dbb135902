"""The rating-vote tally engine: ballots checked, votes counted and ranked, seats filled under the rules.

Pure functions over frozen dataclasses: no I/O, no database, no Qt. The contract, with every decision this
module makes where the contract leaves a choice, is ``docs/tally.md``. In short:

* ``load_tally_json(text)`` / ``parse_tally_input(obj)`` turn a JSON document / a decoded JSON value into a
  ``TallyInput``, or raise ``TallyInputError`` (a ``ValueError``) naming the key or index at fault; a
  command-line wrapper maps that error to exit status 2 and the message on stderr.
* ``tally(inp)`` computes the ``TallyResult``; ``result_to_json(result)`` gives the output object.
"""

from __future__ import annotations

import difflib
import json
import math
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from itertools import chain, groupby
from operator import attrgetter, itemgetter
from typing import Any, Final, Literal

from osgo_desktop.domain.collation import kyrgyz_sort_key

__all__ = [
    "EXCLUSION_REASONS",
    "Ballot",
    "BallotCounts",
    "Candidate",
    "Exclusion",
    "ExclusionReason",
    "InvalidBallot",
    "InvalidReason",
    "Sex",
    "Skip",
    "SkipReason",
    "TallyInput",
    "TallyInputError",
    "TallyResult",
    "TallyRow",
    "Tie",
    "load_tally_json",
    "parse_tally_input",
    "result_to_json",
    "sex_cap",
    "skip_to_json",
    "tally",
]

Sex = Literal["F", "M"]
InvalidReason = Literal["unknown_candidate", "duplicate_mark", "too_many_marks", "blank"]
#: why the cross-cutting rules keep a candidate from a seat in this competition, whatever the votes (the input's
#: ``excluded``): sits on, or is elected (tallied) to, another public council; a sitting member of the Commission
#: standing for a council; a candidate for the Commission who already holds a Commission seat outlasting it
ExclusionReason = Literal["other_council", "commission_member", "already_on_commission"]
EXCLUSION_REASONS: Final[tuple[ExclusionReason, ...]] = ("other_council", "commission_member", "already_on_commission")
SkipReason = Literal[
    "organization", "sex_cap", "below_min_votes", "other_council", "commission_member", "already_on_commission"
]

_SEXES: Final = ("F", "M")


class TallyInputError(ValueError):
    """Malformed tally input. The message is plain English and names the key or index at fault."""


# --------------------------------------------------------------------------------------------------------
# Input


@dataclass(frozen=True, slots=True)
class Candidate:
    id: str
    name: str
    sex: Sex
    organization: str | None = None


@dataclass(frozen=True, slots=True)
class Ballot:
    serial: str
    marks: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Exclusion:
    """A candidate the cross-cutting rules keep from a seat in this competition: counted and ranked, never seated."""

    id: str
    reason: ExclusionReason
    #: free text for the reader, e.g. "2026/05 — Ministry of Health"; may be ""
    detail: str = ""


@dataclass(frozen=True)
class TallyInput:
    """One round of the rating vote. ``None`` in ``max_marks``/``composition_size`` means the default
    (``seats`` / ``seats + len(already_elected) + len(sitting)``). Construction checks every value rule and raises
    ``TallyInputError``, so a ``TallyInput`` that exists is consistent.

    ``sitting`` are the members of the composition who keep their seats (a replacement competition fills a vacancy
    among them): they count for the cap on one sex and for one per organisation, and are no candidates."""

    seats: int
    candidates: tuple[Candidate, ...]
    ballots: tuple[Ballot, ...]
    max_marks: int | None = None
    blank_is_valid: bool = True
    sex_cap_percent: Fraction | int | float | None = None  # a float is made an exact Fraction
    composition_size: int | None = None
    one_per_organization: bool = False
    min_votes: int = 0
    already_elected: tuple[str, ...] = ()
    lot_order: tuple[str, ...] = ()
    excluded: tuple[Exclusion, ...] = ()
    sitting: tuple[Candidate, ...] = ()

    def __post_init__(self) -> None:
        for name in ("candidates", "ballots", "already_elected", "lot_order", "excluded", "sitting"):
            value = getattr(self, name)
            if not isinstance(value, tuple):
                object.__setattr__(self, name, tuple(value))
        _check_int("seats", self.seats, minimum=1)
        if self.max_marks is not None:
            _check_int("max_marks", self.max_marks, minimum=1)
        if self.composition_size is not None:
            _check_int("composition_size", self.composition_size, minimum=1)
        _check_int("min_votes", self.min_votes, minimum=0)
        for name in ("blank_is_valid", "one_per_organization"):
            if not isinstance(getattr(self, name), bool):
                raise TallyInputError(f"{name}: expected true or false")
        percent = self.sex_cap_percent
        if percent is not None:
            if isinstance(percent, float | Decimal):  # exactly, from its shortest decimal form
                percent = _exact_number(percent, "sex_cap_percent")
                object.__setattr__(self, "sex_cap_percent", percent)
            if isinstance(percent, bool) or not isinstance(percent, int | Fraction):
                raise TallyInputError("sex_cap_percent: expected a number or null")
            if not 0 <= percent <= 100:
                raise TallyInputError(f"sex_cap_percent: must be between 0 and 100, got {_number(percent)}")

        first_index: dict[str, int] = {}
        for index, candidate in enumerate(self.candidates):
            where = f"candidates[{index}]"
            if not candidate.id:
                raise TallyInputError(f"{where}.id: must not be empty")
            if candidate.sex not in _SEXES:
                raise TallyInputError(f'{where}.sex: expected "F" or "M", got {candidate.sex!r}')
            if candidate.organization is not None and not candidate.organization.strip():
                raise TallyInputError(f"{where}.organization: must not be blank (use null for none)")
            if candidate.id in first_index:
                raise TallyInputError(
                    f"{where}.id: duplicate candidate id {candidate.id!r} "
                    f"(first at candidates[{first_index[candidate.id]}])"
                )
            first_index[candidate.id] = index

        sitting_at: dict[str, int] = {}
        for index, member in enumerate(self.sitting):
            where = f"sitting[{index}]"
            if not member.id:
                raise TallyInputError(f"{where}.id: must not be empty")
            if member.sex not in _SEXES:
                raise TallyInputError(f'{where}.sex: expected "F" or "M", got {member.sex!r}')
            if member.organization is not None and not member.organization.strip():
                raise TallyInputError(f"{where}.organization: must not be blank (use null for none)")
            if member.id in first_index:
                raise TallyInputError(f"{where}.id: {member.id!r} is also a candidate's id")
            if member.id in sitting_at:
                raise TallyInputError(
                    f"{where}.id: {member.id!r} is listed twice (first at sitting[{sitting_at[member.id]}])"
                )
            sitting_at[member.id] = index

        serials = list(map(_SERIAL, self.ballots))
        if len(set(serials)) != len(serials):
            seen: dict[str, int] = {}
            for index, serial in enumerate(serials):
                if serial in seen:
                    raise TallyInputError(
                        f"ballots[{index}].serial: duplicate serial {serial!r} (first at ballots[{seen[serial]}])"
                    )
                seen[serial] = index

        for name in ("already_elected", "lot_order"):
            listed: dict[str, int] = {}
            for index, cid in enumerate(getattr(self, name)):
                if cid not in first_index:
                    raise TallyInputError(f"{name}[{index}]: {cid!r} is not the id of a candidate")
                if cid in listed:
                    raise TallyInputError(f"{name}[{index}]: {cid!r} is listed twice (first at [{listed[cid]}])")
                listed[cid] = index

        already = set(self.already_elected)
        excluded_at: dict[str, int] = {}
        for index, exclusion in enumerate(self.excluded):
            where = f"excluded[{index}]"
            if not isinstance(exclusion, Exclusion):
                raise TallyInputError(f"{where}: expected an Exclusion, got {_json_type(exclusion)}")
            cid = exclusion.id
            if cid not in first_index:
                raise TallyInputError(f"{where}.id: {cid!r} is not the id of a candidate")
            if cid in excluded_at:
                raise TallyInputError(f"{where}.id: {cid!r} is listed twice (first at excluded[{excluded_at[cid]}])")
            if cid in already:
                raise TallyInputError(f"{where}.id: {cid!r} is already elected: an earlier round seated them")
            if exclusion.reason not in EXCLUSION_REASONS:
                raise TallyInputError(f"{where}.reason: expected one of {_choices()}, got {_show(exclusion.reason)}")
            if not isinstance(exclusion.detail, str):
                raise TallyInputError(f"{where}.detail: expected a string, got {_json_type(exclusion.detail)}")
            excluded_at[cid] = index


def _choices() -> str:
    return ", ".join(json.dumps(reason) for reason in EXCLUSION_REASONS)


def _check_int(name: str, value: object, *, minimum: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TallyInputError(f"{name}: expected an integer, got {_json_type(value)}")
    if value < minimum:
        raise TallyInputError(f"{name}: must be at least {minimum}, got {value}")


def _number(value: Fraction | int) -> str:
    return str(value) if isinstance(value, int) or value.denominator == 1 else str(float(value))


def sex_cap(inp: TallyInput) -> int | None:
    """The most members of one sex the composition may have, or ``None`` without a cap.

    Exact: ``floor(sex_cap_percent * composition_size / 100)`` in rational arithmetic (70 % of 7 is 4).
    """
    if inp.sex_cap_percent is None:
        return None
    size = (
        inp.composition_size
        if inp.composition_size is not None
        else inp.seats + len(inp.already_elected) + len(inp.sitting)
    )
    return math.floor(Fraction(inp.sex_cap_percent) * size / 100)


# --------------------------------------------------------------------------------------------------------
# Output


@dataclass(frozen=True, slots=True)
class BallotCounts:
    total: int
    valid: int  # includes the blank ballots counted as valid
    blank: int  # valid blank ballots (0 when blank_is_valid is false: those are invalid)
    invalid: int


@dataclass(frozen=True, slots=True)
class InvalidBallot:
    serial: str
    reason: InvalidReason


@dataclass(frozen=True, slots=True)
class TallyRow:
    id: str
    votes: int
    rank: int
    #: the place after the draw: the rank, except in a group of equal votes settled by lots, whose members take
    #: the places rank, rank + 1, … in the drawn order (those the draw did not list after them, in tally order)
    place: int = 0

    def __post_init__(self) -> None:
        if self.place == 0:
            object.__setattr__(self, "place", self.rank)


@dataclass(frozen=True, slots=True)
class Skip:
    id: str
    reason: SkipReason
    #: the exclusion's detail (reasons of ``EXCLUSION_REASONS`` only; "" for the others)
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Tie:
    candidates: tuple[str, ...]  # in tally order
    seats: int


@dataclass(frozen=True)
class TallyResult:
    ballots: BallotCounts
    invalid: tuple[InvalidBallot, ...]
    tally: tuple[TallyRow, ...]
    elected: tuple[str, ...]
    skipped: tuple[Skip, ...]
    tie: Tie | None
    lots_used: bool
    vacant_seats: int
    reserve: tuple[str, ...]


def result_to_json(result: TallyResult) -> dict[str, Any]:
    """The output object of the contract, keys in the contract's order, ready for ``json.dumps``."""
    counts = result.ballots
    return {
        "ballots": {
            "total": counts.total,
            "valid": counts.valid,
            "blank": counts.blank,
            "invalid": counts.invalid,
        },
        "invalid": [{"serial": bad.serial, "reason": bad.reason} for bad in result.invalid],
        "tally": [{"id": row.id, "votes": row.votes, "rank": row.rank} for row in result.tally],
        "elected": list(result.elected),
        "skipped": [skip_to_json(skip) for skip in result.skipped],
        "tie": None if result.tie is None else {"candidates": list(result.tie.candidates), "seats": result.tie.seats},
        "lots_used": result.lots_used,
        "vacant_seats": result.vacant_seats,
        "reserve": list(result.reserve),
    }


def skip_to_json(skip: Skip) -> dict[str, str]:
    """``{"id", "reason"}``, and ``"detail"`` for an exclusion only: a skip for a rule of the walk has no detail, and
    leaving the key out keeps every result of a round without exclusions exactly as it was before they existed (so
    closed rounds' stored results still compare equal to a recount)."""
    if skip.reason in EXCLUSION_REASONS:
        return {"id": skip.id, "reason": skip.reason, "detail": skip.detail}
    return {"id": skip.id, "reason": skip.reason}


# --------------------------------------------------------------------------------------------------------
# Parsing a decoded JSON object

_TOP_REQUIRED: Final = ("seats", "candidates", "ballots")
_TOP_OPTIONAL: Final = (
    "max_marks",
    "blank_is_valid",
    "sex_cap_percent",
    "composition_size",
    "one_per_organization",
    "min_votes",
    "already_elected",
    "lot_order",
    "excluded",
    "sitting",
)
_CANDIDATE_KEYS: Final = ("id", "name", "sex", "organization")
_BALLOT_KEYS: Final = ("serial", "marks")
_EXCLUSION_KEYS: Final = ("id", "reason")
_EXCLUSION_OPTIONAL: Final = ("detail",)


#: the deepest nesting of arrays and objects an input may have (a genuine one has 4: the input, its ballots, a
#: ballot, its marks); deeper, decoding itself would run out of stack
MAX_DEPTH: Final = 32
#: the most digits an integer of the input may have (seats, counts and percentages have a few)
MAX_INT_DIGITS: Final = 30
#: the largest power of ten a decimal number of the input may carry, either way (``1e-999999999`` would take
#: minutes to turn into an exact fraction)
MAX_EXPONENT: Final = 100


def load_tally_json(text: str | bytes) -> TallyInput:
    """Decode a JSON document and parse it with ``parse_tally_input``.

    Bad JSON, a key repeated within one object, and the non-standard ``NaN``/``Infinity`` are refused with
    ``TallyInputError``; so are nesting deeper than ``MAX_DEPTH``, an integer longer than ``MAX_INT_DIGITS`` digits
    and a decimal number beyond ten to the power of ``MAX_EXPONENT`` (either way), none of which a genuine input
    has. Decimal fractions are read exactly (``66.7`` is 667/10).
    """

    def no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in pairs:
            if key in result:
                raise TallyInputError(f"invalid JSON: key {key!r} appears twice in one object")
            result[key] = value
        return result

    def no_constant(name: str) -> Any:
        raise TallyInputError(f"invalid JSON: {name} is not a JSON number")

    def bounded_int(digits: str) -> int:
        if len(digits.lstrip("-")) > MAX_INT_DIGITS:
            raise TallyInputError(f"invalid JSON: an integer of more than {MAX_INT_DIGITS} digits")
        return int(digits)

    def bounded_decimal(number: str) -> Decimal:
        value = Decimal(number)
        if value and not -MAX_EXPONENT <= value.adjusted() <= MAX_EXPONENT:
            raise TallyInputError(f"invalid JSON: the number {_cut(number)} is out of range")
        return value

    try:
        decoded = json.loads(
            text,
            object_pairs_hook=no_duplicate_keys,
            parse_int=bounded_int,
            parse_float=bounded_decimal,
            parse_constant=no_constant,
        )
    except json.JSONDecodeError as error:
        raise TallyInputError(f"invalid JSON: {error.msg} at line {error.lineno} column {error.colno}") from None
    except UnicodeDecodeError as error:
        raise TallyInputError(f"invalid JSON: not UTF-8 text ({error.reason})") from None
    except RecursionError:
        raise TallyInputError(f"invalid JSON: arrays and objects nested more than {MAX_DEPTH} deep") from None
    if _depth(decoded) > MAX_DEPTH:
        raise TallyInputError(f"invalid JSON: arrays and objects nested more than {MAX_DEPTH} deep")
    return parse_tally_input(decoded)


def _depth(value: object) -> int:
    """How deep arrays and objects nest in a decoded value, without recursion (stops counting past MAX_DEPTH)."""
    deepest = 0
    stack: list[tuple[object, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        depth += 1
        if depth > deepest:
            deepest = depth
            if deepest > MAX_DEPTH:
                break
        stack.extend((child, depth) for child in children if isinstance(child, dict | list))
    return deepest


def _candidate(item: object, where: str) -> Candidate:
    """A candidate (or a member who stays: the same fields) at ``where`` of the input."""
    fields = _object(item, where, _CANDIDATE_KEYS, ())
    sex = fields["sex"]
    if sex not in _SEXES:
        raise TallyInputError(f'{where}.sex: expected "F" or "M", got {_show(sex)}')
    organization = fields["organization"]
    return Candidate(
        id=_str(fields["id"], f"{where}.id"),
        name=_str(fields["name"], f"{where}.name"),
        sex="F" if sex == "F" else "M",
        organization=None if organization is None else _str(organization, f"{where}.organization"),
    )


def _cut(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "…"


def parse_tally_input(obj: object) -> TallyInput:
    """Check a decoded JSON value against the input contract and build a ``TallyInput``.

    Raises ``TallyInputError`` for a value that is not an object, a missing key, a value of the
    wrong type (``true`` is not an integer, ``2.0`` is not an integer, only ``sex_cap_percent`` may be
    ``null``), a value out of range, duplicate candidate ids or ballot serials, and ids in
    ``already_elected`` / ``lot_order`` that are no candidate's. A mark naming no candidate is *not*
    malformed input: it makes its ballot invalid (``unknown_candidate``).
    """
    top = _object(obj, "input", _TOP_REQUIRED, _TOP_OPTIONAL)
    seats = _int(top["seats"], "seats")

    candidates = [
        _candidate(item, f"candidates[{index}]") for index, item in enumerate(_list(top["candidates"], "candidates"))
    ]

    ballots_raw = _list(top["ballots"], "ballots")
    ballots = _usual_ballots(ballots_raw)
    if ballots is None:
        ballots = [_ballot(item, index) for index, item in enumerate(ballots_raw)]

    excluded = []
    for index, item in enumerate(_list(top.get("excluded", []), "excluded")):
        where = f"excluded[{index}]"
        fields = _object(item, where, _EXCLUSION_KEYS, _EXCLUSION_OPTIONAL)
        reason = fields["reason"]
        if reason not in EXCLUSION_REASONS:
            raise TallyInputError(f"{where}.reason: expected one of {_choices()}, got {_show(reason)}")
        detail = fields.get("detail", "")
        if not isinstance(detail, str):
            raise TallyInputError(f"{where}.detail: expected a string, got {_json_type(detail)}")
        excluded.append(Exclusion(id=_str(fields["id"], f"{where}.id"), reason=reason, detail=detail))

    sitting = [
        _candidate(item, f"sitting[{index}]") for index, item in enumerate(_list(top.get("sitting", []), "sitting"))
    ]

    percent_raw = top.get("sex_cap_percent")
    percent: Fraction | None = None
    if percent_raw is not None:
        percent = _exact_number(percent_raw, "sex_cap_percent")

    return TallyInput(
        seats=seats,
        candidates=tuple(candidates),
        ballots=tuple(ballots),
        max_marks=_int(top["max_marks"], "max_marks") if "max_marks" in top else None,
        blank_is_valid=_bool(top.get("blank_is_valid", True), "blank_is_valid"),
        sex_cap_percent=percent,
        composition_size=_int(top["composition_size"], "composition_size") if "composition_size" in top else None,
        one_per_organization=_bool(top.get("one_per_organization", False), "one_per_organization"),
        min_votes=_int(top.get("min_votes", 0), "min_votes"),
        already_elected=_str_list(top.get("already_elected", []), "already_elected"),
        lot_order=_str_list(top.get("lot_order", []), "lot_order"),
        excluded=tuple(excluded),
        sitting=tuple(sitting),
    )


_SERIAL_OF: Final = itemgetter("serial")
_MARKS_OF: Final = itemgetter("marks")


def _usual_ballots(items: list[Any]) -> list[Ballot] | None:
    """The ballots, when every one is the usual one — an object whose ``serial`` is a text not blank and whose
    ``marks`` a list of texts — checked at once, at C speed (a round of 100,000 papers: checked one by one, they took a
    tenth of ``osgo verify``'s time); None otherwise: checked one by one, which says where and what is wrong."""
    try:
        serials = list(map(_SERIAL_OF, items))
        marks = list(map(_MARKS_OF, items))
    except (TypeError, KeyError, IndexError):  # an item that is no object, or lacks one of them
        return None
    if not (
        set(map(type, items)) <= {dict}
        and set(map(type, serials)) <= {str}
        and all(map(str.strip, serials))
        and set(map(type, marks)) <= {list}
        and set(map(type, chain.from_iterable(marks))) <= {str}
    ):
        return None
    return list(map(Ballot, serials, map(tuple, marks)))


def _ballot(item: object, index: int) -> Ballot:
    """The ballot at ``index`` of the input, checked alone (:func:`_usual_ballots` did not take them all)."""
    if type(item) is dict:  # the usual ballot
        serial, marks = item.get("serial"), item.get("marks")
        if type(serial) is str and serial.strip() and type(marks) is list and set(map(type, marks)) <= {str}:
            return Ballot(serial=serial, marks=tuple(marks))
    where = f"ballots[{index}]"
    fields = _object(item, where, _BALLOT_KEYS, ())
    return Ballot(serial=_str(fields["serial"], f"{where}.serial"), marks=_str_list(fields["marks"], f"{where}.marks"))


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return f"the integer {value}"
    if isinstance(value, float | Decimal | Fraction):
        return f"the number {value}"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list | tuple):
        return "an array"
    return f"a {type(value).__name__}"


def _show(value: object) -> str:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else _json_type(value)


def _object(value: object, where: str, required: Sequence[str], optional: Sequence[str]) -> Mapping[str, object]:
    if not isinstance(value, Mapping):
        raise TallyInputError(f"{where}: expected an object, got {_json_type(value)}")
    for key in required:
        if key not in value:
            raise TallyInputError(f"{where}: missing required key {key!r}")
    # Keys the contract does not name are ignored (see ``input_warnings``), so a file may carry more.
    return value


def _unknown_keys(value: object, where: str, allowed: Sequence[str]) -> list[str]:
    if not isinstance(value, Mapping):
        return []
    notes = []
    for key in value:
        if key not in allowed:
            hint = difflib.get_close_matches(str(key), allowed, n=1)
            suggestion = f" (did you mean {hint[0]!r}?)" if hint else ""
            notes.append(f"{where}: unknown key {key!r} ignored{suggestion}")
    return notes


def input_warnings(obj: object) -> list[str]:
    """Keys of a decoded input that the contract does not name: ignored by the engine, but a misspelt
    ``sex_cap_perecent`` would silently drop the cap, so a caller should show these."""
    notes = _unknown_keys(obj, "input", (*_TOP_REQUIRED, *_TOP_OPTIONAL))
    if isinstance(obj, Mapping):
        for name, keys in (
            ("candidates", _CANDIDATE_KEYS),
            ("ballots", _BALLOT_KEYS),
            ("excluded", (*_EXCLUSION_KEYS, *_EXCLUSION_OPTIONAL)),
        ):
            items = obj.get(name)
            if isinstance(items, list):
                for index, item in enumerate(items):
                    notes.extend(_unknown_keys(item, f"{name}[{index}]", keys))
    return notes


def _int(value: object, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TallyInputError(f"{where}: expected an integer, got {_json_type(value)}")
    return value


def _bool(value: object, where: str) -> bool:
    if not isinstance(value, bool):
        raise TallyInputError(f"{where}: expected true or false, got {_json_type(value)}")
    return value


def _str(value: object, where: str) -> str:
    if not isinstance(value, str):
        raise TallyInputError(f"{where}: expected a string, got {_json_type(value)}")
    if not value.strip():
        raise TallyInputError(f"{where}: must not be empty")
    return value


def _list(value: object, where: str) -> list[object]:
    if not isinstance(value, list):
        raise TallyInputError(f"{where}: expected an array, got {_json_type(value)}")
    return value


def _str_list(value: object, where: str) -> tuple[str, ...]:
    items = _list(value, where)
    for index, item in enumerate(items):
        if not isinstance(item, str):
            raise TallyInputError(f"{where}[{index}]: expected a string (a candidate id), got {_json_type(item)}")
    return tuple(items)  # type: ignore[arg-type]  # every item checked to be a str above


def _exact_number(value: object, where: str) -> Fraction:
    """A JSON number as an exact fraction: a float is read from its shortest decimal form (66.7 -> 667/10)."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise TallyInputError(f"{where}: expected a number or null, got {_json_type(value)}")
    if isinstance(value, float | Decimal) and not math.isfinite(value):
        raise TallyInputError(f"{where}: expected a finite number, got {value}")
    if isinstance(value, float):
        return Fraction(repr(value))
    return Fraction(value)


# --------------------------------------------------------------------------------------------------------
# The tally

_MARKS: Final = attrgetter("marks")
_SERIAL: Final = attrgetter("serial")


def tally(inp: TallyInput) -> TallyResult:
    """Count the ballots of one round and fill its seats (see ``docs/tally.md``)."""
    already = set(inp.already_elected)
    running = [candidate for candidate in inp.candidates if candidate.id not in already]
    counts, invalid, blank = _count_ballots(inp, frozenset(candidate.id for candidate in running))

    votes = {candidate.id: counts.get(candidate.id, 0) for candidate in running}
    # Tally order: votes descending, then the name in Kyrgyz alphabetical order, then (for equal names
    # only) the id by code point, so that the order never depends on the input order.
    ordered = sorted(running, key=lambda c: (-votes[c.id], kyrgyz_sort_key(c.name), c.id))
    by_id = {candidate.id: candidate for candidate in inp.candidates}
    # An excluded candidate is counted and ranked, but never walked: in no group of equal votes, so never elected,
    # tied or drawn; skipped with its reason whether or not the walk reached its votes, and not in the reserve.
    exclusions = {exclusion.id: exclusion for exclusion in inp.excluded}
    walk = _Walk(inp, [*(by_id[cid] for cid in inp.already_elected), *inp.sitting])
    walk.run([c for c in ordered if c.id not in exclusions] if exclusions else ordered, votes)

    rows: list[TallyRow] = []
    place: dict[str, int] = {}
    more = 0  # candidates with more votes than the current group
    for group_votes, group in groupby(ordered, key=lambda c: votes[c.id]):
        members = list(group)
        if group_votes in walk.drawn:
            # the drawn order ranks the group: the members it lists first, in its order (decision 15, docs/tally.md)
            drawn = sorted(members, key=lambda c: walk.lot_position.get(c.id, len(walk.lot_position)))
            place.update((c.id, more + index) for index, c in enumerate(drawn, start=1))
        else:
            place.update((c.id, more + 1) for c in members)
        rows.extend(TallyRow(c.id, group_votes, more + 1, place[c.id]) for c in members)
        more += len(members)

    # The contract's reserve: not elected, not in the tie, votes >= min_votes. A candidate skipped for a constraint
    # stays in it (the organisation's or the sex's seat may be vacated later); below min_votes nobody is. In the
    # order after the draw: tally order, but a group settled by lots in its drawn order.
    # An excluded candidate is in no list but ``skipped`` (the rules keep them from any seat of this competition).
    not_reserve = set(walk.elected) | exclusions.keys()
    if walk.tie is not None:
        not_reserve.update(walk.tie.candidates)
    after_draw = sorted(ordered, key=lambda c: place[c.id]) if walk.drawn else ordered  # a stable sort
    reserve = tuple(c.id for c in after_draw if c.id not in not_reserve and votes[c.id] >= inp.min_votes)
    position = {c.id: index for index, c in enumerate(ordered)}
    skips = [Skip(cid, reason) for cid, reason in walk.skipped.items()]
    skips += [Skip(e.id, e.reason, e.detail) for e in inp.excluded]
    skipped = tuple(sorted(skips, key=lambda skip: position[skip.id]))
    return TallyResult(
        ballots=BallotCounts(
            total=len(inp.ballots),
            valid=len(inp.ballots) - len(invalid),
            blank=blank,
            invalid=len(invalid),
        ),
        invalid=tuple(invalid),
        tally=tuple(rows),
        elected=tuple(walk.elected),
        skipped=skipped,
        tie=walk.tie,
        lots_used=walk.lots_used,
        vacant_seats=walk.seats_left if walk.tie is None else 0,
        reserve=reserve,
    )


def _count_ballots(inp: TallyInput, known: frozenset[str]) -> tuple[Counter[str], list[InvalidBallot], int]:
    """Votes per id over the valid ballots, the invalid ballots in input order, and the valid blank count.

    Which reason, when several apply: the first of ``unknown_candidate`` (a mark for no box of this
    round's ballot, which includes an already-elected candidate), ``duplicate_mark`` (a candidate marked
    twice), ``too_many_marks`` (more than ``max_marks`` marks); ``blank`` (no mark) only when
    ``blank_is_valid`` is false.

    Speed (see ``bench/bench_tally.py``): no Python-level loop runs over all the ballots. Every pass over
    them runs in C: the marks of every ballot are counted at once (what a bare ``Counter`` costs), each
    ballot's number of distinct (known) marks is taken (one small set per ballot: the only real extra
    cost, about one more ``Counter``), both numbers per ballot are kept as byte strings, ``_suspects``
    finds the few ballots that may be invalid, and only those are looked at one by one in Python and
    their marks taken back out of the count.
    """
    ballots = inp.ballots
    max_marks = inp.max_marks if inp.max_marks is not None else inp.seats
    marks_list: list[tuple[str, ...]] = list(map(_MARKS, ballots))
    counts: Counter[str] = Counter(chain.from_iterable(marks_list))
    # ``clean[i] == lengths[i]`` iff ballot i repeats no mark and marks no unknown id. With no unknown id
    # among the counter's keys, a set per ballot finds the repeats; otherwise ``known & marks`` finds
    # both kinds of fault in the same single pass (a little dearer, hence not always).
    distinct: Callable[[tuple[str, ...]], frozenset[str]] = frozenset if counts.keys() <= known else known.intersection
    lengths: bytes | list[int]
    clean: bytes | list[int]
    try:  # one byte per ballot: compact, and lets ``_suspects`` work in C
        lengths = bytes(map(len, marks_list))
        clean = bytes(map(len, map(distinct, marks_list)))
    except ValueError:  # a ballot of more than 255 marks
        lengths = list(map(len, marks_list))
        clean = list(map(len, map(distinct, marks_list)))
    blank_total = lengths.count(0)
    blank_invalid = blank_total > 0 and not inp.blank_is_valid

    invalid: list[InvalidBallot] = []
    invalid_marks: list[tuple[str, ...]] = []
    reason: InvalidReason
    for index in _suspects(lengths, clean, max_marks, blank_invalid):
        marks = marks_list[index]
        length = lengths[index]
        if not length:
            reason = "blank"
        elif clean[index] != length:  # an unknown id or a repeated one
            reason = "duplicate_mark" if known.issuperset(marks) else "unknown_candidate"
        else:
            reason = "too_many_marks"
        invalid.append(InvalidBallot(ballots[index].serial, reason))
        invalid_marks.append(marks)
    # The marks of an invalid ballot count for nobody.
    for mark, times in Counter(chain.from_iterable(invalid_marks)).items():
        counts[mark] -= times
    blank = blank_total if inp.blank_is_valid else 0
    return counts, invalid, blank


_NOT_ZERO: Final = re.compile(rb"[^\x00]")


def _suspects(lengths: bytes | list[int], clean: bytes | list[int], max_marks: int, blank_invalid: bool) -> list[int]:
    """Indices, ascending, of the invalid ballots: ``clean[i] != lengths[i]``, or more than ``max_marks``
    marks, or no mark when ``blank_invalid``.

    For byte strings, without a Python-level loop over the ballots: their difference is one integer XOR,
    the other two tests one ``bytes.translate``, and a regular expression finds the few non-zero bytes.
    """
    if not lengths or (max(lengths) <= max_marks and not blank_invalid and lengths == clean):
        return []
    if isinstance(lengths, list) or isinstance(clean, list):
        return [
            index
            for index, (length, unique) in enumerate(zip(lengths, clean, strict=True))
            if length != unique or length > max_marks or (blank_invalid and not length)
        ]
    table = bytes(int(value > max_marks or (blank_invalid and value == 0)) for value in range(256))
    flags = (int.from_bytes(lengths, "big") ^ int.from_bytes(clean, "big")) | int.from_bytes(
        lengths.translate(table), "big"
    )
    return [match.start() for match in _NOT_ZERO.finditer(flags.to_bytes(len(lengths), "big"))]


class _Walk:
    """Walks the groups of equal votes, most votes first, electing while seats remain."""

    def __init__(self, inp: TallyInput, already: Sequence[Candidate]) -> None:
        self.inp = inp
        self.cap = sex_cap(inp)
        self.seats_left = inp.seats
        self.sex_count = {"F": 0, "M": 0}
        self.taken_organizations: set[str] = set()
        for candidate in already:
            self._add(candidate)
        self.lot_position = {cid: index for index, cid in enumerate(inp.lot_order)}
        self.elected: list[str] = []
        self.skipped: dict[str, SkipReason] = {}
        self.tie: Tie | None = None
        self.lots_used = False
        #: the votes of each group settled by lots
        self.drawn: set[int] = set()

    def _add(self, candidate: Candidate) -> None:
        self.sex_count[candidate.sex] += 1
        if candidate.organization is not None:
            self.taken_organizations.add(candidate.organization)

    def _cap_left(self, sex: str) -> int:
        """How many more of ``sex`` may be elected; without a cap, the seats left (never binding)."""
        if self.cap is None:
            return self.seats_left
        return max(0, self.cap - self.sex_count[sex])

    def _conflict(self, candidate: Candidate) -> SkipReason | None:
        """Why ``candidate`` cannot join those elected so far (organization wins over the sex cap)."""
        if (
            self.inp.one_per_organization
            and candidate.organization is not None
            and candidate.organization in self.taken_organizations
        ):
            return "organization"
        if self.cap is not None and self.sex_count[candidate.sex] >= self.cap:
            return "sex_cap"
        return None

    def run(self, ordered: Sequence[Candidate], votes: Mapping[str, int]) -> None:
        for group_votes, group in groupby(ordered, key=lambda c: votes[c.id]):
            if self.seats_left == 0:
                return
            members = list(group)  # already in Kyrgyz alphabetical order
            if group_votes < self.inp.min_votes:
                for candidate in members:
                    self.skipped[candidate.id] = "below_min_votes"
                continue
            rest: list[Candidate] = []
            for candidate in members:
                reason = self._conflict(candidate)
                if reason is None:
                    rest.append(candidate)
                else:
                    self.skipped[candidate.id] = reason
            if not rest:
                continue
            choice = self._choose(rest)
            if choice is None:
                return  # a tie: the walk stops here
            chosen, by_lots = choice
            chosen_ids = {candidate.id for candidate in chosen}
            if by_lots:
                self.drawn.add(group_votes)
            # Kyrgyz alphabetical order within the group; in the drawn order when lots settled it
            for candidate in chosen if group_votes in self.drawn else rest:
                if candidate.id in chosen_ids:
                    self.elected.append(candidate.id)
                    self._add(candidate)
            self.seats_left -= len(chosen)
            for candidate in rest:
                if candidate.id not in chosen_ids:
                    reason = self._conflict(candidate)
                    # With no conflict, the candidate only lost a lot for the last seats: reserve.
                    if reason is not None:
                        self.skipped[candidate.id] = reason

    def _choose(self, rest: list[Candidate]) -> tuple[list[Candidate], bool] | None:
        """The set of ``rest`` to elect (in the drawn order when lots chose it) and whether lots chose it, or
        ``None`` after recording a tie.

        How, without enumerating combinations (a group can be large: e.g. 300 candidates with 0 votes
        while seats remain would give C(300, 5) > 10^10 sets). Every member of ``rest`` can be elected
        alone, so only two constraints act inside the group:

        * one per organization: the group splits into *classes* (the members sharing an organization not
          yet taken; each member with a null organization, or every member when the rule is off, is a
          class alone), and a set takes at most one member of a class;
        * the sex cap: at most ``cf`` more women and ``cm`` more men (the seats left when there is no cap).

        Call a class F, M or B by the sexes of its members (B: both). A set with ``x`` women and ``y`` men
        exists iff x <= nF + nB, y <= nM + nB and x + y <= nF + nM + nB (fill the F and M classes first and
        share the B classes; Hall's condition), so the largest size is the closed form of ``_max_size``.
        A member is in some largest set iff the other classes, with its sex's cap lowered by one, still
        give ``k - 1`` with one seat fewer: O(1) per member. The largest set is unique iff the members that
        belong to some largest set are exactly ``k`` (then they are that set). With lots, the set whose
        sorted lot positions are the smallest sequence is built greedily: walk the members in lot order
        and take each one that still leaves a largest set reachable (a member passed over stays
        unreachable, since later choices only add constraints). All of it is O(n log n) in the group size.
        """
        one_per_org = self.inp.one_per_organization
        class_of: list[object] = []
        class_sexes: dict[object, set[str]] = {}
        for index, candidate in enumerate(rest):
            organization = candidate.organization
            key: object = organization if one_per_org and organization is not None else index
            class_of.append(key)
            class_sexes.setdefault(key, set()).add(candidate.sex)
        class_type = {key: _class_type(sexes) for key, sexes in class_sexes.items()}
        n = [0, 0, 0]
        for kind in class_type.values():
            n[kind] += 1
        seats = self.seats_left
        cap_f, cap_m = self._cap_left("F"), self._cap_left("M")
        k = _max_size(n, cap_f, cap_m, seats)

        members: list[Candidate] = []  # those in at least one largest set, in tally order
        for candidate, key in zip(rest, class_of, strict=True):
            without = _without(n, class_type[key])
            is_f = candidate.sex == "F"
            if _max_size(without, cap_f - is_f, cap_m - (not is_f), seats - 1) >= k - 1:
                members.append(candidate)

        if len(members) == k:
            return members, False
        positions = self.lot_position
        if not all(candidate.id in positions for candidate in members):
            self.tie = Tie(tuple(candidate.id for candidate in members), k)
            return None

        self.lots_used = True
        key_of = {candidate.id: key for candidate, key in zip(rest, class_of, strict=True)}
        chosen: list[Candidate] = []
        used: set[object] = set()
        need = k
        for candidate in sorted(members, key=lambda c: positions[c.id]):
            if need == 0:
                break
            key = key_of[candidate.id]
            if key in used:
                continue
            is_f = candidate.sex == "F"
            f_left, m_left = cap_f - is_f, cap_m - (not is_f)
            if f_left < 0 or m_left < 0:
                continue
            without = _without(n, class_type[key])
            if _max_size(without, f_left, m_left, seats - 1) >= need - 1:
                chosen.append(candidate)
                used.add(key)
                n, cap_f, cap_m, seats, need = without, f_left, m_left, seats - 1, need - 1
        return chosen, True


_F_ONLY, _M_ONLY, _BOTH = 0, 1, 2


def _class_type(sexes: set[str]) -> int:
    if len(sexes) == 2:
        return _BOTH
    return _F_ONLY if "F" in sexes else _M_ONLY


def _without(n: list[int], kind: int) -> list[int]:
    reduced = list(n)
    reduced[kind] -= 1
    return reduced


def _max_size(n: list[int], cap_f: int, cap_m: int, seats: int) -> int:
    """The most members electable together from classes counted by type ``n`` = [F only, M only, both],
    taking at most one per class, at most ``cap_f`` women, ``cap_m`` men and ``seats`` in all."""
    n_f, n_m, n_b = n
    if cap_f < 0 or cap_m < 0 or seats < 0:
        return -1
    return min(seats, n_f + n_m + n_b, min(cap_f, n_f + n_b) + min(cap_m, n_m + n_b))
