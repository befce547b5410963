"""compare owns only what it wrote, one writer at a time, clean errors (issue 13)."""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from compare.cli import app
from tests.conftest import ROOT, SEEDS

runner = CliRunner()


def _seeds(tmp_path: Path) -> Path:
    return Path(shutil.copytree(SEEDS, tmp_path / "seeds"))


def _run(*args: str) -> object:
    return runner.invoke(app, ["run", *args, "--no-cache", "-j", "1"])


def _snapshot(folder: Path) -> dict[str, bytes | str]:
    return {p.relative_to(folder).as_posix(): (f"-> {os.readlink(p)}" if p.is_symlink() else p.read_bytes())
            for p in sorted(folder.rglob("*")) if p.is_symlink() or p.is_file()}


def _user_folder(tmp_path: Path) -> Path:
    """A project folder: a README, a package.json, a note in a sub-folder and a symlink."""
    proj = tmp_path / "proj"
    (proj / "sub").mkdir(parents=True)
    (proj / "README.md").write_text("# My project\n", encoding="utf-8")
    (proj / "package.json").write_text("{}\n", encoding="utf-8")
    (proj / "sub" / "notes.md").write_text("notes\n", encoding="utf-8")
    (tmp_path / "target.md").write_text("target\n", encoding="utf-8")
    (proj / "link.md").symlink_to(tmp_path / "target.md")
    return proj


# --- 1. compare owns only what it wrote -------------------------------------------------------------------------


def test_run_refuses_a_folder_it_did_not_write(tmp_path: Path) -> None:
    """`compare run seeds/ --out proj` used to replace the whole folder (README deleted, exit 0)."""
    proj = _user_folder(tmp_path)
    before = _snapshot(proj)
    result = _run(str(_seeds(tmp_path)), "--out", str(proj))
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {proj} is not empty and compare did not write it (no manifest.json listing compare's files); "
        "choose a new or empty --out, or give --force to add the reports beside its files (none of them is "
        "changed)\n")
    assert _snapshot(proj) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["proj", "seeds", "target.md"]


def test_force_adds_reports_beside_user_files_and_never_touches_them(tmp_path: Path) -> None:
    proj, folder = _user_folder(tmp_path), _seeds(tmp_path)
    before, inodes = _snapshot(proj), {p: (proj / p).lstat().st_ino for p in ("README.md", "sub/notes.md", "link.md")}
    assert _run(str(folder), "--out", str(proj), "--force").exit_code == 0
    assert _run(str(folder), "--out", str(proj)).exit_code == 0  # now compare's folder (with the user's files)
    (folder / "000_d62c5ef70462ea6f.txt").unlink()  # its pair report becomes stale and goes
    result = _run(str(folder), "--out", str(proj))
    assert (result.exit_code == 1 and "no articles found" not in result.output) or result.exit_code == 0
    after = _snapshot(proj)
    assert {name: after[name] for name in before} == before
    assert {p: (proj / p).lstat().st_ino for p in inodes} == inodes
    assert (proj / "link.md").is_symlink() and (tmp_path / "target.md").read_text() == "target\n"
    manifest = json.loads((proj / "manifest.json").read_text(encoding="utf-8"))
    assert set(after) == set(before) | set(manifest["files"]) | {"manifest.json"}
    check = runner.invoke(app, ["check", str(folder), "--reports", str(proj), "--no-cache", "-j", "1"])
    assert check.exit_code == 0, check.output


def test_a_user_file_in_the_way_of_a_report_is_never_overwritten(tmp_path: Path) -> None:
    proj = tmp_path / "proj"
    proj.mkdir()
    (proj / "index.md").write_text("my index\n", encoding="utf-8")
    result = _run(str(_seeds(tmp_path)), "--out", str(proj), "--force")
    assert result.exit_code == 1
    assert result.output == (f"Error: {proj / 'index.md'} is in the way of a report and compare did not write it; "
                             "move it away or choose another --out\n")
    assert (proj / "index.md").read_text(encoding="utf-8") == "my index\n"


def test_symlinks_in_the_reports_folder_are_not_followed(tmp_path: Path) -> None:
    folder, out, elsewhere = _seeds(tmp_path), tmp_path / "reports", tmp_path / "elsewhere"
    assert _run(str(folder), "--out", str(out)).exit_code == 0
    elsewhere.mkdir()
    (out / "mine.md").symlink_to(tmp_path / "seeds" / "000_d62c5ef70462ea6f.txt")
    assert _run(str(folder), "--out", str(out)).exit_code == 0
    assert (out / "mine.md").is_symlink()  # not replaced by a copy of its target
    shutil.rmtree(out / "stories")
    (out / "stories").symlink_to(elsewhere, target_is_directory=True)
    result = _run(str(folder), "--out", str(out))
    assert result.exit_code == 1 and result.output.startswith(f"Error: {out / 'stories'}/")
    assert list(elsewhere.iterdir()) == []


def test_out_naming_a_file_is_an_error(tmp_path: Path) -> None:
    """`--out some-file.txt` used to move the user's file to a hidden `.some-file.txt.new-...`."""
    target = tmp_path / "some-file.txt"
    target.write_text("mine\n", encoding="utf-8")
    result = _run(str(_seeds(tmp_path)), "--out", str(target))
    assert result.exit_code == 1
    assert result.output == f"Error: --out {target} is a file, not a folder; give a folder for the reports\n"
    assert target.read_text(encoding="utf-8") == "mine\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["seeds", "some-file.txt"]


# --- 2. one writer at a time ---------------------------------------------------------------------------------


def test_no_wait_refuses_while_another_run_writes_and_its_staging_folder_survives(tmp_path: Path) -> None:
    from compare.report.lock import ReportsLock

    folder, out = _seeds(tmp_path), tmp_path / "reports"
    with ReportsLock(out):
        staging = tmp_path / ".reports.new-live"  # the live run's half-built folder
        staging.mkdir()
        result = _run(str(folder), "--out", str(out), "--no-wait")
        assert staging.is_dir()
    assert result.exit_code == 1
    assert result.output == (f"Error: another compare run is writing {out} (lock {tmp_path / '.reports.lock'}); "
                             "wait for it to finish, or run without --no-wait to wait\n")
    assert not out.exists()


def test_a_second_run_waits_with_a_message(tmp_path: Path) -> None:
    from compare.report.lock import ReportsLock

    folder, out = _seeds(tmp_path), tmp_path / "reports"
    lock = ReportsLock(out).__enter__()
    release = threading.Timer(1.0, lock.__exit__, (None, None, None))
    release.start()
    result = _run(str(folder), "--out", str(out))
    release.join()
    assert result.exit_code == 0, result.output
    assert (f"Waiting: another compare run is writing {out} (lock {tmp_path / '.reports.lock'}); --no-wait exits "
            "instead\n") in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reports", "seeds"]  # lock file gone


def test_two_concurrent_runs_both_finish_and_check_is_truthful(tmp_path: Path, wire_text: str) -> None:
    """Two `compare run` on one --out at once: both exit 0, the folder is exactly one run's output,
    the user's file in it is untouched, nothing is left beside it, and `check` agrees with the folder."""
    corpora = []
    for name, days in (("a", 12), ("b", 9)):
        folder = tmp_path / name
        folder.mkdir()
        for n in range(days):
            (folder / f"{n:03d}.txt").write_text(wire_text.replace("Thursday", f"day {name}{n}"), encoding="utf-8")
        corpora.append(folder)
    out = tmp_path / "reports"
    command = [sys.executable, "-c", "from compare.cli import main; main()", "run", "--no-cache", "--out", str(out)]
    assert subprocess.run([*command, str(corpora[0])], capture_output=True).returncode == 0
    (out / "notes.txt").write_text("mine\n", encoding="utf-8")
    runs = [subprocess.Popen([*command, str(folder)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for folder in reversed(corpora)]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "b", "reports"]
    verdicts = [runner.invoke(app, ["check", str(folder), "--reports", str(out), "--no-cache"]).exit_code
                for folder in corpora]
    assert sorted(verdicts) == [0, 1]  # up to date for exactly the corpus of the run that wrote last
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert all((out / name).is_file() for name in manifest["files"])


# --- 7. full disks, denied writes, no articles ----------------------------------------------------------------


@pytest.mark.parametrize(("error", "reason"), [
    (OSError(errno.ENOSPC, "No space left on device"), "no space left on the device; free some space and run again"),
    (PermissionError(errno.EACCES, "Permission denied"), "permission denied; make it writable or choose another --out"),
])
def test_write_errors_are_one_line_and_keep_the_previous_reports(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: OSError, reason: str) -> None:
    folder, out = _seeds(tmp_path), tmp_path / "reports"
    assert _run(str(folder), "--out", str(out)).exit_code == 0
    before = _snapshot(out)
    (folder / "000_d62c5ef70462ea6f.txt").write_text((folder / "000_d62c5ef70462ea6f.txt").read_text() + "\nMore.\n")
    real = Path.write_text
    calls = {"n": 0}

    def failing(self: Path, *args: object, **kwargs: object) -> int:
        calls["n"] += 1
        if calls["n"] == 3:
            raise error
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "write_text", failing)
    result = _run(str(folder), "--out", str(out))
    assert result.exit_code == 1
    assert result.output == f"Error: cannot write the reports to {out}: {reason}; the previous reports are unchanged\n"
    assert _snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reports", "seeds"]


def test_no_articles_found_names_the_skipped_files(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG")
    (tmp_path / "blank.md").write_text("   \n", encoding="utf-8")
    (tmp_path / "menu.txt").write_text("Home\nNews\nSport\n", encoding="utf-8")
    result = _run(str(tmp_path), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {tmp_path}: no articles found; compare reads .txt, .md, .html, .htm, .json and .jsonl files, "
        "recursively; 4 files skipped: blank.md (empty file), empty.txt (empty file), photo.png (unsupported file "
        "type .png) and 1 more\n")


# --- 8. the command line --------------------------------------------------------------------------------------


def _help(command: str) -> str:
    return runner.invoke(app, [command, "--help"], prog_name="compare").output


def test_help_shows_flags_as_flags_and_arguments_in_upper_case() -> None:
    run_help = _help("run")
    assert run_help.startswith("Usage: compare run [OPTIONS] FOLDER\n")
    assert "<bool>" not in run_help and re.search(r"^  --json +Print JSON", run_help, re.M)
    assert _help("pair").startswith("Usage: compare pair [OPTIONS] A B\n")
    assert _help("dedup").startswith("Usage: compare dedup [OPTIONS] INPUT\n")
    assert _help("check").startswith("Usage: compare check [OPTIONS] FOLDER\n")


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert (result.exit_code, result.output) == (0, "compare 0.1.0\n")


def test_errors_name_what_the_path_is(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("text\n", encoding="utf-8")
    result = _run(str(article))
    assert (result.exit_code, result.output) == (
        1, f"Error: {article} is a file, not a folder; give the folder that holds your articles\n")
    result = runner.invoke(app, ["pair", str(tmp_path), str(article)])
    assert (result.exit_code, result.output) == (
        1, f"Error: {tmp_path} is a folder, not a file; give the path of an article file\n")


@pytest.mark.parametrize(("content", "problem"), [
    (None, "is missing"),
    (b"{not json", "is not valid JSON (Expecting property name enclosed in double quotes: line 1 column 2 (char 1))"),
    (b"[]", 'is not a compare manifest (no "articles" object)'),
    (b" " * (64 * 1024 * 1024 + 1), "is over the 64 MB limit for a manifest"),
])
def test_check_says_what_is_wrong_with_the_manifest(tmp_path: Path, content: bytes | None, problem: str) -> None:
    folder, out = _seeds(tmp_path), tmp_path / "reports"
    assert _run(str(folder), "--out", str(out)).exit_code == 0
    if content is None:
        (out / "manifest.json").unlink()
    else:
        (out / "manifest.json").write_bytes(content)
    result = runner.invoke(app, ["check", str(folder), "--reports", str(out), "--no-cache", "-j", "1"])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == f"note: {out / 'manifest.json'} {problem}, so every article counts as new"


def test_readme_synopsis_lists_every_option_of_every_command() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    synopsis = text.split("## Use", 1)[1].split("\n- ", 1)[0]
    missing = []
    for name, command in get_command(app).commands.items():  # type: ignore[attr-defined]
        line = re.search(rf"^compare {name} .*?(?=^compare |\Z)", synopsis, re.M | re.S)
        assert line, f"compare {name} is not in the synopsis"
        for param in command.params:
            if param.param_type_name == "option" and param.name != "help":
                missing += [f"{name} {opt}" for opt in param.opts if opt.startswith("--") and opt not in line[0]]
    assert "compare --version" in synopsis
    assert missing == []
