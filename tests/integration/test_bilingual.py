"""Free texts in both languages: a Russian paper prints the Russian form of every place, address, media outlet and
name; one never entered is named before the paper is issued, and printed in Kyrgyz only once the user agreed; the
applicant import takes the nominator's Russian name."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest

from osgo_desktop.domain.person import OrganizationDraft, OrgKind, encode_pin
from osgo_desktop.domain.record import ProtocolKind
from osgo_desktop.domain.registry import Sex
from osgo_desktop.domain.texts import Bilingual
from osgo_desktop.services import bulk, competitions, demo, papers, protocols, registries, translations
from osgo_desktop.storage import models
from osgo_desktop.storage.uow import Database

#: what the demo prints in Kyrgyz only: its Kyrgyz forms, and words that appear in none of its Russian ones
KYRGYZ_ONLY = (
    demo.INTAKE_ADDRESS,
    demo.MEDIA_OUTLETS[0],
    demo.MEDIA_OUTLET[0],
    demo.SESSION_PLACE[0],
    *(name for name, _ru, _kind, _number in demo.ORGANIZATIONS),
    *(name for name, _ru, _members in demo.ASSOCIATIONS),
    "Бишкек ш.",
    "шаары",
    "проспекти",
    "чоң зал",
    "коомдук бирикмеси",
    "коомдук фонду",
    "мекемеси",
    "гезити",
    "агенттиги",
)


def text_of(pdf: bytes, tmp_path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "paper.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(result.stdout.split())


@pytest.fixture
def voted(full_demo_db: Database) -> int:
    """The demo's 2026/04 voted through its runoff (tallied)."""
    with full_demo_db.uow() as uow:
        competition_id = demo.screened_demo_competition(uow)
        assert competition_id is not None
        demo.hold_demo_vote(uow, competition_id)
    return competition_id


def issue(db: Database, competition_id: int, kind: ProtocolKind, lang: str, round_number: int = 0, **kw: bool) -> bytes:
    with db.uow() as uow:
        return protocols.issue_pdf(uow, db.document_store(), competition_id, kind, lang, round_number, **kw)


def test_the_russian_papers_of_the_full_demo_print_no_kyrgyz_only_text(
    full_demo_db: Database, voted: int, tmp_path: Path
) -> None:
    with full_demo_db.uow() as uow:
        announced = next(r.id for r in competitions.list_competitions(uow) if r.publication_date and r.seats == 9)
        assert translations.announcement_missing_texts(uow, announced, "ru") == []
        for kind, number in ((ProtocolKind.SCREENING, 0), (ProtocolKind.VOTE, 1), (ProtocolKind.DECISION, 0)):
            assert translations.missing_texts(uow, voted, kind, number, "ru") == [], kind
        announcement = papers.announcement(uow, announced, "ru")
        register = papers.register(uow, voted, "ru")
    texts = {
        "announcement": text_of(announcement, tmp_path),
        "register": text_of(register, tmp_path),
        "screening": text_of(issue(full_demo_db, voted, ProtocolKind.SCREENING, "ru"), tmp_path),
        "vote": text_of(issue(full_demo_db, voted, ProtocolKind.VOTE, "ru", 1), tmp_path),
        "decision": text_of(issue(full_demo_db, voted, ProtocolKind.DECISION, "ru"), tmp_path),
    }
    for paper, text in texts.items():
        for kyrgyz in KYRGYZ_ONLY:
            assert kyrgyz not in text, (paper, kyrgyz)
    # … and they print the Russian forms instead
    assert "город Бишкек, проспект Чуй, 205" in texts["announcement"]
    assert "газета «Эркин-Тоо»" in texts["announcement"]
    assert "город Бишкек, проспект Чуй, 205" in texts["vote"]
    assert "Общественное объединение «Жаран»" in texts["decision"]
    assert "Общественный фонд «Ачык маалымат»" in texts["screening"]
    # the Kyrgyz papers keep the Kyrgyz forms
    kyrgyz = text_of(issue(full_demo_db, voted, ProtocolKind.DECISION, "ky"), tmp_path)
    assert "«Жаран» коомдук бирикмеси" in kyrgyz and "Общественное объединение" not in kyrgyz


def test_a_missing_russian_form_is_named_and_printed_in_kyrgyz_only_when_accepted(
    full_demo_db: Database, voted: int, tmp_path: Path
) -> None:
    zharan = "«Жаран» коомдук бирикмеси"
    with full_demo_db.uow() as uow:
        organization = next(o for o in registries.list_organizations(uow) if o.name == zharan)
        draft = OrganizationDraft(organization.name, organization.kind, organization.registration_number, name_ru="")
        registries.save_organization(uow, draft, organization.id)
    with full_demo_db.uow() as uow:
        session = uow.session.query(models.VoteSession).one()
        session.place_ru = ""
        uow.commit()
    with full_demo_db.uow() as uow:
        missing = translations.missing_texts(uow, voted, ProtocolKind.DECISION, 0, "ru")
        assert missing == [
            f"the Russian form of the place of the session: {demo.SESSION_PLACE[0]}",
            f"the Russian name of the organisation {zharan}",
        ]
        assert translations.missing_texts(uow, voted, ProtocolKind.DECISION, 0, "ky") == []
        assert translations.missing_texts(uow, voted, ProtocolKind.VOTE, 1, "ru") == [missing[0]]
        assert translations.missing_texts(uow, voted, ProtocolKind.SCREENING, 0, "ru") == [missing[1]]
    with pytest.raises(translations.MissingTexts) as refused:
        issue(full_demo_db, voted, ProtocolKind.DECISION, "ru")
    assert refused.value.texts == missing and zharan in str(refused.value)
    with full_demo_db.uow() as uow:
        assert protocols.list_protocols(uow, voted) == []  # nothing was issued
    issue(full_demo_db, voted, ProtocolKind.DECISION, "ky")  # a Kyrgyz paper lacks nothing
    # accepted: the Kyrgyz form is printed where the Russian one is missing, the rest in Russian
    text = text_of(issue(full_demo_db, voted, ProtocolKind.DECISION, "ru", accept_missing=True), tmp_path)
    assert zharan in text and demo.SESSION_PLACE[0] in text and "Общественный фонд «Ачык маалымат»" in text
    # the Russian name entered later makes a new version that prints it
    with full_demo_db.uow() as uow:
        registries.save_organization(
            uow,
            OrganizationDraft(zharan, organization.kind, name_ru="Общественное объединение «Жаран»"),
            organization.id,
        )
    text = text_of(issue(full_demo_db, voted, ProtocolKind.DECISION, "ru", accept_missing=True), tmp_path)
    assert zharan not in text and "Общественное объединение «Жаран»" in text
    with full_demo_db.uow() as uow:
        versions = [p.version for p in protocols.list_protocols(uow, voted) if p.lang == "ru"]
    assert versions == [1, 2]


def test_the_announcement_names_what_it_lacks(full_demo_db: Database) -> None:
    with full_demo_db.uow() as uow:
        draft_id = next(r.id for r in competitions.list_competitions(uow) if r.seats == 11)
        draft = competitions.draft_of(uow, draft_id)
        assert draft.intake_address_ru == demo.INTAKE_ADDRESS_RU
        competitions.update_competition(uow, draft_id, draft.__class__(**{**draft.__dict__, "intake_address_ru": ""}))
    with full_demo_db.uow() as uow:
        assert translations.announcement_missing_texts(uow, draft_id, "ru") == [
            f"the Russian form of the address where documents are accepted: {demo.INTAKE_ADDRESS}"
        ]
        assert translations.announcement_missing_texts(uow, draft_id, "ky") == []
        competitions.announce(uow, draft_id, uow.clock.today(), "«Кабар»")
    with full_demo_db.uow() as uow:
        assert translations.announcement_missing_texts(uow, draft_id, "ru")[1:] == [
            "the Russian name of the media outlet «Кабар»"
        ]
        detail = competitions.get_competition(uow, draft_id)
        assert detail.media_outlet == "«Кабар»" and detail.media_outlet_ru == ""


def test_the_applicant_import_takes_the_nominators_russian_name(full_demo_db: Database) -> None:
    with full_demo_db.uow() as uow:
        new_id = registries.save_organization(uow, OrganizationDraft("«Жаңы муун» коомдук фонду", OrgKind.FOUNDATION))
        draft_id = next(r.id for r in competitions.list_competitions(uow) if r.seats == 11)
        competitions.announce(uow, draft_id, uow.clock.today(), *demo.MEDIA_OUTLET)
    header = "Фамилия;Имя;Пол;ПИН;Выдвинувшая организация;Выдвинувшая организация на русском языке\n"
    female, male = (
        encode_pin(Sex.FEMALE, dt.date(1980, 1, 2), "00001"),
        encode_pin(Sex.MALE, dt.date(1975, 3, 4), "00002"),
    )
    other = encode_pin(Sex.FEMALE, dt.date(1985, 5, 6), "00003")
    rows = (
        # a nominator with no Russian name yet: it is recorded
        f"Асанова;Айгүл;Ж;{female};«Жаңы муун» коомдук фонду;Общественный фонд «Жаңы муун»\n"
        # a registered Russian name differs: kept, and the preview says so
        f"Бакиров;Нурлан;М;{male};«Жаран» коомдук бирикмеси;ОО «Жаран»\n"
        # the nominator named by its Russian name
        f"Токтоева;Динара;Ж;{other};Учреждение «Айыл өнүгүү»;\n"
    )
    with full_demo_db.uow() as uow:
        preview = bulk.preview(uow, draft_id, (header + rows).encode(), "list.csv")
        assert not preview.invalid and not preview.unknown_columns
        first, second, third = preview.rows
        assert first.nominator_ru == "Общественный фонд «Жаңы муун»"
        assert any("is recorded" in w for w in first.warnings)
        assert second.nominator_ru == "" and any("which is kept" in w for w in second.warnings)
        ayil = next(o.id for o in registries.list_organizations(uow) if o.name == "«Айыл өнүгүү» мекемеси")
        assert third.intake is not None and third.intake.organization_id == ayil
        bulk.import_applicants(uow, draft_id, preview)
    with full_demo_db.uow() as uow:
        names = {o.id: Bilingual(o.name, o.name_ru) for o in registries.list_organizations(uow)}
        assert names[new_id].ru == "Общественный фонд «Жаңы муун»"
        zharan = next(n for n in names.values() if n.ky == "«Жаран» коомдук бирикмеси")
        assert zharan.ru == "Общественное объединение «Жаран»"
