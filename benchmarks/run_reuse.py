"""`compare run` on the plain and the stress corpus of one size, side by side in one run (issue 14).

The plain corpus (benchmarks/corpus.py) has reprints among articles that
otherwise share nothing; the stress corpus (``--shared-sentences``) builds its
articles from one pool of MRPC sentences, so unrelated articles share whole
sentences, and closes 30% and 3 x 5% of them with boilerplate lines. Each
folder is a .txt file per article (headline, then body) and each run is cold
(a fresh cache), as a user's first run.

For each corpus it prints wall seconds, the peak resident memory of the
process tree (compare and its workers, sampled from /proc as proportional set
sizes, so pages the forked workers share are counted once), report files per article,
megabytes of reports, pair reports, reuse clusters, and how many
passage-sharing pairs were folded into clusters; then the stress/plain time
ratio. Nothing is asserted. Needs ../shared/data/mrpc (exit 2 when missing).

    python benchmarks/run_reuse.py --sizes 3000,20000
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # the benchmark corpus builder beside this file
from measure import measured
from run_speed import build_folder


def one_run(jsonl: Path, docs: int, base: Path, label: str) -> dict[str, float | str]:
    """Build the folder, run compare on it, and gather the figures of one corpus."""
    folder, out = base / label / "articles", base / label / "reports"
    build_folder(jsonl, folder, docs, 0)
    command = [str(Path(sys.executable).parent / "compare"), "run", str(folder), "--out", str(out),
               "--cache", str(base / label / "cache.sqlite"), "--quiet"]
    seconds, peak_mb, stdout, _ = measured(command, dict(os.environ))
    files = [p for p in out.rglob("*") if p.is_file()]
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    shutil.rmtree(folder)
    return {"corpus": label, "seconds": seconds, "peak_mb": peak_mb, "files_per_article": len(files) / docs,
            "report_mb": sum(p.stat().st_size for p in files) / 2**20,
            "pair_reports": sum(1 for p in files if p.parent.name == "pairs"),
            "reuse_clusters": len(report["reuse"]), "reuse_pages": sum(1 for p in files if p.parent.name == "reuse"),
            "sharing_pairs": report["sharing_pairs"]["total"], "folded": report["sharing_pairs"]["folded"],
            "summary": stdout.strip()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="3000", help="comma-separated article counts (default 3000)")
    parser.add_argument("--mrpc", type=Path, default=corpus.DEFAULT_MRPC)
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "compare-bench")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print("size     corpus  seconds  peak MB  files/article  report MB  pair reports  reuse clusters"
          "  (pages)  sharing pairs      folded")
    for size in sizes:
        rows = []
        for label, shared in (("plain", False), ("stress", True)):
            try:
                files, _ = corpus.ensure_corpus(max(size, 5000), args.workdir, mrpc=args.mrpc, shared=shared)
            except corpus.MissingDataError:
                sys.exit(2)
            base = Path(tempfile.mkdtemp(prefix="compare-run-reuse-"))
            try:
                rows.append(one_run(files.jsonl, size, base, label))
            finally:
                shutil.rmtree(base, ignore_errors=True)
        for r in rows:
            print(f"{size:<9,}{r['corpus']:<8}{r['seconds']:>7.1f}{r['peak_mb']:>9,.0f}{r['files_per_article']:>15.2f}"
                  f"{r['report_mb']:>11.1f}{r['pair_reports']:>14,}{r['reuse_clusters']:>16,}{r['reuse_pages']:>9,}"
                  f"{r['sharing_pairs']:>15,}{r['folded']:>12,}")
        print(f"{size:,} articles: stress / plain time {rows[1]['seconds'] / rows[0]['seconds']:.2f}x")


if __name__ == "__main__":
    main()
