// Generated from ketawidget/model/channels.py by `make channels`; do not edit.
// The slow trajectory's channel names: the one list, shared with Python (units travel on the wire).

export const CHANNEL = {
  ketamine_plasma_uM: "ketamine_plasma_uM",
  ketamine_brain_uM: "ketamine_brain_uM",
  nmda_block_interneuron: "nmda_block_interneuron",
  nmda_block_pyramidal: "nmda_block_pyramidal",
  rate_interneuron_hz: "rate_interneuron_hz",
  rate_pyramidal_hz: "rate_pyramidal_hz",
  glutamate_rel: "glutamate_rel",
  ampa_activation_rel: "ampa_activation_rel",
  l_type_calcium_rel: "l_type_calcium_rel",
  eef2_phospho_rel: "eef2_phospho_rel",
  bdnf_rel: "bdnf_rel",
  trkb_activation_rel: "trkb_activation_rel",
  mtorc1_rel: "mtorc1_rel",
  synaptic_strength_rel: "synaptic_strength_rel",
  spine_density_rel: "spine_density_rel",
} as const;

export type ChannelName = keyof typeof CHANNEL;
