/**
 * The NMDA receptor: an ion channel of two subunit halves with a glutamate-binding "clamshell" on each
 * and a pore between them, in which a ketamine molecule can sit as a plug. A row of receptors shows a
 * block fraction from the model as a count of plugged pores: with N receptors and block b, floor(b*N)
 * pores are fully plugged and the next one shows the remainder as a partly transparent plug, so the
 * picture changes smoothly and never claims more precision than "b of the current is blocked". The
 * "nmda_receptor" actor is the row on the pyramidal cell's spine head, showing `nmda_block_pyramidal`:
 * these are the receptors a subanaesthetic dose spares most, which is why the class should see fewer
 * plugs here than on the GABAergic interneuron (interneuron.ts), which draws its own row with the same
 * code (the disinhibition step of the story).
 */

import { VIEW, countOpacities, present, setAttr, setText, svgEl, svgText } from "./svg";
import { GROUP_LABEL_Y } from "./spine";
import { formatPercent } from "../format";

/**
 * Which receptor is plugged first, second, ...: ordered by the fractional part of i * golden ratio, so
 * plugs appear spread along the membrane instead of filling it from the left like a progress bar.
 */
export function plugOrder(n: number): number[] {
  const phi = (Math.sqrt(5) - 1) / 2;
  return Array.from({ length: n }, (_, i) => i).sort((a, b) => ((a * phi) % 1) - ((b * phi) % 1));
}

/**
 * Plug opacity (0..1) for each of `n` receptors, indexed by position, for block fraction `block`.
 * Out-of-range blocks are clamped (the drawing cannot show 110 %); NaN plugs nothing.
 */
export function plugOpacities(block: number, n: number, order: number[] = plugOrder(n)): number[] {
  return countOpacities(Number.isFinite(block) ? block * n : 0, n, order);
}

export interface Receptor {
  group: SVGGElement;
  plug: SVGCircleElement;
}

/**
 * One receptor standing in a membrane at height `membraneY`, centred on `x`, drawn at `scale` (1 on the
 * spine, smaller in the inset). Extracellular part above the membrane, a short foot below it.
 */
export function createReceptor(parent: Element, x: number, membraneY: number, scale = 1): Receptor {
  const group = svgEl("g", {
    class: "keta-nmda",
    transform: `translate(${x} ${membraneY}) scale(${scale})`,
  }, parent);
  // Pore first, so the subunits overlap its edges and it reads as a gap between them.
  svgEl("rect", { class: "keta-nmda-pore", x: -5, y: -30, width: 10, height: 52 }, group);
  for (const side of [-1, 1]) {
    svgEl("rect", { class: "keta-nmda-subunit", x: side < 0 ? -19 : 4, y: -34, width: 15, height: 58, rx: 6 }, group);
    svgEl("ellipse", { class: "keta-nmda-binding", cx: side * 12, cy: -40, rx: 10, ry: 8 }, group);
  }
  // The plug sits at membrane level, where ketamine binds inside the open channel.
  const plug = svgEl("circle", { class: "keta-nmda-plug", cx: 0, cy: -4, r: 6.5, opacity: 0 }, group);
  return { group, plug };
}

export interface ReceptorRow {
  group: SVGGElement;
  /** The note shown instead of plugs when the block is absent. */
  note: SVGTextElement;
  /** Show block fraction `block`, or the absent state when the channel is missing / not a number. */
  update(block: number | undefined): void;
}

/** A row of receptors at the given x positions, plus a grey note used when the data is absent. */
export function createReceptorRow(
  parent: Element,
  xs: number[],
  membraneY: number,
  scale: number,
  absentNote: { x: number; y: number; text: string; anchor?: "start" | "middle" },
): ReceptorRow {
  const group = svgEl("g", { class: "keta-receptor-row" }, parent);
  const receptors = xs.map((x) => createReceptor(group, x, membraneY, scale));
  const order = plugOrder(xs.length);
  const note = svgText(parent, absentNote.x, absentNote.y, absentNote.text, {
    class: "keta-absent-note",
    "text-anchor": absentNote.anchor ?? "middle",
    "font-size": VIEW.fontSmall,
    visibility: "hidden",
  });

  return {
    group,
    note,
    update(block) {
      const absent = !present(block);
      group.classList.toggle("keta-absent", absent);
      setAttr(note, "visibility", absent ? "visible" : "hidden");
      const opacities = absent ? receptors.map(() => 0) : plugOpacities(block, receptors.length, order);
      receptors.forEach((r, i) => setAttr(r.plug, "opacity", opacities[i].toFixed(2)));
    },
  };
}

/** NMDA receptors on the spine head: fractions in 25 % steps (the remainder shows as a partial plug). */
export const SPINE_NMDA_RECEPTORS = 4;
/** Drawn size of the spine's NMDA receptors. */
export const NMDA_SCALE = 0.85;
/** Their centres, 42 units apart around the synapse's centre line. */
export const NMDA_XS = Array.from({ length: SPINE_NMDA_RECEPTORS }, (_, i) => VIEW.centreX + (i - (SPINE_NMDA_RECEPTORS - 1) / 2) * 42);

export interface NmdaReceptors {
  update(blockPyramidal: number | undefined): void;
}

/** The spine's NMDA receptors with their name and block above them. */
export function createNmdaReceptors(parent: Element): NmdaReceptors {
  const group = svgEl("g", { class: "keta-spine-nmda" }, parent);
  const row = createReceptorRow(group, NMDA_XS, VIEW.postTop, NMDA_SCALE, {
    x: VIEW.centreX, y: GROUP_LABEL_Y, text: "no data: nmda_block_pyramidal",
  });
  const label = svgText(parent, VIEW.centreX, GROUP_LABEL_Y, "", {
    class: "keta-group-label keta-halo keta-layer-labels", "text-anchor": "middle", "font-size": VIEW.fontTiny,
  });
  svgEl("tspan", {}, label).textContent = "NMDA ";
  const value = svgEl("tspan", { class: "keta-value" }, label);

  return {
    update(blockPyramidal) {
      row.update(blockPyramidal);
      const ok = present(blockPyramidal);
      setText(value, ok ? `${formatPercent(blockPyramidal)} blocked` : "");
      setAttr(label, "visibility", ok ? "visible" : "hidden");
    },
  };
}
