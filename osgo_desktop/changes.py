"""What a use case changed: the areas of data and the competitions it wrote, so a screen reloads only what it shows.

A use case runs in its own unit of work (``Database.run``) and returns :class:`Done` — its plain result and the
:class:`Changes` its commit carried. The changes are read from the rows the unit of work actually wrote (see
``storage.changes``), never declared by hand, so a new use case cannot forget to say what it touched; a use case
may only narrow them by naming the competition it works within (``uow.within``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

T = TypeVar("T")


class Area(StrEnum):
    """A kind of data a screen shows."""

    #: a competition's own fields, state and history
    COMPETITIONS = "competitions"
    #: applications, applicants and their documents
    APPLICATIONS = "applications"
    #: screening verdicts and declared conflicts of interest
    SCREENING = "screening"
    #: vote sessions and rounds: who is present, what is on the paper, how a round closed and what it counted
    VOTE = "vote"
    #: the papers entered into an open round, the disagreements settled and the serials struck out: what changes
    #: with every paper, so that a screen can follow it without reloading the whole vote
    BALLOTS = "ballots"
    #: issued protocols, signed copies and amendments
    PROTOCOLS = "protocols"
    #: the registries and the regulation profile: Commission, counting commission, bodies, organisations
    REGISTRIES = "registries"
    #: compositions: who holds which seat of a council or of the Commission, and the decisions that fill a vacancy
    COMPOSITIONS = "compositions"


@dataclass(frozen=True)
class Changes:
    """``areas`` written; ``competitions`` the ids they were written for, or None when a written row belongs to no
    competition known to the unit of work (then every competition counts as changed)."""

    areas: frozenset[Area] = frozenset()
    competitions: frozenset[int] | None = frozenset()

    @classmethod
    def everything(cls) -> Changes:
        """Reload everything (the user asked for it, or the database was replaced)."""
        return cls(frozenset(Area), None)

    def __bool__(self) -> bool:
        return bool(self.areas)

    def touches(self, areas: Area | Iterable[Area], competition_id: int | None = None) -> bool:
        """Whether a screen that shows ``areas`` (of ``competition_id``, or of every competition when None) must
        reload."""
        wanted = {areas} if isinstance(areas, Area) else set(areas)
        if not wanted & self.areas:
            return False
        return competition_id is None or self.competitions is None or competition_id in self.competitions

    def __or__(self, other: Changes) -> Changes:
        competitions = (
            None if self.competitions is None or other.competitions is None else self.competitions | other.competitions
        )
        return Changes(self.areas | other.areas, competitions)


@dataclass(frozen=True)
class Done(Generic[T]):
    """A use case's result: its plain ``value`` and what its commit changed (nothing for a query)."""

    value: T
    changes: Changes = Changes()
