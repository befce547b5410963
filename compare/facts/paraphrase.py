"""Do two sentences state the same fact? A small logistic regression over lexical features.

The features are the ones a reader uses to spot a reworded fact: how many
words and word pairs the sentences share (lemmatised with simplemma, weighted
by rarity with wordfreq so "Kurils" counts for more than "the"), rapidfuzz's
token-set/sort and partial ratios, whether numbers and names agree, and how
different the lengths are. The weights were fitted on the MRPC training file
with ``python benchmarks/mrpc.py --fit`` (which prints the constants below
and their 10-fold cross-validated accuracy and F1); nothing is learned or
downloaded at run time.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import simplemma
from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq
from wordfreq import zipf_frequency

from compare.facts.lexicon import ATTRIBUTION_VERBS, NUMBER_WORDS, STOPWORDS
from compare.facts.synonyms import normalise
from compare.typography import fold_apostrophes

_WORD = re.compile(r"\w+(?:[.,'’]\w+)*")
_NUMBER = re.compile(r"^\d[\d.,]*$")
_NEGATIONS = frozenset({"not", "no", "never", "n't", "nothing", "none", "nor"})
# Where a sentence's clauses part: punctuation and the words opening a subordinate clause.
_CLAUSE = re.compile(r"[,;:()\"“”—]|--| - |\b(?:which|who|while|after|when|whereas|because|although|but)\b",
                     re.IGNORECASE)
_SAYING = ATTRIBUTION_VERBS | frozenset(simplemma.lemmatize(verb, lang="en") for verb in ATTRIBUTION_VERBS)
UNMATCHED_CLAUSE = 1 / 3  # share of a clause's informative words below which the other sentence lacks it
MIN_CLAUSE_WORDS = 5  # a shorter clause is a fragment, not a fact of its own ("on Tuesday morning")
MOST_OF_SENTENCE = 2 / 3  # a clause longer than this share of its sentence is the sentence, not a part of it
UNREPORTED_WEIGHT = 10.0  # rarity weight of a clause's unreported words from which it is news (three rare words)

THRESHOLD = 0.47  # probability above which two sentences state the same fact (tuned by CV on MRPC train)


@dataclass(frozen=True)
class Prepared:
    """A sentence reduced to what the features need; cached because the aligner scores every pair."""

    words: tuple[str, ...]
    lemmas: tuple[str, ...]
    content: tuple[str, ...]
    names: frozenset[str]
    numbers: frozenset[str]
    negated: bool


@lru_cache(maxsize=1 << 16)
def lemma(word: str) -> str:
    return simplemma.lemmatize(word, lang="en")


@lru_cache(maxsize=1 << 16)
def idf(word: str) -> float:
    """Rarity of a word from its Zipf frequency: "the" ~1, "Kurils" ~8."""
    return max(1.0, 8.0 - zipf_frequency(word, "en"))


def load_tables() -> None:
    """Load the lemma and word-frequency tables now (both load on first use, ~0.5 s).

    Called before forking workers, so they share one copy instead of each
    loading its own.
    """
    lemma("meetings")
    idf("meetings")


@lru_cache(maxsize=1 << 14)
def prepare(sentence: str) -> Prepared:
    raw = _WORD.findall(sentence)
    words = tuple(fold_apostrophes(w.lower()) for w in raw)
    lemmas = tuple(lemma(w) for w in words)
    names = frozenset(w.lower() for i, w in enumerate(raw) if i > 0 and w[0].isupper() and w.lower() not in STOPWORDS)
    numbers = frozenset(w.replace(",", "") for w in words if _NUMBER.match(w)) | frozenset(
        str(NUMBER_WORDS[w]) for w in words if w in NUMBER_WORDS and w not in ("a", "an"))  # "three" is 3
    negated = any(w in _NEGATIONS or w.endswith("n't") for w in words)
    content = normalise(tuple(w for w in lemmas if w not in STOPWORDS))  # "landed" meets "arrived"
    return Prepared(words, lemmas, content, names, numbers, negated)


def _jaccard(a: object, b: object) -> float:
    a, b = set(a), set(b)  # type: ignore[call-overload]
    return len(a & b) / len(a | b) if a | b else 1.0


def _ngrams(seq: tuple[str, ...], n: int) -> set[tuple[str, ...]]:
    return {seq[i : i + n] for i in range(len(seq) - n + 1)}


def _precisions(a: tuple[str, ...], b: tuple[str, ...], n: int) -> list[float]:
    grams_a, grams_b = _ngrams(a, n), _ngrams(b, n)
    if not grams_a or not grams_b:
        return [1.0, 1.0]
    shared = len(grams_a & grams_b)
    pa, pb = shared / len(grams_a), shared / len(grams_b)
    return [min(pa, pb), max(pa, pb)]


def _weight(words: set[str]) -> float:
    return sum(idf(w) for w in words)


def _idf_features(a: Prepared, b: Prepared) -> list[float]:
    set_a, set_b = set(a.content), set(b.content)
    shared = _weight(set_a & set_b)
    cover_a, cover_b = shared / max(_weight(set_a), 1e-9), shared / max(_weight(set_b), 1e-9)
    union = shared / max(_weight(set_a | set_b), 1e-9)
    left_a, left_b = _weight(set_a - set_b), _weight(set_b - set_a)
    bi_a, bi_b = _ngrams(a.content, 2), _ngrams(b.content, 2)
    bi_weight = lambda grams: sum(idf(x) + idf(y) for x, y in grams)  # noqa: E731
    if bi_a and bi_b:
        shared_bi = bi_weight(bi_a & bi_b)
        bigram = [shared_bi / max(bi_weight(bi_a), 1e-9), shared_bi / max(bi_weight(bi_b), 1e-9)]
    else:
        bigram = [1.0, 1.0]
    return [min(cover_a, cover_b), max(cover_a, cover_b), union, min(left_a, left_b) / 20,
            max(left_a, left_b) / 20, *bigram]


def _fact_features(a: Prepared, b: Prepared) -> list[float]:
    any_numbers = bool(a.numbers or b.numbers)
    return [
        float(any_numbers), float(a.numbers == b.numbers), _jaccard(a.numbers, b.numbers) if any_numbers else 1.0,
        float(bool(a.numbers ^ b.numbers)), float(bool(a.numbers) and bool(b.numbers) and a.numbers != b.numbers),
        _jaccard(a.names, b.names) if a.names | b.names else 1.0, len(a.names ^ b.names) / 5,
        _weight(set(a.names ^ b.names)) / 20, float(a.negated != b.negated),
    ]


def _lacks_a_clause(sentence: str, other: Prepared) -> bool:
    """Whether a clause of ``sentence`` is missing from the other: less than ``UNMATCHED_CLAUSE`` of its
    informative words found there. Attribution clauses (", the official said") do not count: outlets
    drop and add them freely while stating the same fact; an extra clause of content is a further fact."""
    found = set(other.content)
    for clause in _CLAUSE.split(sentence):
        part = prepare(clause) if clause and not clause.isspace() else None
        if not part or not part.content or (set(part.lemmas) & _SAYING and len(part.content) <= 6):
            continue
        if _weight(set(part.content) & found) < UNMATCHED_CLAUSE * _weight(set(part.content)):
            return True
    return False


def _inside_number(text: str, start: int, end: int) -> bool:
    """A "," or ":" between digits ("1,300", "2:12 a.m.") joins a number; it parts no clauses."""
    return end - start == 1 and start > 0 and end < len(text) and text[start - 1].isdigit() and text[end].isdigit()


def said_words(texts: Iterable[str]) -> frozenset[str]:
    """The informative words (lemmas, synonyms joined) of some sentences: what :func:`unreported_clause`
    counts as said. Built once per article for all of its sentences."""
    return frozenset(w for text in texts for w in prepare(text).content)


def unreported_clause(sentence: str, found: frozenset[str]) -> tuple[int, int] | None:
    """The (start, end) in ``sentence`` of its longest clause the others do not state (``found``: their
    :func:`said_words`): less than ``UNMATCHED_CLAUSE`` of its informative words other than names found
    there (the names say what it is about, the rest what it says), the others worth ``UNREPORTED_WEIGHT``,
    at least ``MIN_CLAUSE_WORDS`` words and not an attribution ("local media reported"). None when every
    clause is reported elsewhere."""
    best: tuple[int, int] | None = None
    cuts = [m for m in _CLAUSE.finditer(sentence) if not _inside_number(sentence, m.start(), m.end())]
    bounds = [0, *(x for m in cuts for x in (m.start(), m.end())), len(sentence)]
    whole = len(prepare(sentence).words)
    for start, end in zip(bounds[::2], bounds[1::2], strict=True):
        part = prepare(sentence[start:end])
        if len(part.words) < MIN_CLAUSE_WORDS or (set(part.lemmas) & _SAYING and len(part.content) <= 6):
            continue
        if len(part.words) > MOST_OF_SENTENCE * whole:
            continue  # most of the sentence: it is the aligned fact itself, however loosely others put it
        words = {w for w in part.content if w.lower() not in part.names}  # names place it; the rest is news
        unreported = _weight(words - found) >= UNREPORTED_WEIGHT
        if unreported and _weight(words & found) < UNMATCHED_CLAUSE * _weight(words) and (
                best is None or end - start > best[1] - best[0]):
            best = (start, end)
    if best is None:
        return None
    text = sentence[best[0]:best[1]]
    return best[0] + len(text) - len(text.lstrip(" ,;:")), best[1] - (len(text) - len(text.rstrip(" ,;:.")))


def features(s1: str, s2: str) -> list[float]:
    """The feature vector of a sentence pair, symmetric in its two sentences."""
    a, b = prepare(s1), prepare(s2)
    j1, j2 = " ".join(a.words), " ".join(b.words)
    fuzzy = [fuzz.token_set_ratio(j1, j2) / 100, fuzz.token_sort_ratio(j1, j2) / 100,
             fuzz.partial_ratio(j1, j2) / 100, fuzz.ratio(j1, j2) / 100,
             fuzz.partial_token_sort_ratio(" ".join(a.lemmas), " ".join(b.lemmas)) / 100]
    overlap = [_jaccard(a.words, b.words), _jaccard(a.lemmas, b.lemmas), _jaccard(a.content, b.content)]
    for n in (1, 2, 3, 4):
        overlap += _precisions(a.lemmas, b.lemmas, n)
    overlap.append(LCSseq.normalized_similarity(a.lemmas, b.lemmas))
    la, lb = len(a.words), len(b.words)
    length = [min(la, lb) / max(la, lb, 1), abs(la - lb) / 10, (la + lb) / 60]
    idf_part = _idf_features(a, b)
    squares = [idf_part[0] ** 2, idf_part[1] ** 2, idf_part[0] * idf_part[1], fuzzy[0] ** 2]
    extra_clause = [float(_lacks_a_clause(s1, b) or _lacks_a_clause(s2, a))]
    return fuzzy + overlap + idf_part + _fact_features(a, b) + length + squares + extra_clause


# Fitted by benchmarks/mrpc.py --fit on msr_paraphrase_train.txt (L2 = 10, features standardised).
MEANS: tuple[float, ...] = (
    0.836804, 0.746717, 0.776303, 0.721343, 0.753329, 0.515641, 0.538205, 0.536295,
    0.636937, 0.742454, 0.453571, 0.539138, 0.351209, 0.421762, 0.280763, 0.340795,
    0.585434, 0.623334, 0.748286, 0.534988, 0.452359, 0.808008, 0.470086, 0.469336,
    0.51104, 0.691119, 0.74083, 0.308881, 0.203631, 0.560777, 0.347448, 0.346097,
    0.0429342, 0.850997, 0.309936, 0.639283, 0.41771, 0.592078, 0.491918, 0.710502,
    0.483562,
)
SCALES: tuple[float, ...] = (
    0.101293, 0.101673, 0.109275, 0.116588, 0.0961134, 0.167555, 0.171668, 0.185555,
    0.147957, 0.15678, 0.192093, 0.219531, 0.211425, 0.248191, 0.216505, 0.258444,
    0.15063, 0.170774, 0.179294, 0.191723, 0.368994, 0.427294, 0.232997, 0.231445,
    0.499878, 0.462032, 0.409154, 0.462032, 0.402698, 0.379183, 0.365886, 0.375643,
    0.202709, 0.100023, 0.225479, 0.159971, 0.210535, 0.251702, 0.21838, 0.165803,
    0.49973,
)
WEIGHTS: tuple[float, ...] = (
    -0.0489031, 0.183326, -0.461012, 0.753251, 0.231292, 0.137196, 0.203668, 0.461132,
    -0.110112, 0.0378997, 0.331619, -0.0834795, 0.0281431, -0.28705, 0.032307, -0.108048,
    0.386112, -0.166613, 0.0147851, -0.0740407, -0.188691, -0.0757689, -0.364024, -0.342314,
    0.0772302, 0.010676, 0.105106, -0.010676, -0.170629, -0.0218732, 0.241865, -0.14776,
    -0.235951, -0.308026, -0.433862, 0.109855, 0.227579, 0.151123, -0.0656906, -0.0815315,
    -0.260616,
)
BIAS = 1.13294


def probability(s1: str, s2: str) -> float:
    """Probability that the two sentences state the same fact."""
    x = (np.asarray(features(s1, s2)) - np.asarray(MEANS)) / np.asarray(SCALES)
    z = float(x @ np.asarray(WEIGHTS)) + BIAS
    return 1.0 / (1.0 + math.exp(-z))


def same_fact(s1: str, s2: str) -> tuple[bool, float]:
    """Whether two sentences state the same fact, and the model's probability that they do."""
    p = probability(s1, s2)
    return p >= THRESHOLD, p
