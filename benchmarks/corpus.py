"""Build a news-like benchmark corpus with injected reprints and exact ground truth.

Why not just sample MRPC sentences? The MRPC training file has about 7,800
distinct sentences; 1,000,000 articles of 25 sentences drawn from them would
make every article share whole sentences with thousands of others, while real
unrelated articles share almost no 5-word shingles. So base articles are made
of *new* sentences sampled from a word-level trigram model (interpolated with
bigrams) trained on the MRPC sentences: they read like news copy, but two
random base articles share close to no 5-shingles (the builder measures and
records the mean exact Jaccard of random unrelated pairs).

10% of the articles are reprints of a base article: exact copies, edited
reprints (3-5% of the words substituted, a sentence or two dropped or added,
dateline and credit line changed) and truncated reprints (the first 30-50% of
the paragraphs, which have a containment near 1 but a Jaccard well below 0.5).
The ground truth is computed exactly per group of articles derived from one
base, with the definition ``compare dedup`` uses: a pair is true when the
Jaccard of the 5-word shingle sets is >= 0.5 or either containment is >= 0.8.
The figures are over the article *body*: an article is a headline line, then
paragraphs (the first opens with a dateline such as "PARIS (AFP) -"), then
usually a credit line "(Reporting by ...)"; headline and credit line are not
body text. The .jsonl holds each record as an export would: the body as
"text", with "title" and "credit" beside it, and compare dedup compares
"text" as given. Tokens mirror compare's (runs of
letters, digits and apostrophes, curly apostrophes folded, outer apostrophes
stripped, case-folded); this file does not import compare, so the truth does
not move when compare's internals do, and dedup_speed.py reports how far
compare's own Jaccard figures are from the truth's.

Usage: ``python benchmarks/corpus.py --docs 20000 [--workdir DIR] [--mrpc PATH]``.
The corpus (``corpus-N-sSEED.jsonl``) and its truth (``...truth.json``) are
written to the work dir and reused when they already exist for the same N,
seed and generator version.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import multiprocessing
import os
import re
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

GENERATOR_VERSION = 3
DEFAULT_MRPC = Path(__file__).resolve().parents[2] / "shared" / "data" / "mrpc" / "msr_paraphrase_train.txt"
DEFAULT_WORKDIR = Path(tempfile.gettempdir()) / "compare-bench"
DEFAULT_SEED = 20240611

SHINGLE = 5
THRESHOLD = 0.5
CONTAINMENT = 0.8
REPRINT_SHARE = 0.10
KIND_SHARES = {"exact": 0.25, "edited": 0.45, "truncated": 0.30}
TARGET_WORDS, SPREAD_WORDS = 550, 50
BATCH_DOCS = 10_000
MAX_SENTENCE = 48
MIN_SENTENCE = 6
TRIGRAM_WEIGHT = 0.5
PARAGRAPH_BREAK = 0.55

BOS, EOS, PARA, DOC = 0, 1, 2, 3
_SPECIAL = ["<s>", "</s>", "\n\n", "\x00"]

# Same token rule as compare.neardup.shingles.tokenize (kept in step by hand, see module docstring):
# runs of letters, digits and apostrophes, curly apostrophes folded, outer apostrophes stripped.
_WORD = re.compile(r"[\w']+")
_QUOTE_FOLD = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u02bc": "'"})
CREDIT_PREFIX = "(Reporting by "

CITIES = [
    "WASHINGTON", "NEW YORK", "LONDON", "PARIS", "TOKYO", "BERLIN", "SYDNEY", "TORONTO", "CHICAGO", "BOSTON",
    "LOS ANGELES", "SAN FRANCISCO", "HONG KONG", "SINGAPORE", "MADRID", "ROME", "MOSCOW", "BEIJING", "SEOUL",
    "MUMBAI", "JOHANNESBURG", "NAIROBI", "CAIRO", "DUBAI", "MEXICO CITY", "SAO PAULO", "BRUSSELS", "GENEVA",
    "FRANKFURT", "DALLAS", "HOUSTON", "ATLANTA", "MIAMI", "SEATTLE", "DENVER", "OTTAWA", "DUBLIN", "VIENNA",
]
AGENCIES = ["Reuters", "AP", "AFP", "Bloomberg", "dpa", "UPI", "CNN", "AAP"]
FIRST = [
    "Anna", "Ben", "Carla", "David", "Elena", "Frank", "Grace", "Hiro", "Ines", "James", "Karen", "Luis", "Maya",
    "Nadia", "Omar", "Paul", "Rita", "Sam", "Tara", "Victor", "Wendy", "Yusuf", "Zoe", "Peter", "Laura", "Marc",
]
LAST = [
    "Adams", "Baker", "Chen", "Diaz", "Evans", "Fischer", "Garcia", "Hughes", "Ito", "Jones", "Khan", "Lopez",
    "Moreau", "Novak", "Okafor", "Patel", "Quinn", "Rossi", "Schmidt", "Tanaka", "Usman", "Vogel", "Wright", "Young",
]


class MissingDataError(SystemExit):
    """The MRPC file is not where the benchmark expects it (exit code 2, message names the path)."""

    def __init__(self, path: Path) -> None:
        super().__init__(2)
        self.path = path


def require_mrpc(path: Path) -> Path:
    """Exit with code 2 and a clear message when the MRPC data is missing."""
    if not path.is_file():
        print(
            f"benchmark data missing: expected the MRPC training file at {path}\n"
            "(the benchmarks read ../shared/data next to the repository; pass --mrpc PATH to use another copy)",
            file=sys.stderr,
        )
        raise MissingDataError(path)
    return path


def read_mrpc_sentences(path: Path) -> list[str]:
    """Distinct sentences of the MRPC file (both columns), in file order."""
    seen: dict[str, None] = {}
    with require_mrpc(path).open(encoding="utf-8-sig", newline="") as handle:
        rows = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(rows, None)
        for row in rows:
            for sentence in row[3:5]:
                if sentence.strip():
                    seen.setdefault(sentence.strip(), None)
    return list(seen)


# --------------------------------------------------------------------------- tokens and exact similarity


def words_of(text: str) -> list[str]:
    """Normalised words, as compare tokenises an article body (folding the whole text first is faster)."""
    words = (w.strip("'") for w in _WORD.findall(text.translate(_QUOTE_FOLD).casefold()))
    return [w for w in words if w]


def _record(article_id: str, text: str) -> dict[str, str]:
    """A .jsonl record as an export holds it: the extracted body as "text", headline and credit beside it."""
    blocks = text.split("\n\n")
    credit = blocks[-1] if blocks[-1].startswith(CREDIT_PREFIX) else ""
    return {"id": article_id, "title": blocks[0], "text": body_of(text), "credit": credit}


def body_of(text: str) -> str:
    """The article body: without the headline (first line) and the credit line, which are not body text."""
    blocks = text.split("\n\n")[1:]
    if blocks and blocks[-1].startswith(CREDIT_PREFIX):
        blocks.pop()
    return "\n\n".join(blocks)


def shingles_of(text: str, k: int = SHINGLE) -> set[str]:
    """The exact k-word shingle set (a text shorter than k words is one shingle, as in compare)."""
    words = words_of(text)
    if not words:
        return set()
    if len(words) < k:
        return {" ".join(words)}
    return {" ".join(words[i : i + k]) for i in range(len(words) - k + 1)}


def exact_stats(a: set[str], b: set[str]) -> tuple[float, float, float, int]:
    """(jaccard, containment of a in b, containment of b in a, shared)."""
    shared = len(a & b)
    union = len(a) + len(b) - shared
    return (
        shared / union if union else 1.0,
        shared / len(a) if a else 0.0,
        shared / len(b) if b else 0.0,
        shared,
    )


def is_related(stats: tuple[float, float, float, int], threshold: float = THRESHOLD,
               containment: float = CONTAINMENT) -> bool:
    """compare's definition of near-duplicates."""
    jaccard, ca, cb, shared = stats
    return shared > 0 and (jaccard >= threshold or ca >= containment or cb >= containment)


# --------------------------------------------------------------------------- the sentence model


@dataclass
class SentenceModel:
    """Interpolated word trigram/bigram model over whitespace tokens of MRPC sentences.

    Sampling is vectorised over many sentences at once and uses only gathers:
    each table keeps the training continuations grouped by context, so a
    uniform pick inside a context's group is a draw in proportion to counts,
    and every continuation knows the trigram row of the context it leads to.
    """

    vocab: list[str]
    tri_start: np.ndarray
    tri_total: np.ndarray
    tri_next: np.ndarray
    tri_nextrow: np.ndarray
    bi_start: np.ndarray
    bi_total: np.ndarray
    bi_next: np.ndarray
    bi_nextrow: np.ndarray
    start_row: int
    unigram_cum: np.ndarray = field(repr=False)

    @classmethod
    def train(cls, sentences: Sequence[str]) -> SentenceModel:
        index: dict[str, int] = {w: i for i, w in enumerate(_SPECIAL)}
        streams = [[BOS, BOS, *(index.setdefault(w, len(index)) for w in s.split()), EOS] for s in sentences]
        ids = np.fromiter(itertools.chain.from_iterable(streams), dtype=np.int64)
        begins = np.cumsum([0] + [len(s) for s in streams[:-1]])
        valid = np.ones(len(ids), dtype=bool)
        valid[begins] = False  # the first two positions of each stream have no full history
        valid[begins + 1] = False
        pos = np.flatnonzero(valid)
        size = len(index)
        p2, p1, nxt = ids[pos - 2], ids[pos - 1], ids[pos]
        tri_key = p2 * size + p1
        order = np.argsort(tri_key, kind="stable")
        contexts, tri_start, tri_total = np.unique(tri_key[order], return_index=True, return_counts=True)

        def row_after(prev: np.ndarray, word: np.ndarray) -> np.ndarray:
            key = prev * size + word
            rows = np.minimum(np.searchsorted(contexts, key), len(contexts) - 1)
            return np.where(contexts[rows] == key, rows, -1)

        by_prev = np.argsort(p1, kind="stable")
        bi_total = np.bincount(p1, minlength=size)
        unigram = np.bincount(ids[ids > DOC], minlength=size)
        return cls(
            vocab=list(index),
            tri_start=tri_start, tri_total=tri_total, tri_next=nxt[order],
            tri_nextrow=row_after(p1[order], nxt[order]),
            bi_start=np.cumsum(bi_total) - bi_total, bi_total=bi_total, bi_next=nxt[by_prev],
            bi_nextrow=row_after(p1[by_prev], nxt[by_prev]),
            start_row=int(row_after(np.array([BOS]), np.array([BOS]))[0]),
            unigram_cum=np.cumsum(unigram),
        )

    def sample_sentences(self, rows: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        """Up to ``rows`` sentences as (flat word ids, lengths); too short or unended ones are dropped."""
        out = np.zeros((rows, MAX_SENTENCE), dtype=np.int32)
        lengths = np.full(rows, -1, dtype=np.int64)
        live = np.arange(rows)
        row = np.full(rows, self.start_row, dtype=np.int64)
        prev = np.full(rows, BOS, dtype=np.int64)
        for step in range(MAX_SENTENCE + 1):
            if live.size == 0:
                break
            uniform, coin = rng.random(live.size), rng.random(live.size)
            safe = np.maximum(row, 0)
            t_idx = self.tri_start[safe] + (uniform * self.tri_total[safe]).astype(np.int64)
            b_idx = np.minimum(self.bi_start[prev] + (uniform * self.bi_total[prev]).astype(np.int64),
                               len(self.bi_next) - 1)
            use_tri = (row >= 0) & ((coin < TRIGRAM_WEIGHT) | (prev == BOS) | (self.bi_total[prev] == 0))
            nxt = np.where(use_tri, self.tri_next[t_idx], self.bi_next[b_idx])
            row = np.where(use_tri, self.tri_nextrow[t_idx], self.bi_nextrow[b_idx])
            ended = nxt == EOS
            lengths[live[ended]] = step
            going = ~ended
            if step == MAX_SENTENCE:
                break
            out[live[going], step] = nxt[going]
            live, row, prev = live[going], row[going], nxt[going]
        keep = lengths >= MIN_SENTENCE
        kept_lengths = lengths[keep]
        mask = np.arange(MAX_SENTENCE)[None, :] < kept_lengths[:, None]
        return out[keep][mask], kept_lengths

    def sample_words(self, words: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        """Sentences totalling at least ``words`` words, as (flat ids, lengths)."""
        flats, lens, total = [], [], 0
        while total < words:
            flat, lengths = self.sample_sentences(max(64, int((words - total) / 16)), rng)
            flats.append(flat)
            lens.append(lengths)
            total += int(lengths.sum())
        return np.concatenate(flats), np.concatenate(lens)

    def random_words(self, count: int, rng: np.random.Generator) -> np.ndarray:
        """Words drawn by corpus frequency: what an editor's substitution looks like."""
        targets = rng.integers(0, int(self.unigram_cum[-1]), size=count)
        return np.searchsorted(self.unigram_cum, targets, side="right").astype(np.int32)


# --------------------------------------------------------------------------- exact shingle sets from word ids


class Normaliser:
    """Maps model word ids to compare's normalised tokens, so truth needs no re-tokenising of text.

    compare's token pattern never spans whitespace, so tokenising each
    whitespace-separated model word on its own gives exactly the tokens of the
    whole text; the builder checks this against :func:`shingles_of` on real
    texts before trusting it.
    """

    def __init__(self, vocab: Sequence[str]) -> None:
        self.ids: dict[str, int] = {}
        per_word = [[] if i <= DOC else [self._id(t) for t in words_of(w)] for i, w in enumerate(vocab)]
        self.count = np.array([len(t) for t in per_word], dtype=np.int64)
        self.start = np.cumsum(self.count) - self.count
        self.flat = np.fromiter(itertools.chain.from_iterable(per_word), dtype=np.int64)
        self._extra: dict[str, np.ndarray] = {}

    def _id(self, token: str) -> int:
        return self.ids.setdefault(token, len(self.ids))

    def text_tokens(self, text: str) -> np.ndarray:
        """Token ids of a short free text (dateline, credit line), cached."""
        found = self._extra.get(text)
        if found is None:
            found = np.array([self._id(t) for t in words_of(text)], dtype=np.int64)
            self._extra[text] = found
        return found

    def body_tokens(self, word_ids: np.ndarray) -> np.ndarray:
        """Token ids of a run of model words."""
        counts = self.count[word_ids]
        ends = np.cumsum(counts)
        total = int(ends[-1]) if len(ends) else 0
        gather = np.repeat(self.start[word_ids] - (ends - counts), counts) + np.arange(total)
        return self.flat[gather]

    def shingle_set(self, dateline: str, body: np.ndarray) -> np.ndarray:
        """Sorted distinct 64-bit hashes of the body's 5-shingles (the dateline opens the first paragraph)."""
        return hashed_shingles(np.concatenate([self.text_tokens(dateline), self.body_tokens(body)]))


def hashed_shingles(tokens: np.ndarray, k: int = SHINGLE) -> np.ndarray:
    """Sorted distinct hashes of k-token windows (a shorter text is one shingle, as in compare)."""
    if tokens.size == 0:
        return np.zeros(0, dtype=np.uint64)
    width = min(k, tokens.size)
    count = tokens.size - width + 1
    values = tokens.astype(np.uint64)
    key = np.full(count, width, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for offset in range(width):
            key = key * np.uint64(0x100000001B3) + values[offset : offset + count] + np.uint64(1)
        key ^= key >> np.uint64(33)
        key *= np.uint64(0xFF51AFD7ED558CCD)
        key ^= key >> np.uint64(29)
    key.sort()
    return key[np.concatenate(([True], key[1:] != key[:-1]))]


def array_stats(a: np.ndarray, b: np.ndarray) -> tuple[float, float, float, int]:
    """:func:`exact_stats` for sorted distinct hash arrays."""
    shared = int(np.intersect1d(a, b, assume_unique=True).size)
    union = a.size + b.size - shared
    return (shared / union if union else 1.0, shared / a.size if a.size else 0.0,
            shared / b.size if b.size else 0.0, shared)


# --------------------------------------------------------------------------- articles


@dataclass
class Article:
    """An article as paragraphs of sentences of word ids, plus its dateline and credit line."""

    headline: str
    paragraphs: list[list[np.ndarray]]
    dateline: str
    credit: str | None

    def body(self) -> np.ndarray:
        return np.concatenate([s for p in self.paragraphs for s in p])

    def render(self, vocab: np.ndarray) -> str:
        """Plain text: headline line, dateline on the first sentence, blank lines between paragraphs."""
        paras = [" ".join(vocab[np.concatenate(p)].tolist()) for p in self.paragraphs if p]
        paras[0] = f"{self.dateline} {paras[0]}"
        if self.credit:
            paras.append(self.credit)
        return "\n\n".join([self.headline, *paras])


def _dateline(rng: np.random.Generator) -> str:
    city, agency = CITIES[rng.integers(len(CITIES))], AGENCIES[rng.integers(len(AGENCIES))]
    return f"{city} ({agency}) -"


def _name(rng: np.random.Generator) -> str:
    return f"{FIRST[rng.integers(len(FIRST))]} {LAST[rng.integers(len(LAST))]}"


def _credit(rng: np.random.Generator) -> str:
    return f"{CREDIT_PREFIX}{_name(rng)}; Editing by {_name(rng)})"


def _datelines(count: int, rng: np.random.Generator) -> list[str]:
    """Many datelines at once (one RNG call per field, not per article)."""
    cities, agencies = rng.integers(len(CITIES), size=count), rng.integers(len(AGENCIES), size=count)
    return [f"{CITIES[c]} ({AGENCIES[a]}) -" for c, a in zip(cities.tolist(), agencies.tolist(), strict=True)]


def _credits(count: int, rng: np.random.Generator) -> list[str]:
    """Many credit lines at once."""
    f1, l1, f2, l2 = (rng.integers(len(names), size=count).tolist() for names in (FIRST, LAST, FIRST, LAST))
    return [
        f"{CREDIT_PREFIX}{FIRST[a]} {LAST[b]}; Editing by {FIRST[c]} {LAST[d]})"
        for a, b, c, d in zip(f1, l1, f2, l2, strict=True)
    ]


@dataclass
class BaseBatch:
    """A batch of base articles laid out in flat arrays (no per-sentence Python objects)."""

    flat: np.ndarray  # word ids of all sentences
    offsets: np.ndarray  # start of each sentence in flat
    lengths: np.ndarray  # words per sentence
    doc_start: np.ndarray  # first sentence of each article
    doc_end: np.ndarray  # one past its last sentence
    breaks: np.ndarray  # paragraph break after this sentence
    headlines: list[str]
    datelines: list[str]
    credits: list[str]
    texts: list[str]
    spare: int  # first sentence not used by any article (a pool for edits)

    def body(self, doc: int) -> np.ndarray:
        first, last = int(self.doc_start[doc]), int(self.doc_end[doc]) - 1
        return self.flat[self.offsets[first] : self.offsets[last] + self.lengths[last]]

    def sentence(self, index: int) -> np.ndarray:
        return self.flat[self.offsets[index] : self.offsets[index] + self.lengths[index]]

    def article(self, doc: int) -> Article:
        paragraphs: list[list[np.ndarray]] = [[]]
        for index in range(int(self.doc_start[doc]), int(self.doc_end[doc])):
            paragraphs[-1].append(self.sentence(index))
            if self.breaks[index]:
                paragraphs.append([])
        return Article(self.headlines[doc], [p for p in paragraphs if p], self.datelines[doc], self.credits[doc])


def base_batch(model: SentenceModel, vocab: np.ndarray, count: int, extra_words: int,
               rng: np.random.Generator) -> BaseBatch:
    """``count`` base articles of about TARGET_WORDS words, rendered to text in one join."""
    targets = np.clip(rng.normal(TARGET_WORDS, SPREAD_WORDS, count), 300, 900).astype(np.int64)
    flat, lengths = model.sample_words(int(targets.sum()) + extra_words, rng)
    offsets = np.cumsum(lengths) - lengths
    doc_end = np.searchsorted(np.cumsum(lengths), np.cumsum(targets), side="left") + 1
    doc_start = np.concatenate([[0], doc_end[:-1]])
    breaks = rng.random(len(lengths)) < PARAGRAPH_BREAK
    breaks[doc_end - 1] = True
    used = int(doc_end[-1])
    stream_end = int(offsets[used - 1] + lengths[used - 1])
    is_last = np.zeros(used, dtype=bool)
    is_last[doc_end - 1] = True
    mark = breaks[:used]
    token = np.where(is_last[mark], DOC, PARA)
    stream = np.insert(flat[:stream_end], (offsets[:used] + lengths[:used])[mark], token)
    joined = " ".join(vocab[stream].tolist()).replace(" \n\n ", "\n\n").removesuffix(" \x00")
    bodies = joined.split(" \x00 ")
    if len(bodies) != count:
        raise RuntimeError(f"rendered {len(bodies)} bodies for {count} articles")
    headlines, datelines, credits = _headlines(model, vocab, count, rng), _datelines(count, rng), _credits(count, rng)
    texts = [f"{h}\n\n{d} {b}\n\n{c}" for h, d, b, c in zip(headlines, datelines, bodies, credits, strict=True)]
    return BaseBatch(flat, offsets, lengths, doc_start, doc_end, breaks, headlines, datelines, credits, texts, used)


def _headlines(model: SentenceModel, vocab: np.ndarray, count: int, rng: np.random.Generator) -> list[str]:
    """Headline lines: the first 6-12 words of fresh sentences, without closing punctuation."""
    found: list[str] = []
    while len(found) < count:
        flat, lengths = model.sample_sentences(count - len(found) + 16, rng)
        starts = np.cumsum(lengths) - lengths
        keep = np.minimum(lengths, rng.integers(6, 13, size=len(lengths)))
        found.extend(" ".join(vocab[flat[s : s + k]].tolist()).rstrip(".,;:") for s, k in
                     zip(starts.tolist(), keep.tolist(), strict=True))
    return found[:count]


def edited_reprint(base: Article, fresh: list[np.ndarray], model: SentenceModel, vocab: np.ndarray,
                   rng: np.random.Generator) -> Article:
    """3-5% of words substituted, a sentence or two dropped or added, dateline and credit changed,
    and half the time a new headline."""
    paragraphs = [[s.copy() for s in p] for p in base.paragraphs]
    places = [(i, j) for i, p in enumerate(paragraphs) for j in range(len(p))]
    for _ in range(int(rng.integers(0, 3))):  # drop 0-2 sentences
        i, j = places.pop(int(rng.integers(len(places))))
        paragraphs[i][j] = paragraphs[i][j][:0]
    sentences = [s for p in paragraphs for s in p]
    sizes = np.array([len(s) for s in sentences])
    total = int(sizes.sum())
    subs = round(total * rng.uniform(0.03, 0.05))
    owners = np.repeat(np.arange(len(sizes)), sizes)
    offsets = np.cumsum(sizes) - sizes
    positions = rng.choice(total, size=subs, replace=False)
    for pos, word in zip(positions.tolist(), model.random_words(subs, rng).tolist(), strict=True):
        owner = int(owners[pos])
        sentences[owner][pos - offsets[owner]] = word
    for _ in range(int(rng.integers(0, 3))):  # add 0-2 sentences (an update, a quote)
        paragraphs.insert(int(rng.integers(1, len(paragraphs) + 1)), [fresh.pop()])
    paragraphs = [[s for s in p if len(s)] for p in paragraphs]
    credit = _credit(rng) if rng.random() < 0.7 else None
    headline = base.headline if rng.random() < 0.5 else _headlines(model, vocab, 1, rng)[0]
    return Article(headline, [p for p in paragraphs if p], _dateline(rng), credit)


def truncated_reprint(base: Article, rng: np.random.Generator) -> Article:
    """The first 30-50% of the paragraphs, sometimes with the credit line kept."""
    keep = max(1, int(np.ceil(len(base.paragraphs) * rng.uniform(0.3, 0.5))))
    return Article(base.headline, base.paragraphs[:keep], base.dateline, base.credit if rng.random() < 0.5 else None)


# --------------------------------------------------------------------------- corpus and truth


@dataclass(frozen=True)
class CorpusFiles:
    """Where a built corpus lives."""

    jsonl: Path
    truth: Path
    docs: int
    seed: int


def corpus_files(workdir: Path, docs: int, seed: int) -> CorpusFiles:
    """File names that encode N, seed and generator version, so reuse is safe."""
    stem = f"corpus-{docs}-s{seed}-v{GENERATOR_VERSION}"
    return CorpusFiles(workdir / f"{stem}.jsonl", workdir / f"{stem}.truth.json", docs, seed)


def _batch_plan(docs: int) -> Iterator[tuple[int, int, int]]:
    """(batch index, base articles, reprints) per batch; reprints copy bases of their own batch."""
    done = 0
    for index in itertools.count():
        if done >= docs:
            return
        size = min(BATCH_DOCS, docs - done)
        reprints = min(round(size * REPRINT_SHARE), size - 1)
        yield index, size - reprints, reprints
        done += size


@dataclass
class Doc:
    """One article of a batch: its kind, the base it derives from, its text and exact shingle set."""

    kind: str
    source: int
    text: str
    shingles: np.ndarray


def _group_truth(ids: list[str], docs: list[Doc]) -> tuple[list[list], int]:
    """True pairs of one base's group, computed exactly; also how many group pairs fall short."""
    pairs, short = [], 0
    for x, y in itertools.combinations(range(len(ids)), 2):
        a, b = (x, y) if ids[x] < ids[y] else (y, x)
        stats = array_stats(docs[a].shingles, docs[b].shingles)
        if not is_related(stats):
            short += 1
            continue
        kind = next(k for k in ("truncated", "edited", "exact") if k in (docs[a].kind, docs[b].kind))
        pairs.append([ids[a], ids[b], kind, round(stats[0], 4), round(stats[1], 4), round(stats[2], 4)])
    return pairs, short


def _self_check(docs: list[Doc], rng: np.random.Generator, samples: int = 60) -> None:
    """The id-based shingle sets must give the same figures as tokenising the text (compare's way)."""
    reprints = [d for d in docs if d.kind != "base"][:samples]
    for doc in reprints:
        base = docs[doc.source]
        expected = exact_stats(shingles_of(body_of(doc.text)), shingles_of(body_of(base.text)))
        if array_stats(doc.shingles, base.shingles) != expected:
            raise RuntimeError(f"shingle sets from word ids disagree with the text for a {doc.kind} reprint")
    for _ in range(samples):
        a, b = rng.choice(len(docs), size=2, replace=False).tolist()
        if array_stats(docs[a].shingles, docs[b].shingles) != exact_stats(shingles_of(body_of(docs[a].text)),
                                                                        shingles_of(body_of(docs[b].text))):
            raise RuntimeError("shingle sets from word ids disagree with the text for a random pair")


def _random_pair_similarity(sets: list[np.ndarray], rng: np.random.Generator,
                            samples: int = 5000) -> dict[str, float]:
    """Exact Jaccard of random pairs of distinct base articles: should be ~0 for a realistic corpus."""
    jaccards, shared = [], []
    for _ in range(samples if len(sets) > 1 else 0):
        a, b = rng.choice(len(sets), size=2, replace=False).tolist()
        stats = array_stats(sets[a], sets[b])
        jaccards.append(stats[0])
        shared.append(stats[3])
    return {
        "pairs": len(jaccards),
        "mean_jaccard": float(np.mean(jaccards)) if jaccards else 0.0,
        "max_jaccard": float(np.max(jaccards)) if jaccards else 0.0,
        "mean_shared": float(np.mean(shared)) if shared else 0.0,
    }


def _batch_docs(model: SentenceModel, vocab: np.ndarray, norm: Normaliser, n_base: int, n_reprint: int,
                rng: np.random.Generator, everything: bool = False) -> list[Doc]:
    """Bases first (index = position), then reprints, each with its exact shingle set."""
    batch = base_batch(model, vocab, n_base, 60 * n_reprint + 400, rng)
    docs = [Doc("base", i, text, np.zeros(0, dtype=np.uint64)) for i, text in enumerate(batch.texts)]
    fresh = [batch.sentence(i) for i in range(batch.spare, len(batch.lengths))]
    sources = rng.integers(0, n_base, size=n_reprint)
    kinds = rng.choice(list(KIND_SHARES), size=n_reprint, p=list(KIND_SHARES.values()))
    for source, kind in zip(sources.tolist(), kinds.tolist(), strict=True):
        if kind == "exact":
            docs.append(Doc(kind, source, batch.texts[source], np.zeros(0, dtype=np.uint64)))
            continue
        if len(fresh) < 2:
            extra_flat, extra_lengths = model.sample_words(2000, rng)
            fresh.extend(np.split(extra_flat, np.cumsum(extra_lengths)[:-1]))
        base = batch.article(source)
        article = edited_reprint(base, fresh, model, vocab, rng) if kind == "edited" else truncated_reprint(base, rng)
        docs.append(Doc(kind, source, article.render(vocab), norm.shingle_set(article.dateline, article.body())))
    needed = set(sources.tolist()) | (set(range(n_base)) if everything else set())
    for i in needed:  # only bases that have reprints need their set (and all in the measured batch)
        docs[i].shingles = norm.shingle_set(batch.datelines[i], batch.body(i))
    for doc in docs[n_base:]:
        if doc.kind == "exact":
            doc.shingles = docs[doc.source].shingles
    return docs


@dataclass
class BatchResult:
    """What one batch hands back to the writer: its .jsonl lines and its part of the truth."""

    index: int
    lines: str
    pairs: list[list]
    short: int
    kinds: dict[str, int]
    random_pairs: dict[str, float] | None


_WORKER: dict[str, object] = {}


def _init_worker(mrpc: Path, docs: int, seed: int) -> None:
    """Train the model once per process (cheap) instead of pickling it to each batch."""
    model = SentenceModel.train(read_mrpc_sentences(mrpc))
    _WORKER.update(model=model, vocab=np.array(model.vocab, dtype=object), norm=Normaliser(model.vocab),
                   ids=np.random.default_rng([seed, 1 << 30]).permutation(docs),  # ids shuffled vs file order
                   width=len(str(docs - 1)), seed=seed)


def _make_batch(plan: tuple[int, int, int]) -> BatchResult:
    """One batch, fully determined by (seed, batch index), so batches can run in any process."""
    index, n_base, n_reprint = plan
    model, vocab, norm = _WORKER["model"], _WORKER["vocab"], _WORKER["norm"]
    doc_ids, width = _WORKER["ids"], _WORKER["width"]
    assert isinstance(model, SentenceModel) and isinstance(norm, Normaliser)
    assert isinstance(vocab, np.ndarray) and isinstance(doc_ids, np.ndarray)
    rng = np.random.default_rng([int(_WORKER["seed"]), index])  # type: ignore[call-overload]
    docs = _batch_docs(model, vocab, norm, n_base, n_reprint, rng, everything=index == 0)
    random_pairs = None
    if index == 0:
        _self_check(docs, rng)
        random_pairs = _random_pair_similarity([d.shingles for d in docs[:n_base]], rng)
    first = index * BATCH_DOCS
    ids = [f"d{doc_ids[first + k]:0{width}d}" for k in range(len(docs))]
    lines = "".join(
        json.dumps(_record(ids[k], docs[k].text), ensure_ascii=False) + "\n"
        for k in rng.permutation(len(docs)).tolist()
    )
    groups: dict[int, list[int]] = {}
    kinds = dict.fromkeys(("base", *KIND_SHARES), 0)
    for k, doc in enumerate(docs):
        kinds[doc.kind] += 1
        if doc.kind != "base":
            groups.setdefault(doc.source, [doc.source]).append(k)
    pairs, short = [], 0
    for members in groups.values():
        group_pairs, group_short = _group_truth([ids[k] for k in members], [docs[k] for k in members])
        pairs.extend(group_pairs)
        short += group_short
    return BatchResult(index, lines, pairs, short, kinds, random_pairs)


def build(files: CorpusFiles, mrpc: Path, verbose: bool = True, jobs: int = 2) -> dict:
    """Write the .jsonl (streamed in batch order, batches made by ``jobs`` processes), then its truth."""
    started = time.perf_counter()
    files.jsonl.parent.mkdir(parents=True, exist_ok=True)
    plan = list(_batch_plan(files.docs))
    truth_pairs: list[list] = []
    short_pairs = 0
    kind_counts = dict.fromkeys(("base", *KIND_SHARES), 0)
    random_pairs: dict[str, float] = {}
    written = 0
    partial = files.jsonl.with_name(files.jsonl.name + ".partial")
    init_args = (mrpc, files.docs, files.seed)
    with partial.open("w", encoding="utf-8") as out, _batches(jobs, init_args, plan) as results:
        for result in results:
            out.write(result.lines)
            truth_pairs.extend(result.pairs)
            short_pairs += result.short
            for kind, count in result.kinds.items():
                kind_counts[kind] += count
                written += count
            random_pairs = result.random_pairs or random_pairs
            if verbose and (result.index + 1) % 10 == 0:
                print(f"  corpus: {written:,} / {files.docs:,} articles ({time.perf_counter() - started:.0f} s)",
                      file=sys.stderr)
    os.replace(partial, files.jsonl)
    truth = {
        "generator_version": GENERATOR_VERSION,
        "docs": files.docs,
        "seed": files.seed,
        "shingle_size": SHINGLE,
        "threshold": THRESHOLD,
        "containment": CONTAINMENT,
        "kinds": kind_counts,
        "group_pairs_below_definition": short_pairs,
        "random_unrelated_pairs": random_pairs,
        "build_seconds": round(time.perf_counter() - started, 1),
        "pairs": sorted(truth_pairs),
    }
    files.truth.write_text(json.dumps(truth), encoding="utf-8")
    return truth


@contextmanager
def _batches(jobs: int, init_args: tuple[Path, int, int],
             plan: list[tuple[int, int, int]]) -> Iterator[Iterator[BatchResult]]:
    """Batch results in plan order, from a process pool when there is more than one job."""
    if jobs <= 1 or len(plan) == 1:
        _init_worker(*init_args)
        yield (_make_batch(p) for p in plan)
        return
    with multiprocessing.get_context("spawn").Pool(jobs, _init_worker, init_args) as pool:
        yield pool.imap(_make_batch, plan)


def ensure_corpus(docs: int, workdir: Path = DEFAULT_WORKDIR, seed: int = DEFAULT_SEED,
                  mrpc: Path = DEFAULT_MRPC, verbose: bool = True, jobs: int = 2,
                  shared: bool = False) -> tuple[CorpusFiles, dict]:
    """The corpus for (docs, seed), built once and reused (the truth file is written last).

    ``shared``: the stress corpus of shared_corpus.py, whose unrelated articles share sentences.
    """
    if shared:
        import shared_corpus

        return shared_corpus.ensure(docs, workdir, seed, mrpc, verbose, jobs)
    files = corpus_files(workdir, docs, seed)
    if files.jsonl.is_file() and files.truth.is_file():
        truth = json.loads(files.truth.read_text(encoding="utf-8"))
        if truth.get("generator_version") == GENERATOR_VERSION and truth.get("docs") == docs:
            if verbose:
                print(f"reusing corpus {files.jsonl}", file=sys.stderr)
            return files, truth
    require_mrpc(mrpc)
    if verbose:
        print(f"building corpus of {docs:,} articles in {files.jsonl} (seed {seed}) ...", file=sys.stderr)
    return files, build(files, mrpc, verbose, jobs)


def describe(files: CorpusFiles, truth: dict) -> str:
    """A few lines saying what the corpus is, for the benchmark output."""
    kinds = truth["kinds"]
    by_kind: dict[str, int] = {}
    for pair in truth["pairs"]:
        by_kind[pair[2]] = by_kind.get(pair[2], 0) + 1
    rnd = truth["random_unrelated_pairs"]
    cross = ""
    if "cross_group" in truth:
        import shared_corpus

        cross = shared_corpus.describe_cross(truth)
    return "\n".join(line for line in [
        f"corpus: {files.jsonl} ({files.jsonl.stat().st_size / 1e6:,.0f} MB, {truth['docs']:,} articles, "
        f"seed {truth['seed']}, built in {truth['build_seconds']} s)",
        f"  articles: {kinds['base']:,} base, {kinds['exact']:,} exact, {kinds['edited']:,} edited, "
        f"{kinds['truncated']:,} truncated reprints",
        f"  true pairs (exact {truth['shingle_size']}-shingle Jaccard >= {truth['threshold']} or containment >= "
        f"{truth['containment']}): {len(truth['pairs']):,} "
        f"({', '.join(f'{k} {v:,}' for k, v in sorted(by_kind.items()))}); "
        f"{truth['group_pairs_below_definition']:,} pairs of reprints of one base fall short of the definition",
        f"  random unrelated base pairs ({rnd['pairs']:,} sampled): mean exact Jaccard {rnd['mean_jaccard']:.5f}, "
        f"max {rnd['max_jaccard']:.4f}, mean shared shingles {rnd['mean_shared']:.2f}",
        cross,
    ] if line)


def add_corpus_arguments(parser: argparse.ArgumentParser) -> None:
    """Options every benchmark shares for finding or building its corpus."""
    parser.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR,
                        help=f"where corpora are written and reused (default {DEFAULT_WORKDIR})")
    parser.add_argument("--mrpc", type=Path, default=DEFAULT_MRPC, help=f"MRPC training file (default {DEFAULT_MRPC})")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="corpus seed")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1),
                        help="processes building the corpus (the result does not depend on it)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=20_000, help="number of articles (default 20000)")
    parser.add_argument("--shared-sentences", action="store_true",
                        help="the stress corpus: base articles of whole MRPC sentences from one pool, boilerplate")
    add_corpus_arguments(parser)
    args = parser.parse_args(argv)
    try:
        files, truth = ensure_corpus(args.docs, args.workdir, args.seed, args.mrpc, jobs=args.jobs,
                                     shared=args.shared_sentences)
    except MissingDataError:
        return 2
    print(describe(files, truth))
    print(f"truth: {files.truth}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
