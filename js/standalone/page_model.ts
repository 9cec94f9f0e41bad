/**
 * The model a standalone page (docs/wire-format.md, "The standalone page") hands to the widget's
 * `render` in place of a kernel's: the anywidget model interface the bundle uses, with Backbone's
 * semantics, over the traits saved in the page. `set` stores a value and fires `change:<key>`, then
 * `change`, at once and only when the value differs from the one stored (Backbone compares with
 * `_.isEqual`, so a view's echo of an unchanged value wakes nothing); `{silent: true}` stores without
 * firing. There is no kernel, so `save_changes` and `send` do nothing and no `msg:custom` ever comes.
 * It knows no trait by name.
 */

import type { AnyModel } from "@anywidget/types";

// any[], as anywidget's own EventHandler: a msg:custom handler takes (msg, buffers), a change handler ().
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Handler = (...args: any[]) => void;

export interface SetOptions {
  /** Store the value without firing any event (Backbone's `silent`). */
  silent?: boolean;
}

/** The anywidget model of a page with no kernel; `set` also takes Backbone's options. */
export interface PageModel extends AnyModel<Record<string, unknown>> {
  set(key: string, value: unknown, options?: SetOptions): void;
}

/**
 * Backbone's `_.isEqual` for the values traits hold: numbers as `Object.is` (NaN equals NaN, 0 does not
 * equal -0), arrays and plain objects member by member, binary views byte by byte.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (ArrayBuffer.isView(a) || ArrayBuffer.isView(b)) {
    if (!ArrayBuffer.isView(a) || !ArrayBuffer.isView(b) || a.constructor !== b.constructor) return false;
    const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    return x.length === y.length && x.every((byte, i) => byte === y[i]);
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  }
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const keys = Object.keys(a);
  const other = b as Record<string, unknown>;
  return keys.length === Object.keys(b).length && keys.every((k) => k in other && sameValue((a as Record<string, unknown>)[k], other[k]));
}

/** A model over `traits` (copied: the page's saved state stays as it was loaded). */
export function createPageModel(traits: Record<string, unknown>): PageModel {
  const values = new Map<string, unknown>(Object.entries(traits));
  const handlers = new Map<string, Handler[]>();

  function emit(event: string, ...args: unknown[]): void {
    // A copy: a handler that removes itself or another one must not make the loop skip a handler.
    for (const fn of [...(handlers.get(event) ?? [])]) fn(...args);
  }

  const model: PageModel = {
    get: (key) => values.get(key),
    set(key: string, value: unknown, options?: SetOptions) {
      const changed = !sameValue(values.get(key), value); // a key never set reads undefined, as in Backbone
      values.set(key, value);
      if (!changed || options?.silent) return;
      emit(`change:${key}`, model, value, options ?? {});
      emit("change", model, options ?? {});
    },
    on(event: string, fn: Handler) {
      handlers.set(event, [...(handlers.get(event) ?? []), fn]);
    },
    off(event?: string | null, fn?: Handler | null) {
      // Backbone: no event removes the callback (or every callback) from all events.
      for (const name of event ? [event] : [...handlers.keys()]) {
        const kept = fn ? (handlers.get(name) ?? []).filter((h) => h !== fn) : [];
        if (kept.length) handlers.set(name, kept);
        else handlers.delete(name);
      }
    },
    // No kernel: the view's state stays in the page, and nothing answers a message.
    save_changes() {},
    send() {},
    widget_manager: {
      get_model: () => Promise.reject(new Error("a standalone page has no widget manager: it holds one diagram and no kernel")),
    },
  };
  return model;
}
