"""`osgo export` and `osgo verify`: a faithful export verifies; one changed ballot, audit entry or PDF is named."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from osgo_desktop import i18n
from osgo_desktop.domain.fingerprint import FingerprintPayload, fingerprint_payload_text, grouped
from osgo_desktop.verifier.record import verify_record
from tests.integration.test_cli import osgo
from tests.record_support import edited, election, members, with_member

__all__ = ["election"]  # the fixture, imported for pytest


def _write(tmp_path: Path, data: bytes, name: str = "record.zip") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _record(data: bytes) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(members(data)["record.json"])
    return loaded


def test_the_export_holds_the_record_the_protocols_and_the_chain(election: tuple[Path, bytes], tmp_path: Path) -> None:
    db_path, data = election
    names = sorted(members(data))
    record = _record(data)
    assert names[:2] == ["README.txt", "protocols/" + names[1].split("/", 1)[1]] and "record.json" in names
    assert [r["number"] for r in record["rounds"]] == [1, 2] and record["rounds"][0]["settlements"][0][
        "serial"
    ] == "007"
    assert {(p["kind"], p["round"], p["lang"]) for p in record["protocols"]} == {
        (kind, number, lang)
        for kind, number in (
            ("screening", 0),
            ("vote", 1),
            ("vote", 2),
            ("tally_sheet", 1),
            ("tally_sheet", 2),
            ("decision", 0),
        )
        for lang in ("ky", "ru")
    }
    assert all(p["file"] in names for p in record["protocols"])
    assert [s["file"] for s in record["signed_copies"]] == ["signed/2026-04-D-v1-ru.pdf"] and record["signed_copies"][
        0
    ]["file"] in names
    entries = record["audit"]["entries"]
    assert entries[0]["seq"] == 1 and entries[-1]["seq"] == record["audit"]["head"]["seq"]
    # record format 2: personal fields withheld under a salted hash, the rest of every row in its data
    assert record["format"] == "osgo-election-record/2" and "withheld_tables" not in record["audit"]
    assert record["audit"]["personal_fields"]["person"] == sorted(
        ["pin", "birth_date", "phone", "email", "address", "workplace", "position"]
    )
    people = [e for e in entries if e["table"] == "person"]
    assert people and all(json.loads(e["data"])["surname"] and len(e["personal_hash"]) == 64 for e in people)
    assert not any('"pin"' in e["data"] or "birth_date" in e["data"] for e in people)
    assert all(e["data"] is not None for e in entries)
    assert all(e["personal_hash"] is None for e in entries if e["table"] in ("ballot_entry", "vote_round"))
    text = members(data)["record.json"].decode("utf-8")
    assert '"salt"' not in text and '"personal"' not in text  # the fields and their salts stay in the database
    # Deterministic: the same data gives the same bytes.
    code, out, err = osgo(
        "--db", f"sqlite:///{db_path}", "--lang", "en", "export", "2026/04", "--out", str(tmp_path / "a.zip")
    )
    assert code == 0 and "Election record written" in out, err
    assert (tmp_path / "a.zip").read_bytes() == data


def test_a_faithful_export_verifies(election: tuple[Path, bytes], tmp_path: Path) -> None:
    path = _write(tmp_path, election[1])
    report = verify_record(path)
    assert report.ok, report.failures
    assert report.rounds == 2 and report.ballots == 30 and report.protocols == 12 and report.files == 13
    assert report.audit_entries > 100 and 0 < report.audit_withheld < report.audit_entries
    code, out, err = osgo("--lang", "en", "verify", str(path))
    assert code == 0 and err == "" and out.startswith("Verified: competition 2026/04")
    code, out, _err = osgo("--lang", "ru", "verify", str(path))
    assert code == 0 and "2026/04" in out


def test_a_changed_ballot_is_named_by_round_and_paper(election: tuple[Path, bytes], tmp_path: Path) -> None:
    def change(record: dict[str, Any]) -> None:
        ballot = record["rounds"][0]["input"]["ballots"][6]
        ballot["marks"][0] = ballot["marks"][0][:-1] + ("9" if ballot["marks"][0][-1] != "9" else "8")

    code, out, err = osgo("--lang", "en", "verify", str(_write(tmp_path, edited(election[1], change))))
    assert code == 1 and err == "", err
    assert out.startswith("Not verified")
    assert "round 1, paper 007: counted as" in out
    assert "round 1: candidate" in out  # the recount differs from the stored result


def test_a_changed_entry_is_named_by_round_and_paper(election: tuple[Path, bytes], tmp_path: Path) -> None:
    def change(record: dict[str, Any]) -> None:
        entry = next(e for e in record["rounds"][1]["entries"] if e["serial"] == "003" and e["side"] == "counting")
        entry["marks"] = []

    report = verify_record(edited(election[1], change))
    assert [(f.what, f.where) for f in report.failures if f.what == "ballot"] == [
        ("ballot", "round 2, paper 003"),
        ("ballot", "round 2, paper 003"),
    ]


def test_a_changed_audit_entry_is_named_by_its_seq(election: tuple[Path, bytes], tmp_path: Path) -> None:
    seq = next(e for e in _record(election[1])["audit"]["entries"] if e["table"] == "ballot_entry")["seq"]

    def change(record: dict[str, Any]) -> None:
        entry = next(e for e in record["audit"]["entries"] if e["seq"] == seq)
        entry["data"] = entry["data"].replace('"marks":"[', '"marks":"[1,', 1)

    data = edited(election[1], change)
    code, out, _err = osgo("--lang", "en", "verify", str(_write(tmp_path, data)))
    assert code == 1 and f"audit entry {seq}: was altered" in out
    assert out.count("audit entry") == 1  # the entries after it still follow it


def test_a_changed_protocol_pdf_is_named_by_its_file(election: tuple[Path, bytes], tmp_path: Path) -> None:
    name = _record(election[1])["protocols"][0]["file"]

    def flip(pdf: bytes) -> bytes:
        middle = len(pdf) // 2
        return pdf[:middle] + bytes([pdf[middle] ^ 1]) + pdf[middle + 1 :]

    code, out, _err = osgo("--lang", "en", "verify", str(_write(tmp_path, with_member(election[1], name, flip))))
    assert code == 1 and f"{name}: its SHA-256 is not the one the record gives" in out
    files = members(election[1])
    del files[name]
    from osgo_desktop.services.export import write_zip

    report = verify_record(write_zip(files))
    assert [(f.what, f.where) for f in report.failures] == [("file", name)]


def test_a_changed_record_breaks_the_protocols_fingerprint(election: tuple[Path, bytes]) -> None:
    def change(record: dict[str, Any]) -> None:
        record["candidates"][0]["name"] += "а"

    report = verify_record(edited(election[1], change))
    # and the record frozen at the close, which the audit chain holds, is no longer this one (chain_facts)
    assert {f.what for f in report.failures} == {"protocol", "chain"}
    # the candidates are printed by the screening protocol and by the decision on the composition (ky, ru)
    assert sorted(f.where for f in report.failures if f.what == "protocol") == [
        "protocol No. 2026/04-D, version 1 (ky)",
        "protocol No. 2026/04-D, version 1 (ru)",
        "protocol No. 2026/04-S, version 1 (ky)",
        "protocol No. 2026/04-S, version 1 (ru)",
    ]
    assert "its fingerprint" in report.failures[0].detail


def test_a_paper_copys_fingerprint(election: tuple[Path, bytes], tmp_path: Path) -> None:
    path = _write(tmp_path, election[1])
    protocol = _record(election[1])["protocols"][0]
    fingerprint = protocol["fingerprint"]
    code, out, _err = osgo("--lang", "en", "verify", str(path), "--protocol", grouped(fingerprint))
    assert code == 0 and f"is protocol No. {protocol['number']}, version 1 (ky): its basis" in out
    assert "(ru)" in out  # the Russian copy carries the same fingerprint
    payload = fingerprint_payload_text(FingerprintPayload("2026/04", protocol["number"], fingerprint))
    assert verify_record(path, payload).ok
    wrong = ("0" if fingerprint[0] != "0" else "1") + fingerprint[1:]
    code, out, _err = osgo("--lang", "en", "verify", str(path), "--protocol", wrong)
    assert code == 1 and "no protocol in the record carries this fingerprint" in out
    code, _out, err = osgo("--lang", "en", "verify", str(path), "--protocol", "abc")
    assert code == 2 and "Not a fingerprint" in err


def test_what_is_no_record_exits_2_with_a_message(tmp_path: Path) -> None:
    code, out, err = osgo("--lang", "en", "verify", str(tmp_path / "absent.zip"))
    assert code == 2 and out == "" and "does not exist" in err
    code, out, err = osgo("--lang", "en", "verify", str(_write(tmp_path, b"not a zip")))
    assert code == 2 and "not a zip file" in err
    from osgo_desktop.services.export import write_zip

    code, out, err = osgo("--lang", "en", "verify", str(_write(tmp_path, write_zip({"record.json": b"{"}))))
    assert code == 2 and "record.json: not readable JSON" in err
    code, out, err = osgo("--lang", "en", "verify", str(_write(tmp_path, write_zip({"record.json": b"{}"}))))
    assert code == 2 and "not an election record of a format" in err


def test_a_forged_outcome_or_a_current_version_marked_replaced_is_named(election: tuple[Path, bytes]) -> None:
    def swap(record: dict[str, Any]) -> None:
        outcome = record["outcome"]
        outcome["elected"][-1], outcome["reserve"][0] = outcome["reserve"][0], outcome["elected"][-1]

    report = verify_record(edited(election[1], swap))
    assert not report.ok and {f.what for f in report.failures} >= {"outcome"}
    with i18n.language("ky"):  # the verdict names the field in the reader's words, and by its key in the record
        report = verify_record(edited(election[1], swap))
    assert any(f.detail.startswith("Конкурс боюнча шайлангандар (elected):") for f in report.failures), report.failures

    def hide(record: dict[str, Any]) -> None:
        decision = next(p for p in record["protocols"] if p["kind"] == "decision")
        decision["superseded"] = True

    report = verify_record(edited(election[1], hide))
    assert not report.ok and any(f.what == "protocol" and "2026/04-D" in f.where for f in report.failures)
