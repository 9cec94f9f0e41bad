"""Widgets: the synapse diagram, the charts, the controls and the composed lab. Know nothing of numba internals."""

from .charts import PANELS, DoseResponseChart, ExperimentChart, TimeSeriesCharts
from .controls import DoseControls, LatestValueWins, ParamControls
from .lab import KetamineLab
from .presets import PRESETS, Comparison, Preset
from .synapse_view import SynapseView

__all__ = [
    "Comparison",
    "DoseControls",
    "DoseResponseChart",
    "ExperimentChart",
    "KetamineLab",
    "LatestValueWins",
    "PANELS",
    "PRESETS",
    "ParamControls",
    "Preset",
    "SynapseView",
    "TimeSeriesCharts",
]
