"""How fast a 5,000-word pair page renders: in Python (report.json to pages) and in headless chromium.

Builds two ~5,000-word articles from MRPC sentences (B is A edited: every
fifth paragraph cut, a word changed in every fourth, a sentence added to
every seventh, and a re-credit), runs `compare run --html` on them, then
times ``render_html`` on the run's JSON and loads the pair page from
file:// in Debian's chromium (Playwright), printing navigation to load
event and first contentful paint. Prints figures; asserts nothing.

    python benchmarks/html_speed.py [--words 5000] [--mrpc PATH]
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import DEFAULT_MRPC, read_mrpc_sentences, require_mrpc

from compare.report.html import render_html

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def articles(sentences: list[str], words: int, rng: random.Random) -> tuple[str, str]:
    """A: paragraphs of 3 sentences up to ``words`` words; B: A with a reprint's edits."""
    paragraphs, count = [], 0
    while count < words:
        paragraph = " ".join(rng.choice(sentences) for _ in range(3))
        paragraphs.append(paragraph)
        count += len(paragraph.split())
    edited = []
    for n, paragraph in enumerate(paragraphs):
        if n % 5 == 4:
            continue
        if n % 4 == 1:
            paragraph = paragraph.replace(" the ", " that ", 1)
        if n % 7 == 3:
            paragraph += " " + rng.choice(sentences)
        edited.append(paragraph)
    head = "Title of the story\n\nBy {}\n\n"
    return head.format("AFP") + "\n\n".join(paragraphs), head.format("Reuters") + "\n\n".join(edited)


def browser_times(page_path: Path) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(page_path.as_uri())  # a first load warms the browser; the second is timed
        page.goto(page_path.as_uri())
        timing = page.evaluate("""() => { const n = performance.getEntriesByType('navigation')[0];
            const p = performance.getEntriesByName('first-contentful-paint')[0];
            return {dom: n.domContentLoadedEventEnd, load: n.loadEventEnd, paint: p ? p.startTime : -1,
                    spans: document.querySelectorAll('.text span').length}; }""")
        timing["click"] = page.evaluate("""() => { const t = performance.now();
            document.querySelector('.panel button[data-go="s100"]').click();
            document.getElementById('col-b').getBoundingClientRect();  // force the layout the scroll needs
            return performance.now() - t; }""")
        browser.close()
    return timing


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=5000)
    parser.add_argument("--mrpc", type=Path, default=DEFAULT_MRPC)
    options = parser.parse_args()
    sentences = read_mrpc_sentences(require_mrpc(options.mrpc))
    a, b = articles(sentences, options.words, random.Random(1))
    with tempfile.TemporaryDirectory() as tmp:
        folder, out = Path(tmp) / "in", Path(tmp) / "reports"
        folder.mkdir()
        (folder / "a.txt").write_text(a, encoding="utf-8")
        (folder / "b.txt").write_text(b, encoding="utf-8")
        subprocess.run([sys.executable, "-m", "compare", "run", str(folder), "--out", str(out), "--html",
                        "--no-cache", "--quiet"], check=True, stdout=subprocess.DEVNULL)
        data = json.loads((out / "report.json").read_text(encoding="utf-8"))
        start = time.perf_counter()
        pages = render_html(data)
        rendered = time.perf_counter() - start
        pair = data["pairs"][0]
        page_path = out / "html" / "pairs" / "a.txt--b.txt.html"
        print(f"words: A {len(a.split())}, B {len(b.split())}; passages {len(pair['passages'])}, "
              f"edits {len(pair['edits'])}, shared facts {len(pair['facts']['shared'])}")
        print(f"render_html (all {len(pages)} pages, Python): {rendered * 1000:.0f} ms; "
              f"pair page {page_path.stat().st_size / 1024:.0f} KB")
        t = browser_times(page_path)
        print(f"chromium, pair page from file://: DOMContentLoaded {t['dom']:.0f} ms, load {t['load']:.0f} ms, "
              f"first contentful paint {t['paint']:.0f} ms, {t['spans']} marked spans; "
              f"click on a shared fact (lights and scrolls both texts) {t['click']:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
