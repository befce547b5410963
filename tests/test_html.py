"""HTML pages: written by `run --html` and `compare html` alike, byte-stable, checked, escaped, self-contained."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from compare.cli import app
from tests.conftest import DATA, ROOT, SEEDS

runner = CliRunner()
PAIR = "html/pairs/000_d62c5ef70462ea6f.txt--003_464f35655eb40255.txt.html"


def _pages(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted((out / "html").rglob("*")) if p.is_file()}


def _run(folder: Path, out: Path, *extra: str) -> None:
    result = runner.invoke(app, ["run", str(folder), "--out", str(out), *extra])
    assert result.exit_code == 0, result.output


def test_run_html_writes_every_page_and_html_command_renders_the_same_bytes(tmp_path: Path) -> None:
    out = tmp_path / "reports"
    _run(SEEDS, out, "--html")
    pages = _pages(out)
    assert {"html/index.html", PAIR, "html/stories/japan-putin-abe.html",
            "html/articles/000_d62c5ef70462ea6f.txt.html", "html/articles/003_464f35655eb40255.txt.html"} == set(pages)
    shutil.rmtree(out / "html")
    result = runner.invoke(app, ["html", str(out)])
    assert result.exit_code == 0, result.output
    assert _pages(out) == pages
    _run(SEEDS, out)  # html/ is there, so a plain run keeps rendering it: check and run agree
    assert _pages(out) == pages


def test_check_compares_html_pages_byte_for_byte(tmp_path: Path) -> None:
    out = tmp_path / "reports"
    _run(SEEDS, out, "--html")
    assert runner.invoke(app, ["check", str(SEEDS), "--reports", str(out)]).exit_code == 0
    (out / PAIR).write_text("edited by hand", encoding="utf-8")
    result = runner.invoke(app, ["check", str(SEEDS), "--reports", str(out)])
    assert result.exit_code == 1 and f"stale: {out / PAIR}" in result.output


def test_pages_are_self_contained_and_link_only_to_report_pages(tmp_path: Path) -> None:
    out = tmp_path / "reports"
    _run(SEEDS, out, "--html")
    for name, content in _pages(out).items():
        html = content.decode("utf-8")
        assert "<link" not in html and "src=" not in html and "@import" not in html, name
        for href in re.findall(r'href="([^"]*)"', html):
            assert not re.match(r"[a-z]+:", href) and not href.startswith("/"), (name, href)
            target = href.split("#")[0]
            assert not target or (out / name).parent.joinpath(target).resolve().is_file(), (name, href)


def test_article_text_is_escaped(tmp_path: Path, wire_text: str) -> None:
    """Markup in an article is shown as text, in the pair page and the article page."""
    folder = tmp_path / "in"
    folder.mkdir()
    hostile = '<script>alert("x")</script> & <b onclick="x">bold</b>'
    (folder / "a.txt").write_text(f"{hostile}\n\n{wire_text}", encoding="utf-8")
    (folder / "b.txt").write_text(wire_text + f"\n\n{hostile}", encoding="utf-8")
    out = tmp_path / "reports"
    _run(folder, out, "--html")
    pages = _pages(out)
    for name in ("html/pairs/a.txt--b.txt.html", "html/articles/a.txt.html"):
        html = pages[name].decode("utf-8")
        assert "<script>alert" not in html and '<b onclick' not in html
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b onclick" in html


def test_html_without_report_json_is_one_error_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["html", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and result.output.count("\n") == 1
    (tmp_path / "report.json").write_text("{not json", encoding="utf-8")
    result = runner.invoke(app, ["html", str(tmp_path)])
    assert result.exit_code == 1 and "is not valid JSON" in result.output


def test_story_marks_conflict_only_in_the_cells_of_the_outlets_that_disagree(tmp_path: Path) -> None:
    """Seeds and a rewrite: 003 and the rewrite disagree on the late arrival; 000 does not report it."""
    folder = tmp_path / "in"
    shutil.copytree(SEEDS, folder)
    shutil.copy(DATA / "facts" / "rewrite.txt", folder / "rewrite.txt")
    out = tmp_path / "reports"
    _run(folder, out, "--html")
    html = next((out / "html" / "stories").glob("*.html")).read_text(encoding="utf-8")
    row = next(r for r in html.split("<tr") if 'class="has-conflict"' in r)
    cells = re.findall(r"<td( class=\"(\w+)\")?>", row)
    assert [c[1] for c in cells[1:4]] == ["", "conflict", "conflict"]
    assert "number" in html and "about three hours" in html and "two and a half hours" in html
    assert 'href="../articles/rewrite.txt.html#t-u' in row


def test_heat_map_text_keeps_contrast_at_every_similarity() -> None:
    import colorsys

    from compare.report.html import _heat, _luminance

    for step in range(101):
        style = _heat(step / 100)
        lightness = int(re.search(r",(\d+)%\)", style).group(1))
        shade = _luminance(colorsys.hls_to_rgb(210 / 360, lightness / 100, 0.7))
        text = 1.0 if "#fff" in style else 0.0
        assert (max(shade, text) + 0.05) / (min(shade, text) + 0.05) >= 4.5, style


def test_pages_are_the_same_bytes_on_any_number_of_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    from compare.report.html import render_html
    from compare.runtime import workers

    data = json.loads((ROOT / "reports" / "report.json").read_text(encoding="utf-8"))
    alone = render_html(data, jobs=1)
    monkeypatch.setattr(workers, "CHUNK", 1)  # one page a task, so two workers share the five pages
    assert render_html(data, jobs=2) == alone
