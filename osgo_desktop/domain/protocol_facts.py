"""What the secretariat enters for a protocol beyond the data it reports, and the checks it must pass.

The times the vote and the count began and ended (a round's protocol), the objections and dissenting opinions
voiced (any protocol), and for the decision on the composition the formation date — the members' terms run from
it — and the Commission's vote on adopting the decision. Pure data and rules: the dialogs ask them as they are
filled in, and the use case (``services.protocol_facts``) asks them again before it records anything.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from typing import Final

from osgo_desktop.domain.calendar import add_months
from osgo_desktop.domain.record import ProtocolKind
from osgo_desktop.i18n import _

_TIME: Final = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")

#: the time fields, in the order they happen
TIME_FIELDS: Final = ("vote_began", "vote_ended", "count_began", "count_ended")
#: the fields only the decision on the composition has
DECISION_FIELDS: Final = ("formation_date", "votes_for", "votes_against", "votes_abstained")
VOTE_FIELDS: Final = ("votes_for", "votes_against", "votes_abstained")


@dataclass(frozen=True)
class ProtocolFactsDraft:
    """What is entered for one protocol; "" or None: not entered (the paper prints "none", or a blank)."""

    #: Bishkek wall-clock times, "HH:MM"
    vote_began: str = ""
    vote_ended: str = ""
    count_began: str = ""
    count_ended: str = ""
    #: as said at the session, in the language it was said in
    objections: str = ""
    dissent: str = ""
    #: the decision only: the date the new composition is formed
    formation_date: dt.date | None = None
    #: the decision only: the Commission's vote on adopting it
    votes_for: int | None = None
    votes_against: int | None = None
    votes_abstained: int | None = None

    def cleaned(self) -> ProtocolFactsDraft:
        """The same facts with the white space around the texts dropped."""
        return dataclasses.replace(
            self,
            **{name: getattr(self, name).strip() for name in (*TIME_FIELDS, "objections", "dissent")},
        )

    @property
    def empty(self) -> bool:
        return self == ProtocolFactsDraft()


@dataclass(frozen=True)
class FactsContext:
    """What the checks need to know of the protocol the facts are for."""

    kind: ProtocolKind
    #: how many Commission members were present at the session that voted (None: no session to go by)
    members_present: int | None = None
    #: the day of that session: the composition is not formed before the vote
    session_date: dt.date | None = None
    #: a council's legal calendar: the last day to form the new composition (None: the law sets none here)
    latest_formation: dt.date | None = None
    #: how many calendar days before the expiry that is (the profile's)
    form_days_before_expiry: int = 0


def is_time(text: str) -> bool:
    return bool(_TIME.match(text))


def _day(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y")


def _minutes(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def facts_errors(draft: ProtocolFactsDraft, context: FactsContext) -> dict[str, str]:
    """Field → translated message for what cannot be right; empty when the facts can be recorded."""
    draft = draft.cleaned()
    errors: dict[str, str] = {}
    per_round = context.kind.per_round
    for name in TIME_FIELDS:
        value = getattr(draft, name)
        if value and not per_round:
            errors[name] = _("Times are entered for a round's protocol.")
        elif value and not is_time(value):
            errors[name] = _("Enter the time as hours and minutes, e.g. 10:00.")
    times = {name: _minutes(getattr(draft, name)) for name in TIME_FIELDS if is_time(getattr(draft, name))}

    def in_order(earlier: str, later: str, message: str) -> None:
        if earlier in times and later in times and times[later] < times[earlier] and later not in errors:
            errors[later] = message

    in_order("vote_began", "vote_ended", _("The vote cannot end before it began."))
    in_order("vote_ended", "count_began", _("The count begins once the vote has ended."))
    in_order("vote_began", "count_began", _("The count begins once the vote has ended."))
    in_order("count_began", "count_ended", _("The count cannot end before it began."))

    if context.kind is not ProtocolKind.DECISION:
        for name in DECISION_FIELDS:
            if getattr(draft, name) is not None:
                errors[name] = _("The formation date and the vote are entered for the decision on the composition.")
        return errors
    if draft.formation_date is None:
        errors["formation_date"] = _("Enter the date the new composition is formed.")
    elif context.session_date is not None and draft.formation_date < context.session_date:
        errors["formation_date"] = _("The composition cannot be formed before the Commission voted ({date}).").format(
            date=_day(context.session_date)
        )
    for name in VOTE_FIELDS:
        value = getattr(draft, name)
        if value is None:
            errors[name] = _("Enter the number (0 if none).")
        elif value < 0:
            errors[name] = _("A number of votes cannot be negative.")
    votes = [getattr(draft, name) for name in VOTE_FIELDS]
    if all(v is not None and v >= 0 for v in votes) and context.members_present is not None:
        total = sum(v for v in votes if v is not None)
        if total > context.members_present:
            errors["votes"] = _(
                "{total} votes on the decision, but {present} members were present at the session."
            ).format(total=total, present=context.members_present)
    return errors


def facts_warnings(draft: ProtocolFactsDraft, context: FactsContext) -> list[str]:
    """What may be right but deserves a second look (the facts are recorded all the same)."""
    warnings = []
    formed = draft.formation_date
    latest = context.latest_formation
    if context.kind is ProtocolKind.DECISION and formed is not None and latest is not None and formed > latest:
        warnings.append(
            _(
                "The law has the new composition formed by {date} ({days} calendar days before the current one's "
                "powers expire); {formed} is later."
            ).format(date=_day(latest), days=context.form_days_before_expiry, formed=_day(formed))
        )
    votes = [draft.votes_for, draft.votes_against, draft.votes_abstained]
    if context.kind is ProtocolKind.DECISION and all(v is not None for v in votes):
        cast = sum(v for v in votes if v is not None)
        if draft.votes_for is not None and cast and draft.votes_for * 2 <= cast:
            warnings.append(_("No more than half of the votes are for the decision: check that it was adopted."))
    return warnings


def term_end(start: dt.date, years: int) -> dt.date:
    """The last day of a term of ``years`` that begins on ``start`` (10.12.2026, 2 years → 09.12.2028)."""
    return add_months(start, 12 * years) - dt.timedelta(days=1)
