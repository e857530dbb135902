"""The announcement PDF read back: Kyrgyz letters, the right dates in each language, embedded fonts, pages."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from osgo_desktop import i18n
from osgo_desktop.reports.announcement import announcement_pdf
from osgo_desktop.services import competitions, demo
from osgo_desktop.services.views import CompetitionDetail
from osgo_desktop.storage.uow import Database
from tests.conftest import TODAY
from tests.pdf_support import unhyphenate


@pytest.fixture
def announced(db: Database) -> CompetitionDetail:
    with db.uow() as uow:
        demo.load_demo(uow)
    with db.uow() as uow:
        row = next(r for r in competitions.list_competitions(uow) if r.publication_date)
        return competitions.get_competition(uow, row.id)


def text_of(pdf: bytes) -> tuple[str, PdfReader]:
    """The text of every page, with line breaks and runs of spaces made single spaces (cells wrap)."""
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(unhyphenate(page.extract_text()).split()) for page in reader.pages), reader


def norm(text: str) -> str:
    return " ".join(text.split())


def embedded_fonts(reader: PdfReader) -> dict[str, bool]:
    fonts: dict[str, bool] = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            embedded = descriptor is not None and any(
                k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            fonts[str(font["/BaseFont"])] = embedded
    return fonts


def test_kyrgyz_announcement(announced: CompetitionDetail) -> None:
    pdf = announcement_pdf(announced, "ky", TODAY)
    text, reader = text_of(pdf)
    assert pdf.startswith(b"%PDF")
    assert "Кыргыз Республикасынын Саламаттык сактоо министрлиги" in text
    for letter in "ңөү":
        assert letter in text
    deadline = norm(i18n.format_date(announced.intake_deadline, "ky"))
    assert announced.intake_deadline is not None
    assert deadline in text and deadline.endswith("-декабры")  # 3 December 2026, as official Kyrgyz writes it
    assert "Сунуштама кат" in text  # a required document, from the profile
    fonts = embedded_fonts(reader)
    assert fonts and all(fonts.values()), fonts
    assert all("PT" in name for name in fonts)


def test_russian_announcement(announced: CompetitionDetail) -> None:
    text, reader = text_of(announcement_pdf(announced, "ru", TODAY))
    assert "Министерство здравоохранения Кыргызской Республики" in text
    assert announced.intake_deadline is not None
    assert norm(i18n.format_date(announced.intake_deadline, "ru")) in text  # "3 декабря 2026 г."
    assert "Рекомендательное письмо" in text
    assert all(embedded_fonts(reader).values())


def test_before_publication_the_intake_is_stated_as_a_month(announced: CompetitionDetail) -> None:
    draft = announced.__class__(**{**announced.__dict__, "publication_date": None, "intake_deadline": None})
    text, _ = text_of(announcement_pdf(draft, "en", TODAY))
    assert "within 1 month from the day this announcement is published" in text


def test_every_page_says_page_x_of_y(announced: CompetitionDetail) -> None:
    address = "Бишкек, " * 400
    long = announced.__class__(
        **{**announced.__dict__, "notes": "", "intake_address": address, "intake_address_ru": address}
    )
    _text, reader = text_of(announcement_pdf(long, "en", TODAY))
    pages = len(reader.pages)
    assert pages >= 2
    for number in range(1, pages + 1):
        assert f"Page {number} of {pages}" in " ".join(reader.pages[number - 1].extract_text().split())


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils is not installed")
def test_poppler_renders_it_without_errors(announced: CompetitionDetail, tmp_path: Path) -> None:
    path = tmp_path / "a.pdf"
    path.write_bytes(announcement_pdf(announced, "ky", TODAY))
    result = subprocess.run(
        ["pdftoppm", "-r", "30", "-png", str(path), str(tmp_path / "page")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0 and result.stderr == ""
    assert list(tmp_path.glob("page*.png"))


def test_a_name_with_markup_characters_prints_as_written(announced: CompetitionDetail) -> None:
    odd = announced.__class__(**{**announced.__dict__, "contact": "<b>A & B</b> «Жаран»"})
    text, _ = text_of(announcement_pdf(odd, "ky", dt.date(2026, 1, 1)))
    assert "<b>A & B</b> «Жаран»" in text
