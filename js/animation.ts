/**
 * The widget's one requestAnimationFrame loop: each frame advances the player, reports the playhead to
 * the kernel (the kernel sync throttles it) and draws what moved. A still frame is redrawn only for the
 * molecules' drift, and at a gentler rate than playback. While there is nothing to play (no run yet, a
 * run being replaced, the error state) the loop keeps running but holds the player's clock, so playback
 * resumes where it was instead of jumping ahead.
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
  draw(nowMs: number): void;
  /** Whether a still frame's drift is worth drawing now (page.ts). */
  drifting(): boolean;
  /** Show the error a frame raised. */
  fail(e: unknown): void;
}

export interface Loop {
  /** Cancel the pending frame; a frame the browser already scheduled then does not re-arm the loop. */
  stop(): void;
}

export function startAnimation(parts: LoopParts): Loop {
  const { player } = parts;
  let stopped = false;
  let rafId = 0;
  let lastIdleDrawMs = -Infinity;

  function frame(now: number): void {
    if (stopped) return;
    rafId = requestAnimationFrame(frame);
    if (!parts.ready()) {
      player.rebase(now);
      return;
    }
    try {
      const { moved, ended } = player.tick(now);
      if (ended) parts.end(now);
      else parts.flush(now);
      // Drift is the only reason to draw a still frame: skip it when nobody can see it, and draw it
      // at a gentler rate than playback (see IDLE_DRIFT_INTERVAL_MS).
      if (moved || ended) {
        parts.draw(now);
      } else if (parts.drifting() && now - lastIdleDrawMs >= IDLE_DRIFT_INTERVAL_MS) {
        parts.draw(now);
        lastIdleDrawMs = now;
      }
    } catch (e) {
      parts.fail(e);
    }
  }

  rafId = requestAnimationFrame(frame);
  return {
    stop() {
      stopped = true;
      cancelAnimationFrame(rafId);
    },
  };
}
