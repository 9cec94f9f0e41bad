/**
 * The Mg2+ plug of the NMDA pores (channel `nmda_mg_unblocked`, the Jahr-Stevens fraction of time a pore
 * is free of Mg2+ at the spine's voltage). Mg2+ binds and leaves in microseconds, so it is shown as a
 * green ion in every pore whose opacity is the blocked fraction: solid at rest, fading as the spine
 * depolarises.
 */

import { VIEW, present, px, setAttr, setText, svgEl, svgText } from "../scene/svg";
import { formatPercent } from "../format";
import { MICRO, microActor } from "./layout";

/** Opacity of the Mg2+ ions: the fraction of time the pore is blocked (absent data: not drawn). */
export function mgOpacity(unblocked: number | undefined): number {
  if (!present(unblocked)) return 0;
  return Math.min(1, Math.max(0, 1 - unblocked));
}

export interface MgPlug {
  update(unblocked: number | undefined): void;
}

export function createMgPlug(parent: Element): MgPlug {
  const group = microActor(parent, "mg_plug");
  const y = MICRO.postY - 20 * MICRO.nmdaScale;
  const ions = MICRO.nmdaX.map((x) => svgEl("circle", { class: "keta-mg", cx: x, cy: y, r: 5.5, opacity: 0 }, group));
  const label = svgText(group, MICRO.nmdaX[0] - 20, MICRO.labelRows[1], "Mg\u00b2\u207a block ", {
    class: "keta-group-label keta-layer-labels", "font-size": VIEW.fontTiny,
  });
  const value = svgEl("tspan", { class: "keta-value" }, label);
  return {
    update(unblocked) {
      const o = px(mgOpacity(unblocked));
      for (const ion of ions) setAttr(ion, "opacity", o);
      setText(value, present(unblocked) ? formatPercent(1 - unblocked) : "no data");
    },
  };
}
