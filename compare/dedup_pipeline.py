"""Near-duplicate runs beyond one folder: signatures exported for datasketch, an archive checked, Spark.

These are the entry points of `compare dedup --export-signatures`,
`compare check --archive` and `compare dedup --engine spark`; they reuse the
stages ``compare.pipeline`` runs and add nothing to a report.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from compare.errors import MissingDependencyError
from compare.ingest import read_corpus
from compare.models import Article, Params, Similarity
from compare.neardup import archive, minhash, stream
from compare.pipeline import sketch_articles
from compare.runtime.context import IN_PROCESS, RunContext


def export_signatures(source: Path, params: Params, folder: Path, context: RunContext = IN_PROCESS,
                      sources: Path | None = None) -> int:
    """Write every article of a folder or .jsonl as datasketch LeanMinHash signatures; the number written."""
    writer = archive.ArchiveWriter(folder, params)
    written = 0
    try:
        for ids, sketches, words in _sketched_batches(source, params, context, sources):
            for entry in archive.archived(ids, sketches, words):
                writer.add(entry)
                written += bool(entry.shingles.size)
    finally:
        writer.close()
    return written


def _sketched_batches(source: Path, params: Params, context: RunContext, sources: Path | None
                      ) -> Iterable[tuple[list[str], list[minhash.DocSketch], list[int]]]:
    """(ids, sketches, word counts) a batch at a time: a .jsonl streams, a folder is read like `run` reads it."""
    if source.is_file() and source.suffix.lower() == ".jsonl":
        for lines in stream.iter_line_batches(source):
            parsed = stream.parse_lines(str(source), lines)
            counts, sketches = minhash.sketch_texts(parsed.texts, params)
            yield parsed.ids, sketches, counts.tolist()
        return
    articles, _ = read_corpus(source, jobs=context.jobs, cache=context.cache, sources=sources)
    articles = sorted(articles, key=lambda a: a.id)
    sketches, words = sketch_articles(articles, params, context)
    yield [a.id for a in articles], sketches, words


def check_archive(articles: Sequence[Article], params: Params, folder: Path, context: RunContext = IN_PROCESS
                  ) -> tuple[list[Similarity], list[archive.ArchivedArticle]]:
    """Near-duplicates between articles new to the archive in ``folder`` and those it holds, and the archive
    with this folder's articles added (``save_archive`` writes it: the CLI does once the check passed).

    The archive's articles are never read again: their signatures go into
    datasketch's indexes and their stored shingle sets verify the candidates.
    """
    stored = archive.read_archive(folder, params) if (folder / "index.jsonl").exists() else []
    ordered = sorted(articles, key=lambda a: a.id)
    sketches, words = sketch_articles(ordered, params, context)
    current = archive.archived([a.id for a in ordered], sketches, words)
    known = {a.id for a in stored}
    found = archive.near_duplicates_in(stored, [a for a in current if a.id not in known], params)
    kept = {a.id: a for a in stored} | {a.id: a for a in current}
    return found, list(kept.values())


def save_archive(folder: Path, entries: Sequence[archive.ArchivedArticle], params: Params) -> None:
    """Write an archive folder (``check_archive``'s second result)."""
    archive.write_archive(folder, entries, params)


def dedup_on_spark(source: str, params: Params, master: str | None, out: str | None, collect: bool) -> Any:
    """`compare dedup --engine spark`: the same algorithm on a Spark session (pyspark is an optional extra)."""
    try:
        from compare.neardup import spark_engine
    except ModuleNotFoundError as error:
        if (error.name or "").partition(".")[0] not in ("pyspark", "py4j", "pyarrow", "pandas"):
            raise
        raise MissingDependencyError('the spark engine needs pyspark: pip install "compare[spark]"') from None
    return spark_engine.dedup(spark_engine.session(master), source, params, out, collect=collect)
