"""Near-duplicates over large .jsonl exports: streamed, on every core, in two passes.

Pass one reads the file in batches of lines and turns each batch into LSH
band keys in a worker process; the main process keeps only keys, word counts
and each line's byte offset, about a kilobyte per document. Pass two re-reads
just the documents in candidate pairs and verifies them exactly. Memory is
therefore linear in the corpus with a small constant, and nothing is
compared all-against-all.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from compare.errors import InputNotFoundError, NoArticlesError
from compare.models import Cluster, Params, Progress, Similarity, Skipped, silent
from compare.neardup import clusters, lsh, minhash, verify
from compare.runtime import workers

BATCH_LINES = 512
IN_FLIGHT = 4
T = TypeVar("T")


@dataclass(frozen=True)
class ParsedBatch:
    """The records of one batch: ids, texts, byte offsets of their lines, and bad lines."""

    ids: list[str]
    texts: list[str]
    offsets: list[int]
    notes: list[Skipped]


@dataclass(frozen=True)
class BatchResult:
    """What pass one keeps of a batch."""

    ids: list[str]
    offsets: list[int]
    sizes: np.ndarray
    keys: lsh.BandKeys
    notes: list[Skipped]
    bytes_read: int


def parse_lines(path: str, lines: Sequence[tuple[int, int, bytes]]) -> ParsedBatch:
    """Records from (line number, byte offset, raw line); a bad line is noted and skipped."""
    ids, texts, offsets, notes = [], [], [], []
    for number, offset, raw in lines:
        try:
            record = json.loads(raw)
            article_id, text = str(record["id"]), str(record["text"])
        except (ValueError, KeyError, TypeError) as exc:
            reason = f'line {number} skipped: not a JSON object with "id" and "text" ({exc.__class__.__name__})'
            notes.append(Skipped(path, reason))
            continue
        ids.append(article_id)
        texts.append(text)
        offsets.append(offset)
    return ParsedBatch(ids, texts, offsets, notes)


def keys_of_lines(path: str, lines: Sequence[tuple[int, int, bytes]], params: Params) -> BatchResult:
    """Pass one, in a worker: parse, tokenise, sketch, and keep only the band keys."""
    parsed = parse_lines(path, lines)
    sizes, sketches = minhash.sketch_texts(parsed.texts, params)
    keys = lsh.band_keys_of(sketches, params)
    return BatchResult(parsed.ids, parsed.offsets, sizes, keys, parsed.notes, sum(len(raw) for _, _, raw in lines))


def shingle_sets_of_lines(path: str, lines: Sequence[tuple[int, int, bytes]], params: Params) -> list[np.ndarray]:
    """Pass two, in a worker: the exact shingle sets of the given records (no MinHash: they are known)."""
    return minhash.shingle_sets(parse_lines(path, lines).texts, params)


def iter_line_batches(path: Path) -> Iterator[list[tuple[int, int, bytes]]]:
    """(line number, byte offset, raw line) in batches, skipping blank lines and a UTF-8 BOM."""
    batch: list[tuple[int, int, bytes]] = []
    offset = 0
    with path.open("rb") as lines:
        for number, raw in enumerate(lines, start=1):
            start, offset = offset, offset + len(raw)
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw, start = raw[3:], start + 3
            if raw.strip():
                batch.append((number, start, raw))
            if len(batch) == BATCH_LINES:
                yield batch
                batch = []
    if batch:
        yield batch


def _bounded_map(executor: Executor | None, work: Callable[..., T], batches: Iterable[Any], *args: Any) -> Iterator[T]:
    """Results in input order, with at most IN_FLIGHT batches read ahead (memory stays flat)."""
    if executor is None:
        yield from (work(*args[:1], batch, *args[1:]) for batch in batches)
        return
    pending: list[Future[T]] = []
    for batch in batches:
        pending.append(executor.submit(work, *args[:1], batch, *args[1:]))
        if len(pending) >= IN_FLIGHT:
            yield pending.pop(0).result()
    for future in pending:
        yield future.result()


def dedup_jsonl(
    path: Path, params: Params, jobs: int | None = None, progress: Progress = silent
) -> tuple[list[Similarity], tuple[Cluster, ...], list[Skipped]]:
    """Verified near-duplicate pairs and clusters of a .jsonl file, and the lines skipped."""
    if not path.is_file():
        raise InputNotFoundError(f"{path}: no such file; give a folder or a .jsonl file")
    executor = workers.executor(workers.validate_jobs(jobs))
    try:
        size = path.stat().st_size
        ids: list[str] = []
        offsets: list[int] = []
        sizes: list[int] = []
        notes: list[Skipped] = []
        keys: list[tuple[int, lsh.BandKeys]] = []
        for result in _bounded_map(executor, keys_of_lines, iter_line_batches(path), str(path), params):
            keys.append((len(ids), result.keys))  # only keys are kept per batch, nothing per document
            ids += result.ids
            offsets += result.offsets
            sizes += result.sizes.tolist()
            notes += result.notes
            progress("sketching", result.bytes_read, size)
        if not ids:
            raise NoArticlesError(f"{path}: no records with an id and a text")
        candidates = lsh.pairs_from_keys(keys, len(ids))
        related = _verify(path, params, executor, ids, offsets, candidates, progress)
    finally:
        if executor is not None:
            executor.shutdown(cancel_futures=True)
    return related, clusters.clusters(ids, sizes, related), notes


def _verify(
    path: Path, params: Params, executor: Executor | None, ids: list[str], offsets: list[int],
    candidates: set[tuple[int, int]], progress: Progress,
) -> list[Similarity]:
    """Pass two: exact figures for the candidate pairs, from re-read records."""
    needed = sorted({i for pair in candidates for i in pair})
    sets: dict[int, np.ndarray] = {}
    batches = [needed[i : i + BATCH_LINES] for i in range(0, len(needed), BATCH_LINES)]
    with path.open("rb") as source:
        line_batches = ([(0, offsets[i], _line_at(source, offsets[i])) for i in batch] for batch in batches)
        found = _bounded_map(executor, shingle_sets_of_lines, line_batches, str(path), params)
        for batch, shingle_sets in zip(batches, found, strict=True):
            sets.update(zip(batch, shingle_sets, strict=True))
            progress("verifying", len(batch), len(needed))
    related = []
    for i, j in sorted(candidates):
        first, second = (i, j) if ids[i] <= ids[j] else (j, i)
        similarity = verify.exact_similarity(ids[first], ids[second], sets[first], sets[second])
        if verify.is_related(similarity, params):
            related.append(similarity)
    return sorted(related, key=lambda s: (s.a, s.b))


def _line_at(source: Any, offset: int) -> bytes:
    source.seek(offset)
    return source.readline()
