"""The columns of each table in the app, declared once (what the CLI prints is in cli.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from osgo_desktop import i18n
from osgo_desktop.domain import calendar
from osgo_desktop.domain.calendar import Deadline, DeadlineStatus
from osgo_desktop.domain.competition import KIND_LABELS, VARIANT_LABELS
from osgo_desktop.domain.intake import to_bishkek
from osgo_desktop.domain.lifecycle import STATE_LABELS
from osgo_desktop.domain.person import ORG_KIND_LABELS, mask_pin
from osgo_desktop.domain.personal_data import hidden_mark
from osgo_desktop.domain.profile import Variant
from osgo_desktop.domain.registry import ROLE_LABELS, SEAT_LABELS, SEX_LABELS
from osgo_desktop.i18n import N_, _
from osgo_desktop.services.views import CommissionMemberRow, CompetitionRow, CountingMemberRow, StateBodyRow
from ui.models.table import Column

if TYPE_CHECKING:  # these modules load SQLAlchemy: the competitions' columns are needed before it is
    from osgo_desktop.services.applications import ApplicationRow
    from osgo_desktop.services.registries import AssociationRow, OrganizationRow

RED = "#b00020"
AMBER = "#8a5300"
GREY = "#666666"


def deadline_text(deadline: Deadline | None) -> str:
    """ "12.12.2026 · 9 days left — Intake deadline": the date, what is left, and what it is."""
    if deadline is None:
        return "—"
    due = deadline.until or deadline.date
    return f"{i18n.format_date(due, style='numeric')} · {calendar.status_text(deadline)} — {_(deadline.label)}"


def deadline_color(deadline: Deadline | None) -> str | None:
    if deadline is None:
        return None
    if deadline.is_warning:
        return RED
    if deadline.status is DeadlineStatus.DUE_SOON:
        return AMBER
    if deadline.status in (DeadlineStatus.DONE, DeadlineStatus.PASSED):
        return GREY
    return None


def competition_subject(row: CompetitionRow) -> str:
    what = row.body.get(i18n.current_language()) if row.body else _(KIND_LABELS[row.kind])
    if row.variant is not Variant.REGULAR:
        what = f"{what} — {_(VARIANT_LABELS[row.variant]).lower()}"
    return what


COMPETITION_COLUMNS: list[Column[CompetitionRow]] = [
    Column(N_("Number"), lambda r: r.number),
    Column(N_("State body / kind"), competition_subject),
    Column(N_("Seats"), lambda r: str(r.seats), sort_key=lambda r: r.seats, align_right=True),
    Column(N_("State"), lambda r: _(STATE_LABELS[r.state]), sort_key=lambda r: list(STATE_LABELS).index(r.state)),
    Column(
        N_("Next deadline"),
        lambda r: deadline_text(r.next_deadline),
        sort_key=lambda r: (r.next_deadline.until or r.next_deadline.date) if r.next_deadline else None,
        color=lambda r: deadline_color(r.next_deadline),
        tooltip=lambda r: (
            i18n.ngettext(
                "{count} warning in the legal calendar", "{count} warnings in the legal calendar", r.warnings
            ).format(count=r.warnings)
            if r.warnings
            else ""
        ),
    ),
    Column(
        N_("Published"),
        lambda r: i18n.format_date(r.publication_date, style="numeric"),
        sort_key=lambda r: r.publication_date,
    ),
]


BODY_COLUMNS: list[Column[StateBodyRow]] = [
    Column(N_("Code"), lambda r: r.code),
    Column(N_("Name (Kyrgyz)"), lambda r: r.name.ky),
    Column(N_("Name (Russian)"), lambda r: r.name.ru),
    Column(N_("Name (English)"), lambda r: r.name.en),
    Column(N_("Active"), lambda r: _("yes") if r.active else _("no")),
]


def _inactive(active: bool) -> str | None:
    return None if active else GREY


COMMISSION_COLUMNS: list[Column[CommissionMemberRow]] = [
    Column(N_("Full name"), lambda r: r.full_name, color=lambda r: _inactive(r.active)),
    Column(N_("Role"), lambda r: _(ROLE_LABELS[r.role])),
    Column(N_("Seat"), lambda r: _(SEAT_LABELS[r.seat])),
    Column(N_("Represents"), lambda r: r.represents.get(i18n.current_language())),
    Column(N_("Sex"), lambda r: _(SEX_LABELS[r.sex])),
    Column(
        N_("PIN"),
        lambda r: hidden_mark() if r.personal_hidden else mask_pin(r.pin) or "—",
        tooltip=lambda r: _("Only the first and the last two digits are shown.") if r.pin else "",
    ),
    Column(
        N_("Term"),
        lambda r: (
            f"{i18n.format_date(r.term_start, style='numeric')} – {i18n.format_date(r.term_end, style='numeric')}"
            if r.term_start
            else "—"
        ),
        sort_key=lambda r: r.term_end,
    ),
    Column(N_("Active"), lambda r: _("yes") if r.active else _("no")),
]

COUNTING_COLUMNS: list[Column[CountingMemberRow]] = [
    Column(N_("Full name"), lambda r: r.full_name, color=lambda r: _inactive(r.active)),
    Column(N_("Body"), lambda r: r.body.get(i18n.current_language())),
    Column(N_("Position"), lambda r: r.position),
    Column(N_("Active"), lambda r: _("yes") if r.active else _("no")),
]


def _deadline_when(d: Deadline) -> str:
    when = i18n.format_date(d.date, style="numeric")
    return f"{when} – {i18n.format_date(d.until, style='numeric')}" if d.until else when


CALENDAR_COLUMNS: list[Column[Deadline]] = [
    Column(N_("Date"), _deadline_when, sort_key=lambda d: d.date),
    Column(N_("What"), lambda d: _(d.label)),
    Column(N_("Status"), calendar.status_text, sort_key=lambda d: d.days_left, color=deadline_color),
]


def _application_status(row: ApplicationRow) -> str:
    if row.withdrawn:
        return _("Withdrawn")
    if row.late:
        return _("Late")
    return _("Registered")


def _missing_text(row: ApplicationRow) -> str:
    lang = i18n.current_language()
    return ", ".join(m.get(lang) for m in row.missing) or _("complete")


APPLICATION_COLUMNS: list[Column[ApplicationRow]] = [
    Column(N_("No."), lambda r: r.display_number, sort_key=lambda r: r.number),
    Column(N_("Applicant"), lambda r: r.full_name, color=lambda r: GREY if r.withdrawn else None),
    Column(N_("PIN"), lambda r: hidden_mark() if r.personal_hidden else r.pin),
    Column(
        N_("Received"),
        lambda r: to_bishkek(r.received_at).strftime("%d.%m.%Y %H:%M"),
        sort_key=lambda r: r.received_at,
    ),
    Column(N_("Nominated by"), lambda r: r.nominated_by),
    Column(N_("Documents"), lambda r: str(r.documents), sort_key=lambda r: r.documents, align_right=True),
    Column(N_("Missing"), _missing_text, color=lambda r: AMBER if r.missing and not r.withdrawn else None),
    Column(N_("Status"), _application_status, color=lambda r: RED if r.late else GREY if r.withdrawn else None),
]


ORGANIZATION_COLUMNS: list[Column[OrganizationRow]] = [
    Column(N_("Name"), lambda r: r.name, color=lambda r: _inactive(r.active)),
    Column(N_("Registered as"), lambda r: _(ORG_KIND_LABELS[r.kind])),
    Column(N_("Registration number"), lambda r: r.registration_number),
]

ASSOCIATION_COLUMNS: list[Column[AssociationRow]] = [
    Column(N_("Name"), lambda r: r.name, color=lambda r: _inactive(r.active)),
    Column(N_("Member organisations"), lambda r: "; ".join(r.members)),
    Column(
        N_("Meets the law"),
        lambda r: _("no") if r.problems else _("yes"),
        color=lambda r: RED if r.problems else None,
        tooltip=lambda r: "\n".join(r.problems),
    ),
]
