"""YAML front matter of Markdown files, and metadata fields of JSON records.

Front matter (``---`` / YAML / ``---`` at the top of a .md file) and JSON
fields are the user telling us the facts, so they always win over anything
inferred from the text. The front matter block stays in ``Article.text``
(offsets index the file as it is) and is listed as a removed line.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

import yaml

from compare.ingest.dates import parse_date
from compare.ingest.outlets import find_agencies
from compare.models import Agency, Span

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(?P<yaml>.*?)(?:\r?\n)?^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S | re.M)
_YAML_KEY = re.compile(r"[A-Za-z_][\w-]*[ \t]*:")
# Real front matter is a few hundred bytes; these caps keep a hostile block from costing memory or time.
MAX_BLOCK_CHARS = 16_384
MAX_FIELD_CHARS = 2_000


class FrontMatterError(ValueError):
    """A front matter block compare refuses to read (the file is skipped with this reason)."""


class _NoAliasLoader(yaml.SafeLoader):
    """SafeLoader without aliases: ``*name`` can expand a 500-byte block into gigabytes ("billion laughs")."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            raise FrontMatterError("front matter uses a YAML alias (*name), which compare does not expand; "
                                   "write the value out")
        return super().compose_node(parent, index)


def _load(block: str) -> Any:
    if len(block) > MAX_BLOCK_CHARS:
        if not _YAML_KEY.match(block.lstrip()):
            return None  # two horizontal rules around prose, not front matter
        raise FrontMatterError(f"front matter too long: {len(block):,} characters, over the "
                               f"{MAX_BLOCK_CHARS:,}-character limit")
    try:
        return yaml.load(block, Loader=_NoAliasLoader)  # a SafeLoader subclass: no arbitrary objects
    except RecursionError:
        raise FrontMatterError("front matter nested too deeply") from None


def _check_field(key: str, value: Any) -> None:
    if len(str(value)) > MAX_FIELD_CHARS:
        raise FrontMatterError(f"front matter field {key[:40]!r} too long: over the {MAX_FIELD_CHARS:,}-character "
                               "limit")


_PLAIN_LINE = re.compile(r"(?P<key>[A-Za-z_][\w-]*)[ \t]*:[ \t]*(?P<value>.*?)[ \t]*")


def _plain_fields(block: str) -> dict[str, str] | None:
    """``key: value`` lines read as written, for blocks YAML refuses only because a value holds ": "
    ("title: Thai cave: boys found alive", which static-site generators and scrapers write unquoted).
    None unless every line is such a pair (or blank, or a # comment): anything else is not front matter."""
    fields = {}
    for line in block.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        found = _PLAIN_LINE.fullmatch(line)
        if found is None:
            return None
        value = found["value"]
        quoted = len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'"
        fields[found["key"]] = value[1:-1] if quoted else value
    return fields or None


def split_front_matter(text: str) -> tuple[dict[str, Any], int] | None:
    """(fields, offset where the body starts) for a leading YAML block; None if there is none or it is not YAML.

    Raises ``FrontMatterError`` (a ValueError: the file is skipped with its
    message) for a block over ``MAX_BLOCK_CHARS``, a field over
    ``MAX_FIELD_CHARS``, or a YAML alias.
    """
    match = _FRONT_MATTER.match(text)
    if match is None:
        return None
    try:
        data = _load(match["yaml"]) or {}
    except yaml.YAMLError:
        data = _plain_fields(match["yaml"])
    if not isinstance(data, dict):
        return None
    fields = {str(k).lower()[:MAX_FIELD_CHARS]: v for k, v in data.items()}
    for key, value in fields.items():
        _check_field(key, value)
    return fields, match.end()


def text_field(record: Mapping[str, Any], key: str) -> str | None:
    """A field as a stripped string; None when absent or blank."""
    value = record.get(key)
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def date_field(record: Mapping[str, Any]) -> str | None:
    """The "date" field as ISO "YYYY-MM-DD", with "THH:MM" when it gives a time of day (UTC, "Z", when it
    gives a zone): two copies of one day are told apart by their times. An unparseable date is kept as
    written (the user said it)."""
    value = record.get("date")
    if isinstance(value, dt.datetime):
        return _with_time(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = text_field(record, "date")
    return (_timed(text) or parse_date(text) or text) if text else None


def _timed(text: str) -> str | None:
    """An ISO date-time string ("2024-03-05T08:15:00+01:00") with its time kept, else None."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}.*", text):
        return None
    try:
        return _with_time(dt.datetime.fromisoformat(text))
    except ValueError:
        return None


def _with_time(value: dt.datetime) -> str:
    if value.tzinfo is None:
        return value.strftime("%Y-%m-%dT%H:%M")
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%MZ")


def agency_field(record: Mapping[str, Any], text: str, region: Span) -> tuple[Agency, ...]:
    """Agencies named by an "agency" field (a name or a list), credited as byline.

    The span points at the name inside ``region`` of ``text`` (the front
    matter) when it can be found there, else at the region's start.
    """
    value = record.get("agency") or record.get("agencies")
    names = value if isinstance(value, list) else [value] if value else []
    found = []
    for raw in names:
        name = str(raw).strip()
        hits = find_agencies(name)
        canonical = hits[0][0] if hits else name
        at = text.find(name, region.start, region.end)
        span = Span(at, at + len(name)) if at >= 0 else Span(region.start, region.start)
        found.append(Agency(canonical, "byline", span))
    return tuple(found)
