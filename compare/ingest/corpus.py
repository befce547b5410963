"""The corpus-level chrome rule: what one outlet prints around every story.

One file alone cannot tell a site's boilerplate sentence ("Get the latest
news in your inbox.") from the story, but several articles of the same
outlet can: a line printed verbatim near the start or end of two or more of
them is the outlet's chrome. The rule only looks at the edges and at short
lines, so a lead paragraph that two versions of one story share is still
compared.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from compare.ingest.article import Source, build_article
from compare.ingest.cleanup import line_key, split_lines
from compare.models import Article

EDGE_LINES = 8
MAX_CHROME_WORDS = 25
MIN_ARTICLES = 2


def edge_keys(source: Source) -> set[str]:
    """Keys of the short lines among the first and last ``EDGE_LINES`` non-blank lines."""
    lines = [line for line in split_lines(source.text, source.body_offset) if not line.blank]
    edge = lines[:EDGE_LINES] + lines[-EDGE_LINES:]
    return {line_key(line.text) for line in edge if len(line.text.split()) <= MAX_CHROME_WORDS}


def body_keys(article: Article) -> set[str]:
    """Keys of the lines inside an article's body paragraphs."""
    keys = set()
    for span in article.paragraphs:
        for line in span.slice(article.text).splitlines():
            if line.strip():
                keys.add(line_key(line))
    return keys


def recurring_keys(sources: Sequence[Source], articles: Sequence[Article]) -> dict[str, frozenset[str]]:
    """Per article id, the body lines it shares at the edges with another article of its outlet."""
    by_outlet: dict[str, list[int]] = defaultdict(list)
    for position, article in enumerate(articles):
        if article.outlet:
            by_outlet[article.outlet].append(position)
    found: dict[str, frozenset[str]] = {}
    for members in by_outlet.values():
        if len(members) < MIN_ARTICLES:
            continue
        counts = Counter(key for i in members for key in edge_keys(sources[i]))
        shared = {key for key, count in counts.items() if count >= MIN_ARTICLES}
        titles = {line_key(articles[i].title) for i in members}
        for i in members:
            keys = (shared - titles) & body_keys(articles[i])
            if keys:
                found[articles[i].id] = frozenset(keys)
    return found


def build_corpus(sources: Sequence[Source]) -> tuple[Article, ...]:
    """Articles for all sources, rebuilt without their outlet's recurring chrome where there is some."""
    articles = [build_article(source) for source in sources]
    chrome = recurring_keys(sources, articles)
    return tuple(
        build_article(source, chrome[article.id]) if article.id in chrome else article
        for source, article in zip(sources, articles, strict=True)
    )
