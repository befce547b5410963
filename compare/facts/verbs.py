"""Does a sentence have a finite verb? A lexicon test, no tagger: a fact is a clause, not a label.

"Russian President Vladimir Putin" or "Updated Dec 15, 2016 18:22 IST" are
not facts; "Putin arrived in Nagato" is. Without a part-of-speech model the
test is a written list plus English morphology, in this order:

1. a closed-class verb: an auxiliary or modal ("is", "has", "will", "could");
2. a reporting verb from ``compare.facts.lexicon`` ("said", "insisted");
3. a common irregular verb form ("met", "took", "holds", "began");
4. a lower-case word of at least 5 letters ending in "-ed" ("seized",
   "walked"): English regular past tenses and participles. An adjective in
   "-ed" ("armed", "aged") passes too, a known and accepted error: it only
   keeps a fragment that also has at least ``MIN_WORDS`` words;
5. a lower-case word ending in "-s" right after a subject pronoun ("he
   visits", "which covers") or a capitalised name that is not a demonym
   or a possessive ("the Gonfe Bank follows", not "Japanese investors").
   The sentence's first word is no such name: its capital is the
   sentence's ("Rescue boats in the strait" has no verb);
6. a frequent present-tense verb of news copy ("follows", "includes").

A sentence with none of these is a fragment and never a fact.
"""

from __future__ import annotations

from compare.facts import lexicon as lx
from compare.typography import fold_apostrophes


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


AUXILIARIES = _words(
    "is are was were be been being am 's 're has have had having do does did will would shall should "
    "can could may might must won't can't don't doesn't didn't isn't aren't wasn't weren't hasn't haven't "
    "hadn't wouldn't couldn't shouldn't"
)

IRREGULAR = _words(
    "go goes went gone come comes came take takes took taken make makes made give gives gave given "
    "see sees saw seen meet meets met leave leaves left hold holds held tell tells win wins won lose loses "
    "lost begin begins began begun rise rises rose risen fall falls fell fallen run runs ran become "
    "becomes became bring brings brought build builds built buy buys bought catch catches caught choose "
    "chooses chose chosen draw draws drew drawn drive drives drove driven fight fights fought find finds "
    "found fly flies flew flown get gets got gotten grow grows grew grown hit hits keep keeps kept know "
    "knows knew known lead leads led mean means meant pay pays paid put puts send sends sent set sets "
    "shoot shoots shot sit sits sat speak speaks spoke spoken spend spends spent stand stands stood "
    "strike strikes struck teach taught think thinks thought throw throws threw thrown understand "
    "understood wear wore write writes wrote written break breaks broke broken feel feels felt hear "
    "hears heard let lets cut cuts hurt spread spreads cost costs beat beats fled flee flees forgot sold "
    "sell sells seek seeks sought stole stuck swore swept swam tore withdrew withdraw withdraws wants "
    "want plans plan expects expect faces face remains remain seems seem looks look calls call shows show "
    "hopes hope needs need wins lies lay laid sank sink sinks sang rang rode hid shut quit bid bids "
    "arrive arrives agree agrees try tries tried die dies say says tell shake shakes shook shaken wake woke "
    "dig digs dug bear bore born feed fed deal dealt bend bent bind bound bleed bled blow blew blown freeze "
    "froze hang hung light lit ride rides slide slid spin spun split splits stick sticks sting swing swung "
    "tear tears weep wept wind wound"
)


SUBJECT_PRONOUNS = _words("he she it who which that")

PRESENT = _words(
    "follows marks includes involves continues appears requires represents affects reflects suggests "
    "indicates allows offers provides covers contains depends belongs lasts stays opens closes starts ends "
    "reaches argues believes estimates accounts serves works lives owns controls operates supports opposes "
    "rejects accepts denies confirms reports claims fears expects describes considers"
)


def has_verb(words: list[str]) -> bool:
    """Whether ``words`` (as written) hold a verb by the module's rules 1-6."""
    for k, word in enumerate(words):
        low = fold_apostrophes(word.lower())
        if low in AUXILIARIES or low in lx.ATTRIBUTION_VERBS or low in IRREGULAR or low in PRESENT:
            return True
        after_subject = k > 0 and _subject(words[k - 1], k - 1)
        if word.islower() and word.isalpha() and (
                (len(word) >= 5 and low.endswith("ed")) or (low.endswith("s") and after_subject)):
            return True
    return False


def _subject(word: str, position: int) -> bool:
    """A word a present-tense verb may follow: a subject pronoun, or a capitalised name not first (rule 5)."""
    low = fold_apostrophes(word.lower())
    if low in SUBJECT_PRONOUNS:
        return True
    name = word[:1].isupper() and low not in lx.DEMONYMS and low not in lx.NOT_NAMES
    return position > 0 and name and not low.endswith("'s")
