"""Repair the shape of scraped plain text without moving a character: hard wraps joined, run-together sentences split.

Two damages are common in text copied out of pages and mail:

* hard wraps: a blog repost or a mailed story broken at about 80 columns,
  every line ending mid-sentence. Read line by line, each piece is a
  fragment ("In honor of the"), a headline candidate or page chrome;
* run-together paragraphs: paragraphs saved with nothing between them
  ("...winding tunnels.There had been no contact..."), so one line holds a
  whole story and no sentence ends where a splitter looks for one.

Both are repaired on ``cleanup.Line`` values, never on the text: a joined
line spans its pieces (the line breaks stay inside it), a split line is two
lines whose offsets still index the file, so every span points into the
user's file as it is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from compare.ingest.cleanup import Line, ends_sentence
from compare.ingest.outlets import find_agencies

MIN_WRAPPED_LINES = 5
"""Fewest long lines a text needs before its line widths say anything about wrapping."""
MIN_WRAP_WIDTH, MAX_WRAP_WIDTH = 40, 100
"""Widths editors and mail programs wrap at (72, 76, 80 columns...); one-paragraph lines are far longer."""
WRAP_SLACK = 20
"""How much shorter than the wrap width a wrapped line may be (the next word did not fit)."""
MIN_AT_WIDTH = 0.5
"""Share of long lines that must sit within ``WRAP_SLACK`` of the width for the text to be hard-wrapped."""
MIN_MID_SENTENCE = 0.5
"""Share of the lines at the width that must end mid-sentence: wrapped prose, not a list of short sentences."""
WIDTH_QUANTILE = 0.9
"""The wrap width is this quantile of line lengths, so one over-long line (a URL) does not set it."""
_LONG_LINE = 20
"""Characters a line needs to count when measuring widths (short lines are headings, datelines, ends)."""
_GLUED = re.compile(r"[a-z]{2}[.!?][”’)]?(?=[\"“‘]?[A-Z][a-z])")
_WORD_BEFORE = re.compile(r"(\w+)[.!?][\"”’)]?$")
_NOT_FINAL = frozenset({
    "inc", "corp", "ltd", "co", "jr", "sr", "mr", "mrs", "ms", "dr", "st", "vs", "etc", "no", "gov", "sen", "rep",
    "gen", "col", "lt", "sgt", "capt", "prof", "rev", "ft", "mt", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "approx", "dept", "univ", "ave", "blvd",
})


def wrap_width(lines: Sequence[Line]) -> int | None:
    """The column a text is hard-wrapped at, or None when its lines are not wrapped prose."""
    lengths = sorted(len(line.text) for line in lines if len(line.text) >= _LONG_LINE)
    if len(lengths) < MIN_WRAPPED_LINES:
        return None
    width = lengths[min(len(lengths) - 1, int(WIDTH_QUANTILE * len(lengths)))]
    if not MIN_WRAP_WIDTH <= width <= MAX_WRAP_WIDTH:
        return None
    at_width = [line for line in lines if width - WRAP_SLACK <= len(line.text) <= width]
    if len(at_width) < MIN_AT_WIDTH * len(lengths):
        return None
    open_ends = sum(not ends_sentence(line.text) for line in at_width)
    return width if open_ends >= MIN_MID_SENTENCE * len(at_width) else None


def _continues(line: Line, blanks: int, width: int) -> bool:
    """Whether the next piece of a wrapped text carries on ``line``'s paragraph.

    Right below it (no blank line): unless ``line`` ends a sentence short of
    the width, where a writer ended the paragraph. After one blank line
    (texts wrapped with every line doubled): only when ``line`` reaches the
    width and stops mid-sentence.
    """
    at_width = len(line.text) >= width - WRAP_SLACK
    if blanks == 0:
        return at_width or not ends_sentence(line.text)
    return blanks == 1 and at_width and not ends_sentence(line.text)


def join_wraps(lines: list[Line]) -> list[Line]:
    """Lines with every hard-wrapped run (at most one blank line between pieces) joined into one line."""
    width = wrap_width(lines)
    if width is None:
        return lines
    joined: list[Line] = []
    pending: list[Line] = []
    held: list[Line] = []  # blank lines after ``pending``: inside the paragraph if it goes on, else kept
    for line in lines:
        if line.blank:
            (held if pending else joined).append(line)
            continue
        if not (pending and _continues(pending[-1], len(held), width)):
            pending = _flush(pending, joined)
            joined += held
        held = []
        pending.append(line)
    _flush(pending, joined)
    return _renumber(joined + held)


def _flush(pending: list[Line], out: list[Line]) -> list[Line]:
    """Append the pieces of one logical line as a single line; returns an empty pending list."""
    if pending:
        text = " ".join(piece.text for piece in pending)
        out.append(Line(pending[0].index, pending[0].start, pending[-1].end, text))
    return []


def _renumber(lines: list[Line]) -> list[Line]:
    return [Line(i, line.start, line.end, line.text, line.starts_paragraph) for i, line in enumerate(lines)]


def glued_cuts(text: str) -> list[int]:
    """Positions in a line where a sentence ends and the next begins with no space ("tunnels.There").

    Not after abbreviations ("Inc.", "Gov."), initials ("U.S.": the letter before the stop is a capital),
    numbers ("3.5"), inside a URL or address ("example.com/News.Html"), or before a caption's glued credit
    ("...in New York.Reuters").
    """
    cuts = []
    for match in _GLUED.finditer(text):
        start = text.rfind(" ", 0, match.start()) + 1
        end = text.find(" ", match.end())
        token = text[start : end if end >= 0 else len(text)]
        word = _WORD_BEFORE.search(text, 0, match.end())
        in_address = "/" in token or "@" in token or "www." in token.lower()
        if word is None or in_address or word.group(1).lower() in _NOT_FINAL or _is_credit(text[match.end() :]):
            continue
        cuts.append(match.end())
    return cuts


def _is_credit(rest: str) -> bool:
    """Whether the rest of a line is only an agency's photo credit ("...in New York.Reuters")."""
    hits = find_agencies(rest.strip())
    return len(hits) == 1 and hits[0][1] == 0 and hits[0][2] == len(rest.strip())


def split_glued(lines: list[Line]) -> list[Line]:
    """Lines cut where sentences run together; each piece after a cut starts a paragraph of its own."""
    out: list[Line] = []
    for line in lines:
        cuts = glued_cuts(line.text) if not line.blank else []
        if not cuts:
            out.append(line)
            continue
        for position, (a, b) in enumerate(zip([0, *cuts], [*cuts, len(line.text)], strict=True)):
            piece = line.text[a:b]
            left = a + len(piece) - len(piece.lstrip())
            text = piece.strip()
            out.append(Line(line.index, line.start + left, line.start + left + len(text), text,
                            position > 0 or line.starts_paragraph))
    return _renumber(out)
