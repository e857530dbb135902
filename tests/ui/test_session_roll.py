"""The session form's voter roll: a Commission competition's is a checklist taken from the data (the admitted
candidates, or a delegate per nominating association), ticked from the keyboard; a council's names the members who
take no ballot for a declared conflict."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from osgo_desktop.domain.profile import Kind, VoterRoll
from osgo_desktop.services import voting
from osgo_desktop.storage.uow import Database
from tests.ui.test_vote_dialogs import error_of, ok_enabled, session_dialog
from tests.voting_support import screened_competition


@pytest.fixture
def council_setup(full_demo_db: Database) -> voting.SessionSetup:
    with full_demo_db.uow() as uow:
        return voting.session_setup(uow, screened_competition(uow))


def commission(setup: voting.SessionSetup, roll: VoterRoll) -> voting.SessionSetup:
    """The demo's setup as a Commission competition's: its candidates, or three associations, make the roll."""
    lines = (
        setup.candidates
        if roll is VoterRoll.CANDIDATES
        else tuple(voting.Person(900 + i, f"«Бирикме {i}»") for i in range(1, 4))
    )
    return dataclasses.replace(setup, kind=Kind.COMMISSION, voter_roll=roll, roll=lines)


def test_the_candidates_are_the_roll_and_an_absent_one_is_ticked_off(
    qtbot: QtBot, council_setup: voting.SessionSetup
) -> None:
    setup = commission(council_setup, VoterRoll.CANDIDATES)
    dialog = session_dialog(qtbot, setup)
    roll = dialog.candidate_roll
    assert roll is not None and roll.count() == len(setup.candidates) == 12
    first = setup.candidates[0]
    assert roll.item(0).text() == first.name and roll.item(0).toolTip() == first.detail
    assert ok_enabled(dialog) and dialog.value().roll_present == tuple(c.id for c in setup.candidates)
    # Space ticks a line off, as on any checklist
    roll.setFocus()
    roll.setCurrentRow(2)
    qtbot.keyClick(roll, Qt.Key.Key_Space)
    assert roll.item(2).checkState() == Qt.CheckState.Unchecked
    assert setup.candidates[2].id not in dialog.value().roll_present
    assert dialog.roll_label.text() == "Voters present: 11 of 12. One voter, one ballot."
    # nobody ticked: the form says so, under the roll
    for row in range(roll.count()):
        roll.item(row).setCheckState(Qt.CheckState.Unchecked)
    assert not ok_enabled(dialog)
    assert error_of(dialog, "voters") == "Nobody on the voter roll is ticked as present."


def test_a_delegate_is_named_against_a_ticked_association(qtbot: QtBot, council_setup: voting.SessionSetup) -> None:
    setup = commission(council_setup, VoterRoll.DELEGATES)
    dialog = session_dialog(qtbot, setup)
    delegates = dialog.delegate_roll
    assert delegates is not None and [tick.text() for _i, tick, _name in delegates.rows] == [
        "«Бирикме 1»",
        "«Бирикме 2»",
        "«Бирикме 3»",
    ]
    assert not ok_enabled(dialog)
    assert error_of(dialog, "voters") == "Enter the name of the delegate of «Бирикме 1»."
    for index, (_i, _tick, name) in enumerate(delegates.rows[:2]):
        name.setText(f"Делегатов Делегат {index}")
    _i, tick, name = delegates.rows[2]
    tick.setChecked(False)  # the third association sent nobody: its name field is off
    assert not name.isEnabled()
    assert ok_enabled(dialog)
    draft = dialog.value()
    assert draft.roll_present == (901, 902)
    assert [d.name for d in draft.delegates] == ["Делегатов Делегат 0", "Делегатов Делегат 1"]


def test_a_council_session_names_who_takes_no_ballot(qtbot: QtBot, council_setup: voting.SessionSetup) -> None:
    member, candidate = council_setup.members[4], council_setup.candidates[0]
    conflict = voting.Conflict(member.id, member.name, candidate.id, candidate.name, "relative")
    dialog = session_dialog(qtbot, dataclasses.replace(council_setup, conflicts=(conflict,)))
    assert dialog.aside_label.isVisible()
    assert dialog.aside_label.text() == (
        f"{member.name} takes no ballot: a conflict of interest towards {candidate.name} is declared."
    )
    dialog.present.item(4).setCheckState(Qt.CheckState.Unchecked)  # absent: nobody stands aside
    assert not dialog.aside_label.isVisible()
