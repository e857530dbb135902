"""Fuzz: mutated records, tally inputs and applicant lists through ``osgo verify``, ``osgo tally`` and ``osgo
applications import --dry-run``, each run as a process of its own, as an observer or a clerk would. Whatever the
input, the command ends with 0, 1 or 2 and never prints a traceback; the timeout guards against a hang (it is a
guard, not a speed test). The cases are derived from a fixed seed and their number is fixed, so every run tries
the same ones (about 40 s on two cores).
"""

from __future__ import annotations

import copy
import io
import json
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from osgo_desktop.formats.tabular import write_xlsx
from osgo_desktop.services.export import write_zip
from osgo_desktop.storage.quick import sqlite_url
from tests.conftest import copy_database
from tests.hostile_support import run_osgo
from tests.record_support import election, members

__all__ = ["election"]  # the fixture, imported for pytest

pytestmark = pytest.mark.slow

#: the number of cases of each command: fixed, so that the test takes the same time on every run
VERIFY_CASES = 14
TALLY_CASES = 14
IMPORT_CASES = 8

_SETTINGS = settings(
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
    | st.sampled_from(["", "2026/04-001", "001", "secretariat", "closed", "F", "M", 10**300, 1e308, -0.0])
)
#: what ``json.dumps`` cannot write but a hostile file holds, spliced into the text where a value goes
_PLACEHOLDER = "\u0000hostile\u0000"
HOSTILE_TOKENS = (
    "[" * 5000 + "]" * 5000,
    '{"a":' * 3000 + "1" + "}" * 3000,
    "1" + "0" * 5000,
    "-" + "9" * 4000,
    "1e-999999999",
    "1e999999999",
    "NaN",
    "-Infinity",
    "0." + "3" * 10000,
)
#: any JSON value: small trees, one nested hundreds deep, or a hostile token
JSON_VALUES = (
    st.recursive(
        _SCALARS,
        lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
        max_leaves=12,
    )
    | st.integers(min_value=1, max_value=900).map(lambda depth: json.loads("[" * depth + "]" * depth))
    | st.just(_PLACEHOLDER)
)


def _dumps(value: Any, token: str) -> bytes:
    """``value`` as JSON text, each hostile placeholder replaced by ``token``."""
    return json.dumps(value, ensure_ascii=False).replace(json.dumps(_PLACEHOLDER), token).encode()


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a decoded JSON value, as the keys and indexes that lead to it (the root excluded)."""
    found: list[tuple[Any, ...]] = []
    stack: list[tuple[Any, tuple[Any, ...]]] = [(value, prefix)]
    while stack:
        item, path = stack.pop()
        children = item.items() if isinstance(item, dict) else enumerate(item) if isinstance(item, list) else ()
        for key, child in children:
            found.append((*path, key))
            stack.append((child, (*path, key)))
    return found


@st.composite
def json_edits(draw: st.DrawFn, original: Any, paths: list[tuple[Any, ...]]) -> Any:
    """``original`` with one to three places replaced by any JSON value, or removed."""
    edited = copy.deepcopy(original)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        path = draw(st.sampled_from(paths))
        parent = edited
        try:
            for key in path[:-1]:
                parent = parent[key]
            if draw(st.booleans()) and isinstance(parent, dict):
                parent.pop(path[-1], None)
            else:
                parent[path[-1]] = draw(JSON_VALUES)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier edit replaced the way there
    return edited


@st.composite
def byte_edits(draw: st.DrawFn, original: bytes) -> bytes:
    """``original`` with a few bits flipped, bytes dropped or inserted, or cut short."""
    data = bytearray(original)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        position = draw(st.integers(min_value=0, max_value=max(len(data) - 1, 0)))
        kind = draw(st.sampled_from(["flip", "flip", "drop", "insert", "cut"]))
        if kind == "flip" and data:
            data[position] ^= 1 << draw(st.integers(min_value=0, max_value=7))
        elif kind == "drop":
            del data[position : position + draw(st.integers(min_value=1, max_value=64))]
        elif kind == "insert":
            data[position:position] = draw(st.binary(min_size=1, max_size=64))
        else:
            del data[position:]
    return bytes(data)


def _check(*args: str) -> None:
    result = run_osgo(*args)
    assert result.returncode in (0, 1, 2), (result.returncode, result.stderr[-2000:])
    assert "Traceback" not in result.stderr, result.stderr[-2000:]


def _fuzz(cases: int, strategy: st.SearchStrategy[bytes], run: Callable[[Path], None], suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"case{suffix}"

        @settings(_SETTINGS, max_examples=cases)
        @given(strategy)
        def one_case(data: bytes) -> None:
            path.write_bytes(data)
            run(path)

        one_case()


def test_verify_of_mutated_records(election: tuple[Path, bytes]) -> None:
    data = election[1]
    files = members(data)
    record = json.loads(files["record.json"])
    paths = _paths(record)

    def rezipped(edited_and_token: tuple[Any, str]) -> bytes:
        return write_zip({**files, "record.json": _dumps(*edited_and_token)})

    cases = st.tuples(json_edits(record, paths), st.sampled_from(HOSTILE_TOKENS)).map(rezipped) | byte_edits(data)
    _fuzz(VERIFY_CASES, cases, lambda path: _check("verify", str(path)), ".zip")


def test_tally_of_mutated_inputs(election: tuple[Path, bytes]) -> None:
    round_input = json.loads(members(election[1])["record.json"])["rounds"][0]["input"]
    text = json.dumps(round_input, ensure_ascii=False).encode()
    edits = st.tuples(json_edits(round_input, _paths(round_input)), st.sampled_from(HOSTILE_TOKENS))
    cases = edits.map(lambda edited_and_token: _dumps(*edited_and_token)) | byte_edits(text)
    _fuzz(TALLY_CASES, cases, lambda path: _check("tally", "--input", str(path)), ".json")


_HEADER = ["Фамилия", "Имя", "Отчество", "Пол", "Дата рождения", "ПИН", "Образование", "Дата поступления"]
_ROWS = [
    ["Асанова", "Айгүл", "Бакытовна", "Ж", "02.01.1980", "20201198000001", "высшее", "10.11.2026"],
    ["Бакиров", "Нурлан", "Асанович", "М", "04.03.1975", "10403197500002", "высшее", "10.11.2026"],
]


def _sheet_edits(workbook: bytes) -> st.SearchStrategy[bytes]:
    """The workbook with the XML of one of its parts mutated, zipped again (the zip itself stays sound)."""
    with zipfile.ZipFile(io.BytesIO(workbook)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}

    def rezip(name: str, xml: bytes) -> bytes:
        return write_zip({**parts, name: xml})

    return st.sampled_from(sorted(parts)).flatmap(lambda name: byte_edits(parts[name]).map(lambda x: rezip(name, x)))


def test_applications_import_of_mutated_lists(tmp_path: Path, demo_template: Path) -> None:
    database = tmp_path / "demo.sqlite"
    copy_database(demo_template, database)
    url = sqlite_url(database)
    csv = "\n".join(";".join(row) for row in [_HEADER, *_ROWS]).encode()
    workbook = write_xlsx(_HEADER, _ROWS, "list")
    cases = byte_edits(csv) | byte_edits(workbook) | _sheet_edits(workbook)

    def run(path: Path) -> None:
        _check("--db", url, "applications", "import", "2026/04", str(path), "--dry-run")

    _fuzz(IMPORT_CASES, cases, run, ".xlsx")
