"""Benchmark: the audit check the CLI makes whenever it opens a database (``storage.chain_head``), in the same run
as its baseline.

    python bench/bench_chain_open.py [--runs 9] [--rows 50000]

1. The demo database: opening it and listing the competitions (what ``osgo competitions list`` does once the
   interpreter has started), with and without the check on opening; the check being incremental (it has run once).
2. A database with ``2 × --rows`` audit entries (``--rows`` state bodies written through the app, each changed
   once): the full check, the incremental check when the file is unchanged since the last one, and the incremental
   check after one change made by the app (the hashes after the last entry checked, and every row).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from osgo_desktop.clock import SystemClock  # noqa: E402
from osgo_desktop.services import competitions, demo  # noqa: E402
from osgo_desktop.storage import chain_head, models  # noqa: E402
from osgo_desktop.storage.quick import sqlite_url  # noqa: E402
from osgo_desktop.storage.uow import Database  # noqa: E402


def median_seconds(work: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def open_and_list(url: str, check: bool) -> None:
    db = Database.open(url, SystemClock())
    if check:
        chain_head.check_on_opening(db.engine)
    db.run(competitions.list_competitions)
    if check:
        chain_head.remember_head(db.engine)
    db.close()


def demo_opening(folder: Path, runs: int) -> None:
    url = sqlite_url(folder / "demo.sqlite")
    db = Database.open(url, SystemClock())
    db.run(demo.load_demo, store=db.document_store())
    full = chain_head.check_on_opening(db.engine, full=True).report
    db.close()
    open_and_list(url, check=True)  # the first check on this computer
    without = median_seconds(lambda: open_and_list(url, check=False), runs)
    with_check = median_seconds(lambda: open_and_list(url, check=True), runs)
    print(f"demo ({full.entries} entries, {full.rows} rows): full check {full.seconds * 1000:.1f} ms")
    print(
        f"  open + list: without the check {without * 1000:.1f} ms, with it {with_check * 1000:.1f} ms "
        f"(ratio {with_check / without:.2f})"
    )


def big_log(folder: Path, rows: int, runs: int) -> None:
    db = Database.open(sqlite_url(folder / "big.sqlite"), SystemClock())
    with db.uow() as uow:
        bodies = [models.StateBody(name_ky=f"Орган {i}", name_ru=f"Орган {i}", name_en="") for i in range(rows)]
        uow.session.add_all(bodies)
        uow.session.flush()
        for body in bodies:
            body.name_en = f"Body {body.id}"
        uow.commit()
    db.close()
    url = sqlite_url(folder / "big.sqlite")

    def check(full: bool = False, write: bool = False) -> chain_head.OpeningCheck:
        db = Database.open(url, SystemClock())
        if write:
            with db.uow() as uow:
                body = uow.session.get(models.StateBody, 1)
                assert body is not None
                body.name_en += "."
                uow.commit()
        started = time.perf_counter()
        opening = chain_head.check_on_opening(db.engine, full=full)
        elapsed = time.perf_counter() - started
        db.close()
        assert opening.report.ok
        timings.append(elapsed)
        return opening

    timings: list[float] = []
    first = check(full=True)
    full = [check(full=True) and timings[-1] for _ in range(max(1, runs // 3))]
    unchanged = [check() and timings[-1] for _ in range(runs)]
    written = [check(write=True) and timings[-1] for _ in range(max(1, runs // 3))]
    print(f"{first.report.entries} entries over {first.report.rows} rows:")
    print(f"  full check {statistics.median(full):.3f} s")
    print(
        f"  incremental, file unchanged {statistics.median(unchanged) * 1000:.1f} ms "
        f"(ratio to full {statistics.median(unchanged) / statistics.median(full):.3f})"
    )
    print(
        f"  incremental after one change by the app {statistics.median(written):.3f} s "
        f"(ratio to full {statistics.median(written) / statistics.median(full):.2f})"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--rows", type=int, default=50_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        demo_opening(Path(folder), args.runs)
        big_log(Path(folder), args.rows, args.runs)


if __name__ == "__main__":
    main()
