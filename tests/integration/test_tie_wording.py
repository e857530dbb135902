"""The protocol says why a tie has no one answer in the same words the voting page shows (domain.voting.tie_text)."""

from __future__ import annotations

from osgo_desktop import i18n
from osgo_desktop.domain.voting import Side, tie_text
from osgo_desktop.services import printing, voting
from osgo_desktop.storage.uow import Database
from tests.voting_support import ballots_from_counts, enter_all, open_session


def test_the_protocol_names_the_organisation_two_tied_candidates_share(full_demo_db: Database) -> None:
    # six clear; Байтемиров (No. 2) and Кенжебаева (No. 5) of one organisation tie with Ногойбаева (No. 7)
    round_id = open_session(full_demo_db)
    papers = ballots_from_counts({1: 15, 3: 14, 4: 13, 6: 12, 9: 11, 8: 10, 2: 9, 5: 9, 7: 9}, 15)
    enter_all(full_demo_db, round_id, papers, Side.SECRETARIAT)
    enter_all(full_demo_db, round_id, papers, Side.COUNTING)
    with full_demo_db.uow() as uow:
        voting.close_round(uow, round_id, voting.PaperCounts(15, 15, 0))
        view = voting.get_round(uow, round_id)
        data = printing.vote_protocol(uow, round_id, "ru")
    cause = view.tie_cause
    assert cause is not None and cause.seats == 1 and len(cause.candidates) == 3 and len(cause.organizations) == 1
    names = {c.tally_id: c.name for c in view.candidates}
    organizations = {c.organization: c.organization_name.get("ru") for c in view.candidates if c.organization_name}
    with i18n.language("ru"):
        said = tie_text(cause, names, organizations)
    assert data.tie is not None and data.tie.explanation == said
    assert "выдвинуты одной и той же организацией" in said
    tied = {row.number: row.reason for row in data.ranking if row.standing == "tie"}
    assert set(tied) == {2, 5, 7}
    assert tied[2].startswith("из той же организации, что и ") and "Кенжебаева" in tied[2]
    assert tied[7] == "равное число голосов с остальными"
