"""Candidates, exact verification and clusters."""

from __future__ import annotations

import numpy as np
import pytest

from compare.errors import UsageError
from compare.ingest import parse_text
from compare.models import Params, Similarity
from compare.neardup import clusters, lsh, minhash, verify
from compare.neardup.shingles import shingle_sequence, tokenize
from compare.pipeline import near_duplicates
from tests.conftest import paragraphs


def _articles(**texts: str):
    return [parse_text(name, text) for name, text in sorted(texts.items())]


def test_exact_duplicate_is_related(wire_text: str, unrelated_text: str) -> None:
    """Two copies of one text have Jaccard 1 and form one cluster."""
    pairs, _, _ = near_duplicates(_articles(a=wire_text, b=wire_text, c=unrelated_text), Params())
    assert [(p.a, p.b, p.jaccard, p.containment_a, p.containment_b) for p in pairs] == [("a", "b", 1.0, 1.0, 1.0)]


def test_truncated_reprint_found_through_containment(wire_text: str) -> None:
    """A reprint keeping the first 4 of 12 paragraphs is found although its Jaccard is low."""
    twelve = paragraphs(wire_text)[:12]
    original, reprint = "\n\n".join(twelve), "\n\n".join(twelve[:4])
    pairs, _, _ = near_duplicates(_articles(original=original, reprint=reprint), Params())
    assert len(pairs) == 1
    assert pairs[0].jaccard < 0.5
    assert pairs[0].containment_b == pytest.approx(1.0)


def test_plain_document_lsh_would_miss_the_truncated_reprint(wire_text: str) -> None:
    """The chunk index is what finds it: document bands alone do not collide."""
    twelve = paragraphs(wire_text)[:12]
    texts = ["\n\n".join(twelve), "\n\n".join(twelve[:4])]
    _, sketches = minhash.sketch_texts(texts, Params())
    bands = lsh.band_shape(0.5, 128)
    doc_keys = lsh.band_keys(np.stack([s.signature for s in sketches]), *bands)
    assert lsh.colliding_pairs(doc_keys, np.arange(2)) == set()
    assert lsh.candidate_pairs(sketches, Params()) == {(0, 1)}


def test_unrelated_articles_are_not_related(wire_text: str, unrelated_text: str) -> None:
    """Different stories produce no pair."""
    pairs, _, _ = near_duplicates(_articles(a=wire_text, b=unrelated_text), Params())
    assert pairs == []


def test_texts_shorter_than_k_words(wire_text: str) -> None:
    """Articles shorter than a shingle neither crash nor match unrelated text."""
    pairs, _, _ = near_duplicates(_articles(a="Short.", b="Short.", c="Other words", d=wire_text), Params())
    assert [(p.a, p.b) for p in pairs] == [("a", "b")]


def test_exact_similarity_figures() -> None:
    """Jaccard and containments are exact set ratios."""
    a = np.array([1, 2, 3, 4], dtype=np.uint64)
    b = np.array([3, 4, 5], dtype=np.uint64)
    s = verify.exact_similarity("a", "b", a, b)
    assert (s.jaccard, s.containment_a, s.containment_b, s.shared) == (2 / 5, 2 / 4, 2 / 3, 2)


def test_clusters_use_union_find_and_longest_representative() -> None:
    """Chained pairs form one cluster represented by its longest member."""
    links = [Similarity("a", "b", 0.9, 0.9, 0.9, 9), Similarity("b", "c", 0.9, 0.9, 0.9, 9)]
    found = clusters.clusters(["a", "b", "c", "d"], [10, 30, 20, 5], links)
    assert [(c.members, c.representative) for c in found] == [(("a", "b", "c"), "b")]


@pytest.mark.parametrize(
    ("fields", "rule"),
    [
        ({"threshold": 1.5}, "threshold must be in \\[0, 1\\]"),
        ({"containment": -0.1}, "containment must be in \\[0, 1\\]"),
        ({"shingle_size": 0}, "shingle size must be >= 1"),
        ({"num_perm": 1}, "num_perm must be in \\[2, 1024\\]"),
        ({"max_gap": 21}, "max gap must be in \\[0, 20\\] words"),
    ],
)
def test_parameters_checked_once_where_they_are_built(fields: dict[str, float], rule: str) -> None:
    """Out-of-range parameters are refused, with the rule they break, when Params is made: no stage sees them."""
    with pytest.raises(UsageError, match=rule):
        Params(**fields)


def test_a_shared_background_paragraph_is_one_reuse_cluster(wire_text: str, unrelated_text: str) -> None:
    """Two different articles sharing one background paragraph: one cluster, the paragraph's words in both."""
    from compare.models import Article, Span
    from compare.reuse.clusters import reuse_clusters

    background = paragraphs(wire_text)[2]
    texts = [unrelated_text + "\n\n" + background, wire_text]
    articles = [Article(f"{n}", text, "", (Span(0, len(text)),)) for n, text in enumerate(texts)]
    sequences = [shingle_sequence(tokenize(t).words, 5) for t in texts]
    [cluster] = reuse_clusters(articles, sequences, 5, 8, 3)
    assert [w.text for w in cluster.witnesses] == [background, background]


def test_batch_signatures_equal_datasketch(wire_text: str, unrelated_text: str) -> None:
    """Signatures sketched in a batch equal datasketch's MinHash of each document alone."""
    from datasketch import MinHash

    from compare.neardup.shingles import batch_shingles, batch_word_hashes, to_hash32

    hashes, counts = batch_word_hashes([wire_text, "", unrelated_text])
    shingles, shingle_counts = batch_shingles(hashes, counts, 5)
    sketches = minhash.sketch_batch(shingles, shingle_counts, 128, 1)
    for text, sketch in zip([wire_text, unrelated_text], [sketches[0], sketches[2]], strict=True):
        alone = shingle_sequence(tokenize(text).words, 5)
        reference = MinHash(num_perm=128, seed=1, hashfunc=int, scheme="affine32")
        reference.update_batch([int(v) for v in to_hash32(np.unique(alone))])
        assert np.array_equal(sketch.signature, reference.hashvalues)
        assert np.array_equal(sketch.shingles, np.unique(alone))
    assert sketches[1].shingles.size == 0 and sketches[1].chunk_signatures.shape[0] == 0


def test_witness_keys_equal_counting_every_article() -> None:
    """Shingles held by the same set of articles get one key, others another; a shingle of one article none."""
    from compare.reuse.clusters import witness_keys

    rng = np.random.default_rng(3)
    sequences = [rng.integers(0, 300, size=rng.integers(0, 60)).astype(np.uint64) for _ in range(80)]
    owners = np.repeat(np.arange(80), [s.size for s in sequences])
    keys, holders = witness_keys(np.concatenate(sequences), owners)
    holding = {v: frozenset(n for n, s in enumerate(sequences) if v in set(s.tolist())) for v in range(300)}
    values = np.concatenate(sequences).tolist()
    assert holders.tolist() == [len(holding[v]) for v in values]
    assert all((k == 0) == (len(holding[v]) < 2) for k, v in zip(keys.tolist(), values, strict=True))
    by_key: dict[int, set[frozenset[int]]] = {}
    for key, value in zip(keys.tolist(), values, strict=True):
        if key:
            by_key.setdefault(key, set()).add(holding[value])
    assert all(len(sets) == 1 for sets in by_key.values())
    assert len(by_key) == len({holding[v] for v in values if len(holding[v]) >= 2})


def _random_text(rng: np.random.Generator, words: int) -> str:
    vocabulary = [f"w{k}" for k in range(5000)]
    return " ".join(vocabulary[k] for k in rng.integers(0, len(vocabulary), words))


@pytest.mark.parametrize("quoting", [10, lsh.MAX_CHUNK_DF + 8])
def test_a_sentence_many_articles_quote_proposes_no_pairs(quoting: int) -> None:
    """A chunk key held by more than MAX_CHUNK_DF articles is not expanded (step 4), and below that one
    shared sentence is too little evidence (step 5); a truncated reprint among them is still proposed."""
    rng = np.random.default_rng(3)
    quote = _random_text(rng, 25)  # one sentence of articles of 425 words
    texts = [f"{_random_text(rng, 200)} {quote} {_random_text(rng, 200)}" for _ in range(quoting)]
    texts.append(texts[0][: len(texts[0]) // 2])
    _, sketches = minhash.sketch_texts(texts, Params())
    candidates = lsh.candidate_pairs(sketches, Params())
    assert (0, len(texts) - 1) in candidates
    assert len(candidates) <= 3


def test_chunk_hits_needed_grow_with_the_shorter_document() -> None:
    """One matched chunk pair is enough for one-chunk documents, not for long ones."""
    assert lsh.chunk_hits_needed(np.array([1, 20])).tolist() == [1, 3]


@pytest.mark.parametrize("text", [
    "Société Générale’s “£2.5 billion” — İstanbul Straße ½ µg naïve 'quoted' O'Neil's café",
    "x\u0307y ÉCOLE ΣΊΣΥΦΟΣ don't ''' _under_score 東京 2003年",
])
def test_words_of_text_that_is_not_ascii_hash_as_tokenize_splits_them(text: str) -> None:
    """The non-ASCII path (no regex) gives the words ``tokenize`` gives."""
    from compare.neardup.shingles import batch_word_hashes, word_hash

    hashes, counts = batch_word_hashes([text, "plain"])
    assert hashes.tolist() == [word_hash(w) for w in (*tokenize(text).words, "plain")]
    assert counts.tolist() == [len(tokenize(text)), 1]
