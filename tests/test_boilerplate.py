"""Cross-outlet boilerplate: a newsletter prompt and a rights line printed under unrelated stories are cut from
the bodies and listed; a statement quoted across one story is not boilerplate and stays in the bodies."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from compare.cli import app
from compare.ingest import boilerplate
from compare.models import Article, Params, Span
from compare.pipeline import read_articles, run_folder
from compare.report.json import corpus_to_dict
from compare.report.markdown import render_index

runner = CliRunner()

NEWSLETTER = "Sign up for the Morning Brief to get our top stories in your inbox every weekday."
RIGHTS = "This report may not be reproduced or redistributed without written permission from the publisher."
STATEMENT = ('"We will not reopen the Calder crossing until every cable has been inspected, and that may take '
             'until the spring," said Ines Varga, the regional transport commissioner.')
OUTLETS = ("Northern Ledger", "Coastline Daily", "Valley Courier", "Metro Post")

# Unrelated events: (place, person, organisation, subject, figure)
EVENTS = (
    ("Tarrow", "Helena Brisk", "Tarrow Water Board", "a burst main under the market square", "4,200"),
    ("Oakfield", "Dmitri Saltz", "Oakfield Rovers", "a late equaliser against the league leaders", "18,000"),
    ("Pellham", "Ruth Okonkwo", "Pellham General Hospital", "a new cardiac ward", "36"),
    ("Greywater", "Tomas Eklund", "Greywater Council", "a plan to pedestrianise the harbour road", "12"),
    ("Lindenbrook", "Amara Castell", "Lindenbrook University", "a grant for coastal erosion research", "2.5 million"),
    ("Fenwick", "Owen Marsh", "Fenwick Fire Service", "a warehouse blaze near the rail yard", "60"),
    ("Cresthaven", "Priya Lomax", "Cresthaven Orchestra", "a season opening with a forgotten symphony", "1,100"),
    ("Holmside", "Victor Albescu", "Holmside Police", "a string of bicycle thefts", "45"),
    ("Marrowgate", "Junie Fallon", "Marrowgate Library", "a restored collection of ship logs", "300"),
    ("Sedgemoor", "Karl Wendt", "Sedgemoor Farmers Union", "a hailstorm that flattened barley fields", "800"),
    ("Brackwell", "Nadia Orsolya", "Brackwell Airport", "a delayed runway resurfacing", "9"),
    ("Quillon", "Felix Amundsen", "Quillon Tech Park", "a battery factory hiring drive", "650"),
    ("Ashcombe", "Maeve Tolliver", "Ashcombe Zoo", "the birth of two snow leopard cubs", "2"),
    ("Dunmere", "Hector Rialto", "Dunmere Ferry Company", "a winter timetable cut", "14"),
    ("Kestleigh", "Sabine Moreau", "Kestleigh Schools Trust", "a free breakfast scheme", "5,000"),
    ("Wyndham Cross", "Laszlo Peterfy", "Wyndham Cross Chamber of Commerce", "empty shops on the high street", "27"),
    ("Elvan", "Grace Adebayo", "Elvan Mountain Rescue", "two hikers found after a night on the ridge", "2"),
    ("Rookhurst", "Anders Kvist", "Rookhurst Brewery", "the closure of its oldest bottling line", "70"),
    ("Thornbury Vale", "Celia Dunmore", "Thornbury Vale Housing Association", "a rent freeze", "1,900"),
    ("Harlow Bay", "Ibrahim Sesay", "Harlow Bay Lifeboat Station", "a rescue of a capsized trawler", "5"),
    ("Pinecrest", "Mirela Ionescu", "Pinecrest Film Festival", "a record number of entries", "2,300"),
    ("Scarrow", "Duncan Whitlow", "Scarrow Bus Company", "new electric buses on the coast route", "22"),
)

# No more than five words in a row are the same from one event to another, so only shared lines can pair two.
TEMPLATES = (
    "{person} of {org} confirmed {subject} on Tuesday.",
    "Residents of {place} have watched {subject} closely.",
    "{org} said {figure} people in {place} were affected.",
    "{person} spoke outside the {org} offices in {place}.",
    "Traders in {place} said {subject} changed their plans.",
    "A spokesperson for {org} gave no timetable to {place} officials.",
    "Figures from {org} put the number at {figure}, says {person}.",
    "Critics in {place} argued {person} should have acted sooner.",
)

STORY = (
    "Ines Varga closed the Calder crossing at Harrowgate on Monday after inspectors found corroded cables.",
    "Drivers between Harrowgate and Millbeck now face a forty-minute detour, the Harrowgate roads office said.",
    "The Calder crossing carries about 30,000 vehicles a day, according to Millbeck county figures.",
    "Engineers from Stroud & Pell, who built the Calder crossing, were called back to Harrowgate to assess it.",
    "Ines Varga said the Millbeck ferry would run extra sailings while the Calder crossing stays shut.",
    "Shops in Harrowgate fear the closure of the Calder crossing will cost them the holiday trade.",
)


def _front(title: str, outlet: str, day: int) -> str:
    return f'---\ntitle: "{title}"\noutlet: {outlet}\ndate: 2024-03-{day:02d}\n---\n\n'


def _event_article(n: int, closers: list[str], inline_closer: bool = False) -> str:
    place, person, org, subject, figure = EVENTS[n]
    fields = {"place": place, "person": person, "org": org, "subject": subject, "figure": figure}
    sentences = [TEMPLATES[(n + k) % len(TEMPLATES)].format(**fields) for k in range(6)]
    paragraphs = [" ".join(sentences[0:2]), " ".join(sentences[2:4]), " ".join(sentences[4:6])]
    if inline_closer:  # the prompt glued to the last paragraph: cut out of the middle of a paragraph span
        paragraphs[-1] = f"{paragraphs[-1]} {closers[0]} {person} will speak again on Friday."
        closers = closers[1:]
    title = f"{place}: {subject[0].upper()}{subject[1:]}"
    return _front(title, OUTLETS[n % len(OUTLETS)], 1 + n) + "\n\n".join([*paragraphs, *closers]) + "\n"


def _story_article(n: int, closers: list[str]) -> str:
    lines = [STORY[(n + k) % len(STORY)] for k in range(4)]
    body = [lines[0], lines[1], STATEMENT if n % 2 else f"{lines[2]} {STATEMENT}", lines[3]]
    title = f"Calder crossing shut at Harrowgate, report {n + 1}"
    return _front(title, OUTLETS[n % len(OUTLETS)], 11 + n) + "\n\n".join([*body, *closers]) + "\n"


def write_folder(folder: Path) -> None:
    """22 unrelated articles (14 close with the newsletter prompt, 6 with the rights line, one of them inline)
    and 8 articles of one story quoting one statement (two of them with the newsletter prompt too)."""
    folder.mkdir()
    for n in range(len(EVENTS)):
        closers = ([NEWSLETTER] if n < 14 else []) + ([RIGHTS] if n % 4 == 1 else [])
        (folder / f"event-{n:02d}.md").write_text(_event_article(n, closers, inline_closer=n == 3),
                                                   encoding="utf-8")
    for n in range(8):
        (folder / f"story-{n}.md").write_text(_story_article(n, [NEWSLETTER] if n < 2 else []), encoding="utf-8")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("boiler") / "articles"
    write_folder(path)
    return path


@pytest.fixture(scope="module")
def articles(folder: Path) -> dict[str, Article]:
    found, skipped = read_articles(folder)
    assert not skipped
    return {a.id: a for a in found}


def _removed(article: Article, reason_start: str) -> list[tuple[str, str]]:
    return [(r.span.slice(article.text), r.reason) for r in article.removed if r.reason.startswith(reason_start)]


def test_newsletter_and_rights_lines_are_cut_from_every_carrier_with_offsets(articles: dict[str, Article]) -> None:
    for article in articles.values():
        for paragraph in article.paragraphs:
            assert NEWSLETTER not in paragraph.slice(article.text)
            assert RIGHTS not in paragraph.slice(article.text)
        assert NEWSLETTER not in article.body and RIGHTS not in article.body
    newsletter = [a for a in articles.values() if NEWSLETTER in a.text]
    rights = [a for a in articles.values() if RIGHTS in a.text]
    assert (len(newsletter), len(rights)) == (16, 6)
    for article in newsletter:
        assert _removed(article, "boilerplate") [:1] == [(NEWSLETTER, "boilerplate, in 16 articles")]
    for article in rights:
        assert (RIGHTS, "boilerplate, in 6 articles") in _removed(article, "boilerplate")


def test_a_sentence_inside_a_paragraph_is_cut_around(articles: dict[str, Article]) -> None:
    article = articles["event-03.md"]
    start = article.text.index(NEWSLETTER)
    assert next(r.span for r in article.removed if r.reason.startswith("boilerplate")) == \
        Span(start, start + len(NEWSLETTER))
    last, tail = article.paragraphs[-2:]
    assert article.text[last.end : tail.start] == " " + NEWSLETTER + " "
    assert tail.slice(article.text) == "Tomas Eklund will speak again on Friday."


def test_a_statement_quoted_across_one_story_stays_in_the_bodies(articles: dict[str, Article]) -> None:
    quote_key = boilerplate.sentence_keys(articles["story-1.md"])
    assert any("calder crossing until every cable" in key for key in quote_key)
    carriers = [a for a in articles.values() if STORY[0] in a.text]
    assert len(carriers) >= boilerplate.MIN_CARRIERS  # as widespread as the rights line, but one story's
    for n in range(8):
        article = articles[f"story-{n}.md"]
        assert "until every cable has been inspected" in article.body
        assert STORY[0] not in article.text or STORY[0] in article.body
        assert not [r for r in article.removed if "every cable" in r.span.slice(article.text)]


def test_the_run_lists_the_boilerplate_and_no_longer_pairs_strangers_through_it(folder: Path) -> None:
    result = run_folder(folder, Params())
    assert [(b.text, b.count) for b in result.boilerplate] == [(NEWSLETTER, 16), (RIGHTS, 6)]
    assert result.boilerplate[1].articles == tuple(f"event-{n:02d}.md" for n in (1, 5, 9, 13, 17, 21))
    paired = {(p.similarity.a, p.similarity.b) for p in result.pairs}
    assert not [pair for pair in paired if pair[0].startswith("event") or pair[1].startswith("event")]
    quoted = [c for c in result.reuse if any("every cable has been inspected" in w.text for w in c.witnesses)]
    assert [sorted(c.articles) for c in quoted] == [[f"story-{n}.md" for n in range(8)]]  # one reuse cluster
    assert not [c for c in result.reuse if any(NEWSLETTER in w.text or RIGHTS in w.text for w in c.witnesses)]
    index = render_index(result)
    assert "## Boilerplate" in index
    rows = [[c.strip() for c in line.strip("|").split("|")] for line in index.split("## Boilerplate")[1].splitlines()
            if line.startswith("| ") and "---" not in line]
    assert rows == [["text", "articles"], [NEWSLETTER, "16"], [RIGHTS, "6"]]
    data = corpus_to_dict(result)
    assert data["boilerplate"][0] == {"text": NEWSLETTER, "count": 16,
                                      "articles": sorted(a.id for a in result.articles if NEWSLETTER in a.text)}


def test_compare_articles_and_run_json_show_it(folder: Path) -> None:
    shown = runner.invoke(app, ["articles", str(folder)])
    assert shown.exit_code == 0, shown.output
    assert "removed (boilerplate, in 16 articles)" in shown.output
    out = folder.parent / "reports"
    printed = runner.invoke(app, ["run", str(folder), "--out", str(out), "--json"])
    assert printed.exit_code == 0, printed.output
    data = json.loads(printed.output[printed.output.index("{"):])
    assert [(b["text"], b["count"]) for b in data["boilerplate"]] == [(NEWSLETTER, 16), (RIGHTS, 6)]
    assert "## Boilerplate" in (out / "index.md").read_text(encoding="utf-8")


def test_a_warm_cache_gives_the_same_articles_and_dedup_reads_them_too(folder: Path, tmp_path: Path,
                                                                       articles: dict[str, Article]) -> None:
    """The article cache holds articles before the corpus pass, so a warm run strips the same sentences;
    `compare dedup` on a folder reads through the same path."""
    from compare.pipeline import dedup_input
    from compare.runtime.cache import Cache
    from compare.runtime.context import RunContext

    cache = Cache(tmp_path / "cache.sqlite")
    try:
        context = RunContext.make(1, cache=cache)
        cold, _ = read_articles(folder, context)
        warm, _ = read_articles(folder, context)
        pairs, _, _ = dedup_input(folder, Params(), context)
    finally:
        cache.close()
    assert cold == warm == tuple(articles[a.id] for a in cold)
    assert not [p for p in pairs if p.a.startswith("event") or p.b.startswith("event")]


_VOCABULARY = ("river", "council", "budget", "school", "market", "bridge", "harvest", "museum", "tenants",
               "railway", "festival", "clinic", "harbour", "library", "ferry", "station", "garden", "bakery")


def _one_outlet(folder: Path, count: int, carriers: int, line: str) -> None:
    """``count`` different short articles of one outlet; the first ``carriers`` end on ``line``."""
    folder.mkdir()
    for n in range(count):
        draw = random.Random(n)
        sentences = [" ".join(["The", *draw.sample(_VOCABULARY, 9)]) + f" rose by {n + k}." for k in range(6)]
        body = [" ".join(sentences[k : k + 2]) for k in (0, 2, 4)] + ([line] if n < carriers else [])
        text = _front(f"Report {n}", "Valley Courier", 1 + n % 28) + "\n\n".join(body) + "\n"
        (folder / f"v{n:02d}.md").write_text(text, encoding="utf-8")


def test_a_big_outlet_needs_a_share_of_its_articles_to_call_a_line_its_chrome(tmp_path: Path) -> None:
    """In a 60-article outlet, two stories ending on one sentence share it by chance (it stays); three do
    (OUTLET_SHARE of 60), and it is the outlet's chrome."""
    from compare.ingest.corpus import OUTLET_SHARE

    line = "The harbour master's office reopened the east quay to small boats on Thursday morning."
    assert OUTLET_SHARE * 60 == 3
    for carriers, kept in ((2, True), (3, False)):
        folder = tmp_path / f"c{carriers}"
        _one_outlet(folder, 60, carriers, line)
        found, _ = read_articles(folder)
        assert {a.outlet for a in found} == {"Valley Courier"}
        assert all((line in a.body) == kept for a in found if line in a.text)
        assert kept or all("recurring" in [r.reason for r in a.removed] for a in found if line in a.text)


def test_pair_cache_keys_ignore_the_count_in_removed_reasons(articles: dict[str, Article]) -> None:
    """Adding one more carrier changes "in 16 articles" in every carrier; cached pair descriptions stay valid."""
    from dataclasses import replace

    from compare.runtime.cache import pair_key

    a, b = articles["event-00.md"], articles["event-01.md"]
    recounted = replace(a, removed=tuple(replace(r, reason=r.reason.replace("16", "17")) for r in a.removed))
    assert recounted != a
    assert pair_key(recounted, b) == pair_key(a, b)
    assert pair_key(replace(a, paragraphs=a.paragraphs[1:]), b) != pair_key(a, b)


def test_an_article_of_nothing_but_boilerplate_is_skipped_with_a_note(tmp_path: Path) -> None:
    """It counted as a carrier when the rule was decided, but "in N articles" counts the articles kept."""
    folder = tmp_path / "articles"
    write_folder(folder)
    (folder / "notice.md").write_text(_front("A notice", "Metro Post", 28) + RIGHTS + "\n", encoding="utf-8")
    found, skipped = read_articles(folder)
    assert "notice.md" not in {a.id for a in found}
    assert [(s.path, s.reason.endswith("once boilerplate is out")) for s in skipped] == [("notice.md", True)]
    assert next(a for a in found if a.id == "event-01.md").removed[-1].reason == "boilerplate, in 6 articles"


def test_the_html_index_lists_it(folder: Path) -> None:
    from compare.report.html import render_html

    page = render_html(corpus_to_dict(run_folder(folder, Params())))["html/index.html"]
    section = page.split('<h2 id="boilerplate">Boilerplate</h2>')[1].split("</table>")[0]
    assert f"<tr><td>{NEWSLETTER}</td><td>16</td></tr>" in section
    assert f"<tr><td>{RIGHTS}</td><td>6</td></tr>" in section
