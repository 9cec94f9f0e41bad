/**
 * The playback clock: where the playhead is, whether it runs, how fast, and when to tell the kernel.
 * Pure logic with no DOM and no global clock: every method that depends on time takes `nowMs`, so the
 * view passes requestAnimationFrame timestamps and the tests pass made-up ones. The browser owns the
 * clock while playing (the kernel is not a frame clock, see docs/wire-format.md); this module also
 * decides when the playhead is worth sending back: at most every `sendIntervalMs` while it runs, and
 * exactly once after every pause, stop at the end, or seek.
 */

import { type TimeMode, advance } from "./timescale";

export interface PlayerOptions {
  start?: number;
  end?: number;
  timeH?: number;
  /** Simulated hours per wall-clock second. */
  speed?: number;
  /** Minimum wall time between two sends while playing (default 100 ms; the widget passes kernel_sync.ts' PLAYHEAD_SEND_INTERVAL_MS, the wire contract's 4 a second). */
  sendIntervalMs?: number;
  /**
   * Longest wall-time step one tick may take. A background tab gets no animation frames; without a cap
   * the first frame after switching back would jump the lesson straight to its end.
   */
  maxFrameMs?: number;
}

export interface TickResult {
  /** The playhead moved during this tick. */
  moved: boolean;
  /** Playback reached the end of the trajectory during this tick and stopped. */
  ended: boolean;
}

/** How urgently the current playhead should go to the kernel. */
type Pending = "none" | "throttled" | "now";

export class Player {
  timeH: number;
  playing = false;
  speed: number;
  start: number;
  end: number;
  /** Linear or log time (timescale.ts): how tick and step advance the playhead. */
  timeMode: TimeMode = "linear";
  /** The last value handed out by takeSend (or accepted from the kernel): used to spot our own echo. */
  lastSentTimeH: number | undefined = undefined;

  private readonly sendIntervalMs: number;
  private readonly maxFrameMs: number;
  private lastTickMs: number | undefined = undefined;
  private lastSendMs = -Infinity;
  private pending: Pending = "none";

  constructor(options: PlayerOptions = {}) {
    this.start = options.start ?? 0;
    this.end = Math.max(this.start, options.end ?? this.start);
    // A speed the kernel would refuse is not taken; the view shows it as an error (playback_traits.ts).
    this.speed = validSpeed(options.speed) ? options.speed : 1;
    this.sendIntervalMs = options.sendIntervalMs ?? 100;
    this.maxFrameMs = options.maxFrameMs ?? 1000;
    this.timeH = this.clamp(options.timeH ?? this.start);
  }

  clamp(t: number): number {
    if (Number.isNaN(t)) return this.start;
    return Math.min(this.end, Math.max(this.start, t));
  }

  get atEnd(): boolean {
    return this.timeH >= this.end;
  }

  /** Whether a playhead waits to be sent to the kernel (a throttled one, until its interval passes). */
  get sendPending(): boolean {
    return this.pending !== "none";
  }

  /**
   * A new trajectory: keep the playhead time, clamped to the new range. If clamping moved it, the kernel
   * must hear the new value, since it no longer matches what the kernel holds.
   */
  setRange(start: number, end: number): void {
    this.start = start;
    this.end = Math.max(start, end);
    const clamped = this.clamp(this.timeH);
    if (clamped !== this.timeH) {
      this.timeH = clamped;
      this.pending = "now";
    }
  }

  /** Ignores speeds outside SPEED_RANGE_H_PER_S: the clock must never run backwards or stall silently. */
  setSpeed(speed: number): void {
    if (validSpeed(speed)) this.speed = speed;
  }

  /** Start playing. From the end, restart at the beginning (what a "play" press means there). */
  play(nowMs: number): void {
    if (this.playing) return;
    if (this.atEnd) {
      this.timeH = this.start;
      this.pending = "now";
    }
    // An empty or single-sample trajectory has nothing to play.
    if (this.end <= this.start) return;
    this.playing = true;
    this.lastTickMs = nowMs;
  }

  /** Stop playing; the kernel then learns exactly where the playhead stopped. */
  pause(): void {
    if (!this.playing) return;
    this.playing = false;
    this.lastTickMs = undefined;
    this.pending = "now";
  }

  /**
   * Move the playhead. A user seek (button, scrubber release) is sent at once; `throttled` is for a
   * scrubber being dragged, whose stream of positions should reach the kernel no faster than playback's.
   */
  seek(t: number, options: { throttled?: boolean } = {}): void {
    this.timeH = this.clamp(t);
    if (!(options.throttled && this.pending === "now")) {
      this.pending = options.throttled ? "throttled" : "now";
    }
  }

  /**
   * Step by `direction` seconds of playback at the current speed (and time mode): the speed select then
   * doubles as the step size (6 min per step around an infusion, a day per step across a week), with
   * nothing else to tune. A big step is 10.
   */
  step(direction: number): void {
    this.seek(advance(this.timeMode, this.timeH, this.start, direction, this.speed));
  }

  /** Switch linear/log time; the playhead stays where it is. */
  setTimeMode(mode: TimeMode): void {
    this.timeMode = mode;
  }

  /**
   * Accept a playhead the kernel set. Not sent back (the kernel already has it) unless clamping changed
   * it. Keeps playing if playing: the kernel moved the playhead, it did not press pause.
   */
  syncFromKernel(t: number): void {
    const clamped = this.clamp(t);
    this.timeH = clamped;
    this.lastSentTimeH = t;
    if (clamped !== t) this.pending = "now";
  }

  /** True if `t` (a time_h change event) is just the echo of what this player last sent. */
  isEcho(t: number): boolean {
    return this.lastSentTimeH !== undefined && Math.abs(t - this.lastSentTimeH) <= 1e-9;
  }

  /**
   * Re-anchor the wall clock without advancing, for frames skipped while there was nothing to play
   * (a trajectory being replaced): playback resumes where it was instead of jumping ahead.
   */
  rebase(nowMs: number): void {
    if (this.playing) this.lastTickMs = nowMs;
  }

  /** Advance by the wall time elapsed since the previous tick times the speed; stop at the end. */
  tick(nowMs: number): TickResult {
    if (!this.playing) return { moved: false, ended: false };
    const last = this.lastTickMs ?? nowMs;
    const elapsedMs = Math.min(this.maxFrameMs, Math.max(0, nowMs - last));
    this.lastTickMs = nowMs;
    const before = this.timeH;
    const next = advance(this.timeMode, before, this.start, elapsedMs / 1000, this.speed);
    if (next >= this.end) {
      this.timeH = this.end;
      this.playing = false;
      this.lastTickMs = undefined;
      this.pending = "now";
      return { moved: this.timeH !== before, ended: true };
    }
    this.timeH = next;
    if (next !== before && this.pending === "none") this.pending = "throttled";
    return { moved: next !== before, ended: false };
  }

  /**
   * The playhead to send to the kernel now, or undefined if nothing should be sent yet. Calling it
   * counts as sending: the caller must then actually set time_h. A playhead that is not a time (the
   * start of a player still unbounded, before any run) is never sent.
   */
  takeSend(nowMs: number): number | undefined {
    if (this.pending === "none") return undefined;
    if (!Number.isFinite(this.timeH)) {
      this.pending = "none";
      return undefined;
    }
    if (this.pending === "throttled" && nowMs - this.lastSendMs < this.sendIntervalMs) return undefined;
    this.pending = "none";
    this.lastSendMs = nowMs;
    this.lastSentTimeH = this.timeH;
    return this.timeH;
  }
}

/**
 * The playback speeds the kernel accepts, h/s: a minute per second to a month per second
 * (ketawidget/widget/synapse_view.py SPEED_RANGE_H_PER_S; tests/test_widget.py holds them equal).
 */
export const SPEED_RANGE_H_PER_S: readonly [number, number] = [1 / 60, 720];

/** Whether `speed` is a playback speed the kernel accepts (within SPEED_RANGE_H_PER_S). */
export function validSpeed(speed: unknown): speed is number {
  return typeof speed === "number" && Number.isFinite(speed) && speed >= SPEED_RANGE_H_PER_S[0] && speed <= SPEED_RANGE_H_PER_S[1];
}
