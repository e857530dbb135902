"""Where a word of a document may be broken at a line's end: Kyrgyz by its syllables, Russian and English by the
hyphenation dictionaries of pyphen (those of LibreOffice).

A word is only ever broken at one of these places, and the line then ends with a hyphen; a word with no place
that fits stays whole (see the house styles in :mod:`osgo_desktop.reports.layout`, which turn reportlab's own
hyphen-less splitting of long words off).

Kyrgyz syllables are V, CV, VC, CVC, VCC and CVCC: a syllable has one vowel (a long vowel, written doubled — аа,
ээ, оо, өө, уу, үү — is one), a consonant between two vowels opens the next syllable (ка-ты), and of two or more
consonants between vowels only the last does (кат-тал-ган, айт-ты, көр-сөт-күч). Russian loanwords keep a
cluster that can open a syllable together (элек-трон, Кыргыз-стан), the soft and hard signs stay with the
consonant before them, and no break leaves a single letter at a line's end or start.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from itertools import pairwise
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    import pyphen

#: the fewest letters a broken word leaves at a line's end and carries to the next line
MIN_PART: Final = 2

_VOWELS: Final = frozenset("аеёиоуыэюяөү")
#: the Kyrgyz long vowels, written doubled: one syllable's vowel, never broken
_LONG_VOWELS: Final = frozenset("аэоөуү")
#: never open a line: they belong to the consonant before them
_SIGNS: Final = frozenset("ьъ")
#: letters only Kyrgyz writes: a word with one of them is Kyrgyz in any document
_KYRGYZ_LETTERS: Final = frozenset("ңөү")
#: long vowels that Russian hardly ever writes: a word with one is Kyrgyz too (коомдук, шайлоо)
_KYRGYZ_DOUBLES: Final = ("аа", "оо", "уу", "ээ")
_CYRILLIC: Final = frozenset("абвгдеёжзийклмнопрстуфхцчшщъыьэюяңөү")
_LATIN: Final = frozenset("abcdefghijklmnopqrstuvwxyz")

#: consonant clusters that open a syllable in Russian loanwords (элек-трон, Кыргыз-стан, ми-нистр-лик): of the
#: consonants between two vowels the longest of these at their end opens the next syllable, as long as one is left
#: to close the syllable before
_ONSETS: Final = frozenset(
    "бл бр вл вр гл гр дв др жд зв зд зл зм зн зр кв кл кр кс кт мн пл пр пс пт св ск скв скр сл см сн сп спр ст "  # noqa: SIM905
    "стр сх сц тв тр фл фр хв хл хр шк шт".split()
)

#: pyphen's dictionary for each language of a document; a Kyrgyz word is hyphenated by its syllables instead
_DICTIONARIES: Final = {"ru": "ru_RU", "en": "en_US"}


def kyrgyz_syllables(word: str) -> list[str]:
    """``word`` cut into its syllables by the Kyrgyz rules (a word without a vowel is one "syllable")."""
    cuts = _kyrgyz_cuts(word)
    bounds = [0, *cuts, len(word)]
    return [word[start:end] for start, end in pairwise(bounds)]


def _kyrgyz_cuts(word: str) -> list[int]:
    """The syllable boundaries of ``word`` (indexes into it), all of them, single letters included."""
    lower = word.lower()
    nuclei: list[tuple[int, int]] = []  # each vowel's [start, end): a long vowel is two letters
    index = 0
    while index < len(lower):
        letter = lower[index]
        if letter in _VOWELS:
            end = index + 1
            if end < len(lower) and lower[end] == letter and letter in _LONG_VOWELS:
                end += 1
            nuclei.append((index, end))
            index = end
        else:
            index += 1
    cuts: list[int] = []
    for (_, closed), (opened, _) in pairwise(nuclei):
        cluster = lower[closed:opened]
        consonants = len(cluster)
        if consonants == 0:  # two vowels: си-я, ко-ом (not a long vowel)
            cuts.append(opened)
            continue
        # the last consonant opens the next syllable, or the longest onset cluster that leaves one to close this one
        onset = 1
        for length in range(consonants - 1, 1, -1):
            if cluster[-length:] in _ONSETS:
                onset = length
                break
        cut = opened - onset
        while cut < opened and lower[cut] in _SIGNS:  # подъ-езд, not под-ъезд
            cut += 1
        cuts.append(cut)
    return cuts


@cache
def _dictionary(name: str) -> pyphen.Pyphen:
    import pyphen  # loaded with the first document that needs it

    return pyphen.Pyphen(lang=name, left=MIN_PART, right=MIN_PART)


def _script_of(word: str) -> str | None:
    """``"cyrillic"`` or ``"latin"`` for a word of letters of one alphabet, ``None`` for anything else."""
    letters = set(word.lower())
    if letters <= _CYRILLIC:
        return "cyrillic"
    if letters <= _LATIN:
        return "latin"
    return None


def _looks_kyrgyz(lower: str) -> bool:
    return not _KYRGYZ_LETTERS.isdisjoint(lower) or any(double in lower for double in _KYRGYZ_DOUBLES)


def break_points(word: str, lang: str) -> list[int]:
    """Where ``word`` may be broken, with a hyphen, in a document in ``lang`` (indexes into the word, ascending).

    A Kyrgyz word (in a Kyrgyz document, or one that has a letter only Kyrgyz writes or a doubled long vowel:
    Чүй, коомдук) by its syllables; any other Cyrillic word by the Russian dictionary; a Latin one by the English
    dictionary. A word with more than one capital (an abbreviation: КРдин, ОСГО) or with anything but letters is
    not broken, nor is a part shorter than :data:`MIN_PART` letters left on either side. A word that already has
    hyphens may also break after each of them (Ала-|Тоо), and its parts by the rules above.
    """
    if "-" in word:
        points: list[int] = []
        offset = 0
        parts = word.split("-")
        for number, part in enumerate(parts):
            points += [offset + point for point in break_points(part, lang)]
            offset += len(part) + 1
            if number < len(parts) - 1 and part and parts[number + 1]:
                points.append(offset)  # after the hyphen itself: the line ends with it, nothing is added
        return points
    script = _script_of(word)
    if script is None or len(word) < 2 * MIN_PART or sum(letter.isupper() for letter in word) > 1:
        return []
    if script == "latin":
        candidates = _dictionary(_DICTIONARIES["en"]).positions(word)
    elif lang == "ky" or _looks_kyrgyz(word.lower()):
        candidates = _kyrgyz_cuts(word)
    else:
        candidates = _dictionary(_DICTIONARIES.get(lang, "ru_RU")).positions(word)
    return [point for point in candidates if MIN_PART <= point <= len(word) - MIN_PART]


def hyphenate(word: str, lang: str, hyphen: str = "-") -> str:
    """``word`` with ``hyphen`` at every place it may be broken (for tests and for reading: "кат-тал-ган")."""
    bounds = [0, *break_points(word, lang), len(word)]
    parts = [word[start:end] for start, end in pairwise(bounds)]
    return "".join(part if part.endswith("-") else part + hyphen for part in parts[:-1]) + parts[-1]


def hyphenation_pairs(word: str, lang: str) -> list[tuple[str, str]]:
    """Every (head, tail) ``word`` may be broken into, the longest head first: what reportlab asks a hyphenator
    for, trying each in turn until the head (and the hyphen it adds, unless the head ends with one) fits."""
    return [(word[:point], word[point:]) for point in reversed(break_points(word, lang))]


#: the language of the document being laid out (see :func:`hyphenating`)
_document_lang: ContextVar[str | None] = ContextVar("document_lang", default=None)


@contextmanager
def hyphenating(lang: str) -> Iterator[None]:
    """Lay out in ``lang``: the house styles' :data:`DOCUMENT_HYPHENATOR` breaks words by its rules meanwhile.

    :func:`osgo_desktop.reports.layout.render` lays out every document in its language; measuring a flowable
    outside it (``wrap`` before the story is built) needs this too, or no word is broken.
    """
    token = _document_lang.set(lang)
    try:
        yield
    finally:
        _document_lang.reset(token)


class DocumentHyphenator:
    """The hyphenator of the house styles (reportlab's ``hyphenationLang`` may be a callable): it breaks a word by
    the rules of the language of the document being laid out, so a style needs no language of its own and every
    style derived from the house ones hyphenates in the document's language. A word that begins with a capital
    is never broken (names of people, offices and places print whole), except by :data:`HEADING_HYPHENATOR`."""

    def __init__(self, names_whole: bool = True) -> None:
        self.names_whole = names_whole

    def __call__(self, word: str) -> Sequence[tuple[str, str]]:
        lang = _document_lang.get()
        if lang is None or (self.names_whole and word[:1].isupper()):
            # A capitalised word is a name as often as not — a person's, an office's (Аппараты), a place's: a
            # protocol prints names whole, and the line breaks before them instead.
            return ()
        return hyphenation_pairs(word, lang)

    def __repr__(self) -> str:
        return f"DocumentHyphenator(names_whole={self.names_whole})"


DOCUMENT_HYPHENATOR: Final = DocumentHyphenator()
#: a table's column headings hold no names, and a narrow column's heading ("Зарегистрировано") must break
HEADING_HYPHENATOR: Final = DocumentHyphenator(names_whole=False)
