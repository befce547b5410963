"""Score compare's article bodies from saved HTML pages on the article-extraction benchmark.

    python benchmarks/extraction.py [DATA] [--worst N] [--only NAME,NAME]

DATA defaults to ../shared/data/article-extraction beside the repository (``html/<key>.html.gz``
and ``ground-truth.json``); when it is missing the script says which path it expected and exits
with code 2. In the same run it scores trafilatura's ``extract()`` alone with its default settings
(the baseline compare must never fall below) and every other extractor that is installed
(readability-lxml, justext), so the figures are always measured on the same pages and machine.

The metric is the benchmark's own (see its README): per page, multisets of 4-word shingles of
``\\w+`` tokens; tp, fp and fn divided by their sum so every page weighs the same; precision and
recall averaged over pages; F1 from the two averages. Besides the whole set the table shows the
two halves of the pages split by a hash of their keys: a method that only helps one half is
fitted to pages, not better.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT = ROOT.parent / "shared" / "data" / "article-extraction"
SHINGLE = 4
"""Words per shingle in the benchmark's metric."""
TARGET_F1, TARGET_PRECISION, TARGET_RECALL = 0.975, 0.96, 0.96
"""Issue 15's targets for compare's bodies."""
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Page:
    key: str
    html: str
    truth: str
    url: str | None


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    empty: int
    pages: int

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def load(folder: Path) -> list[Page]:
    """The benchmark's pages in key order; exits 2 naming the path when the data is not there."""
    truth_file, html_dir = folder / "ground-truth.json", folder / "html"
    if not truth_file.is_file() or not html_dir.is_dir():
        print(f"error: the benchmark data is missing: expected {truth_file} and {html_dir}/; "
              "give its folder as the first argument", file=sys.stderr)
        sys.exit(2)
    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    pages = []
    for key in sorted(truth):
        path = html_dir / f"{key}.html.gz"
        if path.is_file():
            html = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
            pages.append(Page(key, html, truth[key].get("articleBody") or "", truth[key].get("url")))
    if not pages:
        print(f"error: no pages found under {html_dir}; expected <key>.html.gz files named in {truth_file}",
              file=sys.stderr)
        sys.exit(2)
    return pages


def shingles(text: str) -> Counter[tuple[str, ...]]:
    words = _WORD.findall(text)
    return Counter(tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1))


def page_score(truth: str, predicted: str) -> tuple[float, float]:
    """(precision, recall) of one page, as the benchmark defines them."""
    t, p = shingles(truth), shingles(predicted)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    total = tp + fp + fn
    if fp == fn == 0:
        return 1.0, 1.0
    tp, fp, fn = tp / total, fp / total, fn / total
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall


def score(pages: list[Page], outputs: dict[str, str]) -> Score:
    pairs = [page_score(page.truth, outputs.get(page.key, "")) for page in pages]
    empty = sum(not outputs.get(page.key, "").strip() for page in pages)
    n = len(pairs)
    return Score(sum(p for p, _ in pairs) / n, sum(r for _, r in pairs) / n, empty, n)


def compare_body(page: Page) -> str:
    """The body compare compares: what `compare run` reads from the page saved as a .html file."""
    from compare.ingest import parse_text

    try:
        return parse_text(page.key, page.html, "html").body
    except ValueError:
        return ""


def trafilatura_alone(page: Page) -> str:
    import trafilatura

    return trafilatura.extract(page.html, url=page.url) or ""


def readability(page: Page) -> str:
    import lxml.html
    from readability import Document

    summary = Document(page.html).summary(html_partial=True)
    return lxml.html.fromstring(summary).text_content() if summary.strip() else ""


def justext_alone(page: Page) -> str:
    import justext

    paragraphs = justext.justext(page.html.encode("utf-8"), justext.get_stoplist("English"))
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


EXTRACTORS: dict[str, tuple[str, Callable[[Page], str]]] = {
    "compare": ("compare", compare_body),
    "trafilatura": ("trafilatura", trafilatura_alone),
    "readability": ("readability", readability),
    "justext": ("justext", justext_alone),
}


def available(name: str) -> bool:
    module = EXTRACTORS[name][0]
    try:
        __import__(module)
    except ImportError:
        return False
    return True


def half(key: str) -> str:
    return "A" if hashlib.sha256(key.encode()).digest()[0] % 2 == 0 else "B"


def run(pages: list[Page], name: str) -> tuple[dict[str, str], float]:
    extract = EXTRACTORS[name][1]
    started = time.perf_counter()
    outputs = {}
    for page in pages:
        try:
            outputs[page.key] = extract(page)
        except Exception as exc:  # an extractor crashing on a page scores that page as empty
            print(f"  {name} failed on {page.key}: {type(exc).__name__}: {exc}", file=sys.stderr)
            outputs[page.key] = ""
    return outputs, time.perf_counter() - started


def row(name: str, pages: list[Page], outputs: dict[str, str], seconds: float) -> list[str]:
    whole = score(pages, outputs)
    halves = [score([p for p in pages if half(p.key) == h], outputs).f1 for h in "AB"]
    return [name, f"{whole.f1:.3f}", f"{whole.precision:.3f}", f"{whole.recall:.3f}", f"{halves[0]:.3f}",
            f"{halves[1]:.3f}", str(whole.empty), f"{seconds:.1f}"]


def show_worst(pages: list[Page], outputs: dict[str, str], count: int) -> None:
    scored = sorted((sum(page_score(p.truth, outputs[p.key])), p.key) for p in pages)
    for _, key in scored[:count]:
        precision, recall = page_score(next(p.truth for p in pages if p.key == key), outputs[key])
        print(f"  {key}: precision {precision:.3f}, recall {recall:.3f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--worst", type=int, default=0, help="list compare's N worst pages")
    parser.add_argument("--only", default="", help="comma-separated extractors to run (default: all installed)")
    args = parser.parse_args()
    if not args.data.is_dir():
        print(f"error: the benchmark data is missing: expected the folder {args.data} (with ground-truth.json and "
              "html/); give its path as the first argument", file=sys.stderr)
        return 2
    pages = load(args.data)
    names = [n for n in (args.only.split(",") if args.only else EXTRACTORS) if n in EXTRACTORS and available(n)]
    rows, results = [], {}
    for name in names:
        results[name], seconds = run(pages, name)
        rows.append(row(name, pages, results[name], seconds))
    from tabulate import tabulate

    headers = ["extractor", "F1", "precision", "recall", "F1 half A", "F1 half B", "pages with no article", "s"]
    print(f"{len(pages)} pages of {args.data}\n")
    print(tabulate(rows, headers=headers, tablefmt="github", disable_numparse=True))
    if "compare" in results:
        verdict(pages, results)
        if args.worst:
            show_worst(pages, results["compare"], args.worst)
    return 0


def verdict(pages: list[Page], results: dict[str, dict[str, str]]) -> None:
    """One line per target: met or not, for compare and (where it applies) trafilatura alone."""
    for name in ("compare", "trafilatura"):
        if name not in results:
            continue
        s = score(pages, results[name])
        checks = [(f"F1 {s.f1:.4f} >= {TARGET_F1}", s.f1 >= TARGET_F1),
                  (f"precision {s.precision:.4f} >= {TARGET_PRECISION}", s.precision >= TARGET_PRECISION),
                  (f"recall {s.recall:.4f} >= {TARGET_RECALL}", s.recall >= TARGET_RECALL),
                  (f"{s.empty} pages with no article", s.empty == 0)]
        if name == "compare" and "trafilatura" in results:
            checks.append(("F1 not below trafilatura alone", s.f1 >= score(pages, results["trafilatura"]).f1))
        shown = "; ".join(f"{what}: {'met' if ok else 'NOT met'}" for what, ok in checks)
        print(f"\n{name}: {shown}")


if __name__ == "__main__":
    sys.exit(main())
