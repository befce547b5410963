"""The cache stays bounded: least recently used entries go first, and eviction never changes a result."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from compare.cli import app
from compare.runtime import cache as cache_module
from compare.runtime.cache import CACHE_VERSION, Cache, evict
from tests.conftest import SEEDS

runner = CliRunner()


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _entries(path: Path) -> int:
    with sqlite3.connect(path) as db:
        return int(db.execute("SELECT COUNT(*) FROM entries").fetchone()[0])


def test_a_tiny_cap_evicts_and_reports_stay_byte_identical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Runs under a cap far below what they cache give the reports of a run without a cache, cold and warm."""
    plain = runner.invoke(app, ["run", str(SEEDS), "--out", str(tmp_path / "plain"), "--no-cache", "--quiet"])
    assert plain.exit_code == 0, plain.output
    monkeypatch.setattr(cache_module, "_MB", 4096)  # --cache-max-mb 1 now means 4 KB: less than one run's entries
    path = tmp_path / "cache.sqlite"
    for run in ("cold", "warm"):
        out = tmp_path / run
        args = ["run", str(SEEDS), "--out", str(out), "--cache", str(path), "--cache-max-mb", "1", "--quiet"]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        assert _files(out) == _files(tmp_path / "plain")
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT COUNT(*) FROM entries").fetchone()[0] < 5  # a seed run stores 7


def _filled(path: Path, runs: int, per_run: int) -> list[list[bytes]]:
    """A cache written by ``runs`` runs of ``per_run`` 4 KB entries each; the keys of each run."""
    keys = []
    for run in range(runs):
        cache = Cache(path)
        batch = [f"sketch:{run}-{k}".encode() for k in range(per_run)]
        cache.put_blobs((key, bytes(4096)) for key in batch)
        cache.close()
        keys.append(batch)
    return keys


def test_least_recently_used_entries_go_first(tmp_path: Path) -> None:
    """Entries a later run read survive eviction; those nobody read since go first."""
    path = tmp_path / "cache.sqlite"
    first, _ = _filled(path, 2, 40)
    reader = Cache(path)
    assert len(reader.get_blobs(first[:10])) == 10  # the first run's first ten are read again
    reader.close()
    with sqlite3.connect(path) as db:
        evict(db, cache_module._bytes_in_use(db) // 2)
        left = {row[0] for row in db.execute("SELECT key FROM entries")}
    assert set(first[:10]) <= left
    assert not set(first[10:]) & left  # the oldest unread entries are the first to go
    assert len(left) < 80


def test_close_keeps_the_cache_under_its_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Closing a cache over its cap brings it under, whatever was written."""
    monkeypatch.setattr(cache_module, "_MB", 256 * 1024)
    path = tmp_path / "cache.sqlite"
    cache = Cache(path, max_mb=1)
    cache.put_blobs((f"pair:{k}".encode(), bytes(4096)) for k in range(100))
    cache.close()
    with sqlite3.connect(path) as db:
        assert cache_module._bytes_in_use(db) <= 256 * 1024
    assert 0 < _entries(path) < 100


def test_an_older_cache_is_made_anew_silently(tmp_path: Path) -> None:
    """A cache written by the previous version (no "used" column) is recreated, with no warning."""
    path = tmp_path / "cache.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE entries (key BLOB PRIMARY KEY, value BLOB NOT NULL)")
        db.execute("INSERT INTO entries VALUES (?, ?)", (b"sketch:old", b"value"))
    cache = Cache(path)
    cache.put_blobs([(b"sketch:new", b"value")])
    cache.close()
    assert cache.warning is None
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == CACHE_VERSION
        assert [row[0] for row in db.execute("SELECT key FROM entries")] == [b"sketch:new"]


def test_cache_info_and_clear(tmp_path: Path) -> None:
    """info names the path, the size and the entries per kind; clear empties the cache."""
    path = tmp_path / "cache.sqlite"
    assert runner.invoke(app, ["cache", "info", "--cache", str(path)]).output.endswith("no cache yet\n")
    runner.invoke(app, ["run", str(SEEDS), "--out", str(tmp_path / "out"), "--cache", str(path), "--quiet"])
    info = runner.invoke(app, ["cache", "info", "--cache", str(path)])
    assert info.exit_code == 0
    assert str(path) in info.output and "MB on disk" in info.output
    assert any(line.split()[:2] == ["sketch", "2"] for line in info.output.splitlines())
    cleared = runner.invoke(app, ["cache", "clear", "--cache", str(path)])
    assert cleared.exit_code == 0 and "removed 7 entries" in cleared.output
    assert _entries(path) == 0


def test_a_file_that_is_no_cache_is_one_error_line(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite"
    path.write_bytes(b"not a database" * 100)
    result = runner.invoke(app, ["cache", "info", "--cache", str(path)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and "not a compare cache" in result.output


@pytest.mark.parametrize("command", ["run", "check", "dedup", "articles"])
def test_cache_cap_is_checked_up_front(tmp_path: Path, command: str) -> None:
    """A cap below 1 MB fails before anything is read, with the rule in the message."""
    result = runner.invoke(app, [command, str(tmp_path / "missing"), "--cache-max-mb", "0"])
    assert result.exit_code == 2
    assert "--cache-max-mb must be >= 1, got 0" in result.output
