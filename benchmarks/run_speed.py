"""Time `compare run` on a folder of N articles: cold, warm (cache), and after adding 10.

Prints wall time, articles/s, peak memory and the pair counts that drive the
cost, for:
  cold   an empty cache;
  warm   the same folder again (extracted pages, signatures, fact units and pair descriptions
         from the cache);
  +10    ten new articles added to the folder (only those ten are sketched and read, and only
         pairs with one of them described).

The folder is built from the benchmark corpus (benchmarks/corpus.py, which
reads ../shared/data/mrpc and exits 2 with a message when it is missing):
each article's headline line, then its body. With --html each article is
instead a saved page of about 90 KB (scripts, menus, related-story cards), as
a newsroom archive holds them, and a baseline line says what extracting the
pages in one process, on every run, cost before pages were read on the
workers and kept in the cache.

    python benchmarks/run_speed.py --docs 5000
    python benchmarks/run_speed.py --docs 1000 --html
"""

from __future__ import annotations

import argparse
import html
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # the benchmark corpus builder beside this file


def page_html(title: str, text: str) -> str:
    """An article inside a news site's page: scripts, a long menu, related-story cards (about 90 KB)."""
    menu = "".join(f'<li><a href="/section/{i}">Section {i} news and more</a></li>' for i in range(300))
    scripts = "".join(f'<script>var s{i} = {{"id": {i}, "pad": "{"x" * 200}"}};</script>' for i in range(100))
    cards = "".join(f'<div class="card"><a href="/story/{i}"><img src="/i/{i}.jpg" alt=""><h3>Related headline '
                    f"number {i}</h3></a><p>Teaser text for story {i}.</p></div>" for i in range(150))
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n\n"))
    return (f"<!doctype html><html><head><title>{html.escape(title)}</title>{scripts}</head><body><header><nav>"
            f"<ul>{menu}</ul></nav></header><main><article><h1>{html.escape(title)}</h1>{paragraphs}</article>"
            f"<aside>{cards}</aside></main><footer><ul>{menu}</ul></footer></body></html>")


def build_folder(jsonl: Path, folder: Path, docs: int, extra: int, pages: bool = False) -> list[Path]:
    """Write the first ``docs`` records as .txt files (or saved .html pages); return the paths of
    ``extra`` more, unwritten."""
    folder.mkdir(parents=True, exist_ok=True)
    held_back: list[tuple[Path, str]] = []
    with jsonl.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines):
            if number >= docs + extra:
                break
            record = json.loads(line)
            title = record.get("title", "")
            text = page_html(title, record["text"]) if pages else f"{title}\n\n{record['text']}\n"
            path = folder / f"{record['id']}.{'html' if pages else 'txt'}"
            if number < docs:
                path.write_text(text, encoding="utf-8")
            else:
                held_back.append((path, text))
    pending = folder.parent / "pending"
    pending.mkdir(exist_ok=True)
    for path, text in held_back:
        (pending / path.name).write_text(text, encoding="utf-8")
    return [pending / path.name for path, _ in held_back]


def timed_run(folder: Path, out: Path, cache: Path) -> tuple[float, float, str]:
    """(seconds, peak MB, summary line) of one `compare run` as a user runs it."""
    command = [str(Path(sys.executable).parent / "compare"), "run", str(folder), "--out", str(out),
               "--cache", str(cache), "--quiet"]
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    stdout = process.stdout.read() if process.stdout else ""
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"compare run failed: {process.stderr.read() if process.stderr else ''}")
    return seconds, usage.ru_maxrss / 1024, stdout.strip()


def extraction_baseline(folder: Path, sample: int = 100) -> str:
    """What reading the pages cost when it ran in one process on every run: trafilatura, timed on a sample."""
    from compare.ingest.html import extract_html

    pages = sorted(folder.glob("*.html"))
    chosen = pages[:sample]
    start = time.perf_counter()
    for page in chosen:
        extract_html(page.read_text(encoding="utf-8"))
    each = (time.perf_counter() - start) / len(chosen)
    return (f"baseline: trafilatura in one process {each * 1000:.0f} ms a page (timed on {len(chosen)}), "
            f"so {each * len(pages):.1f} s for all {len(pages):,} pages on every run")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=5000)
    parser.add_argument("--mrpc", type=Path, default=corpus.DEFAULT_MRPC)
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "compare-bench")
    parser.add_argument("--html", action="store_true", help="saved news pages (about 90 KB each) instead of text")
    parser.add_argument("--shared-sentences", action="store_true",
                        help="articles of the stress corpus (unrelated articles share sentences and boilerplate)")
    args = parser.parse_args()
    try:
        files, _ = corpus.ensure_corpus(max(args.docs + 10, 10000), args.workdir, mrpc=args.mrpc,
                                        shared=args.shared_sentences)
    except corpus.MissingDataError:
        sys.exit(2)
    base = Path(tempfile.mkdtemp(prefix="compare-run-speed-"))
    try:
        folder, cache, out = base / "articles", base / "cache.sqlite", base / "reports"
        pending = build_folder(files.jsonl, folder, args.docs, 10, args.html)
        if args.html:
            print(extraction_baseline(folder))
        rows = [("cold", *timed_run(folder, out, cache)), ("warm", *timed_run(folder, out, cache))]
        for path in pending:
            shutil.move(path, folder / path.name)
        rows.append(("+10 articles", *timed_run(folder, out, cache)))
        kind = "saved HTML pages" if args.html else "articles"
        print(f"compare run on {args.docs:,} {kind} (2 cores; times include start-up and writing reports)")
        print(f"{'run':<14}{'seconds':>9}{'articles/s':>12}{'peak MB':>9}  summary")
        for label, seconds, peak, summary in rows:
            print(f"{label:<14}{seconds:>9.1f}{args.docs / seconds:>12,.0f}{peak:>9,.0f}  {summary}")
        print(f"warm re-run speed-up over cold: {rows[0][1] / rows[1][1]:.2f}x")
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
