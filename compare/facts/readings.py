"""What a written figure allows: an interval of values and the one it most likely means.

Steps 5 and 6 of :mod:`compare.figures`. An exact figure covers half a unit
of its last significant digit either side; a hedge widens that ("about"
``ABOUT`` either side, "almost" ``ALMOST`` below) or opens one side ("more
than", "up to"). Two readings are compatible when the central value of
either lies within the other, or one is the other cut short to three or more
significant digits (``TRUNCATED``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

ABOUT = 0.10  # "about X" covers X +/- 10%
ALMOST = 0.10  # "almost X" covers the 10% below X
TRUNCATED = 0.01  # a figure cut short is compatible only if its last digit is at most 1% of it ("247" for 247.7)


@dataclass(frozen=True)
class Reading:
    """The values a written figure allows, ``low``..``high``, and the one it most likely means."""

    low: float
    high: float
    central: float
    step: float  # one unit of the last digit written (0.1 for "2.5", 0.5 for "two and a half"); 0 when hedged


def reading(value: float, step: float, hedge: str) -> Reading:
    """The interval a figure allows: its rounding to ``step``, widened by its hedge."""
    half = step / 2
    if hedge == "about":  # the hedge replaces the rounding: "about three hours" is 2.7-3.3 h, not 2.5-3.5
        return Reading(value * (1 - ABOUT), value * (1 + ABOUT), value, 0)
    if hedge == "almost":
        return Reading(value * (1 - ALMOST), value, value * (1 - ALMOST / 2), 0)
    if hedge == "above":  # "more than 2 billion" excludes 1.8 billion: the bound is the figure, not its rounding
        return Reading(value, math.inf, value, 0)
    if hedge == "below":
        return Reading(-math.inf, value, value, 0)
    return Reading(value - half, value + half, value, step)


def compatible(a: Reading, b: Reading) -> bool:
    """Whether both readings can be true: a central value lies in the other reading, or one is the other cut short."""
    tolerance = 1e-9 * max(abs(a.central), abs(b.central), 1.0)
    if a.low - tolerance <= b.central <= a.high + tolerance or b.low - tolerance <= a.central <= b.high + tolerance:
        return True
    short, full = (a, b) if a.step > b.step else (b, a)
    if not full.step or math.isclose(short.step, full.step) or short.step > TRUNCATED * abs(short.central):
        return False
    return math.isclose(math.trunc(full.central / short.step) * short.step, short.central, rel_tol=1e-9)
