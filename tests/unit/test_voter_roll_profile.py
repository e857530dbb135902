"""The regulation profile chooses who votes in a Commission competition: the candidates, or association delegates."""

from __future__ import annotations

import dataclasses
import json

import pytest

from osgo_desktop.domain.profile import LAW_2014, ProfileError, RegulationProfile, VoterRoll


def by_delegates() -> RegulationProfile:
    return dataclasses.replace(
        LAW_2014, commission=dataclasses.replace(LAW_2014.commission, voter_roll=VoterRoll.DELEGATES)
    )


def test_the_candidates_vote_by_default_and_a_stored_profile_keeps_its_text() -> None:
    assert LAW_2014.commission.voter_roll is VoterRoll.CANDIDATES
    stored = LAW_2014.to_json()
    assert "voter_roll" not in stored  # written only when it differs from the default
    assert RegulationProfile.from_json(stored).to_json() == stored


def test_delegates_are_kept_in_the_json() -> None:
    text = by_delegates().to_json()
    assert json.loads(text)["commission"]["voter_roll"] == "delegates"
    assert RegulationProfile.from_json(text).commission.voter_roll is VoterRoll.DELEGATES
    assert RegulationProfile.from_json(text).to_json() == text


def test_an_unknown_roll_is_refused() -> None:
    broken = LAW_2014.to_obj()
    broken["commission"]["voter_roll"] = "everyone"
    with pytest.raises(ProfileError):
        RegulationProfile.from_obj(broken)
