/**
 * The helpers the saved page's charts build their HTML with (time_charts.ts, chart_readout.ts):
 * createElement and textContent only, no markup strings, so no word from the page's JSON is ever read
 * as markup.
 */

import { svgEl as svg } from "../scene/svg";
import { dashPattern } from "./chart_declarations";

/** A new `<tag class="className">` holding `text`, appended to `parent`. */
export function html<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, parent: Element, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  parent.appendChild(node);
  return node;
}

/** A swatch's thickness, px: the page's stylesheet's solid swatches are a 3-px top border, as the lab's legend's. */
const SWATCH_THICKNESS_PX = 3;

/**
 * A line's swatch in `colour`, appended to `parent`: solid (the stylesheet's border), or with
 * `dashArray` (the comparison's, charts.COMPARISON_LINE's) a line drawn with that very dash array, as
 * the chart draws the comparison's lines.
 */
export function swatch(parent: Element, colour: string, dashArray: string | null = null): void {
  if (dashArray === null) {
    html("span", "ketawidget-chart-swatch", parent).style.borderTopColor = colour;
    return;
  }
  // Two dashes and the gap between them long, so that it reads as dashed: a CSS dashed border as short
  // as a solid swatch (12 px in the readout) showed one dash and looked solid (review).
  const [dash, gap] = dashPattern(dashArray);
  const length = dash + gap + dash;
  const middle = SWATCH_THICKNESS_PX / 2;
  const drawn = svg("svg", {
    class: "ketawidget-chart-swatch ketawidget-chart-swatch-dashed", width: length, height: SWATCH_THICKNESS_PX,
    viewBox: `0 0 ${length} ${SWATCH_THICKNESS_PX}`, "aria-hidden": "true",
  }, parent);
  svg("line", {
    x1: 0, x2: length, y1: middle, y2: middle, stroke: colour, "stroke-width": SWATCH_THICKNESS_PX, "stroke-dasharray": dashArray,
  }, drawn);
}
