"""Counts and amounts in one sentence ("two and a half hours", "$1.8 billion", "more than 50 million").

Read from the tokens :mod:`compare.facts.entities` makes, with the number
words, scales, units and hedges of ``compare.facts.lexicon``; a bare
four-digit year is a "year (date)" quantity so that dates never read as
counts. Spans are offsets into the article's text.
"""

from __future__ import annotations

import re

from compare.facts import lexicon as lx
from compare.facts.entities import Quantity, Token
from compare.models import Span

_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")


def _plain_number(text: str) -> float | None:
    """"1,000" -> 1000.0, "2.5" -> 2.5; None for what is not one number ("2.6.0", "1,5")."""
    digits = text.replace(",", "")
    groups_ok = all(len(group) == 3 for group in text.split(".")[0].split(",")[1:])
    if not groups_ok or digits.count(".") > 1:
        return None
    return float(digits)


def _number_at(toks: list[Token], i: int) -> tuple[float, int] | None:
    """The number starting at token ``i`` and how many tokens it takes ("two and a half" -> 2.5, 4)."""
    low = toks[i].low
    if low[:1].isdigit() and _DIGITS.fullmatch(low):
        value = _plain_number(low)
        if value is None:
            return None
        used = 1
    elif low in lx.NUMBER_WORDS and low not in ("a", "an"):
        value, used = float(lx.NUMBER_WORDS[low]), 1
        if i + 1 < len(toks) and toks[i + 1].low in lx.NUMBER_WORDS and lx.NUMBER_WORDS[low] >= 20:
            value += lx.NUMBER_WORDS[toks[i + 1].low]
            used = 2
    elif low in ("a", "an", "half") and i + 1 < len(toks) and toks[i + 1].low in ("half", "dozen"):
        return (0.5, 2) if toks[i + 1].low == "half" else (12.0, 2)
    else:
        return None
    words = [t.low for t in toks[i + used : i + used + 3]]
    if words[:3] in (["and", "a", "half"], ["and", "one", "half"]):
        value, used = value + 0.5, used + 3
    elif words[:1] and words[0] in lx.SCALES and not (words[0] == "m" and value > 1000):
        value, used = value * lx.SCALES[words[0]], used + 1
    return value, used


def _unit_at(toks: list[Token], i: int) -> tuple[str, float, int] | None:
    for size in (2, 1):
        words = " ".join(t.low for t in toks[i : i + size])
        singular = words[:-1] if words.endswith("s") and words[:-1] in lx.UNITS else words
        singular = "century" if words == "centuries" else singular
        if singular in lx.UNITS and len(toks[i : i + size]) == size:
            unit, factor = lx.UNITS[singular]
            return unit, float(factor), size
    return None


def _qualifier_before(toks: list[Token], i: int) -> tuple[str, int]:
    for size in (2, 1):
        if i - size >= 0:
            words = " ".join(t.low for t in toks[i - size : i])
            if words in lx.APPROX_BEFORE:
                return lx.APPROX_BEFORE[words], i - size
    return "", i


def find_quantities(toks: list[Token], text: str, offset: int) -> list[Quantity]:
    """Counts and amounts with normalised units; a bare 4-digit year is a "year (date)" quantity."""
    found: list[Quantity] = []
    i = 0
    while i < len(toks):
        currency = lx.UNITS.get(toks[i].low) if toks[i].text in "$€£" else None
        start_index = i + 1 if currency else i
        number = _number_at(toks, start_index) if start_index < len(toks) else None
        if number is None:
            i += 1
            continue
        value, used = number
        end_index = start_index + used
        unit, factor = (currency[0], 1.0) if currency else ("", 1.0)
        unit_found = None if currency else _unit_at(toks, end_index)
        if unit_found:
            unit, factor, extra = unit_found
            end_index += extra
        elif not currency and 1800 <= value <= 2100 and re.fullmatch(r"\d{4}", toks[start_index].text):
            unit = "year (date)"
        qualifier, first = _qualifier_before(toks, i)
        if unit or toks[start_index].text[0].isdigit():
            span = Span(toks[first].start, toks[end_index - 1].end)
            found.append(Quantity(text[span.start - offset : span.end - offset], value * factor, unit, qualifier, span))
        i = end_index
    return found
