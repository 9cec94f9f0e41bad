/**
 * The synaptic cleft: the gap between the presynaptic terminal and the spine, drawn as a rounded band
 * behind everything else, with its name in the right-hand column. It also fixes where the molecules in
 * it may wander and the rows of the right-hand column its molecules' labels use, which the ketamine
 * (ketamine.ts) and the glutamate (glutamate.ts) share.
 */

import { VIEW, svgEl, svgText } from "./svg";
import { type Region } from "./particles";

/**
 * Where molecules in the cleft may wander: between the presynaptic membrane and the tops of the
 * receptors (the strip just above the receptors holds their names). Shared by the ketamine and the glutamate.
 */
export const CLEFT_REGION: Region = { x0: 40, x1: 500, y0: VIEW.preBottom + 12, y1: VIEW.postTop - 68 };

/** Rows of the right-hand column used by the cleft's actors (baselines, user units). */
export const CLEFT_ROWS = { name: 190, glutamate: 216, ketamine: 242 } as const;

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
