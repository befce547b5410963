"""Cross-outlet boilerplate: sentences printed under many articles that are otherwise unrelated.

A newsletter prompt, a copyright line, a "follow us" block or a syndicator's
standard tail is printed verbatim in a large share of a folder, whatever the
story, whichever the outlet (known or not). A statement widely quoted within
one story recurs too, but its carriers are related: they name the same
people and places. The outlet rule (``corpus.recurring_keys``) sees only one
outlet's edges; this one sees every body sentence of the corpus.

``find_boilerplate`` decides, in near-linear time:

1. Every body sentence of at least ``MIN_WORDS`` words gets a key
   (``line_key``: case, quote style and white space ignored), and so does
   every line of that length other rules already removed by shape alone
   (``SHAPE_REASONS``: a newsletter prompt is often one); an article counts
   a key once. Shorter sentences are stock phrases of news writing ("No one
   was hurt.", "The company declined to comment.") that unrelated stories
   share by chance, and too short to make a passage of their own (a
   passage needs 12 words in a row).
2. A key is a candidate when its carriers number at least ``MIN_CARRIERS``
   and ``MIN_SHARE`` of the articles. Boilerplate is printed on a large share
   of a site's pages; a sentence that unrelated articles share by chance (a
   stock background line, a quote reused for months) stays far below that:
   on the stress corpus a pool sentence reaches about 0.9% of the articles,
   the rarest boilerplate 5%.
3. A candidate that reports speech (``SPEECH_VERBS``: "said", "told", ...)
   is a statement, never boilerplate, however far it travelled: a site's
   prompts and notices address the reader or describe the publication;
   they do not quote anyone. A quote reused across stories is reuse.
4. For each remaining candidate, up to ``SAMPLE_PAIRS`` pairs of its carriers
   are drawn (seeded by the key, so runs repeat). A pair is related when the
   names of the smaller article (capitalised words after a sentence's first
   word, outside the candidate and the boilerplate already found; candidates
   are judged most carried first) are at least ``RELATED_NAMES`` shared with
   the other, and at least ``MIN_SHARED_NAMES`` of them: one story's articles
   name the same people, places and bodies; two random news articles share
   under a quarter of their names (99th percentile 0.22 on the stress corpus).
5. A candidate is boilerplate when fewer than ``MAX_RELATED_PAIRS`` of its
   sampled pairs are related: most of its carriers have nothing else in
   common. A statement quoted across one story fails here and stays in the
   bodies (it is reuse, reported as such).

Cost: ``scan`` cuts each body at every end mark and line end (cheap) and
counts the pieces; a sentence is no more widespread than any of its pieces,
so the sentence splitter (about 1 ms an article) runs only in paragraphs
holding ``MIN_WORDS`` words of consecutive frequent pieces. Then at most
``SAMPLE_PAIRS`` set intersections per candidate; candidates are few because
each needs ``MIN_SHARE`` of the corpus. On the 3,000-article stress corpus
the pass takes about 0.6 ms an article (``benchmarks/boilerplate.py``).

``strip_boilerplate`` then cuts those sentences out of the paragraph spans
(a paragraph is cut around a sentence inside it) and records each as a
``RemovedLine`` "boilerplate, in N articles"; ``Article.text`` is unchanged.
The article cache holds articles before this pass, which is recomputed from
the corpus on every run, so no cache key depends on it; every later key
(sketches, fact units, pairs) hashes the stripped paragraphs.
"""

from __future__ import annotations

import random
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import replace
from itertools import combinations

from compare.facts.sentences import split_sentences
from compare.ingest.cleanup import line_key
from compare.models import Article, Boilerplate, RemovedLine, Span

MIN_WORDS = 6
MIN_CARRIERS = 5
MIN_SHARE = 0.02
SAMPLE_PAIRS = 40
RELATED_NAMES = 0.3
MIN_SHARED_NAMES = 2
MAX_RELATED_PAIRS = 0.5
REASON = "boilerplate"
CALENDAR_WORDS = frozenset({
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
    "april", "may", "june", "july", "august", "september", "october", "november", "december"})
SPEECH_VERBS = frozenset({"said", "says", "say", "told", "tells"})
SHAPE_REASONS = frozenset({"chrome", "furniture", "footer"})
"""Lines other rules removed by their shape or place alone: a newsletter prompt is often one of them,
and its carriers count (its row is then relabelled "boilerplate, in N articles")."""
_WORD = re.compile(r"[a-z]+")
_PIECE_END = re.compile(r"[.!?…]+[\"'\u201d\u2019)\]]*(?=\s)|\n")
_NAME = re.compile(r"(?<=[\s(\"“‘'])[A-Z][\w'’.&-]*\w")

Keyed = dict[str, list[Span]]


def sentence_keys(article: Article, paragraphs: Sequence[Span] | None = None) -> Keyed:
    """The article's body sentences (or those of ``paragraphs``) of ``MIN_WORDS`` words or more, by key,
    with where each is."""
    found: Keyed = defaultdict(list)
    for span in split_sentences(article.text, article.paragraphs if paragraphs is None else paragraphs):
        key = line_key(span.slice(article.text))
        if key.count(" ") >= MIN_WORDS - 1:
            found[key].append(span)
    return found


def pieces(text: str, spans: Sequence[Span]) -> list[tuple[int, Span, str]]:
    """The spans (an article's paragraphs) cut at every end mark followed by white space and at every line
    end: (index of the span, piece, key) of each non-blank piece. ``split_sentences`` cuts at some of these
    places only, so every sentence is a run of whole pieces, and an article that carries a sentence carries
    each of its pieces."""
    found = []
    for index, paragraph in enumerate(spans):
        start = paragraph.start
        for end in [*(m.end() for m in _PIECE_END.finditer(text, start, paragraph.end)), paragraph.end]:
            piece = text[start:end]
            key = line_key(piece)
            if key:  # the piece starts at its first word, not at the space after the last end mark
                found.append((index, Span(end - len(piece.lstrip()), end), key))
            start = end
    return found


def _may_hold(article_pieces: Sequence[tuple[int, Span, str]], frequent: AbstractSet[str]) -> set[int]:
    """Paragraphs with ``MIN_WORDS`` words or more of consecutive frequent pieces: only there can a sentence
    be carried by that many articles, since each of its pieces is."""
    found: set[int] = set()
    run, last = 0, -1
    for index, _, key in article_pieces:
        run = (run if index == last else 0) + key.count(" ") + 1 if key in frequent else 0
        last = index
        if run >= MIN_WORDS:
            found.add(index)
    return found


def scan(articles: Sequence[Article]) -> list[Keyed]:
    """``sentence_keys`` of every article, less the sentences too rare to be candidates (step 1's count): the
    costly sentence split runs only in paragraphs whose pieces are all frequent enough."""
    cut = [pieces(article.text, article.paragraphs) for article in articles]
    removed = [pieces(a.text, _shape_rows(a)) for a in articles]  # lines removed by shape count as carriers too
    counts = Counter(key for body, rows in zip(cut, removed, strict=True) for key in {k for *_, k in body + rows})
    frequent = {key for key, count in counts.items() if count >= _needed(len(articles))}
    keyed = []
    for article, found in zip(articles, cut, strict=True):
        chosen = [article.paragraphs[i] for i in sorted(_may_hold(found, frequent))]
        keyed.append(sentence_keys(article, chosen) if chosen else {})
    return keyed


def _needed(articles: int) -> float:
    """Carriers a candidate needs (step 2)."""
    return max(MIN_CARRIERS, MIN_SHARE * articles)


def _shape_rows(article: Article) -> list[Span]:
    return [row.span for row in article.removed if row.reason in SHAPE_REASONS]


def chrome_keys(article: Article) -> Keyed:
    """The lines of ``MIN_WORDS`` words or more that shape rules already took out as ``SHAPE_REASONS``, by key."""
    found: Keyed = defaultdict(list)
    for row in article.removed:
        key = line_key(row.span.slice(article.text))
        if row.reason in SHAPE_REASONS and key.count(" ") >= MIN_WORDS - 1:
            found[key].append(row.span)
    return found


def _candidates(keyed: Sequence[AbstractSet[str]]) -> dict[str, list[int]]:
    """Keys carried by at least ``MIN_CARRIERS`` articles and ``MIN_SHARE`` of them, with their carriers."""
    counts = Counter(key for keys in keyed for key in keys)
    wanted = {key for key, count in counts.items() if count >= _needed(len(keyed))}
    carriers: dict[str, list[int]] = defaultdict(list)
    for position, keys in enumerate(keyed):
        for key in wanted.intersection(keys):
            carriers[key].append(position)
    return carriers


def piece_names(article: Article) -> list[tuple[Span, frozenset[str]]]:
    """Each piece's names: capitalised words after its first word, days and months aside (unrelated
    reports all happen on a Monday or in March)."""
    found = []
    for _, span, _ in pieces(article.text, article.paragraphs):
        first = article.text.find(" ", span.start, span.end)
        words = frozenset(m.group().casefold() for m in _NAME.finditer(article.text, first, span.end)) \
            if first >= 0 else frozenset()
        found.append((span, words - CALENDAR_WORDS))
    return found


def names(per_piece: Sequence[tuple[Span, frozenset[str]]], skip: Sequence[Span]) -> frozenset[str]:
    """The article's names outside the ``skip`` spans."""
    kept = (words for span, words in per_piece if not any(s.start <= span.start < s.end for s in skip))
    return frozenset().union(*kept)


def related(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two articles' names overlap like one story's: ``RELATED_NAMES`` of the smaller set, at least
    ``MIN_SHARED_NAMES`` names."""
    shared = len(a & b)
    return shared >= MIN_SHARED_NAMES and shared >= RELATED_NAMES * min(len(a), len(b))


def sampled_pairs(carriers: Sequence[int], key: str) -> list[tuple[int, int]]:
    """Every pair of carriers when they are few, else ``SAMPLE_PAIRS`` distinct pairs drawn with the key as seed."""
    if len(carriers) * (len(carriers) - 1) // 2 <= SAMPLE_PAIRS:
        return list(combinations(carriers, 2))
    draw = random.Random(key)
    chosen: set[tuple[int, int]] = set()
    while len(chosen) < SAMPLE_PAIRS:
        a, b = sorted(draw.sample(carriers, 2))
        chosen.add((a, b))
    return sorted(chosen)


def find_boilerplate(articles: Sequence[Article], keyed: Sequence[Keyed] | None = None) -> frozenset[str]:
    """Keys of the sentences that are boilerplate in this corpus (see the module's steps 1-5); ``keyed``:
    each article's ``scan`` when it is known already.

    Candidates are judged most carried first; a carrier's names leave out the candidate judged and the
    boilerplate already found (a "follow us" line names the same networks in every carrier), and the
    ones not taken are judged again after each pass that found one.
    """
    keyed = scan(articles) if keyed is None else keyed
    candidates = _candidates([body.keys() | chrome_keys(a).keys() for a, body in zip(articles, keyed, strict=True)])
    memo: dict[int, list[tuple[Span, frozenset[str]]]] = {}

    def names_of(position: int, skip: AbstractSet[str]) -> frozenset[str]:
        if position not in memo:
            memo[position] = piece_names(articles[position])
        body = keyed[position]
        return names(memo[position], [span for key in skip.intersection(body) for span in body[key]])

    found: set[str] = set()
    judged = [key for key in sorted(candidates, key=lambda k: (-len(candidates[k]), k))
              if not SPEECH_VERBS.intersection(_WORD.findall(key))]
    while True:  # again after a find: two tails in the same carriers hid each other's names the first time
        before = len(found)
        for key in (k for k in judged if k not in found):
            skip = found | {key}
            pairs = sampled_pairs(candidates[key], key)
            close = sum(related(names_of(a, skip), names_of(b, skip)) for a, b in pairs)
            if close < MAX_RELATED_PAIRS * len(pairs):
                found.add(key)
        if len(found) == before:
            return frozenset(found)


def cut(paragraph: Span, holes: Sequence[Span], text: str) -> list[Span]:
    """What is left of a paragraph span once the sorted ``holes`` inside it are out, trimmed of white space."""
    kept = []
    start = paragraph.start
    for hole in [*holes, Span(paragraph.end, paragraph.end)]:
        piece = text[start : hole.start]
        if piece.strip():
            left = start + len(piece) - len(piece.lstrip())
            kept.append(Span(left, start + len(piece.rstrip())))
        start = max(start, hole.end)
    return kept


def _holes(article: Article, keys: frozenset[str], body: Keyed | None) -> dict[str, list[Span]]:
    """Where each boilerplate key sits in the article: in its body (``body``: sentence keys of an earlier
    reading of the same text, of which only the sentences still inside a paragraph count), or in lines
    removed by shape."""
    if body is None:
        body = sentence_keys(article)
    else:
        body = {key: [s for s in body[key] if any(p.start <= s.start and s.end <= p.end for p in article.paragraphs)]
                for key in keys.intersection(body)}
    found: dict[str, list[Span]] = defaultdict(list)
    for keyed in (body, chrome_keys(article)):
        for key in keys.intersection(keyed):
            found[key] += keyed[key]
    return {key: spans for key, spans in found.items() if spans}


def _may_carry(article: Article, keys: frozenset[str]) -> bool:
    """A cheap test before splitting sentences: a key is a substring of the whole text's key where it occurs."""
    whole = line_key(article.text)
    return any(key in whole for key in keys)


def _stripped(article: Article, holes: Mapping[str, Sequence[Span]], counts: Counter[str]) -> Article:
    """The article with its boilerplate sentences cut out of the paragraphs and listed as removed, and shape-removed
    lines that are boilerplate relabelled."""
    spans = sorted(span for found in holes.values() for span in found)
    paragraphs = [piece for p in article.paragraphs
                  for piece in cut(p, [s for s in spans if p.start <= s.start < p.end], article.text)]
    reason = {span: f"{REASON}, in {counts[key]:,} articles" for key, found in holes.items() for span in found}
    rows = [RemovedLine(row.span, reason.pop(row.span, row.reason)) for row in article.removed]
    rows += [RemovedLine(span, why) for span, why in reason.items()]
    return replace(article, paragraphs=tuple(paragraphs), removed=tuple(sorted(rows, key=lambda r: r.span.start)))


def strip_boilerplate(articles: Sequence[Article], keys: frozenset[str],
                      scanned: Mapping[str, Keyed] | None = None) -> list[Article]:
    """Every article with the boilerplate sentences ``keys`` cut out of its body, each listed as
    "boilerplate, in N articles" (N: the articles here that carry it, in the body or in lines other rules removed
    by shape, which are relabelled so). ``scanned``: by id, sentence keys of an earlier reading of the text."""
    if not keys:
        return list(articles)
    known = scanned or {}
    holes = [_holes(a, keys, known[a.id]) if a.id in known
             else _holes(a, keys, None) if _may_carry(a, keys) else {} for a in articles]
    counts = Counter(key for found in holes for key in found)
    return [_stripped(a, found, counts) if found else a for a, found in zip(articles, holes, strict=True)]


def is_boilerplate(row: RemovedLine) -> bool:
    return row.reason.startswith(f"{REASON},")


def collect(articles: Iterable[Article]) -> tuple[Boilerplate, ...]:
    """The boilerplate the articles' removed lines record: each sentence once, with the articles carrying it,
    most carried first."""
    carriers: dict[str, set[str]] = defaultdict(set)
    texts: dict[str, str] = {}
    for article in sorted(articles, key=lambda a: a.id):
        for row in filter(is_boilerplate, article.removed):
            text = " ".join(row.span.slice(article.text).split())
            texts.setdefault(line_key(text), text)
            carriers[line_key(text)].add(article.id)
    found = [Boilerplate(texts[key], tuple(sorted(ids))) for key, ids in carriers.items()]
    return tuple(sorted(found, key=lambda b: (-len(b.articles), b.text)))
