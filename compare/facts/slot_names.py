"""Conflicting dates and names between two sentences, slot by slot.

A date conflicts only with a date of the *same event*; a name only with a
name in the *same role*. "first visit in 11 years ... 2012" and "a dispute
since 2014" are two events; "Mr Abe said the two leaders talked" and "The
Japanese prime minister said he and Mr Putin ..." name the same speaker
once "the Japanese prime minister" is resolved to Abe.

Dates:

1. A date is a calendar day ("July 3", "Dec. 15, 2016", "15 December"), a
   year ("in 1998") or a weekday; it is read as (year, month, day, weekday),
   each part possibly unknown.
2. Its event is the stems of the content words of its clause (a clause
   ends at "while", "after", "but", "since", a semicolon or a dash), and its
   relation is the preposition before it ("in", "since", "until", "by").
3. Two dates are of one event when their relations agree and the smaller
   of their event word sets overlaps the other by at least ``SAME_EVENT``
   (weighted by rarity; stems, so "sentenced" meets "sentencing") and they
   share at least ``MIN_SHARED`` words. A maturity ("the note maturing in
   2008") names an instrument and is no event date. Dates
   are paired best first, one to one; the words within ``EVENT_WINDOW``
   tokens break ties (weight ``NEAR_TIE``), so "bought in 1995" and "sold
   in 1998" of one clause meet the right date of the other sentence.
4. They conflict when a calendar part both give differs ("July 3"/"July
   30": day; 2012/2014: year); "July" against "July 3" is no conflict, and
   weekdays never conflict (two weekdays are nearly always two occurrences:
   Monday's arrests, Friday's arrests). A year after a name ("SQL Server
   2000", "Act 2001") is no date. Conflicts are "hard".

Names:

5. People are runs of capitalised words after a title ("President Vladimir
   Putin", "Mr Abe") or of two or three capitalised words, keyed by the
   last word; a lone capitalised word is a person when the pair names it in
   full elsewhere or the alias map knows it. Descriptions and pronouns ("the
   Japanese prime minister", "he") are people only through ``aliases``, a
   map from the lower-case phrase to a person key, built by the caller from
   the article (who "he" was, whom the epithet stands for).
6. A person's role is the verb after it when it opens its clause (its
   subject: "Mr Abe said"), else the verb or preposition before it ("met
   Putin", "with Mr Putin"); reporting verbs are one role.
7. Two people conflict when they fill the same role, differ after aliases,
   and neither is named anywhere in the other sentence (otherwise the
   sentences only order them differently). Conflicts are "hard".

Only the standard library, simplemma, wordfreq and ``compare.lexicon`` are
used (through :mod:`compare.figures`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from compare.facts import lexicon as lx
from compare.facts.figures import Tok, lemma, rarity, tokens
from compare.facts.slot_context import SlotConflict

EVENT_WINDOW = 6  # tokens either side of a date whose words name its event
SAME_EVENT = 0.6  # weighted overlap of clause words from which two dates are one event
MIN_SHARED = 2  # event words two dates must share: one shared name ("Casals") is not an event
NEAR_TIE = 0.1  # weight of the words near each date, which pair the dates of one clause
ROLE_WINDOW = 4  # tokens after a subject, or before an object, searched for its verb

_RELATIONS = frozenset({"in", "on", "since", "until", "by", "before", "after", "from", "through", "during", "for"})
_CLAUSE_ENDS = frozenset({"while", "after", "but", "since", "whereas", ";", "--", "—"})
_PEOPLE_TITLES = lx.TITLES - {"foreign", "general", "chief", "leader"} | {"sen", "rep", "gov", "gen"}
_REPORTING = "(say)"
_GOVERNING = frozenset({"with", "by", "for", "against", "to", "than"})


@dataclass(frozen=True)
class DateMention:
    """A date as written, its parts (0 when not given) and the words naming its event."""

    text: str
    start: int
    end: int
    year: int
    month: int
    day: int
    weekday: str
    relation: str
    event: frozenset[str]  # the words of its clause
    near: frozenset[str]  # the words within EVENT_WINDOW tokens, which tell two dates of one clause apart


@dataclass(frozen=True)
class Person:
    """A person as written, the key it resolves to, and the role it fills."""

    text: str
    start: int
    end: int
    key: str
    role: str


def _stem(word: str) -> str:
    """A lemma cut to six letters, so "sentenced" and "sentencing" meet."""
    return lemma(word)[:6]


def _event(toks: list[Tok], first: int, last: int, window: int) -> frozenset[str]:
    """Stems of the content words within ``window`` tokens of a date, in its clause."""
    start, end = first, last
    while start > max(0, first - window) and toks[start - 1].low not in _CLAUSE_ENDS:
        start -= 1
    while end < min(len(toks), last + window) and toks[end].low not in _CLAUSE_ENDS:
        end += 1
    return frozenset(_stem(t.low) for t in toks[start:first] + toks[last:end]
                     if t.text.isalpha() and t.low not in lx.STOPWORDS and t.low not in lx.MONTHS
                     and t.low not in lx.WEEKDAYS)


_MONTH = "|".join(sorted(lx.MONTHS, key=len, reverse=True))
_DATE = re.compile(
    rf"\b(?:(?P<m1>{_MONTH})\.?\s+(?P<d1>\d{{1,2}})(?!\d)(?:,?\s+(?P<y1>\d{{4}}))?"
    rf"|(?P<d2>\d{{1,2}})\s+(?P<m2>{_MONTH})\b\.?(?:,?\s+(?P<y2>\d{{4}}))?"
    rf"|(?P<m3>{_MONTH})\.?\s+(?P<y3>\d{{4}})"
    rf"|(?<![\d,.$])(?P<y4>1[89]\d\d|20\d\d)(?![\d%]|[.,]\d|\s*(?:percent|per cent))"
    rf"|(?P<w>{'|'.join(sorted(lx.WEEKDAYS))}))\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=1 << 12)
def dates(sentence: str) -> tuple[DateMention, ...]:
    """Calendar days, months of a year, years and weekdays of a sentence, with their events (steps 1-2)."""
    toks = tokens(sentence)
    found = []
    for m in _DATE.finditer(sentence):
        if m.group().split()[0].lower() == "may" and not (m.group("y1") or m.group("y3")):
            continue  # "may" is mostly a verb
        if m.group("y4") and re.search(r"[A-Z][\w&]*\s+$", sentence[:m.start()]) and not re.search(
                rf"\b(?:{_MONTH}|In|By|Since|Until)\.?\s+$", sentence[:m.start()], re.IGNORECASE):
            continue  # "SQL Server 2000", "Act 2001": a year in a name
        if re.search(r"\b(?:maturing|matures|mature|due|expiring|expires)\s+(?:in\s+|on\s+)?$", sentence[:m.start()]):
            continue  # "the note maturing in 2008": the date names the note
        if m.group("y4") and re.search(r"\d\S*(?:\s+\S+){0,3}\s+(?:in|for|during)\s+$", sentence[:m.start()]):
            continue  # "fell to 17 in 1996": the year dates a figure, it is no event
        month_name = m.group("m1") or m.group("m2") or m.group("m3")
        first = next(k for k, t in enumerate(toks) if t.end > m.start())
        last = next((k for k, t in enumerate(toks) if t.start >= m.end()), len(toks))
        relation = toks[first - 1].low if first and toks[first - 1].low in _RELATIONS else ""
        found.append(DateMention(
            m.group(), m.start(), m.end(), int(m.group("y1") or m.group("y2") or m.group("y3") or m.group("y4") or 0),
            lx.MONTHS[month_name.lower()] if month_name else 0, int(m.group("d1") or m.group("d2") or 0),
            (m.group("w") or "").lower(), relation, _event(toks, first, last, len(toks)),
            _event(toks, first, last, EVENT_WINDOW)))
    return tuple(found)


def _one_event(a: DateMention, b: DateMention) -> float:
    """Weighted overlap of two dates' event words, 0 when their relations differ (step 3)."""
    if a.relation != b.relation and {a.relation, b.relation} - {"", "in", "on"}:
        return 0.0
    return _overlap(a.event, b.event) + NEAR_TIE * _overlap(a.near, b.near)


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    weight = lambda words: sum(rarity(w) for w in words)  # noqa: E731
    smaller = min(weight(a), weight(b))
    return weight(a & b) / smaller if smaller else 0.0


def _differ(a: DateMention, b: DateMention) -> bool:
    """A part both dates give differs (step 4)."""
    parts = ((a.year, b.year), (a.month, b.month), (a.day, b.day))
    return any(x and y and x != y for x, y in parts)


def date_conflicts(a: str, b: str) -> tuple[SlotConflict, ...]:
    """Dates of sentences ``a`` and ``b`` given for the same event that cannot both be true."""
    found_a, found_b = dates(a), dates(b)
    scored = sorted(((_one_event(x, y), i, j) for i, x in enumerate(found_a) for j, y in enumerate(found_b)),
                    key=lambda s: (-s[0], s[1], s[2]))
    used_a: set[int] = set()
    used_b: set[int] = set()
    conflicts = []
    for score, i, j in scored:
        if score < SAME_EVENT or len(found_a[i].event & found_b[j].event) < MIN_SHARED or i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        x, y = found_a[i], found_b[j]
        if _differ(x, y):
            slot = " ".join(sorted(x.event & y.event, key=lambda w: -rarity(w))[:3]) + " (date)"
            conflicts.append(SlotConflict("date", slot.strip(), x.text, y.text, (x.start, x.end),
                                          (y.start, y.end), "hard"))
    return tuple(conflicts)


def _capitalised(tok: Tok) -> bool:
    return tok.text[:1].isupper() and tok.low.replace("'", "").isalpha() and tok.low not in lx.NOT_NAMES


def _person_runs(toks: list[Tok], known: frozenset[str]) -> list[tuple[int, int, str]]:
    """Token ranges of people and their keys (step 5): after a title, two or three names, or a known surname."""
    found: list[tuple[int, int, str]] = []
    k = 0
    while k < len(toks):
        titled = toks[k].low.rstrip(".") in _PEOPLE_TITLES and toks[k].text[:1].isupper()
        start = k + 1 if titled else k
        if titled and start < len(toks) and toks[start].text == ".":
            start += 1
        end = start
        while end < len(toks) and end - start < 3 and _capitalised(toks[end]) and toks[end].low not in lx.TITLES:
            end += 1
        words = [t.low.removesuffix("'s") for t in toks[start:end]]
        plain = words and not any(w in lx.PLACES or w in lx.DEMONYMS or w in lx.ORG_WORDS for w in words)
        if plain and (titled or len(words) >= 2 or words[-1] in known) and not (start == 0 and len(words) == 1
                                                                              and words[0] not in known):
            found.append((k, end, words[-1]))
            k = end
        else:
            k += 1
    return found


def _aliases_in(toks: list[Tok], aliases: Mapping[str, str], taken: set[int]) -> list[tuple[int, int, str]]:
    """Descriptions and pronouns the caller resolved ("the japanese prime minister" -> "abe")."""
    found = []
    lows = [t.low for t in toks]
    for phrase, key in sorted(aliases.items(), key=lambda item: -len(item[0].split())):
        words = phrase.lower().split()
        for k in range(len(lows) - len(words) + 1):
            span = set(range(k, k + len(words)))
            if lows[k:k + len(words)] == words and not span & taken:
                found.append((k, k + len(words), key.lower()))
                taken |= span
    return found


def _role(toks: list[Tok], start: int, end: int) -> str:
    """The verb a person is the subject of ("Abe said" -> "(say)"), else the word governing it (step 6).

    A person opens its clause when no lower-case word stands between the
    clause's start (a comma, "and", "but") and it: "Russian President Putin
    said", "On Friday, Putin said".
    """
    k = start
    while k > 0 and toks[k - 1].text not in (",", ";") and toks[k - 1].low not in ("and", "but", "while"):
        if toks[k - 1].text.isalpha() and toks[k - 1].text.islower() and toks[k - 1].low not in ("the", "a"):
            break
        k -= 1
    opens = k == 0 or not (toks[k - 1].text.isalpha() and toks[k - 1].text.islower()) or toks[k - 1].low in (
        "and", "but", "while")
    window = toks[end:end + ROLE_WINDOW] if opens else toks[max(0, start - ROLE_WINDOW):start][::-1]
    for tok in window:
        if tok.low in lx.ATTRIBUTION_VERBS:
            return ("subject " if opens else "object ") + _REPORTING
        if tok.text.isalpha() and tok.text.islower() and (tok.low not in lx.STOPWORDS or tok.low in _GOVERNING):
            return ("subject " if opens else "object ") + lemma(tok.low)
    return ""


def people(sentence: str, aliases: Mapping[str, str] | None = None, known: frozenset[str] = frozenset()
           ) -> tuple[Person, ...]:
    """The people of a sentence with their keys and roles; ``aliases`` resolves descriptions and pronouns."""
    toks = tokens(sentence)
    aliases = {k.lower(): v for k, v in (aliases or {}).items()}
    runs = _person_runs(toks, known | frozenset(aliases.values()))
    runs = [(s, e, aliases.get(" ".join(t.low for t in toks[s:e]), key)) for s, e, key in runs]
    taken = {k for s, e, _ in runs for k in range(s, e)}
    runs += _aliases_in(toks, aliases, taken)
    return tuple(Person(sentence[toks[s].start:toks[e - 1].end], toks[s].start, toks[e - 1].end, key,
                        _role(toks, s, e)) for s, e, key in sorted(runs))


def name_conflicts(a: str, b: str, aliases_a: Mapping[str, str] | None = None,
                   aliases_b: Mapping[str, str] | None = None) -> tuple[SlotConflict, ...]:
    """People of ``a`` and ``b`` filling the same role who differ and are not both named in each (step 7).

    ``aliases_a``/``aliases_b`` map lower-case descriptions and pronouns of
    each article to person keys (surnames): {"the japanese prime minister":
    "abe", "he": "abe"}. Unresolved descriptions never conflict.
    """
    found_a = people(a, aliases_a, _full_names(a, b))
    found_b = people(b, aliases_b, _full_names(a, b))
    keys_a, keys_b = {p.key for p in found_a}, {p.key for p in found_b}
    conflicts = []
    for x in found_a:
        for y in found_b:
            if x.role and x.role == y.role and x.key != y.key and x.key not in keys_b and y.key not in keys_a:
                conflicts.append(SlotConflict("name", _role_name(x.role), x.text, y.text, (x.start, x.end),
                                              (y.start, y.end), "hard"))
    return tuple(conflicts)


def _role_name(role: str) -> str:
    """ "subject (say)" -> "speaker"; "object meet" -> "object of meet"."""
    side, verb = role.split(" ", 1)
    return "speaker" if verb == _REPORTING and side == "subject" else f"{side} of {verb}"


def _full_names(a: str, b: str) -> frozenset[str]:
    """Surnames the pair names in full ("Vladimir Putin"), so a lone "Putin" elsewhere is a person."""
    return _surnames(a) | _surnames(b)


@lru_cache(maxsize=1 << 12)
def _surnames(sentence: str) -> frozenset[str]:
    return frozenset(key for _, _, key in _person_runs(tokens(sentence), frozenset()))
