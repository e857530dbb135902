"""Where a word may be broken at a line's end: Kyrgyz by its syllables, Russian and English by their dictionaries."""

from __future__ import annotations

import pytest

from osgo_desktop.reports.hyphenation import (
    MIN_PART,
    break_points,
    hyphenate,
    hyphenation_pairs,
    kyrgyz_syllables,
)


@pytest.mark.parametrize(
    ("word", "syllables"),
    [
        ("катталган", "кат-тал-ган"),  # CVC-CVC-CVC: of two consonants the second opens the next syllable
        ("ыйгарым", "ый-га-рым"),  # VC-CV-CVC
        ("көрсөткүч", "көр-сөт-күч"),  # ө and ү are vowels
        ("тандоо", "тан-доо"),  # a long vowel is one
        ("шайлоо", "шай-лоо"),
        ("берүүнүн", "бе-рүү-нүн"),
        ("кеңештердин", "ке-ңеш-тер-дин"),  # ң is a consonant
        ("айтты", "айт-ты"),  # CVCC: the syllable keeps two, the third opens the next
        ("Акыйкатчы", "А-кый-кат-чы"),
        ("комиссиясынын", "ко-мис-си-я-сы-нын"),  # two vowels side by side: two syllables
        ("Кыргызстан", "Кыр-гыз-стан"),  # a Russian cluster opens a syllable whole
        ("электрондук", "э-лек-трон-дук"),
        ("министрлиги", "ми-нистр-ли-ги"),  # ...but never leaves a syllable open before it with none
        ("подъезд", "подъ-езд"),  # the hard and soft signs stay with their consonant
        ("КРдин", "КРдин"),  # no vowel between: one piece
    ],
)
def test_kyrgyz_syllables_of_real_words(word: str, syllables: str) -> None:
    assert "-".join(kyrgyz_syllables(word)) == syllables


@pytest.mark.parametrize(
    ("word", "lang", "hyphenated"),
    [
        ("катталган", "ky", "кат-тал-ган"),
        ("ыйгарым", "ky", "ый-га-рым"),
        ("Акыйкатчы", "ky", "Акый-кат-чы"),  # never one letter alone at a line's end...
        ("комиссиясынын", "ky", "ко-мис-си-я-сы-нын"),
        ("Версиясы", "ky", "Вер-си-я-сы"),
        ("айыл", "ky", "айыл"),  # ...or its start
        ("зарегистрировано", "ru", "за-ре-ги-стри-ро-ва-но"),  # Russian by the dictionary
        ("голосования", "ru", "го-ло-со-ва-ния"),
        ("көрсөткүч", "ru", "көр-сөт-күч"),  # a Kyrgyz word in a Russian document: by its syllables
        ("коомдук", "ru", "коом-дук"),  # a doubled long vowel marks Kyrgyz too
        ("fingerprint", "ky", "fin-ger-print"),  # Latin by the English dictionary
        ("ОСГО", "ru", "ОСГО"),  # an abbreviation is never broken
        ("КРнын", "ky", "КРнын"),
        ("2026/04", "ky", "2026/04"),  # nor anything but letters
        ("Ала-Тоо", "ky", "Ала-Тоо"),  # after its own hyphen (and "Тоо" is too short)
    ],
)
def test_break_points(word: str, lang: str, hyphenated: str) -> None:
    assert hyphenate(word, lang) == hyphenated


def test_a_word_with_hyphens_breaks_after_them_and_inside_its_parts() -> None:
    assert break_points("Ала-Тоо", "ky") == [4]
    assert hyphenate("кабыл-алынган", "ky") == "ка-был-алын-ган"


@pytest.mark.parametrize(
    "word", ["катталган", "зарегистрировано", "Республикасынын", "мүчөлөрүнүн", "общественного", "Desktop"]
)
@pytest.mark.parametrize("lang", ["ky", "ru"])
def test_no_part_is_shorter_than_two_letters_and_the_longest_head_comes_first(word: str, lang: str) -> None:
    pairs = hyphenation_pairs(word, lang)
    assert pairs
    for head, tail in pairs:
        assert head + tail == word
        assert len(head) >= MIN_PART and len(tail) >= MIN_PART
    assert [len(head) for head, _ in pairs] == sorted((len(head) for head, _ in pairs), reverse=True)


def test_a_document_never_breaks_a_name() -> None:
    from osgo_desktop.reports.hyphenation import DOCUMENT_HYPHENATOR, hyphenating

    with hyphenating("ru"):
        assert DOCUMENT_HYPHENATOR("зарегистрировано")  # a common word breaks where the dictionary allows
        assert DOCUMENT_HYPHENATOR("Эрнисович") == () and DOCUMENT_HYPHENATOR("Аппараты") == ()
    with hyphenating("ky"):
        assert DOCUMENT_HYPHENATOR("катталган") and DOCUMENT_HYPHENATOR("Кубатовна") == ()
