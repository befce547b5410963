"""Main text of an HTML page by consensus of independent extractors.

Every main-content extractor fails on some layouts: trafilatura sometimes
keeps a page's list of teasers or stops before the end of a long story;
readability's DOM scoring fails on other pages. Their failures are mostly
independent, so on a page where one goes wrong the others usually agree
with each other. We therefore run three readings of the page (trafilatura
balanced, trafilatura tuned for precision, readability) and keep the one
that agrees best with the others (the medoid under the same 4-word-shingle
F1 that extraction benchmarks score with). Ties go to the balanced
trafilatura reading, which also carries the page's metadata. A page none of
them reads yields no text; a page only one reads yields that reading.

The two trafilatura readings fail together when trafilatura stops early
(a story split over several containers): they then outvote a complete
reading. So a reading that holds nearly all of the chosen one
(``TRUNCATED_CONTAINMENT``) and at least ``TRUNCATED_RATIO`` times its
text is taken instead: the chosen reading was a truncated part of it.

When trafilatura and readability share less than half their text
(``FAMILY_DISAGREEMENT``), they read different parts of the page, and the
two trafilatura readings outvote readability by being alike, not by being
right. trafilatura then usually latched onto a teaser list or one of
several containers, while readability's text-density score picks the one
block that holds most prose, so readability's reading is taken. (On the
development half of the extraction benchmark, readability was the right
one on each of the pages where the two shared less than half.)

Embedded social posts (a tweet quoted in the story) are dropped by all
three, yet they are what the story quotes. ``with_embedded_posts`` puts
each post's text back after the paragraph that precedes it on the page,
when that paragraph is in the reading (a post in a sidebar stays out).

Nothing is fetched and no model is loaded: all three are rule-based.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence

SHINGLE_WORDS = 4
"""Words per shingle when two readings are compared (the benchmark's own unit)."""
TRUNCATED_CONTAINMENT = 0.9
"""Share of the chosen reading's shingles a longer reading must hold for the chosen one to count as cut short."""
TRUNCATED_RATIO = 2.0
"""How many times longer than the chosen reading a reading holding it must be to replace it."""
FAMILY_DISAGREEMENT = 0.5
"""Agreement (shingle F1) under which trafilatura's and readability's readings are different parts of the page."""
_WORD = re.compile(r"\w+")
_BLOCK_TAGS = frozenset({"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr", "div", "table",
                         "ul", "ol", "dd", "dt", "figcaption", "section", "article", "br"})


def _shingles(text: str) -> Counter[tuple[str, ...]]:
    words = _WORD.findall(text)
    return Counter(tuple(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1))


def agreement(a: Counter[tuple[str, ...]], b: Counter[tuple[str, ...]]) -> float:
    """F1 of two readings' shingle multisets: 1.0 for the same words, 0.0 for nothing shared."""
    total = sum(a.values()) + sum(b.values())
    return 2 * sum((a & b).values()) / total if total else 1.0


def consensus(readings: Sequence[str], arbiter: int | None = None) -> int | None:
    """Index of the reading that agrees best with all the others; earlier readings win ties.

    ``arbiter`` is the reading of an extractor unlike the first one's; when the two share less than
    ``FAMILY_DISAGREEMENT`` of their text, it is the one taken. Empty readings take no part (a failed
    extractor is not a vote); None when all are empty.
    """
    present = [i for i, text in enumerate(readings) if text.strip()]
    if not present:
        return None
    shingles = {i: _shingles(readings[i]) for i in present}
    if arbiter in shingles and present[0] != arbiter and agreement(
            shingles[present[0]], shingles[arbiter]) < FAMILY_DISAGREEMENT:
        return arbiter

    def support(i: int) -> tuple[float, int]:
        return sum(agreement(shingles[i], shingles[j]) for j in present if j != i), -i

    chosen = max(present, key=support)
    longer = [i for i in present if len(readings[i]) >= TRUNCATED_RATIO * len(readings[chosen])
              and containment(shingles[chosen], shingles[i]) >= TRUNCATED_CONTAINMENT]
    return max(longer, key=lambda i: len(readings[i])) if longer else chosen


def containment(part: Counter[tuple[str, ...]], whole: Counter[tuple[str, ...]]) -> float:
    """Share of ``part``'s shingles that ``whole`` holds too."""
    total = sum(part.values())
    return sum((part & whole).values()) / total if total else 0.0


def trafilatura_precise(html: str | bytes, url: str | None) -> str:
    """trafilatura tuned for precision: drops more borderline blocks (teasers, sign-up boxes)."""
    import trafilatura

    return trafilatura.extract(html, url=url, favor_precision=True, include_comments=False, include_images=False,
                               include_tables=True) or ""


def readability_text(html: str | bytes, url: str | None) -> str:
    """readability's article, one block (paragraph, list item, table row) per line."""
    import lxml.html
    from readability import Document

    summary = Document(html, url=url).summary(html_partial=True)
    if not summary.strip():
        return ""
    root = lxml.html.fromstring(summary)
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag in _BLOCK_TAGS:
            element.tail = "\n" + (element.tail or "")
            if element.tag != "br":
                element.text = "\n" + (element.text or "")
    lines = (" ".join(line.split()) for line in root.text_content().split("\n"))
    return "\n".join(line for line in lines if line)


OTHER_READINGS: tuple[Callable[[str | bytes, str | None], str], ...] = (trafilatura_precise, readability_text)
"""The readings run beside trafilatura's balanced one, in tie-break order."""
ARBITER = 2
"""Position of readability's reading among (balanced trafilatura, *OTHER_READINGS): the other family's."""


def other_readings(html: str | bytes, url: str | None) -> list[str]:
    """Each other extractor's text; one that fails on a page gives "" (no vote), never an error."""
    texts = []
    for read in OTHER_READINGS:
        try:
            texts.append(read(html, url))
        except Exception:  # a third-party extractor failing on odd markup must not lose the page
            texts.append("")
    return texts


_POSTS = ('//blockquote[contains(concat(" ", normalize-space(@class), " "), " twitter-tweet ")'
          ' or contains(concat(" ", normalize-space(@class), " "), " instagram-media ")]')
ANCHOR_CHARS = 40
"""Characters of a post's preceding paragraph (its end) that must be found in a reading line to place the post."""


def _flat(text: str | None) -> str:
    return " ".join((text or "").split())


def _post_lines(post: object) -> list[str]:
    """A post's text, one line per paragraph, then its attribution ("— Name (@handle) date")."""
    paragraphs = list(post.iter("p"))  # type: ignore[attr-defined]
    lines = [_flat(p.text_content()) for p in paragraphs]
    if paragraphs:
        last = paragraphs[-1]
        rest = [last.tail or ""] + [el.text_content() + (el.tail or "") for el in last.itersiblings()]
        lines.append(_flat(" ".join(rest)))
    else:
        lines.append(_flat(post.text_content()))  # type: ignore[attr-defined]
    return [line for line in lines if line]


def _anchor(post: object) -> str:
    """The end of the text right before a post on the page (its preceding paragraph)."""
    node = post
    while node is not None:
        for sibling in node.itersiblings(preceding=True):  # type: ignore[attr-defined]
            text = _flat(sibling.text_content())
            if len(text) >= ANCHOR_CHARS:
                return text[-ANCHOR_CHARS:]
        node = node.getparent()  # type: ignore[attr-defined]
    return ""


def with_embedded_posts(html: str | bytes, text: str) -> str:
    """``text`` with each embedded post the page quotes inserted after the line its preceding paragraph ends."""
    import lxml.html

    try:
        root = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return text
    lines = text.split("\n")
    for post in root.xpath(_POSTS):
        body = _post_lines(post)
        anchor = _anchor(post)
        if not body or not anchor or body[0] in text:
            continue
        at = next((i for i, line in enumerate(lines) if anchor in _flat(line)), None)
        if at is not None:
            lines[at + 1 : at + 1] = body
    return "\n".join(lines)
