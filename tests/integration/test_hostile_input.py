"""Bad input never shows a traceback or hangs: a damaged zip, deep JSON, huge numbers, decompression bombs,
members the record does not list, spreadsheet bombs. Each case was a traceback, a "Verified" or a hang before;
each is now exit 2 (or 1, a failed check) and a message in the user's language."""

from __future__ import annotations

import io
import json
import random
import re
import tracemalloc
import zipfile
from pathlib import Path
from typing import Any

import pytest

from osgo_desktop.formats import tabular
from osgo_desktop.formats.tabular import TabularError, read_table
from osgo_desktop.services.export import write_zip
from osgo_desktop.storage.quick import sqlite_url
from osgo_desktop.verifier import record as verifier
from osgo_desktop.verifier.record import verify_record
from tests.conftest import copy_database
from tests.hostile_support import (
    ROOT,
    SHEET,
    Member,
    bomb,
    compressed_span,
    csv_bombs,
    damaged_record,
    flipped,
    rezipped,
    run_osgo,
    sheet,
    write_raw_zip,
    xlsx_bombs,
    xlsx_with,
)
from tests.integration.test_cli import osgo
from tests.record_support import election, members

__all__ = ["election"]  # the fixture, imported for pytest

RECORD = "record.json"


def _write(tmp_path: Path, data: bytes, name: str = "record.zip") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _with_record_text(data: bytes, text: bytes) -> bytes:
    files = members(data)
    files[RECORD] = text
    return write_zip(files)


# --- a damaged zip ---------------------------------------------------------------------------------------------


def test_a_hundred_flipped_bits_never_raise_and_each_names_its_member(election: tuple[Path, bytes]) -> None:
    """One bit flipped in a member's compressed data gave a zlib.error traceback in 4 flips of 100."""
    data = election[1]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
    rnd = random.Random(14)
    damaged = 0
    for _ in range(100):
        name = rnd.choice(names)
        start, length = compressed_span(data, name)
        report = verify_record(flipped(data, rnd.randrange(start, start + length), rnd.randrange(8)))
        if report.ok:
            continue  # a flip in bits the decompressor never reads
        assert any(f.where == name for f in report.failures), (name, report.failures)
        damaged += any("damaged in the zip" in f.detail for f in report.failures)
    assert damaged > 0


def test_a_damaged_record_exits_2_with_a_message_in_the_users_language(
    election: tuple[Path, bytes], tmp_path: Path
) -> None:
    path = _write(tmp_path, damaged_record(election[1]))
    code, out, err = osgo("--lang", "en", "verify", str(path))
    assert code == 2 and out == "" and err.startswith("osgo: record.json: damaged in the zip: Error -3")
    code, out, err = osgo("--lang", "ru", "verify", str(path))
    assert code == 2 and "record.json: повреждён в zip" in err


def test_the_damaged_record_as_a_process_of_its_own(election: tuple[Path, bytes], tmp_path: Path) -> None:
    result = run_osgo("verify", str(_write(tmp_path, damaged_record(election[1]))))
    assert result.returncode == 2 and "Traceback" not in result.stderr and "damaged in the zip" in result.stderr


# --- deep JSON, huge numbers ---------------------------------------------------------------------------------


def test_deep_json_and_long_integers_in_a_record_are_unreadable(election: tuple[Path, bytes], tmp_path: Path) -> None:
    deep = _with_record_text(election[1], b'{"format": ' + b"[" * 100_000 + b"]" * 100_000 + b"}")
    code, _out, err = osgo("--lang", "en", "verify", str(_write(tmp_path, deep)))
    assert code == 2 and "record.json: not readable JSON: nested too deeply" in err
    long = _with_record_text(election[1], b'{"format": 1' + b"0" * 5000 + b"}")
    code, _out, err = osgo("--lang", "en", "verify", str(_write(tmp_path, long)))
    assert code == 2 and "record.json: not readable JSON: a number is too long" in err


def test_deep_values_inside_a_record_fail_its_checks_without_a_traceback(election: tuple[Path, bytes]) -> None:
    record = json.loads(members(election[1])[RECORD])
    deep: Any = "x"
    for _ in range(900):  # decodes, but every check that dumps or walks it runs out of stack
        deep = [deep]
    record["amendments"] = deep
    record["rounds"][0]["input"]["seats"] = deep
    text = json.dumps(record, ensure_ascii=False).encode()
    report = verify_record(_with_record_text(election[1], text))
    assert report.readable and not report.ok


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[" * 100_000 + "]" * 100_000, "arrays and objects nested more than 32 deep"),
        ('{"seats": 1' + "0" * 5000 + "}", "an integer of more than 30 digits"),
        ('{"seats": 3, "sex_cap_percent": 1e-999999999}', "the number 1e-999999999 is out of range"),
    ],
    ids=["deep", "5000 digits", "took minutes"],
)
def test_tally_refuses_deep_json_and_numbers_out_of_range(tmp_path: Path, text: str, message: str) -> None:
    source = tmp_path / "round.json"
    source.write_text(text)
    code, out, err = osgo("--lang", "en", "tally", "--input", str(source))
    assert code == 2 and out == "" and err == f"osgo: Malformed tally input: invalid JSON: {message}\n"


def test_tally_of_deep_json_as_a_process_of_its_own(tmp_path: Path) -> None:
    source = tmp_path / "round.json"
    source.write_text("[" * 100_000 + "]" * 100_000)
    result = run_osgo("tally", "--input", str(source))
    assert result.returncode == 2 and "Traceback" not in result.stderr and "nested more than" in result.stderr


# --- decompression bombs -----------------------------------------------------------------------------------


def test_a_gibibyte_record_is_refused_by_its_header_before_anything_is_unpacked() -> None:
    """A 1 MB zip whose record.json unpacks to 1 GiB was read whole (4.2 GB of memory), then "Verified"."""
    head = b'{"format": "osgo-election-record/1", "padding": "'
    data = write_raw_zip([bomb(RECORD, head, 1024, b'"}')])
    assert len(data) < 2 * 1024 * 1024
    tracemalloc.start()
    try:
        report = verify_record(data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert not report.readable and peak < 16 * 1024 * 1024
    [failure] = report.failures
    assert failure.where == RECORD and "would unpack to 1,024.0 MB, more than the 512.0 MB" in failure.detail


def test_a_record_that_compresses_too_well_is_a_bomb() -> None:
    data = write_raw_zip([bomb(RECORD, b'{"format": "osgo-election-record/1", "padding": "', 200, b'"}')])
    [failure] = verify_record(data).failures
    assert failure.what == "unreadable" and "decompression bomb" in failure.detail


def test_a_header_that_lies_does_not_unpack_more_than_it_says() -> None:
    """Headers can lie: the limit is held again while reading, and the unpacked bytes must be what they say."""
    member = bomb(RECORD, b'{"format": "osgo-election-record/1", "padding": "', 300, b'"}').declaring(1024)
    tracemalloc.start()
    try:
        report = verify_record(write_raw_zip([member]))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert not report.readable and peak < 16 * 1024 * 1024
    [failure] = report.failures
    assert failure.where == RECORD and "damaged in the zip" in failure.detail


def test_a_protocol_bigger_than_a_file_may_be_or_too_many_together_is_refused(election: tuple[Path, bytes]) -> None:
    data = election[1]
    name = "protocols/2026-04-S-v1-ky.pdf"
    big = rezipped(data, {name: Member.of(name, members(data)[name]).declaring(100 * 1024 * 1024)})
    [failure] = verify_record(big).failures
    assert failure.where == name and "more than the 64.0 MB" in failure.detail

    many = [bomb(f"protocols/{n}.pdf", b"%PDF-", 63, b"", fill=b"0") for n in range(17)]
    [failure] = verify_record(rezipped(data, add=many)).failures
    assert failure.what == "unreadable" and "an election record unpacks to at most 1,024.0 MB" in failure.detail

    crowd = [Member.of(f"x/{n}", b"") for n in range(verifier.MAX_MEMBERS + 1)]
    [failure] = verify_record(rezipped(data, add=crowd)).failures
    assert failure.what == "unreadable" and "an election record holds at most 10000" in failure.detail


def test_the_limits_are_the_ones_docs_record_md_states() -> None:
    text = (ROOT / "docs" / "record.md").read_text(encoding="utf-8")
    section = text.split("## Limits", 1)[1].split("\n## ", 1)[0]
    mib = 1024 * 1024
    for stated in (
        f"`record.json` at most {verifier.MAX_RECORD_BYTES // mib} MiB",
        f"any other member at most {verifier.MAX_FILE_BYTES // mib} MiB",
        f"all members together at most {verifier.MAX_TOTAL_BYTES // mib:,} MiB",
        f"at most {verifier.MAX_MEMBERS:,} members",
        f"more than {verifier.MAX_RECORD_RATIO} times",
    ):
        assert stated in " ".join(section.split()), stated


# --- members the record does not list ------------------------------------------------------------------------


def test_members_the_record_does_not_list_are_named(election: tuple[Path, bytes], tmp_path: Path) -> None:
    data = election[1]
    files = members(data)
    slipped = rezipped(
        data,
        add=[
            Member.of("../../x", b"#!/bin/sh\n"),
            Member.of("protocols/2026-04-D-v9-ky.pdf", files["protocols/2026-04-D-v1-ky.pdf"]),
            Member.of(RECORD, files[RECORD]),
        ],
    )
    code, out, err = osgo("--lang", "en", "verify", str(_write(tmp_path, slipped)))
    assert code == 1 and err == ""
    assert "  ../../x: is in the zip but the record does not list it" in out
    assert "  protocols/2026-04-D-v9-ky.pdf: is in the zip but the record does not list it" in out
    assert "  record.json: is in the zip 2 times: which copy is read depends on the program that unpacks it" in out
    assert out.startswith("Not verified: problems found: 3.")


# --- spreadsheet bombs ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(xlsx_bombs()))
def test_an_xlsx_bomb_is_refused_with_a_message(name: str) -> None:
    """Each of these kept openpyxl busy past a minute (an 820 KB one past 10 minutes)."""
    with pytest.raises(TabularError) as refused:
        read_table(xlsx_bombs()[name], "bomb.xlsx")
    assert re.search(r"“bomb\.xlsx” (has more than|unpacks to more than|looks like an Excel)", str(refused.value))


@pytest.mark.parametrize("name", list(csv_bombs()))
def test_a_csv_bomb_is_refused_with_a_message(name: str) -> None:
    with pytest.raises(TabularError) as refused:
        read_table(csv_bombs()[name], "bomb.csv")
    assert "“bomb.csv”" in str(refused.value)


def test_a_genuine_list_is_well_within_the_limits() -> None:
    """10,000 applicants (the most a file may hold) in every column the import knows: read."""
    columns = len(tabular.APPLICANT_FIELDS)
    cells = "".join(f'<c t="inlineStr"><is><t>Асанова {n}</t></is></c>' for n in range(columns))
    workbook = xlsx_with({SHEET: sheet(f"<row>{cells}</row>" * 10_000)})
    assert len(read_table(workbook, "list.xlsx").rows) == 10_000


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> str:
    path = tmp_path_factory.mktemp("hostile") / "demo.sqlite"
    copy_database(demo_template, path)
    return sqlite_url(path)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["a row a billion rows down", "two million cells in a row"])
def test_applications_import_refuses_an_xlsx_bomb_as_a_process(demo_url: str, tmp_path: Path, name: str) -> None:
    source = _write(tmp_path, xlsx_bombs()[name], "bomb.xlsx")
    result = run_osgo("--db", demo_url, "applications", "import", "2026/04", str(source), "--dry-run")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("osgo: “bomb.xlsx” has more than")
