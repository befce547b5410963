"""What the command line prints besides reports: progress bars, warnings, what changed, the dedup listing.

Kept apart from ``compare.cli`` (the commands) so each stays short; only
these two modules print.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from compare.ingest import is_repair
from compare.models import Cluster, Params, Similarity, Skipped
from compare.report.json import dedup_to_dict

if TYPE_CHECKING:
    from compare.report.files import CorpusChanges, ReportDiff
    from compare.results import CorpusResult


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


def warn_skipped(skipped: list[Skipped] | tuple[Skipped, ...], strict: bool) -> None:
    """One warning per skipped or repaired file; with --strict, any skip fails the run."""
    for note in skipped:
        typer.echo(f"Warning: {note.path}: {note.reason}", err=True)
    problems = [note for note in skipped if not is_repair(note)]  # a repaired file was read: not a failure
    if strict and problems:
        typer.echo(f"Error: {len(problems)} input files skipped and --strict was given", err=True)
        raise typer.Exit(1)


def waiting(out: Path) -> Callable[[Path], None]:
    def say(lock: Path) -> None:
        typer.echo(f"Waiting: another compare run is writing {out} (lock {lock}); --no-wait exits instead", err=True)

    return say


def options_hint(params: Params) -> str:
    """The run options that differ from the defaults, so a hint reproduces what check was given."""
    flags = {"shingle_size": "--shingle-size", "num_perm": "--num-perm", "threshold": "--threshold",
             "containment": "--containment", "max_gap": "--max-gap",
             "max_partners": "--max-partners"}
    default = Params()
    return "".join(f" {flag} {getattr(params, name)}" for name, flag in flags.items()
                   if getattr(params, name) != getattr(default, name))


def change_lines(changes: CorpusChanges, diff: ReportDiff, reports: Path, files: dict[str, str] | None = None
                 ) -> list[str]:
    """What changed in the folder since the reports were written, then which report files differ.

    A report whose name is shortened with a hash is followed by the ids it is about, from the manifest.
    """
    from compare.report.files import MANIFEST, report_ids
    from compare.report.folder import owned_files

    lines = []
    if not changes.had_manifest and not diff.clean:
        lines.append(f"note: {reports / MANIFEST} {changes.manifest_problem}, so every article counts as new")
    lines += [f"parameter {name}: {'not recorded' if then is None else then} in the reports, {now} given"
              for name, then, now in changes.params]
    for label, ids in (("new", changes.new), ("changed", changes.changed), ("removed", changes.removed)):
        lines += [f"{label} article: {article_id}" for article_id in ids]
    about = report_ids(reports, files or {})
    owned = owned_files(reports) or set(diff.extra)
    for name in diff.extra:
        if name not in owned:
            about[name] = ["not written by compare: remove it by hand"]
    for label, names in (("missing", diff.missing), ("stale", diff.stale), ("extra", diff.extra)):
        lines += [f"{label}: {reports / name}" + (f" ({', '.join(about[name])})" if name in about else "")
                  for name in names]
    return lines


def print_dedup(pairs: list[Similarity], clusters: tuple[Cluster, ...], as_json: bool, lines: bool) -> None:
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


def run_summary(result: CorpusResult, files: int, out: Path) -> str:
    """The line `run` ends with: what was found, the boilerplate cut when there was some, what was written."""
    related = sum(p.related for p in result.pairs)
    cut = (f", {len(result.boilerplate)} boilerplate sentences cut from "
           f"{len({a for b in result.boilerplate for a in b.articles})} articles") if result.boilerplate else ""
    return (f"{len(result.articles)} articles, {related} related pairs, {result.sharing_pairs[0]} pairs sharing "
            f"passages in {len(result.reuse)} reuse clusters, {len(result.clusters)} clusters{cut}; wrote {files} "
            f"reports to {out}")
