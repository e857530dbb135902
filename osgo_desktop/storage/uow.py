"""The unit of work: one user action, one session, one explicit commit (cosmicpython's pattern)."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import ClassVar, Concatenate, Generic, ParamSpec, TypeVar

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from osgo_desktop import paths
from osgo_desktop.changes import Changes, Done
from osgo_desktop.clock import Clock
from osgo_desktop.domain import roles
from osgo_desktop.domain.roles import Action, Principal
from osgo_desktop.errors import NotFoundError
from osgo_desktop.i18n import _
from osgo_desktop.storage import audit, changes, models, stamps, versions
from osgo_desktop.storage.connect import without_password
from osgo_desktop.storage.db import OpenResult, close_engine, open_database
from osgo_desktop.storage.documents import DEFAULT_MAX_BYTES, DocumentStore

T = TypeVar("T", bound=models.Base)
R = TypeVar("R")
P = ParamSpec("P")


class Repository(Generic[T]):
    """Get, list and add rows of one mapped class."""

    def __init__(self, session: Session, cls: type[T]) -> None:
        self.session = session
        self.cls = cls

    def get(self, row_id: int) -> T | None:
        return self.session.get(self.cls, row_id)

    def require(self, row_id: int) -> T:
        """The row, or a :class:`NotFoundError` the user can read (it may have been removed meanwhile)."""
        row = self.session.get(self.cls, row_id)
        if row is None:
            raise NotFoundError(_("The record no longer exists; it may have been removed."))
        return row

    def list(self, *order_by: object) -> list[T]:
        query = select(self.cls)
        if order_by:
            query = query.order_by(*order_by)  # type: ignore[arg-type]
        return list(self.session.scalars(query))

    def add(self, row: T) -> T:
        self.session.add(row)
        self.session.flush()
        return row


class UnitOfWork:
    """``with db.uow() as uow: ...; uow.commit()`` — anything not committed is rolled back on exit."""

    session: Session
    profiles: Repository[models.Profile]
    bodies: Repository[models.StateBody]
    commission: Repository[models.CommissionMember]
    counting: Repository[models.CountingMember]
    competitions: Repository[models.Competition]
    applications: Repository[models.Application]
    associations: Repository[models.Association]
    organizations: Repository[models.Organization]
    vote_sessions: Repository[models.VoteSession]
    rounds: Repository[models.VoteRound]

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        clock: Clock,
        actor: str = audit.UNKNOWN_ACTOR,
        principal: Principal | None = None,
        sender: str = "",
    ) -> None:
        self._session_factory = session_factory
        #: the process its commits are announced as (``Database.sender``): its own listener ignores them
        self.sender = sender
        #: what time it is for this unit of work: its services, its rows' time stamps and its audit entries
        self.clock = clock
        #: the signed-in person this unit of work acts for (None: nobody is signed in)
        self.principal = principal
        #: who the audit log records for what this unit of work writes
        self.actor = actor
        #: whom the unit of work was opened for (see :meth:`act_as`)
        self._own = (principal, actor)

    def __enter__(self) -> UnitOfWork:
        self.session = self._session_factory()
        audit.set_actor(self.session, self.actor)
        stamps.set_clock(self.session, self.clock)
        self.profiles = Repository(self.session, models.Profile)
        self.bodies = Repository(self.session, models.StateBody)
        self.commission = Repository(self.session, models.CommissionMember)
        self.counting = Repository(self.session, models.CountingMember)
        self.competitions = Repository(self.session, models.Competition)
        self.applications = Repository(self.session, models.Application)
        self.associations = Repository(self.session, models.Association)
        self.organizations = Repository(self.session, models.Organization)
        self.vote_sessions = Repository(self.session, models.VoteSession)
        self.rounds = Repository(self.session, models.VoteRound)
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.session.rollback()
        self.session.close()

    def commit(self) -> None:
        """Commit, announcing what was written to the other processes of a server database (``changes.notify``,
        in the same transaction). A row that another unit of work changed since this one read it is refused
        (``versions``): :class:`~osgo_desktop.storage.versions.ChangedMeanwhile`, nothing saved."""
        try:
            self.session.flush()
            changes.notify(self.session, self.sender)
            self.session.commit()
        except StaleDataError as exc:
            self.rollback()
            raise versions.ChangedMeanwhile() from exc
        self._back_to_own()

    def _back_to_own(self) -> None:
        """After a use case's commit (or rollback) the unit of work acts again for whom it was opened for: the
        entrant an entry-station use case acted as (:meth:`act_as`) acted for that use case only."""
        self.principal, self.actor = self._own
        audit.set_actor(self.session, self.actor)

    def require(self, action: Action) -> None:
        """Refuse the use case unless the signed-in person may carry out ``action`` (``domain.roles``): the first
        line of every use case that writes, so no menu that forgets to hide it can let it through."""
        roles.check(self._current(), action)

    def _current(self) -> Principal | None:
        """The signed-in person as their account stands now: an account deactivated, removed (a restored older
        copy) or given other roles since signing in acts with what it holds now — nobody, or its new roles."""
        principal = self.principal
        if principal is None or principal.account_id is None:
            return principal
        account = self.session.get(models.Account, principal.account_id)
        if account is None or not account.active:
            return None
        held = roles.parse_roles(account.roles)
        return principal if held == principal.roles else dataclasses.replace(principal, roles=held)

    def act_as(self, principal: Principal) -> None:
        """Until this use case commits or rolls back, act for ``principal`` (the audit log names them, :meth:`require`
        checks their roles): an entry station's work is the entrant's, confirmed at the station, not the signed-in
        person's at the main window."""
        self.principal = principal
        self.actor = principal.actor
        audit.set_actor(self.session, principal.actor)

    def act_for(self, principal: Principal | None, actor: str | None = None) -> None:
        """Act for ``principal`` from here on, use case after use case — checks and audit entries — as if the unit of
        work had been opened for them (the demo, which plays several people in one unit of work); ``actor`` names
        them in the audit log when no principal does."""
        self._own = (principal, principal.actor if principal is not None else (actor or self.actor))
        self._back_to_own()

    def may(self, action: Action) -> bool:
        """Whether the signed-in person may carry out ``action`` (what to show, not what to refuse)."""
        return roles.allowed(self._current(), action)

    def within(self, competition_id: int) -> None:
        """Say which competition this unit of work writes for, where a row (a ballot entry, a document) does not
        name it itself: screens of other competitions then need not reload."""
        changes.within(self.session, competition_id)

    @property
    def changes(self) -> Changes:
        """What this unit of work's commits wrote so far."""
        return changes.committed(self.session)

    def rollback(self) -> None:
        self.session.rollback()
        self._back_to_own()


class Database:
    """An open database: what the app and the CLI hold, handing out units of work."""

    #: who a newly opened database acts for until someone signs in: nobody (tests/conftest.py opens every test
    #: database as an account holding every role)
    default_principal: ClassVar[Principal | None] = None

    def __init__(self, opened: OpenResult, clock: Clock) -> None:
        self.opened = opened
        self.engine: Engine = opened.engine
        #: the time for every unit of work of this database
        self.clock = clock
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        audit.install(self._sessions)  # every flush of every unit of work goes into the audit log
        stamps.install()  # and its rows' time stamps come from the unit of work's clock
        changes.install(self._sessions)  # and each commit says which areas and competitions it wrote
        #: this process's name in the change notices of a server database (``storage.listen`` skips its own)
        self.sender = uuid.uuid4().hex
        #: who is recorded in the audit log when nobody is signed in (the operating system's user)
        self.actor = audit.default_actor()
        #: the signed-in person every unit of work of this database acts for (set by signing in)
        self.principal: Principal | None = self.default_principal
        #: the last :meth:`check_audit` result
        self.audit_report: audit.ChainReport | None = None
        self._copies_cleared = False

    @classmethod
    def open(cls, url: str, clock: Clock) -> Database:
        return cls(open_database(url, clock), clock)

    @property
    def url(self) -> str:
        """The address as it may be shown or logged (:func:`~osgo_desktop.storage.connect.without_password`)."""
        return without_password(self.engine.url.render_as_string(hide_password=False))

    @property
    def documents_root(self) -> Path:
        """Where the documents of this database are kept: next to a SQLite file; in the data directory for a
        server (one folder per server database, so two databases never share a store by accident)."""
        url = self.engine.url
        if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
            path = Path(url.database)
            return path.with_name(f"{path.stem}-documents")
        safe = "".join(c if c.isalnum() else "-" for c in f"{url.host or 'local'}-{url.port or ''}-{url.database}")
        return paths.data_dir() / "documents" / safe

    @property
    def keeps_documents_inside(self) -> bool:
        """Whether the documents' contents live in the database itself (a server database, which every workstation
        reaches) rather than in a folder next to a SQLite file."""
        return self.engine.url.get_backend_name() != "sqlite"

    def document_store(self, max_bytes: int | None = None) -> DocumentStore:
        """The store of this database's documents: the folder next to a SQLite file; the database itself for a
        server (``storage.documents_db``), viewed through this workstation's private copies."""
        if not self.keeps_documents_inside:
            return DocumentStore(self.documents_root, max_bytes) if max_bytes else DocumentStore(self.documents_root)
        from osgo_desktop.storage.documents_db import DatabaseDocumentStore

        store = DatabaseDocumentStore(self.engine, self.clock, self._document_copies, max_bytes or DEFAULT_MAX_BYTES)
        if not self._copies_cleared:  # what a viewer was given last time (personal data) goes at the first use
            self._copies_cleared = True
            store.forget_copies()
        return store

    @property
    def _document_copies(self) -> Path:
        return paths.cache_dir() / "documents" / self.documents_root.name

    def uow(self, actor: str | None = None) -> UnitOfWork:
        """A unit of work acting for the signed-in person, whom the audit log names (``actor``: tests name another;
        nobody signed in: the operating system's user)."""
        principal = self.principal
        return UnitOfWork(
            self._sessions, self.clock, actor or (principal.actor if principal else self.actor), principal, self.sender
        )

    def run(self, use_case: Callable[Concatenate[UnitOfWork, P], R], /, *args: P.args, **kwargs: P.kwargs) -> Done[R]:
        """Run one use case — a service function ``use_case(uow, ...)``, which commits its work — in a unit of
        work of its own, and return its result with what its commit changed. The one way the app calls a use case:
        the UI never opens a unit of work itself."""
        with self.uow() as uow:
            try:
                value = use_case(uow, *args, **kwargs)
            except StaleDataError as exc:  # a flush before the commit found the row changed meanwhile
                raise versions.ChangedMeanwhile() from exc
            return Done(value, uow.changes)

    def check_audit(self) -> audit.ChainReport:
        """Check the audit chain and the data against it (slow on a big database: run it off the GUI thread)."""
        with self.engine.connect() as connection:
            self.audit_report = audit.verify_chain(connection)
        return self.audit_report

    def close(self) -> None:
        close_engine(self.engine)
