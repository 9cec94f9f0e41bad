/**
 * Ion currents of the synapse zoom: Na+ streaming in through AMPA channels (channel `i_ampa_pA`) and
 * Ca2+ through NMDA channels (`ca_influx`), as moving ions whose number follows the current, plus their
 * time courses (and the NMDA current `i_nmda_pA`) as traces. Inward currents are negative in the
 * model (electrophysiology convention); the ion count uses their size.
 */

import { MICRO, microActor } from "./layout";
import { VIEW, present, px, setAttr, setText, svgEl, svgText } from "../scene/svg";
import { MICROSCOPE_CLOCK, traceAxisPosition } from "../microscope";
import { type Trace, type TraceBox, createTrace } from "./trace";

/** One Na+ ion per 4 pA of AMPA current (the drug-free peak of ~42 pA shows ~10). */
export const NA_PER_PA = 1 / 4;
export const MAX_NA = 12;
/** One Ca2+ ion per 0.05 pA of Ca2+ influx (the drug-free peak of ~0.17 pA shows ~3). */
export const CA_PER_PA = 1 / 0.05;
export const MAX_CA = 10;

export function ionCount(currentPA: number | undefined, perPA: number, max: number): number {
  if (!present(currentPA)) return 0;
  return Math.min(max, Math.round(Math.abs(currentPA) * perPA));
}

/**
 * Depth 0..1 of ion `i` of `count` on its way into the spine: evenly spread, drifting with the wall
 * clock, or standing still (at their spread positions) without motion.
 */
export function ionDepth(i: number, count: number, wallMs: number, motion: boolean, periodMs = 1400): number {
  const spread = (i + 0.5) / Math.max(1, count);
  if (!motion) return spread;
  return (spread + wallMs / periodMs) % 1;
}

export const TRACE_BOXES: Record<"v" | "ampa" | "nmda" | "ca", TraceBox> = {
  v: { x: MICRO.traceX, y: 86, width: MICRO.traceWidth, height: 80 },
  ampa: { x: MICRO.traceX, y: 206, width: MICRO.traceWidth, height: 80 },
  nmda: { x: MICRO.traceX, y: 326, width: MICRO.traceWidth, height: 80 },
  ca: { x: MICRO.traceX, y: 446, width: MICRO.traceWidth, height: 80 },
};

export interface IonCurrentValues {
  iAmpa: number | undefined;
  iNmda: number | undefined;
  ca: number | undefined;
}

export interface IonCurrents {
  traces: { ampa: Trace; nmda: Trace; ca: Trace };
  /** Label the time axis for runs lasting `durationMs`. */
  setDuration(durationMs: number): void;
  update(v: IonCurrentValues, wallMs: number, motion: boolean): void;
}

export function createIonCurrents(parent: Element): IonCurrents {
  const group = microActor(parent, "ion_currents");
  const ions = svgEl("g", { class: "keta-layer-ions" }, group);
  const na = Array.from({ length: MAX_NA }, () => svgEl("circle", { class: "keta-na", r: 5, visibility: "hidden" }, ions));
  const ca = Array.from({ length: MAX_CA }, () => svgEl("circle", { class: "keta-ca", r: 5, visibility: "hidden" }, ions));
  const traces = {
    ampa: createTrace(group, TRACE_BOXES.ampa, "I AMPA (Na\u207a)", "pA", "keta-trace-ampa"),
    nmda: createTrace(group, TRACE_BOXES.nmda, "I NMDA", "pA", "keta-trace-nmda"),
    ca: createTrace(group, TRACE_BOXES.ca, "Ca\u00b2\u207a in", "pA", "keta-trace-ca"),
  };
  // Time ticks under the last trace: the axis is stretched early (microscope.ts), so say where the
  // stretch ends; placed once the run's duration is known (setDuration).
  const axisY = TRACE_BOXES.ca.y + TRACE_BOXES.ca.height + 18;
  const box = TRACE_BOXES.ca;
  const tickAttrs = { class: "keta-muted", "font-size": VIEW.fontTiny };
  svgText(group, box.x, axisY, "0", { ...tickAttrs, "text-anchor": "start" });
  const stretchTick = svgText(group, box.x, axisY, `${MICROSCOPE_CLOCK.fastSpanMs}`, { ...tickAttrs, "text-anchor": "middle", visibility: "hidden" });
  const endTick = svgText(group, box.x + box.width, axisY, "", { ...tickAttrs, "text-anchor": "end" });

  const place = (nodes: SVGCircleElement[], count: number, xs: readonly number[], wallMs: number, motion: boolean) => {
    const top = MICRO.postY - 40;
    nodes.forEach((node, i) => {
      if (i >= count) {
        setAttr(node, "visibility", "hidden");
        return;
      }
      const depth = ionDepth(i, count, wallMs, motion);
      setAttr(node, "visibility", "visible");
      setAttr(node, "cx", px(xs[i % xs.length] + ((i * 7) % 11) - 5));
      setAttr(node, "cy", px(top + depth * (MICRO.ionBottom - top)));
    });
  };
  return {
    traces,
    setDuration(durationMs) {
      const fastEnd = box.x + traceAxisPosition(MICROSCOPE_CLOCK.fastSpanMs, durationMs) * box.width;
      setAttr(stretchTick, "x", px(fastEnd));
      setAttr(stretchTick, "visibility", durationMs > MICROSCOPE_CLOCK.fastSpanMs * 2 ? "visible" : "hidden");
      setText(endTick, durationMs > 0 ? `${Math.round(durationMs)} ms` : "");
    },
    update(v, wallMs, motion) {
      place(na, ionCount(v.iAmpa, NA_PER_PA, MAX_NA), MICRO.ampaX, wallMs, motion);
      place(ca, ionCount(v.ca, CA_PER_PA, MAX_CA), MICRO.nmdaX, wallMs, motion);
    },
  };
}
