"""Exact figures for candidate pairs: MinHash only proposes, these decide.
"""

from __future__ import annotations

import numpy as np

from compare.models import Params, Similarity


def exact_similarity(a_id: str, b_id: str, a: np.ndarray, b: np.ndarray) -> Similarity:
    """Jaccard and both containments from sorted shingle sets."""
    shared = int(np.intersect1d(a, b, assume_unique=True).size)
    union = a.size + b.size - shared
    return Similarity(
        a=a_id,
        b=b_id,
        jaccard=shared / union if union else 1.0,
        containment_a=shared / a.size if a.size else 0.0,
        containment_b=shared / b.size if b.size else 0.0,
        shared=shared,
    )



def is_related(similarity: Similarity, params: Params) -> bool:
    """Near-duplicates: Jaccard or either containment reaches its threshold."""
    if similarity.shared == 0:
        return False
    return (
        similarity.jaccard >= params.threshold
        or similarity.containment_a >= params.containment
        or similarity.containment_b >= params.containment
    )



def longest_shared_run(sequence: np.ndarray, other: np.ndarray) -> int:
    """Length of the longest run of consecutive shingles of ``sequence`` that ``other`` (sorted, unique) holds.

    A run of n shingles is a shared passage of n + k - 1 words: scattered
    common phrases never make one.
    """
    if not sequence.size or not other.size:
        return 0
    found = np.searchsorted(other, sequence).clip(max=other.size - 1)
    shared = np.concatenate(([False], other[found] == sequence, [False]))
    edges = np.flatnonzero(shared[1:] != shared[:-1])
    return int((edges[1::2] - edges[::2]).max()) if edges.size else 0
