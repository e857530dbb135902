"""The rating vote's rules around the tally: quorum, entrants' PINs, double entry, and rounds taken together.

The count itself is ``domain.tally``. Here: whether a session may open, how a personal PIN is kept, which paper
ballots count (both entries agree, or a settlement against the paper says what the paper says), and what a
competition's rounds — the first one and its runoffs — add up to.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from osgo_desktop.i18n import N_, _, ngettext

Marks = tuple[int, ...]
"""The numbers of the candidates marked on one paper, ascending; () is a blank paper."""


class Mode(StrEnum):
    #: secret paper ballots, each entered twice
    PAPER = "paper"
    #: an open vote: each voter's choice entered by name
    OPEN = "open"


class Side(StrEnum):
    SECRETARIAT = "secretariat"
    COUNTING = "counting"


MODE_LABELS: Final = {Mode.PAPER: N_("Secret vote on paper ballots"), Mode.OPEN: N_("Open vote, by name")}
SIDE_LABELS: Final = {Side.SECRETARIAT: N_("Secretariat"), Side.COUNTING: N_("Counting commission")}

PIN_DIGITS: Final = (4, 8)
_PIN_ITERATIONS: Final = 120_000


# --- the session -------------------------------------------------------------------------------------------------


def quorum_problems(members_total: int, present: int, quorum: int, counting_present: int) -> list[str]:
    """Why a session cannot open with this attendance; empty when it can."""
    problems: list[str] = []
    if present < quorum:
        problems.append(
            ngettext(
                "{present} of {total} Commission members are present; the quorum is {quorum} member.",
                "{present} of {total} Commission members are present; the quorum is {quorum} members.",
                quorum,
            ).format(present=present, total=members_total, quorum=quorum)
        )
    if counting_present == 0:
        problems.append(_("The vote is held in the presence of the counting commission: mark who of it is present."))
    return problems


def pin_problem(pin: str) -> str | None:
    """Why ``pin`` cannot be a personal PIN; None when it can."""
    low, high = PIN_DIGITS
    if not (pin.isascii() and pin.isdigit() and low <= len(pin) <= high):
        return _("A PIN is {low} to {high} digits.").format(low=low, high=high)
    if len(set(pin)) == 1:
        return _("A PIN of one repeated digit is too easy to guess.")
    return None


def hash_pin(pin: str, *, salt: bytes | None = None, iterations: int = _PIN_ITERATIONS) -> str:
    """PBKDF2-SHA256 of the PIN, as "iterations$salt$hash" (hex): the PIN itself is never stored."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), salt, iterations)
    return f"{iterations}${salt.hex()}${digest.hex()}"


def pin_matches(pin: str, stored: str) -> bool:
    try:
        iterations, salt, digest = stored.split("$")
        expected = hashlib.pbkdf2_hmac("sha256", pin.encode(), bytes.fromhex(salt), int(iterations))
    except ValueError:
        return False
    return hmac.compare_digest(expected.hex(), digest)


# --- double entry ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    serial: int
    side: Side
    marks: Marks


@dataclass(frozen=True)
class Disagreement:
    serial: int
    secretariat: Marks
    counting: Marks


@dataclass(frozen=True)
class Reconciliation:
    """Which ballots count, and what still stands between the two entries and a count."""

    #: serial → marks, for every ballot that counts (both entries agree, or settled against the paper)
    agreed: Mapping[int, Marks]
    #: the two entries differ and nobody has settled it yet
    disagreements: tuple[Disagreement, ...]
    #: entered by one side only: (serial, the side that entered it)
    single: tuple[tuple[int, Side], ...]
    #: serials settled against the paper
    settled: frozenset[int]

    @property
    def complete(self) -> bool:
        return not self.disagreements and not self.single


def reconcile(entries: Iterable[Entry], settlements: Mapping[int, Marks]) -> Reconciliation:
    """Compare the secretariat's and the counting commission's entries, paper by paper."""
    by_serial: dict[int, dict[Side, Marks]] = {}
    for entry in entries:
        by_serial.setdefault(entry.serial, {})[entry.side] = entry.marks
    agreed: dict[int, Marks] = {}
    disagreements: list[Disagreement] = []
    single: list[tuple[int, Side]] = []
    for serial in sorted(by_serial.keys() | settlements.keys()):
        if serial in settlements:
            agreed[serial] = settlements[serial]
            continue
        sides = by_serial[serial]
        secretariat, counting = sides.get(Side.SECRETARIAT), sides.get(Side.COUNTING)
        if secretariat is None or counting is None:
            single.append((serial, Side.SECRETARIAT if secretariat is not None else Side.COUNTING))
        elif secretariat == counting:
            agreed[serial] = secretariat
        else:
            disagreements.append(Disagreement(serial, secretariat, counting))
    return Reconciliation(agreed, tuple(disagreements), tuple(single), frozenset(settlements))


def paper_count_problems(
    printed: int, issued: int | None, returned: int | None, unused: int | None, counted: int
) -> list[str]:
    """Why the papers' counts do not add up: issued + unused = printed, and every returned paper is counted."""
    if issued is None or returned is None or unused is None:
        return [_("Enter how many papers were issued, returned to the ballot box and left unused.")]
    problems: list[str] = []
    if min(issued, returned, unused) < 0:
        problems.append(_("The numbers of papers cannot be negative."))
    if issued + unused != printed:
        problems.append(
            _("Issued ({issued}) and unused ({unused}) papers must add up to the {printed} printed.").format(
                issued=issued, unused=unused, printed=printed
            )
        )
    if returned > issued:
        problems.append(
            _("More papers were returned ({returned}) than issued ({issued}).").format(returned=returned, issued=issued)
        )
    if returned != counted:
        problems.append(
            _("{returned} papers were returned to the ballot box, but {counted} are entered and agreed.").format(
                returned=returned, counted=counted
            )
        )
    return problems


# --- rounds taken together ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RoundOutcome:
    """What one closed round decided (application ids are the tally's candidate ids)."""

    elected: tuple[str, ...]
    reserve: tuple[str, ...]
    tie: tuple[str, ...]
    tie_seats: int
    vacant_seats: int


@dataclass(frozen=True)
class Outcome:
    """The competition's result over all its closed rounds."""

    elected: tuple[str, ...]
    reserve: tuple[str, ...]
    #: candidates still tied, and the seats among them (empty while nothing is pending)
    tie: tuple[str, ...]
    tie_seats: int
    vacant_seats: int


def combine(rounds: Sequence[RoundOutcome]) -> Outcome:
    """The rounds in order: the first one and each runoff held among the previous round's tie.

    The elected are every round's elected, in the order the rounds elected them. A runoff's candidates all had
    more votes in the round before it than that round's reserve, so the reserve list is the last round's reserve,
    then the one before it, and so on back to the first round's, leaving out whoever a later round elected.
    """
    if not rounds:
        return Outcome((), (), (), 0, 0)
    elected = tuple(cid for r in rounds for cid in r.elected)
    taken = set(elected)
    reserve: list[str] = []
    for r in reversed(rounds):
        reserve.extend(cid for cid in r.reserve if cid not in taken and cid not in reserve)
    last = rounds[-1]
    return Outcome(elected, tuple(reserve), last.tie, last.tie_seats, last.vacant_seats)


SKIP_REASON_LABELS: Final = {
    "organization": N_("another candidate of the same organisation is elected"),
    "sex_cap": N_("the cap on members of one sex is reached"),
    "below_min_votes": N_("fewer votes than the minimum"),
}
INVALID_REASON_LABELS: Final = {
    "too_many_marks": N_("too many marks"),
    "unknown_candidate": N_("a mark for no candidate"),
    "duplicate_mark": N_("a candidate marked twice"),
    "blank": N_("no marks"),
}


def skip_reason_text(reason: str) -> str:
    return _(SKIP_REASON_LABELS[reason])
