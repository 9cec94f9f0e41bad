// @vitest-environment happy-dom
/**
 * The playback controls on their own: the scrubber takes any position from a drag while its keys
 * move by a fixed share of the run, and the speed box always shows the speed in force.
 */

import { describe, expect, it, vi } from "vitest";
import { KEY_STEPS, SPEEDS, createControls } from "../controls";

function controls() {
  const callbacks = {
    onPlayToggle: vi.fn(), onStep: vi.fn(), onScrub: vi.fn(), onSpeed: vi.fn(),
    onTimeMode: vi.fn(), onZoomToggle: vi.fn(), onReset: vi.fn(),
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
