"""HTML pages are read by consensus of trafilatura (balanced, precise) and readability."""

from __future__ import annotations

from compare.ingest import parse_text
from compare.ingest.extractors import consensus, readability_text

STORY = ("Rescuers reached the stranded climbers on the north face of the mountain late on Sunday after two days "
         "of storms had kept helicopters on the ground. ")
OTHER = "Ten things to watch on television this week include a cooking contest and a new detective drama. "


def test_medoid_wins_and_ties_go_first() -> None:
    """The reading closest to the others is taken; two equal readings keep the first."""
    assert consensus([STORY * 3, STORY * 3, OTHER * 3]) == 0
    assert consensus([OTHER * 3, STORY * 3, STORY * 3]) == 1
    assert consensus([STORY * 3, STORY * 3 + OTHER, OTHER * 3]) == 1  # the reading between the others
    assert consensus([STORY, STORY, STORY]) == 0


def test_empty_readings_do_not_vote() -> None:
    assert consensus(["", "  ", STORY]) == 2
    assert consensus(["", ""]) is None


def test_truncated_reading_gives_way_to_the_whole() -> None:
    """Two alike readings that hold only the start of a third, twice as long, lose to it."""
    whole = STORY + "".join(f"Paragraph {n} adds new facts about the climb and the rescue team. " for n in range(30))
    assert consensus([STORY * 1, STORY * 1, whole]) == 2


def test_arbiter_wins_when_the_families_disagree() -> None:
    """When readability shares less than half its text with trafilatura, readability's reading is taken."""
    assert consensus([OTHER * 4, OTHER * 4, STORY * 4], arbiter=2) == 2
    assert consensus([STORY * 4, STORY * 4, STORY * 3 + OTHER], arbiter=2) == 0


PAGE = """<html><head><title>Climbers rescued after storm | Mountain Daily</title>
<meta property="og:site_name" content="Mountain Daily"></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article><h1>Climbers rescued after storm</h1>
<p>Share Tweet Email Print</p>
<p>Rescuers reached the stranded climbers on the north face of the mountain late on Sunday after two days of storms
had kept helicopters on the ground, the regional rescue service said.</p>
<p>The four climbers, all experienced mountaineers, had sheltered in a snow cave at 3,900 metres.</p>
<p>Doctors said the climbers were cold and tired but otherwise unhurt, and all four were flown to hospital.</p>
<p>Read more: Storm season starts early in the Alps</p>
<p>Follow us on Facebook and Twitter</p>
</article>
<footer><p>Copyright 2021 Mountain Daily. All rights reserved.</p></footer>
</body></html>"""


def test_page_body_title_and_outlet() -> None:
    article = parse_text("page.html", PAGE, "html")
    assert article.title == "Climbers rescued after storm"
    assert article.outlet == "Mountain Daily"
    assert "snow cave at 3,900 metres" in article.body and "flown to hospital" in article.body
    for chrome in ("Share Tweet", "Read more", "Follow us", "Copyright", "Home", "Climbers rescued after storm"):
        assert chrome not in article.body


def test_readability_text_is_one_block_a_line() -> None:
    text = readability_text(PAGE, None)
    assert "snow cave at 3,900 metres." in text
    assert all(line == " ".join(line.split()) for line in text.splitlines())


POST_PAGE = """<html><head><title>Slogan draws mockery online | Valley Post</title></head><body><article>
<h1>Slogan draws mockery online</h1>
<p>The state's new road safety slogan drew thousands of replies within hours of its launch on Monday morning.</p>
<p>Many of the replies poked fun at the wording, which officials said had been tested with focus groups.</p>
<blockquote class="twitter-tweet"><p>Who signed off on this one? Asking for a friend.</p>
&mdash; Jane Roe (@janeroe_example)
<a href="https://example.com/status/1">May 2, 2019</a></blockquote>
<p>The transport department said the campaign would run for six weeks on billboards and local radio.</p>
<p>Officials said they welcomed the attention because it meant people were talking about road safety.</p>
</article></body></html>"""


def test_embedded_post_is_put_back_where_the_story_quotes_it() -> None:
    """A tweet the story embeds is body text, after the paragraph before it, with its attribution."""
    article = parse_text("post.html", POST_PAGE, "html")
    body = article.body
    assert "Who signed off on this one?" in body and "(@janeroe_example) May 2, 2019" in body
    assert body.index("poked fun at the wording") < body.index("Who signed off") < body.index("six weeks")
