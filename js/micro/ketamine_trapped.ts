/**
 * Ketamine inside NMDA pores (channel `nmda_ketamine_bound`: the fraction of receptors holding ketamine,
 * open or closed around it, i.e. trapped). Plugged pores are counted out of the six, the last one partly,
 * filling from the right so they rarely coincide with the first pores to open.
 */

import { VIEW, countOpacities, present, px, setAttr, setText, svgEl, svgText } from "../scene/svg";
import { formatPercent } from "../format";
import { MICRO, microActor } from "./layout";

/** Plug opacities for a bound fraction over `n` pores, right to left. */
export function trappedOpacities(bound: number | undefined, n: number): number[] {
  const order = Array.from({ length: n }, (_, i) => n - 1 - i);
  return countOpacities(present(bound) ? bound * n : 0, n, order);
}

export interface KetamineTrapped {
  update(bound: number | undefined): void;
}

export function createKetamineTrapped(parent: Element): KetamineTrapped {
  const group = microActor(parent, "ketamine_trapped");
  const y = MICRO.postY - 4 * MICRO.nmdaScale;
  const plugs = MICRO.nmdaX.map((x) => svgEl("circle", { class: "keta-nmda-plug", cx: x, cy: y, r: 7.5, opacity: 0 }, group));
  const label = svgText(group, MICRO.nmdaX[0] - 20, MICRO.labelRows[2], "ketamine in pores ", {
    class: "keta-group-label keta-layer-labels", "font-size": VIEW.fontTiny,
  });
  const value = svgEl("tspan", { class: "keta-value" }, label);
  return {
    update(bound) {
      trappedOpacities(bound, plugs.length).forEach((o, i) => setAttr(plugs[i], "opacity", px(o)));
      setText(value, present(bound) ? formatPercent(bound) : "no data");
    },
  };
}
