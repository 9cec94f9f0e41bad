/**
 * Tests of the synapse zoom's number-to-picture rules (one per micro actor): glutamate diamonds per mM,
 * open channels out of six, the Mg2+ plug's opacity, trapped ketamine plugs, ions per pA, the voltage
 * bar, the trace paths and the header naming the run's conditions. Absent data draws nothing.
 */

import { describe, expect, it } from "vitest";
import { DIAMONDS_PER_MM, MAX_DIAMONDS, diamondCount } from "../micro/glutamate_pulse";
import { openOpacities } from "../micro/ampa_channel";
import { mgOpacity } from "../micro/mg_plug";
import { trappedOpacities } from "../micro/ketamine_trapped";
import { CA_PER_PA, MAX_NA, NA_PER_PA, ionCount, ionDepth } from "../micro/ion_currents";
import { voltageFill } from "../micro/spine_voltage";
import { tracePath, traceRange } from "../micro/trace";
import { conditionsText, playheadText } from "../micro/micro_scene";

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe("glutamate pulse", () => {
  it("draws 20 diamonds for the 1 mM pulse, none after it, capped", () => {
    expect(DIAMONDS_PER_MM).toBe(20);
    expect(diamondCount(1)).toBe(20);
    expect(diamondCount(0.26)).toBe(5);
    expect(diamondCount(0)).toBe(0);
    expect(diamondCount(10)).toBe(MAX_DIAMONDS);
    expect(diamondCount(undefined)).toBe(0);
    expect(diamondCount(NaN)).toBe(0);
  });
});

describe("channels open", () => {
  it("shows the open fraction as channels out of six, the last one partly", () => {
    const o = openOpacities(0.6, 6); // 3.6 channels
    expect(sum(o)).toBeCloseTo(3.6, 12);
    expect(o.filter((x) => x === 1).length).toBe(3);
    expect(openOpacities(0.069, 6).filter((x) => x > 0).length).toBe(1);
    expect(openOpacities(undefined, 6)).toEqual([0, 0, 0, 0, 0, 0]);
  });
});

describe("Mg2+ plug", () => {
  it("is as opaque as the share of time the pore is blocked", () => {
    expect(mgOpacity(0.044)).toBeCloseTo(0.956, 12);
    expect(mgOpacity(1)).toBe(0);
    expect(mgOpacity(1.2)).toBe(0);
    expect(mgOpacity(undefined)).toBe(0);
  });
});

describe("ketamine trapped", () => {
  it("plugs the bound fraction of the six pores, starting from the right", () => {
    const o = trappedOpacities(0.5, 6);
    expect(o).toEqual([0, 0, 0, 1, 1, 1]);
    expect(sum(trappedOpacities(0.069, 6))).toBeCloseTo(0.414, 12);
    expect(trappedOpacities(0.069, 6)[5]).toBeCloseTo(0.414, 12);
    expect(trappedOpacities(undefined, 6)).toEqual([0, 0, 0, 0, 0, 0]);
  });
});

describe("ions", () => {
  it("count the size of the current (inward currents are negative), capped", () => {
    expect(ionCount(-42, NA_PER_PA, MAX_NA)).toBe(11);
    expect(ionCount(-1.37, NA_PER_PA, MAX_NA)).toBe(0);
    expect(ionCount(-1000, NA_PER_PA, MAX_NA)).toBe(MAX_NA);
    expect(ionCount(0.16, CA_PER_PA, 10)).toBe(3);
    expect(ionCount(undefined, CA_PER_PA, 10)).toBe(0);
  });
  it("spread evenly, drift with the wall clock, and stand still without motion", () => {
    expect(ionDepth(0, 4, 0, true)).toBeCloseTo(0.125, 12);
    expect(ionDepth(0, 4, 700, true, 1400)).toBeCloseTo(0.625, 12);
    expect(ionDepth(1, 4, 700, false, 1400)).toBeCloseTo(0.375, 12);
    expect(ionDepth(3, 4, 99999, false)).toBeCloseTo(0.875, 12);
  });
});

describe("spine voltage bar", () => {
  it("fills from -90 mV to +10 mV", () => {
    expect(voltageFill(-90)).toBe(0);
    expect(voltageFill(-70)).toBeCloseTo(0.2, 12);
    expect(voltageFill(10)).toBe(1);
    expect(voltageFill(40)).toBe(1);
    expect(voltageFill(undefined)).toBe(0);
  });
});

describe("traces", () => {
  const box = { x: 100, y: 10, width: 200, height: 50 };
  it("map run time along the stretched axis and values into the box, clamped", () => {
    const d = tracePath([0, 20, 300], [0, 1, 2], 300, box, [0, 1]);
    const points = d.split(/ ?[ML]/).filter(Boolean).map((p) => p.split(" ").map(Number));
    expect(points[0]).toEqual([100, 60]);
    expect(points[1][1]).toBe(10);
    expect(points[2]).toEqual([300, 10]); // 2 is above the range: clamped to the top
    expect(points[1][0]).toBeGreaterThan(100 + 200 * (20 / 300)); // early time gets extra width
  });
  it("draw nothing without data or range", () => {
    expect(tracePath([], [], 300, box, [0, 1])).toBe("");
    expect(tracePath([0, 1], [0, 1], 300, box, [1, 1])).toBe("");
  });
  it("share one range across runs, with headroom", () => {
    const [lo, hi] = traceRange([Float32Array.from([-70, -67]), Float32Array.from([-70, -60])]);
    expect(lo).toBeLessThan(-70);
    expect(hi).toBeGreaterThan(-60);
    expect(traceRange([])).toEqual([0, 1]);
    const [flatLo, flatHi] = traceRange([Float32Array.from([0, 0])]);
    expect(flatHi).toBeGreaterThan(flatLo);
  });
});

describe("conditions header", () => {
  it("names the run's moment and brain ketamine, or says there is no data", () => {
    expect(conditionsText({ momentH: 0.675, ketamineUM: 0.393, channels: new Map() })).toBe(
      "Run at 41 min: brain ketamine 0.393 \u00b5M",
    );
    expect(conditionsText(undefined)).toMatch(/No microscope data/);
    expect(playheadText(72, 0.0001)).toBe("now 3 d: 0.100 nM");
    expect(playheadText(0.5, undefined)).toBe("now 30 min: \u2014");
  });
  it("writes the run's ketamine and the playhead's with the same precision", () => {
    // Review: the header read "0.336 µM" and the "now" line "0.33 µM" for the same quantity.
    expect(conditionsText({ momentH: 0.8, ketamineUM: 0.336, channels: new Map() })).toBe("Run at 48 min: brain ketamine 0.336 \u00b5M");
    expect(playheadText(0.8, 0.33)).toBe("now 48 min: 0.330 \u00b5M");
  });
});
