"""Article text and metadata from HTML pages: text by consensus of extractors, metadata by trafilatura.

trafilatura is the field's standard main-content extractor: it drops
navigation, ads, comments and footers and reads title, author, date (with
htmldate) and site name from the page's markup. The text is the reading
``extractors.consensus`` picks among trafilatura's two and readability's,
one paragraph per line. For HTML inputs ``Article.text`` is therefore that
extracted text, not the page source: offsets index it, and ``compare
articles`` shows it.
"""

from __future__ import annotations

from dataclasses import dataclass

from compare.ingest.dates import parse_date
from compare.ingest.extractors import ARBITER, consensus, other_readings, with_embedded_posts
from compare.ingest.outlets import domain_of_line, outlet_for_domain, outlet_for_name


@dataclass(frozen=True)
class Extracted:
    """The main text of a page and the metadata trafilatura found in its markup."""

    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    date: str | None = None
    author: str | None = None


def extract_html(html: str | bytes, url: str | None = None) -> Extracted | None:
    """The page's main content and metadata; None when no extractor finds main content.

    Comments and images are left out: they are not the story; tables stay
    (results, figures). Nothing is fetched; ``url`` only helps name the site.
    When trafilatura finds no story but another extractor does, the page's
    metadata is still read from its markup.
    """
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    document = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_images=False, include_tables=True
    )
    readings = [(document.text or "") if document is not None else "", *other_readings(html, url)]
    chosen = consensus(readings, ARBITER)
    if chosen is None:
        return None
    text = with_embedded_posts(html, readings[chosen])
    if document is None:
        document = trafilatura.extract_metadata(html, default_url=url)
    if document is None:
        return Extracted(text=text, url=url, outlet=outlet_for_domain(url) if url else None)
    return Extracted(
        text=text,
        title=_clean(document.title),
        outlet=_outlet(document.sitename, document.url or url or document.hostname),
        url=_clean(document.url) or url,
        date=parse_date(document.date) if document.date else None,
        author=_clean(document.author),
    )


def _outlet(sitename: str | None, address: str | None) -> str | None:
    """The site's own name if the page gives one, else the outlet table's name for its domain, else the domain.

    trafilatura falls back to the host name for sitename, so a domain-shaped
    sitename is looked up in the table rather than shown as a name.
    """
    name = _clean(sitename)
    if name and domain_of_line(name) is None:
        return outlet_for_name(name) or name
    known = outlet_for_domain(address) if address else None
    return known or name


def _clean(value: str | None) -> str | None:
    """None for missing or blank values, else the value without outer whitespace."""
    return value.strip() if value and value.strip() else None
