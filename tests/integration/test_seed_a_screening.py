"""Screening a Commission competition (seed A) against a real database: the nominating association's lawfulness
decided from the registry's data, with the profile's numbers, and printed in the screening protocol (ky, ru)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
from collections.abc import Sequence

import pytest

from osgo_desktop.clock import BISHKEK
from osgo_desktop.domain.competition import CompetitionDraft
from osgo_desktop.domain.eligibility import ASSOCIATION_VALID, ScreeningStatus
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
from osgo_desktop.domain.profile import Kind, RegulationProfile, Variant
from osgo_desktop.domain.registry import Sex
from osgo_desktop.services import applications, competitions, demo, papers, registries
from osgo_desktop.storage.documents import FileType, StoredFile
from osgo_desktop.storage.uow import Database, UnitOfWork
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


def association_results(db: Database, competition_id: int) -> dict[str, tuple[bool | None, str]]:
    with db.uow() as uow:
        grid = applications.screening_grid(uow, competition_id)
    return {
        r.application.full_name.split()[0]: (r.checks[ASSOCIATION_VALID].passed, r.checks[ASSOCIATION_VALID].reason)
        for r in grid.rows
    }


@pytest.fixture
def seed_a(db: Database) -> int:
    with db.uow() as uow:
        return commission_competition(uow)


def test_the_association_is_decided_from_its_members(db: Database, seed_a: int) -> None:
    results = association_results(db, seed_a)
    assert results["Асанова"] == (True, "")
    assert results["Бекова"] == (
        False,
        "An association needs at least 3 member organisations of these forms: public association, foundation, "
        "institution; it has 2.",
    )
    for surname, kind in (("Жумабаева", "municipal organisation"), ("Сыдыкова", "commercial organisation")):
        passed, reason = results[surname]
        assert passed is False
        assert reason.startswith("An association needs at least 3 member organisations") and "it has 2." in reason
        assert f"Members that do not count, {kind}: 1." in reason
    with db.uow() as uow:
        statuses = {
            r.application.full_name.split()[0]: r.decision.status for r in applications.screening_grid(uow, seed_a).rows
        }
    assert statuses["Бекова"] is ScreeningStatus.NOT_ADMITTED
    assert statuses["Асанова"] is ScreeningStatus.PENDING  # its manual criteria await the Commission


def test_a_deregistered_member_no_longer_counts(db: Database, seed_a: int) -> None:
    with db.uow() as uow:
        (lawful,) = [a for a in registries.list_associations(uow) if a.name == "«Үч мыйзамдуу» бирикмеси"]
        organization = uow.organizations.require(lawful.member_ids[0])
        organization.active = False
        uow.commit()
    assert association_results(db, seed_a)["Асанова"][0] is False


def test_the_profile_sets_n(db: Database) -> None:
    with db.uow() as uow:
        competition_id = commission_competition(uow, min_members=4)
        stored = RegulationProfile.from_obj(uow.competitions.require(competition_id).profile_data)
        warnings = {a.name: a.problems for a in registries.list_associations(uow)}
    assert stored.commission.association_min_members == 4
    assert association_results(db, competition_id)["Асанова"] == (
        False,
        "An association needs at least 4 member organisations of these forms: public association, foundation, "
        "institution; it has 3.",
    )
    # the registry warns from the same numbers
    assert warnings["«Үч мыйзамдуу» бирикмеси"] == (
        "An association needs at least 4 member organisations of these forms: public association, foundation, "
        "institution; it has 3.",
    )


def words(pdf: bytes) -> str:
    done = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(done.stdout.decode().split())


@pytest.mark.parametrize(
    ("lang", "criterion", "reason"),
    [
        (
            "ky",
            "Кеминде 3 коммерциялык эмес уюмдан турган бирикме тарабынан көрсөтүлгөн",
            "Бирикмеде төмөнкү уюштуруу-укуктук формадагы кеминде 3 мүчө уюм болушу керек: коомдук бирикме, фонд, "
            "мекеме; анда 2 бар.",
        ),
        (
            "ru",
            "Выдвинут объединением не менее чем из 3 некоммерческих организаций",
            "В объединении должно быть не менее 3 организаций-членов следующих форм: общественное объединение, "
            "фонд, учреждение; в нём 2.",
        ),
    ],
)
def test_the_protocol_prints_the_criterion_and_the_reason(
    db: Database, seed_a: int, lang: str, criterion: str, reason: str
) -> None:
    with db.uow() as uow:
        text = words(papers.screening_draft(uow, seed_a, lang))
    assert criterion in text
    assert reason in text
