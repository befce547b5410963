"""Streaming .jsonl near-duplicate detection: same answers on one core or two, in any batch size."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compare import pipeline
from compare.models import Article, Params, Span
from compare.neardup import stream as bulk
from tests.conftest import paragraphs


def plain_article(article_id: str, text: str) -> Article:
    """A record as compare dedup reads a .jsonl: the whole text is the body, as given."""
    return Article(id=article_id, text=text, title="", paragraphs=(Span(0, len(text)),), source_format="jsonl")


def _write_jsonl(path: Path, records: list[tuple[str, str]]) -> Path:
    path.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in records), encoding="utf-8")
    return path


@pytest.fixture
def records(wire_text: str, unrelated_text: str) -> list[tuple[str, str]]:
    twelve = paragraphs(wire_text)[:12]
    return [
        ("wire", "\n\n".join(twelve)),
        ("other", unrelated_text),
        ("truncated", "\n\n".join(twelve[:4])),
        ("empty", ""),
        ("edited", "\n\n".join(twelve).replace("Thursday", "yesterday").replace("Putin", "Mr Putin")),
        ("short", "Too short."),
    ]


@pytest.mark.parametrize("jobs", [1, 2])
def test_jsonl_results_match_the_in_memory_path(
    tmp_path: Path, records: list[tuple[str, str]], jobs: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two passes over small batches on 1 or 2 workers give exactly the in-memory figures."""
    monkeypatch.setattr(bulk, "BATCH_LINES", 2)
    source = _write_jsonl(tmp_path / "in.jsonl", records)
    pairs, clusters, notes = bulk.dedup_jsonl(source, Params(), jobs)
    articles = sorted((plain_article(i, t) for i, t in records), key=lambda a: a.id)
    expected, _, _ = pipeline.near_duplicates(articles, Params())
    assert pairs == expected
    assert {(p.a, p.b) for p in pairs} >= {("edited", "wire"), ("truncated", "wire"), ("edited", "truncated")}
    assert [c.members for c in clusters] == [("edited", "truncated", "wire")]
    assert notes == []


def test_jsonl_with_a_bom_and_blank_lines(tmp_path: Path, records: list[tuple[str, str]]) -> None:
    """A UTF-8 BOM and blank lines do not lose or shift records."""
    source = tmp_path / "in.jsonl"
    body = "\n\n".join(json.dumps({"id": i, "text": t}) for i, t in records)
    source.write_bytes(b"\xef\xbb\xbf" + body.encode("utf-8"))
    pairs, _, notes = bulk.dedup_jsonl(source, Params(), 1)
    assert notes == [] and ("truncated", "wire") in {(p.a, p.b) for p in pairs}
