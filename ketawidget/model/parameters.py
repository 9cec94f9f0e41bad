"""Every model parameter, declared once: unit, allowed range, default, meaning and source.

Everything else (validation, sliders, docs, export) is derived from these declarations. A value
marked "approx." is only known roughly; the comment beside it says why this value was chosen.

Two kinds of parameter live here:

* ``Params`` - what a student may change (a ``traitlets.HasTraits``; each trait carries its metadata in
  ``trait.metadata``: ``unit``, ``low``, ``high``, ``description``, ``reference``).
* ``SPECIES_PK`` - the published pharmacokinetic constants per species, which are data, not knobs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import traitlets

from .errors import check_choice, check_number

__all__ = [
    "Params",
    "Quantity",
    "Choice",
    "SpeciesPK",
    "SPECIES_PK",
    "SUBUNITS",
    "KETAMINE_MOLAR_MASS_G_PER_MOL",
    "UM_PER_MG_PER_L",
    "parameter_table",
]

#: Racemic ketamine, C13H16ClNO (chemistry). 1 ng/mL = 4.207 nM.
KETAMINE_MOLAR_MASS_G_PER_MOL = 237.7
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


@dataclass(frozen=True)
class SpeciesPK:
    """Two-compartment pharmacokinetics of racemic ketamine for one species (per kg body weight).

    Central amount A1 and peripheral amount A2 (mg/kg)::

        dA1/dt = input(t) - (k10 + k12) A1 + k21 A2
        dA2/dt = k12 A1 - k21 A2
        C_plasma = A1 / V1
    """

    v1_l_per_kg: float
    k10_per_min: float
    k12_per_min: float
    k21_per_min: float
    reference: str


SPECIES_PK: dict[str, SpeciesPK] = {
    # Clements & Nimmo 1981 (Br J Anaesth 53:27), as tabulated in SCIENCE.md: t1/2 alpha ~18 min,
    # beta ~3 h. Used for infusions and IV boluses alike; the Domino 1982 three-compartment set (V1
    # 0.063 L/kg) gives much higher concentrations in the first minutes after a bolus and is left for
    # the bolus-specific model (issue "The model").
    "human": SpeciesPK(
        v1_l_per_kg=1.75,
        k10_per_min=0.0109,
        k12_per_min=0.0186,
        k21_per_min=0.0137,
        reference="Clements & Nimmo 1981, Br J Anaesth 53:27",
    ),
}

#: NMDA receptor GluN2 subunits the block model distinguishes, in the order of the numba arrays.
SUBUNITS: tuple[str, ...] = ("GluN2A", "GluN2B", "GluN2C", "GluN2D")

# Ketamine IC50 per subunit (uM), after Kotermanski & Johnson 2009 (J Neurosci 29:2774), HEK cells at
# -66 mV (approx.). We take them as the model's values at -70 mV: the 4 mV difference shifts an IC50 by
# under 10 %, less than the spread between studies. In 1 mM Mg2+: 5.4 (2A), 5.1 (2B), 1.2 (2C),
# 3.0 (2D) uM, as in SCIENCE.md. Without Mg2+ SCIENCE.md gives only the range 0.3-0.8 uM for all four;
# we keep the published order (2A ~ 2B most potent, 2D least) inside that range: 0.33, 0.31, 0.51,
# 0.75 uM (approx.). In Mg2+ GluN2C/2D keep much more of their sensitivity because Mg2+, which competes
# with ketamine for the pore, binds them less tightly: that makes interneurons (GluN2C/2D-like) more
# sensitive.
KETAMINE_IC50_NO_MG_UM = (0.33, 0.31, 0.51, 0.75)
KETAMINE_IC50_1MM_MG_UM = (5.4, 5.1, 1.2, 3.0)


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
        description="Species whose pharmacokinetics are simulated (mouse and rat arrive with their PK)",
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
        # (passive diffusion, no active transport), i.e. plasma x unbound fraction. Ketamine is
        # ~47 % bound to plasma proteins (Dayton et al. 1983), so 0.53 unbound (approx.).
        0.53,
        unit="",
        low=0.05,
        high=1.0,
        description="Unbound fraction of plasma ketamine; free brain = this x plasma at equilibrium",
        reference="Dayton et al. 1983, Br J Anaesth 55:1123 (approx.)",
    )
    interneuron_glun2cd_fraction = Quantity(
        # Fast-spiking (PV) interneurons carry GluN2D-containing receptors (von Engelhardt et al.
        # 2015; Alvarez et al. 2007) beside GluN2A/2B. Half of their NMDA current through 2C/2D-like
        # receptors is a round middle value (approx.).
        0.5,
        unit="",
        low=0.0,
        high=1.0,
        description="Share of interneuron NMDA current through GluN2C/2D-like receptors (rest 2A/2B)",
        reference="von Engelhardt et al. 2015, Front Cell Neurosci 9:95 (approx.)",
    )
    pyramidal_glun2cd_fraction = Quantity(
        # Adult cortical pyramidal synapses are dominated by GluN2A and GluN2B.
        0.0,
        unit="",
        low=0.0,
        high=1.0,
        description="Share of pyramidal-cell NMDA current through GluN2C/2D-like receptors",
        reference="Paoletti et al. 2013, Nat Rev Neurosci 14:383",
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

    def __init__(self, **values: Any) -> None:
        unknown = sorted(set(values) - set(self.trait_names()))
        if unknown:
            raise TypeError(
                f"unknown parameter(s) {', '.join(unknown)}; valid names: {', '.join(sorted(self.trait_names()))}"
            )
        super().__init__(**values)

    def copy(self) -> Params:
        """Return an independent copy with the same values."""
        return Params(**{name: getattr(self, name) for name in self.trait_names()})

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
