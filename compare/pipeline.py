"""The one call that runs the stages: files -> articles -> sketches -> pairs -> passages and facts -> results.

The CLI and the tests both go through here, so what a test checks is what a
user gets. Each stage takes its inputs as arguments and returns what it
made; the run's fact units, for one, are a value passed from stage to stage
(and to forked workers only as ``shared``), never a module's memory.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from itertools import combinations
from pathlib import Path
from typing import TYPE_CHECKING, Any

from compare.errors import NoArticlesError
from compare.ingest import read_article, read_corpus
from compare.ingest.boilerplate import collect as collect_boilerplate
from compare.models import Article, Cluster, Params, ReuseCluster, Similarity, Skipped
from compare.neardup import clusters, lsh, minhash, stream, verify
from compare.results import CorpusResult, PairResult, StoryResult, ThreadResult
from compare.runtime import workers
from compare.runtime.cache import pair_key, sketch_key, units_key
from compare.runtime.cached import Stage, map_cached
from compare.runtime.context import IN_PROCESS, RunContext

if TYPE_CHECKING:  # the fact layer is imported where it is used: `compare dedup` must start fast
    from compare.facts.stories import Story
    from compare.facts.values import FactComparison, FactUnit, Units

MATRIX_LIMIT = 30
FULL_CLUSTER = 10  # clusters up to this size get a report for every pair
# Documents sketched per numpy pass: big enough to amortise calls, small enough for the cache.
SKETCH_BATCH = 256


def _bodies(articles: Sequence[Article]) -> list[str]:
    # Paragraphs joined by a separator give the same words as read one by one.
    return ["\x00".join(p.slice(a.text) for p in a.paragraphs) for a in articles]


def sketch_articles(articles: Sequence[Article], params: Params, context: RunContext = IN_PROCESS
                    ) -> tuple[list[minhash.DocSketch], list[int]]:
    """MinHash sketches of each article's body (never its chrome or captions), and its word counts.

    With a cache, only bodies it has not seen under these parameters are sketched.
    """
    bodies = _bodies(articles)
    cache = context.cache
    keys = [sketch_key(body, params) for body in bodies] if cache else []
    known = cache.get_sketches(keys, params.num_perm) if cache else {}
    missing = [i for i in range(len(articles)) if not cache or keys[i] not in known]
    fresh: dict[int, tuple[int, minhash.DocSketch]] = {}
    for start in range(0, len(missing), SKETCH_BATCH):
        batch = missing[start : start + SKETCH_BATCH]
        counts, sketched = minhash.sketch_texts([bodies[i] for i in batch], params)
        fresh.update(zip(batch, zip(counts.tolist(), sketched, strict=True), strict=True))
        context.progress("sketching", len(batch), len(missing))
    if cache:
        cache.put_sketches((keys[i], words, sketch) for i, (words, sketch) in fresh.items())
    found = [fresh[i] if i in fresh else known[keys[i]] for i in range(len(articles))]
    return [sketch for _, sketch in found], [words for words, _ in found]


def near_duplicates(articles: Sequence[Article], params: Params, context: RunContext = IN_PROCESS
                    ) -> tuple[list[Similarity], list[minhash.DocSketch], list[int]]:
    """Verified near-duplicate pairs sorted by ids, the sketches they came from, and word counts."""
    sketches, sizes = sketch_articles(articles, params, context)
    found = []
    for i, j in sorted(lsh.candidate_pairs(sketches, params)):
        similarity = _similarity(articles, sketches, i, j)
        if verify.is_related(similarity, params):
            found.append(similarity)
    return sorted(found, key=lambda s: (s.a, s.b)), sketches, sizes


def _similarity(articles: Sequence[Article], sketches: Sequence[minhash.DocSketch], i: int, j: int) -> Similarity:
    first, second = sorted((i, j), key=lambda k: articles[k].id)
    return verify.exact_similarity(
        articles[first].id, articles[second].id, sketches[first].shingles, sketches[second].shingles
    )


def _partners(articles: Sequence[Article], sketches: Sequence[minhash.DocSketch], params: Params,
              reuse: Sequence[ReuseCluster], related: Sequence[Similarity]) -> list[Similarity]:
    """Pairs that are not near-duplicates but share a passage of their own: each article's strongest
    ``params.max_partners`` (``compare.reuse.clusters.partner_pairs``); the rest is told by the clusters."""
    from compare.reuse.clusters import partner_pairs

    related_keys = {(s.a, s.b) for s in related}
    index = {a.id: i for i, a in enumerate(articles)}
    chosen = [pair for pair in partner_pairs(reuse, params.max_partners) if pair not in related_keys]
    return [_similarity(articles, sketches, index[a], index[b]) for a, b in chosen]


def find_reuse(articles: Sequence[Article], sketches: Sequence[minhash.DocSketch], params: Params
               ) -> tuple[ReuseCluster, ...]:
    """Every passage two or more articles share, with all its witnesses (``compare.reuse.clusters``)."""
    from compare.reuse.clusters import reuse_clusters

    return reuse_clusters(articles, [s.sequence for s in sketches], params.shingle_size, params.min_shared,
                          params.max_gap)


@workers.PausedGC()
def analyse(articles: Sequence[Article], params: Params, skipped: Iterable[Skipped] = (),
            context: RunContext = IN_PROCESS) -> CorpusResult:
    """Everything the reports need, computed once from the articles.

    ``context.jobs`` worker processes share the fact layer, which costs most;
    results do not depend on their number.
    """
    from compare.reuse.clusters import sharing_pairs
    from compare.reuse.reprints import families_by_member, reprint_families, with_family_origin

    articles = sorted(articles, key=lambda a: a.id)
    if not articles:
        raise NoArticlesError("no articles to compare; add .txt or .md files to the folder")
    related, sketches, sizes = near_duplicates(articles, params, context)
    reuse = find_reuse(articles, sketches, params)
    extra = _partners(articles, sketches, params, reuse, related)
    word_counts = {a.id: size for a, size in zip(articles, sizes, strict=True)}
    groups = clusters.clusters([a.id for a in articles], [word_counts[a.id] for a in articles], related)
    found = [(s, True) for s in related] + [(s, False) for s in extra]
    units = extract_all_units(articles, context)
    pairs = sorted(_describe_pairs(articles, found, groups, params, units, context),
                   key=lambda p: (p.similarity.a, p.similarity.b))
    families = reprint_families([p.alignment for p in pairs if p.alignment], articles)
    by_member = families_by_member(families)
    pairs = [replace(p, alignment=with_family_origin(p.alignment, by_member)) if p.alignment else p for p in pairs]
    stories, threads = find_stories_and_threads(articles, pairs, units, context)
    sharing = sharing_pairs(reuse, [(p.similarity.a, p.similarity.b) for p in pairs])
    return CorpusResult(
        params=params,
        articles=tuple(articles),
        word_counts=word_counts,
        shingle_counts={a.id: int(s.shingles.size) for a, s in zip(articles, sketches, strict=True)},
        pairs=tuple(pairs),
        clusters=groups,
        matrix=_matrix(articles, sketches),
        stories=stories,
        threads=threads,
        skipped=tuple(sorted(skipped, key=lambda s: s.path)),
        families=families,
        units=units,
        reuse=reuse,
        sharing_pairs=sharing,
        boilerplate=collect_boilerplate(articles),
    )


def extract_all_units(articles: Sequence[Article], context: RunContext = IN_PROCESS
                      ) -> dict[str, tuple[FactUnit, ...]]:
    """Fact units of every article by id (stories need them all): from the cache, else on the workers."""
    from compare.facts.paraphrase import load_tables
    from compare.facts.units import extract_units

    load_tables()  # before forking: the workers share one copy of the word tables
    stage: Stage[Article, tuple[FactUnit, ...]] = Stage("reading facts", extract_units, units_key)
    found = map_cached(stage, articles, context)
    return {article.id: units for article, units in zip(articles, found, strict=True)}


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


def describe_pair(a: Article, b: Article, similarity: Similarity, related: bool, units: Units,
                  max_gap: int = 3) -> PairResult:
    """Passages, edits and facts of one pair whose similarity is already known."""
    from compare.facts.matching import compare_facts
    from compare.reuse.passages import compare_passages

    alignment = compare_passages(a, b, max_gap=max_gap)
    return PairResult(similarity, related=related, alignment=alignment, facts=compare_facts(a.id, b.id, units))


# What a worker needs to describe one pair: both articles, their similarity, related, max gap.
PairTask = tuple[Article, Article, Similarity, bool, int]


def _description(task: PairTask, units: Units) -> tuple[Any, Any]:
    """What the cache keeps of a pair: its passages and its facts (the similarity is known before)."""
    a, b, similarity, related, max_gap = task
    result = describe_pair(a, b, similarity, related, units, max_gap)
    return result.alignment, result.facts


def _pair_stage(units: Units) -> Stage[PairTask, tuple[Any, Any]]:
    """Pair descriptions, cached with each article's fact units stored as ("a"|"b", index) references."""

    def refs(task: PairTask, shared: Mapping[str, Sequence[object]] | None) -> dict[int, list[Any]]:
        return ({id(u): ["b", k] for k, u in enumerate(units[task[1].id])}
                | {id(u): ["a", k] for k, u in enumerate(units[task[0].id])})

    def resolver(task: PairTask) -> Any:
        sides = {"a": units[task[0].id], "b": units[task[1].id]}
        return lambda ref: sides[ref[0]][ref[1]]

    def key(task: PairTask) -> bytes:
        return pair_key(task[0], task[1], task[4])

    return Stage("comparing pairs", _description, key, refs, resolver)


def _describe_pairs(articles: Sequence[Article], found: Sequence[tuple[Similarity, bool]],
                    groups: Sequence[Cluster], params: Params, units: Units, context: RunContext
                    ) -> list[PairResult]:
    """A result for every pair; passages and facts for those worth describing: cached, else on the workers."""
    by_id = {a.id: a for a in articles}
    tasks: list[PairTask] = []
    pairs: list[PairResult] = []
    for s, rel in found:
        if _worth_describing(s, groups):
            tasks.append((by_id[s.a], by_id[s.b], s, rel, params.max_gap))
        else:
            pairs.append(PairResult(s, related=rel))
    described = map_cached(_pair_stage(units), tasks, context, shared=units)
    for (_, _, similarity, related, _), (alignment, facts) in zip(tasks, described, strict=True):
        pairs.append(PairResult(similarity, related=related, alignment=alignment, facts=facts))
    return pairs


def _facts_of(pair: tuple[str, str], units: Units) -> FactComparison:
    from compare.facts.matching import compare_facts

    return compare_facts(pair[0], pair[1], units)


def _compare_facts(pairs: Sequence[tuple[str, str]], known: dict[tuple[str, str], FactComparison],
                   units: Units, context: RunContext, stage: str) -> None:
    """Add the fact comparison of each id pair not yet in ``known``, computed on the workers."""
    todo = [pair for pair in pairs if pair not in known]
    for start, results in workers.map_in_order(_facts_of, todo, context.jobs, shared=units):
        known.update(zip(todo[start : start + len(results)], results, strict=True))
        context.progress(stage, len(results), len(todo))


def find_stories(articles: Sequence[Article], pairs: Sequence[PairResult], units: Units,
                 context: RunContext = IN_PROCESS) -> tuple[StoryResult, ...]:
    """Stories: articles on one event, sharing names and facts (``find_stories_and_threads``' first half)."""
    return find_stories_and_threads(articles, pairs, units, context)[0]


def find_stories_and_threads(articles: Sequence[Article], pairs: Sequence[PairResult], units: Units,
                             context: RunContext = IN_PROCESS
                             ) -> tuple[tuple[StoryResult, ...], tuple[ThreadResult, ...]]:
    """Threads (articles sharing names and facts) and their stories (one per event), reusing the fact
    comparisons pairs already ran."""
    from compare.facts.events import thread_events
    from compare.facts.stories import group_stories, name_pairs, unique_ids

    known = {(p.similarity.a, p.similarity.b): p.facts for p in pairs if p.facts is not None}
    by_id = {a.id: a for a in articles}
    named = name_pairs(articles, units, context.progress)
    _compare_facts([(a.id, b.id) for a, b in named[1]], known, units, context, "finding stories")
    found = group_stories(articles, units, known, named)
    in_threads = [(a, b) for thread in found for a, b in combinations(thread.members, 2)]
    _compare_facts(in_threads, known, units, context, "comparing stories")
    copies = frozenset((p.similarity.a, p.similarity.b) for p in pairs if p.related)
    events = [thread_events(thread, by_id, units, known, copies) for thread in found]
    named_stories = unique_ids([story for stories, _ in events for story in stories])
    threads, stories, start = [], [], 0
    for thread, (own, loose) in zip(found, events, strict=True):
        mine = named_stories[start : start + len(own)]
        start += len(own)
        stories += [_story_result(story, thread.id, by_id, units, known) for story in mine]
        threads.append(ThreadResult(thread.id, thread.entities, tuple(s.id for s in mine), loose))
    return tuple(stories), tuple(threads)


def _story_result(story: Story, thread: str, by_id: Mapping[str, Article], units: Units,
                  known: Mapping[tuple[str, str], FactComparison]) -> StoryResult:
    """A story's fact comparisons, matrix, one-outlet facts and framing by actor."""
    from compare.facts.actors import story_framing
    from compare.facts.stories import alone_facts, fact_matrix, shared_rows, story_comparisons

    group = sorted((by_id[m] for m in story.members), key=lambda a: a.id)
    comparisons = story_comparisons(group, units, known)
    rows = tuple(fact_matrix(group, comparisons, units))
    alone = alone_facts(rows, group, units)
    return StoryResult(story.id, story.members, story.entities, comparisons, shared_rows(rows), alone, thread,
                       story_framing(group, units, alone))


def compare_two(a: Article, b: Article, params: Params) -> PairResult:
    """Everything about one pair of articles, whether or not they are related (`compare pair`).

    The user's order is kept: ``a`` is A and ``b`` is B in the result, so
    edits read from the first file given to the second, whatever their ids.
    """
    from compare.facts.units import extract_units

    sketches, _ = sketch_articles([a, b], params)
    similarity = verify.exact_similarity(a.id, b.id, sketches[0].shingles, sketches[1].shingles)
    units = {a.id: extract_units(a), b.id: extract_units(b)}
    return describe_pair(a, b, similarity, verify.is_related(similarity, params), units, params.max_gap)


def _matrix(articles: Sequence[Article], sketches: Sequence[minhash.DocSketch]) -> tuple[Similarity, ...]:
    if len(articles) > MATRIX_LIMIT:
        return ()
    return tuple(
        _similarity(articles, sketches, i, j) for i in range(len(articles)) for j in range(i + 1, len(articles))
    )


@workers.PausedGC()
def run_folder(folder: Path, params: Params, context: RunContext = IN_PROCESS, reports: Path | None = None,
               sources: Path | None = None, follow_symlinks: bool = False) -> CorpusResult:
    """Read a folder of articles (never the reports folder, if it lies inside) and analyse it.

    ``sources`` names a manifest of files' urls, outlets, dates and authors (default: the folder's own);
    symlinks leading out of the folder are read only with ``follow_symlinks``.
    """
    articles, skipped = read_corpus(folder, exclude=reports, jobs=context.jobs, progress=context.progress,
                                    cache=context.cache, sources=sources, follow_symlinks=follow_symlinks)
    if not articles:
        raise NoArticlesError(
            f"{folder}: no articles found; compare reads .txt, .md, .html, .htm, .json and .jsonl files, "
            f"recursively{skipped_summary(skipped)}"
        )
    return analyse(articles, params, skipped, context)


def read_articles(folder: Path, context: RunContext = IN_PROCESS, sources: Path | None = None,
                  follow_symlinks: bool = False) -> tuple[tuple[Article, ...], tuple[Skipped, ...]]:
    """What compare reads in a folder (`compare articles`): the articles and the files skipped or repaired."""
    return read_corpus(folder, jobs=context.jobs, progress=context.progress, cache=context.cache, sources=sources,
                       follow_symlinks=follow_symlinks)


def read_pair(a: Path, b: Path) -> tuple[Article, Article]:
    """The two articles of `compare pair A B`, in the order given."""
    return read_article(a), read_article(b)


def skipped_summary(skipped: Sequence[Skipped], shown: int = 3) -> str:
    """"; 4 files skipped: a.txt (empty file), ..." for a "no articles found" error; "" when none were."""
    if not skipped:
        return ""
    first = ", ".join(f"{s.path} ({s.reason})" for s in skipped[:shown])
    more = f" and {len(skipped) - shown} more" if len(skipped) > shown else ""
    return f"; {len(skipped)} file{'' if len(skipped) == 1 else 's'} skipped: {first}{more}"


def dedup_input(source: Path, params: Params, context: RunContext = IN_PROCESS, sources: Path | None = None,
                follow_symlinks: bool = False
                ) -> tuple[list[Similarity], tuple[Cluster, ...], list[Skipped]]:
    """Near-duplicate pairs and clusters of a folder or .jsonl, as `compare dedup` reports them.

    A .jsonl export is streamed on every core and compared as given (its
    texts are extracted bodies); a folder is read and cleaned like `run` does,
    with the same cache of pages, articles and signatures.
    """
    if source.is_file() and source.suffix.lower() == ".jsonl":
        return stream.dedup_jsonl(source, params, context.jobs, context.progress)
    articles, skipped = read_corpus(source, jobs=context.jobs, cache=context.cache, sources=sources,
                                    follow_symlinks=follow_symlinks)
    if not articles:
        raise NoArticlesError(f"{source}: no articles found{skipped_summary(skipped)}")
    related, _, sizes = near_duplicates(articles, params, context)
    return related, clusters.clusters([a.id for a in articles], sizes, related), list(skipped)


def new_duplicates(result: CorpusResult, new_ids: Iterable[str]) -> list[Similarity]:
    """Near-duplicate pairs involving an article added since the reports were written."""
    new = set(new_ids)
    return [p.similarity for p in result.pairs if p.related and ({p.similarity.a, p.similarity.b} & new)]
