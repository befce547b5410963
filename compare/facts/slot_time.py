"""When a figure holds: times of day, aggregation periods, dates and durations of its clause.

Step 6 of :mod:`compare.slotcontext` (and the period of step 5). Times of
day and aggregation periods ("close", "afternoon", "last", "9:33 a.m.", "for
the week") must be written alike for two prices to share a slot; dates are
kept as "kind:value" ("day:friday", "year:2001", "month:6", "quarter:third")
and separate two figures only when they differ within a kind.

Only the standard library, simplemma and ``compare.lexicon`` are used.
"""

from __future__ import annotations

from types import MappingProxyType

from compare.facts import lexicon as lx
from compare.facts.figures import Figure, Tok, clock_after, lemma


def _words(text: str) -> frozenset[str]:
    """A word set written as one string, which keeps long lists readable."""
    return frozenset(text.split())


_CLOSE = _words("close closed closes closing ended ending ends finish finished finishes settle settled settles")

_DAYPART = _words(
    "early morning midday midafternoon afternoon late lately evening overnight night tonight recent hour opening "
    "electronic instinet premarket"
)

_PERIODS = MappingProxyType({"week": "week", "weekly": "week", "month": "month", "monthly": "month",
            "quarter": "quarter",
            "quarterly": "quarter"})

_CALENDAR = frozenset({"week", "month", "year", "quarter", "season", "night", "time"})

TIME_WORDS = _DAYPART | _CLOSE | lx.WEEKDAYS | lx.RELATIVE_DAYS | frozenset(lx.MONTHS)

_TRADING = frozenset({"trading", "trade", "dealings", "session"})

_MOVES = _words("gain loss decline rise fall drop advance change increase decrease return performance win")

_QUOTE_WORDS = frozenset({"at", "up", "down", "off", "quoted", "traded", "trading", ",", "was", "stood"})

_PERIOD_NOUNS = _words("quarter period year month week fiscal")

_ORDINALS = _words("first second third fourth 1st 2nd 3rd 4th same")

_DAYS = (lx.WEEKDAYS | lx.RELATIVE_DAYS) - {"tonight"}


def time_words(toks: list[Tok], start: int, end: int) -> tuple[frozenset[str], frozenset[str]]:
    """Times of day and aggregation periods (must match), and dates as "kind:value" (differ only within a kind)."""
    time: set[str] = set()
    days: set[str] = set()
    for k in range(start, end):
        low, nxt = toks[k].low, toks[k + 1].low if k + 1 < end else ""
        prev = toks[k - 1].low if k else ""
        if (low in _CLOSE and not _period_end(nxt, prev)) or (low == "end" and prev == "to"):
            time.add("close")
        elif (low in _DAYPART and (low != "recent" or nxt in _TRADING)) or (low == "after" and nxt == "-") or (
                low == "last" and nxt in _QUOTE_WORDS):
            time.add({"after": "afterhours", "tonight": "night", "overnight": "night"}.get(low, low))
        elif low in _PERIODS and prev in _ORDINALS:
            days.add(f"{_PERIODS[low]}:{prev}")  # "third-quarter earnings": which quarter, a date
        elif low == "quarter" and (named := _calendar_quarter(toks, k, start, end)):
            days.add(f"quarter:{named}")
        elif (low in _PERIODS and low.endswith("ly") and lemma(nxt) in _MOVES) or (
                low in _PERIODS | {"year": "year"} and _aggregate(toks, k)):
            time.add(_PERIODS.get(low, low))  # "weekly", "for the week": the span a change covers
        elif clock_after(toks, k + 1) or (low == ":" and prev.isdigit() and nxt.isdigit()):
            time.add("clock " + (prev if low == ":" else toks[k].text + nxt))
        elif low in _DAYS:
            days.add(f"day:{low}")
        elif len(low) == 4 and low.isdigit() and 1800 <= int(low) <= 2100:
            days.add(f"year:{low}")
        elif low.rstrip(".") in lx.MONTHS and (low != "may" or toks[k].text == "May"):
            days.add(f"month:{lx.MONTHS[low.rstrip('.')]}")
        elif low in ("last", "this", "next") and nxt in _CALENDAR:
            days.add(f"year:{low}" if nxt == "year" else f"relative:{low} {nxt}")  # "this year" is not 2001
    return frozenset(time), frozenset(days)


_QUARTER_NAMES = ("first", "second", "third", "fourth")


def _calendar_quarter(toks: list[Tok], k: int, start: int, end: int) -> str:
    """Which quarter "the quarter ended June 29" is ("second"), read on the calendar; "" when the clause names
    the quarter itself or says "fiscal" (a fiscal year need not start in January)."""
    words = [t.low for t in toks[start:end]]
    if "fiscal" in words or (k > start and toks[k - 1].low in _ORDINALS) or k + 2 >= end:
        return ""
    month = toks[k + 2].low.rstrip(".")
    if toks[k + 1].low not in ("ended", "ending", "ends") or month not in lx.MONTHS:
        return ""
    return _QUARTER_NAMES[(lx.MONTHS[month] - 1) // 3]


def _period_end(nxt: str, prev: str) -> bool:
    """ "the quarter ended May 30", "period ending June 30": the end of a period, not a market's close."""
    return nxt.rstrip(".") in lx.MONTHS or nxt[:1].isdigit() or prev in _PERIOD_NOUNS


def days_differ(a: frozenset[str], b: frozenset[str]) -> bool:
    """Two sets of "kind:value" dates disagree within some kind ("day:monday" / "day:friday")."""
    kinds = {d.split(":")[0] for d in a} & {d.split(":")[0] for d in b}
    return any(not {d for d in a if d.startswith(kind + ":")} & {d for d in b if d.startswith(kind + ":")}
               for kind in kinds)


def _aggregate(toks: list[Tok], k: int) -> bool:
    """ "for the week", "during the four-day trading week", "for the full year": a span a figure sums over."""
    before = [t.low for t in toks[max(0, k - 6):k]]
    return any(w in ("for", "during") for w in before) and before[-1:] != ["last"] and not set(before) & _ORDINALS


def period(toks: list[Tok], found: list[Figure], start: int, end: int, figure: Figure) -> str:
    """The span of time a figure covers, from a duration in its clause: "over the past 15 months" -> "months 15"."""
    since = next((k for k in range(start, end) if toks[k].low == "since" and k + 1 < end), None)
    if since is not None:
        return "since"  # "since beginning his campaign", "since March 11": a span up to now
    for other in found:
        duration = other is not figure and start <= other.first < end and other.unit in ("years", "months", "days")
        if duration and {t.low for t in toks[max(start, other.first - 2):other.first]} & {"past", "last", "over"}:
            return f"{other.unit} {other.value:g}"
    return ""
