/**
 * The postsynaptic side: a mushroom-shaped dendritic spine of a pyramidal cell on its dendrite, with the
 * postsynaptic density facing the cleft. The spine head is the stage for the NMDA receptors
 * (nmda_receptor.ts), the AMPA receptors (ampa_receptor.ts), the signalling cascade (cascade.ts) and
 * BDNF/TrkB (bdnf_trkb.ts), which this module only makes room for.
 */

import { VIEW, svgEl, svgText } from "./svg";

/** Baseline of the receptor-group names in the strip just above the receptors. */
export const GROUP_LABEL_Y = VIEW.postTop - 52;

/** The spine's outline (head, neck and the dendrite shaft as one shape): the spine is part of the dendrite. */
export function spineOutline(): string {
  const { centreX: cx, spineLeft: left, spineRight: right, postTop: top, headBottom: hb, neckHalf: n, dendriteTop: dt } = VIEW;
  return [
    `M 0 ${dt}`,
    `L ${cx - n} ${dt}`,
    `L ${cx - n} 470`,
    `C ${cx - n} 448 ${left + 22} 446 ${left} ${hb}`,
    `L ${left} ${top + 30}`,
    `Q ${left} ${top} ${left + 30} ${top}`,
    `L ${right - 30} ${top}`,
    `Q ${right} ${top} ${right} ${top + 30}`,
    `L ${right} ${hb}`,
    `C ${right - 22} 446 ${cx + n} 448 ${cx + n} 470`,
    `L ${cx + n} ${dt}`,
    `L ${VIEW.width} ${dt}`,
    `L ${VIEW.width} ${VIEW.height}`,
    `L 0 ${VIEW.height}`,
    "Z",
  ].join(" ");
}

/** The spine body and its postsynaptic density: drawn early, so everything on the spine stands in front. */
export function createSpineBody(parent: Element): void {
  const { spineLeft: left, spineRight: right, postTop: top } = VIEW;
  const group = svgEl("g", { class: "keta-spine" }, parent);
  svgEl("path", { class: "keta-spine-body", d: spineOutline() }, group);
  // Postsynaptic density: the protein scaffold that anchors the receptors under the membrane.
  svgEl("rect", { class: "keta-psd", x: left + 22, y: top + 3, width: right - left - 44, height: 8, rx: 4 }, group);

  const labels = svgEl("g", { class: "keta-layer-labels" }, parent);
  svgEl("line", { class: "keta-leader", x1: right - 6, y1: top + 14, x2: VIEW.labelX - 8, y2: top - 16 }, labels);
  svgText(labels, VIEW.labelX, top - 10, "dendritic spine", { class: "keta-label", "font-size": VIEW.fontLabel });
  svgText(labels, VIEW.width - 12, VIEW.height - 14, "dendrite of a pyramidal cell", {
    class: "keta-label keta-muted", "text-anchor": "end", "font-size": VIEW.fontSmall,
  });
}
