"""The rating vote's session as the secretariat sets it up, and the checks it must pass before it opens.

Pure data and rules: what the session dialog offers (:class:`SessionSetup`), what it drafts (:class:`SessionDraft`),
and :func:`check_session`, which the dialog asks as it is filled in and the service asks again before it records it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Final

from osgo_desktop.domain import voting
from osgo_desktop.domain.profile import Kind, VoterRoll
from osgo_desktop.domain.voting import Mode, Side
from osgo_desktop.i18n import _

_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")

#: the longest place the session records (``VoteSession.place``), in either language
MAX_PLACE: Final = 500


@dataclass(frozen=True)
class EntrantDraft:
    """Who enters one side's papers: an account holding that side's role, who signs in at the entry station with
    the account's password or station PIN; the counting side's is also a counting-commission member present."""

    side: Side
    account_id: int | None
    counting_member_id: int | None = None


@dataclass(frozen=True)
class DelegateDraft:
    """The delegate an association sends to vote in a Commission competition, registered at the session."""

    association_id: int
    #: as the association's letter of authority names them
    name: str


@dataclass(frozen=True)
class SessionDraft:
    held_on: dt.date
    place: str
    start_time: str
    present: tuple[int, ...]
    counting_present: tuple[int, ...]
    entrants: tuple[EntrantDraft, ...]
    mode: Mode = Mode.PAPER
    chair_id: int | None = None
    secretary_id: int | None = None
    #: Commission competitions: the lines of the voter roll ticked as present — admitted candidates' application ids,
    #: or the nominating associations' ids (the profile's ``voter_roll``); a council votes by the members present
    roll_present: tuple[int, ...] = ()
    #: the delegates registered at the session, one per association ticked present (``VoterRoll.DELEGATES``)
    delegates: tuple[DelegateDraft, ...] = ()
    #: papers to print; 0: one per voter
    papers: int = 0
    min_votes: int = 0
    #: the place in Russian, as the Russian papers print it ("" while not entered)
    place_ru: str = ""


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    detail: str = ""


@dataclass(frozen=True)
class Conflict:
    """A Commission member's declared conflict of interest towards a candidate: the member takes no ballot in a
    round whose paper carries that candidate (docs/decisions.md, "Compositions: conflicts of interest in the vote")."""

    member_id: int
    member: str
    application_id: int
    candidate: str
    reason: str


@dataclass(frozen=True)
class RollLine:
    """One line of a session's voter roll: one voter, one ballot."""

    name: str
    present: bool
    #: a Commission member (council competitions)
    member_id: int | None = None
    #: an admitted candidate (a Commission competition voting by its candidates)
    application_id: int | None = None
    #: the association whose delegate this is (a Commission competition voting by delegates)
    association_id: int | None = None
    #: what the roll prints beside the name: the registration number, or the delegate's association
    detail: str = ""


@dataclass(frozen=True)
class SessionSetup:
    """What the session dialog offers."""

    competition_id: int
    competition_number: str
    kind: Kind
    seats: int
    members_total: int
    #: the smallest attendance that makes the session valid (:meth:`RegulationProfile.quorum`)
    quorum: int
    members: tuple[Person, ...]
    chair_id: int | None
    secretary_id: int | None
    counting: tuple[Person, ...]
    candidates: tuple[Person, ...]
    #: who votes in a Commission competition; None for a council (the Commission members present)
    voter_roll: VoterRoll | None = None
    #: the lines a Commission competition's roll is taken from: the admitted candidates (application id, name,
    #: registration number) or the associations that nominated them (association id, name)
    roll: tuple[Person, ...] = ()
    #: the conflicts of interest declared towards the admitted candidates
    conflicts: tuple[Conflict, ...] = ()
    #: the active accounts that may enter the secretariat's side (account id, name, login), and the counting side's
    secretariat_accounts: tuple[Person, ...] = ()
    counting_accounts: tuple[Person, ...] = ()


#: the key of :func:`check_session`'s errors about the counting commission's person who enters ballots (those about
#: the secretariat's, and about the entrants as a whole, are under "entrants")
COUNTING_ENTRANT: Final = "counting_entrant"


def check_session(setup: SessionSetup, draft: SessionDraft) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not draft.place.strip():
        errors["place"] = _("Enter where the session is held.")
    elif len(draft.place) > MAX_PLACE:
        errors["place"] = _("This text is too long.")
    if len(draft.place_ru) > MAX_PLACE:
        errors["place_ru"] = _("This text is too long.")
    if not _TIME.match(draft.start_time.strip()):
        errors["start_time"] = _("Enter the start time as hours and minutes, e.g. 10:00.")
    members = {m.id for m in setup.members}
    counting = {m.id for m in setup.counting}
    present = set(draft.present) & members
    if (problem := voting.quorum_problem(setup.members_total, len(present), setup.quorum)) is not None:
        errors["present"] = problem
    if (problem := voting.counting_problem(len(counting & set(draft.counting_present)))) is not None:
        errors["counting_present"] = problem
    for key, member in (("chair_id", draft.chair_id), ("secretary_id", draft.secretary_id)):
        if member is not None and member not in present:
            errors[key] = _("The chair and the secretary of the session must be among the members present.")
    errors.update(_roll_errors(setup, draft))
    lines = roll_lines(setup, draft)
    aside = stood_aside(setup.conflicts, _present_members(lines), {c.id for c in setup.candidates})
    voters = ballot_holders(lines, aside)
    if not voters and "voters" not in errors:
        if setup.kind is Kind.COUNCIL:
            if present:
                errors["present"] = _(
                    "Every member present declared a conflict of interest towards a candidate: nobody can vote."
                )
        else:
            errors["voters"] = _("Nobody on the voter roll is ticked as present.")
    if draft.papers and draft.papers < len(voters):
        errors["papers"] = _("Print at least one paper for each of the {count} voters.").format(count=len(voters))
    if draft.min_votes < 0:
        errors["min_votes"] = _("The minimum number of votes cannot be negative.")
    errors.update(_entrant_errors(setup, draft))
    if not setup.candidates:
        errors["present"] = _("No candidate was admitted: there is nobody to vote for.")
    return errors


def _entrant_errors(setup: SessionSetup, draft: SessionDraft) -> dict[str, str]:
    """Who enters the papers: one account of each side, holding that side's role, two different people; the
    counting side's a counting-commission member present. What concerns the counting side's person is said next to
    them (the form's second row, :data:`COUNTING_ENTRANT`), the rest above."""
    errors: dict[str, str] = {}
    sides = {e.side for e in draft.entrants}
    if sides != {Side.SECRETARIAT, Side.COUNTING}:  # an open vote is entered twice too
        errors["entrants"] = _(
            "Paper ballots are entered twice: name one person of the secretariat and one of the counting commission."
        )
    members = {m.id: m.name for m in setup.counting}
    secretariat = {e.account_id for e in draft.entrants if e.side is Side.SECRETARIAT}
    for entrant in draft.entrants:
        key = COUNTING_ENTRANT if entrant.side is Side.COUNTING else "entrants"
        accounts = setup.counting_accounts if entrant.side is Side.COUNTING else setup.secretariat_accounts
        if not accounts:
            errors[key] = (
                _("No active account holds the role Counting commission: an administrator gives it to who enters.")
                if entrant.side is Side.COUNTING
                else _("No active account holds the role Secretariat: an administrator gives it to who enters.")
            )
        elif entrant.account_id is None:
            errors[key] = _("Choose the account each person who enters ballots signs in with.")
        elif entrant.side is Side.COUNTING and entrant.account_id in secretariat:
            errors[key] = _(
                "The two sides are entered by two different people: the counting commission's member needs an "
                "account of their own, not the secretariat's."
            )
        elif entrant.account_id not in {a.id for a in accounts}:
            errors[key] = (
                _("The counting commission's papers are entered by an account holding the role Counting commission.")
                if entrant.side is Side.COUNTING
                else _("The secretariat's papers are entered by an account holding the role Secretariat.")
            )
        elif entrant.side is Side.COUNTING and entrant.counting_member_id not in set(draft.counting_present):
            name = members.get(entrant.counting_member_id or 0, "")
            errors[key] = (
                _("{name} enters for the counting commission but is not marked present.").format(name=name)
                if name
                else _("Choose the counting commission's member who enters the papers.")
            )
    return errors


def _roll_errors(setup: SessionSetup, draft: SessionDraft) -> dict[str, str]:
    """What is wrong with a Commission competition's roll as ticked: a line that is not on it, a delegate missing,
    named twice or sent by an association that is not ticked."""
    if setup.kind is Kind.COUNCIL:
        return {}
    lines = {p.id: p.name for p in setup.roll}
    ticked = set(draft.roll_present)
    if ticked - set(lines):
        if setup.voter_roll is VoterRoll.DELEGATES:
            return {"voters": _("Only an association that nominated an admitted candidate sends a delegate.")}
        return {"voters": _("Only the admitted candidates are on the voter roll.")}
    if setup.voter_roll is not VoterRoll.DELEGATES:
        if draft.delegates:
            return {"voters": _("The candidates themselves vote in this competition: no delegates are registered.")}
        return {}
    named: dict[int, str] = {}
    for delegate in draft.delegates:
        if delegate.association_id not in lines:
            return {"voters": _("Only an association that nominated an admitted candidate sends a delegate.")}
        if delegate.association_id in named:
            return {"voters": _("{association} sends one delegate.").format(association=lines[delegate.association_id])}
        named[delegate.association_id] = " ".join(delegate.name.split())
    for association_id in (p.id for p in setup.roll if p.id in ticked):
        name = named.get(association_id, "")
        if not name:
            return {
                "voters": _("Enter the name of the delegate of {association}.").format(
                    association=lines[association_id]
                )
            }
        if len(name) > MAX_DELEGATE:
            return {"voters": _("This text is too long.")}
    names = [named[i].casefold() for i in ticked if i in named]
    if len(set(names)) != len(names):
        return {"voters": _("One person is the delegate of one association only.")}
    return {}


#: the longest name of a delegate (``Voter.name`` holds it)
MAX_DELEGATE: Final = 300


def roll_lines(setup: SessionSetup, draft: SessionDraft) -> list[RollLine]:
    """The voter roll as the session records it: the Commission members present (a council), else every line the
    profile's roll takes from the data — the admitted candidates, or one delegate per nominating association —
    each ticked present or not. Nothing typed makes a line: a name comes from the data, or (a delegate) is
    registered against an association taken from the data."""
    if setup.kind is Kind.COUNCIL:
        present = set(draft.present)
        return [RollLine(m.name, True, member_id=m.id) for m in setup.members if m.id in present]
    ticked = set(draft.roll_present)
    if setup.voter_roll is VoterRoll.DELEGATES:
        names = {d.association_id: " ".join(d.name.split()) for d in draft.delegates}
        return [
            RollLine(names.get(a.id, "") if a.id in ticked else "", a.id in ticked, association_id=a.id, detail=a.name)
            for a in setup.roll
        ]
    return [RollLine(c.name, c.id in ticked, application_id=c.id, detail=c.detail) for c in setup.roll]


def _present_members(lines: Sequence[RollLine]) -> set[int]:
    return {line.member_id for line in lines if line.present and line.member_id is not None}


def stood_aside(
    conflicts: Sequence[Conflict], voting_members: Collection[int], candidates: Collection[int]
) -> tuple[Conflict, ...]:
    """The declared conflicts that keep a member from a ballot: those of the members voting (``voting_members``)
    towards a candidate on the paper (``candidates``: application ids). Such a member is present and counts for
    the quorum, but takes no ballot in that round; a runoff whose paper no longer carries the candidate gives them
    one again."""
    return tuple(c for c in conflicts if c.member_id in voting_members and c.application_id in candidates)


def ballot_holders(lines: Sequence[RollLine], aside: Sequence[Conflict] = ()) -> list[RollLine]:
    """The lines of the roll that get a ballot: those present, but for a member who stands aside."""
    out = {c.member_id for c in aside}
    return [line for line in lines if line.present and (line.member_id is None or line.member_id not in out)]
