"""Every use case that writes checks the signed-in person's role (issue 15): read from the services' source, so a new
use case cannot forget it.

A public function of ``osgo_desktop/services`` writes when it commits — it calls ``uow.commit()`` itself or calls,
directly or through other service functions, one that does. Each such function must call ``uow.require(`` itself
(the role is checked where the use case starts, not somewhere down the calls it happens to make). The few that
need no role are listed in ``EXEMPT`` with the reason; an exemption that no longer applies must leave the list.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

ROOT: Final = Path(__file__).resolve().parents[2]
SERVICES: Final = ROOT / "osgo_desktop" / "services"
PACKAGE: Final = "osgo_desktop.services"

#: use cases that write without checking a role, and why
EXEMPT: Final = {
    # signing in is how one gets a role: nobody is signed in yet, and a failed try writes the lockout count
    "accounts.sign_in": "nobody is signed in yet",
    "accounts.check_secret": "re-checks a signed-in person's own password or station PIN (lockout count)",
    # the first start of an empty database: there is no account to hold a role yet
    "accounts.create_first_administrator": "an empty database has no account yet",
    # one's own secrets, whatever one's roles: the current password is asked first
    "accounts.change_own_password": "one's own password (the current one is asked first)",
    "accounts.set_own_station_pin": "one's own station PIN (the password is asked first)",
    # an entrant's password or station PIN checked again at the station: writes only the lockout count
    "voting.entry.confirm": "re-checks an entrant's own password or station PIN (lockout count)",
    "voting.entry.check_pin": "re-checks the PIN of an entrant of a session held before accounts (lockout count)",
    # `osgo server init`: the schema and the first administrator of an empty server database
    "server.init_server": "an empty database has no account yet",
}

#: modules none of whose functions is a use case of its own
EXEMPT_MODULES: Final = {
    # builds the demo database by calling the real use cases, each of which checks its role
    "demo": "calls the real use cases, which check",
}


@dataclass
class Function:
    module: str
    name: str
    node: ast.FunctionDef
    #: (module, name) of the service functions it calls
    calls: set[tuple[str, str]] = field(default_factory=set)

    @property
    def key(self) -> str:
        return f"{self.module}.{self.name}"

    @property
    def commits(self) -> bool:
        return any(_is_uow_call(n, "commit") for n in ast.walk(self.node))

    @property
    def requires(self) -> bool:
        """It checks a role: the signed-in person's (``uow.require``), or the entrant's confirmed at an entry station
        (``_act_for``, services/voting/entry.py, which acts as them and then calls ``uow.require``; ``confirm_both``
        does it for the counting side's person who confirms a settlement with the secretariat's)."""
        return any(
            _is_uow_call(n, "require") or _is_call_of(n, "_act_for") or _is_call_of(n, "confirm_both")
            for n in ast.walk(self.node)
        )


def _is_call_of(node: ast.AST, name: str) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == name


def _is_uow_call(node: ast.AST, method: str) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == method
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "uow"
    )


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(SERVICES).with_suffix("").parts)


def _services_module(dotted: str) -> str | None:
    """``osgo_desktop.services.x.y`` → ``x.y``."""
    prefix = PACKAGE + "."
    return dotted[len(prefix) :] if dotted.startswith(prefix) else None


def _functions() -> dict[tuple[str, str], Function]:
    modules = {_module_name(p): ast.parse(p.read_text(encoding="utf-8")) for p in SERVICES.rglob("*.py")}
    functions: dict[tuple[str, str], Function] = {}
    for module, tree in modules.items():
        for node in tree.body:
            if isinstance(node, ast.FunctionDef):
                functions[module, node.name] = Function(module, node.name, node)
    for module, tree in modules.items():
        # the names this module may call a service function by: a function of its own, a function imported from
        # another service module, or a service module imported under a name
        names: dict[str, tuple[str, str]] = {}
        aliases: dict[str, str] = {}
        for statement in ast.walk(tree):
            if isinstance(statement, ast.ImportFrom) and statement.module:
                source = _services_module(statement.module) if statement.module != PACKAGE else ""
                if source is None:
                    continue
                for alias in statement.names:
                    local = alias.asname or alias.name
                    submodule = f"{source}.{alias.name}".lstrip(".")
                    if submodule in modules:
                        aliases[local] = submodule
                    elif (source, alias.name) in functions:
                        names[local] = (source, alias.name)
        for (owner, _name), function in functions.items():
            if owner != module:
                continue
            for call in ast.walk(function.node):
                if not isinstance(call, ast.Call):
                    continue
                if isinstance(call.func, ast.Name):
                    if (module, call.func.id) in functions:
                        function.calls.add((module, call.func.id))
                    elif call.func.id in names:
                        function.calls.add(names[call.func.id])
                elif isinstance(call.func, ast.Attribute) and isinstance(call.func.value, ast.Name):
                    target = aliases.get(call.func.value.id)
                    if target is not None and (target, call.func.attr) in functions:
                        function.calls.add((target, call.func.attr))
    return functions


def _writers(functions: dict[tuple[str, str], Function]) -> set[tuple[str, str]]:
    """The functions that commit, themselves or through the service functions they call."""
    writes = {key for key, f in functions.items() if f.commits}
    grown = True
    while grown:
        grown = False
        for key, f in functions.items():
            if key not in writes and f.calls & writes:
                writes.add(key)
                grown = True
    return writes


def _use_cases_that_write() -> Iterator[Function]:
    functions = _functions()
    for key in sorted(_writers(functions)):
        function = functions[key]
        if function.name.startswith("_") or function.module.split(".")[0] in EXEMPT_MODULES:
            continue
        yield function


def test_every_use_case_that_writes_checks_a_role() -> None:
    unchecked = [f.key for f in _use_cases_that_write() if not f.requires and f.key not in EXEMPT]
    assert not unchecked, (
        "these use cases write without checking the signed-in person's role: add uow.require(Action.…) as their "
        "first statement (domain/roles.py names the actions): " + ", ".join(unchecked)
    )


def test_the_exemptions_still_apply() -> None:
    writers = {f.key: f for f in _use_cases_that_write()}
    stale = [key for key in EXEMPT if key not in writers or writers[key].requires]
    assert not stale, "no longer exempt (the function checks a role now, or writes no more): " + ", ".join(stale)


def test_the_scan_sees_the_use_cases() -> None:
    """The scan finds use cases that commit only through others (a campaign's, a replaced document's)."""
    keys = {f.key for f in _use_cases_that_write()}
    assert {"competitions.create_competition", "due.create_from_due", "documents.replace"} <= keys
    assert "competitions.add_competition" not in keys  # the caller's transaction: the caller checks
