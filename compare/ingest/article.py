"""Assemble an Article from a text: lay out lines, infer metadata, form paragraphs.

Conventions every format shares (so reports read the same whatever the input):

* Every non-blank line of the text is either inside a body paragraph or in
  ``Article.removed`` with a reason: "front matter", "title", "date",
  "dateline", "credit", "chrome" (page head), "furniture" (icon labels,
  breadcrumbs, share blocks, calls to action), "footer", "caption",
  "repeated" or "recurring" (chrome seen in other articles of the outlet);
  a sentence printed in many unrelated articles of the corpus is removed
  afterwards as "boilerplate, in N articles" (see ``boilerplate``).
* The headline line is removed with reason "title": the title is metadata,
  and comparing headlines would count it twice (reports show it anyway).
  When no headline line can be found, the title is the first sentence of
  the body (cut at a word boundary), which stays in the body; ``compare
  articles --json`` flags it ("title_from_body").
* Captions are kept in ``Article.captions`` (one span per distinct caption)
  and are never in the body.
* A dateline prefix such as "MOSCOW:" stays in its paragraph; the place
  goes to ``Article.dateline``.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from compare.ingest import cleanup, metadata, outlets, repair
from compare.ingest.dates import parse_date
from compare.ingest.metadata import Given
from compare.models import Agency, Article, RemovedLine, Span

DATELINE_PARAGRAPHS = 3
FALLBACK_TITLE_CHARS = 120
"""Longest title cut from the body; table cells show about 80 characters of it."""
_SHAPE_ONLY = frozenset({"chrome", "footer", "repeated"})
_FIRST_STOP = re.compile(r"(?<![A-Z])(?<!\b[A-Z][a-z])(?<!\bMrs)[.!?][\"”’)]?(?=\s+[\"“‘(]?[A-Z0-9])")
_DATELINE_PREFIX = re.compile(
    r"^[A-Z][A-Z'’.-]+(?:[ -][A-Z][A-Z'’.-]+){0,3}(?:,\s*[A-Z][\w.]*(?:\s[A-Z][\w.]*){0,2})?"
    r"(?:\s*\([^()]{2,40}\))?\s*(?:[:—–]|--?)\s+"
)


@dataclass(frozen=True)
class Source:
    """One decoded input before analysis: where body lines start and what the user told us."""

    article_id: str
    text: str
    source_format: str
    given: Given = field(default_factory=Given)
    body_offset: int = 0
    prefix_removed: tuple[RemovedLine, ...] = ()
    one_line_paragraphs: bool = False


def build_article(source: Source, chrome_keys: Collection[str] = ()) -> Article:
    """The Article for ``source``; ``chrome_keys`` are line keys known to be the outlet's chrome."""
    text = source.text
    lines, stamps = _repaired_lines(source)
    layout = cleanup.lay_out(lines, chrome_keys)
    found = metadata.infer(lines, layout, source.given)
    reasons = {**layout.removed, **found.reasons}
    if source.one_line_paragraphs:
        _trust_extracted(lines, layout, found, reasons)
    body = set(layout.body) - set(found.reasons)
    groups = cleanup.paragraph_groups(lines, body, source.one_line_paragraphs)
    paragraphs = cleanup.rejoin(groups, lines, reasons)
    dateline, dateline_agencies = _body_dateline(text, paragraphs)
    photo_lines = sorted(lines[i].span for i, why in reasons.items() if _is_photo_line(lines[i], why))
    agencies = metadata.unique_agencies([
        *source.given.agencies,
        *found.agencies,
        *dateline_agencies,
        *metadata.caption_agencies(text, photo_lines),
        *metadata.text_agencies(text, paragraphs),
    ])
    return Article(
        id=source.article_id,
        text=text,
        title=found.title or fallback_title(text, paragraphs),
        title_from_body=not found.title and bool(paragraphs),
        paragraphs=tuple(paragraphs),
        source_format=source.source_format,
        outlet=found.outlet or _url_outlet(source.given.url) or _wire_outlet(agencies),
        url=source.given.url,
        date=found.date or next((d for s in stamps if (d := parse_date(s.slice(text)))), None),
        dateline=found.dateline or dateline,
        author=source.given.author or found.author,
        agencies=agencies,
        captions=tuple(lines[i].span for i in layout.captions),
        removed=_removed(lines, reasons, source.prefix_removed, stamps),
    )


def _repaired_lines(source: Source) -> tuple[list[cleanup.Line], list[Span]]:
    """The text's lines, with plain text's hard wraps joined and run-together sentences split
    (extracted HTML is one paragraph a line already), and leading date stamps cut off."""
    lines = cleanup.split_lines(source.text, source.body_offset)
    if not source.one_line_paragraphs:
        lines = repair.split_glued(repair.join_wraps(lines))
    return cleanup.trim_stamps(lines)


def _trust_extracted(lines: Sequence[cleanup.Line], layout: cleanup.Layout, found: metadata.Inferred,
                     reasons: dict[int, str]) -> None:
    """Give back to the body the lines an extractor kept that only their shape called chrome.

    trafilatura and readability already dropped the page's chrome, so in
    extracted text a short line before the first sentence, a list after the
    last one or a line printed twice (a recipe's steps, a list of dates) is
    the article's. Titles, dates, credits, captions, furniture and copyright
    notices still leave it.
    """
    for i, why in list(reasons.items()):
        if why in _SHAPE_ONLY and not cleanup.is_copyright(lines[i].text):
            del reasons[i]
            found.reasons.pop(i, None)
            layout.body.append(i)


def _url_outlet(url: str | None) -> str | None:
    """The outlet a URL's host names: the table's display name for it, else the host itself ("example.com")."""
    if not url:
        return None
    return outlets.outlet_for_domain(url) or outlets.host_of(url) or None


def _wire_outlet(agencies: Sequence[Agency]) -> str | None:
    """The agency of the story's dateline, as its outlet when nothing else names one.

    Plain text carries no URL: "BANGKOK (Reuters) -" or "/TASS/" is then the only publisher it names.
    A credit line ("Nagato, Japan, AFP") is not enough: republishers print one above agency copy.
    """
    credited = {a.name for a in agencies if a.role == "dateline"}
    return credited.pop() if len(credited) == 1 else None


def _is_photo_line(line: cleanup.Line, reason: str) -> bool:
    """Captions, and repeats of them that carry the credit ("...Nagato, Japan.(Reuters Photo)")."""
    return reason == "caption" or (reason == "repeated" and cleanup.photo_credit(line.text) is not None)


def _body_dateline(text: str, paragraphs: Sequence[Span]) -> tuple[str | None, list]:
    """The first dateline prefix among the opening paragraphs (a standfirst may come before it)."""
    for span in paragraphs[:DATELINE_PARAGRAPHS]:
        place, agencies = metadata.body_dateline(text, span)
        if place:
            return place, agencies
    return None, []


def fallback_title(text: str, paragraphs: Sequence[Span]) -> str:
    """The first sentence of the body, after any dateline, cut at a word boundary: the title of a text
    without a headline line. ``export`` flags such titles as taken from the body."""
    first = " ".join(paragraphs[0].slice(text).split()) if paragraphs else ""
    first = first[_dateline_end(first) :]
    end = _FIRST_STOP.search(first)
    sentence = first[: end.end()].strip() if end else first
    if len(sentence) <= FALLBACK_TITLE_CHARS:
        return sentence
    return sentence[:FALLBACK_TITLE_CHARS].rsplit(" ", 1)[0].rstrip(",;:–—-") + "…"


def _dateline_end(paragraph: str) -> int:
    """Where the text starts after a dateline such as "MAE SAI, Thailand - " (0 when there is none)."""
    match = _DATELINE_PREFIX.match(paragraph)
    return match.end() if match else 0


def _removed(
    lines: Sequence[cleanup.Line], reasons: dict[int, str], prefix: Sequence[RemovedLine], stamps: Sequence[Span]
) -> tuple[RemovedLine, ...]:
    """Removed lines and line-leading date stamps in text order, after any removed prefix such as front matter."""
    rows = [RemovedLine(lines[i].span, why) for i, why in reasons.items()]
    rows += [RemovedLine(span, "date") for span in stamps]
    return (*prefix, *sorted(rows, key=lambda row: row.span.start))
