"""Real-world plain text: hard wraps, run-together sentences, page furniture, credit lines, police "AFP".

Every fixture under tests/data/realworld/ was written for these tests (no text copied from the web);
each reproduces one damage seen in scraped news. Assertions say what the body, title and credits
must and must not contain, and that every repaired span still indexes the file's own characters.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from compare.facts.sentences import split_sentences
from compare.ingest import parse_text
from compare.ingest.furniture import is_breadcrumb, is_call_to_action, is_furniture, is_icon_run, is_share_block
from compare.ingest.outlets import find_agencies
from compare.ingest.repair import glued_cuts, wrap_width
from compare.models import Article
from compare.report.json import article_to_dict

DATA = Path(__file__).parent / "data" / "realworld"


def read(name: str) -> Article:
    return parse_text(name, (DATA / name).read_text(encoding="utf-8"), "txt")


def sentences(article: Article) -> list[str]:
    return [" ".join(s.slice(article.text).split()) for s in split_sentences(article.text, article.paragraphs)]


def names(article: Article) -> list[tuple[str, str]]:
    return [(a.name, a.role) for a in article.agencies]


def test_hard_wrapped_lines_become_paragraphs() -> None:
    """Lines wrapped at ~75 columns join into three paragraphs; no sentence is a wrap fragment."""
    article = read("wrapped.txt")
    assert len(article.paragraphs) == 3
    found = sentences(article)
    assert "In honor of the" not in found
    assert any(s.startswith("In honor of the Harbour Master Daniel Okafor") for s in found)
    assert all(s[-1] in ".!?”\"" for s in found)


def test_hard_wrapped_title_and_byline() -> None:
    """The headline is the short first line, not a wrapped paragraph; "Posted by" is the author."""
    article = read("wrapped.txt")
    assert article.title == "Harbour towns mark ferry link anniversary"
    assert article.author == "Marta Kowalczyk"
    assert "Posted by" not in article.body and "anniversary" not in article.body


def test_wrap_width_only_for_wrapped_text() -> None:
    """One-paragraph-a-line text (the seeds' shape) is not taken for wrapped text."""
    from compare.ingest.cleanup import split_lines

    assert wrap_width(split_lines((DATA / "wrapped.txt").read_text(encoding="utf-8"))) in range(70, 81)
    assert wrap_width(split_lines((DATA / "furniture.txt").read_text(encoding="utf-8"))) is None


def test_run_together_sentences_are_split() -> None:
    """A story saved with its paragraphs run together is read, and split where a sentence ends."""
    article = read("glued.txt")
    found = sentences(article)
    assert any(s.endswith("winding tunnels.") for s in found)
    assert any(s.startswith("There had been no contact") for s in found)
    assert any("The U.S. mining firm" in s and "Redrock Minerals Inc., said" in s and "3.5 metres" in s for s in found)
    assert "https://www.example.org/Rescue.Update" in article.body


@pytest.mark.parametrize(("text", "cuts"), [
    ("winding tunnels.There had been", [16]),
    ('he said."We will', [8]),
    ("The U.S. Senate", []),
    ("in the U.S.The next", []),
    ("fell 3.5 metres", []),
    ("Acme Inc.Shares rose", []),
    ("see www.example.com/News.Html now", []),
])
def test_glued_cuts(text: str, cuts: list[int]) -> None:
    assert glued_cuts(text) == cuts


def test_split_pieces_index_the_file() -> None:
    """Every paragraph of a repaired text is a slice of the file as it is: nothing was inserted."""
    for name in ("glued.txt", "wrapped.txt", "stamp.txt"):
        article = read(name)
        raw = (DATA / name).read_text(encoding="utf-8")
        assert article.text == raw
        for span in article.paragraphs:
            assert span.slice(raw).strip() == span.slice(raw)


def test_furniture_lines_are_removed() -> None:
    """Icon labels, a breadcrumb, a date banner, share and follow lines and a teaser leave the body and the title."""
    article = read("furniture.txt")
    assert article.title == "Leaders meet at mountain resort for border talks"
    for furniture in ("icon", "World Asia", "Thursday, April 15", "Share Tweet", "Read more", "Follow us"):
        assert furniture not in article.body
    assert "a border dispute that has soured relations" in article.body
    reasons = [r.reason for r in article.removed]
    assert reasons.count("furniture") == 5 and "date" in reasons


@pytest.mark.parametrize(("line", "rule"), [
    ("icon bookmark-bicon bookmarkicon cameraicon chevron-lefticon", is_icon_run),
    ("Share Tweet Email Print", is_share_block),
    ("Home › World › Asia", is_breadcrumb),
    ("World Asia 15 Dec 2016 Leaders meet at resort", is_breadcrumb),
    ("Sign up for our newsletter to get the morning briefing", is_call_to_action),
    ("Write to Jane Roe at jane.roe@example.com", is_call_to_action),
    ("Follow Harbour Radio on Instagram, Facebook and YouTube.", is_call_to_action),
    ("Ferry strike ends after talks [VIDEO]", is_call_to_action),
    ("12 issues for £10. Click here for more information.", is_call_to_action),
    ("© 2021 Example Media Group. All rights reserved.", is_call_to_action),
    ("Updated at 1:23 p.m.", is_call_to_action),
    ("5 min read", is_call_to_action),
])
def test_furniture_rules(line: str, rule) -> None:  # type: ignore[no-untyped-def]
    assert rule(line)


@pytest.mark.parametrize("line", [
    "The iconic bridge reopened on Sunday after a year of repairs, officials said.",
    "Share prices fell sharply on Monday as investors sold bank stocks.",
    "World leaders met in Paris on 15 Dec 2016 to sign the accord.",
    "She said she would follow the advice of her doctors.",
    "| 1 | Kyle Example | 5040 | 5 |",
    "Why the ferry matters to both towns [Harbour Weekly]",
    "https://example.org/report.pdf",
])
def test_prose_is_not_furniture(line: str) -> None:
    assert not is_furniture(line)


def test_leading_date_stamp() -> None:
    """"date 2018-07-10" before the first paragraph is a date, not text; the rest is the first paragraph."""
    article = read("stamp.txt")
    assert article.date == "2018-07-10"
    assert article.body.startswith("MAE SAI, Thailand - A daring rescue")
    assert "2018-07-10" not in article.body
    assert article.dateline == "Mae Sai"


def test_title_from_first_sentence_is_flagged() -> None:
    """With no headline line the title is the first sentence, without its dateline, cut at a word, flagged."""
    article = read("stamp.txt")
    assert article.title.startswith("A daring rescue by divers") and article.title.endswith("…")
    assert len(article.title) <= 121 and "MAE SAI" not in article.title
    assert article_to_dict(article)["title_from_body"] is True
    assert article_to_dict(read("credit.txt"))["title_from_body"] is False


def test_title_is_never_a_date_or_a_paragraph() -> None:
    """A date banner or a whole paragraph above the story is not its title."""
    text = ("Thursday, April 15, 2021\n\n" + "A long standfirst sentence that runs on " * 8 + "and ends here.\n\n"
            "Officials said on Thursday that the bridge would reopen next week after repairs.\n")
    article = parse_text("t.txt", text)
    assert article.title != "Thursday, April 15, 2021"
    assert len(article.title) <= 121


@pytest.mark.parametrize(("name", "outlet", "agency"), [
    ("credit.txt", "Deutsche Welle", None),
    ("reuters.txt", "Reuters", ("Reuters", "dateline")),
    ("tass.txt", "TASS", ("TASS", "dateline")),
])
def test_outlet_from_credit_lines(name: str, outlet: str, agency: tuple[str, str] | None) -> None:
    """A "<outlet>, <date>" line, a "(Reuters) -" dateline or "/TASS/" names the outlet of a plain text."""
    article = read(name)
    assert article.outlet == outlet
    if agency:
        assert agency in names(article)
    assert outlet not in article.body.split("\n\n")[-1]


def test_credit_line_gives_date_and_leaves_body() -> None:
    article = read("credit.txt")
    assert article.date == "2016-12-15"
    assert "Deutsche Welle" not in article.body


def test_police_afp_is_not_the_agency() -> None:
    """"the AFP are looking at..." and "AFP officers" are the Australian Federal Police, not a credit."""
    article = read("police.txt")
    assert ("AFP", "byline") not in names(article) and ("AFP", "text") not in names(article)
    assert "the AFP are looking at a longer-term option" in article.body
    assert find_agencies("the AFP are looking at a longer-term option") == []
    assert find_agencies("AFP officers searched the ridge") == []
    assert [n for n, _, _ in find_agencies("Photo: AFP")] == ["AFP"]


def test_two_agency_photo_credit() -> None:
    """"(AFP-JIJI)" on a caption credits both agencies for the photo, and the caption leaves the body."""
    article = read("police.txt")
    assert ("AFP", "photo") in names(article) and ("Jiji", "photo") in names(article)
    assert "Volunteers gather" not in article.body
    assert [n for n, _, _ in find_agencies("(AFP-JIJI)")] == ["AFP", "Jiji"]


def test_our_correspondents_is_own_staff() -> None:
    """"By our correspondents" is the outlet's own staff: an author, no agency."""
    article = read("police.txt")
    assert article.author == "our correspondents"
    assert "By our correspondents" not in article.body
    assert all(role != "byline" for _, role in names(article))


def test_uncredited_caption_naming_police_afp(tmp_path: Path) -> None:
    """A caption printed twice that starts "AFP officers" credits no photo agency."""
    caption = "AFP officers walk along the ridge line during the search on Sunday."
    text = (f"Search for hikers goes on\n\n{caption}\n{caption}\n\n"
            "Police said on Monday that the search for two hikers would go on through the week.\n")
    article = parse_text("c.txt", text)
    assert names(article) == []
    assert "walk along the ridge" not in article.body


def test_quoted_post_attribution_stays_in_the_body() -> None:
    """"— Jane Roe (@janeroe) May 2, 2019" under a quoted post is part of the quote, not a date line."""
    text = ("Slogan draws mockery online\n\n"
            "The new road safety slogan drew thousands of replies within hours of its launch on Monday.\n\n"
            "Who signed off on this one? Asking for a friend.\n"
            "— Jane Roe (@janeroe_example) May 2, 2019\n\n"
            "The transport department said the campaign would run for six weeks on billboards.\n")
    article = parse_text("post.txt", text)
    assert "(@janeroe_example) May 2, 2019" in article.body
    assert article.date is None


@pytest.mark.parametrize(("caption", "agency"), [
    ("Workers clear debris in the harbour town centre on Monday. REUTERS/Jane Roe", "Reuters"),
    ("The ferry leaves the quay at Eastport on Saturday morning.Reuters", "Reuters"),
    ("Rescuers carry a survivor out of the flooded mine. AP Photo/John Doe", "AP"),
])
def test_unbracketed_photo_credit_makes_a_caption(caption: str, agency: str) -> None:
    """A caption whose credit has no brackets still leaves the body, credited as a photo."""
    text = (f"Harbour town cleans up after storm\n\n{caption}\n\n"
            "Residents of the harbour town began clearing debris on Monday after a storm flooded the quays.\n")
    article = parse_text("cap.txt", text)
    assert caption[:20] not in article.body
    assert (agency, "photo") in names(article)


def test_sentence_ending_in_an_agency_is_not_a_caption() -> None:
    text = ("Talks fail\n\nThe minister said the talks had failed, he told Reuters.\n\n"
            "Officials said a new round would be held in the spring.\n")
    assert "he told Reuters" in parse_text("t.txt", text).body
