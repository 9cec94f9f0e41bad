/**
 * The keys of a saved page's focused chart, as one pure function from a key to the time it moves the
 * diagram to: ← and → one sample of the run back or forward, Shift with them a twentieth of the plot's
 * width, snapped to a sample, Home and End the run's start and end. PageUp and PageDown are not the
 * chart's (the ARIA slider pattern makes them optional): a presenter's clicker sends PageDown for "next"
 * and PageUp for "previous", and as a slider's larger step (PageDown decreases) a teacher's "next" on a
 * focused chart ran the time backwards. They are the lesson's instead (page_charts.ts hands them to the
 * diagram's story). From sample to sample, because those are the run's own numbers: the readout then shows
 * the values the model computed, not ones read between them. The larger step is a share of the
 * plot's width rather than of hours so that it looks the same on a linear and on a log axis, where an
 * hour is wide at the start and thin at the end. time_charts.ts calls it; nothing here touches the DOM.
 */

import type { KeyInput } from "../keyboard";

/**
 * Two times this close are the same sample, hours: the diagram's `data-time-h` keeps six decimals of
 * the time a key picked, and a float32 time of a week-long run is good to some 1e-5 h; the run's
 * samples are 30 s (0.0083 h) apart at the closest.
 */
export const SAME_TIME_H = 2e-5;
/** The larger step, as a share of the plot's width. */
export const BIG_STEP_SHARE = 1 / 20;

/**
 * Where a key on a chart moves the time from `t` hours, on a run sampled at `timeH` (increasing); null
 * for a key that is not the chart's (then the page keeps it: Tab, PageDown, a shortcut with Ctrl, ...).
 * `bigStepTarget(t, direction)` is the time a larger step aims at (a twentieth of the plot away).
 * At either end, a step stays there.
 */
export function keyedTime(
  key: KeyInput,
  timeH: ArrayLike<number>,
  t: number,
  bigStepTarget: (t: number, direction: 1 | -1) => number,
): number | null {
  const n = timeH.length;
  if (n === 0 || key.ctrlKey || key.metaKey || key.altKey) return null;
  const forward = key.key === "ArrowRight";
  const back = key.key === "ArrowLeft";
  if (key.key === "Home") return timeH[0];
  if (key.key === "End") return timeH[n - 1];
  if (!forward && !back) return null;
  const big = key.shiftKey === true;
  // The next sample past t, or the last one before it (t itself, within SAME_TIME_H, is neither).
  let next = 0;
  while (next < n && timeH[next] <= t + SAME_TIME_H) next++;
  let previous = n - 1;
  while (previous >= 0 && timeH[previous] >= t - SAME_TIME_H) previous--;
  if (forward) {
    let i = Math.min(next, n - 1);
    if (big) {
      const target = bigStepTarget(t, 1);
      while (i < n - 1 && timeH[i] < target - SAME_TIME_H) i++;
    }
    return timeH[i];
  }
  let i = Math.max(previous, 0);
  if (big) {
    const target = bigStepTarget(t, -1);
    while (i > 0 && timeH[i] > target + SAME_TIME_H) i--;
  }
  return timeH[i];
}
