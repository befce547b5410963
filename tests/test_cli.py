"""The command line: exact output and exit codes, as a user sees them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from compare.cli import app
from tests.conftest import ROOT, SEEDS

runner = CliRunner()


def _seed_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    return folder


def test_run_then_check_is_clean(tmp_path: Path) -> None:
    """`check` right after `run` exits 0."""
    folder, out = _seed_copy(tmp_path), tmp_path / "reports"
    result = runner.invoke(app, ["run", str(folder), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "index.md").is_file()
    result = runner.invoke(app, ["check", str(folder), "--reports", str(out)])
    assert result.exit_code == 0
    assert result.output == f"{out} is up to date (2 articles).\n"


def test_check_with_other_options_names_them_and_the_run_that_matches(tmp_path: Path) -> None:
    """`check --max-gap 5` against reports written with 3 says so and hints the run with the same options."""
    folder, out = _seed_copy(tmp_path), tmp_path / "reports"
    runner.invoke(app, ["run", str(folder), "--out", str(out)])
    result = runner.invoke(app, ["check", str(folder), "--reports", str(out), "--max-gap", "5"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == "parameter max_gap: 3 in the reports, 5 given"
    assert lines[-1] == f"{out} is out of date: run `compare run {folder} --out {out} --max-gap 5`."
    runner.invoke(app, ["run", str(folder), "--out", str(out), "--max-gap", "5"])
    assert runner.invoke(app, ["check", str(folder), "--reports", str(out), "--max-gap", "5"]).exit_code == 0


def test_check_fails_after_an_article_is_added(tmp_path: Path, wire_text: str) -> None:
    """Adding an article makes `check` exit 1 and name the stale and missing reports, until `run` again."""
    folder, out = _seed_copy(tmp_path), tmp_path / "reports"
    runner.invoke(app, ["run", str(folder), "--out", str(out)])
    (folder / "010_reprint.txt").write_text(wire_text, encoding="utf-8")
    result = runner.invoke(app, ["check", str(folder), "--reports", str(out)])
    assert result.exit_code == 1
    assert f"stale: {out / 'index.md'}" in result.output
    assert "missing: " in result.output and "010_reprint.txt" in result.output
    runner.invoke(app, ["run", str(folder), "--out", str(out)])
    assert runner.invoke(app, ["check", str(folder), "--reports", str(out)]).exit_code == 0


def test_check_lists_extra_reports(tmp_path: Path) -> None:
    """A report no run would write is listed as extra."""
    folder, out = _seed_copy(tmp_path), tmp_path / "reports"
    runner.invoke(app, ["run", str(folder), "--out", str(out)])
    (out / "pairs" / "old--gone.md").write_text("old", encoding="utf-8")
    result = runner.invoke(app, ["check", str(folder), "--reports", str(out)])
    assert result.exit_code == 1
    assert f"extra: {out / 'pairs' / 'old--gone.md'}" in result.output


def test_run_removes_reports_of_removed_pairs(tmp_path: Path, wire_text: str) -> None:
    """A rerun deletes the report files it wrote that no longer correspond to anything, never a file it
    did not write (issue 13: that one stays, and `check` lists it until the user removes it)."""
    folder, out = _seed_copy(tmp_path), tmp_path / "reports"
    (folder / "wire.txt").write_text(wire_text, encoding="utf-8")
    (folder / "copy.txt").write_text(wire_text, encoding="utf-8")
    assert runner.invoke(app, ["run", str(folder), "--out", str(out)]).exit_code == 0
    assert (out / "pairs" / "copy.txt--wire.txt.md").is_file()
    (out / "pairs" / "old--gone.md").write_text("old", encoding="utf-8")
    (folder / "copy.txt").unlink()
    assert runner.invoke(app, ["run", str(folder), "--out", str(out)]).exit_code == 0
    assert not (out / "pairs" / "copy.txt--wire.txt.md").exists()
    assert (out / "pairs" / "old--gone.md").read_text(encoding="utf-8") == "old"
    result = runner.invoke(app, ["check", str(folder), "--reports", str(out)])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (f"extra: {out / 'pairs' / 'old--gone.md'} (not written by compare: "
                                             "remove it by hand)")


def test_missing_folder_is_one_error_line(tmp_path: Path) -> None:
    """A missing folder prints one `Error:` line and exits 1, no traceback."""
    result = runner.invoke(app, ["run", str(tmp_path / "nope")])
    assert result.exit_code == 1
    assert result.output == f"Error: {tmp_path / 'nope'}: no such folder; give the folder that holds your articles\n"


def test_empty_folder_is_an_error(tmp_path: Path) -> None:
    """A folder without articles says what compare reads."""
    result = runner.invoke(app, ["run", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and "no articles found" in result.output


def test_bad_threshold_is_a_usage_error(tmp_path: Path) -> None:
    """A parameter outside its rule exits 2 and states the rule."""
    result = runner.invoke(app, ["run", str(_seed_copy(tmp_path)), "--threshold", "1.5"])
    assert result.exit_code == 2
    assert result.output == "Error: threshold must be in [0, 1], got 1.5\n"


@pytest.mark.parametrize("command", ["run", "check", "pair"])
@pytest.mark.parametrize("gap", ["-1", "21"])
def test_max_gap_outside_its_rule_is_a_usage_error(tmp_path: Path, command: str, gap: str) -> None:
    """--max-gap outside [0, 20] exits 2 with the rule, on every command that aligns passages."""
    seeds = _seed_copy(tmp_path)
    paths = [str(p) for p in sorted(seeds.iterdir())] if command == "pair" else [str(seeds)]
    result = runner.invoke(app, [command, *paths, "--max-gap", gap])
    assert result.exit_code == 2
    assert result.output == f"Error: max gap must be in [0, 20] words, got {gap}\n"


def test_larger_max_gap_merges_more_of_the_seed_background() -> None:
    """With --max-gap 8 the seeds' passages merge into fewer, longer ones than with the default 3."""
    a, b = SEEDS / "000_d62c5ef70462ea6f.txt", SEEDS / "003_464f35655eb40255.txt"
    default = json.loads(runner.invoke(app, ["pair", str(a), str(b), "--json"]).output)
    wide = json.loads(runner.invoke(app, ["pair", str(a), str(b), "--json", "--max-gap", "8"]).output)
    assert len(wide["passages"]) < len(default["passages"])
    assert wide["coverage_a"] > default["coverage_a"] and wide["coverage_b"] > default["coverage_b"]


@pytest.mark.parametrize("command", ["run", "check", "dedup", "articles"])
def test_negative_jobs_is_a_usage_error(tmp_path: Path, command: str) -> None:
    """--jobs below 0 exits 2 with the rule, before any article is read."""
    result = runner.invoke(app, [command, str(_seed_copy(tmp_path)), "--jobs", "-1"])
    assert result.exit_code == 2
    assert result.output == "Error: jobs must be >= 0 (0: all cores), got -1\n"


def test_unknown_option_exits_2(tmp_path: Path) -> None:
    """Usage errors from the parser exit 2."""
    assert runner.invoke(app, ["run", str(tmp_path), "--bogus"]).exit_code == 2


def test_dedup_jsonl_json_output(tmp_path: Path, wire_text: str, unrelated_text: str) -> None:
    """`dedup --json` over a .jsonl prints pairs and clusters in the documented shape."""
    lines = [
        {"id": "x", "text": wire_text, "outlet": "extra keys are fine"},
        {"id": "y", "text": wire_text},
        {"id": "z", "text": unrelated_text},
    ]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["dedup", str(source), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["clusters"] == [["x", "y"]]
    assert [(p["a"], p["b"], p["jaccard"], p["containment_a"], p["containment_b"]) for p in data["pairs"]] == [
        ("x", "y", 1.0, 1.0, 1.0)
    ]


def test_dedup_bad_jsonl_names_the_line_and_keeps_the_rest(tmp_path: Path, wire_text: str) -> None:
    """A malformed .jsonl line is warned about with its line number; the valid lines are still compared."""
    source = tmp_path / "in.jsonl"
    good = [json.dumps({"id": name, "text": wire_text}) for name in ("a", "c")]
    lines = [good[0], '{"id": "b"}', "not json", good[1]]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["dedup", str(source), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert f'Warning: {source}: line 2 skipped: not a JSON object with "id" and "text" (KeyError)' in result.output
    assert f"Warning: {source}: line 3 skipped" in result.output
    assert "cluster 1: a, c (representative a)" in result.output


def test_committed_reports_match_a_fresh_run(tmp_path: Path) -> None:
    """Golden test: `compare run seeds/ --html` reproduces the committed reports (pages included) byte for byte."""
    out = tmp_path / "reports"
    assert runner.invoke(app, ["run", str(SEEDS), "--out", str(out), "--html"]).exit_code == 0
    committed = ROOT / "reports"
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert written == sorted(p.relative_to(committed).as_posix() for p in committed.rglob("*") if p.is_file())
    for name in written:
        assert (out / name).read_bytes() == (committed / name).read_bytes(), name


def test_articles_json_lists_metadata_and_offsets() -> None:
    """`articles --json` shows each seed's metadata and paragraph offsets that slice the file."""
    result = runner.invoke(app, ["articles", str(SEEDS), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    seed = next(a for a in data["articles"] if a["id"].startswith("003"))
    assert (seed["title"], seed["date"], seed["dateline"]) == (
        "Putin, Abe hold hot spring meet on WWII island row", "2016-12-15", "Nagato"
    )
    text = (SEEDS / seed["id"]).read_text(encoding="utf-8")
    assert all(text[p["start"] : p["end"]] == p["text"] for p in seed["paragraphs"])


def test_pair_json_has_documented_keys_and_exact_spans() -> None:
    """`pair --json` on the seeds gives the documented keys, and every passage span slices its file."""
    a, b = SEEDS / "000_d62c5ef70462ea6f.txt", SEEDS / "003_464f35655eb40255.txt"
    result = runner.invoke(app, ["pair", str(a), str(b), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    for key in ("a", "b", "jaccard", "containment_a", "containment_b", "coverage_a", "coverage_b",
                "ordered_overlap_a", "ordered_overlap_b", "reuse_a", "reuse_b", "verdict"):
        assert key in data
    assert data["verdict"] == "partial reuse"
    text_a, text_b = a.read_text(encoding="utf-8"), b.read_text(encoding="utf-8")
    for passage in data["passages"]:
        assert text_a[passage["a_start"] : passage["a_end"]] == passage["a_text"]
        assert text_b[passage["b_start"] : passage["b_end"]] == passage["b_text"]
    assert any("Southern Kurils in Russia and the Northern Territories" in p["a_text"] for p in data["passages"])


def test_pair_of_missing_file_is_one_error_line(tmp_path: Path) -> None:
    """A missing article file names the path."""
    result = runner.invoke(app, ["pair", str(tmp_path / "a.txt"), str(SEEDS / "000_d62c5ef70462ea6f.txt")])
    assert result.exit_code == 1
    assert result.output == f"Error: {tmp_path / 'a.txt'}: no such file; give the path of an article file\n"


def test_check_names_new_changed_and_removed_articles(tmp_path: Path, wire_text: str) -> None:
    """`check` says which articles were added, edited and removed since the reports were written."""
    folder, out = _seed_copy(tmp_path), tmp_path / "reports"
    (folder / "gone.txt").write_text(wire_text, encoding="utf-8")
    runner.invoke(app, ["run", str(folder), "--out", str(out)])
    (folder / "gone.txt").unlink()
    (folder / "new.txt").write_text("Flood waters recede in river towns after a week of rain.\n", encoding="utf-8")
    seed = folder / "000_d62c5ef70462ea6f.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "\nAn added closing paragraph about the talks.\n", "utf-8")
    result = runner.invoke(app, ["check", str(folder), "--reports", str(out)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert "new article: new.txt" in lines
    assert "changed article: 000_d62c5ef70462ea6f.txt" in lines
    assert "removed article: gone.txt" in lines
    assert f"stale: {out / 'manifest.json'}" in lines


def test_fail_on_duplicate_names_both_articles(tmp_path: Path, wire_text: str) -> None:
    """With --fail-on-duplicate, a newly added copy of an existing article fails the gate, naming both."""
    folder, out = _seed_copy(tmp_path), tmp_path / "reports"
    (folder / "wire.txt").write_text(wire_text, encoding="utf-8")
    runner.invoke(app, ["run", str(folder), "--out", str(out)])
    (folder / "wire-copy.txt").write_text(wire_text, encoding="utf-8")
    runner.invoke(app, ["run", str(folder), "--out", str(tmp_path / "elsewhere")])
    result = runner.invoke(app, ["check", str(folder), "--reports", str(out), "--fail-on-duplicate"])
    assert result.exit_code == 1
    assert "duplicate: wire-copy.txt and wire.txt are near duplicates (Jaccard 1.000" in result.output


def test_fail_on_duplicate_passes_when_reports_are_current_and_nothing_new(tmp_path: Path) -> None:
    """The gate only looks at new articles: an up-to-date folder passes."""
    folder, out = _seed_copy(tmp_path), tmp_path / "reports"
    runner.invoke(app, ["run", str(folder), "--out", str(out)])
    result = runner.invoke(app, ["check", str(folder), "--reports", str(out), "--fail-on-duplicate"])
    assert result.exit_code == 0, result.output


def test_skipped_file_warns_and_strict_fails(tmp_path: Path) -> None:
    """A file compare cannot use is a warning (exit 0); with --strict the run exits 1."""
    folder, out = _seed_copy(tmp_path), tmp_path / "reports"
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0 not text")
    result = runner.invoke(app, ["run", str(folder), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Warning: photo.jpg: " in result.output
    assert "photo.jpg" in (out / "index.md").read_text(encoding="utf-8")
    strict = runner.invoke(app, ["run", str(folder), "--out", str(out), "--strict"])
    assert strict.exit_code == 1
    assert "Error: 1 input files skipped and --strict was given" in strict.output


def test_no_progress_bars_when_not_a_terminal(tmp_path: Path) -> None:
    """Output to a pipe carries no progress bar: stdout is the summary line only."""
    result = runner.invoke(app, ["run", str(_seed_copy(tmp_path)), "--out", str(tmp_path / "r")])
    assert result.output.splitlines() == [
        "2 articles, 0 related pairs, 1 pairs sharing passages in 1 reuse clusters, 0 clusters; wrote 5 reports to "
        + str(tmp_path / "r")
    ]


def test_reports_inside_the_input_folder_are_not_read_as_articles(tmp_path: Path) -> None:
    """`compare run . --out reports` leaves its own reports out of the corpus, run after run."""
    folder = _seed_copy(tmp_path)
    out = folder / "reports"
    for _ in range(2):
        result = runner.invoke(app, ["run", str(folder), "--out", str(out)])
        assert result.exit_code == 0, result.output
        assert result.output.startswith("2 articles, ")
    assert runner.invoke(app, ["check", str(folder), "--reports", str(out)]).exit_code == 0


def test_big_cluster_reports_pairs_with_its_representative_only(tmp_path: Path, wire_text: str) -> None:
    """Twelve copies of one story give 11 pair reports (each against the representative), not 66."""
    folder, out = tmp_path / "articles", tmp_path / "reports"
    folder.mkdir()
    for n in range(12):
        (folder / f"{n:02d}.txt").write_text(wire_text.replace("Thursday", f"day {n}"), encoding="utf-8")
    assert runner.invoke(app, ["run", str(folder), "--out", str(out)]).exit_code == 0
    reports = [set(p.name.removesuffix(".md").split("--")) for p in (out / "pairs").iterdir()]
    assert len(reports) == 11 and len(set.intersection(*reports)) == 1
    index = (out / "index.md").read_text(encoding="utf-8")
    assert index.count("see the cluster's representative") == 66 - 11


def test_cluster_report_lists_each_copy_against_the_representative(tmp_path: Path, wire_text: str) -> None:
    """A cluster report names every copy, its edits against the representative and what only one side says."""
    folder, out = tmp_path / "articles", tmp_path / "reports"
    folder.mkdir()
    paras = [p for p in wire_text.split("\n\n") if p.strip()]
    (folder / "afp.txt").write_text(wire_text, encoding="utf-8")
    cut = "\n\n".join(paras[:-4]).replace("Thursday", "yesterday")
    (folder / "app.txt").write_text(cut, encoding="utf-8")
    assert runner.invoke(app, ["run", str(folder), "--out", str(out)]).exit_code == 0
    report = (out / "clusters" / "afp.txt.md").read_text(encoding="utf-8")
    assert "The representative, the longest, is `afp.txt`" in report
    assert "## `app.txt` against the representative" in report
    assert "- substitute: Thursday -> yesterday" in report
    assert "Only in afp.txt, about Donald Trump:" in report
    assert "[cluster](clusters/afp.txt.md)" in (out / "index.md").read_text(encoding="utf-8")


def test_ci_example_restores_the_cache_then_checks() -> None:
    """docs/ci-example.yml is valid YAML that restores ~/.cache/compare before `compare check`."""
    import yaml

    steps = yaml.safe_load((ROOT / "docs" / "ci-example.yml").read_text(encoding="utf-8"))["jobs"]["check"]["steps"]
    cache_step = next(i for i, s in enumerate(steps) if s.get("uses", "").startswith("actions/cache@"))
    check_step = next(i for i, s in enumerate(steps) if "compare check" in s.get("run", ""))
    assert steps[cache_step]["with"]["path"] == "~/.cache/compare" and cache_step < check_step
    assert "--fail-on-duplicate" in steps[check_step]["run"]


def test_pair_keeps_the_users_order_against_id_order(tmp_path: Path) -> None:
    """`pair A B` with B's path sorting before A's: A is still "a", and A's paragraph B drops is a cut."""
    text = (SEEDS / "003_464f35655eb40255.txt").read_text(encoding="utf-8")
    a = tmp_path / "z-original.txt"  # wherever the checkout lives, B's path sorts first
    a.write_text(text, encoding="utf-8")
    dropped = "Abe would like to seal a deal as soon as possible because the islands’ ageing Japanese former " \
              "residents are dwindling in number."
    assert dropped in text
    b = tmp_path / "copy.txt"
    b.write_text(text.replace(dropped, ""), encoding="utf-8")
    assert b.as_posix() < a.as_posix()  # the ids sort opposite to the order given
    data = json.loads(runner.invoke(app, ["pair", str(a), str(b), "--json"]).output)
    assert (data["a"], data["b"]) == (a.as_posix(), b.as_posix())
    assert data["verdict"] == "reprint"
    assert [(e["kind"], e["a_text"], e["b_text"]) for e in data["edits"]] == [("cut", dropped, "")]
    report = runner.invoke(app, ["pair", str(a), str(b)]).output
    assert report.startswith(f"# {a.as_posix()} and {b.as_posix()}\n")
    assert f"- cut: “{dropped}”" in report


def test_index_of_articles_sharing_nothing_has_single_blank_lines(tmp_path: Path, wire_text: str,
                                                                  unrelated_text: str) -> None:
    """The sections a folder without reuse leaves empty say "None." once, without a stray blank line."""
    folder, out = tmp_path / "news", tmp_path / "reports"
    folder.mkdir()
    (folder / "wire.txt").write_text(wire_text, encoding="utf-8")
    (folder / "other.txt").write_text(unrelated_text, encoding="utf-8")
    assert runner.invoke(app, ["run", str(folder), "--out", str(out)]).exit_code == 0
    index = (out / "index.md").read_text(encoding="utf-8")
    assert "## Pairs sharing passages\n\nNone.\n\n## Reuse clusters" in index
    assert "\n\n\n" not in index
