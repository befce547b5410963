"""Static HTML pages of a run, rendered from its JSON (``report.json``), never from a recomputation.

`compare run --html` and `compare html REPORTS` both call ``render_html`` on
the same JSON, so the pages are the same bytes either way, and ``compare
check`` can compare them. The pages are self-contained (CSS and JS inline,
no network), link only to relative report paths, and escape every piece of
article text (Jinja2 autoescaping, ``markupsafe`` for marked text).
"""

from __future__ import annotations

import colorsys
import json
from collections.abc import Iterable, Mapping
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from compare.errors import CompareError, InputNotFoundError
from compare.report.html_pair import pair_context
from compare.report.html_text import Mark, marked_text, outside_body
from compare.report.reuse_md import PAGE_WITNESSES
from compare.report.tables import slug
from compare.runtime import workers

MAX_HEATMAP = 30  # the index's matrix, like the Markdown's, is for small folders


class ReportReadError(CompareError):
    """A reports folder's report.json cannot be read as a report."""


def read_report(reports: Path) -> dict[str, Any]:
    """The JSON `compare run` wrote into ``reports``; a typed error says what to run when it is missing."""
    path = reports / "report.json"
    if not path.is_file():
        raise InputNotFoundError(f"{path} not found; run `compare run FOLDER --out {reports}` first")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise ReportReadError(f"{path} is not valid JSON ({error}); run `compare run` again") from None
    if not isinstance(data, dict) or "stories" not in data or "articles" not in data:
        raise ReportReadError(f"{path} was written by an older compare; run `compare run` again")
    return data


@lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    loader = jinja2.PackageLoader("compare.report", "templates")
    return jinja2.Environment(loader=loader, autoescape=True, trim_blocks=True, lstrip_blocks=True,
                              undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


def article_page(article_id: str) -> str:
    return f"articles/{slug(article_id)}.html"


def pair_page(a: str, b: str) -> str:
    return f"pairs/{slug(a)}--{slug(b)}.html"


def story_page(story_id: str) -> str:
    return f"stories/{slug(story_id)}.html"


def render_html(data: Mapping[str, Any], jobs: int | None = 1) -> dict[str, str]:
    """Every page by path under the reports folder (``html/...``), sorted; rendered on ``jobs`` workers
    (None or 0: every core) with the same bytes for any number, as the Markdown reports are."""
    env = _env()
    for name in ("index.html.j2", "pair.html.j2", "story.html.j2", "article.html.j2"):
        env.get_template(name)  # compiled once, before workers fork
    articles = {a["id"]: a for a in data["articles"]}
    tasks = [("index", 0), *(("pair", i) for i, p in enumerate(data["pairs"]) if "verdict" in p),
             *(("story", i) for i in range(len(data["stories"]))), *(("article", i) for i in range(len(articles)))]
    render = partial(_render_page, data, articles, _story_anchors(data["stories"]))
    files: dict[str, str] = {}
    for _, pages in workers.map_in_order(render, tasks, workers.validate_jobs(jobs)):
        files.update(pages)
    return dict(sorted(files.items()))


def _render_page(data: Mapping[str, Any], articles: Mapping[str, Any], anchors: Mapping[str, list[tuple[int, int]]],
                 task: tuple[str, int]) -> tuple[str, str]:
    """(path, HTML) of one page; a task is a kind and a position, so workers get no copy of the data."""
    kind, i = task
    env = _env()
    if kind == "index":
        return "html/index.html", env.get_template("index.html.j2").render(**index_context(data), root="")
    if kind == "pair":
        pair = data["pairs"][i]
        context = pair_context(pair, articles[pair["a"]], articles[pair["b"]])
        return "html/" + pair_page(pair["a"], pair["b"]), env.get_template("pair.html.j2").render(
            **context, root="../", article_page=article_page)
    if kind == "story":
        story = data["stories"][i]
        return "html/" + story_page(story["id"]), env.get_template("story.html.j2").render(
            **story_context(story, articles), root="../")
    article = data["articles"][i]
    context = {"article": article, "text": article_text(article, anchors.get(article["id"], ()))}
    return "html/" + article_page(article["id"]), env.get_template("article.html.j2").render(**context, root="../")


def credits(article: Mapping[str, Any]) -> str:
    """"AFP (byline), Reuters (photo)", as the Markdown index says it."""
    return ", ".join(dict.fromkeys(f"{c['name']} ({c['role']})" for c in article["credits"]))


def _luminance(rgb: tuple[float, float, float]) -> float:
    """WCAG relative luminance of an sRGB colour with channels in [0, 1]."""
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _heat(value: float) -> str:
    """A cell's colour, darker for more similar; its text white or black, whichever contrasts more (>= 4.5:1)."""
    lightness = round(97 - 60 * value)
    shade = _luminance(colorsys.hls_to_rgb(210 / 360, lightness / 100, 0.7))
    white, black = 1.05 / (shade + 0.05), (shade + 0.05) / 0.05
    return f"background:hsl(210,70%,{lightness}%);color:{'#fff' if white > black else '#000'}"


def heatmap(data: Mapping[str, Any]) -> list[list[tuple[str, str]]]:
    """Rows of (text, style) for the similarity matrix, in corpus order; empty past 30 articles."""
    ids = [a["id"] for a in data["articles"]]
    if not data["matrix"] or len(ids) > MAX_HEATMAP:
        return []
    grid = {(i, i): 1.0 for i in ids}
    for s in data["matrix"]:
        grid[s["a"], s["b"]] = grid[s["b"], s["a"]] = s["jaccard"]
    return [[(f"{grid[r, c]:.3f}", _heat(grid[r, c])) if (r, c) in grid else ("", "") for c in ids] for r in ids]


REUSE_SHOWN = 100  # most outlets first; the rest are in reports/reuse/ and report.json


def index_context(data: Mapping[str, Any]) -> dict[str, Any]:
    pairs = [p | {"page": pair_page(p["a"], p["b"]) if "verdict" in p else None} for p in data["pairs"]]
    stories = [s | {"page": story_page(s["id"])} for s in data["stories"]]
    paged = [c for c in data.get("reuse", ()) if len(c["witnesses"]) >= PAGE_WITNESSES]
    return {"data": data, "pairs": pairs, "stories": stories, "heatmap": heatmap(data), "credits": credits,
            "article_page": article_page, "params": data["params"], "reuse": paged[:REUSE_SHOWN],
            "reuse_more": max(0, len(paged) - REUSE_SHOWN)}


def story_context(story: Mapping[str, Any], articles: Mapping[str, Any]) -> dict[str, Any]:
    """The matrix rows with, per cell, its link and whether that outlet is one of a conflict's sides."""
    members = [articles[m] for m in story["members"]]
    rows = []
    shared = [row for row in story["rows"] if sum(cell is not None for cell in row["cells"]) > 1]
    for n, row in enumerate(shared, start=1):  # as the Markdown: facts more than one outlet reports
        clashing = {m for c in row["conflicts"] for m in (*c["a_articles"], *c["b_articles"])}
        cells = [None if cell is None else {"href": f"../{article_page(m)}#t-u{cell['start']}",
                                            "text": cell["sentence"], "conflict": m in clashing}
                 for m, cell in zip(story["members"], row["cells"], strict=False)]
        first = next(c for c in row["cells"] if c is not None)
        rows.append({"n": n, "fact": first["sentence"], "cells": cells, "labels": row["labels"],
                     "conflicts": row["conflicts"]})
    alone = [(articles[a["article"]], a["facts"]) for a in story["alone"]]
    return {"story": story, "members": members, "rows": rows, "alone": alone, "article_page": article_page}


def _story_anchors(stories: list[Mapping[str, Any]]) -> dict[str, list[tuple[int, int]]]:
    """The sentences story pages link to, by article: they get anchors on the article pages."""
    found: dict[str, set[tuple[int, int]]] = {}
    for story in stories:
        for row in story["rows"]:
            for member, cell in zip(story["members"], row["cells"], strict=False):
                if cell is not None:
                    found.setdefault(member, set()).add((cell["start"], cell["end"]))
        for own in story["alone"]:
            found.setdefault(own["article"], set()).update((f["start"], f["end"]) for f in own["facts"])
    return {k: sorted(v) for k, v in found.items()}


def article_text(article: Mapping[str, Any], sentences: Iterable[tuple[int, int]]) -> Markup:
    """The article's text with an anchor ``t-u<start>`` on each sentence a story page links to."""
    marks = [Mark(s, e, f"u{s}", "sentence") for s, e in sentences]
    return marked_text(article["text"], marks + outside_body(article), "t")
