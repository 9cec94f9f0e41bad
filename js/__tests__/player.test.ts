/**
 * Tests of the playback clock with made-up timestamps: time advances by elapsed wall time x speed,
 * playback stops at the end, play from the end restarts, seeks clamp, and the kernel hears the playhead
 * at most every 100 ms while playing and exactly once after each pause, stop or seek (never a
 * non-finite one).
 */

import { describe, expect, it } from "vitest";
import { Player } from "../player";

/** Run frames every `frameMs` from `fromMs` to `toMs`, collecting [nowMs, sentTime] for each send. */
function runFrames(p: Player, fromMs: number, toMs: number, frameMs = 16): Array<[number, number]> {
  const sends: Array<[number, number]> = [];
  for (let now = fromMs; now <= toMs; now += frameMs) {
    p.tick(now);
    const t = p.takeSend(now);
    if (t !== undefined) sends.push([now, t]);
  }
  return sends;
}

describe("Player clock", () => {
  it("advances by elapsed wall time times speed", () => {
    const p = new Player({ start: 0, end: 100, speed: 2 });
    p.play(1000);
    p.tick(1500);
    expect(p.timeH).toBeCloseTo(1, 12);
    p.tick(2250);
    expect(p.timeH).toBeCloseTo(2.5, 12);
    p.setSpeed(10);
    p.tick(2350);
    expect(p.timeH).toBeCloseTo(3.5, 12);
  });

  it("does not move while paused, and does not count paused time once resumed", () => {
    const p = new Player({ start: 0, end: 100, speed: 1, timeH: 4 });
    expect(p.tick(5000)).toEqual({ moved: false, ended: false });
    expect(p.timeH).toBe(4);
    p.play(10_000);
    p.tick(10_500);
    p.pause();
    p.tick(60_000);
    p.play(70_000);
    p.tick(70_250);
    expect(p.timeH).toBeCloseTo(4.75, 12);
  });

  it("caps one frame at maxFrameMs (a background tab does not jump to the end) and ignores clock skew", () => {
    const p = new Player({ start: 0, end: 1000, speed: 1, maxFrameMs: 1000 });
    p.play(0);
    p.tick(30_000);
    expect(p.timeH).toBeCloseTo(1, 12);
    p.tick(29_000);
    expect(p.timeH).toBeCloseTo(1, 12);
  });

  it("stops exactly at the end and sets playing to false", () => {
    const p = new Player({ start: 0, end: 10, speed: 4 });
    p.play(0);
    p.tick(1000);
    expect(p.tick(2000)).toEqual({ moved: true, ended: false });
    expect(p.timeH).toBeCloseTo(8, 12);
    expect(p.playing).toBe(true);
    expect(p.tick(3000)).toEqual({ moved: true, ended: true });
    expect(p.timeH).toBe(10);
    expect(p.playing).toBe(false);
    expect(p.tick(4000)).toEqual({ moved: false, ended: false });
    expect(p.timeH).toBe(10);
  });

  it("restarts from the start when play is pressed at the end", () => {
    const p = new Player({ start: -1, end: 10, timeH: 10, speed: 1 });
    p.play(500);
    expect(p.playing).toBe(true);
    expect(p.timeH).toBe(-1);
    expect(p.takeSend(500)).toBe(-1);
    p.tick(1500);
    expect(p.timeH).toBeCloseTo(0, 12);
  });

  it("rebase holds the clock over skipped frames instead of jumping ahead", () => {
    const p = new Player({ start: 0, end: 100, speed: 1 });
    p.play(0);
    p.tick(500);
    p.rebase(900); // frames 500..900 had no trajectory to draw
    p.tick(1000);
    expect(p.timeH).toBeCloseTo(0.6, 12);
    expect(p.playing).toBe(true);
  });

  it("does not play an empty or single-sample range", () => {
    const p = new Player({ start: 3, end: 3 });
    p.play(0);
    expect(p.playing).toBe(false);
    expect(p.timeH).toBe(3);
  });

  it("seeks, clamping to the trajectory", () => {
    const p = new Player({ start: 0, end: 24 });
    p.seek(7.5);
    expect(p.timeH).toBe(7.5);
    p.seek(-2);
    expect(p.timeH).toBe(0);
    p.seek(30);
    expect(p.timeH).toBe(24);
    p.seek(NaN);
    expect(p.timeH).toBe(0);
  });

  it("steps by one second of playback at the current speed, clamped", () => {
    const p = new Player({ start: 0, end: 20, timeH: 5, speed: 2 });
    p.step(1);
    expect(p.timeH).toBe(7);
    p.setSpeed(6);
    p.step(-1);
    expect(p.timeH).toBe(1);
    p.step(-1);
    expect(p.timeH).toBe(0);
    expect(p.takeSend(0)).toBe(0);
  });

  it("keeps the playhead on a new range, clamping it (and then sending it)", () => {
    const p = new Player({ start: 0, end: 100, timeH: 50 });
    p.setRange(0, 200);
    expect(p.timeH).toBe(50);
    expect(p.takeSend(0)).toBeUndefined();
    p.setRange(0, 20);
    expect(p.timeH).toBe(20);
    expect(p.takeSend(1)).toBe(20);
  });

  it("ignores invalid speeds", () => {
    const p = new Player({ speed: 3 });
    for (const bad of [0, -1, NaN, Infinity, 1 / 61, 721]) p.setSpeed(bad);
    expect(p.speed).toBe(3);
    expect(new Player({ speed: 0 }).speed).toBe(1);
  });
});

describe("Player kernel throttle", () => {
  it("sends at most every 100 ms while playing, each time the current playhead", () => {
    const p = new Player({ start: 0, end: 1000, speed: 1 });
    p.play(0);
    const sends = runFrames(p, 16, 1008);
    // 62 frames in ~1 s but only ~9 sends: one per >= 100 ms window (16, 128, 240, ...).
    expect(sends.length).toBe(9);
    for (let i = 1; i < sends.length; i++) expect(sends[i][0] - sends[i - 1][0]).toBeGreaterThanOrEqual(100);
    for (const [now, t] of sends) expect(t).toBeCloseTo(now / 1000, 9);
  });

  it("sends once, immediately, on pause even inside the throttle window", () => {
    const p = new Player({ start: 0, end: 100, speed: 1 });
    p.play(0);
    p.tick(100);
    expect(p.takeSend(100)).toBeCloseTo(0.1, 12);
    p.tick(130);
    expect(p.takeSend(130)).toBeUndefined(); // 30 ms after the last send
    p.pause();
    expect(p.takeSend(131)).toBeCloseTo(0.13, 12);
    expect(p.takeSend(132)).toBeUndefined();
    expect(p.takeSend(5000)).toBeUndefined(); // nothing new to say
    p.pause(); // already paused: no second send
    expect(p.takeSend(6000)).toBeUndefined();
  });

  it("sends once, immediately, when playback stops at the end", () => {
    const p = new Player({ start: 0, end: 1, speed: 1 });
    p.play(0);
    p.tick(950);
    expect(p.takeSend(950)).toBeCloseTo(0.95, 12);
    p.tick(1010);
    expect(p.playing).toBe(false);
    expect(p.takeSend(1010)).toBe(1);
    expect(p.takeSend(2000)).toBeUndefined();
  });

  it("sends a seek at once, a scrubber drag throttled, and nothing when idle", () => {
    const p = new Player({ start: 0, end: 100 });
    expect(p.takeSend(0)).toBeUndefined();
    p.seek(10);
    expect(p.takeSend(1)).toBe(10);
    p.seek(20);
    expect(p.takeSend(2)).toBe(20); // a seek is never throttled
    p.seek(21, { throttled: true });
    expect(p.takeSend(50)).toBeUndefined(); // drag within 100 ms of the last send
    p.seek(22, { throttled: true });
    expect(p.takeSend(102)).toBe(22); // latest drag position once the window passes
    p.seek(23, { throttled: true });
    p.seek(24); // release: goes out at once
    expect(p.takeSend(103)).toBe(24);
  });

  it("recognises its own echo and takes kernel seeks without sending them back", () => {
    const p = new Player({ start: 0, end: 100 });
    p.seek(12.5);
    const sent = p.takeSend(0)!;
    expect(p.isEcho(sent)).toBe(true);
    expect(p.isEcho(sent + 1e-6)).toBe(false);
    p.syncFromKernel(40);
    expect(p.timeH).toBe(40);
    expect(p.isEcho(40)).toBe(true);
    expect(p.takeSend(500)).toBeUndefined();
    p.syncFromKernel(250); // out of range: the clamped value must go back to the kernel
    expect(p.timeH).toBe(100);
    expect(p.takeSend(501)).toBe(100);
  });

  it("never sends a playhead that is not a time (the unbounded player before any run)", () => {
    const p = new Player({ start: -Infinity, end: Infinity, timeH: 3 });
    p.seek(p.start); // what Reset did in an error state that came before any run
    expect(p.timeH).toBe(-Infinity);
    expect(p.takeSend(0)).toBeUndefined();
    p.seek(2); // a time again: sent as usual
    expect(p.takeSend(1)).toBe(2);
  });

  it("keeps playing across a kernel seek", () => {
    const p = new Player({ start: 0, end: 100, speed: 1 });
    p.play(0);
    p.tick(1000);
    p.syncFromKernel(50);
    p.tick(2000);
    expect(p.playing).toBe(true);
    expect(p.timeH).toBeCloseTo(51, 12);
  });
});
