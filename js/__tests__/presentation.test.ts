// @vitest-environment happy-dom
/**
 * Presenting on its own, with the browser's Fullscreen and Popover APIs stubbed (the simulated DOM has
 * neither): entering sets the root's class and data-presenting and asks for fullscreen; leaving puts
 * both back once the browser has left fullscreen; without the API, or refused, the root is lifted
 * above the page as a popover instead; the browser's own exit from fullscreen ends presenting; the
 * notebook keeps the root's place meanwhile; and the focus comes back to the diagram.
 */

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { PRESENTING_CLASS, createPresentation } from "../presentation";

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
function mount(fullscreen: Fullscreen = "grants", { popover = true } = {}) {
  const host = document.createElement("div");
  host.style.minHeight = "10px"; // the page's own, to be given back
  const root = document.createElement("div");
  const stage = document.createElement("div");
  stage.tabIndex = 0;
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
  const presentation = createPresentation({ root, stage }, onChange);
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
    expect(presenting(root)).toEqual([true, "true"]);
    expect(presentation.active).toBe(true);
    expect(root.requestFullscreen).toHaveBeenCalledTimes(1);
    await settle();
    expect(document.fullscreenElement).toBe(root);
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

  it("leaves the focus on the button that was pressed", async () => {
    const { button, presentation } = mount("refuses");
    button.focus();
    presentation.toggle();
    await settle();
    presentation.toggle();
    expect(document.activeElement).toBe(button);
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
