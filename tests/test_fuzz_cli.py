"""A bounded fuzz test of `compare run` over generated folders of good and bad files.

Each folder (seeded, so a failure names the seed that reproduces it) mixes
real articles and edits of them with empty, binary, mis-encoded, broken JSON
and story-less HTML files under awkward names. Every run must exit 0 or 1
without a traceback, list every file it could not read in index.md, and
write byte-identical reports when run again. ``COMPARE_FUZZ_FOLDERS=500``
runs a longer hunt.
"""

from __future__ import annotations

import codecs
import json
import os
import random
from collections.abc import Callable
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from compare.cli import app

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
SOURCES = [
    *(ROOT / "seeds").glob("*.txt"),
    DATA / "dedup" / "wire.txt",
    DATA / "dedup" / "unrelated.txt",
    *(DATA / "facts").glob("*.txt"),
]
ARTICLES = [p.read_text(encoding="utf-8") for p in sorted(SOURCES)]
NO_ARTICLE_HTML = (DATA / "robust" / "no_article.html").read_text(encoding="utf-8")
CHROME = (DATA / "robust" / "chrome_only.txt").read_text(encoding="utf-8")
FOLDERS = int(os.environ.get("COMPARE_FUZZ_FOLDERS", "20"))  # raise it locally for a longer hunt
FILES = 8
NAME_PARTS = ["story", "wire copy", "Москва", "été", "東京", "a#b", "x|y", "(1)", "news-2018", "ü ö ä", "n" * 80]
runner = CliRunner()


def edited(rng: random.Random) -> str:
    """A real article, or a reprint of one: paragraphs cut, words changed, chrome added."""
    paragraphs = [p for p in rng.choice(ARTICLES).split("\n\n") if p.strip()]
    if rng.random() < 0.5 and len(paragraphs) > 2:  # a cut reprint: the headline and some paragraphs, in order
        kept = sorted(rng.sample(range(1, len(paragraphs)), rng.randint(1, len(paragraphs) - 1)))
        paragraphs = [paragraphs[0], *(paragraphs[i] for i in kept)]
    if rng.random() < 0.4:
        words = " ".join(paragraphs).split()
        for _ in range(rng.randint(1, 5)):
            words[rng.randrange(len(words))] = rng.choice(["officials", "Tuesday", "said", "the", "Reuters"])
        paragraphs = [" ".join(words[i : i + 40]) + "." for i in range(0, len(words), 40)]
    if rng.random() < 0.3:
        paragraphs = ["Home | World | Sport", *paragraphs, "Share this story"]
    return "\n\n".join(paragraphs) + "\n"


# Each maker returns (suffix, bytes, whether the file holds a readable article). Makers 3 and 4 need a repair.
Maker = Callable[[random.Random], tuple[str, bytes, bool]]
GOOD: list[Maker] = [
    lambda rng: (".txt", edited(rng).encode("utf-8"), True),
    lambda rng: (".md", f"---\ntitle: Story {rng.randint(1, 99)}\noutlet: Example\n---\n{edited(rng)}".encode(), True),
    lambda rng: (".txt", edited(rng).replace("\n", "\r\n").encode("utf-8-sig"), True),
    lambda rng: (".txt", edited(rng).encode("cp1252", "replace"), True),
    lambda rng: (".txt", codecs.BOM_UTF16_LE + edited(rng).encode("utf-16-le"), True),
    lambda rng: (".json", json.dumps({"text": edited(rng), "title": "A story"}).encode(), True),
]
BAD: list[Maker] = [
    lambda rng: (".txt", b"", False),
    lambda rng: (rng.choice([".txt", ".md"]), rng.choice([b" \n\t\r\n", "\u00a0\n".encode()]), False),
    lambda rng: (rng.choice([".txt", ".html", ".jsonl"]), b"\x00" + rng.randbytes(rng.randint(1, 2000)), False),
    lambda rng: (".txt", CHROME.encode("utf-8"), False),
    lambda rng: (".html", NO_ARTICLE_HTML.encode("utf-8"), False),
    lambda rng: (".json", b'{"text": "unterminated', False),
    lambda rng: (rng.choice([".pdf", ".docx", ""]), rng.randbytes(100), False),
    # A .jsonl with good and broken lines: its good lines are read, its bad ones listed.
    lambda rng: (
        ".jsonl", "\n".join([json.dumps({"text": edited(rng)}), "{broken", json.dumps({"text": ""})]).encode(), True
    ),
]


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def make_folder(folder: Path, seed: int) -> tuple[set[str], set[str], set[str]]:
    """A random folder; the names of files with an article, of files that must be listed as skipped, and of
    files read after a repair."""
    rng = random.Random(seed)
    good: set[str] = set()
    bad: set[str] = set()
    repaired: set[str] = set()
    for number in range(rng.randint(1, FILES)):
        maker = rng.choice(GOOD) if rng.random() < 0.55 else rng.choice(BAD)
        suffix, data, readable = maker(rng)
        directory = folder / rng.choice(["", "", "sub dir", "Москва/été"])
        directory.mkdir(parents=True, exist_ok=True)
        name = f"{number:02d} {rng.choice(NAME_PARTS)}{suffix}"
        (directory / name).write_bytes(data)
        relative = (directory / name).relative_to(folder).as_posix()
        (good if readable else bad).add(relative)
        if suffix == ".jsonl" and readable:
            bad.add(relative)
        if maker in (GOOD[3], GOOD[4]) and not _is_utf8(data):
            repaired.add(relative)
    if rng.random() < 0.2:
        (folder / "loop").symlink_to(folder, target_is_directory=True)
        bad.add("loop")
    return good, bad, repaired


def skipped_table(index: str) -> str:
    return index.split("## Skipped or repaired", 1)[1] if "## Skipped or repaired" in index else ""


def cell(text: str) -> str:
    """How the report's tables print a name."""
    return " ".join(text.replace("|", "\\|").split())


def has_strict() -> bool:
    command = typer.main.get_command(app)
    return any("--strict" in p.opts for p in command.commands["run"].params)  # type: ignore[attr-defined]


@pytest.mark.parametrize("seed", range(FOLDERS))
def test_run_survives_any_folder(tmp_path: Path, seed: int) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    good, bad, repaired = make_folder(folder, seed)
    outs = [tmp_path / "out1", tmp_path / "out2"]
    results = [runner.invoke(app, ["run", str(folder), "--out", str(out)]) for out in outs]
    for result in results:
        assert result.exception is None or isinstance(result.exception, SystemExit), (seed, result.exception)
        assert "Traceback" not in result.output, seed
        assert result.exit_code in (0, 1), (seed, result.output)
    if not good:
        assert results[0].exit_code == 1 and "Error:" in results[0].output, (seed, results[0].output)
        assert not (outs[0] / "index.md").exists()
        return
    assert results[0].exit_code == 0, (seed, results[0].output)
    index = (outs[0] / "index.md").read_text(encoding="utf-8")
    listed = skipped_table(index)
    for name in bad | repaired:
        assert cell(name) in listed, (seed, name, listed)
    for name in good - bad:
        assert cell(name) in index.split("## Related pairs")[0], (seed, name)
    written = sorted(p.relative_to(outs[0]).as_posix() for p in outs[0].rglob("*") if p.is_file())
    assert written == sorted(p.relative_to(outs[1]).as_posix() for p in outs[1].rglob("*") if p.is_file())
    for name in written:
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), (seed, name)
    if has_strict():
        strict = runner.invoke(app, ["run", str(folder), "--out", str(tmp_path / "out3"), "--strict"])
        if bad or not repaired:  # whether a repair alone fails --strict is the CLI's call
            assert strict.exit_code == (1 if bad else 0), (seed, strict.output)
