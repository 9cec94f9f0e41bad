// @vitest-environment happy-dom
/**
 * The story panel on its own: a new step's caption is shown from its start. Presenting, the panel
 * scrolls a caption longer than its room (at 4:3 the story has a few lines under the scene); a step
 * shown after one scrolled to its end would otherwise open on its last lines. While such a caption has
 * more to read, "Next step" says "More" (review: a teacher clicking it skipped the rest of the caption);
 * while it has lines above what it shows, "Previous step" says "Back".
 */

import { afterEach, describe, expect, it, vi } from "vitest";
import { NEXT_PAGE, NEXT_PAGE_NAME, NEXT_STEP, PREVIOUS_PAGE, PREVIOUS_PAGE_NAME, PREVIOUS_STEP, createStoryPanel } from "../story/story_panel";
import { PRESENTING_CLASS } from "../presentation";
import { stubCaptionLayout } from "./caption_layout";

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

  it("hands the keyboard to Exit story when Next step is disabled on the last step, never to Previous step", () => {
    const panel = createStoryPanel({ onStart: vi.fn(), onPrevious: vi.fn(), onNext: vi.fn(), onExit: vi.fn() });
    document.body.appendChild(panel.element);
    const next = panel.element.querySelector<HTMLButtonElement>(".keta-story-next")!;
    const short = (index: number) => ({ index, count: 8, title: `Step ${index + 1}`, caption: "Short." });
    panel.show(short(6));
    next.focus();
    panel.show(short(7)); // Enter on Next step: the last step, Next disabled
    expect(next.disabled).toBe(true);
    // Review: focus went to Previous step, and Enter pressed once more went back to step 7, unheard.
    expect(document.activeElement).toBe(panel.element.querySelector(".keta-story-exit"));
    panel.destroy();
    panel.element.remove();
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

  describe("its next and previous buttons, presenting a caption too long for its room", () => {
    const restores: Array<() => void> = [];
    afterEach(() => {
      restores.splice(0).forEach((restore) => restore());
      document.body.replaceChildren();
    });

    /** A panel in a presenting diagram, its caption 1,500 px² of text in a 100-px room: it scrolls. */
    function presentedPanel(onNext = vi.fn(), onPrevious = vi.fn()) {
      const panel = createStoryPanel({ onStart: vi.fn(), onPrevious, onNext, onExit: vi.fn() });
      const root = document.createElement("div");
      root.className = `keta-synapse ${PRESENTING_CLASS}`;
      root.appendChild(panel.element);
      document.body.appendChild(root);
      restores.push(stubCaptionLayout(panel.element, panel.element.querySelector(".keta-story-caption") as HTMLElement, 1500, 100));
      const button = (name: string) => panel.element.querySelector(`.keta-story-${name}`) as HTMLButtonElement;
      return { panel, root, next: button("next"), previous: button("previous") };
    }

    it("says More, and names itself so, while more of the caption follows; Next step once it is read", () => {
      const onNext = vi.fn();
      const { panel, next } = presentedPanel(onNext);
      panel.show(step(0));
      expect(next.textContent).toBe(NEXT_PAGE);
      expect(next.getAttribute("aria-label")).toBe(NEXT_PAGE_NAME);
      next.click();
      expect(onNext).toHaveBeenCalledTimes(1); // the widget pages the caption on it, as on PageDown
      while (panel.page(1));
      expect(next.textContent).toBe(NEXT_STEP);
      expect(next.hasAttribute("aria-label")).toBe(false);
      panel.page(-1); // back up a page: more follows again
      expect(next.textContent).toBe(NEXT_PAGE);
      panel.show(step(1)); // a new step from its start
      expect(next.textContent).toBe(NEXT_PAGE);
      panel.destroy();
    });

    it("on the last step, pages the caption to its end, then is disabled", () => {
      const { panel, next } = presentedPanel();
      panel.show(step(7));
      expect(next.disabled).toBe(false);
      while (panel.page(1));
      expect(next.disabled).toBe(true);
      expect(next.textContent).toBe(NEXT_STEP);
      panel.destroy();
    });

    it("its previous button says Back, and names itself so, while lines of the caption are above; Previous step at its start", () => {
      const onPrevious = vi.fn();
      const { panel, previous } = presentedPanel(vi.fn(), onPrevious);
      panel.show(step(3));
      expect(previous.textContent).toBe(PREVIOUS_STEP); // a new step from its start
      expect(previous.hasAttribute("aria-label")).toBe(false);
      panel.page(1);
      expect(previous.textContent).toBe(PREVIOUS_PAGE);
      expect(previous.getAttribute("aria-label")).toBe(PREVIOUS_PAGE_NAME);
      previous.click();
      expect(onPrevious).toHaveBeenCalledTimes(1); // the widget pages the caption back on it, as on PageUp
      while (panel.page(-1));
      expect(previous.textContent).toBe(PREVIOUS_STEP);
      expect(previous.hasAttribute("aria-label")).toBe(false);
      panel.destroy();
    });

    it("on the first step, the previous button pages the caption back to its start, then is disabled", () => {
      const { panel, previous } = presentedPanel();
      panel.show(step(0));
      expect(previous.disabled).toBe(true);
      panel.page(1);
      expect(previous.disabled).toBe(false);
      expect(previous.textContent).toBe(PREVIOUS_PAGE);
      previous.focus();
      while (panel.page(-1));
      expect(previous.disabled).toBe(true);
      expect(previous.textContent).toBe(PREVIOUS_STEP);
      // The keyboard's focus stays in the story, on the button that still does something.
      expect(document.activeElement).toBe(panel.element.querySelector(".keta-story-next"));
      panel.destroy();
    });

    it("says Next step (and Previous step) when presenting ends and the caption flows in the notebook again", () => {
      const { panel, root, next, previous } = presentedPanel();
      panel.show(step(0));
      expect(next.textContent).toBe(NEXT_PAGE);
      panel.page(1);
      expect(previous.textContent).toBe(PREVIOUS_PAGE);
      root.classList.remove(PRESENTING_CLASS);
      panel.refit();
      expect(next.textContent).toBe(NEXT_STEP);
      expect(next.hasAttribute("aria-label")).toBe(false);
      expect(previous.textContent).toBe(PREVIOUS_STEP);
      panel.destroy();
    });
  });
});
