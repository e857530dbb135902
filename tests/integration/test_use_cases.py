"""A use case runs in a unit of work of its own and says what its commit changed (``Database.run``)."""

from __future__ import annotations

import pytest

from osgo_desktop.changes import Area, Changes
from osgo_desktop.domain.registry import StateBodyDraft
from osgo_desktop.errors import ValidationError
from osgo_desktop.services import competitions, registries
from osgo_desktop.storage.uow import Database
from tests.integration.test_services import body, council_draft


def test_a_use_case_returns_its_result_and_the_areas_and_competition_it_wrote(db: Database) -> None:
    body_id = body(db)
    done = db.run(competitions.create_competition, council_draft(body_id))
    assert isinstance(done.value, int)
    assert done.changes == Changes(frozenset({Area.COMPETITIONS}), frozenset({done.value}))
    assert db.run(competitions.get_competition, done.value).value.id == done.value


def test_a_registry_change_concerns_every_competition(db: Database) -> None:
    done = db.run(registries.save_body, StateBodyDraft("Маданият министрлиги", "Министерство культуры"))
    assert done.changes.areas == {Area.REGISTRIES}
    assert done.changes.competitions is None


def test_a_query_changes_nothing(db: Database) -> None:
    db.run(competitions.create_competition, council_draft(body(db)))
    done = db.run(competitions.list_competitions)
    assert len(done.value) == 1
    assert not done.changes


def test_a_refused_use_case_changes_nothing(db: Database) -> None:
    with pytest.raises(ValidationError):
        db.run(registries.save_body, StateBodyDraft("", ""))
    assert db.run(registries.list_bodies).value == []
