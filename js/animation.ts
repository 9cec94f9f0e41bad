/**
 * The widget's one requestAnimationFrame loop: each frame advances the player, reports the playhead to
 * the kernel (the kernel sync throttles it) and draws what moved. A still frame is redrawn only for the
 * molecules' drift, and at a gentler rate than playback. While there is nothing to play (no run yet, a
 * run being replaced, the error state) the loop keeps running but holds the player's clock, so playback
 * resumes where it was instead of jumping ahead.
 *
 * Nobody sees a diagram scrolled out of view (or in a hidden tab): while playing there, the clock keeps
 * ticking and the playhead is still reported (the root's data-time-h and values, the kernel's time_h,
 * the end of the run), but the scene is not redrawn until it is visible again. And a paused diagram
 * that is out of view, or under prefers-reduced-motion (where nothing drifts), has nothing to do at
 * all: the loop then stops requesting frames until `wake` (a play, a seek, new data, a zoom, any
 * redraw, the diagram coming into view).
 */

import { type Player } from "./player";

/**
 * While paused, the molecules' drift is redrawn every 50 ms (20 fps) instead of every frame. It is
 * slow enough to look as smooth, and each redraw repaints the whole diagram: in software-rendered
 * Chromium (a projector laptop, or headless tests) drawing it every frame kept the main thread half
 * busy and delayed the charts' redraw after a slider move (benchmarks/lab_latency.py).
 */
const IDLE_DRIFT_INTERVAL_MS = 50;

export interface LoopParts {
  player: Player;
  /** Whether there is a run to play and draw (a decoded run, no error). */
  ready(): boolean;
  /** Send the playhead to the kernel if it is due. */
  flush(nowMs: number): void;
  /** The run played to its end. */
  end(nowMs: number): void;
  /** Draw the playhead: the scene, the controls and the root's attributes. */
  draw(nowMs: number): void;
  /** Show where the playhead is (controls, root attributes) without drawing the scene. */
  report(nowMs: number): void;
  /** Whether anyone can see the diagram: on screen, in a visible tab (page.ts). */
  visible(): boolean;
  /** Whether anything moves in a still frame (false under prefers-reduced-motion, page.ts). */
  motion(): boolean;
  /** Whether a still frame's drift is worth drawing now (page.ts). */
  drifting(): boolean;
  /** Show the error a frame raised. */
  fail(e: unknown): void;
}

export interface Loop {
  /**
   * Request a frame if the loop stopped for lack of anything to do (idempotent, cheap). `behind`: the
   * playhead moved while the scene was out of view, so draw it when it is back in view.
   */
  wake(options?: { behind?: boolean }): void;
  /** Cancel the pending frame; a frame the browser already scheduled then does not re-arm the loop. */
  stop(): void;
}

export function startAnimation(parts: LoopParts): Loop {
  const { player } = parts;
  let stopped = false;
  let rafId = 0;
  let lastIdleDrawMs = -Infinity;
  /** The playhead moved while the scene was out of view: draw it as soon as it is in view again. */
  let sceneBehind = false;

  /**
   * Nothing for a frame to do: paused, no playhead waiting for its send (a scrubber dragged while
   * paused sends throttled), and no drift anyone could see.
   */
  function idle(): boolean {
    if (player.playing) return false;
    // Nothing to draw (the error state, the decode grace): a run that decodes later wakes the loop.
    if (!parts.ready()) return true;
    if (player.sendPending && parts.ready()) return false;
    return !parts.visible() || !parts.motion();
  }

  function request(): void {
    if (!stopped && rafId === 0) rafId = requestAnimationFrame(frame);
  }

  function frame(now: number): void {
    if (stopped) return;
    rafId = 0;
    if (!parts.ready()) {
      player.rebase(now);
      if (!idle()) request();
      return;
    }
    try {
      const { moved, ended } = player.tick(now);
      if (ended) parts.end(now);
      else parts.flush(now);
      if (!parts.visible()) {
        // Out of view: the playhead is still reported, but the scene waits until it can be seen.
        if (moved || ended) {
          parts.report(now);
          sceneBehind = true;
        }
      } else if (moved || ended || sceneBehind) {
        parts.draw(now);
        sceneBehind = false;
      } else if (parts.drifting() && now - lastIdleDrawMs >= IDLE_DRIFT_INTERVAL_MS) {
        // Drift is the only reason to draw a still frame, at a gentler rate than playback (see
        // IDLE_DRIFT_INTERVAL_MS).
        parts.draw(now);
        lastIdleDrawMs = now;
      }
    } catch (e) {
      parts.fail(e);
    }
    if (!idle()) request();
  }

  request();
  return {
    wake(options) {
      if (options?.behind) sceneBehind = true;
      request();
    },
    stop() {
      stopped = true;
      cancelAnimationFrame(rafId);
      rafId = 0;
    },
  };
}
