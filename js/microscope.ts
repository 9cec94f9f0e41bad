/**
 * The synapse zoom's clock and data choice, as pure logic (no DOM). Python ships a few microscope runs,
 * each one synapse over 300 ms at the conditions of one moment of the slow trajectory
 * (docs/wire-format.md); this module picks the run for the playhead and says which millisecond of it
 * to show at a given wall-clock time. The runs are played slowed down and looped: a 1 ms glutamate
 * pulse and a 2 ms AMPA current would otherwise be gone within one video frame.
 */

import { type Microscope, type MicroscopeRun, interpolate } from "./wire";

/**
 * The run for playhead `timeH`: the latest one whose moment is at or before the playhead, so what the
 * microscope shows never anticipates the future; before the first moment, the first run. Undefined
 * when there are no runs.
 */
export function runIndexAt(microscope: Microscope | null, timeH: number): number | undefined {
  const runs = microscope?.runs ?? [];
  if (runs.length === 0) return undefined;
  let index = 0;
  for (let r = 1; r < runs.length; r++) {
    if (runs[r].momentH <= timeH) index = r;
    else break;
  }
  return index;
}

/**
 * How the microscope's millisecond clock maps onto wall time: the first `fastSpanMs` of the run (release
 * and the AMPA event) play `fastSlowdown` times slower than real time, the rest (the slow NMDA tail)
 * `slowSlowdown` times slower. Both segments are linear, so the clock readout stays honest: it shows
 * the real milliseconds of the run.
 */
export interface MicroscopeClock {
  fastSpanMs: number;
  fastSlowdown: number;
  slowSlowdown: number;
  /** Wall-time pause on the last frame before the loop starts again, ms. */
  holdMs: number;
}

/** 20 ms at 250x (5 s: the pulse and AMPA event are readable), then 280 ms at 20x (5.6 s), 1 s hold. */
export const MICROSCOPE_CLOCK: MicroscopeClock = { fastSpanMs: 20, fastSlowdown: 250, slowSlowdown: 20, holdMs: 1000 };

/** Wall-clock length of one loop of a run lasting `durationMs`. */
export function loopWallMs(durationMs: number, clock: MicroscopeClock = MICROSCOPE_CLOCK): number {
  const fast = Math.min(durationMs, clock.fastSpanMs);
  const slow = Math.max(0, durationMs - clock.fastSpanMs);
  return fast * clock.fastSlowdown + slow * clock.slowSlowdown + clock.holdMs;
}

/** The run time (ms) shown at wall time `wallMs`, looping over a run of `durationMs`. */
export function runTimeAt(wallMs: number, durationMs: number, clock: MicroscopeClock = MICROSCOPE_CLOCK): number {
  if (!(durationMs > 0)) return 0;
  const loop = loopWallMs(durationMs, clock);
  const w = ((wallMs % loop) + loop) % loop;
  const fastWall = Math.min(durationMs, clock.fastSpanMs) * clock.fastSlowdown;
  if (w < fastWall) return w / clock.fastSlowdown;
  const t = clock.fastSpanMs + (w - fastWall) / clock.slowSlowdown;
  return Math.min(durationMs, t);
}

/**
 * Where run time `tMs` sits along the traces' time axis, 0..1. The axis uses the same two speeds as the
 * playback, so the cursor moves at one steady pace and the first 20 ms get half the width.
 */
export function traceAxisPosition(tMs: number, durationMs: number, clock: MicroscopeClock = MICROSCOPE_CLOCK): number {
  const total = loopWallMs(durationMs, clock) - clock.holdMs;
  if (!(total > 0)) return 0;
  const t = Math.min(durationMs, Math.max(0, tMs));
  const fast = Math.min(t, clock.fastSpanMs) * clock.fastSlowdown;
  const slow = Math.max(0, t - clock.fastSpanMs) * clock.slowSlowdown;
  return (fast + slow) / total;
}

/** The microscope channels at one millisecond, undefined where the run lacks a channel. */
export type MicroscopeValues = Record<MicroscopeChannel, number | undefined>;

/** The channels the synapse zoom draws (names as in ketawidget.simulate_synapse). */
export const MICROSCOPE_CHANNELS = [
  "cleft_glutamate_mM",
  "ampa_open",
  "nmda_open",
  "nmda_ketamine_bound",
  "nmda_mg_unblocked",
  "v_mV",
  "i_ampa_pA",
  "i_nmda_pA",
  "ca_influx",
] as const;
export type MicroscopeChannel = (typeof MICROSCOPE_CHANNELS)[number];

export function microscopeValuesAt(microscope: Microscope, run: MicroscopeRun, tMs: number): MicroscopeValues {
  const values = {} as MicroscopeValues;
  for (const name of MICROSCOPE_CHANNELS) {
    const series = run.channels.get(name);
    values[name] = series ? interpolate(microscope.timeMs, series, tMs) : undefined;
  }
  return values;
}

/** Duration of the shipped runs, ms (their last sample time). */
export function runDurationMs(microscope: Microscope): number {
  const n = microscope.timeMs.length;
  return n === 0 ? 0 : microscope.timeMs[n - 1];
}
