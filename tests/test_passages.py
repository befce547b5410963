"""Passage alignment, coverage, verdicts, edits, Markdown and reprint families."""

from __future__ import annotations

import dataclasses
import itertools
import json
from pathlib import Path

import pytest

from compare.ingest import parse_text
from compare.models import Agency, Article, Edit, Span
from compare.report.json import passage_comparison_to_dict
from compare.report.passages_md import render_passages_markdown, render_reprint_families_markdown
from compare.reuse.passages import compare_passages
from compare.reuse.reprints import reprint_families

DATA = Path(__file__).resolve().parent / "data" / "passages"
SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED_000 = SEEDS / "000_d62c5ef70462ea6f.txt"
SEED_003 = SEEDS / "003_464f35655eb40255.txt"


def make(article_id: str, paras: list[str], **fields: object) -> Article:
    """An Article whose body is exactly ``paras``, independent of ingest heuristics."""
    text = "\n\n".join(paras) + "\n"
    spans, at = [], 0
    for para in paras:
        spans.append(Span(at, at + len(para)))
        at += len(para) + 2
    return Article(id=article_id, text=text, title=paras[0][:40], paragraphs=tuple(spans), **fields)


@pytest.fixture
def wire() -> list[str]:
    """The 22 body paragraphs of seed 003 (an AFP story), from tests/data/passages."""
    return (DATA / "wire_003.txt").read_text(encoding="utf-8").strip().split("\n\n")


def slices(article: Article, spans: list[Span]) -> list[str]:
    return [s.slice(article.text) for s in spans]


def test_adjacent_word_changes_are_one_edit(wire: list[str]) -> None:
    """A number written out in one copy and in digits in the other is one substitution, not a
    substitution and a cut, as in reuse clusters."""
    first = wire[0].split(" ")
    written = [" ".join([*first[:6], "two", "hundred", *first[6:]]), *wire[1:]]
    digits = [" ".join([*first[:6], "200", *first[6:]]), *wire[1:]]
    pc = compare_passages(make("a", written), make("b", digits))
    assert pc.edits == (Edit("substitute", "two hundred", "200"),)


def test_identical_bodies_are_an_exact_copy(wire: list[str]) -> None:
    """The same body twice is one whole-body passage, coverage 1 both ways, no edits."""
    a, b = make("a", wire), make("b", wire)
    pc = compare_passages(a, b)
    assert pc.verdict == "exact copy"
    assert slices(a, [p.a for p in pc.passages]) == ["\n\n".join(wire)]
    assert (pc.coverage_a, pc.coverage_b, pc.edits) == (1.0, 1.0, ())


def test_substituted_word_stays_inside_one_passage(wire: list[str]) -> None:
    """'Thursday' -> 'yesterday' is a diff inside a whole-body passage and a substitute edit."""
    edited = [wire[0].replace("talks Thursday", "talks yesterday"), *wire[1:]]
    a, b = make("a", wire), make("b", edited)
    pc = compare_passages(a, b)
    (passage,) = pc.passages
    assert passage.a_text == "\n\n".join(wire) and passage.b_text == "\n\n".join(edited)
    assert ("replace", "Thursday ", "yesterday ") in passage.diff
    assert "".join(x for _, x, _ in passage.diff) == passage.a_text
    assert "".join(y for _, _, y in passage.diff) == passage.b_text
    assert pc.verdict == "reprint" and pc.edits == (Edit("substitute", "Thursday", "yesterday"),)


def test_cut_paragraph_splits_passages_and_is_listed(wire: list[str]) -> None:
    """Cutting paragraph 5 leaves two passages around it and one cut edit with its exact text."""
    a, b = make("a", wire), make("b", wire[:4] + wire[5:])
    pc = compare_passages(a, b)
    assert slices(a, [p.a for p in pc.passages]) == ["\n\n".join(wire[:4]), "\n\n".join(wire[5:])]
    assert slices(b, [p.b for p in pc.passages]) == ["\n\n".join(wire[:4]), "\n\n".join(wire[5:])]
    assert pc.coverage_b == 1.0 and pc.verdict == "reprint"
    assert pc.edits == (Edit("cut", wire[4], ""),)


def test_moved_paragraph_is_found_out_of_order(wire: list[str]) -> None:
    """Paragraph 3 of A as paragraph 9 of B is its own passage; every word is still covered."""
    moved = wire[:2] + wire[3:9] + [wire[2]] + wire[9:]
    a, b = make("a", wire), make("b", moved)
    pc = compare_passages(a, b)
    pairs = {(p.a.slice(a.text), p.b.slice(b.text)) for p in pc.passages}
    assert (wire[2], wire[2]) in pairs
    assert b.text.index(wire[2]) > b.text.index(wire[8])
    assert (pc.coverage_a, pc.coverage_b) == (1.0, 1.0)
    assert pc.verdict == "reprint" and pc.edits == ()


def test_appended_paragraph_is_an_addition(wire: list[str]) -> None:
    """A paragraph appended by the republisher is an add edit; A stays fully covered."""
    extra = "Additional reporting by our correspondents in Tokyo and Moscow."
    a, b = make("a", wire), make("b", [*wire, extra])
    pc = compare_passages(a, b)
    assert slices(b, [p.b for p in pc.passages]) == ["\n\n".join(wire)]
    assert pc.coverage_a == 1.0 and pc.coverage_b < 1.0
    assert pc.edits == (Edit("add", "", extra),)


def test_truncated_reprint_lists_each_cut_paragraph(wire: list[str]) -> None:
    """Keeping the first 6 paragraphs is a reprint whose cuts are the other 16 paragraphs."""
    a, b = make("a", wire), make("b", wire[:6])
    pc = compare_passages(a, b)
    assert slices(a, [p.a for p in pc.passages]) == ["\n\n".join(wire[:6])]
    assert pc.coverage_b == 1.0 and pc.coverage_a == pytest.approx(pc.shared_words_a / pc.words_a)
    assert pc.verdict == "reprint"
    assert [e.a_text for e in pc.edits] == wire[6:]


def test_repeated_text_is_counted_once(wire: list[str]) -> None:
    """A paragraph B carries twice is matched once: no word of A or B is in two passages."""
    a, b = make("a", wire[:5]), make("b", [*wire[:5], wire[2]])
    pc = compare_passages(a, b)
    for side in ("a", "b"):
        spans = sorted(getattr(p, side) for p in pc.passages)
        assert all(x.end <= y.start for x, y in itertools.pairwise(spans))
    assert pc.coverage_a == 1.0 and pc.coverage_b < 1.0


def test_gap_merge_respects_max_gap(wire: list[str]) -> None:
    """Three substituted words are bridged with max_gap=3 and split the passage with max_gap=2."""
    old = "bunkered down for talks"
    edited = [wire[0].replace(old, "sat down together for talks"), *wire[1:4]]
    a, b = make("a", wire[:4]), make("b", edited)
    assert len(compare_passages(a, b, max_gap=3).passages) == 1
    split = compare_passages(a, b, max_gap=2).passages
    assert len(split) == 2 and split[0].a_text.endswith("Shinzo Abe")


def test_passages_never_cross_a_removed_line(wire: list[str]) -> None:
    """Text between body paragraphs that ingest left out (a caption) ends a passage."""
    caption = "Abe and Putin at the resort. (Reuters Photo)"
    a = make("a", wire[:4])
    b_full = make("b", [*wire[:2], caption, *wire[2:4]])
    b = dataclasses.replace(b_full, paragraphs=b_full.paragraphs[:2] + b_full.paragraphs[3:])
    pc = compare_passages(a, b)
    assert all(caption not in p.b_text for p in pc.passages)
    assert slices(b, [p.b for p in pc.passages]) == ["\n\n".join(wire[:2]), "\n\n".join(wire[2:4])]


def test_unrelated_reports_are_independent(wire: list[str]) -> None:
    """Texts on different subjects share no passage and are independent."""
    other = make("b", ["The central bank left interest rates unchanged on Wednesday, citing slowing inflation.",
                       "Analysts had expected the decision after weak retail figures last month."])
    pc = compare_passages(make("a", wire), other)
    assert (pc.passages, pc.verdict, pc.coverage_a) == ((), "independent", 0.0)


def _passage_with(pc, a: Article, b: Article, a_words: str, b_words: str):
    """The passage whose spans slice exactly to the given words in both files."""
    a_start, b_start = a.text.index(a_words), b.text.index(b_words)
    expected_a, expected_b = Span(a_start, a_start + len(a_words)), Span(b_start, b_start + len(b_words))
    found = [p for p in pc.passages if p.a == expected_a and p.b == expected_b]
    assert found, [(p.a_text, p.b_text) for p in pc.passages]
    return found[0]


def test_seed_pair_lists_the_shared_background_passages() -> None:
    """The seeds share the Kurils sentence, the 1945 seizure and Putin's first visit in 11 years."""
    a = parse_text(SEED_000.name, SEED_000.read_text(encoding="utf-8"))
    b = parse_text(SEED_003.name, SEED_003.read_text(encoding="utf-8"))
    pc = compare_passages(a, b)
    assert pc.verdict == "partial reuse"
    kurils = "the Southern Kurils in Russia and the Northern Territories in Japan"
    _passage_with(pc, a, b, "Known as " + kurils, "known as " + kurils)
    _passage_with(pc, a, b, "off Japan's northern coast", "off Japan\u2019s northern coast")
    visit = _passage_with(pc, a, b, "first visit to Japan in 11 years", "first visit to Japan as president in 11 years")
    assert ("insert", "", "as president ") in visit.diff
    assert 0 < pc.coverage_a < 0.3 and 0 < pc.coverage_b < 0.3


def _credited(article: Article, name: str) -> Article:
    """Give the article a dateline credit if ingest did not find one (it is improving concurrently)."""
    if any(ag.role in ("byline", "dateline") for ag in article.agencies):
        return article
    at = article.text.index("Nagato, Japan, " + name) + len("Nagato, Japan, ")
    return dataclasses.replace(article, agencies=(Agency(name, "dateline", Span(at, at + len(name))),))


@pytest.fixture
def seed_reprint() -> tuple[Article, Article, list[str]]:
    """Seed 003 and a copy: 'Thursday' -> 'yesterday', last four paragraphs cut, credited to APP."""
    text = SEED_003.read_text(encoding="utf-8")
    body_end = text.index("First Published")
    paras = text[:body_end].rstrip().split("\n\n")
    cut = paras[-4:]
    edited = "\n\n".join(paras[:-4]) + "\n\n" + text[body_end:]
    edited = edited.replace("talks Thursday", "talks yesterday").replace("Nagato, Japan, AFP", "Nagato, Japan, APP")
    a = _credited(parse_text("003.txt", text), "AFP")
    b = _credited(parse_text("003-reprint.txt", edited), "APP")
    return a, b, cut


def test_edited_seed_003_is_a_reprint_with_its_edits(seed_reprint) -> None:
    """The edited copy of seed 003 is a reprint: substitution, four cut paragraphs, AFP -> APP."""
    a, b, cut = seed_reprint
    pc = compare_passages(dataclasses.replace(a, date="2016-12-15"), dataclasses.replace(b, date="2016-12-16"))
    assert pc.verdict == "reprint" and pc.coverage_b > 0.95
    assert Edit("substitute", "Thursday", "yesterday") in pc.edits
    assert Edit("attribution", "AFP", "APP") in pc.edits
    assert [e.a_text for e in pc.edits if e.kind == "cut"] == cut
    assert not [e for e in pc.edits if e.kind == "add"]
    assert pc.likely_original == "003.txt"


def test_our_correspondents_credit_on_agency_copy_is_an_attribution_edit() -> None:
    """Seed 003 recredited "By Our Correspondents": a reprint whose edits name AFP -> Our Correspondents."""
    text = SEED_003.read_text(encoding="utf-8")
    recredited = text.replace("Nagato, Japan, AFP\n", "By Our Correspondents\nNagato, Japan\n")
    pc = compare_passages(parse_text("003.txt", text), parse_text("003-ours.txt", recredited))
    assert pc.verdict in ("exact copy", "reprint")
    assert Edit("attribution", "AFP", "Our Correspondents") in pc.edits


def test_likely_original_follows_dates_and_needs_both(seed_reprint) -> None:
    """The earlier article is the likely original; with a date missing there is none."""
    a, b, _ = seed_reprint
    later, earlier = dataclasses.replace(a, date="2016-12-16"), dataclasses.replace(b, date="2016-12-15T08:00:00+00:00")
    assert compare_passages(later, earlier).likely_original == b.id
    undated = dataclasses.replace(a, date=None)
    assert compare_passages(undated, dataclasses.replace(b, date="2016-12-15")).likely_original is None


def test_json_dict_has_the_issue_keys(seed_reprint) -> None:
    """The dict carries the --json keys with passage offsets and edit kinds, and serialises."""
    a, b, _ = seed_reprint
    out = passage_comparison_to_dict(compare_passages(a, b))
    assert {"coverage_a", "coverage_b", "verdict", "passages", "edits"} <= out.keys()
    first = out["passages"][0]
    assert set(first) == {"a_start", "a_end", "b_start", "b_end", "a_text", "b_text", "diff"}
    assert a.text[first["a_start"] : first["a_end"]] == first["a_text"]
    assert {e["kind"] for e in out["edits"]} <= {"cut", "add", "substitute", "attribution"}
    json.dumps(out)


def test_markdown_marks_differences_deterministically(seed_reprint) -> None:
    """The section shows verdict, coverage to 3 decimals, edits and ~~removed~~/**added** words."""
    a, b, _ = seed_reprint
    pc = compare_passages(a, b)
    text = render_passages_markdown(a, b, pc)
    assert text == render_passages_markdown(a, b, pc)
    assert "**reprint**" in text and f"{pc.coverage_a:.3f}" in text
    assert f"Ordered overlap: {pc.ordered_a:.3f} of A's content words and {pc.ordered_b:.3f} of B's" in text
    assert "~~Thursday~~" in text and "**yesterday**" in text
    assert "substitute: “Thursday” → “yesterday”" in text and "attribution:" in text
    assert "one-on_one" in text  # article text is escaped where needed: "_" inside a word cannot start emphasis


def test_reprint_families_claim_an_original_only_on_evidence(wire: list[str]) -> None:
    """Copies group into one family; its original is the earliest only when every copy is dated, else unknown."""
    full, short = make("wire.txt", wire), make("short.txt", wire[:8])
    edited = make("edited.txt", [wire[0].replace("Thursday", "yesterday"), *wire[1:-1]])
    other = make("other.txt", ["Rates were left unchanged on Wednesday by the central bank board."])
    pcs = [compare_passages(x, y) for x, y in ((full, short), (short, edited), (full, other))]
    (family,) = reprint_families(pcs, [full, short, edited, other])
    assert family.members == ("edited.txt", "short.txt", "wire.txt") and family.original is None
    assert family.reason.startswith("unknown: no copy is dated; ")
    dated = [dataclasses.replace(full, date="2016-12-16"), dataclasses.replace(short, date="2016-12-15"), edited]
    (family,) = reprint_families(pcs, dated)
    assert family.original is None and family.reason.startswith("unknown: 1 copy carries no date; ")
    dated[2] = dataclasses.replace(edited, date="2016-12-17")
    (family,) = reprint_families(pcs, dated)
    assert (family.original, family.reason) == ("short.txt", "earliest date (2016-12-15; the others 2016-12-16, "
                                                             "2016-12-17)")
    text = render_reprint_families_markdown([family], dated)
    assert "Probable original `short.txt` (earliest date" in text and "`wire.txt` (2016-12-16)" in text
    assert "None" in render_reprint_families_markdown([])


@pytest.mark.parametrize(("options", "rule"), [
    ({"max_gap": -1}, "got 4 and -1"), ({"max_gap": 21}, "got 4 and 21"), ({"shingle_size": 0}, "got 0 and 3"),
])
def test_parameters_outside_their_rule_are_refused(wire: list[str], options: dict[str, int], rule: str) -> None:
    """Library callers get the rule up front, as the CLI's users do."""
    from compare.errors import UsageError

    with pytest.raises(UsageError, match="shingle size must be >= 1 and max gap in \\[0, 20\\] words, " + rule):
        compare_passages(make("a", wire), make("b", wire), **options)
