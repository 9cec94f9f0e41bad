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
    dM/dt = (1 + (K - 1) - M) / tau_M           mTORC1 signalling
    dS/dt = (M - S) / tau_S                     synaptic proteins (mTORC1-dependent synthesis)
    f   = k s x / sqrt(1 + x^2),  x = (S - 1) / s     spine formation (saturating), negative when
                                                synaptic proteins fall short; k = k_N (formation)
                                                for x >= 0, k_P (pruning) for x < 0
    dN/dt = max(f, 0) - N / tau_mat             nascent spines
    dD/dt = N / tau_mat + min(f, 0) D / D_base + (D_base - D) / tau_life
                                                spine density: extra formation (or, with a shortfall,
                                                pruning in proportion to the spines there are, so D
                                                stays positive), unchanged turnover

A pre-treatment removes the drug-induced change at its node (e.g. with NBQX, A -> 1 + 0.05 (A - 1)),
leaving the baseline alone; the BDNF knockout has no BDNF protein (P = 0), so release changes
nothing (K = R^0 = 1). The power form keeps K positive and makes a larger pool amplify extra release. Every path from ketamine to new spines passes through AMPA, L-type channels, BDNF release,
mTORC1 and protein synthesis, which is why each blocker removes the spine gain (SCIENCE.md check 9).
"""

from __future__ import annotations

#: Gain of BDNF translation on eEF2 dephosphorylation (approx.: a 25 % drop in phospho-eEF2 gives a
#: ~75 % faster BDNF translation, in the range of Autry et al. 2011's BDNF increase).
TRANSLATION_GAIN = 3.0
#: Cooperativity of eEF2 kinase activation by Ca2+/calmodulin (4 Ca2+ sites on calmodulin, approx.).
EEF2K_COOPERATIVITY = 4.0
#: Exponent of L-type Ca2+ entry on AMPA depolarisation (steep voltage dependence, approx.).
L_TYPE_EXPONENT = 2.0
#: Nascent-spine formation per unit of extra synaptic protein, per minute (approx.: chosen so that
#: the antidepressant infusion raises spine density by ~20-30 % at 24 h, as in Li et al. 2010;
#: +25.6 % with the TrkB ceiling below, which lowered mTORC1's peak from 2.8x to 1.9x and needed
#: this gain raised from 0.002).
SPINE_FORMATION_GAIN = 0.0028
#: Pruning of existing spines per unit of synaptic-protein shortfall, per minute (approx.). No study
#: reports ketamine pruning spines, even at anaesthetic doses, so this is a known artefact of the
#: chain (docs/model.md); it keeps the formation gain's earlier value rather than following it up to
#: 0.0028, which had deepened the rat 100 mg/kg i.p. loss at 24 h from -48 % to -60 %.
SPINE_PRUNING_GAIN = 0.002
#: Excess synaptic protein at which spine formation starts to saturate (approx.). It bounds the
#: formation *rate* (at most 0.0028 x 0.3 per minute: 1.2 baseline densities a day into the nascent
#: pool), not the density: one infusion adds +26 % at 24 h, a course of six about +90 %.
SPINE_FORMATION_SATURATION = 0.3
#: Gain of synaptic strength (AMPA receptors per synapse) on synaptic proteins (approx.).
STRENGTH_GAIN = 0.5
#: Ceiling of TrkB activation (and so of mTORC1 signalling), relative to baseline (approx.). Both
#: are read out as the phosphorylated share of a finite pool of receptors and kinase: if about a
#: quarter of it is active at rest, activity cannot rise much beyond 4-fold. Li et al. 2010 report
#: phospho-mTOR, -p70S6K and -4E-BP1 rising a few-fold, not tens of times. Without the ceiling the
#: power law K0 = R^P reached 56x at the mouse 10 mg/kg i.p. dose. The diagram draws the same
#: pool: one of its four TrkB receptors is bound at baseline (js/scene/bdnf_trkb.ts).
TRKB_MAX_ACTIVATION = 4.0
#: Baseline spine density after chronic stress, relative to healthy (Moda-Sava et al. 2019 report
#: a loss of roughly a fifth of prefrontal spines, approx.).
STRESSED_SPINE_DENSITY = 0.8
#: Synaptic-protein synthesis per unit of mTORC1 signalling above baseline (approx.). Synthesis runs
#: for the hour or so of the mTORC1 burst and fills a pool that lasts a day (synaptic_protein_hours),
#: so it has to be steep: 12x puts the human infusion's spines at +25 % at 24 h (Li et al. 2010:
#: +20-30 %) with the formation gain unchanged. Below baseline it is 1:1 (a fall in mTORC1 slows
#: synthesis only in proportion): an asymmetric gain on an adapting signal, so that the burst's
#: rise is not cancelled by an equal fall after it.
SYNTHESIS_GAIN = 12.0
#: Room on the dendrite: spine formation slows in proportion to the density already gained and
#: stops this far (+80 %) above the drug-free level (approx.). Without it a course of six infusions
#: (docs/model-development.md) piled spines up beyond +130 %, more than any study reports; +80 % is
#: above the largest single-dose gains (+20-30 %, Li et al. 2010) so one dose hardly feels it.
SPINE_ROOM = 0.8

SIGNAL_ROUNDING = 0.05
SYNTHESIS_ROUNDING = 0.01
