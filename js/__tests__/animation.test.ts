/**
 * Tests of the animation loop with a fake frame clock: out of view it keeps the clock and the reports
 * (time, kernel, end of run) but draws no scene, and catches up once in view; paused and out of view,
 * or paused under reduced motion, it requests no frames at all until woken, yet still finishes a
 * throttled send; and once stopped nothing re-arms it.
 */

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type LoopParts, startAnimation } from "../animation";
import { Player } from "../player";

let frames: Map<number, FrameRequestCallback>;
let nextId: number;
let requested: number;

beforeEach(() => {
  frames = new Map();
  nextId = 1;
  requested = 0;
  vi.stubGlobal("requestAnimationFrame", (cb: FrameRequestCallback) => {
    requested++;
    frames.set(nextId, cb);
    return nextId++;
  });
  vi.stubGlobal("cancelAnimationFrame", (id: number) => { frames.delete(id); });
});

afterEach(() => {
  vi.unstubAllGlobals();
});

/** Run the pending frames at each of `times` (each frame may request the next). */
function runFrames(...times: number[]): void {
  for (const now of times) {
    const pending = [...frames.values()];
    frames.clear();
    for (const cb of pending) cb(now);
  }
}

/** A loop over a 10-h run at 1 h/s, its parts counting what it does; `page` is the page's state. */
function loop(page: { visible: boolean; motion: boolean; ready?: boolean } = { visible: true, motion: true }) {
  const player = new Player({ start: 0, end: 10, speed: 1, sendIntervalMs: 100 });
  const count = { draws: 0, reports: 0, ends: 0, sent: [] as number[] };
  const flush = (now: number) => {
    const t = player.takeSend(now);
    if (t !== undefined) count.sent.push(t);
  };
  const parts: LoopParts = {
    player,
    ready: () => page.ready ?? true,
    flush,
    end: (now) => { // as the kernel sync's: the last playhead goes with playing = false
      count.ends++;
      flush(now);
    },
    draw: () => { count.draws++; },
    report: () => { count.reports++; },
    visible: () => page.visible,
    motion: () => page.motion,
    drifting: () => page.motion && page.visible,
    fail: (e) => { throw e; },
  };
  return { player, count, page, animation: startAnimation(parts) };
}

describe("the animation loop out of view", () => {
  it("keeps the clock and reports the playhead while playing, but draws no scene", () => {
    const { player, count, page } = loop({ visible: false, motion: true });
    player.play(0);
    runFrames(0, 250, 500, 750, 1000);
    expect(player.timeH).toBeCloseTo(1, 9);
    expect(count.draws).toBe(0);
    expect(count.reports).toBe(4); // every frame that moved the playhead
    expect(count.sent.length).toBeGreaterThan(0); // the kernel still hears the playhead
    expect(frames.size).toBe(1); // still playing: the loop runs

    page.visible = true;
    runFrames(1250);
    expect(count.draws).toBe(1);
  });

  it("ends the run out of view, then draws its end once when it comes into view", () => {
    const { player, count, page, animation } = loop({ visible: false, motion: true });
    player.seek(9.5);
    player.play(0);
    runFrames(0, 600);
    expect(count.ends).toBe(1);
    expect(player.playing).toBe(false);
    expect(count.sent).toContain(10);
    expect(frames.size, "paused and out of view: no frame").toBe(0);
    expect(count.draws).toBe(0);

    page.visible = true;
    animation.wake(); // the page's visibility change
    runFrames(700);
    expect(count.draws, "the scene catches up with the end").toBe(1);
  });

  it("requests no frames while paused out of view, until woken", () => {
    const { player, count, page, animation } = loop({ visible: false, motion: true });
    runFrames(0);
    const before = requested;
    runFrames(16, 32, 48);
    expect(requested - before).toBe(0);
    expect(frames.size).toBe(0);

    animation.wake();
    animation.wake(); // idempotent: one frame
    expect(frames.size).toBe(1);
    runFrames(64);
    expect(frames.size, "still nothing to do: stops again").toBe(0);

    page.visible = true;
    animation.wake(); // the page's visibility change
    runFrames(80, 140);
    expect(count.draws).toBeGreaterThan(0); // the drift
    expect(frames.size).toBe(1);

    page.visible = false;
    player.play(200);
    runFrames(200, 216);
    expect(frames.size, "playing out of view: the clock runs").toBe(1);
  });

  it("catches the scene up once in view after playing out of view, even under reduced motion", () => {
    const { player, count, page, animation } = loop({ visible: false, motion: false });
    player.play(0);
    runFrames(0, 500);
    player.pause();
    runFrames(516); // sends the pause, then stops
    expect(frames.size).toBe(0);
    expect(count.draws).toBe(0);
    page.visible = true;
    animation.wake();
    runFrames(600);
    expect(count.draws, "the playhead moved while out of view: drawn once").toBe(1);
    expect(frames.size, "paused under reduced motion: nothing moves").toBe(0);
  });
});

describe("the animation loop under reduced motion", () => {
  it("stops while paused, and keeps going until a throttled send has gone out", () => {
    const { player, count, animation } = loop({ visible: true, motion: false });
    runFrames(0);
    expect(frames.size).toBe(0);

    // A scrubber drag while paused: the drag's last position is sent throttled, by a later frame.
    player.seek(2, { throttled: true });
    count.sent.push(player.takeSend(10)!);
    player.seek(3, { throttled: true });
    expect(player.takeSend(20)).toBeUndefined(); // too soon after the last send
    animation.wake(); // the scrub's redraw
    runFrames(30, 60);
    expect(frames.size, "the send is still due").toBe(1);
    runFrames(120);
    expect(count.sent).toEqual([2, 3]);
    expect(frames.size).toBe(0);
  });
});

describe("the animation loop stopped", () => {
  it("is not woken again", () => {
    const { animation } = loop();
    animation.stop();
    expect(frames.size).toBe(0);
    animation.wake();
    expect(frames.size).toBe(0);
  });
});


describe("the animation loop with nothing to draw, or woken out of view", () => {
  it("requests no frames while paused with no run to show (the error state, the decode grace)", () => {
    const { page } = loop({ visible: true, motion: true, ready: false });
    runFrames(0);
    expect(frames.size).toBe(0); // paused, in view, drifting allowed: but nothing to draw
    page.ready = true;
  });
  it("draws a seek made out of view once the scene is back in view", () => {
    const { player, count, page, animation } = loop({ visible: false, motion: false });
    runFrames(0);
    expect(frames.size).toBe(0); // paused and hidden: stopped
    player.seek(3);
    animation.wake({ behind: true }); // as redraw() does for a seek while out of view
    runFrames(16);
    expect(count.draws).toBe(0);
    page.visible = true;
    animation.wake();
    runFrames(32);
    expect(count.draws).toBe(1);
  });
});
