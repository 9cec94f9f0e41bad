"""Numbers in the lab's own words (its caption): the same rules as the diagram's readout (js/format.ts).

A student reads the caption beside the diagram, so a concentration, a percentage and a level relative
to baseline are written the same way in both (except that a trace of a percentage reads "< 0.1%", where
the readout rounds it to "0%"): three significant digits, nanomolar below 0.1 µM, no
exponent, and no "0" for something that is there but small (a 0.005 mg/kg dose peaks at 3.9 nM, not
at "0.00 µM"). A level far below baseline reads as a share of it ("about 5% of baseline"), not as
"0.0529x".
"""

from __future__ import annotations

import math

__all__ = ["concentration_text", "percent_text", "three_digits", "times_baseline_text", "PERCENT_OF_BASELINE_BELOW"]

#: What a number that is not one (NaN) reads as, like the readout's em dash.
MISSING = "—"


def three_digits(x: float) -> str:
    """``x`` to three significant digits, trailing zeros kept: 0.330, 42.3, 150, 1230 (as fixedSig3 in js/format.ts)."""
    if not math.isfinite(x):
        return MISSING
    rounded = float(f"{x:.3g}")  # rounding first: 99.96 is "100", not "100.0"
    if rounded == 0:
        return "0"
    decimals = 2 - math.floor(math.log10(abs(rounded)))
    return f"{rounded:.{decimals}f}" if decimals > 0 else f"{rounded:.0f}"


def concentration_text(uM: float) -> str:
    """A concentration given in µM: ``0.393 µM``, ``42.3 nM`` below 0.1 µM, ``< 0.001 nM`` below a picomolar.

    Examples
    --------
    >>> concentration_text(0.39271), concentration_text(0.0039), concentration_text(527.68)
    ('0.393 µM', '3.90 nM', '528 µM')
    """
    if not math.isfinite(uM):
        return MISSING
    if uM == 0:
        return "0 µM"
    if abs(uM) < 1e-6:  # below a picomolar the digits are numerical tail, not pharmacology
        return "< 0.001 nM" if uM > 0 else "0 µM"
    if abs(uM) < 0.1:
        return f"{three_digits(uM * 1000)} nM"
    return f"{three_digits(uM)} µM"


def percent_text(fraction: float) -> str:
    """A fraction 0..1 as a percentage: whole from 10 %, one decimal below, ``< 0.1%`` for a trace.

    Examples
    --------
    >>> percent_text(0.1834), percent_text(0.0685), percent_text(0.0002), percent_text(0.0)
    ('18%', '6.9%', '< 0.1%', '0%')
    """
    if not math.isfinite(fraction):
        return MISSING
    pct = fraction * 100
    if 0 < pct < 0.05:
        return "< 0.1%"
    text = f"{pct:.0f}" if abs(pct) >= 10 else f"{pct:.1f}".removesuffix(".0")
    return f"{'0' if text == '-0' else text}%"


#: Below this multiple of baseline a level reads as a percentage of it: "0.0529x" is a figure to
#: decode, "about 5% of baseline" one a class reads at once.
PERCENT_OF_BASELINE_BELOW = 0.1


def times_baseline_text(rel: float, of: str = "baseline") -> str:
    """A level relative to its drug-free baseline (or to ``of``), in words: a multiple from 0.1x
    (``1.54x baseline``, ``0.130x baseline``), a percentage below (``about 5% of baseline``,
    ``about 0.3% of baseline``, ``< 0.1% of baseline``).

    Every level the lab writes relative to something goes through here (the caption, the charts'
    summaries), so they all read alike; ``of`` names the something (``"resting"`` for the firing rates).

    Examples
    --------
    >>> times_baseline_text(0.1297), times_baseline_text(1.5432), times_baseline_text(0.0529)
    ('0.130x baseline', '1.54x baseline', 'about 5% of baseline')
    >>> times_baseline_text(0.003), times_baseline_text(0.00021), times_baseline_text(0.0529, "resting")
    ('about 0.3% of baseline', '< 0.1% of baseline', 'about 5% of resting')
    """
    if not math.isfinite(rel):
        return MISSING
    if not 0 <= rel < PERCENT_OF_BASELINE_BELOW:
        return f"{three_digits(rel)}x {of}"
    pct = rel * 100
    if pct == 0:
        return f"0% of {of}"
    if pct < 0.05:
        return f"< 0.1% of {of}"
    # Whole per cent from 1 %, a tenth below: "about" says the rest was rounded away.
    return f"about {pct:.0f}% of {of}" if pct >= 0.95 else f"about {pct:.1f}% of {of}"
