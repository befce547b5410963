"""Markdown for shared passages (pair reports) and reprint families (index).

Output is deterministic: passages come sorted by their start in A, figures
are rounded to 3 decimals, and nothing depends on the clock or the machine,
so committed reports only change when results do.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from compare.models import Article, Edit, Passage, PassageComparison
from compare.report.tables import code, escape, inline
from compare.reuse.passages import EXACT, INDEPENDENT
from compare.reuse.reprints import ReprintFamily

# Line breaks stay outside emphasis markers: ~~ and ** cannot span lines.
_LINE_BREAK = re.compile(r"(\s*\n\s*)")


def _mark(text: str, marker: str) -> str:
    """Wrap each line of ``text`` in ``marker``, keeping whitespace outside it."""
    out = []
    for piece in _LINE_BREAK.split(text):
        core = piece.strip()
        if not core or _LINE_BREAK.fullmatch(piece):
            out.append(piece)
            continue
        lead = piece[: len(piece) - len(piece.lstrip())]
        trail = piece[len(piece.rstrip()) :]
        out.append(f"{lead}{marker}{escape(core)}{marker}{trail}")
    return "".join(out)


def _version(passage: Passage, side: str) -> str:
    """One side of a passage with what the other side lacks marked."""
    if not passage.diff:
        return escape(passage.a_text if side == "a" else passage.b_text)
    marked_ops = {"a": ("delete", "replace"), "b": ("insert", "replace")}[side]
    marker = "~~" if side == "a" else "**"
    parts = []
    for op, a_part, b_part in passage.diff:
        part = a_part if side == "a" else b_part
        parts.append(_mark(part, marker) if op in marked_ops else escape(part))
    return "".join(parts)


def _quote(text: str) -> list[str]:
    return [f"> {line}".rstrip() for line in text.splitlines()] or [">"]


def _who(article: Article, label: str) -> str:
    date = f", {inline(article.date)}" if article.date else ""
    return f"{label} ({code(article.id)}{date})"


def _summary(a: Article, b: Article, pc: PassageComparison) -> list[str]:
    if pc.likely_original is None:
        original = inline(pc.original_reason) if pc.original_reason else "unknown"
    else:
        who = _who(a, "A") if pc.likely_original == a.id else _who(b, "B")
        original = f"{who}: {inline(pc.original_reason)}" if pc.original_reason else who
    return [
        f"A is {code(a.id)}, B is {code(b.id)}.",
        "",
        f"- Verdict: **{pc.verdict}**",
        f"- Coverage of A by B: {pc.coverage_a:.3f} ({pc.shared_words_a} of {pc.words_a} words of A are in B)",
        f"- Coverage of B by A: {pc.coverage_b:.3f} ({pc.shared_words_b} of {pc.words_b} words of B are in A)",
        f"- Ordered overlap: {pc.ordered_a:.3f} of A's content words and {pc.ordered_b:.3f} of B's appear in the "
        "other in the same order (a rewrite keeps much of its source's order, an independent text little of it)",
        f"- Likely original: {original}",
    ]


def _edit_line(edit: Edit) -> str:
    if edit.kind == "attribution":
        a_credit, b_credit = inline(edit.a_text) or "nobody", inline(edit.b_text) or "nobody"
        return f"- attribution: credited to “{a_credit}” in A, “{b_credit}” in B"
    if edit.kind == "substitute":
        return f"- substitute: “{inline(edit.a_text)}” → “{inline(edit.b_text)}”"
    if edit.kind == "cut":
        return f"- cut: “{inline(edit.a_text)}”"
    return f"- add: “{inline(edit.b_text)}”"


def _edits(b: Article, pc: PassageComparison) -> list[str]:
    if not pc.edits:
        return []
    lines = ["", "### Edits from A to B", ""]
    if pc.likely_original == b.id:
        lines += ["B is the likely original: read these edits backwards, as what A changed in B's text.", ""]
    return lines + [_edit_line(edit) for edit in pc.edits]


def _passage_block(number: int, passage: Passage) -> list[str]:
    words = len(passage.a_text.split())
    lines = ["", f"#### Passage {number}: A [{passage.a.start}, {passage.a.end}), "
                 f"B [{passage.b.start}, {passage.b.end}), {words} words of A", ""]
    if passage.a_text == passage.b_text:
        return [*lines, "Same text in A and B:", "", *_quote(escape(passage.a_text))]
    note = "word-for-word, differing only in punctuation or case" if not passage.diff else (
        "~~struck~~ words are not in B, **bold** words are not in A")
    return [*lines, f"A and B ({note}):", "", "A:", "", *_quote(_version(passage, "a")),
            "", "B:", "", *_quote(_version(passage, "b"))]


def render_passages_markdown(a: Article, b: Article, pc: PassageComparison) -> str:
    """The shared-text section of a pair report: verdict, coverage, edits, passages."""
    lines = ["## Shared text", "", *_summary(a, b, pc), *_edits(b, pc), "", "### Shared passages"]
    if not pc.passages:
        lines += ["", "No shared passages." if pc.verdict == INDEPENDENT else "None found."]
    elif pc.verdict == EXACT and len(pc.passages) == 1:
        lines += ["", "B is A word for word; the passage is the whole body."]
    for number, passage in enumerate(pc.passages, start=1):
        lines += _passage_block(number, passage)
    return "\n".join(lines) + "\n"


def render_reprint_families_markdown(families: Sequence[ReprintFamily], articles: Iterable[Article] = ()) -> str:
    """The index's reprint-families section: each family with its probable original."""
    dates = {a.id: a.date for a in articles}
    lines = ["## Reprint families", ""]
    if not families:
        return "\n".join([*lines, "None: no related pair is an exact copy or a reprint of the other."]) + "\n"
    lines += ["Articles that are copies of one text (exact copies or edited reprints).", ""]
    for number, family in enumerate(families, start=1):
        copies = ", ".join(code(m) + (f" ({inline(dates[m])})" if dates.get(m) else "")
                           for m in family.members if m != family.original)
        if family.original is None:
            lines.append(f"{number}. Probable original {inline(family.reason)}; members: {copies}")
        else:
            lines.append(f"{number}. Probable original {code(family.original)} ({inline(family.reason)}); "
                         f"copies: {copies}")
    return "\n".join(lines) + "\n"
