"""Tokens, shingles and signatures."""

from __future__ import annotations

import numpy as np
import pytest
from datasketch import MinHash

from compare.models import Span
from compare.neardup.minhash import sketch_batch
from compare.neardup.shingles import shingle_sequence, to_hash32, tokenize


def test_tokens_point_into_original_text() -> None:
    """Every token's offsets slice the original word out of the text."""
    text = "MOSCOW: Japan\u2019s PM said \u201cyes\u201d."
    tokens = tokenize(text)
    assert tokens.words == ("moscow", "japan's", "pm", "said", "yes")
    assert [text[s:e] for s, e in zip(tokens.starts, tokens.ends, strict=True)][1] == "Japan\u2019s"


def test_tokenize_only_given_spans() -> None:
    """Text outside the body spans never becomes a token."""
    text = "Menu Weather\n\nBody text here."
    tokens = tokenize(text, [Span(14, len(text))])
    assert tokens.words == ("body", "text", "here")


def test_shingles_ignore_case_punctuation_and_quote_style() -> None:
    """Typography differences between outlets do not change shingles."""
    a = tokenize("Putin said: \u201cIt's a 'difficult' question.\u201d").words
    b = tokenize('putin said -- "it\u2019s a difficult question"').words
    assert np.array_equal(np.unique(shingle_sequence(a, 3)), np.unique(shingle_sequence(b, 3)))


def test_short_text_has_one_shingle() -> None:
    """A text shorter than k words still has a shingle, so it can match itself."""
    assert shingle_sequence(("too", "short"), 5).size == 1
    assert shingle_sequence((), 5).size == 0


def test_shingle_size_must_be_positive() -> None:
    """k = 0 is refused with the rule."""
    with pytest.raises(ValueError, match="shingle size must be >= 1"):
        shingle_sequence(("a",), 0)


def test_signature_equals_datasketch_minhash(wire_text: str) -> None:
    """Our numpy signature is datasketch's affine32 MinHash of the same values."""
    sequence = shingle_sequence(tokenize(wire_text).words, 5)
    shingles = np.unique(sequence)
    reference = MinHash(num_perm=64, seed=7, hashfunc=int, scheme="affine32")
    reference.update_batch([int(v) for v in to_hash32(shingles)])
    ours = sketch_batch(sequence, np.array([sequence.size]), 64, 7)[0].signature
    assert np.array_equal(ours, reference.hashvalues)


@pytest.mark.parametrize(("num_perm", "seed"), [(128, 1), (64, 7), (256, 12345)])
def test_permutations_are_datasketchs(num_perm: int, seed: int) -> None:
    """Our permutation parameters are exactly datasketch 2.x's affine32 ones."""
    from compare.neardup.shingles import permutations

    a, b = permutations(num_perm, seed)
    reference = MinHash(num_perm=num_perm, seed=seed, scheme="affine32").permutations
    assert np.array_equal(a, reference[0]) and np.array_equal(b, reference[1])
