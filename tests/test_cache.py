"""The cache: reused on re-runs, never needed for correctness, never a way to run code."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from compare import pipeline
from compare.ingest import parse_text
from compare.models import Params
from compare.report.files import render_reports
from compare.runtime.cache import Cache
from compare.runtime.context import RunContext
from tests.conftest import ROOT, paragraphs


def _count_sketching(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Record the number of documents in each batch that is sketched from now on."""
    sketched: list[int] = []
    real_batch = pipeline.minhash.sketch_batch

    def counting(shingles, counts, *args):  # type: ignore[no-untyped-def]
        sketched.append(len(counts))
        return real_batch(shingles, counts, *args)

    monkeypatch.setattr(pipeline.minhash, "sketch_batch", counting)
    return sketched


def _articles(wire_text: str, unrelated_text: str) -> list:
    twelve = paragraphs(wire_text)[:12]
    texts = {"a": "\n\n".join(twelve), "b": "\n\n".join(twelve[:4]), "c": unrelated_text}
    return [parse_text(name, text) for name, text in texts.items()]


def test_second_run_sketches_nothing_and_gives_identical_reports(
    tmp_path: Path, wire_text: str, unrelated_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A warm re-run reads every sketch from the cache and renders byte-identical reports."""
    articles = _articles(wire_text, unrelated_text)
    cache = Cache(tmp_path / "cache.sqlite")
    cold = render_reports(pipeline.analyse(articles, Params(), context=RunContext(cache=cache)))
    sketched = _count_sketching(monkeypatch)
    warm = render_reports(pipeline.analyse(articles, Params(), context=RunContext(cache=cache)))
    assert sketched == [] and warm == cold
    uncached = render_reports(pipeline.analyse(articles, Params()))
    assert uncached == cold


def test_only_new_articles_are_sketched(
    tmp_path: Path, wire_text: str, unrelated_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Adding an article sketches that one article only."""
    articles = _articles(wire_text, unrelated_text)
    cache = Cache(tmp_path / "cache.sqlite")
    pipeline.sketch_articles(articles, Params(), RunContext(cache=cache))
    sketched = _count_sketching(monkeypatch)
    pipeline.sketch_articles([*articles, parse_text("d", "A new article about something else.")], Params(),
                             RunContext(cache=cache))
    assert sketched == [1]


def test_other_parameters_miss_the_cache(tmp_path: Path, wire_text: str, unrelated_text: str) -> None:
    """Sketches made with another shingle size are not reused."""
    articles = _articles(wire_text, unrelated_text)
    cache = Cache(tmp_path / "cache.sqlite")
    first, _ = pipeline.sketch_articles(articles, Params(shingle_size=5), RunContext(cache=cache))
    second, _ = pipeline.sketch_articles(articles, Params(shingle_size=3), RunContext(cache=cache))
    assert first[0].sequence.size != second[0].sequence.size


def test_corrupt_cache_is_ignored_with_a_warning(tmp_path: Path, wire_text: str, unrelated_text: str) -> None:
    """A cache file that is not a database is not used, and results are unchanged."""
    path = tmp_path / "cache.sqlite"
    path.write_bytes(b"not a database at all" * 100)
    cache = Cache(path)
    articles = _articles(wire_text, unrelated_text)
    result = render_reports(pipeline.analyse(articles, Params(), context=RunContext(cache=cache)))
    assert result == render_reports(pipeline.analyse(_articles(wire_text, unrelated_text), Params()))
    assert cache.warning is not None and "not used" in cache.warning
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(path).execute("SELECT 1 FROM entries")


def _count_extraction(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the id of every article whose fact units are extracted from now on."""
    from compare.facts import units

    extracted: list[str] = []
    real = units.extract_units

    def counting(article):  # type: ignore[no-untyped-def]
        extracted.append(article.id)
        return real(article)

    monkeypatch.setattr(units, "extract_units", counting)
    return extracted


def test_warm_run_reads_fact_units_from_the_cache(
    tmp_path: Path, wire_text: str, unrelated_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A re-run extracts no fact units, a new article's only, and the reports stay byte-identical."""
    articles = _articles(wire_text, unrelated_text)
    cache = Cache(tmp_path / "cache.sqlite")
    cold = render_reports(pipeline.analyse(articles, Params(), context=RunContext(cache=cache)))
    extracted = _count_extraction(monkeypatch)
    assert render_reports(pipeline.analyse(articles, Params(), context=RunContext(cache=cache))) == cold
    assert extracted == []
    pipeline.analyse([*articles, parse_text("d", "A new article about something else entirely, said Smith.")],
                     Params(), context=RunContext(cache=cache))
    assert extracted == ["d"]


def test_units_key_follows_text_paragraphs_and_code(monkeypatch: pytest.MonkeyPatch) -> None:
    """Other text, other paragraphs or other fact-layer code: another key, so stale units are never reused."""
    from dataclasses import replace

    from compare.runtime import cache as cache_module

    article = parse_text("a", "First paragraph of the story, said Smith.\n\nSecond paragraph, said Jones in Paris.")
    assert len(article.paragraphs) == 2
    key = cache_module.units_key(article)
    assert cache_module.units_key(replace(article, text=article.text + " ")) != key
    assert cache_module.units_key(replace(article, paragraphs=article.paragraphs[:-1])) != key
    monkeypatch.setattr(cache_module, "_FACT_MODULES", ("models",))  # as if the fact layer's code changed
    assert cache_module.units_key(article) != key


def test_damaged_units_entry_is_a_miss(tmp_path: Path, wire_text: str, unrelated_text: str) -> None:
    """A units entry that does not decode is extracted again; results are unchanged."""
    articles = _articles(wire_text, unrelated_text)
    path = tmp_path / "cache.sqlite"
    cold = render_reports(pipeline.analyse(articles, Params(), context=RunContext(cache=Cache(path))))
    with sqlite3.connect(path) as db:
        db.execute("UPDATE entries SET value = ? WHERE substr(key, 1, 6) = CAST('units:' AS BLOB)", (b"\x80garbage",))
    cache = Cache(path)
    assert render_reports(pipeline.analyse(articles, Params(), context=RunContext(cache=cache))) == cold
    assert cache.warning is None


def test_warm_run_reads_pair_descriptions_from_the_cache(
    tmp_path: Path, wire_text: str, unrelated_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A re-run describes no pair again (passages, edits, facts), and the reports stay byte-identical."""
    articles = _articles(wire_text, unrelated_text)
    cache = Cache(tmp_path / "cache.sqlite")
    cold_result = pipeline.analyse(articles, Params(), context=RunContext(cache=cache))
    assert any(p.facts is not None for p in cold_result.pairs)
    described: list[str] = []
    real = pipeline.describe_pair
    monkeypatch.setattr(pipeline, "describe_pair", lambda a, b, *rest: described.append(a.id) or real(a, b, *rest))
    warm = pipeline.analyse(articles, Params(), context=RunContext(cache=cache))
    assert render_reports(warm) == render_reports(cold_result)
    assert described == []
    edited_b = parse_text("b", articles[1].text + "\n\nA paragraph the reprint added at its end, said the agency.")
    pipeline.analyse([articles[0], edited_b, articles[2]], Params(), context=RunContext(cache=cache))
    assert described == ["a"]  # only the pair with the edited article, (a, b), is described again


def test_pair_descriptions_are_cached_per_max_gap(tmp_path: Path, wire_text: str, unrelated_text: str) -> None:
    """A run with another --max-gap describes its pairs afresh instead of reusing the default's passages."""
    a, _, c = _articles(wire_text, unrelated_text)
    edited = parse_text("b", a.text.replace("Thursday", "yesterday", 1))
    articles = [a, edited, c]
    cache = Cache(tmp_path / "cache.sqlite")

    def passages(result: object) -> int:
        return sum(len(p.alignment.passages) for p in result.pairs if p.alignment)  # type: ignore[attr-defined]

    merged = pipeline.analyse(articles, Params(), context=RunContext(cache=cache))
    split = pipeline.analyse(articles, Params(max_gap=0), context=RunContext(cache=cache))
    assert passages(split) > passages(merged)  # the substitution splits the passage when no gap may be bridged
    assert render_reports(split) == render_reports(pipeline.analyse(articles, Params(max_gap=0)))
    assert "gaps of up to 0 differing words" in render_reports(split)["index.md"]


def test_damaged_pair_entry_is_a_miss(tmp_path: Path, wire_text: str, unrelated_text: str) -> None:
    """A pair entry that does not decode is described again; results are unchanged."""
    articles = _articles(wire_text, unrelated_text)
    path = tmp_path / "cache.sqlite"
    cold = render_reports(pipeline.analyse(articles, Params(), context=RunContext(cache=Cache(path))))
    with sqlite3.connect(path) as db:
        pair_entries = "substr(key, 1, 5) = CAST('pair:' AS BLOB)"
        assert db.execute(f"SELECT COUNT(*) FROM entries WHERE {pair_entries}").fetchone()[0] >= 1
        db.execute(f"UPDATE entries SET value = ? WHERE {pair_entries}", (b"\x80\x05garbage",))
    assert render_reports(pipeline.analyse(articles, Params(), context=RunContext(cache=Cache(path)))) == cold


def test_code_digest_falls_back_to_the_version_when_source_is_unreadable(monkeypatch: pytest.MonkeyPatch) -> None:
    """A zipped install without readable .py files still gets a stable key instead of an error."""
    from compare.runtime import cache as cache_module

    real = cache_module._code_digest(("facts.units",))
    cache_module._code_digest.cache_clear()
    monkeypatch.setattr(cache_module.Path, "read_bytes", lambda self: (_ for _ in ()).throw(OSError("zipped")))
    try:
        fallback = cache_module._code_digest(("facts.units",))
        assert fallback != real and fallback == cache_module._code_digest(("facts.units",))
    finally:
        cache_module._code_digest.cache_clear()


PAGE = Path(__file__).resolve().parent / "data" / "ingest" / "formats" / "page.html"


def _count_extractions(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Replace trafilatura's step with a counting one (runs stay on one process, so the patch holds)."""
    from compare.ingest import formats

    calls: list[int] = []
    real = formats.extract_html

    def counting(html, url=None):  # type: ignore[no-untyped-def]
        calls.append(1)
        return real(html, url)

    monkeypatch.setattr(formats, "extract_html", counting)
    return calls


def _page_folder(tmp_path: Path, wire_text: str) -> Path:
    folder = tmp_path / "pages"
    folder.mkdir()
    html = PAGE.read_text(encoding="utf-8")
    (folder / "quake.html").write_text(html, encoding="utf-8")
    (folder / "quake-copy.htm").write_text(html.replace("Kenji Sato", "Staff"), encoding="utf-8")
    (folder / "wire.txt").write_text(wire_text, encoding="utf-8")
    return folder


def test_saved_pages_are_extracted_once(tmp_path: Path, wire_text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A warm run reads no page with trafilatura again; an edited page alone is; reports stay identical."""
    folder, cache = _page_folder(tmp_path, wire_text), Cache(tmp_path / "cache.sqlite")
    calls = _count_extractions(monkeypatch)
    cold = render_reports(pipeline.run_folder(folder, Params(), RunContext(cache=cache)))
    assert len(calls) == 2
    assert render_reports(pipeline.run_folder(folder, Params(), RunContext(cache=cache))) == cold
    assert len(calls) == 2
    page = folder / "quake-copy.htm"
    page.write_text(page.read_text(encoding="utf-8").replace("magnitude 5.8", "magnitude 6.1"), encoding="utf-8")
    edited = render_reports(pipeline.run_folder(folder, Params(), RunContext(cache=cache)))
    assert len(calls) == 3
    assert edited == render_reports(pipeline.run_folder(folder, Params())) != cold


def test_pages_read_on_two_workers_match_one(tmp_path: Path, wire_text: str) -> None:
    """Files read on worker processes give the same reports as reading them in order on one."""
    folder = _page_folder(tmp_path, wire_text)
    for n in range(20):  # more files than one chunk, so the pool is used
        (folder / f"extra{n:02d}.txt").write_text(f"Title {n}\n\nParagraph {n} says something new today.\n",
                                                  encoding="utf-8")
    one = render_reports(pipeline.run_folder(folder, Params(), RunContext(jobs=1)))
    assert render_reports(pipeline.run_folder(folder, Params(), RunContext(jobs=2))) == one


def _count_builds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    from compare.ingest import corpus

    built: list[str] = []
    real = corpus.build_article

    def counting(source, chrome_keys=()):  # type: ignore[no-untyped-def]
        built.append(source.article_id)
        return real(source, chrome_keys)

    monkeypatch.setattr(corpus, "build_article", counting)
    return built


def test_warm_run_parses_no_article_again(tmp_path: Path, wire_text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Parsed articles come from the cache; an edited file alone is parsed again; reports stay identical."""
    folder, cache = _page_folder(tmp_path, wire_text), Cache(tmp_path / "cache.sqlite")
    built = _count_builds(monkeypatch)
    cold = render_reports(pipeline.run_folder(folder, Params(), RunContext(cache=cache)))
    assert sorted(built) == ["quake-copy.htm", "quake.html", "wire.txt"]
    built.clear()
    assert render_reports(pipeline.run_folder(folder, Params(), RunContext(cache=cache))) == cold
    assert built == []
    (folder / "wire.txt").write_text(wire_text.replace("Thursday", "Friday"), encoding="utf-8")
    edited = render_reports(pipeline.run_folder(folder, Params(), RunContext(cache=cache)))
    assert built == ["wire.txt"]
    assert edited == render_reports(pipeline.run_folder(folder, Params())) != cold


@pytest.mark.parametrize(("kind", "entries"), [("page", 2), ("article", 3)])
def test_damaged_page_or_article_entry_is_read_again(tmp_path: Path, wire_text: str, kind: str, entries: int) -> None:
    """A stored page or parsed article that does not decode is a miss: read again, results unchanged."""
    folder, path = _page_folder(tmp_path, wire_text), tmp_path / "cache.sqlite"
    cold = render_reports(pipeline.run_folder(folder, Params(), RunContext(cache=Cache(path))))
    with sqlite3.connect(path) as db:
        of_kind = f"substr(key, 1, {len(kind) + 1}) = CAST('{kind}:' AS BLOB)"
        assert db.execute(f"SELECT COUNT(*) FROM entries WHERE {of_kind}").fetchone()[0] == entries
        db.execute(f"UPDATE entries SET value = ? WHERE {of_kind}", (b"garbage",))
    assert render_reports(pipeline.run_folder(folder, Params(), RunContext(cache=Cache(path)))) == cold


def test_dedup_of_a_folder_uses_the_cache(tmp_path: Path, wire_text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """`compare dedup FOLDER` a second time extracts, parses and sketches nothing, and finds the same pairs."""
    folder, cache = _page_folder(tmp_path, wire_text), Cache(tmp_path / "cache.sqlite")
    cold = pipeline.dedup_input(folder, Params(), RunContext(cache=cache))
    assert [(s.a, s.b) for s in cold[0]] == [("quake-copy.htm", "quake.html")]
    calls, built, sketched = _count_extractions(monkeypatch), _count_builds(monkeypatch), _count_sketching(monkeypatch)
    assert pipeline.dedup_input(folder, Params(), RunContext(cache=cache)) == cold
    assert (calls, built, sketched) == ([], [], [])


class _Payload:
    """What an attacker would store: unpickling it runs a shell command that leaves a marker file."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):  # type: ignore[no-untyped-def]
        import os

        return os.system, (f"touch {self.marker}",)


def test_a_pickle_in_every_entry_is_never_run(tmp_path: Path, wire_text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pickles written into every stored value of a real cache file: the next run executes none, reports unchanged."""
    import pickle
    import zlib

    folder, path, marker = _page_folder(tmp_path, wire_text), tmp_path / "cache.sqlite", tmp_path / "pwned"
    cold = render_reports(pipeline.run_folder(folder, Params(), RunContext(cache=Cache(path))))
    payload = pickle.dumps(_Payload(marker))
    with sqlite3.connect(path) as db:
        columns = [row[1] for row in db.execute("PRAGMA table_info(entries)") if row[2].upper() == "BLOB"]
        assert "value" in columns
        kinds = {bytes(k).split(b":")[0] for (k,) in db.execute("SELECT key FROM entries")}
        assert kinds == {b"page", b"article", b"sketch", b"units", b"pair"}
        for column in set(columns) - {"key"}:  # raw and compressed, as the old cache stored it
            db.execute(f"UPDATE entries SET {column} = ? WHERE rowid % 2 = 0", (payload,))
            db.execute(f"UPDATE entries SET {column} = ? WHERE rowid % 2 = 1", (zlib.compress(payload),))
    cache = Cache(path)
    assert render_reports(pipeline.run_folder(folder, Params(), RunContext(cache=cache))) == cold
    assert not marker.exists() and cache.warning is None


def test_every_fact_module_is_in_the_code_digest_of_cached_units_and_pairs() -> None:
    """A change to any module of the fact layer (a synonym group, a title rule) misses the cache: a hand list
    once left out synonyms.py, and a warm cache kept pair scores the new code no longer gives."""
    from compare.runtime import cache

    facts = sorted(f"facts.{p.stem}" for p in (ROOT / "compare" / "facts").glob("*.py"))
    assert set(facts) <= set(cache._FACT_MODULES) and set(facts) <= set(cache._PAIR_MODULES)
