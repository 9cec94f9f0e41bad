/**
 * The user's commands, from a control or its keyboard shortcut alike (keyboard.ts maps keys to
 * actions): each runs once, reaches the kernel in one save, and is announced once in the live region (a
 * held key announces once per repeat, never per frame). In the error state only the shortcuts that
 * change the view or the help work (presenting among them), as only their buttons stay enabled.
 */

import { type Player } from "./player";
import { type Controls, SPEEDS } from "./controls";
import { type KernelSync } from "./kernel_sync";
import { type ViewState } from "./view_state";
import { type Presentation } from "./presentation";
import { SHORTCUTS, type ShortcutAction, focusKindOf, nextSpeed, shortcutAction } from "./keyboard";
import { formatSpeed } from "./format";
import { type StoryPanel } from "./story/story_panel";
import { STORY_STEPS } from "./story/steps";

/**
 * The shortcuts that work in the error state: they change only the view (as their buttons, which stay
 * enabled, do) or the help. Everything that would move the playhead or reach the kernel waits.
 */
const VIEW_ACTIONS: ReadonlySet<ShortcutAction> = new Set(["zoom", "log-time", "reset", "present", "help", "escape"]);

/** Said before the playhead's new place when a seek left the story (view_state.ts: seeked). */
export const STORY_LEFT = "Story left: ";
/**
 * Said when "?" opens the list of keys: focus stays on the diagram, and only the "?" button, which does
 * not have it, says it is expanded (review: a screen reader heard nothing).
 */
export const HELP_OPENED = `Keyboard shortcuts: ${SHORTCUTS.map(({ keys, does }) => `${keys}, ${does}`).join("; ")}.`;
export const HELP_CLOSED = "Keyboard shortcuts closed.";

export interface Commands {
  /** Move the playhead by `move`, then show and say where it is now. */
  move(move: () => void): void;
  /** The scrubber moved to `t`; `final` on release (or a key), when it is sent at once and announced. */
  scrub(t: number, final: boolean): void;
  setSpeed(speed: number): void;
  /** Run the shortcut `action`. */
  run(action: ShortcutAction): void;
  /** Escape belongs to the page (JupyterLab: leave edit mode) unless the widget has something to close. */
  wantsEscape(): boolean;
  /** Whether the story is open: the arrows and PageDown/PageUp then go through its steps. */
  inStory(): boolean;
  /** Leave the story (Exit story, Escape) and say so, with where the diagram is. */
  leaveStory(): void;
}

export interface CommandDeps {
  player: Player;
  kernel: Pick<KernelSync, "userAction" | "togglePlaying" | "setSpeed">;
  view: ViewState;
  presentation: Pick<Presentation, "active" | "toggle" | "leave">;
  controls: Controls;
  /** The story's caption: a long one pages forward or back before the story moves on (story_panel.ts). */
  caption: Pick<StoryPanel, "page">;
  errors: { readonly message: string | null };
  redraw(): void;
  /** Announce where the playhead is, after `prefix`. */
  announceHere(prefix: string): void;
  /**
   * Whether there is a run to show. There is none during the grace after an update that does not
   * decode (kernel_sync.ts), before the error state: the playhead then stays where it is.
   */
  hasRun(): boolean;
}

export function createCommands(
  { player, kernel, view, presentation, controls, caption, errors, redraw, announceHere, hasRun }: CommandDeps,
): Commands {
  function move(step: () => void): void {
    if (!hasRun()) return;
    kernel.userAction(() => {
      step();
      const leftStory = view.seeked();
      redraw();
      announceHere(leftStory ? STORY_LEFT : "");
    });
  }

  function setSpeed(speed: number): void {
    kernel.setSpeed(speed);
    if (!errors.message) controls.announce(`Speed ${formatSpeed(player.speed)}.`);
  }

  /**
   * A clicker's next (→, PageDown) or back (←, PageUp) in the story: the caption's next page while it
   * has one, so all of it is read, else the next step; nothing past the first or the last (a step
   * shown again would pause a run played on from it and seek back).
   */
  function storyBy(direction: 1 | -1): void {
    const at = view.storyIndex;
    if (at === undefined || caption.page(direction)) return;
    const next = at + direction;
    if (next >= 0 && next < STORY_STEPS.length) view.goToStep(next);
  }

  /**
   * Leaving the story by the user's hand: said, with the moment and the zoom the diagram stays at
   * (review: the caption's live region only emptied, and a story left in the synapse zoom stayed
   * there unannounced).
   */
  function leaveStory(): void {
    view.exitStory();
    if (errors.message) controls.announce("Story left.");
    else announceHere(`${STORY_LEFT}${view.zoom === "synapse" ? "synapse zoom, " : ""}`);
  }

  function run(action: ShortcutAction): void {
    switch (action) {
      case "play-pause": return kernel.togglePlaying();
      case "step-back": return move(() => player.step(-1));
      case "step-forward": return move(() => player.step(1));
      case "big-step-back": return move(() => player.step(-10));
      case "big-step-forward": return move(() => player.step(10));
      case "faster": return setSpeed(nextSpeed(SPEEDS, player.speed, 1));
      case "slower": return setSpeed(nextSpeed(SPEEDS, player.speed, -1));
      case "start": return move(() => player.seek(player.start));
      case "end": return move(() => player.seek(player.end));
      case "zoom": return view.toggleZoomByUser();
      case "log-time": return view.setTimeModeByUser(player.timeMode === "log" ? "linear" : "log");
      case "story-next": return view.goToStep(view.storyIndex === undefined ? 0 : view.storyIndex + 1);
      case "story-previous": return view.storyIndex === undefined ? undefined : view.goToStep(view.storyIndex - 1);
      case "story-forward": return storyBy(1);
      case "story-back": return storyBy(-1);
      case "reset": return view.reset();
      case "present": return presentation.toggle();
      case "help": controls.announce(controls.toggleHelp() ? HELP_OPENED : HELP_CLOSED); return;
      case "escape": {
        // The innermost first: the help, then the presentation, then the story. The story goes on
        // in the notebook, so a teacher leaving the screen keeps their place in it.
        if (controls.isHelpOpen()) {
          controls.toggleHelp(false);
          controls.announce(HELP_CLOSED);
        }
        else if (presentation.active) presentation.leave();
        else if (view.storyIndex !== undefined) leaveStory();
        return;
      }
    }
  }

  return {
    move,
    scrub(t, final) {
      if (!hasRun()) return;
      kernel.userAction(() => {
        player.seek(t, { throttled: !final });
        const leftStory = view.seeked();
        redraw();
        if (final || leftStory) announceHere(leftStory ? STORY_LEFT : "");
      });
    },
    setSpeed,
    run,
    wantsEscape: () => controls.isHelpOpen() || presentation.active || view.storyIndex !== undefined,
    inStory: () => view.storyIndex !== undefined,
    leaveStory,
  };
}

/**
 * Run the shortcuts pressed anywhere in `root`; a shortcut that throws shows the error through `fail`.
 * While `presenting.active`, the diagram is all there is on the screen, so a key pressed with the focus
 * anywhere else (on the page, where a click may have dropped it, or on the notebook cell hidden
 * behind the fallback's layout) is the diagram's too: the diagram takes the focus and the key, and
 * JupyterLab never hears it (in command mode it would work the notebook no one can see: K selects the
 * cell above, D D deletes a cell, this one among them). Outside presenting the page's keys are left
 * alone, as JupyterLab's shortcuts must be. Returns the function that stops listening.
 */
export function listenForShortcuts(
  root: HTMLElement,
  commands: Commands,
  errors: { readonly message: string | null },
  fail: (e: unknown) => void,
  presenting: { readonly active: boolean; readonly stage: HTMLElement },
): () => void {
  /** Run the shortcut `event` asks for, as if pressed on `target`; whether it was one. */
  const runShortcut = (event: KeyboardEvent, target: HTMLElement | null): boolean => {
    const action = shortcutAction(event, focusKindOf(target), { story: commands.inStory() });
    if (action === undefined || (errors.message && !VIEW_ACTIONS.has(action))) return false;
    if (action === "escape" && !commands.wantsEscape()) return false;
    event.preventDefault(); // Space would scroll the notebook, arrows move the page
    event.stopPropagation();
    try {
      commands.run(action);
    } catch (e) {
      fail(e);
    }
    return true;
  };
  const onKeyDown = (event: KeyboardEvent) => {
    runShortcut(event, event.target as HTMLElement | null);
  };
  // On the window, capturing: before JupyterLab's own listeners, and before the key reaches the page.
  const onStrayKey = (event: KeyboardEvent) => {
    if (!presenting.active || root.contains(event.target as Node | null)) return;
    event.stopImmediatePropagation();
    const browsers = event.ctrlKey || event.metaKey || event.altKey; // reload, zoom, close: the browser's
    if (!browsers) event.preventDefault(); // nor scroll the notebook behind
    presenting.stage.focus({ preventScroll: true });
    if (event.key !== "Tab") runShortcut(event, presenting.stage); // Tab: the focus is in the diagram now
  };
  root.addEventListener("keydown", onKeyDown);
  window.addEventListener("keydown", onStrayKey, true);
  return () => {
    root.removeEventListener("keydown", onKeyDown);
    window.removeEventListener("keydown", onStrayKey, true);
  };
}
