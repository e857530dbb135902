"""Benchmark: ``verify_record`` of a record with 10,000 ballots against reading it (unzip, json.loads of
record.json, SHA-256 of every member) and recounting it with ``collections.Counter`` — what any check must do at
the least. The goal (issue 14): verify within 2x of that, measured as a ratio in the same run.

The record is synthetic and consistent: 300 candidates, one closed round of 10,000 papers each entered twice
(20,000 entries), its input and the engine's result, a screening protocol and the round's vote protocol and tally
sheet in two languages with their real fingerprints (the round's basis holds every entry) and "PDFs" of random bytes,
its verify.html, and an audit chain (record format 2) of 20,000 entries, one for each ballot entry's row, with real
hashes. ``bench_verify_memory.py`` uses the same generator at 100,000 ballots. Run from the repository root:
``python bench/bench_verify.py``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import random
import sys
import time
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from osgo_desktop.domain.audit_chain import GENESIS, canonical_json, entry_hash, personal_fields_json
from osgo_desktop.domain.record import RECORD_FORMAT, ProtocolKind, protocol_fingerprint
from osgo_desktop.domain.tally import parse_tally_input, result_to_json, tally
from osgo_desktop.domain.voting import combine, outcome_to_json
from osgo_desktop.services.export import write_zip
from osgo_desktop.verifier.record import VERIFY_PAGE, verify_page, verify_record

CANDIDATES = 300
BALLOTS = 10_000
SEATS = 15
REPEATS = 5
#: verify may take this many times the baseline (issue 14, item 6)
GOAL = 2.0
SEED = 20140524


def make_record(rnd: random.Random, ballots: int = BALLOTS) -> bytes:
    """A consistent record of ``ballots`` papers (see the module's docstring), as the zip's bytes."""
    ids = [f"2026/04-{n:03}" for n in range(1, CANDIDATES + 1)]
    candidates = [
        {
            "id": cid,
            "name": f"Талапкер {n:03}",
            "sex": rnd.choice("FM"),
            "organization": f"org{rnd.randrange(120)}",
            "admitted": True,
        }
        for n, cid in enumerate(ids, start=1)
    ]
    entries = []
    counted = []
    for serial in range(1, ballots + 1):
        numbers = sorted(rnd.sample(range(1, CANDIDATES + 1), rnd.randint(0, SEATS)))
        marks = [ids[n - 1] for n in numbers]
        printed = f"{serial:03d}"
        for side in ("secretariat", "counting"):
            entries.append({"serial": printed, "side": side, "entrant": side, "marks": marks, "at": None})
        counted.append({"serial": printed, "marks": marks})
    round_input = {
        "seats": SEATS,
        "max_marks": SEATS,
        "blank_is_valid": True,
        "sex_cap_percent": 70,
        "composition_size": SEATS,
        "one_per_organization": True,
        "min_votes": 0,
        "already_elected": [],
        "lot_order": [],
        "candidates": [{k: c[k] for k in ("id", "name", "sex", "organization")} for c in candidates],
        "ballots": counted,
    }
    result = result_to_json(tally(parse_tally_input(round_input)))
    record: dict[str, Any] = {
        "format": RECORD_FORMAT,
        "competition": {
            "number": "2026/04",
            "kind": "council",
            "variant": "regular",
            "body": None,
            "seats": SEATS,
            "term_years": 2,
        },
        "candidates": candidates,
        "screening": [{"application": c["id"], "status": "admitted", "failed": []} for c in candidates],
        "sessions": [{"id": 1}],
        "rounds": [
            {
                "number": 1,
                "session": 1,
                "state": "closed",
                "candidates": [{"number": n, "id": cid} for n, cid in enumerate(ids, start=1)],
                "entries": entries,
                "settlements": [],
                "input": round_input,
                "result": result,
            }
        ],
        "amendments": [],
    }
    final = combine(parse_tally_input(round_input), [])
    record["outcome"] = outcome_to_json(final)
    # the screening protocol, and the round's vote protocol and tally sheet in Kyrgyz and Russian (their basis is
    # the whole round: every entry of every paper); "PDFs" of random bytes, which say nothing about themselves
    papers = [(ProtocolKind.SCREENING, 0, "2026/04-S", "ky", 200_000)]
    papers += [
        (kind, 1, f"2026/04-{letter}1", lang, 20_000)
        for kind, letter in ((ProtocolKind.VOTE, "V"), (ProtocolKind.TALLY_SHEET, "T"))
        for lang in ("ky", "ru")
    ]
    files: dict[str, bytes] = {}
    record["protocols"] = []
    for kind, round_number, number, lang, size in papers:
        name = f"protocols/{number.replace('/', '-')}-v1-{lang}.pdf"
        files[name] = rnd.randbytes(size)
        record["protocols"].append(
            {
                "kind": kind.value,
                "round": round_number,
                "lang": lang,
                "number": number,
                "version": 1,
                "superseded": False,
                "fingerprint": protocol_fingerprint(record, kind, round_number),
                "file": name,
                "file_sha256": hashlib.sha256(files[name]).hexdigest(),
            }
        )
    record["signed_copies"] = []
    # the audit chain (record format 2): an entry for each ballot entry's row, as the app spells the row
    chain, prev = [], GENESIS
    at = dt.datetime(2026, 11, 23, 8, 0)
    number_of = {cid: n for n, cid in enumerate(ids, start=1)}
    for seq, entry in enumerate(entries, start=1):
        row = {
            "entered_at": at.isoformat(),
            "entrant_id": 1 if entry["side"] == "secretariat" else 2,
            "id": seq,
            "marks": json.dumps([number_of[cid] for cid in entry["marks"]]),
            "round_id": 1,
            "serial": int(entry["serial"]),
            "side": entry["side"],
        }
        data, key = canonical_json(row), canonical_json({"id": seq})
        digest = entry_hash(
            seq, at, "bench", "insert", "ballot_entry", key, data, prev, personal_hash=None, legacy_hash=None
        )
        chain.append(
            {
                "seq": seq,
                "at": at.isoformat(timespec="microseconds"),
                "actor": "bench",
                "action": "insert",
                "table": "ballot_entry",
                "key": key,
                "data": data,
                "personal_hash": None,
                "legacy_hash": None,
                "prev_hash": prev,
                "hash": digest,
            }
        )
        prev = digest
    record["audit"] = {
        "head": {"seq": len(chain), "hash": prev},
        "personal_fields": personal_fields_json(),
        "entries": chain,
    }
    text = json.dumps(record, ensure_ascii=False, indent=1).encode()
    return write_zip({"record.json": text, VERIFY_PAGE: verify_page(), **files})


def best_times(functions: list[Callable[[], object]]) -> list[float]:
    """The best of REPEATS runs of each, in CPU time of this process (both are single-threaded: CPU time is what a
    busy machine disturbs least), taken in turns."""
    best = [float("inf")] * len(functions)
    for _ in range(REPEATS):
        for index, function in enumerate(functions):
            start = time.process_time()
            function()
            best[index] = min(best[index], time.process_time() - start)
    return best


def main() -> None:
    data = make_record(random.Random(SEED))

    def baseline() -> None:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for name in archive.namelist():
                raw = archive.read(name)
                hashlib.sha256(raw).hexdigest()
                if name == "record.json":
                    record = json.loads(raw)
        for round_ in record["rounds"]:
            Counter(mark for ballot in round_["input"]["ballots"] for mark in ballot["marks"])

    report = verify_record(data)
    assert report.ok, report.failures[:5]
    print(
        f"record: {len(data) / 1e6:.1f} MB zipped; {report.ballots:,} ballots x {CANDIDATES} candidates, "
        f"{2 * BALLOTS:,} entries, {report.audit_entries:,} audit entries, {report.files} files"
    )
    base, verify = best_times([baseline, lambda: verify_record(data)])
    ratio = verify / base
    print(f"read + recount: unzip, json.loads, sha256, Counter  {base * 1000:9.1f} ms  (baseline)")
    print(f"verify_record()                                     {verify * 1000:9.1f} ms")
    print(f"ratio verify / baseline                             {ratio:9.2f}x")
    print(f"{'meets' if ratio <= GOAL else 'MISSES'} the goal: within {GOAL:g}x of reading and recounting the record")


if __name__ == "__main__":
    main()
