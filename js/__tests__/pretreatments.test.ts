// @vitest-environment happy-dom
/**
 * Tests of the pre-treatment marks (js/scene/pretreatments.ts): the one table puts each condition at the
 * actor the model applies it to; two conditions never share a one-chip place, whatever the run was
 * given; the chips fit where they stand (beside the numbers, not over them or the TrkB receptors); and
 * in the scene the marks, the NBQX molecules on the AMPA receptors and the gauges' block signs follow
 * the run's conditions as they change, with names that say what each condition does.
 */

import { describe, expect, it } from "vitest";
import { CONDITIONS } from "../conditions";
import { CIRCUIT_ACTORS } from "../actors";
import { GAUGE } from "../scene/cascade";
import { VIEW, svgEl } from "../scene/svg";
import { createScene } from "../scene/scene";
import { SPINE_DENSITY_LABEL } from "../scene/new_spines";
import {
  CHIP_FONT, MARK_ORDER, PRETREATMENTS, type Mark, blockedGauges, chipOrigin, chipWidth, conditionDoes, estimatedTextWidth, marksFor,
  marksSentence,
} from "../scene/pretreatments";

/** Every combination of the conditions (64 runs). */
const EVERY_RUN: Array<Set<string>> = Array.from({ length: 2 ** CONDITIONS.length }, (_, bits) =>
  new Set(CONDITIONS.filter((_, i) => bits & (1 << i))));

const where = (marks: Mark[]) => marks.map((m) => `${m.condition}@${m.site.actor}${"gauge" in m.site ? `:${m.site.gauge}` : ""}`);

describe("the table of which condition marks which actor", () => {
  it("has one entry per condition of the wire, each at circuit actors", () => {
    expect(Object.keys(PRETREATMENTS).sort()).toEqual([...CONDITIONS].sort());
    for (const spec of Object.values(PRETREATMENTS)) {
      expect(spec.sites.length).toBeGreaterThan(0);
      for (const site of spec.sites) expect(CIRCUIT_ACTORS).toContain(site.actor);
    }
  });

  it("marks each condition where the model applies it", () => {
    expect(where(marksFor(new Set(["nbqx"])))).toEqual(["nbqx@ampa_receptor"]);
    expect(where(marksFor(new Set(["nifedipine"])))).toEqual(["nifedipine@cascade:l_type"]);
    expect(where(marksFor(new Set(["rapamycin"])))).toEqual(["rapamycin@cascade:mtorc1"]);
    expect(where(marksFor(new Set(["anisomycin"])))).toEqual(["anisomycin@cascade:bdnf", "anisomycin@new_spines"]);
    expect(where(marksFor(new Set(["bdnf_knockout"])))).toEqual(["bdnf_knockout@cascade:bdnf"]);
    expect(where(marksFor(new Set(["chronic_stress"])))).toEqual(["chronic_stress@new_spines"]);
    expect(marksFor(new Set())).toEqual([]);
  });

  it("says what each does, and blocks with every condition but chronic stress", () => {
    expect(PRETREATMENTS.nbqx.does).toBe("NBQX blocks AMPA receptors: here, the extra activation that ketamine's glutamate surge would cause");
    expect(PRETREATMENTS.nbqx.label).toBe("NBQX");
    expect(CONDITIONS.filter((c) => !PRETREATMENTS[c].blocks)).toEqual(["chronic_stress"]);
    expect([...blockedGauges(marksFor(new Set(["rapamycin", "nifedipine", "chronic_stress"])))].sort()).toEqual(["l_type", "mtorc1"]);
    expect(marksSentence(new Set(["rapamycin", "nifedipine"]))).toBe(
      "Marked in this run: Nifedipine blocks L-type calcium channels; Rapamycin blocks mTORC1.");
    expect(marksSentence(new Set())).toBe("");
  });

  it("gives a knockout's BDNF gauge to the knockout: anisomycin has no BDNF to block there, and stays on the spines", () => {
    const both = new Set(["anisomycin", "bdnf_knockout"]);
    expect(where(marksFor(both))).toEqual(["bdnf_knockout@cascade:bdnf", "anisomycin@new_spines"]);
    // What anisomycin is said to do follows: all protein synthesis, here the spines' proteins, not BDNF's.
    expect(conditionDoes("anisomycin", new Set(["anisomycin"]))).toMatch(/^Anisomycin blocks all protein synthesis: here, BDNF's and /);
    const withKnockout = conditionDoes("anisomycin", both);
    expect(withKnockout).toMatch(/^Anisomycin blocks all protein synthesis: here, that of the synaptic proteins /);
    expect(withKnockout).not.toMatch(/BDNF's/);
    expect(marksFor(both).find((m) => m.condition === "anisomycin")!.does).toBe(withKnockout);
    expect(marksSentence(both)).toContain(withKnockout);
  });

  it("lists a run's conditions in the picture's order, top to bottom, whatever the wire's order", () => {
    expect(MARK_ORDER).toEqual(["nbqx", "nifedipine", "bdnf_knockout", "anisomycin", "rapamycin", "chronic_stress"]);
    expect([...MARK_ORDER].sort()).toEqual([...CONDITIONS].sort());
    const sentence = marksSentence(new Set(["chronic_stress", "rapamycin", "anisomycin", "nbqx"]));
    const at = (word: string) => sentence.indexOf(word);
    expect(at("NBQX") < at("Anisomycin") && at("Anisomycin") < at("Rapamycin") && at("Rapamycin") < at("Chronic")).toBe(true);
  });

  it("never puts two chips at the receptors or on one gauge, and fits every chip where it stands, in any run", () => {
    const densityLabelEnd = SPINE_DENSITY_LABEL.x + estimatedTextWidth("spine density \u2212100%", VIEW.fontSmall);
    // "dendrite of a pyramidal cell", right-aligned at the view's edge less 12, in the same size.
    const dendriteLabelStart = VIEW.width - 12 - estimatedTextWidth("dendrite of a pyramidal cell", VIEW.fontSmall);
    for (const run of EVERY_RUN) {
      const marks = marksFor(run);
      const bySite = new Map<string, Mark[]>();
      for (const m of marks) bySite.set(JSON.stringify(m.site), [...(bySite.get(JSON.stringify(m.site)) ?? []), m]);
      for (const [site, here] of bySite) {
        const widths = here.map((m) => chipWidth(estimatedTextWidth(PRETREATMENTS[m.condition].label, CHIP_FONT), m.site.actor === "ampa_receptor"));
        const { x } = chipOrigin(here[0].site);
        const end = x + widths.reduce((a, b) => a + b + 8, -8);
        if (here[0].site.actor === "new_spines") {
          expect(x, site).toBeGreaterThan(densityLabelEnd);
          expect(end, `${[...run]}`).toBeLessThan(dendriteLabelStart);
        } else {
          expect(here, `${[...run]} at ${site}`).toHaveLength(1);
          // A gauge's chip stops short of the TrkB receptors' feet on the flank (x 472).
          if (here[0].site.actor === "cascade") expect(end, site).toBeLessThanOrEqual(GAUGE.chipRight);
        }
      }
    }
  });

  it("puts the gauges' chips right of their longest value, on the value's own row", () => {
    const longestValueEnd = GAUGE.valueX + 6 + estimatedTextWidth("\u2212100%", 17) * 1.15; // bold digits
    expect(GAUGE.chipX).toBeGreaterThan(longestValueEnd);
    expect(chipOrigin({ actor: "cascade", gauge: "mtorc1" }).cy - chipOrigin({ actor: "cascade", gauge: "l_type" }).cy).toBe(4 * GAUGE.rowStep);
  });
});

describe("the marks in the scene", () => {
  function scene() {
    const svg = svgEl("svg", { "aria-label": "Synapse diagram." });
    document.body.appendChild(svg);
    return { svg, scene: createScene(svg) };
  }
  const chips = (svg: Element) => [...svg.querySelectorAll(".keta-pretreatment")].map((c) =>
    `${c.getAttribute("data-condition")}@${c.closest("[data-actor-part]")?.getAttribute("data-actor-part")}`);
  const visible = (nodes: Iterable<Element>) => [...nodes].filter((n) => n.getAttribute("visibility") === "visible").length;
  const molecules = (svg: Element) => svg.querySelectorAll("[data-actor='ampa_receptor'] .keta-ampa .keta-antagonist");
  const blockedRows = (svg: Element) => [...svg.querySelectorAll(".keta-gauge")]
    .filter((row) => row.querySelector(".keta-block-sign")!.getAttribute("visibility") === "visible")
    .map((row) => row.querySelector(".keta-gauge-label")!.textContent);

  it("shows NBQX on the AMPA receptors, with its name, and takes it away when a run without it comes", () => {
    const { svg, scene: s } = scene();
    expect(chips(svg)).toEqual([]);
    expect(visible(molecules(svg))).toBe(0);

    s.setConditions(new Set(["nbqx"]));
    expect(chips(svg)).toEqual(["nbqx@ampa_receptor"]);
    const chip = svg.querySelector("[data-condition='nbqx']")!;
    expect(chip.querySelector("text")!.textContent).toBe("NBQX");
    expect(chip.querySelector("title")!.textContent).toBe(PRETREATMENTS.nbqx.does);
    expect(visible(molecules(svg))).toBe(molecules(svg).length); // a molecule in every receptor, present or not yet
    expect(molecules(svg).length).toBeGreaterThan(0);
    expect(svg.getAttribute("aria-label")).toBe(`Synapse diagram. Marked in this run: ${PRETREATMENTS.nbqx.does}.`);
    expect(blockedRows(svg)).toEqual([]);

    s.setConditions(new Set());
    expect(chips(svg)).toEqual([]);
    expect(visible(molecules(svg))).toBe(0);
    expect(svg.getAttribute("aria-label")).toBe("Synapse diagram.");
    svg.remove();
  });

  it("moves the marks from one run's conditions to the next's: block signs on exactly the blocked gauges", () => {
    const { svg, scene: s } = scene();
    s.setConditions(new Set(["rapamycin", "nifedipine"]));
    expect(chips(svg).sort()).toEqual(["nifedipine@cascade", "rapamycin@cascade"]);
    expect(blockedRows(svg)).toEqual(["L-type Ca\u00b2\u207a", "mTORC1"]);

    s.setConditions(new Set(["anisomycin", "chronic_stress"]));
    expect(chips(svg)).toEqual(["anisomycin@cascade", "anisomycin@new_spines", "chronic_stress@new_spines"]);
    expect(blockedRows(svg)).toEqual(["BDNF"]);
    expect(svg.querySelector("[data-condition='chronic_stress']")!.classList.contains("keta-pretreatment-condition")).toBe(true);
    expect(svg.querySelectorAll(".keta-pretreatment-block").length).toBe(2);
    // Two chips on the dendrite stand side by side, not on top of each other.
    const xOf = (c: string) => Number(/translate\((\S+) /.exec(svg.querySelector(`[data-actor-part='new_spines'] [data-condition='${c}']`)!.getAttribute("transform")!)![1]);
    expect(xOf("chronic_stress")).toBeGreaterThan(xOf("anisomycin") + chipWidth(estimatedTextWidth("anisomycin"), false));
    svg.remove();
  });

  it("draws the chips over every actor, in groups that the story's highlighting dims with their actor", () => {
    const { svg, scene: s } = scene();
    s.setConditions(new Set(["nbqx", "rapamycin", "chronic_stress"]));
    const groups = [...svg.children].filter((g) => g.querySelector(".keta-pretreatment"));
    expect(groups.map((g) => g.getAttribute("data-actor-part")).sort()).toEqual(["ampa_receptor", "cascade", "new_spines"]);
    const order = [...svg.children];
    const lastActorGroup = Math.max(...order.map((g, i) => (g.hasAttribute("data-actor") ? i : -1)));
    for (const g of groups) expect(order.indexOf(g)).toBeGreaterThan(lastActorGroup);
    // Each actor still has exactly one data-actor group (docs/diagram.md's contract).
    for (const id of CIRCUIT_ACTORS) expect(svg.querySelectorAll(`[data-actor='${id}']`)).toHaveLength(1);
    svg.remove();
  });
});
