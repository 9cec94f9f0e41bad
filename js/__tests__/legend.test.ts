// @vitest-environment happy-dom
/**
 * Tests of the legends' entries for the pre-treatment marks (js/legend.ts). The circuit legend's NBQX
 * molecule entry shows exactly while the run shown was given NBQX, the block sign's while it was given a
 * condition that puts one on a gauge (every pre-treatment but NBQX; never chronic stress, which blocks
 * nothing), and both follow the next run; their swatches are the scene's own shapes and classes. The
 * synapse zoom's legend has the same NBQX entry, shown exactly while its scene draws NBQX on the AMPA
 * channels, and no block sign (the zoom draws none).
 */

import { describe, expect, it } from "vitest";
import { CONDITIONS } from "../conditions";
import { createLegend, createMicroLegend } from "../legend";
import { SVG_NS } from "../scene/svg";
import { createAmpaReceptor } from "../scene/ampa_receptor";
import { blockSign } from "../scene/cascade";
import { createMicroScene } from "../micro/micro_scene";

/** Every combination of the conditions (64 runs). */
const EVERY_RUN: Array<Set<string>> = Array.from({ length: 2 ** CONDITIONS.length }, (_, bits) =>
  new Set(CONDITIONS.filter((_, i) => bits & (1 << i))));

/** The conditions that draw a block sign on a gauge (docs/diagram.md's table), written out here on purpose. */
const BLOCK_SIGN_CONDITIONS = ["nifedipine", "rapamycin", "bdnf_knockout", "anisomycin"];

const entry = (legend: HTMLElement, words: string) =>
  [...legend.querySelectorAll("li")].find((li) => li.textContent!.startsWith(words))!;
const NBQX = "NBQX in an AMPA receptor";
const BLOCKED = "blocked by a pre-treatment";
const shown = (legend: HTMLElement) =>
  [NBQX, BLOCKED].filter((words) => !entry(legend, words).hidden);

describe("the circuit legend's entries for the pre-treatment marks", () => {
  it("shows neither before a run with a pre-treatment, nor for a run given none", () => {
    const legend = createLegend();
    expect(entry(legend.element, NBQX)).toBeDefined();
    expect(entry(legend.element, BLOCKED)).toBeDefined();
    expect(shown(legend.element)).toEqual([]);
    legend.setConditions(new Set());
    expect(shown(legend.element)).toEqual([]);
    legend.setConditions(new Set(["chronic_stress"])); // a condition of the animal: no block sign
    expect(shown(legend.element)).toEqual([]);
  });

  it("shows each entry exactly while the run's conditions draw its mark, in all 64 runs", () => {
    const legend = createLegend();
    for (const run of EVERY_RUN) {
      legend.setConditions(run);
      const expected = [
        ...(run.has("nbqx") ? [NBQX] : []),
        ...(BLOCK_SIGN_CONDITIONS.some((c) => run.has(c)) ? [BLOCKED] : []),
      ];
      expect(shown(legend.element), [...run].join(", ")).toEqual(expected);
    }
  });

  it("follows a new run: the entries come and go with its conditions", () => {
    const legend = createLegend();
    legend.setConditions(new Set(["nbqx"]));
    expect(shown(legend.element)).toEqual([NBQX]);
    legend.setConditions(new Set(["nifedipine", "rapamycin"]));
    expect(shown(legend.element)).toEqual([BLOCKED]);
    legend.setConditions(new Set(["nbqx", "anisomycin", "chronic_stress"]));
    expect(shown(legend.element)).toEqual([NBQX, BLOCKED]);
    legend.setConditions(new Set());
    expect(shown(legend.element)).toEqual([]);
  });

  it("draws them with the scene's own shapes and classes", () => {
    const legend = createLegend();
    const scratch = document.createElementNS(SVG_NS, "svg");

    const nbqx = entry(legend.element, NBQX).querySelector("svg.keta-swatch")!;
    const molecule = nbqx.querySelector(".keta-ampa .keta-antagonist")!;
    expect(molecule.getAttribute("visibility")).toBe("visible");
    const receptor = createAmpaReceptor(scratch, 0, 0, 0.8);
    receptor.antagonist.setAttribute("visibility", "visible");
    expect(nbqx.innerHTML).toBe(receptor.group.outerHTML);

    const sign = entry(legend.element, BLOCKED).querySelector("svg.keta-swatch .keta-block-sign")!;
    expect(sign.outerHTML).toBe(blockSign(scratch, 0, 0).outerHTML);
  });

  it("words them for students, with a tooltip that says more", () => {
    const legend = createLegend();
    expect(entry(legend.element, NBQX).textContent).toBe("NBQX in an AMPA receptor (keeps glutamate out)");
    expect(entry(legend.element, BLOCKED).textContent).toBe("blocked by a pre-treatment (named beside it)");
    for (const words of [NBQX, BLOCKED]) expect(entry(legend.element, words).title).not.toBe("");
  });
});

describe("the synapse zoom legend's NBQX entry", () => {
  /** The NBQX molecules the synapse zoom draws (on the channels not open, here all six: no run data). */
  const drawnNbqx = (conditions: Set<string>) => {
    const svg = document.createElementNS(SVG_NS, "svg");
    const micro = createMicroScene(svg);
    micro.setConditions(conditions);
    micro.update(undefined, undefined, 0, 0, false);
    return [...svg.querySelectorAll(".keta-antagonist")].filter((m) => m.getAttribute("visibility") === "visible").length;
  };
  const microShown = (legend: HTMLElement) => (entry(legend, NBQX).hidden ? [] : [NBQX]);

  it("is there with NBQX only, as the zoom's molecules are, in all 64 runs; no block sign in this legend", () => {
    const legend = createMicroLegend();
    expect(entry(legend.element, NBQX)).toBeDefined();
    expect(entry(legend.element, BLOCKED)).toBeUndefined();
    expect(microShown(legend.element)).toEqual([]); // before any run
    for (const run of EVERY_RUN) {
      legend.setConditions(run);
      expect(microShown(legend.element), [...run].join(", ")).toEqual(run.has("nbqx") ? [NBQX] : []);
      expect(drawnNbqx(run) > 0, [...run].join(", ")).toBe(run.has("nbqx"));
    }
  });

  it("follows a new run, and leaves with the run (the error state shows none)", () => {
    const legend = createMicroLegend();
    legend.setConditions(new Set(["nbqx", "anisomycin"]));
    expect(microShown(legend.element)).toEqual([NBQX]);
    legend.setConditions(new Set(["nifedipine", "rapamycin", "chronic_stress"]));
    expect(microShown(legend.element)).toEqual([]);
    legend.setConditions(new Set(["nbqx"]));
    expect(microShown(legend.element)).toEqual([NBQX]);
    legend.setConditions(new Set()); // what index.ts's error state labels: no run
    expect(microShown(legend.element)).toEqual([]);
    expect(entry(legend.element, "AMPA open").hidden).toBe(false); // the rest stays
  });

  it("is the circuit legend's entry, words and swatch (the receptor both zooms draw), with its own tooltip", () => {
    const micro = entry(createMicroLegend().element, NBQX);
    const circuit = entry(createLegend().element, NBQX);
    expect(micro.textContent).toBe(circuit.textContent);
    expect(micro.querySelector("svg.keta-swatch")!.outerHTML).toBe(circuit.querySelector("svg.keta-swatch")!.outerHTML);
    expect(micro.title).toMatch(/^NBQX, .* each AMPA channel not shown open$/);
    // The hidden attribute, which keeps it from screen readers as from the eye, until a run has NBQX.
    expect(micro.hasAttribute("hidden")).toBe(true);
  });
});
