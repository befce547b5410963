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
