/**
 * The legend under the diagram: one small swatch per kind of thing in the scene, drawn with the same
 * shapes and CSS classes as the scene itself, so colours and shapes always match (in both themes). It
 * also states the visual time scale of firing, the one place where the picture runs at its own pace.
 */

import { SVG_NS, svgEl } from "./scene/svg";
import { createReceptor } from "./scene/nmda_receptor";
import { createAmpaReceptor } from "./scene/ampa_receptor";
import { glutamateGlyph } from "./scene/glutamate";
import { bdnfGlyph, trkbGlyph } from "./scene/bdnf_trkb";
import { SMALL_SPINE_PATH } from "./scene/new_spines";
import { MAX_FLASHES_PER_S, VISUAL_SLOWDOWN } from "./scene/firing";
import { blockSign } from "./scene/cascade";
import { type Mark, ampaAntagonistBound, blockedGauges, marksFor } from "./scene/pretreatments";
import { MICROSCOPE_CLOCK } from "./microscope";

type LegendItem = (label: string, viewBox: string, draw: (svg: SVGSVGElement) => void, title?: string) => HTMLLIElement;

function legendList(className: string, ariaLabel: string): { legend: HTMLElement; item: LegendItem } {
  const legend = document.createElement("ul");
  legend.className = `keta-legend ${className}`;
  legend.setAttribute("aria-label", ariaLabel);
  const item: LegendItem = (label, viewBox, draw, title) => {
    const li = document.createElement("li");
    if (title) li.title = title;
    const svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("viewBox", viewBox);
    svg.setAttribute("class", "keta-swatch");
    svg.setAttribute("aria-hidden", "true");
    draw(svg);
    const text = document.createElement("span");
    text.textContent = label;
    li.append(svg, text);
    legend.appendChild(li);
    return li;
  };
  return { legend, item };
}

const DOT = "-20 -20 40 40";
const RECEPTOR = "-30 -42 60 60"; // receptor drawn at scale 1: 48 units above the membrane, 24 below

/**
 * A legend whose entries for the pre-treatment marks follow the run shown. The marks are there only
 * while the run shown draws them: a student reading the legend of a drug-free run has no use for the
 * signs of drugs it was not given.
 */
export interface ConditionedLegend {
  element: HTMLElement;
  /**
   * The run shown was given `conditions` (the wire's run_conditions, as the scenes' setConditions):
   * the entries of the marks it draws are shown, and only those.
   */
  setConditions(conditions: ReadonlySet<string>): void;
}

/** Each entry is shown while its test holds of the run's marks, read as the scenes read them. */
function followingMarks(element: HTMLElement, entries: ReadonlyArray<[HTMLLIElement, (marks: Mark[]) => boolean]>): ConditionedLegend {
  function setConditions(conditions: ReadonlySet<string>): void {
    // From the run's marks, as the scenes draw them, so an entry shows exactly when its mark does.
    const marks = marksFor(conditions);
    for (const [li, drawn] of entries) li.hidden = !drawn(marks);
  }
  setConditions(new Set()); // no run shown yet
  return { element, setConditions };
}

/**
 * Both zooms' NBQX entry: an AMPA receptor holding the molecule, as both draw one (scene/ampa_receptor.ts;
 * in the synapse zoom each channel not open, micro/ampa_channel.ts).
 * Where NBQX sits, not "blocks AMPA receptors": in this model the receptors still glow at their
 * drug-free level with NBQX (it removes only the surge's extra activation), and a legend saying
 * "blocked" beside lit receptors read as a block that changed nothing (PRETREATMENTS.nbqx says so).
 * Framed on the receptor's heads, where NBQX sits: the whole receptor left the molecule 4 px wide.
 */
function nbqxItem(item: LegendItem, title: string): HTMLLIElement {
  return item("NBQX in an AMPA receptor (keeps glutamate out)", "-15 -42 30 30", (s) => {
    createAmpaReceptor(s, 0, 0, 0.8).antagonist.setAttribute("visibility", "visible");
  }, `NBQX, a drug given before ketamine in this run, ${title}`);
}

/**
 * The synapse zoom's legend: its ions and plugs, the NBQX on its AMPA channels in a run given it, and
 * how the millisecond clock runs.
 */
export function createMicroLegend(): ConditionedLegend {
  const { legend, item } = legendList("keta-legend-synapse", "Legend of the synapse zoom");
  item("glutamate (20 per mM)", DOT, (s) => glutamateGlyph(s, 8));
  item("AMPA open", RECEPTOR, (s) => {
    createAmpaReceptor(s, 0, 0, 0.8).glow.setAttribute("opacity", "1");
  }, "an open AMPA channel; the number of open channels out of six is the open fraction");
  item("NMDA open", RECEPTOR, (s) => {
    createReceptor(s, 0, 0, 0.7);
    svgEl("rect", { class: "keta-nmda-open", x: -3.5, y: -21, width: 7, height: 36 }, s);
  }, "an open NMDA channel (glutamate bound, gate open)");
  item("Mg\u00b2\u207a in pore (opacity = share of time blocked)", DOT, (s) => svgEl("circle", { class: "keta-mg", r: 7 }, s));
  item("ketamine trapped in pore", DOT, (s) => svgEl("circle", { class: "keta-nmda-plug", r: 7 }, s));
  // With the other two things held in a receptor. Here it also packs this legend in as many rows as the
  // circuit's of an NBQX run (4) at the presenting 1280x720, where both hold one place beside the
  // readout's four rows: after "AMPA open" it took a fifth, taller than the readout, which would take
  // the row from the scene's height (docs/diagram.md).
  const nbqx = nbqxItem(item, "sits where glutamate binds on each AMPA channel not shown open");
  item("Na\u207a (1 per 4 pA)", DOT, (s) => svgEl("circle", { class: "keta-na", r: 6 }, s));
  item("Ca\u00b2\u207a (1 per 0.05 pA)", DOT, (s) => svgEl("circle", { class: "keta-ca", r: 6 }, s));
  item(`ms clock: first ${MICROSCOPE_CLOCK.fastSpanMs} ms ${MICROSCOPE_CLOCK.fastSlowdown}\u00d7 slowed, then ${MICROSCOPE_CLOCK.slowSlowdown}\u00d7`, DOT, (s) => {
    svgEl("circle", { class: "keta-clock-face", r: 14 }, s);
    svgEl("line", { class: "keta-clock-hand", x1: 0, y1: 0, x2: 0, y2: -10 }, s);
  }, "the synapse zoom plays one 300 ms run slowed down and looped; its clock shows the real milliseconds");
  return followingMarks(legend, [[nbqx, ampaAntagonistBound]]);
}

/** The circuit zoom's legend, with the entries of its pre-treatment marks (the NBQX molecule, the block sign). */
export function createLegend(): ConditionedLegend {
  const { legend, item } = legendList("keta-legend-circuit", "Legend");
  item("ketamine", DOT, (s) => svgEl("circle", { class: "keta-ketamine", r: 7 }, s));
  item("glutamate", DOT, (s) => glutamateGlyph(s, 8));
  item("vesicle", DOT, (s) => {
    svgEl("circle", { class: "keta-vesicle", r: 16 }, s);
    svgEl("circle", { class: "keta-glutamate", r: 4 }, s);
  }, "a synaptic vesicle full of glutamate in the presynaptic terminal");
  item("NMDA receptor", RECEPTOR, (s) => createReceptor(s, 0, 0, 0.7));
  item("NMDA + ketamine plug", RECEPTOR, (s) => {
    createReceptor(s, 0, 0, 0.7).plug.setAttribute("opacity", "1");
  }, "an NMDA receptor whose pore is plugged by ketamine");
  item("AMPA receptor, open", RECEPTOR, (s) => {
    createAmpaReceptor(s, 0, 0, 0.8).glow.setAttribute("opacity", "0.8");
  }, "an AMPA receptor; its pore glows yellow as Na+ flows in");
  const nbqx = nbqxItem(item, "sits where glutamate binds on every AMPA receptor");
  item("Na\u207a ion", DOT, (s) => svgEl("circle", { class: "keta-na", r: 6 }, s));
  item("BDNF", DOT, (s) => bdnfGlyph(s, 6));
  item("TrkB + BDNF", "-20 -34 40 44", (s) => {
    const t = trkbGlyph(s);
    t.lit.setAttribute("opacity", "1");
    t.bdnf.setAttribute("opacity", "1");
  }, "a TrkB receptor lit by bound BDNF");
  item("signal (tick = normal)", "-24 -10 48 20", (s) => {
    svgEl("rect", { class: "keta-gauge-track", x: -22, y: -5, width: 44, height: 10, rx: 2 }, s);
    svgEl("rect", { class: "keta-gauge-bar", x: -22, y: -5, width: 26, height: 10, rx: 2 }, s);
    svgEl("line", { class: "keta-gauge-tick", x1: -7.3, y1: -8, x2: -7.3, y2: 8 }, s);
  }, "a signal level inside the spine; the tick marks the drug-free normal, the bar is full at 3x");
  // "Pre-treatment", not "drug": a BDNF knockout, one of the block signs' conditions, is a gene deleted.
  const blocked = item("blocked by a pre-treatment (named beside it)", "-10 -10 20 20", (s) => {
    blockSign(s, 0, 0);
  }, "this step of the signalling chain is blocked by a pre-treatment given in this run; the chip on the gauge's row names it");
  item("new spine", "-20 -46 40 52", (s) => {
    svgEl("path", { class: "keta-small-spine keta-spine-new", d: SMALL_SPINE_PATH }, s);
  }, "a spine grown beyond the drug-free baseline (outlined in the BDNF colour)");
  item(`flash = 1 spike, ${VISUAL_SLOWDOWN}\u00d7 slowed`, DOT, (s) => {
    svgEl("circle", { class: "keta-spike-glow", r: 17, opacity: 0.9 }, s);
    svgEl("circle", { class: "keta-inter-soma", r: 9 }, s);
  }, `each flash is one action potential, shown ${VISUAL_SLOWDOWN} times slower than real firing ` +
    `(at most ${MAX_FLASHES_PER_S} flashes a second)`);

  return followingMarks(legend, [
    [nbqx, ampaAntagonistBound],
    [blocked, (marks) => blockedGauges(marks).size > 0],
  ]);
}
