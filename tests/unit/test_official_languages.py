"""The regulation profile names the official languages every protocol is issued in before a competition closes."""

from __future__ import annotations

import dataclasses
import json

import pytest

from osgo_desktop.domain.profile import LAW_2014, ProfileError, RegulationProfile


def test_kyrgyz_and_russian_by_default_and_kept_in_the_json() -> None:
    assert LAW_2014.official_languages == ("ky", "ru")
    russian_only = dataclasses.replace(LAW_2014, official_languages=("ru",))
    assert json.loads(russian_only.to_json())["official_languages"] == ["ru"]
    assert RegulationProfile.from_json(russian_only.to_json()).official_languages == ("ru",)


def test_a_profile_stored_before_the_languages_were_data_has_both() -> None:
    older = LAW_2014.to_obj()
    assert "official_languages" not in older  # the default is not written: a stored profile keeps its text
    assert RegulationProfile.from_obj(older).official_languages == ("ky", "ru")
    only_kyrgyz = dataclasses.replace(LAW_2014, official_languages=("ky",))
    assert RegulationProfile.from_obj(only_kyrgyz.to_obj()).official_languages == ("ky",)


@pytest.mark.parametrize("value", [[], ["en"], ["ky", "ky"], "ky", [1]])
def test_a_language_no_protocol_is_printed_in_is_refused(value: object) -> None:
    broken = {**LAW_2014.to_obj(), "official_languages": value}
    with pytest.raises(ProfileError, match="official_languages"):
        RegulationProfile.from_obj(broken)
