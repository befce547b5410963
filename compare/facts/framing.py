"""Framing: the words one outlet chose where the other chose differently.

Two sources, both tagged from the documented lexicon in ``compare.facts.lexicon``:

- aligned facts: words of one side's sentence that the other side's
  sentence lacks and that the lexicon tags (a loaded attribution verb, an
  epithet, a hedge, an intensifier, an evaluative word);
- speakers: how each outlet introduces the same person's words. One outlet
  writing "the Russian strongman insisted" where the other writes "Putin
  said" is framing even when the two sentences report different remarks, so
  attributions are compared per speaker, not per aligned sentence.

Quotes one outlet uses and the other does not are found here too: a quote is
shared when the other article quotes (or writes) nearly the same words.
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz

from compare.facts import lexicon as lx
from compare.facts.entities import Attribution, Quote, Token, low_words, tokens
from compare.facts.values import FactUnit, Framing, SharedFact
from compare.typography import fold_apostrophes


def tag_word(word: str, before: str = "") -> str | None:
    """The framing tag of a word, or None; a neutral reporting verb is not framing, and a word evaluative
    only as a verb (``lexicon.VERB_SENSE_ONLY``) counts only after a verb cue (``before``: "will cave")."""
    low = fold_apostrophes(word.lower())
    if low in lx.NEUTRAL_ATTRIBUTION or (low in lx.VERB_SENSE_ONLY and before.lower() not in lx.VERB_CUES):
        return None
    for tag, words in lx.FRAMING_TAGS:
        if low in words:
            return tag
    return None


def word_tags(text: str) -> list[tuple[Token, str]]:
    """The tagged words of a text with their tags, each read with the word before it ("will cave")."""
    words = tokens(text)
    found = ((token, tag_word(token.text, words[k - 1].low if k else "")) for k, token in enumerate(words))
    return [(token, tag) for token, tag in found if tag]


def _tagged(units: Iterable[FactUnit]) -> dict[str, dict[str, str]]:
    """Tagged words of some units, by tag, keyed by lower-case word (first written form kept)."""
    found: dict[str, dict[str, str]] = {}
    for unit in units:
        for token, tag in word_tags(unit.text):
            found.setdefault(tag, {}).setdefault(token.low, token.text)
    return found


def _words_of(units: Iterable[FactUnit]) -> set[str]:
    return {w for u in units for w in low_words(u.text)}


def aligned_framing(fact: SharedFact) -> list[Framing]:
    """Tagged words that one side of an aligned fact uses and the other does not."""
    tagged_a, tagged_b = _tagged(fact.a), _tagged(fact.b)
    words_a, words_b = _words_of(fact.a), _words_of(fact.b)
    rows = []
    for tag, _ in lx.FRAMING_TAGS:
        only_a = [w for k, w in sorted(tagged_a.get(tag, {}).items()) if k not in words_b]
        only_b = [w for k, w in sorted(tagged_b.get(tag, {}).items()) if k not in words_a]
        if only_a or only_b:
            rows.append(Framing(", ".join(only_a), ", ".join(only_b), tag, fact.a[0], fact.b[0]))
    return rows


def _speaker_phrases(units: tuple[FactUnit, ...]) -> dict[str, list[tuple[Attribution, FactUnit]]]:
    by_speaker: dict[str, list[tuple[Attribution, FactUnit]]] = {}
    for unit in units:
        for attribution in unit.attributions:
            if attribution.speaker and attribution.speaker_text:
                by_speaker.setdefault(attribution.speaker, []).append((attribution, unit))
    return by_speaker


def _is_framed(attribution: Attribution) -> bool:
    text = attribution.speaker_text.lower()
    return attribution.loaded or any(w in lx.EPITHETS for w in text.replace("-", " ").split())


def _phrase(attribution: Attribution) -> str:
    return f"{attribution.speaker_text} {attribution.verb}"


def _tags(attribution: Attribution) -> str:
    tags = []
    if any(w in lx.EPITHETS for w in attribution.speaker_text.lower().split()):
        tags.append("epithet")
    if attribution.loaded:
        tags.append("attribution verb")
    return " + ".join(tags)


def speaker_framing(units_a: tuple[FactUnit, ...], units_b: tuple[FactUnit, ...]) -> list[Framing]:
    """Loaded verbs and epithets one outlet uses for a speaker both outlets quote or cite."""
    phrases_a, phrases_b = _speaker_phrases(units_a), _speaker_phrases(units_b)
    rows = []
    for speaker in sorted(set(phrases_a) & set(phrases_b)):
        for mine, theirs, a_side in ((phrases_a[speaker], phrases_b[speaker], True),
                                     (phrases_b[speaker], phrases_a[speaker], False)):
            plain = [p for p in theirs if not _is_framed(p[0])]
            if not plain:
                continue
            other, other_unit = plain[0]
            for attribution, unit in mine:
                if not _is_framed(attribution):
                    continue
                if a_side:
                    rows.append(Framing(_phrase(attribution), _phrase(other), _tags(attribution), unit, other_unit))
                else:
                    rows.append(Framing(_phrase(other), _phrase(attribution), _tags(attribution), other_unit, unit))
    return rows


def framing_between(shared: Iterable[SharedFact], units_a: tuple[FactUnit, ...], units_b: tuple[FactUnit, ...]
                    ) -> list[Framing]:
    """All framing rows of a pair, speaker framing first, without repeats, in a stable order."""
    rows = speaker_framing(units_a, units_b)
    for fact in shared:
        rows.extend(aligned_framing(fact))
    seen: set[tuple[str, str, str]] = set()
    unique = []
    for row in rows:
        key = (row.a_words, row.b_words, row.tag)
        if key not in seen:
            seen.add(key)
            unique.append(row)
    return unique


def _norm(text: str) -> str:
    return " ".join(low_words(text))


def quotes_only(units: tuple[FactUnit, ...], others: tuple[FactUnit, ...]) -> tuple[tuple[Quote, FactUnit], ...]:
    """Quotes in ``units`` whose words the other article neither quotes nor writes."""
    other_quotes = [_norm(q.text) for u in others for q in u.quotes]
    other_text = " ".join(_norm(u.text) for u in others)
    found = []
    for unit in units:
        for quote in unit.quotes:
            words = _norm(quote.text)
            if not words:
                continue
            if any(fuzz.token_set_ratio(words, o) >= 85 for o in other_quotes):
                continue
            if len(words) > 12 and fuzz.partial_ratio(words, other_text) >= 90:
                continue
            if f" {words} " in f" {other_text} ":
                continue
            found.append((quote, unit))
    return tuple(found)
