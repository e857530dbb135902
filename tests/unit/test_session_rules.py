"""The checks a rating-vote session passes before it opens (``domain.session``), without a database."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from osgo_desktop.domain import session
from osgo_desktop.domain.profile import LAW_2014, Kind
from osgo_desktop.domain.voting import Side

MEMBERS = tuple(session.Person(i, f"Member {i}") for i in range(1, 16))
COUNTING = (session.Person(101, "Counter A"), session.Person(102, "Counter B"))


def setup(kind: Kind = Kind.COMMISSION, candidates: int = 3) -> session.SessionSetup:
    return session.SessionSetup(
        competition_id=1,
        competition_number="2026/01",
        kind=kind,
        seats=2,
        members_total=LAW_2014.commission_size,
        quorum=LAW_2014.quorum(LAW_2014.commission_size),
        members=MEMBERS,
        chair_id=1,
        secretary_id=2,
        counting=COUNTING,
        candidates=tuple(session.Person(200 + i, f"Candidate {i}") for i in range(candidates)),
    )


def draft(present: int = 10, **changes: Any) -> session.SessionDraft:
    base = session.SessionDraft(
        held_on=dt.date(2026, 5, 20),
        place="Bishkek",
        start_time="10:00",
        present=tuple(range(1, present + 1)),
        counting_present=(101,),
        entrants=(
            session.EntrantDraft(Side.SECRETARIAT, "Clerk", "2468"),
            session.EntrantDraft(Side.COUNTING, "Counter A", "1357", counting_member_id=101),
        ),
        chair_id=1,
        secretary_id=2,
        voters=("Voter 1", "Voter 2"),
    )
    return dataclasses.replace(base, **changes)


def test_a_complete_draft_with_a_quorum_passes() -> None:
    assert session.check_session(setup(), draft()) == {}


def test_the_quorum_is_the_profiles_two_thirds_rounded_up() -> None:
    assert setup().quorum == 10
    errors = session.check_session(setup(), draft(present=9))
    assert set(errors) == {"present"}
    assert errors["present"] == "9 of 15 Commission members are present; the quorum is 10 members."


def test_the_place_and_the_start_time_are_checked() -> None:
    errors = session.check_session(setup(), draft(place=" ", start_time="25:00"))
    assert set(errors) == {"place", "start_time"}
    assert session.check_session(setup(), draft(start_time=" 09:30 ")) == {}


def test_the_chair_must_be_among_the_members_present() -> None:
    assert set(session.check_session(setup(), draft(chair_id=12))) == {"chair_id"}


def test_the_counting_side_needs_its_own_pin_and_to_be_present() -> None:
    shared = draft(
        entrants=(
            session.EntrantDraft(Side.SECRETARIAT, "Clerk", "2468"),
            session.EntrantDraft(Side.COUNTING, "Counter A", "2468", counting_member_id=101),
        )
    )
    errors = session.check_session(setup(), shared)
    assert errors == {
        session.COUNTING_ENTRANT: "The counting commission's member needs a PIN of their own, not the secretariat's."
    }
    absent = draft(counting_present=(102,))
    assert session.check_session(setup(), absent) == {
        session.COUNTING_ENTRANT: "Counter A enters for the counting commission but is not marked present."
    }


def test_both_sides_enter_the_papers() -> None:
    one_side = draft(entrants=(session.EntrantDraft(Side.SECRETARIAT, "Clerk", "2468"),))
    assert "entrants" in session.check_session(setup(), one_side)


def test_the_voter_roll_and_the_papers_printed() -> None:
    assert "voters" in session.check_session(setup(), draft(voters=()))
    assert "voters" in session.check_session(setup(), draft(voters=("A", "A")))
    assert "papers" in session.check_session(setup(), draft(papers=1))
    assert session.check_session(setup(), draft(papers=2)) == {}


def test_a_council_votes_by_the_members_present() -> None:
    council = setup(Kind.COUNCIL)
    assert session.voter_names(council, draft(present=10, voters=())) == [f"Member {i}" for i in range(1, 11)]
    assert session.check_session(council, draft(voters=())) == {}


def test_no_candidate_admitted_means_no_session() -> None:
    assert session.check_session(setup(candidates=0), draft())["present"] == (
        "No candidate was admitted: there is nobody to vote for."
    )
