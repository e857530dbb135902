"""What a round's result says of each candidate, and the competition's result over its runoffs."""

from __future__ import annotations

import json

from osgo_desktop.domain.tally import load_tally_json, tally
from osgo_desktop.domain.voting import combine, standings
from tests.unit.test_tally import cand, single_mark_ballots

# 3 seats. А leads; Б and В tie for one seat (one organisation), so one seat is left under the tie for Г;
# Д is below the minimum of votes.
ROUND_ONE = {
    "seats": 3,
    "max_marks": 1,
    "one_per_organization": True,
    "min_votes": 1,
    "candidates": [cand("a", "А"), cand("b", "Б", org="X"), cand("c", "В", org="X"), cand("d", "Г"), cand("e", "Д")],
    "ballots": single_mark_ballots({"a": 5, "b": 3, "c": 3, "d": 2}),
}


def test_below_a_tie_that_leaves_seats_nothing_is_decided_yet() -> None:
    result = tally(load_tally_json(json.dumps(ROUND_ONE)))
    assert result.tie is not None and result.tie.seats == 1
    assert result.reserve == ("d",)  # the contract's reserve
    # ... but Г's seat waits for the runoff: the protocol must not call Г a reserve candidate
    assert standings(result, 3) == {"a": "elected", "b": "tie", "c": "tie", "d": "pending"}


def test_below_a_tie_for_the_last_seats_the_reserve_is_the_reserve() -> None:
    doc = {**ROUND_ONE, "seats": 2}
    result = tally(load_tally_json(json.dumps(doc)))
    assert result.tie is not None and standings(result, 2)["d"] == "reserve"


def test_the_runoffs_loser_is_passed_over_and_stays_in_the_reserve() -> None:
    first = load_tally_json(json.dumps(ROUND_ONE))
    runoff = load_tally_json(
        json.dumps(
            {
                "seats": 1,
                "max_marks": 1,
                "one_per_organization": True,
                "already_elected": ["a"],
                "candidates": ROUND_ONE["candidates"][:3],
                "ballots": single_mark_ballots({"b": 1, "c": 4}),
            }
        )
    )
    outcome = combine(first, [tally(runoff)])
    assert outcome.elected == ("a", "c", "d") and not outcome.tie
    assert [(s.id, s.reason) for s in outcome.skipped] == [("b", "organization")]
    assert outcome.reserve == ("b",)  # Д has no vote: below the minimum, in no list
    assert standings(tally(runoff), 1) == {"c": "elected", "b": "reserve"}


def test_a_candidate_passed_over_for_a_rule_stands_in_the_reserve() -> None:
    doc = {
        "seats": 2,
        "max_marks": 1,
        "one_per_organization": True,
        "min_votes": 2,
        "candidates": [cand("a", "А", org="X"), cand("b", "Б", org="X"), cand("c", "В"), cand("d", "Г")],
        "ballots": single_mark_ballots({"a": 5, "b": 4, "c": 3, "d": 1}),
    }
    result = tally(load_tally_json(json.dumps(doc)))
    assert [(s.id, s.reason) for s in result.skipped] == [("b", "organization")]
    # the ranking's "Reserve" rows are the reserve list; Г, below the minimum, is neither
    assert standings(result, 2) == {"a": "elected", "b": "reserve", "c": "elected"}
    assert result.reserve == ("b",)


def test_the_runoff_orders_its_losers_in_the_reserve_not_the_alphabet() -> None:
    three = [cand("a", "Асан"), cand("b", "Бакыт"), cand("c", "Гүл"), cand("d", "Дилбар")]
    first = load_tally_json(
        json.dumps(
            {
                "seats": 1,
                "max_marks": 1,
                "candidates": three,
                "ballots": single_mark_ballots({"a": 3, "b": 3, "c": 3, "d": 1}),
            }
        )
    )
    assert tally(first).tie is not None
    runoff = load_tally_json(
        json.dumps(
            {
                "seats": 1,
                "max_marks": 1,
                "candidates": three[:3],
                "ballots": single_mark_ballots({"c": 5, "b": 3, "a": 1}),
            }
        )
    )
    outcome = combine(first, [tally(runoff)])
    assert outcome.elected == ("c",)
    assert outcome.reserve == ("b", "a", "d")  # Бакыт beat Асан in the runoff; Дилбар had fewer votes in round 1


def test_lots_order_the_elected_the_ranking_and_the_reserve_of_the_competition() -> None:
    """Six candidates tie for three seats in round 1 and again in the runoff; the drawn order then decides who is
    elected, in which order, the place after the draw of each, and the reserve's order."""
    six = [
        cand(c, name) for c, name in zip("abcdef", ["Асан", "Бакыт", "Гүл", "Дилбар", "Жыпар", "Зарина"], strict=True)
    ]
    first = load_tally_json(
        json.dumps({"seats": 3, "max_marks": 3, "candidates": six, "ballots": single_mark_ballots({})})
    )
    assert tally(first).tie is not None
    runoff = {"seats": 3, "max_marks": 3, "candidates": six, "ballots": []}
    assert tally(load_tally_json(json.dumps(runoff))).tie is not None
    drawn = ["e", "b", "f", "a", "d", "c"]
    settled = tally(load_tally_json(json.dumps({**runoff, "lot_order": drawn})))
    assert settled.lots_used
    assert settled.elected == ("e", "b", "f")  # in the drawn order, not the alphabet
    assert [(row.id, row.rank, row.place) for row in sorted(settled.tally, key=lambda row: row.place)] == [
        (cid, 1, place) for place, cid in enumerate(drawn, start=1)
    ]
    assert settled.reserve == ("a", "d", "c")
    outcome = combine(first, [settled])
    assert outcome.elected == ("e", "b", "f")
    assert outcome.reserve == ("a", "d", "c")


def test_with_no_runoff_the_outcome_is_the_first_rounds_own_count() -> None:
    """``combine(..., counted=)``: a caller that has counted the first round (``osgo verify``) is not made to count it
    again; the outcome is the same as counted by combine itself, a tie pending or not."""
    for doc in (ROUND_ONE, {**ROUND_ONE, "seats": 2}, {**ROUND_ONE, "min_votes": 0, "one_per_organization": False}):
        first = load_tally_json(json.dumps(doc))
        assert combine(first, [], tally(first)) == combine(first, [])
