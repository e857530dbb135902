"""A Commission competition (seed A) taken through intake and screening on a copy of the demo: five candidates,
each nominated by an association of three non-commercial organisations, all admitted, ready to vote."""

from __future__ import annotations

import dataclasses
import datetime as dt
import tempfile
from pathlib import Path

from osgo_desktop.clock import BISHKEK
from osgo_desktop.domain.competition import CompetitionDraft
from osgo_desktop.domain.eligibility import Verdict
from osgo_desktop.domain.intake import IntakeDraft
from osgo_desktop.domain.person import (
    Channel,
    Education,
    Nomination,
    OrganizationDraft,
    OrgKind,
    PersonDraft,
    PublicService,
    Sex,
    encode_pin,
)
from osgo_desktop.domain.profile import Kind, Variant, VoterRoll
from osgo_desktop.domain.voting import Side
from osgo_desktop.services import applications, competitions, demo, registries, voting
from osgo_desktop.storage.documents import DocumentStore
from osgo_desktop.storage.uow import UnitOfWork

# surname, name, patronymic, sex, born
CANDIDATES = (
    ("Абылкасымова", "Динара", "Маратовна", Sex.FEMALE, dt.date(1980, 3, 14)),
    ("Бакиров", "Нурлан", "Асанович", Sex.MALE, dt.date(1975, 7, 2)),
    ("Жумабаева", "Асель", "Кубанычбековна", Sex.FEMALE, dt.date(1986, 11, 23)),
    ("Осмонов", "Талант", "Жолдошевич", Sex.MALE, dt.date(1970, 1, 30)),
    ("Токтогулова", "Мээрим", "Эсенбековна", Sex.FEMALE, dt.date(1989, 5, 9)),
)
#: the association of each candidate, in Kyrgyz and in Russian
ASSOCIATIONS = tuple(
    (f"«Жарандык коом {i}» бирикмеси", f"Объединение «Гражданское общество {i}»") for i in range(1, len(CANDIDATES) + 1)
)
DOCUMENTS = {"association_letter": 1, "application": 1, "cv": 1}


def screened_commission_competition(
    uow: UnitOfWork, store: DocumentStore, roll: VoterRoll = VoterRoll.CANDIDATES, seats: int = 3
) -> int:
    """A regular Commission competition for ``seats`` seats, published 45 days ago, every candidate admitted; the
    profile's voter roll is ``roll``."""
    profile = registries.current_profile(uow)
    registries.save_profile(
        uow, dataclasses.replace(profile, commission=dataclasses.replace(profile.commission, voter_roll=roll))
    )
    published = uow.clock.today() - dt.timedelta(days=45)
    competition_id = competitions.create_competition(
        uow,
        CompetitionDraft(
            kind=Kind.COMMISSION,
            variant=Variant.REGULAR,
            body_id=None,
            seats=seats,
            term_years=5,
            intake_address=demo.INTAKE_ADDRESS,
            intake_address_ru=demo.INTAKE_ADDRESS_RU,
            contact=demo.CONTACT,
        ),
    )
    competitions.announce(uow, competition_id, published, *demo.MEDIA_OUTLET)
    with tempfile.TemporaryDirectory() as folder:
        for index, ((surname, name, patronymic, sex, born), (association, association_ru)) in enumerate(
            zip(CANDIDATES, ASSOCIATIONS, strict=True)
        ):
            members = tuple(
                registries.save_organization(
                    uow,
                    OrganizationDraft(
                        f"«Демилге {index}-{k}» коомдук фонду",
                        OrgKind.FOUNDATION if k % 2 else OrgKind.PUBLIC_ASSOCIATION,
                        f"9{index}{k}00-3301-Ф",
                        f"Общественный фонд «Демилге {index}-{k}»",
                    ),
                )
                for k in range(3)
            )
            association_id = registries.save_association(
                uow, registries.AssociationDraft(association, members, name_ru=association_ru)
            )
            registered = applications.register_application(
                uow,
                competition_id,
                PersonDraft(
                    surname=surname,
                    name=name,
                    patronymic=patronymic,
                    sex=sex,
                    birth_date=born,
                    pin=encode_pin(sex, born, f"{index + 71:05d}"),
                    education=Education.HIGHER,
                    public_service=PublicService.NONE,
                ),
                IntakeDraft(
                    dt.datetime.combine(published + dt.timedelta(days=3 + index), dt.time(11, 0), tzinfo=BISHKEK),
                    Channel.IN_PERSON,
                    Nomination.ASSOCIATION,
                    association_id=association_id,
                    received_by="Кадырова М. А.",
                ),
            )
            for code, count in DOCUMENTS.items():
                for copy in range(count):
                    path = Path(folder) / f"{registered.application_id}-{code}-{copy}.pdf"
                    path.write_bytes(demo._demo_pdf(f"{code} — {surname}", [code]))
                    applications.add_document(uow, registered.application_id, code, store.put(path, f"{code}.pdf"))
    competitions.close_intake(uow, competition_id)
    applications.start_screening(uow, competition_id)
    for row in applications.screening_grid(uow, competition_id).rows:
        if row.decision.missing:
            applications.record_verdicts(
                uow, row.application.id, row.decision.missing, Verdict(True, "Справкалар көрүлдү"), "Токтосунова Д. У."
            )
    applications.finish_screening(uow, competition_id)
    demo.record_demo_screening_session(uow, competition_id)
    return competition_id


def seed_a_draft(
    uow: UnitOfWork,
    competition_id: int,
    absent: tuple[int, ...] = (),
    delegates: dict[int, str] | None = None,
    papers: int = 0,
) -> voting.SessionDraft:
    """The demo's session (every member present), the roll taken from the data with the lines at ``absent``
    (indexes into the roll) ticked off; delegates' names by roll index when the roll is of delegates."""
    draft = demo.demo_session(uow, competition_id)
    setup = voting.session_setup(uow, competition_id)
    present = tuple(p.id for i, p in enumerate(setup.roll) if i not in absent)
    named = (
        tuple(voting.DelegateDraft(p.id, (delegates or {})[i]) for i, p in enumerate(setup.roll) if i not in absent)
        if delegates is not None
        else ()
    )
    return dataclasses.replace(draft, roll_present=present, delegates=named, papers=papers)


def enter_both_sides(uow: UnitOfWork, round_id: int, papers: list[tuple[int, ...]]) -> None:
    demo.enter_papers(uow, round_id, Side.SECRETARIAT, papers)
    demo.enter_papers(uow, round_id, Side.COUNTING, papers)
