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
 */

/** The root's class while presenting: widget.css lays the diagram out for the screen under it. */
export const PRESENTING_CLASS = "keta-presenting";

export interface Presentation {
  /** Whether the diagram is presenting. */
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
  /** The diagram, which takes the focus on leaving when it is nowhere in the widget any more. */
  stage: HTMLElement;
}

/** Present the widget `root`; `onChange` hears each start and end (the button's text, the page watch). */
export function createPresentation(
  { root, stage }: PresentationElements,
  onChange: (active: boolean) => void,
): Presentation {
  let active = false;
  /** Whether the browser has put the root in fullscreen since presenting began. */
  let fullscreen = false;
  /** Whether the root is open as a popover: the fallback's top layer. */
  let raised = false;
  /** The element whose height is held while the root is out of the page's flow, and its own min-height. */
  let held: { host: HTMLElement; minHeight: string } | undefined;

  function show(next: boolean): void {
    active = next;
    root.classList.toggle(PRESENTING_CLASS, next);
    root.setAttribute("data-presenting", String(next));
    onChange(next);
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
    if (!active || typeof root.showPopover !== "function") return;
    // "manual": no light dismiss and no Escape of the browser's own; leaving is the widget's to do.
    root.setAttribute("popover", "manual");
    root.showPopover();
    raised = true;
  }

  function lowerIntoPage(): void {
    if (!raised) return;
    raised = false;
    root.hidePopover();
    root.removeAttribute("popover"); // a closed popover is display: none
  }

  function enter(): void {
    if (active) return;
    holdPlace();
    show(true);
    // Fullscreen first: a root open as a popover cannot be made fullscreen.
    if (typeof root.requestFullscreen !== "function") {
      raiseAbovePage();
      return;
    }
    try {
      Promise.resolve(root.requestFullscreen()).catch(raiseAbovePage);
    } catch {
      raiseAbovePage(); // older implementations throw instead of rejecting
    }
  }

  /** The notebook layout again; `refocus` when the user left, not when the view is going away. */
  function finish(refocus: boolean): void {
    if (!active) return;
    fullscreen = false;
    const focusInside = root.contains(document.activeElement);
    lowerIntoPage();
    show(false);
    releasePlace();
    // The button that was pressed, or the diagram where F was, keep the focus; anywhere else (the
    // browser's own exit may drop it to the page) it goes to the diagram, not lost in the notebook.
    if (refocus && !focusInside) stage.focus({ preventScroll: true });
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
      fullscreen = true;
    } else if (active && fullscreen) {
      finish(true);
    }
  };
  document.addEventListener("fullscreenchange", onFullscreenChange);

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
      document.removeEventListener("fullscreenchange", onFullscreenChange);
      if (document.fullscreenElement === root) void exitFullscreen();
      finish(false);
    },
  };
}
