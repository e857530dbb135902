"""What a committed use case says it changed, and whom that concerns (osgo_desktop.changes)."""

from __future__ import annotations

from osgo_desktop.changes import Area, Changes
from osgo_desktop.storage import models
from osgo_desktop.storage.changes import AREAS


def test_every_table_has_an_area() -> None:
    """A new table must say which screens show it; otherwise its writes would reload the registries' screens."""
    assert set(models.Base.metadata.tables) == set(AREAS)


def test_a_change_concerns_the_screens_of_its_area_and_competition() -> None:
    vote_in_4 = Changes(frozenset({Area.VOTE}), frozenset({4}))
    assert vote_in_4.touches(Area.VOTE, 4)
    assert vote_in_4.touches((Area.COMPETITIONS, Area.VOTE), 4)
    assert vote_in_4.touches(Area.VOTE)  # a screen of every competition
    assert not vote_in_4.touches(Area.VOTE, 5)
    assert not vote_in_4.touches((Area.APPLICATIONS, Area.SCREENING), 4)


def test_a_change_of_no_known_competition_concerns_every_competition() -> None:
    anywhere = Changes(frozenset({Area.REGISTRIES}), None)
    assert anywhere.touches(Area.REGISTRIES, 7)
    assert not anywhere.touches(Area.VOTE, 7)


def test_changes_add_up_and_nothing_is_false() -> None:
    assert not Changes()
    joined = Changes(frozenset({Area.VOTE}), frozenset({1})) | Changes(frozenset({Area.PROTOCOLS}), frozenset({2}))
    assert joined == Changes(frozenset({Area.VOTE, Area.PROTOCOLS}), frozenset({1, 2}))
    assert (joined | Changes(frozenset({Area.REGISTRIES}), None)).competitions is None
    assert Changes.everything().touches(tuple(Area), 99)
