"""Turning a result into report files, writing them, and checking a folder against them."""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path

from compare.models import Article, Progress, silent
from compare.report.clusters_md import cluster_filename, render_cluster_markdown
from compare.report.facts_md import render_story_markdown
from compare.report.json import corpus_to_dict, report_text
from compare.report.markdown import render_index, render_pair
from compare.report.tables import pair_filename, story_filename
from compare.results import CorpusResult
from compare.runtime import workers

MANIFEST = "manifest.json"
REPORT_JSON = "report.json"
REPORT_SUFFIXES = (".md", ".json", ".html")


def render_manifest(result: CorpusResult) -> str:
    """What the reports were written from: each article's content hash and the parameters.

    ``compare check`` reads it back to say which articles are new, changed or
    removed since the reports were last written.
    """
    articles = {a.id: hashlib.sha256(a.text.encode("utf-8")).hexdigest()[:16] for a in result.articles}
    data = {"params": asdict(result.params), "articles": dict(sorted(articles.items()))}
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def render_reports(result: CorpusResult, progress: Progress = silent, jobs: int | None = 1,
                   html: bool = False) -> dict[str, str]:
    """Every report file, by path relative to the reports folder; pair, cluster and story reports
    are rendered on ``jobs`` workers (None or 0: every core), with the same bytes for any number.

    ``report.json`` is the run as `run --json` prints it; with ``html`` the
    pages under ``html/`` are rendered from that same JSON, as `compare html` does.
    """
    data = corpus_to_dict(result)
    files = {"index.md": render_index(result), MANIFEST: render_manifest(result), REPORT_JSON: report_text(data)}
    if html:
        from compare.report.html import render_html  # Jinja2 loads only when pages are wanted

        files.update(render_html(data, jobs))  # the JSON's own values: what `compare html` reads back
    described = [i for i, p in enumerate(result.pairs) if p.alignment is not None]
    tasks = ([("pair", i) for i in described] + [("cluster", i) for i in range(len(result.clusters))]
             + [("story", i) for i in range(len(result.stories))])
    # Workers fork with the result, so each task is a kind and a position.
    render = partial(_render_one, result, {a.id: a for a in result.articles})
    for _, rendered in workers.map_in_order(render, tasks, workers.validate_jobs(jobs)):
        files.update(rendered)
        progress("rendering reports", len(rendered), len(tasks))
    return dict(sorted(files.items()))


def _render_one(result: CorpusResult, by_id: dict[str, Article], task: tuple[str, int]) -> tuple[str, str]:
    """(file name, Markdown) of one pair, cluster or story report of ``result``."""
    kind, i = task
    if kind == "pair":
        pair = result.pairs[i]
        s = pair.similarity
        return pair_filename(s.a, s.b), render_pair(pair, by_id[s.a], by_id[s.b])
    if kind == "cluster":
        cluster = result.clusters[i]
        return cluster_filename(cluster), render_cluster_markdown(cluster, by_id, result.pairs)
    story = result.stories[i]
    return story_filename(story.id), render_story_markdown([by_id[m] for m in story.members], story)


def existing_reports(out: Path) -> set[str]:
    """Report files already in ``out`` (Markdown, JSON and the pages under html/: other files are the user's)."""
    if not out.is_dir():
        return set()
    found = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and p.suffix in REPORT_SUFFIXES}
    return {name for name in found if not name.endswith(".html") or name.startswith("html/")}


def has_html(out: Path) -> bool:
    """Whether a reports folder holds HTML pages: `run` then rewrites them and `check` compares them."""
    return (out / "html" / "index.html").is_file()


def write_reports(out: Path, files: dict[str, str], progress: Progress = silent) -> None:
    """Replace the reports folder in one step, so an interrupted run leaves the old one intact.

    The new folder is built beside the target, with any files of the user's
    that are not reports copied over, then swapped in by rename.
    """
    out = out.absolute()
    _recover(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    # mkdtemp makes a private folder; the reports keep the old folder's mode.
    staging.chmod(out.stat().st_mode & 0o7777 if out.is_dir() else 0o755)
    try:
        _copy_user_files(out, staging)
        for relative, content in files.items():
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8", newline="\n")
            progress("writing reports", 1, len(files))
        _swap_in(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def write_html(out: Path, files: dict[str, str]) -> None:
    """Replace ``out/html/`` alone with ``files`` (paths under html/), leaving every other report as it is.

    `compare html` uses it: the pages are built in a folder beside html/ and
    swapped in, so an interrupted render leaves the old pages.
    """
    target = out / "html"
    staging = Path(tempfile.mkdtemp(prefix=".html.new-", dir=out))
    staging.chmod(0o755)
    try:
        for relative, content in files.items():
            path = staging / relative.removeprefix("html/")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8", newline="\n")
        _swap_in(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _backup_path(out: Path) -> Path:
    return out.parent / f".{out.name}.old"


def _recover(out: Path) -> None:
    """Put back reports a killed run had moved aside, and drop its half-built folder."""
    backup = _backup_path(out)
    if backup.is_dir() and not out.exists():
        backup.rename(out)
    shutil.rmtree(backup, ignore_errors=True)
    if out.parent.is_dir():
        for debris in out.parent.glob(f".{out.name}.new-*"):
            shutil.rmtree(debris, ignore_errors=True)


def _copy_user_files(out: Path, staging: Path) -> None:
    if not out.is_dir():
        return
    reports = existing_reports(out)
    for path in sorted(out.rglob("*")):
        relative = path.relative_to(out).as_posix()
        if path.is_file() and relative not in reports:
            (staging / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, staging / relative)


def _swap_in(staging: Path, out: Path) -> None:
    if not out.exists():
        staging.rename(out)
        return
    if _exchange(staging, out):
        return
    backup = _backup_path(out)
    out.rename(backup)
    staging.rename(out)
    shutil.rmtree(backup, ignore_errors=True)


def _exchange(first: Path, second: Path) -> bool:
    """Atomically swap two paths with Linux renameat2(RENAME_EXCHANGE); False where unsupported."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange) == 0


@dataclass(frozen=True)
class ReportDiff:
    """How a reports folder differs from what a run would write."""

    missing: tuple[str, ...]
    stale: tuple[str, ...]
    extra: tuple[str, ...]

    @property
    def clean(self) -> bool:
        return not (self.missing or self.stale or self.extra)


def check_reports(out: Path, files: dict[str, str]) -> ReportDiff:
    """Compare byte for byte; nothing is written."""
    present = existing_reports(out)
    missing = sorted(set(files) - present)
    extra = sorted(present - set(files))
    stale = sorted(
        name for name in set(files) & present if (out / name).read_bytes() != files[name].encode("utf-8")
    )
    return ReportDiff(tuple(missing), tuple(stale), tuple(extra))


@dataclass(frozen=True)
class CorpusChanges:
    """Articles added, edited or removed since the reports in a folder were written."""

    new: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]
    had_manifest: bool
    # (name, value the reports were written with, value given now) for each parameter that differs
    params: tuple[tuple[str, object, object], ...] = ()


def _manifest_part(content: str, key: str) -> dict[str, object] | None:
    try:
        part = json.loads(content).get(key)
    except (ValueError, AttributeError):
        return None
    return part if isinstance(part, dict) else None


def corpus_changes(out: Path, files: dict[str, str]) -> CorpusChanges:
    """Compare the manifest on disk with the one a run would write now."""
    path = out / MANIFEST
    written = path.read_text(encoding="utf-8") if path.is_file() else ""
    now, before = _manifest_part(files[MANIFEST], "articles") or {}, _manifest_part(written, "articles")
    old = before or {}
    params_now, params_then = _manifest_part(files[MANIFEST], "params") or {}, _manifest_part(written, "params")
    return CorpusChanges(
        new=tuple(sorted(set(now) - set(old))),
        changed=tuple(sorted(i for i in set(now) & set(old) if now[i] != old[i])),
        removed=tuple(sorted(set(old) - set(now))),
        had_manifest=before is not None,
        params=tuple((name, params_then.get(name), value) for name, value in sorted(params_now.items())
                     if params_then is not None and params_then.get(name) != value),
    )
