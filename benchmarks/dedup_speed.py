"""Time near-duplicate detection on a news-like corpus: datasketch, rensa and ``compare dedup``.

Methods, each run in a fresh process so peak memory (the child's ru_maxrss,
read with os.wait4) and start-up costs are its own:

(a) the plain datasketch script most users write: MinHash.update per shingle,
    MinHashLSH insert, then query every document;
(b) datasketch used well: shared permutations, update_batch, LeanMinHash,
    MinHashLSH.insertion_session;
(c) rensa (a Rust MinHash, benchmark-only dependency), single-threaded
    (RAYON_NUM_THREADS=1), bands chosen the way datasketch would choose them
    among the band counts rensa accepts (they must divide num_perm);
(d) ``compare dedup CORPUS.jsonl --json``, run as a user runs it.

(a)-(c) read the same .jsonl, take the article body (no headline line, no
credit line: see corpus.py), tokenise with compare's word rule, and verify
their LSH candidates exactly (Jaccard or containment, as compare defines
related), so the comparison is of finding pairs, not of defining them. All
timings are wall clock of the whole process: reading, sketching, indexing,
querying, verifying and writing the pairs as JSON.

Recall is against the corpus's exact ground truth (see corpus.py), which
includes truncated reprints whose Jaccard is far below the threshold but whose
containment is near 1. Nothing here asserts a time: it prints figures and the
targets of the issue, met or not.

Every figure is measured on both corpora in one run (``--corpora plain,shared``,
the default): corpus.py's, where unrelated articles share almost nothing, and
the stress corpus of shared_corpus.py, where they share whole sentences and
boilerplate; a side-by-side table ends the output.

Usage: ``python benchmarks/dedup_speed.py [--docs 20000] [--methods a,b,c,d] [--skip-slow] [--corpora plain,shared]``
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # the shared corpus builder next to this file

NUM_PERM = 128
THRESHOLD = corpus.THRESHOLD
CONTAINMENT = corpus.CONTAINMENT
SHINGLE = corpus.SHINGLE
METHODS = {
    "a": "datasketch, plain script",
    "b": "datasketch, used well",
    "c": "rensa, 1 thread",
    "d": "compare dedup",
}
# Figures the issue measured on this machine class at 20,000 articles (docs/s), for orientation only.
ISSUE_DOCS_PER_S = {"a": 255, "b": 1334, "c": 6351}
TARGET_SPEEDUP = {"a": 20.0, "b": 4.0, "c": 1.0}
TARGET_RECALL = 0.98
TARGET_PRECISION = 0.99

Pair = tuple[str, str]


# --------------------------------------------------------------------------- running and measuring a child


@dataclass
class Run:
    """Wall clock and peak resident memory of one child process."""

    seconds: float
    peak_mb: float
    returncode: int


def run_measured(command: list[str], stdout: Path, stderr: Path, env: dict[str, str] | None = None) -> Run:
    """Run ``command`` and read its own rusage with os.wait4, so no other child's peak leaks in."""
    with stdout.open("wb") as out, stderr.open("wb") as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)  # already reaped; keep Popen from waiting again
    return Run(seconds, usage.ru_maxrss / 1024, process.returncode)  # ru_maxrss is KiB on Linux


def compare_executable() -> Path:
    """The ``compare`` console script of the interpreter running this benchmark."""
    return Path(sys.executable).parent / "compare"


# --------------------------------------------------------------------------- the methods (run in the child)


def read_jsonl(path: Path) -> tuple[list[str], list[str]]:
    """Ids and texts, in file order."""
    ids, texts = [], []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                record = json.loads(line)
                ids.append(str(record["id"]))
                texts.append(str(record["text"]))
    return ids, texts


def shingle_list(text: str) -> list[str]:
    """5-word shingles of the body as strings (compare's tokens), in text order, possibly repeated."""
    words = corpus.words_of(corpus.body_of(text))
    if len(words) < SHINGLE:
        return [" ".join(words)] if words else []
    return [" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)]


def verify(candidates: Iterable[tuple[int, int]], texts: list[str]) -> list[tuple[int, int]]:
    """Candidates that are related by the exact definition (sets built once per involved document)."""
    sets: dict[int, set[str]] = {}
    related = []
    for i, j in candidates:
        for k in (i, j):
            if k not in sets:
                sets[k] = corpus.shingles_of(corpus.body_of(texts[k]))
        if corpus.is_related(corpus.exact_stats(sets[i], sets[j]), THRESHOLD, CONTAINMENT):
            related.append((i, j))
    return related


def method_a(texts: list[str]) -> Iterator[tuple[int, int]]:
    """The plain script: a MinHash per document, update per shingle, insert all, query all."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    minhashes = []
    for key, text in enumerate(texts):
        m = MinHash(num_perm=NUM_PERM)
        for shingle in shingle_list(text):
            m.update(shingle.encode("utf-8"))
        lsh.insert(key, m)
        minhashes.append(m)
    for key, m in enumerate(minhashes):
        for other in lsh.query(m):
            if other != key:
                yield (min(key, other), max(key, other))


def method_b(texts: list[str]) -> Iterator[tuple[int, int]]:
    """datasketch as its docs recommend for bulk work: shared permutations, update_batch, LeanMinHash, a session."""
    from datasketch import LeanMinHash, MinHash, MinHashLSH

    permutations = MinHash(num_perm=NUM_PERM).permutations  # made once, not per document
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    leans = []
    with lsh.insertion_session() as session:
        for key, text in enumerate(texts):
            m = MinHash(num_perm=NUM_PERM, permutations=permutations, scheme="affine32")
            m.update_batch([s.encode("utf-8") for s in shingle_list(text)])
            lean = LeanMinHash(m)
            session.insert(key, lean)
            leans.append(lean)
    for key, lean in enumerate(leans):
        for other in lsh.query(lean):
            if other != key:
                yield (min(key, other), max(key, other))


def rensa_bands(threshold: float, num_perm: int) -> int:
    """Band count datasketch's rule would pick, among those rensa accepts (divisors of num_perm)."""
    from datasketch.lsh import _false_negative_probability, _false_positive_probability

    def error(bands: int) -> float:
        rows = num_perm // bands
        return 0.5 * _false_positive_probability(threshold, bands, rows) + 0.5 * _false_negative_probability(
            threshold, bands, rows
        )

    return min((b for b in range(1, num_perm + 1) if num_perm % b == 0), key=error)


def method_c(texts: list[str]) -> Iterator[tuple[int, int]]:
    """rensa's R-MinHash and LSH, one document at a time as its README shows."""
    import rensa

    lsh = rensa.RMinHashLSH(THRESHOLD, NUM_PERM, rensa_bands(THRESHOLD, NUM_PERM))
    minhashes = []
    for key, text in enumerate(texts):
        m = rensa.RMinHash(NUM_PERM, 42)
        m.update(shingle_list(text))
        lsh.insert(key, m)
        minhashes.append(m)
    for key, m in enumerate(minhashes):
        for other in lsh.query(m):
            if other != key:
                yield (min(key, other), max(key, other))


def worker(method: str, source: Path, output: Path) -> int:
    """Child process body for (a)-(c): read, find candidates, verify, write JSON with phase times."""
    started = time.perf_counter()
    ids, texts = read_jsonl(source)
    read_s = time.perf_counter() - started
    finder = {"a": method_a, "b": method_b, "c": method_c}[method]
    candidates = sorted(set(finder(texts)))
    found_s = time.perf_counter() - started - read_s
    related = verify(candidates, texts)
    verify_s = time.perf_counter() - started - read_s - found_s

    def named(pairs: list[tuple[int, int]]) -> list[list[str]]:
        return [sorted((ids[i], ids[j])) for i, j in pairs]

    output.write_text(json.dumps({
        "candidates": named(candidates),
        "pairs": named(related),
        "phases": {"read": read_s, "sketch+index+query": found_s, "verify": verify_s},
    }), encoding="utf-8")
    return 0


# --------------------------------------------------------------------------- scoring against the truth


@dataclass
class Score:
    """One method's figures."""

    method: str
    run: Run
    docs: int
    candidates: int | None
    reported: set[Pair]
    raw_precision: float | None
    phases: dict[str, float] = field(default_factory=dict)
    extra_related: int = 0  # reported pairs missing from the truth that are related after all

    @property
    def docs_per_s(self) -> float:
        return self.docs / self.run.seconds if self.run.seconds else math.inf


class Truth:
    """The corpus's true pairs, by kind, with their exact figures."""

    def __init__(self, truth: dict) -> None:
        self.kind: dict[Pair, str] = {(p[0], p[1]): p[2] for p in truth["pairs"]}
        self.figures: dict[Pair, tuple[float, float, float]] = {(p[0], p[1]): (p[3], p[4], p[5])
                                                                 for p in truth["pairs"]}

    def recall(self, found: set[Pair], kind: str | None = None) -> float:
        wanted = [p for p, k in self.kind.items() if kind is None or k == kind]
        return sum(p in found for p in wanted) / len(wanted) if wanted else math.nan

    def missed(self, found: set[Pair]) -> list[Pair]:
        return sorted(p for p in self.kind if p not in found)


def related_among(pairs: Iterable[Pair], jsonl: Path) -> int:
    """How many of ``pairs`` are related by the exact definition (to tell truth gaps from false positives)."""
    pairs = list(pairs)
    if not pairs:
        return 0
    wanted = {i for p in pairs for i in p}
    texts: dict[str, str] = {}
    with jsonl.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if record["id"] in wanted:
                texts[record["id"]] = record["text"]
    return sum(
        corpus.is_related(corpus.exact_stats(corpus.shingles_of(corpus.body_of(texts[a])),
                                             corpus.shingles_of(corpus.body_of(texts[b]))))
        for a, b in pairs
    )


def precision(score: Score, truth: Truth) -> float:
    """Share of reported pairs that are related: in the truth, or found related by an exact check."""
    if not score.reported:
        return math.nan
    good = sum(p in truth.kind for p in score.reported) + score.extra_related
    return good / len(score.reported)


def score_worker(method: str, run: Run, docs: int, result: Path, truth: Truth, jsonl: Path) -> Score:
    data = json.loads(result.read_text(encoding="utf-8"))
    candidates = {(a, b) for a, b in data["candidates"]}
    reported = {(a, b) for a, b in data["pairs"]}
    raw = sum(p in truth.kind for p in candidates) / len(candidates) if candidates else math.nan
    extra = related_among((p for p in reported if p not in truth.kind), jsonl)
    return Score(method, run, docs, len(candidates), reported, raw, data["phases"], extra)


@dataclass
class Agreement:
    """How far compare's exact Jaccard is from the truth's on pairs both have (tokens or body differ?)."""

    compared: int = 0
    differing: int = 0  # by more than 0.01
    largest: float = 0.0
    example: str = ""


def score_compare(run: Run, docs: int, output: Path, truth: Truth, jsonl: Path) -> tuple[Score, Agreement]:
    """compare's pairs, and how well its Jaccard figures agree with the truth's."""
    data = json.loads(output.read_text(encoding="utf-8"))
    reported: set[Pair] = set()
    agreement = Agreement()
    for pair in data["pairs"]:
        key = (min(pair["a"], pair["b"]), max(pair["a"], pair["b"]))
        reported.add(key)
        if key in truth.figures:
            gap = abs(truth.figures[key][0] - pair["jaccard"])
            agreement.compared += 1
            agreement.differing += gap > 0.01
            if gap > agreement.largest:
                agreement.largest = gap
                ours, theirs = pair["jaccard"], truth.figures[key][0]
                agreement.example = f"{key[0]} {key[1]}: compare {ours:.3f}, truth {theirs:.3f}"
    extra = related_among((p for p in reported if p not in truth.kind), jsonl)
    return Score("d", run, docs, None, reported, None, {}, extra), agreement


# --------------------------------------------------------------------------- the report


def _fmt(value: float | None, spec: str) -> str:
    return "-" if value is None or (isinstance(value, float) and math.isnan(value)) else format(value, spec)


def print_table(scores: list[Score], truth: Truth) -> None:
    header = (f"{'method':<28} {'docs/s':>9} {'seconds':>8} {'peak MB':>8} {'cands':>7} {'pairs':>6} "
              f"{'recall':>7} {'r.trunc':>7} {'r.edit':>7} {'p.raw':>6} {'p.verif':>7}")
    print(header)
    print("-" * len(header))
    for s in scores:
        print(f"{'(' + s.method + ') ' + METHODS[s.method]:<28} {s.docs_per_s:>9,.0f} {s.run.seconds:>8.1f} "
              f"{s.run.peak_mb:>8,.0f} {_fmt(s.candidates, ','):>7} {len(s.reported):>6,} "
              f"{truth.recall(s.reported):>7.4f} {truth.recall(s.reported, 'truncated'):>7.4f} "
              f"{truth.recall(s.reported, 'edited'):>7.4f} {_fmt(s.raw_precision, '.4f'):>6} "
              f"{_fmt(precision(s, truth), '.4f'):>7}")
    print("cands: LSH candidate pairs; pairs: reported after exact verification (compare verifies itself);")
    print("recall: of all true pairs / truncated-reprint pairs / edited-reprint pairs; p.raw: precision of raw")
    print("candidates; p.verif: precision of reported pairs (a pair missing from the truth counts as correct")
    print("only if an exact check finds it related).")
    for s in scores:
        if s.phases:
            phases = ", ".join(f"{k} {v:.1f} s" for k, v in s.phases.items())
            print(f"  ({s.method}) inside the process: {phases}; exit {s.run.returncode}")


def print_targets(scores: dict[str, Score], truth: Truth) -> None:
    """The issue's targets for (d), printed as PASS/FAIL (never asserted)."""
    d = scores.get("d")
    if d is None:
        return
    print("\ncompare dedup (d) against the issue's targets:")
    for other, target in TARGET_SPEEDUP.items():
        if other in scores:
            ratio = d.docs_per_s / scores[other].docs_per_s
            verdict = "PASS" if ratio >= target else "FAIL"
            print(f"  speed vs ({other}) {METHODS[other]}: {ratio:6.2f}x (target >= {target:g}x)  {verdict}")
    recall = truth.recall(d.reported)
    prec = precision(d, truth)
    print(f"  recall of true pairs (truncated included): {recall:.4f} (target >= {TARGET_RECALL})  "
          f"{'PASS' if recall >= TARGET_RECALL else 'FAIL'}")
    print(f"  precision after exact verification: {prec:.4f} (target >= {TARGET_PRECISION})  "
          f"{'PASS' if prec >= TARGET_PRECISION else 'FAIL'}")


def print_misses(score: Score, truth: Truth, limit: int = 8) -> None:
    """Which true pairs a method missed, by kind, with a few examples and their exact figures."""
    missed = truth.missed(score.reported)
    by_kind: dict[str, int] = {}
    for pair in missed:
        by_kind[truth.kind[pair]] = by_kind.get(truth.kind[pair], 0) + 1
    kinds = ", ".join(f"{k} {v:,}" for k, v in sorted(by_kind.items())) or "none"
    print(f"  ({score.method}) missed {len(missed):,} true pairs ({kinds}); "
          f"{len(score.reported - truth.kind.keys()):,} reported pairs not in the truth "
          f"({score.extra_related:,} of them related by an exact check)")
    for pair in missed[:limit]:
        j, ca, cb = truth.figures[pair]
        print(f"      missed {pair[0]} {pair[1]} [{truth.kind[pair]}] jaccard {j:.3f} containment {ca:.3f} / {cb:.3f}")


def print_overlap(scores: dict[str, Score]) -> None:
    """How many of the plain script's pairs each faster method also finds (the issue's rensa remark)."""
    a = scores.get("a")
    if a is None or not a.reported:
        return
    for name in ("b", "c", "d"):
        if name in scores:
            lost = len(a.reported - scores[name].reported)
            print(f"  ({name}) misses {lost:,} of the {len(a.reported):,} pairs (a) reports "
                  f"({lost / len(a.reported):.1%})")


# --------------------------------------------------------------------------- main


CORPORA = {"plain": "corpus.py (unrelated articles share nothing)",
           "shared": "stress (shared sentences and boilerplate)"}


def run_method(method: str, files: corpus.CorpusFiles, truth: Truth,
               workdir: Path) -> tuple[Score, Agreement | None]:
    """Run one method in its own process and score it."""
    stem = files.jsonl.name.removesuffix(".jsonl")
    out, err = workdir / f"speed-{stem}-{method}.out", workdir / f"speed-{stem}-{method}.err"
    if method == "d":
        run = run_measured([str(compare_executable()), "dedup", str(files.jsonl), "--json"], out, err)
        if run.returncode != 0:
            raise SystemExit(f"compare dedup failed (exit {run.returncode}); see {err}")
        return score_compare(run, files.docs, out, truth, files.jsonl)
    result = workdir / f"speed-{stem}-{method}.json"
    env = dict(os.environ, RAYON_NUM_THREADS="1", OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", method,
               "--input", str(files.jsonl), "--output", str(result)]
    run = run_measured(command, out, err, env)
    if run.returncode != 0:
        raise SystemExit(f"method ({method}) failed (exit {run.returncode}); see {err}")
    return score_worker(method, run, files.docs, result, truth, files.jsonl), None


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=20_000, help="articles in the corpus (default 20000)")
    parser.add_argument("--methods", default="a,b,c,d", help="comma-separated subset of a,b,c,d (default all)")
    parser.add_argument("--skip-slow", action="store_true", help="leave out (a), which takes minutes at 20k")
    parser.add_argument("--corpora", default="plain,shared",
                        help="comma-separated subset of plain,shared (default both, side by side)")
    corpus.add_corpus_arguments(parser)
    parser.add_argument("--worker", choices=["a", "b", "c"], help=argparse.SUPPRESS)
    parser.add_argument("--input", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--output", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def measure_corpus(kind: str, methods: list[str], args: argparse.Namespace) -> tuple[dict[str, Score], Truth]:
    """Every method on one corpus, with that corpus's detailed table, targets and misses."""
    files, truth_data = corpus.ensure_corpus(args.docs, args.workdir, args.seed, args.mrpc, jobs=args.jobs,
                                             shared=kind == "shared")
    print(f"\n=== {CORPORA[kind]} ===")
    print(corpus.describe(files, truth_data))
    truth = Truth(truth_data)
    scores: dict[str, Score] = {}
    for method in methods:
        print(f"running ({method}) {METHODS[method]} on the {kind} corpus ...", file=sys.stderr, flush=True)
        score, agreement = run_method(method, files, truth, args.workdir)
        scores[method] = score
        if agreement is not None and agreement.differing:
            print(f"note: compare's Jaccard differs from the truth's by > 0.01 on {agreement.differing:,} of "
                  f"{agreement.compared:,} pairs (largest {agreement.example}): its tokens or its idea of the "
                  "body differ from corpus.py's")
    print()
    print_table(list(scores.values()), truth)
    print_targets(scores, truth)
    print("\nmisses:")
    for score in scores.values():
        print_misses(score, truth)
    print_overlap(scores)
    return scores, truth


def print_side_by_side(results: dict[str, tuple[dict[str, Score], Truth]]) -> None:
    """docs/s, peak memory, recall and precision of every method on every corpus, and (d)'s speed ratios."""
    kinds = list(results)
    print("\n=== side by side (same run) ===")
    head = f"{'method':<28}" + "".join(f" {k + ' docs/s':>14} {k + ' MB':>10} {k + ' recall':>13} {k + ' prec':>11}"
                                       for k in kinds)
    print(head)
    print("-" * len(head))
    for method in METHODS:
        if not all(method in results[k][0] for k in kinds):
            continue
        cells = ""
        for k in kinds:
            s, truth = results[k][0][method], results[k][1]
            cells += (f" {s.docs_per_s:>14,.0f} {s.run.peak_mb:>10,.0f} {truth.recall(s.reported):>13.4f}"
                      f" {_fmt(precision(s, truth), '.4f'):>11}")
        print(f"{'(' + method + ') ' + METHODS[method]:<28}{cells}")
    for other, target in TARGET_SPEEDUP.items():
        ratios = [f"{k} {results[k][0]['d'].docs_per_s / results[k][0][other].docs_per_s:.2f}x"
                  for k in kinds if "d" in results[k][0] and other in results[k][0]]
        if ratios:
            print(f"(d) vs ({other}): {', '.join(ratios)} (target >= {target:g}x)")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.worker:
        return worker(args.worker, args.input, args.output)
    methods = [m for m in args.methods.split(",") if m]
    kinds = [k for k in args.corpora.split(",") if k]
    unknown = [m for m in methods if m not in METHODS] + [k for k in kinds if k not in CORPORA]
    if unknown:
        print(f"unknown method(s) or corpora {', '.join(unknown)}; choose from a,b,c,d and plain,shared",
              file=sys.stderr)
        return 2
    if args.skip_slow:
        methods = [m for m in methods if m != "a"]
    if "d" in methods and not compare_executable().exists():
        print(f"compare is not installed next to {sys.executable} (expected {compare_executable()})",
              file=sys.stderr)
        return 2
    print(f"load average before the run: {os.getloadavg()[0]:.2f} (other work on the machine skews timings)")
    print(f"settings: {SHINGLE}-word shingles, {NUM_PERM} permutations, threshold {THRESHOLD}, containment "
          f"{CONTAINMENT}; rensa bands {rensa_bands(THRESHOLD, NUM_PERM)}; machine: {os.cpu_count()} cores")
    try:
        results = {kind: measure_corpus(kind, methods, args) for kind in kinds}
    except corpus.MissingDataError:
        return 2
    print_side_by_side(results)
    issue = ", ".join(f"({k}) {v:,} docs/s" for k, v in ISSUE_DOCS_PER_S.items())
    print(f"(issue's figures at 20,000 articles of the plain corpus on an idle machine: {issue})")
    print(f"load average after the run: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
