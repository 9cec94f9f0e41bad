/**
 * One small time-course plot in the synapse zoom: a channel of the current microscope run against run
 * time, with a cursor at the millisecond being shown. The x axis is the playback's own (stretched
 * early, see microscope.ts), so the cursor moves at one pace; the y range is fixed across all runs of a
 * trajectory, so switching runs compares like with like.
 */

import { traceAxisPosition } from "../microscope";
import { VIEW, clamp, present, px, setAttr, setText, svgEl, svgText } from "../scene/svg";

export interface TraceBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** SVG path data of `values` over `timeMs` inside `box`, y clamped to [lo, hi]. Empty when undrawable. */
export function tracePath(
  timeMs: ArrayLike<number>,
  values: ArrayLike<number>,
  durationMs: number,
  box: TraceBox,
  range: [number, number],
): string {
  const [lo, hi] = range;
  if (timeMs.length === 0 || !(hi > lo)) return "";
  const parts: string[] = [];
  for (let i = 0; i < timeMs.length; i++) {
    const x = box.x + traceAxisPosition(timeMs[i], durationMs) * box.width;
    const y = box.y + box.height - clamp((values[i] - lo) / (hi - lo), 0, 1) * box.height;
    parts.push(`${i === 0 ? "M" : "L"}${px(x)} ${px(y)}`);
  }
  return parts.join(" ");
}

/** A y range covering every run's values with a little headroom, never empty. */
export function traceRange(series: ArrayLike<number>[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series) {
    for (let i = 0; i < s.length; i++) {
      if (Number.isFinite(s[i])) {
        lo = Math.min(lo, s[i]);
        hi = Math.max(hi, s[i]);
      }
    }
  }
  if (!Number.isFinite(lo)) return [0, 1];
  const pad = (hi - lo) * 0.08 || Math.max(Math.abs(hi) * 0.05, 1e-3);
  return [lo - pad, hi + pad];
}

export interface Trace {
  setData(timeMs: ArrayLike<number> | undefined, values: ArrayLike<number> | undefined, durationMs: number, range: [number, number]): void;
  setCursor(tMs: number, value: number | undefined, durationMs: number): void;
}

export function createTrace(parent: Element, box: TraceBox, title: string, unit: string, className: string): Trace {
  svgEl("rect", { class: "keta-trace-box", x: box.x, y: box.y, width: box.width, height: box.height }, parent);
  const label = svgText(parent, box.x, box.y - 6, title + " ", { class: "keta-muted keta-layer-labels", "font-size": VIEW.fontTiny });
  const value = svgEl("tspan", { class: "keta-value keta-fg" }, label);
  const line = svgEl("path", { class: `keta-trace ${className}`, d: "" }, parent);
  const cursor = svgEl("line", { class: "keta-trace-cursor", x1: box.x, x2: box.x, y1: box.y, y2: box.y + box.height }, parent);
  let lastData: unknown;
  return {
    setData(timeMs, values, durationMs, range) {
      if (values === lastData) return; // the path is rebuilt only when the run changes, not per frame
      lastData = values;
      setAttr(line, "d", timeMs && values ? tracePath(timeMs, values, durationMs, box, range) : "");
    },
    setCursor(tMs, v, durationMs) {
      const x = px(box.x + traceAxisPosition(tMs, durationMs) * box.width);
      setAttr(cursor, "x1", x);
      setAttr(cursor, "x2", x);
      // A current decayed to -1e-9 pA is zero at the precision shown: no "-0.00".
      const shown = present(v) && Math.abs(v) < 0.005 ? 0 : v;
      setText(value, present(shown) ? `${shown.toFixed(Math.abs(shown) < 10 ? 2 : 1)} ${unit}` : "no data");
    },
  };
}
