/**
 * A lab's saved page's charts, tied to its diagram as the lab ties its bqplot charts: the panels
 * (time_charts.ts) draw the run the page model holds (the diagram's own traits, decoded by wire.ts: no
 * second copy of the data), their playhead follows the time the diagram shows (its root's
 * `data-time-h`, kept current every frame, docs/diagram.md), a press or drag on a panel sets the
 * model's `time_h` as the kernel would, and the time axis follows the diagram's Log time (`log_time`).
 * They are redrawn when their box changes width (a phone turned, a window resized). PageDown and
 * PageUp on a focused chart, a presenter's clicker's "next" and "previous", go to the diagram, as if
 * pressed on it: in its story, the next or previous step (`handPageKeysToDiagram`).
 */

import { type Trajectory, WireError, decodeTrajectory } from "../wire";
import type { TimeMode } from "../timescale";
import type { PageModel } from "./page_model";
import { type ComparisonDeclaration, ChartDeclarationError, parseChartDeclarations } from "./chart_declarations";
import { base64ToDataView } from "./embedded_page";
import { createTimeCharts } from "./time_charts";

/** The diagram's root element (docs/diagram.md's DOM contract). */
const DIAGRAM_ROOT = ".keta-synapse";

function timeMode(model: PageModel): TimeMode {
  return model.get("log_time") === true ? "log" : "linear";
}

/** The time the diagram in `diagramEl` shows, hours; null while it shows none (its error state). */
export function shownTime(diagramEl: HTMLElement): number | null {
  const value = diagramEl.querySelector(DIAGRAM_ROOT)?.getAttribute("data-time-h");
  const t = value === null || value === undefined ? Number.NaN : Number.parseFloat(value);
  return Number.isFinite(t) ? t : null;
}

/** The keys a presenter's clicker sends for "next" and "previous" (keyboard.ts gives them to the story). */
const CLICKER_KEYS = new Set(["PageDown", "PageUp"]);

/**
 * PageDown and PageUp pressed on the charts in `chartsEl`, handed to the diagram drawn in `diagramEl` as
 * if pressed on its root: a teacher who clicked a chart to show a time, then presses the clicker's
 * "next", means the lesson's next step (the diagram's story), not a step of the chart's time. Where the
 * diagram takes the key (its story is open) the page does not scroll as well; where it does not (no
 * story) the key is left to the page, which scrolls, as it does outside the charts. The charts leave
 * these keys alone (chart_keys.ts). Returns a cleanup.
 */
export function handPageKeysToDiagram(chartsEl: HTMLElement, diagramEl: HTMLElement): () => void {
  const onKey = (event: KeyboardEvent) => {
    const root = diagramEl.querySelector(DIAGRAM_ROOT);
    if (!CLICKER_KEYS.has(event.key) || event.defaultPrevented || root === null) return;
    const { key, code, shiftKey, ctrlKey, altKey, metaKey } = event;
    const handed = new KeyboardEvent("keydown", { key, code, shiftKey, ctrlKey, altKey, metaKey, bubbles: true, cancelable: true });
    // The diagram's shortcuts prevent the default of a key they take (commands.ts).
    if (!root.dispatchEvent(handed)) event.preventDefault();
  };
  chartsEl.addEventListener("keydown", onKey);
  return () => chartsEl.removeEventListener("keydown", onKey);
}

/**
 * The comparison run the declarations carry, decoded and checked as the run in the state is (wire.ts):
 * on its own times, or on the run's (`timeH` null), with the run's units for its channels.
 */
export function decodeComparison(comparison: ComparisonDeclaration, run: Trajectory, wireVersion: unknown): Trajectory {
  const bytes = (text: string, name: string) => {
    try {
      return base64ToDataView(text);
    } catch {
      throw new ChartDeclarationError(`charts.comparison.${name} is not valid base64`);
    }
  };
  try {
    return decodeTrajectory({
      wire_version: wireVersion,
      trajectory_time_h: comparison.timeH === null ? run.timeH : bytes(comparison.timeH, "time_h"),
      trajectory_values: bytes(comparison.values, "values"),
      trajectory_channels: comparison.channels,
      trajectory_units: comparison.channels.map((channel) => run.units.get(channel) ?? ""),
    });
  } catch (e) {
    if (e instanceof WireError) throw new ChartDeclarationError(`charts.comparison: ${e.message}`);
    throw e;
  }
}

/**
 * Draw the charts declared by the JSON text `declarations` into `el`, from the run in `model`, their
 * playhead following the diagram drawn in `diagramEl`. Returns a cleanup that removes them.
 */
export function startCharts(declarations: string, el: HTMLElement, model: PageModel, diagramEl: HTMLElement): () => void {
  const decl = parseChartDeclarations(declarations);
  const run = decodeTrajectory({
    wire_version: model.get("wire_version"),
    trajectory_time_h: model.get("trajectory_time_h"),
    trajectory_values: model.get("trajectory_values"),
    trajectory_channels: model.get("trajectory_channels"),
    trajectory_units: model.get("trajectory_units"),
  });
  const comparison = decl.comparison === null ? null : decodeComparison(decl.comparison, run, model.get("wire_version"));
  const charts = createTimeCharts(el, decl, run, {
    comparison,
    mode: timeMode(model),
    onPick: (t) => model.set("time_h", t),
  });
  charts.layout(el.clientWidth);
  charts.setTime(shownTime(diagramEl));

  const follow = new MutationObserver(() => charts.setTime(shownTime(diagramEl)));
  follow.observe(diagramEl, { attributes: true, attributeFilter: ["data-time-h"], subtree: true });
  const onMode = () => charts.setTimeMode(timeMode(model));
  model.on("change:log_time", onMode);
  let width = el.clientWidth;
  const resized = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(() => {
    if (el.clientWidth === width) return; // a change of height (a legend wrapping) is no reason to redraw
    width = el.clientWidth;
    charts.layout(width);
  });
  resized?.observe(el);
  const stopPageKeys = handPageKeysToDiagram(el, diagramEl);

  return () => {
    stopPageKeys();
    follow.disconnect();
    resized?.disconnect();
    model.off("change:log_time", onMode);
    charts.destroy();
  };
}
