"""The local and Spark engines of ``compare dedup`` side by side at 10k and 100k articles.

Each engine runs ``compare dedup CORPUS.jsonl --json`` in a fresh process on
the news-like corpus of corpus.py (built from ../shared/data/mrpc; exit 2 when
it is missing); Spark with ``--engine spark --master local[2]``. For each run
it prints wall-clock seconds, the peak memory (proportional set sizes) of the whole process
tree (sampled every 0.2 s from /proc: for Spark that is the Python driver,
the JVM and the Python workers together, which os.wait4 would not add up),
the shuffle bytes per article (written and read, summed over Spark's event
log) and whether both engines printed the same JSON. The Spark engine's own
stage summary is printed too. Nothing is asserted.

Usage: ``python benchmarks/spark_scale.py [--sizes 10000,100000] [--driver-memory 4g]``
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # the shared corpus builder next to this file
from measure import measured


@dataclass
class Run:
    """One engine at one size."""

    engine: str
    docs: int
    seconds: float
    peak_mb: float
    shuffle_bytes: int
    output: str
    summary: list[str]


def shuffle_bytes(log_dir: Path) -> int:
    """Shuffle bytes written plus read, summed over every task of the event logs in ``log_dir``."""
    total = 0
    for log in (path for path in log_dir.rglob("*") if path.is_file()):  # Spark 4 writes a folder per app
        with log.open(encoding="utf-8") as events:
            for line in events:
                if '"SparkListenerTaskEnd"' not in line:
                    continue
                metrics = json.loads(line).get("Task Metrics") or {}
                write = metrics.get("Shuffle Write Metrics", {})
                read = metrics.get("Shuffle Read Metrics", {})
                total += write.get("Shuffle Bytes Written", 0)
                total += read.get("Remote Bytes Read", 0) + read.get("Local Bytes Read", 0)
    return total


def run_engine(engine: str, source: Path, docs: int, args: argparse.Namespace) -> Run:
    """``compare dedup SOURCE --json`` with one engine; Spark logs its events to count shuffle bytes."""
    compare = str(Path(sys.executable).parent / "compare")
    command = [compare, "dedup", str(source), "--json"]
    env = dict(os.environ)
    log_dir = Path(tempfile.mkdtemp(prefix="spark-events-"))
    if engine == "spark":
        command += ["--engine", "spark", "--master", "local[2]"]
        env["PYSPARK_SUBMIT_ARGS"] = (
            f"--driver-memory {args.driver_memory} --conf spark.eventLog.enabled=true "
            f"--conf spark.eventLog.dir=file://{log_dir} --conf spark.eventLog.compress=false "
            "--conf spark.ui.showConsoleProgress=false pyspark-shell")
    print(f"running {engine} on {docs:,} articles ...", file=sys.stderr, flush=True)
    seconds, peak, stdout, stderr = measured(command, env)
    summary = [line for line in stderr.splitlines() if line.startswith("spark: ")]
    return Run(engine, docs, seconds, peak, shuffle_bytes(log_dir), stdout, summary)


def print_runs(runs: list[Run]) -> None:
    """Both engines side by side, then the Spark engine's stage summaries."""
    print(f"{'engine':<7} {'articles':>9} {'seconds':>8} {'docs/s':>7} {'peak MB':>8} {'shuffle B/article':>18} "
          f"{'pairs':>7} {'same JSON as local':>19}")
    local = {r.docs: r.output for r in runs if r.engine == "local"}
    for r in runs:
        same = "-" if r.engine == "local" else ("yes" if r.output == local.get(r.docs) else "NO")
        shuffle = f"{r.shuffle_bytes / r.docs:,.0f}" if r.engine == "spark" else "-"
        print(f"{r.engine:<7} {r.docs:>9,} {r.seconds:>8.1f} {r.docs / r.seconds:>7,.0f} {r.peak_mb:>8,.0f} "
              f"{shuffle:>18} {len(json.loads(r.output)['pairs']):>7,} {same:>19}")
    for r in runs:
        for line in r.summary:
            print(f"  {r.docs:,}: {line}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated corpus sizes")
    parser.add_argument("--driver-memory", default="4g", help="Spark driver (and, in local mode, executor) heap")
    corpus.add_corpus_arguments(parser)
    args = parser.parse_args(argv)
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at start")
    runs = []
    try:
        for docs in sorted({int(s) for s in args.sizes.split(",") if s}):
            files, _ = corpus.ensure_corpus(docs, args.workdir, args.seed, args.mrpc, jobs=args.jobs)
            runs += [run_engine(engine, files.jsonl, docs, args) for engine in ("local", "spark")]
    except corpus.MissingDataError:
        return 2
    print_runs(runs)
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
