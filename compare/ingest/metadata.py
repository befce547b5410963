"""Infer title, outlet, date, dateline and agency credits from a page's head and foot.

Reports must say who published what, where and when, but saved pages rarely
say so in fields: the facts are scattered over the chrome around the story.
Each head or foot line (see ``cleanup.lay_out``) is classified once, by
shape: a date line, a dateline ("Nagato, Japan"), a credit line ("Nagato,
Japan, AFP"), a site's domain or name, or plain chrome; the headline is the
best remaining candidate. Values given by the user (front matter, JSON
fields, HTML metadata) are passed in as ``Given`` and always win.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from compare.ingest.cleanup import Layout, Line, is_prose, line_key, photo_credit
from compare.ingest.dates import date_on_line, date_span, is_date_line
from compare.ingest.outlets import domain_of_line, find_agencies, outlet_for_domain, outlet_for_name
from compare.models import Agency, Span

_CAP_WORD = r"(?:[A-Z][\w'’.-]*|of|de|la|el|al|am|an|der|upon)"
_PLACE_PART = re.compile(rf"^[A-Z][\w'’.-]*(?:[ -]{_CAP_WORD}){{0,3}}$")
_BY = re.compile(r"^(?:by|from|with inputs from|source|agencies?)\b\s*:?\s*", re.IGNORECASE)
# A person or desk credited on its own line: "By Jane Doe", "By Our Correspondents", "Staff Reporter",
# "Our correspondent in Moscow". Headlines must not match, so names are capitalised words and
# a desk credit may only add where it is.
_BYLINE = re.compile(
    r"^(?:(?:[Pp]osted|[Ww]ritten|[Rr]eported)\s+by|[Bb]y|BY)\s+(?P<who>(?:[Oo]ur\b|[A-Z])[^\d.!?:;|]{0,60})$"
)
_PLACE_TAIL = r"(?:\s+(?:in|from)\s+|,\s*)[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2}"
_DESK_CREDIT = re.compile(
    r"^(?:(?:[Oo]ur|[Ss]pecial|[Ss]taff|[Ff]rom [Oo]ur)\s+)+(?:[Oo]wn\s+)?"
    rf"(?:[Cc]orrespondents?|[Rr]eporters?|[Ss]taff|[Bb]ureau|[Ww]riters?)(?:{_PLACE_TAIL})?$"
)
_NAME_CONNECTORS = frozenset({"and", "our", "own", "staff", "special", "correspondent", "correspondents",
                              "reporter", "reporters", "writer", "writers", "bureau", "in", "de", "van", "von",
                              "der", "al", "bin"})
MAX_BYLINE_WORDS = 7
_LIST_MARKS = re.compile(r"\s[|•·/]\s|»|›")
_WEATHER = re.compile(r"°|\b\d+\s*(?:mm|km/h|%)")
MAX_OUTLET_WORDS = 6
"""Most words in an outlet's name on a credit line."""
_OUTLET_WORDS = frozenset({
    "news", "times", "post", "herald", "press", "journal", "tribune", "daily", "radio", "tv", "television", "agency",
    "media", "network", "broadcasting", "gazette", "telegraph", "express", "mail", "chronicle", "observer", "welle",
    "standard", "guardian", "independent", "today", "review", "weekly", "magazine", "wire", "bulletin",
})
_POST_CREDIT = re.compile(r"\(@\w{1,30}\)")
"""The attribution of a quoted social post ("— Jane Roe (@janeroe) May 1, 2019"): dated, but part of the quote."""
MIN_TITLE_WORDS = 2
MAX_TITLE_WORDS = 25
"""Most words a headline line has; a longer line is a standfirst or body text, not a title."""
MAX_TITLE_CHARS = 180
"""Most characters a headline line has (long headlines run to about 150)."""
HEADLINE_SIMILARITY = 90
"""rapidfuzz ratio (0-100) at which a line is the metadata title printed with small differences."""
_TITLE_FOLLOWERS = frozenset({"date", "dateline", "credit"})


@dataclass(frozen=True)
class Given:
    """Metadata the user supplied; any field set here overrides inference."""

    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    date: str | None = None
    author: str | None = None
    agencies: tuple[Agency, ...] = ()


@dataclass
class Inferred:
    """What the head and foot lines say, and why each of those lines is not body."""

    title: str | None = None
    title_line: int | None = None
    outlet: str | None = None
    date: str | None = None
    dateline: str | None = None
    author: str | None = None
    agencies: list[Agency] = field(default_factory=list)
    reasons: dict[int, str] = field(default_factory=dict)


def _place_parts(text: str) -> tuple[list[str], list[tuple[str, int, int]]] | None:
    """Place names and trailing agency credits of a dateline line, or None if it is not one.

    "Nagato, Japan, AFP" -> (["Nagato", "Japan"], [AFP]); "MOSCOW" -> (["MOSCOW"], []).
    """
    if any(ch.isdigit() for ch in text) or outlet_for_name(text):
        return None
    parts = [p.strip() for p in text.split(",")]
    agencies: list[tuple[str, int, int]] = []
    while parts and (hits := find_agencies(parts[-1])) and len(hits) == 1 and hits[0][2] - hits[0][1] == len(parts[-1]):
        start = text.rindex(parts[-1])
        agencies.insert(0, (hits[0][0], start, start + len(parts[-1])))
        parts.pop()
    if not parts or len(parts) > 3 or not all(_PLACE_PART.match(p) for p in parts):
        return None
    if len(parts) == 1 and not agencies and not (parts[0].isupper() and len(parts[0]) > 2):
        return None
    return parts, agencies


def place_name(raw: str) -> str:
    """A dateline place as a report shows it: "MOSCOW" -> "Moscow", "Nagato" unchanged."""
    return raw.title() if raw.isupper() else raw


def _credit_line(text: str) -> list[tuple[str, int, int]]:
    """Agencies credited by a short line such as "By AFP" or "(With inputs from PTI)"."""
    core = text.strip("()[]—–- ")
    rest = _BY.sub("", core)
    hits = find_agencies(rest)
    leftover = rest
    for _, start, end in reversed(hits):
        leftover = leftover[:start] + leftover[end:]
    if not hits or len(re.findall(r"\w+", leftover)) > 3:
        return []
    offset = text.index(core) + core.index(rest) if rest in core else 0
    return [(name, offset + s, offset + e) for name, s, e in hits]


def _classify(line: Line, in_head: bool, found: Inferred, dates: list[tuple[int, int, str]]) -> str:
    """The reason a head or foot line is not body, recording what it says on the way."""
    text = line.text
    if is_date_line(text) and not _POST_CREDIT.search(text):
        mention = date_on_line(text)
        if mention:
            dates.append((mention.rank, line.index, mention.iso))
        if in_head and (outlet := credited_outlet(text)):
            found.outlet = found.outlet or outlet
            return "credit"
        return "date"  # a "today" banner is still a date line, never a headline
    place = _place_parts(text) if in_head else None
    if place:
        parts, credits = place
        found.dateline = found.dateline or place_name(parts[0])
        found.agencies += [Agency(n, "byline", Span(line.start + s, line.start + e)) for n, s, e in credits]
        return "dateline"
    credits = _credit_line(text)
    if credits:
        found.agencies += [Agency(n, "byline", Span(line.start + s, line.start + e)) for n, s, e in credits]
        return "credit"
    author = byline_author(text) if in_head else None
    if author:
        found.author = found.author or author
        return "credit"
    return "chrome" if in_head else "footer"


def credited_outlet(text: str) -> str | None:
    """The outlet a "<name>, <date>" credit line names ("Deutsche Welle, 15 December 2016"), if it names one.

    The name must be an outlet of the table, a wire agency, or read as a
    news organisation (capitalised words with one of ``_OUTLET_WORDS``), so
    a dateline place with a date ("Nagato, Japan, Dec 15, 2016") is never
    taken for a publisher.
    """
    span = date_span(text)
    if span is None:
        return None
    rest = (text[: span[0]] + " " + text[span[1] :]).strip(" ,;:-–—|·()")
    if not rest or len(rest.split()) > MAX_OUTLET_WORDS:
        return None
    if (known := outlet_for_name(rest)) is not None:
        return known
    agencies = find_agencies(rest)
    if len(agencies) == 1 and agencies[0][1:] == (0, len(rest)):
        return agencies[0][0]
    words = rest.split()
    named = all(w[:1].isupper() or w in ("of", "the", "&") for w in words)
    return rest if named and any(w.strip(".").lower() in _OUTLET_WORDS for w in words) else None


def byline_author(text: str) -> str | None:
    """Who a byline line credits when it names no agency: a person or the paper's own desk.

    A reprint credited to "our correspondents" while its text is an agency's
    copy is an attribution change the passage report lists.
    """
    line = text.strip(" ()[]—–-")
    if _DESK_CREDIT.match(line):
        return line
    match = _BYLINE.match(line)
    words = match.group("who").replace(",", " ").split() if match else []
    if not 0 < len(words) <= MAX_BYLINE_WORDS:
        return None
    named = all(w[0].isupper() or w.lower() in _NAME_CONNECTORS for w in words)
    return match.group("who").strip(" ,") if match and named else None


def _outlet(lines: Sequence[Line], edge: Sequence[int]) -> str | None:
    """The outlet a domain line or a site-name line names; the domain itself if it is not in the table."""
    for position, index in enumerate(edge):
        host = domain_of_line(lines[index].text)
        if host is None:
            continue
        previous = lines[edge[position - 1]].text if position else ""
        named = outlet_for_domain(host)
        if named:
            return named
        if _is_name_line(previous):
            return previous
        return host
    return next((name for i in edge if (name := outlet_for_name(lines[i].text))), None)


def _is_name_line(text: str) -> bool:
    """Whether a line looks like a site name ("The New Indian Express"): a few capitalised words, no sentence."""
    words = text.split()
    small = {"of", "the", "and", "de", "la", "&"}
    return 0 < len(words) <= 6 and not is_prose(text) and all(w[:1].isupper() or w in small for w in words)


def _title_score(line: Line, follower: str | None) -> tuple[int, int] | None:
    """How headline-like a chrome line is (more words, followed by dateline/date/body); None if not a candidate."""
    text = line.text.lstrip("#").strip()
    words = text.split()
    if not MIN_TITLE_WORDS <= len(words) <= MAX_TITLE_WORDS or len(text) > MAX_TITLE_CHARS:
        return None
    if text.count(",") >= 3 or _LIST_MARKS.search(text) or _WEATHER.search(text) or is_date_line(text):
        return None
    if outlet_for_name(text) or domain_of_line(text) or photo_credit(text):
        return None
    bonus = 3 if follower in _TITLE_FOLLOWERS or follower == "body" else 0
    return len(words) + bonus, line.index


def same_headline(line: str, title: str) -> bool:
    """Whether a line is the page's headline as its metadata gives it.

    Metadata titles often carry the site's name ("Meal prep for beginners |
    The Example Blog") or differ from the printed headline by a word or its
    punctuation, so a headline-sized line matches when the title starts with
    it (over half of it) or when the two are ``HEADLINE_SIMILARITY`` alike.
    """
    from rapidfuzz import fuzz

    a, b = line_key(line), line_key(title)
    if not a or len(a.split()) > MAX_TITLE_WORDS:
        return False
    if a == b or (b.startswith(a) and len(a) >= len(b) / 2):
        return True
    return fuzz.ratio(a, b) >= HEADLINE_SIMILARITY


def _choose_title(lines: Sequence[Line], layout: Layout, found: Inferred, given: str | None) -> None:
    """Pick the headline among the head's chrome lines (or the line equal to a given title)."""
    head = layout.head
    if given:
        first_body = [i for i in layout.body[:1] if i not in found.reasons]
        match = next((i for i in [*head, *first_body] if same_headline(lines[i].text.lstrip("#"), given)), None)
        if match is not None:
            found.reasons[match] = "title"
        found.title = given
        return
    scored = []
    for position, index in enumerate(head):
        if found.reasons.get(index) != "chrome":
            continue
        follower = found.reasons.get(head[position + 1]) if position + 1 < len(head) else "body"
        score = _title_score(lines[index], follower)
        if score:
            scored.append((score, index))
    if scored:
        index = max(scored)[1]
        found.reasons[index] = "title"
        found.title = lines[index].text.lstrip("#").strip()


def infer(lines: Sequence[Line], layout: Layout, given: Given) -> Inferred:
    """Classify every head and foot line and read title, outlet, date, dateline and byline credits.

    A date line inside the body ("Updated: Jan 2, 2017" between paragraphs)
    is metadata too and leaves the body.
    """
    found = Inferred()
    dates: list[tuple[int, int, str]] = []
    for index in layout.head:
        found.reasons[index] = _classify(lines[index], True, found, dates)
    for index in layout.foot:
        found.reasons[index] = _classify(lines[index], False, found, dates)
    for index in layout.body:
        text = lines[index].text
        if is_date_line(text) and not is_prose(text) and not _POST_CREDIT.search(text):
            found.reasons[index] = _classify(lines[index], False, found, dates)
    _choose_title(lines, layout, found, given.title)
    found.outlet = given.outlet or _outlet(lines, [*layout.head, *layout.foot]) or found.outlet
    found.date = given.date or (min(dates)[2] if dates else None)
    return found


_CAPS_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z'’.-]+(?:[ -][A-Z][A-Z'’.-]+){0,3})(?:,\s*[A-Z][\w.]*(?:\s[A-Z][\w.]*){0,2})?"
    r"(?:,?\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s*(?:\((?P<agency>[^()]{2,40})\))?\s*(?:[:—–]|--?)\s*\S"
)
_MIXED_DATELINE = re.compile(
    r"^(?P<place>[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){0,3})(?:,\s*[A-Z][\w.]*(?:\s[A-Z][\w.]*){0,2})?"
    r"(?:,?\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s*\((?P<agency>[^()]{2,40})\)\s*(?:[:—–]|--?)\s*\S"
)


_SLASH_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z'’.-]+(?:[ -][A-Z][A-Z'’.-]+){0,3}),?\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\.?\s*"
    r"/(?P<agency>[A-Z][\w -]{1,30})/\.?\s*\S"
)
"""The TASS house style: "MOSCOW, December 15. /TASS/. The ..."."""


def body_dateline(text: str, span: Span) -> tuple[str | None, list[Agency]]:
    """The dateline place and agency at the start of a paragraph ("MOSCOW (AP) — ...", "MOSCOW, May 1. /TASS/."),
    if any."""
    chunk = text[span.start : span.end]
    match = _CAPS_DATELINE.match(chunk) or _MIXED_DATELINE.match(chunk) or _SLASH_DATELINE.match(chunk)
    if match is None or find_agencies(match["place"]):
        return None, []
    agencies = []
    if match["agency"]:
        base = span.start + match.start("agency")
        agencies = [Agency(n, "dateline", Span(base + s, base + e)) for n, s, e in find_agencies(match["agency"])]
    return place_name(match["place"]), agencies


def caption_agencies(text: str, spans: Sequence[Span]) -> list[Agency]:
    """Photo credits on caption lines: who took the picture, not who wrote the story."""
    found = []
    for span in spans:
        line = text[span.start : span.end]
        credit = photo_credit(line)
        start, end = credit if credit else (0, min(len(line), 40))
        for name, s, e in find_agencies(line[start:end]):
            found.append(Agency(name, "photo", Span(span.start + start + s, span.start + start + e)))
    return found


def text_agencies(text: str, spans: Sequence[Span]) -> list[Agency]:
    """Agencies named in running text ("told Reuters"): mentions, not credits."""
    found = []
    for span in spans:
        for name, s, e in find_agencies(text[span.start : span.end], in_text=True):
            found.append(Agency(name, "text", Span(span.start + s, span.start + e)))
    return found


def unique_agencies(agencies: Sequence[Agency]) -> tuple[Agency, ...]:
    """One credit per (agency, role), the first found, in order of where it sits in the text."""
    credits = [a.span for a in agencies if a.role != "text"]
    seen: dict[tuple[str, str], Agency] = {}
    for agency in agencies:
        if agency.role == "text" and any(s.start < agency.span.end and agency.span.start < s.end for s in credits):
            continue  # the credit in "MOSCOW (Reuters) -" is not also a mention

        seen.setdefault((agency.name, agency.role), agency)
    return tuple(sorted(seen.values(), key=lambda a: (a.span.start, a.role)))
