/**
 * Linear and log time for the playhead. A week-long run spans ~8 orders of magnitude of biology
 * (drug in minutes, BDNF in hours, spines over days); at one fixed speed either the infusion flashes
 * by or the week drags. In log time the scrubber's position is ln(1 + t/knee) and playback advances
 * that position at a steady pace, so each second of playback covers the same *factor* of time once
 * past the knee: the first hour plays at the chosen speed, a day about 25 times faster, the end of the
 * week about 170 times faster. Pure functions of time; the player and the scrubber share them.
 */

export type TimeMode = "linear" | "log";

/**
 * Below about this time since the start, log time runs at the chosen speed; above, it speeds up. The
 * lab picks a log-time lesson's speed with the same knee (ketawidget/widget/synapse_view.py LOG_KNEE_H
 * and play_seconds; tests/test_widget.py holds the two equal): a run of H hours plays in
 * knee * ln(1 + H / knee) / speed seconds.
 */
export const LOG_KNEE_H = 1;

/** The scrubber position of time `t` (for "linear", the time itself). */
export function toPosition(mode: TimeMode, t: number, start: number): number {
  if (mode === "linear") return t;
  return Math.log1p(Math.max(0, t - start) / LOG_KNEE_H);
}

/** Inverse of toPosition. */
export function fromPosition(mode: TimeMode, position: number, start: number): number {
  if (mode === "linear") return position;
  return start + LOG_KNEE_H * Math.expm1(Math.max(0, position));
}

/**
 * The playhead after `wallSeconds` of playback at `speed` (simulated hours per second at the start of
 * the run). Linear: t + speed * s. Log: the position moves by speed/knee per second, which is the
 * same speed near the start and proportionally faster later. Negative seconds step backwards.
 */
export function advance(mode: TimeMode, t: number, start: number, wallSeconds: number, speed: number): number {
  if (mode === "linear") return t + wallSeconds * speed;
  return fromPosition("log", toPosition("log", t, start) + (wallSeconds * speed) / LOG_KNEE_H, start);
}

/**
 * A run picked a speed for plays from its start to its end within this long, s (the lab's lessons,
 * ketawidget/widget/synapse_view.py LESSON_PLAYBACK_S; tests/test_widget.py holds the two equal).
 */
export const LESSON_PLAYBACK_S = 60;

/** How long playback takes over a run `hours` long at `speed` h/s in `mode`, s (Python's play_seconds). */
export function playSeconds(mode: TimeMode, hours: number, speed: number): number {
  return mode === "log" ? (LOG_KNEE_H * toPosition("log", hours, 0)) / speed : hours / speed;
}

/**
 * The slowest of `speeds` (ascending) that plays a run `hours` long within LESSON_PLAYBACK_S in `mode`,
 * else the fastest: the speed the lab picks (Python's speed_for_run; timescale.test.ts checks the cases
 * of tests/test_widget.py, and that test the constants). Where no lab picks it, the view does
 * (kernel_sync.ts, when the time mode changes).
 */
export function speedForRun(mode: TimeMode, hours: number, speeds: readonly number[]): number {
  return speeds.find((speed) => playSeconds(mode, hours, speed) <= LESSON_PLAYBACK_S) ?? speeds[speeds.length - 1];
}
