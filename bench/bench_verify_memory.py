"""Benchmark: the peak memory (and time) of ``verify_record`` on a record of 100,000 ballots; the goal is under
500 MB.

The record is bench_verify's (its generator, at 100,000 ballots: 200,000 entries, 200,000 audit entries, the
round's protocols), written to a temporary file. The check runs in a child process of its own, which reports its
own peak resident set size: ``VmHWM`` of ``/proc/self/status``, which starts afresh at ``exec`` (``ru_maxrss``
does not: a child forked from this generator would count the generator's memory); a first child that only imports
the verifier gives the floor every Python process pays. Run from the repository root:
``python bench/bench_verify_memory.py [ballots] [--keep PATH]``: with ``--keep``, the record is written to PATH
once and read from there on later runs (building 100,000 ballots takes minutes; delete the file to build it anew,
for another number of ballots or a changed generator).
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_verify import SEED, make_record  # noqa: E402  (bench/ is no package)

BALLOTS = 100_000
LIMIT_MB = 500

_PEAK = """
import re
with open("/proc/self/status") as status:
    print(int(re.search(r"VmHWM:\\s+(\\d+) kB", status.read())[1]) / 1024)
"""
_IMPORT = "import osgo_desktop.verifier.record\n" + _PEAK
_VERIFY = (
    """
import sys
from osgo_desktop.verifier.record import verify_record
report = verify_record(sys.argv[1])
print(report.ok, report.ballots, report.audit_entries, f"{report.seconds:.2f}")
for failure in report.failures[:5]:
    print(failure)
"""
    + _PEAK
)


def peak_mb(code: str, *args: str) -> tuple[float, str, float]:
    """Run ``code`` in a fresh Python: its peak RSS in MB (the last line it prints), what it printed before, and
    its wall time."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, check=True, timeout=3600
    )
    seconds = time.perf_counter() - start
    *lines, peak = done.stdout.strip().splitlines()
    return float(peak), "\n".join(lines), seconds


def main() -> None:
    args = sys.argv[1:]
    keep: Path | None = None
    if "--keep" in args:
        at = args.index("--keep")
        keep = Path(args[at + 1])
        del args[at : at + 2]
    ballots = int(args[0]) if args else BALLOTS
    with tempfile.TemporaryDirectory() as folder:
        path = keep if keep is not None else Path(folder) / "record.zip"
        if keep is None or not keep.exists():
            path.write_bytes(make_record(random.Random(SEED), ballots))
        floor, _out, _seconds = peak_mb(_IMPORT)
        peak, out, seconds = peak_mb(_VERIFY, str(path))
        print(f"record: {path.stat().st_size / 1e6:.1f} MB zipped, {ballots:,} ballots")
    ok, counted, entries, checked = out.splitlines()[0].split()
    print(f"verify_record(): {out.splitlines()[0]}  (ok, ballots, audit entries, seconds it reports)")
    assert ok == "True", out
    print(f"python + import of the verifier   {floor:8.1f} MB peak RSS")
    print(f"verify_record()                   {peak:8.1f} MB peak RSS, {seconds:.1f} s in its process")
    verdict = "meets" if peak < LIMIT_MB else "MISSES"
    print(f"{verdict} the goal: under {LIMIT_MB} MB ({counted} ballots, {entries} audit entries, {checked} s checking)")


if __name__ == "__main__":
    main()
