"""Clusters of near-duplicates: connected components of the related pairs."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from compare.models import Cluster, Similarity


def clusters(ids: Sequence[str], sizes: Sequence[int], related: Iterable[Similarity]) -> tuple[Cluster, ...]:
    """Union-find over related pairs; the longest article represents its cluster."""
    parent = {article_id: article_id for article_id in ids}

    def root(node: str) -> str:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for pair in related:
        parent[root(pair.a)] = root(pair.b)
    groups: dict[str, list[str]] = {}
    for article_id in ids:
        groups.setdefault(root(article_id), []).append(article_id)
    size_of = dict(zip(ids, sizes, strict=True))
    found = [
        Cluster(tuple(sorted(m)), min(m, key=lambda i: (-size_of[i], i))) for m in groups.values() if len(m) > 1
    ]
    return tuple(sorted(found, key=lambda c: c.members))
