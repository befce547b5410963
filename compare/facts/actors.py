"""Framing across a story, per actor: what each outlet calls them, how it attributes their words,
the tone of the sentences about them, and the context only one outlet brings in.

Pair framing (``compare.facts.framing``) compares two aligned sentences; a
story's framing is about people: one outlet writes "the Russian strongman
insisted" where the others write "Putin said", one alone brings in Donald
Trump's election, as the reason few expect Putin to cave. All of it is read
from the fact units with the word lists of ``compare.facts.lexicon``:

1. Actors are the people and organisations the story's articles name
   (wire agencies aside), most widely named first.
2. An outlet "calls" an actor what stands for the name: an epithet mention
   ("the Russian strongman", resolved to the last person named) or an
   apposition right after the name (", a judoist who ...", at most
   ``APPOSITION_WORDS`` words).
3. Attribution verbs are those whose speaker is the actor; a loaded one
   ("insisted", "vowed") is marked so.
4. Tone words are the hedges, intensifiers and evaluative words of the
   sentences that name the actor.
5. Context: facts one outlet alone reports about an entity no other outlet
   names. Its use is the connective before the entity's first mention
   ("especially after", "because", ...) and the words before it: the claim
   the context explains.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from compare.facts.framing import word_tags
from compare.facts.lexicon import ATTRIBUTION_VERBS, DEMONYMS, RELATIVE_DAYS, STOPWORDS, TITLES, WEEKDAYS
from compare.facts.matching import display_names
from compare.facts.stories import AGENCY_KEYS
from compare.facts.values import ActorFraming, ActorView, ContextNote, FactUnit, OnlyFact, StoryFraming, Units
from compare.facts.verbs import AUXILIARIES, IRREGULAR
from compare.models import Article

APPOSITION_WORDS = 6  # an apposition longer than this is a clause, not a description
DESCRIPTION_WORDS = 4  # words before a name read as its description ("former Dutch appeals judge")
ROLE_NOUNS = frozenset({
    "judge", "head", "boss", "star", "official", "coach", "captain", "veteran", "tycoon", "baron", "strongman",
    "mogul", "lawyer", "candidate", "nominee", "rival", "ally", "critic", "hardliner", "dissident", "diplomat",
    "chief", "envoy", "aide", "deputy", "delegate", "expert", "analyst", "economist", "scientist", "survivor",
    "victim", "suspect", "witness", "director", "secretary", "commander", "colonel", "sergeant", "officer",
    "billionaire", "magnate", "heir", "founder", "owner", "champion", "legend", "icon", "populist", "autocrat",
    "dictator", "incumbent", "challenger", "whistleblower", "journalist", "editor", "correspondent", "premier"})
_AGENT_ENDINGS = ("er", "or", "ist", "ian", "man", "woman", "person")
_ING_DESCRIPTIONS = frozenset({"acting", "outgoing", "incoming", "ruling", "leading", "founding", "reigning",
                               "governing", "sitting", "striking", "visiting", "ageing", "aging"})
_NOT_DESCRIPTIONS = WEEKDAYS | RELATIVE_DAYS | frozenset({"also", "then", "now", "meanwhile", "later", "earlier",
                                                          "however", "yet", "still", "both", "with", "without"})
TONE_TAGS = ("hedge", "intensifier", "evaluative word")
# Connectives that make one fact the reason or background of another, longest first.
LINKS = ("especially after", "particularly after", "not least because", "because of", "because", "due to",
         "following", "given", "since", "amid", "despite", "after")
_APPOSITION = re.compile(r",\s+((?:a|an|the)\s+[^,.;:]+?)(?=\s+(?:who|which|that)\b|[,.;:])")


def _actors(order: Sequence[Article], units: Units) -> list[str]:
    """Rule 1: person and organisation keys, by how many articles name them, then by key."""
    named: Counter[str] = Counter()
    for article in order:
        named.update({e.key for u in units[article.id] for e in u.entities
                      if e.kind in ("person", "organisation") and e.key not in AGENCY_KEYS})
    return sorted(named, key=lambda k: (-named[k], k))


def _unique(items: list[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for item in items:
        seen.setdefault(item.lower(), item)
    return tuple(seen.values())


def _called(key: str, own: Sequence[FactUnit]) -> tuple[str, ...]:
    """Rule 2: epithet mentions and appositions of the actor in one article."""
    found = []
    for unit in own:
        for e in unit.entities:
            if e.key != key:
                continue
            if e.text.lower().startswith("the "):
                if e.kind == "person":  # "the Russian strongman"; "The FNV" is the name, not what it is called
                    found.append(e.text[0].lower() + e.text[1:])
                continue
            match = _APPOSITION.match(unit.text, e.span.end - unit.span.start)
            if match and len(match.group(1).split()) <= APPOSITION_WORDS:
                found.append(match.group(1))
            if e.kind == "person" and (before := _description_before(unit.text[: e.span.start - unit.span.start])):
                found.append(before)
    return _unique(found)


def _description_before(text: str) -> str:
    """The words right before a person's name that describe them ("Union negotiator", "Russian President",
    "former judge"): at most ``DESCRIPTION_WORDS``, back to punctuation, a small word, a verb or a name.
    The word next to the name must be a role noun (a title, ``ROLE_NOUNS`` or an agent ending: "mediator",
    "activist"), so "Abe is hosting Putin" and "few believe Putin" describe no one."""
    words = re.findall(r"[\w'’-]+|[^\w\s]", text)[-DESCRIPTION_WORDS:]
    kept: list[str] = []
    for word in reversed(words):
        if not _describes(word) or (kept and word is not words[0] and _another_name(word)):
            break
        kept.insert(0, word)
    if not kept or not _role_noun(kept[-1].lower()):
        return ""
    return " ".join(kept)


def _describes(word: str) -> bool:
    """A word that can be part of a description: no punctuation, small word, reporting verb, adverb of time,
    auxiliary or common verb form, and no "-ing" word but the adjectival ones ("acting", "outgoing")."""
    low = word.lower()
    if not word[0].isalpha() or low in STOPWORDS or low in ATTRIBUTION_VERBS or low in _NOT_DESCRIPTIONS:
        return False
    return low not in AUXILIARIES | IRREGULAR and (not low.endswith("ing") or low in _ING_DESCRIPTIONS)


def _another_name(word: str) -> bool:
    """A capitalised word inside a description that is not a title, a demonym or an acronym: someone else's
    name ("with Abe welcoming Putin"). The first word of the text is exempt: its capital may be the sentence's."""
    low = word.lower()
    return word[0].isupper() and low not in TITLES | DEMONYMS.keys() and not word.isupper()


def _role_noun(word: str) -> bool:
    return word in TITLES or word in ROLE_NOUNS or word.endswith(_AGENT_ENDINGS)


def _view(article: Article, key: str, units: Units) -> ActorView | None:
    """Rules 2-4 for one actor in one article; None when the article never names the actor."""
    own = units[article.id]
    about = [u for u in own if key in u.entity_keys]
    if not about:
        return None
    verbs = [a.verb.lower() + (" (loaded)" if a.loaded else "") for u in own for a in u.attributions
             if a.speaker == key]
    tone = [f"{t.low} ({tag})" for u in about for t, tag in word_tags(u.text) if tag in TONE_TAGS]
    return ActorView(article.id, _called(key, own), _unique(verbs), _unique(tone))


def _context(order: Sequence[Article], alone: Sequence[Sequence[OnlyFact]], units: Units,
             names: dict[str, str]) -> list[ContextNote]:
    """Rule 5: per article, the one-outlet facts about entities no other article names."""
    notes = []
    for article, facts in zip(order, alone, strict=True):
        others = {k for a in order if a.id != article.id for u in units[a.id] for k in u.entity_keys}
        groups: dict[str, list[FactUnit]] = {}
        for fact in facts:
            keys = [e.key for e in fact.unit.entities if e.kind in ("person", "organisation")
                    and e.key not in others and e.key not in AGENCY_KEYS]
            if keys:
                groups.setdefault(keys[0], []).append(fact.unit)
        for key, group in sorted(groups.items(), key=lambda kv: kv[1][0].index):
            link, claim = _use(group[0], key)
            notes.append(ContextNote(article.id, names.get(key, key), tuple(group), link, claim))
    return notes


def _use(unit: FactUnit, key: str) -> tuple[str, str]:
    """The connective before the entity's first mention and the claim before it (rule 5)."""
    mention = min(e.span.start for e in unit.entities if e.key == key) - unit.span.start
    head = unit.text[:mention]
    low = head.lower()
    for link in LINKS:
        at = low.rfind(f" {link} ")
        if at >= 0:
            claim = head[:at].strip(" ,;:—-")
            claim = re.sub(r"^(?:but|and|yet|so)\s+", "", claim, flags=re.IGNORECASE)
            return link, claim
    return "", ""


def story_framing(order: Sequence[Article], units: Units, alone: Sequence[Sequence[OnlyFact]]) -> StoryFraming:
    """Per-actor framing and one-outlet context of a story whose members are ``order`` (id order)."""
    names = display_names(tuple(u for a in order for u in units[a.id]))
    actors = []
    for key in _actors(order, units):
        views = tuple(v for a in order if (v := _view(a, key, units)) is not None)
        actors.append(ActorFraming(key, names.get(key, key), views))
    return StoryFraming(tuple(actors), tuple(_context(order, alone, units, names)))

