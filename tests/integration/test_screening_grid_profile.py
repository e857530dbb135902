"""The screening grid reads the competition's profile once per grid, not once per application (issue 13: a
campaign screens 36 grids of 40), and its rows say what the applications' list says."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from osgo_desktop.domain.profile import RegulationProfile
from osgo_desktop.services import applications
from osgo_desktop.storage import models
from osgo_desktop.storage.uow import Database


def test_the_grid_parses_the_profile_once_whatever_its_rows(
    full_demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    with full_demo_db.uow() as uow:
        competition_id = uow.session.scalars(
            select(models.Competition.id).where(models.Competition.number == "2026/04")
        ).one()
        listed = applications.list_applications(uow, competition_id)
    parsed: list[object] = []
    original = RegulationProfile.from_obj.__func__  # type: ignore[attr-defined]

    def counted(cls: type[RegulationProfile], data: object) -> RegulationProfile:
        parsed.append(data)
        return original(cls, data)  # type: ignore[no-any-return]

    monkeypatch.setattr(RegulationProfile, "from_obj", classmethod(counted))
    with full_demo_db.uow() as uow:
        grid = applications.screening_grid(uow, competition_id)
    assert len(grid.rows) == len(listed) > 10
    assert len(parsed) <= 2  # the grid's rules, and the cross rules' (one for the whole grid each)
    # the rows are the list's rows: what is missing, who is late
    assert [r.application for r in grid.rows] == listed
