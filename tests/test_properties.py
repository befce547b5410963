"""Property-based tests: arbitrary Unicode never crashes a stage, spans stay inside texts, figures stay
in range, and reports do not depend on the order articles come in.

Bounded (a few dozen examples each, small texts) so the file runs in well under a minute.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compare import pipeline
from compare.facts.matching import compare_articles
from compare.ingest import parse_text, read_corpus
from compare.ingest.decoding import decode_repairing
from compare.models import Article, Params, Span
from compare.neardup.shingles import normalise_word, shingles_from_hashes, tokenize, word_hash, word_hashes
from compare.neardup.verify import exact_similarity
from compare.report.files import render_reports
from compare.report.json import fact_comparison_to_dict
from compare.reuse.passages import compare_passages

DATA = Path(__file__).resolve().parent / "data"
WIRE = (DATA / "dedup" / "wire.txt").read_text(encoding="utf-8")
WIRE_LINES = WIRE.splitlines(keepends=True)[:14]

_BOUNDED = {"deadline": None, "database": None, "print_blob": True, "suppress_health_check": [HealthCheck.too_slow]}
FAST = settings(max_examples=100, **_BOUNDED)
SLOW = settings(max_examples=50, **_BOUNDED)

# Unicode without lone surrogates (no file or report can hold them), plus the pieces news text is made of.
characters = st.characters(blacklist_categories=("Cs",))
pieces = st.sampled_from([
    "\r\n", "\n", "\n\n", "\r", "\ufeff", "\u00a0", "\t", " ", "’", "“", "”", "'", "—", "…", "ß", "İ", "ﬁ",
    "e\u0301", "👍🏽", "\u200b", "\u2028", "\x0c", "(AP)", "(Reuters Photo)", "Photo: ", "AFP", "MOSCOW: ",
    "By Jane Doe", "Related Stories", "example-news.com", "March 4, 2018", "Home | News", "© 2018",
    "---\ntitle: T\n---\n", "---\n", "The minister said the talks would resume on Monday. ",
    "Prices rose sharply in the capital, officials said.\n\n",
])
texts = st.lists(st.one_of(st.text(characters, max_size=30), pieces), max_size=25).map("".join)
wire_edits = st.tuples(
    st.lists(st.sampled_from(range(len(WIRE_LINES))), min_size=1, max_size=len(WIRE_LINES), unique=True),
    st.lists(st.one_of(st.text(characters, max_size=20), pieces), max_size=4),
).map(lambda edit: "".join(WIRE_LINES[i] for i in sorted(edit[0])) + "".join(edit[1]))
article_texts = st.one_of(texts, wire_edits)
ids = st.sampled_from([
    "a.txt", "b.md", "dir/c.txt", "é ü.txt", "東京 記事.md", "x|y.txt", "space name.txt", "deep/er/d.txt",
    "line#3", "z" * 60,
])


def spans_of(article: Article) -> list[Span]:
    return [
        *article.paragraphs, *article.captions, *(r.span for r in article.removed), *(a.span for a in article.agencies),
    ]


def assert_inside(article: Article) -> None:
    for span in spans_of(article):
        assert 0 <= span.start <= span.end <= len(article.text), (span, len(article.text))


def parsed(article_id: str, text: str) -> Article:
    return parse_text(article_id, text, "md" if article_id.endswith(".md") else "txt")


# --- ingest ---------------------------------------------------------------------------------------------


@FAST
@given(text=texts, fmt=st.sampled_from(["txt", "md", "json", "jsonl"]))
def test_parse_text_never_raises_and_spans_stay_inside(text: str, fmt: str) -> None:
    article = parse_text("x", text, fmt)
    assert article.text == text
    assert_inside(article)
    for span in article.paragraphs:
        assert span.slice(text).strip()


@SLOW
@given(text=texts)
def test_html_parse_extracts_or_says_there_is_no_article(text: str) -> None:
    try:
        article = parse_text("x", f"<html><body><article><p>{text}</p></article></body></html>", "html")
    except ValueError as exc:
        assert str(exc).startswith(("no article text", "too long"))
        return
    assert_inside(article)


@FAST
@given(data=st.one_of(st.binary(max_size=300), texts.map(lambda t: t.encode("utf-8", "replace"))))
def test_any_bytes_decode_or_are_called_binary(data: bytes) -> None:
    try:
        text, note = decode_repairing(data)
    except UnicodeError as exc:
        assert str(exc).startswith("binary file")
        return
    assert note is None or note.startswith("repaired: decoded as ")
    text.encode("utf-8")


@SLOW
@given(files=st.lists(
    st.tuples(st.sampled_from([".txt", ".md", ".html", ".json", ".jsonl", ".xyz"]),
              st.one_of(st.binary(max_size=200), article_texts.map(str.encode))),
    min_size=1, max_size=5,
))
def test_read_corpus_never_raises_on_any_folder(files: list[tuple[str, bytes]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for number, (suffix, data) in enumerate(files):
            (Path(folder) / f"f {number}{suffix}").write_bytes(data)
        articles, skipped = read_corpus(Path(folder))
    for article in articles:
        assert_inside(article)
        assert article.paragraphs
    named = {a.id for a in articles} | {s.path.split("#")[0] for s in skipped}
    files_read = {f"f {number}{suffix}" for number, (suffix, _) in enumerate(files)}
    json_files = {name for name in files_read if name.endswith((".json", ".jsonl"))}
    assert files_read - json_files <= named  # JSON records take their ids from the records


# --- shingling ------------------------------------------------------------------------------------------


@FAST
@given(text=texts, k=st.integers(1, 6))
def test_tokens_hashes_and_shingles_agree(text: str, k: int) -> None:
    article = parse_text("x", text)
    for spans in (None, article.paragraphs):
        tokens = tokenize(text, spans)
        for word, start, end in zip(tokens.words, tokens.starts, tokens.ends, strict=True):
            assert 0 <= start < end <= len(text)
            assert normalise_word(text[start:end]) == word
        hashes = word_hashes(text, spans)
        assert hashes.tolist() == [word_hash(w) for w in tokens.words]
        shingles = shingles_from_hashes(hashes, k)
        expected = 0 if not tokens.words else max(1, len(tokens.words) - k + 1)
        assert shingles.size == expected


def shingle_set(text: str, k: int) -> np.ndarray:
    return np.unique(shingles_from_hashes(word_hashes(text), k))


@FAST
@given(a=article_texts, b=article_texts, k=st.integers(1, 6))
def test_similarity_figures_are_in_range_symmetric_and_one_on_identity(a: str, b: str, k: int) -> None:
    sa, sb = shingle_set(a, k), shingle_set(b, k)
    ab, ba = exact_similarity("a", "b", sa, sb), exact_similarity("b", "a", sb, sa)
    for value in (ab.jaccard, ab.containment_a, ab.containment_b):
        assert 0.0 <= value <= 1.0
    assert ab.jaccard == ba.jaccard
    assert (ab.containment_a, ab.containment_b) == (ba.containment_b, ba.containment_a)
    assert ab.shared == ba.shared <= min(sa.size, sb.size)
    same = exact_similarity("a", "a2", sa, sa.copy())
    assert same.jaccard == 1.0
    if sa.size:
        assert same.containment_a == same.containment_b == 1.0


# --- alignment ------------------------------------------------------------------------------------------


@FAST
@given(a=article_texts, b=article_texts)
def test_passages_never_raise_and_slice_their_texts(a: str, b: str) -> None:
    first, second = parse_text("a", a), parse_text("b", b)
    result = compare_passages(first, second)
    assert 0.0 <= result.coverage_a <= 1.0 and 0.0 <= result.coverage_b <= 1.0
    assert 0.0 <= result.ordered_a <= 1.0 and 0.0 <= result.ordered_b <= 1.0
    for passage in result.passages:
        assert 0 <= passage.a.start <= passage.a.end <= len(a)
        assert 0 <= passage.b.start <= passage.b.end <= len(b)
        assert passage.a_text == passage.a.slice(a)
        assert passage.b_text == passage.b.slice(b)


newsy_words = st.sampled_from(
    ["2.6.0", "1,5", "1,000", "U.S.", "Mr.", "...", "\u2026", '"', "\u201c", "\u201d", "said", "Putin", "Abe",
     "three", "hours", "1945", "Dec.", "15,", "2016", "(AFP)", "MOSCOW:", "\n\n", ".", "half", "two", "and", "a"]
)
newsy_texts = st.lists(st.one_of(newsy_words, st.text(max_size=12)), max_size=60).map(" ".join)


@SLOW
@given(a=st.one_of(article_texts, newsy_texts), b=st.one_of(article_texts, newsy_texts))
def test_facts_never_raise_and_spans_slice_their_sentences(a: str, b: str) -> None:
    """Arbitrary and news-shaped text never crashes the fact layer; every span slices its sentence."""
    first, second = parse_text("a", a), parse_text("b", b)
    result = compare_articles(first, second)
    for fact in result.shared:
        assert all(u.span.slice(a) == u.text for u in fact.a) and all(u.span.slice(b) == u.text for u in fact.b)
    for only, text in [(o, a) for o in result.only_a] + [(o, b) for o in result.only_b]:
        assert only.unit.span.slice(text) == only.unit.text
    fact_comparison_to_dict(result)


# --- rendering and order --------------------------------------------------------------------------------

corpora = st.lists(st.tuples(ids, article_texts), min_size=1, max_size=5, unique_by=lambda item: item[0])


@SLOW
@given(corpus=corpora, data=st.data())
def test_reports_render_and_ignore_input_order(corpus: list[tuple[str, str]], data: st.DataObject) -> None:
    articles = [parsed(article_id, text) for article_id, text in corpus]
    files = render_reports(pipeline.analyse(articles, Params()))
    assert "index.md" in files
    for name, content in files.items():
        content.encode("utf-8")
        assert not name.startswith("/") and ".." not in Path(name).parts
    shuffled = data.draw(st.permutations(articles))
    assert render_reports(pipeline.analyse(shuffled, Params())) == files
