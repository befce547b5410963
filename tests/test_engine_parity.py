"""What the Spark engine relies on to equal the local one, checked without Spark."""

from __future__ import annotations

import random

import numpy as np

from compare.models import Params
from compare.neardup import lsh
from compare.neardup.minhash import sketch_texts


def _texts(count: int) -> list[str]:
    rng = random.Random(3)
    words = [f"w{i}" for i in range(3000)]
    return [" ".join(rng.choices(words, k=rng.randint(20, 200))) for _ in range(count)]


def test_sketch_does_not_depend_on_batch_neighbours() -> None:
    """Spark batches documents differently from the local engine: a document's sketch must not care."""
    texts = _texts(400)
    _, together = sketch_texts(texts, Params())
    for text, sketch in zip(texts, together, strict=True):
        _, (alone,) = sketch_texts([text], Params())
        assert np.array_equal(alone.chunk_signatures, sketch.chunk_signatures)
        assert np.array_equal(alone.signature, sketch.signature)


def test_bucket_bounds_are_what_candidate_search_applies() -> None:
    doc_bound, chunk_bound = lsh.bucket_bounds()
    assert chunk_bound == lsh.MAX_CHUNK_BUCKET
    assert doc_bound >= 0
