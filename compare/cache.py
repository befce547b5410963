"""A cache in SQLite, so re-runs redo only what is new.

Each table holds one stage's output for one input: pages read from HTML
files and parsed articles (keyed by the file's content, its id and the
ingest code), MinHash signatures (by the body text and the sketch
parameters), fact units (by the article's text and paragraphs and the fact
layer's code) and pair descriptions (by both articles, the passage gap and
the code of every stage that describes a pair). An edited article, another
parameter or a release that changes a stage is therefore simply a miss. The
cache is never needed for correctness: a missing, unreadable or locked
cache, or an entry that does not decode, is a cache that misses, and
deleting it changes no result.

Values are stored pickled: the file lives in the user's own cache directory
and is read only by the user who wrote it.
"""

from __future__ import annotations

import hashlib
import importlib
import io
import os
import pickle
import sqlite3
import zlib
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from compare import __version__
from compare.dedup import CHUNK_PERM, DocSketch
from compare.models import Article, Params

CACHE_VERSION = 2  # 2: fact units and pair descriptions, zlib-compressed pickles
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
_PAIRS_SCHEMA = "CREATE TABLE IF NOT EXISTS pairs (key BLOB PRIMARY KEY, pair BLOB NOT NULL)"
_PAGES_SCHEMA = "CREATE TABLE IF NOT EXISTS pages (key BLOB PRIMARY KEY, page BLOB NOT NULL)"
_ARTICLES_SCHEMA = "CREATE TABLE IF NOT EXISTS articles (key BLOB PRIMARY KEY, article BLOB NOT NULL)"
_BLOB_COLUMNS = {"units": "units", "pairs": "pair", "pages": "page", "articles": "article"}
# Modules whose code decides what a file reads as and defines what is stored (Source, Article):
# ingest uses nothing else of compare.
_INGEST_MODULES = (*sorted(f"ingest.{p.stem}" for p in (Path(__file__).parent / "ingest").glob("*.py")), "models")
# Modules whose code decides what an article's fact units are...
_FACT_MODULES = ("facts", "entities", "sentences", "lexicon", "datementions", "models")
# ...and what the description of a pair (passages, edits, facts) is.
_PAIR_MODULES = (*_FACT_MODULES, "passages", "overlap", "reprints", "align", "samefact", "framing", "sketch")


def default_cache_path() -> Path:
    """$XDG_CACHE_HOME/compare/signatures.sqlite (~/.cache/...): never inside the input folder."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "compare" / "signatures.sqlite"


def _key(*parts: str | bytes) -> bytes:
    """The hash every table's keys are: the cache version, then each part, each part ended by a NUL."""
    digest = hashlib.blake2b(f"v{CACHE_VERSION}\0".encode(), digest_size=20)
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part)
        digest.update(b"\0")
    return digest.digest()


def cache_key(body: str, params: Params) -> bytes:
    """Content hash of a body under the parameters that shape its sketch."""
    return _key(f"sketch:{params.shingle_size}:{params.num_perm}:{params.seed}", body)


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


def _fact_code_digest() -> bytes:
    return _code_digest(_FACT_MODULES)


def pair_key(a: Article, b: Article, max_gap: int = 3) -> bytes:
    """Hash of what a pair's description depends on: both whole articles (metadata too), max gap, the code."""
    return _key(f"pair:{max_gap}", _code_digest(_PAIR_MODULES), repr(a), repr(b))


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


def pickle_value(value: object) -> bytes:
    """The stored form of a value: fact units, a page read, a parsed article (compressed: 2.3x smaller
    for 0.2 ms an article's units)."""
    return zlib.compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), 1)


def unpickle_value(blob: bytes) -> Any:
    """A stored value, or None when the entry does not decode (a miss)."""
    try:
        return pickle.loads(zlib.decompress(blob))  # the user's own file: see the module docstring
    except Exception:  # a damaged entry, or classes that changed under the same key: a miss
        return None


def units_key(article: Article) -> bytes:
    """Hash of what an article's fact units depend on: its text, its paragraphs, the fact layer's code."""
    paragraphs = ",".join(f"{p.start}:{p.end}" for p in article.paragraphs)
    return _key("units", _fact_code_digest(), paragraphs, article.text)


class _PairPickler(pickle.Pickler):
    """Pickles a pair's description with its fact units as ("a", index) / ("b", index) references."""

    def __init__(self, file: io.BytesIO, units_a: Sequence[object], units_b: Sequence[object]) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self._refs = {id(u): ("b", k) for k, u in enumerate(units_b)} | {id(u): ("a", k) for k, u in enumerate(units_a)}

    def persistent_id(self, obj: object) -> tuple[str, int] | None:
        return self._refs.get(id(obj))


class _PairUnpickler(pickle.Unpickler):
    def __init__(self, file: io.BytesIO, units_a: Sequence[object], units_b: Sequence[object]) -> None:
        super().__init__(file)
        self._units = {"a": units_a, "b": units_b}

    def persistent_load(self, pid: tuple[str, int]) -> object:
        side, index = pid
        return self._units[side][index]


def pickle_pair(description: object, units_a: Sequence[object], units_b: Sequence[object]) -> bytes:
    """The stored form of a pair's description: the articles' units are referenced, not copied."""
    buffer = io.BytesIO()
    _PairPickler(buffer, units_a, units_b).dump(description)
    return zlib.compress(buffer.getvalue(), 1)


def unpickle_pair(blob: bytes, units_a: Sequence[object], units_b: Sequence[object]) -> Any:
    """A stored description with references resolved to ``units_a``/``units_b``; None if it does not decode."""
    try:
        return _PairUnpickler(io.BytesIO(zlib.decompress(blob)), units_a, units_b).load()
    except Exception:  # a damaged entry, or units that changed under the same key: a miss
        return None


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
        self._db.execute(_PAIRS_SCHEMA)
        self._db.execute(_PAGES_SCHEMA)
        self._db.execute(_ARTICLES_SCHEMA)

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

    def get_values(self, table: str, keys: Sequence[bytes]) -> dict[bytes, Any]:
        """Stored values (``pickle_value``) of ``table`` for the keys that are present and decode."""
        found = self.get_blobs(table, keys)
        return {key: value for key, blob in found.items() if (value := unpickle_value(blob)) is not None}

    def put_values(self, table: str, items: Iterable[tuple[bytes, object]]) -> None:
        self.put_blobs(table, [(key, pickle_value(value)) for key, value in items])

    def get_blobs(self, table: str, keys: Sequence[bytes]) -> dict[bytes, bytes]:
        """Stored values of ``table`` ("units", "pairs", "pages" or "articles") for the keys that are present."""
        if self._db is None or not keys or table not in _BLOB_COLUMNS:
            return {}
        return self._guard(self._select_blobs, table, keys) or {}

    def _select_blobs(self, table: str, keys: Sequence[bytes]) -> dict[bytes, bytes]:
        assert self._db is not None
        found: dict[bytes, bytes] = {}
        column = _BLOB_COLUMNS[table]
        for start in range(0, len(keys), 500):
            chunk = list(keys[start : start + 500])
            marks = ",".join("?" * len(chunk))
            found.update(self._db.execute(f"SELECT key, {column} FROM {table} WHERE key IN ({marks})", chunk))
        return found

    def put_blobs(self, table: str, items: Iterable[tuple[bytes, bytes]]) -> None:
        """Store values already encoded (``pickle_value``, ``pickle_pair``: on the workers) in ``table``."""
        if self._db is not None and table in _BLOB_COLUMNS:
            self._guard(self._insert_blobs, table, list(items))

    def _insert_blobs(self, table: str, rows: list[tuple[bytes, bytes]]) -> None:
        assert self._db is not None
        with self._db:
            self._db.executemany(f"INSERT OR REPLACE INTO {table} VALUES (?, ?)", rows)

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
