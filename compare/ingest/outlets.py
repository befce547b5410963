"""Small tables of news outlets and wire agencies, and look-ups into them.

The outlet table only maps names to domains so a footer line such as
``www.newindianexpress.com`` can name its outlet; it is not a list of
trusted sources. The agency table says, per agency, which spellings count
as a credit and which are safe to look for in running text: short acronyms
such as "AP" or "UPI" also mean other things ("Andhra Pradesh", a payment
system), so in a body they only count inside a credit shape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

# name -> registrable domains; matched on the host or a parent of it, so
# "indianexpress.com" never matches "newindianexpress.com".
OUTLETS: dict[str, tuple[str, ...]] = {
    "The New Indian Express": ("newindianexpress.com",),
    "The Indian Express": ("indianexpress.com",),
    "Hindustan Times": ("hindustantimes.com",),
    "The Times of India": ("timesofindia.indiatimes.com",),
    "The Economic Times": ("economictimes.indiatimes.com",),
    "The Hindu": ("thehindu.com",),
    "NDTV": ("ndtv.com",),
    "Deccan Herald": ("deccanherald.com",),
    "Dawn": ("dawn.com",),
    "The Express Tribune": ("tribune.com.pk",),
    "The Japan Times": ("japantimes.co.jp",),
    "Japan Today": ("japantoday.com",),
    "Nikkei Asia": ("asia.nikkei.com",),
    "Kyodo News": ("kyodonews.net",),
    "The Moscow Times": ("themoscowtimes.com",),
    "TASS": ("tass.com", "tass.ru"),
    "RT": ("rt.com",),
    "South China Morning Post": ("scmp.com",),
    "The Straits Times": ("straitstimes.com",),
    "Reuters": ("reuters.com",),
    "AP News": ("apnews.com",),
    "AFP": ("afp.com",),
    "BBC": ("bbc.co.uk", "bbc.com"),
    "The Guardian": ("theguardian.com",),
    "The New York Times": ("nytimes.com",),
    "The Washington Post": ("washingtonpost.com",),
    "CNN": ("cnn.com",),
    "Al Jazeera": ("aljazeera.com",),
    "Deutsche Welle": ("dw.com",),
}


@dataclass(frozen=True)
class AgencyName:
    """One wire agency: its canonical short name and the spellings of it.

    ``credit`` spellings count on credit lines, captions and datelines;
    ``text`` spellings are distinctive enough to count in running text.
    """

    name: str
    credit: tuple[str, ...]
    text: tuple[str, ...]


AGENCIES: tuple[AgencyName, ...] = (
    AgencyName("AFP", ("AFP", "Agence France-Presse", "Agence France Presse"),
               ("Agence France-Presse", "Agence France Presse")),
    AgencyName("AP", ("AP", "Associated Press"), ("Associated Press",)),
    AgencyName("Reuters", ("Reuters", "REUTERS"), ("Reuters",)),
    AgencyName("PTI", ("PTI", "Press Trust of India"), ("Press Trust of India",)),
    AgencyName("APP", ("APP", "Associated Press of Pakistan"), ("Associated Press of Pakistan",)),
    AgencyName("Xinhua", ("Xinhua", "XINHUA"), ("Xinhua",)),
    AgencyName("TASS", ("TASS", "ITAR-TASS"), ("TASS", "ITAR-TASS")),
    AgencyName("Kyodo", ("Kyodo", "KYODO"), ("Kyodo",)),
    AgencyName("UPI", ("UPI", "United Press International"), ("United Press International",)),
    AgencyName("DPA", ("DPA", "dpa", "Deutsche Presse-Agentur"), ("Deutsche Presse-Agentur",)),
    AgencyName("ANI", ("ANI", "Asian News International"), ("Asian News International",)),
    AgencyName("IANS", ("IANS", "Indo-Asian News Service"), ("IANS", "Indo-Asian News Service")),
    AgencyName("EFE", ("EFE",), ()),
    AgencyName("ANSA", ("ANSA",), ()),
    AgencyName("Yonhap", ("Yonhap",), ("Yonhap",)),
    AgencyName("Jiji", ("Jiji", "Jiji Press"), ("Jiji Press",)),
    AgencyName("Interfax", ("Interfax",), ("Interfax",)),
    AgencyName("RIA Novosti", ("RIA Novosti", "RIA"), ("RIA Novosti",)),
    AgencyName("Bernama", ("Bernama",), ("Bernama",)),
    AgencyName("Anadolu", ("Anadolu", "Anadolu Agency", "AA"), ("Anadolu Agency",)),
)


def _combined(attribute: str) -> tuple[re.Pattern[str], dict[str, str]]:
    """One regex over every agency's spellings, longest first, and spelling -> agency name.

    A single alternation scans a line once; one pattern per agency scanned it
    forty times, which dominated reading large corpora.
    """
    names = {spelling: a.name for a in AGENCIES for spelling in getattr(a, attribute)}
    ordered = sorted(names, key=lambda s: (-len(s), s))
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(s) for s in ordered) + r")(?![\w-])")
    return pattern, names


_CREDIT_PATTERN, _CREDIT_NAMES = _combined("credit")
_TEXT_PATTERN, _TEXT_NAMES = _combined("text")


def find_agencies(line: str, in_text: bool = False) -> list[tuple[str, int, int]]:
    """(name, start, end) of agency mentions in ``line``, in order; the longest spelling wins at a position."""
    pattern, names = (_TEXT_PATTERN, _TEXT_NAMES) if in_text else (_CREDIT_PATTERN, _CREDIT_NAMES)
    return [(names[match.group()], match.start(), match.end()) for match in pattern.finditer(line)]


def is_agency_name(text: str) -> bool:
    """Whether ``text`` is nothing but one agency's name (a lone credit line or caption credit)."""
    hits = find_agencies(text.strip())
    return len(hits) == 1 and hits[0][1] == 0 and hits[0][2] == len(text.strip())


def host_of(domain_or_url: str) -> str:
    """The lower-case host of a URL or bare domain, without "www."."""
    value = domain_or_url.strip().lower()
    host = urlsplit(value if "//" in value else "//" + value).hostname or ""
    return host.removeprefix("www.")


def outlet_for_domain(domain_or_url: str) -> str | None:
    """The outlet whose domain is the host of ``domain_or_url`` or a parent of it."""
    host = host_of(domain_or_url)
    for name, domains in OUTLETS.items():
        if any(host == d or host.endswith("." + d) for d in domains):
            return name
    return None


def outlet_for_name(line: str) -> str | None:
    """The outlet a line names exactly (case and a leading "The" aside), e.g. a footer's site name."""
    wanted = " ".join(line.split()).casefold().removeprefix("the ")
    for name in OUTLETS:
        if name.casefold().removeprefix("the ") == wanted:
            return name
    return None


_DOMAIN_LINE = re.compile(r"^(?:https?://)?(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?:/\S*)?$", re.IGNORECASE)


def domain_of_line(line: str) -> str | None:
    """The host when a whole line is a bare domain or URL (a site footer), else None."""
    text = line.strip()
    if not _DOMAIN_LINE.match(text) or text.count(".") < 1 or " " in text:
        return None
    return host_of(text)
