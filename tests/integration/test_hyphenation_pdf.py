"""No word of a document breaks at a line's end but where its language allows, and then with a hyphen: at the
line-wrapping level (the house styles wrapped in narrow columns) and in the extracted text of the demo's papers."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.dates import get_month_names
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph

from osgo_desktop.domain.fingerprint import grouped
from osgo_desktop.domain.numwords import in_words
from osgo_desktop.i18n import Translator
from osgo_desktop.reports.hyphenation import break_points, hyphenating
from osgo_desktop.reports.intake import register_pdf
from osgo_desktop.reports.layout import data_table, para, styles
from osgo_desktop.reports.screening import screening_protocol_pdf
from osgo_desktop.reports.vote import composition_decision_pdf, tally_sheet_pdf, vote_protocol_pdf
from osgo_desktop.services import demo, printing, voting
from osgo_desktop.storage.uow import Database
from tests.conftest import TODAY
from tests.voting_support import screened_competition

KYRGYZ = (
    "Коомдук кеңештердин мүчөлөрүн тандоо боюнча комиссиянын катталган талапкерлеринин көрсөткүчтөрү жана "
    "Кыргыз Республикасынын Өкмөтүнүн алдындагы мамлекеттик органдардын ыйгарым укуктуу өкүлдөрү"
)
RUSSIAN = (
    "Зарегистрировано кандидатов в члены общественного совета государственного органа по результатам "
    "рейтингового голосования членов Комиссии по отбору членов общественных советов"
)
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
#: a word standing alone: not the letters of a number such as 2026/04-V1
LONE_WORD = re.compile(r"(?<![\w/-])[^\W\d_]+(?:-[^\W\d_]+)*(?![\w/])")


def wrapped_lines(paragraph: Paragraph, width: float, lang: str) -> list[str]:
    """The lines ``paragraph`` is broken into in ``width``, as reportlab lays them out in a document in ``lang``."""
    with hyphenating(lang):
        paragraph.wrap(width, 10_000)
    lines = paragraph.blPara.lines
    assert paragraph._splitLongWordCount == 0  # reportlab split no word at any letter
    return [" ".join(line[1]) if isinstance(line, tuple) else "".join(f.text for f in line.words) for line in lines]


def rejoin(lines: list[str], lang: str) -> list[str]:
    """The words of ``lines``, each word broken at a line's end rejoined; every break checked to be one that the
    word's language allows, the line ending with the hyphen."""
    words: list[str] = []
    carried = ""
    for line in lines:
        tokens = line.split()
        assert tokens, lines
        if carried:
            head, tokens[0] = carried, carried + tokens[0]
            word = tokens[0].strip('.,:;()«»“”"')
            assert len(head) in break_points(word, lang) or head.endswith("-"), (head, word)
            carried = ""
        if tokens[-1].endswith("-") and line is not lines[-1]:
            carried = tokens.pop()
            if not carried.endswith("--"):
                carried = carried[:-1] if not re.search(r"\w-\w+-$", carried) else carried
        words += tokens
    return words


@pytest.mark.parametrize(("lang", "text"), [("ky", KYRGYZ), ("ru", RUSSIAN)])
@pytest.mark.parametrize("width", [22 * mm, 30 * mm, 45 * mm, 70 * mm])
@pytest.mark.parametrize("style", ["body", "cell", "label", "small"])
def test_a_paragraph_breaks_words_only_at_hyphenation_points(lang: str, text: str, width: float, style: str) -> None:
    lines = wrapped_lines(para(text, getattr(styles(), style)), width, lang)
    assert len(lines) > 2
    assert rejoin(lines, lang) == text.split()
    hyphenated = [line for line in lines[:-1] if line.endswith("-")]
    assert hyphenated, lines  # a narrow column does break words, each with its hyphen


@pytest.mark.parametrize(("lang", "word"), [("ky", "Версиясы"), ("ru", "Зарегистрировано"), ("ky", "көрсөткүчтөрү")])
def test_a_narrow_table_header_is_hyphenated_not_cut(lang: str, word: str) -> None:
    table = data_table([word, "№"], [["1", "2"]], [15 * mm, None])
    header = table._cellvalues[0][0]
    assert isinstance(header, Paragraph)
    lines = wrapped_lines(header, 15 * mm - 6, lang)
    assert len(lines) > 1 and all(line.endswith("-") for line in lines[:-1])
    assert rejoin(lines, lang) == [word]


def test_a_word_with_no_break_that_fits_stays_whole() -> None:
    lines = wrapped_lines(para("протокол 2026/04-V1/0123456789 ОСГО", styles().cell), 12 * mm, "ky")
    assert lines == ["про-", "токол", "2026/04-V1/0123456789", "ОСГО"]


def test_without_a_document_language_no_word_is_broken() -> None:
    paragraph = para(RUSSIAN, styles().cell)
    paragraph.wrap(30 * mm, 10_000)
    assert paragraph._splitLongWordCount == 0 and paragraph._hyphenations == 0


# --- the extracted text of real documents --------------------------------------------------------------------------


def strings_of(value: object) -> Iterator[str]:
    """Every text in a document's data, however deep."""
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from strings_of(getattr(value, field.name))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings_of(key)
            yield from strings_of(item)
    elif isinstance(value, (tuple, list, set, frozenset)):
        for item in value:
            yield from strings_of(item)


def vocabulary(data: object, lang: str) -> set[str]:
    """Every word a document in ``lang`` of ``data`` may print: the data's, its catalogue's, the month names, the
    figures in words and the fingerprint's groups."""
    catalogue = Translator(lang)._t._catalog  # type: ignore[attr-defined]
    texts = [*strings_of(data), *(str(text) for text in catalogue.values())]
    texts.append(grouped(getattr(data, "fingerprint", None) or ""))  # in groups of four
    texts.append(Translator(lang).format_date(TODAY))  # 3 декабря 2026 г.
    texts += [in_words(n, lang) for n in range(101)]  # figures in words: "15 (он беш)"
    for context in ("format", "stand-alone"):
        texts += get_month_names("wide", context, locale=lang).values()
    return {word.lower() for text in texts for word in WORD.findall(text)}


@pytest.fixture(scope="module")
def papers(
    tmp_path_factory: pytest.TempPathFactory, migrated_template: Path
) -> Iterator[list[tuple[str, str, object, bytes]]]:
    """The demo's 2026/04 voted through its runoff: each paper of the vote, in Kyrgyz and in Russian."""
    from osgo_desktop.storage.quick import sqlite_url
    from tests.conftest import copy_database, pinned_clock

    path = tmp_path_factory.mktemp("hyphenation") / "demo.sqlite"
    copy_database(migrated_template, path)
    db = Database.open(sqlite_url(path), pinned_clock())
    with db.uow() as uow:
        demo.load_demo(uow, db.document_store(), full=True)
        competition = screened_competition(uow)
    made: list[tuple[str, str, object, bytes]] = []
    with db.uow() as uow:
        first = voting.round_by_number(uow, competition, 1)
        for lang in ("ky", "ru"):
            vote = printing.vote_protocol(uow, first, lang, "ab" * 32)
            tally = printing.tally_sheet(uow, first, lang)
            decision = printing.composition_decision(uow, competition, lang)
            screening = printing.screening_protocol(uow, competition, lang, fingerprint="ab" * 32)  # as issued
            register = printing.register(uow, competition, lang)
            made += [
                ("screening", lang, screening, screening_protocol_pdf(screening, lang, TODAY)),
                ("register", lang, register, register_pdf(register, lang, TODAY)),
                ("vote", lang, vote, vote_protocol_pdf(vote, lang, TODAY)),
                ("tally", lang, tally, tally_sheet_pdf(tally, lang, TODAY)),
                ("decision", lang, decision, composition_decision_pdf(decision, lang, TODAY)),
            ]
    db.close()
    yield made


def test_every_word_of_the_demo_papers_is_whole_or_hyphenated_where_its_language_allows(
    papers: list[tuple[str, str, object, bytes]], tmp_path: Path
) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    broken = 0
    for name, lang, data, pdf in papers:
        path = tmp_path / f"{name}-{lang}.pdf"
        path.write_bytes(pdf)
        text = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout
        known = vocabulary(data, lang)
        lines = [line for line in text.splitlines() if line.strip()]
        for number, line in enumerate(lines):
            match = re.search(r"([^\W\d_]+)-$", line)
            if match and number + 1 < len(lines) and (tail := re.match(r"[^\W\d_]+", lines[number + 1])):
                word = match.group(1) + tail.group(0)
                if word.lower() in known:  # a word broken at the line's end: where its language allows
                    assert len(match.group(1)) in break_points(word, lang), (name, lang, word)
                    assert not word[:1].isupper(), (name, lang, word)  # names print whole
                    broken += 1
                    lines[number] = line[: match.start()] + word
                    lines[number + 1] = lines[number + 1][tail.end() :]
        words = {word for line in lines for word in LONE_WORD.findall(line)}
        unknown = sorted(word for word in words if word.lower() not in known)
        assert not unknown, (name, lang, unknown)  # a piece of a word cut without a hyphen would be here
    assert broken  # the papers' narrow columns do break words
