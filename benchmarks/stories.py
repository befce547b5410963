"""Stories by event: pairwise F1 of the stories compare finds against labelled events.

The dev set (``tests/data/threads``, written for the tests) holds threads of
one running news story, each a few moments days apart (a team missing, found
alive, rescued, seen on video), with two to three articles per moment from
different outlets. The folder layout ``<thread>/<event>/<article>`` is the
label; compare never sees it (it reads the files as ``run`` does).

Pairwise scores: a predicted pair is two articles compare puts in one story;
a true pair two articles of one event. Precision, recall and F1 over those
pairs, and the same for threads (articles of one thread) as a check that
events of one thread are still tied together. Target: story F1 >= 0.9.

Usage: ``python benchmarks/stories.py [FOLDER]``.
"""

from __future__ import annotations

import argparse
import sys
from itertools import combinations
from pathlib import Path

from compare import pipeline
from compare.ingest import read_corpus

DEFAULT = Path(__file__).resolve().parents[1] / "tests" / "data" / "threads"


def pairs_of(groups: list[list[str]]) -> set[tuple[str, str]]:
    """Every unordered pair of ids inside each group, sorted within the pair."""
    return {tuple(sorted(p)) for group in groups for p in combinations(group, 2)}  # type: ignore[misc]


def scores(found: set[tuple[str, str]], truth: set[tuple[str, str]]) -> tuple[float, float, float]:
    """(precision, recall, F1) of found pairs against true pairs."""
    hits = len(found & truth)
    precision = hits / len(found) if found else 1.0
    recall = hits / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def evaluate(folder: Path) -> dict[str, tuple[float, float, float]]:
    """Story and thread scores of compare on a labelled folder."""
    articles, _ = read_corpus(folder)
    units = pipeline.extract_all_units(articles)
    stories, threads = pipeline.find_stories_and_threads(articles, (), units)
    events: dict[str, list[str]] = {}
    labelled_threads: dict[str, list[str]] = {}
    for a in articles:
        parts = a.id.split("/")
        events.setdefault("/".join(parts[:2]), []).append(a.id)
        labelled_threads.setdefault(parts[0], []).append(a.id)
    members = {s.id: s.members for s in stories}
    found_threads = [[m for s in t.stories for m in members[s]] + list(t.loose) for t in threads]
    return {
        "stories": scores(pairs_of([list(s.members) for s in stories]), pairs_of(list(events.values()))),
        "threads": scores(pairs_of(found_threads), pairs_of(list(labelled_threads.values()))),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT)
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        print(f"{args.folder}: no such folder", file=sys.stderr)
        return 2
    for name, (p, r, f1) in evaluate(args.folder).items():
        print(f"{name}: precision {p:.3f} recall {r:.3f} F1 {f1:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
