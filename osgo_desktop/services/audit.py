"""Reading the audit log: its entries as plain rows, filtered, with what each one changed in the reader's words (the
fields and their values named as the forms name them, people and bodies by name); the chain check."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Final

from sqlalchemy import and_, false, func, or_, select

from osgo_desktop.clock import BISHKEK, in_bishkek
from osgo_desktop.domain import competition, composition, lifecycle, person, record, registry, voting
from osgo_desktop.domain.audit_chain import entry_row
from osgo_desktop.domain.collation import alphabetical
from osgo_desktop.domain.event_notes import note_text
from osgo_desktop.domain.profile import LocalText
from osgo_desktop.domain.roles import Action, Role, parse_roles, role_label
from osgo_desktop.domain.voting import RoundState
from osgo_desktop.i18n import N_, _, current_language, language_name
from osgo_desktop.services.accounts import SIGN_IN_ATTEMPT
from osgo_desktop.storage import audit, chain_head, models
from osgo_desktop.storage.chain_head import Restored as Restored  # the viewer shows it
from osgo_desktop.storage.uow import UnitOfWork


class _Hidden:
    """The value of a personal field shown to one who may not see it (``Action.READ_PERSONAL``)."""

    def __repr__(self) -> str:
        return "HIDDEN"


#: tables whose personal fields are secrets nobody is shown, whatever their roles: an account's Argon2id hashes (a
#: six-digit station PIN falls to its hash in hours of guessing)
SECRET_TABLES: Final = frozenset({models.Account.__tablename__})

#: a personal field's value in an entry read by one who may not see personal data: "hidden", the same before and
#: after (whether it changed is not shown either)
HIDDEN: Final = _Hidden()

#: the most entries the viewer asks for at once (the newest first)
DEFAULT_LIMIT = 2000
#: how much of a value a summary shows
_VALUE_CHARS = 60


#: each logged column's name as the forms say it (a column this version does not know: its own name)
FIELD_LABELS: Final = {
    "active": N_("Active"),
    "added_at": N_("Added"),
    "address": N_("Address"),
    "already_elected": N_("Already elected"),
    "application_id": N_("Application"),
    "association_id": N_("Association"),
    "at": N_("Time"),
    "account_id": N_("Account"),
    "failed_logins": N_("Failed sign-ins in a row"),
    "locked_until": N_("Locked until"),
    "login": N_("Login"),
    "roles": N_("Roles"),
    "password_hash": N_("Password"),
    "station_pin_hash": N_("Station PIN"),
    "profile_data": N_("Regulation profile"),
    "input_json": N_("The count's input"),
    "result_json": N_("The count's result"),
    "known_seq": N_("Newest entry seen on this computer"),
    "known_hash": N_("Hash of the newest entry seen here"),
    "found_seq": N_("Last entry of the copy acknowledged"),
    "found_hash": N_("Hash of the copy's last entry"),
    "attached_at": N_("Attached"),
    "attached_by": N_("Attached by"),
    "backup_path": N_("Backup copy"),
    "birth_date": N_("Date of birth"),
    "blank_is_valid": N_("A blank paper is valid"),
    "body_id": N_("State body"),
    "body_index": N_("No. in the list"),
    "came": N_("How the seat was taken"),
    "campaign_id": N_("Campaign"),
    "cancel_reason": N_("Reason for cancelling"),
    "chair_id": N_("Chair"),
    "channel": N_("How the application came"),
    "citizenship": N_("Citizenship"),
    "closed_at": N_("Closed"),
    "closed_record": N_("Record closed"),
    "code": N_("Code"),
    "commission_member_id": N_("Commission member"),
    "competition_id": N_("Competition"),
    "composition_id": N_("Composition"),
    "composition_size": N_("Seats in the composition"),
    "contact": N_("Contact"),
    "correction": N_("Correction"),
    "count_began": N_("Count began"),
    "count_ended": N_("Count ended"),
    "counting_entrant_id": N_("Counting commission"),
    "counting_member_id": N_("Counting commission member"),
    "created_at": N_("Created"),
    "criterion": N_("Criterion"),
    "decided_at": N_("Decided"),
    "decided_by": N_("Decided by"),
    "decided_on": N_("Date of the decision"),
    "deciders": N_("Decided by"),
    "declared_at": N_("Declared"),
    "display_name": N_("File name"),
    "dissent": N_("Dissenting opinions"),
    "doc_type": N_("Document type"),
    "education": N_("Education"),
    "due_since": N_("No longer kept since"),
    "email": N_("E-mail"),
    "entries": N_("Audit entries emptied"),
    "end_time": N_("End time"),
    "ended_on": N_("Ended"),
    "ends_on": N_("Term ends"),
    "entered_at": N_("Entered"),
    "entrant_id": N_("Entered by"),
    "expiry_date": N_("Expiry date"),
    "file_sha256": N_("File checksum"),
    "fields": N_("Fields erased"),
    "file_type": N_("File type"),
    "fingerprint": N_("Fingerprint"),
    "formation_date": N_("Formation date"),
    "from_state": N_("From"),
    "held_on": N_("Date"),
    "intake_address": N_("Address for documents"),
    "kind": N_("Kind"),
    "lang": N_("Language"),
    "late": N_("Late"),
    "left_note": N_("Note"),
    "left_on": N_("Left on"),
    "left_reason": N_("Reason for leaving"),
    "lot_order": N_("Order drawn by lot"),
    "lots_drawn_by": N_("Lots drawn by"),
    "lots_entrant_id": N_("Lots entered by"),
    "lots_note": N_("Note on the lots"),
    "lots_witnesses": N_("Witnesses of the lots"),
    "made_at": N_("Made"),
    "made_by": N_("Made by"),
    "mandate_id": N_("Mandate"),
    "marks": N_("Marks"),
    "max_marks": N_("Most marks on a paper"),
    "media_outlet": N_("Media outlet"),
    "member_id": N_("Commission member"),
    "members_total": N_("Members in total"),
    "min_votes": N_("Fewest votes to be elected"),
    "mode": N_("Mode"),
    "name": N_("Name"),
    "name_en": N_("Name in English"),
    "name_ky": N_("Name in Kyrgyz"),
    "name_ru": N_("Name in Russian"),
    "nomination": N_("Nominated by"),
    "note": N_("Note"),
    "notes": N_("Notes"),
    "number": N_("Number"),
    "objections": N_("Objections"),
    "one_per_organization": N_("One per organisation"),
    "opened_at": N_("Opened"),
    "organization": N_("Organisation"),
    "organization_id": N_("Organisation"),
    "papers_issued": N_("Papers issued"),
    "papers_printed": N_("Papers printed"),
    "papers_returned": N_("Papers returned"),
    "papers_unused": N_("Papers unused"),
    "passed": N_("Meets"),
    "patronymic": N_("Patronymic"),
    "person_id": N_("Person"),
    "personal_erased_at": N_("Personal data erased"),
    "phone": N_("Phone"),
    "pin": N_("PIN"),
    "pin_locked_until": N_("PIN locked until"),
    "place": N_("Place"),
    "position": N_("Position"),
    "present": N_("Present"),
    "protocol_id": N_("Protocol"),
    "public_service": N_("Public service"),
    "publication_date": N_("Date of publication"),
    "quorum": N_("Quorum"),
    "reason": N_("Reason"),
    "received_at": N_("Received"),
    "received_by": N_("Received by"),
    "recorded_at": N_("Recorded"),
    "registration_number": N_("Registration number"),
    "replaces_id": N_("Replaces"),
    "role": N_("Role"),
    "roll": N_("Roll"),
    "round_id": N_("Round"),
    "round_number": N_("Round"),
    "rows": N_("Rows erased"),
    "runoff_of_id": N_("Runoff of"),
    "screening_id": N_("Screening session"),
    "seat": N_("Seat"),
    "seats": N_("Seats"),
    "secretariat_entrant_id": N_("Secretariat"),
    "secretary_id": N_("Secretary"),
    "serial": N_("Paper No."),
    "session_id": N_("Vote session"),
    "settled_at": N_("Settled"),
    "sex": N_("Sex"),
    "sex_cap_percent": N_("Cap per sex, %"),
    "sha256": N_("Checksum"),
    "side": N_("Side"),
    "size": N_("Size"),
    "skipped": N_("Skipped"),
    "start_time": N_("Start time"),
    "starts_on": N_("Term starts"),
    "state": N_("State"),
    "struck_out": N_("Struck out"),
    "superseded": N_("Superseded"),
    "surname": N_("Surname"),
    "term_end": N_("Term ends"),
    "term_start": N_("Term starts"),
    "term_years": N_("Term, years"),
    "to_state": N_("To"),
    "updated_at": N_("Updated"),
    "vacancy_date": N_("Date of the vacancy"),
    "vacated_id": N_("Vacated mandate"),
    "variant": N_("Variant"),
    "version": N_("Version"),
    "vote_began": N_("Vote began"),
    "vote_ended": N_("Vote ended"),
    "votes_abstained": N_("Abstained"),
    "votes_against": N_("Against"),
    "votes_for": N_("For"),
    "withdraw_reason": N_("Reason for withdrawing"),
    "withdrawn_at": N_("Withdrawn"),
    "workplace": N_("Place of work"),
    "wrong_pins": N_("Wrong PINs"),
}
#: the labels of a column's values, by column name, or by (table, column) where one name means two things
_VALUE_LABELS: Final[dict[str | tuple[str, str], Mapping[Any, str]]] = {
    "state": lifecycle.STATE_LABELS,
    "from_state": lifecycle.STATE_LABELS,
    "to_state": lifecycle.STATE_LABELS,
    ("vote_round", "state"): {voting.RoundState.OPEN: N_("open"), voting.RoundState.CLOSED: N_("closed")},
    ("competition", "kind"): competition.KIND_LABELS,
    ("organization", "kind"): person.ORG_KIND_LABELS,
    ("protocol", "kind"): record.PROTOCOL_LABELS,
    ("protocol_facts", "kind"): record.PROTOCOL_LABELS,
    "variant": competition.VARIANT_LABELS,
    "sex": registry.SEX_LABELS,
    ("commission_member", "seat"): registry.SEAT_LABELS,
    "role": registry.ROLE_LABELS,
    "mode": voting.MODE_LABELS,
    "side": voting.SIDE_LABELS,
    # the forms' labels name the competition ("Elected in competition {competition}"); a logged row has only its id
    "came": {
        composition.Came.ELECTED: N_("Elected"),
        composition.Came.RESERVE: N_("Reserve"),
        composition.Came.REPLACEMENT: N_("Elected in a replacement competition"),
        composition.Came.APPOINTED: N_("Appointed"),
        composition.Came.IMPORTED: composition.CAME_LABELS[composition.Came.IMPORTED],
    },
    "left_reason": composition.LEFT_LABELS,
    "education": person.EDUCATION_LABELS,
    "public_service": person.PUBLIC_SERVICE_LABELS,
    "channel": person.CHANNEL_LABELS,
    "nomination": person.NOMINATION_LABELS,
}
#: columns whose values say nothing to a reader (hashes, stored computations): named, their values left out
_OPAQUE: Final = frozenset(
    {
        "sha256",
        "file_sha256",
        "fingerprint",
        "pin_hash",
        "password_hash",
        "station_pin_hash",
        "known_hash",
        "found_hash",
        "input_json",
        "result_json",
        "profile_data",
        "data",
        "roll",
        "closed_record",
    }
)
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}")
#: a name looked up for a referenced row: a text, or one per language (a state body's)
Name = str | LocalText


def field_label(name: str) -> str:
    """A logged column's name in the reader's language ("media_outlet_ru": "Media outlet in Russian")."""
    label = FIELD_LABELS.get(name)
    if label is not None:
        return _(label)
    base = FIELD_LABELS.get(name.removesuffix("_ru"))
    return _("{field} in Russian").format(field=_(base)) if base is not None and name.endswith("_ru") else name


@dataclass(frozen=True)
class PaperRef:
    """A ballot paper named by its competition, its round and its serial (a serial alone repeats in every round);
    for an entry, the side that entered it."""

    serial: int
    side: str | None
    round_id: Any
    #: the competition's number and the round's, once read (None: the round is no longer in the database)
    round: tuple[str, int] | None = None

    def text(self) -> str:
        serial = voting.paper_serial(self.serial)
        if self.round is None:
            return _("Ballot No. {serial}").format(serial=serial)
        competition, number = self.round
        if self.side is None:
            return _("{competition}, round {round}: ballot No. {serial}").format(
                competition=competition, round=number, serial=serial
            )
        known = self.side in voting.SIDE_LABELS
        side = _(voting.SIDE_LABELS[voting.Side(self.side)]) if known else self.side
        return _("{competition}, round {round}: ballot No. {serial}, {side}").format(
            competition=competition, round=number, serial=serial, side=side
        )


@dataclass(frozen=True)
class AuditRow:
    seq: int
    #: UTC, naive (as stored)
    at: dt.datetime
    actor: str
    action: str
    table: str
    #: the row's primary key, as logged
    key: tuple[tuple[str, Any], ...]
    #: for an update: the fields that differ from the row's previous entry; else every field
    fields: tuple[str, ...]
    #: each field of :attr:`fields`: (its value before, its value after); before is None for a new row
    values: tuple[tuple[Any, Any], ...] = ()
    #: the names of the rows the fields refer to, by (table, id): people, bodies, competitions
    names: Mapping[tuple[str, Any], Name] = field(default_factory=dict, compare=False)
    #: a ballot paper's row (an entry, a settlement): which paper
    paper: PaperRef | None = None

    @property
    def who(self) -> str:
        return actor_label(self.actor)

    @property
    def at_bishkek(self) -> dt.datetime:
        return in_bishkek(self.at)

    @property
    def record(self) -> str:
        """Which row: named when it is a person, a body, a competition…; else its key, its fields named."""
        own = self.names.get((self.table, dict(self.key).get("id")))
        if own is not None:
            return _name_text(own)
        if self.paper is not None:  # the paper as the observers know it, not the row's number
            return self.paper.text()
        if len(self.key) == 1 and self.key[0][0] == "id":
            return _("No. {number}").format(number=self.key[0][1])
        return "; ".join(f"{field_label(k)}: {self.value_text(k, v)}" for k, v in self.key)

    @property
    def summary(self) -> str:
        """What changed, in the reader's language: "State: Tallied → Closed; Note: …"."""
        parts = []
        for name, (before, after) in zip(self.fields, self.values, strict=True):
            label = field_label(name)
            if name in _OPAQUE:
                parts.append(label)
            elif self.action == "update":
                parts.append(f"{label}: {self.value_text(name, before)} → {self.value_text(name, after)}")
            elif after not in (None, "", [], {}) or name == "marks":  # no marks: a blank paper, said so
                parts.append(f"{label}: {self.value_text(name, after)}")
        return "; ".join(parts)

    def value_text(self, name: str, value: Any) -> str:
        """One value as a reader reads it: a label for a coded value, a name for a reference, a local time."""
        if value is HIDDEN:
            return _("hidden")
        if value is None or value == "":
            return "—"
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        labels = _VALUE_LABELS.get((self.table, name)) or _VALUE_LABELS.get(name)
        if labels is not None and isinstance(value, str) and value in labels:
            return _(labels[value])
        if name == "lang" and isinstance(value, str) and value in ("ky", "ru", "en"):
            return language_name(value)
        if name == "marks":  # the candidates' numbers marked on a paper (as logged: a JSON list)
            marks = _json_list(value)
            if marks is not None:
                return ", ".join(str(mark) for mark in marks) or _("none (a blank paper)")
        if name == "roles" and isinstance(value, str):
            held = parse_roles(value)
            return ", ".join(role_label(role) for role in Role if role in held)  # in the roles' own order
        target = _reference(self.table, name)
        if target is not None and (target, value) in self.names:
            return _name_text(self.names[target, value])
        if name == "note" and self.table == "competition_event" and isinstance(value, str):
            return _short(note_text(value))
        if isinstance(value, str) and _TIMESTAMP.match(value):
            try:
                return in_bishkek(dt.datetime.fromisoformat(value)).strftime("%Y-%m-%d %H:%M:%S")
            except ValueError:
                pass
        return _short(value)


def _json_list(value: Any) -> list[Any] | None:
    """``value`` as a list: itself, or the JSON text of one; None for anything else."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return None
    return value if isinstance(value, list) else None


def actor_label(actor: str) -> str:
    """Who an entry names, as the reader reads it: a failed sign-in (logged in these words by
    ``services.accounts``) in the reader's language; a person as logged."""
    if actor.startswith(SIGN_IN_ATTEMPT):
        return _("sign-in attempt: {login}").format(login=actor.removeprefix(SIGN_IN_ATTEMPT))
    return actor


def _name_text(name: Name) -> str:
    return name.get(current_language()) if isinstance(name, LocalText) else name


@cache
def _reference(table: str, column: str) -> str | None:
    """The table a column refers to (its foreign key), or None."""
    found = models.Base.metadata.tables.get(table)
    if found is None or column not in found.columns:
        return None
    keys = found.columns[column].foreign_keys
    return next(iter(keys)).column.table.name if keys else None


def _full_name(surname: str, name: str, patronymic: str | None) -> str:
    return registry.full_name(surname, name, patronymic or "")


#: the tables whose rows are one ballot paper each, named in the log as the paper (:class:`PaperRef`)
_PAPER_TABLES: Final = frozenset({models.BallotEntry.__tablename__, models.BallotSettlement.__tablename__})

#: how each kind of row is named: (the columns read, the name made from them)
_NAMERS: Final[dict[str, tuple[tuple[str, ...], Callable[[Any], Name]]]] = {
    "person": (("surname", "name", "patronymic"), lambda r: _full_name(r.surname, r.name, r.patronymic)),
    "commission_member": (("surname", "name", "patronymic"), lambda r: _full_name(r.surname, r.name, r.patronymic)),
    "counting_member": (("surname", "name", "patronymic"), lambda r: _full_name(r.surname, r.name, r.patronymic)),
    "council_member": (("surname", "name", "patronymic"), lambda r: _full_name(r.surname, r.name, r.patronymic)),
    "entrant": (("name",), lambda r: r.name),
    "account": (("name",), lambda r: r.name),
    "organization": (("name",), lambda r: r.name),
    "association": (("name",), lambda r: r.name),
    "state_body": (("name_ky", "name_ru", "name_en"), lambda r: LocalText(r.name_ky, r.name_ru, r.name_en or "")),
    "competition": (("number",), lambda r: r.number),
    "campaign": (("number",), lambda r: str(r.number)),
}


def _names(uow: UnitOfWork, wanted: Iterable[tuple[str, Any]]) -> dict[tuple[str, Any], Name]:
    """The names of the rows ``wanted`` (table, id) that still exist: one query per table."""
    by_table: dict[str, set[Any]] = {}
    for table_name, key in wanted:
        if table_name in _NAMERS and isinstance(key, int):
            by_table.setdefault(table_name, set()).add(key)
    found: dict[tuple[str, Any], Name] = {}
    for name, ids in by_table.items():
        table = models.Base.metadata.tables[name]
        columns, namer = _NAMERS[name]
        query = select(table.c.id, *(table.c[c] for c in columns)).where(table.c.id.in_(sorted(ids)))
        for row in uow.session.execute(query):
            found[name, row.id] = namer(row)
    return found


@dataclass(frozen=True)
class AuditFilters:
    """What the viewer can filter by: the tables and actors the log holds."""

    tables: tuple[str, ...]
    actors: tuple[str, ...]


def _utc_start(day: dt.date) -> dt.datetime:
    """Midnight of ``day`` in Bishkek, as a naive UTC time (how the log stores times)."""
    return dt.datetime.combine(day, dt.time(), BISHKEK).astimezone(dt.UTC).replace(tzinfo=None)


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= _VALUE_CHARS else text[: _VALUE_CHARS - 1] + "…"


def _changes(
    action: str, data: dict[str, Any], before: dict[str, Any] | None
) -> tuple[tuple[str, ...], tuple[tuple[Any, Any], ...]]:
    if action == "update" and before is not None:
        fields = audit.changed_fields(before, data)
        return fields, tuple((before.get(name), data.get(name)) for name in fields)
    # the id is the record column's; the row version says nothing of what a person entered
    fields = tuple(name for name in sorted(data) if name != "id" and name not in audit.BOOKKEEPING)
    return fields, tuple((None, data[name]) for name in fields)


def list_audit(
    uow: UnitOfWork,
    table: str | None = None,
    actor: str | None = None,
    text: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    limit: int = DEFAULT_LIMIT,
) -> list[AuditRow]:
    """The newest ``limit`` entries that pass the filters; ``since``/``until`` are Bishkek days, inclusive;
    ``text`` is looked for in the table name, the key and the row's data with its personal fields (any case): each
    entry shows the row it describes (``domain.audit_chain.entry_row``). For one who may not see personal data
    (``Action.READ_PERSONAL``) the personal fields read :data:`HIDDEN` and are not searched."""
    shown = uow.may(Action.READ_PERSONAL)
    # blind double entry: while a round is open, no one reads either side's marks here (its entry station shows
    # each side its own; the count shows them together once the round is closed)
    sealed = set(uow.session.scalars(select(models.VoteRound.id).where(models.VoteRound.state == RoundState.OPEN)))

    def row_of(data: str, personal: str | None, table_name: str) -> dict[str, Any]:
        if shown and table_name not in SECRET_TABLES:
            row = entry_row(data, personal)
        else:
            row = entry_row(data, None)
            if personal is not None:
                row.update(dict.fromkeys(json.loads(personal), HIDDEN))
        if table_name == models.BallotEntry.__tablename__ and row.get("round_id") in sealed:
            row["marks"] = HIDDEN
        return row

    entry = models.AuditEntry
    conditions = []
    if table:
        conditions.append(entry.table_name == table)
    if actor:
        conditions.append(entry.actor == actor)
    if since is not None:
        conditions.append(entry.at >= _utc_start(since))
    if until is not None:
        conditions.append(entry.at < _utc_start(until + dt.timedelta(days=1)))
    if text and text.strip():
        pattern = f"%{text.strip()}%"
        conditions.append(
            or_(
                and_(entry.data.ilike(pattern), entry.table_name != models.BallotEntry.__tablename__)
                if sealed
                else entry.data.ilike(pattern),
                and_(entry.personal.ilike(pattern), entry.table_name.not_in(SECRET_TABLES)) if shown else false(),
                entry.row_key.ilike(pattern),
                entry.table_name.ilike(pattern),
            )
        )
    query = select(entry).where(and_(True, *conditions)).order_by(entry.seq.desc()).limit(limit)
    out = []
    wanted: set[tuple[str, Any]] = set()
    for row in uow.session.scalars(query):
        data = row_of(row.data, row.personal, row.table_name)
        before = None
        if row.action == "update":
            previous = uow.session.execute(
                select(entry.data, entry.personal)
                .where(entry.table_name == row.table_name, entry.row_key == row.row_key, entry.seq < row.seq)
                .order_by(entry.seq.desc())
                .limit(1)
            ).first()
            before = row_of(previous.data, previous.personal, row.table_name) if previous is not None else None
        fields, values = _changes(row.action, data, before)
        key = tuple(sorted(json.loads(row.row_key).items()))
        wanted.add((row.table_name, dict(key).get("id")))
        referring = [*zip(fields, values, strict=True), *((k, (None, v)) for k, v in key)]
        for name, (old, new) in referring:
            target = _reference(row.table_name, name)
            if target is not None:
                wanted.update(((target, old), (target, new)))
        serial = data.get("serial") if row.table_name in _PAPER_TABLES else None
        paper = PaperRef(serial, data.get("side"), data.get("round_id")) if isinstance(serial, int) else None
        out.append(AuditRow(row.seq, row.at, row.actor, row.action, row.table_name, key, fields, values, paper=paper))
    names = _names(uow, wanted)
    rounds = _rounds(uow, {r.paper.round_id for r in out if r.paper is not None})
    return [
        dataclasses.replace(
            r,
            names=names,
            paper=None if r.paper is None else dataclasses.replace(r.paper, round=rounds.get(r.paper.round_id)),
        )
        for r in out
    ]


def _rounds(uow: UnitOfWork, ids: set[Any]) -> dict[Any, tuple[str, int]]:
    """The rounds ``ids`` that still exist: (their competition's number, their own)."""
    wanted = sorted(i for i in ids if isinstance(i, int))
    if not wanted:
        return {}
    query = (
        select(models.VoteRound.id, models.Competition.number, models.VoteRound.number)
        .join(models.Competition, models.Competition.id == models.VoteRound.competition_id)
        .where(models.VoteRound.id.in_(wanted))
    )
    return {row[0]: (row[1], row[2]) for row in uow.session.execute(query)}


def audit_filters(uow: UnitOfWork) -> AuditFilters:
    entry = models.AuditEntry
    tables = uow.session.scalars(select(entry.table_name).distinct())
    actors = uow.session.scalars(select(entry.actor).distinct())
    return AuditFilters(
        tuple(sorted(tables, key=lambda t: alphabetical(audit.table_label(t)))), tuple(sorted(actors, key=alphabetical))
    )


def count_entries(uow: UnitOfWork) -> int:
    return int(uow.session.scalar(select(func.count()).select_from(models.AuditEntry)) or 0)


@dataclass(frozen=True)
class AuditView:
    """What the audit viewer shows, read in one unit of work."""

    filters: AuditFilters
    rows: list[AuditRow]
    #: how many entries the log holds (the chain's last check may have seen fewer)
    entries: int
    restored: Restored | None


def audit_view(
    uow: UnitOfWork,
    table: str | None = None,
    actor: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> AuditView:
    """The viewer's filters, the newest entries that pass them (:func:`list_audit`), the log's size and whether this
    is a restored older copy: a read of up to :data:`DEFAULT_LIMIT` entries and the rows they name, for the
    background."""
    rows = list_audit(uow, table=table, actor=actor, since=since, until=until)
    return AuditView(audit_filters(uow), rows, count_entries(uow), restored_copy(uow))


def restored_copy(uow: UnitOfWork) -> Restored | None:
    """Whether the open database is an older (or other) copy than the newest this workstation has seen."""
    return chain_head.restored_on(uow.session.connection())


def acknowledge_restore(uow: UnitOfWork) -> Restored | None:
    """The administrator accepts the restored copy: an entry in the audit chain says so (``audit_ack``), and its
    head becomes the newest seen here. None when there was nothing to acknowledge."""
    uow.require(Action.RESTORE)
    connection = uow.session.connection()
    url = connection.engine.url
    was, head = chain_head.acknowledge_in(connection, uow.clock, uow.actor)
    if was is None:
        return None
    uow.commit()
    chain_head.keep(url, head)
    return was
