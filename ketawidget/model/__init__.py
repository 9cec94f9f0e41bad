"""The ketamine model: numba core and its Python face. Knows nothing of widgets.

One module per stage: ``dosing`` (what is given), ``pharmacokinetics`` (plasma and brain ketamine),
``receptors`` (Mg2+ and ketamine block of NMDA receptors), ``circuit`` (interneuron and pyramidal
firing, glutamate), ``plasticity`` (AMPA to BDNF, mTORC1 and spines), ``synapse`` (the millisecond
microscope of one synapse). ``dynamics`` writes the stages as one system for the solver; ``solver``
holds the numerics, ``simulation`` assembles them into a ``trajectory``, ``reference`` is the scipy
yardstick, ``experiments`` the virtual experiments, ``parameters`` declares every parameter once,
``channels`` names the outputs.
"""

from .channels import CHANNEL_NAMES, CHANNEL_UNITS, CHANNELS
from .dosing import Bolus, Infusion, NoDrug, Schedule
from .errors import ParameterError
from .parameters import SPECIES_PK, Params, fixed_constant_table, parameter_table
from .receptors import ketamine_block, mg_unblock
from .simulation import simulate
from .synapse import microscope_moments, simulate_synapse, synapse_conditions
from .trajectory import Trajectory
from . import experiments
from ._compiled_cache import drop_stale_compiled_code

# Before anything is compiled: cached code built from other sources would run stale (_compiled_cache).
drop_stale_compiled_code()

__all__ = [
    "CHANNELS",
    "CHANNEL_NAMES",
    "CHANNEL_UNITS",
    "SPECIES_PK",
    "Bolus",
    "Infusion",
    "NoDrug",
    "ParameterError",
    "Params",
    "Schedule",
    "Trajectory",
    "experiments",
    "ketamine_block",
    "mg_unblock",
    "parameter_table",
    "fixed_constant_table",
    "reference",
    "simulate",
    "simulate_synapse",
    "synapse_conditions",
    "microscope_moments",
]


def __getattr__(name: str):
    # scipy (for the reference solver) costs ~0.3 s to import; load it only when asked for.
    if name == "reference":
        import importlib

        return importlib.import_module(f"{__name__}.reference")
    raise AttributeError(f"module 'ketawidget.model' has no attribute {name!r}")
