"""Helpers every report shares: fixed rounding, escaped text, github tables, bounded file names.

Every piece of text that comes from an article (ids, titles, outlets, names,
sentences) goes into Markdown through ``inline``, ``cell`` or ``code``, so it
renders as written: no raw HTML, no link, no table or heading broken by a
``|`` or a newline. Link targets are only the report names made here.
"""

from __future__ import annotations

import hashlib
import re

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
# CommonMark's backslash escapes: emphasis, code, links, raw HTML and entities, table pipes; "_" only
# where it could open or close emphasis (not inside a word: "000_d62c.txt" stays readable).
_SPECIAL = re.compile(r"([\\`*~\[\]<>|&]|(?<![^\W_])_|_(?![^\W_]))")
# What would start a heading, list or thematic break where the text starts a line or a list item.
_BLOCK_START = re.compile(r"(?:\d+(?=[.)])|(?=[#+=-]))")


def escape(text: str) -> str:
    """Backslash-escape Markdown and HTML syntax so article text renders as written (newlines kept)."""
    return _SPECIAL.sub(r"\\\1", text)


def _shortened(flat: str, limit: int) -> str:
    """``flat`` cut to at most ``limit`` characters at a word boundary, with "…"."""
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    if flat[limit - 1] != " " and " " in cut:  # the cut fell inside a word: drop that word
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:–—-") + "…"


def cell(text: str | None, limit: int | None = CELL_CHARS) -> str:
    """Table-safe text: escaped, no pipes or newlines to break the Markdown table, at most ``limit`` characters."""
    flat = " ".join((text or "").split())
    return escape(flat if limit is None else _shortened(flat, limit))


def id_cell(text: str | None) -> str:
    """A table-safe identifier or list of them (article ids, paths): never cut, since a reader looks them up."""
    return cell(text, None)


def inline(text: str | None) -> str:
    """Article text for a heading, bullet or line of Markdown: a cell that cannot start a block either."""
    flat = cell(text, None)
    start = _BLOCK_START.match(flat)
    return f"{flat[: start.end()]}\\{flat[start.end():]}" if start else flat


def code(text: str | None) -> str:
    """Text as a code span: shown literally, fenced by more backticks than it holds."""
    flat = " ".join((text or "").split())
    fence = "`" * (max((len(run) for run in re.findall(r"`+", flat)), default=0) + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


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


# File systems allow 255 bytes a name; reports stay well under it, and under Windows' 260-character paths.
MAX_NAME_BYTES = 120
HASH_MARK = "~~"  # never in a slug ("~" is always followed by two hex digits there)


def _readable(article_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", article_id).lstrip(".")


def report_name(folder: str, ids: tuple[str, ...]) -> str:
    """``<folder>/<slug>--<slug>.md``, or when an id is not ASCII or the name would pass ``MAX_NAME_BYTES``,
    a readable ASCII prefix plus ``~~`` and a hash of the ids (the manifest maps names to ids)."""
    plain = "--".join(slug(i) for i in ids) + ".md"
    if all(i.isascii() for i in ids) and len(plain) <= MAX_NAME_BYTES:
        return f"{folder}/{plain}"
    digest = hashlib.sha256("\x00".join(ids).encode("utf-8", "surrogatepass")).hexdigest()[:12]
    tail = f"{HASH_MARK}{digest}.md"
    return f"{folder}/{'--'.join(_readable(i) for i in ids)[: MAX_NAME_BYTES - len(tail)]}{tail}"


def pair_filename(a: str, b: str) -> str:
    """``pairs/<a>--<b>.md`` with path separators and unsafe characters made safe, at most 120 bytes a name."""
    return report_name("pairs", (a, b))


def story_filename(story_id: str) -> str:
    return report_name("stories", (story_id,))
