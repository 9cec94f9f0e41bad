// @vitest-environment happy-dom
/**
 * Tests of the circuit legend's entries for the pre-treatment marks (js/legend.ts): the NBQX molecule's
 * entry shows exactly while the run shown was given NBQX, the block sign's while it was given a
 * condition that puts one on a gauge (every pre-treatment but NBQX; never chronic stress, which blocks
 * nothing), and both follow the next run; their swatches are the scene's own shapes and classes.
 */

import { describe, expect, it } from "vitest";
import { CONDITIONS } from "../conditions";
import { createLegend } from "../legend";
import { SVG_NS } from "../scene/svg";
import { createAmpaReceptor } from "../scene/ampa_receptor";
import { blockSign } from "../scene/cascade";

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
