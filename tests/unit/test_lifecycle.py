"""The lifecycle's guards: no step before its time, no cancellation without a reason, nothing after closing."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from osgo_desktop.domain.lifecycle import (
    STEPS,
    State,
    StepStatus,
    TransitionError,
    TransitionFacts,
    check,
    guard,
    step_status,
)

TODAY = dt.date(2026, 11, 23)


def facts(state: State, **kw: object) -> TransitionFacts:
    return dataclasses.replace(TransitionFacts(state=state, today=TODAY), **kw)  # type: ignore[arg-type]


def test_announcing_needs_a_publication_date_not_in_the_future() -> None:
    assert guard(facts(State.DRAFT), State.ANNOUNCED) == ["Enter the date the announcement was published in the media."]
    assert guard(facts(State.DRAFT, publication_date=TODAY + dt.timedelta(days=1)), State.ANNOUNCED) == [
        "The publication date cannot be in the future."
    ]
    assert guard(facts(State.DRAFT, publication_date=TODAY), State.ANNOUNCED) == []


def test_announcing_refuses_an_incomplete_competition() -> None:
    problems = ("Enter where documents are accepted: the announcement must say it.",)
    assert guard(facts(State.DRAFT, publication_date=TODAY, announce_problems=problems), State.ANNOUNCED) == list(
        problems
    )


def test_intake_cannot_close_before_its_deadline_has_passed() -> None:
    on_deadline = facts(State.ANNOUNCED, intake_deadline=TODAY)
    assert guard(on_deadline, State.INTAKE_CLOSED)  # the deadline day itself still accepts documents
    assert guard(dataclasses.replace(on_deadline, today=TODAY + dt.timedelta(days=1)), State.INTAKE_CLOSED) == []


def test_no_vote_before_screening_and_without_admitted_candidates() -> None:
    with pytest.raises(TransitionError):
        check(facts(State.INTAKE_CLOSED, admitted=5), State.VOTING)
    assert guard(facts(State.SCREENED), State.VOTING) == ["No candidate was admitted: there is nobody to vote for."]
    assert guard(facts(State.SCREENED, admitted=3), State.VOTING) == []


def test_screening_ends_only_when_every_application_is_decided() -> None:
    assert guard(facts(State.SCREENING), State.SCREENED) == ["There are no applications to screen."]
    assert guard(facts(State.SCREENING, applications=4, undecided_applications=1), State.SCREENED)
    assert guard(facts(State.SCREENING, applications=4), State.SCREENED) == []


def test_a_round_must_close_and_ties_settle_before_closing() -> None:
    assert guard(facts(State.VOTING, open_round=True), State.TALLIED) == ["Close the voting round first."]
    assert guard(facts(State.TALLIED, tie_pending=True, admitted=3), State.VOTING) == []
    assert guard(facts(State.TALLIED, admitted=3), State.VOTING) == ["Another round is held only to settle a tie."]
    reasons = guard(facts(State.TALLIED, tie_pending=True), State.CLOSED)
    assert "A tie is not settled yet." in reasons and "Attach the scan of the signed protocol first." in reasons
    assert guard(facts(State.TALLIED, signed_scan=True), State.CLOSED) == []


def test_cancelling_needs_a_reason_and_is_impossible_once_closed() -> None:
    assert guard(facts(State.VOTING), State.CANCELLED) == ["Give the reason for the cancellation."]
    assert guard(facts(State.VOTING, cancel_reason="  "), State.CANCELLED)
    assert guard(facts(State.VOTING, cancel_reason="Court decision"), State.CANCELLED) == []
    assert guard(facts(State.CLOSED, cancel_reason="x"), State.CANCELLED)
    assert guard(facts(State.CANCELLED, cancel_reason="x"), State.CANCELLED)


@pytest.mark.parametrize("state", [State.CLOSED, State.CANCELLED])
def test_nothing_follows_the_end(state: State) -> None:
    for target in State:
        if target is not State.CANCELLED:
            assert guard(facts(state, publication_date=TODAY, admitted=9, signed_scan=True), target)


def test_no_skipping_steps() -> None:
    error = guard(facts(State.DRAFT, publication_date=TODAY), State.SCREENING)
    assert error == ["A competition cannot go from “Draft” to “Screening”."]


def test_steps_follow_the_state() -> None:
    statuses = {s.code: step_status(s, State.SCREENING) for s in STEPS}
    assert statuses == {
        "announce": StepStatus.DONE,
        "applications": StepStatus.DONE,
        "screening": StepStatus.CURRENT,
        "vote": StepStatus.AHEAD,
        "protocols": StepStatus.AHEAD,
    }
    assert all(step_status(s, State.CLOSED) is StepStatus.DONE for s in STEPS)
    assert all(step_status(s, State.CANCELLED) is StepStatus.CANCELLED for s in STEPS)
