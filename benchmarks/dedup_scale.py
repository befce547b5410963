"""How ``compare dedup`` grows with the corpus: time and peak memory at 10k, 100k and 1M articles.

For each size it builds (or reuses) the news-like corpus of corpus.py, runs
``compare dedup CORPUS.jsonl --json`` in a fresh process, and reads that
process's wall clock and peak resident memory (os.wait4). It then prints the
growth exponent: the log-log slope of time (and memory) against N between
consecutive sizes and overall. An exponent near 1 is linear; near 2 is
quadratic, which a 1M-article run cannot afford.

datasketch's in-memory MinHashLSH (method (b) of dedup_speed.py) is measured
too at the sizes up to --datasketch-max (default 100,000), to show what its
memory would be at 1M (it is known to need tens of GB there). Pass
--datasketch-max 0 to leave it out.

The 1M corpus is about 3.5 GB and takes a few minutes to build on 2 cores;
it is built once into --workdir and reused. ``compare dedup`` over it takes
a while too. Nothing is asserted: figures are printed, with the issue's goal
(1M articles under 8 GB peak) marked met or not.

Both corpora are measured in one run by default (``--corpora plain,shared``):
corpus.py's and the stress corpus whose unrelated articles share sentences
(shared_corpus.py), side by side; the issue's growth target (time at most
N^1.15 from 5,000 to 20,000) is printed for each.

Usage: ``python benchmarks/dedup_scale.py [--sizes 5000,20000,100000] [--datasketch-max 100000]
[--corpora plain,shared]``
"""

from __future__ import annotations

import argparse
import itertools
import math
import os
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # the shared corpus builder next to this file
import dedup_speed  # the measured runs and scoring

MEMORY_GOAL_MB = 8 * 1024
GOAL_DOCS = 1_000_000
GROWTH_GOAL = 1.15


@dataclass
class Point:
    """One method at one size."""

    method: str
    kind: str
    docs: int
    seconds: float
    peak_mb: float
    recall: float
    pairs: int


def measure(method: str, docs: int, args: argparse.Namespace, kind: str = "plain") -> Point:
    """Build or reuse the corpus of ``docs`` articles and run one method on it."""
    files, truth_data = corpus.ensure_corpus(docs, args.workdir, args.seed, args.mrpc, jobs=args.jobs,
                                             shared=kind == "shared")
    truth = dedup_speed.Truth(truth_data)
    print(f"running ({method}) {dedup_speed.METHODS[method]} on {docs:,} {kind} articles ...", file=sys.stderr,
          flush=True)
    score, _ = dedup_speed.run_method(method, files, truth, args.workdir)
    return Point(method, kind, docs, score.run.seconds, score.run.peak_mb, truth.recall(score.reported),
                 len(score.reported))


def slope(a: Point, b: Point, field: str) -> float:
    """Log-log slope of ``field`` between two sizes: the exponent k in cost ~ N^k."""
    ya, yb = getattr(a, field), getattr(b, field)
    if ya <= 0 or yb <= 0 or a.docs == b.docs:
        return math.nan
    return math.log(yb / ya) / math.log(b.docs / a.docs)


def print_points(points: list[Point]) -> None:
    print(f"{'method':<26} {'corpus':<7} {'articles':>10} {'seconds':>9} {'docs/s':>9} {'peak MB':>9} {'pairs':>8} "
          f"{'recall':>7}")
    for p in points:
        name = f"({p.method}) {dedup_speed.METHODS[p.method]}"
        print(f"{name:<26} {p.kind:<7} {p.docs:>10,} {p.seconds:>9.1f} "
              f"{p.docs / p.seconds:>9,.0f} {p.peak_mb:>9,.0f} {p.pairs:>8,} {p.recall:>7.4f}")


def print_growth(points: list[Point]) -> None:
    """Exponents between consecutive sizes and overall, for time and for peak memory."""
    if len(points) < 2:
        return
    name = f"({points[0].method}, {points[0].kind})"
    for a, b in itertools.pairwise(points):
        print(f"  {name} {a.docs:,} -> {b.docs:,}: time ~ N^{slope(a, b, 'seconds'):.2f}, "
              f"peak memory ~ N^{slope(a, b, 'peak_mb'):.2f}")
    first, last = points[0], points[-1]
    print(f"  {name} overall {first.docs:,} -> {last.docs:,}: time ~ N^{slope(first, last, 'seconds'):.2f}, "
          f"peak memory ~ N^{slope(first, last, 'peak_mb'):.2f}")
    low = [p for p in points if p.docs == 5_000]
    high = [p for p in points if p.docs == 20_000]
    if low and high:
        k = slope(low[0], high[0], "seconds")
        print(f"  {name} target: time from 5,000 to 20,000 grows as N^{k:.2f} (goal <= N^{GROWTH_GOAL}): "
              f"{'met' if k <= GROWTH_GOAL else 'NOT met'}")


def extrapolate_mb(points: list[Point], docs: int) -> float:
    """Peak memory at ``docs`` if memory keeps growing as between the last two sizes."""
    if len(points) < 2:
        return points[-1].peak_mb * docs / points[-1].docs
    k = slope(points[-2], points[-1], "peak_mb")
    return points[-1].peak_mb * (docs / points[-1].docs) ** k


def print_goal(points: list[Point]) -> None:
    at_goal = [p for p in points if p.docs >= GOAL_DOCS]
    if at_goal:
        p = at_goal[-1]
        verdict = "met" if p.peak_mb < MEMORY_GOAL_MB else "NOT met"
        print(f"goal ({p.kind}): compare dedup over {p.docs:,} articles finished in {p.seconds:,.0f} s with peak "
              f"{p.peak_mb:,.0f} MB (goal < {MEMORY_GOAL_MB:,} MB): {verdict}")
    elif len(points) >= 2:
        print(f"goal ({points[-1].kind}): 1M not run; at the measured growth compare dedup would peak near "
              f"{extrapolate_mb(points, GOAL_DOCS):,.0f} MB at {GOAL_DOCS:,} (goal < {MEMORY_GOAL_MB:,} MB)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="5000,20000,100000", help="comma-separated corpus sizes (add 1000000)")
    parser.add_argument("--corpora", default="plain,shared", help="comma-separated subset of plain,shared")
    parser.add_argument("--datasketch-max", type=int, default=100_000,
                        help="also run datasketch MinHashLSH (b) at sizes up to this (0: never)")
    corpus.add_corpus_arguments(parser)
    args = parser.parse_args(argv)
    sizes = sorted({int(s) for s in args.sizes.split(",") if s})
    if not dedup_speed.compare_executable().exists():
        print(f"compare is not installed next to {sys.executable}", file=sys.stderr)
        return 2
    if max(sizes) >= GOAL_DOCS:
        print(f"note: {max(sizes):,} articles takes a while (corpus build of a few minutes on first use, "
              "then the dedup run itself)", file=sys.stderr)
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at start")
    kinds = [k for k in args.corpora.split(",") if k]
    if any(k not in dedup_speed.CORPORA for k in kinds):
        print(f"unknown corpora in {args.corpora}; choose from plain,shared", file=sys.stderr)
        return 2
    try:
        ours = {k: [measure("d", n, args, k) for n in sizes] for k in kinds}
        theirs = {k: [measure("b", n, args, k) for n in sizes if n <= args.datasketch_max] for k in kinds}
    except corpus.MissingDataError:
        return 2
    for k in kinds:
        for n in sizes:
            files, truth = corpus.ensure_corpus(n, args.workdir, args.seed, args.mrpc, verbose=False,
                                                shared=k == "shared")
            print(corpus.describe(files, truth).splitlines()[0])
    print()
    print_points([p for k in kinds for p in ours[k] + theirs[k]])
    print("\ngrowth (log-log slope; 1 = linear, 2 = quadratic):")
    for k in kinds:
        print_growth(ours[k])
        print_growth(theirs[k])
    print()
    for k in kinds:
        print_goal(ours[k])
        if theirs[k]:
            print(f"datasketch MinHashLSH (b) on {k}: peak memory extrapolated to {GOAL_DOCS:,} articles: "
                  f"{extrapolate_mb(theirs[k], GOAL_DOCS):,.0f} MB")
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
