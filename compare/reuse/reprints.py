"""Reprint families: groups of articles that are copies of one text.

Pairs judged "exact copy" or "reprint" are joined transitively (connected components),
so a wire story taken by five outlets is one family even when only some of
its pairs were compared. The probable original is the earliest dated member
(republishers post after the wire); with no dates, the longest member, since
republishers cut far more often than they add.
"""

from __future__ import annotations

from collections.abc import Iterable

from compare.graph import connected_components
from compare.models import Article, PassageComparison, ReprintFamily
from compare.neardup.shingles import tokenize
from compare.reuse.passages import EXACT, REPRINT, parse_date


def _probable_original(members: list[Article]) -> tuple[str, str]:
    """(id, reason): earliest date when any member is dated, else most words."""
    words = {m.id: len(tokenize(m.text, m.paragraphs)) for m in members}
    dated = [(when, -words[m.id], m.id) for m in members if (when := parse_date(m.date)) is not None]
    if dated:
        when, _, best = min(dated)
        return best, f"earliest date ({when.date().isoformat()})"
    best = min(members, key=lambda m: (-words[m.id], m.id)).id
    return best, f"no dates; the longest text ({words[best]} words)"


def reprint_families(
    comparisons: Iterable[PassageComparison], articles: Iterable[Article]
) -> tuple[ReprintFamily, ...]:
    """Families from the related pairs' comparisons, largest first, then by first member."""
    by_id = {a.id: a for a in articles}
    copies = [(pc.a_id, pc.b_id) for pc in comparisons if pc.verdict in (EXACT, REPRINT)]
    families = []
    for ids in connected_components((), copies):
        members = [by_id[i] for i in sorted(ids) if i in by_id]
        if len(members) < 2:
            continue
        original, reason = _probable_original(members)
        families.append(ReprintFamily(tuple(sorted(ids)), original, reason))
    return tuple(sorted(families, key=lambda f: (-len(f.members), f.members)))
