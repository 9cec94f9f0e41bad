/**
 * AMPA receptors: the glutamate receptors that ketamine does not block, in two groups beside the NMDA
 * receptors on the spine head. They carry the two AMPA steps of the story. (1) The surge acts through
 * them: their pores light up and Na+ ions stream into the spine in proportion to the model's AMPA
 * activation (`ampa_activation_rel`). (2) Stronger synapses: the number of receptors in the membrane
 * follows `synaptic_strength_rel` (4 at baseline, one more per +25 %), new ones inserted at the outer
 * edges of the groups and fading in as the value grows. The ions' stream is decoration on the wall clock
 * (their count is the data) and stands still under reduced motion. Absent channels are drawn as absent.
 * A run given an AMPA antagonist (NBQX, pretreatments.ts) shows a molecule of it (a hexagon: NBQX is a
 * ring compound) sitting in every receptor's glutamate-binding site, fading in with its receptor.
 */

import { VIEW, clamp, countOpacities, present, px, seeded, setAttr, setText, svgEl, svgText } from "./svg";
import { GROUP_LABEL_Y } from "./spine";
import { NMDA_SCALE, NMDA_XS } from "./nmda_receptor";
import { formatChange } from "../format";

/** Receptors at the drug-free baseline (synaptic_strength_rel = 1). */
export const AMPA_AT_BASELINE = 4;
/** Membrane slots: room for twice the baseline (strength 2, about the peak of a 2 mg/kg dose). */
export const AMPA_SLOTS = 8;
/** Na+ ions shown at baseline activation, and the cap (3x baseline). */
export const NA_AT_BASELINE = 6;
export const MAX_NA = 18;

/**
 * Slot centres in insertion order: the first four (the baseline) next to the NMDA group, alternating
 * left and right, then outwards, 28 units apart.
 */
export const AMPA_XS: number[] = (() => {
  const innerLeft = NMDA_XS[0] - 22 * NMDA_SCALE - 15;
  const innerRight = NMDA_XS[NMDA_XS.length - 1] + 22 * NMDA_SCALE + 15;
  const xs: number[] = [];
  for (let k = 0; k < AMPA_SLOTS / 2; k++) xs.push(innerLeft - 28 * k, innerRight + 28 * k);
  return xs;
})();

/**
 * Opacity of each slot (in insertion order) for a synaptic strength: strength x 4 receptors' worth,
 * the last one partly faded in. Absent strength shows the baseline four (drawn in the absent style by
 * the caller); the amount is capped by the slots.
 */
export function ampaReceptorOpacities(strengthRel: number | undefined, slots = AMPA_SLOTS): number[] {
  const amount = present(strengthRel) ? AMPA_AT_BASELINE * strengthRel : AMPA_AT_BASELINE;
  return countOpacities(amount, slots);
}

/** Na+ ions streaming in: 6 at baseline activation, proportional, capped; 0 when absent or <= 0. */
export function naIonCount(activationRel: number | undefined): number {
  if (!present(activationRel) || activationRel <= 0) return 0;
  return Math.min(MAX_NA, Math.round(NA_AT_BASELINE * activationRel));
}

/** Brightness of the open pores: half at baseline activation, full at twice baseline; 0 when absent. */
export function poreGlow(activationRel: number | undefined): number {
  return present(activationRel) ? clamp(activationRel / 2, 0, 1) : 0;
}

/** Where ion `i` of `count` is in its fall into the spine (0 = in the pore, 1 = faded out below). */
export function ionPhase(i: number, count: number, wallMs: number, periodMs = 1600): number {
  const t = wallMs / periodMs + i / Math.max(1, count);
  return t - Math.floor(t);
}

interface AmpaGlyph {
  group: SVGGElement;
  glow: SVGRectElement;
  antagonist: SVGPathElement;
}

/** A ring-shaped drug molecule (a hexagon of radius r) centred on (x, y); also the NBQX chip's icon. */
export function antagonistGlyph(parent: Element, x: number, y: number, r = 6): SVGPathElement {
  const corners = Array.from({ length: 6 }, (_, k) => {
    const a = (Math.PI / 3) * k + Math.PI / 6;
    return `${px(x + r * Math.cos(a))} ${px(y + r * Math.sin(a))}`;
  });
  return svgEl("path", { class: "keta-antagonist", d: `M ${corners.join(" L ")} Z` }, parent);
}

/** One AMPA receptor standing in the membrane at (x, membraneY): slimmer than NMDA, with a glowing pore. */
export function createAmpaReceptor(parent: Element, x: number, membraneY: number, scale = 1): AmpaGlyph {
  const group = svgEl("g", { class: "keta-ampa", transform: `translate(${x} ${membraneY}) scale(${scale})` }, parent);
  svgEl("rect", { class: "keta-ampa-pore", x: -3, y: -28, width: 6, height: 46 }, group);
  const glow = svgEl("rect", { class: "keta-ampa-glow", x: -3, y: -28, width: 6, height: 46, opacity: 0 }, group);
  for (const side of [-1, 1]) {
    svgEl("rect", { class: "keta-ampa-subunit", x: side < 0 ? -10 : 3, y: -30, width: 7, height: 50, rx: 3.5 }, group);
    svgEl("circle", { class: "keta-ampa-subunit", cx: side * 5.5, cy: -34, r: 5 }, group);
  }
  // Where glutamate binds, between the two heads: an antagonist sitting there keeps it out.
  const antagonist = antagonistGlyph(group, 0, -41, 7);
  antagonist.setAttribute("visibility", "hidden");
  return { group, glow, antagonist };
}

export interface AmpaReceptors {
  update(activationRel: number | undefined, strengthRel: number | undefined, wallMs: number, motion: boolean): void;
  /** Draw an antagonist molecule bound on every receptor (true), or none. */
  setAntagonistBound(bound: boolean): void;
}

export function createAmpaReceptors(parent: Element): AmpaReceptors {
  const top = VIEW.postTop;
  const group = svgEl("g", { class: "keta-ampa-group" }, parent);
  const receptors = AMPA_XS.map((x) => createAmpaReceptor(group, x, top));

  const ionLayer = svgEl("g", { class: "keta-layer-ions" }, parent);
  const random = seeded(11);
  const ions = Array.from({ length: MAX_NA }, () => ({
    node: svgEl("circle", { class: "keta-na", r: 4, visibility: "hidden" }, ionLayer),
    dx: (random() - 0.5) * 8,
    depth: random(),
  }));
  // Beside the end of the right group's ion stream, below the membrane (clear of receptors inserted
  // later): placed above the cascade's gauges it read as the heading of the gauge stack.
  svgText(ionLayer, AMPA_XS[3] + 14, top + 34, "Na\u207a in", {
    class: "keta-group-label keta-layer-labels", "font-size": VIEW.fontTiny,
  });

  const labels = svgEl("g", { class: "keta-layer-labels" }, parent);
  for (const side of [0, 1]) {
    const xs = AMPA_XS.filter((_, i) => i % 2 === side);
    svgText(labels, (Math.min(...xs) + Math.max(...xs)) / 2, GROUP_LABEL_Y, "AMPA", {
      class: "keta-group-label keta-halo", "text-anchor": "middle", "font-size": VIEW.fontTiny,
    });
  }
  // Two lines under "dendritic spine", named as the story's captions name them, so the number a caption
  // quotes is the number on screen: activation (the surge through the receptors, their glow and the Na+
  // stream) and synaptic strength (how many receptors stand in the membrane).
  const activationLine = svgText(labels, VIEW.labelX, top + 12, "", { class: "keta-muted", "font-size": VIEW.fontSmall });
  svgEl("tspan", {}, activationLine).textContent = "AMPA activation ";
  const activationValue = svgEl("tspan", { class: "keta-value keta-fg" }, activationLine);
  const strengthLine = svgText(labels, VIEW.labelX, top + 31, "", { class: "keta-muted", "font-size": VIEW.fontSmall });
  svgEl("tspan", {}, strengthLine).textContent = "synaptic strength ";
  const strengthValue = svgEl("tspan", { class: "keta-value keta-fg" }, strengthLine);
  const strengthNote = svgText(parent, VIEW.labelX, top + 31, "no data: synaptic_strength_rel", {
    class: "keta-absent-note", "font-size": VIEW.fontSmall, visibility: "hidden",
  });
  const activationNote = svgText(parent, VIEW.labelX, top + 12, "no data: ampa_activation_rel", {
    class: "keta-absent-note", "font-size": VIEW.fontSmall, visibility: "hidden",
  });

  return {
    update(activationRel, strengthRel, wallMs, motion) {
      const strengthAbsent = !present(strengthRel);
      group.classList.toggle("keta-absent", strengthAbsent);
      setAttr(strengthNote, "visibility", strengthAbsent ? "visible" : "hidden");
      setAttr(strengthLine, "visibility", strengthAbsent ? "hidden" : "visible");
      setText(strengthValue, strengthAbsent ? "" : formatChange(strengthRel));
      const opacities = ampaReceptorOpacities(strengthRel);
      const glow = poreGlow(activationRel).toFixed(2);
      receptors.forEach((r, i) => {
        setAttr(r.group, "opacity", opacities[i].toFixed(2));
        setAttr(r.glow, "opacity", opacities[i] > 0 ? glow : "0");
      });

      const activationAbsent = !present(activationRel);
      setAttr(activationNote, "visibility", activationAbsent ? "visible" : "hidden");
      setAttr(activationLine, "visibility", activationAbsent ? "hidden" : "visible");
      setText(activationValue, activationAbsent ? "" : formatChange(activationRel));
      // Ions enter through the receptors that are (at least half) there, taking turns.
      const open = AMPA_XS.filter((_, i) => opacities[i] >= 0.5);
      const count = open.length === 0 ? 0 : naIonCount(activationRel);
      ions.forEach((ion, i) => {
        const shown = i < count;
        setAttr(ion.node, "visibility", shown ? "visible" : "hidden");
        if (!shown) return;
        const x = open[i % open.length] + ion.dx;
        let y: number;
        let opacity = 1;
        if (motion) {
          const p = ionPhase(i, count, wallMs);
          y = top - 16 + 52 * p;
          opacity = p < 0.15 ? p / 0.15 : p > 0.75 ? (1 - p) / 0.25 : 1;
        } else {
          y = top + 8 + 24 * ion.depth;
        }
        setAttr(ion.node, "cx", px(x));
        setAttr(ion.node, "cy", px(y));
        setAttr(ion.node, "opacity", opacity.toFixed(2));
      });
    },
    setAntagonistBound(bound) {
      for (const r of receptors) setAttr(r.antagonist, "visibility", bound ? "visible" : "hidden");
    },
  };
}
