"""Reuse clusters: every passage two or more articles share, with all its witnesses, in one linear pass.

Aligning every pair of articles that share a sentence grows with the square
of the corpus (a statement quoted by 40 outlets is 780 pairs); passim and
TextPAIR report such reuse as one cluster per passage instead. Here the
clusters come straight from the shingles, without any pairwise alignment:

1. A shingle (``Params.shingle_size`` words, the sketches' own sequences) held
   by two or more articles is shared; its witness set is the articles that
   hold it, fingerprinted by an order-free sum of mixed article numbers.
2. In each article, consecutive shared shingles with one witness set form a
   segment: where the set changes, a passage with other witnesses begins (a
   quoted sentence inside a reprinted story, a background paragraph).
3. Two segments of one witness set at most ``shingle_size - 1 + max_gap``
   shingles apart are one segment: a copy that changes a few words breaks
   the shingles covering them, not the passage (the aligner's ``max_gap``).
4. Segments shorter than ``min_shared`` shingles are dropped: a stock phrase
   ("said in a statement on Tuesday") is not reuse; ``min_shared`` is the
   passage length ``compare run`` asks of a pair.
5. Segments holding a common shingle are one cluster (connected
   components, merged transitively as passim does); in a cluster each article
   keeps its longest segment, and a cluster needs two articles.
6. Spans are the segment's words in the article's original text, and each
   copy's edits are its word differences from the cluster's first witness
   (date order where dates are known, then id).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import NamedTuple

import numpy as np
from rapidfuzz.distance import Levenshtein

from compare.graph import connected_components
from compare.models import Article, Edit, ReuseCluster, Witness
from compare.neardup.shingles import Tokens, tokenize
from compare.reuse.passages import outer_span

_MIX = np.uint64(0x9E3779B97F4A7C15)  # golden-ratio multiplier: spreads small article numbers over 64 bits


def _mix(values: np.ndarray) -> np.ndarray:
    """A 64-bit mix of small integers, so that sums of them collide only by chance."""
    with np.errstate(over="ignore"):
        mixed = (values.astype(np.uint64) + np.uint64(1)) * _MIX
        mixed ^= mixed >> np.uint64(29)
        return mixed * _MIX


def witness_keys(values: np.ndarray, owners: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per shingle occurrence, a fingerprint of the articles holding that shingle (0 when only one does)
    and how many articles hold it."""
    order = np.lexsort((owners, values))
    v, o = values[order], owners[order]
    distinct = np.ones(v.size, dtype=bool)
    distinct[1:] = (v[1:] != v[:-1]) | (o[1:] != o[:-1])
    uv, uo = v[distinct], o[distinct]
    starts = np.flatnonzero(np.concatenate(([True], uv[1:] != uv[:-1]))) if uv.size else np.zeros(0, np.int64)
    holders = np.diff(np.append(starts, uv.size))
    with np.errstate(over="ignore"):
        prints = np.add.reduceat(_mix(uo), starts) if starts.size else np.zeros(0, np.uint64)
    prints[holders < 2] = 0
    group = np.cumsum(np.concatenate(([True], v[1:] != v[:-1]))) - 1 if v.size else np.zeros(0, np.int64)
    keys = np.empty(values.size, dtype=np.uint64)
    keys[order] = prints[group]
    counts = np.empty(values.size, dtype=np.int64)
    counts[order] = holders[group]
    return keys, counts


def _runs(keys: np.ndarray, owners: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """[start, end) of the runs of one nonzero key within one article (global occurrence indexes)."""
    if not keys.size:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    change = np.concatenate(([True], (keys[1:] != keys[:-1]) | (owners[1:] != owners[:-1])))
    starts = np.flatnonzero(change)
    ends = np.append(starts[1:], keys.size)
    kept = keys[starts] != 0
    return starts[kept], ends[kept]


def _bridged(starts: np.ndarray, ends: np.ndarray, keys: np.ndarray, owners: np.ndarray,
             bridge: int) -> tuple[list[int], list[int]]:
    """Step 3: runs of one key in one article closer than ``bridge`` shingles become one segment."""
    out_starts: list[int] = []
    out_ends: list[int] = []
    last: dict[int, int] = {}
    current = -1
    for start, end, key, owner in zip(starts.tolist(), ends.tolist(), keys[starts].tolist(),
                                      owners[starts].tolist(), strict=True):
        if owner != current:
            last, current = {}, owner
        index = last.get(key)
        if index is not None and start - out_ends[index] <= bridge:
            out_ends[index] = end
        else:
            last[key] = len(out_starts)
            out_starts.append(start)
            out_ends.append(end)
    return out_starts, out_ends


def _segment_groups(values: np.ndarray, keys: np.ndarray, starts: np.ndarray, ends: np.ndarray
                    ) -> tuple[list[list[int]], np.ndarray]:
    """Step 5: segments joined by a common shingle, and each segment's smallest shingle (for ids)."""
    lengths = ends - starts
    segment = np.repeat(np.arange(starts.size), lengths)
    occurrence = np.arange(lengths.sum()) + np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
    own = keys[occurrence] == keys[starts][segment]  # a bridged gap's shingles belong to other passages
    held, segment = values[occurrence[own]], segment[own]
    order = np.lexsort((segment, held))
    held, segment = held[order], segment[order]
    first = np.flatnonzero(np.concatenate(([True], held[1:] != held[:-1])))
    leader = np.repeat(segment[first], np.diff(np.append(first, held.size)))
    links = np.unique(np.stack([leader, segment], axis=1)[leader != segment], axis=0)
    smallest = np.full(starts.size, np.iinfo(np.uint64).max, dtype=np.uint64)
    np.minimum.at(smallest, segment, held)
    return connected_components(range(starts.size), map(tuple, links.tolist())), smallest


def _changed_ranges(ref_words: tuple[str, ...], copy_words: tuple[str, ...]) -> list[tuple[int, int, int, int]]:
    """Word ranges that differ, adjacent opcodes joined ("three hundred" -> "300" is one change)."""
    ranges: list[tuple[int, int, int, int]] = []
    for op in Levenshtein.opcodes(ref_words, copy_words):
        if op.tag == "equal":
            continue
        if ranges and ranges[-1][1] == op.src_start and ranges[-1][3] == op.dest_start:
            ranges[-1] = (ranges[-1][0], op.src_end, ranges[-1][2], op.dest_end)
        else:
            ranges.append((op.src_start, op.src_end, op.dest_start, op.dest_end))
    return ranges


def _edits(ref: tuple[Article, Tokens, int, int], copy: tuple[Article, Tokens, int, int]) -> tuple[Edit, ...]:
    """How one copy's words differ from the first witness's, with the original text of each side."""
    (ra, rt, r0, r1), (ca, ct, c0, c1) = ref, copy
    ref_words, copy_words = rt.words[r0 : r1 + 1], ct.words[c0 : c1 + 1]
    if ref_words == copy_words:
        return ()

    def text(article: Article, tokens: Tokens, first: int, start: int, stop: int) -> str:
        return article.text[tokens.starts[first + start] : tokens.ends[first + stop - 1]] if stop > start else ""

    edits = []
    for s0, s1, d0, d1 in _changed_ranges(ref_words, copy_words):
        kind = "substitute" if s1 > s0 and d1 > d0 else "cut" if s1 > s0 else "add"
        edits.append(Edit(kind, text(ra, rt, r0, s0, s1), text(ca, ct, c0, d0, d1)))
    return tuple(edits)


def _overlap_trims(keys: np.ndarray, holders: np.ndarray, owners: np.ndarray, starts: np.ndarray,
                   ends: np.ndarray, overlap: int) -> list[tuple[int, int]]:
    """Words to leave out at each segment's start and end where it touches another shared passage.

    The last shingle of one passage and the first of the next share
    ``shingle_size - 1`` words; the passage with fewer witnesses (the later
    one on a tie) gives them up, so a copy cut after a paragraph makes two
    clusters that meet at the paragraph break, not four words into it.
    """
    own_key, own = keys[starts], holders[starts]
    prev, after = np.maximum(starts - 1, 0), np.minimum(ends, keys.size - 1)  # clamped; masked below

    def touches(neighbour: np.ndarray, exists: np.ndarray) -> np.ndarray:
        return exists & (owners[neighbour] == owners[starts]) & (keys[neighbour] != 0) & (keys[neighbour] != own_key)

    head = np.where(touches(prev, starts > 0) & (holders[prev] >= own), overlap, 0)
    tail = np.where(touches(after, ends < keys.size) & (holders[after] > own), overlap, 0)
    fits = ends - starts + overlap - head - tail > 0
    return list(zip(np.where(fits, head, 0).tolist(), np.where(fits, tail, 0).tolist(), strict=True))


def _witnesses(places: list[tuple[int, int, int, int, int]], articles: Sequence[Article],
               tokens: dict[int, Tokens], k: int) -> tuple[Witness, ...]:
    """Step 6: the copies of one cluster, first witness first, each with its edits from that one."""
    located = []
    for owner, first, end, head, tail in places:
        if owner not in tokens:  # each article is split into words once, for all its clusters
            tokens[owner] = tokenize(articles[owner].text, articles[owner].paragraphs)
        words = tokens[owner]
        last = min(end - 1 + k - 1 - tail, len(words) - 1)
        located.append((articles[owner], words, min(first + head, last), last))
    located.sort(key=lambda w: (w[0].date is None, w[0].date or "", w[0].id))
    out = []
    for article, words, first, last in located:
        span = outer_span(article.text, words, first, last)
        edits = _edits(located[0], (article, words, first, last)) if out else ()
        out.append(Witness(article.id, span, span.slice(article.text), last - first + 1, edits))
    return tuple(out)


class _Segments(NamedTuple):
    """Steps 1-4 over the whole corpus: kept segments as [start, end) occurrence indexes, and what they index."""

    values: np.ndarray
    keys: np.ndarray
    holders: np.ndarray
    owners: np.ndarray
    offsets: np.ndarray  # first occurrence of each article
    starts: np.ndarray
    ends: np.ndarray


def _segments(sequences: Sequence[np.ndarray], shingle_size: int, min_shared: int, max_gap: int) -> _Segments:
    sizes = np.array([s.size for s in sequences], dtype=np.int64)
    owners = np.repeat(np.arange(len(sequences), dtype=np.int64), sizes)
    values = np.concatenate(sequences) if sequences else np.zeros(0, dtype=np.uint64)
    keys, holders = witness_keys(values, owners)
    run_starts, run_ends = _runs(keys, owners)
    starts, ends = (np.asarray(x, dtype=np.int64)
                    for x in _bridged(run_starts, run_ends, keys, owners, shingle_size - 1 + max_gap))
    long_enough = (ends - starts) >= max(min_shared, 1)
    return _Segments(values, keys, holders, owners, np.cumsum(sizes) - sizes, starts[long_enough], ends[long_enough])


def _longest_per_article(members: list[int], found: _Segments, trims: list[tuple[int, int]]
                         ) -> dict[int, tuple[int, int, int, int, int]]:
    """Step 5: per article of a cluster, its longest segment as (article, first, end, head trim, tail trim)."""
    longest: dict[int, tuple[int, int, int, int, int]] = {}
    for m in members:
        owner = int(found.owners[found.starts[m]])
        start, end = int(found.starts[m] - found.offsets[owner]), int(found.ends[m] - found.offsets[owner])
        if owner not in longest or end - start > longest[owner][2] - longest[owner][1]:
            longest[owner] = (owner, start, end, *trims[m])
    return longest


def reuse_clusters(articles: Sequence[Article], sequences: Sequence[np.ndarray], shingle_size: int,
                   min_shared: int, max_gap: int) -> tuple[ReuseCluster, ...]:
    """Every passage of at least ``min_shared`` shingles that two or more articles share, with all witnesses.

    ``sequences`` are the articles' shingle hashes in text order (``DocSketch.sequence``).
    Sorted by number of outlets, then of witnesses, then length, then id.
    """
    if len(articles) < 2:
        return ()
    found = _segments(sequences, shingle_size, min_shared, max_gap)
    if not found.starts.size:
        return ()
    groups, smallest = _segment_groups(found.values, found.keys, found.starts, found.ends)
    trims = _overlap_trims(found.keys, found.holders, found.owners, found.starts, found.ends, shingle_size - 1)
    tokens: dict[int, Tokens] = {}  # each article split into words once, for all its clusters
    clusters = []
    for members in groups:
        longest = _longest_per_article(members, found, trims)
        if len(longest) >= 2:
            ident = f"{int(smallest[members].min()):016x}"[:12]
            copies = _witnesses(sorted(longest.values()), articles, tokens, shingle_size)
            clusters.append(ReuseCluster(ident, copies, _outlets(articles, longest)))
    return tuple(sorted(clusters, key=lambda c: (-c.outlets, -len(c.witnesses), -c.witnesses[0].words, c.id)))


def _outlets(articles: Sequence[Article], owners: Iterable[int]) -> int:
    """Distinct outlets among the witnesses; an article whose outlet is unknown is one of its own."""
    return len({articles[o].outlet or f"\x00{articles[o].id}" for o in owners})


def sharing_pairs(clusters: Sequence[ReuseCluster], described: Iterable[tuple[str, str]]) -> tuple[int, int]:
    """How many distinct pairs of articles share a passage, and how many of those are not ``described``
    (folded into the clusters). Counted in numpy, never listed: a quoted sentence makes many pairs."""
    number: dict[str, int] = {}
    codes = []
    for cluster in clusters:
        ids = np.array(sorted(number.setdefault(a, len(number)) for a in cluster.articles), dtype=np.int64)
        first, second = np.triu_indices(ids.size, 1)
        codes.append(ids[first] * (1 << 32) + ids[second])
    if not codes:
        return 0, 0
    pairs = np.unique(np.concatenate(codes))
    known = [sorted((number[a], number[b])) for a, b in described if a in number and b in number]
    told = np.array([x * (1 << 32) + y for x, y in known], dtype=np.int64)
    return int(pairs.size), int(pairs.size - np.isin(pairs, told).sum())


def partner_pairs(clusters: Sequence[ReuseCluster], max_partners: int) -> list[tuple[str, str]]:
    """Pairs worth a report of their own: they share a passage no third article has, and are among
    the ``max_partners`` strongest partners (by words shared in all clusters) of either article.

    A pair whose shared text every other witness also carries is told by the clusters' own reports.
    """
    shared: dict[tuple[str, str], int] = defaultdict(int)
    own = {tuple(sorted(c.articles)) for c in clusters if len(c.witnesses) == 2}
    by_article: dict[str, list[int]] = defaultdict(list)
    for index, cluster in enumerate(clusters):
        for article in cluster.articles:
            by_article[article].append(index)
    for a, b in own:
        for index in set(by_article[a]) & set(by_article[b]):
            shared[(a, b)] += min(w.words for w in clusters[index].witnesses)
    ranked: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for (a, b), words in shared.items():
        ranked[a].append((-words, b))
        ranked[b].append((-words, a))
    chosen = {tuple(sorted((article, partner))) for article, partners in ranked.items()
              for _, partner in sorted(partners)[:max_partners]}
    return sorted(chosen)  # type: ignore[arg-type]
