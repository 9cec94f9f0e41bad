/**
 * The whole synapse scene: builds every actor in painter's order inside one SVG and hands each one the
 * model values it draws, once per frame. This is the only module that knows which channel feeds which
 * actor (and tags each actor's group with its id); the actors know only their own numbers, and none of them computes physiology. A channel missing
 * from the trajectory arrives as undefined and each actor draws its absent state. What the run was given
 * besides its dose (its conditions) is marked where it acts; pretreatments.ts says where, and this
 * module hands each actor its part (the AMPA receptors' bound NBQX, the cascade's block signs).
 */

import { CHANNEL, type ChannelName } from "../channels";
import { svgEl } from "./svg";
import { type CircuitActor } from "../actors";
import { createCleftBackground } from "./cleft";
import { createKetamine } from "./ketamine";
import { createGlutamate } from "./glutamate";
import { createPresynapticTerminal } from "./presynaptic_terminal";
import { createSpineBody } from "./spine";
import { createNmdaReceptors } from "./nmda_receptor";
import { createAmpaReceptors } from "./ampa_receptor";
import { CASCADE, createCascade } from "./cascade";
import { createBdnfTrkb } from "./bdnf_trkb";
import { createInterneuron } from "./interneuron";
import { createNewSpines, createSpineDensityLabel } from "./new_spines";
import { ampaAntagonistBound, blockedGauges, createPretreatmentMarks, marksFor, marksSentence } from "./pretreatments";

/** The model's values at the playhead, one per channel (undefined where the trajectory lacks it). */
export type ChannelValues = Record<ChannelName, number | undefined>;

export interface Scene {
  /** The values at the start of the run: what counts as new (spines) is counted from there. */
  setStart(v: ChannelValues): void;
  update(v: ChannelValues, wallMs: number, motion: boolean): void;
  /** The conditions the run shown was given (the wire's run_conditions): marked where they act. */
  setConditions(conditions: ReadonlySet<string>): void;
}

/**
 * The group holding one actor, tagged with its id for highlighting (docs/diagram.md lists the ids). An
 * actor drawn in two layers (new spines behind the spine, their count label in front) tags its second
 * group with data-actor-part, so `[data-actor=id]` still finds exactly one element.
 */
export function actorGroup(svg: Element, id: CircuitActor, part = false): SVGGElement {
  return svgEl("g", { class: "keta-actor", [part ? "data-actor-part" : "data-actor"]: id }, svg);
}

export function createScene(svg: SVGSVGElement): Scene {
  createCleftBackground(actorGroup(svg, "cleft"));
  const newSpines = createNewSpines(actorGroup(svg, "new_spines"));
  createSpineBody(actorGroup(svg, "spine"));
  const ketamine = createKetamine(actorGroup(svg, "ketamine"));
  const glutamate = createGlutamate(actorGroup(svg, "glutamate"));
  const terminal = createPresynapticTerminal(actorGroup(svg, "presynaptic_terminal"));
  const nmda = createNmdaReceptors(actorGroup(svg, "nmda_receptor"));
  const ampa = createAmpaReceptors(actorGroup(svg, "ampa_receptor"));
  const cascade = createCascade(actorGroup(svg, "cascade"));
  const bdnf = createBdnfTrkb(actorGroup(svg, "bdnf_trkb"));
  const interneuron = createInterneuron(actorGroup(svg, "interneuron"));
  const density = createSpineDensityLabel(actorGroup(svg, "new_spines", true));
  // Over everything else, so nothing drifts across the words.
  const marks = createPretreatmentMarks((actor) => actorGroup(svg, actor, true));
  // A role="img" hides its parts from screen readers, so the scene's own name says what is marked.
  const name = svg.getAttribute("aria-label") ?? "";

  let start: Partial<ChannelValues> = {};
  return {
    setStart(v) {
      start = v;
    },
    update(v, wallMs, motion) {
      ketamine.update(v[CHANNEL.ketamine_brain_uM], wallMs, motion);
      glutamate.update(v[CHANNEL.glutamate_rel], wallMs, motion);
      terminal.update(v[CHANNEL.rate_pyramidal_hz], wallMs, motion);
      nmda.update(v[CHANNEL.nmda_block_pyramidal]);
      ampa.update(v[CHANNEL.ampa_activation_rel], v[CHANNEL.synaptic_strength_rel], wallMs, motion);
      cascade.update(CASCADE.map((g) => (g.channel ? v[g.channel] : undefined)));
      bdnf.update(v[CHANNEL.bdnf_rel], v[CHANNEL.trkb_activation_rel], wallMs, motion);
      interneuron.update(v[CHANNEL.rate_interneuron_hz], v[CHANNEL.nmda_block_interneuron], wallMs, motion);
      newSpines.update(v[CHANNEL.spine_density_rel], start[CHANNEL.spine_density_rel]);
      density.update(v[CHANNEL.spine_density_rel]);
      marks.fit();
    },
    setConditions(conditions) {
      const shown = marksFor(conditions);
      marks.show(shown);
      ampa.setAntagonistBound(ampaAntagonistBound(shown));
      cascade.setBlocked(blockedGauges(shown));
      const said = marksSentence(conditions);
      svg.setAttribute("aria-label", said ? `${name} ${said}` : name);
    },
  };
}
