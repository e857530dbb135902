"""Benchmark: ``verify_record`` of a record with 10,000 ballots against reading it (unzip, json.loads of
record.json, SHA-256 of every member) and recounting it with ``collections.Counter`` — what any check must do at
the least. The goal (issue 14): verify within 2x of that, measured as a ratio in the same run, each timed in a
process of its own as ``osgo verify`` runs (and, for comparison, in turns in this process: see ``best_times``).

The record is synthetic and consistent: 300 candidates, one closed round of 10,000 papers each entered twice
(20,000 entries), its input and the engine's result, a screening protocol and the round's vote protocol and tally
sheet in two languages with their real fingerprints (the round's basis holds every entry) and "PDFs" of random bytes,
its verify.html, and an audit chain (record format 2) that holds every row the record is made of, as
``storage.audit`` writes them (the competition, its organisations, people and applications with their personal
fields split off under a salted hash, the vote session, its entrants and voters, the round and its candidates, one
entry for each ballot entry's row, and the competition's row holding the record frozen at the close), with real
hashes: verify's facts check (``verifier.chain_facts``) rebuilds the record from it, and the bench requires
"Verified". ``bench_verify_memory.py`` uses the same generator at 100,000 ballots. Run from the repository root:
``python bench/bench_verify.py``.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import io
import json
import random
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from osgo_desktop.domain.audit_chain import (
    GENESIS,
    canonical_json,
    entry_hash,
    personal_fields_json,
    personal_hash,
    split_row,
)
from osgo_desktop.domain.record import RECORD_FORMAT, ProtocolKind, protocol_fingerprint
from osgo_desktop.domain.registry import full_name
from osgo_desktop.domain.tally import parse_tally_input, result_to_json, tally
from osgo_desktop.domain.voting import combine, outcome_to_json
from osgo_desktop.services.export import write_zip
from osgo_desktop.verifier.record import VERIFY_PAGE, verify_page, verify_record

CANDIDATES = 300
BALLOTS = 10_000
SEATS = 15
REPEATS = 7
#: verify may take this many times the baseline (issue 14, item 6)
GOAL = 2.0
SEED = 20140524


def make_record(rnd: random.Random, ballots: int = BALLOTS) -> bytes:
    """A consistent record of ``ballots`` papers (see the module's docstring), as the zip's bytes."""
    ids = [f"2026/04-{n:03}" for n in range(1, CANDIDATES + 1)]
    organizations = [(f"org{k}", f"орг{k}") for k in range(120)]
    nominated = [rnd.randrange(len(organizations)) for _ in ids]
    sexes = [rnd.choice("FM") for _ in ids]
    candidates = [
        {
            "id": cid,
            "name": full_name("Талапкер", f"{n:03}"),
            "sex": sexes[n - 1],
            "organization": organizations[nominated[n - 1]][0],
            "organization_ru": organizations[nominated[n - 1]][1],
            "admitted": True,
        }
        for n, cid in enumerate(ids, start=1)
    ]
    entrants = {"secretariat": (1, "Катчы Айгүл"), "counting": (2, "Эсептөөчү Бакыт")}
    members = [f"Мүчө {n:02}" for n in range(1, SEATS + 1)]
    entries = []
    counted = []
    for serial in range(1, ballots + 1):
        numbers = sorted(rnd.sample(range(1, CANDIDATES + 1), rnd.randint(0, SEATS)))
        marks = [ids[n - 1] for n in numbers]
        printed = f"{serial:03d}"
        for side in ("secretariat", "counting"):
            entries.append(
                {"serial": printed, "side": side, "entrant": entrants[side][1], "marks": marks, "at": _AT_RECORD}
            )
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
    session = {
        "id": 1,
        "held_on": "2026-11-23",
        "place": "Бишкек",
        "place_ru": "Бишкек",
        "start_time": "10:00",
        "mode": "paper",
        "members_total": SEATS,
        "quorum": SEATS // 2 + 1,
        "present": members,
        "chair": members[0],
        "secretary": members[1],
        "counting_present": [],
        "voters": members,
        "entrants": [{"name": name, "side": side} for side, (_id, name) in entrants.items()],
    }
    papers = {"printed": ballots, "issued": ballots, "returned": 0, "unused": 0}
    record: dict[str, Any] = {
        "format": RECORD_FORMAT,
        "competition": {
            "number": "2026/04",
            "kind": "council",
            "variant": "regular",
            "body": None,
            "seats": SEATS,
            "term_years": 2,
            "state": "closed",
        },
        "candidates": candidates,
        "screening": [{"application": c["id"], "status": "admitted", "failed": []} for c in candidates],
        "sessions": [session],
        "rounds": [
            {
                "number": 1,
                "session": 1,
                "runoff": False,
                "state": "closed",
                "candidates": [{"number": n, "id": cid} for n, cid in enumerate(ids, start=1)],
                "papers": papers,
                "entries": entries,
                "settlements": [],
                "lots": None,
                "input": round_input,
                "result": result,
            }
        ],
        "amendments": [],
    }
    final = combine(parse_tally_input(round_input), [])
    record["outcome"] = outcome_to_json(final)
    # the record frozen at the close, as the competition's row keeps it (services.record.freeze; its JSON column
    # spells it with sorted keys): verify binds a closed competition's record to it
    closed_record = json.dumps(record, sort_keys=True, ensure_ascii=False)
    # the screening protocol, and the round's vote protocol and tally sheet in Kyrgyz and Russian (their basis is
    # the whole round: every entry of every paper); "PDFs" of random bytes, which say nothing about themselves
    papers_made = [(ProtocolKind.SCREENING, 0, "2026/04-S", "ky", 200_000)]
    papers_made += [
        (kind, 1, f"2026/04-{letter}1", lang, 20_000)
        for kind, letter in ((ProtocolKind.VOTE, "V"), (ProtocolKind.TALLY_SHEET, "T"))
        for lang in ("ky", "ru")
    ]
    files: dict[str, bytes] = {}
    record["protocols"] = []
    for kind, round_number, number, lang, size in papers_made:
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
    # the audit chain (record format 2): every row the record is made of, as storage.audit writes it
    chain = _Chain(rnd)
    competition_row = {
        "id": 1,
        "number": "2026/04",
        "kind": "council",
        "variant": "regular",
        "seats": SEATS,
        "term_years": 2,
        "state": "voting",
        "closed_record": None,
    }
    chain.add("insert", "competition", competition_row)
    for oid, (name, name_ru) in enumerate(organizations, start=1):
        chain.add("insert", "organization", {"id": oid, "name": name, "name_ru": name_ru, "kind": "ngo"})
    for n in range(1, CANDIDATES + 1):
        person = {
            "id": n,
            "surname": "Талапкер",
            "name": f"{n:03}",
            "patronymic": "",
            "sex": sexes[n - 1],
            "birth_date": f"19{rnd.randrange(50, 99)}-0{rnd.randrange(1, 10)}-1{rnd.randrange(10)}",
            "pin": f"{rnd.randrange(10**13, 10**14)}",
            "phone": f"+996 555 {rnd.randrange(10**6):06}",
            "email": "",
            "address": "Бишкек",
            "workplace": "",
            "position": "",
        }
        chain.add("insert", "person", person)
        application = {
            "id": n,
            "competition_id": 1,
            "number": n,
            "person_id": n,
            "association_id": None,
            "organization_id": nominated[n - 1] + 1,
            "late": False,
            "notes": "",
            "withdraw_reason": "",
        }
        chain.add("insert", "application", application)
    roll = {
        "present": [{"name": m, "role": "member"} for m in members],
        "counting": [],
        "chair": members[0],
        "secretary": members[1],
        "conflicts": [],
    }
    session_row = {k: session[k] for k in ("id", "held_on", "place", "place_ru", "start_time", "mode")}
    session_row |= {"competition_id": 1, "members_total": SEATS, "quorum": SEATS // 2 + 1, "roll": json.dumps(roll)}
    chain.add("insert", "vote_session", session_row)
    for side, (eid, name) in entrants.items():
        entrant = {"id": eid, "session_id": 1, "side": side, "name": name, "pin_hash": f"600000${eid:032x}$" + "0" * 64}
        chain.add("insert", "entrant", entrant)
    for number, name in enumerate(members, start=1):
        voter = {"id": number, "session_id": 1, "number": number, "name": name, "present": True, "note": ""}
        chain.add("insert", "voter", voter)
    round_row = {
        "id": 1,
        "competition_id": 1,
        "session_id": 1,
        "number": 1,
        "runoff_of_id": None,
        "state": "open",
        "papers_printed": ballots,
        "papers_issued": ballots,
        "papers_returned": 0,
        "papers_unused": 0,
        "lot_order": "[]",
        "lots_entrant_id": None,
        "lots_note": "",
        "input_json": None,
        "result_json": None,
    }
    chain.add("insert", "vote_round", round_row)
    for n in range(1, CANDIDATES + 1):
        chain.add(
            "insert",
            "round_candidate",
            {"application_id": n, "number": n, "round_id": 1},
            ("application_id", "round_id"),
        )
    number_of = {cid: n for n, cid in enumerate(ids, start=1)}
    for row_id, entry in enumerate(entries, start=1):
        row = {
            "entered_at": _AT.isoformat(),
            "entrant_id": entrants[entry["side"]][0],
            "id": row_id,
            "marks": json.dumps([number_of[cid] for cid in entry["marks"]]),
            "round_id": 1,
            "serial": int(entry["serial"]),
            "side": entry["side"],
        }
        chain.add("insert", "ballot_entry", row)
    round_row |= {
        "state": "closed",
        "input_json": json.dumps(round_input, sort_keys=True, ensure_ascii=False),
        "result_json": json.dumps(result, sort_keys=True, ensure_ascii=False),
    }
    chain.add("update", "vote_round", round_row)
    chain.add("update", "competition", competition_row | {"state": "closed", "closed_record": closed_record})
    record["audit"] = {
        "head": {"seq": chain.seq, "hash": chain.prev},
        "personal_fields": personal_fields_json(),
        "entries": chain.entries,
    }
    text = (json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n").encode()  # as services.export writes it
    return write_zip({"record.json": text, VERIFY_PAGE: verify_page(), **files})


#: when every paper was entered (the chain's spelling, and the record's: to the second, UTC)
_AT = dt.datetime(2026, 11, 23, 8, 0)
_AT_RECORD = "2026-11-23T08:00:00Z"


class _Chain:
    """The audit entries of a record in format 2, as ``storage.audit`` writes them and ``services.export`` exports
    them: each row's personal fields left out of its ``data`` and covered by a salted hash."""

    def __init__(self, rnd: random.Random) -> None:
        self.rnd = rnd
        self.entries: list[dict[str, Any]] = []
        self.seq = 0
        self.prev = GENESIS

    def add(self, action: str, table: str, row: dict[str, Any], key_columns: tuple[str, ...] = ("id",)) -> None:
        self.seq += 1
        rest, personal = split_row(table, row)
        salted = None if personal is None else personal_hash(self.rnd.randbytes(16).hex(), canonical_json(personal))
        key, data = canonical_json({k: row[k] for k in key_columns}), canonical_json(rest)
        digest = entry_hash(
            self.seq, _AT, "bench", action, table, key, data, self.prev, personal_hash=salted, legacy_hash=None
        )
        self.entries.append(
            {
                "seq": self.seq,
                "at": _AT.isoformat(timespec="microseconds"),
                "actor": "bench",
                "action": action,
                "table": table,
                "key": key,
                "data": data,
                "personal_hash": salted,
                "legacy_hash": None,
                "prev_hash": self.prev,
                "hash": digest,
            }
        )
        self.prev = digest


def best_times(functions: list[Callable[[], object]]) -> list[float]:
    """The best of REPEATS runs of each in this process, in CPU time (both are single-threaded: CPU time is what a
    busy machine disturbs least), taken in turns, each from a collected heap, with Python's garbage collector on.
    (Without the collection, what one run left behind is collected during the next: a full collection of some 80 ms
    that fell in the baseline's runs or in verify's, by turns.) The memory one run let go is still mapped for the
    next: the baseline, which needs less, finds more of its memory ready than verify does."""
    best = [float("inf")] * len(functions)
    for _ in range(REPEATS):
        for index, function in enumerate(functions):
            gc.collect()
            start = time.process_time()
            function()
            best[index] = min(best[index], time.process_time() - start)
    return best


def baseline(data: bytes) -> None:
    """What any check must do at the least: every member unzipped and hashed, record.json parsed, the rounds
    recounted."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            raw = archive.read(name)
            hashlib.sha256(raw).hexdigest()
            if name == "record.json":
                record = json.loads(raw)
    for round_ in record["rounds"]:
        Counter(mark for ballot in round_["input"]["ballots"] for mark in ballot["marks"])


def own_process_times(path: Path) -> tuple[float, float]:
    """The best of REPEATS runs of the baseline and of verify, in turns, each in a process of its own, as ``osgo
    verify`` runs: CPU time of the call alone (after the imports and reading the file), its system time included —
    the pages of memory each touches for the first time, which no run finds mapped by another."""
    best = {"baseline": float("inf"), "verify": float("inf")}
    for _ in range(REPEATS):
        for which in best:
            done = subprocess.run(
                [sys.executable, __file__, "--one", which, str(path)], capture_output=True, text=True, check=True
            )
            best[which] = min(best[which], float(done.stdout))
    return best["baseline"], best["verify"]


def _one(which: str, path: Path) -> None:
    data = path.read_bytes()
    call = (lambda: baseline(data)) if which == "baseline" else (lambda: verify_record(data))
    gc.collect()
    start = time.process_time()
    call()
    print(time.process_time() - start)


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--one":  # a child of own_process_times
        _one(sys.argv[2], Path(sys.argv[3]))
        return
    data = make_record(random.Random(SEED))
    report = verify_record(data)
    assert report.ok, report.failures[:5]
    print(
        f"record: {len(data) / 1e6:.1f} MB zipped; {report.ballots:,} ballots x {CANDIDATES} candidates, "
        f"{2 * BALLOTS:,} entries, {report.audit_entries:,} audit entries, {report.files} files"
    )
    base, verify = best_times([lambda: baseline(data), lambda: verify_record(data)])
    print("in this process, in turns:")
    print(f"  read + recount: unzip, json.loads, sha256, Counter  {base * 1000:7.1f} ms  (baseline)")
    print(f"  verify_record()                                     {verify * 1000:7.1f} ms  {verify / base:5.2f}x")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "record.zip"
        path.write_bytes(data)
        base, verify = own_process_times(path)
    ratio = verify / base
    print("each run in a process of its own, in turns (as osgo verify runs):")
    print(f"  read + recount: unzip, json.loads, sha256, Counter  {base * 1000:7.1f} ms  (baseline)")
    print(f"  verify_record()                                     {verify * 1000:7.1f} ms  {ratio:5.2f}x")
    print(
        f"{'meets' if ratio <= GOAL else 'MISSES'} the goal: within {GOAL:g}x of reading and recounting the record, "
        "each in a process of its own"
    )


if __name__ == "__main__":
    main()
