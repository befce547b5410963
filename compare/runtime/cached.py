"""The one loop every cached stage runs: look results up by key, compute the missing ones on the workers, store them.

Values are encoded for the cache on the worker that made them, so storing
them costs the parent only the write.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, Generic, TypeVar

from compare.runtime import workers
from compare.runtime.cache import decode_value, encode_value
from compare.runtime.codec import DecodeError, Refs
from compare.runtime.context import RunContext

T = TypeVar("T")
R = TypeVar("R")


def _no_refs(item: Any, shared: workers.Shared | None) -> Refs:
    return {}


def _no_resolver(item: Any) -> Callable[[Any], Any] | None:
    return None


@dataclass(frozen=True)
class Stage(Generic[T, R]):
    """A cached stage: ``compute`` makes one item's value; ``key`` names it in the cache.

    ``refs`` lists the objects of an item's value that the reader holds
    already (stored as references), and ``resolver`` turns them back.
    ``compute`` takes ``(item, shared)`` when the stage runs with shared
    objects, else ``(item)``.
    """

    name: str
    compute: Callable[..., R]
    key: Callable[[T], bytes]
    refs: Callable[[T, workers.Shared | None], Refs] = _no_refs
    resolver: Callable[[T], Callable[[Any], Any] | None] = _no_resolver


def _compute_and_encode(stage: Stage[T, R], item: T, shared: workers.Shared | None = None) -> tuple[R, bytes]:
    value = stage.compute(item) if shared is None else stage.compute(item, shared)
    return value, encode_value(value, stage.refs(item, shared))


def _known(stage: Stage[T, R], items: Sequence[T], keys: Sequence[bytes], context: RunContext) -> dict[int, R]:
    stored = context.cache.get_blobs(keys) if context.cache else {}
    known: dict[int, R] = {}
    for i, key in enumerate(keys):
        if key in stored:
            try:
                known[i] = decode_value(stored[key], stage.resolver(items[i]))
            except DecodeError:  # damaged, foreign or another version: computed again
                continue
    return known


def map_cached(stage: Stage[T, R], items: Sequence[T], context: RunContext,
               shared: workers.Shared | None = None) -> list[R]:
    """A value for every item, in order: from the cache where it holds one, else computed on the workers."""
    if context.cache is None:
        return _map_plain(stage, items, context, shared)
    keys = [stage.key(item) for item in items]
    results: list[R | None] = [None] * len(items)
    known = _known(stage, items, keys, context)
    for i, value in known.items():
        results[i] = value
    todo = [i for i in range(len(items)) if i not in known]
    context.progress(stage.name, len(known), len(items))
    work = partial(_compute_and_encode, stage)
    for start, found in workers.map_in_order(work, [items[i] for i in todo], context.jobs, shared):
        batch = todo[start : start + len(found)]
        context.cache.put_blobs((keys[i], blob) for i, (_, blob) in zip(batch, found, strict=True))
        for i, (value, _) in zip(batch, found, strict=True):
            results[i] = value
        context.progress(stage.name, len(found), len(items))
    return results  # type: ignore[return-value]


def _map_plain(stage: Stage[T, R], items: Sequence[T], context: RunContext,
               shared: workers.Shared | None) -> list[R]:
    results: list[R] = []
    context.progress(stage.name, 0, len(items))
    for _, found in workers.map_in_order(stage.compute, items, context.jobs, shared):
        results += found
        context.progress(stage.name, len(found), len(items))
    return results
