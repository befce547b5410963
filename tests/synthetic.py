"""A deterministic folder of news-like articles for whole-run tests, made without any outside data.

Stories are written from templates with names, places, numbers and dates, so
every stage has work: wire reprints (exact, edited, truncated, re-credited),
rewrites of one story by several outlets (stories, shared and conflicting
facts), passages quoted across unrelated articles, and unrelated articles.
"""

from __future__ import annotations

import random
from pathlib import Path

SYLLABLES = ["ba", "ko", "ri", "sel", "tan", "mu", "dor", "vi", "le", "pra", "gon", "su", "fe", "nal", "ter"]


def _name(seed: int, parts: int) -> str:
    return "".join(random.Random(seed).choices(SYLLABLES, k=parts)).capitalize()


# Many distinct names: a folder of 300 articles on as many topics, not one crowd of namesakes.
PEOPLE = [f"{_name(i, 2)} {_name(1000 + i, 3)}" for i in range(80)]
PLACES = [_name(2000 + i, 3) for i in range(60)]
ORGS = [f"the {_name(3000 + i, 2)} {kind}" for i, kind in enumerate(["Ministry", "Bank", "Agency", "Union"] * 5)]
AGENCIES = ["AFP", "Reuters", "AP"]
OUTLETS = ["The Daily Ledger", "Morning Post", "City Herald", "The Observer Today", "Evening Wire"]
MONTHS = ["January", "March", "May", "July", "September", "November"]
TOPICS = ["budget", "strike", "harbour expansion", "vaccine programme", "power cuts", "rail line"]
VERBS = ["said", "told reporters", "insisted", "announced", "warned"]
TEMPLATES = [
    "{person} {verb} on {weekday} that the {topic} would cost {n} million dollars.",
    "Officials in {place} confirmed that {n} people had joined the protest.",
    "The decision by {org} follows {k} months of talks.",
    "According to {org}, the {topic} was first proposed in {month} {year}.",
    "\"We will not accept this,\" {person} {verb}.",
    "{person} arrived almost {k} hours later than scheduled.",
    "The vote is expected on {month} {day}.",
    "Analysts expect the {topic} to raise growth by {k}.{d} percent next year.",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
BOILER = "Sign up for our newsletter to get the day's top stories in your inbox every morning."
QUOTE = ("The minister said the country would never again accept a budget written behind closed doors "
         "by people who have never met a nurse or a teacher.")


WORDS = sorted({"".join(random.Random(i).choices(SYLLABLES, k=2 + i % 2)) for i in range(1500)})


def _filler(rng: random.Random) -> str:
    """Words of no language, so unrelated articles share no run of words (as real ones mostly don't)."""
    return " ".join(rng.choices(WORDS, k=rng.randint(4, 9)))


def _sentence(rng: random.Random, slots: dict[str, str]) -> str:
    template = f"{rng.choice(TEMPLATES)[:-1]} {_filler(rng)}, {_filler(rng)}."
    values = {
        "person": slots["person"], "place": slots["place"], "org": slots["org"], "topic": slots["topic"],
        "verb": rng.choice(VERBS), "weekday": rng.choice(WEEKDAYS), "month": rng.choice(MONTHS),
        "year": str(rng.randint(2005, 2020)), "day": str(rng.randint(1, 28)), "n": str(rng.randint(2, 900)),
        "k": str(rng.randint(2, 12)), "d": str(rng.randint(1, 9)),
    }
    return template.format(**values)


def _story(rng: random.Random, size: int) -> tuple[dict[str, str], list[str]]:
    slots = {"person": rng.choice(PEOPLE), "place": rng.choice(PLACES), "org": rng.choice(ORGS),
             "topic": rng.choice(TOPICS)}
    return slots, [_sentence(rng, slots) for _ in range(size)]


def _article(title: str, dateline: str, agency: str, paragraphs: list[str], tail: str = "") -> str:
    body = [f"{dateline.upper()} ({agency}) - {paragraphs[0]}", *paragraphs[1:]]
    return "\n\n".join([title, *body] + ([tail] if tail else [])) + "\n"


def _edited(rng: random.Random, paragraphs: list[str]) -> list[str]:
    out = [p.replace(" said ", " stated ", 1) if rng.random() < 0.5 else p for p in paragraphs]
    del out[rng.randrange(1, len(out))]
    return out


def write_folder(folder: Path, count: int = 300, seed: int = 7) -> list[Path]:
    """``count`` article files in ``folder``; the same arguments always give the same bytes."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    n = 0
    while n < count:
        slots, paragraphs = _story(rng, rng.randint(5, 8))
        if rng.random() < 0.04:
            paragraphs.insert(rng.randrange(1, len(paragraphs)), QUOTE)
        title = f"{slots['place']} {slots['topic']} row deepens"
        agency = rng.choice(AGENCIES)
        versions = [("original", paragraphs, agency)]
        kind = rng.random()
        if kind < 0.2:
            versions.append(("copy", list(paragraphs), agency))
            versions.append(("edited", _edited(rng, paragraphs), rng.choice(AGENCIES)))
            versions.append(("short", paragraphs[: max(3, len(paragraphs) // 3)], agency))
        elif kind < 0.4:
            rewrite = [_sentence(rng, slots) for _ in range(len(paragraphs) // 2)] + paragraphs[:2]
            versions.append(("rewrite", rewrite, rng.choice(AGENCIES)))
        outlets = rng.sample(OUTLETS, len(versions))  # one outlet's own recurring lines are its chrome
        for (label, paras, credit), outlet in zip(versions, outlets, strict=True):
            if n >= count:
                break
            tail = BOILER if rng.random() < 0.3 else ""
            text = f"---\noutlet: {outlet}\ndate: 2021-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}\n---\n"
            text += _article(title, slots["place"], credit, paras, tail)
            path = folder / f"{n:04d}-{label}.md"
            path.write_text(text, encoding="utf-8")
            written.append(path)
            n += 1
    return written
