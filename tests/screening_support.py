"""Shared by the screening tests of a Commission competition (seed A): the demo's registries, associations of
several shapes, one candidate each, in screening."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from osgo_desktop.clock import BISHKEK
from osgo_desktop.domain.competition import CompetitionDraft
from osgo_desktop.domain.intake import IntakeDraft
from osgo_desktop.domain.person import (
    Channel,
    Education,
    Nomination,
    OrganizationDraft,
    OrgKind,
    PersonDraft,
    PublicService,
    encode_pin,
)
from osgo_desktop.domain.profile import Kind, Variant
from osgo_desktop.domain.registry import Sex
from osgo_desktop.services import applications, competitions, demo, registries
from osgo_desktop.storage.documents import FileType, StoredFile
from osgo_desktop.storage.uow import UnitOfWork
from tests.conftest import TODAY

LAWFUL = (OrgKind.PUBLIC_ASSOCIATION, OrgKind.FOUNDATION, OrgKind.INSTITUTION)
#: association name → its members' forms; one candidate each, in this order
ASSOCIATIONS: dict[str, Sequence[OrgKind]] = {
    "«Үч мыйзамдуу» бирикмеси": LAWFUL,
    "«Экөө гана» бирикмеси": (OrgKind.PUBLIC_ASSOCIATION, OrgKind.FOUNDATION),
    "«Муниципалдык» бирикмеси": (OrgKind.PUBLIC_ASSOCIATION, OrgKind.FOUNDATION, OrgKind.MUNICIPAL),
    "«Коммерциялык» бирикмеси": (OrgKind.PUBLIC_ASSOCIATION, OrgKind.INSTITUTION, OrgKind.COMMERCIAL),
}
CANDIDATES = ("Асанова", "Бекова", "Жумабаева", "Сыдыкова")


def commission_competition(uow: UnitOfWork, min_members: int | None = None) -> int:
    """The demo's registries, a Commission competition published 40 days ago (intake closed), one candidate per
    association of ``ASSOCIATIONS`` with every document, in screening; ``min_members`` changes the profile's N."""
    demo.load_demo(uow)
    if min_members is not None:
        profile = registries.current_profile(uow)
        registries.save_profile(
            uow,
            dataclasses.replace(
                profile, commission=dataclasses.replace(profile.commission, association_min_members=min_members)
            ),
        )
    published = TODAY - dt.timedelta(days=40)
    competition_id = competitions.create_competition(
        uow,
        CompetitionDraft(
            kind=Kind.COMMISSION,
            variant=Variant.REGULAR,
            body_id=None,
            seats=10,
            term_years=5,
            expiry_date=TODAY + dt.timedelta(days=90),
            intake_address="Бишкек ш., Чүй пр., 1",
        ),
    )
    competitions.announce(uow, competition_id, published, "«Кабар»")
    counter = 0
    for index, ((name, kinds), surname) in enumerate(zip(ASSOCIATIONS.items(), CANDIDATES, strict=True)):
        members = []
        for kind in kinds:
            counter += 1
            members.append(registries.save_organization(uow, OrganizationDraft(f"Уюм {counter}", kind)))
        association = registries.save_association(uow, registries.AssociationDraft(name, tuple(members)))
        born = dt.date(1980, 1, 1 + index)
        registered = applications.register_application(
            uow,
            competition_id,
            PersonDraft(
                surname=surname,
                name="Гүлнара",
                patronymic="Токтогуловна",
                sex=Sex.FEMALE,
                birth_date=born,
                pin=encode_pin(Sex.FEMALE, born, f"{index + 1:05d}"),
                education=Education.HIGHER,
                public_service=PublicService.NONE,
            ),
            IntakeDraft(
                dt.datetime.combine(published + dt.timedelta(days=2 + index), dt.time(11), tzinfo=BISHKEK),
                Channel.IN_PERSON,
                Nomination.ASSOCIATION,
                association_id=association,
                received_by="Кадырова М.",
            ),
        )
        for code in ("association_letter", "application", "cv"):
            stored = StoredFile(f"{index:02d}{code}".ljust(64, "0"), 100, FileType.PDF, f"{code}.pdf")
            applications.add_document(uow, registered.application_id, code, stored)
    competitions.close_intake(uow, competition_id)
    applications.start_screening(uow, competition_id)
    return competition_id
