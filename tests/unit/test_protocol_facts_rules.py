"""The rules of what is entered for a protocol, the term computed from the formation date, and the forms a state
body's name takes in a decision's sentence."""

from __future__ import annotations

import datetime as dt

import pytest

from osgo_desktop.domain.inflection import after_pri, kyrgyz_genitive, russian_prepositional
from osgo_desktop.domain.protocol_facts import (
    FactsContext,
    ProtocolFactsDraft,
    facts_errors,
    facts_warnings,
    term_end,
)
from osgo_desktop.domain.record import ProtocolKind

VOTED = dt.date(2026, 11, 23)
DECISION = FactsContext(ProtocolKind.DECISION, 15, VOTED, dt.date(2026, 12, 6), 7)


def test_times_and_texts_are_optional_for_a_round_and_read_in_order() -> None:
    vote = FactsContext(ProtocolKind.VOTE, 15, VOTED)
    assert facts_errors(ProtocolFactsDraft(), vote) == {}
    assert facts_errors(ProtocolFactsDraft(vote_began="10:00", count_ended="12:00", objections="x"), vote) == {}
    assert set(facts_errors(ProtocolFactsDraft(vote_began="10:00", vote_ended="09:59"), vote)) == {"vote_ended"}
    assert set(facts_errors(ProtocolFactsDraft(vote_began="10:00", count_began="09:00"), vote)) == {"count_began"}


def test_the_decision_needs_its_date_and_a_vote_that_fits_the_room() -> None:
    good = ProtocolFactsDraft(formation_date=VOTED, votes_for=15, votes_against=0, votes_abstained=0)
    assert facts_errors(good, DECISION) == {}
    assert set(facts_errors(ProtocolFactsDraft(), DECISION)) == {
        "formation_date",
        "votes_for",
        "votes_against",
        "votes_abstained",
    }
    too_many = ProtocolFactsDraft(formation_date=VOTED, votes_for=15, votes_against=1, votes_abstained=0)
    assert set(facts_errors(too_many, DECISION)) == {"votes"}
    assert facts_warnings(good, DECISION) == []
    late = ProtocolFactsDraft(formation_date=dt.date(2026, 12, 7), votes_for=5, votes_against=5, votes_abstained=5)
    assert len(facts_warnings(late, DECISION)) == 2  # after the legal calendar's date; not a majority for it


@pytest.mark.parametrize(
    ("start", "years", "end"),
    [
        (dt.date(2026, 12, 10), 2, dt.date(2028, 12, 9)),
        (dt.date(2026, 1, 1), 5, dt.date(2030, 12, 31)),
        (dt.date(2028, 2, 29), 2, dt.date(2030, 2, 27)),  # 28 February is the anniversary: the day before it ends it
    ],
)
def test_a_term_ends_the_day_before_its_anniversary(start: dt.date, years: int, end: dt.date) -> None:
    assert term_end(start, years) == end


@pytest.mark.parametrize(
    ("name", "genitive"),
    [
        (
            "Кыргыз Республикасынын Саламаттык сактоо министрлиги",
            "Кыргыз Республикасынын Саламаттык сактоо министрлигинин",
        ),
        ("Мамлекеттик кадр кызматы", "Мамлекеттик кадр кызматынын"),
        ("Жогорку Кеңеш", "Жогорку Кеңештин"),
        ("Улуттук банк", "Улуттук банктын"),
        ("Борбор", "Борбордун"),
        ("Бюро", "Бюронун"),
        ("Өкмөт үйү", "Өкмөт үйүнүн"),
    ],
)
def test_the_kyrgyz_genitive_follows_vowel_harmony_and_the_last_sound(name: str, genitive: str) -> None:
    assert kyrgyz_genitive(name) == genitive


@pytest.mark.parametrize(
    ("name", "declined"),
    [
        ("Министерство здравоохранения Кыргызской Республики", "Министерстве здравоохранения Кыргызской Республики"),
        ("Государственная кадровая служба", "Государственной кадровой службе"),
        ("Государственный комитет информационных технологий", "Государственном комитете информационных технологий"),
        ("Государственное агентство охраны окружающей среды", "Государственном агентстве охраны окружающей среды"),
        (
            "Государственная инспекция по экологической безопасности",
            "Государственной инспекции по экологической безопасности",
        ),
        ("Управление делами Президента", "Управлении делами Президента"),
        ("Аппарат Президента", "Аппарате Президента"),
        ("Высший арбитражный суд", "Высшем арбитражном суде"),
    ],
)
def test_the_russian_prepositional_declines_the_head_of_the_name(name: str, declined: str) -> None:
    assert russian_prepositional(name) == declined


def test_a_russian_name_the_rules_do_not_know_is_named_in_quotes() -> None:
    assert russian_prepositional("ГКНБ") is None
    assert after_pri("ГКНБ") == "государственном органе «ГКНБ»"
    assert after_pri("Секретариат") == "Секретариате"
