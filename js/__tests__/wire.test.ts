/**
 * Tests of the wire decoding against docs/wire-format.md: a valid trajectory decodes to the exact
 * float32 values in channel-major order whatever binary container carries it, every rule violation
 * throws a WireError that names the problem, and interpolation is linear on a non-uniform grid and
 * clamped at both ends.
 */

import { describe, expect, it } from "vitest";
import { f32 } from "./bytes";
import { WIRE_VERSION, WireError, decodeRunLabel, decodeTrajectory, interpolate, sampleAt, speciesNamed, timeSpan, type WireTraits } from "../wire";
import { CONDITIONS } from "../conditions";


function traits(overrides: Partial<WireTraits> = {}): WireTraits {
  return {
    wire_version: 2,
    trajectory_time_h: f32([0, 0.25, 2, 24]),
    // channel-major: brain row, then block row
    trajectory_values: f32([0, 1.5, 0.75, 0, 0, 0.5, 0.25, 0]),
    trajectory_channels: ["ketamine_brain_uM", "nmda_block_pyramidal"],
    trajectory_units: ["uM", "1"],
    ...overrides,
  };
}

describe("decodeTrajectory", () => {
  it("decodes time, channel-major values and units", () => {
    const traj = decodeTrajectory(traits());
    expect(Array.from(traj.timeH)).toEqual([0, 0.25, 2, 24]);
    expect(Array.from(traj.channels.get("ketamine_brain_uM")!)).toEqual([0, 1.5, 0.75, 0]);
    expect(Array.from(traj.channels.get("nmda_block_pyramidal")!)).toEqual([0, 0.5, 0.25, 0]);
    expect(traj.units.get("ketamine_brain_uM")).toBe("uM");
    expect(traj.units.get("nmda_block_pyramidal")).toBe("1");
    expect([...traj.channels.keys()]).toEqual(["ketamine_brain_uM", "nmda_block_pyramidal"]);
    expect(timeSpan(traj)).toEqual([0, 24]);
  });

  it("reads little-endian explicitly (big-endian bytes give different numbers)", () => {
    const bytes = new DataView(new ArrayBuffer(8));
    bytes.setFloat32(0, 1, false);
    bytes.setFloat32(4, 2, false);
    const traj = decodeTrajectory(traits({ trajectory_time_h: f32([0, 1]), trajectory_values: bytes, trajectory_channels: ["x"], trajectory_units: [""] }));
    expect(traj.channels.get("x")![0]).not.toBe(1);
  });

  it("accepts ArrayBuffer, Uint8Array and offset DataView containers", () => {
    const time = f32([0, 1, 3]);
    const values = f32([10, 20, 40]);
    const one = { trajectory_channels: ["c"], trajectory_units: ["u"] };
    // A view into the middle of a larger buffer, as a sliced message buffer would be.
    const padded = new Uint8Array(4 + values.byteLength + 4);
    padded.set(new Uint8Array(values.buffer), 4);
    const containers: Array<[unknown, unknown]> = [
      [time.buffer, values.buffer],
      [new Uint8Array(time.buffer), new Uint8Array(values.buffer)],
      [time, new DataView(padded.buffer, 4, values.byteLength)],
      [time, padded.subarray(4, 4 + values.byteLength)],
    ];
    for (const [t, v] of containers) {
      const traj = decodeTrajectory(traits({ ...one, trajectory_time_h: t, trajectory_values: v }));
      expect(Array.from(traj.timeH)).toEqual([0, 1, 3]);
      expect(Array.from(traj.channels.get("c")!)).toEqual([10, 20, 40]);
    }
  });

  it("copies the data, so a reused message buffer cannot change a decoded trajectory", () => {
    const time = f32([0, 1]);
    const traj = decodeTrajectory(traits({ trajectory_time_h: time, trajectory_values: f32([]), trajectory_channels: [], trajectory_units: [] }));
    time.setFloat32(4, 99, true);
    expect(traj.timeH[1]).toBe(1);
  });

  it("accepts an empty trajectory (no samples yet) and samples nothing from it", () => {
    const traj = decodeTrajectory(traits({ trajectory_time_h: f32([]), trajectory_values: f32([]) }));
    expect(traj.timeH.length).toBe(0);
    expect(timeSpan(traj)).toEqual([0, 0]);
    expect(sampleAt(traj, "ketamine_brain_uM", 1)).toBeUndefined();
  });

  const bad: Array<[string, Partial<WireTraits>, RegExp]> = [
    ["wire_version 4", { wire_version: 4 }, /unsupported wire_version 4 .*reads 2 or 3/],
    ["wire_version 1", { wire_version: 1 }, /unsupported wire_version 1 /],
    ["wire_version as a string", { wire_version: "2" }, /unsupported wire_version "2"/],
    ["missing wire_version", { wire_version: undefined }, /unsupported wire_version/],
    ["time bytes not a multiple of 4", { trajectory_time_h: new Uint8Array(6) }, /trajectory_time_h: byte length 6 is not a multiple of 4/],
    ["value bytes not a multiple of 4", { trajectory_values: new Uint8Array(33) }, /trajectory_values: byte length 33 is not a multiple of 4/],
    ["too few values", { trajectory_values: f32([0, 1, 2, 3, 4, 5, 6]) }, /7 values, expected 2 channels x 4 samples = 8/],
    ["too many values", { trajectory_values: f32(new Array(12).fill(0)) }, /12 values, expected 2 channels x 4 samples = 8/],
    ["values for a channel that is not listed", { trajectory_channels: ["a"], trajectory_units: ["u"] }, /8 values, expected 1 channels x 4 samples = 4/],
    ["repeated time", { trajectory_time_h: f32([0, 1, 1, 2]) }, /not strictly increasing at index 2 \(1 then 1\)/],
    ["decreasing time", { trajectory_time_h: f32([0, 2, 1, 3]) }, /not strictly increasing at index 2 \(2 then 1\)/],
    ["NaN time", { trajectory_time_h: f32([0, NaN, 2, 3]) }, /trajectory_time_h\[1\] is not a finite number/],
    ["infinite time", { trajectory_time_h: f32([0, 1, 2, Infinity]) }, /trajectory_time_h\[3\] is not a finite number/],
    ["time not binary", { trajectory_time_h: "AAAA" }, /trajectory_time_h: expected binary data .* got string/],
    ["values null", { trajectory_values: null }, /trajectory_values: expected binary data .* got null/],
    ["channels not a list", { trajectory_channels: "ketamine_brain_uM" }, /trajectory_channels: expected a list of strings/],
    ["channel name not a string", { trajectory_channels: ["a", 3] }, /trajectory_channels\[1\]: expected a string, got number/],
    ["units of the wrong length", { trajectory_units: ["uM"] }, /trajectory_units has 1 entries but trajectory_channels has 2/],
    ["duplicate channel", { trajectory_channels: ["a", "a"] }, /duplicate channel "a"/],
    ["a NaN value", { trajectory_values: f32([0, 1.5, 0.75, 0, 0, NaN, 0.25, 0]) }, /trajectory_values: nmda_block_pyramidal\[1\] is NaN, not a finite number/],
    ["an infinite value", { trajectory_values: f32([Infinity, 1.5, 0.75, 0, 0, 0.5, 0.25, 0]) }, /trajectory_values: ketamine_brain_uM\[0\] is Infinity/],
  ];
  for (const [name, overrides, message] of bad) {
    it(`rejects ${name} with a WireError naming the problem`, () => {
      expect(() => decodeTrajectory(traits(overrides))).toThrow(message);
      expect(() => decodeTrajectory(traits(overrides))).toThrow(WireError);
    });
  }
});

describe("wire versions", () => {
  it("reads version 3 (with what the run is) and version 2 (the same layout, without it)", () => {
    expect(WIRE_VERSION).toBe(3);
    for (const version of [2, 3]) expect(decodeTrajectory(traits({ wire_version: version })).timeH.length).toBe(4);
  });
});

describe("decodeRunLabel", () => {
  it("reads the run's description and its conditions", () => {
    const run = decodeRunLabel({ run_description: "0.5 mg/kg IV over 40 min with NBQX", run_conditions: ["nbqx", "chronic_stress"] });
    expect(run.description).toBe("0.5 mg/kg IV over 40 min with NBQX");
    expect([...run.conditions].sort()).toEqual(["chronic_stress", "nbqx"]);
  });

  it("reads absent traits (a version-2 kernel) and empty ones (a run made by hand) as a run that says nothing of itself", () => {
    for (const traits of [{ run_description: undefined, run_conditions: undefined }, { run_description: "", run_conditions: [] }]) {
      const run = decodeRunLabel(traits);
      expect(run.description).toBe("");
      expect(run.conditions.size).toBe(0);
    }
  });

  it("knows every condition Python may send (js/conditions.ts, generated from Params)", () => {
    expect(decodeRunLabel({ run_description: "", run_conditions: [...CONDITIONS] }).conditions.size).toBe(CONDITIONS.length);
    expect(CONDITIONS).toEqual(["anisomycin", "bdnf_knockout", "chronic_stress", "nbqx", "nifedipine", "rapamycin"]);
  });

  it("reads the species a rodent run's description names at its end, as the lab writes it (describe_run)", () => {
    expect(speciesNamed("10 mg/kg i.p. injection (mouse)")).toBe("mouse");
    expect(speciesNamed("10 mg/kg i.p. injection with rapamycin, after chronic stress (mouse)")).toBe("mouse");
    expect(speciesNamed("2 mg/kg IV bolus in 0.5 mM Mg\u00b2\u207a, after chronic stress (rat)")).toBe("rat");
    // A human run names none; so does a description written by hand, or none at all.
    expect(speciesNamed("0.5 mg/kg IV over 40 min with NBQX")).toBeUndefined();
    expect(speciesNamed("a mouse-like run (mouse) made by hand, said otherwise")).toBeUndefined();
    expect(speciesNamed("")).toBeUndefined();
  });

  const bad: Array<[string, Record<string, unknown>, RegExp]> = [
    ["an unknown condition", { run_conditions: ["nbqx", "ketamine"] }, /run_conditions\[1\]: unknown condition "ketamine" \(known: anisomycin, bdnf_knockout, chronic_stress, nbqx, nifedipine, rapamycin\)/],
    ["a condition in another spelling", { run_conditions: ["NBQX"] }, /run_conditions\[0\]: unknown condition "NBQX"/],
    ["a condition given twice", { run_conditions: ["nbqx", "nbqx"] }, /run_conditions: duplicate condition "nbqx"/],
    ["conditions that are not a list", { run_conditions: "nbqx" }, /run_conditions: expected a list of strings/],
    ["null conditions", { run_conditions: null }, /run_conditions: expected a list of strings/],
    ["a condition that is not a string", { run_conditions: [true] }, /run_conditions\[0\]: expected a string, got boolean/],
    ["a description that is not a string", { run_description: 5 }, /run_description: expected a string, got number/],
    ["a null description", { run_description: null }, /run_description: expected a string, got null/],
  ];
  for (const [name, overrides, message] of bad) {
    it(`rejects ${name} with a WireError naming the trait`, () => {
      const traits = { run_description: "x", run_conditions: [], ...overrides };
      expect(() => decodeRunLabel(traits)).toThrow(message);
      expect(() => decodeRunLabel(traits)).toThrow(WireError);
    });
  }
});

describe("interpolate / sampleAt", () => {
  // Non-uniform: fine near the dose, coarse later, as the model's grid is.
  const time = [0, 0.1, 0.5, 2, 10];
  const values = [0, 1, 3, 3, -5];

  it("is exact on the samples", () => {
    time.forEach((t, i) => expect(interpolate(time, values, t)).toBe(values[i]));
  });

  it("interpolates linearly within each (unequal) interval", () => {
    expect(interpolate(time, values, 0.05)).toBeCloseTo(0.5, 12);
    expect(interpolate(time, values, 0.3)).toBeCloseTo(2, 12);
    expect(interpolate(time, values, 0.4)).toBeCloseTo(2.5, 12);
    expect(interpolate(time, values, 1.25)).toBeCloseTo(3, 12);
    expect(interpolate(time, values, 6)).toBeCloseTo(-1, 12);
    expect(interpolate(time, values, 9)).toBeCloseTo(-4, 12);
  });

  it("clamps before the first and after the last sample", () => {
    expect(interpolate(time, values, -3)).toBe(0);
    expect(interpolate(time, values, 10.001)).toBe(-5);
    expect(interpolate(time, values, 1e9)).toBe(-5);
    expect(interpolate(time, values, NaN)).toBe(0);
  });

  it("handles one sample and no samples", () => {
    expect(interpolate([5], [7], 0)).toBe(7);
    expect(interpolate([5], [7], 9)).toBe(7);
    expect(interpolate([], [], 1)).toBeNaN();
  });

  it("agrees with a linear scan on a long random non-uniform grid", () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const t: number[] = [0];
    for (let i = 1; i < 2000; i++) t.push(t[i - 1] + 0.001 + rand() * (i % 100 === 0 ? 5 : 0.05));
    const v = t.map(() => rand() * 10);
    const scan = (x: number) => {
      for (let i = 0; i < t.length - 1; i++) {
        if (x >= t[i] && x < t[i + 1]) return v[i] + ((x - t[i]) / (t[i + 1] - t[i])) * (v[i + 1] - v[i]);
      }
      return x < t[0] ? v[0] : v[v.length - 1];
    };
    for (let k = 0; k < 500; k++) {
      const x = rand() * (t[t.length - 1] + 2) - 1;
      expect(interpolate(t, v, x)).toBeCloseTo(scan(x), 9);
    }
  });

  it("samples a decoded channel, and returns undefined for an absent one", () => {
    const traj = decodeTrajectory(traits());
    expect(sampleAt(traj, "ketamine_brain_uM", 0.125)).toBeCloseTo(0.75, 6);
    expect(sampleAt(traj, "nmda_block_pyramidal", 13)).toBeCloseTo(0.125, 6);
    expect(sampleAt(traj, "nmda_block_pyramidal", 48)).toBe(0);
    expect(sampleAt(traj, "nmda_block_interneuron", 1)).toBeUndefined();
  });
});
