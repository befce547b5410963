"""Find article files, decode them and turn each format into Articles.

Formats: .txt (plain text), .md/.markdown (optional YAML front matter),
.html/.htm (main content via trafilatura), .json (one object or a list of
objects) and .jsonl (one object per line); an object has "id", "text" or
"html", and optionally title, outlet, url, date, author, agency. Any other
file is listed as skipped, never fatal; hidden files (".DS_Store",
".git/...") are ignored.

Offsets always index ``Article.text``: for .txt/.md the decoded file (BOM
removed, line endings untouched), for HTML the extracted text, for JSON the
"text" field or the text extracted from "html".
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from compare.errors import ArticleReadError, InputNotFoundError
from compare.ingest import corpus, frontmatter
from compare.ingest.article import Source, build_article
from compare.ingest.html import extract_html
from compare.ingest.metadata import Given
from compare.models import Article, RemovedLine, Skipped, Span

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".json", ".jsonl")
_FORMATS = {".markdown": "md", ".htm": "html"}


def decode(data: bytes) -> str:
    """UTF-8 with any byte-order mark removed (strict: raises UnicodeDecodeError)."""
    return data.decode("utf-8").removeprefix("\ufeff")


def decode_repairing(data: bytes) -> tuple[str, str | None]:
    """The text and, when it was not UTF-8, a note saying how it was decoded.

    UTF-16 with a BOM and Windows-1252 (the usual non-UTF-8 news export) are
    cheap to recognise; other bytes with NULs are binary and raise.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "repaired: decoded as UTF-16"
    try:
        return decode(data), None
    except UnicodeDecodeError:
        pass
    if b"\x00" in data:
        raise UnicodeError("binary file (contains NUL bytes), not text")
    try:
        return data.decode("cp1252"), "repaired: decoded as cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "repaired: decoded as latin-1"


def source_format(path: Path) -> str:
    """The format name of a file: its suffix, with synonyms folded (.htm -> html)."""
    suffix = path.suffix.lower()
    return _FORMATS.get(suffix, suffix.lstrip("."))


def text_source(article_id: str, text: str, fmt: str = "txt") -> Source:
    """A Source for decoded text: front matter for Markdown, extraction for HTML, else plain text."""
    if fmt == "html":
        return html_source(article_id, text, fmt, {})
    if fmt == "md" and (found := frontmatter.split_front_matter(text)):
        fields, offset = found
        region = Span(0, offset)
        given = _given(fields, text, region)
        return Source(article_id, text, fmt, given, offset, (RemovedLine(_trimmed(text, region), "front matter"),))
    return Source(article_id, text, fmt)


def _trimmed(text: str, span: Span) -> Span:
    """``span`` without trailing line-ending whitespace."""
    return Span(span.start, span.start + len(text[span.start : span.end].rstrip()))


def _given(record: Mapping[str, Any], text: str, region: Span, base: Given | None = None) -> Given:
    """User-given metadata from front matter or a JSON record; fields it lacks fall back to ``base``."""
    base = base or Given()
    return Given(
        title=frontmatter.text_field(record, "title") or base.title,
        outlet=frontmatter.text_field(record, "outlet") or base.outlet,
        url=frontmatter.text_field(record, "url") or base.url,
        date=frontmatter.date_field(record) or base.date,
        author=frontmatter.text_field(record, "author") or base.author,
        agencies=frontmatter.agency_field(record, text, region) or base.agencies,
    )


def html_source(article_id: str, html: str | bytes, fmt: str, record: Mapping[str, Any]) -> Source:
    """A Source from an HTML page: trafilatura's text and metadata, overridden by ``record`` fields."""
    extracted = extract_html(html, frontmatter.text_field(record, "url"))
    if extracted is None:
        raise ValueError("no article text found in the HTML")
    base = Given(extracted.title, extracted.outlet, extracted.url, extracted.date, extracted.author)
    given = _given(record, extracted.text, Span(0, 0), base)
    return Source(article_id, extracted.text, fmt, given, one_line_paragraphs=True)


def record_source(record: Any, default_id: str, fmt: str) -> Source:
    """A Source from one JSON object with "text" or "html"; raises ValueError naming what is wrong."""
    if not isinstance(record, dict):
        raise ValueError(f"expected a JSON object, got {type(record).__name__}")
    article_id = frontmatter.text_field(record, "id") or default_id
    if isinstance(record.get("text"), str) and record["text"].strip():
        text = record["text"]
        return Source(article_id, text, fmt, _given(record, text, Span(0, 0)))
    if isinstance(record.get("html"), str) and record["html"].strip():
        return html_source(article_id, record["html"], fmt, record)
    raise ValueError('needs a non-empty "text" or "html" field')


def parse_text(article_id: str, text: str, source_format: str = "txt") -> Article:
    """An Article from decoded text of the given format ("txt", "md", "html", "json")."""
    return build_article(text_source(article_id, text, source_format))


def _json_records(text: str, fmt: str) -> Iterator[tuple[int, Any]]:
    """(line or item number, object) pairs of a .jsonl or .json text; raises ValueError on bad JSON."""
    if fmt == "jsonl":
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                try:
                    yield number, json.loads(line)
                except json.JSONDecodeError as exc:
                    raise ValueError(f"line {number}: not JSON ({exc.msg})") from exc
        return
    data = json.loads(text)
    yield from enumerate(data if isinstance(data, list) else [data], start=1)


def file_sources(path: Path, article_id: str) -> tuple[list[Source], list[Skipped]]:
    """The Sources in one file and the notes (skips, repairs) reading it produced."""
    fmt = source_format(path)
    if path.suffix.lower() not in ARTICLE_SUFFIXES:
        return [], [Skipped(article_id, f"unsupported file type {path.suffix.lower() or '(none)'}")]
    try:
        text, repair = decode_repairing(path.read_bytes())
    except (OSError, UnicodeError) as exc:
        return [], [Skipped(article_id, f"cannot be read as text ({exc})")]
    notes = [Skipped(article_id, repair)] if repair else []
    if not text.strip():
        return [], [*notes, Skipped(article_id, "empty file")]
    if fmt not in ("json", "jsonl"):
        try:
            return [text_source(article_id, text, fmt)], notes
        except ValueError as exc:
            return [], [*notes, Skipped(article_id, str(exc))]
    return _json_sources(text, fmt, article_id, notes)


def _json_sources(text: str, fmt: str, article_id: str, notes: list[Skipped]) -> tuple[list[Source], list[Skipped]]:
    """Sources of a JSON file; a bad object is skipped alone, a file that is not JSON is skipped whole."""
    sources: list[Source] = []
    try:
        records = list(_json_records(text, fmt))
    except ValueError as exc:
        return [], [*notes, Skipped(article_id, f"not valid JSON ({exc})")]
    for number, record in records:
        default_id = article_id if len(records) == 1 and fmt == "json" else f"{article_id}#{number}"
        try:
            sources.append(record_source(record, default_id, fmt))
        except ValueError as exc:
            notes.append(Skipped(f"{article_id}#{number}", str(exc)))
    return sources, notes


def iter_input_files(folder: Path) -> Iterator[Path]:
    """Non-hidden files under ``folder``, recursively, sorted by their path relative to it."""
    found = [
        p for p in folder.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    ]
    yield from sorted(found, key=lambda p: p.relative_to(folder).as_posix())


def iter_article_files(folder: Path) -> Iterator[Path]:
    """Files under ``folder`` whose suffix is a supported article format."""
    yield from (p for p in iter_input_files(folder) if p.suffix.lower() in ARTICLE_SUFFIXES)


def read_corpus(folder: Path) -> tuple[tuple[Article, ...], tuple[Skipped, ...]]:
    """Every article under ``folder``; unreadable or unsupported files are reported, not fatal.

    After each file is parsed alone, lines that recur at the edges of several
    articles of one outlet are taken out as that outlet's chrome.
    """
    if not folder.is_dir():
        raise InputNotFoundError(f"{folder}: no such folder; give the folder that holds your articles")
    sources: list[Source] = []
    skipped: list[Skipped] = []
    seen: set[str] = set()
    for path in iter_input_files(folder):
        found, notes = file_sources(path, path.relative_to(folder).as_posix())
        skipped += notes
        for source in found:
            if source.article_id in seen:
                skipped.append(Skipped(source.article_id, "duplicate article id; later copy skipped"))
                continue
            seen.add(source.article_id)
            sources.append(source)
    return corpus.build_corpus(sources), tuple(skipped)


def read_jsonl(path: Path) -> Iterator[Article]:
    """Articles from a .jsonl file of {"id": ..., "text" or "html": ...} objects, one per line."""
    if not path.is_file():
        raise InputNotFoundError(f"{path}: no such file; give a folder or a .jsonl file")
    text, _ = decode_repairing(path.read_bytes())
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            source = record_source(json.loads(line), f"{path.stem}#{number}", "jsonl")
        except ValueError as exc:  # json.JSONDecodeError is a ValueError
            raise ArticleReadError(
                f"{path}:{number}", f"not a JSON object with 'id' and 'text' ({exc})",
                'each line must look like {"id": "...", "text": "..."}',
            ) from exc
        yield build_article(source)


def read_article(path: Path) -> Article:
    """The one article in a file (for `compare pair`); its id is the path as given."""
    if not path.is_file():
        raise InputNotFoundError(f"{path}: no such file; give the path of an article file")
    found, notes = file_sources(path, path.as_posix())
    if len(found) != 1:
        reason = notes[-1].reason if notes else f"holds {len(found)} articles, not one"
        raise ArticleReadError(path.as_posix(), reason, "give a .txt, .md, .html or single-article .json file")
    return build_article(found[0])
