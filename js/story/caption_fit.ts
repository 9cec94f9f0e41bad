/**
 * Fitting the story's caption to its box while presenting. Projected, the caption has the room the
 * layout leaves it (beside the scene at 16:9, a few lines under it at 4:3), and a caption longer than
 * that room used to be cut off, a line sliced through the middle. Here its font is made smaller step by
 * step until the whole caption fits, down to a floor: the presenting layout's own text size (1em of the
 * diagram: the readout, the buttons, the legend), which widget.css holds at 16 px on 720 lines and
 * scales with the screen, so the caption is never smaller than the text the class already reads from
 * the back of the room. Past the floor the caption scrolls, in a box of whole lines (its line spacing
 * closed up a little, never under MIN_LINE_SPACING, to fill the room with whole lines), a cue at the end
 * of its last line says that more follows, and a scroll that stops between two lines is settled on the
 * nearer one. Outside presenting nothing is touched: the caption flows in the notebook.
 *
 * `chooseCaptionFit` is the decision, on measurements it is handed (tested without a browser); the
 * fitter does the measuring and the applying on the panel's elements.
 */

import { PRESENTING_CLASS } from "../presentation";

/** Each step down of the caption's font, in px: small enough that a caption just too long loses little. */
export const FIT_STEP_PX = 0.5;
/** The floor, in em of the presenting layout's text size (the story's own font size). */
export const FLOOR_EM = 1;
/**
 * The closest line spacing (times the font size) a scrolling caption's lines are set at, to make its box
 * whole lines: its own is 1.4 to 1.45; 1.3 is still the spacing of comfortable running text, and at
 * 1024x768 it shows four lines of the caption where its own spacing left room for three and a bit.
 */
export const MIN_LINE_SPACING = 1.3;

/** How the caption is set: a font size, and, when it must scroll, its box's whole lines. */
export interface CaptionFit {
  fontPx: number;
  /** Undefined when the whole caption fits; else the lines its box shows, and their height in px. */
  scroll?: { lines: number; lineHeightPx: number };
}

/**
 * The caption's setting: the largest font from `maxPx` down to `floorPx`, in FIT_STEP_PX steps (the
 * floor itself last), at which the caption's height is within its room; else the floor, scrolling, in as
 * many whole lines as the room holds at no closer than MIN_LINE_SPACING, each as tall as its own
 * `spacing` (times the font) allows or as fills the room. `measure(fontPx)` sets the font and gives the
 * caption's height and its room (the room may depend on the font: a margin in em). A caption whose CSS
 * size is already at or under the floor keeps it.
 */
export function chooseCaptionFit(
  measure: (fontPx: number) => { height: number; room: number },
  maxPx: number,
  floorPx: number,
  spacing: number,
): CaptionFit {
  const floor = Math.min(floorPx, maxPx);
  for (let font = maxPx; ; font = Math.max(floor, font - FIT_STEP_PX)) {
    const { height, room } = measure(font);
    if (height <= room + 0.5) return { fontPx: font };
    if (font <= floor) {
      const closest = floor * Math.min(spacing, MIN_LINE_SPACING);
      const lines = Math.max(1, Math.floor(room / closest + 1e-6));
      // To the 64th of a pixel the browser lays lines out in, so `lines` of them make the box exactly.
      const lineHeightPx = Math.floor(Math.max(closest, Math.min(floor * spacing, room / lines)) * 64) / 64;
      return { fontPx: floor, scroll: { lines, lineHeightPx } };
    }
  }
}

export interface CaptionFitter {
  /** Fit the caption to its box now; `fromStart`: a new caption, shown from its first line. */
  fit(fromStart: boolean): void;
  /**
   * Scroll a caption that scrolls by its box less a line, forward (1) or back (-1), as PageDown and
   * PageUp do; whether it moved (false at its end, or when it does not scroll).
   */
  page(direction: 1 | -1): boolean;
  destroy(): void;
}

/** Pixels a scroll may fall short of an end and still be at it (scroll offsets are rounded). */
const AT_END_PX = 1;

/**
 * Fit `caption` inside `box` (the story, whose size the layout sets: its content box's bottom is the
 * caption's limit), with `more` the cue shown at the end of a scrolling caption's last line. Fits again
 * when the box changes size (a new screen, the browser's zoom, presenting begun or ended), when the
 * caption's words change under it (a page translated by the browser) and when fonts load. `onMore` hears
 * whether more of the caption follows below what its box shows, and whether more is above it (a caption
 * paged or scrolled on), each time that is settled (a fit, a page, a scroll).
 */
export function createCaptionFitter(
  box: HTMLElement,
  caption: HTMLElement,
  more: HTMLElement,
  onMore: (follows: boolean, above: boolean) => void = () => {},
): CaptionFitter {
  /** The scrolling caption's line height, or undefined when it does not scroll. */
  let line: { px: number; lines: number } | undefined;
  let settle: ReturnType<typeof setTimeout> | undefined;

  function clear(): void {
    for (const property of ["font-size", "line-height", "max-height"]) caption.style.removeProperty(property);
    caption.removeAttribute("data-scrolls");
    more.hidden = true;
    line = undefined;
    onMore(false, false);
  }

  function showMore(): void {
    const shown = line !== undefined && caption.scrollTop + caption.clientHeight < caption.scrollHeight - AT_END_PX;
    more.hidden = !shown;
    onMore(shown, line !== undefined && caption.scrollTop > AT_END_PX);
    if (!shown || !line) return;
    // Over the end of the box's last line, left of the caption's scroll bar (the box is the offset parent).
    more.style.top = `${caption.offsetTop + caption.clientTop + (line.lines - 1) * line.px}px`;
    more.style.height = more.style.lineHeight = `${line.px}px`;
    more.style.right = `${box.clientWidth - (caption.offsetLeft + caption.clientLeft + caption.clientWidth)}px`;
  }

  function fit(fromStart: boolean): void {
    const presenting = box.closest(`.${PRESENTING_CLASS}`) !== null;
    const scrolled = fromStart ? 0 : caption.scrollTop;
    clear();
    if (!presenting || !caption.textContent || caption.getClientRects().length === 0) return;
    const style = getComputedStyle(caption);
    const maxPx = parseFloat(style.fontSize);
    const floorPx = FLOOR_EM * parseFloat(getComputedStyle(box).fontSize);
    const spacing = parseFloat(style.lineHeight) / maxPx; // "normal" reads NaN: taken as 1.2 below
    if (!(maxPx > 0) || !(floorPx > 0)) return;
    box.scrollTop = 0; // the caption scrolls, not the story around it
    const limit = () => {
      const b = box.getBoundingClientRect();
      return b.top + box.clientTop + box.clientHeight - parseFloat(getComputedStyle(box).paddingBottom || "0");
    };
    const bottom = limit();
    const chosen = chooseCaptionFit((fontPx) => {
      caption.style.fontSize = `${fontPx}px`;
      const c = caption.getBoundingClientRect();
      return { height: c.height, room: bottom - c.top };
    }, maxPx, floorPx, Number.isFinite(spacing) ? spacing : 1.2);
    caption.style.fontSize = `${chosen.fontPx}px`;
    if (chosen.scroll) {
      line = { px: chosen.scroll.lineHeightPx, lines: chosen.scroll.lines };
      caption.style.lineHeight = `${line.px}px`;
      caption.style.maxHeight = `${line.px * line.lines}px`;
      caption.setAttribute("data-scrolls", "true");
      caption.scrollTop = snapped(scrolled);
    }
    showMore();
  }

  /** The scroll offset `top` settled on a whole line (or the caption's end). */
  function snapped(top: number): number {
    if (!line) return top;
    const end = caption.scrollHeight - caption.clientHeight;
    return Math.max(0, Math.min(end, Math.round(top / line.px) * line.px));
  }

  const onScroll = () => {
    showMore();
    // A wheel or a drag may stop between two lines: settle on the nearer once it has stopped.
    clearTimeout(settle);
    settle = setTimeout(() => {
      const top = snapped(caption.scrollTop);
      if (Math.abs(top - caption.scrollTop) > 0.5) caption.scrollTop = top;
    }, 150);
  };
  caption.addEventListener("scroll", onScroll);

  const refit = () => fit(false);
  const resized = typeof ResizeObserver === "function" ? new ResizeObserver(refit) : undefined;
  resized?.observe(box);
  // Words changed by someone else (the browser translating the page): the panel's own changes fit at once.
  const reworded = typeof MutationObserver === "function" ? new MutationObserver(refit) : undefined;
  reworded?.observe(caption, { childList: true, characterData: true, subtree: true });
  const fonts = typeof document !== "undefined" ? document.fonts : undefined;
  fonts?.addEventListener?.("loadingdone", refit);

  return {
    fit,
    page(direction) {
      if (!line) return false;
      const end = caption.scrollHeight - caption.clientHeight;
      const at = caption.scrollTop;
      if (direction > 0 ? at >= end - AT_END_PX : at <= AT_END_PX) return false;
      caption.scrollTop = snapped(at + direction * Math.max(1, line.lines - 1) * line.px);
      showMore();
      return true;
    },
    destroy() {
      clearTimeout(settle);
      caption.removeEventListener("scroll", onScroll);
      resized?.disconnect();
      reworded?.disconnect();
      fonts?.removeEventListener?.("loadingdone", refit);
    },
  };
}
