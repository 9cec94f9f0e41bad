/**
 * Tests of log time: the scrubber mapping round-trips, playback in log time covers equal factors of
 * time per second past the knee (and the first hour at the chosen speed), and the player's tick and
 * step follow the selected mode; the speed picked for a run plays it in about a minute in either mode.
 */

import { describe, expect, it } from "vitest";
import { LESSON_PLAYBACK_S, LOG_KNEE_H, advance, fromPosition, playSeconds, speedForRun, toPosition } from "../timescale";
import { Player } from "../player";
import { SPEEDS } from "../controls";

describe("log time scale", () => {
  it("maps time to scrubber position and back", () => {
    for (const t of [0, 0.1, 1, 24, 168]) {
      expect(fromPosition("log", toPosition("log", t, 0), 0)).toBeCloseTo(t, 9);
      expect(fromPosition("linear", toPosition("linear", t, 0), 0)).toBe(t);
    }
    expect(toPosition("log", 0, 0)).toBe(0);
    expect(toPosition("log", LOG_KNEE_H * (Math.E - 1), 0)).toBeCloseTo(1, 12);
    expect(toPosition("log", 5, 5)).toBe(0); // measured from the run's start
  });

  it("gives the first hour and the rest of the week comparable screen space", () => {
    const week = toPosition("log", 168, 0);
    expect(toPosition("log", 1, 0) / week).toBeGreaterThan(0.12); // linear: 1/168 = 0.006
    expect(toPosition("log", 24, 0) / week).toBeGreaterThan(0.6);
  });

  it("advances at the chosen speed near the start and by equal factors later", () => {
    expect(advance("linear", 2, 0, 1.5, 0.25)).toBeCloseTo(2.375, 12);
    expect(advance("log", 0, 0, 0.01, 0.25)).toBeCloseTo(0.0025, 5); // ~speed x time at the start
    const a = advance("log", 24, 0, 1, 0.25) + LOG_KNEE_H;
    const b = advance("log", 99, 0, 1, 0.25) + LOG_KNEE_H;
    expect(a / (24 + LOG_KNEE_H)).toBeCloseTo(b / (99 + LOG_KNEE_H), 9); // same factor per second
    expect(advance("log", advance("log", 10, 0, 2, 0.25), 0, -2, 0.25)).toBeCloseTo(10, 9); // reversible
  });
});

describe("Player in log time", () => {
  it("plays a week in about (knee / speed) * ln(1 + 168 / knee) seconds", () => {
    const player = new Player({ start: 0, end: 168, speed: 0.25, maxFrameMs: 1e9 });
    player.setTimeMode("log");
    player.play(0);
    const expectedS = (LOG_KNEE_H / 0.25) * Math.log1p(168 / LOG_KNEE_H);
    player.tick(((expectedS - 0.5) * 1000));
    expect(player.playing).toBe(true);
    const result = player.tick((expectedS + 0.01) * 1000);
    expect(result.ended).toBe(true);
    expect(player.timeH).toBe(168);
  });

  it("steps by one second of log playback, ten for a big step, clamped to the run", () => {
    const player = new Player({ start: 0, end: 168, speed: 1, timeH: 24 });
    player.setTimeMode("log");
    player.step(1);
    expect(player.timeH).toBeCloseTo((24 + LOG_KNEE_H) * Math.E - LOG_KNEE_H, 9);
    player.step(-1);
    expect(player.timeH).toBeCloseTo(24, 9);
    player.step(10);
    expect(player.timeH).toBe(168);
    player.setTimeMode("linear");
    player.step(-1);
    expect(player.timeH).toBe(167);
  });
});

describe("steps in log time", () => {
  // The speed the lab picks for a log-time lesson (ketawidget/widget/synapse_view.py speed_for_run):
  // at the 1 h/s and 6 h/s it used to pick as if time were linear, 4 and 1 presses crossed the run.
  const LESSON_LOG_SPEED = 0.1;

  function pressesToTheEnd(player: Player): number {
    let presses = 0;
    while (!player.atEnd && presses < 1000) {
      player.step(1);
      presses += 1;
    }
    return presses;
  }

  it("move as far as one second of playback at the current speed, as in linear time", () => {
    for (const mode of ["linear", "log"] as const) {
      const played = new Player({ start: 0, end: 168, speed: LESSON_LOG_SPEED, timeH: 5, maxFrameMs: 1e9 });
      const stepped = new Player({ start: 0, end: 168, speed: LESSON_LOG_SPEED, timeH: 5 });
      played.setTimeMode(mode);
      stepped.setTimeMode(mode);
      played.play(0);
      played.tick(1000);
      stepped.step(1);
      expect(stepped.timeH).toBeCloseTo(played.timeH, 9);
    }
  });

  it("cross a log-time lesson in as many presses as it plays seconds: dozens, not four", () => {
    for (const [hours, seconds] of [[48, 38.9], [168, 51.3]]) {
      const player = new Player({ start: 0, end: hours, speed: LESSON_LOG_SPEED });
      player.setTimeMode("log");
      expect((LOG_KNEE_H / LESSON_LOG_SPEED) * Math.log1p(hours / LOG_KNEE_H)).toBeCloseTo(seconds, 1);
      expect(pressesToTheEnd(player)).toBe(Math.ceil(seconds));
    }
  });
});

describe("step button names", () => {
  it("give a duration in linear time and a factor in log time", async () => {
    const { stepSize } = await import("../controls");
    expect(stepSize("linear", 0.25)).toBe("15 min");
    expect(stepSize("linear", 24)).toBe("1 d");
    expect(stepSize("log", 0.25)).toBe("\u00d71.28 in log time");
  });
});

describe("the speed picked for a run", () => {
  // The cases of tests/test_widget.py (test_a_runs_speed_plays_it_in_about_a_minute_in_its_time_mode),
  // for Python's speed_for_run: the page picks what the lab picks.
  const CASES: Array<[number, "linear" | "log", number, number]> = [
    [12, "linear", 0.25, 48], [168, "linear", 6, 28], [336, "linear", 6, 56],
    [48, "log", 0.1, 10 * Math.log(49)], [168, "log", 0.1, 10 * Math.log(169)], [1440, "log", 0.25, 4 * Math.log(1441)],
    [0.5, "log", 0.1, 10 * Math.log(1.5)],
  ];

  it("is the slowest menu speed that plays the run within a minute in its time mode", () => {
    for (const [hours, mode, speed, seconds] of CASES) {
      expect(speedForRun(mode, hours, SPEEDS), `${hours} h, ${mode}`).toBe(speed);
      expect(playSeconds(mode, hours, speed)).toBeCloseTo(seconds, 9);
      expect(playSeconds(mode, hours, speed)).toBeLessThanOrEqual(LESSON_PLAYBACK_S);
    }
  });

  it("plays as long as the player takes over the run", () => {
    for (const mode of ["linear", "log"] as const) {
      const player = new Player({ start: 0, end: 168, speed: 6, maxFrameMs: 1e9 });
      player.setTimeMode(mode);
      player.play(0);
      player.tick(playSeconds(mode, 168, 6) * 1000 * (1 - 1e-9));
      expect(player.timeH).toBeCloseTo(168, 3);
    }
  });

  it("is the fastest where none plays the run within a minute", () => {
    expect(speedForRun("linear", 4000, SPEEDS)).toBe(SPEEDS[SPEEDS.length - 1]); // 83 s at 48 h/s
  });
});
