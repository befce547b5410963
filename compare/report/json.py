"""JSON-ready dictionaries of results, for scripts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from compare.models import Cluster, CorpusResult, PairResult, Similarity


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
    """The whole run: parameters, articles, pairs and clusters."""
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
        },
        "articles": [
            {"id": a.id, "title": a.title, "words": result.word_counts[a.id], "shingles": result.shingle_counts[a.id]}
            for a in result.articles
        ],
        "pairs": [{**similarity_to_dict(pair.similarity), "related": pair.related} for pair in result.pairs],
        "clusters": [{"members": list(c.members), "representative": c.representative} for c in result.clusters],
        "skipped": [{"path": s.path, "reason": s.reason} for s in result.skipped],
    }


def pair_to_dict(pair: PairResult) -> dict[str, Any]:
    """`compare pair --json`: figures, passages, edits (and facts when computed)."""
    from compare.facts import fact_comparison_to_dict  # the fact layer is slow to import; dedup never needs it
    from compare.passages import passage_comparison_to_dict

    data = {**similarity_to_dict(pair.similarity), "related": pair.related}
    if pair.alignment:
        data.update(passage_comparison_to_dict(pair.alignment))
    if pair.facts:
        data["facts"] = fact_comparison_to_dict(pair.facts)
    return data
