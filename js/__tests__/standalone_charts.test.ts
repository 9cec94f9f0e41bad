// @vitest-environment happy-dom
/**
 * Tests of a lab's saved page's charts (js/standalone/chart_*.ts, time_charts.ts, page_charts.ts): the
 * time scale maps hours to the plot's pixels and back (linear, and log from the first minute as the
 * lab's charts), values and lines land where the axis says, tick labels that would collide are
 * dropped, a declaration Python would not write is refused; the panels draw with their titles, legends
 * and accessible names, the playhead stands at the time given, and a press or drag on a plot reports
 * the time under it. Last, on a page with the real widget: the playhead follows the diagram's time
 * and a click on a chart moves the diagram, through the page model's time_h.
 */

import { afterEach, describe, expect, it, vi } from "vitest";
import { ChartDeclarationError, parseChartDeclarations } from "../standalone/chart_declarations";
import { linePath, plotBox, spacedTicks, svgHeight, timeScale, yPixel } from "../standalone/chart_scales";
import { createTimeCharts } from "../standalone/time_charts";
import { PAGE_IDS } from "../standalone/embedded_page";
import { startPage } from "../standalone/start_page";
import { decodeComparison } from "../standalone/page_charts";
import { STORY_STEPS } from "../story/steps";
import { f32 } from "./bytes";

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  document.body.replaceChildren();
});

/** The chart declarations as ketawidget/export.py writes them (JSON names), for a 24-h run. */
const DECLARATIONS = {
  hint: "Click or drag on a chart to move the diagram's time.",
  time_label: "time (h)",
  time_ticks: [[0, "0"], [5, "5"], [10, "10"], [15, "15"], [20, "20"]],
  log_time_floor_h: 1 / 60,
  log_time_ticks: [[0.1, "0.1"], [1, "1"], [6, "6"], [24, "24"]],
  playhead_colour: "#808080",
  // A layout as charts.py's time_panel_layout writes one: the lab's before its text grew (12-px ticks),
  // whose round numbers the scales' tests below are worked out in.
  layout: {
    height_px: 175, legend_line_px: 18, margin: { top: 10, right: 12, bottom: 40, left: 62 },
    y_title_offset_px: 42, x_title_offset_px: 33, tick_px: 12, axis_title_px: 14, legend_px: 13, font_family: "sans-serif",
  },
  panels: [
    {
      key: "drug", title: "Ketamine", y_label: "ketamine (µM)", y_range: [0, 0.5],
      y_ticks: [[0, "0"], [0.2, "0.2"], [0.4, "0.4"]], relative_to_rest: false, value_format: ",.3r",
      lines: [{ channel: "ketamine_brain_uM", label: "brain (free)", name: "brain (free)", colour: "#B8407F" }],
      summary: "Ketamine over 24 h. brain (free): peak 0.4 µM at 30 min, end 0 nM.",
    },
    {
      key: "glutamate", title: "Glutamate and AMPA receptors", y_label: "level (× baseline)", y_range: [0.8, 1.6],
      y_ticks: [[0.8, "0.8"], [1, "1"], [1.2, "1.2"], [1.4, "1.4"]], relative_to_rest: true, value_format: ",.3r",
      lines: [{ channel: "glutamate_rel", label: "glutamate (1 at rest)", name: "glutamate", colour: "#009E73" }],
      summary: "Glutamate and AMPA receptors over 24 h. glutamate: peak 1.5x baseline at 1 h, end 1x.",
    },
  ],
  comparison: null,
};
const TIME = [0, 0.5, 1, 5, 24];
const NAMES = ["ketamine_brain_uM", "glutamate_rel"];
const VALUES = [0, 0.4, 0.2, 0.01, 0, 1, 1.5, 1.2, 1, 1];
const RUN = {
  timeH: new Float32Array(TIME),
  channels: new Map(NAMES.map((name, k) => [name, new Float32Array(VALUES.slice(k * 5, k * 5 + 5))])),
  units: new Map([["ketamine_brain_uM", "uM"], ["glutamate_rel", "rel"]]),
};

const base64 = (view: DataView) => btoa(String.fromCharCode(...new Uint8Array(view.buffer)));

/**
 * The declarations of a page whose lab compares its run with "ketamine alone" (as export.py writes
 * them): each panel's legend entry and names for it, and the run's values on the run's own times.
 */
const CMP_VALUES = [0, 0.2, 0.1, 0.005, 0, 2, 2.6, 2.2, 2, 2]; // glutamate from a rest of 2: 1.3x at 30 min
const COMPARED = {
  ...DECLARATIONS,
  panels: DECLARATIONS.panels.map((p) => ({
    ...p, comparison: { legend: `ketamine alone${p.relative_to_rest ? " (2 at rest)" : ""}`, names: p.lines.map((l) => `${l.name}, ketamine alone`) },
  })),
  comparison: {
    label: "ketamine alone", legend_colour: "#808080", dash_array: "10,10", stroke_width: 2, opacity: 0.85,
    channels: NAMES, time_h: null, values: base64(f32(CMP_VALUES)),
  },
};

describe("chart scales", () => {
  const axis = parseChartDeclarations(JSON.stringify(DECLARATIONS));
  const box = plotBox(474, axis.layout); // a 400-px plot

  it("leave the declared margins around the plot, in a panel the declared height less its legend line", () => {
    expect(svgHeight(axis.layout)).toBe(157);
    expect(box).toEqual({ left: 62, top: 10, width: 400, height: 107 });
    // The lab's own layout today (charts.py): 195-px panels with a 20-px legend line, wider margins.
    const lab = { ...axis.layout, heightPx: 195, legendLinePx: 20, margin: { top: 10, right: 12, bottom: 48, left: 72 } };
    expect(svgHeight(lab)).toBe(175);
    expect(plotBox(484, lab)).toEqual({ left: 72, top: 10, width: 400, height: 117 });
  });

  it("map linear time across the plot, and a pixel back to its time, clamped to the run", () => {
    const time = timeScale("linear", 24, axis, box);
    expect(time.domain).toEqual([0, 24]);
    expect(time.toX(0)).toBe(62);
    expect(time.toX(6)).toBe(162);
    expect(time.toX(24)).toBe(462);
    expect(time.toTime(162)).toBeCloseTo(6, 10);
    for (const t of [0, 0.25, 7.5, 24]) expect(time.toTime(time.toX(t))).toBeCloseTo(t, 10);
    expect(time.toTime(0)).toBe(0); // left of the plot: the start
    expect(time.toTime(1000)).toBe(24); // right of it: the end
    expect(time.ticks).toBe(axis.timeTicks);
  });

  it("map log time from the first minute, as the lab's log axis, its left edge standing for 0 h", () => {
    const time = timeScale("log", 24, axis, box);
    expect(time.domain).toEqual([1 / 60, 24]);
    expect(time.toX(1 / 60)).toBeCloseTo(62, 10);
    expect(time.toX(0)).toBeCloseTo(62, 10); // t = 0 has no place on a log axis: drawn at its edge
    expect(time.toX(24)).toBeCloseTo(462, 10);
    // One hour is ln(60) / ln(1440) of the way along.
    expect(time.toX(1)).toBeCloseTo(62 + (400 * Math.log(60)) / Math.log(1440), 10);
    for (const t of [0.1, 1, 6, 20]) expect(time.toTime(time.toX(t))).toBeCloseTo(t, 6);
    expect(time.toTime(62)).toBe(0);
    expect(time.toTime(10)).toBe(0);
    expect(time.toTime(1000)).toBe(24);
    expect(time.ticks).toBe(axis.logTimeTicks);
    // A run shorter than ten minutes still gets a decade of axis.
    expect(timeScale("log", 0.05, axis, box).domain).toEqual([1 / 60, 1 / 6]);
  });

  it("put values on the y axis from its bottom to its top, and draw lines through them", () => {
    expect(yPixel([0, 2], box, 0)).toBe(box.top + box.height);
    expect(yPixel([0, 2], box, 2)).toBe(box.top);
    expect(yPixel([0, 2], box, 1)).toBe(box.top + box.height / 2);
    const time = timeScale("linear", 24, axis, box);
    // The plot is 107 px tall from 10 px down: 2 at 10, 1 at 63.5, 0 at 117.
    expect(linePath([0, 12, 24], [0, 1, 2], time, [0, 2], box)).toBe("M62.0,117.0L262.0,63.5L462.0,10.0");
    // Relative to rest: each value over the first (a firing rate of 3 Hz at rest, 6 Hz later: 2x).
    expect(linePath([0, 24], [3, 6], time, [0, 2], box, true)).toBe("M62.0,63.5L462.0,10.0");
    expect(() => linePath([0, 24], [0, 6], time, [0, 2], box, true)).toThrow(/first value other than 0/);
    expect(linePath([], [], time, [0, 2], box)).toBe("");
  });

  it("drop the tick labels that would run into each other on a narrow plot, the more the larger their font", () => {
    const wide = timeScale("linear", 24, axis, plotBox(474, axis.layout));
    expect(spacedTicks(axis.timeTicks, wide.toX, 12).map(([, text]) => text)).toEqual(["0", "5", "10", "15", "20"]);
    const ticks: Array<readonly [number, string]> = [[0, "0"], [50, "50"], [100, "100"], [150, "150"], [200, "200"], [250, "250"], [300, "300"]];
    const narrow = timeScale("linear", 336, axis, plotBox(140, axis.layout)); // a 120-px plot
    const kept = (fontPx: number) => spacedTicks(ticks, narrow.toX, fontPx).map(([, text]) => text);
    expect(kept(12)[0]).toBe("0");
    expect(kept(12)).toEqual(["0", "100", "200", "300"]);
    expect(kept(14)).toEqual(["0", "100", "250"]); // at the lab's projected size: fewer
  });
});

describe("chart declarations", () => {
  it("read what Python writes", () => {
    const decl = parseChartDeclarations(JSON.stringify(DECLARATIONS));
    expect(decl.panels.map((p) => p.title)).toEqual(["Ketamine", "Glutamate and AMPA receptors"]);
    expect(decl.panels[1]).toMatchObject({ yLabel: "level (× baseline)", yRange: [0.8, 1.6], relativeToRest: true, valueFormat: ",.3r" });
    expect(decl.panels[0].lines).toEqual([{ channel: "ketamine_brain_uM", label: "brain (free)", name: "brain (free)", colour: "#B8407F" }]);
    expect(decl.panels[1].lines[0]).toMatchObject({ label: "glutamate (1 at rest)", name: "glutamate" });
    expect(decl.logTimeFloorH).toBeCloseTo(1 / 60, 12);
    expect(decl.layout).toEqual({
      heightPx: 175, legendLinePx: 18, margin: { top: 10, right: 12, bottom: 40, left: 62 },
      yTitleOffsetPx: 42, xTitleOffsetPx: 33, tickPx: 12, axisTitlePx: 14, legendPx: 13, fontFamily: "sans-serif",
    });
  });

  it.each([
    ["not JSON", "{", /not JSON/],
    ["no panels", JSON.stringify({ ...DECLARATIONS, panels: 3 }), /charts.panels must be a list of panels; got 3/],
    ["an upside-down axis", JSON.stringify({ ...DECLARATIONS, panels: [{ ...DECLARATIONS.panels[0], y_range: [1, 0] }] }), /panels\[0\].y_range must be \[low, high\] with low < high/],
    ["a tick without its label", JSON.stringify({ ...DECLARATIONS, time_ticks: [[0]] }), /charts.time_ticks\[0\] must be \[value, text\]/],
    ["a line without a colour", JSON.stringify({ ...DECLARATIONS, panels: [{ ...DECLARATIONS.panels[0], lines: [{ channel: "a", label: "a", name: "a" }] }] }),
      /panels\[0\].lines\[0\].colour must be a CSS colour; got nothing/],
    ["a log axis from 0", JSON.stringify({ ...DECLARATIONS, log_time_floor_h: 0 }), /log_time_floor_h must be a positive number/],
    ["a value format the page cannot write", JSON.stringify({ ...DECLARATIONS, panels: [{ ...DECLARATIONS.panels[0], value_format: ".2f" }] }),
      /panels\[0\].value_format: the value format ".2f" is not one the saved page can write/],
    ["a line without its tooltip name", JSON.stringify({ ...DECLARATIONS, panels: [{ ...DECLARATIONS.panels[0], lines: [{ channel: "a", label: "a", colour: "red" }] }] }),
      /panels\[0\].lines\[0\].name must be a string; got nothing/],
    ["no layout (a page written before the charts took the lab's)", JSON.stringify({ ...DECLARATIONS, layout: undefined }),
      /charts.layout must be an object of sizes in px; got nothing/],
    ["a text size of 0", JSON.stringify({ ...DECLARATIONS, layout: { ...DECLARATIONS.layout, tick_px: 0 } }),
      /charts.layout.tick_px must be a size in px, more than 0; got 0/],
    ["margins taller than the panel", JSON.stringify({ ...DECLARATIONS, layout: { ...DECLARATIONS.layout, height_px: 60 } }),
      /charts.layout leaves no room for the plot/],
    ["no word of a comparison, not even null", JSON.stringify({ ...DECLARATIONS, comparison: undefined }),
      /charts.comparison must be null or the comparison run; got nothing/],
    ["a comparison without its values", JSON.stringify({ ...COMPARED, comparison: { ...COMPARED.comparison, values: undefined } }),
      /charts.comparison.values must be base64 text; got nothing/],
    ["a comparison's dash array that is not one", JSON.stringify({ ...COMPARED, comparison: { ...COMPARED.comparison, dash_array: "10,x" } }),
      /charts.comparison.dash_array must be an SVG dash array of positive lengths; got "10,x"/],
    ["a comparison drawn solid (no dashes)", JSON.stringify({ ...COMPARED, comparison: { ...COMPARED.comparison, dash_array: "" } }),
      /charts.comparison.dash_array must be an SVG dash array of positive lengths/],
    ["a comparison without a channel a panel draws", JSON.stringify({ ...COMPARED, comparison: { ...COMPARED.comparison, channels: ["glutamate_rel"] } }),
      /charts.comparison.channels has no ketamine_brain_uM for the panel "Ketamine"/],
    ["a panel without the comparison's names", JSON.stringify({ ...COMPARED, panels: [{ ...COMPARED.panels[0], comparison: { legend: "x", names: [] } }] }),
      /panels\[0\].comparison.names must be 1 names, one per line/],
    ["a panel's comparison on a page without one", JSON.stringify({ ...DECLARATIONS, panels: [COMPARED.panels[0]] }),
      /panels\[0\].comparison is there, but charts.comparison is null/],
  ])("refuse %s, saying what is wrong", (_name, json, message) => {
    expect(() => parseChartDeclarations(json)).toThrow(ChartDeclarationError);
    expect(() => parseChartDeclarations(json)).toThrow(message);
  });
});

/** A PointerEvent on `target` at `clientX` (happy-dom puts every element's box at the origin). */
function press(target: Element, type: string, clientX: number, clientY = 50, pointerId = 1): void {
  target.dispatchEvent(new PointerEvent(type, { clientX, clientY, pointerId, button: 0, bubbles: true, cancelable: true }));
}

describe("time charts", () => {
  function draw(mode: "linear" | "log" = "linear") {
    const el = document.createElement("section");
    document.body.appendChild(el);
    const picked: number[] = [];
    const charts = createTimeCharts(el, parseChartDeclarations(JSON.stringify(DECLARATIONS)), RUN, { mode, onPick: (t) => picked.push(t) });
    charts.layout(474);
    return { el, charts, picked };
  }

  it("draw at the declared layout: the panel's height, the titles at their offsets, the text sizes for the page's styles", () => {
    const { el } = draw();
    const root = el.querySelector(".ketawidget-charts") as HTMLElement;
    expect(["tick-px", "axis-title-px", "legend-px", "legend-line-px", "plot-left", "plot-right", "font-family"]
      .map((name) => root.style.getPropertyValue(`--ketawidget-chart-${name}`))).toEqual(["12px", "14px", "13px", "18px", "62px", "12px", "sans-serif"]);
    const plot = el.querySelector<SVGSVGElement>("svg.ketawidget-chart-plot") as SVGSVGElement;
    expect(plot.getAttribute("height")).toBe("157");
    const [yTitle, xTitle] = [...plot.querySelectorAll(".ketawidget-chart-axis-title")];
    expect(yTitle.getAttribute("transform")).toBe("translate(20,63.5) rotate(-90)"); // 42 px left of the axis at 62
    expect(Number(xTitle.getAttribute("y"))).toBeCloseTo(117 + 33 + 14 / 8, 6);
    const tick = plot.querySelector(".ketawidget-chart-axis-x text:not(.ketawidget-chart-axis-title)") as SVGTextElement;
    expect(Number(tick.getAttribute("y"))).toBeCloseTo(117 + 9 + 0.71 * 12, 6);
  });

  it("draw each panel with the lab's legend, its axes' titles and an accessible name", () => {
    const { el } = draw();
    const panels = [...el.querySelectorAll(".ketawidget-chart")];
    expect(panels.map((p) => p.getAttribute("data-panel"))).toEqual(["drug", "glutamate"]);
    expect(panels.map((p) => p.querySelector(".ketawidget-chart-title")?.textContent)).toEqual(["Ketamine", "Glutamate and AMPA receptors"]);
    expect(panels[0].querySelector(".ketawidget-chart-entry")?.textContent).toBe("brain (free)");
    expect((panels[0].querySelector(".ketawidget-chart-swatch") as HTMLElement).style.borderTopColor.toLowerCase()).toBe("#b8407f");
    const plot = panels[1].querySelector<SVGSVGElement>("svg.ketawidget-chart-plot")!;
    expect(plot.getAttribute("role")).toBe("slider");
    expect(plot.getAttribute("tabindex")).toBe("0");
    expect(plot.getAttribute("aria-label")).toBe(DECLARATIONS.panels[1].summary);
    expect(plot.getAttribute("width")).toBe("474");
    const texts = [...plot.querySelectorAll("text")].map((t) => t.textContent);
    expect(texts).toContain("level (× baseline)");
    expect(texts).toContain("time (h)");
    expect(texts).toEqual(expect.arrayContaining(["0.8", "1.4", "0", "20"]));
    const line = plot.querySelector<SVGPathElement>(".ketawidget-chart-line")!;
    expect(line.getAttribute("stroke")).toBe("#009E73");
    expect(line.getAttribute("data-channel")).toBe("glutamate_rel");
    expect(el.querySelector(".ketawidget-charts-hint")?.textContent).toBe(DECLARATIONS.hint);
  });

  it("put the playhead at the time given on every panel, and hide it for none", () => {
    const { el, charts } = draw();
    charts.setTime(6);
    const heads = [...el.querySelectorAll<SVGLineElement>(".ketawidget-chart-playhead")];
    expect(heads).toHaveLength(2);
    for (const head of heads) {
      expect(head.getAttribute("x1")).toBe("162.0"); // 6 h of 24 across a 400-px plot from 62 px
      expect(head.getAttribute("x2")).toBe("162.0");
      expect(head.style.display).toBe("");
    }
    charts.setTime(null);
    expect(heads.every((head) => head.style.display === "none")).toBe(true);
    charts.setTime(24);
    expect(heads[0].getAttribute("x1")).toBe("462.0");
  });

  it("follow a switch to log time, playhead included", () => {
    const { el, charts } = draw();
    charts.setTime(1);
    charts.setTimeMode("log");
    const head = el.querySelector(".ketawidget-chart-playhead")!;
    expect(Number(head.getAttribute("x1"))).toBeCloseTo(62 + (400 * Math.log(60)) / Math.log(1440), 1);
    const ticks = [...el.querySelector(".ketawidget-chart-axis-x")!.querySelectorAll("text")].map((t) => t.textContent);
    expect(ticks).toEqual(["0.1", "1", "6", "24", "time (h)"]);
  });

  it("report the time under a press on a plot, and under the pointer while it drags", () => {
    const { el, picked } = draw();
    const plot = el.querySelectorAll<SVGSVGElement>("svg.ketawidget-chart-plot")[1];
    press(plot, "pointerdown", 162);
    press(plot, "pointermove", 262);
    press(plot, "pointermove", 2000); // dragged past the end: the end
    press(plot, "pointerup", 2000);
    press(plot, "pointermove", 62); // no longer dragging
    expect(picked).toHaveLength(3);
    expect(picked[0]).toBeCloseTo(6, 10);
    expect(picked[1]).toBeCloseTo(12, 10);
    expect(picked[2]).toBe(24);
  });

  it("ignore a press on an axis' labels, left of or under the plot", () => {
    const { el, picked } = draw();
    const plot = el.querySelector<SVGSVGElement>("svg.ketawidget-chart-plot")!;
    press(plot, "pointerdown", 30);
    press(plot, "pointerdown", 162, svgHeight(parseChartDeclarations(JSON.stringify(DECLARATIONS)).layout) - 5);
    expect(picked).toEqual([]);
  });

  /** The readout's box of the panel `i`, and its dots. */
  function readoutOf(el: HTMLElement, i: number) {
    const figure = el.querySelectorAll<HTMLElement>(".ketawidget-chart")[i];
    return { box: figure.querySelector<HTMLElement>(".ketawidget-chart-readout")!, dots: [...figure.querySelectorAll(".ketawidget-chart-dot")] };
  }

  /** A key pressed on `target`; returns whether the chart took it (its default prevented). */
  function key(target: Element, key: string, shiftKey = false): boolean {
    const event = new KeyboardEvent("keydown", { key, shiftKey, bubbles: true, cancelable: true });
    target.dispatchEvent(event);
    return event.defaultPrevented;
  }

  it("show a mouse the time and each line's value where it points, with a dot on the line, and hide them as it leaves", () => {
    const { el, picked } = draw();
    const plot = el.querySelector<SVGSVGElement>("svg.ketawidget-chart-plot")!;
    // 45 min of 24 h: between the samples at 30 min (0.4 µM) and 1 h (0.2 µM), on the line drawn between.
    press(plot, "pointermove", 62 + (400 * 0.75) / 24);
    const { box, dots } = readoutOf(el, 0);
    expect(box.hidden).toBe(false);
    expect([...box.children].map((row) => row.textContent)).toEqual(["45 min", "ketamine (µM)", "brain (free)0.300"]);
    expect(dots).toHaveLength(1);
    expect(Number(dots[0].getAttribute("cx"))).toBeCloseTo(74.5, 1);
    expect(Number(dots[0].getAttribute("cy"))).toBeCloseTo(10 + (1 - 0.3 / 0.5) * 107, 1);
    expect(picked).toEqual([]); // pointing moves nothing
    expect(plot.hasAttribute("aria-valuetext")).toBe(false); // nor says anything: it is seen
    press(plot, "pointermove", 30); // over the y axis' labels: no time there
    expect(box.hidden).toBe(true);
    press(plot, "pointermove", 262);
    expect(box.textContent).toContain("12 h");
    plot.dispatchEvent(new PointerEvent("pointerleave", { pointerId: 1 }));
    expect(box.hidden).toBe(true);
    expect(readoutOf(el, 0).dots).toHaveLength(0);
  });

  it("show one readout at a time, and keep it at its time when the axis changes", () => {
    const { el, charts } = draw();
    const plots = el.querySelectorAll<SVGSVGElement>("svg.ketawidget-chart-plot");
    press(plots[0], "pointermove", 262);
    press(plots[1], "pointermove", 162);
    expect(readoutOf(el, 0).box.hidden).toBe(true);
    expect(readoutOf(el, 1).box.hidden).toBe(false);
    // Relative to rest, as the glutamate line is drawn: 6 h is between 5 h (1) and 24 h (1).
    expect(readoutOf(el, 1).box.textContent).toBe("6 hlevel (× baseline)glutamate1.00");
    charts.setTimeMode("log");
    expect(Number(readoutOf(el, 1).dots[0].getAttribute("cx"))).toBeCloseTo(62 + (400 * Math.log(360)) / Math.log(1440), 1);
  });

  it("keep a tap's readout after the finger lifts, until a press elsewhere", () => {
    const { el, picked } = draw();
    const plot = el.querySelector<SVGSVGElement>("svg.ketawidget-chart-plot")!;
    const touch = (type: string, target: Element, clientX: number) =>
      target.dispatchEvent(new PointerEvent(type, { clientX, clientY: 50, pointerId: 7, pointerType: "touch", button: 0, bubbles: true, cancelable: true }));
    touch("pointerdown", plot, 162);
    touch("pointerup", plot, 162);
    touch("pointerleave", plot, 162);
    expect(picked).toHaveLength(1);
    expect(picked[0]).toBeCloseTo(6, 10);
    const { box } = readoutOf(el, 0);
    expect(box.hidden).toBe(false);
    expect(box.textContent).toContain("6 h");
    touch("pointerdown", document.body, 10);
    expect(box.hidden).toBe(true);
  });

  it("move the diagram's time from sample to sample with the keys, the readout following and said once per move", () => {
    const { el, charts, picked } = draw();
    const plot = el.querySelectorAll<SVGSVGElement>("svg.ketawidget-chart-plot")[1]; // glutamate, drawn relative to rest
    charts.setTime(0.5); // the diagram's time, a sample of the run
    plot.dispatchEvent(new FocusEvent("focus")); // reached with Tab: valued at the diagram's time
    expect(plot.getAttribute("aria-valuetext")).toBe("30 min, level (× baseline): glutamate 1.50");
    expect(key(plot, "ArrowRight")).toBe(true);
    expect(picked).toEqual([1]);
    expect(readoutOf(el, 1).box.textContent).toBe("1 hlevel (× baseline)glutamate1.20");
    expect(plot.getAttribute("aria-valuenow")).toBe("1");
    // A screen reader says the focused slider's new value text at each step: the time once, then the
    // values. Nothing else on the page says the step (a live region too would repeat the time).
    expect(plot.getAttribute("aria-valuetext")).toBe("1 h, level (× baseline): glutamate 1.20");
    expect(el.querySelectorAll("[aria-live], [role=status], [role=alert]")).toHaveLength(0);
    expect(readoutOf(el, 1).box.getAttribute("aria-hidden")).toBe("true");
    charts.setTime(1); // the diagram follows (page_charts.ts)
    key(plot, "ArrowLeft");
    charts.setTime(0.5);
    key(plot, "ArrowLeft");
    charts.setTime(0);
    // Shift: a twentieth of the 400-px plot (1.2 h of 24), snapped to the next sample, 5 h.
    key(plot, "ArrowRight", true);
    key(plot, "End");
    key(plot, "Home");
    expect(picked).toEqual([1, 0.5, 0, 5, 24, 0]);
    expect(plot.getAttribute("aria-valuetext")).toBe("0 s, level (× baseline): glutamate 1.00");
    expect(key(plot, "Tab")).toBe(false); // not the chart's
    expect(picked).toHaveLength(6);
    plot.dispatchEvent(new FocusEvent("blur"));
    expect(readoutOf(el, 1).box.hidden).toBe(true);
  });

  describe("with the lab's comparison", () => {
    function drawCompared(mode: "linear" | "log" = "linear") {
      const el = document.createElement("section");
      document.body.appendChild(el);
      const decl = parseChartDeclarations(JSON.stringify(COMPARED));
      const comparison = decodeComparison(decl.comparison!, RUN, 3);
      const charts = createTimeCharts(el, decl, RUN, { comparison, mode, onPick: () => {} });
      charts.layout(474);
      return { el, decl, comparison };
    }

    it.each(["linear", "log"] as const)("draw its lines dashed in the lines' colours, under the run's, on a %s time axis", (mode) => {
      const { el, decl, comparison } = drawCompared(mode);
      const plots = [...el.querySelectorAll<SVGSVGElement>("svg.ketawidget-chart-plot")];
      const box = plotBox(474, decl.layout);
      plots.forEach((plot, i) => {
        const dashed = [...plot.querySelectorAll<SVGPathElement>(".ketawidget-chart-comparison")];
        const solid = [...plot.querySelectorAll<SVGPathElement>(".ketawidget-chart-line")];
        expect(dashed).toHaveLength(1);
        const { channel, colour } = decl.panels[i].lines[0];
        expect(dashed[0].getAttribute("data-channel")).toBe(channel);
        expect(dashed[0].getAttribute("stroke")).toBe(colour);
        expect(dashed[0].getAttribute("stroke-dasharray")).toBe("10,10");
        expect(dashed[0].getAttribute("stroke-width")).toBe("2");
        expect(dashed[0].getAttribute("opacity")).toBe("0.85");
        expect(dashed[0].getAttribute("fill")).toBe("none");
        expect(dashed[0].compareDocumentPosition(solid[0]) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy(); // under
        const scale = timeScale(mode, 24, decl, box);
        expect(dashed[0].getAttribute("d")).toBe(linePath(comparison.timeH, comparison.channels.get(channel)!, scale, decl.panels[i].yRange, box, decl.panels[i].relativeToRest));
        expect(dashed[0].getAttribute("d")).not.toBe(solid[0].getAttribute("d"));
      });
    });

    /**
     * What a dashed swatch draws: the dash array, its length and colour. It is the comparison's own
     * dash array, as long as two dashes and their gap: a 12-px CSS dashed border shows one dash.
     */
    function dashes(swatch: Element) {
      const line = swatch.querySelector("line")!;
      return {
        tag: swatch.tagName.toLowerCase(), dashArray: line.getAttribute("stroke-dasharray"), colour: line.getAttribute("stroke"),
        width: Number(swatch.getAttribute("width")), length: Number(line.getAttribute("x2")) - Number(line.getAttribute("x1")),
      };
    }

    it("add its legend entry with a swatch dashed as its lines, two dashes long, in the comparison's colour", () => {
      const { el } = drawCompared();
      const entries = [...el.querySelectorAll(".ketawidget-chart")].map((panel) => [...panel.querySelectorAll<HTMLElement>(".ketawidget-chart-entry")]);
      expect(entries.map((panel) => panel.map((entry) => entry.textContent))).toEqual([
        ["brain (free)", "ketamine alone"], ["glutamate (1 at rest)", "ketamine alone (2 at rest)"],
      ]);
      const swatch = entries[1][1].querySelector(".ketawidget-chart-swatch")!;
      // "10,10": a dash, a gap and a dash, 30 px, drawn with the lines' own dash array.
      expect(dashes(swatch)).toEqual({ tag: "svg", dashArray: "10,10", colour: "#808080", width: 30, length: 30 });
      expect(swatch.getAttribute("aria-hidden")).toBe("true");
      const solid = entries[1][0].querySelector<HTMLElement>(".ketawidget-chart-swatch")!;
      expect(solid.tagName.toLowerCase()).toBe("span");
      expect(solid.style.borderTopColor.toLowerCase()).toBe("#009e73");
      expect(solid.classList.contains("ketawidget-chart-swatch-dashed")).toBe(false);
    });

    it("draw its swatches from the page's dash array, whatever Python declares", () => {
      const el = document.createElement("section");
      const decl = parseChartDeclarations(JSON.stringify({ ...COMPARED, comparison: { ...COMPARED.comparison, dash_array: "6 3 2" } }));
      createTimeCharts(el, decl, RUN, { comparison: decodeComparison(decl.comparison!, RUN, 3), mode: "linear", onPick: () => {} }).layout(474);
      const swatch = el.querySelector(".ketawidget-chart-swatch-dashed")!;
      expect(dashes(swatch)).toMatchObject({ dashArray: "6 3 2", width: 6 + 3 + 6 });
      expect(el.querySelector(".ketawidget-chart-comparison")!.getAttribute("stroke-dasharray")).toBe("6 3 2");
    });

    it("read its values beside the run's, named as the lab's tooltips name them, with a dot on each line", () => {
      const { el } = drawCompared();
      const plots = el.querySelectorAll<SVGSVGElement>("svg.ketawidget-chart-plot");
      press(plots[0], "pointermove", 62 + (400 * 0.75) / 24); // 45 min: 0.3 µM, and 0.15 µM dashed
      let { box, dots } = readoutOf(el, 0);
      expect([...box.children].map((row) => row.textContent)).toEqual(["45 min", "ketamine (µM)", "brain (free)0.300", "brain (free), ketamine alone0.150"]);
      const rows = box.querySelectorAll<HTMLElement>(".ketawidget-chart-readout-row");
      expect(rows[1].dataset.comparison).toBe("true");
      // Its swatch dashed as the line it reads, in the line's colour.
      expect(dashes(rows[1].querySelector(".ketawidget-chart-swatch")!)).toEqual({ tag: "svg", dashArray: "10,10", colour: "#B8407F", width: 30, length: 30 });
      expect(rows[0].querySelector(".ketawidget-chart-swatch")!.tagName.toLowerCase()).toBe("span");
      expect(dots).toHaveLength(2);
      expect(Number(dots[0].getAttribute("cy"))).toBeCloseTo(10 + (1 - 0.15 / 0.5) * 107, 1);
      // Relative to its own rest, as the lab draws it: 2.6 over 2 at 30 min.
      const glutamate = plots[1];
      glutamate.focus();
      key(glutamate, "End");
      key(glutamate, "Home");
      key(glutamate, "ArrowRight");
      ({ box, dots } = readoutOf(el, 1));
      expect([...box.children].map((row) => row.textContent)).toEqual(["30 min", "level (× baseline)", "glutamate1.50", "glutamate, ketamine alone1.30"]);
      expect(glutamate.getAttribute("aria-valuetext")).toBe("30 min, level (× baseline): glutamate 1.50, glutamate, ketamine alone 1.30");
    });

    it("read a comparison on times of its own, to the end of the longer run", () => {
      const decl = parseChartDeclarations(JSON.stringify({
        ...COMPARED, comparison: { ...COMPARED.comparison, time_h: base64(f32([0, 1, 2, 10, 48])) },
      }));
      const comparison = decodeComparison(decl.comparison!, RUN, 3);
      expect([...comparison.timeH]).toEqual([0, 1, 2, 10, 48]);
      const el = document.createElement("section");
      createTimeCharts(el, decl, RUN, { comparison, mode: "linear", onPick: () => {} }).layout(474);
      expect(el.querySelector<SVGSVGElement>("svg.ketawidget-chart-plot")!.getAttribute("aria-valuemax")).toBe("48");
    });
  });

  it("refuse a run without a channel a panel draws", () => {
    const el = document.createElement("div");
    const run = { ...RUN, channels: new Map([["glutamate_rel", new Float32Array(5)]]) };
    expect(() => createTimeCharts(el, parseChartDeclarations(JSON.stringify(DECLARATIONS)), run, { mode: "linear", onPick: () => {} }))
      .toThrow(/no channel ketamine_brain_uM for the panel "Ketamine"/);
  });
});

describe("a lab's page: the real widget and its charts on one page model", () => {
  function writeLabPage(declarations: string): { diagram: HTMLElement; panels: HTMLElement } {
    document.body.innerHTML = [
      `<div id="${PAGE_IDS.diagram}"></div>`,
      `<section id="${PAGE_IDS.panels}"></section>`,
      `<script type="application/json" id="${PAGE_IDS.state}"></script>`,
      `<script type="application/json" id="${PAGE_IDS.charts}"></script>`,
      `<script type="text/plain" id="${PAGE_IDS.esm}"></script>`,
    ].join("");
    document.getElementById(PAGE_IDS.state)!.textContent = JSON.stringify({
      traits: { wire_version: 2, trajectory_channels: NAMES, trajectory_units: ["uM", "rel"], time_h: 0.5, playing: false, speed: 1, log_time: false,
        microscope_channels: [], microscope_units: [] },
      bytes: {
        trajectory_time_h: base64(f32(TIME)), trajectory_values: base64(f32(VALUES)),
        microscope_time_ms: "", microscope_moments_h: "", microscope_ketamine_uM: "", microscope_values: "",
      },
    });
    document.getElementById(PAGE_IDS.charts)!.textContent = declarations;
    const panels = document.getElementById(PAGE_IDS.panels)!;
    Object.defineProperty(panels, "clientWidth", { value: 474 });
    return { diagram: document.getElementById(PAGE_IDS.diagram)!, panels };
  }

  it("draws the charts from the saved run; the playhead follows the diagram and a click moves it", async () => {
    vi.stubGlobal("requestAnimationFrame", () => 1); // no frames: the diagram moves only when told
    vi.stubGlobal("cancelAnimationFrame", () => undefined);
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const { diagram, panels } = writeLabPage(JSON.stringify(DECLARATIONS));
    await startPage(document, async () => import("../index"));
    const root = diagram.querySelector<HTMLElement>(".keta-synapse")!;
    expect(root.getAttribute("data-time-h")).toBe("0.5");
    expect(panels.querySelectorAll(".ketawidget-chart")).toHaveLength(2);
    const head = panels.querySelector(".ketawidget-chart-playhead")!;
    expect(Number(head.getAttribute("x1"))).toBeCloseTo(62 + (0.5 / 24) * 400, 1);

    // A click at 12 h on the second chart: the diagram's time, through the model's time_h.
    press(panels.querySelectorAll<SVGSVGElement>("svg.ketawidget-chart-plot")[1], "pointerdown", 262);
    expect(Number(root.getAttribute("data-time-h"))).toBeCloseTo(12, 4);
    await Promise.resolve(); // the mutation observer's turn
    expect(Number(head.getAttribute("x1"))).toBeCloseTo(262, 1);
    expect(console.error).not.toHaveBeenCalled();
    expect(document.body.getAttribute("data-jp-theme-light")).toBe("true"); // happy-dom prefers light
  });

  it("gives a presenter's clicker's PageDown / PageUp on a focused chart to the story, not to the chart's time", async () => {
    vi.stubGlobal("requestAnimationFrame", () => 1);
    vi.stubGlobal("cancelAnimationFrame", () => undefined);
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const { diagram, panels } = writeLabPage(JSON.stringify(DECLARATIONS));
    await startPage(document, async () => import("../index"));
    const root = diagram.querySelector<HTMLElement>(".keta-synapse")!;
    const plot = panels.querySelectorAll<SVGSVGElement>("svg.ketawidget-chart-plot")[1];
    /** A key pressed on the focused chart; whether anything took it (its default prevented). */
    const pressOnChart = (key: string) => {
      const event = new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true });
      plot.dispatchEvent(event);
      return event.defaultPrevented;
    };
    plot.focus();

    // No story: the keys are the page's (it scrolls), and the diagram's time stays where it was.
    expect(pressOnChart("PageDown")).toBe(false);
    expect(pressOnChart("PageUp")).toBe(false);
    expect(root.getAttribute("data-time-h")).toBe("0.5");
    expect(root.hasAttribute("data-story-step")).toBe(false);

    // In the story, "next" is its next step and "previous" its previous one, as on the diagram.
    root.dispatchEvent(new KeyboardEvent("keydown", { key: "n", bubbles: true, cancelable: true })); // N starts it
    expect(root.getAttribute("data-story-step")).toBe(STORY_STEPS[0].id);
    plot.focus();
    expect(pressOnChart("PageDown")).toBe(true);
    expect(root.getAttribute("data-story-step")).toBe(STORY_STEPS[1].id);
    expect(pressOnChart("PageUp")).toBe(true);
    expect(root.getAttribute("data-story-step")).toBe(STORY_STEPS[0].id);
    // The arrows, Home and End still step the chart's time.
    expect(pressOnChart("End")).toBe(true);
    expect(Number(root.getAttribute("data-time-h"))).toBe(24);
  });

  it("draws the lab's comparison dashed from the values the declarations carry", async () => {
    vi.stubGlobal("requestAnimationFrame", () => 1);
    vi.stubGlobal("cancelAnimationFrame", () => undefined);
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const { panels } = writeLabPage(JSON.stringify(COMPARED));
    await startPage(document, async () => import("../index"));
    expect(panels.querySelectorAll(".ketawidget-chart-comparison")).toHaveLength(2);
    expect(error).not.toHaveBeenCalled();
  });

  it.each([
    ["values that are not base64", { values: "not base64!" }, /charts.comparison.values is not valid base64/],
    ["values for too few samples", { values: base64(f32(CMP_VALUES.slice(1))) }, /charts.comparison: trajectory_values has 9 values, expected 2 channels x 5 samples/],
    ["a value that is no number", { values: base64(f32([Number.NaN, ...CMP_VALUES.slice(1)])) }, /charts.comparison: trajectory_values: ketamine_brain_uM\[0\] is NaN/],
    ["times that go back", { time_h: base64(f32([0, 2, 1, 5, 24])) }, /charts.comparison: trajectory_time_h is not strictly increasing/],
    ["no values", { values: undefined }, /charts.comparison.values must be base64 text; got nothing/],
  ])("says in the charts' place that a hand-edited comparison with %s cannot be drawn", async (_name, edit, message) => {
    vi.stubGlobal("requestAnimationFrame", () => 1);
    vi.stubGlobal("cancelAnimationFrame", () => undefined);
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const { diagram, panels } = writeLabPage(JSON.stringify({ ...COMPARED, comparison: { ...COMPARED.comparison, ...edit } }));
    await startPage(document, async () => import("../index"));
    expect(panels.querySelector("[role=alert]")?.textContent).toMatch(/These charts could not be drawn: /);
    expect(panels.querySelector("[role=alert]")?.textContent).toMatch(message);
    expect(panels.querySelector(".ketawidget-chart")).toBeNull();
    expect(diagram.querySelector(".keta-synapse")?.getAttribute("data-time-h")).toBe("0.5");
    expect(error).toHaveBeenCalled();
  });

  it("says in the charts' place why they do not draw, and the diagram draws all the same", async () => {
    vi.stubGlobal("requestAnimationFrame", () => 1);
    vi.stubGlobal("cancelAnimationFrame", () => undefined);
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const { diagram, panels } = writeLabPage(JSON.stringify({ ...DECLARATIONS, panels: "none" }));
    await startPage(document, async () => import("../index"));
    expect(panels.querySelector("[role=alert]")?.textContent).toMatch(/These charts could not be drawn: charts.panels must be a list/);
    expect(diagram.querySelector(".keta-synapse")?.getAttribute("data-time-h")).toBe("0.5");
    expect(error).toHaveBeenCalled();
  });
});
