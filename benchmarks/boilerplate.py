"""The cross-outlet boilerplate rule on the stress corpus: what it finds, what it wrongly flags, what it costs.

The stress corpus (``corpus.py --shared-sentences``) closes 30% of its
articles with one boilerplate sentence and 5% with each of three others;
its pool sentences recur in about 30 N / 7,800 articles each and are shared
statements, never boilerplate. Each record is parsed as ``compare run``
parses a .txt file of it (headline, blank line, body), without the corpus
rules; then the boilerplate pass (``scan`` + ``find_boilerplate``, then
``strip_boilerplate``) is timed on those articles, one process.

    python benchmarks/boilerplate.py                 # 3,000 articles
    python benchmarks/boilerplate.py --docs 3000,20000
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # the shared corpus builder next to this file
from shared_corpus import BOILERPLATE

from compare.ingest import boilerplate, parse_text
from compare.ingest.cleanup import line_key


def first_pass(jsonl: Path, docs: int) -> list:
    """The first ``docs`` records as Articles, each parsed alone (as a .txt file of headline and body)."""
    articles = []
    with jsonl.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines):
            if number >= docs:
                break
            record = json.loads(line)
            articles.append(parse_text(f"{record['id']}.txt", f"{record.get('title', '')}\n\n{record['text']}\n"))
    return articles


def report(articles: list) -> None:
    truth = {line_key(text) for text, _ in BOILERPLATE}
    start = time.perf_counter()
    keyed = boilerplate.scan(articles)
    keys = boilerplate.find_boilerplate(articles, keyed)
    found_at = time.perf_counter()
    stripped = boilerplate.strip_boilerplate(articles, keys, {a.id: k for a, k in zip(articles, keyed, strict=True)})
    done = time.perf_counter()
    for item in boilerplate.collect(stripped):
        print(f"  {item.count:6,}  {'true ' if line_key(item.text) in truth else 'FALSE'}  {item.text}")
    carried = Counter(k for a in articles
                      for k in boilerplate.sentence_keys(a).keys() | boilerplate.chrome_keys(a).keys())
    most = max((n for k, n in carried.items() if k not in truth), default=0)
    needed = max(boilerplate.MIN_CARRIERS, boilerplate.MIN_SHARE * len(articles))
    print(f"  boilerplate found: {len(keys & truth)} of {len(truth)}; other sentences flagged: {len(keys - truth)}")
    print(f"  carriers needed: {needed:,.0f}; most carried other sentence: {most:,} ({most / len(articles):.2%})")
    print(f"  time: find {found_at - start:.2f} s, strip {done - found_at:.2f} s; "
          f"{(done - start) / len(articles) * 1000:.2f} ms an article")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", default="3000", help="comma-separated corpus sizes (default 3000)")
    corpus.add_corpus_arguments(parser)
    args = parser.parse_args()
    for docs in (int(n) for n in args.docs.split(",")):
        files, _ = corpus.ensure_corpus(docs, args.workdir, args.seed, args.mrpc, jobs=args.jobs, shared=True)
        print(f"stress corpus, {docs:,} articles ({files.jsonl}):", flush=True)
        report(first_pass(files.jsonl, docs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
