"""verify.html, the observers' checker for any browser, against the app's own Python: the same tally on generated
cases, the same canonical JSON and SHA-256, "Verified" on a genuine record, and on tampered records the same failures
``osgo verify`` names (docs/record.md, "verify.html"). The page runs in Debian's chromium, from file://, with no
network (conftest.py)."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import io
import json
import re
import warnings
import zipfile
from fractions import Fraction
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from osgo_desktop import i18n
from osgo_desktop.clock import FixedClock
from osgo_desktop.domain import tally as engine
from osgo_desktop.domain.audit_chain import GENESIS, PERSONAL_FIELDS, exported_entry_hash, personal_hash, split_data
from osgo_desktop.domain.audit_chain import canonical_json as audit_canonical_json
from osgo_desktop.domain.fingerprint import canonical_json, grouped
from osgo_desktop.domain.record import ProtocolKind, protocol_fingerprint
from osgo_desktop.domain.voting import combine, outcome_to_json
from osgo_desktop.i18n import _
from osgo_desktop.services import vacancies
from osgo_desktop.services.export import export_record, write_zip
from osgo_desktop.verifier import record as verifier
from osgo_desktop.verifier.chain import check_chain
from osgo_desktop.verifier.chain_facts import check_chain_facts
from osgo_desktop.verifier.record import VERIFY_PAGE, verify_record
from tests.browser import catalog
from tests.browser.conftest import PAGE, VerifyPage
from tests.conftest import opened_copy
from tests.integration.test_cli import osgo
from tests.integration.test_vacancies import LATER, leave
from tests.record_support import edited, election, members, with_member
from tests.unit import test_verifier_chain as chain_tests
from tests.unit.test_tally import ORGS, tally_inputs

__all__ = ["election"]  # the fixture, imported for pytest

ROOT = Path(__file__).resolve().parents[2]
DIFFERENTIAL = settings(max_examples=60, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --- the page as shipped -------------------------------------------------------------------------------------------


def test_the_page_stands_alone() -> None:
    """No network and no other file: no URL it could load, a policy that forbids loading anything."""
    html = PAGE.read_text(encoding="utf-8")
    assert "default-src 'none'" in html
    assert re.search(r"""\b(src|href)\s*=\s*["'](?!#)""", html) is None
    assert re.search(r"https?://|\bfetch\(|XMLHttpRequest|WebSocket|import\(|<link\b", html) is None


def test_the_page_speaks_the_apps_words() -> None:
    """Every message the page shares with ``osgo verify`` is the app's own translation (tests.browser.catalog keeps
    the page's catalog: run ``python -m tests.browser.catalog`` after a .po changed); every one has ky and ru."""
    html = PAGE.read_text(encoding="utf-8")
    assert catalog.embedded(html) == catalog.build(html), "run: python -m tests.browser.catalog"
    untranslated = [msgid for msgid, entry in catalog.embedded(html).items() if not {"ky", "ru"} <= entry.keys()]
    assert untranslated == []


def test_the_pages_personal_fields_are_the_apps() -> None:
    html = PAGE.read_text(encoding="utf-8")
    block = re.search(r'id="osgo-personal-fields">\n(.*?)\n</script>', html, re.S)
    assert block is not None
    assert json.loads(block[1]) == {table: sorted(fields) for table, fields in PERSONAL_FIELDS.items()}


def test_the_docs_print_the_sha256_of_the_page_shipped() -> None:
    doc = (ROOT / "docs" / "record.md").read_text(encoding="utf-8")
    section = doc.split("## verify.html", 1)[1].split("\n## ", 1)[0]
    assert re.findall(r"\b[0-9a-f]{64}\b", section) == [verifier.verify_page_sha256()]
    assert verifier.verify_page() == PAGE.read_bytes()


# --- (a) the same engine and the same hashes as the app's --------------------------------------------------------


@st.composite
def rounds(draw: st.DrawFn) -> engine.TallyInput:
    """The tally engine's own generated inputs (tests/unit/test_tally.py), some with members who stay."""
    inp: engine.TallyInput = draw(tally_inputs())
    sitting = tuple(
        engine.Candidate(
            f"s{index}", f"Отурган {index}", draw(st.sampled_from(["F", "M"])), draw(st.sampled_from(ORGS))
        )
        for index in range(draw(st.sampled_from([0, 0, 0, 1, 2])))
    )
    return dataclasses.replace(inp, sitting=sitting) if sitting else inp


def input_json(inp: engine.TallyInput) -> str:
    """``inp`` in the input format of docs/tally.md, as a record's ``input`` holds it."""

    def person(c: engine.Candidate) -> dict[str, Any]:
        return {"id": c.id, "name": c.name, "sex": c.sex, "organization": c.organization}

    percent = inp.sex_cap_percent
    doc: dict[str, Any] = {
        "seats": inp.seats,
        "candidates": [person(c) for c in inp.candidates],
        "ballots": [{"serial": b.serial, "marks": list(b.marks)} for b in inp.ballots],
        "blank_is_valid": inp.blank_is_valid,
        "sex_cap_percent": percent if percent is None or isinstance(percent, int) else float(Fraction(percent)),
        "one_per_organization": inp.one_per_organization,
        "min_votes": inp.min_votes,
        "already_elected": list(inp.already_elected),
        "lot_order": list(inp.lot_order),
        "excluded": [{"id": e.id, "reason": e.reason, "detail": e.detail} for e in inp.excluded],
        "sitting": [person(c) for c in inp.sitting],
    }
    if inp.max_marks is not None:
        doc["max_marks"] = inp.max_marks
    if inp.composition_size is not None:
        doc["composition_size"] = inp.composition_size
    return json.dumps(doc, ensure_ascii=False)


@DIFFERENTIAL
@given(inp=rounds())
def test_the_pages_tally_is_the_engines(verify_page: VerifyPage, inp: engine.TallyInput) -> None:
    text = input_json(inp)
    # what the verifier counts: the record's JSON as json.loads reads it
    python = canonical_json(engine.result_to_json(engine.tally(engine.parse_tally_input(json.loads(text)))))
    assert verify_page.page.evaluate("text => window.osgoTally(text)", text) == python.decode("utf-8")


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**25), max_value=10**25)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4),
    max_leaves=16,
)


@DIFFERENTIAL
@given(value=JSON_VALUES)
def test_the_pages_canonical_json_and_sha256_are_the_apps(verify_page: VerifyPage, value: Any) -> None:
    expected = canonical_json(value)
    found = verify_page.page.evaluate("text => window.osgoCanonical(text)", json.dumps(value))
    assert found == {"canonical": expected.decode("utf-8"), "sha256": hashlib.sha256(expected).hexdigest()}


# --- (b) and (c): records, genuine and tampered ----------------------------------------------------------------------


def python_failures(data: bytes, name: str) -> set[tuple[str, str, str]]:
    """What ``osgo verify`` finds, as (kind, place, detail) in English; the zip's own name for "the record"."""
    report = verify_record(data)
    return {(f.what, name if f.where == "the record" else f.where, _comparable(f.detail)) for f in report.failures}


def page_failures(report: dict[str, Any]) -> set[tuple[str, str, str]]:
    return {(f["what"], f["where"], _comparable(f["detail"])) for f in report["failures"]}


def _comparable(detail: str) -> str:
    """A failure's detail, but for what the two readers of a zip say in their own words about damaged bytes (the
    library's message: Python's zlib, the browser's DecompressionStream)."""
    for prefix in ("damaged in the zip: ", "not readable JSON: "):
        if detail.startswith(prefix):
            return prefix
    return detail


def _write(tmp_path: Path, data: bytes, name: str) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_a_genuine_record_written_otherwise_is_verified_by_both(
    verify_page: VerifyPage, election: tuple[Path, bytes], tmp_path: Path
) -> None:
    """record.json indented (as an earlier version wrote it, or an editor re-saved it): no part is found as the
    chain holds it, so each is spelled out again and compared, by osgo verify and by the page alike."""
    data = edited(election[1], lambda record: None)
    assert b'\n "' in members(data)["record.json"]
    python = verify_record(data)
    assert python.ok, python.failures
    report = verify_page.check(_write(tmp_path, data, "indented.zip"))
    assert report["ok"] and report["headline"] == "Verified"
    assert report["notes"] == list(python.notes) == []  # bound to the frozen record whole, so no note


def test_a_genuine_record_is_verified(verify_page: VerifyPage, election: tuple[Path, bytes], tmp_path: Path) -> None:
    data = election[1]
    assert members(data)[VERIFY_PAGE] == verifier.verify_page()
    assert b"verify.html" in members(data)["README.txt"]
    python = verify_record(data)
    assert python.ok, python.failures
    report = verify_page.check(_write(tmp_path, data, "record-2026-04.zip"))
    assert report["ok"] and report["headline"] == "Verified" and report["failures"] == []
    assert report["verdict"] == python.verdict()
    assert report["paper"] == python.paper_line()
    assert report["decisionFingerprint"] == python.decision_fingerprint
    assert report["notes"] == list(python.notes)
    try:  # the language switch: the verdict, failures and lines osgo verify gives, in each language
        for lang, headline in (("en", "Verified"), ("ru", "Проверено"), ("ky", "Текшерилди")):
            verify_page.page.evaluate("lang => window.osgoSetLanguage(lang)", lang)
            with i18n.language(lang):
                python_said = python_report(data, "record-2026-04.zip")
                assert page_report(verify_page.page.evaluate("window.osgoLastReport()")) == python_said, lang
                assert verify_page.page.inner_text("#headline") == headline
                assert verify_page.page.inner_text("#summary") == python.verdict()
                assert verify_page.page.inner_text("#paper").startswith(python.paper_line())
    finally:
        verify_page.page.evaluate("window.osgoSetLanguage('en')")
    assert "every hash recomputed" in report["verdict"]  # format 2's verdict
    # what the signed decision says, typed in: the same lines as osgo verify --protocol … --chain-head …
    decision = next(p for p in _record(data)["protocols"] if p["kind"] == "decision" and not p["superseded"])
    head = verifier.paper_keys(members(data)[decision["file"]])[verifier.CHAIN_HEAD_KEY][0]
    assert head is not None
    seq, digest = head.split(":")
    printed = f"{seq} {grouped(digest)}"
    python = verify_record(data, protocol=grouped(decision["fingerprint"]), chain_head=printed)
    report = verify_page.check(_write(tmp_path, data, "asked.zip"), grouped(decision["fingerprint"]), printed)
    assert report["ok"] and python.ok
    assert [*report["matchLines"], *report["notes"], report["paper"]] == python.match_lines()
    wrong = "f" * 64
    report = verify_page.check(_write(tmp_path, data, "wrong.zip"), wrong, f"{seq} {'0' * 64}")
    expected = verify_record(data, protocol=wrong, chain_head=f"{seq} {'0' * 64}").failures
    assert page_failures(report) == {(f.what, f.where, f.detail) for f in expected} and len(expected) == 2


def _record(data: bytes) -> dict[str, Any]:
    return json.loads(members(data)["record.json"])  # type: ignore[no-any-return]


def _tamperings(data: bytes) -> dict[str, bytes]:
    record = _record(data)
    protocols = record["protocols"]
    decisions = [p for p in protocols if p["kind"] == "decision"]
    entry = next(e for e in record["audit"]["entries"] if e["data"] is not None)

    def both_entries(r: dict[str, Any]) -> None:  # paper 003 entered by both sides with another mark
        for e in r["rounds"][0]["entries"]:
            if e["serial"] == r["rounds"][0]["entries"][4]["serial"]:
                e["marks"] = [r["rounds"][0]["candidates"][-1]["id"]]

    def one_entry(r: dict[str, Any]) -> None:
        r["rounds"][0]["entries"][0]["marks"] = []

    def result(r: dict[str, Any]) -> None:
        r["rounds"][0]["result"]["tally"][0]["votes"] += 1
        r["rounds"][0]["result"]["elected"].reverse()

    def outcome(r: dict[str, Any]) -> None:
        r["outcome"]["elected"].reverse()
        r["outcome"]["reserve"] = r["outcome"]["reserve"][:-1]

    def audit(r: dict[str, Any]) -> None:
        for e in r["audit"]["entries"]:
            if e["seq"] == entry["seq"]:
                e["actor"] = "someone-else"

    def audit_malformed(r: dict[str, Any]) -> None:  # one entry altered, a later one's moment no moment at all
        audit(r)
        later = [e for e in r["audit"]["entries"] if e["data"] is not None and e["seq"] > entry["seq"]]
        later[3]["at"] = "yesterday"

    def cut_chain(r: dict[str, Any]) -> None:
        r["audit"]["entries"].pop()

    def fingerprint(r: dict[str, Any]) -> None:
        r["protocols"][0]["fingerprint"] = "0" * 64

    def malformed(r: dict[str, Any]) -> None:
        del r["rounds"][0]["entries"]

    def consistent(r: dict[str, Any]) -> None:
        """The issue's rewrite: three papers' marks changed everywhere, the result, the outcome and every fingerprint
        recomputed. Only the PDFs, which still say the old fingerprints, give it away."""
        first = r["rounds"][0]
        last = first["candidates"][-1]["id"]
        changed = {b["serial"] for b in first["input"]["ballots"][:3]}
        for item in (*first["entries"], *first["settlements"], *first["input"]["ballots"]):
            if item["serial"] in changed and item.get("marks") is not None:
                item["marks"] = [last]
        _recounted(r)

    def despite(r: dict[str, Any]) -> None:
        r["audit"]["exported_despite"] = ["Person (person, id=2): changed outside the app — surname"]

    def replaced(r: dict[str, Any]) -> None:
        r["protocols"][0]["superseded"] = True

    twice = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(twice, "w") as archive:
        warnings.simplefilter("ignore")  # "Duplicate name": the point
        for name, content in members(data).items():
            archive.writestr(name, content)
        archive.writestr("README.txt", b"another")

    files = members(data)
    first, second = decisions[0]["file"], decisions[1]["file"]
    swapped = dict(files)
    swapped[first], swapped[second] = files[second], files[first]
    added = dict(files)
    added["../../x"] = b"not listed"
    added["protocols/fake.pdf"] = b"%PDF-1.4 fake"
    # one byte of record.json's deflated data flipped: a damaged member
    damaged = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo("record.json")
    offset = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + info.compress_size // 2
    damaged[offset] ^= 0x55
    pdf = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(protocols[0]["file"])
    offset = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + info.compress_size // 2
    pdf[offset] ^= 0x55
    # a decompression bomb by its headers: the central directory says record.json unpacks to 600 MiB (its limit is
    # 512), refused before anything is unpacked
    bomb = bytearray(data)
    position = bomb.index(b"PK\x01\x02")
    while bomb[position : position + 4] == b"PK\x01\x02":
        length, extra, comment = (int.from_bytes(bomb[position + k : position + k + 2], "little") for k in (28, 30, 32))
        if bomb[position + 46 : position + 46 + length] == b"record.json":
            bomb[position + 24 : position + 28] = (600 * 1024 * 1024).to_bytes(4, "little")
        position += 46 + length + extra + comment
    return {
        "bomb-header": bytes(bomb),
        "consistent-rewrite": edited(data, consistent),
        "exported-despite": edited(data, despite),
        "current-marked-replaced": edited(data, replaced),
        "member-twice": twice.getvalue(),
        "both-entries": edited(data, both_entries),
        "one-entry": edited(data, one_entry),
        "result": edited(data, result),
        "outcome": edited(data, outcome),
        "protocol-swapped": write_zip(swapped),
        "pdf-changed": with_member(
            data, protocols[1]["file"], lambda pdf: pdf.replace(b"/OSGOFingerprint (", b"/OSGOFingerprint (0", 1)[:-1]
        ),
        "audit": edited(data, audit),
        "chain-cut": edited(data, cut_chain),
        "audit-malformed": edited(data, audit_malformed),
        "fingerprint": edited(data, fingerprint),
        "malformed": edited(data, malformed),
        "members-added": write_zip(added),
        "damaged-record": bytes(damaged),
        "damaged-pdf": bytes(pdf),
        "truncated-zip": data[: len(data) // 2],
        "no-record": write_zip({"README.txt": b"hello"}),
    }


def test_tampered_records_fail_with_the_failures_osgo_verify_names(
    verify_page: VerifyPage, election: tuple[Path, bytes], tmp_path: Path
) -> None:
    for case, data in _tamperings(election[1]).items():
        name = f"{case}.zip"
        expected = python_failures(data, name)
        assert expected, f"{case}: osgo verify finds nothing"
        report = verify_page.check(_write(tmp_path, data, name))
        assert not report["ok"] and report["headline"] == "Not verified", case
        assert page_failures(report) == expected, case
        assert page_report(report) == python_report(data, name), case  # the same failures in the same order
        assert len(report["shown_failures"]) == len(report["failures"]), case


# --- the page in a record, as osgo verify sees it (no browser needed) -------------------------------------------------


def test_osgo_verify_names_a_page_that_is_not_the_one_shipped(election: tuple[Path, bytes], tmp_path: Path) -> None:
    forged = with_member(election[1], VERIFY_PAGE, lambda page: page.replace(b"failures.length === 0", b"true", 1))
    code, out, _err = osgo("--lang", "en", "verify", str(_write(tmp_path, forged, "forged.zip")))
    assert code == 1
    assert "verify.html: is not the page this version of the app ships (its SHA-256 is " in out
    assert verifier.verify_page_sha256()[:4] in out


def test_a_record_without_the_page_verifies_with_a_note(election: tuple[Path, bytes]) -> None:
    files = members(election[1])
    del files[VERIFY_PAGE]
    report = verify_record(write_zip(files))
    assert report.ok
    assert any("carries no verify.html" in note for note in report.notes)


def test_osgo_verify_version_prints_the_pages_sha256() -> None:
    code, out, _err = osgo("--lang", "en", "verify", "--version")
    assert code == 0
    assert f"verify.html SHA-256: {verifier.verify_page_sha256()}" in out.splitlines()
    code, _out, err = osgo("--lang", "en", "verify")
    assert code == 2 and "RECORD.zip" in err


def test_a_vacancy_filled_from_the_reserve_is_walked_again(
    verify_page: VerifyPage, election: tuple[Path, bytes], tmp_path: Path
) -> None:
    """A record with a decision on filling a vacancy: Verified; the seat given to another reserve candidate, or the
    skips edited, is named as osgo verify names it."""
    copies = opened_copy(election[0], tmp_path / "fill.sqlite", FixedClock.on(LATER))
    db = next(copies)
    try:  # Мураталиев left; the reserve list's next fills his seat
        vacated = leave(db, "Мураталиев")
        filled = db.run(vacancies.fill_from_reserve, db.document_store(), vacated, dt.date(2027, 2, 24)).value
        with db.uow() as uow:
            data = export_record(uow, db.document_store(), filled.competition_id)
    finally:
        copies.close()
    assert verify_record(data).ok
    report = verify_page.check(_write(tmp_path, data, "filled.zip"))
    assert report["ok"], report["failures"]

    def another(record: dict[str, Any]) -> None:
        fill = record["vacancy_fills"][0]
        fill["filled_by"]["id"] = record["outcome"]["reserve"][-1]
        fill["skipped"] = [{"id": "2026/04-001", "reason": "sex_cap", "detail": "1/1"}]
        fill["number"] = "2026/04-R9"

    forged = edited(data, another)
    expected = python_failures(forged, "forged.zip")
    assert {what for what, _where, _detail in expected} >= {"vacancy"}
    assert page_failures(verify_page.check(_write(tmp_path, forged, "forged-fill.zip"))) == expected


# --- record format 2 (verifier/chain.py) and format 1 ---------------------------------------------------------------


def _rehashed(record: dict[str, Any], start: int = 0) -> None:
    """As a forger who recomputes every hash from entry ``start`` on (and moves the head): only what the hashes cannot
    show is left to find."""
    entries = record["audit"]["entries"]
    prev = entries[start - 1]["hash"] if start else GENESIS
    for entry in entries[start:]:
        entry["prev_hash"] = prev
        entry["hash"] = prev = exported_entry_hash(entry)
    record["audit"]["head"] = {"seq": entries[-1]["seq"], "hash": prev}


def _format_2_tamperings(data: bytes) -> dict[str, bytes]:
    """Every tampering of a format-2 chain tests/unit/test_verifier_chain.py holds, on the genuine export: each names
    the entry it touches (by its table), with and without the hashes recomputed after it."""
    record = _record(data)
    assert record["format"] == "osgo-election-record/2"
    entries = record["audit"]["entries"]
    tables = {entry["table"] for entry in entries}
    assert {"person", "application", "ballot_entry"} <= tables, tables
    position = {table: next(n for n, e in enumerate(entries) if e["table"] == table) for table in tables}
    person, ballot = position["person"], position["ballot_entry"]

    def entry_edit(index: int, rehash: bool = False, **fields: Any) -> bytes:
        def change(r: dict[str, Any]) -> None:
            r["audit"]["entries"][index].update(fields)
            if rehash:
                _rehashed(r, index)

        return edited(data, change)

    def with_pin(r: dict[str, Any]) -> None:
        entry = r["audit"]["entries"][person]
        entry["data"] = audit_canonical_json({**json.loads(entry["data"]), "pin": "22222222222222"})
        _rehashed(r, person)

    def publishing(r: dict[str, Any]) -> None:  # a list that withholds what this version publishes
        r["audit"]["personal_fields"]["ballot_entry"] = ["marks"]
        r["audit"]["personal_fields"]["person"].append("surname")

    def older(r: dict[str, Any]) -> None:  # a record made before notes joined the list: withholds fewer, still holds
        r["audit"]["personal_fields"]["application"].remove("notes")

    def without_application(r: dict[str, Any]) -> None:  # its entries still carry a hash of personal fields
        del r["audit"]["personal_fields"]["application"]

    def not_a_list(r: dict[str, Any]) -> None:
        r["audit"]["personal_fields"] = ["person"]

    def cut(r: dict[str, Any], move_head: bool) -> None:
        r["audit"]["entries"].pop()
        if move_head:
            last = r["audit"]["entries"][-1]
            r["audit"]["head"] = {"seq": last["seq"], "hash": last["hash"]}

    def extended(r: dict[str, Any], move_head: bool) -> None:
        last = r["audit"]["entries"][-1]
        r["audit"]["entries"].append({**last, "seq": last["seq"] + 1, "actor": "forger"})
        _rehashed(r, len(r["audit"]["entries"]) - 1)
        if not move_head:
            r["audit"]["head"] = {"seq": last["seq"], "hash": last["hash"]}

    def malformed(r: dict[str, Any]) -> None:
        found = r["audit"]["entries"]
        found[person]["at"] = "yesterday"
        del found[ballot]["actor"]
        found[ballot + 1] = ["no", "entry"]
        found[ballot + 2]["seq"] = "seven"
        found[ballot + 3]["data"] = "[1, 2]"
        found[ballot + 4]["data"] = '{"a": '

    return {
        "f2-blanked": entry_edit(ballot, data=None),
        "f2-blanked-rehashed": entry_edit(ballot, rehash=True, data=None),
        "f2-blanked-person": entry_edit(person, rehash=True, data=None),
        "f2-at": entry_edit(person, at="2026-11-22T06:00:00.000000"),
        "f2-actor": entry_edit(person, actor="someone"),
        "f2-table": entry_edit(person, table="organization"),
        "f2-action": entry_edit(person, action="delete"),
        "f2-pin-put-back": edited(data, with_pin),
        "f2-personal-hash-removed": entry_edit(person, rehash=True, personal_hash=None),
        "f2-personal-hash-malformed": entry_edit(person, rehash=True, personal_hash="AB" * 32),
        "f2-personal-hash-added": entry_edit(ballot, rehash=True, personal_hash="ab" * 32),
        "f2-list-publishes": edited(data, publishing),
        "f2-list-older": edited(data, older),
        "f2-list-without-a-table": edited(data, without_application),
        "f2-list-not-a-dict": edited(data, not_a_list),
        "f2-cut": edited(data, lambda r: cut(r, False)),
        "f2-cut-head-moved": edited(data, lambda r: cut(r, True)),
        "f2-extended": edited(data, lambda r: extended(r, False)),
        "f2-extended-head-moved": edited(data, lambda r: extended(r, True)),
        "f2-legacy-malformed": entry_edit(person, legacy_hash="not a hash"),
        "f2-malformed": edited(data, malformed),
    }


def python_report(data: bytes, name: str) -> dict[str, Any]:
    """What ``osgo verify`` says, in the current language, as the page's report gives it (the zip's own name for "the
    record")."""
    report = verify_record(data)
    return {
        "ok": report.ok,
        "verdict": report.verdict(),
        "failures": [
            (f.what, name if f.where == _("the record") else f.where, _comparable(f.detail)) for f in report.failures
        ],
        "lines": report.match_lines(),
    }


def page_report(report: dict[str, Any]) -> dict[str, Any]:
    lines = [*report["matchLines"], *report["notes"]]
    return {
        "ok": report["ok"],
        "verdict": report["verdict"],
        "failures": [(f["what"], f["where"], _comparable(f["detail"])) for f in report["failures"]],
        "lines": lines if report["paper"] is None else [*lines, report["paper"]],
    }


def test_format_2_tamperings_are_named_as_osgo_verify_names_them(
    verify_page: VerifyPage, election: tuple[Path, bytes], tmp_path: Path
) -> None:
    """The page and osgo verify say the same of each: the verdict, every failure in the same order, the lines."""
    found = set()
    for case, data in _format_2_tamperings(election[1]).items():
        python = python_report(data, f"{case}.zip")
        assert page_report(verify_page.check(_write(tmp_path, data, f"{case}.zip"))) == python, case
        found |= {detail for _what, _where, detail in python["failures"]}
        assert python["ok"] == (case in ("f2-list-older", "f2-cut-head-moved", "f2-extended-head-moved")), case
    # every message of verifier/chain.py's format 2 was met
    for message in (
        "its data was removed: a format-2 record withholds only the personal fields",
        "was altered: its contents no longer match its hash",
        "carries a hash of personal fields, but table organization has none",
        "its data holds personal fields the record must withhold: pin",
        "the hash of its personal fields is missing or malformed",
        "carries a hash of personal fields, but table ballot_entry has none",
        "carries a hash of personal fields, but table application has none",
        "its hash from before the re-chaining (legacy_hash) is malformed",
        'is malformed: its time "yesterday" is no time',
        "is malformed: actor missing or not text",
        "is not an audit entry",
        "its data is not a JSON object of the row's fields",
    ):
        assert message in found, message
    assert any(
        detail.startswith("its list of personal fields is not the one this version withholds") for detail in found
    )
    assert any(detail.startswith("the chain should end at entry") for detail in found)


def test_a_tampered_chain_is_named_alike_in_kyrgyz_and_russian(
    verify_page: VerifyPage, election: tuple[Path, bytes], tmp_path: Path
) -> None:
    cases = _format_2_tamperings(election[1])
    data = cases["f2-malformed"]
    verify_page.check(_write(tmp_path, data, "malformed.zip"))
    try:
        for lang in ("ky", "ru"):
            verify_page.page.evaluate("lang => window.osgoSetLanguage(lang)", lang)
            with i18n.language(lang):
                python = python_report(data, "malformed.zip")
                assert page_report(verify_page.page.evaluate("window.osgoLastReport()")) == python, lang
    finally:
        verify_page.page.evaluate("window.osgoSetLanguage('en')")


def test_a_format_1_record_is_verified_alike(verify_page: VerifyPage) -> None:
    """The format-1 record an earlier version exported (tests/fixtures/record_v1.zip): Verified by both, with the
    format-1 verdict (entries without data only linked), the note that it carries no page, in the three languages."""
    path = ROOT / "tests" / "fixtures" / "record_v1.zip"
    data = path.read_bytes()
    report = verify_page.check(path)
    try:
        for lang in ("en", "ky", "ru"):
            verify_page.page.evaluate("lang => window.osgoSetLanguage(lang)", lang)
            with i18n.language(lang):
                python = python_report(data, path.name)
                assert python["ok"] and ("checked by their links" in python["verdict"] or lang != "en")
                assert page_report(verify_page.page.evaluate("window.osgoLastReport()")) == python, lang
    finally:
        verify_page.page.evaluate("window.osgoSetLanguage('en')")
    assert report["ok"]


def test_a_record_dropped_on_the_page_is_checked(verify_page: VerifyPage) -> None:
    """Drag and drop: a file dropped on the page is checked as one picked (here, a zip that holds no record)."""
    data = write_zip({"README.txt": b"hello"})
    page = verify_page.page
    page.evaluate("document.getElementById('verdict').dataset.state = 'idle'")
    transfer = page.evaluate_handle(
        """bytes => {
            const transfer = new DataTransfer();
            transfer.items.add(new File([new Uint8Array(bytes)], "dropped.zip", { type: "application/zip" }));
            return transfer;
        }""",
        list(data),
    )
    page.dispatch_event("#drop", "drop", {"dataTransfer": transfer})
    page.wait_for_selector("#verdict[data-state=failed]", state="attached", timeout=60_000)
    report = page.evaluate("window.osgoLastReport()")
    assert page_failures(report) == python_failures(data, "dropped.zip")
    assert page.inner_text("#headline") == "Not verified"


# --- the audit chain on generated cases: the page's check and verifier/chain.py's ---------------------------------


def _chain_section() -> dict[str, Any]:
    """A format-2 audit section as the export writes it (tests/unit/test_verifier_chain.py's), with an application's
    entry: a table whose personal fields an older record did not withhold."""
    audit = chain_tests._chain()
    last = audit["entries"][-1]
    row = {"id": 3, "person_id": 1, "status": "withdrawn", "notes": "a note", "withdraw_reason": "moved away"}
    data, personal = split_data("application", audit_canonical_json(row))
    audit["entries"].append(
        {
            **last,
            "seq": 5,
            "table": "application",
            "data": data,
            "personal_hash": personal_hash("5" * 32, personal or ""),
        }
    )
    record = {"audit": audit}
    _rehashed(record, 4)
    return audit


AT_TEXTS = [
    "2026-11-23T06:00:00",
    "2026-11-23 06:00:00.5",
    "2026-11-23T06:00:00,25",
    "2026-11-23T06:00:00.1234567",
    "2026-11-23T06:00:00+05:00",
    "2026-11-23T06:00:00+0530",
    "2026-11-23T06:00:00Z",
    "2026-11-23T06:00:00-00:00",
    "2026-11-23T06:00:00+05:30:15.5",
    "2026-11-23T06",
    "2026-11-23",
    "20261123T060000",
    "2026-W48-1",
    "2024-02-29T00:00",
    "2026-02-29T00:00",
    "2026-13-01",
    "2026-11-31",
    "2026-11-23T24:00",
    "2026-11-23T06:60",
    "2026-11-23T06:00:60",
    "2026-11-23T06:00:00+24:00",
    "0000-01-01",
    "2026-11-2",
    "2026-11-23T6:00",
    "yesterday",
    "",
    # what CPython's parser also takes, or refuses, beyond the plain forms
    "2026-11-23T06:00:00+00:00:00.5",
    "2026-11-23T06:00:00-24:00:00.5",
    "2026-11-23T06:00:00+23:59:59.999999",
    "2026-11-23T06:00:00-05:30:15.25",
    "2026-11-23T06:00:00+05:30.5",
    "2026-11-23T06:00:00+05:30:15:7",
    "2026-11-23T06:00:00+99",
    "2026-11-23T06:00:00+1",
    "2026-11-23T06:00:00-",
    "2026-11-23T06:00:00Z1",
    "2026-11-23T06:00:00.5Z",
    "2026-11-23T06:00:00.+05:00",
    "2026-11-23T06:00:00.",
    "2026-11-23T06:00:00,",
    "2026-11-23T06:00:00:5",
    "2026-11-23T06:00:",
    "2026-11-23T06:0",
    "2026-11-23T06.5",
    "2026-11-23T0600",
    "2026-11-23T060000.5",
    "2026-11-23T06+05",
    "2026-11-23T06:00:00 ",
    "2026-11-23T",
    "2026-11-23\ud800",
    "2026-11-23\ud80006:00",
    "2026-11-23é06:00",
    "2026-11-23é",
    "2026W481",
    "2026W48",
    "2026-W48",
    "2026-W53-1",
    "2020-W53-1",
    "2004-W53-7",
    "2026-W00-1",
    "2026-W48-8",
    "2026-W48-1T06",
    "2026W48106",
    "2026-011",
    "+026-11-23",
    "２０２６-11-23",
    "9999-12-31T23:59:59",
]
FIELD_VALUES = st.one_of(
    st.none(),
    st.sampled_from(["", "ab" * 32, "AB" * 32, "cd" * 31, "person", "application", "ballot_entry", "organization"]),
    st.sampled_from(['{"id":1}', '{"id":1,"pin":"1"}', '{"notes":""}', "[1,2]", '{"a": ', "NaN", '"x"']),
    st.sampled_from(AT_TEXTS),
    st.integers(min_value=-2, max_value=7),
    st.booleans(),
    st.floats(min_value=0, max_value=6).map(lambda x: float(int(x))),
    st.lists(st.integers(0, 3), max_size=2),
    st.dictionaries(st.sampled_from(["seq", "hash"]), st.integers(0, 3), max_size=2),
    st.text(max_size=4),
)
ENTRY_FIELDS = [
    "seq",
    "at",
    "actor",
    "action",
    "table",
    "key",
    "data",
    "personal_hash",
    "legacy_hash",
    "prev_hash",
    "hash",
]


@st.composite
def tampered_sections(draw: st.DrawFn) -> tuple[dict[str, Any], int]:
    """A genuine audit section, then a few random edits — of an entry's fields, of the entries' list, of the record's
    list of personal fields, of the head — perhaps with the hashes recomputed after them, as a forger would."""
    audit = _chain_section()
    entries: list[Any] = audit["entries"]
    for _step in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(["set", "set", "set", "delete", "entry", "list", "fields", "head"]))
        index = draw(st.integers(0, len(entries) - 1)) if entries else 0
        if kind == "set" and entries and isinstance(entries[index], dict):
            entries[index][draw(st.sampled_from(ENTRY_FIELDS))] = draw(FIELD_VALUES)
        elif kind == "delete" and entries and isinstance(entries[index], dict):
            entries[index].pop(draw(st.sampled_from(ENTRY_FIELDS)), None)
        elif kind == "entry" and entries:
            entries[index] = draw(st.sampled_from([None, ["no", "entry"], "entry", 7]))
        elif kind == "list" and entries:
            change = draw(st.sampled_from(["pop", "remove", "duplicate", "swap"]))
            if change == "pop":
                entries.pop()
            elif change == "remove":
                del entries[index]
            elif change == "duplicate":
                entries.insert(index, dict(entries[index]) if isinstance(entries[index], dict) else entries[index])
            elif index + 1 < len(entries):
                entries[index], entries[index + 1] = entries[index + 1], entries[index]
        elif kind == "fields":
            fields = audit["personal_fields"]
            change = draw(
                st.sampled_from(["drop-table", "drop-field", "publish", "unknown", "not-a-dict", "not-a-list"])
            )
            table = draw(st.sampled_from(sorted(fields)))
            if change == "drop-table":
                del fields[table]
            elif change == "drop-field" and fields[table]:
                fields[table].pop(draw(st.integers(0, len(fields[table]) - 1)))
            elif change == "publish":
                fields[table].append(draw(st.sampled_from(["surname", "id", "marks"])))
            elif change == "unknown":
                fields["ballot_entry"] = ["marks"]
            elif change == "not-a-dict":
                audit["personal_fields"] = draw(st.sampled_from([None, ["person"], "person"]))
            else:
                fields[table] = draw(st.sampled_from([None, "pin", [1]]))
        elif kind == "head":
            audit["head"] = draw(
                st.sampled_from(
                    [{"seq": 4, "hash": "0" * 64}, {"seq": 6}, {"hash": "x"}, None, {"seq": 5.0, "hash": ""}]
                )
            )
    rehash: bool = draw(st.booleans())
    if entries and rehash:
        with contextlib.suppress(Exception):  # a forger who recomputes the hashes after the edits, where they can
            _rehashed({"audit": audit}, draw(st.integers(0, len(entries) - 1)))
    return audit, draw(st.sampled_from([2, 2, 2, 1]))


def python_chain(audit: dict[str, Any], record_format: int) -> dict[str, Any]:
    """verifier/chain.py's check as ``osgo verify`` runs it: its failures, and the counts when it went through."""
    failures: list[list[str]] = []
    entries = withheld = 0
    try:
        entries, withheld = check_chain(
            audit, record_format, lambda where, detail: failures.append(["audit", where, detail])
        )
    except (KeyError, TypeError, ValueError, AttributeError, IndexError, RecursionError) as exc:
        error = verifier._describe_error(exc)
        failures.append(["format", "record.json", f"a part of the record is missing or malformed: {error}"])
    return {"failures": failures, "entries": entries, "withheld": withheld}


@DIFFERENTIAL
@given(case=tampered_sections())
def test_the_pages_chain_check_is_verify_s_on_generated_tamperings(
    verify_page: VerifyPage, case: tuple[dict[str, Any], int]
) -> None:
    audit, record_format = case
    text = json.dumps({"audit": audit}, ensure_ascii=False)
    expected = python_chain(json.loads(text)["audit"], record_format)
    found = verify_page.page.evaluate("([text, format]) => window.osgoChain(text, format)", [text, record_format])
    assert found == expected


def test_an_entrys_moment_is_read_as_python_reads_it(verify_page: VerifyPage) -> None:
    """An entry's ``at`` is hashed as ``datetime.fromisoformat(at).isoformat(timespec="microseconds")``: the page
    takes, refuses and writes every form as CPython does (and names the refused one in the same words), in format 2
    (its hash, or "is no time") and in format 1 (its hash, or the error)."""
    differ = []
    for at in AT_TEXTS:
        for record_format in (1, 2):
            audit = _chain_section()
            audit["entries"][1]["at"] = at
            with contextlib.suppress(ValueError):  # a moment Python takes: hashed again, as a forger would
                _rehashed({"audit": audit}, 1)
            text = json.dumps({"audit": audit}, ensure_ascii=False)
            expected = python_chain(json.loads(text)["audit"], record_format)
            found = verify_page.page.evaluate("([text, f]) => window.osgoChain(text, f)", [text, record_format])
            if found != expected:
                differ.append((at, record_format, found, expected))
    assert differ == []


# --- the facts the protocols print, rebuilt from the record's audit chain (verifier/chain_facts.py) ----------------


def _recounted(r: dict[str, Any]) -> None:
    """Every round's result, the outcome and every current protocol's fingerprint recomputed from the record, as a
    forger who rewrites consistently would."""
    inputs = [engine.parse_tally_input(round_["input"]) for round_ in r["rounds"]]
    for round_, inp in zip(r["rounds"], inputs, strict=True):
        round_["result"] = engine.result_to_json(engine.tally(inp))
    r["outcome"] = outcome_to_json(combine(inputs[0], [engine.tally(inp) for inp in inputs[1:]]))
    for protocol in r["protocols"]:
        if not protocol["superseded"]:
            protocol["fingerprint"] = protocol_fingerprint(r, ProtocolKind(protocol["kind"]), protocol["round"])


def _fact_tamperings(data: bytes) -> dict[str, bytes]:
    def three_papers(r: dict[str, Any]) -> None:  # the trial: both entries and the counted ballots
        first = r["rounds"][0]
        last = first["candidates"][-1]["id"]
        changed = {b["serial"] for b in first["input"]["ballots"][:3]}
        for item in (*first["entries"], *first["settlements"], *first["input"]["ballots"]):
            if item["serial"] in changed and item.get("marks") is not None:
                item["marks"] = [last]
        _recounted(r)

    def paper_deleted(r: dict[str, Any]) -> None:  # everywhere, and the paper counts lowered by one
        first = r["rounds"][0]
        serial = first["input"]["ballots"][-1]["serial"]
        first["entries"] = [e for e in first["entries"] if e["serial"] != serial]
        first["settlements"] = [s for s in first["settlements"] if s["serial"] != serial]
        first["input"]["ballots"] = [b for b in first["input"]["ballots"] if b["serial"] != serial]
        for count in ("issued", "returned", "printed"):
            first["papers"][count] -= 1
        _recounted(r)

    def renamed(r: dict[str, Any]) -> None:
        r["candidates"][0]["name"] += "а"
        _recounted(r)

    def settlement_and_roll(r: dict[str, Any]) -> None:
        r["rounds"][0]["settlements"][0]["note"] = "another note"
        r["sessions"][0]["present"] = r["sessions"][0]["present"][:-1]
        r["sessions"][0]["chair"] = "Башка Адам"
        _recounted(r)

    def candidate_list(r: dict[str, Any]) -> None:
        r["rounds"][0]["candidates"].pop()

    def entry_blanked(r: dict[str, Any]) -> None:
        entry = next(e for e in r["audit"]["entries"] if e["table"] == "ballot_entry")
        entry["data"] = None

    return {
        "facts-three-papers": edited(data, three_papers),
        "facts-paper-deleted": edited(data, paper_deleted),
        "facts-renamed": edited(data, renamed),
        "facts-settlement-and-roll": edited(data, settlement_and_roll),
        "facts-candidate-list": edited(data, candidate_list),
        "facts-entry-blanked": edited(data, entry_blanked),
        # written as the export writes record.json: the parts as written are compared first (verifier.spelled)
        "facts-three-papers-as-exported": edited(data, three_papers, as_exported=True),
        "facts-renamed-as-exported": edited(data, renamed, as_exported=True),
    }


def test_facts_the_chain_does_not_bear_out_are_named_as_osgo_verify_names_them(
    verify_page: VerifyPage, election: tuple[Path, bytes], tmp_path: Path
) -> None:
    """The issue's consistent rewrite (three papers' marks changed in both entries and the counted ballots, results,
    outcome and fingerprints recomputed) and a paper deleted everywhere, and the other facts the chain holds: the page
    names each as osgo verify does — the same failures in the same order, the same notes — in the three languages."""
    cases = _fact_tamperings(election[1])
    for case, data in cases.items():
        name = f"{case}.zip"
        python = python_report(data, name)
        assert any(what == "chain" for what, _where, _detail in python["failures"]), case
        assert page_report(verify_page.check(_write(tmp_path, data, name))) == python, case
    papers = [f for f in python_report(cases["facts-three-papers"], "x")["failures"] if f[0] == "chain"]
    assert sum("paper" in where for _what, where, _detail in papers) == 6  # three papers, both sides
    deleted = [f for f in python_report(cases["facts-paper-deleted"], "x")["failures"] if f[0] == "chain"]
    assert any(detail.startswith("the audit chain holds an entry of this paper") for _w, _x, detail in deleted)
    verify_page.check(_write(tmp_path, cases["facts-paper-deleted"], "deleted.zip"))
    try:
        for lang in ("ky", "ru"):
            verify_page.page.evaluate("lang => window.osgoSetLanguage(lang)", lang)
            with i18n.language(lang):
                python = python_report(cases["facts-paper-deleted"], "deleted.zip")
                assert page_report(verify_page.page.evaluate("window.osgoLastReport()")) == python, lang
    finally:
        verify_page.page.evaluate("window.osgoSetLanguage('en')")


FACT_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-1, max_value=20),
    st.sampled_from(["", "001", "007", "015", "secretariat", "counting", "closed", "open", "Башка Адам", "F", "M"]),
    st.sampled_from(["2026-11-23T06:00:00Z", "2026-04-01", "[1, 2]", "[]", '{"present": []}', "2026/04-001"]),
    st.lists(st.sampled_from(["2026/04-001", "2026/04-002", "2026/04-007", "x", 1]), max_size=3),
)


@st.composite
def fact_edits(draw: st.DrawFn) -> list[tuple[str, Any, Any]]:
    """A few edits of a record's facts or of its audit chain's rows: (what, which, value) drawn, made below."""
    kinds = ["entry", "entry", "settlement", "round", "session", "candidate", "chain-row", "chain-row", "list"]
    return [
        (draw(st.sampled_from(kinds)), draw(st.integers(0, 10_000)), draw(FACT_VALUES))
        for _step in range(draw(st.integers(1, 3)))
    ]


def _edit_facts(record: dict[str, Any], edits: list[tuple[str, int, Any]]) -> None:
    rounds = record["rounds"]
    for kind, pick, value in edits:
        round_ = rounds[pick % len(rounds)]
        if kind == "entry" and round_["entries"]:
            entry = round_["entries"][pick % len(round_["entries"])]
            entry[["marks", "at", "entrant", "serial", "side"][pick % 5]] = value
        elif kind == "settlement" and round_["settlements"]:
            settlement = round_["settlements"][pick % len(round_["settlements"])]
            settlement[["marks", "note", "at", "secretariat", "counting"][pick % 5]] = value
        elif kind == "round":
            key = ["session", "runoff", "state", "papers", "lots", "candidates"][pick % 6]
            if key == "papers":
                round_["papers"]["issued"] = value
            elif key == "candidates" and round_["candidates"]:
                round_["candidates"][pick % len(round_["candidates"])]["number"] = value
            else:
                round_[key] = value
        elif kind == "session" and record.get("sessions"):
            session = record["sessions"][pick % len(record["sessions"])]
            session[["place", "present", "chair", "voters", "entrants", "quorum"][pick % 6]] = value
        elif kind == "candidate":
            candidate = record["candidates"][pick % len(record["candidates"])]
            candidate[["name", "sex", "organization", "id"][pick % 4]] = value
        elif kind == "chain-row":
            rows = [e for e in record["audit"]["entries"] if e["table"] in _FACT_ROW_KEYS and e["data"] is not None]
            entry = rows[pick % len(rows)]
            if pick % 7 == 0:
                entry["data"] = None
            elif pick % 7 == 1:
                entry["action"] = "delete"
            else:
                row = json.loads(entry["data"])
                keys = _FACT_ROW_KEYS[entry["table"]]
                row[keys[pick % len(keys)]] = value
                entry["data"] = audit_canonical_json(row)
        elif kind == "list":
            target = [round_["entries"], round_["settlements"], record["candidates"], record["audit"]["entries"]][
                pick % 4
            ]
            if target:
                index = pick % len(target)
                if pick % 3 == 0:
                    del target[index]
                elif pick % 3 == 1:
                    target.insert(index, json.loads(json.dumps(target[index])))
                elif index + 1 < len(target):
                    target[index], target[index + 1] = target[index + 1], target[index]


#: the fields of each table's rows an edit of the chain touches
_FACT_ROW_KEYS: dict[str, list[str]] = {
    "ballot_entry": ["marks", "serial", "side", "entrant_id", "entered_at", "round_id"],
    "ballot_settlement": ["marks", "note", "struck_out", "serial", "settled_at"],
    "vote_round": ["papers_issued", "state", "lot_order", "number", "session_id", "input_json"],
    "round_candidate": ["number", "application_id"],
    "vote_session": ["place", "roll", "quorum", "held_on"],
    "voter": ["name", "present", "number"],
    "entrant": ["name", "side"],
    "application": ["number", "organization_id"],
    "person": ["surname", "name", "sex"],
    "competition": ["number", "closed_record"],
}


def python_facts(record: dict[str, Any]) -> dict[str, Any]:
    """verifier/chain_facts.py's check as ``osgo verify`` runs it: its failures and notes."""
    try:
        found = check_chain_facts(record)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError, RecursionError) as exc:
        error = verifier._describe_error(exc)
        return {
            "failures": [["format", "record.json", f"a part of the record is missing or malformed: {error}"]],
            "notes": [],
        }
    return {"failures": [["chain", f.where, f.detail] for f in found.failures], "notes": list(found.notes)}


@DIFFERENTIAL
@given(edits=fact_edits())
def test_the_pages_facts_check_is_verify_s_on_generated_edits(
    verify_page: VerifyPage, election: tuple[Path, bytes], edits: list[tuple[str, int, Any]]
) -> None:
    """The record's facts and its chain's rows edited at random (entries, settlements, rounds, sessions, candidates,
    the rows the chain holds, lists cut, doubled or swapped): the page's facts check says what chain_facts.py says."""
    record = _record(election[1])
    _edit_facts(record, edits)
    text = json.dumps(record, ensure_ascii=False)
    expected = python_facts(json.loads(text))
    assert _unordered(verify_page.page.evaluate("text => window.osgoFacts(text)", text)) == _unordered(expected)


_UNORDERABLE = re.compile(r"'<' not supported between instances of '(\w+)' and '(\w+)'")


def _unordered(report: dict[str, Any]) -> dict[str, Any]:
    """The report, but for which of two values of types Python cannot order it tried first: that depends on the
    order of a set, which is Python's hashing (a record edited into that shape is malformed either way)."""

    def fix(text: str) -> str:
        return _UNORDERABLE.sub(lambda m: "'<' not supported between " + " and ".join(sorted(m.groups())), text)

    return {**report, "failures": [[what, where, fix(detail)] for what, where, detail in report["failures"]]}
