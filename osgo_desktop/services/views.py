"""The plain, frozen data the services hand to the UI, the CLI and the reports (never a live ORM object)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from osgo_desktop.domain.calendar import Deadline
from osgo_desktop.domain.lifecycle import EDITABLE_STATES, State
from osgo_desktop.domain.profile import Kind, LocalText, RegulationProfile, Variant
from osgo_desktop.domain.registry import Role, Seat, Sex, full_name


@dataclass(frozen=True)
class StateBodyRow:
    id: int
    name: LocalText
    active: bool
    #: the short code that names the body on the command line and in import files ("" when none is given yet)
    code: str = ""
    #: the version the row was read at (the optimistic check: ``storage.versions``); None: not known
    row_version: int | None = None


@dataclass(frozen=True)
class CommissionMemberRow:
    id: int
    surname: str
    name: str
    patronymic: str
    sex: Sex
    seat: Seat
    role: Role
    body_index: int | None
    #: what the member represents: the body of a permanent seat, or the organisation
    represents: LocalText
    organization: str
    term_start: dt.date | None
    term_end: dt.date | None
    contact: str
    active: bool
    #: the personal identification number ("" when not known) and the person it links the member to
    pin: str = ""
    person_id: int | None = None
    #: the PIN and the contact are blanked: the reader may not see personal data (``Action.READ_PERSONAL``)
    personal_hidden: bool = False
    #: the version the row was read at (the optimistic check: ``storage.versions``); None: not known
    row_version: int | None = None

    @property
    def full_name(self) -> str:
        return full_name(self.surname, self.name, self.patronymic)


@dataclass(frozen=True)
class CountingMemberRow:
    id: int
    surname: str
    name: str
    patronymic: str
    body_index: int
    body: LocalText
    position: str
    contact: str
    active: bool
    #: the contact is blanked: the reader may not see personal data (``Action.READ_PERSONAL``)
    personal_hidden: bool = False
    #: the version the row was read at (the optimistic check: ``storage.versions``); None: not known
    row_version: int | None = None

    @property
    def full_name(self) -> str:
        return full_name(self.surname, self.name, self.patronymic)


@dataclass(frozen=True)
class CompetitionRow:
    """A line of the competitions table."""

    id: int
    number: str
    kind: Kind
    variant: Variant
    body: LocalText | None
    seats: int
    state: State
    publication_date: dt.date | None
    intake_deadline: dt.date | None
    next_deadline: Deadline | None
    warnings: int


@dataclass(frozen=True)
class EventRow:
    at: dt.datetime
    from_state: State
    to_state: State
    note: str


@dataclass(frozen=True)
class CompetitionDetail:
    """Everything the competition page shows."""

    id: int
    number: str
    kind: Kind
    variant: Variant
    body_id: int | None
    body: LocalText | None
    seats: int
    term_years: int
    expiry_date: dt.date | None
    vacancy_date: dt.date | None
    publication_date: dt.date | None
    media_outlet: str
    intake_address: str
    contact: str
    notes: str
    state: State
    cancel_reason: str
    profile: RegulationProfile
    intake_deadline: dt.date | None
    calendar: tuple[Deadline, ...]
    events: tuple[EventRow, ...]
    created_at: dt.datetime
    #: target state → why it cannot be reached now (empty: it can)
    blocked: dict[State, tuple[str, ...]] = field(default_factory=dict)
    #: the Russian forms of the media outlet and the intake address ("" while not entered)
    media_outlet_ru: str = ""
    intake_address_ru: str = ""
    #: the version the row was read at (the optimistic check: ``storage.versions``); None: not known
    row_version: int | None = None

    @property
    def editable(self) -> bool:
        return self.state in EDITABLE_STATES
