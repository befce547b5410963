"""Which copy of a text is the original: claimed only on evidence, with the evidence named.

"The earliest date" is no evidence when the other copies carry no date, and
a longer text is no evidence at all (a blog repost of the broadcaster's page
is as long as the page). Three kinds of evidence count, each read from what
the articles themselves say:

1. Dates: every copy is dated and one is strictly earlier than all others,
   by day, or by time of day when both dates carry a time. One undated
   copy voids the test: it may be the earliest.
2. Own page: a copy published by the originator (its outlet, or its URL's
   host, is the agency the other copies credit, or an outlet another copy
   names) against copies that are not that originator's page (reposts).
3. Byline: exactly one copy carries the originating agency's copy credit
   (a byline or dateline credit, not a photo credit) and the others credit
   it nowhere, or only in running text (a re-credit or no credit), and no
   copy is longer (an original lacking a paragraph its copy has is a cut
   copy itself). Only for copies of one text: two reports that merely
   share passages may come from different days of the same agency's wire.

When the kinds of evidence that fire name different copies, nothing is
claimed ("the evidence disagrees"). With none, the answer is unknown and the
reason says which evidence is missing ("only one copy is dated").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from compare.ingest.outlets import AGENCIES, host_of, outlet_for_domain
from compare.models import Article
from compare.neardup.shingles import tokenize

COPY_ROLES = ("byline", "dateline")  # credits that say who wrote the copy; a photo credit does not
# Outlets that are an agency's own site under another name ("AP News" is the AP's).
AGENCY_SITES = (("AP News", "AP"), ("Kyodo News", "Kyodo"), ("TASS", "TASS"), ("Reuters", "Reuters"),
                ("AFP", "AFP"))


@dataclass(frozen=True)
class Origin:
    """The probable original (None: unknown) and why, in words a report prints beside the claim."""

    original: str | None
    reason: str


def parse_when(date: str | None) -> tuple[datetime, bool] | None:
    """(when, has a time of day) of an ISO date, None when missing or unreadable; zones are dropped."""
    try:
        parsed = datetime.fromisoformat(date) if date else None
    except ValueError:
        return None
    return (parsed.replace(tzinfo=None), "T" in date or " " in date.strip()) if parsed and date else None


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _earlier(x: tuple[datetime, bool], y: tuple[datetime, bool]) -> bool:
    """Strictly earlier: by time when both carry one, else by day."""
    if x[1] and y[1]:
        return x[0] < y[0]
    return x[0].date() < y[0].date()


def _date_evidence(members: Sequence[Article]) -> Origin:
    when = {m.id: parse_when(m.date) for m in members}
    dated = [m.id for m in members if when[m.id] is not None]
    if len(dated) < len(members):
        undated = _count(len(members) - len(dated), "copy carries", "copies carry")
        missing = "no copy is dated" if not dated else (
            f"only {dated[0]} is dated" if len(dated) == 1 else f"{undated} no date")
        return Origin(None, missing)
    known = {key: value for key, value in when.items() if value is not None}
    for m in members:
        if all(_earlier(known[m.id], known[o.id]) for o in members if o.id != m.id):
            rest = sorted({o.date or "" for o in members if o.id != m.id})
            return Origin(m.id, f"earliest date ({m.date}; the others {', '.join(rest)})")
    days = {m.date for m in members}
    return Origin(None, f"every copy carries the same date ({days.pop()})" if len(days) == 1 else
                  "no copy is dated earlier than all the others")


def agency_of_outlet(outlet: str | None) -> str | None:
    """The agency whose own site an outlet is ("AFP", "AP News" -> AP), else None."""
    if not outlet:
        return None
    for site, agency in AGENCY_SITES:
        if outlet.casefold() == site.casefold():
            return agency
    return next((a.name for a in AGENCIES if outlet in a.credit), None)


def publisher(article: Article) -> str | None:
    """Who published a copy: the outlet its URL's host belongs to, else its stated outlet."""
    return (outlet_for_domain(article.url) if article.url else None) or article.outlet


def _copy_credits(article: Article) -> frozenset[str]:
    return frozenset(a.name for a in article.agencies if a.role in COPY_ROLES)


def _names(article: Article, outlet: str) -> bool:
    """Whether an article's text names an outlet (a re-credit: "Source: BBC", "(Reuters)")."""
    bare = outlet.removeprefix("The ")
    return re.search(rf"(?<!\w){re.escape(bare)}(?!\w)", article.text) is not None


def _page_evidence(members: Sequence[Article]) -> Origin:
    """A copy on the originator's own page, the originator credited or named by another copy."""
    found = []
    for m in members:
        own = publisher(m)
        others = [o for o in members if o.id != m.id]
        if not own or any(publisher(o) == own for o in others):
            continue
        agency = agency_of_outlet(own)
        crediting = [o.id for o in others if (agency and agency in _copy_credits(o)) or _names(o, own)]
        if crediting:
            found.append((m, own, crediting))
    if len(found) != 1:
        return Origin(None, "no copy is the originating outlet's own page" if not found else
                      "several copies are an originating outlet's own page")
    page, own, crediting = found[0]
    where = f" ({host})" if page.url and (host := host_of(page.url)) else ""
    silent = [m.id for m in members if m.id not in crediting and m.id != page.id]
    reason = f"{own}'s own page{where}; {', '.join(crediting)} credit{'s' * (len(crediting) == 1)} {own}"
    return Origin(page.id, reason + (f", {', '.join(silent)} credit{'s' * (len(silent) == 1)} nobody"
                                     if silent else ""))


def _byline_evidence(members: Sequence[Article]) -> Origin:
    """The only copy with an agency's copy credit: the others re-credit it ("Agencies") or credit nobody."""
    credited = [m for m in members if _copy_credits(m) - {agency_of_outlet(publisher(m))}]
    if len(credited) != 1 or any(agency_of_outlet(publisher(m)) for m in members):  # an agency's page: rule 2
        return Origin(None, "no copy alone carries an agency's byline")
    words = {m.id: len(tokenize(m.text, m.paragraphs)) for m in members}
    if any(words[m.id] > words[credited[0].id] for m in members):  # it lacks text a copy has: a cut copy
        return Origin(None, f"the only copy with an agency's byline, {credited[0].id}, is not the longest")
    names = ", ".join(sorted(_copy_credits(credited[0])))
    others = [m.id for m in members if m.id != credited[0].id]
    verb = "carries" if len(others) == 1 else "carry"
    return Origin(credited[0].id, f"the only copy with {names}'s byline; {', '.join(others)} {verb} no agency credit")


def probable_original(members: Sequence[Article], copies: bool = True) -> Origin:
    """The original of ``members`` (sorted by id) on evidence, else unknown with what is missing.

    ``copies`` is False for articles that only share passages: then only
    dates count (see the module's rule 3).
    """
    members = sorted(members, key=lambda m: m.id)
    tests = [_date_evidence(members)]
    if copies:
        tests += [_page_evidence(members), _byline_evidence(members)]
    claims = [t for t in tests if t.original is not None]
    if not claims:
        return Origin(None, "unknown: " + "; ".join(t.reason for t in tests))
    if len({t.original for t in claims}) > 1:
        return Origin(None, "unknown: the evidence disagrees (" + "; ".join(
            f"{t.original}: {t.reason}" for t in claims) + ")")
    return Origin(claims[0].original, "; ".join(t.reason for t in claims))
