/**
 * Small SVG helpers and the scene's one coordinate system. Every actor draws in the same viewBox
 * (VIEW.width x VIEW.height user units), so the diagram scales as a whole from a 480 px notebook cell to
 * a projector, and text sized in user units scales with it. The layout constants live here, once, so
 * the actors line up without knowing about each other (the spine's membrane is the cleft's floor, etc.).
 * Elements are built with createElementNS and textContent only: no markup strings, no innerHTML.
 */

export const SVG_NS = "http://www.w3.org/2000/svg";

/** The diagram's coordinate system and the y positions where the actors meet. */
export const VIEW = {
  width: 800,
  height: 576,
  /** Centre line of the synapse (presynaptic terminal and spine head are centred on it). */
  centreX: 270,
  /** Bottom of the presynaptic terminal = top of the synaptic cleft. */
  preBottom: 168,
  /** Postsynaptic membrane of the spine head = bottom of the cleft. */
  postTop: 290,
  /** Left and right edges of the spine head (the receptor rows sit between them). */
  spineLeft: 60,
  spineRight: 480,
  /** Where the spine head's straight sides end and curve into the neck. */
  headBottom: 405,
  /** Half width of the spine neck. */
  neckHalf: 26,
  /** Top edge of the dendrite shaft that runs along the bottom of the view. */
  dendriteTop: 528,
  /** Left edge of the right-hand column that holds the labels and the interneuron. */
  labelX: 525,
  /** Font sizes in user units (the view is 800 wide): 12 px at 480 px wide, 40 px on a 1600 px projector. */
  fontLabel: 20,
  fontSmall: 17,
  /** Gauges and receptor-group names inside the synapse. */
  fontTiny: 15.5,
} as const;

type Attrs = Record<string, string | number>;

/** Create an SVG element with attributes and optionally append it to `parent`. */
export function svgEl<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  parent?: Element,
): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  if (parent) parent.appendChild(node);
  return node;
}

/** A text element whose content is set with textContent (safe for any string). */
export function svgText(parent: Element, x: number, y: number, content: string, attrs: Attrs = {}): SVGTextElement {
  const node = svgEl("text", { x, y, ...attrs }, parent);
  node.textContent = content;
  return node;
}

/**
 * Set an attribute only when its value changes. The scene updates every animation frame; skipping
 * unchanged writes keeps the style/layout work (and mutation observers in tests) to what really moved.
 */
export function setAttr(node: Element, name: string, value: string): void {
  if (node.getAttribute(name) !== value) node.setAttribute(name, value);
}

/** Set textContent only when it changes (same reason as setAttr). */
export function setText(node: Node, value: string): void {
  if (node.textContent !== value) node.textContent = value;
}

/** Round to 0.1 user unit: sub-pixel precision at any realistic size, and shorter attribute strings. */
export function px(x: number): string {
  return String(Math.round(x * 10) / 10);
}

/** Clamp to [lo, hi]; NaN becomes lo. */
export function clamp(x: number, lo: number, hi: number): number {
  return x > lo ? (x < hi ? x : hi) : lo;
}

/** True for a usable channel value: present and a finite number. */
export function present(x: number | undefined): x is number {
  return typeof x === "number" && Number.isFinite(x);
}

/**
 * Opacities for `n` items that show an amount `amount` (in items): floor(amount) items fully shown,
 * the next one shown with the remainder, the rest hidden; `order` says which item comes first, second,
 * ... (indices into the result). Out-of-range amounts are clamped, NaN shows nothing. This is how the
 * scene draws a continuous model value with countable things (plugs, receptors, spines) without
 * claiming more precision than the value has, and without jumps when the value moves.
 */
export function countOpacities(amount: number, n: number, order?: number[]): number[] {
  const a = Number.isFinite(amount) ? clamp(amount, 0, n) : 0;
  const full = Math.floor(a);
  const out = new Array<number>(n).fill(0);
  for (let rank = 0; rank < n; rank++) {
    const item = order ? order[rank] : rank;
    if (rank < full) out[item] = 1;
    else if (rank === full) out[item] = a - full;
  }
  return out;
}

/** A tiny seeded PRNG (mulberry32): the same scatter on every render, so nothing jumps on re-decode. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
