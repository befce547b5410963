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
"""

from __future__ import annotations

import hashlib
import importlib
import os
import sqlite3
import struct
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from compare import __version__
from compare.facts import date_mentions, entities, values
from compare.ingest.article import Source
from compare.ingest.metadata import Given
from compare.models import Agency, Article, Edit, Params, Passage, PassageComparison, RemovedLine, Skipped, Span
from compare.neardup.minhash import CHUNK_PERM, DocSketch
from compare.runtime import codec

CACHE_VERSION = 3  # 3: data-only entries (JSON and checked arrays) in one table; no pickle
_SCHEMA = "CREATE TABLE IF NOT EXISTS entries (key BLOB PRIMARY KEY, value BLOB NOT NULL)"
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
# Modules whose code decides what an article's fact units are...
_FACT_MODULES = ("facts.units", "facts.values", "facts.entities", "facts.sentences", "facts.lexicon",
                 "facts.date_mentions", "models")
# ...and what the description of a pair (passages, edits, facts) is.
_PAIR_MODULES = (*_FACT_MODULES, "reuse.passages", "reuse.overlap", "facts.matching", "facts.paraphrase",
                 "facts.framing", "neardup.shingles")
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
    """Hash of what a pair's description depends on: both whole articles (metadata too), max gap, the code."""
    return _key("pair", str(max_gap), _code_digest(_PAIR_MODULES), repr(a), repr(b))


def units_key(article: Article) -> bytes:
    """Hash of what an article's fact units depend on: its text, its paragraphs, the fact layer's code."""
    paragraphs = ",".join(f"{p.start}:{p.end}" for p in article.paragraphs)
    return _key("units", _code_digest(_FACT_MODULES), paragraphs, article.text)


@lru_cache(maxsize=1)
def _ingest_code() -> bytes:
    """The ingest code and the trafilatura it extracts pages with."""
    from importlib.metadata import version

    return f"trafilatura {version('trafilatura')}\0".encode() + _code_digest(_INGEST_MODULES)


def page_key(article_id: str, data: bytes) -> bytes:
    """Hash of what reading one HTML file gives: its id, its bytes, the ingest code and trafilatura."""
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


class Cache:
    """Entries by key. Errors turn the cache off for the run, never fail it."""

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

    def _guard(self, action, *args):  # type: ignore[no-untyped-def]
        try:
            return action(*args)
        except (sqlite3.Error, OSError) as error:
            self.warning = f"cache {self.path} not used ({error})"
            self._db = None
            return None

    def get_blobs(self, keys: Sequence[bytes]) -> dict[bytes, bytes]:
        """Stored entries for the keys that are present."""
        if self._db is None or not keys:
            return {}
        return self._guard(self._select, keys) or {}

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
            self._db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?)", rows)

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
        if self._db is not None:
            self._db.close()
            self._db = None


def _decoded(blobs: dict[bytes, bytes], decode: Callable[[bytes], Any]) -> dict[bytes, Any]:
    """The entries that decode; the others are misses (damaged, foreign or from another version)."""
    found = {}
    for key, blob in blobs.items():
        try:
            found[key] = decode(blob)
        except codec.DecodeError:
            continue
    return found
