/**
 * The lab around the diagram. kw.KetamineLab lays the diagram out beside plain ipywidgets controls
 * and bqplot charts, in a container of class `keta-lab`; ipywidgets gives those controls no way to
 * say what keyboard and screen-reader users need, so the diagram's view mends them from here when it
 * is rendered inside a lab, and keeps them mended as ipywidgets re-renders them (a MutationObserver):
 *
 * - every form control and slider handle of the lab keeps its keys: JupyterLab's command-mode
 *   shortcuts skip them (data-lm-suppress-shortcuts, as the diagram's own: page.ts), so an arrow key
 *   on the Lesson menu moves the menu, not the notebook; a press outside the lab then hands the
 *   keyboard back to the notebook;
 * - a slider's handle is named by its visible label and speaks its visible readout with the label's
 *   unit ("0.50 mg/kg"), not noUiSlider's position (a log slider's exponent, -0.3);
 * - the compare-with menu has a name; the linear / log time toggle buttons say which one is pressed;
 * - each new run's caption is read out once it has stood still for a second (a hidden polite live
 *   region: a dragged slider's runs are not read one by one); the error message is an alert;
 * - each chart (a bqplot figure) is one image named by the summary that the kernel writes after it
 *   (a visually hidden HTML, charts.py): bqplot's svgs, whose tick labels a screen reader read out
 *   as the chart's content, and the summary itself (read once, as the name) are hidden from it.
 *
 * Nothing outside the lab is touched, and the diagram's own elements are left to the diagram.
 */

import { setAttr } from "./scene/svg";

const LAB = ".keta-lab";
/**
 * The lab's controls that take arrow keys or typing: menus, text and number fields, slider handles
 * (noUiSlider's handle is a div with tabindex) and readouts (editable). Not buttons or checkboxes:
 * they need no such keys, and JupyterLab's shortcuts (Shift+Enter, Ctrl+S) should still work there.
 */
const CONTROLS = "select, textarea, input:not([type=checkbox]):not([type=button]), .noUi-handle, .widget-readout";
/** Frames to wait for the diagram to be put in the page (~10 s at 60 Hz): a view never attached stops asking. */
const MAX_WAIT_FRAMES = 600;
/** Parts of the lab that are not its controls: mutations there (every frame) are not looked at. */
const NOT_CONTROLS = ".keta-synapse, .bqplot, .keta-chart, .keta-lab-announcer";
/** The lab's controls that have no visible label of their own (class set in lab.py): their names. */
const NAMES: Array<[string, string]> = [[".keta-lab-compare-choice select", "run to compare with"]];
/**
 * How long the caption must stand still before it is read out, ms: a slider dragged, or held down by
 * an arrow key, makes a new run (and caption) every few hundred ms, and a polite live region would
 * queue every one of those long sentences.
 */
const CAPTION_SETTLE_MS = 1000;
/** A unit at the end of a label: "amount (mg/kg)" -> "mg/kg". */
const UNIT = /\(([^()]+)\)\s*$/;
/** A chart's bqplot figure (class set in charts.py). */
const CHART = "keta-chart";
/** The hidden summaries in words that follow a chart's figure in its box (class set in charts.py). */
const CHART_SUMMARY = "keta-chart-summary";

const OBSERVED: MutationObserverInit = {
  subtree: true,
  childList: true, // ipywidgets re-renders, new options, a readout's new text
  characterData: true,
  attributes: true,
  attributeFilter: ["class", "aria-valuetext"], // a toggle button's mod-active; noUiSlider's own value text
};

export interface LabWatch {
  /** Stop mending (the attributes already set stay) and stop waiting for the lab. */
  destroy(): void;
}

/**
 * Mend the lab's controls (see the module's comment), all of them or those in `scope` (an element of
 * the lab, itself included); idempotent, and it changes only what differs.
 */
export function mendLab(lab: Element, scope: Element = lab): void {
  const within = (selector: string): Element[] => [...(scope.matches(selector) ? [scope] : []), ...scope.querySelectorAll(selector)];
  for (const control of within(CONTROLS)) {
    if (!control.closest(".keta-synapse")) setAttr(control, "data-lm-suppress-shortcuts", "true");
  }
  for (const slider of within(".widget-slider")) {
    if (!slider.closest(".keta-synapse")) nameSlider(slider);
  }
  for (const button of within(".widget-toggle-buttons button")) {
    setAttr(button, "aria-pressed", String(button.classList.contains("mod-active")));
  }
  for (const [selector, name] of NAMES) {
    for (const control of within(selector)) setAttr(control, "aria-label", name);
  }
  for (const error of within(".keta-lab-error")) setAttr(error, "role", "alert");
  for (const figure of within(`.${CHART}`)) nameChart(figure);
  // A summary rewritten by the kernel renames its chart, the figure before it.
  const summary = scope.closest(`.${CHART_SUMMARY}`);
  if (summary) {
    let figure = summary.previousElementSibling;
    while (figure?.classList.contains(CHART_SUMMARY)) figure = figure.previousElementSibling;
    if (figure?.classList.contains(CHART)) nameChart(figure);
  }
}

/**
 * The parts of the lab that `records` touched, each as the smallest part that mends as one: a
 * slider (its readout's text and noUiSlider's value text name its handle), a toggle button, or the
 * element changed (with what was added to it). Mending those, rather than the whole lab, matters while a slider is
 * dragged: every pointer move rewrites the readout, and a walk of the whole lab (the charts' and the
 * diagram's thousands of elements, six selectors) cost ~5 ms of the page's main thread per move,
 * in the frame that handles the move and again as the kernel's answer arrived (a Chromium trace of
 * benchmarks/lab_latency.py).
 */
function touchedParts(records: MutationRecord[]): Set<Element> {
  const parts = new Set<Element>();
  for (const record of records) {
    const target = record.target instanceof Element ? record.target : record.target.parentElement;
    // Nodes added are inside the target, which is mended with everything in it.
    if (target) parts.add(target.closest(".widget-slider, .widget-toggle-buttons button") ?? target);
  }
  return parts;
}

/**
 * A chart: one image named by the summaries after its figure (the dose-response chart has two: its
 * curves, and its marker, which moves with the dose). The summary is the data in words, computed in
 * the kernel (the page knows only the wire format); a figure with none is left as it is.
 */
function nameChart(figure: Element): void {
  const summaries: Element[] = [];
  for (let next = figure.nextElementSibling; next?.classList.contains(CHART_SUMMARY); next = next.nextElementSibling) {
    summaries.push(next);
  }
  const name = summaries.map((summary) => summary.textContent?.trim() ?? "").filter(Boolean).join(" ");
  if (!name) return;
  setAttr(figure, "role", "img");
  setAttr(figure, "aria-label", name);
  // bqplot's two svgs (the axes and the plot's background; the marks): their tick labels and axis
  // titles were the image's content, the background an image of its own with no name. (An image's
  // content is not read anyway; hidden, it is not offered to other browsers' readers either.)
  for (const part of figure.children) {
    if (part.tagName.toLowerCase() === "svg") setAttr(part, "aria-hidden", "true");
  }
  for (const summary of summaries) setAttr(summary, "aria-hidden", "true");
}

/** An ipywidgets slider's handle: named by its label, its value read as the readout shows it. */
function nameSlider(slider: Element): void {
  const child = (cls: string) => [...slider.children].find((c) => c.classList.contains(cls));
  const label = child("widget-label")?.textContent?.trim() ?? "";
  const readout = child("widget-readout")?.textContent?.trim() ?? "";
  const handles = slider.querySelectorAll(".noUi-handle");
  for (const handle of handles) {
    if (label) setAttr(handle, "aria-label", label);
  }
  // The readout is an editable Tab stop of its own (type a value): a screen reader announced it as a
  // blank "edit text" (review). It is a one-line text box, named after its slider.
  const readoutBox = child("widget-readout");
  if (readoutBox && label) {
    setAttr(readoutBox, "role", "textbox");
    setAttr(readoutBox, "aria-label", `${label}: type a value`);
  }
  // A range slider's one readout holds both ends: its handles keep noUiSlider's own value text.
  if (handles.length !== 1 || !readout) return;
  const unit = UNIT.exec(label)?.[1];
  setAttr(handles[0], "aria-valuetext", unit ? `${readout} ${unit}` : readout);
}

function captionText(lab: Element): string {
  return lab.querySelector(".keta-lab-caption")?.textContent?.trim() ?? "";
}

/** Whether a mutation happened among the lab's controls (not in the diagram or a chart). */
function amongControls(record: MutationRecord): boolean {
  const target = record.target instanceof Element ? record.target : record.target.parentElement;
  return target !== null && target.closest(NOT_CONTROLS) === null;
}

/**
 * Mend the lab that the diagram's element `el` is rendered in, and keep it mended until `destroy`.
 * ipywidgets may render the diagram before it puts it in the lab: until `el` is in the page, the lab
 * is looked for once a frame; a diagram in the page and in no lab does nothing.
 */
export function watchLab(el: HTMLElement, options: { captionSettleMs?: number } = {}): LabWatch {
  const settleMs = options.captionSettleMs ?? CAPTION_SETTLE_MS;
  let destroyed = false;
  let announcer: HTMLElement | undefined;
  let caption = "";
  let captionTimer: ReturnType<typeof setTimeout> | undefined;
  let frame = 0;
  let lab: Element | null = null;
  let observer: MutationObserver | undefined;

  // The price of suppressing the shortcuts (as for the diagram, page.ts): JupyterLab keeps focus where
  // it is when a cell is clicked, so a press outside the lab lets go of a lab control's focus.
  const onPointerDown = (event: PointerEvent) => {
    const active = document.activeElement;
    if (lab && active instanceof HTMLElement && lab.contains(active) && !lab.contains(event.target as Node)
      && active.hasAttribute("data-lm-suppress-shortcuts")) active.blur();
  };

  let waited = 0;
  function attach(): void {
    frame = 0;
    if (destroyed) return;
    lab = el.closest(LAB);
    if (!lab) {
      if (!el.isConnected && waited++ < MAX_WAIT_FRAMES) frame = requestAnimationFrame(attach);
      return;
    }
    const found = lab;
    mendLab(found);
    announcer = document.createElement("div");
    announcer.className = "keta-sr-only keta-lab-announcer";
    announcer.setAttribute("role", "status");
    announcer.setAttribute("aria-live", "polite");
    announcer.setAttribute("aria-atomic", "true");
    el.appendChild(announcer);
    caption = captionText(found); // the first run's caption is on screen already: not read out
    observer = new MutationObserver((records) => {
      const touched = records.filter(amongControls);
      if (destroyed || touched.length === 0) return;
      for (const part of touchedParts(touched)) if (part.isConnected) mendLab(found, part);
      observer?.takeRecords(); // the mend's own attribute changes: already mended, nothing to look at
      const now = captionText(found);
      if (now === caption) return;
      caption = now;
      clearTimeout(captionTimer);
      captionTimer = setTimeout(() => {
        if (announcer) announcer.textContent = caption;
      }, settleMs);
    });
    observer.observe(found, OBSERVED);
    document.addEventListener("pointerdown", onPointerDown, true);
  }

  attach();
  return {
    destroy() {
      destroyed = true;
      if (frame) cancelAnimationFrame(frame);
      clearTimeout(captionTimer);
      announcer?.remove();
      observer?.disconnect();
      if (observer) document.removeEventListener("pointerdown", onPointerDown, true);
    },
  };
}
