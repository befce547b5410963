"""Candidate pairs, exact verification and clusters of near-duplicates.

Candidates come from two MinHash LSH indexes over the same permutations:

* whole-document signatures, banded for the Jaccard threshold: copies and
  lightly edited reprints;
* signatures of content-defined chunks (runs of about 32 shingles whose
  boundaries depend only on local text), banded for chunk-level similarity:
  a reprint that keeps 4 of 12 paragraphs shares whole chunks with the
  original, so it is found although its document Jaccard is about 0.3,
  which plain MinHashLSH at a Jaccard threshold misses.

MinHash only proposes pairs; every figure reported is exact, computed from
the shingle sets.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from compare.errors import UsageError
from compare.models import Params
from compare.neardup.minhash import CHUNK_PERM, DocSketch
from compare.neardup.shingles import _fmix64

CHUNK_THRESHOLD = 0.5


# A chunk shared by more documents than this is boilerplate (a footer, a disclaimer).
MAX_CHUNK_BUCKET = 1000


_BAND_BASE = np.uint64(0x100000001B3)


_OWNER_BITS = 24


_OWNER_MASK = np.uint64((1 << _OWNER_BITS) - 1)


MAX_DOCUMENTS = 1 << _OWNER_BITS



def _false_rates(threshold: float, bands: int, rows: int) -> float:
    grid = np.linspace(0.0, 1.0, 201)
    hit = 1.0 - (1.0 - grid**rows) ** bands
    false_pos = np.trapezoid(np.where(grid < threshold, hit, 0.0), grid)
    false_neg = np.trapezoid(np.where(grid >= threshold, 1.0 - hit, 0.0), grid)
    return float(false_pos + false_neg)



@lru_cache(maxsize=64)
def band_shape(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows) minimising false positives plus false negatives, as datasketch does."""
    shapes = [(b, r) for b in range(1, num_perm + 1) for r in range(1, num_perm // b + 1)]
    return min(shapes, key=lambda shape: (_false_rates(threshold, *shape), -shape[0]))



def band_keys(signatures: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """One 64-bit key per (row, band); equal keys mean an equal band."""
    keys = np.zeros((signatures.shape[0], bands), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for band in range(bands):
            block = signatures[:, band * rows : (band + 1) * rows].astype(np.uint64)
            key = np.full(signatures.shape[0], band + 1, dtype=np.uint64)
            for column in range(rows):
                key = key * _BAND_BASE + block[:, column]
            keys[:, band] = _fmix64(key)
    return keys



def colliding_pairs(keys: np.ndarray, owners: np.ndarray, max_bucket: int = 0) -> set[tuple[int, int]]:
    """Document pairs (i < j) that share at least one band key. ``keys`` is overwritten.

    Key and owner are packed in one word and sorted in place (a plain sort is
    several times faster than an argsort, and no index array is made); only
    positions whose key equals the next are looked at, so memory stays near
    one copy of the keys at a million documents. Keeping 40 bits of the key
    adds rare false candidates, which exact verification removes. Runs of
    two, by far the most common, are paired without a Python loop;
    ``max_bucket`` (0: no limit) skips buckets holding more documents than
    that: boilerplate, not reuse.
    """
    packed = keys.reshape(-1)
    packed &= ~_OWNER_MASK
    packed |= np.repeat(owners.astype(np.uint64), keys.shape[1])
    packed.sort()
    key_only = packed >> np.uint64(_OWNER_BITS)
    same = np.flatnonzero(key_only[1:] == key_only[:-1])
    del key_only
    if not same.size:
        return set()
    breaks = np.flatnonzero(np.diff(same) != 1) + 1
    starts = same[np.concatenate(([0], breaks))]
    sizes = same[np.concatenate((breaks - 1, [same.size - 1]))] + 2 - starts
    twos = starts[sizes == 2]
    first = (packed[twos] & _OWNER_MASK).astype(np.int64)
    second = (packed[twos + 1] & _OWNER_MASK).astype(np.int64)
    distinct = first != second
    found = np.stack((np.minimum(first, second)[distinct], np.maximum(first, second)[distinct]), axis=1)
    pairs: set[tuple[int, int]] = set(map(tuple, np.unique(found, axis=0).tolist())) if found.size else set()
    for start, size in zip(starts[sizes > 2].tolist(), sizes[sizes > 2].tolist(), strict=True):
        members = np.unique(packed[start : start + size] & _OWNER_MASK).tolist()
        if len(members) > 1 and not (max_bucket and len(members) > max_bucket):
            pairs.update((x, y) for i, x in enumerate(members) for y in members[i + 1 :])
    return pairs



@dataclass(frozen=True)
class BandKeys:
    """The LSH band keys of a batch of documents, which is all candidate search needs.

    Owners are positions in the batch; keys are small, so a million documents'
    keys fit in memory where their signatures and shingles would not.
    """

    doc_keys: np.ndarray
    doc_owners: np.ndarray
    chunk_keys: np.ndarray
    chunk_owners: np.ndarray



def band_keys_of(sketches: Sequence[DocSketch], params: Params) -> BandKeys:
    """Document and chunk band keys of sketched documents (empty documents have none)."""
    filled = [i for i, s in enumerate(sketches) if s.sequence.size]
    chunk_perm = min(params.num_perm, CHUNK_PERM)
    signatures = np.stack([sketches[i].signature for i in filled]) if filled else np.zeros((0, params.num_perm))
    chunk_rows = [s.chunk_signatures for s in sketches]
    chunks = np.concatenate(chunk_rows) if chunk_rows else np.zeros((0, chunk_perm), dtype=np.uint32)
    return BandKeys(
        doc_keys=band_keys(signatures.astype(np.uint32), *band_shape(params.threshold, params.num_perm)),
        doc_owners=np.asarray(filled, dtype=np.int64),
        chunk_keys=band_keys(chunks, *band_shape(CHUNK_THRESHOLD, chunk_perm)),
        chunk_owners=np.repeat(np.arange(len(sketches)), [c.shape[0] for c in chunk_rows]),
    )



def pairs_from_keys(batches: list[tuple[int, BandKeys]], total: int) -> set[tuple[int, int]]:
    """Candidate pairs from band keys gathered batch by batch: (first document, keys).

    The list is emptied once its keys are gathered, so the batches' copies
    can be freed before the sort.
    """
    if total > MAX_DOCUMENTS:
        raise UsageError(f"at most {MAX_DOCUMENTS:,} documents per run, got {total:,}; split the input")
    if total < 2 or not batches:
        batches.clear()
        return set()
    doc_keys = np.concatenate([k.doc_keys for _, k in batches])
    doc_owners = np.concatenate([k.doc_owners + first for first, k in batches])
    chunk_keys = np.concatenate([k.chunk_keys for _, k in batches])
    chunk_owners = np.concatenate([k.chunk_owners + first for first, k in batches])
    batches.clear()
    doc_bound, chunk_bound = bucket_bounds()
    pairs = colliding_pairs(doc_keys, doc_owners, doc_bound)
    return pairs | colliding_pairs(chunk_keys, chunk_owners, chunk_bound)


def bucket_bounds() -> tuple[int, int]:
    """(document bands, chunk bands): most documents a bucket may hold before it is skipped (0: no bound).

    Every engine (this module, the Spark one) reads the bounds here, so a
    bound added later applies to all of them alike.
    """
    return 0, MAX_CHUNK_BUCKET


def bucket_of(keys: np.ndarray) -> np.ndarray:
    """The part of each band key that decides its bucket: colliding_pairs keeps the owner in the rest."""
    return keys >> np.uint64(_OWNER_BITS)



def candidate_pairs(sketches: Sequence[DocSketch], params: Params) -> set[tuple[int, int]]:
    """Pairs proposed by the document index or the chunk index."""
    return pairs_from_keys([(0, band_keys_of(sketches, params))], len(sketches))



def passage_pairs(shingle_sets: Sequence[np.ndarray], min_shared: int, max_df: int = 50) -> set[tuple[int, int]]:
    """Pairs sharing at least ``min_shared`` shingles, from an exact inverted index.

    This finds partial reuse (a few shared background paragraphs) that no
    similarity threshold would. Shingles found in more than ``max_df``
    documents are boilerplate and ignored; the cost is linear in the corpus
    for a folder of articles, which is what ``compare run`` reads.
    """
    if len(shingle_sets) < 2 or min_shared < 1:
        return set()
    owners = np.repeat(np.arange(len(shingle_sets)), [s.size for s in shingle_sets])
    values = np.concatenate(shingle_sets)
    order = np.argsort(values, kind="stable")
    values, owners = values[order], owners[order]
    starts = np.concatenate(([0], np.flatnonzero(np.diff(values)) + 1))
    sizes = np.diff(np.append(starts, values.size))
    codes = [_pair_codes(owners, starts[sizes == size], int(size), len(shingle_sets))
             for size in np.unique(sizes[(sizes > 1) & (sizes <= max_df)]).tolist()]
    if not codes:
        return set()
    pairs, counts = np.unique(np.concatenate(codes), return_counts=True)
    found = pairs[counts >= min_shared]
    return set(zip((found // len(shingle_sets)).tolist(), (found % len(shingle_sets)).tolist(), strict=True))



def _pair_codes(owners: np.ndarray, starts: np.ndarray, size: int, n: int) -> np.ndarray:
    """``i * n + j`` for every pair i < j of owners within each group of ``size`` starting at ``starts``."""
    members = owners[starts[:, None] + np.arange(size)].astype(np.int64)  # owners ascend within a group
    first, second = np.triu_indices(size, 1)
    return (members[:, first] * n + members[:, second]).ravel()
