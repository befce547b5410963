"""`compare run --json` and reports/report.json: everything the Markdown shows, as docs/report.schema.json says."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from compare.cli import app
from tests.conftest import ROOT, SEEDS, paragraphs

runner = CliRunner()
SCHEMA = json.loads((ROOT / "docs" / "report.schema.json").read_text(encoding="utf-8"))


def _run_json(folder: Path, out: Path) -> dict[str, Any]:
    result = runner.invoke(app, ["run", str(folder), "--out", str(out), "--json", "--no-cache"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    written = (out / "report.json").read_text(encoding="utf-8")
    assert json.loads(written) == data, "report.json holds what --json prints"
    assert list(json.loads(written)) == list(data)
    return data


@pytest.fixture(scope="module")
def seed_json(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("json")
    shutil.copytree(SEEDS, tmp / "seeds")
    return _run_json(tmp / "seeds", tmp / "reports")


def test_seed_json_is_valid_against_the_schema(seed_json: dict[str, Any]) -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.validate(seed_json, SCHEMA, cls=jsonschema.Draft202012Validator)


def test_old_keys_come_first_with_their_old_values(seed_json: dict[str, Any]) -> None:
    """Scripts read params, articles, pairs, clusters, skipped: same order, same figures, new keys after them."""
    assert list(seed_json)[:5] == ["params", "articles", "pairs", "clusters", "skipped"]
    article = seed_json["articles"][0]
    assert list(article)[:4] == ["id", "title", "words", "shingles"]
    assert (article["id"], article["words"]) == ("000_d62c5ef70462ea6f.txt", 270)
    pair = seed_json["pairs"][0]
    assert list(pair)[:7] == ["a", "b", "jaccard", "containment_a", "containment_b", "shared", "related"]
    assert (pair["jaccard"], pair["shared"], pair["related"]) == (0.012484, 10, False)


def test_seed_json_carries_what_the_markdown_shows(seed_json: dict[str, Any]) -> None:
    """Metadata, verdict, passages with spans, facts grouped by whom, framing, and the story's matrix."""
    texts = {a["id"]: a["text"] for a in seed_json["articles"]}
    first = seed_json["articles"][0]
    assert (first["outlet"], first["dateline"]) == ("The New Indian Express", "Moscow")
    assert first["credits"][0]["name"] == "AP" and first["credits"][0]["role"] == "photo"
    pair = seed_json["pairs"][0]
    assert pair["verdict"] == "partial reuse" and pair["report"].startswith("pairs/")
    for p in pair["passages"]:
        assert texts[pair["a"]][p["a_start"]:p["a_end"]] == p["a_text"]
        assert texts[pair["b"]][p["b_start"]:p["b_end"]] == p["b_text"]
    assert any(o["about"] == "Donald Trump" for o in pair["facts"]["only_b"])
    strongman = [f for f in pair["facts"]["framing"] if "strongman" in f["a_words"]]
    assert strongman and "strongman" in texts[pair["a"]][strongman[0]["a_start"]:strongman[0]["a_end"]]
    story = seed_json["stories"][0]
    assert story["members"] == sorted(texts) and story["report"] == "stories/japan-putin-abe.md"
    assert all(len(row["cells"]) == len(story["members"]) for row in story["rows"])
    assert [a["article"] for a in story["alone"]] == story["members"]
    assert len(seed_json["matrix"]) == 1


def test_reprint_json_has_family_edits_and_credits(tmp_path: Path, wire_text: str) -> None:
    """A wire story and a dated, re-credited, truncated copy: a family with its reason, and the edits."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "wire.md").write_text("---\ndate: 2016-12-15\n---\nBy AFP\n\n" + wire_text, encoding="utf-8")
    copy = "\n\n".join(paragraphs(wire_text)[:12])
    (folder / "copy.md").write_text("---\ndate: 2016-12-16\n---\nBy Reuters\n\n" + copy, encoding="utf-8")
    data = _run_json(folder, tmp_path / "reports")
    jsonschema.validate(data, SCHEMA, cls=jsonschema.Draft202012Validator)
    assert data["families"] and data["families"][0]["reason"]
    assert data["clusters"]
    kinds = {e["kind"] for p in data["pairs"] for e in p.get("edits", [])}
    assert "attribution" in kinds and kinds & {"cut", "add"}
