"""A deterministic .jsonl corpus for comparing dedup engines, made without outside data.

Base articles are paragraphs of words of no language (unrelated articles share
no 5-word run, as real ones mostly don't); then reprints of them, exact,
edited (words substituted, a sentence dropped, curly quotes) and truncated to
the first 30-50% of the paragraphs (containment near 1, Jaccard low); shared
sentences quoted by a handful of unrelated articles; a boilerplate footer in
many articles; and very short, empty and non-ASCII texts.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

SYLLABLES = ["ba", "ko", "ri", "sel", "tan", "mu", "dor", "vi", "le", "pra", "gon", "su", "fe", "nal", "ter", "qua"]
WORDS = sorted({"".join(random.Random(i).choices(SYLLABLES, k=2 + i % 3)) for i in range(4000)})
FOOTER = ("Sign up for our newsletter to get the day's top stories in your inbox every morning and read "
          "all our coverage online at any time you like on any of your devices at no extra cost.")


def _sentence(rng: random.Random) -> str:
    return " ".join(rng.choices(WORDS, k=rng.randint(8, 16))).capitalize() + "."


def _base(rng: random.Random) -> list[list[str]]:
    return [[_sentence(rng) for _ in range(rng.randint(2, 4))] for _ in range(rng.randint(4, 10))]


def _text(paragraphs: list[list[str]]) -> str:
    return "\n\n".join(" ".join(p) for p in paragraphs)


def _edited(rng: random.Random, paragraphs: list[list[str]]) -> list[list[str]]:
    out = [list(p) for p in paragraphs]
    for p in out:
        for k, sentence in enumerate(p):
            words = sentence.split()
            for _ in range(max(1, len(words) // 25)):
                words[rng.randrange(len(words))] = rng.choice(WORDS)
            p[k] = " ".join(words)
    if len(out) > 1:
        del out[rng.randrange(len(out))][0]
    out[0][0] = f"\u201c{out[0][0]}\u201d caf\u00e9 l\u2019\u00e9t\u00e9"
    return [p for p in out if p]


def articles(count: int = 2000, seed: int = 17) -> list[dict[str, str]]:
    """``count`` records {"id", "text", "outlet"} in a shuffled order."""
    rng = random.Random(seed)
    bases = [_base(rng) for _ in range(int(count * 0.7))]
    texts = [_text(b) for b in bases]
    while len(texts) < count - 6:
        source = rng.choice(bases)
        kind = rng.random()
        if kind < 0.25:
            texts.append(_text(source))
        elif kind < 0.65:
            texts.append(_text(_edited(rng, source)))
        else:
            texts.append(_text(source[: max(1, round(len(source) * rng.uniform(0.3, 0.5)))]))
    quotes = [_sentence(rng) + " " + _sentence(rng) for _ in range(30)]
    for quote in quotes:
        for k in rng.sample(range(len(texts)), rng.randint(3, 12)):
            texts[k] += "\n\n" + quote
    for k in rng.sample(range(len(texts)), len(texts) // 50):
        texts[k] += "\n\n" + FOOTER
    texts += ["", "Short.", "Two words", "Short.", "\u00c9t\u00e9 \u00e0 Paris, \u00e9t\u00e9 \u00e0 Rome.", FOOTER]
    order = list(range(len(texts)))
    rng.shuffle(order)
    return [{"id": f"a{k:05d}", "text": texts[k], "outlet": f"outlet-{k % 7}"} for k in order]


def write_jsonl(path: Path, records: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path
