"""Benchmark: importing files into the DocumentStore against ``cp`` plus ``sha256sum`` of the same files.

    python bench/bench_documents.py [--count 500] [--total-mb 1024] [--rounds 3]

Makes ``count`` PDF-looking files of random sizes (about ``total-mb`` MB in all) in a temporary folder, reads them
once so that every run finds them in the page cache, then times, in turns, (a) ``DocumentStore.put`` of every file
into a fresh store and (b) ``cp`` of the files into a fresh folder followed by ``sha256sum`` of them. Both copy and
hash the same bytes; the store also checks the type, makes the file read-only and fsyncs it (``cp`` does not), so
a third figure, (c) ``cp`` + ``sha256sum`` + ``sync``, shows what the same durability costs the shell. Dirty pages
are flushed (untimed) before every run so that one run's write-back does not fall on the next. Goal: (a)/(b) at
most 1.5. Everything made is deleted at the end.
"""

from __future__ import annotations

import argparse
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

from osgo_desktop.storage.documents import DEFAULT_MAX_BYTES, DocumentStore

MiB = 1024 * 1024
HEADER = b"%PDF-1.4\n"
TRAILER = b"\n%%EOF\n"


def make_files(folder: Path, count: int, total: int, rnd: random.Random) -> list[Path]:
    """``count`` files whose sizes are random shares of ``total``, each within the store's limit."""
    weights = [rnd.uniform(0.05, 1.0) for _ in range(count)]
    scale = total / sum(weights)
    paths = []
    for index, weight in enumerate(weights):
        size = max(len(HEADER) + len(TRAILER) + 1, min(DEFAULT_MAX_BYTES, int(weight * scale)))
        path = folder / f"doc-{index:04}.pdf"
        with path.open("wb") as file:
            file.write(HEADER)
            left = size - len(HEADER) - len(TRAILER)
            while left:
                piece = min(left, 4 * MiB)
                file.write(rnd.randbytes(piece))
                left -= piece
            file.write(TRAILER)
        paths.append(path)
    return paths


def warm(paths: list[Path]) -> None:
    for path in paths:
        with path.open("rb") as file:
            while file.read(4 * MiB):
                pass


def import_all(paths: list[Path], target: Path) -> None:
    store = DocumentStore(target)
    for path in paths:
        store.put(path)


def cp_and_sha256sum(paths: list[Path], target: Path) -> None:
    target.mkdir()
    names = [str(path) for path in paths]
    subprocess.run(["cp", *names, str(target)], check=True)
    subprocess.run(["sha256sum", *names], check=True, stdout=subprocess.DEVNULL)


def cp_sha256sum_and_sync(paths: list[Path], target: Path) -> None:
    cp_and_sha256sum(paths, target)
    os.sync()


def timed(function: Callable[[list[Path], Path], None], paths: list[Path], target: Path) -> float:
    os.sync()  # untimed: the previous run's dirty pages are written before this one starts
    start = time.perf_counter()
    function(paths, target)
    elapsed = time.perf_counter() - start
    shutil.rmtree(target)
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--count", type=int, default=500, help="number of files (default 500)")
    parser.add_argument("--total-mb", type=int, default=1024, help="their total size in MiB (default 1024)")
    parser.add_argument("--rounds", type=int, default=3, help="timed runs of each method (default 3)")
    parser.add_argument("--seed", type=int, default=20240524)
    parser.add_argument("--dir", type=Path, default=None, help="where to make the files (default: a temp folder)")
    args = parser.parse_args(argv)
    if shutil.which("cp") is None or shutil.which("sha256sum") is None:
        print("this benchmark needs cp and sha256sum (GNU coreutils)", file=sys.stderr)
        return 2

    work = Path(tempfile.mkdtemp(prefix="osgo-bench-documents-", dir=args.dir))
    try:
        source = work / "source"
        source.mkdir()
        started = time.perf_counter()
        paths = make_files(source, args.count, args.total_mb * MiB, random.Random(args.seed))
        total = sum(path.stat().st_size for path in paths)
        print(f"made {len(paths)} files, {total / MiB:.0f} MiB, in {time.perf_counter() - started:.1f} s ({work})")

        methods: dict[str, Callable[[list[Path], Path], None]] = {
            "DocumentStore.put": import_all,
            "cp + sha256sum": cp_and_sha256sum,
            "cp + sha256sum + sync": cp_sha256sum_and_sync,
        }
        warm(paths)
        for name, function in methods.items():  # warm-up: the code, the binaries, the page cache
            timed(function, paths, work / f"warm-{name.split()[0]}")
        times: dict[str, list[float]] = {name: [] for name in methods}
        for round_number in range(args.rounds):
            # Turns in a different order each round, so that drift on the machine falls on all of them alike.
            order = list(methods.items())
            if round_number % 2:
                order.reverse()
            for name, function in order:
                times[name].append(timed(function, paths, work / f"run-{round_number}-{name.split()[0]}"))

        width = max(map(len, methods))
        for name, runs in times.items():
            best, median = min(runs), statistics.median(runs)
            print(
                f"{name:<{width}}  best {best:6.2f} s ({total / MiB / best:6.0f} MiB/s)   median {median:6.2f} s   "
                f"runs {', '.join(f'{run:.2f}' for run in runs)}"
            )
        ours, shell = times["DocumentStore.put"], times["cp + sha256sum"]
        ratio = min(ours) / min(shell)
        median_ratio = statistics.median(ours) / statistics.median(shell)
        print(f"ratio put / (cp + sha256sum): best {ratio:.2f}x, median {median_ratio:.2f}x (goal <= 1.5x)")
        durable = min(ours) / min(times["cp + sha256sum + sync"])
        print(f"ratio put / (cp + sha256sum + sync): best {durable:.2f}x")
        return 0 if ratio <= 1.5 else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
