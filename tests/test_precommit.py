"""The pre-commit hook this repository ships, run by the pre-commit package itself."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEEDS

PRE_COMMIT = Path(sys.executable).parent / "pre-commit"


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.mark.skipif(not PRE_COMMIT.exists(), reason="pre-commit is installed by the test extra")
def test_hook_passes_on_current_reports_and_fails_after_an_added_article(tmp_path: Path, wire_text: str) -> None:
    """`compare-check` passes on a repo whose reports are current and fails once an article is added."""
    repo = tmp_path / "newsroom"
    shutil.copytree(SEEDS, repo / "seeds")
    subprocess.run([sys.executable, "-m", "compare", "run", "seeds/"], cwd=repo, check=True, capture_output=True)
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-qm", "articles")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache")}
    command = [str(PRE_COMMIT), "try-repo", str(ROOT), "compare-check", "--all-files"]
    passed = subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    (repo / "seeds" / "010_copy.txt").write_text(wire_text, encoding="utf-8")
    failed = subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True)
    assert failed.returncode == 1
    assert "new article: 010_copy.txt" in failed.stdout
