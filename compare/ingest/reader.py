"""Find article files, decode them and split them into paragraphs."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

from compare.errors import ArticleReadError, InputNotFoundError
from compare.models import Article, Skipped, Span

ARTICLE_SUFFIXES = (".txt", ".md")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r]*\n")


def paragraph_spans(text: str) -> tuple[Span, ...]:
    """Spans of blank-line separated blocks, trimmed of surrounding whitespace."""
    spans = []
    start = 0
    for match in [*_PARAGRAPH_BREAK.finditer(text), None]:
        end = match.start() if match else len(text)
        block = text[start:end]
        stripped = block.strip()
        if stripped:
            left = start + (len(block) - len(block.lstrip()))
            spans.append(Span(left, left + len(stripped)))
        start = match.end() if match else end
    return tuple(spans)


def parse_text(article_id: str, text: str, source_format: str = "txt") -> Article:
    """An Article from decoded text: the first non-empty line is the title."""
    paragraphs = paragraph_spans(text)
    title = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return Article(id=article_id, text=text, title=title, paragraphs=paragraphs, source_format=source_format)


def decode(data: bytes) -> str:
    """UTF-8 with any byte-order mark removed."""
    return data.decode("utf-8").removeprefix("\ufeff")


def iter_article_files(folder: Path) -> Iterator[Path]:
    """Article files under ``folder``, recursively, in sorted order of their ids."""
    found = [p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES]
    yield from sorted(found, key=lambda p: p.relative_to(folder).as_posix())


def read_corpus(folder: Path) -> tuple[tuple[Article, ...], tuple[Skipped, ...]]:
    """Every article under ``folder``; unreadable files are reported, not fatal."""
    if not folder.is_dir():
        raise InputNotFoundError(f"{folder}: no such folder; give the folder that holds your articles")
    articles: list[Article] = []
    skipped: list[Skipped] = []
    for path in iter_article_files(folder):
        article_id = path.relative_to(folder).as_posix()
        try:
            text = decode(path.read_bytes())
        except (OSError, UnicodeDecodeError) as exc:
            skipped.append(Skipped(article_id, f"cannot be read as UTF-8 text ({exc.__class__.__name__})"))
            continue
        articles.append(parse_text(article_id, text, path.suffix.lower().lstrip(".")))
    return tuple(articles), tuple(skipped)


def read_jsonl(path: Path) -> Iterator[Article]:
    """Articles from a .jsonl file of {"id": ..., "text": ...} objects, one per line."""
    if not path.is_file():
        raise InputNotFoundError(f"{path}: no such file; give a folder or a .jsonl file")
    with path.open(encoding="utf-8-sig") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                article_id, text = str(record["id"]), str(record["text"])
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise ArticleReadError(
                    f"{path}:{number}", f"not a JSON object with 'id' and 'text' ({exc})",
                    'each line must look like {"id": "...", "text": "..."}',
                ) from exc
            yield parse_text(article_id, text, "jsonl")
