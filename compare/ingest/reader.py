"""Find article files, decode them and turn each format into Articles.

Formats: .txt (plain text), .md/.markdown (optional YAML front matter),
.html/.htm (main content via trafilatura), .json (one object or a list of
objects) and .jsonl (one object per line); an object has "id", "text" or
"html", and optionally title, outlet, url, date, author, agency. Any other
file is listed as skipped, never fatal; hidden files (".DS_Store",
".git/...") are ignored.

Nothing about one file can stop a run: every file that cannot be read
becomes a ``Skipped`` note with its reason in plain words, and every file
read only after a repair (another encoding) is read *and* noted. Notes whose
reason starts with "repaired:" are repairs; all others are skips. Inputs are
only ever opened for reading.

Offsets always index ``Article.text``: for .txt/.md the decoded file (BOM
removed, line endings untouched), for HTML the extracted text, for JSON the
"text" field or the text extracted from "html".
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from compare.errors import ArticleReadError, InputNotFoundError
from compare.ingest import corpus, frontmatter, pages
from compare.ingest.article import Source, build_article
from compare.ingest.decoding import BinaryFileError, decode, decode_repairing
from compare.ingest.html import extract_html
from compare.ingest.metadata import Given
from compare.ingest.walk import os_reason, walk_folder
from compare.models import Article, Progress, RemovedLine, Skipped, Span, silent

if TYPE_CHECKING:
    from compare.runtime.cache import Cache

__all__ = [
    "ARTICLE_SUFFIXES", "MAX_ARTICLE_CHARS", "MAX_FILE_BYTES", "MAX_HTML_CHARS", "REPAIRED", "BinaryFileError",
    "decode", "decode_repairing", "file_sources", "is_repair", "parse_text", "read_article", "read_corpus",
    "read_jsonl_lenient",
]

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".json", ".jsonl")
_FORMATS = {".markdown": "md", ".htm": "html"}

# Limits that keep one bad file from taking the run's time or memory: past them a file (or a JSON record)
# is skipped with a note saying which limit it broke. Real news articles are a few thousand words (a long
# read is ~60,000 characters), so nothing that is one article comes near them.
MAX_ARTICLE_CHARS = 200_000
"""Longest text of one article (a .txt/.md file, a JSON "text", the text extracted from HTML)."""
MAX_HTML_CHARS = 3_000_000
"""Longest markup of one HTML page (real pages, scripts included, stay under ~2 MB; trafilatura takes about two
seconds per million characters); also the longest .jsonl line."""
MAX_FILE_BYTES = 100 * 1024 * 1024
"""Largest file read at all: a .json/.jsonl collection of many articles. Larger files are not opened for reading."""
_MAX_BYTES = {  # per format; UTF-8 and UTF-16 take at most 4 bytes per character
    "txt": 4 * MAX_ARTICLE_CHARS + 4,
    "md": 4 * MAX_ARTICLE_CHARS + 4,
    "html": 4 * MAX_HTML_CHARS + 4,
}
REPAIRED = "repaired:"
"""How the reason of a note about a file that was read after a repair begins."""
_LISTED_LINES = 10


def is_repair(note: Skipped) -> bool:
    """Whether a note is about a file that was read after a repair, rather than one that was skipped."""
    return note.reason.startswith(REPAIRED)


def _megabytes(size: int) -> str:
    mb = size / (1024 * 1024)
    return f"{mb:.1f} MB" if mb < 10 else f"{mb:.0f} MB"


def _too_long(chars: int, limit: int, what: str) -> str:
    return f"too long: {chars:,} characters, over the {limit:,}-character limit for {what}"


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
    if len(html) > MAX_HTML_CHARS:
        raise ValueError(_too_long(len(html), MAX_HTML_CHARS, "one HTML page"))
    extracted = extract_html(html, frontmatter.text_field(record, "url"))
    if extracted is None:
        raise ValueError("no article text (HTML without a story in it)")
    if len(extracted.text) > MAX_ARTICLE_CHARS:
        raise ValueError(_too_long(len(extracted.text), MAX_ARTICLE_CHARS, "one article"))
    base = Given(extracted.title, extracted.outlet, extracted.url, extracted.date, extracted.author)
    given = _given(record, extracted.text, Span(0, 0), base)
    return Source(article_id, extracted.text, fmt, given, one_line_paragraphs=True)


def _valid_unicode(value: Any) -> Any:
    """``value`` with lone surrogates (from JSON escapes such as "\\ud800") replaced by U+FFFD.

    No report could be written with them; surrogate pairs become the characters they encode.
    """
    if isinstance(value, str):
        try:
            value.encode("utf-8")
            return value
        except UnicodeEncodeError:
            return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    if isinstance(value, dict):
        return {_valid_unicode(k): _valid_unicode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_valid_unicode(v) for v in value]
    return value


def record_source(record: Any, default_id: str, fmt: str) -> Source:
    """A Source from one JSON object with "text" or "html"; raises ValueError naming what is wrong."""
    if not isinstance(record, dict):
        raise ValueError(f"expected a JSON object, got {type(record).__name__}")
    record = _valid_unicode(record)
    article_id = frontmatter.text_field(record, "id") or default_id
    if isinstance(record.get("text"), str) and record["text"].strip():
        text = record["text"]
        if len(text) > MAX_ARTICLE_CHARS:
            raise ValueError(_too_long(len(text), MAX_ARTICLE_CHARS, "one article"))
        return Source(article_id, text, fmt, _given(record, text, Span(0, 0)))
    if isinstance(record.get("html"), str) and record["html"].strip():
        return html_source(article_id, record["html"], fmt, record)
    raise ValueError('needs a non-empty "text" or "html" field')


def parse_text(article_id: str, text: str, source_format: str = "txt") -> Article:
    """An Article from decoded text of the given format ("txt", "md", "html", "json")."""
    return build_article(text_source(article_id, text, source_format))


def _json_records(text: str, fmt: str) -> tuple[list[tuple[int, Any]], list[int], list[tuple[int, int]]]:
    """(line or item number, object) pairs of a .jsonl or .json text, the numbers of lines that are not
    JSON, and (number, length) of lines too long to parse; raises ValueError when a .json file is not JSON."""
    if fmt != "jsonl":
        try:
            data = json.loads(text)
        except RecursionError as exc:
            raise ValueError("nested too deeply") from exc
        except json.JSONDecodeError as exc:
            raise ValueError(f"line {exc.lineno} column {exc.colno}: {exc.msg}") from exc
        return list(enumerate(data if isinstance(data, list) else [data], start=1)), [], []
    records: list[tuple[int, Any]] = []
    bad: list[int] = []
    long: list[tuple[int, int]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        if len(line) > MAX_HTML_CHARS:
            long.append((number, len(line)))
            continue
        try:
            records.append((number, json.loads(line)))
        except (ValueError, RecursionError):  # JSONDecodeError and over-long integers are ValueErrors
            bad.append(number)
    return records, bad, long


def _line_list(numbers: list[int]) -> str:
    """"line 3", "lines 3 and 7", "lines 3, 7, 9, ... (25 lines)"."""
    if len(numbers) == 1:
        return f"line {numbers[0]}"
    shown = ", ".join(map(str, numbers[:_LISTED_LINES]))
    if len(numbers) > _LISTED_LINES:
        return f"lines {shown}, ... ({len(numbers)} lines)"
    head, _, last = shown.rpartition(", ")
    return f"lines {head} and {last}"


def _read_bytes(path: Path, limit: int) -> bytes:
    """At most ``limit`` + 1 bytes of the file, so a huge file never fills memory."""
    with path.open("rb") as handle:
        return handle.read(limit + 1)


def file_bytes(path: Path) -> bytes | None:
    """A supported file's bytes when it is within its format's size limit; None otherwise or on any error."""
    limit = _MAX_BYTES.get(source_format(path), MAX_FILE_BYTES)
    try:
        data = _read_bytes(path, limit) if path.suffix.lower() in ARTICLE_SUFFIXES else None
    except OSError:
        return None
    return data if data is not None and len(data) <= limit else None


def file_sources(path: Path, article_id: str, data: bytes | None = None) -> tuple[list[Source], list[Skipped]]:
    """The Sources in one file (or in ``data``, its bytes already read) and the notes (skips, repairs)
    reading it produced. Never raises."""
    fmt = source_format(path)
    if path.suffix.lower() not in ARTICLE_SUFFIXES:
        return [], [Skipped(article_id, f"unsupported file type {path.suffix.lower() or '(none)'}")]
    limit = _MAX_BYTES.get(fmt, MAX_FILE_BYTES)
    try:
        size = len(data) if data is not None else path.stat().st_size
        if size > limit:
            return [], [Skipped(article_id, _too_large(size, fmt))]
        data = data if data is not None else _read_bytes(path, limit)
    except OSError as exc:
        return [], [Skipped(article_id, f"cannot be opened: {os_reason(exc)}")]
    if len(data) > limit:  # the file grew after stat, or is a special file that reports no size
        return [], [Skipped(article_id, _too_large(len(data), fmt))]
    if not data:
        return [], [Skipped(article_id, "empty file")]
    try:
        text, repair = decode_repairing(data)
    except UnicodeError as exc:
        return [], [Skipped(article_id, f"cannot be read as text: {exc}")]
    del data
    notes = [Skipped(article_id, repair)] if repair else []
    if not text.strip():
        return [], [*notes, Skipped(article_id, "empty file")]
    try:
        if fmt in ("json", "jsonl"):
            return _json_sources(text, fmt, article_id, notes)
        if fmt != "html" and len(text) > MAX_ARTICLE_CHARS:
            return [], [*notes, Skipped(article_id, _too_long(len(text), MAX_ARTICLE_CHARS, "one article"))]
        if fmt == "html" and len(text) > MAX_HTML_CHARS:
            return [], [*notes, Skipped(article_id, _too_long(len(text), MAX_HTML_CHARS, "one HTML page"))]
        return [text_source(article_id, text, fmt)], notes
    except ValueError as exc:
        return [], [*notes, Skipped(article_id, str(exc))]
    except Exception as exc:  # one file must never stop a run
        return [], [*notes, Skipped(article_id, corpus.unexpected_reason(exc))]


def _too_large(size: int, fmt: str) -> str:
    if fmt in _MAX_BYTES:
        chars = MAX_HTML_CHARS if fmt == "html" else MAX_ARTICLE_CHARS
        what = "one HTML page" if fmt == "html" else "one article"
        return f"too large: {_megabytes(size)}, over the {chars:,}-character limit for {what}; not read"
    return f"too large: {_megabytes(size)}, over the {_megabytes(MAX_FILE_BYTES)} limit for one file; not read"


def _json_sources(text: str, fmt: str, article_id: str, notes: list[Skipped]) -> tuple[list[Source], list[Skipped]]:
    """Sources of a JSON file; a bad line or object is skipped alone, a .json file that is not JSON whole."""
    sources: list[Source] = []
    try:
        records, bad, long = _json_records(text, fmt)
    except ValueError as exc:
        return [], [*notes, Skipped(article_id, f"invalid JSON ({exc})")]
    if not (records or bad or long):
        return [], [*notes, Skipped(article_id, "no articles in it (an empty JSON list)")]
    if bad:
        others = len(records) + len(long)
        read = f"{others} other line{'' if others == 1 else 's'} read" if others else "no other line read"
        notes.append(Skipped(article_id, f"invalid JSON on {_line_list(bad)}; {read}"))
    for number, length in long:
        notes.append(Skipped(f"{article_id}#{number}", f"{_too_long(length, MAX_HTML_CHARS, 'one line')}; not read"))
    for number, record in records:
        default_id = article_id if len(records) == 1 and fmt == "json" else f"{article_id}#{number}"
        try:
            sources.append(record_source(record, default_id, fmt))
        except ValueError as exc:
            notes.append(Skipped(default_id, str(exc)))
        except Exception as exc:  # one record must never stop a run
            notes.append(Skipped(default_id, corpus.unexpected_reason(exc)))
    return sources, notes


def _is_within(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except OSError:
        return False


def read_corpus(folder: Path, exclude: Path | None = None, jobs: int = 1, progress: Progress = silent,
                cache: Cache | None = None, follow_symlinks: bool = False
                ) -> tuple[tuple[Article, ...], tuple[Skipped, ...]]:
    """Every article under ``folder``; unreadable or unsupported files are reported, not fatal.

    After each file is parsed alone, lines that recur at the edges of several
    articles of one outlet are taken out as that outlet's chrome. Files under
    ``exclude`` (the reports folder, when it sits inside the input) are not
    articles. Raises only ``InputNotFoundError`` (``folder`` is not a
    folder); everything else about the files becomes a note. Files are
    parsed on ``jobs`` worker processes; with a ``cache``, files read and parsed before are not again.
    """
    if not folder.is_dir():
        raise InputNotFoundError(f"{folder}: no such folder; give the folder that holds your articles")
    try:
        files, skipped = walk_folder(folder, follow_symlinks)
    except OSError as exc:
        raise InputNotFoundError(f"{folder}: cannot be opened ({os_reason(exc)})") from exc
    if exclude is not None:
        files = [(path, i) for path, i in files if not _is_within(path, exclude)]
    sources: list[Source] = []
    seen: set[str] = set()
    for found, notes in pages.read_files(files, jobs, progress, cache):
        skipped += notes
        for source in found:
            if source.article_id in seen:
                skipped.append(Skipped(source.article_id, "duplicate article id; later copy skipped"))
                continue
            seen.add(source.article_id)
            sources.append(source)
    articles, notes = corpus.build_corpus(sources, jobs, progress, cache)
    return articles, (*skipped, *notes)


def read_jsonl_lenient(path: Path) -> tuple[list[Article], list[Skipped]]:
    """Articles from a .jsonl file, and notes on the lines that could not be read (which are skipped).

    Each record is cleaned like a file in a folder; a bad line never stops
    the others: each is named in a note. Raises only ``InputNotFoundError``.
    (`compare dedup` streams .jsonl through ``compare.neardup.stream`` instead.)
    """
    if not path.is_file():
        raise InputNotFoundError(f"{path}: no such file; give a folder or a .jsonl file")
    sources, notes = file_sources(path, path.stem)
    articles: list[Article] = []
    seen: set[str] = set()
    for source in sources:
        if source.article_id in seen:
            notes.append(Skipped(source.article_id, "duplicate article id; later copy skipped"))
            continue
        seen.add(source.article_id)
        article, note = corpus.build_one(source)
        if article is None:
            notes.append(note)
        else:
            articles.append(article)
    return articles, notes


def read_article(path: Path) -> Article:
    """The one article in a file (for `compare pair`); its id is the path as given."""
    if not path.is_file():
        raise InputNotFoundError(f"{path}: no such file; give the path of an article file")
    found, notes = file_sources(path, path.as_posix())
    if len(found) != 1:
        reason = next((n.reason for n in reversed(notes) if not is_repair(n)), f"holds {len(found)} articles, not one")
        raise ArticleReadError(path.as_posix(), reason, "give a .txt, .md, .html or single-article .json file")
    article, note = corpus.build_one(found[0])
    if article is None:
        raise ArticleReadError(path.as_posix(), note.reason, "give a file that holds a news article")
    return article
