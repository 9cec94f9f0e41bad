/**
 * The readout of a saved page's chart: the time a reader points at (or moves to with the keyboard),
 * each line's value there and a dot on each line, as the lab's hover tooltips show a line's name, the
 * time and its value. Its words are the lab's: the lines' names in its tooltips, the y axis' title with
 * the unit as the value's label, the values in its tooltips' d3 formats (value_format.ts) and the time
 * as the diagram's clock writes it, all from the page's declarations (chart_declarations.ts); the
 * numbers come from the run in the page. Pure functions (what the readout says, where it goes) and the
 * two elements that show it (a box beside the pointer, dots on the lines); time_charts.ts decides when.
 */

import { MISSING, formatClockFine, timeAttr } from "../format";
import { svgEl as svg } from "../scene/svg";
import type { Trajectory } from "../wire";
import { interpolate } from "../wire";
import type { PanelDeclaration } from "./chart_declarations";
import { html, swatch } from "./chart_dom";
import { valueFormatter } from "./value_format";

/**
 * The smallest magnitude the readout writes as a number, for each of the lab's two formats: a
 * fraction written as a percentage ("p") and any other value ("r"; in these charts only the drug
 * levels, in µM, get this small). The lab's tooltips sit on a line's landmarks (its peak, the end of
 * the dose), where a value is never this small; a reader pointing anywhere along a run reaches its
 * tail, where d3's three digits read "0.00000825" µM and "0.00048%" (review). Below these a value is
 * written "<0.001" and "<0.01%" (one just below zero, a numerical tail, as 0): the drug is all but gone, which is what a student needs to read.
 */
export const READOUT_FLOOR = { percent: 1e-4, value: 1e-3 } as const;

/** The lab's d3 format `specifier` (value_format.ts), with the readout's floor below it. */
export function readoutFormatter(specifier: string): (value: number) => string {
  const format = valueFormatter(specifier);
  const percent = specifier.endsWith("p");
  const floor = percent ? READOUT_FLOOR.percent : READOUT_FLOOR.value;
  const below = percent ? `<${floor * 100}%` : `<${floor}`;
  // A numerical tail just below zero (these levels are never negative) reads as what it is: nothing.
  return (value) => (value !== 0 && Math.abs(value) < floor ? (value > 0 ? below : format(0)) : format(value));
}

/** How far the box keeps from the time it reads, px: clear of the dots and of a finger's edge. */
export const READOUT_GAP_PX = 12;
/** The box's widest, where there is room: a line's name and value on one row. */
const READOUT_MAX_WIDTH = "20rem";

export interface ReadoutRow {
  /** The line's name, as the lab's tooltips give it. */
  name: string;
  colour: string;
  /** The value drawn at the time (over the line's first value on a panel drawn relative to rest). */
  value: number;
  /** The value as the lab's tooltips write it; an em dash where the run has no number. */
  text: string;
  /** A line of the comparison run (drawn dashed), not of the run. */
  comparison: boolean;
}

export interface Readout {
  timeH: number;
  /** The time to the second ("6 h", "40 min", "2 h 27 min 30 s"): the keys step 30-s samples. */
  time: string;
  /** What the values are and their unit: the panel's y axis' title ("current blocked (%)"). */
  label: string;
  rows: ReadoutRow[];
}

/**
 * A line's value at `t` hours: linear interpolation between the two samples around `t` (wire.ts's
 * `interpolate`), not the nearest sample. The charts draw each line as straight segments between
 * samples, so this is the point of the drawn line under the pointer (the dot sits on the line), and
 * it is what the diagram's own readout shows once a click moves it to that time; the keyboard moves
 * from sample to sample, where the two agree exactly. On a log time axis a segment is drawn straight
 * in log time, which parts from this by less than a pixel at the run's sampling.
 */
export function lineValueAt(timeH: ArrayLike<number>, values: ArrayLike<number>, t: number, relativeToRest: boolean): number {
  const value = interpolate(timeH, values, t);
  return relativeToRest ? value / values[0] : value;
}

/**
 * What `panel`'s readout says at `t` hours of `run`, its values written by `format`; then, with a
 * `comparison` run, its lines' values, named as the lab's tooltips name them ("interneurons, ketamine alone").
 */
export function readoutAt(
  panel: PanelDeclaration, run: Trajectory, t: number, format: (value: number) => string, comparison: Trajectory | null = null,
): Readout {
  const row = (from: Trajectory, channel: string, name: string, colour: string, compared: boolean): ReadoutRow => {
    const values = from.channels.get(channel);
    const value = values === undefined ? Number.NaN : lineValueAt(from.timeH, values, t, panel.relativeToRest);
    return { name, colour, value, text: Number.isFinite(value) ? format(value) : MISSING, comparison: compared };
  };
  const rows = panel.lines.map((line) => row(run, line.channel, line.name, line.colour, false));
  if (comparison !== null && panel.comparison !== null) {
    const { names } = panel.comparison;
    rows.push(...panel.lines.map((line, i) => row(comparison, line.channel, names[i], line.colour, true)));
  }
  return { timeH: t, time: formatClockFine(t), label: panel.yLabel, rows };
}

/** The readout in words, for a screen reader: "6 h, current blocked (%): interneurons 48%, pyramidal cells 31%". */
export function readoutWords(readout: Readout): string {
  return `${readout.time}, ${readout.label}: ${readout.rows.map((row) => `${row.name} ${row.text}`).join(", ")}`;
}

/**
 * The stretch of a panel the box may cover, px from the panel's left edge: from the plot's left edge
 * (the y axis' tick labels and title stand left of it, and a value read without them is a number
 * without a scale) to the panel's right edge.
 */
export interface ReadoutSpan {
  plotLeft: number;
  panelWidth: number;
}

/** The room for a box `x` px from the panel's left edge: right of the time it reads and left of it, px. */
export function readoutRoom(x: number, { plotLeft, panelWidth }: ReadoutSpan, gap = READOUT_GAP_PX): { right: number; left: number } {
  return { right: panelWidth - (x + gap), left: x - gap - plotLeft };
}

/** What the box must keep clear of, and the room it has, up and down the panel: px from the panel's top. */
export interface ReadoutBand {
  /** The plot's top and bottom edges. */
  top: number;
  bottom: number;
  /** The panel's bottom edge, below the time axis' title. */
  panelBottom: number;
  /** The screen's top edge (above the panel, negative, once it is scrolled down the screen): a box above it is not seen. */
  screenTop: number;
  /**
   * The screen's bottom edge: a box below it is not seen. Absent, readoutBox measures it (the window's
   * height below `screenTop`), and readoutPlace takes the screen to have no bottom.
   */
  screenBottom?: number;
}

/** How far the playhead's handle rises above the plot's top, px (time_charts.ts draws it). */
export const HANDLE_RISE_PX = 4;

/**
 * Where the box goes, px from the panel's left and top edges, for the time's pixel `x`. Beside the time
 * where it fits on one side (right of it, else left), its top at the plot's top, or, for a box taller
 * than the plot (a comparison's rows), as much higher as keeps its bottom on the plot's bottom edge;
 * never above the screen's top (lower, within the plot, where the plot's top is scrolled above it) nor
 * past its bottom (higher, over the legend, where the plot's bottom is below it), and below the panel
 * where it would then reach below the plot.
 * Where it fits on neither side (a phone, the time in the middle; readoutBox first narrows it to the
 * roomier side, if it is then no taller than the plot), above the plot and the playhead's handle,
 * centred on the time and kept inside the span; below the panel where the screen has no room above it.
 * Either way it covers neither the time it reads (the playhead, its handle and the dots on the lines
 * at `x`) nor, below the plot, the time axis' tick labels and title: narrowed beside the time, a
 * comparison's longer names wrapped it to twice the plot's height, over them (review, on a phone).
 * Above the plot is the panel's legend, which says what the box's rows say.
 * On a short screen (a phone held sideways, a laptop's 720 lines under the browser's bars) below the
 * panel ran past the screen's bottom, its last values unread: the box is placed below the panel only
 * where it ends on the screen. Where nothing above keeps it whole on the screen, the time axis yields,
 * never the screen's edges nor (where the box's width allows) the time it reads: the box's first row
 * says the time. Beside the time, it goes as high as the screen allows, over the legend and then the
 * time axis; over the time, as low as ends on the screen's bottom, over the time axis but clear of the
 * plot. Past that only a box too wide to stand beside the time (readoutBox narrows it, where its words
 * fit so) covers it: on the side of the plot with more room on the screen, inside it. A box taller
 * than the screen keeps its top, the time, on it.
 */
export function readoutPlace(
  x: number, box: { width: number; height: number }, span: ReadoutSpan, band: ReadoutBand, gap = READOUT_GAP_PX,
): { left: number; top: number } {
  const room = readoutRoom(x, span, gap);
  const screenBottom = band.screenBottom ?? Number.POSITIVE_INFINITY;
  const onScreen = (top: number) => top >= band.screenTop && top + box.height <= screenBottom;
  const belowPanel = onScreen(band.panelBottom) ? band.panelBottom : null;
  // Right of the time; left of it where it would run past the panel's right edge, never over the y
  // axis' labels (left of plotLeft): a value is read against them.
  const besideLeft = box.width <= room.right ? x + gap : box.width <= room.left ? x - gap - box.width : null;
  if (besideLeft !== null) {
    // Risen above the screen's top, the box was not seen: a box taller than the plot on a panel near the
    // screen's top went over the panel above or off the screen (review). Lowered instead, it stays beside
    // the time while it ends on the plot (and on the screen); past that it would cover the time axis, so
    // below the panel. Where that runs off the screen, beside the time from the screen's top (the only
    // way `beside` misses): over the time axis, which the box's first row restates, not off the screen.
    const beside = Math.max(band.screenTop, Math.min(band.top, band.bottom - box.height, screenBottom - box.height));
    const top = beside + box.height <= Math.min(band.bottom, screenBottom) ? beside : belowPanel ?? beside;
    return { left: besideLeft, top };
  }
  const left = Math.max(span.plotLeft, Math.min(x - box.width / 2, span.panelWidth - box.width));
  const above = band.top - HANDLE_RISE_PX - gap - box.height;
  if (onScreen(above)) return { left, top: above };
  // With the panel at the top of the screen, there is no room above it: below the panel instead, past
  // its time axis' title (under the finger that tapped, but on the screen).
  if (belowPanel !== null) return { left, top: belowPanel };
  // Raised from there to end on the screen's bottom: over the time axis, still clear of the plot.
  const raised = Math.min(band.panelBottom, screenBottom - box.height);
  if (raised >= band.bottom + gap && onScreen(raised)) return { left, top: raised };
  // No room clear of the time at this width: the side with more room, kept inside the screen.
  const roomAbove = band.top - HANDLE_RISE_PX - gap - band.screenTop;
  const roomBelow = screenBottom - (band.bottom + gap);
  return { left, top: roomAbove >= roomBelow ? band.screenTop : Math.max(band.screenTop, screenBottom - box.height) };
}

/**
 * Whether a box placed at `place` covers the time it reads at `x`: it comes within `gap` of the time
 * across, and down the plot from the playhead's handle (less `gap`) to the plot's bottom (and `gap`).
 */
export function readoutCoversTime(
  x: number, place: { left: number; top: number }, box: { width: number; height: number }, band: ReadoutBand, gap = READOUT_GAP_PX,
): boolean {
  return place.left < x + gap && place.left + box.width > x - gap
    && place.top < band.bottom + gap && place.top + box.height > band.top - HANDLE_RISE_PX - gap;
}

/**
 * What a box placed at `place` yields, in the order readoutPlace avoids it: 0 nothing; 1 the time
 * axis' tick labels and title (between the plot's and the panel's bottom edges); 2 the time it reads
 * (readoutCoversTime); 3 part of it is off the screen. The worst counts.
 */
export function readoutCost(
  x: number, place: { left: number; top: number }, box: { width: number; height: number }, band: ReadoutBand, gap = READOUT_GAP_PX,
): number {
  const bottom = place.top + box.height;
  if (place.top < band.screenTop || bottom > (band.screenBottom ?? Number.POSITIVE_INFINITY)) return 3;
  if (readoutCoversTime(x, place, box, band, gap)) return 2;
  return place.top < band.panelBottom && bottom > band.bottom ? 1 : 0;
}

export interface ReadoutBox {
  /** Show `readout` for the time at `x` px (readoutPlace), on a plot whose edges are `band`, within `span` of its panel. */
  show(readout: Readout, x: number, band: ReadoutBand, span: ReadoutSpan): void;
  hide(): void;
  readonly element: HTMLElement;
}

/**
 * The box that shows a readout, in `figure` (positioned: the box is placed in its coordinates), a
 * comparison's row's swatch dashed with the SVG dash array `comparisonDash` (its lines', as the
 * legend's). It is hidden from screen readers: what it says reaches them once per move, in words
 * (time_charts.ts).
 */
export function readoutBox(figure: HTMLElement, comparisonDash: string | null): ReadoutBox {
  const element = html("div", "ketawidget-chart-readout", figure);
  element.setAttribute("aria-hidden", "true");
  element.hidden = true;
  return {
    element,
    show(readout, x, band, span) {
      element.replaceChildren();
      html("div", "ketawidget-chart-readout-time", element, readout.time);
      html("div", "ketawidget-chart-readout-label", element, readout.label);
      for (const row of readout.rows) {
        const line = html("div", "ketawidget-chart-readout-row", element);
        if (row.comparison) line.dataset.comparison = "true";
        swatch(line, row.colour, row.comparison ? comparisonDash : null);
        html("span", "ketawidget-chart-readout-name", line, row.name);
        html("span", "ketawidget-chart-readout-value", line, row.text);
      }
      element.hidden = false;
      // The time it reads, exactly, for tests and embedding pages (as the diagram's root carries its own).
      element.dataset.timeH = timeAttr(readout.timeH);
      // No wider than the span. Where it fits beside the time on neither side (a phone, the time in the
      // middle), as wide as the roomier side, its words wrapping, so that it stays beside the time; unless
      // it is then taller than the plot (a comparison's longer names), or its words do not fit even so:
      // then at its own width again, above the plot (readoutPlace).
      const widest = `min(${READOUT_MAX_WIDTH}, ${span.panelWidth - span.plotLeft}px)`;
      element.style.maxWidth = widest;
      // The screen's bottom, in the figure's coordinates as `screenTop` is: the layout viewport's height
      // (the window's without a horizontal scroll bar), the window's where the document reports none.
      const screenHeight = figure.ownerDocument.documentElement.clientHeight || (figure.ownerDocument.defaultView?.innerHeight ?? 0);
      const onScreen: ReadoutBand = { ...band, screenBottom: band.screenBottom ?? band.screenTop + screenHeight };
      const size = () => ({ width: element.offsetWidth, height: element.offsetHeight });
      const room = readoutRoom(x, span);
      const roomier = Math.max(room.left, room.right);
      if (element.offsetWidth > roomier) {
        const narrow = `${Math.max(0, roomier)}px`;
        element.style.maxWidth = narrow;
        const wordsFit = element.scrollWidth <= element.clientWidth;
        const narrowed = size();
        if (!(wordsFit && narrowed.height <= band.bottom - band.top)) {
          element.style.maxWidth = widest;
          // On a short screen, at its own width it may find no room above the plot nor below the panel,
          // and yield the time axis or, worse, the time it reads: narrowed beside the time, it yields
          // only the legend (rising over it) where it is no taller than the plot and the legend, else
          // the time axis, and never the time. Kept where that is better (its words fitting so).
          const wide = size();
          const cost = (box: { width: number; height: number }) => readoutCost(x, readoutPlace(x, box, span, onScreen), box, onScreen);
          if (wordsFit && cost(narrowed) < cost(wide)) element.style.maxWidth = narrow;
        }
      }
      const { left, top } = readoutPlace(x, size(), span, onScreen);
      element.style.left = `${left}px`;
      element.style.top = `${top}px`;
    },
    hide() {
      element.hidden = true;
    },
  };
}

/**
 * A dot on each line where the readout reads it, in `group` (emptied first); none for a missing value.
 * A comparison line's dot is smaller and drawn first, under the run's.
 */
export function drawReadoutDots(group: SVGGElement, readout: Readout, x: number, y: (value: number) => number): void {
  group.replaceChildren();
  const rows = [...readout.rows.filter((row) => row.comparison), ...readout.rows.filter((row) => !row.comparison)];
  for (const row of rows) {
    if (!Number.isFinite(row.value)) continue;
    svg("circle", {
      class: "ketawidget-chart-dot", cx: x.toFixed(1), cy: y(row.value).toFixed(1), r: row.comparison ? 3 : 4, fill: row.colour,
      ...(row.comparison ? { "data-comparison": "true" } : {}),
    }, group);
  }
}
