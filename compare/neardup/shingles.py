"""Word tokens and shingle hashes, and the permutations MinHash applies to them.

Shingles are hashed from per-word hashes with numpy instead of joining
strings, so each distinct word is hashed once per process. Signatures use
datasketch's "affine32" permutations (datasketch>=2): for the same seed they
equal what ``datasketch.MinHash(hashfunc=int).update_batch(shingles)`` gives,
which the tests check, but are computed for a whole document in one call.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from compare.models import Span
from compare.typography import fold_apostrophes

# A word is a run of letters, digits and in-word apostrophes ("Japan's");
# everything else separates words. Curly apostrophes are folded first so
# typography never hides a match. The ASCII fast path below must give the
# same words as this pattern.
_WORD = re.compile(r"[\w']+")
_ASCII_KEEP = frozenset(set(b"abcdefghijklmnopqrstuvwxyz0123456789_'"))
_ASCII_TABLE = bytes(
    c if c in _ASCII_KEEP else (c + 32 if 65 <= c <= 90 else 32) for c in range(256)
)
# The same for UTF-8 bytes of a case-folded text: bytes of non-ASCII characters are kept.
_UTF8_TABLE = bytes(c if c >= 128 else _ASCII_TABLE[c] for c in range(256))
_MASK32 = np.uint64(0xFFFFFFFF)
_SHINGLE_BASE = np.uint64(0x9E3779B97F4A7C15)
_WORD_BASE = np.uint64(0x100000001B3)
_HASH_BLOCK = 1 << 20
_SPACE, _APOSTROPHE = ord(" "), ord("'")
_PUNCTUATION_FOLD = tuple(
    (mark, ascii_mark)
    for marks, ascii_mark in (
        ("\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033", '"'),
        ("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
        ("\u2026\u2022\u00b7", "."),
        ("\u00a0\u2002\u2003\u2009\u200a\u202f\u2007", " "),
        ("\u2032", '"'),
    )
    for mark in marks
)


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


def _fold_punctuation(text: str) -> str:
    """Typographic punctuation to ASCII, one character for one (news text is full of it).

    None of these characters can be inside a word, so words do not change;
    but a text that is ASCII afterwards takes the fast path below.
    """
    text = fold_apostrophes(text)
    for mark, ascii_mark in _PUNCTUATION_FOLD:
        if mark in text:
            text = text.replace(mark, ascii_mark)
    return text


def _unicode_separated(text: str) -> bytes:
    """The words of a folded text that is not ASCII, as bytes separated by spaces, with no Python object per word.

    A character is in a word exactly when the pattern's word class says so
    (``str.isalnum()``, or "_" and "'"), so the other non-ASCII characters
    become spaces, the text is case-folded, and its UTF-8 bytes go through
    the ASCII table, which keeps every byte of a non-ASCII character. News
    quoting "Société Générale" or "£2.5 billion" would otherwise take the
    regex, word by word.
    """
    separators = {ord(ch): " " for ch in set(text) if ord(ch) > 127 and not ch.isalnum()}
    return text.translate(separators).casefold().encode("utf-8").translate(_UTF8_TABLE)


def _clear_edge_apostrophes(data: np.ndarray) -> None:
    """An apostrophe at a word's edge separates words, as ``tokenize`` strips it."""
    while True:
        apostrophes = data == _APOSTROPHE
        if not apostrophes.any():
            return
        spaces = np.concatenate(([True], data == _SPACE, [True]))
        edge = apostrophes & (spaces[:-2] | spaces[2:])
        if not edge.any():
            return
        data[edge] = _SPACE


def batch_word_hashes(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Hashes of the words ``tokenize`` would give, for many texts in one numpy pass.

    Returns all hashes concatenated and the number of words of each text.
    This is the hot path of near-duplicate detection: no Python object is
    made per word, and numpy's per-call cost is paid once per batch.
    """
    joined = _fold_punctuation("\x00".join(texts))
    if joined.isascii():  # one translate for the whole batch; every character maps to one byte
        data = np.frombuffer(joined.encode("ascii").translate(_ASCII_TABLE), dtype=np.uint8).copy()
        pieces_lengths = [len(t) for t in texts]
    else:  # folding keeps one character for one, so each text is its own slice of the folded batch
        ends = np.cumsum([len(t) + 1 for t in texts]).tolist()
        folded = (joined[end - len(t) - 1 : end - 1] for t, end in zip(texts, ends, strict=True))
        pieces = [p.encode("ascii").translate(_ASCII_TABLE) if p.isascii() else _unicode_separated(p) for p in folded]
        data = np.frombuffer(b" ".join(pieces), dtype=np.uint8).copy()
        pieces_lengths = [len(p) for p in pieces]
    _clear_edge_apostrophes(data)
    hashes, starts = _hash_separated(data)
    piece_starts = np.cumsum([0] + [n + 1 for n in pieces_lengths[:-1]])
    owners = np.searchsorted(piece_starts, starts, side="right") - 1
    return hashes, np.bincount(owners, minlength=len(texts))


def word_hashes(text: str, spans: Iterable[Span] | None = None) -> np.ndarray:
    """64-bit hashes of the words ``tokenize`` would give, without building offsets."""
    pieces = [text] if spans is None else [text[s.start : s.end] for s in spans]
    return batch_word_hashes(pieces)[0]


def _hash_words(words: list[str]) -> np.ndarray:
    joined = " ".join(words).encode("utf-8")
    return _hash_separated(np.frombuffer(joined, dtype=np.uint8))[0]


@lru_cache(maxsize=4)
def _power_tables(size: int) -> tuple[np.ndarray, np.ndarray]:
    """_WORD_BASE**i and its inverse mod 2**64 for i < size (the base is odd, so it is invertible)."""
    base = np.full(size, _WORD_BASE, dtype=np.uint64)
    base[0] = 1
    inverse = np.full(size, pow(int(_WORD_BASE), -1, 1 << 64), dtype=np.uint64)
    inverse[0] = 1
    with np.errstate(over="ignore"):
        return np.cumprod(base), np.cumprod(inverse)


def _hash_separated(data: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(hash, start) of each space-separated word of a UTF-8 byte array, all in numpy.

    Each word's hash is a polynomial over its bytes, read off a running sum
    and rescaled by the inverse power of its start, then mixed. Long inputs
    are cut into blocks at spaces so the power tables stay small.
    """
    if data.size > _HASH_BLOCK:
        cut = _HASH_BLOCK - int(np.argmax(data[_HASH_BLOCK - 1 :: -1] == _SPACE))
        cut = cut if cut > 1 else _HASH_BLOCK  # one enormous "word": split it rather than fail
        (h1, s1), (h2, s2) = _hash_separated(data[:cut]), _hash_separated(data[cut:])
        return np.concatenate((h1, h2)), np.concatenate((s1, s2 + cut))
    in_word = np.concatenate(([False], data != _SPACE, [False]))
    changes = np.flatnonzero(in_word[1:] != in_word[:-1])
    starts, ends = changes[::2], changes[1::2]
    if not starts.size:
        return np.zeros(0, dtype=np.uint64), starts
    powers, inverses = _power_tables(_HASH_BLOCK)
    with np.errstate(over="ignore"):
        running = np.cumsum((data.astype(np.uint64) + np.uint64(1)) * powers[: data.size])
        before = np.where(starts > 0, running[starts - 1], np.uint64(0))
        raw = (running[ends - 1] - before) * inverses[starts]
        return _fmix64(raw ^ ((ends - starts).astype(np.uint64) * _SHINGLE_BASE)), starts


def sorted_unique(values: np.ndarray) -> np.ndarray:
    """``np.unique`` of a 1-D array, by sorting: numpy 2 finds the distinct values of hashes with a hash
    table, several times slower here (and pathologically slow on millions of values)."""
    ordered = np.sort(values)
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))] if ordered.size else ordered


def unique_counts(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(values, return_counts=True)`` by sorting, for the same reason."""
    ordered = np.sort(values)
    if not ordered.size:
        return ordered, np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
    return ordered[starts], np.diff(np.append(starts, ordered.size))


def word_hash(word: str) -> int:
    """A stable 64-bit hash of a word (Python's ``hash`` is salted per process)."""
    return int(_hash_words([word])[0])


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
    return shingles_from_hashes(_hash_words(list(words)), k)


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


@lru_cache(maxsize=16)
def permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """datasketch's affine32 permutation parameters for this seed: h -> a * h + b mod 2**32, a odd.

    Drawn exactly as ``datasketch.MinHash(scheme="affine32")`` draws them (a
    test checks it), without importing datasketch, whose LSH module pulls in
    scipy and adds a second to every command's start.
    """
    if num_perm < 1:
        raise ValueError(f"num_perm must be >= 1, got {num_perm}")
    generator = np.random.RandomState(seed)
    a = generator.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = generator.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


def _fmix32(values: np.ndarray) -> np.ndarray:
    values = values ^ (values >> np.uint32(16))
    values = values * np.uint32(0x85EBCA6B)
    values = values ^ (values >> np.uint32(13))
    values = values * np.uint32(0xC2B2AE35)
    return values ^ (values >> np.uint32(16))


def to_hash32(shingles: np.ndarray) -> np.ndarray:
    """The 32-bit values handed to MinHash (the low half of the mixed 64-bit hash)."""
    return (shingles & _MASK32).astype(np.uint32)


def batch_shingles(hashes: np.ndarray, counts: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """``shingles_from_hashes`` for many documents at once: (all shingles, shingles per document).

    Windows are computed over the concatenated words and those crossing a
    document boundary dropped; a document shorter than k words gets its one
    shingle of all its words, as alone.
    """
    if k < 1:
        raise ValueError(f"shingle size must be >= 1, got {k}")
    ends = np.cumsum(counts)
    starts = ends - counts
    count = max(hashes.size - k + 1, 0)
    combined = np.zeros(count, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for offset in range(k):
            combined = combined * _SHINGLE_BASE + hashes[offset : offset + count]
        shingles = _fmix64(combined)
    owners = np.repeat(np.arange(counts.size), counts)[:count]
    keep = np.arange(count) + k <= ends[owners] if count else np.zeros(0, dtype=bool)
    shingles, owners = shingles[keep], owners[keep]
    short = np.flatnonzero((counts > 0) & (counts < k))
    if short.size:
        extra = [shingles_from_hashes(hashes[starts[d] : ends[d]], k) for d in short.tolist()]
        order = np.argsort(np.concatenate((owners, short)), kind="stable")
        shingles = np.concatenate((shingles, *extra))[order]
        owners = np.concatenate((owners, short))[order]
    return shingles, np.bincount(owners, minlength=counts.size)
