"""Story matrices hold whole facts reported by two outlets, and mark only the outlets that disagree."""

from __future__ import annotations

from compare.facts.stories import alone_facts, fact_matrix, shared_rows
from compare.facts.units import extract_units
from compare.facts.values import Conflict, FactComparison, SharedFact
from compare.facts.verbs import has_verb
from compare.ingest import parse_text
from compare.report.facts_md import render_story_markdown
from compare.results import StoryResult

FERRY = {
    "a.txt": "Ferry sinks off Sulawesi\n\nThe ferry carried 212 passengers when it capsized off Sulawesi on Monday, "
             "the coast guard said.\n\nRescue boats in the Makassar Strait.\n\nDivers searched the hull until "
             "nightfall.",
    "b.txt": "Sulawesi ferry capsizes\n\nThe ferry carried 180 passengers when it capsized off Sulawesi on "
             "Monday, officials said.\n\nFishermen pulled 40 survivors from the water before dawn.",
    "c.txt": "Dozens missing after ferry disaster\n\nA ferry capsized off Sulawesi on Monday, the coast guard "
             "said.\n\nThe regional governor declared three days of mourning.",
}


def _articles() -> list:
    return [parse_text(name, text) for name, text in FERRY.items()]


def test_fragments_are_not_facts() -> None:
    """A verbless line ("Rescue boats in the Makassar Strait.") and a four-word line are not fact units."""
    units = {a.id: extract_units(a) for a in _articles()}
    assert [u.text for u in units["a.txt"]] == [
        "The ferry carried 212 passengers when it capsized off Sulawesi on Monday, the coast guard said.",
        "Divers searched the hull until nightfall.",
    ]
    assert not has_verb(["Rescue", "boats", "in", "the", "Makassar", "Strait"])
    assert has_verb(["Fishermen", "pulled", "40", "survivors"]) and has_verb(["he", "visits", "Tokyo"])


def test_only_the_outlets_that_disagree_are_marked() -> None:
    """212 against 180 passengers: a and b are marked conflicting, c (no number) is not; one-outlet rows stay out."""
    articles = _articles()
    units = {a.id: extract_units(a) for a in articles}
    ua, ub, uc = units["a.txt"][0], units["b.txt"][0], units["c.txt"][0]
    conflict = Conflict("number", "212 passengers", "180 passengers", ua, ub)

    def comparison(x: str, y: str, fact: SharedFact, conflicts: tuple[Conflict, ...] = ()) -> FactComparison:
        return FactComparison(x, y, (fact,), (), (), conflicts, (), (), ())

    comparisons = {
        ("a.txt", "b.txt"): comparison("a.txt", "b.txt", SharedFact((ua,), (ub,), "conflicting", 0.8), (conflict,)),
        ("a.txt", "c.txt"): comparison("a.txt", "c.txt", SharedFact((ua,), (uc,), "reworded", 0.6)),
        ("b.txt", "c.txt"): comparison("b.txt", "c.txt", SharedFact((ub,), (uc,), "reworded", 0.6)),
    }
    rows = fact_matrix(articles, comparisons, units)
    matrix = shared_rows(rows)
    assert [(r.cells, r.labels, r.disagree) for r in matrix] == [
        ((ua, ub, uc), ("reworded",), (True, True, False)),
    ]
    story = StoryResult("ferry", ("a.txt", "b.txt", "c.txt"), ("sulawesi",), comparisons, matrix,
                        alone_facts(rows, articles, units))
    text = render_story_markdown(articles, story)
    row = next(line for line in text.splitlines() if line.startswith("| 1 "))
    assert [c.strip() for c in row.strip("|").split("|")][2:] == ["≠ conflicting", "≠ conflicting", "✓", "reworded"]
    assert "## Fact-by-outlet matrix (1 facts reported by more than one outlet)" in text
    assert "- Divers searched the hull until nightfall." in text
