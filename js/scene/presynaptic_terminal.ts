/**
 * The presynaptic terminal: the end of a pyramidal cell's axon, drawn as a bulb at the top of the
 * diagram full of synaptic vesicles (glutamate packets), three of them docked at the active zone. Each
 * action potential fuses one docked vesicle with the membrane and sprays its glutamate into the cleft.
 * The flashes follow the model's pyramidal firing rate (`rate_pyramidal_hz`) at the visual time scale of
 * firing.ts (6x slowed: 3 Hz is one fusion every 2 s), so the glutamate surge of disinhibition shows as
 * the terminal releasing more often. Under reduced motion a steady release glow (brighter = faster)
 * replaces the flashes. An absent rate draws no release at all and says so.
 */

import { VIEW, present, px, setAttr, setText, svgEl, svgText } from "./svg";
import { SpikeClock, flashGlow, flashesPerSecond, steadyGlow } from "./firing";
import { glutamateGlyph } from "./glutamate";
import { formatRate } from "../format";

const { centreX: cx, spineLeft: left, spineRight: right, preBottom: bottom } = VIEW;

/** Vesicle centres (user units) in the reserve pool: two staggered rows in the bulb. */
const VESICLES: Array<[number, number]> = [
  [cx - 105, 64], [cx, 58], [cx + 105, 64],
  [cx - 160, 104], [cx - 55, 102], [cx + 55, 102], [cx + 160, 104],
];

/** The docked vesicles at the active zone, left to right; release rotates through them. */
export const RELEASE_SITES = [cx - 110, cx, cx + 110];
const DOCKED_Y = bottom - 19;
const VESICLE_R = 16;

/** Glutamate molecules inside each vesicle, as offsets from its centre. */
const CONTENT: Array<[number, number]> = [[-6, -5], [6, -4], [0, 6]];

/** Directions (degrees below the horizontal) of the glutamate sprayed by one fusion. */
const SPRAY_DEG = [25, 60, 90, 120, 155];

/**
 * Which release site fires the `n`-th flash (n = 1, 2, ...): the centre first, then left, then right,
 * so consecutive fusions happen in different places and read as separate events.
 */
export function releaseSite(n: number): number {
  return [1, 0, 2][((n - 1) % 3 + 3) % 3];
}

/**
 * What one release site shows for a glow g in [0, 1] (1 = the moment of fusion): the docked vesicle
 * sinks into the membrane and fades, while a ring and five glutamate diamonds spread into the cleft and
 * fade. Returned as numbers so the geometry is testable.
 */
export function releaseGeometry(g: number): { vesicleOpacity: number; vesicleDrop: number; ringRx: number; ringRy: number; spray: number; opacity: number } {
  const spread = 1 - g;
  return {
    vesicleOpacity: 1 - 0.85 * g,
    vesicleDrop: 8 * g,
    ringRx: 12 + 40 * spread,
    ringRy: 4 + 14 * spread,
    spray: 8 + 40 * spread,
    opacity: g,
  };
}

interface Site {
  vesicle: SVGGElement;
  burst: SVGGElement;
  ring: SVGEllipseElement;
  spray: SVGGElement[];
  lastMs: number;
  x: number;
}

export interface PresynapticTerminal {
  update(ratePyramidalHz: number | undefined, wallMs: number, motion: boolean): void;
}

function vesicle(parent: Element, x: number, y: number, className = "keta-vesicle-group"): SVGGElement {
  const g = svgEl("g", { class: className, transform: `translate(${x} ${y})` }, parent);
  svgEl("circle", { class: "keta-vesicle", r: VESICLE_R }, g);
  for (const [gx, gy] of CONTENT) svgEl("circle", { class: "keta-glutamate", cx: gx, cy: gy, r: 3.2 }, g);
  return g;
}

export function createPresynapticTerminal(parent: Element): PresynapticTerminal {
  const group = svgEl("g", { class: "keta-pre" }, parent);
  // Axon entering from the top, widening into the bouton; its flat bottom faces the cleft.
  const d = [
    `M ${cx - 30} 0`,
    `C ${cx - 30} 40 ${left} 30 ${left} 90`,
    `L ${left} ${bottom - 28}`,
    `Q ${left} ${bottom} ${left + 28} ${bottom}`,
    `L ${right - 28} ${bottom}`,
    `Q ${right} ${bottom} ${right} ${bottom - 28}`,
    `L ${right} 90`,
    `C ${right} 30 ${cx + 30} 40 ${cx + 30} 0`,
    "Z",
  ].join(" ");
  svgEl("path", { class: "keta-pre-body", d }, group);
  for (const [vx, vy] of VESICLES) vesicle(group, vx, vy);

  // The bursts are drawn in the cleft, below the membrane, in front of the terminal's outline.
  const sites: Site[] = RELEASE_SITES.map((x) => {
    const v = vesicle(group, x, DOCKED_Y);
    const burst = svgEl("g", { class: "keta-release", opacity: 0 }, parent);
    const ring = svgEl("ellipse", { class: "keta-release-ring", cx: x, cy: bottom + 2, rx: 12, ry: 4 }, burst);
    const spray = SPRAY_DEG.map(() => {
      const holder = svgEl("g", {}, burst);
      glutamateGlyph(holder, 4.5);
      return holder;
    });
    return { vesicle: v, burst, ring, spray, lastMs: -Infinity, x };
  });

  const labels = svgEl("g", { class: "keta-layer-labels" }, parent);
  svgEl("line", { class: "keta-leader", x1: right - 8, y1: 70, x2: VIEW.labelX - 8, y2: 52 }, labels);
  svgText(labels, VIEW.labelX, 58, "presynaptic terminal", { class: "keta-label", "font-size": VIEW.fontLabel });
  const valueLine = svgText(labels, VIEW.labelX, 82, "", { class: "keta-muted", "font-size": VIEW.fontSmall });
  svgEl("tspan", {}, valueLine).textContent = "pyramidal cell fires ";
  const value = svgEl("tspan", { class: "keta-value keta-fg" }, valueLine);
  const note = svgText(parent, VIEW.labelX, 82, "no data: rate_pyramidal_hz", {
    class: "keta-absent-note", "font-size": VIEW.fontSmall, visibility: "hidden",
  });

  const clock = new SpikeClock(0.6);

  /**
   * Draw a site at glow `g`. `still` is the reduced-motion picture: the burst frozen mid-spread at
   * brightness `still`, the vesicle left docked.
   */
  function drawSite(site: Site, g: number, still?: number): void {
    const r = releaseGeometry(g);
    const opacity = still ?? r.opacity;
    setAttr(site.vesicle, "opacity", still === undefined ? r.vesicleOpacity.toFixed(2) : "1");
    setAttr(site.vesicle, "transform", `translate(${site.x} ${px(still === undefined ? DOCKED_Y + r.vesicleDrop : DOCKED_Y)})`);
    setAttr(site.burst, "opacity", opacity.toFixed(2));
    if (opacity === 0) return;
    setAttr(site.ring, "rx", px(r.ringRx));
    setAttr(site.ring, "ry", px(r.ringRy));
    site.spray.forEach((holder, i) => {
      const a = (SPRAY_DEG[i] * Math.PI) / 180;
      setAttr(holder, "transform", `translate(${px(site.x + r.spray * Math.cos(a))} ${px(bottom + 4 + 0.6 * r.spray * Math.sin(a))})`);
    });
  }

  return {
    update(rateHz, wallMs, motion) {
      const absent = !present(rateHz);
      setText(value, absent ? "" : formatRate(rateHz));
      setAttr(valueLine, "visibility", absent ? "hidden" : "visible");
      setAttr(note, "visibility", absent ? "visible" : "hidden");
      if (absent) {
        clock.pause();
        sites.forEach((s) => drawSite(s, 0));
        return;
      }
      if (!motion) {
        // A still picture of release: the centre site mid-fusion, as bright as the rate is fast.
        clock.pause();
        sites.forEach((s, i) => (i === 1 ? drawSite(s, 0.5, steadyGlow(rateHz)) : drawSite(s, 0)));
        return;
      }
      if (clock.advance(wallMs, flashesPerSecond(rateHz) ?? 0)) sites[releaseSite(clock.count)].lastMs = wallMs;
      for (const s of sites) drawSite(s, flashGlow(wallMs - s.lastMs));
    },
  };
}
