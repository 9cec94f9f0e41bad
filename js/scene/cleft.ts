/**
 * The synaptic cleft and the ketamine in the extracellular space around it. The number of ketamine
 * molecules drawn is proportional to the model's brain concentration (`ketamine_brain_uM`), so the
 * class sees the drug arrive and wash out; the molecules drift gently to read as "in solution" (the
 * drift is decoration, not diffusion physics, and stops under prefers-reduced-motion). The molecules
 * belong to the "ketamine" layer; the plugs they leave in NMDA receptors are drawn by the receptors.
 */

import { VIEW, present, setAttr, setText, svgEl, svgText } from "./svg";
import { createParticleField, type Region } from "./particles";
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

/**
 * Where molecules in the cleft may wander: between the presynaptic membrane and the tops of the
 * receptors (the strip just above the receptors holds their names). Shared with the glutamate.
 */
export const CLEFT_REGION: Region = { x0: 40, x1: 500, y0: VIEW.preBottom + 12, y1: VIEW.postTop - 68 };

/** Rows of the right-hand column used by the cleft's actors (baselines, user units). */
export const CLEFT_ROWS = { name: 190, glutamate: 216, ketamine: 242 } as const;

export interface Cleft {
  /** Draw the molecules for `brainUM` at wall time `wallMs`; `motion` false freezes them in place. */
  update(brainUM: number | undefined, wallMs: number, motion: boolean): void;
}

/** The cleft's background; drawn first so every molecule and receptor stands in front of it. */
export function createCleftBackground(parent: Element): void {
  svgEl("rect", {
    class: "keta-cleft",
    x: VIEW.spineLeft - 30, y: VIEW.preBottom - 20, width: VIEW.spineRight - VIEW.spineLeft + 60,
    height: VIEW.postTop - VIEW.preBottom + 40, rx: 24,
  }, parent);
  const labels = svgEl("g", { class: "keta-layer-labels" }, parent);
  svgEl("line", { class: "keta-leader", x1: VIEW.spineRight + 22, y1: 184, x2: VIEW.labelX - 8, y2: CLEFT_ROWS.name - 6 }, labels);
  svgText(labels, VIEW.labelX, CLEFT_ROWS.name, "synaptic cleft", { class: "keta-label", "font-size": VIEW.fontLabel });
}

export function createCleft(parent: Element): Cleft {
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
