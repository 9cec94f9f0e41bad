/**
 * The synapse zoom's coordinate system: the same 800 x 576 viewBox as the circuit (so both zooms scale
 * alike), with one membrane patch on the left and the traces on the right. Layout constants live here
 * once, so the micro actors line up without knowing about each other.
 */

import { svgEl } from "../scene/svg";
import { type SynapseActor } from "../actors";

export const MICRO = {
  /**
   * Baselines of the header's rows: the title and the millisecond clock; the run's moment and the
   * playhead; what the run put on the synapse's receptors (NBQX), on a row of its own because the
   * first row has no room left beside the playhead.
   */
  headerRows: [24, 46, 65],
  /** Presynaptic membrane band, under the header. */
  preTop: 74,
  preBottom: 104,
  /** Postsynaptic membrane: the receptors sit on it. */
  postY: 214,
  left: 20,
  right: 560,
  /** Bottom of the spine cytoplasm drawn under the membrane. */
  spineBottom: 470,
  /** Receptor rows: x of each channel. */
  ampaX: [55, 97, 139, 181, 223, 265],
  nmdaX: [325, 367, 409, 451, 493, 535],
  /** Drawing scales: AMPA receptors are slim, NMDA receptors wide (their spacing is 42 units). */
  ampaScale: 1.3,
  nmdaScale: 0.85,
  /** Where ions end their trip into the spine. */
  ionBottom: 325,
  /** Rows of the receptor labels, under the ions' path so that moving ions never cross the text. */
  labelRows: [352, 374, 396],
  /** Right-hand column of traces. */
  traceX: 598,
  traceWidth: 180,
} as const;

/** An actor's group in the synapse zoom, tagged for highlighting (docs/diagram.md). */
export function microActor(parent: Element, id: SynapseActor, className = ""): SVGGElement {
  return svgEl("g", { class: `keta-micro-actor ${className}`.trim(), "data-actor": id }, parent);
}
