"""Select the MRPC sentence pairs whose numbers differ, for the conflict benchmark.

    python benchmarks/select_conflict_pairs.py [PATH] [--count 340] > pairs.tsv

A pair qualifies when each sentence holds a number the other does not:
only then can a number of one contradict a number of the other. Numbers are
digit strings (commas dropped, "2.50" = "2.5") and number words ("seven",
"dozen"); a pair whose numbers differ only in form ("1.1 percent"/"1.1%")
does not qualify. Pairs are taken in file order, so the selection is
deterministic and another MRPC file (the held-out test split) is selected the
same way. The output has the columns of ``benchmarks/data/conflicts.tsv``
with the label and note left empty, for labelling by hand.

Only the standard library is used, so the selection does not move when the
compare package changes.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "data" / "mrpc" / "msr_paraphrase_train.txt"
COLUMNS = ("id1", "id2", "sentence1", "sentence2", "label", "note")

_NUMBER = re.compile(r"(?<![\w.])\d+(?:,\d{3})*(?:\.\d+)?(?![\d])|\b[a-z]+\b", re.IGNORECASE)
_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
}


def numbers(sentence: str) -> set[str]:
    """The numbers of a sentence, normalised so that the same value in another form is equal."""
    found = set()
    for match in _NUMBER.finditer(sentence):
        token = match.group().lower()
        if token[0].isdigit():
            value = float(token.replace(",", ""))
            found.add(f"{value:g}")
        elif token in _WORDS:
            found.add(f"{_WORDS[token]:g}")
    return found


def qualifies(sentence1: str, sentence2: str) -> bool:
    """Each side has a number the other lacks."""
    first, second = numbers(sentence1), numbers(sentence2)
    return bool(first - second) and bool(second - first)


def select(path: Path, count: int) -> list[tuple[str, str, str, str]]:
    """The first ``count`` qualifying pairs of an MRPC file, in file order, as (id1, id2, s1, s2)."""
    chosen = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(reader, None)
        for row in reader:
            if len(row) >= 5 and qualifies(row[3], row[4]):
                chosen.append((row[1], row[2], row[3], row[4]))
                if len(chosen) == count:
                    break
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--count", type=int, default=340)
    args = parser.parse_args()
    if not args.path.exists():
        sys.exit(f"MRPC file not found: {args.path}")
    print("\t".join(COLUMNS))  # MRPC sentences hold no tab; quotes stay as written
    for row in select(args.path, args.count):
        print("\t".join((*row, "", "")))


if __name__ == "__main__":
    main()
