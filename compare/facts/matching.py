"""Align the fact units of two articles and label what they share.

MRPC-style paraphrase scores are tuned for sentences that say the same
thing in full; across outlets one sentence often carries a fact plus
context, so the aligner adds a coverage score: the share of a sentence's
informative words found in the other. A word is informative when it is rare
in English (wordfreq) *and* in this pair of articles: names and words every
sentence of the story repeats ("Putin", "talks") identify the topic, not the
fact, so they weigh little; reporting verbs weigh nothing. The score of a
pair is the larger of the "same fact" probability and that coverage score.

Units are matched one to one greedily by score, then a unit left over joins
the group of a partner it is mostly covered by (one long sentence carrying
two facts of the other article). Conflicts within an aligned group come from
``compare.facts.slots``: a number, date or name conflicts only in the same slot.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz

from compare.facts import lexicon as lx
from compare.facts import slots
from compare.facts.framing import aligned_framing, framing_between, quotes_only
from compare.facts.paraphrase import THRESHOLD, idf, lemma, prepare, probability
from compare.facts.synonyms import synonym
from compare.facts.values import Conflict, FactComparison, FactUnit, OnlyFact, SharedFact, Units
from compare.models import Article
from compare.typography import fold_apostrophes

ALIGN = 0.30  # pair score above which two units state the same fact
ATTACH = 0.25  # lower score at which a leftover unit joins an aligned group (one-to-many)
SAME_WORDING = 90.0  # rapidfuzz ratio of the normalised sentences for "same wording"
NAME_WEIGHT = 0.3  # weight of names and titles that recur in the pair (the topic, not the fact)
COVERAGE_FLOOR = 0.1  # below this coverage a pair's score is its coverage, and it cannot align


@dataclass(frozen=True)
class PairScore:
    """Score of one unit pair and how much of each sentence the other covers."""

    score: float
    cover_a: float
    cover_b: float


@lru_cache(maxsize=1 << 16)
def _content_words(sentence: str) -> frozenset[str]:
    """Lemmas of a sentence's content words, reporting verbs left out; memoised across pairs."""
    return frozenset(w.lower() for w in prepare(sentence).content) - _VERBS


_VERBS = frozenset(synonym(lemma(v).lower()) for v in lx.ATTRIBUTION_VERBS)


def _unit_words(unit: FactUnit) -> frozenset[str]:
    """A unit's content words, plus the people its titles and epithets stand for ("the Russian president": putin)."""
    described = frozenset(e.key for e in unit.entities if e.kind == "person" and e.text.lower().startswith("the "))
    return _content_words(unit.text) | described


class Scorer:
    """Scores unit pairs of two articles with weights learned from those articles."""

    def __init__(self, units_a: tuple[FactUnit, ...], units_b: tuple[FactUnit, ...]) -> None:
        names = {w.lower() for u in units_a + units_b for e in u.entities for w in e.text.split()}
        self._names = names | {lemma(w).lower() for w in names} | lx.TITLES
        self._words = {id(u): _unit_words(u) for u in units_a + units_b}
        self._df = Counter(w for words in self._words.values() for w in words)
        self._n = len(self._words)
        self._word_weight = {w: self._one_weight(w) for w in self._df}
        self._unit_weight = {key: self.weight(words) for key, words in self._words.items()}

    def _one_weight(self, w: str) -> float:
        return idf(w) * math.log((self._n + 1) / (self._df[w] + 0.5)) * (
            NAME_WEIGHT if w in self._names and self._df[w] > 2 else 1
        )

    def weight(self, words: set[str]) -> float:
        """Informativeness of a set of words in this pair of articles."""
        return sum(self._word_weight[w] if w in self._word_weight else self._one_weight(w) for w in words)

    def worth_scoring(self, units_a: tuple[FactUnit, ...], units_b: tuple[FactUnit, ...]) -> list[tuple[int, int]]:
        """Index pairs whose coverage may exceed ``COVERAGE_FLOOR``; no other pair can reach ``ATTACH``.

        A pair's score is its coverage unless the coverage passes the floor,
        so only these pairs can align. One matrix product finds them; the
        exact score of each is then computed as before, so results do not
        depend on numpy's summation order (the margin covers it).
        """
        vocabulary = {w: k for k, w in enumerate(self._word_weight)}
        weights = np.fromiter(self._word_weight.values(), float, len(vocabulary))
        matrix_a, matrix_b = self._indicator(units_a, vocabulary), self._indicator(units_b, vocabulary)
        shared = np.einsum("av,bv->ab", matrix_a * weights, matrix_b)  # not BLAS: its threads fight the workers
        cover_a = shared / np.maximum([self._unit_weight[id(u)] for u in units_a], 1e-9)[:, None]
        cover_b = shared / np.maximum([self._unit_weight[id(u)] for u in units_b], 1e-9)[None, :]
        coverage = 0.6 * np.maximum(cover_a, cover_b) + 0.4 * np.minimum(cover_a, cover_b)
        rows, columns = np.nonzero(coverage > COVERAGE_FLOOR - 1e-6)
        return list(zip(rows.tolist(), columns.tolist(), strict=True))

    def _indicator(self, units: tuple[FactUnit, ...], vocabulary: dict[str, int]) -> np.ndarray:
        matrix = np.zeros((len(units), len(vocabulary)))
        for row, unit in enumerate(units):
            matrix[row, [vocabulary[w] for w in self._words[id(unit)]]] = 1.0
        return matrix

    def score(self, a: FactUnit, b: FactUnit) -> PairScore:
        words_a, words_b = self._words[id(a)], self._words[id(b)]
        common = words_a & words_b
        if not common:  # most pairs: nothing in common, nothing to compute
            return PairScore(0.0, 0.0, 0.0)
        shared = self.weight(common)
        cover_a = shared / max(self._unit_weight[id(a)], 1e-9)
        cover_b = shared / max(self._unit_weight[id(b)], 1e-9)
        coverage = 0.6 * max(cover_a, cover_b) + 0.4 * min(cover_a, cover_b)
        best = max(coverage, probability(a.text, b.text)) if coverage > COVERAGE_FLOOR else coverage
        return PairScore(best, cover_a, cover_b)


def align(units_a: tuple[FactUnit, ...], units_b: tuple[FactUnit, ...], scorer: Scorer | None = None
          ) -> list[tuple[list[int], list[int], float]]:
    """Groups of aligned unit indices (A side, B side) with their best pair score."""
    scorer = scorer or Scorer(units_a, units_b)
    groups, owner_a, owner_b = _identical(units_a, units_b)
    # Identical sentences are aligned already; only pairs with a leftover side are scored,
    # which makes a reprint's comparison nearly linear instead of quadratic.
    scores = {
        (i, j): scorer.score(units_a[i], units_b[j])
        for i, j in scorer.worth_scoring(units_a, units_b)
        if i not in owner_a or j not in owner_b
    }
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1].score, kv[0]))
    for (i, j), pair in ranked:
        if pair.score < ALIGN:
            break
        if i not in owner_a and j not in owner_b:
            owner_a[i] = owner_b[j] = len(groups)
            groups.append(([i], [j], pair.score))
    for (i, j), pair in ranked:
        if pair.score < ATTACH:
            break
        if i not in owner_a and j in owner_b and pair.cover_a >= 0.3:
            owner_a[i] = owner_b[j]
            groups[owner_b[j]][0].append(i)
        elif j not in owner_b and i in owner_a and pair.cover_b >= 0.3:
            owner_b[j] = owner_a[i]
            groups[owner_a[i]][1].append(j)
    return [(sorted(a), sorted(b), score) for a, b, score in groups]


def _identical(
    units_a: tuple[FactUnit, ...], units_b: tuple[FactUnit, ...]
) -> tuple[list[tuple[list[int], list[int], float]], dict[int, int], dict[int, int]]:
    """One-to-one groups of sentences that are the same text, in order, with score 1."""
    unused_b: dict[str, list[int]] = {}
    for j, unit in enumerate(units_b):
        unused_b.setdefault(_same_text_key(unit.text), []).append(j)
    groups: list[tuple[list[int], list[int], float]] = []
    owner_a: dict[int, int] = {}
    owner_b: dict[int, int] = {}
    for i, unit in enumerate(units_a):
        candidates = unused_b.get(_same_text_key(unit.text))
        if candidates:
            j = candidates.pop(0)
            owner_a[i] = owner_b[j] = len(groups)
            groups.append(([i], [j], 1.0))
    return groups, owner_a, owner_b


def _same_text_key(text: str) -> str:
    return " ".join(fold_apostrophes(text).replace("“", '"').replace("”", '"').split()).casefold()


def find_conflicts(a: FactUnit, b: FactUnit, same_fact: bool = True) -> list[Conflict]:
    """Numbers, dates and names of two aligned units that fill one slot with values that cannot both be true.

    ``compare.facts.slots`` decides (see its docstring): "11 years" and "70
    years" count different things, 2012 and 2014 date different events, and
    "the Japanese prime minister" is Abe once the units' entities resolve
    him. ``same_fact`` says the aligner vouches that the two sentences state
    one fact; without it a numeric conflict needs other corroboration.
    """
    found = slots.all_conflicts(a.text, b.text, _aliases(a), _aliases(b), same_fact=same_fact)
    return [Conflict(c.kind, c.a_text, c.b_text, a, b, c.slot, c.severity) for c in found]


def _aliases(unit: FactUnit) -> dict[str, str]:
    """How a unit names people: full names, epithets ("the Russian strongman") and resolved pronouns, to keys."""
    aliases = {e.text.lower(): e.key for e in unit.entities if e.kind == "person"}
    aliases |= {att.speaker_text.lower(): att.speaker for att in unit.attributions
                if att.speaker and att.speaker_text.lower() in ("he", "she", "him", "her")}
    return aliases


def _label(units_a: list[FactUnit], units_b: list[FactUnit], conflicts: list[Conflict], scorer_cover: float) -> str:
    if conflicts:
        return "conflicting"
    if len(units_a) > 1 or len(units_b) > 1 or scorer_cover < 0.5:
        return "partial"
    text_a, text_b = (" ".join(u.text.lower().split()) for u in (units_a[0], units_b[0]))
    return "same wording" if fuzz.ratio(text_a, text_b) >= SAME_WORDING else "reworded"


def about_entity(unit: FactUnit, other_keys: frozenset[str], names: dict[str, str]) -> str:
    """The entity a one-sided fact is filed under: preferably one the other article never names."""
    rank = {"person": 0, "organisation": 1, "place": 2, "other": 3}
    candidates = sorted(unit.entities, key=lambda e: (e.key in other_keys, rank[e.kind], e.span.start))
    return names.get(candidates[0].key, candidates[0].text) if candidates else "other facts"


def display_names(units: tuple[FactUnit, ...]) -> dict[str, str]:
    """Longest written form of each entity key, epithets excluded; a name only ever written after "the"
    ("The FNV union") is shown without it, not as its lower-case key."""
    names: dict[str, str] = {}
    after_the: dict[str, str] = {}
    for e in (e for u in units for e in u.entities):
        if e.text.lower().startswith("the "):
            if e.kind != "person":  # "the Russian strongman" is an epithet, not a name
                after_the.setdefault(e.key, e.text[4:])
        elif e.kind == "place":
            names[e.key] = e.key.title()
        elif len(e.text) > len(names.get(e.key, "")):
            names[e.key] = e.text
    return {**after_the, **names}


def build_comparison(a_id: str, b_id: str, units_a: tuple[FactUnit, ...], units_b: tuple[FactUnit, ...]
                     ) -> FactComparison:
    """The full fact comparison of two articles' units."""
    scorer = Scorer(units_a, units_b)
    shared: list[SharedFact] = []
    conflicts: list[Conflict] = []
    for ia, ib, score in align(units_a, units_b, scorer):
        group_a, group_b = [units_a[i] for i in ia], [units_b[j] for j in ib]
        found = [c for x in group_a for y in group_b for c in find_conflicts(x, y, score >= THRESHOLD)]
        first = scorer.score(group_a[0], group_b[0])
        cover = min(first.cover_a, first.cover_b)
        label = _label(group_a, group_b, found, cover)
        fact = SharedFact(tuple(group_a), tuple(group_b), label, score)
        if label == "same wording" and aligned_framing(fact):  # one loaded word changed: that is rewording
            fact = SharedFact(fact.a, fact.b, "reworded", score)
        shared.append(fact)
        conflicts.extend(found)
    shared.sort(key=lambda f: (f.a[0].index, f.b[0].index))
    used_a = {u.index for f in shared for u in f.a}
    used_b = {u.index for f in shared for u in f.b}
    keys_a = frozenset(k for u in units_a for k in u.entity_keys)
    keys_b = frozenset(k for u in units_b for k in u.entity_keys)
    names = display_names(units_a) | display_names(units_b)
    only_a = tuple(OnlyFact(u, about_entity(u, keys_b, names)) for u in units_a if u.index not in used_a)
    only_b = tuple(OnlyFact(u, about_entity(u, keys_a, names)) for u in units_b if u.index not in used_b)
    return FactComparison(
        a_id=a_id, b_id=b_id, shared=tuple(shared), only_a=only_a, only_b=only_b, conflicts=tuple(conflicts),
        framing=tuple(framing_between(shared, units_a, units_b)),
        quotes_only_a=quotes_only(units_a, units_b), quotes_only_b=quotes_only(units_b, units_a),
        names=tuple(sorted(names.items())),
    )


def compare_facts(a_id: str, b_id: str, units: Units) -> FactComparison:
    """Align the fact units of two of a run's articles and say what is shared, what differs and how."""
    return build_comparison(a_id, b_id, units[a_id], units[b_id])


def compare_articles(a: Article, b: Article) -> FactComparison:
    """Extract both articles' fact units and compare them: the library call for one pair outside a run."""
    from compare.facts.units import extract_units

    return build_comparison(a.id, b.id, extract_units(a), extract_units(b))
