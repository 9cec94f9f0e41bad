/**
 * Test helper: a story caption laid out as a browser would (the simulated DOM lays nothing out), so the
 * caption fitter (caption_fit.ts) can be tried on it: the caption holds `area` square px of text (its
 * height at a font f is area·f²/400, as wide as the box), and the box's content ends `room` px under the
 * caption's top. Returns the function that gives getComputedStyle back.
 */
export function stubCaptionLayout(box: HTMLElement, caption: HTMLElement, area: number, room: number): () => void {
  box.style.fontSize = "16px";
  box.style.paddingBottom = "0px";
  caption.style.lineHeight = "1.4";
  const css = { fontSize: 20 };
  let scrollTop = 0;
  const font = () => parseFloat(caption.style.fontSize) || css.fontSize;
  const contentHeight = () => (area * font() ** 2) / 400;
  const boxHeight = () => parseFloat(caption.style.maxHeight) || contentHeight();
  const rect = (top: number, height: number) => ({ top, bottom: top + height, height, left: 0, right: 400, width: 400, x: 0, y: top, toJSON: () => ({}) }) as DOMRect;
  caption.getBoundingClientRect = () => rect(100, boxHeight());
  caption.getClientRects = () => [rect(100, boxHeight())] as unknown as DOMRectList;
  box.getBoundingClientRect = () => rect(0, 100 + room);
  Object.defineProperties(box, { clientHeight: { get: () => 100 + room }, clientWidth: { get: () => 400 } });
  Object.defineProperties(caption, {
    scrollHeight: { get: () => contentHeight() },
    clientHeight: { get: () => boxHeight() },
    clientWidth: { get: () => 390 },
    offsetTop: { get: () => 100 },
    scrollTop: {
      get: () => scrollTop,
      set: (v: number) => { scrollTop = Math.max(0, Math.min(contentHeight() - boxHeight(), v)); },
    },
  });
  // The CSS's own size and spacing, as getComputedStyle reads them (inline once the fitter sets them).
  const computed = window.getComputedStyle;
  window.getComputedStyle = ((el: Element) => {
    const style = computed(el);
    if (el !== caption) return style;
    const f = font();
    const lh = caption.style.lineHeight.endsWith("px") ? caption.style.lineHeight : `${1.4 * f}px`;
    return { ...style, fontSize: `${f}px`, lineHeight: lh, paddingBottom: "0px" } as CSSStyleDeclaration;
  }) as typeof window.getComputedStyle;
  return () => { window.getComputedStyle = computed; };
}
