"""An article's text as escaped HTML with marked ranges: passages, edits, fact sentences, framing words.

The browser needs one flat run of ``<span>`` elements (nested marks that
overlap cannot be nested tags), so the text is cut at every mark boundary and
each piece carries all marks over it: their classes, and their keys in
``data-k`` so a click on a fact lights every piece of it. Anchors (``id``)
are empty spans placed where a mark starts, so two marks starting at one
offset both get one. Every piece of article text goes through
``markupsafe.escape``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Mark:
    """A range ``[start, end)`` of the text to mark; ``key`` names it for clicks and anchors.

    ``go``: clicking the range (or pressing Enter on it) goes to ``key``;
    ``badge``: text shown before the range (a conflict's slot), outside the article's words.
    """

    start: int
    end: int
    key: str
    cls: str
    anchor: bool = True
    go: bool = False
    title: str = ""
    badge: str = ""
    tag: str = ""


def locate(text: str, needle: str, start: int | None, end: int | None) -> tuple[int, int] | None:
    """Where ``needle`` stands inside ``text[start:end]`` (a sentence the results name), or None.

    Results give framing words and conflict values as written, with the
    sentence's span; this finds them inside it to draw the mark, nothing more.
    """
    if not needle or start is None or end is None:
        return None
    at = text.find(needle, start, end)
    return None if at < 0 else (at, at + len(needle))


def outside_body(article: Mapping[str, Any]) -> list[Mark]:
    """The text around the compared body (site chrome, captions, title, dateline), greyed so a reader
    sees what compare left out."""
    edges = [0, *(x for span in article["body"] for x in span), len(article["text"])]
    return [Mark(lo, hi, "x", "outside", anchor=False, title="not compared: outside the article body")
            for lo, hi in zip(edges[::2], edges[1::2], strict=True) if hi > lo]


def _attrs(active: Sequence[Mark], first: Iterable[Mark]) -> Markup:
    classes = " ".join(sorted({m.cls for m in active}))
    keys = " ".join(dict.fromkeys(m.key for m in active))
    parts = [f' class="{escape(classes)}" data-k="{escape(keys)}"']
    go = next((m for m in active if m.go), None)
    if go is not None:
        parts.append(f' data-go="{escape(go.key)}"')
        if go in first:
            parts.append(' tabindex="0" role="button"')
    titles = [m.title for m in active if m.title]
    if titles:
        parts.append(f' title="{escape(" / ".join(titles))}"')
    tags = [m.tag for m in active if m.tag]
    if tags:
        parts.append(f' data-tag="{escape(", ".join(dict.fromkeys(tags)))}"')
    return Markup("".join(parts))


def _anchor(side: str, mark: Mark) -> str:
    badge = f'<span class="badge">{escape(mark.badge)}</span>' if mark.badge else ""
    return f'<span class="anchor" id="{escape(side)}-{escape(mark.key)}">{badge}</span>'


def marked_text(text: str, marks: Sequence[Mark], side: str) -> Markup:
    """``text`` escaped, cut at every mark boundary, each piece in a span carrying the marks over it."""
    marks = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    points = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    starting: dict[int, list[Mark]] = {}
    for m in marks:
        starting.setdefault(m.start, []).append(m)
    out: list[str] = []
    active: list[Mark] = []
    for lo, hi in pairwise(points):
        active = [m for m in active if m.end > lo]
        new = starting.get(lo, [])
        active += new
        out += [_anchor(side, m) for m in new if m.anchor]
        piece = escape(text[lo:hi])
        out.append(f"<span{_attrs(active, new)}>{piece}</span>" if active else str(piece))
    return Markup("".join(out))
