"""Markdown reports: the index of a corpus and one page per pair."""

from __future__ import annotations

from compare.models import Article
from compare.report.clusters_md import cluster_filename
from compare.report.facts_md import render_facts_markdown
from compare.report.passages_md import render_passages_markdown, render_reprint_families_markdown
from compare.report.reuse_md import reuse_rows
from compare.report.tables import agencies_text, cell, fmt, id_cell, inline, pair_filename, story_filename, table
from compare.results import CorpusResult, PairResult


def render_index(result: CorpusResult) -> str:
    parts = ["# compare report", "", _params_line(result), "", "## Corpus", "", _corpus_table(result)]
    parts += ["", "## Related pairs", "", _pairs_section(result, related=True)]
    parts += ["", "## Pairs sharing passages", "", *_sharing_intro(result), _pairs_section(result, related=False)]
    parts += ["", "## Reuse clusters", "", _reuse_section(result)]
    parts += ["", "## Clusters", "", _clusters_section(result)]
    parts += ["", "## Stories", "", _stories_section(result)]
    parts += ["", render_reprint_families_markdown(result.families, result.articles).rstrip("\n")]
    if result.matrix:
        parts += ["", "## Similarity matrix (Jaccard)", "", _matrix_table(result)]
    if result.boilerplate:
        parts += ["", "## Boilerplate", "", _boilerplate_section(result)]
    if result.skipped:
        rows = [[id_cell(s.path), cell(s.reason)] for s in result.skipped]
        parts += ["", "## Skipped or repaired", "", table(["file", "reason"], rows)]
    return "\n".join(parts) + "\n"


def _boilerplate_section(result: CorpusResult) -> str:
    """Sentences printed in many unrelated articles, which every comparison left out."""
    rows = [[cell(b.text, None), str(b.count)] for b in result.boilerplate]  # whole: a reader looks it up
    return ("Printed in many otherwise unrelated articles and removed from their bodies before any comparison "
            "(`compare articles` lists each removal).\n\n" + table(["text", "articles"], rows))


def _params_line(result: CorpusResult) -> str:
    p = result.params
    return (
        f"{len(result.articles)} articles. Shingles of {p.shingle_size} words, {p.num_perm} permutations "
        f"(seed {p.seed}); related when Jaccard >= {fmt(p.threshold)} or containment >= {fmt(p.containment)}; "
        f"passages shared when one run of >= {p.min_shared} consecutive shingles is common to both, "
        f"and merged across gaps of up to {p.max_gap} differing words. "
        "All figures are exact, from shingle sets."
    )


def _corpus_table(result: CorpusResult) -> str:
    rows = [
        [
            str(n), id_cell(a.id), cell(a.title), cell(a.outlet), cell(a.date), cell(a.dateline),
            cell(agencies_text(a)), str(result.word_counts[a.id]), str(result.shingle_counts[a.id]),
            str(len(a.removed)),
        ]
        for n, a in enumerate(result.articles, start=1)
    ]
    headers = ["#", "id", "title", "outlet", "date", "dateline", "agencies", "words", "shingles", "removed lines"]
    return table(headers, rows)


def _pairs_section(result: CorpusResult, related: bool) -> str:
    chosen = [p for p in result.pairs if p.related == related]
    if not chosen:
        return "None."
    rows = [_pair_row(p) for p in chosen]
    headers = ["a", "b", "Jaccard", "containment a", "containment b", "shared shingles", "verdict", "report"]
    return table(headers, rows)


def _sharing_intro(result: CorpusResult) -> list[str]:
    """How many pairs share a passage, and how many of them are told by reuse clusters instead of a row here
    (no line at all when no pair shares one)."""
    total, folded = result.sharing_pairs
    if not total:
        return []
    return [f"Pairs of articles sharing a passage: {total}, of which {folded} are folded into the reuse clusters "
            "below. Near-duplicates aside, a pair is listed here when it shares a passage no third article has "
            f"and is among the {result.params.max_partners} strongest partners (by shared words) of one of its "
            "articles (`--max-partners`).\n"]


def _reuse_section(result: CorpusResult) -> str:
    if not result.reuse:
        return "No passage is shared by two articles."
    rows = reuse_rows(result.reuse)
    intro = (f"Passages shared by two or more articles: {len(result.reuse)}. Those carried by three or more "
             f"({len(rows)}) have a page, listed by number of outlets; a pair report shows the others.")
    if not rows:
        return intro
    return intro + "\n\n" + table(["outlets", "articles", "words", "passage (first copy)", "report"], rows)


def _pair_row(pair: PairResult) -> list[object]:
    s = pair.similarity
    link = f"[report]({pair_filename(s.a, s.b)})" if pair.alignment else "see the cluster's representative"
    verdict = pair.alignment.verdict if pair.alignment else ""
    return [
        id_cell(s.a), id_cell(s.b), fmt(s.jaccard), fmt(s.containment_a), fmt(s.containment_b), str(s.shared),
        verdict, link,
    ]


def _stories_section(result: CorpusResult) -> str:
    if not result.stories:
        return "No two articles share enough names and facts to be one story."
    by_id = {s.id: s for s in result.stories}
    rows = []
    for thread in result.threads:
        for story in (by_id[i] for i in thread.stories):
            rows.append([cell(", ".join(thread.entities)), cell(", ".join(story.entities)),
                         id_cell(", ".join(story.members)), f"[story]({story_filename(story.id)})"])
        if thread.loose:
            rows.append([cell(", ".join(thread.entities)), "the only report of its moment",
                         id_cell(", ".join(thread.loose)), ""])
    intro = ("Threads are articles on the same people and places; each is split into stories, one per event: "
             "reports at most a day apart that share facts (copied text or not). A later moment of the same "
             "thread is another story.")
    return intro + "\n\n" + table(["thread", "story about", "articles", "report"], rows)


def _clusters_section(result: CorpusResult) -> str:
    if not result.clusters:
        return "No near-duplicate clusters."
    rows = [
        [str(n), id_cell(c.representative), id_cell(", ".join(c.members)), f"[cluster]({cluster_filename(c)})"]
        for n, c in enumerate(result.clusters, 1)
    ]
    return table(["cluster", "representative (longest)", "members", "report"], rows)


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
    relation = "are near-duplicates" if pair.related else "share passages but are not near-duplicates"
    first, second = inline(s.a), cell(s.b)
    parts = [f"# {first} and {second}", "", f"These two articles {relation}. A is {cell(s.a)}, B is {second}.", ""]
    parts += [_metadata_table(a, b), ""]
    parts += [line for line in _when_and_where(a, b)]
    parts += ["## Similarity", ""]
    figures = [
        ["Jaccard", fmt(s.jaccard)],
        [f"containment of {id_cell(s.a)} in {id_cell(s.b)}", fmt(s.containment_a)],
        [f"containment of {id_cell(s.b)} in {id_cell(s.a)}", fmt(s.containment_b)],
        ["shared shingles", str(s.shared)],
    ]
    parts.append(table(["measure", "value"], figures))
    if pair.alignment:
        parts += ["", render_passages_markdown(a, b, pair.alignment).rstrip("\n")]
    if pair.facts:
        parts += ["", render_facts_markdown(a, b, pair.facts).rstrip("\n")]
    return "\n".join(parts) + "\n"


def _metadata_table(a: Article, b: Article) -> str:
    rows = [
        [label, id_cell(a.id), cell(a.title), cell(a.outlet), cell(a.date), cell(a.dateline), cell(agencies_text(a))]
        for label, a in (("A", a), ("B", b))
    ]
    return table(["", "article", "title", "outlet", "date", "dateline", "agencies"], rows)


def _when_and_where(a: Article, b: Article) -> list[str]:
    """Say plainly when two articles report from different places or days: likely different events."""
    notes = []
    if a.dateline and b.dateline and a.dateline.casefold() != b.dateline.casefold():
        notes.append(f"- Different places: A is datelined {cell(a.dateline)}, B {cell(b.dateline)}.")
    if a.date and b.date and a.date != b.date:
        first, later = (a, b) if a.date < b.date else (b, a)
        notes.append(f"- Different dates: {cell(first.id)} is dated {cell(first.date)}, {cell(later.id)} "
                     f"{cell(later.date)}.")
    elif bool(a.date) != bool(b.date):
        dated = a if a.date else b
        notes.append(f"- Only {cell(dated.id)} is dated ({cell(dated.date)}); the other gives no date.")
    if not notes:
        return []
    return ["Where and when:", "", *notes, "", "Different places or days suggest reports of different events "
            "in the same story, not one event reported twice.", ""]


def articles_text(article: Article) -> str:
    """One article as `compare articles` prints it: metadata, then each paragraph with its offsets."""
    lines = [f"== {article.id}", f"title: {article.title}"]
    for label, value in (("outlet", article.outlet), ("url", article.url), ("date", article.date),
                         ("dateline", article.dateline), ("author", article.author)):
        lines.append(f"{label}: {value or '-'}")
    lines.append(f"agencies: {agencies_text(article) or '-'}")
    lines += [f"caption [{c.start}, {c.end}): {' '.join(c.slice(article.text).split())}" for c in article.captions]
    lines += [
        f"removed ({r.reason}) [{r.span.start}, {r.span.end}): {' '.join(r.span.slice(article.text).split())}"
        for r in article.removed
    ]
    lines += [f"[{p.start}, {p.end}) {' '.join(p.slice(article.text).split())}" for p in article.paragraphs]
    return "\n".join(lines) + "\n"
