/**
 * The story's logic, without DOM: where each step puts the playhead (resolving "the peak of BDNF" on the
 * trajectory; finding a maximum is bookkeeping, not physiology), and the caption with its placeholders
 * filled from the trajectory at that time. A channel the trajectory lacks reads "no data".
 */

import { MISSING, formatChange, formatClock, formatConcentration, formatPercent, formatRate } from "../format";
import { type Trajectory, sampleAt, timeSpan } from "../wire";
import { type StoryStep, type StoryTime } from "./steps";

/** The playhead time of a step on `traj`, clamped to the run. */
export function resolveStepTime(time: StoryTime, traj: Trajectory): number {
  const [start, end] = timeSpan(traj);
  const clampToRun = (t: number) => Math.min(end, Math.max(start, t));
  switch (time.kind) {
    case "start":
      return start;
    case "hours":
      return clampToRun(start + time.hours);
    case "end":
      return end;
    case "peak": {
      const best = peakIndex(traj, time.channel);
      return best === undefined ? clampToRun(start + time.fallbackHours) : traj.timeH[best];
    }
  }
}

/** A channel's value as the captions phrase it, chosen by the channel's naming convention. */
export function formatChannel(channel: string, value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return "no data";
  if (channel.endsWith("_uM")) return formatConcentration(value);
  if (channel.endsWith("_hz")) return formatRate(value);
  if (channel.endsWith("_rel")) return formatChange(value);
  if (channel.startsWith("nmda_block")) return formatPercent(value);
  return String(value);
}

/** Index of the largest value of a channel (its first sample on ties), undefined when absent. */
function peakIndex(traj: Trajectory | null, channel: string): number | undefined {
  const values = traj?.channels.get(channel);
  if (!values || values.length === 0) return undefined;
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

/** Changes smaller than this (relative to the start of the run) count as "unchanged" for word choices. */
export const UNCHANGED_TOLERANCE = 0.005;

/**
 * Which way a channel has moved at `t`, as its value is phrased: a relative channel (`_rel`, 1 = the
 * drug-free baseline, shown as "+54%") from 1, any other from its value at the start of the run.
 * 0 (up), 1 (down) or 2 (unchanged, within UNCHANGED_TOLERANCE); undefined when the channel is absent.
 */
export function directionAt(traj: Trajectory | null, channel: string, t: number): 0 | 1 | 2 | undefined {
  if (!traj) return undefined;
  const now = sampleAt(traj, channel, t);
  const reference = channel.endsWith("_rel") ? 1 : sampleAt(traj, channel, timeSpan(traj)[0]);
  if (now === undefined || reference === undefined || !Number.isFinite(now) || !Number.isFinite(reference)) return undefined;
  const scale = Math.max(Math.abs(reference), 1e-12);
  if (Math.abs(now - reference) / scale < UNCHANGED_TOLERANCE) return 2;
  return now > reference ? 0 : 1;
}

/**
 * Whether a channel's largest value is the run's last sample and above where it started: its "peak" is
 * only where the run was cut off, and it is still rising there.
 */
export function peaksAtEnd(traj: Trajectory | null, channel: string): boolean {
  const values = traj?.channels.get(channel);
  const i = peakIndex(traj, channel);
  return !!values && i !== undefined && values.length > 1 && i === values.length - 1 && values[i] > values[0];
}

/**
 * The shape of a channel over the whole run, for {<channel>@end?...}: 2 when it never rises (even its
 * largest value is within UNCHANGED_TOLERANCE of where the run started: a +0.01% that the caption
 * would write as "±0%" is no growth), else 0 when it is still rising at the end (peaksAtEnd) and 1
 * when it peaks inside the run. Growth counts from the run's start, not from the healthy baseline: a
 * stressed dendrite (spines at 0.8) that regrows to 0.9 has grown, though it is still below 1.
 */
export function shapeOfRun(traj: Trajectory, channel: string): 0 | 1 | 2 {
  const values = traj.channels.get(channel);
  const i = peakIndex(traj, channel);
  if (!values || i === undefined) return 2;
  const start = values[0];
  if (!((values[i] - start) / Math.max(Math.abs(start), 1e-12) >= UNCHANGED_TOLERANCE)) return 2;
  return peaksAtEnd(traj, channel) ? 0 : 1;
}

/**
 * Whether a channel reads zero all through the run, as a caption would write it (no ketamine at all in a
 * drug-free run): a level too small to show is none, one that shows ("< 0.001 nM") is not.
 */
export function readsZero(traj: Trajectory, channel: string): boolean {
  const zero = formatChannel(channel, 0);
  return (traj.channels.get(channel) ?? []).every((v) => formatChannel(channel, v) === zero);
}

/** How far below its peak a channel must be to count as having "almost left": a tenth of it. */
export const FALLEN_FRACTION = 0.1;

/** Whether at `t`, after its peak, a channel has fallen below FALLEN_FRACTION of that (positive) peak. */
export function fallenFromPeak(traj: Trajectory, channel: string, t: number): boolean {
  const i = peakIndex(traj, channel);
  const now = sampleAt(traj, channel, t);
  if (i === undefined || now === undefined) return false;
  const peak = traj.channels.get(channel)![i];
  return t > traj.timeH[i] && peak > 0 && now < FALLEN_FRACTION * peak;
}

/**
 * A word choice: {<channel>?up|down|unchanged} or {<channel>@<rule>?A|B...}. It holds no braces once the
 * values and the choices inside it are filled, which is how choices nest (innermost first).
 */
const CHOICE = /\{([A-Za-z0-9_]+)(?:@(end|none|fallen))?\?([^{}]*)\}/g;
/** A value: {time}, {<channel>}, {start:<channel>}, {peak:<channel>}, {peak_time:<channel>}. */
const VALUE = /\{(?:(start|peak|peak_time):)?([A-Za-z0-9_]+)\}/g;
/** The head of a choice, wherever it stands. */
const CHOICE_HEAD = /\{([A-Za-z0-9_]+)(?:@[a-z]+)?\?/g;

/** The channels a caption names, in its value and choice placeholders (for tests and checks). */
export function captionChannels(text: string): string[] {
  const names = [...text.matchAll(CHOICE_HEAD)].map((m) => m[1]);
  for (const m of text.matchAll(VALUE)) if (m[2] !== "time" || m[1]) names.push(m[2]);
  return names;
}

/**
 * The caption `text` at time `t`, every placeholder filled from the trajectory (steps.ts lists them):
 * the values {time}, {<channel>} (at t), {start:<channel>} (at the start of the run), {peak:<channel>}
 * (its largest value) and {peak_time:<channel>} (when that is, since the start); then the word choices,
 * innermost first, so a choice's alternatives may hold values and other choices, and a caption's words
 * and its numbers always come from the same samples:
 *   {<channel>?up|down|unchanged}  by the channel's change at t (directionAt) (the third
 *                                  alternative is optional: without it "unchanged" reads as "up");
 *   {<channel>@end?A|B|C}          by shapeOfRun: A still rising at the end, B peaks inside the run,
 *                                  C never rises (optional: without it B);
 *   {<channel>@none?A|B}           A when the channel reads zero all through the run (readsZero);
 *   {<channel>@fallen?A|B}         A when at t it has fallen well below its peak (fallenFromPeak).
 * A choice about an absent channel reads "no data", like its value would.
 */
export function fillCaption(text: string, traj: Trajectory | null, t: number): string {
  // Each value keeps its number and unit on one line ("4.7 h", "0.39 µM"): a projected caption that
  // wraps between them is hard to read. Values hold no braces or bars, so they cannot upset a choice.
  let filled = text.replace(VALUE, (...match: string[]) => fillValue(match[1], match[2]).replace(/ /g, "\u00a0"));
  for (let before = ""; before !== filled;) {
    before = filled;
    filled = filled.replace(CHOICE, (_, name: string, rule: string | undefined, alternatives: string) => choose(name, rule, alternatives.split("|")));
  }
  return filled;

  function choose(name: string, rule: string | undefined, options: string[]): string {
    if (!traj?.channels.has(name)) return "no data";
    switch (rule) {
      case "end": {
        const shape = shapeOfRun(traj, name);
        return options[shape] ?? options[1] ?? "";
      }
      case "none": return (readsZero(traj, name) ? options[0] : options[1]) ?? "";
      case "fallen": return (fallenFromPeak(traj, name, t) ? options[0] : options[1]) ?? "";
    }
    const direction = directionAt(traj, name, t);
    if (direction === undefined) return "no data";
    return options[direction] ?? options[0];
  }

  function fillValue(kind: string | undefined, name: string): string {
    if (name === "time" && kind === undefined) return formatClock(t);
    if (kind === "peak" || kind === "peak_time") {
      const i = peakIndex(traj, name);
      if (i === undefined || !traj) return "no data";
      return kind === "peak" ? formatChannel(name, traj.channels.get(name)![i]) : formatClock(traj.timeH[i] - traj.timeH[0]);
    }
    const at = kind === "start" && traj ? timeSpan(traj)[0] : t;
    const value = traj ? sampleAt(traj, name, at) : undefined;
    const formatted = formatChannel(name, value);
    return formatted === MISSING ? "no data" : formatted;
  }
}

/** Everything the view needs to show one step. */
export interface ResolvedStep {
  step: StoryStep;
  index: number;
  timeH: number;
  caption: string;
}

export function resolveStep(steps: StoryStep[], index: number, traj: Trajectory): ResolvedStep {
  const step = steps[index];
  const timeH = resolveStepTime(step.time, traj);
  return { step, index, timeH, caption: fillCaption(step.text, traj, timeH) };
}
