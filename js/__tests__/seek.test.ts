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
  it("rejects malformed commands", () => {
    expect(() => playbackCommand({ type: "seek", time_h: "0.5" })).toThrow(/finite time_h/);
    expect(() => playbackCommand({ type: "seek", time_h: Number.NaN })).toThrow(/finite time_h/);
    expect(() => playbackCommand({ type: "play" })).toThrow(/boolean playing/);
    expect(() => playbackCommand({ type: "seek", time_h: 1, playing: "no" })).toThrow(/boolean playing/);
  });
});
