"""The tables of the Compositions page: the bodies, the members on a date, the vacancies and the history, each a
:class:`RowTableModel` over the frozen rows of ``services.composition_views``; names in Kyrgyz alphabetical order."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt

from osgo_desktop import i18n
from osgo_desktop.domain.collation import kyrgyz_sort_key
from osgo_desktop.i18n import N_, _
from osgo_desktop.services import composition_views as views
from osgo_desktop.services.composition_views import BodyComposition, CompositionTerm, MandateRow, VacancyRow
from ui.models.columns import AMBER, GREY
from ui.models.table import Column, RowTableModel


def _date(value: dt.date | None) -> str:
    return i18n.format_date(value, style="numeric") if value is not None else "—"


def _term(start: dt.date | None, end: dt.date | None) -> str:
    return f"{_date(start)} – {_date(end) if end is not None else '…'}"


def _name_key(text: str) -> tuple[str, str]:
    return kyrgyz_sort_key(text), text


def body_name(row: BodyComposition) -> str:
    return row.name.get(i18n.current_language())


BODY_COLUMNS: list[Column[BodyComposition]] = [
    Column(
        N_("Council"),
        body_name,
        # the Commission first, then the bodies in Kyrgyz alphabetical order of the names shown
        sort_key=lambda r: views.body_key(r, i18n.current_language()),
        tooltip=lambda r: r.code if not r.is_commission else "",
    ),
    Column(
        N_("Code"), lambda r: r.code if not r.is_commission else "", sort_key=lambda r: (not r.is_commission, r.code)
    ),
    Column(
        N_("Members"),
        lambda r: _("{filled} of {seats}").format(filled=r.filled, seats=r.seats) if r.seats else "—",
        sort_key=lambda r: (r.filled, r.seats),
        align_right=True,
    ),
    Column(
        N_("Vacant"),
        lambda r: str(r.vacant) if r.vacant else "",
        sort_key=lambda r: r.vacant,
        color=lambda r: AMBER if r.vacant else None,
        align_right=True,
    ),
    Column(
        N_("Until"),
        lambda r: _date(r.term_end),
        sort_key=lambda r: r.term_end,
        tooltip=lambda r: _("The composition's powers run to this day.") if r.term_end else "",
    ),
]

MEMBER_COLUMNS: list[Column[MandateRow]] = [
    Column(N_("Name"), lambda r: r.full_name, sort_key=lambda r: _name_key(r.full_name)),
    Column(N_("PIN"), lambda r: r.pin or "—", tooltip=lambda r: _("Only the first and the last two digits are shown.")),
    Column(N_("Seat"), lambda r: views.seat_text(r.seat, r.represents)),
    Column(N_("Organisation"), lambda r: r.organization or "—", sort_key=lambda r: _name_key(r.organization)),
    Column(N_("From"), lambda r: _date(r.starts_on), sort_key=lambda r: r.starts_on),
    Column(N_("To"), lambda r: _date(r.ends_on) if r.ends_on else "…", sort_key=lambda r: r.ends_on),
    Column(
        N_("How they came"),
        views.came_text,
        tooltip=lambda r: _("In place of {name}").format(name=r.replaces) if r.replaces else "",
    ),
]

VACANCY_COLUMNS: list[Column[VacancyRow]] = [
    Column(N_("Seat"), lambda r: views.seat_text(r.seat, r.represents)),
    Column(N_("Vacant since"), lambda r: _date(r.since), sort_key=lambda r: r.since),
    Column(N_("Who left"), lambda r: r.left_name or _("Never filled"), sort_key=lambda r: _name_key(r.left_name)),
    Column(N_("Why"), views.left_text),
    Column(N_("The term runs to"), lambda r: _date(r.until), sort_key=lambda r: r.until),
]


@dataclass(frozen=True)
class HistoryRow:
    """One mandate of one composition, as the history lists them."""

    term: CompositionTerm
    mandate: MandateRow


def history_rows(terms: tuple[CompositionTerm, ...]) -> list[HistoryRow]:
    """The compositions newest first, the members of each in Kyrgyz alphabetical order."""
    return [HistoryRow(term, mandate) for term in terms for mandate in term.mandates]


def _term_text(term: CompositionTerm) -> str:
    formed = _("competition {number}").format(number=term.competition) if term.competition else _("imported")
    return f"{_term(term.term_start, term.last_day)} ({formed})"


def _left(row: HistoryRow) -> str:
    m = row.mandate
    if m.left_on is None:
        return ""
    return _("{date}: {reason}").format(date=_date(m.left_on), reason=views.left_text(m))


HISTORY_COLUMNS: list[Column[HistoryRow]] = [
    Column(
        N_("Composition"),
        lambda r: _term(r.term.term_start, r.term.last_day),
        sort_key=lambda r: (r.term.term_start, r.term.composition_id),
        tooltip=lambda r: _term_text(r.term),
    ),
    Column(N_("Name"), lambda r: r.mandate.full_name, sort_key=lambda r: _name_key(r.mandate.full_name)),
    Column(N_("From"), lambda r: _date(r.mandate.starts_on), sort_key=lambda r: r.mandate.starts_on),
    Column(N_("To"), lambda r: _date(r.mandate.last_day) if r.mandate.last_day else "…"),
    Column(N_("Left"), _left, color=lambda r: GREY if r.mandate.left_reason is not None else None),
    Column(N_("How they came"), lambda r: views.came_text(r.mandate)),
    Column(N_("Seat"), lambda r: views.seat_text(r.mandate.seat, r.mandate.represents)),
]


class BodiesModel(RowTableModel[BodyComposition]):
    """The councils and the Commission; sorted by name (Kyrgyz alphabetical order, the Commission first) until
    the user sorts by another column, and again after a change of language."""

    NAME = 0

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(BODY_COLUMNS, parent)
        self.sort(self.NAME, Qt.SortOrder.AscendingOrder)

    def row_of(self, body_id: int | None) -> int | None:
        """The row of the body (None: the Commission), if listed."""
        return next((i for i, r in enumerate(self.rows()) if r.body_id == body_id), None)

    def retranslate(self) -> None:
        super().retranslate()
        if self._sorted_by is not None:
            self.sort(*self._sorted_by)  # the names shown changed language: their order may too


def members_model(parent: QObject | None = None) -> RowTableModel[MandateRow]:
    return RowTableModel(MEMBER_COLUMNS, parent)


def vacancies_model(parent: QObject | None = None) -> RowTableModel[VacancyRow]:
    return RowTableModel(VACANCY_COLUMNS, parent)


def history_model(parent: QObject | None = None) -> RowTableModel[HistoryRow]:
    return RowTableModel(HISTORY_COLUMNS, parent)
