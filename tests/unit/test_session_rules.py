"""The checks a rating-vote session passes before it opens (``domain.session``), without a database."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from osgo_desktop.domain import session
from osgo_desktop.domain.profile import LAW_2014, Kind, VoterRoll
from osgo_desktop.domain.voting import Side

MEMBERS = tuple(session.Person(i, f"Member {i}") for i in range(1, 16))
COUNTING = (session.Person(101, "Counter A"), session.Person(102, "Counter B"))
#: the accounts that may enter each side's papers (account id, name, login)
CLERKS = (session.Person(501, "Clerk", "clerk"),)
COUNTERS = (session.Person(601, "Counter A", "counter"), session.Person(602, "Counter B", "counter2"))


ASSOCIATIONS = (session.Person(301, "Association A"), session.Person(302, "Association B"))


def setup(
    kind: Kind = Kind.COMMISSION,
    candidates: int = 3,
    roll: VoterRoll = VoterRoll.CANDIDATES,
    conflicts: tuple[session.Conflict, ...] = (),
) -> session.SessionSetup:
    people = tuple(session.Person(200 + i, f"Candidate {i}", f"2026/01-00{i + 1}") for i in range(candidates))
    commission = kind is Kind.COMMISSION
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
        candidates=people,
        voter_roll=roll if commission else None,
        roll=(people if roll is VoterRoll.CANDIDATES else ASSOCIATIONS) if commission else (),
        conflicts=conflicts,
        secretariat_accounts=CLERKS,
        counting_accounts=COUNTERS,
    )


def draft(present: int = 10, **changes: Any) -> session.SessionDraft:
    base = session.SessionDraft(
        held_on=dt.date(2026, 5, 20),
        place="Bishkek",
        start_time="10:00",
        present=tuple(range(1, present + 1)),
        counting_present=(101,),
        entrants=(
            session.EntrantDraft(Side.SECRETARIAT, 501),
            session.EntrantDraft(Side.COUNTING, 601, counting_member_id=101),
        ),
        chair_id=1,
        secretary_id=2,
        roll_present=(200, 201),
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


def test_the_counting_side_needs_an_account_of_its_own_and_to_be_present() -> None:
    shared = draft(
        entrants=(
            session.EntrantDraft(Side.SECRETARIAT, 501),
            session.EntrantDraft(Side.COUNTING, 501, counting_member_id=101),
        )
    )
    assert session.check_session(setup(), shared) == {
        session.COUNTING_ENTRANT: "The two sides are entered by two different people: the counting commission's "
        "member needs an account of their own, not the secretariat's."
    }
    absent = draft(counting_present=(102,))
    assert session.check_session(setup(), absent) == {
        session.COUNTING_ENTRANT: "Counter A enters for the counting commission but is not marked present."
    }


def test_each_side_is_entered_by_an_account_holding_its_role() -> None:
    swapped = draft(
        entrants=(
            session.EntrantDraft(Side.SECRETARIAT, 601),
            session.EntrantDraft(Side.COUNTING, 602, counting_member_id=101),
        )
    )
    assert session.check_session(setup(), swapped) == {
        "entrants": "The secretariat's papers are entered by an account holding the role Secretariat."
    }
    nobody = dataclasses.replace(setup(), counting_accounts=())
    assert session.check_session(nobody, draft())[session.COUNTING_ENTRANT].startswith(
        "No active account holds the role Counting commission"
    )
    unchosen = draft(entrants=(session.EntrantDraft(Side.SECRETARIAT, None), draft().entrants[1]))
    assert session.check_session(setup(), unchosen) == {
        "entrants": "Choose the account each person who enters ballots signs in with."
    }


def test_both_sides_enter_the_papers() -> None:
    one_side = draft(entrants=(session.EntrantDraft(Side.SECRETARIAT, 501),))
    assert "entrants" in session.check_session(setup(), one_side)


def test_the_voter_roll_and_the_papers_printed() -> None:
    assert session.check_session(setup(), draft(roll_present=())) == {
        "voters": "Nobody on the voter roll is ticked as present."
    }
    assert "papers" in session.check_session(setup(), draft(papers=1))
    assert session.check_session(setup(), draft(papers=2)) == {}


def test_the_roll_is_the_admitted_candidates_ticked_present() -> None:
    lines = session.roll_lines(setup(), draft(roll_present=(200, 202)))
    assert [(line.name, line.present, line.application_id, line.detail) for line in lines] == [
        ("Candidate 0", True, 200, "2026/01-001"),
        ("Candidate 1", False, 201, "2026/01-002"),
        ("Candidate 2", True, 202, "2026/01-003"),
    ]
    assert [line.name for line in session.ballot_holders(lines)] == ["Candidate 0", "Candidate 2"]


def test_nobody_gets_on_the_roll_who_is_not_in_the_data() -> None:
    """Seed A: nobody is typed onto the roll — a line that is not an admitted candidate is refused."""
    assert session.check_session(setup(), draft(roll_present=(200, 999))) == {
        "voters": "Only the admitted candidates are on the voter roll."
    }
    mickey = draft(delegates=(session.DelegateDraft(301, "Mickey Mouse"),))
    assert session.check_session(setup(), mickey) == {
        "voters": "The candidates themselves vote in this competition: no delegates are registered."
    }


def test_delegates_are_registered_against_a_nominating_association() -> None:
    by_delegates = setup(roll=VoterRoll.DELEGATES)
    one = session.DelegateDraft(301, "  Асанов   Бакыт ")
    two = session.DelegateDraft(302, "Исаева Гүлнара")
    assert session.check_session(by_delegates, draft(roll_present=(301, 302), delegates=(one, two))) == {}
    lines = session.roll_lines(by_delegates, draft(roll_present=(301,), delegates=(one,)))
    assert [(line.name, line.present, line.association_id, line.detail) for line in lines] == [
        ("Асанов Бакыт", True, 301, "Association A"),
        ("", False, 302, "Association B"),
    ]
    errors = [
        session.check_session(by_delegates, draft(roll_present=(301, 302), delegates=(one,))),
        session.check_session(by_delegates, draft(roll_present=(301, 303), delegates=(one,))),
        session.check_session(by_delegates, draft(roll_present=(301,), delegates=(one, one))),
        session.check_session(
            by_delegates,
            draft(roll_present=(301, 302), delegates=(one, session.DelegateDraft(302, "асанов бакыт"))),
        ),
    ]
    assert [e["voters"] for e in errors] == [
        "Enter the name of the delegate of Association B.",
        "Only an association that nominated an admitted candidate sends a delegate.",
        "Association A sends one delegate.",
        "One person is the delegate of one association only.",
    ]


def test_a_conflicted_member_is_present_but_takes_no_ballot() -> None:
    council = setup(Kind.COUNCIL, conflicts=(session.Conflict(3, "Member 3", 201, "Candidate 1", "her brother"),))
    lines = session.roll_lines(council, draft(present=10))
    aside = session.stood_aside(council.conflicts, {line.member_id for line in lines if line.member_id}, {200, 201})
    assert [c.member for c in aside] == ["Member 3"]
    holders = session.ballot_holders(lines, aside)
    assert len(lines) == 10 and len(holders) == 9 and "Member 3" not in [h.name for h in holders]
    # a paper without the candidate (a runoff among others) gives the member a ballot again
    assert session.stood_aside(council.conflicts, {3}, {200, 202}) == ()
    # the quorum counts them; the papers need not
    assert session.check_session(council, draft(papers=9)) == {}
    assert set(session.check_session(council, draft(papers=8))) == {"papers"}


def test_no_candidate_admitted_means_no_session() -> None:
    assert session.check_session(setup(candidates=0), draft())["present"] == (
        "No candidate was admitted: there is nobody to vote for."
    )
