"""Benchmark: the ``osgo`` command's light start — ``osgo tally`` on a one-ballot file, ``osgo verify`` of a tiny
record and ``osgo --help``, each against ``python -c pass`` in the same interpreter, in the same run.

    python bench/bench_cli.py [--runs N]

Every run is a whole process, started as the ``osgo`` console script starts it (``from osgo_desktop.cli import


"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_verify import SEED, make_record  # noqa: E402

#: what the console script ``osgo`` runs
OSGO = "import sys; from osgo_desktop.cli import main; sys.exit(main())"
GOAL_TALLY = 3.0


def one_ballot_round() -> dict[str, Any]:
    """One seat, two candidates, one ballot (the input format of docs/tally.md)."""
    return {
        "seats": 1,
        "candidates": [
            {"id": "A", "name": "Айгүл", "sex": "F", "organization": None},
            {"id": "B", "name": "Бакыт", "sex": "M", "organization": None},
        ],
        "ballots": [{"serial": "001", "marks": ["A"]}],
    }


def tiny_record() -> bytes:
    """A record of one paper, consistent down to its audit chain (bench_verify's generator: verify rebuilds the
    record's facts from the chain, so a record with an empty chain no longer verifies)."""
    return make_record(random.Random(SEED), 1)


def compiled_env(folder: Path) -> dict[str, str]:
    """The environment of the runs: bytecode cached (in ``folder``), as an installed app has it — a shell with
    PYTHONDONTWRITEBYTECODE would otherwise compile every module of the app on every start."""
    env = dict(os.environ, PYTHONPYCACHEPREFIX=str(folder / "pycache"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run(command: list[str], expect: int, env: dict[str, str]) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if result.returncode != expect:
        raise SystemExit(f"{command[3:]} exited {result.returncode}: {result.stderr.decode()[-2000:]}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="osgo-bench-cli-"))
    round_file = folder / "round.json"
    round_file.write_text(json.dumps(one_ballot_round(), ensure_ascii=False), encoding="utf-8")
    record_file = folder / "record.zip"
    record_file.write_bytes(tiny_record())
    python = sys.executable
    commands = {
        "python -c pass": ([python, "-c", "pass"], 0),
        "osgo tally (one ballot)": ([python, "-c", OSGO, "--lang", "en", "tally", "--input", str(round_file)], 0),
        "osgo verify (tiny record)": ([python, "-c", OSGO, "--lang", "en", "verify", str(record_file)], 0),
        "osgo --help": ([python, "-c", OSGO, "--help"], 0),
    }
    env = compiled_env(folder)
    for command, expect in commands.values():  # warm the file cache and write the bytecode
        run(command, expect, env)
    times: dict[str, list[float]] = {label: [] for label in commands}
    for _ in range(args.runs):
        for label, (command, expect) in commands.items():
            times[label].append(run(command, expect, env))
    base = statistics.median(times["python -c pass"])
    print(f"{python}, median of {args.runs} runs each, interleaved")
    for label, values in times.items():
        value = statistics.median(values)
        ratio = value / base
        goal = f"  (goal <= {GOAL_TALLY:.0f}x)" if label.startswith("osgo tally") else ""
        print(f"{label:28} {value * 1000:7.1f} ms  {ratio:5.2f}x{goal}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
