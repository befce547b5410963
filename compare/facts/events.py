"""Stories by event: a thread of articles on the same people and places, split into its moments.

Names and shared facts tie a running story together: the boys missing in a
cave, found alive, rescued, seen on video are one thread, since every report
names the same cave, team and governor and repeats the background. They are
four stories, though: different days, different facts. Within a thread:

1. Two articles can be one event only when their dates are at most
   ``EVENT_DAYS`` apart (or one is undated): reports of one moment come out
   the same day or the next; a later report is a later moment.
2. Two articles are linked when they can be one event and share at least
   ``EVENT_SHARE`` of the facts of the shorter one (shared facts over its
   fact units): background repeated across a thread is a sentence or two,
   an event's own coverage shares most of its facts.
3. Links join articles greedily, strongest share first (ties by ids), and
   two groups join only when every pair across them can be one event, so a
   chain of day-by-day reports never merges the first day with the last.
4. Near-duplicates (``copies``: the same text, reprinted) are one report of
   one moment whenever each copy was posted: they are joined first, and the
   report is dated by its earliest copy (its first posting).

Datelines are not used: one moment is often reported from two places (the
cave's town and the provincial capital, Moscow and Tokyo).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from compare.facts.stories import Story, make_story
from compare.facts.values import FactComparison, Units
from compare.models import Article

EVENT_DAYS = 1  # most days between two reports of one moment
EVENT_SHARE = 0.25  # share of the shorter article's facts two reports of one moment share


def day_of(article: Article) -> date | None:
    """The day an article is dated (the ISO date's first ten characters), or None."""
    try:
        return date.fromisoformat(article.date[:10]) if article.date else None
    except ValueError:
        return None


def can_be_one_event(a: Article, b: Article) -> bool:
    """Rule 1: at most ``EVENT_DAYS`` apart, or a date unknown."""
    return _close(day_of(a), day_of(b))


def _close(day_a: date | None, day_b: date | None) -> bool:
    return day_a is None or day_b is None or abs((day_a - day_b).days) <= EVENT_DAYS


def fact_share(comparison: FactComparison | None, size_a: int, size_b: int) -> float:
    """Shared facts over the fact units of the shorter article (rule 2)."""
    smaller = min(size_a, size_b)
    return len(comparison.shared) / smaller if comparison is not None and smaller else 0.0


def split_events(members: Sequence[Article], units: Units, comparisons: Mapping[tuple[str, str], FactComparison],
                 copies: frozenset[tuple[str, str]] = frozenset()) -> list[tuple[str, ...]]:
    """The events of one thread as groups of article ids (singletons too), each sorted, by first id.

    ``copies`` are the id pairs (sorted) of near-duplicates (rule 4): each
    set of copies is one report, dated by its first posting.
    """
    ordered = sorted(members, key=lambda a: a.id)
    report = _reports(ordered, copies)
    dated = {a.id: day_of(a) for a in ordered}
    day = {r: min((d for m in r if (d := dated[m]) is not None), default=None) for r in set(report.values())}
    cluster = {r: frozenset({r}) for r in day}
    links = []
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            share = fact_share(comparisons.get((a.id, b.id)), len(units[a.id]), len(units[b.id]))
            if share >= EVENT_SHARE and report[a.id] != report[b.id]:
                links.append((-share, a.id, b.id))
    for _, x, y in sorted(links):
        first, second = cluster[report[x]], cluster[report[y]]
        if first == second or not all(_close(day[p], day[q]) for p in first for q in second):
            continue
        for r in first | second:
            cluster[r] = first | second
    return sorted({tuple(sorted(m for r in c for m in r)) for c in cluster.values()})


def _reports(ordered: Sequence[Article], copies: frozenset[tuple[str, str]]) -> dict[str, tuple[str, ...]]:
    """Each article's report: the sorted ids of it and its copies (rule 4), joined transitively."""
    group = {a.id: (a.id,) for a in ordered}
    for x, y in sorted(copies):
        if x in group and y in group and group[x] != group[y]:
            joined = tuple(sorted(group[x] + group[y]))
            for member in joined:
                group[member] = joined
    return group


def thread_events(thread: Story, articles: Mapping[str, Article], units: Units,
                  comparisons: Mapping[tuple[str, str], FactComparison],
                  copies: frozenset[tuple[str, str]] = frozenset()) -> tuple[list[Story], tuple[str, ...]]:
    """The stories of one thread (events of two or more articles, by first date) and its lone articles.

    A thread that is one event keeps the thread's id, so its report keeps
    its name; each event of a longer thread is named after the thread and
    its first day ("cave-rescue-2024-07-02").
    """
    events = split_events([articles[m] for m in thread.members], units, comparisons, copies)
    loose = tuple(m for group in events if len(group) == 1 for m in group)
    found = [group for group in events if len(group) > 1]
    found.sort(key=lambda g: (min((str(day_of(articles[m])) for m in g if day_of(articles[m])), default="~"), g))
    stories = []
    for group in found:
        story = make_story([articles[m] for m in group], units)
        first = min((day_of(articles[m]) for m in group if day_of(articles[m])), default=None)
        name = thread.id if len(found) == 1 and not loose else f"{thread.id}-{first or 'undated'}"
        stories.append(Story(name, story.members, story.entities))
    return stories, loose
