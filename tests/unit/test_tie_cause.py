"""Why a tie at the cut-off has no one answer, in words: the same sentences on the voting page and in the protocol."""

from __future__ import annotations

from osgo_desktop.domain.tally import Ballot, Candidate, TallyInput, tally
from osgo_desktop.domain.voting import TieCause, tie_cause, tie_row_reason, tie_text


def _round(
    candidates: list[Candidate], votes: dict[str, int], seats: int, **rules: object
) -> tuple[TallyInput, TieCause | None]:
    """A round whose papers give each candidate ``votes``: one paper per vote, one mark each."""
    ballots = [Ballot(f"{cid}-{n}", (cid,)) for cid, count in votes.items() for n in range(count)]
    inp = TallyInput(seats=seats, candidates=tuple(candidates), ballots=tuple(ballots), max_marks=1, **rules)  # type: ignore[arg-type]
    return inp, tie_cause(inp, tally(inp))


NAMES = {"a": "Алиева", "b": "Байтемиров", "c": "Дөөлөтова", "d": "Ибраимов", "e": "Кенжебаева", "f": "Мураталиев"}


def test_six_with_equal_votes_for_five_seats_two_from_one_organisation_names_the_organisation() -> None:
    people = [
        Candidate("a", NAMES["a"], "F", "Жаран"),
        Candidate("b", NAMES["b"], "M", "Жаран"),
        Candidate("c", NAMES["c"], "F", "Ак-Жол"),
        Candidate("d", NAMES["d"], "M"),
        Candidate("e", NAMES["e"], "F", "Элим"),
        Candidate("f", NAMES["f"], "M"),
    ]
    _inp, cause = _round(people, dict.fromkeys("abcdef", 14), seats=5, one_per_organization=True)
    assert cause is not None and len(cause.candidates) == 6 and cause.seats == 5 and cause.votes == 14
    assert cause.organizations == (("Жаран", ("a", "b")),) and cause.constrained
    text = tie_text(cause, NAMES, {"Жаран": "«Жаран» коомдук бирикмеси"})
    assert "5 seats are left for them" in text
    assert "Алиева, Байтемиров are nominated by the same organisation, «Жаран» коомдук бирикмеси" in text
    assert "several sets of them are admissible" in text
    assert tie_row_reason(cause, "a", NAMES) == "the same organisation as Байтемиров"
    assert tie_row_reason(cause, "d", NAMES) == "equal votes with the others tied"


def test_a_tie_the_organisation_rule_alone_makes_is_explained_by_it() -> None:
    # three for three seats would all be elected; two of one organisation make it two seats' worth of sets
    people = [Candidate("a", "A", "F", "X"), Candidate("b", "B", "M", "X"), Candidate("c", "C", "F")]
    _inp, without = _round(people, dict.fromkeys("abc", 3), seats=3)
    assert without is None
    _inp, cause = _round(people, dict.fromkeys("abc", 3), seats=3, one_per_organization=True)
    assert cause is not None and cause.organizations == (("X", ("a", "b")),)


def test_a_sex_cap_that_binds_among_the_tied_is_named_with_how_many_more_may_sit() -> None:
    people = [
        Candidate("m1", "M1", "M"),
        Candidate("f1", "F1", "F"),
        Candidate("f2", "F2", "F"),
        Candidate("f3", "F3", "F"),
    ]
    # 4 seats, at most 50 % of one sex (2): M1 first, then three women tied for three seats of which two may be theirs
    _inp, cause = _round(people, {"m1": 9, "f1": 5, "f2": 5, "f3": 5}, seats=4, sex_cap_percent=50)
    assert cause is not None and cause.capped_sex == "F" and cause.cap_left == 2
    assert cause.capped == ("f1", "f2", "f3") and not cause.organizations
    text = tie_text(cause, {p.id: p.name for p in people})
    assert "only 2 more women may take a seat; the women among them: F1, F2, F3." in text
    assert tie_row_reason(cause, "f2", {}) == "only 2 more women may take a seat"


def test_equal_votes_alone_say_so_as_the_protocol_always_did() -> None:
    people = [Candidate(c, c.upper(), "F") for c in "abc"]
    _inp, cause = _round(people, {"a": 5, "b": 3, "c": 3}, seats=2)
    assert cause is not None and not cause.constrained and cause.candidates == ("b", "c") and cause.seats == 1
    assert tie_text(cause, {"b": "B", "c": "C"}) == (
        "B, C have equal votes at the cut-off: 1 seat is left for them, and no rule decides who takes it."
    )
