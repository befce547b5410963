"""A sidecar manifest: who published each file, where and when, for files that cannot say it themselves.

Scraped plain text carries no URL, outlet or date, and a folder of 40 such
files gets 40 empty outlet cells. Whoever collected the files usually knows
where each came from, so a ``sources.csv``, ``sources.tsv`` or
``sources.jsonl`` beside them (or any file named with ``--sources``) gives,
per file, any of the columns ``file, url, outlet, date, author``. Its values
are the user's word about the file and win over everything read from it
(front matter included). ``file`` is the article id (the path under the
folder, "/" separated) or, when that is unique in the folder, the file name;
a row for a .json/.jsonl collection's file applies to every article in it.

A manifest problem never stops a run: a row that names no file or no known
file becomes a note saying which row and how to fix it.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from compare.errors import InputNotFoundError
from compare.ingest import frontmatter
from compare.ingest.article import Source
from compare.ingest.metadata import Given
from compare.models import Skipped

MANIFEST_NAMES = ("sources.csv", "sources.tsv", "sources.jsonl")
"""File names a folder's manifest is found under, in this order; none of them is read as an article."""
COLUMNS = ("file", "url", "outlet", "date", "author")


@dataclass(frozen=True)
class Manifest:
    """Per article id (or file name), the metadata the manifest gives; where it was read from."""

    path: str
    rows: Mapping[str, Given]


def find_manifest(folder: Path, given: Path | None) -> Path | None:
    """The manifest to use: ``given`` (which must exist), else the first of ``MANIFEST_NAMES`` in ``folder``."""
    if given is not None:
        if not given.is_file():
            raise InputNotFoundError(f"{given}: no such sources file; give a .csv, .tsv or .jsonl file with the "
                                     f"columns {', '.join(COLUMNS)}, or leave out --sources")
        return given
    return next((folder / name for name in MANIFEST_NAMES if (folder / name).is_file()), None)


def read_manifest(path: Path) -> tuple[Manifest, list[Skipped]]:
    """The manifest's rows by file, and notes on rows that cannot be used (never an exception)."""
    notes: list[Skipped] = []
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeError) as exc:
        return Manifest(path.name, {}), [Skipped(path.name, f"sources file cannot be read ({exc}); "
                                                            "save it as UTF-8 text")]
    records = _jsonl_records(text, path.name, notes) if path.suffix.lower() == ".jsonl" else _table_records(
        text, "\t" if path.suffix.lower() == ".tsv" else ",")
    rows: dict[str, Given] = {}
    for number, record in records:
        key = (frontmatter.text_field(record, "file") or "").replace("\\", "/").removeprefix("./")
        if not key:
            notes.append(Skipped(f"{path.name}#{number}", 'sources row names no file; fill its "file" column with '
                                                          "the article's path under the folder"))
            continue
        rows[key] = _given(record)
    return Manifest(path.name, rows), notes


def _table_records(text: str, delimiter: str) -> list[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    reader.fieldnames = [(name or "").strip().lower() for name in reader.fieldnames or []]
    return [(number, row) for number, row in enumerate(reader, start=2)]


def _jsonl_records(text: str, name: str, notes: list[Skipped]) -> list[tuple[int, dict]]:
    records = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError:
            record = None
        if isinstance(record, dict):
            records.append((number, {str(k).lower(): v for k, v in record.items()}))
        else:
            notes.append(Skipped(f"{name}#{number}", "sources line is not a JSON object; write one "
                                                     '{"file": ..., "url": ..., "outlet": ...} object a line'))
    return records


def _given(record: Mapping[str, object]) -> Given:
    return Given(
        outlet=frontmatter.text_field(record, "outlet"),
        url=frontmatter.text_field(record, "url"),
        date=frontmatter.date_field(record),
        author=frontmatter.text_field(record, "author"),
    )


def _row_key(manifest: Manifest, article_id: str, unique_names: Mapping[str, str]) -> str | None:
    """The row naming an article: its id, its file (ids of collections are "file#n"), or its file's unique name."""
    file_id = article_id.split("#", 1)[0]
    name = file_id.rsplit("/", 1)[-1]
    for key in (article_id, file_id):
        if key in manifest.rows:
            return key
    return name if name in manifest.rows and unique_names.get(name) == file_id else None


def apply_manifest(manifest: Manifest, sources: Sequence[Source],
                   file_ids: Iterable[str]) -> tuple[list[Source], list[Skipped]]:
    """``sources`` with the manifest's values over what each file gave, and notes on rows naming no file."""
    owners: dict[str, list[str]] = {}
    for file_id in file_ids:
        owners.setdefault(file_id.rsplit("/", 1)[-1], []).append(file_id)
    unique_names = {name: ids[0] for name, ids in owners.items() if len(ids) == 1}
    used: set[str] = set()
    out = []
    for source in sources:
        key = _row_key(manifest, source.article_id, unique_names)
        if key is not None:
            used.add(key)
            source = dataclasses.replace(source, given=_over(source.given, manifest.rows[key]))
        out.append(source)
    notes = [Skipped(f"{manifest.path}: {key}", "sources row names no article read from the folder; write the "
                                               "file's path under the folder in its file column, or remove the row")
             for key in manifest.rows if key not in used]
    return out, notes


def _over(base: Given, row: Given) -> Given:
    """``base`` with every field the manifest row sets replaced by the row's value."""
    return Given(
        title=base.title,
        outlet=row.outlet or base.outlet,
        url=row.url or base.url,
        date=row.date or base.date,
        author=row.author or base.author,
        agencies=base.agencies,
    )
