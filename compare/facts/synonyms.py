"""Words that state one fact in different words, mapped to one word for the pair.

Two outlets rarely report an event with the same verb: one plane "landed",
the other "arrived"; one leader came "later than scheduled", the other
"behind schedule". The aligner and the slot matcher compare lemmas, so each
group below maps its members to one real word (the first), whose rarity
(wordfreq) still weighs it. The groups are hand-written and general: verbs
of arrival and departure, lateness, saying, rising and falling, buying and
selling, starting and ending, dying and killing, and a few nouns news copy
uses interchangeably. Nothing is fitted; a reader can see why two words met.

Only lemmas (simplemma's) are looked up, so "landed", "landing" and "lands"
all reach "land" first. A few two-word phrases are rewritten before the
single words ("behind schedule" -> "late schedule").
"""

from __future__ import annotations

from types import MappingProxyType

# One group per line: the first word is what every member becomes.
_GROUPS = (
    "arrive land arrival landing",
    "leave depart departure",
    "late delay delayed tardy overdue belated",
    "schedule timetable scheduled",
    "say tell state add note remark comment explain stress",
    "rise climb gain increase jump advance rally surge soar grow raise",
    "fall drop decline slide slip tumble sink decrease plunge dip",
    "buy purchase acquire acquisition",
    "sell sale",
    "begin start launch commence",
    "end finish conclude",
    "kill die dead death",
    "cut reduce lower slash trim",
    "charge accuse indict",
    "arrest detain",
    "attack assault",
    "help aid assist",
    "try attempt seek",
    "receive get obtain",
    "need require",
    "show indicate suggest reveal",
    "big large huge",
    "small little tiny",
    "company firm corporation",
    "quit resign",
    "approve endorse",
    "about approximately roughly around some",
    "almost nearly",
    "child kid",
    "plan intend",
    "talk discuss negotiation",
    "meeting summit",
    "official authority",
    "trip visit",
    "expect anticipate forecast predict",
    "stock share",
    "profit earnings earn",
    "lawmaker legislator",
    "legislation bill",
    "ban prohibit",
    "allow permit",
    "lawsuit suit",
    "jail prison",
    "investigation probe inquiry",
    "investigate examine",
    "injure wound hurt",
    "fire blaze",
    "car vehicle",
    "plane aircraft jet airliner",
    "ship vessel boat",
    "capsize overturn",
    "port harbour harbor",
    "kilometre km kilometer",
    "home house residence",
    "worker employee staff",
    "continue remain",
    "quick fast rapid",
    "strong robust solid",
    "nation country",
    "worldwide global",
    "us u.s america american",
    "previously earlier",
    "find discover",
    "use utilize",
    "hire employ recruit",
    "want wish",
    "spokesman spokeswoman spokesperson",
    "collapse founder",
    "heckle shout jeer boo",
)

SYNONYMS = MappingProxyType({word: group.split()[0] for group in _GROUPS for word in group.split()})

# Two-word phrases whose meaning is one of the words above ("behind schedule" is "late").
PHRASES = MappingProxyType({
    ("behind", "schedule"): ("late", "schedule"),
    ("ahead", "schedule"): ("early", "schedule"),
    ("touch", "down"): ("arrive", "down"),
    ("step", "down"): ("quit", "down"),
    ("break", "down"): ("collapse", "down"),
    ("broke", "down"): ("collapse", "down"),
    ("take", "off"): ("leave", "off"),
    ("chief", "executive"): ("ceo", "ceo"),
    ("per", "cent"): ("percent", "percent"),
    ("united", "states"): ("us", "us"),
})


def synonym(word: str) -> str:
    """The word a lemma's group maps to, or the lemma itself."""
    return SYNONYMS.get(word, word)


def normalise(lemmas: tuple[str, ...]) -> tuple[str, ...]:
    """Lemmas with phrases rewritten and every member of a group mapped to its group's word."""
    out = list(lemmas)
    for k in range(len(out) - 1):
        replacement = PHRASES.get((out[k], out[k + 1]))
        if replacement:
            out[k], out[k + 1] = replacement
    return tuple(synonym(w) for w in out)
