"""Dates in a sentence: calendar dates, years, weekdays and relative days, normalised.

"Dec 15, 2016" becomes "2016-12-15", "15 December" "--12-15", "Thursday"
"thursday" and "last month" itself, so two outlets' dates for one fact can be
compared. Spans are offsets into the article's text, like every other span.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from compare.facts import lexicon as lx
from compare.models import Span


@dataclass(frozen=True)
class DateMention:
    """A date as written and a normalised value ("2016-12-15", "1945", "thursday")."""

    text: str
    value: str
    span: Span


_MONTH_NAMES = "|".join(sorted(lx.MONTHS, key=len, reverse=True))
_MONTH_DAY = re.compile(r"\b(" + _MONTH_NAMES + r")\.?\s+(\d{1,2})(?:,?\s+(\d{4}))?\b", re.IGNORECASE)
_DAY_MONTH = re.compile(r"\b(\d{1,2})\s+(" + _MONTH_NAMES + r")\.?(?:,?\s+(\d{4}))?\b", re.IGNORECASE)
_RELATIVE = re.compile(r"\b(?:(last|next|this)\s+(week|month|year|" + "|".join(
    m for m in lx.MONTHS if len(m) > 3) + r"|" + "|".join(lx.WEEKDAYS) + r")|" + "|".join(
    sorted(lx.WEEKDAYS | lx.RELATIVE_DAYS)) + r"|(?<!\d)(1[89]\d\d|20\d\d)(?!\d))\b", re.IGNORECASE)


def find_dates(sentence: str, offset: int) -> list[DateMention]:
    """Calendar dates, years, weekdays and relative days ("last month"), normalised."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for pattern, order in ((_MONTH_DAY, (1, 2, 3)), (_DAY_MONTH, (2, 1, 3))):
        for m in pattern.finditer(sentence):
            if sentence[m.start():m.end()].split()[0].lower() == "may" and not m.group(order[2]):
                continue
            month = lx.MONTHS[m.group(order[0]).lower()]
            day, year = int(m.group(order[1])), m.group(order[2])
            value = f"{year}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"
            found.append(DateMention(m.group(), value, Span(offset + m.start(), offset + m.end())))
            taken.append((m.start(), m.end()))
    for m in _RELATIVE.finditer(sentence):
        if any(s <= m.start() < e for s, e in taken):
            continue
        found.append(DateMention(m.group(), m.group().lower(), Span(offset + m.start(), offset + m.end())))
    return sorted(found, key=lambda d: d.span)
