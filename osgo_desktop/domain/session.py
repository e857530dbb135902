"""The rating vote's session as the secretariat sets it up, and the checks it must pass before it opens.

Pure data and rules: what the session dialog offers (:class:`SessionSetup`), what it drafts (:class:`SessionDraft`),
and :func:`check_session`, which the dialog asks as it is filled in and the service asks again before it records it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Final

from osgo_desktop.domain import voting
from osgo_desktop.domain.profile import Kind
from osgo_desktop.domain.voting import Mode, Side
from osgo_desktop.i18n import _

_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")

#: the longest place the session records (``VoteSession.place``), in either language
MAX_PLACE: Final = 500


@dataclass(frozen=True)
class EntrantDraft:
    side: Side
    name: str
    pin: str
    counting_member_id: int | None = None


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
    #: Commission competitions: the candidates or delegates registered at the session; council competitions vote
    #: by the Commission members present, and this stays empty
    voters: tuple[str, ...] = ()
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
    voters = voter_names(setup, draft)
    if not voters:
        errors["voters"] = _("The voter roll is empty: register the voters present.")
    elif len(set(voters)) != len(voters):
        errors["voters"] = _("A voter is on the roll twice.")
    if draft.papers and draft.papers < len(voters):
        errors["papers"] = _("Print at least one paper for each of the {count} voters.").format(count=len(voters))
    if draft.min_votes < 0:
        errors["min_votes"] = _("The minimum number of votes cannot be negative.")
    if not draft.entrants:
        errors["entrants"] = _("Name who enters the ballots.")
    sides = {e.side for e in draft.entrants}
    if sides != {Side.SECRETARIAT, Side.COUNTING}:  # an open vote is entered twice too
        errors["entrants"] = _(
            "Paper ballots are entered twice: name one person of the secretariat and one of the counting commission."
        )
    secretariat_pins = [e.pin for e in draft.entrants if e.side is Side.SECRETARIAT]
    for entrant in draft.entrants:
        # what concerns the counting side's person is said next to them (the form's second row), the rest above
        key = COUNTING_ENTRANT if entrant.side is Side.COUNTING else "entrants"
        if not entrant.name.strip():
            errors[key] = _("Give the name of each person who enters ballots.")
        elif (problem := voting.pin_problem(entrant.pin)) is not None:
            errors[key] = _("{name}: {problem}").format(name=entrant.name, problem=problem)
        elif entrant.side is Side.COUNTING and entrant.counting_member_id not in set(draft.counting_present):
            errors[key] = _("{name} enters for the counting commission but is not marked present.").format(
                name=entrant.name
            )
        elif entrant.side is Side.COUNTING and (shared := _same_pin(secretariat_pins, entrant.pin)) is not None:
            errors[key] = shared
    names = [e.name.strip() for e in draft.entrants]
    if len(set(names)) != len(names):
        errors["entrants"] = _("Each person enters ballots under their own name, once.")
    if not setup.candidates:
        errors["present"] = _("No candidate was admitted: there is nobody to vote for.")
    return errors


def _same_pin(secretariat_pins: list[str], counting_pin: str) -> str | None:
    return next(filter(None, (voting.same_pin_problem(pin, counting_pin) for pin in secretariat_pins)), None)


def voter_names(setup: SessionSetup, draft: SessionDraft) -> list[str]:
    """The voter roll: the Commission members present (a council), else the names registered at the session."""
    if setup.kind is Kind.COUNCIL:
        return [m.name for m in setup.members if m.id in set(draft.present)]
    return [v.strip() for v in draft.voters if v.strip()]
