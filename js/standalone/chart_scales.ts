/**
 * Where things go on a saved page's time-series panels: the plot's box in a panel of a given width,
 * time to pixels and back (linear, or log from the first minute as the lab's charts do), values to
 * pixels, a line as an SVG path, and which tick labels have room. Pure functions, no DOM: the panels
 * (time_charts.ts) draw with them, and a click goes back to a time through the same scale that drew it.
 */

import type { TimeMode } from "../timescale";
import type { ChartLayout, Tick } from "./chart_declarations";

/** The narrowest plot drawn, px: a panel narrower than this scrolls rather than squash its lines. */
export const MIN_PLOT_WIDTH_PX = 120;

export interface PlotBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** The height of a panel's svg, px: the panel's, less its legend line above it (as the lab's figures). */
export function svgHeight(layout: ChartLayout): number {
  return layout.heightPx - layout.legendLinePx;
}

/** The plot's box inside a panel `panelWidth` px wide, laid out as `layout` says (the lab's margins). */
export function plotBox(panelWidth: number, layout: ChartLayout): PlotBox {
  const { margin } = layout;
  const width = Math.max(MIN_PLOT_WIDTH_PX, panelWidth - margin.left - margin.right);
  return { left: margin.left, top: margin.top, width, height: svgHeight(layout) - margin.top - margin.bottom };
}

/** What a time axis needs from the declarations (chart_declarations.ts). */
export interface TimeAxisDeclaration {
  timeTicks: Tick[];
  logTimeFloorH: number;
  logTimeTicks: Tick[];
}

export interface TimeScale {
  mode: TimeMode;
  /** The axis' ends, hours: [0, end] linear, [floor, max(end, 10 floors)] log. */
  domain: readonly [number, number];
  /** The ticks of this mode. */
  ticks: Tick[];
  /** The x pixel of time `t` (a log axis draws anything before its first minute at its left edge). */
  toX(t: number): number;
  /**
   * The time at x pixel `x`, as the lab's `pick_time` reads a click: clamped to the run, and on a log
   * axis the first minute's edge stands for the start of the run (0 h).
   */
  toTime(x: number): number;
}

/** The time scale of a run that ends at `endH` hours, in `mode`, across `box`. */
export function timeScale(mode: TimeMode, endH: number, axis: TimeAxisDeclaration, box: PlotBox): TimeScale {
  const end = Math.max(endH, 0);
  if (mode === "log") {
    const floor = axis.logTimeFloorH;
    const top = Math.max(end, floor * 10);
    const span = Math.log(top / floor);
    return {
      mode,
      domain: [floor, top],
      ticks: axis.logTimeTicks,
      toX: (t) => box.left + (Math.log(Math.max(t, floor) / floor) / span) * box.width,
      toTime(x) {
        const t = floor * Math.exp(((x - box.left) / box.width) * span);
        return t <= floor ? 0 : Math.min(t, end);
      },
    };
  }
  const span = end > 0 ? end : 1; // a run of one instant still gets an axis
  return {
    mode,
    domain: [0, end],
    ticks: axis.timeTicks,
    toX: (t) => box.left + (t / span) * box.width,
    toTime: (x) => Math.min(Math.max(((x - box.left) / box.width) * span, 0), end),
  };
}

/** The y pixel of value `v` on an axis from `range[0]` (the plot's bottom) to `range[1]` (its top). */
export function yPixel(range: readonly [number, number], box: PlotBox, v: number): number {
  return box.top + (1 - (v - range[0]) / (range[1] - range[0])) * box.height;
}

/**
 * A line's SVG path: `values` at `timeH`, each divided by the first value when `relativeToRest` (the
 * lab draws its firing rates so). Pixels to a tenth, which no screen tells apart.
 */
export function linePath(
  timeH: ArrayLike<number>,
  values: ArrayLike<number>,
  time: TimeScale,
  range: readonly [number, number],
  box: PlotBox,
  relativeToRest = false,
): string {
  const n = Math.min(timeH.length, values.length);
  if (n === 0) return "";
  const rest = relativeToRest ? values[0] : 1;
  if (!(Number.isFinite(rest) && rest !== 0)) throw new RangeError(`a line drawn relative to rest needs a first value other than 0; got ${rest}`);
  const parts = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    parts[i] = `${i === 0 ? "M" : "L"}${time.toX(timeH[i]).toFixed(1)},${yPixel(range, box, values[i] / rest).toFixed(1)}`;
  }
  return parts.join("");
}

/**
 * About how wide a tick label of `text` is, px, at a `fontPx` font: a digit of a sans-serif font is
 * 0.55-0.64 em wide (Arial, DejaVu Sans), taken at its widest.
 */
export function labelWidth(text: string, fontPx: number): number {
  return 0.64 * fontPx * text.length;
}

/**
 * The ticks whose labels (at a `fontPx` font) fit side by side at their x pixels: the first, then each
 * one at least a label's width and a gap past the last one kept (on a phone a long run's ticks would
 * run together).
 */
export function spacedTicks(ticks: Tick[], toX: (value: number) => number, fontPx: number, gapPx = 10): Tick[] {
  const kept: Tick[] = [];
  let right = -Infinity;
  for (const tick of ticks) {
    const x = toX(tick[0]);
    const half = labelWidth(tick[1], fontPx) / 2;
    if (x - half >= right + gapPx) {
      kept.push(tick);
      right = x + half;
    }
  }
  return kept;
}
