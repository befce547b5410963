"""The seed articles are the acceptance tests of ingest: metadata right, no chrome or captions in bodies."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compare.ingest import read_corpus
from compare.models import Article
from compare.report.json import article_to_dict

SEEDS = Path(__file__).parent.parent / "seeds"


@pytest.fixture(scope="module")
def seeds() -> dict[str, Article]:
    articles, skipped = read_corpus(SEEDS)
    assert skipped == ()
    return {a.id[:3]: a for a in articles}


def roles(article: Article) -> set[tuple[str, str]]:
    return {(a.name, a.role) for a in article.agencies}


def test_003_title_is_the_headline_inside_the_chrome(seeds: dict[str, Article]) -> None:
    """Seed 003's title is the headline between the menus and the dateline, not the weather widget."""
    assert seeds["003"].title == "Putin, Abe hold hot spring meet on WWII island row"


def test_003_date_is_publication_not_today_banner(seeds: dict[str, Article]) -> None:
    """Seed 003's date comes from "Updated:/First Published:", never the 2019 "today" banners."""
    assert seeds["003"].date == "2016-12-15"


def test_003_dateline_and_byline_agency(seeds: dict[str, Article]) -> None:
    """Seed 003 is datelined Nagato and credited to AFP as byline; Reuters only took the photo."""
    article = seeds["003"]
    assert article.dateline == "Nagato"
    assert ("AFP", "byline") in roles(article)
    assert ("Reuters", "photo") in roles(article)
    assert ("Reuters", "byline") not in roles(article)


def test_003_body_has_no_chrome(seeds: dict[str, Article]) -> None:
    """Seed 003's body holds none of the weather, city menus, banners or date lines."""
    body = seeds["003"].body
    for chrome in ("Select city", "°C", "Today in New Delhi", "Metro cities", "Sep 18, 2019", "Sep 19, 2019",
                   "Updated:", "First Published", "Nagato, Japan, AFP", "hot spring meet on WWII island row"):
        assert chrome not in body
    assert body.startswith("Russian President Vladimir Putin and Japanese Prime Minister Shinzo Abe bunkered down")
    assert body.endswith("the impact of falling oil prices.")


def test_003_outlet_is_not_borrowed_from_another_seed(seeds: dict[str, Article]) -> None:
    """Seed 003 carries no outlet evidence, so it gets none (and never seed 000's)."""
    assert seeds["003"].outlet is None


def test_000_outlet_dateline_and_photo_credit(seeds: dict[str, Article]) -> None:
    """Seed 000 is The New Indian Express, datelined Moscow, with an AP photo credit and no AP byline."""
    article = seeds["000"]
    assert article.outlet == "The New Indian Express"
    assert article.dateline == "Moscow"
    assert ("AP", "photo") in roles(article)
    assert ("AP", "byline") not in roles(article)
    assert article.title == "Putin says ties with Japan moving forward at Abe talks"


def test_000_body_has_no_footer(seeds: dict[str, Article]) -> None:
    """Seed 000's body ends with the story, not "Related Stories / No stories found. / X / domain"."""
    body = seeds["000"].body
    for chrome in ("Related Stories", "No stories found", "newindianexpress", "New Indian Express"):
        assert chrome not in body
    assert body.endswith("they have been a thorn in relations ever since.")
    assert "MOSCOW: President Vladimir Putin has said" in body


@pytest.mark.parametrize("seed", ["000", "003"])
def test_captions_are_kept_once_and_out_of_the_body(seeds: dict[str, Article], seed: str) -> None:
    """The twice-printed photo caption is one caption and never body text."""
    article = seeds[seed]
    assert len(article.captions) == 1
    caption = article.captions[0].slice(article.text)
    assert caption[:40] not in article.body
    assert [r.reason for r in article.removed].count("repeated") == 1


def test_000_quote_is_rejoined_with_its_attribution(seeds: dict[str, Article]) -> None:
    """The quote split from "Putin yesterday said..." by a blank line is one paragraph again."""
    article = seeds["000"]
    joined = [p.slice(article.text) for p in article.paragraphs if "movement forward" in p.slice(article.text)]
    assert len(joined) == 1
    assert "Putin yesterday said at the start of talks" in joined[0]


def test_seeds_differ_in_date_and_place(seeds: dict[str, Article]) -> None:
    """The seeds report different places (Moscow vs Nagato): a later event, not the same one."""
    assert seeds["000"].dateline != seeds["003"].dateline


@pytest.mark.parametrize("seed", ["000", "003"])
def test_every_line_is_body_or_removed(seeds: dict[str, Article], seed: str) -> None:
    """Each non-blank line of the file is inside a paragraph or listed as removed with a reason."""
    article = seeds[seed]
    covered = [*article.paragraphs, *(r.span for r in article.removed)]
    position = 0
    for line in article.text.splitlines(keepends=True):
        start = position + len(line) - len(line.lstrip())
        position += len(line)
        if line.strip():
            assert any(s.start <= start < s.end for s in covered), line


def test_article_to_dict_is_json_ready(seeds: dict[str, Article]) -> None:
    """article_to_dict gives every field the articles command prints, as plain JSON."""
    data = json.loads(json.dumps(article_to_dict(seeds["003"])))
    assert set(data) == {"id", "title", "title_from_body", "outlet", "url", "date", "dateline", "author", "agencies",
                         "captions", "removed", "paragraphs", "source_format"}
    assert {"name": "AFP", "role": "byline"}.items() <= data["agencies"][0].items()
    assert any(r["reason"] == "title" and r["text"] == data["title"] for r in data["removed"])
    text = seeds["003"].text
    for paragraph in data["paragraphs"]:
        assert text[paragraph["start"] : paragraph["end"]] == paragraph["text"]
