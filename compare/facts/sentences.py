"""Split article bodies into sentences whose spans point into the original text.

A sentence ends at . ! ? or an ellipsis (with any closing quotes or
brackets) followed by white space, unless the period closes an abbreviation:
titles ("Mr.", "Brig.") and initials never end a sentence, "No." and "Jan."
do not before a number, and "Inc.", "U.S." or "a.m." end one only when a
word that starts sentences follows. Rules written for news copy replaced
pysbd here: it cost about a millisecond a sentence (regexes compiled per
call), more than all the rest of the fact layer, and split tickers such as
"Index .SPX". A few repairs follow: a fragment with no letters or a piece
that starts in lower case joins the sentence before it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from compare.facts import lexicon as lx
from compare.models import Span

_LETTER = re.compile(r"\w")
# A line closes a sentence on . ! ? : ; (then any closing quotes or brackets) or on ")";
# not on a comma before a closing quote ("...movement forward,"), whose attribution follows.
_LINE_END = re.compile(r"(?:[.!?:;][\"'\u201d\u2019)\]]*|\))\s*$")
_END = re.compile(r"(?:\.{2,}|\u2026|[.!?]+)[\"'\u201d\u2019)\]]*(?=\s)")
_LAST_WORD = re.compile(r"[\w.'-]+$")
_ACRONYM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")
_NEXT_WORD = re.compile(r"\s*[\"'\u201c\u2018(\[]*([\w$€£]+)")


def _is_break(chunk: str, match: re.Match[str]) -> bool:
    """Whether the end mark ``match`` in ``chunk`` ends a sentence."""
    following = _NEXT_WORD.match(chunk, match.end())
    upcoming = following.group(1) if following else ""
    if match.group() != ".":
        return not match.group().startswith(("..", "\u2026")) or upcoming[:1].isupper()
    before = _LAST_WORD.search(chunk, 0, match.start())
    word = before.group().strip(".'-") if before else ""
    low = word.lower()
    if not word or (len(word) == 1 and word.isupper()) or low in lx.NEVER_FINAL:  # "Michael R. Bloomberg"
        return not word
    if low in lx.BEFORE_NUMBER and upcoming[:1].isdigit():
        return False
    if low in ("a.m", "p.m"):  # "at 4 a.m. Wednesday"
        return upcoming[:1].isupper() and upcoming.lower() not in lx.WEEKDAYS
    if low in lx.MAYBE_FINAL or _ACRONYM.fullmatch(word):  # "in the U.S. The ..." but "U.S. Senate"
        return upcoming[:1].isupper() and upcoming.lower() in lx.STOPWORDS
    return True


def _sentence_spans(text: str, paragraph: Span) -> list[Span]:
    """The paragraph cut at every sentence break, each piece trimmed of white space."""
    chunk = paragraph.slice(text)
    cuts = [m.end() for m in _END.finditer(chunk) if _is_break(chunk, m)]
    spans = []
    for start, end in zip([0, *cuts], [*cuts, len(chunk)], strict=True):
        piece = chunk[start:end]
        if piece.strip():
            left = start + len(piece) - len(piece.lstrip())
            spans.append(Span(paragraph.start + left, paragraph.start + start + len(piece.rstrip())))
    return spans


def _should_merge(text: str, left: Span, right: Span) -> bool:
    """A split before a lower-case word, or a fragment with no letters."""
    before = text[left.start : left.end]
    after = text[right.start : right.end]
    if not _LETTER.search(after) or not _LETTER.search(before):
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
    return tuple(_repair(text, _sentence_spans(text, paragraph)))


def split_sentences(text: str, paragraphs: Iterable[Span] | None = None) -> tuple[Span, ...]:
    """Sentence spans of ``text`` (or of the given paragraphs of it), in text order.

    A line that ends with closing punctuation ends a sentence even when the
    next line starts in lower case (scraped captions often sit in the same
    block as the text); a sentence never runs across paragraphs.
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
