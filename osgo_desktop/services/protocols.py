"""Issuing protocols with their fingerprints, attaching the signed copy that closes a competition, amendments.

A protocol is made from the competition's record (``services.record``): its fingerprint is that of its basis, and
the PDF is kept in the document store under its own SHA-256. Issuing again from the same data hands back the same
protocol; from changed data (before the competition is closed), a new version, the earlier one kept and marked
superseded. Once the signed copy is attached the competition is closed: nothing changes any more, and a correction
is an amendment — a reason, the correction's text, and a new version of the protocol that prints them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from sqlalchemy import select

from osgo_desktop.domain import event_notes, lifecycle
from osgo_desktop.domain import record as record_rules
from osgo_desktop.domain.lifecycle import State
from osgo_desktop.domain.profile import Kind, RegulationProfile
from osgo_desktop.domain.record import PROTOCOL_LABELS, ProtocolKind
from osgo_desktop.domain.roles import Action
from osgo_desktop.domain.voting import RoundState
from osgo_desktop.errors import KnownError, NotFoundError, ValidationError
from osgo_desktop.i18n import N_, _
from osgo_desktop.services import compositions, papers, protocol_facts, record, screening, translations, voting
from osgo_desktop.services.transitions import transition
from osgo_desktop.storage import models
from osgo_desktop.storage.documents import DocumentStore, FileType
from osgo_desktop.storage.uow import UnitOfWork

#: what a signed copy may be: a scanned PDF or a photographed page
SCAN_TYPES = frozenset({FileType.PDF, FileType.JPEG, FileType.PNG})

#: the document languages by name, as a message names them
LANGUAGE_LABELS: Final = {"ky": N_("Kyrgyz"), "ru": N_("Russian")}
#: the same after "in" ("issued in Kyrgyz": "кыргыз тилинде", "на кыргызском языке")
LANGUAGE_LABELS_IN: Final = {"ky": N_("in Kyrgyz"), "ru": N_("in Russian")}


def protocol_title(kind: ProtocolKind, round_number: int = 0) -> str:
    """The protocol's name in the current language, with its round when it reports one."""
    label = _(PROTOCOL_LABELS[kind])
    if kind.per_round:
        return _("{protocol}, round {number}").format(protocol=label, number=round_number)
    return label


def official_languages(uow: UnitOfWork, competition_id: int) -> tuple[str, ...]:
    """The languages the competition's own profile names as official: each protocol is issued in every one."""
    return RegulationProfile.from_obj(uow.competitions.require(competition_id).profile_data).official_languages


@dataclass(frozen=True)
class ProtocolView:
    id: int
    competition_id: int
    kind: ProtocolKind
    round_number: int
    lang: str
    number: str
    version: int
    fingerprint: str
    file_sha256: str
    size: int
    superseded: bool
    made_at: dt.datetime
    #: the signed copy attached to it, if any
    signed_sha256: str | None


def _view(row: models.Protocol, signed: str | None) -> ProtocolView:
    return ProtocolView(
        id=row.id,
        competition_id=row.competition_id,
        kind=row.kind,
        round_number=row.round_number,
        lang=row.lang,
        number=row.number,
        version=row.version,
        fingerprint=row.fingerprint,
        file_sha256=row.file_sha256,
        size=row.size,
        superseded=row.superseded,
        made_at=row.made_at,
        signed_sha256=signed,
    )


def list_protocols(uow: UnitOfWork, competition_id: int) -> list[ProtocolView]:
    rows = uow.session.scalars(
        select(models.Protocol).where(models.Protocol.competition_id == competition_id).order_by(models.Protocol.id)
    )
    scans = {
        s.protocol_id: s.sha256
        for s in uow.session.scalars(
            select(models.SignedScan).where(models.SignedScan.competition_id == competition_id)
        )
    }
    return [_view(r, scans.get(r.id)) for r in rows]


def current_by_number(uow: UnitOfWork, competition_id: int, number: str, lang: str) -> ProtocolView:
    """The current version of the protocol printed under ``number`` in ``lang`` (a paper's number, e.g.
    "2026/04-D"); a :class:`NotFoundError` that says which part does not match."""
    views = [p for p in list_protocols(uow, competition_id) if p.number == number.strip()]
    if not views:
        raise NotFoundError(
            _("Competition {competition} has no protocol No. {number}.").format(
                competition=uow.competitions.require(competition_id).number, number=number
            )
        )
    current = [p for p in views if p.lang == lang and not p.superseded]
    if not current:
        raise NotFoundError(
            _("Protocol No. {number} has not been issued {language}.").format(
                number=number, language=_(LANGUAGE_LABELS_IN[lang])
            )
        )
    return current[-1]


def _issuable(uow: UnitOfWork, competition: models.Competition, kind: ProtocolKind, round_number: int) -> None:
    """Why the protocol cannot be issued yet (a KnownError), e.g. the round it reports is still open."""
    state = competition.state
    if state is State.CANCELLED:
        raise KnownError(_("The competition was cancelled."))
    if kind is ProtocolKind.SCREENING:
        if lifecycle.ORDER.index(state) < lifecycle.ORDER.index(State.SCREENED):
            raise KnownError(_("The screening protocol is issued once the screening is finished."))
        if screening.get_screening_session(uow, competition.id) is None:  # issue 12: it prints the session
            raise KnownError(
                _("Record the screening session first: the protocol prints its date, place and attendance.")
            )
        return
    if kind.per_round:
        round_id = voting.round_by_number(uow, competition.id, round_number)
        if uow.rounds.require(round_id).state is not RoundState.CLOSED:
            raise KnownError(_("Round {number} is still open: close it first.").format(number=round_number))
        return
    if state not in (State.TALLIED, State.CLOSED):
        raise KnownError(_("The decision on the composition is issued once the vote is counted."))
    if voting.outcome(uow, competition.id).tie:
        raise KnownError(_("A tie is not settled yet."))
    # issue 12 (decision helper): the decision states the formation date and the Commission's vote on it
    if protocol_facts.protocol_facts(uow, competition.id, kind).formation_date is None:
        raise KnownError(
            _("Enter the formation date and the Commission's vote on the decision first (Details for the protocol…).")
        )


def issue_pdf(
    uow: UnitOfWork,
    store: DocumentStore,
    competition_id: int,
    kind: ProtocolKind,
    lang: str,
    round_number: int = 0,
    accept_missing: bool = False,
) -> bytes:
    """:func:`issue`, and the issued PDF's bytes (to save and show)."""
    uow.require(Action.ISSUE_PROTOCOLS)
    view = issue(uow, store, competition_id, kind, lang, round_number, accept_missing=accept_missing)
    return protocol_path(store, view).read_bytes()


def _store_bytes(store: DocumentStore, data: bytes, name: str) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        return store.put(path, name).sha256


def issue(
    uow: UnitOfWork,
    store: DocumentStore,
    competition_id: int,
    kind: ProtocolKind,
    lang: str,
    round_number: int = 0,
    accept_missing: bool = False,
) -> ProtocolView:
    """The protocol as it stands: the one issued before if the data has not changed since, else a new version.

    A text the paper prints with no form in ``lang`` (an organisation's Russian name never entered) stops it with
    :class:`~osgo_desktop.services.translations.MissingTexts` naming each, unless ``accept_missing`` says the user
    agreed to print their Kyrgyz form."""
    uow.require(Action.ISSUE_PROTOCOLS)
    issued = _issue(uow, store, competition_id, kind, lang, round_number, accept_missing)
    if issued.new:
        uow.commit()
    return issued.protocol


@dataclass(frozen=True)
class Issued:
    """A protocol as :func:`issue_all` handed it back: ``new`` when this call issued it (a first or a new version),
    not when the one issued before from the same data still stands."""

    protocol: ProtocolView
    new: bool


def _issue(
    uow: UnitOfWork,
    store: DocumentStore,
    competition_id: int,
    kind: ProtocolKind,
    lang: str,
    round_number: int,
    accept_missing: bool = False,
) -> Issued:
    competition = uow.competitions.require(competition_id)
    round_number = round_number if kind.per_round else 0
    _issuable(uow, competition, kind, round_number)
    if not accept_missing and (missing := translations.missing_texts(uow, competition_id, kind, round_number, lang)):
        raise translations.MissingTexts(missing)
    fingerprint = record.fingerprint(uow, competition_id, kind, round_number)
    current = _current(uow, competition_id, kind, round_number, lang)
    if current is not None and current.fingerprint == fingerprint:
        signed = uow.session.scalar(select(models.SignedScan.sha256).where(models.SignedScan.protocol_id == current.id))
        return Issued(_view(current, signed), new=False)
    if current is not None and competition.state is State.CLOSED:
        raise KnownError(_("The competition is closed: a correction is made by an amendment, with its reason."))
    return Issued(_new_version(uow, store, competition_id, kind, lang, round_number, fingerprint, current), new=True)


def issue_in(
    uow: UnitOfWork,
    store: DocumentStore,
    competition_id: int,
    kind: ProtocolKind,
    languages: tuple[str, ...],
    round_number: int = 0,
    accept_missing: bool = False,
) -> list[Issued]:
    """:func:`issue` in each of ``languages``, with one commit; which of them this call issued."""
    uow.require(Action.ISSUE_PROTOCOLS)
    issued = [_issue(uow, store, competition_id, kind, lang, round_number, accept_missing) for lang in languages]
    if any(i.new for i in issued):
        uow.commit()
    return issued


def issue_all(
    uow: UnitOfWork,
    store: DocumentStore,
    competition_id: int,
    languages: tuple[str, ...] | None = None,
    accept_missing: bool = False,
) -> list[Issued]:
    """Every protocol that can be issued now, in each of ``languages`` (the official ones unless given): those whose
    data changed get a new version, the others are handed back as they stand. One commit for them all; a text with
    no form in a paper's language stops them all (:func:`issue`) unless ``accept_missing``."""
    uow.require(Action.ISSUE_PROTOCOLS)
    languages = languages or official_languages(uow, competition_id)
    issued = [
        _issue(uow, store, competition_id, slot.kind, lang, slot.round_number, accept_missing)
        for slot in protocol_slots(uow, competition_id)
        if not slot.blocked
        for lang in languages
    ]
    if any(i.new for i in issued):
        uow.commit()
    return issued


def missing_texts_all(uow: UnitOfWork, competition_id: int, languages: tuple[str, ...] | None = None) -> list[str]:
    """What :func:`issue_all` would print in Kyrgyz for want of another language's form, each text named once (the
    question the user answers before ``accept_missing``)."""
    languages = languages or official_languages(uow, competition_id)
    texts = [
        text
        for slot in protocol_slots(uow, competition_id)
        if not slot.blocked
        for lang in languages
        for text in translations.missing_texts(uow, competition_id, slot.kind, slot.round_number, lang)
    ]
    return list(dict.fromkeys(texts))


def _current(
    uow: UnitOfWork, competition_id: int, kind: ProtocolKind, round_number: int, lang: str
) -> models.Protocol | None:
    return uow.session.scalars(
        select(models.Protocol)
        .where(
            models.Protocol.competition_id == competition_id,
            models.Protocol.kind == kind,
            models.Protocol.round_number == round_number,
            models.Protocol.lang == lang,
        )
        .order_by(models.Protocol.version.desc())
    ).first()


def _new_version(
    uow: UnitOfWork,
    store: DocumentStore,
    competition_id: int,
    kind: ProtocolKind,
    lang: str,
    round_number: int,
    fingerprint: str,
    current: models.Protocol | None,
) -> ProtocolView:
    version = (current.version + 1) if current is not None else 1
    number, pdf = papers.protocol(uow, competition_id, kind, lang, round_number, fingerprint, version)
    sha = _store_bytes(store, pdf, f"{kind.value}-{lang}.pdf")
    if current is not None:
        current.superseded = True
    row = models.Protocol(
        competition_id=competition_id,
        kind=kind,
        round_number=round_number,
        lang=lang,
        number=number,
        version=version,
        fingerprint=fingerprint,
        file_sha256=sha,
        size=len(pdf),
    )
    uow.session.add(row)
    uow.session.flush()
    return _view(row, None)


#: how a scan's file starts: PDF, JPEG, PNG
_SCAN_MAGIC: Final = (b"%PDF-", b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")


def _check_scan(scan: Path) -> None:
    """Refuse a file that is no scan at all (a text, a Word file) with a scan's own message: the document store's
    would ask for an applicant's document. A damaged scan or an unreadable file is left to the store to name."""
    try:
        with scan.open("rb") as file:
            head = file.read(8)
    except OSError:
        return
    if not head.startswith(_SCAN_MAGIC):
        raise ValidationError({"scan": _("A signed copy is a scanned PDF or an image (JPEG or PNG).")})


def closes_competition(kind: ProtocolKind, state: State) -> bool:
    """Whether the signed copy of a protocol of ``kind`` closes the competition: the decision on the composition's
    does, once the vote is counted; the others are kept with their protocols."""
    return kind is ProtocolKind.DECISION and state is State.TALLIED


def attach_signed_copy(
    uow: UnitOfWork,
    store: DocumentStore,
    protocol_id: int,
    scan: Path,
    attached_by: str = "",
) -> bool:
    """Keep the scan of a signed paper protocol (PDF or image) under its hash. The signed decision on the
    composition closes the competition (and freezes its record); returns whether it did."""
    uow.require(Action.ATTACH_SIGNED_COPY)
    protocol = uow.session.get(models.Protocol, protocol_id)
    if protocol is None:
        raise KnownError(_("The record no longer exists; it may have been removed."))
    if protocol.superseded:
        raise KnownError(_("This version of the protocol was replaced by a newer one: attach the signed newer one."))
    competition = uow.competitions.require(protocol.competition_id)
    state = competition.state
    if state is State.CANCELLED:
        raise KnownError(_("The competition was cancelled."))
    if uow.session.scalar(select(models.SignedScan.id).where(models.SignedScan.protocol_id == protocol.id)):
        raise KnownError(_("The signed copy of this protocol is already attached."))
    if (
        state is not State.CLOSED
        and record.fingerprint(uow, competition.id, protocol.kind, protocol.round_number) != protocol.fingerprint
    ):
        # what was signed no longer says what the data says (e.g. an organisation renamed since it was printed)
        raise KnownError(
            _(
                "The data changed since protocol No. {number} was issued: issue it again and have the new version "
                "signed."
            ).format(number=protocol.number)
        )
    closing = closes_competition(protocol.kind, state)
    if closing:
        missing = missing_before_close(uow, competition.id)
        if missing:
            raise KnownError(not_closed_while_missing(missing))
    _check_scan(scan)
    stored = store.put(scan)
    if stored.type not in SCAN_TYPES:
        raise ValidationError({"scan": _("A signed copy is a scanned PDF or an image (JPEG or PNG).")})
    uow.session.add(
        models.SignedScan(
            competition_id=competition.id,
            protocol_id=protocol.id,
            sha256=stored.sha256,
            size=stored.size,
            file_type=stored.type,
            display_name=stored.display_name,
            attached_by=attached_by.strip(),
        )
    )
    if closing:
        facts = voting.with_vote_facts(
            uow,
            competition.id,
            lifecycle.TransitionFacts(state=state, today=uow.clock.today(), signed_scan=True),
        )
        transition(
            competition,
            State.CLOSED,
            facts,
            note=event_notes.note("signed_copy", number=protocol.number),
        )
        uow.session.flush()
        record.freeze(uow, competition.id)
        if competition.body_id is not None or competition.kind is Kind.COMMISSION:
            # the signed decision seats the elected, in the same transaction as the close
            compositions.seat_elected(uow, competition.id)
    uow.commit()
    return closing


def amend(
    uow: UnitOfWork,
    store: DocumentStore,
    protocol_id: int,
    reason: str,
    correction: str,
    made_by: str = "",
    seats: compositions.SeatCorrection | None = None,
) -> ProtocolView:
    """Correct a closed competition's protocol: the amendment is recorded and a new version printed with it.

    An amendment of the decision that changes who is elected names the change in ``seats``: the composition follows
    in the same transaction (``compositions.correct_seats``), so it always says what the latest signed paper says."""
    uow.require(Action.AMEND)
    protocol = uow.session.get(models.Protocol, protocol_id)
    if protocol is None:
        raise KnownError(_("The record no longer exists; it may have been removed."))
    errors = {}
    if not reason.strip():
        errors["reason"] = _("Give the reason for the amendment.")
    if not correction.strip():
        errors["correction"] = _("Write what the amendment corrects.")
    if errors:
        raise ValidationError(errors)
    competition = uow.competitions.require(protocol.competition_id)
    if competition.state is not State.CLOSED:
        raise KnownError(_("Before the competition is closed, a protocol is simply issued again from the data."))
    if (
        record.election_record(uow, competition.id, frozen=False)["candidates"]
        != record.election_record(uow, competition.id)["candidates"]
    ):
        # A protocol is printed from the data; a candidate's name corrected since the close (in another
        # competition: people are shared) would print what the closed record does not say.
        raise KnownError(
            _(
                "A candidate's details were changed after the competition closed; an amended protocol would not "
                "match the closed record. Write the change as the amendment's correction instead."
            )
        )
    uow.session.add(
        models.Amendment(
            competition_id=competition.id,
            protocol_id=protocol.id,
            reason=reason.strip(),
            correction=correction.strip(),
            made_by=made_by.strip(),
        )
    )
    uow.session.flush()
    kind = protocol.kind
    if seats:
        if kind is not ProtocolKind.DECISION:
            raise KnownError(_("Only an amendment of the decision on the composition changes who holds a seat."))
        compositions.correct_seats(
            uow,
            competition.id,
            seats,
            _("Amendment of protocol No. {number}: {reason}").format(number=protocol.number, reason=reason.strip()),
        )
    fingerprint = record.fingerprint(uow, competition.id, kind, protocol.round_number)
    # The amendment belongs to the protocol, whatever the language it was read in: every language issued gets its
    # new version, so no version left current still lacks it.
    languages = sorted(
        {
            p.lang
            for p in list_protocols(uow, competition.id)
            if p.kind is kind and p.round_number == protocol.round_number
        }
    )
    views = {}
    for lang in languages:
        current = _current(uow, competition.id, kind, protocol.round_number, lang)
        views[lang] = _new_version(uow, store, competition.id, kind, lang, protocol.round_number, fingerprint, current)
    uow.commit()
    return views[protocol.lang]


def protocol_path(store: DocumentStore, view: ProtocolView) -> Path:
    return store.path(view.file_sha256)


@dataclass(frozen=True)
class ProtocolSlot:
    """A protocol the competition has or will have: what it is, why it cannot be issued yet, its versions."""

    kind: ProtocolKind
    round_number: int
    #: why it cannot be issued now ("" when it can)
    blocked: str
    #: every version issued, in every language, oldest first
    issued: tuple[ProtocolView, ...]
    #: the official languages it has no current version in that was issued from the data as it stands
    missing: tuple[str, ...] = ()

    def latest(self, lang: str) -> ProtocolView | None:
        versions = [p for p in self.issued if p.lang == lang]
        return versions[-1] if versions else None

    def missing_names(self) -> list[str]:
        """Each missing one by name and language, e.g. "Tally sheet, round 2 (in Russian)", translated."""
        title = protocol_title(self.kind, self.round_number)
        return [
            _("{protocol} ({language})").format(protocol=title, language=_(LANGUAGE_LABELS_IN[lang]))
            for lang in self.missing
        ]


def not_closed_while_missing(missing: list[str]) -> str:
    """Why the competition cannot close yet: what is missing, as :func:`missing_before_close` names it."""
    return _(
        "The competition cannot be closed while a protocol it needs is missing. Issue from the current data: {missing}."
    ).format(missing="; ".join(missing))


def missing_before_close(uow: UnitOfWork, competition_id: int) -> list[str]:
    """What must still be issued before the signed decision can close the competition: every protocol it needs
    (the screening, each round's vote protocol and tally sheet, the decision) in every official language, issued
    from the data as it stands. Translated names, in the order the protocols are made; empty when nothing is."""
    return [name for slot in protocol_slots(uow, competition_id) for name in slot.missing_names()]


def protocol_slots(uow: UnitOfWork, competition_id: int) -> list[ProtocolSlot]:
    competition = uow.competitions.require(competition_id)
    issued = list_protocols(uow, competition_id)
    languages = RegulationProfile.from_obj(competition.profile_data).official_languages
    # what the issued versions are checked against; nothing issued, nothing to check (the record is slow to build)
    the_record = record.election_record(uow, competition_id) if issued else None
    wanted = [(ProtocolKind.SCREENING, 0)]
    for round_id in voting.round_ids(uow, competition_id):
        number = uow.rounds.require(round_id).number
        wanted += [(ProtocolKind.VOTE, number), (ProtocolKind.TALLY_SHEET, number)]
    wanted.append((ProtocolKind.DECISION, 0))
    slots = []
    for kind, number in wanted:
        try:
            _issuable(uow, competition, kind, number)
            blocked = ""
        except KnownError as exc:
            blocked = str(exc)
        versions = tuple(p for p in issued if p.kind is kind and p.round_number == number)
        fingerprint: str | None = None
        if the_record is not None and versions:
            with contextlib.suppress(record_rules.RecordError):  # nothing to print it from yet
                fingerprint = record_rules.protocol_fingerprint(the_record, kind, number)
        current = {p.lang: p for p in versions if not p.superseded}
        missing = tuple(
            lang
            for lang in languages
            if fingerprint is None or lang not in current or current[lang].fingerprint != fingerprint
        )
        slots.append(ProtocolSlot(kind, number, blocked, versions, missing))
    return slots
