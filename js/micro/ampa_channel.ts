/**
 * AMPA receptor channels in the synapse zoom (channel `ampa_open`, the fraction open): six channels,
 * as many of them shown open (pore glowing Na+ yellow) as the fraction says, the last one partly.
 * In a run given NBQX (the wire's run_conditions; pretreatments.ts says which condition binds the AMPA
 * receptors) the model holds most AMPA receptors closed to glutamate: each channel that is not shown
 * open carries the NBQX molecule the circuit draws (ampa_receptor.ts), in its glutamate-binding site,
 * so a receptor is drawn either open or holding NBQX, never both (they compete for the one site).
 */

import { VIEW, countOpacities, present, px, setAttr, setText, svgEl, svgText } from "../scene/svg";
import { createAmpaReceptor } from "../scene/ampa_receptor";
import { formatPercent } from "../format";
import { MICRO, microActor } from "./layout";

export function openOpacities(fraction: number | undefined, n: number): number[] {
  return countOpacities(present(fraction) ? fraction * n : 0, n);
}

/** Opacity of the NBQX molecule on each of `n` channels: what its open glow leaves; none without NBQX. */
export function antagonistOpacities(open: number | undefined, n: number, antagonistBound: boolean): number[] {
  return openOpacities(open, n).map((o) => (antagonistBound ? 1 - o : 0));
}

export interface AmpaChannels {
  update(open: number | undefined): void;
  /** Whether the run's AMPA receptors hold an antagonist (NBQX): drawn on the channels not open. */
  setAntagonistBound(bound: boolean): void;
}

export function createAmpaChannels(parent: Element): AmpaChannels {
  const group = microActor(parent, "ampa_channel");
  const receptors = MICRO.ampaX.map((x) => createAmpaReceptor(group, x, MICRO.postY, MICRO.ampaScale));
  const label = svgText(group, MICRO.ampaX[0] - 14, MICRO.labelRows[0], "AMPA open ", {
    class: "keta-group-label keta-layer-labels", "font-size": VIEW.fontTiny,
  });
  const value = svgEl("tspan", { class: "keta-value" }, label);
  let antagonistBound = false;
  return {
    update(open) {
      group.classList.toggle("keta-absent", !present(open));
      openOpacities(open, receptors.length).forEach((o, i) => setAttr(receptors[i].glow, "opacity", px(o)));
      antagonistOpacities(open, receptors.length, antagonistBound).forEach((o, i) => {
        setAttr(receptors[i].antagonist, "visibility", o > 0 ? "visible" : "hidden");
        setAttr(receptors[i].antagonist, "opacity", px(o));
      });
      setText(value, present(open) ? formatPercent(open) : "no data");
    },
    setAntagonistBound(bound) {
      antagonistBound = bound;
    },
  };
}
