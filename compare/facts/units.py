"""Fact units: every body sentence of an article with the facts in it.

Passages catch copied text; facts get reworded. Each body sentence becomes a
unit holding its entities, numbers, dates, quotes and attribution verbs, so
the matcher (``compare.facts.matching``) can align two articles' units
sentence by sentence. Units are a value of the run: the pipeline extracts them
once per article and passes them to whatever compares them.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from compare.facts import entities as ent
from compare.facts.date_mentions import find_dates
from compare.facts.quantities import find_quantities
from compare.facts.sentences import split_sentences
from compare.facts.titles import title_mentions, titles_given
from compare.facts.values import FactUnit
from compare.facts.verbs import has_verb
from compare.models import Article, Span

MIN_WORDS = 5  # shorter "sentences" are labels, credits or chrome, not facts
_LETTER = re.compile(r"[^\W\d_]")


class _Sentence(NamedTuple):
    span: Span
    text: str
    toks: list[ent.Token]
    entities: list[ent.Entity]  # found before the article's people are known


def _sentence_unit(index: int, sentence: _Sentence, recent: str | None, people: frozenset[str],
                   titles: dict[str, str]) -> FactUnit:
    span, text, toks, first_pass = sentence
    found = ent.with_people(first_pass, toks, text, span.start, people)
    epithets = ent.epithet_mentions(toks, recent, text, span.start)
    titled = [e for e in title_mentions(toks, titles, text, span.start)
              if not any(e.span.start == other.span.start for other in epithets)]
    entities = tuple(sorted(found + epithets + titled, key=lambda e: e.span))
    dates = tuple(find_dates(text, span.start))
    calendar = [d.span for d in dates if "-" in d.value]  # "Dec 15, 2016": its numbers are a date, not counts
    quantities = tuple(q for q in find_quantities(toks, text, span.start)
                       if not any(c.start <= q.span.start < c.end for c in calendar))
    return FactUnit(
        index=index, span=span, text=text, entities=entities, quantities=quantities, dates=dates,
        quotes=tuple(ent.find_quotes(text, span.start)),
        attributions=tuple(ent.find_attributions(toks, list(entities), recent)),
    )


def _is_fact(toks: list[ent.Token]) -> bool:
    """A whole fact: at least ``MIN_WORDS`` words, some lower-case (not a name list), and a verb."""
    words = [t.text for t in toks if _LETTER.search(t.text)]
    return len(words) >= MIN_WORDS and any(w.islower() for w in words) and has_verb(words)


def extract_units(article: Article) -> tuple[FactUnit, ...]:
    """The body sentences of an article as fact units; a repeated sentence (a caption twice) counts once.

    Each sentence is tokenised once.

    People are the surnames named in full (or after a title) anywhere in the
    article, so a lone "Putin" later on is typed as a person too; a title
    given to a person ("Russian President Vladimir Putin") later stands for
    them ("the Russian president": ``compare.facts.titles``).
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
    titles: dict[str, str] = {}
    for sentence in sentences:
        unit = _sentence_unit(len(units), sentence, recent, people, titles)
        units.append(unit)
        titles |= titles_given(sentence.toks, unit.entities)
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
