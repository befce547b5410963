"""Turning a result into report files, writing them, and checking a folder against them."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path
from types import MappingProxyType
from typing import Any

from compare.models import Article, Progress, silent
from compare.report.clusters_md import cluster_filename, render_cluster_markdown
from compare.report.facts_md import render_story_markdown
from compare.report.folder import (
    MANIFEST,
    REPORT_FOLDERS,
    files_entry,
    owned_files,
    read_manifest,
    with_manifest,
    write_failed,
    write_folder,
)
from compare.report.json import corpus_to_dict, report_text
from compare.report.lock import ReportsLock
from compare.report.markdown import render_index, render_pair
from compare.report.reuse_md import has_page, render_reuse_markdown, reuse_filename
from compare.report.tables import HASH_MARK, pair_filename, story_filename
from compare.results import CorpusResult
from compare.runtime import workers

# Files about the whole run, by name: a new kind of file is one line here.
RUN_FILES: Mapping[str, Callable[[CorpusResult], str]] = MappingProxyType({
    "index.md": render_index,
})
REPORT_JSON = "report.json"  # the run as `run --json` prints it; `compare html` renders the pages from it
REPORT_SUFFIXES = (".md", ".json", ".html")


def render_manifest(result: CorpusResult, files: dict[str, str], ids: dict[str, tuple[str, ...]]) -> str:
    """What the reports were written from and what compare wrote: each article's content hash, the
    parameters, and every file (but the manifest) with its SHA-256 and the article or story ids it is about.

    ``compare check`` reads it back to say which articles are new, changed or
    removed, and ``run`` to know which files in the folder are its own.
    """
    articles = {a.id: hashlib.sha256(a.text.encode("utf-8")).hexdigest()[:16] for a in result.articles}
    data = {"params": asdict(result.params), "articles": articles, "files": files_entry(files, ids)}
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def render_reports(result: CorpusResult, progress: Progress = silent, jobs: int | None = 1,
                   html: bool = False) -> dict[str, str]:
    """Every report file, by path relative to the reports folder; pair, cluster and story reports
    are rendered on ``jobs`` workers (None or 0: every core), with the same bytes for any number.

    ``report.json`` is the run as `run --json` prints it; with ``html`` the
    pages under ``html/`` are rendered from that same JSON, as `compare html` does.
    """
    data = corpus_to_dict(result)
    files = {name: render(result) for name, render in RUN_FILES.items()} | {REPORT_JSON: report_text(data)}
    if html:
        from compare.report.html import render_html  # Jinja2 loads only when pages are wanted

        files.update(render_html(data, jobs))  # the JSON's own values: what `compare html` reads back
    ids: dict[str, tuple[str, ...]] = {}
    described = [i for i, p in enumerate(result.pairs) if p.alignment is not None]
    tasks = ([("pair", i) for i in described] + [("cluster", i) for i in range(len(result.clusters))]
             + [("story", i) for i in range(len(result.stories))]
             + [("reuse", i) for i, c in enumerate(result.reuse) if has_page(c)])
    # Workers fork with the result, so each task is a kind and a position.
    render = partial(_render_one, result, {a.id: a for a in result.articles})
    for _, rendered in workers.map_in_order(render, tasks, workers.validate_jobs(jobs)):
        for name, content, about in rendered:
            files[name], ids[name] = content, about
        progress("rendering reports", len(rendered), len(tasks))
    files[MANIFEST] = render_manifest(result, dict(sorted(files.items())), ids)
    return dict(sorted(files.items()))


def _render_one(result: CorpusResult, by_id: dict[str, Article], task: tuple[str, int]
                ) -> tuple[str, str, tuple[str, ...]]:
    """(file name, Markdown, ids it is about) of one pair, cluster or story report of ``result``."""
    kind, i = task
    if kind == "pair":
        pair = result.pairs[i]
        s = pair.similarity
        return pair_filename(s.a, s.b), render_pair(pair, by_id[s.a], by_id[s.b]), (s.a, s.b)
    if kind == "cluster":
        cluster = result.clusters[i]
        return (cluster_filename(cluster), render_cluster_markdown(cluster, by_id, result.pairs),
                (cluster.representative,))
    if kind == "reuse":
        reuse = result.reuse[i]
        return reuse_filename(reuse), render_reuse_markdown(reuse, by_id), reuse.articles
    story = result.stories[i]
    return story_filename(story.id), render_story_markdown([by_id[m] for m in story.members], story), (story.id,)


def existing_reports(out: Path) -> set[str]:
    """Report files already in ``out`` (Markdown, JSON and the pages under html/: other files are the user's).

    Only for a folder whose manifest predates the list of files compare wrote.
    """
    if not out.is_dir():
        return set()
    found = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and p.suffix in REPORT_SUFFIXES}
    return {name for name in found if not name.endswith(".html") or name.startswith("html/")}


def has_html(out: Path) -> bool:
    """Whether a reports folder holds HTML pages: `run` then rewrites them and `check` compares them."""
    return (out / "html" / "index.html").is_file()


def html_files(out: Path, data: dict[str, Any], jobs: int | None = 1) -> dict[str, str]:
    """Every file of a reports folder with its pages under html/ rendered anew from ``data``, its report.json
    as ``html.read_report`` read it (`compare html`): the other reports as they are, the manifest listing
    the new pages too."""
    from compare.report.html import render_html

    manifest, _ = read_manifest(out)
    owned = owned_files(out) or existing_reports(out)
    files = {name: (out / name).read_text(encoding="utf-8") for name in sorted(owned)
             if not name.startswith("html/") and name != MANIFEST and (out / name).is_file()}
    files.update(render_html(data, jobs))
    old = manifest.get("files") if isinstance(manifest, dict) else None
    ids = {name: tuple(entry.get("ids", ())) for name, entry in (old if isinstance(old, dict) else {}).items()
           if isinstance(entry, dict)}
    record = dict(manifest) if isinstance(manifest, dict) else {}
    record["files"] = files_entry(dict(sorted(files.items())), {n: i for n, i in ids.items() if n in files})
    files[MANIFEST] = json.dumps(record, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    return dict(sorted(files.items()))


def foreign_reports(out: Path, owned: set[str]) -> list[str]:
    """Report-like files compare did not write in its own sub-folders (``pairs/x.md``): `run` leaves them,
    `check` lists them as extra, since the folder is then not what a run writes."""
    return sorted(p.relative_to(out).as_posix() for kind in REPORT_FOLDERS
                  if (out / kind).is_dir() and not (out / kind).is_symlink() for p in (out / kind).glob("*.md")
                  if p.relative_to(out).as_posix() not in owned)


def write_reports(out: Path, files: dict[str, str], progress: Progress = silent, force: bool = False,
                  wait: bool = True, on_wait: Callable[[Path], None] | None = None) -> None:
    """Write the reports into ``out`` under its lock: atomically when compare owns everything in it,
    never touching a file it did not write (see ``compare.report.folder``).

    Raises ``ReportsFolderError`` for a folder compare may not write into, ``ReportsBusyError`` when
    another run holds the lock and ``wait`` is False, and ``ReportWriteError`` when the disk is full
    or a write is denied (the previous reports are then unchanged).
    """
    out = Path(os.path.realpath(out))  # a symlink named on the command line is followed; none inside it is
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with ReportsLock(out, wait=wait, on_wait=on_wait):
            write_folder(out, files, force, progress)
    except OSError as exc:
        raise write_failed(out, exc) from exc


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
    """Compare byte for byte; nothing is written. Extra files are those the folder's manifest says compare
    wrote and a run would not write now (any .md or .json file when the manifest predates that list)."""
    files = with_manifest(files)
    owned = owned_files(out)
    if owned is None:
        present = existing_reports(out)
    else:
        present = {name for name in owned | set(files) | set(foreign_reports(out, owned))
                   if (out / name).is_file() and not (out / name).is_symlink()}
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
    # "" when the folder's manifest was read, else what is wrong with it ("is missing", "is not valid JSON ...")
    manifest_problem: str
    # (name, value the reports were written with, value given now) for each parameter that differs
    params: tuple[tuple[str, object, object], ...] = ()

    @property
    def had_manifest(self) -> bool:
        return not self.manifest_problem


def _part(data: dict[str, object] | None, key: str) -> dict[str, object] | None:
    part = data.get(key) if data else None
    return part if isinstance(part, dict) else None


def corpus_changes(out: Path, files: dict[str, str]) -> CorpusChanges:
    """Compare the manifest on disk with the one a run would write now."""
    written, problem = read_manifest(out)
    rendered = json.loads(files[MANIFEST])
    now, old = _part(rendered, "articles") or {}, _part(written, "articles") or {}
    params_now, params_then = _part(rendered, "params") or {}, _part(written, "params")
    return CorpusChanges(
        new=tuple(sorted(set(now) - set(old))),
        changed=tuple(sorted(i for i in set(now) & set(old) if now[i] != old[i])),
        removed=tuple(sorted(set(old) - set(now))),
        manifest_problem=problem,
        params=tuple((name, params_then.get(name), value) for name, value in sorted(params_now.items())
                     if params_then is not None and params_then.get(name) != value),
    )


def report_ids(out: Path, files: dict[str, str]) -> dict[str, list[str]]:
    """The ids each shortened (hashed) report name stands for, from the manifest a run would write and the
    one on disk, so `check` can say which pair or story a name like ``pairs/x~~1a2b3c4d5e6f.md`` is about."""
    found: dict[str, list[str]] = {}
    for manifest in (read_manifest(out)[0], json.loads(files[MANIFEST]) if MANIFEST in files else None):
        for name, entry in (_part(manifest, "files") or {}).items():
            if HASH_MARK in name and isinstance(entry, dict) and isinstance(entry.get("ids"), list):
                found[name] = [str(i) for i in entry["ids"]]
    return found
