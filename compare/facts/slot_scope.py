"""Where and how much a figure's clause covers: places, scope words, exclusions and aspect.

Part of steps 3-4 of :mod:`compare.slots`: "in South Korea" against "in
Asia", "nationwide" against "worldwide", "excluding autos" against
"overall", "each" against "combined", and a count in the perfect ("have
changed hands": so far) against a finished one.

Only the standard library, simplemma and ``compare.lexicon`` are used.
"""

from __future__ import annotations

from compare.facts import lexicon as lx
from compare.facts.numerals import Tok, lemma


def _words(text: str) -> frozenset[str]:
    """A word set written as one string, which keeps long lists readable."""
    return frozenset(text.split())


SCOPE = _words(
    "nationwide worldwide global globally statewide overall national nationally internationally "
    "domestic domestically locally countrywide state county world"
)
GENERIC_NAMES = frozenset(lx.MONTHS) | lx.WEEKDAYS | _words(
    "index composite average industrial industrials stock stocks exchange market markets shares share trading "
    "corp inc co ltd plc group board class gmt edt est bst ist am pm"
)



def scope_of(sentence: str, toks: list[Tok]) -> frozenset[str]:
    """Places after "in"/"across"/"throughout", the U.S., and scope words of a sentence (step 4)."""
    found = {t.low for k, t in enumerate(toks) if t.low in SCOPE and (t.text.islower() or k == 0)}
    words = [t.low for t in toks]
    if "u . s ." in " ".join(words) or "united states" in " ".join(words):
        found.add("united states")
    return frozenset(found | set(places_in(toks, 0, len(toks))))


def places_in(toks: list[Tok], start: int, end: int) -> list[str]:
    """Capitalised places after "in"/"across"/"throughout" in tokens [start, end), in order."""
    found = []
    for k in range(start, min(end, len(toks) - 1)):
        if toks[k].low in ("in", "across", "throughout"):
            j = k + (2 if toks[k + 1].low == "the" else 1)
            run = []
            while j < end and toks[j].text[:1].isupper() and toks[j].text.isalpha():
                run.append(toks[j].low)
                j += 1
            if run and not any(w in GENERIC_NAMES or w in lx.MONTHS for w in run) and run != ["u"]:
                found.append(" ".join(run))
    return found


def places(scope: frozenset[str]) -> frozenset[str]:
    """The places of a scope, as the subject of a sentence that names no one ("In the United States, ...")."""
    return frozenset(w for w in scope if w not in SCOPE)


def excluding(toks: list[Tok]) -> frozenset[str]:
    """What a figure leaves out ("Excluding autos" -> {"auto"}); {"(all)"} for "overall" and "total"."""
    found: set[str] = set()
    for k, tok in enumerate(toks):
        if tok.low in ("excluding", "except", "excludes", "ex"):
            found |= {lemma(t.low) for t in toks[k + 1:k + 4] if t.text.isalpha() and t.low not in lx.STOPWORDS}
        elif tok.low in ("overall", "total", "combined", "together", "altogether"):
            found.add("(all)")
        elif tok.low in ("each", "apiece"):
            found.add("(each)")  # "each boy weighed less than 50 pounds" is not "136 pounds combined"
    return frozenset(found)


def perfect(toks: list[Tok], start: int, end: int) -> bool:
    """A clause in the perfect ("have changed hands", "has killed"): a count so far, not a finished one."""
    lows = [t.low for t in toks[start:end]]
    return any(w in ("has", "have", "had") and any(x.endswith(("ed", "en")) for x in lows[k + 1:k + 4])
               for k, w in enumerate(lows))
