"""Every message of the source is translated into Kyrgyz and Russian, with the same placeholders, and the
document fonts can print every character the translations and the built-in profile use."""

from __future__ import annotations

import ast
import re
import string
from importlib import resources
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from reportlab.pdfbase.ttfonts import TTFont

from osgo_desktop import i18n
from osgo_desktop.domain.profile import LAW_2014
from osgo_desktop.fonts import font_file

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}


def source_messages() -> set[str]:
    found: set[str] = set()
    for package in ("osgo_desktop", "ui"):
        for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT / package, method_map=[("**.py", "python")], keywords=KEYWORDS
        ):
            found.add(message[0] if isinstance(message, tuple) else message)
    return found


def literal_calls() -> set[str]:
    """Every literal message passed to _, N_, gettext or ngettext, found by the parser itself — also inside
    f-strings, where Babel's extractor does not look."""
    found: set[str] = set()
    for package in ("osgo_desktop", "ui"):
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Call) or not node.args:
                    continue
                func = node.func
                name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
                if name in KEYWORDS and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                    found.add(node.args[0].value)
    return found


def test_babel_extracts_every_message_in_the_source() -> None:
    # A message Babel cannot see (inside an f-string) would never reach the catalogues.
    assert sorted(literal_calls() - source_messages()) == []


def catalog(lang: str):  # type: ignore[no-untyped-def]
    path = resources.files("resources").joinpath("locale", lang, "LC_MESSAGES", "osgo.po")
    with path.open("rb") as handle:
        return read_po(handle, locale=lang)


def placeholders(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None}


@pytest.mark.parametrize("lang", ["ky", "ru"])
def test_every_source_message_is_translated(lang: str) -> None:
    cat = catalog(lang)
    translated = {
        (m.id[0] if isinstance(m.id, tuple) else m.id): m
        for m in cat
        if m.id and not m.fuzzy and (all(m.string) if isinstance(m.string, tuple) else m.string)
    }
    missing = sorted(source_messages() - set(translated))
    assert missing == [], f"{lang}: untranslated (run tools/catalogs.py, then translate): {missing}"


@pytest.mark.parametrize("lang", ["ky", "ru"])
def test_translations_keep_placeholders_and_markup(lang: str) -> None:
    problems = []
    for message in catalog(lang):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = set().union(*(placeholders(i) for i in ids))
        for text in strings:
            if placeholders(text) != expected:
                problems.append((ids[0], text))
            if re.findall(r"</?\w+", ids[0]) and sorted(re.findall(r"</?\w+", text)) != sorted(
                re.findall(r"</?\w+", ids[0])
            ):
                problems.append((ids[0], text))
            if re.search(r"&\w", ids[0]) and "&" not in text:  # a menu mnemonic
                problems.append((ids[0], text))
    assert problems == []


def test_the_ui_speaks_each_language() -> None:
    i18n.set_language("ru")
    assert i18n._("Competitions") == "Конкурсы"
    i18n.set_language("ky")
    assert i18n._("Competitions") == "Конкурстар"
    assert i18n.ngettext("{count} day left", "{count} days left", 5).format(count=5).startswith("5")
    i18n.set_language("en")
    assert i18n._("Competitions") == "Competitions"


def test_dates_in_each_language() -> None:
    import datetime as dt

    day = dt.date(2026, 12, 3)
    assert i18n.format_date(day, "ru") == "3 декабря 2026\u00a0г."
    assert i18n.format_date(day, "ky") == "2026-жылдын 3-декабры"  # the official form, not CLDR's "2026-ж., 3-декабрь"
    assert i18n.format_date(day, "ky", "numeric") == "03.12.2026"
    assert i18n.format_date(None, "ru") == "—"


def test_the_document_fonts_carry_every_character_we_print() -> None:
    texts: list[str] = []
    for lang in ("ky", "ru"):
        for message in catalog(lang):
            if message.id:
                texts.extend(message.string if isinstance(message.string, tuple) else (message.string,))
        texts.append(LAW_2014.to_json())
        texts.append(i18n.format_date(__import__("datetime").date(2026, 12, 3), lang))
    used = {c for text in texts for c in text if not c.isspace() or c == "\u00a0"}
    for family in ("PT Serif", "PT Sans"):
        for style in ("Regular", "Bold"):
            face = TTFont("probe", str(font_file(family, style))).face
            lacking = sorted(c for c in used if ord(c) not in face.charToGlyph)
            assert lacking == [], f"{family} {style} lacks {lacking}"


def test_a_thread_can_speak_another_language_for_a_document() -> None:
    import threading

    i18n.set_language("ru")
    seen: list[str] = []

    def render() -> None:
        with i18n.language("ky"):
            seen.append(i18n._("Competitions"))
        seen.append(i18n._("Competitions"))

    worker = threading.Thread(target=render)
    worker.start()
    with i18n.language("en"):
        seen.append(i18n._("Competitions"))
    worker.join()
    assert sorted(seen) == sorted(["Конкурстар", "Конкурсы", "Competitions"])
    assert i18n._("Competitions") == "Конкурсы"  # the UI's language is untouched
