"""Reuse clusters: one passage with all its witnesses, instead of a report for every pair that shares it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from reuse_folder import EDITED_STATEMENT, NEWSLETTER, QUOTERS, STATEMENT, TRUST_LINE, filler, write_folder
from typer.testing import CliRunner

from compare.cli import app
from compare.errors import UsageError
from compare.models import Article, Params, ReuseCluster
from compare.pipeline import analyse, read_articles, sketch_articles
from compare.reuse.clusters import partner_pairs, reuse_clusters

runner = CliRunner()


@pytest.fixture(scope="module")
def reuse_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("reuse")
    write_folder(base / "in")
    result = runner.invoke(app, ["run", str(base / "in"), "--out", str(base / "out"), "--no-cache", "-q"])
    assert result.exit_code == 0, result.output
    return base / "in", base / "out"


def _clusters_of(folder: Path) -> tuple[dict[str, Article], tuple[ReuseCluster, ...]]:
    params = Params()
    articles = sorted(read_articles(folder)[0], key=lambda a: a.id)
    sketches, _ = sketch_articles(articles, params)
    found = reuse_clusters(articles, [s.sequence for s in sketches], params.shingle_size, params.min_shared,
                           params.max_gap)
    return {a.id: a for a in articles}, found


def test_a_widely_quoted_statement_is_one_cluster_with_every_witness(reuse_run: tuple[Path, Path]) -> None:
    folder, out = reuse_run
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    quoted = [c for c in data["reuse"] if any("pumps at the river gate" in w["text"] for w in c["witnesses"])]
    assert len(quoted) == 1
    witnesses = quoted[0]["witnesses"]
    assert sorted(w["article"] for w in witnesses) == [f"flood-{n:02d}.txt" for n in range(QUOTERS)]
    for witness in witnesses:  # spans index the file's own text
        text = (folder / witness["article"]).read_text(encoding="utf-8")
        assert text[witness["start"] : witness["end"]] == witness["text"]
        assert (STATEMENT if witness["article"] != f"flood-{QUOTERS - 1:02d}.txt" else EDITED_STATEMENT) in (
            witness["text"])
    edited = next(w for w in witnesses if w["article"] == f"flood-{QUOTERS - 1:02d}.txt")
    assert edited["edits"] == [{"kind": "substitute", "a_text": "every", "b_text": "each"}]
    page = (out / "reuse" / f"{quoted[0]['id']}.md").read_text(encoding="utf-8")
    assert f"{QUOTERS} articles from {QUOTERS} outlets carry this passage" in page
    assert "- substitute: every -> each" in page
    assert f"[reuse](reuse/{quoted[0]['id']}.md)" in (out / "index.md").read_text(encoding="utf-8")


def test_pairs_that_only_share_the_quote_are_folded_not_reported(reuse_run: tuple[Path, Path]) -> None:
    _, out = reuse_run
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    pair_files = sorted(p.name for p in (out / "pairs").glob("*.md"))
    assert not [name for name in pair_files if name.startswith("flood")]
    folded_flood_pairs = QUOTERS * (QUOTERS - 1) // 2
    assert data["sharing_pairs"]["folded"] >= folded_flood_pairs
    index = (out / "index.md").read_text(encoding="utf-8")
    assert f"of which {data['sharing_pairs']['folded']} are folded into the reuse clusters" in index


def test_every_near_duplicate_pair_of_both_reprint_families_has_a_report(reuse_run: tuple[Path, Path]) -> None:
    _, out = reuse_run
    glacier = ["glacier-continental.txt", "glacier-cut.txt", "glacier-dailypost.txt", "glacier-swap.txt"]
    expected = {f"{a}--{b}.md" for n, a in enumerate(glacier) for b in glacier[n + 1 :]}
    expected.add("ship-coastnews.txt--ship-continental.txt.md")
    assert {p.name for p in (out / "pairs").glob("*.md")} == expected


def test_a_copy_cut_after_a_paragraph_splits_the_passage_at_the_paragraph_break(tmp_path: Path) -> None:
    write_folder(tmp_path, unrelated=0)
    _, found = _clusters_of(tmp_path)
    glacier = [c for c in found if c.articles[0].startswith("glacier")]
    assert sorted(len(c.witnesses) for c in glacier) == [3, 4]
    three = next(c for c in glacier if len(c.witnesses) == 3)
    assert three.witnesses[0].text.startswith("Scientists who follow the talks")
    assert three.witnesses[0].text.endswith("its own units.")
    swap = next(w for c in glacier if len(c.witnesses) == 4 for w in c.witnesses if w.article == "glacier-swap.txt")
    assert [(e.kind, e.a_text, e.b_text) for e in swap.edits] == [("substitute", "three hundred", "300")]


def test_forty_outlets_quoting_one_statement_make_one_cluster_and_no_pair_report(tmp_path: Path) -> None:
    import random

    rng = random.Random(3)
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(40):
        (folder / f"q{n:02d}.txt").write_text(f"Report {n}\n\n{filler(rng, 3)} Mayor Ellen Brody said: "
                                              f'"{STATEMENT}" {filler(rng, 3)}\n', encoding="utf-8")
    result = runner.invoke(app, ["run", str(folder), "--out", str(tmp_path / "out"), "--no-cache", "-q", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [len(c["witnesses"]) for c in data["reuse"]] == [40]
    assert data["sharing_pairs"] == {"total": 780, "folded": 780}
    assert not (tmp_path / "out" / "pairs").exists()


def test_cluster_ids_survive_new_articles(tmp_path: Path) -> None:
    write_folder(tmp_path, unrelated=2)
    _, before = _clusters_of(tmp_path)
    (tmp_path / "zz-new.txt").write_text("Another one\n\n" + filler(__import__("random").Random(9), 6) + "\n",
                                         encoding="utf-8")
    _, after = _clusters_of(tmp_path)
    assert {c.id for c in before} <= {c.id for c in after}


def test_a_stock_phrase_shorter_than_a_passage_makes_no_cluster(tmp_path: Path) -> None:
    phrase = "said in a statement on Tuesday that"
    (tmp_path / "a.txt").write_text(f"A\n\nThe mayor {phrase} the roads would reopen soon after repairs.\n")
    (tmp_path / "b.txt").write_text(f"B\n\nThe railway company {phrase} fares would rise by four percent.\n")
    assert _clusters_of(tmp_path)[1] == ()


def test_partners_are_capped_by_shared_words(tmp_path: Path) -> None:
    """Each article nominates its strongest partners; a pair is reported when one of its articles names it."""
    import random

    rng = random.Random(5)
    hub = [filler(rng, 5).split(". ") for _ in range(5)]
    (tmp_path / "hub.txt").write_text("Hub\n\n" + "\n\n".join(". ".join(h) for h in hub) + "\n")
    for n in range(5):
        own = filler(rng, 8)  # p<n> and q<n> share eight sentences: each one's strongest partner
        shared = ". ".join(hub[n][: n + 1]).rstrip(".") + "."  # p<n> shares n + 1 sentences with the hub
        (tmp_path / f"p{n}.txt").write_text(f"P{n}\n\n{filler(rng, 3)}\n\n{shared}\n\n{own}\n")
        (tmp_path / f"q{n}.txt").write_text(f"Q{n}\n\n{filler(rng, 3)}\n\n{own}\n")
    _, found = _clusters_of(tmp_path)
    strongest = [("hub.txt", "p4.txt")] + [(f"p{n}.txt", f"q{n}.txt") for n in range(5)]
    assert partner_pairs(found, 1) == sorted(strongest)
    assert partner_pairs(found, 2) == sorted(strongest + [("hub.txt", f"p{n}.txt") for n in range(4)])
    assert partner_pairs(found, 0) == []


def test_max_partners_is_checked_once_and_says_the_rule(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"max partners must be >= 0, got -1"):
        Params(max_partners=-1)
    write_folder(tmp_path / "in", unrelated=0)
    result = runner.invoke(app, ["run", str(tmp_path / "in"), "--out", str(tmp_path / "o"), "--max-partners", "-1"])
    assert result.exit_code == 2
    assert result.output.strip().splitlines()[-1] == "Error: max partners must be >= 0, got -1"


def test_analyse_keeps_every_cluster_in_the_result(tmp_path: Path) -> None:
    write_folder(tmp_path, unrelated=3)
    result = analyse(read_articles(tmp_path)[0], Params(max_partners=0))
    assert not [p for p in result.pairs if not p.related]
    assert len(result.reuse) == len(_clusters_of(tmp_path)[1])
    assert result.sharing_pairs[0] >= QUOTERS * (QUOTERS - 1) // 2


def test_quote_boilerplate_and_two_reprint_families_in_one_folder(tmp_path: Path) -> None:
    """The issue's folder: one widely quoted statement, boilerplate lines, two reprint families."""
    write_folder(tmp_path / "in", unrelated=12, newsletter_in=8)
    result = runner.invoke(app, ["run", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--no-cache", "-q",
                                 "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert sorted((b["text"], b["count"]) for b in data["boilerplate"]) == [(NEWSLETTER, 8), (TRUST_LINE, 8)]
    assert [sorted(w["article"] for w in c["witnesses"]) for c in data["reuse"] if len(c["witnesses"]) > 2] == [
        [f"flood-{n:02d}.txt" for n in range(QUOTERS)],
        ["glacier-continental.txt", "glacier-cut.txt", "glacier-dailypost.txt", "glacier-swap.txt"],
        ["glacier-continental.txt", "glacier-dailypost.txt", "glacier-swap.txt"]]
    glacier = ["glacier-continental.txt", "glacier-cut.txt", "glacier-dailypost.txt", "glacier-swap.txt"]
    expected = {f"{a}--{b}.md" for n, a in enumerate(glacier) for b in glacier[n + 1 :]}
    assert {p.name for p in (tmp_path / "out" / "pairs").glob("*.md")} == expected | {
        "ship-coastnews.txt--ship-continental.txt.md"}
    article = (tmp_path / "in" / "other-00.txt").read_text(encoding="utf-8")
    assert TRUST_LINE in article
    listing = runner.invoke(app, ["articles", str(tmp_path / "in"), "--no-cache"]).output
    assert listing.count("removed (boilerplate, in 8 articles)") == 16
    index = (tmp_path / "out" / "index.md").read_text(encoding="utf-8")
    section = index.split("## Boilerplate", 1)[1].split("\n## ", 1)[0]
    rows = [[c.strip() for c in line.strip("|").split("|")] for line in section.splitlines()
            if line.startswith("| ") and "---" not in line][1:]
    assert sorted((text[:40], count) for text, count in rows) == [(NEWSLETTER[:40], "8"), (TRUST_LINE[:40], "8")]


def test_the_html_index_lists_clusters_of_three_or_more_with_links_to_each_copy(tmp_path: Path) -> None:
    write_folder(tmp_path / "in", unrelated=2)
    result = runner.invoke(app, ["run", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--no-cache", "-q",
                                 "--html"])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "out" / "html" / "index.html").read_text(encoding="utf-8")
    section = page.split('<h2 id="reuse">', 1)[1].split("<h2", 1)[0]
    assert "Mayor Ellen Brody said: &#34;We have moved every family" in section  # escaped, never raw
    assert all(f">flood-{n:02d}.txt</a>" in section for n in range(QUOTERS))
    assert "ship-coastnews.txt" not in section  # two witnesses: their pair page tells it
