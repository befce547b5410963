"""MinHash signatures of whole documents and of their content-defined chunks.

Signatures use datasketch's "affine32" permutations (datasketch>=2), computed
for many documents in one numpy pass; the tests prove them equal to
``datasketch.MinHash(hashfunc=int).update_batch(shingles)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from compare.models import Params
from compare.neardup.shingles import (
    _fmix32,
    batch_shingles,
    batch_word_hashes,
    permutations,
    sorted_unique,
    to_hash32,
)

CHUNK_PERM = 32


CHUNK_MIN = 8


CHUNK_SPREAD = 24



@dataclass(frozen=True)
class DocSketch:
    """What dedup keeps per document: its shingles and the MinHash views of them."""

    sequence: np.ndarray
    signature: np.ndarray
    chunk_signatures: np.ndarray

    @cached_property
    def shingles(self) -> np.ndarray:
        """The exact shingle set, sorted; built only for documents that are verified."""
        return sorted_unique(self.sequence)



def chunk_starts(shingles: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Start indexes of content-defined chunks of concatenated shingle sequences.

    A chunk starts after a shingle whose hash says so, unless another such
    shingle of the same document came fewer than CHUNK_MIN before it. Both
    tests look only at the document's text nearby, so equal text yields equal
    chunks wherever it sits, whatever documents share its batch (the Spark
    engine batches differently from the local one); every document starts a
    chunk.
    """
    doc_starts = np.cumsum(counts) - counts
    marks = np.flatnonzero((shingles >> np.uint64(40)) % np.uint64(CHUNK_SPREAD) == 0)
    owners = np.searchsorted(np.cumsum(counts), marks, side="right")
    first_of_doc = np.concatenate(([True], owners[1:] != owners[:-1]))
    spaced = marks[(np.diff(marks, prepend=-CHUNK_MIN) >= CHUNK_MIN) | first_of_doc] + 1
    return np.union1d(doc_starts[counts > 0], spaced[spaced < shingles.size])



def sketch_texts(texts: Sequence[str], params: Params) -> tuple[np.ndarray, list[DocSketch]]:
    """Word counts and sketches of many bodies: words, shingles and signatures, a batch at a time."""
    hashes, counts = batch_word_hashes(texts)
    shingles, shingle_counts = batch_shingles(hashes, counts, params.shingle_size)
    return counts, sketch_batch(shingles, shingle_counts, params.num_perm, params.seed)



def shingle_sets(texts: Sequence[str], params: Params) -> list[np.ndarray]:
    """The exact shingle set of each body, sorted, without MinHash: all that verifying a pair needs."""
    hashes, counts = batch_word_hashes(texts)
    shingles, shingle_counts = batch_shingles(hashes, counts, params.shingle_size)
    return [sorted_unique(part) for part in np.split(shingles, np.cumsum(shingle_counts)[:-1])]


def sketch_batch(shingles: np.ndarray, counts: np.ndarray, num_perm: int, seed: int) -> list[DocSketch]:
    """Sketch many documents at once: one numpy pass per permutation over all their shingles.

    ``shingles`` holds the documents' shingle sequences end to end, ``counts``
    their lengths. Looping over permutations with 1-D arrays is several times
    faster than one 2-D (shingles x permutations) array, which spills out of
    the CPU cache.
    """
    a, b = permutations(num_perm, seed)
    chunk_perm = min(num_perm, CHUNK_PERM)
    filled = np.flatnonzero(counts)
    ends = np.cumsum(counts)
    doc_starts = (ends - counts)[filled]
    chunk_offsets = chunk_starts(shingles, counts)
    mixed = _fmix32(to_hash32(shingles))
    # Rows are permutations so each reduceat writes a contiguous row; transposed at the end.
    doc_rows = np.empty((num_perm, filled.size), dtype=np.uint32)
    chunk_rows = np.empty((chunk_perm, chunk_offsets.size), dtype=np.uint32)
    chunk_of_doc = np.searchsorted(chunk_offsets, doc_starts)
    permuted = np.empty_like(mixed)
    with np.errstate(over="ignore"):
        for column in range(num_perm if shingles.size else 0):
            np.multiply(mixed, a[column], out=permuted)
            np.add(permuted, b[column], out=permuted)
            if column < chunk_perm:  # a document's minimum is the minimum of its chunks' minima
                np.minimum.reduceat(permuted, chunk_offsets, out=chunk_rows[column])
                np.minimum.reduceat(chunk_rows[column], chunk_of_doc, out=doc_rows[column])
            else:
                np.minimum.reduceat(permuted, doc_starts, out=doc_rows[column])
    doc_signatures, chunk_signatures = doc_rows.T, chunk_rows.T
    chunk_bounds = np.searchsorted(chunk_offsets, ends[filled][:-1])
    per_chunk = np.split(chunk_signatures, chunk_bounds)
    sketches = [_empty_sketch(num_perm, chunk_perm)] * counts.size
    for row, doc in enumerate(filled.tolist()):
        sequence = shingles[ends[doc] - counts[doc] : ends[doc]]
        sketches[doc] = DocSketch(sequence, doc_signatures[row], per_chunk[row])
    return sketches



def _empty_sketch(num_perm: int, chunk_perm: int) -> DocSketch:
    # An empty body matches nothing: no chunk rows, so it joins no bucket.
    empty = np.full(num_perm, np.iinfo(np.uint32).max, dtype=np.uint32)
    return DocSketch(np.zeros(0, dtype=np.uint64), empty, np.zeros((0, chunk_perm), dtype=np.uint32))
