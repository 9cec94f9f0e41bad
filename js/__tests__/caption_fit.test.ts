// @vitest-environment happy-dom
/**
 * Fitting the presented caption to its box (a teacher's review: at 1280x720 the pre-treatment lessons'
 * captions lost 1-5 lines, at 1024x768 every long one was sliced under the player bar). The decision on
 * measurements alone: the largest font, step by step, at which the whole caption fits; past the floor, a
 * box of whole lines. Then the fitter on a caption whose layout is stubbed (the simulated DOM lays
 * nothing out): it sets what it chose, pages a scrolling caption by its box less a line, shows the cue
 * while more follows, and leaves the notebook's caption alone.
 */

import { afterEach, describe, expect, it } from "vitest";
import { FIT_STEP_PX, MIN_LINE_SPACING, chooseCaptionFit, createCaptionFitter } from "../story/caption_fit";
import { PRESENTING_CLASS } from "../presentation";
import { createStoryPanel } from "../story/story_panel";
import { stubCaptionLayout } from "./caption_layout";

/** A caption of `area` square px of text in a box `room` px tall: its height at a font is area-like (f²). */
function measuring(area: number, room: number, tried: number[] = []) {
  return (fontPx: number) => {
    tried.push(fontPx);
    return { height: (area * fontPx * fontPx) / 400, room };
  };
}

describe("chooseCaptionFit", () => {
  it("keeps the caption's own size when it fits", () => {
    const tried: number[] = [];
    expect(chooseCaptionFit(measuring(400, 435, tried), 20, 16, 1.45)).toEqual({ fontPx: 20 });
    expect(tried).toEqual([20]);
  });

  it("makes it smaller step by step, to the largest size that fits", () => {
    const tried: number[] = [];
    // 480 px tall at 20 px, 435 px of room: it fits from 19.04 px down, so at 19 px, two steps down.
    const fit = chooseCaptionFit(measuring(480, 435, tried), 20, 16, 1.45);
    expect(fit).toEqual({ fontPx: 19 });
    expect(tried).toEqual([20, 20 - FIT_STEP_PX, 20 - 2 * FIT_STEP_PX]);
  });

  it("tries the floor itself last, and goes no lower", () => {
    const tried: number[] = [];
    chooseCaptionFit(measuring(10_000, 89.6, tried), 18.82, 16.37, 1.4);
    expect(tried[0]).toBe(18.82);
    expect(tried[tried.length - 1]).toBe(16.37);
    expect(Math.min(...tried)).toBe(16.37);
    for (let i = 1; i < tried.length; i++) expect(tried[i - 1] - tried[i]).toBeLessThanOrEqual(FIT_STEP_PX + 1e-9);
  });

  it("past the floor, scrolls in a box of whole lines that fills the room as closely as the spacing allows", () => {
    // 1024x768: 89.6 px under the story's title row, the floor 16.37 px: four lines at 1.37, not 3.4 at 1.4.
    const fit = chooseCaptionFit(measuring(10_000, 89.6), 18.82, 16.37, 1.4);
    expect(fit.fontPx).toBe(16.37);
    expect(fit.scroll!.lines).toBe(4);
    const { lines, lineHeightPx } = fit.scroll!;
    expect(lines * lineHeightPx).toBeLessThanOrEqual(89.6);
    expect(lines * lineHeightPx).toBeGreaterThan(89.6 - 0.1);
    expect(lineHeightPx * 64).toBe(Math.round(lineHeightPx * 64)); // whole layout units: no line sliced by rounding
    // Where its own spacing already leaves a gap under the last whole line, the spacing is kept.
    const roomy = chooseCaptionFit(measuring(10_000, 100), 20, 16, 1.45).scroll!;
    expect(roomy.lineHeightPx).toBeCloseTo(23.2, 1);
    expect(roomy.lines).toBe(4);
    // Never closer than MIN_LINE_SPACING, even for a room under one line.
    const tiny = chooseCaptionFit(measuring(10_000, 10), 20, 16, 1.45).scroll!;
    expect(tiny.lines).toBe(1);
    expect(tiny.lineHeightPx).toBeGreaterThanOrEqual(16 * MIN_LINE_SPACING - 1 / 64);
  });

  it("keeps a caption already at or under the floor (800x600's text keeps its share of the height)", () => {
    const tried: number[] = [];
    expect(chooseCaptionFit(measuring(10, 100, tried), 14.7, 16, 1.4)).toEqual({ fontPx: 14.7 });
    expect(chooseCaptionFit(measuring(10_000, 100), 14.7, 16, 1.4).fontPx).toBe(14.7);
  });
});

/** A story box and its caption, in a presenting diagram or not, laid out as `stubCaptionLayout` says. */
function stubbedLayout(area: number, room: number, { presenting = true } = {}) {
  const root = document.createElement("div");
  root.className = presenting ? `keta-synapse ${PRESENTING_CLASS}` : "keta-synapse";
  const box = document.createElement("div");
  const caption = document.createElement("p");
  caption.textContent = "A caption.";
  const more = document.createElement("div");
  more.hidden = true;
  box.append(caption, more);
  root.appendChild(box);
  document.body.appendChild(root);
  return { root, box, caption, more, restore: stubCaptionLayout(box, caption, area, room) };
}

describe("the caption fitter", () => {
  const restores: Array<() => void> = [];
  afterEach(() => {
    restores.splice(0).forEach((r) => r());
    document.body.replaceChildren();
  });

  it("sets the font that fits, and no scrolling, when the caption fits above the floor", () => {
    const layout = stubbedLayout(480, 435);
    restores.push(layout.restore);
    const fitter = createCaptionFitter(layout.box, layout.caption, layout.more);
    fitter.fit(true);
    expect(layout.caption.style.fontSize).toBe("19px");
    expect(layout.caption.hasAttribute("data-scrolls")).toBe(false);
    expect(layout.more.hidden).toBe(true);
    expect(fitter.page(1)).toBe(false);
    fitter.destroy();
  });

  it("past the floor, scrolls in whole lines, pages by its box less a line to its end, with the cue until then", () => {
    // 1125 px tall at 20 px, 960 px at the 16-px floor, in a 100-px room: four lines of 1.4 × 16 = 22.4 px
    // (at 1.3 a fifth would not fit either, so the caption's own spacing is kept).
    const layout = stubbedLayout(1500, 100);
    restores.push(layout.restore);
    const { caption, more } = layout;
    const fitter = createCaptionFitter(layout.box, caption, more);
    fitter.fit(true);
    expect(caption.style.fontSize).toBe("16px");
    expect(caption.getAttribute("data-scrolls")).toBe("true");
    const line = parseFloat(caption.style.lineHeight);
    expect(line).toBeCloseTo(22.4, 1);
    expect(parseFloat(caption.style.maxHeight)).toBeCloseTo(4 * line, 6);
    expect(more.hidden).toBe(false);
    expect(parseFloat(more.style.top)).toBeCloseTo(100 + 3 * line, 6); // over the box's last line
    const end = caption.scrollHeight - caption.clientHeight;
    const stops: number[] = [];
    while (fitter.page(1)) stops.push(caption.scrollTop);
    expect(stops[0]).toBeCloseTo(3 * line, 6); // a line of the last page is seen again
    for (const top of stops.slice(0, -1)) expect(top / line).toBeCloseTo(Math.round(top / line), 6);
    expect(stops[stops.length - 1]).toBeCloseTo(end, 6);
    expect(more.hidden).toBe(true); // read to its end: the cue goes, and the next PageDown moves on
    expect(fitter.page(1)).toBe(false);
    // Back: to its start, then it is the story's turn.
    while (fitter.page(-1)) expect(more.hidden).toBe(false);
    expect(caption.scrollTop).toBe(0);
    expect(fitter.page(-1)).toBe(false);
    // A refit (a resize) keeps the reader's place; a new caption starts at its first line.
    fitter.page(1);
    fitter.fit(false);
    expect(caption.scrollTop).toBeCloseTo(3 * line, 6);
    fitter.fit(true);
    expect(caption.scrollTop).toBe(0);
    fitter.destroy();
  });

  it("leaves the notebook's caption as the CSS sets it, and undoes its setting when presenting ends", () => {
    const layout = stubbedLayout(1500, 100);
    restores.push(layout.restore);
    const fitter = createCaptionFitter(layout.box, layout.caption, layout.more);
    fitter.fit(true);
    expect(layout.caption.style.fontSize).not.toBe("");
    layout.root.classList.remove(PRESENTING_CLASS);
    fitter.fit(false);
    for (const property of ["font-size", "line-height", "max-height"]) expect(layout.caption.style.getPropertyValue(property)).toBe("");
    expect(layout.caption.hasAttribute("data-scrolls")).toBe(false);
    expect(layout.more.hidden).toBe(true);
    expect(fitter.page(1)).toBe(false);
    fitter.destroy();
  });
});

describe("the story panel's cue", () => {
  it("is outside the live region, hidden from screen readers, and hidden until a caption scrolls", () => {
    const panel = createStoryPanel({ onStart: () => {}, onPrevious: () => {}, onNext: () => {}, onExit: () => {} });
    document.body.appendChild(panel.element);
    panel.show({ index: 0, count: 8, title: "Step 1", caption: "A caption." });
    const more = panel.element.querySelector(".keta-story-more") as HTMLElement;
    expect(more.getAttribute("aria-hidden")).toBe("true");
    expect(more.closest("[aria-live]")).toBeNull();
    expect(more.hidden).toBe(true);
    expect(panel.page(1)).toBe(false); // in a notebook nothing scrolls: the story moves on
    panel.show(undefined);
    expect(panel.page(1)).toBe(false);
    panel.destroy();
  });
});
