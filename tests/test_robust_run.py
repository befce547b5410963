"""Whole runs over awkward folders: odd names work end to end, and the input folder is never touched."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

from typer.testing import CliRunner

from compare import pipeline
from compare.cli import app
from compare.ingest import parse_text
from compare.models import Params
from compare.report.files import render_reports
from compare.runtime.context import RunContext

DATA = Path(__file__).resolve().parent / "data"
WIRE = (DATA / "dedup" / "wire.txt").read_text(encoding="utf-8")
FLOOD = (DATA / "dedup" / "unrelated.txt").read_text(encoding="utf-8")
runner = CliRunner()


def awkward_folder(root: Path) -> Path:
    """Good articles under names with spaces and non-ASCII characters, beside bad files of every kind."""
    folder = root / "in put"
    sub = folder / "Москва" / "été 2024"
    sub.mkdir(parents=True)
    (sub / "wire copy (1).txt").write_text(WIRE, encoding="utf-8")
    (folder / "東京 記事.md").write_text(WIRE.replace("Thursday", "Friday"), encoding="utf-8")
    (folder / "flood – ñ.txt").write_bytes(codecs.BOM_UTF16_LE + FLOOD.encode("utf-16-le"))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "junk.txt").write_bytes(bytes(range(256)))
    (folder / "bad.jsonl").write_text('{"id": "x", "text": "cut off\n', encoding="utf-8")
    (folder / "loop").symlink_to(folder, target_is_directory=True)
    (folder / "notes.xyz").write_text("not an article", encoding="utf-8")
    return folder


def snapshot(folder: Path) -> dict[str, tuple[bytes | str, int, int]]:
    """Every entry under ``folder`` (links not followed): content or link target, mode, mtime in ns."""
    found: dict[str, tuple[bytes | str, int, int]] = {}
    for directory, dirs, files in os.walk(folder):
        for name in [*dirs, *files]:
            path = Path(directory) / name
            info = path.lstat()
            content: bytes | str = b""
            if path.is_symlink():
                content = os.readlink(path)
            elif path.is_file():
                content = path.read_bytes()
            found[path.relative_to(folder).as_posix()] = (content, info.st_mode, info.st_mtime_ns)
    info = folder.stat()
    found["."] = (b"", info.st_mode, info.st_mtime_ns)
    return found


def test_odd_names_work_end_to_end(tmp_path: Path) -> None:
    folder = awkward_folder(tmp_path)
    result = pipeline.run_folder(folder, Params())
    ids = [a.id for a in result.articles]
    assert ids == ["flood – ñ.txt", "Москва/été 2024/wire copy (1).txt", "東京 記事.md"]
    assert [(p.similarity.a, p.similarity.b, p.related) for p in result.pairs] == [
        ("Москва/été 2024/wire copy (1).txt", "東京 記事.md", True)
    ]
    skipped = {s.path: s.reason for s in result.skipped}
    assert set(skipped) == {"bad.jsonl", "empty.txt", "flood – ñ.txt", "junk.txt", "loop", "notes.xyz"}
    files = render_reports(result)
    index = files["index.md"]
    assert "## Skipped or repaired" in index
    for path, reason in skipped.items():
        assert f"| {path}" in index and reason.split("(")[0].strip() in index
    for name, content in files.items():
        content.encode("utf-8")
        assert not name.startswith("/") and ".." not in Path(name).parts


def test_the_input_folder_is_never_modified(tmp_path: Path) -> None:
    folder = awkward_folder(tmp_path)
    before = snapshot(folder)
    pipeline.run_folder(folder, Params())
    assert snapshot(folder) == before
    out = tmp_path / "reports"
    for _ in range(2):  # a first run and a rerun over existing reports
        result = runner.invoke(app, ["run", str(folder), "--out", str(out)])
        assert result.exit_code in (0, 1), result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert snapshot(folder) == before
    assert (out / "index.md").is_file()
    for command in (["articles", str(folder)], ["dedup", str(folder)], ["check", str(folder), "--reports", str(out)]):
        runner.invoke(app, command)
        assert snapshot(folder) == before, command


def test_cli_run_warns_once_per_bad_file_and_never_shows_a_traceback(tmp_path: Path) -> None:
    folder = awkward_folder(tmp_path)
    result = runner.invoke(app, ["run", str(folder), "--out", str(tmp_path / "out")])
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    for name in ("bad.jsonl", "empty.txt", "junk.txt", "loop", "notes.xyz", "flood – ñ.txt"):
        assert sum(name in line for line in result.output.splitlines() if "Warning" in line) == 1, name


def test_every_pair_gets_its_own_report_file() -> None:
    articles = [parse_text(article_id, WIRE) for article_id in ("a b.txt", "a_b.txt", "c.txt")]
    result = pipeline.analyse(articles, Params())
    pair_files = [name for name in render_reports(result) if name.startswith("pairs/")]
    assert len(pair_files) == len(result.pairs) == 3


def test_progress_reports_every_long_stage_and_adds_up(tmp_path: Path) -> None:
    """Each stage a long run has reports progress, and its increments add up to its total."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "wire.txt").write_text(WIRE, encoding="utf-8")
    (folder / "copy.txt").write_text(WIRE.replace("Thursday", "Friday"), encoding="utf-8")
    (folder / "flood.txt").write_text(FLOOD, encoding="utf-8")
    seen: dict[str, list[tuple[int, int]]] = {}
    context = RunContext(progress=lambda stage, done, total: seen.setdefault(stage, []).append((done, total)))
    result = pipeline.run_folder(folder, Params(), context)
    render_reports(result, lambda stage, done, total: seen.setdefault(stage, []).append((done, total)))
    for stage in ("reading files", "parsing articles", "sketching", "reading facts", "matching names",
                  "comparing pairs", "rendering reports"):
        assert stage in seen, stage
        totals = {total for _, total in seen[stage]}
        assert len(totals) == 1 and sum(done for done, _ in seen[stage]) == totals.pop(), stage
