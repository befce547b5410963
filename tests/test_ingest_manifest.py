"""A sidecar manifest (sources.csv / .tsv / .jsonl, or --sources PATH) gives url, outlet, date and author per file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from compare.cli import app
from compare.errors import InputNotFoundError
from compare.ingest import read_corpus
from compare.models import Article

DATA = Path(__file__).parent / "data" / "realworld"
runner = CliRunner()


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    (folder / "asia").mkdir(parents=True)
    shutil.copy(DATA / "wrapped.txt", folder / "wrapped.txt")
    shutil.copy(DATA / "glued.txt", folder / "asia" / "glued.txt")
    shutil.copy(DATA / "police.txt", folder / "police.txt")
    return folder


def _by_id(folder: Path, sources: Path | None = None) -> tuple[dict[str, Article], list[str]]:
    articles, skipped = read_corpus(folder, sources=sources)
    return {a.id: a for a in articles}, [f"{s.path}: {s.reason}" for s in skipped]


CSV = ("file,url,outlet,date,author\n"
       "wrapped.txt,https://www.straitstimes.com/asia/ferry,,15 December 2016,\n"
       "glued.txt,https://news.example.net/a/1,,,\n"
       "police.txt,,The Canberra Courier,2020-03-17,Desk staff\n")


def test_csv_manifest_fills_metadata(tmp_path: Path) -> None:
    """Outlet from the row, else from the URL's host (named by the outlet table, else the host itself)."""
    folder = _folder(tmp_path)
    (folder / "sources.csv").write_text(CSV, encoding="utf-8")
    articles, notes = _by_id(folder)
    assert set(articles) == {"wrapped.txt", "asia/glued.txt", "police.txt"}  # the manifest is not an article
    wrapped, glued, police = articles["wrapped.txt"], articles["asia/glued.txt"], articles["police.txt"]
    assert (wrapped.outlet, wrapped.date, wrapped.url) == ("The Straits Times", "2016-12-15",
                                                           "https://www.straitstimes.com/asia/ferry")
    assert wrapped.author == "Marta Kowalczyk"  # the row leaves author empty: the text's byline stays
    assert glued.outlet == "news.example.net"  # matched by its unique file name, under asia/
    assert (police.outlet, police.date, police.author) == ("The Canberra Courier", "2020-03-17", "Desk staff")
    assert notes == []


def test_tsv_and_jsonl_manifests(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "sources.tsv").write_text("file\toutlet\nwrapped.txt\tHarbour Weekly\n", encoding="utf-8")
    assert _by_id(folder)[0]["wrapped.txt"].outlet == "Harbour Weekly"
    (folder / "sources.tsv").unlink()
    (folder / "sources.jsonl").write_text(json.dumps({"file": "asia/glued.txt", "outlet": "Valley Post"}) + "\n",
                                          encoding="utf-8")
    articles, notes = _by_id(folder)
    assert articles["asia/glued.txt"].outlet == "Valley Post" and "sources.jsonl" not in articles
    assert notes == []


def test_manifest_rows_that_name_no_file_are_noted(tmp_path: Path) -> None:
    """A row for a file that is not there, or with no file, is a note saying how to fix it; the run goes on."""
    folder = _folder(tmp_path)
    (folder / "sources.csv").write_text("file,outlet\nmissing.txt,Nobody\n,Empty\n", encoding="utf-8")
    articles, notes = _by_id(folder)
    assert len(articles) == 3
    assert any("missing.txt" in n and "names no article" in n for n in notes)
    assert any("sources.csv#3" in n and "names no file" in n for n in notes)


def test_sources_option_names_another_manifest(tmp_path: Path) -> None:
    """--sources PATH is used instead of the folder's own; a missing PATH is an error naming the fix."""
    folder = _folder(tmp_path)
    other = tmp_path / "elsewhere.csv"
    other.write_text(CSV, encoding="utf-8")
    assert _by_id(folder, other)[0]["police.txt"].outlet == "The Canberra Courier"
    with pytest.raises(InputNotFoundError, match="no such sources file"):
        read_corpus(folder, sources=tmp_path / "nope.csv")
    result = runner.invoke(app, ["articles", str(folder), "--no-cache", "--json", "--sources", str(other)])
    assert result.exit_code == 0, result.output
    outlets = {a["id"]: a["outlet"] for a in json.loads(result.output)["articles"]}
    assert outlets["police.txt"] == "The Canberra Courier"


def test_run_and_check_take_sources(tmp_path: Path) -> None:
    """`run --sources` writes outlets into the reports; `check` with the same manifest is clean."""
    folder, out = _folder(tmp_path), tmp_path / "reports"
    other = tmp_path / "m.csv"
    other.write_text(CSV, encoding="utf-8")
    result = runner.invoke(app, ["run", str(folder), "--out", str(out), "--no-cache", "--sources", str(other)])
    assert result.exit_code == 0, result.output
    assert "The Canberra Courier" in (out / "index.md").read_text(encoding="utf-8")
    result = runner.invoke(app, ["check", str(folder), "--reports", str(out), "--no-cache", "--sources", str(other)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["check", str(folder), "--reports", str(out), "--no-cache"])
    assert result.exit_code == 1


def _seed_reports(tmp_path: Path, outlets: tuple[str, str]) -> str:
    from compare import pipeline
    from compare.models import Params
    from compare.report.files import render_reports
    from tests.conftest import SEEDS

    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    names = sorted(p.name for p in SEEDS.iterdir())
    rows = "".join(f"{name},{outlet}\n" for name, outlet in zip(names, outlets, strict=True))
    (folder / "sources.csv").write_text("file,outlet\n" + rows, encoding="utf-8")
    files = render_reports(pipeline.run_folder(folder, Params()))
    return next(text for name, text in files.items() if name.startswith("pairs/"))


def test_reports_name_articles_by_outlet(tmp_path: Path) -> None:
    """"Only in The Straits Times": an outlet named once needs no id beside it."""
    report = _seed_reports(tmp_path, ("The Straits Times", "Japan Today"))
    assert "### Only in The Straits Times (" in report and "### Only in Japan Today (" in report
    assert "Only in The Straits Times (000" not in report


def test_reports_add_the_id_when_two_articles_share_an_outlet(tmp_path: Path) -> None:
    report = _seed_reports(tmp_path, ("The Straits Times", "The Straits Times"))
    assert "### Only in The Straits Times (000_d62c5ef70462ea6f.txt)" in report
    assert "### Only in The Straits Times (003_464f35655eb40255.txt)" in report
