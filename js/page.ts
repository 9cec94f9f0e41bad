/**
 * How the widget lives on the page around it. In JupyterLab the notebook's own keyboard shortcuts must
 * neither swallow the widget's keys nor stay captured by it once the user clicks elsewhere. Whether
 * anyone can see the widget (on screen, in a visible tab) decides whether the scene is drawn at all
 * (animation.ts). And a still frame's drift (decoration) is drawn only when it is worth it: not under
 * prefers-reduced-motion, not while the widget is out of view, not while a pointer is held down
 * elsewhere on the page.
 */

/**
 * JupyterLab binds arrows, space and letters to notebook commands for any focused element in a
 * notebook (".jp-Notebook.jp-mod-commandMode :focus"). Lumino skips its shortcuts only for an element
 * that carries this attribute itself (the target is matched before ancestors are checked), so every
 * focusable element of the widget gets it: the scrubber's and select's arrow keys must move them, and
 * the widget's own shortcuts (keyboard.ts) must reach its keydown listener from any of them (on a
 * button, K, R, Z and the arrows would otherwise move, retype or undo notebook cells). Call it once the
 * widget's controls are in `root`.
 */
export function suppressNotebookShortcuts(root: HTMLElement): void {
  for (const control of root.querySelectorAll("button, input, select, [tabindex]")) {
    control.setAttribute("data-lm-suppress-shortcuts", "true");
  }
}

export interface PageWatch {
  /** False under prefers-reduced-motion: nothing moves. */
  readonly motion: boolean;
  /** Whether anyone can see the widget: part of it on screen (IntersectionObserver) and the tab visible. */
  readonly visible: boolean;
  /** Whether a still frame's drift is worth drawing now: motion allowed, on screen, no pointer held elsewhere. */
  readonly drifting: boolean;
  /**
   * The widget fills the screen (presenting) or not. Filling it, it is on screen whatever the
   * observer last said: the observer answers only after the layout has changed, and a class is
   * watching the screen from the first frame (F pressed on a diagram scrolled half out of view).
   */
  setFillingScreen(filling: boolean): void;
  /** Stop watching; a change already queued then does nothing. */
  destroy(): void;
}

export interface PageEvents {
  /** Reduced motion was switched. */
  onMotionChange(): void;
  /** The widget came into view or went out of it (`visible` changed). */
  onVisibilityChange(): void;
}

/** Watch the page around the widget `root`. */
export function watchPage(root: HTMLElement, { onMotionChange, onVisibilityChange }: PageEvents): PageWatch {
  let destroyed = false;

  // The price of suppressNotebookShortcuts: JupyterLab does not take focus back when a cell is clicked
  // while focus is anywhere in the notebook, so after pressing a widget button and clicking another
  // cell, the notebook's own shortcuts (Escape, B, ...) would still land on the button and be
  // suppressed. Letting go of focus on any press outside the widget hands the keyboard back to the
  // notebook, as the user expects.
  const onPointerDownOutside = (event: PointerEvent) => {
    const active = document.activeElement;
    if (active instanceof HTMLElement && root.contains(active) && !root.contains(event.target as Node)) active.blur();
  };
  document.addEventListener("pointerdown", onPointerDownOutside, true);

  // While the main button is held down elsewhere on the page (a slider being dragged), the idle drift
  // holds still until it is released: the drift is decoration, and on a slow machine its repaints
  // compete with the charts the drag is redrawing (benchmarks/lab_latency.py). Playback is not
  // affected. Only the primary pointer's main button counts (a right click opens a menu and may never
  // be released here), and leaving the window releases it too.
  let pointerHeldElsewhere = false;
  const onPointerPress = (event: PointerEvent) => {
    pointerHeldElsewhere = event.isPrimary !== false && event.button === 0 && !root.contains(event.target as Node);
  };
  const onPointerRelease = () => {
    pointerHeldElsewhere = false;
  };
  document.addEventListener("pointerdown", onPointerPress, true);
  document.addEventListener("pointerup", onPointerRelease, true);
  document.addEventListener("pointercancel", onPointerRelease, true);
  window.addEventListener("blur", onPointerRelease);

  const reducedMotion = typeof window.matchMedia === "function"
    ? window.matchMedia("(prefers-reduced-motion: reduce)")
    : undefined;
  let motion = !reducedMotion?.matches;
  const onReducedMotion = () => {
    if (destroyed) return;
    motion = !reducedMotion?.matches;
    onMotionChange();
  };
  reducedMotion?.addEventListener?.("change", onReducedMotion);

  // On screen until the observer says otherwise (where there is none, always). A notebook tab that
  // JupyterLab hides, or a cell scrolled away, is not intersecting; a hidden browser tab (which gets no
  // frames anyway) counts as out of view too.
  let intersecting = true;
  let fillingScreen = false;
  let visible = document.visibilityState !== "hidden";
  const update = () => {
    if (destroyed) return;
    const now = (intersecting || fillingScreen) && document.visibilityState !== "hidden";
    if (now === visible) return;
    visible = now;
    onVisibilityChange();
  };
  const observer = typeof IntersectionObserver === "function"
    ? new IntersectionObserver((entries) => {
      if (entries.length > 0) intersecting = entries[entries.length - 1].isIntersecting; // the latest
      update();
    })
    : undefined;
  observer?.observe(root);
  document.addEventListener("visibilitychange", update);

  return {
    get motion() {
      return motion;
    },
    get visible() {
      return visible;
    },
    get drifting() {
      return motion && visible && !pointerHeldElsewhere;
    },
    setFillingScreen(filling) {
      fillingScreen = filling;
      update();
    },
    destroy() {
      destroyed = true;
      document.removeEventListener("pointerdown", onPointerDownOutside, true);
      document.removeEventListener("pointerdown", onPointerPress, true);
      document.removeEventListener("pointerup", onPointerRelease, true);
      document.removeEventListener("pointercancel", onPointerRelease, true);
      window.removeEventListener("blur", onPointerRelease);
      document.removeEventListener("visibilitychange", update);
      reducedMotion?.removeEventListener?.("change", onReducedMotion);
      observer?.disconnect();
    },
  };
}
