"""Writing report folders: atomic replacement, user files kept, interrupted runs harmless."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from compare.report import folder as report_folder
from compare.report.files import check_reports, write_reports


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_write_replaces_reports_and_keeps_user_files(tmp_path: Path) -> None:
    """Stale reports go, new ones come, and a non-report file of the user's stays."""
    out = tmp_path / "reports"
    write_reports(out, {"index.md": "old\n", "pairs/x--y.md": "pair\n"})
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    inode = (out / "notes.txt").stat().st_ino
    write_reports(out, {"index.md": "new\n"})
    assert {k: v for k, v in _snapshot(out).items() if k != "manifest.json"} == {"index.md": b"new\n",
                                                                                "notes.txt": b"mine"}
    assert (out / "notes.txt").stat().st_ino == inode  # the user's file itself, never moved or copied
    assert check_reports(out, {"index.md": "new\n"}).clean


def test_failure_mid_write_leaves_previous_reports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A run that dies while writing leaves the old reports exactly as they were and no debris."""
    out = tmp_path / "reports"
    write_reports(out, {"index.md": "old\n", "pairs/a--b.md": "old pair\n"})
    before = _snapshot(out)
    calls = {"n": 0}
    real_write = Path.write_text

    def dying_write(self: Path, *args: object, **kwargs: object) -> int:
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return real_write(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "write_text", dying_write)
    with pytest.raises(KeyboardInterrupt):
        write_reports(out, {"index.md": "new\n", "pairs/c--d.md": "new pair\n"})
    assert _snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reports"]


def test_backup_left_by_a_killed_swap_is_recovered(tmp_path: Path) -> None:
    """If a run was killed between its two renames, the next run restores the old folder first."""
    out = tmp_path / "reports"
    write_reports(out, {"index.md": "old\n"})
    out.rename(report_folder.backup_path(out.absolute()))
    report_folder._recover(out.absolute())
    assert set(_snapshot(out)) == {"index.md", "manifest.json"} and _snapshot(out)["index.md"] == b"old\n"


def test_sigkill_during_run_leaves_old_or_new_reports_never_a_mix(tmp_path: Path, wire_text: str) -> None:
    """SIGKILL at any moment of `compare run` leaves a complete report folder, old or new."""
    folder, out = tmp_path / "articles", tmp_path / "reports"
    folder.mkdir()
    for n in range(12):
        (folder / f"{n:03d}.txt").write_text(wire_text.replace("Thursday", f"day {n}"), encoding="utf-8")
    command = [sys.executable, "-c", "from compare.cli import main; main()", "run", str(folder), "--out", str(out)]
    subprocess.run(command, check=True, capture_output=True)
    old = _snapshot(out)
    (folder / "extra.txt").write_text(wire_text, encoding="utf-8")
    expected = tmp_path / "expected"
    subprocess.run([*command[:-1], str(expected)], check=True, capture_output=True)
    new = _snapshot(expected)
    assert old != new
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # Kill while the new reports are being written beside the old ones: the moment the swap protects.
    deadline = time.monotonic() + 120
    while process.poll() is None and time.monotonic() < deadline:
        if any(p.is_file() for staging in tmp_path.glob(".reports.new-*") for p in staging.rglob("*")):
            break
        time.sleep(0.002)
    assert process.poll() is None, "the run ended before it wrote a report file"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert _snapshot(out) in (old, new)
    subprocess.run(command, check=True, capture_output=True)
    assert _snapshot(out) == new
    # The next run cleared whatever the killed one left beside the reports.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["articles", "expected", "reports"]
