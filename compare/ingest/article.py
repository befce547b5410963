"""Assemble an Article from a text: lay out lines, infer metadata, form paragraphs.

Conventions every format shares (so reports read the same whatever the input):

* Every non-blank line of the text is either inside a body paragraph or in
  ``Article.removed`` with a reason: "front matter", "title", "date",
  "dateline", "credit", "chrome" (page head), "footer", "caption",
  "repeated" or "recurring" (chrome seen in other articles of the outlet).
* The headline line is removed with reason "title": the title is metadata,
  and comparing headlines would count it twice (reports show it anyway).
  When no headline line can be found, the title is the start of the first
  body paragraph, which stays in the body.
* Captions are kept in ``Article.captions`` (one span per distinct caption)
  and are never in the body.
* A dateline prefix such as "MOSCOW:" stays in its paragraph; the place
  goes to ``Article.dateline``.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from compare.ingest import cleanup, metadata
from compare.ingest.metadata import Given
from compare.models import Article, RemovedLine, Span

DATELINE_PARAGRAPHS = 3
FALLBACK_TITLE_CHARS = 120


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
    lines, stamps = cleanup.trim_stamps(cleanup.split_lines(text, source.body_offset))
    layout = cleanup.lay_out(lines, chrome_keys)
    found = metadata.infer(lines, layout, source.given)
    reasons = {**layout.removed, **found.reasons}
    if source.one_line_paragraphs:
        for i, why in list(reasons.items()):
            if why in ("chrome", "footer", "repeated") and not cleanup.is_copyright(lines[i].text):
                del reasons[i]
                found.reasons.pop(i, None)
                layout.body.append(i)
    body = set(layout.body) - set(found.reasons)
    groups = cleanup.paragraph_groups(lines, body, source.one_line_paragraphs)
    paragraphs = cleanup.rejoin(groups, lines, reasons)
    dateline, dateline_agencies = _body_dateline(text, paragraphs)
    photo_lines = sorted(lines[i].span for i, why in reasons.items() if _is_photo_line(lines[i], why))
    agencies = [
        *source.given.agencies,
        *found.agencies,
        *dateline_agencies,
        *metadata.caption_agencies(text, photo_lines),
        *metadata.text_agencies(text, paragraphs),
    ]
    return Article(
        id=source.article_id,
        text=text,
        title=found.title or _fallback_title(text, paragraphs),
        paragraphs=tuple(paragraphs),
        source_format=source.source_format,
        outlet=found.outlet,
        url=source.given.url,
        date=found.date,
        dateline=found.dateline or dateline,
        author=source.given.author or found.author,
        agencies=metadata.unique_agencies(agencies),
        captions=tuple(lines[i].span for i in layout.captions),
        removed=_removed(lines, reasons, source.prefix_removed, stamps),
    )


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


def _fallback_title(text: str, paragraphs: Sequence[Span]) -> str:
    """The start of the first paragraph, cut at a word boundary, for texts without a headline line."""
    first = " ".join(paragraphs[0].slice(text).split()) if paragraphs else ""
    if len(first) <= FALLBACK_TITLE_CHARS:
        return first
    return first[:FALLBACK_TITLE_CHARS].rsplit(" ", 1)[0] + "…"


def _removed(
    lines: Sequence[cleanup.Line], reasons: dict[int, str], prefix: Sequence[RemovedLine], stamps: Sequence[Span]
) -> tuple[RemovedLine, ...]:
    """Removed lines and line-leading date stamps in text order, after any removed prefix such as front matter."""
    rows = [RemovedLine(lines[i].span, why) for i, why in reasons.items()]
    rows += [RemovedLine(span, "date") for span in stamps]
    return (*prefix, *sorted(rows, key=lambda row: row.span.start))
