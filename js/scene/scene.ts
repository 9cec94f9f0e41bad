/**
 * The whole synapse scene: builds every actor in painter's order inside one SVG and hands each one the
 * model values it draws, once per frame. This is the only module that knows which channel feeds which
 * actor; the actors know only their own numbers, and none of them computes physiology. A channel missing
 * from the trajectory arrives as undefined and each actor draws its absent state.
 */

import { CHANNEL, type ChannelName } from "../channels";
import { createCleft, createCleftBackground } from "./cleft";
import { createGlutamate } from "./glutamate";
import { createPresynapticTerminal } from "./presynaptic_terminal";
import { createSpine, createSpineBody } from "./spine";
import { createAmpaReceptors } from "./ampa_receptor";
import { CASCADE, createCascade } from "./cascade";
import { createBdnfTrkb } from "./bdnf_trkb";
import { createInterneuron } from "./interneuron";
import { createNewSpines, createSpineDensityLabel } from "./new_spines";

/** The model's values at the playhead, one per channel (undefined where the trajectory lacks it). */
export type ChannelValues = Record<ChannelName, number | undefined>;

export interface Scene {
  update(v: ChannelValues, wallMs: number, motion: boolean): void;
}

export function createScene(svg: SVGSVGElement): Scene {
  createCleftBackground(svg);
  const newSpines = createNewSpines(svg);
  createSpineBody(svg);
  const ketamine = createCleft(svg);
  const glutamate = createGlutamate(svg);
  const terminal = createPresynapticTerminal(svg);
  const nmda = createSpine(svg);
  const ampa = createAmpaReceptors(svg);
  const cascade = createCascade(svg);
  const bdnf = createBdnfTrkb(svg);
  const interneuron = createInterneuron(svg);
  const density = createSpineDensityLabel(svg);

  return {
    update(v, wallMs, motion) {
      ketamine.update(v[CHANNEL.ketamine_brain_uM], wallMs, motion);
      glutamate.update(v[CHANNEL.glutamate_rel], wallMs, motion);
      terminal.update(v[CHANNEL.rate_pyramidal_hz], wallMs, motion);
      nmda.update(v[CHANNEL.nmda_block_pyramidal]);
      ampa.update(v[CHANNEL.ampa_activation_rel], v[CHANNEL.synaptic_strength_rel], wallMs, motion);
      cascade.update(CASCADE.map((g) => (g.channel ? v[g.channel] : undefined)));
      bdnf.update(v[CHANNEL.trkb_activation_rel], wallMs, motion);
      interneuron.update(v[CHANNEL.rate_interneuron_hz], v[CHANNEL.nmda_block_interneuron], wallMs, motion);
      newSpines.update(v[CHANNEL.spine_density_rel]);
      density.update(v[CHANNEL.spine_density_rel]);
    },
  };
}
