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
    #: see applicants' national ID numbers, birth dates and contacts, and open the documents they handed in
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
    #: the regulation profile (its terms, deadlines, document types), saved or imported
    EDIT_PROFILE = "edit_profile"
    #: the registries: state bodies, Commission members, counting commission members
    EDIT_REGISTRIES = "edit_registries"
    #: the organisations and associations that nominate applicants (entered at the intake, as letters come in)
    EDIT_ORGANIZATIONS = "edit_organizations"
    #: the sitting members of the state bodies: importing a composition file, recording a member's departure
    EDIT_COMPOSITIONS = "edit_compositions"
    #: create a competition (alone, from the due overview, or several as a campaign), edit one in draft
    EDIT_COMPETITIONS = "edit_competitions"
    #: record a competition's (or a campaign's) publication in the media, which opens the intake
    ANNOUNCE = "announce"
    #: close a competition's intake of applications
    CLOSE_INTAKE = "close_intake"
    #: cancel a competition, with the reason
    CANCEL_COMPETITION = "cancel_competition"
    #: register an application (one, or a file of them), correct it, withdraw it
    REGISTER_APPLICATIONS = "register_applications"
    #: file an application's documents
    FILE_DOCUMENTS = "file_documents"
    #: correct a filed document: change its type, file a new version, withdraw it
    CORRECT_DOCUMENTS = "correct_documents"
    #: the screening: start and finish it, record the verdicts on the applications and conflicts of interest
    SCREEN = "screen"
    #: record the screening session (who sat, who chaired, the vote)
    SCREENING_SESSION = "screening_session"
    #: print papers from the database: the announcement, receipts, the register, the screening draft, ballot papers
    PRINT = "print"
    #: open a vote session (the voters present, the automatic backup)
    OPEN_VOTE_SESSION = "open_vote_session"
    #: close a round: lock its ballots and store its tally
    CLOSE_ROUND = "close_round"
    #: open another round after a tie
    OPEN_RUNOFF = "open_runoff"
    #: enter a protocol's details and issue it (its PDF goes into the record)
    ISSUE_PROTOCOLS = "issue_protocols"
    #: attach the scan of a signed protocol (the last one closes the competition)
    ATTACH_SIGNED_COPY = "attach_signed_copy"
    #: amend an issued protocol (a correction of its result, with a new version)
    AMEND = "amend"
    #: fill a vacancy from a competition's reserve list
    FILL_VACANCY = "fill_vacancy"
    #: export a competition's election record (a zip that ``osgo verify`` checks)
    EXPORT_RECORD = "export_record"


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
    Action.EDIT_PROFILE: frozenset({Role.ADMINISTRATOR}),
    Action.EDIT_REGISTRIES: frozenset({Role.ADMINISTRATOR}),
    Action.EDIT_ORGANIZATIONS: frozenset({Role.ADMINISTRATOR, Role.SECRETARIAT}),
    Action.EDIT_COMPOSITIONS: frozenset({Role.ADMINISTRATOR, Role.SECRETARIAT}),
    Action.EDIT_COMPETITIONS: frozenset({Role.SECRETARIAT}),
    Action.ANNOUNCE: frozenset({Role.SECRETARIAT}),
    Action.CLOSE_INTAKE: frozenset({Role.SECRETARIAT}),
    Action.CANCEL_COMPETITION: frozenset({Role.SECRETARIAT}),
    Action.REGISTER_APPLICATIONS: frozenset({Role.SECRETARIAT}),
    Action.FILE_DOCUMENTS: frozenset({Role.SECRETARIAT}),
    Action.CORRECT_DOCUMENTS: frozenset({Role.SECRETARIAT}),
    Action.SCREEN: frozenset({Role.SECRETARIAT}),
    Action.SCREENING_SESSION: frozenset({Role.SECRETARIAT}),
    Action.PRINT: frozenset({Role.SECRETARIAT}),
    Action.OPEN_VOTE_SESSION: frozenset({Role.SECRETARIAT}),
    Action.CLOSE_ROUND: frozenset({Role.COUNTING}),
    Action.OPEN_RUNOFF: frozenset({Role.SECRETARIAT}),
    Action.ISSUE_PROTOCOLS: frozenset({Role.SECRETARIAT}),
    Action.ATTACH_SIGNED_COPY: frozenset({Role.SECRETARIAT}),
    Action.AMEND: frozenset({Role.SECRETARIAT}),
    Action.FILL_VACANCY: frozenset({Role.SECRETARIAT}),
    Action.EXPORT_RECORD: frozenset({Role.ADMINISTRATOR, Role.SECRETARIAT, Role.OBSERVER}),
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
