"""The data each document prints — intake, screening, the vote — gathered from the database in the document's
language."""

from __future__ import annotations

import dataclasses
from typing import Protocol

from sqlalchemy import select

from osgo_desktop import i18n
from osgo_desktop.clock import in_bishkek
from osgo_desktop.domain import inflection, tally
from osgo_desktop.domain.collation import kyrgyz_sort_key
from osgo_desktop.domain.competition import KIND_LABELS
from osgo_desktop.domain.eligibility import ScreeningStatus, criterion_label
from osgo_desktop.domain.intake import to_bishkek
from osgo_desktop.domain.person import CHANNEL_LABELS, Channel
from osgo_desktop.domain.profile import Kind, LocalText, RegulationProfile
from osgo_desktop.domain.record import ProtocolKind
from osgo_desktop.domain.registry import ROLE_LABELS, Role
from osgo_desktop.domain.session import RollLine
from osgo_desktop.domain.texts import Bilingual
from osgo_desktop.domain.voting import (
    INVALID_REASON_LABELS,
    MODE_LABELS,
    SIDE_LABELS,
    Mode,
    Side,
    Standing,
    TieCause,
    skip_reason_text,
    standings,
    tie_cause,
    tie_row_reason,
    tie_text,
)
from osgo_desktop.errors import KnownError
from osgo_desktop.reports.ballots import BallotPaperData
from osgo_desktop.reports.intake import ReceiptData, ReceiptDocument, RegisterData, RegisterRow
from osgo_desktop.reports.layout import DocumentKind, protocol_number
from osgo_desktop.reports.screening import ConflictRow, CriterionColumn, ScreeningData, ScreeningRow, SessionFacts
from osgo_desktop.reports.vote import (
    CompositionDecisionData,
    DecisionVote,
    InvalidPaper,
    MemberLine,
    RankingRow,
    RollEntry,
    SettlementRow,
    Signatory,
    StoodAside,
    TallyPaper,
    TallySheetData,
    TieFacts,
    VoteProtocolData,
)
from osgo_desktop.services import applications, competitions, documents, protocol_facts, registries, screening, voting
from osgo_desktop.services.voting import RoundView, SessionView
from osgo_desktop.storage import models
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
        changes=tuple(event.text() for event in documents.changes_told((*detail.documents, *detail.set_aside))),
    )


def _officers(uow: UnitOfWork, lang: str) -> tuple[tuple[str, str], ...]:
    """The chair and the secretary, who sign the intake documents."""
    t = i18n.Translator(lang)
    return tuple(
        (member.full_name, t.gettext(ROLE_LABELS[member.role]))
        for role in (Role.CHAIR, Role.SECRETARY)  # the chair signs first, as on every protocol
        for member in registries.list_commission(uow)
        if member.active and member.role is role
    )


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
    fingerprint: str | None = None,
) -> ScreeningData:
    """The screening protocol's data; reasons are written in ``lang`` (on this thread only). Without a
    ``fingerprint`` it is a draft, read before the protocol is issued: it carries no number."""
    with i18n.language(lang):
        competition = uow.competitions.require(competition_id)
        profile = RegulationProfile.from_obj(competition.profile_data)
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
            ConflictRow(
                member_name=c.member_name, applicant_name=c.applicant_name, reason=c.reason, number=c.display_number
            )
            for c in applications.list_conflicts(uow, competition_id)
        )
        recorded = screening.get_screening_session(uow, competition_id)
        if recorded is not None:
            session: SessionFacts | None = SessionFacts(
                held_on=recorded.held_on,
                place=recorded.place_in(lang),
                start_time=recorded.start_time,
                end_time=recorded.end_time,
                members_total=recorded.members_total,
                quorum=recorded.quorum,
                chair=recorded.chair,
                secretary=recorded.secretary,
                present=recorded.present,
                absent=recorded.absent,
            )
            signatories = _members_present(recorded)
        else:
            # a draft read before the session is recorded: every active member, the chair and the secretary first
            session = None
            active = [m for m in registries.list_commission(uow) if m.active]
            active.sort(key=lambda m: kyrgyz_sort_key(m.full_name))
            order = {Role.CHAIR: 0, Role.SECRETARY: 1}
            active.sort(key=lambda m: order.get(m.role, 2))
            signatories = tuple((m.full_name, i18n._(ROLE_LABELS[m.role])) for m in active)
        facts = uow.session.scalars(
            select(models.ProtocolFacts).where(
                models.ProtocolFacts.competition_id == competition_id,
                models.ProtocolFacts.kind == ProtocolKind.SCREENING,
                models.ProtocolFacts.round_number == 0,
            )
        ).one_or_none()
        return ScreeningData(
            commission_name=profile.commission_name,
            competition_number=competition.number,
            body=None
            if competition.body is None
            else LocalText(competition.body.name_ky, competition.body.name_ru, competition.body.name_en),
            kind_label=i18n._(KIND_LABELS[competition.kind]),
            protocol_number=protocol_number(competition.number, DocumentKind.SCREENING),
            session=session,
            criteria=tuple(CriterionColumn(c.code, criterion_label(c, lang)) for c in grid.criteria),
            rows=rows,
            conflicts=conflicts,
            signatories=signatories,
            legal_basis=profile.legal_basis.get(lang),
            objections=facts.objections if facts is not None else "",
            dissent=facts.dissent if facts is not None else "",
            draft=fingerprint is None,
            fingerprint=fingerprint,
        )


def ballot_papers(uow: UnitOfWork, round_id: int, lang: str) -> BallotPaperData:
    """The ballot papers of a round: its candidates as numbered on the paper, one paper per printed serial."""
    with i18n.language(lang):
        view = voting.get_round(uow, round_id)
        competition = uow.competitions.require(view.competition_id)
        profile = RegulationProfile.from_obj(competition.profile_data)
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
            runoff_of=view.runoff_of if view.runoff else None,
        )


# --- the documents of the rating vote --------------------------------------------------------------------------


def _profile(uow: UnitOfWork, competition_id: int) -> RegulationProfile:
    return RegulationProfile.from_obj(uow.competitions.require(competition_id).profile_data)


def _issuer(uow: UnitOfWork, competition_id: int, lang: str) -> str:
    return _profile(uow, competition_id).commission_name.get(lang)


class _Attendance(Protocol):
    """Who was present at a session and who chaired it (a vote's or the screening's session)."""

    @property
    def present(self) -> tuple[str, ...]: ...
    @property
    def present_roles(self) -> tuple[str, ...]: ...
    @property
    def chair(self) -> str: ...
    @property
    def secretary(self) -> str: ...


def _members_present(session: _Attendance) -> tuple[Signatory, ...]:
    """The Commission members present, as they sign: the session's chair, its secretary, then the others with
    their roles on the Commission — as the session recorded them."""
    roles = {name: Role(role) for name, role in zip(session.present, session.present_roles, strict=True)}

    def role(name: str) -> Role:
        if name == session.chair:
            return Role.CHAIR
        if name == session.secretary:
            return Role.SECRETARY
        held = roles.get(name, Role.MEMBER)
        # the Commission's chair or secretary present, while another held that office at this session
        return Role.MEMBER if held in (Role.CHAIR, Role.SECRETARY) else held

    first = [name for name in (session.chair, session.secretary) if name and name in session.present]
    rest = [name for name in session.present if name not in first]
    return tuple((name, i18n._(ROLE_LABELS[role(name)])) for name in first + rest)


def _counting_present(profile: RegulationProfile, session: SessionView, lang: str) -> tuple[Signatory, ...]:
    """(name, the body they represent) of the counting-commission members present."""
    bodies = profile.counting_bodies
    return tuple(
        (name, bodies[index].get(lang) if 0 <= index < len(bodies) else "")
        for name, index in zip(session.counting_present, session.counting_bodies, strict=True)
    )


def _closed(view: RoundView) -> tally.TallyResult:
    if view.result is None:
        raise KnownError(
            i18n._("Round {number} is not closed yet: its documents are printed once it is counted.").format(
                number=view.number
            )
        )
    return view.result


def _ranking_reason(
    candidate: str, standing: Standing, skipped: dict[str, tally.Skip], cause: TieCause | None, names: dict[str, str]
) -> str:
    """Beside a candidate's result: why they were passed over, or why their tied seat is undecided."""
    if candidate in skipped:
        return skip_reason_text(skipped[candidate].reason, skipped[candidate].detail)
    if standing == "tie" and cause is not None:
        return tie_row_reason(cause, candidate, names)
    return ""


def vote_protocol(uow: UnitOfWork, round_id: int, lang: str, fingerprint: str | None = None) -> VoteProtocolData:
    """The protocol of a closed round of the rating vote; reasons and labels in ``lang`` (on this thread only)."""
    with i18n.language(lang):
        view = voting.get_round(uow, round_id)
        result = _closed(view)
        number = {c.tally_id: c.number for c in view.candidates}
        tie: TieFacts | None = None
        cause = view.tie_cause
        names = {c.tally_id: c.name for c in view.candidates}
        organizations = {
            c.organization: c.organization_name.get(lang)
            for c in view.candidates
            if c.organization is not None and c.organization_name is not None
        }
        if cause is not None:
            tie = TieFacts(
                tuple(number[c] for c in cause.candidates),
                cause.seats,
                view.runoff_round,
                explanation=tie_text(cause, names, organizations),
            )
        elif result.lots_used:
            # the tie the lots settled: the same input without the drawn order
            drawn = tally.parse_tally_input(voting.tally_input(uow, round_id))
            unsettled = tie_cause(drawn, tally.tally(dataclasses.replace(drawn, lot_order=())))
            assert unsettled is not None
            tie = TieFacts(
                tuple(number[c] for c in unsettled.candidates),
                unsettled.seats,
                explanation=tie_text(unsettled, names, organizations),
                lot_order=tuple(number[c] for c in view.lot_order if c in number),
                lots_by=view.lots_by,
                lots_note=view.lots_note,
                lots_drawn_by=view.lots_drawn_by,
                lots_witnesses=view.lots_witnesses,
            )
        standing = standings(result, view.seats)
        skipped = {s.id: s for s in result.skipped}
        ranking = tuple(
            RankingRow(
                rank=row.rank,
                number=number[row.id],
                name=view.candidate(row.id).name,
                votes=row.votes,
                standing=standing.get(row.id, ""),
                reason=_ranking_reason(row.id, standing.get(row.id, ""), skipped, cause, names),
                sex=view.candidate(row.id).sex,
                place=row.place,
            )
            for row in result.tally
        )
        facts = _protocol_facts(uow, view.competition_id, ProtocolKind.VOTE, view.number)
        data = voting.tally_input(uow, round_id)
        names = {c["id"]: c["name"] for c in data["candidates"]}
        session = view.session
        return VoteProtocolData(
            issuer=_issuer(uow, view.competition_id, lang),
            legal_basis=_profile(uow, view.competition_id).legal_basis.get(lang),
            competition_number=view.competition_number,
            kind_label=i18n._(KIND_LABELS[view.kind]),
            body=view.body.get(lang) if view.body is not None else None,
            round_number=view.number,
            runoff_of=view.runoff_of,
            seats=view.seats,
            max_marks=view.max_marks,
            min_votes=view.min_votes,
            session_date=session.held_on,
            place=Bilingual(session.place, session.place_ru).get(lang),
            start_time=session.start_time,
            mode_label=i18n._(MODE_LABELS[session.mode]),
            members_total=session.members_total,
            quorum=session.quorum,
            members_present=_members_present(session),
            chair=session.chair,
            secretary=session.secretary,
            counting_present=_counting_present(_profile(uow, view.competition_id), session, lang),
            papers_printed=view.papers_printed,
            papers_issued=view.papers_issued or 0,
            papers_returned=view.papers_returned or 0,
            papers_unused=view.papers_unused or 0,
            ballots_valid=result.ballots.valid,
            ballots_blank=result.ballots.blank,
            ballots_invalid=result.ballots.invalid,
            invalid=tuple(InvalidPaper(b.serial, i18n._(INVALID_REASON_LABELS[b.reason])) for b in result.invalid),
            settlements=tuple(
                SettlementRow(
                    serial=voting.paper_serial(s.serial),
                    marks=s.marks,
                    note=s.note,
                    secretariat=s.secretariat,
                    counting=s.counting,
                    settled_at=in_bishkek(s.settled_at),
                )
                for s in view.settlements
            ),
            ranking=ranking,
            already_elected=tuple(names[c] for c in data["already_elected"]),
            elected=tuple(number[c] for c in result.elected),
            reserve=tuple(number[c] for c in result.reserve if standing.get(c) == "reserve"),
            vacant_seats=result.vacant_seats,
            tie=tie,
            fingerprint=fingerprint,
            members_absent=_members_absent(uow, round_id),
            voters_on_roll=len(view.voters),
            voter_roll=_voter_roll(uow, session, lang) if view.kind is Kind.COMMISSION else (),
            roll_by_delegates=any(line.association_id is not None for line in session.roll),
            stood_aside=tuple(StoodAside(c.member, c.candidate, c.reason) for c in view.stood_aside),
            paper_vote=session.mode is Mode.PAPER,
            vote_began=facts.vote_began if facts else "",
            vote_ended=facts.vote_ended if facts else "",
            count_began=facts.count_began if facts else "",
            count_ended=facts.count_ended if facts else "",
            objections=facts.objections if facts else "",
            dissent=facts.dissent if facts else "",
        )


def _protocol_facts(
    uow: UnitOfWork, competition_id: int, kind: ProtocolKind, round_number: int = 0
) -> models.ProtocolFacts | None:
    """What the secretariat entered for a protocol (times, objections, dissent), if anything yet."""
    return uow.session.scalars(
        select(models.ProtocolFacts).where(
            models.ProtocolFacts.competition_id == competition_id,
            models.ProtocolFacts.kind == kind,
            models.ProtocolFacts.round_number == round_number,
        )
    ).one_or_none()


def _voter_roll(uow: UnitOfWork, session: SessionView, lang: str) -> tuple[RollEntry, ...]:
    """A Commission competition's roll as recorded, a delegate's association named in ``lang``."""

    def detail(line: RollLine) -> str:
        association = uow.session.get(models.Association, line.association_id) if line.association_id else None
        return Bilingual(association.name, association.name_ru).get(lang) if association is not None else line.detail

    return tuple(RollEntry(line.name, detail(line), line.present) for line in session.roll)


def _members_absent(uow: UnitOfWork, round_id: int) -> tuple[str, ...]:
    """The Commission's active members who were not at the round's session, by name (registry order): the members
    it had when the protocol is made, less those the session recorded present, in Kyrgyz alphabetical order."""
    present = {member.id for member in uow.rounds.require(round_id).session.present}
    absent = [m.full_name for m in registries.list_commission(uow) if m.active and m.id not in present]
    return tuple(sorted(absent, key=kyrgyz_sort_key))


def tally_sheet(uow: UnitOfWork, round_id: int, lang: str, fingerprint: str | None = None) -> TallySheetData:
    """The counting commission's tally sheet of a closed round: every paper that counts, as it counts."""
    with i18n.language(lang):
        view = voting.get_round(uow, round_id)
        result = _closed(view)
        # the count's times are entered with the round's protocol: the sheet is the same count
        facts = _protocol_facts(uow, view.competition_id, ProtocolKind.VOTE, view.number)
        number = {c.tally_id: c.number for c in view.candidates}
        invalid = {b.serial: b.reason for b in result.invalid}
        papers = []
        for serial, marks, settled in voting.agreed_papers(uow, round_id):
            printed = voting.paper_serial(serial)
            if printed in invalid:
                papers.append(
                    TallyPaper(printed, marks, "invalid", i18n._(INVALID_REASON_LABELS[invalid[printed]]), settled)
                )
            else:
                papers.append(TallyPaper(printed, marks, "valid" if marks else "blank", "", settled))
        return TallySheetData(
            issuer=_issuer(uow, view.competition_id, lang),
            competition_number=view.competition_number,
            kind_label=i18n._(KIND_LABELS[view.kind]),
            body=view.body.get(lang) if view.body is not None else None,
            round_number=view.number,
            runoff_of=view.runoff_of,
            session_date=view.session.held_on,
            max_marks=view.max_marks,
            candidates=tuple((c.number, c.name) for c in view.candidates),
            papers=tuple(papers),
            votes={number[row.id]: row.votes for row in result.tally},
            counting_present=_counting_present(_profile(uow, view.competition_id), view.session, lang),
            fingerprint=fingerprint,
            papers_found=view.papers_returned if view.mode is Mode.PAPER else None,
            entered_by=tuple(
                (
                    _mid_sentence(i18n._(SIDE_LABELS[side])),  # printed in brackets after a label
                    ", ".join(e.name for e in view.session.entrants if e.side is side),
                )
                for side in (Side.SECRETARIAT, Side.COUNTING)
            ),
            count_began=facts.count_began if facts else "",
            count_ended=facts.count_ended if facts else "",
        )


def composition_decision(
    uow: UnitOfWork, competition_id: int, lang: str, fingerprint: str | None = None
) -> CompositionDecisionData:
    """The decision on the composition over every closed round of the vote, with what the secretariat entered for
    it (the formation date, the Commission's vote, objections and dissenting opinions); refused while a tie is
    pending."""
    with i18n.language(lang):
        views = [voting.get_round(uow, rid) for rid in voting.round_ids(uow, competition_id)]
        closed = [(view, view.result) for view in views if view.result is not None]
        if not closed:
            raise KnownError(i18n._("No round of the vote is closed yet."))
        final = voting.outcome(uow, competition_id)
        if final.tie:
            raise KnownError(i18n._("A tie is not settled yet."))

        def line(candidate_id: str, rounds: list[tuple[RoundView, tally.TallyResult]]) -> MemberLine:
            # every round that counted the candidate: the first round's votes, then each runoff's that placed them
            counted = tuple(
                (view.number, votes[candidate_id])
                for view, result in closed
                if candidate_id in (votes := {row.id: row.votes for row in result.tally})
            )
            for view, result in rounds:
                votes = {row.id: row.votes for row in result.tally}
                if candidate_id in votes:
                    candidate = view.candidate(candidate_id)
                    organization = candidate.organization_name.get(lang) if candidate.organization_name else ""
                    return MemberLine(
                        candidate.name,
                        # the same wording as the register and the receipt for a self-nominated candidate
                        organization or i18n._("Self-nomination"),
                        view.number,
                        votes[candidate_id],
                        rounds=counted,
                    )
            raise ValueError(f"{candidate_id} is in no round")  # pragma: no cover - the outcome comes from the rounds

        def deciding(candidate_id: str, key: str) -> list[tuple[RoundView, tally.TallyResult]]:
            # the round that elected them; for the reserve the first round, whose ranking orders it (its votes go
            # down the list); below a settled tie the first round's ranking decides (domain.voting.combine)
            if key == "reserve":
                return closed[:1]
            rounds = [(view, result) for view, result in reversed(closed) if candidate_id in result.elected]
            if rounds:
                return rounds
            first, first_result = closed[0]
            if standings(first_result, first.seats).get(candidate_id) == "pending":
                return closed[:1]
            raise ValueError(f"{candidate_id}: no round decided this")  # pragma: no cover - combine walks the rounds

        passed_over = {skip.id: skip_reason_text(skip.reason, skip.detail) for skip in final.skipped}
        detail = competitions.get_competition(uow, competition_id)
        last = closed[-1][0]
        session = last.session
        facts = protocol_facts.protocol_facts(uow, competition_id, ProtocolKind.DECISION)
        votes = (facts.votes_for, facts.votes_against, facts.votes_abstained)
        return CompositionDecisionData(
            issuer=_issuer(uow, competition_id, lang),
            competition_number=detail.number,
            kind_label=i18n._(KIND_LABELS[detail.kind]),
            body=detail.body.get(lang) if detail.body is not None else None,
            body_phrase=_body_phrase(detail.body, lang) if detail.body is not None else None,
            legal_basis=detail.profile.legal_basis.get(lang),
            decision_date=session.held_on,
            place=Bilingual(session.place, session.place_ru).get(lang),
            seats=detail.seats,
            term_years=detail.term_years,
            formation_date=facts.formation_date,
            rounds=tuple(view.number for view, _result in closed),
            elected=tuple(line(c, deciding(c, "elected")) for c in final.elected),
            reserve=tuple(
                dataclasses.replace(line(c, deciding(c, "reserve")), passed_over=passed_over[c])
                if c in passed_over
                else line(c, deciding(c, "reserve"))
                for c in final.reserve
            ),
            # kept from a seat by the cross-cutting rules: in no list, named with the reason (the first round counted
            # them, in tally order)
            excluded=tuple(
                dataclasses.replace(line(skip.id, deciding(skip.id, "reserve")), passed_over=passed_over[skip.id])
                for skip in final.skipped
                if skip.reason in tally.EXCLUSION_REASONS
            ),
            vacant_seats=final.vacant_seats,
            members_total=session.members_total,
            quorum=session.quorum,
            members_present=_members_present(session),
            chair=session.chair,
            secretary=session.secretary,
            vote=None if None in votes else DecisionVote(*votes),  # type: ignore[arg-type]
            objections=facts.objections,
            dissent=facts.dissent,
            fingerprint=fingerprint,
            chain_head=_chain_head(uow) if fingerprint is not None else None,
        )


def _chain_head(uow: UnitOfWork) -> tuple[int, str] | None:
    """The audit chain's last entry as the decision is issued, ``(seq, hash)``, with every change this transaction
    made so far in it (docs/decisions.md, "The chain head on the decision"); None for a database with no chain yet.
    Read as a row, not through the session's identity map: the log appends around the ORM."""
    uow.session.flush()
    row = uow.session.execute(
        select(models.AuditHead.seq, models.AuditHead.hash).where(models.AuditHead.id == 1)
    ).first()
    return None if row is None or row.seq < 1 else (int(row.seq), str(row.hash))


def _body_phrase(body: LocalText, lang: str) -> str:
    """The state body's name as a decision's sentence takes it: "… министрлигинин" before "алдындагы" (Kyrgyz),
    "Министерстве …" after "при" (Russian); a Russian name of a shape the rules cannot decline is named in quotes
    after "государственном органе"."""
    name = body.get(lang)
    if lang == "ky":
        return inflection.kyrgyz_genitive(name)
    if lang == "ru":
        return inflection.after_pri(name)
    return name


def _mid_sentence(label: str) -> str:
    """A label ("Secretariat") as it reads inside a sentence: its first letter in lower case."""
    return label[:1].lower() + label[1:]
