"""Reading input folders into Articles.

``read_corpus`` walks a folder; ``parse_text`` turns one decoded text into an
Article; ``article_to_dict`` shows one as JSON-ready data. Every offset
points into ``Article.text`` (the decoded file for .txt/.md, the extracted
text for HTML, the "text" field for JSON).
"""

from compare.ingest.export import article_to_dict
from compare.ingest.reader import parse_text, read_article, read_corpus, read_jsonl

__all__ = ["article_to_dict", "parse_text", "read_article", "read_corpus", "read_jsonl"]
