/**
 * What a standalone page carries (docs/wire-format.md, "The standalone page"): the widget's saved
 * traits as JSON, the widget's ES module as text, and the element to draw it in; a lab's page also its
 * charts' declarations as JSON and the element to draw them in. Binary traits are saved as base64 and
 * arrive here as `DataView`s, as ipywidgets hands them to a widget in a notebook. This module reads the
 * page; it knows no trait by name.
 */

/** The ids ketawidget/export.py gives the page's parts. */
export const PAGE_IDS = {
  state: "ketawidget-state",
  esm: "ketawidget-esm",
  diagram: "ketawidget-diagram",
  charts: "ketawidget-charts",
  panels: "ketawidget-panels",
} as const;

/** The page does not hold what a standalone page must: the message says which part and why. */
export class EmbeddedPageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EmbeddedPageError";
  }
}

export interface EmbeddedPage {
  /** The saved traits, binary ones as DataViews. */
  traits: Record<string, unknown>;
  /** The widget's ES module, as text. */
  esm: string;
  /** Where the widget draws. */
  el: HTMLElement;
  /** A lab's page: its charts' declarations (JSON text) and where they draw; null for a diagram alone. */
  charts: { declarations: string; el: HTMLElement } | null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Bytes from base64, in a DataView of their own. */
export function base64ToDataView(text: string): DataView {
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    throw new EmbeddedPageError(`a binary trait is not valid base64 (${text.length} characters starting ${JSON.stringify(text.slice(0, 12))})`);
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new DataView(bytes.buffer);
}

/**
 * The traits of the saved state `json`: `{"traits": {name: value}, "bytes": {name: base64}}`, the two
 * sets of names disjoint.
 */
export function decodeSavedState(json: string): Record<string, unknown> {
  let saved: unknown;
  try {
    saved = JSON.parse(json);
  } catch (e) {
    throw new EmbeddedPageError(`the saved state is not JSON (${(e as Error).message})`);
  }
  if (!isRecord(saved) || !isRecord(saved.traits) || !isRecord(saved.bytes)) {
    throw new EmbeddedPageError('the saved state must be an object {"traits": {...}, "bytes": {...}}');
  }
  const traits: Record<string, unknown> = { ...saved.traits };
  for (const [name, text] of Object.entries(saved.bytes)) {
    if (typeof text !== "string") throw new EmbeddedPageError(`the binary trait ${name} must be a base64 string; got ${typeof text}`);
    if (name in traits) throw new EmbeddedPageError(`the trait ${name} is saved twice, as a value and as bytes`);
    traits[name] = base64ToDataView(text);
  }
  return traits;
}

/** The parts of the standalone page `doc`. */
export function readEmbeddedPage(doc: Document): EmbeddedPage {
  const part = (id: string): HTMLElement => {
    const element = doc.getElementById(id);
    if (element === null) throw new EmbeddedPageError(`the page has no element #${id}: it was not written by ketawidget's save_html, or was cut`);
    return element;
  };
  const state = part(PAGE_IDS.state);
  const esm = part(PAGE_IDS.esm);
  // Charts come as a pair, their declarations and their place: one without the other is a cut page.
  const charts = doc.getElementById(PAGE_IDS.charts) !== null || doc.getElementById(PAGE_IDS.panels) !== null
    ? { declarations: part(PAGE_IDS.charts).textContent ?? "", el: part(PAGE_IDS.panels) }
    : null;
  return { traits: decodeSavedState(state.textContent ?? ""), esm: esm.textContent ?? "", el: part(PAGE_IDS.diagram), charts };
}
