"""Hostile input files: front matter bombs, huge fields, symlinks out of the folder (issue 13)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import tracemalloc
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compare.ingest import read_corpus
from compare.ingest.formats import file_sources

BODY = "The minister said on Monday that the plan would go ahead. Officials confirmed the budget of $4 million.\n"
LIMIT_MB = 200
WIRE = (Path(__file__).parent / "data" / "dedup" / "wire.txt").read_text(encoding="utf-8")


def billion_laughs(levels: int = 9) -> str:
    """Nested YAML aliases: each level repeats the one before nine times (9**9 strings from ~500 bytes)."""
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{n}: &a{n} [{','.join([f'*a{n - 1}'] * 9)}]" for n in range(1, levels)]
    return "---\n" + "\n".join(lines) + f"\ntitle: *a{levels - 1}\n---\n" + BODY


def test_billion_laughs_is_skipped_with_a_reason(tmp_path: Path) -> None:
    path = tmp_path / "bomb.md"
    path.write_text(billion_laughs(), encoding="utf-8")
    assert 400 < path.stat().st_size < 600
    sources, notes = file_sources(path, "bomb.md")
    assert sources == []
    assert [n.reason for n in notes] == [
        "front matter uses a YAML alias (*name), which compare does not expand; write the value out"]


def test_billion_laughs_run_stays_small(tmp_path: Path) -> None:
    """The whole reading path in a fresh process, capped at 1 GB of address space above what it starts with:
    before the fix the block expanded until MemoryError; now the peak RSS grows by far less than 200 MB."""
    (tmp_path / "bomb.md").write_text(billion_laughs(), encoding="utf-8")
    (tmp_path / "fine.txt").write_text(WIRE, encoding="utf-8")
    script = textwrap.dedent(f"""
        import resource, sys
        from pathlib import Path
        from compare.ingest import read_corpus
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        resource.setrlimit(resource.RLIMIT_AS, (before * 1024 + 2**30, hard))
        articles, skipped = read_corpus(Path({str(tmp_path)!r}))
        grew = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
        print(len(articles), [s.path for s in skipped], grew // 1024)
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-500:]
    assert done.stdout.startswith("1 ['bomb.md'] "), done.stdout
    assert int(done.stdout.split()[-1]) < LIMIT_MB


def test_oversized_front_matter_and_fields_are_skipped(tmp_path: Path) -> None:
    long_block = tmp_path / "block.md"
    long_block.write_text("---\ntitle: x\nnotes: |\n" + "  filler line\n" * 2000 + "---\n" + BODY, encoding="utf-8")
    long_field = tmp_path / "field.md"
    long_field.write_text("---\ntitle: " + "t" * 3000 + "\n---\n" + BODY, encoding="utf-8")
    rules = tmp_path / "rules.md"  # two horizontal rules around prose are not front matter
    rules.write_text("---\n" + BODY * 200 + "---\n" + BODY, encoding="utf-8")
    assert file_sources(long_block, "block.md")[1][0].reason == (
        "front matter too long: 28,017 characters, over the 16,384-character limit")
    assert file_sources(long_field, "field.md")[1][0].reason == (
        "front matter field 'title' too long: over the 2,000-character limit")
    assert len(file_sources(rules, "rules.md")[0]) == 1


# Pieces a hostile front matter is made of: anchors, aliases, deep nesting, long scalars, merge keys.
_PIECES = st.sampled_from([
    "a: &a [1, 2, 3]\n", "b: [*a, *a, *a, *a]\n", "c: &c {x: *a, y: *a}\n", "<<: *c\n", "d: " + "[" * 300 + "\n",
    "e: " + "x" * 5000 + "\n", "f: !!binary aGVsbG8=\n", "g: !!python/object:os.system ls\n", "title: T\n",
    "- *a\n", "? [*a, *a]\n: 1\n", "h: '" + "y" * 20_000 + "'\n",
])


@st.composite
def hostile_files(draw: st.DrawFn) -> str:
    block = "".join(draw(st.lists(_PIECES, min_size=1, max_size=12)))
    repeat = draw(st.integers(min_value=1, max_value=40))
    body = draw(st.sampled_from([BODY, "word " * 2000 + "\n", "[" * 10_000, ""]))
    text = "---\n" + block * repeat + "---\n" + body * draw(st.integers(1, 50))
    return text[: 1024 * 1024]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(text=hostile_files(), suffix=st.sampled_from([".md", ".txt", ".json"]))
def test_no_file_under_1mb_costs_200mb(tmp_path_factory: object, text: str, suffix: str) -> None:
    """Property: reading any file of at most 1 MB never allocates more than 200 MB (traced) above the baseline."""
    folder = tmp_path_factory.mktemp("hostile")  # type: ignore[attr-defined]
    path = folder / f"x{suffix}"
    path.write_text(text, encoding="utf-8")
    assert path.stat().st_size <= 1024 * 1024
    tracemalloc.start()
    try:
        read_corpus(folder)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < LIMIT_MB * 1024 * 1024


def test_symlinks_out_of_the_folder_are_skipped_unless_followed(tmp_path: Path) -> None:
    folder, outside = tmp_path / "in", tmp_path / "secret"
    (folder / "sub").mkdir(parents=True)
    outside.mkdir()
    (folder / "sub" / "wire.txt").write_text(WIRE, encoding="utf-8")
    (outside / "key.txt").write_text(WIRE.replace("Thursday", "Friday"), encoding="utf-8")
    (folder / "leak.txt").symlink_to(outside / "key.txt")
    (folder / "leak-folder").symlink_to(outside, target_is_directory=True)
    (folder / "inside.txt").symlink_to(folder / "sub" / "wire.txt")  # inside the folder: read
    articles, skipped = read_corpus(folder)
    assert [a.id for a in articles] == ["inside.txt", "sub/wire.txt"]
    assert [(s.path, s.reason) for s in skipped] == [
        ("leak-folder", "symlink to a folder outside the folder; not read (--follow-symlinks reads it)"),
        ("leak.txt", "symlink to a file outside the folder; not read (--follow-symlinks reads it)"),
    ]
    followed, _ = read_corpus(folder, follow_symlinks=True)
    assert [a.id for a in followed] == ["inside.txt", "leak-folder/key.txt", "leak.txt", "sub/wire.txt"]
