"""Story view: articles on one story are grouped without shared copy, and the fact matrix lines them up."""

from __future__ import annotations

import math
import random
from pathlib import Path

import pytest

from compare import pipeline
from compare.facts.stories import fact_matrix, group_stories, story_comparisons
from compare.facts.values import Units
from compare.ingest import parse_text, read_corpus
from compare.models import Article
from compare.report.facts_md import render_story_markdown

SEEDS = Path(__file__).parent.parent / "seeds"
DATA = Path(__file__).parent / "data" / "facts"


@pytest.fixture(scope="module")
def corpus() -> list[Article]:
    seeds, _ = read_corpus(SEEDS)
    extra = [parse_text(f"facts/{p.name}", p.read_text(encoding="utf-8")) for p in sorted(DATA.glob("*.txt"))]
    return [*seeds, *extra]


@pytest.fixture(scope="module")
def units(corpus: list[Article]) -> Units:
    return pipeline.extract_all_units(corpus)


def test_same_story_is_grouped_and_unrelated_is_not(corpus: list[Article], units: Units) -> None:
    """Both seeds and a rewrite sharing no copied text form one story; the snow story stays out."""
    stories = group_stories(corpus, units)
    assert len(stories) == 1
    members = set(stories[0].members)
    assert "facts/rewrite.txt" in members and "facts/unrelated.txt" not in members
    assert {m[:3] for m in members} >= {"000", "003"}
    assert stories[0].id and "/" not in stories[0].id


def test_matrix_shows_who_reports_what(corpus: list[Article], units: Units) -> None:
    """The 1945 seizure is reported by all three; the late arrival conflicts between 003 and the rewrite."""
    story = [a for a in corpus if a.id != "facts/unrelated.txt"]
    rows = fact_matrix(story, story_comparisons(story, units), units)
    seizure = [r for r in rows if any(c is not None and "1945" in c.text for c in r.cells)]
    assert any(all(c is not None for c in r.cells) for r in seizure)
    late = [r for r in rows if r.conflicts]
    assert any({c.a_value, c.b_value} == {"about three hours", "two and a half hours"}
               for r in late for c in r.conflicts)


def test_story_markdown_has_the_sections(corpus: list[Article], units: Units) -> None:
    """The story page has the matrix, the disagreements and each outlet's own facts, deterministically."""
    story = [a for a in corpus if a.id != "facts/unrelated.txt"]
    (result,) = pipeline.find_stories(story, (), units)
    text = render_story_markdown(story, result)
    for heading in ("## Fact-by-outlet matrix", "## Where they disagree", "## What each outlet alone reports"):
        assert heading in text
    assert "about Donald Trump:" in text
    assert render_story_markdown(list(reversed(story)), result) == text


def test_name_set_join_equals_testing_every_pair() -> None:
    """The prefix-filtered join finds exactly the pairs a test of every pair finds, at several thresholds."""
    from compare.facts.stories import name_weights, similar_name_sets, weighted_jaccard

    rng = random.Random(7)
    vocabulary = [f"n{k}" for k in range(40)]
    sets = []
    for _ in range(120):
        pool = vocabulary[: rng.randint(5, 40)]  # small pools make heavy overlaps
        sets.append(frozenset(rng.sample(pool, rng.randint(0, min(15, len(pool))))))
    sets += [sets[3], sets[40]]  # equal sets reach even threshold 1.0
    uniform = dict.fromkeys(vocabulary, 1.0)
    for weights in (name_weights(sets), uniform, {n: rng.uniform(0.1, 5) for n in vocabulary}):
        for threshold in (0.2, 0.3, 0.5, 1.0):
            every_pair = [(i, j) for i in range(len(sets)) for j in range(i + 1, len(sets))
                          if weighted_jaccard(sets[i], sets[j], weights) >= threshold]
            assert every_pair, "the sets should make some pairs at every threshold"
            assert similar_name_sets(sets, threshold, weights) == every_pair


def test_names_most_articles_carry_weigh_least() -> None:
    """A name in every article weighs log 2, a name in one of four articles log 5."""
    from compare.facts.stories import name_weights

    weights = name_weights([frozenset({"us", "nagato"}), frozenset({"us"}), frozenset({"us"}), frozenset({"us"})])
    assert weights == pytest.approx({"us": math.log(2), "nagato": math.log(5)})


def test_story_join_keeps_unrelated_articles_out(corpus: list[Article], units: Units) -> None:
    """The seeds' story pair passes the name join; the unrelated article pairs with nothing."""
    from compare.facts.stories import story_pairs

    pairs = story_pairs(corpus, units)
    assert ("000_d62c5ef70462ea6f.txt", "003_464f35655eb40255.txt") in pairs
    assert not any("facts/unrelated.txt" in pair for pair in pairs)
