"""Virtual experiments: published findings on how ketamine works, re-run on the model.

Each experiment sets up what the original study did (the dose, the pre-treatment, the control arm),
runs :func:`~ketawidget.model.simulation.simulate`, measures what the study measured, and returns an
:class:`ExperimentResult`: the model's numbers beside the published :class:`Finding`, whether they
agree, a one-sentence verdict, and the trajectories for charts.

>>> import ketawidget as kw
>>> kw.experiments.names()[:3]
('nbqx', 'nifedipine', 'rapamycin')
>>> result = kw.experiments.run("nbqx")
>>> result.agrees
True

The experiments (``names()`` lists them in this order):

``nbqx``, ``nifedipine``, ``rapamycin``, ``anisomycin``, ``bdnf_knockout``
    Ketamine 0.5 mg/kg over 40 min alone and after a pre-treatment, each arm against its own no-drug
    control. Agrees when the pre-treatment removes at least 90 % of the spine gain at 24 h while the
    NMDA block is unchanged (this model's test of Maeng 2008, Lepack 2015, Li 2010 and Autry 2011,
    where each pre-treatment blocked ketamine's effect).
``chronic_stress_rescue``
    A stressed baseline has fewer spines; ketamine brings them back toward the healthy level
    (Moda-Sava 2019).
``anaesthetic_vs_subanaesthetic``
    Glutamate rises with 0.5 mg/kg over 40 min and falls below baseline after a 2 mg/kg IV bolus while
    plasma is above 4 uM (Moghaddam 1997).
``dose_response``
    Glutamate at the end of a 40-min infusion, and the spine gain, across doses: the surge is an
    inverted U (Moghaddam 1997).
``disinhibition_timing``
    Interneurons slow before pyramidal cells speed up (Homayoun & Moghaddam 2007).
``timeline``
    eEF2, BDNF and mTORC1 within 30-60 min; spines not at 3-6 h, clearly at 24 h, still raised at 7 d
    (Autry 2011, Li 2010, Moda-Sava 2019, Phoumthipphavong 2016).
``repeated_dosing``
    Six infusions three times a week over 12 days, against one infusion (Murrough 2013; Shiroma 2014).
    These two clinical studies are not among the sources the model was built on; they measured mood,
    the model measures spines, and the verdict says so.

Thresholds come from the wording of the published findings, never from the model's output. Where the
wording is qualitative ("clearly raised", "not raised", "still above baseline"), this model turns it
into a number once (its own test of the finding, not a published number), in the constants below,
with the reading written beside it; the same readings are used by
``tests/test_science_checks.py``. An experiment the model fails returns ``agrees=False`` with a verdict
that says what is missing; thresholds are not moved to make it pass.

Trajectories are cached (``simulate`` is deterministic and a ``Trajectory`` is read-only), so
experiments that share an arm, such as the five pre-treatments' "ketamine alone", simulate it once.
"""

from __future__ import annotations

import functools
import html
import inspect
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .dosing import Bolus, Dose, Infusion, NoDrug, Schedule
from .errors import ParameterError, check_choice, check_number
from .parameters import SPECIES_PK, Params
from .simulation import simulate
from .synapse import refuse_microscope_run
from .trajectory import Trajectory

__all__ = [
    "ExperimentResult",
    "Finding",
    "anaesthetic_vs_subanaesthetic",
    "check_doses",
    "dose_label",
    "anisomycin",
    "bdnf_knockout",
    "chronic_stress_rescue",
    "disinhibition_timing",
    "dose_response",
    "names",
    "nbqx",
    "nifedipine",
    "rapamycin",
    "repeated_dosing",
    "run",
    "timeline",
]

# ---- readings of the checks' words as numbers (docs/science-checks.md) ----------------------------

#: Check 9: each blocker "removes at least 90 % of the spine gain of ketamine alone".
BLOCKER_REMOVES_MIN_PCT = 90.0
#: Check 9: "the NMDA block itself is unchanged". Read as: no point of either cell type's block moves
#: by more than 1 % of the peak block of ketamine alone (a change a block measurement could not see).
BLOCK_UNCHANGED_MAX_PCT = 1.0
#: "Clearly raised" (spines at 12-24 h, Moda-Sava 2019), a "surge" (glutamate), a molecular change
#: "within 30-60 min" (eEF2, BDNF, mTORC1): at least 10 % away from the drug-free level.
CLEAR_CHANGE_PCT = 10.0
#: "Still above baseline" (spines a week later) and the onset of a firing-rate change: at least 2 %
#: away from the drug-free level; smaller changes would be lost in the scatter of any recording.
PRESENT_CHANGE_PCT = 2.0
#: "Not raised at 3-6 h" (Moda-Sava 2019): under a quarter of the gain at 24 h, i.e. small beside the
#: effect that is there a day later.
NOT_YET_MAX_SHARE_OF_24H = 0.25
#: "Restores spines lost to chronic stress" (Moda-Sava 2019): at least half of the lost density is
#: back at 24 h (the time the study counted).
RESTORED_MIN_SHARE = 0.5
#: Anaesthetic levels: docs/science-checks.md checks 2 and 7 ("above 4 uM"; early plasma 5-10 uM,
#: Idvall 1979).
ANAESTHETIC_PLASMA_UM = 4.0

# ---- protocols ------------------------------------------------------------------------------------

#: The antidepressant infusion of every clinical and mechanistic study cited (Zarate 2006).
ANTIDEPRESSANT = Infusion(dose_mg_per_kg=0.5, minutes=40.0)
#: Anaesthetic induction (docs/science-checks.md check 2).
ANAESTHETIC = Bolus(dose_mg_per_kg=2.0, route="iv")
#: Li 2010 and Moda-Sava 2019 counted spines 24 h after ketamine, so the spine gain is read there.
SPINE_READOUT_H = 24.0
#: Long enough to see the acute glutamate response of a 40-min infusion or a bolus, rebound included (at
#: 3 h glutamate is 1.15x after the infusion, still 1.45x after the 2 mg/kg bolus).
ACUTE_H = 3.0
#: Moghaddam et al. 1997's own subanaesthetic doses: rats, i.p. (10, 20 and 30 mg/kg raised prefrontal
#: glutamate), and their microdialysis sampling interval.
MOGHADDAM_RAT_IP_MG_PER_KG = (10.0, 30.0)
#: Moghaddam et al. 1997's anaesthetic dose (rats, i.p.), which lowered prefrontal glutamate.
MOGHADDAM_RAT_ANAESTHETIC_IP_MG_PER_KG = 200.0
MICRODIALYSIS_BIN_MIN = 20.0
WEEK_H = 168.0
#: Default doses for the dose-response: 0.1-1 mg/kg span the subanaesthetic range; 40-min infusions of
#: 4 and 8 mg/kg end at ~6 and ~12 uM plasma, the anaesthetic range (5-10 uM early plasma; Idvall
#: 1979).
DEFAULT_DOSES_MG_PER_KG = (0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0)
#: Murrough 2013 and Shiroma 2014: six infusions of 0.5 mg/kg over 40 min, Monday-Wednesday-Friday
#: over 12 days.
COURSE_START_H = (0.0, 48.0, 96.0, 168.0, 216.0, 264.0)
#: Follow-up after the last infusion: patients relapsed a median 18 days after it (Murrough 2013), so
#: follow the model well past that.
FOLLOW_UP_AFTER_COURSE_H = 30 * 24.0


# ---- results --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """A published finding an experiment reproduces.

    Parameters
    ----------
    source : str
        Who found it, e.g. ``"Maeng et al. 2008, Biol Psychiatry 63:349"``.
    claim : str
        What they found; where the finding is qualitative, also this model's numerical test of it.
    """

    source: str
    claim: str


@dataclass(frozen=True, eq=False)
class ExperimentResult:
    """The model's answer to one experiment, beside the finding it reproduces.

    Parameters
    ----------
    name : str
        Registry name (``kw.experiments.run(name)`` runs it again).
    question : str
        The question the experiment asks, in one line for students.
    finding : Finding
        The published result.
    measured : dict of str to float
        Named numbers the model gave; each name ends with its unit (``_pct``, ``_min``, ``_rel``, ...).
    agrees : bool
        Whether the measured numbers meet the finding's thresholds (this model's reading of the
        published wording, fixed before the model was run).
    verdict : str
        One sentence: what the model did, and whether that agrees with the finding.
    trajectories : dict of str to Trajectory
        Every simulated arm by label, for charts.
    """

    name: str
    question: str
    finding: Finding
    measured: dict[str, float]
    agrees: bool
    verdict: str
    trajectories: dict[str, Trajectory] = field(repr=False)

    def __repr__(self) -> str:
        width = max((len(k) for k in self.measured), default=0)
        rows = [f"    {k:<{width}}  {_fmt(v)}" for k, v in self.measured.items()]
        return "\n".join(
            [
                f"<ExperimentResult {self.name}: {'agrees' if self.agrees else 'DOES NOT AGREE'}>",
                f"  question: {self.question}",
                f"  finding:  {self.finding.claim} ({self.finding.source})",
                "  measured:",
                *rows,
                f"  verdict:  {self.verdict}",
                f"  trajectories: {', '.join(self.trajectories)}",
            ]
        )

    def _repr_markdown_(self) -> str:
        mark = "agrees" if self.agrees else "**does not agree**"
        lines = [
            f"**{_md(self.name)}**: {_md(self.question)}",
            "",
            "| | |",
            "|---|---|",
            f"| finding | {_md(self.finding.claim)} ({_md(self.finding.source)}) |",
            f"| model | {_md(self.verdict)} |",
            f"| result | {mark} |",
            "",
            "| measured | value |",
            "|---|---:|",
            *(f"| {_md(k)} | {_md(_fmt(v))} |" for k, v in self.measured.items()),
        ]
        return "\n".join(lines) + "\n"


def _fmt(value: float) -> str:
    """A number for people: three significant digits, never an exponent (a magnitude under 1e-4 is "≈ 0")."""
    if math.isnan(value):
        return "n/a"
    if abs(value) >= 100:
        return f"{value:.0f}"
    if 0.0 < abs(value) < 1e-4:
        return "≈ 0"  # e.g. a change of the NMDA block of 5e-7 %: 4.95e-07 read as noise to a student
    return f"{value:.3g}"


def _md(text: str) -> str:
    """Text safe inside a Markdown table cell in Jupyter: HTML, Markdown, table pipes and MathJax."""
    text = html.escape(str(text), quote=False).replace("\n", " ")
    return "".join("\\" + c if c in "\\`*_[]|#~$" else c for c in text)


# ---- simulation helpers ---------------------------------------------------------------------------


def _params_key(params: Params) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted(params.to_dict().items()))


@functools.lru_cache(maxsize=64)
def _simulate_cached(dose: Dose, params_key: tuple[tuple[str, Any], ...], hours: float) -> Trajectory:
    return simulate(dose, Params(**dict(params_key)), hours)


def _sim(dose: Dose, params: Params, hours: float) -> Trajectory:
    """``simulate``, remembered: doses are frozen dataclasses and parameters become a sorted tuple."""
    key = _params_key(params)
    try:
        hash((dose, key))
    except TypeError:  # a parameter type that cannot be a cache key: simulate afresh, never fail
        return simulate(dose, params, hours)
    return _simulate_cached(dose, key, float(hours))


def _base(params: Params | None) -> Params:
    if params is None:
        return Params()
    if not isinstance(params, Params):
        raise ParameterError(f"params must be a ketawidget.Params; got {params!r}")
    return params


def _variant(params: Params, **changes: Any) -> Params:
    """A copy of ``params`` with some values changed (the experiment's own arm settings)."""
    return Params(**{**params.to_dict(), **changes})


def _at(traj: Trajectory, channel: str, hours: float) -> float:
    return float(np.interp(hours, traj.time_h, traj[channel]))


def _change_pct(drug: Trajectory, control: Trajectory, channel: str, hours: float) -> float:
    """Per cent change of ``channel`` against its own no-drug control at the same time."""
    return 100.0 * (_at(drug, channel, hours) / _at(control, channel, hours) - 1.0)


def _ratio_to_control(drug: Trajectory, control: Trajectory, channel: str) -> np.ndarray:
    """``channel`` of the drug arm over its control, on the drug arm's time grid."""
    return drug[channel] / np.interp(drug.time_h, control.time_h, control[channel])


def _first_crossing_min(time_h: np.ndarray, values: np.ndarray, level: float, above: bool) -> float:
    """First time (min) ``values`` crosses ``level`` (upwards if ``above``), interpolated; NaN if never."""
    hit = values > level if above else values < level
    if not hit.any():
        return math.nan
    i = int(np.argmax(hit))
    if i == 0:
        return float(time_h[0] * 60.0)
    t0, t1, v0, v1 = time_h[i - 1], time_h[i], values[i - 1], values[i]
    return float((t0 + (level - v0) / (v1 - v0) * (t1 - t0)) * 60.0)


def _verdict(model_says: str, problems: list[str], short_source: str) -> str:
    if problems:
        return f"{model_says}: does not agree with {short_source} ({'; '.join(problems)})"
    return f"{model_says}: agrees with {short_source}"


# ---- pre-treatments (docs/science-checks.md check 9) ----------------------------------------------


@dataclass(frozen=True)
class _Blocker:
    flag: str
    label: str
    short_source: str
    finding: Finding
    question: str


_BLOCKERS: dict[str, _Blocker] = {
    "nbqx": _Blocker(
        "nbqx",
        "NBQX",
        "Maeng et al. 2008",
        Finding(
            "Maeng et al. 2008, Biol Psychiatry 63:349",
            "The AMPA receptor antagonist NBQX, given before ketamine, blocks its antidepressant effect; "
            "this model's test of the finding: NBQX removes at least 90 % of the spine gain while the NMDA "
            "block is unchanged.",
        ),
        "If AMPA receptors are blocked first, does ketamine still grow new spines?",
    ),
    "nifedipine": _Blocker(
        "nifedipine",
        "nifedipine",
        "Lepack et al. 2015",
        Finding(
            "Lepack et al. 2015, Int J Neuropsychopharmacol 18:pyu033",
            "BDNF release runs from AMPA receptors through L-type Ca2+ channels, and nifedipine blocks it; "
            "this model's test of the finding: nifedipine removes at least 90 % of the spine gain while the "
            "NMDA block is unchanged.",
        ),
        "Does ketamine need L-type Ca2+ channels to grow new spines?",
    ),
    "rapamycin": _Blocker(
        "rapamycin",
        "rapamycin",
        "Li et al. 2010",
        Finding(
            "Li et al. 2010, Science 329:959",
            "Ketamine raises mTORC1 signalling, synaptic proteins and spine density at 24 h; rapamycin blocks "
            "all of it; this model's test of the finding: at least 90 % of the spine gain removed, NMDA "
            "block unchanged.",
        ),
        "Does ketamine need mTORC1 to grow new spines?",
    ),
    "anisomycin": _Blocker(
        "anisomycin",
        "anisomycin",
        "Autry et al. 2011",
        Finding(
            "Autry et al. 2011, Nature 475:91",
            "The protein-synthesis blocker anisomycin prevents ketamine's effect; this model's test of the "
            "finding: anisomycin removes at least 90 % of the spine gain while the NMDA block is unchanged.",
        ),
        "Does ketamine need new protein synthesis to grow new spines?",
    ),
    "bdnf_knockout": _Blocker(
        "bdnf_knockout",
        "BDNF knockout",
        "Autry et al. 2011",
        Finding(
            "Autry et al. 2011, Nature 475:91",
            "BDNF knockout abolishes ketamine's effect; this model's test of the finding: at least 90 % of "
            "the spine gain removed while the NMDA block is unchanged.",
        ),
        "Can ketamine grow new spines without BDNF?",
    ),
}


def _pretreatment(name: str, params: Params | None) -> ExperimentResult:
    blocker = _BLOCKERS[name]
    base = _base(params)
    alone_params = _variant(base, **{blocker.flag: False})
    with_params = _variant(base, **{blocker.flag: True})
    alone = _sim(ANTIDEPRESSANT, alone_params, SPINE_READOUT_H)
    alone_control = _sim(NoDrug(), alone_params, SPINE_READOUT_H)
    blocked = _sim(ANTIDEPRESSANT, with_params, SPINE_READOUT_H)
    blocked_control = _sim(NoDrug(), with_params, SPINE_READOUT_H)

    # Each arm against its own saline control, as in the studies: the blocker alone might move the
    # baseline, and only the drug-induced change is the spine gain.
    gain_alone = _change_pct(alone, alone_control, "spine_density_rel", SPINE_READOUT_H)
    gain_with = _change_pct(blocked, blocked_control, "spine_density_rel", SPINE_READOUT_H)
    removed = 100.0 * (1.0 - gain_with / gain_alone) if gain_alone > 0 else math.nan
    # The blocker acts downstream of the NMDA receptor, so the block itself must not move at all.
    peak_block = max(float(alone["nmda_block_interneuron"].max()), float(alone["nmda_block_pyramidal"].max()))
    block_shift = max(
        float(np.max(np.abs(np.interp(alone.time_h, blocked.time_h, blocked[ch]) - alone[ch])))
        for ch in ("nmda_block_interneuron", "nmda_block_pyramidal")
    )
    block_change = 100.0 * block_shift / peak_block if peak_block > 0 else math.nan

    problems = []
    if not gain_alone >= CLEAR_CHANGE_PCT:
        problems.append(f"ketamine alone gives no clear spine gain ({gain_alone:.1f} %), so there is nothing to remove")
    elif not removed >= BLOCKER_REMOVES_MIN_PCT:
        problems.append(f"this model's test of the finding needs at least {BLOCKER_REMOVES_MIN_PCT:.0f} % removed")
    if not block_change <= BLOCK_UNCHANGED_MAX_PCT:
        problems.append(f"the NMDA block moves by {block_change:.1f} % of its peak")
    block_words = "the NMDA block is unchanged" if block_change <= BLOCK_UNCHANGED_MAX_PCT else "the NMDA block changes"
    says = (
        f"{blocker.label} removes {removed:.0f} % of the spine gain at 24 h "
        f"({gain_alone:.1f} % alone, {gain_with:.1f} % with {blocker.label}); {block_words}"
    )
    label = blocker.label
    return ExperimentResult(
        name=name,
        question=blocker.question,
        finding=blocker.finding,
        measured={
            "spine_gain_ketamine_alone_pct": gain_alone,
            f"spine_gain_with_{name}_pct": gain_with,
            "spine_gain_removed_pct": removed,
            "nmda_block_peak_pct": 100.0 * peak_block,
            "nmda_block_change_of_peak_pct": block_change,
        },
        agrees=not problems,
        verdict=_verdict(says, problems, blocker.short_source),
        trajectories={
            "ketamine": alone,
            "no drug": alone_control,
            f"ketamine + {label}": blocked,
            f"{label}, no drug": blocked_control,
        },
    )


def nbqx(params: Params | None = None) -> ExperimentResult:
    """AMPA receptor antagonist NBQX before ketamine (Maeng et al. 2008).

    Ketamine 0.5 mg/kg over 40 min, alone and after NBQX, each against its own no-drug control; spines
    are counted at 24 h.

    Parameters
    ----------
    params : Params, optional
        Starting parameters (default: healthy adult). The experiment turns ``nbqx`` off in one arm and
        on in the other; everything else is kept.

    Returns
    -------
    ExperimentResult
        ``measured`` holds ``spine_gain_ketamine_alone_pct``, ``spine_gain_with_nbqx_pct``,
        ``spine_gain_removed_pct``, ``nmda_block_peak_pct`` and ``nmda_block_change_of_peak_pct``.
        Agrees when at least 90 % of the gain is removed and the block moves by at most 1 % of its peak.
    """
    return _pretreatment("nbqx", params)


def nifedipine(params: Params | None = None) -> ExperimentResult:
    """L-type Ca2+ channel blocker nifedipine before ketamine (Lepack et al. 2015).

    Parameters
    ----------
    params : Params, optional
        Starting parameters; the experiment sets ``nifedipine`` itself.

    Returns
    -------
    ExperimentResult
        As :func:`nbqx`, with ``spine_gain_with_nifedipine_pct``.
    """
    return _pretreatment("nifedipine", params)


def rapamycin(params: Params | None = None) -> ExperimentResult:
    """mTORC1 inhibitor rapamycin before ketamine (Li et al. 2010).

    Parameters
    ----------
    params : Params, optional
        Starting parameters; the experiment sets ``rapamycin`` itself.

    Returns
    -------
    ExperimentResult
        As :func:`nbqx`, with ``spine_gain_with_rapamycin_pct``.
    """
    return _pretreatment("rapamycin", params)


def anisomycin(params: Params | None = None) -> ExperimentResult:
    """Protein-synthesis blocker anisomycin before ketamine (Autry et al. 2011).

    Parameters
    ----------
    params : Params, optional
        Starting parameters; the experiment sets ``anisomycin`` itself.

    Returns
    -------
    ExperimentResult
        As :func:`nbqx`, with ``spine_gain_with_anisomycin_pct``.
    """
    return _pretreatment("anisomycin", params)


def bdnf_knockout(params: Params | None = None) -> ExperimentResult:
    """Ketamine in a BDNF knockout (Autry et al. 2011).

    Parameters
    ----------
    params : Params, optional
        Starting parameters; the experiment sets ``bdnf_knockout`` itself.

    Returns
    -------
    ExperimentResult
        As :func:`nbqx`, with ``spine_gain_with_bdnf_knockout_pct``.
    """
    return _pretreatment("bdnf_knockout", params)


# ---- chronic stress -------------------------------------------------------------------------------


def chronic_stress_rescue(params: Params | None = None) -> ExperimentResult:
    """Ketamine after chronic stress: are the lost spines restored? (Moda-Sava et al. 2019).

    Healthy and stressed brains without drug, and the stressed brain 24 h after 0.5 mg/kg over 40 min.

    Parameters
    ----------
    params : Params, optional
        Starting parameters; the experiment sets ``chronic_stress`` off (healthy) and on (stressed).

    Returns
    -------
    ExperimentResult
        ``measured`` holds the spine densities (1 = healthy drug-free level) of the healthy and the
        stressed baseline and of the stressed brain 24 h after ketamine, the share of spines lost to
        stress and the share of that loss restored at 24 h. Agrees when stress lowers the density by at
        least 2 % and ketamine restores at least half of the loss.
    """
    base = _base(params)
    healthy_params = _variant(base, chronic_stress=False)
    stressed_params = _variant(base, chronic_stress=True)
    healthy = _sim(NoDrug(), healthy_params, SPINE_READOUT_H)
    stressed = _sim(NoDrug(), stressed_params, SPINE_READOUT_H)
    rescued = _sim(ANTIDEPRESSANT, stressed_params, SPINE_READOUT_H)

    t = SPINE_READOUT_H
    healthy_density = _at(healthy, "spine_density_rel", t)
    stressed_density = _at(stressed, "spine_density_rel", t)
    rescued_density = _at(rescued, "spine_density_rel", t)
    lost = healthy_density - stressed_density
    lost_pct = 100.0 * lost / healthy_density
    restored = 100.0 * (rescued_density - stressed_density) / lost if lost > 0 else math.nan

    problems = []
    if not lost_pct >= PRESENT_CHANGE_PCT:
        problems.append("the stressed baseline has no fewer spines than the healthy one")
    elif not restored >= 100.0 * RESTORED_MIN_SHARE:
        problems.append(f"'restores' is read as at least {100 * RESTORED_MIN_SHARE:.0f} % of the loss back")
    says = f"stress removes {lost_pct:.0f} % of spines; 24 h after ketamine {restored:.0f} % of the loss is back"
    if restored > 100.0:
        # The finding (Moda-Sava et al. 2019, as docs/science-checks.md gives it) does not say whether
        # the real rescue overshoots; say so rather than judge it.
        overshoot = 100.0 * (rescued_density / healthy_density - 1.0)
        says += (
            f" and the density overshoots the healthy level by {overshoot:.0f} % "
            "(the finding reproduced is that lost spines are restored; whether the real rescue goes past "
            "the healthy level is not part of it)"
        )
    return ExperimentResult(
        name="chronic_stress_rescue",
        question="Does ketamine bring back the spines lost to chronic stress?",
        finding=Finding(
            "Moda-Sava et al. 2019, Science 364:eaat8078",
            "Ketamine restores spines lost to chronic stress; new spines form at 12-24 h and sustain the effect.",
        ),
        measured={
            "healthy_spine_density_rel": healthy_density,
            "stressed_spine_density_rel": stressed_density,
            "stressed_ketamine_24h_spine_density_rel": rescued_density,
            "spines_lost_to_stress_pct": lost_pct,
            "loss_restored_24h_pct": restored,
        },
        agrees=not problems,
        verdict=_verdict(says, problems, "Moda-Sava et al. 2019"),
        trajectories={"healthy, no drug": healthy, "stressed, no drug": stressed, "stressed + ketamine": rescued},
    )


# ---- glutamate: the inverted U --------------------------------------------------------------------


#: The shortest averaging window, min: any shorter and the average is a single value divided by ~0.
_SHORTEST_WINDOW_MIN = 1e-6


def window_mean(traj: Trajectory, channel: str, start_min: float, length_min: float) -> float:
    """A channel averaged over time from ``start_min`` for ``length_min``, as one microdialysis sample.

    A time average (trapezoids, the window's edges interpolated): the output grid is finer where the
    drug changes fast, so a plain mean of the samples would weigh the first minutes of a bolus more.
    """
    refuse_microscope_run(traj, "traj")
    if not isinstance(traj, Trajectory):
        raise ParameterError(f"traj must be a ketawidget.Trajectory (a run of kw.simulate); got {traj!r}")
    if channel not in traj.channels:
        raise ParameterError(f"channel must be one of the run's channels ({', '.join(traj.channels)}); got {channel!r}")
    t = traj.time_h * 60.0
    run_end = float(t[-1])
    # A window needs some run after its start: at least the shortest length allowed below.
    start_min = check_number(
        "start_min", start_min, 0.0, run_end - _SHORTEST_WINDOW_MIN, "min",
        allowed=f"a number from 0 to less than {run_end:g} min (the run's end: a window starts before it)",
    )
    length_min = check_number(
        "length_min", length_min, _SHORTEST_WINDOW_MIN, run_end - start_min, "min",
        allowed=f"a number from {_SHORTEST_WINDOW_MIN:g} to {run_end - start_min:g} min (the run ends {run_end - start_min:g} min after start_min)",
    )
    y = traj[channel]
    end = start_min + length_min
    inside = (t > start_min) & (t < end)
    tw = np.concatenate(([start_min], t[inside], [end]))
    yw = np.concatenate(([np.interp(start_min, t, y)], y[inside], [np.interp(end, t, y)]))
    return float(np.sum(0.5 * (yw[1:] + yw[:-1]) * np.diff(tw)) / length_min)


def anaesthetic_vs_subanaesthetic(params: Params | None = None) -> ExperimentResult:
    """Glutamate after an antidepressant and an anaesthetic dose (Moghaddam et al. 1997).

    0.5 mg/kg over 40 min (glutamate read at the end of the infusion) against a 2 mg/kg IV bolus
    (glutamate read at every sample while plasma ketamine is above 4 uM, the anaesthetic range). The
    finding itself is in rats: the same question is also asked of the model's rat at Moghaddam's
    subanaesthetic i.p. doses and at their anaesthetic one (200 mg/kg), read as the mean of the
    first 20-min microdialysis sample.

    Parameters
    ----------
    params : Params, optional
        Model parameters (default: healthy adult).

    Returns
    -------
    ExperimentResult
        ``measured`` holds glutamate at the end of the subanaesthetic infusion, minutes of plasma above
        4 uM after the bolus, the highest and lowest glutamate while it is, and the glutamate peak once
        the bolus has washed down, and for each rat dose the first 20-min mean of glutamate. Agrees
        when the infusion raises glutamate by at least 10 %, glutamate stays below baseline
        throughout the anaesthetic window, the rat's anaesthetic dose lowers glutamate in its first
        20-min sample, and neither subanaesthetic rat dose does (the model's circuit is calibrated on
        human levels and fails this last part: docs/model.md).
    """
    base = _base(params)
    sub = _sim(ANTIDEPRESSANT, base, ACUTE_H)
    bolus = _sim(ANAESTHETIC, base, ACUTE_H)
    control = _sim(NoDrug(), base, ACUTE_H)

    end_of_infusion = ANTIDEPRESSANT.minutes / 60.0
    sub_glu = 1.0 + _change_pct(sub, control, "glutamate_rel", end_of_infusion) / 100.0
    glu = _ratio_to_control(bolus, control, "glutamate_rel")
    plasma = bolus["ketamine_plasma_uM"]
    window = plasma > ANAESTHETIC_PLASMA_UM
    # Duration between the interpolated up- and down-crossings of 4 uM, not a count of samples.
    window_min = math.nan
    if window.any():
        peak = int(np.argmax(plasma))
        up = _first_crossing_min(bolus.time_h, plasma, ANAESTHETIC_PLASMA_UM, above=True)
        down = _first_crossing_min(bolus.time_h[peak:], plasma[peak:], ANAESTHETIC_PLASMA_UM, above=False)
        window_min = down - up
    glu_max_anaesthetic = float(glu[window].max()) if window.any() else math.nan
    glu_min_anaesthetic = float(glu[window].min()) if window.any() else math.nan
    after = bolus.time_h > (bolus.time_h[window][-1] if window.any() else 0.0)
    rebound = float(glu[after].max()) if after.any() else math.nan

    rat_doses = (*MOGHADDAM_RAT_IP_MG_PER_KG, MOGHADDAM_RAT_ANAESTHETIC_IP_MG_PER_KG)
    rats = {dose: _sim(Bolus(dose, route="ip"), _variant(base, species="rat"), ACUTE_H) for dose in rat_doses}
    first_sample = {dose: window_mean(traj, "glutamate_rel", 0.0, MICRODIALYSIS_BIN_MIN) for dose, traj in rats.items()}

    problems = []
    if not sub_glu >= 1.0 + CLEAR_CHANGE_PCT / 100.0:
        problems.append(f"0.5 mg/kg over 40 min should raise glutamate by at least {CLEAR_CHANGE_PCT:.0f} %")
    lowered = [dose for dose in MOGHADDAM_RAT_IP_MG_PER_KG if not first_sample[dose] >= 1.0]
    if lowered:
        problems.append(
            "in rats at Moghaddam's own subanaesthetic doses the model first lowers glutamate where theirs rose ("
            + ", ".join(f"{dose:g} mg/kg i.p.: {first_sample[dose]:.2f}x over the first 20 min" for dose in lowered)
            + "); the circuit is calibrated on human brain levels, which the model's rodent doses exceed more than ten times"
        )
    rat_anaesthetic = first_sample[MOGHADDAM_RAT_ANAESTHETIC_IP_MG_PER_KG]
    if not rat_anaesthetic < 1.0:
        problems.append(
            f"in rats at Moghaddam's anaesthetic {MOGHADDAM_RAT_ANAESTHETIC_IP_MG_PER_KG:g} mg/kg i.p. the model does not "
            f"lower glutamate ({rat_anaesthetic:.2f}x over the first 20 min)"
        )
    if not window.any():
        problems.append(f"the bolus never reaches anaesthetic plasma levels (> {ANAESTHETIC_PLASMA_UM:g} uM)")
    elif not glu_max_anaesthetic < 1.0:
        problems.append("glutamate is not below baseline throughout the anaesthetic window")
    says = (
        f"0.5 mg/kg over 40 min raises glutamate to {sub_glu:.2f}x baseline; after 2 mg/kg IV it stays at "
        f"{glu_min_anaesthetic:.2f}-{glu_max_anaesthetic:.2f}x for the {window_min:.0f} min plasma is above "
        f"{ANAESTHETIC_PLASMA_UM:g} uM (and overshoots to {rebound:.2f}x as the drug falls through the "
        f"subanaesthetic range); in rats, {MOGHADDAM_RAT_ANAESTHETIC_IP_MG_PER_KG:g} mg/kg i.p. gives "
        f"{rat_anaesthetic:.2f}x over the first 20 min"
    )
    return ExperimentResult(
        name="anaesthetic_vs_subanaesthetic",
        question="Does more ketamine mean more glutamate?",
        finding=Finding(
            "Moghaddam et al. 1997, J Neurosci 17:2921",
            "Subanaesthetic ketamine raises prefrontal glutamate; anaesthetic doses lower it.",
        ),
        measured={
            "glutamate_end_of_subanaesthetic_infusion_rel": sub_glu,
            "plasma_above_4uM_after_bolus_min": window_min,
            "glutamate_max_while_anaesthetic_rel": glu_max_anaesthetic,
            "glutamate_min_while_anaesthetic_rel": glu_min_anaesthetic,
            "glutamate_peak_after_anaesthetic_window_rel": rebound,
            **{f"rat_{dose:g}_mg_per_kg_ip_glutamate_first_20min_rel": glu_rel for dose, glu_rel in first_sample.items()},
        },
        agrees=not problems,
        verdict=_verdict(says, problems, "Moghaddam et al. 1997"),
        trajectories={
            "0.5 mg/kg over 40 min": sub, "2 mg/kg IV bolus": bolus, "no drug": control,
            **{f"rat, {dose:g} mg/kg i.p.": traj for dose, traj in rats.items()},
        },
    )


def dose_label(dose: float) -> str:
    """A dose (mg/kg) as :func:`dose_response` writes it in its keys and labels: 6 significant figures.

    Parameters
    ----------
    dose : float
        A dose, mg/kg.

    Returns
    -------
    str
        The dose as written in the results: ``dose_label(0.25)`` is ``"0.25"``, so its glutamate is
        ``measured["glutamate_at_0.25_mg_per_kg_rel"]``.
    """
    return f"{dose:g}"


def check_doses(doses: object, species: str = "human") -> tuple[float, ...]:
    """The doses of a :func:`dose_response`, checked and sorted (mg/kg).

    Parameters
    ----------
    doses : sequence of float
        Three or more doses, mg/kg, each from 0 to the largest dose of ``species`` (a human 20, a
        mouse or rat 200: ``SPECIES_PK[species].max_dose_mg_per_kg``).
    species : {"human", "mouse", "rat"}
        The species the doses are for (``params.species`` of the sweep).

    Returns
    -------
    tuple of float
        The doses, increasing.

    Raises
    ------
    ParameterError
        If a dose is not a number in the species' range (the message names it: ``doses[2]``), two
        doses have the same :func:`dose_label` (the same first 6 significant figures: their results
        would share a key, and one be lost), or fewer than three are given.
    """
    check_choice("species", species, tuple(SPECIES_PK))
    if isinstance(doses, (str, bytes)) or not isinstance(doses, Iterable):
        raise ParameterError(f"doses must be a sequence of doses in mg/kg; got {doses!r}")
    largest = SPECIES_PK[species].max_dose_mg_per_kg
    allowed = f"a number from 0 to {largest:g} mg/kg (the largest dose for a {species})"
    checked = [check_number(f"doses[{k}]", dose, 0.0, largest, "mg/kg", allowed) for k, dose in enumerate(doses)]
    seen: dict[str, float] = {}
    for dose in checked:
        label = dose_label(dose)
        if label in seen:
            raise ParameterError(
                "doses must differ within their first 6 significant figures, which name each dose's "
                f"results (glutamate_at_{label}_mg_per_kg_rel); got {seen[label]!r} and {dose!r} mg/kg, "
                f"both {label}"
            )
        seen[label] = dose
    # An inverted U needs a rise and a fall: at least three points.
    if len(checked) < 3:
        raise ParameterError(f"doses needs at least 3 different doses to show an inverted U; got {list(checked)}")
    return tuple(sorted(checked))


def dose_response(
    doses: Iterable[float] = DEFAULT_DOSES_MG_PER_KG, params: Params | None = None
) -> ExperimentResult:
    """The glutamate surge and the spine gain across doses (Moghaddam et al. 1997).

    Each dose is infused over 40 min; glutamate is read at the end of the infusion, spines at 24 h,
    each against one no-drug control.

    Parameters
    ----------
    doses : sequence of float
        Doses in mg/kg (at least three different ones, sorted here), each from 0 to the species'
        largest dose: a human (the default) 20, a mouse or rat 200. Default: 0.1, 0.25, 0.5, 1, 2,
        4, 8 mg/kg, from subanaesthetic to anaesthetic plasma levels.
    params : Params, optional
        Model parameters (default: healthy adult human); ``params.species`` sets the dose range.

    Returns
    -------
    ExperimentResult
        ``measured`` holds ``glutamate_at_<dose>_mg_per_kg_rel`` (end of infusion) and
        ``spine_gain_24h_at_<dose>_mg_per_kg_pct`` for each dose, and the dose giving the largest
        surge. Agrees when the surge is an inverted U: glutamate rises from the lowest dose to a peak
        at least 10 % above baseline and is below baseline at the highest dose. The spine gain is
        reported, not judged: the inverted U was found for glutamate (Moghaddam et al. 1997), not for
        spines.

    Raises
    ------
    ParameterError
        If a dose is not a number in the species' range (``doses[i]`` named), two doses agree to 6
        significant figures (:func:`check_doses`), or fewer than three are given.
    """
    base = _base(params)
    chosen = check_doses(doses, base.species)
    control = _sim(NoDrug(), base, SPINE_READOUT_H)
    minutes = ANTIDEPRESSANT.minutes
    end = minutes / 60.0
    runs = {d: _sim(Infusion(dose_mg_per_kg=d, minutes=minutes), base, SPINE_READOUT_H) for d in chosen}
    surge = [1.0 + _change_pct(runs[d], control, "glutamate_rel", end) / 100.0 for d in chosen]
    spines = [_change_pct(runs[d], control, "spine_density_rel", SPINE_READOUT_H) for d in chosen]
    k = int(np.argmax(surge))

    problems = []
    if not surge[k] >= 1.0 + CLEAR_CHANGE_PCT / 100.0:
        problems.append(f"no dose raises glutamate by {CLEAR_CHANGE_PCT:.0f} %")
    elif k == 0 or not all(b > a for a, b in zip(surge[:k], surge[1 : k + 1], strict=True)):
        problems.append("glutamate does not rise with dose at the low end")
    if not surge[-1] < 1.0:
        problems.append(
            f"glutamate is not below baseline at the highest dose ({chosen[-1]:g} mg/kg); "
            "the doses may not reach anaesthetic levels"
        )
    says = (
        f"glutamate rises to {surge[k]:.2f}x at {chosen[k]:g} mg/kg and is {surge[-1]:.2f}x at {chosen[-1]:g} mg/kg"
    )
    j = int(np.argmax(spines))
    # The spine gain does not follow the glutamate curve in the model (docs/model.md): an anaesthetic
    # dose passes through the subanaesthetic range on its way out and still drives a surge. Say it
    # beside the verdict, so no one reads the glutamate curve as the spine curve.
    says += (
        f"; the spine gain at 24 h peaks at {chosen[j]:g} mg/kg ({spines[j]:.0f} %) "
        f"and is {spines[-1]:.0f} % at {chosen[-1]:g} mg/kg"
    )
    measured: dict[str, float] = {}
    for d, g in zip(chosen, surge, strict=True):
        measured[f"glutamate_at_{dose_label(d)}_mg_per_kg_rel"] = g
    for d, s in zip(chosen, spines, strict=True):
        measured[f"spine_gain_24h_at_{dose_label(d)}_mg_per_kg_pct"] = s
    measured["peak_glutamate_dose_mg_per_kg"] = chosen[k]
    return ExperimentResult(
        name="dose_response",
        question="How does the glutamate surge change as the dose goes up?",
        finding=Finding(
            "Moghaddam et al. 1997, J Neurosci 17:2921",
            "The dose-response of the glutamate surge is an inverted U: subanaesthetic doses raise "
            "glutamate, anaesthetic doses lower it.",
        ),
        measured=measured,
        agrees=not problems,
        verdict=_verdict(says, problems, "Moghaddam et al. 1997"),
        trajectories={"no drug": control, **{f"{dose_label(d)} mg/kg over 40 min": runs[d] for d in chosen}},
    )


# ---- timing ---------------------------------------------------------------------------------------


def disinhibition_timing(params: Params | None = None) -> ExperimentResult:
    """Which cells change first: interneurons or pyramidal cells? (Homayoun & Moghaddam 2007).

    0.5 mg/kg over 40 min against no drug; a rate change starts when it is 2 % away from the control.

    Parameters
    ----------
    params : Params, optional
        Model parameters (default: healthy adult).

    Returns
    -------
    ExperimentResult
        ``measured`` holds when interneurons start to slow and pyramidal cells start to speed up (min),
        the delay between them, the largest fall and rise (%), and how far pyramidal cells dip before
        they rise (their own NMDA receptors are blocked too; inhibition falls with a lag). Agrees when
        interneurons fall, pyramidal cells rise, and the fall starts first.
    """
    base = _base(params)
    drug = _sim(ANTIDEPRESSANT, base, ACUTE_H)
    control = _sim(NoDrug(), base, ACUTE_H)
    inter = _ratio_to_control(drug, control, "rate_interneuron_hz")
    pyr = _ratio_to_control(drug, control, "rate_pyramidal_hz")
    step = PRESENT_CHANGE_PCT / 100.0
    inter_onset = _first_crossing_min(drug.time_h, inter, 1.0 - step, above=False)
    pyr_onset = _first_crossing_min(drug.time_h, pyr, 1.0 + step, above=True)
    before_rise = drug.time_h * 60.0 < (pyr_onset if not math.isnan(pyr_onset) else np.inf)
    dip = 100.0 * (1.0 - float(pyr[before_rise].min()))

    problems = []
    if math.isnan(inter_onset):
        problems.append(f"interneuron firing never falls by {PRESENT_CHANGE_PCT:g} %")
    if math.isnan(pyr_onset):
        problems.append(f"pyramidal firing never rises by {PRESENT_CHANGE_PCT:g} %")
    if not problems and not inter_onset < pyr_onset:
        problems.append("pyramidal cells speed up before interneurons slow down")
    says = (
        f"interneurons slow from {inter_onset:.1f} min, pyramidal cells speed up from {pyr_onset:.1f} min "
        f"({pyr_onset - inter_onset:.1f} min later; they first dip by {dip:.0f} % as their own NMDA "
        "receptors are blocked)"
    )
    return ExperimentResult(
        name="disinhibition_timing",
        question="When ketamine arrives, which cells change first: interneurons or pyramidal cells?",
        finding=Finding(
            "Homayoun & Moghaddam 2007, J Neurosci 27:11496",
            "After an NMDA antagonist, putative interneurons slow first and pyramidal cells speed up after a "
            "delay.",
        ),
        measured={
            "interneuron_slowing_onset_min": inter_onset,
            "pyramidal_speeding_onset_min": pyr_onset,
            "pyramidal_delay_after_interneurons_min": pyr_onset - inter_onset,
            "interneuron_max_fall_pct": 100.0 * (1.0 - float(inter.min())),
            "pyramidal_max_rise_pct": 100.0 * (float(pyr.max()) - 1.0),
            "pyramidal_dip_before_rise_pct": dip,
        },
        agrees=not problems,
        verdict=_verdict(says, problems, "Homayoun & Moghaddam 2007"),
        trajectories={"0.5 mg/kg over 40 min": drug, "no drug": control},
    )


def timeline(params: Params | None = None) -> ExperimentResult:
    """From minutes to a week after one infusion: eEF2, BDNF, mTORC1 and spines.

    The findings: Autry et al. 2011 and Li et al. 2010 (eEF2, BDNF, mTORC1 within 30-60 min), Moda-Sava
    et al. 2019 (spines at 12-24 h, not at 3-6 h), Phoumthipphavong et al. 2016 (raised for up to about
    two weeks).

    Parameters
    ----------
    params : Params, optional
        Model parameters (default: healthy adult).

    Returns
    -------
    ExperimentResult
        ``measured`` holds the change (%) in phospho-eEF2 and BDNF at 30 and 60 min, mTORC1 at 60 min,
        and the spine gain at 3 h, 6 h, 24 h and 7 d, each against a no-drug control. Agrees when by
        60 min phospho-eEF2 is down and BDNF and mTORC1 up by at least 10 %; the spine gain at 3 and 6 h
        is under a quarter of that at 24 h, which is at least 10 %; and at 7 d it is still at least 2 %.
    """
    base = _base(params)
    drug = _sim(ANTIDEPRESSANT, base, WEEK_H)
    control = _sim(NoDrug(), base, WEEK_H)

    def change(channel: str, hours: float) -> float:
        return _change_pct(drug, control, channel, hours)

    m = {
        "eef2_phospho_change_30min_pct": change("eef2_phospho_rel", 0.5),
        "eef2_phospho_change_60min_pct": change("eef2_phospho_rel", 1.0),
        "bdnf_change_30min_pct": change("bdnf_rel", 0.5),
        "bdnf_change_60min_pct": change("bdnf_rel", 1.0),
        "mtorc1_change_60min_pct": change("mtorc1_rel", 1.0),
        "spine_gain_3h_pct": change("spine_density_rel", 3.0),
        "spine_gain_6h_pct": change("spine_density_rel", 6.0),
        "spine_gain_24h_pct": change("spine_density_rel", 24.0),
        "spine_gain_7d_pct": change("spine_density_rel", WEEK_H),
    }
    problems = []
    if not m["eef2_phospho_change_60min_pct"] <= -CLEAR_CHANGE_PCT:
        problems.append("phospho-eEF2 is not clearly down by 60 min")
    if not m["bdnf_change_60min_pct"] >= CLEAR_CHANGE_PCT:
        problems.append("BDNF is not clearly up by 60 min")
    if not m["mtorc1_change_60min_pct"] >= CLEAR_CHANGE_PCT:
        problems.append("mTORC1 is not clearly up by 60 min")
    early = max(m["spine_gain_3h_pct"], m["spine_gain_6h_pct"])
    if not m["spine_gain_24h_pct"] >= CLEAR_CHANGE_PCT:
        problems.append(f"spines are not clearly up at 24 h (needs {CLEAR_CHANGE_PCT:.0f} %)")
    elif not early < NOT_YET_MAX_SHARE_OF_24H * m["spine_gain_24h_pct"]:
        problems.append("spines are already up at 3-6 h")
    if not m["spine_gain_7d_pct"] >= PRESENT_CHANGE_PCT:
        problems.append("spines are back to baseline within a week")
    says = (
        f"by 60 min phospho-eEF2 is {m['eef2_phospho_change_60min_pct']:+.0f} %, BDNF "
        f"{m['bdnf_change_60min_pct']:+.0f} % and mTORC1 {m['mtorc1_change_60min_pct']:+.0f} %; spines are "
        f"{m['spine_gain_3h_pct']:+.1f} % at 3 h, {m['spine_gain_6h_pct']:+.1f} % at 6 h, "
        f"{m['spine_gain_24h_pct']:+.0f} % at 24 h and {m['spine_gain_7d_pct']:+.0f} % at 7 d"
    )
    return ExperimentResult(
        name="timeline",
        question="After one infusion, when do eEF2, BDNF, mTORC1 and new spines change, and for how long?",
        finding=Finding(
            "Autry et al. 2011, Nature 475:91; Li et al. 2010, Science 329:959; Moda-Sava et al. 2019, "
            "Science 364:eaat8078; Phoumthipphavong et al. 2016, eNeuro 3:ENEURO.0030-16",
            "eEF2 is dephosphorylated and BDNF and mTORC1 signalling rise within 30-60 min; spines are not "
            "raised at 3-6 h, clearly raised at 12-24 h and stay raised for up to about two weeks.",
        ),
        measured=m,
        agrees=not problems,
        verdict=_verdict(says, problems, "Autry 2011, Li 2010, Moda-Sava 2019 and Phoumthipphavong 2016"),
        trajectories={"0.5 mg/kg over 40 min": drug, "no drug": control},
    )


# ---- a clinical course ----------------------------------------------------------------------------


def repeated_dosing(params: Params | None = None) -> ExperimentResult:
    """Six infusions over 12 days against one (Murrough et al. 2013; Shiroma et al. 2014).

    0.5 mg/kg over 40 min on Monday, Wednesday and Friday for two weeks (start 0, 48, 96, 168, 216 and
    264 h), against the first infusion alone, each against no drug, followed for 30 days after the
    last infusion.

    The clinical studies measured mood, which the model does not simulate; the spine gain stands in
    for it. Agreement is what those studies report and the clinical course of one infusion implies
    (onset within hours, peak around 24 h, fading over 1-2 weeks; Zarate 2006, Kishimoto 2016): the
    effect is sustained through the course (spine gain clearly raised, >= 10 %, from 24 h after the
    first infusion to 24 h after the last), a single infusion fades (its gain at that same time is
    under 10 %), and the course ends above what one infusion gives
    at its best 24 h (Shiroma 2014: repeated infusions did better than one).

    Parameters
    ----------
    params : Params, optional
        Model parameters (default: healthy adult).

    Returns
    -------
    ExperimentResult
        ``measured`` holds the single infusion's gain at 24 h and at the end of the course, the course's
        lowest gain between 24 h after the first and 24 h after the last infusion, its gain 24 h after
        the last infusion, its peak, and how many days after the last infusion its gain stays at least
        10 % (patients relapsed a median 18 days after it, Murrough 2013; a different measure, reported
        for comparison, not judged).
    """
    base = _base(params)
    last = COURSE_START_H[-1]
    hours = last + FOLLOW_UP_AFTER_COURSE_H
    course = _sim(Schedule(tuple((s, ANTIDEPRESSANT) for s in COURSE_START_H)), base, hours)
    single = _sim(ANTIDEPRESSANT, base, hours)
    control = _sim(NoDrug(), base, hours)

    gain_course = 100.0 * (_ratio_to_control(course, control, "spine_density_rel") - 1.0)
    gain_single = 100.0 * (_ratio_to_control(single, control, "spine_density_rel") - 1.0)
    t = course.time_h
    end = last + SPINE_READOUT_H
    during = (t >= SPINE_READOUT_H) & (t <= end)
    trough = float(gain_course[during].min())
    course_end = float(np.interp(end, t, gain_course))
    single_end = float(np.interp(end, single.time_h, gain_single))
    single_24h = float(np.interp(SPINE_READOUT_H, single.time_h, gain_single))
    single_peak = float(gain_single.max())
    peak = float(gain_course.max())
    after = t >= end
    fallen = after & (gain_course < CLEAR_CHANGE_PCT)
    days_raised = float((t[np.argmax(fallen)] - last) / 24.0) if fallen.any() else math.nan

    problems = []
    if not trough >= CLEAR_CHANGE_PCT:
        problems.append(f"the course's spine gain falls to {trough:.0f} % between infusions")
    if not single_end < CLEAR_CHANGE_PCT:
        problems.append("a single infusion has not faded by day 12, so there is no contrast to show")
    if not course_end > single_24h:
        problems.append("the course ends no higher than one infusion at 24 h")
    says = (
        f"through the course the spine gain never falls below {trough:.0f} % and is {course_end:.0f} % "
        f"24 h after the sixth infusion, where one infusion has faded to {single_end:.0f} %"
    )
    if peak > 2.0 * single_peak:
        # Doses days apart add up: the only ceiling is the room on the dendrite (no new spine matures
        # at 1.8x the healthy density, plasticity.SPINE_ROOM), and no study has counted spines
        # through a clinical course. With the default parameters the course reaches +55 %, 1.6x one
        # infusion's peak; where it more than doubles it, say so, so the size is not read as a prediction.
        says += (
            f"; but the doses add up until only the room on the dendrite stops them: the course piles "
            f"spines up to +{peak:.0f} % ({peak / single_peak:.1f}x one infusion's peak), a size no study has measured"
        )
    if math.isnan(days_raised):
        says += f"; the gain stays above {CLEAR_CHANGE_PCT:.0f} % for all 30 days of follow-up"
    else:
        says += (
            f"; the gain stays above {CLEAR_CHANGE_PCT:.0f} % for {days_raised:.0f} days after the last "
            "infusion (patients: median 18 days to relapse)"
        )
    # Always said: the agreement is about direction, with spines standing in for mood.
    says += "; the studies measured mood, the model counts spines"
    return ExperimentResult(
        name="repeated_dosing",
        question="Do six infusions over two weeks keep the spine gain up, where one infusion fades?",
        finding=Finding(
            "Murrough et al. 2013, Biol Psychiatry 74:250; Shiroma et al. 2014, J Affect Disord 155:123",
            "Six 0.5 mg/kg infusions three times a week over 12 days: the antidepressant effect of the first "
            "infusion is largely sustained through the course, response builds with repeated infusions "
            "beyond a single one, and responders relapse a median 18 days after the last infusion.",
        ),
        measured={
            "spine_gain_single_infusion_24h_pct": single_24h,
            "spine_gain_single_infusion_day12_pct": single_end,
            "spine_gain_course_lowest_pct": trough,
            "spine_gain_course_day12_pct": course_end,
            "spine_gain_course_peak_pct": peak,
            "spine_gain_above_10pct_after_last_infusion_d": days_raised,
        },
        agrees=not problems,
        verdict=_verdict(says, problems, "Murrough et al. 2013 and Shiroma et al. 2014"),
        trajectories={"six infusions": course, "one infusion": single, "no drug": control},
    )


# ---- registry -------------------------------------------------------------------------------------

_REGISTRY: dict[str, Callable[..., ExperimentResult]] = {
    "nbqx": nbqx,
    "nifedipine": nifedipine,
    "rapamycin": rapamycin,
    "anisomycin": anisomycin,
    "bdnf_knockout": bdnf_knockout,
    "chronic_stress_rescue": chronic_stress_rescue,
    "anaesthetic_vs_subanaesthetic": anaesthetic_vs_subanaesthetic,
    "dose_response": dose_response,
    "disinhibition_timing": disinhibition_timing,
    "timeline": timeline,
    "repeated_dosing": repeated_dosing,
}


def names() -> tuple[str, ...]:
    """Names of every experiment: the five pre-treatments, then stress, glutamate, the dose-response,
    timing, the timeline from minutes to a week, a course.

    Returns
    -------
    tuple of str
        Names accepted by :func:`run`.
    """
    return tuple(_REGISTRY)


def run(name: str, **options: Any) -> ExperimentResult:
    """Run one experiment by name.

    Parameters
    ----------
    name : str
        One of :func:`names`.
    **options
        Passed to the experiment's function: ``params`` for all of them, ``doses`` for
        ``dose_response``.

    Returns
    -------
    ExperimentResult

    Raises
    ------
    ParameterError
        If ``name`` is not an experiment (the message lists the valid names), or an option has a bad
        value.
    TypeError
        If an option is not one the experiment takes (the message lists the ones it does).

    Examples
    --------
    >>> run("dose_response", doses=[0.25, 0.5, 8.0]).agrees
    True
    """
    if not isinstance(name, str) or name not in _REGISTRY:
        raise ParameterError(f"unknown experiment {name!r}; valid names: {', '.join(_REGISTRY)}")
    function = _REGISTRY[name]
    accepted = tuple(inspect.signature(function).parameters)
    unknown = sorted(set(options) - set(accepted))
    if unknown:
        raise TypeError(f"{name}() has no option(s) {', '.join(unknown)}; options: {', '.join(accepted)}")
    return function(**options)

