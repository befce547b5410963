"""Word tokens, shingle hashes and MinHash signatures.

Shingles are hashed from per-word hashes with numpy instead of joining
strings, so each distinct word is hashed once per process. Signatures use
datasketch's "affine32" permutations (datasketch>=2): for the same seed they
equal what ``datasketch.MinHash(hashfunc=int).update_batch(shingles)`` gives,
which the tests check, but are computed for a whole document in one call.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from datasketch import MinHash

from compare.models import Span

# A word is a run of letters, digits and in-word apostrophes ("Japan's");
# everything else separates words. Curly apostrophes are folded first so
# typography never hides a match. The ASCII fast path below must give the
# same words as this pattern.
_WORD = re.compile(r"[\w']+")
_APOSTROPHES = ("\u2019", "\u2018", "`", "\u02bc")
_ASCII_KEEP = set(b"abcdefghijklmnopqrstuvwxyz0123456789_'")
_ASCII_TABLE = bytes(
    c if c in _ASCII_KEEP else (c + 32 if 65 <= c <= 90 else 32) for c in range(256)
)
_MASK32 = np.uint64(0xFFFFFFFF)
_SHINGLE_BASE = np.uint64(0x9E3779B97F4A7C15)
_HASH_CACHE: dict[bytes, int] = {}
_HASH_CACHE_LIMIT = 2_000_000


@dataclass(frozen=True)
class Tokens:
    """Normalised words of an article body with their offsets in the original text."""

    words: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def __len__(self) -> int:
        return len(self.words)

    def span(self, first: int, last: int) -> Span:
        """Character span from the start of word ``first`` to the end of word ``last``."""
        return Span(self.starts[first], self.ends[last])


def fold_apostrophes(text: str) -> str:
    """Curly and straight apostrophes become "'" (one character for one, so offsets hold)."""
    for mark in _APOSTROPHES:
        text = text.replace(mark, "'")
    return text


def normalise_word(word: str) -> str:
    """Case-fold and fold curly quotes so typography never hides a match."""
    return fold_apostrophes(word).casefold()


def tokenize(text: str, spans: Iterable[Span] | None = None) -> Tokens:
    """Split ``text`` (or only the given spans of it) into normalised words.

    Punctuation is dropped, so "Japan's" matches "Japan’s" and a comma
    never breaks a shingle.
    """
    ranges = [(0, len(text))] if spans is None else [(s.start, s.end) for s in spans]
    words: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    folded = fold_apostrophes(text)
    for start, end in ranges:
        for match in _WORD.finditer(folded, start, end):
            raw = match.group()
            word = raw.strip("'")
            if word:
                first = match.start() + len(raw) - len(raw.lstrip("'"))
                words.append(word.casefold())
                starts.append(first)
                ends.append(first + len(word))
    return Tokens(tuple(words), tuple(starts), tuple(ends))


def _ascii_words(text: str) -> list[bytes]:
    # bytes.translate and split run in C: several times faster than the regex.
    return [w.strip(b"'") if b"'" in w else w for w in text.encode("ascii").translate(_ASCII_TABLE).split()]


def word_hashes(text: str, spans: Iterable[Span] | None = None) -> np.ndarray:
    """64-bit hashes of the words ``tokenize`` would give, without building offsets.

    This is the hot path of near-duplicate detection over large corpora.
    """
    pieces = [text] if spans is None else [text[s.start : s.end] for s in spans]
    words: list[bytes] = []
    for piece in pieces:
        piece = fold_apostrophes(piece)
        if piece.isascii():
            words.extend(_ascii_words(piece))
        else:
            words.extend(w.strip("'").casefold().encode("utf-8") for w in _WORD.findall(piece))
    return _hash_words([w for w in words if w])


def _hash_words(words: list[bytes]) -> np.ndarray:
    cache = _HASH_CACHE
    if len(cache) > _HASH_CACHE_LIMIT:
        cache.clear()
    values = [cache.get(w) or cache.setdefault(w, _blake64(w)) for w in words]
    return np.fromiter(values, dtype=np.uint64, count=len(values))


def _blake64(data: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "little")


def word_hash(word: str) -> int:
    """A stable 64-bit hash of a word (Python's ``hash`` is salted per process)."""
    return int(_hash_words([word.encode("utf-8")])[0])


def _fmix64(values: np.ndarray) -> np.ndarray:
    values = values ^ (values >> np.uint64(33))
    values = values * np.uint64(0xFF51AFD7ED558CCD)
    values = values ^ (values >> np.uint64(33))
    values = values * np.uint64(0xC4CEB9FE1A85EC53)
    return values ^ (values >> np.uint64(33))


def shingle_sequence(words: tuple[str, ...], k: int) -> np.ndarray:
    """64-bit hashes of every k-word shingle, in text order (one per start word).

    A text shorter than k words yields one shingle of all its words, so a
    short text can still match itself.
    """
    return shingles_from_hashes(_hash_words([w.encode("utf-8") for w in words]), k)


def shingles_from_hashes(hashes: np.ndarray, k: int) -> np.ndarray:
    """Shingle hashes from word hashes: a polynomial over each window, then mixed."""
    if k < 1:
        raise ValueError(f"shingle size must be >= 1, got {k}")
    if not hashes.size:
        return np.zeros(0, dtype=np.uint64)
    width = min(k, hashes.size)
    count = hashes.size - width + 1
    combined = np.zeros(count, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for offset in range(width):
            combined = combined * _SHINGLE_BASE + hashes[offset : offset + count]
        return _fmix64(combined)


def shingle_set(words: tuple[str, ...], k: int) -> np.ndarray:
    """Sorted distinct shingle hashes: the set Jaccard and containment are exact on."""
    return np.unique(shingle_sequence(words, k))


@lru_cache(maxsize=16)
def permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """datasketch's affine32 permutation parameters for this seed."""
    if num_perm < 1:
        raise ValueError(f"num_perm must be >= 1, got {num_perm}")
    a, b = MinHash(num_perm=num_perm, seed=seed, scheme="affine32").permutations
    return a.astype(np.uint32), b.astype(np.uint32)


def _fmix32(values: np.ndarray) -> np.ndarray:
    values = values ^ (values >> np.uint32(16))
    values = values * np.uint32(0x85EBCA6B)
    values = values ^ (values >> np.uint32(13))
    values = values * np.uint32(0xC2B2AE35)
    return values ^ (values >> np.uint32(16))


def to_hash32(shingles: np.ndarray) -> np.ndarray:
    """The 32-bit values handed to MinHash (the low half of the mixed 64-bit hash)."""
    return (shingles & _MASK32).astype(np.uint32)


def signature(shingles: np.ndarray, num_perm: int = 128, seed: int = 1) -> np.ndarray:
    """MinHash signature (uint32, length ``num_perm``) of a shingle-hash set."""
    a, b = permutations(num_perm, seed)
    if shingles.size == 0:
        return np.full(num_perm, np.iinfo(np.uint32).max, dtype=np.uint32)
    with np.errstate(over="ignore"):
        mixed = _fmix32(to_hash32(shingles))[:, None]
        return (mixed * a[None, :] + b[None, :]).min(axis=0)
