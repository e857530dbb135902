"""Whole numbers in words, as a protocol writes a figure twice ("15 (он беш)") so that nobody can alter it.

Russian and English come from num2words; Kyrgyz has no such library, so it is spelt here. How Kyrgyz is spelt:

* a number is said from the largest part down, each part a multiplier and its word: 2026 = "эки миң жыйырма алты",
  123 = "жүз жыйырма үч", 11 = "он бир", 40 = "кырк";
* 100 and 1000 alone are "жүз" and "миң", without "бир" ("жүз жыйырма үч", "миң тогуз жүз"), as they are said and
  as Kyrgyz official texts write them; every other multiplier is said ("эки жүз", "бир миллион");
* a million and more take "бир" too ("бир миллион"): "миллион" alone is not said for a count;
* 0 is "нөл".
"""

from __future__ import annotations

from typing import Final

#: the largest number spelt (the speller's words go up to milliards)
LIMIT: Final = 999_999_999_999

_KY_UNITS: Final = ("", "бир", "эки", "үч", "төрт", "беш", "алты", "жети", "сегиз", "тогуз")
_KY_TENS: Final = ("", "он", "жыйырма", "отуз", "кырк", "элүү", "алтымыш", "жетимиш", "сексен", "токсон")
#: (value, word, whether 1 of it is said as "бир <word>")
_KY_SCALES: Final = ((1_000_000_000, "миллиард", True), (1_000_000, "миллион", True), (1000, "миң", False))


def _ky_below_thousand(n: int) -> list[str]:
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds:
        words += ["жүз"] if hundreds == 1 else [_KY_UNITS[hundreds], "жүз"]
    if tens:
        words.append(_KY_TENS[tens])
    if units:
        words.append(_KY_UNITS[units])
    return words


def kyrgyz(n: int) -> str:
    """``n`` in Kyrgyz words (see the module's docstring)."""
    _check(n)
    if n == 0:
        return "нөл"
    words: list[str] = []
    rest = n
    for value, word, say_one in _KY_SCALES:
        count, rest = divmod(rest, value)
        if count:
            words += [word] if count == 1 and not say_one else [*_ky_below_thousand(count), word]
    words += _ky_below_thousand(rest)
    return " ".join(words)


def _check(n: int) -> None:
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"a whole number, not {n!r}")
    if not 0 <= n <= LIMIT:
        raise ValueError(f"{n} is out of 0..{LIMIT}")


def in_words(n: int, lang: str) -> str:
    """``n`` (0 ≤ n ≤ :data:`LIMIT`) in words in ``lang`` ("ky", "ru", "en"): the masculine form in Russian, which
    goes with what protocols count (голоса, бюллетени, члены)."""
    _check(n)
    if lang == "ky":
        return kyrgyz(n)
    if lang not in ("ru", "en"):
        raise ValueError(f"no words for numbers in {lang!r}")
    from num2words import num2words  # only when a protocol is made: the CLI's light commands never load it

    return str(num2words(n, lang=lang))


def figure(n: int, lang: str) -> str:
    """The figure and its words, as a protocol prints a count: "15 (он беш)"."""
    return f"{n} ({in_words(n, lang)})"
