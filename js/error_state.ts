/**
 * The diagram's error state: what the view shows when it cannot show the run (a trajectory that does not
 * decode, a malformed playback message or a playback trait the kernel would refuse, a drawing that throws). It owns the error box, the root's
 * `keta-error` class and `data-error` attribute (docs/diagram.md), where the keyboard focus goes when the
 * error disables the control that had it, and logging each error once. What the error stops (drawing,
 * playback, the controls, the kernel's playing trait) is the caller's, handed in as `disable`.
 */

import { WireError } from "./wire";

export interface ErrorState {
  /** The alert box, placed by the caller among the widget's panels. */
  readonly box: HTMLElement;
  /** The message shown, or null while the view works. */
  readonly message: string | null;
  /** Whether the error came from a malformed playback message or trait, not from the run's data. */
  readonly fromMessage: boolean;
  /**
   * Show the error `e`. `disable` runs while the focus is watched, so that a control it disables does
   * not drop the keyboard focus to <body>.
   */
  show(e: unknown, fromMessage: boolean, disable: () => void): void;
  clear(): void;
}

/** The message shown for `e`: a wire error names the trajectory, anything else the widget. */
export function errorMessage(e: unknown): string {
  return e instanceof WireError ? `Invalid trajectory: ${e.message}` : `ketawidget: ${String(e instanceof Error ? e.message : e)}`;
}

/** The error state of the widget `root`, whose diagram `stage` takes the focus back when it clears. */
export function createErrorState(root: HTMLElement, stage: HTMLElement): ErrorState {
  const box = document.createElement("div");
  box.className = "keta-error-box";
  box.setAttribute("role", "alert");
  // Focusable by script only: when an error disables the control that had focus, focus moves here
  // instead of falling to <body> (where a keyboard user would lose their place in the notebook).
  box.tabIndex = -1;
  box.hidden = true;
  root.appendChild(box);

  let message: string | null = null;
  let fromMessage = false;
  let loggedError: string | null = null;

  return {
    box,
    get message() {
      return message;
    },
    get fromMessage() {
      return fromMessage;
    },
    show(e, fromPlaybackMessage, disable) {
      const shown = errorMessage(e);
      message = shown;
      fromMessage = false;
      root.classList.add("keta-error");
      root.setAttribute("data-error", shown);
      box.textContent = shown;
      box.hidden = false;
      const focused = document.activeElement;
      const hadFocus = focused instanceof HTMLElement && root.contains(focused) && focused !== box;
      disable();
      const now = document.activeElement;
      if (hadFocus && (!(now instanceof HTMLElement) || !root.contains(now) || (now as HTMLButtonElement).disabled === true)) {
        box.focus();
      }
      if (loggedError !== shown) {
        loggedError = shown;
        console.error(shown);
      }
      fromMessage = fromPlaybackMessage;
    },
    clear() {
      message = null;
      fromMessage = false;
      loggedError = null;
      root.classList.remove("keta-error");
      root.removeAttribute("data-error");
      // Focus left on the error box would fall to <body> once it is hidden: the diagram takes it.
      if (document.activeElement === box) stage.focus();
      box.hidden = true;
      box.textContent = "";
    },
  };
}
