"""The ``compare`` command: parse options, call the library, print, set exit codes.

Only this module and ``compare.cli_output`` print or exit. Library errors become one line
``Error: ...`` on stderr and the error's exit code; usage errors exit 2.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable
from functools import wraps
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from compare import dedup_pipeline, pipeline
from compare.cli_options import (
    AsJson,
    CacheMaxMb,
    CachePath,
    Command,
    Containment,
    Engine,
    Folder,
    FollowSymlinks,
    Jobs,
    Master,
    MaxGap,
    MaxPartners,
    NoCache,
    NumPerm,
    OutPath,
    Quiet,
    ShingleSize,
    Sources,
    Strict,
    Threshold,
    existing_file,
    folder_arg,
)
from compare.cli_output import (
    ProgressBars,
    change_lines,
    options_hint,
    print_dedup,
    run_summary,
    waiting,
    warn_skipped,
)
from compare.errors import CompareError, InputNotFoundError, UsageError
from compare.models import Params
from compare.report.json import article_to_dict, pair_to_dict
from compare.runtime.context import RunContext

if TYPE_CHECKING:
    from compare.runtime.cache import Cache

app = typer.Typer(
    help="Find wire copy, shared passages and differing facts across news articles.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: flags shown as flags, not "--json <bool>"
)

F = TypeVar("F", bound=Callable[..., Any])


def _show_version(given: bool) -> None:
    if given:
        typer.echo(f"compare {version('compare')}")
        raise typer.Exit()


@app.callback()
def _main_options(
    _version: Annotated[bool, typer.Option("--version", help="Print the version and exit.", is_eager=True,
                                           callback=_show_version)] = False,
) -> None:
    """Find wire copy, shared passages and differing facts across news articles."""


def _cache(path: Path | None, disabled: bool, max_mb: int = 1024) -> Cache | None:
    """The cache to use, its cap checked first (even when it is not used, so a bad value always fails)."""
    from compare.runtime.cache import Cache, default_cache_path, validate_max_mb

    validate_max_mb(max_mb)
    return None if disabled else Cache(path or default_cache_path(), max_mb)


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


def _params(shingle_size: int, num_perm: int, threshold: float, containment: float, max_gap: int = 3,
            max_partners: int = 3) -> Params:
    return Params(shingle_size=shingle_size, num_perm=num_perm, threshold=threshold, containment=containment,
                  max_gap=max_gap, max_partners=max_partners)


@app.command(cls=Command)
@reports_errors
def run(
    folder: Folder,
    out: Annotated[Path, typer.Option("--out", metavar="FOLDER", help="Where to write the reports: a new or "
                                      "empty folder, or one compare wrote.")] = Path("reports"),
    shingle_size: ShingleSize = 5,
    num_perm: NumPerm = 128,
    threshold: Threshold = 0.5,
    containment: Containment = 0.8,
    max_gap: MaxGap = 3,
    max_partners: MaxPartners = 3,
    as_json: AsJson = False,
    quiet: Quiet = False,
    cache: CachePath = None,
    no_cache: NoCache = False,
    cache_max_mb: CacheMaxMb = 1024,
    strict: Strict = False,
    jobs: Jobs = 0,
    sources: Sources = None,
    force: Annotated[bool, typer.Option("--force", help="Write into a non-empty folder compare did not write "
                                        "(its files are never changed).")] = False,
    no_wait: Annotated[bool, typer.Option("--no-wait", help="Exit 1 instead of waiting when another run writes "
                                          "the same --out.")] = False,
    follow_symlinks: FollowSymlinks = False,
    html: Annotated[bool, typer.Option("--html", help="Also write HTML pages to OUT/html/ (kept when there).")] = False,
) -> None:
    """Compare every article in FOLDER and write Markdown reports (and report.json) to --out."""
    # loads the fact layer: not for dedup
    from compare.report.files import REPORT_JSON, has_html, render_reports, write_reports
    from compare.report.folder import check_output

    params = _params(shingle_size, num_perm, threshold, containment, max_gap, max_partners)
    folder_arg(folder)
    check_output(out, force)  # before the work: the folder is checked again under its lock
    signatures = _cache(cache, no_cache, cache_max_mb)
    with ProgressBars(quiet) as progress:
        context = RunContext.make(jobs, progress, signatures)
        result = pipeline.run_folder(folder, params, context, reports=out, sources=sources,
                                     follow_symlinks=follow_symlinks)
        files = render_reports(result, progress, context.jobs, html=html or has_html(out))
        write_reports(out, files, progress, force=force, wait=not no_wait, on_wait=waiting(out))
    _note_cache(signatures)
    if as_json:
        typer.echo(json.dumps(json.loads(files[REPORT_JSON]), indent=2, ensure_ascii=False))
        warn_skipped(result.skipped, strict)
        return
    typer.echo(run_summary(result, len(files), out))
    warn_skipped(result.skipped, strict)


@app.command(cls=Command)
@reports_errors
def check(
    folder: Folder,
    reports: Annotated[Path, typer.Option("--reports", metavar="FOLDER", help="The committed reports folder.")
                       ] = Path("reports"),
    shingle_size: ShingleSize = 5,
    num_perm: NumPerm = 128,
    threshold: Threshold = 0.5,
    containment: Containment = 0.8,
    max_gap: MaxGap = 3,
    max_partners: MaxPartners = 3,
    fail_on_duplicate: Annotated[
        bool, typer.Option("--fail-on-duplicate", help="Exit 1 when a new article is a near duplicate of another.")
    ] = False,
    quiet: Quiet = False,
    cache: CachePath = None,
    no_cache: NoCache = False,
    cache_max_mb: CacheMaxMb = 1024,
    jobs: Jobs = 0,
    archive: Annotated[Path | None, typer.Option(
        "--archive", help="Folder of datasketch signatures of every article checked before: new articles are "
        "checked against it (with --fail-on-duplicate, a near duplicate fails) and added once the check passes."
    )] = None,
    sources: Sources = None,
    follow_symlinks: FollowSymlinks = False,
) -> None:
    """Exit 0 when --reports is exactly what `compare run FOLDER` would write, else 1 and say what changed."""
    from compare.report.files import check_reports, corpus_changes, has_html, render_reports
    from compare.report.lock import reading_lock

    params = _params(shingle_size, num_perm, threshold, containment, max_gap, max_partners)
    if reports.exists() and not reports.is_dir():
        raise InputNotFoundError(f"--reports {reports} is a file, not a folder; give the reports folder")
    signatures = _cache(cache, no_cache, cache_max_mb)
    with ProgressBars(quiet) as progress:
        context = RunContext.make(jobs, progress, signatures)
        result = pipeline.run_folder(folder_arg(folder), params, context, reports=reports, sources=sources,
                                     follow_symlinks=follow_symlinks)
        files = render_reports(result, progress, context.jobs, html=has_html(reports))
        # Before the cache closes: the archive check reuses the sketches the run just stored.
        archived, entries = dedup_pipeline.check_archive(result.articles, params, archive, context) if archive else (
            [], [])
    _note_cache(signatures)
    with reading_lock(reports.absolute(), on_wait=waiting(reports)):
        changes = corpus_changes(reports, files)
        diff = check_reports(reports, files)
    for line in change_lines(changes, diff, reports, files):
        typer.echo(line)
    duplicates = pipeline.new_duplicates(result, changes.new) if fail_on_duplicate else []
    for s in duplicates:
        typer.echo(
            f"duplicate: {s.a} and {s.b} are near duplicates (Jaccard {s.jaccard:.3f}, containment "
            f"{s.containment_a:.3f} / {s.containment_b:.3f})"
        )
    for s in archived:
        typer.echo(f"archived duplicate: {s.a} and {s.b} are near duplicates (Jaccard {s.jaccard:.3f}, "
                   f"containment {s.containment_a:.3f} / {s.containment_b:.3f})")
    failed = duplicates or (archived if fail_on_duplicate else [])
    if diff.clean and not failed:
        if archive:
            dedup_pipeline.save_archive(archive, entries, params)
        typer.echo(f"{reports} is up to date ({len(result.articles)} articles).")
        return
    if not diff.clean:
        hint = f"compare run {folder} --out {reports}{options_hint(params)}"
        hint += f" --sources {sources}" if sources else ""
        typer.echo(f"{reports} is out of date: run `{hint}`.", err=True)
    raise typer.Exit(1)


@app.command(cls=Command)
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
    export_signatures: Annotated[Path | None, typer.Option(
        "--export-signatures", help="Also write every article's MinHash as datasketch LeanMinHash bytes to this "
        "folder (index.jsonl, signatures.bin, shingles.bin, params.json).")] = None,
    sources: Sources = None,
    follow_symlinks: FollowSymlinks = False,
    cache_max_mb: CacheMaxMb = 1024,
    engine: Engine = "local",
    master: Master = None,
    out: OutPath = None,
) -> None:
    """Print near-duplicate pairs and clusters of INPUT (a folder uses the cache like `run`)."""
    params = _params(shingle_size, num_perm, threshold, containment)
    if engine not in ("local", "spark"):
        raise UsageError(f"--engine must be local or spark, got {engine}")
    if engine == "spark":
        found = dedup_pipeline.dedup_on_spark(source, params, master, out, collect=as_json or out is None)
        for line in found.summary.lines():
            typer.echo(line, err=True)
        pairs, clusters, notes = found.pairs, found.clusters, found.notes
    else:
        if master or out:
            raise UsageError("--master and --out need --engine spark")
        signatures = _cache(cache, no_cache or Path(source).is_file(), cache_max_mb)
        with ProgressBars(quiet) as progress:
            context = RunContext.make(jobs, progress, signatures)
            pairs, clusters, notes = pipeline.dedup_input(Path(source), params, context, sources, follow_symlinks)
            if export_signatures:
                written = dedup_pipeline.export_signatures(Path(source), params, export_signatures, context, sources)
                typer.echo(f"wrote {written} signatures to {export_signatures}", err=True)
        _note_cache(signatures)
    print_dedup(pairs, clusters, as_json, out is None)
    warn_skipped(notes, strict)


@app.command(cls=Command)
@reports_errors
def articles(
    folder: Folder,
    as_json: AsJson = False,
    cache: CachePath = None,
    no_cache: NoCache = False,
    cache_max_mb: CacheMaxMb = 1024,
    jobs: Jobs = 0,
    sources: Sources = None,
    follow_symlinks: FollowSymlinks = False,
) -> None:
    """Print the parsed corpus: metadata, captions, removed lines and body paragraphs with offsets."""
    from compare.report.markdown import articles_text

    signatures = _cache(cache, no_cache, cache_max_mb)
    found, skipped = pipeline.read_articles(folder_arg(folder), RunContext.make(jobs, cache=signatures), sources,
                                            follow_symlinks)
    _note_cache(signatures)
    if as_json:
        data = {"articles": [article_to_dict(a) for a in found], "skipped": [vars(s) for s in skipped]}
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    for article in found:
        typer.echo(articles_text(article))
    for note in skipped:
        typer.echo(f"Warning: {note.path}: {note.reason}", err=True)


@app.command(cls=Command)
@reports_errors
def pair(
    a: Annotated[Path, typer.Argument(metavar="A", help="First article file.")],
    b: Annotated[Path, typer.Argument(metavar="B", help="Second article file.")],
    shingle_size: ShingleSize = 5,
    num_perm: NumPerm = 128,
    threshold: Threshold = 0.5,
    containment: Containment = 0.8,
    max_gap: MaxGap = 3,
    as_json: AsJson = False,
) -> None:
    """Compare two article files: figures, shared passages, edits and facts."""
    from compare.report.markdown import render_pair

    first, second = pipeline.read_pair(existing_file(a), existing_file(b))
    if first.id == second.id:
        raise UsageError(f"A and B are the same file ({a}); give two different articles")
    result = pipeline.compare_two(first, second, _params(shingle_size, num_perm, threshold, containment, max_gap))
    if as_json:
        typer.echo(json.dumps(pair_to_dict(result), indent=2, ensure_ascii=False))
        return
    typer.echo(render_pair(result, first, second), nl=False)


@app.command("html")
@reports_errors
def html_pages(
    reports: Annotated[Path, typer.Argument(help="A reports folder written by `compare run` (has report.json).")],
    jobs: Jobs = 0,
) -> None:
    """Render REPORTS/html/ (static pages: index, pairs, stories, articles) from REPORTS/report.json."""
    from compare.report.files import html_files, write_reports
    from compare.report.html import read_report

    data = read_report(reports)  # one clear error when REPORTS has no readable report.json
    files = html_files(reports, data, RunContext.make(jobs).jobs)
    write_reports(reports, files)
    pages = sum(name.startswith("html/") for name in files)
    typer.echo(f"wrote {pages} pages to {reports / 'html'}; open {reports / 'html' / 'index.html'}")


cache_app = typer.Typer(help="Look at or empty compare's cache.", no_args_is_help=True)
app.add_typer(cache_app, name="cache")


@cache_app.command("info")
@reports_errors
def cache_info(cache: CachePath = None) -> None:
    """Print where the cache is, its size and its entries per kind."""
    from compare.runtime.cache import cache_info as read_info
    from compare.runtime.cache import default_cache_path

    info = read_info(cache or default_cache_path())
    if not info.exists:
        typer.echo(f"{info.path}: no cache yet")
        return
    typer.echo(f"{info.path}: {info.file_bytes / 2**20:,.1f} MB on disk, {info.used_bytes / 2**20:,.1f} MB in use")
    for kind, count, size in info.kinds:
        typer.echo(f"  {kind:<8} {count:>9,} entries {size / 2**20:>10,.1f} MB")


@cache_app.command("clear")
@reports_errors
def cache_clear(cache: CachePath = None) -> None:
    """Delete every entry of the cache (results never depend on it)."""
    from compare.runtime.cache import clear_cache, default_cache_path

    path = cache or default_cache_path()
    typer.echo(f"{path}: removed {clear_cache(path):,} entries")


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
