"""Entities, quotes and attributions found in one sentence (counts and amounts: ``compare.facts.quantities``).

No NER model is used: a documented heuristic over capitalised word runs is
enough for news copy and needs nothing beyond the standard library. A run
of capitalised words is split at demonyms ("Russian") and titles
("President"), then typed from the gazetteers in ``compare.facts.lexicon``: a run
after a title or of two or more plain names is a person, a run with an
organisation word is an organisation, a known place or demonym is a place.
Every entity carries a ``key`` used to match it across articles: a person's
surname ("putin" for "Vladimir Putin" and "Putin"), a place's canonical name.

All spans are offsets into the article's text, like every other span.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from compare.facts import lexicon as lx
from compare.models import Span
from compare.typography import fold_apostrophes

_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|\$|€|£|%|\d+(?:[.,]\d+)*|\w+(?:[-'’]\w+)*")
_QUOTE = re.compile(r"“([^”]{2,}?)”|\"([^\"]{2,}?)\"|‘([^’]{3,}?)’(?!\w)")
_PRONOUNS = frozenset({"he", "she", "they", "him", "her"})
_NOT_ENTITY = frozenset(lx.MONTHS) | lx.WEEKDAYS | {"ist", "gmt", "utc", "am", "pm"}


@dataclass(frozen=True)
class Entity:
    """A person, place, organisation or other name, as written, with its matching key."""

    text: str
    key: str
    kind: str
    span: Span


@dataclass(frozen=True)
class Quantity:
    """A number with its unit normalised: "more than seven decades" is 70 years, qualifier "+"."""

    text: str
    value: float
    unit: str
    qualifier: str
    span: Span

    @property
    def label(self) -> str:
        """The normalised reading, e.g. "70+ years", "~3 h", "2.5 h", "1945"."""
        number = f"{self.value:g}"
        for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
            if self.value >= size and self.unit != "year (date)":
                number = f"{self.value / size:g} {word}"
                break
        prefix = "~" if self.qualifier == "~" else ("<" if self.qualifier == "<" else "")
        suffix = "+" if self.qualifier == "+" else ""
        unit = f" {self.unit}" if self.unit and self.unit != "year (date)" else ""
        return f"{prefix}{number}{suffix}{unit}"


@dataclass(frozen=True)
class Quote:
    """Text inside quotation marks and, when attributed, who said it (entity key)."""

    text: str
    span: Span
    speaker: str | None = None


@dataclass(frozen=True)
class Attribution:
    """A reporting verb and the words naming its speaker, as the outlet wrote them."""

    verb: str
    speaker: str | None
    speaker_text: str
    span: Span

    @property
    def loaded(self) -> bool:
        return self.verb.lower() in lx.LOADED_ATTRIBUTION


class Token(NamedTuple):
    """A word as written, its absolute offsets, and ``low``: lower case, no possessive "'s".

    A named tuple, not a dataclass: an article makes thousands and building
    them was a fifth of the fact layer's time.
    """

    text: str
    start: int
    end: int
    low: str


def _low(word: str) -> str:
    return fold_apostrophes(word.lower()).removesuffix("'s")


def tokens(text: str, offset: int = 0) -> list[Token]:
    """Word, number and currency tokens with absolute offsets."""
    return [Token(w := m.group(), offset + m.start(), offset + m.end(), _low(w)) for m in _TOKEN.finditer(text)]


@lru_cache(maxsize=1 << 16)
def low_words(text: str) -> tuple[str, ...]:
    """The ``low`` form of each token of ``text``; memoised, as the same sentences meet in many pairs."""
    return tuple(_low(w) for w in _TOKEN.findall(text))


def _is_cap(token: Token) -> bool:
    return token.text[:1].isupper() and token.low not in ("i",)


def _cap_runs(toks: list[Token], text: str, offset: int) -> list[list[Token]]:
    """Maximal runs of capitalised tokens; "of" may join two runs ("Bank of Japan")."""
    gaps = [i > 0 and bool(text[toks[i - 1].end - offset : toks[i].start - offset].strip()) for i in range(len(toks))]
    runs: list[list[Token]] = []
    current: list[Token] = []
    for index, token in enumerate(toks):
        joiner = token.low == "of" and current and index + 1 < len(toks) and _is_cap(toks[index + 1])
        if current and gaps[index]:  # punctuation between two capitalised words ends a name
            runs.append(current)
            current = []
        if (_is_cap(token) or joiner) and token.low not in _NOT_ENTITY:
            if index == 0 and token.low in lx.NOT_NAMES:
                continue
            current.append(token)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return [r for r in runs if not (len(r) == 1 and r[0].low in lx.NOT_NAMES)]


def _clean(word: str) -> str:
    """A name as written, without a possessive ending."""
    return word.removesuffix("’s").removesuffix("'s")


def _place_key(words: str) -> str | None:
    if words in lx.DEMONYMS:
        return lx.DEMONYMS[words]
    if words in lx.PLACES:
        return words.title()
    last = words.split()[-1] if words else ""
    if len(words.split()) > 1 and last in lx.PLACES and last not in ("union", "states"):
        return words.title()
    return None


def _typed(run: list[Token], after_title: bool) -> Entity:
    text = " ".join(_clean(t.text) for t in run)
    words = " ".join(t.low for t in run)
    span = Span(run[0].start, run[-1].end)
    place = _place_key(words)
    if place:
        return Entity(text, place.lower(), "place", span)
    if any(t.low in lx.ORG_WORDS for t in run):
        return Entity(text, words, "organisation", span)
    is_person = after_title or (1 < len(run) <= 3 and not any(w.isdigit() or len(w) < 2 for w in words.split())
                                and run[0].low != "the")  # "The FNV": a name after "the" is no person's
    if is_person and not any(t.low in ("war", "ii", "states", "territories", "media") for t in run):
        return Entity(text, run[-1].low, "person", span)
    return Entity(text, words, "other", span)


def _split_run(run: list[Token]) -> list[Entity]:
    """Split "Russian President Vladimir Putin" into Russia (place) and Vladimir Putin (person)."""
    whole = _place_key(" ".join(t.low for t in run))
    if whole:
        return [Entity(" ".join(_clean(t.text) for t in run), whole.lower(), "place", Span(run[0].start, run[-1].end))]
    found: list[Entity] = []
    rest: list[Token] = []
    after_title = False
    for token in run:
        place = lx.DEMONYMS.get(token.low) if not rest else None
        if place and len(run) > 1:
            found.append(Entity(_clean(token.text), place.lower(), "place", Span(token.start, token.end)))
        elif token.low in lx.TITLES and not rest:
            after_title = True
        else:
            rest.append(token)
    if rest:
        found.append(_typed(rest, after_title))
    return found


_DATELINE_ENDS = (",", "—", "–", "-", "(")


def _placed(found: Entity, toks: list[Token], text: str, offset: int, people: frozenset[str]) -> Entity:
    """A name typed person or other that its context shows is a place: a place noun after it ("the Tham Pha
    Daeng cave"), a locative before it ("in Chiang Rai"), or an all-capitals dateline ("MAE SAI, Thailand");
    or an organisation: an organisation word after it ("The FNV union"). Names known as people, names after
    a title and possessives ("in Abe's hometown") keep their type."""
    if found.kind not in ("person", "other") or found.key in people:
        return found
    first = next(k for k, t in enumerate(toks) if t.start == found.span.start)
    last = next(k for k in range(first, len(toks)) if toks[k].end == found.span.end)
    possessive = toks[last].text.endswith(("'s", "’s"))
    after = toks[last + 1].low if last + 1 < len(toks) else ""
    before = toks[first - 1].low if first else ""
    if before == "of" and first > 1 and toks[first - 2].low in lx.PLACE_NOUNS:
        before = "in"  # "the island of Lindholm", "the city of Ube": a place noun names it
    follows = text[found.span.end - offset:].lstrip()[:1]
    dateline = found.span.start == offset and found.text.isupper() and follows in _DATELINE_ENDS
    if dateline or (not possessive and (after in lx.PLACE_NOUNS or before in lx.LOCATIVES)):
        return Entity(found.text, found.text.lower(), "place", found.span)
    named = found.text.removeprefix("The ").removeprefix("the ")
    if after in lx.ORG_WORDS and not possessive and (named != found.text or named.isupper()):
        return Entity(found.text, named.lower(), "organisation", found.span)  # "The FNV union"; not "Thai navy"
    return found


def find_entities(toks: list[Token], text: str, offset: int, people: frozenset[str] = frozenset()) -> list[Entity]:
    """Named entities of a sentence; the sentence-initial word is a name only if it looks like one.

    ``people`` are surnames known (from elsewhere in the article) to be
    people, so a lone "Putin" is typed as the person "Vladimir Putin" is.
    """
    entities: list[Entity] = []
    for run in _cap_runs(toks, text, offset):
        if run[0].start == offset and _common_word(run[0].low) and run[0].low not in people:
            run = run[1:]  # "Later Putin spoke": the capital is the sentence's, not a name's
        if not run:
            continue
        for found in _split_run(run):
            if found.kind == "other" and found.key in people:
                found = Entity(found.text, found.key, "person", found.span)
            entities.append(_placed(found, toks, text, offset, people))
    for token in toks:  # lower-case demonyms and places still say what a sentence is about
        if not _is_cap(token) and token.low in ("soviet",):
            entities.append(Entity(token.text, "soviet union", "place", Span(token.start, token.end)))
    return entities


def with_people(entities: list[Entity], toks: list[Token], text: str, offset: int, people: frozenset[str]
                ) -> list[Entity]:
    """``find_entities(toks, text, offset, people)``, reusing ``entities`` found without ``people``.

    Knowing the people only retypes lone surnames, unless the sentence opens
    with one ("Abe said..."), which is the one case worth a second pass.
    """
    if toks and toks[0].low in people:
        return find_entities(toks, text, offset, people)
    return [Entity(e.text, e.key, "person", e.span) if e.kind == "other" and e.key in people else e
            for e in entities]


def _common_word(word: str) -> bool:
    if word in lx.PLACES or word in lx.DEMONYMS:
        return False
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # pragma: no cover - wordfreq is a dependency
        return word in lx.STOPWORDS
    return zipf_frequency(word, "en") >= 4.6


def find_quotes(sentence: str, offset: int) -> list[Quote]:
    """Quoted text (curly or straight quotes); the speaker is filled in by the caller."""
    quotes = []
    for m in _QUOTE.finditer(sentence):
        group = next(g for g in (1, 2, 3) if m.group(g) is not None)
        inner = m.group(group).strip(" ,.")
        if len(inner.split()) >= 1 and any(c.isalpha() for c in inner):
            quotes.append(Quote(inner, Span(offset + m.start(group), offset + m.end(group))))
    return quotes


def _epithet_phrase(toks: list[Token], i: int) -> tuple[int, int] | None:
    """Token range of "the Russian strongman" / "The New York real-estate baron" ending at epithet ``i``."""
    j = i
    while j > 0 and i - j < 4 and toks[j - 1].low not in ("the", "a", "an") and (
            _is_cap(toks[j - 1]) or "-" in toks[j - 1].text or toks[j - 1].low in lx.DEMONYMS):
        j -= 1
    if j > 0 and toks[j - 1].low in ("the",):
        return j - 1, i
    return None


def find_attributions(toks: list[Token], entities: list[Entity], recent: str | None) -> list[Attribution]:
    """Reporting verbs with their speaker: a near person or organisation, a pronoun, an epithet or the subject.

    A pronoun is the speaker of an earlier verb in the same sentence, else
    ``recent`` (the last person named before the sentence).
    """
    found: list[Attribution] = []
    for i, token in enumerate(toks):
        if token.low not in lx.ATTRIBUTION_VERBS:
            continue
        earlier = next((a.speaker for a in found if a.speaker), None)
        speaker, speaker_text = _speaker_near(toks, i, entities, earlier or recent)
        found.append(Attribution(token.text, speaker, speaker_text, Span(token.start, token.end)))
    return found


def _speaker_near(toks: list[Token], i: int, entities: list[Entity], recent: str | None) -> tuple[str | None, str]:
    reported = i + 1 < len(toks) and toks[i + 1].low == "that"  # "warned that Nordlys Lines' fleet": the
    window = [t for t in toks[max(0, i - 3) : i + (1 if reported else 3)] if t is not toks[i]]  # object
    near = [e for e in entities if e.kind in ("person", "organisation") and not e.text.lower().startswith("the ")
            and any(e.span.start <= t.start < e.span.end for t in window)]
    if near:  # the name before the verb is its subject ("Lavrov said that Putin ..."); else "said Lavrov"
        before = [e for e in near if e.span.end <= toks[i].start]
        best = max(before, key=lambda e: e.span.start) if before else min(near, key=lambda e: e.span.start)
        return best.key, best.text
    last = i + 2 >= len(toks)
    for k in (i - 1, i + 1) if last else (i - 1,):
        if 0 <= k < len(toks) and toks[k].low in _PRONOUNS:
            return recent, toks[k].text
    for k in range(i - 1, max(-1, i - 3), -1):
        if toks[k].low in lx.EPITHETS:
            phrase = _epithet_phrase(toks, k)
            if phrase:
                return recent, " ".join(t.text for t in toks[phrase[0] : phrase[1] + 1])
    if i > 0 and toks[i - 1].text.islower() and toks[i - 1].low not in ("has", "had", "also", "have", "was"):
        return None, toks[i - 1].text  # "a Japanese foreign ministry official said", "media said"
    subject = next((e for e in entities if e.kind == "person" and e.span.start < toks[i].start), None)
    if subject and subject.span.start - toks[0].start < 20:
        return subject.key, subject.text
    return None, ""


def epithet_mentions(toks: list[Token], recent: str | None, text: str, offset: int) -> list[Entity]:
    """Epithets standing for the last-named person ("the Russian strongman" -> putin)."""
    found = []
    for i, token in enumerate(toks):
        if token.low in lx.EPITHETS and recent and token.low != "leader":
            phrase = _epithet_phrase(toks, i)
            if phrase:
                span = Span(toks[phrase[0]].start, toks[phrase[1]].end)
                found.append(Entity(text[span.start - offset : span.end - offset], recent, "person", span))
    return found
