"""Precision and recall of the "conflict" label on the hand-labelled MRPC pairs.

    python benchmarks/conflicts.py [TSV]       both halves of benchmarks/data/conflicts.tsv
    python benchmarks/conflicts.py --errors    also list the development pairs compare.slots gets wrong

The labels (conflict, compatible, different) follow
``benchmarks/data/conflicts-guide.md``. A pair is predicted "conflict" when
``compare.slots`` finds a number or date conflict in it; the baseline is
today's ``compare.align.find_conflicts`` on the fact units of the two
sentences. The method was developed on the first half (rows 1-170, in file
order) and the second half is reported separately: it was not looked at
while writing the rules.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from compare import slots  # noqa: E402

DEFAULT = ROOT / "benchmarks" / "data" / "conflicts.tsv"
LABELS = ("conflict", "compatible", "different")


def load(path: Path) -> list[dict[str, str]]:
    """Rows of the labelled file as dicts keyed by its header."""
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:] if line.strip()]


def slots_says_conflict(a: str, b: str) -> bool:
    return bool(slots.number_conflicts(a, b) or slots.date_conflicts(a, b))


def baseline() -> Callable[[str, str], bool] | None:
    """Today's aligner conflicts on one sentence pair, or None when compare.align is not importable."""
    try:
        from compare.align import find_conflicts
        from compare.facts import extract_units
        from compare.models import Article, Span
    except ImportError:
        return None

    def units(sentence: str) -> tuple:
        article = Article(id="s", text=sentence, title="", paragraphs=(Span(0, len(sentence)),))
        return extract_units(article)

    def says_conflict(a: str, b: str) -> bool:
        return any(find_conflicts(x, y) for x in units(a) for y in units(b))

    return says_conflict


def score(rows: list[dict[str, str]], predict: Callable[[str, str], bool]) -> tuple[float, float, Counter, list]:
    """Precision, recall, the (gold label, predicted) counts and the wrong rows."""
    table: Counter = Counter()
    wrong = []
    for row in rows:
        said = predict(row["sentence1"], row["sentence2"])
        table[(row["label"], said)] += 1
        if said != (row["label"] == "conflict"):
            wrong.append((row, said))
    true_positive = table[("conflict", True)]
    flagged = sum(table[(label, True)] for label in LABELS)
    precision = true_positive / flagged if flagged else 0.0
    recall = true_positive / max(1, sum(table[("conflict", s)] for s in (True, False)))
    return precision, recall, table, wrong


def report(name: str, rows: list[dict[str, str]], predict: Callable[[str, str], bool], errors: bool) -> None:
    precision, recall, table, wrong = score(rows, predict)
    print(f"  {name:<24} precision {precision:.3f}  recall {recall:.3f}  ({len(rows)} pairs)")
    print("      gold \\ said        conflict  no conflict")
    for label in LABELS:
        print(f"      {label:<18} {table[(label, True)]:>8}  {table[(label, False)]:>11}")
    if errors:
        for row, said in wrong:
            kind = "false conflict" if said else "missed"
            print(f"      [{kind}] {row['id1']}/{row['id2']} {row['label']}: {row['note']}")
            print(f"          A: {row['sentence1']}\n          B: {row['sentence2']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--errors", action="store_true", help="list the development pairs compare.slots gets wrong")
    args = parser.parse_args()
    rows = load(args.path)
    half = len(rows) // 2
    counts = Counter(row["label"] for row in rows)
    print(f"{args.path.name}: {len(rows)} pairs, " + ", ".join(f"{counts[k]} {k}" for k in LABELS))
    methods = [("compare.slots", slots_says_conflict)]
    old = baseline()
    if old is not None:
        methods.append(("baseline (align.py)", old))
    for title, part, development in ((f"first half (rows 1-{half}, development)", rows[:half], True),
                                     (f"second half (rows {half + 1}-{len(rows)}, held back)", rows[half:], False)):
        print(f"\n{title}")
        for name, predict in methods:
            report(name, part, predict, args.errors and development and predict is slots_says_conflict)


if __name__ == "__main__":
    main()
