"""Stories by event: a thread of one running story is split into its moments (tests/data/threads)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from compare import pipeline
from compare.ingest import read_corpus
from compare.models import Params
from compare.report.markdown import render_index

ROOT = Path(__file__).resolve().parent.parent
THREADS = ROOT / "tests" / "data" / "threads"


def _benchmark():  # benchmarks/ is not a package: load the script by its path
    spec = importlib.util.spec_from_file_location("stories_benchmark", ROOT / "benchmarks" / "stories.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def test_pairwise_f1_of_stories_against_events() -> None:
    """Every story is one event (precision 1) and all 23 same-event pairs are found (F1 1.0); the Guardian's
    report of the cave found alive, whose front matter title holds an unquoted ": ", is read as the Guardian's."""
    found = _benchmark().evaluate(THREADS)
    precision, recall, f1 = found["stories"]
    assert precision == 1.0 and recall == 1.0 and f1 == 1.0
    assert f1 >= 0.9


def test_strike_thread_holds_its_four_moments_as_stories() -> None:
    """Walkout, mediation, deal and cleared backlog: one thread, four stories named by their first day."""
    articles, _ = read_corpus(THREADS)
    result = pipeline.analyse(articles, Params())
    thread = next(t for t in result.threads if t.id == "rotterdam-stam-fnv")
    assert thread.stories == ("rotterdam-stam-fnv-2025-03-04", "rotterdam-stam-fnv-2025-03-10",
                              "rotterdam-stam-fnv-2025-03-14", "rotterdam-stam-fnv-2025-03-24")
    assert [s.members for s in result.stories if s.thread == thread.id] == [
        ("strike/1-walkout/ft.md", "strike/1-walkout/nos.md", "strike/1-walkout/reuters.md"),
        ("strike/2-talks/nos.md", "strike/2-talks/reuters.md"),
        ("strike/3-deal/ft.md", "strike/3-deal/nos.md", "strike/3-deal/reuters.md"),
        ("strike/4-backlog/nos.md", "strike/4-backlog/reuters.md"),
    ]
    assert thread.loose == ()
    index = " ".join(render_index(result).split())
    assert ("| rotterdam, stam, fnv | rotterdam | strike/4-backlog/nos.md, strike/4-backlog/reuters.md |"
            " [story](stories/rotterdam-stam-fnv-2025-03-24.md) |") in index


def test_reports_days_apart_are_never_one_story() -> None:
    """Rule 1: two reports can be one event only when at most a day apart (or one is undated)."""
    from compare.facts.events import can_be_one_event

    articles, _ = read_corpus(THREADS / "cave")
    by_id = {a.id: a for a in articles}
    assert can_be_one_event(by_id["1-missing/ap.md"], by_id["1-missing/nation.md"])  # June 24 and 25
    assert not can_be_one_event(by_id["2-found/ap.md"], by_id["3-rescued/ap.md"])  # July 2 and 10


def test_a_reprint_posted_days_later_stays_in_its_moments_story() -> None:
    """Rule 4: a copy of the walkout report dated four days later is one report with it, not a new moment."""
    import dataclasses

    articles, _ = read_corpus(THREADS)
    wire = next(a for a in articles if a.id == "strike/1-walkout/reuters.md")
    reprint = dataclasses.replace(wire, id="strike/1-walkout/reprint.md", date="2025-03-08")
    result = pipeline.analyse([*articles, reprint], Params())
    walkout = next(s for s in result.stories if "strike/1-walkout/reuters.md" in s.members)
    assert walkout.members == ("strike/1-walkout/ft.md", "strike/1-walkout/nos.md", "strike/1-walkout/reprint.md",
                               "strike/1-walkout/reuters.md")
    assert walkout.id.endswith("-2025-03-04")  # named by its first day; the copy adds mentions, not a moment
