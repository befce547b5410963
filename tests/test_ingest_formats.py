"""Each input format reads into Articles whose offsets point into Article.text."""

from __future__ import annotations

from pathlib import Path

import pytest

from compare.errors import InputNotFoundError
from compare.ingest import parse_text, read_corpus, read_jsonl_lenient
from compare.models import Article, Skipped

DATA = Path(__file__).parent / "data" / "ingest"
Corpus = tuple[dict[str, Article], tuple[Skipped, ...]]


@pytest.fixture(scope="module")
def formats() -> Corpus:
    articles, skipped = read_corpus(DATA / "formats")
    return {a.id: a for a in articles}, skipped


def test_plain_txt_title_and_dateline(formats: Corpus) -> None:
    """A .txt file's first short line is its title and "TAIPEI:" its dateline; the prefix stays in the body."""
    article = formats[0]["plain.txt"]
    assert article.title == "Quake shakes Taiwan capital"
    assert article.dateline == "Taipei"
    assert article.body.startswith("TAIPEI: A strong earthquake")
    assert "Quake shakes Taiwan capital" not in article.body


def test_markdown_front_matter_wins(formats: Corpus) -> None:
    """Front matter gives title, outlet, url, date, author and agency, over anything in the text."""
    article = formats[0]["article.md"]
    assert (article.title, article.outlet, article.author) == ("Summit ends without island deal", "Japan Today",
                                                               "Staff writer")
    assert article.url == "https://japantoday.com/category/politics/summit-ends"
    assert article.date == "2016-12-16"
    assert [(a.name, a.role) for a in article.agencies] == [("Kyodo", "byline")]
    assert article.agencies[0].span.slice(article.text) == "Kyodo"


def test_markdown_front_matter_and_heading_leave_the_body(formats: Corpus) -> None:
    """Neither the YAML block, the "# title" heading nor an "Updated:" line is compared."""
    article = formats[0]["article.md"]
    assert "title:" not in article.body and "# Summit" not in article.body and "Updated" not in article.body
    assert [r.reason for r in article.removed][:2] == ["front matter", "title"]
    assert article.text.startswith("---\ntitle:")


def test_html_page_drops_navigation_ads_comments_footer(formats: Corpus) -> None:
    """An HTML page keeps the story and none of its menu, ad, comments, related links or footer."""
    article = formats[0]["page.html"]
    assert article.source_format == "html"
    assert "magnitude 5.8 earthquake" in article.body
    for chrome in ("Advertisement", "Stay safe", "First!", "Related Stories", "Volcano alert", "Privacy", "Sports",
                   "rights reserved", "12°C"):
        assert chrome not in article.body


def test_html_metadata_from_markup(formats: Corpus) -> None:
    """An HTML page's title, site name, url, date and author come from its markup."""
    article = formats[0]["page.html"]
    assert article.title == "Quake jolts northern Japan coast"
    assert article.outlet == "The Japan Times"
    assert article.date == "2018-03-04"
    assert article.author == "Kenji Sato"
    assert article.dateline == "Sendai"
    assert article.url and "japantimes.co.jp" in article.url


def test_json_list_of_text_and_html_objects(formats: Corpus) -> None:
    """A .json list gives one article per object, from "text" or from "html", with its fields."""
    by_id = formats[0]
    text, html = by_id["json-text"], by_id["json-html"]
    assert (text.title, text.outlet, text.date) == ("Oil prices climb", "Reuters", "2019-03-03")
    assert len(text.paragraphs) == 2
    assert html.outlet == "The Hindu"
    assert "record rice harvest" in html.body and "Markets" not in html.body and "Rice harvest up" not in html.body


def test_jsonl_one_article_per_line(formats: Corpus) -> None:
    """A .jsonl file gives one article per line, keeping the ids and given dates."""
    by_id = formats[0]
    assert by_id["line-1"].date == "2020-01-05"
    assert by_id["line-2"].source_format == "jsonl"
    assert by_id["line-2"].body.startswith("Coffee prices hit a five-year high")


def test_other_suffixes_are_skipped_and_listed(formats: Corpus) -> None:
    """A file of another type is not read but listed with its suffix."""
    assert Skipped("notes.xyz", "unsupported file type .xyz") in formats[1]
    assert "notes.xyz" not in formats[0]


def test_messy_text_keeps_crlf_and_drops_bom(formats: Corpus) -> None:
    """CRLF stays in Article.text (offsets point into the file) and the BOM is gone."""
    article = formats[0]["messy.txt"]
    raw = (DATA / "formats" / "messy.txt").read_bytes().decode("utf-8")
    assert article.text == raw.removeprefix("\ufeff")
    assert "\r\n" in article.text
    for span in (*article.paragraphs, *article.captions, *(r.span for r in article.removed)):
        piece = span.slice(article.text)
        assert piece == piece.strip() and piece


def test_messy_text_chrome_caption_and_rejoin(formats: Corpus) -> None:
    """Tabs, NBSP and curly quotes do not stop chrome removal, caption credit or rejoining."""
    article = formats[0]["messy.txt"]
    assert article.title == "Monsoon floods cut off villages in Assam"
    assert article.date == "2018-03-04"
    assert article.dateline == "Guwahati"
    assert {(a.name, a.role) for a in article.agencies} == {("PTI", "photo"), ("PTI", "dateline")}
    assert "Villagers wade" in article.captions[0].slice(article.text)
    for chrome in ("Home", "°C", "Mar 5", "Also Read", "Share this story", "example-news", "Villagers wade"):
        assert chrome not in article.body
    assert "every affected block,” a disaster management official told reporters" in article.body
    assert "200 villages" in article.body


def test_parse_text_reads_html(formats: Corpus) -> None:
    """parse_text with format "html" extracts the story from markup."""
    html = (DATA / "formats" / "page.html").read_text(encoding="utf-8")
    article = parse_text("page", html, "html")
    assert article.title == "Quake jolts northern Japan coast"
    assert "<p>" not in article.text


def test_read_jsonl_reads_and_reports_bad_lines(tmp_path: Path) -> None:
    """read_jsonl_lenient returns the articles and a note naming the bad record, keeping the good one."""
    assert [a.id for a in read_jsonl_lenient(DATA / "formats" / "lines.jsonl")[0]] == ["line-1", "line-2"]
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "text": "One sentence that is long enough."}\n{"id": "b"}\n', encoding="utf-8")
    articles, notes = read_jsonl_lenient(bad)
    assert [a.id for a in articles] == ["a"]
    assert any("2" in n.path or "line 2" in n.reason for n in notes)


def test_missing_folder_is_an_input_error(tmp_path: Path) -> None:
    """A folder that does not exist raises InputNotFoundError."""
    with pytest.raises(InputNotFoundError):
        read_corpus(tmp_path / "nope")


def test_non_utf8_files_are_repaired_or_skipped() -> None:
    """cp1252 and UTF-16 files are read and listed as repaired; a binary file is skipped, not fatal."""
    articles, skipped = read_corpus(DATA / "encodings")
    by_id = {a.id: a for a in articles}
    reasons = {s.path: s.reason for s in skipped}
    assert reasons["cp1252.txt"] == "repaired: decoded as cp1252"
    assert reasons["utf16.txt"] == "repaired: decoded as UTF-16"
    assert reasons["binary.txt"].startswith("cannot be read")
    assert "binary.txt" not in by_id
    assert "“We are close,”" in by_id["cp1252.txt"].body
    assert by_id["utf16.txt"].title == "Talks resume"


def test_lines_recurring_across_an_outlet_are_chrome() -> None:
    """A sentence both articles of one outlet print in their footer is removed as recurring chrome."""
    articles, _ = read_corpus(DATA / "outlet")
    assert len(articles) == 2
    for article in articles:
        assert article.outlet == "Japan Today"
        assert "best stories from Japan" not in article.body
        assert "recurring" in [r.reason for r in article.removed]


def test_recurring_rule_needs_two_articles(tmp_path: Path) -> None:
    """One article alone keeps its last sentence: the corpus rule needs the outlet twice."""
    (tmp_path / "a.txt").write_bytes((DATA / "outlet" / "a.txt").read_bytes())
    articles, _ = read_corpus(tmp_path)
    assert "best stories from Japan" in articles[0].body


def test_empty_file_is_skipped(tmp_path: Path) -> None:
    """A file with nothing but whitespace is listed as empty, not read as an article."""
    (tmp_path / "blank.txt").write_text(" \r\n\t\n", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("Hidden files are ignored.", encoding="utf-8")
    articles, skipped = read_corpus(tmp_path)
    assert articles == ()
    assert skipped == (Skipped("blank.txt", "empty file"),)


def test_front_matter_with_an_unquoted_colon_in_a_value_is_still_read(tmp_path: Path) -> None:
    """YAML refuses "title: Thai cave: boys found" unquoted; the block is still plain key: value lines, and
    its title, outlet and date win over the text, and none of it is compared as the body."""
    page = tmp_path / "guardian.md"
    page.write_text("---\ntitle: Thai cave: boys found alive\noutlet: 'The Guardian'\ndate: 2024-07-02\n---\n"
                    "Twelve boys and their coach were found alive on a ledge inside the flooded cave.\n",
                    encoding="utf-8")
    (article,), _ = read_corpus(tmp_path)
    assert (article.title, article.outlet, article.date) == ("Thai cave: boys found alive", "The Guardian",
                                                             "2024-07-02")
    assert "outlet:" not in article.body and article.body.startswith("Twelve boys")
    assert [r.reason for r in article.removed][:1] == ["front matter"]


def test_a_block_of_prose_between_rules_is_not_front_matter(tmp_path: Path) -> None:
    """Only a block of key: value lines is read when YAML refuses it; prose keeps its place in the body."""
    page = tmp_path / "rules.md"
    page.write_text("---\nBreaking: the storm hit at dawn: roads closed\nand the ferries stopped.\n---\n"
                    "The storm closed roads across the coast on Monday.\n", encoding="utf-8")
    (article,), _ = read_corpus(tmp_path)
    assert "the ferries stopped" in article.body and article.outlet != "the storm hit at dawn: roads closed"
