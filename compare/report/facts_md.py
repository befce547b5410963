"""Markdown for the fact layer: the facts section of a pair report and a story page.

Output is deterministic: fixed rounding, groups sorted by size then name,
sentences in text order, so two runs on the same corpus give the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence

from compare.facts.values import FactComparison, FactRow, FactUnit, OnlyFact, StoryFraming
from compare.models import Article
from compare.report.tables import cell, code, fmt, id_cell, inline, table
from compare.results import StoryResult


def outlet_name(article: Article) -> str:
    """How a report names an article's outlet: the outlet if known, else the article id."""
    return article.outlet or article.id


def _sentences(units: Sequence[FactUnit]) -> str:
    return " … ".join(" ".join(u.text.split()) for u in units)


def _shared_section(fc: FactComparison, name_a: str, name_b: str) -> list[str]:
    lines = [f"### Shared facts ({len(fc.shared)})", ""]
    if not fc.shared:
        return [*lines, "None found."]
    rows = [[str(n), f.label, fmt(f.score), cell(_sentences(f.a)), cell(_sentences(f.b))]
            for n, f in enumerate(fc.shared, start=1)]
    return [*lines, table(["#", "how", "score", cell(name_a), cell(name_b)], rows)]


def _grouped(only: Sequence[OnlyFact]) -> list[tuple[str, list[OnlyFact]]]:
    groups: dict[str, list[OnlyFact]] = {}
    for fact in only:
        groups.setdefault(fact.about, []).append(fact)
    return sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0].lower()))


def _only_line(fact: OnlyFact) -> str:
    """A fact one outlet alone reports: its sentence, or the clause of a sentence the others report in part."""
    if fact.part is None:
        return f"- {inline(fact.unit.text)}"
    return f"- {inline(fact.part_text)} (the rest of its sentence is reported by others)"


def _only_section(only: Sequence[OnlyFact], name: str) -> list[str]:
    lines = [f"### Only in {cell(name)} ({len(only)})", ""]
    if not only:
        return [*lines, "Nothing."]
    only = sorted(only, key=lambda o: o.unit.index)
    for about, facts in _grouped(only):
        lines += [f"Only in {inline(name)}, about {cell(about)}:", ""]
        lines += [_only_line(fact) for fact in facts]
        lines.append("")
    return lines[:-1]


def _conflict_section(fc: FactComparison, name_a: str, name_b: str) -> list[str]:
    lines = [f"### Conflicting numbers, dates and names ({len(fc.conflicts)})", ""]
    if not fc.conflicts:
        return [*lines, "None found."]
    rows = [[c.kind, cell(c.slot), c.severity, cell(c.a_value), cell(c.b_value), cell(c.a.text), cell(c.b.text)]
            for c in fc.conflicts]
    headers = [cell(name_a), cell(name_b), cell(f"{name_a} sentence"), cell(f"{name_b} sentence")]
    return [*lines, table(["kind", "slot", "disagreement", *headers], rows)]


def _quote_section(fc: FactComparison, name_a: str, name_b: str) -> list[str]:
    items = [(name_a, q) for q, _ in fc.quotes_only_a] + [(name_b, q) for q, _ in fc.quotes_only_b]
    lines = [f"### Quotes only one outlet uses ({len(items)})", ""]
    if not items:
        return [*lines, "None."]
    rows = [[id_cell(outlet), cell(fc.name(q.speaker) or "unattributed"), cell(f"“{q.text}”")] for outlet, q in items]
    return [*lines, table(["used by", "speaker", "quote"], rows)]


def _framing_section(fc: FactComparison, name_a: str, name_b: str) -> list[str]:
    lines = [f"### Framing ({len(fc.framing)})", ""]
    if not fc.framing:
        return [*lines, "No differences in tagged wording."]
    rows = [[cell(f.tag), cell(f.a_words or "—"), cell(f.b_words or "—")] for f in fc.framing]
    note = ("Words one outlet chose where the other chose differently, tagged from the lexicon in "
            "`compare/lexicon.py` (attribution verb, epithet, hedge, intensifier, evaluative word).")
    return [*lines, note, "", table(["tag", cell(name_a), cell(name_b)], rows)]


def _names(a: Article, b: Article) -> tuple[str, str]:
    name_a, name_b = outlet_name(a), outlet_name(b)
    if name_a == name_b:
        name_a, name_b = f"{name_a} ({a.id})", f"{name_b} ({b.id})"
    return name_a, name_b


def difference_sections(a: Article, b: Article, fc: FactComparison) -> str:
    """Only what differs (facts one side alone reports, conflicts, quotes, framing), one level down.

    A cluster report lists this for each copy against its representative.
    """
    name_a, name_b = _names(a, b)
    parts: list[str] = []
    for section in (_only_section(fc.only_a, name_a), _only_section(fc.only_b, name_b),
                    _conflict_section(fc, name_a, name_b), _quote_section(fc, name_a, name_b),
                    _framing_section(fc, name_a, name_b)):
        parts += [line.replace("### ", "#### ", 1) if line.startswith("### ") else line for line in section] + [""]
    return "\n".join(parts).rstrip() + "\n"


def render_facts_markdown(a: Article, b: Article, fc: FactComparison) -> str:
    """The "Facts" section of a pair report, from ``## Facts`` to its end."""
    name_a, name_b = _names(a, b)
    summary = (f"{len(fc.shared)} shared facts, {len(fc.only_a)} only in {cell(name_a)}, {len(fc.only_b)} only in "
               f"{cell(name_b)}, {len(fc.conflicts)} conflicts.")
    parts = ["## Facts", "", summary, ""]
    for section in (_shared_section(fc, name_a, name_b), _only_section(fc.only_a, name_a),
                    _only_section(fc.only_b, name_b), _conflict_section(fc, name_a, name_b),
                    _quote_section(fc, name_a, name_b), _framing_section(fc, name_a, name_b)):
        parts += [*section, ""]
    return "\n".join(parts).rstrip() + "\n"


def _short(text: str, limit: int = 160) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _mark(unit: FactUnit | None, disagrees: bool) -> str:
    return "" if unit is None else ("≠ conflicting" if disagrees else "✓")


def _matrix_section(rows: Sequence[FactRow], names: list[str]) -> list[str]:
    lines = [f"## Fact-by-outlet matrix ({len(rows)} facts reported by more than one outlet)", ""]
    if not rows:
        return [*lines, "No fact is reported by more than one outlet."]
    body = []
    for n, row in enumerate(rows, start=1):
        first = next(c for c in row.cells if c is not None)
        marks = [_mark(c, bool(row.disagree) and row.disagree[k]) for k, c in enumerate(row.cells)]
        body.append([str(n), cell(_short(first.text)), *marks, cell(", ".join(row.labels))])
    legend = ("✓ reports the fact, ≠ conflicting: this outlet and another give a different number, date or name "
              "for it, blank: does not report it.")
    return [*lines, legend, "", table(["#", "fact", *(cell(n) for n in names), "how"], body)]


def _disagreements(rows: Sequence[FactRow]) -> list[str]:
    conflicts = [c for r in rows for c in r.conflicts]
    lines = [f"## Where they disagree ({len(conflicts)})", ""]
    if not conflicts:
        return [*lines, "No conflicting numbers, dates or names."]
    body = [[c.kind, cell(c.slot), c.severity, cell(c.a_value), cell(c.b_value), cell(_short(c.a.text, 100)),
             cell(_short(c.b.text, 100))] for c in conflicts]
    header = ["kind", "slot", "disagreement", "one outlet", "other outlet", "sentence", "other sentence"]
    return [*lines, table(header, body)]


def _alone(alone: Sequence[Sequence[OnlyFact]], names: list[str]) -> list[str]:
    """Facts only one outlet of the story reports, grouped by the entity they are about."""
    lines = ["## What each outlet alone reports", ""]
    for own, name in zip(alone, names, strict=True):
        lines += _only_section(own, name)
        lines.append("")
    return lines[:-1]


def _actor_section(framing: StoryFraming, names: dict[str, str]) -> list[str]:
    """Per actor: what each outlet calls them, its attribution verbs, the tone of the sentences about them."""
    lines = ["## Framing by actor", ""]
    if not framing.actors:
        return [*lines, "No person or organisation is named."]
    lines += ["How each outlet presents each person and organisation: what it calls them beside or instead of "
              "their name, the verbs that attribute their words (loaded ones marked), and the hedges, "
              "intensifiers and evaluative words (`compare/facts/lexicon.py`) in the sentences about them.", ""]
    for actor in framing.actors:
        # Lists of words, not free text: shown whole (a cut list would hide words without saying which).
        rows = [[id_cell(names[v.article]), id_cell(", ".join(v.called) or "—"), id_cell(", ".join(v.verbs) or "—"),
                 id_cell(", ".join(v.tone) or "—")] for v in actor.views]
        lines += [f"### {actor.name}", "", table(["outlet", "called", "attribution verbs", "tone words"], rows), ""]
    return lines[:-1]


def _context_section(framing: StoryFraming, names: dict[str, str]) -> list[str]:
    """Context one outlet alone brings in (an entity no other outlet names), and what it is used for."""
    lines = ["## Context only one outlet gives", ""]
    if not framing.context:
        return [*lines, "None: every person and organisation is named by more than one outlet."]
    for note in framing.context:
        use = (f"used with “{note.link}” to explain: {note.claim}" if note.link and note.claim
               else "as background")
        lines.append(f"- {cell(names[note.article])} alone brings in {note.about} ({len(note.units)} "
                     f"sentence{'s' * (len(note.units) != 1)}), {use}.")
        lines += [f"  - {' '.join(u.text.split())}" for u in note.units]
    return lines


def render_story_markdown(story_articles: Sequence[Article], story: StoryResult, title: str | None = None) -> str:
    """``reports/stories/<story>.md``: which outlet reports which fact, where they disagree, what each alone says."""
    order = sorted(story_articles, key=lambda x: x.id)
    names = [outlet_name(a) for a in order]
    names = [f"{n} ({a.id})" if names.count(n) > 1 else n for n, a in zip(names, order, strict=True)]
    rows = story.rows
    heading = f"# Story: {inline(title or order[0].title or order[0].id)}"
    members = [f"- {inline(n)}: {cell(a.title)} ({code(a.id)}{', ' + cell(a.date) if a.date else ''})" for n, a in zip(
        names, order, strict=True)]
    parts = [heading, "", f"{len(order)} articles:", "", *members, ""]
    parts += [*_matrix_section(rows, names), "", *_disagreements(rows), ""]
    parts += [*_alone(story.alone, names), ""]
    if story.framing is not None:
        by_id = {a.id: n for a, n in zip(order, names, strict=True)}
        parts += [*_actor_section(story.framing, by_id), "", *_context_section(story.framing, by_id)]
    return "\n".join(parts).rstrip() + "\n"
