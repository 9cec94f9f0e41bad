/**
 * Starts the widget of a standalone page: loads its ES module from the page's own text through a Blob
 * URL (a page opened from file:// has no server to fetch a module from, and the module must stay one
 * file), gives it a model over the saved traits (page_model.ts), and calls its `initialize` and
 * `render` as anywidget does; then, on a lab's page, draws the charts from the same model
 * (page_charts.ts). The page follows the reader's light or dark setting (color_scheme.ts). Anything
 * that stops the diagram or the charts is shown in the page, where they would be.
 */

import { type PageModel, createPageModel } from "./page_model";
import { PAGE_IDS, readEmbeddedPage } from "./embedded_page";
import { followColorScheme } from "./color_scheme";
import { startCharts } from "./page_charts";

/** What an anywidget module's default export gives: its hooks (docs of anywidget's `AnyWidget`). */
interface WidgetHooks {
  initialize?(props: { model: PageModel; signal: AbortSignal }): unknown;
  render?(props: { model: PageModel; el: HTMLElement; signal: AbortSignal }): unknown;
}

/** Import the ES module whose source is `source`. */
export async function importFromSource(source: string): Promise<unknown> {
  const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
  try {
    return await import(/* @vite-ignore */ url);
  } finally {
    URL.revokeObjectURL(url); // the module is evaluated once imported; the text need not stay referenced
  }
}

/** The hooks of an anywidget module: its default export, an object or a function that returns one. */
async function widgetHooks(module: unknown): Promise<WidgetHooks> {
  const exported = (module as { default?: unknown } | null)?.default;
  const hooks = typeof exported === "function" ? await (exported as () => unknown)() : exported;
  if (typeof hooks !== "object" || hooks === null) {
    throw new Error("the page's widget module has no default export of anywidget hooks ({ initialize?, render? })");
  }
  return hooks as WidgetHooks;
}

/** Say in the page, where `what` would be, why it does not show. */
function showFailure(doc: Document, el: HTMLElement | null, error: unknown, what = "This diagram could not start"): void {
  const box = doc.createElement("p");
  box.className = "ketawidget-page-error";
  box.setAttribute("role", "alert");
  box.textContent = `${what}: ${error instanceof Error ? error.message : String(error)}`;
  (el ?? doc.body).appendChild(box);
}

/**
 * Start the widget of the page `doc`. `importModule` loads the widget's module from its source (the
 * tests give their own). Resolves once `render` has returned; a failure is shown in the page and
 * logged, and resolves too.
 */
export async function startPage(doc: Document, importModule: (source: string) => Promise<unknown> = importFromSource): Promise<void> {
  let el: HTMLElement | null = null;
  followColorScheme(doc); // before anything draws: a dark page never flashes light
  try {
    const page = readEmbeddedPage(doc);
    el = page.el;
    const hooks = await widgetHooks(await importModule(page.esm));
    const model = createPageModel(page.traits);
    // Never aborted: the widget lives as long as the page.
    const signal = new AbortController().signal;
    await hooks.initialize?.({ model, signal });
    await hooks.render?.({ model, el, signal });
    if (page.charts !== null) {
      try {
        startCharts(page.charts.declarations, page.charts.el, model, el);
      } catch (error) {
        // The diagram plays on without them.
        console.error("ketawidget standalone page, charts:", error);
        showFailure(doc, page.charts.el, error, "These charts could not be drawn");
      }
    }
  } catch (error) {
    console.error("ketawidget standalone page:", error);
    showFailure(doc, el ?? doc.getElementById(PAGE_IDS.diagram), error);
  }
}
