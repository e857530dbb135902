"""`osgo ballots export` writes what `osgo tally` recounts: an observer's recount gives the stored result.
`osgo ballots print` writes a round's ballot papers."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from osgo_desktop.domain import tally
from osgo_desktop.domain.voting import Side
from osgo_desktop.i18n import Translator
from osgo_desktop.services import voting
from osgo_desktop.services.voting import PaperCounts
from osgo_desktop.storage.uow import Database
from tests.integration.test_cli import osgo
from tests.voting_support import FIRST_ROUND, ballots_from_counts, enter_all, open_session


def test_the_exported_round_recounts_to_the_stored_result(full_demo_db: Database, tmp_path: Path) -> None:
    round_id = open_session(full_demo_db)
    papers = ballots_from_counts(FIRST_ROUND, 15)
    enter_all(full_demo_db, round_id, papers, Side.SECRETARIAT)
    enter_all(full_demo_db, round_id, papers, Side.COUNTING)
    with full_demo_db.uow() as uow:
        stored = voting.close_round(uow, round_id, PaperCounts(15, 15, 0))
    url = full_demo_db.url
    exported = tmp_path / "round1.json"
    code, out, err = osgo(
        "--db", url, "--lang", "en", "ballots", "export", "2026/04", "--round", "1", "--out", str(exported)
    )
    assert code == 0 and err == "" and "15 agreed ballots" in out
    data = json.loads(exported.read_text(encoding="utf-8"))
    assert data["seats"] == 7 and len(data["candidates"]) == 12 and data["ballots"][0]["serial"] == "001"
    code, out, err = osgo("tally", "--input", str(exported))
    assert code == 0, err
    assert json.loads(out) == tally.result_to_json(stored)
    assert json.loads(out)["tie"]["seats"] == 1


def test_export_names_a_missing_round(full_demo_db: Database) -> None:
    open_session(full_demo_db)
    code, out, err = osgo(
        "--db", full_demo_db.url, "--lang", "en", "ballots", "export", "2026/04", "--round", "3", "--out", "-"
    )
    assert code == 2 and "no round 3" in err and out == ""


def test_an_open_round_exports_its_agreed_ballots_so_far(full_demo_db: Database) -> None:
    round_id = open_session(full_demo_db)
    papers = ballots_from_counts(FIRST_ROUND, 15)
    enter_all(full_demo_db, round_id, papers[:5], Side.SECRETARIAT)
    enter_all(full_demo_db, round_id, papers[:3], Side.COUNTING)
    code, out, _err = osgo("--db", full_demo_db.url, "ballots", "export", "2026/04", "--round", "1", "--out", "-")
    assert code == 0 and [b["serial"] for b in json.loads(out)["ballots"]] == ["001", "002", "003"]


def pdf_pages(path: Path) -> list[str]:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [" ".join(page.split()) for page in text.split("\f")[:-1]]


@pytest.mark.parametrize("where", ["before", "after"])
@pytest.mark.parametrize("lang", ["ky", "ru"])
def test_print_writes_a_paper_per_serial(full_demo_db: Database, tmp_path: Path, lang: str, where: str) -> None:
    round_id = open_session(full_demo_db)
    with full_demo_db.uow() as uow:
        view = voting.get_round(uow, round_id)
    out_file = tmp_path / "papers" / f"round1-{lang}.pdf"
    command = ["ballots", "print", "2026/04", "--round", "1", "--out", str(out_file)]
    lang_option = ["--lang", lang]
    argv = [*lang_option, *command] if where == "before" else [*command, *lang_option]
    code, out, err = osgo("--db", full_demo_db.url, *argv)
    assert code == 0 and err == "", err
    assert str(out_file) in out
    pages = pdf_pages(out_file)
    assert len(pages) == view.papers_printed > 1
    t = Translator(lang)
    for number, page in enumerate(pages, start=1):
        assert t.gettext("No. {number}").format(number=voting.paper_serial(number)) in page
        assert t.gettext("BALLOT") in page and t.gettext("Member of the counting commission") in page
        assert all(candidate.name in page for candidate in view.candidates)


def test_print_refuses_a_language_no_document_is_printed_in(full_demo_db: Database, tmp_path: Path) -> None:
    open_session(full_demo_db)
    out_file = tmp_path / "papers.pdf"
    argv = ["--db", full_demo_db.url, "--lang", "en", "ballots", "print", "2026/04", "--round", "1"]
    code, out, err = osgo(*argv, "--out", str(out_file))
    assert code == 2 and "Kyrgyz or Russian" in err and out == ""
    code, out, err = osgo(*argv, "--out", str(tmp_path / "papers.pdf"), "--lang", "ky")
    assert code == 0 and out_file.exists()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["2026/04", "--round", "1", "--lang", "en"], "invalid choice: 'en'"),
        (["2026/04", "--round", "x"], "invalid int value: 'x'"),
        (["2026/04"], "--round"),
    ],
)
def test_print_refuses_malformed_arguments(
    full_demo_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    out_file = tmp_path / "papers.pdf"
    code, out, _err = osgo("--db", full_demo_db.url, "--lang", "en", "ballots", "print", *argv, "--out", str(out_file))
    assert code == 2 and message in capsys.readouterr().err and out == ""
    assert not out_file.exists()


def test_print_names_what_it_cannot_find_or_write(full_demo_db: Database, tmp_path: Path) -> None:
    open_session(full_demo_db)
    t = Translator("ru")
    command = ["--db", full_demo_db.url, "--lang", "ru", "ballots", "print"]
    code, out, err = osgo(*command, "2026/99", "--round", "1", "--out", str(tmp_path / "x.pdf"))
    assert code == 2 and "2026/99" in err and out == ""
    code, out, err = osgo(*command, "2026/04", "--round", "3", "--out", str(tmp_path / "x.pdf"))
    assert code == 2 and t.gettext("The competition has no round {number}.").format(number=3) in err and out == ""
    assert not (tmp_path / "x.pdf").exists()
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    code, out, err = osgo(*command, "2026/04", "--round", "1", "--out", str(blocked / "x.pdf"))
    assert code == 2 and str(blocked) in err and out == ""
