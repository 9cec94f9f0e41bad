"""The names, units and meanings of the slow trajectory's channels: the one list.

Python writes trajectories with these names, the widget sends them under these names, and the front
end looks them up by these names. A channel not in a trajectory is drawn as absent, never invented.
"""

from __future__ import annotations

from collections.abc import Iterable
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
    Channel("rate_interneuron_hz", "Hz", "Firing rate of fast-spiking GABAergic interneurons"),
    Channel("rate_pyramidal_hz", "Hz", "Firing rate of glutamatergic pyramidal cells"),
    Channel("glutamate_rel", "rel", "Extracellular glutamate (1 = drug-free baseline)"),
    Channel("ampa_activation_rel", "rel", "AMPA receptor activation (1 = baseline)"),
    Channel("l_type_calcium_rel", "rel", "Ca2+ entry through L-type channels, opened by AMPA depolarisation (1 = baseline)"),
    Channel("eef2_phospho_rel", "rel", "Phosphorylated eEF2 (1 = baseline; falls as eEF2 kinase is silenced)"),
    Channel("bdnf_rel", "rel", "BDNF protein (1 = baseline)"),
    Channel("trkb_activation_rel", "rel", "TrkB bound by released BDNF (1 = baseline); its signal to mTORC1 fades as bound receptors desensitise"),
    Channel("mtorc1_rel", "rel", "mTORC1 signalling (1 = baseline)"),
    Channel("synaptic_strength_rel", "rel", "AMPA receptors per synapse (1 = baseline)"),
    Channel("spine_density_rel", "rel", "Dendritic spine density (1 = healthy baseline)"),
)

CHANNEL_NAMES: tuple[str, ...] = tuple(c.name for c in CHANNELS)
CHANNEL_UNITS: dict[str, str] = {c.name: c.unit for c in CHANNELS}


def generated_typescript(source: str, about: str, body: Iterable[str]) -> str:
    """A TypeScript module generated from a Python list (``make channels`` writes them): a header
    that names ``source`` and says what the list is (``about``), then ``body``'s lines."""
    return "\n".join([f"// Generated from {source} by `make channels`; do not edit.", f"// {about}", "", *body, ""])


def render_typescript() -> str:
    """The channel list as TypeScript (``js/channels.ts``), so the front end cannot misspell a name.

    ``tests/test_channels.py`` fails when the committed file differs from this; regenerate it with
    ``make channels``.
    """
    return generated_typescript(
        "ketawidget/model/channels.py",
        "The slow trajectory's channel names: the one list, shared with Python (units travel on the wire).",
        ["export const CHANNEL = {", *(f'  {c.name}: "{c.name}",' for c in CHANNELS), "} as const;", "",
         "export type ChannelName = keyof typeof CHANNEL;"],
    )
