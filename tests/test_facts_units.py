"""Unit behaviour of the fact layer: sentences, numbers, dates, quotes, conflicts, framing and same_fact."""

from __future__ import annotations

import pytest

from compare.facts.date_mentions import find_dates
from compare.facts.entities import tokens
from compare.facts.framing import tag_word
from compare.facts.matching import compare_articles, display_names, find_conflicts
from compare.facts.paraphrase import same_fact
from compare.facts.quantities import find_quantities
from compare.facts.sentences import split_sentences
from compare.facts.units import extract_units
from compare.ingest import parse_text
from compare.models import Article, Span


def _article(article_id: str, body: str, outlet: str | None = None) -> Article:
    """An article whose paragraphs are the blank-line separated blocks of ``body`` (no ingest rules)."""
    spans, start = [], 0
    for block in body.split("\n\n"):
        spans.append(Span(start, start + len(block)))
        start += len(block) + 2
    return Article(id=article_id, text=body, title=article_id, paragraphs=tuple(spans), outlet=outlet)


def _sentences(text: str) -> list[str]:
    return [s.slice(text) for s in split_sentences(text)]


def test_abbreviations_do_not_end_sentences() -> None:
    """"Mr." and "U.S." stay inside their sentence."""
    text = "Mr. Smith flew to the U.S. on Monday. He met officials there."
    assert _sentences(text) == ["Mr. Smith flew to the U.S. on Monday.", "He met officials there."]


def test_ellipsis_inside_a_quote_does_not_split() -> None:
    """An ellipsis followed by a lower-case word continues the sentence."""
    text = '"At our previous meeting... during talks we agreed," Putin said. Abe nodded.'
    assert _sentences(text) == ['"At our previous meeting... during talks we agreed," Putin said.', "Abe nodded."]


def test_quoted_sentence_keeps_its_attribution() -> None:
    """A quotation ending in a full stop stays with the words after its closing quote."""
    text = "“I think the summit will help.” Putin said it twice. Then he left."
    assert _sentences(text) == ["“I think the summit will help.”", "Putin said it twice.", "Then he left."]


@pytest.mark.parametrize(("text", "expected"), [
    ("He named Brig. Gen. Mastin M. Robeson. Nobody objected.",
     ["He named Brig. Gen. Mastin M. Robeson.", "Nobody objected."]),
    ("It happened at 4 a.m. Wednesday in Dallas. Police came at 5 a.m. The house was empty.",
     ["It happened at 4 a.m. Wednesday in Dallas.", "Police came at 5 a.m.", "The house was empty."]),
    ("Sales rose in the U.S. The company said so. U.S. Senate leaders agreed.",
     ["Sales rose in the U.S.", "The company said so.", "U.S. Senate leaders agreed."]),
    ("Apple Inc. Chief Executive Tim Cook spoke. Shares of Acme Corp. They fell.",
     ["Apple Inc. Chief Executive Tim Cook spoke.", "Shares of Acme Corp.", "They fell."]),
    ("The vote is set for Jan. 5 in room No. 3. It was moved to Jan. Then to June.",
     ["The vote is set for Jan. 5 in room No. 3.", "It was moved to Jan.", "Then to June."]),
    ("The Nasdaq Composite Index .IXIC fell 1.5 percent. It was 3.45 p.m. in New York.",
     ["The Nasdaq Composite Index .IXIC fell 1.5 percent.", "It was 3.45 p.m. in New York."]),
    ("Wait... Then it rained! Did it stop? No.",
     ["Wait...", "Then it rained!", "Did it stop?", "No."]),
])
def test_news_abbreviations_and_breaks(text: str, expected: list[str]) -> None:
    """Titles and initials never end a sentence; "Inc.", "U.S." and "a.m." do only before a sentence starter."""
    assert _sentences(text) == expected


def test_dateline_stays_with_its_sentence() -> None:
    """A "MOSCOW:" dateline is part of the first sentence, and spans slice the original text."""
    text = "Header line\n\nMOSCOW: President Vladimir Putin has said ties are moving forward. It was cold."
    spans = split_sentences(text, [Span(13, len(text))])
    assert spans[0].slice(text).startswith("MOSCOW: President")
    assert all(s.start >= 13 for s in spans)


@pytest.mark.parametrize(("phrase", "label"), [
    ("his first visit in 11 years", "11 years"),
    ("the islands seized in 1945", "1945"),
    ("the flight was three hours late", "3 h"),
    ("a thorn for more than seven decades", "70+ years"),
    ("arrived two and a half hours late", "2.5 h"),
    ("about three hours later than planned", "~3 h"),
    ("a deal worth $2.5 billion", "2.5 billion USD"),
])
def test_numbers_are_normalised(phrase: str, label: str) -> None:
    """Counts get canonical units: decades become years, "two and a half" becomes 2.5, qualifiers are kept."""
    assert [q.label for q in find_quantities(tokens(phrase), phrase, 0)] == [label]


def test_dates_are_normalised() -> None:
    """Calendar dates become ISO-like values; weekdays and relative dates are kept as words."""
    text = "On Dec 15, 2016, a Thursday, after talks last month"
    assert [d.value for d in find_dates(text, 0)] == ["2016-12-15", "thursday", "last month"]


def test_late_arrival_conflict() -> None:
    """"about three hours" late against "two and a half hours" late is a number conflict on an aligned pair."""
    a = _article("a", "Putin arrived at the airport in Ube about three hours later than originally anticipated.")
    b = _article("b", "Putin arrived at the airport in Ube two and a half hours later than originally anticipated.")
    fc = compare_articles(a, b)
    assert len(fc.shared) == 1 and fc.shared[0].label == "conflicting"
    assert [(c.kind, c.a_value, c.b_value) for c in fc.conflicts] == [
        ("number", "about three hours", "two and a half hours")]


def test_compatible_numbers_do_not_conflict() -> None:
    """"more than seven decades" and "71 years" can both be true, so they do not conflict."""
    a, b = (extract_units(_article(i, f"The dispute has soured relations for {n}."))[0]
            for i, n in (("a", "more than seven decades"), ("b", "71 years")))
    assert find_conflicts(a, b) == []


def test_different_years_conflict() -> None:
    """The same seizure dated 1945 by one outlet and 1946 by the other is a date conflict."""
    a, b = (extract_units(_article(i, f"The Soviet Union seized the islands off Japan's coast in {y}."))[0]
            for i, y in (("a", "1945"), ("b", "1946")))
    assert [(c.kind, c.a_value, c.b_value) for c in find_conflicts(a, b)] == [("date", "1945", "1946")]


def test_framing_tags_come_from_the_lexicon() -> None:
    """Loaded verbs, epithets, hedges, intensifiers and evaluative words are tagged; "said" is not."""
    assert tag_word("insisted") == "attribution verb"
    assert tag_word("strongman") == "epithet"
    assert tag_word("reportedly") == "hedge"
    assert tag_word("flurry") == "intensifier"
    assert tag_word("mired") == "evaluative word"
    assert tag_word("said") is None


def test_aligned_framing_lists_the_differing_words() -> None:
    """An aligned fact reported with "insisted" by one outlet and "said" by the other yields framing rows."""
    a = _article("a", "Sergei Lavrov said the two sides agreed to restart defence talks next year.", "Outlet A")
    b = _article("b", "Sergei Lavrov insisted the two sides agreed to restart defence talks next year.", "Outlet B")
    fc = compare_articles(a, b)
    assert fc.shared and fc.shared[0].label == "reworded"
    assert any(f.tag == "attribution verb" and f.b_words == "insisted" for f in fc.framing)


def test_epithet_resolves_to_the_last_named_person() -> None:
    """"the Russian strongman" after a sentence about Putin is a mention of Putin, and the speaker of "insisted"."""
    article = _article("a", "Vladimir Putin met Shinzo Abe's envoy. Later Putin spoke to reporters.\n\n"
                            "But the Russian strongman insisted that talks were going well.")
    unit = extract_units(article)[-1]
    assert [(x.speaker, x.speaker_text, x.verb) for x in unit.attributions] == [
        ("putin", "the Russian strongman", "insisted")]


def test_quote_speaker_comes_from_the_next_paragraph() -> None:
    """A quote paragraph without attribution gets the speaker of the sentence that follows it."""
    article = _article("a", '"There is movement forward in our relations with Japan,"\n\n'
                            "Vladimir Putin said at the start of talks.")
    first = extract_units(article)[0]
    assert [q.speaker for q in first.quotes] == ["putin"]


def test_same_fact_separates_paraphrase_from_different_fact() -> None:
    """same_fact accepts a close paraphrase and rejects a sentence about something else."""
    ok, p = same_fact("The company said profits rose 5 percent in the third quarter.",
                      "Profits rose 5 percent in the third quarter, the company said.")
    no, q = same_fact("The company said profits rose 5 percent in the third quarter.",
                      "Rain is expected across the north of the country on Sunday.")
    assert ok and not no and 0.0 <= q < p <= 1.0


def test_short_labels_are_not_facts() -> None:
    """Credits, labels and a repeated caption are not fact units; a real sentence is."""
    article = parse_text("x", "Title\n\nRelated Stories\n\n(AP)\n\nThe talks lasted three hours on Friday in Tokyo.")
    assert [u.text for u in extract_units(article)] == ["The talks lasted three hours on Friday in Tokyo."]


def test_version_like_numbers_do_not_crash() -> None:
    """Dotted strings such as "2.6.0" are not numbers, and never crash the fact layer."""
    from compare.facts.quantities import _plain_number

    found = [_plain_number(t) for t in ("1,000", "2.5", "2.6.0", "1,5", "1,000,000.5")]
    assert found == [1000.0, 2.5, None, None, 1000000.5]


@pytest.mark.parametrize(("body", "name", "kind"), [
    ("The boys were found in Chiang Rai on Monday.", "Chiang Rai", "place"),  # a locative before it
    ("Divers entered the Tham Pha Daeng cave at dawn.", "Tham Pha Daeng", "place"),  # a place noun after it
    ("CHIANG RAI — Divers reached the boys on Monday.", "CHIANG RAI", "place"),  # an all-capitals dateline
    ("Governor Narongsak Osottanakorn said the search would go on.", "Narongsak Osottanakorn", "person"),
    ("Abe welcomed Putin in Abe's hometown, Shinzo Abe said.", "Abe", "person"),  # a possessive is no place
])
def test_names_in_place_contexts_are_places(body: str, name: str, kind: str) -> None:
    """Two or three capitalised words are a person unless their context says place: "in Chiang Rai"."""
    (unit,) = extract_units(_article("a", body))
    assert {e.text: e.kind for e in unit.entities}[name] == kind


def test_a_name_after_the_before_an_organisation_word_is_that_organisation() -> None:
    """"The FNV union" is the organisation FNV (shown so, not as "fnv"); the "Thai navy" does not make "Thai"
    an organisation, and a name written "The X" is no person."""
    body = "Divers of the Thai navy and members of The FNV union arrived, FNV official Niek Stam said."
    (unit,) = extract_units(_article("a", body))
    kinds = {e.text: (e.key, e.kind) for e in unit.entities}
    assert kinds["The FNV"] == ("fnv", "organisation")
    assert kinds["Thai"][1] != "organisation" and kinds["Niek Stam"] == ("stam", "person")
    assert display_names((unit,))["fnv"] == "FNV"


def test_the_name_after_said_that_is_what_was_said_not_who_said_it() -> None:
    """"Critics warned that Nordlys Lines' fleet ..." is not Nordlys Lines speaking; "said Erik Vang" is Vang."""
    (unit,) = extract_units(_article("a", "Critics have long warned that Nordlys Lines' ageing fleet was unsafe."))
    assert [a.speaker for a in unit.attributions] == [None]
    (unit,) = extract_units(_article("a", "The ship simply rolled over, said Erik Vang, a coast guard spokesman."))
    assert [a.speaker for a in unit.attributions] == ["vang"]


def test_company_and_island_names_are_typed_by_their_words() -> None:
    """"Nordlys Lines" is a company (a company word), "the island of Lindholm" a place, not two people."""
    (unit,) = extract_units(_article("a", "The ferry of Nordlys Lines sank off the island of Lindholm today."))
    assert {e.text: e.kind for e in unit.entities} == {"Nordlys Lines": "organisation", "Lindholm": "place"}
