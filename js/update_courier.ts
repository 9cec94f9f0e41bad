/**
 * The page's half of ketawidget/widget/update_courier.py: the changes a re-simulation makes to the
 * lab's chart widgets (some twenty bqplot models: lines, scales, axes, legends) arrive as ONE message
 * instead of one message per widget, and are applied to those widgets' models in one task.
 *
 * Why: sent one per widget, the page took them in one by one, and a frame of JupyterLab's page (8 to
 * 20 ms on a 2-core machine) ran between most of them, so the second chart beside the slider was
 * drawn two or three frames after the first (benchmarks/lab_latency.py --messages: 20-odd ms from one
 * chart message to the next in the page, though the server had passed them all on within 15 ms).
 * Applied in one task, every chart changes before the next frame, and that frame draws them all.
 *
 * What the message holds is what each widget's own "update" message would have held (the kernel
 * builds it with ipywidgets' own `send_state`): per widget, its model id, its state with the binary
 * buffers taken out, and where those buffers go. Each is applied as ipywidgets applies an update
 * from the kernel: the buffers put back, the state deserialized by the model's own serializers (so
 * bqplot reads its arrays as it always does), then `set_state` (which does not echo the values back
 * to the kernel), in turn with any update already on its way to that model.
 *
 * The kernel sends nothing this way until the page has said it is here (`ready`): a page without this
 * module (another front end) keeps getting ordinary messages. If a batch cannot be applied here, the
 * page says which models it failed on, and the kernel sends their whole state the ordinary way.
 * The kernel cannot see a page go away: whenever the courier's whole state is read (a page loading
 * the kernel's widgets: a reload, a second page, a page reconnecting) it stops batching and asks every
 * page (`roll_call`) to say `ready` again. This page answers `{ready: true, answering: "roll_call"}`
 * (it was listening, and needs nothing resent) unless it has failed a batch: the kernel stopped
 * batching for it then, and it does not ask for batches back. Its first `{ready: true}` is answered
 * with one batch of the whole state of every widget batched since the last such read, which a page
 * made from that read may have missed (docs/wire-format.md).
 */

import type { AnyModel, Initialize } from "@anywidget/types";

/** One widget's share of a batch: its changed state, the buffers taken out of it and where they go. */
export interface WidgetUpdate {
  model_id: string;
  state: Record<string, unknown>;
  buffer_paths: Array<Array<string | number>>;
  /** How many of the batch's buffers are this widget's (they follow the previous widget's). */
  buffers: number;
}

export interface UpdateBatch {
  updates: WidgetUpdate[];
}

/** The part of an ipywidgets model (@jupyter-widgets/base WidgetModel) a batch is applied through. */
export interface ReceivingModel {
  state_change: Promise<unknown>;
  widget_manager?: unknown;
  set_state(state: Record<string, unknown>): void;
  constructor: { _deserialize_state(state: Record<string, unknown>, manager: unknown): Promise<Record<string, unknown>> };
}

export interface ModelSource {
  get_model(modelId: string): Promise<unknown>;
}

/** A batch that is not what the kernel sends: the message names what is wrong. */
export class UpdateBatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UpdateBatchError";
  }
}

/** Check a custom message's shape: a batch, its buffers counted right. */
export function readBatch(content: unknown, bufferCount: number): UpdateBatch {
  const batch = content as UpdateBatch;
  if (typeof content !== "object" || content === null || !Array.isArray(batch.updates)) {
    throw new UpdateBatchError("an update batch must be an object with a list of updates");
  }
  let buffers = 0;
  for (const [k, update] of batch.updates.entries()) {
    const ok = typeof update === "object" && update !== null && typeof update.model_id === "string"
      && typeof update.state === "object" && update.state !== null && Array.isArray(update.buffer_paths)
      && Number.isInteger(update.buffers) && update.buffers === update.buffer_paths.length;
    if (!ok) throw new UpdateBatchError(`update ${k} of the batch must have model_id, state, buffer_paths and as many buffers as paths`);
    buffers += update.buffers;
  }
  if (buffers !== bufferCount) {
    throw new UpdateBatchError(`the batch's updates name ${buffers} buffers; the message carries ${bufferCount}`);
  }
  return batch;
}

/** Put each buffer back where the kernel took it out, as a DataView (ipywidgets' `put_buffers`). */
export function putBuffers(
  state: Record<string, unknown>, paths: ReadonlyArray<ReadonlyArray<string | number>>, buffers: ReadonlyArray<DataView | ArrayBuffer | ArrayBufferView>,
): void {
  paths.forEach((path, k) => {
    let node = state as Record<string | number, unknown>;
    for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
    // As ipywidgets' put_buffers: a serializer may be handed an ArrayBuffer or a view of another kind.
    const buffer = buffers[k] as DataView | ArrayBuffer | ArrayBufferView;
    node[path[path.length - 1]] = buffer instanceof DataView ? buffer
      : buffer instanceof ArrayBuffer ? new DataView(buffer)
      : new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  });
}

/**
 * Apply `batch` to the models `manager` holds, in the batch's order, each after any update already
 * on its way to that model. Resolves with the ids of the models an update could not be applied to
 * (none: every one was).
 */
export async function applyBatch(manager: ModelSource, batch: UpdateBatch, buffers: readonly DataView[]): Promise<string[]> {
  const failed: string[] = [];
  let next = 0;
  const applied = batch.updates.map(async (update) => {
    const own = buffers.slice(next, next + update.buffers);
    next += update.buffers;
    try {
      const model = (await manager.get_model(update.model_id)) as ReceivingModel | undefined;
      if (model === undefined || typeof model.set_state !== "function") throw new UpdateBatchError(`no widget model ${update.model_id}`);
      const state = { ...update.state };
      putBuffers(state, update.buffer_paths, own);
      const applied = model.state_change
        .then(() => model.constructor._deserialize_state(state, model.widget_manager ?? manager))
        .then((deserialized) => model.set_state(deserialized));
      // The model's chain must stay usable after a failure here: ipywidgets queues every later update
      // of the model (the kernel's resend of its whole state among them) and every new view on it.
      model.state_change = applied.catch(() => undefined);
      await applied;
    } catch (e) {
      console.error(`ketawidget: a chart update could not be applied to widget ${update.model_id}; the kernel sends it again`, e);
      failed.push(update.model_id);
    }
  });
  await Promise.all(applied);
  return failed;
}

/** Whether a custom message is the kernel's roll call: every page whose courier listens says `ready`. */
export function isRollCall(content: unknown): boolean {
  return typeof content === "object" && content !== null && (content as { roll_call?: unknown }).roll_call === true;
}

/** This page's answer to a roll call: ready, but with nothing to resend, as it listened all along. */
export const ROLL_CALL_ANSWER = { ready: true, answering: "roll_call" } as const;

const initialize: Initialize = ({ model }) => {
  const courier = model as AnyModel;
  // A page that failed a batch told the kernel, which stopped batching: answering a roll call would
  // turn batching back on for a page that would likely fail again.
  let failedOnce = false;
  const fail = (failed: string[] | "all") => {
    failedOnce = true;
    courier.send({ failed });
  };
  courier.on("msg:custom", (content: unknown, buffers: DataView[]) => {
    if (isRollCall(content)) {
      if (!failedOnce) courier.send(ROLL_CALL_ANSWER);
      return;
    }
    let batch: UpdateBatch;
    try {
      batch = readBatch(content, buffers.length);
    } catch (e) {
      console.error("ketawidget: an update batch from the kernel could not be read", e);
      fail("all");
      return;
    }
    void applyBatch(courier.widget_manager, batch, buffers).then((failed) => {
      if (failed.length > 0) fail(failed);
    });
  });
  courier.send({ ready: true });
};

export default { initialize };
