"""Cluster reports: each copy of a wire story against the cluster's representative."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from compare.models import Article, Cluster
from compare.report.facts_md import difference_sections
from compare.report.tables import agencies_text, cell, code, fmt, id_cell, inline, pair_filename, report_name, table
from compare.results import PairResult


def cluster_filename(cluster: Cluster) -> str:
    """``clusters/<representative>.md``: a representative belongs to one cluster only."""
    return report_name("clusters", (cluster.representative,))


def _clip(text: str) -> str:
    return cell(" ".join(text.split())[:200])


def _pair_with(representative: str, member: str, pairs: Sequence[PairResult]) -> PairResult | None:
    for pair in pairs:
        if {pair.similarity.a, pair.similarity.b} == {representative, member} and pair.alignment is not None:
            return pair
    return None


def _member_row(member: Article, rep: str, pair: PairResult | None) -> list[object]:
    base = [id_cell(member.id), cell(member.outlet), cell(member.date), cell(member.dateline),
            cell(agencies_text(member))]
    if pair is None or pair.alignment is None:
        return [*base, "", "", "", "related through another copy"]
    s, alignment = pair.similarity, pair.alignment
    coverage = alignment.coverage_a if s.a == member.id else alignment.coverage_b
    link = f"[pair](../{pair_filename(s.a, s.b)})"
    return [*base, fmt(s.jaccard), fmt(coverage), alignment.verdict, link]


def render_cluster_markdown(cluster: Cluster, articles: Mapping[str, Article], pairs: Sequence[PairResult]) -> str:
    """Who carries this text, and how each copy differs from the representative (the longest)."""
    rep = articles[cluster.representative]
    others = [m for m in cluster.members if m != rep.id]
    lines = [f"# Cluster: {inline(rep.title or rep.id)}", "", f"{len(cluster.members)} near-duplicate articles. "
             f"The representative, the longest, is {code(rep.id)}; every other copy is compared with it.", ""]
    rows = [_member_row(articles[m], rep.id, _pair_with(rep.id, m, pairs)) for m in others]
    headers = ["article", "outlet", "date", "dateline", "agencies", "Jaccard", "share of it in the representative",
               "verdict", "report"]
    lines += [table(headers, rows), ""]
    for member in others:
        pair = _pair_with(rep.id, member, pairs)
        if pair is None or pair.facts is None:
            continue
        a, b = articles[pair.similarity.a], articles[pair.similarity.b]
        lines += [f"## {code(member)} against the representative", ""]
        if pair.alignment and pair.alignment.edits:
            lines += [f"- {e.kind}: {_clip(e.a_text)} -> {_clip(e.b_text)}" for e in pair.alignment.edits]
            lines.append("")
        lines.append(difference_sections(a, b, pair.facts).rstrip("\n"))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
