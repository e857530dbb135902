"""Checking every stored document of a database against its SHA-256, and bringing the documents a server database
once kept on one workstation's disk into the database (issue 15, item 3)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from sqlalchemy import select

from osgo_desktop.domain.registry import full_name
from osgo_desktop.domain.roles import Action
from osgo_desktop.i18n import _, current_language
from osgo_desktop.services.applications import competition_rules, display_number, document_type_label
from osgo_desktop.storage import models
from osgo_desktop.storage.documents import DocumentError, DocumentStore
from osgo_desktop.storage.uow import UnitOfWork


class Trouble(StrEnum):
    MISSING = "missing"
    DAMAGED = "damaged"


@dataclass(frozen=True)
class NamedDocument:
    """A stored document as the database names it, in words: whose, of which competition, of what type."""

    sha256: str
    #: "2026/04"
    competition: str
    #: "application 2026/01-003, Асанов Бакыт" (or the protocol's number, for a protocol's PDF or its signed scan)
    application: str
    #: the type in the current language ("Curriculum vitae", "protocol")
    kind: str
    display_name: str


@dataclass(frozen=True)
class DocumentProblem:
    document: NamedDocument
    trouble: Trouble

    def describe(self) -> str:
        doc = self.document
        if self.trouble is Trouble.MISSING:
            text = _("MISSING: {kind} “{name}” — competition {competition}, {application} (SHA-256 {sha256})")
        else:
            text = _("DAMAGED: {kind} “{name}” — competition {competition}, {application} (SHA-256 {sha256})")
        return text.format(
            kind=doc.kind,
            name=doc.display_name,
            competition=doc.competition,
            application=doc.application,
            sha256=doc.sha256,
        )


@dataclass(frozen=True)
class DocumentCheck:
    #: how many different contents were read (a content filed twice is read once)
    checked: int
    #: how many document rows name them
    documents: int
    problems: tuple[DocumentProblem, ...]


def named_documents(uow: UnitOfWork) -> Iterator[NamedDocument]:
    """Every document the database names: the applications' files (all versions, withdrawn ones too), the
    protocols' PDFs and the scans of signed protocols."""
    lang = current_language()
    rows = uow.session.execute(
        select(models.Document, models.Application, models.Competition)
        .join(models.Application, models.Document.application_id == models.Application.id)
        .join(models.Competition, models.Application.competition_id == models.Competition.id)
        .order_by(models.Competition.id, models.Application.number, models.Document.id)
    )
    rules = {}
    for document, application, competition in rows:
        if competition.id not in rules:
            rules[competition.id] = competition_rules(competition)
        yield NamedDocument(
            sha256=document.sha256,
            competition=competition.number,
            application=_("application {number}, {name}").format(
                number=display_number(competition.number, application.number),
                name=full_name(application.person.surname, application.person.name, application.person.patronymic),
            ),
            kind=document_type_label(rules[competition.id], document.doc_type).get(lang),
            display_name=document.display_name,
        )
    protocols = uow.session.execute(
        select(models.Protocol, models.Competition)
        .join(models.Competition, models.Protocol.competition_id == models.Competition.id)
        .order_by(models.Competition.id, models.Protocol.id)
    )
    for protocol, competition in protocols:
        yield NamedDocument(
            sha256=protocol.file_sha256,
            competition=competition.number,
            application=_("protocol No. {number}").format(number=protocol.number),
            kind=_("protocol"),
            display_name=f"{protocol.number}.pdf",
        )
    scans = uow.session.execute(
        select(models.SignedScan, models.Protocol, models.Competition)
        .join(models.Protocol, models.SignedScan.protocol_id == models.Protocol.id)
        .join(models.Competition, models.SignedScan.competition_id == models.Competition.id)
        .order_by(models.Competition.id, models.SignedScan.id)
    )
    for scan, protocol, competition in scans:
        yield NamedDocument(
            sha256=scan.sha256,
            competition=competition.number,
            application=_("protocol No. {number}").format(number=protocol.number),
            kind=_("scan of the signed protocol"),
            display_name=scan.display_name,
        )


def check_documents(
    uow: UnitOfWork, store: DocumentStore, progress: Callable[[int, int], None] | None = None
) -> DocumentCheck:
    """Read every stored document the database names and check its SHA-256; ``progress(done, total)`` after each.
    Nothing is written."""
    uow.require(Action.CHECK_DOCUMENTS)
    named = list(named_documents(uow))
    uow.rollback()  # the reading below takes long: hold no transaction meanwhile
    verdicts: dict[str, Trouble | None] = {}
    total = len({doc.sha256 for doc in named})
    for doc in named:
        if doc.sha256 in verdicts:
            continue
        verdicts[doc.sha256] = _trouble(store, doc.sha256)
        if progress is not None:
            progress(len(verdicts), total)
    problems = tuple(DocumentProblem(doc, trouble) for doc in named if (trouble := verdicts[doc.sha256]) is not None)
    return DocumentCheck(checked=len(verdicts), documents=len(named), problems=problems)


def _trouble(store: DocumentStore, sha256: str) -> Trouble | None:
    try:
        if not store.exists(sha256):
            return Trouble.MISSING
    except DocumentError:  # not even a SHA-256: nothing can be kept under it
        return Trouble.DAMAGED
    return None if store.verify(sha256) else Trouble.DAMAGED


@dataclass(frozen=True)
class FolderImport:
    #: documents copied into the database
    imported: int
    #: documents the database had already
    present: int
    #: documents the database names that neither it nor the folder holds (whole)
    still_missing: tuple[NamedDocument, ...]


def import_folder(uow: UnitOfWork, store: DocumentStore, folder: Path) -> FolderImport:
    """Copy into the database every document it names but lacks and that ``folder`` (a folder store: the
    ``<sha[:2]>/<sha>`` layout of a workstation's old document folder) holds unchanged. Each is written in its own
    short transaction; running it again imports nothing twice."""
    from osgo_desktop.storage.documents_db import DatabaseDocumentStore

    uow.require(Action.FILE_DOCUMENTS)  # it writes documents' contents: the secretariat's, not an observer's
    if not isinstance(store, DatabaseDocumentStore):
        raise DocumentError(_("This database keeps its documents in a folder: there is nothing to import."))
    named = list(named_documents(uow))
    uow.rollback()
    imported = present = 0
    missing: list[NamedDocument] = []
    seen: set[str] = set()
    for doc in named:
        if doc.sha256 in seen:
            continue
        seen.add(doc.sha256)
        if store.exists(doc.sha256):
            present += 1
            continue
        source = folder / doc.sha256[:2] / doc.sha256
        try:
            store.import_file(source, doc.sha256)
        except DocumentError:  # not in the folder either, or no longer matching its hash there
            missing.append(doc)
            continue
        imported += 1
    return FolderImport(imported=imported, present=present, still_missing=tuple(missing))
