"""What the Spark engine relies on to equal the local one, checked without Spark."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import numpy as np
import pytest

from compare.models import Params
from compare.neardup import lsh
from compare.neardup.minhash import sketch_texts


def _texts(count: int) -> list[str]:
    rng = random.Random(3)
    words = [f"w{i}" for i in range(3000)]
    return [" ".join(rng.choices(words, k=rng.randint(20, 200))) for _ in range(count)]


def test_sketch_does_not_depend_on_batch_neighbours() -> None:
    """Spark batches documents differently from the local engine: a document's sketch must not care."""
    texts = _texts(400)
    _, together = sketch_texts(texts, Params())
    for text, sketch in zip(texts, together, strict=True):
        _, (alone,) = sketch_texts([text], Params())
        assert np.array_equal(alone.chunk_signatures, sketch.chunk_signatures)
        assert np.array_equal(alone.signature, sketch.signature)


def test_bucket_bounds_are_what_candidate_search_applies() -> None:
    doc_bound, chunk_bound = lsh.bucket_bounds()
    assert chunk_bound == lsh.MAX_CHUNK_DF
    assert doc_bound >= 0


def test_partitioned_pairs_equal_colliding_pairs_over_everything() -> None:
    """Shuffling keys by their top bits and pairing each partition finds exactly lsh.colliding_pairs' pairs."""
    pytest.importorskip("pyarrow", reason="pyarrow is not installed (pip install -e '.[spark]')")
    from compare.neardup.spark_tasks import partition_pairs

    rng = np.random.default_rng(4)
    buckets = rng.integers(0, 1 << 40, 300, dtype=np.uint64)
    keys = (rng.choice(buckets, 5000) << np.uint64(24)) | rng.integers(0, 1 << 24, 5000, dtype=np.uint64)
    owners = rng.integers(10**9, 10**9 + 3000, 5000)
    for bound in (0, 20):
        expected = lsh.colliding_pairs(keys.reshape(-1, 1).copy(), owners - 10**9, bound)
        found: set[tuple[int, int]] = set()
        part = keys >> np.uint64(32)
        for p in range(4):
            chosen = part % np.uint64(4) == p
            found |= {(int(a) - 10**9, int(b) - 10**9) for a, b in partition_pairs(keys[chosen], owners[chosen], bound)}
        assert found == expected
        assert expected, "the keys must collide for the test to mean anything"


def test_missing_pyspark_is_one_error_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    import compare.neardup
    from compare.cli import app

    monkeypatch.setitem(sys.modules, "pyspark", None)
    monkeypatch.delitem(sys.modules, "compare.neardup.spark_engine", raising=False)
    monkeypatch.delattr(compare.neardup, "spark_engine", raising=False)  # as in a process that never imported it
    result = CliRunner().invoke(app, ["dedup", str(tmp_path / "x.jsonl"), "--engine", "spark"])
    assert result.exit_code == 1
    assert result.stderr == 'Error: the spark engine needs pyspark: pip install "compare[spark]"\n'


def test_spark_options_need_the_spark_engine(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from compare.cli import app

    for extra in (["--out", "p.parquet"], ["--master", "local[2]"], ["--engine", "dask"]):
        result = CliRunner().invoke(app, ["dedup", str(tmp_path), *extra])
        assert result.exit_code == 2, extra
