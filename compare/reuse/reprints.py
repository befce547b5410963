"""Reprint families: groups of articles that are copies of one text.

Pairs judged "exact copy" or "reprint" are joined transitively (connected components),
so a wire story taken by five outlets is one family even when only some of
its pairs were compared. The probable original is claimed only on evidence
(dates, the originator's own page, the agency's byline: see
``compare.reuse.origin``), else it is unknown and the reason names what is
missing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

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


def families_by_member(families: Sequence[ReprintFamily]) -> dict[str, ReprintFamily]:
    """Each family member's family (an article is in at most one), for looking pairs up in one step."""
    return {member: family for family in families for member in family.members}


def with_family_origin(pc: PassageComparison, by_member: Mapping[str, ReprintFamily]) -> PassageComparison:
    """A pair's likely original as its family judges it, so a pair report never contradicts the index.

    Two copies alone can lack the evidence their family has (the third copy that credits AFP shows
    whose page the original is), so a pair inside a family of three or more takes the family's
    original and reason; when the original is a third article, this pair's is unknown and says so.
    ``by_member``: :func:`families_by_member` of the run's families.
    """
    family = by_member.get(pc.a_id)
    if family is None or pc.b_id not in family.members or len(family.members) < 3:
        return pc
    across = f"judged across its family of {len(family.members)} copies"
    if family.original is None or family.original in (pc.a_id, pc.b_id):
        return replace(pc, likely_original=family.original, original_reason=f"{family.reason} ({across})")
    return replace(pc, likely_original=None, original_reason=(
        f"unknown: both copy {family.original}, the probable original of their family ({family.reason}; {across})"))
