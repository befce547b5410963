"""What one outlet alone reports includes the clause it adds to a sentence the others report (tests/data/ferry:
three reports of one ferry sinking, written for the tests)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from compare.cli import app
from compare.facts.paraphrase import said_words, unreported_clause

FERRY = Path(__file__).resolve().parent / "data" / "ferry"
OTHERS = said_words(["Thirteen people died when a ferry capsized off Norway's Lindholm island on Tuesday, police said.",
          "A passenger ferry capsized in heavy seas off the island of Lindholm early Tuesday, killing at least 12."])


def test_the_clause_no_other_outlet_states_is_found() -> None:
    sentence = ("At least 15 people were killed when the Fjordstjerne capsized off Lindholm on Tuesday morning, "
                "local media reported, making it the deadliest ferry accident in Norway since 1990.")
    start, end = unreported_clause(sentence, OTHERS)
    assert sentence[start:end] == "making it the deadliest ferry accident in Norway since 1990"


def test_a_clause_others_state_in_other_words_or_a_fragment_is_not_claimed() -> None:
    """Synonyms count as stated, a short phrase is no fact, and a number's comma is no clause boundary."""
    assert unreported_clause("The ferry overturned two kilometres from the harbour, police said.",
                             said_words(["The ship capsized two km from port."])) is None  # capsize/overturn, km, port
    assert unreported_clause("The ferry capsized off Lindholm, on Tuesday morning.", OTHERS) is None
    toll = "The death toll rose to 1,300 after the ferry capsized."
    start, end = unreported_clause(toll, OTHERS)
    assert toll[start:end] == "The death toll rose to 1,300"  # the comma of "1,300" parts no clauses


def test_story_report_and_json_list_the_added_clauses_with_spans(tmp_path: Path) -> None:
    out = tmp_path / "reports"
    result = CliRunner().invoke(app, ["run", str(FERRY), "--out", str(out), "--json"])
    assert result.exit_code == 0, result.output
    (page,) = (out / "stories").glob("*.md")
    text = page.read_text(encoding="utf-8")
    assert ("- Critics have long warned that Nordlys Lines' ageing fleet was unsafe (the rest of its sentence is "
            "reported by others)") in text
    assert "- making it the deadliest ferry accident in Norway since 1990 (the rest of" in text
    assert "Thirteen people died when a ferry capsized (the rest" not in text
    report = json.loads(result.stdout)
    (story,) = report["stories"]
    texts = {a["id"]: a["text"] for a in report["articles"]}
    parts = [(own["article"], f["part"]) for own in story["alone"] for f in own["facts"] if "part" in f]
    assert len(parts) == 3
    for article, part in parts:  # offsets point into each file's decoded text
        assert texts[article][part["start"] : part["end"]] == part["text"]
