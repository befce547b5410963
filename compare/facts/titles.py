"""Titles standing for names: "the Japanese prime minister" is Abe in an article that named him so.

News copy names a person once with a title ("Japanese Prime Minister Shinzo
Abe") and later by the title alone ("the Japanese prime minister said").
Within one article a title phrase refers to the person who carried that title
earlier in it:

1. A person entity preceded by title words (``TITLE_WORDS``: "President",
   "Prime Minister", "Foreign Minister") gives that title to the person, with
   the demonym or place before it when there is one ("russian president") and
   without it ("president"). A later holder of the same title takes it over.
2. "the" followed by an optional demonym and title words, not followed by a
   name (then it is a title before a name), is a mention of the person who
   holds that exact phrase; a bare "the president" is resolved only when the
   article gave the bare title.

Honorifics ("Mr", "Dr") are no titles here: "the mr" never occurs.
"""

from __future__ import annotations

from collections.abc import Mapping

from compare.facts import lexicon as lx
from compare.facts.entities import Entity, Token
from compare.models import Span

TITLE_WORDS = lx.TITLES - {"mr", "mrs", "ms", "dr", "sir", "lord", "leader"}
_MAX_TITLE = 3  # "foreign affairs minister" at most


def _title_before(toks: list[Token], end: int) -> tuple[int, int]:
    """Token range of the title words ending just before token ``end``; (end, end) when there are none."""
    start = end
    while start > 0 and end - start < _MAX_TITLE and toks[start - 1].low in TITLE_WORDS:
        start -= 1
    return start, end


def _phrases(toks: list[Token], start: int, end: int) -> list[str]:
    """The title as a lower-case phrase, with the demonym or place before it first when there is one."""
    bare = " ".join(t.low for t in toks[start:end])
    if start > 0 and (toks[start - 1].low in lx.DEMONYMS or toks[start - 1].low in lx.PLACES):
        return [f"{toks[start - 1].low} {bare}", bare]
    return [bare]


def titles_given(toks: list[Token], entities: tuple[Entity, ...]) -> dict[str, str]:
    """Title phrases this sentence gives to people ("russian president" -> "putin") (step 1)."""
    given: dict[str, str] = {}
    for entity in entities:
        if entity.kind != "person" or entity.text.lower().startswith("the "):
            continue
        first = next((k for k, t in enumerate(toks) if t.start >= entity.span.start), None)
        if first is None:
            continue
        start, end = _title_before(toks, first)
        if start < end:
            given |= dict.fromkeys(_phrases(toks, start, end), entity.key)
    return given


def title_mentions(toks: list[Token], titles: Mapping[str, str], text: str, offset: int) -> list[Entity]:
    """People this sentence names by a title the article gave them earlier (step 2)."""
    found = []
    for k, token in enumerate(toks):
        if token.low != "the" or not titles:
            continue
        start = k + 1 + (k + 1 < len(toks) and toks[k + 1].low in lx.DEMONYMS)
        end = start
        while end < len(toks) and end - start < _MAX_TITLE and toks[end].low in TITLE_WORDS:
            end += 1
        if end == start or (end < len(toks) and toks[end].text[:1].isupper() and toks[end].text.isalpha()):
            continue  # no title, or a title before a name ("the Prime Minister Shinzo Abe")
        key = titles.get(" ".join(t.low for t in toks[k + 1:end]))
        if key:
            last = toks[end - 1]
            possessive = last.text.lower().endswith(("'s", "’s"))  # "the Russian president's plane"
            span = Span(token.start, last.end - 2 if possessive else last.end)
            found.append(Entity(text[span.start - offset:span.end - offset], key, "person", span))
    return found
