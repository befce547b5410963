"""Ordered overlap: how much of one text's wording the other follows, in order.

Shared passages miss a rewrite. A reporter who retells wire copy sentence by
sentence breaks most 4-word runs but keeps its names, nouns and verbs in the
source's order. The ordered overlap of ``b`` with ``a`` is the share of b's
content words (lemmatised, stopwords dropped) in the longest common
subsequence of the two content-word sequences. Independent texts on one
topic share vocabulary but not its order: on clough-stevenson the answers
written without the source score 0.09-0.33, heavy revisions of it 0.31-0.93
(``benchmarks/reuse_levels.py``).
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz.distance import LCSseq

from compare.facts.lexicon import STOPWORDS
from compare.facts.paraphrase import lemma


def content_lemmas(words: Sequence[str]) -> list[str]:
    """Lemmas of the words that carry content ("classes" -> "class"; "the" dropped)."""
    lemmas = (lemma(word) for word in words)
    return [word for word in lemmas if word not in STOPWORDS]


def ordered_overlap(words_a: Sequence[str], words_b: Sequence[str]) -> tuple[float, float]:
    """(share of a's content words, share of b's) in their longest common subsequence.

    Words are casefolded tokens (``sketch.tokenize``). A side with no
    content words scores 0: there is nothing of it to follow.
    """
    a, b = content_lemmas(words_a), content_lemmas(words_b)
    common = LCSseq.similarity(a, b) if a and b else 0
    return common / max(len(a), 1), common / max(len(b), 1)
