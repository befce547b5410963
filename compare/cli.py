"""The ``compare`` command: parse options, call the library, print, set exit codes.

This is the only module that prints or exits. Library errors become one line
``Error: ...`` on stderr and the error's exit code; usage errors exit 2.
"""

from __future__ import annotations

import gc
import json
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from compare import pipeline
from compare.errors import CompareError, MissingDependencyError, UsageError
from compare.ingest import article_to_dict, is_repair, read_article, read_corpus
from compare.models import Cluster, Params, Similarity, Skipped
from compare.report.json import corpus_to_dict, dedup_to_dict, pair_to_dict
from compare.runtime.context import RunContext

if TYPE_CHECKING:
    from compare.report.files import CorpusChanges, ReportDiff
    from compare.runtime.cache import Cache

app = typer.Typer(
    help="Find wire copy, shared passages and differing facts across news articles.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

F = TypeVar("F", bound=Callable[..., Any])

Folder = Annotated[Path, typer.Argument(help="Folder of articles, read recursively.")]
ShingleSize = Annotated[int, typer.Option("--shingle-size", help="Words per shingle.")]
NumPerm = Annotated[int, typer.Option("--num-perm", help="MinHash permutations.")]
Threshold = Annotated[float, typer.Option("--threshold", help="Jaccard at which two articles are related, in [0, 1].")]
Containment = Annotated[
    float, typer.Option("--containment", help="Containment at which two articles are related, in [0, 1].")
]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars.")]
CachePath = Annotated[
    Path | None,
    typer.Option("--cache", help="Cache of parsed files, signatures, fact units and pair descriptions "
                 "(default: ~/.cache/compare/signatures.sqlite)."),
]
NoCache = Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the cache.")]
Strict = Annotated[bool, typer.Option("--strict", help="Exit 1 when any input file was skipped.")]
MaxGap = Annotated[
    int, typer.Option("--max-gap", help="Differing words a shared passage may bridge, in [0, 20].")
]
Jobs = Annotated[int, typer.Option("--jobs", "-j", help="Worker processes (default 0: all cores).")]


class ProgressBars:
    """Rich progress bars on stderr, one per stage; nothing when quiet or stderr is not a terminal."""

    def __init__(self, quiet: bool) -> None:
        self._bars: Any = None
        self._tasks: dict[str, Any] = {}
        if not quiet and sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import Progress

            self._bars = Progress(console=Console(stderr=True), transient=True)

    def __enter__(self) -> ProgressBars:
        if self._bars is not None:
            self._bars.start()
        return self

    def __exit__(self, *_: object) -> None:
        if self._bars is not None:
            self._bars.stop()

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self._bars is None:
            return
        if stage not in self._tasks:
            self._tasks[stage] = self._bars.add_task(stage, total=total)
        self._bars.update(self._tasks[stage], advance=done, total=total)


def _cache(path: Path | None, disabled: bool) -> Cache | None:
    from compare.runtime.cache import Cache, default_cache_path

    return None if disabled else Cache(path or default_cache_path())


def _warn_skipped(skipped: list[Skipped] | tuple[Skipped, ...], strict: bool) -> None:
    """One warning per skipped or repaired file; with --strict, any skip fails the run."""
    for note in skipped:
        typer.echo(f"Warning: {note.path}: {note.reason}", err=True)
    problems = [note for note in skipped if not is_repair(note)]  # a repaired file was read: not a failure
    if strict and problems:
        typer.echo(f"Error: {len(problems)} input files skipped and --strict was given", err=True)
        raise typer.Exit(1)


def reports_errors(command: F) -> F:
    """Turn library errors into one ``Error:`` line and the error's exit code."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except CompareError as error:
            typer.echo(f"Error: {error}", err=True)
            raise typer.Exit(error.exit_code) from None

    return wrapper  # type: ignore[return-value]


def _params(shingle_size: int, num_perm: int, threshold: float, containment: float, max_gap: int = 3) -> Params:
    return Params(shingle_size=shingle_size, num_perm=num_perm, threshold=threshold, containment=containment,
                  max_gap=max_gap)


@app.command()
@reports_errors
def run(
    folder: Folder,
    out: Annotated[Path, typer.Option("--out", help="Where to write the reports.")] = Path("reports"),
    shingle_size: ShingleSize = 5,
    num_perm: NumPerm = 128,
    threshold: Threshold = 0.5,
    containment: Containment = 0.8,
    max_gap: MaxGap = 3,
    as_json: AsJson = False,
    quiet: Quiet = False,
    cache: CachePath = None,
    no_cache: NoCache = False,
    strict: Strict = False,
    jobs: Jobs = 0,
) -> None:
    """Compare every article in FOLDER and write Markdown reports to --out."""
    from compare.report.files import render_reports, write_reports  # loads the fact layer: not for dedup

    params = _params(shingle_size, num_perm, threshold, containment, max_gap)
    signatures = _cache(cache, no_cache)
    with ProgressBars(quiet) as progress:
        context = RunContext.make(jobs, progress, signatures)
        result = pipeline.run_folder(folder, params, context, reports=out)
        files = render_reports(result, progress, context.jobs)
        write_reports(out, files, progress)
    _note_cache(signatures)
    if as_json:
        typer.echo(json.dumps(corpus_to_dict(result), indent=2, ensure_ascii=False))
        _warn_skipped(result.skipped, strict)
        return
    related = sum(p.related for p in result.pairs)
    typer.echo(
        f"{len(result.articles)} articles, {related} related pairs, {len(result.pairs) - related} pairs sharing "
        f"passages, {len(result.clusters)} clusters; wrote {len(files)} reports to {out}"
    )
    _warn_skipped(result.skipped, strict)


@app.command()
@reports_errors
def check(
    folder: Folder,
    reports: Annotated[Path, typer.Option("--reports", help="The committed reports folder.")] = Path("reports"),
    shingle_size: ShingleSize = 5,
    num_perm: NumPerm = 128,
    threshold: Threshold = 0.5,
    containment: Containment = 0.8,
    max_gap: MaxGap = 3,
    fail_on_duplicate: Annotated[
        bool, typer.Option("--fail-on-duplicate", help="Exit 1 when a new article is a near duplicate of another.")
    ] = False,
    quiet: Quiet = False,
    cache: CachePath = None,
    no_cache: NoCache = False,
    jobs: Jobs = 0,
) -> None:
    """Exit 0 when --reports is exactly what `compare run FOLDER` would write, else 1 and say what changed."""
    from compare.report.files import check_reports, corpus_changes, render_reports

    params = _params(shingle_size, num_perm, threshold, containment, max_gap)
    signatures = _cache(cache, no_cache)
    with ProgressBars(quiet) as progress:
        context = RunContext.make(jobs, progress, signatures)
        result = pipeline.run_folder(folder, params, context, reports=reports)
        files = render_reports(result, progress, context.jobs)
    _note_cache(signatures)
    changes = corpus_changes(reports, files)
    diff = check_reports(reports, files)
    for line in change_lines(changes, diff, reports):
        typer.echo(line)
    duplicates = pipeline.new_duplicates(result, changes.new) if fail_on_duplicate else []
    for s in duplicates:
        typer.echo(
            f"duplicate: {s.a} and {s.b} are near duplicates (Jaccard {s.jaccard:.3f}, containment "
            f"{s.containment_a:.3f} / {s.containment_b:.3f})"
        )
    if diff.clean and not duplicates:
        typer.echo(f"{reports} is up to date ({len(result.articles)} articles).")
        return
    if not diff.clean:
        typer.echo(f"{reports} is out of date: run `compare run {folder} --out {reports}{_options(params)}`.", err=True)
    raise typer.Exit(1)


def _options(params: Params) -> str:
    """The run options that differ from the defaults, so a hint reproduces what check was given."""
    flags = {"shingle_size": "--shingle-size", "num_perm": "--num-perm", "threshold": "--threshold",
             "containment": "--containment", "max_gap": "--max-gap"}
    default = Params()
    return "".join(f" {flag} {getattr(params, name)}" for name, flag in flags.items()
                   if getattr(params, name) != getattr(default, name))


def change_lines(changes: CorpusChanges, diff: ReportDiff, reports: Path) -> list[str]:
    """What changed in the folder since the reports were written, then which report files differ."""
    from compare.report.files import MANIFEST

    lines = []
    if not changes.had_manifest and not diff.clean:
        lines.append(f"note: {reports / MANIFEST} is missing, so every article counts as new")
    lines += [f"parameter {name}: {'not recorded' if then is None else then} in the reports, {now} given"
              for name, then, now in changes.params]
    for label, ids in (("new", changes.new), ("changed", changes.changed), ("removed", changes.removed)):
        lines += [f"{label} article: {article_id}" for article_id in ids]
    for label, names in (("missing", diff.missing), ("stale", diff.stale), ("extra", diff.extra)):
        lines += [f"{label}: {reports / name}" for name in names]
    return lines


Engine = Annotated[str, typer.Option("--engine", help='local (this machine) or spark (pip install "compare[spark]").')]
Master = Annotated[str | None, typer.Option("--master", help="Spark master URL, e.g. local[4], yarn (spark engine).")]
OutPath = Annotated[str | None, typer.Option("--out", help="Write pairs and clusters as Parquet (spark engine).")]


@app.command()
@reports_errors
def dedup(
    source: Annotated[str, typer.Argument(metavar="INPUT", help='A folder, or a .jsonl of {"id", "text"} lines; '
                                          "with --engine spark also Parquet and hdfs://, s3a:// paths.")],
    shingle_size: ShingleSize = 5,
    num_perm: NumPerm = 128,
    threshold: Threshold = 0.5,
    containment: Containment = 0.8,
    as_json: AsJson = False,
    jobs: Jobs = 0,
    quiet: Quiet = False,
    strict: Strict = False,
    cache: CachePath = None,
    no_cache: NoCache = False,
    engine: Engine = "local",
    master: Master = None,
    out: OutPath = None,
) -> None:
    """Print near-duplicate pairs and clusters of INPUT (a folder uses the cache like `run`)."""
    params = _params(shingle_size, num_perm, threshold, containment)
    if engine not in ("local", "spark"):
        raise UsageError(f"--engine must be local or spark, got {engine}")
    if engine == "spark":
        pairs, clusters, notes = _dedup_spark(source, params, master, out, as_json)
    else:
        if master or out:
            raise UsageError("--master and --out need --engine spark")
        pairs, clusters, notes = _dedup_local(Path(source), params, jobs, quiet, cache, no_cache)
    _print_dedup(pairs, clusters, as_json, out is None)
    _warn_skipped(notes, strict)


def _dedup_local(source: Path, params: Params, jobs: int, quiet: bool, cache: Path | None, no_cache: bool
                 ) -> tuple[list[Similarity], tuple[Cluster, ...], list[Skipped]]:
    signatures = None if source.is_file() else _cache(cache, no_cache)
    with ProgressBars(quiet) as progress:
        found = pipeline.dedup_input(source, params, RunContext.make(jobs, progress, signatures))
    _note_cache(signatures)
    return found


def _dedup_spark(source: str, params: Params, master: str | None, out: str | None, as_json: bool
                 ) -> tuple[list[Similarity], tuple[Cluster, ...], list[Skipped]]:
    """The spark engine, imported only when asked for (the CLI starts without pyspark); its summary on stderr."""
    try:
        from compare.neardup import spark_engine
    except ModuleNotFoundError as error:
        if (error.name or "").partition(".")[0] not in ("pyspark", "py4j", "pyarrow", "pandas"):
            raise
        raise MissingDependencyError('the spark engine needs pyspark: pip install "compare[spark]"') from None
    result = spark_engine.dedup(spark_engine.session(master), source, params, out, collect=as_json or out is None)
    for line in result.summary.lines():
        typer.echo(line, err=True)
    return result.pairs, result.clusters, result.notes


def _print_dedup(pairs: list[Similarity], clusters: tuple[Cluster, ...], as_json: bool, lines: bool) -> None:
    """--json: today's schema; else one line per pair and cluster (unless they went to --out) and the totals."""
    if as_json:
        typer.echo(json.dumps(dedup_to_dict(pairs, clusters), ensure_ascii=False))
        return
    for s in pairs if lines else ():
        typer.echo(
            f"{s.a}\t{s.b}\tjaccard={s.jaccard:.3f}\tcontainment_a={s.containment_a:.3f}"
            f"\tcontainment_b={s.containment_b:.3f}"
        )
    for number, cluster in enumerate(clusters if lines else (), start=1):
        typer.echo(f"cluster {number}: {', '.join(cluster.members)} (representative {cluster.representative})")
    if lines:
        typer.echo(f"{len(pairs)} related pairs, {len(clusters)} clusters")


@app.command()
@reports_errors
def articles(
    folder: Folder,
    as_json: AsJson = False,
    cache: CachePath = None,
    no_cache: NoCache = False,
    jobs: Jobs = 0,
) -> None:
    """Print the parsed corpus: metadata, captions, removed lines and body paragraphs with offsets."""
    from compare.report.markdown import articles_text
    from compare.runtime.workers import validate_jobs

    workers_count = validate_jobs(jobs)
    signatures = _cache(cache, no_cache)
    found, skipped = read_corpus(folder, jobs=workers_count, cache=signatures)
    _note_cache(signatures)
    if as_json:
        data = {"articles": [article_to_dict(a) for a in found], "skipped": [vars(s) for s in skipped]}
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    for article in found:
        typer.echo(articles_text(article))
    for note in skipped:
        typer.echo(f"Warning: {note.path}: {note.reason}", err=True)


@app.command()
@reports_errors
def pair(
    a: Annotated[Path, typer.Argument(help="First article file.")],
    b: Annotated[Path, typer.Argument(help="Second article file.")],
    shingle_size: ShingleSize = 5,
    num_perm: NumPerm = 128,
    threshold: Threshold = 0.5,
    containment: Containment = 0.8,
    max_gap: MaxGap = 3,
    as_json: AsJson = False,
) -> None:
    """Compare two article files: figures, shared passages, edits and facts."""
    from compare.report.markdown import render_pair

    first, second = read_article(a), read_article(b)
    if first.id == second.id:
        raise UsageError(f"A and B are the same file ({a}); give two different articles")
    result = pipeline.compare_two(first, second, _params(shingle_size, num_perm, threshold, containment, max_gap))
    if as_json:
        typer.echo(json.dumps(pair_to_dict(result), indent=2, ensure_ascii=False))
        return
    by_id = {first.id: first, second.id: second}
    typer.echo(render_pair(result, by_id[result.similarity.a], by_id[result.similarity.b]), nl=False)


def _note_cache(signatures: Cache | None) -> None:
    if signatures is not None:
        if signatures.warning:
            typer.echo(f"Warning: {signatures.warning}", err=True)
        signatures.close()


def main() -> None:
    # One short-lived process: no cyclic garbage collection at all (see workers.PausedGC);
    # it also covers rendering and writing thousands of reports.
    gc.disable()
    app()
