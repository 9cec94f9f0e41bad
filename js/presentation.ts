/**
 * Presenting: the diagram fills the screen, for a class watching a projector. On a small projector's
 * 1280x720 the notebook layout (the scene, then the story, the controls and the readout stacked under
 * it) is taller than the screen, so the scene, the story's caption and Play cannot be seen together;
 * presenting lays them out side by side instead (widget.css, under `.keta-presenting`), with text large
 * enough to read from the back of the room.
 *
 * The root asks the browser for fullscreen (the Fullscreen API needs the user's click or key press:
 * the Present button and F are both). Where the API is missing or the request is refused (an iframe
 * not allowed to go fullscreen, an older Safari), the same layout is fixed over the page instead: one
 * class drives the CSS either way, so the picture is the same. Fixed alone is not enough in
 * JupyterLab: its panels (Lumino widgets) have `contain: strict`, which makes each of them the
 * containing block of a fixed element inside it, so the root would fill the notebook's panel, not the
 * page. The Popover API lifts the root into the browser's top layer, where nothing contains it (and a
 * browser without it gets the panel-sized layout). The state is mirrored on the root as
 * `data-presenting` (docs/diagram.md). It is the view's own state, not a trait: what one browser shows
 * on its projector is nothing the kernel needs to know.
 *
 * The layout changes once the browser has answered: in fullscreen when it grants it (drawn over the
 * notebook's panel before that, it flashed for a frame or more), fixed over the page when it refuses.
 * While presenting, the diagram is all there is on the screen, so the keyboard stays in it: it takes
 * the focus on entering (left on the button just pressed, Space would press it again and leave), a click
 * on a part of it that takes no focus (the caption, an empty corner) gives the focus to the diagram
 * instead of the page or the notebook cell behind, Tab goes round its controls without leaving it
 * (commands.ts routes a key pressed anywhere else to it, too), and only one diagram of the page
 * presents at a time.
 */

/** The root's class while presenting: widget.css lays the diagram out for the screen under it. */
export const PRESENTING_CLASS = "keta-presenting";

export interface Presentation {
  /** Whether the diagram is presenting (or has asked the browser to, and not been answered yet). */
  readonly active: boolean;
  /** Start presenting, or leave. */
  toggle(): void;
  /**
   * Back to the notebook layout. In fullscreen it ends once the browser has left fullscreen, so the
   * notebook layout is never drawn stretched over the whole screen in between.
   */
  leave(): void;
  /** Leave at once, without moving the focus (the view is going away), and stop listening. */
  destroy(): void;
}

export interface PresentationElements {
  root: HTMLElement;
  /** The diagram: it has the focus while presenting, and takes it on leaving. */
  stage: HTMLElement;
}

/**
 * The page's diagram presenting now, if any: one at a time (a second one would open over it, half
 * hidden). Kept on the window, under a registered symbol: each widget may load its own copy of this
 * module, so a module variable would see only its own diagrams.
 */
const PRESENTING_NOW = Symbol.for("ketawidget.presenting");
type PresentingRegistry = { [PRESENTING_NOW]?: HTMLElement };
const registry = globalThis as PresentingRegistry;

/** The heights that share the screen's height with the scene, as laid out now (see fitStage). */
interface Heights {
  /** The player bar, with its margin. */
  bar: number;
  /** What stands under the scene, the legend apart (the layers sit in the scene's or the story's rows
   *  and count nowhere), or beside it in the side layout. */
  underScene: number;
  /** The taller of the two zooms' legends, which hold one place. */
  legend: number;
  /** Under the story (the readout). */
  underStory: number;
  /** How far the layout runs past the root's bottom (its padding apart): > 0 when it does not fit. */
  overflow: number;
}

function measure(root: HTMLElement, scene: DOMRect): Heights {
  const heights: Heights = { bar: 0, underScene: 0, legend: 0, underStory: 0, overflow: 0 };
  let bottom = -Infinity;
  // The grid's items: the root's children, and the controls' (display: contents while presenting).
  for (const item of root.querySelectorAll<HTMLElement>(":scope > *, :scope > .keta-controls > *")) {
    const box = item.getBoundingClientRect();
    const style = getComputedStyle(item);
    if (box.height === 0 || style.position === "absolute" || style.position === "fixed") continue;
    const outer = box.height + parseFloat(style.marginTop) + parseFloat(style.marginBottom);
    bottom = Math.max(bottom, box.bottom + parseFloat(style.marginBottom));
    const area = style.gridRowStart;
    if (area === "bar") heights.bar = outer;
    else if (area === "legend") heights.legend = Math.max(heights.legend, outer); // both zooms' legends, one place
    // Beside the scene, in its rows (the layers under the story): nothing of the screen's height below it.
    else if (area === "stage" || area === "story" || area === "layers" || item.classList.contains("keta-stage")) continue;
    else if (box.left >= scene.right) heights.underStory += outer;
    else heights.underScene += outer;
  }
  const rootStyle = getComputedStyle(root);
  heights.overflow = bottom - (root.getBoundingClientRect().bottom - parseFloat(rootStyle.paddingBottom));
  return heights;
}

/**
 * Fit the presenting scene to the screen. widget.css sizes the scene from the screen: as tall as the
 * root's height less `--keta-below`, the height of what shares the screen's height with it, unless a
 * column beside it limits its width first. What shares the height depends on the layout:
 *
 * - beside the story (16:9): the player bar, and the taller of the two stacks beside each other under
 *   the scene's rows (the legend under the scene, the readout under the story; the layers are beside
 *   the scene, under the story, and take nothing of the height under it). Those
 *   heights depend on the columns' widths (the legend wraps), which depend on the scene's: the value
 *   is found from the bar's alone, the least it can be, and raised to what the parts then measure until
 *   it holds (a few rounds: a larger value only ever wraps the legend more). Starting from the least
 *   value, it reaches the largest scene that fits, wherever the last fit left it (from the last one,
 *   a screen made smaller could keep a scene smaller than its own fit).
 * - over the story (4:3, `--keta-layout: side`): the player bar alone (the story's least room is
 *   widget.css's). The readout, the layers and the legend are in a column beside the scene: should
 *   they be taller than the height above the story leaves (a small screen, whose column is narrow), the
 *   layout would run off the screen's bottom, so the scene is narrowed (`--keta-side-extra`) by as
 *   little as makes it fit, found by halving.
 *
 * The parts are told apart by their grid areas (widget.css names them). Returns `--keta-below`, in
 * px, or undefined if nothing is laid out.
 */
export function fitStage(root: HTMLElement, stage: HTMLElement): number | undefined {
  const side = getComputedStyle(root).getPropertyValue("--keta-layout").trim() === "side";
  root.style.removeProperty("--keta-side-extra");
  const bar = measure(root, stage.getBoundingClientRect()).bar; // as wide as the screen: the scene's size is nothing to it
  if (bar === 0) return undefined; // not laid out
  let below = Math.ceil(bar);
  root.style.setProperty("--keta-below", `${below}px`);
  if (side) {
    const overflows = (extra: number) => {
      root.style.setProperty("--keta-side-extra", `${extra}px`);
      return measure(root, stage.getBoundingClientRect()).overflow > 0.5;
    };
    const width = Math.ceil(stage.getBoundingClientRect().width);
    if (overflows(0) && !overflows(width)) {
      // The least narrowing that fits, to a pixel: `fits` does, `over` does not.
      let fits = width;
      let over = 0;
      while (fits - over > 1) {
        const extra = Math.floor((fits + over) / 2);
        if (overflows(extra)) over = extra;
        else fits = extra;
      }
      root.style.setProperty("--keta-side-extra", `${fits}px`);
    } else {
      // It fits as it is (or would not even without the scene, on a screen too small to present on:
      // the scene stays, as large as the height allows).
      root.style.removeProperty("--keta-side-extra");
    }
    return below;
  }
  for (let round = 0; round < 8; round++) {
    const scene = stage.getBoundingClientRect();
    if (scene.width === 0 || scene.height === 0) return below;
    const heights = measure(root, scene);
    const next = Math.ceil(heights.bar + Math.max(heights.underScene + heights.legend, heights.underStory));
    if (next <= below) return below;
    below = next;
    root.style.setProperty("--keta-below", `${below}px`);
  }
  return below;
}

/** What Tab can reach in `root`, in order: enabled, shown, in the tab order. */
export function tabbables(root: HTMLElement): HTMLElement[] {
  const candidates = root.querySelectorAll<HTMLElement>("button, input, select, textarea, a[href], [tabindex]");
  return [...candidates].filter((e) => {
    if (e.tabIndex < 0 || (e as HTMLButtonElement).disabled || e.closest("[hidden], [inert]")) return false;
    // Not rendered (display: none, as the zoom not shown is): checkVisibility where the browser has it.
    return typeof e.checkVisibility !== "function" || e.checkVisibility();
  });
}

/** Present the widget `root`; `onChange` hears each start and end (the button's text, the page watch). */
export function createPresentation(
  { root, stage }: PresentationElements,
  onChange: (active: boolean) => void,
): Presentation {
  /** Asked for (Present, F) and not left since: the browser may not have answered yet. */
  let active = false;
  /** The presenting layout is on. */
  let shown = false;
  /** Whether the browser has put the root in fullscreen since presenting began. */
  let fullscreen = false;
  /** Whether the root is open as a popover: the fallback's top layer. */
  let raised = false;
  /** The element whose height is held while the root is out of the page's flow, and its own min-height. */
  let held: { host: HTMLElement; minHeight: string } | undefined;

  const focusStage = () => stage.focus({ preventScroll: true });

  /** Refits the scene while presenting, whenever the screen or what is under the scene changes size. */
  const resized = typeof ResizeObserver === "function" ? new ResizeObserver(() => fitStage(root, stage)) : undefined;

  function watchSizes(watch: boolean): void {
    if (!resized) return;
    resized.disconnect();
    if (!watch) return;
    resized.observe(root);
    for (const item of root.querySelectorAll(":scope > *, :scope > .keta-controls > *")) resized.observe(item);
  }

  function show(next: boolean): void {
    shown = next;
    root.classList.toggle(PRESENTING_CLASS, next);
    root.setAttribute("data-presenting", String(next));
    if (next) {
      // A click on a part of the diagram that takes no focus itself (the caption, the readout, an
      // empty corner) would put the focus on the page, or on the notebook cell behind in the fallback,
      // where the keys work the notebook no one can see: the root takes it instead (focusin below
      // hands it to the diagram), and the notebook's shortcuts skip it.
      root.tabIndex = -1;
      root.setAttribute("data-lm-suppress-shortcuts", "true");
    } else {
      root.removeAttribute("tabindex");
      root.removeAttribute("data-lm-suppress-shortcuts");
      root.style.removeProperty("--keta-below");
      root.style.removeProperty("--keta-side-extra");
    }
    watchSizes(next);
    onChange(next);
  }

  /** The browser has answered: the presenting layout, and the focus on the diagram. */
  function present(): void {
    if (!active || shown) return;
    show(true);
    focusStage();
  }

  /**
   * A fullscreen or fixed root leaves the notebook's flow: without its height held, the cells below
   * would move up and the notebook's scroll position could be clamped, so leaving would not bring the
   * teacher back to where they were.
   */
  function holdPlace(): void {
    const host = root.parentElement;
    if (!host) return;
    held = { host, minHeight: host.style.minHeight };
    host.style.minHeight = `${host.getBoundingClientRect().height}px`;
  }

  function releasePlace(): void {
    if (held) held.host.style.minHeight = held.minHeight;
    held = undefined;
  }

  /** Without fullscreen: the fixed layout, lifted above the page (see the module's comment). */
  function raiseAbovePage(): void {
    if (!active) return;
    present();
    if (typeof root.showPopover !== "function") return;
    // "manual": no light dismiss and no Escape of the browser's own; leaving is the widget's to do.
    root.setAttribute("popover", "manual");
    root.showPopover();
    raised = true;
    focusStage(); // the popover's opening may have moved it
  }

  function lowerIntoPage(): void {
    if (!raised) return;
    raised = false;
    root.hidePopover();
    root.removeAttribute("popover"); // a closed popover is display: none
  }

  function enter(): void {
    if (active) return;
    const other = registry[PRESENTING_NOW];
    if (other && other !== root && other.isConnected) {
      // Another diagram of the page is presenting (this one was reached behind it): that one stays.
      other.querySelector<HTMLElement>(".keta-stage")?.focus({ preventScroll: true });
      return;
    }
    active = true;
    fullscreen = false;
    registry[PRESENTING_NOW] = root;
    holdPlace();
    // Fullscreen first: a root open as a popover cannot be made fullscreen. The layout waits for the
    // browser's answer (onFullscreenChange, or the refusal).
    // Where fullscreen is not allowed (a frame without allow="fullscreen": a saved page embedded on
    // another site), asking would log a permissions-policy error: the page's own layout instead.
    if (typeof root.requestFullscreen !== "function" || document.fullscreenEnabled === false) {
      raiseAbovePage();
      return;
    }
    try {
      Promise.resolve(root.requestFullscreen()).then(() => {
        if (document.fullscreenElement === root) grantedFullscreen();
      }, raiseAbovePage);
    } catch {
      raiseAbovePage(); // older implementations throw instead of rejecting
    }
  }

  function grantedFullscreen(): void {
    if (!active) return;
    fullscreen = true;
    present();
  }

  /** The notebook layout again; `refocus` when the user left, not when the view is going away. */
  function finish(refocus: boolean): void {
    if (!active) return;
    active = false;
    fullscreen = false;
    if (registry[PRESENTING_NOW] === root) delete registry[PRESENTING_NOW];
    lowerIntoPage();
    if (shown) show(false);
    releasePlace();
    // The diagram, whichever way the teacher left: on the button just pressed (now "Present"), the
    // next Space would present again; on the page (the browser's own exit) it would be lost.
    if (refocus) focusStage();
  }

  function exitFullscreen(): Promise<void> {
    return Promise.resolve(document.exitFullscreen()).catch(() => undefined);
  }

  function leave(): void {
    if (!active) return;
    if (document.fullscreenElement === root) {
      // Finished by the fullscreenchange that follows, or here should the browser send none.
      void exitFullscreen().then(() => finish(true));
    } else {
      finish(true);
    }
  }

  /** The browser entered or left fullscreen: at our request, or by its own exit (Esc, F11, its menu). */
  const onFullscreenChange = () => {
    const ours = document.fullscreenElement === root;
    if (ours && !active) {
      // Left (Esc) before the browser granted the request: take the grant back.
      void exitFullscreen();
    } else if (ours) {
      grantedFullscreen();
    } else if (active && fullscreen) {
      finish(true);
    }
  };
  document.addEventListener("fullscreenchange", onFullscreenChange);

  /** The root itself took the focus (a click on no control): the diagram has it, for the keys. */
  const onFocusIn = (event: FocusEvent) => {
    if (shown && event.target === root) focusStage();
  };
  root.addEventListener("focusin", onFocusIn);

  /** Tab and Shift+Tab go round the diagram's controls: nothing behind it can take the focus. */
  const onKeyDown = (event: KeyboardEvent) => {
    if (!shown || event.key !== "Tab" || event.ctrlKey || event.metaKey || event.altKey) return;
    const order = tabbables(root);
    if (order.length === 0) return;
    const first = order[0];
    const last = order[order.length - 1];
    const at = document.activeElement;
    const outside = !(at instanceof HTMLElement) || at === root || !order.includes(at);
    const next = event.shiftKey ? (outside || at === first ? last : undefined) : outside || at === last ? first : undefined;
    if (next === undefined) return; // between two controls: the browser's own order
    event.preventDefault();
    next.focus({ preventScroll: true });
  };
  root.addEventListener("keydown", onKeyDown);

  root.setAttribute("data-presenting", "false");
  return {
    get active() {
      return active;
    },
    toggle() {
      if (active) leave();
      else enter();
    },
    leave,
    destroy() {
      resized?.disconnect();
      document.removeEventListener("fullscreenchange", onFullscreenChange);
      root.removeEventListener("focusin", onFocusIn);
      root.removeEventListener("keydown", onKeyDown);
      if (document.fullscreenElement === root) void exitFullscreen();
      finish(false);
    },
  };
}
