/**
 * NMDA receptor channels in the synapse zoom (channel `nmda_open`: the fraction with glutamate bound and
 * the gate open). Six channels; as many shown open (pore lit) as the fraction says. Whether an open pore
 * conducts is up to the Mg2+ and ketamine plugs drawn on top (mg_plug.ts, ketamine_trapped.ts).
 */

import { VIEW, present, px, setAttr, setText, svgEl, svgText } from "../scene/svg";
import { createReceptor } from "../scene/nmda_receptor";
import { formatPercent } from "../format";
import { MICRO, microActor } from "./layout";
import { openOpacities } from "./ampa_channel";

export interface NmdaChannels {
  update(open: number | undefined): void;
}

export function createNmdaChannels(parent: Element): NmdaChannels {
  const group = microActor(parent, "nmda_channel");
  const s = MICRO.nmdaScale;
  const lit = MICRO.nmdaX.map((x) => {
    createReceptor(group, x, MICRO.postY, s);
    return svgEl("rect", { class: "keta-nmda-open", x: x - 5 * s, y: MICRO.postY - 30 * s, width: 10 * s, height: 52 * s, opacity: 0 }, group);
  });
  const label = svgText(group, MICRO.nmdaX[0] - 20, MICRO.labelRows[0], "NMDA open ", {
    class: "keta-group-label keta-layer-labels", "font-size": VIEW.fontTiny,
  });
  const value = svgEl("tspan", { class: "keta-value" }, label);
  return {
    update(open) {
      group.classList.toggle("keta-absent", !present(open));
      openOpacities(open, lit.length).forEach((o, i) => setAttr(lit[i], "opacity", px(o)));
      setText(value, present(open) ? formatPercent(open) : "no data");
    },
  };
}
