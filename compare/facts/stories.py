"""Threads: group articles on the same people and places and line their facts up by outlet.

Shingle clusters only join articles that share copied text. Two outlets
covering the same event in their own words share names and facts instead, so
a thread is a connected group of articles whose names overlap (a cheap
first test on every pair) and whose fact comparison finds a shared fact (the
costly test, only on candidates). Both thresholds are lower than a
near-duplicate test on purpose: "same people and places", not "same text";
``compare.facts.events`` then splits a thread into stories, one per event.
The first test is a similarity join over name sets, so a corpus of
thousands of articles never tests its millions of pairs one by one.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from compare.facts.matching import about_entity, compare_facts, display_names
from compare.facts.paraphrase import said_words, unreported_clause
from compare.facts.values import Conflict, FactComparison, FactRow, FactUnit, OnlyFact, Units
from compare.graph import connected_components
from compare.ingest.outlets import AGENCIES
from compare.models import Article, Progress, Span, silent

# (id pairs on one story by names alone, article pairs whose facts must decide)
NamePairs = tuple[list[tuple[str, str]], list[tuple[Article, Article]]]

MIN_ENTITY_JACCARD = 0.2  # candidate pairs: weighted share of salient names in common
MIN_SHARED_FACTS = 1  # a thread pair shares at least this many facts...
STRONG_ENTITY_JACCARD = 0.5  # ...or this large a weighted share of names


@dataclass(frozen=True)
class Story:
    """Articles on one story; ``id`` is a file-safe name made from its main entities."""

    id: str
    members: tuple[str, ...]
    entities: tuple[str, ...]


def salient_entities(units: Sequence[FactUnit]) -> frozenset[str]:
    """Keys of the names an article uses: people, organisations, places and other capitalised names.

    Untyped names count ("Rotterdam", "Tham Pha Daeng" are in no gazetteer)
    unless they are one capitalised word opening a sentence; wire agencies
    do not: "(Reuters)" in a dateline says who wrote the copy, not what it
    is about.
    """
    return frozenset(e.key for u in units for e in u.entities if e.key not in AGENCY_KEYS and (
        e.kind != "other" or " " in e.text or e.span.start > u.span.start))  # "Doctors said": a capital, no name


# Wire agencies as entity keys: a credit says who wrote the copy, not whom the story is about.
AGENCY_KEYS = frozenset(spelling.lower() for agency in AGENCIES for spelling in agency.credit) | {"ap news"}


def name_weights(names: Sequence[frozenset[str]]) -> dict[str, float]:
    """Weight of each name: log(1 + articles / articles naming it).

    A name most of the folder carries ("United States" in an archive) says
    little about which story an article tells; a name few carry ("Nagato")
    says much. The weight never falls below log 2, so in a folder about one
    event, where every article names Putin and Abe, names still count.
    """
    counts = Counter(name for group in names for name in group)
    return {name: math.log(1 + len(names) / count) for name, count in counts.items()}


def weighted_jaccard(a: frozenset[str], b: frozenset[str], weights: Mapping[str, float]) -> float:
    """Weight of the names two sets share over the weight of all their names."""
    return _jaccard_from(_weight(a, weights), _weight(b, weights), a & b, weights)


def _weight(names: frozenset[str], weights: Mapping[str, float]) -> float:
    return math.fsum(weights[n] for n in names)  # fsum: the same sum in any order, so equal sets give 1.0


def _jaccard_from(weight_a: float, weight_b: float, shared: frozenset[str], weights: Mapping[str, float]) -> float:
    common = _weight(shared, weights)
    union = weight_a + weight_b - common
    return common / union if union > 0 else 0.0


def similar_name_sets(names: Sequence[frozenset[str]], threshold: float, weights: Mapping[str, float],
                      progress: Progress = silent) -> list[tuple[int, int]]:
    """Index pairs whose weighted Jaccard reaches ``threshold`` (> 0), sorted; exact, not sampled.

    Weighted prefix filtering (after Chaudhuri et al. 2006): sort each set
    heaviest name first and cut it where the names left weigh less than
    ``threshold`` of the set. Two sets that reach the threshold share a name
    in both prefixes, so only prefixes are indexed, and names every article
    carries (light, at the end) never pair everything with everything. The
    candidates of each set are scored together in numpy (at 5,000 articles
    there are about 1.3 million); the few near the threshold are decided
    with exact sums.
    """
    table = _NameTable(names, weights)
    postings: dict[str, list[int]] = {}
    prefixes = [_prefix(sorted(group, key=lambda n: (-weights[n], n)), threshold, weights) for group in names]
    for i, prefix in enumerate(prefixes):
        for name in prefix:
            postings.setdefault(name, []).append(i)
    arrays = {name: np.asarray(members) for name, members in postings.items()}
    found = []
    for i, prefix in enumerate(prefixes):
        earlier = [members[: np.searchsorted(members, i)] for members in (arrays[name] for name in prefix)]
        for j in table.reaching(i, np.unique(np.concatenate(earlier)) if earlier else _NO_ROWS, threshold):
            if _jaccard_from(table.totals[i], table.totals[j], names[i] & names[j], weights) >= threshold:
                found.append((int(j), i))
        if (i + 1) % 256 == 0 or i + 1 == len(names):
            progress("matching names", i % 256 + 1, len(names))
    return sorted(found)


_NO_ROWS = np.zeros(0, dtype=np.int64)
_NO_ROWS.flags.writeable = False  # shared by every caller: nobody may write into it


class _NameTable:
    """Name sets as rows of name ids, so one set's shared weight with many others is a few array operations."""

    def __init__(self, names: Sequence[frozenset[str]], weights: Mapping[str, float]) -> None:
        ids = {name: k for k, name in enumerate(sorted(weights))}
        self.weights = np.asarray([weights[name] for name in sorted(weights)])
        self.rows = [np.asarray(sorted(ids[name] for name in group), dtype=np.int64) for group in names]
        self.starts = np.cumsum([0] + [len(row) for row in self.rows])
        self.ids = np.concatenate(self.rows) if self.rows else _NO_ROWS
        self.totals = np.asarray([_weight(group, weights) for group in names])  # exact (fsum) per set
        self._lookup = np.zeros(len(self.weights))

    def reaching(self, i: int, others: np.ndarray, threshold: float) -> np.ndarray:
        """Those of ``others`` (non-empty sets) whose weighted Jaccard with set ``i`` may reach ``threshold``.

        Plain float sums, with a margin: the caller decides with exact sums.
        """
        own, theirs = self.totals[i], self.totals[others]
        others = others[np.minimum(own, theirs) >= threshold * np.maximum(own, theirs)]
        if others.size == 0:
            return others
        lengths = self.starts[others + 1] - self.starts[others]
        offsets = np.cumsum(lengths) - lengths
        gathered = np.repeat(self.starts[others] - offsets, lengths) + np.arange(lengths.sum())
        self._lookup[self.rows[i]] = self.weights[self.rows[i]]
        shared = np.add.reduceat(self._lookup[self.ids[gathered]], offsets)
        self._lookup[self.rows[i]] = 0.0
        return others[shared >= (threshold - 1e-6) * (own + self.totals[others] - shared)]


def _prefix(ordered: list[str], threshold: float, weights: Mapping[str, float]) -> list[str]:
    """The shortest head of ``ordered`` after which the names left weigh less than ``threshold`` of all."""
    total = math.fsum(weights[n] for n in ordered)
    left = total
    for size, name in enumerate(ordered, 1):
        left -= weights[name]
        if left < threshold * total - 1e-9 * total - 1e-9:
            return ordered[:size]
    return ordered


def name_pairs(articles: Sequence[Article], units: Units, progress: Progress = silent) -> NamePairs:
    """Pairs on one story by their names alone, and pairs whose facts must decide, sorted by id.

    Pairs below ``MIN_ENTITY_JACCARD`` are never looked at: the name-set join
    finds the others without testing every pair.
    """
    names = [salient_entities(units[a.id]) for a in articles]
    weights = name_weights(names)
    by_names, to_test = [], []
    for i, j in similar_name_sets(names, MIN_ENTITY_JACCARD, weights, progress):
        a, b = sorted((articles[i], articles[j]), key=lambda x: x.id)
        if weighted_jaccard(names[i], names[j], weights) >= STRONG_ENTITY_JACCARD:
            by_names.append((a.id, b.id))
        else:
            to_test.append((a, b))
    return by_names, to_test


def story_pairs(articles: Sequence[Article], units: Units,
                comparisons: dict[tuple[str, str], FactComparison] | None = None,
                named: NamePairs | None = None) -> list[tuple[str, str]]:
    """Pairs of article ids on the same story; fills ``comparisons`` with the fact comparisons it ran.

    ``named`` is ``name_pairs(articles, units)`` when the caller has it already.
    """
    by_names, to_test = named or name_pairs(articles, units)
    found = list(by_names)
    for a, b in to_test:
        fc = (comparisons or {}).get((a.id, b.id)) or compare_facts(a.id, b.id, units)
        if comparisons is not None:
            comparisons[(a.id, b.id)] = fc
        if len(fc.shared) >= MIN_SHARED_FACTS:
            found.append((a.id, b.id))
    return sorted(found)


def group_stories(articles: Sequence[Article], units: Units,
                  comparisons: dict[tuple[str, str], FactComparison] | None = None,
                  named: NamePairs | None = None) -> tuple[Story, ...]:
    """Threads of two or more articles (split into stories by ``compare.facts.events``), largest first; an
    article is in at most one."""
    pairs = story_pairs(articles, units, comparisons, named)
    by_id = {a.id: a for a in articles}
    stories = []
    for members in connected_components([a.id for a in articles], pairs):
        if len(members) > 1:
            members.sort()
            stories.append(make_story([by_id[m] for m in members], units))
    stories.sort(key=lambda s: (-len(s.members), s.members))
    return unique_ids(stories)


def make_story(members: Sequence[Article], units: Units) -> Story:
    """A story of ``members``, named after the three entities its articles mention most."""
    typed: Counter[str] = Counter()  # mentions across the story, so the protagonists name it
    other: Counter[str] = Counter()  # untyped names ("Rotterdam") name it when no typed name does
    for article in members:
        for unit in units[article.id]:
            names = salient_entities((unit,))
            for e in unit.entities:
                if e.kind in ("person", "organisation", "place") and e.key not in AGENCY_KEYS:
                    typed[e.key] += 1
                elif e.key in names:
                    other[e.key] += 1
    counts = typed or other
    top = sorted(counts, key=lambda k: (-counts[k], k))[:3]
    slug = "-".join(re.sub(r"[^a-z0-9]+", "-", k.lower()).strip("-") for k in top) or "story"
    return Story(slug, tuple(a.id for a in members), tuple(top))


def unique_ids(stories: Sequence[Story]) -> tuple[Story, ...]:
    """The stories with a number added to each repeated id ("japan-putin-abe-2")."""
    seen: dict[str, int] = {}
    result = []
    for story in stories:
        n = seen.get(story.id, 0)
        seen[story.id] = n + 1
        result.append(story if n == 0 else Story(f"{story.id}-{n + 1}", story.members, story.entities))
    return tuple(result)


def story_comparisons(articles: Sequence[Article], units: Units,
                      known: Mapping[tuple[str, str], FactComparison] | None = None
                      ) -> dict[tuple[str, str], FactComparison]:
    """The fact comparison of every pair of a story's articles (reusing ``known`` ones), keyed by id pair."""
    result: dict[tuple[str, str], FactComparison] = {}
    for a, b in combinations(sorted(articles, key=lambda x: x.id), 2):
        found = (known or {}).get((a.id, b.id))
        result[(a.id, b.id)] = found if found is not None else compare_facts(a.id, b.id, units)
    return result


def fact_matrix(articles: Sequence[Article], comparisons: Mapping[tuple[str, str], FactComparison],
                all_units: Units) -> list[FactRow]:
    """Rows of facts by article: units joined by any pairwise alignment form one fact."""
    order = sorted(articles, key=lambda x: x.id)
    column = {a.id: n for n, a in enumerate(order)}
    units = {a.id: all_units[a.id] for a in order}
    edges: list[tuple[tuple[str, int], tuple[str, int]]] = []
    labels: dict[tuple[str, int], set[str]] = {}
    conflicts: dict[tuple[str, int], list[Conflict]] = {}
    for (ida, idb), fc in sorted(comparisons.items()):
        for fact in fc.shared:
            nodes = [(ida, u.index) for u in fact.a] + [(idb, u.index) for u in fact.b]
            edges += [(node, nodes[0]) for node in nodes[1:]]
            labels.setdefault(nodes[0], set()).add(fact.label)
        for conflict in fc.conflicts:
            conflicts.setdefault((ida, conflict.a.index), []).append(conflict)
            conflicts.setdefault((idb, conflict.b.index), [])  # the other side disagrees too
    groups = connected_components([(a.id, u.index) for a in order for u in units[a.id]], edges)
    return _rows(len(order), column, units, groups, labels, conflicts)


def _rows(width: int, column: dict[str, int], units: dict[str, tuple[FactUnit, ...]],
          groups: Sequence[list[tuple[str, int]]], labels: dict[tuple[str, int], set[str]],
          conflicts: dict[tuple[str, int], list[Conflict]]) -> list[FactRow]:
    rows = []
    for nodes in groups:
        cells: list[FactUnit | None] = [None] * width
        for article_id, index in nodes:
            if cells[column[article_id]] is None:
                cells[column[article_id]] = units[article_id][index]
        found_labels = sorted({x for n in nodes for x in labels.get(n, set())} - {"conflicting"})
        found_conflicts = tuple(c for n in nodes for c in conflicts.get(n, []))
        disagree = [False] * width
        for article_id, index in nodes:
            disagree[column[article_id]] |= (article_id, index) in conflicts
        rows.append(FactRow(tuple(cells), tuple(found_labels), found_conflicts, tuple(disagree)))
    rows.sort(key=lambda r: (-r.outlets, _first_position(r)))
    return rows


def shared_rows(rows: Sequence[FactRow]) -> tuple[FactRow, ...]:
    """The rows of a story's matrix: facts at least two of its outlets report."""
    return tuple(r for r in rows if r.outlets >= 2)


def _first_position(row: FactRow) -> tuple[int, int]:
    for n, cell in enumerate(row.cells):
        if cell is not None:
            return n, cell.index
    return len(row.cells), 0


def alone_facts(rows: Sequence[FactRow], order: Sequence[Article], units: Units) -> tuple[tuple[OnlyFact, ...], ...]:
    """Per member (in ``order``), the facts no other member of the story reports, filed under whom they are
    about: whole sentences, and the clauses others leave out of a sentence they otherwise report."""
    display = display_names(tuple(u for a in order for u in units[a.id]))
    result = []
    for column, article in enumerate(order):
        others = frozenset(k for a in order if a.id != article.id for u in units[a.id] for k in u.entity_keys)
        said_elsewhere = said_words(u.text for a in order if a.id != article.id for u in units[a.id])
        own = []
        for row in rows:
            unit = row.cells[column]
            part = None if unit is None or row.outlets == 1 else _unreported_part(unit, said_elsewhere)
            if unit is not None and (row.outlets == 1 or part is not None):
                own.append(OnlyFact(unit, about_entity(unit, others, display), part))
        result.append(tuple(own))
    return tuple(result)


def _unreported_part(unit: FactUnit, said_elsewhere: frozenset[str]) -> Span | None:
    """The clause of a shared fact's sentence that no other member states anywhere, as a span of the article."""
    found = unreported_clause(unit.text, said_elsewhere)
    return Span(unit.span.start + found[0], unit.span.start + found[1]) if found else None
