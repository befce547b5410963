"""Ordered overlap: content words one text shares with another, in the same order."""

from __future__ import annotations

from pathlib import Path

import pytest

from compare.ingest import parse_text
from compare.models import Article
from compare.neardup.shingles import tokenize
from compare.report.json import passage_comparison_to_dict
from compare.reuse.overlap import content_lemmas, ordered_overlap
from compare.reuse.passages import compare_passages

DATA = Path(__file__).resolve().parent / "data"
SEED_003 = Path(__file__).resolve().parent.parent / "seeds" / "003_464f35655eb40255.txt"


def read(path: Path) -> Article:
    return parse_text(path.name, path.read_text(encoding="utf-8"))


def words(text: str) -> tuple[str, ...]:
    return tokenize(text).words


def test_content_lemmas_drop_function_words_and_inflection() -> None:
    """Stopwords go, and "islands"/"were seized" count as "island"/"seize"."""
    assert content_lemmas(words("The islands were seized by Soviet troops")) == ["island", "seize", "soviet", "troop"]


def test_same_words_in_order_overlap_fully_and_reversed_barely() -> None:
    """Order is the point: the same 9 content words reversed share only one in order."""
    text = words("Soviet troops seized the islands off Japan's northern coast in 1945")
    assert ordered_overlap(text, text) == (1.0, 1.0)
    assert ordered_overlap(text, text[::-1]) == pytest.approx((1 / 9, 1 / 9))


def test_overlap_is_directional() -> None:
    """A text inside a longer one is wholly followed by it; the longer one only in part."""
    short = words("Putin arrived in Nagato for talks")
    long = words("Putin arrived in Nagato for talks with Abe on the disputed islands")
    assert ordered_overlap(long, short) == (pytest.approx(4 / 7), 1.0)


def test_a_side_without_content_words_scores_zero() -> None:
    """Nothing to follow is no overlap, not a division by zero."""
    assert ordered_overlap(words("the of and"), words("Putin arrived")) == (0.0, 0.0)
    assert ordered_overlap((), ()) == (0.0, 0.0)


def test_rewrite_of_seed_003_shows_in_ordered_overlap_not_coverage() -> None:
    """A sentence-by-sentence rewrite keeps few passages but most of the order; unrelated news keeps neither."""
    source = read(SEED_003)
    rewrite = compare_passages(source, read(DATA / "facts" / "rewrite.txt"))
    unrelated = compare_passages(source, read(DATA / "facts" / "unrelated.txt"))
    assert rewrite.coverage_b < 0.2 and rewrite.ordered_b > 0.35
    assert unrelated.coverage_b == 0.0 and unrelated.ordered_b < 0.15
    assert rewrite.reuse_b == pytest.approx((rewrite.coverage_b + rewrite.ordered_b) / 2)


def test_json_carries_ordered_overlap_and_reuse() -> None:
    """--json adds ordered_overlap_a/b and reuse_a/b beside the coverage keys."""
    source = read(SEED_003)
    out = passage_comparison_to_dict(compare_passages(source, read(DATA / "facts" / "rewrite.txt")))
    assert 0.35 < out["ordered_overlap_b"] <= 1.0 and 0.0 < out["ordered_overlap_a"] < out["ordered_overlap_b"]
    assert out["reuse_b"] == pytest.approx((out["coverage_b"] + out["ordered_overlap_b"]) / 2, abs=1e-6)
