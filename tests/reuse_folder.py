"""A generated folder of news articles with known reuse, written for the tests (no outside text).

- a widely quoted statement: the mayor of Carrowmore's words on a flood, quoted
  verbatim by ``QUOTERS`` articles of one story from different outlets (one copy
  with a single word changed), each article otherwise written in its own words;
- two reprint families: an agency story reprinted whole by three outlets (one
  cut, one substitution) and another reprinted by two;
- unrelated articles on other events, which share nothing but stock phrases;
- optionally a newsletter line and a funding sentence closing many unrelated articles (boilerplate).
"""

from __future__ import annotations

import random
from pathlib import Path

STATEMENT = ("We have moved every family out of the lower town and the pumps at the river gate will run through "
             "the night until the water falls below the old bridge.")
EDITED_STATEMENT = STATEMENT.replace("every family", "each family")
NEWSLETTER = "Sign up to the Harbour Ledger morning briefing and get the stories that matter in your inbox each day."
TRUST_LINE = "This report was paid for by readers of the Harbour Trust fund, who never see our stories first."
QUOTERS = 8

_SUBJECTS = ["The council", "A local charity", "The regional transport office", "The school board", "Police",
             "The health trust", "A group of farmers", "The port authority", "Shop owners", "The fire service",
             "The university", "A residents' association", "The water company", "Hospital staff", "The museum"]
_VERBS = ["approved", "rejected", "announced", "delayed", "questioned", "welcomed", "criticised", "funded",
          "reviewed", "postponed", "extended", "cancelled", "defended", "proposed", "examined"]
_OBJECTS = ["a plan for new cycle lanes", "the budget for street lighting", "a proposal to close the library",
            "an inquiry into late trains", "the price of parking permits", "a new sports hall", "the summer festival",
            "repairs to the harbour wall", "a ban on night flights", "the merger of two schools",
            "a tax on holiday lets", "the rebuilding of the market", "a survey of local wildlife",
            "the timetable for rubbish collection", "a grant for youth clubs"]
_PLACES = ["Norbury", "Ashcombe", "Little Wexley", "Dunmore", "Kilbride", "Penwortham", "Easterby", "Holloway",
           "Marston", "Redcliff", "Saltmarsh", "Thornbury", "Upwell", "Westlea", "Yarford"]
_TIMES = ["on Monday", "on Tuesday", "late on Wednesday", "on Thursday morning", "at a meeting on Friday",
          "over the weekend", "earlier this month", "after a long debate", "in a statement", "without a vote"]


_PREFIXES = ["Ash", "Brack", "Cold", "Dun", "Elm", "Fern", "Glen", "Hart", "Ivy", "Kings", "Lang", "Mill", "Nor",
             "Oak", "Pen", "Ried", "Stan", "Thorn", "Up", "Wick"]
_SUFFIXES = ["bury", "combe", "dale", "field", "ford", "ham", "holm", "ley", "mere", "wick"]


def places(rng: random.Random, count: int) -> list[str]:
    """Town names of the article's own: unrelated articles name different places."""
    return [rng.choice(_PREFIXES) + rng.choice(_SUFFIXES) for _ in range(count)]


def filler(rng: random.Random, sentences: int, towns: list[str] | None = None) -> str:
    """Unrelated news sentences: made of common parts, so articles share stock phrases but no passage."""
    towns = towns or _PLACES
    out = []
    for _ in range(sentences):  # a number every few words: two articles never share a run of 12 words
        out.append(f"{rng.choice(_SUBJECTS)} in {rng.choice(towns)}, {rng.randint(2, 900)} of them, "
                   f"{rng.choice(_VERBS)} {rng.choice(_OBJECTS)} after {rng.randint(2, 90)} days {rng.choice(_TIMES)}"
                   f", and {rng.randint(2, 900)} people "
                   f"{rng.choice(['attended', 'objected', 'signed a petition', 'wrote in', 'took part'])}.")
    return " ".join(out)


_OPENINGS = [
    "Floodwater reached the centre of Carrowmore on Sunday after four days of heavy rain.",
    "Hundreds of people left their homes in Carrowmore as the river burst its banks.",
    "The river in Carrowmore rose more than two metres overnight, flooding streets near the bridge.",
    "Emergency crews worked through Sunday to protect Carrowmore from the rising water.",
    "Carrowmore woke to flooded streets and closed schools after a weekend of storms.",
    "Residents of Carrowmore piled sandbags at their doors as the flood spread on Sunday.",
    "A week of rain ended with the lower town of Carrowmore under water on Sunday.",
    "Rescue boats moved along the main street of Carrowmore as the flood peaked.",
]


def _flood_article(rng: random.Random, n: int) -> str:
    """One outlet's own report of the flood, quoting the mayor's statement verbatim."""
    quote = EDITED_STATEMENT if n == QUOTERS - 1 else STATEMENT
    opening = _OPENINGS[n % len(_OPENINGS)]
    return "\n\n".join([opening, f'Mayor Ellen Brody said: "{quote}"', filler(rng, 4), filler(rng, 3)])


WIRE_ONE = [
    "GENEVA (Continental Press) - Delegates from forty countries agreed on Thursday to share data on glacier melt "
    "through a common register, ending two years of talks that had stalled over who would pay for the satellites.",
    "The register will hold measurements from more than three hundred glaciers and will be open to researchers "
    "from next spring, the chair of the meeting told reporters after the vote in the main hall.",
    "Several mountain states had asked for the data to stay private until their own studies were published, but "
    "they accepted a compromise that delays public access to new measurements by six months.",
    "Scientists who follow the talks said the agreement was modest but useful, because it sets one format for the "
    "numbers that each country has so far recorded in its own way and its own units.",
]
WIRE_TWO = [
    "LISBON (Continental Press) - A container ship that lost power off the coast was towed into port on Saturday "
    "morning, ending a tense night for its crew of twenty-two and for the coastguard.",
    "The ship, carrying furniture and machine parts, drifted for eleven hours in strong winds before two tugs "
    "reached it and secured a line to its bow shortly before dawn, the harbour master said.",
    "No one was hurt and no cargo was lost, according to the shipping company, which said engineers would examine "
    "the engines once the vessel was unloaded at the container terminal.",
]


def _wire_copies() -> dict[str, str]:
    one, two = "\n\n".join(WIRE_ONE), "\n\n".join(WIRE_TWO)
    return {
        "glacier-continental.txt": f"Glacier data deal\n\n{one}\n",
        "glacier-dailypost.txt": f"Countries agree to share glacier data\n\n{one}\n",
        "glacier-cut.txt": "Glacier register agreed\n\n" + "\n\n".join(WIRE_ONE[:3]) + "\n",
        "glacier-swap.txt": f"Glacier deal reached\n\n{one.replace('three hundred glaciers', '300 glaciers')}\n",
        "ship-continental.txt": f"Drifting ship towed to port\n\n{two}\n",
        "ship-coastnews.txt": f"Tugs bring stricken ship home\n\n{two}\n",
    }


def write_folder(folder: Path, unrelated: int = 10, newsletter_in: int = 0, seed: int = 7) -> dict[str, str]:
    """Write the folder; return {file name: text}. ``newsletter_in`` unrelated articles end with TRUST_LINE
    (inside their last paragraph) and NEWSLETTER."""
    rng = random.Random(seed)
    files = {f"flood-{n:02d}.txt": f"Flood in Carrowmore, report {n}\n\n{_flood_article(rng, n)}\n"
             for n in range(QUOTERS)}
    files |= _wire_copies()
    for n in range(unrelated):
        towns = places(rng, 3)
        body = "\n\n".join(filler(rng, 3, towns) for _ in range(3))
        # the newsletter prompt on its own line; the fund's line closes the last paragraph
        tail = f" {TRUST_LINE}\n\n{NEWSLETTER}" if n < newsletter_in else ""
        files[f"other-{n:02d}.txt"] = f"Local news {n}\n\n{body}{tail}\n"
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return files
