"""The facts a record prints, rebuilt from its own audit chain (issue 14, item 1; docs/record.md, check 9).

The audit chain in a record holds every row the app ever wrote (``storage.audit``): the latest entry of a row (its
table and key) that is not a delete is the row as it stood when the record was made. :class:`ChainFacts` is fed
the entries one by one, in one pass (they may be streamed from the zip: it never holds them, only a compact state
per row of the tables it needs), and then compared with the record: every round's entries and settlements paper by
paper, its candidates' numbers, paper counts, drawing of lots, stored tally input and result; every vote session's
place, time, roll and voters; in a record whose chain carries them (format 2), the candidates' registration
numbers, names, sex and organisations and who entered each paper. So a record rewritten consistently — ballots,
counts, result, outcome and fingerprints — still fails: its chain says otherwise.

A closed competition's record is the one frozen at the close (``services.record.freeze``), when the competition's
row took its ``closed_record``: the rows are taken as they stood at that entry (a name corrected in the registry
later does not change a closed record). An entry whose ``data`` is null is withheld (a format-1 record withholds
whole tables): what needs it is named in a note, not failed — unless its table is not one the record withholds.

Pure: no database, no Qt.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from osgo_desktop.domain.registry import full_name
from osgo_desktop.domain.voting import SIDE_LABELS
from osgo_desktop.i18n import N_, _
from osgo_desktop.verifier.rows import LongText, Rows
from osgo_desktop.verifier.spelled import Spelled

#: the tables whose rows the comparison needs
_COMPETITION: Final = "competition"
_ROUND: Final = "vote_round"
_CANDIDATE: Final = "round_candidate"
_ENTRY: Final = "ballot_entry"
_SETTLEMENT: Final = "ballot_settlement"
_SESSION: Final = "vote_session"
_VOTER: Final = "voter"
_ENTRANT: Final = "entrant"
_APPLICATION: Final = "application"
_PERSON: Final = "person"
_ORGANIZATION: Final = "organization"
_ASSOCIATION: Final = "association"
#: the tables whose rows stop changing for this record once its competition is closed (the record was frozen then)
_FACT_TABLES: Final = frozenset(
    {
        _ROUND,
        _CANDIDATE,
        _ENTRY,
        _SETTLEMENT,
        _SESSION,
        _VOTER,
        _ENTRANT,
        _APPLICATION,
        _PERSON,
        _ORGANIZATION,
        _ASSOCIATION,
    }
)
_LIVE: Final = frozenset({"insert", "update", "baseline"})
#: a ballot entry as this state keeps it: (round id, serial, side, entrant id, marks as stored, at)
_EntryRow = tuple[int, int, str, int, str, str | None]
#: a row of a withheld entry: it exists, what it says is not in the record
WITHHELD: Final = None

#: a fact's name for a person (the record's key follows it where they differ)
_FACTS: Final = {
    "marks": N_("marks"),
    "entrant": N_("entered by"),
    "at": N_("time"),
    "note": N_("note"),
    "secretariat": N_("settled by (secretariat)"),
    "counting": N_("settled by (counting commission)"),
    "number": N_("number"),
    "session": N_("session"),
    "runoff": N_("runoff"),
    "state": N_("state"),
    "papers": N_("paper counts"),
    "candidates": N_("candidates on the paper"),
    "lots": N_("drawing of lots"),
    "input": N_("tally input"),
    "result": N_("result"),
    "held_on": N_("date"),
    "place": N_("place"),
    "place_ru": N_("place (Russian)"),
    "start_time": N_("start time"),
    "mode": N_("mode"),
    "members_total": N_("members in all"),
    "quorum": N_("quorum"),
    "present": N_("members present"),
    "chair": N_("chair"),
    "secretary": N_("secretary"),
    "counting_present": N_("counting commission present"),
    "voters": N_("voters present"),
    "entrants": N_("who entered the papers"),
    "name": N_("name"),
    "sex": N_("sex"),
    "organization": N_("organisation"),
    "organization_ru": N_("organisation (Russian)"),
}

#: what a format-1 record cannot have compared with its chain, by the table it withholds
_UNCHECKED: Final = {
    _ENTRANT: N_("who entered each paper, settled it or entered the drawn order"),
    _APPLICATION: N_("the candidates' registration numbers, names, sex and organisations"),
}


@dataclass(frozen=True)
class FactFailure:
    """A fact of the record the chain does not bear out: ``where`` (a round and paper, a session, a candidate) and
    ``detail``, both for a person in the current language."""

    where: str
    detail: str


@dataclass(frozen=True)
class FactCheck:
    failures: tuple[FactFailure, ...]
    #: what could not be compared with the chain, and why (not failures)
    notes: tuple[str, ...]


def _show(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def _label(key: str) -> str:
    label = _FACTS.get(key)
    if label is None or _(label) == key:
        return key
    return f"{_(label)} ({key})"


def _printed(serial: int) -> str:
    return f"{serial:03d}"


def _moment(stored: object) -> str | None:
    """A stored moment as the record prints it: to the second, UTC (``services.record._moment``)."""
    return None if not isinstance(stored, str) or not stored else stored[:19] + "Z"


def _json(stored: object) -> Any:
    """A JSON column as the chain holds it (its stored text; "" for none)."""
    if isinstance(stored, LongText):  # no column read whole is ever so long (verifier.rows)
        raise ValueError(f"a JSON column of {stored.length} characters")
    if not isinstance(stored, str) or stored == "":
        return None
    return json.loads(stored)


def _digest(stored: object) -> bytes | None:
    """The SHA-256 of a stored text (``verifier.rows`` gives a long one as its digest); None for none."""
    if isinstance(stored, LongText):
        return stored.sha256
    if not isinstance(stored, str) or stored == "":
        return None
    return hashlib.sha256(stored.encode("utf-8")).digest()


def _stored(stored: object) -> str | LongText | None:
    """A stored text as this state keeps it: None for none ("")."""
    return stored if isinstance(stored, LongText) or (isinstance(stored, str) and stored) else None


def _stored_digest(value: object) -> bytes | None:
    """The digest of ``value`` as its column stores it (``storage.types.JSONText(sort_keys=True,
    ensure_ascii=False)``): equal to the chain's when the record holds the very value stored."""
    if value is None:
        return None
    return hashlib.sha256(json.dumps(value, sort_keys=True, ensure_ascii=False).encode("utf-8")).digest()


def _key(table: str, key: object) -> object:
    """A row's key as this state keeps it: the id, or the values of a composite key in column order."""
    if isinstance(key, str) and key.startswith('{"id":') and key.endswith("}"):
        try:
            return int(key[6:-1])
        except ValueError:
            pass
    parsed = json.loads(key) if isinstance(key, str) else None
    if not isinstance(parsed, dict):
        raise ValueError(f"audit entry of {table}: key {key!r}")
    if set(parsed) == {"id"}:
        return parsed["id"]
    return tuple(parsed[name] for name in sorted(parsed))


class ChainFacts:
    """Fed the audit entries of a record one by one (:meth:`feed`), then compared with it (:meth:`check`).

    ``number``: the record's competition; ``withheld``: the tables a format-1 record withholds (their entries' data
    is null), empty for format 2; ``rows``: what reads an entry's row (``verifier.rows``: a ``Rows`` shared with the
    chain check fed in the same pass reads each row once)."""

    def __init__(self, number: str, withheld: Collection[str] = (), rows: Rows | None = None) -> None:
        self.number = number
        self._rows = rows if rows is not None else Rows()
        self.withheld = frozenset(withheld)
        self.competitions: dict[int, str] = {}
        #: the competition's row took its frozen record: the fact tables stand as they were then
        self.frozen = False
        #: competition id -> (seq, frozen record) of the latest entry of its row holding its frozen record: the text
        #: as its column spells it, or a text too long to hold as its digest (``verifier.rows``)
        self.frozen_records: dict[int, tuple[int, str | LongText]] = {}
        self.rounds: dict[int, dict[str, Any]] = {}
        #: (application id, round id) -> number on the paper
        self.round_candidates: dict[tuple[int, int], int] = {}
        #: id -> (round id, serial, side, entrant id, marks as stored ("[1, 4, 7]"), at)
        self.entries: dict[int, _EntryRow] = {}
        #: id -> (round id, serial, marks or None when struck out, note, secretariat id, counting id, at)
        self.settlements: dict[int, tuple[int, int, tuple[int, ...] | None, str, int, int, str | None]] = {}
        self.sessions: dict[int, dict[str, Any]] = {}
        #: id -> (session id, number, name, present)
        self.voters: dict[int, tuple[int, int, str, bool]] = {}
        #: id -> (session id, side, name), None when withheld
        self.entrants: dict[int, tuple[int, str, str] | None] = {}
        #: id -> (competition id, number, person id, association id, organisation id), None when withheld
        self.applications: dict[int, tuple[int, int, int, int | None, int | None] | None] = {}
        #: id -> (full name, sex), None when withheld
        self.people: dict[int, tuple[str, str] | None] = {}
        #: id -> (name, name_ru)
        self.organizations: dict[int, tuple[str, str]] = {}
        self.associations: dict[int, tuple[str, str]] = {}
        #: the tables whose entries came without data, and the first such entry of a table the record does not
        #: say it withholds
        self.withheld_seen: set[str] = set()
        self.blanked: dict[str, int] = {}

    # --- feeding ------------------------------------------------------------------------------------------------

    def feed_all(self, entries: Iterable[Mapping[str, Any]]) -> None:
        for entry in entries:
            self.feed(entry)

    def feed(self, entry: Mapping[str, Any]) -> None:
        """One audit entry, in the chain's order. A malformed one raises (``ValueError``, ``KeyError``,
        ``TypeError``): the caller names the record as malformed."""
        table = entry.get("table")
        if table == _COMPETITION:
            self._competition(entry)
            return
        if table not in _FACT_TABLES or self.frozen:
            return
        action = entry.get("action")
        if action not in _LIVE and action != "delete":
            return
        if table == _ENTRY and action in _LIVE and self._entry_row(entry.get("data")):
            return
        key = _key(table, entry.get("key"))
        if action == "delete":
            getattr(self, _STATE[table]).pop(key, None)
            return
        raw = entry.get("data")
        if raw is None:
            self.withheld_seen.add(table)
            if table not in self.withheld:
                self.blanked.setdefault(table, int(entry.get("seq") or 0))
            if table in (_ENTRANT, _APPLICATION, _PERSON):
                getattr(self, _STATE[table])[key] = WITHHELD
            return
        data = self._rows(raw)
        if not isinstance(data, dict):
            raise ValueError(f"audit entry {entry.get('seq')}: data is not an object")
        _READERS[table](self, key, data)

    def _competition(self, entry: Mapping[str, Any]) -> None:
        if entry.get("action") == "delete":
            key = _key(_COMPETITION, entry.get("key"))
            if isinstance(key, int):
                self.competitions.pop(key, None)
            return
        raw = entry.get("data")
        if raw is None:
            self.withheld_seen.add(_COMPETITION)
            self.blanked.setdefault(_COMPETITION, int(entry.get("seq") or 0))
            return
        data = self._rows(raw)
        self.competitions[int(data["id"])] = str(data["number"])
        frozen = data.get("closed_record")
        if data["number"] == self.number and (isinstance(frozen, LongText) or (isinstance(frozen, str) and frozen)):
            self.frozen = True  # the record was frozen here: the rows that follow are not in it
            # the frozen record itself (a decision on filling a vacancy adds to it later)
            self.frozen_records[int(data["id"])] = (int(entry.get("seq") or 0), frozen)

    def _round(self, key: object, d: dict[str, Any]) -> None:
        self.rounds[int(d["id"])] = {
            "competition": d["competition_id"],
            "number": d["number"],
            "session": d["session_id"],
            "runoff": d["runoff_of_id"] is not None,
            "state": d["state"],
            "papers": {
                "printed": d["papers_printed"],
                "issued": d["papers_issued"],
                "returned": d["papers_returned"],
                "unused": d["papers_unused"],
            },
            "lot_order": _json(d.get("lot_order")) or [],
            "lots_entrant": d.get("lots_entrant_id"),
            "lots_note": d.get("lots_note", ""),
            # the columns' texts (a long one as its digest: verifier.rows), compared with the record's as written
            # (verifier.spelled), else by their digests
            "input": _stored(d.get("input_json")),
            "result": _stored(d.get("result_json")),
        }

    def _candidate(self, key: object, d: dict[str, Any]) -> None:
        self.round_candidates[int(d["application_id"]), int(d["round_id"])] = int(d["number"])

    def _entry_row(self, raw: object) -> bool:
        """A ballot entry's row read without a JSON parser, when it is spelled as the app stores it (the one table
        that grows with the papers: 200,000 rows for 100,000 ballots); False: read it the long way."""
        found = self._rows.ballot_entry(raw)
        if found is None:
            return False
        at, entrant, row_id, marks, round_id, serial, side = found.groups()
        self.entries[int(row_id)] = (
            int(round_id),
            int(serial),
            sys.intern(side),
            int(entrant),
            marks,
            at[:19] + "Z",
        )
        return True

    def _entry(self, key: object, d: dict[str, Any]) -> None:
        self.entries[int(d["id"])] = (
            int(d["round_id"]),
            int(d["serial"]),
            sys.intern(str(d["side"])),
            int(d["entrant_id"]),
            d["marks"] if isinstance(d["marks"], str) else json.dumps(d["marks"]),
            _moment(d.get("entered_at")),
        )

    def _settlement(self, key: object, d: dict[str, Any]) -> None:
        marks = _json(d.get("marks"))
        self.settlements[int(d["id"])] = (
            int(d["round_id"]),
            int(d["serial"]),
            None if d.get("struck_out") or marks is None else tuple(int(m) for m in marks),
            str(d.get("note", "")),
            int(d["secretariat_entrant_id"]),
            int(d["counting_entrant_id"]),
            _moment(d.get("settled_at")),
        )

    def _session(self, key: object, d: dict[str, Any]) -> None:
        self.sessions[int(d["id"])] = {
            "competition": d["competition_id"],
            "held_on": d["held_on"],
            "place": d["place"],
            "place_ru": d.get("place_ru", ""),
            "start_time": d["start_time"],
            "mode": d["mode"],
            "members_total": d["members_total"],
            "quorum": d["quorum"],
            "roll": _json(d.get("roll")),
        }

    def _voter(self, key: object, d: dict[str, Any]) -> None:
        self.voters[int(d["id"])] = (int(d["session_id"]), int(d["number"]), str(d["name"]), bool(d["present"]))

    def _entrant(self, key: object, d: dict[str, Any]) -> None:
        self.entrants[int(d["id"])] = (int(d["session_id"]), str(d["side"]), str(d["name"]))

    def _application(self, key: object, d: dict[str, Any]) -> None:
        self.applications[int(d["id"])] = (
            int(d["competition_id"]),
            int(d["number"]),
            int(d["person_id"]),
            d.get("association_id"),
            d.get("organization_id"),
        )

    def _person(self, key: object, d: dict[str, Any]) -> None:
        name = full_name(str(d["surname"]), str(d["name"]), str(d.get("patronymic") or ""))
        self.people[int(d["id"])] = (name, str(d["sex"]))

    def _organization(self, key: object, d: dict[str, Any]) -> None:
        self.organizations[int(d["id"])] = (str(d["name"]), str(d.get("name_ru") or ""))

    def _association(self, key: object, d: dict[str, Any]) -> None:
        self.associations[int(d["id"])] = (str(d["name"]), str(d.get("name_ru") or ""))

    # --- comparing ----------------------------------------------------------------------------------------------

    def check(self, record: Mapping[str, Any], spelled: Spelled | None = None) -> FactCheck:
        """The record's facts against the chain's: every mismatch named. ``spelled``: the text record.json wrote
        each part as, where it is known (``verifier.spelled``)."""
        return _Comparison(self, record, spelled or Spelled()).run()


_STATE: Final = {
    _ROUND: "rounds",
    _CANDIDATE: "round_candidates",
    _ENTRY: "entries",
    _SETTLEMENT: "settlements",
    _SESSION: "sessions",
    _VOTER: "voters",
    _ENTRANT: "entrants",
    _APPLICATION: "applications",
    _PERSON: "people",
    _ORGANIZATION: "organizations",
    _ASSOCIATION: "associations",
}
_READERS: Final = {
    _ROUND: ChainFacts._round,
    _CANDIDATE: ChainFacts._candidate,
    _ENTRY: ChainFacts._entry,
    _SETTLEMENT: ChainFacts._settlement,
    _SESSION: ChainFacts._session,
    _VOTER: ChainFacts._voter,
    _ENTRANT: ChainFacts._entrant,
    _APPLICATION: ChainFacts._application,
    _PERSON: ChainFacts._person,
    _ORGANIZATION: ChainFacts._organization,
    _ASSOCIATION: ChainFacts._association,
}


def _paper(round_number: object, serial: object) -> str:
    return _("round {round}, paper {serial}").format(round=round_number, serial=serial)


def _round_where(round_number: object) -> str:
    return _("round {round}").format(round=round_number)


class _Comparison:
    def __init__(self, chain: ChainFacts, record: Mapping[str, Any], spelled: Spelled) -> None:
        self.chain = chain
        self.record = record
        self.spelled = spelled
        self.failures: list[FactFailure] = []
        #: tables whose withheld data kept a fact from being compared
        self.unchecked: set[str] = set()
        #: the record is the frozen one the chain holds, whole
        self.bound_whole = False

    def fail(self, where: str, detail: str) -> None:
        self.failures.append(FactFailure(where, detail))

    def differs(self, where: str, key: str, chain: object, record: object) -> None:
        self.fail(
            where,
            _("{fact}: the audit chain says {chain}; the record says {record}").format(
                fact=_label(key), chain=_show(chain), record=_show(record)
            ),
        )

    def run(self) -> FactCheck:
        chain = self.chain
        for table, seq in sorted(chain.blanked.items(), key=lambda item: item[1]):
            self.fail(
                _("audit entry {seq}").format(seq=seq),
                _(
                    "holds no data, though its table ({table}) is not one the record withholds: the facts it held "
                    "cannot be compared with the record"
                ).format(table=table),
            )
        competition = self._competition()
        if competition is not None and competition in chain.frozen_records:
            self._frozen(*chain.frozen_records[competition])
        if competition is not None:
            self.entrant_names = self._entrant_names()
            self.tally_ids = self._tally_ids(competition)
            self._rounds(competition)
            self._sessions(competition)
            self._candidates(competition)
        return FactCheck(tuple(self.failures), self._notes())

    def _frozen(self, seq: int, stored: str | LongText) -> None:
        """A closed competition's record is the one frozen at the close, which the chain holds whole in its row: the
        record, but for what the export adds and the corrections made since, must be it, byte for byte in the
        column's spelling (so every fact in it is bound to the chain, even those a format-1 record withholds)."""
        frozen = {k: v for k, v in self.record.items() if k not in _EXPORTED}
        variants: list[dict[str, Any]] = [{"amendments": []}]
        if frozen.get("amendments"):  # the corrections follow the close; a record of older data may hold them
            variants.append({})
        formats = [f for f in _FORMATS if f != frozen.get("format")]  # a record frozen before format 2 says 1
        variants += [{**v, "format": f} for v in list(variants) for f in formats]
        # first with each part as record.json wrote it, where that is known (compared as it stands:
        # verifier.spelled; the first piece that differs ends a try), then spelled out again (a record written
        # otherwise: exported before, edited, or streamed)
        written = self.spelled.pieces if self.spelled.spans else None
        if (
            written is not None
            and any(_spelled_as(_pieces({**frozen, **v}, written=written, kept=v), stored) for v in variants)
        ) or any(_spelled_as(_pieces({**frozen, **v}), stored) for v in variants):
            self.bound_whole = True
            return
        self.fail(
            _("audit entry {seq}").format(seq=seq),
            _(
                "holds the record as it was frozen when the competition closed, and this record is not it: it was "
                "changed after the close"
            ),
        )

    def _notes(self) -> tuple[str, ...]:
        if self.bound_whole:
            return ()
        facts = [_(_UNCHECKED[t]) for t in (_ENTRANT, _APPLICATION) if t in self.unchecked]
        if not facts:
            return ()
        return (
            _(
                "Not compared with the audit chain, because this record withholds the data of the tables that hold "
                "them (a record of format 1): {facts}."
            ).format(facts="; ".join(facts)),
        )

    def _competition(self) -> int | None:
        chain = self.chain
        ids = sorted(cid for cid, number in chain.competitions.items() if number == chain.number)
        if len(ids) > 1:  # the one whose vote sessions the record gives
            sessions = {s.get("id") for s in self.record.get("sessions") or () if isinstance(s, Mapping)}
            owning = {chain.sessions[s]["competition"] for s in sessions if s in chain.sessions}
            ids = [cid for cid in ids if cid in owning] or ids[-1:]
        if not ids:
            self.fail(
                _("audit chain"),
                _("holds no competition numbered {number}: the record's facts cannot be found in it").format(
                    number=_show(chain.number)
                ),
            )
            return None
        return ids[0]

    # --- names the record prints for ids the chain holds

    def _entrant_names(self) -> dict[int, str | None]:
        """Each entrant's name (None: withheld)."""
        return {eid: None if e is None else e[2] for eid, e in self.chain.entrants.items()}

    def _entrant(self, entrant_id: int | None) -> tuple[bool, str | None]:
        """(known, name): the name the record prints for ``entrant_id`` ("" for none), unknown when withheld."""
        if entrant_id is None or entrant_id not in self.entrant_names:
            return True, ""
        name = self.entrant_names[entrant_id]
        if name is None:
            self.unchecked.add(_ENTRANT)
            return False, None
        return True, name

    def _tally_ids(self, competition: int) -> dict[int, str | None]:
        """Each application of the competition: its registration number ("2026/04-003"); None when withheld."""
        ids: dict[int, str | None] = {}
        for aid, application in self.chain.applications.items():
            if application is None:
                ids[aid] = None
            elif application[0] == competition:
                ids[aid] = f"{self.chain.number}-{application[1]:03d}"
        return ids

    # --- rounds

    def _rounds(self, competition: int) -> None:
        chain = self.chain
        mine = {rid: r for rid, r in chain.rounds.items() if r["competition"] == competition}
        by_number = {r["number"]: rid for rid, r in mine.items()}
        stated = {r["number"]: r for r in self.record["rounds"]}
        for number in sorted(by_number.keys() - stated.keys()):
            self.fail(_round_where(number), _("the audit chain holds this round; the record does not"))
        for number in sorted(stated.keys() - by_number.keys()):
            self.fail(_round_where(number), _("the record holds this round; the audit chain does not"))
        entries: dict[int, list[tuple[int, _EntryRow]]] = {}
        for eid, entry in chain.entries.items():
            if entry[0] in mine:
                entries.setdefault(entry[0], []).append((eid, entry))
        settlements: dict[int, list[tuple[int, tuple[Any, ...]]]] = {}
        for sid, settlement in chain.settlements.items():
            if settlement[0] in mine:
                settlements.setdefault(settlement[0], []).append((sid, settlement))
        applications: dict[int, str] = {}
        for number in sorted(by_number.keys() & stated.keys()):
            rid = by_number[number]
            round_ = stated[number]
            numbering = self._round_candidates(rid, round_, applications)
            self._round_fields(mine[rid], round_, numbering)
            self._entries(number, sorted(entries.pop(rid, []), key=lambda pair: pair[0]), round_, numbering)
            self._settlements(number, sorted(settlements.pop(rid, []), key=lambda pair: pair[1][1]), round_, numbering)

    def _round_candidates(self, rid: int, round_: Mapping[str, Any], seen: dict[int, str]) -> dict[int, str]:
        """The round's candidates: the chain's numbers on the paper against the record's; each number's
        registration number where the chain gives it (format 2), else each application the same id in every
        round. Returns the record's number -> id, to print the chain's marks with."""
        where = _round_where(round_["number"])
        stated = {int(c["number"]): c["id"] for c in round_["candidates"]}
        chained: dict[int, int] = {}
        for (application, round_id), number in self.chain.round_candidates.items():
            if round_id == rid:
                chained[number] = application
        ids: dict[int, str] = {}
        for number, application in chained.items():
            tally_id = self.tally_ids.get(application)
            if tally_id is None:
                self.unchecked.add(_APPLICATION)
                ids[number] = seen.setdefault(application, stated.get(number, ""))
            else:
                ids[number] = tally_id
        if sorted(chained) != sorted(stated) or any(ids[n] != stated.get(n) for n in ids):
            self.differs(
                where,
                "candidates",
                [{"number": n, "id": ids[n]} for n in sorted(ids)],
                [{"number": n, "id": stated[n]} for n in sorted(stated)],
            )
        return stated

    def _round_fields(self, row: Mapping[str, Any], round_: Mapping[str, Any], numbering: Mapping[int, str]) -> None:
        where = _round_where(round_["number"])
        for key in ("session", "runoff", "state", "papers"):
            if key in round_ and row[key] != round_[key]:  # a record made before a key existed lacks it
                self.differs(where, key, row[key], round_[key])
        known, by = self._entrant(row["lots_entrant"])
        lots = (
            {"order": list(row["lot_order"]), "entered_by": by, "note": row["lots_note"]} if row["lot_order"] else None
        )
        stated = round_.get("lots")
        if "lots" not in round_:
            lots = None
        elif lots is not None and not known and isinstance(stated, Mapping):
            lots["entered_by"] = stated.get("entered_by")
        if lots != stated:
            self.differs(where, "lots", lots, stated)
        index = next((n for n, r in enumerate(self.record["rounds"]) if r is round_), None)
        for key in ("input", "result"):
            if key == "input" and row[key] is None and round_.get("state") != "closed":
                continue  # an open round's input is made from its ballots as they stand (compared above)
            if isinstance(row[key], str) and index is not None and self.spelled.of("rounds", index, key) == row[key]:
                continue  # the record wrote the very text the chain holds (so, read, the same value)
            if _digest(row[key]) != _stored_digest(round_[key]):
                self.fail(
                    where,
                    _("{fact}: not the one the audit chain holds for the round").format(fact=_label(key))
                    if row[key] is not None
                    else _("{fact}: the audit chain holds none for the round").format(fact=_label(key)),
                )

    def _entries(
        self,
        number: object,
        chained: list[tuple[int, _EntryRow]],
        round_: Mapping[str, Any],
        numbering: Mapping[int, str],
    ) -> None:
        """The round's entries, paper by paper; what differs is named in paper order, the secretariat's first."""
        stated = round_["entries"]
        #: each candidate's number on the paper as the stored marks spell it
        spelled = {cid: str(n) for n, cid in numbering.items()}
        if self._entries_alike(chained, stated, spelled):
            return
        found: list[tuple[int, bool, str, str]] = []
        aligned = len(chained) == len(stated)
        if aligned:  # the usual case: the record lists them in the chain's order
            for (_id, c), s in zip(chained, stated, strict=True):
                if (
                    not (type(s) is dict or isinstance(s, Mapping))  # (a dict told apart without the ABC's cost)
                    or s.get("serial") != f"{c[1]:03d}"  # (_printed, written out: 200,000 entries)
                    or s.get("side") != c[2]
                ):
                    aligned, found = False, []
                    break
                differs = self._entry(c, s, numbering, spelled)
                if differs:
                    found += differs
        if not aligned:
            by_paper: dict[tuple[str, str], Mapping[str, Any]] = {}
            for s in stated:
                by_paper.setdefault((s["serial"], s["side"]), s)
            chained_papers = set()
            for _id, c in chained:
                paper = (_printed(c[1]), c[2])
                chained_papers.add(paper)
                s = by_paper.get(paper)
                if s is not None:
                    found += self._entry(c, s, numbering, spelled)
                    continue
                detail = _("the audit chain holds an entry of this paper ({side}: {marks}); the record does not")
                marks = _show(_ids(_stored_marks(c[4]), numbering))
                found.append((c[1], c[2] != "secretariat", paper[0], detail.format(side=_side(c[2]), marks=marks)))
            for serial, side in by_paper.keys() - chained_papers:
                detail = _("the record holds an entry of this paper ({side}: {marks}); the audit chain does not")
                marks = _show(by_paper[serial, side].get("marks"))
                order = int(serial) if serial.isdigit() else 1 << 62
                found.append((order, side != "secretariat", serial, detail.format(side=_side(side), marks=marks)))
        for _order, _second, serial, detail in sorted(found, key=lambda f: (f[0], f[1], f[2])):
            self.fail(_paper(number, serial), detail)

    def _entries_alike(self, chained: list[tuple[int, _EntryRow]], stated: object, spelled: Mapping[str, str]) -> bool:
        """Whether the record lists the chain's entries in its order, each alike in every fact, with no entrant's
        name withheld: the usual round, in which :meth:`_entry` finds nothing, found by comparing two lists at C
        speed (200,000 entries for 100,000 ballots). False: compared entry by entry."""
        names = self.entrant_names
        if not isinstance(stated, list) or len(stated) != len(chained) or None in names.values():
            return False
        spell = spelled.__getitem__
        for start in range(0, len(chained), _SLICE):  # (a slice at a time: 200,000 entries are not copied at once)
            try:
                part = chained[start : start + _SLICE]
                mine = [(f"{c[1]:03d}", c[2], names.get(c[3], ""), c[5], c[4]) for _id, c in part]
                theirs = [
                    (s["serial"], s["side"], s["entrant"], s["at"], "[" + ", ".join(map(spell, marks)) + "]")
                    for s in stated[start : start + _SLICE]
                    if type(marks := s["marks"]) is list
                ]
            except (KeyError, TypeError, AttributeError):  # a malformed entry, a mark for no candidate of the round
                return False
            if mine != theirs:
                return False
        return True

    def _entry(
        self, c: _EntryRow, s: Mapping[str, Any], numbering: Mapping[int, str], spelled: Mapping[str, str]
    ) -> list[tuple[int, bool, str, str]]:
        """What differs between the chain's entry ``c`` and the record's ``s``: (serial, side, printed, detail)."""
        known, entrant = self._entrant(c[3])
        stated = s.get("marks")
        if c[5] == s.get("at") and (not known or entrant == s.get("entrant")) and isinstance(stated, list):
            try:  # the record's marks spelled as the chain stores them: one comparison of two strings
                if "[" + ", ".join([spelled[m] for m in stated]) + "]" == c[4]:
                    return []
            except (KeyError, TypeError):
                pass  # a mark that is no candidate of the round: compared below
        marks = _ids(_stored_marks(c[4]), numbering)
        chained = {"marks": marks, "entrant": entrant, "at": c[5]}
        return [
            (
                c[1],
                c[2] != "secretariat",
                _printed(c[1]),
                _("entry ({side}), {fact}: the audit chain says {chain}; the record says {record}").format(
                    side=_side(c[2]), fact=_label(key), chain=_show(value), record=_show(s.get(key))
                ),
            )
            for key, value in chained.items()
            if (known or key != "entrant") and value != s.get(key)
        ]

    def _settlements(
        self,
        number: object,
        chained: list[tuple[int, tuple[Any, ...]]],
        round_: Mapping[str, Any],
        numbering: Mapping[int, str],
    ) -> None:
        stated = {s["serial"]: s for s in round_["settlements"]}
        seen = set()
        for _id, c in chained:
            serial = _printed(c[1])
            seen.add(serial)
            where = _paper(number, serial)
            s = stated.get(serial)
            marks = None if c[2] is None else _ids(c[2], numbering)
            if s is None:
                self.fail(
                    where,
                    _("the audit chain holds a settlement of this paper ({marks}); the record does not").format(
                        marks=_show(marks)
                    ),
                )
                continue
            known_s, secretariat = self._entrant(c[4])
            known_c, counting = self._entrant(c[5])
            rebuilt = {"marks": marks, "note": c[3], "at": c[6]}
            if known_s:
                rebuilt["secretariat"] = secretariat
            if known_c:
                rebuilt["counting"] = counting
            for key, value in rebuilt.items():
                if value != s.get(key):
                    self.fail(
                        where,
                        _("its settlement, {fact}: the audit chain says {chain}; the record says {record}").format(
                            fact=_label(key), chain=_show(value), record=_show(s.get(key))
                        ),
                    )
        for serial in sorted(stated.keys() - seen):
            self.fail(
                _paper(number, serial),
                _("the record holds a settlement of this paper ({marks}); the audit chain does not").format(
                    marks=_show(stated[serial].get("marks"))
                ),
            )

    # --- sessions

    def _sessions(self, competition: int) -> None:
        chain = self.chain
        stated = {s["id"]: s for s in self.record.get("sessions") or ()}
        used = {r["session"] for r in self.record["rounds"]}
        for sid in sorted(stated.keys() | used):
            where = _("vote session {id}").format(id=sid)
            row = chain.sessions.get(sid)
            s = stated.get(sid)
            if row is None or row["competition"] != competition:
                self.fail(where, _("the audit chain holds no such session of this competition"))
                continue
            if s is None:
                continue  # a round names a session the record does not give: the round's own check says so
            rebuilt = {k: row[k] for k in ("held_on", "place", "place_ru", "start_time", "mode")}
            rebuilt |= {"members_total": row["members_total"], "quorum": row["quorum"]}
            roll = row["roll"]
            if isinstance(roll, Mapping):  # as the session recorded it (before migration 0006: not kept)
                rebuilt["present"] = [m["name"] for m in roll.get("present", ())]
                rebuilt["chair"] = roll.get("chair", "")
                rebuilt["secretary"] = roll.get("secretary", "")
                rebuilt["counting_present"] = [m["name"] for m in roll.get("counting", ())]
            voters = sorted((v[1], vid, v[2]) for vid, v in chain.voters.items() if v[0] == sid and v[3])
            rebuilt["voters"] = [name for _number, _vid, name in voters]
            entrants: list[dict[str, str]] = []
            for eid in sorted(e for e, row_ in chain.entrants.items() if row_ is None or row_[0] == sid):
                entrant = chain.entrants[eid]
                if entrant is None:
                    self.unchecked.add(_ENTRANT)
                    entrants = []
                    break
                entrants.append({"name": entrant[2], "side": entrant[1]})
            else:
                rebuilt["entrants"] = entrants
            for key, value in rebuilt.items():
                if key in s and value != s[key]:  # a record made before a key existed lacks it
                    self.differs(where, key, value, s[key])

    # --- candidates

    def _candidates(self, competition: int) -> None:
        chain = self.chain
        if _APPLICATION in chain.withheld_seen or _PERSON in chain.withheld_seen:
            self.unchecked.add(_APPLICATION)
            return
        kind = self.record["competition"].get("kind")
        nominators = chain.associations if kind == "commission" else chain.organizations
        rebuilt: dict[str, dict[str, Any]] = {}
        for application in chain.applications.values():
            if application is None or application[0] != competition:
                continue
            person = chain.people.get(application[2])
            nominator_id = application[3] if kind == "commission" else application[4]
            nominator = nominators.get(nominator_id) if nominator_id is not None else None
            tally_id = f"{chain.number}-{application[1]:03d}"
            rebuilt[tally_id] = {
                "name": None if person is None else person[0],
                "sex": None if person is None else person[1],
                "organization": None if nominator is None else nominator[0],
                "organization_ru": None if nominator is None else nominator[1],
            }
        stated = {c["id"]: c for c in self.record["candidates"]}
        for cid in sorted(rebuilt.keys() - stated.keys()):
            self.fail(
                _("candidate {id}").format(id=cid),
                _("the audit chain holds this application; the record's candidates do not"),
            )
        for cid in sorted(stated.keys() - rebuilt.keys()):
            self.fail(
                _("candidate {id}").format(id=cid),
                _("the record's candidates hold this application; the audit chain does not"),
            )
        for cid in sorted(rebuilt.keys() & stated.keys()):
            for key, value in rebuilt[cid].items():
                if value != stated[cid].get(key):
                    self.differs(_("candidate {id}").format(id=cid), key, value, stated[cid].get(key))


#: the keys of a record the export adds to the frozen record (``services.export``)
_EXPORTED: Final = frozenset({"protocols", "signed_copies", "audit", "exported_despite"})
#: the formats a frozen record may say (the export writes its own)
_FORMATS: Final = ("osgo-election-record/1", "osgo-election-record/2")
#: items of a long list encoded at once: the record's papers are hashed a slice at a time, never as one string
_SLICE: Final = 2000
_ENCODE: Final = json.JSONEncoder(sort_keys=True, ensure_ascii=False, check_circular=False).encode


def _pieces(
    value: Any,
    depth: int = 0,
    written: Callable[[str], Iterable[str] | None] | None = None,
    kept: Collection[str] = (),
) -> Iterable[str]:
    """``json.dumps(value, sort_keys=True, ensure_ascii=False)`` (``storage.types.JSONText``'s spelling) piece by
    piece: the objects and lists near the top walked, a long list encoded a slice at a time — the same text, never
    held whole. ``written``: the text a top-level part was written as, where it is known and the part's key is not
    one of ``kept`` (``verifier.spelled``), taken as it stands instead of spelled out."""
    if isinstance(value, Mapping) and depth < 4:
        yield "{"
        for index, key in enumerate(sorted(value)):
            yield (", " if index else "") + _ENCODE(key) + ": "
            text = written(key) if written is not None and key not in kept else None
            yield from _pieces(value[key], depth + 1) if text is None else text
        yield "}"
    elif isinstance(value, list) and len(value) > _SLICE:
        yield "["
        for start in range(0, len(value), _SLICE):
            yield (", " if start else "") + _ENCODE(value[start : start + _SLICE])[1:-1]
        yield "]"
    elif isinstance(value, list) and depth < 4:
        yield "["
        for index, item in enumerate(value):
            if index:
                yield ", "
            yield from _pieces(item, depth + 1)
        yield "]"
    else:
        yield _ENCODE(value)


def _spelled_as(pieces: Iterable[str], stored: str | LongText) -> bool:
    """Whether ``pieces`` join to the text ``stored`` (a text too long to hold: to one of its digest), one piece at a
    time (the first that differs ends it; a variant of the frozen record is never written out whole)."""
    if isinstance(stored, LongText):
        hasher = hashlib.sha256()
        for piece in pieces:
            hasher.update(piece.encode("utf-8"))
        return hasher.digest() == stored.sha256
    at = 0
    for piece in pieces:
        if not stored.startswith(piece, at):
            return False
        at += len(piece)
    return at == len(stored)


def _side(side: object) -> str:
    """The side that entered a paper as the papers name it (``Secretariat``), or as the record gives it."""
    label = SIDE_LABELS.get(side) if isinstance(side, str) else None  # type: ignore[call-overload]
    return _(label) if label is not None else str(side)


def _stored_marks(stored: str) -> tuple[int, ...]:
    """The marks as the chain stores them (JSON text) as numbers."""
    return tuple(int(m) for m in json.loads(stored))


def _ids(marks: tuple[int, ...], numbering: Mapping[int, str]) -> list[str]:
    """The chain's marks (numbers on the paper) as the record prints them (registration numbers)."""
    return [numbering.get(m, f"#{m}") for m in marks]


def check_chain_facts(record: Mapping[str, Any]) -> FactCheck:
    """:class:`ChainFacts` over the record's audit entries (one pass; they may be streamed), compared with it."""
    audit = record["audit"]
    facts = ChainFacts(str(record["competition"]["number"]), audit.get("withheld_tables") or ())
    facts.feed_all(audit["entries"])
    return facts.check(record)
