"""The rating-vote tally engine: hand-made cases for each rule, then properties checked by hypothesis."""

from __future__ import annotations

import copy
import dataclasses
import json
import math
import random
import re
from collections.abc import Sequence
from fractions import Fraction
from itertools import combinations, groupby
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from osgo_desktop.domain.collation import kyrgyz_sort_key
from osgo_desktop.domain.tally import (
    EXCLUSION_REASONS,
    Ballot,
    Candidate,
    Exclusion,
    TallyInput,
    TallyInputError,
    input_warnings,
    load_tally_json,
    parse_tally_input,
    result_to_json,
    sex_cap,
    tally,
)

# --------------------------------------------------------------------------------------------------------
# Helpers for hand-made cases


def cand(cid: str, name: str | None = None, sex: str = "F", org: str | None = None) -> dict[str, Any]:
    return {"id": cid, "name": name or cid, "sex": sex, "organization": org}


def single_mark_ballots(votes: dict[str, int]) -> list[dict[str, Any]]:
    """Ballots giving exactly ``votes``: one ballot with one mark per vote."""
    ballots: list[dict[str, Any]] = []
    for cid, count in votes.items():
        ballots.extend({"serial": f"{cid}-{i}", "marks": [cid]} for i in range(count))
    return ballots


def run(doc: dict[str, Any]) -> dict[str, Any]:
    return result_to_json(tally(parse_tally_input(doc)))


# --------------------------------------------------------------------------------------------------------
# Tally order and ranks


def test_tally_order_ranks_and_simple_election() -> None:
    candidates = [
        cand("p", "Пак"),
        cand("o2", "Өмүров"),
        cand("o1", "Орозов"),
        cand("yo", "Ёлдошев"),
        cand("ye", "Ешенов"),
        cand("a", "Абдыкадыров"),
    ]
    votes = {"p": 3, "o2": 3, "o1": 3, "yo": 1, "ye": 1, "a": 0}
    out = run({"seats": 5, "max_marks": 1, "candidates": candidates, "ballots": single_mark_ballots(votes)})
    assert out["tally"] == [
        {"id": "o1", "votes": 3, "rank": 1},
        {"id": "o2", "votes": 3, "rank": 1},
        {"id": "p", "votes": 3, "rank": 1},
        {"id": "ye", "votes": 1, "rank": 4},
        {"id": "yo", "votes": 1, "rank": 4},
        {"id": "a", "votes": 0, "rank": 6},
    ]
    assert out["elected"] == ["o1", "o2", "p", "ye", "yo"]
    assert out["reserve"] == ["a"]
    assert out["skipped"] == []
    assert out["tie"] is None
    assert out["vacant_seats"] == 0
    assert out["lots_used"] is False
    assert out["ballots"] == {"total": 11, "valid": 11, "blank": 0, "invalid": 0}


def test_equal_names_are_ordered_by_id() -> None:
    candidates = [cand("z", "Асан"), cand("b", "асан"), cand("m", "Асан")]
    out = run({"seats": 1, "candidates": candidates, "ballots": []})
    assert [row["id"] for row in out["tally"]] == ["b", "m", "z"]


# --------------------------------------------------------------------------------------------------------
# Constraints


ORG_CANDIDATES = [
    cand("A", "А", org="X"),
    cand("B", "Б", org="X"),
    cand("C", "В", org=None),
    cand("D", "Г", org=None),
    cand("E", "Д", org=None),
]
ORG_VOTES = {"A": 5, "B": 4, "C": 3, "D": 2, "E": 1}


def test_one_per_organization_skips_the_second_member_and_null_never_conflicts() -> None:
    doc = {
        "seats": 3,
        "max_marks": 1,
        "one_per_organization": True,
        "candidates": ORG_CANDIDATES,
        "ballots": single_mark_ballots(ORG_VOTES),
    }
    out = run(doc)
    assert out["elected"] == ["A", "C", "D"]
    assert out["skipped"] == [{"id": "B", "reason": "organization"}]
    assert out["reserve"] == ["B", "E"]  # skipped, B still waits in the reserve (its seat may be vacated)


def test_without_the_organization_rule_the_same_input_elects_by_votes() -> None:
    doc = {
        "seats": 3,
        "max_marks": 1,
        "candidates": ORG_CANDIDATES,
        "ballots": single_mark_ballots(ORG_VOTES),
    }
    out = run(doc)
    assert out["elected"] == ["A", "B", "C"]
    assert out["skipped"] == []
    assert out["reserve"] == ["D", "E"]


def test_sex_cap_of_70_percent_of_7_is_4() -> None:
    women = [cand(f"F{i}", f"Айым {i}", "F") for i in range(1, 6)]
    men = [cand(f"M{i}", f"Мырза {i}", "M") for i in range(1, 5)]
    votes = {"F1": 10, "F2": 9, "F3": 8, "F4": 7, "F5": 6, "M1": 5, "M2": 4, "M3": 3, "M4": 2}
    out = run(
        {
            "seats": 7,
            "max_marks": 1,
            "sex_cap_percent": 70,
            "candidates": women + men,
            "ballots": single_mark_ballots(votes),
        }
    )
    assert out["elected"] == ["F1", "F2", "F3", "F4", "M1", "M2", "M3"]
    assert out["skipped"] == [{"id": "F5", "reason": "sex_cap"}]
    assert out["reserve"] == ["F5", "M4"]
    assert out["vacant_seats"] == 0


@pytest.mark.parametrize(
    ("percent", "size", "cap"),
    [
        (70, 7, 4),
        (70, 9, 6),
        (70, 10, 7),
        (70, 15, 10),
        (70, 90, 63),  # 70 / 100 * 90 is 62.99999999999999 in floating point
        (58, 50, 29),  # 58 / 100 * 50 is 28.999999999999996 in floating point
        (66.7, 3, 2),
        (33.3, 3, 0),  # 0.999 -> 0
        (0, 10, 0),
        (100, 7, 7),
    ],
)
def test_sex_cap_is_computed_exactly(percent: float, size: int, cap: int) -> None:
    doc = {"seats": 1, "sex_cap_percent": percent, "composition_size": size, "candidates": [], "ballots": []}
    assert sex_cap(parse_tally_input(doc)) == cap


def test_exact_cap_decides_an_election() -> None:
    # 58 % of 50 is exactly 29: with 28 women already elected, one more woman may be elected.
    already = [cand(f"W{i:02}", f"Аял {i:02}", "F") for i in range(28)]
    doc = {
        "seats": 1,
        "sex_cap_percent": 58,
        "composition_size": 50,
        "already_elected": [c["id"] for c in already],
        "candidates": [*already, cand("new", "Жаңы", "F"), cand("man", "Эркек", "M")],
        "ballots": single_mark_ballots({"new": 2, "man": 1}),
    }
    out = run(doc)
    assert out["elected"] == ["new"]
    assert out["skipped"] == []


def test_sex_cap_percent_from_json_text_is_exact() -> None:
    text = json.dumps({"seats": 1, "sex_cap_percent": 66.7, "composition_size": 3, "candidates": [], "ballots": []})
    inp = load_tally_json(text)
    assert inp.sex_cap_percent == Fraction(667, 10)
    assert sex_cap(inp) == 2


def test_a_cap_below_one_of_each_sex_leaves_seats_vacant() -> None:
    doc = {
        "seats": 3,
        "sex_cap_percent": 33.3,
        "candidates": [cand("a", "А", "F"), cand("b", "Б", "M")],
        "ballots": single_mark_ballots({"a": 2, "b": 1}),
    }
    out = run(doc)
    assert out["elected"] == []
    assert out["skipped"] == [{"id": "a", "reason": "sex_cap"}, {"id": "b", "reason": "sex_cap"}]
    assert out["vacant_seats"] == 3
    assert out["reserve"] == ["a", "b"]  # skipped for the cap, not for their votes


def test_organization_wins_over_sex_cap_for_a_candidate_alone() -> None:
    doc = {
        "seats": 2,
        "max_marks": 1,
        "sex_cap_percent": 50,  # of 2 seats: one of each sex
        "one_per_organization": True,
        "candidates": [cand("A", "А", "F", "X"), cand("B", "Б", "F", "X"), cand("C", "В", "M")],
        "ballots": single_mark_ballots({"A": 5, "B": 4, "C": 3}),
    }
    out = run(doc)
    assert out["elected"] == ["A", "C"]
    assert out["skipped"] == [{"id": "B", "reason": "organization"}]


def test_a_group_member_blocked_by_the_elected_set_is_skipped_with_organization_first() -> None:
    # Equal votes; one woman and one man may be elected. {A, C} is the only pair that breaks nothing:
    # {A, B} share an organization, {B, C} are two men. B is blocked by both rules: organization wins.
    doc = {
        "seats": 2,
        "sex_cap_percent": 50,
        "one_per_organization": True,
        "candidates": [
            cand("A", "Асан", "F", "X"),
            cand("B", "Бакыт", "M", "X"),
            cand("C", "Чолпон", "M", "Y"),
        ],
        "ballots": [{"serial": "1", "marks": ["A", "B"]}, {"serial": "2", "marks": ["C"]}],
    }
    out = run(doc)
    assert out["ballots"]["valid"] == 2
    assert [row["votes"] for row in out["tally"]] == [1, 1, 1]
    assert out["elected"] == ["A", "C"]
    assert out["skipped"] == [{"id": "B", "reason": "organization"}]
    assert out["tie"] is None
    assert out["lots_used"] is False


def test_below_min_votes_is_skipped_while_seats_remain_and_the_seats_stay_vacant() -> None:
    doc = {
        "seats": 3,
        "max_marks": 1,
        "min_votes": 2,
        "candidates": [cand("A", "А"), cand("B", "Б"), cand("C", "В"), cand("D", "Г")],
        "ballots": single_mark_ballots({"A": 3, "B": 2, "C": 1}),
    }
    out = run(doc)
    assert out["elected"] == ["A", "B"]
    assert out["skipped"] == [
        {"id": "C", "reason": "below_min_votes"},
        {"id": "D", "reason": "below_min_votes"},
    ]
    assert out["vacant_seats"] == 1
    assert out["reserve"] == []


def test_when_seats_run_out_the_rest_above_min_votes_is_the_reserve() -> None:
    doc = {
        "seats": 1,
        "max_marks": 1,
        "min_votes": 2,
        "candidates": [cand("A", "А"), cand("B", "Б"), cand("C", "В"), cand("D", "Г")],
        "ballots": single_mark_ballots({"A": 3, "B": 2, "C": 1}),
    }
    out = run(doc)
    assert out["elected"] == ["A"]
    assert out["skipped"] == []
    assert out["reserve"] == ["B"]
    assert out["vacant_seats"] == 0


def test_seats_nobody_can_fill_are_vacant() -> None:
    doc = {
        "seats": 3,
        "candidates": [cand("A", "А"), cand("B", "Б")],
        "ballots": single_mark_ballots({"A": 1}),
    }
    out = run(doc)
    assert out["elected"] == ["A", "B"]
    assert out["vacant_seats"] == 1
    assert out["tie"] is None


# --------------------------------------------------------------------------------------------------------
# Ties and lots

TIE_CANDIDATES = [cand("A", "А"), cand("B", "Б"), cand("C", "В"), cand("D", "Г")]
TIE_BALLOTS = single_mark_ballots({"A": 5, "B": 3, "C": 3, "D": 1})


def test_a_tie_at_the_cut_off_stops_the_walk() -> None:
    out = run({"seats": 2, "max_marks": 1, "candidates": TIE_CANDIDATES, "ballots": TIE_BALLOTS})
    assert out["elected"] == ["A"]
    assert out["tie"] == {"candidates": ["B", "C"], "seats": 1}
    assert out["reserve"] == ["D"]
    assert out["vacant_seats"] == 0
    assert out["lots_used"] is False
    assert out["skipped"] == []


def test_lots_settle_the_tie_earlier_wins() -> None:
    doc = {"seats": 2, "max_marks": 1, "candidates": TIE_CANDIDATES, "ballots": TIE_BALLOTS}
    out = run({**doc, "lot_order": ["D", "C", "B"]})
    assert out["elected"] == ["A", "C"]
    assert out["tie"] is None
    assert out["lots_used"] is True
    assert out["reserve"] == ["B", "D"]
    assert out["skipped"] == []


def test_lots_that_miss_a_tied_candidate_leave_the_tie() -> None:
    doc = {"seats": 2, "max_marks": 1, "candidates": TIE_CANDIDATES, "ballots": TIE_BALLOTS}
    out = run({**doc, "lot_order": ["C", "A", "D"]})
    assert out["elected"] == ["A"]
    assert out["tie"] == {"candidates": ["B", "C"], "seats": 1}
    assert out["lots_used"] is False


GROUP_CANDIDATES = [
    cand("A", "Айбек", "M", None),
    cand("B", "Бермет", "F", "X"),
    cand("C", "Гүлнара", "F", "X"),
    cand("D", "Динара", "F", "Y"),
    cand("E", "Эрмек", "M", None),
]
GROUP_DOC = {
    "seats": 3,
    "max_marks": 1,
    "one_per_organization": True,
    "candidates": GROUP_CANDIDATES,
    "ballots": single_mark_ballots({"A": 5, "B": 3, "C": 3, "D": 3, "E": 1}),
}


def test_a_tie_inside_a_group_with_an_organization_conflict() -> None:
    # Two seats left for B, C, D (3 votes each): {B, D} and {C, D} both work, {B, C} share X.
    out = run(GROUP_DOC)
    assert out["elected"] == ["A"]
    assert out["tie"] == {"candidates": ["B", "C", "D"], "seats": 2}
    assert out["skipped"] == []
    assert out["reserve"] == ["E"]
    assert out["vacant_seats"] == 0


@pytest.mark.parametrize(
    ("lot_order", "elected", "skipped"),
    [
        # Sorted lot positions: {B, D} -> (0, 2), {C, D} -> (1, 2). Taking the first two drawn ({B, C})
        # would break the organization rule.
        (["B", "C", "D"], ["A", "B", "D"], ["C"]),
        # {C, D} -> (0, 1) beats {B, D} -> (0, 2).
        # elected in the drawn order (decision 15): D before C
        (["D", "C", "B"], ["A", "D", "C"], ["B"]),
        (["C", "B", "D"], ["A", "C", "D"], ["B"]),
    ],
)
def test_lots_pick_the_set_drawn_earliest_that_breaks_nothing(
    lot_order: list[str], elected: list[str], skipped: list[str]
) -> None:
    out = run({**GROUP_DOC, "lot_order": lot_order})
    assert out["elected"] == elected
    assert out["skipped"] == [{"id": cid, "reason": "organization"} for cid in skipped]
    assert out["lots_used"] is True
    assert out["tie"] is None
    assert out["reserve"] == [*skipped, "E"]


def test_lots_look_ahead_so_that_the_drawn_set_is_one_of_the_largest() -> None:
    # Two of each sex (50 % of 5), one per organization: the largest sets have three members. Drawn
    # first, Д (F, X) fits; В (F, Z) would fit beside Д alone, but then no third member could join
    # (the women are used up and Z's man would clash with В), so the draw passes over it.
    doc = {
        "seats": 5,
        "sex_cap_percent": 50,
        "one_per_organization": True,
        "candidates": [
            cand("c0", "А", "M", "Z"),
            cand("c1", "Б", "F", None),
            cand("c2", "В", "F", "Z"),
            cand("c3", "Г", "M", "X"),
            cand("c4", "Д", "F", "X"),
        ],
        "ballots": [],
        "lot_order": ["c4", "c2", "c3", "c1", "c0"],
    }
    out = run(doc)
    assert out["elected"] == ["c4", "c1", "c0"]  # in the drawn order
    assert out["lots_used"] is True
    assert out["skipped"] == [{"id": "c2", "reason": "organization"}, {"id": "c3", "reason": "organization"}]
    assert out["vacant_seats"] == 2


def test_lots_listing_only_some_of_the_tied_group_do_not_settle_it() -> None:
    out = run({**GROUP_DOC, "lot_order": ["B", "C", "A", "E"]})
    assert out["tie"] == {"candidates": ["B", "C", "D"], "seats": 2}
    assert out["lots_used"] is False


def test_a_lot_loser_blocked_by_the_sex_cap_is_skipped_as_sex_cap() -> None:
    doc = {
        "seats": 2,
        "sex_cap_percent": 50,
        "candidates": [cand("A", "Айгүл", "F"), cand("B", "Бермет", "F"), cand("C", "Чыңгыз", "M")],
        "ballots": [],
        "lot_order": ["B", "A", "C"],
    }
    out = run(doc)
    assert out["elected"] == ["B", "C"]
    assert out["skipped"] == [{"id": "A", "reason": "sex_cap"}]
    assert out["lots_used"] is True


def test_lots_are_drawn_on_only_for_a_group_that_fits_the_seats_in_several_ways() -> None:
    lots = ["E", "D", "C", "B", "A"]
    # One seat: A alone has the most votes; the lots (which put A last) are not needed.
    out = run({**GROUP_DOC, "seats": 1, "lot_order": lots})
    assert out["elected"] == ["A"]
    assert out["lots_used"] is False
    # Two seats: A, then B, C, D tie for one seat and the lots give it to D.
    out = run({**GROUP_DOC, "seats": 2, "lot_order": lots})
    assert out["elected"] == ["A", "D"]
    assert out["lots_used"] is True
    assert out["tie"] is None


def test_a_member_in_no_largest_set_is_not_in_the_tie_but_in_the_reserve() -> None:
    # At most one woman and one man (50 % of 3 is 1). Largest sets: {Айгүл, Данияр} and {Айгүл, Эрлан};
    # Бакыт shares Y with Айгүл and is a man like the other two, so no largest set holds him.
    doc = {
        "seats": 3,
        "sex_cap_percent": 50,
        "one_per_organization": True,
        "candidates": [
            cand("a", "Айгүл", "F", "Y"),
            cand("b", "Бакыт", "M", "Y"),
            cand("d", "Данияр", "M", "X"),
            cand("e", "Эрлан", "M", "X"),
        ],
        "ballots": [],
    }
    out = run(doc)
    assert out["tie"] == {"candidates": ["a", "d", "e"], "seats": 2}
    assert out["skipped"] == []
    assert out["reserve"] == ["b"]
    assert out["elected"] == []


def test_a_runoff_counts_already_elected_members_for_the_constraints() -> None:
    candidates = [
        cand("P1", "Асель", "F", "X"),
        cand("P2", "Бүбүсара", "F", None),
        cand("P3", "Канат", "M", None),
        cand("Q", "Гүлзат", "F", None),
        cand("R", "Динара", "F", "X"),
        cand("S", "Сыдык", "M", "Y"),
    ]
    doc = {
        "seats": 1,
        "max_marks": 1,
        "sex_cap_percent": 70,  # composition 1 + 3 = 4: at most 2 of one sex, both women are in
        "one_per_organization": True,
        "already_elected": ["P1", "P2", "P3"],
        "candidates": candidates,
        "ballots": [
            *single_mark_ballots({"R": 4, "Q": 3, "S": 2}),
            {"serial": "old", "marks": ["P1"]},
        ],
    }
    out = run(doc)
    assert out["tally"] == [
        {"id": "R", "votes": 4, "rank": 1},
        {"id": "Q", "votes": 3, "rank": 2},
        {"id": "S", "votes": 2, "rank": 3},
    ]
    assert out["invalid"] == [{"serial": "old", "reason": "unknown_candidate"}]
    assert out["elected"] == ["S"]
    assert out["skipped"] == [{"id": "R", "reason": "organization"}, {"id": "Q", "reason": "sex_cap"}]
    assert out["reserve"] == ["R", "Q"]
    assert out["vacant_seats"] == 0


def test_a_big_group_of_equal_votes_is_settled_without_enumerating_sets() -> None:
    # 2000 candidates with 0 votes and 5 seats: C(2000, 5) sets would never finish.
    candidates = [cand(f"c{i:04}", f"Талапкер {i:04}", "FM"[i % 2], f"org{i % 3}") for i in range(2000)]
    doc: dict[str, Any] = {"seats": 5, "candidates": candidates, "ballots": []}
    out = run(doc)
    assert out["tie"] == {"candidates": [c["id"] for c in candidates], "seats": 5}

    out = run({**doc, "one_per_organization": True})  # three organizations: at most three seats
    assert out["tie"] == {"candidates": [c["id"] for c in candidates], "seats": 3}

    lots = [c["id"] for c in reversed(candidates)]
    out = run({**doc, "one_per_organization": True, "sex_cap_percent": 40, "lot_order": lots})
    # Cap: 40 % of 5 = 2 of one sex. Lots from the end: c1999 (M, org1), c1998 (F, org0), c1997 (M, org2);
    # then every organization is taken: 3 elected, the rest skipped, 2 seats vacant.
    assert out["elected"] == ["c1999", "c1998", "c1997"]  # in the drawn order
    assert out["lots_used"] is True
    assert out["vacant_seats"] == 2
    assert len(out["skipped"]) == 1997
    assert {skip["reason"] for skip in out["skipped"]} == {"organization"}


# --------------------------------------------------------------------------------------------------------
# Ballots


BALLOT_CANDIDATES = [cand("A", "А"), cand("B", "Б"), cand("C", "В")]
BALLOTS = [
    {"serial": "S1", "marks": ["A", "B"]},
    {"serial": "S2", "marks": ["A", "B", "C"]},
    {"serial": "S3", "marks": ["A", "Z"]},
    {"serial": "S4", "marks": ["A", "A"]},
    {"serial": "S5", "marks": []},
    {"serial": "S6", "marks": ["Z", "A", "B"]},  # unknown and too many: unknown_candidate
    {"serial": "S7", "marks": ["A", "A", "B"]},  # duplicate and too many: duplicate_mark
    {"serial": "S8", "marks": ["Z", "Z"]},  # unknown and duplicate: unknown_candidate
]


def test_invalid_ballots_of_each_reason_count_for_nobody() -> None:
    out = run({"seats": 2, "candidates": BALLOT_CANDIDATES, "ballots": BALLOTS})
    assert out["ballots"] == {"total": 8, "valid": 2, "blank": 1, "invalid": 6}
    assert out["invalid"] == [
        {"serial": "S2", "reason": "too_many_marks"},
        {"serial": "S3", "reason": "unknown_candidate"},
        {"serial": "S4", "reason": "duplicate_mark"},
        {"serial": "S6", "reason": "unknown_candidate"},
        {"serial": "S7", "reason": "duplicate_mark"},
        {"serial": "S8", "reason": "unknown_candidate"},
    ]
    assert [(row["id"], row["votes"]) for row in out["tally"]] == [("A", 1), ("B", 1), ("C", 0)]


def test_blank_ballots_are_invalid_when_blank_is_not_valid() -> None:
    out = run({"seats": 2, "blank_is_valid": False, "candidates": BALLOT_CANDIDATES, "ballots": BALLOTS})
    assert out["ballots"] == {"total": 8, "valid": 1, "blank": 0, "invalid": 7}
    assert {"serial": "S5", "reason": "blank"} in out["invalid"]
    assert [bad["serial"] for bad in out["invalid"]] == ["S2", "S3", "S4", "S5", "S6", "S7", "S8"]


def test_a_repeated_mark_is_found_when_no_ballot_names_an_unknown_id() -> None:
    ballots = [{"serial": "1", "marks": ["B", "A", "B"]}, {"serial": "2", "marks": ["A", "C"]}]
    out = run({"seats": 3, "candidates": BALLOT_CANDIDATES, "ballots": ballots})
    assert out["invalid"] == [{"serial": "1", "reason": "duplicate_mark"}]
    assert [(row["id"], row["votes"]) for row in out["tally"]] == [("A", 1), ("C", 1), ("B", 0)]


def test_ballots_of_more_than_255_marks_are_judged_too() -> None:
    candidates = [cand(f"c{i:03}", f"Талапкер {i:03}") for i in range(300)]
    every = [c["id"] for c in candidates]
    ballots = [
        {"serial": "all", "marks": every},  # 300 marks
        {"serial": "dup", "marks": [*every[:200], *every[:100]]},
        {"serial": "ok", "marks": every[:2]},
        {"serial": "ghost", "marks": [*every[:260], "nobody"]},
        {"serial": "blank", "marks": []},
    ]
    doc = {"seats": 2, "max_marks": 290, "blank_is_valid": False, "candidates": candidates, "ballots": ballots}
    out = run(doc)
    assert out["invalid"] == [
        {"serial": "all", "reason": "too_many_marks"},
        {"serial": "dup", "reason": "duplicate_mark"},
        {"serial": "ghost", "reason": "unknown_candidate"},
        {"serial": "blank", "reason": "blank"},
    ]
    assert out["elected"] == ["c000", "c001"]
    assert [row["votes"] for row in out["tally"]][:3] == [1, 1, 0]


def test_max_marks_overrides_seats() -> None:
    out = run({"seats": 2, "max_marks": 1, "candidates": BALLOT_CANDIDATES, "ballots": BALLOTS[:1]})
    assert out["invalid"] == [{"serial": "S1", "reason": "too_many_marks"}]
    out = run({"seats": 1, "max_marks": 3, "candidates": BALLOT_CANDIDATES, "ballots": BALLOTS[1:2]})
    assert out["invalid"] == []
    assert [row["votes"] for row in out["tally"]] == [1, 1, 1]


# --------------------------------------------------------------------------------------------------------
# Output object and the documented example


def test_result_to_json_gives_exactly_the_contract_object() -> None:
    doc = {
        "seats": 2,
        "one_per_organization": True,
        "candidates": [cand("a", "Асан", "M", "X"), cand("b", "Бекзат", "M", "X"), cand("c", "Гүл", "F")],
        "ballots": [
            {"serial": "1", "marks": ["a", "b"]},
            {"serial": "2", "marks": ["a"]},
            {"serial": "3", "marks": []},
            {"serial": "4", "marks": ["q"]},
        ],
    }
    out = run(doc)
    assert out == {
        "ballots": {"total": 4, "valid": 3, "blank": 1, "invalid": 1},
        "invalid": [{"serial": "4", "reason": "unknown_candidate"}],
        "tally": [
            {"id": "a", "votes": 2, "rank": 1},
            {"id": "b", "votes": 1, "rank": 2},
            {"id": "c", "votes": 0, "rank": 3},
        ],
        "elected": ["a", "c"],
        "skipped": [{"id": "b", "reason": "organization"}],
        "tie": None,
        "lots_used": False,
        "vacant_seats": 0,
        "reserve": ["b"],
    }
    assert list(out) == [
        "ballots",
        "invalid",
        "tally",
        "elected",
        "skipped",
        "tie",
        "lots_used",
        "vacant_seats",
        "reserve",
    ]
    json.dumps(out)  # serialisable as is


DOCS = Path(__file__).resolve().parents[2] / "docs" / "tally.md"


def test_the_examples_in_the_docs_are_what_the_engine_gives() -> None:
    blocks = [json.loads(block) for block in re.findall(r"```json\n(.*?)```", DOCS.read_text("utf-8"), re.S)]
    example, output, tie_input, tie_output, lots, lots_output, exclusion, exclusion_output = blocks
    assert run(example) == output
    assert run(tie_input) == tie_output
    assert run({**tie_input, **lots}) == lots_output
    assert run({**example, **exclusion}) == exclusion_output


# --------------------------------------------------------------------------------------------------------
# Malformed input

VALID_DOC: dict[str, Any] = {
    "seats": 2,
    "candidates": [cand("a", "Асан"), cand("b", "Бакыт", "M", "X")],
    "ballots": [{"serial": "1", "marks": ["a"]}],
}


def mutated(path: Sequence[str | int], value: Any) -> dict[str, Any]:
    doc = copy.deepcopy(VALID_DOC)
    target: Any = doc
    for step in path[:-1]:
        target = target[step]
    if value is DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return doc


DELETE = object()


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (["seats"], DELETE, "input: missing required key 'seats'"),
        (["candidates"], DELETE, "missing required key 'candidates'"),
        (["seats"], True, "seats: expected an integer, got true"),
        (["seats"], 2.0, "seats: expected an integer, got the number 2.0"),
        (["seats"], "2", "seats: expected an integer, got a string"),
        (["seats"], 0, "seats: must be at least 1"),
        (["max_marks"], 0, "max_marks: must be at least 1"),
        (["max_marks"], None, "max_marks: expected an integer, got null"),
        (["min_votes"], -1, "min_votes: must be at least 0"),
        (["composition_size"], 0, "composition_size: must be at least 1"),
        (["blank_is_valid"], 1, "blank_is_valid: expected true or false"),
        (["one_per_organization"], "yes", "one_per_organization: expected true or false"),
        (["sex_cap_percent"], "70", "sex_cap_percent: expected a number or null"),
        (["sex_cap_percent"], 170, "sex_cap_percent: must be between 0 and 100"),
        (["sex_cap_percent"], float("nan"), "sex_cap_percent: expected a finite number"),
        (["candidates"], {}, "candidates: expected an array, got an object"),
        (["candidates", 1], "b", "candidates[1]: expected an object, got a string"),
        (["candidates", 1, "sex"], "X", 'candidates[1].sex: expected "F" or "M", got "X"'),
        (["candidates", 1, "sex"], None, 'candidates[1].sex: expected "F" or "M", got null'),
        (["candidates", 1, "id"], 7, "candidates[1].id: expected a string, got the integer 7"),
        (
            ["candidates", 1, "id"],
            "a",
            "candidates[1].id: duplicate candidate id 'a' (first at candidates[0])",
        ),
        (["candidates", 1, "id"], "", "candidates[1].id: must not be empty"),
        (["candidates", 0, "organization"], DELETE, "candidates[0]: missing required key 'organization'"),
        (["candidates", 0, "organization"], 5, "candidates[0].organization: expected a string"),
        (["ballots", 0, "marks"], "a", "ballots[0].marks: expected an array, got a string"),
        (["ballots", 0, "marks"], ["a", 3], "ballots[0].marks[1]: expected a string (a candidate id)"),
        (["ballots", 0, "serial"], None, "ballots[0].serial: expected a string, got null"),
        (["ballots", 0, "marks"], DELETE, "ballots[0]: missing required key 'marks'"),
        (["ballots"], [{"serial": "1", "marks": []}] * 2, "ballots[1].serial: duplicate serial '1'"),
        (["already_elected"], ["zz"], "already_elected[0]: 'zz' is not the id of a candidate"),
        (["already_elected"], ["a", "a"], "already_elected[1]: 'a' is listed twice"),
        (["lot_order"], ["b", "q"], "lot_order[1]: 'q' is not the id of a candidate"),
        (["lot_order"], "ab", "lot_order: expected an array, got a string"),
    ],
)
def test_malformed_input_names_the_key_at_fault(path: list[str | int], value: Any, message: str) -> None:
    parse_tally_input(VALID_DOC)  # the unmutated document is fine
    with pytest.raises(TallyInputError) as caught:
        parse_tally_input(mutated(path, value))
    assert message in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_unknown_keys_are_ignored_but_reported() -> None:
    doc = mutated(["sex_cap_perecent"], 70)
    doc["candidates"][0]["age"] = 30
    assert tally(parse_tally_input(doc)) == tally(parse_tally_input(VALID_DOC))
    assert input_warnings(doc) == [
        "input: unknown key 'sex_cap_perecent' ignored (did you mean 'sex_cap_percent'?)",
        "candidates[0]: unknown key 'age' ignored",
    ]
    assert input_warnings(VALID_DOC) == []


@pytest.mark.parametrize("obj", [None, [], "x", 3])
def test_input_must_be_an_object(obj: object) -> None:
    with pytest.raises(TallyInputError, match="input: expected an object"):
        parse_tally_input(obj)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"seats": 2,', "invalid JSON: "),
        ('{"seats": 2, "seats": 3, "candidates": [], "ballots": []}', "key 'seats' appears twice"),
        ('{"seats": 2, "sex_cap_percent": NaN, "candidates": [], "ballots": []}', "NaN is not a JSON number"),
        (b"\xff\xfe{", "invalid JSON"),
        ('{"seats": 2.5, "candidates": [], "ballots": []}', "seats: expected an integer, got the number 2.5"),
    ],
)
def test_load_tally_json_refuses_bad_json(text: str | bytes, message: str) -> None:
    with pytest.raises(TallyInputError) as caught:
        load_tally_json(text)
    assert message in str(caught.value)


def test_load_tally_json_accepts_the_valid_document() -> None:
    inp = load_tally_json(json.dumps(VALID_DOC))
    assert inp.seats == 2
    assert inp.candidates[1] == Candidate("b", "Бакыт", "M", "X")
    assert inp.ballots == (Ballot("1", ("a",)),)


def test_a_directly_built_input_is_checked_too() -> None:
    with pytest.raises(TallyInputError, match="seats: must be at least 1"):
        TallyInput(seats=0, candidates=(), ballots=())
    with pytest.raises(TallyInputError, match="duplicate candidate id"):
        TallyInput(seats=1, candidates=(Candidate("a", "А", "F"), Candidate("a", "Б", "M")), ballots=())


# --------------------------------------------------------------------------------------------------------
# Properties

IDS = [f"c{i}" for i in range(7)]


NAMES = ["А", "Б", "Е", "Ё", "Н", "Ң", "О", "Ө", "ө", "А Б", "Аб"]  # equal keys (Ө, ө) and near ones
ORGS = [None, "X", "Y", "Z"]


@st.composite
def tally_inputs(draw: st.DrawFn) -> TallyInput:
    # Drawn as bytes and integers and decoded: several times faster to generate than nested lists, which
    # keeps this file at a few seconds. A byte of ``people`` gives a name, a sex and an organization; an
    # integer gives a ballot's marks as bits.
    size = draw(st.integers(2, 7))
    people = draw(st.binary(min_size=size, max_size=size))
    ids = IDS[:size]
    candidates = tuple(
        Candidate(cid, NAMES[byte % len(NAMES)], "F" if byte < 128 else "M", ORGS[(byte >> 4) % 4])
        for cid, byte in zip(ids, people, strict=True)
    )
    already = distinct_ids(draw(st.binary(max_size=2)), ids[: size - 1])
    running = [cid for cid in ids if cid not in already]
    ballots: list[list[str]] = []
    for _ in range(draw(st.integers(0, 12))):
        mask = draw(st.integers(0, 2 ** (len(running) + 3) - 1))
        marks = [cid for bit, cid in enumerate(running) if mask >> bit & 1]
        # 0..7: 5 adds an already-elected candidate or no candidate, 6 repeats a mark, 7 marks no candidate
        extra = mask >> len(running)
        if extra == 5:
            marks.append(already[0] if already else "ghost")
        elif extra == 6 and marks:
            marks.append(marks[0])
        elif extra == 7:
            marks.insert(len(marks) // 2, "ghost")
        ballots.append(marks)
    percent = draw(st.sampled_from([None, None, 70, 50, 60, 100, 0, Fraction(667, 10), Fraction(333, 10)]))
    lots = draw(st.permutations(ids))[: draw(st.sampled_from([0, size, size, size - 1]))]
    # mostly none; an excluded candidate may also be in lot_order (ignored there)
    excluded = distinct_ids(draw(st.binary(max_size=2)), running)
    return TallyInput(
        seats=draw(st.integers(1, 4)),
        candidates=candidates,
        ballots=tuple(Ballot(f"s{index}", tuple(marks)) for index, marks in enumerate(ballots)),
        max_marks=draw(st.none() | st.integers(1, 4)),
        blank_is_valid=draw(st.booleans()),
        sex_cap_percent=percent,
        composition_size=draw(st.none() | st.integers(1, 8)),
        one_per_organization=draw(st.booleans()),
        min_votes=draw(st.sampled_from([0, 0, 0, 1, 2])),
        already_elected=already,
        lot_order=tuple(lots),
        excluded=tuple(
            Exclusion(cid, EXCLUSION_REASONS[index % len(EXCLUSION_REASONS)], f"note {index}")
            for index, cid in enumerate(excluded)
        ),
    )


def distinct_ids(raw: bytes, ids: Sequence[str]) -> tuple[str, ...]:
    """Ids picked by the bytes of ``raw``, each once, in the order first picked."""
    if not ids:
        return ()
    return tuple(dict.fromkeys(ids[byte % len(ids)] for byte in raw))


def breaks_a_rule(inp: TallyInput, base: Sequence[Candidate], new: Sequence[Candidate]) -> str | None:
    """Why adding ``new`` to the composition ``base`` breaks a constraint, straight from the contract, or
    None. Only conflicts that involve a new member count (``base`` is taken as given)."""
    if inp.one_per_organization:
        new_orgs = [c.organization for c in new if c.organization is not None]
        base_orgs = {c.organization for c in base}
        if len(new_orgs) != len(set(new_orgs)) or base_orgs.intersection(new_orgs):
            return "organization"
    cap = brute_cap(inp)
    everyone = [*base, *new]
    if cap is not None and any(sum(c.sex == n.sex for c in everyone) > cap for n in new):
        return "sex_cap"
    return None


def brute_cap(inp: TallyInput) -> int | None:
    if inp.sex_cap_percent is None:
        return None
    size = inp.composition_size or inp.seats + len(inp.already_elected)
    return math.floor(Fraction(inp.sex_cap_percent) * size / 100)


def brute_force(inp: TallyInput, votes: dict[str, int]) -> dict[str, Any]:
    """The seat walk of the contract by enumerating every combination (small inputs only)."""
    by_id = {c.id: c for c in inp.candidates}
    composition = [by_id[cid] for cid in inp.already_elected]
    running = [c for c in inp.candidates if c.id not in inp.already_elected]
    running.sort(key=lambda c: (-votes[c.id], kyrgyz_sort_key(c.name), c.id))
    # the excluded: ranked with the others, walked never, skipped with their reason, in no other list
    excluded = {e.id: e.reason for e in inp.excluded}
    lot = {cid: index for index, cid in enumerate(inp.lot_order)}
    seats_left, lots_used = inp.seats, False
    drawn: set[int] = set()  # the votes of the groups settled by lots
    elected: list[str] = []
    skipped: dict[str, str] = dict(excluded)
    tie: dict[str, Any] | None = None
    walking = [c for c in running if c.id not in excluded]
    for group_votes, group_iter in groupby(walking, key=lambda c: votes[c.id]):
        group = list(group_iter)
        if seats_left == 0:
            break
        if group_votes < inp.min_votes:
            skipped.update((c.id, "below_min_votes") for c in group)
            continue
        rest = []
        for c in group:
            reason = breaks_a_rule(inp, composition, [c])
            if reason is None:
                rest.append(c)
            else:
                skipped[c.id] = reason
        sets: list[tuple[Candidate, ...]] = []
        for k in range(min(seats_left, len(rest)), 0, -1):
            sets = [s for s in combinations(rest, k) if breaks_a_rule(inp, composition, s) is None]
            if sets:
                break
        if not sets:
            continue
        if len(sets) == 1:
            chosen = sets[0]
        else:
            union = {c.id for s in sets for c in s}
            if not union <= lot.keys():
                tie = {"candidates": [c.id for c in rest if c.id in union], "seats": len(sets[0])}
                break
            # elected in the drawn order (decision 15)
            chosen = tuple(sorted(min(sets, key=lambda s: sorted(lot[c.id] for c in s)), key=lambda c: lot[c.id]))
            lots_used = True
            drawn.add(group_votes)
        composition.extend(chosen)
        elected.extend(c.id for c in chosen)
        seats_left -= len(chosen)
        for c in rest:
            if c not in chosen:
                reason = breaks_a_rule(inp, composition, [c])
                if reason is not None:
                    skipped[c.id] = reason
    # the contract's reserve, word for word: not elected, not in the tie, votes >= min_votes (skipped or not)
    gone = set(elected) | set(tie["candidates"] if tie else []) | excluded.keys()
    # the order after the draw: a group settled by lots in its drawn order, the members it does not list last
    after_draw = sorted(
        running,
        key=lambda c: (-votes[c.id], lot.get(c.id, len(lot)) if votes[c.id] in drawn else 0),
    )
    return {
        "elected": elected,
        "skipped": sorted(skipped.items(), key=lambda item: running.index(by_id[item[0]])),
        "tie": tie,
        "lots_used": lots_used,
        "vacant_seats": 0 if tie else seats_left,
        "reserve": [c.id for c in after_draw if c.id not in gone and votes[c.id] >= inp.min_votes],
        "places": places_after_draw(running, votes, drawn, lot),
    }


def places_after_draw(
    running: Sequence[Candidate], votes: dict[str, int], drawn: set[int], lot: dict[str, int]
) -> dict[str, int]:
    """Each candidate's place after the draw, from the contract: the rank, or in a group settled by lots the rank
    plus the member's position in the drawn order (members the draw did not list after, in tally order)."""
    places: dict[str, int] = {}
    for group_votes, group_iter in groupby(running, key=lambda c: votes[c.id]):
        group = list(group_iter)
        rank = 1 + sum(1 for c in running if votes[c.id] > group_votes)
        if group_votes in drawn:
            group.sort(key=lambda c: lot.get(c.id, len(lot)))
            places.update((c.id, rank + index) for index, c in enumerate(group))
        else:
            places.update((c.id, rank) for c in group)
    return places


# The oracle comparison runs the most examples; the invariants below it are cheaper checks that it mostly
# covers too. Together they take two to three seconds.
THOROUGH = settings(max_examples=200, deadline=None)
QUICK = settings(max_examples=100, deadline=None)


@THOROUGH
@given(tally_inputs())
def test_the_walk_agrees_with_brute_force_enumeration(inp: TallyInput) -> None:
    result = tally(inp)
    votes = {row.id: row.votes for row in result.tally}
    expected = brute_force(inp, votes)
    assert list(result.elected) == expected["elected"]
    assert [(skip.id, skip.reason) for skip in result.skipped] == expected["skipped"]
    tie = None if result.tie is None else {"candidates": list(result.tie.candidates), "seats": result.tie.seats}
    assert tie == expected["tie"]
    assert result.lots_used == expected["lots_used"]
    assert result.vacant_seats == expected["vacant_seats"]
    assert list(result.reserve) == expected["reserve"]
    assert {row.id: row.place for row in result.tally} == expected["places"]


@QUICK
@given(tally_inputs())
def test_no_result_breaks_a_constraint(inp: TallyInput) -> None:
    result = tally(inp)
    by_id = {c.id: c for c in inp.candidates}
    votes = {row.id: row.votes for row in result.tally}
    already = [by_id[cid] for cid in inp.already_elected]
    assert breaks_a_rule(inp, already, [by_id[cid] for cid in result.elected]) is None
    assert len(result.elected) + result.vacant_seats <= inp.seats
    assert all(votes[cid] >= inp.min_votes for cid in result.elected)
    if result.tie is None:
        assert len(result.elected) + result.vacant_seats == inp.seats
    else:
        assert 1 <= result.tie.seats <= inp.seats - len(result.elected)
        assert len(result.tie.candidates) > result.tie.seats


@QUICK
@given(tally_inputs(), st.randoms(use_true_random=False))
def test_ballot_order_changes_nothing(inp: TallyInput, rnd: random.Random) -> None:
    shuffled = list(inp.ballots)
    rnd.shuffle(shuffled)
    first = result_to_json(tally(inp))
    second = result_to_json(tally(dataclasses.replace(inp, ballots=tuple(shuffled))))
    key = json.dumps  # the invalid list follows the ballot order: compare it as a multiset
    assert sorted(map(key, first.pop("invalid"))) == sorted(map(key, second.pop("invalid")))
    assert first == second


@QUICK
@given(tally_inputs())
def test_more_votes_never_rank_lower(inp: TallyInput) -> None:
    rows = tally(inp).tally
    for a in rows:
        for b in rows:
            if a.votes > b.votes:
                assert a.rank < b.rank
            elif a.votes == b.votes:
                assert a.rank == b.rank
    assert [row.votes for row in rows] == sorted((row.votes for row in rows), reverse=True)
    if rows:
        assert rows[0].rank == 1


@QUICK
@given(tally_inputs())
def test_elected_reserve_tie_and_skipped_are_disjoint_and_cover_the_field(inp: TallyInput) -> None:
    result = tally(inp)
    skipped = {skip.id for skip in result.skipped}
    lists = [
        set(result.elected),
        set(result.reserve),
        set(result.tie.candidates if result.tie else ()),
    ]
    sizes = [len(result.elected), len(result.reserve), len(lists[2])]
    assert [len(s) for s in lists] == sizes and len(skipped) == len(result.skipped)  # no list repeats an id
    for i, j in combinations(range(3), 2):
        assert not lists[i] & lists[j]
    # a skipped candidate is never elected nor tied; with enough votes it waits in the reserve
    assert not skipped & (lists[0] | lists[2])
    # ... except the excluded, whom the cross-cutting rules keep from any seat: in ``skipped`` only, each of them
    excluded = {s.id for s in result.skipped if s.reason in EXCLUSION_REASONS}
    assert excluded == {e.id for e in inp.excluded}
    assert {s.id for s in result.skipped if s.reason != "below_min_votes"} - excluded <= lists[1]
    assert not excluded & lists[1]
    lists.append(skipped)
    running = {c.id for c in inp.candidates} - set(inp.already_elected)
    votes = {row.id: row.votes for row in result.tally}
    assert set(votes) == running
    placed = set().union(*lists)
    assert placed <= running
    # Every candidate with enough votes ends in exactly one list; one below min_votes is never reserve.
    assert {cid for cid in running if votes[cid] >= inp.min_votes} <= placed
    assert all(votes[cid] >= inp.min_votes for cid in result.reserve)


@QUICK
@given(tally_inputs())
def test_ballots_add_up_and_invalid_reasons_are_true(inp: TallyInput) -> None:
    result = tally(inp)
    counts = result.ballots
    assert counts.total == len(inp.ballots)
    assert counts.valid + counts.invalid == counts.total
    assert counts.invalid == len(result.invalid)
    running = {c.id for c in inp.candidates} - set(inp.already_elected)
    max_marks = inp.max_marks or inp.seats
    reason_of = {bad.serial: bad.reason for bad in result.invalid}
    expected_votes = dict.fromkeys(running, 0)
    blank = 0
    for ballot in inp.ballots:
        marks = ballot.marks
        faults = {
            "unknown_candidate": not set(marks) <= running,
            "duplicate_mark": len(set(marks)) != len(marks),
            "too_many_marks": len(marks) > max_marks,
            "blank": not marks and not inp.blank_is_valid,
        }
        if ballot.serial in reason_of:
            assert faults[reason_of[ballot.serial]]
        else:
            assert not any(faults.values())
            blank += not marks
            for cid in marks:
                expected_votes[cid] += 1
    assert counts.blank == blank
    assert {row.id: row.votes for row in result.tally} == expected_votes
