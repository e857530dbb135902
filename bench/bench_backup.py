"""Benchmark: ``osgo backup`` + ``osgo restore`` of the full demo with 1 GB of documents, against ``cp`` of the same
files plus ``sha256sum`` of them.

    python bench/bench_backup.py [--count 400] [--total-mb 1024] [--rounds 2] [--dir DIR]

Builds the full demo (``services.demo.load_demo(full=True)``) in a SQLite file, then adds ``count`` random
PDF-looking files of about ``total-mb`` MB in all: written straight into the document store under their SHA-256
(cheap but real) and filed as documents of the demo's applicants through a unit of work (so the audit chain names
them, as it would a file added at the desk). Then times, in turns: (a) the backup (``services.backup.back_up``, the
one ``osgo backup`` runs) plus the restore into a new SQLite file (``services.backup.restore``, which checks every
member, then the chain and every document); (b) ``cp`` of the database file and the document files into a fresh
folder followed by ``sha256sum`` of them. Dirty pages are flushed (untimed) before every run. Prints the ratio
(goal: (a)/(b) at most 2) and the disk space used at its peak; everything made is deleted at the end.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select

from osgo_desktop.clock import SystemClock
from osgo_desktop.domain.roles import Principal, Role
from osgo_desktop.services import backup, demo
from osgo_desktop.storage import models
from osgo_desktop.storage.documents import FileType
from osgo_desktop.storage.quick import sqlite_url
from osgo_desktop.storage.uow import Database

MiB = 1024 * 1024
HEADER = b"%PDF-1.4\n"
TRAILER = b"\n%%EOF\n"
BENCH = Principal(None, "bench", "Bench", frozenset(Role))


def add_documents(db: Database, count: int, total: int, rnd: random.Random) -> int:
    """``count`` random files of about ``total`` bytes in all, put in the store and filed as documents."""
    store = db.document_store()
    weights = [rnd.uniform(0.05, 1.0) for _ in range(count)]
    scale = total / sum(weights)
    filed = []
    for weight in weights:
        body = HEADER + rnd.randbytes(max(1, int(weight * scale) - len(HEADER) - len(TRAILER))) + TRAILER
        sha = hashlib.sha256(body).hexdigest()
        path = store.path(sha)
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(body)
        os.chmod(path, 0o444)
        filed.append((sha, len(body)))
    with db.uow() as uow:
        applications = list(uow.session.scalars(select(models.Application.id).order_by(models.Application.id)))
        for number, (sha, size) in enumerate(filed):
            uow.session.add(
                models.Document(
                    application_id=applications[number % len(applications)],
                    doc_type="other",
                    sha256=sha,
                    size=size,
                    file_type=FileType.PDF,
                    display_name=f"bench-{number:04}.pdf",
                )
            )
        uow.commit()
    return sum(size for _sha, size in filed)


def du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--count", type=int, default=400, help="number of added documents (default 400)")
    parser.add_argument("--total-mb", type=int, default=1024, help="their total size in MiB (default 1024)")
    parser.add_argument("--rounds", type=int, default=2, help="timed runs of each method (default 2)")
    parser.add_argument("--seed", type=int, default=20261204)
    parser.add_argument("--dir", type=Path, default=None, help="where to work (default: a temp folder)")
    args = parser.parse_args(argv)
    if shutil.which("cp") is None or shutil.which("sha256sum") is None:
        print("this benchmark needs cp and sha256sum (GNU coreutils)", file=sys.stderr)
        return 2
    Database.default_principal = BENCH
    clock = SystemClock()
    work = Path(tempfile.mkdtemp(prefix="osgo-bench-backup-", dir=args.dir))
    peak = 0
    try:
        source = work / "source" / "osgo.sqlite"
        started = time.perf_counter()
        db = Database.open(sqlite_url(source), clock)
        db.run(demo.load_demo, store=db.document_store(), full=True)
        added = add_documents(db, args.count, args.total_mb * MiB, random.Random(args.seed))
        store_root = db.documents_root
        files = [source, *sorted(p for p in store_root.rglob("*") if p.is_file())]
        total = sum(p.stat().st_size for p in files)
        print(
            f"full demo + {args.count} documents ({added / MiB:.0f} MiB): {len(files)} files, {total / MiB:.0f} MiB, "
            f"made in {time.perf_counter() - started:.1f} s ({work})"
        )
        # the database file alone is whole once its write-ahead log is folded in (cp reads the file, not the log)
        with db.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

        def ours(target: Path) -> None:
            nonlocal peak
            target.mkdir()
            out = target / "osgo.osgo-backup"
            db.run(backup.back_up, out)
            report = backup.restore(out, sqlite_url(target / "restored" / "osgo.sqlite"), clock)
            if not report.ok:
                raise SystemExit("\n".join(report.lines()))
            peak = max(peak, du(work))

        def shell(target: Path) -> None:
            target.mkdir()
            names = [str(p) for p in files]
            subprocess.run(["cp", *names, str(target)], check=True)
            subprocess.run(["sha256sum", *names], check=True, stdout=subprocess.DEVNULL)

        def timed(function: Callable[[Path], None], target: Path) -> float:
            os.sync()
            start = time.perf_counter()
            function(target)
            elapsed = time.perf_counter() - start
            shutil.rmtree(target)
            return elapsed

        methods: dict[str, Callable[[Path], None]] = {"backup + restore": ours, "cp + sha256sum": shell}
        for name, function in methods.items():  # warm-up: the code, the binaries, the page cache
            timed(function, work / f"warm-{name.split()[0]}")
        times: dict[str, list[float]] = {name: [] for name in methods}
        for round_number in range(args.rounds):
            order = list(methods.items())
            if round_number % 2:
                order.reverse()
            for name, function in order:
                times[name].append(timed(function, work / f"run-{round_number}-{name.split()[0]}"))
        width = max(map(len, methods))
        for name, runs in times.items():
            print(
                f"{name:<{width}}  best {min(runs):6.2f} s ({total / MiB / min(runs):6.0f} MiB/s)   "
                f"median {statistics.median(runs):6.2f} s   runs {', '.join(f'{run:.2f}' for run in runs)}"
            )
        ratio = min(times["backup + restore"]) / min(times["cp + sha256sum"])
        median = statistics.median(times["backup + restore"]) / statistics.median(times["cp + sha256sum"])
        print(f"ratio (backup + restore) / (cp + sha256sum): best {ratio:.2f}x, median {median:.2f}x (goal <= 2x)")
        print(f"disk used at the peak: {peak / MiB:.0f} MiB (the source, a backup and its restored copy)")
        db.close()
        return 0 if ratio <= 2 else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
