"""Figures in words: the Kyrgyz speller up to 100,000 (spot values, and every number read back), Russian and English
through num2words."""

from __future__ import annotations

import pytest

from osgo_desktop.domain.numwords import LIMIT, figure, in_words, kyrgyz

UNITS = {"бир": 1, "эки": 2, "үч": 3, "төрт": 4, "беш": 5, "алты": 6, "жети": 7, "сегиз": 8, "тогуз": 9}
TENS = {
    "он": 10,
    "жыйырма": 20,
    "отуз": 30,
    "кырк": 40,
    "элүү": 50,
    "алтымыш": 60,
    "жетимиш": 70,
    "сексен": 80,
    "токсон": 90,
}
SCALES = {"миң": 1000, "миллион": 1_000_000, "миллиард": 1_000_000_000}


def read_back(text: str) -> int:
    """A Kyrgyz number in words read as a listener would: an independent check of the speller."""
    if text == "нөл":
        return 0
    total = group = 0
    for word in text.split(" "):
        if word in UNITS:
            group += UNITS[word]
        elif word in TENS:
            group += TENS[word]
        elif word == "жүз":
            group = (group or 1) * 100
        elif word in SCALES:
            total += (group or 1) * SCALES[word]
            group = 0
        else:
            raise AssertionError(f"{word!r} is no Kyrgyz number word")
    return total + group


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "нөл"),
        (1, "бир"),
        (10, "он"),
        (11, "он бир"),
        (15, "он беш"),
        (19, "он тогуз"),
        (20, "жыйырма"),
        (40, "кырк"),
        (50, "элүү"),
        (99, "токсон тогуз"),
        (100, "жүз"),
        (101, "жүз бир"),
        (123, "жүз жыйырма үч"),
        (200, "эки жүз"),
        (999, "тогуз жүз токсон тогуз"),
        (1000, "миң"),
        (1001, "миң бир"),
        (1991, "миң тогуз жүз токсон бир"),
        (2000, "эки миң"),
        (2026, "эки миң жыйырма алты"),
        (10_000, "он миң"),
        (15_015, "он беш миң он беш"),
        (100_000, "жүз миң"),
        (101_000, "жүз бир миң"),
        (1_000_000, "бир миллион"),
        (2_100_000, "эки миллион жүз миң"),
    ],
)
def test_kyrgyz_spot_values(number: int, words: str) -> None:
    assert kyrgyz(number) == words
    assert in_words(number, "ky") == words


def test_every_kyrgyz_number_up_to_a_hundred_thousand_reads_back_and_is_spelt_once() -> None:
    seen: set[str] = set()
    for number in range(100_001):
        words = kyrgyz(number)
        assert read_back(words) == number, (number, words)
        assert words == words.strip() and "  " not in words
        # "нөл" only alone; one hundred and one thousand without "бир" (see the module's docstring)
        assert number == 0 or "нөл" not in words.split()
        assert not words.startswith(("бир жүз", "бир миң"))
        seen.add(words)
    assert len(seen) == 100_001


@pytest.mark.parametrize(
    ("number", "lang", "words"),
    [
        (0, "ru", "ноль"),
        (1, "ru", "один"),
        (15, "ru", "пятнадцать"),
        (123, "ru", "сто двадцать три"),
        (2026, "ru", "две тысячи двадцать шесть"),
        (15, "en", "fifteen"),
    ],
)
def test_russian_and_english_through_num2words(number: int, lang: str, words: str) -> None:
    assert in_words(number, lang) == words


def test_a_figure_prints_with_its_words() -> None:
    assert figure(15, "ky") == "15 (он беш)"
    assert figure(15, "ru") == "15 (пятнадцать)"


@pytest.mark.parametrize("bad", [-1, LIMIT + 1])
def test_out_of_range_is_refused(bad: int) -> None:
    with pytest.raises(ValueError):
        in_words(bad, "ky")


def test_only_whole_numbers() -> None:
    with pytest.raises(TypeError):
        in_words(True, "ky")
    with pytest.raises(ValueError):
        in_words(1, "de")
