"""Publication dates in the shapes news pages print them.

A page often carries two kinds of date: when the story was published or
updated ("Updated: Dec 15, 2016 18:22 IST", "First Published: ...", an ISO
timestamp) and the site's "today" banner ("Thursday, Sep 19, 2019"), which
says when the page was saved, not when the story happened. Only the first
kind is a publication date; a banner is recognised by its weekday or a
"today" word and never used.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from types import MappingProxyType

_MONTHS = MappingProxyType({
    name: number
    for number, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
         ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
         ("oct", "october"), ("nov", "november"), ("dec", "december")],
        start=1,
    )
    for name in names
})
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_ISO = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)(?!\d)")
_MDY = re.compile(_MONTH + r"\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)(?!\d)", re.IGNORECASE)
_DMY = re.compile(r"(?<!\d)(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>(?:19|20)\d\d)(?!\d)",
                  re.IGNORECASE)
_YEAR = re.compile(r"(?:19|20)\d\d")
_PUBLISHED = re.compile(r"\b(?:first\s+)?(?:published|posted|released)\b(?:\s+on)?\s*:?", re.IGNORECASE)
_UPDATED = re.compile(r"\b(?:last\s+)?(?:updated|modified)\b(?:\s+on)?\s*:?", re.IGNORECASE)
_BANNER = re.compile(
    r"\b(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\b|\btoday\b", re.IGNORECASE
)


@dataclass(frozen=True)
class DateMention:
    """A date found on a line: ISO value, how much to trust it, and where it sits in the line."""

    iso: str
    rank: int
    start: int
    end: int


# Lower rank wins: an explicit "published" beats "updated", which beats a
# bare date; a banner is not a mention at all.
RANK_PUBLISHED, RANK_UPDATED, RANK_ISO, RANK_BARE = 0, 1, 2, 3


def _iso(year: str, month: int, day: str) -> str | None:
    """The ISO date, or None for impossible dates such as Feb 30."""
    try:
        return dt.date(int(year), month, int(day)).isoformat()
    except ValueError:
        return None


def parse_date(value: str) -> str | None:
    """The first date in ``value`` as "YYYY-MM-DD", from ISO or month-name forms; None if there is none."""
    found = _first_date(value)
    return found[0] if found else None


def _first_date(value: str) -> tuple[str, int, int] | None:
    """(iso, start, end) of the earliest date in ``value``."""
    if not _YEAR.search(value):
        return None  # every form below needs a year: one cheap scan spares three costly ones
    hits: list[tuple[str, int, int]] = []
    for match in _ISO.finditer(value):
        iso = _iso(match["year"], int(match["mnum"]), match["day"])
        if iso:
            hits.append((iso, match.start(), match.end()))
    for pattern in (_MDY, _DMY):
        for match in pattern.finditer(value):
            iso = _iso(match["year"], _MONTHS[match["month"].lower()], match["day"])
            if iso:
                hits.append((iso, match.start(), match.end()))
    return min(hits, key=lambda hit: hit[1]) if hits else None


def date_span(value: str) -> tuple[int, int] | None:
    """Where the first date in ``value`` sits, whatever kind of date it is."""
    found = _first_date(value)
    return (found[1], found[2]) if found else None


def date_on_line(line: str) -> DateMention | None:
    """The publication date a chrome or metadata line states, or None (also for "today" banners)."""
    found = _first_date(line)
    if found is None:
        return None
    iso, start, end = found
    if _PUBLISHED.search(line):
        return DateMention(iso, RANK_PUBLISHED, start, end)
    if _UPDATED.search(line):
        return DateMention(iso, RANK_UPDATED, start, end)
    if _BANNER.search(line):
        return None
    if _ISO.search(line):
        return DateMention(iso, RANK_ISO, start, end)
    return DateMention(iso, RANK_BARE, start, end)


def is_date_line(line: str) -> bool:
    """Whether a line is mostly a date (with maybe a section word, a time and a zone), not prose."""
    found = _first_date(line)
    if found is None:
        return False
    rest = line[: found[1]] + line[found[2] :]
    rest = _PUBLISHED.sub(" ", _UPDATED.sub(" ", rest))
    words = re.findall(r"[A-Za-z]{3,}", _BANNER.sub(" ", rest))
    return len(words) <= 3
