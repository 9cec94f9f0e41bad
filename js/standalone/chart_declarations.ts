/**
 * The charts a lab's saved page declares (docs/wire-format.md, "The standalone page"): the lab's six
 * stacked time-series panels as Python declares and labels them (ketawidget/widget/charts.py,
 * `PANELS` and `panel_drawing`, written into the page by ketawidget/export.py), read and checked here.
 * Every word, colour, range, tick and value format comes from Python; the run's numbers come from the
 * page's saved state, not from here; the lab's comparison run's (drawn dashed) come with these. A declaration that is not what Python writes throws,
 * so the page says what is wrong instead of drawing half a chart.
 */

import { valueFormatter } from "./value_format";

/** A tick of an axis: where it stands (in the axis' units) and its label as the lab writes it. */
export type Tick = readonly [value: number, text: string];

export interface LineDeclaration {
  /** The trajectory channel the line draws. */
  channel: string;
  /** Its name in the legend. */
  label: string;
  /** Its name in the lab's hover tooltips (and the page's readout): the legend's without its notes. */
  name: string;
  /** Its CSS colour. */
  colour: string;
}

export interface PanelDeclaration {
  key: string;
  title: string;
  /** The y axis' title, with its unit. */
  yLabel: string;
  /** The y axis' ends, in the panel's units. */
  yRange: readonly [number, number];
  yTicks: Tick[];
  /** Each line is drawn relative to its own first value (the resting state). */
  relativeToRest: boolean;
  /** The d3 format the lab's tooltips write a value of this panel in (value_format.ts). */
  valueFormat: string;
  lines: LineDeclaration[];
  /** The run (and the comparison) in words: the panel's accessible name. */
  summary: string;
  /** With a comparison: its legend entry, and its lines' names (one per line) in the readout; else null. */
  comparison: { legend: string; names: string[] } | null;
}

/**
 * The run the lab overlays dashed (charts.py `COMPARISON_LINE`, written by export.py): its label, how
 * its lines are drawn, and its values for the panels' channels as the state holds the run's (float32
 * little-endian bytes in base64, channel-major), on its own times or, with `timeH` null, on the run's.
 */
export interface ComparisonDeclaration {
  label: string;
  /** The legend swatch's colour (the lines wear their channels' colours). */
  legendColour: string;
  /** The lines' SVG stroke-dasharray (the swatches' too), stroke width (px) and opacity. */
  dashArray: string;
  strokeWidth: number;
  opacity: number;
  channels: string[];
  /** base64 text. */
  timeH: string | null;
  values: string;
}

/**
 * How a panel is laid out, px: the lab's bqplot panels' numbers (charts.py `time_panel_layout`), so the
 * page's charts read as large as the lab's and cannot drift from them.
 */
export interface ChartLayout {
  /** A panel's height, its legend line included. */
  heightPx: number;
  /** The legend line's height above the plot. */
  legendLinePx: number;
  /** Room around the plot inside the panel's svg. */
  margin: { top: number; right: number; bottom: number; left: number };
  /** Where the y axis' title's baseline stands left of the axis line. */
  yTitleOffsetPx: number;
  /** Where the time axis' title's baseline stands below the axis line (less a quarter of an x-height). */
  xTitleOffsetPx: number;
  /** Font sizes: tick labels, axis titles, the legend line. */
  tickPx: number;
  axisTitlePx: number;
  legendPx: number;
  /** The tick labels' and axis titles' font family. */
  fontFamily: string;
}

export interface ChartDeclarations {
  /** What a reader can do with the charts, shown above them. */
  hint: string;
  /** The time axis' title, with its unit. */
  timeLabel: string;
  /** Ticks of the linear time axis, hours. */
  timeTicks: Tick[];
  /** Where a log time axis starts, hours (t = 0 has no place on it). */
  logTimeFloorH: number;
  /** Ticks of the log time axis, hours. */
  logTimeTicks: Tick[];
  /** The playhead's CSS colour. */
  playheadColour: string;
  layout: ChartLayout;
  panels: PanelDeclaration[];
  /** The dashed comparison run, or null for none. */
  comparison: ComparisonDeclaration | null;
}

/** The page's chart declarations are not what ketawidget writes: the message says which part. */
export class ChartDeclarationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ChartDeclarationError";
  }
}

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function field<T>(record: Json, name: string, where: string, check: (value: unknown) => value is T, what: string): T {
  const value = record[name];
  if (!check(value)) throw new ChartDeclarationError(`${where}.${name} must be ${what}; got ${JSON.stringify(value) ?? "nothing"}`);
  return value;
}

const isString = (v: unknown): v is string => typeof v === "string";
const isFinite = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const isBoolean = (v: unknown): v is boolean => typeof v === "boolean";
const isArray = (v: unknown): v is unknown[] => Array.isArray(v);

function ticks(record: Json, name: string, where: string): Tick[] {
  return field(record, name, where, isArray, "a list of [value, text] ticks").map((tick, i) => {
    if (!isArray(tick) || tick.length !== 2 || !isFinite(tick[0]) || !isString(tick[1])) {
      throw new ChartDeclarationError(`${where}.${name}[${i}] must be [value, text]; got ${JSON.stringify(tick)}`);
    }
    return [tick[0], tick[1]] as const;
  });
}

/** A panel's `comparison`: its legend entry and a name per line where the page has a comparison, else null. */
function panelComparison(value: Json, where: string, lines: number, compared: boolean): PanelDeclaration["comparison"] {
  if (!compared) {
    if (value.comparison !== undefined) throw new ChartDeclarationError(`${where}.comparison is there, but charts.comparison is null`);
    return null;
  }
  const record = field(value, "comparison", where, isRecord, "an object (the page has a comparison)");
  const names = field(record, "names", `${where}.comparison`, isArray, "a list of names");
  if (names.length !== lines || !names.every(isString)) {
    throw new ChartDeclarationError(`${where}.comparison.names must be ${lines} names, one per line; got ${JSON.stringify(names)}`);
  }
  return { legend: field(record, "legend", `${where}.comparison`, isString, "a string"), names: names as string[] };
}

function panel(value: unknown, i: number, compared: boolean): PanelDeclaration {
  const where = `panels[${i}]`;
  if (!isRecord(value)) throw new ChartDeclarationError(`${where} must be an object`);
  const range = field(value, "y_range", where, isArray, "[low, high]");
  if (range.length !== 2 || !isFinite(range[0]) || !isFinite(range[1]) || !(range[1] > range[0])) {
    throw new ChartDeclarationError(`${where}.y_range must be [low, high] with low < high; got ${JSON.stringify(range)}`);
  }
  const lines = field(value, "lines", where, isArray, "a list of lines").map((line, k) => {
    const at = `${where}.lines[${k}]`;
    if (!isRecord(line)) throw new ChartDeclarationError(`${at} must be an object`);
    return {
      channel: field(line, "channel", at, isString, "a channel name"),
      label: field(line, "label", at, isString, "a string"),
      name: field(line, "name", at, isString, "a string"),
      colour: field(line, "colour", at, isString, "a CSS colour"),
    };
  });
  if (lines.length === 0) throw new ChartDeclarationError(`${where}.lines must name at least one line`);
  const valueFormat = field(value, "value_format", where, isString, "a d3 format");
  try {
    valueFormatter(valueFormat);
  } catch (e) {
    throw new ChartDeclarationError(`${where}.value_format: ${(e as Error).message}`);
  }
  return {
    key: field(value, "key", where, isString, "a string"),
    title: field(value, "title", where, isString, "a string"),
    yLabel: field(value, "y_label", where, isString, "a string"),
    yRange: [range[0] as number, range[1] as number],
    yTicks: ticks(value, "y_ticks", where),
    relativeToRest: field(value, "relative_to_rest", where, isBoolean, "true or false"),
    valueFormat,
    lines,
    summary: field(value, "summary", where, isString, "a string"),
    comparison: panelComparison(value, where, lines.length, compared),
  };
}

/**
 * The dash and gap lengths of the SVG dash array `dashArray` ("10,10", "6 3"), as SVG repeats them: a
 * list of odd length twice over. Throws ChartDeclarationError for anything else (no lengths, one not
 * a positive number): a swatch is drawn two dashes long from these (chart_dom.ts).
 */
export function dashPattern(dashArray: string): number[] {
  const lengths = dashArray.trim().split(/[\s,]+/).map(Number);
  if (!lengths.every((length) => Number.isFinite(length) && length > 0)) {
    throw new ChartDeclarationError(`charts.comparison.dash_array must be an SVG dash array of positive lengths; got ${JSON.stringify(dashArray)}`);
  }
  return lengths.length % 2 === 1 ? [...lengths, ...lengths] : lengths;
}

function comparison(data: Json): ComparisonDeclaration | null {
  const value = data.comparison;
  if (value === null) return null;
  const where = "charts.comparison";
  if (!isRecord(value)) throw new ChartDeclarationError(`${where} must be null or the comparison run; got ${JSON.stringify(value) ?? "nothing"}`);
  const channels = field(value, "channels", where, isArray, "a list of channel names");
  if (channels.length === 0 || !channels.every(isString)) {
    throw new ChartDeclarationError(`${where}.channels must be a list of channel names; got ${JSON.stringify(channels)}`);
  }
  const timeH = value.time_h;
  if (timeH !== null && !isString(timeH)) throw new ChartDeclarationError(`${where}.time_h must be null (the run's times) or base64 text; got ${JSON.stringify(timeH) ?? "nothing"}`);
  const dashArray = field(value, "dash_array", where, isString, "an SVG dash array");
  dashPattern(dashArray); // refused with the declarations, not when a swatch is drawn
  const opacity = field(value, "opacity", where, isFinite, "a number from 0 to 1");
  if (!(opacity >= 0 && opacity <= 1)) throw new ChartDeclarationError(`${where}.opacity must be a number from 0 to 1; got ${opacity}`);
  return {
    label: field(value, "label", where, isString, "a string"),
    legendColour: field(value, "legend_colour", where, isString, "a CSS colour"),
    dashArray,
    strokeWidth: field(value, "stroke_width", where, (v): v is number => isFinite(v) && v > 0, "a width in px, more than 0"),
    opacity,
    channels: channels as string[],
    timeH,
    values: field(value, "values", where, isString, "base64 text"),
  };
}

const isPositive = (v: unknown): v is number => isFinite(v) && v > 0;
const isSize = (v: unknown): v is number => isFinite(v) && v >= 0;

function layout(data: Json): ChartLayout {
  const where = "charts.layout";
  const value = field(data, "layout", "charts", isRecord, "an object of sizes in px");
  const margin = field(value, "margin", where, isRecord, "an object of sizes in px");
  const side = (name: string) => field(margin, name, `${where}.margin`, isSize, "a size in px, 0 or more");
  const px = (name: string) => field(value, name, where, isPositive, "a size in px, more than 0");
  const heightPx = px("height_px");
  const legendLinePx = px("legend_line_px");
  const sides = { top: side("top"), right: side("right"), bottom: side("bottom"), left: side("left") };
  if (!(heightPx - legendLinePx - sides.top - sides.bottom > 0)) {
    throw new ChartDeclarationError(`${where} leaves no room for the plot: ${JSON.stringify(value)}`);
  }
  return {
    heightPx, legendLinePx, margin: sides,
    yTitleOffsetPx: px("y_title_offset_px"), xTitleOffsetPx: px("x_title_offset_px"),
    tickPx: px("tick_px"), axisTitlePx: px("axis_title_px"), legendPx: px("legend_px"),
    fontFamily: field(value, "font_family", where, isString, "a CSS font family"),
  };
}

/** The declarations in the page's JSON text `json`. */
export function parseChartDeclarations(json: string): ChartDeclarations {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (e) {
    throw new ChartDeclarationError(`the chart declarations are not JSON (${(e as Error).message})`);
  }
  if (!isRecord(data)) throw new ChartDeclarationError("the chart declarations must be an object");
  const where = "charts";
  const floor = field(data, "log_time_floor_h", where, isFinite, "a positive number of hours");
  if (!(floor > 0)) throw new ChartDeclarationError(`charts.log_time_floor_h must be a positive number of hours; got ${floor}`);
  const compared = comparison(data);
  const panels = field(data, "panels", where, isArray, "a list of panels").map((value, i) => panel(value, i, compared !== null));
  const channels = compared?.channels ?? [];
  for (const { lines, title } of compared === null ? [] : panels) {
    const missing = lines.find((line) => !channels.includes(line.channel));
    if (missing !== undefined) throw new ChartDeclarationError(`charts.comparison.channels has no ${missing.channel} for the panel "${title}"`);
  }
  return {
    hint: field(data, "hint", where, isString, "a string"),
    timeLabel: field(data, "time_label", where, isString, "a string"),
    timeTicks: ticks(data, "time_ticks", where),
    logTimeFloorH: floor,
    logTimeTicks: ticks(data, "log_time_ticks", where),
    playheadColour: field(data, "playhead_colour", where, isString, "a CSS colour"),
    layout: layout(data),
    panels,
    comparison: compared,
  };
}
