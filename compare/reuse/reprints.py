"""Reprint families: groups of articles that are copies of one text.

Pairs judged "exact copy" or "reprint" are joined transitively (connected components),
so a wire story taken by five outlets is one family even when only some of
its pairs were compared. The probable original is claimed only on evidence
(dates, the originator's own page, the agency's byline: see
``compare.reuse.origin``), else it is unknown and the reason names what is
missing.
"""

from __future__ import annotations

from collections.abc import Iterable

from compare.graph import connected_components
from compare.models import Article, PassageComparison, ReprintFamily
from compare.reuse.origin import probable_original
from compare.reuse.passages import EXACT, REPRINT


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
        origin = probable_original(members)
        families.append(ReprintFamily(tuple(sorted(ids)), origin.original, origin.reason))
    return tuple(sorted(families, key=lambda f: (-len(f.members), f.members)))
