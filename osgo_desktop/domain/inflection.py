"""The forms a state body's official name takes inside a document's sentence: the Kyrgyz genitive ("Саламаттык сактоо
министрлигинин алдындагы …") and the Russian prepositional ("при Министерстве здравоохранения …").

Small rules for the shapes official names have, not a general morphology: the Kyrgyz genitive suffix follows the
last word's vowel harmony and final sound; the Russian prepositional inflects the leading adjectives and the head
noun and leaves the rest (its genitive complements) as they are. Where a Russian name has a shape the rules do not
know, :func:`russian_prepositional` says so (None) and the caller words the sentence without inflecting it.
"""

from __future__ import annotations

import re
from typing import Final

_BACK_UNROUNDED: Final = "аыя"
_FRONT_UNROUNDED: Final = "еэи"
_BACK_ROUNDED: Final = "оуёю"
_FRONT_ROUNDED: Final = "өү"
_VOWELS: Final = _BACK_UNROUNDED + _FRONT_UNROUNDED + _BACK_ROUNDED + _FRONT_ROUNDED
_VOICELESS: Final = "кпстфхцчшщ"


def _harmony(word: str) -> str:
    """The vowel the Kyrgyz suffix takes after ``word``: ы, и, у or ү, by its last vowel."""
    for letter in reversed(word.lower()):
        if letter in _BACK_UNROUNDED:
            return "ы"
        if letter in _FRONT_UNROUNDED:
            return "и"
        if letter in _BACK_ROUNDED:
            return "у"
        if letter in _FRONT_ROUNDED:
            return "ү"
    return "ы"


def kyrgyz_genitive(name: str) -> str:
    """``name`` in the genitive: "Кыргыз Республикасынын Саламаттык сактоо министрлиги" → "… министрлигинин"."""
    name = name.rstrip()
    match = re.search(r"([А-Яа-яЁёӨөҮүҢң]+)$", name)
    if match is None:  # ends in a quote or a figure: the suffix joins with a hyphen, as Kyrgyz writes it
        return f"{name}-{'нын'}"
    word = match.group(1)
    vowel = _harmony(word)
    last = word[-1].lower()
    if last in _VOWELS:
        consonant = "н"
    elif last in _VOICELESS:
        consonant = "т"
    else:
        consonant = "д"
    return f"{name}{consonant}{vowel}н"


_ADJECTIVE_ENDINGS: Final = (
    ("ский", "ском"),
    ("цкий", "цком"),
    ("ый", "ом"),
    ("ой", "ом"),
    ("ий", "ем"),
    ("ая", "ой"),
    ("яя", "ей"),
    ("ое", "ом"),
    ("ее", "ем"),
)
#: nouns that do not decline
_INDECLINABLE: Final = frozenset({"бюро"})


def _noun_prepositional(word: str) -> str | None:
    lower = word.lower()
    if lower in _INDECLINABLE:
        return word
    for ending, replacement in (("ие", "ии"), ("ия", "ии"), ("о", "е"), ("е", "е"), ("а", "е"), ("я", "е"), ("й", "е")):
        if lower.endswith(ending):
            return word[: len(word) - len(ending)] + replacement
    if lower[-1] in "бвгдзклмнпрстфхцчшщж":
        return word + "е"
    return None  # a soft sign or a shape the rules do not know: masculine or feminine cannot be told


def russian_prepositional(name: str) -> str | None:
    """``name`` in the prepositional case ("Министерство здравоохранения Кыргызской Республики" → "Министерстве
    здравоохранения Кыргызской Республики"), or None when its shape is not one the rules know."""
    words = name.split(" ")
    out: list[str] = []
    for index, word in enumerate(words):
        if not re.fullmatch(r"[А-Яа-яЁё-]+", word) or (len(word) > 1 and word.isupper()):
            return None  # a figure, a quote, an abbreviation: nothing to decline by these rules
        lower = word.lower()
        adjective = next((r for e, r in _ADJECTIVE_ENDINGS if lower.endswith(e) and len(lower) > len(e) + 2), None)
        if adjective is not None and index + 1 < len(words):
            ending = next(e for e, r in _ADJECTIVE_ENDINGS if lower.endswith(e))
            out.append(word[: len(word) - len(ending)] + adjective)
            continue
        noun = _noun_prepositional(word)
        if noun is None:
            return None
        return " ".join([*out, noun, *words[index + 1 :]])
    return None


def after_pri(name: str) -> str:
    """The Russian words after "при" for a state body named ``name``: declined where the rules know its shape,
    else named in quotes after "государственном органе" (correct for any name, if less usual)."""
    declined = russian_prepositional(name)
    return declined if declined is not None else f"государственном органе «{name}»"
