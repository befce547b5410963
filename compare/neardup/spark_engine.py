"""`compare dedup --engine spark`: the local engine's near-duplicate search, run on Apache Spark.

Past one machine the work is split, not changed: workers call the local
engine's functions on Arrow batches (compare.neardup.spark_tasks), so pairs
and clusters equal the local engine's exactly (a test checks it).

Algorithm:

1. Read JSON lines (a file or a folder of ``*.jsonl``) or Parquet with ``id``
   and ``text`` columns; each input row gets a number from its position in the
   scan, which a second scan of the same files reproduces.
2. Sketch each batch of records (shingles, MinHash, document and chunk band
   keys) exactly as ``stream.keys_of_lines`` does; malformed lines are counted.
3. Shuffle band keys so that equal buckets meet in one partition and run
   ``lsh.colliding_pairs`` there, with the bucket bounds of
   ``lsh.bucket_bounds()`` (chunk buckets of more than ``lsh.MAX_CHUNK_BUCKET``
   documents are boilerplate and skipped); repeated candidates are dropped.
4. Re-read only the candidates' records, build their exact shingle sets and
   keep the pairs ``verify.is_related`` accepts (``--threshold`` Jaccard or
   ``--containment``), with ``verify.exact_similarity``'s figures.
5. Clusters are connected components of the related pairs
   (spark_components); the representative is the longest member by word
   count, ties to the smallest id, as in ``clusters.clusters``.
6. Malformed lines are found again, with their line numbers, only in the
   files step 2 counted some in, and reported as the local engine words them.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from urllib.parse import unquote, urlparse

from pyspark import StorageLevel
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from compare.errors import InputNotFoundError, NoArticlesError, UsageError
from compare.models import Cluster, Params, Similarity, Skipped
from compare.neardup import lsh, spark_tasks
from compare.neardup.spark_components import components

LOCAL_PARTITIONS_PER_CORE = 2
PARTITION_SHIFT = 32  # shuffle on the key's top 32 bits: coarser than a bucket, so a bucket never splits


@dataclass(frozen=True)
class SparkInput:
    """The input as rows (row, path, value) for JSON lines or (row, path, id, text, metadata...) for Parquet."""

    source: str
    frame: DataFrame
    jsonl: bool
    single_file: bool
    metadata: tuple[str, ...] = ()


@dataclass
class Summary:
    """What the run did, printed at the end: counts, then seconds per stage."""

    documents: int = 0
    candidates: int = 0
    verified: int = 0
    clusters: int = 0
    seconds: dict[str, float] = field(default_factory=dict)

    outputs: tuple[str, ...] = ()

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Time one stage; each ends with a Spark action, so its seconds are its own, not lazily deferred."""
        started = time.perf_counter()
        yield
        self.seconds[name] = round(time.perf_counter() - started, 2)

    def lines(self) -> list[str]:
        """What `compare dedup --engine spark` prints on stderr at the end (stdout stays the results)."""
        stages = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in self.seconds.items())
        found = [f"spark: {self.documents:,} documents, {self.candidates:,} candidate pairs, "
                 f"{self.verified:,} verified pairs, {self.clusters:,} clusters",
                 f"spark: {stages}; total {sum(self.seconds.values()):.1f} s"]
        return found + ([f"spark: wrote pairs to {self.outputs[0]} and clusters to {self.outputs[1]}"]
                        if self.outputs else [])


@dataclass(frozen=True)
class SparkDedup:
    """Pairs and clusters (collected only when asked), bad-line notes, and the summary."""

    pairs: list[Similarity]
    clusters: tuple[Cluster, ...]
    notes: list[Skipped]
    summary: Summary


def session(master: str | None, config: dict[str, str] | None = None) -> SparkSession:
    """The running session (spark-submit, Databricks, a test), else a new one; ``--master`` picks the cluster.

    A session this process starts itself on its own machine runs its Python
    workers with this interpreter, where compare is installed; on a cluster
    the workers' Python is the cluster's setting (see the README).
    """
    running = SparkSession.getActiveSession()
    if running is not None and not master:  # Databricks, a notebook, a test: its settings stay as they are
        return running
    builder = SparkSession.builder.appName("compare dedup")
    launched_here = "PYSPARK_GATEWAY_PORT" not in os.environ  # spark-submit starts Python with a gateway
    if launched_here and (master or "local").startswith("local"):
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # pyspark reads only the environment
        # One machine: a few shuffle partitions per core, not Spark's cluster default of 200.
        builder = builder.config("spark.sql.shuffle.partitions", str(LOCAL_PARTITIONS_PER_CORE * (os.cpu_count() or 1)))
        # Spark's progress bar is for a terminal; in a log it would garble the summary lines.
        builder = builder.config("spark.ui.showConsoleProgress", str(sys.stderr.isatty()).lower())
    for name, value in (config or {}).items():
        builder = builder.config(name, value)
    return (builder.master(master) if master else builder).getOrCreate()


def _hadoop_path(spark: SparkSession, source: str) -> tuple[object, object]:
    jvm = spark.sparkContext._jvm
    path = jvm.org.apache.hadoop.fs.Path(source)
    return path, path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())


def _kind_of(spark: SparkSession, source: str) -> tuple[bool, bool]:
    """(is JSON lines, is one file): a file by its name, a folder by the files under it (Parquet wins)."""
    path, fs = _hadoop_path(spark, source)
    if not fs.exists(path):
        raise InputNotFoundError(f"{source}: no such file or folder; give a .jsonl file, a folder of them, or Parquet")
    if fs.getFileStatus(path).isFile():
        return not source.lower().endswith(".parquet"), True
    files, jsonl = fs.listFiles(path, True), False
    while files.hasNext():
        name = files.next().getPath().getName().lower()
        if name.endswith(".parquet"):
            return False, False
        jsonl = jsonl or name.endswith(".jsonl")
    if not jsonl:
        raise NoArticlesError(f"{source}: no .jsonl or .parquet files under it")
    return True, False


def read_input(spark: SparkSession, source: str) -> SparkInput:
    """Step 1: rows numbered by scan position, with the file each came from."""
    jsonl, single = _kind_of(spark, source)
    numbered = [F.monotonically_increasing_id().alias("row"), F.col("_metadata.file_path").alias("path")]
    if jsonl:
        reader = spark.read.option("lineSep", "\n")
        if not single:
            reader = reader.option("recursiveFileLookup", "true").option("pathGlobFilter", "*.jsonl")
        lines = reader.text(source).select(*numbered, F.col("value").cast("binary").alias("value"))
        return SparkInput(source, lines, True, single)
    frame = spark.read.parquet(source)
    missing = {"id", "text"} - set(frame.columns)
    if missing:
        raise UsageError(f"{source}: Parquet input needs the columns id and text; missing {', '.join(sorted(missing))}")
    metadata = tuple(c for c in frame.columns if c not in ("id", "text"))
    texts = [F.col("id").cast("string").alias("id"), F.col("text").cast("string").alias("text")]
    return SparkInput(source, frame.select(*numbered, *texts, *metadata), False, single, metadata)


def _candidates(data: SparkInput, params: Params, summary: Summary) -> tuple[DataFrame, dict[str, int]]:
    """Steps 2-3: candidate pairs (x < y by row number) and bad rows per file; counts go to the summary."""
    keys = data.frame.mapInArrow(partial(spark_tasks.sketch_keys, params=params, jsonl=data.jsonl),
                                 spark_tasks.KEYS_SCHEMA)
    shuffled = keys.repartition(F.col("kind"), F.shiftright("key", PARTITION_SHIFT))
    stage = shuffled.mapInArrow(partial(spark_tasks.candidate_pairs, bounds=lsh.bucket_bounds()),
                                spark_tasks.KEYS_SCHEMA).persist(StorageLevel.MEMORY_AND_DISK)
    tallies = stage.where(F.col("kind").isin(spark_tasks.DOCUMENTS, spark_tasks.BAD_LINES))
    bad: dict[str, int] = {}
    for row in tallies.groupBy("kind", "path").agg(F.sum("key").alias("n")).collect():
        if row["kind"] == spark_tasks.DOCUMENTS:
            summary.documents += int(row["n"])
        else:
            bad[row["path"]] = int(row["n"])
    pairs = stage.where(F.col("kind") == spark_tasks.PAIR).select(F.col("doc").alias("x"), F.col("key").alias("y"))
    found = pairs.union(_chunk_candidates(stage)).distinct().persist(StorageLevel.MEMORY_AND_DISK)
    summary.candidates = found.count()
    stage.unpersist()
    return found, bad


def _chunk_candidates(stage: DataFrame) -> DataFrame:
    """Step 5 of ``lsh``: document pairs with matched chunk pairs on at least ``lsh.MIN_CHUNK_SHARE`` of the
    shorter one's chunks (at least one), counted from the distinct chunk pairs the partitions found."""
    shift = spark_tasks.CHUNK_SHIFT
    chunk_pairs = stage.where(F.col("kind") == spark_tasks.CHUNK_PAIR).select("doc", "key").distinct()
    docs = chunk_pairs.select(F.shiftright("doc", shift).alias("a"), F.shiftright("key", shift).alias("b"))
    hits = (docs.where(F.col("a") != F.col("b"))
            .select(F.least("a", "b").alias("x"), F.greatest("a", "b").alias("y"))
            .groupBy("x", "y").count())
    counts = stage.where(F.col("kind") == spark_tasks.CHUNK_COUNT).select("doc", F.col("key").alias("chunks"))
    with_x = hits.join(counts.withColumnRenamed("doc", "x").withColumnRenamed("chunks", "cx"), "x")
    with_both = with_x.join(counts.withColumnRenamed("doc", "y").withColumnRenamed("chunks", "cy"), "y")
    needed = F.greatest(F.ceil(F.lit(lsh.MIN_CHUNK_SHARE) * F.least("cx", "cy")), F.lit(1))
    return with_both.where(F.col("count") >= needed).select("x", "y")


def _verified(data: SparkInput, candidates: DataFrame, params: Params) -> tuple[DataFrame, DataFrame]:
    """Step 4: the related pairs with exact figures, and (doc, id, words) of every candidate document."""
    needed = candidates.select(F.col("x").alias("row")).union(candidates.select(F.col("y").alias("row"))).distinct()
    records = data.frame.join(needed, "row", "left_semi")
    sets = records.mapInArrow(partial(spark_tasks.shingle_sets, params=params, jsonl=data.jsonl),
                              spark_tasks.SETS_SCHEMA).persist(StorageLevel.MEMORY_AND_DISK)

    def side(name: str) -> DataFrame:
        return sets.select(F.col("doc").alias(name), F.col("id").alias(f"{name}_id"),
                           F.col("shingles").alias(f"{name}_set"))

    joined = (candidates.join(side("x_doc"), candidates.x == F.col("x_doc"))
              .join(side("y_doc"), candidates.y == F.col("y_doc")))
    columns = ("x_doc", "y_doc", "x_doc_id", "y_doc_id", "x_doc_set", "y_doc_set")
    renamed = joined.select(*(F.col(c).alias(c.replace("_doc_", "_")) for c in columns))
    verified = renamed.mapInArrow(partial(spark_tasks.verify_pairs, params=params), spark_tasks.VERIFIED_SCHEMA)
    return verified.persist(StorageLevel.MEMORY_AND_DISK), sets.select("doc", "id", "words")


def _clustered(verified: DataFrame, documents: DataFrame) -> DataFrame:
    """Step 5: (root, doc, id, words, representative) of every clustered document."""
    roots = components(verified.select(F.col("a_doc").alias("src"), F.col("b_doc").alias("dst")))
    members = roots.join(documents.withColumnRenamed("doc", "node"), "node")
    best = members.groupBy("root").agg(F.min(F.struct((-F.col("words")).alias("w"), "id")).alias("best"))
    return (members.join(best, "root")
            .select("root", F.col("node").alias("doc"), "id", "words", F.col("best.id").alias("representative")))


def dedup(spark: SparkSession, source: str, params: Params, out: str | None = None,
          collect: bool = True) -> SparkDedup:
    """Steps 1-6; with ``out``, pairs and clusters are written as Parquet; with ``collect``, returned too."""
    outputs = _outputs(spark, out) if out else ()
    summary = Summary(outputs=outputs)
    with summary.stage("sketch and candidates"):
        data = read_input(spark, source)
        candidates, bad = _candidates(data, params, summary)
    if not summary.documents:
        raise NoArticlesError(f"{source}: no records with an id and a text")
    with summary.stage("verify"):
        verified, documents = _verified(data, candidates, params)
        summary.verified = verified.count()
    with summary.stage("clusters"):
        clustered = _clustered(verified, documents).persist(StorageLevel.MEMORY_AND_DISK)
        summary.clusters = clustered.select("root").distinct().count()
    with summary.stage("output"):
        if outputs:
            _write(data, verified, clustered, outputs)
        pairs, groups = _collect(verified, clustered) if collect else ([], ())
        notes = bad_line_notes(spark, data, bad)
    return SparkDedup(pairs, groups, notes, summary)


def _outputs(spark: SparkSession, out: str) -> tuple[str, str]:
    """Pairs at ``out``, clusters beside it (pairs.parquet -> pairs.clusters.parquet); both must be new."""
    head, _, name = out.rstrip("/").rpartition("/")
    stem, dot, suffix = name.rpartition(".")
    clusters_name = f"{stem}.clusters.{suffix}" if dot and stem else f"{name}.clusters"
    paths = (out, f"{head}/{clusters_name}" if head else clusters_name)
    for path in paths:
        hadoop, fs = _hadoop_path(spark, path)
        if fs.exists(hadoop):
            raise UsageError(f"--out: {path} already exists; remove it or give another path")
    return paths


def _with_metadata(data: SparkInput, frame: DataFrame, key: str, prefix: str) -> DataFrame:
    """Join the input's metadata columns (Parquet) on a row number, named ``prefix + column``."""
    if not data.metadata:
        return frame
    meta = data.frame.select(F.col("row").alias(key), *(F.col(c).alias(prefix + c) for c in data.metadata))
    return frame.join(meta, key, "left")


def _write(data: SparkInput, verified: DataFrame, clustered: DataFrame, outputs: tuple[str, str]) -> None:
    pairs = _with_metadata(data, _with_metadata(data, verified, "a_doc", "a_"), "b_doc", "b_")
    pairs.drop("a_doc", "b_doc").write.parquet(outputs[0])
    members = _with_metadata(data, clustered, "doc", "")
    members.select(F.col("representative").alias("cluster"), "id", "words", *data.metadata).write.parquet(outputs[1])


def _collect(verified: DataFrame, clustered: DataFrame) -> tuple[list[Similarity], tuple[Cluster, ...]]:
    """Today's `--json` values, sorted as the local engine sorts them."""
    fields = ("a", "b", "jaccard", "containment_a", "containment_b", "shared")
    pairs = [Similarity(*(row[f] for f in fields)) for row in verified.select(*fields).collect()]
    members: dict[int, list[str]] = {}
    representative: dict[int, str] = {}
    for row in clustered.select("root", "id", "representative").collect():
        members.setdefault(row["root"], []).append(row["id"])
        representative[row["root"]] = row["representative"]
    groups = [Cluster(tuple(sorted(ids)), representative[root]) for root, ids in members.items()]
    return sorted(pairs, key=lambda s: (s.a, s.b)), tuple(sorted(groups, key=lambda c: c.members))


def _display(data: SparkInput, uri: str) -> str:
    """The path as the user gave it for one file, else a local path for file: URIs."""
    if data.single_file:
        return data.source
    parsed = urlparse(uri)
    return unquote(parsed.path) if parsed.scheme == "file" else uri


def bad_line_notes(spark: SparkSession, data: SparkInput, bad: dict[str, int]) -> list[Skipped]:
    """Step 6: one note per malformed line (file and line number), or per file of Parquet rows without id or text."""
    notes = []
    for uri in sorted(bad):
        path = _display(data, uri)
        if data.jsonl:
            notes += _line_notes(spark, uri, path)
        else:
            notes.append(Skipped(path, f"{bad[uri]} rows skipped: id or text is null"))
    return notes


def _line_notes(spark: SparkSession, uri: str, path: str) -> list[Skipped]:
    """Malformed lines of one file with their numbers: a line's split (by start) and its place in the split.

    Within a split rows keep file order and consecutive scan numbers, so the
    line number is the lines of earlier splits plus the row's offset in its own.
    """
    lines = spark.read.option("lineSep", "\n").text(uri).select(
        F.col("_metadata.file_block_start").alias("start"), F.monotonically_increasing_id().alias("row"),
        F.col("value").cast("binary").alias("value"))
    splits = lines.groupBy("start").agg(F.min("row").alias("first"), F.count("*").alias("n")).collect()
    before, first_row, seen = {}, {}, 0
    for split in sorted(splits, key=lambda r: r["start"]):
        before[split["start"]], first_row[split["start"]] = seen, split["first"]
        seen += split["n"]
    found = lines.mapInArrow(partial(spark_tasks.bad_rows, path=path), spark_tasks.BAD_SCHEMA).collect()
    numbered = sorted((before[r["start"]] + r["row"] - first_row[r["start"]] + 1, r["reason"]) for r in found)
    # Reasons were worded for "line 0"; put each line's own number in.
    return [Skipped(path, reason.replace("line 0 ", f"line {n} ", 1)) for n, reason in numbered]
