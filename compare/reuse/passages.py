"""Shared passages between two articles, coverage, a verdict and the edit trail.

``a`` is the first article, ``b`` the second; edits say how b differs from a.

1. Seeds are shared word shingles (``sketch.shingle_sequence``, as in dedup);
   seeds on one diagonal form exact runs of >= ``shingle_size`` words, the
   minimum passage length.
2. Runs are taken greedily, longest first, so each word of a and of b is in
   at most one passage: repeated text is not counted twice. Runs on any
   diagonal are kept, so a paragraph moved from position 3 to 9 is found,
   unlike a single-ordering alignment (passim, difflib).
3. Each run is extended forwards and backwards across gaps of at most
   ``max_gap`` differing words on each side, re-anchoring on 3 equal words (or
   fewer that end a paragraph on both sides), and is merged with the next run
   when that one starts after such a gap.
4. Passages never cross a line that ingest kept out of the body (a caption,
   a "Related stories" box), so ``text[start:end]`` is always body text.
5. Short runs of capitalised words only ("Prime Minister Shinzo Abe") seed no
   passage: independent reports share names by necessity, not by copying.
6. Ordered overlap (``compare.reuse.overlap``) is reported beside coverage: it
   sees a sentence-by-sentence rewrite that leaves few passages.
"""

from __future__ import annotations

import heapq
from functools import lru_cache

import numpy as np
from rapidfuzz.distance import Levenshtein

from compare.errors import UsageError
from compare.models import MAX_GAP_LIMIT, Article, Edit, Passage, PassageComparison, Span
from compare.neardup.shingles import Tokens, shingle_sequence, tokenize
from compare.reuse.origin import Origin, probable_original
from compare.reuse.overlap import ordered_overlap

EXACT, REPRINT, PARTIAL, INDEPENDENT = "exact copy", "reprint", "partial reuse", "independent"
MIN_ANCHOR = 3  # fewer equal words after a gap would chain through every "of the"
# A shingle seen more often in b is boilerplate; pairing every occurrence is quadratic.
MAX_REPEATS = 32
# Reprint: one side is mostly the other's text. Edited wire copy keeps > 0.8;
# the light/heavy boundary benchmarks/reuse_levels.py fits is about 0.68.
REPRINT_COVERAGE = 0.7
REPRINT_MIN_WORDS = 20
# Partial reuse needs a sentence-sized passage or a tenth of one body; a shared
# 4-word phrase alone is what independent reports on one event also share.
PARTIAL_MIN_WORDS = 10
PARTIAL_COVERAGE = 0.1


class _Side:
    """Alignment state of one article: words, paragraph breaks and used words.

    ``brk[t]``/``hard[t]`` describe the boundary before token ``t`` (length
    n + 1); a hard boundary has non-body text in it and is never crossed.
    ``reversed()`` shares ``used`` so backward extension is forward extension
    on mirrored arrays.
    """

    def __init__(self, words: list[str], used: np.ndarray, brk: np.ndarray, hard: np.ndarray) -> None:
        self.words, self.used, self.brk, self.hard, self.n = words, used, brk, hard, len(words)

    @classmethod
    def build(cls, article: Article, tokens: Tokens) -> _Side:
        n = len(tokens)
        brk = np.zeros(n + 1, dtype=bool)
        hard = np.zeros(n + 1, dtype=bool)
        brk[0] = brk[n] = True
        if n:
            paras = article.paragraphs
            index = np.searchsorted([p.start for p in paras], tokens.starts, side="right") - 1
            for t in np.flatnonzero(index[1:] != index[:-1]) + 1:
                brk[t] = True
                hard[t] = bool(article.text[paras[index[t - 1]].end : paras[index[t]].start].strip())
        return cls(list(tokens.words), np.zeros(n, dtype=bool), brk, hard)

    def reversed(self) -> _Side:
        return _Side(self.words[::-1], self.used[::-1], self.brk[::-1], self.hard[::-1])

    def clear(self, start: int, stop: int) -> bool:
        """Words [start, stop) are free and no hard boundary precedes any of them."""
        return not (self.used[start:stop].any() or self.hard[start:stop].any())


def _exact_runs(sa: np.ndarray, sb: np.ndarray, k: int) -> list[tuple[int, ...]]:
    """Maximal exact runs (a0, b0, length) from shared shingles, all diagonals."""
    order = np.argsort(sb, kind="stable")
    sorted_b = sb[order]
    left = np.searchsorted(sorted_b, sa, side="left")
    counts = np.searchsorted(sorted_b, sa, side="right") - left
    counts[counts > MAX_REPEATS] = 0
    total = int(counts.sum())
    if total == 0:
        return []
    ai = np.repeat(np.arange(sa.size), counts)
    offsets = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
    diag = order[np.repeat(left, counts) + offsets] - ai
    by_diag = np.lexsort((ai, diag))
    ai, diag = ai[by_diag], diag[by_diag]
    new = np.ones(total, dtype=bool)
    new[1:] = (diag[1:] != diag[:-1]) | (ai[1:] != ai[:-1] + 1)
    first = np.flatnonzero(new)
    lengths = np.diff(np.append(first, total)) + k - 1
    return [(int(a), int(a + d), int(n)) for a, d, n in zip(ai[first], diag[first], lengths, strict=True)]


def _free_pieces(free: np.ndarray, cut: np.ndarray) -> list[tuple[int, int]]:
    """Maximal [start, end) stretches of ``free`` not crossing a ``cut`` (cut[p]: before p)."""
    starts = free & np.concatenate(([True], ~free[:-1] | cut[1:]))
    ends = free & np.concatenate((~free[1:] | cut[1:], [True]))
    return list(zip(np.flatnonzero(starts).tolist(), (np.flatnonzero(ends) + 1).tolist(), strict=True))


def _select_runs(runs: list[tuple[int, ...]], a: _Side, b: _Side, k: int) -> list[list[int]]:
    """Greedy one-to-one tiling, longest first; overlapped runs are trimmed and requeued."""
    heap = [(-n, a0, b0) for a0, b0, n in runs]
    heapq.heapify(heap)
    chosen: list[list[int]] = []
    while heap:
        neg, a0, b0 = heapq.heappop(heap)
        n = -neg
        free = ~a.used[a0 : a0 + n] & ~b.used[b0 : b0 + n]
        cut = a.hard[a0 : a0 + n] | b.hard[b0 : b0 + n]
        pieces = _free_pieces(free, cut)
        if pieces == [(0, n)]:
            a.used[a0 : a0 + n] = b.used[b0 : b0 + n] = True
            chosen.append([a0, a0 + n, b0, b0 + n])
            continue
        for s, e in pieces:
            if e - s >= k:
                heapq.heappush(heap, (s - e, a0 + s, b0 + s))
    return chosen


def _match(a: _Side, b: _Side, x: int, y: int) -> int:
    """Length of the exact, free match starting at (x, y) that crosses no hard boundary."""
    m = 0
    while (x + m < a.n and y + m < b.n and a.words[x + m] == b.words[y + m] and not a.used[x + m]
           and not b.used[y + m] and not a.hard[x + m] and not b.hard[y + m]):
        m += 1
    return m


@lru_cache(maxsize=8)
def _gap_candidates(max_gap: int) -> tuple[tuple[int, int], ...]:
    """Gap sizes (skip in a, skip in b), smallest edit first."""
    pairs = [(i, j) for i in range(max_gap + 1) for j in range(max_gap + 1)]
    return tuple(sorted(pairs, key=lambda p: (max(p), p[0] + p[1], p)))


def _next_step(a: _Side, b: _Side, a1: int, b1: int, max_gap: int,
               starts: dict[tuple[int, int], int]) -> tuple[int, int, int | None] | None:
    """Where a passage ending at (a1, b1) can continue: new end and any run it joins."""
    for i, j in _gap_candidates(max_gap):
        x, y = a1 + i, b1 + j
        if x > a.n or y > b.n:
            continue
        joined = starts.get((x, y))
        equal = x < a.n and y < b.n and a.words[x] == b.words[y]
        closes = (i or j) and a.brk[x] and b.brk[y]  # the differing words end a paragraph on both sides
        # The cheap tests above rule out almost every candidate before the array scans.
        if (joined is None and not equal and not closes) or not (a.clear(a1, x) and b.clear(b1, y)):
            continue
        if joined is not None and not a.hard[x] and not b.hard[y]:
            return x, y, joined
        m = _match(a, b, x, y) if equal else 0
        if m >= MIN_ANCHOR or (m and a.brk[x + m] and b.brk[y + m]):
            return x + m, y + m, None
        if closes:
            return x, y, None
    return None


def _extend(a: _Side, b: _Side, seg: list[int], max_gap: int, starts: dict[tuple[int, int], int],
            segs: list[list[int]]) -> set[int]:
    """Grow ``seg`` (a0, a1, b0, b1) forwards in place; returns the runs it absorbed."""
    absorbed: set[int] = set()
    while (step := _next_step(a, b, seg[1], seg[3], max_gap, starts)) is not None:
        x, y, joined = step
        a.used[seg[1] : x] = True
        b.used[seg[3] : y] = True
        if joined is not None:
            starts.pop((x, y))
            absorbed.add(joined)
            x, y = segs[joined][1], segs[joined][3]
        seg[1], seg[3] = x, y
    return absorbed


def _chains(a: _Side, b: _Side, segs: list[list[int]], max_gap: int) -> list[list[int]]:
    """Runs joined and extended across small gaps, in both directions."""
    order = sorted(range(len(segs)), key=lambda i: segs[i])
    starts = {(segs[i][0], segs[i][2]): i for i in order}
    absorbed: set[int] = set()
    chains = []
    for i in order:
        if i in absorbed:
            continue
        starts.pop((segs[i][0], segs[i][2]), None)
        seg = list(segs[i])
        absorbed |= _extend(a, b, seg, max_gap, starts, segs)
        chains.append(seg)
    ra, rb = a.reversed(), b.reversed()
    for seg in chains:
        back = [a.n - seg[1], a.n - seg[0], b.n - seg[3], b.n - seg[2]]
        _extend(ra, rb, back, max_gap, {}, [])
        seg[0], seg[2] = a.n - back[1], b.n - back[3]
    return sorted(chains)


_CLOSERS = frozenset(".!?\"'\u201d\u2019)]")
_OPENERS = frozenset("\"'\u201c\u2018([")


def outer_span(text: str, tokens: Tokens, first: int, last: int) -> Span:
    """Words first..last plus attached opening quotes and sentence-closing marks.

    A passage that ends a sentence should read "hometown." not "hometown";
    commas and colons stay out, since the next words are not shared.
    """
    start, end = tokens.starts[first], tokens.ends[last]
    floor = tokens.ends[first - 1] if first else 0
    ceiling = tokens.starts[last + 1] if last + 1 < len(tokens) else len(text)
    while start > floor and text[start - 1] in _OPENERS:
        start -= 1
    while end < ceiling and text[end] in _CLOSERS:
        end += 1
    return Span(start, end)


def _cut_points(tokens: Tokens, first: int, count: int, span: Span) -> list[int]:
    """Cut points for ops: each op runs to the next op's first word, so texts concatenate."""
    return [span.start, *tokens.starts[first + 1 : first + count], span.end]


def _diff(text_a: str, ta: Tokens, text_b: str, tb: Tokens, seg: list[int],
          spans: tuple[Span, Span]) -> tuple[tuple[str, str, str], ...]:
    """Word-level Levenshtein opcodes as (op, a_text, b_text); empty when the words agree."""
    wa, wb = ta.words[seg[0] : seg[1]], tb.words[seg[2] : seg[3]]
    if wa == wb:
        return ()
    ca, cb = _cut_points(ta, seg[0], len(wa), spans[0]), _cut_points(tb, seg[2], len(wb), spans[1])
    return tuple((op.tag, text_a[ca[op.src_start] : ca[op.src_end]], text_b[cb[op.dest_start] : cb[op.dest_end]])
                 for op in Levenshtein.opcodes(wa, wb))


def _not_names(runs: list[tuple[int, ...]], article: Article, tokens: Tokens, k: int) -> list[tuple[int, ...]]:
    """Drop short runs of capitalised words only: names, not copied text."""
    lower = np.fromiter((article.text[s].islower() for s in tokens.starts), dtype=bool, count=len(tokens))
    lowers = np.concatenate(([0], np.cumsum(lower)))
    return [(a0, b0, n) for a0, b0, n in runs if n >= 2 * k or lowers[a0 + n] > lowers[a0]]


def _align_tokens(a: Article, ta: Tokens, b: Article, tb: Tokens, k: int, max_gap: int) -> tuple[Passage, ...]:
    """Shared passages, sorted by their start in ``a``."""
    if k < 1 or max_gap < 0:
        raise ValueError(f"shingle size must be >= 1 and max_gap >= 0, got {k} and {max_gap}")
    if min(len(ta), len(tb)) < k:
        return ()
    side_a, side_b = _Side.build(a, ta), _Side.build(b, tb)
    runs = _exact_runs(shingle_sequence(ta.words, k), shingle_sequence(tb.words, k), k)
    segs = _select_runs(_not_names(runs, a, ta, k), side_a, side_b, k)
    passages = []
    for seg in _chains(side_a, side_b, segs, max_gap):
        span_a = outer_span(a.text, ta, seg[0], seg[1] - 1)
        span_b = outer_span(b.text, tb, seg[2], seg[3] - 1)
        diff = _diff(a.text, ta, b.text, tb, seg, (span_a, span_b))
        passages.append(Passage(span_a, span_b, span_a.slice(a.text), span_b.slice(b.text), diff))
    return tuple(passages)


def _covered(tokens: Tokens, spans: list[Span]) -> np.ndarray:
    """Which tokens lie inside the given character spans."""
    mask = np.zeros(len(tokens), dtype=bool)
    starts = np.asarray(tokens.starts)
    for span in spans:
        mask[np.searchsorted(starts, span.start) : np.searchsorted(starts, span.end)] = True
    return mask


def _verdict(ta: Tokens, tb: Tokens, passages: tuple[Passage, ...], cov: tuple[float, float], shared: int) -> str:
    if ta.words and ta.words == tb.words:
        return EXACT
    if max(cov) >= REPRINT_COVERAGE and shared >= REPRINT_MIN_WORDS:
        return REPRINT
    longest = max((len(p.a_text.split()) for p in passages), default=0)
    if longest >= PARTIAL_MIN_WORDS or max(cov) >= PARTIAL_COVERAGE:
        return PARTIAL
    return INDEPENDENT


def _credit(article: Article) -> str:
    """Who the article says wrote the copy: agency credits, else the author line."""
    names = sorted({ag.name for ag in article.agencies if ag.role in ("byline", "dateline")})
    return ", ".join(names) if names else (article.author or "")


def _uncovered(article: Article, tokens: Tokens, mask: np.ndarray) -> list[str]:
    """Body text outside every passage: whole paragraphs, else stretches of words."""
    out = []
    starts = np.asarray(tokens.starts)
    for para in article.paragraphs:
        lo, hi = np.searchsorted(starts, para.start), np.searchsorted(starts, para.end)
        free = ~mask[lo:hi]
        if hi > lo and free.all():
            out.append(para.slice(article.text))
        elif free.any():
            out += [article.text[tokens.starts[lo + s] : tokens.ends[lo + e - 1]]
                    for s, e in _free_pieces(free, np.zeros(hi - lo, dtype=bool))]
    return out


def _inner_edits(passages: tuple[Passage, ...]) -> list[Edit]:
    """Substitutions, cuts and additions inside passages, from their word diffs.

    Adjacent operations are one edit, as in reuse clusters: "three hundred" -> "300" is one
    substitution, not a substitution and a cut. Each diff part is a slice of the original text
    ending where the next begins, so joined parts are the original text too.
    """
    edits = []
    for passage in passages:
        changed: list[tuple[str, str]] = []
        for op, a_part, b_part in (*passage.diff, ("equal", "", "")):
            if op != "equal":
                changed.append((a_part, b_part))
                continue
            if changed:
                a_text, b_text = ("".join(parts).strip(" \t\n,;:") for parts in zip(*changed, strict=True))
                if a_text or b_text:
                    kind = "substitute" if a_text and b_text else "cut" if a_text else "add"
                    edits.append(Edit(kind, a_text, b_text))
                changed = []
    return edits


def _edits(a: Article, ta: Tokens, b: Article, tb: Tokens, passages: tuple[Passage, ...],
           masks: tuple[np.ndarray, np.ndarray]) -> tuple[Edit, ...]:
    """How b differs from a: attribution, then edits inside passages, cuts, additions."""
    edits = []
    if _credit(a) != _credit(b):
        edits.append(Edit("attribution", _credit(a), _credit(b)))
    edits += _inner_edits(passages)
    edits += [Edit("cut", text, "") for text in _uncovered(a, ta, masks[0])]
    edits += [Edit("add", "", text) for text in _uncovered(b, tb, masks[1])]
    return tuple(edits)


def likely_original(a: Article, b: Article, verdict: str) -> Origin:
    """The likely source of two articles on evidence (``compare.reuse.origin``), else unknown and why.

    Only copies (an exact copy or a reprint) are judged on page and byline;
    articles that merely share passages are judged on dates alone.
    """
    return probable_original((a, b), copies=verdict in (EXACT, REPRINT))


def compare_passages(a: Article, b: Article, *, shingle_size: int = 4, max_gap: int = 3) -> PassageComparison:
    """Passages, directional coverage, verdict and (for copies) the edits from a to b.

    Seeds are 4-word shingles, not dedup's 5: news reuse is often a 4-word
    fragment around an edit ("first visit to Japan [as president] in 11
    years"); on clough-stevenson 4 is within 0.005 AUC of the best size.
    Passages are at least ``shingle_size`` words long.
    """
    if shingle_size < 1 or not 0 <= max_gap <= MAX_GAP_LIMIT:
        raise UsageError(f"passage shingle size must be >= 1 and max gap in [0, {MAX_GAP_LIMIT}] words, "
                         f"got {shingle_size} and {max_gap}")
    ta, tb = tokenize(a.text, a.paragraphs), tokenize(b.text, b.paragraphs)
    passages = _align_tokens(a, ta, b, tb, shingle_size, max_gap)
    masks = (_covered(ta, [p.a for p in passages]), _covered(tb, [p.b for p in passages]))
    shared = (int(masks[0].sum()), int(masks[1].sum()))
    cov = (shared[0] / max(len(ta), 1), shared[1] / max(len(tb), 1))
    verdict = _verdict(ta, tb, passages, cov, min(shared))
    edits = _edits(a, ta, b, tb, passages, masks) if verdict in (EXACT, REPRINT) else ()
    ordered = ordered_overlap(ta.words, tb.words)
    origin = likely_original(a, b, verdict)
    return PassageComparison(a.id, b.id, passages, cov[0], cov[1], verdict, edits, origin.original,
                             len(ta), len(tb), shared[0], shared[1], *ordered, origin.reason)
