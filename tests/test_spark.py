"""The Spark engine gives the local engine's answers: pairs, figures, clusters and bad-line notes.

One local[2] session serves the module (small shuffles, no UI); everything
skips with its reason when pyspark or Java is missing.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from dedup_corpus import articles, write_jsonl
from typer.testing import CliRunner

from compare.cli import app
from compare.models import Params
from compare.neardup import lsh, stream

pytest.importorskip("pyspark", reason="pyspark is not installed (pip install -e '.[spark]')")
pytest.importorskip("pyarrow", reason="pyarrow is not installed (pip install -e '.[spark]')")
if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
    pytest.skip("Java is not installed (Spark needs it)", allow_module_level=True)

from compare.neardup import spark_engine  # only once pyspark is known to be there

runner = CliRunner()
TEST_CONFIG = {
    "spark.ui.enabled": "false",
    "spark.sql.shuffle.partitions": "4",
    "spark.default.parallelism": "2",
    "spark.ui.showConsoleProgress": "false",
}


@pytest.fixture(scope="module")
def spark() -> Iterator[object]:
    session = spark_engine.session("local[2]", TEST_CONFIG)
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def test_spark_equals_local_on_2000_articles(spark: object, tmp_path: Path) -> None:
    """Reprints (exact, edited, truncated), shared sentences and a boilerplate footer: equal, figure for figure."""
    source = write_jsonl(tmp_path / "corpus.jsonl", articles(2000))
    pairs, clusters, notes = stream.dedup_jsonl(source, Params(), jobs=1)
    found = spark_engine.dedup(spark, str(source), Params())
    assert found.pairs == pairs
    assert found.clusters == clusters
    assert found.notes == notes == []
    assert found.summary.documents == 2000
    assert found.summary.verified == len(pairs)
    assert any(p.jaccard < 0.5 for p in pairs), "truncated reprints are found by containment"
    assert any(len(c.members) > 2 for c in clusters)


def _with_bad_lines(path: Path) -> Path:
    lines = [json.dumps(r, ensure_ascii=False).encode() for r in articles(240, seed=5)]
    lines[3:3] = [b"not json", b"", b'{"id": "no-text"}', b"[1, 2]", b"   ", b'{"id": "x", "text": "caf\xe9"}']
    lines.append(b'{"id": "x", "text": "cut off')
    path.write_bytes(b"\xef\xbb\xbf" + b"\n".join(lines) + b"\n")  # a BOM, and one line of Latin-1
    return path


def test_cli_spark_json_and_warnings_equal_the_local_engine(spark: object, tmp_path: Path) -> None:
    """Malformed lines never stop a run: both engines name the same file and lines, and print the same JSON."""
    source = _with_bad_lines(tmp_path / "bad.jsonl")
    local = runner.invoke(app, ["dedup", str(source), "--json", "--jobs", "1"])
    distributed = runner.invoke(app, ["dedup", str(source), "--json", "--engine", "spark"])
    assert local.exit_code == distributed.exit_code == 0, distributed.output
    assert distributed.stdout == local.stdout
    warnings = [line for line in distributed.stderr.splitlines() if line.startswith("Warning:")]
    assert warnings == [line for line in local.stderr.splitlines() if line.startswith("Warning:")]
    numbers = [w.split(": ")[2].split(" skipped")[0] for w in warnings]
    assert numbers == ["line 4", "line 6", "line 7", "line 9", "line 247"]
    assert "spark: 240 documents" in distributed.stderr


def test_parquet_with_metadata_to_parquet_under_another_chunk_bound(
    spark: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Parquet in, Parquet out with metadata carried through; the chunk bound is read from lsh, not copied."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    records = articles(400, seed=9)
    source = write_jsonl(tmp_path / "c.jsonl", records)
    pq.write_table(pa.Table.from_pylist(records), tmp_path / "c.parquet")
    unbounded, _, _ = stream.dedup_jsonl(source, Params(), jobs=1)
    monkeypatch.setattr(lsh, "MAX_CHUNK_DF", 3)
    pairs, clusters, _ = stream.dedup_jsonl(source, Params(), jobs=1)
    out = tmp_path / "out" / "pairs.parquet"
    found = spark_engine.dedup(spark, str(tmp_path / "c.parquet"), Params(), out=str(out))
    assert (found.pairs, found.clusters) == (pairs, clusters)
    assert pairs != unbounded, "a bound of 3 must change the answer, or this test proves nothing"
    written = pq.read_table(out).to_pylist()
    assert sorted((r["a"], r["b"], r["jaccard"]) for r in written) == [(p.a, p.b, p.jaccard) for p in pairs]
    outlet = {r["id"]: r["outlet"] for r in records}
    assert all(r["a_outlet"] == outlet[r["a"]] and r["b_outlet"] == outlet[r["b"]] for r in written)
    members = pq.read_table(tmp_path / "out" / "pairs.clusters.parquet").to_pylist()
    assert {(r["cluster"], r["id"]) for r in members} == {(c.representative, m) for c in clusters for m in c.members}
    assert all(r["outlet"] == outlet[r["id"]] for r in members)


def test_spark_errors_are_one_line(spark: object, tmp_path: Path) -> None:
    missing = runner.invoke(app, ["dedup", str(tmp_path / "nowhere.jsonl"), "--engine", "spark"])
    assert missing.exit_code == 1 and missing.stderr.startswith("Error: ") and "no such file" in missing.stderr
    (tmp_path / "taken").mkdir()
    source = write_jsonl(tmp_path / "a.jsonl", articles(20, seed=1))
    taken = runner.invoke(app, ["dedup", str(source), "--engine", "spark", "--out", str(tmp_path / "taken")])
    assert taken.exit_code == 2 and "already exists" in taken.stderr
