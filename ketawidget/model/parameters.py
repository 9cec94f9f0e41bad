"""Every model parameter, declared once: unit, allowed range, default, meaning and source.

Everything else (validation, sliders, docs, export) is derived from these declarations. A value
marked "approx." is only known roughly; the comment beside it says why this value was chosen.

Two kinds of parameter live here:

* ``Params`` - what a student may change (a ``traitlets.HasTraits``; each trait carries its metadata in
  ``trait.metadata``: ``unit``, ``low``, ``high``, ``description``, ``reference``).
* ``SPECIES_PK`` - the published pharmacokinetic constants per species, which are data, not knobs.

The model's fixed constants (``CIRCUIT``, ``PRETREATMENT_EFFICACY`` and the subunit IC50s here, the
rest in the stage modules that use them) are each declared with ``constants.fixed(value, unit=...,
meaning=..., reference=..., group=...)``; :func:`fixed_constant_table` lists them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import traitlets

from .channels import generated_typescript
from .constants import FIXED_GROUPS, fixed, fixed_constants
from .errors import ParameterError, check_choice, check_flag, check_number, refuse_unknown_attribute

__all__ = [
    "Params",
    "Quantity",
    "Choice",
    "Flag",
    "CONDITIONS",
    "CIRCUIT",
    "PRETREATMENT_EFFICACY",
    "Absorption",
    "SpeciesPK",
    "SPECIES_PK",
    "ROUTES",
    "SUBUNITS",
    "KETAMINE_MOLAR_MASS_G_PER_MOL",
    "UM_PER_MG_PER_L",
    "parameter_table",
    "fixed_constant_table",
    "parameter_markdown",
    "render_conditions_typescript",
]

KETAMINE_MOLAR_MASS_G_PER_MOL = fixed(
    237.7, unit="g/mol", group="pharmacokinetics",
    meaning="Molar mass of racemic ketamine, C13H16ClNO: 1 ng/mL = 4.207 nM",
    reference="chemistry",
)
#: 1 mg/L = 1e-3 g/L / 237.7 g/mol = 4.207e-6 mol/L = 4.207 uM.
UM_PER_MG_PER_L = 1e3 / KETAMINE_MOLAR_MASS_G_PER_MOL


class Quantity(traitlets.Float):
    """A float trait with a unit, an inclusive allowed range and a source.

    Bad values (NaN, infinities, out of range, wrong type) raise :class:`ParameterError` naming the
    parameter, its range and unit; traitlets validates before assigning, so the object is unchanged.
    """

    def __init__(
        self, default: float, *, unit: str, low: float, high: float, description: str, reference: str
    ) -> None:
        if not low <= default <= high:
            raise ValueError(f"default {default} outside [{low}, {high}]")
        super().__init__(default)
        self.tag(unit=unit, low=low, high=high, description=description, reference=reference)

    def validate(self, obj: Any, value: Any) -> float:
        md = self.metadata
        return check_number(self.name, value, md["low"], md["high"], md["unit"])


class Choice(traitlets.Unicode):
    """A string trait limited to a fixed set of choices, with a clear error listing them."""

    def __init__(self, default: str, *, choices: tuple[str, ...], description: str, reference: str) -> None:
        super().__init__(default)
        self.tag(choices=choices, unit="", description=description, reference=reference)

    def validate(self, obj: Any, value: Any) -> str:
        return check_choice(self.name, value, self.metadata["choices"])


class Flag(traitlets.Bool):
    """A yes/no parameter (a pre-treatment or condition) with a clear error for anything else."""

    def __init__(self, *, description: str, reference: str) -> None:
        super().__init__(False)
        self.tag(choices=(False, True), unit="", description=description, reference=reference)

    def validate(self, obj: Any, value: Any) -> bool:
        return check_flag(self.name, value)


#: Routes of administration the model knows, in the order of the per-route input columns. "iv" goes
#: straight into the central compartment; every other route goes through its own absorption depot.
ROUTES: tuple[str, ...] = ("iv", "ip", "im", "intranasal")


@dataclass(frozen=True)
class Absorption:
    """First-order absorption of one extravascular route (per species).

    A dose given by the route is pushed over one minute into an absorption depot, of which only the
    bioavailable share ``bioavailability`` x dose counts (the rest is lost to first-pass metabolism
    or never absorbed); the depot empties into the central compartment at ``ka_per_min`` x depot.
    """

    bioavailability: float  # F, fraction of the dose that reaches the systemic circulation
    ka_per_min: float  # first-order absorption rate constant, 1/min
    reference: str

    def __post_init__(self) -> None:
        if not 0.0 < self.bioavailability <= 1.0 or not self.ka_per_min > 0.0:
            raise ValueError(f"bad absorption constants {self!r}")


@dataclass(frozen=True)
class SpeciesPK:
    """Two-compartment pharmacokinetics of racemic ketamine for one species (per kg body weight).

    Central amount A1, peripheral amount A2 and one absorption depot D_r per extravascular route r
    (mg/kg)::

        dD_r/dt = F_r input_r(t) - ka_r D_r
        dA1/dt  = input_iv(t) + sum_r ka_r D_r - (k10 + k12) A1 + k21 A2
        dA2/dt  = k12 A1 - k21 A2
        C_plasma = A1 / V1

    ``absorption`` holds the extravascular routes defined for the species; "iv" is always defined.
    ``max_dose_mg_per_kg`` is the largest single dose the species' protocols use, checked when
    simulating. ``brain_note`` says where the brain equilibration (``Params.brain_equilibration_per_min``)
    comes from for this species.
    """

    v1_l_per_kg: float
    k10_per_min: float
    k12_per_min: float
    k21_per_min: float
    reference: str
    absorption: dict[str, Absorption] = field(default_factory=dict)
    max_dose_mg_per_kg: float = 20.0
    brain_note: str = ""

    def __post_init__(self) -> None:
        unknown = set(self.absorption) - set(ROUTES[1:])
        if unknown:
            raise ValueError(f"unknown route(s) {sorted(unknown)}; known: {ROUTES[1:]}")

    @property
    def routes(self) -> tuple[str, ...]:
        """Routes defined for this species, in ``ROUTES`` order ("iv" first)."""
        return tuple(r for r in ROUTES if r == "iv" or r in self.absorption)

    @property
    def clearance_ml_per_min_kg(self) -> float:
        """Elimination clearance CL = V1 k10 (mL/min/kg)."""
        return 1000.0 * self.v1_l_per_kg * self.k10_per_min

    @property
    def half_lives_min(self) -> tuple[float, float]:
        """Distribution (alpha) and terminal (beta) half-lives of the disposition, min."""
        s = self.k10_per_min + self.k12_per_min + self.k21_per_min
        d = math.sqrt(s * s - 4.0 * self.k10_per_min * self.k21_per_min)
        return math.log(2.0) / (0.5 * (s + d)), math.log(2.0) / (0.5 * (s - d))


# How the rodent sets were built. The literature this project could reach gives no rodent
# compartmental fit of ketamine, so each rodent set is derived from published anchors, stated
# beside each number. Across the species with measured two-compartment fits, the central volume is
# ~0.4-0.5 L/kg and the steady-state volume ~3-4 L/kg: dog V1 0.54 L/kg, V2 1.94 L/kg, t1/2 alpha
# 1.95 min, beta 61 min, CL 32 mL/min/kg (Kaka & Hayton 1980, J Pharmacokinet Biopharm 8:193); dog V1
# 0.37 L/kg, Vss 4.06 L/kg, CL 58 mL/min/kg (Pypendop & Ilkiw 2005, Am J Vet Res 66:2034); rabbit Vss
# 3.2 L/kg, CL 88 mL/min/kg, t1/2 59 min (Luca et al. 2020, Vet Anaesth Analg); human Vss 4.1 L/kg,
# CL 19 mL/min/kg (Clements & Nimmo 1981, below). Clearance per kg rises as the animal gets smaller
# and stays near liver blood flow (ketamine is a high-extraction drug: the human CL of 19 mL/min/kg
# is close to the human liver blood flow of 20 mL/min/kg, Davies & Morris 1993, Pharm Res 10:1093). Given V1, Vss and the two half-lives, k10, k12 and k21 follow uniquely (of the two
# roots, the one whose clearance stays below liver blood flow):
#     alpha + beta = k10 + k12 + k21,  alpha beta = k10 k21,  Vss = V1 (1 + k12 / k21).
# Intraperitoneal doses are absorbed mainly through the portal vein and so pass the liver first
# (Lukas, Brindle & Greengard 1971, J Pharmacol Exp Ther 178:562), which is why i.p. bioavailability
# is below 1 for a high-extraction drug: F_ip ~ 1 - E_H, E_H = CL / liver blood flow.
SPECIES_PK: dict[str, SpeciesPK] = {
    # Clements & Nimmo 1981 (Br J Anaesth 53:27), as tabulated in docs/science-checks.md: t1/2 alpha
    # ~18 min, beta ~3 h. Used for infusions and IV boluses alike; the Domino 1982 three-compartment
    # set (V1 0.063 L/kg) gives much higher concentrations in the first minutes after a bolus and is
    # left for a bolus-specific model, not built (docs/model.md, section 1, says what that costs).
    "human": SpeciesPK(
        v1_l_per_kg=1.75,
        k10_per_min=0.0109,
        k12_per_min=0.0186,
        k21_per_min=0.0137,
        reference="Clements & Nimmo 1981, Br J Anaesth 53:27",
        absorption={
            # IM bioavailability 93 % (Clements et al. 1982, J Pharm Sci 71:539; repeated in the Swiss
            # product information for (es)ketamine, which gives an IM absorption half-life of 2-17 min).
            # ka = ln 2 / 5.8 min (the geometric middle of 2-17 min) = 0.12 /min (approx.): with the
            # disposition above, plasma peaks ~17 min after the injection, inside the 5-30 min
            # reported (peak 5-15 min in reviews; esketamine 0.5 mg/kg IM peaks at ~25 min).
            "im": Absorption(
                bioavailability=0.93,
                ka_per_min=0.12,
                reference="Clements et al. 1982, J Pharm Sci 71:539; (es)ketamine product information (approx.)",
            ),
            # Nasal spray bioavailability ~45 % (Yanagihara et al. 2003, Biopharm Drug Dispos 24:37;
            # reviews give 25-50 %; a 2022 study of a 10-50 mg spray found only 11-17 %, Pharmacotherapy
            # 42:298, so 0.45 is the upper, formulation-dependent end). Peak ~20 min: 18 +/- 13 min
            # after 2 mg/kg S-ketamine in children (Weber et al. 2004, Paediatr Anaesth 14:983),
            # 14-23 min in the 2022 study. ka = 0.09 /min (absorption half-life ~8 min) is chosen
            # so that the model's plasma peak falls at ~20 min (approx.).
            "intranasal": Absorption(
                bioavailability=0.45,
                ka_per_min=0.09,
                reference="Yanagihara et al. 2003, Biopharm Drug Dispos 24:37; Weber et al. 2004, Paediatr Anaesth 14:983; "
                "F 0.45 as Yanagihara et al. measured for racemic ketamine; some studies find less (approx.)",
            ),
        },
        # Every human protocol is below 20 mg/kg: anaesthetic induction 1-4.5 mg/kg IV, 4-11 mg/kg IM.
        max_dose_mg_per_kg=20.0,
        brain_note=(
            "ke0 (Params.brain_equilibration_per_min) comes from rats (Cohen et al. 1973: brain peak "
            "within a minute of an IV dose); ketamine crosses the blood-brain barrier freely."
        ),
    ),
    # Mouse. Plasma half-life ~10-15 min after i.p. (an assumed typical value; no mouse study stating
    # it was reachable here, approx.); rodent brain ketamine after a tail-vein IV dose is already lower
    # at 30 min and gone from hippocampus by 3 h (Front Synaptic Neurosci 2018;10:8, fig. 1; the
    # species is not named in the part reachable here), consistent with a half-life of minutes.
    # Chosen t1/2 beta = 13 min; t1/2 alpha = 1 min (half the dog/rat value for the smaller animal,
    # approx.); V1 = 0.5 L/kg as for the rat (below). With CL near liver blood flow
    # (~100 mL/min/kg, the ceiling for a high-extraction drug; Davies & Morris 1993, the source of the
    # human value, give 90 for the mouse, so the derived 102 is at or a little above it) a 13 min terminal half-life leaves room
    # only for Vss ~1.5 L/kg (t1/2 beta >= ln 2 Vss / CL), smaller than the 3-4 L/kg of larger
    # species: the reported mouse half-life probably mixes distribution into the decline. Derived:
    # k10 0.2046, k12 0.3612, k21 0.1806 /min, CL 102 mL/min/kg (approx.).
    "mouse": SpeciesPK(
        v1_l_per_kg=0.5,  # approx., as for the rat
        k10_per_min=0.2046,  # derived: CL 102 mL/min/kg (approx.)
        k12_per_min=0.3612,  # derived: Vss 1.5 L/kg (approx.)
        k21_per_min=0.1806,  # derived: t1/2 alpha 1.0 min, beta 13 min (approx.)
        reference="derived (approx.): plasma t1/2 10-15 min (assumed, typical of published rodent values, "
        "approx.), volumes from larger species",
        absorption={
            # i.p.: portal absorption as in the rat (Lukas et al. 1971). The rat's derivation (below)
            # gives ~0 here (clearance near liver blood flow), which cannot be right: i.p. ketamine is the
            # standard mouse route at 10 mg/kg, and the high portal concentrations of a rapid i.p.
            # bolus saturate first-pass extraction (droloxifene in rats: i.p. AUC ~2x intraportal,
            # Xenobiotica 1997;27:627). F = 0.5 is a round middle value (approx., to be replaced by
            # a measured one). ka = 0.15 /min (absorption half-life 4.6 min, approx.): plasma peak at
            # ~5 min, faster than the rat as the animal is smaller.
            "ip": Absorption(
                bioavailability=0.5,
                ka_per_min=0.15,
                reference="approx.: Lukas et al. 1971 (portal absorption); Xenobiotica 1997;27:627 (saturable first pass)",
            ),
        },
        max_dose_mg_per_kg=200.0,  # antidepressant 10 mg/kg i.p.; anaesthetic 80-100 mg/kg i.p.
        brain_note=(
            "No mouse ke0 was found; the rat value (Cohen et al. 1973) is used: ketamine crosses the "
            "blood-brain barrier freely, and rodent brain levels fall within hours of an IV dose "
            "(Front Synaptic Neurosci 2018;10:8)."
        ),
    ),
    # Rat. Terminal half-life ~1-2 h: an assumed typical value; no rat study stating it was reachable
    # here, so the value is approx. and to be checked against a measured rat fit. Chosen t1/2 beta = 85 min
    # (middle of 1-2 h, longer than dog and rabbit ~1 h); t1/2 alpha = 2 min as in the dog (Kaka &
    # Hayton 1980); V1 = 0.5 L/kg and Vss = 4.0 L/kg from the dog, rabbit and human values above
    # (approx.). Derived: k10 0.0833, k12 0.2375, k21 0.0339 /min, so CL = 42 mL/min/kg, below rat
    # liver blood flow (104 mL/min/kg by ultrasound, Pharmacol Res Perspect 2021;9:e00731), E_H ~0.4.
    # Davies & Morris 1993 (the source of the human value) give the rat ~55 mL/min/kg, which would make
    # E_H ~0.75 and the i.p. bioavailability below ~0.25 (docs/model.md says so).
    # Consistency checks with measured rat data (tests): 7.5 mg/kg every 90 min keeps plasma above
    # 100 ng/mL (IM in F344 rats, Drug Test Anal 2019;11:68; here checked by IV, the strictest case).
    "rat": SpeciesPK(
        v1_l_per_kg=0.5,  # approx., dog 0.37-0.54 L/kg (Pypendop & Ilkiw 2005; Kaka & Hayton 1980)
        k10_per_min=0.0833,  # derived (see above): CL 42 mL/min/kg (approx.)
        k12_per_min=0.2375,  # derived: Vss 4.0 L/kg (approx.)
        k21_per_min=0.0339,  # derived: t1/2 alpha 2.0 min, beta 85 min (approx.)
        reference="derived (approx.): t1/2 beta 1-2 h (assumed, typical of published rodent values, "
        "approx.), alpha and volumes from dog/rabbit/human fits",
        absorption={
            # i.p.: absorbed through the portal vein (Lukas et al. 1971), so F ~ 1 - E_H =
            # 1 - 42/104 = 0.6 (derived, approx.). Absorption from the peritoneal cavity starts within
            # seconds to minutes (Lukas et al. 1971: 10 s-5 min); ka = 0.1 /min (absorption half-life
            # 7 min, approx.) puts the plasma peak at ~6 min, in step with ataxia 5-6 min after an
            # injection (CCAC guidance on ketamine in laboratory animals).
            "ip": Absorption(
                bioavailability=0.6,
                ka_per_min=0.1,
                reference="derived: Lukas et al. 1971, J Pharmacol Exp Ther 178:562 (portal absorption); liver blood flow 104 mL/min/kg (approx.)",
            ),
        },
        # Rodent protocols: antidepressant 5-10 mg/kg i.p., anaesthetic 50-100 mg/kg i.p. (with
        # xylazine; Struck et al. 2011, JAALAS 50:344; Giroux et al. 2015); up to 200 mg/kg allowed.
        max_dose_mg_per_kg=200.0,  # Moghaddam et al. 1997 anaesthetised rats with 200 mg/kg i.p.
        brain_note=(
            "Cohen et al. 1973 (Anesthesiology 39:370): rat brain ketamine peaks within a minute of an "
            "IV dose; the default ke0 = 2 /min is this rat value."
        ),
    ),
}


#: NMDA receptor GluN2 subunits the block model distinguishes, in the order of the numba arrays.
SUBUNITS: tuple[str, ...] = ("GluN2A", "GluN2B", "GluN2C", "GluN2D")

# Ketamine IC50 per subunit (uM), after Kotermanski & Johnson 2009 (J Neurosci 29:2774), HEK cells at
# -66 mV (approx.). We take them as the model's values at -70 mV: the 4 mV difference shifts an IC50 by
# under 10 %, less than the spread between studies. In 1 mM Mg2+: 5.4 (2A), 5.1 (2B), 1.2 (2C),
# 3.0 (2D) uM (docs/science-checks.md, reference values). Without Mg2+ only the range 0.3-0.8 uM is
# given, for all four; we choose values inside it with 2A/2B the most potent and 2D the least: 0.33, 0.31, 0.51, 0.75 uM
# (approx.; the 2D value is a choice within the stated range, not a measurement). In Mg2+ GluN2C/2D keep
# much more of their sensitivity because Mg2+, which competes with ketamine for the pore, binds them
# less tightly: that makes interneurons (GluN2C/2D-like) more sensitive.
KETAMINE_IC50_NO_MG_UM = fixed(
    (0.33, 0.31, 0.51, 0.75), unit="uM", group="receptors",
    meaning="Ketamine IC50 without Mg2+ at -70 mV, per subunit (GluN2A, 2B, 2C, 2D)",
    reference="chosen inside the 0.3-0.8 uM range for GluN2A-D without Mg2+ (after Kotermanski & Johnson "
    "2009, J Neurosci 29:2774), 2A/2B most potent, 2D least (approx.)",
)
KETAMINE_IC50_1MM_MG_UM = fixed(
    (5.4, 5.1, 1.2, 3.0), unit="uM", group="receptors",
    meaning="Ketamine IC50 in 1 mM Mg2+ at -70 mV, per subunit (GluN2A, 2B, 2C, 2D)",
    reference="Kotermanski & Johnson 2009, J Neurosci 29:2774 (HEK cells at -66 mV; approx.)",
)


#: Shape of the E-I rate model (Wilson & Cowan 1972 form, the couplings' paper; their 1973 paper is its spatial sequel; rates in Hz). Each population's rate is
#: F(x) = r_max / (1 + exp(-(x - 10) / slope)) of its net drive x; the external drives are solved so
#: that the drug-free fixed point is exactly at the baseline rates. The pyramidal sigmoid is steep:
#: pyramidal cells sit near threshold, so a small loss of inhibition raises their rate a lot. That
#: circuit gain, not a large block, carries the disinhibition at subanaesthetic doses (the first
#: tension in docs/science-checks.md). Values found by a search for its checks 6-7 (approx.), then
#: rounded.
_CIRCUIT_FIT = (
    "fitted so that a subanaesthetic dose slows interneurons before pyramidal cells speed up and leaves "
    "pyramidal firing and glutamate above baseline, and an anaesthetic dose holds glutamate below "
    "baseline while the drug is high (Homayoun & Moghaddam 2007; Moghaddam et al. 1997), rounded (approx.)"
)
CIRCUIT = {
    "tau_ms": fixed(
        10.0, unit="ms", group="circuit",
        meaning="Time constant of the rate dynamics (membrane and synaptic)",
        reference="Wilson & Cowan 1972, Biophys J 12:1 (~8-10 ms)",
    ),
    "max_rate_pyramidal_hz": fixed(
        30.0, unit="Hz", group="circuit",
        meaning="Maximal firing rate of the pyramidal population (top of its sigmoid)",
        reference=_CIRCUIT_FIT,
    ),
    "slope_pyramidal": fixed(
        0.6, unit="a.u.", group="circuit",
        meaning="Slope of the pyramidal sigmoid: steep, pyramidal cells sit near threshold",
        reference=_CIRCUIT_FIT,
    ),
    "max_rate_interneuron_hz": fixed(
        40.0, unit="Hz", group="circuit",
        meaning="Maximal firing rate of the fast-spiking interneuron population",
        reference=_CIRCUIT_FIT,
    ),
    "slope_interneuron": fixed(
        6.0, unit="a.u.", group="circuit",
        meaning="Slope of the interneuron sigmoid",
        reference=_CIRCUIT_FIT,
    ),
    "w_pyramidal_to_pyramidal": fixed(
        0.05, unit="a.u./Hz", group="circuit",
        meaning="Recurrent excitation of pyramidal cells, drive per Hz of pyramidal firing",
        reference=_CIRCUIT_FIT,
    ),
    "w_interneuron_to_pyramidal": fixed(
        0.85, unit="a.u./Hz", group="circuit",
        meaning="Inhibition of pyramidal cells, drive per Hz of baseline interneuron firing x GABA tone",
        reference=_CIRCUIT_FIT,
    ),
    "w_pyramidal_to_interneuron": fixed(
        0.3, unit="a.u./Hz", group="circuit",
        meaning="Excitation of interneurons, drive per Hz of pyramidal firing",
        reference=_CIRCUIT_FIT,
    ),
    "w_interneuron_to_interneuron": fixed(
        0.15, unit="a.u./Hz", group="circuit",
        meaning="Self-inhibition of interneurons, drive per Hz of interneuron firing",
        reference=_CIRCUIT_FIT,
    ),
}

#: Share of the ketamine-induced change at its target that each pre-treatment removes (approx.:
#: the doses used in the experiments abolished the effect; 0.95 leaves a trace, as real blockers do).
#: Modelling choice: a pre-treatment removes the drug-induced change at its node and leaves the
#: drug-free baseline alone, as in the experiments, where the blocker alone changed neither behaviour
#: nor spine counts. The knockout removes the protein altogether.
PRETREATMENT_EFFICACY = {
    # One number, two clocks: the slow model scales the drug's change in AMPA activation by what
    # NBQX leaves (dynamics.py, KEEP_NBQX); the synapse microscope holds this share of its AMPA
    # receptors occupied by NBQX for the whole run (synapse.py, "NBQX"), so one event's AMPA current
    # and depolarisation shrink by it.
    "nbqx": fixed(
        0.95, unit="fraction", group="plasticity",
        meaning="Share of the AMPA receptors NBQX occupies: of the drug-induced AMPA activation it removes (slow model) and of one event's AMPA current (microscope)",
        reference="Maeng et al. 2008, Biol Psychiatry 63:349: abolished the effect; 0.95 leaves a trace (approx.)",
    ),
    "nifedipine": fixed(
        0.95, unit="fraction", group="plasticity",
        meaning="Share of the extra L-type Ca2+ entry that nifedipine removes",
        reference="Lepack et al. 2015, Int J Neuropsychopharmacol 18:pyu033: abolished the effect (approx.)",
    ),
    "rapamycin": fixed(
        0.95, unit="fraction", group="plasticity",
        meaning="Share of the mTORC1 activation that rapamycin removes",
        reference="Li et al. 2010, Science 329:959: abolished the effect (approx.)",
    ),
    "anisomycin": fixed(
        0.95, unit="fraction", group="plasticity",
        meaning="Share of the new protein synthesis (synaptic proteins, BDNF translation) that anisomycin removes",
        reference="Autry et al. 2011, Nature 475:91: abolished the effect (approx.)",
    ),
}


class Params(traitlets.HasTraits):
    """Parameters of the ketamine model; defaults describe a healthy adult human in 1 mM Mg2+.

    Every trait carries ``unit``, ``low``, ``high``, ``description`` and ``reference`` in its
    metadata (see :func:`parameter_table`). Assigning a bad value raises
    :class:`~ketawidget.model.errors.ParameterError` (a ``traitlets.TraitError``) naming the
    parameter, its allowed range and unit, and leaves the object unchanged.

    Parameters
    ----------
    **values
        Initial values by trait name. Unknown names raise ``TypeError`` (a misspelt keyword is
        never silently ignored).

    Examples
    --------
    >>> p = Params(mg_mM=0.5)
    >>> p.mg_mM
    0.5
    """

    species = Choice(
        "human",
        choices=tuple(SPECIES_PK),
        description="Species whose pharmacokinetics (disposition, routes, dose range) are simulated",
        reference="see SPECIES_PK",
    )
    mg_mM = Quantity(
        1.0,
        unit="mM",
        low=0.0,
        high=10.0,
        description="Extracellular Mg2+ concentration (physiological ~1 mM)",
        reference="Jahr & Stevens 1990, J Neurosci 10:3178",
    )
    brain_equilibration_per_min = Quantity(
        # Cohen 1973: brain ketamine peaks within a minute of an IV dose (rat); ketamine is small and
        # lipophilic and crosses the blood-brain barrier freely. ke0 = 2 /min gives a 21 s half-time,
        # i.e. equilibration within 1-2 minutes (approx.).
        2.0,
        unit="1/min",
        low=0.01,
        high=20.0,
        description="Rate constant ke0 at which brain (effect-site) ketamine follows plasma",
        reference="Cohen et al. 1973, Anesthesiology 39:370 (approx.)",
    )
    unbound_fraction = Quantity(
        # The receptor sees free drug. Total brain tissue reaches ~6.5x plasma (Cohen 1973) because
        # of lipid partitioning and non-specific binding; that drug is not in the extracellular fluid.
        # We assume the free brain concentration equals the free plasma concentration at equilibrium
        # (passive diffusion, no active transport), i.e. plasma x unbound fraction. Dayton et al. 1983
        # found ketamine bound "as much as 47 %" in human plasma (mostly to alpha1-acid glycoprotein,
        # so it varies between people), so 0.53 unbound is the low end of the free fraction (approx.).
        0.53,
        unit="fraction",
        low=0.05,
        high=1.0,
        description="Unbound fraction of plasma ketamine; free brain = this x plasma at equilibrium",
        reference="Dayton et al. 1983, Eur J Clin Pharmacol 24:825 (approx.)",
    )
    interneuron_glun2cd_fraction = Quantity(
        # Fast-spiking (PV) interneurons carry GluN2D-containing receptors (von Engelhardt et al.
        # 2015; Alvarez et al. 2007) beside GluN2A/2B. Half of their receptors being 2C/2D-like is a
        # round middle value (approx.); because Mg2+ blocks 2C/2D less, they then carry ~80 % of the
        # interneurons' NMDA current at -60 mV in 1 mM Mg2+.
        0.5,
        unit="fraction",
        low=0.0,
        high=1.0,
        description="Share of interneuron NMDA receptors (conductance without Mg2+) that are GluN2C/2D-like",
        reference="0.5 is a round middle value, a modelling choice; the evidence for GluN2C/2D-containing "
        "receptors on interneurons comes mainly from hippocampus of young animals (von Engelhardt et al. "
        "2015, Front Cell Neurosci 9:95) (approx.)",
    )
    pyramidal_glun2cd_fraction = Quantity(
        # Adult cortical pyramidal synapses are dominated by GluN2A and GluN2B. 0 is a simplification:
        # GluN2D has been reported in newborn CA1 pyramidal cells.
        0.0,
        unit="fraction",
        low=0.0,
        high=1.0,
        description="Share of pyramidal-cell NMDA receptors (conductance without Mg2+) that are GluN2C/2D-like",
        reference="Paoletti et al. 2013, Nat Rev Neurosci 14:383 (adult pyramidal synapses: mainly GluN2A/2B); "
        "0 is a simplification, as GluN2D has been reported in newborn CA1 pyramidal cells",
    )
    v_interneuron_mV = Quantity(
        # Tonically active fast-spiking cells spend more time depolarised than pyramidal cells; a
        # time-averaged -60 mV is a rough middle of in vivo values (approx.). Depolarisation relieves
        # Mg2+ and so lets ketamine in: this is part of why interneurons are hit first.
        -60.0,
        unit="mV",
        low=-100.0,
        high=20.0,
        description="Time-averaged membrane potential at interneuron NMDA receptors",
        reference="reviews of in vivo PFC recordings (approx.)",
    )
    v_pyramidal_mV = Quantity(
        -70.0,
        unit="mV",
        low=-100.0,
        high=20.0,
        description="Time-averaged membrane potential at pyramidal-cell NMDA receptors",
        reference="reviews of in vivo PFC recordings (approx.)",
    )
    ketamine_voltage_efold_mV = Quantity(
        # Ketamine is a charged pore blocker; its own affinity rises with hyperpolarisation. An
        # electrical distance of ~0.5 (e-fold per ~50 mV) sits between weakly and strongly
        # voltage-dependent reports (approx.). Only matters away from the -70 mV reference.
        50.0,
        unit="mV",
        low=10.0,
        high=1000.0,
        description="Membrane potential change that changes ketamine's own affinity e-fold",
        reference="MacDonald et al. 1991, J Physiol 432:483 (approx.)",
    )

    # -- use-dependent trapping block (receptors) ----------------------------------------------------
    ketamine_on_rate_per_uM_min = Quantity(
        # Open-channel association of ketamine, ~3e5 /M/s (= 18 /uM/min) at negative potentials
        # (approx.; MacDonald et al. 1991; Orser et al. 1997 report comparable kinetics).
        18.0,
        unit="1/(uM min)",
        low=0.1,
        high=1000.0,
        description="Rate at which ketamine enters an open NMDA channel",
        reference="MacDonald et al. 1991, J Physiol 432:483 (approx.)",
    )
    interneuron_open_fraction = Quantity(
        # Use dependence: ketamine binds and leaves only while channels are open. Tonically active
        # fast-spiking interneurons keep NMDA channels open more of the time than pyramidal cells
        # (approx.; chosen 5x the pyramidal value). Fitted, not measured: Homayoun & Moghaddam 2007
        # recorded firing after MK-801, not channel open times. The 5x stands for their tonic firing:
        # GluN2C/2D receptors on their own open less often than GluN2A/2B, which works against it.
        # The upper bound (as for the pyramidal value) is about the highest open probability any NMDA
        # receptor reaches, GluN2A in saturating agonists (~0.5); no share of time can exceed it.
        0.05,
        unit="fraction",
        low=0.001,
        high=0.5,
        description="Share of time interneuron NMDA channels are open at baseline firing",
        reference="fitted modelling choice, not a measurement (5x the pyramidal value): "
        "with it the model reproduces the order of firing changes Homayoun & Moghaddam 2007 (J Neurosci "
        "27:11496) recorded after MK-801, interneurons slowing before pyramidal cells speed up (approx.)",
    )
    pyramidal_open_fraction = Quantity(
        0.01,
        unit="fraction",
        low=0.001,
        high=0.5,
        description="Share of time pyramidal-cell NMDA channels are open at baseline firing",
        reference="Orser et al. 1997 (Po 0.058 under agonist) scaled by synaptic use (approx.)",
    )
    # -- E-I circuit (circuit) -------------------------------------------------------------------------
    baseline_rate_pyramidal_hz = Quantity(
        3.0, unit="Hz", low=0.5, high=10.0,
        description="Pyramidal-cell firing rate without drug (awake rodent PFC: 1-5 Hz)",
        reference="typical awake rodent prefrontal recordings, as summarised in reviews (approx.)",
    )
    baseline_rate_interneuron_hz = Quantity(
        15.0, unit="Hz", low=5.0, high=30.0,  # below the 40 Hz ceiling of the rate function
        description="Fast-spiking interneuron firing rate without drug (10-30 Hz)",
        reference="typical awake rodent prefrontal recordings, as summarised in reviews (approx.)",
    )
    pyramidal_nmda_drive_fraction = Quantity(
        # Share of the pyramidal cells' excitatory drive carried by NMDA receptors (approx.): high
        # enough that anaesthetic block silences them (the falling side of the inverted U).
        0.75, unit="fraction", low=0.0, high=1.0,
        description="Share of pyramidal excitatory drive carried by NMDA receptors",
        reference="chosen to reproduce Moghaddam et al. 1997 (approx.)",
    )
    interneuron_nmda_drive_fraction = Quantity(
        # Interneurons' tonic activity depends strongly on NMDA receptors (their firing falls after
        # MK-801, Homayoun & Moghaddam 2007); the 0.9 itself is fitted, not measured (approx.).
        0.9, unit="fraction", low=0.0, high=1.0,
        description="Share of interneuron excitatory drive carried by NMDA receptors",
        reference="fitted modelling choice, not a measurement: "
        "with it the model reproduces the order of firing changes Homayoun & Moghaddam 2007 (J Neurosci "
        "27:11496) recorded after MK-801, interneurons slowing before pyramidal cells speed up (approx.)",
    )
    gaba_tone_minutes = Quantity(
        # Lumps the lag between interneurons slowing and pyramidal cells speeding up (several minutes
        # in Homayoun & Moghaddam 2007) into one relaxation of the inhibitory tone (approx.). GABA's own
        # action takes milliseconds; the minutes stand for slower changes in inhibitory tone. Fitted.
        5.0, unit="min", low=0.1, high=60.0,
        description="Time constant with which inhibition on pyramidal cells follows interneuron firing",
        reference="fitted modelling choice, not a measurement: GABA's own action takes milliseconds, so the "
        "minutes stand for slower changes in inhibitory tone that the model lumps together; "
        "with it the model reproduces the order of firing changes Homayoun & Moghaddam 2007 (J Neurosci "
        "27:11496) recorded after MK-801, interneurons slowing before pyramidal cells speed up (approx.)",
    )
    # -- plasticity cascade (plasticity) ---------------------------------------------------------------
    bdnf_release_minutes = Quantity(
        5.0, unit="min", low=0.5, high=120.0,
        description="Time constant of activity-dependent BDNF release following L-type Ca2+ entry",
        reference="Lepack et al. 2015, Int J Neuropsychopharmacol 18:pyu033 (approx.)",
    )
    eef2_minutes = Quantity(
        10.0, unit="min", low=1.0, high=120.0,
        description="Time constant of eEF2 (de)phosphorylation following eEF2 kinase activity",
        reference="Autry et al. 2011, Nature 475:91 (within 30 min; approx.)",
    )
    bdnf_translation_minutes = Quantity(
        20.0, unit="min", low=1.0, high=240.0,
        description="Time constant of the BDNF protein pool following its translation rate",
        reference="Autry et al. 2011, Nature 475:91 (BDNF up within 30 min; approx.)",
    )
    trkb_desensitisation_minutes = Quantity(
        # Bound TrkB is internalised and degraded under sustained BDNF: in cultured cortical neurons
        # internalisation starts within minutes and 2-3 h of BDNF halve the surface pool (Proenca et
        # al. 2016, J Neurochem 138:397). A desensitised level that follows binding with 30 min
        # (approx., chosen for Li's timing, not measured) turns mTORC1 into the burst Li et al. 2010
        # saw: up at 30-60 min, back to baseline by 2 h after the human infusion (1.48x at 1 h,
        # 1.02x at 2 h). At 20 min the burst is smaller (1.39x; spines +20 % at 24 h), at 60 min
        # larger and slower to end (1.63x, 1.05x at 2 h; spines +30 %).
        30.0, unit="min", low=1.0, high=600.0,
        description="Time constant with which TrkB desensitisation follows TrkB activation (mTORC1 sees the excess)",
        reference="Li et al. 2010, Science 329:959 (mTORC1 back to baseline by 2 h; approx.)",
    )
    mtorc1_minutes = Quantity(
        15.0, unit="min", low=1.0, high=240.0,
        description="Time constant of mTORC1 pathway phosphorylation following TrkB activation",
        reference="Li et al. 2010, Science 329:959 (up within 30-60 min; approx.)",
    )
    synaptic_protein_hours = Quantity(
        # The synaptic proteins made in the hour-long mTORC1 burst (PSD95, GluA1, synapsin I) stay
        # raised for a day or more (Li et al. 2010: up from ~2 h, still at 72 h), so the pool that
        # spines are built from turns over with ~24 h (approx.); with 8 h it emptied before
        # spines were counted at 24 h.
        24.0, unit="h", low=0.5, high=72.0,
        description="Time constant of the synaptic protein pool filled by mTORC1-driven synthesis",
        reference="Li et al. 2010, Science 329:959 (from ~2 h; approx.)",
    )
    spine_maturation_hours = Quantity(
        # New spines take hours to form and stabilise: not raised at 3-6 h, clearly at 12-24 h.
        8.0, unit="h", low=0.5, high=72.0,
        description="Time for a nascent spine to become a counted, stable spine",
        reference="Moda-Sava et al. 2019, Science 364:eaat8078 (approx.)",
    )
    spine_lifetime_days = Quantity(
        # Extra spines persist for ~1-2 weeks (Phoumthipphavong et al. 2016). One pooled constant: in
        # adult cortex most spines last months and a transient minority turns over within days
        # (Grutzendler et al. 2002; Holtmaat et al. 2005); new spines, like ketamine's, are mostly of
        # the transient kind, so the value is set by how long the extra spines last (docs/model.md).
        5.0, unit="d", low=0.5, high=60.0,
        description="Elimination time constant of spines, one pooled value set by how long ketamine's extra spines last",
        reference="Phoumthipphavong et al. 2016, eNeuro 3:ENEURO.0030-16 (approx.)",
    )
    chronic_stress = Flag(
        description="Baseline after chronic stress: drug-free spine density lowered to 0.8 (fewer form at rest)",
        reference="Moda-Sava et al. 2019, Science 364:eaat8078",
    )
    # -- pre-treatments -----------------------------------------------------------------------------
    nbqx = Flag(
        description="AMPA receptor antagonist NBQX before ketamine",
        reference="Maeng et al. 2008, Biol Psychiatry 63:349",
    )
    nifedipine = Flag(
        description="L-type Ca2+ channel blocker nifedipine before ketamine",
        reference="Lepack et al. 2015, Int J Neuropsychopharmacol 18:pyu033",
    )
    rapamycin = Flag(
        description="mTORC1 inhibitor rapamycin before ketamine",
        reference="Li et al. 2010, Science 329:959",
    )
    anisomycin = Flag(
        description="Protein-synthesis inhibitor anisomycin before ketamine",
        reference="Autry et al. 2011, Nature 475:91",
    )
    bdnf_knockout = Flag(
        description="BDNF knockout (no BDNF protein)",
        reference="Autry et al. 2011, Nature 475:91",
    )

    def __init__(self, **values: Any) -> None:
        unknown = sorted(set(values) - set(self.trait_names()))
        if unknown:
            raise TypeError(
                f"unknown parameter(s) {', '.join(unknown)}; valid names: {', '.join(sorted(self.trait_names()))}"
            )
        super().__init__(**values)

    def __setattr__(self, name: str, value: Any) -> None:
        # Only new public names are refused (traitlets itself sets existing ones, notify_change), and
        # only on Params itself: a subclass may keep attributes of its own.
        if type(self) is Params and not name.startswith("_") and not hasattr(self, name):
            hint = (
                "The dose and the run length are not parameters: pass them to simulate(dose, params, hours), "
                "or set lab.dose and lab.hours."
                if name in ("dose", "hours")
                else ""
            )
            refuse_unknown_attribute("Params", name, self.trait_names(), hint)
        super().__setattr__(name, value)

    def to_dict(self) -> dict[str, Any]:
        """Return the values as a plain dict (name -> value)."""
        return {name: getattr(self, name) for name in sorted(self.trait_names())}

    def __repr__(self) -> str:
        changed = {
            name: getattr(self, name)
            for name in sorted(self.trait_names())
            if getattr(self, name) != self.traits()[name].default_value
        }
        inner = ", ".join(f"{k}={v!r}" for k, v in changed.items())
        return f"Params({inner})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Params) and self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]  # mutable


#: The yes/no parameters (the pre-treatments and chronic stress), by name: what a run was given
#: besides its dose. The diagram's wire names a run's conditions with exactly these
#: (``SynapseView.run_conditions``, docs/wire-format.md), and the front end reads the same list from
#: ``js/conditions.ts``, generated from this one by :func:`render_conditions_typescript`.
CONDITIONS: tuple[str, ...] = tuple(name for name, trait in sorted(Params.class_traits().items()) if isinstance(trait, Flag))


def render_conditions_typescript() -> str:
    """:data:`CONDITIONS` as TypeScript (``js/conditions.ts``, which ``make channels`` writes, as it
    does ``js/channels.ts``), so the front end knows the same ids."""
    return generated_typescript(
        "ketawidget/model/parameters.py (CONDITIONS)",
        "A run's conditions (its yes/no parameters: pre-treatments, chronic stress): the one list, shared with Python.",
        ["export const CONDITIONS = [", *(f'  "{name}",' for name in CONDITIONS), "] as const;", "",
         "export type Condition = (typeof CONDITIONS)[number];"],
    )


def parameter_table() -> list[dict[str, Any]]:
    """Every ``Params`` trait with its metadata, for controls and docs.

    Returns
    -------
    list of dict
        One dict per parameter with ``name``, ``default``, ``unit``, ``low``, ``high`` (or
        ``choices``), ``description`` and ``reference``.
    """
    rows = []
    for name, trait in sorted(Params.class_traits().items()):
        row = {"name": name, "default": trait.default_value, **trait.metadata}
        rows.append(row)
    return rows


#: The modules that declare fixed constants, in the order the table lists a group's constants.
FIXED_CONSTANT_MODULES: tuple[str, ...] = ("parameters", "pharmacokinetics", "receptors", "circuit", "plasticity", "synapse")


def fixed_constant_table() -> list[dict[str, Any]]:
    """Every fixed model constant (declared with ``constants.fixed``), for docs.

    Returns
    -------
    list of dict
        One dict per constant with ``name`` (``"NAME"``, or ``'NAME["key"]'`` for a dict entry),
        ``module`` (e.g. ``"plasticity"``), ``value`` (exactly the value the model uses), ``unit``,
        ``meaning``, ``reference`` and ``group``; in the order of ``constants.FIXED_GROUPS`` (the
        model's stages, then "numerical"), inside a group by module, then as declared.

    Examples
    --------
    >>> row = next(r for r in fixed_constant_table() if r["name"] == "JAHR_STEVENS_K0_MM")
    >>> row["module"], row["value"], row["unit"]
    ('receptors', 3.57, 'mM')
    """
    import importlib

    for module in FIXED_CONSTANT_MODULES:  # declaring happens on import
        importlib.import_module(f"{__package__}.{module}")
    rows = []
    for constant in fixed_constants().values():
        module = constant.module.rpartition(".")[2]
        rows.append({
            "name": constant.name, "module": module, "value": constant.value, "unit": constant.unit,
            "meaning": constant.meaning, "reference": constant.reference, "group": constant.group,
        })
    order = {module: i for i, module in enumerate(FIXED_CONSTANT_MODULES)}
    return sorted(rows, key=lambda row: (FIXED_GROUPS.index(row["group"]), order.get(row["module"], len(order))))


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|")


def _fixed_constant_markdown() -> list[str]:
    lines = [
        "",
        "## Fixed constants",
        "",
        "What the model keeps fixed: a student cannot change these. Each is declared once, where it is",
        "used, with `fixed(value, unit=..., meaning=..., reference=..., group=...)`; the code beside it",
        "keeps the longer reasoning. Grouped by model stage; the numerical constants (step size, rounding",
        "of corners) come last. \"x baseline\" is relative to the drug-free level.",
    ]
    rows = fixed_constant_table()
    for group in FIXED_GROUPS:
        in_group = [row for row in rows if row["group"] == group]
        if not in_group:
            continue
        lines += ["", f"### {'numerical (not biology)' if group == 'numerical' else group}", "",
                  "| name | value | unit | meaning | source |", "|---|---|---|---|---|"]
        for row in in_group:
            value = row["value"]
            shown = ", ".join(repr(v) for v in value) if isinstance(value, tuple) else repr(value)
            lines.append(
                f"| `{row['module']}.{row['name']}` | {shown} | {_cell(row['unit'])} | {_cell(row['meaning'])} "
                f"| {_cell(row['reference'])} |"
            )
    return lines


def parameter_markdown() -> str:
    """Every parameter, then every fixed constant, as Markdown tables (``docs/parameters.md``;
    ``make docs`` writes it)."""
    lines = [
        "# Parameters",
        "",
        "Generated by `make docs` from the declarations in `ketawidget/model/` (`Params` in `parameters.py`;",
        "the fixed constants where each is used); do not edit by hand.",
        "\"approx.\" marks a value known only roughly; the code says why it was chosen.",
        "",
        "| name | default | unit | allowed | meaning | source |",
        "|---|---|---|---|---|---|",
    ]
    for row in parameter_table():
        allowed = (
            " / ".join(str(c) for c in row["choices"]) if "choices" in row else f"{row['low']:g} to {row['high']:g}"
        )
        lines.append(
            f"| `{row['name']}` | {row['default']} | {row['unit'] or '-'} | {allowed} | {row['description']} | {row['reference']} |"
        )
    lines += _species_pk_markdown()
    lines += _fixed_constant_markdown()
    return "\n".join(lines) + "\n"


def _species_pk_markdown() -> list[str]:
    """The species' pharmacokinetic sets (``SPECIES_PK``) as a table: data, not knobs, each with its source."""
    lines = [
        "",
        "## Pharmacokinetics per species",
        "",
        "`SPECIES_PK` in `parameters.py`, chosen by `species`; the comments there say how each rodent",
        "value was derived. Two compartments (V1, k10, k12, k21); an extravascular route adds a depot",
        "absorbed at ka with bioavailability F.",
        "",
        "| species | V1 (L/kg) | k10, k12, k21 (1/min) | half-lives alpha, beta (min) | routes: F, ka (1/min) | largest dose (mg/kg) | source |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, pk in SPECIES_PK.items():
        alpha, beta = pk.half_lives_min
        routes = "; ".join(
            ["iv"] + [f"{route}: F {a.bioavailability:g}, ka {a.ka_per_min:g} ({a.reference})" for route, a in pk.absorption.items()]
        )
        lines.append(
            f"| {name} | {pk.v1_l_per_kg:g} | {pk.k10_per_min:g}, {pk.k12_per_min:g}, {pk.k21_per_min:g} | "
            f"{alpha:.1f}, {beta:.0f} | {routes} | {pk.max_dose_mg_per_kg:g} | {pk.reference} |"
        )
    return lines
