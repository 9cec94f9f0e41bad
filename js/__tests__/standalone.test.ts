// @vitest-environment happy-dom
/**
 * Tests of the standalone page's host (js/standalone/): its model keeps Backbone's semantics (set stores
 * and fires change:<key> then change, at once, only for a value that differs by _.isEqual's rules, and
 * not at all when silent; on/off as Backbone's; save_changes and send do nothing), the saved state
 * decodes into the traits with binary ones as DataViews (and a damaged one says what is wrong), and
 * startPage loads a widget module and renders it with that model into the page's diagram element, or
 * says in the page why it cannot. Last, the real widget (js/index.ts) runs on the page model: it draws
 * the saved run, and Play plays through the model's change events alone.
 */

import { afterEach, describe, expect, it, vi } from "vitest";
import { createPageModel, sameValue } from "../standalone/page_model";
import { EmbeddedPageError, PAGE_IDS, decodeSavedState, readEmbeddedPage } from "../standalone/embedded_page";
import { startPage } from "../standalone/start_page";
import { f32 } from "./bytes";

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  document.body.replaceChildren();
});

/** The handler calls a model made: [event, args] in order. */
function recorder(model: ReturnType<typeof createPageModel>, events: string[]) {
  const calls: Array<[string, unknown[]]> = [];
  for (const event of events) model.on(event, (...args: unknown[]) => calls.push([event, args]));
  return calls;
}

describe("page model: set", () => {
  it("stores the value and fires change:<key>, then change, before it returns", () => {
    const model = createPageModel({ time_h: 0 });
    const calls = recorder(model, ["change:time_h", "change", "change:speed"]);
    model.set("time_h", 2.5);
    expect(model.get("time_h")).toBe(2.5);
    expect(calls).toEqual([
      ["change:time_h", [model, 2.5, {}]],
      ["change", [model, {}]],
    ]);
  });

  it("fires nothing for a value equal to the one stored, as Backbone's _.isEqual judges it", () => {
    const model = createPageModel({ time_h: 1, flag: true, names: ["a", "b"], nan: Number.NaN, bytes: f32([1, 2]) });
    const calls = recorder(model, ["change:time_h", "change:flag", "change:names", "change:nan", "change:bytes", "change"]);
    model.set("time_h", 1);
    model.set("flag", true);
    model.set("names", ["a", "b"]); // another array, the same items
    model.set("nan", Number.NaN);
    model.set("bytes", f32([1, 2])); // another buffer, the same bytes
    expect(calls).toEqual([]);

    model.set("names", ["a", "c"]);
    model.set("bytes", f32([1, 3]));
    model.set("time_h", 1.0000001);
    expect(calls.map(([event]) => event)).toEqual(["change:names", "change", "change:bytes", "change", "change:time_h", "change"]);
  });

  it("tells 0 from -0, a number from its string, and an unset key from a set one", () => {
    expect(sameValue(0, -0)).toBe(false);
    expect(sameValue(1, "1")).toBe(false);
    expect(sameValue([1, [2, 3]], [1, [2, 3]])).toBe(true);
    expect(sameValue({ a: 1, b: [1] }, { a: 1, b: [1] })).toBe(true);
    expect(sameValue({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(sameValue(f32([1]), new Float32Array([1]))).toBe(false); // a DataView is no Float32Array
    const model = createPageModel({});
    const calls = recorder(model, ["change:new"]);
    model.set("new", undefined); // Backbone: an unset key reads undefined, so nothing changed
    expect(calls).toEqual([]);
    model.set("new", 0);
    expect(calls).toHaveLength(1);
  });

  it("stores without firing when silent; the next set back to the old value then fires", () => {
    const model = createPageModel({ time_h: 3 });
    const calls = recorder(model, ["change:time_h", "change"]);
    model.set("time_h", Number.NaN, { silent: true });
    expect(model.get("time_h")).toBeNaN();
    expect(calls).toEqual([]);
    // kernel_sync's placeholder: the value set next differs from the placeholder, so it is announced.
    model.set("time_h", 3);
    expect(calls.map(([event]) => event)).toEqual(["change:time_h", "change"]);
  });

  it("fires a change made by a handler inside the first one's, at once", () => {
    const model = createPageModel({ a: 0, b: 0 });
    const order: string[] = [];
    model.on("change:a", () => {
      order.push("a");
      model.set("b", 1);
      order.push(`b is ${model.get("b")}`);
    });
    model.on("change:b", () => order.push("b"));
    model.set("a", 1);
    expect(order).toEqual(["a", "b", "b is 1"]);
  });

  it("keeps its own copy of the saved traits", () => {
    const saved: Record<string, unknown> = { speed: 0.25 };
    const model = createPageModel(saved);
    saved.speed = 6;
    model.set("speed", 1);
    expect(model.get("speed")).toBe(1);
    expect(saved.speed).toBe(6);
    expect(model.get("missing")).toBeUndefined();
  });
});

describe("page model: on and off", () => {
  it("off(event, fn) removes that handler only; off(event) every handler of the event; off() all", () => {
    const model = createPageModel({ a: 0, b: 0 });
    const first = vi.fn();
    const second = vi.fn();
    const other = vi.fn();
    model.on("change:a", first);
    model.on("change:a", second);
    model.on("change:b", other);

    model.off("change:a", first);
    model.set("a", 1);
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledTimes(1);

    model.off("change:a");
    model.set("a", 2);
    expect(second).toHaveBeenCalledTimes(1);
    model.set("b", 1);
    expect(other).toHaveBeenCalledTimes(1);

    model.on("change:a", first);
    model.off();
    model.set("a", 3);
    model.set("b", 2);
    expect(first).not.toHaveBeenCalled();
    expect(other).toHaveBeenCalledTimes(1);
  });

  it("off(null, fn) removes fn from every event", () => {
    const model = createPageModel({ a: 0, b: 0 });
    const fn = vi.fn();
    const kept = vi.fn();
    model.on("change:a", fn);
    model.on("change:b", fn);
    model.on("change:b", kept);
    model.off(null, fn);
    model.set("a", 1);
    model.set("b", 1);
    expect(fn).not.toHaveBeenCalled();
    expect(kept).toHaveBeenCalledTimes(1);
  });

  it("a handler that removes itself does not make the next handler miss the event", () => {
    const model = createPageModel({ a: 0 });
    const once = vi.fn(() => model.off("change:a", once));
    const next = vi.fn();
    model.on("change:a", once);
    model.on("change:a", next);
    model.set("a", 1);
    model.set("a", 2);
    expect(once).toHaveBeenCalledTimes(1);
    expect(next).toHaveBeenCalledTimes(2);
  });
});

describe("page model: no kernel", () => {
  it("save_changes and send change nothing and fire nothing; the widget manager refuses", async () => {
    const model = createPageModel({ playing: true });
    const calls = recorder(model, ["change", "change:playing", "msg:custom"]);
    model.save_changes();
    model.send({ type: "anything" }, undefined, [new ArrayBuffer(4)]);
    expect(calls).toEqual([]);
    expect(model.get("playing")).toBe(true);
    await expect(model.widget_manager.get_model("other")).rejects.toThrow(/no widget manager/);
  });
});

describe("saved state", () => {
  const base64 = (view: DataView) => btoa(String.fromCharCode(...new Uint8Array(view.buffer)));

  it("decodes values as they are and bytes into DataViews of exactly those bytes", () => {
    const time = f32([0, 0.5, 1.25]);
    const traits = decodeSavedState(JSON.stringify({
      traits: { time_h: 0.5, playing: false, trajectory_channels: ["ketamine_brain_uM"] },
      bytes: { trajectory_time_h: base64(time), empty: "" },
    }));
    expect(traits.time_h).toBe(0.5);
    expect(traits.playing).toBe(false);
    expect(traits.trajectory_channels).toEqual(["ketamine_brain_uM"]);
    const decoded = traits.trajectory_time_h as DataView;
    expect(decoded).toBeInstanceOf(DataView);
    expect([0, 1, 2].map((i) => decoded.getFloat32(4 * i, true))).toEqual([0, 0.5, 1.25]);
    expect((traits.empty as DataView).byteLength).toBe(0);
  });

  it.each([
    ["not JSON", "{traits:", /not JSON/],
    ["no bytes", JSON.stringify({ traits: {} }), /must be an object \{"traits"/],
    ["a list", "[]", /must be an object/],
    ["a number as bytes", JSON.stringify({ traits: {}, bytes: { a: 3 } }), /binary trait a must be a base64 string; got number/],
    ["bad base64", JSON.stringify({ traits: {}, bytes: { a: "@@@" } }), /not valid base64/],
    ["a name twice", JSON.stringify({ traits: { a: 1 }, bytes: { a: "" } }), /trait a is saved twice/],
  ])("refuses %s, saying what is wrong", (_name, json, message) => {
    expect(() => decodeSavedState(json)).toThrow(EmbeddedPageError);
    expect(() => decodeSavedState(json)).toThrow(message);
  });

  it("names a part the page lacks", () => {
    document.body.innerHTML = `<div id="${PAGE_IDS.diagram}"></div><script type="text/plain" id="${PAGE_IDS.esm}">x</script>`;
    expect(() => readEmbeddedPage(document)).toThrow(`no element #${PAGE_IDS.state}`);
  });
});

/** A page as standalone.py writes it: the state, the module's text (not run here) and the diagram's place. */
function writePage(state: object, esm = "export default {}"): HTMLElement {
  document.body.innerHTML = [
    `<div id="${PAGE_IDS.diagram}"></div>`,
    `<script type="application/json" id="${PAGE_IDS.state}"></script>`,
    `<script type="text/plain" id="${PAGE_IDS.esm}"></script>`,
  ].join("");
  document.getElementById(PAGE_IDS.state)!.textContent = JSON.stringify(state);
  document.getElementById(PAGE_IDS.esm)!.textContent = esm;
  return document.getElementById(PAGE_IDS.diagram)!;
}

describe("startPage", () => {
  it("imports the page's module from its text and calls initialize, then render, with the saved traits", async () => {
    const el = writePage({ traits: { speed: 6 }, bytes: { buffer: btoa("\x01\x02") } }, "the module's text");
    const order: string[] = [];
    const initialize = vi.fn(() => void order.push("initialize"));
    const render = vi.fn(() => void order.push("render"));
    const importModule = vi.fn(async () => ({ default: { initialize, render } }));
    await startPage(document, importModule);
    expect(importModule).toHaveBeenCalledWith("the module's text");
    expect(order).toEqual(["initialize", "render"]);
    const props = render.mock.calls[0] as unknown as [{ model: ReturnType<typeof createPageModel>; el: HTMLElement; signal: AbortSignal }];
    expect(props[0].el).toBe(el);
    expect(props[0].model.get("speed")).toBe(6);
    expect(new Uint8Array((props[0].model.get("buffer") as DataView).buffer)).toEqual(new Uint8Array([1, 2]));
    expect(props[0].signal.aborted).toBe(false);
    expect(el.querySelector("[role=alert]")).toBeNull();
  });

  it("takes a default export that is a function returning the hooks, as anywidget does", async () => {
    writePage({ traits: {}, bytes: {} });
    const render = vi.fn();
    await startPage(document, async () => ({ default: async () => ({ render }) }));
    expect(render).toHaveBeenCalledTimes(1);
  });

  it.each([
    ["the module does not load", async () => Promise.reject(new Error("import refused")), /could not start: import refused/],
    ["the module exports no hooks", async () => ({}), /no default export of anywidget hooks/],
    ["render throws", async () => ({ default: { render: () => { throw new Error("boom"); } } }), /could not start: boom/],
  ])("says in the page why the diagram does not show when %s", async (_case, importModule, message) => {
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const el = writePage({ traits: {}, bytes: {} });
    await startPage(document, importModule);
    expect(el.querySelector("[role=alert]")?.textContent).toMatch(message);
    expect(error).toHaveBeenCalled();
  });

  it("says so when the saved state is damaged, where the diagram would be", async () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const el = writePage({ traits: {}, bytes: {} });
    document.getElementById(PAGE_IDS.state)!.textContent = "{";
    const importModule = vi.fn();
    await startPage(document, importModule);
    expect(importModule).not.toHaveBeenCalled();
    expect(el.querySelector("[role=alert]")?.textContent).toMatch(/saved state is not JSON/);
  });
});

describe("the real widget on the page model", () => {
  const TIME = [0, 0.5, 1, 5, 24];
  const base64 = (view: DataView) => btoa(String.fromCharCode(...new Uint8Array(view.buffer)));

  it("draws the saved run at the saved time, and Play plays it with no kernel", async () => {
    const frames = new Map<number, FrameRequestCallback>();
    let nextFrame = 1;
    vi.stubGlobal("requestAnimationFrame", (cb: FrameRequestCallback) => {
      frames.set(nextFrame, cb);
      return nextFrame++;
    });
    vi.stubGlobal("cancelAnimationFrame", (id: number) => frames.delete(id));
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const names = ["ketamine_brain_uM", "glutamate_rel"];
    const el = writePage({
      traits: { wire_version: 2, trajectory_channels: names, trajectory_units: ["uM", "1"], time_h: 0.5, playing: false, speed: 1, log_time: false,
        microscope_channels: [], microscope_units: [] },
      bytes: {
        trajectory_time_h: base64(f32(TIME)),
        trajectory_values: base64(f32([0, 0.4, 0.2, 0.01, 0, 1, 1.5, 1.2, 1, 1])),
        microscope_time_ms: "", microscope_moments_h: "", microscope_ketamine_uM: "", microscope_values: "",
      },
    });
    await startPage(document, async () => import("../index"));
    const root = el.querySelector<HTMLElement>(".keta-synapse")!;
    expect(root).not.toBeNull();
    expect(root.getAttribute("data-error")).toBeNull();
    expect(root.getAttribute("data-time-h")).toBe("0.5");
    expect(root.getAttribute("data-brain-uM")).toBe("0.4");

    const play = [...root.querySelectorAll("button")].find((b) => (b.getAttribute("aria-label") ?? b.textContent) === "Play")!;
    const start = performance.now();
    play.click();
    expect(root.getAttribute("data-playing")).toBe("true");
    for (let ms = 250; ms <= 2_000; ms += 250) {
      const pending = [...frames.values()];
      frames.clear();
      for (const cb of pending) cb(start + ms); // the loop re-arms itself each frame
    }
    expect(Number(root.getAttribute("data-time-h"))).toBeCloseTo(2.5, 1); // two seconds on at 1 h/s
    expect(console.error).not.toHaveBeenCalled();
  });
});
