"""Table cells stay readable: free text is cut at a word boundary with an ellipsis, pipes are escaped."""

from __future__ import annotations

from compare.report.tables import CELL_CHARS, cell


def test_short_text_is_unchanged_but_flattened() -> None:
    assert cell("Putin, Abe hold\nhot spring meet") == "Putin, Abe hold hot spring meet"
    assert cell(None) == ""


def test_long_text_is_cut_at_a_word_with_an_ellipsis() -> None:
    text = "The two harbour towns of Eastport and Linden Bay held a joint ceremony on Saturday to mark fifty years"
    shown = cell(text)
    assert len(shown) <= CELL_CHARS and shown.endswith("…")
    assert text.startswith(shown[:-1])
    assert text[len(shown) - 1] == " "  # the cut falls between words


def test_pipes_are_escaped_after_the_cut() -> None:
    assert cell("Title | Site") == "Title \\| Site"
    assert "\\|" in cell("a | " + "word " * 30)


def test_one_long_word_is_cut_hard() -> None:
    assert cell("x" * 200) == "x" * (CELL_CHARS - 1) + "…"


def test_identifiers_are_never_cut() -> None:
    """Article ids and lists of them are looked up by the reader, so id_cell keeps them whole."""
    from compare.report.tables import id_cell

    long_id = "archive/2016/december/" + "n" * 90 + ".txt"
    assert id_cell(long_id) == long_id
    assert id_cell("a|b.txt") == "a\\|b.txt"
