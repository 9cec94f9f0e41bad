/**
 * Keyboard shortcuts of the diagram, as data and one pure function from a key event to an action, so
 * the help text and the behaviour cannot drift apart. Keys that the focused control uses itself are left
 * to it: Space and Enter press a focused button, arrows and Home/End move a focused scrubber or select.
 * In the story, → and ← (and PageDown and PageUp, which some presenters' clickers send instead) go to
 * the next and previous step, reading a caption that scrolls to its end first: a clicker's "next" that
 * moved the playhead by a second of playback would throw the class out of the story.
 */

export type ShortcutAction =
  | "play-pause" | "step-back" | "step-forward" | "big-step-back" | "big-step-forward"
  | "faster" | "slower" | "start" | "end" | "zoom" | "story-next" | "story-previous"
  | "story-forward" | "story-back"
  | "reset" | "log-time" | "present" | "help" | "escape";

/** The help text's rows, in the order shown. */
export const SHORTCUTS: Array<{ keys: string; does: string }> = [
  { keys: "Space or K", does: "play / pause" },
  { keys: "\u2190 / \u2192", does: "step back / forward (one second of playback); in the story: previous / next step" },
  { keys: "Shift + \u2190 / \u2192", does: "ten steps back / forward" },
  { keys: "+ / \u2212", does: "faster / slower" },
  { keys: "Home / End", does: "start / end of the run" },
  { keys: "Z", does: "zoom: circuit \u2194 one synapse" },
  { keys: "L", does: "log time on / off" },
  { keys: "N / P", does: "story: next / previous step" },
  {
    keys: "PageDown / PageUp",
    does: "story: next / previous step, as \u2192 / \u2190 (a presenter's clicker sends one pair or the other); " +
      "both page through a caption too long for its box, to its end or its start, first",
  },
  { keys: "F", does: "present: fill the screen, for a projector / leave it" },
  { keys: "Esc", does: "close this help, else leave the presentation, else leave the story" },
  { keys: "Shift + R", does: "reset the view" },
  { keys: "?", does: "show / hide this help" },
];

/** What kind of element has focus: decides which keys belong to it. */
export type FocusKind = "button" | "range" | "select" | "text" | "other";

export interface KeyInput {
  key: string;
  shiftKey?: boolean;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
}

const OWN_KEYS: Record<FocusKind, Set<string>> = {
  button: new Set([" ", "Enter"]),
  range: new Set(["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End", "PageUp", "PageDown"]),
  select: new Set(["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End", "PageUp", "PageDown", " ", "Enter"]),
  text: new Set(), // every key types: handled below
  other: new Set(),
};

/** What the keys depend on besides the focus: whether the story is open. */
export interface KeyContext {
  story?: boolean;
}

export function shortcutAction(event: KeyInput, focus: FocusKind, { story = false }: KeyContext = {}): ShortcutAction | undefined {
  if (event.ctrlKey || event.metaKey || event.altKey) return undefined; // browser and OS shortcuts
  if (focus === "text" || OWN_KEYS[focus].has(event.key)) return undefined;
  switch (event.key) {
    case " ":
    case "k":
    case "K":
      return "play-pause";
    case "ArrowLeft":
      return event.shiftKey ? "big-step-back" : story ? "story-back" : "step-back";
    case "ArrowRight":
      return event.shiftKey ? "big-step-forward" : story ? "story-forward" : "step-forward";
    case "PageUp":
      return story && !event.shiftKey ? "story-back" : undefined; // outside the story: the page scrolls
    case "PageDown":
      return story && !event.shiftKey ? "story-forward" : undefined;
    case "+":
    case "=":
      return "faster";
    case "-":
    case "_":
      return "slower";
    case "Home":
      return "start";
    case "End":
      return "end";
    case "z":
    case "Z":
      return "zoom";
    case "l":
    case "L":
      return "log-time";
    case "n":
    case "N":
      return "story-next";
    case "p":
    case "P":
      return "story-previous";
    case "f":
    case "F":
      return "present";
    case "r":
    case "R":
      // Shift is required: a stray R mid-lesson would otherwise wipe the time, zoom, story and layers.
      return event.shiftKey ? "reset" : undefined;
    case "?":
      return "help";
    case "Escape":
      return "escape";
    default:
      return undefined;
  }
}

/** The focus kind of an element (duck-typed on tagName/type so it needs no DOM globals in tests). */
export function focusKindOf(target: { tagName?: string; type?: string; isContentEditable?: boolean } | null): FocusKind {
  const tag = target?.tagName?.toUpperCase();
  if (tag === "BUTTON") return "button";
  if (tag === "SELECT") return "select";
  if (tag === "TEXTAREA" || target?.isContentEditable) return "text";
  if (tag === "INPUT") return target?.type === "range" ? "range" : target?.type === "checkbox" || target?.type === "button" ? "button" : "text";
  return "other";
}

/**
 * The next speed up or down a sorted list from `current`. At the ends it stays put, and a speed set
 * from Python beyond the list's ends never "steps" the wrong way (slower from 1/60 h/s is not 0.1).
 */
export function nextSpeed(speeds: number[], current: number, direction: 1 | -1): number {
  if (direction > 0) return speeds.find((s) => s > current + 1e-12) ?? Math.max(current, speeds[speeds.length - 1]);
  return [...speeds].reverse().find((s) => s < current - 1e-12) ?? Math.min(current, speeds[0]);
}
