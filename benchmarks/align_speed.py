"""Time the passage aligner on two 1,000-word articles, next to difflib.

The pair is a realistic reprint: b is a, built from seed 003's paragraphs
repeated to 1,000 words, with a paragraph moved, one cut, words substituted
and a paragraph appended. Usage: ``python benchmarks/align_speed.py [repeats]``.
"""

from __future__ import annotations

import difflib
import random
import sys
import time
from pathlib import Path

from compare.ingest import parse_text
from compare.models import Article
from compare.neardup.shingles import tokenize
from compare.reuse.passages import compare_passages

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "tests" / "data" / "passages" / "wire_003.txt"
WORDS = 1000


def _paragraphs(words: int) -> list[str]:
    """Seed paragraphs, cycled and numbered so repeats are not identical, up to ``words``."""
    source = [p for p in SEED.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    out: list[str] = []
    count = 0
    while count < words:
        para = source[len(out) % len(source)]
        text = f"Part {len(out)}: {para}" if len(out) >= len(source) else para
        out.append(text)
        count += len(text.split())
    return out


def make_pair(seed: int = 7) -> tuple[Article, Article]:
    """A 1,000-word article and an edited reprint of it."""
    rng = random.Random(seed)
    paras = _paragraphs(WORDS)
    edited = list(paras)
    edited.insert(rng.randrange(len(edited)), edited.pop(2))
    del edited[rng.randrange(len(edited))]
    for i in rng.sample(range(len(edited)), 5):
        words = edited[i].split()
        words[rng.randrange(len(words))] = "yesterday"
        edited[i] = " ".join(words)
    edited.append("This paragraph was added by the republishing outlet.")
    return parse_text("a", "\n\n".join(paras)), parse_text("b", "\n\n".join(edited))


def _best_ms(func, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def main(argv: list[str]) -> int:
    repeats = int(argv[0]) if argv else 20
    a, b = make_pair()
    wa, wb = tokenize(a.text, a.paragraphs).words, tokenize(b.text, b.paragraphs).words
    compare_passages(a, b)  # warm caches (word hashes) as a corpus run would
    ours = _best_ms(lambda: compare_passages(a, b), repeats)
    theirs = _best_ms(lambda: difflib.SequenceMatcher(None, wa, wb, autojunk=False).get_matching_blocks(), repeats)
    pc = compare_passages(a, b)
    print(f"pair: {len(wa)} and {len(wb)} words; {len(pc.passages)} passages; verdict {pc.verdict}; "
          f"coverage {pc.coverage_a:.3f} / {pc.coverage_b:.3f}")
    print(f"compare_passages (tokenise, align, diff, edits, ordered overlap): {ours:.2f} ms per pair "
          f"(best of {repeats})")
    print(f"difflib.SequenceMatcher on the same word lists:  {theirs:.2f} ms per pair (matching blocks only)")
    print(f"target < 20 ms: {'met' if ours < 20 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
