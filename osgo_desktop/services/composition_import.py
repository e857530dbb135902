"""Sitting compositions from a spreadsheet: the members of a council (or of the Commission) as they sit before the
app, with a preview and row-level errors, then all rows or none.

The file is read as the applicants' lists are (``formats/tabular.py``: XLSX or CSV, Kyrgyz, Russian or English
headers, the same limits and messages), with the columns of :data:`~osgo_desktop.formats.tabular.MEMBER_FIELDS`:
body (its code), surname, name, patronymic, PIN, sex, date of birth, organisation, seat, term start, term end and
seats. Decisions (``docs/decisions.md``, "Importing sitting compositions"):

* The rows of one body with the same term start and end are one composition. Its seats are the "seats" column
  when the file gives it (the same on each of its rows, and no fewer than its members: the rest are vacant), else
  the number of its rows. The Commission's seats are its civil-society ones: its permanent rows do not count.
* A row is a person, matched by PIN with the person already on record (whose data is kept); a row without a PIN
  makes a person of its own, with a warning. Each row becomes a mandate that came ``imported``, for the whole term.
* Refused, with the row named: a PIN that is not well-formed, a term that ends before it starts, a person twice in
  one composition, terms of one body that overlap (in the file or with a composition on record), a person on two
  councils at once or on a council while on the Commission (in the file or on record). Warned: a PIN that
  contradicts the sex or the date of birth given, a row without a PIN, a PIN on record under another name.
* A Commission row (body ``commission``) is a civil-society or permanent seat; a permanent one names in its
  organisation the body that appoints it. Each is linked to the member's line in the Commission's roster (found
  by PIN, else by name among the lines without one), or a new line when there is none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Final

from sqlalchemy import or_, select

from osgo_desktop import i18n
from osgo_desktop.domain import person
from osgo_desktop.domain.composition import Came, SeatKind, Term
from osgo_desktop.domain.person import Education, PersonDraft, PublicService
from osgo_desktop.domain.profile import Kind, RegulationProfile
from osgo_desktop.domain.registry import COMMISSION_CODE, MAX_NAME, Role, Seat, Sex, full_name
from osgo_desktop.domain.roles import Action
from osgo_desktop.errors import KnownError
from osgo_desktop.formats.tabular import COMPOSITION_MEMBERS, ImportRow, header_key, map_columns, parse_rows, read_table
from osgo_desktop.i18n import _, format_date
from osgo_desktop.services import registries
from osgo_desktop.storage import documents, models
from osgo_desktop.storage.uow import UnitOfWork

#: errors quoted in the message of a refused import (the preview shows them all)
_QUOTED_ERRORS: Final = 5


@dataclass(frozen=True)
class MemberLine:
    """One row of the file as the import reads it, with what is wrong with it (errors refuse the whole import)."""

    line: int
    #: the body's code as resolved ("commission" for the Commission), "" when it could not be
    body_code: str
    surname: str
    name: str
    patronymic: str
    pin: str
    sex: Sex | None
    birth_date: dt.date | None
    organization: str
    seat: SeatKind | None
    term_start: dt.date | None
    term_end: dt.date | None
    #: the "seats" column of the row, when given
    seats: int | None
    errors: tuple[str, ...]
    warnings: tuple[str, ...]
    #: a permanent Commission seat: the index of its body in the profile's ``commission_permanent_bodies``
    body_index: int | None = None

    @property
    def full_name(self) -> str:
        return full_name(self.surname, self.name, self.patronymic)


@dataclass(frozen=True)
class PlannedComposition:
    """A composition the import would create: one body's term and the lines of its members."""

    body_code: str
    #: the body's name in the current language (the Commission's name for the Commission)
    body_name: str
    term_start: dt.date
    term_end: dt.date
    seats: int
    lines: tuple[int, ...]


@dataclass(frozen=True)
class CompositionPreview:
    """What an import would create, row by row; nothing is saved."""

    file_name: str
    #: the body the import is for (its code, or "commission"); "" when each row names its own
    body_code: str
    rows: tuple[MemberLine, ...]
    compositions: tuple[PlannedComposition, ...]
    unknown_columns: tuple[str, ...]

    @property
    def valid(self) -> tuple[MemberLine, ...]:
        return tuple(r for r in self.rows if not r.errors)

    @property
    def invalid(self) -> tuple[MemberLine, ...]:
        return tuple(r for r in self.rows if r.errors)


@dataclass(frozen=True)
class ImportedComposition:
    composition_id: int
    body_code: str
    term_start: dt.date
    term_end: dt.date
    seats: int
    members: int


@dataclass(frozen=True)
class CompositionImport:
    """What an import created: the compositions, and how many of their members were new persons."""

    compositions: tuple[ImportedComposition, ...]
    persons_created: int
    persons_matched: int

    @property
    def members(self) -> int:
        return sum(c.members for c in self.compositions)


class CompositionImportRefused(KnownError):
    """An import with rows in error: nothing was saved."""


# --- reading ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Body:
    body_id: int | None
    code: str
    name: str


def _text(values: Mapping[str, object], key: str) -> str:
    value = values.get(key)
    return value if isinstance(value, str) else ""


def _date(values: Mapping[str, object], key: str) -> dt.date | None:
    value = values.get(key)
    return value if isinstance(value, dt.date) else None


def _span(start: dt.date, end: dt.date) -> str:
    return f"{format_date(start, style='numeric')}–{format_date(end, style='numeric')}"


def _overlap(a: tuple[dt.date, dt.date], b: tuple[dt.date, dt.date]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


class _Reader:
    """The conversion of the file's rows, with the bodies and the profile it needs."""

    def __init__(self, uow: UnitOfWork, body_code: str | None) -> None:
        self.uow = uow
        self.profile: RegulationProfile = registries.current_profile(uow)
        self.lang = i18n.current_language()
        self.fixed: _Body | None = self.resolve(body_code) if body_code is not None else None
        self._bodies: dict[str, _Body | str] = {}

    def resolve(self, code: str) -> _Body:
        ref = registries.body_by_code(self.uow, code)
        return _Body(ref.body_id, ref.code, ref.name.get(self.lang))

    def body_of_row(self, line: int, cell: str, errors: list[str]) -> _Body | None:
        """The body a row is for: the import's (a cell that names another is an error), or the cell's."""
        if self.fixed is not None:
            if cell and self._lookup(cell) != self.fixed:
                errors.append(
                    _("Line {line}: the row is for “{body}”, but the import is for {code}.").format(
                        line=line, body=cell, code=self.fixed.code
                    )
                )
                return None
            return self.fixed
        if not cell:
            errors.append(_("Line {line}: the body is missing: give its code.").format(line=line))
            return None
        found = self._lookup(cell)
        if isinstance(found, str):
            errors.append(_("Line {line}: {message}").format(line=line, message=found))
            return None
        return found

    def _lookup(self, cell: str) -> _Body | str:
        """The body of the code in ``cell``, or why there is none (a translated sentence)."""
        key = cell.strip().casefold()
        if key not in self._bodies:
            try:
                self._bodies[key] = self.resolve(cell)
            except KnownError as exc:
                self._bodies[key] = str(exc)
        return self._bodies[key]

    def permanent_body(self, organization: str) -> int | None:
        """The index of the permanent Commission body ``organization`` names, in any language: its name, or its name
        followed by more ("Аппарат Президента Кыргызской Республики"); the longest name that fits wins."""
        key = header_key(organization)
        best: tuple[int, int] | None = None
        for index, body in enumerate(self.profile.commission_permanent_bodies):
            for name in (body.ky, body.ru, body.en):
                name_key = header_key(name)
                if name_key and key.startswith(name_key) and (best is None or len(name_key) > best[0]):
                    best = (len(name_key), index)
        return best[1] if best is not None else None

    def convert(self, row: ImportRow) -> tuple[MemberLine, _Body | None]:
        errors, warnings = list(row.errors), list(row.warnings)
        values = row.values
        line = row.line
        body = self.body_of_row(line, _text(values, "body"), errors)
        surname, name, patronymic = _text(values, "surname"), _text(values, "name"), _text(values, "patronymic")
        organization = _text(values, "organization")
        for field, value in (
            ("surname", surname),
            ("name", name),
            ("patronymic", patronymic),
            ("organization", organization),
        ):
            label = COMPOSITION_MEMBERS.label(field)
            if len(value) > MAX_NAME:
                errors.append(
                    _("Line {line}, {field}: {message}").format(
                        line=line, field=label, message=_("This text is too long.")
                    )
                )
            elif field in ("surname", "name") and not value:
                errors.append(
                    _("Line {line}, {field}: {message}").format(
                        line=line, field=label, message=_("This field is required.")
                    )
                )
        pin = person.normalize_pin(_text(values, "pin"))
        if pin:
            problem = person.pin_problem(pin)
            if problem is not None:
                errors.append(
                    _("Line {line}, {field}: {message}").format(
                        line=line, field=COMPOSITION_MEMBERS.label("pin"), message=problem
                    )
                )
        else:
            warnings.append(
                _(
                    "Line {line}: no PIN; the member is recorded as a person of their own, whom the app cannot find "
                    "among the applicants."
                ).format(line=line)
            )
        given_sex = values.get("sex")
        if isinstance(given_sex, Sex):
            sex: Sex | None = given_sex
        else:
            sex = person.pin_sex(pin) if pin else None
            if sex is None:
                errors.append(_("Line {line}: the sex is missing and the PIN does not give it.").format(line=line))
        birth = _date(values, "birth_date")
        if pin and sex is not None and person.pin_problem(pin) is None:
            draft = PersonDraft(
                surname=surname,
                name=name,
                patronymic=patronymic,
                sex=sex,
                birth_date=birth,
                pin=pin,
                education=Education.NONE,
                public_service=PublicService.NONE,
            )
            warnings.extend(
                _("Line {line}: {warning}").format(line=line, warning=w) for w in person.person_warnings(draft)
            )
        if pin and person.pin_problem(pin) is None:
            known = self.uow.session.scalars(select(models.Person).where(models.Person.pin == pin).limit(1)).first()
            if known is not None and (
                full_name(known.surname, known.name, known.patronymic).casefold()
                != full_name(surname, name, patronymic).casefold()
            ):
                warnings.append(
                    _("Line {line}: the PIN {pin} is on record for {name}, whose record is kept.").format(
                        line=line, pin=pin, name=full_name(known.surname, known.name, known.patronymic)
                    )
                )
        seat_value = values.get("seat")
        seat = SeatKind(seat_value) if isinstance(seat_value, str) and seat_value else None
        body_index = None
        if body is not None:
            seat, body_index = self._seat(line, body, seat, organization, errors)
        start, end = _date(values, "term_start"), _date(values, "term_end")
        for field, day in (("term_start", start), ("term_end", end)):
            if day is None:
                errors.append(
                    _("Line {line}: give the {field} (DD.MM.YYYY).").format(
                        line=line, field=COMPOSITION_MEMBERS.label(field).lower()
                    )
                )
        if start is not None and end is not None and end <= start:
            errors.append(
                _("Line {line}: the term ends on {end}, before it starts on {start}.").format(
                    line=line, end=format_date(end, style="numeric"), start=format_date(start, style="numeric")
                )
            )
        seats_value = values.get("seats")
        member = MemberLine(
            line=line,
            body_code=body.code if body is not None else "",
            surname=surname,
            name=name,
            patronymic=patronymic,
            pin=pin,
            sex=sex,
            birth_date=birth,
            organization=organization,
            seat=seat,
            term_start=start,
            term_end=end,
            seats=seats_value if isinstance(seats_value, int) else None,
            errors=tuple(errors),
            warnings=tuple(warnings),
            body_index=body_index,
        )
        return member, body

    def _seat(
        self, line: int, body: _Body, seat: SeatKind | None, organization: str, errors: list[str]
    ) -> tuple[SeatKind | None, int | None]:
        """The seat a row holds, checked against its body: a council seat on a council; a civil-society or permanent
        seat on the Commission, a permanent one naming its appointing body in the organisation."""
        if body.body_id is not None:
            if seat not in (None, SeatKind.COUNCIL):
                errors.append(
                    _("Line {line}: a public council has council seats only; write council or leave it empty.").format(
                        line=line
                    )
                )
            return SeatKind.COUNCIL, None
        if seat is None or seat is SeatKind.COUNCIL:
            errors.append(_("Line {line}: say which seat of the Commission: civil or permanent.").format(line=line))
            return None, None
        if seat is SeatKind.PERMANENT:
            index = self.permanent_body(organization)
            if index is None:
                errors.append(
                    _(
                        "Line {line}: a permanent member names in the organisation the body that appoints them: "
                        "{bodies}."
                    ).format(
                        line=line,
                        bodies="; ".join(b.get(self.lang) for b in self.profile.commission_permanent_bodies),
                    )
                )
            return seat, index
        return seat, None


def preview_import(uow: UnitOfWork, body_code: str | None, path: Path) -> CompositionPreview:
    """:func:`preview` of the file at ``path``."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise documents.unreadable(path.name, exc) from exc
    return preview(uow, body_code, data, path.name)


def preview(uow: UnitOfWork, body_code: str | None, data: bytes, file_name: str) -> CompositionPreview:
    """What importing ``data`` would create for the body ``body_code`` (``commission`` for the Commission; None:
    each row names its body in the body column), row by row, with every error and warning; nothing is saved. A
    body code that names no body, or a file that cannot be read as a list, raises :class:`KnownError`."""
    reader = _Reader(uow, body_code)
    table = read_table(data, file_name, COMPOSITION_MEMBERS)
    columns = map_columns(table.headers, COMPOSITION_MEMBERS)
    columns.require(*(() if body_code is not None else ("body",)))
    converted = [reader.convert(row) for row in parse_rows(table, columns)]
    errors: dict[int, list[str]] = {m.line: [] for m, _body in converted}
    groups = _group(converted, errors)
    _check_overlaps(uow, groups, errors)
    _check_two_seats(uow, reader.profile, converted, errors)
    rows = tuple(m if not errors[m.line] else _with_errors(m, errors[m.line]) for m, _body in converted)
    planned = tuple(
        PlannedComposition(body.code, body.name, key[1], key[2], _seats(members), tuple(m.line for m in members))
        for key, (body, members) in groups.items()
    )
    return CompositionPreview(
        file_name, reader.fixed.code if reader.fixed else "", rows, planned, tuple(columns.unknown)
    )


def _with_errors(member: MemberLine, more: list[str]) -> MemberLine:
    return replace(member, errors=(*member.errors, *more))


_Key = tuple[int | None, dt.date, dt.date]


def _group(
    converted: list[tuple[MemberLine, _Body | None]], errors: dict[int, list[str]]
) -> dict[_Key, tuple[_Body, list[MemberLine]]]:
    """The rows of each body and term, in the file's order; a person twice in one, and seats that disagree or are
    fewer than the members, are errors of the row that says so."""
    groups: dict[_Key, tuple[_Body, list[MemberLine]]] = {}
    for member, body in converted:
        if body is None or member.term_start is None or member.term_end is None or member.term_end <= member.term_start:
            continue
        key = (body.body_id, member.term_start, member.term_end)
        groups.setdefault(key, (body, []))[1].append(member)
    for body, members in groups.values():
        by_pin: dict[str, int] = {}
        by_name: dict[tuple[str, Sex | None], int] = {}
        seats_line: tuple[int, int] | None = None
        for m in members:
            if m.pin:
                first = by_pin.setdefault(m.pin, m.line)
                if first != m.line:
                    errors[m.line].append(
                        _("Line {line}: the same person (PIN {pin}) as line {first}, in the same composition.").format(
                            line=m.line, pin=m.pin, first=first
                        )
                    )
            else:
                first = by_name.setdefault((m.full_name.casefold(), m.sex), m.line)
                if first != m.line:
                    errors[m.line].append(
                        _(
                            "Line {line}: the same name as line {first}, in the same composition: give their PINs "
                            "if they are two people."
                        ).format(line=m.line, first=first)
                    )
            if m.seats is not None:
                if seats_line is None:
                    seats_line = (m.line, m.seats)
                elif m.seats != seats_line[1]:
                    errors[m.line].append(
                        _(
                            "Line {line}: {seats} seats, but line {first} gives {first_seats} for the same composition."
                        ).format(line=m.line, seats=m.seats, first=seats_line[0], first_seats=seats_line[1])
                    )
        if seats_line is not None and seats_line[1] < len(_seated(members)):
            errors[seats_line[0]].append(
                _("Line {line}: {seats} seats, but the composition of {body} for {term} has {count} members.").format(
                    line=seats_line[0],
                    seats=seats_line[1],
                    body=body.code,
                    term=_span(members[0].term_start or dt.date.min, members[0].term_end or dt.date.max),
                    count=len(_seated(members)),
                )
            )
    return groups


def _seated(members: list[MemberLine]) -> list[MemberLine]:
    """The members who count against a composition's seats: a Commission composition's seats are its
    civil-society ones (the permanent seats are the profile's, one per appointing body)."""
    return [m for m in members if m.seat is not SeatKind.PERMANENT]


def _seats(members: list[MemberLine]) -> int:
    given = [m.seats for m in members if m.seats is not None]
    counted = len(_seated(members))
    return max(given[0], counted) if given else counted


def _check_overlaps(
    uow: UnitOfWork, groups: dict[_Key, tuple[_Body, list[MemberLine]]], errors: dict[int, list[str]]
) -> None:
    """Two terms of one body may not overlap: in the file (the later group's first row is refused) nor with a
    composition on record."""
    seen: dict[int | None, list[tuple[dt.date, dt.date, int]]] = {}
    for (body_id, start, end), (body, members) in groups.items():
        first = members[0].line
        for other_start, other_end, other_line in seen.get(body_id, []):
            if _overlap((start, end), (other_start, other_end)):
                errors[first].append(
                    _("Line {line}: the term {term} of {body} overlaps the term {other} of line {other_line}.").format(
                        line=first,
                        term=_span(start, end),
                        body=body.code,
                        other=_span(other_start, other_end),
                        other_line=other_line,
                    )
                )
                break
        seen.setdefault(body_id, []).append((start, end, first))
        on_record = uow.session.scalars(
            select(models.Composition).where(
                models.Composition.body_id.is_(None) if body_id is None else models.Composition.body_id == body_id,
                models.Composition.term_start <= end,
                or_(
                    models.Composition.ended_on.is_(None) & (models.Composition.term_end >= start),
                    models.Composition.ended_on >= start,
                ),
            )
        ).first()
        if on_record is not None:
            errors[first].append(
                _("Line {line}: the term {term} of {body} overlaps the composition on record for {other}.").format(
                    line=first,
                    term=_span(start, end),
                    body=body.code,
                    other=_span(on_record.term_start, on_record.ended_on or on_record.term_end),
                )
            )


@dataclass(frozen=True)
class _Seat:
    """A seat a person holds (in the file: its line; on record: 0), as the two-seats rule sees it."""

    body_id: int | None
    body_code: str
    start: dt.date
    end: dt.date
    line: int


def _check_two_seats(
    uow: UnitOfWork,
    profile: RegulationProfile,
    converted: list[tuple[MemberLine, _Body | None]],
    errors: dict[int, list[str]],
) -> None:
    """A person sits on one council at a time (when the profile says so), and a Commission member on none: each
    row is checked against the rows before it and against the seats on record, by PIN."""
    one_council = profile.rules(Kind.COUNCIL).one_council_per_person
    held: dict[str, list[_Seat]] = {}
    for member, body in converted:
        if body is None or not member.pin or member.term_start is None or member.term_end is None:
            continue
        mine = _Seat(body.body_id, body.code, member.term_start, member.term_end, member.line)
        seats = held.get(member.pin)
        if seats is None:
            seats = held[member.pin] = _on_record(uow, member.pin)
        for other in seats:
            if other.body_id == mine.body_id or not _overlap((mine.start, mine.end), (other.start, other.end)):
                continue
            where = (
                _("line {line}").format(line=other.line)
                if other.line
                else _("on record, {term}").format(term=_span(other.start, other.end))
            )
            if mine.body_id is None or other.body_id is None:
                errors[member.line].append(
                    _(
                        "Line {line}: {name} (PIN {pin}) would sit on a public council while a member of the "
                        "Commission ({where})."
                    ).format(line=member.line, name=member.full_name, pin=member.pin, where=where)
                )
                break
            if one_council:
                errors[member.line].append(
                    _(
                        "Line {line}: {name} (PIN {pin}) would sit on two public councils at once: {body} and {other} "
                        "({where})."
                    ).format(
                        line=member.line,
                        name=member.full_name,
                        pin=member.pin,
                        body=mine.body_code,
                        other=other.body_code,
                        where=where,
                    )
                )
                break
        seats.append(mine)


def _on_record(uow: UnitOfWork, pin: str) -> list[_Seat]:
    """The seats the person of ``pin`` holds on record: their mandates, and the Commission's roster lines."""
    out = []
    query = (
        select(models.Mandate, models.Composition.body_id, models.StateBody.code)
        .join(models.Composition, models.Mandate.composition_id == models.Composition.id)
        .join(models.Person, models.Mandate.person_id == models.Person.id)
        .outerjoin(models.StateBody, models.Composition.body_id == models.StateBody.id)
        .where(models.Person.pin == pin)
    )
    for mandate, body_id, code in uow.session.execute(query).unique():
        term = Term(mandate.starts_on, mandate.ends_on, mandate.left_on)
        if term.last_day >= term.starts_on:
            out.append(_Seat(body_id, code or COMMISSION_CODE, term.starts_on, term.last_day, 0))
    for member in uow.session.scalars(
        select(models.CommissionMember).where(models.CommissionMember.pin == pin, models.CommissionMember.active)
    ):
        out.append(_Seat(None, COMMISSION_CODE, member.term_start or dt.date.min, member.term_end or dt.date.max, 0))
    return out


# --- importing ----------------------------------------------------------------------------------------------------


def import_compositions(uow: UnitOfWork, body_code: str | None, path: Path) -> CompositionImport:
    """Import the file at ``path``: every row, or — when any row is in error — none (:class:`CompositionImportRefused`
    quoting the first errors). One commit."""
    uow.require(Action.EDIT_COMPOSITIONS)
    return _create(uow, preview_import(uow, body_code, path))


def import_data(uow: UnitOfWork, body_code: str | None, data: bytes, file_name: str) -> CompositionImport:
    """:func:`import_compositions` of ``data``."""
    uow.require(Action.EDIT_COMPOSITIONS)
    return _create(uow, preview(uow, body_code, data, file_name))


def _create(uow: UnitOfWork, previewed: CompositionPreview) -> CompositionImport:
    """Create what the preview, made in this unit of work, shows."""
    invalid = previewed.invalid
    if invalid:
        quoted = [e for r in invalid for e in r.errors][:_QUOTED_ERRORS]
        raise CompositionImportRefused(
            "\n".join(
                [
                    i18n.ngettext(
                        "{count} row has errors: correct the file and import it again. Nothing was saved.",
                        "{count} rows have errors: correct the file and import it again. Nothing was saved.",
                        len(invalid),
                    ).format(count=len(invalid)),
                    *quoted,
                ]
            )
        )
    if not previewed.compositions:
        raise CompositionImportRefused(_("The file holds no members to import. Nothing was saved."))
    by_line = {r.line: r for r in previewed.rows}
    body_ids = {c.body_code: registries.body_by_code(uow, c.body_code).body_id for c in previewed.compositions}
    today = uow.clock.today()
    created = matched = 0
    done = []
    for planned in previewed.compositions:
        composition = models.Composition(
            body_id=body_ids[planned.body_code],
            seats=planned.seats,
            term_start=planned.term_start,
            term_end=planned.term_end,
            competition_id=None,
            note=previewed.file_name,
        )
        uow.session.add(composition)
        uow.session.flush()
        for line in planned.lines:
            member = by_line[line]
            assert member.sex is not None and member.seat is not None
            person_id, new = _person(uow, member)
            created, matched = created + new, matched + (not new)
            mandate = models.Mandate(
                composition_id=composition.id,
                person_id=person_id,
                seat=member.seat,
                body_index=member.body_index,
                organization=member.organization,
                starts_on=planned.term_start,
                ends_on=planned.term_end,
                came=Came.IMPORTED,
                left_note="",
            )
            if composition.body_id is None:
                mandate.commission_member_id = _roster_line(uow, member, person_id, today)
            uow.session.add(mandate)
        uow.session.flush()
        done.append(
            ImportedComposition(
                composition.id,
                planned.body_code,
                planned.term_start,
                planned.term_end,
                planned.seats,
                len(planned.lines),
            )
        )
    uow.commit()
    return CompositionImport(tuple(done), created, matched)


def _person(uow: UnitOfWork, member: MemberLine) -> tuple[int, bool]:
    """The person of a row and whether it was created: matched by PIN, else a new one."""
    assert member.sex is not None
    if member.pin:
        existing = uow.session.scalar(select(models.Person.id).where(models.Person.pin == member.pin).limit(1))
        if existing is not None:
            return existing, False
        pid = registries.person_for_pin(
            uow, member.pin, member.surname, member.name, member.patronymic, member.sex, member.birth_date
        )
        return pid, True
    row = models.Person(
        surname=member.surname,
        name=member.name,
        patronymic=member.patronymic,
        sex=member.sex,
        birth_date=member.birth_date,
        pin="",
    )
    uow.session.add(row)
    uow.session.flush()
    return row.id, True


def _roster_line(uow: UnitOfWork, member: MemberLine, person_id: int, today: dt.date) -> int:
    """The Commission roster line of an imported Commission member: theirs by person or PIN, else one by name
    without a PIN (which gets it), else a new line — active while the term runs."""
    clauses = [models.CommissionMember.person_id == person_id]
    if member.pin:
        clauses.append(models.CommissionMember.pin == member.pin)
    row = uow.session.scalars(
        select(models.CommissionMember).where(or_(*clauses)).order_by(models.CommissionMember.id.desc())
    ).first()
    if row is None:
        for candidate in uow.session.scalars(select(models.CommissionMember).where(models.CommissionMember.pin == "")):
            if (
                full_name(candidate.surname, candidate.name, candidate.patronymic).casefold()
                == member.full_name.casefold()
            ):
                row = candidate
                break
    if row is None:
        assert member.sex is not None and member.seat is not None and member.term_start and member.term_end
        row = models.CommissionMember(
            surname=member.surname,
            name=member.name,
            patronymic=member.patronymic,
            sex=member.sex,
            seat=Seat.PERMANENT if member.seat is SeatKind.PERMANENT else Seat.CIVIL,
            role=Role.MEMBER,
            body_index=member.body_index,
            organization=member.organization if member.seat is SeatKind.CIVIL else "",
            term_start=member.term_start,
            term_end=member.term_end,
            contact="",
            active=member.term_start <= today <= member.term_end,
            pin=member.pin,
            person_id=person_id,
        )
        uow.session.add(row)
        uow.session.flush()
        return row.id
    if row.person_id is None:
        row.person_id = person_id
    if not row.pin and member.pin:
        row.pin = member.pin
    return row.id
