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

/**
 * The caption `text` at time `t`, every placeholder filled from the trajectory (steps.ts lists them):
 * {time}, {<channel>} (at t), {start:<channel>} (at the start of the run), {peak:<channel>} (its
 * largest value) and {peak_time:<channel>} (when that is, since the start).
 */
export function fillCaption(text: string, traj: Trajectory | null, t: number): string {
  return text.replace(/\{(?:(start|peak|peak_time):)?([A-Za-z0-9_]+)\}/g, (_, kind: string | undefined, name: string) => {
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
  });
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
