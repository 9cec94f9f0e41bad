// Generated from ketawidget/model/channels.py by `make channels`; do not edit.
// The slow trajectory's channel names and units: the one list, shared with Python.

export const CHANNEL = {
  ketamine_plasma_uM: "ketamine_plasma_uM",
  ketamine_brain_uM: "ketamine_brain_uM",
  nmda_block_interneuron: "nmda_block_interneuron",
  nmda_block_pyramidal: "nmda_block_pyramidal",
} as const;

export type ChannelName = keyof typeof CHANNEL;

export const CHANNEL_UNITS: Readonly<Record<ChannelName, string>> = {
  ketamine_plasma_uM: "uM",
  ketamine_brain_uM: "uM",
  nmda_block_interneuron: "fraction",
  nmda_block_pyramidal: "fraction",
};
