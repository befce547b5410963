"""What the Spark engine's Python workers run: the local engine's own functions, one Arrow batch at a time.

Nothing here imports pyspark. Each function maps Arrow record batches to
Arrow record batches (what ``DataFrame.mapInArrow`` hands a worker) by calling
``stream.parse_lines``, ``minhash.sketch_texts``, ``lsh.band_keys_of``,
``lsh.colliding_pairs`` and ``verify.exact_similarity`` / ``is_related``, so the
two engines share one algorithm and cannot drift apart.

Rows of the sketch stage carry a ``kind``: a document band key, a chunk band
key, a count of documents, a count of bad lines of one file; the candidate
stage turns band keys into candidate pairs and passes the counts through.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from compare.models import Params
from compare.neardup import lsh, minhash, stream, verify

DOC_BAND, CHUNK_BAND, DOCUMENTS, BAD_LINES, PAIR, CHUNK_PAIR, CHUNK_COUNT = 0, 1, 2, 3, 4, 5, 6
# A chunk is named (row number << CHUNK_SHIFT) | its index in the document: an article of at most
# 200,000 characters has about 1,500 chunks, far below 2**16.
CHUNK_SHIFT = 16
KEYS_SCHEMA = "kind byte, doc long, key long, path string"
SETS_SCHEMA = "doc long, id string, words long, shingles binary"
VERIFIED_SCHEMA = ("a_doc long, b_doc long, a string, b string, jaccard double, containment_a double, "
                   "containment_b double, shared long")
_KEYS = pa.schema([("kind", pa.int8()), ("doc", pa.int64()), ("key", pa.int64()), ("path", pa.string())])


@dataclass(frozen=True)
class Records:
    """The usable records of a batch (row numbers, ids, texts) and the bad rows per file."""

    rows: list[int]
    ids: list[str]
    texts: list[str]
    bad: dict[str, int]


def records_of(batch: pa.RecordBatch, jsonl: bool) -> Records:
    """Parse a batch of input rows: JSON lines with stream.parse_lines, or Parquet id/text columns."""
    data = batch.to_pydict()
    rows, ids, texts, bad = [], [], [], {}
    if jsonl:
        for row, path, raw in zip(data["row"], data["path"], data["value"], strict=True):
            if not raw.strip():  # blank lines pass silently; lines are raw bytes, so bad UTF-8 is noted as locally
                continue
            parsed = stream.parse_lines(path, [(0, 0, raw)])
            if parsed.notes:
                bad[path] = bad.get(path, 0) + 1
            else:
                rows.append(row)
                ids += parsed.ids
                texts += parsed.texts
        return Records(rows, ids, texts, bad)
    for row, path, article_id, text in zip(data["row"], data["path"], data["id"], data["text"], strict=True):
        if article_id is None or text is None:
            bad[path] = bad.get(path, 0) + 1
        else:
            rows.append(row)
            ids.append(article_id)
            texts.append(text)
    return Records(rows, ids, texts, bad)


def _keys_batch(kind: int, doc: np.ndarray, key: np.ndarray, paths: list[str | None] | None = None) -> pa.RecordBatch:
    size = len(doc)
    return pa.RecordBatch.from_arrays(
        [pa.array(np.full(size, kind, dtype=np.int8)), pa.array(doc.astype(np.int64)),
         pa.array(key.astype(np.uint64).view(np.int64)), pa.array(paths or [None] * size, pa.string())],
        schema=_KEYS,
    )


def sketch_keys(batches: Iterable[pa.RecordBatch], params: Params, jsonl: bool) -> Iterator[pa.RecordBatch]:
    """Stage one: parse, sketch and band each batch exactly as stream.keys_of_lines does."""
    for batch in batches:
        records = records_of(batch, jsonl)
        rows = np.asarray(records.rows, dtype=np.int64)
        _, sketches = minhash.sketch_texts(records.texts, params)
        keys = lsh.band_keys_of(sketches, params)
        yield _keys_batch(DOC_BAND, np.repeat(rows[keys.doc_owners], keys.doc_keys.shape[1]), keys.doc_keys.ravel())
        chunks = _chunk_names(rows, keys.chunk_owners)
        yield _keys_batch(CHUNK_BAND, np.repeat(chunks, keys.chunk_keys.shape[1]), keys.chunk_keys.ravel())
        owners, counts = np.unique(keys.chunk_owners, return_counts=True)
        yield _keys_batch(CHUNK_COUNT, rows[owners], counts.astype(np.uint64))
        yield _keys_batch(DOCUMENTS, np.array([-1]), np.array([len(rows)], dtype=np.uint64))
        paths = list(records.bad)
        yield _keys_batch(BAD_LINES, np.full(len(paths), -1), np.array([records.bad[p] for p in paths],
                                                                      dtype=np.uint64), paths)


def _chunk_names(rows: np.ndarray, chunk_owners: np.ndarray) -> np.ndarray:
    """Each chunk's name: its document's row number and its index within that document."""
    if not chunk_owners.size:
        return np.zeros(0, dtype=np.int64)
    first = np.concatenate(([True], chunk_owners[1:] != chunk_owners[:-1]))  # owners ascend in a batch
    starts = np.flatnonzero(first)
    index = np.arange(chunk_owners.size) - np.repeat(starts, np.diff(np.append(starts, chunk_owners.size)))
    return (rows[chunk_owners].astype(np.int64) << CHUNK_SHIFT) | index


def partition_chunk_pairs(keys: np.ndarray, chunks: np.ndarray, max_df: int) -> np.ndarray:
    """Chunk pairs (names, smaller first) sharing a key of at most ``max_df`` chunks, in one partition.

    Equal buckets share a partition, so ``lsh.pair_hits`` here finds exactly the
    chunk pairs it finds over the whole corpus (step 4 of ``lsh``); the pairs'
    documents and hits are counted by the engine (step 5).
    """
    names, local = np.unique(chunks, return_inverse=True)
    if not names.size:
        return np.zeros((0, 2), dtype=np.int64)
    codes, _ = lsh.pair_hits(keys.reshape(-1, 1).copy(), local.astype(np.int64), max_df)
    span = int(local.max()) + 1
    return np.stack((names[codes // span], names[codes % span]), axis=1)


def _drop_crowded(keys: np.ndarray, owners: np.ndarray, bound: int) -> np.ndarray:
    """Entries outside buckets of more than ``bound`` distinct documents (which colliding_pairs would skip).

    Only a saving, never a change: colliding_pairs applies its own rule to what
    is left, but a boilerplate bucket of millions of entries is never loaded into it.
    """
    keep = np.ones(keys.size, dtype=bool)
    if not bound or not keys.size:
        return keep
    buckets = lsh.bucket_of(keys)
    order = np.lexsort((owners, buckets))
    b, o = buckets[order], owners[order]
    distinct = np.concatenate(([True], (b[1:] != b[:-1]) | (o[1:] != o[:-1])))
    found, members = np.unique(b[distinct], return_counts=True)
    return ~np.isin(buckets, found[members > max(bound, 2)])


def partition_pairs(keys: np.ndarray, owners: np.ndarray, bound: int) -> np.ndarray:
    """Candidate pairs (row numbers, smaller first) of one partition's band keys of one kind.

    Equal buckets always share a partition (the shuffle hashes a coarser part
    of the key), so lsh.colliding_pairs over the partition finds exactly the
    pairs it finds over the whole corpus; owners are renumbered to fit its 24 bits.
    """
    keep = _drop_crowded(keys, owners, bound)
    keys, owners = keys[keep], owners[keep]
    documents, local = np.unique(owners, return_inverse=True)
    if documents.size > lsh.MAX_DOCUMENTS:
        raise RuntimeError(f"{documents.size:,} documents in one partition (at most {lsh.MAX_DOCUMENTS:,}); "
                           "raise spark.sql.shuffle.partitions")
    found = lsh.colliding_pairs(keys.reshape(-1, 1).copy(), local, bound)
    pairs = np.array(sorted(found), dtype=np.int64).reshape(-1, 2)
    return documents[pairs]


def candidate_pairs(batches: Iterable[pa.RecordBatch], bounds: tuple[int, int]) -> Iterator[pa.RecordBatch]:
    """Stage two, per shuffled partition: pairs from band keys; counts of documents and bad lines pass through."""
    table = pa.Table.from_batches(list(batches), schema=_KEYS)
    kind = table.column("kind").to_numpy()
    doc = table.column("doc").to_numpy()
    key = table.column("key").to_numpy().view(np.uint64)
    chosen = kind == DOC_BAND
    pairs = partition_pairs(key[chosen], doc[chosen], bounds[0])
    yield _keys_batch(PAIR, pairs[:, 0], pairs[:, 1].astype(np.uint64))
    chosen = kind == CHUNK_BAND
    pairs = partition_chunk_pairs(key[chosen], doc[chosen], bounds[1])
    yield _keys_batch(CHUNK_PAIR, pairs[:, 0], pairs[:, 1].astype(np.uint64))
    counts = table.filter(pa.array((kind == DOCUMENTS) | (kind == BAD_LINES) | (kind == CHUNK_COUNT)))
    yield from counts.to_batches()


def shingle_sets(batches: Iterable[pa.RecordBatch], params: Params, jsonl: bool) -> Iterator[pa.RecordBatch]:
    """Verification, part one: word count and exact shingle set (sorted uint64 bytes) of each needed record."""
    for batch in batches:
        records = records_of(batch, jsonl)
        counts, sketches = minhash.sketch_texts(records.texts, params)
        yield pa.RecordBatch.from_pydict({
            "doc": pa.array(records.rows, pa.int64()), "id": pa.array(records.ids, pa.string()),
            "words": pa.array(counts.astype(np.int64)),
            "shingles": pa.array([s.shingles.tobytes() for s in sketches], pa.binary()),
        })


def verify_pairs(batches: Iterable[pa.RecordBatch], params: Params) -> Iterator[pa.RecordBatch]:
    """Verification, part two: exact figures of each candidate, kept when related (ids ordered as locally)."""
    for batch in batches:
        data = batch.to_pydict()
        out: dict[str, list] = {name: [] for name in ("a_doc", "b_doc", "a", "b", "jaccard", "containment_a",
                                                       "containment_b", "shared")}
        for x_doc, y_doc, x_id, y_id, x_set, y_set in zip(data["x_doc"], data["y_doc"], data["x_id"], data["y_id"],
                                                          data["x_set"], data["y_set"], strict=True):
            first, second = ((x_doc, x_id, x_set), (y_doc, y_id, y_set))
            if x_id > y_id:
                first, second = second, first
            s = verify.exact_similarity(first[1], second[1], np.frombuffer(first[2], dtype=np.uint64),
                                        np.frombuffer(second[2], dtype=np.uint64))
            if verify.is_related(s, params):
                for name, value in zip(out, (first[0], second[0], s.a, s.b, s.jaccard, s.containment_a,
                                             s.containment_b, s.shared), strict=True):
                    out[name].append(value)
        yield pa.RecordBatch.from_pydict(out, schema=_VERIFIED)


_VERIFIED = pa.schema([("a_doc", pa.int64()), ("b_doc", pa.int64()), ("a", pa.string()), ("b", pa.string()),
                       ("jaccard", pa.float64()), ("containment_a", pa.float64()),
                       ("containment_b", pa.float64()), ("shared", pa.int64())])


BAD_SCHEMA = "start long, row long, reason string"


def bad_rows(batches: Iterable[pa.RecordBatch], path: str) -> Iterator[pa.RecordBatch]:
    """(split start, row, note) of each malformed line; notes say "line 0", the driver puts the number in."""
    for batch in batches:
        data = batch.to_pydict()
        found: dict[str, list] = {"start": [], "row": [], "reason": []}
        for start, row, raw in zip(data["start"], data["row"], data["value"], strict=True):
            notes = stream.parse_lines(path, [(0, 0, raw)]).notes if raw.strip() else []
            for note in notes:
                found["start"].append(start)
                found["row"].append(row)
                found["reason"].append(note.reason)
        yield pa.RecordBatch.from_pydict(found, schema=_BAD)


_BAD = pa.schema([("start", pa.int64()), ("row", pa.int64()), ("reason", pa.string())])
