"""Reading the files of a folder on the workers, and saved HTML pages read in an earlier run from the cache.

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

from compare.ingest.article import Source
from compare.models import Progress, Skipped
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
    from compare.ingest.reader import file_bytes
    from compare.runtime.cache import page_key

    keys = {}
    for i, (path, article_id) in enumerate(files):
        if is_page(path) and (data := file_bytes(path)) is not None:
            keys[i] = page_key(article_id, data)
    stored = cache.get_values(list(keys.values()))
    return {i: stored[key] for i, key in keys.items() if key in stored}


def _file_sources_task(file: tuple[Path, str, bool]) -> tuple[FileResult, bytes | None]:
    """One file's result and, when asked, the cache key of the bytes it was read from."""
    from compare.ingest.reader import file_bytes, file_sources
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
