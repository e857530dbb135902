"""The ballot papers read back with poppler: a page per serial, the candidates in order, the instruction, the fonts."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from osgo_desktop.domain.collation import kyrgyz_sort_key
from osgo_desktop.domain.profile import COMMISSION_NAME
from osgo_desktop.i18n import Translator
from osgo_desktop.reports.ballots import BallotPaperData, ballot_document_number, ballot_papers_pdf
from tests.pdf_support import unhyphenate

ISSUED = dt.date(2026, 12, 14)
NAMES = (
    "Өмүрбеков Нурлан Асанович",
    "Бакыт кызы Айгүл",
    "Жээнбеков Эркин Токтогулович",
    "Ңаамат Үмөт",
    "Абдыкадырова Чолпон Сыргаковна",
    "Үмөталиева Айгүл Бакытовна",
    "Токтогулова Чолпон",
    "Сатыбалдиев Мирлан Төлөнбаевич",
    "Асанов Бакыт Жээнбекович",
    "Исаков Нурбек",
)
TITLE = {
    "ky": "Кыргыз Республикасынын Саламаттык сактоо министрлигинин коомдук кеңеши",
    "ru": "Общественный совет при Министерстве здравоохранения Кыргызской Республики",
    "en": "Public council of the Ministry of Health of the Kyrgyz Republic",
}


def candidates(count: int) -> tuple[tuple[int, str], ...]:
    names = [NAMES[i % len(NAMES)] + (f" {i // len(NAMES) + 1}-ч." if i >= len(NAMES) else "") for i in range(count)]
    return tuple(enumerate(sorted(names, key=kyrgyz_sort_key), start=1))


def ballots(lang: str = "ky", **changes: object) -> BallotPaperData:
    data = BallotPaperData(
        issuer=COMMISSION_NAME.get(lang),
        competition_number="2026/01",
        competition_title=TITLE[lang],
        round_number=1,
        runoff=False,
        seats=5,
        candidates=candidates(len(NAMES)),
        serials=("001", "002", "003", "004"),
        session_date=dt.date(2026, 12, 15),
    )
    return dataclasses.replace(data, **changes)  # type: ignore[arg-type]


def norm(text: str) -> str:
    return " ".join(text.split())


def pages_of(pdf: bytes, tmp_path: Path) -> list[str]:
    """The text of each page as pdftotext reads it, runs of white space made single spaces."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "ballots.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    assert result.stderr == ""
    return [norm(unhyphenate(page)) for page in result.stdout.split("\f")[:-1]]


def serial_text(lang: str, serial: str) -> str:
    return Translator(lang).gettext("No. {number}").format(number=serial)


def instruction(lang: str, seats: int) -> str:
    return norm(
        Translator(lang)
        .ngettext(
            "Mark no more than {seats} candidate. A paper with more marks is invalid; a paper with no marks is blank.",
            "Mark no more than {seats} candidates. A paper with more marks is invalid; a paper with no marks is blank.",
            seats,
        )
        .format(seats=seats)
    )


def assert_in_order(page: str, names: list[str]) -> None:
    positions = [page.find(name) for name in names]
    assert -1 not in positions, [name for name, at in zip(names, positions, strict=True) if at == -1]
    assert positions == sorted(positions)


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_a_paper_per_serial_with_the_candidates_in_order(lang: str, tmp_path: Path) -> None:
    data = ballots(lang)
    pages = pages_of(ballot_papers_pdf(data, lang, ISSUED), tmp_path)
    assert len(pages) == len(data.serials)
    for page, serial in zip(pages, data.serials, strict=True):
        assert serial_text(lang, serial) in page
        others = [s for s in data.serials if s != serial]
        assert not any(re.search(rf"\b{s}\b", page) for s in others), page
        assert_in_order(page, [f"{number} {name}" for number, name in data.candidates])
        assert instruction(lang, data.seats) in page
        assert data.competition_number in page and TITLE[lang] in page and data.issuer in page
        assert ballot_document_number("2026/01", 1) in page  # the house head: 2026/01-B1
        assert norm(Translator(lang).format_date(data.session_date)) in page


def test_kyrgyz_letters_are_extractable(tmp_path: Path) -> None:
    pages = pages_of(ballot_papers_pdf(ballots("ky"), "ky", ISSUED), tmp_path)
    for letter in "ңөүҢӨҮ":
        assert letter in pages[0], letter
    assert "Ңаамат Үмөт" in pages[0] and "Өмүрбеков Нурлан Асанович" in pages[0]


def test_the_instruction_says_how_many_in_english() -> None:
    assert instruction("en", 1).startswith("Mark no more than 1 candidate. ")
    assert instruction("en", 3).startswith("Mark no more than 3 candidates. ")


@pytest.mark.parametrize("seats", [1, 2, 5, 21])
def test_the_instruction_carries_the_number_of_seats(seats: int, tmp_path: Path) -> None:
    pages = pages_of(ballot_papers_pdf(ballots("ru", seats=seats, serials=("1",)), "ru", ISSUED), tmp_path)
    assert instruction("ru", seats) in pages[0]


def test_a_runoff_says_so(tmp_path: Path) -> None:
    runoff = pages_of(ballot_papers_pdf(ballots("en", round_number=2, runoff=True), "en", ISSUED), tmp_path)
    assert "Round 2, runoff" in runoff[0] and "No. 2026/01-B2" in runoff[0]
    first = pages_of(ballot_papers_pdf(ballots("en"), "en", ISSUED), tmp_path)
    assert "Round 1" in first[0] and "runoff" not in first[0]
    assert "BALLOT" in first[0] and "Stamp of the counting commission" in first[0]
    assert "Member of the counting commission" in first[0] and "(signature)" in first[0]


def test_thirty_candidates_still_fit_a_page_each(tmp_path: Path) -> None:
    data = ballots("ky", candidates=candidates(30), serials=("011", "012"))
    pages = pages_of(ballot_papers_pdf(data, "ky", ISSUED), tmp_path)
    assert len(pages) == 2  # two columns of smaller rows
    for page in pages:
        for number, name in data.candidates:
            assert f"{number} {name}" in page


def test_too_many_candidates_run_on_and_every_page_keeps_its_serial(tmp_path: Path) -> None:
    data = ballots("ky", candidates=candidates(70), serials=("101", "102"))
    pages = pages_of(ballot_papers_pdf(data, "ky", ISSUED), tmp_path)
    assert len(pages) > 2 and len(pages) % 2 == 0
    per_paper = len(pages) // 2
    for index, serial in enumerate(data.serials):
        paper = pages[index * per_paper : (index + 1) * per_paper]
        assert all(serial_text("ky", serial) in page for page in paper)
        assert_in_order(" ".join(paper), [f"{number} {name}" for number, name in data.candidates])


@pytest.mark.parametrize(
    "changes",
    [
        {"seats": 0},
        {"round_number": 0},
        {"candidates": ()},
        {"candidates": ((1, "А"), (1, "Б"))},
        {"serials": ("001", "001")},
    ],
)
def test_impossible_papers_are_refused(changes: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        ballots(**changes)


def test_only_embedded_pt_fonts(tmp_path: Path) -> None:
    if shutil.which("pdffonts") is None:
        pytest.skip("pdffonts (poppler-utils) is not installed")
    path = tmp_path / "ballots.pdf"
    path.write_bytes(ballot_papers_pdf(ballots("ky"), "ky", ISSUED))
    result = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    lines = result.stdout.splitlines()[2:]
    assert lines
    for line in lines:
        assert re.fullmatch(r"[A-Z]{6}\+PT\S+", line.split()[0]), line
        assert re.search(r"\byes\s+yes\s+yes\b", line), line  # embedded, subset, with a Unicode map


@pytest.mark.parametrize("lang", ["ky", "ru"])
def test_poppler_renders_it_without_errors(lang: str, tmp_path: Path) -> None:
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    path = tmp_path / "ballots.pdf"
    path.write_bytes(ballot_papers_pdf(ballots(lang, candidates=candidates(40)), lang, ISSUED))
    result = subprocess.run(
        ["pdftoppm", "-r", "30", "-png", str(path), str(tmp_path / "page")], capture_output=True, text=True
    )
    assert result.returncode == 0 and result.stderr == ""
    assert list(tmp_path.glob("page*.png"))
