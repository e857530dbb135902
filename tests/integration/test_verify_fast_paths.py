"""`osgo verify`'s fast paths for the usual round say what its paper-by-paper comparisons say: on a faithful record and
on records with their papers changed in every way these paths look at, the report is the same with them as without.

The paths (``verifier.record._counted_as_entered``: every paper entered alike by both sides and counted so;
``chain_facts._Comparison._entries_alike``: the record's entries those of the audit chain, in its order) only decide
that there is nothing to say; a test that they never hide a failure is the only check that they are right.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from osgo_desktop.verifier import chain_facts
from osgo_desktop.verifier import record as verifier
from osgo_desktop.verifier.record import verify_record
from tests.record_support import edited, election

__all__ = ["election"]  # the fixture, imported for pytest

Change = Callable[[dict[str, Any]], None]


def _usual(record: dict[str, Any]) -> dict[str, Any]:
    """The round without a settlement (the runoff), where the fast paths apply."""
    return next(r for r in record["rounds"] if not r["settlements"])


def _entry(record: dict[str, Any], index: int = 4) -> dict[str, Any]:
    entry: dict[str, Any] = _usual(record)["entries"][index]
    return entry


def _marks(change: Callable[[list[str], list[str]], None]) -> Change:
    """A change of one paper's marks on one side (given the round's candidates)."""

    def changed(record: dict[str, Any]) -> None:
        round_ = _usual(record)
        change(_entry(record)["marks"], [c["id"] for c in round_["candidates"]])

    return changed


def _everywhere(change: Callable[[dict[str, Any]], None]) -> Change:
    """A change made alike to both entries of one paper and to its count: what only the fast path's own checks of
    the marks and serials can tell."""

    def changed(record: dict[str, Any]) -> None:
        round_ = _usual(record)
        serial = _entry(record)["serial"]
        for item in (*round_["entries"], *round_["input"]["ballots"]):
            if item["serial"] == serial:
                change(item)

    return changed


def _twice(record: dict[str, Any]) -> None:
    entries = _usual(record)["entries"]
    entries.append(dict(entries[0]))


def _spelled_twice(record: dict[str, Any]) -> None:  # a paper entered and counted again as "7" beside "007"
    round_ = _usual(record)
    serial = _entry(record)["serial"]
    for key in ("entries", "ballots"):
        items = round_["entries"] if key == "entries" else round_["input"]["ballots"]
        items += [{**item, "serial": str(int(serial))} for item in items if item["serial"] == serial]


def _dropped(record: dict[str, Any]) -> None:
    del _usual(record)["entries"][3]


def _respelled(record: dict[str, Any]) -> None:  # "7" for "007" on one side
    _entry(record)["serial"] = str(int(_entry(record)["serial"]))


def _both_sides_and_count(record: dict[str, Any]) -> None:  # one paper changed everywhere the record holds it
    round_ = _usual(record)
    serial = _entry(record)["serial"]
    last = round_["candidates"][-1]["id"]
    for item in (*round_["entries"], *round_["input"]["ballots"]):
        if item["serial"] == serial:
            item["marks"] = [last]


def _counted_otherwise(record: dict[str, Any]) -> None:
    ballot = _usual(record)["input"]["ballots"][2]
    ballot["marks"] = ballot["marks"][1:] if ballot["marks"] else [_usual(record)["candidates"][0]["id"]]


def _reordered(record: dict[str, Any]) -> None:  # the record's entries not in the chain's order
    entries = _usual(record)["entries"]
    entries[0], entries[-1] = entries[-1], entries[0]


def _order_of_marks(record: dict[str, Any]) -> None:  # both sides and the count list a paper's marks backwards
    round_, paper = next((r, b) for r in record["rounds"] for b in r["input"]["ballots"] if len(b["marks"]) > 1)
    for item in (*round_["entries"], paper):
        if item["serial"] == paper["serial"]:
            item["marks"] = list(reversed(item["marks"]))


def _entrant(record: dict[str, Any]) -> None:
    _entry(record)["entrant"] = "Someone Else"


def _moment(record: dict[str, Any]) -> None:
    _entry(record)["at"] = "2026-11-23T08:00:00Z"


def _side(record: dict[str, Any]) -> None:
    _entry(record)["side"] = "observer"


def _not_a_list(record: dict[str, Any]) -> None:
    _entry(record)["marks"] = "2026/04-001"


def _no_entries(record: dict[str, Any]) -> None:
    _usual(record)["entries"] = {}


CHANGES: dict[str, Change | None] = {
    "faithful": None,
    "a mark added": _marks(lambda marks, ids: marks.append(next(i for i in ids if i not in marks))),
    "a mark dropped": _marks(lambda marks, ids: marks.pop() if marks else marks.append(ids[0])),
    "a mark for no candidate": _marks(lambda marks, ids: marks.append("2026/99-001")),
    "a mark twice": _marks(lambda marks, ids: marks.append(marks[0] if marks else ids[0])),
    "a mark for no candidate, everywhere": _everywhere(lambda item: item["marks"].append("2026/99-001")),
    "a mark twice, everywhere": _everywhere(lambda item: item["marks"].extend(item["marks"][:1] or ["2026/04-001"])),
    "a serial spelled otherwise, everywhere": _everywhere(lambda item: item.update(serial=str(int(item["serial"])))),
    "a paper again under another spelling": _spelled_twice,
    "a paper entered twice by one side": _twice,
    "a paper entered by one side only": _dropped,
    "a serial spelled otherwise": _respelled,
    "a paper changed everywhere": _both_sides_and_count,
    "a paper counted otherwise": _counted_otherwise,
    "entries out of order": _reordered,
    "marks listed backwards": _order_of_marks,
    "another entrant": _entrant,
    "another moment": _moment,
    "a side no side": _side,
    "marks no list": _not_a_list,
    "entries no list": _no_entries,
}


def _report(data: bytes) -> list[tuple[str, str, str]]:
    return [(f.what, f.where, f.detail) for f in verify_record(data).failures]


@pytest.mark.parametrize("name", CHANGES)
def test_the_fast_paths_say_what_the_comparisons_say(
    name: str, election: tuple[Path, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    change = CHANGES[name]
    data = election[1] if change is None else edited(election[1], change)
    fast = _report(data)
    with monkeypatch.context() as slow:
        slow.setattr(verifier, "_counted_as_entered", lambda round_, by_id: None)
        slow.setattr(chain_facts._Comparison, "_entries_alike", lambda self, chained, stated, spelled: False)
        compared = _report(data)
    assert fast == compared
    assert bool(fast) == (change is not None)  # each change is one verify finds


def test_the_fast_paths_are_taken_on_the_usual_round(
    election: tuple[Path, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not a speed test: that the faithful record's runoff is found alike by the fast paths themselves (else the test
    above would compare the slow paths with themselves)."""
    taken: list[str] = []
    counted, alike = verifier._counted_as_entered, chain_facts._Comparison._entries_alike

    def count(round_: Any, by_id: Any) -> int | None:
        found = counted(round_, by_id)
        taken.append(f"counted {found is not None}")
        return found

    def compare(self: Any, chained: Any, stated: Any, spelled: Any) -> bool:
        found = alike(self, chained, stated, spelled)
        taken.append(f"alike {found}")
        return found

    monkeypatch.setattr(verifier, "_counted_as_entered", count)
    monkeypatch.setattr(chain_facts._Comparison, "_entries_alike", compare)
    assert verify_record(election[1]).ok
    assert taken.count("counted True") == 1  # the runoff (the first round has a settlement)
    assert taken.count("alike True") == 2
