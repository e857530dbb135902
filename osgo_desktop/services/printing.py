"""The data each intake and screening document prints, gathered from the database in the document's language."""

from __future__ import annotations

import datetime as dt

from osgo_desktop import i18n
from osgo_desktop.domain.calendar import today_in_bishkek
from osgo_desktop.domain.competition import KIND_LABELS
from osgo_desktop.domain.eligibility import ScreeningStatus, criterion_label
from osgo_desktop.domain.intake import to_bishkek
from osgo_desktop.domain.person import CHANNEL_LABELS, Channel
from osgo_desktop.domain.profile import Kind, LocalText, RegulationProfile
from osgo_desktop.domain.registry import ROLE_LABELS, Role
from osgo_desktop.reports.ballots import BallotPaperData
from osgo_desktop.reports.intake import ReceiptData, ReceiptDocument, RegisterData, RegisterRow
from osgo_desktop.reports.screening import ConflictRow, CriterionColumn, ScreeningData, ScreeningRow
from osgo_desktop.services import applications, competitions, registries, voting
from osgo_desktop.storage.uow import UnitOfWork


def _channel_text(channel: str) -> LocalText:
    key = CHANNEL_LABELS[Channel(channel)]
    return LocalText(*(i18n.Translator(lang).gettext(key) for lang in ("ky", "ru", "en")))


def receipt(uow: UnitOfWork, application_id: int, lang: str) -> ReceiptData:
    """The receipt's data; what the services word (e.g. "Self-nomination") is in ``lang``, on this thread only."""
    with i18n.language(lang):
        return _receipt(uow, application_id)


def _receipt(uow: UnitOfWork, application_id: int) -> ReceiptData:
    detail = applications.get_application(uow, application_id)
    row = uow.applications.require(application_id)
    competition = competitions.get_competition(uow, row.competition_id)
    return ReceiptData(
        commission_name=competition.profile.commission_name,
        competition_number=competition.number,
        body=competition.body,
        registration_number=detail.row.display_number,
        received_at=to_bishkek(detail.row.received_at),
        channel_label=_channel_text(row.channel),
        applicant_name=detail.row.full_name,
        nominated_by=detail.row.nominated_by,
        documents=tuple(
            ReceiptDocument(d.type_label, d.display_name, d.sha256, d.size, d.version) for d in detail.documents
        ),
        missing=detail.row.missing,
        late=detail.row.late,
        intake_deadline=competition.intake_deadline,
        received_by=row.received_by,
    )


def _officers(uow: UnitOfWork, lang: str) -> tuple[tuple[str, str], ...]:
    """The chair and the secretary, who sign the intake documents."""
    t = i18n.Translator(lang)
    out = []
    for member in registries.list_commission(uow):
        if member.active and member.role in (Role.CHAIR, Role.SECRETARY):
            out.append((member.full_name, t.gettext(ROLE_LABELS[member.role])))
    return tuple(out)


def register(uow: UnitOfWork, competition_id: int, lang: str) -> RegisterData:
    with i18n.language(lang):
        return _register(uow, competition_id, lang)


def _register(uow: UnitOfWork, competition_id: int, lang: str) -> RegisterData:
    competition = competitions.get_competition(uow, competition_id)
    rows = []
    for app in applications.list_applications(uow, competition_id):
        status = "withdrawn" if app.withdrawn else "late" if app.late else "registered"
        rows.append(
            RegisterRow(
                number=app.display_number,
                received_at=to_bishkek(app.received_at),
                applicant_name=app.full_name,
                nominated_by=app.nominated_by,
                channel_label=_channel_text(app.channel),
                documents=app.documents,
                status=status,  # type: ignore[arg-type]
                note="",
            )
        )
    return RegisterData(
        commission_name=competition.profile.commission_name,
        competition_number=competition.number,
        body=competition.body,
        intake_deadline=competition.intake_deadline,
        rows=tuple(rows),
        signatories=_officers(uow, lang),
    )


def screening_protocol(
    uow: UnitOfWork,
    competition_id: int,
    lang: str,
    place: str = "",
    session_date: dt.date | None = None,
    fingerprint: str | None = None,
) -> ScreeningData:
    """The screening protocol's data; reasons are written in ``lang`` (on this thread only)."""
    with i18n.language(lang):
        competition = uow.competitions.require(competition_id)
        profile = RegulationProfile.from_json(competition.profile_data)
        grid = applications.screening_grid(uow, competition_id)
        rows = tuple(
            ScreeningRow(
                number=r.application.display_number,
                applicant_name=r.application.full_name,
                nominated_by=r.application.nominated_by,
                admitted=r.decision.status is ScreeningStatus.ADMITTED,
                withdrawn=r.application.withdrawn,
                reasons=r.decision.reasons,
                results={
                    code: (check.passed if check.passed is not None else r.verdicts[code].passed)
                    if check.passed is not None or code in r.verdicts
                    else None
                    for code, check in r.checks.items()
                },
            )
            for r in grid.rows
        )
        conflicts = tuple(
            ConflictRow(member_name=c.member_name, applicant_name=c.applicant_name, reason=c.reason)
            for c in applications.list_conflicts(uow, competition_id)
        )
        members = tuple((m.full_name, i18n._(ROLE_LABELS[m.role])) for m in registries.list_commission(uow) if m.active)
        return ScreeningData(
            commission_name=profile.commission_name,
            competition_number=competition.number,
            body=None
            if competition.body is None
            else LocalText(competition.body.name_ky, competition.body.name_ru, competition.body.name_en),
            kind_label=i18n._(KIND_LABELS[Kind(competition.kind)]),
            protocol_number=f"{competition.number}-S",
            session_date=session_date or today_in_bishkek(),
            place=place,
            criteria=tuple(CriterionColumn(c.code, criterion_label(c, lang)) for c in grid.criteria),
            rows=rows,
            conflicts=conflicts,
            signatories=members,
            fingerprint=fingerprint,
        )


def ballot_papers(uow: UnitOfWork, round_id: int, lang: str) -> BallotPaperData:
    """The ballot papers of a round: its candidates as numbered on the paper, one paper per printed serial."""
    with i18n.language(lang):
        view = voting.get_round(uow, round_id)
        competition = uow.competitions.require(view.competition_id)
        profile = RegulationProfile.from_json(competition.profile_data)
        title = view.body.get(lang) if view.body is not None else i18n._(KIND_LABELS[view.kind])
        return BallotPaperData(
            issuer=profile.commission_name.get(lang),
            competition_number=view.competition_number,
            competition_title=title,
            round_number=view.number,
            runoff=view.runoff,
            seats=view.max_marks,
            candidates=tuple((c.number, c.name) for c in view.candidates),
            serials=tuple(voting.paper_serial(n) for n in range(1, view.papers_printed + 1)),
            session_date=view.session.held_on,
        )
