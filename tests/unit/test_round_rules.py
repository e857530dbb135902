"""A round as the tally counts it (``domain.rounds``): its parameters, and what it needs to close."""

from __future__ import annotations

from osgo_desktop.domain.profile import LAW_2014, Variant
from osgo_desktop.domain.rounds import (
    PaperCounts,
    TallyParameters,
    close_problems,
    composition_size,
    first_round,
    recorded_counts,
    runoff,
)
from osgo_desktop.domain.tally import parse_tally_input
from osgo_desktop.domain.voting import Entry, Mode, Side, reconcile


def test_a_councils_first_round_counts_a_mark_per_seat_with_the_councils_rules() -> None:
    parameters = first_round(LAW_2014.council, Variant.REGULAR, seats=9, min_votes=2)
    assert parameters == TallyParameters(
        seats=9,
        max_marks=9,
        blank_is_valid=True,
        sex_cap_percent=70,
        composition_size=9,
        one_per_organization=True,
        min_votes=2,
    )


def test_the_commissions_one_per_association_is_the_tallys_one_per_organization() -> None:
    parameters = first_round(LAW_2014.commission, Variant.REGULAR, seats=10, min_votes=0)
    assert parameters.one_per_organization and parameters.sex_cap_percent is None


def test_a_replacement_takes_the_cap_on_the_smallest_composition_the_law_allows() -> None:
    assert composition_size(Variant.REGULAR, 9, LAW_2014.council) == 9
    assert composition_size(Variant.REPLACEMENT, 1, LAW_2014.council) == LAW_2014.council.seats_min == 7
    assert first_round(LAW_2014.council, Variant.REPLACEMENT, seats=1, min_votes=0).composition_size == 7


def test_a_runoff_counts_the_seats_in_question_and_no_minimum() -> None:
    first = first_round(LAW_2014.council, Variant.REGULAR, seats=9, min_votes=3)
    second = runoff(first, tie_seats=2)
    assert (second.seats, second.max_marks, second.min_votes) == (2, 2, 0)
    assert (second.sex_cap_percent, second.composition_size, second.one_per_organization) == (70, 9, True)


def test_the_parameters_are_read_back_by_the_tally_as_its_input() -> None:
    parameters = first_round(LAW_2014.council, Variant.REGULAR, seats=9, min_votes=2)
    data = parameters.as_input()
    assert next(iter(data)) == "seats"  # the exported input reads as the tally's contract lists it
    read = parse_tally_input({**data, "candidates": [], "ballots": []})
    assert (read.seats, read.max_marks, read.blank_is_valid, read.min_votes) == (9, 9, True, 2)
    assert (read.sex_cap_percent, read.composition_size, read.one_per_organization) == (70, 9, True)


def entries(*rows: tuple[int, Side, tuple[int, ...]]) -> list[Entry]:
    return [Entry(serial, side, marks) for serial, side, marks in rows]


def test_a_round_entered_twice_in_agreement_with_counts_that_add_up_closes() -> None:
    both = reconcile(entries((1, Side.SECRETARIAT, (1,)), (1, Side.COUNTING, (1,))), {})
    assert close_problems(both, Mode.PAPER, printed=2, papers=PaperCounts(1, 1, 1)) == []
    assert close_problems(both, Mode.OPEN, printed=2, papers=PaperCounts(None, None, None)) == []


def test_a_round_does_not_close_on_disagreements_single_entries_or_nothing() -> None:
    mixed = reconcile(
        entries(
            (1, Side.SECRETARIAT, (1,)),
            (1, Side.COUNTING, (2,)),
            (2, Side.SECRETARIAT, (1,)),
        ),
        {},
    )
    assert close_problems(mixed, Mode.OPEN, printed=2, papers=PaperCounts(None, None, None)) == [
        "Papers No. 1: the two entries disagree; settle them against the paper first.",
        "Papers No. 2 are entered by one side only.",
        "No ballot is entered.",
    ]


def test_a_paper_votes_counts_must_add_up_before_it_closes() -> None:
    both = reconcile(entries((1, Side.SECRETARIAT, (1,)), (1, Side.COUNTING, (1,))), {})
    problems = close_problems(both, Mode.PAPER, printed=2, papers=PaperCounts(2, 1, 1))
    assert problems == ["Issued (2) and unused (1) papers must add up to the 2 printed."]
    assert close_problems(both, Mode.PAPER, printed=2, papers=PaperCounts(None, 1, 1)) == [
        "Enter how many papers were issued to voters."
    ]


def test_an_open_vote_records_one_paper_per_vote_counted() -> None:
    assert recorded_counts(Mode.OPEN, PaperCounts(None, None, None), counted=12) == PaperCounts(12, 12, 0)
    assert recorded_counts(Mode.PAPER, PaperCounts(15, 14, 0), counted=14) == PaperCounts(15, 14, 0)
