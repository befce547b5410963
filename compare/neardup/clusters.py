"""Clusters of near-duplicates: connected components of the related pairs."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from compare.graph import connected_components
from compare.models import Cluster, Similarity


def clusters(ids: Sequence[str], sizes: Sequence[int], related: Iterable[Similarity]) -> tuple[Cluster, ...]:
    """Connected components of the related pairs; the longest article represents its cluster."""
    size_of = dict(zip(ids, sizes, strict=True))
    groups = connected_components(ids, ((pair.a, pair.b) for pair in related))
    found = [Cluster(tuple(sorted(m)), min(m, key=lambda i: (-size_of[i], i))) for m in groups if len(m) > 1]
    return tuple(sorted(found, key=lambda c: c.members))
