"""The ballot papers read back with poppler and pypdf: a sheet per serial, the candidates in order, the
instruction, the stamp's place and the signature line on every sheet, the same boxes in Kyrgyz and Russian."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest
from reportlab.lib.units import mm

from osgo_desktop.domain.collation import kyrgyz_sort_key
from osgo_desktop.domain.profile import COMMISSION_NAME
from osgo_desktop.i18n import Translator
from osgo_desktop.reports.ballots import (
    BOX_MIN,
    CANDIDATES_BOTTOM,
    CANDIDATES_TOP,
    BallotPaperData,
    ballot_document_number,
    ballot_layout,
    ballot_papers_pdf,
)
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


def stream_pages(pdf: bytes) -> list[str]:
    """The text of each page as pypdf reads it: in the order it is drawn (the candidates column by column)."""
    return [norm(page.extract_text()) for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


Square = tuple[float, float, float]


def boxes(pdf: bytes) -> list[list[Square]]:
    """The boxes to mark on each page, (x, y, side) in points: the squares between 6 and 12 mm drawn in the
    page's forms (the stamp's place is larger; the serial's frame is no square)."""
    pages = []
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        squares: list[Square] = []
        for form in page["/Resources"]["/XObject"].values():
            stream = form.get_object().get_data().decode("latin-1")
            for x, y, w, h in re.findall(r"([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) re\b", stream):
                side = float(w)
                if abs(side - float(h)) < 0.01 and 6 * mm < side < 12 * mm:
                    squares.append((round(float(x), 2), round(float(y), 2), round(side, 2)))
        pages.append(squares)
    return pages


def sheet_text(lang: str, sheet: int, sheets: int) -> str:
    return Translator(lang).gettext("Sheet {sheet} of {sheets}").format(sheet=sheet, sheets=sheets)


def authority(lang: str) -> list[str]:
    """What every sheet prints for the counting commission: the stamp's place and the signature line."""
    t = Translator(lang)
    return [
        norm(t.gettext("Stamp of the counting commission")),
        t.gettext("Member of the counting commission"),
        t.gettext("(signature)"),
    ]


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


@pytest.mark.parametrize("count", [70, 300])
def test_too_many_candidates_run_on_and_every_sheet_is_marked(count: int, tmp_path: Path) -> None:
    data = ballots("ky", candidates=candidates(count), serials=("101", "102"))
    pdf = ballot_papers_pdf(data, "ky", ISSUED)
    pages, drawn = pages_of(pdf, tmp_path), stream_pages(pdf)
    assert len(pages) > 2 and len(pages) % 2 == 0
    per_paper = len(pages) // 2
    assert per_paper == ballot_layout(count).sheets
    for index, serial in enumerate(data.serials):
        paper = pages[index * per_paper : (index + 1) * per_paper]
        for sheet, page in enumerate(paper, start=1):
            assert serial_text("ky", serial) in page
            assert sheet_text("ky", sheet, per_paper) in page
            assert all(text in page for text in authority("ky")), page
        # the counterfoil is the first sheet's only
        counterfoil = Translator("ky").gettext("Counterfoil of ballot paper No. {number}").format(number=serial)
        assert [counterfoil in page for page in paper] == [True] + [False] * (per_paper - 1)
        # down each column, then the next, then the next sheet
        read = " ".join(drawn[index * per_paper : (index + 1) * per_paper])
        assert_in_order(read, [f"{number} {name}" for number, name in data.candidates])


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


@pytest.mark.parametrize("count", [1, 15, 40, 60])
@pytest.mark.parametrize("lang", ["ky", "ru"])
def test_up_to_sixty_candidates_a_paper_is_one_sheet_that_carries_it_all(count: int, lang: str, tmp_path: Path) -> None:
    data = ballots(lang, candidates=candidates(count), serials=("001", "002", "003"))
    pdf = ballot_papers_pdf(data, lang, ISSUED)
    pages = pages_of(pdf, tmp_path)
    assert len(pages) == len(data.serials)
    for page, serial in zip(pages, data.serials, strict=True):
        assert all(text in page for text in authority(lang)), page
        assert page.count(serial_text(lang, serial)) >= 2  # on the paper and on its counterfoil
        assert sheet_text(lang, 1, 1) not in page
        for number, name in data.candidates:
            assert f"{number} {name}" in page
    assert [len(squares) for squares in boxes(pdf)] == [count] * len(data.serials)


@pytest.mark.parametrize("count", [10, 15, 25, 40, 60, 300])
def test_the_kyrgyz_and_russian_papers_have_the_same_boxes(count: int) -> None:
    drawn = {
        lang: boxes(ballot_papers_pdf(ballots(lang, candidates=candidates(count), serials=("1",)), lang, ISSUED))
        for lang in ("ky", "ru")
    }
    assert drawn["ky"] == drawn["ru"]
    squares = [square for page in drawn["ky"] for square in page]
    assert len(squares) == count
    assert all(side >= round(BOX_MIN, 2) for _x, _y, side in squares)


def test_fifteen_candidates_fill_the_sheet_with_large_boxes() -> None:
    layout = ballot_layout(15)
    assert layout.sheets == 1 and layout.columns == 1
    used = layout.rows * layout.row_height
    assert CANDIDATES_TOP - CANDIDATES_BOTTOM - used < 1 * mm
    assert layout.box >= 9 * mm


def test_every_layout_fits_its_zone_with_boxes_of_seven_millimetres() -> None:
    for count in range(1, 301):
        layout = ballot_layout(count)
        assert layout.box >= BOX_MIN and layout.row_height > layout.box, count
        assert layout.rows * layout.row_height <= CANDIDATES_TOP - CANDIDATES_BOTTOM + 0.01, count
        assert layout.sheets * layout.per_sheet >= count, count
        assert (layout.sheets == 1) == (count <= 66), count
        assert layout.columns == (1 if count <= 20 else 2 if count <= 40 else 3), count


@pytest.mark.parametrize("lang", ["ky", "ru"])
def test_a_runoff_is_named_as_the_vote_protocol_names_it(lang: str, tmp_path: Path) -> None:
    t = Translator(lang)
    data = ballots(lang, round_number=2, runoff=True, runoff_of=1, serials=("1",))
    page = pages_of(ballot_papers_pdf(data, lang, ISSUED), tmp_path)[0]
    phrase = t.gettext("Round {number}: a runoff among the candidates tied in round {tied}").format(number=2, tied=1)
    assert norm(phrase) in page
    plain = pages_of(ballot_papers_pdf(ballots(lang, round_number=2, runoff=True), lang, ISSUED), tmp_path)[0]
    assert "кайталап" not in page + plain
    word = "кайра добуш берүү" if lang == "ky" else "повторное голосование"
    assert word in page and word in plain


def test_a_paper_is_refused_a_runoff_of_no_earlier_round() -> None:
    with pytest.raises(ValueError):
        ballots(round_number=2, runoff=False, runoff_of=1)
    with pytest.raises(ValueError):
        ballots(round_number=2, runoff=True, runoff_of=2)
