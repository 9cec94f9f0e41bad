// @vitest-environment happy-dom
/**
 * Tests of the lab's controls as the diagram mends them (lab.ts), on a copy of the DOM that ipywidgets
 * 8 renders for kw.KetamineLab: its form controls and slider handles keep their keys from JupyterLab's
 * shortcuts and nothing outside the lab does; a slider's handle is named by its label and reads its
 * readout with the unit; the compare-with menu is named; the time-axis toggle buttons say which is
 * pressed; a new run's caption is read out once it stands still and the error is an alert; each chart is an image
 * named by the summary after it, its svgs hidden; all of it stays so as ipywidgets re-renders, until the watch is destroyed; a press outside the lab hands the keyboard back; and a
 * diagram that is put in the lab only after it rendered finds it.
 */

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { watchLab } from "../lab";

const SUPPRESS = "data-lm-suppress-shortcuts";

/** An ipywidgets slider as ipywidgets 8 draws it (noUiSlider inside), at a log slider's position. */
function sliderHtml(label: string, readout: string, position: string): string {
  return `<div class="widget-slider widget-hslider"><label class="widget-label">${label}</label>` +
    `<div class="slider-container"><div class="slider noUi-target"><div class="noUi-base"><div class="noUi-origin">` +
    `<div class="noUi-handle" tabindex="0" role="slider" aria-valuenow="${position}" aria-valuetext="${position}"></div>` +
    `</div></div></div></div><div class="widget-readout" contenteditable="true">${readout}</div></div>`;
}

const LAB_HTML = `
<div class="keta-lab">
  <div class="widget-hbox toolbar">
    <div class="widget-dropdown"><label class="widget-label">Lesson</label><select class="lesson"><option>-</option><option>rodent</option></select></div>
    <button class="widget-button">Reset</button>
    <div class="widget-checkbox"><label><input type="checkbox"><span>compare with</span></label></div>
    <div class="widget-dropdown keta-lab-compare-choice"><label class="widget-label" style="display: none"></label><select class="compare"><option>+ NBQX</option></select></div>
    <div class="widget-toggle-buttons"><div class="widget-toggle-buttons">
      <button class="widget-toggle-button mod-active">linear time</button><button class="widget-toggle-button">log time</button>
    </div></div>
  </div>
  <div class="dose">${sliderHtml("amount (mg/kg)", "0.50", "-0.30000000000000004")}${sliderHtml("infusion time (min)", "40", "1.6000000000000003")}</div>
  <div class="params">${sliderHtml("Mg²⁺ (mM)", "1.2", "1.2")}</div>
  <div class="widget-html message"><div class="widget-html-content"></div></div>
  <div class="widget-html keta-lab-caption"><div class="widget-html-content"><b>0.5 mg/kg over 40 min</b></div></div>
  <div class="widget-hbox"><div class="diagram-slot"></div><div class="bqplot figure keta-chart"><svg></svg></div></div>
  <div class="widget-vbox">
    <div class="widget-html keta-chart-legend"><div class="widget-html-content"><b>Ketamine</b> plasma (total) brain (free)</div></div>
    <div class="bqplot figure jupyter-widgets keta-chart keta-chart-drug">
      <svg class="svg-background"><g class="axis"><text>0</text><text>time (h)</text><text>ketamine (µM)</text></g></svg>
      <svg class="svg-figure"><g class="mark"></g></svg><div class="toolbar_div"></div>
    </div>
    <div class="widget-html keta-sr-only keta-chart-summary keta-chart-summary-drug"><label class="widget-label" style="display: none;"></label><div class="widget-html-content">Ketamine over 12 h. plasma (total): peak 0.747 µM at 40 min, end 23.6 nM.</div></div>
  </div>
  <div class="widget-vbox">
    <div class="bqplot figure jupyter-widgets keta-chart keta-chart-dose-response"><svg class="svg-background"></svg><svg class="svg-figure"></svg></div>
    <div class="widget-html keta-sr-only keta-chart-summary keta-chart-summary-dose-response"><div class="widget-html-content">Dose-response, 40-min IV infusions. glutamate at end of infusion: peak 1.43x at 1 mg/kg.</div></div>
    <div class="widget-html keta-sr-only keta-chart-summary keta-chart-summary-dose-marker"><div class="widget-html-content">Marker: this run's dose, 0.5 mg/kg.</div></div>
  </div>
</div>
<div class="jp-Cell"><select class="elsewhere"><option>a</option></select><button class="elsewhere">b</button></div>`;

let frames: Map<number, FrameRequestCallback>;
let nextFrame: number;

beforeEach(() => {
  frames = new Map();
  nextFrame = 1;
  vi.stubGlobal("requestAnimationFrame", vi.fn((cb: FrameRequestCallback) => {
    frames.set(nextFrame, cb);
    return nextFrame++;
  }));
  vi.stubGlobal("cancelAnimationFrame", vi.fn((id: number) => { frames.delete(id); }));
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  document.body.replaceChildren();
});

/** The lab in the page with the diagram's element in its slot, watched. */
function watched(captionSettleMs = 20) {
  document.body.innerHTML = LAB_HTML;
  const el = document.createElement("div");
  document.querySelector(".diagram-slot")!.appendChild(el);
  return { el, watch: watchLab(el, { captionSettleMs }), lab: document.querySelector(".keta-lab") as HTMLElement };
}

const q = (selector: string) => document.querySelector(selector) as HTMLElement;
const handle = (label: string) => [...document.querySelectorAll(".widget-slider")]
  .find((s) => s.querySelector(".widget-label")?.textContent === label)!.querySelector(".noUi-handle")!;
/** Let the MutationObserver deliver what the test changed. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("the lab's controls, mended by the diagram inside it", () => {
  it("keep their keys from JupyterLab's shortcuts; nothing outside the lab does", () => {
    const { watch } = watched();
    for (const control of document.querySelectorAll(".keta-lab select, .keta-lab .noUi-handle, .keta-lab .widget-readout")) {
      expect(control.getAttribute(SUPPRESS), control.outerHTML.slice(0, 60)).toBe("true");
    }
    // Buttons and checkboxes take no arrow keys: JupyterLab's Shift+Enter and Ctrl+S still work there.
    for (const control of document.querySelectorAll(".keta-lab button, .keta-lab input[type=checkbox]")) {
      expect(control.hasAttribute(SUPPRESS), control.outerHTML.slice(0, 60)).toBe(false);
    }
    for (const control of document.querySelectorAll(".elsewhere")) expect(control.hasAttribute(SUPPRESS)).toBe(false);
    watch.destroy();
  });

  it("stop looking for a lab when the diagram is never put in the page", () => {
    const frames: FrameRequestCallback[] = [];
    const raf = vi.spyOn(window, "requestAnimationFrame").mockImplementation((cb) => { frames.push(cb); return frames.length; });
    const el = document.createElement("div"); // never attached
    const watch = watchLab(el);
    for (let i = 0; i < 2000 && frames.length > 0; i++) frames.shift()!(i * 16);
    expect(frames.length).toBe(0);
    expect(raf.mock.calls.length).toBeLessThanOrEqual(601);
    watch.destroy();
    raf.mockRestore();
  });

  it("name each slider's handle by its label, and read its value as the readout shows it, with the unit", () => {
    const { watch } = watched();
    expect(handle("amount (mg/kg)").getAttribute("aria-label")).toBe("amount (mg/kg)");
    expect(handle("amount (mg/kg)").getAttribute("aria-valuetext")).toBe("0.50 mg/kg");
    expect(handle("infusion time (min)").getAttribute("aria-valuetext")).toBe("40 min");
    expect(handle("Mg²⁺ (mM)").getAttribute("aria-label")).toBe("Mg²⁺ (mM)");
    expect(handle("Mg²⁺ (mM)").getAttribute("aria-valuetext")).toBe("1.2 mM");
    // The editable readout beside it is a named text box, not a blank "edit text" (review).
    const readout = [...document.querySelectorAll(".widget-readout")].find((r) => r.parentElement?.textContent?.includes("amount (mg/kg)"))!;
    expect([readout.getAttribute("role"), readout.getAttribute("aria-label")]).toEqual(["textbox", "amount (mg/kg): type a value"]);
    watch.destroy();
  });

  it("name the compare-with menu, say which time axis is pressed, and make the caption and the error heard", () => {
    const { watch } = watched();
    expect(q("select.compare").getAttribute("aria-label")).toBe("run to compare with"); // the checkbox is "compare with"
    const [linear, log] = document.querySelectorAll(".widget-toggle-button");
    expect([linear.getAttribute("aria-pressed"), log.getAttribute("aria-pressed")]).toEqual(["true", "false"]);
    const announcer = q(".keta-lab-announcer");
    expect([announcer.getAttribute("role"), announcer.getAttribute("aria-live")]).toEqual(["status", "polite"]);
    expect(announcer.textContent, "the first run's caption is on screen already: not read out").toBe("");
    watch.destroy();
    expect(document.querySelector(".keta-lab-announcer"), "removed with the view").toBeNull();
  });

  it("read a new run's caption once, when it has stood still, not every caption of a drag", async () => {
    const { watch } = watched(40);
    const announcer = q(".keta-lab-announcer");
    const heard: string[] = [];
    new MutationObserver(() => heard.push(announcer.textContent ?? "")).observe(announcer, { childList: true, characterData: true, subtree: true });
    const content = q(".keta-lab-caption .widget-html-content");
    for (const dose of ["0.6", "0.7", "0.8"]) {
      content.innerHTML = `<b>${dose} mg/kg over 40 min</b>`;
      await settle();
    }
    expect(announcer.textContent, "still changing: nothing read yet").toBe("");
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(heard).toEqual(["0.8 mg/kg over 40 min"]);
    // The caption re-rendered whole (a new view of it) with a new run: heard too.
    const caption = q(".keta-lab-caption");
    const again = caption.cloneNode(false) as HTMLElement;
    again.innerHTML = "<div class='widget-html-content'><b>Saline</b></div>";
    caption.replaceWith(again);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(heard).toEqual(["0.8 mg/kg over 40 min", "Saline"]);
    watch.destroy();
  });

  it("stay mended as ipywidgets re-renders them and the values change", async () => {
    const { watch } = watched();
    // A slider moves: noUiSlider writes its own position, ipywidgets the readout.
    const amount = handle("amount (mg/kg)");
    amount.setAttribute("aria-valuetext", "0.30000000000000004");
    q(".dose .widget-readout").textContent = "2.0";
    await settle();
    expect(amount.getAttribute("aria-valuetext")).toBe("2.0 mg/kg");
    // noUiSlider alone (a step too small to change the readout) must not win either.
    amount.setAttribute("aria-valuetext", "0.30100000000000004");
    await settle();
    expect(amount.getAttribute("aria-valuetext")).toBe("2.0 mg/kg");
    // The log time button is pressed.
    const [linear, log] = document.querySelectorAll(".widget-toggle-button");
    linear.classList.remove("mod-active");
    log.classList.add("mod-active");
    await settle();
    expect([linear.getAttribute("aria-pressed"), log.getAttribute("aria-pressed")]).toEqual(["false", "true"]);
    // A control re-rendered (new options) and an error shown.
    const lesson = q("select.lesson");
    const fresh = document.createElement("select");
    lesson.replaceWith(fresh);
    q(".message .widget-html-content").innerHTML = "<span class='keta-lab-error'>dose must be at most 100 mg/kg</span>";
    await settle();
    expect(fresh.getAttribute(SUPPRESS)).toBe("true");
    expect(q(".keta-lab-error").getAttribute("role")).toBe("alert");

    watch.destroy();
    const late = document.createElement("select");
    q(".toolbar").appendChild(late);
    q(".dose .widget-readout").textContent = "3.0";
    await settle();
    expect(late.hasAttribute(SUPPRESS), "destroyed: the observer is disconnected").toBe(false);
    expect(amount.getAttribute("aria-valuetext")).toBe("2.0 mg/kg");
  });

  it("do not look again for the diagram's or the charts' own changes (every frame while playing), nor walk the lab for a slider's", async () => {
    const { el, watch, lab } = watched();
    const diagram = document.createElement("div");
    diagram.className = "keta-synapse";
    el.appendChild(diagram);
    await settle();
    const scans = vi.spyOn(lab, "querySelectorAll");
    diagram.textContent = "15 min";
    diagram.setAttribute("aria-valuetext", "15 min");
    q(".bqplot svg").setAttribute("class", "hovered");
    await settle();
    expect(scans).not.toHaveBeenCalled();
    q(".dose .widget-readout").textContent = "1.0";
    await settle();
    expect(handle("amount (mg/kg)").getAttribute("aria-valuetext")).toBe("1.0 mg/kg");
    expect(scans, "a dragged slider mends itself, not the whole lab (every pointer move)").not.toHaveBeenCalled();
    watch.destroy();
  });

  it("make each chart one image named by the summary after it, its svgs and the summary hidden", () => {
    const { watch } = watched();
    const drug = q(".keta-chart-drug");
    expect([drug.getAttribute("role"), drug.getAttribute("aria-label")])
      .toEqual(["img", "Ketamine over 12 h. plasma (total): peak 0.747 µM at 40 min, end 23.6 nM."]);
    // The tick labels and axis titles (and bqplot's background svg, an unnamed image) are not read.
    for (const svg of drug.querySelectorAll(":scope > svg")) expect(svg.getAttribute("aria-hidden")).toBe("true");
    expect(drug.querySelector(".toolbar_div")!.hasAttribute("aria-hidden"), "only bqplot's svgs").toBe(false);
    // The summary is read once, as the chart's name, not again as text after it.
    expect(q(".keta-chart-summary-drug").getAttribute("aria-hidden")).toBe("true");
    // The dose-response chart: its curves, then its marker (a summary of its own: it moves with the dose).
    expect(q(".keta-chart-dose-response").getAttribute("aria-label"))
      .toBe("Dose-response, 40-min IV infusions. glutamate at end of infusion: peak 1.43x at 1 mg/kg. Marker: this run's dose, 0.5 mg/kg.");
    expect(q(".keta-chart-summary-dose-marker").getAttribute("aria-hidden")).toBe("true");
    // A figure with no summary after it is left as bqplot made it; the legend line above is not touched.
    const bare = q(".widget-hbox .keta-chart");
    expect(["role", "aria-label"].map((a) => bare.hasAttribute(a))).toEqual([false, false]);
    expect(bare.querySelector("svg")!.hasAttribute("aria-hidden")).toBe(false);
    expect(q(".keta-chart-legend").hasAttribute("aria-hidden")).toBe(false);
    watch.destroy();
  });

  it("rename a chart when the kernel writes a new summary, and a figure ipywidgets renders anew", async () => {
    const { watch, el } = watched(20);
    const announcer = el.querySelector(".keta-lab-announcer")!;
    q(".keta-chart-summary-drug .widget-html-content").innerHTML = "Ketamine over 24 h. plasma (total): peak 1.49 µM at 40 min, end 4.20 nM.";
    q(".keta-chart-summary-dose-marker .widget-html-content").innerHTML = ""; // a bolus: no marker
    await settle();
    expect(q(".keta-chart-drug").getAttribute("aria-label")).toBe("Ketamine over 24 h. plasma (total): peak 1.49 µM at 40 min, end 4.20 nM.");
    expect(q(".keta-chart-dose-response").getAttribute("aria-label")).toBe("Dose-response, 40-min IV infusions. glutamate at end of infusion: peak 1.43x at 1 mg/kg.");
    // A new view of the figure (bqplot makes its svgs before ipywidgets puts it in the box).
    const fresh = document.createElement("div");
    fresh.className = "bqplot figure keta-chart keta-chart-drug";
    fresh.innerHTML = "<svg class='svg-background'><text>time (h)</text></svg><svg class='svg-figure'></svg>";
    q(".keta-chart-drug").replaceWith(fresh);
    await settle();
    expect([fresh.getAttribute("role"), fresh.getAttribute("aria-label")?.startsWith("Ketamine over 24 h.")]).toEqual(["img", true]);
    expect([...fresh.querySelectorAll("svg")].map((svg) => svg.getAttribute("aria-hidden"))).toEqual(["true", "true"]);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(announcer.textContent, "a chart's summary is its name, not a caption read out").toBe("");
    watch.destroy();
    q(".keta-chart-summary-drug .widget-html-content").innerHTML = "Ketamine over 48 h.";
    await settle();
    expect(fresh.getAttribute("aria-label"), "destroyed: no longer followed").toContain("over 24 h");
  });

  it("hand the keyboard back to the notebook on a press outside the lab", () => {
    const { watch, lab } = watched();
    const lesson = q("select.lesson");
    const press = (target: Element) => target.dispatchEvent(new PointerEvent("pointerdown", { bubbles: true }));
    lesson.focus();
    press(q(".bqplot"));
    expect(document.activeElement, "a press inside the lab keeps focus").toBe(lesson);
    press(q(".jp-Cell"));
    expect(document.activeElement).not.toBe(lesson);
    expect(lab.contains(document.activeElement)).toBe(false);

    watch.destroy();
    lesson.focus();
    press(q(".jp-Cell"));
    expect(document.activeElement, "destroyed: the listener is gone").toBe(lesson);
  });
});

describe("watchLab's search for the lab", () => {
  it("waits for a diagram rendered before ipywidgets put it in the lab", () => {
    const el = document.createElement("div");
    const watch = watchLab(el); // not in the page yet
    expect(frames.size).toBe(1);
    document.body.innerHTML = LAB_HTML;
    q(".diagram-slot").appendChild(el);
    expect(q("select.lesson").hasAttribute(SUPPRESS)).toBe(false);
    const pending = [...frames.values()];
    frames.clear();
    for (const cb of pending) cb(16);
    expect(q("select.lesson").getAttribute(SUPPRESS)).toBe("true");
    expect(frames.size, "found: no more looking").toBe(0);
    watch.destroy();
  });

  it("does nothing for a diagram in the page outside any lab, and stops looking when destroyed", () => {
    document.body.innerHTML = LAB_HTML;
    const el = document.createElement("div");
    q(".jp-Cell").appendChild(el);
    const watch = watchLab(el);
    expect(frames.size).toBe(0);
    expect(q("select.lesson").hasAttribute(SUPPRESS)).toBe(false);
    watch.destroy();

    const detached = watchLab(document.createElement("div"));
    expect(frames.size).toBe(1);
    detached.destroy();
    expect(frames.size).toBe(0);
  });
});
