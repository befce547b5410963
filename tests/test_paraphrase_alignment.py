"""The aligner pairs a fact told in other words: synonyms of arrival and lateness, titles standing for names.

Every sentence here was written for these tests.
"""

from __future__ import annotations

from compare.facts.matching import Scorer, align, compare_articles
from compare.facts.synonyms import normalise, synonym
from compare.facts.units import extract_units
from compare.models import Article, Span


def _article(article_id: str, body: str) -> Article:
    """An article whose paragraphs are the blank-line separated blocks of ``body``."""
    spans, start = [], 0
    for block in body.split("\n\n"):
        spans.append(Span(start, start + len(block)))
        start += len(block) + 2
    return Article(id=article_id, text=body, title=article_id, paragraphs=tuple(spans))


VISIT_A = _article("a", (
    "Russian President Vladimir Putin arrived in Tokyo on Thursday for two days of talks with Japanese Prime "
    "Minister Shinzo Abe.\n\n"
    "Putin landed almost three hours later than scheduled, keeping his host waiting.\n\n"
    "The two leaders are expected to discuss a territorial dispute over islands seized by Soviet troops."))
VISIT_B = _article("b", (
    "Russian President Vladimir Putin began a visit to Japan on Thursday, his first trip to the country in "
    "eleven years.\n\n"
    "The Russian president's plane arrived about two and a half hours behind schedule.\n\n"
    "The leaders will talk about the disputed islands, which the Soviet army seized in 1945."))


def test_arrival_and_lateness_words_meet() -> None:
    assert synonym("land") == synonym("arrive") == "arrive"
    assert normalise(("behind", "schedule")) == normalise(("late", "schedule")) == ("late", "schedule")


def test_a_title_stands_for_the_person_who_carried_it_earlier() -> None:
    units = extract_units(VISIT_B)
    people = [(e.text, e.key) for e in units[1].entities if e.kind == "person"]
    assert people == [("The Russian president", "putin")]


def test_a_title_nobody_carried_is_left_alone() -> None:
    article = _article("c", "Talks began in Tokyo on Thursday morning.\n\nThe Russian president arrived late.")
    assert [e for u in extract_units(article) for e in u.entities if e.kind == "person"] == []


def test_late_landing_and_delayed_arrival_are_aligned_as_one_fact() -> None:
    units_a, units_b = extract_units(VISIT_A), extract_units(VISIT_B)
    groups = align(units_a, units_b, Scorer(units_a, units_b))
    assert ([1], [1]) in [(a, b) for a, b, _ in groups]


def test_the_approximate_disagreement_on_the_delay_is_reported() -> None:
    fc = compare_articles(VISIT_A, VISIT_B)
    found = [(c.kind, c.a_value, c.b_value, c.severity) for c in fc.conflicts]
    assert found == [("number", "almost three hours", "about two and a half hours", "approximate")]
    assert "putin" in fc.conflicts[0].slot


def test_the_prime_minister_is_abe_not_a_name_conflict() -> None:
    a = _article("a", "Japanese Prime Minister Shinzo Abe hosted the Russian leader in Nagato on Thursday.\n\n"
                      "Mr Abe said the two leaders talked for three hours about the islands.")
    b = _article("b", "Japanese Prime Minister Shinzo Abe met Vladimir Putin at a hot spring resort on Thursday.\n\n"
                      "The Japanese prime minister said he and Mr Putin talked for three hours about the islands.")
    fc = compare_articles(a, b)
    assert [c for c in fc.conflicts if c.kind == "name"] == []
    assert any([u.index for u in f.a] == [1] and [u.index for u in f.b] == [1] for f in fc.shared)
