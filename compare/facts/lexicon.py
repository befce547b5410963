"""Word lists behind the fact layer: framing tags, attribution, numbers and entity hints.

The lists are small and hand-made on purpose: a reader of a report must be
able to see why a word was tagged, so every framing tag comes from one of the
sets below and nothing is learned.

Framing tags (used when two outlets report the same fact with different words):

- ``attribution``: a verb that reports speech. ``NEUTRAL_ATTRIBUTION`` verbs
  ("said", "told") carry no judgement; ``LOADED_ATTRIBUTION`` verbs
  ("insisted", "claimed", "vowed") tell the reader how to take the claim.
- ``epithet``: a descriptive noun used in place of a name ("the Russian
  strongman", "the real-estate baron").
- ``hedge``: a word that weakens or distances ("reportedly", "likely", "few
  believe").
- ``intensifier``: a word that strengthens ("major", "intense", "flurry").
- ``evaluative``: a loaded or judging word ("thorn", "mired", "cave",
  "anachronism").

Entity hints: ``TITLES`` are words that introduce a person's name,
``ORG_WORDS`` mark organisations, ``PLACES`` and ``DEMONYMS`` mark places (a
demonym such as "Japanese" counts as a mention of Japan).
"""

from __future__ import annotations

from types import MappingProxyType


def _words(text: str) -> frozenset[str]:
    """A word set written as one string, which keeps long lists readable."""
    return frozenset(text.split())


NEUTRAL_ATTRIBUTION = _words(
    "said say says saying told tells telling stated added adds noted reported "
    "announced announces explained explains responded replied replies wrote writes "
    "commented remarked asked asks described"
)

LOADED_ATTRIBUTION = _words(
    "insisted insists insist claimed vowed vows admitted admits conceded concedes "
    "boasted boasts warned warns alleged alleges argued argues declared declares stressed stresses "
    "acknowledged acknowledges asserted asserts maintained maintains complained complains denied denies "
    "charged slammed slams blasted blasts lashed touted touts urged urges pledged "
    "promised threatened threatens demanded admitted confessed confesses "
    "predicted predicts"
)

ATTRIBUTION_VERBS = NEUTRAL_ATTRIBUTION | LOADED_ATTRIBUTION

EPITHETS = _words(
    "strongman baron tycoon mogul dictator autocrat despot regime hardliner hawk dove firebrand maverick "
    "judoist veteran leader premier ruler kingpin warlord billionaire magnate populist nationalist "
    "demagogue rebel militant insurgent hawkish"
)

HEDGES = _words(
    "reportedly apparently allegedly likely unlikely possibly perhaps may might could seemingly "
    "expected believed thought appears appear seems seem purportedly supposedly few hopes "
    "probably presumably"
)

INTENSIFIERS = _words(
    "very major big huge massive intense flurry important significant dramatic dramatically sharply "
    "deeply highly extremely historic landmark key crucial vital strongly severe serious "
    "bitter fierce heavy heavily breakthrough"
)

EVALUATIVE = _words(
    "thorn mired reeled reeling dwindling anachronism crisis cave caved bunkered dangling dangled eke "
    "damping row feud spat standoff slump plunge soar collapse chaos controversial notorious "
    "disproportionate failed failure triumph humiliating aggressive provocative hostile "
    "scandal embattled beleaguered disgraced troubled scandal-hit crisis-hit under-fire defiant hapless"
)

# Evaluative only as verbs ("few believe Putin will cave"): the noun ("trapped in a cave") is a plain word.
VERB_SENSE_ONLY = _words("cave")
VERB_CUES = _words("to will would could can might may must should not never did does do n't")

FRAMING_TAGS: tuple[tuple[str, frozenset[str]], ...] = (
    ("attribution verb", ATTRIBUTION_VERBS),
    ("epithet", EPITHETS),
    ("hedge", HEDGES),
    ("intensifier", INTENSIFIERS),
    ("evaluative word", EVALUATIVE),
)

NUMBER_WORDS = MappingProxyType({
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12, "a": 1, "an": 1,
})

SCALES = MappingProxyType({"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
          "trillion": 1_000_000_000_000, "bn": 1_000_000_000, "m": 1_000_000})

# Units a count can carry, mapped to a canonical unit and a factor into it
# ("seven decades" is 70 years; "three hours" stays 3 h).
UNITS = MappingProxyType({
    "second": ("s", 1), "minute": ("min", 1), "hour": ("h", 1), "day": ("days", 1), "week": ("weeks", 1),
    "month": ("months", 1), "year": ("years", 1), "decade": ("years", 10), "century": ("years", 100),
    "percent": ("%", 1), "per cent": ("%", 1), "%": ("%", 1), "dollar": ("USD", 1), "$": ("USD", 1),
    "euro": ("EUR", 1), "€": ("EUR", 1), "pound": ("GBP", 1), "£": ("GBP", 1), "yen": ("JPY", 1),
    "rouble": ("RUB", 1), "ruble": ("RUB", 1), "kilometre": ("km", 1), "kilometer": ("km", 1), "km": ("km", 1),
    "mile": ("miles", 1), "people": ("people", 1), "person": ("people", 1), "island": ("islands", 1),
    "soldier": ("soldiers", 1), "troop": ("troops", 1), "death": ("deaths", 1), "deal": ("deals", 1),
})

# Words before a number that say it is not exact: "more than seven decades" -> 70+ years.
APPROX_BEFORE = MappingProxyType({"about": "~", "around": "~", "roughly": "~", "nearly": "<", "almost": "<",
                 "some": "~", "approximately": "~", "over": "+", "more than": "+", "at least": "+",
                 "less than": "<", "under": "<", "up to": "<", "fewer than": "<"})

MONTHS = MappingProxyType({
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
})

WEEKDAYS = _words("monday tuesday wednesday thursday friday saturday sunday")
RELATIVE_DAYS = _words("today yesterday tomorrow tonight")

TITLES = _words(
    "president prime minister premier chancellor king queen prince princess mr mrs ms dr sir lord "
    "foreign secretary senator governor mayor general spokesman spokeswoman spokesperson chairman "
    "ceo chief leader envoy ambassador pope"
)

ORG_WORDS = _words(
    "kremlin ministry government parliament congress senate union council committee agency party "
    "army navy police court commission bank corporation company inc ltd group association organisation "
    "organization nations nato un eu white house pentagon duma press reuters afp ap "
    "lines airlines airways railways motors holdings industries systems technologies shipping energy media "
    "partners institute university foundation federation"
)

DEMONYMS = MappingProxyType({
    "russian": "Russia", "russians": "Russia", "russo": "Russia", "japanese": "Japan", "american": "United States",
    "americans": "United States", "chinese": "China", "british": "United Kingdom", "french": "France",
    "german": "Germany", "indian": "India", "soviet": "Soviet Union", "ukrainian": "Ukraine", "korean": "Korea",
    "north korean": "North Korea", "south korean": "South Korea", "european": "Europe", "us": "United States",
    "u.s.": "United States", "usa": "United States", "uk": "United Kingdom", "britain": "United Kingdom",
})

PLACES = _words(
    "russia japan china india france germany ukraine moscow tokyo beijing delhi washington london paris "
    "korea europe asia africa america kiev kyiv nagato ube crimea syria iran iraq israel turkey "
    "kurils northern territories kuril"
) | frozenset({"united states", "soviet union", "new york", "new delhi", "southern kurils", "north korea",
               "south korea", "northern territories", "kuril islands", "asia-pacific", "middle east", "hong kong"})

# Nouns that make the capitalised name before them a place ("the Tham Pha Daeng cave", "Chiang Rai province"),
# and prepositions that make the name after them one ("in Chiang Rai"; not "from"/"at": a letter from Abe).
PLACE_NOUNS = _words(
    "cave caves province district county city town village river valley mountain mountains island islands "
    "region prefecture port bay lake coast peninsula airport square street avenue bridge dam canyon forest "
    "desert strait sea gulf border suburb neighbourhood neighborhood municipality"
)
LOCATIVES = _words("in near outside inside across into throughout off")

# Words that start a sentence in capitals without naming anything.
NOT_NAMES = _words(
    "a an the but and or so yet if when while as at in on of for by to from with despite during after "
    "before since under over known first last this that these those it its he she they we i you his her "
    "their our there here what who which how why where mr mrs ms dr related no yes x updated published "
    "thursday friday monday tuesday wednesday saturday sunday underscoring according"
)

STOPWORDS = _words(
    "a an the of to in on at for and or but is are was were be been being has have had it its this that "
    "these those by with as from which who whom he she they we i you his her their our will would shall "
    "said says also than then there not no so do does did can could may might into over about after up "
    "out more most such some any all both each other own same only very just"
)

# Sentence splitting.
# Abbreviations a sentence does not end on: a name or a number always follows.
NEVER_FINAL = _words(
    "mr mrs ms messrs dr prof gen brig sen rep gov lt col capt cpt sgt cpl pvt maj cmdr adm supt insp det atty "
    "st mt ft rev fr hon pres vs approx dept univ assn"
)
# Abbreviations that end a sentence only when a word that starts sentences follows ("in the U.S. The ...").
MAYBE_FINAL = _words("inc corp co ltd llc plc jr sr bros etc al ave blvd rd")
# ...and these only before a number ("No. 1", "Jan. 5").
BEFORE_NUMBER = _words("no nos jan feb mar apr jun jul aug sep sept oct nov dec art fig vol p pp")
