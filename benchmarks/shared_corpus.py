"""The stress corpus: unrelated articles share whole sentences and boilerplate (``corpus.py --shared-sentences``).

Real folders are not sets of strangers: articles on one event quote the same
statement, outlets append the same newsletter line. Here every base article
is 24-36 whole sentences drawn from one pool (the distinct MRPC sentences,
about 7,800), so two unrelated articles share a sentence now and then and a
sentence recurs in about 30 N / 7,800 articles. 15% of the articles are
reprints of a base of their batch (5% exact, 5% edited, 5% truncated, made as
corpus.py makes them, added sentences also drawn from the pool). Independently
of all that, one boilerplate sentence closes 30% of the articles and three
others 5% each, as a last paragraph of the body.

Ground truth, honestly:

1. every pair inside a group derived from one base is computed exactly, as
   corpus.py does (5-shingle Jaccard >= 0.5 or a containment >= 0.8);
2. pairs from different groups can only share shingles through pool
   sentences (or their MRPC paraphrases), boilerplate and chance 5-word
   phrases. For every such pair, an upper bound of its shared words is counted
   from a sparse sentence-family incidence matrix: the words of every shared
   sentence family (the longest member) plus all boilerplate words of the
   smaller article. Pairs whose bound reaches CHECK_SHARE of the smaller
   body are verified exactly and, if related, join the truth as kind
   "unrelated-bases". That share is far below what containment 0.8 needs,
   so chance phrases outside shared sentences cannot hide a pair;
3. above MAX_CHECKED_DOCS articles step 2 is skipped (its matrix grows as
   N^2) and the truth file says so.
"""

from __future__ import annotations

import itertools
import json
import multiprocessing
import os
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # the shared corpus builder next to this file
from corpus import Article, CorpusFiles, Doc, Normaliser, SentenceModel

GENERATOR_VERSION = 1
SENTENCES = (24, 36)
REPRINT_SHARE = 0.15
KIND_SHARES = {"exact": 1 / 3, "edited": 1 / 3, "truncated": 1 / 3}
BOILERPLATE = (
    ("Sign up for our morning newsletter to get the day's most important stories delivered to your inbox.", 0.30),
    ("Follow us on Twitter and Facebook for breaking news and analysis throughout the day.", 0.05),
    ("This article was produced with the support of our readers, who fund independent journalism.", 0.05),
    ("Copyright 2024 The Daily Courier Media Group, all rights reserved, not for redistribution.", 0.05),
)
CHECK_SHARE = 0.5
MAX_CHECKED_DOCS = 100_000
_ROW_BLOCK = 2_000


def shared_files(workdir: Path, docs: int, seed: int) -> CorpusFiles:
    stem = f"shared-{docs}-s{seed}-v{corpus.GENERATOR_VERSION}.{GENERATOR_VERSION}"
    return CorpusFiles(workdir / f"{stem}.jsonl", workdir / f"{stem}.truth.json", docs, seed)


@dataclass(frozen=True)
class Pool:
    """The sentence pool as model word ids, each sentence's paraphrase family and its body words."""

    sentences: list[np.ndarray]
    family: np.ndarray
    words: np.ndarray
    boilerplate: list[np.ndarray]


def _families(path: Path, sentences: list[str]) -> np.ndarray:
    """Union of the two sentences of every MRPC row (paraphrases share most of their 5-shingles)."""
    index = {s: i for i, s in enumerate(sentences)}
    parent = list(range(len(sentences)))

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    with path.open(encoding="utf-8-sig") as handle:
        for line in itertools.islice(handle, 1, None):
            row = line.rstrip("\n").split("\t")
            if len(row) >= 5 and row[3].strip() in index and row[4].strip() in index:
                parent[root(index[row[3].strip()])] = root(index[row[4].strip()])
    return np.array([root(i) for i in range(len(sentences))], dtype=np.int64)


_WORKER: dict[str, object] = {}


def _init_worker(mrpc: Path, docs: int, seed: int) -> None:
    """Model, vocabulary (plus boilerplate words), normaliser and pool, once per process."""
    sentences = corpus.read_mrpc_sentences(mrpc)
    model = SentenceModel.train(sentences)
    vocab_list = list(model.vocab)
    index = {w: i for i, w in enumerate(vocab_list)}
    for text, _ in BOILERPLATE:
        for word in text.split():
            index.setdefault(word, len(vocab_list))
            if len(vocab_list) < len(index):
                vocab_list.append(word)
    norm = Normaliser(vocab_list)
    ids = [np.array([index[w] for w in s.split()], dtype=np.int32) for s in sentences]
    words = np.array([len(norm.body_tokens(s)) for s in ids], dtype=np.int64)
    pool = Pool(ids, _families(mrpc, sentences), words,
                [np.array([index[w] for w in t.split()], dtype=np.int32) for t, _ in BOILERPLATE])
    _WORKER.update(model=model, vocab=np.array(vocab_list, dtype=object), norm=norm, pool=pool,
                   ids=np.random.default_rng([seed, 1 << 30]).permutation(docs), width=len(str(docs - 1)), seed=seed)


def _base(pool: Pool, rng: np.random.Generator, headline: str, dateline: str, credit: str
          ) -> tuple[Article, np.ndarray]:
    """24-36 pool sentences in paragraphs, and which ones."""
    chosen = rng.choice(len(pool.sentences), size=int(rng.integers(SENTENCES[0], SENTENCES[1] + 1)), replace=False)
    breaks = rng.random(chosen.size) < corpus.PARAGRAPH_BREAK
    paragraphs: list[list[np.ndarray]] = [[]]
    for k, sentence in enumerate(chosen.tolist()):
        paragraphs[-1].append(pool.sentences[sentence])
        if breaks[k] and k < chosen.size - 1:
            paragraphs.append([])
    return Article(headline, paragraphs, dateline, credit), chosen


def _with_boilerplate(article: Article, pool: Pool, rng: np.random.Generator) -> tuple[Article, np.ndarray]:
    """The article with each boilerplate sentence appended (as its own paragraph) at its share."""
    chosen = np.flatnonzero(rng.random(len(BOILERPLATE)) < np.array([share for _, share in BOILERPLATE]))
    extra = [[pool.boilerplate[b]] for b in chosen.tolist()]
    return Article(article.headline, [*article.paragraphs, *extra], article.dateline, article.credit), chosen


@dataclass
class SharedDoc:
    """A document of a batch with what the cross-group check needs."""

    doc: Doc
    families: np.ndarray
    boiler_words: int


def _batch_docs(n_base: int, n_reprint: int, rng: np.random.Generator) -> list[SharedDoc]:
    """Bases first (index = position), then reprints of them."""
    model, vocab, norm, pool = _WORKER["model"], _WORKER["vocab"], _WORKER["norm"], _WORKER["pool"]
    assert isinstance(model, SentenceModel) and isinstance(norm, Normaliser) and isinstance(pool, Pool)
    assert isinstance(vocab, np.ndarray)
    heads, lines, credits = (corpus._headlines(model, vocab, n_base, rng), corpus._datelines(n_base, rng),
                             corpus._credits(n_base, rng))
    bases, out = [], []
    for k in range(n_base):
        article, chosen = _base(pool, rng, heads[k], lines[k], credits[k])
        bases.append((article, chosen))
        out.append(_finish("base", k, article, chosen, norm, pool, vocab, rng))
    kinds = rng.choice(list(KIND_SHARES), size=n_reprint, p=list(KIND_SHARES.values()))
    for source, kind in zip(rng.integers(0, n_base, size=n_reprint).tolist(), kinds.tolist(), strict=True):
        if kind == "exact":
            out.append(SharedDoc(Doc(kind, source, out[source].doc.text, out[source].doc.shingles),
                                 out[source].families, out[source].boiler_words))
            continue
        base, chosen = bases[source]
        if kind == "truncated":
            out.append(_finish(kind, source, corpus.truncated_reprint(base, rng), chosen, norm, pool, vocab, rng))
            continue
        fresh_ids = rng.choice(len(pool.sentences), size=4, replace=False)
        fresh = [pool.sentences[i].copy() for i in fresh_ids.tolist()]
        article = corpus.edited_reprint(base, fresh, model, vocab, rng)
        added = fresh_ids[len(fresh):]  # edited_reprint pops from the end
        out.append(_finish(kind, source, article, np.concatenate((chosen, added)), norm, pool, vocab, rng))
    return out


def _finish(kind: str, source: int, article: Article, chosen: np.ndarray, norm: Normaliser, pool: Pool,
            vocab: np.ndarray, rng: np.random.Generator) -> SharedDoc:
    """Boilerplate added, rendered, shingled; the sentence families it may share (a superset for reprints)."""
    article, boiler = _with_boilerplate(article, pool, rng)
    doc = Doc(kind, source, article.render(vocab), norm.shingle_set(article.dateline, article.body()))
    return SharedDoc(doc, np.unique(pool.family[chosen]), int(sum(len(pool.boilerplate[b]) for b in boiler)) + 8)


@dataclass
class SharedBatch:
    """One batch's .jsonl lines, in-group truth, and per-document data for the cross-group check."""

    index: int
    lines: str
    pairs: list[list]
    short: int
    kinds: dict[str, int]
    random_pairs: dict[str, float] | None
    ids: list[str]
    groups: np.ndarray
    families: list[np.ndarray]
    boiler_words: np.ndarray
    shingles: list[np.ndarray]


def _make_batch(plan: tuple[int, int, int], keep_sets: bool) -> SharedBatch:
    index, n_base, n_reprint = plan
    doc_ids, width = _WORKER["ids"], _WORKER["width"]
    assert isinstance(doc_ids, np.ndarray)
    rng = np.random.default_rng([int(_WORKER["seed"]), index, 7])  # type: ignore[call-overload]
    docs = _batch_docs(n_base, n_reprint, rng)
    first = index * corpus.BATCH_DOCS
    ids = [f"d{doc_ids[first + k]:0{width}d}" for k in range(len(docs))]
    lines = "".join(json.dumps(corpus._record(ids[k], docs[k].doc.text), ensure_ascii=False) + "\n"
                    for k in rng.permutation(len(docs)).tolist())
    members: dict[int, list[int]] = {}
    kinds = dict.fromkeys(("base", *KIND_SHARES), 0)
    for k, d in enumerate(docs):
        kinds[d.doc.kind] += 1
        if d.doc.kind != "base":
            members.setdefault(d.doc.source, [d.doc.source]).append(k)
    pairs, short = [], 0
    for group in members.values():
        found, missing = corpus._group_truth([ids[k] for k in group], [docs[k].doc for k in group])
        pairs += found
        short += missing
    random_pairs = corpus._random_pair_similarity([d.doc.shingles for d in docs[:n_base]], rng) if index == 0 else None
    groups = np.array([first + (d.doc.source if d.doc.kind != "base" else k) for k, d in enumerate(docs)])
    return SharedBatch(index, lines, pairs, short, kinds, random_pairs, ids, groups, [d.families for d in docs],
                       np.array([d.boiler_words for d in docs]),
                       [d.doc.shingles for d in docs] if keep_sets else [])


def _batches(jobs: int, init_args: tuple[Path, int, int], plan: list[tuple[int, int, int]],
             keep_sets: bool) -> Iterator[SharedBatch]:
    if jobs <= 1 or len(plan) == 1:
        _init_worker(*init_args)
        yield from (_make_batch(p, keep_sets) for p in plan)
        return
    with multiprocessing.get_context("spawn").Pool(jobs, _init_worker, init_args) as pool:
        yield from pool.imap(_make_batch_args, [(p, keep_sets) for p in plan])


def _make_batch_args(args: tuple[tuple[int, int, int], bool]) -> SharedBatch:
    return _make_batch(*args)


def _plan(docs: int) -> list[tuple[int, int, int]]:
    plan, done = [], 0
    for index in itertools.count():
        if done >= docs:
            return plan
        size = min(corpus.BATCH_DOCS, docs - done)
        reprints = min(round(size * REPRINT_SHARE), size - 1)
        plan.append((index, size - reprints, reprints))
        done += size
    return plan


def cross_group_pairs(batches: list[SharedBatch], words: np.ndarray) -> tuple[list[list], dict]:
    """Step 2 of the module docstring: related pairs of articles from different groups, and the figures."""
    from scipy import sparse

    groups = np.concatenate([b.groups for b in batches])
    ids = [i for b in batches for i in b.ids]
    families = [f for b in batches for f in b.families]
    boiler = np.concatenate([b.boiler_words for b in batches])
    sets = [s for b in batches for s in b.shingles]
    longest = np.zeros(int(max(int(f.max()) for f in families if f.size)) + 1, dtype=np.int64)
    np.maximum.at(longest, np.concatenate(families), np.concatenate([words[f] for f in families]))
    rows = np.repeat(np.arange(len(families)), [f.size for f in families])
    cols = np.concatenate(families)
    incidence = sparse.csr_matrix((np.ones(cols.size, dtype=np.int64), (rows, cols)),
                                  shape=(len(families), longest.size))
    weighted = (incidence @ sparse.diags(longest, dtype=np.int64)).T.tocsc()
    sizes = np.array([s.size for s in sets])
    flagged, most = [], 0.0
    for start in range(0, len(families), _ROW_BLOCK):
        block = (incidence[start : start + _ROW_BLOCK] @ weighted).tocoo()
        a, b = block.row + start, block.col
        keep = (a < b) & (groups[a] != groups[b])
        a, b, shared = a[keep], b[keep], block.data[keep]
        small = np.minimum(sizes[a], sizes[b])
        bound = (shared + np.maximum(boiler[a], boiler[b])) / np.maximum(small, 1)
        most = max(most, float(bound.max()) if bound.size else 0.0)
        flagged += list(zip(a[bound >= CHECK_SHARE].tolist(), b[bound >= CHECK_SHARE].tolist(), strict=True))
    pairs = []
    for a, b in flagged:
        x, y = (a, b) if ids[a] < ids[b] else (b, a)
        stats = corpus.array_stats(sets[x], sets[y])
        if corpus.is_related(stats):
            pairs.append([ids[x], ids[y], "unrelated-bases", round(stats[0], 4), round(stats[1], 4),
                          round(stats[2], 4)])
    return pairs, {"checked": True, "flagged": len(flagged), "related": len(pairs),
                   "largest_bound_share": round(most, 4), "check_share": CHECK_SHARE}


def build(files: CorpusFiles, mrpc: Path, verbose: bool = True, jobs: int = 2) -> dict:
    """Write the .jsonl in batch order, then the truth (in-group pairs, then the cross-group check)."""
    started = time.perf_counter()
    files.jsonl.parent.mkdir(parents=True, exist_ok=True)
    check = files.docs <= MAX_CHECKED_DOCS
    kept: list[SharedBatch] = []
    pairs: list[list] = []
    short, kinds, random_pairs = 0, dict.fromkeys(("base", *KIND_SHARES), 0), {}
    partial = files.jsonl.with_name(files.jsonl.name + ".partial")
    with partial.open("w", encoding="utf-8") as out:
        for batch in _batches(jobs, (mrpc, files.docs, files.seed), _plan(files.docs), check):
            out.write(batch.lines)
            batch.lines = ""
            pairs += batch.pairs
            short += batch.short
            kinds = {k: kinds[k] + batch.kinds[k] for k in kinds}
            random_pairs = batch.random_pairs or random_pairs
            if check:
                kept.append(batch)
            if verbose:
                print(f"  shared corpus: {sum(kinds.values()):,} / {files.docs:,} articles "
                      f"({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    os.replace(partial, files.jsonl)
    cross: dict = {"checked": False, "reason": f"more than {MAX_CHECKED_DOCS:,} articles"}
    if check:
        _init_worker(mrpc, files.docs, files.seed)
        pool = _WORKER["pool"]
        assert isinstance(pool, Pool)
        found, cross = cross_group_pairs(kept, pool.words)
        pairs += found
    truth = {
        "generator_version": corpus.GENERATOR_VERSION, "shared_version": GENERATOR_VERSION, "docs": files.docs,
        "seed": files.seed, "shingle_size": corpus.SHINGLE, "threshold": corpus.THRESHOLD,
        "containment": corpus.CONTAINMENT, "kinds": kinds, "group_pairs_below_definition": short,
        "random_unrelated_pairs": random_pairs, "cross_group": cross,
        "build_seconds": round(time.perf_counter() - started, 1), "pairs": sorted(pairs),
    }
    files.truth.write_text(json.dumps(truth), encoding="utf-8")
    return truth


def ensure(docs: int, workdir: Path, seed: int, mrpc: Path, verbose: bool = True,
           jobs: int = 2) -> tuple[CorpusFiles, dict]:
    """The stress corpus for (docs, seed), built once and reused."""
    files = shared_files(workdir, docs, seed)
    if files.jsonl.is_file() and files.truth.is_file():
        truth = json.loads(files.truth.read_text(encoding="utf-8"))
        if truth.get("shared_version") == GENERATOR_VERSION and truth.get("docs") == docs:
            if verbose:
                print(f"reusing stress corpus {files.jsonl}", file=sys.stderr)
            return files, truth
    corpus.require_mrpc(mrpc)
    if verbose:
        print(f"building stress corpus (shared sentences) of {docs:,} articles in {files.jsonl} ...",
              file=sys.stderr)
    return files, build(files, mrpc, verbose, jobs)


def describe_cross(truth: dict) -> str:
    """One line on the cross-group part of the truth."""
    cross = truth.get("cross_group")
    if not cross:
        return ""
    if not cross["checked"]:
        return f"  pairs across groups not checked ({cross['reason']})"
    return (f"  pairs across groups: {cross['flagged']:,} reached the bound {cross['check_share']} of shared "
            f"words and were verified, {cross['related']:,} related (largest bound seen "
            f"{cross['largest_bound_share']:.3f})")
