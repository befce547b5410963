"""Typography folded the same way everywhere, so a curly apostrophe never hides a match.

Every stage that compares words (shingles, entities, the paraphrase model,
framing, verbs, figures) folds apostrophes with this one function; one
character becomes one character, so offsets into the text still hold.
"""

from __future__ import annotations

from types import MappingProxyType

APOSTROPHES = ("\u2019", "\u2018", "`", "\u02bc")  # right and left single quotes, backtick, modifier letter
_FOLD = MappingProxyType(str.maketrans(dict.fromkeys(APOSTROPHES, "'")))  # read-only: str.translate only reads


def fold_apostrophes(text: str) -> str:
    """Curly and straight apostrophes become "'" (one character for one, so offsets hold)."""
    return text.translate(_FOLD)
