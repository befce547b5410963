"""What a pair page shows, from one pair of the run's JSON: both texts marked, and the side panel's lists.

Every mark comes from a span the results give (passages, their word diffs,
fact sentences, quotes); framing words, conflict values and cut or added
paragraphs are given as text, so they are found inside the span or text the
results name (``locate``), never recomputed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any

from compare.report.html_text import Mark, locate, marked_text, outside_body

COLOURS = 8  # passage colours in the stylesheet: .c0 ... .c7
_DIFF = MappingProxyType({"delete": ("del", ""), "insert": ("", "ins"), "replace": ("sub del", "sub ins")})


def _short(text: str, limit: int = 90) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _passage_marks(passages: Sequence[Mapping[str, Any]]) -> tuple[list[Mark], list[Mark]]:
    """Each passage in its colour on both sides, and its word diff inside it: cut struck, added bold."""
    a_marks, b_marks = [], []
    for n, p in enumerate(passages, start=1):
        key, cls = f"p{n}", f"p c{(n - 1) % COLOURS}"
        a_marks.append(Mark(p["a_start"], p["a_end"], key, cls, go=True, title=f"passage {n}"))
        b_marks.append(Mark(p["b_start"], p["b_end"], key, cls, go=True, title=f"passage {n}"))
        if "".join(d["a_text"] for d in p["diff"]) != p["a_text"]:
            continue  # a diff that does not spell the passage cannot be placed
        at_a, at_b = p["a_start"], p["b_start"]
        for i, d in enumerate(p["diff"]):
            a_cls, b_cls = _DIFF.get(d["op"], ("", ""))
            title = f"A: {d['a_text'].strip() or '—'} → B: {d['b_text'].strip() or '—'}"
            if a_cls and d["a_text"]:
                a_marks.append(Mark(at_a, at_a + len(d["a_text"]), f"{key}d{i}", a_cls, anchor=False, title=title))
            if b_cls and d["b_text"]:
                b_marks.append(Mark(at_b, at_b + len(d["b_text"]), f"{key}d{i}", b_cls, anchor=False, title=title))
            at_a, at_b = at_a + len(d["a_text"]), at_b + len(d["b_text"])
    return a_marks, b_marks


def _shared_marks(shared: Sequence[Mapping[str, Any]]) -> tuple[list[Mark], list[Mark]]:
    out: tuple[list[Mark], list[Mark]] = ([], [])
    for n, fact in enumerate(shared, start=1):
        for side, marks in zip("ab", out, strict=True):
            marks += [Mark(s, e, f"s{n}", "fact", anchor=i == 0) for i, (s, e) in enumerate(fact[f"{side}_spans"])]
    return out


def _word_marks(text: str, words: str, start: int | None, end: int | None, key: str, tag: str) -> list[Mark]:
    """Framing words inside their sentence: the phrase, else each of its words found there."""
    found = locate(text, words, start, end)
    spans = [found] if found else [locate(text, w, start, end) for w in words.split()]
    return [Mark(s, e, key, "frame", anchor=False, tag=tag) for s, e in (x for x in spans if x)]


def _fact_marks(facts: Mapping[str, Any], text_a: str, text_b: str) -> tuple[list[Mark], list[Mark]]:
    """Sentences of shared and one-sided facts, conflicts with their slot, quotes and framing words."""
    a_marks, b_marks = _shared_marks(facts["shared"])
    a_marks += [Mark(f["start"], f["end"], f"oa{n}", "only") for n, f in enumerate(facts["only_a"], start=1)]
    b_marks += [Mark(f["start"], f["end"], f"ob{n}", "only") for n, f in enumerate(facts["only_b"], start=1)]
    for n, c in enumerate(facts["conflicts"], start=1):
        badge = f"{c['kind']}: {c['a_value']} ≠ {c['b_value']}"
        for side, marks, text in (("a", a_marks, text_a), ("b", b_marks, text_b)):
            start, end = c[f"{side}_start"], c[f"{side}_end"]
            marks.append(Mark(start, end, f"c{n}", "conflict", go=True, badge=badge, title=badge))
            value = locate(text, c[f"{side}_value"], start, end)
            if value:
                marks.append(Mark(*value, f"c{n}", "cval", anchor=False))
    for side, marks in (("a", a_marks), ("b", b_marks)):
        marks += [Mark(q["start"], q["end"], f"q{side}{n}", "quote")
                  for n, q in enumerate(facts[f"quotes_only_{side}"], start=1)]
    for n, f in enumerate(facts["framing"], start=1):
        for side, marks, text in (("a", a_marks, text_a), ("b", b_marks, text_b)):
            start, end = f[f"{side}_start"], f[f"{side}_end"]
            if start is not None and f[f"{side}_words"]:
                marks.append(Mark(start, end, f"fr{n}", "framed"))
                marks += _word_marks(text, f[f"{side}_words"], start, end, f"fr{n}", f["tag"])
    return a_marks, b_marks


def _inner(passages: Sequence[Mapping[str, Any]]) -> dict[tuple[str, str], str]:
    """(A words, B words) of each change inside a passage, stripped as edits are, to the passage's key."""
    strip = " \t\n,;:"
    return {(d["a_text"].strip(strip), d["b_text"].strip(strip)): f"p{n}"
            for n, p in enumerate(passages, start=1) for d in p["diff"] if d["op"] != "equal"}


def _edit_marks(edits: Sequence[Mapping[str, Any]], passages: Sequence[Mapping[str, Any]], text_a: str,
                text_b: str) -> tuple[list[Mark], list[Mark], list[dict[str, Any]]]:
    """Cut and added text outside passages, struck in A and bold in B; the edit list for the panel.

    An edit inside a passage is already marked by the passage's diff: its
    panel entry goes to that passage instead of searching for its words.
    """
    a_marks, b_marks, listed, inner = [], [], [], _inner(passages)
    for n, e in enumerate(edits, start=1):
        key = inner.get((e["a_text"], e["b_text"]), "")
        if key or e["kind"] not in ("cut", "add"):
            pass
        elif e["kind"] == "cut" and (found := locate(text_a, e["a_text"], 0, len(text_a))):
            key = f"e{n}"
            a_marks.append(Mark(*found, key, "cut"))
        elif e["kind"] == "add" and (found := locate(text_b, e["b_text"], 0, len(text_b))):
            key = f"e{n}"
            b_marks.append(Mark(*found, key, "add"))
        listed.append(e | {"key": key, "a_short": _short(e["a_text"]), "b_short": _short(e["b_text"])})
    return a_marks, b_marks, listed


def _grouped(only: Sequence[Mapping[str, Any]], prefix: str) -> list[tuple[str, list[dict[str, Any]]]]:
    """Facts one side alone reports, by whom they are about: biggest group first, as the Markdown does."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for n, fact in enumerate(only, start=1):
        groups.setdefault(fact["about"], []).append(fact | {"key": f"{prefix}{n}"})
    return sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0].lower()))


def pair_context(pair: Mapping[str, Any], a: Mapping[str, Any], b: Mapping[str, Any]) -> dict[str, Any]:
    """Everything pair.html.j2 needs: both marked texts and the lists a reader clicks through."""
    text_a, text_b = a["text"], b["text"]
    marks_a, marks_b = _passage_marks(pair["passages"])
    edit_a, edit_b, edits = _edit_marks(pair["edits"], pair["passages"], text_a, text_b)
    facts = pair.get("facts") or {"shared": [], "only_a": [], "only_b": [], "conflicts": [], "framing": [],
                                  "quotes_only_a": [], "quotes_only_b": []}
    fact_a, fact_b = _fact_marks(facts, text_a, text_b)
    passages = [{"key": f"p{n}", "colour": f"c{(n - 1) % COLOURS}", "a_text": _short(p["a_text"]),
                 "words": len(p["a_text"].split()),
                 "how": "" if p["a_text"] == p["b_text"] else ", edited" if p["diff"] else ", case or punctuation"}
                for n, p in enumerate(pair["passages"], start=1)]
    return {
        "pair": pair, "a": a, "b": b, "facts": facts, "passages": passages,
        "edits": [e for e in edits if e["kind"] != "attribution"],
        "credit_changes": [e for e in edits if e["kind"] == "attribution"],
        "only_a": _grouped(facts["only_a"], "oa"), "only_b": _grouped(facts["only_b"], "ob"),
        "text_a": marked_text(text_a, marks_a + edit_a + fact_a + outside_body(a), "a"),
        "text_b": marked_text(text_b, marks_b + edit_b + fact_b + outside_body(b), "b"),
        "short": _short,
    }
