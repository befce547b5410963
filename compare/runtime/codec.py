"""A data-only encoding for the frozen values the cache keeps: compressed JSON, decoded into known classes only.

A cache file can come from elsewhere (CI cache storage, a shared drive), so
reading it must never run code: no pickle. Values are written as JSON where
each dataclass instance names its class and fields; decoding builds only the
classes it is given, field by field, so a foreign or damaged entry is at
worst a :class:`DecodeError` (a cache miss), never an object nobody asked
for. Objects the reader already holds (the fact units a pair description
points at) are written as references and resolved by the reader.
"""

from __future__ import annotations

import dataclasses
import json
import zlib
from collections.abc import Callable, Iterable, Mapping
from typing import Any

COMPRESSION = 1  # zlib level: entries are small; level 1 is 2.3x smaller for a fraction of a millisecond
MAX_ENTRY = 64 << 20  # bytes of JSON one entry may expand to: a bomb is a miss, not a memory spike

Refs = Mapping[int, Any]  # id(obj) -> a JSON-able reference to it


class DecodeError(ValueError):
    """An entry that is not a value this cache wrote: damaged, foreign or from another version."""


def _plain(value: Any, refs: Refs) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    ref = refs.get(id(value))
    if ref is not None:
        return {"&": ref}
    if isinstance(value, tuple):
        return [_plain(item, refs) for item in value]
    if isinstance(value, list):
        return {"[": [_plain(item, refs) for item in value]}
    if isinstance(value, dict):
        return {"{": [[_plain(k, refs), _plain(v, refs)] for k, v in value.items()]}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: _plain(getattr(value, f.name), refs) for f in dataclasses.fields(value)}
        return {"@": type(value).__name__, "=": fields}
    raise TypeError(f"cannot store a {type(value).__name__} in the cache")


def encode(value: Any, refs: Refs | None = None) -> bytes:
    """The stored form of ``value``: tuples, lists, dicts, scalars and dataclasses, nested."""
    text = json.dumps(_plain(value, refs or {}), separators=(",", ":"))
    return zlib.compress(text.encode("ascii"), COMPRESSION)


class _Reader:
    def __init__(self, types: Mapping[str, type], resolve: Callable[[Any], Any] | None) -> None:
        self.types = types
        self.resolve = resolve

    def value(self, data: Any) -> Any:
        if isinstance(data, list):
            return tuple(self.value(item) for item in data)
        if not isinstance(data, dict):
            return data
        if "@" in data:
            return self.instance(data)
        if "[" in data:
            return [self.value(item) for item in data["["]]
        if "{" in data:
            return {self.value(k): self.value(v) for k, v in data["{"]}
        if "&" in data and self.resolve is not None:
            return self.resolve(data["&"])
        raise DecodeError(f"unknown entry form {sorted(data)[:3]}")

    def instance(self, data: dict[str, Any]) -> Any:
        cls = self.types.get(data["@"]) if isinstance(data["@"], str) else None
        if cls is None or not isinstance(data.get("="), dict):
            raise DecodeError(f"not a stored class: {str(data['@'])[:40]}")
        return cls(**{name: self.value(v) for name, v in data["="].items()})


def decode(blob: bytes, types: Iterable[type], resolve: Callable[[Any], Any] | None = None) -> Any:
    """The value ``encode`` stored, built only from ``types``; raises :class:`DecodeError` on anything else."""
    try:
        inflater = zlib.decompressobj()
        text = inflater.decompress(blob, MAX_ENTRY)
        if inflater.unconsumed_tail:
            raise DecodeError("entry expands beyond the size limit")
        reader = _Reader({cls.__name__: cls for cls in types}, resolve)
        return reader.value(json.loads(text))
    except DecodeError:
        raise
    except (zlib.error, ValueError, TypeError, KeyError, IndexError, RecursionError) as error:
        raise DecodeError(str(error)[:200]) from error
