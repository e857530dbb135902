"""Who may do what: the roles an account holds, the signed-in person a unit of work acts for, and the one table of
roles × actions that every use case checks (docs/roles.md prints it).

Pure: no database, no Qt. The service layer asks :func:`check` at the start of every use case that writes (and of
every read of applicants' personal fields), so a menu that forgets to hide an action still cannot carry it out.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field

from osgo_desktop.errors import KnownError
from osgo_desktop.i18n import N_, _


class Role(enum.StrEnum):
    #: accounts, the registries, the regulation profile
    ADMINISTRATOR = "administrator"
    #: competitions, applications, documents, printing, opening sessions, the first entry of the ballots
    SECRETARIAT = "secretariat"
    #: the counting commission: the second entry, settlements, lots
    COUNTING = "counting"
    #: reads everything but applicants' personal fields, checks records, changes nothing
    OBSERVER = "observer"


ROLE_LABELS = {
    Role.ADMINISTRATOR: N_("Administrator"),
    Role.SECRETARIAT: N_("Secretariat"),
    Role.COUNTING: N_("Counting commission"),
    Role.OBSERVER: N_("Observer"),
}


def role_label(role: Role) -> str:
    return _(ROLE_LABELS[role])


def parse_roles(text: str) -> frozenset[Role]:
    """The roles of an account's ``roles`` column ("administrator,secretariat"); unknown codes are ignored."""
    known = {role.value for role in Role}
    return frozenset(Role(code) for code in (part.strip() for part in text.split(",")) if code in known)


def format_roles(roles: Iterable[Role]) -> str:
    return ",".join(sorted(role.value for role in roles))


@dataclass(frozen=True)
class Principal:
    """The signed-in person a unit of work acts for."""

    account_id: int | None
    login: str
    name: str
    roles: frozenset[Role] = field(default_factory=frozenset)

    @property
    def actor(self) -> str:
        """How the audit log names them: "Name (login)"."""
        return f"{self.name} ({self.login})" if self.name and self.name != self.login else self.login

    def holds(self, role: Role) -> bool:
        return role in self.roles


class Action(enum.StrEnum):
    """Every action of the app that a role may or may not carry out; :data:`PERMISSIONS` says who may."""

    #: accounts: create, change roles, deactivate, reset a password
    MANAGE_ACCOUNTS = "manage_accounts"
    #: see applicants' national ID numbers, birth dates and contacts
    READ_PERSONAL = "read_personal"
    #: erase the personal fields of applicants whose keeping time is over (docs/decisions.md)
    ERASE_PERSONAL = "erase_personal"
    #: the entry stations: the secretariat's entry of the papers, the counting commission's, settling a paper on
    #: which the two disagree, entering the lots drawn
    ENTER_FIRST_SIDE = "enter_first_side"
    ENTER_SECOND_SIDE = "enter_second_side"
    SETTLE_PAPERS = "settle_papers"
    ENTER_LOTS = "enter_lots"
    #: a backup of the database and its documents; restoring one over the open database
    BACK_UP = "back_up"
    RESTORE = "restore"
    #: read every stored document and check its hash
    CHECK_DOCUMENTS = "check_documents"


#: who may do what: the one table (docs/roles.md prints it; tests check a refusal for every role without it)
PERMISSIONS: dict[Action, frozenset[Role]] = {
    Action.MANAGE_ACCOUNTS: frozenset({Role.ADMINISTRATOR}),
    Action.READ_PERSONAL: frozenset({Role.ADMINISTRATOR, Role.SECRETARIAT}),
    Action.ERASE_PERSONAL: frozenset({Role.ADMINISTRATOR}),
    Action.ENTER_FIRST_SIDE: frozenset({Role.SECRETARIAT}),
    Action.ENTER_SECOND_SIDE: frozenset({Role.COUNTING}),
    Action.SETTLE_PAPERS: frozenset({Role.COUNTING}),
    Action.ENTER_LOTS: frozenset({Role.COUNTING}),
    Action.BACK_UP: frozenset({Role.ADMINISTRATOR, Role.SECRETARIAT}),
    Action.RESTORE: frozenset({Role.ADMINISTRATOR}),
    Action.CHECK_DOCUMENTS: frozenset({Role.ADMINISTRATOR, Role.SECRETARIAT, Role.OBSERVER}),
}


def allowed(principal: Principal | None, action: Action) -> bool:
    """Whether ``principal`` may carry out ``action`` (nobody signed in may do nothing)."""
    return principal is not None and not principal.roles.isdisjoint(PERMISSIONS[action])


def check(principal: Principal | None, action: Action) -> None:
    """Refuse ``action`` unless ``principal`` holds a role that may carry it out."""
    if principal is None:
        raise NotSignedIn()
    if not allowed(principal, action):
        raise NotPermitted(
            _("{name} may not do this: it needs the role {roles}.").format(
                name=principal.name or principal.login,
                roles=", ".join(sorted(role_label(role) for role in PERMISSIONS[action])),
            )
        )


class NotSignedIn(KnownError):
    """A use case was called with nobody signed in."""

    def __init__(self) -> None:
        super().__init__(_("Sign in first: this needs a signed-in account."))


class NotPermitted(KnownError):
    """The signed-in person's roles do not allow this action."""
