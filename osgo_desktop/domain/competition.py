"""A competition's own data and the rules it must satisfy before it is saved or announced."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from osgo_desktop.domain.calendar import latest_announcement
from osgo_desktop.domain.profile import Kind, KindRules, Variant
from osgo_desktop.i18n import N_, _, format_date

KIND_LABELS = {
    Kind.COMMISSION: N_("Commission seats (civil society)"),
    Kind.COUNCIL: N_("Public council of a state body"),
}

VARIANT_LABELS = {
    Variant.REGULAR: N_("Regular"),
    Variant.REPLACEMENT: N_("Replacement of a member"),
    Variant.REPRESENTATIVE_REPLACEMENT: N_("Replacement of the civil-society representative"),
}

#: longest free text accepted in a single-line field
MAX_TEXT = 500


@dataclass(frozen=True)
class CompetitionDraft:
    """What the create/edit dialog returns; ids only, no database objects."""

    kind: Kind
    variant: Variant
    body_id: int | None
    seats: int
    term_years: int
    expiry_date: dt.date | None = None
    vacancy_date: dt.date | None = None
    intake_address: str = ""
    contact: str = ""
    notes: str = ""
    #: where documents are accepted, in Russian, as the Russian announcement prints it ("" while not entered)
    intake_address_ru: str = ""


def allowed_variants(kind: Kind) -> tuple[Variant, ...]:
    if kind is Kind.COMMISSION:
        return (Variant.REGULAR, Variant.REPLACEMENT, Variant.REPRESENTATIVE_REPLACEMENT)
    return (Variant.REGULAR, Variant.REPLACEMENT)


def validate(draft: CompetitionDraft, rules: KindRules) -> dict[str, str]:
    """Field name → a translated message, for each field that is wrong. Empty when the draft may be saved."""
    errors: dict[str, str] = {}
    if draft.variant not in allowed_variants(draft.kind):
        errors["variant"] = _("This variant does not exist for this kind of competition.")
    if draft.kind is Kind.COUNCIL and draft.body_id is None:
        errors["body_id"] = _("Choose the state body whose public council is formed.")
    if draft.variant is Variant.REGULAR:
        low, high = rules.seats_min, rules.seats_max
    else:
        low, high = 1, rules.seats_max
    if not low <= draft.seats <= high:
        errors["seats"] = _("The number of seats must be from {low} to {high}.").format(low=low, high=high)
    if not 1 <= draft.term_years <= 10:
        errors["term_years"] = _("The term must be from 1 to 10 years.")
    if draft.variant is not Variant.REGULAR and draft.vacancy_date is None:
        errors["vacancy_date"] = _("Enter the date the seat became vacant.")
    for name in ("intake_address", "intake_address_ru", "contact", "notes"):
        if len(getattr(draft, name)) > (MAX_TEXT * 4 if name == "notes" else MAX_TEXT):
            errors[name] = _("This text is too long.")
    if not draft.intake_address.strip():
        errors["intake_address"] = _("Enter where documents are accepted: the announcement must say it.")
    return errors


def warnings(draft: CompetitionDraft, rules: KindRules, today: dt.date) -> list[str]:
    """Things the user should see but that do not block saving (a deadline already missed)."""
    out: list[str] = []
    if draft.variant is Variant.REGULAR and draft.expiry_date is not None:
        announce_by = latest_announcement(draft.expiry_date, rules)
        if announce_by is not None and announce_by < today:
            out.append(
                _("The latest announcement date ({date}) has already passed.").format(date=format_date(announce_by))
            )
        if draft.expiry_date < today:
            out.append(_("The current composition's powers have already expired."))
    if draft.kind is Kind.COUNCIL and draft.variant is Variant.REGULAR and draft.expiry_date is None:
        out.append(_("No expiry date: the legal calendar cannot show the announcement and formation deadlines."))
    return out


def validate_announcement(
    publication_date: dt.date, media_outlet: str, today: dt.date, media_outlet_ru: str = ""
) -> dict[str, str]:
    """The publication in the media, as the announce action records it (the outlet in Kyrgyz, and in Russian)."""
    errors: dict[str, str] = {}
    if len(media_outlet_ru) > MAX_TEXT:
        errors["media_outlet_ru"] = _("This text is too long.")
    if publication_date > today:
        errors["publication_date"] = _("The publication date cannot be in the future.")
    if not media_outlet.strip():
        errors["media_outlet"] = _("Name the media outlet where the announcement was published.")
    elif len(media_outlet) > MAX_TEXT:
        errors["media_outlet"] = _("This text is too long.")
    return errors


def validate_cancellation(reason: str) -> dict[str, str]:
    if not reason.strip():
        return {"reason": _("Give the reason for the cancellation.")}
    if len(reason) > MAX_TEXT * 4:
        return {"reason": _("This text is too long.")}
    return {}
