"""Benchmark: tally() on 10,000 ballots x 300 candidates against a bare collections.Counter of the marks.

Run from the repository root: ``python bench/bench_tally.py``. The goal is a ratio of at most 3.
"""

from __future__ import annotations

import random
import sys
import time
from collections import Counter
from collections.abc import Callable
from itertools import chain
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from osgo_desktop.domain.tally import Ballot, Candidate, TallyInput, tally

CANDIDATES = 300
BALLOTS = 10_000
SEATS = 15
REPEATS = 15
SEED = 20140524

LETTERS = "АБВГДЕЁЖЗИЙКЛМНҢОӨПРСТУҮФХЦЧШЫЭЮЯ"


def make_input(rnd: random.Random) -> TallyInput:
    candidates = tuple(
        Candidate(
            id=f"c{index:03}",
            name=" ".join(
                rnd.choice(LETTERS) + "".join(rnd.choice(LETTERS).lower() for _ in range(rnd.randint(3, 8)))
                for _ in range(2)
            ),
            sex=rnd.choice(("F", "M")),
            organization=rnd.choice([None, *(f"org{number}" for number in range(120))]),
        )
        for index in range(CANDIDATES)
    )
    ids = [candidate.id for candidate in candidates]
    ballots = []
    for serial in range(BALLOTS):
        marks = rnd.sample(ids, rnd.randint(0, SEATS))
        roll = rnd.random()  # about 2 % of the ballots are invalid, one reason each
        if roll < 0.005:
            marks = rnd.sample(ids, SEATS + 1)
        elif roll < 0.01 and marks:
            marks.append(marks[0])
        elif roll < 0.02:
            marks.append("c999")
        ballots.append(Ballot(f"{serial:06}", tuple(marks)))
    return TallyInput(
        seats=SEATS,
        candidates=candidates,
        ballots=tuple(ballots),
        sex_cap_percent=70,
        one_per_organization=True,
    )


def make_crowd(rnd: random.Random) -> TallyInput:
    candidates = tuple(
        Candidate(f"p{index:04}", f"Талапкер {index:04}", rnd.choice(("F", "M")), f"org{rnd.randrange(40)}")
        for index in range(5000)
    )
    ballots = tuple(Ballot(f"{serial}", tuple(rnd.sample([c.id for c in candidates], 2))) for serial in range(3))
    return TallyInput(
        seats=SEATS, candidates=candidates, ballots=ballots, sex_cap_percent=70, one_per_organization=True
    )


def best_times(functions: list[Callable[[], object]]) -> list[float]:
    """The best wall time of each function over ``REPEATS`` rounds. The functions take turns within each
    round, so that load from other processes on the machine falls on all of them alike."""
    best = [float("inf")] * len(functions)
    for _ in range(REPEATS):
        for index, function in enumerate(functions):
            start = time.perf_counter()
            function()
            best[index] = min(best[index], time.perf_counter() - start)
    return best


def main() -> None:
    inp = make_input(random.Random(SEED))
    ballots = inp.ballots

    def counter_fast() -> Counter[str]:
        return Counter(chain.from_iterable(ballot.marks for ballot in ballots))

    def counter_loop() -> Counter[str]:
        counter: Counter[str] = Counter()
        for ballot in ballots:
            counter.update(ballot.marks)
        return counter

    marks = sum(len(ballot.marks) for ballot in ballots)
    result = tally(inp)
    print(f"{len(ballots):,} ballots, {len(inp.candidates)} candidates, {marks:,} marks, {SEATS} seats")
    print(
        f"result: {result.ballots.invalid} invalid, {len(result.elected)} elected, "
        f"{len(result.skipped)} skipped, tie={'yes' if result.tie else 'no'}"
    )
    baseline, loop, engine = best_times([counter_fast, counter_loop, lambda: tally(inp)])
    print(f"Counter(chain(marks))          {baseline * 1000:8.2f} ms  (baseline)")
    print(f"Counter.update per ballot      {loop * 1000:8.2f} ms")
    print(f"tally()                        {engine * 1000:8.2f} ms")
    ratio = engine / baseline
    verdict = "OK" if ratio <= 3 else "TOO SLOW"
    print(f"ratio tally / baseline         {ratio:8.2f}x  (goal: at most 3x) {verdict}")

    # The guard against a big group of equal votes: 5,000 candidates and 3 ballots of 2 marks leave a group
    # of about 4,994 candidates with 0 votes while seats remain (C(4994, 9) sets, were they enumerated).
    crowd = make_crowd(random.Random(SEED))
    (crowd_time,) = best_times([lambda: tally(crowd)])
    crowd_result = tally(crowd)
    tie = crowd_result.tie
    tie_text = f"a tie of {len(tie.candidates):,} for {tie.seats} seats" if tie else "no tie"
    print(
        f"big 0-vote group ({len(crowd.candidates):,} candidates, {len(crowd.ballots)} ballots): "
        f"{crowd_time * 1000:.2f} ms; {len(crowd_result.elected)} elected, {tie_text}"
    )


if __name__ == "__main__":
    main()
