/**
 * The synaptic cleft and the ketamine in the extracellular space around it. The number of ketamine
 * molecules drawn is proportional to the model's brain concentration (`ketamine_brain_uM`), so the
 * class sees the drug arrive and wash out; the molecules drift gently to read as "in solution" (the
 * drift is decoration, not diffusion physics, and stops under prefers-reduced-motion).
 */

import { VIEW, px, setAttr, setText, svgEl, svgText } from "./svg";
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
  if (uM === undefined || !Number.isFinite(uM) || uM <= 0) return 0;
  return Math.min(MAX_DOTS, Math.round(uM / UM_PER_DOT));
}

/** Where molecules may wander: the cleft and a little of the extracellular space beside it. */
const REGION = { x0: 40, x1: 490, y0: VIEW.preBottom + 16, y1: VIEW.postTop - 42 };
const DRIFT = { x: 7, y: 5 };

/** A tiny seeded PRNG (mulberry32): the same scatter on every render, so nothing jumps on re-decode. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Molecule {
  node: SVGCircleElement;
  x: number;
  y: number;
  periodX: number;
  periodY: number;
  phase: number;
}

export interface Cleft {
  /** Draw the molecules for `brainUM` at wall time `wallMs`; `motion` false freezes them in place. */
  update(brainUM: number | undefined, wallMs: number, motion: boolean): void;
}

export function createCleft(parent: Element): Cleft {
  const group = svgEl("g", { class: "keta-cleft-layer" }, parent);
  svgEl("rect", {
    class: "keta-cleft",
    x: VIEW.spineLeft - 40, y: VIEW.preBottom, width: VIEW.spineRight - VIEW.spineLeft + 80,
    height: VIEW.postTop - VIEW.preBottom, rx: 24,
  }, group);

  const random = seeded(20240117);
  const molecules: Molecule[] = Array.from({ length: MAX_DOTS }, () => {
    const x = REGION.x0 + DRIFT.x + random() * (REGION.x1 - REGION.x0 - 2 * DRIFT.x);
    const y = REGION.y0 + DRIFT.y + random() * (REGION.y1 - REGION.y0 - 2 * DRIFT.y);
    const node = svgEl("circle", { class: "keta-ketamine", cx: px(x), cy: px(y), r: 5.5, visibility: "hidden" }, group);
    return { node, x, y, periodX: 3000 + random() * 4000, periodY: 3000 + random() * 4000, phase: random() * 2 * Math.PI };
  });

  svgEl("line", { class: "keta-leader", x1: VIEW.spineRight + 24, y1: 200, x2: VIEW.labelX - 8, y2: 196 }, parent);
  svgText(parent, VIEW.labelX, 202, "synaptic cleft", { class: "keta-label", "font-size": VIEW.fontLabel });

  const label = svgText(parent, VIEW.labelX + 16, 244, "", { class: "keta-label", "font-size": VIEW.fontLabel });
  svgEl("circle", { class: "keta-ketamine", cx: VIEW.labelX + 5, cy: 237, r: 6 }, parent);
  const name = svgEl("tspan", {}, label);
  name.textContent = "ketamine ";
  const value = svgEl("tspan", { class: "keta-value" }, label);
  const note = svgText(parent, VIEW.labelX + 16, 266, "no data: ketamine_brain_uM", {
    class: "keta-absent-note", "font-size": VIEW.fontSmall, visibility: "hidden",
  });

  return {
    update(brainUM, wallMs, motion) {
      const absent = brainUM === undefined || !Number.isFinite(brainUM);
      setText(value, absent ? "" : formatConcentration(brainUM));
      setAttr(note, "visibility", absent ? "visible" : "hidden");
      label.classList.toggle("keta-absent", absent);
      const count = ketamineDotCount(brainUM);
      molecules.forEach((m, i) => {
        const shown = i < count;
        setAttr(m.node, "visibility", shown ? "visible" : "hidden");
        if (!shown) return;
        const dx = motion ? DRIFT.x * Math.sin((2 * Math.PI * wallMs) / m.periodX + m.phase) : 0;
        const dy = motion ? DRIFT.y * Math.sin((2 * Math.PI * wallMs) / m.periodY + 2 * m.phase) : 0;
        setAttr(m.node, "cx", px(m.x + dx));
        setAttr(m.node, "cy", px(m.y + dy));
      });
    },
  };
}
