"""Use cases of an application's documents once filed: put a misfiled one right (change its type, replace it with a
new version, withdraw one registered by mistake), find the same content elsewhere in the competition, and tell
each document's history — read from the audit log, which records every change of a document row.

Nothing here deletes a row: a replaced version is kept (``superseded``), a withdrawn document is kept and marked
(``withdrawn_at``, ``withdraw_reason``); neither counts towards the checklist nor the screening any more.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select

from osgo_desktop.clock import in_bishkek
from osgo_desktop.domain import intake
from osgo_desktop.domain.audit_chain import canonical_json, entry_row
from osgo_desktop.domain.profile import KindRules, LocalText
from osgo_desktop.domain.registry import full_name
from osgo_desktop.domain.roles import Action
from osgo_desktop.errors import NotFoundError, ValidationError
from osgo_desktop.i18n import _, current_language, format_date
from osgo_desktop.services import applications
from osgo_desktop.storage import models
from osgo_desktop.storage.documents import StoredFile
from osgo_desktop.storage.uow import UnitOfWork

MAX_REASON = 2000


class EventKind(StrEnum):
    """What happened to a document."""

    ADDED = "added"
    RETYPED = "retyped"
    REPLACED = "replaced"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class DocumentEvent:
    """One step of a document's history, as the audit log recorded it."""

    kind: EventKind
    #: aware, Asia/Bishkek
    at: dt.datetime
    #: who made the change (the audit log's actor)
    actor: str
    document_id: int
    display_name: str
    version: int
    type_label: LocalText
    #: the type before a change of type
    previous_type: LocalText | None = None
    #: the new version's file name and number, for a version that was replaced
    by_name: str = ""
    by_version: int = 0
    #: why a document was withdrawn
    reason: str = ""

    def text(self) -> str:
        """The event in words, in the current language (a paper sets its own language around the call)."""
        lang = current_language()
        when = f"{format_date(self.at.date(), lang, 'numeric')} {self.at:%H:%M}"
        name, kind = self.display_name, self.type_label.get(lang)
        if self.kind is EventKind.RETYPED and self.previous_type is not None:
            return _("{when}: “{name}” was filed as {old}; its type was changed to {new}.").format(
                when=when, name=name, old=self.previous_type.get(lang), new=kind
            )
        if self.kind is EventKind.REPLACED:
            return _(
                "{when}: {type}, version {version} (“{name}”) was replaced by version {new} (“{new_name}”)."
            ).format(when=when, type=kind, version=self.version, name=name, new=self.by_version, new_name=self.by_name)
        if self.kind is EventKind.WITHDRAWN:
            return _("{when}: {type} “{name}” was withdrawn: {reason}").format(
                when=when, type=kind, name=name, reason=self.reason
            )
        return _("{when}: {type} “{name}” was filed (version {version}).").format(
            when=when, type=kind, name=name, version=self.version
        )


@dataclass(frozen=True)
class DocumentRow:
    """A document of an application, current or set aside (replaced, withdrawn), with its history."""

    id: int
    doc_type: str
    type_label: LocalText
    display_name: str
    sha256: str
    size: int
    file_type: str
    version: int
    added_at: dt.datetime
    #: replaced by a newer version (kept, no longer counted)
    superseded: bool = False
    #: withdrawn as registered by mistake (kept, no longer counted); aware UTC
    withdrawn_at: dt.datetime | None = None
    withdraw_reason: str = ""
    history: tuple[DocumentEvent, ...] = ()

    @property
    def current(self) -> bool:
        return not self.superseded and self.withdrawn_at is None


# --- reading -------------------------------------------------------------------------------------------------


def _key(document_id: int) -> str:
    return canonical_json({"id": document_id})


def _histories(
    uow: UnitOfWork, rules: KindRules, documents: Sequence[models.Document]
) -> dict[int, tuple[DocumentEvent, ...]]:
    """Each document's history from the audit log's entries of its row, in order (one indexed query)."""
    by_key = {_key(d.id): d for d in documents}
    if not by_key:
        return {}
    entry = models.AuditEntry
    rows = uow.session.execute(
        select(entry.at, entry.actor, entry.action, entry.row_key, entry.data, entry.personal)
        .where(entry.table_name == models.Document.__tablename__, entry.row_key.in_(by_key))
        .order_by(entry.seq)
    )
    names = {d.id: (d.display_name, d.version) for d in documents}
    newer = {d.replaces_id: d for d in documents if d.replaces_id is not None}
    events: dict[int, list[DocumentEvent]] = {d.id: [] for d in documents}
    before: dict[int, dict[str, object]] = {}
    for at, actor, action, row_key, data, personal in rows:
        document = by_key[row_key]
        row = entry_row(data, personal)
        old = before.get(document.id)
        before[document.id] = row
        name = str(row.get("display_name") or document.display_name)
        version = int(str(row.get("version") or document.version))
        label = applications.document_type_label(rules, str(row.get("doc_type") or document.doc_type))
        added = DocumentEvent(EventKind.ADDED, in_bishkek(at), actor, document.id, name, version, label)
        told = events[document.id]
        if action == "insert":
            told.append(added)
            continue
        if action != "update" or old is None:  # a baseline or a restore: the state it was in, nothing done
            continue
        if old.get("doc_type") != row.get("doc_type"):
            previous = applications.document_type_label(rules, str(old.get("doc_type")))
            told.append(dataclasses.replace(added, kind=EventKind.RETYPED, previous_type=previous))
        if not old.get("superseded") and row.get("superseded"):
            by = newer.get(document.id)
            by_name, by_version = names.get(by.id, ("", 0)) if by is not None else ("", 0)
            told.append(dataclasses.replace(added, kind=EventKind.REPLACED, by_name=by_name, by_version=by_version))
        if old.get("withdrawn_at") is None and row.get("withdrawn_at") is not None:
            reason = str(row.get("withdraw_reason") or "")
            told.append(dataclasses.replace(added, kind=EventKind.WITHDRAWN, reason=reason))
    return {key: tuple(value) for key, value in events.items()}


def document_rows(uow: UnitOfWork, rules: KindRules, documents: Sequence[models.Document]) -> tuple[DocumentRow, ...]:
    """``documents`` (one application's) as rows, each with its history; in the order given."""
    histories = _histories(uow, rules, documents)
    return tuple(
        DocumentRow(
            id=d.id,
            doc_type=d.doc_type,
            type_label=applications.document_type_label(rules, d.doc_type),
            display_name=d.display_name,
            sha256=d.sha256,
            size=d.size,
            file_type=d.file_type,
            version=d.version,
            added_at=d.added_at.replace(tzinfo=dt.UTC),
            superseded=d.superseded,
            withdrawn_at=d.withdrawn_at.replace(tzinfo=dt.UTC) if d.withdrawn_at is not None else None,
            withdraw_reason=d.withdraw_reason,
            history=histories.get(d.id, ()),
        )
        for d in documents
    )


def changes_told(rows: Iterable[DocumentRow]) -> tuple[DocumentEvent, ...]:
    """What was put right in the documents (types changed, versions replaced, documents withdrawn), in time
    order: what a receipt and the history say besides the documents filed."""
    events = [e for row in rows for e in row.history if e.kind is not EventKind.ADDED]
    return tuple(sorted(events, key=lambda e: e.at))


@dataclass(frozen=True)
class SameContent:
    """A document of the competition that holds the same content (the same SHA-256) as a file about to be filed."""

    sha256: str
    application_id: int
    display_number: str
    applicant: str
    type_label: LocalText
    display_name: str

    def text(self) -> str:
        return _("{number} {applicant} — {type} (“{name}”)").format(
            number=self.display_number,
            applicant=self.applicant,
            type=self.type_label.get(current_language()),
            name=self.display_name,
        )


def same_content(uow: UnitOfWork, application_id: int, sha256s: Sequence[str]) -> list[SameContent]:
    """Where the competition of ``application_id`` already holds any of ``sha256s``: every document of its
    applications with that content that was not withdrawn (a replaced version counts: it is still on file), in
    registration order."""
    application = uow.applications.require(application_id)
    competition = uow.competitions.require(application.competition_id)
    rules = applications.competition_rules(competition)
    wanted = set(sha256s)
    if not wanted:
        return []
    rows = uow.session.execute(
        select(models.Document, models.Application)
        .join(models.Application, models.Document.application_id == models.Application.id)
        .where(
            models.Application.competition_id == competition.id,
            models.Document.sha256.in_(wanted),
            models.Document.withdrawn_at.is_(None),
        )
        .order_by(models.Application.number, models.Document.id)
    )
    out = []
    for document, app in rows:
        p = app.person
        out.append(
            SameContent(
                sha256=document.sha256,
                application_id=app.id,
                display_number=applications.display_number(competition.number, app.number),
                applicant=full_name(p.surname, p.name, p.patronymic),
                type_label=applications.document_type_label(rules, document.doc_type),
                display_name=document.display_name,
            )
        )
    return out


# --- putting right -------------------------------------------------------------------------------------------


def _open_document(uow: UnitOfWork, document_id: int) -> tuple[models.Document, models.Application]:
    """The document, current, of an application whose intake is open: what can still be put right."""
    document = uow.session.get(models.Document, document_id)
    if document is None:
        raise NotFoundError(_("The record no longer exists; it may have been removed."))
    application = uow.applications.require(document.application_id)
    competition = uow.competitions.require(application.competition_id)
    if competition.state not in intake.INTAKE_STATES:
        raise ValidationError(
            {
                "state": _(
                    "Screening has started: the documents of the applications are fixed and can no longer be "
                    "changed, replaced or withdrawn."
                )
            }
        )
    if application.withdrawn_at is not None:
        raise ValidationError({"state": _("This application was withdrawn.")})
    if document.withdrawn_at is not None:
        raise ValidationError({"state": _("This document was withdrawn.")})
    if document.superseded:
        raise ValidationError({"state": _("A newer version replaced this document: put the newer one right.")})
    return document, application


def change_type(uow: UnitOfWork, document_id: int, doc_type: str) -> None:
    """File a misfiled document under the type it is (a CV filed as an application letter); the checklist
    follows, and the audit log keeps the type it had."""
    uow.require(Action.CORRECT_DOCUMENTS)
    document, application = _open_document(uow, document_id)
    competition = uow.competitions.require(application.competition_id)
    if doc_type not in intake.document_types(applications.competition_rules(competition)):
        raise ValidationError({"doc_type": _("This kind of competition has no such document type.")})
    if doc_type == document.doc_type:
        raise ValidationError({"doc_type": _("The document is already filed under this type.")})
    document.doc_type = doc_type
    uow.commit()


def replace(uow: UnitOfWork, document_id: int, stored: StoredFile, *, confirmed: bool = False) -> int:
    """File ``stored`` (already in the store) as the new version of a document, under its type; the old version
    is kept, marked replaced. Returns the new document's id. A file with active content only when ``confirmed``."""
    uow.require(Action.CORRECT_DOCUMENTS)
    document, application = _open_document(uow, document_id)
    if stored.sha256 == document.sha256:
        raise ValidationError({"replaces": _("This is the same file: the new version must differ from the old.")})
    return applications.add_document(
        uow, application.id, document.doc_type, stored, replaces=document.id, confirmed=confirmed
    )


def validate_reason(reason: str) -> dict[str, str]:
    if not reason.strip():
        return {"reason": _("Say why the document is withdrawn.")}
    if len(reason) > MAX_REASON:
        return {"reason": _("This text is too long.")}
    return {}


def withdraw(uow: UnitOfWork, document_id: int, reason: str) -> None:
    """Withdraw a document registered by mistake, before screening: it stays on file, marked withdrawn with the
    reason, and no longer counts."""
    uow.require(Action.CORRECT_DOCUMENTS)
    document, _application = _open_document(uow, document_id)
    errors = validate_reason(reason)
    if errors:
        raise ValidationError(errors)
    document.withdrawn_at = uow.clock.utc_naive()
    document.withdraw_reason = reason.strip()
    uow.commit()
