// @vitest-environment happy-dom
/**
 * NBQX in the synapse zoom: a run given NBQX (the wire's run_conditions) draws the NBQX molecule on the
 * AMPA channels that are not open (a receptor is open or holds NBQX, never both) and names it in the
 * conditions line; a run without it, or with pre-treatments that act elsewhere (nifedipine, rapamycin),
 * draws and says nothing of the kind.
 */

import { describe, expect, it } from "vitest";
import { svgEl } from "../scene/svg";
import { antagonistOpacities, openOpacities } from "../micro/ampa_channel";
import { conditionsLines, conditionsText, createMicroScene, synapseDrugs } from "../micro/micro_scene";
import { MICRO } from "../micro/layout";
import { MICROSCOPE_CHANNELS, type MicroscopeValues } from "../microscope";
import { type MicroscopeRun } from "../wire";

const RUN: MicroscopeRun = { momentH: 0.675, ketamineUM: 0.393, channels: new Map() };

describe("NBQX on the zoom's AMPA channels", () => {
  it("sits on every channel not shown open, and on none without NBQX", () => {
    const open = 0.03 * 6; // NBQX's peak: 3 % open, 0.18 of one channel's glow
    expect(antagonistOpacities(0.03, 6, true)[0]).toBeCloseTo(1 - open, 12);
    expect(antagonistOpacities(0.03, 6, true).slice(1)).toEqual([1, 1, 1, 1, 1]);
    const both = antagonistOpacities(0.6, 6, true).map((o, i) => o + openOpacities(0.6, 6)[i]);
    both.forEach((sum) => expect(sum).toBeCloseTo(1, 12));
    expect(antagonistOpacities(0.03, 6, false)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(antagonistOpacities(undefined, 6, true)).toEqual([1, 1, 1, 1, 1, 1]); // held, whatever the data
  });

  it("is named in the conditions line; pre-treatments acting elsewhere are not", () => {
    expect(conditionsText(RUN, new Set(["nbqx"]))).toBe("Run at 41 min: brain ketamine 0.393 \u00b5M; NBQX on the AMPA receptors");
    expect(conditionsText(RUN, new Set(["nbqx", "nifedipine", "rapamycin"]))).toMatch(/; NBQX on the AMPA receptors$/);
    expect(synapseDrugs(new Set(["nifedipine", "rapamycin", "anisomycin", "bdnf_knockout", "chronic_stress"]))).toEqual([]);
    expect(conditionsText(RUN, new Set(["nifedipine"]))).toBe("Run at 41 min: brain ketamine 0.393 \u00b5M");
    expect(conditionsText(undefined, new Set(["nbqx"]))).toMatch(/No microscope data/);
  });

  it("puts the drug on a row of its own, between the header and the presynaptic terminal", () => {
    expect(conditionsLines(RUN, new Set(["nbqx"]))).toEqual(["Run at 41 min: brain ketamine 0.393 \u00b5M", "NBQX on the AMPA receptors"]);
    const [, conditionsY, drugsY] = MICRO.headerRows;
    expect(drugsY - conditionsY).toBeGreaterThanOrEqual(17); // a line of the 17-unit text
    expect(MICRO.preTop - drugsY).toBeGreaterThanOrEqual(17 * 0.3); // its descenders clear the band
  });
});

describe("the synapse zoom follows the run's conditions", () => {
  const values = (ampaOpen: number): MicroscopeValues => {
    const v = Object.fromEntries(MICROSCOPE_CHANNELS.map((name) => [name, undefined])) as MicroscopeValues;
    v.ampa_open = ampaOpen;
    return v;
  };
  const molecules = (svg: Element) => [...svg.querySelectorAll("[data-actor='ampa_channel'] .keta-antagonist")];
  const shown = (svg: Element) => molecules(svg).filter((m) => m.getAttribute("visibility") === "visible").length;
  const header = (svg: Element) => [...svg.querySelectorAll("text")].map((t) => t.textContent ?? "").find((t) => t.startsWith("Run at"));

  it("draws NBQX on the closed AMPA channels and says so, then takes both away for a run without it", () => {
    const svg = svgEl("svg", {});
    document.body.appendChild(svg);
    const micro = createMicroScene(svg as SVGSVGElement);
    micro.setMicroscope(null);
    micro.update(RUN, values(0.6), 6, 0, false);
    expect(molecules(svg).length).toBe(6);
    expect(shown(svg)).toBe(0);
    expect(header(svg)).toBe("Run at 41 min: brain ketamine 0.393 \u00b5M");

    micro.setConditions(new Set(["nbqx"]));
    micro.update(RUN, values(0.03), 6, 0, false);
    expect(shown(svg)).toBe(6);
    expect(header(svg)).toBe("Run at 41 min: brain ketamine 0.393 \u00b5M; NBQX on the AMPA receptors");
    const rows = [...svg.querySelectorAll(".keta-micro-conditions tspan")].map((t) => [t.getAttribute("y"), t.textContent]);
    expect(rows).toEqual([[String(MICRO.headerRows[1]), "Run at 41 min: brain ketamine 0.393 \u00b5M; "], [String(MICRO.headerRows[2]), "NBQX on the AMPA receptors"]]);
    micro.update(RUN, values(0.5), 6, 0, false); // 3 channels open: NBQX on the other 3
    expect(shown(svg)).toBe(3);

    micro.setConditions(new Set(["nifedipine"]));
    micro.update(RUN, values(0.03), 6, 0, false);
    expect(shown(svg)).toBe(0);
    expect(header(svg)).toBe("Run at 41 min: brain ketamine 0.393 \u00b5M");
    svg.remove();
  });
});
