"""Frozen values passed between the stages of compare: the ground floor, importing no stage.

Every offset in these values is a Python string index into ``Article.text``,
the file's text as decoded (UTF-8, BOM removed) before any other
normalisation, so ``article.text[span.start:span.end]`` is always the thing
a finding talks about.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from compare.errors import UsageError

# Progress of a long stage: (stage name, amount done since the last call, total); the CLI draws it.
Progress = Callable[[str, int, int], None]


def silent(stage: str, done: int, total: int) -> None:
    """The default progress: nothing."""


@dataclass(frozen=True, order=True)
class Span:
    """A half-open character range ``[start, end)`` into an article's text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"span must satisfy 0 <= start <= end, got [{self.start}, {self.end})")

    def slice(self, text: str) -> str:
        return text[self.start : self.end]


@dataclass(frozen=True)
class Agency:
    """A wire agency credit and where it was found.

    ``role`` separates who wrote the copy ("byline", "dateline") from who
    took the picture ("photo"): a photo credit is not a copy credit.
    """

    name: str
    role: str
    span: Span


@dataclass(frozen=True)
class RemovedLine:
    """A line of the file kept out of the compared body, and why."""

    span: Span
    reason: str


@dataclass(frozen=True)
class Boilerplate:
    """A sentence printed in many otherwise unrelated articles of a corpus, removed from their bodies.

    ``text`` is the sentence as the first carrier (by id) prints it; ``articles`` are the carriers' ids.
    """

    text: str
    articles: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.articles)


@dataclass(frozen=True)
class Article:
    """One input article: its original text and the parts of it that matter.

    ``paragraphs`` are the body paragraphs used for comparison; chrome,
    captions and repeated lines are not in them but are recorded so a
    report can say what was left out.
    """

    id: str
    text: str
    title: str
    paragraphs: tuple[Span, ...]
    source_format: str = "txt"
    outlet: str | None = None
    url: str | None = None
    date: str | None = None
    dateline: str | None = None
    author: str | None = None
    agencies: tuple[Agency, ...] = ()
    captions: tuple[Span, ...] = ()
    removed: tuple[RemovedLine, ...] = ()
    title_from_body: bool = False  # no headline line or given title: the first sentence, cut at a word

    @property
    def body(self) -> str:
        """The compared body as plain text, paragraphs separated by blank lines."""
        return "\n\n".join(" ".join(p.slice(self.text).split()) for p in self.paragraphs)


@dataclass(frozen=True)
class Skipped:
    """An input file that was not read, or was read only after a repair."""

    path: str
    reason: str


MAX_GAP_LIMIT = 20  # the passage aligner tries every gap shape up to max_gap: quadratic in it


@dataclass(frozen=True)
class Params:
    """The knobs of a run; part of every report so a reader can reproduce it."""

    shingle_size: int = 5
    num_perm: int = 128
    threshold: float = 0.5
    containment: float = 0.8
    seed: int = 1
    min_shared: int = 8
    max_gap: int = 3  # differing words a shared passage may bridge on each side
    max_partners: int = 3  # pair reports an article gets beyond its near-duplicates, strongest first

    def __post_init__(self) -> None:
        """Reject parameters that would make results meaningless, once, where they are built, saying the rule."""
        if self.shingle_size < 1:
            raise UsageError(f"shingle size must be >= 1, got {self.shingle_size}")
        if not 2 <= self.num_perm <= 1024:
            raise UsageError(f"num_perm must be in [2, 1024], got {self.num_perm}")
        for name, value in (("threshold", self.threshold), ("containment", self.containment)):
            if not 0.0 <= value <= 1.0:
                raise UsageError(f"{name} must be in [0, 1], got {value}")
        if not 0 <= self.max_gap <= MAX_GAP_LIMIT:
            raise UsageError(f"max gap must be in [0, {MAX_GAP_LIMIT}] words, got {self.max_gap}")
        if self.max_partners < 0:
            raise UsageError(f"max partners must be >= 0, got {self.max_partners}")


@dataclass(frozen=True)
class Similarity:
    """Exact set figures for one pair of articles, computed on shingle sets."""

    a: str
    b: str
    jaccard: float
    containment_a: float
    containment_b: float
    shared: int


@dataclass(frozen=True)
class Passage:
    """A stretch of text two articles share, verbatim or lightly edited."""

    a: Span
    b: Span
    a_text: str
    b_text: str
    diff: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True)
class Edit:
    """One change a republisher made: kind is cut, add, substitute or attribution."""

    kind: str
    a_text: str
    b_text: str


@dataclass(frozen=True)
class PassageComparison:
    """What the passage aligner found for one pair; edits say how ``b`` differs from ``a``.

    Coverage counts words inside verbatim or lightly edited passages; ordered
    overlap counts content words the other side has in the same order, so a
    sentence-by-sentence rewrite shows there even when its passages are few.
    """

    a_id: str
    b_id: str
    passages: tuple[Passage, ...]
    coverage_a: float
    coverage_b: float
    verdict: str
    edits: tuple[Edit, ...]
    likely_original: str | None
    words_a: int = 0
    words_b: int = 0
    shared_words_a: int = 0
    shared_words_b: int = 0
    ordered_a: float = 0.0
    ordered_b: float = 0.0
    original_reason: str = ""  # the evidence for ``likely_original``, or what is missing

    @property
    def reuse_a(self) -> float:
        """How much of a is reused in b, verbatim or reworded in order: the mean of both measures.

        Equal weights, not fitted: verbatim text counts twice (it is in order
        too), which is the stronger evidence.
        """
        return (self.coverage_a + self.ordered_a) / 2

    @property
    def reuse_b(self) -> float:
        return (self.coverage_b + self.ordered_b) / 2


@dataclass(frozen=True)
class Cluster:
    """Articles joined by related pairs; the representative is the longest."""

    members: tuple[str, ...]
    representative: str


@dataclass(frozen=True)
class ReprintFamily:
    """Articles that copy one text; ``members`` sorted, ``original`` among them or None (unknown).

    ``reason`` is the evidence for the original, or the evidence missing.
    """

    members: tuple[str, ...]
    original: str | None
    reason: str


@dataclass(frozen=True)
class Witness:
    """One article's copy of a reused passage: where it is, and the text as that article has it.

    ``edits`` say how this copy differs from the cluster's first witness
    (empty for that one, and for a copy that agrees word for word).
    """

    article: str
    span: Span
    text: str
    words: int
    edits: tuple[Edit, ...] = ()


@dataclass(frozen=True)
class ReuseCluster:
    """A passage two or more articles share, with all its witnesses (passim's reuse cluster).

    ``witnesses`` come in date order where dates are known, then by id; the
    ``id`` derives from the passage's own shingles, so it survives new
    articles. ``outlets`` counts distinct outlets, an article of unknown
    outlet counting as one of its own.
    """

    id: str
    witnesses: tuple[Witness, ...]
    outlets: int

    @property
    def articles(self) -> tuple[str, ...]:
        return tuple(w.article for w in self.witnesses)
