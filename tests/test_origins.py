"""Probable originals are claimed only on evidence, with the reason beside the claim."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from compare import pipeline
from compare.ingest import read_corpus
from compare.models import Article, Params
from compare.report.markdown import render_index
from compare.reuse.origin import probable_original

DATA = Path(__file__).parent / "data" / "originals"


@pytest.fixture(scope="module")
def articles() -> dict[str, Article]:
    found, _ = read_corpus(DATA)
    return {a.id: a for a in found}


def test_families_name_their_evidence(articles: dict[str, Article]) -> None:
    """AFP's own page and the BBC's own page are originals; a lone date is no evidence."""
    result = pipeline.analyse(list(articles.values()), Params())
    assert [(f.members, f.original, f.reason) for f in result.families] == [
        (("afp-port-strike.md", "herald-port-strike.md", "portwatch-strike.md"), "afp-port-strike.md",
         "AFP's own page (afp.com); herald-port-strike.md credits AFP, portwatch-strike.md credits nobody"),
        (("bbc-flood-warning.md", "riverside-blog-flood.md"), "bbc-flood-warning.md",
         "BBC's own page (bbc.co.uk); riverside-blog-flood.md credits BBC"),
        (("gazette-bridge.md", "wyeside-bridge.md"), None,
         "unknown: only gazette-bridge.md is dated; no copy is the originating outlet's own page; "
         "no copy alone carries an agency's byline"),
    ]
    index = render_index(result)
    assert ("3. Probable original unknown: only gazette-bridge.md is dated; no copy is the originating outlet's "
            "own page; no copy alone carries an agency's byline; members: `gazette-bridge.md` (2024-02-20), "
            "`wyeside-bridge.md`") in index


def test_pairs_inside_a_family_say_what_the_family_says(articles: dict[str, Article]) -> None:
    """The AFP page and the uncredited copy alone show no originator; their family (the Herald credits AFP)
    does, so the pair names AFP's page too, and the two copies of it say that both copy it."""
    result = pipeline.analyse(list(articles.values()), Params())
    by_pair = {(p.similarity.a, p.similarity.b): p.alignment for p in result.pairs if p.alignment}
    afp = by_pair[("afp-port-strike.md", "portwatch-strike.md")]
    assert afp.likely_original == "afp-port-strike.md"
    assert afp.original_reason.endswith("(judged across its family of 3 copies)")
    copies = by_pair[("herald-port-strike.md", "portwatch-strike.md")]
    assert copies.likely_original is None
    assert copies.original_reason.startswith("unknown: both copy afp-port-strike.md, the probable original")
    assert by_pair[("bbc-flood-warning.md", "riverside-blog-flood.md")].original_reason == (
        "BBC's own page (bbc.co.uk); riverside-blog-flood.md credits BBC")  # a family of two is its pair


def test_a_blog_repost_of_the_same_date_is_not_the_original(articles: dict[str, Article]) -> None:
    """Same date, blog longer or not: the broadcaster's own page is the original, never the repost."""
    blog, bbc = articles["riverside-blog-flood.md"], articles["bbc-flood-warning.md"]
    assert probable_original([blog, bbc]).original == "bbc-flood-warning.md"


def test_dates_decide_only_when_every_copy_is_dated(articles: dict[str, Article]) -> None:
    """An earlier date wins when both copies are dated, by time of day on the same day; one undated voids it."""
    gazette, wyeside = articles["gazette-bridge.md"], articles["wyeside-bridge.md"]
    dated = dataclasses.replace(wyeside, date="2024-02-21")
    assert probable_original([gazette, dated]) == probable_original([dated, gazette])
    assert probable_original([gazette, dated]).reason == "earliest date (2024-02-20; the others 2024-02-21)"
    morning = dataclasses.replace(gazette, date="2024-02-20T08:15")
    evening = dataclasses.replace(wyeside, date="2024-02-20T19:40")
    assert probable_original([evening, morning]).original == "gazette-bridge.md"
    no_time = dataclasses.replace(wyeside, date="2024-02-20")
    assert probable_original([morning, no_time]).reason.startswith("unknown: no copy is dated earlier")


def test_a_bylined_copy_shorter_than_an_uncredited_one_is_no_original(articles: dict[str, Article]) -> None:
    """The herald carries AFP's byline but cut a paragraph the blog has: it cannot be the blog's source."""
    origin = probable_original([articles["herald-port-strike.md"], articles["portwatch-strike.md"]])
    assert origin.original is None
    assert origin.reason.endswith("the only copy with an agency's byline, herald-port-strike.md, is not the longest")


def test_the_evidence_disagreeing_claims_nothing(articles: dict[str, Article]) -> None:
    """The blog dated a day before the BBC page: dates and the own page name different copies."""
    blog = dataclasses.replace(articles["riverside-blog-flood.md"], date="2024-03-06")
    origin = probable_original([articles["bbc-flood-warning.md"], blog])
    assert origin.original is None
    assert origin.reason.startswith("unknown: the evidence disagrees (riverside-blog-flood.md: earliest date")


def test_front_matter_times_order_two_copies_of_one_day(tmp_path: Path) -> None:
    """Front-matter times are kept (in UTC when zoned), so the morning copy is the original."""
    body = (DATA / "bbc-flood-warning.md").read_text(encoding="utf-8").split("---\n", 2)[2]
    (tmp_path / "a.md").write_text(f"---\noutlet: Riverside Living\ndate: 2024-03-07T11:40:00Z\n---\n{body}",
                                   encoding="utf-8")
    (tmp_path / "b.md").write_text(f"---\noutlet: Severn Post\ndate: 2024-03-07T08:15:00+01:00\n---\n{body}",
                                   encoding="utf-8")
    found, _ = read_corpus(tmp_path)
    assert [a.date for a in found] == ["2024-03-07T11:40Z", "2024-03-07T07:15Z"]
    (family,) = pipeline.analyse(found, Params()).families
    assert (family.original, family.reason) == ("b.md", "earliest date (2024-03-07T07:15Z; the others "
                                                        "2024-03-07T11:40Z)")
