"""Kyrgyz alphabetical ordering."""

from __future__ import annotations

import random
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from osgo_desktop.domain.collation import kyrgyz_sort_key

ALPHABET = list("АБВГДЕЁЖЗИЙКЛМНҢОӨПРСТУҮФХЦЧШЩЪЫЬЭЮЯ")  # written out here, not imported


def ksorted(words: list[str]) -> list[str]:
    return sorted(words, key=kyrgyz_sort_key)


def test_the_36_letters_sort_in_alphabet_order_whatever_the_input_order() -> None:
    shuffled = ALPHABET[:]
    random.Random(7).shuffle(shuffled)
    assert ksorted(shuffled) == ALPHABET
    assert ksorted([letter.lower() for letter in reversed(ALPHABET)]) == [letter.lower() for letter in ALPHABET]


def test_kyrgyz_letters_sit_where_code_points_would_not_put_them() -> None:
    # By code point Ё (U+0401) comes before А and Ң, Ө, Ү (U+04A2..U+04E9) after Я.
    assert ksorted(["Жолдош", "Ёлдош", "Ешмат"]) == ["Ешмат", "Ёлдош", "Жолдош"]
    assert ksorted(["Осмон", "Ногой", "Ңа", "Нуржан"]) == ["Ногой", "Нуржан", "Ңа", "Осмон"]
    assert ksorted(["Пак", "Өмүров", "Орозов"]) == ["Орозов", "Өмүров", "Пак"]
    assert ksorted(["Фаиза", "Үсөн", "Урмат"]) == ["Урмат", "Үсөн", "Фаиза"]


def test_case_is_ignored() -> None:
    assert kyrgyz_sort_key("асанов ө") == kyrgyz_sort_key("АСАНОВ Ө")
    assert ksorted(["бакыт", "Асан", "АЙбек"]) == ["АЙбек", "Асан", "бакыт"]
    assert ksorted(["өмүр", "Орозбек"]) == ["Орозбек", "өмүр"]


def test_a_space_comes_before_any_letter() -> None:
    assert ksorted(["Асанова", "Асан Уулу"]) == ["Асан Уулу", "Асанова"]
    assert ksorted(["Ак Ж", "Ака"]) == ["Ак Ж", "Ака"]


def test_a_prefix_comes_before_its_extensions() -> None:
    assert ksorted(["Анара", "Ана", "Ан"]) == ["Ан", "Ана", "Анара"]


def test_other_characters_follow_the_letters_by_code_point() -> None:
    assert ksorted(["A", "Я", "1", "-", "Ә"]) == ["Я", "-", "1", "A", "Ә"]
    # Among themselves by code point: "Z" (U+005A) before "a" (U+0061), Latin case is not folded.
    assert ksorted(["a", "Z", "б"]) == ["б", "Z", "a"]
    assert ksorted(["Ая", "Аz", "А-"]) == ["Ая", "А-", "Аz"]


def test_decomposed_letters_sort_as_the_composed_ones() -> None:
    assert kyrgyz_sort_key("Е\u0308рмек") == kyrgyz_sort_key("Ёрмек")
    assert kyrgyz_sort_key("И\u0306") == kyrgyz_sort_key("Й")


def test_the_empty_string_comes_first() -> None:
    assert ksorted(["А", "", " "]) == ["", " ", "А"]


letters = st.sampled_from(ALPHABET + [letter.lower() for letter in ALPHABET])
words = st.text(alphabet=st.sampled_from(ALPHABET + [letter.lower() for letter in ALPHABET] + [" "]), max_size=6)


@settings(max_examples=200, deadline=None)
@given(prefix=words, x=letters, y=letters, tail_x=words, tail_y=words)
def test_the_first_differing_letter_decides(prefix: str, x: str, y: str, tail_x: str, tail_y: str) -> None:
    a, b = prefix + x + tail_x, prefix + y + tail_y
    rank_x, rank_y = ALPHABET.index(x.upper()), ALPHABET.index(y.upper())
    if rank_x < rank_y:
        assert kyrgyz_sort_key(a) < kyrgyz_sort_key(b)
    elif rank_x > rank_y:
        assert kyrgyz_sort_key(a) > kyrgyz_sort_key(b)


@settings(max_examples=200, deadline=None)
@given(prefix=words, x=letters, tail_x=words, tail_space=words)
def test_a_space_beats_every_letter_at_the_same_place(prefix: str, x: str, tail_x: str, tail_space: str) -> None:
    assert kyrgyz_sort_key(prefix + " " + tail_space) < kyrgyz_sort_key(prefix + x + tail_x)


@settings(max_examples=200, deadline=None)
@given(word=words)
def test_upper_and_lower_case_give_the_same_key(word: str) -> None:
    assert kyrgyz_sort_key(word.upper()) == kyrgyz_sort_key(word.lower())


def reference_key(text: str) -> list[tuple[int, int]]:
    """The rule written out plainly: a space, then the letters in order, then anything else by code point."""
    key = []
    for char in unicodedata.normalize("NFC", text):
        if char == " ":
            key.append((0, 0))
        elif char in LETTERS:
            key.append((1, ALPHABET.index(char.upper())))
        else:
            key.append((2, ord(char)))
    return key


LETTERS = set(ALPHABET) | {letter.lower() for letter in ALPHABET}
mixed = st.text(
    alphabet=st.sampled_from(ALPHABET[:6]) | st.sampled_from(" -1AzÉӘ%\x00\t") | st.characters(),
    max_size=6,
)


@settings(max_examples=200, deadline=None)
@given(a=mixed, b=mixed)
def test_any_two_texts_compare_as_the_plain_rule_says(a: str, b: str) -> None:
    key_a, key_b = kyrgyz_sort_key(a), kyrgyz_sort_key(b)
    ref_a, ref_b = reference_key(a), reference_key(b)
    assert (key_a < key_b) == (ref_a < ref_b)
    assert (key_a == key_b) == (ref_a == ref_b)
