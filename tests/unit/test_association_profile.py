"""The association rule as profile data: a profile stored before it was data reads back with the law's rule and
is written back as the same text; a changed rule round-trips; a rule that cannot be right is refused."""

from __future__ import annotations

import dataclasses
import json

import pytest

from osgo_desktop.domain.profile import LAW_2014, ProfileError, RegulationProfile, validate_profile


def stored_before() -> str:
    """LAW_2014 as it was stored before the association rule was data: no such keys in either kind."""
    obj = json.loads(LAW_2014.to_json())
    for kind in ("commission", "council"):
        obj[kind].pop("association_min_members", None)
        obj[kind].pop("association_forms", None)
    return json.dumps(obj, ensure_ascii=False, sort_keys=True)


def test_the_law_writes_no_new_keys() -> None:
    assert LAW_2014.to_json() == stored_before()


def test_a_profile_stored_before_reads_the_laws_rule_and_writes_the_same_text() -> None:
    old = stored_before()
    profile = RegulationProfile.from_json(old)
    assert profile.commission.association_min_members == 3
    assert profile.commission.association_forms == ("public_association", "foundation", "institution")
    assert profile.council.association_min_members is None and profile.council.association_forms == ()
    assert profile == LAW_2014 and profile.to_json() == old


@pytest.mark.parametrize(("minimum", "forms"), [(4, ("foundation",)), (None, ())])
def test_a_changed_rule_round_trips(minimum: int | None, forms: tuple[str, ...]) -> None:
    changed = dataclasses.replace(
        LAW_2014,
        commission=dataclasses.replace(LAW_2014.commission, association_min_members=minimum, association_forms=forms),
    )
    assert RegulationProfile.from_json(changed.to_json()) == changed


def test_a_rule_that_cannot_be_right() -> None:
    broken = json.loads(LAW_2014.to_json())
    broken["commission"]["association_forms"] = "foundation"
    with pytest.raises(ProfileError, match="association_forms"):
        RegulationProfile.from_obj(broken)
    nobody = dataclasses.replace(
        LAW_2014, commission=dataclasses.replace(LAW_2014.commission, association_min_members=0)
    )
    assert "commission.association_min_members" in validate_profile(nobody)
