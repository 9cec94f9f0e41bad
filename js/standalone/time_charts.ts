/**
 * The time-series panels of a lab's saved page, drawn as SVG: each declared panel (chart_declarations.ts)
 * gets the lab's legend line above it (title, a swatch and name per line), then its plot: dashed grid
 * lines at the y ticks, both axes with their titles and units, the lab's comparison run dashed (with its
 * legend entry and readout rows, when the page has one), the run's lines, and a playhead with its
 * handle. The panels share one time scale (chart_scales.ts); a press or drag on a plot reports the time
 * under the pointer, as a click on the lab's charts does. Pointing at a plot (a tap, on a touch screen)
 * shows the readout there: the time and each line's value, with a dot on each line (chart_readout.ts),
 * as the lab's hover tooltips do. Each plot is also a slider for the keyboard, named by the summary
 * Python wrote of it: the arrows, Home and End move the diagram's time from sample to sample
 * (chart_keys.ts), the readout following, and the slider's value text is that readout in words.
 * Elements are built with createElementNS and textContent only: no markup strings. This module draws;
 * page_charts.ts connects it to the diagram.
 */

import { timeAttr } from "../format";
import type { TimeMode } from "../timescale";
import type { Trajectory } from "../wire";
import { svgEl as svg, svgText as label } from "../scene/svg";
import type { ChartDeclarations, ComparisonDeclaration, PanelDeclaration } from "./chart_declarations";
import { html, swatch } from "./chart_dom";
import { BIG_STEP_SHARE, keyedTime } from "./chart_keys";
import { HANDLE_RISE_PX, type ReadoutBox, drawReadoutDots, readoutAt, readoutBox, readoutFormatter, readoutWords } from "./chart_readout";
import { type PlotBox, type TimeScale, labelWidth, linePath, plotBox, spacedTicks, svgHeight, timeScale, yPixel } from "./chart_scales";

/** A time tick's length below the axis line, and the gap from it to its label, px (d3's axes: 6 and 3). */
const TICK_LENGTH_PX = 6;
const TICK_GAP_PX = 3;
/** The playhead's handle's height, px. */
const HANDLE_HEIGHT_PX = 10;

export interface TimeChartsOptions {
  /** The run the lab overlays dashed (the declarations' `comparison`, decoded), if any. */
  comparison?: Trajectory | null;
  /** The time axis to start with. */
  mode: TimeMode;
  /** A press or drag on a plot picked time `t`, hours. */
  onPick(t: number): void;
}

export interface TimeCharts {
  /** Draw every panel `width` px wide (the first call draws them at all). */
  layout(width: number): void;
  /** Switch the shared time axis; the panels are redrawn at their width. */
  setTimeMode(mode: TimeMode): void;
  /** Put the playhead at `t` hours on every panel; `null` hides it (the diagram shows no time). */
  setTime(t: number | null): void;
  /** Remove the panels and their listeners. */
  destroy(): void;
}

/** A legend entry: a swatch in `colour` (solid, or dashed with the SVG dash array `dashArray`), then `name`. */
function legendEntry(line: Element, name: string, colour: string, dashArray: string | null = null): void {
  const entry = html("span", "ketawidget-chart-entry", line);
  swatch(entry, colour, dashArray);
  entry.append(name);
}

/**
 * The lab's legend line: the panel's title in bold, then a swatch in each line's colour and its name,
 * and the comparison's dashed swatch and legend entry.
 */
function legend(panel: PanelDeclaration, comparison: ComparisonDeclaration | null, parent: Element): void {
  const line = html("div", "ketawidget-chart-legend", parent);
  html("b", "ketawidget-chart-title", line, panel.title);
  for (const { label: name, colour } of panel.lines) legendEntry(line, name, colour);
  if (comparison !== null && panel.comparison !== null) {
    legendEntry(line, panel.comparison.legend, comparison.legendColour, comparison.dashArray);
  }
}

interface DrawnPanel {
  decl: PanelDeclaration;
  figure: HTMLElement;
  plot: SVGSVGElement;
  /** The playhead's line and handle, redrawn by setTime. */
  playhead: SVGLineElement | null;
  handle: SVGPathElement | null;
  /** The readout's box beside the time it reads, and its dots on the lines (redrawn with the plot). */
  box: ReadoutBox;
  dots: SVGGElement | null;
  /** How the lab's tooltips write this panel's values. */
  format: (value: number) => string;
}

/**
 * Where a readout shows: on which panel, at what time, and what showed it. A mouse's readout leaves
 * with the pointer; a tap's stays until a press elsewhere (a finger never hovers); the keyboard's
 * stays while the plot has the focus.
 */
interface Shown {
  panel: DrawnPanel;
  t: number;
  by: "pointer" | "touch" | "keyboard";
}

/** Whether `element` has the focus from the keyboard (a browser without `:focus-visible` says no). */
function focusVisible(element: Element): boolean {
  try {
    return element.matches(":focus-visible");
  } catch {
    return false;
  }
}

export function createTimeCharts(el: HTMLElement, decl: ChartDeclarations, run: Trajectory, options: TimeChartsOptions): TimeCharts {
  const compared = options.comparison ?? null;
  const lastTime = (times: Float32Array) => (times.length > 0 ? times[times.length - 1] : 0);
  // The axis holds both runs, as the lab's does.
  const endH = Math.max(lastTime(run.timeH), compared === null ? 0 : lastTime(compared.timeH));
  for (const panel of decl.panels) {
    for (const line of panel.lines) {
      if (!run.channels.has(line.channel)) throw new Error(`the run has no channel ${line.channel} for the panel "${panel.title}"`);
      if (compared !== null && !compared.channels.has(line.channel)) {
        throw new Error(`the comparison run has no channel ${line.channel} for the panel "${panel.title}"`);
      }
    }
  }
  let mode = options.mode;
  let width = 0;
  const { layout: sizes } = decl;
  let box: PlotBox = plotBox(0, sizes);
  let scale: TimeScale = timeScale(mode, endH, decl, box);
  let time: number | null = null;
  let dragging: number | null = null; // the pointer that pressed on a plot
  let shown: Shown | null = null;

  const root = html("div", "ketawidget-charts", el);
  // The lab's text sizes and margins (the declarations' layout), for the page's stylesheet (export.py).
  const variables: Record<string, string> = {
    "--ketawidget-chart-tick-px": `${sizes.tickPx}px`, "--ketawidget-chart-axis-title-px": `${sizes.axisTitlePx}px`,
    "--ketawidget-chart-legend-px": `${sizes.legendPx}px`, "--ketawidget-chart-legend-line-px": `${sizes.legendLinePx}px`,
    "--ketawidget-chart-plot-left": `${sizes.margin.left}px`, "--ketawidget-chart-plot-right": `${sizes.margin.right}px`,
    "--ketawidget-chart-font-family": sizes.fontFamily,
  };
  for (const [name, value] of Object.entries(variables)) root.style.setProperty(name, value);
  html("p", "ketawidget-charts-hint", root, decl.hint);
  const panels: DrawnPanel[] = decl.panels.map((panel) => {
    const figure = html("div", "ketawidget-chart", root);
    figure.dataset.panel = panel.key;
    legend(panel, decl.comparison, figure);
    // A slider (not an image): a screen reader then hands it the arrow keys, and says its time.
    const plot = svg("svg", {
      class: "ketawidget-chart-plot", role: "slider", tabindex: 0, "aria-label": panel.summary, "aria-orientation": "horizontal",
      "aria-valuemin": 0, "aria-valuemax": timeAttr(endH), height: svgHeight(sizes),
    }, figure);
    return { decl: panel, figure, plot, playhead: null, handle: null, box: readoutBox(figure, decl.comparison?.dashArray ?? null), dots: null, format: readoutFormatter(panel.valueFormat) };
  });
  const panelOf = (plot: EventTarget | null) => panels.find((drawn) => drawn.plot === plot) as DrawnPanel;

  /** Where the pointer is on `plot`, px from its left and top edges. */
  function pointerAt(plot: SVGSVGElement, event: PointerEvent): { x: number; y: number } {
    const rect = plot.getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top };
  }

  /** Whether a pointer at `x` px reads a time: over the plot, not left or right of it. */
  const overPlot = (x: number) => x >= box.left && x <= box.left + box.width;

  function showReadout(drawn: DrawnPanel, t: number, by: Shown["by"]): void {
    if (shown !== null && shown.panel !== drawn) hideReadout();
    shown = { panel: drawn, t, by };
    drawReadout();
  }

  function drawReadout(): void {
    if (shown === null || width === 0) return;
    const { panel: drawn, t } = shown;
    const readout = readoutAt(drawn.decl, run, t, drawn.format, compared);
    const x = scale.toX(t);
    if (drawn.dots !== null) drawReadoutDots(drawn.dots, readout, x, (v) => yPixel(drawn.decl.yRange, box, v));
    // The legend above the plot wraps to more lines on a narrow page: the plot's top is measured.
    const figureTop = drawn.figure.getBoundingClientRect().top;
    const svgTop = drawn.plot.getBoundingClientRect().top - figureTop;
    const band = { top: svgTop + box.top, bottom: svgTop + box.top + box.height, panelBottom: svgTop + svgHeight(sizes), screenTop: -figureTop };
    drawn.box.show(readout, x, band, { plotLeft: box.left, panelWidth: width });
  }

  function hideReadout(): void {
    if (shown === null) return;
    shown.panel.box.hide();
    shown.panel.dots?.replaceChildren();
    shown = null;
  }

  /**
   * The plot's slider value: the time `t` in hours, and in words the readout there (the time, then each
   * line's value). A screen reader says a focused slider's new value text at each key, so this is what
   * a step says, once: a live region saying the readout as well made it say the time twice (review).
   */
  function setSliderTime(drawn: DrawnPanel, t: number): void {
    drawn.plot.setAttribute("aria-valuenow", timeAttr(t));
    drawn.plot.setAttribute("aria-valuetext", readoutWords(readoutAt(drawn.decl, run, t, drawn.format, compared)));
  }

  function onDown(event: PointerEvent): void {
    const plot = event.currentTarget as SVGSVGElement;
    const { x, y } = pointerAt(plot, event);
    // On the plot itself (or the handle above it), not on the axes' labels.
    if (event.button !== 0 || !overPlot(x) || y > box.top + box.height) return;
    event.preventDefault(); // no text selection while dragging
    dragging = event.pointerId;
    plot.setPointerCapture?.(event.pointerId);
    pick(plot, x, event);
  }

  /** A press or a drag at `x` px on `plot`: the diagram goes to the time there, and the readout reads it. */
  function pick(plot: SVGSVGElement, x: number, event: PointerEvent): void {
    const t = scale.toTime(x);
    options.onPick(t);
    showReadout(panelOf(plot), t, event.pointerType === "touch" ? "touch" : "pointer");
  }

  function onMove(event: PointerEvent): void {
    const plot = event.currentTarget as SVGSVGElement;
    const { x } = pointerAt(plot, event);
    if (event.pointerId === dragging) {
      pick(plot, x, event);
    } else if (event.pointerType !== "touch") {
      // A mouse or a pen hovering: the readout follows it over the plot, and leaves beside it.
      if (overPlot(x)) showReadout(panelOf(plot), scale.toTime(x), "pointer");
      else if (shown?.by === "pointer") hideReadout();
    }
  }

  function onUp(event: PointerEvent): void {
    if (event.pointerId === dragging) dragging = null;
  }

  function onLeave(event: PointerEvent): void {
    if (event.pointerType !== "touch" && event.pointerId !== dragging && shown?.by === "pointer") hideReadout();
  }

  /** A press anywhere else takes a tap's readout away (a finger has no leaving to do it). */
  function onPressElsewhere(event: PointerEvent): void {
    if (shown?.by === "touch" && !shown.panel.plot.contains(event.target as Node | null)) hideReadout();
  }

  function onKey(event: KeyboardEvent): void {
    const drawn = panelOf(event.currentTarget);
    // From the diagram's time; in its error state (no time), from the keyboard's last move.
    const from = time ?? (shown?.by === "keyboard" ? shown.t : 0);
    const bigStep = (t: number, direction: 1 | -1) => scale.toTime(scale.toX(t) + direction * BIG_STEP_SHARE * box.width);
    const t = keyedTime(event, run.timeH, from, bigStep);
    if (t === null) return;
    event.preventDefault(); // the arrows would scroll the page
    options.onPick(t);
    showReadout(drawn, t, "keyboard");
    setSliderTime(drawn, t);
  }

  function onFocus(event: FocusEvent): void {
    const drawn = panelOf(event.currentTarget);
    setSliderTime(drawn, time ?? 0);
    // From the keyboard (Tab), the readout shows where the diagram is; a click shows its own.
    if (focusVisible(drawn.plot) && time !== null) showReadout(drawn, time, "keyboard");
  }

  function onBlur(event: FocusEvent): void {
    if (shown?.by === "keyboard" && shown.panel.plot === event.currentTarget) hideReadout();
  }

  const listeners: Array<[string, EventListener]> = [
    ["pointerdown", onDown as EventListener], ["pointermove", onMove as EventListener], ["pointerup", onUp as EventListener],
    ["pointercancel", onUp as EventListener], ["pointerleave", onLeave as EventListener], ["keydown", onKey as EventListener],
    ["focus", onFocus as EventListener], ["blur", onBlur as EventListener],
  ];
  for (const { plot } of panels) {
    for (const [type, listener] of listeners) plot.addEventListener(type, listener);
  }
  const doc = el.ownerDocument;
  doc.addEventListener("pointerdown", onPressElsewhere, true);

  function drawPanel(drawn: DrawnPanel): void {
    const { decl: panel, plot } = drawn;
    plot.replaceChildren();
    plot.setAttribute("width", String(width));
    plot.setAttribute("viewBox", `0 0 ${width} ${svgHeight(sizes)}`);
    const bottom = box.top + box.height;
    const y = (v: number) => yPixel(panel.yRange, box, v);

    const grid = svg("g", { class: "ketawidget-chart-grid" }, plot);
    const yAxis = svg("g", { class: "ketawidget-chart-axis ketawidget-chart-axis-y" }, plot);
    for (const [value, text] of panel.yTicks) {
      svg("line", { x1: box.left, x2: box.left + box.width, y1: y(value), y2: y(value) }, grid);
      label(yAxis, box.left - 6, y(value), text, { "text-anchor": "end", "dominant-baseline": "middle" });
    }
    // Where the lab's bqplot axes put their titles: the y title's baseline its offset left of the axis
    // line, the time title's its offset and a quarter of an x-height (about an eighth of an em) below.
    const yTitle = label(yAxis, 0, 0, panel.yLabel, { class: "ketawidget-chart-axis-title", "text-anchor": "middle" });
    yTitle.setAttribute("transform", `translate(${box.left - sizes.yTitleOffsetPx},${box.top + box.height / 2}) rotate(-90)`);

    const xAxis = svg("g", { class: "ketawidget-chart-axis ketawidget-chart-axis-x" }, plot);
    svg("line", { class: "ketawidget-chart-axis-line", x1: box.left, x2: box.left + box.width, y1: bottom, y2: bottom }, xAxis);
    for (const [value, text] of spacedTicks(scale.ticks, scale.toX, sizes.tickPx)) {
      const x = scale.toX(value);
      svg("line", { class: "ketawidget-chart-axis-line", x1: x, x2: x, y1: bottom, y2: bottom + TICK_LENGTH_PX }, xAxis);
      // Below its tick as d3's axes put it (the tick, a gap, then 0.71 em to the baseline); a label at
      // the plot's right end (a week's "168") kept inside the panel, a pixel or two off its tick.
      const labelX = Math.min(x, width - labelWidth(text, sizes.tickPx) / 2);
      label(xAxis, labelX, bottom + TICK_LENGTH_PX + TICK_GAP_PX + 0.71 * sizes.tickPx, text, { "text-anchor": "middle" });
    }
    label(xAxis, box.left + box.width / 2, bottom + sizes.xTitleOffsetPx + sizes.axisTitlePx / 8, decl.timeLabel,
      { class: "ketawidget-chart-axis-title", "text-anchor": "middle" });

    // The lines stay inside the plot (a y range from Python always holds them; a clip costs nothing).
    const clipId = `ketawidget-chart-clip-${panel.key}`;
    const clip = svg("clipPath", { id: clipId }, plot);
    svg("rect", { x: box.left, y: 0, width: box.width, height: bottom }, clip);
    const lines = svg("g", { class: "ketawidget-chart-lines", "clip-path": `url(#${clipId})` }, plot);
    // The comparison's lines first, dashed, under the run's: the lab's bqplot marks are in this order.
    const style = decl.comparison;
    for (const line of panel.lines) {
      if (compared === null || style === null) break;
      svg("path", {
        class: "ketawidget-chart-comparison", "data-channel": line.channel, stroke: line.colour, fill: "none",
        "stroke-width": style.strokeWidth, "stroke-dasharray": style.dashArray, "stroke-linejoin": "round", opacity: style.opacity,
        d: linePath(compared.timeH, compared.channels.get(line.channel) as Float32Array, scale, panel.yRange, box, panel.relativeToRest),
      }, lines);
    }
    for (const line of panel.lines) {
      const values = run.channels.get(line.channel) as Float32Array;
      svg("path", {
        class: "ketawidget-chart-line", "data-channel": line.channel, stroke: line.colour,
        d: linePath(run.timeH, values, scale, panel.yRange, box, panel.relativeToRest),
      }, lines);
    }
    drawn.playhead = svg("line", { class: "ketawidget-chart-playhead", stroke: decl.playheadColour, y1: box.top, y2: bottom }, plot);
    drawn.handle = svg("path", { class: "ketawidget-chart-handle", fill: decl.playheadColour }, plot);
    drawn.dots = svg("g", { class: "ketawidget-chart-dots" }, plot);
    // Over everything: a press anywhere on the plot, on a line too, picks a time.
    svg("rect", { class: "ketawidget-chart-catcher", x: box.left, y: 0, width: box.width, height: bottom, fill: "transparent" }, plot);
    placePlayhead(drawn);
  }

  function placePlayhead({ playhead, handle }: DrawnPanel): void {
    if (playhead === null || handle === null) return;
    const shown = time !== null && Number.isFinite(time);
    playhead.style.display = handle.style.display = shown ? "" : "none";
    if (!shown) return;
    const x = scale.toX(time as number).toFixed(1);
    playhead.setAttribute("x1", x);
    playhead.setAttribute("x2", x);
    // A triangle pointing down at the plot, its tip inside it, its top HANDLE_RISE_PX above it.
    handle.setAttribute("d", `M${x},${box.top + HANDLE_HEIGHT_PX - HANDLE_RISE_PX}l-6,-${HANDLE_HEIGHT_PX}h12z`);
  }

  function redraw(): void {
    box = plotBox(width, sizes);
    scale = timeScale(mode, endH, decl, box);
    panels.forEach(drawPanel);
    drawReadout(); // at the same time, on the new axis
  }

  return {
    layout(next) {
      width = Math.max(0, Math.round(next));
      redraw();
    },
    setTimeMode(next) {
      if (next === mode) return;
      mode = next;
      if (width > 0) redraw();
    },
    setTime(t) {
      time = t;
      panels.forEach(placePlayhead);
    },
    destroy() {
      for (const { plot } of panels) {
        for (const [type, listener] of listeners) plot.removeEventListener(type, listener);
      }
      doc.removeEventListener("pointerdown", onPressElsewhere, true);
      root.remove();
    },
  };
}
