"""The fact layer: what two articles agree on and where their coverage differs.

Passages catch copied text; facts get reworded. Here every body sentence
becomes a fact unit (its entities, numbers, dates, quotes and attribution
verbs), the units of two articles are aligned with the "same fact" model of
``compare.samefact`` plus entity and number overlap (``compare.align``), and
the result says which facts are shared (and how: same wording, reworded,
partial, conflicting), which only one outlet reports, which numbers, dates or
names conflict, which quotes only one outlet uses and which words frame the
same fact differently.

Public entry points: :func:`fact_units`, :func:`compare_facts`,
:func:`fact_comparison_to_dict` and :func:`same_fact`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from compare import entities as ent
from compare.datementions import DateMention, find_dates
from compare.models import Article, Span
from compare.samefact import same_fact
from compare.sentences import split_sentences

__all__ = [
    "Conflict", "FactComparison", "FactUnit", "Framing", "OnlyFact", "SharedFact",
    "compare_facts", "fact_comparison_to_dict", "fact_units", "same_fact",
]

MIN_WORDS = 4  # shorter "sentences" are labels, credits or chrome, not facts
_LETTER = re.compile(r"[^\W\d_]")
UNITS_MEMO = 1 << 16  # articles whose units are kept in memory


@dataclass(frozen=True)
class FactUnit:
    """One body sentence and the facts in it; ``span`` slices it out of ``Article.text``."""

    index: int
    span: Span
    text: str
    entities: tuple[ent.Entity, ...] = ()
    quantities: tuple[ent.Quantity, ...] = ()
    dates: tuple[DateMention, ...] = ()
    quotes: tuple[ent.Quote, ...] = ()
    attributions: tuple[ent.Attribution, ...] = ()

    @property
    def entity_keys(self) -> frozenset[str]:
        return frozenset(e.key for e in self.entities)

    def entity_names(self) -> tuple[str, ...]:
        """Each entity once, by its longest written form, in order of first mention."""
        best: dict[str, str] = {}
        for e in self.entities:
            if e.key not in best or len(e.text) > len(best[e.key]):
                best[e.key] = e.text if not e.text.lower().startswith("the ") else best.get(e.key, e.text)
        return tuple(best.values())


@dataclass(frozen=True)
class SharedFact:
    """Sentences of A and B that state the same fact; one side may hold several units."""

    a: tuple[FactUnit, ...]
    b: tuple[FactUnit, ...]
    label: str  # "same wording", "reworded", "partial" or "conflicting"
    score: float


@dataclass(frozen=True)
class OnlyFact:
    """A unit reported by one side only, with the entity it is grouped under."""

    unit: FactUnit
    about: str


@dataclass(frozen=True)
class Conflict:
    """The same fact with a different number, date or name in the same slot (``compare.slots``)."""

    kind: str  # "number", "date" or "name"
    a_value: str
    b_value: str
    a: FactUnit
    b: FactUnit
    slot: str = ""  # what the two values are of, in a few words ("nasdaq points change", "speaker")
    severity: str = "hard"  # "hard": exact values disagree; "approximate": a hedged value is involved


@dataclass(frozen=True)
class Framing:
    """Words one outlet chose where the other chose differently, with the lexicon tag."""

    a_words: str
    b_words: str
    tag: str
    a: FactUnit | None = None
    b: FactUnit | None = None


@dataclass(frozen=True)
class FactComparison:
    """Everything the fact layer found about one pair of articles."""

    a_id: str
    b_id: str
    shared: tuple[SharedFact, ...]
    only_a: tuple[OnlyFact, ...]
    only_b: tuple[OnlyFact, ...]
    conflicts: tuple[Conflict, ...]
    framing: tuple[Framing, ...]
    quotes_only_a: tuple[tuple[ent.Quote, FactUnit], ...]
    quotes_only_b: tuple[tuple[ent.Quote, FactUnit], ...]
    names: tuple[tuple[str, str], ...] = ()  # entity key -> display name, for speakers and groups

    def name(self, key: str | None) -> str | None:
        """Display name of an entity key ("putin" -> "Vladimir Putin")."""
        return None if key is None else dict(self.names).get(key, key)


class _Sentence(NamedTuple):
    span: Span
    text: str
    toks: list[ent.Token]
    entities: list[ent.Entity]  # found before the article's people are known


def _sentence_unit(index: int, sentence: _Sentence, recent: str | None, people: frozenset[str]) -> FactUnit:
    span, text, toks, first_pass = sentence
    found = ent.with_people(first_pass, toks, text, span.start, people)
    epithets = ent.epithet_mentions(toks, recent, text, span.start)
    entities = tuple(sorted(found + epithets, key=lambda e: e.span))
    dates = tuple(find_dates(text, span.start))
    calendar = [d.span for d in dates if "-" in d.value]  # "Dec 15, 2016": its numbers are a date, not counts
    quantities = tuple(q for q in ent.find_quantities(toks, text, span.start)
                       if not any(c.start <= q.span.start < c.end for c in calendar))
    return FactUnit(
        index=index, span=span, text=text, entities=entities, quantities=quantities, dates=dates,
        quotes=tuple(ent.find_quotes(text, span.start)),
        attributions=tuple(ent.find_attributions(toks, list(entities), recent)),
    )


def _is_fact(toks: list[ent.Token]) -> bool:
    words = [t for t in toks if _LETTER.search(t.text)]
    return len(words) >= MIN_WORDS and any(t.text.islower() for t in words)


_UNITS: dict[Article, tuple[FactUnit, ...]] = {}


def fact_units(article: Article) -> tuple[FactUnit, ...]:
    """The body sentences of an article as fact units; a repeated sentence (a caption twice) counts once.

    Memoised: an article takes part in many pairs and stories, and its units
    never change (Articles are frozen).
    """
    found = _UNITS.get(article)
    if found is None:
        if len(_UNITS) >= UNITS_MEMO:  # a long-lived process comparing corpus after corpus
            _UNITS.clear()
        found = _UNITS[article] = extract_units(article)
    return found


def remember_units(article: Article, units: tuple[FactUnit, ...]) -> None:
    """Store units computed elsewhere (a worker process) so ``fact_units`` returns them."""
    _UNITS[article] = units


def extract_units(article: Article) -> tuple[FactUnit, ...]:
    """``fact_units`` without the memo: each sentence is tokenised once.

    People are the surnames named in full (or after a title) anywhere in the
    article, so a lone "Putin" later on is typed as a person too.
    """
    seen: set[str] = set()
    sentences = []
    for span in split_sentences(article.text, article.paragraphs):
        text = span.slice(article.text)
        key = " ".join(text.split()).lower()
        if key not in seen and _is_fact(toks := ent.tokens(text, span.start)):
            seen.add(key)
            sentences.append(_Sentence(span, text, toks, ent.find_entities(toks, text, span.start)))
    people = frozenset(e.key for s in sentences for e in s.entities if e.kind == "person")
    units: list[FactUnit] = []
    recent: str | None = None
    for sentence in sentences:
        unit = _sentence_unit(len(units), sentence, recent, people)
        units.append(unit)
        persons = [e.key for e in unit.entities if e.kind == "person"]
        recent = persons[-1] if persons else recent
    return tuple(_attribute_quotes(units))


def _attribute_quotes(units: list[FactUnit]) -> list[FactUnit]:
    """Give each quote a speaker: its own sentence's, else the next sentence's opening attribution."""
    result = []
    for i, unit in enumerate(units):
        speakers = [a.speaker for a in unit.attributions if a.speaker]
        if not unit.attributions and unit.quotes and i + 1 < len(units):
            following = units[i + 1]
            opening = [a for a in following.attributions if a.span.start - following.span.start < 40]
            speakers = [a.speaker for a in opening if a.speaker]
        if unit.quotes and speakers:
            quotes = tuple(ent.Quote(q.text, q.span, q.speaker or speakers[0]) for q in unit.quotes)
            unit = FactUnit(unit.index, unit.span, unit.text, unit.entities, unit.quantities, unit.dates,
                            quotes, unit.attributions)
        result.append(unit)
    return result


def compare_facts(a: Article, b: Article) -> FactComparison:
    """Align the fact units of two articles and say what is shared, what differs and how."""
    from compare.align import build_comparison

    return build_comparison(a.id, b.id, fact_units(a), fact_units(b))


def _unit_dict(unit: FactUnit) -> dict[str, object]:
    return {"sentence": unit.text, "start": unit.span.start, "end": unit.span.end,
            "entities": list(unit.entity_names())}


def _shared_dict(fact: SharedFact) -> dict[str, object]:
    first_a, last_a, first_b, last_b = fact.a[0], fact.a[-1], fact.b[0], fact.b[-1]
    return {"a_sentence": " ".join(u.text for u in fact.a), "b_sentence": " ".join(u.text for u in fact.b),
            "a_start": first_a.span.start, "a_end": last_a.span.end, "b_start": first_b.span.start,
            "b_end": last_b.span.end, "label": fact.label, "score": round(fact.score, 3),
            "a_spans": [[u.span.start, u.span.end] for u in fact.a],
            "b_spans": [[u.span.start, u.span.end] for u in fact.b]}


def fact_comparison_to_dict(fc: FactComparison) -> dict[str, object]:
    """The "facts" object of ``compare pair A B --json``."""
    quotes = lambda items: [{"quote": q.text, "speaker": fc.name(q.speaker), "start": q.span.start,  # noqa: E731
                             "end": q.span.end, "sentence": u.text} for q, u in items]
    return {
        "shared": [_shared_dict(f) for f in fc.shared],
        "only_a": [_unit_dict(o.unit) | {"about": o.about} for o in fc.only_a],
        "only_b": [_unit_dict(o.unit) | {"about": o.about} for o in fc.only_b],
        "conflicts": [{"kind": c.kind, "a_value": c.a_value, "b_value": c.b_value, "slot": c.slot,
                       "severity": c.severity, "a_sentence": c.a.text, "b_sentence": c.b.text}
                      for c in fc.conflicts],
        "framing": [{"a_words": f.a_words, "b_words": f.b_words, "tag": f.tag} for f in fc.framing],
        "quotes_only_a": quotes(fc.quotes_only_a),
        "quotes_only_b": quotes(fc.quotes_only_b),
    }
