"""ketawidget: an interactive Jupyter widget on how ketamine acts on glutamate signalling.

>>> import ketawidget as kw
>>> traj = kw.simulate(kw.Infusion(dose_mg_per_kg=0.5, minutes=40), params=kw.Params(), hours=24)
"""

from . import model
from .model import Bolus, Infusion, NoDrug, ParameterError, Params, Schedule, Trajectory, simulate
from .model import experiments, simulate_synapse

__version__ = "0.1.0"

__all__ = [
    "Bolus",
    "Infusion",
    "KetamineLab",
    "NoDrug",
    "ParameterError",
    "Params",
    "Schedule",
    "SynapseView",
    "Trajectory",
    "__version__",
    "experiments",
    "model",
    "simulate",
    "simulate_synapse",
]


def __getattr__(name: str):  # widgets import ipywidgets/bqplot: load them only when asked for
    if name in ("SynapseView", "KetamineLab", "widget"):
        import importlib

        # import_module, not "from . import widget": that form asks this very function for the
        # attribute again before the submodule is loaded.
        widget = importlib.import_module(f"{__name__}.widget")
        return widget if name == "widget" else getattr(widget, name)
    raise AttributeError(f"module 'ketawidget' has no attribute {name!r}")
