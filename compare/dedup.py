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

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from compare.errors import UsageError
from compare.models import Cluster, Params, Similarity
from compare.sketch import _fmix32, _fmix64, permutations, to_hash32

CHUNK_PERM = 32
CHUNK_MIN = 8
CHUNK_SPREAD = 24
CHUNK_THRESHOLD = 0.5
# A chunk shared by more documents than this is boilerplate (a footer, a disclaimer).
MAX_CHUNK_BUCKET = 1000
_BAND_BASE = np.uint64(0x100000001B3)


@dataclass(frozen=True)
class DocSketch:
    """What dedup keeps per document: the exact set and the MinHash views of it."""

    shingles: np.ndarray
    signature: np.ndarray
    chunk_signatures: np.ndarray


def validate_params(params: Params) -> None:
    """Reject parameters that would make results meaningless, saying the rule."""
    if params.shingle_size < 1:
        raise UsageError(f"shingle size must be >= 1, got {params.shingle_size}")
    if not 2 <= params.num_perm <= 1024:
        raise UsageError(f"num_perm must be in [2, 1024], got {params.num_perm}")
    for name, value in (("threshold", params.threshold), ("containment", params.containment)):
        if not 0.0 <= value <= 1.0:
            raise UsageError(f"{name} must be in [0, 1], got {value}")


def chunk_starts(sequence: np.ndarray) -> np.ndarray:
    """Start indexes of content-defined chunks of a shingle sequence.

    A shingle ends a chunk when its hash says so and the chunk is at least
    CHUNK_MIN long, so equal text yields equal chunks wherever it sits.
    """
    marks = np.flatnonzero((sequence >> np.uint64(40)) % np.uint64(CHUNK_SPREAD) == 0)
    starts = [0]
    for mark in marks.tolist():
        if mark + 1 - starts[-1] >= CHUNK_MIN and mark + 1 < len(sequence):
            starts.append(mark + 1)
    return np.asarray(starts, dtype=np.intp)


def sketch_document(sequence: np.ndarray, num_perm: int, seed: int) -> DocSketch:
    """Exact shingle set, document signature and chunk signatures of one document."""
    return sketch_batch([sequence], num_perm, seed)[0]


def sketch_batch(sequences: Sequence[np.ndarray], num_perm: int, seed: int) -> list[DocSketch]:
    """Sketch many documents at once: one numpy pass per permutation over all their shingles.

    Looping over permutations with 1-D arrays is several times faster than one
    2-D (shingles x permutations) array, which spills out of the CPU cache.
    """
    a, b = permutations(num_perm, seed)
    chunk_perm = min(num_perm, CHUNK_PERM)
    filled = [s for s in sequences if s.size]
    if not filled:
        return [_empty_sketch(num_perm, chunk_perm) for _ in sequences]
    lengths = np.array([s.size for s in filled])
    doc_starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    chunk_lists = [chunk_starts(s) + start for s, start in zip(filled, doc_starts, strict=True)]
    chunk_offsets = np.concatenate(chunk_lists)
    mixed = _fmix32(to_hash32(np.concatenate(filled)))
    doc_signatures = np.empty((len(filled), num_perm), dtype=np.uint32)
    chunk_signatures = np.empty((chunk_offsets.size, chunk_perm), dtype=np.uint32)
    with np.errstate(over="ignore"):
        for column in range(num_perm):
            permuted = mixed * a[column] + b[column]
            doc_signatures[:, column] = np.minimum.reduceat(permuted, doc_starts)
            if column < chunk_perm:
                chunk_signatures[:, column] = np.minimum.reduceat(permuted, chunk_offsets)
    bounds = np.cumsum([c.size for c in chunk_lists])[:-1]
    per_doc = zip(filled, doc_signatures, np.split(chunk_signatures, bounds), strict=True)
    found = iter([DocSketch(np.unique(seq), sig, chunks) for seq, sig, chunks in per_doc])
    return [next(found) if s.size else _empty_sketch(num_perm, chunk_perm) for s in sequences]


def _empty_sketch(num_perm: int, chunk_perm: int) -> DocSketch:
    # An empty body matches nothing: no chunk rows, so it joins no bucket.
    empty = np.full(num_perm, np.iinfo(np.uint32).max, dtype=np.uint32)
    return DocSketch(np.zeros(0, dtype=np.uint64), empty, np.zeros((0, chunk_perm), dtype=np.uint32))


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
    """Document pairs (i < j) that share at least one band key.

    Keys are sorted once and only runs of equal keys are visited, so the cost
    is a sort plus the real collisions. ``max_bucket`` (0: no limit) skips
    buckets holding more documents than that: boilerplate, not reuse.
    """
    flat_keys = keys.ravel()
    order = np.argsort(flat_keys, kind="stable")
    flat_keys = flat_keys[order]
    flat_owners = np.repeat(owners, keys.shape[1])[order]
    breaks = np.flatnonzero(flat_keys[1:] != flat_keys[:-1]) + 1
    starts = np.concatenate(([0], breaks))
    ends = np.concatenate((breaks, [flat_keys.size]))
    multi = ends - starts > 1
    pairs: set[tuple[int, int]] = set()
    for start, end in zip(starts[multi].tolist(), ends[multi].tolist(), strict=True):
        members = np.unique(flat_owners[start:end]).tolist()
        if len(members) > 1 and not (max_bucket and len(members) > max_bucket):
            pairs.update((x, y) for i, x in enumerate(members) for y in members[i + 1 :])
    return pairs


def candidate_pairs(sketches: Sequence[DocSketch], params: Params) -> set[tuple[int, int]]:
    """Pairs proposed by the document index or the chunk index."""
    if len(sketches) < 2:
        return set()
    doc_bands = band_shape(params.threshold, params.num_perm)
    signatures = np.stack([s.signature for s in sketches])
    pairs = colliding_pairs(band_keys(signatures, *doc_bands), np.arange(len(sketches)))
    chunk_rows = [s.chunk_signatures for s in sketches]
    owners = np.repeat(np.arange(len(sketches)), [c.shape[0] for c in chunk_rows])
    chunks = np.concatenate(chunk_rows)
    chunk_bands = band_shape(CHUNK_THRESHOLD, chunks.shape[1])
    pairs |= colliding_pairs(band_keys(chunks, *chunk_bands), owners, MAX_CHUNK_BUCKET)
    return pairs


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
    counts: dict[tuple[int, int], int] = {}
    for group in np.split(owners, np.flatnonzero(np.diff(values)) + 1):
        if 1 < group.size <= max_df:
            members = group.tolist()
            for i, x in enumerate(members):
                for y in members[i + 1 :]:
                    counts[(x, y)] = counts.get((x, y), 0) + 1
    return {pair for pair, count in counts.items() if count >= min_shared}
