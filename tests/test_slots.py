"""compare.slots: conflicts only for one slot, readings of hedged figures, dates of one event, names in one role."""

from __future__ import annotations

import math
from dataclasses import astuple

import pytest

from compare.facts.figures import figures, tokens
from compare.facts.matching import compare_articles
from compare.facts.readings import Reading, compatible, reading
from compare.facts.slots import SlotConflict, all_conflicts, date_conflicts, mentions, name_conflicts, number_conflicts
from compare.models import Article, Span
from compare.report.json import fact_comparison_to_dict


def read(text: str) -> list[tuple[float, str, str]]:
    """(value, unit, hedge) of each figure of ``text``, values rounded for exact comparison."""
    return [(round(f.value, 6), f.unit, f.hedge) for f in figures(text, tokens(text))]


def both_ways(a: str, b: str) -> tuple[tuple[SlotConflict, ...], tuple[SlotConflict, ...]]:
    return number_conflicts(a, b), number_conflicts(b, a)


# Readings of written figures.

@pytest.mark.parametrize(("text", "expected"), [
    ("He arrived two and a half hours late.", [(2.5, "h", "")]),
    ("It landed almost three hours later.", [(3.0, "h", "almost")]),
    ("a dispute of more than seven decades", [(70.0, "years", "above")]),
    ("The index is nearly 4 points lower.", [(4.0, "points", "almost")]),
    ("Prices rose 1.1 percent.", [(1.1, "%", "")]),
    ("He bought a dozen eggs.", [(12.0, "", "")]),
    ("The deal is worth 3.5bn.", [(3.5e9, "", "")]),
    ("a 70-year dispute", [(70.0, "years", "")]),
    ("The bond slid 1-10/32.", [(1.3125, "", "")]),
    ("Twenty-seven people died.", [(27.0, "", "")]),
    ("It rose 74 cents.", [(0.74, "USD", "")]),
    ("Earnings will be 8 to 9 cents a share.", [(0.085, "USD/share", "range")]),
    ("Some two dozen boats sank.", [(24.0, "", "about")]),
    ("Half a dozen boats sank.", [(6.0, "", "")]),
    ("No more than 300 boats sank.", [(300.0, "", "below")]),
    ("Upwards of 300 boats sank.", [(300.0, "", "above")]),
    ("In excess of 300 boats sank.", [(300.0, "", "above")]),
])
def test_figures_are_read_with_hedge_scale_and_unit(text: str, expected: list[tuple[float, str, str]]) -> None:
    assert read(text) == expected


@pytest.mark.parametrize("text", [
    "The S&P 500 index was flat.",  # part of a name
    "Call 688-4163 or (248) 647-7221.",  # phone numbers
    "Stanford (47-15) won.",  # a record
    "The 1970s and the 12th floor.",  # decade and ordinal
    "The sale closed on July 3, 1998 at 7 p.m.",  # date, year and clock time
    "The US30YT=RR bond and a two-way trade.",  # code and compound adjective
])
def test_dates_codes_and_names_are_no_figures(text: str) -> None:
    assert read(text) == []


@pytest.mark.parametrize(("args", "expected"), [
    ((2.5, 0.1, ""), Reading(2.45, 2.55, 2.5, 0.1)),
    ((3.0, 1.0, "almost"), Reading(2.7, 3.0, 2.85, 0)),
    ((70.0, 10.0, "above"), Reading(70.0, math.inf, 70.0, 0)),
    ((5.0, 1.0, "below"), Reading(-math.inf, 5.0, 5.0, 0)),
    ((100.0, 10.0, "about"), Reading(90.0, 110.0, 100.0, 0)),
])
def test_readings_widen_with_hedges(args: tuple[float, float, str], expected: Reading) -> None:
    assert astuple(reading(*args)) == pytest.approx(astuple(expected))


@pytest.mark.parametrize(("a", "b", "expected"), [
    ((70, 1, ""), (70, 10, "above"), True),  # 70 years / more than seven decades
    ((0.7, 0.1, ""), (0.66, 0.01, ""), True),  # rounding
    ((3, 1, "almost"), (2.8, 0.1, ""), True),  # almost three / 2.8
    ((3, 1, "almost"), (2.5, 0.5, "about"), False),  # almost three / about two and a half
    ((247, 1, ""), (247.7, 0.1, ""), True),  # cut short after three digits
    ((5, 1, ""), (5.8, 0.1, ""), False),  # but "five" is not 5.8
    ((2.5e9, 1e8, ""), (2.6e9, 1e8, ""), False),
])
def test_compatible_readings(a: tuple[float, float, str], b: tuple[float, float, str], expected: bool) -> None:
    first, second = reading(*a), reading(*b)
    assert compatible(first, second) is expected
    assert compatible(second, first) is expected


# Numbers: the cases, both directions.

def test_first_visit_in_11_years_is_not_a_70_year_dispute() -> None:
    a = "Putin made his first visit to Japan in 11 years."
    b = "The two countries have been locked in a territorial dispute for 70 years."
    assert both_ways(a, b) == ((), ())


def test_almost_three_hours_late_conflicts_with_two_and_a_half_hours_behind() -> None:
    a = "Putin landed in Yamaguchi almost three hours later than scheduled."
    b = "Putin landed in Yamaguchi about two and a half hours behind schedule."
    forward, backward = both_ways(a, b)
    assert forward == (SlotConflict("number", "putin yamaguchi hours", "almost three hours",
                                    "about two and a half hours", (26, 44), (26, 52), "approximate"),)
    assert [(c.a_text, c.b_text, c.severity) for c in backward] == [
        ("about two and a half hours", "almost three hours", "approximate")]


@pytest.mark.parametrize(("a", "b"), [
    ("The dispute has lasted 70 years.", "The dispute has lasted more than seven decades."),
    ("Growth was 0.7 percent in the quarter.", "Growth was 0.66 percent in the quarter."),
    ("The flight lasted almost three hours.", "The flight lasted 2.8 hours."),
    ("Trade reached $3.5bn last year.", "Trade reached $3.5 billion last year."),
])
def test_compatible_readings_are_no_conflict(a: str, b: str) -> None:
    assert both_ways(a, b) == ((), ())


def test_same_slot_with_exact_figures_is_a_hard_conflict_once_corroborated() -> None:
    a = "The earthquake killed 28 people in the village."
    b = "Across the village, 31 people were killed when the earthquake struck at dawn, police told reporters."
    assert number_conflicts(a, b) == ()  # nothing but the figure shows the two sentences report one fact
    assert number_conflicts(a, b, same_fact=True) == (
        SlotConflict("number", "village kill people", "28", "31", (22, 24), (20, 22), "hard"),)
    reworded = "The earthquake killed 31 people in the village."  # the same words but the figure
    assert [(c.a_text, c.b_text, c.severity) for c in number_conflicts(a, reworded)] == [("28", "31", "hard")]
    anchored = ("Officials said 28 people died and 40 people were hurt in the blast.",  # 40 hurt in both
                "The blast killed 31 people and injured 40 people, police said.")
    assert [(c.a_text, c.b_text) for c in number_conflicts(*anchored)] == [("28", "31")]


@pytest.mark.parametrize(("a", "b"), [
    # different subjects
    ("The Nasdaq composite index fell 10.75 points, or 1.02 percent, to 1,039.32.",
     "The Standard & Poor's 500 index rose 1.26 points, or 0.1 percent, to 1,021.50."),
    # different times of day
    ("Shares of Hartford rose $2.88 to close at $46.50.",
     "Shares of Hartford were up $2.28 to $45.90 in afternoon trading."),
    # a forecast against an outcome
    ("The company earned 6 cents a share.", "The company expects to earn 11 cents a share."),
    # one sentence's current figure is the other's earlier one
    ("The S&P 500 fell 10.75 points to 1,039.32.", "The S&P 500 rose 1.26 to 1,040.58 after sinking 10.75 yesterday."),
    # different scopes
    ("Nationwide, the virus has killed 343 people.", "Worldwide, the virus has killed 790 people."),
    # a qualifier contrasts the measured thing
    ("Tuition at private colleges averaged $19,710.", "Tuition at public colleges averaged $4,694."),
    # "the quarter ended June 30" is the second quarter on the calendar, not the first
    ("Acme Mills posted a loss of $12 million for the quarter ended June 30.",
     "In the first quarter, Acme Mills posted a loss of $9 million."),
    # a share of one group of pupils against a share of another ("must" ends the noun phrase)
    ("About 12 percent of primary pupils must pass the reading test.",
     "In reading, 30 percent of secondary school pupils must pass the test."),
])
def test_different_slots_are_no_conflict(a: str, b: str) -> None:
    assert both_ways(a, b) == ((), ())


def test_one_extreme_told_two_ways_is_one_slot() -> None:
    a = "The Swiss franc climbed as far as 1.42 per euro, matching a record high set in March."
    b = "The Swiss franc climbed as far as 1.47 per euro, its highest level since March."
    assert [(c.a_text, c.b_text) for c in number_conflicts(a, b)] == [("1.42", "1.47")]


def test_earned_a_year_ago_is_the_profit_of_a_year_earlier() -> None:
    a = "The brewer also earned 31 cents a share a year earlier."
    b = "A year ago, the brewer posted a profit of 35 cents a share."
    assert [(c.a_text, c.b_text) for c in number_conflicts(a, b, same_fact=True)] == [
        ("31 cents a share", "35 cents a share")]


def test_a_share_of_pupils_measures_the_pupils_not_the_verb() -> None:
    (found,) = mentions("Only 16 percent of primary and middle school pupils must sit the exam.")
    assert found.measure == "pupil"


def test_opposite_directions_conflict() -> None:
    a = "The Nasdaq composite index fell 2.95 points to 1,912.36."
    b = "The Nasdaq composite index rose 2.95 points to 1,918.26."
    assert [(c.a_text, c.b_text) for c in number_conflicts(a, b)] == [("2.95 points", "2.95 points"),
                                                                       ("1,912.36", "1,918.26")]


def test_mentions_carry_the_slot_context() -> None:
    first, percent, level = mentions("Boeing shares fell 95 cents, or 3.3 percent, to close at $27.67.")
    assert (first.role, first.value, first.unit) == ("change", pytest.approx(-0.95), "USD")
    assert (percent.role, percent.value, percent.unit) == ("change", -3.3, "%")
    assert (level.role, level.time, level.subject) == ("level", frozenset({"close"}), frozenset({"boeing"}))


# Dates: only for the same event.

def test_dates_of_two_events_do_not_conflict() -> None:
    a = "Putin last visited Tokyo in 2012, before the talks stalled."
    b = "Russia annexed Crimea in 2014, and sanctions followed."
    assert date_conflicts(a, b) == ()
    assert date_conflicts(b, a) == ()


def test_dates_of_one_event_conflict() -> None:
    a = "On July 3, Troy is expected to be sentenced to life in prison without parole."
    b = "Troy faces life in prison without parole at his July 30 sentencing."
    assert date_conflicts(a, b) == (
        SlotConflict("date", "senten withou parole (date)", "July 3", "July 30", (3, 9), (48, 55), "hard"),)
    assert [(c.a_text, c.b_text) for c in date_conflicts(b, a)] == [("July 30", "July 3")]


def test_the_right_date_of_a_clause_is_compared() -> None:
    a = "Yucaipa sold the chain to Safeway in 1998 for $2.5 billion."
    b = "Yucaipa bought the chain in 1995 and sold it to Safeway in 1998."
    assert date_conflicts(a, b) == ()


# Names: only the same role, after resolving descriptions.

def test_abe_is_not_putin_once_the_prime_minister_is_resolved() -> None:
    a = "Mr Abe said the two leaders talked for three hours."
    b = "The Japanese prime minister said he and Mr Putin talked for three hours."
    assert name_conflicts(a, b) == ()
    aliases = {"the japanese prime minister": "abe", "he": "abe"}
    assert name_conflicts(a, b, None, aliases) == ()
    assert name_conflicts(b, a, aliases, None) == ()


def test_the_same_role_filled_by_another_person_conflicts() -> None:
    a = "Foreign Minister Sergei Lavrov said the talks would resume."
    b = "Foreign Minister Fumio Kishida said the talks would resume."
    assert name_conflicts(a, b) == (SlotConflict(
        "name", "speaker", "Minister Sergei Lavrov", "Minister Fumio Kishida", (8, 30), (8, 30), "hard"),)


def test_people_named_in_both_sentences_only_change_order() -> None:
    assert name_conflicts("Putin met Abe in Nagato.", "Abe met Putin in Nagato.") == ()


def test_all_conflicts_lists_numbers_dates_and_names() -> None:
    a = "The fire killed 28 people on July 3, Governor John Smith said."
    b = "The fire killed 31 people on July 30, Governor Mark Jones said."
    assert [c.kind for c in all_conflicts(a, b, same_fact=True)] == ["number", "date", "name"]


# Through the fact layer: align.find_conflicts reports what compare.slots finds, with slot and severity.

def _article(article_id: str, body: str) -> Article:
    return Article(id=article_id, text=body, title=article_id, paragraphs=(Span(0, len(body)),))


def test_pair_conflicts_carry_slot_and_severity() -> None:
    a = _article("a", "Putin landed at Ube airport almost three hours later than scheduled.")
    b = _article("b", "Putin landed at Ube airport about two and a half hours behind schedule.")
    fc = compare_articles(a, b)
    assert [(c.kind, c.a_value, c.b_value, c.severity) for c in fc.conflicts] == [
        ("number", "almost three hours", "about two and a half hours", "approximate")]
    assert fc.conflicts[0].slot == "putin ube hours"
    assert fact_comparison_to_dict(fc)["conflicts"][0]["severity"] == "approximate"


def test_pair_of_different_slots_has_no_conflict() -> None:
    a = _article("a", "Putin made his first visit to Japan in 11 years, meeting Abe in Nagato.")
    b = _article("b", "Putin met Abe in Nagato over a territorial dispute that has lasted 70 years.")
    assert compare_articles(a, b).conflicts == ()


# Corroboration without the aligner: the figures' own words and a rare name both sentences use.

def test_one_slot_in_one_named_place_corroborates_a_conflict() -> None:
    a = "Twenty-eight hikers were sheltering in the Kestrel Ridge hut when the avalanche buried it."
    b = "Twenty-six hikers were sheltering in the hut on Kestrel Ridge when the avalanche struck."
    assert [(c.a_text, c.b_text, c.severity) for c in number_conflicts(a, b)] == [
        ("Twenty-eight", "Twenty-six", "hard")]


def test_a_title_the_article_resolved_is_the_subject_it_names() -> None:
    a = "Putin landed almost three hours later than scheduled."
    b = "The Russian president's plane arrived about two and a half hours behind schedule."
    assert number_conflicts(a, b) == ()  # "Russian" is not "Putin" until the article says who the president is
    found = number_conflicts(a, b, aliases_b={"the russian president": "putin"})
    assert [(c.a_text, c.b_text, c.severity) for c in found] == [
        ("almost three hours", "about two and a half hours", "approximate")]
