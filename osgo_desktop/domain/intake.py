"""Registering an application: how it arrived, who nominated the candidate, and what is still missing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from osgo_desktop.clock import BISHKEK
from osgo_desktop.domain.lifecycle import State
from osgo_desktop.domain.person import Channel, Nomination
from osgo_desktop.domain.profile import DocumentRule, KindRules
from osgo_desktop.i18n import N_, _

#: States in which the secretariat registers applications (a late one is registered, flagged and not admitted).
INTAKE_STATES = frozenset({State.ANNOUNCED, State.INTAKE_CLOSED})

#: A document type outside the kind's list (a certificate, a diploma): kept, never counted as a required one.
OTHER_DOCUMENT = "other"
MAX_NOTES = 2000


@dataclass(frozen=True)
class IntakeDraft:
    """How and when an application arrived; what the intake form returns besides the person."""

    received_at: dt.datetime
    channel: Channel
    nomination: Nomination
    association_id: int | None = None
    organization_id: int | None = None
    received_by: str = ""
    notes: str = ""


def to_bishkek(moment: dt.datetime) -> dt.datetime:
    """An aware moment in Bishkek; a naive one is taken as Bishkek's wall-clock time (what a clerk types)."""
    return moment.replace(tzinfo=BISHKEK) if moment.tzinfo is None else moment.astimezone(BISHKEK)


#: what an application received after the deadline comes to (said in the form, on the page and after saving)
LATE_NOTICE: Final = N_("Received after the deadline: registered, and will not be admitted.")


def is_late(received_at: dt.datetime, intake_deadline: dt.date) -> bool:
    """Received after the last day of the intake (the deadline day itself still counts, in Bishkek)."""
    return to_bishkek(received_at).date() > intake_deadline


def validate_intake(draft: IntakeDraft, rules: KindRules, now: dt.datetime) -> dict[str, str]:
    errors: dict[str, str] = {}
    if to_bishkek(draft.received_at) > to_bishkek(now) + dt.timedelta(minutes=5):
        errors["received_at"] = _("The time of receipt cannot be in the future.")
    if draft.nomination is Nomination.ASSOCIATION and draft.association_id is None:
        errors["association_id"] = _("Choose the association that nominates the candidate.")
    if draft.nomination is Nomination.ORGANIZATION and draft.organization_id is None:
        errors["organization_id"] = _("Choose the organisation that nominates the candidate.")
    if draft.nomination is Nomination.SELF and not rules.self_nomination:
        errors["nomination"] = _("In this kind of competition candidates cannot nominate themselves.")
    if rules.one_per_association and draft.nomination is not Nomination.ASSOCIATION:
        errors["nomination"] = _("Candidates for the Commission are nominated by an association.")
    if len(draft.notes) > MAX_NOTES:
        errors["notes"] = _("This text is too long.")
    return errors


@dataclass(frozen=True)
class Missing:
    rule: DocumentRule
    have: int


def missing_documents(rules: KindRules, counts: Mapping[str, int]) -> list[Missing]:
    """The kind's documents not yet handed in as many times as required (two recommendation letters)."""
    return [
        Missing(rule, counts.get(rule.code, 0)) for rule in rules.documents if counts.get(rule.code, 0) < rule.min_count
    ]


def document_types(rules: KindRules) -> tuple[str, ...]:
    """The types a document of this kind may be filed under."""
    return (*(rule.code for rule in rules.documents), OTHER_DOCUMENT)
