"""The receipt, the application register and the screening protocol read back: text, dates, pages, fonts."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics

from osgo_desktop import i18n
from osgo_desktop.clock import BISHKEK
from osgo_desktop.domain.profile import COMMISSION_NAME, LocalText
from osgo_desktop.i18n import format_size
from osgo_desktop.reports.intake import (
    ReceiptData,
    ReceiptDocument,
    RegisterData,
    RegisterRow,
    RegisterStatus,
    receipt_pdf,
    register_pdf,
)
from osgo_desktop.reports.layout import SANS, SERIF, data_table, register_fonts
from osgo_desktop.reports.screening import (
    ConflictRow,
    CriterionColumn,
    ScreeningData,
    ScreeningRow,
    SessionFacts,
    screening_protocol_pdf,
)
from tests.pdf_support import unhyphenate

ISSUED = dt.date(2026, 12, 8)
RECEIVED = dt.datetime(2026, 11, 3, 9, 5, tzinfo=BISHKEK)
DEADLINE = dt.date(2026, 12, 3)
MINISTRY = LocalText(
    ky="Кыргыз Республикасынын Саламаттык сактоо министрлиги",
    ru="Министерство здравоохранения Кыргызской Республики",
    en="Ministry of Health of the Kyrgyz Republic",
)
IN_PERSON = LocalText(ky="Өзү тапшырды", ru="Лично", en="In person")
BY_POST = LocalText(ky="Почта аркылуу", ru="По почте", en="By post")
SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"


def text_of(pdf: bytes) -> tuple[str, PdfReader]:
    """The text of every page, with line breaks and runs of spaces made single spaces (cells wrap)."""
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(norm(unhyphenate(page.extract_text())) for page in reader.pages), reader


def norm(text: str) -> str:
    return " ".join(text.split())


def receipt(**changes: object) -> ReceiptData:
    data = ReceiptData(
        commission_name=COMMISSION_NAME,
        competition_number="2026/03",
        body=MINISTRY,
        registration_number="2026/03-017",
        received_at=RECEIVED,
        channel_label=IN_PERSON,
        applicant_name="Өмүрбеков Нурлан Асанович",
        nominated_by="«Жаңы муун» коомдук бирикмеси",
        documents=(
            ReceiptDocument(LocalText(ky="Арыз", ru="Заявление", en="Application"), "арыз.pdf", SHA, 812, 1),
            ReceiptDocument(
                LocalText(ky="Сүрөтү менен резюме", ru="Резюме с фотографией", en="CV with photo"),
                "резюме_Өмүрбеков.pdf",
                "0" * 64,
                1_468_006,
                2,
            ),
            ReceiptDocument(
                LocalText(ky="Сунуштама кат", ru="Рекомендательное письмо", en="Recommendation letter"),
                "сунуштама-1.jpg",
                "ab" * 32,
                48_300,
                1,
            ),
        ),
        missing=(
            LocalText(
                ky="Сунуштама кат (дагы 1)", ru="Рекомендательное письмо (ещё 1)", en="Recommendation letter (1 more)"
            ),
        ),
        late=False,
        intake_deadline=DEADLINE,
        received_by="Сатыбалдиева Гүлнара Төлөнбаевна",
    )
    return dataclasses.replace(data, **changes)  # type: ignore[arg-type]


STATUSES: tuple[RegisterStatus, ...] = ("registered", "registered", "late", "withdrawn")


def register(rows: int = 4, **changes: object) -> RegisterData:
    data = RegisterData(
        commission_name=COMMISSION_NAME,
        competition_number="2026/03",
        body=MINISTRY,
        intake_deadline=DEADLINE,
        rows=tuple(
            RegisterRow(
                number=f"2026/03-{n:03d}",
                received_at=RECEIVED + dt.timedelta(hours=7 * n),
                applicant_name=f"Талапкер {n} Үмөталиева Айгүл",
                nominated_by=f"«Уюм {n}» коомдук фонду",
                channel_label=IN_PERSON if n % 2 else BY_POST,
                documents=5,
                status=STATUSES[n % len(STATUSES)],
                note="өз каалоосу менен" if STATUSES[n % len(STATUSES)] == "withdrawn" else "",
            )
            for n in range(1, rows + 1)
        ),
        signatories=(("Сатыбалдиева Гүлнара Төлөнбаевна", "Катчы"), ("Асанов Бакыт Жээнбекович", "Төрага")),
    )
    return dataclasses.replace(data, **changes)  # type: ignore[arg-type]


def screening(**changes: object) -> ScreeningData:
    criteria = (
        CriterionColumn("on_time", "Документтер мөөнөтүндө келип түшкөн"),
        CriterionColumn("documents", "Бардык документтер тапшырылган"),
        CriterionColumn("one_per_org", "Бир уюмдан бир талапкер"),
        CriterionColumn("no_record", "Соттолбогон"),
    )
    data = ScreeningData(
        commission_name=COMMISSION_NAME,
        competition_number="2026/03",
        body=MINISTRY,
        kind_label="Мамлекеттик органдын коомдук кеңеши",
        protocol_number="2026/03-S1",
        session=SessionFacts(
            held_on=dt.date(2026, 12, 7),
            place="Бишкек ш.",
            start_time="10:00",
            end_time="12:30",
            members_total=15,
            quorum=10,
            chair="Асанов Бакыт Жээнбекович",
            secretary="Сатыбалдиева Гүлнара Төлөнбаевна",
            present=(
                "Асанов Бакыт Жээнбекович",
                "Сатыбалдиева Гүлнара Төлөнбаевна",
                "Токтогулова Чолпон",
                *(f"Мүчө {index}" for index in range(4, 11)),
            ),
            absent=("Үмөтов Канат",),
        ),
        criteria=criteria,
        rows=(
            ScreeningRow(
                "2026/03-001",
                "Өмүрбеков Нурлан Асанович",
                "«Жаңы муун»",
                True,
                (),
                {"on_time": True, "documents": True, "one_per_org": True, "no_record": True},
            ),
            ScreeningRow(
                "2026/03-002",
                "Бакыт кызы Айгүл",
                "«Эне тил»",
                False,
                ("Сунуштама каттар экиден аз", "Мамлекеттик кызматкер"),
                {"on_time": True, "documents": False, "one_per_org": True, "no_record": None},
            ),
            ScreeningRow(
                "2026/03-003",
                "Жээнбеков Эркин",
                "«Жаңы муун»",
                False,
                ("Документтер мөөнөтүнөн кеч келип түшкөн",),
                {"on_time": False, "documents": True, "one_per_org": False},
            ),
        ),
        conflicts=(ConflictRow("Асанов Бакыт Жээнбекович", "Бакыт кызы Айгүл", "Тууганы"),),
        signatories=(
            ("Асанов Бакыт Жээнбекович", "Төрага"),
            ("Сатыбалдиева Гүлнара Төлөнбаевна", "Катчы"),
            ("Токтогулова Чолпон", "Мүчө"),
        ),
    )
    return dataclasses.replace(data, **changes)  # type: ignore[arg-type]


def received_text(lang: str) -> str:
    return norm(i18n.format_date(RECEIVED.date(), lang))


# -- the receipt ---------------------------------------------------------------------------------------------------


def test_kyrgyz_receipt() -> None:
    data = receipt()
    text, _ = text_of(receipt_pdf(data, "ky", ISSUED))
    for letter in "ңөү":
        assert letter in text
    for expected in (
        data.registration_number,
        data.applicant_name,
        data.nominated_by,
        data.received_by,
        received_text("ky"),
        "09:05",
        "Кыргыз Республикасынын Саламаттык сактоо министрлиги",
        "Сүрөтү менен резюме",
        "резюме_Өмүрбеков.pdf",
        SHA[:16],
        "Сунуштама кат (дагы 1)",
        norm(format_size(1_468_006, "ky")),
        "1,4",  # the Kyrgyz decimal separator
    ):
        assert expected in text, expected
    assert SHA[:17] not in text  # the fingerprint is the first 16 hex, not the whole hash


def test_russian_receipt_dates() -> None:
    text, _ = text_of(receipt_pdf(receipt(), "ru", ISSUED))
    assert received_text("ru") in text and "ноября" in text
    assert norm(i18n.format_date(DEADLINE, "ru")) in text
    assert "Министерство здравоохранения Кыргызской Республики" in text


def test_english_receipt_says_what_is_received_and_missing() -> None:
    text, reader = text_of(receipt_pdf(receipt(), "en", ISSUED))
    assert "Receipt" in text and "Documents received" in text and "Not handed in" in text
    assert "Recommendation letter (1 more)" in text
    assert "812 bytes" in text and "1.4 MB" in text and "47.2 KB" in text
    assert "Page 1 of 1" in norm(reader.pages[0].extract_text())
    assert "after the deadline" not in text


def test_a_late_receipt_says_it_will_not_be_admitted() -> None:
    text, _ = text_of(
        receipt_pdf(receipt(late=True, received_at=dt.datetime(2026, 12, 4, 16, 40, tzinfo=BISHKEK)), "en", ISSUED)
    )
    assert "Registered, and will not be admitted: received after the deadline." in text
    assert norm(i18n.format_date(DEADLINE, "en")) in text


def test_a_receipt_with_nothing_received_or_missing() -> None:
    text, _ = text_of(receipt_pdf(receipt(documents=(), missing=()), "en", ISSUED))
    assert "No documents were handed in." in text
    assert "Every document the competition requires has been handed in." in text


def test_the_receipt_has_two_signature_lines() -> None:
    data = receipt()
    text, _ = text_of(receipt_pdf(data, "en", ISSUED))
    assert "Received by" in text and "Handed in by" in text
    assert text.count("(signature)") == 2


# -- the register --------------------------------------------------------------------------------------------------


def test_kyrgyz_register() -> None:
    data = register()
    text, _ = text_of(register_pdf(data, "ky", ISSUED))
    for letter in "ңөү":
        assert letter in text
    for row in data.rows:
        assert row.number in text and row.applicant_name in text
        assert norm(i18n.format_date(row.received_at.astimezone(BISHKEK).date(), "ky", "numeric")) in text
    assert "өз каалоосу менен" in text
    for name, _role in data.signatories:
        assert name in text


def test_register_totals() -> None:
    text, _ = text_of(register_pdf(register(rows=10), "en", ISSUED))
    # rows 1..10 cycle registered, late, withdrawn, registered: 5 registered, 3 late... counted from the data
    counts = {s: sum(1 for n in range(1, 11) if STATUSES[n % 4] == s) for s in ("registered", "late", "withdrawn")}
    assert "Applications received 10" in text
    assert f"Registered in time {counts['registered']}" in text
    assert f"Received after the deadline {counts['late']}" in text
    assert f"Withdrawn {counts['withdrawn']}" in text


@pytest.mark.slow
def test_a_register_of_500_applications() -> None:
    data = register(rows=500)
    text, reader = text_of(register_pdf(data, "en", ISSUED))
    pages = len(reader.pages)
    assert pages >= 10
    header = "No. Received Applicant Nominated by Channel Documents Status Note"
    with_rows = 0
    for number in range(1, pages + 1):
        page = norm(reader.pages[number - 1].extract_text())
        assert f"Page {number} of {pages}" in page
        if re.search(r"2026/03-\d{3}", page):  # a page of the table (the signatures may have a page of their own)
            assert page.count(header) == 1, number  # the header row again on every page of the table
            with_rows += 1
    assert with_rows >= pages - 1
    assert "2026/03-001" in text and "2026/03-500" in text
    assert all(row.number in text for row in data.rows)
    assert "Applications received 500" in text


def test_a_very_long_cell_wraps_and_splits() -> None:
    long_note = "Бишкек шаары, Чүй проспекти " * 150
    rows = register().rows
    data = register(rows=0)
    data = dataclasses.replace(data, rows=(dataclasses.replace(rows[0], note=long_note), *rows[1:]))
    text, reader = text_of(register_pdf(data, "en", ISSUED))
    assert len(reader.pages) >= 2  # the row split across pages, the table's header above each part
    assert text.count("Чүй проспекти") == 150 and text.count("Received Applicant Nominated by") == len(reader.pages)
    assert "2026/03-004" in text  # the rows after it


def test_a_row_that_fits_on_a_page_is_not_split() -> None:
    note = "Чүй проспекти " * 12  # a few lines in the note column: the row moves whole to the next page
    data = register(rows=60)
    data = dataclasses.replace(data, rows=tuple(dataclasses.replace(row, note=note) for row in data.rows))
    _text, reader = text_of(register_pdf(data, "en", ISSUED))
    assert len(reader.pages) >= 3
    for page in reader.pages:
        assert norm(page.extract_text()).count("Чүй") % 12 == 0


def test_an_empty_register() -> None:
    text, _ = text_of(register_pdf(register(rows=0, signatories=()), "en", ISSUED))
    assert "No applications have been received." in text
    assert "Applications received 0" in text


# -- the screening protocol ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ky", "ru"])
def test_screening_protocol(lang: str) -> None:
    data = screening()
    text, _ = text_of(screening_protocol_pdf(data, lang, ISSUED))
    for letter in "ңөү":
        assert letter in text
    assert data.session is not None
    assert norm(i18n.format_date(data.session.held_on, lang)) in text
    assert data.protocol_number in text and data.session.place in text
    assert MINISTRY.get(lang) in text
    for row in data.rows:
        assert row.applicant_name in text
        for reason in row.reasons:
            assert reason in text, reason
    for criterion in data.criteria:
        assert criterion.label in text
    assert "Тууганы" in text
    for name, role in data.signatories:
        assert name in text and role in text


def test_screening_protocol_in_english_lists_admitted_and_not() -> None:
    text, _ = text_of(screening_protocol_pdf(screening(), "en", ISSUED))
    assert "Admitted to the competition (1)" in text
    assert "Not admitted to the competition (2)" in text
    assert "Declarations of conflict of interest" in text
    assert "Applications examined 3" in text and "Not admitted 2" in text
    assert "Results by criterion" in text
    # the grid: Бакыт кызы Айгүл met, not met, met, not decided
    assert "Бакыт кызы Айгүл + − + ?" in text
    assert "Жээнбеков Эркин − + − ·" in text
    assert text.count("(signature)") == 3


def test_screening_protocol_with_nobody_rejected_and_no_conflicts() -> None:
    data = screening()
    text, _ = text_of(screening_protocol_pdf(dataclasses.replace(data, rows=data.rows[:1], conflicts=()), "en", ISSUED))
    assert "Every candidate is admitted." in text
    assert "No member of the Commission declared a conflict of interest." in text


# -- every document ------------------------------------------------------------------------------------------------

DOCUMENTS: dict[str, Callable[[str], bytes]] = {
    "receipt": lambda lang: receipt_pdf(receipt(late=True), lang, ISSUED),
    "register": lambda lang: register_pdf(register(rows=60), lang, ISSUED),
    "screening": lambda lang: screening_protocol_pdf(screening(), lang, ISSUED),
}
ODD = "<b>A & B</b> «Жаран»"


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_character_printed_is_in_the_pt_fonts(document: str) -> None:
    register_fonts()
    faces = [pdfmetrics.getFont(name).face for name in (SERIF, f"{SERIF}-Bold", SANS, f"{SANS}-Bold")]
    for lang in i18n.LANGUAGES:
        text, _ = text_of(DOCUMENTS[document](lang))
        missing = {ch for ch in set(text) - {" "} if not any(ord(ch) in face.charToGlyph for face in faces)}
        assert not missing, (lang, missing)


@pytest.mark.parametrize("document", DOCUMENTS)
def test_only_embedded_pt_fonts(document: str, tmp_path: Path) -> None:
    if shutil.which("pdffonts") is None:
        pytest.skip("poppler-utils is not installed")
    path = tmp_path / f"{document}.pdf"
    path.write_bytes(DOCUMENTS[document]("ky"))
    result = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    assert result.stderr == ""
    lines = result.stdout.splitlines()[2:]  # past the heading and the rule
    assert lines
    for line in lines:
        assert "Helvetica" not in line
        name = line.split()[0]
        assert re.fullmatch(r"[A-Z]{6}\+PT\S+", name), line  # a subset of a PT font
        assert re.search(r"\byes\s+yes\s+yes\b", line), line  # embedded, subset, with a Unicode map


@pytest.mark.parametrize("document", DOCUMENTS)
def test_poppler_renders_it_without_errors(document: str, tmp_path: Path) -> None:
    if shutil.which("pdftoppm") is None:
        pytest.skip("poppler-utils is not installed")
    path = tmp_path / f"{document}.pdf"
    path.write_bytes(DOCUMENTS[document]("ru"))
    result = subprocess.run(
        ["pdftoppm", "-r", "30", "-png", str(path), str(tmp_path / "page")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0 and result.stderr == ""
    assert list(tmp_path.glob("page*.png"))


def test_names_with_markup_characters_print_as_written() -> None:
    text, _ = text_of(receipt_pdf(receipt(applicant_name=ODD, received_by=ODD), "ky", ISSUED))
    assert text.count(ODD) >= 3  # the facts and the signature line
    reg = register()
    rows = (dataclasses.replace(reg.rows[0], applicant_name=ODD, note=ODD), *reg.rows[1:])
    text, _ = text_of(register_pdf(dataclasses.replace(reg, rows=rows, signatories=((ODD, ODD),)), "ky", ISSUED))
    assert text.count(ODD) >= 4
    scr = screening()
    conflicts = (ConflictRow(ODD, ODD, ODD),)
    rejected = dataclasses.replace(scr.rows[1], applicant_name=ODD, reasons=(ODD,))
    text, _ = text_of(
        screening_protocol_pdf(
            dataclasses.replace(
                scr,
                rows=(scr.rows[0], rejected),
                conflicts=conflicts,
                session=dataclasses.replace(scr.session, place=ODD),  # type: ignore[type-var]
            ),
            "ky",
            ISSUED,
        )
    )
    assert text.count(ODD) >= 6


def test_a_data_table_refuses_rows_that_do_not_match_its_columns() -> None:
    with pytest.raises(ValueError, match="columns"):
        data_table(["a", "b"], [["1", "2", "3"]], [None, None])
    with pytest.raises(ValueError, match="widths"):
        data_table(["a", "b"], [["1", "2"]], [None])
