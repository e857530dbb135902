"""``osgo verify``: check an exported election record on a machine of one's own — no database, no Qt.

:func:`verify_record` reads the zip ``osgo export`` wrote (``docs/record.md``) and checks, with the app's own rules
and nothing rewritten: every round's agreed ballots from its two entries and settlements
(``domain.voting.reconcile``) and its result from those ballots (``domain.tally``); every current protocol's
fingerprint from its basis in the record (``domain.record``); every file's SHA-256; what every protocol PDF says
about itself in its metadata (its fingerprint, number, version and language; the decision's audit chain head),
read by a byte scan of the file without rendering it; the audit chain's hashes and links
(``verifier.chain``). Each failure names its place: the round and paper, the audit entry, the zip
member, the protocol. A damaged or foreign file is a failure too, never a traceback; so is a zip that would unpack
to more than the limits below (a decompression bomb), read from its own headers before anything is unpacked and
enforced again while reading (``docs/record.md``, "Limits").
"""

from __future__ import annotations

import gc
import hashlib
import io
import json
import lzma
import re
import struct
import time
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from itertools import chain
from pathlib import Path
from typing import Any, Final, Literal

from osgo_desktop.domain import tally as engine
from osgo_desktop.domain.composition import RULE_SKIPS, ReserveCandidate, Sitting, next_from_reserve
from osgo_desktop.domain.fingerprint import canonical_fingerprints, grouped, is_fingerprint, parse_fingerprint_payload
from osgo_desktop.domain.profile import Kind, RegulationProfile
from osgo_desktop.domain.record import (
    RECORD_FORMAT,
    RECORD_FORMATS,
    ProtocolKind,
    RecordError,
    protocol_basis,
    protocol_fingerprint,
)
from osgo_desktop.domain.voting import Entry, Side, combine, outcome_to_json, reconcile, skip_reason_text
from osgo_desktop.i18n import N_, _, ngettext
from osgo_desktop.verifier import spelled, stream
from osgo_desktop.verifier.chain import ChainIndex, check_chain
from osgo_desktop.verifier.chain_facts import ChainFacts, check_chain_facts
from osgo_desktop.verifier.rows import Rows

#: The keys a protocol's PDF carries in its Info dictionary, uncompressed (``reports.layout.info_keys`` writes
#: them; docs/record.md, "What a protocol's PDF says about itself"): its fingerprint, ``number|version|lang``, and on
#: the decision on the composition the audit chain's head when it was issued, ``seq:hash``.
FINGERPRINT_KEY: Final = "OSGOFingerprint"
DOCUMENT_KEY: Final = "OSGODocument"
CHAIN_HEAD_KEY: Final = "OSGOChainHead"
#: any key named /OSGO…, with its value when it is a string a reader of these keys takes: literal ``(…)`` without
#: escapes, or hex ``<…>``; whatever else follows the name is a malformed value
_PAPER_KEY: Final = re.compile(rb"/(OSGO[A-Za-z]*)[ \t\r\n]*(\([^()\\]{0,200}\)|<[0-9A-Fa-f \t\r\n]{0,1000}>)?")
_CHAIN_HEAD: Final = re.compile(r"([1-9][0-9]{0,17}):([0-9a-f]{64})")

RECORD_MEMBER: Final = "record.json"
#: the page that checks a record in any browser (docs/record.md, "verify.html"); every export carries this version's
VERIFY_PAGE: Final = "verify.html"
#: the members every export has besides the files the record lists (``protocols``, ``signed_copies``)
FIXED_MEMBERS: Final = frozenset({RECORD_MEMBER, "README.txt", VERIFY_PAGE})

MiB: Final = 1024 * 1024
# The limits of what a record's zip may unpack to (docs/record.md, "Limits"). A genuine record of 100,000 ballots
# (one round, its 200,000 entries and their audit entries, the protocols and a signed scan) unpacks to about 250 MB,
# its record.json alone to about 250 MB at 2.5 KB a ballot; a ballot of 15 marks takes about 3.6 KB.
#: members of one zip (an export has a dozen or two)
MAX_MEMBERS: Final = 10_000
#: record.json, unpacked
MAX_RECORD_BYTES: Final = 512 * MiB
#: any other member, unpacked: a protocol PDF, a signed scan (the document store takes files of up to 25 MiB)
MAX_FILE_BYTES: Final = 64 * MiB
#: every member together, unpacked
MAX_TOTAL_BYTES: Final = 1024 * MiB
#: record.json unpacks to at most this many times its packed size (a genuine one: 13 to 14 times; its hashes do
#: not compress), once it is over RATIO_FROM bytes
MAX_RECORD_RATIO: Final = 100
RATIO_FROM: Final = MiB
#: a record.json bigger than this (unpacked) is streamed, its audit entries read from the zip on each pass over them
#: (``verifier.stream``); a smaller one is parsed whole: json.loads is faster, and it takes at most some 300 MB
STREAM_FROM: Final = 32 * MiB
#: errors that reading a damaged member gives (a flipped bit in its compressed data: zlib.error; a broken header
#: or CRC: BadZipFile; an encrypted or an unknown compression method: RuntimeError, NotImplementedError)
_DAMAGED: Final = (
    zipfile.BadZipFile,
    zlib.error,
    lzma.LZMAError,
    OSError,
    EOFError,
    ValueError,
    RuntimeError,
    NotImplementedError,
    struct.error,
)

FailureKind = Literal[
    "unreadable", "format", "ballot", "result", "outcome", "protocol", "file", "audit", "vacancy", "chain"
]


@dataclass(frozen=True)
class Failure:
    """One thing that does not hold. ``where`` names it for a person: "round 1, paper 007", "audit entry 52",
    a zip member's name, a protocol's number; ``detail`` says what is wrong (both in the current language)."""

    what: FailureKind
    where: str
    detail: str

    def __str__(self) -> str:
        return _("{where}: {detail}").format(where=self.where, detail=self.detail)


@dataclass(frozen=True)
class ProtocolMatch:
    """A protocol of the record that carries the fingerprint asked about."""

    kind: ProtocolKind
    round: int
    number: str
    version: int
    lang: str
    superseded: bool
    #: its basis in the record gives this fingerprint again
    recomputes: bool


@dataclass(frozen=True)
class VerifyReport:
    failures: tuple[Failure, ...]
    competition: str = ""
    rounds: int = 0
    ballots: int = 0
    protocols: int = 0
    files: int = 0
    audit_entries: int = 0
    #: format 2: audit entries whose personal fields are withheld (covered by a salted hash, every other field
    #: checked); format 1: entries exported without their data (personal data), linked, not recomputed
    audit_withheld: int = 0
    #: the record's format (1 or 2: ``domain.record.RECORD_FORMATS``), which says what :attr:`audit_withheld` means
    record_format: int = 2
    #: the fingerprint asked about (``protocol=``), normalised; None when none was
    fingerprint: str | None = None
    matches: tuple[ProtocolMatch, ...] = ()
    seconds: float = 0.0
    #: the candidates a round's input kept from a seat (another council, the Commission), one line each for a person:
    #: the recount honours them, and whoever checks should see them (docs/tally.md, "Exclusions")
    exclusions: tuple[str, ...] = ()
    #: what could not be checked and why, for a person (not failures): protocol PDFs made before the papers said
    #: their fingerprint in their metadata
    notes: tuple[str, ...] = ()
    #: the audit chain head asked about (``chain_head=``, as a signed decision prints it), ``(seq, hash)``
    chain_head: tuple[int, str] | None = None
    #: the fingerprint of the current decision on the composition, recomputed from the record (None: none issued)
    decision_fingerprint: str | None = None

    @property
    def ok(self) -> bool:
        return not self.failures

    @property
    def readable(self) -> bool:
        """False when the input is no election record at all (not a zip, no record.json, not JSON)."""
        return not any(f.what == "unreadable" for f in self.failures)

    def verdict(self) -> str:
        """One line for a person: what was verified, or how many problems were found."""
        if not self.ok:
            return _("Not verified: problems found: {count}.").format(count=len(self.failures))
        if self.record_format >= 2:
            return _(
                "Verified: competition {competition}. Rounds recounted: {rounds}; ballots: {ballots}; protocol "
                "fingerprints: {protocols}; files: {files}; audit entries, every hash recomputed: {entries} (with "
                "personal fields withheld and checked by their salted hash: {withheld})."
            ).format(
                competition=self.competition,
                rounds=self.rounds,
                ballots=self.ballots,
                protocols=self.protocols,
                files=self.files,
                entries=self.audit_entries,
                withheld=self.audit_withheld,
            )
        return _(
            "Verified: competition {competition}. Rounds recounted: {rounds}; ballots: {ballots}; protocol "
            "fingerprints: {protocols}; files: {files}; audit entries: {entries} (withheld for personal data and "
            "checked by their links: {withheld})."
        ).format(
            competition=self.competition,
            rounds=self.rounds,
            ballots=self.ballots,
            protocols=self.protocols,
            files=self.files,
            entries=self.audit_entries,
            withheld=self.audit_withheld,
        )

    def match_lines(self) -> list[str]:
        """The lines that follow the verdict: what the record says about the fingerprint and the chain head asked
        about, what could not be checked (:attr:`notes`), and — for a record that holds — what only the observer can
        check (:meth:`paper_line`)."""
        lines = [*self._fingerprint_lines()]
        if self.chain_head is not None and not any(f.what == "audit" for f in self.failures):
            lines.append(
                _("Audit entry {seq} printed on the paper is in the record's chain, unchanged.").format(
                    seq=self.chain_head[0]
                )
            )
        lines += self.notes
        if self.ok:
            lines.append(self.paper_line())
        return lines

    def paper_line(self) -> str:
        """What no check of a record can know on its own: whether it is the record that was signed. Said once."""
        if self.decision_fingerprint is not None:
            return _(
                "This check cannot know on its own whether this is the record that was signed: a record is only as "
                "good as the fingerprint on the signed paper. Compare the fingerprint printed on the signed decision "
                "on the composition with this record's: {fingerprint}."
            ).format(fingerprint=grouped(self.decision_fingerprint))
        return _(
            "This check cannot know on its own whether this is the record that was signed: a record is only as good "
            "as the fingerprint on the signed paper. Compare the fingerprint printed on each signed protocol with the "
            "one this record gives for it."
        )

    def _fingerprint_lines(self) -> list[str]:
        if self.fingerprint is None:
            return []
        lines = []
        for m in self.matches:
            if m.superseded:
                state = _("superseded by a later version: its basis no longer recomputes to it")
            elif m.recomputes:
                state = _("its basis in the record recomputes to it")
            else:
                state = _("its basis in the record does not recompute to it")
            lines.append(
                _("Fingerprint {fingerprint} is protocol No. {number}, version {version} ({lang}): {state}.").format(
                    fingerprint=grouped(self.fingerprint), number=m.number, version=m.version, lang=m.lang, state=state
                )
            )
        return lines


def verify_page() -> bytes:
    """The bytes of ``verify.html`` as this version of the app ships it (package data next to this module)."""
    return resources.files(__package__ or "osgo_desktop.verifier").joinpath(VERIFY_PAGE).read_bytes()


def verify_page_sha256() -> str:
    """The SHA-256 of :func:`verify_page`: what ``osgo verify --version`` prints and docs/record.md states."""
    return hashlib.sha256(verify_page()).hexdigest()


def parse_fingerprint(text: str) -> str:
    """A fingerprint as typed or scanned — 64 hex digits, grouped with spaces or not, or a QR code's payload
    ``OSGO|…|…|<sha256>`` — as 64 lowercase hex digits; :class:`ValueError` for anything else."""
    text = text.strip()
    if text.upper().startswith("OSGO|"):
        return parse_fingerprint_payload(text).sha256
    compact = "".join(text.split()).lower()
    if not is_fingerprint(compact):
        raise ValueError(
            _("Not a fingerprint: expect 64 hexadecimal digits (spaces allowed) or the text of the QR code.")
        )
    return compact


def parse_chain_head(text: str) -> tuple[int, str]:
    """The audit chain head as the decision on the composition prints it — the entry's number and its hash, 64 hex
    digits (spaces allowed; a colon or a space between them) — as ``(seq, hash)``; :class:`ValueError` for anything
    else."""
    parts = text.strip().replace(":", " ", 1).split(None, 1)
    compact = f"{parts[0]}:{''.join(parts[1].split()).lower()}" if len(parts) == 2 else ""
    found = _CHAIN_HEAD.fullmatch(compact)
    if found is None:
        raise ValueError(
            _(
                "Not an audit chain entry: expect its number and its hash of 64 hexadecimal digits, as the decision on "
                "the composition prints them (e.g. 409 1251 6a72 …)."
            )
        )
    return int(found[1]), found[2]


def verify_record(
    source: Path | str | bytes, protocol: str | None = None, chain_head: str | None = None
) -> VerifyReport:
    """Check the exported record ``source`` (a path or the zip's bytes); with ``protocol``, also whether a
    protocol in it carries that fingerprint (:func:`parse_fingerprint`'s forms); with ``chain_head``, also whether
    the record's audit chain holds that entry unchanged (:func:`parse_chain_head`'s form: what a signed decision on
    the composition prints). A malformed fingerprint or chain head is a :class:`ValueError`."""
    asked = parse_fingerprint(protocol) if protocol is not None else None
    head = parse_chain_head(chain_head) if chain_head is not None else None
    started = time.perf_counter()
    checker = _Checker()
    try:
        checker.run(source)
        # before the zip is closed: a streamed record's audit entries are read from it (verifier.stream)
        if asked is not None and checker.record is not None:
            checker.check_asked(asked)
        if head is not None and checker.record is not None:
            checker.check_asked_head(*head)
    finally:
        checker.close()
    return checker.report(asked, time.perf_counter() - started, head)


class _Unreadable(Exception):
    def __init__(self, where: str, detail: str) -> None:
        super().__init__(detail)
        self.failure = Failure("unreadable", where, detail)


#: the result's and the outcome's fields as a reader of the verdict knows them (the record's own key follows)
_FIELDS: Final = {
    "ballots": N_("ballot counts"),
    "invalid": N_("invalid papers"),
    "tally": N_("tally"),
    "elected": N_("elected"),
    "skipped": N_("candidates passed over"),
    "tie": N_("tie"),
    "tie_seats": N_("seats in the tie"),
    "lots_used": N_("use of lots"),
    "vacant_seats": N_("vacant seats"),
    "reserve": N_("reserve"),
}


def _field(key: str) -> str:
    """``резерв (reserve)``: the reader's words, and the key to look for in the record (once, where they are one)."""
    label = _FIELDS.get(key)
    if label is None or _(label) == key:
        return key
    return f"{_(label)} ({key})"


def _earlier_reserve(result: Mapping[str, Any]) -> list[Any]:
    """The reserve as the app wrote it before 2026-11-23, when it left out the candidates skipped for a rule (the
    tally contract keeps them in; docs/tally.md). A record made then is still faithful: the same ballots give it."""
    skipped = {s["id"] for s in result["skipped"]}
    return [cid for cid in result["reserve"] if cid not in skipped]


def _before_the_draw_ordered(ids: object, tally_order: Sequence[Any]) -> list[Any] | None:
    """``ids`` as the app ordered a group settled by lots before 2026-12: in tally order (Kyrgyz alphabetical within
    equal votes), not in the drawn order (docs/tally.md, decision 15). A record made then is still faithful."""
    if not isinstance(ids, list):
        return None
    position = {cid: index for index, cid in enumerate(tally_order)}
    return sorted(ids, key=lambda cid: position.get(cid, len(position)))


#: a side as the record spells it (an Enum call for each of 200,000 entries is a third of a second)
_SIDES: Final[Mapping[object, Side]] = {side.value: side for side in Side}


def _paper(round_number: object, serial: object) -> str:
    return _("round {round}, paper {serial}").format(round=round_number, serial=serial)


def _counted_as_entered(round_: Mapping[str, Any], by_id: Mapping[object, object]) -> int | None:
    """The number of papers the round counts, when every one of them was entered once by each side, both alike,
    marking candidates of the round only, and counted as entered, with no settlement: the usual round, in which
    :meth:`_Checker._check_round`'s paper-by-paper comparison finds nothing (it would reconcile each paper's two
    entries to the marks both give and find them counted so). None: anything else, compared paper by paper.

    Found with a dict for each side and three comparisons at C speed (a round of 100,000 papers has 200,000
    entries: read one by one, reconciled and compared, they took a fifth of ``osgo verify``'s time)."""
    if round_["settlements"]:
        return None
    sides: dict[object, dict[object, object]] = {Side.SECRETARIAT.value: {}, Side.COUNTING.value: {}}
    try:
        entries = round_["entries"]
        for entry in entries:
            sides[entry["side"]][entry["serial"]] = entry["marks"]
        secretariat, counting = sides.values()
        counted = {ballot["serial"]: ballot["marks"] for ballot in round_["input"]["ballots"]}
        if len(secretariat) + len(counting) != len(entries) or not secretariat == counting == counted:
            return None  # a paper entered twice by one side, or once, or differently, or counted otherwise
        if not all(type(marks) is list for marks in counted.values()):
            return None
        if len(set(map(int, counted))) != len(counted):  # two spellings of one serial ("7", "007")
            return None
        if not set(chain.from_iterable(counted.values())) <= by_id.keys():
            return None  # a mark for no candidate of the round
    except (KeyError, TypeError, ValueError, AttributeError):
        return None  # a malformed round: the paper-by-paper comparison says where
    return len(counted)


def _round_where(round_number: object) -> str:
    return _("round {round}").format(round=round_number)


def _show(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


class _FedFacts:
    """:class:`ChainFacts` fed by another pass over the audit entries (:meth:`entries` hands them on, feeding each):
    ``done`` once that pass went through them all; ``error``, what feeding one raised (then no more are fed)."""

    def __init__(self, facts: ChainFacts, rows: Rows) -> None:
        self.facts = facts
        #: the rows the facts read, which the chain check reads again (``verifier.rows``)
        self.rows = rows
        self.done = False
        self.error: Exception | None = None

    def entries(self, entries: Iterable[Any]) -> Iterator[Any]:
        feed = self.facts.feed
        for entry in entries:
            if self.error is None:
                try:
                    feed(entry)
                except Exception as exc:  # raised again by the facts check, where its own pass would raise it
                    self.error = exc
            yield entry
        self.done = True


class _Checker:
    def __init__(self) -> None:
        self.failures: list[Failure] = []
        self.archive: zipfile.ZipFile | None = None
        self.record: dict[str, Any] | None = None
        self.counts = {"rounds": 0, "ballots": 0, "protocols": 0, "files": 0, "entries": 0, "withheld": 0}
        self.matches: list[ProtocolMatch] = []
        self.exclusions: list[str] = []
        #: protocol PDFs that say nothing about themselves in their metadata (made before they did)
        self.unkeyed: list[str] = []
        self.decision_fingerprint: str | None = None
        #: each round's input parsed and counted, by the input's id (the input itself kept: ids are reused)
        self._tallies: dict[int, tuple[object, engine.TallyInput, engine.TallyResult]] = {}
        #: each protocol basis's fingerprint, by kind and round (the record does not change while it is checked)
        self._fingerprints: dict[tuple[ProtocolKind, int], str] = {}
        #: the audit chain's hash of each entry, by seq (built when first needed)
        self._chain: ChainIndex | None = None
        #: the record's format (1 or 2), once it is read
        self.record_format = 2
        #: the zip carries no verify.html (exported before the app put one in)
        self.page_missing = False
        #: what the record's facts could not be compared with its audit chain for (``chain_facts``)
        self.fact_notes: tuple[str, ...] = ()
        #: the chain's facts, fed in the chain check's pass over the audit entries
        self._fed: _FedFacts | None = None
        #: the record read is frozen out of the garbage collector's walks (gc.freeze) until close()
        self._frozen_heap = False
        #: the record may hold a number with a fraction or an exponent (a streamed record is not told apart)
        self.floats = True
        #: the text each part of record.json was written as (``verifier.spelled``; none for a streamed record)
        self.spelled = spelled.Spelled()

    def fail(self, what: FailureKind, where: str, detail: str) -> None:
        self.failures.append(Failure(what, where, detail))

    def close(self) -> None:
        if self.archive is not None:
            self.archive.close()
        if self._frozen_heap:
            gc.unfreeze()
            self._frozen_heap = False

    def report(self, asked: str | None, seconds: float, head: tuple[int, str] | None = None) -> VerifyReport:
        competition = ""
        if self.record is not None:
            number = _get(self.record, "competition", "number")
            competition = number if isinstance(number, str) else ""
        return VerifyReport(
            failures=tuple(self.failures),
            competition=competition,
            rounds=self.counts["rounds"],
            ballots=self.counts["ballots"],
            protocols=self.counts["protocols"],
            files=self.counts["files"],
            audit_entries=self.counts["entries"],
            audit_withheld=self.counts["withheld"],
            record_format=self.record_format,
            fingerprint=asked,
            matches=tuple(self.matches),
            seconds=seconds,
            exclusions=tuple(self.exclusions),
            notes=self._notes(),
            chain_head=head,
            decision_fingerprint=self.decision_fingerprint,
        )

    def _notes(self) -> tuple[str, ...]:
        notes: tuple[str, ...] = ()
        if self.page_missing:
            notes += (
                _(
                    "The zip carries no verify.html (it was exported by an earlier version of the app): to check it in "
                    "a browser, take the page from the app's own distribution."
                ),
            )
        if not self.unkeyed:
            return (*notes, *self.fact_notes)
        return (
            *notes,
            ngettext(
                "{count} protocol PDF does not say its fingerprint in its metadata (it was made by an earlier version "
                "of the app), so it was not compared with the record: compare the fingerprint printed on it by eye: "
                "{files}.",
                "{count} protocol PDFs do not say their fingerprint in their metadata (they were made by an earlier "
                "version of the app), so they were not compared with the record: compare the fingerprints printed on "
                "them by eye: {files}.",
                len(self.unkeyed),
            ).format(count=len(self.unkeyed), files=", ".join(self.unkeyed)),
            *self.fact_notes,
        )

    # --- reading ------------------------------------------------------------------------------------------------

    def run(self, source: Path | str | bytes) -> None:
        try:
            self.record = self._open(source)
        except _Unreadable as exc:
            self.failures.append(exc.failure)
            return
        # The record is read: some hundreds of thousands of objects without a cycle among them, held until the
        # checks end. Python's collector need not look at them again: the first full collection the checks' own
        # work brings on (they make as many objects again) would walk them all, some 80 ms for 10,000 ballots.
        # Frozen, they are still freed as ever once the record is let go (close() thaws them).
        gc.freeze()
        self._frozen_heap = True
        checks = (self._check_rounds, self._check_outcome, self._check_versions, self._check_protocols)
        for check in (
            *checks,
            self._check_vacancy_fills,
            self._check_files,
            self._check_page,
            self._check_audit,
            self._check_export,
            self._check_facts,
        ):
            try:
                check(self.record)
            except (KeyError, TypeError, ValueError, AttributeError, IndexError, RecursionError) as exc:
                # A record edited into a shape the app never writes (or nested ever deeper): say where, do not stop
                # the other checks.
                self.fail(
                    "format",
                    RECORD_MEMBER,
                    _("a part of the record is missing or malformed: {error}").format(error=_describe_error(exc)),
                )

    def _open(self, source: Path | str | bytes) -> dict[str, Any]:
        name = _("the record") if isinstance(source, bytes) else str(source)
        try:
            stream: Any = io.BytesIO(source) if isinstance(source, bytes) else Path(source)
            self.archive = zipfile.ZipFile(stream)
        except FileNotFoundError as exc:
            raise _Unreadable(name, _("the file does not exist")) from exc
        except OSError as exc:
            raise _Unreadable(name, _("cannot be read: {error}").format(error=exc.strerror or exc)) from exc
        except (zipfile.BadZipFile, ValueError, EOFError, NotImplementedError, struct.error) as exc:
            raise _Unreadable(name, _("not a zip file: not an election record exported by OSGO Desktop")) from exc
        self._check_sizes(name, self.archive.infolist())
        try:
            size = self.archive.getinfo(RECORD_MEMBER).file_size
        except KeyError as exc:
            raise _Unreadable(RECORD_MEMBER, _("missing from the zip: not an election record")) from exc
        record = self._parse_whole() if size <= STREAM_FROM else self._parse_streamed()
        if not isinstance(record, dict) or record.get("format") not in RECORD_FORMATS:
            found = record.get("format") if isinstance(record, dict) else None
            raise _Unreadable(
                RECORD_MEMBER,
                _("not an election record of a format this version knows ({expected}; found {found})").format(
                    expected=", ".join(RECORD_FORMATS), found=_show(found)
                ),
            )
        self.record_format = 1 if record["format"] != RECORD_FORMAT else 2
        return record

    def _parse_whole(self) -> Any:
        """record.json of up to :data:`STREAM_FROM` bytes, parsed whole (json.loads is the fastest reader); its
        audit entries given the interface of a streamed record's (:func:`stream.wrap_entries`)."""
        raw = self.member(RECORD_MEMBER, unreadable=True)
        if raw is None:
            raise _Unreadable(RECORD_MEMBER, _("missing from the zip: not an election record"))
        self.floats = False  # until json reads one
        try:
            text = raw.decode("utf-8")
            raw = None  # not held while the record is read (the memory it held is used again)
            record, self.spelled = spelled.load(text, json.JSONDecoder(parse_float=self._read_float))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise _Unreadable(RECORD_MEMBER, _("not readable JSON: {error}").format(error=exc)) from exc
        except RecursionError as exc:
            raise _Unreadable(RECORD_MEMBER, _("not readable JSON: nested too deeply")) from exc
        except ValueError as exc:  # an integer of more than 4,300 digits
            raise _Unreadable(RECORD_MEMBER, _("not readable JSON: a number is too long")) from exc
        stream.wrap_entries(record)
        return record

    def _read_float(self, text: str) -> float:
        """A number with a fraction or an exponent in the record (json calls this for those only: the app writes
        none), noted: its fingerprints are then written by json (``canonical_fingerprints(floats=...)``)."""
        self.floats = True
        return float(text)

    def _parse_streamed(self) -> Any:
        """A bigger record.json, streamed (:func:`stream.load`): its audit entries are read from the zip member
        again on each pass over them, never held all at once; the member is held to its limit on every pass."""
        archive = self.archive
        assert archive is not None
        limit = _limit(RECORD_MEMBER)
        try:
            return stream.load(lambda: archive.open(RECORD_MEMBER), limit, _too_big(limit + 1, limit), _DAMAGED)
        except stream.StreamError as exc:
            raise _Unreadable(RECORD_MEMBER, exc.detail) from exc

    def _check_sizes(self, name: str, infos: Sequence[zipfile.ZipInfo]) -> None:
        """Refuse a zip that would unpack to more than the limits, by what its own headers say, before anything is
        unpacked (:meth:`member` holds each member to its limit again while reading it: headers can lie)."""
        if len(infos) > MAX_MEMBERS:
            raise _Unreadable(
                name,
                _("holds {count} files; an election record holds at most {limit}").format(
                    count=len(infos), limit=MAX_MEMBERS
                ),
            )
        total = 0
        for info in infos:
            total += info.file_size
            if info.file_size > _limit(info.filename):
                raise _Unreadable(info.filename, _too_big(info.file_size, _limit(info.filename)))
            if (
                info.filename == RECORD_MEMBER
                and info.file_size > RATIO_FROM
                and info.file_size > MAX_RECORD_RATIO * max(info.compress_size, 1)
            ):
                raise _Unreadable(
                    info.filename,
                    _(
                        "would unpack to {size} MB from {packed} MB, more than {ratio} times its packed size: "
                        "no election record compresses so well (this is a decompression bomb)"
                    ).format(
                        size=_megabytes(info.file_size), packed=_megabytes(info.compress_size), ratio=MAX_RECORD_RATIO
                    ),
                )
        if total > MAX_TOTAL_BYTES:
            raise _Unreadable(
                name,
                _("would unpack to {size} MB; an election record unpacks to at most {limit} MB").format(
                    size=_megabytes(total), limit=_megabytes(MAX_TOTAL_BYTES)
                ),
            )

    def member(self, name: str, unreadable: bool = False) -> bytes | None:
        """The member's bytes; None (and a failure named after it) when it is missing, damaged or bigger than its
        limit."""
        assert self.archive is not None
        limit = _limit(name)
        try:
            data = _read_within(self.archive, name, limit)
        except KeyError:
            if not unreadable:
                self.fail("file", name, _("missing from the zip"))
            return None
        except _DAMAGED as exc:
            detail = _("damaged in the zip: {error}").format(error=_describe_error(exc))
            if unreadable:
                raise _Unreadable(name, detail) from exc
            self.fail("file", name, detail)
            return None
        if data is None:
            if unreadable:
                raise _Unreadable(name, _too_big(limit + 1, limit))
            self.fail("file", name, _too_big(limit + 1, limit))
        return data

    # --- rounds ---------------------------------------------------------------------------------------------

    def _check_rounds(self, record: Mapping[str, Any]) -> None:
        for round_ in record["rounds"]:
            self.counts["rounds"] += 1
            self._check_round(round_)

    def _check_round(self, round_: Mapping[str, Any]) -> None:
        number = round_["number"]
        closed = round_["state"] == "closed"
        by_id = {c["id"]: c["number"] for c in round_["candidates"]}
        counted = _counted_as_entered(round_, by_id)
        if counted is not None:  # the usual round: nothing to say of its papers
            self.counts["ballots"] += counted
            self._check_result(number, round_["input"], round_["result"], closed)
            return
        ids = {n: i for i, n in by_id.items()}
        #: the serial as printed ("007") of each paper's number
        printed: dict[int, str] = {}
        entries = []
        for entry in round_["entries"]:
            serial = entry["serial"]
            marks = self._numbers(number, serial, entry["marks"], by_id)
            if marks is not None:
                paper_number = int(serial)
                printed[paper_number] = serial
                side = entry["side"]
                entries.append(
                    Entry(paper_number, (_SIDES.get(side) if isinstance(side, str) else None) or Side(side), marks)
                )
        settlements: dict[int, tuple[int, ...] | None] = {}
        for settlement in round_["settlements"]:
            if settlement["marks"] is None:  # struck out: no such paper was in the ballot box
                printed[int(settlement["serial"])] = settlement["serial"]
                settlements[int(settlement["serial"])] = None
                continue
            marks = self._numbers(number, settlement["serial"], settlement["marks"], by_id)
            if marks is not None:
                printed[int(settlement["serial"])] = settlement["serial"]
                settlements[int(settlement["serial"])] = marks
        reconciliation = reconcile(entries, settlements)
        if closed:
            for d in reconciliation.disagreements:
                self.fail(
                    "ballot",
                    _paper(number, printed[d.serial]),
                    _("the two entries disagree and no settlement is recorded, yet the round is closed"),
                )
            for serial, side in reconciliation.single:
                self.fail(
                    "ballot",
                    _paper(number, printed[serial]),
                    _("entered by one side only ({side}), yet the round is closed").format(side=side.value),
                )
        agreed = {printed[s]: [ids[n] for n in marks] for s, marks in reconciliation.agreed.items()}
        round_input = round_["input"]
        stated = {}
        for ballot in round_input["ballots"]:
            stated[ballot["serial"]] = list(ballot["marks"])
        self.counts["ballots"] += len(stated)
        # the usual case, at C speed: every paper counted as its entries say, marks in the order of their numbers
        # (as the app writes them; any other order is compared paper by paper below)
        papers = () if agreed == stated else sorted(agreed.keys() | stated.keys(), key=_serial_order)
        for paper in papers:
            if paper not in stated:
                self.fail("ballot", _paper(number, paper), _("agreed by its entries but missing from the count"))
            elif paper not in agreed:
                self.fail("ballot", _paper(number, paper), _("counted, but its entries do not agree on it"))
            elif sorted(stated[paper], key=lambda i: by_id.get(i, 0)) != agreed[paper]:
                self.fail(
                    "ballot",
                    _paper(number, paper),
                    _("counted as {counted}, but its entries say {entered}").format(
                        counted=_show(stated[paper]), entered=_show(agreed[paper])
                    ),
                )
        self._check_result(number, round_input, round_["result"], closed)

    def _numbers(
        self, round_number: object, serial: object, marks: list[str], by_id: Mapping[str, int]
    ) -> tuple[int, ...] | None:
        try:
            numbers = [by_id[m] for m in marks]
        except (KeyError, TypeError):
            pass  # an unknown mark (said below), or no list of marks (raised below)
        else:
            numbers.sort()
            return tuple(numbers)
        unknown = [m for m in marks if m not in by_id]
        if unknown:
            self.fail(
                "ballot",
                _paper(round_number, serial),
                _("marks {marks}, not a candidate of the round").format(marks=_show(unknown)),
            )
            return None
        return tuple(sorted(by_id[m] for m in marks))

    def _check_result(self, number: object, round_input: object, stored: object, closed: bool) -> None:
        where = _round_where(number)
        if stored is None:
            if closed:
                self.fail("result", where, _("the round is closed but the record holds no result"))
            return
        try:
            parsed, result = self._tallied(round_input)
            recounted = engine.result_to_json(result)
        except engine.TallyInputError as exc:
            self.fail("result", where, _("the round's tally input is malformed: {error}").format(error=exc))
            return
        self._note_exclusions(where, parsed)
        if not isinstance(stored, Mapping):
            self.fail("result", where, _("the stored result is not an object"))
            return
        tally_order = [row["id"] for row in recounted["tally"]]
        for key, value in recounted.items():
            if stored.get(key) == value or (key == "reserve" and stored.get(key) == _earlier_reserve(recounted)):
                continue
            if (
                recounted["lots_used"]
                and key in ("elected", "reserve")
                and stored.get(key) == _before_the_draw_ordered(value, tally_order)
            ):
                continue
            if key == "tally":
                self._tally_rows(where, value, stored.get(key))
            else:
                self.fail(
                    "result",
                    where,
                    _("the recount gives {key} = {recounted}; the record says {stored}").format(
                        key=_field(key), recounted=_show(value), stored=_show(stored.get(key))
                    ),
                )

    def _tallied(self, round_input: object) -> tuple[engine.TallyInput, engine.TallyResult]:
        """The round's input parsed and counted, once for the round's check and the outcome's (a round of 100,000
        papers takes a second to parse and count); :class:`engine.TallyInputError` for a malformed one, each time."""
        found = self._tallies.get(id(round_input))
        if found is None or found[0] is not round_input:
            parsed = engine.parse_tally_input(round_input)
            found = (round_input, parsed, engine.tally(parsed))
            self._tallies[id(round_input)] = found
        return found[1], found[2]

    def _note_exclusions(self, where: str, parsed: engine.TallyInput) -> None:
        names = {c.id: c.name for c in parsed.candidates}
        for exclusion in parsed.excluded:
            self.exclusions.append(
                _("{where}: {name} ({id}) is kept from a seat: {reason}").format(
                    where=where,
                    name=names[exclusion.id],
                    id=exclusion.id,
                    reason=skip_reason_text(exclusion.reason, exclusion.detail),
                )
            )

    def _tally_rows(self, where: str, recounted: list[dict[str, Any]], stored: object) -> None:
        old = {r.get("id"): r for r in stored if isinstance(r, Mapping)} if isinstance(stored, list) else {}
        for row in recounted:
            was = old.get(row["id"])
            if was is None or was.get("votes") != row["votes"] or was.get("rank") != row["rank"]:
                self.fail(
                    "result",
                    where,
                    ngettext(
                        "candidate {id}: the recount gives {votes} vote (rank {rank}); the record says {stored}",
                        "candidate {id}: the recount gives {votes} votes (rank {rank}); the record says {stored}",
                        row["votes"],
                    ).format(
                        id=row["id"],
                        votes=row["votes"],
                        rank=row["rank"],
                        stored=_show(None if was is None else {"votes": was.get("votes"), "rank": was.get("rank")}),
                    ),
                )
        for cid in old.keys() - {r["id"] for r in recounted}:
            self.fail("result", where, _("candidate {id}: in the stored tally, not in the recount").format(id=cid))

    def _check_outcome(self, record: Mapping[str, Any]) -> None:
        """The competition's result, recomputed from its closed rounds: the first round, its ties settled by the
        runoffs (the same rule the app applies: domain.voting.combine)."""
        tallied = [self._tallied(r["input"]) for r in record["rounds"] if r["state"] == "closed"]
        # the last check that needs the rounds counted: their parsed inputs (100,000 ballots: some tens of MB) are
        # not held through the pass over the audit chain
        self._tallies.clear()
        if not tallied:
            return
        inputs = [parsed for parsed, _result in tallied]
        runoffs = [result for _parsed, result in tallied[1:]]
        combined = combine(inputs[0], runoffs, tallied[0][1])
        combined_lots = any(result.lots_used for result in runoffs)
        recounted = outcome_to_json(combined)
        # a record the app wrote before 2026-11-23: no "skipped", and the reserve without them (see _earlier_reserve)
        earlier = "skipped" not in record["outcome"] and record["outcome"].get("reserve") == _earlier_reserve(recounted)
        # a record the app wrote before 2026-12: the elected of a tie settled by a runoff or lots in the first round's
        # tally order, the losers of a drawing of lots alphabetical in the reserve (see _before_the_draw_ordered)
        first_order = [row.id for row in tallied[0][1].tally]
        for key, value in recounted.items():
            stored = record["outcome"].get(key)
            if key == "elected" and stored == _before_the_draw_ordered(value, first_order):
                continue
            if key == "reserve" and isinstance(stored, list) and sorted(stored) == sorted(value) and combined_lots:
                continue
            if stored != value and not (earlier and key in ("reserve", "skipped")):
                self.fail(
                    "outcome",
                    RECORD_MEMBER,
                    _("the competition's {field} recounts to {recounted}; the record says {stored}").format(
                        field=_field(key), recounted=json.dumps(value), stored=json.dumps(stored)
                    ),
                )

    def _check_versions(self, record: Mapping[str, Any]) -> None:
        """Each protocol (kind, round, language) has one current version, the newest; only older ones are marked
        replaced — so marking the current one replaced does not escape the fingerprint check."""
        groups: dict[tuple[str, int, str], list[Mapping[str, Any]]] = {}
        for protocol in record["protocols"]:
            groups.setdefault((protocol["kind"], int(protocol["round"]), protocol["lang"]), []).append(protocol)
        for versions in groups.values():
            newest = max(int(p["version"]) for p in versions)
            for protocol in versions:
                if bool(protocol["superseded"]) != (int(protocol["version"]) != newest):
                    self.fail(
                        "protocol",
                        _protocol_where(protocol),
                        _("marked replaced while it is the newest version, or current while a newer one exists"),
                    )

    # --- vacancies filled from the reserve list (issue 13) ----------------------------------------------------

    def _check_vacancy_fills(self, record: Mapping[str, Any]) -> None:
        """Each decision on filling a vacancy took the right candidate: the reserve list walked again with the app's
        own rule (``domain.composition.next_from_reserve``) against the members it says sat, the one-per-
        organisation and sex-cap skips recomputed; the skips for a seat elsewhere or in the composition are facts
        from outside the record, taken as stated. Each fill has its decision among the protocols."""
        fills = record.get("vacancy_fills", [])
        if not fills:
            return
        candidates = {c["id"]: c for c in record["candidates"]}
        kind_rules = RegulationProfile.from_obj(record["profile"]).rules(Kind(record["competition"]["kind"]))
        issued = {(int(p["round"]), p["number"]) for p in record["protocols"] if p["kind"] == "vacancy_fill"}
        for fill in fills:
            where = _("decision No. {number} on filling a vacancy").format(number=fill["number"])
            stated = {s["id"]: s for s in fill["skipped"]}
            reserve = []
            for cid in record["outcome"]["reserve"]:
                candidate = candidates[cid]
                skip = stated.get(cid)
                outside = skip is not None and skip["reason"] not in RULE_SKIPS
                reserve.append(
                    ReserveCandidate(
                        cid,
                        candidate["name"],
                        candidate["sex"],
                        candidate["organization"] or "",
                        skip["reason"] if outside and skip is not None else None,
                        skip["detail"] if outside and skip is not None else "",
                    )
                )
            choice = next_from_reserve(
                reserve,
                [Sitting(s["sex"], s["organization"]) for s in fill["sitting"]],
                seats=int(fill["composition"]["seats"]),
                sex_cap_percent=kind_rules.sex_cap_percent,
                one_per_organization=kind_rules.one_per_organization or kind_rules.one_per_association,
            )
            chosen = None if choice.chosen is None else choice.chosen.id
            if chosen != fill["filled_by"]["id"]:
                self.fail(
                    "vacancy",
                    where,
                    _("the reserve list gives {recounted}; the record says {stored}").format(
                        recounted=_show(chosen), stored=_show(fill["filled_by"]["id"])
                    ),
                )
            recounted = [{"id": s.candidate.id, "reason": str(s.reason), "detail": s.detail} for s in choice.skipped]
            given = [{"id": s["id"], "reason": s["reason"], "detail": s["detail"]} for s in fill["skipped"]]
            if recounted != given:
                self.fail(
                    "vacancy",
                    where,
                    _("the candidates passed over recount to {recounted}; the record says {stored}").format(
                        recounted=_show(recounted), stored=_show(given)
                    ),
                )
            person = candidates.get(fill["filled_by"]["id"])
            if person is None or (person["name"], person["sex"]) != (
                fill["filled_by"]["name"],
                fill["filled_by"]["sex"],
            ):
                self.fail("vacancy", where, _("the candidate seated is not the one the record's candidates name"))
            if (int(fill["sequence"]), fill["number"]) not in issued:
                self.fail("vacancy", where, _("no decision on filling the vacancy is among the protocols"))

    # --- protocols and files ------------------------------------------------------------------------------------

    def _check_protocols(self, record: Mapping[str, Any]) -> None:
        self._fingerprint_together(record)
        for protocol in record["protocols"]:
            if protocol["superseded"]:
                continue  # made from the record as it was then; its PDF's hash is still checked
            self.counts["protocols"] += 1
            recomputed = self._recompute(record, protocol)
            if recomputed == protocol["fingerprint"] and protocol["kind"] == ProtocolKind.DECISION.value:
                self.decision_fingerprint = recomputed
            if recomputed != protocol["fingerprint"]:
                self.fail(
                    "protocol",
                    _protocol_where(protocol),
                    _("its fingerprint {printed} is not that of its basis in the record").format(
                        printed=grouped(str(protocol["fingerprint"]))
                    ),
                )

    def _fingerprint_together(self, record: Mapping[str, Any]) -> None:
        """The current protocols' fingerprints in one walk over their bases (``canonical_fingerprints``: a round's
        vote protocol and tally sheet share the round, every entry of every paper, written once). Whatever goes
        wrong is left to :meth:`_recompute`, protocol by protocol, as if this had not been tried."""
        try:
            bases: dict[tuple[ProtocolKind, int], dict[str, Any]] = {}
            for protocol in record["protocols"]:
                key = (ProtocolKind(protocol["kind"]), int(protocol["round"]))
                if not protocol["superseded"] and key not in bases:
                    bases[key] = protocol_basis(record, *key)
            found = canonical_fingerprints(list(bases.values()), floats=self.floats)
            self._fingerprints.update(zip(bases, found, strict=True))
        except (RecordError, KeyError, StopIteration, ValueError, TypeError, AttributeError, RecursionError):
            return

    def _recompute(self, record: Mapping[str, Any], protocol: Mapping[str, Any]) -> str | None:
        """The fingerprint of the protocol's basis, once per kind and round: the Kyrgyz and the Russian copy (and
        every version) share the basis, which for a round's protocols holds every entry of every paper."""
        try:
            key = (ProtocolKind(protocol["kind"]), int(protocol["round"]))
            if key not in self._fingerprints:
                self._fingerprints[key] = protocol_fingerprint(record, *key)
            return self._fingerprints[key]
        except (RecordError, KeyError, StopIteration, ValueError, TypeError):
            return None

    def _check_files(self, record: Mapping[str, Any]) -> None:
        listed: list[tuple[Any, Any, Mapping[str, Any] | None]] = [
            (p["file"], p["file_sha256"], p) for p in record["protocols"]
        ]
        listed += [(s["file"], s["sha256"], None) for s in record["signed_copies"]]
        for name, sha, protocol in listed:
            data = self.member(name)
            if data is None:
                continue
            self.counts["files"] += 1
            if hashlib.sha256(data).hexdigest() != sha:
                self.fail("file", name, _("its SHA-256 is not the one the record gives: the file was changed"))
            if protocol is not None:
                self._check_paper(protocol, str(name), data)
        self._check_members({str(name) for name, _sha, _protocol in listed})

    def _check_page(self, _record: Mapping[str, Any]) -> None:
        """The zip's ``verify.html`` is the page this version of the app ships: a page that came in the zip with the
        record could have been rewritten with it to say "Verified" about anything. A record without one (exported
        before the page existed) is a note."""
        assert self.archive is not None
        if VERIFY_PAGE not in self.archive.namelist():
            self.page_missing = True
            return
        data = self.member(VERIFY_PAGE)
        if data is not None and hashlib.sha256(data).hexdigest() != verify_page_sha256():
            self.fail(
                "file",
                VERIFY_PAGE,
                _(
                    "is not the page this version of the app ships (its SHA-256 is {sha256}): do not trust what it "
                    "says; take verify.html from the app's own distribution"
                ).format(sha256=grouped(verify_page_sha256())),
            )

    def _check_paper(self, protocol: Mapping[str, Any], name: str, data: bytes) -> None:
        """What the protocol's PDF says about itself in its metadata (:func:`paper_keys`) is what the record lists
        under its name: its fingerprint, number, version and language — so a record whose fingerprints were
        recomputed after an edit, or a PDF swapped for another protocol's, is named — and the decision's audit chain
        head is an entry of the record's chain, unchanged. A PDF that says nothing (made before the papers did) is a
        note, not a failure: it was compared by nobody but a person."""
        keys = paper_keys(data)
        fingerprints = keys.get(FINGERPRINT_KEY, [])
        if not fingerprints:
            self.unkeyed.append(name)
            return
        if len(fingerprints) > 1 or not is_fingerprint(fingerprints[0] or ""):
            self.fail("protocol", name, _("its metadata does not say one fingerprint: it was not made by the app"))
            return
        listed = f"{protocol['number']}|{protocol['version']}|{protocol['lang']}"
        documents = keys.get(DOCUMENT_KEY, [])
        if documents != [listed]:
            said = documents[0].split("|") if len(documents) == 1 and documents[0] else []
            found = (
                _("protocol No. {number}, version {version} ({lang})").format(
                    number=said[0], version=said[1], lang=said[2]
                )
                if len(said) == 3
                else _("no protocol it names")
            )
            self.fail(
                "protocol",
                name,
                _("the PDF is {found}, not {listed} that the record lists under this name").format(
                    found=found, listed=_protocol_where(protocol)
                ),
            )
            return
        if fingerprints[0] != protocol["fingerprint"]:
            self.fail(
                "protocol",
                name,
                _("the PDF says fingerprint {pdf}; the record gives {record} for it").format(
                    pdf=grouped(str(fingerprints[0])), record=grouped(str(protocol["fingerprint"]))
                ),
            )
        if protocol["kind"] != ProtocolKind.DECISION.value:
            return
        heads = keys.get(CHAIN_HEAD_KEY, [])
        head = _CHAIN_HEAD.fullmatch(heads[0] or "") if len(heads) == 1 else None
        if head is None:
            self.fail(
                "protocol", name, _("the decision's PDF does not say where the audit chain ended when it was issued")
            )
            return
        problem = self._chain_problem(int(head[1]), head[2])
        if problem is not None:
            self.fail(
                "audit",
                name,
                _("the decision was issued when the audit chain ended at entry {seq}; {problem}").format(
                    seq=head[1], problem=problem
                ),
            )

    def _chain_problem(self, seq: int, digest: str) -> str | None:
        """Why the record's audit chain does not hold entry ``seq`` with hash ``digest`` — its hash, or in format 2
        the one it had before migration 0011 (a paper printed before) — (None: it does)."""
        if self._chain is None:
            assert self.record is not None
            audit = self.record.get("audit")
            entries = audit.get("entries") if isinstance(audit, Mapping) else None
            streamed = isinstance(entries, Iterable) and not isinstance(entries, str | bytes | Mapping)
            self._chain = ChainIndex(entries if streamed and entries is not None else [])
        return self._chain.problem(seq, digest)

    def _check_members(self, listed: set[str]) -> None:
        """Every member of the zip is one the record lists (or the record and its README), and only once: a file
        slipped in beside the record (a fake protocol, ``../../x``) or a second ``record.json`` is named."""
        assert self.archive is not None
        names = Counter(info.filename for info in self.archive.infolist() if not info.is_dir())
        for name, count in sorted(names.items()):
            if count > 1:
                self.fail(
                    "file",
                    name,
                    _("is in the zip {count} times: which copy is read depends on the program that unpacks it").format(
                        count=count
                    ),
                )
            if name not in listed and name not in FIXED_MEMBERS:
                self.fail("file", name, _("is in the zip but the record does not list it"))

    # --- the audit chain ----------------------------------------------------------------------------------------

    def _check_audit(self, record: Mapping[str, Any]) -> None:
        def fail(where: str, detail: str) -> None:
            self.fail("audit", where, detail)

        audit = record["audit"]
        facts = self._facts_fed_alongside(record)
        if facts is None:
            self.counts["entries"], self.counts["withheld"] = check_chain(audit, self.record_format, fail)
            return
        self.counts["entries"], self.counts["withheld"] = check_chain(
            {**audit, "entries": facts.entries(audit["entries"])}, self.record_format, fail, facts.rows
        )
        facts.rows.forget()

    def _facts_fed_alongside(self, record: Mapping[str, Any]) -> _FedFacts | None:
        """The chain's facts (``chain_facts``), to be fed in the chain check's own pass over the entries (a streamed
        record's entries are parsed from the zip once, not once for each check); None when the record is not shaped
        for it (then :meth:`_check_facts` makes its own pass, and fails as it always did)."""
        self._fed = None
        audit = record.get("audit")
        competition = record.get("competition")
        if not isinstance(audit, dict) or "entries" not in audit or not isinstance(competition, Mapping):
            return None
        if "number" not in competition:
            return None
        rows = Rows()
        self._fed = _FedFacts(ChainFacts(str(competition["number"]), audit.get("withheld_tables") or (), rows), rows)
        return self._fed

    def _check_facts(self, record: Mapping[str, Any]) -> None:
        """The facts the protocols print, rebuilt from the record's own audit chain (``chain_facts``): from what the
        chain check's pass fed them, or in a pass of their own when that pass did not go through."""
        fed = self._fed
        if fed is not None and fed.error is not None:
            raise fed.error  # a malformed entry: a failure of this check, as in a pass of its own
        found = fed.facts.check(record, self.spelled) if fed is not None and fed.done else check_chain_facts(record)
        for failure in found.failures:
            self.fail("chain", failure.where, failure.detail)
        self.fact_notes = found.notes

    def _check_export(self, record: Mapping[str, Any]) -> None:
        """A record exported despite a failed audit check (``osgo export --despite-broken-chain``) says what the
        check found; that is a failure of its own: the data may hold changes the app did not make."""
        found = record["audit"].get("exported_despite")
        if found:
            lines = "; ".join(str(line) for line in found) if isinstance(found, list) else str(found)
            self.fail(
                "audit",
                _("audit check at export"),
                _("the record was exported although the database's audit check failed: {found}").format(found=lines),
            )

    # --- a paper copy's fingerprint ------------------------------------------------------------------------------

    def check_asked(self, asked: str) -> None:
        assert self.record is not None
        try:
            listed = [p for p in self.record["protocols"] if p["fingerprint"] == asked]
            for p in listed:
                self.matches.append(
                    ProtocolMatch(
                        kind=ProtocolKind(p["kind"]),
                        round=int(p["round"]),
                        number=str(p["number"]),
                        version=int(p["version"]),
                        lang=str(p["lang"]),
                        superseded=bool(p["superseded"]),
                        recomputes=not p["superseded"] and self._recompute(self.record, p) == asked,
                    )
                )
        except (KeyError, TypeError, ValueError, RecursionError):
            pass  # the protocols' list is malformed: _check_protocols has said so
        where = _("fingerprint {fingerprint}").format(fingerprint=grouped(asked))
        if not self.matches:
            self.fail("protocol", where, _("no protocol in the record carries this fingerprint"))
        elif not any(m.recomputes for m in self.matches):
            self.fail("protocol", where, _("the protocols that carry it no longer recompute to it from the record"))

    def check_asked_head(self, seq: int, digest: str) -> None:
        try:
            problem = self._chain_problem(seq, digest)
        except (KeyError, TypeError, ValueError, AttributeError, RecursionError) as exc:  # a streamed member damaged
            self.fail(
                "format",
                RECORD_MEMBER,
                _("a part of the record is missing or malformed: {error}").format(error=_describe_error(exc)),
            )
            return
        if problem is not None:
            self.fail("audit", _("audit entry {seq} printed on the paper").format(seq=seq), problem)


def paper_keys(data: bytes) -> dict[str, list[str | None]]:
    """The /OSGO… keys of a PDF's metadata (``reports.layout.info_keys``), each with every value it has in the file
    (an honest one: one), read by a scan of its bytes — no PDF library, no rendering; None for a value that is no
    string of the form the app writes. The scan is linear in the file, which the limits hold to 64 MiB."""
    keys: dict[str, list[str | None]] = {}
    for found in _PAPER_KEY.finditer(data):
        name, raw = found[1].decode("ascii"), found[2]
        value: str | None = None
        if raw is not None and raw.startswith(b"("):
            value = raw[1:-1].decode("ascii", errors="replace")
        elif raw is not None:
            try:
                value = bytes.fromhex(raw[1:-1].decode("ascii")).decode("utf-8")
            except (ValueError, UnicodeDecodeError):
                value = None
        keys.setdefault(name, []).append(value)
    return keys


def _protocol_where(protocol: Mapping[str, Any]) -> str:
    return _("protocol No. {number}, version {version} ({lang})").format(
        number=protocol["number"], version=protocol["version"], lang=protocol["lang"]
    )


def _read_within(archive: zipfile.ZipFile, name: str, limit: int) -> bytes | None:
    """The member unpacked in one read of no more than its header's size (zipfile inflates at most what it is asked
    for — a header that says less than the member holds cannot make it inflate more — stops at that size, and then
    checks the CRC); None when it is past ``limit``, whatever its header says."""
    info = archive.getinfo(name)
    with archive.open(info) as member:
        data = member.read(min(info.file_size, limit) + 1)
    return None if len(data) > limit else data


def _limit(name: str) -> int:
    return MAX_RECORD_BYTES if name == RECORD_MEMBER else MAX_FILE_BYTES


def _megabytes(size: int) -> str:
    return f"{size / MiB:,.1f}"


def _too_big(size: int, limit: int) -> str:
    return _("would unpack to {size} MB, more than the {limit} MB an election record's file may have").format(
        size=_megabytes(size), limit=_megabytes(limit)
    )


def _serial_order(serial: str) -> tuple[int, str]:
    return (int(serial), serial) if serial.isdigit() else (1 << 62, serial)


def _get(record: Mapping[str, Any], *path: str) -> object:
    value: object = record
    for key in path:
        if not isinstance(value, Mapping):
            return None
        value = value.get(key)
    return value


def _describe_error(exc: BaseException) -> str:
    if isinstance(exc, KeyError):
        return _("no {key}").format(key=_show(exc.args[0] if exc.args else ""))
    return str(exc) or type(exc).__name__


def iter_failure_lines(report: VerifyReport) -> Iterator[str]:
    """The report for a person, line by line: the verdict, each failure, what the fingerprint asked about is."""
    yield report.verdict()
    for failure in report.failures:
        yield "  " + str(failure)
    yield from report.exclusions
    yield from report.match_lines()
