/**
 * The guided story: every step's words, in one plain data file so it can be translated without touching
 * code. A step says which zoom to show, when (a time rule resolved against the trajectory at runtime,
 * e.g. "the peak of BDNF"), which actors to highlight (docs/diagram.md lists the ids), and what to say.
 *
 * Numbers are never written here: a caption names a value with a placeholder that story.ts fills from
 * the trajectory at the step's time, so the words stay true for any dose or species.
 *   {time}          the step's time ("41 min", "1.7 d")
 *   {<channel>}     a slow-trajectory channel at that time, e.g. {ketamine_brain_uM} -> "393 nM",
 *                   {nmda_block_interneuron} -> "18%", {rate_pyramidal_hz} -> "3.97 Hz",
 *                   {glutamate_rel} -> "+37%" (change from the drug-free baseline)
 *   {start:<channel>}      the channel at the start of the run (before the drug acts)
 *   {peak:<channel>}       the channel's largest value in the run
 *   {peak_time:<channel>}  when that largest value is reached, since the start
 * The science follows the seed text and shared/SCIENCE.md (its causal chain, steps 1-9).
 */

import { type ActorId } from "../actors";

export type StoryZoom = "circuit" | "synapse";

/** When a step happens: the start of the run, a fixed time, or the moment a channel peaks. */
export type StoryTime =
  | { kind: "start" }
  | { kind: "hours"; hours: number }
  | { kind: "peak"; channel: string; fallbackHours: number };

export interface StoryStep {
  id: string;
  title: string;
  text: string;
  zoom: StoryZoom;
  time: StoryTime;
  /** Actor ids (data-actor, js/actors.ts) to highlight; every other actor is dimmed. */
  actors: ActorId[];
}

export const STORY_STEPS: StoryStep[] = [
  {
    id: "glutamate-accelerator",
    title: "Glutamate, the brain's accelerator",
    text:
      "Glutamate is the brain's main excitatory messenger, its \u201con\u201d switch. Each time the pyramidal " +
      "neuron above fires (here {rate_pyramidal_hz}, before any ketamine), its terminal releases glutamate " +
      "into the cleft, where receptors on the dendritic spine below pick it up. This signalling underlies " +
      "learning and memory.",
    zoom: "circuit",
    time: { kind: "start" },
    actors: ["presynaptic_terminal", "glutamate", "spine"],
  },
  {
    id: "nmda-vs-ampa",
    title: "Two gates: AMPA and NMDA",
    text:
      "One release, slowed down. AMPA receptors are simple, fast gates: glutamate alone opens them and Na\u207a " +
      "rushes in. NMDA receptors are the main gate: they need glutamate AND a depolarised membrane, because " +
      "at rest a Mg\u00b2\u207a ion sits in their pore. Only when the spine is depolarised enough does Mg\u00b2\u207a " +
      "leave and Ca\u00b2\u207a flow in. Watch the green Mg\u00b2\u207a ions stay put in this small event.",
    zoom: "synapse",
    time: { kind: "start" },
    actors: ["cleft_glutamate", "ampa_channel", "nmda_channel", "mg_plug", "ion_currents", "spine_voltage"],
  },
  {
    id: "ketamine-plugs-interneurons",
    title: "Ketamine plugs NMDA receptors, on interneurons most",
    text:
      "Ketamine reaches the brain ({ketamine_brain_uM} at {time}, its peak) and enters NMDA channels while " +
      "they are open, where it gets trapped, like a key jammed in a lock. It plugs {nmda_block_interneuron} " +
      "of the inhibitory interneuron's NMDA current but only {nmda_block_pyramidal} of the pyramidal cell's: " +
      "interneurons fire all the time, so their channels open more often, and their receptor types are less " +
      "protected by Mg\u00b2\u207a.",
    zoom: "circuit",
    time: { kind: "peak", channel: "ketamine_brain_uM", fallbackHours: 0.67 },
    actors: ["ketamine", "interneuron", "nmda_receptor"],
  },
  {
    id: "disinhibition-surge",
    title: "Disinhibition and the glutamate surge",
    text:
      "With less NMDA drive, the interneuron slows (from {start:rate_interneuron_hz} to {rate_interneuron_hz} " +
      "at {time}) and releases less GABA, " +
      "its brake on the pyramidal cell. Released from the brake, the pyramidal cell fires faster " +
      "(from {start:rate_pyramidal_hz} to {rate_pyramidal_hz}) and glutamate in the cleft surges: " +
      "{glutamate_rel} from baseline.",
    zoom: "circuit",
    time: { kind: "peak", channel: "glutamate_rel", fallbackHours: 0.75 },
    actors: ["interneuron", "presynaptic_terminal", "glutamate"],
  },
  {
    id: "ampa-activation",
    title: "The surge acts through AMPA receptors",
    text:
      "The extra glutamate cannot fully act through the plugged NMDA receptors. It acts instead on AMPA " +
      "receptors, which open with glutamate alone: AMPA activation is {ampa_activation_rel} at {time}. " +
      "Na\u207a flows in and depolarises the spine, and that starts a signalling cascade inside it.",
    zoom: "circuit",
    time: { kind: "peak", channel: "ampa_activation_rel", fallbackHours: 0.75 },
    actors: ["ampa_receptor", "glutamate", "nmda_receptor"],
  },
  {
    id: "bdnf",
    title: "BDNF, the brain's fertilizer",
    text:
      "The depolarisation opens L-type Ca\u00b2\u207a channels ({l_type_calcium_rel}), which triggers the " +
      "release of BDNF (brain-derived neurotrophic factor); mTORC1 ({mtorc1_rel}) switches on the making of " +
      "synaptic proteins. In parallel, blocking NMDA receptors at rest silences eEF2 kinase, so less eEF2 " +
      "is phosphorylated ({eef2_phospho_rel}) and BDNF is made faster. At {time} BDNF is at its peak, " +
      "{bdnf_rel} from baseline, and binds its receptor TrkB.",
    zoom: "circuit",
    time: { kind: "peak", channel: "bdnf_rel", fallbackHours: 1.1 },
    actors: ["cascade", "bdnf_trkb"],
  },
  {
    id: "synaptogenesis",
    title: "New spines, stronger synapses",
    text:
      "BDNF acting on TrkB strengthens existing synapses by adding AMPA receptors (synaptic strength " +
      "peaks at {peak:synaptic_strength_rel}, {peak_time:synaptic_strength_rel} after the start) and grows " +
      "new dendritic spines, new synapses (synaptogenesis): spine density peaks later, at {time}, " +
      "{spine_density_rel} from baseline. Forming and strengthening connections is neuroplasticity, " +
      "rebuilding circuits weakened in depression.",
    zoom: "circuit",
    time: { kind: "peak", channel: "spine_density_rel", fallbackHours: 24 },
    actors: ["new_spines", "bdnf_trkb", "ampa_receptor"],
  },
  {
    id: "why-rapid",
    title: "Why ketamine works fast",
    text:
      "At {time} ketamine has almost left the brain ({ketamine_brain_uM}), yet spine density is still " +
      "{spine_density_rel}: the drug set off the growth, and the new synapses carry the effect for days. " +
      "Traditional antidepressants act on monoamines (serotonin, noradrenaline) and usually take weeks to " +
      "help. Ketamine acts on the glutamate system and the rebuilding starts within hours, which helps " +
      "explain its rapid effect in treatment-resistant depression.",
    zoom: "circuit",
    time: { kind: "hours", hours: 24 },
    actors: ["new_spines", "spine"],
  },
];
