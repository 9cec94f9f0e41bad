"""Widgets: the synapse diagram, the charts and the composed lab. Know nothing of numba internals."""

from .charts import DrugAndBlockChart
from .lab import KetamineLab
from .synapse_view import SynapseView

__all__ = ["DrugAndBlockChart", "KetamineLab", "SynapseView"]
