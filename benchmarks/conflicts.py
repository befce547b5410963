"""Precision and recall of the "conflict" label on the hand-labelled MRPC pairs.

    python benchmarks/conflicts.py [TSV]       both halves of benchmarks/data/conflicts.tsv
    python benchmarks/conflicts.py --errors    also list the development pairs compare.slots gets wrong

The labels (conflict, compatible, different) follow
``benchmarks/data/conflicts-guide.md``. A pair is predicted "conflict" when
``compare.slots`` finds a number or date conflict in it; the baseline is
today's ``compare.align.find_conflicts`` on the fact units of the two
sentences. The rules were developed on rows 1-170 and 341-551 (in file
order); rows 171-340 are held back and reported apart: their errors were
never listed while the rules were written (``--errors`` lists development
rows only).
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
HELD_BACK = (171, 340)  # rows (1-based, in file order) never inspected while the rules were written


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
    counts = Counter(row["label"] for row in rows)
    print(f"{args.path.name}: {len(rows)} pairs, " + ", ".join(f"{counts[k]} {k}" for k in LABELS))
    methods = [("compare.slots", slots_says_conflict)]
    old = baseline()
    if old is not None:
        methods.append(("baseline (align.py)", old))
    held = slice(HELD_BACK[0] - 1, HELD_BACK[1])
    parts = (("development (rows 1-170 and 341-551)", rows[:held.start] + rows[held.stop:], True),
             (f"held back (rows {HELD_BACK[0]}-{HELD_BACK[1]})", rows[held], False))
    for title, part, development in parts:
        print(f"\n{title}")
        for name, predict in methods:
            report(name, part, predict, args.errors and development and predict is slots_says_conflict)


if __name__ == "__main__":
    main()
