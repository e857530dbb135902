"""Applicants from a spreadsheet (preview, row-level errors, then all at once) and the register as a spreadsheet."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from sqlalchemy import func, select

from osgo_desktop import i18n
from osgo_desktop.clock import BISHKEK
from osgo_desktop.domain import person
from osgo_desktop.domain.intake import IntakeDraft
from osgo_desktop.domain.person import Channel, Education, Nomination, PersonDraft, PublicService
from osgo_desktop.domain.profile import Kind, RegulationProfile
from osgo_desktop.domain.registry import MAX_NAME, Sex
from osgo_desktop.domain.roles import Action
from osgo_desktop.errors import KnownError
from osgo_desktop.formats.tabular import ImportRow, map_columns, parse_rows, read_table, write_xlsx
from osgo_desktop.i18n import N_, _
from osgo_desktop.services import applications
from osgo_desktop.services.campaigns import one_council_refusal
from osgo_desktop.storage import documents, models
from osgo_desktop.storage.uow import UnitOfWork

#: words in an "education" cell, lower case, that say which level it is (ky, ru, en)
_EDUCATION_WORDS: Final = (
    (Education.POSTGRADUATE, ("аспирант", "кандидат", "доктор", "phd", "postgraduate", "магистр", "master")),
    (Education.HIGHER, ("жогорку", "высшее", "higher", "university", "университет", "бакалавр", "bachelor")),
    (Education.VOCATIONAL, ("кесиптик", "профессиональн", "среднее специальное", "орто кесиптик", "vocational")),
    (Education.SECONDARY, ("орто", "среднее", "secondary")),
)


def parse_education(text: str) -> Education | None:
    lowered = text.strip().lower()
    if not lowered:
        return None
    for level, words in _EDUCATION_WORDS:
        if any(word in lowered for word in words):
            return level
    return None


@dataclass(frozen=True)
class PreviewRow:
    line: int
    person: PersonDraft | None
    intake: IntakeDraft | None
    errors: tuple[str, ...]
    warnings: tuple[str, ...]
    #: the nominator's Russian name the file gives, recorded on import where none is registered yet ("": none)
    nominator_ru: str = ""


@dataclass(frozen=True)
class Preview:
    file_name: str
    rows: tuple[PreviewRow, ...]
    unknown_columns: tuple[str, ...]

    @property
    def valid(self) -> tuple[PreviewRow, ...]:
        return tuple(r for r in self.rows if not r.errors)

    @property
    def invalid(self) -> tuple[PreviewRow, ...]:
        return tuple(r for r in self.rows if r.errors)


def _text(values: Mapping[str, object], key: str) -> str:
    value = values.get(key)
    return value if isinstance(value, str) else ""


@dataclass(frozen=True)
class _Nominators:
    """Active associations and organisations by their lower-cased name — the Kyrgyz one, or the Russian one where it
    names nothing else — to resolve a "nominated by" cell; and the Russian name each has (by id)."""

    associations: dict[str, int]
    organizations: dict[str, int]
    association_ru: dict[int, str]
    organization_ru: dict[int, str]


def _by_name(rows: list[models.Association] | list[models.Organization]) -> dict[str, int]:
    names = {r.name.strip().lower(): r.id for r in rows}
    for r in rows:
        if r.name_ru.strip():
            names.setdefault(r.name_ru.strip().lower(), r.id)
    return names


def _names(uow: UnitOfWork) -> _Nominators:
    associations = list(uow.session.scalars(select(models.Association).where(models.Association.active)))
    organizations = list(uow.session.scalars(select(models.Organization).where(models.Organization.active)))
    return _Nominators(
        _by_name(associations),
        _by_name(organizations),
        {a.id: a.name_ru.strip() for a in associations},
        {o.id: o.name_ru.strip() for o in organizations},
    )


def _russian_name(
    line: int, given: str, nominator_id: int | None, registered: dict[int, str], warnings: list[str]
) -> str:
    """The Russian name the file gives for the nominator, if it is to be recorded ("" if not): one registered
    already is kept, and a different one in the file is said."""
    if not given or nominator_id is None:
        return ""
    current = registered.get(nominator_id, "")
    if not current:
        warnings.append(
            _("Line {line}: the Russian name “{name}” is recorded for the nominating organisation.").format(
                line=line, name=given
            )
        )
        return given
    if current.casefold() != given.casefold():
        warnings.append(
            _(
                "Line {line}: the Russian name “{name}” differs from the registered “{registered}”, which is kept."
            ).format(line=line, name=given, registered=current)
        )
    return ""


def _convert(
    row: ImportRow,
    profile_kind: Kind,
    self_nomination: bool,
    nominators: _Nominators,
    now: dt.datetime,
    received_by: str,
) -> PreviewRow:
    errors, warnings = list(row.errors), list(row.warnings)
    values = row.values
    pin = person.normalize_pin(_text(values, "pin"))
    sex = values.get("sex")
    if not isinstance(sex, Sex):
        sex = person.pin_sex(pin)
        if sex is None:
            errors.append(_("Line {line}: the sex is missing and the PIN does not give it.").format(line=row.line))
    birth = values.get("birth_date")
    if not isinstance(birth, dt.date):
        birth = person.pin_birth_date(pin)
    education = parse_education(_text(values, "education"))
    if education is None:
        education = Education.NONE
        if _text(values, "education"):
            warnings.append(
                _("Line {line}: the education “{text}” is not recognised; recorded as none.").format(
                    line=row.line, text=_text(values, "education")
                )
            )
    received = values.get("received_at")
    if isinstance(received, dt.datetime):
        received_at = received.replace(tzinfo=BISHKEK)
    elif isinstance(received, dt.date):
        received_at = dt.datetime(received.year, received.month, received.day, 12, 0, tzinfo=BISHKEK)
    else:
        received_at = now.astimezone(BISHKEK)
    channel_value = values.get("channel")
    channel = Channel(channel_value) if isinstance(channel_value, str) and channel_value else Channel.IN_PERSON
    nominated = _text(values, "nominated_by").strip().lower()
    association_id = organization_id = None
    if profile_kind is Kind.COMMISSION:
        nomination = Nomination.ASSOCIATION
        association_id = nominators.associations.get(nominated)
        if association_id is None:
            errors.append(
                _("Line {line}: no association named “{name}” is registered.").format(
                    line=row.line, name=_text(values, "nominated_by")
                )
            )
    elif nominated:
        nomination = Nomination.ORGANIZATION
        organization_id = nominators.organizations.get(nominated)
        if organization_id is None:
            errors.append(
                _("Line {line}: no organisation named “{name}” is registered.").format(
                    line=row.line, name=_text(values, "nominated_by")
                )
            )
    elif self_nomination:
        nomination = Nomination.SELF
    else:
        nomination = Nomination.SELF
        errors.append(_("Line {line}: say who nominates the candidate.").format(line=row.line))
    given_ru = _text(values, "nominated_by_ru").strip()
    if len(given_ru) > MAX_NAME:
        errors.append(_("Line {line}: the Russian name of the nominator is too long.").format(line=row.line))
        given_ru = ""
    if association_id is not None:
        nominator_ru = _russian_name(row.line, given_ru, association_id, nominators.association_ru, warnings)
    else:
        nominator_ru = _russian_name(row.line, given_ru, organization_id, nominators.organization_ru, warnings)
    draft = PersonDraft(
        surname=_text(values, "surname"),
        name=_text(values, "name"),
        patronymic=_text(values, "patronymic"),
        sex=sex or Sex.FEMALE,
        birth_date=birth if isinstance(birth, dt.date) else None,
        pin=pin,
        citizenship=_text(values, "citizenship") or person.KYRGYZ_CITIZENSHIP,
        education=education,
        public_service=PublicService.NONE,
        workplace=_text(values, "workplace"),
        position=_text(values, "position"),
        organization=_text(values, "organization"),
        phone=_text(values, "phone"),
        email=_text(values, "email"),
        address=_text(values, "address"),
    )
    intake_draft = IntakeDraft(
        received_at, channel, nomination, association_id, organization_id, received_by, _text(values, "notes")
    )
    if not errors:
        for field, message in person.validate_person(draft, received_at.date()).items():
            errors.append(
                _("Line {line}, {field}: {message}").format(
                    line=row.line, field=_(FIELD_LABELS.get(field, field)), message=message
                )
            )
    return PreviewRow(row.line, draft, intake_draft, tuple(errors), tuple(warnings), nominator_ru)


FIELD_LABELS: Final = {
    "surname": N_("Surname"),
    "name": N_("Name"),
    "patronymic": N_("Patronymic"),
    "sex": N_("Sex"),
    "birth_date": N_("Date of birth"),
    "pin": N_("PIN"),
    "citizenship": N_("Citizenship"),
    "email": N_("E-mail"),
    "phone": N_("Phone"),
    "address": N_("Address"),
}


def preview_file(uow: UnitOfWork, competition_id: int, path: Path, received_by: str = "") -> Preview:
    """:func:`preview` of the file at ``path``."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise documents.unreadable(path.name, exc) from exc
    return preview(uow, competition_id, data, path.name, received_by)


def preview(
    uow: UnitOfWork,
    competition_id: int,
    data: bytes,
    file_name: str,
    received_by: str = "",
) -> Preview:
    """What an import of ``data`` would register, row by row, with every error and warning; nothing is saved."""
    competition = uow.competitions.require(competition_id)
    rules = RegulationProfile.from_obj(competition.profile_data).rules(competition.kind)
    table = read_table(data, file_name)
    columns = map_columns(table.headers)
    columns.require()
    rows = parse_rows(table, columns)
    nominators = _names(uow)
    moment = uow.clock.now()
    converted = []
    first_line: dict[str, int] = {}
    registered = {
        a.pin: a.display_number
        for a in applications.list_applications(uow, competition_id)
        if a.pin and not a.withdrawn
    }
    for row in rows:
        item = _convert(row, competition.kind, rules.self_nomination, nominators, moment, received_by)
        pin = person.normalize_pin(item.person.pin) if item.person is not None else ""
        if pin in registered:
            # Importing a file twice is a mistake, not a second application: refuse the row.
            message = _("Line {line}: this person has already applied in this competition ({number}).").format(
                line=row.line, number=registered[pin]
            )
            item = dataclasses.replace(item, errors=(*item.errors, message))
        elif pin and (refusal := one_council_refusal(uow, competition_id, pin)) is not None:
            message = _("Line {line}: {error}").format(line=row.line, error=refusal)
            item = dataclasses.replace(item, errors=(*item.errors, message))
        if item.person is not None and not item.errors:
            # What the intake form would say: the PIN, an earlier application, a seat elsewhere; and twice here.
            notes = [
                _("Line {line}: {warning}").format(line=row.line, warning=w)
                for w in applications.intake_warnings(uow, competition_id, item.person)
            ]
            if pin and pin in first_line:
                notes.append(
                    _("Line {line}: the same PIN as line {first}.").format(line=row.line, first=first_line[pin])
                )
            elif pin:
                first_line[pin] = row.line
            item = dataclasses.replace(item, warnings=(*item.warnings, *notes))
        converted.append(item)
    return Preview(file_name, tuple(converted), tuple(columns.unknown))


class ImportRefused(KnownError):
    """An import with rows in error: nothing was registered."""


def import_applicants(uow: UnitOfWork, competition_id: int, previewed: Preview) -> list[applications.Registered]:
    """Register every row of a preview — all of them or, when any row is in error, none."""
    uow.require(Action.REGISTER_APPLICATIONS)
    if previewed.invalid:
        raise ImportRefused(
            i18n.ngettext(
                "{count} row has errors: correct the file and import it again. Nothing was registered.",
                "{count} rows have errors: correct the file and import them again. Nothing was registered.",
                len(previewed.invalid),
            ).format(count=len(previewed.invalid))
        )
    done = []
    for row in previewed.rows:
        assert row.person is not None and row.intake is not None
        if row.nominator_ru:
            _record_russian_name(uow, row.intake, row.nominator_ru)
        done.append(applications.register_application(uow, competition_id, row.person, row.intake, commit=False))
    uow.commit()
    return done


def _record_russian_name(uow: UnitOfWork, intake: IntakeDraft, name_ru: str) -> None:
    """The nominator's Russian name from the file, where none is registered (one registered is never replaced)."""
    nominator: models.Association | models.Organization | None = None
    if intake.association_id is not None:
        nominator = uow.associations.get(intake.association_id)
    elif intake.organization_id is not None:
        nominator = uow.organizations.get(intake.organization_id)
    if nominator is not None and not nominator.name_ru.strip():
        nominator.name_ru = name_ru


REGISTER_COLUMNS: Final = (
    N_("No."),
    N_("Received"),
    N_("Surname"),
    N_("Name"),
    N_("Patronymic"),
    N_("Sex"),
    N_("Date of birth"),
    N_("PIN"),
    N_("Nominated by"),
    N_("Channel"),
    N_("Documents"),
    N_("Status"),
)


def register_xlsx(uow: UnitOfWork, competition_id: int, lang: str) -> bytes:
    """The application register as a spreadsheet in ``lang`` (PINs as text, dates as dates)."""
    from osgo_desktop.domain.person import CHANNEL_LABELS
    from osgo_desktop.domain.registry import SEX_LABELS

    t = i18n.Translator(lang)
    rows = []
    with i18n.language(lang):  # "Self-nomination" and the like, in the sheet's language
        listed = applications.list_applications(uow, competition_id)
    for app in listed:
        person_row = uow.session.get(models.Person, app.person_id)
        assert person_row is not None
        status = N_("Withdrawn") if app.withdrawn else N_("Late") if app.late else N_("Registered")
        rows.append(
            (
                app.display_number,
                app.received_at,
                person_row.surname,
                person_row.name,
                person_row.patronymic,
                t.gettext(SEX_LABELS[app.sex]),
                app.birth_date,
                app.pin,
                app.nominated_by,
                t.gettext(CHANNEL_LABELS[app.channel]),
                app.documents,
                t.gettext(status),
            )
        )
    competition = uow.competitions.require(competition_id)
    return write_xlsx([t.gettext(c) for c in REGISTER_COLUMNS], rows, competition.number.replace("/", "-"))


def count_applications(uow: UnitOfWork, competition_id: int) -> int:
    return (
        uow.session.scalar(
            select(func.count())
            .select_from(models.Application)
            .where(models.Application.competition_id == competition_id)
        )
        or 0
    )
