import { describe, expect, it } from "vitest";
import { playbackCommand } from "../kernel_sync";

describe("playbackCommand (custom playback messages from Python)", () => {
  it("parses a seek with the play state", () => {
    expect(playbackCommand({ type: "seek", time_h: 0.5, playing: false })).toEqual({ timeH: 0.5, playing: false });
    expect(playbackCommand({ type: "seek", time_h: 0 })).toEqual({ timeH: 0 });
  });
  it("parses a play/pause command", () => {
    expect(playbackCommand({ type: "play", playing: true })).toEqual({ playing: true });
  });
  it("ignores other messages", () => {
    expect(playbackCommand({ type: "other", time_h: 0.5 })).toBeUndefined();
    expect(playbackCommand("seek")).toBeUndefined();
    expect(playbackCommand(null)).toBeUndefined();
  });
  it("rejects malformed commands with the traits' own checks, naming the message", () => {
    const time = "time_h must be a number of hours from 0 (a time past the run's end stops at the end)";
    expect(() => playbackCommand({ type: "seek", time_h: "0.5" })).toThrow(`seek message: ${time}; got "0.5"`);
    expect(() => playbackCommand({ type: "seek", time_h: Number.NaN })).toThrow(`seek message: ${time}; got NaN`);
    expect(() => playbackCommand({ type: "seek", time_h: -1 })).toThrow(`seek message: ${time}; got -1`);
    expect(() => playbackCommand({ type: "play" })).toThrow("play message: playing must be true or false; got no value");
    expect(() => playbackCommand({ type: "seek", time_h: 1, playing: "no" })).toThrow('seek message: playing must be true or false; got "no"');
  });
  it("takes a time past any run's end: the player stops it at the end, as Python does", () => {
    expect(playbackCommand({ type: "seek", time_h: 1e9 })).toEqual({ timeH: 1e9 });
  });
});
