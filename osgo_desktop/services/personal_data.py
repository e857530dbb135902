"""Applicants' personal data kept close: who may see it (``Action.READ_PERSONAL``), how long it is kept, and its
erasure once that time is over — on record format 2, so the audit chain stays whole and checkable
(docs/decisions.md, "Personal data: how long it is kept and how it is erased").

The views that carry personal fields blank them here, where the data leaves the database, for anyone without
``READ_PERSONAL``, and say so (``personal_hidden``): a form shows a "hidden" mark instead of an empty field.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Final

from sqlalchemy import func, select, update

from osgo_desktop.clock import in_bishkek
from osgo_desktop.domain import personal_data as rule
from osgo_desktop.domain.audit_chain import PERSONAL_FIELDS, canonical_json
from osgo_desktop.domain.lifecycle import State
from osgo_desktop.domain.person import PersonDraft
from osgo_desktop.domain.registry import full_name
from osgo_desktop.domain.roles import Action
from osgo_desktop.errors import KnownError
from osgo_desktop.i18n import _
from osgo_desktop.storage import audit, models
from osgo_desktop.storage.uow import UnitOfWork

#: the pseudo-table under which an erasure is logged (no such table: the entry is the record of it)
ERASURE_TABLE: Final = audit.ERASURE_TABLE
#: its action
ERASURE_ACTION: Final = audit.ERASURE_ACTION
#: the competitions that are over: their result stands or they were called off
_OVER: Final = frozenset({State.CLOSED, State.CANCELLED})


# --- who may see it ------------------------------------------------------------------------------------------


def shows_personal(uow: UnitOfWork) -> bool:
    """Whether the signed-in person may see applicants' personal fields (administrator, secretariat)."""
    return uow.may(Action.READ_PERSONAL)


def hidden_person(draft: PersonDraft) -> PersonDraft:
    """``draft`` without its personal fields (``PERSONAL_FIELDS["person"]``): what one without READ_PERSONAL sees."""
    return dataclasses.replace(
        draft, birth_date=None, pin="", workplace="", position="", phone="", email="", address=""
    )


# --- how long it is kept -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DuePerson:
    """A person whose personal data is no longer kept."""

    person_id: int
    full_name: str
    #: the first day it was no longer kept
    since: dt.date
    #: the registration numbers of their applications ("2026/04-003")
    applications: tuple[str, ...]


def _day(stored: dt.datetime) -> dt.date:
    return in_bishkek(stored).date()


def _holds(uow: UnitOfWork, today: dt.date) -> dict[int, list[rule.Hold]]:
    """Every reason to keep each person's data, by person id (``domain.personal_data``)."""
    session = uow.session
    holds: dict[int, list[rule.Hold]] = {}
    competitions = {c.id: c for c in session.scalars(select(models.Competition))}
    event = models.CompetitionEvent
    over_at: dict[int, dt.datetime] = {
        competition_id: at
        for competition_id, at in session.execute(
            select(event.competition_id, func.max(event.at))
            .where(event.to_state.in_([State.CLOSED, State.CANCELLED]))
            .group_by(event.competition_id)
        )
    }
    candidates = set(session.scalars(select(models.RoundCandidate.application_id).distinct()))
    formed: dict[int, list[dt.date]] = {}
    for competition_id, term_end, ended_on in session.execute(
        select(models.Composition.competition_id, models.Composition.term_end, models.Composition.ended_on).where(
            models.Composition.competition_id.is_not(None)
        )
    ):
        if competition_id is not None:
            formed.setdefault(competition_id, []).append(ended_on or term_end)
    for app_id, person_id, competition_id in session.execute(
        select(models.Application.id, models.Application.person_id, models.Application.competition_id)
    ):
        competition = competitions[competition_id]
        if competition.state not in _OVER:
            hold = rule.Hold(None)
        else:
            ended = _day(over_at.get(competition_id) or competition.updated_at)
            if app_id in candidates:  # on the reserve list while the composition it formed sits
                for sits_until in formed.get(competition_id, ()):
                    ended = max(ended, sits_until)
            hold = rule.Hold(None if ended >= today else ended)
        holds.setdefault(person_id, []).append(hold)
    mandate, composition = models.Mandate, models.Composition
    for person_id, left_on, ends_on, composition_ended in session.execute(
        select(mandate.person_id, mandate.left_on, mandate.ends_on, composition.ended_on).join(
            composition, composition.id == mandate.composition_id
        )
    ):
        holds.setdefault(person_id, []).append(rule.seat_ended(left_on, ends_on, composition_ended, today))
    for member_person in session.scalars(
        select(models.CommissionMember.person_id).where(
            models.CommissionMember.active, models.CommissionMember.person_id.is_not(None)
        )
    ):
        if member_person is not None:
            holds.setdefault(member_person, []).append(rule.Hold(None))
    return holds


def _has_personal(person: models.Person) -> bool:
    return person.personal_erased_at is None or any(
        getattr(person, name) not in (None, "") for name in PERSONAL_FIELDS["person"]
    )


def due_for_erasure(uow: UnitOfWork) -> list[DuePerson]:
    """The people whose personal data is no longer kept on ``uow.clock``'s day and still held, the longest due
    first, each with the day its keeping time ran out. Names and dates only: no personal field."""
    today = uow.clock.today()
    holds = _holds(uow, today)
    numbers: dict[int, list[str]] = {}
    for person_id, app_number, competition_number in uow.session.execute(
        select(models.Application.person_id, models.Application.number, models.Competition.number)
        .join(models.Competition, models.Competition.id == models.Application.competition_id)
        .order_by(models.Competition.number, models.Application.number)
    ):
        numbers.setdefault(person_id, []).append(f"{competition_number}-{app_number:03d}")
    out = []
    for person in uow.session.scalars(select(models.Person)):
        if not _has_personal(person):
            continue
        ends = rule.keeping_ends(holds.get(person.id, ()), _day(person.updated_at))
        if ends is not None and ends <= today:
            name = full_name(person.surname, person.name, person.patronymic)
            out.append(DuePerson(person.id, name, ends, tuple(numbers.get(person.id, ()))))
    return sorted(out, key=lambda due: (due.since, due.full_name, due.person_id))


# --- erasing it ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Erased:
    """One person's personal data erased."""

    person_id: int
    full_name: str
    #: the audit entries whose personal fields and salt were deleted
    entries: int


class NotDue(KnownError):
    """Asked to erase the personal data of someone whose keeping time is not over."""


def _key(row_id: int) -> str:
    return canonical_json({"id": row_id})


def _erase_rows(
    person: models.Person, applications: Iterable[models.Application], at: dt.datetime
) -> dict[str, list[int]]:
    """Blank the personal fields of a person and of their applications and documents; what was blanked, by table."""
    for name in PERSONAL_FIELDS["person"]:
        setattr(person, name, None if name == "birth_date" else "")
    person.personal_erased_at = at
    erased: dict[str, list[int]] = {"person": [person.id], "application": [], "document": []}
    for application in applications:
        for name in PERSONAL_FIELDS["application"]:
            setattr(application, name, "")
        erased["application"].append(application.id)
        for document in application.documents:
            # the file's name as handed in may name the person ("Ivanov CV.pdf"): its kind and number instead
            document.display_name = f"{document.doc_type}-{document.id}.{document.file_type.value}"
            erased["document"].append(document.id)
    return erased


def erase_personal_data(uow: UnitOfWork, person_ids: Collection[int] | None = None) -> list[Erased]:
    """Erase the personal data of the people ``person_ids`` (None: everyone due), each of whom must be due
    (:func:`due_for_erasure`): their personal fields in the database are blanked, and every audit entry that held
    them loses its personal fields and their salt — its ``personal_hash`` stays, so the chain stays whole and every
    hash checkable, and nobody can recover what was there. Each erasure is an audit entry of its own (for whom,
    which rows, by whom, when), without any personal value."""
    uow.require(Action.ERASE_PERSONAL)
    due = {person.person_id: person for person in due_for_erasure(uow)}
    if person_ids is None:
        chosen = list(due)
    else:
        not_due = sorted(set(person_ids) - set(due))
        if not_due:
            raise NotDue(
                _(
                    "The personal data of person No. {ids} is still kept (or already erased): nothing was erased."
                ).format(ids=", ".join(str(i) for i in not_due))
            )
        chosen = sorted(set(person_ids))
    if not chosen:
        return []
    connection = uow.session.connection()
    before_seq, _head = audit.read_head(connection)
    at = uow.clock.utc_naive()
    erased_rows: dict[int, dict[str, list[int]]] = {}
    for person_id in chosen:
        person = uow.session.get_one(models.Person, person_id)
        applications = uow.session.scalars(
            select(models.Application).where(models.Application.person_id == person_id).order_by(models.Application.id)
        )
        erased_rows[person_id] = _erase_rows(person, applications, at)
    uow.session.flush()  # the blanked rows are logged (their entries hold no personal value)
    entry = models.AuditEntry
    out = []
    changes = []
    for person_id in chosen:
        rows = erased_rows[person_id]
        count = 0
        for table, ids in rows.items():
            if not ids:
                continue
            result = connection.execute(
                update(entry)
                .where(
                    entry.seq <= before_seq,
                    entry.table_name == table,
                    entry.row_key.in_([_key(i) for i in ids]),
                    entry.personal.is_not(None),
                )
                .values(personal=None, salt=None)
            )
            count += result.rowcount or 0
        data = {
            "person_id": person_id,
            "due_since": due[person_id].since.isoformat(),
            "fields": {table: sorted(PERSONAL_FIELDS[table]) for table, ids in rows.items() if ids},
            "rows": {table: ids for table, ids in rows.items() if ids},
            "entries": count,
        }
        changes.append(
            audit.Change(ERASURE_ACTION, ERASURE_TABLE, canonical_json({"person_id": person_id}), canonical_json(data))
        )
        out.append(Erased(person_id, due[person_id].full_name, count))
    audit.append(connection, at, uow.actor, changes)
    uow.commit()
    return out
