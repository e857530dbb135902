"""``osgo verify`` with record.json streamed (``verifier.stream``, what a record bigger than ``STREAM_FROM`` gets):
the same verdicts and failures as a record parsed whole. The verify tests of test_export_verify, test_papers_bound
and the record tests of test_hostile_input run again here with every record streamed; then what only a streamed
record meets: a record.json damaged deep inside its audit entries, truncated, or changed between two passes."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from osgo_desktop.services.export import write_zip
from osgo_desktop.verifier import record as verifier
from osgo_desktop.verifier import stream
from osgo_desktop.verifier.record import verify_record
from tests.hostile_support import run_osgo
from tests.integration import test_export_verify, test_hostile_input, test_papers_bound
from tests.integration.test_cli import osgo
from tests.record_support import election, members

__all__ = ["election"]  # the fixture, imported for pytest

#: the tests of whole records run again here, streamed (the fixture below)
_AGAIN = {
    test_export_verify: None,
    test_papers_bound: None,
    test_hostile_input: (
        "test_a_hundred_flipped_bits_never_raise_and_each_names_its_member",
        "test_a_damaged_record_exits_2_with_a_message_in_the_users_language",
        "test_deep_json_and_long_integers_in_a_record_are_unreadable",
        "test_deep_values_inside_a_record_fail_its_checks_without_a_traceback",
        "test_members_the_record_does_not_list_are_named",
    ),
}
for _module, _names in _AGAIN.items():
    globals().update(
        (name, value)
        for name, value in vars(_module).items()
        if name.startswith("test_") and (not _names or name in _names)
    )

RECORD = "record.json"


@pytest.fixture(autouse=True, params=["streamed", "spooled"])
def streamed(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> None:
    """Every record.json is streamed, however small; and, the second time, read 512 bytes at a time, with every
    string whose bytes run past 64 kept from the parser (``stream.SpooledText``, what the record frozen at the close
    gets in a record of 100,000 ballots): an audit entry's data then hashed and read a piece at a time."""
    monkeypatch.setattr(verifier, "STREAM_FROM", -1)
    if request.param == "spooled":
        monkeypatch.setattr(stream, "LONG_BYTES", 64)
        monkeypatch.setattr(stream, "_SPOOL_PIECE", 100)
        monkeypatch.setattr(stream, "CHUNK", 512)


def _with_text(data: bytes, text: bytes) -> bytes:
    files = members(data)
    files[RECORD] = text
    return write_zip(files)


def _text(data: bytes) -> bytes:
    return members(data)[RECORD]


def test_the_audit_entries_are_streamed_never_a_list(election: tuple[Path, bytes]) -> None:
    checker = verifier._Checker()
    try:
        record = checker._open(election[1])
        entries = record["audit"]["entries"]
        assert isinstance(entries, stream.AuditEntries) and not isinstance(entries, list)
        # (an entry's long data comes spooled: its text read whole is json.loads's)
        read = [
            {**e, "data": e["data"].text() if isinstance(e["data"], stream.SpooledText) else e["data"]} for e in entries
        ]
        assert read == json.loads(_text(election[1]))["audit"]["entries"]
    finally:
        checker.close()


def test_a_truncated_record_json_exits_2_with_a_message(election: tuple[Path, bytes], tmp_path: Path) -> None:
    text = _text(election[1])
    cut = text.index(b'"entries"', text.index(b'"audit"')) + len(text) // 50  # inside the audit entries
    path = tmp_path / "record.zip"
    path.write_bytes(_with_text(election[1], text[:cut]))
    code, out, err = osgo("--lang", "en", "verify", str(path))
    assert (code, out) == (2, "")
    assert err.startswith("osgo: record.json: not readable JSON: parse error: premature EOF"), err
    result = run_osgo("verify", str(path))
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_a_flipped_byte_deep_inside_the_entries_is_named(election: tuple[Path, bytes], tmp_path: Path) -> None:
    """In an entry's hash: exit 1, the entry named. Where the JSON no longer parses: exit 2, said so."""
    text = _text(election[1])
    audit = text.index(b'"audit"')
    # (record.json's keys are sorted: an entry's hash comes before its seq)
    at = text.rindex(b'"hash": "', audit, text.index(b'"seq": 5,', audit)) + len(b'"hash": "')
    flipped = bytearray(text)
    flipped[at] = ord("0") if text[at] != ord("0") else ord("1")
    path = tmp_path / "hash.zip"
    path.write_bytes(_with_text(election[1], bytes(flipped)))
    code, out, _err = osgo("--lang", "en", "verify", str(path))
    assert code == 1 and "audit entry 5" in out and "Traceback" not in out

    broken = bytearray(text)
    broken[text.index(b'"seq": 7,', audit)] = ord("x")
    path = tmp_path / "json.zip"
    path.write_bytes(_with_text(election[1], bytes(broken)))
    code, out, err = osgo("--lang", "en", "verify", str(path))
    assert (code, out) == (2, "") and "record.json: not readable JSON" in err and "Traceback" not in err


def test_a_record_json_changed_between_two_passes_is_a_failure_not_a_traceback(
    election: tuple[Path, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The entries are read from the zip again on each pass: a member that reads otherwise the second time (a file
    changed under the check) fails that pass, named, and the other checks go on."""
    good = _text(election[1])
    bad = good[: good.index(b'"seq": 3,', good.index(b'"audit"'))]
    opened = zipfile.ZipFile.open
    calls = 0

    def open_twice(self: zipfile.ZipFile, name: object, *args: object, **kwargs: object) -> object:
        nonlocal calls
        if name == RECORD:
            calls += 1
            if calls > 1:
                return io.BytesIO(bad)
        return opened(self, name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(zipfile.ZipFile, "open", open_twice)
    report = verify_record(election[1])
    assert report.readable and not report.ok
    assert any(f.where == RECORD and "not readable JSON" in f.detail for f in report.failures), report.failures


def test_the_chain_head_asked_about_is_found_in_a_streamed_chain() -> None:
    """--chain-head reads the chain after the other checks (a record with no decision has not read it before):
    from the zip, still open."""
    import random

    from bench.bench_verify import SEED, make_record

    data = make_record(random.Random(SEED), 30)
    entry = next(e for e in json.loads(_text(data))["audit"]["entries"] if e["seq"] == 7)
    report = verify_record(data, chain_head=f"7 {entry['hash']}")
    assert report.ok, report.failures
    report = verify_record(data, chain_head=f"7 {'0' * 64}")
    assert not report.ok and any("audit entry 7" in f.where for f in report.failures)
