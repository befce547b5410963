"""Candidate pairs of near-duplicates from LSH band keys, and pairs that share passages.

Candidates come from two MinHash LSH indexes over the same permutations:
whole-document signatures, banded for the Jaccard threshold (copies and
lightly edited reprints), and signatures of content-defined chunks (runs of
about 32 shingles whose boundaries depend only on local text), banded for
chunk-level similarity: a reprint that keeps 4 of 12 paragraphs shares whole
chunks with the original, so it is found although its document Jaccard is
about 0.3, which plain MinHashLSH at a Jaccard threshold misses.

The algorithm, with every threshold it uses (``pairs_from_keys``; a second
engine must call the same functions and constants to find the same pairs):

1. Document keys: ``band_shape(threshold, num_perm)`` bands of the whole
   signature (25 bands of 5 rows at 0.5 and 128 permutations). Chunk keys:
   ``band_shape(CHUNK_THRESHOLD, CHUNK_PERM)`` bands of each chunk's
   signature (8 of 4 at 0.5 and 32 permutations).
2. Keys and owners (documents, or chunks for chunk keys) are packed in one
   word (the owner in the low _OWNER_BITS = 28 bits, the key in the 36 above) and sorted; a
   run of equal keys is a bucket, and the number of distinct owners in it,
   its document frequency (df), is counted in the same pass. At most
   MAX_DOCUMENTS documents and MAX_CHUNKS chunks per run.
3. Document buckets are expanded into all their pairs whatever their size
   (MAX_DOC_DF = 0: no bound): documents whose whole signatures agree on a
   band are near-copies, so those pairs are the output, not noise.
4. A chunk bucket holding more than MAX_CHUNK_DF (32) chunks is not
   expanded: a chunk that many articles carry is a quoted sentence or
   boilerplate, and expanding it would make the cost grow as N^2. A reprint
   still shares with its original the chunks that span sentence boundaries,
   whose df is the size of its family, so families of up to MAX_CHUNK_DF
   copies keep their truncated reprints. (In a larger family, copies and
   edited reprints are still found by step 3; a truncated copy only if its
   document Jaccard reaches the threshold.)
5. Every other chunk bucket gives its chunk pairs; a document pair's hits
   are the distinct chunk pairs it has that share a key. A pair is a
   candidate only with at least ``chunk_hits_needed`` hits: MIN_CHUNK_SHARE
   (0.15) of the shorter document's chunks, at least one. A reprint has most of its chunks
   matched (identical, or similar enough to agree on one of 8 bands); two
   articles quoting one sentence have one or two chunk pairs of their twenty
   or so. This is what keeps quoted sentences from flooding exact
   verification.
6. The candidates of steps 3 and 5 are verified exactly (``verify``); every
   reported figure comes from the shingle sets, never from MinHash.

Work is then linear in the number of keys times MAX_CHUNK_DF, whatever the
corpus shares.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from compare.errors import UsageError
from compare.models import Params
from compare.neardup.minhash import CHUNK_PERM, DocSketch
from compare.neardup.shingles import _fmix64, unique_counts

CHUNK_THRESHOLD = 0.5


# Step 3: document buckets are never cut (0: no bound).
MAX_DOC_DF = 0


# Step 4: a chunk key held by more documents than this is a quoted sentence or boilerplate.
MAX_CHUNK_DF = 32


# The former name of MAX_CHUNK_DF, for callers written against it.
MAX_CHUNK_BUCKET = MAX_CHUNK_DF


# Step 5: share of the shorter document's chunk band keys a pair must share to be a candidate.
MIN_CHUNK_SHARE = 0.15


_BAND_BASE = np.uint64(0x100000001B3)
MAX_DOCUMENTS = 1 << 24
MAX_CHUNKS = 1 << 28
# Step 2: the low bits of a packed word hold the owner, the key keeps the other 36, so a bucket is the same
# whatever the number of owners: in one process, or in any partition of the Spark engine.
_OWNER_BITS = 28


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

    ``max_bucket`` (0: no limit) skips keys held by more documents than that
    (steps 2-4 of the module docstring).
    """
    codes, _ = pair_hits(keys, owners, max_bucket)
    return _as_pairs(codes, _span(owners))


def pair_hits(keys: np.ndarray, owners: np.ndarray, max_df: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Codes ``i * n + j`` (i < j, n = largest owner + 1) of owner pairs sharing a key held by at most
    ``max_df`` owners (0: any number), and how many such keys each pair shares. ``keys`` is overwritten."""
    members, starts, sizes = _buckets(keys, owners)
    wanted = (sizes > 1) & (sizes <= max_df) if max_df else sizes > 1
    n = _span(owners)
    codes = [_pair_codes(members, starts[wanted & (sizes == size)], size, n)
             for size in np.unique(sizes[wanted]).tolist()]
    if not codes:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return unique_counts(np.concatenate(codes))


def _span(owners: np.ndarray) -> int:
    return int(owners.max()) + 1 if owners.size else 1


def _as_pairs(codes: np.ndarray, n: int) -> set[tuple[int, int]]:
    return set(zip((codes // n).tolist(), (codes % n).tolist(), strict=True))


def _buckets(keys: np.ndarray, owners: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(members, starts, sizes): the distinct owners, ascending, of each key two or more entries hold.

    Key and owner are packed in one word and sorted in place (a plain sort is
    several times faster than an argsort, and no index array is made); only
    runs of equal keys are copied out, so memory stays near one copy of the
    keys at a million documents. The owner takes the low ``_OWNER_BITS`` (28)
    bits, enough for ``MAX_CHUNKS``; the key keeps the other 36, and its rare
    false collisions are removed by steps 5 and 6. The same (key, owner)
    twice (a paragraph repeated in one article) counts once.
    """
    bits = np.uint64(_OWNER_BITS)
    mask = (np.uint64(1) << bits) - np.uint64(1)
    packed = keys.reshape(-1)
    packed &= ~mask
    packed |= np.repeat(owners.astype(np.uint64), keys.shape[1])
    packed.sort()
    key_only = packed >> bits
    same = np.flatnonzero(key_only[1:] == key_only[:-1])
    del key_only
    if not same.size:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    breaks = np.flatnonzero(np.diff(same) != 1) + 1
    firsts = same[np.concatenate(([0], breaks))]
    lengths = same[np.concatenate((breaks - 1, [same.size - 1]))] + 2 - firsts
    positions = np.repeat(firsts - (np.cumsum(lengths) - lengths), lengths) + np.arange(int(lengths.sum()))
    words = packed[positions]
    run = np.repeat(np.arange(lengths.size), lengths)
    fresh = np.concatenate(([True], (words[1:] != words[:-1]) | (run[1:] != run[:-1])))
    sizes = np.bincount(run[fresh], minlength=lengths.size)
    return (words[fresh] & mask).astype(np.int64), np.cumsum(sizes) - sizes, sizes


def chunk_hits_needed(shorter_chunks: np.ndarray) -> np.ndarray:
    """Step 5: the matched chunk pairs a document pair needs, from the chunk count of its shorter document."""
    return np.maximum(np.ceil(MIN_CHUNK_SHARE * shorter_chunks), 1).astype(np.int64)


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
    pairs = _as_pairs(pair_hits(doc_keys, doc_owners, doc_bound)[0], total)
    return pairs | _chunk_candidates(chunk_keys, chunk_owners, total, chunk_bound)


def bucket_bounds() -> tuple[int, int]:
    """(document bands, chunk bands): most owners a bucket may hold before it is skipped (0: no bound).

    Every engine (this module, the Spark one) reads the bounds here, so a
    bound changed later applies to all of them alike.
    """
    return MAX_DOC_DF, MAX_CHUNK_DF


def bucket_of(keys: np.ndarray) -> np.ndarray:
    """The part of each band key that decides its bucket (step 2): the Spark engine shuffles on it."""
    return keys >> np.uint64(_OWNER_BITS)


def _chunk_candidates(chunk_keys: np.ndarray, chunk_owners: np.ndarray, total: int, max_df: int
                      ) -> set[tuple[int, int]]:
    """Steps 4 and 5: pairs from chunk keys of small df with enough matched chunks. ``chunk_keys`` is overwritten."""
    if chunk_owners.size > MAX_CHUNKS:
        raise UsageError(f"at most {MAX_CHUNKS:,} chunks per run, got {chunk_owners.size:,}; split the input")
    if not chunk_owners.size:
        return set()
    chunk_pairs, _ = pair_hits(chunk_keys, np.arange(chunk_owners.size), max_df)
    first = chunk_owners[chunk_pairs // chunk_owners.size]
    second = chunk_owners[chunk_pairs % chunk_owners.size]
    del chunk_pairs
    apart = first != second
    codes, hits = unique_counts(np.minimum(first, second)[apart] * total + np.maximum(first, second)[apart])
    chunks = np.bincount(chunk_owners, minlength=total)
    shorter = np.minimum(chunks[codes // total], chunks[codes % total])
    return _as_pairs(codes[hits >= chunk_hits_needed(shorter)], total)


def candidate_pairs(sketches: Sequence[DocSketch], params: Params) -> set[tuple[int, int]]:
    """Pairs proposed by the document index or the chunk index."""
    return pairs_from_keys([(0, band_keys_of(sketches, params))], len(sketches))


def _pair_codes(owners: np.ndarray, starts: np.ndarray, size: int, n: int) -> np.ndarray:
    """``i * n + j`` for every pair i < j of owners within each group of ``size`` starting at ``starts``."""
    members = owners[starts[:, None] + np.arange(size)].astype(np.int64)  # owners ascend within a group
    first, second = np.triu_indices(size, 1)
    return (members[:, first] * n + members[:, second]).ravel()
