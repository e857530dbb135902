"""A light start for the CLI: ``osgo tally``, ``osgo verify``, ``osgo --help`` and a mistyped command load no database,
PDF or Qt library — an observer's recount starts about as fast as Python itself (bench/bench_cli.py).

Each command runs in a fresh interpreter, which then lists the forbidden modules it finds in ``sys.modules``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bench.bench_cli import one_ballot_round, tiny_record  # the benchmark's own inputs: one round, one record

#: top-level packages a light command must not load
HEAVY = ("sqlalchemy", "reportlab", "PySide6", "alembic", "openpyxl")
#: parts of the core a light command must not load either: they pull the heavy ones in
HEAVY_CORE = ("osgo_desktop.storage", "osgo_desktop.services", "osgo_desktop.reports", "ui")

ROOT = Path(__file__).resolve().parents[2]

# The child runs the command, then prints (on stdout's last line) the forbidden modules loaded and the exit code.
PROBE = """
import contextlib, io, json, sys
from osgo_desktop.cli import main
out, err = io.StringIO(), io.StringIO()
try:
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(json.loads(sys.argv[1]), out=out, err=err)
except SystemExit as exit_:
    code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 2)
heavy, core = json.loads(sys.argv[2]), json.loads(sys.argv[3])
loaded = sorted(
    name for name in sys.modules
    if name.split(".")[0] in heavy or any(name == c or name.startswith(c + ".") for c in core)
)
print(json.dumps({"code": code, "loaded": loaded, "out": out.getvalue(), "err": err.getvalue()}))
"""


def run_osgo(argv: list[str]) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(argv), json.dumps(HEAVY), json.dumps(HEAVY_CORE)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    report: dict[str, Any] = json.loads(result.stdout.splitlines()[-1])
    return report


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("light")
    round_file = folder / "round.json"
    round_file.write_text(json.dumps(one_ballot_round(), ensure_ascii=False), encoding="utf-8")
    record_file = folder / "record.zip"
    record_file.write_bytes(tiny_record())
    return {"round": str(round_file), "record": str(record_file), "missing": str(folder / "missing.zip")}


#: (argv with {round}/{record}/{missing} placeholders, the exit status the command gives)
LIGHT_COMMANDS = [
    (["--lang", "en", "tally", "--input", "{round}"], 0),
    (["--lang", "en", "verify", "{record}"], 0),
    (["--lang", "en", "verify", "{missing}"], 2),
    (["--help"], 0),
    (["--lang", "ky", "tally", "--help"], 0),
    (["verify", "--help"], 0),
    (["--version"], 0),
    ([], 2),
    (["frobnicate"], 2),
    (["tally"], 2),
    (["competitions"], 2),
]


@pytest.mark.parametrize(("argv", "status"), LIGHT_COMMANDS, ids=lambda v: " ".join(v) if isinstance(v, list) else "")
def test_a_light_command_loads_no_database_pdf_or_qt(argv: list[str], status: int, files: dict[str, str]) -> None:
    report = run_osgo([arg.format(**files) for arg in argv])
    assert report["loaded"] == []
    assert report["code"] == status, report["err"]


def test_the_light_commands_really_ran(files: dict[str, str]) -> None:
    tally_report = run_osgo(["--lang", "en", "tally", "--input", files["round"]])
    assert json.loads(tally_report["out"])["elected"] == ["A"]
    verify_report = run_osgo(["--lang", "en", "verify", files["record"]])
    assert "Verified" in verify_report["out"], verify_report


def test_a_command_with_a_database_does_load_it(tmp_path: Path) -> None:
    """The probe sees what it is meant to see: a command that opens the database shows SQLAlchemy loaded."""
    report = run_osgo(["--db", f"sqlite:///{tmp_path / 'x.sqlite'}", "--lang", "en", "competitions", "list"])
    assert report["code"] == 0, report["err"]
    assert "sqlalchemy" in report["loaded"] and "osgo_desktop.storage" in report["loaded"]
    assert not any(name.split(".")[0] in ("PySide6", "reportlab") for name in report["loaded"])
