/**
 * Tests of the page's half of the update courier (update_courier.ts): a batch is checked before
 * anything is applied, each widget's buffers go back where the kernel took them out, and each update
 * is applied as ipywidgets applies one (deserialized by the model's own class, then set_state), after
 * any update already on its way to that model; a model the page does not hold is reported, not fatal.
 */

import { describe, expect, it } from "vitest";
import courierWidget, { UpdateBatchError, applyBatch, isRollCall, putBuffers, readBatch } from "../update_courier";

const view = (...bytes: number[]) => new DataView(new Uint8Array(bytes).buffer);

/** A model as ipywidgets has it: it records what it was set to, after its own pending update. */
function fakeModel(log: string[], name: string) {
  class Model {
    static async _deserialize_state(state: Record<string, unknown>, manager: unknown) {
      log.push(`${name}: deserialize with ${manager === MANAGER ? "the manager" : "something else"}`);
      return { ...state, deserialized: true };
    }
    state_change: Promise<unknown> = new Promise((resolve) => setTimeout(() => { log.push(`${name}: earlier update done`); resolve(undefined); }, 5));
    state: Record<string, unknown> = {};
    set_state(state: Record<string, unknown>) {
      log.push(`${name}: set ${Object.keys(state).sort().join(",")}`);
      this.state = state;
    }
  }
  return new Model();
}

const MANAGER = { get_model: async (_id: string): Promise<unknown> => undefined };

describe("reading a batch", () => {
  it("takes updates whose buffers add up to the message's", () => {
    const batch = { updates: [{ model_id: "a", state: { y: null }, buffer_paths: [["y"]], buffers: 1 }, { model_id: "b", state: { max: 2 }, buffer_paths: [], buffers: 0 }] };
    expect(readBatch(batch, 1)).toBe(batch);
  });

  it("refuses anything else, naming what is wrong", () => {
    expect(() => readBatch(null, 0)).toThrow(UpdateBatchError);
    expect(() => readBatch({ updates: "x" }, 0)).toThrow(/list of updates/);
    expect(() => readBatch({ updates: [{ model_id: 3, state: {}, buffer_paths: [], buffers: 0 }] }, 0)).toThrow(/update 0 of the batch/);
    expect(() => readBatch({ updates: [{ model_id: "a", state: {}, buffer_paths: [["y"]], buffers: 0 }] }, 1)).toThrow(/as many buffers as paths/);
    expect(() => readBatch({ updates: [{ model_id: "a", state: {}, buffer_paths: [["y"]], buffers: 1 }] }, 2)).toThrow(/name 1 buffers; the message carries 2/);
  });
});

describe("putting buffers back", () => {
  it("puts each at its path, nested too", () => {
    const a = view(1), b = view(2);
    const state: Record<string, unknown> = { y: null, scales: { x: { value: null } } };
    putBuffers(state, [["y"], ["scales", "x", "value"]], [a, b]);
    expect(state.y).toBe(a);
    expect((state.scales as { x: { value: unknown } }).x.value).toBe(b);
  });

  it("hands every buffer on as a DataView, as ipywidgets does, whatever it came as", () => {
    const state: Record<string, unknown> = { a: null, b: null };
    putBuffers(state, [["a"], ["b"]], [new Uint8Array([1, 2, 3]).buffer, new Uint8Array([0, 9, 8]).subarray(1)]);
    expect(state.a).toBeInstanceOf(DataView);
    expect((state.b as DataView).getUint8(0)).toBe(9);
    expect((state.b as DataView).byteLength).toBe(2);
  });
});

describe("applying a batch", () => {
  it("applies each update through the model's own deserializer, after its earlier update, with its own buffers", async () => {
    const log: string[] = [];
    const models: Record<string, ReturnType<typeof fakeModel>> = { lines: fakeModel(log, "lines"), scale: fakeModel(log, "scale") };
    const manager = { get_model: async (id: string) => models[id] };
    Object.assign(MANAGER, manager);
    const y = view(7, 8);
    const failed = await applyBatch(MANAGER, {
      updates: [
        { model_id: "scale", state: { max: 12 }, buffer_paths: [], buffers: 0 },
        { model_id: "lines", state: { y: null }, buffer_paths: [["y"]], buffers: 1 },
      ],
    }, [y]);
    expect(failed).toEqual([]);
    expect(models.lines.state).toEqual({ y, deserialized: true });
    expect(models.scale.state).toEqual({ max: 12, deserialized: true });
    // Each model's earlier update finished before its new state was deserialized and set.
    for (const name of ["lines", "scale"]) {
      const own = log.filter((line) => line.startsWith(`${name}:`));
      expect(own).toEqual([`${name}: earlier update done`, `${name}: deserialize with the manager`, `${name}: set ${name === "lines" ? "deserialized,y" : "deserialized,max"}`]);
    }
  });

  it("leaves a model it failed on able to take the kernel's resend: its update chain is not left rejected", async () => {
    const log: string[] = [];
    const model = fakeModel(log, "lines");
    let refuse = true;
    (model.constructor as unknown as { _deserialize_state: unknown })._deserialize_state = async (state: Record<string, unknown>) => {
      if (refuse) throw new Error("bqplot could not deserialize");
      return state;
    };
    Object.assign(MANAGER, { get_model: async () => model });
    const original = console.error;
    console.error = () => undefined;
    try {
      expect(await applyBatch(MANAGER, { updates: [{ model_id: "lines", state: { y: 1 }, buffer_paths: [], buffers: 0 }] }, [])).toEqual(["lines"]);
    } finally {
      console.error = original;
    }
    // The resend, queued as ipywidgets queues every update: behind the model's chain.
    refuse = false;
    await model.state_change.then(() => model.set_state({ y: 42 }));
    expect(model.state).toEqual({ y: 42 });
  });

  it("reports the models it could not apply an update to, and applies the rest", async () => {
    const log: string[] = [];
    const kept = fakeModel(log, "kept");
    Object.assign(MANAGER, { get_model: async (id: string) => (id === "kept" ? kept : undefined) });
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      const failed = await applyBatch(MANAGER, {
        updates: [
          { model_id: "gone", state: { y: null }, buffer_paths: [["y"]], buffers: 1 },
          { model_id: "kept", state: { min: 0 }, buffer_paths: [], buffers: 0 },
        ],
      }, [view(1)]);
      expect(failed).toEqual(["gone"]);
    } finally {
      console.error = original;
    }
    expect(kept.state).toEqual({ min: 0, deserialized: true });
    expect(errors).toHaveLength(1);
  });
});

/** The courier's model as anywidget hands it to `initialize`: what it sends, and its message handlers. */
function fakeCourier() {
  const sent: unknown[] = [];
  const handlers: Array<(content: unknown, buffers: DataView[]) => void> = [];
  const model = {
    widget_manager: MANAGER,
    on(event: string, handler: (content: unknown, buffers: DataView[]) => void) {
      if (event === "msg:custom") handlers.push(handler);
    },
    send(content: unknown) { sent.push(content); },
  };
  const fromKernel = (content: unknown, buffers: DataView[] = []) => handlers.forEach((handler) => handler(content, buffers));
  return { model, sent, fromKernel };
}

describe("saying the page is here", () => {
  it("says ready once it listens, and again at each roll call of the kernel, taking it for no batch", async () => {
    const { model, sent, fromKernel } = fakeCourier();
    await (courierWidget.initialize as (props: { model: unknown }) => unknown)({ model });
    expect(sent).toEqual([{ ready: true }]);
    // A page loads the kernel's widgets (a reload, another page, this one reconnecting): the kernel
    // stops batching until a page that listens answers. This one listened all along: its answer says
    // so, and the kernel resends nothing for it.
    fromKernel({ roll_call: true });
    expect(sent).toEqual([{ ready: true }, { ready: true, answering: "roll_call" }]);
  });

  it("does not answer a roll call once it has failed a batch, which stopped the kernel's batching", async () => {
    const { model, sent, fromKernel } = fakeCourier();
    await (courierWidget.initialize as (props: { model: unknown }) => unknown)({ model });
    const original = console.error;
    console.error = () => undefined;
    try {
      fromKernel({ updates: "not a list" });
    } finally {
      console.error = original;
    }
    expect(sent).toEqual([{ ready: true }, { failed: "all" }]);
    fromKernel({ roll_call: true });
    expect(sent).toEqual([{ ready: true }, { failed: "all" }]);
  });

  it("does not answer a roll call once a batch it read failed on a model", async () => {
    const { model, sent, fromKernel } = fakeCourier();
    Object.assign(MANAGER, { get_model: async () => undefined });
    await (courierWidget.initialize as (props: { model: unknown }) => unknown)({ model });
    const original = console.error;
    console.error = () => undefined;
    try {
      fromKernel({ updates: [{ model_id: "gone", state: {}, buffer_paths: [], buffers: 0 }] });
      await new Promise((resolve) => setTimeout(resolve, 0));
    } finally {
      console.error = original;
    }
    expect(sent).toEqual([{ ready: true }, { failed: ["gone"] }]);
    fromKernel({ roll_call: true });
    expect(sent).toHaveLength(2);
  });

  it("knows a roll call only by its true flag", () => {
    expect(isRollCall({ roll_call: true })).toBe(true);
    for (const content of [{ roll_call: 1 }, { roll_call: "yes" }, { updates: [] }, null, "roll_call"]) expect(isRollCall(content)).toBe(false);
  });
});
