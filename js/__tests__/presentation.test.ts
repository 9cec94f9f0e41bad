// @vitest-environment happy-dom
/**
 * Presenting on its own, with the browser's Fullscreen and Popover APIs stubbed (the simulated DOM has
 * neither): entering sets the root's class and data-presenting and asks for fullscreen; leaving puts
 * both back once the browser has left fullscreen; without the API, or refused, the root is lifted
 * above the page as a popover instead; the layout waits for the browser's answer; the browser's own
 * exit from fullscreen ends presenting; the notebook keeps the root's place meanwhile; the focus is on
 * the diagram on entering and on leaving, a click on no control gives it to the diagram, Tab goes round
 * the diagram's controls; and one diagram presents at a time.
 */

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { PRESENTING_CLASS, createPresentation, tabbables } from "../presentation";

/** The document's fullscreen element, as the stubbed browser has it. */
let fullscreenElement: Element | null;

function changeFullscreen(element: Element | null): void {
  fullscreenElement = element;
  document.dispatchEvent(new Event("fullscreenchange"));
}

beforeEach(() => {
  fullscreenElement = null;
  Object.defineProperty(document, "fullscreenElement", { configurable: true, get: () => fullscreenElement });
  // The browser leaves fullscreen a moment after it is asked to.
  document.exitFullscreen = vi.fn(() => Promise.resolve().then(() => changeFullscreen(null)));
});

afterEach(() => {
  Reflect.deleteProperty(document, "fullscreenElement");
  Reflect.deleteProperty(document, "exitFullscreen");
  vi.restoreAllMocks();
  document.body.replaceChildren();
});

type Fullscreen = "grants" | "refuses" | "missing";

/** A widget in a notebook cell 600 px tall, whose browser grants or refuses fullscreen, or has no API. */
function mount(fullscreen: Fullscreen = "grants", { popover = true, create = createPresentation } = {}) {
  const host = document.createElement("div");
  host.style.minHeight = "10px"; // the page's own, to be given back
  const root = document.createElement("div");
  const stage = document.createElement("div");
  stage.tabIndex = 0;
  stage.className = "keta-stage";
  const button = document.createElement("button");
  root.append(stage, button);
  host.appendChild(root);
  document.body.appendChild(host);
  vi.spyOn(host, "getBoundingClientRect").mockReturnValue({ height: 600 } as DOMRect);
  if (fullscreen !== "missing") {
    root.requestFullscreen = vi.fn(() => fullscreen === "grants"
      ? Promise.resolve().then(() => changeFullscreen(root))
      : Promise.reject(new TypeError("Permissions check failed")));
  }
  if (popover) {
    root.showPopover = vi.fn();
    root.hidePopover = vi.fn();
  }
  const onChange = vi.fn();
  const presentation = create({ root, stage }, onChange);
  return { host, root, stage, button, presentation, onChange };
}

/** Let the stubbed browser's promises and events run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

const presenting = (root: HTMLElement) => [root.classList.contains(PRESENTING_CLASS), root.getAttribute("data-presenting")];

describe("presenting with fullscreen", () => {
  it("sets the class and data-presenting, asks for fullscreen, and puts them back on leaving", async () => {
    const { root, presentation, onChange } = mount();
    expect(presenting(root)).toEqual([false, "false"]);
    presentation.toggle();
    expect(presentation.active).toBe(true);
    expect(root.requestFullscreen).toHaveBeenCalledTimes(1);
    await settle();
    expect(document.fullscreenElement).toBe(root);
    expect(presenting(root)).toEqual([true, "true"]);
    expect(root.showPopover).not.toHaveBeenCalled(); // fullscreen needs no fallback
    expect(onChange.mock.calls).toEqual([[true]]);

    presentation.toggle();
    expect(document.exitFullscreen).toHaveBeenCalledTimes(1);
    await settle();
    expect(document.fullscreenElement).toBeNull();
    expect(presenting(root)).toEqual([false, "false"]);
    expect(presentation.active).toBe(false);
    expect(onChange.mock.calls).toEqual([[true], [false]]);
  });

  it("ends when the browser leaves fullscreen by itself (its own Esc, F11 or menu)", async () => {
    const { root, stage, presentation, onChange } = mount();
    presentation.toggle();
    await settle();
    changeFullscreen(null);
    expect(presenting(root)).toEqual([false, "false"]);
    expect(presentation.active).toBe(false);
    expect(onChange).toHaveBeenLastCalledWith(false);
    expect(document.activeElement).toBe(stage); // the focus had fallen to the page: back to the diagram
  });

  it("takes back a fullscreen granted after the presentation was already left", async () => {
    const { root, presentation } = mount();
    presentation.toggle();
    presentation.toggle(); // before the browser answered
    expect(presenting(root)).toEqual([false, "false"]);
    await settle();
    expect(document.exitFullscreen).toHaveBeenCalled();
    expect(document.fullscreenElement).toBeNull();
    expect(presenting(root)).toEqual([false, "false"]);
  });
});

describe("presenting, before the browser answers", () => {
  it("keeps the notebook layout until fullscreen is granted (no flash of the layout in the notebook's panel)", async () => {
    const { root, presentation, onChange } = mount();
    presentation.toggle();
    expect(presenting(root)).toEqual([false, "false"]);
    expect(onChange).not.toHaveBeenCalled();
    await settle();
    expect(presenting(root)).toEqual([true, "true"]);
    expect(onChange.mock.calls).toEqual([[true]]);
  });

  it("keeps it until the refusal, then lays the diagram out over the page", async () => {
    const { root, presentation } = mount("refuses");
    presentation.toggle();
    expect(presenting(root)).toEqual([false, "false"]);
    expect(root.showPopover).not.toHaveBeenCalled();
    await settle();
    expect(presenting(root)).toEqual([true, "true"]);
    expect(root.showPopover).toHaveBeenCalledTimes(1);
  });

  it("does not ask where the page says fullscreen is not allowed (a frame without allow=fullscreen)", async () => {
    // Asking there logs a permissions-policy error in the author's console (review).
    Object.defineProperty(document, "fullscreenEnabled", { value: false, configurable: true });
    try {
      const { root, presentation } = mount("refuses");
      presentation.toggle();
      expect(root.requestFullscreen).not.toHaveBeenCalled();
      expect(presenting(root)).toEqual([true, "true"]);
      expect(root.showPopover).toHaveBeenCalledTimes(1);
      presentation.toggle();
    } finally {
      delete (document as { fullscreenEnabled?: boolean }).fullscreenEnabled;
    }
  });

  it("says nothing of a presentation left before it began", async () => {
    const { root, presentation, onChange } = mount("refuses");
    presentation.toggle();
    presentation.toggle();
    await settle();
    expect(presenting(root)).toEqual([false, "false"]);
    expect(root.showPopover).not.toHaveBeenCalled();
    expect(onChange).not.toHaveBeenCalled();
  });
});

describe("presenting without fullscreen", () => {
  it.each([
    { fullscreen: "missing", why: "there is no Fullscreen API" },
    { fullscreen: "refuses", why: "the browser refuses fullscreen" },
  ] as const)("lifts the root above the page when $why", async ({ fullscreen }) => {
    const { root, presentation } = mount(fullscreen);
    presentation.toggle();
    await settle();
    expect(presenting(root)).toEqual([true, "true"]);
    expect(root.getAttribute("popover")).toBe("manual");
    expect(root.showPopover).toHaveBeenCalledTimes(1);

    presentation.toggle();
    expect(presenting(root)).toEqual([false, "false"]);
    expect(root.hidePopover).toHaveBeenCalledTimes(1);
    expect(root.hasAttribute("popover")).toBe(false); // a closed popover would not be displayed at all
    expect(document.exitFullscreen).not.toHaveBeenCalled();
  });

  it("keeps the fixed layout where there are no popovers either", async () => {
    const { root, presentation } = mount("missing", { popover: false });
    presentation.toggle();
    await settle();
    expect(presenting(root)).toEqual([true, "true"]);
    expect(root.hasAttribute("popover")).toBe(false);
    presentation.toggle();
    expect(presenting(root)).toEqual([false, "false"]);
  });

  it("ignores another element's fullscreen", async () => {
    const { root, presentation } = mount("refuses");
    presentation.toggle();
    await settle();
    changeFullscreen(document.body);
    changeFullscreen(null);
    expect(presenting(root)).toEqual([true, "true"]);
  });
});

describe("the notebook around a presentation", () => {
  it("holds the root's place in the page while it is out of the flow, and gives the page's own back", async () => {
    const { host, presentation } = mount();
    presentation.toggle();
    expect(host.style.minHeight).toBe("600px");
    presentation.toggle();
    await settle();
    expect(host.style.minHeight).toBe("10px");
  });

  it("puts the focus on the diagram on entering and on leaving, not on the button that was pressed", async () => {
    // Left on the button, now "Exit presentation", the first Space would leave; back in the notebook,
    // now "Present", the next Space would present again.
    for (const fullscreen of ["grants", "refuses"] as const) {
      const { stage, button, presentation } = mount(fullscreen);
      button.focus();
      presentation.toggle();
      await settle();
      expect(document.activeElement, fullscreen).toBe(stage);
      button.focus();
      presentation.toggle();
      await settle();
      expect(document.activeElement, fullscreen).toBe(stage);
      presentation.destroy();
      document.body.replaceChildren();
    }
  });

  it("is left by its cleanup: out of fullscreen, the place given back, and no listener left", async () => {
    const { root, host, presentation, onChange } = mount();
    presentation.toggle();
    await settle();
    const removed = vi.spyOn(document, "removeEventListener");
    presentation.destroy();
    expect(presenting(root)).toEqual([false, "false"]);
    expect(document.exitFullscreen).toHaveBeenCalledTimes(1);
    expect(host.style.minHeight).toBe("10px");
    expect(removed).toHaveBeenCalledWith("fullscreenchange", expect.any(Function));
    await settle();
    // A fullscreenchange after the cleanup reaches nothing.
    expect(onChange.mock.calls).toEqual([[true], [false]]);
    changeFullscreen(root);
    expect(presenting(root)).toEqual([false, "false"]);
  });
});

describe("the keyboard while presenting", () => {
  /** A presenting diagram with, besides the stage, a caption and three buttons (one disabled, one hidden). */
  async function presented() {
    const mounted = mount("refuses");
    const caption = document.createElement("p");
    const next = document.createElement("button");
    const disabled = document.createElement("button");
    disabled.disabled = true;
    const hidden = document.createElement("button");
    hidden.hidden = true;
    mounted.root.append(caption, next, disabled, hidden);
    mounted.presentation.toggle();
    await settle();
    return { ...mounted, caption, next };
  }
  const tab = (target: Element, shiftKey = false) => {
    const event = new KeyboardEvent("keydown", { key: "Tab", shiftKey, bubbles: true, cancelable: true });
    target.dispatchEvent(event);
    return event;
  };

  it("gives the diagram the focus that a click on no control gave the root", async () => {
    const { root, stage, button, presentation } = await presented();
    button.focus();
    expect(root.tabIndex).toBe(-1); // so the click's focus stops at the root, not the page or the cell behind
    expect(root.getAttribute("data-lm-suppress-shortcuts")).toBe("true");
    root.focus();
    expect(document.activeElement).toBe(stage);
    presentation.toggle();
    expect(root.hasAttribute("tabindex")).toBe(false); // in the notebook it takes no focus, as before
    expect(root.hasAttribute("data-lm-suppress-shortcuts")).toBe(false);
  });

  it("Tab goes round the diagram's controls, from the last to the first and back", async () => {
    const { root, stage, button, next } = await presented();
    expect(tabbables(root)).toEqual([stage, button, next]); // not the disabled or the hidden button
    next.focus();
    expect(tab(next).defaultPrevented).toBe(true);
    expect(document.activeElement).toBe(stage);
    expect(tab(stage, true).defaultPrevented).toBe(true);
    expect(document.activeElement).toBe(next);
    // Between two controls, the browser's own order.
    stage.focus();
    expect(tab(stage).defaultPrevented).toBe(false);
    // From the root (a click on no control, before the focus moved on), Tab starts at the first.
    stage.blur();
    tab(root);
    expect(document.activeElement).toBe(stage);
  });

  it("leaves Tab alone in the notebook", async () => {
    const { root, button, next, presentation } = await presented();
    presentation.toggle();
    next.focus();
    expect(tab(next).defaultPrevented).toBe(false);
    expect(document.activeElement).toBe(next);
    expect(tabbables(root)).toContain(button);
  });

  it("presents one diagram at a time: a second one reached behind the first stays in the notebook", async () => {
    const first = mount("refuses");
    // Each widget may load its own copy of the module: the second diagram is made by another copy.
    vi.resetModules();
    const copy = await import("../presentation");
    expect(copy.createPresentation).not.toBe(createPresentation);
    const second = mount("refuses", { create: copy.createPresentation });
    first.presentation.toggle();
    await settle();
    second.presentation.toggle();
    await settle();
    expect(presenting(first.root)).toEqual([true, "true"]);
    expect(presenting(second.root)).toEqual([false, "false"]);
    expect(second.presentation.active).toBe(false);
    expect(document.activeElement).toBe(first.stage);
    // Once the first has left, the second may present.
    first.presentation.toggle();
    second.presentation.toggle();
    await settle();
    expect(presenting(second.root)).toEqual([true, "true"]);
    second.presentation.destroy();
  });
});
