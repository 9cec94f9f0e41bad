// @vitest-environment happy-dom
/**
 * The story panel on its own: a new step's caption is shown from its start. Presenting, the panel
 * scrolls a caption longer than its room (at 4:3 the story has a few lines under the scene); a step
 * shown after one scrolled to its end would otherwise open on its last lines.
 */

import { describe, expect, it, vi } from "vitest";
import { createStoryPanel } from "../story/story_panel";

const step = (index: number) => ({ index, count: 8, title: `Step ${index + 1}`, caption: "A long caption. ".repeat(40) });

describe("story panel", () => {
  it("shows each new step from the top of its caption, and keeps the place of the same step", () => {
    const panel = createStoryPanel({ onStart: vi.fn(), onPrevious: vi.fn(), onNext: vi.fn(), onExit: vi.fn() });
    document.body.appendChild(panel.element);
    panel.show(step(0));
    panel.element.scrollTop = 120; // read to the end of step 1's caption
    panel.show(step(0)); // the same step again (its numbers refreshed): the reader's place is kept
    expect(panel.element.scrollTop).toBe(120);
    panel.show(step(1));
    expect(panel.element.scrollTop).toBe(0);
    panel.element.scrollTop = 80;
    panel.show(undefined); // out of the story: the intro from its start too
    expect(panel.element.scrollTop).toBe(0);
    panel.destroy();
  });

  it("says which run the story is told on, above its buttons, and nothing for a run that says nothing of itself", () => {
    const panel = createStoryPanel({ onStart: vi.fn(), onPrevious: vi.fn(), onNext: vi.fn(), onExit: vi.fn() });
    const line = panel.element.querySelector(".keta-story-run") as HTMLElement;
    expect(panel.element.firstElementChild).toBe(line); // over the buttons and the caption
    expect(line.hidden).toBe(true);
    panel.setRun("0.5 mg/kg IV over 40 min with NBQX");
    expect(line.hidden).toBe(false);
    expect(line.textContent).toBe("This run: 0.5 mg/kg IV over 40 min with NBQX");
    expect(line.closest("[aria-live]")).toBeNull(); // not read again at every step
    panel.setRun("  ");
    expect(line.hidden).toBe(true);
    expect(line.textContent).toBe("");
    panel.destroy();
  });
});
