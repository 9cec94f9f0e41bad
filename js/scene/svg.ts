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
  height: 540,
  /** Centre line of the synapse (presynaptic terminal and spine head are centred on it). */
  centreX: 280,
  /** Bottom of the presynaptic terminal = top of the synaptic cleft. */
  preBottom: 168,
  /** Postsynaptic membrane of the spine head = bottom of the cleft. */
  postTop: 290,
  /** Left and right edges of the spine head membrane (the receptor row sits between them). */
  spineLeft: 100,
  spineRight: 460,
  /** Left edge of the right-hand column that holds the labels and the interneuron inset. */
  labelX: 520,
  /** Font sizes in user units: ~13 px at 480 px wide, ~27 px on a 1600 px projector. */
  fontLabel: 20,
  fontSmall: 16,
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
