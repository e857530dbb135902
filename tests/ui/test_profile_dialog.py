"""The profile dialog edits the Commission's association rule and voter roll, and a council's replacement days:
what is saved reads back into the form, and a rule that cannot be is refused at its field."""

from __future__ import annotations

from osgo_desktop.domain.person import OrgKind
from osgo_desktop.domain.profile import ASSOCIATION_FORMS, ASSOCIATION_MIN_MEMBERS, VoterRoll
from osgo_desktop.services import registries
from osgo_desktop.storage.uow import Database
from ui.dialogs.profile import FORMS_FIELD, VOTER_ROLL_FIELD
from ui.main_window import MainWindow


def test_the_new_rules_round_trip(window: MainWindow, db: Database) -> None:
    dialog = window.open_profile()
    # what the law says, shown
    assert dialog.spins["commission.association_min_members"].value() == ASSOCIATION_MIN_MEMBERS
    assert dialog.forms.value() == ASSOCIATION_FORMS
    assert dialog.voter_roll.currentData() == VoterRoll.CANDIDATES
    assert dialog.spins["council.replacement_days"].text() == "—"  # the law sets no deadline for a council
    assert dialog._fields[FORMS_FIELD][0].text() == "Commission seats:\nAssociation: forms that count"
    assert dialog._fields[VOTER_ROLL_FIELD][0].text() == "Commission seats:\nVoter roll"

    dialog.spins["commission.association_min_members"].setValue(4)
    dialog.forms.boxes[OrgKind.INSTITUTION].setChecked(False)
    dialog.voter_roll.setCurrentIndex(dialog.voter_roll.findData(VoterRoll.DELEGATES))
    dialog.spins["council.replacement_days"].setValue(30)
    dialog.submit()
    assert not dialog.isVisible()
    saved = db.run(registries.current_profile).value
    assert saved.commission.association_min_members == 4
    assert saved.commission.association_forms == ("public_association", "foundation")
    assert saved.commission.voter_roll is VoterRoll.DELEGATES
    assert saved.council.replacement_days == 30
    assert saved.council.association_min_members is None and saved.council.voter_roll is VoterRoll.CANDIDATES

    again = window.open_profile()  # read back as saved
    assert again.spins["commission.association_min_members"].value() == 4
    assert again.forms.value() == ("public_association", "foundation")
    assert again.voter_roll.currentData() == VoterRoll.DELEGATES
    assert again.spins["council.replacement_days"].value() == 30
    # no association rule: the forms are not asked
    again.spins["commission.association_min_members"].setValue(0)
    assert not again.forms.isEnabled()
    again.submit()
    assert db.run(registries.current_profile).value.commission.association_min_members is None


def test_an_association_rule_without_a_form_is_refused_at_its_field(window: MainWindow, db: Database) -> None:
    dialog = window.open_profile()
    for box in dialog.forms.boxes.values():
        box.setChecked(False)
    assert "at least one form" in dialog._fields["commission.association_min_members"][2].text()
    dialog.submit()
    assert dialog.isVisible()
    assert db.run(registries.current_profile).value.commission.association_forms == ASSOCIATION_FORMS


def test_the_choices_speak_the_language(window: MainWindow, ctx: object) -> None:
    from osgo_desktop import i18n

    dialog = window.open_profile()
    i18n.set_language("ru")
    try:
        dialog.retranslate()
        assert dialog.forms.boxes[OrgKind.FOUNDATION].text() == "Фонд"
        assert "делегаты" in dialog.voter_roll.itemText(1)
        assert dialog.voter_roll.currentData() == VoterRoll.CANDIDATES  # the choice kept across languages
    finally:
        i18n.set_language("en")
