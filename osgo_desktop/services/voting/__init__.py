"""Use cases of the rating vote: open a session, enter ballots twice, settle, close a round, hold a runoff, draw lots.

Every confirmed entry is committed on its own, so a crash loses nothing confirmed. A round's tally is the engine of
``domain.tally`` run on exactly the input ``osgo ballots export`` writes, so an observer's recount on another machine
starts from the same bytes.

One module per part of the vote: ``session`` (opening it), ``views`` (the round as the screens show it), ``entry``
(signing in at the entry station, entering, settling, striking out), ``tally_input`` (the tally's input and the
outcome), ``closing`` (closing a round, runoffs, lots); the rules they apply are the domain's (``domain.session``,
``domain.voting``, ``domain.rounds``, ``domain.ballot_entry``). The names below are the package's whole public face:
callers write ``voting.record_entry``.
"""

from osgo_desktop.domain.rounds import PaperCounts
from osgo_desktop.domain.session import (
    COUNTING_ENTRANT,
    Conflict,
    DelegateDraft,
    EntrantDraft,
    Person,
    SessionDraft,
    SessionSetup,
    check_session,
)
from osgo_desktop.domain.voting import paper_serial
from osgo_desktop.services.voting.closing import close_round, draw_lots, open_runoff
from osgo_desktop.services.voting.entry import (
    PinLocked,
    StationLocked,
    agreed_papers,
    check_entry_open,
    check_new_serial,
    lock_text,
    own_entries,
    pin_lock_text,
    record_entry,
    settle,
    strike_out,
    unlock,
)
from osgo_desktop.services.voting.session import open_session, session_setup
from osgo_desktop.services.voting.tally_input import candidate_names, outcome, tally_input, with_vote_facts
from osgo_desktop.services.voting.views import (
    CandidateView,
    EntrantView,
    RoundProgress,
    RoundView,
    SessionView,
    SettlementView,
    candidate_organization,
    candidate_organization_name,
    current_round,
    get_round,
    round_by_number,
    round_ids,
    round_progress,
)

__all__ = [
    "COUNTING_ENTRANT",
    "CandidateView",
    "Conflict",
    "DelegateDraft",
    "EntrantDraft",
    "EntrantView",
    "PaperCounts",
    "Person",
    "PinLocked",
    "RoundProgress",
    "RoundView",
    "SessionDraft",
    "SessionSetup",
    "SessionView",
    "SettlementView",
    "StationLocked",
    "agreed_papers",
    "candidate_names",
    "candidate_organization",
    "candidate_organization_name",
    "check_entry_open",
    "check_new_serial",
    "check_session",
    "close_round",
    "current_round",
    "draw_lots",
    "get_round",
    "lock_text",
    "open_runoff",
    "open_session",
    "outcome",
    "own_entries",
    "paper_serial",
    "pin_lock_text",
    "record_entry",
    "round_by_number",
    "round_ids",
    "round_progress",
    "session_setup",
    "settle",
    "strike_out",
    "tally_input",
    "unlock",
    "with_vote_facts",
]
