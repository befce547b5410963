"""Split article bodies into sentences whose spans point into the original text.

pysbd does the segmentation: it is rule-based (no model, no network) and
already knows "Mr.", "U.S.", decimals, ellipses inside a sentence and
quotations that end with the sentence. Its own character offsets are not
trusted (they drift when a sentence repeats), so each segment is found again
in the paragraph, in order, and trimmed. A few repairs follow for cases the
rules miss in news copy: a dateline ("MOSCOW:") is kept with its sentence and
a split after a lone initial or title is undone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import pysbd

from compare.models import Span

_TITLE_END = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Gen|Sen|Rep|Gov|Prof|Lt|Col|No|Jan|Feb|Aug|Sept?|Oct|Nov|Dec)|"
                        r"\b[A-Z]|\b(?:[A-Z]\.){1,3}[A-Z]?)\.$")
_LETTER = re.compile(r"\w")
# A line closes a sentence on . ! ? : ; (then any closing quotes or brackets) or on ")";
# not on a comma before a closing quote ("...movement forward,"), whose attribution follows.
_LINE_END = re.compile(r"(?:[.!?:;][\"'\u201d\u2019)\]]*|\))\s*$")
# Periods pysbd is needed for: initials and acronyms, titles and other abbreviations, ellipses.
_TRICKY = re.compile(
    r"\b[A-Za-z]\.|\.\.|\u2026|\b(?:Mr|Mrs|Ms|Dr|St|Gen|Sen|Rep|Gov|Prof|Lt|Col|Capt|Sgt|No|Jan|Feb|Mar|Apr|Jun|Jul"
    r"|Aug|Sept?|Oct|Nov|Dec|Inc|Corp|Co|Ltd|Jr|Sr|vs|etc|approx|Mt|Ft|Ave|Blvd|Rd|Dept|Univ|Assn|Bros|est|min|max)\."
)
_PLAIN_END = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*(?=\s)")


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False)


def _locate(text: str, start: int, end: int, pieces: Iterable[str]) -> list[Span]:
    """Find each segment again in ``text[start:end]``, in order, trimmed of whitespace."""
    spans: list[Span] = []
    cursor = start
    for piece in pieces:
        stripped = piece.strip()
        if not stripped:
            continue
        found = text.find(stripped, cursor, end)
        if found < 0:  # pysbd changed the text; fall back to the rest of the paragraph
            rest = text[cursor:end]
            left = cursor + len(rest) - len(rest.lstrip())
            if rest.strip():
                spans.append(Span(left, left + len(rest.strip())))
            return spans
        spans.append(Span(found, found + len(stripped)))
        cursor = found + len(stripped)
    return spans


def _should_merge(text: str, left: Span, right: Span) -> bool:
    """A split after an abbreviation or before a lower-case word, or a fragment with no letters."""
    before = text[left.start : left.end]
    after = text[right.start : right.end]
    if not _LETTER.search(after) or not _LETTER.search(before):
        return True
    if _TITLE_END.search(before) and after[:1].isupper() and len(before.split()) < 4:
        return True
    first = after.lstrip("\"'“‘(")[:1]
    return bool(first) and first.islower() and not before.rstrip().endswith(("?", "!"))


def _repair(text: str, spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for span in spans:
        if merged and _should_merge(text, merged[-1], span):
            merged[-1] = Span(merged[-1].start, span.end)
        else:
            merged.append(span)
    return merged


def split_paragraph(text: str, paragraph: Span) -> tuple[Span, ...]:
    """Sentence spans of one paragraph of ``text``."""
    chunk = paragraph.slice(text)
    if not chunk.strip():
        return ()
    pieces = _segmenter().segment(chunk) if _TRICKY.search(chunk) else _plain_pieces(chunk)
    return tuple(_repair(text, _locate(text, paragraph.start, paragraph.end, pieces)))


def _plain_pieces(chunk: str) -> list[str]:
    """Sentences of a paragraph with no abbreviation or ellipsis: end punctuation, then space.

    pysbd builds and compiles regexes per call and costs about a millisecond a
    sentence; most news paragraphs need none of its rules.
    """
    pieces, start = [], 0
    for match in _PLAIN_END.finditer(chunk):
        pieces.append(chunk[start : match.end()])
        start = match.end()
    return [*pieces, chunk[start:]]


def split_sentences(text: str, paragraphs: Iterable[Span] | None = None) -> tuple[Span, ...]:
    """Sentence spans of ``text`` (or of the given paragraphs of it), in text order.

    A line that ends with closing punctuation ends a sentence even if pysbd
    would join it to the next (scraped captions often sit in the same block
    as the text); a sentence never runs across paragraphs.
    """
    ranges = [Span(0, len(text))] if paragraphs is None else list(paragraphs)
    result: list[Span] = []
    for paragraph in ranges:
        for line in _lines(text, paragraph):
            result.extend(split_paragraph(text, line))
    return tuple(result)


def _lines(text: str, paragraph: Span) -> list[Span]:
    """Break a paragraph at line ends that close a sentence; a wrapped line stays joined."""
    spans = []
    start = paragraph.start
    for match in re.finditer(r"\n", text[paragraph.start : paragraph.end]):
        end = paragraph.start + match.start()
        if _LINE_END.search(text[start:end]):
            spans.append(Span(start, end))
            start = paragraph.start + match.end()
    spans.append(Span(start, paragraph.end))
    return [s for s in spans if text[s.start : s.end].strip()]
