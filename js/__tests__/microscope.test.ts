/**
 * Tests of the synapse zoom's data path: decoding the microscope traits (docs/wire-format.md, run-major
 * then channel-major), choosing the run for a playhead (latest moment at or before it), the looping
 * millisecond clock and its stretched trace axis, and sampling with absent channels left absent.
 */

import { describe, expect, it } from "vitest";
import { f32 } from "./bytes";
import { WireError, decodeMicroscope, type MicroscopeTraits } from "../wire";
import { MICROSCOPE_CLOCK, loopWallMs, microscopeValuesAt, runIndexAt, runTimeAt, traceAxisPosition } from "../microscope";


/** Two runs (moments 0 h and 0.5 h), two channels, three samples (0, 5, 300 ms). */
function traits(overrides: Partial<MicroscopeTraits> = {}): MicroscopeTraits {
  return {
    microscope_time_ms: f32([0, 5, 300]),
    microscope_moments_h: f32([0, 0.5]),
    microscope_ketamine_uM: f32([0, 0.25]),
    microscope_values: f32([
      0, 0.5, 0, /* run 0 ampa_open */ -70, -65, -70, /* run 0 v_mV */
      0, 0.4, 0, /* run 1 ampa_open */ -70, -66, -70, /* run 1 v_mV */
    ]),
    microscope_channels: ["ampa_open", "v_mV"],
    microscope_units: ["fraction", "mV"],
    ...overrides,
  };
}

describe("decodeMicroscope", () => {
  it("splits the values run-major, then channel-major", () => {
    const m = decodeMicroscope(traits());
    expect(Array.from(m.timeMs)).toEqual([0, 5, 300]);
    expect(m.runs.map((r) => r.momentH)).toEqual([0, 0.5]);
    expect(m.runs[1].ketamineUM).toBeCloseTo(0.25, 6);
    expect(Array.from(m.runs[0].channels.get("v_mV")!)).toEqual([-70, -65, -70]);
    expect(Array.from(m.runs[1].channels.get("ampa_open")!).map((x) => +x.toFixed(6))).toEqual([0, 0.4, 0]);
    expect(m.units.get("v_mV")).toBe("mV");
  });

  it("accepts no runs at all (an older kernel): the zoom then shows it has no data", () => {
    const m = decodeMicroscope({
      microscope_time_ms: undefined, microscope_moments_h: undefined, microscope_ketamine_uM: undefined,
      microscope_values: undefined, microscope_channels: undefined, microscope_units: undefined,
    });
    expect(m.runs).toEqual([]);
    expect(runIndexAt(m, 3)).toBeUndefined();
  });

  it.each<[string, Partial<MicroscopeTraits>, RegExp]>([
    ["a short value buffer", { microscope_values: f32([1, 2, 3]) }, /expected 2 runs x 2 channels x 3 samples = 12/],
    ["a ketamine value per run missing", { microscope_ketamine_uM: f32([0]) }, /microscope_ketamine_uM has 1 values/],
    ["units not matching channels", { microscope_units: ["mV"] }, /microscope_units has 1 entries/],
    ["moments out of order", { microscope_moments_h: f32([0.5, 0]) }, /moments_h is not strictly increasing/],
    ["time out of order", { microscope_time_ms: f32([0, 5, 5]) }, /time_ms is not strictly increasing/],
    ["bytes not float32", { microscope_time_ms: new DataView(new ArrayBuffer(6)) }, /not a multiple of 4/],
    ["a NaN moment", { microscope_moments_h: f32([NaN, 0.5]) }, /microscope_moments_h: \[0\] is NaN, not a finite number/],
    ["a NaN time", { microscope_time_ms: f32([0, NaN, 300]) }, /microscope_time_ms: \[1\] is NaN/],
    ["an infinite ketamine level", { microscope_ketamine_uM: f32([0, Infinity]) }, /microscope_ketamine_uM: \[1\] is Infinity/],
    ["a NaN value", { microscope_values: f32([0, 0.5, 0, -70, -65, -70, 0, 0.4, 0, -70, NaN, -70]) }, /microscope_values: run 1 v_mV\[1\] is NaN/],
    ["a repeated channel", { microscope_channels: ["v_mV", "v_mV"] }, /microscope_channels: duplicate channel "v_mV"/],
  ])("rejects %s with a WireError", (_, override, message) => {
    expect(() => decodeMicroscope(traits(override))).toThrow(WireError);
    expect(() => decodeMicroscope(traits(override))).toThrow(message);
  });
});

describe("runIndexAt", () => {
  const m = decodeMicroscope(traits({
    microscope_moments_h: f32([0, 0.5, 2]),
    microscope_ketamine_uM: f32([0, 0.3, 0.1]),
    microscope_values: f32(new Array(3 * 2 * 3).fill(0)),
  }));
  it("takes the latest run at or before the playhead, never a later one", () => {
    expect(runIndexAt(m, 0)).toBe(0);
    expect(runIndexAt(m, 0.49)).toBe(0);
    expect(runIndexAt(m, 0.5)).toBe(1);
    expect(runIndexAt(m, 1.9)).toBe(1);
    expect(runIndexAt(m, 2)).toBe(2);
    expect(runIndexAt(m, 168)).toBe(2);
  });
  it("uses the first run before the first moment and nothing without data", () => {
    expect(runIndexAt(m, -1)).toBe(0);
    expect(runIndexAt(null, 1)).toBeUndefined();
  });
});

describe("the microscope clock", () => {
  const clock = MICROSCOPE_CLOCK;
  it("plays the first 20 ms slowly, the rest faster, then holds and loops", () => {
    const fastWall = 20 * clock.fastSlowdown;
    expect(runTimeAt(0, 300)).toBe(0);
    expect(runTimeAt(fastWall / 2, 300)).toBeCloseTo(10, 9);
    expect(runTimeAt(fastWall + 100 * clock.slowSlowdown, 300)).toBeCloseTo(120, 9);
    const loop = loopWallMs(300);
    expect(loop).toBe(fastWall + 280 * clock.slowSlowdown + clock.holdMs);
    expect(runTimeAt(loop - clock.holdMs / 2, 300)).toBe(300); // held on the last frame
    expect(runTimeAt(loop + fastWall / 4, 300)).toBeCloseTo(5, 9); // and round again
  });
  it("shows 0 ms for an empty run", () => {
    expect(runTimeAt(1234, 0)).toBe(0);
  });
  it("puts the trace axis on the same two speeds, so 20 ms sits where the playback spends its time", () => {
    const fastShare = (20 * clock.fastSlowdown) / (20 * clock.fastSlowdown + 280 * clock.slowSlowdown);
    expect(traceAxisPosition(0, 300)).toBe(0);
    expect(traceAxisPosition(20, 300)).toBeCloseTo(fastShare, 12);
    expect(traceAxisPosition(300, 300)).toBeCloseTo(1, 12);
    expect(traceAxisPosition(400, 300)).toBeCloseTo(1, 12);
    expect(traceAxisPosition(10, 300)).toBeCloseTo(fastShare / 2, 12);
  });
});

describe("microscopeValuesAt", () => {
  it("interpolates the run's channels and leaves missing ones undefined", () => {
    const m = decodeMicroscope(traits());
    const v = microscopeValuesAt(m, m.runs[0], 2.5);
    expect(v.ampa_open).toBeCloseTo(0.25, 6);
    expect(v.v_mV).toBeCloseTo(-67.5, 5);
    expect(v.nmda_open).toBeUndefined();
    expect(v.nmda_ketamine_bound).toBeUndefined();
  });
});
