/**
 * The story's logic, without DOM: where each step puts the playhead (resolving "the peak of BDNF" on the
 * trajectory; finding a maximum is bookkeeping, not physiology), and the caption with its placeholders
 * filled from the trajectory at that time and from what the run was given (NBQX...) and its species. A
 * channel the trajectory lacks reads "no data"; a run that names no conditions reads as given none, and
 * one that names no species as no rodent.
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
    case "hours": {
      // A course of doses: a fixed time in the middle of it would speak of the drug as gone with doses
      // still to come, so the step waits until `hours` after the last rise of the channel (the last dose).
      const last = time.afterLastRise;
      const rise = last ? lastRiseStart(traj, last.channel) : undefined;
      const after = last && rise !== undefined ? rise + last.hours : -Infinity;
      return clampToRun(Math.max(start + time.hours, after));
    }
    case "end":
      return end;
    case "peak": {
      const peak = peakStepTime(time, traj);
      return peak === "flat" ? clampToRun(start + time.flatHours!) : peak ?? clampToRun(start + time.fallbackHours);
    }
  }
}

/**
 * Where a "peak" step goes: the channel's peak; or its trough, when the channel first dips below
 * `dipBelow` (or only falls): an anaesthetic dose's fall, not the rebound after it; or, when the
 * channel never rises (a knockout's BDNF, all zero), the peak of `ifFlat`, else "flat" when the step
 * has `flatHours` (resolveStepTime puts it there). Undefined when absent.
 */
function peakStepTime(time: Extract<StoryTime, { kind: "peak" }>, traj: Trajectory): number | "flat" | undefined {
  const values = traj.channels.get(time.channel);
  const peak = peakIndex(traj, time.channel);
  if (!values || peak === undefined) return undefined;
  const neverRises = shapeOfRun(traj, time.channel) === 2;
  const trough = extremeIndex(values, -1);
  if (time.dipBelow !== undefined && values[trough] < time.dipBelow && (trough < peak || neverRises)) return traj.timeH[trough];
  const other = time.ifFlat === undefined ? undefined : peakIndex(traj, time.ifFlat);
  if (neverRises && other !== undefined && shapeOfRun(traj, time.ifFlat!) !== 2) return traj.timeH[other];
  if (neverRises && time.flatHours !== undefined) return "flat";
  return traj.timeH[peak];
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

/**
 * Two peaks this close (relative to the larger) are one level to the peak and trough finders: a course
 * of identical doses gives peaks that differ in the last float32 digits (a few parts per million), far
 * below the three digits a caption shows, and the first of them is the peak.
 */
export const TIE_TOLERANCE = 1e-4;

/**
 * Index of the largest (sign 1) or smallest (sign -1) value: the top of the first peak (or bottom of
 * the first trough) that comes within TIE_TOLERANCE of it, its first sample if the top is flat.
 */
function extremeIndex(values: ArrayLike<number>, sign: 1 | -1): number {
  let best = sign * values[0];
  for (let i = 1; i < values.length; i++) best = Math.max(best, sign * values[i]);
  const tie = TIE_TOLERANCE * Math.max(Math.abs(best), 1e-12);
  let i = 0;
  while (sign * values[i] < best - tie) i++;
  while (i + 1 < values.length && sign * values[i + 1] > sign * values[i]) i++;
  return i;
}

/** Index of the largest value of a channel (the first of equal peaks), undefined when absent. */
function peakIndex(traj: Trajectory | null, channel: string): number | undefined {
  const values = traj?.channels.get(channel);
  if (!values || values.length === 0) return undefined;
  return extremeIndex(values, 1);
}

/** A rise of a channel smaller than this share of its peak is not a dose (for lastRiseStart). */
export const RISE_FRACTION = 0.1;

/**
 * When the channel's last rise begins (of at least RISE_FRACTION of its peak): for brain ketamine, the
 * last dose (the wire carries no dose times). Undefined when it never rises.
 */
export function lastRiseStart(traj: Trajectory, channel: string): number | undefined {
  const values = traj.channels.get(channel);
  const peak = peakIndex(traj, channel);
  if (!values || peak === undefined) return undefined;
  for (let top = values.length - 1; top > 0;) {
    let foot = top;
    while (foot > 0 && values[foot] > values[foot - 1]) foot--;
    if (foot < top && values[top] - values[foot] >= RISE_FRACTION * Math.abs(values[peak])) return traj.timeH[foot];
    top = foot < top ? foot : top - 1;
  }
  return undefined;
}

/**
 * Whether two values of a channel read the same as a caption writes them: a change the caption cannot
 * show ("\u00b10%", "15 Hz" to "15 Hz") is none to its words, and one it shows ("+0.4%") is one, so the
 * words never contradict the number beside them ("does not rise, +0.4%").
 */
function readsSame(channel: string, a: number, b: number): boolean {
  return formatChannel(channel, a) === formatChannel(channel, b);
}

/**
 * A channel's value at `t` and the value it is measured from: for `"baseline"`, a relative channel
 * (`_rel`, 1 = the drug-free baseline, shown as "+54%") from 1 and any other from its value at the start
 * of the run; for `"start"`, every channel from the start of the run (a stressed dendrite that starts at
 * 0.8 and regrows). Undefined when the channel is absent.
 */
function changeAt(traj: Trajectory | null, channel: string, t: number, from: "baseline" | "start"): { now: number; reference: number } | undefined {
  if (!traj) return undefined;
  const now = sampleAt(traj, channel, t);
  const reference = from === "baseline" && channel.endsWith("_rel") ? 1 : sampleAt(traj, channel, timeSpan(traj)[0]);
  if (now === undefined || reference === undefined || !Number.isFinite(now) || !Number.isFinite(reference)) return undefined;
  return { now, reference };
}

/** Which way `now` lies from `reference`: 0 (up), 1 (down) or 2 (unchanged: they read the same, readsSame). */
function direction(channel: string, now: number, reference: number): 0 | 1 | 2 {
  if (readsSame(channel, now, reference)) return 2;
  return now > reference ? 0 : 1;
}

/**
 * Which way a channel has moved at `t` (from its baseline, or from the start of the run, as changeAt):
 * 0 (up), 1 (down) or 2 (unchanged: it reads as it did, readsSame); undefined when the channel is absent.
 */
export function directionAt(traj: Trajectory | null, channel: string, t: number, from: "baseline" | "start" = "baseline"): 0 | 1 | 2 | undefined {
  const change = changeAt(traj, channel, t, from);
  return change && direction(channel, change.now, change.reference);
}

/** A change from baseline smaller than this (but one the caption shows) is "barely" one: AMPA +2.7 % under NBQX. */
export const SLIGHT_CHANGE = 0.05;

/** Whether at `t` a channel has moved from its baseline by a change the caption shows, but by less than SLIGHT_CHANGE. */
export function slightAt(traj: Trajectory | null, channel: string, t: number): boolean {
  const change = changeAt(traj, channel, t, "baseline");
  if (!change || direction(channel, change.now, change.reference) === 2) return false;
  return Math.abs(change.now - change.reference) < SLIGHT_CHANGE * Math.max(Math.abs(change.reference), 1e-12);
}

/** Which way a channel's largest value in the run lies from its baseline (as directionAt): an overshoot. */
export function peakDirection(traj: Trajectory, channel: string): 0 | 1 | 2 | undefined {
  const i = peakIndex(traj, channel);
  if (i === undefined) return undefined;
  const reference = channel.endsWith("_rel") ? 1 : traj.channels.get(channel)![0];
  return direction(channel, traj.channels.get(channel)![i], reference);
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
 * largest value reads as where the run started: a +0.01% that the caption would write as "±0%" is no
 * growth, a +0.4% it writes is some), else 0 when it is still rising at the end (peaksAtEnd) and 1
 * when it peaks inside the run. Growth counts from the run's start, not from the healthy baseline: a
 * stressed dendrite (spines at 0.8) that regrows to 0.9 has grown, though it is still below 1.
 */
export function shapeOfRun(traj: Trajectory, channel: string): 0 | 1 | 2 {
  const values = traj.channels.get(channel);
  const i = peakIndex(traj, channel);
  if (!values || i === undefined) return 2;
  if (!(values[i] > values[0]) || readsSame(channel, values[i], values[0])) return 2;
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

/** Whether at `t` a channel reads zero, as a caption would write it (brain ketamine "0 µM" a week after a mouse's dose). */
export function readsZeroAt(traj: Trajectory, channel: string, t: number): boolean {
  const now = sampleAt(traj, channel, t);
  return now !== undefined && formatChannel(channel, now) === formatChannel(channel, 0);
}

/**
 * Whether at `t` a channel has come down from its peak: `t` is after the peak, and the channel reads
 * lower than it there, as a caption writes them (a stressed dendrite's spines, +16 % after 2 d 8 h and
 * −2 % at 7 d, are past their peak; +16.0 % against +16.04 % is still the peak).
 */
export function pastPeak(traj: Trajectory, channel: string, t: number): boolean {
  const i = peakIndex(traj, channel);
  const now = sampleAt(traj, channel, t);
  if (i === undefined || now === undefined || !(t > traj.timeH[i])) return false;
  const peak = traj.channels.get(channel)![i];
  return now < peak && !readsSame(channel, now, peak);
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
const CHOICE = /\{([A-Za-z0-9_]+)(?:@(end|none|fallen|slight|since|start|peak|zero|past))?\?([^{}]*)\}/g;
/**
 * A condition's choice, {if:<condition>[,<condition>...]?A|B}: it holds no braces once the values and
 * choices inside it are filled, as CHOICE, and is made in the same rounds, so the two nest either way.
 */
const CONDITION_CHOICE = /\{if:([A-Za-z0-9_,]+)\?([^{}]*)\}/g;
/** The head of a condition's choice, wherever it stands. */
const CONDITION_HEAD = /\{if:([A-Za-z0-9_,]+)\?/g;
/** A species' choice, {species:<species>?A|B}, made in the same rounds as the others. */
const SPECIES_CHOICE = /\{species:([a-z]+)\?([^{}]*)\}/g;
/** The head of a species' choice, wherever it stands. */
const SPECIES_HEAD = /\{species:([a-z]+)\?/g;
/** The species a {species:...} choice may name: a run's own ("mouse", "rat"), or "rodent" for either. */
export const STORY_SPECIES = ["mouse", "rat", "rodent"] as const;
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

/** The conditions a caption's {if:<condition>,...?...} choices name (for tests and checks). */
export function captionConditions(text: string): string[] {
  return [...text.matchAll(CONDITION_HEAD)].flatMap((m) => m[1].split(","));
}

/** The species a caption's {species:<species>?...} choices name (for tests and checks). */
export function captionSpecies(text: string): string[] {
  return [...text.matchAll(SPECIES_HEAD)].map((m) => m[1]);
}

/** Whether a run of `species` (undefined: it names none) is the `wanted` one of a {species:...} choice. */
function isSpecies(species: string | undefined, wanted: string): boolean {
  return species !== undefined && (species === wanted || (wanted === "rodent" && (species === "mouse" || species === "rat")));
}

/** The conditions of a run that names none. */
const NO_CONDITIONS: ReadonlySet<string> = new Set();

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
 *   {<channel>@fallen?A|B}         A when at t it has fallen well below its peak (fallenFromPeak);
 *   {<channel>@slight?A|B}         A when at t it has moved from its baseline, but barely (slightAt);
 *   {<channel>@since?up|down|unchanged}  like {<channel>?...}, but its change since the start of the
 *                                  run, also for a _rel channel (a stressed run starts below 1);
 *   {<channel>@start?up|down|unchanged}  like {<channel>?...}, but where the run starts: a _rel
 *                                  channel above, below or at its drug-free baseline;
 *   {<channel>@peak?up|down|unchanged}   like {<channel>?...}, but of the channel's largest value in
 *                                  the run (a stressed dendrite's regrowth past the healthy level);
 *   {<channel>@zero?A|B}           A when at t the channel reads zero (readsZeroAt);
 *   {<channel>@past?A|B}           A when at t the channel has come down from its peak (pastPeak);
 *   {if:<condition>?A|B}           A when `conditions` (the run's, from the wire) holds the condition,
 *                                  B otherwise (optional: without it, nothing); {if:a,b?A|B}: A when
 *                                  it holds any of them;
 *   {species:<species>?A|B}        A when the run is of `species` ("rodent": a mouse or a rat), B
 *                                  otherwise, also when the run names no species (`species` undefined).
 * A choice about an absent channel reads "no data", like its value would.
 */
export function fillCaption(text: string, traj: Trajectory | null, t: number, conditions: ReadonlySet<string> = NO_CONDITIONS, species?: string): string {
  // Each value keeps its number and unit on one line ("4.7 h", "0.39 µM"): a projected caption that
  // wraps between them is hard to read. Values hold no braces or bars, so they cannot upset a choice.
  let filled = text.replace(VALUE, (...match: string[]) => fillValue(match[1], match[2]).replace(/ /g, "\u00a0"));
  for (let before = ""; before !== filled;) {
    before = filled;
    filled = filled.replace(CHOICE, (_, name: string, rule: string | undefined, alternatives: string) => choose(name, rule, alternatives.split("|")));
    filled = filled.replace(CONDITION_CHOICE, (_, names: string, alternatives: string) =>
      (names.split(",").some((name) => conditions.has(name)) ? alternatives.split("|")[0] : alternatives.split("|")[1]) ?? "");
    filled = filled.replace(SPECIES_CHOICE, (_, wanted: string, alternatives: string) =>
      (isSpecies(species, wanted) ? alternatives.split("|")[0] : alternatives.split("|")[1]) ?? "");
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
      case "slight": return (slightAt(traj, name, t) ? options[0] : options[1]) ?? "";
      case "zero": return (readsZeroAt(traj, name, t) ? options[0] : options[1]) ?? "";
      case "past": return (pastPeak(traj, name, t) ? options[0] : options[1]) ?? "";
    }
    const direction = rule === "start" ? directionAt(traj, name, timeSpan(traj)[0])
      : rule === "peak" ? peakDirection(traj, name)
      : directionAt(traj, name, t, rule === "since" ? "start" : "baseline");
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
  /** The step's title, its choices made like the caption's (a step that shows a fall is not titled "surge"). */
  title: string;
  caption: string;
}

/**
 * Step `index` of `steps` on the run `traj`, which was given `conditions` (the wire's run_conditions)
 * and is of `species` (named by the wire's run_description, `speciesNamed`; undefined when it names none).
 */
export function resolveStep(steps: StoryStep[], index: number, traj: Trajectory, conditions: ReadonlySet<string> = NO_CONDITIONS, species?: string): ResolvedStep {
  const step = steps[index];
  const timeH = resolveStepTime(step.time, traj);
  return {
    step, index, timeH,
    title: fillCaption(step.title, traj, timeH, conditions, species),
    caption: fillCaption(step.text, traj, timeH, conditions, species),
  };
}
