/**
 * Glutamate in the synaptic cleft: the transmitter the pyramidal cells release, drawn as small blue
 * diamonds among the ketamine. How many are drawn follows the model's extracellular glutamate
 * (`glutamate_rel`, 1 = drug-free baseline), so the surge after a subanaesthetic dose fills the cleft
 * and the fall after an anaesthetic one empties it (the inverted U). Like ketamine, the diamonds sway
 * in place as decoration; the count is the data. An absent channel draws no glutamate and says so.
 */

import { VIEW, present, setAttr, setText, svgEl, svgText } from "./svg";
import { createParticleField } from "./particles";
import { CLEFT_REGION, CLEFT_ROWS } from "./cleft";
import { formatChange } from "../format";

/**
 * Scale: 10 diamonds at the drug-free baseline, one more per +10 %, at most 30 (three times baseline,
 * well above the ~1.9x peak of a 2 mg/kg dose); the label gives the exact change.
 */
export const GLUTAMATE_AT_BASELINE = 10;
export const MAX_GLUTAMATE = 30;

/** How many glutamate diamonds to draw for `glutamate_rel` (0 when absent, negative or not finite). */
export function glutamateCount(rel: number | undefined): number {
  if (!present(rel) || rel <= 0) return 0;
  return Math.min(MAX_GLUTAMATE, Math.round(GLUTAMATE_AT_BASELINE * rel));
}

/** A glutamate diamond centred on (0, 0); also used by the legend and the right-hand label. */
export function glutamateGlyph(parent: Element, size = 5): SVGPathElement {
  return svgEl("path", { class: "keta-glutamate-free", d: `M 0 ${-size} L ${size} 0 L 0 ${size} L ${-size} 0 Z` }, parent);
}

export interface Glutamate {
  update(glutamateRel: number | undefined, wallMs: number, motion: boolean): void;
}

export function createGlutamate(parent: Element): Glutamate {
  const group = svgEl("g", { class: "keta-glutamate-layer" }, parent);
  const field = createParticleField(MAX_GLUTAMATE, CLEFT_REGION, 7_301_955, () => glutamateGlyph(group));

  const y = CLEFT_ROWS.glutamate;
  const legend = svgEl("g", { class: "keta-layer-labels" }, parent);
  glutamateGlyph(svgEl("g", { transform: `translate(${VIEW.labelX + 6} ${y - 7})` }, legend), 6.5);
  const label = svgText(legend, VIEW.labelX + 18, y, "", { class: "keta-label", "font-size": VIEW.fontLabel });
  svgEl("tspan", {}, label).textContent = "glutamate ";
  const value = svgEl("tspan", { class: "keta-value" }, label);
  const note = svgText(parent, VIEW.labelX + 18, y, "", {
    class: "keta-absent-note", "font-size": VIEW.fontSmall, visibility: "hidden",
  });
  note.textContent = "no data: glutamate_rel";

  return {
    update(glutamateRel, wallMs, motion) {
      const absent = !present(glutamateRel);
      setText(value, absent ? "" : formatChange(glutamateRel));
      setAttr(label, "visibility", absent ? "hidden" : "visible");
      setAttr(note, "visibility", absent ? "visible" : "hidden");
      field.update(glutamateCount(glutamateRel), wallMs, motion);
    },
  };
}
