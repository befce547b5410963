"""Tokens and numbers as written: digit runs, number words, fractions and their precision.

The lowest layer of :mod:`compare.figures`: "1,000" is 1000 written to the
unit, "2.75" to the hundredth, "two and a half" to the half, "a third" to
the third; trailing zeros of a whole number count up to its second digit
("60,000" is written to the thousand).

Only the standard library, simplemma and wordfreq are used.
"""

from __future__ import annotations

import re
from functools import lru_cache
from types import MappingProxyType

import simplemma
from wordfreq import zipf_frequency

from compare.facts import lexicon as lx
from compare.typography import fold_apostrophes

TOKEN = re.compile(r"(?<![\w.])\.\d+|\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)?|[$€£%½¼¾]|\S")
_FRACTIONS = MappingProxyType({"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4})


class Tok:
    __slots__ = ("end", "low", "start", "text")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text, self.start, self.end, self.low = text, start, end, fold_apostrophes(text.lower())


def tokens(sentence: str) -> list[Tok]:
    """Words, digit runs, currency signs and punctuation with their offsets (a fresh list; parsing is memoised)."""
    return list(_tokens(sentence))


@lru_cache(maxsize=1 << 14)
def _tokens(sentence: str) -> tuple[Tok, ...]:
    return tuple(Tok(m.group(), m.start(), m.end()) for m in TOKEN.finditer(sentence))


@lru_cache(maxsize=1 << 15)
def lemma(word: str) -> str:
    """The lower-case lemma of a word ("rose" stays "rose": simplemma reads the noun); "" for no word."""
    return simplemma.lemmatize(word, lang="en").lower() if word.strip() else ""


@lru_cache(maxsize=1 << 15)
def rarity(word: str) -> float:
    return max(1.0, 8.0 - zipf_frequency(word, "en"))


def digits_value(text: str) -> tuple[float, int] | None:
    """ "1,000" -> (1000, 0); "2.75" -> (2.75, 2); "1,2" (a decimal comma) -> (1.2, 1); None if malformed."""
    if "," in text and "." not in text and len(text.split(",")) == 2 and len(text.split(",")[1]) != 3:
        text = text.replace(",", ".")
    groups = text.split(".")[0].split(",")
    if text.count(".") > 1 or any(len(g) != 3 for g in groups[1:]):
        return None
    whole = text.replace(",", "")
    try:
        value = float(whole)
    except ValueError:  # digits of other scripts ("١٢") or superscripts the tokenizer lets through
        return None
    return value, len(whole.split(".")[1]) if "." in whole else 0


def word_number(toks: list[Tok], i: int) -> tuple[float, int, float] | None:
    """A number in words at token ``i``, the index after it and its step: "twenty-seven", "a dozen", "a third"."""
    low = toks[i].low
    nxt = toks[i + 1].low if i + 1 < len(toks) else ""
    if low in ("a", "an", "one") and nxt in _FRACTIONS and nxt not in ("halves", "thirds", "quarters"):
        return 1 / _FRACTIONS[nxt], i + 2, 1 / _FRACTIONS[nxt]
    if low in ("a", "dozen") and (low == "dozen" or nxt == "dozen"):
        return 12.0, i + (1 if low == "dozen" else 2), 1.0
    half_dozen = [t.low for t in toks[i:i + 3]] in (["half", "-", "dozen"], ["half", "a", "dozen"])
    if half_dozen:
        return 6.0, i + 3, 1.0
    if low not in lx.NUMBER_WORDS or low in ("a", "an", "hundred", "dozen") or (low == "one" and nxt == "of"):
        return None
    value, j = float(lx.NUMBER_WORDS[low]), i + 1
    if nxt == "-" and i + 2 < len(toks) and toks[i + 2].low in lx.NUMBER_WORDS and value >= 20:
        value, j = value + lx.NUMBER_WORDS[toks[i + 2].low], i + 3
    following = toks[j].low if j < len(toks) else ""
    if following == "-" and j + 1 < len(toks) and toks[j + 1].low in _FRACTIONS:
        j, following = j + 1, toks[j + 1].low
    if following in _FRACTIONS:
        return value / _FRACTIONS[following], j + 1, 1 / _FRACTIONS[following]
    if and_a_half(toks, j):
        return value + 0.5, j + 3, 0.5
    if following == "dozen":
        return value * 12, j + 1, 12.0  # "two dozen" is 24, written to the dozen
    return value, j, 1.0


def and_a_half(toks: list[Tok], j: int) -> float:
    """0.5 when "and a half" follows token ``j - 1`` ("two and a half"), else 0."""
    return 0.5 if " ".join(t.low for t in toks[j:j + 3]) in ("and a half", "and one half") else 0.0


def step_of(text: str, value: float, decimals: int) -> float:
    """One unit of the last significant digit: trailing zeros of a whole number count up to its second digit."""
    if decimals or value < 100:
        return 10.0 ** -decimals
    digits = text.replace(",", "").lstrip("0")
    zeros = len(digits) - len(digits.rstrip("0"))
    return 10.0 ** min(zeros, max(0, len(digits) - 2))


