"""Reading input folders into Articles.

``read_corpus`` walks a folder; ``parse_text`` turns one decoded text into an
Article (``compare.report.json.article_to_dict`` shows one as JSON). Every offset
points into ``Article.text`` (the decoded file for .txt/.md, the extracted
text for HTML, the "text" field for JSON). Files that cannot be read become
``Skipped`` notes, never errors; ``is_repair`` tells the notes about files
read after a repair (another encoding) from those about skipped files.

Modules, from the folder down: ``folder`` (walk, workers, page cache, ids)
-> ``formats`` (one file: decoding, limits, each format into a Source) ->
``html`` and ``extractors`` (a page's text by consensus of extractors) ->
``corpus`` (Sources into Articles, outlet-wide chrome) -> ``article``
(one Article: ``cleanup`` and ``furniture`` for lines, ``metadata``,
``outlets``, ``dates``, ``frontmatter`` for what the text says about itself).
"""

from compare.ingest.folder import read_article, read_corpus, read_jsonl_lenient
from compare.ingest.formats import is_repair, parse_text

__all__ = [
    "is_repair", "parse_text", "read_article", "read_corpus", "read_jsonl_lenient",
]
