"""Articles as plain JSON-ready dicts, for ``compare articles`` and its --json output.

Every span is given with its text so a reader can check it against the file
without counting characters.
"""

from __future__ import annotations

from typing import Any

from compare.ingest.article import fallback_title
from compare.models import Article, Span


def _span(article: Article, span: Span) -> dict[str, Any]:
    return {"start": span.start, "end": span.end, "text": span.slice(article.text)}


def title_from_body(article: Article) -> bool:
    """Whether the title is the body's first sentence (no headline line, no title given), not a headline."""
    if any(r.reason == "title" for r in article.removed) or not article.paragraphs:
        return False
    return article.title == fallback_title(article.text, article.paragraphs)


def article_to_dict(article: Article) -> dict[str, Any]:
    """The parsed article: metadata, agencies with roles, captions, removed lines and body paragraphs.

    Paragraph text is shown as it is in the file (a rejoined paragraph
    keeps the blank line inside it); offsets index ``article.text``.
    """
    return {
        "id": article.id,
        "title": article.title,
        "title_from_body": title_from_body(article),
        "outlet": article.outlet,
        "url": article.url,
        "date": article.date,
        "dateline": article.dateline,
        "author": article.author,
        "agencies": [
            {"name": a.name, "role": a.role, "start": a.span.start, "end": a.span.end} for a in article.agencies
        ],
        "captions": [_span(article, s) for s in article.captions],
        "removed": [{**_span(article, r.span), "reason": r.reason} for r in article.removed],
        "paragraphs": [_span(article, s) for s in article.paragraphs],
        "source_format": article.source_format,
    }
