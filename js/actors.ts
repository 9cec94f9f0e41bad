/**
 * The ids of the diagram's actors, per zoom: each one is the `data-actor` of exactly one SVG group, the
 * story highlights them by id, and tests and embedding pages find them by it (docs/diagram.md). Kept as
 * data in one place so that the scene, the story steps and the tests agree.
 */

export const CIRCUIT_ACTORS = [
  "cleft",
  "new_spines",
  "spine",
  "ketamine",
  "glutamate",
  "presynaptic_terminal",
  "nmda_receptor",
  "ampa_receptor",
  "cascade",
  "bdnf_trkb",
  "interneuron",
] as const;

export const SYNAPSE_ACTORS = [
  "cleft_glutamate",
  "ampa_channel",
  "nmda_channel",
  "mg_plug",
  "ketamine_trapped",
  "ion_currents",
  "spine_voltage",
] as const;

export type CircuitActor = (typeof CIRCUIT_ACTORS)[number];
export type SynapseActor = (typeof SYNAPSE_ACTORS)[number];
export type ActorId = CircuitActor | SynapseActor;
