"""Split a text into lines and decide which lines are body, by shape and position.

Saved news pages wrap the story in chrome: menus, weather, date banners and
a headline above it; "Related Stories", site names and domains below it;
photo captions (often twice: image alt text and figure caption) inside it.
None of that is the story, and comparing it would make two pages of one site
look alike. The rules here use only what generalises across sites:

* shape: a body line is prose (several words ending in sentence
  punctuation); chrome lines are short or list-like fragments;
* position: non-prose lines before the first and after the last prose line
  are the page's head and foot, never body;
* repetition: a line printed twice is said once; a repeated line, or one
  ending in a photo credit such as "(AP)", is a caption.

Every line keeps its offsets into the original text (which may use CRLF,
tabs or non-breaking spaces), so later stages can point into the user's file.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from compare.ingest import furniture
from compare.ingest.outlets import find_agencies
from compare.models import Span

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_CLOSERS = "\"'”’»)]*_"
_TERMINAL = ".!?…"
_OPENERS = "\"'“‘«([*_"
_PHOTO_WORDS = re.compile(r"\b(?:photo|photograph|image|picture|pic|file|getty|credit)s?\b", re.IGNORECASE)
_CREDIT_TAIL = re.compile(r"\s*[(\[]([^()\[\]]{1,60})[)\]]\s*$")
_PHOTO_PREFIX = re.compile(r"^\s*(?:photo|image|picture|file photo)s?\s*(?:credit)?\s*[:|]", re.IGNORECASE)
_COPYRIGHT = re.compile(r"^\s*(?:©|\(c\)\s|copyright\b)|all rights reserved", re.IGNORECASE)
MIN_PROSE_WORDS = 4
MIN_CAPTION_CHARS = 20
"""Characters of caption text a photo credit must follow (a bare "(AP)" line is a credit line, not a caption)."""
_CREDIT_BARE = re.compile(
    r"(?:(?<=[.!?”\"])\s*(?:Reuters|REUTERS|AFP|Getty Images|EPA)|\s(?:REUTERS|AFP|AP Photo|EPA|Xinhua|Getty Images)"
    r"/[\w .'’-]{2,40})\s*$"
)
"""Photo credits printed without brackets: glued after the caption's full stop, or "AGENCY/Photographer"."""


@dataclass(frozen=True)
class Line:
    """One line of the text: its stripped content and where that content sits in the text."""

    index: int
    start: int
    end: int
    text: str
    starts_paragraph: bool = False
    """Set on the second and later pieces of a line cut where sentences ran together (see ``repair``)."""

    @property
    def blank(self) -> bool:
        return not self.text

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)


def split_lines(text: str, offset: int = 0) -> list[Line]:
    """Lines of ``text[offset:]`` with any line ending (\\n, \\r\\n, \\r) and outer whitespace trimmed off."""
    lines: list[Line] = []
    for match in _LINE.finditer(text, offset):
        raw = match.group().rstrip("\r\n")
        if not raw and match.start() == len(text):
            break
        stripped = raw.strip()
        left = match.start() + (len(raw) - len(raw.lstrip()))
        lines.append(Line(len(lines), left, left + len(stripped), stripped))
    return lines


def line_key(text: str) -> str:
    """A comparison key for a line: case, quote style and whitespace ignored.

    Five ``replace`` calls, not ``translate``: the boilerplate pass keys every sentence of a corpus, and
    ``translate`` with a table costs seven times more.
    """
    if not text.isascii():
        text = text.replace("“", '"').replace("”", '"').replace("‘", "'").replace("’", "'").replace("\u00a0", " ")
    return " ".join(text.casefold().split())


def photo_credit(text: str) -> tuple[int, int] | None:
    """Where a trailing photo credit sits in a line ("... Moscow. (AP)", "...(Reuters Photo)",
    "... in Tokyo. REUTERS/Jane Roe", "...in New York.Reuters"), if it has one."""
    bare = _CREDIT_BARE.search(text)
    if bare is not None and bare.start() >= MIN_CAPTION_CHARS:
        return bare.start(), bare.end()
    match = _CREDIT_TAIL.search(text)
    if match is None or len(text) - len(match.group()) < MIN_CAPTION_CHARS:
        return None
    inner = match.group(1)
    if find_agencies(inner) or _PHOTO_WORDS.search(inner):
        return match.start(), match.end()
    return None


def without_credit(text: str) -> str:
    """The line with any trailing photo credit cut off."""
    credit = photo_credit(text)
    return text[: credit[0]].rstrip() if credit else text


def ends_sentence(text: str) -> bool:
    """Whether the text ends with sentence punctuation, ignoring closing quotes and brackets."""
    core = text.rstrip().rstrip(_CLOSERS)
    return bool(core) and core[-1] in _TERMINAL


def is_prose(text: str) -> bool:
    """Whether a line reads as a sentence: enough words and ending in sentence punctuation."""
    core = without_credit(text)
    return len(core.split()) >= MIN_PROSE_WORDS and ends_sentence(core)


def is_prose_like(text: str) -> bool:
    """Prose, or a long sentence fragment broken mid-sentence (ends with a comma, or runs on lower-case)."""
    if is_prose(text):
        return True
    core = text.rstrip().rstrip(_CLOSERS)
    return len(text.split()) >= 8 and bool(core) and core[-1] in ",;—–" and _lower_ratio(text) >= 0.4


def _lower_ratio(text: str) -> float:
    """Share of words that start lower-case: high in sentences, low in menus and name lists."""
    words = [w.lstrip(_OPENERS) for w in text.split()]
    words = [w for w in words if w[:1].isalpha()]
    return sum(w[0].islower() for w in words) / len(words) if words else 0.0


def _runs_on(line: Line, following: Sequence[Line]) -> bool:
    """Whether a long sentence-like line stops on a bare word and the next line carries on in lower case."""
    if not following or len(line.text.split()) < 8 or _lower_ratio(line.text) < 0.4:
        return False
    return line.text[-1:].isalnum() and following[0].text.lstrip(_OPENERS)[:1].islower()


def is_copyright(text: str) -> bool:
    """Whether a line is a copyright notice (foot chrome even though it may be a sentence)."""
    return bool(_COPYRIGHT.search(text))


@dataclass
class Layout:
    """Which lines are head, body, foot, caption or repeated; filled in by ``lay_out``."""

    lines: list[Line]
    head: list[int] = field(default_factory=list)
    body: list[int] = field(default_factory=list)
    foot: list[int] = field(default_factory=list)
    captions: list[int] = field(default_factory=list)
    removed: dict[int, str] = field(default_factory=dict)
    stamps: list[Span] = field(default_factory=list)


def _mark_furniture(lines: Sequence[Line], layout: Layout) -> None:
    """Page furniture (icon labels, breadcrumbs, share blocks, calls to action, teaser blocks) is not body."""
    open_lines = [line for line in lines if not line.blank and line.index not in layout.removed]
    texts = [line.text for line in open_lines]
    position = 0
    while position < len(open_lines):
        block = furniture.teaser_block(texts, position) or int(furniture.is_furniture(texts[position]))
        for line in open_lines[position : position + max(block, 1)]:
            if block:
                layout.removed[line.index] = "furniture"
        position += max(block, 1)


def trim_stamps(lines: list[Line]) -> tuple[list[Line], list[Span]]:
    """Lines with a leading metadata stamp ("date 2018-07-10 MAE SAI, ...") cut off, and the stamps' spans.

    The rest of such a line is the story's first paragraph; the stamp is listed as a removed date.
    """
    stamps: list[Span] = []
    trimmed = []
    for line in lines:
        cut = furniture.stamp_length(line.text)
        if cut:
            stamps.append(Span(line.start, line.start + len(line.text[:cut].rstrip())))
            line = Line(line.index, line.start + cut, line.end, line.text[cut:], line.starts_paragraph)
        trimmed.append(line)
    return trimmed, stamps


def _mark_repeats(lines: Sequence[Line], layout: Layout) -> None:
    """Collapse repeated lines; a repeated line with a credit, or repeated back to back, is a caption."""
    groups: dict[str, list[int]] = defaultdict(list)
    for line in lines:
        if not line.blank and line.index not in layout.removed:
            groups[line_key(without_credit(line.text))].append(line.index)
    for indexes in groups.values():
        if len(indexes) < 2:
            continue
        texts = [lines[i].text for i in indexes]
        row = texts[0].startswith("|")  # a table's repeated header row is data, never a caption
        credited = not row and any(photo_credit(t) for t in texts)
        back_to_back = not row and any(_next_nonblank(lines, a) == b for a, b in itertools.pairwise(indexes))
        keep = max(indexes, key=lambda i: (len(lines[i].text), -i)) if credited or back_to_back else indexes[0]
        if credited or back_to_back:
            layout.captions.append(keep)
            layout.removed[keep] = "caption"
        for i in indexes:
            if i != keep:
                layout.removed[i] = "repeated"


def _next_nonblank(lines: Sequence[Line], index: int) -> int | None:
    return next((line.index for line in lines[index + 1 :] if not line.blank), None)


def _mark_credited_captions(lines: Sequence[Line], layout: Layout) -> None:
    """A sentence ending in a photo credit, or starting "Photo:", is a caption even when printed once."""
    for line in lines:
        if line.blank or line.index in layout.removed:
            continue
        if (photo_credit(line.text) and is_prose(line.text)) or _PHOTO_PREFIX.match(line.text):
            layout.captions.append(line.index)
            layout.removed[line.index] = "caption"


def lay_out(lines: list[Line], chrome_keys: Collection[str] = ()) -> Layout:
    """Sort lines into head, body and foot, and take out captions, repeats and known chrome.

    ``chrome_keys`` are ``line_key`` values known to be chrome from other
    articles of the same outlet (see ``reader.read_corpus``).
    """
    layout = Layout(lines)
    for line in lines:
        if not line.blank and line_key(line.text) in chrome_keys:
            layout.removed[line.index] = "recurring"
    _mark_furniture(lines, layout)
    _mark_repeats(lines, layout)
    _mark_credited_captions(lines, layout)
    open_lines = [line for line in lines if not line.blank and line.index not in layout.removed]
    prose = [
        line.index
        for position, line in enumerate(open_lines)
        if (is_prose_like(line.text) or _runs_on(line, open_lines[position + 1 : position + 2]))
        and not is_copyright(line.text)
    ]
    first, last = (prose[0], prose[-1]) if prose else (0, len(lines))
    for line in open_lines:
        zone = layout.head if line.index < first else layout.foot if line.index > last else layout.body
        zone.append(line.index)
    layout.captions.sort()
    return layout


def paragraph_groups(lines: Sequence[Line], body: Collection[int], one_line_paragraphs: bool) -> list[list[Line]]:
    """Body lines grouped into paragraphs: a blank or removed line ends one.

    ``one_line_paragraphs`` is for extracted HTML text, where every line is
    already a paragraph.
    """
    groups: list[list[Line]] = []
    current: list[Line] = []
    for line in lines:
        if line.starts_paragraph and current:
            groups.append(current)
            current = []
        if line.index in body:
            current.append(line)
            if not one_line_paragraphs:
                continue
        if current:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


def _breaks_mid_sentence(text: str, following: str) -> bool:
    """Whether a paragraph stops inside a sentence that ``following`` finishes.

    A sentence cannot end on a comma, so a quote ending ``,"`` continues with
    its attribution; a paragraph ending on a bare word continues if the next
    starts lower-case.
    """
    core = text.rstrip().rstrip(_CLOSERS)
    if not core or not following:
        return False
    if core[-1] in ",;—–":
        return True
    return core[-1].isalnum() and following.lstrip(_OPENERS)[:1].islower()


def rejoin(groups: list[list[Line]], lines: Sequence[Line], removed: Collection[int]) -> list[Span]:
    """Paragraph spans, merging a paragraph broken mid-sentence with the next one.

    Pieces are only merged across blank lines, never across a removed line,
    so a merged span contains nothing but body text and whitespace.
    """
    spans: list[Span] = []
    previous: list[Line] | None = None
    for group in groups:
        span = Span(group[0].start, group[-1].end)
        if previous and spans and _breaks_mid_sentence(previous[-1].text, group[0].text):
            between = range(previous[-1].index + 1, group[0].index)
            if not any(i in removed for i in between):
                span = Span(spans.pop().start, span.end)
        spans.append(span)
        previous = group
    return spans
