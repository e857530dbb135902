"""The ``osgo`` command: exit 0 on success, 2 with a clear message on bad input; never a traceback."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from osgo_desktop.cli import main
from osgo_desktop.clock import Clock
from osgo_desktop.storage.quick import sqlite_url
from tests.conftest import pinned_clock


def osgo(*args: str, clock: Clock | None = None) -> tuple[int, str, str]:
    """Run the command in this process on a pinned clock (at noon on TODAY unless ``clock`` is given)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        code = main(list(args), out=out, err=err, clock=clock or pinned_clock())
    except SystemExit as exit_:  # argparse's own usage errors
        code = int(exit_.code or 0)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def url(tmp_path: Path) -> str:
    return sqlite_url(tmp_path / "cli.sqlite")


@pytest.fixture
def demo_url(url: str) -> str:
    assert osgo("--db", url, "--lang", "en", "demo")[0] == 0
    return url


def test_demo_then_list(demo_url: str) -> None:
    code, out, err = osgo("--db", demo_url, "--lang", "en", "competitions", "list")
    assert code == 0 and err == ""
    assert "2026/" in out and "Announced" in out and "Draft" in out
    assert "Ministry of Health of the Kyrgyz Republic" in out


def test_demo_refuses_a_database_with_data(demo_url: str) -> None:
    code, out, err = osgo("--db", demo_url, "--lang", "en", "demo")
    assert code == 2 and "already holds data" in err and out == ""


def test_show_in_kyrgyz(demo_url: str) -> None:
    code, out, _ = osgo("--db", demo_url, "--lang", "ky", "competitions", "show", "1")
    assert code == 0
    assert "Кыргыз Республикасынын Саламаттык сактоо министрлиги" in out


def test_show_by_number_and_unknown_id(demo_url: str) -> None:
    assert osgo("--db", demo_url, "--lang", "en", "competitions", "show", "2026/02")[0] == 0
    code, _out, err = osgo("--db", demo_url, "--lang", "en", "competitions", "show", "77")
    assert code == 2 and "No competition has the id or number 77" in err


def test_announce_writes_the_pdf_in_the_chosen_language(demo_url: str, tmp_path: Path) -> None:
    target = tmp_path / "out" / "ann-ru.pdf"
    code, _out, err = osgo("--db", demo_url, "--lang", "ru", "announce", "1", "--out", str(target))
    assert code == 0, err
    text = " ".join(PdfReader(target).pages[0].extract_text().split())
    assert "ОБЪЯВЛЕНИЕ" in text or "ANNOUNCEMENT" in text
    assert "Министерство здравоохранения Кыргызской Республики" in text


def test_announce_records_the_publication(demo_url: str, tmp_path: Path) -> None:
    code, _, err = osgo(
        "--db",
        demo_url,
        "--lang",
        "ky",
        "announce",
        "2",
        "--out",
        str(tmp_path / "a.pdf"),
        "--published",
        "20.11.2026",
        "--media",
        "«Кабар»",
    )
    assert code == 0, err
    _, out, _ = osgo("--db", demo_url, "--lang", "en", "competitions", "show", "2")
    assert "Announced" in out and "«Кабар»" in out


def test_announce_in_english_is_refused(demo_url: str, tmp_path: Path) -> None:
    code, _, err = osgo("--db", demo_url, "--lang", "en", "announce", "1", "--out", str(tmp_path / "a.pdf"))
    assert code == 2 and "Kyrgyz or Russian" in err
    assert not (tmp_path / "a.pdf").exists()


def test_bad_inputs_exit_2_with_a_message(demo_url: str, tmp_path: Path) -> None:
    code, _, _ = osgo("--db", demo_url, "announce", "1", "--out", str(tmp_path / "a.pdf"), "--published", "31.02.2026")
    assert code == 2
    code, _, err = osgo(
        "--db",
        demo_url,
        "--lang",
        "ru",
        "announce",
        "2",
        "--out",
        str(tmp_path / "a.pdf"),
        "--published",
        "2026-11-20",
    )
    assert code == 2 and "osgo:" in err  # --media missing: the outlet must be named
    assert not (tmp_path / "a.pdf").exists()
    code, _, err = osgo("--db", "nonsense://", "--lang", "en", "competitions", "list")
    assert code == 2 and err.startswith("osgo:")
    code, _, _ = osgo("--db", demo_url, "no-such-command")
    assert code == 2


def test_an_unwritable_output_is_a_clear_error(demo_url: str, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _, err = osgo("--db", demo_url, "--lang", "ky", "announce", "1", "--out", str(blocker / "a.pdf"))
    assert code == 2 and "osgo:" in err and "Traceback" not in err


def test_the_cli_never_imports_qt(demo_url: str) -> None:
    script = (
        "import sys; from osgo_desktop.cli import main; "
        f"code = main(['--db', {demo_url!r}, '--lang', 'en', 'competitions', 'list']); "
        "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt imported'; sys.exit(code)"
    )
    # another process: no test's signed-in TESTER there, it signs in as a demo account does
    env = {**os.environ, "OSGO_USER": "observer", "OSGO_PASSWORD": "osgo-observer"}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False, env=env)
    assert result.returncode == 0, result.stderr


def doc_examples() -> list[str]:
    text = (Path(__file__).resolve().parents[2] / "docs" / "tally.md").read_text(encoding="utf-8")
    return [block.split("```", 1)[0] for block in text.split("```json\n")[1:]]


def test_tally_recounts_a_file_without_any_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    example, expected = doc_examples()[:2]
    source = tmp_path / "round.json"
    source.write_text(example, encoding="utf-8")
    monkeypatch.setenv("OSGO_HOME", str(tmp_path / "nowhere"))
    code, out, err = osgo("--lang", "en", "tally", "--input", str(source))
    assert code == 0 and err == ""
    assert json.loads(out) == json.loads(expected)
    assert not (tmp_path / "nowhere" / "data" / "osgo.sqlite").exists()  # no database was made


def test_tally_rejects_malformed_input_with_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"seats": 0, "candidates": [], "ballots": []}', encoding="utf-8")
    code, out, err = osgo("--lang", "en", "tally", "--input", str(bad))
    assert code == 2 and out == "" and "seats: must be at least 1" in err
    bad.write_text("{not json", encoding="utf-8")
    assert osgo("--lang", "en", "tally", "--input", str(bad))[0] == 2
    code, _, err = osgo("--lang", "en", "tally", "--input", str(tmp_path / "missing.json"))
    assert code == 2 and "Cannot read" in err


def test_tally_warns_about_unknown_keys(tmp_path: Path) -> None:
    source = tmp_path / "round.json"
    source.write_text('{"seats": 1, "sex_cap_perecent": 70, "candidates": [], "ballots": []}', encoding="utf-8")
    code, out, err = osgo("--lang", "en", "tally", "--input", str(source))
    assert code == 0 and "did you mean 'sex_cap_percent'" in err and '"vacant_seats": 1' in out


def test_the_profile_exports_and_imports_for_new_competitions(demo_url: str, tmp_path: Path) -> None:
    import json

    code, out, _ = osgo("--db", demo_url, "--lang", "en", "profile", "export")
    assert code == 0
    profile = json.loads(out)
    assert profile["council"]["seats_max"] == 15 and profile["commission_size"] == 15
    profile["council"]["seats_max"] = 21
    changed = tmp_path / "profile.json"
    changed.write_text(json.dumps(profile, ensure_ascii=False), encoding="utf-8")
    code, out, err = osgo("--db", demo_url, "--lang", "en", "profile", "import", str(changed))
    assert code == 0, err
    assert json.loads(osgo("--db", demo_url, "profile", "export")[1])["council"]["seats_max"] == 21
    changed.write_text('{"code": "x"}', encoding="utf-8")
    code, _, err = osgo("--db", demo_url, "--lang", "en", "profile", "import", str(changed))
    assert code == 2 and "missing key" in err
