"""The layers of the house as a contract (docs/decisions.md, "Layers"): which package may import which.

Every ``import`` counts — at module level, inside a function (a lazy import is still a dependency) and under
``if TYPE_CHECKING:``. ``from a.b import c`` is read as an import of ``a.b.c``, so a rule on a package catches an
import of a name or a module from it. The few imports the UI still makes from storage are listed in
``UI_STORAGE_ALLOWED``, each with its reason; one that is no longer made must leave the list.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import pytest

ROOT: Final = Path(__file__).resolve().parents[2]
PACKAGES: Final = ("osgo_desktop", "ui")
STDLIB: Final = frozenset(sys.stdlib_module_names)


@dataclass(frozen=True)
class Rule:
    """Modules under ``layer`` import none of ``forbidden``; with ``only`` set, nothing but the standard library and
    ``only`` either."""

    layer: str
    why: str
    forbidden: tuple[str, ...] = ()
    only: tuple[str, ...] | None = None


QT: Final = ("PySide6", "shiboken6")
RULES: Final = (
    Rule("osgo_desktop", "the core runs without Qt: the CLI, the PDFs, the rules' tests", forbidden=(*QT, "ui")),
    Rule(
        "osgo_desktop.domain",
        "pure rules: no database, no documents, no services, only other rules and the messages they speak",
        only=(
            "osgo_desktop.domain",
            "osgo_desktop.i18n",
            "osgo_desktop.errors",
            "osgo_desktop.clock",
            "babel",
            # numbers in words (domain.numwords): language data, as Babel's is
            "num2words",
            # canonical JSON written faster (domain.fingerprint, domain.audit_chain): an encoder, pure as json is
            "orjson",
        ),
    ),
    Rule(
        "osgo_desktop.verifier",
        "an observer's checker over the rules alone: no database, no services, no PDF library",
        only=(
            "osgo_desktop.verifier",
            "osgo_desktop.domain",
            "osgo_desktop.i18n",
            "osgo_desktop.errors",
            "babel",
            # a streaming JSON reader: a big record.json is read piece by piece (verifier.stream)
            "ijson",
            # a faster JSON reader for an audit entry's row, where it reads what json reads (verifier.rows)
            "orjson",
        ),
    ),
    Rule(
        "osgo_desktop.formats",
        "file formats in and out, as plain data for the services: no database, no use cases",
        forbidden=(
            "osgo_desktop.storage",
            "osgo_desktop.services",
            "osgo_desktop.reports",
            "osgo_desktop.verifier",
            "osgo_desktop.cli",
            "sqlalchemy",
            "alembic",
            "reportlab",
        ),
    ),
    Rule(
        "osgo_desktop.reports",
        "documents: data in, PDF out — no database, no use cases",
        forbidden=(
            "osgo_desktop.services",
            "osgo_desktop.storage",
            "osgo_desktop.formats",
            "osgo_desktop.verifier",
            "osgo_desktop.cli",
            "sqlalchemy",
            "alembic",
        ),
    ),
    Rule(
        "osgo_desktop.storage",
        "the database below the use cases: it knows rules, never services or documents",
        forbidden=(
            "osgo_desktop.services",
            "osgo_desktop.reports",
            "osgo_desktop.formats",
            "osgo_desktop.verifier",
            "osgo_desktop.cli",
        ),
    ),
    Rule("osgo_desktop.services", "use cases serve every face and know none", forbidden=("osgo_desktop.cli",)),
    Rule(
        "ui",
        "the Qt face calls use cases; the database is theirs (see UI_STORAGE_ALLOWED)",
        forbidden=("sqlalchemy", "alembic", "osgo_desktop.storage", "osgo_desktop.cli"),
    ),
)

#: (importing module, imported name) → why the UI may still import it from storage
UI_STORAGE_ALLOWED: Final = {
    ("ui.context", "osgo_desktop.storage.listen.listens"): "whether the open database announces its commits",
    (
        "ui.context",
        "osgo_desktop.storage.listen.ChangeListener",
    ): "the live updates listen on a connection of their own",
    ("ui.live", "osgo_desktop.storage.listen.ChangeListener"): "the thread that waits for other workstations' commits",
    ("ui.app", "osgo_desktop.storage.uow.Database"): "the composition root opens the database it hands down",
    ("ui.app", "osgo_desktop.storage.quick.default_url"): "the composition root finds the database file",
    ("ui.app", "osgo_desktop.storage.quick.sqlite_path"): "the start tells a file from a server, SQLAlchemy unloaded",
    ("ui.app", "osgo_desktop.storage.audit.ChainReport"): "the start-up check of the audit chain reports on it",
    ("ui.app", "osgo_desktop.storage.audit.describe"): "the start-up check's words for a broken chain",
    ("ui.app", "osgo_desktop.storage.chain_head"): "the start-up check keeps the chain's head outside the database",
    ("ui.app", "osgo_desktop.storage.chain_head.OpeningCheck"): "the start-up check's result",
    ("ui.app", "osgo_desktop.storage.chain_head.Restored"): "the warning on a restored older copy",
    ("ui.context", "osgo_desktop.storage.uow.Database"): "the context carries the open database to the pages",
    ("ui.context", "osgo_desktop.storage.uow.UnitOfWork"): "ctx.call and ctx.op are typed with the use case's",
    ("ui.context", "osgo_desktop.storage.documents.DocumentStore"): "the context carries the document store",
    ("ui.dialogs.audit", "osgo_desktop.storage.audit"): "the audit dialog shows the chain's report and entries",
    ("ui.dialogs.registries", "osgo_desktop.storage.uow.UnitOfWork"): "a registry's use cases are typed with theirs",
    ("ui.pages.applications", "osgo_desktop.storage.documents.StoredFile"): "a scan is shown from the store",
}


@dataclass(frozen=True)
class Import:
    name: str
    line: int


def imports_of(module: str, source: str, *, is_package: bool = False) -> Iterator[Import]:
    """Every module (or module.name) that ``source``, the text of ``module``, imports, wherever the import stands."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(alias.name, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = module.split(".") if is_package else module.split(".")[:-1]
                parts = parts[: len(parts) - (node.level - 1)]
                base = ".".join([*parts, base] if base else parts)
            for alias in node.names:
                yield Import(base if alias.name == "*" else f"{base}.{alias.name}", node.lineno)


def under(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def violations(module: str, source: str, *, is_package: bool = False) -> list[str]:
    """The imports of ``module`` that break a rule, as "module:line imports name (the rule's reason)"."""
    found = []
    for imported in imports_of(module, source, is_package=is_package):
        for rule in RULES:
            if not under(module, rule.layer) or under(imported.name, rule.layer):
                continue
            wrong = any(under(imported.name, f) for f in rule.forbidden)
            if rule.only is not None and imported.name.split(".")[0] not in STDLIB:
                wrong = wrong or not any(under(imported.name, allowed) for allowed in rule.only)
            if wrong and (module, imported.name) not in UI_STORAGE_ALLOWED:
                found.append(f"{module}:{imported.line} imports {imported.name} ({rule.layer}: {rule.why})")
    return found


def project_modules() -> Iterator[tuple[str, Path]]:
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            yield ".".join(parts[:-1] if parts[-1] == "__init__" else parts), path


def test_the_house_keeps_its_layers() -> None:
    found = []
    for module, path in project_modules():
        found += violations(module, path.read_text(encoding="utf-8"), is_package=path.name == "__init__.py")
    assert found == []


def test_every_allowed_exception_is_still_needed() -> None:
    made = {
        (module, imported.name)
        for module, path in project_modules()
        for imported in imports_of(module, path.read_text(encoding="utf-8"), is_package=path.name == "__init__.py")
    }
    assert sorted(set(UI_STORAGE_ALLOWED) - made) == [], "no longer imported: remove it from UI_STORAGE_ALLOWED"


WRONG: Final = [
    ("osgo_desktop.domain.tally", "import sqlalchemy"),
    ("osgo_desktop.domain.tally", "from osgo_desktop.services import voting"),
    ("osgo_desktop.domain.tally", "from osgo_desktop import storage"),
    ("osgo_desktop.domain.tally", "from osgo_desktop.reports.layout import render"),
    ("osgo_desktop.domain.tally", "import reportlab.platypus"),
    ("osgo_desktop.domain.tally", "import openpyxl"),
    ("osgo_desktop.domain.tally", "from osgo_desktop.formats.tabular import read_table"),
    ("osgo_desktop.domain.tally", "def later():\n    from osgo_desktop.storage import models\n"),
    ("osgo_desktop.domain.tally", "if TYPE_CHECKING:\n    from osgo_desktop.storage.uow import UnitOfWork\n"),
    ("osgo_desktop.domain.tally", "from ..services import views"),
    ("osgo_desktop.domain", "from ..storage import models"),
    ("osgo_desktop.verifier.record", "from osgo_desktop.storage.audit import entry_hash"),
    ("osgo_desktop.verifier.record", "from osgo_desktop.services.export import write_zip"),
    ("osgo_desktop.formats.tabular", "from osgo_desktop.storage import models"),
    ("osgo_desktop.formats.tabular", "from sqlalchemy import select"),
    ("osgo_desktop.reports.announcement", "from osgo_desktop.services.views import CompetitionDetail"),
    ("osgo_desktop.reports.vote", "from osgo_desktop.storage.uow import UnitOfWork"),
    ("osgo_desktop.reports.vote", "import sqlalchemy.orm"),
    ("osgo_desktop.storage.models", "from osgo_desktop.services import voting"),
    ("osgo_desktop.storage.audit", "from osgo_desktop.reports import layout"),
    ("osgo_desktop.services.bulk", "from PySide6.QtCore import QObject"),
    ("osgo_desktop.services.bulk", "import ui.context"),
    ("osgo_desktop.services.bulk", "from osgo_desktop.cli import main"),
    ("osgo_desktop.cli", "import PySide6"),
    ("osgo_desktop.i18n", "from ui import app"),
    ("ui.pages.voting", "from sqlalchemy import select"),
    ("ui.pages.voting", "from osgo_desktop.storage.uow import Database"),
    ("ui.pages.voting", "from osgo_desktop.storage import models"),
    ("ui.app", "from osgo_desktop.storage.models import Competition"),
    ("ui.app", "from osgo_desktop.storage.uow import UnitOfWork"),
]

RIGHT: Final = [
    ("osgo_desktop.domain.tally", "import json\nfrom collections import Counter\nfrom decimal import Decimal"),
    ("osgo_desktop.domain.tally", "from babel.dates import format_date\nfrom osgo_desktop.i18n import _"),
    ("osgo_desktop.domain.tally", "from osgo_desktop.domain import collation\nfrom . import profile"),
    (
        "osgo_desktop.domain.intake",
        "from osgo_desktop.clock import BISHKEK\nfrom osgo_desktop.errors import KnownError",
    ),
    ("osgo_desktop.verifier.record", "from osgo_desktop.domain.audit_chain import entry_hash"),
    ("osgo_desktop.formats.tabular", "from openpyxl import load_workbook\nfrom osgo_desktop.domain import registry"),
    ("osgo_desktop.reports.vote", "from reportlab.platypus import Table\nfrom osgo_desktop.domain import voting"),
    ("osgo_desktop.storage.audit", "from sqlalchemy import select\nfrom osgo_desktop.domain import audit_chain"),
    ("osgo_desktop.services.bulk", "import sqlalchemy\nfrom osgo_desktop.reports import layout"),
    ("osgo_desktop.services.bulk", "from osgo_desktop.formats.tabular import read_table"),
    ("osgo_desktop.cli", "from osgo_desktop.storage.uow import Database\nfrom osgo_desktop.verifier import record"),
    ("ui.pages.voting", "from PySide6.QtWidgets import QWidget\nfrom osgo_desktop.services import voting"),
    ("ui.app", "from osgo_desktop.storage.uow import Database\nfrom osgo_desktop.storage.quick import default_url"),
]


@pytest.mark.parametrize(("module", "source"), WRONG)
def test_the_checker_catches_a_wrong_import(module: str, source: str) -> None:
    assert violations(module, source, is_package=module == "osgo_desktop.domain") != []


@pytest.mark.parametrize(("module", "source"), RIGHT)
def test_the_checker_lets_a_right_import_pass(module: str, source: str) -> None:
    assert violations(module, source) == []
