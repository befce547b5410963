"""Figures in a sentence: numbers read with their hedge, scale, unit and the values they allow.

The reading layer of :mod:`compare.slots`. "almost three hours" is 2.7-3 h,
"more than seven decades" 70 years and up, "3.5bn" 3.5e9, "70-year" 70
years, "1-10/32" 1.3125, "a dozen" 12, "8 to 9 cents" 0.08-0.09 USD.

1. Tokens are words, digit runs and currency signs with their offsets.
2. A figure is digits (with a fraction, "½" or "and a half") or number
   words ("twenty-seven", "a third", "three quarters"), then a scale
   ("million", "bn"), then a unit from ``UNITS`` (converted: feet and miles
   to metres, acres to hectares, cents to dollars) or, for a bare count, the
   word it counts ("296 people"). A currency sign before it is its unit.
3. Not figures: calendar days and years (dates, for the date slots), clock
   times, ordinals, decades ("1970s"), digits inside codes, tickers, phone
   numbers and scores ("US30YT=RR", "688-4163", "47-15"), numbers that are
   part of a name or label ("S&P 500", "day four", "No. 4").
4. An age ("Sally, 62," / "aged 44" / "27-year-old") has the unit "age".
5. A hedge before the figure ("about", "almost", "more than", "up to", see
   ``HEDGES``) and its rounding make its reading: an exact figure covers
   half a unit of its last digit either side ("2.5": 2.45-2.55; trailing
   zeros count up to the second digit, "60,000": 59,500-60,500); "about"
   widens that to ``ABOUT`` either side, "almost" covers ``ALMOST`` below,
   "more than" and "up to" open one side. "X to Y" and "between X and Y"
   of one unit are one reading from X to Y.
6. Two readings are compatible when the central value of either lies in
   the other, or one is the other cut short to three or more significant
   digits ("$247 billion" for $247.7 billion; not "five" for 5.8).
7. A bare figure after "with", "against", "versus" or "and" takes the unit
   of the figure just before it ("15 pounds, compared with five").

Only the standard library, simplemma, wordfreq and ``compare.lexicon`` are used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import MappingProxyType

from compare.facts import lexicon as lx
from compare.facts.numerals import Tok, and_a_half, digits_value, lemma, rarity, step_of, tokens, word_number
from compare.facts.readings import Reading, compatible, reading

__all__ = ["Figure", "Reading", "Tok", "clock_after", "compatible", "figures", "lemma", "rarity", "reading", "tokens"]

INHERIT_WINDOW = 10  # tokens back to the figure whose unit an elliptic bare figure takes (step 7)

_CURRENCIES = MappingProxyType({"$": "USD", "€": "EUR", "£": "GBP", "us$": "USD", "a$": "AUD", "c$": "CAD"})
UNITS = MappingProxyType({
    "percent": ("%", 1), "per cent": ("%", 1), "%": ("%", 1), "pct": ("%", 1),
    "percentage point": ("pp", 1), "basis point": ("bp", 1), "point": ("points", 1),
    "cent": ("USD", 0.01), "dollar": ("USD", 1), "euro": ("EUR", 1), "yen": ("JPY", 1), "franc": ("CHF", 1),
    "pence": ("GBX", 1), "p": ("GBX", 1), "rouble": ("RUB", 1), "ruble": ("RUB", 1),
    "km": ("m", 1000), "kilometre": ("m", 1000), "kilometer": ("m", 1000), "mile": ("m", 1609.344),
    "metre": ("m", 1), "meter": ("m", 1), "ft": ("m", 0.3048), "foot": ("m", 0.3048), "feet": ("m", 0.3048),
    "kg": ("kg", 1), "kilogram": ("kg", 1), "pound": ("kg", 0.45359237), "hectare": ("ha", 1),
    "acre": ("ha", 0.40468564), "year": ("years", 1), "decade": ("years", 10), "century": ("years", 100),
    "month": ("months", 1), "week": ("days", 7), "day": ("days", 1), "hour": ("h", 1), "minute": ("h", 1 / 60),
    "mph": ("mph", 1), "c": ("°C", 1), "f": ("°F", 1),
})
_SCALES = MappingProxyType({"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
                            "bn": 1e9, "m": 1e6, "mln": 1e6, "k": 1e3})
HEDGES = MappingProxyType({
    "about": "about", "around": "about", "roughly": "about", "some": "about", "approximately": "about",
    "estimated": "about", "nearly": "almost", "almost": "almost", "approached": "almost", "close to": "almost",
    "just under": "almost", "more than": "above", "over": "above", "at least": "above", "just over": "above",
    "less than": "below", "under": "below", "up to": "below", "fewer than": "below", "as much as": "below",
    "as many as": "below", "a minimum of": "above", "a maximum of": "below", "top": "above", "exceed": "above",
    "no more than": "below", "not more than": "below", "at most": "below", "no fewer than": "above",
    "no less than": "above", "in excess of": "above", "upwards of": "above", "upward of": "above",
    "well over": "above", "approaching": "almost",
})


def _words(text: str) -> frozenset[str]:
    """A word set written as one string, which keeps long lists readable."""
    return frozenset(text.split())


_LABEL_NOUNS = _words(
    "day no flight section chapter page round game phase stage grade route district channel room top bottom "
    "gate row lot"
)
_AGE_WORDS = frozenset({"age", "aged", "ages"})
_PREDICATES = frozenset({"dead", "alive", "missing", "hurt", "injured", "wounded", "killed", "homeless"})
UP = _words(
    "rocket rocketed skyrocket skyrocketed spike spiked rebound rebounded "
    "rise rose risen gain gained add added climb climbed jump jumped up higher advance advanced "
    "rally rallied firm firmed increase increased grow grew soar soared surge surged inch inched "
    "leap leapt tack tacked shot"
)
DOWN = _words(
    "slump slumped plummet plummeted dive dived sag sagged retreat retreated "
    "fall fell fallen lose lost shed dip dipped drop dropped decline declined slip slipped ease "
    "eased slide slid down off lower decrease decreased sink sank plunge plunged tumble tumbled "
    "shrink shrank"
)


def _glued(sentence: str, tok: Tok) -> bool:
    """Digits inside a code, ticker, phone number, score or name: "US30YT=RR", "688-4163", "47-15", "CAC-40"."""
    before = sentence[tok.start - 1] if tok.start else " "
    before2 = sentence[tok.start - 2] if tok.start > 1 else " "
    after = sentence[tok.end:tok.end + 1] or " "
    if before.isalpha() or before in ":=<#/" or after in ("=", ":") or (after.isalpha() and after not in "bmkfps"):
        return True
    if before == "(" and after == ")" and re.match(r"\)\s*\d", sentence[tok.end:]):
        return True  # the area code of "(248) 647-7221"
    if before == "-" and (before2.isalnum()):
        return True  # the second half of "47-15", "688-4163", "CAC-40"
    return after == "-" and bool(re.match(r"-\d+(?!/)(?!\d*/)", sentence[tok.end:]))


def _labels_or_names(sentence: str, toks: list[Tok], i: int) -> bool:
    """A number that is part of a name or a label: "S&P 500", "Windows 98", "day four", "No. 4"."""
    if i == 0:
        return False
    prev = toks[i - 1]
    if prev.low.rstrip(".") in _LABEL_NOUNS or (prev.text == "." and i > 1 and toks[i - 2].low in _LABEL_NOUNS):
        return True
    return prev.text[:1].isupper() and prev.low.replace("'", "").isalpha() and prev.low not in lx.MONTHS and (
        prev.end == toks[i].start - 1) and prev.low not in HEDGES and prev.low not in lx.NUMBER_WORDS and (
        prev.low not in lx.NOT_NAMES and prev.low not in lx.STOPWORDS)


def _is_age(toks: list[Tok], i: int, end: int) -> bool:
    """ "Sally, 62," / "Mitchell, 44, from" / "aged 44" / "at age 15": the figure is someone's age."""
    prev = toks[i - 1].low if i else ""
    if prev in _AGE_WORDS or (prev == "of" and i > 1 and toks[i - 2].low in _AGE_WORDS):
        return True
    named = i > 1 and prev == "," and toks[i - 2].text[:1].isupper() and toks[i - 2].text.isalpha()
    return named and (end >= len(toks) or toks[end].text in (",", ".", ")"))


def _digit_number(sentence: str, toks: list[Tok], i: int) -> tuple[float, float, int] | None:
    """Digits at token ``i`` with a fraction ("1-10/32", "2 ½", "23/32"): value, step, next index."""
    if _glued(sentence, toks[i]):
        return None
    parsed = digits_value("0" + toks[i].text if toks[i].text.startswith(".") else toks[i].text)
    if parsed is None:
        return None
    value, decimals = parsed
    adjacent = lambda k: k < len(toks) and toks[k].start == toks[k - 1].end  # noqa: E731
    text_at = lambda k: toks[k].text if k < len(toks) else ""  # noqa: E731
    if text_at(i + 1) == "/" and adjacent(i + 1) and text_at(i + 2).isdigit() and adjacent(i + 2):
        return value / max(float(text_at(i + 2)), 1.0), 1 / max(float(text_at(i + 2)), 1.0), i + 3
    for at in (i + 2, i + 1):  # "1-10/32" (a hyphen, then the fraction at i + 2) and "2 1/2" (at i + 1)
        hyphen = at == i + 2 and text_at(i + 1) == "-" and adjacent(i + 1)
        if (hyphen or (at == i + 1 and not adjacent(at))) and text_at(at).isdigit() and text_at(at + 1) == "/" and (
                adjacent(at + 1) and text_at(at + 2).isdigit()):
            denominator = max(float(text_at(at + 2)), 1.0)
            return value + float(text_at(at)) / denominator, 1 / denominator, at + 3
    if text_at(i + 1) in ("½", "¼", "¾"):
        return value + {"½": 0.5, "¼": 0.25, "¾": 0.75}[text_at(i + 1)], 0.25, i + 2
    if and_a_half(toks, i + 1):
        return value + 0.5, 0.5, i + 4
    return value, step_of(toks[i].text, value, decimals), i + 1


def clock_after(toks: list[Tok], j: int) -> bool:
    """Tokens from ``j`` spell a clock suffix: "a.m.", "pm", "GMT", "EDT"."""
    low = toks[j].low if j < len(toks) else ""
    if low in ("am", "pm", "gmt", "edt", "est", "bst", "cet", "aest"):
        return True
    return low in ("a", "p") and " ".join(t.low for t in toks[j + 1:j + 3]) == ". m"


def _scale_unit(sentence: str, toks: list[Tok], j: int) -> tuple[float, str, float, int] | None:
    """Scale word, unit, unit factor and next index after a number; None when the digits are not a count."""
    scale = 1.0
    low = toks[j].low if j < len(toks) else ""
    attached = j < len(toks) and toks[j].start == toks[j - 1].end
    if low in _SCALES and (attached or low not in ("m", "k")):
        scale, j = _SCALES[low], j + 1
        low, attached = (toks[j].low, False) if j < len(toks) else ("", False)
    if (attached and low in ("th", "st", "nd", "rd", "s")) or clock_after(toks, j):
        return None  # an ordinal, a decade ("1970s") or a clock time
    if low in ("to", "-", "and") and clock_after(toks, j + 2):
        return None  # the "1" of "from 1 to 6 p.m."
    superlative = low in ("largest", "biggest", "top", "leading") or (low.endswith("est") and lemma(low) != low)
    if scale == 1.0 and superlative:
        return None  # "the nine largest airlines": how many are picked, not a count of anything
    compound = low == "-" and scale == 1.0 and j + 1 < len(toks) and toks[j + 1].text.isalpha()
    if compound:  # "70-year"; "two-way" and "one-time" are no figures; "$10 billion-$15 billion" is a range
        j, low = j + 1, toks[j + 1].low
    pair = f"{low} {toks[j + 1].low}" if j + 1 < len(toks) else ""
    for words, used in ((pair, 2), (f"{pair.removesuffix('s')}", 2), (low, 1), (lemma(low), 1)):
        if words in UNITS or words.removesuffix("s") in UNITS:
            unit, factor = UNITS[words] if words in UNITS else UNITS[words.removesuffix("s")]
            per, after = _per(toks, j + used)
            return scale, unit + per, factor, after
    if low == "of" and " ".join(t.low for t in toks[j + 1:j + 3]) == "a point":
        return scale, "points", 1.0, j + 3
    return None if compound else (scale, "", 1.0, j)


def _per(toks: list[Tok], j: int) -> tuple[str, int]:
    """A rate after a unit: "cents a share" -> "/share", "per gallon" -> "/gallon"; per diluted share too."""
    words = [t.low for t in toks[j:j + 3]]
    if words[:1] in (["a"], ["an"], ["per"]) and len(words) > 1:
        noun = words[2] if words[1] == "diluted" and len(words) > 2 else words[1]
        if noun.isalpha() and noun not in lx.STOPWORDS and noun not in ("year", "week", "month", "day"):
            return "/" + lemma(noun), j + (3 if words[1] == "diluted" else 2)
    return "", j


def _hedge_before(toks: list[Tok], i: int) -> tuple[str, int]:
    """The hedge written before token ``i`` ("more than", "almost") and the index where it starts."""
    for size in (3, 2, 1):
        if i - size >= 0:
            words = " ".join(t.low for t in toks[i - size:i])
            if words in HEDGES:
                return HEDGES[words], i - size
    return "", i


def _currency_before(toks: list[Tok], i: int) -> tuple[str, int]:
    if i > 0 and toks[i - 1].text in ("$", "€", "£"):
        glued = i > 1 and toks[i - 2].end == toks[i - 1].start and toks[i - 2].text.isalpha()
        key = (toks[i - 2].low + toks[i - 1].text) if glued else toks[i - 1].text
        return _CURRENCIES.get(key, "USD" if toks[i - 1].text == "$" else _CURRENCIES[toks[i - 1].text]), (
            i - 2 if glued else i - 1)
    return "", i


@dataclass(frozen=True)
class Figure:
    """A figure before its context is read: token range [first, last), value, reading and unit."""

    first: int
    last: int
    number_at: int
    value: float
    reading: Reading
    unit: str
    hedge: str
    counted: str
    factor: float  # the unit's factor ("cents" 0.01), so a bare "8" in "8 to 9 cents" can take it


def _is_date_part(toks: list[Tok], i: int, value: float, step: float, unit: str, currency: str) -> bool:
    """A year, or the day of "July 3" / "3 July": a date, not a count."""
    before = toks[i - 1].low.rstrip(".") if i else ""
    before = toks[i - 2].low if before == "" and i > 1 else before
    after = toks[i + 1].low if i + 1 < len(toks) else ""
    whole = step == 1 and value == int(value)
    if (before in lx.MONTHS or after in lx.MONTHS) and whole and 1 <= value <= 31:
        return True
    return not unit and not currency and whole and len(toks[i].text) == 4 and 1800 <= value <= 2100


def _raw_at(sentence: str, toks: list[Tok], i: int) -> Figure | None:
    """The figure starting at token ``i``, if a count or an amount starts there."""
    if toks[i].text[0].isdigit():
        parsed = _digit_number(sentence, toks, i)
    elif i and toks[i - 1].low in _LABEL_NOUNS:
        return None  # "day four"
    else:
        words = word_number(toks, i)
        parsed = (words[0], words[2], words[1]) if words else None
    if parsed is None:
        return None
    value, step, j = parsed
    after = _scale_unit(sentence, toks, j)
    if after is None:
        return None
    scale, unit, factor, end = after
    currency, first = _currency_before(toks, i)
    if not unit and not currency and toks[i].text[0].isdigit() and _labels_or_names(sentence, toks, i):
        return None  # "S&P 500", "Windows 98"; but "gave Moore 15 days" counts days
    if _is_date_part(toks, i, value, step, unit, currency):
        return None
    if currency and not unit:
        per, end = _per(toks, end)
        unit = currency + per
    unit = unit or currency
    if (not unit and _is_age(toks, i, end)) or (unit == "years" and end < len(toks) and toks[end].low in ("-", "old")):
        unit, end = "age", end + (2 if end + 1 < len(toks) and toks[end + 1].low == "old" else 0)
    hedge, first = _hedge_before(toks, first)
    value, scale = value * scale * factor, scale * factor
    counted = "" if unit else _counted(toks, end)
    return Figure(first, end, i, value, reading(value, step * scale, hedge), unit, hedge, counted, factor)


def _counted(toks: list[Tok], j: int) -> str:
    """What a bare count counts: the last word of the run of content words after it ("nine traffic deaths")."""
    run = []
    for tok in toks[j:j + 4]:
        if tok.text == "." or (len(tok.text) == 1 and tok.text.isupper()):
            continue  # "23 U.S. troops"
        if tok.low in ("more", "other", "additional") and not run:
            continue  # "eight more moons"
        if not tok.text.isalpha() or tok.low in lx.STOPWORDS or len(run) == 3:
            break
        if run and (tok.low in _PREDICATES or (tok.low.endswith(("ed", "ing")) and lemma(tok.low) != tok.low)):
            break  # "28 people died", "31 people dead": what is said of them, not what they are
        run.append(tok.low)
    return lemma(run[-1]) if run else ""


def figures(sentence: str, toks: list[Tok]) -> list[Figure]:
    """Every count and amount of a sentence, with ranges ("8 to 9 cents", "between $1 and $2") merged."""
    found: list[Figure] = []
    i = 0
    while i < len(toks):
        raw = _raw_at(sentence, toks, i)
        if raw is None:
            i += 1
            continue
        found.append(_inherit_unit(toks, raw, found[-1] if found else None))
        i = raw.last
    return _merge_ranges(toks, found)


def _inherit_unit(toks: list[Tok], raw: Figure, before: Figure | None) -> Figure:
    """A bare figure after "with"/"against"/"versus"/"and" takes the unit of the figure before it (step 7)."""
    opener = toks[raw.first - 1].low if raw.first else ""
    if raw.unit or raw.counted or before is None or not before.unit or raw.first - before.last > INHERIT_WINDOW:
        return raw
    if opener not in ("with", "against", "versus", "vs", "and"):
        return raw
    scaled = Reading(raw.reading.low * before.factor, raw.reading.high * before.factor,
                     raw.reading.central * before.factor, raw.reading.step * before.factor)
    return Figure(raw.first, raw.last, raw.number_at, raw.value * before.factor, scaled, before.unit, raw.hedge,
                  "", before.factor)


def _merge_ranges(toks: list[Tok], found: list[Figure]) -> list[Figure]:
    """Join "X to Y" and "between X and Y" of one unit into one reading from X to Y.

    "rose 48 cents to $30" is a change and a level, not a range: a figure
    after a movement verb, "by", "from", "to" or "at" does not open one.
    """
    merged: list[Figure] = []
    for raw in found:
        prev = merged[-1] if merged else None
        factor = raw.factor if prev is not None and not prev.unit else 1.0
        if prev is not None and _opens_range(toks, prev, raw, factor):
            low, high = prev.reading.low * factor, raw.reading.high
            merged[-1] = Figure(prev.first, raw.last, prev.number_at, (prev.value * factor + raw.value) / 2,
                              Reading(low, high, (low + high) / 2, 0), raw.unit, "range", raw.counted, raw.factor)
        else:
            merged.append(raw)
    return merged


def _opens_range(toks: list[Tok], prev: Figure, raw: Figure, factor: float) -> bool:
    joiner = " ".join(t.low for t in toks[prev.last:raw.first])
    opener = toks[prev.first - 1].low if prev.first else ""
    if prev.unit not in ("", raw.unit) or prev.value * factor >= raw.value or prev.hedge:
        return False
    if joiner == "and":
        return opener == "between"
    return joiner in ("to", "-") and opener not in UP | DOWN | {"from", "by", "to", "at", "up", "down"}


