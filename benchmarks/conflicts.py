"""Precision and recall of the "conflict" label on the hand-labelled MRPC pairs.

    python benchmarks/conflicts.py [TSV]       both parts of benchmarks/data/conflicts.tsv
    python benchmarks/conflicts.py --errors    also list the development pairs compare.slots gets wrong

The labels (conflict, compatible, different) follow
``benchmarks/data/conflicts-guide.md``. A pair is predicted "conflict" when
``compare.facts.slots`` finds a number or date conflict in it (without
``same_fact``: MRPC pairs are not known to state one fact). The baseline is
the conflict finding align.py had before it used compare.slots, copied
here, on the fact units of the two sentences.

The rules were first developed on rows 1-170 and 341-551 (in file order)
with rows 171-340 held back; at commit d82b5af the held-back rows scored
precision 0.488, recall 0.583 (development 0.754 / 0.675), a gap that made
their errors worth reading. From then on all rows were development data (later
rules were read off errors in rows 171-340 too), so both parts below are
optimistic: the held-out MRPC test split, selected by
``select_conflict_pairs.py`` and labelled by the same guide, is the judge.
``--errors`` lists the development rows compare.slots still gets wrong.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz  # noqa: E402

from compare.facts import slots  # noqa: E402

DEFAULT = ROOT / "benchmarks" / "data" / "conflicts.tsv"
LABELS = ("conflict", "compatible", "different")
HELD_BACK = (171, 340)  # rows (1-based, in file order) held back until commit d82b5af (see the docstring)


def load(path: Path) -> list[dict[str, str]]:
    """Rows of the labelled file as dicts keyed by its header."""
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:] if line.strip()]


def slots_says_conflict(a: str, b: str) -> bool:
    return bool(slots.number_conflicts(a, b) or slots.date_conflicts(a, b))


def baseline() -> Callable[[str, str], bool]:
    """The conflict finding align.py had before compare.slots, on the fact units of each sentence.

    Copied from ``compare/align.py`` as it was (``_compatible``,
    ``find_conflicts``, ``_name_conflicts``), so the baseline stays fixed
    while align.py moves on.
    """
    from compare.facts.units import extract_units
    from compare.models import Article, Span

    def units(sentence: str) -> tuple:
        return extract_units(Article(id="s", text=sentence, title="", paragraphs=(Span(0, len(sentence)),)))

    def says_conflict(a: str, b: str) -> bool:
        return any(_legacy_conflicts(x, y) for x in units(a) for y in units(b))

    return says_conflict


def _legacy_compatible(x: float, qx: str, y: float, qy: str) -> bool:
    if math.isclose(x, y, rel_tol=1e-9):
        return True
    for value, qual, other in ((x, qx, y), (y, qy, x)):
        if (qual == "+" and other >= value * 0.95) or (qual == "<" and other <= value * 1.05):
            return True
    return "~" in (qx, qy) and math.isclose(x, y, rel_tol=0.1)


def _legacy_conflicts(a: object, b: object) -> bool:
    """Same unit and incompatible values, one differing absolute year, or one differing person."""
    for qa in a.quantities:
        same = [qb for qb in b.quantities if qa.unit and qb.unit == qa.unit and qa.unit != "year (date)"]
        if same and not any(_legacy_compatible(qa.value, qa.qualifier, qb.value, qb.qualifier) for qb in same):
            return True
    years_a = {d.value for d in a.dates if d.value[:1].isdigit()}
    years_b = {d.value for d in b.dates if d.value[:1].isdigit()}
    if len(years_a) == 1 and len(years_b) == 1 and years_a != years_b:
        return True
    people_a = {e.key for e in a.entities if e.kind == "person" and not e.text.lower().startswith("the ")}
    people_b = {e.key for e in b.entities if e.kind == "person" and not e.text.lower().startswith("the ")}
    one_each = len(people_a - people_b) == 1 and len(people_b - people_a) == 1
    return one_each and fuzz.token_set_ratio(a.text, b.text) >= 80


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
    methods = [("compare.slots", slots_says_conflict), ("baseline (old align.py)", baseline())]
    held = slice(HELD_BACK[0] - 1, HELD_BACK[1])
    parts = (("development (rows 1-170 and 341-551)", rows[:held.start] + rows[held.stop:], True),
             (f"held back until d82b5af (rows {HELD_BACK[0]}-{HELD_BACK[1]})", rows[held], False))
    for title, part, development in parts:
        print(f"\n{title}")
        for name, predict in methods:
            report(name, part, predict, args.errors and development and predict is slots_says_conflict)


if __name__ == "__main__":
    main()
