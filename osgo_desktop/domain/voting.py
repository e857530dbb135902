"""The rating vote's rules around the tally: quorum, double entry, and rounds taken together.

The count itself is ``domain.tally``. Here: whether a session may open, how an older session's PIN was kept, which paper
ballots count (both entries agree, or a settlement against the paper says what the paper says), and what a
competition's rounds — the first one and its runoffs — add up to.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any, Final, Literal

from osgo_desktop.domain.tally import (
    EXCLUSION_REASONS,
    Exclusion,
    Skip,
    TallyInput,
    TallyResult,
    sex_cap,
    skip_to_json,
)
from osgo_desktop.domain.tally import tally as tally_fn
from osgo_desktop.i18n import N_, Translator, _, current_language, ngettext

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


class RoundState(StrEnum):
    """A round takes papers while open; closing it stores its tally and locks its papers."""

    OPEN = "open"
    CLOSED = "closed"


MODE_LABELS: Final = {Mode.PAPER: N_("Secret vote on paper ballots"), Mode.OPEN: N_("Open vote, by name")}
SIDE_LABELS: Final = {Side.SECRETARIAT: N_("Secretariat"), Side.COUNTING: N_("Counting commission")}


def paper_serial(number: int) -> str:
    """A paper's serial as printed on it: "007"."""
    return f"{number:03d}"


#: sessions held before accounts (migration 0013): each entrant's own PIN of 4–8 digits, kept as PBKDF2-SHA256 —
#: still checked for those sessions (``services.voting.entry.check_pin``), never made for a new one
_PIN_ITERATIONS: Final = 120_000
#: wrong PINs in a row after which every PIN of that person is refused for PIN_LOCK, wherever the PIN is asked
#: (entry, settlement, lots)
PIN_TRIES: Final = 5
PIN_LOCK = dt.timedelta(seconds=30)


# --- the session -------------------------------------------------------------------------------------------------


def quorum_problem(members_total: int, present: int, quorum: int) -> str | None:
    """Why a session cannot open with this attendance; None when it can."""
    if present >= quorum:
        return None
    return ngettext(
        "{present} of {total} Commission members are present; the quorum is {quorum} member.",
        "{present} of {total} Commission members are present; the quorum is {quorum} members.",
        quorum,
    ).format(present=present, total=members_total, quorum=quorum)


def counting_problem(counting_present: int) -> str | None:
    """The vote is held in the counting commission's presence: at least one of its members must be there."""
    if counting_present:
        return None
    return _("The vote is held in the presence of the counting commission: mark who of it is present.")


def hash_pin(pin: str, *, salt: bytes | None = None, iterations: int = _PIN_ITERATIONS) -> str:
    """PBKDF2-SHA256 of the PIN, as "iterations$salt$hash" (hex), as the sessions held before accounts kept it (tests
    and fixtures make such a session with it; the app no longer does)."""
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


def papers_to_enter(mode: Mode, printed: int, voters: int) -> int:
    """How far a round's serials go: the papers printed for a secret vote (spares included), one per voter on the
    roll for an open vote. A serial is one of 1..this (:func:`~osgo_desktop.domain.ballot_entry.check_serial`)."""
    return printed if mode is Mode.PAPER else voters


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
    #: serials struck out: entered by one side, but no such paper was in the ballot box (a serial typed wrong)
    struck: frozenset[int] = frozenset()

    @property
    def complete(self) -> bool:
        return not self.disagreements and not self.single


def reconcile(entries: Iterable[Entry], settlements: Mapping[int, Marks | None]) -> Reconciliation:
    """Compare the secretariat's and the counting commission's entries, paper by paper. A settlement says what the
    paper says, or (None) that there is no such paper in the ballot box: that serial counts for nothing."""
    by_serial: dict[int, dict[Side, Marks]] = {}
    for entry in entries:
        by_serial.setdefault(entry.serial, {})[entry.side] = entry.marks
    agreed: dict[int, Marks] = {}
    disagreements: list[Disagreement] = []
    single: list[tuple[int, Side]] = []
    for serial in sorted(by_serial.keys() | settlements.keys()):
        if serial in settlements:
            settled = settlements[serial]
            if settled is not None:
                agreed[serial] = settled
            continue
        sides = by_serial[serial]
        secretariat, counting = sides.get(Side.SECRETARIAT), sides.get(Side.COUNTING)
        if secretariat is None or counting is None:
            single.append((serial, Side.SECRETARIAT if secretariat is not None else Side.COUNTING))
        elif secretariat == counting:
            agreed[serial] = secretariat
        else:
            disagreements.append(Disagreement(serial, secretariat, counting))
    struck = frozenset(serial for serial, marks in settlements.items() if marks is None)
    return Reconciliation(agreed, tuple(disagreements), tuple(single), frozenset(settlements) - struck, struck)


#: the key of :func:`paper_count_errors` for what concerns several counts together (no single field)
PAPER_COUNTS: Final = "papers"


def paper_count_errors(
    printed: int, issued: int | None, returned: int | None, unused: int | None, counted: int, voters: int | None = None
) -> dict[str, str]:
    """Why the papers' counts do not add up, by what each concerns: ``"issued"``, ``"returned"``, ``"unused"``, or
    :data:`PAPER_COUNTS` for the counts together. Issued + unused = printed, every returned paper is counted, and
    (``voters`` given: those with a right to a ballot in the round) one voter, one ballot.

    A count not given (None) is an error of its own: a count nobody made must never pass for one."""
    missing = {
        "issued": _("Enter how many papers were issued to voters."),
        "returned": _("Enter how many papers were found in the ballot box."),
        "unused": _("Enter how many papers were left unused."),
    }
    given = {"issued": issued, "returned": returned, "unused": unused}
    errors = {key: message for key, message in missing.items() if given[key] is None}
    if issued is None or returned is None or unused is None:
        return errors
    together: list[str] = []
    for key, number in given.items():
        if number is not None and number < 0:
            errors[key] = _("The numbers of papers cannot be negative.")
    if issued + unused != printed:
        together.append(
            _("Issued ({issued}) and unused ({unused}) papers must add up to the {printed} printed.").format(
                issued=issued, unused=unused, printed=printed
            )
        )
    if returned > issued:
        together.append(
            _("More papers were returned ({returned}) than issued ({issued}).").format(returned=returned, issued=issued)
        )
    if together:
        errors[PAPER_COUNTS] = "\n".join(together)
    if voters is not None and issued > voters and "issued" not in errors:
        errors["issued"] = _(
            "{issued} papers were issued, but only {voters} voters present may take one: one voter, one ballot."
        ).format(issued=issued, voters=voters)
    if returned != counted and "returned" not in errors:
        errors["returned"] = _(
            "{returned} papers were returned to the ballot box, but {counted} are entered and agreed."
        ).format(returned=returned, counted=counted)
    return errors


def paper_count_problems(
    printed: int, issued: int | None, returned: int | None, unused: int | None, counted: int, voters: int | None = None
) -> list[str]:
    """:func:`paper_count_errors` as sentences, for a report that has no fields to put them under."""
    errors = paper_count_errors(printed, issued, returned, unused, counted, voters)
    return list(dict.fromkeys(line for message in errors.values() for line in message.splitlines()))


# --- rounds taken together ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """The competition's result over all its closed rounds."""

    elected: tuple[str, ...]
    reserve: tuple[str, ...]
    #: candidates still tied, and the seats among them (empty while nothing is pending)
    tie: tuple[str, ...]
    tie_seats: int
    vacant_seats: int
    #: the elected before the pending tie, in every round taken together: what a runoff counts as already elected
    elected_so_far: tuple[str, ...] = ()
    #: the candidates passed over in the walk that made this outcome, in tally order: for a rule (organisation, the
    #: cap on one sex — they stay in the reserve), below the minimum of votes (in no list), or excluded by a
    #: cross-cutting rule (another council, the Commission: in no list, whatever their votes)
    skipped: tuple[Skip, ...] = ()


def outcome_to_json(outcome: Outcome) -> dict[str, Any]:
    """The outcome as the election record writes it and its verifier recounts it (docs/record.md, ``outcome``)."""
    return {
        "elected": list(outcome.elected),
        "reserve": list(outcome.reserve),
        "skipped": [skip_to_json(skip) for skip in outcome.skipped],
        "tie": list(outcome.tie),
        "tie_seats": outcome.tie_seats,
        "vacant_seats": outcome.vacant_seats,
    }


def _runoff_order(result: TallyResult) -> list[str]:
    """A settled runoff's order: its elected first (in the order elected), then the others in its order after the
    draw (its tally order, a group settled by lots in the drawn order)."""
    elected = set(result.elected)
    after_draw = sorted(result.tally, key=lambda row: row.place)  # stable: tally order within a place
    return [*result.elected, *(row.id for row in after_draw if row.id not in elected)]


def _reserve_in_runoff_order(result: TallyResult, order: Sequence[str]) -> tuple[str, ...]:
    """The first round's reserve, in its tally order, except that candidates of equal votes whom a runoff ranked
    come in the runoff's order, before the others of their votes (alphabetical order says nothing between them)."""
    votes = {row.id: row.votes for row in result.tally}
    place = {cid: index for index, cid in enumerate(order)}
    position = {row.id: index for index, row in enumerate(result.tally)}
    return tuple(sorted(result.reserve, key=lambda cid: (-votes[cid], place.get(cid, len(place)), position[cid])))


def combine(first: TallyInput, runoffs: Sequence[TallyResult], counted: TallyResult | None = None) -> Outcome:
    """The first round, with each tie settled by the runoff held for it, walked to its end.

    A tie stops the first round's walk; the runoff among the tied decides which of them take the seats in
    question. Its order (the elected first) is then given to the first round's walk as the order that settles
    that tie, and the walk goes on below it: the seats under a tie are filled from the first round's ranking, as if
    the tie had never been. A runoff among the candidates a previous runoff left tied refines that runoff's order;
    a runoff that ties again and is not settled yet is the pending tie.

    An exclusion is carried: a candidate a runoff's input excludes (the cross-cutting rules came to keep them from a
    seat after the first round closed) is excluded from the first round's walk too, so that the runoff's order, which
    ranks them, cannot seat them there (:func:`_with_exclusions`).

    ``counted``: ``tally(first)``, when the caller has it already (``osgo verify``): with no runoff to settle a tie,
    the competition's outcome is the first round's own walk, not counted again.
    """
    if not runoffs and counted is not None:
        return _outcome(counted, [])
    first = _with_exclusions(first, runoffs)
    order: list[str] = []
    pending: TallyResult | None = None
    for result in runoffs:
        candidates = [row.id for row in result.tally]
        if pending is not None and pending.tie is not None and set(candidates) <= set(pending.tie.candidates):
            # a repeated tie, settled by another round: its members keep the earlier runoff's places, in this order
            settled = _runoff_order(result) if result.tie is None else None
            if settled is not None:
                places = [i for i, cid in enumerate(order) if cid in set(candidates)]
                for place, cid in zip(places, settled, strict=True):
                    order[place] = cid
        else:
            order.extend(_runoff_order(result))
        pending = result if result.tie is not None else None
    if pending is not None and pending.tie is not None:
        # the latest runoff tied again: nothing below it is decided; its tie is what waits
        before = tally_fn(replace(first, lot_order=tuple(cid for cid in order if cid not in pending.tie.candidates)))
        so_far = (*before.elected, *(cid for cid in pending.elected if cid not in before.elected))
        return Outcome(
            elected=so_far,
            reserve=(),
            tie=pending.tie.candidates,
            tie_seats=pending.tie.seats,
            vacant_seats=0,
            elected_so_far=so_far,
            skipped=before.skipped,
        )
    return _outcome(tally_fn(replace(first, lot_order=(*first.lot_order, *order))), order)


def _outcome(final: TallyResult, order: Sequence[str]) -> Outcome:
    """The outcome of the first round's walk ``final``, its ties settled in the runoffs' ``order``."""
    tie = final.tie
    return Outcome(
        elected=final.elected,
        reserve=_reserve_in_runoff_order(final, order),
        tie=tie.candidates if tie else (),
        tie_seats=tie.seats if tie else 0,
        vacant_seats=final.vacant_seats,
        elected_so_far=final.elected,
        skipped=final.skipped,
    )


def _with_exclusions(first: TallyInput, runoffs: Sequence[TallyResult]) -> TallyInput:
    """``first`` with the exclusions the runoffs' inputs add (read from their results' skips, which carry each one
    with its reason and detail); the first round's own exclusion of a candidate stands over a later one."""
    known = {exclusion.id for exclusion in first.excluded}
    added: list[Exclusion] = []
    for result in runoffs:
        for skip in result.skipped:
            if skip.reason in EXCLUSION_REASONS and skip.id not in known:
                known.add(skip.id)
                added.append(Exclusion(skip.id, skip.reason, skip.detail))
    return replace(first, excluded=(*first.excluded, *added)) if added else first


#: what became of a candidate in a round: elected, tied at the cut-off, in the reserve (a candidate passed over
#: for a rule included: the skip says why, see :func:`standings`), "pending" (ranked below a tie that leaves seats
#: under it: those seats are filled once the tie is settled, so nothing is decided for them yet), skipped below the
#: minimum of votes, or nothing ("": below the minimum where the walk did not reach)
Standing = Literal["elected", "tie", "skipped", "reserve", "pending", ""]
STANDINGS: Final[tuple[Standing, ...]] = ("elected", "tie", "skipped", "reserve", "pending", "")
STANDING_LABELS: Final[dict[Standing, str]] = {
    "elected": N_("Elected"),
    "tie": N_("Tie"),
    "skipped": N_("Skipped"),
    "reserve": N_("Reserve"),
    "pending": N_("Awaits the runoff"),
    "": "",
}


def standings(result: TallyResult, seats: int) -> dict[str, Standing]:
    """Each candidate's standing in a round that filled ``seats`` (the one rule the protocol, the voting page and
    the projector print). The "reserve" rows, in tally order, are the round's reserve list; a candidate passed over
    for a rule stands there (``result.skipped`` gives the reason to print beside it)."""
    standing: dict[str, Standing] = {skip.id: "skipped" for skip in result.skipped}
    standing.update(dict.fromkeys(result.reserve, "reserve"))
    if result.tie is not None and seats - len(result.elected) - result.tie.seats > 0:
        # the walk stopped at the tie with seats left under it: the candidates below wait for its runoff (an excluded
        # candidate waits for nothing: no seat of this competition is theirs)
        tied = set(result.tie.candidates)
        excluded = {skip.id for skip in result.skipped if skip.reason in EXCLUSION_REASONS}
        last = max(index for index, row in enumerate(result.tally) if row.id in tied)
        standing.update(
            (row.id, "pending") for row in result.tally[last + 1 :] if row.id in standing and row.id not in excluded
        )
    standing.update(dict.fromkeys(result.tie.candidates if result.tie else (), "tie"))
    standing.update(dict.fromkeys(result.elected, "elected"))
    return standing


SKIP_REASON_LABELS: Final = {
    "organization": N_("another candidate of the same organisation is elected"),
    "sex_cap": N_("the cap on members of one sex is reached"),
    "below_min_votes": N_("fewer votes than the minimum"),
    "other_council": N_("sits on, or is elected to, another public council"),
    "commission_member": N_("is a member of the Commission"),
    "already_on_commission": N_("already holds a seat on the Commission"),
}
INVALID_REASON_LABELS: Final = {
    "too_many_marks": N_("too many marks"),
    "unknown_candidate": N_("a mark for no candidate"),
    "duplicate_mark": N_("a candidate marked twice"),
    "blank": N_("no marks"),
}


def skip_reason_text(reason: str, detail: str = "") -> str:
    """Why a candidate was passed over, in the current language; an exclusion's detail follows in brackets."""
    text = _(SKIP_REASON_LABELS[reason])
    if detail.strip():
        return _("{reason} ({detail})").format(reason=text, detail=detail.strip())
    return text


# --- why a tie ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TieCause:
    """Why the tally found no one answer at the cut-off (``tally.Tie``): the tied have equal votes, and either more
    of them are admissible than seats are left, or a constraint of the composition lets several sets of them in.
    What the voting page and the protocol both say (:func:`tie_text`, :func:`tie_row_reason`)."""

    #: the tied candidates' ids, in the tally's order
    candidates: tuple[str, ...]
    seats: int
    votes: int
    #: one per organisation: the organisation (as the rule compares it) and the tied it nominated, two or more, of
    #: whom only one may take a seat
    organizations: tuple[tuple[str, tuple[str, ...]], ...] = ()
    #: the sex whose cap binds among the tied ("F" or "M"; "" when none), how many more of it may take a seat, and
    #: the tied of that sex
    capped_sex: str = ""
    cap_left: int = 0
    capped: tuple[str, ...] = ()

    @property
    def constrained(self) -> bool:
        """A constraint of the composition, not the votes alone, makes several sets of the tied admissible."""
        return bool(self.organizations or self.capped)


def tie_cause(inp: TallyInput, result: TallyResult) -> TieCause | None:
    """Why ``result`` (the tally of ``inp``) stops at a tie, or None without one. The constraints the tally applies
    inside the tied group of equal votes: one per organisation among the tied, and the cap on one sex counting those
    elected before them (sitting, in earlier rounds, and in this round above the tie)."""
    tie = result.tie
    if tie is None:
        return None
    tied = set(tie.candidates)
    by_id = {c.id: c for c in inp.candidates}
    votes = next(row.votes for row in result.tally if row.id in tied)
    organizations: dict[str, list[str]] = {}
    if inp.one_per_organization:
        for cid in tie.candidates:
            organization = by_id[cid].organization
            if organization is not None:
                organizations.setdefault(organization, []).append(cid)
    shared = tuple((name, tuple(ids)) for name, ids in organizations.items() if len(ids) > 1)
    capped_sex, cap_left = "", 0
    capped: tuple[str, ...] = ()
    cap = sex_cap(inp)
    if cap is not None:
        seated = [*inp.sitting, *(by_id[c] for c in (*inp.already_elected, *result.elected))]
        for sex in ("F", "M"):
            left = max(0, cap - sum(member.sex == sex for member in seated))
            of_sex = tuple(cid for cid in tie.candidates if by_id[cid].sex == sex)
            if left < len(of_sex) and left < inp.seats - len(result.elected):  # fewer than the seats left at the tie
                capped_sex, cap_left, capped = sex, left, of_sex
                break
    return TieCause(tie.candidates, tie.seats, votes, shared, capped_sex, cap_left, capped)


def _listed(ids: Iterable[str], names: Mapping[str, str]) -> str:
    return ", ".join(names.get(cid, cid) for cid in ids)


def _cap_text(cause: TieCause, names: Mapping[str, str]) -> str:
    if cause.capped_sex == "F":
        text = ngettext(
            "Under the cap on members of one sex only {count} more woman may take a seat; the women among them: "
            "{names}.",
            "Under the cap on members of one sex only {count} more women may take a seat; the women among them: "
            "{names}.",
            cause.cap_left,
        )
    else:
        text = ngettext(
            "Under the cap on members of one sex only {count} more man may take a seat; the men among them: {names}.",
            "Under the cap on members of one sex only {count} more men may take a seat; the men among them: {names}.",
            cause.cap_left,
        )
    return text.format(count=cause.cap_left, names=_listed(cause.capped, names))


def tie_text(cause: TieCause, names: Mapping[str, str], organizations: Mapping[str, str] | None = None) -> str:
    """The tie in words, in the current language: who, for how many seats, and why no rule decides. ``names``: the
    candidates' names by id; ``organizations``: how each organisation is named for the reader (default: as the rule
    compares it)."""
    who = _listed(cause.candidates, names)
    if not cause.constrained:
        return ngettext(
            "{names} have equal votes at the cut-off: {seats} seat is left for them, and no rule decides who takes it.",
            "{names} have equal votes at the cut-off: {seats} seats are left for them, and no rule decides who "
            "takes them.",
            cause.seats,
        ).format(names=who, seats=cause.seats)
    sentences = [
        ngettext(
            "{names} have equal votes at the cut-off: {seats} seat is left for them.",
            "{names} have equal votes at the cut-off: {seats} seats are left for them.",
            cause.seats,
        ).format(names=who, seats=cause.seats)
    ]
    for organization, members in cause.organizations:
        sentences.append(
            _(
                "{names} are nominated by the same organisation, {organization}: only one of them may take a seat."
            ).format(
                names=_listed(members, names),
                organization=(organizations or {}).get(organization, organization),
            )
        )
    if cause.capped:
        sentences.append(_cap_text(cause, names))
    sentences.append(_("So several sets of them are admissible, and no rule decides between them."))
    return " ".join(sentences)


def tie_row_reason(cause: TieCause, candidate: str, names: Mapping[str, str]) -> str:
    """Why one tied candidate's seat is undecided, for the candidate's row in a ranking."""
    reasons = [
        _("the same organisation as {names}").format(names=_listed((c for c in members if c != candidate), names))
        for _organization, members in cause.organizations
        if candidate in members
    ]
    if candidate in cause.capped:
        reasons.append(
            ngettext(
                "only {count} more woman may take a seat",
                "only {count} more women may take a seat",
                cause.cap_left,
            ).format(count=cause.cap_left)
            if cause.capped_sex == "F"
            else ngettext(
                "only {count} more man may take a seat", "only {count} more men may take a seat", cause.cap_left
            ).format(count=cause.cap_left)
        )
    if not reasons:
        reasons.append(_("equal votes with the others tied"))
    return "; ".join(reasons)


def pending_text(count: int, t: Translator | None = None) -> str:
    """What the candidates ranked below a tie that leaves seats under it wait for (standing "pending"), in ``t``'s
    language (default: the current one)."""
    t = t or Translator(current_language())
    return t.ngettext(
        "{count} candidate ranked below the tie awaits the runoff: the seats left under the tie are filled from this "
        "ranking once it is settled.",
        "{count} candidates ranked below the tie await the runoff: the seats left under the tie are filled from this "
        "ranking once it is settled.",
        count,
    ).format(count=count)


def runoff_opened_text(number: int, seats: int, t: Translator | None = None) -> str:
    """That runoff round ``number`` was opened for the tie, in ``t``'s language (default: the current one)."""
    t = t or Translator(current_language())
    return t.ngettext(
        "Runoff round {number} was opened among the tied candidates for the {count} seat in question.",
        "Runoff round {number} was opened among the tied candidates for the {count} seats in question.",
        seats,
    ).format(number=number, count=seats)
