/**
 * The time-series panels of a lab's saved page, drawn as SVG: each declared panel (chart_declarations.ts)
 * gets the lab's legend line above it (title, a swatch and name per line), then its plot: dashed grid
 * lines at the y ticks, both axes with their titles and units, the run's lines, and a playhead with its
 * handle. The panels share one time scale (chart_scales.ts); a press or drag on a plot reports the time
 * under the pointer, as a click on the lab's charts does. Each plot is one image to a screen reader,
 * named by the summary Python wrote of it. Elements are built with createElementNS and textContent
 * only: no markup strings. This module draws; page_charts.ts connects it to the diagram.
 */

import type { TimeMode } from "../timescale";
import type { Trajectory } from "../wire";
import { svgEl as svg, svgText as label } from "../scene/svg";
import type { ChartDeclarations, PanelDeclaration } from "./chart_declarations";
import { PANEL_HEIGHT_PX, type PlotBox, type TimeScale, linePath, plotBox, spacedTicks, timeScale, yPixel } from "./chart_scales";

export interface TimeChartsOptions {
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

function html<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, parent: Element, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  parent.appendChild(node);
  return node;
}

/** The lab's legend line: the panel's title in bold, then a swatch in each line's colour and its name. */
function legend(panel: PanelDeclaration, parent: Element): void {
  const line = html("div", "ketawidget-chart-legend", parent);
  html("b", "ketawidget-chart-title", line, panel.title);
  for (const { label: name, colour } of panel.lines) {
    const entry = html("span", "ketawidget-chart-entry", line);
    html("span", "ketawidget-chart-swatch", entry).style.borderTopColor = colour;
    entry.append(name);
  }
}

interface DrawnPanel {
  decl: PanelDeclaration;
  plot: SVGSVGElement;
  /** The playhead's line and handle, redrawn by setTime. */
  playhead: SVGLineElement | null;
  handle: SVGPathElement | null;
}

export function createTimeCharts(el: HTMLElement, decl: ChartDeclarations, run: Trajectory, options: TimeChartsOptions): TimeCharts {
  const n = run.timeH.length;
  const endH = n > 0 ? run.timeH[n - 1] : 0;
  for (const panel of decl.panels) {
    for (const line of panel.lines) {
      if (!run.channels.has(line.channel)) throw new Error(`the run has no channel ${line.channel} for the panel "${panel.title}"`);
    }
  }
  let mode = options.mode;
  let width = 0;
  let box: PlotBox = plotBox(0);
  let scale: TimeScale = timeScale(mode, endH, decl, box);
  let time: number | null = null;
  let dragging: number | null = null; // the pointer that pressed on a plot

  const root = html("div", "ketawidget-charts", el);
  html("p", "ketawidget-charts-hint", root, decl.hint);
  const panels: DrawnPanel[] = decl.panels.map((panel) => {
    const figure = html("div", "ketawidget-chart", root);
    figure.dataset.panel = panel.key;
    legend(panel, figure);
    const plot = svg("svg", { class: "ketawidget-chart-plot", role: "img", "aria-label": panel.summary, height: PANEL_HEIGHT_PX }, figure);
    return { decl: panel, plot, playhead: null, handle: null };
  });

  function pointerTime(plot: SVGSVGElement, event: PointerEvent): number {
    return scale.toTime(event.clientX - plot.getBoundingClientRect().left);
  }

  function onDown(event: PointerEvent): void {
    const plot = event.currentTarget as SVGSVGElement;
    const rect = plot.getBoundingClientRect();
    const x = event.clientX - rect.left;
    const y = event.clientY - rect.top;
    // On the plot itself (or the handle above it), not on the axes' labels.
    if (event.button !== 0 || x < box.left || x > box.left + box.width || y > box.top + box.height) return;
    event.preventDefault(); // no text selection while dragging
    dragging = event.pointerId;
    plot.setPointerCapture?.(event.pointerId);
    options.onPick(pointerTime(plot, event));
  }

  function onMove(event: PointerEvent): void {
    if (event.pointerId === dragging) options.onPick(pointerTime(event.currentTarget as SVGSVGElement, event));
  }

  function onUp(event: PointerEvent): void {
    if (event.pointerId === dragging) dragging = null;
  }

  for (const { plot } of panels) {
    plot.addEventListener("pointerdown", onDown);
    plot.addEventListener("pointermove", onMove);
    plot.addEventListener("pointerup", onUp);
    plot.addEventListener("pointercancel", onUp);
  }

  function drawPanel(drawn: DrawnPanel): void {
    const { decl: panel, plot } = drawn;
    plot.replaceChildren();
    plot.setAttribute("width", String(width));
    plot.setAttribute("viewBox", `0 0 ${width} ${PANEL_HEIGHT_PX}`);
    const bottom = box.top + box.height;
    const y = (v: number) => yPixel(panel.yRange, box, v);

    const grid = svg("g", { class: "ketawidget-chart-grid" }, plot);
    const yAxis = svg("g", { class: "ketawidget-chart-axis ketawidget-chart-axis-y" }, plot);
    for (const [value, text] of panel.yTicks) {
      svg("line", { x1: box.left, x2: box.left + box.width, y1: y(value), y2: y(value) }, grid);
      label(yAxis, box.left - 6, y(value), text, { "text-anchor": "end", "dominant-baseline": "middle" });
    }
    const yTitle = label(yAxis, 0, 0, panel.yLabel, { class: "ketawidget-chart-axis-title", "text-anchor": "middle" });
    yTitle.setAttribute("transform", `translate(${box.left - 46},${box.top + box.height / 2}) rotate(-90)`);

    const xAxis = svg("g", { class: "ketawidget-chart-axis ketawidget-chart-axis-x" }, plot);
    svg("line", { class: "ketawidget-chart-axis-line", x1: box.left, x2: box.left + box.width, y1: bottom, y2: bottom }, xAxis);
    for (const [value, text] of spacedTicks(scale.ticks, scale.toX)) {
      const x = scale.toX(value);
      svg("line", { class: "ketawidget-chart-axis-line", x1: x, x2: x, y1: bottom, y2: bottom + 5 }, xAxis);
      label(xAxis, x, bottom + 17, text, { "text-anchor": "middle" });
    }
    label(xAxis, box.left + box.width / 2, bottom + 34, decl.timeLabel, { class: "ketawidget-chart-axis-title", "text-anchor": "middle" });

    // The lines stay inside the plot (a y range from Python always holds them; a clip costs nothing).
    const clipId = `ketawidget-chart-clip-${panel.key}`;
    const clip = svg("clipPath", { id: clipId }, plot);
    svg("rect", { x: box.left, y: 0, width: box.width, height: bottom }, clip);
    const lines = svg("g", { class: "ketawidget-chart-lines", "clip-path": `url(#${clipId})` }, plot);
    for (const line of panel.lines) {
      const values = run.channels.get(line.channel) as Float32Array;
      svg("path", {
        class: "ketawidget-chart-line", "data-channel": line.channel, stroke: line.colour,
        d: linePath(run.timeH, values, scale, panel.yRange, box, panel.relativeToRest),
      }, lines);
    }
    drawn.playhead = svg("line", { class: "ketawidget-chart-playhead", stroke: decl.playheadColour, y1: box.top, y2: bottom }, plot);
    drawn.handle = svg("path", { class: "ketawidget-chart-handle", fill: decl.playheadColour }, plot);
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
    handle.setAttribute("d", `M${x},${box.top + 6}l-6,-10h12z`);
  }

  function redraw(): void {
    box = plotBox(width);
    scale = timeScale(mode, endH, decl, box);
    panels.forEach(drawPanel);
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
        plot.removeEventListener("pointerdown", onDown);
        plot.removeEventListener("pointermove", onMove);
        plot.removeEventListener("pointerup", onUp);
        plot.removeEventListener("pointercancel", onUp);
      }
      root.remove();
    },
  };
}
