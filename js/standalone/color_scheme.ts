/**
 * A saved page follows the reader's light or dark setting (`prefers-color-scheme`). Its colours are
 * JupyterLab's theme variables, which the page's CSS sets per scheme (ketawidget/export.py) and the
 * diagram reads; the diagram's dark tissue tints hang on JupyterLab's own mark of a dark theme,
 * `data-jp-theme-light="false"` on `<body>`, which this module sets and keeps in step with the setting.
 */

/** The media query of a dark setting. */
export const DARK_QUERY = "(prefers-color-scheme: dark)";

/**
 * Mark `doc`'s body light or dark as the reader's setting is, now and whenever it changes. Returns a
 * cleanup that stops following it. Without matchMedia (an old browser) the page stays light.
 */
export function followColorScheme(doc: Document): () => void {
  const query = doc.defaultView?.matchMedia?.(DARK_QUERY);
  const apply = () => doc.body.setAttribute("data-jp-theme-light", query?.matches ? "false" : "true");
  apply();
  query?.addEventListener?.("change", apply);
  return () => query?.removeEventListener?.("change", apply);
}
