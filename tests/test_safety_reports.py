"""Reports are safe to render: article text never becomes HTML or a link, file names stay short (issue 13)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlparse

from markdown_it import MarkdownIt
from typer.testing import CliRunner

from compare.cli import app
from compare.report.tables import pair_filename, story_filename

MAX_NAME_BYTES = 120
WIRE = (Path(__file__).parent / "data" / "dedup" / "wire.txt").read_text(encoding="utf-8")
HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3)) a|b\nc <b>bold</b>"
IDS = ["<script>alert(1)</script>", "[x](javascript:alert(3))", "a|b\n# c `d`", "<img src=x onerror=alert(2)>"]


def hostile_corpus(folder: Path) -> None:
    """Four copies of one wire story whose ids, titles, outlets and text carry injection strings."""
    folder.mkdir()
    lines = []
    for n, article_id in enumerate(IDS):
        text = WIRE.replace("Thursday", f"Thursday {HOSTILE}") + f"\n\nThe agency wrote {HOSTILE} on day {n}.\n"
        lines.append(json.dumps({"id": article_id, "title": f"Title {HOSTILE}", "outlet": f"Outlet {n} | {HOSTILE}",
                                 "date": f"2024-05-0{n + 1}", "text": text}))
    (folder / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def unsafe_tokens(markdown: str, page: Path, root: Path) -> list[str]:
    """Raw HTML, images and links that leave ``root`` or use a scheme, in one rendered page."""
    found = []
    parser = MarkdownIt("commonmark").enable("table")
    tokens = parser.parse(markdown)
    for token in [t for block in tokens for t in [block, *(block.children or [])]]:
        if token.type in ("html_block", "html_inline", "image"):
            found.append(f"{token.type}: {token.content!r}")
        if token.type == "link_open":
            href = str(token.attrs.get("href", ""))
            target = (page.parent / href).resolve()
            if urlparse(href).scheme or href.startswith("/") or not target.is_relative_to(root.resolve()):
                found.append(f"link out of the reports: {href!r}")
            elif not target.is_file():
                found.append(f"link to a missing report: {href!r}")
    return found


def test_injection_strings_render_as_text(tmp_path: Path) -> None:
    folder, out = tmp_path / "articles", tmp_path / "reports"
    hostile_corpus(folder)
    result = CliRunner().invoke(app, ["run", str(folder), "--out", str(out), "--no-cache", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    pages = sorted(out.rglob("*.md"))
    kinds = {p.parent.name for p in pages}
    assert {"pairs", "clusters", "reports"} <= kinds, kinds
    problems = {p.relative_to(out).as_posix(): unsafe_tokens(p.read_text(encoding="utf-8"), p, out) for p in pages}
    assert {name: found for name, found in problems.items() if found} == {}
    rendered = MarkdownIt("commonmark").enable("table").render((out / "index.md").read_text(encoding="utf-8"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered  # shown as written, not dropped


def _pipes(line: str) -> int:
    return len(re.findall(r"(?<!\\)\|", line))


def test_tables_and_headings_hold_with_pipes_and_newlines_in_names(tmp_path: Path) -> None:
    """Every table row has as many cells as its header, and headings naming an outlet stay one line."""
    folder, out = tmp_path / "articles", tmp_path / "reports"
    hostile_corpus(folder)
    assert CliRunner().invoke(app, ["run", str(folder), "--out", str(out), "--no-cache", "-j", "1"]).exit_code == 0
    checked = 0
    for page in out.rglob("*.md"):
        lines = page.read_text(encoding="utf-8").splitlines()
        for n, line in enumerate(lines):
            if re.fullmatch(r"\|[-|: ]+\|", line):
                rows = lines[n + 1 :]
                table = [lines[n - 1], line, *rows[: next((i for i, r in enumerate(rows) if not r), len(rows))]]
                assert {_pipes(row) for row in table} == {_pipes(line)}, (page.name, table[:3])
                checked += 1
        # a newline in a name would start a line with what follows it ("c <b>bold</b>")
        assert not [line for line in lines if line.startswith(("c <b>", "c \\<b"))], page.name
    assert checked > 10


def test_report_names_are_bounded_and_distinct() -> None:
    long_a, long_b = "a" * 200 + ".txt", "a" * 200 + ".md"
    chinese = "北京新闻报道关于经济发展的最新消息和分析评论文章全文.txt"
    names = [pair_filename(long_a, long_b), pair_filename(chinese, "x.txt"), story_filename(chinese),
             pair_filename(long_a, "b.txt"), pair_filename("a b.txt", "c.txt")]
    assert all(len(name.split("/")[1].encode()) <= MAX_NAME_BYTES for name in names)
    assert len(set(names)) == len(names)
    assert names[4] == "pairs/a~20b.txt--c.txt.md"  # short ASCII ids keep their readable, reversible names
    assert names[1].startswith("pairs/_.txt--x.txt~~") and names[0].startswith("pairs/aaaa")


def test_long_and_chinese_file_names_run_and_check(tmp_path: Path) -> None:
    """Two articles with 200-character names crashed the run with 'File name too long'."""
    folder, out = tmp_path / "articles", tmp_path / "reports"
    folder.mkdir()
    (folder / ("a" * 200 + ".txt")).write_text(WIRE, encoding="utf-8")
    (folder / ("b" * 200 + ".txt")).write_text(WIRE.replace("Thursday", "Friday"), encoding="utf-8")
    (folder / "北京新闻报道关于经济发展的最新消息和分析评论.txt").write_text(WIRE.replace("Thursday", "Monday"),
                                                                           encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["run", str(folder), "--out", str(out), "--no-cache", "-j", "1"])
    assert result.exit_code == 0, result.output
    names = [p.relative_to(out).as_posix() for p in out.rglob("*.md")]
    assert all(len(name.split("/")[-1].encode()) <= MAX_NAME_BYTES for name in names)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    hashed = {name: entry["ids"] for name, entry in manifest["files"].items() if "~~" in name}
    assert hashed and all(len(ids) in (1, 2) for ids in hashed.values())
    check = runner.invoke(app, ["check", str(folder), "--reports", str(out), "--no-cache", "-j", "1"])
    assert check.exit_code == 0, check.output
    name, ids = sorted(hashed.items())[0]
    (out / name).unlink()
    check = runner.invoke(app, ["check", str(folder), "--reports", str(out), "--no-cache", "-j", "1"])
    assert check.exit_code == 1
    assert f"missing: {out / name} ({', '.join(ids)})" in check.output.splitlines()  # the manifest's mapping
