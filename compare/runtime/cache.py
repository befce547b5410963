"""A cache in SQLite, so re-runs redo only what is new; it stores data, never code.

One table holds every entry under a key that names its kind: pages read from
HTML files and parsed articles (keyed by the file's content, its id and the
ingest code), MinHash sketches (by the body text and the sketch
parameters), fact units (by the article's text and paragraphs and the fact
layer's code) and pair descriptions (by both articles, the passage gap and
the code of every stage that describes a pair). An edited article, another
parameter or a release that changes a stage is therefore simply a miss.

The cache is never needed for correctness: a missing, unreadable or locked
cache, or an entry that does not decode, is a cache that misses, and
deleting it changes no result. Entries are data only (JSON decoded into a
fixed set of classes, numpy arrays from raw bytes with a checksum; see
``compare.runtime.codec``), so a cache file restored from CI storage or
written by someone else can make a run miss, never run code.

The cache is bounded: each entry records the run that last used it (a
``used`` integer, written in one batch when the cache is closed, so a hit
costs no write), and closing a cache larger than its cap deletes the least
recently used entries until it holds EVICT_TO of the cap. Since a missing
entry is only recomputed, eviction never changes a result.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import sqlite3
import struct
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from compare import __version__
from compare.errors import CacheError, UsageError
from compare.facts import date_mentions, entities, values
from compare.ingest.article import Source
from compare.ingest.metadata import Given
from compare.models import Agency, Article, Edit, Params, Passage, PassageComparison, RemovedLine, Skipped, Span
from compare.neardup.minhash import CHUNK_PERM, DocSketch
from compare.runtime import codec

CACHE_VERSION = 4  # 4: a "used" column for least-recently-used eviction; 3: data-only entries, no pickle
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS entries (key BLOB PRIMARY KEY, value BLOB NOT NULL, used INTEGER NOT NULL DEFAULT 0)",
    "CREATE INDEX IF NOT EXISTS entries_used ON entries (used)",
)
DEFAULT_MAX_MB = 1024
# Eviction brings the cache down to this share of its cap, so the next runs do not evict at every close.
EVICT_TO = 0.9
_MB = 1 << 20
KINDS = ("sketch", "units", "pair", "page", "article")
# The only classes an entry may decode into.
STORED_TYPES: tuple[type, ...] = (
    Span, Agency, RemovedLine, Article, Skipped, Passage, Edit, PassageComparison, Source, Given,
    entities.Entity, entities.Quantity, entities.Quote, entities.Attribution, date_mentions.DateMention,
    values.FactUnit, values.SharedFact, values.OnlyFact, values.Conflict, values.Framing, values.FactComparison,
)
_INGEST_DIR = Path(__file__).parent.parent / "ingest"
# Modules whose code decides what a file reads as and defines what is stored (Source, Article).
_INGEST_MODULES = (*sorted(f"ingest.{p.stem}" for p in _INGEST_DIR.glob("*.py")), "models")
# Modules whose code decides what an article's fact units are: the whole fact layer, since a hand list
# missed what units import (a synonym group changed, and a warm cache kept the old pair scores)...
_FACT_MODULES = (*sorted(f"facts.{p.stem}" for p in (Path(__file__).parent.parent / "facts").glob("*.py")),
                 "typography", "models")
# ...and what the description of a pair (passages, edits, facts) is.
_PAIR_MODULES = (*_FACT_MODULES, "reuse.passages", "reuse.overlap", "neardup.shingles")
_SKETCH_HEADER = struct.Struct("<4sIIII")  # magic, words, shingles, signature length, chunk rows
_SKETCH_MAGIC = b"SKv3"
_DIGEST = 16


def default_cache_path() -> Path:
    """$XDG_CACHE_HOME/compare/signatures.sqlite (~/.cache/...): never inside the input folder."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "compare" / "signatures.sqlite"


def _key(kind: str, *parts: str | bytes) -> bytes:
    """Every key: the entry's kind in clear (so entries can be counted by kind), then a hash of the cache
    version, the kind and each part, each part ended by a NUL."""
    digest = hashlib.blake2b(f"v{CACHE_VERSION}\0{kind}\0".encode(), digest_size=20)
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part)
        digest.update(b"\0")
    return f"{kind}:".encode() + digest.digest()


def sketch_key(body: str, params: Params) -> bytes:
    """Content hash of a body under the parameters that shape its sketch."""
    # "chunks2": chunk boundaries no longer depend on the batch neighbours; older entries may.
    return _key("sketch", f"{params.shingle_size}:{params.num_perm}:{params.seed}:chunks2", body)


@lru_cache(maxsize=4)
def _code_digest(modules: tuple[str, ...]) -> bytes:
    """Hash of the modules' source; where it cannot be read (a zipped install), of the version."""
    digest = hashlib.blake2b(digest_size=20)
    for name in modules:
        module = importlib.import_module(f"compare.{name}")
        try:
            digest.update(Path(module.__file__ or "").read_bytes())
        except OSError:
            digest.update(f"{name} of compare {__version__}".encode())
    return digest.digest()


def pair_key(a: Article, b: Article, max_gap: int = 3) -> bytes:
    """Hash of what a pair's description depends on: both articles (metadata too), max gap, the code.

    Removed lines are left out: no comparison reads them, and their reasons hold corpus counts
    ("boilerplate, in 912 articles") that change whenever an article is added.
    """
    return _key("pair", str(max_gap), _code_digest(_PAIR_MODULES), repr(replace(a, removed=())),
                repr(replace(b, removed=())))


def units_key(article: Article) -> bytes:
    """Hash of what an article's fact units depend on: its text, its paragraphs, the fact layer's code."""
    paragraphs = ",".join(f"{p.start}:{p.end}" for p in article.paragraphs)
    return _key("units", _code_digest(_FACT_MODULES), paragraphs, article.text)


@lru_cache(maxsize=1)
def _ingest_code() -> bytes:
    """The ingest code and the extractors it reads pages with (an upgrade of either is a miss)."""
    from importlib.metadata import version

    extractors = f"trafilatura {version('trafilatura')}\0readability {version('readability-lxml')}\0"
    return extractors.encode() + _code_digest(_INGEST_MODULES)


def page_key(article_id: str, data: bytes) -> bytes:
    """Hash of what reading one HTML file gives: its id, its bytes, the ingest code and the extractors."""
    return _key("page", _ingest_code(), article_id, data)


def article_key(source: object, chrome_keys: Iterable[str]) -> bytes:
    """Hash of what parsing one source gives: the source (text and given metadata), its outlet's
    recurring lines, the ingest code."""
    return _key("article", _ingest_code(), repr(source), "\n".join(sorted(chrome_keys)))


def encode_sketch(words: int, sketch: DocSketch) -> bytes:
    """A sketch as raw little-endian arrays behind a header, with a checksum of everything before it."""
    arrays = (sketch.sequence.astype("<u8"), sketch.signature.astype("<u4"), sketch.chunk_signatures.astype("<u4"))
    header = _SKETCH_HEADER.pack(_SKETCH_MAGIC, words, arrays[0].size, arrays[1].size, arrays[2].shape[0])
    body = header + b"".join(a.tobytes() for a in arrays)
    return body + hashlib.blake2b(body, digest_size=_DIGEST).digest()


def decode_sketch(blob: bytes, num_perm: int) -> tuple[int, DocSketch]:
    """The (word count, sketch) ``encode_sketch`` wrote; DecodeError when sizes or checksum disagree."""
    body, digest = blob[:-_DIGEST], blob[-_DIGEST:]
    if len(blob) < _SKETCH_HEADER.size + _DIGEST or hashlib.blake2b(body, digest_size=_DIGEST).digest() != digest:
        raise codec.DecodeError("sketch entry damaged")
    magic, words, shingles, signature, rows = _SKETCH_HEADER.unpack_from(body)
    chunk_perm = min(num_perm, CHUNK_PERM)
    sizes = (shingles * 8, signature * 4, rows * chunk_perm * 4)
    if magic != _SKETCH_MAGIC or signature != num_perm or _SKETCH_HEADER.size + sum(sizes) != len(body):
        raise codec.DecodeError("sketch entry of another shape")
    at = _SKETCH_HEADER.size
    sequence = np.frombuffer(body, dtype="<u8", count=shingles, offset=at).astype(np.uint64)
    sig = np.frombuffer(body, dtype="<u4", count=signature, offset=at + sizes[0]).astype(np.uint32)
    chunks = np.frombuffer(body, dtype="<u4", count=rows * chunk_perm, offset=at + sizes[0] + sizes[1])
    return words, DocSketch(sequence, sig, chunks.astype(np.uint32).reshape(rows, chunk_perm))


def encode_value(value: object, refs: codec.Refs | None = None) -> bytes:
    """A value (units, a page read, an article, a pair description) as a data-only entry."""
    return codec.encode(value, refs)


def decode_value(blob: bytes, resolve: Callable[[Any], Any] | None = None) -> Any:
    """A value ``encode_value`` stored; DecodeError for anything else."""
    return codec.decode(blob, STORED_TYPES, resolve)


def validate_max_mb(max_mb: int) -> int:
    """The cache cap in MB, checked up front: ``--cache-max-mb must be >= 1``."""
    if max_mb < 1:
        raise UsageError(f"--cache-max-mb must be >= 1, got {max_mb}")
    return max_mb


def _open_database(path: Path) -> sqlite3.Connection:
    """The cache database, its table made or, when an older version wrote it, silently made anew."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, timeout=10)
    db.execute("PRAGMA journal_mode=WAL")
    if db.execute("PRAGMA user_version").fetchone()[0] != CACHE_VERSION:
        db.execute("DROP TABLE IF EXISTS entries")  # an older schema: its keys could never hit anyway
        db.execute("PRAGMA auto_vacuum=INCREMENTAL")  # so eviction can give pages back to the disk
        db.execute("VACUUM")
        db.execute(f"PRAGMA user_version={CACHE_VERSION}")
    for statement in _SCHEMA:
        db.execute(statement)
    return db


def _bytes_in_use(db: sqlite3.Connection) -> int:
    pages = db.execute("PRAGMA page_count").fetchone()[0] - db.execute("PRAGMA freelist_count").fetchone()[0]
    return int(pages * db.execute("PRAGMA page_size").fetchone()[0])


class Cache:
    """Entries by key, at most ``max_mb`` after ``close``. Errors turn the cache off for the run, never fail it."""

    def __init__(self, path: Path | None, max_mb: int = DEFAULT_MAX_MB) -> None:
        self.path = path
        self.max_bytes = validate_max_mb(max_mb) * _MB
        self.warning: str | None = None
        self._db: sqlite3.Connection | None = None
        self._used: set[bytes] = set()
        self._run = 0
        if path is not None:
            self._guard(self._open, path)

    def _open(self, path: Path) -> None:
        self._db = _open_database(path)
        self._run = self._db.execute("SELECT COALESCE(MAX(used), 0) + 1 FROM entries").fetchone()[0]

    def _guard(self, action, *args):  # type: ignore[no-untyped-def]
        try:
            return action(*args)
        except (sqlite3.Error, OSError) as error:
            self.warning = f"cache {self.path} not used ({error})"
            self._db = None
            return None

    def get_blobs(self, keys: Sequence[bytes]) -> dict[bytes, bytes]:
        """Stored entries for the keys that are present (remembered as used by this run)."""
        if self._db is None or not keys:
            return {}
        found = self._guard(self._select, keys) or {}
        self._used.update(found)
        return found

    def _select(self, keys: Sequence[bytes]) -> dict[bytes, bytes]:
        assert self._db is not None
        found: dict[bytes, bytes] = {}
        for start in range(0, len(keys), 500):
            chunk = list(keys[start : start + 500])
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(f"SELECT key, value FROM entries WHERE key IN ({marks})", chunk)
            found.update((k, v) for k, v in rows if isinstance(k, bytes) and isinstance(v, bytes))
        return found

    def put_blobs(self, items: Iterable[tuple[bytes, bytes]]) -> None:
        """Store entries already encoded (on the workers, where the values were made)."""
        if self._db is not None:
            self._guard(self._insert, list(items))

    def _insert(self, rows: list[tuple[bytes, bytes]]) -> None:
        assert self._db is not None
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?)",
                                 [(key, value, self._run) for key, value in rows])

    def get_sketches(self, keys: Sequence[bytes], num_perm: int) -> dict[bytes, tuple[int, DocSketch]]:
        """Cached (word count, sketch) of the keys that are present and intact."""
        return _decoded(self.get_blobs(keys), lambda blob: decode_sketch(blob, num_perm))

    def put_sketches(self, items: Iterable[tuple[bytes, int, DocSketch]]) -> None:
        self.put_blobs((key, encode_sketch(words, sketch)) for key, words, sketch in items)

    def get_values(self, keys: Sequence[bytes]) -> dict[bytes, Any]:
        """Stored values (``encode_value``) for the keys that are present and decode."""
        return _decoded(self.get_blobs(keys), decode_value)

    def put_values(self, items: Iterable[tuple[bytes, object]]) -> None:
        self.put_blobs((key, encode_value(value)) for key, value in items)

    def close(self) -> None:
        """Record which entries this run used, evict the least recently used beyond the cap, close."""
        if self._db is not None:
            self._guard(self._finish)
        if self._db is not None:
            self._db.close()
            self._db = None

    def _finish(self) -> None:
        assert self._db is not None
        with self._db:
            self._db.executemany("UPDATE entries SET used = ? WHERE key = ?", ((self._run, k) for k in self._used))
        self._used.clear()
        evict(self._db, self.max_bytes)


def evict(db: sqlite3.Connection, max_bytes: int) -> int:
    """Over ``max_bytes``, delete least recently used entries (oldest ``used`` first) until the database
    holds at most EVICT_TO of it, and give the pages back to the disk; return how many were deleted."""
    if _bytes_in_use(db) <= max_bytes:
        return 0
    deleted = 0
    for _ in range(8):  # entry sizes only estimate the pages they fill, so measure again after each pass
        excess = _bytes_in_use(db) - int(max_bytes * EVICT_TO)
        if excess <= 0:
            break
        victims, freed = [], 0
        for key, size in db.execute("SELECT key, length(key) + length(value) FROM entries ORDER BY used, key"):
            victims.append((key,))
            freed += size
            if freed >= excess:
                break
        if not victims:
            break
        with db:
            db.executemany("DELETE FROM entries WHERE key = ?", victims)
        deleted += len(victims)
    db.execute("PRAGMA incremental_vacuum")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return deleted


@dataclass(frozen=True)
class CacheInfo:
    """What ``compare cache info`` prints: where the cache is, its size, and its entries per kind."""

    path: Path
    exists: bool
    file_bytes: int = 0
    used_bytes: int = 0
    kinds: tuple[tuple[str, int, int], ...] = ()  # (kind, entries, bytes)


def cache_info(path: Path) -> CacheInfo:
    """Size and entries per kind of the cache at ``path`` (never created by looking)."""
    if not path.is_file():
        return CacheInfo(path, exists=False)
    with _administered(path) as db:
        kinds = tuple((kind, *_kind_totals(db, kind)) for kind in KINDS)
        return CacheInfo(path, True, path.stat().st_size, _bytes_in_use(db), kinds)


@contextmanager
def _administered(path: Path) -> Iterator[sqlite3.Connection]:
    """The cache database for `compare cache`: a file that is not one is a CacheError, not a traceback."""
    try:
        db = _open_database(path)
    except (sqlite3.Error, OSError) as error:
        raise CacheError(f"{path}: not a compare cache ({error}); remove it or name another with --cache") from None
    try:
        yield db
    except sqlite3.Error as error:
        raise CacheError(f"{path}: cannot be read as a cache ({error})") from None
    finally:
        db.close()


def _kind_totals(db: sqlite3.Connection, kind: str) -> tuple[int, int]:
    low, high = f"{kind}:".encode(), f"{kind};".encode()  # ";" follows ":": every key of the kind is between
    count, size = db.execute("SELECT COUNT(*), COALESCE(SUM(length(key) + length(value)), 0) FROM entries "
                             "WHERE key >= ? AND key < ?", (low, high)).fetchone()
    return int(count), int(size)


def clear_cache(path: Path) -> int:
    """Delete every entry of the cache at ``path`` and give the space back; return how many there were."""
    if not path.is_file():
        return 0
    with _administered(path) as db:
        with db:
            count = db.execute("DELETE FROM entries").rowcount
        db.execute("VACUUM")
        return int(count)


def _decoded(blobs: dict[bytes, bytes], decode: Callable[[bytes], Any]) -> dict[bytes, Any]:
    """The entries that decode; the others are misses (damaged, foreign or from another version)."""
    found = {}
    for key, blob in blobs.items():
        try:
            found[key] = decode(blob)
        except codec.DecodeError:
            continue
    return found
