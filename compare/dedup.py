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
from functools import cached_property, lru_cache

import numpy as np

from compare.errors import UsageError
from compare.models import MAX_GAP_LIMIT, Cluster, Params, Similarity
from compare.sketch import _fmix32, _fmix64, batch_shingles, batch_word_hashes, permutations, to_hash32

CHUNK_PERM = 32
CHUNK_MIN = 8
CHUNK_SPREAD = 24
CHUNK_THRESHOLD = 0.5
# A chunk shared by more documents than this is boilerplate (a footer, a disclaimer).
MAX_CHUNK_BUCKET = 1000
_BAND_BASE = np.uint64(0x100000001B3)
_OWNER_BITS = 24
_OWNER_MASK = np.uint64((1 << _OWNER_BITS) - 1)
MAX_DOCUMENTS = 1 << _OWNER_BITS


@dataclass(frozen=True)
class DocSketch:
    """What dedup keeps per document: its shingles and the MinHash views of them."""

    sequence: np.ndarray
    signature: np.ndarray
    chunk_signatures: np.ndarray

    @cached_property
    def shingles(self) -> np.ndarray:
        """The exact shingle set, sorted; built only for documents that are verified."""
        return np.unique(self.sequence)


def validate_params(params: Params) -> None:
    """Reject parameters that would make results meaningless, saying the rule."""
    if params.shingle_size < 1:
        raise UsageError(f"shingle size must be >= 1, got {params.shingle_size}")
    if not 2 <= params.num_perm <= 1024:
        raise UsageError(f"num_perm must be in [2, 1024], got {params.num_perm}")
    for name, value in (("threshold", params.threshold), ("containment", params.containment)):
        if not 0.0 <= value <= 1.0:
            raise UsageError(f"{name} must be in [0, 1], got {value}")
    if not 0 <= params.max_gap <= MAX_GAP_LIMIT:
        raise UsageError(f"max gap must be in [0, {MAX_GAP_LIMIT}] words, got {params.max_gap}")


def chunk_starts(shingles: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Start indexes of content-defined chunks of concatenated shingle sequences.

    A chunk starts after a shingle whose hash says so, unless another such
    shingle came fewer than CHUNK_MIN before it. Both tests look only at the
    text nearby, so equal text yields equal chunks wherever it sits; every
    document starts a chunk.
    """
    doc_starts = np.cumsum(counts) - counts
    marks = np.flatnonzero((shingles >> np.uint64(40)) % np.uint64(CHUNK_SPREAD) == 0)
    spaced = marks[np.diff(marks, prepend=-CHUNK_MIN) >= CHUNK_MIN] + 1
    return np.union1d(doc_starts[counts > 0], spaced[spaced < shingles.size])


def sketch_texts(texts: Sequence[str], params: Params) -> tuple[np.ndarray, list[DocSketch]]:
    """Word counts and sketches of many bodies: words, shingles and signatures, a batch at a time."""
    hashes, counts = batch_word_hashes(texts)
    shingles, shingle_counts = batch_shingles(hashes, counts, params.shingle_size)
    return counts, sketch_batch(shingles, shingle_counts, params.num_perm, params.seed)


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
    pairs = colliding_pairs(doc_keys, doc_owners)
    return pairs | colliding_pairs(chunk_keys, chunk_owners, MAX_CHUNK_BUCKET)


def candidate_pairs(sketches: Sequence[DocSketch], params: Params) -> set[tuple[int, int]]:
    """Pairs proposed by the document index or the chunk index."""
    return pairs_from_keys([(0, band_keys_of(sketches, params))], len(sketches))


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
