"""The one call that runs the stages: articles -> sketches -> pairs -> results.

The CLI and the tests both go through here, so what a test checks is what a
user gets.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from itertools import combinations
from pathlib import Path
from typing import TYPE_CHECKING

from compare import bulk, dedup, workers
from compare.cache import SignatureCache, cache_key
from compare.errors import NoArticlesError
from compare.ingest import read_corpus
from compare.models import (
    Article,
    Cluster,
    CorpusResult,
    PairResult,
    Params,
    Progress,
    Similarity,
    Skipped,
    StoryResult,
    silent,
)

if TYPE_CHECKING:  # the fact layer is imported lazily: `compare dedup` must start fast
    from compare.facts import FactComparison

MATRIX_LIMIT = 30
FULL_CLUSTER = 10  # clusters up to this size get a report for every pair
# Documents sketched per numpy pass: big enough to amortise calls, small enough for the cache.
SKETCH_BATCH = 256


def _bodies(articles: Sequence[Article]) -> list[str]:
    # Paragraphs joined by a separator give the same words as read one by one.
    return ["\x00".join(p.slice(a.text) for p in a.paragraphs) for a in articles]


def sketch_articles(
    articles: Sequence[Article], params: Params, cache: SignatureCache | None = None, progress: Progress = silent
) -> tuple[list[dedup.DocSketch], list[int]]:
    """MinHash sketches of each article's body (never its chrome or captions), and its word counts.

    With a cache, only bodies it has not seen under these parameters are sketched.
    """
    bodies = _bodies(articles)
    keys = [cache_key(body, params) for body in bodies] if cache else []
    known = cache.get_many(keys, params.num_perm) if cache else {}
    missing = [i for i in range(len(articles)) if not cache or keys[i] not in known]
    fresh: dict[int, tuple[int, dedup.DocSketch]] = {}
    for start in range(0, len(missing), SKETCH_BATCH):
        batch = missing[start : start + SKETCH_BATCH]
        counts, sketched = dedup.sketch_texts([bodies[i] for i in batch], params)
        fresh.update(zip(batch, zip(counts.tolist(), sketched, strict=True), strict=True))
        progress("sketching", len(batch), len(missing))
    if cache:
        cache.put_many((keys[i], words, sketch) for i, (words, sketch) in fresh.items())
    found = [fresh[i] if i in fresh else known[keys[i]] for i in range(len(articles))]
    return [sketch for _, sketch in found], [words for words, _ in found]


def near_duplicates(
    articles: Sequence[Article], params: Params, cache: SignatureCache | None = None, progress: Progress = silent
) -> tuple[list[Similarity], list[dedup.DocSketch], list[int]]:
    """Verified near-duplicate pairs sorted by ids, the sketches they came from, and word counts."""
    dedup.validate_params(params)
    sketches, sizes = sketch_articles(articles, params, cache, progress)
    found = []
    for i, j in sorted(dedup.candidate_pairs(sketches, params)):
        similarity = _similarity(articles, sketches, i, j)
        if dedup.is_related(similarity, params):
            found.append(similarity)
    return sorted(found, key=lambda s: (s.a, s.b)), sketches, sizes


def _similarity(articles: Sequence[Article], sketches: Sequence[dedup.DocSketch], i: int, j: int) -> Similarity:
    first, second = sorted((i, j), key=lambda k: articles[k].id)
    return dedup.exact_similarity(
        articles[first].id, articles[second].id, sketches[first].shingles, sketches[second].shingles
    )


@workers.PausedGC()
def analyse(
    articles: Sequence[Article],
    params: Params,
    skipped: Iterable[Skipped] = (),
    cache: SignatureCache | None = None,
    progress: Progress = silent,
    jobs: int | None = 1,
) -> CorpusResult:
    """Everything the reports need, computed once from the articles.

    ``jobs`` worker processes (None or 0: every core) share the fact layer,
    which costs most; results do not depend on their number.
    """
    workers_count = workers.validate_jobs(jobs)
    articles = sorted(articles, key=lambda a: a.id)
    if not articles:
        raise NoArticlesError("no articles to compare; add .txt or .md files to the folder")
    related, sketches, sizes = near_duplicates(articles, params, cache, progress)
    related_keys = {(s.a, s.b) for s in related}
    sharing = dedup.passage_pairs([s.shingles for s in sketches], params.min_shared)
    sharing = {
        (i, j) for i, j in sharing
        if dedup.longest_shared_run(sketches[i].sequence, sketches[j].shingles) >= params.min_shared
    }
    extra = [_similarity(articles, sketches, i, j) for i, j in sharing]
    extra = [s for s in extra if (s.a, s.b) not in related_keys]
    by_id = {a.id: a for a in articles}
    word_counts = {a.id: size for a, size in zip(articles, sizes, strict=True)}
    groups = dedup.clusters([a.id for a in articles], [word_counts[a.id] for a in articles], related)
    found = [(s, True) for s in related] + [(s, False) for s in extra]
    _extract_units(articles, workers_count, progress, cache)
    pairs = _describe_pairs(by_id, found, groups, params, workers_count, progress, cache)
    return CorpusResult(
        params=params,
        articles=tuple(articles),
        word_counts=word_counts,
        shingle_counts={a.id: int(s.shingles.size) for a, s in zip(articles, sketches, strict=True)},
        pairs=tuple(sorted(pairs, key=lambda p: (p.similarity.a, p.similarity.b))),
        clusters=groups,
        matrix=_matrix(articles, sketches),
        stories=find_stories(articles, pairs, progress, workers_count),
        skipped=tuple(sorted(skipped, key=lambda s: s.path)),
    )


def _worth_describing(similarity: Similarity, groups: Sequence[Cluster]) -> bool:
    """Every pair is described, except inside a big cluster, where only pairs with its representative are.

    Forty reprints of one wire story make 780 pairs; 39 reports against the
    longest copy say what each republisher changed without the quadratic pile.
    """
    for group in groups:
        if similarity.a in group.members:
            large = len(group.members) > FULL_CLUSTER and similarity.b in group.members
            return not large or group.representative in (similarity.a, similarity.b)
    return True


def describe_pair(a: Article, b: Article, similarity: Similarity, related: bool, max_gap: int = 3) -> PairResult:
    """Passages, edits and facts of one pair whose similarity is already known."""
    from compare.facts import compare_facts  # imported here: `compare dedup` must start fast
    from compare.passages import compare_passages

    alignment = compare_passages(a, b, max_gap=max_gap)
    return PairResult(similarity, related=related, alignment=alignment, facts=compare_facts(a, b))


# What a worker needs to describe one pair: both articles, their similarity, related, max gap.
PairTask = tuple[Article, Article, Similarity, bool, int]


def _describe_task(task: PairTask) -> PairResult:
    return describe_pair(*task)


def _facts_task(pair: tuple[Article, Article]) -> FactComparison:
    from compare.facts import compare_facts

    return compare_facts(*pair)


def _pickled_units(article: Article) -> bytes:
    from compare.cache import pickle_value
    from compare.facts import extract_units

    return pickle_value(extract_units(article))


def _extract_units(articles: Sequence[Article], jobs: int, progress: Progress,
                   cache: SignatureCache | None = None) -> None:
    """Fact units of every article (stories need them all): from the cache, else on the workers; memoised here.

    With a cache, workers send units pickled, so storing them costs the
    parent nothing more than reading them.
    """
    from compare.cache import units_key, unpickle_value
    from compare.facts import extract_units, remember_units
    from compare.samefact import load_tables

    keys = [units_key(a) for a in articles] if cache else [b""] * len(articles)
    known = cache.get_values("units", keys) if cache else {}
    todo = [i for i, key in enumerate(keys) if key not in known]
    for article, key in zip(articles, keys, strict=True):
        if key in known:
            remember_units(article, known[key])
    load_tables()
    extract = _pickled_units if cache else extract_units
    for start, found in workers.map_in_order(extract, [articles[i] for i in todo], jobs):
        batch = todo[start : start + len(found)]
        if cache:
            cache.put_blobs("units", [(keys[i], blob) for i, blob in zip(batch, found, strict=True)])
        for i, units in zip(batch, found, strict=True):
            remember_units(articles[i], unpickle_value(units) if cache else units)
        progress("reading facts", len(batch), len(todo))


def _all_units(articles: Iterable[Article]) -> list[object]:
    """The memoised fact units of some articles: results from workers refer to these, not copies."""
    from compare.facts import fact_units

    return [unit for article in articles for unit in fact_units(article)]


def _describe_and_pickle(task: PairTask) -> tuple[PairResult, bytes]:
    """A pair's result and its stored form for the cache (made on the worker, where the units are)."""
    from compare.cache import pickle_pair
    from compare.facts import fact_units

    result = describe_pair(*task)
    return result, pickle_pair((result.alignment, result.facts), fact_units(task[0]), fact_units(task[1]))


def _describe_pairs(by_id: Mapping[str, Article], found: Sequence[tuple[Similarity, bool]], groups: Sequence[Cluster],
                    params: Params, jobs: int, progress: Progress, cache: SignatureCache | None = None
                    ) -> list[PairResult]:
    """A result for every pair; passages and facts for those worth describing: cached, else on the workers."""
    from compare.cache import pair_key

    tasks: list[PairTask] = []
    pairs: list[PairResult] = []
    for s, rel in found:
        if _worth_describing(s, groups):
            tasks.append((by_id[s.a], by_id[s.b], s, rel, params.max_gap))
        else:
            pairs.append(PairResult(s, related=rel))
    keys = [pair_key(a, b, params.max_gap) for a, b, *_ in tasks] if cache else []
    todo = _described_before(tasks, keys, cache, pairs) if cache else list(range(len(tasks)))
    describe = _describe_and_pickle if cache else _describe_task
    for start, results in workers.map_in_order(describe, [tasks[i] for i in todo], jobs,
                                               shared=_all_units(by_id.values())):
        if cache:
            batch = todo[start : start + len(results)]
            cache.put_blobs("pairs", [(keys[i], blob) for i, (_, blob) in zip(batch, results, strict=True)])
        pairs += [result for result, _ in results] if cache else results
        progress("comparing pairs", len(results), len(todo))
    return pairs


def _described_before(tasks: Sequence[PairTask], keys: Sequence[bytes],
                      cache: SignatureCache, pairs: list[PairResult]) -> list[int]:
    """Add to ``pairs`` the results the cache holds under ``keys``; return the indices of the tasks it does not."""
    from compare.cache import unpickle_pair
    from compare.facts import fact_units

    stored = cache.get_blobs("pairs", keys)
    missing = []
    for i, ((a, b, similarity, related, _), key) in enumerate(zip(tasks, keys, strict=True)):
        found = unpickle_pair(stored[key], fact_units(a), fact_units(b)) if key in stored else None
        if found is None:
            missing.append(i)
        else:
            pairs.append(PairResult(similarity, related=related, alignment=found[0], facts=found[1]))
    return missing


def _compare_facts(pairs: Sequence[tuple[Article, Article]], known: dict[tuple[str, str], FactComparison],
                   jobs: int, progress: Progress, stage: str) -> None:
    """Add the fact comparison of each pair not yet in ``known``, computed on the workers."""
    todo = [(a, b) for a, b in pairs if (a.id, b.id) not in known]
    involved = {a.id: a for pair in todo for a in pair}.values()
    for start, results in workers.map_in_order(_facts_task, todo, jobs, shared=_all_units(involved)):
        for (a, b), fc in zip(todo[start : start + len(results)], results, strict=True):
            known[(a.id, b.id)] = fc
        progress(stage, len(results), len(todo))


def find_stories(
    articles: Sequence[Article], pairs: Sequence[PairResult], progress: Progress = silent, jobs: int = 1
) -> tuple[StoryResult, ...]:
    """Stories: articles sharing names and facts, reusing the fact comparisons pairs already ran."""
    from compare.stories import group_stories, name_pairs, story_comparisons

    known = {(p.similarity.a, p.similarity.b): p.facts for p in pairs if p.facts is not None}
    by_id = {a.id: a for a in articles}
    named = name_pairs(articles, progress)
    _compare_facts(named[1], known, jobs, progress, "finding stories")
    found = group_stories(articles, known, named)
    members = [sorted((by_id[m] for m in story.members), key=lambda a: a.id) for story in found]
    pairs_in_stories = [pair for group in members for pair in combinations(group, 2)]
    _compare_facts(pairs_in_stories, known, jobs, progress, "comparing stories")
    return tuple(
        StoryResult(story.id, story.members, story.entities, story_comparisons(group, known))
        for story, group in zip(found, members, strict=True)
    )


def compare_two(a: Article, b: Article, params: Params) -> PairResult:
    """Everything about one pair of articles, whether or not they are related (`compare pair`)."""
    dedup.validate_params(params)
    first, second = sorted((a, b), key=lambda x: x.id)
    sketches, _ = sketch_articles([first, second], params)
    similarity = dedup.exact_similarity(first.id, second.id, sketches[0].shingles, sketches[1].shingles)
    return describe_pair(first, second, similarity, dedup.is_related(similarity, params), params.max_gap)


def _matrix(articles: Sequence[Article], sketches: Sequence[dedup.DocSketch]) -> tuple[Similarity, ...]:
    if len(articles) > MATRIX_LIMIT:
        return ()
    return tuple(
        _similarity(articles, sketches, i, j) for i in range(len(articles)) for j in range(i + 1, len(articles))
    )


@workers.PausedGC()
def run_folder(
    folder: Path,
    params: Params,
    cache: SignatureCache | None = None,
    progress: Progress = silent,
    reports: Path | None = None,
    jobs: int | None = 1,
    sources: Path | None = None,
) -> CorpusResult:
    """Read a folder of articles (never the reports folder, if it lies inside) and analyse it on ``jobs`` workers."""
    dedup.validate_params(params)
    workers_count = workers.validate_jobs(jobs)
    articles, skipped = read_corpus(folder, exclude=reports, jobs=workers_count, progress=progress, cache=cache,
                                    sources=sources)
    if not articles:
        raise NoArticlesError(
            f"{folder}: no articles found; compare reads .txt, .md, .html, .htm, .json and .jsonl files, recursively"
        )
    return analyse(articles, params, skipped, cache, progress, workers_count)


def dedup_input(
    source: Path, params: Params, jobs: int | None = None, progress: Progress = silent,
    cache: SignatureCache | None = None, sources: Path | None = None,
) -> tuple[list[Similarity], tuple[Cluster, ...], list[Skipped]]:
    """Near-duplicate pairs and clusters of a folder or .jsonl, as `compare dedup` reports them.

    A .jsonl export is streamed on every core and compared as given (its
    texts are extracted bodies); a folder is read and cleaned like `run` does,
    with the same cache of pages, articles and signatures.
    """
    dedup.validate_params(params)
    workers_count = workers.validate_jobs(jobs)
    if source.is_file() and source.suffix.lower() == ".jsonl":
        return bulk.dedup_jsonl(source, params, workers_count, progress)
    articles, skipped = read_corpus(source, jobs=workers_count, cache=cache, sources=sources)
    if not articles:
        raise NoArticlesError(f"{source}: no articles found")
    related, _, sizes = near_duplicates(articles, params, cache, progress)
    return related, dedup.clusters([a.id for a in articles], sizes, related), list(skipped)


def new_duplicates(result: CorpusResult, new_ids: Iterable[str]) -> list[Similarity]:
    """Near-duplicate pairs involving an article added since the reports were written."""
    new = set(new_ids)
    return [p.similarity for p in result.pairs if p.related and ({p.similarity.a, p.similarity.b} & new)]
