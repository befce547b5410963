"""Reading input folders into Articles.

``read_corpus`` walks a folder; ``parse_text`` turns one decoded text into an
Article. Both keep every offset pointing into the decoded file text.
"""

from compare.ingest.reader import parse_text, read_corpus, read_jsonl

__all__ = ["parse_text", "read_corpus", "read_jsonl"]
