"""Already-extracted text as an Article, without page cleanup.

Records in a .jsonl export (what a crawler or a newsroom system writes) hold
bodies that were extracted already; `compare dedup` compares them as given,
split into paragraphs at blank lines. Cleaning each one as a raw page would
cost far more than sketching it, on millions of records.
"""

from __future__ import annotations

import re

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
