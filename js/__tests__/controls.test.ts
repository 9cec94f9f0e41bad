// @vitest-environment happy-dom
/**
 * The playback controls on their own: the scrubber takes any position from a drag while its keys
 * move by a fixed share of the run, a drag that ends without a change event does not leave it deaf to
 * the playhead, and the speed box always shows the speed in force.
 */

import { describe, expect, it, vi } from "vitest";
import { KEY_STEPS, SPEEDS, createControls } from "../controls";

function controls() {
  const callbacks = {
    onPlayToggle: vi.fn(), onStep: vi.fn(), onScrub: vi.fn(), onSpeed: vi.fn(),
    onTimeMode: vi.fn(), onZoomToggle: vi.fn(), onReset: vi.fn(), onPresentToggle: vi.fn(),
  };
  const made = createControls(callbacks);
  document.body.appendChild(made.element);
  const scrub = made.element.querySelector("input.keta-scrub") as HTMLInputElement;
  const speed = made.element.querySelector("select") as HTMLSelectElement;
  return { made, callbacks, scrub, speed };
}

describe("the time scrubber", () => {
  it("does not snap a drag to a grid: 40 min is reachable on a week-long run", () => {
    const { made, callbacks, scrub } = controls();
    made.setRange(0, 168);
    expect(scrub.step).toBe("any");
    scrub.value = String(40 / 60);
    scrub.dispatchEvent(new Event("change"));
    expect(callbacks.onScrub).toHaveBeenLastCalledWith(expect.closeTo(40 / 60, 9), true);
  });

  it("moves by 1/200 of the run per arrow key and ten times that per page key, within the run", () => {
    const { made, callbacks, scrub } = controls();
    made.setRange(0, 168);
    made.setTime(84);
    const press = (key: string) => {
      const event = new KeyboardEvent("keydown", { key, cancelable: true });
      scrub.dispatchEvent(event);
      return event.defaultPrevented;
    };
    expect(press("ArrowRight")).toBe(true);
    expect(callbacks.onScrub).toHaveBeenLastCalledWith(expect.closeTo(84 + 168 / KEY_STEPS, 9), true);
    press("PageDown");
    expect(callbacks.onScrub).toHaveBeenLastCalledWith(expect.closeTo(84 - 9 * 168 / KEY_STEPS, 9), true);
    made.setTime(167.9);
    press("PageUp");
    expect(callbacks.onScrub).toHaveBeenLastCalledWith(168, true);
    callbacks.onScrub.mockClear();
    expect(press("Home")).toBe(false); // left to the native range input
    expect(callbacks.onScrub).not.toHaveBeenCalled();
  });
});

describe("a scrubber drag", () => {
  /** A drag to `position` (hours on a linear 0-48 h scrubber): "input" events only, no "change". */
  const drag = (scrub: HTMLInputElement, position: number) => {
    scrub.value = String(position);
    scrub.dispatchEvent(new Event("input"));
  };

  it("ends without a change event, and the scrubber follows the playhead again", () => {
    const endings: Array<[string, (c: ReturnType<typeof controls>) => void]> = [
      // Dragged away and back to where it started: the browser fires no "change".
      ["the pointer's release", () => document.body.dispatchEvent(new PointerEvent("pointerup", { bubbles: true }))],
      ["a cancelled pointer", () => document.body.dispatchEvent(new PointerEvent("pointercancel", { bubbles: true }))],
      ["the loss of focus", ({ scrub }) => scrub.dispatchEvent(new FocusEvent("blur"))],
      ["the scrubber disabled", ({ made }) => { made.setEnabled(false); made.setEnabled(true); }],
    ];
    for (const [ending, end] of endings) {
      const c = controls();
      c.made.setRange(0, 48);
      c.made.setTime(0);
      drag(c.scrub, 10);
      drag(c.scrub, 0);
      end(c);
      c.made.setTime(5); // the playhead moves on (playback)
      expect(Number(c.scrub.value), ending).toBe(5);
      c.made.destroy();
    }
  });

  it("puts the scrubber back at the playhead when it is disabled mid-drag", () => {
    const { made, scrub } = controls();
    made.setRange(0, 48);
    made.setTime(2);
    drag(scrub, 30);
    made.setEnabled(false); // an error state: no "change" will come
    expect(Number(scrub.value)).toBe(2);
    made.destroy();
  });
});

describe("the speed box", () => {
  it("shows every speed set from Python, one unusual speed after another", () => {
    const { made, speed } = controls();
    made.setSpeed(3);
    expect(speed.value).toBe("3");
    made.setSpeed(5);
    expect(speed.value).toBe("5");
    expect(speed.selectedIndex).toBeGreaterThanOrEqual(0);
    expect(Array.from(speed.options, (o) => Number(o.value))).not.toContain(3);
    made.setSpeed(SPEEDS[2]);
    expect(Array.from(speed.options, (o) => Number(o.value))).toEqual(SPEEDS);
    expect(speed.value).toBe(String(SPEEDS[2]));
  });
});
