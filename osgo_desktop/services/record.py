"""The election record of a competition: documented JSON (docs/record.md) with what a check needs and no more.

Personal data is kept to what checking the result needs: a candidate's name, sex (the cap on one sex) and
organisation (one per organisation) — no PIN, birth date, address or contacts. Texts are language-independent
codes (criteria, reasons), dates ISO 8601, moments UTC.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from osgo_desktop.domain import record as rules
from osgo_desktop.domain.eligibility import ScreeningStatus
from osgo_desktop.domain.record import ProtocolKind
from osgo_desktop.domain.voting import RoundState, outcome_to_json
from osgo_desktop.services import applications, voting
from osgo_desktop.services import screening as screening_session
from osgo_desktop.services.protocol_facts import all_protocol_facts
from osgo_desktop.storage import models
from osgo_desktop.storage.uow import UnitOfWork


def _moment(value: dt.datetime | None) -> str | None:
    return None if value is None else value.replace(microsecond=0).isoformat() + "Z"


def _date(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def election_record(uow: UnitOfWork, competition_id: int, frozen: bool = True) -> dict[str, Any]:
    """Everything the protocols are made from. ``osgo export`` adds the protocols' list and the audit chain.

    A closed competition's record is the one frozen at the close (``frozen=False``: as the data reads now)."""
    competition = uow.competitions.require(competition_id)
    amendments = _amendments(uow, competition_id)
    if competition.closed_record is not None and frozen:
        return {**competition.closed_record, "amendments": amendments}  # the only thing that may follow the close
    body = competition.body
    grid = applications.screening_grid(uow, competition_id)
    by_id = {
        a.id: a
        for a in uow.session.scalars(
            select(models.Application).where(models.Application.competition_id == competition_id)
        )
    }
    candidates = []
    screening = []
    for row in grid.rows:
        app = by_id[row.application.id]
        admitted = row.decision.status is ScreeningStatus.ADMITTED
        organization = voting.candidate_organization_name(competition, app)
        candidates.append(
            {
                "id": row.application.display_number,
                "name": row.application.full_name,
                "sex": row.application.sex.value,
                "organization": organization.ky if organization is not None else None,
                # what the Russian papers print ("" while not entered): a part of the protocols' basis like the rest
                "organization_ru": organization.ru if organization is not None else None,
                "admitted": admitted,
            }
        )
        screening.append(
            {
                "application": row.application.display_number,
                "status": row.decision.status.value,
                "failed": list(row.decision.failed),
                "late": app.late,
                "withdrawn": app.withdrawn_at is not None,
                "verdicts": [
                    {
                        "criterion": v.criterion,
                        "passed": v.passed,
                        "note": v.note,
                        "decided_by": v.decided_by,
                        "at": _moment(v.decided_at),
                        # the members who took it (issue 13), only when recorded: an older record keeps its text
                        **(
                            {"deciders": screening_session.member_names(uow, v.deciders)}
                            if v.deciders is not None
                            else {}
                        ),
                    }
                    for v in app.verdicts
                ],
            }
        )
    conflicts = [
        {"member": c.member_name, "application": c.display_number, "reason": c.reason}
        for c in applications.list_conflicts(uow, competition_id)
    ]
    rounds = [_round(uow, round_id) for round_id in voting.round_ids(uow, competition_id)]
    sessions: dict[int, dict[str, Any]] = {}
    for round_id in voting.round_ids(uow, competition_id):
        session = voting.get_round(uow, round_id).session
        sessions.setdefault(session.id, _session(session))
    outcome = voting.outcome(uow, competition_id)
    return {
        "format": rules.RECORD_FORMAT,
        "competition": {
            "number": competition.number,
            "kind": competition.kind,
            "variant": competition.variant,
            "body": None if body is None else {"ky": body.name_ky, "ru": body.name_ru, "en": body.name_en},
            "seats": competition.seats,
            "term_years": competition.term_years,
            "publication_date": _date(competition.publication_date),
            "media_outlet": competition.media_outlet,
            "media_outlet_ru": competition.media_outlet_ru,
            "state": competition.state,
            "events": [
                {"at": _moment(e.at), "from": e.from_state, "to": e.to_state, "note": e.note}
                for e in competition.events
            ],
        },
        "profile": competition.profile_data,
        "candidates": candidates,
        "screening": screening,
        "conflicts": conflicts,
        "screening_session": _screening_session(screening_session.get_screening_session(uow, competition_id)),
        "sessions": list(sessions.values()),
        "rounds": rounds,
        "outcome": outcome_to_json(outcome),
        # issue 12 (decision helper): what the secretariat entered for each protocol, part of its basis
        "protocol_facts": _protocol_facts(uow, competition_id),
        "amendments": amendments,
    }


def _protocol_facts(uow: UnitOfWork, competition_id: int) -> list[dict[str, Any]]:
    """The facts entered for each protocol (``services.protocol_facts``); protocols with none are not listed."""
    return [
        {
            "protocol": kind.value,
            "round": round_number,
            "vote_began": facts.vote_began,
            "vote_ended": facts.vote_ended,
            "count_began": facts.count_began,
            "count_ended": facts.count_ended,
            "objections": facts.objections,
            "dissent": facts.dissent,
            "formation_date": _date(facts.formation_date),
            "votes": {"for": facts.votes_for, "against": facts.votes_against, "abstained": facts.votes_abstained},
        }
        for kind, round_number, facts in all_protocol_facts(uow, competition_id)
    ]


def _amendments(uow: UnitOfWork, competition_id: int) -> list[dict[str, Any]]:
    rows = uow.session.execute(
        select(models.Amendment, models.Protocol)
        .join(models.Protocol, models.Amendment.protocol_id == models.Protocol.id)
        .where(models.Amendment.competition_id == competition_id)
        .order_by(models.Amendment.id)
    )
    return [
        {
            "protocol": protocol.kind,
            "round": protocol.round_number,
            "reason": a.reason,
            "correction": a.correction,
            "made_by": a.made_by,
            "at": _moment(a.made_at),
        }
        for a, protocol in rows
    ]


def freeze(uow: UnitOfWork, competition_id: int) -> None:
    """Keep the record as it stands: called when the signed copy closes the competition."""
    competition = uow.competitions.require(competition_id)
    competition.closed_record = election_record(uow, competition_id)


def _screening_session(s: screening_session.ScreeningSessionView | None) -> dict[str, Any] | None:
    """The screening session as its protocol prints it (issue 12): part of the screening protocol's basis."""
    if s is None:
        return None
    return {
        "held_on": _date(s.held_on),
        "place": s.place,
        "place_ru": s.place_ru,
        "start_time": s.start_time,
        "end_time": s.end_time,
        "members_total": s.members_total,
        "quorum": s.quorum,
        "present": list(s.present),
        "absent": list(s.absent),
        "chair": s.chair,
        "secretary": s.secretary,
    }


def _session(s: voting.SessionView) -> dict[str, Any]:
    return {
        "id": s.id,
        "held_on": _date(s.held_on),
        "place": s.place,
        "place_ru": s.place_ru,
        "start_time": s.start_time,
        "mode": s.mode.value,
        "members_total": s.members_total,
        "quorum": s.quorum,
        "present": list(s.present),
        "chair": s.chair,
        "secretary": s.secretary,
        "counting_present": list(s.counting_present),
        "voters": list(s.voters),
        "entrants": [{"name": e.name, "side": e.side.value} for e in s.entrants],
    }


def _round(uow: UnitOfWork, round_id: int) -> dict[str, Any]:
    view = voting.get_round(uow, round_id)
    ids = {c.number: c.tally_id for c in view.candidates}
    entrants = {e.id: e.name for e in view.session.entrants}
    entries = uow.session.scalars(
        select(models.BallotEntry).where(models.BallotEntry.round_id == round_id).order_by(models.BallotEntry.id)
    )
    row = uow.rounds.require(round_id)
    return {
        "number": view.number,
        "session": view.session.id,
        "runoff": view.runoff,
        "state": RoundState.OPEN if view.open else RoundState.CLOSED,
        "candidates": [{"number": c.number, "id": c.tally_id} for c in view.candidates],
        "papers": {
            "printed": view.papers_printed,
            "issued": view.papers_issued,
            "returned": view.papers_returned,
            "unused": view.papers_unused,
        },
        "entries": [
            {
                "serial": voting.paper_serial(e.serial),
                "side": e.side,
                "entrant": entrants.get(e.entrant_id, ""),
                "marks": [ids[m] for m in e.marks],
                "at": _moment(e.entered_at),
            }
            for e in entries
        ],
        "settlements": [
            {
                "serial": voting.paper_serial(s.serial),
                # null: struck out, no such paper was in the ballot box
                "marks": None if s.marks is None else [ids[m] for m in s.marks],
                "note": s.note,
                "secretariat": s.secretariat,
                "counting": s.counting,
                "at": _moment(s.settled_at),
            }
            for s in view.settlements
        ],
        "lots": {"order": list(view.lot_order), "entered_by": view.lots_by, "note": view.lots_note}
        if view.lot_order
        else None,
        "input": voting.tally_input(uow, round_id),
        "result": row.result_json,
    }


def fingerprint(uow: UnitOfWork, competition_id: int, kind: ProtocolKind, round_number: int = 0) -> str:
    """The fingerprint a protocol prints: of its basis in the competition's record as it stands now."""
    return rules.protocol_fingerprint(election_record(uow, competition_id), kind, round_number)
