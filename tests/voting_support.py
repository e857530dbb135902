"""Shared by the vote's service, CLI and GUI tests: a session on the demo's screened competition, and ballots."""

from __future__ import annotations

from sqlalchemy import select

from osgo_desktop.domain.protocol_facts import ProtocolFactsDraft
from osgo_desktop.domain.record import ProtocolKind
from osgo_desktop.domain.voting import Side
from osgo_desktop.services import demo, protocol_facts, voting
from osgo_desktop.services.voting import SessionDraft
from osgo_desktop.storage import models
from osgo_desktop.storage.uow import Database, UnitOfWork

SECRETARIAT_PIN = demo.DEMO_SECRETARIAT_PIN
COUNTING_PIN = demo.DEMO_COUNTING_PIN


def screened_competition(uow: UnitOfWork) -> int:
    return uow.session.scalars(select(models.Competition.id).where(models.Competition.number == "2026/04")).one()


def session_draft(uow: UnitOfWork, competition_id: int, present: int = 15) -> SessionDraft:
    return demo.demo_session(uow, competition_id, present)


def open_session(db: Database) -> int:
    with db.uow() as uow:
        competition_id = screened_competition(uow)
        return voting.open_session(uow, competition_id, session_draft(uow, competition_id))


ballots_from_counts = demo.papers_from_votes
#: 15 papers for the demo's 12 candidates and 7 seats: six clear winners, then Ногойбаева (7) and Өмөрова (8)
#: tied for the last seat
FIRST_ROUND = demo.FIRST_ROUND_VOTES


def entrants(db: Database, round_id: int) -> dict[Side, int]:
    with db.uow() as uow:
        view = voting.get_round(uow, round_id)
    return {e.side: e.id for e in view.session.entrants}


def enter_all(db: Database, round_id: int, papers: list[tuple[int, ...]], side: Side) -> None:
    with db.uow() as uow:
        demo.enter_papers(uow, round_id, side, papers)


def record_decision_facts(db: Database, competition_id: int) -> None:
    """What the decision on the composition needs before it is issued: the formation date (the day of the vote)
    and the Commission's vote on it."""
    with db.uow() as uow:
        context = protocol_facts.facts_context(uow, competition_id, ProtocolKind.DECISION)
        protocol_facts.record_protocol_facts(
            uow,
            competition_id,
            ProtocolKind.DECISION,
            0,
            ProtocolFactsDraft(formation_date=context.session_date, votes_for=15, votes_against=0, votes_abstained=0),
        )
