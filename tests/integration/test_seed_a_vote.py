"""Seed A made lawful: a Commission competition votes by a roll taken from the data — its admitted candidates, or
one delegate per nominating association — ticked present, printed and signed; and a member's declared conflict of
interest keeps them from a ballot carrying that candidate (a council's vote)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from sqlalchemy import select

from osgo_desktop.domain.numwords import in_words
from osgo_desktop.domain.profile import VoterRoll
from osgo_desktop.domain.voting import Side
from osgo_desktop.errors import KnownError, ValidationError
from osgo_desktop.i18n import Translator
from osgo_desktop.reports.vote import vote_protocol_pdf
from osgo_desktop.services import demo, printing, voting
from osgo_desktop.services.voting import PaperCounts
from osgo_desktop.storage import models
from osgo_desktop.storage.uow import Database
from tests.conftest import TODAY
from tests.integration.test_vote_protocols import lines_of, pages_of
from tests.seed_a_support import (
    ASSOCIATIONS,
    CANDIDATES,
    enter_both_sides,
    screened_commission_competition,
    seed_a_draft,
)
from tests.voting_support import ballots_from_counts, screened_competition, session_draft

LANGS = ("ky", "ru")


def full_name(index: int) -> str:
    surname, name, patronymic, _sex, _born = CANDIDATES[index]
    return f"{surname} {name} {patronymic}"


def protocol_text(db: Database, round_id: int, lang: str, tmp_path: Path) -> tuple[str, list[str]]:
    with db.uow() as uow:
        pdf = vote_protocol_pdf(printing.vote_protocol(uow, round_id, lang), lang, TODAY)
    return " ".join(pages_of(pdf, tmp_path)), lines_of(pdf, tmp_path)


def test_a_whole_seed_a_vote_by_the_candidates_present(full_demo_db: Database, tmp_path: Path) -> None:
    db = full_demo_db
    with db.uow() as uow:
        competition_id = screened_commission_competition(uow, db.document_store())
    with db.uow() as uow:
        setup = voting.session_setup(uow, competition_id)
    # the roll is the admitted candidates, in Kyrgyz alphabetical order, nobody typed
    assert setup.voter_roll is VoterRoll.CANDIDATES
    assert [p.name for p in setup.roll] == [full_name(i) for i in range(5)]
    # Mickey Mouse cannot get on the roll: a line is an admitted candidate's, and there is no delegate here
    with db.uow() as uow:
        draft = seed_a_draft(uow, competition_id)
    for stranger in (
        dataclasses.replace(draft, roll_present=(*draft.roll_present, 999_999)),
        dataclasses.replace(draft, delegates=(voting.DelegateDraft(1, "Mickey Mouse"),)),
    ):
        with db.uow() as uow, pytest.raises(ValidationError) as refused:
            voting.open_session(uow, competition_id, stranger)
        assert set(refused.value.errors) == {"voters"}
    # Осмонов (the fourth) is absent: ticked off; one spare paper printed
    with db.uow() as uow:
        round_id = voting.open_session(uow, competition_id, seed_a_draft(uow, competition_id, absent=(3,), papers=5))
    with db.uow() as uow:
        view = voting.get_round(uow, round_id)
        voters = uow.session.query(models.Voter).filter_by(session_id=view.session.id).order_by(models.Voter.number)
        rows = [(v.name, v.present, v.application_id is not None) for v in voters]
    assert rows == [(full_name(i), i != 3, True) for i in range(5)]
    assert view.voters == tuple(full_name(i) for i in (0, 1, 2, 4)) and view.ballots_expected == 4
    assert view.papers_printed == 5
    # four papers, entered twice: candidates 1, 2 and 5 (in the paper's numbers) get 4, 3 and 2 votes
    papers = ballots_from_counts({1: 4, 2: 3, 5: 2, 3: 1}, 4)
    with db.uow() as uow:
        enter_both_sides(uow, round_id, papers)
    # one voter, one ballot: five papers issued to four voters present are refused
    with db.uow() as uow, pytest.raises(KnownError, match="one voter, one ballot"):
        voting.close_round(uow, round_id, PaperCounts(5, 4, 0))
    with db.uow() as uow:
        result = voting.close_round(uow, round_id, PaperCounts(4, 4, 1))
    assert result.ballots.valid == 4
    assert len(result.elected) == 3
    for lang in LANGS:
        t = Translator(lang)
        text, lines = protocol_text(db, round_id, lang, tmp_path)
        heading = t.gettext("Voter roll: {present} present of {total}").format(present="4", total="5")
        assert heading.split(":")[0] in text and "5 (" in text
        absent = t.gettext("absent")
        # every line of the roll: a place to sign for those present, "absent" for the one who was not
        for index in range(5):
            line = next(line for line in lines if full_name(index) in line and "/" in line)
            assert line.startswith(f"{index + 1} {full_name(index)}"), line
            assert line.endswith(absent) == (index == 3), line
        # line 1 of the count: the voters present with a right to a ballot (the label may wrap under itself)
        label = t.gettext("Voters with a right to a ballot")
        first_line = next(line for line in lines if line.startswith(f"1 {' '.join(label.split()[:3])}"))
        assert first_line.endswith(f"4 {in_words(4, lang)}"), first_line
        assert t.gettext("DOES NOT HOLD") not in text


def test_a_seed_a_vote_by_the_associations_delegates(full_demo_db: Database, tmp_path: Path) -> None:
    db = full_demo_db
    with db.uow() as uow:
        competition_id = screened_commission_competition(uow, db.document_store(), roll=VoterRoll.DELEGATES)
        setup = voting.session_setup(uow, competition_id)
    assert setup.voter_roll is VoterRoll.DELEGATES
    assert [p.name for p in setup.roll] == [ky for ky, _ru in ASSOCIATIONS]
    delegates = {i: f"Делегатов Делегат {i}" for i in range(5)}
    with db.uow() as uow:
        unnamed = seed_a_draft(uow, competition_id, delegates={**delegates, 2: " "})
    with db.uow() as uow, pytest.raises(ValidationError) as refused:
        voting.open_session(uow, competition_id, unnamed)
    assert refused.value.errors["voters"] == f"Enter the name of the delegate of {ASSOCIATIONS[2][0]}."
    with db.uow() as uow:
        round_id = voting.open_session(
            uow, competition_id, seed_a_draft(uow, competition_id, absent=(4,), delegates=delegates)
        )
        view = voting.get_round(uow, round_id)
    assert view.voters == tuple(delegates[i] for i in range(4))
    with db.uow() as uow:
        enter_both_sides(uow, round_id, ballots_from_counts({1: 4, 2: 3, 3: 2}, 4))
        voting.close_round(uow, round_id, PaperCounts(4, 4, 0))
    for lang, column in (("ky", 0), ("ru", 1)):
        text, lines = protocol_text(db, round_id, lang, tmp_path)
        for index in range(4):
            assert delegates[index] in text
        # the association printed in the paper's language beside its delegate
        assert ASSOCIATIONS[0][column].split()[0] in text
        # the absent association's line: no delegate, "absent" where the signature goes
        absent = Translator(lang).gettext("absent")
        assert any(line.startswith("5 — ") and line.endswith(absent) for line in lines), lines


def test_a_member_with_a_declared_conflict_takes_no_ballot_on_that_candidate(
    full_demo_db: Database, tmp_path: Path
) -> None:
    """The demo's council competition: a member declared a conflict towards the first candidate, who is elected
    in round 1; the member is present (the quorum counts them) but takes no ballot in round 1, and takes one in
    the runoff between two others."""
    db = full_demo_db
    with db.uow() as uow:
        competition_id = screened_competition(uow)
        setup = voting.session_setup(uow, competition_id)
        member = setup.members[4]
        first = setup.candidates[0]
        uow.session.add(models.ConflictOfInterest(application_id=first.id, member_id=member.id, reason="Бир тууганы"))
        # declared before the screening: the candidate's verdicts were taken without the member (a conflict declared
        # after them would set them aside for review, and the candidate would not be on the paper)
        for verdict in uow.session.scalars(
            select(models.ScreeningVerdict).where(models.ScreeningVerdict.application_id == first.id)
        ):
            verdict.deciders = [m.id for m in setup.members if m.id != member.id]
        uow.commit()
    with db.uow() as uow:
        setup = voting.session_setup(uow, competition_id)
        assert [(c.member, c.candidate) for c in setup.conflicts] == [(member.name, first.name)]
        # fifteen present for the quorum, fourteen papers: one for each voter with a ballot
        draft = dataclasses.replace(session_draft(uow, competition_id), papers=15)
        round_id = voting.open_session(uow, competition_id, draft)
        view = voting.get_round(uow, round_id)
    assert len(view.session.present) == 15 and len(view.voters) == 14 and member.name not in view.voters
    assert [c.member for c in view.stood_aside] == [member.name]
    votes = {**demo.FIRST_ROUND_VOTES, 1: 14}  # fourteen papers; Ногойбаева (7) and Өмөрова (8) tie again
    with db.uow() as uow:
        enter_both_sides(uow, round_id, ballots_from_counts(votes, 14))
    with db.uow() as uow, pytest.raises(KnownError, match="one voter, one ballot"):
        voting.close_round(uow, round_id, PaperCounts(15, 14, 0))
    with db.uow() as uow:
        voting.close_round(uow, round_id, PaperCounts(14, 14, 1))
        runoff = voting.get_round(uow, voting.current_round(uow, competition_id) or 0)
    # the runoff's paper does not carry the candidate: the member takes a ballot again
    assert runoff.runoff and first.id not in {c.application_id for c in runoff.candidates}
    assert len(runoff.voters) == 15 and runoff.stood_aside == ()
    with db.uow() as uow:
        entrant = {e.side: e.id for e in runoff.session.entrants}
        for side in Side:
            for serial, marks in enumerate(ballots_from_counts({1: 10, 2: 5}, 15), start=1):
                voting.record_entry(uow, runoff.id, entrant[side], serial, marks)
        voting.close_round(uow, runoff.id, PaperCounts(15, 15, 0))
    for lang in LANGS:
        heading = Translator(lang).gettext("Members present who took no ballot ({count})").format(count=1)
        text, _lines = protocol_text(db, round_id, lang, tmp_path)
        assert " ".join(heading.split()) in text
        assert member.name in text and "Бир тууганы" in text
        runoff_text, _lines = protocol_text(db, runoff.id, lang, tmp_path)
        assert " ".join(heading.split()) not in runoff_text and "Бир тууганы" not in runoff_text
