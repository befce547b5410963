"""The fact layer on the seed pair: what 000 and 003 share, what only one reports, and how they frame it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compare.facts.matching import compare_articles
from compare.facts.units import extract_units
from compare.facts.values import FactComparison
from compare.ingest import read_corpus
from compare.models import Article
from compare.report.facts_md import render_facts_markdown
from compare.report.json import fact_comparison_to_dict

SEEDS = Path(__file__).parent.parent / "seeds"


@pytest.fixture(scope="module")
def pair() -> tuple[Article, Article]:
    articles, _ = read_corpus(SEEDS)
    by_prefix = {a.id[:3]: a for a in articles}
    return by_prefix["000"], by_prefix["003"]


@pytest.fixture(scope="module")
def fc(pair: tuple[Article, Article]) -> FactComparison:
    return compare_articles(*pair)


def _shared_texts(fc: FactComparison) -> list[tuple[str, str]]:
    return [(" ".join(u.text for u in f.a), " ".join(u.text for u in f.b)) for f in fc.shared]


def test_kurils_sentence_is_shared(fc: FactComparison) -> None:
    """The Southern Kurils / Northern Territories sentence of 000 is aligned with 003's."""
    assert any("Southern Kurils" in a and "Southern Kurils" in b for a, b in _shared_texts(fc))


def test_1945_seizure_is_shared(fc: FactComparison) -> None:
    """The 1945 seizure of the islands is a shared fact, though each outlet words it differently."""
    assert any("1945" in a and "1945" in b and "seize" in b for a, b in _shared_texts(fc))


def test_trump_sentences_are_only_in_003(fc: FactComparison) -> None:
    """Both Trump sentences (named and "the real-estate baron") are only in 003, filed under Donald Trump."""
    trump = [o for o in fc.only_b if "Trump" in o.unit.text or "real-estate baron" in o.unit.text]
    assert len(trump) == 2
    assert {o.about for o in trump} == {"Donald Trump"}


def test_trump_sentence_pairs_with_nothing(fc: FactComparison) -> None:
    """No shared fact pairs the Trump sentence with anything in 000."""
    assert not any("Trump" in b for _, b in _shared_texts(fc))


def test_lavrov_remarks_are_only_in_003(fc: FactComparison) -> None:
    """Every sentence naming Lavrov is reported by 003 alone."""
    lavrov = [o.unit.text for o in fc.only_b if "Lavrov" in o.unit.text]
    assert len(lavrov) >= 3
    assert not any("Lavrov" in b for _, b in _shared_texts(fc))


def test_kremlin_statement_is_only_in_000(fc: FactComparison) -> None:
    """The Kremlin's statement on the talks' focus is only in 000, filed under the Kremlin."""
    kremlin = [o for o in fc.only_a if "Kremlin had said" in o.unit.text]
    assert len(kremlin) == 1
    assert "Kremlin" in kremlin[0].about


def test_framing_lists_the_russian_strongman(fc: FactComparison) -> None:
    """Framing shows 000's "the Russian strongman insisted" against 003's plain "Putin said"."""
    rows = [(f.a_words, f.b_words, f.tag) for f in fc.framing]
    assert ("the Russian strongman insisted", "Putin said", "epithet + attribution verb") in rows


def test_quotes_only_one_outlet_uses(fc: FactComparison) -> None:
    """Quotes are attributed and listed per outlet: Abe's in 000, Putin's summit quote in 003."""
    only_a = {(q.text, fc.name(q.speaker)) for q, _ in fc.quotes_only_a}
    only_b = {(q.text, fc.name(q.speaker)) for q, _ in fc.quotes_only_b}
    assert ("developing as they should", "Shinzo Abe") in only_a
    assert any(text.startswith("I think the summit") and who == "Vladimir Putin" for text, who in only_b)


def test_spans_slice_the_sentences(pair: tuple[Article, Article]) -> None:
    """Every fact unit's span slices exactly its sentence out of Article.text, inside a body paragraph."""
    for article in pair:
        for unit in extract_units(article):
            assert article.text[unit.span.start : unit.span.end] == unit.text
            assert any(p.start <= unit.span.start and unit.span.end <= p.end for p in article.paragraphs)


def test_json_has_the_documented_shape(fc: FactComparison, pair: tuple[Article, Article]) -> None:
    """fact_comparison_to_dict gives the issue's keys, JSON-serialisable, with offsets that slice the text."""
    data = json.loads(json.dumps(fact_comparison_to_dict(fc)))
    assert {"shared", "only_a", "only_b", "conflicts", "framing"} <= set(data)
    first = data["shared"][0]
    assert {"a_sentence", "b_sentence", "a_start", "a_end", "b_start", "b_end", "label", "score"} <= set(first)
    assert first["label"] in {"same wording", "reworded", "partial", "conflicting"}
    a, b = pair
    for item in data["only_a"]:
        assert a.text[item["start"] : item["end"]] == item["sentence"]
        assert isinstance(item["entities"], list)
    for item in data["only_b"]:
        assert b.text[item["start"] : item["end"]] == item["sentence"]
    assert {"a_words", "b_words", "tag"} <= set(data["framing"][0])


def test_markdown_sections_are_present_and_stable(pair: tuple[Article, Article], fc: FactComparison) -> None:
    """The facts Markdown has every section, groups only-facts by entity, and is byte-identical on rerun."""
    text = render_facts_markdown(*pair, fc)
    for heading in ("### Shared facts", "### Only in", "### Conflicting numbers, dates and names",
                    "### Quotes only one outlet uses", "### Framing"):
        assert heading in text
    assert "about Donald Trump:" in text
    assert "the Russian strongman insisted" in text
    assert render_facts_markdown(*pair, compare_articles(*pair)) == text
