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
from typing import TYPE_CHECKING

from compare.ingest.article import Source, build_article
from compare.ingest.boilerplate import Keyed, find_boilerplate, scan, strip_boilerplate
from compare.ingest.cleanup import is_prose_like, line_key, split_lines
from compare.models import Article, Progress, Skipped, silent

if TYPE_CHECKING:
    from compare.runtime.cache import Cache

EDGE_LINES = 8
MAX_CHROME_WORDS = 25
MIN_ARTICLES = 2
OUTLET_SHARE = 0.05
"""A line is also at the edges of this share of the outlet's articles: a site prints its chrome on most of
its pages, while stories of a big outlet share a stock sentence now and then (on the stress corpus,
outlets of 350 articles had 1,817 pool sentences at the edges of two or more)."""


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
        needed = max(MIN_ARTICLES, OUTLET_SHARE * len(members))
        shared = {key for key, count in counts.items() if count >= needed}
        titles = {line_key(articles[i].title) for i in members}
        for i in members:
            keys = (shared - titles) & body_keys(articles[i])
            if keys:
                found[articles[i].id] = frozenset(keys)
    return found


def article_text_problem(article: Article) -> str | None:
    """Why an article has nothing to compare, or None when it has a body.

    A file (.txt, .md, .html) whose body holds no sentence at all is a page of
    site chrome (menus, a weather box, a list of links), not an article. A
    JSON record's "text" is taken as the user gave it, short or not.
    """
    if not article.paragraphs or not article.body.strip():
        return "no article text (only site chrome)"
    if article.source_format in ("txt", "md", "html"):
        lines = (line.strip() for span in article.paragraphs for line in span.slice(article.text).splitlines())
        if not any(is_prose_like(line) for line in lines):
            return "no article text (only site chrome: no sentence in it)"
    return None


def unexpected_reason(exc: BaseException) -> str:
    """The note for an error compare did not foresee: it names the error so the bug can be reported."""
    message = " ".join(str(exc).split())[:200]
    return f"cannot be parsed ({type(exc).__name__}: {message}); this is a bug in compare, please report it"


def build_one(source: Source, chrome_keys: frozenset[str] = frozenset()) -> tuple[Article | None, Skipped | None]:
    """The article of one source, or the note saying why it has none. Never raises."""
    try:
        article = build_article(source, chrome_keys)
    except Exception as exc:  # one article must never stop a run
        return None, Skipped(source.article_id, unexpected_reason(exc))
    problem = article_text_problem(article)
    return (None, Skipped(source.article_id, problem)) if problem else (article, None)


Built = tuple[Article | None, Skipped | None]


def _build_task(task: tuple[Source, frozenset[str]]) -> Built:
    return build_one(*task)


def _article_key(task: tuple[Source, frozenset[str]]) -> bytes:
    from compare.runtime.cache import article_key

    return article_key(*task)


def _build_all(tasks: Sequence[tuple[Source, frozenset[str]]], jobs: int, progress: Progress = silent,
               cache: Cache | None = None) -> list[Built]:
    """``build_one`` of every task, in order: from the cache, else on ``jobs`` workers."""
    from compare.runtime.cached import Stage, map_cached
    from compare.runtime.context import RunContext

    stage: Stage[tuple[Source, frozenset[str]], Built] = Stage("parsing articles", _build_task, _article_key)
    return map_cached(stage, tasks, RunContext(jobs, progress, cache))


def build_corpus(sources: Sequence[Source], jobs: int = 1, progress: Progress = silent,
                 cache: Cache | None = None) -> tuple[tuple[Article, ...], list[Skipped]]:
    """Articles for all sources, rebuilt without their outlet's recurring chrome where there is some and
    with the corpus's boilerplate sentences cut out, and notes on the sources that hold no article.
    Sources are parsed on ``jobs`` workers, or come from the ``cache`` when they were parsed before."""
    notes: list[Skipped] = []
    kept: list[Source] = []
    articles: list[Article] = []
    first_pass = _build_all([(s, frozenset()) for s in sources], jobs, progress, cache)
    for source, (article, note) in zip(sources, first_pass, strict=True):
        if article is None:
            notes.append(note)  # type: ignore[arg-type]
        else:
            kept.append(source)
            articles.append(article)
    keyed = scan(articles)
    boilerplate = find_boilerplate(articles, keyed)
    chrome = {k: keys - boilerplate for k, keys in recurring_keys(kept, articles).items() if keys - boilerplate}
    final = _without_chrome(kept, articles, chrome, jobs, cache, notes)
    scanned = {article.id: keys for article, keys in zip(articles, keyed, strict=True)}
    return _without_boilerplate(final, boilerplate, scanned, notes), notes


def _without_chrome(kept: Sequence[Source], articles: Sequence[Article], chrome: dict[str, frozenset[str]],
                    jobs: int, cache: Cache | None, notes: list[Skipped]) -> list[Article]:
    """The articles rebuilt without their outlet's recurring lines (a note for any left with no body)."""
    rebuilt_all = iter(_build_all([(s, chrome[s.article_id]) for s in kept if s.article_id in chrome], jobs,
                                  cache=cache))
    final: list[Article] = []
    for article in articles:
        if article.id in chrome:
            rebuilt, note = next(rebuilt_all)
            if rebuilt is None:
                notes.append(Skipped(article.id, f"{note.reason} once its outlet's recurring lines are out"))  # type: ignore[union-attr]
                continue
            article = rebuilt
        final.append(article)
    return final


def _without_boilerplate(articles: Sequence[Article], boilerplate: frozenset[str], scanned: dict[str, Keyed],
                         notes: list[Skipped]) -> tuple[Article, ...]:
    """The articles with the corpus's boilerplate cut out, less any left with no body (with a note); the
    counts in the removed lines' reasons are of the articles kept."""
    stripped = strip_boilerplate(articles, boilerplate, scanned)
    kept = []
    for before, after in zip(articles, stripped, strict=True):
        problem = article_text_problem(after)
        if problem:
            notes.append(Skipped(after.id, f"{problem} once boilerplate is out"))
        else:
            kept.append(before)
    return tuple(stripped if len(kept) == len(articles) else strip_boilerplate(kept, boilerplate, scanned))
