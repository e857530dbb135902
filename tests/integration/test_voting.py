"""The rating vote's use cases on a real database: session, double entry, settlement, close, runoff, lots."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from osgo_desktop.clock import FixedClock
from osgo_desktop.domain import tally
from osgo_desktop.domain.lifecycle import State
from osgo_desktop.domain.voting import Mode, Side
from osgo_desktop.errors import KnownError, ValidationError
from osgo_desktop.reports.vote import composition_decision_pdf, vote_protocol_pdf
from osgo_desktop.services import competitions, export, printing, record, voting
from osgo_desktop.services.accounts import SIGN_IN_LOCK, SignInLocked
from osgo_desktop.services.voting import PaperCounts
from osgo_desktop.storage import models
from osgo_desktop.storage.uow import Database
from osgo_desktop.verifier import record as verify
from osgo_desktop.verifier.record import verify_record
from tests.conftest import TODAY
from tests.voting_support import (
    COUNTING_PIN,
    FIRST_ROUND,
    SECRETARIAT_PIN,
    ballots_from_counts,
    enter_all,
    entrants,
    open_session,
    screened_competition,
    session_draft,
)

FIFTEEN = PaperCounts(issued=15, returned=15, unused=0)


def test_a_session_below_the_quorum_does_not_open_and_says_why(full_demo_db: Database) -> None:
    with full_demo_db.uow() as uow:
        competition_id = screened_competition(uow)
        draft = session_draft(uow, competition_id, present=9)
        with pytest.raises(ValidationError) as refused:
            voting.open_session(uow, competition_id, draft)
        assert "9 of 15 Commission members are present; the quorum is 10 members." in refused.value.errors["present"]
        no_counting = dataclasses.replace(session_draft(uow, competition_id), counting_present=(), entrants=())
        with pytest.raises(ValidationError) as refused:
            voting.open_session(uow, competition_id, no_counting)
        assert "counting commission" in refused.value.errors["counting_present"]
        assert "entered twice" in refused.value.errors["entrants"]
        assert competitions.get_competition(uow, competition_id).state is State.SCREENED


def test_a_session_refuses_one_account_for_both_sides(full_demo_db: Database) -> None:
    with full_demo_db.uow() as uow:
        competition_id = screened_competition(uow)
        draft = session_draft(uow, competition_id)
        secretariat, counting = draft.entrants
        shared = dataclasses.replace(
            draft, entrants=(secretariat, dataclasses.replace(counting, account_id=secretariat.account_id))
        )
        with pytest.raises(ValidationError) as refused:
            voting.open_session(uow, competition_id, shared)
        assert refused.value.errors == {
            voting.COUNTING_ENTRANT: "The two sides are entered by two different people: the counting commission's "
            "member needs an account of their own, not the secretariat's."
        }
        assert competitions.get_competition(uow, competition_id).state is State.SCREENED


def test_opening_a_session_backs_up_the_database_and_opens_the_first_round(full_demo_db: Database) -> None:
    round_id = open_session(full_demo_db)
    with full_demo_db.uow() as uow:
        view = voting.get_round(uow, round_id)
        assert competitions.get_competition(uow, view.competition_id).state is State.VOTING
    assert Path(view.session.backup_path).is_file()
    assert view.number == 1 and view.open and view.seats == 7 and view.max_marks == 7
    assert view.papers_printed == 15 and len(view.session.voters) == 15  # the members present vote
    names = [c.name for c in view.candidates]
    assert names[0].startswith("Алиева") and names[-1].startswith("Чыйбылов")
    assert names.index("Ногойбаева Элнура Сапарбековна") < names.index("Өмөрова Нургүл Бакытбековна")  # Н, О, Ө
    assert [c.number for c in view.candidates] == list(range(1, 13))


def test_the_entrants_sign_in_with_their_accounts_and_no_pin_is_kept_for_the_session(full_demo_db: Database) -> None:
    round_id = open_session(full_demo_db)
    who = entrants(full_demo_db, round_id)
    with full_demo_db.uow() as uow:
        assert voting.unlock(uow, round_id, who[Side.SECRETARIAT], SECRETARIAT_PIN).side is Side.SECRETARIAT
        with pytest.raises(KnownError, match=r"password or the station PIN of .* is not right"):
            voting.unlock(uow, round_id, who[Side.SECRETARIAT], COUNTING_PIN)  # the other account's PIN
        stored = voting.get_round(uow, round_id).session
        rows = uow.session.get(models.VoteSession, stored.id).entrants  # type: ignore[union-attr]
        assert [(e.pin_hash, e.account_id is not None) for e in rows] == [("", True), ("", True)]
    assert SECRETARIAT_PIN not in json.dumps(dataclasses.asdict(stored), default=str)


def test_entries_are_checked_and_saved_one_by_one(full_demo_db: Database) -> None:
    round_id = open_session(full_demo_db)
    who = entrants(full_demo_db, round_id)[Side.SECRETARIAT]
    with full_demo_db.uow() as uow:
        voting.record_entry(uow, round_id, who, 3, (4, 1))
    with full_demo_db.uow() as uow:  # a new unit of work sees it: it was committed at once
        assert voting.own_entries(uow, round_id, Side.SECRETARIAT) == [(3, (1, 4))]
        with pytest.raises(KnownError, match="already entered"):
            voting.record_entry(uow, round_id, who, 3, (2,))
        with pytest.raises(KnownError, match=r"no ballot paper No\. 16"):
            voting.record_entry(uow, round_id, who, 16, (2,))
        with pytest.raises(KnownError, match=r"no candidate No\. 13"):
            voting.record_entry(uow, round_id, who, 4, (13,))
        with pytest.raises(KnownError, match="twice"):
            voting.record_entry(uow, round_id, who, 4, (2, 2))
        voting.record_entry(uow, round_id, who, 5, ())  # blank
        voting.record_entry(uow, round_id, who, 6, tuple(range(1, 10)))  # too many marks: the paper says so
        assert voting.get_round(uow, round_id).entered == {Side.SECRETARIAT: 3, Side.COUNTING: 0}


def test_a_serial_already_entered_is_refused_before_its_marks_are_typed(full_demo_db: Database) -> None:
    round_id = open_session(full_demo_db)
    who = entrants(full_demo_db, round_id)
    with full_demo_db.uow() as uow:
        voting.record_entry(uow, round_id, who[Side.SECRETARIAT], 9, (1,))
    with full_demo_db.uow() as uow:
        with pytest.raises(KnownError, match=r"Paper No\. 009 is already entered for your side"):
            voting.check_new_serial(uow, round_id, who[Side.SECRETARIAT], 9)
        voting.check_new_serial(uow, round_id, who[Side.COUNTING], 9)  # the other side has not entered it
        voting.check_new_serial(uow, round_id, who[Side.SECRETARIAT], 10)


def test_entering_into_a_closed_round_is_refused_at_the_start(full_demo_db: Database) -> None:
    round_id = open_session(full_demo_db)
    with full_demo_db.uow() as uow:
        voting.check_entry_open(uow, round_id)
    papers = ballots_from_counts(FIRST_ROUND, 15)
    enter_all(full_demo_db, round_id, papers, Side.SECRETARIAT)
    enter_all(full_demo_db, round_id, papers, Side.COUNTING)
    with full_demo_db.uow() as uow:
        voting.close_round(uow, round_id, FIFTEEN)
    with full_demo_db.uow() as uow, pytest.raises(KnownError, match="Round 1 is closed"):
        voting.check_entry_open(uow, round_id)


def test_entering_into_a_cancelled_competitions_round_is_refused_at_the_start(full_demo_db: Database) -> None:
    round_id = open_session(full_demo_db)
    with full_demo_db.uow() as uow:
        competitions.cancel(uow, voting.get_round(uow, round_id).competition_id, "Мыйзам өзгөрдү")
    with full_demo_db.uow() as uow, pytest.raises(KnownError, match="cancelled"):
        voting.check_entry_open(uow, round_id)  # the round stays open, but nothing typed could ever be saved


def _enter_first_round_with_a_slip(db: Database, round_id: int) -> list[tuple[int, ...]]:
    papers = ballots_from_counts(FIRST_ROUND, 15)
    enter_all(db, round_id, papers, Side.SECRETARIAT)
    slipped = list(papers)
    slipped[6] = tuple(sorted({*papers[6], 12} - {papers[6][0]}))  # paper No. 7 misread by the counting side
    enter_all(db, round_id, slipped, Side.COUNTING)
    return papers


def test_a_disagreement_blocks_the_close_until_it_is_settled_against_the_paper(full_demo_db: Database) -> None:
    round_id = open_session(full_demo_db)
    papers = _enter_first_round_with_a_slip(full_demo_db, round_id)
    who = entrants(full_demo_db, round_id)
    with full_demo_db.uow() as uow:
        view = voting.get_round(uow, round_id)
        assert [d.serial for d in view.reconciliation.disagreements] == [7]
        assert len(view.reconciliation.agreed) == 14
        with pytest.raises(KnownError, match=r"No\. 7: the two entries disagree"):
            voting.close_round(uow, round_id, FIFTEEN)
    with full_demo_db.uow() as uow:
        with pytest.raises(KnownError, match="PIN"):
            voting.settle(
                uow, round_id, 7, papers[6], "", (who[Side.SECRETARIAT], "0000"), (who[Side.COUNTING], COUNTING_PIN)
            )
        with pytest.raises(KnownError, match="do not disagree"):
            voting.settle(
                uow,
                round_id,
                8,
                papers[7],
                "",
                (who[Side.SECRETARIAT], SECRETARIAT_PIN),
                (who[Side.COUNTING], COUNTING_PIN),
            )
        voting.settle(
            uow,
            round_id,
            7,
            papers[6],
            "Бюллетень карап чыгылды",
            (who[Side.SECRETARIAT], SECRETARIAT_PIN),
            (who[Side.COUNTING], COUNTING_PIN),
        )
    with full_demo_db.uow() as uow:
        view = voting.get_round(uow, round_id)
        assert view.reconciliation.complete and len(view.reconciliation.agreed) == 15
        assert view.settlements[0].serial == 7 and view.settlements[0].counting == view.session.entrants[1].name


def test_paper_counts_must_add_up(full_demo_db: Database) -> None:
    round_id = open_session(full_demo_db)
    papers = ballots_from_counts(FIRST_ROUND, 15)
    enter_all(full_demo_db, round_id, papers, Side.SECRETARIAT)
    enter_all(full_demo_db, round_id, papers, Side.COUNTING)
    with full_demo_db.uow() as uow:
        with pytest.raises(KnownError, match="Enter how many papers"):
            voting.close_round(uow, round_id, PaperCounts(None, None, None))
        with pytest.raises(KnownError, match="must add up to the 15 printed"):
            voting.close_round(uow, round_id, PaperCounts(14, 14, 0))
        with pytest.raises(KnownError, match="14 papers were returned"):
            voting.close_round(uow, round_id, PaperCounts(15, 14, 0))


def test_a_tie_at_the_cut_off_opens_a_runoff_and_lots_settle_a_repeated_tie(full_demo_db: Database) -> None:
    round_id = open_session(full_demo_db)
    papers = ballots_from_counts(FIRST_ROUND, 15)
    enter_all(full_demo_db, round_id, papers, Side.SECRETARIAT)
    enter_all(full_demo_db, round_id, papers, Side.COUNTING)
    with full_demo_db.uow() as uow:
        result = voting.close_round(uow, round_id, FIFTEEN)
        first = voting.get_round(uow, round_id)
    tied = {first.candidate(cid).number for cid in result.tie.candidates} if result.tie else set()
    assert tied == {7, 8} and result.tie is not None and result.tie.seats == 1
    assert len(result.elected) == 6
    with full_demo_db.uow() as uow:
        with pytest.raises(KnownError, match="closed"):
            voting.record_entry(uow, round_id, entrants(full_demo_db, round_id)[Side.SECRETARIAT], 1, (1,))
        runoff_id = voting.current_round(uow, first.competition_id)
        assert runoff_id is not None and runoff_id != round_id
        runoff = voting.get_round(uow, runoff_id)
        assert competitions.get_competition(uow, first.competition_id).state is State.VOTING
    assert (
        runoff.runoff
        and runoff.seats == 1
        and [c.name for c in runoff.candidates]
        == [
            "Ногойбаева Элнура Сапарбековна",
            "Өмөрова Нургүл Бакытбековна",
        ]
    )
    # The runoff ties again: 7 and 7, one blank.
    again = [(1,)] * 7 + [(2,)] * 7 + [()]
    enter_all(full_demo_db, runoff_id, again, Side.SECRETARIAT)
    enter_all(full_demo_db, runoff_id, again, Side.COUNTING)
    with full_demo_db.uow() as uow:
        second = voting.close_round(uow, runoff_id, FIFTEEN)
        assert second.tie is not None and second.ballots.blank == 1
        detail = competitions.get_competition(uow, first.competition_id)
        assert detail.state is State.TALLIED and "A tie is not settled yet." in detail.blocked[State.CLOSED]
    order = [runoff.candidates[1].tally_id, runoff.candidates[0].tally_id]  # Өмөрова drawn first
    with full_demo_db.uow() as uow:
        with pytest.raises(KnownError, match="counting commission"):
            voting.draw_lots(
                uow,
                runoff_id,
                order,
                (entrants(full_demo_db, runoff_id)[Side.SECRETARIAT], SECRETARIAT_PIN),
                drawn_by="Жумабаев Азамат",
                witnesses="Эсеп комиссиясы",
            )
        with pytest.raises(KnownError, match="witnessed"):
            voting.draw_lots(
                uow,
                runoff_id,
                order,
                (entrants(full_demo_db, runoff_id)[Side.COUNTING], COUNTING_PIN),
                drawn_by="Жумабаев Азамат",
                witnesses="  ",
            )
        settled = voting.draw_lots(
            uow,
            runoff_id,
            order,
            (entrants(full_demo_db, runoff_id)[Side.COUNTING], COUNTING_PIN),
            drawn_by="Жумабаев Азамат",
            witnesses="Эсеп комиссиясы",
        )
    assert settled.lots_used and settled.elected == (order[0],)
    with full_demo_db.uow() as uow:
        final = voting.outcome(uow, first.competition_id)
        detail = competitions.get_competition(uow, first.competition_id)
    assert len(final.elected) == 7 and final.elected[-1] == order[0] and not final.tie
    assert final.reserve[0] == order[1]  # the runoff's loser heads the reserve
    assert "A tie is not settled yet." not in detail.blocked[State.CLOSED]


def test_the_export_is_the_input_the_round_was_tallied_from(full_demo_db: Database) -> None:
    round_id = open_session(full_demo_db)
    papers = ballots_from_counts(FIRST_ROUND, 15)
    enter_all(full_demo_db, round_id, papers, Side.SECRETARIAT)
    enter_all(full_demo_db, round_id, papers, Side.COUNTING)
    with full_demo_db.uow() as uow:
        before = voting.tally_input(uow, round_id)
        result = voting.close_round(uow, round_id, FIFTEEN)
        after = voting.tally_input(uow, round_id)
    assert before == after
    assert [b["serial"] for b in after["ballots"]] == [f"{i:03d}" for i in range(1, 16)]
    recount = tally.tally(tally.parse_tally_input(json.loads(json.dumps(after))))
    assert tally.result_to_json(recount) == tally.result_to_json(result)


def test_an_open_vote_is_entered_by_voter_and_closes_without_papers(full_demo_db: Database) -> None:
    with full_demo_db.uow() as uow:
        competition_id = screened_competition(uow)
        draft = dataclasses.replace(session_draft(uow, competition_id, present=12), mode=Mode.OPEN)
        round_id = voting.open_session(uow, competition_id, draft)
        view = voting.get_round(uow, round_id)
    assert view.mode is Mode.OPEN and len(view.session.voters) == 12
    votes = ballots_from_counts(FIRST_ROUND, 12)
    enter_all(full_demo_db, round_id, votes, Side.SECRETARIAT)
    enter_all(full_demo_db, round_id, votes, Side.COUNTING)
    who = entrants(full_demo_db, round_id)[Side.SECRETARIAT]
    with full_demo_db.uow() as uow, pytest.raises(KnownError, match=r"no ballot paper No\. 13"):
        voting.record_entry(uow, round_id, who, 13, (1,))  # one vote per voter on the roll
    with full_demo_db.uow() as uow:  # (a use case refused leaves its unit of work as it was: take a new one)
        result = voting.close_round(uow, round_id, PaperCounts(None, None, None))
        closed = voting.get_round(uow, round_id)
    assert result.ballots.total == 12 and closed.papers_returned == 12 and closed.papers_unused == 0


def test_the_full_demo_holds_the_vote_through_a_runoff(db: Database) -> None:
    from osgo_desktop.services import demo

    with db.uow() as uow:
        demo.load_demo(uow, db.document_store(), full=True, close=False)
        competition_id = screened_competition(uow)
        detail = competitions.get_competition(uow, competition_id)
        final = voting.outcome(uow, competition_id)
        rounds = [voting.get_round(uow, r) for r in voting.round_ids(uow, competition_id)]
    assert detail.state is State.TALLIED and len(final.elected) == 7 and not final.tie
    assert [r.runoff for r in rounds] == [False, True] and rounds[0].settlements[0].serial == 7
    assert final.elected[-1] == rounds[1].candidates[1].tally_id  # Өмөрова wins the runoff


def test_the_session_keeps_who_was_present_as_it_recorded_them(full_demo_db: Database) -> None:

    round_id = open_session(full_demo_db)
    with full_demo_db.uow() as uow:
        before = voting.get_round(uow, round_id).session
        chair = uow.session.get(
            models.CommissionMember,
            next(
                m.id
                for m in voting.session_setup(uow, voting.get_round(uow, round_id).competition_id).members
                if m.detail == "chair"
            ),
        )
        assert chair is not None
        chair.surname, chair.role = "Жаңы-Фамилия", "member"  # later, in the registry
        uow.commit()
    with full_demo_db.uow() as uow:
        after = voting.get_round(uow, round_id).session
    assert after == before and after.chair.startswith("Токтосунова") and "chair" in after.present_roles


def test_a_tie_at_the_top_is_settled_by_a_runoff_and_the_seats_below_it_are_filled(full_demo_db: Database) -> None:
    """Алиева (1) and Чыйбылов (12) come from the same organisation and tie at the top: only one can sit, so the
    first round stops there with six seats still open below. The runoff settles the tie; the first round's ranking
    then fills the rest (one per organisation and the cap on one sex still apply)."""
    round_id = open_session(full_demo_db)
    votes = {1: 15, 12: 15, 2: 13, 3: 12, 4: 11, 6: 10, 9: 9, 7: 8, 8: 7, 5: 2}
    papers = ballots_from_counts(votes, 15)
    enter_all(full_demo_db, round_id, papers, Side.SECRETARIAT)
    enter_all(full_demo_db, round_id, papers, Side.COUNTING)
    with full_demo_db.uow() as uow:
        first = voting.close_round(uow, round_id, FIFTEEN)
        view = voting.get_round(uow, round_id)
        runoff_id = voting.current_round(uow, view.competition_id)
    assert first.tie is not None and first.tie.seats == 1 and first.elected == ()
    assert runoff_id is not None and runoff_id != round_id
    # round 1's protocol: the ten below the tie await the runoff; none of them is called reserve, in the ranking or
    # in the reserve list
    with full_demo_db.uow() as uow:
        protocol = printing.vote_protocol(uow, round_id, "en")
    assert protocol.reserve == ()
    assert [row.standing for row in protocol.ranking] == ["tie", "tie", *["pending"] * 10]
    protocol_text = " ".join(
        " ".join(
            page.extract_text() for page in PdfReader(io.BytesIO(vote_protocol_pdf(protocol, "en", TODAY))).pages
        ).split()
    )
    assert "10 candidates ranked below the tie await the runoff" in protocol_text
    assert "The reserve list is empty." in protocol_text and "Reserve" not in protocol_text.replace("Reserve list", "")
    with full_demo_db.uow() as uow:
        runoff = voting.get_round(uow, runoff_id)
    assert runoff.seats == 1 and [c.name.split()[0] for c in runoff.candidates] == ["Алиева", "Чыйбылов"]
    second = [(2,)] * 9 + [(1,)] * 6  # Чыйбылов wins
    enter_all(full_demo_db, runoff_id, second, Side.SECRETARIAT)
    enter_all(full_demo_db, runoff_id, second, Side.COUNTING)
    with full_demo_db.uow() as uow:
        voting.close_round(uow, runoff_id, FIFTEEN)
        final = voting.outcome(uow, view.competition_id)
        state = competitions.get_competition(uow, view.competition_id).state
    number = {c.tally_id: c.number for c in view.candidates}
    assert [number[cid] for cid in final.elected] == [12, 2, 3, 4, 6, 7, 8]  # 9 is a sixth man: over the cap
    assert final.vacant_seats == 0 and not final.tie and state is State.TALLIED
    # Алиева lost the runoff to Чыйбылов of her organisation, 9 is over the cap: passed over, in the reserve
    assert [number[cid] for cid in final.reserve] == [1, 9, 5, 10, 11]
    assert [(number[s.id], s.reason) for s in final.skipped] == [(1, "organization"), (9, "sex_cap")]
    with full_demo_db.uow() as uow:
        decision = printing.composition_decision(uow, view.competition_id, "en")
    # the six elected below the tie at the top are in the decision with their first-round votes; it says why the
    # two at the head of the reserve have no seat
    assert [m.round_number for m in decision.elected] == [2, 1, 1, 1, 1, 1, 1]
    assert [(m.name.split()[0], m.passed_over) for m in decision.reserve[:3]] == [
        ("Алиева", "another candidate of the same organisation is elected"),
        (view.candidates[8].name.split()[0], "the cap on members of one sex is reached"),
        (view.candidates[4].name.split()[0], ""),
    ]
    pdf = composition_decision_pdf(decision, "en", TODAY)
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "passed over: another candidate of the same organisation is elected" in text


def test_a_cancelled_competition_takes_no_more_ballots(full_demo_db: Database) -> None:
    round_id = open_session(full_demo_db)
    who = entrants(full_demo_db, round_id)[Side.SECRETARIAT]
    with full_demo_db.uow() as uow:
        competitions.cancel(uow, voting.get_round(uow, round_id).competition_id, "Сотту чечими")
    with full_demo_db.uow() as uow, pytest.raises(KnownError, match="not at its vote any more"):
        voting.record_entry(uow, round_id, who, 1, (1,))


def test_an_entry_for_a_round_closed_at_another_station_is_refused(full_demo_db: Database) -> None:
    """Two stations: one has the round in hand, the other closes it; the first one's save is refused (the check
    is made in the save's own transaction, under the round's row lock)."""
    round_id = open_session(full_demo_db)
    papers = ballots_from_counts(FIRST_ROUND, 15)
    enter_all(full_demo_db, round_id, papers, Side.SECRETARIAT)
    enter_all(full_demo_db, round_id, papers, Side.COUNTING)
    who = entrants(full_demo_db, round_id)[Side.SECRETARIAT]
    with full_demo_db.uow() as late:
        late.rounds.require(round_id)  # station B has the round in hand, open
        with full_demo_db.uow() as closing:
            voting.close_round(closing, round_id, FIFTEEN)  # station A closes it
        with pytest.raises(KnownError, match="closed"):
            voting.record_entry(late, round_id, who, 16, (1,))
    with full_demo_db.uow() as uow:
        assert len(voting.own_entries(uow, round_id, Side.SECRETARIAT)) == 15


def test_an_open_vote_is_entered_by_both_sides_too(full_demo_db: Database) -> None:
    with full_demo_db.uow() as uow:
        competition_id = screened_competition(uow)
        draft = session_draft(uow, competition_id)
        one_side = dataclasses.replace(draft, mode=Mode.OPEN, entrants=draft.entrants[:1])
        with pytest.raises(ValidationError) as refused:
            voting.open_session(uow, competition_id, one_side)
    assert "entered twice" in refused.value.errors["entrants"]


def test_a_tie_further_down_the_first_ranking_opens_a_runoff_of_the_first_round(full_demo_db: Database) -> None:
    """Once the runoff settles the tie at the top, the first round's ranking is walked on and ties again lower
    down (7, 8 and 10, with 6 votes each, for the last two seats): the next runoff settles a tie of round 1, not of the
    runoff that came before it, and says so."""
    round_id = open_session(full_demo_db)
    votes = {1: 15, 12: 15, 2: 13, 3: 12, 4: 11, 6: 10, 9: 9, 7: 6, 8: 6, 10: 6}
    papers = ballots_from_counts(votes, 15)
    enter_all(full_demo_db, round_id, papers, Side.SECRETARIAT)
    enter_all(full_demo_db, round_id, papers, Side.COUNTING)
    with full_demo_db.uow() as uow:
        voting.close_round(uow, round_id, FIFTEEN)
        competition_id = voting.get_round(uow, round_id).competition_id
        second_id = voting.current_round(uow, competition_id)
        assert second_id is not None
        second = voting.get_round(uow, second_id)
    assert second.runoff_of == 1
    settle_top = [(2,)] * 9 + [(1,)] * 6  # Чыйбылов
    enter_all(full_demo_db, second_id, settle_top, Side.SECRETARIAT)
    enter_all(full_demo_db, second_id, settle_top, Side.COUNTING)
    with full_demo_db.uow() as uow:
        settled = voting.close_round(uow, second_id, FIFTEEN)
        third_id = voting.current_round(uow, competition_id)
        assert third_id is not None and third_id != second_id
        third = voting.get_round(uow, third_id)
        pending = voting.outcome(uow, competition_id)
    assert settled.tie is None  # the runoff itself settled its tie
    assert third.number == 3 and third.runoff_of == 1  # the new tie lies in the first round's ranking
    assert set(pending.tie) == {c.tally_id for c in third.candidates} and len(pending.tie) == 3


def test_a_serial_typed_wrong_is_struck_out_by_both_sides_and_counts_for_nothing(full_demo_db: Database) -> None:
    """20 papers printed, 15 used. The secretariat types 018 (an unused paper) for paper 015; the counting
    commission enters 015 as it is. 015 is then entered by the secretariat too; 018, which no paper in the box
    matches, would stop the round from closing for ever: both sides strike it out."""
    with full_demo_db.uow() as uow:
        competition_id = screened_competition(uow)
        draft = dataclasses.replace(session_draft(uow, competition_id), papers=20)
        round_id = voting.open_session(uow, competition_id, draft)
    papers = ballots_from_counts(FIRST_ROUND, 15)
    people = entrants(full_demo_db, round_id)
    enter_all(full_demo_db, round_id, papers, Side.COUNTING)
    with full_demo_db.uow() as uow:
        for serial, marks in enumerate(papers[:14], start=1):
            voting.record_entry(uow, round_id, people[Side.SECRETARIAT], serial, marks)
        voting.record_entry(uow, round_id, people[Side.SECRETARIAT], 18, papers[14])  # the slip
        voting.record_entry(uow, round_id, people[Side.SECRETARIAT], 15, papers[14])  # the paper, put right
    secretariat = (people[Side.SECRETARIAT], SECRETARIAT_PIN)
    counting = (people[Side.COUNTING], COUNTING_PIN)
    with full_demo_db.uow() as uow:
        with pytest.raises(KnownError, match="entered by one side only"):
            voting.strike_out(uow, round_id, 15, "not in the box", secretariat, counting)  # 015 agrees: no
        with pytest.raises(ValidationError):
            voting.strike_out(uow, round_id, 18, " ", secretariat, counting)  # a reason is required
        with pytest.raises(KnownError):
            voting.strike_out(uow, round_id, 18, "015 was meant", secretariat, secretariat)  # one of each side
        assert voting.get_round(uow, round_id).reconciliation.single == ((18, Side.SECRETARIAT),)
    with full_demo_db.uow() as uow:
        voting.strike_out(uow, round_id, 18, "015 was meant", secretariat, counting)
    with full_demo_db.uow() as uow:
        view = voting.get_round(uow, round_id)
        assert view.reconciliation.complete and view.reconciliation.struck == {18}
        # the struck serial is no paper entered: the side's list and count leave it out
        assert view.entered[Side.SECRETARIAT] == 15
        assert 18 not in {serial for serial, _m in voting.own_entries(uow, round_id, Side.SECRETARIAT)}
        assert len(view.reconciliation.agreed) == 15 and 18 not in view.reconciliation.agreed
        with pytest.raises(KnownError, match="struck out"):  # nobody enters it again behind the strike-out
            voting.record_entry(uow, round_id, people[Side.COUNTING], 18, (1,))
    with full_demo_db.uow() as uow:
        result = voting.close_round(uow, round_id, PaperCounts(issued=15, returned=15, unused=5))
        protocol = printing.vote_protocol(uow, round_id, "en")
    assert result.ballots.total == 15
    struck = [s for s in protocol.settlements if s.serial == "018"]
    assert len(struck) == 1 and struck[0].marks is None and struck[0].note == "015 was meant"
    # the export records the strike-out, and an observer's recount agrees
    with full_demo_db.uow() as uow:
        exported = export.export_record(uow, full_demo_db.document_store(), competition_id)
    report = verify_record(exported)
    assert report.ok, report.failures
    assert report.ballots == 15


def test_wrong_secrets_lock_an_account_out_wherever_it_is_asked(full_demo_db: Database, clock: FixedClock) -> None:
    """Five wrong secrets in a row, at the station's sign-in or in a settlement: the account is refused for a while,
    the right secret too — also from another dialog, and after the app is started again (the count is stored)."""
    round_id = open_session(full_demo_db)
    _enter_first_round_with_a_slip(full_demo_db, round_id)
    people = entrants(full_demo_db, round_id)
    wrong = "000000"
    for _attempt in range(2):  # wrong at the sign-in twice: counted
        with full_demo_db.uow() as uow, pytest.raises(KnownError, match="is not right"):
            voting.unlock(uow, round_id, people[Side.COUNTING], wrong)
    secretariat = (people[Side.SECRETARIAT], SECRETARIAT_PIN)
    for _attempt in range(2):  # and twice in the settle dialog: the same count
        with full_demo_db.uow() as uow, pytest.raises(KnownError, match="is not right"):
            voting.settle(uow, round_id, 7, (1,), "", secretariat, (people[Side.COUNTING], wrong))
    with full_demo_db.uow() as uow, pytest.raises(SignInLocked, match="Too many failed sign-ins"):
        voting.unlock(uow, round_id, people[Side.COUNTING], wrong)
    with full_demo_db.uow() as uow, pytest.raises(SignInLocked):
        voting.settle(uow, round_id, 7, (1,), "", secretariat, (people[Side.COUNTING], COUNTING_PIN))
    with full_demo_db.uow() as uow:
        voting.unlock(uow, round_id, people[Side.SECRETARIAT], SECRETARIAT_PIN)  # the other person is not held up
    clock.advance(SIGN_IN_LOCK - dt.timedelta(seconds=1))
    with full_demo_db.uow() as uow, pytest.raises(SignInLocked, match="try again in 1 second"):
        voting.unlock(uow, round_id, people[Side.COUNTING], COUNTING_PIN)
    clock.advance(dt.timedelta(seconds=1))  # the minute is over
    with full_demo_db.uow() as uow:
        voting.unlock(uow, round_id, people[Side.COUNTING], COUNTING_PIN)


def test_a_record_written_before_the_reserve_kept_the_skipped_still_verifies(full_demo_db: Database) -> None:
    """Until 2026-11-23 the app left the candidates skipped for a rule out of the reserve and wrote no "skipped":
    such a record is still faithful (the same ballots give it), and a reserve cut any other way is still named."""
    round_id = open_session(full_demo_db)
    papers = ballots_from_counts({1: 15, 12: 15, 2: 13, 3: 12, 4: 11, 6: 10, 9: 9, 7: 8, 8: 7, 5: 2}, 15)
    enter_all(full_demo_db, round_id, papers, Side.SECRETARIAT)
    enter_all(full_demo_db, round_id, papers, Side.COUNTING)
    with full_demo_db.uow() as uow:
        voting.close_round(uow, round_id, FIFTEEN)
        competition_id = voting.get_round(uow, round_id).competition_id
        runoff_id = voting.current_round(uow, competition_id)
    assert runoff_id is not None
    second = [(2,)] * 9 + [(1,)] * 6
    enter_all(full_demo_db, runoff_id, second, Side.SECRETARIAT)
    enter_all(full_demo_db, runoff_id, second, Side.COUNTING)
    with full_demo_db.uow() as uow:
        voting.close_round(uow, runoff_id, FIFTEEN)
        written = record.election_record(uow, competition_id, frozen=False)
    skipped = {s["id"] for s in written["outcome"]["skipped"]}
    assert skipped and skipped <= set(written["outcome"]["reserve"])

    def failures(rec: dict[str, object]) -> list[str]:
        checker = verify._Checker()
        checker._check_outcome(rec)  # type: ignore[arg-type]
        return [f.detail for f in checker.failures]

    assert failures(written) == []
    earlier = copy.deepcopy(written)
    del earlier["outcome"]["skipped"]
    earlier["outcome"]["reserve"] = [c for c in written["outcome"]["reserve"] if c not in skipped]
    assert failures(earlier) == []
    forged = copy.deepcopy(earlier)
    forged["outcome"]["reserve"] = forged["outcome"]["reserve"][1:]
    assert failures(forged) and "reserve" in failures(forged)[0]


def test_a_runoff_prints_as_many_papers_as_the_first_round_spares_included(full_demo_db: Database) -> None:
    with full_demo_db.uow() as uow:
        competition_id = screened_competition(uow)
        draft = dataclasses.replace(session_draft(uow, competition_id), papers=20)
        round_id = voting.open_session(uow, competition_id, draft)
    papers = ballots_from_counts(FIRST_ROUND, 15)  # a tie for the last seat
    enter_all(full_demo_db, round_id, papers, Side.SECRETARIAT)
    enter_all(full_demo_db, round_id, papers, Side.COUNTING)
    with full_demo_db.uow() as uow:
        voting.close_round(uow, round_id, PaperCounts(issued=15, returned=15, unused=5))
        runoff_id = voting.current_round(uow, competition_id)
        assert runoff_id is not None and runoff_id != round_id
        assert voting.get_round(uow, runoff_id).papers_printed == 20
