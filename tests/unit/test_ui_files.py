"""Where a UI class sits says what it is: ui/pages holds one page per module, ui/windows the top-level windows;
models, dialogs and widgets live in their own packages, not inside a page."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

UI = Path(__file__).resolve().parents[2] / "ui"
#: what a page may be: a plain widget, or a stack of pages (the workspace)
PAGE_BASES = frozenset({"QWidget", "QStackedWidget"})
#: what a top-level window may be built on
WINDOW_BASES = frozenset({"QWidget", "QMainWindow"})
#: a non-widget helper a window may keep beside it (e.g. state that outlives the window)
HELPER_BASES = frozenset({"QObject"})


def _base_names(node: ast.ClassDef) -> set[str]:
    names = set()
    for base in node.bases:
        if isinstance(base, ast.Name):
            names.add(base.id)
        elif isinstance(base, ast.Attribute):
            names.add(base.attr)
        elif isinstance(base, ast.Subscript) and isinstance(base.value, ast.Name):
            names.add(base.value.id)
    return names


def _classes(source: str) -> list[ast.ClassDef]:
    """Every class in the module, nested ones too (a dialog defined inside a method is still a dialog)."""
    return [node for node in ast.walk(ast.parse(source)) if isinstance(node, ast.ClassDef)]


def page_findings(source: str) -> list[str]:
    """What is wrong with a module of ui/pages: it defines exactly one class, a page (a QWidget or QStackedWidget)."""
    classes = _classes(source)
    if len(classes) != 1:
        return [f"defines {len(classes)} classes ({', '.join(c.name for c in classes)}), not one page"]
    page = classes[0]
    if not _base_names(page) & PAGE_BASES:
        return [f"line {page.lineno}: {page.name} is not a page (a QWidget or QStackedWidget)"]
    return []


def _opens_as_window(node: ast.ClassDef) -> bool:
    """A QMainWindow, or a widget whose ``super().__init__`` passes ``Qt.WindowType.Window``."""
    if "QMainWindow" in _base_names(node):
        return True
    for call in ast.walk(node):
        if (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Attribute)
            and call.func.attr == "__init__"
            and any(isinstance(arg, ast.Attribute) and arg.attr == "Window" for arg in ast.walk(call))
        ):
            return True
    return False


def window_findings(source: str) -> list[str]:
    """What is wrong with a module of ui/windows: a top-level window named ``*Window``; beside it only private parts
    of that window (``_RankingView``) and non-widget helpers (a QObject)."""
    found = []
    windows = 0
    for node in _classes(source):
        bases = _base_names(node)
        if node.name.endswith("Window"):
            windows += 1
            if not bases & WINDOW_BASES:
                found.append(f"line {node.lineno}: {node.name} is not built on {' or '.join(sorted(WINDOW_BASES))}")
            elif not _opens_as_window(node):
                found.append(f"line {node.lineno}: {node.name} does not open as a top-level window")
        elif not node.name.startswith("_") and not bases <= HELPER_BASES:
            found.append(f"line {node.lineno}: {node.name} is neither a window (*Window) nor a QObject helper")
    if not windows:
        found.append("defines no window (*Window)")
    return found


def _modules(package: str) -> list[Path]:
    return sorted(path for path in (UI / package).glob("*.py") if path.name != "__init__.py")


PAGE = "class CompetitionPage(QWidget):\n    pass\n"
WINDOW = (
    "class EntryWindow(QWidget):\n"
    "    def __init__(self, parent):\n"
    "        super().__init__(parent, Qt.WindowType.Window)\n"
)


@pytest.mark.parametrize(
    "source",
    [
        PAGE + "class AmendDialog(FormDialog):\n    pass\n",
        "class AmendDialog(FormDialog):\n    pass\n",
        PAGE + "class ScreeningModel(QAbstractTableModel):\n    pass\n",
        "class Page(QWidget):\n    def amend(self):\n        class Inner(QDialog):\n            pass\n",
        "def helper():\n    return 1\n",
    ],
)
def test_the_check_catches_a_page_module_that_holds_more_than_its_page(source: str) -> None:
    assert page_findings(source)


@pytest.mark.parametrize("source", [PAGE, "class Workspace(QStackedWidget):\n    pass\n"])
def test_the_check_lets_a_lone_page_pass(source: str) -> None:
    assert not page_findings(source)


@pytest.mark.parametrize(
    "source",
    [
        WINDOW + "class ScreenDialog(QDialog):\n    pass\n",
        "class ScreenDialog(QDialog):\n    pass\n",
        "class EntryWindow(QWidget):\n    pass\n",  # an embedded widget, not a window of its own
        "class EntryWindow(QDialog):\n    pass\n",
        WINDOW + "class RankingModel(RowTableModel):\n    pass\n",
    ],
)
def test_the_check_catches_what_is_no_top_level_window(source: str) -> None:
    assert window_findings(source)


@pytest.mark.parametrize(
    "source",
    [
        WINDOW,
        WINDOW + "class PinLockouts(QObject):\n    pass\n",
        WINDOW + "class _RankingView(QTableView):\n    pass\n",
        "class MainWindow(QMainWindow):\n    pass\n",
    ],
)
def test_the_check_lets_a_window_and_its_parts_pass(source: str) -> None:
    assert not window_findings(source)


def test_every_page_module_defines_only_its_page() -> None:
    modules = _modules("pages")
    assert modules
    problems = {path.name: found for path in modules if (found := page_findings(path.read_text(encoding="utf-8")))}
    assert problems == {}


def test_every_window_module_defines_a_top_level_window() -> None:
    modules = _modules("windows")
    assert modules
    problems = {path.name: found for path in modules if (found := window_findings(path.read_text(encoding="utf-8")))}
    assert problems == {}
