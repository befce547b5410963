"""JSON-ready dictionaries of results, for scripts: every ``*_to_dict`` lives here."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from compare.facts.values import Conflict, FactComparison, FactRow, FactUnit, OnlyFact, SharedFact
from compare.models import Article, Cluster, PassageComparison, ReuseCluster, Similarity, Span
from compare.report.tables import pair_filename, story_filename
from compare.results import CorpusResult, PairResult, StoryResult


def similarity_to_dict(s: Similarity) -> dict[str, Any]:
    return {
        "a": s.a,
        "b": s.b,
        "jaccard": round(s.jaccard, 6),
        "containment_a": round(s.containment_a, 6),
        "containment_b": round(s.containment_b, 6),
        "shared": s.shared,
    }


def dedup_to_dict(pairs: Sequence[Similarity], clusters: Sequence[Cluster]) -> dict[str, Any]:
    """{"pairs": [...], "clusters": [[ids...]]}, as `compare dedup --json` prints it."""
    return {
        "pairs": [similarity_to_dict(s) for s in pairs],
        "clusters": [list(c.members) for c in clusters],
    }


def corpus_to_dict(result: CorpusResult) -> dict[str, Any]:
    """The whole run: everything the Markdown reports show, described by ``docs/report.schema.json``.

    The first five keys (params, articles, pairs, clusters, skipped) are what
    scripts have always read; later keys and fields were added beside them
    and never change the old ones' values.
    """
    p = result.params
    return {
        "params": {
            "shingle_size": p.shingle_size,
            "num_perm": p.num_perm,
            "threshold": p.threshold,
            "containment": p.containment,
            "seed": p.seed,
            "min_shared": p.min_shared,
            "max_gap": p.max_gap,
            "max_partners": p.max_partners,
        },
        "articles": [
            {"id": a.id, "title": a.title, "words": result.word_counts[a.id], "shingles": result.shingle_counts[a.id],
             **article_metadata(a)}
            for a in result.articles
        ],
        "pairs": [_corpus_pair(pair) for pair in result.pairs],
        "clusters": [{"members": list(c.members), "representative": c.representative} for c in result.clusters],
        "skipped": [{"path": s.path, "reason": s.reason} for s in result.skipped],
        "families": [{"members": list(f.members), "original": f.original, "reason": f.reason}
                     for f in result.families],
        "stories": [story_to_dict(story) for story in result.stories],
        "matrix": [similarity_to_dict(s) for s in result.matrix],
        "reuse": [reuse_to_dict(c) for c in result.reuse],
        "sharing_pairs": {"total": result.sharing_pairs[0], "folded": result.sharing_pairs[1]},
        "boilerplate": [{"text": b.text, "count": b.count, "articles": list(b.articles)} for b in result.boilerplate],
    }


def reuse_to_dict(cluster: ReuseCluster) -> dict[str, Any]:
    """One reuse cluster: every witness with its span, its text and its edits from the first witness."""
    return {"id": cluster.id, "outlets": cluster.outlets, "witnesses": [
        {"article": w.article, "start": w.span.start, "end": w.span.end, "words": w.words, "text": w.text,
         "edits": [{"kind": e.kind, "a_text": e.a_text, "b_text": e.b_text} for e in w.edits]}
        for w in cluster.witnesses]}


def report_text(data: dict[str, Any]) -> str:
    """``reports/report.json``: ``corpus_to_dict``'s value in fixed key order and no clock, so it is byte-stable.

    One line per article, pair, story and so on: a diff of committed reports
    shows which ones changed, and json's C encoder writes it (an indent makes
    json use its pure-Python encoder, twice as slow on the 60 MB of a
    5,000-article run). `run --json` prints the same data indented.
    """
    parts = []
    for key, value in data.items():
        if isinstance(value, list) and value:
            items = ",\n".join(json.dumps(item, ensure_ascii=False) for item in value)
            parts.append(f"{json.dumps(key)}: [\n{items}\n]")
        else:
            parts.append(f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def article_metadata(article: Article) -> dict[str, Any]:
    """What a report says about an article beyond its figures, its text (every span indexes it) and
    where its compared body paragraphs stand in it (the rest is chrome, captions, title or dateline)."""
    return {
        "outlet": article.outlet,
        "url": article.url,
        "date": article.date,
        "dateline": article.dateline,
        "author": article.author,
        "credits": [{"name": c.name, "role": c.role, "start": c.span.start, "end": c.span.end}
                    for c in article.agencies],
        "text": article.text,
        "body": [[p.start, p.end] for p in article.paragraphs],
    }


def _corpus_pair(pair: PairResult) -> dict[str, Any]:
    """A pair in the run's JSON: the old figures first, then what `pair --json` says and its report's path."""
    data = pair_to_dict(pair)
    if pair.alignment is not None:
        data["report"] = pair_filename(pair.similarity.a, pair.similarity.b)
    return data


def story_to_dict(story: StoryResult) -> dict[str, Any]:
    """A story: members, the fact-by-outlet matrix (one cell per member, in ``members`` order) and what each
    member alone reports."""
    return {
        "id": story.id,
        "members": list(story.members),
        "entities": list(story.entities),
        "report": story_filename(story.id),
        "rows": [_row_dict(row, story.members) for row in story.rows],
        "alone": [{"article": member, "facts": [_only_dict(o) for o in own]}
                  for member, own in zip(story.members, story.alone, strict=False)],
    }


def _row_dict(row: FactRow, members: Sequence[str]) -> dict[str, Any]:
    """One matrix row; each conflict names the members whose cells hold its two sentences."""
    def holders(unit: FactUnit) -> list[str]:
        return [m for m, c in zip(members, row.cells, strict=False) if c is not None and c.span == unit.span]

    return {
        "cells": [None if c is None else _unit_dict(c) for c in row.cells],
        "labels": list(row.labels),
        "conflicts": [_conflict_dict(c) | {"a_articles": holders(c.a), "b_articles": holders(c.b)}
                      for c in row.conflicts],
    }


def pair_to_dict(pair: PairResult) -> dict[str, Any]:
    """`compare pair --json`: figures, passages, edits (and facts when computed)."""

    data = {**similarity_to_dict(pair.similarity), "related": pair.related}
    if pair.alignment:
        data.update(passage_comparison_to_dict(pair.alignment))
    if pair.facts:
        data["facts"] = fact_comparison_to_dict(pair.facts)
    return data


def _only_dict(fact: OnlyFact) -> dict[str, object]:
    """A fact one member alone reports; ``part`` is the clause when the rest of its sentence is shared."""
    found = _unit_dict(fact.unit) | {"about": fact.about}
    if fact.part is not None:
        found["part"] = {"start": fact.part.start, "end": fact.part.end, "text": fact.part_text}
    return found


def _unit_dict(unit: FactUnit) -> dict[str, object]:
    return {"sentence": unit.text, "start": unit.span.start, "end": unit.span.end,
            "entities": list(unit.entity_names())}


def _shared_dict(fact: SharedFact) -> dict[str, object]:
    first_a, last_a, first_b, last_b = fact.a[0], fact.a[-1], fact.b[0], fact.b[-1]
    return {"a_sentence": " ".join(u.text for u in fact.a), "b_sentence": " ".join(u.text for u in fact.b),
            "a_start": first_a.span.start, "a_end": last_a.span.end, "b_start": first_b.span.start,
            "b_end": last_b.span.end, "label": fact.label, "score": round(fact.score, 3),
            "a_spans": [[u.span.start, u.span.end] for u in fact.a],
            "b_spans": [[u.span.start, u.span.end] for u in fact.b]}


def _span_keys(side: str, unit: FactUnit | None) -> dict[str, int | None]:
    """``{side}_start``/``{side}_end`` of a unit's sentence, None when there is none."""
    return {f"{side}_start": unit.span.start if unit else None, f"{side}_end": unit.span.end if unit else None}


def _conflict_dict(c: Conflict) -> dict[str, object]:
    return {"kind": c.kind, "a_value": c.a_value, "b_value": c.b_value, "slot": c.slot, "severity": c.severity,
            "a_sentence": c.a.text, "b_sentence": c.b.text, **_span_keys("a", c.a), **_span_keys("b", c.b)}


def fact_comparison_to_dict(fc: FactComparison) -> dict[str, object]:
    """The "facts" object of ``compare pair A B --json``."""
    quotes = lambda items: [{"quote": q.text, "speaker": fc.name(q.speaker), "start": q.span.start,  # noqa: E731
                             "end": q.span.end, "sentence": u.text} for q, u in items]
    return {
        "shared": [_shared_dict(f) for f in fc.shared],
        "only_a": [_unit_dict(o.unit) | {"about": o.about} for o in fc.only_a],
        "only_b": [_unit_dict(o.unit) | {"about": o.about} for o in fc.only_b],
        "conflicts": [_conflict_dict(c) for c in fc.conflicts],
        "framing": [{"a_words": f.a_words, "b_words": f.b_words, "tag": f.tag, **_span_keys("a", f.a),
                     **_span_keys("b", f.b)} for f in fc.framing],
        "quotes_only_a": quotes(fc.quotes_only_a),
        "quotes_only_b": quotes(fc.quotes_only_b),
    }


def passage_comparison_to_dict(pc: PassageComparison) -> dict[str, object]:
    """The --json keys this stage owns: coverage, ordered overlap, reuse, verdict, passages, edits."""
    return {
        "coverage_a": round(pc.coverage_a, 6),
        "coverage_b": round(pc.coverage_b, 6),
        "ordered_overlap_a": round(pc.ordered_a, 6),
        "ordered_overlap_b": round(pc.ordered_b, 6),
        "reuse_a": round(pc.reuse_a, 6),
        "reuse_b": round(pc.reuse_b, 6),
        "verdict": pc.verdict,
        "likely_original": pc.likely_original,
        "passages": [
            {"a_start": p.a.start, "a_end": p.a.end, "b_start": p.b.start, "b_end": p.b.end,
             "a_text": p.a_text, "b_text": p.b_text,
             "diff": [{"op": op, "a_text": x, "b_text": y} for op, x, y in p.diff]}
            for p in pc.passages
        ],
        "edits": [{"kind": e.kind, "a_text": e.a_text, "b_text": e.b_text} for e in pc.edits],
    }


def _article_span(article: Article, span: Span) -> dict[str, Any]:
    return {"start": span.start, "end": span.end, "text": span.slice(article.text)}


def article_to_dict(article: Article) -> dict[str, Any]:
    """The parsed article: metadata, agencies with roles, captions, removed lines and body paragraphs.

    Paragraph text is shown as it is in the file (a rejoined paragraph
    keeps the blank line inside it); offsets index ``article.text``.
    """
    return {
        "id": article.id,
        "title": article.title,
        "title_from_body": article.title_from_body,
        "outlet": article.outlet,
        "url": article.url,
        "date": article.date,
        "dateline": article.dateline,
        "author": article.author,
        "agencies": [
            {"name": a.name, "role": a.role, "start": a.span.start, "end": a.span.end} for a in article.agencies
        ],
        "captions": [_article_span(article, s) for s in article.captions],
        "removed": [{**_article_span(article, r.span), "reason": r.reason} for r in article.removed],
        "paragraphs": [_article_span(article, s) for s in article.paragraphs],
        "source_format": article.source_format,
    }
