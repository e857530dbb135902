"""The audit chain check on a database with 100,000 log entries: the time it takes, and the time to write them.

    python bench/bench_audit.py [--rows 50000]

Writes ``--rows`` state bodies through the app (each an insert entry), changes each once (an update entry), then
times ``verify_chain`` over the whole log and every row.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from osgo_desktop.clock import SystemClock
from osgo_desktop.storage import audit, models
from osgo_desktop.storage.quick import sqlite_url
from osgo_desktop.storage.uow import Database


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Database.open(sqlite_url(Path(folder) / "bench.sqlite"), SystemClock())
        started = time.perf_counter()
        with db.uow() as uow:
            rows = [models.StateBody(name_ky=f"Орган {i}", name_ru=f"Орган {i}", name_en="") for i in range(args.rows)]
            uow.session.add_all(rows)
            uow.session.flush()
            for row in rows:
                row.name_en = f"Body {row.id}"
            uow.commit()
        written = time.perf_counter() - started
        with db.engine.connect() as connection:
            report = audit.verify_chain(connection)
        db.close()
    assert report.ok, audit.describe(report)
    print(f"wrote {report.entries} entries for {report.rows} rows in {written:.1f} s")
    print(f"verify_chain: {report.seconds:.2f} s")


if __name__ == "__main__":
    main()
