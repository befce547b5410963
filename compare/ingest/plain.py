"""Already-extracted text as an Article, without page cleanup.

Records in a .jsonl export (what a crawler or a newsroom system writes) hold
bodies that were extracted already; `compare dedup` compares them as given,
split into paragraphs at blank lines. Cleaning each one as a raw page would
cost far more than sketching it, on millions of records.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

from compare.errors import ArticleReadError, InputNotFoundError
from compare.models import Article, Span

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v\u00a0]*\n")


def paragraph_spans(text: str) -> tuple[Span, ...]:
    """Spans of blank-line separated blocks, trimmed of surrounding whitespace."""
    spans = []
    start = 0
    for match in [*_PARAGRAPH_BREAK.finditer(text), None]:
        end = match.start() if match else len(text)
        block = text[start:end]
        stripped = block.strip()
        if stripped:
            left = start + len(block) - len(block.lstrip())
            spans.append(Span(left, left + len(stripped)))
        start = match.end() if match else end
    return tuple(spans)


def plain_article(article_id: str, text: str) -> Article:
    """An Article whose body is the whole text; its title is the first non-empty line."""
    title = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return Article(id=article_id, text=text, title=title, paragraphs=paragraph_spans(text), source_format="jsonl")


def iter_plain_jsonl(path: Path) -> Iterator[Article]:
    """Articles from {"id": ..., "text": ...} lines, read one line at a time (constant memory)."""
    if not path.is_file():
        raise InputNotFoundError(f"{path}: no such file; give a folder or a .jsonl file")
    with path.open(encoding="utf-8-sig", errors="replace") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                yield plain_article(str(record["id"]), str(record["text"]))
            except (ValueError, KeyError, TypeError) as exc:
                raise ArticleReadError(
                    f"{path}:{number}", f"not a JSON object with 'id' and 'text' ({exc})",
                    'each line must look like {"id": "...", "text": "..."}',
                ) from exc
