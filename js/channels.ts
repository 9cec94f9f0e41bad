// Generated from ketawidget/model/channels.py by `make channels`; do not edit.
// The slow trajectory's channel names and units: the one list, shared with Python.

export const CHANNEL = {
  ketamine_plasma_uM: "ketamine_plasma_uM",
  ketamine_brain_uM: "ketamine_brain_uM",
  nmda_block_interneuron: "nmda_block_interneuron",
  nmda_block_pyramidal: "nmda_block_pyramidal",
  rate_interneuron_hz: "rate_interneuron_hz",
  rate_pyramidal_hz: "rate_pyramidal_hz",
  glutamate_rel: "glutamate_rel",
  ampa_activation_rel: "ampa_activation_rel",
  eef2_phospho_rel: "eef2_phospho_rel",
  bdnf_rel: "bdnf_rel",
  trkb_activation_rel: "trkb_activation_rel",
  mtorc1_rel: "mtorc1_rel",
  synaptic_strength_rel: "synaptic_strength_rel",
  spine_density_rel: "spine_density_rel",
} as const;

export type ChannelName = keyof typeof CHANNEL;

export const CHANNEL_UNITS: Readonly<Record<ChannelName, string>> = {
  ketamine_plasma_uM: "uM",
  ketamine_brain_uM: "uM",
  nmda_block_interneuron: "fraction",
  nmda_block_pyramidal: "fraction",
  rate_interneuron_hz: "Hz",
  rate_pyramidal_hz: "Hz",
  glutamate_rel: "rel",
  ampa_activation_rel: "rel",
  eef2_phospho_rel: "rel",
  bdnf_rel: "rel",
  trkb_activation_rel: "rel",
  mtorc1_rel: "rel",
  synaptic_strength_rel: "rel",
  spine_density_rel: "rel",
};
