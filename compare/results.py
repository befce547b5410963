"""What a run found: the values every report and every JSON output is rendered from.

The pipeline computes all of it (reprint families, story fact rows, display
names included) so the report layer only formats; nothing here is computed
on access.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from compare.facts.values import FactComparison, FactRow, OnlyFact, StoryFraming, Units
from compare.models import (
    Article,
    Boilerplate,
    Cluster,
    Params,
    PassageComparison,
    ReprintFamily,
    ReuseCluster,
    Similarity,
    Skipped,
)


@dataclass(frozen=True)
class PairResult:
    """Everything compare found about one pair that is related or shares passages.

    ``related`` marks near-duplicates (the thresholds passed); other pairs are
    here because they share a passage of at least ``Params.min_shared``
    shingles that no third article has, and are among the strongest
    ``Params.max_partners`` partners of one of them.
    """

    similarity: Similarity
    related: bool = True
    alignment: PassageComparison | None = None
    facts: FactComparison | None = None


@dataclass(frozen=True)
class StoryResult:
    """Articles on one story (same names and facts, copied text or not) and their fact comparisons.

    ``rows`` is the fact-by-outlet matrix (one row per fact at least two
    members report, one cell per member in id order) and ``alone`` what each
    member alone reports, both computed by the pipeline so the story report
    only formats them.
    """

    id: str
    members: tuple[str, ...]
    entities: tuple[str, ...]
    comparisons: dict[tuple[str, str], FactComparison]
    rows: tuple[FactRow, ...] = ()
    alone: tuple[tuple[OnlyFact, ...], ...] = ()
    thread: str = ""
    framing: StoryFraming | None = None  # per actor, and context one outlet alone gives


@dataclass(frozen=True)
class ThreadResult:
    """Articles on the same people and places, split into stories by event (``compare.facts.events``).

    ``stories`` are the ids of its stories (two or more articles on one
    moment), in order of their first date; ``loose`` the articles that are
    the only report of their moment.
    """

    id: str
    entities: tuple[str, ...]
    stories: tuple[str, ...]
    loose: tuple[str, ...] = ()


@dataclass(frozen=True)
class CorpusResult:
    """The outcome of one run, from which every report is rendered.

    ``units`` holds every article's fact units by id: a value of the run, so
    nothing reads them from a module's memory.
    """

    params: Params
    articles: tuple[Article, ...]
    word_counts: dict[str, int]
    shingle_counts: dict[str, int]
    pairs: tuple[PairResult, ...]
    clusters: tuple[Cluster, ...]
    matrix: tuple[Similarity, ...] = ()
    skipped: tuple[Skipped, ...] = field(default=())
    stories: tuple[StoryResult, ...] = ()
    families: tuple[ReprintFamily, ...] = ()
    units: Units = field(default_factory=dict)
    threads: tuple[ThreadResult, ...] = ()
    reuse: tuple[ReuseCluster, ...] = ()  # every passage two or more articles share, with all witnesses
    # Distinct pairs sharing a passage, and how many of them have no pair result (told by ``reuse``).
    sharing_pairs: tuple[int, int] = (0, 0)
    boilerplate: tuple[Boilerplate, ...] = ()  # sentences cut from the bodies before any comparison
