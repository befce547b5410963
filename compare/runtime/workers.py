"""Worker processes: one place that decides how work is spread over the cores.

Workers are forked, so they inherit the imported modules, the function they
run and whatever the caller hands them as ``shared`` (articles' fact units)
without pickling it; only each chunk of items and its results cross a pipe.
Where fork does not exist (Windows) or one job is asked for, the same
functions run in this process, so results never depend on the number of
workers.

Every worker asks the kernel to kill it when its parent dies (Linux's
``PR_SET_PDEATHSIG``) and checks its parent once more right after, so a run
killed with SIGKILL, or a CI job killed on timeout, leaves no worker behind.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import io
import multiprocessing
import os
import pickle
import queue
import signal
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import ContextDecorator
from itertools import chain
from typing import Any, TypeVar

from compare.errors import CompareError, UsageError

T = TypeVar("T")
R = TypeVar("R")
MAX_JOBS = 8
CHUNK = 16  # items per task: enough to amortise the pipe, few enough to keep both cores busy to the end
POLL_SECONDS = 1.0  # how often the parent checks that its workers are alive while it waits
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>

# What workers share: a mapping whose values are sequences of objects (article id -> fact units).
Shared = Mapping[str, Sequence[object]]


class WorkerError(CompareError):
    """A worker process died or raised; the message carries its traceback or exit code."""


def default_jobs() -> int:
    """Cores this process may use (its CPU affinity), at most ``MAX_JOBS``."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(cores, MAX_JOBS))


def validate_jobs(jobs: int | None) -> int:
    """The number of workers to use: ``None`` or 0 means every core."""
    if jobs is not None and jobs < 0:
        raise UsageError(f"jobs must be >= 0 (0: all cores), got {jobs}")
    return jobs if jobs else default_jobs()


def die_with_parent(parent: int | None = None) -> None:
    """Ask the kernel to SIGKILL this process when its parent exits; exit now if it already has."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):  # no prctl: the parent check below still helps
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if parent is not None and os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def executor(jobs: int) -> Executor | None:
    """A forking process pool of ``jobs`` workers that die with this process, or None to work here."""
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"),
                               initializer=die_with_parent, initargs=(os.getpid(),))


def _flat(shared: Shared | None) -> list[object]:
    """The shared objects in one fixed order, the same in the parent and in every forked worker."""
    return list(chain.from_iterable(shared[key] for key in sorted(shared))) if shared else []


class _SharingPickler(pickle.Pickler):
    """Pickles results with shared objects as their position: the parent holds the same objects."""

    def __init__(self, file: io.BytesIO, positions: Mapping[int, int]) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self._positions = positions

    def persistent_id(self, obj: object) -> int | None:
        return self._positions.get(id(obj))


class _SharingUnpickler(pickle.Unpickler):
    def __init__(self, file: io.BytesIO, objects: Sequence[object]) -> None:
        super().__init__(file)
        self._objects = objects

    def persistent_load(self, pid: int) -> object:
        return self._objects[pid]


def _call(function: Callable[..., R], item: Any, shared: Shared | None) -> R:
    return function(item) if shared is None else function(item, shared)


def _serve(function: Callable[..., Any], shared: Shared | None, tasks: Any, results: Any, parent: int) -> None:
    """A worker's life: chunks in, pickled results (or the error) out, until the parent sends None."""
    die_with_parent(parent)
    positions = {id(obj): k for k, obj in enumerate(_flat(shared))}
    while (task := tasks.get()) is not None:
        start, chunk = task
        try:
            buffer = io.BytesIO()
            _SharingPickler(buffer, positions).dump([_call(function, item, shared) for item in chunk])
            results.put((start, buffer.getvalue(), None))
        except BaseException as error:
            import traceback

            results.put((start, b"", "".join(traceback.format_exception(error)).rstrip()))


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


def map_in_order(function: Callable[..., R], items: Sequence[T], jobs: int,
                 shared: Shared | None = None) -> Iterator[tuple[int, list[R]]]:
    """``function`` over ``items`` in chunks, yielding (index of the chunk's first item, its results) in order.

    With ``shared``, ``function(item, shared)`` is called instead of
    ``function(item)``: workers inherit ``shared`` when they fork, and
    results that contain its objects come back holding the caller's own
    objects (sending back the fact units of two articles with every pair
    cost more than comparing them). Chunks amortise the pipe; yielding per
    chunk lets the caller report progress and match results to its lists.
    """
    starts = range(0, len(items), CHUNK)
    if jobs <= 1 or len(starts) <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for start in starts:
            yield start, [_call(function, item, shared) for item in items[start : start + CHUNK]]
        return
    # No collection while the workers run, here or in them (they fork with it off): see PausedGC.
    # The heap is frozen too, in case something turns collection back on in a worker.
    gc.freeze()
    try:
        with PausedGC():
            yield from _map_on_workers(function, items, starts, min(jobs, len(starts)), shared)
    finally:
        gc.unfreeze()


def _map_on_workers(function: Callable[..., R], items: Sequence[T], starts: range, jobs: int,
                    shared: Shared | None) -> Iterator[tuple[int, list[R]]]:
    context = multiprocessing.get_context("fork")
    tasks, results = context.Queue(), context.Queue()
    procs = [context.Process(target=_serve, args=(function, shared, tasks, results, os.getpid()), daemon=True)
             for _ in range(jobs)]
    for proc in procs:
        proc.start()
    try:
        for start in starts:
            tasks.put((start, items[start : start + CHUNK]))
        objects = _flat(shared)
        waiting: dict[int, bytes] = {}
        for start in starts:
            while start not in waiting:
                done, packed, error = _next_result(results, procs)
                if error is not None:
                    raise WorkerError(f"a worker failed:\n{error}")
                waiting[done] = packed
            yield start, _SharingUnpickler(io.BytesIO(waiting.pop(start)), objects).load()
        for _ in procs:
            tasks.put(None)
        for proc in procs:
            proc.join()
    finally:
        _stop(procs, tasks, results)


def _next_result(results: Any, procs: Sequence[Any]) -> tuple[int, bytes, str | None]:
    """The next chunk's result; a worker that died without sending one is an error, not a hang."""
    while True:
        try:
            return results.get(timeout=POLL_SECONDS)
        except queue.Empty:
            dead = [p for p in procs if not p.is_alive() and p.exitcode not in (0, None)]
            if dead:
                raise WorkerError(f"a worker process died (exit code {dead[0].exitcode})") from None


def _stop(procs: Sequence[Any], tasks: Any, results: Any) -> None:
    for proc in procs:
        if proc.is_alive():
            proc.kill()
        proc.join()
    for channel in (tasks, results):
        channel.cancel_join_thread()  # undelivered chunks of an abandoned map must not block exit
        channel.close()


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
