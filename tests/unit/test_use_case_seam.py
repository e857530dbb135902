"""The UI calls use cases through the app context; it never opens a unit of work, commits or touches a Session."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

UI = Path(__file__).resolve().parents[2] / "ui"
#: calls that own a transaction: only a use case (a service function run by ``Database.run``) may make them
FORBIDDEN_CALLS = frozenset({"uow", "commit", "rollback"})


def findings(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in FORBIDDEN_CALLS:
            found.append(f"line {node.lineno}: .{node.func.attr}()")
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
            found += [f"line {node.lineno}: import {n}" for n in names if n.split(".")[0] == "sqlalchemy"]
    return found


@pytest.mark.parametrize(
    "source",
    [
        "with self.ctx.db.uow() as uow:\n    services.save(uow)\n",
        "def f(uow):\n    uow.commit()\n",
        "uow.rollback()\n",
        "from sqlalchemy import select\n",
        "import sqlalchemy.orm\n",
    ],
)
def test_the_check_catches_a_transaction_in_the_ui(source: str) -> None:
    assert findings(source)


@pytest.mark.parametrize(
    "source",
    [
        "rows = self.ctx.call(competitions.list_competitions)\n",
        "self.ctx.op(protocols.attach_signed_copy, store, 7, on_done=done)\n",
        "self.model.submit()\n",
    ],
)
def test_the_check_lets_use_case_calls_pass(source: str) -> None:
    assert not findings(source)


def test_no_ui_module_owns_a_transaction() -> None:
    problems = {
        str(path.relative_to(UI.parent)): found
        for path in sorted(UI.rglob("*.py"))
        if (found := findings(path.read_text(encoding="utf-8")))
    }
    assert problems == {}
