"""Every action refuses each role that may not carry it out, in the service layer, and writes nothing then (issue 15):
the table is ``domain.roles.PERMISSIONS`` (docs/roles.md prints it).

One prepared copy of the demo serves the module: a refusal writes nothing (the audit chain's head is checked), and
the few successes write what a user would. Each use case checks the role before it looks at its arguments, so a
refusal needs no valid input; where the demo has the row, the call names it anyway, as the app would.
"""

from __future__ import annotations

import ast
import datetime as dt
import importlib
import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from osgo_desktop.domain.composition import LeftReason
from osgo_desktop.domain.person import OrganizationDraft, OrgKind
from osgo_desktop.domain.record import ProtocolKind
from osgo_desktop.domain.registry import StateBodyDraft
from osgo_desktop.domain.roles import PERMISSIONS, Action, NotPermitted, NotSignedIn, Principal, Role
from osgo_desktop.domain.rounds import PaperCounts
from osgo_desktop.services import (
    accounts,
    applications,
    audit,
    competitions,
    documents,
    export,
    papers,
    personal_data,
    protocols,
    registries,
    screening,
    vacancies,
    voting,
)
from osgo_desktop.storage import audit as chain
from osgo_desktop.storage import models
from osgo_desktop.storage.uow import Database, UnitOfWork
from tests.conftest import TESTER, opened_copy, pinned_clock

SERVICES = Path(__file__).resolve().parents[2] / "osgo_desktop" / "services"

#: actions whose use cases come with other parts of issue 15 (accounts, personal data, the entry stations, backups,
#: the documents check): each must leave this list once one of its use cases checks it
PENDING = {
    # not an action anyone carries out: the services blank applicants' personal fields for a reader without it
    # (tests/integration/test_personal_data.py)
    Action.READ_PERSONAL,
}
#: actions checked against the person confirmed at an entry station by their password or station PIN, not against
#: whoever is signed in at the main window (services/voting/entry.py ``_act_for``); their refusals are tested in
#: tests/integration/test_entry_stations.py
ENTRANT_CHECKED = {
    Action.ENTER_FIRST_SIDE,
    Action.ENTER_SECOND_SIDE,
    Action.SETTLE_PAPERS,
    Action.ENTER_LOTS,
}


def as_role(role: Role) -> Principal:
    return Principal(account_id=None, login=role.value, name=f"Only {role.value}", roles=frozenset({role}))


@pytest.fixture(scope="module")
def rdb(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Iterator[Database]:
    """The demo, once for the module: 2026/01 takes applications, 2026/02 and 2026/03 are drafts, 2026/04 is
    screened and ready to vote."""
    yield from opened_copy(demo_template, tmp_path_factory.mktemp("roles") / "roles.sqlite", pinned_clock())


@pytest.fixture(autouse=True)
def back_to_tester(rdb: Database) -> Iterator[None]:
    yield
    rdb.principal = TESTER


@dataclass(frozen=True)
class Ids:
    intake: int  # 2026/01, taking applications
    draft: int  # 2026/02, a draft
    screened: int  # 2026/04
    application: int
    document: int
    mandate: int
    member: int


@pytest.fixture(scope="module")
def ids(rdb: Database) -> Ids:
    with rdb.uow() as uow:
        by_number = {c.number: c.id for c in uow.session.scalars(select(models.Competition))}
        application = uow.session.scalars(
            select(models.Application.id).where(models.Application.competition_id == by_number["2026/01"])
        ).first()
        document = uow.session.scalars(
            select(models.Document.id).where(models.Document.application_id == application)
        ).first()
        mandate = uow.session.scalars(select(models.Mandate.id)).first()
        member = uow.session.scalars(select(models.CommissionMember.id)).first()
    assert application and document and mandate and member
    return Ids(by_number["2026/01"], by_number["2026/02"], by_number["2026/04"], application, document, mandate, member)


def head(db: Database) -> tuple[int, str]:
    with db.engine.connect() as connection:
        return chain.read_head(connection)


#: one real use case of each action, as the app calls it (``ids`` → the call, in a unit of work)
Case = Callable[[Ids], Callable[[UnitOfWork], object]]
DAY = dt.date(2026, 11, 20)
CASES: dict[Action, Case] = {
    Action.EDIT_PROFILE: lambda i: lambda u: registries.save_profile(u, registries.current_profile(u)),
    Action.EDIT_REGISTRIES: lambda i: (
        lambda u: registries.save_body(u, StateBodyDraft("Жаңы министрлик", "Новое министерство"))
    ),
    Action.MANAGE_ACCOUNTS: lambda i: (
        lambda u: accounts.add_account(
            u, accounts.AccountDraft("new", "Жаңы катчы", "long enough password", frozenset({Role.SECRETARIAT}))
        )
    ),
    Action.ERASE_PERSONAL: lambda i: lambda u: personal_data.erase_personal_data(u, ()),
    Action.EDIT_ORGANIZATIONS: lambda i: (
        lambda u: registries.save_organization(u, OrganizationDraft("Жаңы бирикме", OrgKind.PUBLIC_ASSOCIATION))
    ),
    Action.EDIT_COMPOSITIONS: lambda i: (
        lambda u: vacancies.record_departure(u, i.mandate, DAY, LeftReason.RESIGNED, "арыз")
    ),
    Action.EDIT_COMPETITIONS: lambda i: (
        lambda u: competitions.update_competition(u, i.draft, competitions.draft_of(u, i.draft))
    ),
    Action.ANNOUNCE: lambda i: lambda u: competitions.announce(u, i.draft, DAY, "Кабар", "Кабар"),
    Action.CLOSE_INTAKE: lambda i: lambda u: competitions.close_intake(u, i.intake),
    Action.CANCEL_COMPETITION: lambda i: lambda u: competitions.cancel(u, i.draft, "Жокко чыгарылды"),
    Action.REGISTER_APPLICATIONS: lambda i: lambda u: applications.withdraw(u, i.application, "арыз"),
    Action.FILE_DOCUMENTS: lambda i: lambda u: applications.add_documents(u, i.application, "cv", ()),
    Action.CORRECT_DOCUMENTS: lambda i: lambda u: documents.withdraw(u, i.document, "ката"),
    Action.SCREEN: lambda i: lambda u: applications.declare_conflict(u, i.application, i.member, "тууган"),
    Action.SCREENING_SESSION: lambda i: lambda u: screening.record_screening_session(u, i.screened, None),  # type: ignore[arg-type]
    Action.PRINT: lambda i: lambda u: papers.announcement(u, i.intake, "ky"),
    Action.OPEN_VOTE_SESSION: lambda i: lambda u: voting.open_session(u, i.screened, None),  # type: ignore[arg-type]
    Action.CLOSE_ROUND: lambda i: lambda u: voting.close_round(u, 1, PaperCounts(0, 0, 0)),
    Action.OPEN_RUNOFF: lambda i: lambda u: voting.open_runoff(u, i.screened),
    Action.ISSUE_PROTOCOLS: lambda i: lambda u: protocols.issue(u, None, i.screened, ProtocolKind.SCREENING, "ky"),  # type: ignore[arg-type]
    Action.ATTACH_SIGNED_COPY: lambda i: lambda u: protocols.attach_signed_copy(u, None, 1, Path("scan.pdf")),  # type: ignore[arg-type]
    Action.AMEND: lambda i: lambda u: protocols.amend(u, None, 1, "ката", "оңдоо"),  # type: ignore[arg-type]
    Action.FILL_VACANCY: lambda i: lambda u: vacancies.fill_from_reserve(u, None, i.mandate, DAY),  # type: ignore[arg-type]
    Action.EXPORT_RECORD: lambda i: lambda u: export.export_record(u, None, i.screened),  # type: ignore[arg-type]
    Action.RESTORE: lambda i: lambda u: audit.acknowledge_restore(u),
}


def lacking(action: Action) -> list[Role]:
    return [role for role in Role if role not in PERMISSIONS[action]]


@pytest.mark.parametrize("action", sorted(CASES), ids=str)
def test_each_role_without_the_action_is_refused_and_nothing_is_written(
    rdb: Database, ids: Ids, action: Action
) -> None:
    call = CASES[action](ids)
    for role in lacking(action):
        rdb.principal = as_role(role)
        before = head(rdb)
        with pytest.raises(NotPermitted) as refused:
            rdb.run(call)
        assert head(rdb) == before, f"{action} as {role} wrote to the database"
        assert rdb.principal.name in str(refused.value)  # the message names the person and the role it needs


def test_nobody_signed_in_may_do_nothing(rdb: Database, ids: Ids) -> None:
    rdb.principal = None
    before = head(rdb)
    for action, case in CASES.items():
        with pytest.raises(NotSignedIn):
            rdb.run(case(ids))
        assert head(rdb) == before, action


def test_the_roles_that_hold_an_action_carry_it_out(rdb: Database, ids: Ids) -> None:
    """Where it is cheap: each allowed role does it (the audit log names the person)."""
    rdb.principal = as_role(Role.ADMINISTRATOR)
    rdb.run(CASES[Action.EDIT_PROFILE](ids))
    rdb.run(CASES[Action.EDIT_REGISTRIES](ids))
    rdb.principal = as_role(Role.SECRETARIAT)
    rdb.run(CASES[Action.EDIT_COMPETITIONS](ids))
    rdb.run(CASES[Action.EDIT_ORGANIZATIONS](ids))  # a nominating organisation, entered at the intake
    assert rdb.run(papers.announcement, ids.intake, "ky").value[:4] == b"%PDF"
    rdb.run(CASES[Action.EDIT_COMPOSITIONS](ids))
    with rdb.uow() as uow:
        last = uow.session.scalars(select(models.AuditEntry.actor).order_by(models.AuditEntry.seq.desc())).first()
    assert last == "Only secretariat (secretariat)"
    rdb.principal = as_role(Role.OBSERVER)
    assert rdb.run(competitions.list_competitions).value  # reading is open to every role
    assert rdb.run(export.export_record, rdb.document_store(), ids.screened).value[:2] == b"PK"


# --- every use case, not just one per action ------------------------------------------------------------------


def _first_require(node: ast.FunctionDef) -> str | None:
    """The action a function checks as its first statement (after its docstring), if it does."""
    body = node.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]
    if not body or not isinstance(body[0], ast.Expr) or not isinstance(body[0].value, ast.Call):
        return None
    call = body[0].value
    if (
        isinstance(call.func, ast.Attribute)
        and call.func.attr == "require"
        and isinstance(call.func.value, ast.Name)
        and call.func.value.id == "uow"
        and len(call.args) == 1
        and isinstance(call.args[0], ast.Attribute)
        and isinstance(call.args[0].value, ast.Name)
        and call.args[0].value.id == "Action"
    ):
        return call.args[0].attr
    return None


def checked_use_cases() -> list[tuple[Callable[..., Any], Action]]:
    found = []
    for path in sorted(SERVICES.rglob("*.py")):
        module_name = "osgo_desktop.services." + ".".join(path.relative_to(SERVICES).with_suffix("").parts)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and (member := _first_require(node)):
                module = importlib.import_module(module_name)
                found.append((getattr(module, node.name), Action[member]))
    return found


def _dummy_call(function: Callable[..., Any]) -> Callable[[UnitOfWork], object]:
    """``function`` called with None for every argument it needs: its role check comes first."""
    parameters = list(inspect.signature(function).parameters.values())[1:]
    positional = [None for p in parameters if p.kind is p.POSITIONAL_OR_KEYWORD and p.default is p.empty]
    keywords = {p.name: None for p in parameters if p.kind is p.KEYWORD_ONLY and p.default is p.empty}
    return lambda uow: function(uow, *positional, **keywords)


def test_every_use_case_that_checks_a_role_refuses_the_others(rdb: Database) -> None:
    before = head(rdb)
    cases = checked_use_cases()
    assert len(cases) > 40
    for function, action in cases:
        for role in lacking(action):
            rdb.principal = as_role(role)
            with pytest.raises(NotPermitted):
                rdb.run(_dummy_call(function))
    assert head(rdb) == before


def test_every_action_has_a_use_case_that_checks_it() -> None:
    checked = {action for _function, action in checked_use_cases()}
    assert set(CASES) <= checked
    assert set(Action) - checked - ENTRANT_CHECKED == PENDING, "PENDING lists exactly the actions nothing checks yet"
