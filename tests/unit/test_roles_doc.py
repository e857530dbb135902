"""docs/roles.md is the table of roles × actions that the code enforces: what tools/roles_doc.py writes from
``domain.roles.PERMISSIONS``, so the document cannot drift from the code."""

from __future__ import annotations

import sys
from pathlib import Path

from osgo_desktop.domain.roles import PERMISSIONS, Action, Role

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

import roles_doc  # noqa: E402


def test_docs_roles_md_is_what_the_tool_writes() -> None:
    assert (ROOT / "docs" / "roles.md").read_text(encoding="utf-8") == roles_doc.render(), (
        "docs/roles.md differs from PERMISSIONS: run python tools/roles_doc.py"
    )


def test_every_action_is_in_the_table_and_the_observer_changes_nothing() -> None:
    assert set(PERMISSIONS) == set(Action)
    assert all(PERMISSIONS[action] for action in Action), "an action nobody may carry out"
    observed = {action for action in Action if Role.OBSERVER in PERMISSIONS[action]}
    # the observer reads and checks: nothing it may do writes to the competitions' data
    assert observed <= {Action.CHECK_DOCUMENTS, Action.EXPORT_RECORD}
