"""The rating vote's rules around the tally that the forms and the service share: the papers' counts and PINs."""

from __future__ import annotations

from osgo_desktop.domain import voting
from osgo_desktop.domain.voting import PAPER_COUNTS, paper_count_errors, paper_count_problems


def test_a_count_not_given_is_an_error_of_its_own_field() -> None:
    errors = paper_count_errors(15, None, None, None, 15)
    assert set(errors) == {"issued", "returned", "unused"}
    assert errors["returned"] == "Enter how many papers were found in the ballot box."
    assert set(paper_count_errors(15, 15, None, 0, 15)) == {"returned"}


def test_counts_that_add_up_have_no_error() -> None:
    assert paper_count_errors(15, 15, 15, 0, 15) == {}
    assert paper_count_errors(20, 15, 15, 5, 15) == {}


def test_an_error_about_the_counts_together_is_not_put_under_one_of_them() -> None:
    errors = paper_count_errors(15, 15, 16, 1, 16)
    assert set(errors) == {PAPER_COUNTS}
    assert errors[PAPER_COUNTS].splitlines() == [
        "Issued (15) and unused (1) papers must add up to the 15 printed.",
        "More papers were returned (16) than issued (15).",
    ]


def test_a_box_count_unlike_the_ballots_entered_is_the_returned_fields_error() -> None:
    errors = paper_count_errors(15, 15, 14, 0, 15)
    assert errors == {"returned": "14 papers were returned to the ballot box, but 15 are entered and agreed."}


def test_the_services_sentences_are_the_same_rule() -> None:
    assert paper_count_problems(15, 15, 16, 1, 15) == [
        "Issued (15) and unused (1) papers must add up to the 15 printed.",
        "More papers were returned (16) than issued (15).",
        "16 papers were returned to the ballot box, but 15 are entered and agreed.",
    ]
    assert paper_count_problems(15, -1, 0, -1, 0) == [
        "The numbers of papers cannot be negative.",
        "Issued (-1) and unused (-1) papers must add up to the 15 printed.",
        "More papers were returned (0) than issued (-1).",
    ]
    assert len(paper_count_problems(15, None, 15, 0, 15)) == 1
    assert voting.paper_count_problems(15, 15, 15, 0, 15) == []
