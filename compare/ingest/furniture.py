"""Lines of page furniture: what a site prints around every story, recognised by shape and vocabulary.

Text copied or scraped from a news page keeps the page's furniture: icon-font
labels ("icon bookmark-bicon bookmarkicon camera..."), breadcrumb trails
("Home › World › Asia", "World Asia 15 Dec 2016 ..."), share/print/follow
blocks, calls to action ("Sign up for our newsletter", "Follow her on
Twitter"), teaser blocks ("Read more: ...", "Related:" and the links under
it) and date-only lines. None is the story, and two pages of one site would
look alike if they were compared. Each rule uses only the line's own words
and shape, never a site's name, so it holds on sites never seen.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from compare.ingest.dates import is_date_line

MIN_ICON_WORDS = 3
"""Words containing "icon" that make a line an icon-font label run (one can be a real word: "iconic")."""
SHARE_SHARE = 0.8
"""Share of a line's words that must be share/print/follow vocabulary for it to be a share block."""
MAX_FURNITURE_WORDS = 40
"""Longest line a call to action or teaser may be; longer lines are prose that happens to mention one."""
MAX_CRUMBS = 6
"""Most section names a breadcrumb trail holds before its date."""
_SHARE_WORDS = frozenset({
    "share", "shares", "sharing", "tweet", "email", "e-mail", "mail", "print", "printer", "save", "saved",
    "bookmark", "copy", "link", "url", "facebook", "twitter", "x", "whatsapp", "linkedin", "pinterest", "reddit",
    "telegram", "messenger", "tumblr", "flipboard", "follow", "us", "on", "via", "comments", "comment", "subscribe",
    "reprints", "reprint", "reuse", "permissions", "this", "article", "story", "page", "text", "size", "a", "a+",
    "a-", "font", "close", "menu", "more", "google", "news", "feed", "rss",
})
_CALL = re.compile(
    r"^(?:[-•*]\s*)?(?:(?:read|see|watch|listen|view|click)\s+(?:more|also|here|now|next|full)\b|related\b(?:\s+(?:stories|"
    r"articles|news|coverage|content|links))?\s*:|also\s+read\b|more\s+on\s+this\b|don'?t\s+miss\b|must\s+read\b|"
    r"recommended\b|trending\b|top\s+stories\b|sign\s+up\b|subscribe\b|get\s+(?:the\s+latest|our|access)\b|"
    r"(?:follow|like)\s+(?:us|him|her|them|\w+\s+\w+)\s+on\b|(?:listen|download|subscribe)(?:\s+\w+)?\s*:|have\s+a\s+(?:news\s+)?tip\b|tell\s+us\s+what\b|"
    r"(?:e-?mail|write\s+to|contact)\s+[\w.' -]{1,40}\s+at\s+\S+@|order\s+reprints\b|print\s+(?:article|this)\b|"
    r"this\s+copy\s+is\s+for\s+your\s+personal|an\s+error\s+has\s+occurred|(?:advertisement|sponsored)\s*$|"
    r"\(?(?:additional\s+)?reporting\s+by\b|(?:reach|contact)\s+(?:the\s+)?(?:reporter|writer|author)s?\b|"
    r"more\s+(?:great\s+)?(?:\w+\s+)?stories\s*$|if\s+you\s+buy\s+something\b|"
    r"(?:updated|posted|published)\s+(?:at\s+)?\d{1,2}[:.]\d\d\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,4}\s*)?$|"
    r"\d{1,3}\s*-?\s*min(?:ute)?s?\s+read\s*$|reading\s+time\s*:|"
    r"(?:\d+\s+)?comments?\s*$|thank\s+you\s*$)",
    re.IGNORECASE,
)
_CALL_ANYWHERE = re.compile(
    r"\b(?:sign\s+up\s+for|subscribe\s+to)\s+(?:our|the)\b[^.]{0,60}\bnewsletters?\b|\bfollow\s+(?:[\w@.'’-]+\s+){1,6}"
    r"on\s+(?:twitter|facebook|instagram|youtube|linkedin|tiktok)\b|\bmay\s+be\s+reached\s+at\s+\S+@|\bclick\s+here\b|"
    r"^\s*(?:©|\(c\)\s|copyright\b)|\ball\s+rights\s+reserved\b|\bcontributed\s+to\s+this\s+(?:report|story)\b|"
    r"\bmay\s+(?:get|earn|receive)\s+a\s+(?:share|commission)\b",
    re.IGNORECASE,
)
_TEASER_TAG = re.compile(r"\[(?:video|videos|photos?|pictures|gallery|watch|listen|podcast|live|poll|quiz|insight|"
                         r"reaction|analysis|opinion|explainer|interactive)\]\W*$", re.IGNORECASE)
"""A link's trailing content-type tag: "... amid China turmoil [VIDEO]", "Headset review [Video]"."""
_TEASER_HEAD = re.compile(r"^(?:related|read\s+more|see\s+also|more\s+on\s+this|also\s+read|don'?t\s+miss|"
                          r"recommended|more\s+stories|you\s+may\s+also\s+like)\b[^.!?]*:?\s*$", re.IGNORECASE)
_LIST_ITEM = re.compile(r"^[-•*]\s+\S")
_CRUMB_MARKS = re.compile(r"\s(?:›|»|>|/)\s")
_STAMP = re.compile(r"^(?:date|published|posted|updated)\s*:?\s+(?:19|20)\d\d-[01]\d-[0-3]\d(?:[ T][\d:]+)?\s+",
                    re.IGNORECASE)
_CRUMBS_THEN_DATE = re.compile(
    rf"^((?:[A-Z][\w&-]*\s+){{1,{MAX_CRUMBS}}})(?:\d{{1,2}}\s+[A-Z][a-z]{{2,8}}|[A-Z][a-z]{{2,8}}\s+\d{{1,2}})\b"
)
_WORDS = re.compile(r"[\w+'’-]+")


def is_icon_run(text: str) -> bool:
    """Labels of an icon font saved as text: "icon bookmark-bicon bookmarkicon cameraicon ..."."""
    words = text.lower().split()
    return sum("icon" in word for word in words) >= MIN_ICON_WORDS


def is_share_block(text: str) -> bool:
    """A line of share/print/follow buttons: "Share Tweet Email Print", "Follow us on Facebook"."""
    words = [w.strip("|·•,.:()[]").lower() for w in text.split()]
    words = [w for w in words if w]
    if not words or len(words) > MAX_FURNITURE_WORDS:
        return False
    return sum(w in _SHARE_WORDS for w in words) / len(words) >= SHARE_SHARE


def is_breadcrumb(text: str) -> bool:
    """A navigation trail: "Home › World › Asia", or section names then a date ("World Asia 15 Dec 2016 ...")."""
    if len(_CRUMB_MARKS.findall(text)) >= 2 and not text.rstrip().endswith((".", "?", "!")):
        return True
    match = _CRUMBS_THEN_DATE.match(text)
    return match is not None and not is_date_line(match.group(1)) and _has_year_after(text, match.end())


def _has_year_after(text: str, at: int) -> bool:
    return re.match(r",?\s+(?:19|20)\d\d\b", text[at:]) is not None


def is_call_to_action(text: str) -> bool:
    """A teaser or request to the reader: "Read more: ...", "Sign up for our newsletter", "Order Reprints"."""
    if len(_WORDS.findall(text)) > MAX_FURNITURE_WORDS:
        return False
    return bool(_CALL.match(text) or _CALL_ANYWHERE.search(text)
                or (_TEASER_TAG.search(text) and not text.rstrip(" |").endswith(".")))


def is_furniture(text: str) -> bool:
    """Whether a whole line is page furniture by any of the rules above."""
    return is_icon_run(text) or is_share_block(text) or is_breadcrumb(text) or is_call_to_action(text)


def teaser_block(texts: Sequence[str], at: int) -> int:
    """How many lines from ``at`` form a teaser block: a "Related:" head and the list items under it (0: none)."""
    if not _TEASER_HEAD.match(texts[at]):
        return 0
    end = at + 1
    while end < len(texts) and _LIST_ITEM.match(texts[end]) and len(_WORDS.findall(texts[end])) <= MAX_FURNITURE_WORDS:
        end += 1
    return end - at


def stamp_length(text: str) -> int:
    """Length of a leading metadata stamp such as "date 2018-07-10 " before the text of a line (0: none)."""
    match = _STAMP.match(text)
    return match.end() if match and len(text) > match.end() else 0
