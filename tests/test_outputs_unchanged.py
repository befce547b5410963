"""Reports and --json output stay byte-identical across refactors: digests recorded from the code before.

tests/data/golden/synthetic300.json holds the SHA-256 of every report file and
of each command's --json output for the generated 300-article folder
(tests/synthetic.py), as the code wrote them before the package was split into
subpackages. A change that alters a result must change this file in the same
commit and say why; `python tests/test_outputs_unchanged.py` rewrites it.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from compare.cli import app

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from synthetic import write_folder  # noqa: E402

GOLDEN = HERE / "data" / "golden" / "synthetic300.json"
PAIR = ("0001-original.md", "0003-edited.md")


def _sha(data: str | bytes) -> str:
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


def outputs(work: Path) -> dict[str, object]:
    """Digests of everything a user sees from the four commands on the synthetic folder."""
    folder, out, runner = work / "in", work / "reports", CliRunner()
    write_folder(folder)
    cache = ["--cache", str(work / "cache.sqlite")]
    found: dict[str, object] = {}
    for label in ("cold", "warm"):  # the second run reads everything back from the cache
        run = runner.invoke(app, ["run", str(folder), "--out", str(out), "--json", "--quiet", "--jobs", "2", *cache])
        assert run.exit_code == 0, run.output
        found[f"run --json ({label})"] = _sha(run.stdout)
        found[f"reports ({label})"] = {str(p.relative_to(out)): _sha(p.read_bytes())
                                       for p in sorted(out.rglob("*")) if p.is_file()}
    commands = {"dedup --json": ["dedup", str(folder), "--json", "--no-cache"],
                "articles --json": ["articles", str(folder), "--json", "--no-cache"],
                "pair --json": ["pair", *PAIR, "--json"]}  # ids are the paths as given: relative ones
    here = Path.cwd()
    os.chdir(folder)
    try:
        for label, args in commands.items():
            result = runner.invoke(app, args)
            assert result.exit_code == 0, result.output
            found[label] = _sha(result.stdout)
    finally:
        os.chdir(here)
    return found


@pytest.mark.skipif(not GOLDEN.is_file(), reason="no recorded digests")
def test_reports_and_json_are_byte_identical_to_the_recorded_ones(tmp_path: Path) -> None:
    """Every report file and every --json output on the 300-article folder, cold and warm, as recorded."""
    recorded = json.loads(GOLDEN.read_text(encoding="utf-8"))
    found = outputs(tmp_path)
    assert found["reports (warm)"] == found["reports (cold)"]
    for key, value in recorded.items():
        assert found[key] == value, key


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as work:
        GOLDEN.write_text(json.dumps(outputs(Path(work)), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {GOLDEN}")
