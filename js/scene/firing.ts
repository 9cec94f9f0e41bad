/**
 * Firing made visible: turns a model firing rate (Hz) into flashes on screen, for the two neurons of the
 * scene (the pyramidal cell's presynaptic terminal and the GABAergic interneuron). Real firing is far too
 * fast to follow (15 Hz) and the trajectory plays hours per second, so the flashes run on the wall
 * clock at a stated visual time scale: one flash per action potential, slowed VISUAL_SLOWDOWN times, and
 * never more than MAX_FLASHES_PER_S (the WCAG 2.3.1 three-flashes limit). Both cells share the scale, so
 * "the interneuron fires five times as often" stays true on screen. Under prefers-reduced-motion there
 * are no flashes: a steady glow whose brightness uses the same scale shows the rate instead.
 */

import { clamp, present } from "./svg";

/** Firing is shown this many times slower than real time: 3 Hz -> one flash every 2 s. */
export const VISUAL_SLOWDOWN = 6;
/** Photosensitivity cap: at most three flashes per second (reached at 18 Hz). */
export const MAX_FLASHES_PER_S = 3;
/** A flash fades with this time constant (ms): short enough that 3 per second stay distinct. */
export const FLASH_DECAY_MS = 180;
/**
 * Longest wall-time step the clock accepts: a background tab gets no frames, and catching up on the
 * return would fire a burst of flashes that the model never asked for.
 */
export const MAX_STEP_MS = 250;

/** Flashes per wall-clock second for a firing rate in Hz; undefined when the rate is absent. */
export function flashesPerSecond(rateHz: number | undefined): number | undefined {
  if (!present(rateHz)) return undefined;
  return clamp(rateHz / VISUAL_SLOWDOWN, 0, MAX_FLASHES_PER_S);
}

/**
 * The steady glow (0..1) shown instead of flashes under reduced motion: the flash rate as a share of
 * the cap, so a cell firing twice as fast glows twice as bright. 0 when the rate is absent.
 */
export function steadyGlow(rateHz: number | undefined): number {
  const perSecond = flashesPerSecond(rateHz);
  return perSecond === undefined ? 0 : perSecond / MAX_FLASHES_PER_S;
}

/**
 * A phase accumulator on the wall clock: each call advances the phase by elapsed time x flash rate and
 * fires when it wraps. Accumulating (rather than computing phase = time x rate) keeps the rhythm smooth
 * when the rate changes under it during playback. Pure: the caller passes the timestamps.
 */
export class SpikeClock {
  /** Wall time (ms) of the latest flash. */
  lastSpikeMs = -Infinity;
  /** Flashes fired so far (the presynaptic terminal uses it to rotate release sites). */
  count = 0;
  private phase: number;
  private lastMs: number | undefined = undefined;

  /** `phase` in [0, 1): where in its cycle the clock starts, so two cells do not flash in lockstep. */
  constructor(phase = 0) {
    this.phase = phase;
  }

  /** Advance to `wallMs` at `perSecond` flashes per second; true if a flash fired in this step. */
  advance(wallMs: number, perSecond: number): boolean {
    const dt = this.lastMs === undefined ? 0 : clamp(wallMs - this.lastMs, 0, MAX_STEP_MS);
    this.lastMs = wallMs;
    this.phase += (dt / 1000) * Math.max(0, perSecond);
    if (this.phase < 1) return false;
    // At most one flash per frame: at 3 per second and 60 frames per second no flash is ever lost.
    this.phase -= Math.floor(this.phase);
    this.lastSpikeMs = wallMs;
    this.count += 1;
    return true;
  }

  /** Forget the wall clock (motion turned off, actor hidden): the next advance starts afresh. */
  pause(): void {
    this.lastMs = undefined;
  }

  /** Brightness of the flash at `wallMs`: 1 at the flash, decaying; 0 once it has faded (< 2 %). */
  glow(wallMs: number): number {
    return flashGlow(wallMs - this.lastSpikeMs);
  }
}

/** Brightness `ageMs` after a flash: exp(-age / FLASH_DECAY_MS), cut to 0 below 0.02 and before it. */
export function flashGlow(ageMs: number): number {
  if (!(ageMs >= 0)) return 0;
  const g = Math.exp(-ageMs / FLASH_DECAY_MS);
  return g < 0.02 ? 0 : g;
}
