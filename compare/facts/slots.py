"""Conflicting numbers, dates and names between two sentences, slot by slot.

Two numbers in two sentences on one story usually count different things
("a first visit in 11 years", "a dispute of 70 years") or hold for different
times ("at the close", "in afternoon trading"). A conflict is reported only
when both numbers fill the same *slot*: the same thing measured, of the same
subject, in the same scope, at the same time, and their readings
(:mod:`compare.figures`: "almost three hours" is 2.7-3 h) cannot both be true.

1. Clauses. A sentence is cut at "while", "but", dashes and semicolons, and
   at words opening an earlier moment ("after", "following", "having",
   "compared", "versus", "from" before a figure); a clause holding "a year
   earlier", "year-ago" or "previous" is an earlier moment too. A figure in
   an earlier-moment clause only meets figures in earlier-moment clauses.
2. Role. A figure after "to"/"at" is a level, after "from" an earlier
   level, after "as high as" an extreme, after a movement word ("rose", "was
   down", "tacked on") or "or" following a change a change, with the
   movement's direction as its sign, so "fell 2" and "rose 2" disagree.
   Roles must match ("" meets "level"). A compound figure before a noun
   ("30-year bond", "three-month high") names a thing and never conflicts.
3. Subject. The names (and compound figures) before the first figure of the
   figure's clause: disjoint subjects separate ("Nasdaq"/"S&P"), and so do
   disjoint rare names (below ``DISTINCTIVE_ZIPF``) when a common one is
   shared ("Mitsubishi Tokyo Financial"/"Sumitomo Mitsui Financial"); so do
   disjoint complements ("southwest of St. Petersburg"/"of Cedar Key") and
   places ("troops in South Korea"/"in Asia").
4. Scope and mode. Disjoint scope words ("nationwide"/"worldwide"), a
   forecast against an outcome, different exclusions ("excluding autos"
   against "overall"; "each" against "combined") and different periods
   ("over the past 15 months"/"in the past six weeks") separate.
5. Measure. The nouns of "a profit of $354 million", "3 percent of the
   fat" or "296 people" must match when both figures have one (bare counts
   must always say what they count alike); a change carries the unit of its
   clause's level (the dollar against the franc is not against the yen); a
   shared word qualified differently in each clause separates ("private
   colleges"/"public colleges", "operating loss"/"operating revenue"), unless
   the word marks an extreme ("a record high hit"/"its highest level").
6. Time. For prices and levels (roles of step 2) times of day and
   aggregation periods ("close", "afternoon", "last", "9:33 a.m.", "for the
   week") must be written alike; for other figures they separate only when
   both give one. Dates separate when they differ within a kind
   (:mod:`compare.slottime`; "the quarter ended June 29" is the second).
7. Alignment. Figures passing 1-6 with the same unit class (a bare figure
   may be index points; "$1.84" and "$1.83 a share" are both prices) are
   scored by the rarity-weighted overlap of the words governing them (their
   clause, and the ``NEAR`` words either side); agreeing pairs scoring at
   least ``SLOT_MIN`` are matched first, one to one, then the remaining
   pairs scoring at least ``SLOT_MIN``, best first: those disagree.
8. Shifted moments. When a figure one sentence gives for now is the figure
   the other gives for an earlier moment (A: "fell 10.75 points"; B: "after
   sinking 10.75 yesterday"), or their earlier moments are dated
   differently, the sentences describe different days: no conflict.
9. Corroboration. Two sentences can pair figures by all of 1-7 and still be
   about different things (two notes' yields, two polls' margins). A
   disagreement is reported only when something else shows the slot is
   shared: the sentences agree on another aligned figure ("to 1,039.32" in
   both), or the two figures' subjects share a name ("Nasdaq", "Oracle"),
   or the sentences are the same words once figures are masked (token-set
   ratio at least ``SAME_WORDS``), or the two figures' governing words
   overlap by at least ``STRONG_SLOT`` in sentences naming one rare name
   ("Twenty-eight people ... St Sophia's camp" / "Twenty-seven people ...
   Saint Sophia Camp"), or the caller vouches that they state one fact
   (``same_fact``). Subjects compare after resolving titles the articles
   gave people ("the Russian president" is Putin).
10. Severity. A conflict is "approximate" when either figure is hedged (or
    a range) and "hard" when both are exact.

Steps 1-6 read each figure's context (:mod:`compare.slotcontext`,
:mod:`compare.slotscope`, :mod:`compare.slottime`); figures and readings
come from :mod:`compare.figures`, :mod:`compare.numerals` and
:mod:`compare.readings`; dates and names from :mod:`compare.slotnames`.
This module aligns and reports, and is the public API of all of them. Only
the standard library, rapidfuzz, simplemma, wordfreq and
``compare.lexicon`` are used, so the modules can move into a facts package
unchanged.
"""


from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from types import MappingProxyType

from rapidfuzz import fuzz
from wordfreq import zipf_frequency

from compare.facts import lexicon as lx
from compare.facts.figures import DOWN, UNITS, UP, compatible, lemma, rarity
from compare.facts.slot_context import PREPOSITIONS, Mention, SlotConflict, mentions
from compare.facts.slot_names import date_conflicts, name_conflicts
from compare.facts.slot_scope import GENERIC_NAMES
from compare.facts.slot_time import days_differ

__all__ = ["Mention", "SlotConflict", "align", "all_conflicts", "date_conflicts", "mentions", "name_conflicts",
           "number_conflicts", "slot_score"]

_DIGITS = re.compile(r"\d[\d.,/]*")
_WORD = re.compile(r"[^\W\d_]+")


def _words(text: str) -> frozenset[str]:
    """A word set written as one string, which keeps long lists readable."""
    return frozenset(text.split())


_PLAIN_ADJECTIVES = _words(  # too plain to tell two measured things apart
    "first last next initial final old other same such own major minor recent further latest early late "
    "overall average big small large high low"
)
_EXTREMES = _words("high low record peak")  # "a record high hit" / "its highest level": one extreme, told two ways

SAME_WORDS = 85  # rapidfuzz token-set ratio of the figure-masked sentences that corroborates a conflict
SLOT_MIN = 0.25  # governing-word overlap from which two figures fill one slot
DISTINCTIVE_ZIPF = 4.5  # names rarer than this tell subjects apart even when a common name is shared
STRONG_SLOT = 0.7  # governing-word overlap that, with a rare name both sentences share, corroborates (step 9)


def _modifier(word: str) -> bool:
    """A word that can qualify what a figure measures: not a verb form, a reporting or a movement word."""
    low = word.lower()
    verb_form = low.endswith(("ed", "ing")) and lemma(low) != low  # "averaged", "operating"; not "speed"
    plain = low in _PLAIN_ADJECTIVES or low in lx.ATTRIBUTION_VERBS or low in UP | DOWN or low in PREPOSITIONS
    return not verb_form and not plain and lemma(low) not in UNITS


def _head(word: str) -> bool:
    """A word two clauses can qualify differently: a content word, not a name, a preposition or a unit."""
    low = word.lower()
    return word.isalpha() and (word.islower() or low in GENERIC_NAMES) and low not in PREPOSITIONS and (
        lemma(low) not in UNITS) and lemma(low) not in _EXTREMES


def _contrasted(a: Mention, b: Mention) -> bool:
    """Each clause qualifies a shared word differently: "private colleges"/"public colleges" (step 5)."""
    for x_pair in a.pairs:
        for y_pair in b.pairs:
            for side in (0, 1):
                shared, x, y = x_pair[side], x_pair[1 - side], y_pair[1 - side]
                if lemma(shared.lower()) != lemma(y_pair[side].lower()) or not _head(shared) or not _head(
                        y_pair[side]) or x.lower() == y.lower():
                    continue
                if lemma(x.lower()) not in b.words and lemma(y.lower()) not in a.words and _modifier(x) and (
                        _modifier(y)):
                    return True
    return False


def _weight(words: frozenset[str]) -> float:
    return sum(rarity(w) for w in words)


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Rarity-weighted share of the smaller word set found in the other; 1 when either is empty."""
    smaller = min(_weight(a), _weight(b))
    return _weight(a & b) / smaller if smaller else 1.0


def _separated(a: Mention, b: Mention) -> bool:
    """Whether a rule of steps 1-6 puts the two figures in different slots."""
    price = {a.role, b.role} & {"change", "level", "from"}  # "$1.84" and "$1.83 a share" are both share prices
    units = {u.removesuffix("/share") if price else u for u in (a.unit, b.unit)}
    if len(units) > 1 and units != {"", "points"}:
        return True
    if (a.role != b.role and {a.role, b.role} != {"", "level"}) or a.earlier != b.earlier:
        return True
    if _other_subjects(a, b):
        return True
    if a.scope and b.scope and not a.scope & b.scope:
        return True
    if a.forecast != b.forecast or (a.measure and b.measure and a.measure != b.measure):
        return True
    levels = {a.level_unit.removesuffix("/share"), b.level_unit.removesuffix("/share")}
    if (a.level_unit and b.level_unit and len(levels) > 1) or _contrasted(a, b):
        return True
    if not a.unit and not b.unit and a.measure != b.measure:
        return True  # "the three were charged" is not "two women": a bare count must say what it counts alike
    if a.complement and b.complement and not a.complement & b.complement:
        return True  # "70 miles southwest of St. Petersburg" / "75 miles southwest of Cedar Key"
    if a.perfect != b.perfect and not (a.role or b.role):
        return True  # "26.5 million shares changed hands" (the day's) / "11.8 million have changed hands" (so far)
    if (a.period and b.period and a.period != b.period) or (a.place and b.place and a.place != b.place):
        return True  # "over the last three months" / "since May"; "troops in South Korea" / "in Asia"
    if a.excluding != b.excluding and (("(all)" in a.excluding | b.excluding) or (a.excluding and b.excluding)):
        return True  # "excluding autos" is not "overall"; two exclusions must leave out the same
    moving = {a.role, b.role} & {"change", "level", "extreme", "from"}  # a price or a level moves within the day
    if a.time != b.time and (moving or (a.time and b.time)):
        return True
    return days_differ(a.days, b.days)


def _disjoint(a: frozenset[str], b: frozenset[str]) -> bool:
    return bool(a and b and not a & b)


def _other_subjects(a: Mention, b: Mention) -> bool:
    """Disjoint subjects that neither sentence mentions in the other ("Nasdaq"/"S&P"); the rare names decide
    when a common one is shared ("Mitsubishi Tokyo Financial"/"Sumitomo Mitsui Financial")."""
    if (a.subject - b.subject) & b.words or (b.subject - a.subject) & a.words:
        return False  # "Catholic Church officials" / "A Catholic priest": the other sentence names it too
    return _disjoint(_distinctive(a.subject), _distinctive(b.subject)) or _disjoint(a.subject, b.subject)


def _distinctive(names: frozenset[str]) -> frozenset[str]:
    """The names rare enough to tell two subjects apart ("mitsubishi", not "financial")."""
    return frozenset(n for n in names if zipf_frequency(n, "en") < DISTINCTIVE_ZIPF)


def slot_score(a: Mention, b: Mention) -> float:
    """How surely two figures fill one slot: 0 when steps 1-6 separate them, else their governing-word overlap."""
    if _separated(a, b):
        return 0.0
    return 0.5 * _overlap(a.governors, b.governors) + 0.5 * _overlap(a.near, b.near)


def align(a: tuple[Mention, ...], b: tuple[Mention, ...]) -> list[tuple[int, int, float]]:
    """One-to-one pairs of figures filling one slot (step 7): agreeing pairs first, then the best of the rest."""
    scored = [(slot_score(x, y), i, j) for i, x in enumerate(a) for j, y in enumerate(b)]
    scored = sorted((s for s in scored if s[0] >= SLOT_MIN), key=lambda s: (-s[0], s[1], s[2]))
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs: list[tuple[int, int, float]] = []
    for agreeing in (True, False):
        for score, i, j in scored:
            if i not in used_a and j not in used_b and compatible(a[i].reading, b[j].reading) == agreeing:
                used_a.add(i)
                used_b.add(j)
                pairs.append((i, j, score))
    return pairs


def _shifted(a: tuple[Mention, ...], b: tuple[Mention, ...]) -> bool:
    """The sentences describe different days (step 8): one's current figure is the other's earlier one, or
    their earlier-moment figures are dated differently ("from 4.39 late Friday" / "from 4.36 late Monday")."""
    if any(x.earlier and y.earlier and days_differ(x.days, y.days) for x in a for y in b):
        return True
    return any(x.earlier != y.earlier and {x.unit, y.unit} in ({x.unit}, {"", "points"}) and x.reading.step
               and y.reading.step
               and abs(x.value) == abs(y.value) and abs(x.value) not in (0.0, 1.0) for x in a for y in b)


_UNIT_WORDS = MappingProxyType({"h": "hours", "%": "percent", "USD": "dollars", "m": "metres", "kg": "kilograms",
               "pp": "points",
               "bp": "basis points", "": "figure"})


def _slot_name(a: Mention, b: Mention) -> str:
    """The slot in a few words: whose figure (or its two rarest shared words), what it measures, and its role."""
    subject = sorted(a.subject & b.subject) or sorted(a.near & b.near - {a.measure}, key=lambda w: -rarity(w))[:2]
    measure = a.measure or b.measure or _UNIT_WORDS.get(a.unit or b.unit, a.unit or b.unit)
    role = {"change": "change", "level": "level", "from": "earlier level"}.get(a.role or b.role, "")
    return " ".join(w for w in (*subject, measure, role) if w)


_NAME = re.compile(r"(?<!^)(?<![.!?] )\b[A-Z][a-z]+")  # a capitalised word that does not open a sentence


def _shared_rare_name(a: str, b: str) -> bool:
    """Both sentences name something rare ("Sophia", "Baghdad"; below ``DISTINCTIVE_ZIPF``): one story (step 9)."""
    names_a, names_b = ({w.lower() for w in _NAME.findall(text)} for text in (a, b))
    return any(zipf_frequency(w, "en") < DISTINCTIVE_ZIPF for w in names_a & names_b)


def _same_but_figures(a: str, b: str) -> bool:
    """The two sentences say the same words once their figures are masked (step 9): one sentence, two figures."""
    masked_a, masked_b = (_DIGITS.sub("#", text.lower()) for text in (a, b))
    return fuzz.token_set_ratio(masked_a, masked_b) >= SAME_WORDS


def _lemma_phrase(text: str) -> str:
    """The lemmas of a text's words, space separated and padded, so phrases are found whole."""
    return f" {' '.join(lemma(w) for w in _WORD.findall(text.lower()))} "


def _resolved(found: tuple[Mention, ...], sentence: str, aliases: Mapping[str, str] | None) -> tuple[Mention, ...]:
    """Mentions whose subject is a description the article resolved ("the Russian president" -> putin) carry
    the person's key in their subject too, so "Putin landed" and "the Russian president's plane" share one."""
    written = _lemma_phrase(sentence)
    described = [(frozenset(_lemma_phrase(phrase).split()), key) for phrase, key in (aliases or {}).items()
                 if len(phrase.split()) > 1 and _lemma_phrase(phrase) in written]
    out = []
    for m in found:
        keys = frozenset(key for words, key in described if m.subject and m.subject <= words)
        out.append(replace(m, subject=m.subject | keys, governors=m.governors | keys) if keys else m)
    return tuple(out)


def number_conflicts(a: str, b: str, same_fact: bool = False, aliases_a: Mapping[str, str] | None = None,
                     aliases_b: Mapping[str, str] | None = None) -> tuple[SlotConflict, ...]:
    """Figures of sentences ``a`` and ``b`` that fill one slot with incompatible values.

    ``same_fact``: the caller has judged the two sentences to state the same
    fact (an aligner did), which stands in for the corroboration of step 10.
    ``aliases_a``/``aliases_b``: descriptions each article resolved to people (see :func:`_resolved`).
    """
    found_a, found_b = _resolved(mentions(a), a, aliases_a), _resolved(mentions(b), b, aliases_b)
    if _shifted(found_a, found_b):
        return ()
    pairs = [(found_a[i], found_b[j], score) for i, j, score in align(found_a, found_b)]
    agreed = any(compatible(x.reading, y.reading) for x, y, _ in pairs) or _same_but_figures(a, b)
    conflicts = []
    for x, y, score in pairs:
        if compatible(x.reading, y.reading) or "modifier" in (x.role, y.role):
            continue
        if same_fact or agreed or x.subject & y.subject or (score >= STRONG_SLOT and _shared_rare_name(a, b)):
            severity = "approximate" if x.hedge or y.hedge else "hard"
            conflicts.append(SlotConflict("number", _slot_name(x, y), x.text, y.text, (x.start, x.end),
                                          (y.start, y.end), severity))
    return tuple(sorted(conflicts, key=lambda c: c.a_span))


def all_conflicts(a: str, b: str, aliases_a: Mapping[str, str] | None = None,
                  aliases_b: Mapping[str, str] | None = None, same_fact: bool = False) -> tuple[SlotConflict, ...]:
    """Number, date and name conflicts of two sentences, in that order (see :func:`number_conflicts`)."""
    if a == b:
        return ()  # a reprint's sentence: most aligned pairs of a run, and never a conflict
    numbers = number_conflicts(a, b, same_fact, aliases_a, aliases_b)
    return numbers + date_conflicts(a, b) + name_conflicts(a, b, aliases_a, aliases_b)
