"""Story view: articles on one story are grouped without shared copy, and the fact matrix lines them up."""

from __future__ import annotations

from pathlib import Path

import pytest

from compare.ingest import parse_text, read_corpus
from compare.models import Article
from compare.report.facts_md import render_story_markdown
from compare.stories import fact_matrix, group_stories, story_comparisons

SEEDS = Path(__file__).parent.parent / "seeds"
DATA = Path(__file__).parent / "data" / "facts"


@pytest.fixture(scope="module")
def corpus() -> list[Article]:
    seeds, _ = read_corpus(SEEDS)
    extra = [parse_text(f"facts/{p.name}", p.read_text(encoding="utf-8")) for p in sorted(DATA.glob("*.txt"))]
    return [*seeds, *extra]


def test_same_story_is_grouped_and_unrelated_is_not(corpus: list[Article]) -> None:
    """Both seeds and a rewrite sharing no copied text form one story; the snow story stays out."""
    stories = group_stories(corpus)
    assert len(stories) == 1
    members = set(stories[0].members)
    assert "facts/rewrite.txt" in members and "facts/unrelated.txt" not in members
    assert {m[:3] for m in members} >= {"000", "003"}
    assert stories[0].id and "/" not in stories[0].id


def test_matrix_shows_who_reports_what(corpus: list[Article]) -> None:
    """The 1945 seizure is reported by all three; the late arrival conflicts between 003 and the rewrite."""
    story = [a for a in corpus if a.id != "facts/unrelated.txt"]
    rows = fact_matrix(story, story_comparisons(story))
    seizure = [r for r in rows if any(c is not None and "1945" in c.text for c in r.cells)]
    assert any(all(c is not None for c in r.cells) for r in seizure)
    late = [r for r in rows if r.conflicts]
    assert any({c.a_value, c.b_value} == {"about three hours", "two and a half hours"}
               for r in late for c in r.conflicts)


def test_story_markdown_has_the_sections(corpus: list[Article]) -> None:
    """The story page has the matrix, the disagreements and each outlet's own facts, deterministically."""
    story = [a for a in corpus if a.id != "facts/unrelated.txt"]
    text = render_story_markdown(story, story_comparisons(story))
    for heading in ("## Fact-by-outlet matrix", "## Where they disagree", "## What each outlet alone reports"):
        assert heading in text
    assert "about Donald Trump:" in text
    assert render_story_markdown(list(reversed(story)), story_comparisons(story)) == text


def test_large_corpus_path_finds_the_same_story(corpus: list[Article], monkeypatch: pytest.MonkeyPatch) -> None:
    """Past SMALL_CORPUS articles, the capitalised-word index proposes the same story pairs as testing all pairs."""
    from compare import stories

    expected = group_stories(corpus)
    monkeypatch.setattr(stories, "SMALL_CORPUS", 2)
    pairs = {(a.id, b.id) for a, b in stories.candidate_pairs(corpus)}
    assert ("000_d62c5ef70462ea6f.txt", "003_464f35655eb40255.txt") in pairs
    assert not any("facts/unrelated.txt" in pair for pair in pairs)
    assert group_stories(corpus) == expected
