"""Reprint families: groups of articles that are copies of one text.

Pairs judged "exact copy" or "reprint" are joined transitively (a union-find),
so a wire story taken by five outlets is one family even when only some of
its pairs were compared. The probable original is claimed only on evidence
(dates, the originator's own page, the agency's byline: see
``compare.reuse.origin``), else it is unknown and the reason names what is
missing.
"""

from __future__ import annotations

from collections.abc import Iterable

from compare.models import Article, PassageComparison, ReprintFamily
from compare.reuse.origin import probable_original
from compare.reuse.passages import EXACT, REPRINT


def _find(parent: dict[str, str], item: str) -> str:
    while parent.setdefault(item, item) != item:
        parent[item] = parent[parent[item]]  # path halving keeps chains short
        item = parent[item]
    return item


def reprint_families(
    comparisons: Iterable[PassageComparison], articles: Iterable[Article]
) -> tuple[ReprintFamily, ...]:
    """Families from the related pairs' comparisons, largest first, then by first member."""
    by_id = {a.id: a for a in articles}
    parent: dict[str, str] = {}
    for pc in comparisons:
        if pc.verdict in (EXACT, REPRINT):
            parent[_find(parent, pc.a_id)] = _find(parent, pc.b_id)
    groups: dict[str, list[str]] = {}
    for item in list(parent):
        groups.setdefault(_find(parent, item), []).append(item)
    families = []
    for ids in groups.values():
        members = [by_id[i] for i in sorted(ids) if i in by_id]
        if len(members) < 2:
            continue
        origin = probable_original(members)
        families.append(ReprintFamily(tuple(sorted(ids)), origin.original, origin.reason))
    return tuple(sorted(families, key=lambda f: (-len(f.members), f.members)))
