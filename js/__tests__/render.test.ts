// @vitest-environment happy-dom
/**
 * Tests of render() as a whole, in a simulated DOM with a fake anywidget model and a fake animation
 * clock: its cleanup removes every listener it added (on the model and on the page) and cancels the
 * animation frame; a decode queued before the cleanup, a stale frame or the error grace timer does
 * nothing after it; an error that disables the focused control moves focus to the error box, and back
 * to the diagram when it clears; in the error state "Reset view" resets only the view, a play request is
 * answered with playing = false and the root claims no time or values; a playback trait the kernel would
 * refuse (time_h, playing, speed, log_time), in the state it opens with or in a later change, shows the
 * error state naming it, ended by the next good value; the keyboard shortcuts announce
 * what they did as the buttons do; the microscope attributes go with the synapse zoom; and a story
 * step re-shows a hidden layer that holds one of its actors; a seek away from a step's moment, the
 * kernel's or the user's, leaves the story, while playing on keeps it; the log_time trait and the Log time
 * toggle follow each other both ways; the speed select names its clock in the synapse zoom; every
 * relative readout at baseline reads "±0%"; a BDNF knockout draws no BDNF; a stressed run's new
 * spines are counted from its start; and presenting (the Present button, F, Esc after the help and
 * before the story, in the error state too) keeps a paused diagram drawn and is left by the cleanup,
 * gives the diagram the focus (the first Space plays), and keeps the keys with it after a click on no
 * control or with the focus outside it, where JupyterLab hears none of them.
 */

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import widget from "../index";
import { f32 } from "./bytes";
import { STORY_STEPS } from "../story/steps";
import { NEXT_PAGE, NEXT_STEP, PREVIOUS_PAGE, PREVIOUS_STEP } from "../story/story_panel";
import { stubCaptionLayout } from "./caption_layout";

const TIME = [0, 0.5, 0.75, 1, 5, 24, 48];
const CHANNELS: Record<string, number[]> = {
  ketamine_brain_uM: [0, 0.39, 0.3, 0.2, 0.01, 0, 0],
  nmda_block_interneuron: [0, 0.18, 0.15, 0.1, 0, 0, 0],
  nmda_block_pyramidal: [0, 0.07, 0.06, 0.04, 0, 0, 0],
  rate_interneuron_hz: [15, 13.4, 13.7, 14, 15, 15, 15],
  rate_pyramidal_hz: [3, 4, 4.4, 3.5, 3, 3, 3],
  glutamate_rel: [1, 1.3, 1.54, 1.2, 1, 1, 1],
  ampa_activation_rel: [1, 1.3, 1.54, 1.2, 1, 1, 1],
  bdnf_rel: [1, 1.2, 1.4, 1.54, 1.1, 1, 1],
  synaptic_strength_rel: [1, 1, 1.02, 1.05, 1.14, 1.05, 1],
  spine_density_rel: [1, 1, 1, 1.01, 1.05, 1.26, 1.33],
};

function traits(channels = CHANNELS): Record<string, unknown> {
  const names = Object.keys(channels);
  return {
    wire_version: 2,
    trajectory_time_h: f32(TIME),
    trajectory_values: f32(names.flatMap((n) => channels[n])),
    trajectory_channels: names,
    trajectory_units: names.map(() => "1"),
    time_h: 0,
    playing: false,
    speed: 0.25,
    log_time: false,
  };
}

/** A fake anywidget model: Backbone-like on/off/get/set, spied, with a way to fire events. */
function fakeModel(values = traits()) {
  const handlers = new Map<string, Set<(...args: unknown[]) => void>>();
  const model = {
    get: vi.fn((key: string) => values[key]),
    set: vi.fn((key: string, value: unknown, options?: { silent?: boolean }) => {
      values[key] = value;
      if (!options?.silent) model.emit(`change:${key}`);
    }),
    save_changes: vi.fn(),
    send: vi.fn(),
    on: vi.fn((event: string, fn: (...args: unknown[]) => void) => {
      if (!handlers.has(event)) handlers.set(event, new Set());
      handlers.get(event)!.add(fn);
    }),
    off: vi.fn((event: string, fn: (...args: unknown[]) => void) => { handlers.get(event)?.delete(fn); }),
    emit(event: string, ...args: unknown[]) {
      for (const fn of [...(handlers.get(event) ?? [])]) fn(...args);
    },
    listenerCount: () => [...handlers.values()].reduce((n, set) => n + set.size, 0),
  };
  return model;
}

/** Every (target, type, listener, capture) added to or removed from any EventTarget. */
type Registration = [EventTarget, string, unknown, boolean];
const capture = (options: unknown) => (typeof options === "boolean" ? options : Boolean((options as { capture?: boolean } | undefined)?.capture));

let added: Registration[];
let removed: Registration[];
let frames: Map<number, FrameRequestCallback>;
let nextFrame: number;

beforeEach(() => {
  added = [];
  removed = [];
  frames = new Map();
  nextFrame = 1;
  // The prototype that really holds addEventListener for the DOM's nodes (the simulated DOM's own
  // EventTarget class, which need not be the global one).
  let proto: EventTarget = document.createElement("button");
  while (!Object.prototype.hasOwnProperty.call(proto, "addEventListener")) proto = Object.getPrototypeOf(proto);
  const add = proto.addEventListener;
  const remove = proto.removeEventListener;
  vi.spyOn(proto, "addEventListener").mockImplementation(function (this: EventTarget, type, fn, options) {
    added.push([this, type, fn, capture(options)]);
    return add.call(this, type, fn, options as AddEventListenerOptions);
  });
  vi.spyOn(proto, "removeEventListener").mockImplementation(function (this: EventTarget, type, fn, options) {
    removed.push([this, type, fn, capture(options)]);
    return remove.call(this, type, fn, options as EventListenerOptions);
  });
  vi.stubGlobal("requestAnimationFrame", vi.fn((cb: FrameRequestCallback) => {
    const id = nextFrame++;
    frames.set(id, cb);
    return id;
  }));
  vi.stubGlobal("cancelAnimationFrame", vi.fn((id: number) => { frames.delete(id); }));
  vi.spyOn(console, "error").mockImplementation(() => undefined);
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  vi.useRealTimers();
  document.body.replaceChildren();
});

function mount(model = fakeModel()) {
  const el = document.createElement("div");
  document.body.appendChild(el);
  const cleanup = (widget as unknown as { render(p: unknown): () => void }).render({ model, el });
  return { model, el, cleanup, root: el.querySelector(".keta-synapse") as HTMLElement };
}

const button = (root: HTMLElement, name: string) =>
  [...root.querySelectorAll("button")].find((b) => (b.getAttribute("aria-label") ?? b.textContent) === name)!;

/** Run the pending animation frames once (each re-arms itself while the view lives). */
function runFrames(now: number): void {
  const pending = [...frames.entries()];
  frames.clear();
  for (const [, cb] of pending) cb(now);
}

describe("render() cleanup", () => {
  it("removes every listener it added and cancels the animation frame", () => {
    const { model, el, cleanup } = mount();
    runFrames(16);
    runFrames(32);
    expect(frames.size).toBe(1); // the loop runs: one frame pending
    expect(added.length).toBeGreaterThan(10);
    expect(model.listenerCount()).toBeGreaterThan(5);
    const pendingFrame = [...frames.keys()][0];

    cleanup();

    expect(cancelAnimationFrame).toHaveBeenCalledWith(pendingFrame);
    expect(frames.size).toBe(0);
    const key = ([t, type, fn, cap]: Registration) => [t, type, fn, cap];
    for (const registration of added) {
      expect(removed.map(key), `${registration[1]} listener on ${String(registration[0])} left behind`)
        .toContainEqual(key(registration));
    }
    expect(model.listenerCount()).toBe(0);
    for (const [event, fn] of model.on.mock.calls) expect(model.off).toHaveBeenCalledWith(event, fn);
    expect(el.querySelector(".keta-synapse")).toBeNull();
  });

  it("does nothing from a frame, a queued decode or a timer that fires after it", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const { model, cleanup } = mount();
    const staleFrame = [...frames.values()][0];
    // A trajectory update arrives (its decode is queued as a microtask) and the view is removed at once.
    (model as unknown as { emit(e: string): void }).emit("change:trajectory_values");
    model.get.mockClear();
    model.set.mockClear();
    model.save_changes.mockClear();
    (requestAnimationFrame as ReturnType<typeof vi.fn>).mockClear();
    cleanup();

    await Promise.resolve(); // the queued decode runs now
    staleFrame(100); // a frame the browser had already scheduled
    vi.advanceTimersByTime(1_000); // the error grace timer, had one been set

    expect(model.get).not.toHaveBeenCalled(); // decode() returned before reading the traits
    expect(model.set).not.toHaveBeenCalled();
    expect(model.save_changes).not.toHaveBeenCalled();
    expect(requestAnimationFrame).not.toHaveBeenCalled(); // the stale frame did not re-arm the loop
    expect(console.error).not.toHaveBeenCalled();
  });
});

describe("render() idle drift", () => {
  it("holds the drift while a pointer is pressed outside the diagram, and resumes on release", () => {
    const { root, cleanup } = mount();
    const scene = () => root.querySelector("svg")!.innerHTML;
    const press = (target: EventTarget, button = 0) =>
      target.dispatchEvent(new PointerEvent("pointerdown", { bubbles: true, isPrimary: true, button }));
    // Runs the frames at these times; returns the scene after the first of them.
    const sceneFrom = (first: number, ...later: number[]) => {
      runFrames(first);
      const start = scene();
      later.forEach((ms) => runFrames(ms));
      return start;
    };
    runFrames(0);
    runFrames(100);
    const before = scene();
    runFrames(200);
    expect(scene(), "a paused diagram drifts").not.toBe(before);

    press(document.body);
    const held = sceneFrom(300, 400, 500);
    expect(scene(), "no drift while the pointer is held elsewhere").toBe(held);

    document.body.dispatchEvent(new PointerEvent("pointerup", { bubbles: true }));
    runFrames(600);
    expect(scene(), "the drift resumes on release").not.toBe(held);

    // A press inside the diagram (its own scrubber, say) does not hold it, nor does a right click.
    press(root);
    const pressedInside = scene();
    runFrames(700);
    expect(scene()).not.toBe(pressedInside);
    press(document.body, 2);
    const rightClicked = scene();
    runFrames(800);
    expect(scene(), "a right click elsewhere does not hold the drift").not.toBe(rightClicked);

    // Leaving the window mid-drag releases the hold (no pointerup may ever come).
    press(document.body);
    const heldAgain = sceneFrom(900, 1000);
    expect(scene()).toBe(heldAgain);
    window.dispatchEvent(new Event("blur"));
    runFrames(1100);
    expect(scene(), "the drift resumes when the window loses focus").not.toBe(heldAgain);
    cleanup();
  });
});

describe("render() error state and the playing trait", () => {
  const emit = (model: ReturnType<typeof fakeModel>, event: string, ...args: unknown[]) =>
    (model as unknown as { emit(e: string, ...a: unknown[]): void }).emit(event, ...args);

  it("a malformed playback message shows an error that the next good message clears", () => {
    const { model, root, cleanup } = mount();
    emit(model, "msg:custom", { type: "seek", time_h: "soon" });
    expect(root.classList.contains("keta-error")).toBe(true);
    expect(root.getAttribute("data-error")).toMatch(/^ketawidget: seek message: time_h must be a number of hours from 0 .*; got "soon"$/);
    emit(model, "msg:custom", { type: "seek", time_h: 5 });
    expect(root.classList.contains("keta-error")).toBe(false);
    expect(button(root, "Play").disabled).toBe(false);
    expect(model.get("time_h")).toBe(5); // the good seek was obeyed, not dropped
    cleanup();
  });

  it("an error stops playback in the kernel too, and a good run then does not start by itself", async () => {
    vi.useFakeTimers();
    const values = traits();
    values.playing = true;
    const model = fakeModel(values);
    const { root, cleanup } = mount(model);
    expect(root.getAttribute("data-playing")).toBe("true");
    model.set("trajectory_time_h", f32([0, 1, 1, 2, 3, 4, 5])); // not increasing
    await Promise.resolve(); // the decode queued by the change
    vi.advanceTimersByTime(1_000); // past the grace period for multi-message updates
    expect(root.classList.contains("keta-error")).toBe(true);
    expect(model.get("playing")).toBe(false);
    expect(model.save_changes).toHaveBeenCalled();
    model.set("trajectory_time_h", f32(TIME));
    await Promise.resolve();
    expect(root.classList.contains("keta-error")).toBe(false);
    expect(root.getAttribute("data-playing")).toBe("false");
    cleanup();
  });

  it("a run with one sample cannot play, and the playing trait says so", () => {
    const values = traits();
    values.trajectory_time_h = f32([0]);
    values.trajectory_values = f32(Object.keys(CHANNELS).map(() => 1));
    const model = fakeModel(values);
    const { root, cleanup } = mount(model);
    model.set("playing", true);
    expect(model.get("playing")).toBe(false);
    expect(root.getAttribute("data-playing")).toBe("false");
    // The same asked by Python's ordered play message (handled inside a user action).
    emit(model, "msg:custom", { type: "play", playing: true });
    expect(model.get("playing")).toBe(false);
    expect(root.getAttribute("data-playing")).toBe("false");
    cleanup();
  });
});

describe("render() in the error state", () => {
  const emit = (model: ReturnType<typeof fakeModel>, event: string, ...args: unknown[]) =>
    (model as unknown as { emit(e: string, ...a: unknown[]): void }).emit(event, ...args);
  const live = (root: HTMLElement) => root.querySelector(".keta-live")!.textContent ?? "";
  const shiftR = (root: HTMLElement) => root.querySelector(".keta-stage")!.dispatchEvent(
    new KeyboardEvent("keydown", { key: "R", shiftKey: true, bubbles: true, cancelable: true }));

  it("Reset view then resets only the view: only the time mode reaches the kernel, and no dashes are announced", () => {
    const values = traits();
    values.trajectory_time_h = f32([0, 1, 1, 2, 3, 4, 5]); // not increasing: the first decode fails
    values.time_h = 3;
    const model = fakeModel(values);
    const { root, cleanup } = mount(model);
    expect(root.classList.contains("keta-error")).toBe(true);
    button(root, "Synapse zoom").click();
    button(root, "Log time").click();
    model.set.mockClear();
    model.save_changes.mockClear();

    button(root, "Reset view").click();
    expect(root.getAttribute("data-zoom")).toBe("circuit");
    expect(root.getAttribute("data-time-mode")).toBe("linear");
    shiftR(root); // the same from the keyboard
    // Before, Reset seeked the placeholder player (its range -Infinity..Infinity) and sent time_h = -Infinity.
    // The time mode, a view setting the lab's log-time switch follows, is the one trait it sets.
    expect(model.set.mock.calls).toEqual([["log_time", false]]);
    expect(model.save_changes).toHaveBeenCalledTimes(1);
    expect(model.get("time_h")).toBe(3);
    expect(model.get("playing")).toBe(false);
    expect(model.get("speed")).toBe(0.25);
    expect(live(root)).not.toContain("\u2014");
    cleanup();
  });

  it("answers a play request with playing = false, so a good run arriving later stays paused", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const model = fakeModel();
    const { root, cleanup } = mount(model);
    model.set("trajectory_time_h", f32([0, 1, 1, 2, 3, 4, 5]));
    await Promise.resolve();
    vi.advanceTimersByTime(1_000);
    expect(root.classList.contains("keta-error")).toBe(true);

    model.save_changes.mockClear();
    model.set("playing", true); // lab.playing = True: the trait...
    expect(model.get("playing")).toBe(false);
    expect(model.save_changes).toHaveBeenCalled();
    // ... and its ordered message, which may find the trait already applied.
    (model.set as (k: string, v: unknown, o: { silent: boolean }) => void)("playing", true, { silent: true });
    model.save_changes.mockClear();
    emit(model, "msg:custom", { type: "play", playing: true });
    expect(model.get("playing")).toBe(false);
    expect(model.save_changes).toHaveBeenCalled();

    model.set("trajectory_time_h", f32(TIME)); // a good run
    await Promise.resolve();
    expect(root.classList.contains("keta-error")).toBe(false);
    const shown = root.getAttribute("data-time-h");
    runFrames(1_000);
    runFrames(2_000);
    expect(root.getAttribute("data-playing")).toBe("false");
    expect(root.getAttribute("data-time-h")).toBe(shown);
    cleanup();
  });

  it("claims no time, values or microscope run while it shows nothing", () => {
    const { model, root, cleanup } = mount(fakeModel(withMicroscope()));
    button(root, "Synapse zoom").click();
    expect(root.getAttribute("data-time-h")).toBe("0");
    expect(root.getAttribute("data-microscope-moment-h")).toBe("0");
    emit(model, "msg:custom", { type: "seek", time_h: "soon" });
    expect(root.getAttribute("data-error")).toMatch(/^ketawidget: seek message: time_h must be a number of hours from 0 .*; got "soon"$/);
    for (const name of ["data-time-h", "data-brain-uM", "data-microscope-moment-h", "data-microscope-ketamine-uM"]) {
      expect(root.hasAttribute(name), name).toBe(false);
    }
    emit(model, "msg:custom", { type: "seek", time_h: 1 });
    expect(root.getAttribute("data-time-h")).toBe("1");
    expect(root.getAttribute("data-microscope-moment-h")).toBe("0");
    cleanup();
  });
});

describe("render() playback traits: the state it opens with, and each later change", () => {
  const TIME_H = "time_h must be a number of hours from 0 (a time past the run's end stops at the end)";
  const SPEED = "speed must be a number from 0.0166667 to 720 h/s";
  const error = (root: HTMLElement) => root.getAttribute("data-error");
  const opened = (trait: string, value: unknown) => {
    const values = traits();
    values[trait] = value;
    return mount(fakeModel(values));
  };

  // The review: each of these played (at 1 h/s, from 0, linear), with no error and nothing in the console.
  const BAD_OPENINGS: Array<[string, unknown, string]> = [
    ["speed", -1, `${SPEED}; got -1`],
    ["speed", 0, `${SPEED}; got 0`],
    ["speed", "fast", `${SPEED}; got "fast"`],
    ["speed", 1e9, `${SPEED}; got 1000000000`],
    ["speed", undefined, `${SPEED}; got no value`],
    ["time_h", -5, `${TIME_H}; got -5`],
    ["time_h", "x", `${TIME_H}; got "x"`],
    ["time_h", "2", `${TIME_H}; got "2"`],
    ["time_h", Number.POSITIVE_INFINITY, `${TIME_H}; got Infinity`],
    ["playing", "yes", 'playing must be true or false; got "yes"'],
    ["playing", 1, "playing must be true or false; got 1"],
    ["log_time", "yes", 'log_time must be true or false; got "yes"'],
  ];

  it.each(BAD_OPENINGS)("opening with %s = %s shows the error state, named, and plays nothing", (trait, value, message) => {
    const { model, root, cleanup } = opened(trait, value);
    expect(root.classList.contains("keta-error")).toBe(true);
    expect(error(root)).toBe(`ketawidget: ${message}`);
    expect(root.querySelector(".keta-error-box")!.textContent).toBe(`ketawidget: ${message}`);
    expect(console.error).toHaveBeenCalledWith(`ketawidget: ${message}`);
    expect(root.hasAttribute("data-time-h")).toBe(false);
    expect(button(root, "Play").disabled).toBe(true);
    runFrames(performance.now() + 1_000);
    expect(root.getAttribute("data-playing")).toBe("false");
    expect(root.hasAttribute("data-time-h")).toBe(false);
    if (trait === "playing") expect(model.get("playing"), "the kernel hears that nothing plays").toBe(false);
    cleanup();
  });

  it("a bad speed with playing = true does not play, and says so to the kernel", () => {
    const values = traits();
    values.speed = -1;
    values.playing = true;
    const model = fakeModel(values);
    const { root, cleanup } = mount(model);
    expect(error(root)).toBe(`ketawidget: ${SPEED}; got -1`);
    expect(root.getAttribute("data-playing")).toBe("false");
    expect(model.get("playing")).toBe(false);
    cleanup();
  });

  it("good values open as before: at the saved time, speed and time mode, playing", () => {
    const values = traits();
    Object.assign(values, { time_h: 1, speed: 2, playing: true, log_time: true });
    const model = fakeModel(values);
    const { root, cleanup } = mount(model);
    expect(error(root)).toBeNull();
    expect(root.getAttribute("data-time-h")).toBe("1");
    expect(root.getAttribute("data-playing")).toBe("true");
    expect(root.getAttribute("data-time-mode")).toBe("log");
    expect((root.querySelector(".keta-speed") as HTMLSelectElement).value).toBe("2");
    model.set("log_time", false);
    const t0 = performance.now();
    runFrames(t0 + 250);
    runFrames(t0 + 500);
    expect(Number(root.getAttribute("data-time-h"))).toBeGreaterThan(1.5); // 2 h/s, not 1 h/s
    expect(console.error).not.toHaveBeenCalled();
    cleanup();
  });

  it("a saved page without log_time opens in linear time, as before the trait existed", () => {
    const { root, cleanup } = opened("log_time", undefined);
    expect(error(root)).toBeNull();
    expect(root.getAttribute("data-time-mode")).toBe("linear");
    cleanup();
  });

  it("a time past the run's end is no error: it stops at the end, as Python does", () => {
    const { model, root, cleanup } = opened("time_h", 1e9);
    expect(error(root)).toBeNull();
    expect(root.getAttribute("data-time-h")).toBe("48");
    expect(model.get("time_h"), "the kernel hears where it stopped").toBe(48);
    model.set("time_h", 1e12);
    expect(error(root)).toBeNull();
    expect(root.getAttribute("data-time-h")).toBe("48");
    cleanup();
  });

  it("the next good value of the trait ends the error; a good value of another trait does not", () => {
    const { model, root, cleanup } = opened("speed", -1);
    model.set("time_h", 2);
    expect(error(root), "the speed is still bad").toBe(`ketawidget: ${SPEED}; got -1`);
    model.set("speed", 6);
    expect(error(root)).toBeNull();
    expect(root.getAttribute("data-time-h")).toBe("2");
    expect((root.querySelector(".keta-speed") as HTMLSelectElement).value).toBe("6");
    expect(button(root, "Play").disabled).toBe(false);
    cleanup();
  });

  it.each([
    [Number.NaN, "NaN"], [Number.POSITIVE_INFINITY, "Infinity"], ["x", '"x"'], [-1, "-1"], [null, "null"],
  ])("a time_h change to %s shows the error, ended by the next good time", (value, shown) => {
    const { model, root, cleanup } = mount();
    model.set("time_h", 1);
    expect(root.getAttribute("data-time-h")).toBe("1");
    model.set("time_h", value);
    expect(root.classList.contains("keta-error")).toBe(true);
    expect(error(root)).toBe(`ketawidget: ${TIME_H}; got ${shown}`);
    expect(root.hasAttribute("data-time-h")).toBe(false);
    model.set("time_h", 5);
    expect(error(root)).toBeNull();
    expect(root.getAttribute("data-time-h")).toBe("5");
    cleanup();
  });

  it("a playing or log_time change that is not a boolean shows the error, ended by the next good value", () => {
    const { model, root, cleanup } = mount();
    model.set("playing", "yes");
    expect(error(root)).toBe('ketawidget: playing must be true or false; got "yes"');
    expect(root.getAttribute("data-playing")).toBe("false");
    model.set("playing", true);
    expect(error(root)).toBeNull();
    expect(root.getAttribute("data-playing")).toBe("true");
    model.set("playing", false);

    model.set("log_time", 1);
    expect(error(root)).toBe("ketawidget: log_time must be true or false; got 1");
    expect(root.getAttribute("data-time-mode")).toBe("linear");
    model.set("log_time", true);
    expect(error(root)).toBeNull();
    expect(root.getAttribute("data-time-mode")).toBe("log");
    cleanup();
  });

  it("the Log time button replaces a log_time that is not a boolean, which ends the error", () => {
    const { model, root, cleanup } = opened("log_time", "yes");
    expect(root.getAttribute("data-time-mode")).toBe("linear");
    button(root, "Log time").click();
    expect(model.get("log_time")).toBe(true);
    expect(model.save_changes).toHaveBeenCalled();
    expect(error(root)).toBeNull();
    expect(root.getAttribute("data-time-mode")).toBe("log");
    cleanup();
  });
});

/** The test run with one microscope run (at 0 h, one channel). */
function withMicroscope(): Record<string, unknown> {
  return {
    ...traits(),
    microscope_time_ms: f32([0, 5, 10]), microscope_moments_h: f32([0]), microscope_ketamine_uM: f32([0]),
    microscope_values: f32([0, 1, 0]), microscope_channels: ["ampa_open"], microscope_units: ["1"],
  };
}

describe("render() zoom", () => {
  it("drops the microscope run's attributes when it zooms back to the circuit", () => {
    const { root, cleanup } = mount(fakeModel(withMicroscope()));
    button(root, "Synapse zoom").click();
    expect(root.getAttribute("data-microscope-moment-h")).toBe("0");
    expect(root.getAttribute("data-microscope-ketamine-uM")).toBe("0");
    button(root, "Synapse zoom").click();
    runFrames(100);
    expect(root.getAttribute("data-zoom")).toBe("circuit");
    expect(root.hasAttribute("data-microscope-moment-h")).toBe(false);
    expect(root.hasAttribute("data-microscope-ketamine-uM")).toBe(false);
    cleanup();
  });
});

describe("render() accessibility", () => {
  it("announces what each shortcut did, once per key press, as the buttons do", () => {
    const { root, cleanup } = mount();
    const stage = root.querySelector(".keta-stage") as HTMLElement;
    const said = () => (root.querySelector(".keta-live")!.textContent ?? "").trim();
    const press = (key: string, shiftKey = false) => {
      stage.dispatchEvent(new KeyboardEvent("keydown", { key, shiftKey, bubbles: true, cancelable: true }));
      return said();
    };
    expect(press("ArrowRight")).toMatch(/^15 min\. Brain ketamine /);
    expect(press("ArrowRight", true)).toMatch(/^2\.8 h\. Brain ketamine /);
    expect(press("ArrowLeft", true)).toMatch(/^15 min\. /);
    expect(press("ArrowLeft")).toMatch(/^0 s\. /);
    expect(press("End")).toMatch(/^2 d\. Brain ketamine /);
    expect(press("Home")).toMatch(/^0 s\. /);
    expect(press("+")).toBe("Speed 30 min/s.");
    expect(press("-")).toBe("Speed 15 min/s.");
    expect(press("z")).toMatch(/^Synapse zoom/);
    expect(press("Z")).toBe("Circuit zoom.");
    expect(press("l")).toBe("Log time.");
    expect(press("L")).toBe("Linear time.");
    // Announced once: the frames that follow (drift, the redraw) say nothing more.
    runFrames(16);
    runFrames(500);
    expect(said()).toBe("Linear time.");
    // The step button says the same as its key.
    [...root.querySelectorAll("button")].find((b) => b.getAttribute("aria-label")?.startsWith("Step forward"))!.click();
    expect(said()).toMatch(/^15 min\. Brain ketamine /);
    cleanup();
  });

  it("moves focus from the error box to the diagram when the error clears", () => {
    const { model, root, cleanup } = mount();
    button(root, "Play").focus();
    (model as unknown as { emit(e: string, m: unknown): void }).emit("msg:custom", { type: "seek", time_h: "soon" });
    expect(document.activeElement).toBe(root.querySelector(".keta-error-box"));
    (model as unknown as { emit(e: string, m: unknown): void }).emit("msg:custom", { type: "seek", time_h: 1 });
    expect(root.classList.contains("keta-error")).toBe(false);
    expect(document.activeElement).toBe(root.querySelector(".keta-stage"));
    cleanup();
  });

  it("moves focus to the error box when an error disables the focused control", () => {
    const { model, root, cleanup } = mount();
    const play = button(root, "Play");
    play.focus();
    expect(document.activeElement).toBe(play);
    (model as unknown as { emit(e: string, m: unknown): void }).emit("msg:custom", { type: "seek", time_h: "soon" });
    const errorBox = root.querySelector(".keta-error-box") as HTMLElement;
    expect(errorBox.hidden).toBe(false);
    expect(play.disabled).toBe(true);
    expect(errorBox.getAttribute("tabindex")).toBe("-1");
    expect(document.activeElement).toBe(errorBox);
    cleanup();
  });

  it("re-shows every hidden layer that holds a story step's actors", () => {
    const { root, cleanup } = mount();
    button(root, "Start story").click();
    for (let i = 0; i < 3; i++) button(root, "Next step").click(); // to disinhibition-surge
    for (const name of ["Ions", "Labels", "Ketamine", "Interneuron"]) button(root, name).click();
    expect(root.classList.contains("keta-hide-ions")).toBe(true);
    expect(root.classList.contains("keta-hide-interneuron")).toBe(true);

    button(root, "Next step").click();
    expect(root.getAttribute("data-story-step")).toBe("ampa-activation");
    // The AMPA receptors' Na+ ions and the labels the caption quotes are back; the interneuron and the
    // free ketamine molecules, not part of this step, stay hidden.
    expect(root.classList.contains("keta-hide-ions")).toBe(false);
    expect(root.classList.contains("keta-hide-labels")).toBe(false);
    expect(root.classList.contains("keta-hide-interneuron")).toBe(true);
    expect(root.classList.contains("keta-hide-ketamine")).toBe(true);
    expect(button(root, "Ions").getAttribute("aria-pressed")).toBe("true");

    button(root, "Previous step").click(); // disinhibition: the interneuron
    expect(root.classList.contains("keta-hide-interneuron")).toBe(false);
    button(root, "Previous step").click(); // ketamine plugs interneurons: the ketamine molecules
    expect(root.classList.contains("keta-hide-ketamine")).toBe(false);
    cleanup();
  });

  it("shows AMPA activation and synaptic strength beside the spine, the numbers the captions quote", () => {
    const { root, cleanup } = mount();
    button(root, "Start story").click();
    for (let i = 0; i < 4; i++) button(root, "Next step").click();
    const caption = root.querySelector(".keta-story-caption")!.textContent!;
    const labels = [...root.querySelectorAll('[data-actor="ampa_receptor"] text')].map((t) => t.textContent);
    expect(caption).toContain("AMPA activation rises, +54% from baseline");
    expect(labels).toContain("AMPA activation +54%");
    expect(labels.some((l) => l?.startsWith("synaptic strength +"))).toBe(true);
    expect(labels.some((l) => l?.startsWith("AMPA receptors"))).toBe(false);
    cleanup();
  });
});

describe("render() presenting", () => {
  const keydown = (target: HTMLElement, key: string) =>
    target.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true }));
  const presentButton = (root: HTMLElement) => root.querySelector(".keta-present") as HTMLButtonElement;

  it("the Present button and F present and leave, and the button says which it will do", () => {
    const { root, cleanup } = mount();
    const stage = root.querySelector(".keta-stage") as HTMLElement;
    expect(root.getAttribute("data-presenting")).toBe("false");
    expect(presentButton(root).textContent).toBe("Present");
    expect(presentButton(root).title).toMatch(/\(F; Esc to leave\)/);
    presentButton(root).click();
    expect(root.getAttribute("data-presenting")).toBe("true");
    expect(root.classList.contains("keta-presenting")).toBe(true);
    expect(presentButton(root).textContent).toBe("Exit presentation");
    expect(root.querySelector(".keta-live")!.textContent).toMatch(/^Presenting/);
    keydown(stage, "f");
    expect(root.getAttribute("data-presenting")).toBe("false");
    expect(root.classList.contains("keta-presenting")).toBe(false);
    expect(presentButton(root).textContent).toBe("Present");
    keydown(stage, "F");
    expect(root.getAttribute("data-presenting")).toBe("true");
    cleanup();
  });

  it("the first Space after Present plays: the focus is on the diagram, not on the button now saying Exit", () => {
    const { root, cleanup } = mount();
    const stage = root.querySelector(".keta-stage") as HTMLElement;
    presentButton(root).focus();
    presentButton(root).click();
    expect(document.activeElement).toBe(stage);
    keydown(document.activeElement as HTMLElement, " ");
    expect([root.getAttribute("data-presenting"), root.getAttribute("data-playing")]).toEqual(["true", "true"]);
    // Leaving by the button (still reachable by Tab and the mouse): the next Space pauses, not presents.
    presentButton(root).focus();
    presentButton(root).click();
    expect(root.getAttribute("data-presenting")).toBe("false");
    expect(document.activeElement).toBe(stage);
    keydown(document.activeElement as HTMLElement, " ");
    expect([root.getAttribute("data-presenting"), root.getAttribute("data-playing")]).toEqual(["false", "false"]);
    cleanup();
  });

  it("after a click on the caption (no control), N goes to the next step and Space plays", () => {
    const { root, cleanup } = mount();
    presentButton(root).click();
    button(root, "Start story").click();
    expect(root.getAttribute("data-story-step")).toBe("glutamate-accelerator");
    // The browser gives a click's focus to the nearest focusable ancestor of what was clicked: the root.
    root.focus();
    expect(document.activeElement).toBe(root.querySelector(".keta-stage"));
    keydown(document.activeElement as HTMLElement, "n");
    expect(root.getAttribute("data-story-step")).toBe("nmda-vs-ampa");
    keydown(document.activeElement as HTMLElement, " ");
    expect(root.getAttribute("data-playing")).toBe("true");
    cleanup();
  });

  it("takes the keys pressed outside it while presenting, and JupyterLab hears none of them", () => {
    const { root, cleanup } = mount();
    // The notebook cell behind the fallback's layout, focused, and JupyterLab's listener on the document.
    const cell = document.createElement("div");
    cell.tabIndex = 0;
    document.body.appendChild(cell);
    const jupyterLab = vi.fn();
    document.addEventListener("keydown", jupyterLab);
    try {
      presentButton(root).click();
      button(root, "Start story").click();
      cell.focus();
      for (const key of ["d", "d"]) expect(keydown(cell, key)).toBe(false); // prevented: no cell deleted
      expect(jupyterLab).not.toHaveBeenCalled();
      expect(document.activeElement).toBe(root.querySelector(".keta-stage"));
      expect(root.getAttribute("data-presenting")).toBe("true");
      cell.focus();
      keydown(cell, "n");
      expect(root.getAttribute("data-story-step")).toBe("nmda-vs-ampa");
      keydown(document.body, "k");
      expect(root.getAttribute("data-playing")).toBe("true");
      expect(jupyterLab).not.toHaveBeenCalled();
      // Back in the notebook, the page's keys are JupyterLab's again.
      keydown(root.querySelector(".keta-stage") as HTMLElement, "Escape");
      expect(root.getAttribute("data-presenting")).toBe("false");
      cell.focus();
      expect(keydown(cell, "d")).toBe(true);
      expect(jupyterLab).toHaveBeenCalledTimes(1);
      expect(document.activeElement).toBe(cell);
    } finally {
      document.removeEventListener("keydown", jupyterLab);
      cleanup();
    }
  });

  it("Esc closes the help first, then leaves the presentation, then the story", () => {
    const { root, cleanup } = mount();
    const stage = root.querySelector(".keta-stage") as HTMLElement;
    const help = root.querySelector(".keta-help") as HTMLElement;
    button(root, "Start story").click();
    keydown(stage, "f");
    keydown(stage, "?");
    expect(help.hidden).toBe(false);
    keydown(stage, "Escape");
    expect([help.hidden, root.getAttribute("data-presenting"), root.hasAttribute("data-story-step")]).toEqual([true, "true", true]);
    keydown(stage, "Escape");
    expect([root.getAttribute("data-presenting"), root.hasAttribute("data-story-step")]).toEqual(["false", true]);
    keydown(stage, "Escape");
    expect(root.hasAttribute("data-story-step")).toBe(false);
    // Nothing left to close: Escape is JupyterLab's again (not prevented).
    const escape = new KeyboardEvent("keydown", { key: "Escape", bubbles: true, cancelable: true });
    stage.dispatchEvent(escape);
    expect(escape.defaultPrevented).toBe(false);
    cleanup();
  });

  it("works in the error state, as the other view shortcuts do", () => {
    const { model, root, cleanup } = mount();
    (model as unknown as { emit(e: string, m: unknown): void }).emit("msg:custom", { type: "seek", time_h: "soon" });
    expect(root.classList.contains("keta-error")).toBe(true);
    keydown(root.querySelector(".keta-stage") as HTMLElement, "f");
    expect(root.getAttribute("data-presenting")).toBe("true");
    cleanup();
  });

  it("keeps a paused diagram drawn while it fills the screen, whatever the observer last said", () => {
    const inView = fakeIntersection();
    const { root, cleanup } = mount();
    runFrames(16);
    inView(false); // scrolled half away, paused: the loop stops
    runFrames(32);
    expect(frames.size).toBe(0);
    keydown(root.querySelector(".keta-stage") as HTMLElement, "f");
    runFrames(48);
    runFrames(64);
    expect(frames.size, "presenting and paused: the drift goes on").toBe(1);
    keydown(root.querySelector(".keta-stage") as HTMLElement, "f");
    runFrames(80);
    runFrames(96);
    expect(frames.size, "back in the notebook, out of view: stopped again").toBe(0);
    cleanup();
  });

  it("is left by the view's cleanup: out of fullscreen, and the notebook's height given back", async () => {
    let fullscreenElement: Element | null = null;
    Object.defineProperty(document, "fullscreenElement", { configurable: true, get: () => fullscreenElement });
    document.exitFullscreen = vi.fn(async () => { fullscreenElement = null; });
    HTMLElement.prototype.requestFullscreen = vi.fn(async function (this: HTMLElement) {
      fullscreenElement = this;
      document.dispatchEvent(new Event("fullscreenchange"));
    });
    try {
      const { el, root, cleanup } = mount();
      presentButton(root).click();
      await Promise.resolve();
      expect(document.fullscreenElement).toBe(root);
      expect(el.style.minHeight).not.toBe("");
      cleanup();
      expect(document.exitFullscreen).toHaveBeenCalledTimes(1);
      expect(document.fullscreenElement).toBeNull();
      expect(el.style.minHeight).toBe("");
      expect(root.getAttribute("data-presenting")).toBe("false");
      const key = ([t, type, fn, cap]: Registration) => [t, type, fn, cap];
      const fullscreenListeners = added.filter(([, type]) => type === "fullscreenchange");
      expect(fullscreenListeners.length).toBe(1);
      expect(removed.map(key)).toContainEqual(key(fullscreenListeners[0]));
    } finally {
      Reflect.deleteProperty(document, "fullscreenElement");
      Reflect.deleteProperty(document, "exitFullscreen");
      Reflect.deleteProperty(HTMLElement.prototype, "requestFullscreen");
    }
  });
});

describe("render() story and seeks", () => {
  const step = (root: HTMLElement) => root.getAttribute("data-story-step");
  const caption = (root: HTMLElement) => root.querySelector(".keta-story-caption")!.textContent;
  const keydown = (root: HTMLElement, key: string) => root.querySelector(".keta-stage")!.dispatchEvent(
    new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true }));
  /** On the third step, at the peak of brain ketamine (0.5 h). */
  function onStep3() {
    const mounted = mount();
    button(mounted.root, "Start story").click();
    button(mounted.root, "Next step").click();
    button(mounted.root, "Next step").click();
    expect(step(mounted.root)).toBe("ketamine-plugs-interneurons");
    expect(mounted.root.getAttribute("data-time-h")).toBe("0.5");
    return mounted;
  }

  it("a seek from the kernel away from the step's moment leaves the story; its echo does not", () => {
    const { model, root, cleanup } = onStep3();
    model.set("time_h", 0.5); // the kernel confirms the step's own time
    expect(step(root)).toBe("ketamine-plugs-interneurons");
    model.set("time_h", 24); // Python moved the playhead
    expect(root.getAttribute("data-time-h")).toBe("24");
    expect(step(root)).toBeNull();
    expect(caption(root)).toBe("");
    expect(root.querySelector(".keta-live")!.textContent).toMatch(/^Story left: /);
    cleanup();
  });

  it("so does a seek message, and a lesson loaded on the last step (a new run and time 0 at once)", () => {
    const { model, root, cleanup } = onStep3();
    (model as unknown as { emit(e: string, m: unknown): void }).emit("msg:custom", { type: "seek", time_h: 1, playing: false });
    expect(step(root)).toBeNull();

    for (let i = 0; i < 8; i++) keydown(root, "n");
    expect(step(root)).toBe("why-rapid");
    const values = traits({ ...CHANNELS, ketamine_brain_uM: [0, 0.5, 0.4, 0.3, 0.02, 0, 0] });
    for (const key of ["trajectory_values", "time_h"] as const) model.set(key, values[key]);
    return Promise.resolve().then(() => {
      expect(root.getAttribute("data-time-h")).toBe("0");
      expect(step(root)).toBeNull();
      expect(caption(root)).toBe("");
      cleanup();
    });
  });

  it("a user's seek leaves it too: the scrubber, the step buttons, Shift + the arrows, Home and End", () => {
    const shifted = (root: HTMLElement, key: string) => root.querySelector(".keta-stage")!.dispatchEvent(
      new KeyboardEvent("keydown", { key, shiftKey: true, bubbles: true, cancelable: true }));
    for (const seek of ["scrub", "step button", "Shift+ArrowRight", "Shift+ArrowLeft", "Home", "End"]) {
      const { root, cleanup } = onStep3();
      if (seek === "scrub") {
        const scrub = root.querySelector(".keta-scrub") as HTMLInputElement;
        scrub.value = String(Number(scrub.value) + 5);
        scrub.dispatchEvent(new Event("input", { bubbles: true }));
      } else if (seek === "step button") {
        [...root.querySelectorAll("button")].find((b) => b.getAttribute("aria-label")?.startsWith("Step forward"))!.click();
      } else if (seek.startsWith("Shift+")) {
        shifted(root, seek.slice(6));
      } else {
        keydown(root, seek);
      }
      expect(root.getAttribute("data-time-h"), seek).not.toBe("0.5");
      expect(step(root), seek).toBeNull();
      cleanup();
    }
  });

  it("a presenter's clicker goes through the steps: \u2192 and PageDown to the next, \u2190 and PageUp back", () => {
    const { root, model, cleanup } = onStep3();
    const sent = () => model.set.mock.calls.filter(([key]) => key === "time_h").length;
    const order = ["glutamate-accelerator", "nmda-vs-ampa", "ketamine-plugs-interneurons", "disinhibition-surge"];
    for (const [key, wanted] of [["ArrowRight", 3], ["ArrowLeft", 2], ["PageDown", 3], ["PageUp", 2], ["PageUp", 1], ["ArrowLeft", 0]] as const) {
      const event = new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true });
      root.querySelector(".keta-stage")!.dispatchEvent(event);
      expect(step(root), key).toBe(order[wanted]);
      expect(event.defaultPrevented, `${key} scrolls no page`).toBe(true);
    }
    // Nothing before the first step, and nothing after the last: a step shown again would seek back.
    const before = sent();
    keydown(root, "ArrowLeft");
    keydown(root, "PageUp");
    expect(step(root)).toBe("glutamate-accelerator");
    expect(sent()).toBe(before);
    for (let i = 0; i < STORY_STEPS.length + 2; i++) keydown(root, "PageDown");
    expect(step(root)).toBe("why-rapid");
    keydown(root, " "); // play on from the last step
    const playing = sent();
    keydown(root, "ArrowRight");
    expect(step(root)).toBe("why-rapid");
    expect(root.getAttribute("data-playing")).toBe("true");
    expect(sent()).toBe(playing);
    keydown(root, " ");
    cleanup();
  });

  /**
   * Presenting, with every caption too long for its room (1,500 px² of text in a 100-px room: it scrolls):
   * the caption's scroll offset and the story's step after each `press`, from step `at` with its caption
   * `pagedIn` pages (PageDown) in, until the step changes (or 20 presses).
   */
  function captionPresses(at: number, pagedIn: number, press: (root: HTMLElement) => void): Array<[number, string | null]> {
    const { root, cleanup } = mount();
    button(root, "Start story").click();
    const story = root.querySelector(".keta-story") as HTMLElement;
    const caption = root.querySelector(".keta-story-caption") as HTMLElement;
    const restore = stubCaptionLayout(story, caption, 1500, 100);
    try {
      (root.querySelector(".keta-present") as HTMLButtonElement).click();
      for (let i = 0; i < 20 && step(root) !== STORY_STEPS[at].id; i++) keydown(root, "PageDown");
      for (let i = 0; i < pagedIn; i++) keydown(root, "PageDown");
      expect(step(root)).toBe(STORY_STEPS[at].id);
      const seen: Array<[number, string | null]> = [];
      for (let i = 0; i < 20 && step(root) === STORY_STEPS[at].id; i++) {
        press(root);
        seen.push([caption.scrollTop, step(root)]);
      }
      return seen;
    } finally {
      restore();
      cleanup();
    }
  }

  /** `captionPresses` by clicks on the story's `which` button, and the button's words before each click. */
  function buttonPresses(which: "next" | "previous", at: number, pagedIn: number) {
    const labels: string[] = [];
    const clicked = captionPresses(at, pagedIn, (root) => {
      const b = root.querySelector(`.keta-story-${which}`) as HTMLButtonElement;
      labels.push(b.textContent!);
      b.click();
    });
    return { clicked, labels };
  }

  it("presenting a caption too long for its room, Next step pages it to its end first, as PageDown does", () => {
    const { clicked, labels } = buttonPresses("next", 0, 0);
    expect(clicked.length).toBeGreaterThan(2); // at least two pages of the caption, then the next step
    expect(clicked.slice(0, -1).every(([, at]) => at === STORY_STEPS[0].id)).toBe(true);
    expect(clicked[clicked.length - 1][1]).toBe(STORY_STEPS[1].id);
    expect(clicked[clicked.length - 1][0]).toBe(0); // the next step's caption from its first line
    // "More" while the caption had more to read, "Next step" for the press that moved on.
    expect(labels).toEqual([...labels.slice(0, -1).map(() => NEXT_PAGE), NEXT_STEP]);
    expect(captionPresses(0, 0, (root) => keydown(root, "PageDown"))).toEqual(clicked);
  });

  it("presenting a caption paged on, Previous step pages it back to its start first, as PageUp does", () => {
    // The second step, two pages into its caption (the teacher read on, then wants the lines above).
    const { clicked, labels } = buttonPresses("previous", 1, 2);
    expect(clicked.length).toBe(3); // two pages back, then the step before
    expect(clicked.slice(0, -1).map(([, at]) => at)).toEqual([STORY_STEPS[1].id, STORY_STEPS[1].id]);
    expect(clicked[0][0]).toBeGreaterThan(0);
    expect(clicked[1][0]).toBe(0); // at the caption's start, still on its step
    expect(clicked[2][1]).toBe(STORY_STEPS[0].id);
    // "Back" while lines of the caption were above, "Previous step" for the press that went back.
    expect(labels).toEqual([PREVIOUS_PAGE, PREVIOUS_PAGE, PREVIOUS_STEP]);
    expect(captionPresses(1, 2, (root) => keydown(root, "PageUp"))).toEqual(clicked);
  });

  it("outside the story \u2192 still steps the playhead, and PageDown is left to the page", () => {
    const { root, cleanup } = mount();
    keydown(root, "ArrowRight");
    expect(root.getAttribute("data-time-h")).not.toBe("0");
    expect(step(root)).toBeNull();
    const page = new KeyboardEvent("keydown", { key: "PageDown", bubbles: true, cancelable: true });
    root.querySelector(".keta-stage")!.dispatchEvent(page);
    expect(page.defaultPrevented).toBe(false);
    expect(step(root)).toBeNull();
    cleanup();
  });

  it("playing on from a step keeps it, and a new run re-shows it at its new moment", async () => {
    const { model, root, cleanup } = onStep3();
    keydown(root, " ");
    expect(root.getAttribute("data-playing")).toBe("true");
    expect(step(root)).toBe("ketamine-plugs-interneurons");
    keydown(root, " ");
    const values = traits({ ...CHANNELS, ketamine_brain_uM: [0, 0.3, 0.4, 0.2, 0.01, 0, 0] });
    model.set("trajectory_values", values.trajectory_values);
    await Promise.resolve();
    expect(step(root)).toBe("ketamine-plugs-interneurons");
    expect(root.getAttribute("data-time-h")).toBe("0.75");
    cleanup();
  });
});

describe("render() log_time trait", () => {
  const timeMode = (root: HTMLElement) => root.getAttribute("data-time-mode");
  const pressL = (root: HTMLElement) => root.querySelector(".keta-stage")!.dispatchEvent(
    new KeyboardEvent("keydown", { key: "l", bubbles: true, cancelable: true }));

  it("opens in the model's time mode and follows its changes (the lab's log-time switch)", () => {
    const values = traits();
    values.log_time = true;
    const model = fakeModel(values);
    const { root, cleanup } = mount(model);
    expect(timeMode(root)).toBe("log");
    expect(button(root, "Log time").getAttribute("aria-pressed")).toBe("true");
    model.save_changes.mockClear();
    model.set("log_time", false);
    expect(timeMode(root)).toBe("linear");
    expect(button(root, "Log time").getAttribute("aria-pressed")).toBe("false");
    expect(root.querySelector(".keta-scrub")!.getAttribute("aria-label")).toBe("Time since first dose");
    model.set("log_time", true);
    expect(timeMode(root)).toBe("log");
    expect(root.querySelector(".keta-scrub")!.getAttribute("aria-label")).toBe("Time since first dose (log scale)");
    expect(model.save_changes).not.toHaveBeenCalled(); // a change from the kernel is not sent back
    cleanup();
  });

  it("the Log time button, the L key and Reset view set the trait and save it", () => {
    const { model, root, cleanup } = mount();
    expect(timeMode(root)).toBe("linear");
    button(root, "Log time").click();
    expect(model.get("log_time")).toBe(true);
    expect(model.save_changes).toHaveBeenCalled();
    model.save_changes.mockClear();
    pressL(root);
    expect(timeMode(root)).toBe("linear");
    expect(model.get("log_time")).toBe(false);
    expect(model.save_changes).toHaveBeenCalledTimes(1);
    pressL(root);
    expect(model.get("log_time")).toBe(true);
    model.save_changes.mockClear();
    button(root, "Reset view").click();
    expect(timeMode(root)).toBe("linear");
    expect(model.get("log_time")).toBe(false);
    expect(model.save_changes).toHaveBeenCalledTimes(1); // one save for the whole reset
    cleanup();
  });

  describe("where no lab in the kernel picks the speed (a lone diagram, a saved page)", () => {
    // The run is 48 h long: 1 h/s plays it in 48 s in linear time, 0.1 h/s in 39 s in log time.
    const withSpeed = (speed: number, more: Record<string, unknown> = {}) => fakeModel({ ...traits(), speed, ...more });
    const saves = (model: ReturnType<typeof fakeModel>) => model.save_changes.mock.calls.length;

    it("switching the time mode picks the speed again for the new mode, in the same save, and back", () => {
      const model = withSpeed(1);
      const { root, cleanup } = mount(model);
      model.save_changes.mockClear();
      button(root, "Log time").click();
      expect([model.get("log_time"), model.get("speed")]).toEqual([true, 0.1]);
      expect(saves(model)).toBe(1);
      expect((root.querySelector(".keta-speed") as HTMLSelectElement).value).toBe("0.1"); // the menu follows
      pressL(root);
      expect([model.get("log_time"), model.get("speed")]).toEqual([false, 1]);
      pressL(root);
      button(root, "Reset view").click(); // back to linear time: the speed too
      expect([model.get("log_time"), model.get("speed")]).toEqual([false, 1]);
      cleanup();
    });

    it("keeps a speed the user chose here, and one that is not the speed picked for the mode left", () => {
      const chosen = withSpeed(1);
      const { root, cleanup } = mount(chosen);
      const menu = root.querySelector(".keta-speed") as HTMLSelectElement;
      menu.value = "2";
      menu.dispatchEvent(new Event("change", { bubbles: true }));
      menu.value = "1"; // the picked speed again, but chosen
      menu.dispatchEvent(new Event("change", { bubbles: true }));
      button(root, "Log time").click();
      expect([chosen.get("log_time"), chosen.get("speed")]).toEqual([true, 1]);
      cleanup();
      const set = withSpeed(0.25); // a speed the author gave (the default here)
      const other = mount(set);
      button(other.root, "Log time").click();
      expect([set.get("log_time"), set.get("speed")]).toEqual([true, 0.25]);
      other.cleanup();
    });

    it("leaves the speed to a lab in the kernel (kernel_picks_speed)", () => {
      const model = withSpeed(1, { kernel_picks_speed: true });
      const { root, cleanup } = mount(model);
      button(root, "Log time").click();
      expect([model.get("log_time"), model.get("speed")]).toEqual([true, 1]);
      cleanup();
    });
  });

  it("shows a speed the kernel would refuse as an error, ended by the next good speed", () => {
    const { model, root, cleanup } = mount();
    model.set("speed", 1000); // a jslinked slider beyond the range (review: it played at 1000 silently)
    expect(root.classList.contains("keta-error")).toBe(true);
    expect(root.getAttribute("data-error")).toBe("ketawidget: speed must be a number from 0.0166667 to 720 h/s; got 1000");
    model.set("speed", 2);
    expect(root.classList.contains("keta-error")).toBe(false);
    expect((root.querySelector(".keta-speed") as HTMLSelectElement).value).toBe("2");
    cleanup();
  });

  it("Reset view leaves the speed the lab picked for the run", () => {
    const { model, root, cleanup } = mount();
    model.set("speed", 6);
    model.save_changes.mockClear();
    button(root, "Reset view").click();
    expect(model.get("speed")).toBe(6);
    cleanup();
  });

  it("works in the error state too, so the two switches never drift apart", () => {
    const values = traits();
    values.trajectory_time_h = f32([0, 1, 1, 2, 3, 4, 5]);
    const model = fakeModel(values);
    const { root, cleanup } = mount(model);
    expect(root.classList.contains("keta-error")).toBe(true);
    button(root, "Log time").click();
    expect(model.get("log_time")).toBe(true);
    model.set("log_time", false);
    expect(timeMode(root)).toBe("linear");
    cleanup();
  });
});

describe("render() controls' names", () => {
  it("calls its reset \"Reset view\": the lab's toolbar has a Reset of its own, for the lesson", () => {
    const { root, cleanup } = mount();
    const reset = root.querySelector(".keta-reset") as HTMLButtonElement;
    expect(reset.textContent).toBe("Reset view");
    expect(reset.getAttribute("aria-label") ?? reset.textContent).toBe("Reset view");
    expect(reset.title).toMatch(/^Reset the diagram's view/);
    expect([...root.querySelectorAll("button")].filter((b) => b.textContent === "Reset")).toHaveLength(0);
    expect(root.querySelector(".keta-help")!.textContent).toContain("reset the view");
    cleanup();
  });

  it("says in the synapse zoom that the speed is the circuit's, not the millisecond clock's", () => {
    const { root, cleanup } = mount();
    const select = root.querySelector(".keta-speed") as HTMLSelectElement;
    const caption = root.querySelector(".keta-speed-caption")!;
    expect(caption.textContent).toBe("speed");
    expect(select.getAttribute("aria-label")).toBe("Playback speed (simulated time per second)");
    button(root, "Synapse zoom").click();
    expect(caption.textContent).toBe("circuit speed");
    expect(select.getAttribute("aria-label")).toMatch(/^Circuit playback speed .*millisecond clock runs on its own/);
    expect(select.title).toMatch(/^Circuit playback speed/);
    button(root, "Synapse zoom").click();
    expect(caption.textContent).toBe("speed");
    cleanup();
  });
});

describe("render() relative readouts at baseline", () => {
  it("read \"±0%\" (no change), not \"0%\" (none), in the labels, gauges, readout and live region", () => {
    const { root, cleanup } = mount(); // time 0: every _rel channel at 1
    const texts = (selector: string) => [...root.querySelectorAll(selector)].map((t) => t.textContent ?? "");
    const svgTexts = texts(".keta-view-circuit text");
    expect(svgTexts).toContain("AMPA activation \u00b10%");
    expect(svgTexts).toContain("synaptic strength \u00b10%");
    expect(texts('[data-actor="glutamate"] text').join(" ")).toContain("\u00b10%");
    expect(texts('[data-actor-part="new_spines"] text').join(" ")).toContain("\u00b10%");
    expect(texts('[data-actor="cascade"] text').filter((t) => t === "\u00b10%").length).toBeGreaterThan(0);
    expect(svgTexts.filter((t) => /(^|\s)0%$/.test(t) && !/block/.test(t))).toEqual([]);
    const readout = root.querySelector(".keta-readout")!.textContent!;
    expect(readout).toContain("glutamate\u00b10%");
    expect(readout).toContain("spines\u00b10%");
    root.querySelector(".keta-stage")!.dispatchEvent(new KeyboardEvent("keydown", { key: "Home", bubbles: true, cancelable: true }));
    expect(root.querySelector(".keta-live")!.textContent).toContain("glutamate \u00b10%, BDNF \u00b10%, spine density \u00b10% from baseline");
    cleanup();
  });
});

describe("render() BDNF and new spines", () => {
  // bdnf_knockout with chronic stress: no BDNF (TrkB at its baseline activity); spines from 0.8 to 0.98.
  const knockoutStressed = () => fakeModel(traits({
    ...CHANNELS,
    bdnf_rel: TIME.map(() => 0),
    trkb_activation_rel: TIME.map(() => 1),
    spine_density_rel: [0.8, 0.8, 0.8, 0.81, 0.85, 0.95, 0.98],
  }));
  it("draws no BDNF in a knockout, on its way or docked, while TrkB keeps its lit baseline", () => {
    const { root, cleanup } = mount(knockoutStressed());
    const shown = [...root.querySelectorAll(".keta-bdnf-flight > g")].filter((g) => g.getAttribute("visibility") === "visible");
    const docked = [...root.querySelectorAll(".keta-trkb-group .keta-bdnf")].filter((g) => Number(g.getAttribute("opacity")) > 0);
    const lit = [...root.querySelectorAll(".keta-trkb-group .keta-trkb-lit")].filter((g) => Number(g.getAttribute("opacity")) > 0);
    expect(shown).toHaveLength(0);
    expect(docked).toHaveLength(0);
    expect(lit).toHaveLength(1);
    cleanup();
  });
  it("outlines as new only the spines grown since the run's start", () => {
    const { root, model, cleanup } = mount(knockoutStressed());
    model.emit("msg:custom", { type: "seek", time_h: 48 });
    const grown = [...root.querySelectorAll(".keta-new-spines path")].filter((p) => p.getAttribute("visibility") === "visible");
    expect(grown).toHaveLength(3); // 0.98: 2.8 spines' worth, of which the run started with one
    expect(grown.map((p) => p.classList.contains("keta-spine-new"))).toEqual([false, true, true]);
    cleanup();
  });
});

/** An IntersectionObserver the test drives: `inView(false)` scrolls every observed element away. */
function fakeIntersection(): (isIntersecting: boolean) => void {
  const observers: Array<{ callback: IntersectionObserverCallback; targets: Element[] }> = [];
  vi.stubGlobal("IntersectionObserver", class {
    targets: Element[] = [];
    constructor(readonly callback: IntersectionObserverCallback) { observers.push(this); }
    observe(target: Element) { this.targets.push(target); }
    unobserve() { /* not used */ }
    disconnect() { this.targets = []; }
    takeRecords() { return []; }
  });
  return (isIntersecting) => {
    for (const o of observers) {
      if (o.targets.length === 0) continue;
      const entries = o.targets.map((target) => ({ target, isIntersecting }) as unknown as IntersectionObserverEntry);
      o.callback(entries, o as unknown as IntersectionObserver);
    }
  };
}

describe("render() out of view", () => {
  const scene = (root: HTMLElement) => root.querySelector("svg.keta-view-circuit")!.innerHTML;
  const timeSent = (model: ReturnType<typeof fakeModel>) => model.set.mock.calls.filter(([key]) => key === "time_h").length;

  it("requests no frames while paused, until a seek, a play or coming into view wakes it", () => {
    const inView = fakeIntersection();
    const { model, root, cleanup } = mount();
    runFrames(16);
    inView(false);
    runFrames(32); // the last frame: nothing to do
    expect(frames.size).toBe(0);
    const requested = (requestAnimationFrame as ReturnType<typeof vi.fn>).mock.calls.length;
    runFrames(48);
    runFrames(64);
    expect((requestAnimationFrame as ReturnType<typeof vi.fn>).mock.calls.length).toBe(requested);

    root.querySelector(".keta-stage")!.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowRight", bubbles: true }));
    expect(frames.size, "a seek wakes it").toBe(1);
    runFrames(80); // sends nothing new, draws nothing: stops again
    expect(frames.size).toBe(0);

    inView(true);
    expect(frames.size, "coming into view wakes it").toBe(1);
    runFrames(96);
    expect(frames.size, "in view and paused: the drift goes on").toBe(1);
    inView(false);
    runFrames(112);
    expect(frames.size).toBe(0);

    model.set("playing", true);
    expect(frames.size, "a play wakes it").toBe(1);
    cleanup();
    expect(frames.size).toBe(0);
  });

  it("keeps playing out of view, reports the playhead, but leaves the scene alone until it is in view", () => {
    const inView = fakeIntersection();
    const { model, root, cleanup } = mount();
    inView(false);
    model.set("playing", true);
    const t0 = performance.now();
    const drawn = scene(root);
    const sentBefore = timeSent(model);
    for (let i = 1; i <= 8; i++) runFrames(t0 + i * 250); // 2 s at 15 min/s
    expect(Number(root.getAttribute("data-time-h"))).toBeCloseTo(0.5, 1);
    expect(Number(root.getAttribute("data-brain-uM")), "the values follow the time").toBeGreaterThan(0.3);
    expect(timeSent(model), "the kernel hears the playhead").toBeGreaterThan(sentBefore);
    expect(scene(root), "no scene drawn out of view").toBe(drawn);

    inView(true);
    runFrames(t0 + 2250);
    expect(scene(root)).not.toBe(drawn);
    cleanup();
  });

  it("ends the run out of view: the kernel hears it, the live region says it, and the loop stops", () => {
    const inView = fakeIntersection();
    const { model, root, cleanup } = mount();
    model.set("time_h", 47.9);
    inView(false);
    model.set("playing", true);
    const t0 = performance.now();
    for (let i = 1; i <= 4; i++) runFrames(t0 + i * 250);
    expect(root.getAttribute("data-playing")).toBe("false");
    expect(root.getAttribute("data-time-h")).toBe("48");
    expect(model.get("playing")).toBe(false);
    expect(model.get("time_h")).toBe(48);
    expect(root.querySelector(".keta-live")!.textContent).toMatch(/^End of trajectory at 2 d\./);
    expect(frames.size).toBe(0);
    cleanup();
  });
});

describe("render() while an update that does not decode waits for its missing parts", () => {
  it("a step neither moves the playhead nor announces dashes; once the run decodes it does both", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const { model, root, cleanup } = mount();
    const said = () => (root.querySelector(".keta-live")!.textContent ?? "").trim();
    const stepKey = () => root.querySelector(".keta-stage")!.dispatchEvent(
      new KeyboardEvent("keydown", { key: "ArrowRight", bubbles: true, cancelable: true }));
    model.set("trajectory_time_h", f32([0, 1, 1, 2, 3, 4, 5])); // not increasing: waits for the grace
    await Promise.resolve();
    expect(root.classList.contains("keta-error")).toBe(false);
    model.set.mockClear();
    stepKey();
    [...root.querySelectorAll("button")].find((b) => b.getAttribute("aria-label")?.startsWith("Step forward"))!.click();
    expect(said()).toBe("");
    expect(model.set).not.toHaveBeenCalledWith("time_h", expect.anything());
    button(root, "Reset view").click();
    expect(said()).toBe("View reset.");

    model.set("trajectory_time_h", f32(TIME)); // the missing part arrives
    await Promise.resolve();
    stepKey();
    expect(said()).toMatch(/^15 min\. Brain ketamine /);
    expect(model.get("time_h")).toBe(0.25);
    cleanup();
  });
});

describe("render() what the run is (run_description, run_conditions)", () => {
  const NBQX = { run_description: "0.5 mg/kg IV over 40 min with NBQX", run_conditions: ["nbqx"] };
  const runLine = (root: HTMLElement) => root.querySelector(".keta-story-run") as HTMLElement;
  const toStep = (root: HTMLElement, id: string) => {
    button(root, "Start story").click();
    while (root.getAttribute("data-story-step") !== id) button(root, "Next step").click();
  };

  it("names the run over the story and its conditions on the root, and the AMPA step names NBQX", () => {
    const { root, cleanup } = mount(fakeModel({ ...traits(), wire_version: 3, ...NBQX }));
    expect(runLine(root).hidden).toBe(false);
    expect(runLine(root).textContent).toBe("This run: 0.5 mg/kg IV over 40 min with NBQX");
    expect(root.getAttribute("data-run-conditions")).toBe("nbqx");
    toStep(root, "ampa-activation");
    expect(root.querySelector(".keta-story-title")!.textContent).toBe("NBQX blocks the AMPA receptors");
    expect(root.querySelector(".keta-story-caption")!.textContent).toMatch(/^NBQX, given before ketamine in this run, as in the rodent experiments, blocks AMPA receptors/);
    cleanup();
  });

  it("tells the story of a rodent run named so in its description: the model's fall of glutamate is its disagreement", () => {
    // Mouse 10 mg/kg i.p.: glutamate first falls well below baseline (the disinhibition step goes there).
    const falls = { ...CHANNELS, glutamate_rel: [1, 0.05, 2.5, 1.2, 1, 1, 1] };
    for (const [description, named] of [["10 mg/kg i.p. injection (mouse)", true], ["2 mg/kg IV bolus", false]] as const) {
      const { root, cleanup } = mount(fakeModel({ ...traits(falls), wire_version: 3, run_description: description, run_conditions: [] }));
      toStep(root, "disinhibition-surge");
      expect(root.querySelector(".keta-story-title")!.textContent).toBe("Too much block: glutamate falls");
      expect(root.querySelector(".keta-story-caption")!.textContent!.includes("Moghaddam et al. (1997)"), description).toBe(named);
      cleanup();
    }
  });

  it("says nothing of a run that says nothing of itself: a version-2 kernel's, or one made by hand", () => {
    for (const extra of [{}, { wire_version: 3, run_description: "", run_conditions: [] }]) {
      const { root, cleanup } = mount(fakeModel({ ...traits(), ...extra }));
      expect(root.classList.contains("keta-error")).toBe(false);
      expect(runLine(root).hidden).toBe(true);
      expect(root.hasAttribute("data-run-conditions")).toBe(false);
      toStep(root, "ampa-activation");
      expect(root.querySelector(".keta-story-title")!.textContent).toBe("The surge acts through AMPA receptors");
      expect(root.querySelector(".keta-story-caption")!.textContent).not.toMatch(/NBQX/);
      cleanup();
    }
  });

  it("a new run's conditions re-word the step shown", async () => {
    const model = fakeModel({ ...traits(), wire_version: 3, run_description: "0.5 mg/kg IV over 40 min", run_conditions: [] });
    const { root, cleanup } = mount(model);
    toStep(root, "ampa-activation");
    expect(root.querySelector(".keta-story-title")!.textContent).toBe("The surge acts through AMPA receptors");
    model.set("run_conditions", ["nbqx"]);
    model.set("run_description", NBQX.run_description);
    await Promise.resolve();
    expect(root.getAttribute("data-story-step")).toBe("ampa-activation");
    expect(root.querySelector(".keta-story-title")!.textContent).toBe("NBQX blocks the AMPA receptors");
    expect(runLine(root).textContent).toBe("This run: 0.5 mg/kg IV over 40 min with NBQX");
    cleanup();
  });

  it("marks the run's pre-treatments in the scene where they act, and a new run's replace them", async () => {
    const model = fakeModel({ ...traits(), wire_version: 3, ...NBQX });
    const { root, cleanup } = mount(model);
    const marked = () => [...root.querySelectorAll(".keta-view-circuit .keta-pretreatment")].map((c) => c.getAttribute("data-condition"));
    expect(marked()).toEqual(["nbqx"]);
    expect(root.querySelector("[data-actor-part='ampa_receptor'] [data-condition='nbqx'] title")!.textContent).toMatch(/^NBQX blocks AMPA receptors: /);
    expect(root.querySelector(".keta-view-circuit")!.getAttribute("aria-label")).toMatch(/ Marked in this run: NBQX blocks AMPA receptors: [^;]*\.$/);
    model.set("run_conditions", ["nifedipine", "rapamycin"]);
    model.set("run_description", "0.5 mg/kg IV over 40 min with rapamycin, nifedipine");
    await Promise.resolve();
    expect(marked()).toEqual(["nifedipine", "rapamycin"]);
    model.set("run_conditions", []);
    await Promise.resolve();
    expect(marked()).toEqual([]);
    expect(root.querySelector(".keta-view-circuit")!.getAttribute("aria-label")).not.toMatch(/Marked/);
    cleanup();
  });

  it("shows both legends' entries for the run's marks, and a new run's (none in the error state)", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const model = fakeModel({ ...traits(), wire_version: 3, ...NBQX });
    const { root, cleanup } = mount(model);
    const entries = (legend: string) => [...root.querySelectorAll<HTMLLIElement>(`.keta-legend-${legend} li`)].filter((li) => !li.hidden).map((li) => li.textContent);
    const markEntries = (legend = "circuit") => entries(legend).filter((t) => /NBQX|pre-treatment/.test(t!));
    const NBQX_ENTRY = "NBQX in an AMPA receptor (keeps glutamate out)";
    expect(markEntries()).toEqual([NBQX_ENTRY]);
    expect(markEntries("synapse")).toEqual([NBQX_ENTRY]);
    model.set("run_conditions", ["nifedipine", "rapamycin"]);
    await Promise.resolve();
    expect(markEntries()).toEqual(["blocked by a pre-treatment (named beside it)"]);
    expect(markEntries("synapse")).toEqual([]); // the synapse zoom draws no block signs
    model.set("run_conditions", ["nbqx", "anisomycin"]);
    await Promise.resolve();
    expect(markEntries()).toEqual([NBQX_ENTRY, "blocked by a pre-treatment (named beside it)"]);
    expect(markEntries("synapse")).toEqual([NBQX_ENTRY]);
    model.set("run_conditions", ["nbqx", "lithium"]);
    await Promise.resolve();
    vi.advanceTimersByTime(1_000); // past the grace for an update split over several messages
    expect(root.classList.contains("keta-error")).toBe(true);
    expect(markEntries()).toEqual([]); // the run they explained is not shown
    expect(markEntries("synapse")).toEqual([]);
    model.set("run_conditions", []);
    await Promise.resolve();
    expect(root.classList.contains("keta-error")).toBe(false);
    expect(markEntries()).toEqual([]);
    expect(markEntries("synapse")).toEqual([]);
    expect(entries("circuit")).toContain("ketamine"); // the rest of the legends stays
    expect(entries("synapse")).toContain("AMPA open");
    cleanup();
  });

  it("shows a condition it does not know as an error, never a story that leaves it out, until a good run comes", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const values: Record<string, unknown> = { ...traits(), wire_version: 3, ...NBQX, playing: true };
    const model = fakeModel(values);
    const { root, cleanup } = mount(model);
    expect(root.classList.contains("keta-error")).toBe(false);
    model.set("run_conditions", ["nbqx", "lithium"]);
    await Promise.resolve();
    vi.advanceTimersByTime(1_000); // past the grace for an update split over several messages
    expect(root.classList.contains("keta-error")).toBe(true);
    expect(root.getAttribute("data-error")).toMatch(/run_conditions\[1\]: unknown condition "lithium" \(known: anisomycin, .*rapamycin\)/);
    expect(root.querySelector(".keta-error-box")!.textContent).toMatch(/unknown condition "lithium"/);
    expect(model.get("playing")).toBe(false); // nothing plays in the error state
    expect(root.hasAttribute("data-time-h")).toBe(false);
    expect(runLine(root).hidden).toBe(true); // the run it named is not shown
    expect(root.hasAttribute("data-run-conditions")).toBe(false);
    expect(root.querySelector(".keta-pretreatment")).toBeNull(); // nor marks for the run it named
    expect(button(root, "Start story").disabled).toBe(true);
    model.set("run_conditions", ["nbqx"]);
    await Promise.resolve();
    expect(root.classList.contains("keta-error")).toBe(false);
    expect(root.getAttribute("data-run-conditions")).toBe("nbqx");
    expect(runLine(root).hidden).toBe(false);
    cleanup();
  });

  it("shows a description that is no string as an error at once, in the first state", () => {
    const { root, cleanup } = mount(fakeModel({ ...traits(), wire_version: 3, run_description: 42, run_conditions: [] }));
    expect(root.getAttribute("data-error")).toMatch(/^Invalid trajectory: run_description: expected a string, got number/);
    cleanup();
  });
});

describe("render() inside kw.KetamineLab", () => {
  it("mends the lab's controls, and its cleanup stops watching them", async () => {
    const lab = document.createElement("div");
    lab.className = "keta-lab";
    lab.innerHTML = "<div class='widget-dropdown'><label class='widget-label'>Lesson</label><select></select></div>";
    document.body.appendChild(lab);
    const el = document.createElement("div");
    lab.appendChild(el);
    const cleanup = (widget as unknown as { render(p: unknown): () => void }).render({ model: fakeModel(), el });
    expect(lab.querySelector("select")!.getAttribute("data-lm-suppress-shortcuts")).toBe("true");
    const listeners = added.filter(([target]) => target === document).length;
    cleanup();
    expect(removed.filter(([target]) => target === document).length).toBe(listeners);
    lab.appendChild(document.createElement("select"));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(lab.querySelectorAll("select")[1].hasAttribute("data-lm-suppress-shortcuts")).toBe(false);
  });
});
