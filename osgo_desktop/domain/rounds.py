"""A round of the rating vote as the tally counts it: the parameters it is counted with, and what it needs to close.

The service stores the parameters on the round when it opens it and writes them into the tally's input; whether a
round may close is asked of :func:`close_problems` with the round's double entry and its papers' counts.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from osgo_desktop.domain.profile import KindRules, Variant
from osgo_desktop.domain.voting import Mode, Reconciliation, paper_count_problems
from osgo_desktop.i18n import _


@dataclass(frozen=True)
class TallyParameters:
    """What a round is counted with: the tally input's settings (``docs`` of ``osgo tally``), the candidates and
    ballots apart. The names are the tally input's keys and the round's columns."""

    seats: int
    #: marks a valid paper may carry: one per seat in question
    max_marks: int
    blank_is_valid: bool
    #: the cap on members of one sex, a percentage of ``composition_size``; None where the law sets none
    sex_cap_percent: int | None
    composition_size: int
    one_per_organization: bool
    min_votes: int

    def as_input(self) -> dict[str, Any]:
        """The parameters as the tally input's first keys, in its order."""
        return dataclasses.asdict(self)


def composition_size(variant: Variant, seats: int, rules: KindRules, sitting_seats: int | None = None) -> int:
    """What the cap on one sex is a share of. A regular competition forms the whole composition. A replacement fills
    seats in a sitting composition: its seats (``sitting_seats``; the members who stay go into the tally as
    ``sitting``). When no composition is on record, the smallest composition the law allows (never the vacant
    seats alone: 70% of one seat would let nobody in)."""
    if variant is Variant.REGULAR:
        return seats
    if sitting_seats is not None:
        return max(seats, sitting_seats)
    return max(seats, rules.seats_min)


def first_round(
    rules: KindRules, variant: Variant, seats: int, min_votes: int, sitting_seats: int | None = None
) -> TallyParameters:
    """The first round of a competition for ``seats`` seats: a mark per seat, a blank paper valid, the kind's cap on
    one sex and its one-per-organisation (a council) or one-per-association (the Commission) rule."""
    return TallyParameters(
        seats=seats,
        max_marks=seats,
        blank_is_valid=True,
        sex_cap_percent=rules.sex_cap_percent,
        composition_size=composition_size(variant, seats, rules, sitting_seats),
        one_per_organization=rules.one_per_organization or rules.one_per_association,
        min_votes=min_votes,
    )


def runoff(tied: TallyParameters, tie_seats: int) -> TallyParameters:
    """A runoff among the candidates tied for ``tie_seats`` seats: a mark per seat in question, the tied round's
    rules otherwise, and no minimum of votes (the tied already passed it)."""
    return dataclasses.replace(tied, seats=tie_seats, max_marks=tie_seats, min_votes=0)


@dataclass(frozen=True)
class PaperCounts:
    """The papers counted when a round closes; None: not counted (an error for a paper vote)."""

    issued: int | None
    returned: int | None
    unused: int | None


def recorded_counts(mode: Mode, papers: PaperCounts, counted: int) -> PaperCounts:
    """The counts a closed round records: as counted for a paper vote; for an open vote, one paper per vote
    entered and none unused (nobody counts papers there)."""
    if mode is Mode.PAPER:
        return papers
    return PaperCounts(counted, counted, 0)


def close_problems(
    reconciliation: Reconciliation, mode: Mode, printed: int, papers: PaperCounts, voters: int | None = None
) -> list[str]:
    """Why the round cannot close yet, in sentences; none when it can. Every paper is entered by both sides and the
    two entries agree (or are settled against the paper), the papers' counts add up (a paper vote; no more papers
    issued than ``voters`` with a right to a ballot), and at least one ballot counts."""
    problems: list[str] = []
    if reconciliation.disagreements:
        problems.append(
            _("Papers No. {serials}: the two entries disagree; settle them against the paper first.").format(
                serials=", ".join(str(d.serial) for d in reconciliation.disagreements)
            )
        )
    if reconciliation.single:
        problems.append(
            _("Papers No. {serials} are entered by one side only.").format(
                serials=", ".join(str(s) for s, _side in reconciliation.single)
            )
        )
    counted = len(reconciliation.agreed)
    if mode is Mode.PAPER:
        problems.extend(paper_count_problems(printed, papers.issued, papers.returned, papers.unused, counted, voters))
    if counted == 0:
        problems.append(_("No ballot is entered."))
    return problems
