"""Moving a competition along its lifecycle: the guard's check and the recorded event, in one place."""

from __future__ import annotations

from osgo_desktop.domain import lifecycle
from osgo_desktop.domain.lifecycle import State, TransitionFacts
from osgo_desktop.storage import models


def transition(row: models.Competition, target: State, facts: TransitionFacts, note: str = "") -> None:
    """Check the guard (``TransitionError`` with the reasons) and record the step; the caller commits."""
    lifecycle.check(facts, target)
    row.events.append(models.CompetitionEvent(from_state=row.state, to_state=target, note=note))
    row.state = target
