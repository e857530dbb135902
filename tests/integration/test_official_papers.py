"""What every issued protocol of the full demo states, in Kyrgyz and in Russian: the legal basis from the profile,
the copy number blank and the stamp's place — read from the PDFs as the closed demo keeps them."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from osgo_desktop.domain.profile import LEGAL_BASIS
from osgo_desktop.domain.record import ProtocolKind
from osgo_desktop.i18n import Translator
from osgo_desktop.services import competitions, demo, protocols
from osgo_desktop.storage.quick import sqlite_url
from osgo_desktop.storage.uow import Database
from tests.conftest import copy_database, pinned_clock
from tests.pdf_support import unhyphenate


@pytest.fixture(scope="module")
def issued_pages(
    tmp_path_factory: pytest.TempPathFactory, migrated_template: Path
) -> Iterator[dict[tuple[str, str], list[str]]]:
    """The text of each page of every current protocol of the closed demo competition, by (kind with round,
    language)."""
    path = tmp_path_factory.mktemp("official") / "demo.sqlite"
    copy_database(migrated_template, path)
    db = Database.open(sqlite_url(path), pinned_clock())
    store = db.document_store()
    with db.uow() as uow:
        demo.load_demo(uow, store, full=True)
    with db.uow() as uow:
        competition = next(c.id for c in competitions.list_competitions(uow) if c.seats == 7)  # 2026/04
        views = [p for p in protocols.list_protocols(uow, competition) if not p.superseded]
    pages = {}
    for view in views:
        reader = PdfReader(io.BytesIO(protocols.protocol_path(store, view).read_bytes()))
        pages[(f"{view.kind.value}{view.round_number or ''}", view.lang)] = [
            " ".join(unhyphenate(page.extract_text()).split()) for page in reader.pages
        ]
    db.close()
    yield pages


@pytest.fixture(scope="module")
def issued(issued_pages: dict[tuple[str, str], list[str]]) -> dict[tuple[str, str], str]:
    """The text of every current protocol of the closed demo competition, by (kind with round, language)."""
    return {key: " ".join(pages) for key, pages in issued_pages.items()}


def test_the_closed_demo_holds_every_protocol_in_both_languages(issued: dict[tuple[str, str], str]) -> None:
    # and the decision on filling the vacancy a member left after the close (the full demo goes that far)
    kinds = {"screening", "vote1", "tally_sheet1", "vote2", "tally_sheet2", "decision", "vacancy_fill1"}
    assert set(issued) == {(kind, lang) for kind in kinds for lang in ("ky", "ru")}


@pytest.mark.parametrize("lang", ["ky", "ru"])
@pytest.mark.parametrize("kind", [ProtocolKind.SCREENING, ProtocolKind.VOTE, ProtocolKind.DECISION])
def test_a_protocol_cites_its_legal_basis_and_has_a_copy_number_and_a_stamp_place(
    issued: dict[tuple[str, str], str], kind: ProtocolKind, lang: str
) -> None:
    text = issued[(f"{kind.value}{1 if kind.per_round else ''}", lang)]
    t = Translator(lang)
    assert " ".join(LEGAL_BASIS.get(lang).split()) in text
    assert t.gettext("Copy No. {blank}").split("{")[0].strip() in text
    assert t.gettext("L.S.") in text


@pytest.mark.parametrize("lang", ["ky", "ru"])
def test_the_decision_s_operative_text_ends_on_the_page_of_the_first_signatures(
    issued_pages: dict[tuple[str, str], list[str]], lang: str
) -> None:
    t = Translator(lang)
    pages = issued_pages[("decision", lang)]
    publish = t.gettext("3. To publish this decision on the official website of the state body and in the media.")
    chair = "Токтосунова Динара Уланбековна"  # the demo's chair, who signs first
    (page,) = [p for p in pages if " ".join(publish.split()[:4]) in p]
    assert t.gettext("Signatures") in page and chair in page and t.gettext("L.S.") in page
    assert page.index(publish.split()[1]) < page.index(chair)
    # the operative part opens on the first page, right after the attendance: no half-empty first page
    preamble = t.gettext(
        "{legal_basis}, on the results of the rating vote (protocols No. {protocols}), the Commission decided:"
    )
    assert " ".join(preamble.split()[-2:]) in pages[0]


@pytest.mark.parametrize("lang", ["ky", "ru"])
def test_the_facts_name_the_kind_of_competition_as_a_kind(issued: dict[tuple[str, str], str], lang: str) -> None:
    label = {"ky": "Конкурстун түрү", "ru": "Вид конкурса"}[lang]
    for kind in ("screening", "vote1", "tally_sheet1", "decision"):
        assert f"{label} " in issued[(kind, lang)], kind


@pytest.mark.parametrize("lang", ["ky", "ru"])
def test_a_tally_sheet_s_subtitle_goes_with_its_title_before_the_copy_number(
    issued: dict[tuple[str, str], str], lang: str
) -> None:
    t = Translator(lang)
    for kind in ("tally_sheet1", "tally_sheet2"):
        text = issued[(kind, lang)]
        copy = t.gettext("Copy No. {blank}").split("{")[0].strip()
        assert text.index(t.gettext("paper by paper")) < text.index(copy), kind


@pytest.mark.parametrize("lang", ["ky", "ru"])
def test_the_result_of_a_round_opens_on_the_page_of_its_list(
    issued_pages: dict[tuple[str, str], list[str]], lang: str
) -> None:
    t = Translator(lang)
    for page in issued_pages[("vote1", lang)]:
        if t.gettext("Result of the round") in page:
            assert "1. " in page.split(t.gettext("Result of the round"))[1]
