"""The round in the tally's input format (one builder for closing, exporting and recounting), and the outcome
of the closed rounds."""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any

from osgo_desktop.domain import lifecycle, tally, voting
from osgo_desktop.domain.voting import RoundState, paper_serial
from osgo_desktop.services import compositions
from osgo_desktop.services.applications import display_number
from osgo_desktop.services.voting._common import (
    _name,
    _parameters,
    _reconcile,
    _round,
    _rounds,
)
from osgo_desktop.services.voting.views import _candidate_view
from osgo_desktop.storage import models
from osgo_desktop.storage.uow import UnitOfWork


def tally_input(uow: UnitOfWork, round_id: int) -> dict[str, Any]:
    """The round in the ``osgo tally`` input format, with its agreed ballots (the stored input once closed).

    The candidates the cross-cutting rules keep from a seat (another council, the Commission) go in as ``excluded``
    with their reasons, as the compositions and the other competitions say now (:func:`cross_exclusions`): closing the
    round stores them with its input, so that anyone who recounts sees who was kept from a seat and why."""
    row = _round(uow, round_id)
    if row.input_json is not None:
        return copy.deepcopy(row.input_json)  # the caller's to change, not the stored one
    competition = uow.competitions.require(row.competition_id)
    candidates = [_candidate_view(competition, rc) for rc in row.candidates]
    by_number = {c.number: c.tally_id for c in candidates}
    agreed = _reconcile(uow, round_id).agreed
    data: dict[str, Any] = {
        **_parameters(row).as_input(),
        "already_elected": list(row.already_elected),
        "lot_order": list(row.lot_order),
        "candidates": [
            {"id": c.tally_id, "name": c.name, "sex": c.sex, "organization": c.organization} for c in candidates
        ],
        "ballots": [
            {"serial": paper_serial(serial), "marks": [by_number[m] for m in marks]}
            for serial, marks in sorted(agreed.items())
        ],
    }
    # The already elected take part in the constraints: the engine needs them among its candidates.
    for elected in _already_elected_candidates(uow, row):
        data["candidates"].append(elected)
    staying = compositions.staying_members(uow, row.competition_id)
    if staying is not None and staying.sitting:  # a replacement: the members who stay count for the rules
        data["sitting"] = [dict(member) for member in staying.sitting]
    excluded = _round_exclusions(cross_exclusions(uow, row.competition_id), by_number.values(), row.already_elected)
    if excluded:  # absent when nobody is excluded: the input stays as it was before exclusions existed
        data["excluded"] = excluded
    return data


def cross_exclusions(uow: UnitOfWork, competition_id: int) -> list[dict[str, Any]]:
    """The competition's candidates that the cross-cutting rules keep from a seat: ``{"id", "reason", "detail"}``
    (docs/tally.md, "Exclusions"), from the compositions and the elections tallied elsewhere."""
    return list(compositions.cross_exclusions(uow, competition_id))


def _round_exclusions(
    exclusions: Iterable[Mapping[str, Any]], running: Iterable[str], already_elected: Iterable[str]
) -> list[dict[str, str]]:
    """The exclusions that concern this round's running candidates, each candidate once (the first given wins), in
    the order given: a runoff's ballot has only the tied candidates, and the already elected were seated earlier."""
    ids = set(running) - set(already_elected)
    out: dict[str, dict[str, str]] = {}
    for exclusion in exclusions:
        cid = exclusion["id"]
        if cid in ids and cid not in out:
            out[cid] = {"id": cid, "reason": str(exclusion["reason"]), "detail": str(exclusion.get("detail") or "")}
    return list(out.values())


def _already_elected_candidates(uow: UnitOfWork, row: models.VoteRound) -> list[dict[str, Any]]:
    ids = set(row.already_elected)
    if not ids:
        return []
    competition = uow.competitions.require(row.competition_id)
    out: list[dict[str, Any]] = []
    for earlier in _rounds(uow, row.competition_id):
        for rc in earlier.candidates:
            view = _candidate_view(competition, rc)
            if view.tally_id in ids and all(o["id"] != view.tally_id for o in out):
                out.append({"id": view.tally_id, "name": view.name, "sex": view.sex, "organization": view.organization})
    return out


def _closed_inputs(uow: UnitOfWork, competition_id: int) -> list[tally.TallyInput]:
    return [
        tally.parse_tally_input(r.input_json)
        for r in _rounds(uow, competition_id)
        if r.state is RoundState.CLOSED and r.input_json is not None
    ]


def outcome(uow: UnitOfWork, competition_id: int) -> voting.Outcome:
    """The competition's result over its closed rounds: the first round, its ties settled by the runoffs."""
    inputs = _closed_inputs(uow, competition_id)
    if not inputs:
        return voting.Outcome((), (), (), 0, 0)
    return voting.combine(inputs[0], [tally.tally(inp) for inp in inputs[1:]])


def candidate_names(uow: UnitOfWork, competition_id: int) -> dict[str, str]:
    """Every candidate of the competition's rounds: tally id → full name."""
    competition = uow.competitions.require(competition_id)
    return {
        display_number(competition.number, rc.application.number): _name(rc.application)
        for row in _rounds(uow, competition_id)
        for rc in row.candidates
    }


def with_vote_facts(
    uow: UnitOfWork, competition_id: int, facts: lifecycle.TransitionFacts
) -> lifecycle.TransitionFacts:
    """``facts`` with what the vote's guards look at: an open round, a tie not yet settled."""
    rounds = _rounds(uow, competition_id)
    open_round = any(r.state is RoundState.OPEN for r in rounds)
    tie = bool(rounds) and not open_round and bool(outcome(uow, competition_id).tie)
    return dataclasses.replace(facts, open_round=open_round, tie_pending=tie)
