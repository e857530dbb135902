"""Entering the paper ballots: an entrant signing in at the station, one side's entry of a paper, settling a
disagreement, striking out. The station's work is the entrant's: their account's roles allow it, the audit log
names them."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

from sqlalchemy import exists, func, select, update
from sqlalchemy.exc import IntegrityError

from osgo_desktop.domain import ballot_entry, voting
from osgo_desktop.domain.lifecycle import State
from osgo_desktop.domain.roles import Action, Principal
from osgo_desktop.domain.voting import Marks, Mode, RoundState, Side, paper_serial
from osgo_desktop.errors import KnownError, NotFoundError, ValidationError
from osgo_desktop.i18n import _, ngettext
from osgo_desktop.services import accounts
from osgo_desktop.services.voting._common import (
    _entries,
    _reconcile,
    _round,
)
from osgo_desktop.services.voting.views import EntrantView, _session_view, round_voters
from osgo_desktop.storage import models
from osgo_desktop.storage.uow import UnitOfWork


def own_entries(uow: UnitOfWork, round_id: int, side: Side) -> list[tuple[int, Marks]]:
    """One side's confirmed entries, in the order they were made: what its entry screen shows after a restart (a
    serial struck out, which counts for nothing, is not among them)."""
    struck = _reconcile(uow, round_id).struck
    return [(e.serial, tuple(e.marks)) for e in _entries(uow, round_id) if e.side is side and e.serial not in struck]


def agreed_papers(uow: UnitOfWork, round_id: int) -> list[tuple[int, Marks, bool]]:
    """The papers that count, by serial: (serial, marks, settled against the paper); what the counting commission's
    tally sheet lists paper by paper (of a closed round: exactly the ballots its tally was computed from)."""
    reconciliation = _reconcile(uow, round_id)
    return [
        (serial, marks, serial in reconciliation.settled) for serial, marks in sorted(reconciliation.agreed.items())
    ]


# --- entering ballots -------------------------------------------------------------------------------------------


def _entrant(row: models.VoteRound, entrant_id: int) -> models.Entrant:
    for entrant in row.session.entrants:
        if entrant.id == entrant_id:
            return entrant
    raise _not_an_entrant()


def _not_an_entrant() -> NotFoundError:
    return NotFoundError(_("This person does not enter ballots at this session."))


class PinLocked(KnownError):
    """Too many wrong PINs in a row for an entrant of a session held before accounts (migration 0013): every PIN of
    the person is refused until ``until`` (naive UTC). An account's lockout is :class:`accounts.SignInLocked`."""

    def __init__(self, name: str, until: dt.datetime, now: dt.datetime) -> None:
        super().__init__(pin_lock_text(name, max(1, math.ceil((until - now).total_seconds()))))
        self.until = until


#: what a station's sign-in may be refused with for a while, after too many wrong secrets in a row
StationLocked = (PinLocked, accounts.SignInLocked)


def pin_lock_text(name: str, seconds: int) -> str:
    """What a person locked out after too many wrong PINs is told (a countdown says it again every second)."""
    return ngettext(
        "Wrong PIN {count} times in a row for {name}: try again in {seconds} second.",
        "Wrong PIN {count} times in a row for {name}: try again in {seconds} seconds.",
        seconds,
    ).format(count=voting.PIN_TRIES, name=name, seconds=seconds)


def lock_text(entrant: EntrantView, seconds: int) -> str:
    """What the entry station says while ``entrant`` is locked out (its countdown says it again every second)."""
    if entrant.account_id is None:
        return pin_lock_text(entrant.name, seconds)
    return ngettext(
        "Too many failed sign-ins for {name}: try again in {seconds} second.",
        "Too many failed sign-ins for {name}: try again in {seconds} seconds.",
        seconds,
    ).format(name=entrant.name, seconds=seconds)


#: what entering a side's papers needs (``domain.roles``), checked against the entrant's own account
SIDE_ACTIONS = {Side.SECRETARIAT: Action.ENTER_FIRST_SIDE, Side.COUNTING: Action.ENTER_SECOND_SIDE}


def _view(entrant: models.Entrant) -> EntrantView:
    return EntrantView(entrant.id, entrant.side, entrant.name, entrant.account_id)


def _act_for(uow: UnitOfWork, principal: Principal | None, action: Action) -> None:
    """Act for the entrant confirmed at the station, whom the audit log then names, and refuse unless their roles
    allow ``action``. An entrant of a session held before accounts has no account: their session PIN is all that
    confirms them, as when the session was held, and the signed-in person's unit of work records their work."""
    if principal is not None:
        uow.act_as(principal)
        uow.require(action)


def unlock(uow: UnitOfWork, round_id: int, entrant_id: int, secret: str) -> EntrantView:
    """An entrant signs in at an entry station: their account's password or station PIN (:func:`confirm`), and
    their account's roles allow entering their side's papers. A right secret starts the count of wrong ones again."""
    entrant, principal = confirm(uow, round_id, entrant_id, secret)
    _act_for(uow, principal, SIDE_ACTIONS[entrant.side])
    uow.commit()
    return _view(entrant)


def confirm(uow: UnitOfWork, round_id: int, entrant_id: int, secret: str) -> tuple[models.Entrant, Principal | None]:
    """Confirm that an entrant is the one at the station: their account's password or station PIN
    (:func:`accounts.check_secret`: Argon2id, locked for a while after repeated failures); an entrant of a session
    held before accounts, by the session's own PIN (:func:`check_pin`). Returns the entrant and the account they act
    as (None: a session held before accounts)."""
    entrant = _entrant(_round(uow, round_id), entrant_id)
    if entrant.account_id is None:
        check_pin(uow, entrant, secret)
        return entrant, None
    return entrant, accounts.check_secret(uow, entrant.account_id, secret)


def check_pin(uow: UnitOfWork, entrant: models.Entrant, pin: str) -> None:
    """A session held before accounts: check an entrant's personal PIN; a wrong one is refused. After ``PIN_TRIES``
    wrong ones in a row every PIN of the person is refused for ``PIN_LOCK`` (:class:`PinLocked`), wherever it is
    asked: the count is kept in the database, committed even though the caller fails, so neither another dialog nor a
    restart resets it."""
    now = uow.clock.utc_naive()
    if entrant.pin_locked_until is not None and entrant.pin_locked_until > now:
        raise PinLocked(entrant.name, entrant.pin_locked_until, now)
    if not entrant.pin_hash or not voting.pin_matches(pin, entrant.pin_hash):
        entrant.wrong_pins += 1
        locked = entrant.wrong_pins >= voting.PIN_TRIES
        if locked:
            entrant.wrong_pins = 0
            entrant.pin_locked_until = now + voting.PIN_LOCK
        uow.commit()
        if entrant.pin_locked_until is not None and locked:
            raise PinLocked(entrant.name, entrant.pin_locked_until, now)
        raise KnownError(_("The PIN of {name} is not right.").format(name=entrant.name))
    if entrant.wrong_pins:
        entrant.wrong_pins = 0  # saved with the caller's work (the login's, a settlement's)


def confirm_both(
    uow: UnitOfWork, round_id: int, secretariat: tuple[int, str], counting: tuple[int, str], action: Action
) -> tuple[models.Entrant, models.Entrant]:
    """One person of each side confirms (a settlement, a strike-out) with their password or station PIN; the
    counting commission's member carries ``action`` out, and the audit log names them."""
    people = [confirm(uow, round_id, entrant_id, secret) for entrant_id, secret in (secretariat, counting)]
    if [entrant.side for entrant, _principal in people] != [Side.SECRETARIAT, Side.COUNTING]:
        raise KnownError(_("A settlement is confirmed by one person of each side."))
    _act_for(uow, people[1][1], action)
    return people[0][0], people[1][0]


def _closed(row: models.VoteRound) -> KnownError:
    return KnownError(_("Round {number} is closed: its ballots can no longer change.").format(number=row.number))


def check_entry_open(uow: UnitOfWork, round_id: int) -> None:
    """Refuse to start entering into a round that is closed (the entry screen's login): a read, no lock —
    :func:`record_entry` checks again under the round's lock when a paper is saved."""
    row = _round(uow, round_id)
    _refuse_entry(uow, row, is_open=row.state is RoundState.OPEN)


def _refuse_entry(uow: UnitOfWork, row: models.VoteRound, is_open: bool) -> None:
    _refuse(row, is_open, uow.competitions.require(row.competition_id).state)


def _refuse(row: models.VoteRound, is_open: bool, competition_state: State) -> None:
    """Refuse entering into ``row``: the round is closed (``is_open`` False), or the competition is no longer at its
    vote (cancelled). The one rule the login and every save apply."""
    if not is_open:
        raise _closed(row)
    if competition_state is not State.VOTING:
        raise KnownError(_("The competition is not at its vote any more (it was cancelled or closed)."))


def _lock_open_round(uow: UnitOfWork, round_id: int) -> bool:
    """Take the round's row lock by a write to the row and say whether it is open — under the lock, so a close at
    another station cannot fall between this check and the caller's write (two stations on one database)."""
    locked = uow.session.execute(
        update(models.VoteRound)
        .where(models.VoteRound.id == round_id, models.VoteRound.state == RoundState.OPEN)
        .values(state=RoundState.OPEN)
        .execution_options(synchronize_session=False)
    )
    return bool(locked.rowcount)  # type: ignore[attr-defined]


def _require_open(uow: UnitOfWork, row: models.VoteRound) -> None:
    """Refuse a round that is closed, checked under its lock (:func:`_lock_open_round`), and a competition no
    longer voting (cancelled)."""
    _refuse_entry(uow, row, is_open=_lock_open_round(uow, row.id))


def _require_not_entered(uow: UnitOfWork, round_id: int, side: Side, serial: int) -> None:
    """Refuse a paper this side has entered already, or one struck out (one query for both)."""
    entered, struck = uow.session.execute(
        select(
            exists().where(
                models.BallotEntry.round_id == round_id,
                models.BallotEntry.serial == serial,
                models.BallotEntry.side == side,
            ),
            exists().where(
                models.BallotSettlement.round_id == round_id,
                models.BallotSettlement.serial == serial,
                models.BallotSettlement.struck_out,
            ),
        )
    ).one()
    if entered:
        raise KnownError(
            _(
                "Paper No. {serial} is already entered for your side. If that entry was wrong, it is put right by "
                "settling the disagreement against the paper with the other side."
            ).format(serial=paper_serial(serial))
        )
    if struck:
        raise KnownError(
            _(
                "Paper No. {serial} was struck out: both sides found no such paper in the ballot box. If it is there "
                "after all, tell the chair: the round's protocol records the strike-out."
            ).format(serial=paper_serial(serial))
        )


def check_new_serial(uow: UnitOfWork, round_id: int, entrant_id: int, serial: int) -> None:
    """Refuse, as soon as it is typed, a serial the entrant's side has already entered (the rule
    :func:`record_entry` applies when the paper is saved), so no marks are typed for a paper that cannot be saved."""
    _require_not_entered(uow, round_id, _entrant(_round(uow, round_id), entrant_id).side, serial)


def record_entry(uow: UnitOfWork, round_id: int, entrant_id: int, serial: int, marks: Sequence[int]) -> None:
    """Save one side's confirmed entry of one paper, at once (its own transaction). Kept lean — it runs for every
    paper, twice: the round's lock, one query for what the checks need, one for the paper's serial, the row and
    its audit entry."""
    is_open = _lock_open_round(uow, round_id)
    candidates = select(func.count()).where(models.RoundCandidate.round_id == models.VoteRound.id)
    voters = select(func.count()).where(
        models.Voter.session_id == models.VoteRound.session_id, models.Voter.present.is_(True)
    )
    found = uow.session.execute(
        select(
            models.VoteRound,
            models.Competition.state,
            models.VoteSession.mode,
            models.Entrant,
            models.Account,
            candidates.scalar_subquery(),
            voters.scalar_subquery(),
        )
        .join(models.Competition, models.Competition.id == models.VoteRound.competition_id)
        .join(models.VoteSession, models.VoteSession.id == models.VoteRound.session_id)
        .outerjoin(
            models.Entrant,
            (models.Entrant.id == entrant_id) & (models.Entrant.session_id == models.VoteRound.session_id),
        )
        .outerjoin(models.Account, models.Account.id == models.Entrant.account_id)
        .where(models.VoteRound.id == round_id)
    ).one_or_none()
    if found is None:
        raise NotFoundError(_("The record no longer exists; it may have been removed."))
    row, competition_state, mode, entrant, account, candidate_count, voter_count = found
    _refuse(row, is_open, competition_state)
    if entrant is None:
        raise _not_an_entrant()
    if account is not None and not account.active:
        raise KnownError(_("This account cannot sign in."))
    # the paper is the entrant's, signed in at the station: their roles allow it, the audit log names them
    _act_for(uow, accounts.principal_of(account) if account is not None else None, SIDE_ACTIONS[entrant.side])
    uow.within(row.competition_id)
    if mode is Mode.OPEN and row.session.roll is not None and row.session.roll.get("conflicts"):
        # an open vote's serials are the round's voters: the members who stand aside in it take none
        voter_count = len(round_voters(_session_view(uow, row.session), {c.application_id for c in row.candidates})[0])
    ballot_entry.check_serial(serial, voting.papers_to_enter(mode, row.papers_printed, voter_count))
    clean = ballot_entry.check_marks(marks, candidate_count)
    _require_not_entered(uow, round_id, entrant.side, serial)
    uow.session.add(
        models.BallotEntry(
            round_id=round_id, serial=serial, side=entrant.side, entrant_id=entrant.id, marks=list(clean)
        )
    )
    try:
        uow.commit()
    except IntegrityError as exc:  # the same paper, same side, saved at another station a moment before
        uow.rollback()
        raise KnownError(
            _("Paper No. {serial} was entered for your side at another station a moment ago.").format(
                serial=paper_serial(serial)
            )
        ) from exc


def settle(
    uow: UnitOfWork,
    round_id: int,
    serial: int,
    marks: Sequence[int],
    note: str,
    secretariat: tuple[int, str],
    counting: tuple[int, str],
) -> None:
    """Record what the paper says where the two entries disagree; both entrants confirm with their password or
    station PIN (:func:`confirm_both`)."""
    row = _round(uow, round_id)
    _require_open(uow, row)
    people = confirm_both(uow, round_id, secretariat, counting, Action.SETTLE_PAPERS)
    disputed = {d.serial for d in _reconcile(uow, round_id).disagreements}
    if serial not in disputed:
        raise KnownError(_("The two entries of paper No. {serial} do not disagree.").format(serial=serial))
    clean = ballot_entry.check_marks(marks, len(row.candidates))
    uow.session.add(
        models.BallotSettlement(
            round_id=round_id,
            serial=serial,
            marks=list(clean),
            note=note.strip(),
            secretariat_entrant_id=people[0].id,
            counting_entrant_id=people[1].id,
        )
    )
    uow.commit()


def strike_out(
    uow: UnitOfWork,
    round_id: int,
    serial: int,
    note: str,
    secretariat: tuple[int, str],
    counting: tuple[int, str],
) -> None:
    """Strike out a paper entered by one side only that is not in the ballot box (its serial was typed wrong):
    both sides confirm with their password or station PIN and say why; the serial then counts for nothing. A paper
    that is in the box is entered by the other side instead."""
    row = _round(uow, round_id)
    _require_open(uow, row)
    if not note.strip():
        raise ValidationError({"note": _("Say why the entry is struck out (e.g. which serial was meant).")})
    people = confirm_both(uow, round_id, secretariat, counting, Action.SETTLE_PAPERS)
    if serial not in {s for s, _side in _reconcile(uow, round_id).single}:
        raise KnownError(
            _("Only a paper entered by one side only can be struck out; No. {serial} is not.").format(
                serial=paper_serial(serial)
            )
        )
    uow.session.add(
        models.BallotSettlement(
            round_id=round_id,
            serial=serial,
            marks=[],
            struck_out=True,
            note=note.strip(),
            secretariat_entrant_id=people[0].id,
            counting_entrant_id=people[1].id,
        )
    )
    uow.commit()
