"""Candidates the cross-cutting rules keep from a seat (the input's ``excluded``): counted and ranked like anyone,
never seated, never tied, never in the reserve, and skipped with the reason and its detail for anyone who recounts."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from osgo_desktop.domain.tally import (
    Candidate,
    Exclusion,
    TallyInput,
    TallyInputError,
    input_warnings,
    load_tally_json,
    parse_tally_input,
    result_to_json,
    tally,
)
from osgo_desktop.domain.voting import combine, outcome_to_json, standings
from tests.unit.test_tally import cand, run, single_mark_ballots

# 2 seats: Асан leads, but sits on another council; Бакыт and Гүл would tie for the last seat if Дина were not
# excluded too.
DOC: dict[str, Any] = {
    "seats": 2,
    "max_marks": 1,
    "min_votes": 1,
    "candidates": [cand("a", "Асан"), cand("b", "Бакыт"), cand("c", "Гүл"), cand("d", "Дина"), cand("e", "Эрмек")],
    "ballots": single_mark_ballots({"a": 9, "b": 5, "c": 4, "d": 4, "e": 1}),
}
OTHER_COUNCIL = {"id": "a", "reason": "other_council", "detail": "2026/05 — Ministry of Health"}


def test_an_excluded_candidate_is_counted_and_ranked_but_skipped_with_the_reason_and_detail() -> None:
    out = run({**DOC, "excluded": [OTHER_COUNCIL]})
    # the ballots marking them stay valid, and they keep their votes and rank
    assert out["ballots"] == {"total": 23, "valid": 23, "blank": 0, "invalid": 0}
    assert out["tally"][0] == {"id": "a", "votes": 9, "rank": 1}
    assert out["elected"] == ["b"]
    assert out["tie"] == {"candidates": ["c", "d"], "seats": 1}
    assert out["skipped"] == [OTHER_COUNCIL]
    assert "a" not in out["reserve"]


def test_an_excluded_candidate_never_enters_a_tie_group() -> None:
    excluded = [OTHER_COUNCIL, {"id": "d", "reason": "commission_member", "detail": ""}]
    out = run({**DOC, "excluded": excluded})
    assert out["elected"] == ["b", "c"]  # Гүл alone is left of the group of 4 votes: no tie
    assert out["tie"] is None and not out["lots_used"]
    assert out["skipped"] == [OTHER_COUNCIL, {"id": "d", "reason": "commission_member", "detail": ""}]
    assert out["reserve"] == ["e"]  # neither Асан nor Дина, whatever their votes
    assert [row["id"] for row in out["tally"]] == ["a", "b", "c", "d", "e"]


def test_an_excluded_candidate_is_skipped_even_where_the_walk_never_goes() -> None:
    # the seats run out at Бакыт; Эрмек, excluded, is listed all the same (the rule is the input's, not the walk's)
    doc = {**DOC, "seats": 1, "excluded": [{"id": "e", "reason": "already_on_commission", "detail": "to 2029-03-01"}]}
    out = run(doc)
    assert out["elected"] == ["a"]
    assert out["skipped"] == [{"id": "e", "reason": "already_on_commission", "detail": "to 2029-03-01"}]
    assert out["reserve"] == ["b", "c", "d"]


def test_an_excluded_candidate_below_min_votes_is_skipped_for_the_exclusion() -> None:
    doc = {**DOC, "seats": 5, "min_votes": 2, "excluded": [{"id": "e", "reason": "other_council", "detail": ""}]}
    out = run(doc)
    assert out["skipped"] == [{"id": "e", "reason": "other_council", "detail": ""}]
    assert out["vacant_seats"] == 1


def test_without_exclusions_the_output_is_as_before_and_rule_skips_have_no_detail() -> None:
    doc = {**DOC, "one_per_organization": True}
    doc["candidates"] = [cand("a", "Асан", org="X"), cand("b", "Бакыт", org="X"), *DOC["candidates"][2:]]
    plain = run(doc)
    assert plain == run({**doc, "excluded": []})
    assert plain["skipped"] == [{"id": "b", "reason": "organization"}]  # two keys, as stored results have them
    out = run({**doc, "excluded": [{"id": "c", "reason": "other_council", "detail": "x"}]})
    assert out["skipped"] == [
        {"id": "b", "reason": "organization"},
        {"id": "c", "reason": "other_council", "detail": "x"},
    ]


def test_the_detail_may_be_left_out_of_the_input() -> None:
    out = run({**DOC, "excluded": [{"id": "a", "reason": "other_council"}]})
    assert out["skipped"] == [{"id": "a", "reason": "other_council", "detail": ""}]


def test_the_examples_input_and_output_survive_a_json_round_trip() -> None:
    doc = {**DOC, "excluded": [OTHER_COUNCIL]}
    inp = load_tally_json(json.dumps(doc, ensure_ascii=False))
    assert inp.excluded == (Exclusion("a", "other_council", "2026/05 — Ministry of Health"),)
    assert json.loads(json.dumps(result_to_json(tally(inp)))) == run(doc)


@pytest.mark.parametrize(
    ("excluded", "message"),
    [
        ("a", "excluded: expected an array, got a string"),
        (["a"], "excluded[0]: expected an object, got a string"),
        ([{"reason": "other_council"}], "excluded[0]: missing required key 'id'"),
        ([{"id": "a"}], "excluded[0]: missing required key 'reason'"),
        ([{"id": "zz", "reason": "other_council"}], "excluded[0].id: 'zz' is not the id of a candidate"),
        (
            [OTHER_COUNCIL, {"id": "b", "reason": "other_council"}, {"id": "a", "reason": "commission_member"}],
            "excluded[2].id: 'a' is listed twice (first at excluded[0])",
        ),
        (
            [{"id": "a", "reason": "sex_cap"}],
            'excluded[0].reason: expected one of "other_council", "commission_member", "already_on_commission", '
            'got "sex_cap"',
        ),
        ([{"id": "a", "reason": None}], "excluded[0].reason: expected one of"),
        ([{"id": "a", "reason": "other_council", "detail": None}], "excluded[0].detail: expected a string, got null"),
        ([{"id": 7, "reason": "other_council"}], "excluded[0].id: expected a string, got the integer 7"),
    ],
)
def test_malformed_exclusions_are_refused_naming_the_index(excluded: object, message: str) -> None:
    with pytest.raises(TallyInputError) as caught:
        parse_tally_input({**copy.deepcopy(DOC), "excluded": excluded})
    assert message in str(caught.value)


def test_an_already_elected_candidate_cannot_be_excluded() -> None:
    doc = {**DOC, "already_elected": ["a"], "excluded": [OTHER_COUNCIL]}
    doc["ballots"] = single_mark_ballots({"b": 2})
    with pytest.raises(TallyInputError, match=r"excluded\[0\]\.id: 'a' is already elected"):
        parse_tally_input(doc)


def test_a_directly_built_input_checks_its_exclusions() -> None:
    people = (Candidate("a", "А", "F"), Candidate("b", "Б", "M"))
    with pytest.raises(TallyInputError, match=r"excluded\[0\]\.id: 'q' is not the id of a candidate"):
        TallyInput(seats=1, candidates=people, ballots=(), excluded=(Exclusion("q", "other_council"),))
    with pytest.raises(TallyInputError, match=r"excluded\[0\]\.reason: expected one of"):
        TallyInput(seats=1, candidates=people, ballots=(), excluded=(Exclusion("a", "organization"),))  # type: ignore[arg-type]


def test_an_unknown_key_of_an_exclusion_is_reported() -> None:
    doc = {**DOC, "excluded": [{**OTHER_COUNCIL, "reasn": "x"}]}
    assert input_warnings(doc) == ["excluded[0]: unknown key 'reasn' ignored (did you mean 'reason'?)"]


def test_an_excluded_candidate_below_a_tie_waits_for_nothing() -> None:
    # 3 seats: Бакыт and Гүл (one organisation) tie for one, a seat is left under the tie; Дина is excluded, Эрмек
    # waits for the runoff
    doc = {
        **DOC,
        "seats": 3,
        "one_per_organization": True,
        "candidates": [
            cand("a", "Асан"),
            cand("b", "Бакыт", org="X"),
            cand("c", "Гүл", org="X"),
            *DOC["candidates"][3:],
        ],
        "ballots": single_mark_ballots({"a": 9, "b": 5, "c": 5, "d": 4, "e": 1}),
        "excluded": [{"id": "d", "reason": "other_council", "detail": ""}],
    }
    result = tally(parse_tally_input(doc))
    assert result.tie is not None and result.tie.candidates == ("b", "c")
    assert standings(result, 3) == {"a": "elected", "b": "tie", "c": "tie", "d": "skipped", "e": "pending"}


def test_a_runoff_that_excludes_a_tied_candidate_keeps_them_from_the_first_rounds_seats() -> None:
    # Round 1 (3 seats) ties Гүл and Дина for the last seat. Before the runoff, Гүл is elected (tallied) to another
    # council: the runoff's input excludes her. Though she gets more runoff votes, the seat is Дина's, in the runoff
    # and in the competition's outcome (the first round's walk, settled by the runoff's order, carries the exclusion).
    first = parse_tally_input({**DOC, "seats": 3})
    first_result = tally(first)
    assert first_result.tie is not None and first_result.tie.candidates == ("c", "d")
    excluded = {"id": "c", "reason": "other_council", "detail": "2026/07 — Ministry of Finance"}
    runoff = parse_tally_input(
        {
            "seats": 1,
            "max_marks": 1,
            "already_elected": ["a", "b"],
            "candidates": DOC["candidates"][:4],
            "ballots": single_mark_ballots({"c": 6, "d": 3}),
            "excluded": [excluded],
        }
    )
    runoff_result = tally(runoff)
    assert runoff_result.elected == ("d",)
    outcome = combine(first, [runoff_result])
    assert outcome.elected == ("a", "b", "d")
    assert outcome.reserve == ("e",)
    assert outcome_to_json(outcome)["skipped"] == [excluded]


def test_the_first_rounds_exclusion_stands_over_a_runoffs() -> None:
    first = parse_tally_input(
        {**DOC, "seats": 3, "excluded": [{"id": "e", "reason": "commission_member", "detail": "1"}]}
    )
    runoff = parse_tally_input(
        {
            "seats": 1,
            "max_marks": 1,
            "already_elected": ["a", "b"],
            "candidates": DOC["candidates"],
            "ballots": single_mark_ballots({"c": 2, "d": 1}),
            "excluded": [{"id": "e", "reason": "other_council", "detail": "later"}],
        }
    )
    outcome = combine(first, [tally(runoff)])
    assert outcome.elected == ("a", "b", "c")
    assert [(s.id, s.reason, s.detail) for s in outcome.skipped] == [("e", "commission_member", "1")]
