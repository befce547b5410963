"""Helpers every report shares: fixed rounding, safe cells, github tables, file names."""

from __future__ import annotations

from tabulate import tabulate

from compare.models import Article


def fmt(value: float) -> str:
    """Fixed rounding so reports are byte-identical across machines."""
    return f"{value:.3f}"


def table(headers: list[str], rows: list[list[object]]) -> str:
    return tabulate(rows, headers=headers, tablefmt="github", disable_numparse=True)


CELL_CHARS = 80
"""Longest text a table cell shows; longer free text (a title taken from a paragraph, a sentence) is cut at a
word boundary with "…". The full text stays in the JSON output and in the body of pair reports."""


def cell(text: str | None, limit: int | None = CELL_CHARS) -> str:
    """Table-safe text: no pipes or newlines to break the Markdown table, and at most ``limit`` characters."""
    flat = " ".join((text or "").split())
    if limit is not None and len(flat) > limit:
        cut = flat[: limit - 1]
        if flat[limit - 1] != " " and " " in cut:  # the cut fell inside a word: drop that word
            cut = cut.rsplit(" ", 1)[0]
        flat = cut.rstrip(" ,;:–—-") + "…"
    return flat.replace("|", "\\|")


def id_cell(text: str | None) -> str:
    """A table-safe identifier or list of them (article ids, paths): never cut, since a reader looks them up."""
    return cell(text, None)


def agencies_text(article: Article) -> str:
    """"AFP (byline), Reuters (photo)": who is credited, and for what."""
    seen = dict.fromkeys(f"{a.name} ({a.role})" for a in article.agencies)
    return ", ".join(seen)


def slug(article_id: str) -> str:
    """A file-name-safe form of an id that no other id shares.

    Letters, digits, ".", "_" and "-" stay; every other character (the "/" of
    a sub-folder, spaces, non-ASCII, and "~" itself) becomes "~" and its
    UTF-8 bytes in hex, so "a b.txt" and "a_b.txt" never share a report file.
    """
    return "".join(
        char if char.isascii() and (char.isalnum() or char in "._-") else "".join(f"~{b:02X}" for b in char.encode())
        for char in article_id
    )


def pair_filename(a: str, b: str) -> str:
    """``pairs/<a>--<b>.md`` with path separators and unsafe characters made safe."""
    return f"pairs/{slug(a)}--{slug(b)}.md"


def story_filename(story_id: str) -> str:
    return f"stories/{slug(story_id)}.md"
