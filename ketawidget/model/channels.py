"""The names, units and meanings of the slow trajectory's channels: the one list.

Python writes trajectories with these names, the widget sends them under these names, and the front
end looks them up by these names. A channel not in a trajectory is drawn as absent, never invented.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["Channel", "CHANNELS", "CHANNEL_NAMES", "CHANNEL_UNITS"]


class Channel(NamedTuple):
    """One output of the slow model."""

    name: str
    unit: str
    description: str


CHANNELS: tuple[Channel, ...] = (
    Channel("ketamine_plasma_uM", "uM", "Total ketamine in plasma"),
    Channel("ketamine_brain_uM", "uM", "Free ketamine at brain NMDA receptors (effect site)"),
    Channel("nmda_block_interneuron", "fraction", "Share of interneuron NMDA current removed by ketamine"),
    Channel("nmda_block_pyramidal", "fraction", "Share of pyramidal-cell NMDA current removed by ketamine"),
)

CHANNEL_NAMES: tuple[str, ...] = tuple(c.name for c in CHANNELS)
CHANNEL_UNITS: dict[str, str] = {c.name: c.unit for c in CHANNELS}
