"""Two people changing the same record: the second is told who changed it and when, and loses nothing (the
optimistic version check, ``storage.versions``)."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import select

from osgo_desktop.domain.lifecycle import EDITABLE_STATES
from osgo_desktop.domain.person import OrganizationDraft
from osgo_desktop.services import applications, competitions, registries
from osgo_desktop.storage import models
from osgo_desktop.storage.uow import Database
from osgo_desktop.storage.versions import ChangedMeanwhile

AIGUL = "Айгүл Токтосунова (aigul)"
BAKYT = "Бакыт Асанов (bakyt)"


def _editable_competition(db: Database) -> int:
    with db.uow() as uow:
        return next(r.id for r in competitions.list_competitions(uow) if r.state in EDITABLE_STATES)


def test_a_competition_saved_from_a_form_filled_before_someone_elses_save_is_refused(full_demo_db: Database) -> None:
    competition_id = _editable_competition(full_demo_db)
    with full_demo_db.uow() as uow:  # both open the edit form
        detail = competitions.get_competition(uow, competition_id)
        draft = competitions.draft_of(uow, competition_id)
    assert detail.row_version is not None
    with full_demo_db.uow(actor=AIGUL) as uow:
        competitions.update_competition(
            uow, competition_id, dataclasses.replace(draft, notes="Aigül's note"), detail.row_version
        )
    with full_demo_db.uow(actor=BAKYT) as uow, pytest.raises(ChangedMeanwhile) as refused:
        competitions.update_competition(
            uow, competition_id, dataclasses.replace(draft, notes="Bakyt's note"), detail.row_version
        )
    assert refused.value.who == AIGUL and refused.value.when  # who and when, from the audit log
    assert AIGUL in str(refused.value) and "your entries are still in the form" in str(refused.value)
    with full_demo_db.uow() as uow:
        again = competitions.get_competition(uow, competition_id)
    assert again.notes == "Aigül's note"  # the first save stands; nothing of the second was written
    assert again.row_version == detail.row_version + 1
    # opened again, the form saves
    with full_demo_db.uow(actor=BAKYT) as uow:
        competitions.update_competition(
            uow, competition_id, dataclasses.replace(draft, notes="Bakyt's note"), again.row_version
        )
    assert full_demo_db.check_audit().ok


def test_two_units_of_work_writing_one_row_at_once_cannot_both_win(full_demo_db: Database) -> None:
    """Without a form's version (a use case that reads and writes at once): the row's version in the UPDATE."""
    competition_id = _editable_competition(full_demo_db)
    with full_demo_db.uow(actor=AIGUL) as first, full_demo_db.uow(actor=BAKYT) as second:
        one = first.competitions.require(competition_id)
        other = second.competitions.require(competition_id)
        one.notes = "first"
        other.notes = "second"
        first.commit()
        with pytest.raises(ChangedMeanwhile):
            second.commit()
    with full_demo_db.uow() as uow:
        assert competitions.get_competition(uow, competition_id).notes == "first"
    assert full_demo_db.check_audit().ok


def test_the_registries_refuse_a_stale_form(full_demo_db: Database) -> None:
    with full_demo_db.uow() as uow:
        organization = registries.list_organizations(uow)[0]
        member = registries.list_commission(uow)[0]
        association = registries.list_associations(uow)[0]
    draft = OrganizationDraft(organization.name + " (A)", organization.kind, organization.registration_number)
    with full_demo_db.uow(actor=AIGUL) as uow:
        registries.save_organization(uow, draft, organization.id, organization.row_version)
    with full_demo_db.uow(actor=BAKYT) as uow, pytest.raises(ChangedMeanwhile):
        registries.save_organization(
            uow, dataclasses.replace(draft, name=organization.name + " (B)"), organization.id, organization.row_version
        )
    # a Commission member edited twice from the same loaded row
    member_draft = registries._member_draft(member)  # what the member form returns for the row, unchanged
    with full_demo_db.uow(actor=AIGUL) as uow:
        registries.save_member(
            uow, dataclasses.replace(member_draft, contact="+996 555 000 001"), member.id, member.row_version
        )
    with full_demo_db.uow(actor=BAKYT) as uow, pytest.raises(ChangedMeanwhile):
        registries.save_member(
            uow, dataclasses.replace(member_draft, contact="+996 555 000 002"), member.id, member.row_version
        )
    # an association whose members alone changed has moved on too
    with full_demo_db.uow(actor=AIGUL) as uow:
        registries.save_association(
            uow,
            registries.AssociationDraft(association.name, association.member_ids[:-1], association.active),
            association.id,
            association.row_version,
        )
    with full_demo_db.uow(actor=BAKYT) as uow, pytest.raises(ChangedMeanwhile):
        registries.save_association(
            uow,
            registries.AssociationDraft(association.name + " (B)", association.member_ids, association.active),
            association.id,
            association.row_version,
        )
    with full_demo_db.uow() as uow:
        names = {o.name for o in registries.list_organizations(uow)}
    assert organization.name + " (A)" in names and organization.name + " (B)" not in names
    assert full_demo_db.check_audit().ok


def test_an_application_edited_meanwhile_is_refused(full_demo_db: Database) -> None:
    with full_demo_db.uow() as uow:
        application_id = uow.session.scalars(
            select(models.Application.id)
            .join(models.Competition)
            .where(models.Competition.number == "2026/01", models.Application.withdrawn_at.is_(None))
            .order_by(models.Application.id)
        ).first()
        assert application_id is not None
        detail = applications.get_application(uow, application_id)
    assert detail.versions is not None
    with full_demo_db.uow(actor=AIGUL) as uow:
        applications.update_application(
            uow,
            application_id,
            dataclasses.replace(detail.person, phone="+996 700 111 222"),
            detail.intake,
            detail.versions,
        )
    with full_demo_db.uow(actor=BAKYT) as uow, pytest.raises(ChangedMeanwhile) as refused:
        applications.update_application(
            uow,
            application_id,
            dataclasses.replace(detail.person, phone="+996 700 333 444"),
            detail.intake,
            detail.versions,
        )
    assert refused.value.who == AIGUL
    assert full_demo_db.check_audit().ok
