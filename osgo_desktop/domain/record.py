"""The election record's protocols: which part of the record each protocol is made from, and its fingerprint.

The record itself (``services.record.election_record``) is plain JSON. A protocol's fingerprint is the SHA-256 of
the canonical JSON of its *basis* — the part of the record it prints — so the app that prints it and an observer
who holds only the exported record compute the same value (``osgo verify``). Pure functions over dictionaries:
nothing here reads a database.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any, Final

from osgo_desktop.domain.fingerprint import canonical_fingerprint
from osgo_desktop.i18n import N_

#: the format an export writes (docs/record.md): 2 since the audit chain keeps personal fields under salted hashes
RECORD_FORMAT: Final = "osgo-election-record/2"
#: the records ``osgo verify`` reads: format 1 (its audit entries withheld whole) and format 2
RECORD_FORMATS: Final = ("osgo-election-record/1", RECORD_FORMAT)
#: the tag every protocol's basis carries: unchanged by format 2 (which changed the audit chain only), so that every
#: fingerprint already printed on a paper stays the fingerprint of its basis
BASIS_FORMAT: Final = "osgo-election-record/1"


class ProtocolKind(StrEnum):
    SCREENING = "screening"
    #: the rating-vote protocol of one round
    VOTE = "vote"
    #: the counting commission's ballot-by-ballot tally sheet of one round
    TALLY_SHEET = "tally_sheet"
    #: the decision on the composition
    DECISION = "decision"
    #: the decision on filling a vacancy from the reserve list (after the close; its number is the fill's sequence)
    VACANCY_FILL = "vacancy_fill"

    @property
    def per_round(self) -> bool:
        return self in (ProtocolKind.VOTE, ProtocolKind.TALLY_SHEET)

    @property
    def numbered(self) -> bool:
        """Whether its ``round`` tells protocols of the kind apart: a round of the vote, or a fill's sequence."""
        return self.per_round or self is ProtocolKind.VACANCY_FILL


PROTOCOL_LABELS: Final = {
    ProtocolKind.SCREENING: N_("Screening protocol"),
    ProtocolKind.VOTE: N_("Rating-vote protocol"),
    ProtocolKind.TALLY_SHEET: N_("Tally sheet"),
    ProtocolKind.DECISION: N_("Decision on the composition"),
    ProtocolKind.VACANCY_FILL: N_("Decision on filling a vacancy"),
}


class RecordError(ValueError):
    """The record lacks what a protocol is made from (e.g. a round that was never held)."""


def _identity(record: Mapping[str, Any]) -> dict[str, Any]:
    competition = record["competition"]
    return {key: competition[key] for key in ("number", "kind", "variant", "body", "seats", "term_years")}


def _round(record: Mapping[str, Any], number: int) -> Mapping[str, Any]:
    for round_ in record["rounds"]:
        if round_["number"] == number:
            return round_  # type: ignore[no-any-return]
    raise RecordError(f"the record has no round {number}")


def _amendments(record: Mapping[str, Any], kind: ProtocolKind, round_number: int) -> list[Any]:
    return [a for a in record.get("amendments", []) if a["protocol"] == kind.value and a["round"] == round_number]


def protocol_basis(record: Mapping[str, Any], kind: ProtocolKind, round_number: int = 0) -> dict[str, Any]:
    """The part of ``record`` the protocol prints, tagged with the protocol's kind (so two kinds never share a
    fingerprint), with the amendments made to it."""
    basis: dict[str, Any] = {"format": BASIS_FORMAT, "protocol": kind.value, "competition": _identity(record)}
    if kind is ProtocolKind.SCREENING:
        basis["candidates"] = record["candidates"]
        basis["screening"] = record["screening"]
        if "screening_session" in record:  # records exported before the session was recorded (issue 12) lack it
            basis["screening_session"] = record["screening_session"]
    elif kind.per_round:
        round_ = _round(record, round_number)
        basis["round"] = round_
        basis["session"] = next(s for s in record["sessions"] if s["id"] == round_["session"])
    elif kind is ProtocolKind.VACANCY_FILL:
        # the fill as decided (frozen at its decision), and the reserve list it was taken from
        basis["fill"] = vacancy_fill(record, round_number)
        basis["reserve"] = record["outcome"]["reserve"]
    else:
        basis["candidates"] = [c for c in record["candidates"] if c["admitted"]]
        basis["rounds"] = [{"number": r["number"], "result": r["result"]} for r in record["rounds"]]
        basis["outcome"] = record["outcome"]
    # what the secretariat entered for this protocol (times, objections, the decision's formation date and vote);
    # absent when nothing was, so a protocol issued before facts existed keeps its fingerprint
    facts = _facts(record, kind, round_number if kind.numbered else 0)
    if facts is not None:
        basis["facts"] = facts
    basis["amendments"] = _amendments(record, kind, round_number if kind.numbered else 0)
    return basis


def vacancy_fill(record: Mapping[str, Any], sequence: int) -> Mapping[str, Any]:
    """The record's decision on filling a vacancy with the given ``sequence`` (1 for "…-R1")."""
    for fill in record.get("vacancy_fills", []):
        if fill["sequence"] == sequence:
            return fill  # type: ignore[no-any-return]
    raise RecordError(f"the record has no vacancy fill {sequence}")


def _facts(record: Mapping[str, Any], kind: ProtocolKind, round_number: int) -> Any:
    return next(
        (f for f in record.get("protocol_facts", []) if f["protocol"] == kind.value and f["round"] == round_number),
        None,
    )


def protocol_fingerprint(record: Mapping[str, Any], kind: ProtocolKind, round_number: int = 0) -> str:
    return canonical_fingerprint(protocol_basis(record, kind, round_number))
