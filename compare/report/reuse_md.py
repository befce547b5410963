"""Reuse cluster reports: one passage, every article that carries it, and how each copy differs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from compare.models import Article, ReuseCluster
from compare.report.tables import cell, code, escape, id_cell, report_name, table

PAGE_WITNESSES = 3  # two witnesses are one pair: their pair report tells it
EDITS_SHOWN = 12  # per copy; a copy with more differs as a whole, and its span says where to look


def has_page(cluster: ReuseCluster) -> bool:
    """Whether a cluster gets ``reuse/<id>.md``: three witnesses or more."""
    return len(cluster.witnesses) >= PAGE_WITNESSES


def reuse_filename(cluster: ReuseCluster) -> str:
    """``reuse/<id>.md``; the id comes from the passage's shingles, so the name survives new articles."""
    return report_name("reuse", (cluster.id,))


def _quote(text: str) -> list[str]:
    """The passage as a Markdown block quote, paragraph breaks kept, every line escaped."""
    paragraphs = [" ".join(p.split()) for p in text.split("\n\n") if p.strip()] or [" ".join(text.split())]
    lines: list[str] = []
    for paragraph in paragraphs:
        lines += [">", f"> {escape(paragraph)}"] if lines else [f"> {escape(paragraph)}"]
    return lines


def _differences(cluster: ReuseCluster) -> str:
    first = cluster.witnesses[0]
    differs = [w for w in cluster.witnesses[1:] if w.edits]
    if not differs:
        return f"Every copy has the words of {code(first.article)}."
    lines = []
    for witness in differs:
        lines += [f"{code(witness.article)} against {code(first.article)}:", ""]
        lines += [f"- {e.kind}: {cell(e.a_text)} -> {cell(e.b_text)}" for e in witness.edits[:EDITS_SHOWN]]
        more = len(witness.edits) - EDITS_SHOWN
        lines += [f"- and {more} more differences" if more > 0 else "", ""]
    return "\n".join(line for n, line in enumerate(lines) if line or lines[n - 1]).rstrip("\n")


def _count(differences: int) -> str:
    return f"{differences} difference{'' if differences == 1 else 's'}"


def render_reuse_markdown(cluster: ReuseCluster, articles: Mapping[str, Article]) -> str:
    """The passage as its first witness has it, who carries it (in date order where known), and how each
    copy differs from that first one."""
    first = cluster.witnesses[0]
    lines = [f"# Reuse cluster {cluster.id}", "",
             f"{len(cluster.witnesses)} articles from {cluster.outlets} outlets carry this passage "
             f"({first.words} words in {code(first.article)}, the first in date order, then by id):", ""]
    lines += [*_quote(first.text), "", "## Who carries it", ""]
    rows: list[list[object]] = []
    for n, witness in enumerate(cluster.witnesses, 1):
        article = articles[witness.article]
        rows.append([str(n), id_cell(article.id), cell(article.outlet), cell(article.date), str(witness.words),
                     f"{witness.span.start}-{witness.span.end}", "first copy" if n == 1 else
                     _count(len(witness.edits)) if witness.edits else "same words"])
    lines += [table(["#", "article", "outlet", "date", "words", "characters", "against the first"], rows), ""]
    lines += ["## How the copies differ", "", _differences(cluster), ""]
    return "\n".join(lines)


def reuse_rows(clusters: Sequence[ReuseCluster]) -> list[list[object]]:
    """Index rows of the clusters that have a page: outlets, articles, words, the passage, the link."""
    return [[str(c.outlets), str(len(c.witnesses)), str(c.witnesses[0].words), cell(c.witnesses[0].text),
             f"[reuse]({reuse_filename(c)})"] for c in clusters if has_page(c)]
