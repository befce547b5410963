"""The values the fact layer passes around: fact units and what comparing two articles' units found.

They live apart from the code that makes them so that results, reports and
the cache can hold them without importing (or cycling back into) the
extraction and matching stages.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from compare.facts import entities as ent
from compare.facts.date_mentions import DateMention
from compare.models import Span


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
    """A unit reported by one side only, with the entity it is grouped under.

    ``part``: where the rest of the sentence is reported by others, the clause no one else reports
    ("..., making it the deadliest ferry accident since 1990"); None when the whole unit is one side's.
    """

    unit: FactUnit
    about: str
    part: Span | None = None

    @property
    def part_text(self) -> str:
        """The words of ``part`` ("" when the whole unit is one side's)."""
        if self.part is None:
            return ""
        return self.unit.text[self.part.start - self.unit.span.start : self.part.end - self.unit.span.start]


@dataclass(frozen=True)
class Conflict:
    """The same fact with a different number, date or name in the same slot (``compare.facts.slots``)."""

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


@dataclass(frozen=True)
class FactRow:
    """One fact of a story: the unit of each article that reports it (None where absent).

    ``disagree`` marks the cells whose article is on one side of a conflict
    in this row: only those outlets disagree, not every outlet reporting it.
    """

    cells: tuple[FactUnit | None, ...]
    labels: tuple[str, ...]
    conflicts: tuple[Conflict, ...]
    disagree: tuple[bool, ...] = ()

    @property
    def outlets(self) -> int:
        """How many articles report the fact."""
        return sum(c is not None for c in self.cells)


# The fact units of a run's articles by article id: extracted once, passed to every stage that compares them.
Units = Mapping[str, tuple[FactUnit, ...]]


@dataclass(frozen=True)
class ActorView:
    """How one outlet presents one person or organisation.

    ``called``: epithets and descriptions in place of or beside the name
    ("the Russian strongman", "a judoist"); ``verbs``: the attribution verbs
    attached to their words ("insisted", "said"); ``tone``: hedges,
    intensifiers and evaluative words in the sentences about them, each as
    "word (tag)".
    """

    article: str
    called: tuple[str, ...] = ()
    verbs: tuple[str, ...] = ()
    tone: tuple[str, ...] = ()


@dataclass(frozen=True)
class ActorFraming:
    """One actor of a story and how each outlet that names them presents them (members in id order)."""

    key: str
    name: str
    views: tuple[ActorView, ...]


@dataclass(frozen=True)
class ContextNote:
    """Context one outlet alone gives: who it brings in, the sentences, and what they are used for.

    ``link`` is the connective that ties the context to the story ("especially
    after", "because"; "" when the sentences stand alone as background) and
    ``claim`` the words it is attached to ("few believe Putin is likely to
    cave ...").
    """

    article: str
    about: str
    units: tuple[FactUnit, ...]
    link: str = ""
    claim: str = ""


@dataclass(frozen=True)
class StoryFraming:
    """Framing across a story: per actor, and the context only one outlet gives."""

    actors: tuple[ActorFraming, ...] = ()
    context: tuple[ContextNote, ...] = ()
