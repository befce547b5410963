"""Read a folder (or a .jsonl file, or one article file) into Articles: the orchestration around formats.

Files are found by ``walk``, each is read alone by ``formats.file_sources``
on the workers, and the Sources are turned into Articles by ``corpus``
(which also applies the outlet-wide chrome rule). Nothing here parses a
format, so per-file parsing never depends on this module.

trafilatura takes about 0.1 s to extract an 88 KB news page, so a folder of
saved pages spends most of a run there, and `compare check` in CI re-reads
every page. The result of reading an HTML file is kept under a hash of its
bytes, its article id, the reading code and trafilatura's version: an edited
page, a moved file or an upgrade is a miss.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from compare.errors import ArticleReadError, InputNotFoundError
from compare.ingest import corpus
from compare.ingest.article import Source
from compare.ingest.formats import file_bytes, file_sources, is_repair
from compare.ingest.manifest import apply_manifest, find_manifest, read_manifest
from compare.ingest.walk import os_reason, walk_folder
from compare.models import Article, Progress, Skipped, silent
from compare.runtime import workers

if TYPE_CHECKING:
    from compare.runtime.cache import Cache

FileResult = tuple[list[Source], list[Skipped]]
PAGE_SUFFIXES = frozenset({".html", ".htm"})


def is_page(path: Path) -> bool:
    return path.suffix.lower() in PAGE_SUFFIXES


def known_pages(files: Sequence[tuple[Path, str]], cache: Cache) -> dict[int, FileResult]:
    """Results the cache holds for the pages among ``files`` (path, article id), by position.

    Each page is read here only to hash it; its bytes are not kept.
    """
    from compare.runtime.cache import page_key

    keys = {}
    for i, (path, article_id) in enumerate(files):
        if is_page(path) and (data := file_bytes(path)) is not None:
            keys[i] = page_key(article_id, data)
    stored = cache.get_values(list(keys.values()))
    return {i: stored[key] for i, key in keys.items() if key in stored}


def _file_sources_task(file: tuple[Path, str, bool]) -> tuple[FileResult, bytes | None]:
    """One file's result and, when asked, the cache key of the bytes it was read from."""
    from compare.runtime.cache import page_key

    path, article_id, keyed = file
    if not keyed:
        return file_sources(path, article_id), None
    data = file_bytes(path)
    return file_sources(path, article_id, data), page_key(article_id, data) if data is not None else None


def read_files(files: Sequence[tuple[Path, str]], jobs: int, progress: Progress,
               cache: Cache | None = None) -> list[FileResult]:
    """``file_sources`` of every file, in order, on ``jobs`` workers; saved pages the cache holds are
    not read again (extracting one takes about 0.1 s)."""
    known = {i: (found, None) for i, found in known_pages(files, cache).items()} if cache is not None else {}
    tasks = [(path, article_id, cache is not None and is_page(path)) for path, article_id in files]
    results = workers.map_missing(_file_sources_task, tasks, known, jobs, progress, "reading files")
    fresh = [(key, found) for found, key in results if key is not None]
    if cache is not None and fresh:
        cache.put_values(fresh)
    return [found for found, _ in results]


def _is_within(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except OSError:
        return False


def read_corpus(folder: Path, exclude: Path | None = None, jobs: int = 1, progress: Progress = silent,
                cache: Cache | None = None, sources: Path | None = None,
                follow_symlinks: bool = False) -> tuple[tuple[Article, ...], tuple[Skipped, ...]]:
    """Every article under ``folder``; unreadable or unsupported files are reported, not fatal.

    After each file is parsed alone, lines that recur at the edges of several
    articles of one outlet are taken out as that outlet's chrome. Files under
    ``exclude`` (the reports folder, when it sits inside the input) are not
    articles. Raises only ``InputNotFoundError`` (``folder`` is not a
    folder); everything else about the files becomes a note. Files are
    parsed on ``jobs`` worker processes; with a ``cache``, files read and parsed before are not again.
    A sidecar manifest (``sources``, else a ``sources.csv/.tsv/.jsonl`` in the folder) fills each
    article's url, outlet, date and author; it is not read as an article. Symlinks that lead out of
    ``folder`` are skipped with a note unless ``follow_symlinks``.
    """
    if not folder.is_dir():
        raise InputNotFoundError(f"{folder}: no such folder; give the folder that holds your articles")
    try:
        files, skipped = walk_folder(folder, follow_symlinks)
    except OSError as exc:
        raise InputNotFoundError(f"{folder}: cannot be opened ({os_reason(exc)})") from exc
    if exclude is not None:
        files = [(path, i) for path, i in files if not _is_within(path, exclude)]
    manifest_path = find_manifest(folder, sources)
    files = [(path, i) for path, i in files if manifest_path is None or not _same_file(path, manifest_path)]
    found = _unique_sources(read_files(files, jobs, progress, cache), skipped)
    if manifest_path is not None:
        manifest, notes = read_manifest(manifest_path)
        found, unused = apply_manifest(manifest, found, [i for _, i in files])
        skipped += [*notes, *unused]
    articles, notes = corpus.build_corpus(found, jobs, progress, cache)
    return articles, (*skipped, *notes)


def _unique_sources(results: Sequence[FileResult], skipped: list[Skipped]) -> list[Source]:
    """Every Source read, the later of two with one id left out; notes go to ``skipped``."""
    sources: list[Source] = []
    seen: set[str] = set()
    for found, notes in results:
        skipped += notes
        for source in found:
            if source.article_id in seen:
                skipped.append(Skipped(source.article_id, "duplicate article id; later copy skipped"))
                continue
            seen.add(source.article_id)
            sources.append(source)
    return sources


def _same_file(path: Path, other: Path) -> bool:
    try:
        return path.resolve() == other.resolve()
    except OSError:
        return False


def read_jsonl_lenient(path: Path) -> tuple[list[Article], list[Skipped]]:
    """Articles from a .jsonl file, and notes on the lines that could not be read (which are skipped).

    Each record is cleaned like a file in a folder; a bad line never stops
    the others: each is named in a note. Raises only ``InputNotFoundError``.
    (`compare dedup` streams .jsonl through ``compare.neardup.stream`` instead.)
    """
    if not path.is_file():
        raise InputNotFoundError(f"{path}: no such file; give a folder or a .jsonl file")
    sources, notes = file_sources(path, path.stem)
    articles: list[Article] = []
    seen: set[str] = set()
    for source in sources:
        if source.article_id in seen:
            notes.append(Skipped(source.article_id, "duplicate article id; later copy skipped"))
            continue
        seen.add(source.article_id)
        article, note = corpus.build_one(source)
        if article is None:
            notes.append(note)
        else:
            articles.append(article)
    return articles, notes


def read_article(path: Path) -> Article:
    """The one article in a file (for `compare pair`); its id is the path as given."""
    if not path.is_file():
        raise InputNotFoundError(f"{path}: no such file; give the path of an article file")
    found, notes = file_sources(path, path.as_posix())
    if len(found) != 1:
        reason = next((n.reason for n in reversed(notes) if not is_repair(n)), f"holds {len(found)} articles, not one")
        raise ArticleReadError(path.as_posix(), reason, "give a .txt, .md, .html or single-article .json file")
    article, note = corpus.build_one(found[0])
    if article is None:
        raise ArticleReadError(path.as_posix(), note.reason, "give a file that holds a news article")
    return article
