"""Papers bound to the record (issue 14, item 2): every protocol PDF says its fingerprint, number, version and
language — the decision also the audit chain's head when it was issued — in uncompressed keys of its metadata;
``osgo verify`` reads them without rendering a page and requires them to be what the record lists."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from osgo_desktop.domain.audit_chain import exported_entry_hash
from osgo_desktop.domain.fingerprint import grouped
from osgo_desktop.domain.record import ProtocolKind, protocol_fingerprint
from osgo_desktop.services import protocols
from osgo_desktop.services.export import write_zip
from osgo_desktop.storage.quick import sqlite_url
from osgo_desktop.storage.uow import Database
from osgo_desktop.verifier.record import CHAIN_HEAD_KEY, FINGERPRINT_KEY, paper_keys, verify_record
from tests.conftest import copy_database, pinned_clock
from tests.integration.test_cli import osgo
from tests.record_support import edited, election, members
from tests.voting_support import screened_competition

__all__ = ["election"]  # the fixture, imported for pytest

DECISION_KY = "protocols/2026-04-D-v1-ky.pdf"
DECISION_RU = "protocols/2026-04-D-v1-ru.pdf"


def _record(files: dict[str, bytes]) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(files["record.json"])
    return loaded


def _write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "record.zip"
    path.write_bytes(data)
    return path


def _rezip(files: dict[str, bytes], record: dict[str, Any]) -> bytes:
    files = dict(files)
    files["record.json"] = json.dumps(record, ensure_ascii=False, indent=1).encode()
    return write_zip(files)


def _chain_head(pdf: bytes) -> tuple[int, str]:
    value = paper_keys(pdf)[CHAIN_HEAD_KEY][0]
    assert value is not None
    seq, digest = value.split(":")
    return int(seq), digest


def _pdf_text(pdf: bytes, tmp_path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "paper.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(text.split())


def test_every_protocol_pdf_says_its_fingerprint_uncompressed(election: tuple[Path, bytes]) -> None:
    files = members(election[1])
    record = _record(files)
    for protocol in record["protocols"]:
        pdf = files[protocol["file"]]
        # a plain byte scan finds it: the Info dictionary is neither compressed nor encrypted
        assert pdf.count(f"/{FINGERPRINT_KEY} ({protocol['fingerprint']})".encode()) == 1, protocol["file"]
        keys = paper_keys(pdf)
        assert keys["OSGODocument"] == [f"{protocol['number']}|{protocol['version']}|{protocol['lang']}"]
        assert (CHAIN_HEAD_KEY in keys) == (protocol["kind"] == "decision")


def test_the_decision_prints_the_chain_head_its_metadata_says(election: tuple[Path, bytes], tmp_path: Path) -> None:
    files = members(election[1])
    entries = {e["seq"]: e["hash"] for e in _record(files)["audit"]["entries"]}
    for name, words in ((DECISION_KY, "аудит чынжыры"), (DECISION_RU, "Цепочка аудита")):
        seq, digest = _chain_head(files[name])
        assert entries[seq] == digest  # an entry of the chain as it was when the decision was issued
        text = _pdf_text(files[name], tmp_path)
        assert words in text and f"№ {seq}" in text
        assert grouped(digest[:32]) in text and grouped(digest[32:]) in text


def test_a_record_rewritten_with_recomputed_fingerprints_fails_naming_the_pdfs(
    election: tuple[Path, bytes], tmp_path: Path
) -> None:
    """The forger's edit of issue 14: change what a protocol prints, recompute every fingerprint in record.json."""

    def rewrite(record: dict[str, Any]) -> None:
        record["candidates"][0]["name"] += "а"
        for protocol in record["protocols"]:
            if not protocol["superseded"]:
                protocol["fingerprint"] = protocol_fingerprint(
                    record, ProtocolKind(protocol["kind"]), int(protocol["round"])
                )

    report = verify_record(edited(election[1], rewrite))
    assert not report.ok
    # the candidates are printed by the screening protocol and by the decision, each in ky and ru; and the audit
    # chain (chain_facts) holds the candidate's row and the record frozen at the close, neither of them this one
    assert {(f.what, f.where) for f in report.failures if f.what == "chain"} == {
        ("chain", "candidate 2026/04-001"),
        ("chain", next(f.where for f in report.failures if f.where.startswith("audit entry"))),
    }
    assert sorted(f.where for f in report.failures if f.what != "chain") == [
        DECISION_KY,
        DECISION_RU,
        "protocols/2026-04-S-v1-ky.pdf",
        "protocols/2026-04-S-v1-ru.pdf",
    ]
    code, out, _err = osgo("--lang", "en", "verify", str(_write(tmp_path, edited(election[1], rewrite))))
    assert code == 1 and f"{DECISION_KY}: the PDF says fingerprint" in out and "the record gives" in out


def test_a_pdf_swapped_for_another_protocols_fails(election: tuple[Path, bytes]) -> None:
    files = members(election[1])
    record = _record(files)
    by_file = {p["file"]: p for p in record["protocols"]}
    for target, source, said in (
        # another protocol (another fingerprint too)
        (
            "protocols/2026-04-V1-v1-ky.pdf",
            "protocols/2026-04-T1-v1-ky.pdf",
            "the PDF is protocol No. 2026/04-T1, version 1 (ky), not protocol No. 2026/04-V1, version 1 (ky)",
        ),
        # the other language's copy of the same protocol: the same fingerprint, another document
        (DECISION_KY, DECISION_RU, "the PDF is protocol No. 2026/04-D, version 1 (ru), not protocol No. 2026/04-D"),
    ):
        swapped = dict(files)
        swapped[target] = files[source]
        forged = json.loads(json.dumps(record))
        next(p for p in forged["protocols"] if p["file"] == target)["file_sha256"] = hashlib.sha256(
            files[source]
        ).hexdigest()
        assert by_file[target]["file_sha256"] != hashlib.sha256(files[source]).hexdigest()
        report = verify_record(_rezip(swapped, forged))
        assert [(f.what, f.where) for f in report.failures] == [("protocol", target)], report.failures
        assert report.failures[0].detail.startswith(said)


def test_a_listed_pdf_missing_from_the_zip_fails(election: tuple[Path, bytes]) -> None:
    files = members(election[1])
    del files[DECISION_RU]
    report = verify_record(write_zip(files))
    assert [(f.what, f.where, f.detail) for f in report.failures] == [("file", DECISION_RU, "missing from the zip")]


def test_a_chain_cut_below_the_decisions_head_fails(election: tuple[Path, bytes]) -> None:
    head, _digest = _chain_head(members(election[1])[DECISION_KY])

    def cut(record: dict[str, Any]) -> None:
        entries = record["audit"]["entries"]
        del entries[head - 10 :]
        record["audit"]["head"] = {"seq": entries[-1]["seq"], "hash": entries[-1]["hash"]}

    report = verify_record(edited(election[1], cut))
    audit = [f for f in report.failures if f.what == "audit"]
    assert {f.where for f in audit} == {DECISION_KY, DECISION_RU}
    assert f"entry {head}; the record's chain has no entry {head}: it was cut" in audit[0].detail
    # and the facts written after the cut (the last papers of the runoff, its close) are no longer in the chain
    assert {f.what for f in report.failures} == {"audit", "chain"}


def _rewritten_from(record: dict[str, Any], seq: int) -> None:
    """Entry ``seq`` changed and every hash from it on recomputed: a chain that holds together, rewritten."""

    entries = record["audit"]["entries"]
    prev = entries[seq - 2]["hash"]
    for entry in entries[seq - 1 :]:
        if entry["seq"] == seq:
            entry["actor"] += "x"
        entry["prev_hash"] = prev
        entry["hash"] = exported_entry_hash(entry)  # record format 2: every entry's hash can be recomputed (so forged)
        prev = entry["hash"]
    record["audit"]["head"] = {"seq": entries[-1]["seq"], "hash": prev}


def test_verify_checks_the_chain_head_printed_on_the_signed_decision(
    election: tuple[Path, bytes], tmp_path: Path
) -> None:
    files = members(election[1])
    seq, digest = _chain_head(files[DECISION_RU])
    printed = f"{seq} {grouped(digest)}"  # as the paper prints it
    path = _write(tmp_path, election[1])
    code, out, err = osgo("--lang", "en", "verify", str(path), "--chain-head", printed)
    assert code == 0, out + err
    assert f"Audit entry {seq} printed on the paper is in the record's chain, unchanged." in out

    # a chain rewritten from an entry at or before the head: the entry the paper printed is no longer in it
    record = _record(files)
    first = min(seq, _chain_head(files[DECISION_KY])[0])  # the Kyrgyz copy was issued first
    entry = next(e for e in reversed(record["audit"]["entries"][: first - 1]) if e["data"] is not None)
    _rewritten_from(record, entry["seq"])
    forged = _write(tmp_path, _rezip(files, record))
    code, out, _err = osgo("--lang", "en", "verify", str(forged), "--chain-head", printed)
    assert code == 1
    assert (
        f"audit entry {seq} printed on the paper: the record's chain has another hash at entry {seq}: "
        "the chain was rewritten" in out
    )
    # the chain itself holds together: only the papers and the head asked about say it was rewritten
    report = verify_record(forged, chain_head=printed)
    assert {f.what for f in report.failures} == {"audit"}
    assert {f.where for f in report.failures} == {DECISION_KY, DECISION_RU, f"audit entry {seq} printed on the paper"}

    wrong = f"{seq + 100000} {digest}"
    code, out, _err = osgo("--lang", "en", "verify", str(path), "--chain-head", wrong)
    assert code == 1 and f"the record's chain has no entry {seq + 100000}: it was cut" in out
    code, _out, err = osgo("--lang", "en", "verify", str(path), "--chain-head", "409 abc")
    assert code == 2 and "Not an audit chain entry" in err


def test_a_pdf_made_before_the_keys_is_a_note_not_a_failure(election: tuple[Path, bytes]) -> None:
    """Issued protocols of older databases carry no keys, and a closed competition cannot issue them again."""
    files = members(election[1])
    record = _record(files)
    old = [DECISION_KY, "protocols/2026-04-S-v1-ru.pdf"]
    for name in old:
        files[name] = files[name].replace(b"/OSGO", b"/XOld")  # the same length: the file stays whole
        next(p for p in record["protocols"] if p["file"] == name)["file_sha256"] = hashlib.sha256(
            files[name]
        ).hexdigest()
    report = verify_record(_rezip(files, record))
    assert report.ok, report.failures
    assert len(report.notes) == 1 and all(name in report.notes[0] for name in old)
    assert report.notes[0] in report.match_lines()


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        ("en", "a record is only as good as the fingerprint on the signed paper"),
        ("ky", "жазуу кол коюлган кагаздагы изге гана ишенимдүү"),
        ("ru", "запись достоверна ровно настолько, насколько достоверен отпечаток на подписанной бумаге"),
    ],
)
def test_the_verdict_says_to_compare_the_signed_papers_fingerprint(
    election: tuple[Path, bytes], tmp_path: Path, lang: str, sentence: str
) -> None:
    decision = next(p for p in _record(members(election[1]))["protocols"] if p["kind"] == "decision")
    code, out, _err = osgo("--lang", lang, "verify", str(_write(tmp_path, election[1])))
    assert code == 0 and out.count(sentence) == 1
    assert grouped(decision["fingerprint"]) in out.splitlines()[-1]  # the decision's, to compare with the paper


def test_issuing_again_after_the_chain_moved_hands_back_the_same_decision(
    election: tuple[Path, bytes], tmp_path: Path
) -> None:
    """The chain head is printed, not part of the fingerprint: the chain moves with every write (the signed copy,
    the close), yet the decision issued again from the same data is the one issued before, with its head."""
    path = tmp_path / "election.sqlite"
    copy_database(election[0], path)  # with its document store
    db = Database.open(sqlite_url(path), pinned_clock())
    try:
        store = db.document_store()
        with db.uow() as uow:
            competition_id = screened_competition(uow)
            before = [p for p in protocols.list_protocols(uow, competition_id) if p.kind is ProtocolKind.DECISION]
            again = protocols.issue(uow, store, competition_id, ProtocolKind.DECISION, "ky")
        ky = next(p for p in before if p.lang == "ky")
        assert (again.id, again.version, again.fingerprint, again.file_sha256) == (
            ky.id,
            ky.version,
            ky.fingerprint,
            ky.file_sha256,
        )
    finally:
        db.close()
    assert _chain_head(members(election[1])[DECISION_KY])[0] < _record(members(election[1]))["audit"]["head"]["seq"]
