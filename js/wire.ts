/**
 * Decoding of the binary trajectory and microscope runs that Python ships once per simulation, and of
 * what the run is (its description and conditions) (docs/wire-format.md, version 3), and interpolation
 * on their non-uniform time grids. This is the only module that knows the
 * byte layout; everything else sees a typed `Trajectory`. Bad input throws a `WireError` naming the
 * problem so the view can show it: a silently wrong diagram would teach the wrong thing.
 */

import { CONDITIONS, type Condition } from "./conditions";

/** The layout version Python writes now (trait `wire_version`). */
export const WIRE_VERSION = 3;
/**
 * The versions this front end reads: 3, and 2, the same layout without what the run is (a run that
 * says nothing about itself, as one made by hand).
 */
export const READABLE_WIRE_VERSIONS: readonly number[] = [2, WIRE_VERSION];

export interface Trajectory {
  /** Hours since the first dose, strictly increasing (may be empty: no trajectory yet). */
  timeH: Float32Array;
  /** One array per channel, each the same length as `timeH`. */
  channels: Map<string, Float32Array>;
  /** Unit string per channel name. */
  units: Map<string, string>;
}

/** The raw trait values, as anywidget hands them to the view. */
export interface WireTraits {
  wire_version: unknown;
  trajectory_time_h: unknown;
  trajectory_values: unknown;
  trajectory_channels: unknown;
  trajectory_units: unknown;
}

export class WireError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WireError";
  }
}

/**
 * View any binary container as a DataView. In the browser Bytes traits arrive as DataView, but the
 * HTML export and tests may hand over an ArrayBuffer or a typed array; all carry the same bytes.
 */
function asDataView(value: unknown, trait: string): DataView {
  if (value instanceof DataView) return value;
  if (value instanceof ArrayBuffer) return new DataView(value);
  if (ArrayBuffer.isView(value)) return new DataView(value.buffer, value.byteOffset, value.byteLength);
  const kind = value === null ? "null" : typeof value;
  throw new WireError(`${trait}: expected binary data (DataView, ArrayBuffer or typed array), got ${kind}`);
}

/** Read little-endian float32s into a fresh array (a copy, so a reused buffer cannot change it). */
function readFloat32LE(value: unknown, trait: string): Float32Array {
  const view = asDataView(value, trait);
  if (view.byteLength % 4 !== 0) {
    throw new WireError(
      `${trait}: byte length ${view.byteLength} is not a multiple of 4 (float32 expected)`,
    );
  }
  const out = new Float32Array(view.byteLength / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

function readStringList(value: unknown, trait: string): string[] {
  if (!Array.isArray(value)) throw new WireError(`${trait}: expected a list of strings`);
  value.forEach((item, i) => {
    if (typeof item !== "string") {
      throw new WireError(`${trait}[${i}]: expected a string, got ${typeof item}`);
    }
  });
  return value as string[];
}

/**
 * Throw a WireError at the first value that is not a finite number. `rows` of `rowLength` samples
 * each are named by `rowName(row)`, so the message says which channel (and run) holds it.
 */
function requireFinite(values: Float32Array, trait: string, rowLength = 0, rowName: (row: number) => string = () => ""): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      const where = rowLength > 0 ? `${rowName(Math.floor(i / rowLength))}[${i % rowLength}]` : `[${i}]`;
      throw new WireError(`${trait}: ${where} is ${values[i]}, not a finite number`);
    }
  }
}

/** Decode and validate the five trajectory traits. Throws WireError on anything off-contract. */
export function decodeTrajectory(traits: WireTraits): Trajectory {
  if (typeof traits.wire_version !== "number" || !READABLE_WIRE_VERSIONS.includes(traits.wire_version)) {
    throw new WireError(
      `unsupported wire_version ${JSON.stringify(traits.wire_version)} (this front end reads ${READABLE_WIRE_VERSIONS.join(" or ")})`,
    );
  }
  const timeH = readFloat32LE(traits.trajectory_time_h, "trajectory_time_h");
  const values = readFloat32LE(traits.trajectory_values, "trajectory_values");
  const names = readStringList(traits.trajectory_channels, "trajectory_channels");
  const unitList = readStringList(traits.trajectory_units, "trajectory_units");

  if (unitList.length !== names.length) {
    throw new WireError(
      `trajectory_units has ${unitList.length} entries but trajectory_channels has ${names.length}`,
    );
  }
  const n = timeH.length;
  if (values.length !== names.length * n) {
    throw new WireError(
      `trajectory_values has ${values.length} values, expected ${names.length} channels x ${n} samples = ${names.length * n}`,
    );
  }
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(timeH[i])) {
      throw new WireError(`trajectory_time_h[${i}] is not a finite number (${timeH[i]})`);
    }
    if (i > 0 && !(timeH[i] > timeH[i - 1])) {
      throw new WireError(
        `trajectory_time_h is not strictly increasing at index ${i} (${timeH[i - 1]} then ${timeH[i]})`,
      );
    }
  }

  // A NaN would otherwise be drawn as "no data" (a missing channel), which it is not.
  requireFinite(values, "trajectory_values", n, (k) => names[k]);

  const channels = new Map<string, Float32Array>();
  const units = new Map<string, string>();
  names.forEach((name, k) => {
    if (channels.has(name)) throw new WireError(`trajectory_channels: duplicate channel "${name}"`);
    // subarray shares the decoded copy: one allocation for all channels, rows stay contiguous.
    channels.set(name, values.subarray(k * n, (k + 1) * n));
    units.set(name, unitList[k]);
  });
  return { timeH, channels, units };
}

/** First and last time of the trajectory; [0, 0] when it is empty. */
export function timeSpan(traj: Trajectory): [number, number] {
  const n = traj.timeH.length;
  return n === 0 ? [0, 0] : [traj.timeH[0], traj.timeH[n - 1]];
}

/**
 * Linear interpolation of `values` at time `t` on the (non-uniform, increasing) grid `time`, clamped
 * to the first/last sample outside the grid. Binary search, so a long week-long trajectory with a fine
 * grid around each dose costs only ~log2(n) steps per frame. Returns NaN for an empty grid.
 */
export function interpolate(time: ArrayLike<number>, values: ArrayLike<number>, t: number): number {
  const n = time.length;
  if (n === 0) return NaN;
  if (!(t > time[0])) return values[0]; // also catches NaN t: show the start rather than garbage
  if (t >= time[n - 1]) return values[n - 1];
  // Invariant: time[lo] <= t < time[hi].
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (time[mid] <= t) lo = mid;
    else hi = mid;
  }
  const w = (t - time[lo]) / (time[hi] - time[lo]);
  return values[lo] + w * (values[hi] - values[lo]);
}

/** A channel's value at time `t`, or undefined if the trajectory has no such channel (or no samples). */
export function sampleAt(traj: Trajectory, channel: string, t: number): number | undefined {
  const values = traj.channels.get(channel);
  if (values === undefined || traj.timeH.length === 0) return undefined;
  return interpolate(traj.timeH, values, t);
}

/** Synapse-microscope runs: one millisecond-scale run per moment of the slow trajectory. */
export interface Microscope {
  /** The shared sample times of every run, ms since the start of the run, increasing. */
  timeMs: Float32Array;
  /** One run per moment, ordered by moment. */
  runs: MicroscopeRun[];
  units: Map<string, string>;
}

export interface MicroscopeRun {
  /** The moment of the slow trajectory whose conditions this run uses, hours. */
  momentH: number;
  /** The free brain ketamine the run was computed with, µM. */
  ketamineUM: number;
  channels: Map<string, Float32Array>;
}

export interface MicroscopeTraits {
  microscope_time_ms: unknown;
  microscope_moments_h: unknown;
  microscope_ketamine_uM: unknown;
  microscope_values: unknown;
  microscope_channels: unknown;
  microscope_units: unknown;
}

/**
 * Decode and validate the microscope traits. Runs come run-major, then channel-major (channel k of
 * run r is samples (r*C + k)*m .. +m). No runs at all (an older kernel, an empty view) is valid: the
 * synapse zoom then shows that it has no data.
 */
export function decodeMicroscope(traits: MicroscopeTraits): Microscope {
  const timeMs = readFloat32LE(traits.microscope_time_ms ?? new ArrayBuffer(0), "microscope_time_ms");
  const moments = readFloat32LE(traits.microscope_moments_h ?? new ArrayBuffer(0), "microscope_moments_h");
  const ketamine = readFloat32LE(traits.microscope_ketamine_uM ?? new ArrayBuffer(0), "microscope_ketamine_uM");
  const values = readFloat32LE(traits.microscope_values ?? new ArrayBuffer(0), "microscope_values");
  const names = readStringList(traits.microscope_channels ?? [], "microscope_channels");
  const unitList = readStringList(traits.microscope_units ?? [], "microscope_units");
  if (unitList.length !== names.length) {
    throw new WireError(`microscope_units has ${unitList.length} entries but microscope_channels has ${names.length}`);
  }
  if (ketamine.length !== moments.length) {
    throw new WireError(`microscope_ketamine_uM has ${ketamine.length} values but microscope_moments_h has ${moments.length}`);
  }
  const m = timeMs.length;
  const c = names.length;
  if (values.length !== moments.length * c * m) {
    throw new WireError(
      `microscope_values has ${values.length} values, expected ${moments.length} runs x ${c} channels x ${m} samples = ${moments.length * c * m}`,
    );
  }
  requireFinite(timeMs, "microscope_time_ms");
  requireFinite(moments, "microscope_moments_h");
  requireFinite(ketamine, "microscope_ketamine_uM");
  requireFinite(values, "microscope_values", m, (row) => `run ${Math.floor(row / c)} ${names[row % c]}`);
  names.forEach((name, k) => {
    if (names.indexOf(name) !== k) throw new WireError(`microscope_channels: duplicate channel "${name}"`);
  });
  for (let i = 1; i < m; i++) {
    if (!(timeMs[i] > timeMs[i - 1])) throw new WireError(`microscope_time_ms is not strictly increasing at index ${i}`);
  }
  for (let r = 1; r < moments.length; r++) {
    if (!(moments[r] > moments[r - 1])) throw new WireError(`microscope_moments_h is not strictly increasing at index ${r}`);
  }
  const units = new Map<string, string>();
  names.forEach((name, k) => units.set(name, unitList[k]));
  const runs: MicroscopeRun[] = Array.from(moments, (momentH, r) => {
    const channels = new Map<string, Float32Array>();
    names.forEach((name, k) => channels.set(name, values.subarray((r * c + k) * m, (r * c + k + 1) * m)));
    return { momentH, ketamineUM: ketamine[r], channels };
  });
  return { timeMs, runs, units };
}

/** What the run is: its description in words and the conditions it was given besides its dose. */
export interface RunLabel {
  /** The run in words ("0.5 mg/kg IV over 40 min with NBQX"); "" when the run says nothing of itself. */
  description: string;
  /** The conditions it was given (ids of js/conditions.ts, the yes/no Params names); empty for none. */
  conditions: ReadonlySet<Condition>;
}

/**
 * The species a run's description names: the lab's words for a rodent run end with it in brackets
 * ("10 mg/kg i.p. injection (mouse)", `describe_run` in ketawidget/widget/_run.py; docs/wire-format.md),
 * while a human run's, and a description written by hand, name none (undefined).
 */
export function speciesNamed(description: string): "mouse" | "rat" | undefined {
  const named = /\((mouse|rat)\)\s*$/.exec(description);
  return named ? (named[1] as "mouse" | "rat") : undefined;
}

/** A run that says nothing about itself: a hand-made one, or a version-2 kernel's. */
export const UNLABELLED_RUN: RunLabel = { description: "", conditions: new Set() };

export interface RunLabelTraits {
  run_description: unknown;
  run_conditions: unknown;
}

/**
 * Decode and validate what the run is. Absent traits (a version-2 kernel) are a run that says nothing
 * about itself; anything else that is not a string, or a list of known condition ids each at most once,
 * throws a WireError: a caption that named the wrong blocker, or none, would teach the wrong thing.
 */
export function decodeRunLabel(traits: RunLabelTraits): RunLabel {
  // Only an absent trait is "nothing said"; a null is no string, and no list.
  const description = traits.run_description === undefined ? "" : traits.run_description;
  if (typeof description !== "string") {
    throw new WireError(`run_description: expected a string, got ${description === null ? "null" : typeof description}`);
  }
  const ids = readStringList(traits.run_conditions === undefined ? [] : traits.run_conditions, "run_conditions");
  const known: readonly string[] = CONDITIONS;
  const conditions = new Set<Condition>();
  ids.forEach((id, i) => {
    if (!known.includes(id)) {
      throw new WireError(`run_conditions[${i}]: unknown condition ${JSON.stringify(id)} (known: ${CONDITIONS.join(", ")})`);
    }
    if (conditions.has(id as Condition)) throw new WireError(`run_conditions: duplicate condition ${JSON.stringify(id)}`);
    conditions.add(id as Condition);
  });
  return { description, conditions };
}
