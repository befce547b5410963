"""The line, date, agency and outlet rules ingest is built from, on small made-up inputs."""

from __future__ import annotations

import pytest

from compare.ingest import parse_text
from compare.ingest.cleanup import is_prose, photo_credit, split_lines
from compare.ingest.dates import date_on_line, parse_date
from compare.ingest.outlets import domain_of_line, find_agencies, outlet_for_domain, outlet_for_name


def test_split_lines_handles_crlf_cr_and_nbsp() -> None:
    """Line offsets skip CRLF/CR endings and outer tabs or NBSP but index the original text."""
    text = "a\r\n\t b\u00a0\rc"
    lines = split_lines(text)
    assert [line.text for line in lines] == ["a", "b", "c"]
    assert [text[line.start : line.end] for line in lines] == ["a", "b", "c"]


def test_prose_needs_words_and_sentence_end() -> None:
    """A sentence is prose; a headline, a menu or "No stories found." is not."""
    assert is_prose("The meeting follows on from Putin's first visit.")
    assert is_prose("“I think so,” he said.")
    assert not is_prose("Putin, Abe hold hot spring meet on WWII island row")
    assert not is_prose("No stories found.")


def test_photo_credit_at_line_end() -> None:
    """A trailing "(AP)" or "(Reuters Photo)" is a photo credit; a parenthesis in prose is not."""
    assert photo_credit("Putin shakes hands with Abe in the Kremlin in Moscow. (AP)")
    assert photo_credit("Abe gestures while speaking to Putin in Nagato, Japan.(Reuters Photo)")
    assert photo_credit("He met the leaders of the Group of Seven (G7)") is None


def test_dates_publication_vs_banner() -> None:
    """"Updated:" and "First Published:" are publication dates; weekday banners are not."""
    assert date_on_line("world Updated: Dec 15, 2016 18:22 IST").iso == "2016-12-15"
    assert date_on_line("First Published: Dec 15, 2016 18:22 IST").iso == "2016-12-15"
    assert date_on_line("Thursday, Sep 19, 2019") is None
    assert date_on_line("Sep 18, 2019-Wednesday") is None  # a weekday banner, not a publication date
    assert parse_date("2017-04-27T10:00:00Z") == "2017-04-27"
    assert parse_date("27 April 2017") == "2017-04-27"
    assert parse_date("Feb 30, 2017") is None


def test_agency_names_do_not_overlap() -> None:
    """"APP" is not "AP", and "Associated Press of Pakistan" is APP, not AP."""
    assert [n for n, _, _ in find_agencies("(APP)")] == ["APP"]
    assert [n for n, _, _ in find_agencies("Associated Press of Pakistan")] == ["APP"]
    assert [n for n, _, _ in find_agencies("Nagato, Japan, AFP")] == ["AFP"]


def test_short_acronyms_do_not_count_in_running_text() -> None:
    """In a body, "AP" (Andhra Pradesh) is no agency, but "Reuters" is a mention."""
    assert find_agencies("Rains lashed coastal AP on Monday.", in_text=True) == []
    assert [n for n, _, _ in find_agencies("he told Reuters on Monday", in_text=True)] == ["Reuters"]


def test_outlet_table_matches_whole_domains() -> None:
    """newindianexpress.com is The New Indian Express, never The Indian Express."""
    assert outlet_for_domain("www.newindianexpress.com") == "The New Indian Express"
    assert outlet_for_domain("https://indianexpress.com/article/x") == "The Indian Express"
    assert outlet_for_domain("example.com") is None
    assert outlet_for_name("the new indian express") == "The New Indian Express"
    assert domain_of_line("www.newindianexpress.com") == "newindianexpress.com"
    assert domain_of_line("No stories found.") is None


def test_wire_dateline_with_agency_and_date() -> None:
    """"NEW DELHI, Jan 5 (Reuters) -" gives dateline New Delhi and a dateline credit to Reuters."""
    text = "Rupee slips\n\nNEW DELHI, Jan 5 (Reuters) - The rupee fell against the dollar on Friday, dealers said.\n"
    article = parse_text("a", text)
    assert article.dateline == "New Delhi"
    assert [(a.name, a.role) for a in article.agencies] == [("Reuters", "dateline")]


def test_credit_lines_are_bylines() -> None:
    """"By AFP" above a story and "(With inputs from PTI)" below it credit the copy, and leave the body."""
    text = ("Floods hit Kerala\n\nBy AFP\n\nHeavy rain flooded large parts of Kerala on Sunday, officials said.\n\n"
            "(With inputs from PTI)\n")
    article = parse_text("a", text)
    assert {(a.name, a.role) for a in article.agencies} == {("AFP", "byline"), ("PTI", "byline")}
    assert "AFP" not in article.body and "PTI" not in article.body


@pytest.mark.parametrize(("line", "author"), [
    ("By Our Correspondents", "Our Correspondents"),
    ("By Jane Doe, Moscow correspondent", "Jane Doe, Moscow correspondent"),
    ("Staff Reporter", "Staff Reporter"),
    ("From our correspondent in Moscow", "From our correspondent in Moscow"),
    ("By Jane Doe and John Smith", "Jane Doe and John Smith"),
])
def test_person_and_desk_bylines_are_the_author(line: str, author: str) -> None:
    """A byline naming no agency ("By Our Correspondents") becomes the author and leaves the body."""
    text = f"Floods hit Kerala\n\n{line}\n\nHeavy rain flooded large parts of Kerala on Sunday, officials said.\n"
    article = parse_text("a", text)
    assert article.author == author
    assert line not in article.body
    assert ("credit", line) in {(r.reason, r.span.slice(article.text)) for r in article.removed}


@pytest.mark.parametrize("line", [
    "By the numbers", "By 2030 the city will grow", "Our view", "By George, they've done it",
    "Our correspondents report from the front line", "Our Bureau chief resigns",
])
def test_lines_that_only_look_like_bylines_credit_nobody(line: str) -> None:
    """Headlines that open like a byline ("By the...", "Our correspondents report...") are not an author."""
    from compare.ingest.metadata import byline_author

    assert byline_author(line) is None


def test_author_from_front_matter_wins_over_a_byline_line() -> None:
    """Given metadata always wins: the byline line still leaves the body."""
    text = ("---\nauthor: Jane Doe\n---\nFloods hit Kerala\n\nBy Our Correspondents\n\n"
            "Heavy rain fell, officials said.\n")
    article = parse_text("a.md", text, "md")
    assert article.author == "Jane Doe" and "Correspondents" not in article.body


def test_lower_case_continuation_is_rejoined() -> None:
    """A paragraph ending on a bare word joins a next paragraph starting lower-case."""
    text = "Title here\n\nThe minister said the plan would go ahead despite the\n\nobjections of the opposition.\n"
    article = parse_text("a", text)
    assert len(article.paragraphs) == 1
    assert article.body == "The minister said the plan would go ahead despite the objections of the opposition."


def test_separate_sentences_are_not_rejoined() -> None:
    """Paragraphs that end a sentence stay separate."""
    text = "Title here\n\nThe minister spoke on Monday.\n\nThe opposition walked out of the chamber.\n"
    assert len(parse_text("a", text).paragraphs) == 2


def test_text_without_headline_falls_back_to_first_paragraph() -> None:
    """With no headline line, the title is the start of the body, which stays in the body."""
    article = parse_text("a", "Prices rose sharply in March, the statistics office said on Friday.\n")
    assert article.title.startswith("Prices rose sharply")
    assert article.body.startswith("Prices rose sharply")
