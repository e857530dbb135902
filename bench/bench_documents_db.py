"""Benchmark: documents kept in a PostgreSQL database (``DatabaseDocumentStore``) against the folder store, in the
same run on the same files.

    OSGO_TEST_POSTGRES_URL=postgresql+psycopg://postgres@127.0.0.1:55432/osgo_h5_bench \\
        python bench/bench_documents_db.py [--count 40] [--total-mb 200] [--rounds 3]

The database named is emptied first. Makes ``count`` PDF-looking files of random sizes (about ``total-mb`` MB in all),
reads them once (page cache), then times in turns, each into a fresh store: (a) ``put`` of every file into the
folder store, (b) ``put`` into the database store, (c) ``verify`` of every document in the folder store, (d)
``verify`` in the database store (every chunk streamed from the server and hashed), (e) ``path`` of every document
from the database store on a second "workstation" (a fresh cache: the checked copy a viewer opens). Reports the
median of each and the ratios (b)/(a), (d)/(c). No goal is asserted; the figures go in the report.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, text

from osgo_desktop.clock import SystemClock
from osgo_desktop.storage.documents import DocumentStore
from osgo_desktop.storage.documents_db import DatabaseDocumentStore
from osgo_desktop.storage.uow import Database

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_documents import make_files, warm  # the same files as the folder store's benchmark


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def one_round(db: Database, files: list[Path], work: Path, round_number: int) -> dict[str, float]:
    folder = DocumentStore(work / f"folder-{round_number}")
    with db.engine.begin() as connection:
        connection.execute(text("DELETE FROM document_blob"))
    store = DatabaseDocumentStore(db.engine, db.clock, work / f"cache-{round_number}")
    figures = {"folder put": timed(lambda: [folder.put(p) for p in files])}
    stored: list[str] = []
    figures["db put"] = timed(lambda: stored.extend(store.put(p).sha256 for p in files))
    figures["folder verify"] = timed(lambda: [folder.verify(s) for s in stored])
    figures["db verify"] = timed(lambda: [store.verify(s) for s in stored])
    other = DatabaseDocumentStore(db.engine, db.clock, work / f"other-{round_number}")  # a second workstation
    figures["db path"] = timed(lambda: [other.path(s) for s in stored])
    shutil.rmtree(work / f"folder-{round_number}", ignore_errors=True)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=40)
    parser.add_argument("--total-mb", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    url = os.environ.get("OSGO_TEST_POSTGRES_URL")
    if not url:
        print("set OSGO_TEST_POSTGRES_URL to a database this benchmark may empty", file=sys.stderr)
        return 2
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    work = Path(tempfile.mkdtemp(prefix="bench-docs-db-"))
    db = Database.open(url, SystemClock())
    try:
        (work / "in").mkdir()
        files = make_files(work / "in", args.count, args.total_mb * 1024 * 1024, random.Random(7))
        warm(files)
        size = sum(path.stat().st_size for path in files) / 1024 / 1024
        figures: dict[str, list[float]] = {
            k: [] for k in ("folder put", "db put", "folder verify", "db verify", "db path")
        }
        for round_number in range(args.rounds):
            for key, seconds in one_round(db, files, work, round_number).items():
                figures[key].append(seconds)
        median = {k: statistics.median(v) for k, v in figures.items()}
        print(f"{len(files)} files, {size:.0f} MB, {args.rounds} rounds (median seconds, MB/s)")
        for key, seconds in median.items():
            print(f"  {key:14} {seconds:7.2f} s  {size / seconds:7.0f} MB/s")
        print(f"  db put / folder put       {median['db put'] / median['folder put']:.2f}")
        print(f"  db verify / folder verify {median['db verify'] / median['folder verify']:.2f}")
    finally:
        db.close()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
