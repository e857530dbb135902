"""The Commission's session at which the applications are screened: what the secretariat records before the
screening protocol is issued, and the checks it must pass.

Pure data and rules, as :mod:`osgo_desktop.domain.session` is for the vote's session: what the dialog offers
(:class:`ScreeningSetup`), what it drafts (:class:`ScreeningSessionDraft`), and :func:`check_screening_session`,
which the dialog asks as it is filled in and the service asks again before it records it. The quorum is the
profile's (:meth:`RegulationProfile.quorum`), checked by :func:`osgo_desktop.domain.voting.quorum_problem`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from osgo_desktop.domain import voting
from osgo_desktop.domain.session import Person
from osgo_desktop.i18n import _

#: hours and minutes as the minutes of a session write them: "9:30" or "09:30"
_CLOCK_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def clock_time(text: str) -> str | None:
    """``text`` as a wall-clock time "HH:MM" (a single-digit hour gets its zero), or None when it is none."""
    found = _CLOCK_TIME.match(text.strip())
    if found is None:
        return None
    return f"{int(found.group(1)):02d}:{found.group(2)}"


@dataclass(frozen=True)
class ScreeningSessionDraft:
    held_on: dt.date
    #: where the Commission met, in Kyrgyz; ``place_ru`` its Russian form ("" while not entered)
    place: str
    start_time: str
    end_time: str
    present: tuple[int, ...]
    chair_id: int | None
    secretary_id: int | None
    place_ru: str = ""


@dataclass(frozen=True)
class ScreeningSetup:
    """What the screening session's dialog offers."""

    competition_id: int
    competition_number: str
    #: the Commission's size the profile states, and the smallest attendance that makes the session valid
    members_total: int
    quorum: int
    #: the active Commission members, in Kyrgyz alphabetical order (``detail``: their role)
    members: tuple[Person, ...]
    #: the registry's chair and secretary, offered first
    chair_id: int | None
    secretary_id: int | None
    #: no session is held after this day (today), nor before ``earliest`` (the announcement's publication)
    today: dt.date
    earliest: dt.date | None
    #: the session as recorded, to correct (None: not recorded yet)
    recorded: ScreeningSessionDraft | None = None


def check_screening_session(setup: ScreeningSetup, draft: ScreeningSessionDraft) -> dict[str, str]:
    """Field → message for what is wrong with ``draft``; empty when it can be recorded."""
    errors: dict[str, str] = {}
    if draft.held_on > setup.today:
        errors["held_on"] = _("The session is recorded once it is held: its date cannot be in the future.")
    elif setup.earliest is not None and draft.held_on < setup.earliest:
        errors["held_on"] = _("The session cannot be held before the competition was announced.")
    if not draft.place.strip():
        errors["place"] = _("Enter where the session is held.")
    start = clock_time(draft.start_time)
    end = clock_time(draft.end_time)
    if start is None:
        errors["start_time"] = _("Enter the start time as hours and minutes, e.g. 10:00.")
    if end is None:
        errors["end_time"] = _("Enter the end time as hours and minutes, e.g. 12:30.")
    elif start is not None and end <= start:
        errors["end_time"] = _("The session ends after it starts.")
    members = {m.id for m in setup.members}
    present = set(draft.present) & members
    unknown = sorted(set(draft.present) - members)
    if unknown:
        errors["present"] = _("No active member of the Commission has the id {ids}.").format(
            ids=", ".join(str(i) for i in unknown)
        )
    elif (problem := voting.quorum_problem(setup.members_total, len(present), setup.quorum)) is not None:
        errors["present"] = problem
    for key, member, missing in (
        ("chair_id", draft.chair_id, _("Choose the chair of the session.")),
        ("secretary_id", draft.secretary_id, _("Choose the secretary of the session.")),
    ):
        if member is None:
            errors[key] = missing
        elif member not in present:
            errors[key] = _("The chair and the secretary of the session must be among the members present.")
    if "secretary_id" not in errors and draft.chair_id is not None and draft.chair_id == draft.secretary_id:
        errors["secretary_id"] = _("The chair and the secretary of the session are two different members.")
    return errors
