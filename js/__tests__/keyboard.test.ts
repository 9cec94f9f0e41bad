/**
 * Tests of the keyboard shortcuts: each documented key maps to its action, keys that the focused
 * control uses itself (Space on a button, arrows on the scrubber) are left to it, modified keys are
 * left to the browser, and the help list names every action.
 */

import { describe, expect, it } from "vitest";
import { SHORTCUTS, focusKindOf, nextSpeed, shortcutAction } from "../keyboard";
import { SPEEDS } from "../controls";

describe("shortcutAction", () => {
  it.each([
    [" ", false, "play-pause"], ["k", false, "play-pause"], ["K", false, "play-pause"],
    ["ArrowLeft", false, "step-back"], ["ArrowRight", false, "step-forward"],
    ["ArrowLeft", true, "big-step-back"], ["ArrowRight", true, "big-step-forward"],
    ["+", false, "faster"], ["=", false, "faster"], ["-", false, "slower"],
    ["Home", false, "start"], ["End", false, "end"], ["z", false, "zoom"], ["l", false, "log-time"],
    ["n", false, "story-next"], ["p", false, "story-previous"], ["R", true, "reset"],
    ["f", false, "present"], ["F", true, "present"],
    ["?", true, "help"], ["Escape", false, "escape"],
  ] as const)("maps %j (shift %s) to %s on the diagram", (key, shiftKey, action) => {
    expect(shortcutAction({ key, shiftKey }, "other")).toBe(action);
  });

  it("in the story, goes through its steps on \u2192 / \u2190 and PageDown / PageUp, as a presenter's clicker sends them", () => {
    const story = { story: true };
    expect(shortcutAction({ key: "ArrowRight" }, "other", story)).toBe("story-forward");
    expect(shortcutAction({ key: "PageDown" }, "other", story)).toBe("story-forward");
    expect(shortcutAction({ key: "ArrowLeft" }, "other", story)).toBe("story-back");
    expect(shortcutAction({ key: "PageUp" }, "other", story)).toBe("story-back");
    expect(shortcutAction({ key: "PageDown" }, "button", story)).toBe("story-forward"); // "Next step" just clicked
    // Shift + the arrows still move the playhead by ten steps (and leave the story); a focused scrubber
    // keeps its own keys.
    expect(shortcutAction({ key: "ArrowRight", shiftKey: true }, "other", story)).toBe("big-step-forward");
    expect(shortcutAction({ key: "ArrowRight" }, "range", story)).toBeUndefined();
    expect(shortcutAction({ key: "PageDown" }, "range", story)).toBeUndefined();
    // Outside the story the arrows step the playhead, and PageDown / PageUp scroll the page.
    expect(shortcutAction({ key: "ArrowRight" }, "other")).toBe("step-forward");
    expect(shortcutAction({ key: "PageDown" }, "other")).toBeUndefined();
    expect(shortcutAction({ key: "PageUp" }, "other", { story: false })).toBeUndefined();
    // The help says so.
    const rows = SHORTCUTS.map((s) => `${s.keys}: ${s.does}`);
    expect(rows.find((r) => r.startsWith("PageDown / PageUp"))).toMatch(/story: next \/ previous step.*clicker.*caption too long for its box/);
    expect(rows.find((r) => r.startsWith("\u2190 / \u2192"))).toMatch(/one second of playback.*in the story: previous \/ next step/);
  });

  it("resets only on Shift+R, so a stray R press mid-lesson keeps the state", () => {
    expect(shortcutAction({ key: "r" }, "other")).toBeUndefined();
    expect(shortcutAction({ key: "R" }, "other")).toBeUndefined(); // Caps Lock, no Shift
    expect(shortcutAction({ key: "R", shiftKey: true }, "button")).toBe("reset");
    expect(SHORTCUTS.find((s) => s.does === "reset the view")?.keys).toBe("Shift + R");
  });

  it("leaves a focused control its own keys", () => {
    expect(shortcutAction({ key: " " }, "button")).toBeUndefined();
    expect(shortcutAction({ key: "Enter" }, "button")).toBeUndefined();
    expect(shortcutAction({ key: "ArrowLeft" }, "button")).toBe("step-back");
    expect(shortcutAction({ key: "ArrowLeft" }, "range")).toBeUndefined();
    expect(shortcutAction({ key: "End" }, "range")).toBeUndefined();
    expect(shortcutAction({ key: "k" }, "range")).toBe("play-pause");
    expect(shortcutAction({ key: "ArrowDown" }, "select")).toBeUndefined();
    expect(shortcutAction({ key: "z" }, "text")).toBeUndefined();
  });

  it("presents on F from the diagram and its buttons, but not while text is typed", () => {
    expect(shortcutAction({ key: "f" }, "button")).toBe("present");
    expect(shortcutAction({ key: "f" }, "range")).toBe("present");
    expect(shortcutAction({ key: "f" }, "text")).toBeUndefined();
    expect(shortcutAction({ key: "F", shiftKey: true }, "text")).toBeUndefined();
    expect(shortcutAction({ key: "f" }, focusKindOf({ tagName: "INPUT", type: "text" }))).toBeUndefined();
    expect(shortcutAction({ key: "f" }, focusKindOf({ tagName: "DIV", isContentEditable: true }))).toBeUndefined();
    expect(shortcutAction({ key: "f", ctrlKey: true }, "other")).toBeUndefined(); // the browser's find
    // F was free: no other action answers to it.
    expect(SHORTCUTS.filter((s) => /(^|\W)F(\W|$)/.test(s.keys)).map((s) => s.keys)).toEqual(["F"]);
  });

  it("leaves modified keys and unknown keys alone", () => {
    expect(shortcutAction({ key: "r", ctrlKey: true }, "other")).toBeUndefined();
    expect(shortcutAction({ key: "z", metaKey: true }, "other")).toBeUndefined();
    expect(shortcutAction({ key: "ArrowLeft", altKey: true }, "other")).toBeUndefined();
    expect(shortcutAction({ key: "x" }, "other")).toBeUndefined();
  });

  it("classifies the focused element", () => {
    expect(focusKindOf({ tagName: "BUTTON" })).toBe("button");
    expect(focusKindOf({ tagName: "INPUT", type: "range" })).toBe("range");
    expect(focusKindOf({ tagName: "INPUT", type: "text" })).toBe("text");
    expect(focusKindOf({ tagName: "SELECT" })).toBe("select");
    expect(focusKindOf({ tagName: "DIV" })).toBe("other");
    expect(focusKindOf(null)).toBe("other");
  });

  it("lists every shortcut key in the help text", () => {
    const text = SHORTCUTS.map((s) => s.keys).join(" ");
    for (const key of ["Space", "K", "Shift", "Home", "End", "Z", "L", "N", "P", "PageDown", "PageUp", "F", "R", "Esc", "?"]) {
      expect(text).toContain(key);
    }
  });
});

describe("nextSpeed", () => {
  it("moves one notch along the speed list and stops at the ends", () => {
    expect(nextSpeed(SPEEDS, 0.25, 1)).toBe(0.5);
    expect(nextSpeed(SPEEDS, 0.25, -1)).toBe(0.1);
    expect(nextSpeed(SPEEDS, 48, 1)).toBe(48);
    expect(nextSpeed(SPEEDS, 0.1, -1)).toBe(0.1);
    expect(nextSpeed(SPEEDS, 3, 1)).toBe(6); // a speed set from Python, between notches
    expect(nextSpeed(SPEEDS, 3, -1)).toBe(2);
    // Beyond the list's ends (speeds Python allows): stay, never step the wrong way.
    expect(nextSpeed(SPEEDS, 1 / 60, -1)).toBe(1 / 60);
    expect(nextSpeed(SPEEDS, 1 / 60, 1)).toBe(0.1);
    expect(nextSpeed(SPEEDS, 720, 1)).toBe(720);
    expect(nextSpeed(SPEEDS, 720, -1)).toBe(48);
  });
});
