"""A cache in SQLite of signatures and fact units, so re-runs redo only what is new.

Signatures are keyed by a hash of the body text and the sketch parameters,
so an edited article or a different --shingle-size is simply a miss. Fact
units are keyed by the article's text and paragraphs *and* the source code
of the fact layer, so a release (or a local edit) that changes how facts
are read never reuses old units. The cache is never needed for
correctness: a missing, unreadable or locked cache, or an entry that does
not decode, is a cache that misses, and deleting it changes no result.

Units are stored pickled: the file lives in the user's own cache directory
and is read only by the user who wrote it.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import pickle
import sqlite3
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from compare.dedup import CHUNK_PERM, DocSketch
from compare.models import Article, Params

if TYPE_CHECKING:  # the fact layer is imported lazily: `compare dedup` must start fast
    from compare.facts import FactUnit

CACHE_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS sketches (
    key BLOB PRIMARY KEY,
    words INTEGER NOT NULL,
    sequence BLOB NOT NULL,
    signature BLOB NOT NULL,
    chunks BLOB NOT NULL
)
"""
_UNITS_SCHEMA = "CREATE TABLE IF NOT EXISTS units (key BLOB PRIMARY KEY, units BLOB NOT NULL)"
# Modules whose code decides what an article's fact units are.
_FACT_MODULES = ("facts", "entities", "sentences", "lexicon", "datementions", "models")


def default_cache_path() -> Path:
    """$XDG_CACHE_HOME/compare/signatures.sqlite (~/.cache/...): never inside the input folder."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "compare" / "signatures.sqlite"


def cache_key(body: str, params: Params) -> bytes:
    """Content hash of a body under the parameters that shape its sketch."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(f"v{CACHE_VERSION}:{params.shingle_size}:{params.num_perm}:{params.seed}\0".encode())
    digest.update(body.encode("utf-8", "surrogatepass"))
    return digest.digest()


@lru_cache(maxsize=1)
def _fact_code_digest() -> bytes:
    digest = hashlib.blake2b(digest_size=20)
    for name in _FACT_MODULES:
        digest.update(Path(importlib.import_module(f"compare.{name}").__file__ or name).read_bytes())
    return digest.digest()


def units_key(article: Article) -> bytes:
    """Hash of what an article's fact units depend on: its text, its paragraphs, the fact layer's code."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(_fact_code_digest())
    digest.update(",".join(f"{p.start}:{p.end}" for p in article.paragraphs).encode() + b"\0")
    digest.update(article.text.encode("utf-8", "surrogatepass"))
    return digest.digest()


def pickle_units(units: tuple[FactUnit, ...]) -> bytes:
    """The stored form of an article's fact units."""
    return pickle.dumps(units, protocol=pickle.HIGHEST_PROTOCOL)


class SignatureCache:
    """Sketches by content key. Errors turn the cache off for the run, never fail it."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.warning: str | None = None
        self._db: sqlite3.Connection | None = None
        if path is not None:
            self._guard(self._open, path)

    def _open(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, timeout=10)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(_SCHEMA)
        self._db.execute(_UNITS_SCHEMA)

    def _guard(self, action, *args):  # type: ignore[no-untyped-def]
        try:
            return action(*args)
        except (sqlite3.Error, OSError) as error:
            self.warning = f"signature cache {self.path} not used ({error})"
            self._db = None
            return None

    def get_many(self, keys: Sequence[bytes], num_perm: int) -> dict[bytes, tuple[int, DocSketch]]:
        """Cached (word count, sketch) of the keys that are present."""
        if self._db is None or not keys:
            return {}
        return self._guard(self._select, keys, num_perm) or {}

    def _select(self, keys: Sequence[bytes], num_perm: int) -> dict[bytes, tuple[int, DocSketch]]:
        assert self._db is not None
        found: dict[bytes, tuple[int, DocSketch]] = {}
        for start in range(0, len(keys), 500):
            chunk = list(keys[start : start + 500])
            marks = ",".join("?" * len(chunk))
            query = f"SELECT key, words, sequence, signature, chunks FROM sketches WHERE key IN ({marks})"
            rows = self._db.execute(query, chunk)
            for key, words, sequence, signature, chunks in rows:
                found[key] = (words, _decode(sequence, signature, chunks, num_perm))
        return found

    def put_many(self, items: Iterable[tuple[bytes, int, DocSketch]]) -> None:
        if self._db is not None:
            self._guard(self._insert, list(items))

    def _insert(self, items: list[tuple[bytes, int, DocSketch]]) -> None:
        assert self._db is not None
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO sketches VALUES (?, ?, ?, ?, ?)",
                [
                    (key, words, s.sequence.tobytes(), s.signature.tobytes(), s.chunk_signatures.tobytes())
                    for key, words, s in items
                ],
            )

    def get_units(self, keys: Sequence[bytes]) -> dict[bytes, tuple[FactUnit, ...]]:
        """Cached fact units of the keys that are present and decode."""
        if self._db is None or not keys:
            return {}
        return self._guard(self._select_units, keys) or {}

    def _select_units(self, keys: Sequence[bytes]) -> dict[bytes, tuple[FactUnit, ...]]:
        assert self._db is not None
        found: dict[bytes, tuple[FactUnit, ...]] = {}
        for start in range(0, len(keys), 500):
            chunk = list(keys[start : start + 500])
            marks = ",".join("?" * len(chunk))
            for key, blob in self._db.execute(f"SELECT key, units FROM units WHERE key IN ({marks})", chunk):
                try:
                    found[key] = pickle.loads(blob)  # the user's own file: see the module docstring
                except Exception:  # a damaged entry is a miss
                    continue
        return found

    def put_units(self, items: Iterable[tuple[bytes, bytes]]) -> None:
        """Store fact units already pickled (by ``pickle_units``, on the workers)."""
        if self._db is not None:
            self._guard(self._insert_units, list(items))

    def _insert_units(self, rows: list[tuple[bytes, bytes]]) -> None:
        assert self._db is not None
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO units VALUES (?, ?)", rows)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


def _decode(sequence: bytes, signature: bytes, chunks: bytes, num_perm: int) -> DocSketch:
    chunk_perm = min(num_perm, CHUNK_PERM)
    return DocSketch(
        np.frombuffer(sequence, dtype=np.uint64),
        np.frombuffer(signature, dtype=np.uint32),
        np.frombuffer(chunks, dtype=np.uint32).reshape(-1, chunk_perm),
    )
