"""What is due: the overview of every council's (and the Commission's) next step, and a competition made from a row.

The rules are in ``domain/due.py``; here they meet the compositions, the open vacancies and the competitions under
way. Three statements whatever the number of bodies: the compositions (light columns), the latest ones with their
mandates, the competitions not yet closed (bench/bench_due.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from osgo_desktop.domain import due as rules
from osgo_desktop.domain.competition import CompetitionDraft
from osgo_desktop.domain.due import BodyFacts, CompositionFacts, DueRow, OpenCompetition, Step, VacancyFacts
from osgo_desktop.domain.profile import Kind, LocalText, RegulationProfile, Variant
from osgo_desktop.domain.roles import Action
from osgo_desktop.errors import KnownError, ValidationError
from osgo_desktop.i18n import _, current_language
from osgo_desktop.services import competitions
from osgo_desktop.services.registries import current_profile
from osgo_desktop.storage import models
from osgo_desktop.storage.uow import UnitOfWork

#: how the command line names the Commission where it names a council by its body's code
COMMISSION = "commission"


@dataclass(frozen=True)
class DueOverview:
    today: dt.date
    #: sorted by urgency (``domain.due.by_urgency``)
    rows: tuple[DueRow, ...]

    @property
    def overdue(self) -> int:
        return sum(1 for r in self.rows if r.overdue)


def _bodies(uow: UnitOfWork, profile: RegulationProfile) -> list[tuple[Kind, BodyFacts]]:
    """The Commission's civil seats, then every active state body's council."""
    out = [(Kind.COMMISSION, BodyFacts(None, "", profile.commission_name))]
    for body in uow.session.scalars(select(models.StateBody).where(models.StateBody.active)):
        name = LocalText(body.name_ky, body.name_ru, body.name_en)
        out.append((Kind.COUNCIL, BodyFacts(body.id, body.code or "", name)))
    return out


def _latest_compositions(uow: UnitOfWork) -> dict[int | None, models.Composition]:
    """Each body's latest composition (by the day its term starts), with its mandates: two statements."""
    table = models.Composition
    latest: dict[int | None, tuple[dt.date, int]] = {}
    for body_id, start, composition_id in uow.session.execute(select(table.body_id, table.term_start, table.id)):
        if body_id not in latest or (start, composition_id) > latest[body_id]:
            latest[body_id] = (start, composition_id)
    if not latest:
        return {}
    ids = [composition_id for _start, composition_id in latest.values()]
    rows = uow.session.scalars(select(table).where(table.id.in_(ids)).options(selectinload(table.mandates))).unique()
    return {row.body_id: row for row in rows}


def _open_competitions(uow: UnitOfWork) -> dict[tuple[Kind, int | None], list[OpenCompetition]]:
    table = models.Competition
    out: dict[tuple[Kind, int | None], list[OpenCompetition]] = {}
    query = select(table.id, table.number, table.kind, table.variant, table.state, table.body_id).where(
        table.state.in_(rules.OPEN_STATES)
    )
    for cid, number, kind, variant, state, body_id in uow.session.execute(query.order_by(table.id)):
        key = (kind, body_id if kind is Kind.COUNCIL else None)
        out.setdefault(key, []).append(OpenCompetition(cid, number, variant, state))
    # One under way before a draft: it is the one that counts.
    for found in out.values():
        found.sort(key=lambda c: (c.state not in rules.UNDER_WAY, c.id))
    return out


def _vacancies(uow: UnitOfWork) -> dict[int, list[VacancyFacts]]:
    """The open vacancies with their deadlines, by composition: the vacancies' own use case decides which deadline
    a vacancy has (10 or 14 days for the Commission, the profile's for councils)."""
    from osgo_desktop.services import vacancies

    out: dict[int, list[VacancyFacts]] = {}
    for vacancy in vacancies.open_vacancies(uow):
        out.setdefault(vacancy.composition_id, []).append(
            VacancyFacts(
                mandate_id=vacancy.mandate_id,
                composition_id=vacancy.composition_id,
                vacant_from=vacancy.left_on,
                member=vacancy.member,
                deadline=vacancy.deadline,
            )
        )
    return out


def _rows(uow: UnitOfWork, profile: RegulationProfile, today: dt.date) -> list[DueRow]:
    latest = _latest_compositions(uow)
    under_way = _open_competitions(uow)
    vacant = _vacancies(uow)
    rows: list[DueRow] = []
    for kind, body in _bodies(uow, profile):
        composition = latest.get(body.body_id)
        facts = (
            None
            if composition is None
            else CompositionFacts(
                composition.id, composition.seats, composition.term_start, composition.term_end, composition.ended_on
            )
        )
        open_here = under_way.get((kind, body.body_id), [])
        rows.append(rules.renewal_row(body, kind, facts, profile.rules(kind), open_here, today))
        if composition is not None and facts is not None and facts.expires >= today:
            rows += rules.vacancy_rows(body, kind, vacant.get(composition.id, []), open_here, today)
    return rows


def due_overview(uow: UnitOfWork, within_days: int | None = None) -> DueOverview:
    """Every body's next step, sorted by urgency; with ``within_days``, only what falls due by then (and what has
    no composition on record)."""
    today = uow.clock.today()
    if within_days is not None and within_days < 0:
        raise KnownError(_("The number of days cannot be negative."))
    rows = _rows(uow, current_profile(uow), today)
    if within_days is not None:
        rows = rules.within(rows, today, within_days)
    return DueOverview(today, tuple(rules.by_urgency(rows)))


# --- a competition from a due row ---------------------------------------------------------------------------------


def body_id_of(uow: UnitOfWork, code: str) -> int | None:
    """The body a code names on the command line (``commission``: the Commission, None)."""
    if code.strip().casefold() == COMMISSION:
        return None
    wanted = code.strip().casefold()
    for body_id, body_code in uow.session.execute(select(models.StateBody.id, models.StateBody.code)):
        if body_code and body_code.casefold() == wanted:
            return int(body_id)
    raise KnownError(_("No state body has the code {code}.").format(code=code))


def due_row(uow: UnitOfWork, body_id: int | None, step: Step = Step.ANNOUNCE) -> DueRow:
    """The body's row for ``step`` as the overview shows it today (a renewal: announce or form; a vacancy: its
    earliest one)."""
    renewal = step is not Step.REPLACE
    for row in due_overview(uow).rows:
        if row.body.body_id == body_id and (row.step is not Step.REPLACE) == renewal:
            return row
    if renewal:
        raise KnownError(_("This state body is not in the overview: it may be inactive."))
    raise KnownError(_("This council has no vacant seat."))


def _intake_texts(uow: UnitOfWork) -> tuple[str, str, str]:
    """Where documents are accepted, in Kyrgyz and Russian, and the contact: as the latest competition gave them
    (the Commission's secretariat receives every competition's documents)."""
    table = models.Competition
    row = uow.session.execute(
        select(table.intake_address, table.intake_address_ru, table.contact)
        .where(table.intake_address != "")
        .order_by(table.id.desc())
        .limit(1)
    ).first()
    return (row[0], row[1], row[2]) if row is not None else ("", "", "")


def draft_from_row(uow: UnitOfWork, row: DueRow, seats: int | None = None) -> CompetitionDraft:
    """The competition a due row asks for: its body, kind, seats and expiry (or vacancy) date from the composition,
    the intake address as the latest competition gave it."""
    if row.competition is not None:
        raise KnownError(
            _("Competition {number} is already open for this step: open it instead.").format(
                number=row.competition.number
            )
        )
    if row.step is Step.NO_RECORD or row.composition_id is None:
        raise KnownError(
            _("No composition is on record for this body: import the sitting one, or create the competition by hand.")
        )
    profile = current_profile(uow)
    kind_rules = profile.rules(row.kind)
    address, address_ru, contact = _intake_texts(uow)
    if row.step is Step.REPLACE:
        assert row.vacancy is not None
        return CompetitionDraft(
            kind=row.kind,
            variant=Variant.REPLACEMENT,
            body_id=row.body.body_id,
            seats=seats or row.seats,
            term_years=kind_rules.term_years,
            vacancy_date=row.vacancy.vacant_from,
            intake_address=address,
            intake_address_ru=address_ru,
            contact=contact,
        )
    return CompetitionDraft(
        kind=row.kind,
        variant=Variant.REGULAR,
        body_id=row.body.body_id,
        seats=seats or row.seats,
        term_years=kind_rules.term_years,
        expiry_date=row.expires,
        intake_address=address,
        intake_address_ru=address_ru,
        contact=contact,
    )


def draft_from_due(uow: UnitOfWork, body_id: int | None, step: Step = Step.ANNOUNCE) -> CompetitionDraft:
    """What :func:`create_from_due` would create (the form shows it when no intake address is known yet)."""
    return draft_from_row(uow, due_row(uow, body_id, step))


def create_from_due(
    uow: UnitOfWork,
    body_id: int | None,
    step: Step = Step.ANNOUNCE,
    *,
    seats: int | None = None,
    intake_address: str = "",
    intake_address_ru: str = "",
) -> int:
    """A competition in draft for a due row, in one step: nothing typed but, when no competition gave one yet, where
    documents are accepted."""
    uow.require(Action.EDIT_COMPETITIONS)
    draft = draft_from_row(uow, due_row(uow, body_id, step), seats)
    if intake_address.strip():
        draft = _with_address(draft, intake_address, intake_address_ru)
    return competitions.create_competition(uow, draft)


def _with_address(draft: CompetitionDraft, address: str, address_ru: str) -> CompetitionDraft:
    import dataclasses

    return dataclasses.replace(draft, intake_address=address.strip(), intake_address_ru=address_ru.strip())


def drafts_for_campaign(
    uow: UnitOfWork, picks: Sequence[tuple[int, int | None]]
) -> list[tuple[DueRow, CompetitionDraft]]:
    """The regular council competitions a campaign creates: for each (body, seats or None for the composition's),
    its due row and draft. Every body must be a council whose renewal nobody has started."""
    if not picks:
        raise ValidationError({"bodies": _("Choose at least one council.")})
    seen: set[int] = set()
    out = []
    for body_id, seats in picks:
        if body_id in seen:
            raise ValidationError({"bodies": _("A council is named twice.")})
        seen.add(body_id)
        row = due_row(uow, body_id)
        if row.kind is not Kind.COUNCIL:
            raise ValidationError({"bodies": _("A campaign announces councils' competitions only.")})
        try:
            out.append((row, draft_from_row(uow, row, seats)))
        except KnownError as exc:  # say which council
            name = row.body.name.get(current_language())
            raise ValidationError({"bodies": _("{body}: {message}").format(body=name, message=exc)}) from exc
    return out
