/**
 * Glutamate in the cleft during one release (channel `cleft_glutamate_mM`): blue diamonds scattered in
 * the cleft, their number proportional to the concentration, so the 1 ms pulse appears and vanishes.
 */

import { VIEW, present, seeded, setAttr, setText, svgEl, svgText } from "../scene/svg";
import { glutamateGlyph } from "../scene/glutamate";
import { MICRO, microActor } from "./layout";

/** Diamonds per mM of cleft glutamate: the 1 mM pulse of simulate_synapse shows 20. */
export const DIAMONDS_PER_MM = 20;
export const MAX_DIAMONDS = 30;

export function diamondCount(mM: number | undefined): number {
  if (!present(mM) || mM <= 0) return 0;
  return Math.min(MAX_DIAMONDS, Math.round(mM * DIAMONDS_PER_MM));
}

export interface GlutamatePulse {
  update(mM: number | undefined): void;
}

export function createGlutamatePulse(parent: Element): GlutamatePulse {
  const group = microActor(parent, "cleft_glutamate");
  const random = seeded(7);
  const diamonds = Array.from({ length: MAX_DIAMONDS }, () => {
    const x = MICRO.left + 20 + random() * (MICRO.right - MICRO.left - 40);
    const y = MICRO.preBottom + 14 + random() * (MICRO.postY - MICRO.preBottom - 64);
    const holder = svgEl("g", { transform: `translate(${x.toFixed(1)} ${y.toFixed(1)})`, visibility: "hidden" }, group);
    glutamateGlyph(holder, 6);
    return holder;
  });
  const label = svgText(group, MICRO.left + 6, MICRO.preBottom + 20, "glutamate ", {
    class: "keta-group-label keta-halo keta-layer-labels", "font-size": VIEW.fontTiny,
  });
  const value = svgEl("tspan", { class: "keta-value" }, label);
  return {
    update(mM) {
      const n = diamondCount(mM);
      diamonds.forEach((d, i) => setAttr(d, "visibility", i < n ? "visible" : "hidden"));
      setText(value, present(mM) ? `${mM.toFixed(2)} mM` : "no data");
    },
  };
}
