"""Markdown reports: the index of a corpus and one page per pair."""

from __future__ import annotations

import re

from tabulate import tabulate

from compare.models import Article, CorpusResult, PairResult, Similarity


def fmt(value: float) -> str:
    """Fixed rounding so reports are byte-identical across machines."""
    return f"{value:.3f}"


def table(headers: list[str], rows: list[list[object]]) -> str:
    return tabulate(rows, headers=headers, tablefmt="github", disable_numparse=True)


def cell(text: str | None) -> str:
    """Table-safe text: no pipes or newlines to break the Markdown table."""
    return " ".join((text or "").replace("|", "\\|").split())


def pair_filename(a: str, b: str) -> str:
    """``pairs/<a>--<b>.md`` with path separators and unsafe characters made safe."""
    return f"pairs/{_slug(a)}--{_slug(b)}.md"


def _slug(article_id: str) -> str:
    return re.sub(r"[^\w.\-]", "_", article_id.replace("/", "__"))


def render_index(result: CorpusResult) -> str:
    parts = ["# compare report", "", _params_line(result), "", "## Corpus", "", _corpus_table(result)]
    parts += ["", "## Related pairs", "", _pairs_section(result, related=True)]
    parts += ["", "## Pairs sharing passages", "", _pairs_section(result, related=False)]
    parts += ["", "## Clusters", "", _clusters_section(result)]
    if result.matrix:
        parts += ["", "## Similarity matrix (Jaccard)", "", _matrix_table(result)]
    if result.skipped:
        rows = [[cell(s.path), cell(s.reason)] for s in result.skipped]
        parts += ["", "## Skipped or repaired", "", table(["file", "reason"], rows)]
    return "\n".join(parts) + "\n"


def _params_line(result: CorpusResult) -> str:
    p = result.params
    return (
        f"{len(result.articles)} articles. Shingles of {p.shingle_size} words, {p.num_perm} permutations "
        f"(seed {p.seed}); related when Jaccard >= {fmt(p.threshold)} or containment >= {fmt(p.containment)}; "
        f"passages shared when >= {p.min_shared} shingles in common. All figures are exact, from shingle sets."
    )


def _corpus_table(result: CorpusResult) -> str:
    rows = [
        [str(n), cell(a.id), cell(a.title), str(result.word_counts[a.id]), str(result.shingle_counts[a.id])]
        for n, a in enumerate(result.articles, start=1)
    ]
    return table(["#", "id", "title", "words", "shingles"], rows)


def _pairs_section(result: CorpusResult, related: bool) -> str:
    chosen = [p for p in result.pairs if p.related == related]
    if not chosen:
        return "None."
    rows = [_pair_row(p.similarity) for p in chosen]
    return table(["a", "b", "Jaccard", "containment a", "containment b", "shared shingles", "report"], rows)


def _pair_row(s: Similarity) -> list[object]:
    link = f"[report]({pair_filename(s.a, s.b)})"
    return [cell(s.a), cell(s.b), fmt(s.jaccard), fmt(s.containment_a), fmt(s.containment_b), str(s.shared), link]


def _clusters_section(result: CorpusResult) -> str:
    if not result.clusters:
        return "No near-duplicate clusters."
    rows = [[str(n), cell(c.representative), cell(", ".join(c.members))] for n, c in enumerate(result.clusters, 1)]
    return table(["cluster", "representative (longest)", "members"], rows)


def _matrix_table(result: CorpusResult) -> str:
    index = {a.id: n for n, a in enumerate(result.articles, start=1)}
    size = len(result.articles)
    grid = [["1.000" if i == j else "" for j in range(size)] for i in range(size)]
    for s in result.matrix:
        i, j = index[s.a] - 1, index[s.b] - 1
        grid[i][j] = grid[j][i] = fmt(s.jaccard)
    rows = [[str(n), *grid[n - 1]] for n in range(1, size + 1)]
    headers = ["", *(str(n) for n in range(1, size + 1))]
    return "Rows and columns are the # of the corpus table.\n\n" + table(headers, rows)


def render_pair(pair: PairResult, a: Article, b: Article) -> str:
    s = pair.similarity
    relation = "near-duplicates" if pair.related else "share passages"
    parts = [f"# {s.a} and {s.b}", "", f"These two articles {relation}.", ""]
    rows = [[cell(a.id), cell(a.title)], [cell(b.id), cell(b.title)]]
    parts += [table(["article", "title"], rows), "", "## Similarity", ""]
    figures = [
        ["Jaccard", fmt(s.jaccard)],
        [f"containment of {cell(s.a)} in {cell(s.b)}", fmt(s.containment_a)],
        [f"containment of {cell(s.b)} in {cell(s.a)}", fmt(s.containment_b)],
        ["shared shingles", str(s.shared)],
    ]
    parts.append(table(["measure", "value"], figures))
    return "\n".join(parts) + "\n"
