"""Score compare's "same fact" decision on an MRPC-format file.

    python benchmarks/mrpc.py [PATH]          accuracy, F1 and two baselines on PATH
    python benchmarks/mrpc.py --fit [PATH]    refit the weights on PATH, report 10-fold CV,
                                              and with --write store them in compare/facts/paraphrase.py

PATH defaults to ../shared/data/mrpc/msr_paraphrase_train.txt beside the
repository. The file is tab separated with a header line, a UTF-8 BOM and
unbalanced quotes inside sentences, so it is read with csv.QUOTE_NONE.
The baselines are computed in the same run: always "yes", and a word-Jaccard
threshold chosen as the best one on PATH itself (so an optimistic baseline).
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from compare.facts import paraphrase  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "data" / "mrpc" / "msr_paraphrase_train.txt"
_WORD = re.compile(r"\w+")
CV_SEEDS = (0, 1, 2)



def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 10.0) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """Standardise ``x`` and fit L2-regularised logistic regression by Newton's method.

    Returns means, scales, weights and bias, the constants this module ships.
    """
    means, scales = x.mean(axis=0), x.std(axis=0) + 1e-9
    z = np.hstack([(x - means) / scales, np.ones((len(x), 1))])
    w = np.zeros(z.shape[1])
    penalty = np.diag(np.r_[np.full(len(w) - 1, l2), 0.0])
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-z @ w))
        grad = z.T @ (p - y) + penalty @ w
        hess = (z * (p * (1 - p))[:, None]).T @ z + penalty
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-10:
            break
    return means, scales, w[:-1], float(w[-1])


def predict(model: tuple[np.ndarray, np.ndarray, np.ndarray, float], x: np.ndarray) -> np.ndarray:
    """Probabilities for rows of ``x`` under a model returned by :func:`fit_logistic`."""
    means, scales, weights, bias = model
    return 1.0 / (1.0 + np.exp(-(((x - means) / scales) @ weights + bias)))


def load(path: Path) -> tuple[np.ndarray, list[tuple[str, str]]]:
    """Labels and sentence pairs of an MRPC file; malformed lines are skipped."""
    labels, pairs = [], []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(reader, None)
        for row in reader:
            if len(row) >= 5 and row[0].strip() in ("0", "1"):
                labels.append(int(row[0]))
                pairs.append((row[3], row[4]))
    return np.asarray(labels, dtype=float), pairs


def scores(y: np.ndarray, predicted: np.ndarray) -> tuple[float, float]:
    """Accuracy and F1 (positive class = paraphrase), in percent."""
    tp = float(((predicted == 1) & (y == 1)).sum())
    fp = float(((predicted == 1) & (y == 0)).sum())
    fn = float(((predicted == 0) & (y == 1)).sum())
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return 100 * float((predicted == y).mean()), 100 * f1


def jaccard_baseline(y: np.ndarray, pairs: list[tuple[str, str]]) -> tuple[float, float, float]:
    """Best accuracy of a word-Jaccard threshold on this file, its F1 and the threshold."""
    values = []
    for s1, s2 in pairs:
        a, b = set(_WORD.findall(s1.lower())), set(_WORD.findall(s2.lower()))
        values.append(len(a & b) / len(a | b) if a | b else 1.0)
    jac = np.asarray(values)
    return max(((*scores(y, (jac >= t).astype(float)), float(t)) for t in np.unique(jac)), key=lambda r: (r[0], r[1]))


def cross_validate(x: np.ndarray, y: np.ndarray, folds: int = 10, seed: int = 0) -> np.ndarray:
    """Out-of-fold probabilities of the logistic model."""
    order = np.random.default_rng(seed).permutation(len(y))
    out = np.zeros(len(y))
    for part in np.array_split(order, folds):
        train = np.setdiff1d(order, part)
        out[part] = predict(fit_logistic(x[train], y[train]), x[part])
    return out


def write_constants(model: tuple[np.ndarray, np.ndarray, np.ndarray, float]) -> None:
    """Replace the constants block of compare/facts/paraphrase.py with a fitted model."""
    means, scales, weights, bias = model
    def fmt(values: np.ndarray) -> str:
        items = [f"{v:.6g}" for v in values]
        lines = [", ".join(items[i : i + 8]) + "," for i in range(0, len(items), 8)]
        return "(\n    " + "\n    ".join(lines) + "\n)"

    block = (f"MEANS: tuple[float, ...] = {fmt(means)}\nSCALES: tuple[float, ...] = {fmt(scales)}\n"
             f"WEIGHTS: tuple[float, ...] = {fmt(weights)}\nBIAS = {bias:.6g}\n")
    path = ROOT / "compare" / "facts" / "paraphrase.py"
    text = path.read_text(encoding="utf-8")
    start = text.index("MEANS: tuple")
    end = text.index("\n", text.index("BIAS =")) + 1
    path.write_text(text[:start] + block + text[end:], encoding="utf-8")


def _line(name: str, accuracy: float, f1: float, note: str = "") -> None:
    print(f"{name + ':':<21}accuracy {accuracy:.1f}  F1 {f1:.1f}  {note}".rstrip())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--fit", action="store_true", help="refit the weights and report cross-validation")
    parser.add_argument("--write", action="store_true", help="with --fit: store the weights in "
                        "compare/facts/paraphrase.py")
    args = parser.parse_args(argv)
    if not args.path.is_file():
        print(f"{args.path}: no such file; give an MRPC-format file (msr_paraphrase_*.txt)", file=sys.stderr)
        return 2
    y, pairs = load(args.path)
    if not len(y):
        print(f"{args.path}: no labelled pairs found (expected MRPC tab-separated lines)", file=sys.stderr)
        return 2
    print(f"file: {args.path}  n={len(y)}")
    _line("always-yes", *scores(y, np.ones_like(y)))
    acc, f1, threshold = jaccard_baseline(y, pairs)
    _line(f"word-Jaccard>={threshold:.3f}", acc, f1, "(threshold tuned on this file)")
    if args.fit:
        x = np.asarray([paraphrase.features(s1, s2) for s1, s2 in pairs])
        runs = [scores(y, (cross_validate(x, y, seed=seed) >= paraphrase.THRESHOLD).astype(float))
                for seed in CV_SEEDS]  # one split moves a figure by 0.1 either way; three steady it
        _line("10-fold CV", *np.mean(runs, axis=0),
              f"(threshold {paraphrase.THRESHOLD:.2f}, mean of {len(CV_SEEDS)} random splits)")
        model = fit_logistic(x, y)
        _line("train fit", *scores(y, (predict(model, x) >= paraphrase.THRESHOLD).astype(float)))
        if args.write:
            write_constants(model)
            print("weights written to compare/facts/paraphrase.py")
        return 0
    predicted = np.asarray([paraphrase.same_fact(s1, s2)[0] for s1, s2 in pairs], dtype=float)
    _line("same_fact", *scores(y, predicted))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
