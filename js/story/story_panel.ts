/**
 * The story's controls and caption: "Start story" outside the story; "Previous step", "Next step" and
 * "Exit story" inside it, with the step's title and caption in a polite live region, so a screen reader
 * reads each step once when it appears. Above them, while presenting (widget.css), a line says which
 * run the story is told on ("This run: 0.5 mg/kg IV over 40 min with NBQX"): projected, the lab's own
 * caption is not on the screen, and an NBQX run would read as ketamine alone. Captions are set with
 * textContent only (they are translated data, never markup). While presenting, the caption is fitted
 * to its room (caption_fit.ts): made smaller down to the layout's text size, and past that scrolled in
 * whole lines with a cue that more follows, which PageDown pages through (`page`). While more follows,
 * "Next step" says "More" instead: a teacher clicking it pages the caption to its end before the story
 * moves on, as PageDown does (the widget routes `onNext` to the same command). Likewise back: while a
 * paged caption has lines above what it shows, "Previous step" says "Back" and pages it back to its start
 * before the story goes back a step, as PageUp does (`onPrevious`). The panel reports intent through
 * callbacks and shows what it is told.
 */

import { createCaptionFitter } from "./caption_fit";

/** Before the run's description, in the line above the story while presenting. */
export const RUN_PREFIX = "This run: ";

/** What the story does, for the room beside "Start story" while presenting. */
export const STORY_INTRO =
  "The story walks through how ketamine acts, in eight steps, from glutamate at one synapse to new " +
  "spines days later. Each step moves the playhead to its moment, zooms, highlights what it is about " +
  "and says what the numbers show. Start story (or N) begins it; N and P, the arrow keys or a presenter's " +
  "clicker then go on and back.";

/** The cue at the end of a caption that scrolls: more follows (PageDown, or scroll, to read it). */
export const MORE = "more \u25bc";
/** The next button's words: the next step, or, while the caption has more to read, its next page. */
export const NEXT_STEP = "Next step";
export const NEXT_PAGE = "More \u25bc";
/** The next button's name for a screen reader while it pages the caption (the arrow is not a word). */
export const NEXT_PAGE_NAME = "More of this step's caption";
/** The previous button's words: the previous step, or, while the caption is paged on, its page before. */
export const PREVIOUS_STEP = "Previous step";
export const PREVIOUS_PAGE = "\u25b2 Back";
/** The previous button's name for a screen reader while it pages the caption back. */
export const PREVIOUS_PAGE_NAME = "Back in this step's caption";

export interface StoryPanelCallbacks {
  onStart(): void;
  /** "Previous step" (or "Back" while the caption is paged on: the caller pages it back first, as PageUp). */
  onPrevious(): void;
  /** "Next step" (or "More" while the caption has more to read: the caller pages it first, as PageDown). */
  onNext(): void;
  onExit(): void;
}

export interface StoryPanel {
  element: HTMLElement;
  /** Show step `index` of `count` with its title and caption; `undefined` leaves the story. */
  show(step: { index: number; count: number; title: string; caption: string } | undefined): void;
  /** Say which run the story is told on, in words; "" (a run that says nothing of itself) hides the line. */
  setRun(description: string): void;
  /**
   * Scroll a caption too long for its room (presenting, past the font's floor) by a page, forward (1)
   * or back (-1); whether it moved: false at its end, or when the caption does not scroll.
   */
  page(direction: 1 | -1): boolean;
  /** Fit the caption to its room again (presenting has begun or ended). */
  refit(): void;
  setEnabled(enabled: boolean): void;
  destroy(): void;
}

function button(parent: Element, className: string, text: string): HTMLButtonElement {
  const b = document.createElement("button");
  b.type = "button";
  b.className = className;
  b.textContent = text;
  parent.appendChild(b);
  return b;
}

/** A story button's words: a page of the caption (and a name a screen reader says), or a step. */
function label(b: HTMLButtonElement, paging: boolean, page: string, pageName: string, step: string): void {
  b.textContent = paging ? page : step;
  if (paging) b.setAttribute("aria-label", pageName);
  else b.removeAttribute("aria-label");
}

export function createStoryPanel(callbacks: StoryPanelCallbacks): StoryPanel {
  const element = document.createElement("div");
  element.className = "keta-story";
  element.setAttribute("role", "group");
  element.setAttribute("aria-label", "Story");
  // Which run, above everything else in the story's place; shown only while presenting (widget.css).
  const run = document.createElement("p");
  run.className = "keta-story-run";
  run.hidden = true;
  element.appendChild(run);
  const bar = document.createElement("div");
  bar.className = "keta-story-bar";
  element.appendChild(bar);
  const start = button(bar, "keta-story-start", "Start story");
  start.title = "A guided walk through the mechanism, step by step";
  const previous = button(bar, "keta-story-previous", PREVIOUS_STEP);
  const progress = document.createElement("span");
  progress.className = "keta-story-progress";
  bar.appendChild(progress);
  const next = button(bar, "keta-story-next", NEXT_STEP);
  const exit = button(bar, "keta-story-exit", "Exit story");
  // What the story does, said beside its button where there is room for it (presenting: widget.css).
  const intro = document.createElement("p");
  intro.className = "keta-story-intro";
  intro.textContent = STORY_INTRO;
  element.appendChild(intro);

  const live = document.createElement("div");
  live.className = "keta-story-live";
  live.setAttribute("aria-live", "polite");
  const title = document.createElement("p");
  title.className = "keta-story-title";
  const caption = document.createElement("p");
  caption.className = "keta-story-caption";
  live.append(title, caption);
  element.appendChild(live);
  // Over the end of a scrolling caption's last line: more follows. Not read out: the live region reads
  // the whole caption.
  const more = document.createElement("div");
  more.className = "keta-story-more";
  more.setAttribute("aria-hidden", "true");
  more.textContent = MORE;
  more.hidden = true;
  element.appendChild(more);
  /** Whether the caption scrolls and has more to read below (`captionFollows`) or above what its box shows. */
  let captionFollows = false;
  let captionAbove = false;
  const fitter = createCaptionFitter(element, caption, more, (follows, above) => {
    const focused = document.activeElement;
    captionFollows = follows;
    captionAbove = above;
    refresh();
    keepFocus(focused); // "Back" clicked to the first step's start is disabled under the pointer
  });

  const listeners: Array<[HTMLButtonElement, () => void]> = [
    [start, () => callbacks.onStart()],
    [previous, () => callbacks.onPrevious()],
    [next, () => callbacks.onNext()],
    [exit, () => callbacks.onExit()],
  ];
  for (const [b, fn] of listeners) b.addEventListener("click", fn);

  let enabled = true;
  let current: { index: number; count: number } | undefined;
  const refresh = () => {
    const inStory = current !== undefined;
    start.hidden = intro.hidden = inStory;
    previous.hidden = next.hidden = exit.hidden = progress.hidden = !inStory;
    start.disabled = !enabled;
    // On the first step too, a caption paged on still has its page before; on the last, its next page.
    previous.disabled = !enabled || !current || (current.index === 0 && !captionAbove);
    next.disabled = !enabled || !current || (current.index >= current.count - 1 && !captionFollows);
    label(previous, captionAbove, PREVIOUS_PAGE, PREVIOUS_PAGE_NAME, PREVIOUS_STEP);
    label(next, captionFollows, NEXT_PAGE, NEXT_PAGE_NAME, NEXT_STEP);
  };

  /**
   * Keep keyboard focus inside the story when the button that had it (`focused`) is hidden or disabled:
   * "Next step" disabled on the last step hands it to "Exit story", so that Enter pressed once more
   * leaves the story (review: on "Previous step" the next Enter went back a step, unheard); "Previous
   * step" disabled on the first hands it to "Next step".
   */
  function keepFocus(focused: Element | null): void {
    if (!(focused instanceof HTMLButtonElement) || !element.contains(focused) || !(focused.hidden || focused.disabled)) return;
    if (!current) start.focus();
    else if (focused === next || next.disabled) exit.focus();
    else next.focus();
  }

  const panel: StoryPanel = {
    element,
    show(step) {
      // A new step's caption is read from its start: where it scrolls (presenting, a caption longer
      // than its room), the last step's scroll position would hide its first lines.
      const fromStart = step?.index !== current?.index;
      if (fromStart) element.scrollTop = 0;
      current = step && { index: step.index, count: step.count };
      const focused = element.contains(document.activeElement) ? document.activeElement : null;
      progress.textContent = step ? `${step.index + 1} / ${step.count}` : "";
      title.textContent = step ? step.title : "";
      caption.textContent = step ? step.caption : "";
      refresh();
      fitter.fit(fromStart);
      keepFocus(focused);
    },
    setRun(description) {
      const words = description.trim();
      run.textContent = words ? RUN_PREFIX + words : "";
      run.hidden = !words;
    },
    setEnabled(value) {
      enabled = value;
      refresh();
    },
    page: (direction) => current !== undefined && fitter.page(direction),
    refit: () => fitter.fit(false),
    destroy() {
      for (const [b, fn] of listeners) b.removeEventListener("click", fn);
      fitter.destroy();
    },
  };
  refresh();
  return panel;
}
