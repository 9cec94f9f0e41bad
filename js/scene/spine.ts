/**
 * The postsynaptic side: a mushroom-shaped dendritic spine of a pyramidal cell on its dendrite, with the
 * postsynaptic density and a row of NMDA receptors facing the cleft. The row shows the model's
 * `nmda_block_pyramidal` as plugged pores. Pyramidal receptors are the ones a subanaesthetic dose spares
 * most, which is why the class should see fewer plugs here than in the interneuron inset beside it.
 */

import { VIEW, setText, svgEl, svgText } from "./svg";
import { createReceptorRow } from "./nmda_receptor";
import { formatPercent } from "../format";

/** Receptors on the spine head: enough to show fractions in ~17 % steps, few enough to read from afar. */
export const SPINE_RECEPTORS = 6;

export interface Spine {
  update(blockPyramidal: number | undefined): void;
}

export function createSpine(parent: Element): Spine {
  const { centreX: cx, spineLeft: left, spineRight: right, postTop: top } = VIEW;
  const shaftTop = 492;
  const group = svgEl("g", { class: "keta-spine" }, parent);
  // Head, neck and the dendrite shaft as one outline: the spine is part of the dendrite, not an island.
  const d = [
    `M 0 ${shaftTop}`,
    `L ${cx - 28} ${shaftTop}`,
    `L ${cx - 28} 432`,
    `C ${cx - 28} 405 ${left + 10} 398 ${left} 335`,
    `Q ${left - 2} ${top} ${left + 30} ${top}`,
    `L ${right - 30} ${top}`,
    `Q ${right + 2} ${top} ${right} 335`,
    `C ${right - 10} 398 ${cx + 28} 405 ${cx + 28} 432`,
    `L ${cx + 28} ${shaftTop}`,
    `L ${VIEW.width} ${shaftTop}`,
    `L ${VIEW.width} ${VIEW.height}`,
    `L 0 ${VIEW.height}`,
    "Z",
  ].join(" ");
  svgEl("path", { class: "keta-spine-body", d }, group);
  // Postsynaptic density: the protein scaffold that anchors the receptors under the membrane.
  svgEl("rect", { class: "keta-psd", x: left + 26, y: top + 3, width: right - left - 52, height: 9, rx: 4 }, group);

  const xs = Array.from({ length: SPINE_RECEPTORS }, (_, i) =>
    left + 44 + (i * (right - left - 88)) / (SPINE_RECEPTORS - 1));
  const row = createReceptorRow(group, xs, top, 1, { x: cx, y: 402, text: "no data: nmda_block_pyramidal" });

  svgText(group, cx, 350, "dendritic spine", { class: "keta-label", "text-anchor": "middle", "font-size": VIEW.fontLabel });
  svgText(group, cx, 373, "(pyramidal cell)", { class: "keta-label", "text-anchor": "middle", "font-size": VIEW.fontSmall });
  const value = svgText(group, cx, 402, "", { class: "keta-value", "text-anchor": "middle", "font-size": VIEW.fontSmall });
  svgText(group, VIEW.width - 16, VIEW.height - 16, "dendrite", {
    class: "keta-label keta-muted", "text-anchor": "end", "font-size": VIEW.fontSmall,
  });

  const lastX = xs[xs.length - 1];
  svgEl("line", { class: "keta-leader", x1: lastX + 22, y1: top - 44, x2: VIEW.labelX - 8, y2: top + 8 }, parent);
  svgText(parent, VIEW.labelX, top + 14, "NMDA receptor", { class: "keta-label", "font-size": VIEW.fontLabel });

  return {
    update(blockPyramidal) {
      row.update(blockPyramidal);
      const present = blockPyramidal !== undefined && Number.isFinite(blockPyramidal);
      setText(value, present ? `NMDA block ${formatPercent(blockPyramidal)}` : "");
    },
  };
}
