"""`osgo protocols list / issue / attach`: a competition finished from the command line; bad input exits 2 with a
message and no traceback; `osgo demo --full` ends with 2026/04 closed and its export carries every protocol."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from osgo_desktop.storage.quick import sqlite_url
from osgo_desktop.storage.uow import Database
from tests.conftest import copy_database, pinned_clock
from tests.integration.test_cli import osgo

#: every protocol of 2026/04 once voted: (kind, round)
SLOTS = [
    ("screening", "—"),
    ("vote", "1"),
    ("tally_sheet", "1"),
    ("vote", "2"),
    ("tally_sheet", "2"),
    ("decision", "—"),
]


@pytest.fixture
def voted(voted_template: Path, tmp_path: Path) -> str:
    path = tmp_path / "voted.sqlite"
    copy_database(voted_template, path)
    return sqlite_url(path)


def protocols_cmd(url: str, *args: str) -> tuple[int, str, str]:
    code, out, err = osgo("--db", url, "--lang", "en", "protocols", *args)
    assert "Traceback" not in err
    return code, out, err


def test_list_issue_every_protocol_then_attach_the_signed_decision(voted: str, tmp_path: Path) -> None:
    code, out, err = protocols_cmd(voted, "list", "2026/04")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].split()[:4] == ["Kind", "Round", "Language", "Number"]
    assert [line.split()[:3] for line in lines[1:13]] == [[k, r, lang] for k, r in SLOTS for lang in ("ky", "ru")]
    assert all("to issue from the current data" in line for line in lines[1:13])
    assert lines[-1] == "12 protocols are still to issue before the signed decision can close the competition."

    code, out, err = protocols_cmd(voted, "issue", "2026/04")
    assert code == 0 and err == ""
    assert out.count("Issued: ") == 12 and "Issued: Tally sheet, round 2 (in Russian), No. 2026/04-" in out
    code, out, _err = protocols_cmd(voted, "issue", "2026/04")
    assert code == 0 and out.count("Unchanged: ") == 12 and "Issued" not in out  # the same data: the same papers

    code, out, _err = protocols_cmd(voted, "list", "2026/04")
    rows = [line.split() for line in out.splitlines()[1:]]
    assert len(rows) == 12 and all(row[4] == "1" and len(row[5]) == 12 and row[6] == "no" for row in rows)
    assert "still to issue" not in out
    decision = next(row for row in rows if row[0] == "decision" and row[2] == "ky")[3]

    scan = tmp_path / "signed.png"
    Image.new("L", (200, 280), 230).save(scan)  # a scanner's page
    code, out, err = protocols_cmd(voted, "attach", "2026/04", decision, str(scan), "--attached-by", "Кадырова М. А.")
    assert code == 0 and err == ""
    assert out == f"The signed copy of protocol No. {decision} is attached: the competition is closed.\n"
    code, out, _err = protocols_cmd(voted, "list", "2026/04")
    signed = [line.split()[:3] for line in out.splitlines()[1:] if line.split()[6] == "yes"]
    assert signed == [["decision", "—", "ky"]]


def test_one_protocol_in_one_language_written_to_a_file(voted: str, tmp_path: Path) -> None:
    target = tmp_path / "round2-ru.pdf"
    code, out, err = protocols_cmd(
        voted, "issue", "2026/04", "vote", "--round", "2", "--lang", "ru", "--out", str(target)
    )
    assert code == 0 and err == "", err
    assert (
        out.startswith("Issued: Rating-vote protocol, round 2 (in Russian), No. 2026/04-") and out.count("Issued") == 1
    )
    assert f"Written to {target}." in out
    text = "".join(page.extract_text() for page in PdfReader(target).pages)
    assert "ПРОТОКОЛ" in text.upper() and "2026/04" in text
    code, out, _err = protocols_cmd(voted, "issue", "2026/04", "screening")  # every official language
    assert code == 0 and [line.split("(")[1].split(")")[0] for line in out.splitlines()] == [
        "in Kyrgyz",
        "in Russian",
    ]


def test_the_signed_decision_does_not_close_with_a_protocol_missing(voted: str, tmp_path: Path) -> None:
    assert protocols_cmd(voted, "issue", "2026/04", "decision", "--lang", "ky")[0] == 0
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    code, out, err = protocols_cmd(voted, "attach", "2026/04", "2026/04-D", str(scan))
    assert code == 2 and out == ""
    assert err.startswith("osgo: The competition cannot be closed while a protocol it needs is missing.")
    assert "Screening protocol (in Kyrgyz); Screening protocol (in Russian);" in err
    assert "Decision on the composition (in Russian)." in err and "Decision on the composition (in Kyrgyz)" not in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("list", "2099/77"), "No competition has the id or number 2099/77."),
        (("issue", "2099/77"), "No competition has the id or number 2099/77."),
        (("issue", "2026/04", "minutes"), "invalid choice: 'minutes'"),
        (("issue", "2026/04", "vote", "--round", "3"), "The competition has no round 3."),
        (("issue", "2026/04", "tally_sheet"), "give it with --round N"),
        (("issue", "2026/04", "decision", "--round", "1"), "leave out --round"),
        (("issue", "2026/04", "--round", "1"), "name its KIND"),
        (("issue", "2026/04", "decision", "--out", "x.pdf"), "choose its language with --lang"),
        (("issue", "2026/04", "decision", "--lang", "en"), "invalid choice: 'en'"),
        (("issue", "2026/01"), None),  # nothing to issue yet: said, not an error
        (("attach", "2026/04", "2026/04-D", "{missing}"), "Cannot read"),
        (("attach", "2026/04", "2026/04-Z", "{notes}"), "Competition 2026/04 has no protocol No. 2026/04-Z."),
        (("attach", "2026/04", "2026/04-S", "{notes}", "--lang", "ru"), "has not been issued in Russian"),
        (("attach", "2026/04", "2026/04-S", "{notes}"), "A signed copy is a scanned PDF or an image"),
    ],
)
def test_bad_input_exits_2_with_a_message(
    voted: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str | None
) -> None:
    assert protocols_cmd(voted, "issue", "2026/04", "screening", "--lang", "ky")[0] == 0
    notes = tmp_path / "notes.txt"
    notes.write_text("not a scan\n", encoding="utf-8")
    files = {"missing": str(tmp_path / "no-such-scan.pdf"), "notes": str(notes)}
    code, out, err = protocols_cmd(voted, *(a.format(**files) for a in args))
    err += capsys.readouterr().err  # argparse's own usage errors go straight to the standard error
    if message is None:
        assert code == 0 and out == "No protocol can be issued yet.\n"
        return
    assert code == 2 and message in err and "Traceback" not in err


def test_demo_full_ends_closed_and_its_export_carries_every_protocol(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "demo.sqlite")
    code, out, err = osgo("--db", url, "--lang", "en", "demo", "--full")
    assert code == 0, err
    code, out, _err = osgo("--db", url, "--lang", "en", "competitions", "show", "2026/04")
    assert "State: Closed" in out
    target = tmp_path / "record.zip"
    code, out, err = osgo("--db", url, "--lang", "en", "export", "2026/04", "--out", str(target))
    assert code == 0, err
    with zipfile.ZipFile(io.BytesIO(target.read_bytes())) as archive:
        names = set(archive.namelist())
        record = json.loads(archive.read("record.json"))
    # 12 protocols of the competition, and the decision on filling a vacancy from its reserve (ky, ru)
    assert len(record["protocols"]) == 14 and all(p["file"] in names for p in record["protocols"])
    assert {(p["kind"], p["lang"]) for p in record["protocols"]} >= {
        ("decision", "ky"),
        ("screening", "ru"),
        ("vacancy_fill", "ky"),
        ("vacancy_fill", "ru"),
    }
    assert [s["file"] for s in record["signed_copies"]] == ["signed/2026-04-D-v1-ky.png"]
    code, out, err = osgo("--lang", "en", "verify", str(target))
    assert code == 0, out + err


def test_a_russian_paper_missing_a_russian_text_is_issued_only_when_accepted(voted: str) -> None:
    from sqlalchemy import select, update

    from osgo_desktop.storage import models

    database = Database.open(voted, pinned_clock())
    with database.uow() as uow:
        uow.session.execute(update(models.VoteSession).values(place_ru=""))  # never entered in Russian
        uow.commit()
        place = uow.session.scalars(select(models.VoteSession.place)).one()
    database.close()
    code, out, err = protocols_cmd(voted, "issue", "2026/04", "vote", "--round", "1", "--lang", "ru")
    assert code == 2 and out == "" and place in err  # the missing text is named; nothing issued
    code, out, err = protocols_cmd(
        voted, "issue", "2026/04", "vote", "--round", "1", "--lang", "ru", "--accept-missing"
    )
    assert code == 0 and "Issued" in out
