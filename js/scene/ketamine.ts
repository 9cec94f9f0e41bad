/**
 * Ketamine in the extracellular space around the synaptic cleft. The number of molecules drawn is
 * proportional to the model's brain concentration (`ketamine_brain_uM`), so the class sees the drug
 * arrive and wash out; the molecules drift gently to read as "in solution" (the drift is decoration, not
 * diffusion physics, and stops under prefers-reduced-motion). The molecules belong to the "ketamine"
 * layer; the plugs they leave in NMDA receptors are drawn by the receptors (nmda_receptor.ts).
 */

import { VIEW, present, setAttr, setText, svgEl, svgText } from "./svg";
import { createParticleField } from "./particles";
import { CLEFT_REGION, CLEFT_ROWS } from "./cleft";
import { formatConcentration } from "../format";

/**
 * Scale: one drawn molecule per 0.1 µM, at most 50 (reached at 5 µM). A subanaesthetic dose (brain
 * level around 1 µM) then shows about ten molecules and an anaesthetic one fills the cleft; above the
 * cap the picture saturates, and the label beside it still gives the exact concentration.
 */
export const UM_PER_DOT = 0.1;
export const MAX_DOTS = 50;

/** How many molecules to draw for a brain concentration in µM (0 for missing or negative values). */
export function ketamineDotCount(uM: number | undefined): number {
  if (!present(uM) || uM <= 0) return 0;
  return Math.min(MAX_DOTS, Math.round(uM / UM_PER_DOT));
}

export interface Ketamine {
  /** Draw the molecules for `brainUM` at wall time `wallMs`; `motion` false freezes them in place. */
  update(brainUM: number | undefined, wallMs: number, motion: boolean): void;
}

export function createKetamine(parent: Element): Ketamine {
  const group = svgEl("g", { class: "keta-cleft-layer keta-layer-ketamine" }, parent);
  const field = createParticleField(MAX_DOTS, CLEFT_REGION, 20240117, () =>
    svgEl("circle", { class: "keta-ketamine", r: 5.5 }, group));

  const y = CLEFT_ROWS.ketamine;
  const legend = svgEl("g", { class: "keta-layer-labels" }, parent);
  svgEl("circle", { class: "keta-ketamine", cx: VIEW.labelX + 6, cy: y - 7, r: 6 }, legend);
  const label = svgText(legend, VIEW.labelX + 18, y, "", { class: "keta-label", "font-size": VIEW.fontLabel });
  const name = svgEl("tspan", {}, label);
  name.textContent = "ketamine ";
  const value = svgEl("tspan", { class: "keta-value" }, label);
  const note = svgText(parent, VIEW.labelX + 18, y + 20, "no data: ketamine_brain_uM", {
    class: "keta-absent-note", "font-size": VIEW.fontSmall, visibility: "hidden",
  });

  return {
    update(brainUM, wallMs, motion) {
      const absent = !present(brainUM);
      setText(value, absent ? "" : formatConcentration(brainUM));
      setAttr(note, "visibility", absent ? "visible" : "hidden");
      label.classList.toggle("keta-absent", absent);
      field.update(ketamineDotCount(brainUM), wallMs, motion);
    },
  };
}
