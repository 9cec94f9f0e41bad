"""The plasticity cascade: from AMPA activation and resting NMDA block to BDNF, mTORC1 and spines.

All quantities are relative to the drug-free baseline (1.0). Time in minutes. Two branches meet at
BDNF (Autry et al. 2011; Lepack et al. 2015; Li et al. 2010)::

    L   = A^2                                   L-type Ca2+ entry, steep in the AMPA depolarisation A
    dR/dt = (L - R) / tau_R                     activity-dependent BDNF release
    dE/dt = ((1 - b_E)^4 - E) / tau_eEF2        eEF2 phosphorylation by Ca2+/CaM-eEF2 kinase, driven by
                                                resting NMDA Ca2+ entry (4 Ca2+ per calmodulin)
    T   = 1 + 3 (1 - E)                         BDNF translation speeds up as eEF2 is dephosphorylated
    dP/dt = (T - P) / tau_P                     BDNF protein
    K0  = R^P                                   TrkB drive: release R acting on the pool P; 1 at
                                                baseline, above 1 only when release AND pool are up
    K   = K_max K0 / (K_max - 1 + K0)           TrkB activation: a finite receptor pool, so it
                                                saturates at K_max times baseline
    dD/dt = (K - D) / tau_D                     TrkB desensitisation: bound receptors are
                                                internalised, so D follows binding with 30 min
    Q   = 1 + min(K - 1, 0) + max(0, K - 1 - max(D - 1, 0))
                                                TrkB signalling to mTORC1: the binding that runs
                                                ahead of desensitisation (subtractive, rectified);
                                                between baseline and D nothing, below baseline
                                                the fall passes through unchanged
    dM/dt = (Q - M) / tau_M                     mTORC1 signalling: a burst while binding rises
    Y   = 1 + g (M - 1) above baseline, M below  synthesis of synaptic proteins, steep (g = 12)
    dS/dt = (Y - S) / tau_S                     synaptic-protein pool, tau_S = 24 h
    f   = k s x / sqrt(1 + x^2),  x = (S - 1) / s     spine formation (saturating), negative when
                                                synaptic proteins fall short; k = k_N (formation)
                                                for x >= 0, k_P (pruning) for x < 0
    dN/dt = max(f, 0) - N / tau_mat             nascent spines
    dD_s/dt = room N / tau_mat + min(f, 0) D_s / D_base + (D_base - D_s) / tau_life
    room = (1.8 - D_s) / (1.8 - D_base)         spine density D_s: nascent spines mature as far as
                                                there is room (none left at 1.8x the healthy
                                                density; the others are lost), extra
                                                formation or, with a shortfall, pruning in
                                                proportion to the spines there are (so D_s stays
                                                positive), unchanged turnover

The corners of Q and Y are rounded (smooth away from baseline itself) so that the implicit
integrator does not stumble on them: Q's by hyperbolas whose width is SIGNAL_ROUNDING times the signal's distance from baseline,
Y's by a smooth step of width SYNTHESIS_ROUNDING (see those constants). The room needs no corner:
the density cannot reach the limit, where maturation stops and turnover pulls it back.

A pre-treatment removes the drug-induced change at its node (e.g. with NBQX, A -> 1 + 0.05 (A - 1)),
leaving the baseline alone; the BDNF knockout has no BDNF protein (P = 0), so release changes
nothing (K = R^0 = 1). The power form keeps K positive and makes a larger pool amplify extra
release. Rapamycin acts on Q, anisomycin on Y (and on BDNF translation). Every path from ketamine to
new spines passes through AMPA, L-type channels, BDNF release, mTORC1 and protein synthesis, which
is why each blocker removes the spine gain. In the studies each blocked what was measured there:
the antidepressant effect (NBQX, Maeng et al. 2008; anisomycin and the BDNF knockout, Autry et al.
2011; L-type channel blockers, Lepack et al. 2015, who also showed them blocking BDNF release in
cultured neurons), and the new spines themselves
(rapamycin, Li et al. 2010, the one study of the four that counted spines).
"""

from __future__ import annotations

from .constants import fixed

# Each constant: value, unit, meaning and source in one declaration (listed in docs/parameters.md);
# the comments above the longer ones keep the reasoning behind the value.

TRANSLATION_GAIN = fixed(
    3.0, unit="-", group="plasticity",
    meaning="Gain of BDNF translation on eEF2 dephosphorylation: T = 1 + gain (1 - E)",
    reference="modelling choice (approx.): a 25 % drop in phospho-eEF2 gives ~75 % faster BDNF "
    "translation, so that the branch's BDNF rise is of the size Autry et al. 2011 (Nature 475:91) "
    "measured; they showed the direction, not this dependence",
)
EEF2K_COOPERATIVITY = fixed(
    4.0, unit="-", group="plasticity",
    meaning="Exponent of eEF2 kinase activity on resting NMDA Ca2+ entry: (1 - b_E)^n",
    reference="modelling choice (approx.): a steep dependence, as eEF2 kinase needs Ca2+-calmodulin "
    "(4 Ca2+ sites); the exponent is chosen, not derived or measured",
)
L_TYPE_EXPONENT = fixed(
    2.0, unit="-", group="plasticity",
    meaning="Exponent of L-type Ca2+ entry on AMPA depolarisation: L = A^n",
    reference="steep voltage dependence of L-type channels (approx.)",
)
# Raised from 0.002 when the TrkB ceiling below lowered mTORC1's peak from 2.8x to 1.9x, and kept
# when desensitisation made mTORC1 a burst: the steep synthesis into a day-long pool (SYNTHESIS_GAIN)
# carries the spine gain instead, +24 % at 24 h.
SPINE_FORMATION_GAIN = fixed(
    0.0028, unit="1/min", group="plasticity",
    meaning="Nascent-spine formation per unit of extra synaptic protein",
    reference="chosen so the antidepressant infusion raises spine density ~+24 % at 24 h; "
    "Li et al. 2010, Science 329:959: +20-30 % (approx.)",
)
# In the model a shortfall comes only while an anaesthetic dose silences the cells (rat 100 mg/kg
# i.p.: -5 % at 6 h, then the surge as the drug falls, +29 % at 24 h).
SPINE_PRUNING_GAIN = fixed(
    0.002, unit="1/min", group="plasticity",
    meaning="Pruning of existing spines per unit of synaptic-protein shortfall",
    reference="no study reports ketamine pruning spines; keeps the formation gain's earlier value "
    "rather than following it up to 0.0028 (approx.)",
)
# It bounds the formation *rate* (at most 0.0028 x 0.3 per minute: 1.2 baseline densities a day
# into the nascent pool), not the density; the density is bounded by SPINE_ROOM (one infusion adds
# +24 % at 24 h, a course of six +55 %).
SPINE_FORMATION_SATURATION = fixed(
    0.3, unit="x baseline", group="plasticity",
    meaning="Excess synaptic protein at which spine formation starts to saturate",
    reference="modelling choice: bounds the formation rate, not the density (approx.)",
)
STRENGTH_GAIN = fixed(
    0.5, unit="-", group="plasticity",
    meaning="Gain of synaptic strength (AMPA receptors per synapse) on synaptic proteins",
    reference="modelling choice (approx.)",
)
# Both are read out as the phosphorylated share of a finite pool of receptors and kinase: if about
# a quarter of it is active at rest, activity cannot rise much beyond 4-fold. Without the ceiling
# the power law K0 = R^P reached 56x at the mouse 10 mg/kg i.p. dose. The diagram draws the same
# pool: one of its four TrkB receptors is bound at baseline (js/scene/bdnf_trkb.ts).
TRKB_MAX_ACTIVATION = fixed(
    4.0, unit="x baseline", group="plasticity",
    meaning="Ceiling of TrkB activation (and so of mTORC1 signalling): a finite receptor pool",
    reference="about a quarter of the pool active at rest; Li et al. 2010, Science 329:959: "
    "phospho-mTOR, -p70S6K, -4E-BP1 up a few-fold, not tens of times (approx.)",
)
STRESSED_SPINE_DENSITY = fixed(
    0.8, unit="x healthy", group="plasticity",
    meaning="Drug-free spine density after chronic stress (Params.chronic_stress)",
    reference="Moda-Sava et al. 2019, Science 364:eaat8078: roughly a fifth of prefrontal spines "
    "lost (approx.)",
)
# mTORC1 is up only for the hour or so of its burst (Li et al. 2010: up at 30-60 min, back by 2 h)
# and the proteins made then fill a pool that lasts a day (synaptic_protein_hours), so synthesis has
# to be steep: 12x puts the human infusion's spines at +24 % at 24 h with the formation gain
# unchanged. Below baseline it is 1:1 (a fall in mTORC1, e.g. at anaesthetic doses, slows synthesis
# only in proportion): 12x there would drive synthesis below zero once mTORC1 fell by a twelfth.
SYNTHESIS_GAIN = fixed(
    12.0, unit="-", group="plasticity",
    meaning="Synaptic-protein synthesis per unit of mTORC1 signalling above baseline (1:1 below)",
    reference="chosen for spines +24 % at 24 h after the human infusion from an hour-long mTORC1 "
    "burst; Li et al. 2010, Science 329:959: +20-30 % (approx.)",
)
# The share of nascent spines that mature into counted spines falls with the density already
# gained, to none this far (+80 %) above the healthy density (the rest are lost, as most new spines
# are). Without it a course of six infusions piled spines up to +91 % before desensitisation, and to
# +133 % with the burst's steep synthesis (16x, docs/model-development.md; +151 % with the merged
# 12x), more than any study reports; +80 % is well above the largest single-dose gains (+20-30 %,
# Li et al. 2010), yet one dose feels it too (the infusion's spines +24 % at 24 h and +34 % at the
# peak, against +29 % and +47 % without it). It acts on maturation rather than on formation (where
# the first version of the burst put it) because there it needs no corner and does not feed back on
# the nascent pool: on formation the loop between density and nascent spines cost the integrator 20
# steps a week. The limit is a density (1.8x healthy), not a share of the drug-free level, so a
# dendrite thinned by chronic stress (0.8x) has more room to regrow, not less.
SPINE_ROOM = fixed(
    0.8, unit="x healthy", group="plasticity",
    meaning="Room on the dendrite: nascent spines mature only up to 1 + this times the healthy density",
    reference="chosen well above the largest single-dose gains (+20-30 %, Li et al. 2010) and below "
    "the +91-151 % a course of six infusions reached without it (approx.)",
)
# The factor sqrt(K) keeps Q from dipping below zero as binding vanishes, and is ~1 near baseline.
# Sharp corners cost the implicit integrator rejected steps each time the signal crosses one (binding
# passing the desensitised level, the baseline); a corner of fixed width costs it instead for the
# hours a decaying signal spends inside the width. Scaled to the signal, the rounding looks the same
# at every size near baseline (Q - 1 is homogeneous in K - 1 and D - 1 there), so a signal decaying
# to baseline meets no new corner, and it vanishes at the baseline, which stays exact. At 5 % the
# rounded Q differs from the sharp one by at most 7.5 % of the signal's size (times sqrt(K)), and
# only near a corner; at 3 % or 10 % the week after the infusion takes about as many steps (264-266).
SIGNAL_ROUNDING = fixed(
    0.05, unit="fraction", group="numerical",
    meaning="Width of the rounded corners of the TrkB signal Q, as a share of its distance from "
    "baseline sqrt((K - 1)^2 + (D - 1)^2), times sqrt(K)",
    reference="numerics (plasticity): smooth corners for the implicit integrator; mTORC1 1.48x at 1 h "
    "and 1.02x at 2 h with or without them, to 0.01 (approx.)",
)
# mTORC1 leaves baseline at the start of every dose, while the integrator's steps are still short,
# so this corner costs no steps (at 2 %, a few rejections).
SYNTHESIS_ROUNDING = fixed(
    0.01, unit="x baseline", group="numerical",
    meaning="Width of the rounded corner of synthesis at baseline (the 12x/1x switch), in mTORC1 units",
    reference="numerics (plasticity): 1 % of baseline, far below what a Western blot resolves, so "
    "synthesis is 12x from mTORC1 about 1.03x upwards",
)
