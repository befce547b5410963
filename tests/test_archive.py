"""datasketch at run time: exported LeanMinHash signatures, and `check --archive` against them."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from datasketch import LeanMinHash, MinHashLSH
from typer.testing import CliRunner

from compare.cli import app
from tests.conftest import paragraphs

runner = CliRunner()


def _folder(path: Path, texts: dict[str, str]) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (path / name).write_text(text, encoding="utf-8")
    return path


def test_exported_signatures_load_into_datasketch(tmp_path: Path, wire_text: str, unrelated_text: str) -> None:
    """`dedup --export-signatures` writes LeanMinHash bytes that datasketch deserializes and indexes itself."""
    lines = [{"id": "wire", "text": wire_text}, {"id": "copy", "text": wire_text.replace("Thursday", "Friday")},
             {"id": "other", "text": unrelated_text}]
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    result = runner.invoke(app, ["dedup", str(source), "--export-signatures", str(tmp_path / "sig"), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["pairs"][0]["a"] == "copy"
    index = [json.loads(line) for line in (tmp_path / "sig" / "index.jsonl").read_text().splitlines()]
    blob = (tmp_path / "sig" / "signatures.bin").read_bytes()
    minhashes = {e["id"]: LeanMinHash.deserialize(bytearray(blob[e["signature"][0]:sum(e["signature"])]))
                 for e in index}
    assert list(minhashes) == ["wire", "copy", "other"]
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    for key, minhash in minhashes.items():
        lsh.insert(key, minhash)
    assert sorted(lsh.query(minhashes["wire"])) == ["copy", "wire"]
    assert json.loads((tmp_path / "sig" / "params.json").read_text())["scheme"] == "affine32"


def test_signatures_equal_the_ones_compare_sketches(tmp_path: Path, wire_text: str) -> None:
    """An exported signature holds exactly the hash values compare's own numpy sketch computed."""
    from compare.models import Params
    from compare.neardup.minhash import sketch_texts

    folder = _folder(tmp_path / "in", {"wire.txt": wire_text})
    assert runner.invoke(app, ["dedup", str(folder), "--export-signatures", str(tmp_path / "sig"),
                               "--no-cache"]).exit_code == 0
    (entry,) = [json.loads(line) for line in (tmp_path / "sig" / "index.jsonl").read_text().splitlines()]
    lean = LeanMinHash.deserialize(bytearray((tmp_path / "sig" / "signatures.bin").read_bytes()))
    from compare.ingest import read_corpus

    (article,), _ = read_corpus(folder)
    _, (sketch,) = sketch_texts(["\x00".join(p.slice(article.text) for p in article.paragraphs)], Params())
    assert np.array_equal(lean.hashvalues, sketch.signature) and entry["id"] == "wire.txt"


def test_check_against_an_archive_finds_a_truncated_reprint_without_the_old_articles(
    tmp_path: Path, wire_text: str, unrelated_text: str
) -> None:
    """Last month's articles live only in the archive; a reprint of one of them added now fails the gate."""
    archive, reports = tmp_path / "archive", tmp_path / "reports"
    old = _folder(tmp_path / "old", {"wire.txt": wire_text})
    assert runner.invoke(app, ["run", str(old), "--out", str(reports), "--no-cache"]).exit_code == 0
    first = runner.invoke(app, ["check", str(old), "--reports", str(reports), "--archive", str(archive),
                                "--no-cache"])
    assert first.exit_code == 0, first.output
    assert [json.loads(x)["id"] for x in (archive / "index.jsonl").read_text().splitlines()] == ["wire.txt"]
    short = "\n\n".join(paragraphs(wire_text)[:5])
    new = _folder(tmp_path / "new", {"reprint.txt": short, "flood.txt": unrelated_text})
    assert runner.invoke(app, ["run", str(new), "--out", str(reports), "--no-cache"]).exit_code == 0
    gate = runner.invoke(app, ["check", str(new), "--reports", str(reports), "--archive", str(archive),
                               "--fail-on-duplicate", "--no-cache"])
    assert gate.exit_code == 1
    assert "archived duplicate: reprint.txt and wire.txt are near duplicates" in gate.output
    assert "containment 1.000" in gate.output
    passed = runner.invoke(app, ["check", str(new), "--reports", str(reports), "--archive", str(archive),
                                 "--no-cache"])
    assert passed.exit_code == 0
    ids = [json.loads(x)["id"] for x in (archive / "index.jsonl").read_text().splitlines()]
    assert ids == ["flood.txt", "reprint.txt", "wire.txt"]


def test_an_archive_of_other_parameters_is_refused(tmp_path: Path, wire_text: str) -> None:
    """Signatures of another shingle size cannot be compared: exit 2 with the rule and the fix."""
    folder = _folder(tmp_path / "in", {"wire.txt": wire_text})
    runner.invoke(app, ["dedup", str(folder), "--export-signatures", str(tmp_path / "sig"), "--no-cache"])
    runner.invoke(app, ["run", str(folder), "--out", str(tmp_path / "r"), "--no-cache", "--shingle-size", "4"])
    result = runner.invoke(app, ["check", str(folder), "--reports", str(tmp_path / "r"), "--archive",
                                 str(tmp_path / "sig"), "--shingle-size", "4", "--no-cache"])
    assert result.exit_code == 2
    assert "archive made with other parameters" in result.output and "use the same --shingle-size" in result.output
