/**
 * BDNF released and binding TrkB: BDNF (vermillion dimers) leaves the spine through its side and docks
 * on TrkB receptors standing in the spine's outer membrane, which light up when active. The receptors
 * follow the model's TrkB activation (`trkb_activation_rel`): of four, one is lit at baseline and one
 * more per +100 % (all four from 4x). The BDNF drawn, on its way (two dimers at baseline, one more per
 * +50 %, at most ten) and docked in the lit receptors' cups (one per unit), takes the smaller of the
 * counts that BDNF (`bdnf_rel`) and TrkB activation give: released BDNF needs BDNF to exist and to
 * reach TrkB. So a BDNF knockout (bdnf_rel 0, TrkB kept at its baseline activity) shows a lit receptor
 * with no BDNF anywhere, and a run whose release is cut (TrkB near 0 while the BDNF stock is up: rat,
 * 100 mg/kg) shows none in flight; the stock itself is the BDNF gauge of the cascade. The journey is
 * decoration on the wall clock (the counts are the data) and stands still under reduced motion. With
 * no TrkB channel the receptors turn grey; with either channel absent no BDNF is drawn.
 */

import { VIEW, countOpacities, present, px, seeded, setAttr, svgEl, svgText } from "./svg";

/** TrkB receptors on the spine's right flank. */
export const TRKB_RECEPTORS = 4;
/** Receptors bound per unit of trkb_activation_rel (so 1 of 4 at baseline). */
export const TRKB_BOUND_PER_REL = 1;
/** BDNF dimers in flight at baseline, and the cap. */
export const BDNF_AT_BASELINE = 2;
export const MAX_BDNF = 10;

/** Their membrane positions (y) on the flank, top to bottom. */
export const TRKB_YS = Array.from({ length: TRKB_RECEPTORS }, (_, i) => VIEW.postTop + 42 + 22 * i);
/** Which receptor binds first, second, ...: middle ones first so the lit ones do not read as a bar. */
export const TRKB_ORDER = [1, 2, 0, 3];

/** Bound share (0..1) of each TrkB receptor, by position; all 0 when the channel is absent. */
export function trkbBound(rel: number | undefined): number[] {
  const amount = present(rel) ? TRKB_BOUND_PER_REL * rel : 0;
  return countOpacities(amount, TRKB_RECEPTORS, TRKB_ORDER);
}

/** BDNF dimers for one channel's level (2 at baseline); 0 when absent, negative or not finite. */
export function bdnfParticleCount(rel: number | undefined): number {
  if (!present(rel) || rel <= 0) return 0;
  return Math.min(MAX_BDNF, Math.round(BDNF_AT_BASELINE * rel));
}

/** BDNF dimers drawn on their way to TrkB: the fewer of what BDNF and TrkB activation give. */
export function bdnfInFlight(bdnfRel: number | undefined, trkbRel: number | undefined): number {
  return Math.min(bdnfParticleCount(bdnfRel), bdnfParticleCount(trkbRel));
}

/** BDNF docked in each receptor's cup (0..1, by position): only on lit receptors, and only as much as BDNF. */
export function bdnfDocked(bdnfRel: number | undefined, trkbRel: number | undefined): number[] {
  const bdnf = present(bdnfRel) ? Math.max(0, bdnfRel) : 0;
  const trkb = present(trkbRel) ? trkbRel : 0;
  return countOpacities(TRKB_BOUND_PER_REL * Math.min(bdnf, trkb), TRKB_RECEPTORS, TRKB_ORDER);
}

/** A BDNF dimer centred on (0, 0) (also used by the legend). */
export function bdnfGlyph(parent: Element, r = 3.4): SVGGElement {
  const g = svgEl("g", { class: "keta-bdnf" }, parent);
  svgEl("circle", { cx: -r * 0.85, cy: 0, r }, g);
  svgEl("circle", { cx: r * 0.85, cy: 0, r }, g);
  return g;
}

/**
 * One TrkB receptor standing on a membrane at (0, 0) and pointing up (the caller rotates it): a kinase
 * foot inside, a stalk, and a cup that holds BDNF. `lit` is the overlay that shows it activated.
 */
export function trkbGlyph(parent: Element): { lit: SVGGElement; bdnf: SVGGElement } {
  const shape = (cls: string) => {
    const g = svgEl("g", { class: cls }, parent);
    svgEl("rect", { x: -4.5, y: 0, width: 9, height: 8, rx: 2 }, g);
    svgEl("rect", { x: -2.5, y: -15, width: 5, height: 16 }, g);
    svgEl("path", { class: "keta-trkb-cup", d: "M -9 -27 Q -9 -15 0 -15 Q 9 -15 9 -27" }, g);
    return g;
  };
  shape("keta-trkb");
  const lit = shape("keta-trkb keta-trkb-lit");
  lit.setAttribute("opacity", "0");
  const bdnf = bdnfGlyph(svgEl("g", { transform: "translate(0 -23)" }, parent));
  bdnf.setAttribute("opacity", "0");
  return { lit, bdnf };
}

export interface BdnfTrkb {
  update(bdnfRel: number | undefined, trkbRel: number | undefined, wallMs: number, motion: boolean): void;
}

export function createBdnfTrkb(parent: Element): BdnfTrkb {
  const x = VIEW.spineRight;
  const group = svgEl("g", { class: "keta-trkb-group" }, parent);
  const receptors = TRKB_YS.map((y) => trkbGlyph(svgEl("g", { transform: `translate(${x} ${y}) rotate(90)` }, group)));
  svgText(parent, x + 18, TRKB_YS[TRKB_YS.length - 1] + 26, "TrkB", {
    class: "keta-group-label keta-layer-labels", "text-anchor": "middle", "font-size": VIEW.fontTiny,
  });

  // Dimers travel from inside the head, through the flank, to a receptor's cup.
  const flight = svgEl("g", { class: "keta-bdnf-flight" }, parent);
  const random = seeded(404);
  const dimers = Array.from({ length: MAX_BDNF }, (_, i) => {
    const target = TRKB_ORDER[i % TRKB_RECEPTORS];
    return {
      node: bdnfGlyph(svgEl("g", { visibility: "hidden" }, flight)),
      x0: x - 78 + random() * 20,
      y0: TRKB_YS[target] + (random() - 0.5) * 24,
      y1: TRKB_YS[target],
      rest: random(),
    };
  });

  return {
    update(bdnfRel, trkbRel, wallMs, motion) {
      group.classList.toggle("keta-absent", !present(trkbRel));
      const bound = trkbBound(trkbRel);
      const docked = bdnfDocked(bdnfRel, trkbRel);
      receptors.forEach((r, i) => {
        setAttr(r.lit, "opacity", bound[i].toFixed(2));
        setAttr(r.bdnf, "opacity", docked[i].toFixed(2));
      });
      const count = bdnfInFlight(bdnfRel, trkbRel);
      dimers.forEach((d, i) => {
        const holder = d.node.parentNode as SVGGElement;
        const shown = i < count;
        setAttr(holder, "visibility", shown ? "visible" : "hidden");
        if (!shown) return;
        // p: 0 inside the spine, 1 at the receptor's cup (x + 23).
        let p = d.rest * 0.85;
        if (motion) {
          const t = wallMs / 2600 + i / count;
          p = t - Math.floor(t);
        }
        const px_ = d.x0 + (x + 21 - d.x0) * p;
        const py = d.y0 + (d.y1 - d.y0) * p;
        const opacity = p < 0.15 ? p / 0.15 : p > 0.85 ? (1 - p) / 0.15 : 1;
        setAttr(holder, "transform", `translate(${px(px_)} ${px(py)})`);
        setAttr(holder, "opacity", (motion ? opacity : 1).toFixed(2));
      });
    },
  };
}
