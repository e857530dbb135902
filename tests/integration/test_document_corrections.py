"""Putting a misfiled document right (issue 16, item 1): change its type, replace it, withdraw it before screening;
the same content found elsewhere in the competition. Against a real database, document store and audit log."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from osgo_desktop.clock import FixedClock
from osgo_desktop.domain.audit_chain import canonical_json
from osgo_desktop.domain.registry import Sex
from osgo_desktop.errors import ValidationError
from osgo_desktop.services import applications, competitions, documents, papers, printing
from osgo_desktop.services.documents import EventKind
from osgo_desktop.storage import audit, models
from osgo_desktop.storage import db as storage_db
from osgo_desktop.storage.documents import StoredFile
from osgo_desktop.storage.quick import sqlite_url
from osgo_desktop.storage.uow import Database, UnitOfWork
from tests.conftest import TODAY, pinned_clock
from tests.integration.test_applications import council, deadline, person, received, register

__all__ = ["council"]  # the fixture, used by name


def _file(db: Database, tmp_path: Path, name: str, body: str | None = None) -> StoredFile:
    source = tmp_path / name
    source.write_bytes(b"%PDF-1.4\n% " + (body or name).encode() + b"\ntrailer<<>>\n%%EOF\n")
    return db.document_store().put(source, name)


def _missing(db: Database, application_id: int) -> list[str]:
    with db.uow() as uow:
        return [m.en for m in applications.get_application(uow, application_id).row.missing]


def test_a_cv_filed_as_an_application_letter_is_retyped_and_the_checklist_follows(
    db: Database, council: int, tmp_path: Path
) -> None:
    app = register(db, council, person(), received(TODAY)).application_id
    with db.uow() as uow:
        applications.add_document(uow, app, "application", _file(db, tmp_path, "арыз.pdf"))
        cv = applications.add_document(uow, app, "application", _file(db, tmp_path, "cv.pdf"))
    assert "CV with photo" in _missing(db, app)

    with db.uow() as uow:
        documents.change_type(uow, cv, "cv_with_photo")
    assert "CV with photo" not in _missing(db, app)
    with db.uow() as uow:
        detail = applications.get_application(uow, app)
    retyped = next(d for d in detail.documents if d.id == cv)
    assert (retyped.doc_type, retyped.version) == ("cv_with_photo", 1)
    assert [e.kind for e in retyped.history] == [EventKind.ADDED, EventKind.RETYPED]
    event = retyped.history[-1]
    assert event.previous_type is not None and event.previous_type.en == "The candidate's application"
    assert "was filed as The candidate's application; its type was changed to CV with photo" in event.text()
    with db.uow() as uow:  # the audit log holds the change, from one type to the other
        entries = uow.session.scalars(
            select(models.AuditEntry.data)
            .where(models.AuditEntry.table_name == "document", models.AuditEntry.row_key == canonical_json({"id": cv}))
            .order_by(models.AuditEntry.seq)
        ).all()
    assert [json.loads(e)["doc_type"] for e in entries] == ["application", "cv_with_photo"]


def test_a_type_change_is_refused_to_the_same_type_or_one_the_kind_lacks(
    db: Database, council: int, tmp_path: Path
) -> None:
    app = register(db, council, person(), received(TODAY)).application_id
    with db.uow() as uow:
        cv = applications.add_document(uow, app, "cv_with_photo", _file(db, tmp_path, "cv.pdf"))
    for code in ("cv_with_photo", "diploma_of_wizardry"):
        with db.uow() as uow, pytest.raises(ValidationError) as refused:
            documents.change_type(uow, cv, code)
        assert set(refused.value.errors) == {"doc_type"}


def test_a_replaced_version_is_kept_and_the_receipt_and_history_say_so(
    db: Database, council: int, tmp_path: Path
) -> None:
    app = register(db, council, person(), received(TODAY)).application_id
    first = _file(db, tmp_path, "cv.pdf")
    with db.uow() as uow:
        old = applications.add_document(uow, app, "cv_with_photo", first)
    with db.uow() as uow, pytest.raises(ValidationError):  # the same file is no new version
        documents.replace(uow, old, first)
    with db.uow() as uow:
        new = documents.replace(uow, old, _file(db, tmp_path, "cv-2.pdf"))
    with db.uow() as uow:
        detail = applications.get_application(uow, app)
        receipt = printing.receipt(uow, app, "en")
        pdf = papers.receipt(uow, app, "en")
    printed = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Documents put right" in printed and "was replaced by version 2 (“cv-2.pdf”)" in printed
    assert [(d.id, d.display_name, d.version, d.doc_type) for d in detail.documents] == [
        (new, "cv-2.pdf", 2, "cv_with_photo")
    ]
    assert [(d.id, d.superseded) for d in detail.set_aside] == [(old, True)]
    assert db.document_store().verify(first.sha256)  # the old file is still in the store
    replaced = detail.set_aside[0].history[-1]
    assert (replaced.kind, replaced.by_name, replaced.by_version) == (EventKind.REPLACED, "cv-2.pdf", 2)
    assert [d.display_name for d in receipt.documents] == ["cv-2.pdf"]
    assert len(receipt.changes) == 1
    assert "CV with photo, version 1 (“cv.pdf”) was replaced by version 2 (“cv-2.pdf”)" in receipt.changes[0]
    with db.uow() as uow, pytest.raises(ValidationError):  # the old version is no longer the one to put right
        documents.replace(uow, old, _file(db, tmp_path, "cv-3.pdf"))


def test_a_document_withdrawn_with_a_reason_stays_and_no_longer_counts(
    db: Database, council: int, tmp_path: Path
) -> None:
    app = register(db, council, person(), received(TODAY)).application_id
    with db.uow() as uow:
        cv = applications.add_document(uow, app, "cv_with_photo", _file(db, tmp_path, "cv.pdf"))
    assert "CV with photo" not in _missing(db, app)
    with db.uow() as uow, pytest.raises(ValidationError) as refused:
        documents.withdraw(uow, cv, "   ")
    assert set(refused.value.errors) == {"reason"}

    with db.uow() as uow:
        documents.withdraw(uow, cv, "Another applicant's CV, filed here by mistake")
    assert "CV with photo" in _missing(db, app)
    with db.uow() as uow:
        detail = applications.get_application(uow, app)
        row = uow.session.get(models.Document, cv)
        assert row is not None and row.withdrawn_at is not None  # never deleted
        receipt = printing.receipt(uow, app, "en")
    assert detail.documents == () and detail.row.documents == 0
    (withdrawn,) = detail.set_aside
    assert withdrawn.withdraw_reason == "Another applicant's CV, filed here by mistake" and not withdrawn.current
    assert withdrawn.history[-1].kind is EventKind.WITHDRAWN
    assert receipt.documents == () and "was withdrawn: Another applicant's CV" in receipt.changes[0]
    attempts: list[Callable[[UnitOfWork], object]] = [
        lambda uow: documents.withdraw(uow, cv, "again"),
        lambda uow: documents.change_type(uow, cv, "application"),
    ]
    for attempt in attempts:
        with db.uow() as uow, pytest.raises(ValidationError):
            attempt(uow)
    with db.uow() as uow:  # the screening counts what the checklist counts
        grid = applications.screening_grid(uow, council)
    (screened,) = [r for r in grid.rows if r.application.id == app]
    assert "CV with photo" in [m.en for m in screened.application.missing]


def test_after_screening_starts_documents_are_fixed_with_a_reason_given(
    db: Database, council: int, tmp_path: Path, clock: FixedClock
) -> None:
    last_day = deadline(db, council)
    app = register(db, council, person(), received(last_day)).application_id
    with db.uow() as uow:
        cv = applications.add_document(uow, app, "cv_with_photo", _file(db, tmp_path, "cv.pdf"))
    with db.uow() as uow:
        clock.set_day(last_day + dt.timedelta(days=1))
        competitions.close_intake(uow, council)
    with db.uow() as uow:
        applications.start_screening(uow, council)
    attempts: list[Callable[[UnitOfWork], object]] = [
        lambda uow: documents.withdraw(uow, cv, "filed by mistake"),
        lambda uow: documents.change_type(uow, cv, "application"),
        lambda uow: documents.replace(uow, cv, _file(db, tmp_path, "cv-2.pdf")),
    ]
    for attempt in attempts:
        with db.uow() as uow, pytest.raises(ValidationError) as refused:
            attempt(uow)
        assert "Screening has started" in refused.value.errors["state"]
    with db.uow() as uow:
        assert uow.session.get(models.Document, cv).withdrawn_at is None  # type: ignore[union-attr]


def test_the_same_content_in_the_competition_is_found_with_where_it_is(
    db: Database, council: int, tmp_path: Path
) -> None:
    first = register(db, council, person(), received(TODAY)).application_id
    second = register(db, council, person("Бакиров", Sex.MALE, serial="00002"), received(TODAY)).application_id
    cv = _file(db, tmp_path, "cv.pdf")
    other = _file(db, tmp_path, "other.pdf")
    with db.uow() as uow:
        filed = applications.add_document(uow, first, "cv_with_photo", cv)
    with db.uow() as uow:
        found = documents.same_content(uow, second, [cv.sha256, other.sha256])
    assert [(f.sha256, f.application_id, f.type_label.en, f.display_name) for f in found] == [
        (cv.sha256, first, "CV with photo", "cv.pdf")
    ]
    assert found[0].text() == "2026/01-001 Асанова Гүлнара Токтогуловна — CV with photo (“cv.pdf”)"
    with db.uow() as uow:  # a document withdrawn is no longer on file
        documents.withdraw(uow, filed, "filed under the wrong applicant")
    with db.uow() as uow:
        assert documents.same_content(uow, second, [cv.sha256]) == []


def _whole_but_row_versions(report: audit.ChainReport) -> None:
    """The chain is whole and the data agrees with it, but for the rows' versions: downgrading past migration 0013
    drops them, and upgrading again starts every row at 1, which the last entries of rows edited before contradict.
    (A downgrade is a test's tool, never the app's.)"""
    assert report.broken is None, report.broken
    assert all(finding.fields == ("row_version",) for finding in report.findings), report.findings


def test_migration_0012_upgrades_a_0011_database_and_its_documents(db: Database, council: int, tmp_path: Path) -> None:
    app = register(db, council, person(), received(TODAY)).application_id
    with db.uow() as uow:
        cv = applications.add_document(uow, app, "cv_with_photo", _file(db, tmp_path, "cv.pdf"))
    with db.uow() as uow:  # the demo's accounts (migration 0013) would not survive the downgrade: gone, logged
        for account in uow.session.scalars(select(models.Account)):
            uow.session.delete(account)
        uow.commit()
    storage_db.downgrade(db.engine, "0011")
    db.close()
    reopened = Database.open(sqlite_url(tmp_path / "test.sqlite"), pinned_clock())
    try:
        assert reopened.opened.upgraded_from == "0011"
        _whole_but_row_versions(reopened.check_audit())
        with reopened.uow() as uow:
            row = uow.session.get(models.Document, cv)
            assert row is not None and (row.withdrawn_at, row.withdraw_reason, row.current) == (None, "", True)
            documents.withdraw(uow, cv, "filed by mistake")
        _whole_but_row_versions(reopened.check_audit())
    finally:
        reopened.close()
