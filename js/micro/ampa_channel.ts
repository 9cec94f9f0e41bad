/**
 * AMPA receptor channels in the synapse zoom (channel `ampa_open`, the fraction open): six channels,
 * as many of them shown open (pore glowing Na+ yellow) as the fraction says, the last one partly.
 */

import { VIEW, countOpacities, present, px, setAttr, setText, svgEl, svgText } from "../scene/svg";
import { createAmpaReceptor } from "../scene/ampa_receptor";
import { formatPercent } from "../format";
import { MICRO, microActor } from "./layout";

export function openOpacities(fraction: number | undefined, n: number): number[] {
  return countOpacities(present(fraction) ? fraction * n : 0, n);
}

export interface AmpaChannels {
  update(open: number | undefined): void;
}

export function createAmpaChannels(parent: Element): AmpaChannels {
  const group = microActor(parent, "ampa_channel");
  const glows = MICRO.ampaX.map((x) => createAmpaReceptor(group, x, MICRO.postY, MICRO.ampaScale).glow);
  const label = svgText(group, MICRO.ampaX[0] - 14, MICRO.labelRows[0], "AMPA open ", {
    class: "keta-group-label keta-layer-labels", "font-size": VIEW.fontTiny,
  });
  const value = svgEl("tspan", { class: "keta-value" }, label);
  return {
    update(open) {
      group.classList.toggle("keta-absent", !present(open));
      openOpacities(open, glows.length).forEach((o, i) => setAttr(glows[i], "opacity", px(o)));
      setText(value, present(open) ? formatPercent(open) : "no data");
    },
  };
}
