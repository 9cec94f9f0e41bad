/**
 * The one helper the saved page's charts build their HTML with (time_charts.ts, chart_readout.ts):
 * createElement and textContent only, no markup strings, so no word from the page's JSON is ever read
 * as markup.
 */

/** A new `<tag class="className">` holding `text`, appended to `parent`. */
export function html<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, parent: Element, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  parent.appendChild(node);
  return node;
}
