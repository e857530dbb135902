"""The decision on filling a vacancy after it is issued: amended (a new version in every language, the amendment
printed, the export still verifies), its signed copy attached (kept with it; it closes nothing)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from osgo_desktop.clock import FixedClock
from osgo_desktop.domain.lifecycle import State
from osgo_desktop.domain.record import ProtocolKind
from osgo_desktop.errors import KnownError
from osgo_desktop.services import compositions, protocols, vacancies
from osgo_desktop.services.export import export_record
from osgo_desktop.services.protocols import ProtocolView
from osgo_desktop.storage import models
from osgo_desktop.storage.uow import Database
from osgo_desktop.verifier.record import verify_record
from tests.conftest import opened_copy
from tests.integration.test_vacancies import LATER, leave, pdf_text
from tests.record_support import election

__all__ = ["election"]  # the fixture, imported for pytest


@pytest.fixture
def db(tmp_path: Path, election: tuple[Path, bytes]) -> Iterator[Database]:
    yield from opened_copy(election[0], tmp_path / "fill.sqlite", FixedClock.on(LATER))


@pytest.fixture
def filled(db: Database) -> vacancies.Filled:
    """Мураталиев left on 20 February 2027; Өмөрова took his seat by decision 2026/04-R1 of 24 February."""
    vacated = leave(db, "Мураталиев")
    return db.run(vacancies.fill_from_reserve, db.document_store(), vacated, dt.date(2027, 2, 24)).value


def fill_protocols(db: Database, competition_id: int) -> list[ProtocolView]:
    return [p for p in db.run(protocols.list_protocols, competition_id).value if p.kind is ProtocolKind.VACANCY_FILL]


def test_an_amendment_of_the_fill_decision_prints_a_new_version_in_every_language(
    db: Database, filled: vacancies.Filled
) -> None:
    first = fill_protocols(db, filled.competition_id)
    ru = next(p for p in first if p.lang == "ru")
    amended = db.run(
        protocols.amend,
        db.document_store(),
        ru.id,
        "Опечатка в дате заявления",
        "Заявление Мураталиева Б. Ж. датировано 19 февраля 2027 г.",
        "Кадырова М. А.",
    ).value
    assert (amended.number, amended.version, amended.lang) == ("2026/04-R1", 2, "ru")
    assert amended.fingerprint != ru.fingerprint  # the amendment is part of what the fingerprint covers
    after = fill_protocols(db, filled.competition_id)
    current = {p.lang: p for p in after if not p.superseded}
    assert sorted((p.lang, p.version) for p in current.values()) == [("ky", 2), ("ru", 2)]
    assert all(p.superseded for p in after if p.version == 1)
    ru_text = pdf_text(db, current["ru"].file_sha256)
    ky_text = pdf_text(db, current["ky"].file_sha256)
    for text in (ru_text, ky_text):
        assert "2026/04-R1" in text and "Өмөрова Нургүл Бакытбековна" in text and "Мураталиев Бакыт" in text
        assert "датировано 19 февраля 2027 г." in text  # the correction, as written, in both languages
        assert current["ru"].fingerprint[:4] in text.replace(" ", "")
    assert "версия 2" in ru_text.lower()
    # the composition is untouched: Өмөрова holds the seat from the decision's day
    with db.uow() as uow:
        seated = uow.session.get(models.Mandate, filled.mandate_id)
        assert seated is not None and seated.starts_on == dt.date(2027, 2, 24) and seated.left_on is None
    # the export carries the amended versions, and an observer's check agrees
    with db.uow() as uow:
        data = export_record(uow, db.document_store(), filled.competition_id)
    report = verify_record(data)
    assert report.ok, [str(f) for f in report.failures]


def test_an_amendment_of_a_fill_cannot_change_who_holds_a_seat(db: Database, filled: vacancies.Filled) -> None:
    ky = next(p for p in fill_protocols(db, filled.competition_id) if p.lang == "ky")
    correction = compositions.SeatCorrection(unseat=("2026/04-001",))
    with pytest.raises(KnownError, match="Only an amendment of the decision on the composition"):
        db.run(protocols.amend, db.document_store(), ky.id, "reason", "correction", "", correction)
    assert all(p.version == 1 for p in fill_protocols(db, filled.competition_id))  # nothing was saved


def test_the_signed_fill_decision_is_kept_with_it_and_closes_nothing(db: Database, filled: vacancies.Filled) -> None:
    store = db.document_store()
    ru = next(p for p in fill_protocols(db, filled.competition_id) if p.lang == "ru")
    scan = store.path(ru.file_sha256)  # the "scan" of the signed paper
    closed = db.run(protocols.attach_signed_copy, store, ru.id, scan, "Кадырова М. А.").value
    assert closed is False  # the competition was closed already; a fill decision never closes one
    signed = next(p for p in fill_protocols(db, filled.competition_id) if p.id == ru.id)
    assert signed.signed_sha256 is not None
    with db.uow() as uow:
        assert uow.competitions.require(filled.competition_id).state is State.CLOSED
        (row,) = uow.session.scalars(select(models.SignedScan).where(models.SignedScan.protocol_id == ru.id))
        assert row.attached_by == "Кадырова М. А."
    with pytest.raises(KnownError, match="already attached"):
        db.run(protocols.attach_signed_copy, store, ru.id, scan)
    # amended, the signed version is replaced: the new one is what is signed next
    db.run(protocols.amend, store, ru.id, "reason", "correction")
    with pytest.raises(KnownError, match="replaced by a newer one"):
        db.run(protocols.attach_signed_copy, store, ru.id, scan)
    # the export carries the scan and verifies
    with db.uow() as uow:
        data = export_record(uow, store, filled.competition_id)
    assert verify_record(data).ok
