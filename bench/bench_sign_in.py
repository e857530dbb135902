"""Benchmark: one sign-in at the production Argon2id cost (``passwords.PRODUCTION``), against what the vote
session's old PINs cost to check (one PBKDF2-SHA256 of 120 000 rounds, as ``domain.voting.hash_pin`` hashes them) and
one light SQLite query, in the same run. The issue asks for a sign-in under 1 s.

    python bench/bench_sign_in.py [--runs N]

A sign-in here is the whole use case: the account read, Argon2id verified, the unit of work committed
(``services.accounts.sign_in``) on a SQLite file; the median of ``--runs``.
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402

from osgo_desktop import passwords  # noqa: E402
from osgo_desktop.clock import SystemClock  # noqa: E402
from osgo_desktop.services import accounts  # noqa: E402
from osgo_desktop.storage.quick import sqlite_url  # noqa: E402
from osgo_desktop.storage.uow import Database  # noqa: E402

GOAL_SECONDS = 1.0
#: the old entry PINs' PBKDF2 rounds (what a 4-digit PIN was hashed with before issue 15)
OLD_PIN_ROUNDS = 120_000


def median_of(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    passwords.use_cost(passwords.PRODUCTION)
    cost = passwords.PRODUCTION
    with tempfile.TemporaryDirectory() as folder:
        db = Database.open(sqlite_url(Path(folder) / "bench.sqlite"), SystemClock())
        with db.uow() as uow:
            accounts.create_first_administrator(uow, "admin", "Admin", "a password of the bench")

        def sign_in() -> object:
            with db.uow() as uow:
                return accounts.sign_in(uow, "admin", "a password of the bench")

        def query() -> object:
            with db.engine.connect() as connection:
                return connection.execute(text("SELECT count(*) FROM account")).scalar()

        sign_in()  # warm: the first unit of work loads the mappers
        signing = median_of(args.runs, sign_in)
        hashing = median_of(args.runs, lambda: passwords.hash_secret("a password of the bench"))
        pbkdf2 = median_of(args.runs, lambda: hashlib.pbkdf2_hmac("sha256", b"1357", b"salt" * 4, OLD_PIN_ROUNDS))
        light = median_of(args.runs * 10, query)
        db.close()
    print(f"Argon2id t={cost.time_cost} m={cost.memory_cost // 1024} MiB p={cost.parallelism}; median of {args.runs}")
    print(f"  one sign-in (read, verify, commit)   {signing * 1000:8.1f} ms")
    print(f"  one new hash (add / reset)           {hashing * 1000:8.1f} ms")
    print(
        f"  old PIN check, PBKDF2 {OLD_PIN_ROUNDS:,} rounds  {pbkdf2 * 1000:8.1f} ms"
        f"  (sign-in = {signing / pbkdf2:.1f}×)"
    )
    print(f"  one light SQLite query               {light * 1000:8.2f} ms  (sign-in = {signing / light:.0f}×)")
    verdict = "within" if signing < GOAL_SECONDS else "OVER"
    print(f"  goal: a sign-in under {GOAL_SECONDS:.0f} s — {verdict}")
    return 0 if signing < GOAL_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
