"""Worker processes: one place that decides how work is spread over the cores.

Workers are forked, so they inherit the imported modules and whatever the
parent has computed (articles, fact units) without pickling it; only each
task's arguments and result cross the pipe. Where fork does not exist
(Windows) or one job is asked for, the same functions run in this process,
so results never depend on the number of workers.
"""

from __future__ import annotations

import gc
import io
import multiprocessing
import os
import pickle
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import ContextDecorator
from typing import TypeVar

from compare.errors import UsageError

T = TypeVar("T")
R = TypeVar("R")
MAX_JOBS = 8
CHUNK = 16  # items per task: enough to amortise the pipe, few enough to keep both cores busy to the end


def default_jobs() -> int:
    """Cores this process may use (its CPU affinity), at most ``MAX_JOBS``."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(cores, MAX_JOBS))


def validate_jobs(jobs: int | None) -> int:
    """The number of workers to use: ``None`` or 0 means every core."""
    if jobs is not None and jobs < 0:
        raise UsageError(f"jobs must be >= 0 (0: all cores), got {jobs}")
    return jobs if jobs else default_jobs()


def executor(jobs: int) -> Executor | None:
    """A forking process pool of ``jobs`` workers, or None to work in this process."""
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"))


# Objects both sides hold (set before forking): results refer to them by position instead of copying them.
_shared: Sequence[object] = ()
_shared_positions: dict[int, int] = {}


class _SharingPickler(pickle.Pickler):
    def persistent_id(self, obj: object) -> int | None:
        return _shared_positions.get(id(obj))


class _SharingUnpickler(pickle.Unpickler):
    def persistent_load(self, pid: int) -> object:
        return _shared[pid]


def _run_chunk(function: Callable[[T], R], chunk: Sequence[T]) -> bytes:
    if len(_shared_positions) != len(_shared):  # first chunk in this worker
        _shared_positions.update((id(obj), k) for k, obj in enumerate(_shared))
    buffer = io.BytesIO()
    _SharingPickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump([function(item) for item in chunk])
    return buffer.getvalue()


class PausedGC(ContextDecorator):
    """No cyclic garbage collection inside (a decorator or a ``with`` block).

    A run allocates millions of small objects that live to its end, and each
    collection they set off scans them all; on a forked heap each object a
    collection touches also copies a page. Measured at 5,000 articles: 51 s
    -> 42 s with workers, 34 s -> 28 s for a warm run, and a lower peak. The
    previous state is restored on the way out, so a long-lived caller still
    collects the run's few cycles.
    """

    def __init__(self) -> None:
        self._was_enabled: list[bool] = []  # a stack: nested and repeated use restore in order

    def __enter__(self) -> None:
        self._was_enabled.append(gc.isenabled())
        gc.disable()

    def __exit__(self, *_: object) -> None:
        if self._was_enabled.pop():
            gc.enable()


def map_in_order(function: Callable[[T], R], items: Sequence[T], jobs: int,
                 shared: Sequence[object] = ()) -> Iterator[tuple[int, list[R]]]:
    """``function`` over ``items`` in chunks, yielding (index of the chunk's first item, its results) in order.

    ``function`` must be a module-level function (workers look it up by
    name). Chunks amortise the pipe; yielding per chunk lets the caller
    report progress and match results to its own lists. Results that contain
    ``shared`` objects (which the workers inherit) come back holding the
    caller's own objects: sending back the fact units of two articles with
    every pair cost more than comparing them.
    """
    global _shared
    starts = range(0, len(items), CHUNK)
    pool = executor(jobs) if len(starts) > 1 else None
    if pool is None:
        yield from ((start, [function(item) for item in items[start : start + CHUNK]]) for start in starts)
        return
    _shared = shared
    _shared_positions.clear()
    # No collection while the workers run, here or in them (they fork with it off): see PausedGC.
    # The heap is frozen too, in case something turns collection back on in a worker.
    gc.freeze()
    try:
        with PausedGC(), pool:
            chunks = [items[start : start + CHUNK] for start in starts]
            for start, packed in zip(starts, pool.map(_run_chunk, [function] * len(chunks), chunks), strict=True):
                yield start, _SharingUnpickler(io.BytesIO(packed)).load()
    finally:
        gc.unfreeze()
        _shared = ()


def map_missing(function: Callable[[T], R], items: Sequence[T], known: Mapping[int, R], jobs: int,
                progress: Callable[[str, int, int], None], stage: str) -> list[R]:
    """A result for every item: ``known`` ones (by position, from a cache) as given, the others
    computed with ``map_in_order``; ``progress`` counts both towards ``len(items)``."""
    results: list[R | None] = [known.get(i) for i in range(len(items))]
    todo = [i for i in range(len(items)) if i not in known]
    progress(stage, len(known), len(items))
    for start, chunk in map_in_order(function, [items[i] for i in todo], jobs):
        for i, result in zip(todo[start : start + len(chunk)], chunk, strict=True):
            results[i] = result
        progress(stage, len(chunk), len(items))
    return results  # type: ignore[return-value]
