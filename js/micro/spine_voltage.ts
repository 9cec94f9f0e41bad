/**
 * The spine's membrane potential in the synapse zoom (channel `v_mV`): a bar under the membrane from
 * -90 to +10 mV with the resting -70 mV marked, the value in numbers, and its time course as a trace.
 * Depolarisation is what drives Mg2+ out of the NMDA pore, so the two sit side by side.
 */

import { VIEW, clamp, present, px, setAttr, setText, svgEl, svgText } from "../scene/svg";
import { MICRO, microActor } from "./layout";
import { type Trace, createTrace } from "./trace";
import { TRACE_BOXES } from "./ion_currents";

export const BAR_RANGE_MV: [number, number] = [-90, 10];
const BAR = { x: MICRO.left + 20, y: MICRO.spineBottom - 44, width: MICRO.right - MICRO.left - 40, height: 14 };

/** Fraction 0..1 of the bar filled for voltage `v` (from the left end at -90 mV). */
export function voltageFill(v: number | undefined): number {
  if (!present(v)) return 0;
  const [lo, hi] = BAR_RANGE_MV;
  return clamp((v - lo) / (hi - lo), 0, 1);
}

export interface SpineVoltage {
  trace: Trace;
  update(v: number | undefined): void;
}

export function createSpineVoltage(parent: Element): SpineVoltage {
  const group = microActor(parent, "spine_voltage");
  svgEl("rect", { class: "keta-gauge-track", ...BAR, rx: 3 }, group);
  const bar = svgEl("rect", { class: "keta-voltage-bar", x: BAR.x, y: BAR.y, width: 0, height: BAR.height, rx: 3 }, group);
  const restX = BAR.x + voltageFill(-70) * BAR.width;
  svgEl("line", { class: "keta-gauge-tick", x1: restX, x2: restX, y1: BAR.y - 4, y2: BAR.y + BAR.height + 4 }, group);
  const label = svgText(group, BAR.x, BAR.y - 8, "spine voltage ", { class: "keta-group-label keta-layer-labels", "font-size": VIEW.fontTiny });
  const value = svgEl("tspan", { class: "keta-value" }, label);
  svgText(group, restX, BAR.y + BAR.height + 18, "rest \u221270 mV", {
    class: "keta-muted keta-layer-labels", "text-anchor": "middle", "font-size": VIEW.fontTiny,
  });
  const trace = createTrace(group, TRACE_BOXES.v, "V spine", "mV", "keta-trace-v");
  return {
    trace,
    update(v) {
      group.classList.toggle("keta-absent", !present(v));
      setAttr(bar, "width", px(voltageFill(v) * BAR.width));
      setText(value, present(v) ? `${v.toFixed(1)} mV` : "no data");
    },
  };
}
