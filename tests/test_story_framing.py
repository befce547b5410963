"""Framing across a story, per actor, on the seeds: epithets, attribution verbs, tone, one-outlet context."""

from __future__ import annotations

from pathlib import Path

import pytest

from compare import pipeline
from compare.facts.actors import _description_before
from compare.facts.framing import tag_word
from compare.facts.values import ActorView
from compare.ingest import read_corpus
from compare.models import Article
from compare.report.facts_md import render_story_markdown
from compare.results import StoryResult

SEEDS = Path(__file__).parent.parent / "seeds"
A, B = "000_d62c5ef70462ea6f.txt", "003_464f35655eb40255.txt"


@pytest.fixture(scope="module")
def seeds() -> tuple[list[Article], StoryResult]:
    articles, _ = read_corpus(SEEDS)
    (story,) = pipeline.find_stories(articles, (), pipeline.extract_all_units(articles))
    return articles, story


def test_putin_is_the_russian_strongman_who_insisted_in_000_and_a_judoist_in_003(seeds) -> None:
    """What each outlet calls Putin, and the verbs attached to his words."""
    _, story = seeds
    assert story.framing is not None
    putin = next(a for a in story.framing.actors if a.key == "putin")
    assert putin.name == "Vladimir Putin"
    assert [(v.article, v.called, v.verbs) for v in putin.views] == [
        (A, ("President", "the Russian strongman"), ("said", "insisted (loaded)")),
        (B, ("Russian President", "a judoist"), ("said", "told")),
    ]
    assert putin.views[1].tone[-3:] == ("few (hedge)", "likely (hedge)", "cave (evaluative word)")


def test_trump_is_named_by_003_alone_as_the_real_estate_baron_who_vowed(seeds) -> None:
    """Trump appears only in 003, called "the New York real-estate baron", with the loaded "vowed"."""
    _, story = seeds
    trump = next(a for a in story.framing.actors if a.key == "trump")
    assert trump.views == (ActorView(B, ("the New York real-estate baron",), ("vowed (loaded)",),
                                     ("few (hedge)", "likely (hedge)", "cave (evaluative word)",
                                      "reeled (evaluative word)")),)


def test_trumps_election_is_context_003_alone_gives_as_the_reason_putin_will_not_cave(seeds) -> None:
    """003 alone brings in Trump's election, tied by "especially after" to few expecting Putin to cave."""
    _, story = seeds
    notes = [(n.article, n.about, len(n.units), n.link, n.claim) for n in story.framing.context]
    assert notes == [
        (A, "Kremlin", 1, "", ""),
        (B, "Sergei Lavrov", 4, "", ""),
        (B, "Donald Trump", 2, "especially after",
         "few believe Putin is likely to cave to Japanese demands to hand back at least some control over the "
         "islands"),
    ]


def test_story_report_has_the_framing_sections(seeds) -> None:
    """The story page shows the actor tables and the context, deterministically."""
    articles, story = seeds
    text = render_story_markdown(articles, story)
    assert "## Framing by actor" in text and "### Vladimir Putin" in text
    assert "| The New Indian Express   | President, the Russian strongman | said, insisted (loaded) |" in text
    assert ("- 003_464f35655eb40255.txt alone brings in Donald Trump (2 sentences), used with “especially after” "
            "to explain: few believe Putin is likely to cave to Japanese demands to hand back at least some "
            "control over the islands.") in text
    assert render_story_markdown(list(reversed(articles)), story) == text


@pytest.mark.parametrize(("before", "expected"), [("to", "evaluative word"), ("will", "evaluative word"),
                                                  ("the", None), ("flooded", None), ("", None)])
def test_cave_is_evaluative_only_as_a_verb(before: str, expected: str | None) -> None:
    """"likely to cave" judges Putin; "the cave" in a rescue story is where the boys are."""
    assert tag_word("cave", before) == expected
    assert tag_word("caved") == "evaluative word"


@pytest.mark.parametrize(("before", "expected"), [
    ("Union negotiator ", "Union negotiator"),
    ("The talks were led by former judge ", "former judge"),
    ("Japanese Prime Minister ", "Japanese Prime Minister"),
    ("Abe is hosting ", ""),  # a verb, not a description
    ("But few believe ", ""),
    ("The two leaders shook hands, with Abe welcoming ", ""),
    ("Talks between Abe and ", ""),
])
def test_the_words_before_a_name_that_describe_the_person(before: str, expected: str) -> None:
    """What an outlet calls someone in front of the name: a role noun next to it, no verb, no other name."""
    assert _description_before(before) == expected
