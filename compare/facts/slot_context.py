"""The context of each figure in a sentence: what names the slot it fills.

Steps 1-6 of :mod:`compare.slots` (whose docstring gives the method and
the reasons): clauses and earlier moments, role and direction, subject,
scope and mode, measure, and time (:mod:`compare.slottime`).
:func:`mentions` reads a sentence once (memoised) into :class:`Mention`
values that :func:`compare.slots.slot_score` compares. A clause ends at
"while", "but", dashes and semicolons, and an earlier-moment clause opens
at "after", "following", "having", "compared", "versus", or "from" before
a figure or a date; "after"-clauses end at the next comma. A subject is the
names, instruments ("dollar", "gold") and compound figures ("10-year")
before a clause's first figure, without a leading name's appositive (else
the first clause's, else the sentence's places); names after a preposition
that follows the figure are its
complement ("70 miles southwest of St. Petersburg"). A capitalised word is a
name when rarer than ``GENERIC_ZIPF`` ("Shares", "New" are not), or, opening
the sentence, rarer than ``FIRST_WORD_ZIPF`` and not inflected ("Analysts");
the ``NEAR`` words either side of a figure weigh most in its slot score.

Only the standard library, simplemma, wordfreq and ``compare.lexicon`` are used.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

from compare.facts import lexicon as lx
from compare.facts.figures import DOWN, UP, Figure, Reading, Tok, figures, lemma, tokens
from compare.facts.slot_scope import GENERIC_NAMES, excluding, perfect, places, places_in, scope_of
from compare.facts.slot_time import TIME_WORDS, period, time_words
from compare.facts.synonyms import normalise


def _words(text: str) -> frozenset[str]:
    """A word set written as one string, which keeps long lists readable."""
    return frozenset(text.split())


NEAR = 4  # tokens on each side of a figure whose words say most about its slot
GENERIC_ZIPF = 5.2  # a capitalised word this common ("Shares", "New") names no subject
FIRST_WORD_ZIPF = 4.4  # ...and at the start of a sentence, where every word is capitalised, this common

_PRIOR_OPENERS = _words("after following having from compared compares versus")
_ADVERBIAL_OPENERS = frozenset({"after", "following", "having"})  # their clause ends at a comma
_LOOKING_BACK = _words("previous prior previously initially originally formerly")
_BOUNDARY = frozenset({";", "--", "—", "while", "whereas", "but"}) | _PRIOR_OPENERS
_INSTRUMENTS = MappingProxyType({"dollar": "dollar", "greenback": "dollar", "euro": "euro", "yen": "yen",
                "franc": "franc",
                "sterling": "sterling", "pound": "sterling", "gold": "gold", "silver": "silver", "oil": "oil",
                "crude": "oil", "gasoline": "gasoline", "copper": "copper"})  # what a market figure is the price of
PREPOSITIONS = _words("against per than into through across toward towards within without versus via amid among")
_FORECAST = _words(
    "expect expects expected expecting forecast forecasts predicted predicts projected projects "
    "estimate estimates estimated anticipated anticipates guidance outlook"
)
@dataclass(frozen=True)
class Mention:
    """One figure of a sentence and what names its slot; ``start``/``end`` index the sentence.

    ``role`` is "change", "level", "from" or ""; ``earlier`` marks an
    earlier-moment clause; ``subject`` the names before it, ``scope`` its
    places and scope words, ``measure`` what it measures or counts,
    ``governors`` and ``near`` the lemmas around it, ``time`` and ``days``
    its time words (module docstring, steps 1-6).
    """

    text: str
    start: int
    end: int
    value: float
    unit: str
    hedge: str
    reading: Reading
    role: str = ""
    earlier: bool = False
    subject: frozenset[str] = frozenset()
    scope: frozenset[str] = frozenset()
    forecast: bool = False
    measure: str = ""
    level_unit: str = ""
    governors: frozenset[str] = frozenset()
    near: frozenset[str] = frozenset()
    pairs: frozenset[tuple[str, str]] = frozenset()
    words: frozenset[str] = frozenset()
    complement: frozenset[str] = frozenset()
    period: str = ""
    excluding: frozenset[str] = frozenset()
    place: str = ""
    perfect: bool = False
    time: frozenset[str] = frozenset()
    days: frozenset[str] = frozenset()


@dataclass(frozen=True)
class SlotConflict:
    """Two phrasings of one slot that cannot both be true; spans index each sentence."""

    kind: str  # "number", "date" or "name"
    slot: str
    a_text: str
    b_text: str
    a_span: tuple[int, int]
    b_span: tuple[int, int]
    severity: str  # "hard" or "approximate"


def _clauses(toks: list[Tok]) -> list[tuple[int, int, bool]]:
    """Token ranges of the clauses of a sentence and whether each is an earlier moment (step 1)."""
    bounds: list[tuple[int, bool]] = [(0, False)]
    for k, tok in enumerate(toks):
        if tok.text == "," and bounds[-1][1] and toks[bounds[-1][0]].low in _ADVERBIAL_OPENERS:
            bounds.append((k, False))  # "reached after four hours of talks, followed a trial": the moment ends
            continue
        if k == 0 or tok.low not in _BOUNDARY:
            continue
        glued = k + 1 < len(toks) and toks[k + 1].text == "-" and toks[k + 1].start == tok.end  # "after-hours"
        if glued or (tok.low == "from" and lemma(toks[k - 1].low) == "range"):
            continue
        if tok.low in ("from", "versus") and not _figure_follows(toks, k):
            continue  # "an estimate from Thomson First Call": a source, not an earlier moment
        bounds.append((k, tok.low in _PRIOR_OPENERS))
    ends = [b for b, _ in bounds[1:]] + [len(toks)]
    return [(start, end, earlier or _looks_back(toks[start:end]))
            for (start, earlier), end in zip(bounds, ends, strict=True)]


def _figure_follows(toks: list[Tok], k: int) -> bool:
    """A number, day or month within three tokens after token ``k`` ("from $2,500", "from August")."""
    dated = lx.WEEKDAYS | lx.RELATIVE_DAYS | frozenset(lx.MONTHS)
    return any(t.text[:1].isdigit() or t.low in dated or (t.low in ("a", "the", "its") and t is toks[k + 1])
               for t in toks[k + 1:k + 4])


def _looks_back(toks: list[Tok]) -> bool:
    """A clause about an earlier period: "a year earlier", "year-ago", "the previous session", "same ... last year"."""
    words = [t.low for t in toks]
    text = " ".join(words)
    back = [k for k, w in enumerate(words) if w in _LOOKING_BACK and (k == 0 or words[k - 1] != "than")]
    if back or "year ago" in text or "year - ago" in text:  # not "later than originally anticipated"
        return True
    earlier = ("year earlier", "year - earlier", "year before", "month earlier", "week earlier")
    return any(phrase in text for phrase in earlier) or ("same" in words and "last year" in text)


def _direction(tok: Tok, before: Tok | None) -> int:
    """+1 for a rise, -1 for a fall, 0 for no movement word; "gave up" is a fall."""
    if tok.low == "up" and before is not None and before.low in ("gave", "give", "gives"):
        return -1
    if tok.low == "up" and before is not None and lemma(before.low) in ("make", "take", "set", "end", "pick"):
        return 0  # "makes up 3 percent": a share, not a rise
    if tok.low in UP or lemma(tok.low) in UP:
        return 1
    return -1 if tok.low in DOWN or lemma(tok.low) in DOWN else 0


def _role(toks: list[Tok], first: int, previous: tuple[str, int] | None) -> tuple[str, int]:
    """The figure's role ("change", "level", "from" or "") and, for a change, its direction (step 2)."""
    prev = toks[first - 1] if first else None
    if prev is None:
        return "", 0
    if prev.low in ("to", "at"):
        return "level", 0
    if prev.low == "from":
        return "from", 0
    if prev.low == "or" and previous is not None and previous[0] == "change":
        return previous
    if first > 2 and " ".join(t.low for t in toks[first - 3:first]) in ("as high as", "as low as"):
        return "extreme", 0  # "rose as high as 4.66 percent": the day's peak, not its level
    prev2 = toks[first - 2] if first > 1 else None
    for tok, before in ((prev, prev2), (prev2, toks[first - 3] if first > 2 else None)):
        if tok is not None and (sign := _direction(tok, before)) and (
                tok is prev or prev.low in ("by", "on", "a", "just", "only", "some", "up", "down")):
            return "change", sign
    return "", 0


def _names(sentence: str, toks: list[Tok], start: int, end: int) -> frozenset[str]:
    """Capitalised names in tokens [start, end) (step 3): "s&p" for Standard & Poor's; codes and common words out."""
    names: set[str] = set()
    k = start
    while k < end:
        ahead = " ".join(t.low for t in toks[k:k + 5])
        for form, size in (("standard & poor's", 3), ("standard & poors", 3), ("s . & p", 4), ("s & p", 3)):
            if ahead.startswith(form):
                names.add("s&p")
                k += size
                break
        else:
            tok = toks[k]
            if len(tok.text) == 1 and tok.text.isupper() and re.match(r"[-&][A-Z]\b", sentence[tok.end:]):
                names.add(tok.low + toks[k + 2].low)  # "H-P", "AT&T" are one name
                k += 3
                continue
            around = sentence[tok.start - 1:tok.start] + sentence[tok.end:tok.end + 1]
            code = any(c in "<.=:" or c.isdigit() for c in around)  # "US10YT=RR", ".SPX", "JP:8306"
            if tok.text[0].isupper() and tok.low.replace("'", "").isalpha() and not code and _is_name(tok.low, k == 0):
                names.add(tok.low.removesuffix("'s"))
            k += 1
    return frozenset(names)


@lru_cache(maxsize=1 << 14)
def _is_name(low: str, opens_sentence: bool) -> bool:
    """A capitalised word that names something; a sentence's first word must also be rarer ("Earnings" is not)."""
    from wordfreq import zipf_frequency

    plain = low.removesuffix("'s")
    if plain in GENERIC_NAMES or plain in lx.NUMBER_WORDS or plain in lx.NOT_NAMES or plain in lx.STOPWORDS:
        return False
    if plain in lx.PLACES or plain in lx.DEMONYMS:
        return True  # "Germany" is as common as "average", but names a place
    if opens_sentence and low.endswith("'s"):
        return True  # "Utah's median income": a possessive opening a sentence names its subject
    if opens_sentence and (lemma(plain) != plain or plain.endswith("ings")):
        return False  # "Advancing", "Analysts", "Earnings" are inflected common words; "Boeing" is a name
    return zipf_frequency(plain, "en") < (FIRST_WORD_ZIPF if opens_sentence else GENERIC_ZIPF)


_MOMENT_WORDS = frozenset({"earlier", "ago", "previous", "previously", "prior", "before"})
_MODALS = frozenset({"must", "should", "ought"})  # verbs the stopword list lets through; they end a noun phrase


def _governors(toks: list[Tok], start: int, end: int, skip: set[int]) -> frozenset[str]:
    """Lemmas of the content words in tokens [start, end): what the figures there count or measure."""
    words = []
    for k in range(start, end):
        low = toks[k].low
        if k in skip or not low.isalpha() or low in lx.STOPWORDS or low in lx.NUMBER_WORDS:
            continue
        if low in TIME_WORDS or low in lx.ATTRIBUTION_VERBS or _direction(toks[k], None) or low in _MOMENT_WORDS:
            continue  # moment words ("a year earlier"/"a year ago") are compared as the clause's ``earlier``
        words.append(lemma(low))
    return frozenset(normalise(tuple(words)))  # "landed"/"arrived", "behind schedule"/"later than scheduled"


def _measure(toks: list[Tok], figure: Figure) -> str:
    """What a figure measures: the noun of "a profit of $354 million", or the noun a bare count counts."""
    if figure.counted:
        return figure.counted
    if figure.first > 1 and toks[figure.first - 1].low == "of":
        noun = toks[figure.first - 2].low
        if noun.isalpha() and noun not in lx.STOPWORDS and noun not in ("one", "some", "total", "margin"):
            return lemma(noun)
    if figure.unit == "%" and figure.last < len(toks) and toks[figure.last].low == "of":  # "3 percent of the fat"
        run = []
        for tok in toks[figure.last + 1:figure.last + 6]:
            if tok.low in ("the", "a", "an", "all", "its", "their", "'") or (tok.text[:1].isupper() and not run):
                continue
            if tok.low in ("and", "or") and run:
                continue  # "of elementary and middle school students": one noun phrase
            if not tok.text.isalpha() or tok.low in lx.STOPWORDS or not tok.text.islower() or tok.low in _MODALS:
                break
            run.append(tok.low)
        return lemma(run[-1]) if run else ""
    return ""


@lru_cache(maxsize=1 << 12)
def mentions(sentence: str) -> tuple[Mention, ...]:
    """The counts and amounts of a sentence, each with the context that names its slot (steps 1-6)."""
    toks = tokens(sentence)
    found = figures(sentence, toks)
    clauses = _clauses(toks)
    in_figure = {k for f in found for k in range(f.first, f.last)}
    modifiers = {id(f) for f in found if _modifies(toks, f)}
    first_at = {c: min((f.first for f in found if c[0] <= f.first < c[1] and id(f) not in modifiers), default=c[1])
                for c in clauses}
    sentence_subject = _subject(sentence, toks, found, modifiers, clauses[0][0], first_at[clauses[0]])
    scope, result = scope_of(sentence, toks), []
    previous: tuple[str, int] | None = None
    measure_before = ""
    for figure in found:
        clause = next(c for c in clauses if c[0] <= figure.first < c[1])
        start, _, earlier = clause
        role, sign = ("modifier", 0) if id(figure) in modifiers else _role(toks, figure.first, previous)
        previous = (role, sign)
        measure = _measure(toks, figure) or (measure_before if earlier else "")
        measure_before = measure or measure_before
        subject = (_subject(sentence, toks, found, modifiers, start, first_at[clause]) or sentence_subject
                   or places(scope))
        forecast = bool({t.low for t in toks[start:figure.first]} & _FORECAST)
        result.append(_mention(sentence, toks, figure, clause, in_figure, (role, sign), measure, subject, scope,
                               forecast, found))
    return tuple(result)


def _modifies(toks: list[Tok], figure: Figure) -> bool:
    """A compound figure qualifying a noun ("the 30-year bond", "a 70-year dispute"): part of a name, not a value."""
    hyphened = figure.last - figure.first >= 3 and toks[figure.last - 2].text == "-"  # "30 - year", not "Fifty-seven"
    return bool(figure.unit) and hyphened and figure.last < len(toks) and toks[figure.last].text.isalpha()


def _subject(sentence: str, toks: list[Tok], found: list[Figure], modifiers: set[int], start: int, end: int
             ) -> frozenset[str]:
    """The names, and compound figures ("10-year"), before a clause's first figure (step 3)."""
    qualifiers = {"".join(t.text for t in toks[f.first:f.last]).lower() for f in found
                  if id(f) in modifiers and start <= f.first < end}
    instruments = {_INSTRUMENTS[t.low] for t in toks[start:end] if t.low in _INSTRUMENTS}
    if "single currency" in " ".join(t.low for t in toks[start:end]):
        instruments.add("euro")
    return _appositive_free_names(sentence, toks, start, end) | qualifiers | instruments


def _appositive_free_names(sentence: str, toks: list[Tok], start: int, end: int) -> frozenset[str]:
    """Names in tokens [start, end), without an appositive after a leading name ("Kevin Rollins, Dell's president,")."""
    comma = next((k for k in range(start, end) if toks[k].text == ","), end)
    leading = _names(sentence, toks, start, comma)
    named_run = comma < end and all(t.text[:1].isupper() for t in toks[start:comma])
    return leading if leading and named_run else _names(sentence, toks, start, end)


def _mention(sentence: str, toks: list[Tok], figure: Figure, clause: tuple[int, int, bool], in_figure: set[int],
             role_sign: tuple[str, int], measure: str, subject: frozenset[str], scope: frozenset[str],
             forecast: bool, found: list[Figure]) -> Mention:
    """A figure with its context (steps 1-6)."""
    start, end, earlier = clause
    role, sign = role_sign
    near_start, near_end = max(start, figure.first - NEAR), min(end, figure.last + NEAR)
    time, days = time_words(toks, start, end)
    if not time and start:  # "..., while the Nasdaq rose", "from 3.12 percent": the moment of the first clause
        time = time_words(toks, 0, start)[0]
    reading, value = figure.reading, figure.value
    if sign < 0:
        reading, value = Reading(-reading.high, -reading.low, -reading.central, reading.step), -value
    levels = [f.unit for f in found if start <= f.first < end and f.unit and f.unit not in ("%", "points", "bp")
              and toks[f.first - 1].low in ("to", "at")] if role == "change" else []
    return Mention(
        text=sentence[toks[figure.first].start:toks[figure.last - 1].end], start=toks[figure.first].start,
        end=toks[figure.last - 1].end, value=value, unit=figure.unit, hedge=figure.hedge, reading=reading,
        role=role, earlier=earlier, subject=subject, scope=scope, forecast=forecast,
        measure=measure, level_unit=levels[0] if levels else "",
        governors=_governors(toks, start, end, in_figure) | subject,
        near=_governors(toks, near_start, near_end, in_figure), time=time, days=days,
        pairs=_word_pairs(toks, start, end, in_figure), words=_all_words(toks),
        complement=_complement(sentence, toks, figure.last, min(end, figure.last + NEAR + 2)),
        place=(places_in(toks, figure.last, end) + places_in(toks, start, figure.first) + [""])[0],
        period=period(toks, found, start, end, figure), excluding=excluding(toks), perfect=perfect(toks, start, end))


def _all_words(toks: list[Tok]) -> frozenset[str]:
    """Every word of a sentence, as written (lower case, no "'s") and as a lemma."""
    return frozenset(lemma(t.low) for t in toks) | {t.low.removesuffix("'s") for t in toks}


def _complement(sentence: str, toks: list[Tok], start: int, end: int) -> frozenset[str]:
    """Names after a preposition that follows a figure ("70 miles southwest of St. Petersburg"), up to a comma."""
    stop = next((k for k in range(start, end) if toks[k].text in (",", ";")), end)
    at = next((k for k in range(start, stop) if toks[k].low in ("of", "for", "from", "to", "at", "outside")), stop)
    return _names(sentence, toks, at, stop)


def _word_pairs(toks: list[Tok], start: int, end: int, in_figure: set[int]) -> frozenset[tuple[str, str]]:
    """Adjacent words of a clause, as written (lower case) when both are content words: ("private", "colleges")."""
    keep = [k for k in range(start, end) if (k not in in_figure or _compound_word(toks, k))
            and toks[k].text.isalnum() and toks[k].low not in lx.STOPWORDS and toks[k].low not in TIME_WORDS]
    written = [t.text if k else t.low for k, t in enumerate(toks)]  # a sentence's first capital is no name's
    return frozenset((written[k], written[n]) for k, n in itertools.pairwise(keep) if n == k + 1)


def _compound_word(toks: list[Tok], k: int) -> bool:
    """The word of a compound figure ("10-year note"), which still qualifies the noun after it."""
    return k > 1 and toks[k - 1].text == "-" and toks[k - 2].text[:1].isdigit()
