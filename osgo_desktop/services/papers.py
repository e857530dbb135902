"""Every paper the app prints, composed in one place: a competition, application or round in, PDF bytes out.

Each function is a use case that reads (``uow``) and renders: the data comes from ``services.printing`` (and the
views), the layout from ``reports/``, the date printed from the unit of work's clock. Pages, the CLI and the
protocols' issuing all come here; none of them puts a paper together itself. reportlab is imported only when a
paper is made, never at start-up.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from sqlalchemy import select

from osgo_desktop import i18n
from osgo_desktop.clock import in_bishkek
from osgo_desktop.domain.record import ProtocolKind
from osgo_desktop.domain.roles import Action
from osgo_desktop.services import competitions, printing
from osgo_desktop.storage import models
from osgo_desktop.storage.uow import UnitOfWork

if TYPE_CHECKING:
    from osgo_desktop.reports.layout import Edition


def announcement(uow: UnitOfWork, competition_id: int, lang: str) -> bytes:
    """The competition's announcement for the media."""
    uow.require(Action.PRINT)
    from osgo_desktop.reports.announcement import announcement_pdf
    from osgo_desktop.services import compositions

    return announcement_pdf(
        competitions.get_competition(uow, competition_id),
        lang,
        uow.clock.today(),
        term_ends=compositions.replacement_term_end(uow, competition_id),
    )


def receipt(uow: UnitOfWork, application_id: int, lang: str) -> bytes:
    """The receipt handed to an applicant for the documents received."""
    uow.require(Action.PRINT)
    from osgo_desktop.reports.intake import receipt_pdf

    return receipt_pdf(printing.receipt(uow, application_id, lang), lang, uow.clock.today())


def register(uow: UnitOfWork, competition_id: int, lang: str) -> bytes:
    """The register of the applications received."""
    uow.require(Action.PRINT)
    from osgo_desktop.reports.intake import register_pdf

    return register_pdf(printing.register(uow, competition_id, lang), lang, uow.clock.today())


def screening_draft(uow: UnitOfWork, competition_id: int, lang: str) -> bytes:
    """The screening protocol as it stands, to read before it is issued: "DRAFT" across every page and no number
    (the issued one comes from ``protocols.issue``, with its number and fingerprint)."""
    uow.require(Action.PRINT)
    from osgo_desktop.reports.screening import screening_protocol_pdf

    data = printing.screening_protocol(uow, competition_id, lang)
    return screening_protocol_pdf(data, lang, uow.clock.today())


def ballot_papers(uow: UnitOfWork, round_id: int, lang: str) -> bytes:
    """A round's ballot papers, one per voter, numbered."""
    uow.require(Action.PRINT)
    from osgo_desktop.reports.ballots import ballot_papers_pdf

    return ballot_papers_pdf(printing.ballot_papers(uow, round_id, lang), lang, uow.clock.today())


def protocol(
    uow: UnitOfWork,
    competition_id: int,
    kind: ProtocolKind,
    lang: str,
    round_number: int,
    fingerprint: str,
    version: int = 1,
) -> tuple[str, bytes]:
    """The protocol's number and PDF, printed with ``fingerprint`` as its ``version``."""
    from osgo_desktop.reports.screening import screening_protocol_pdf
    from osgo_desktop.services import voting

    today = uow.clock.today()
    edition = _edition(uow, competition_id, kind, round_number, lang, version)
    if kind is ProtocolKind.SCREENING:
        data = printing.screening_protocol(uow, competition_id, lang, fingerprint=fingerprint)
        data = dataclasses.replace(data, edition=edition)
        return data.protocol_number, screening_protocol_pdf(data, lang, today)
    from osgo_desktop.reports import vote as vote_reports

    if kind is ProtocolKind.VACANCY_FILL:
        return _vacancy_fill(uow, competition_id, lang, round_number, fingerprint, edition)
    if kind is ProtocolKind.DECISION:
        decision = printing.composition_decision(uow, competition_id, lang, fingerprint=fingerprint)
        decision = dataclasses.replace(decision, edition=edition)
        return decision.protocol_number, vote_reports.composition_decision_pdf(decision, lang, today)
    round_id = voting.round_by_number(uow, competition_id, round_number)
    if kind is ProtocolKind.VOTE:
        protocol = printing.vote_protocol(uow, round_id, lang, fingerprint=fingerprint)
        protocol = dataclasses.replace(protocol, edition=edition)
        return protocol.protocol_number, vote_reports.vote_protocol_pdf(protocol, lang, today)
    sheet = printing.tally_sheet(uow, round_id, lang, fingerprint=fingerprint)
    sheet = dataclasses.replace(sheet, edition=edition)
    return sheet.protocol_number, vote_reports.tally_sheet_pdf(sheet, lang, today)


def _vacancy_fill(
    uow: UnitOfWork, competition_id: int, lang: str, sequence: int, fingerprint: str, edition: Edition
) -> tuple[str, bytes]:
    """The decision on filling a vacancy, printed again (an amended version) from its entry in the competition's
    record: as it was decided, dated today."""
    from osgo_desktop.domain.record import vacancy_fill
    from osgo_desktop.reports.vacancy import vacancy_fill_pdf
    from osgo_desktop.services import record, vacancies

    competition = uow.competitions.require(competition_id)
    entry = dict(vacancy_fill(record.election_record(uow, competition_id), sequence))
    data = dataclasses.replace(vacancies.fill_data(uow, competition, entry, lang, fingerprint), edition=edition)
    return data.number, vacancy_fill_pdf(data, lang, uow.clock.today())


def _edition(
    uow: UnitOfWork, competition_id: int, kind: ProtocolKind, round_number: int, lang: str, version: int
) -> Edition:
    from osgo_desktop.reports.layout import AmendmentNote, Edition  # reportlab loads when a protocol is made

    rows = uow.session.execute(
        select(models.Amendment)
        .join(models.Protocol, models.Amendment.protocol_id == models.Protocol.id)
        .where(
            models.Amendment.competition_id == competition_id,
            models.Protocol.kind == kind,
            models.Protocol.round_number == round_number,
        )
        .order_by(models.Amendment.id)
    ).scalars()
    notes = tuple(
        AmendmentNote(
            at=i18n.Translator(lang).format_date(in_bishkek(a.made_at).date(), "numeric"),
            reason=a.reason,
            correction=a.correction,
            made_by=a.made_by,
        )
        for a in rows
    )
    return Edition(version=version, amendments=notes)
