/**
 * The GABAergic interneuron: the fast-spiking inhibitory cell that keeps the pyramidal cell in check,
 * drawn in the right-hand column as a cell body with its NMDA receptors and an axon that ends in an
 * inhibitory (GABA) synapse on the pyramidal dendrite below. Its receptors show the model's
 * `nmda_block_interneuron` as plugged pores (more than on the pyramidal spine: the drug hits this cell
 * harder), and its cell body and GABA synapse flash with each action potential at the model's
 * `rate_interneuron_hz` (firing.ts: 6x slowed, same scale as the pyramidal terminal), so the class sees
 * it slow down as its receptors are plugged: disinhibition. Under reduced motion a steady glow, dimmer
 * for slower firing, replaces the flashes. The whole actor is the "interneuron" layer.
 */

import { VIEW, present, setAttr, setText, svgEl, svgText } from "./svg";
import { SpikeClock, flashesPerSecond, steadyGlow } from "./firing";
import { createReceptorRow } from "./nmda_receptor";
import { formatPercent, formatRate } from "../format";

/** The interneuron's box in the right-hand column. */
export const INTERNEURON_BOX = { x: VIEW.labelX, y: 332, width: VIEW.width - VIEW.labelX - 8, height: 152 } as const;
/** Where its axon meets the pyramidal dendrite (the new spines keep clear of it). */
export const GABA_SYNAPSE_X = INTERNEURON_BOX.x + 40;
/** Receptors on the interneuron: 25 % steps, like the spine. */
export const INTERNEURON_RECEPTORS = 4;

export interface Interneuron {
  update(rateHz: number | undefined, block: number | undefined, wallMs: number, motion: boolean): void;
}

export function createInterneuron(parent: Element): Interneuron {
  const { x, y, width, height } = INTERNEURON_BOX;
  const group = svgEl("g", { class: "keta-interneuron keta-layer-interneuron" }, parent);
  svgEl("rect", { class: "keta-inset-box", x, y, width, height, rx: 12 }, group);
  svgText(group, x + width / 2, y + 24, "GABAergic interneuron", {
    class: "keta-label keta-layer-labels", "text-anchor": "middle", "font-size": VIEW.fontSmall + 1,
  });

  // Axon first, so the cell body covers its start; it leaves the box and ends on the dendrite.
  const somaX = GABA_SYNAPSE_X;
  const somaY = y + 78;
  const boutonY = VIEW.dendriteTop - 6;
  svgEl("line", { class: "keta-inter-axon", x1: somaX, y1: somaY, x2: somaX, y2: boutonY }, group);
  const boutonGlow = svgEl("ellipse", { class: "keta-spike-glow", cx: somaX, cy: boutonY, rx: 19, ry: 13, opacity: 0 }, group);
  svgEl("ellipse", { class: "keta-inter-bouton", cx: somaX, cy: boutonY, rx: 11, ry: 8 }, group);
  svgText(group, somaX + 16, boutonY - 6, "GABA", { class: "keta-group-label keta-layer-labels", "font-size": VIEW.fontTiny });

  const somaGlow = svgEl("circle", { class: "keta-spike-glow", cx: somaX, cy: somaY, r: 27, opacity: 0 }, group);
  svgEl("circle", { class: "keta-inter-soma", cx: somaX, cy: somaY, r: 17 }, group);

  // A patch of its membrane, magnified, with its NMDA receptors.
  const membraneY = y + 88;
  const mx0 = somaX + 34;
  const mx1 = x + width - 10;
  svgEl("rect", { class: "keta-inset-cell", x: mx0, y: membraneY, width: mx1 - mx0, height: 18, rx: 5 }, group);
  svgEl("line", { class: "keta-membrane", x1: mx0, y1: membraneY, x2: mx1, y2: membraneY }, group);
  const xs = Array.from({ length: INTERNEURON_RECEPTORS }, (_, i) => mx0 + ((mx1 - mx0) * (i + 0.5)) / INTERNEURON_RECEPTORS);
  const textX = mx0;
  // Notes are short to fit the box; their tooltips name the missing channel.
  const row = createReceptorRow(group, xs, membraneY, 0.62, {
    x: textX, y: y + 143, text: "NMDA block: no data", anchor: "start",
  });
  svgEl("title", {}, row.note).textContent = "no data: nmda_block_interneuron";

  const rateLine = svgText(group, textX, y + 122, "", { class: "keta-muted keta-layer-labels", "font-size": VIEW.fontSmall });
  svgEl("tspan", {}, rateLine).textContent = "fires ";
  const rateValue = svgEl("tspan", { class: "keta-value keta-fg" }, rateLine);
  const rateNote = svgText(group, textX, y + 122, "firing: no data", {
    class: "keta-absent-note", "font-size": VIEW.fontSmall, visibility: "hidden",
  });
  svgEl("title", {}, rateNote).textContent = "no data: rate_interneuron_hz";
  const blockLine = svgText(group, textX, y + 143, "", { class: "keta-muted keta-layer-labels", "font-size": VIEW.fontSmall });
  svgEl("tspan", {}, blockLine).textContent = "NMDA block ";
  const blockValue = svgEl("tspan", { class: "keta-value keta-fg" }, blockLine);

  const clock = new SpikeClock(0.1);

  return {
    update(rateHz, block, wallMs, motion) {
      row.update(block);
      const blockOk = present(block);
      setText(blockValue, blockOk ? formatPercent(block) : "");
      setAttr(blockLine, "visibility", blockOk ? "visible" : "hidden");
      // The absent note of the row sits where the block line is; the row shows it by itself.

      const rateOk = present(rateHz);
      setText(rateValue, rateOk ? formatRate(rateHz) : "");
      setAttr(rateLine, "visibility", rateOk ? "visible" : "hidden");
      setAttr(rateNote, "visibility", rateOk ? "hidden" : "visible");
      let glow = 0;
      if (!rateOk) clock.pause();
      else if (!motion) {
        clock.pause();
        glow = steadyGlow(rateHz);
      } else {
        clock.advance(wallMs, flashesPerSecond(rateHz) ?? 0);
        glow = clock.glow(wallMs);
      }
      const g = glow.toFixed(2);
      setAttr(somaGlow, "opacity", g);
      setAttr(boutonGlow, "opacity", g);
    },
  };
}
