/**
 * The playback controls and the readout: play/pause, step back/forward, a time scrubber, a speed
 * select, the numbers at the playhead, and a polite live region. Every control is a native element
 * (button, input range, select), so keyboard access and focus order come for free; each carries an
 * aria-label. The live region speaks only on discrete events (play, pause, seek results), never per
 * frame, so a screen-reader user is not flooded during playback. This module knows nothing about the
 * model or the player: it reports user intent through callbacks and displays what it is told.
 */

import { LOG_KNEE_H, type TimeMode, fromPosition, toPosition } from "./timescale";
import { SHORTCUTS } from "./keyboard";
import { MISSING, formatChange, formatClock, formatConcentration, formatPercent, formatSpeed } from "./format";
import { SVG_NS } from "./scene/svg";

export interface ControlCallbacks {
  onPlayToggle(): void;
  onStep(direction: -1 | 1): void;
  /** `final` is false while the scrubber is being dragged and true on release / keyboard change. */
  onScrub(timeH: number, final: boolean): void;
  onSpeed(speed: number): void;
  onTimeMode(mode: TimeMode): void;
  onZoomToggle(): void;
  onReset(): void;
  onPresentToggle(): void;
}

export interface ReadoutValues {
  timeH: number;
  brainUM: number | undefined;
  blockPyramidal: number | undefined;
  blockInterneuron: number | undefined;
  /** Relative levels (1 = drug-free baseline), shown as changes: "+28%". */
  glutamateRel: number | undefined;
  bdnfRel: number | undefined;
  spineDensityRel: number | undefined;
}

export interface Controls {
  element: HTMLElement;
  readout: HTMLElement;
  setRange(start: number, end: number): void;
  setTime(timeH: number): void;
  setPlaying(playing: boolean): void;
  setSpeed(speed: number): void;
  setReadout(values: ReadoutValues): void;
  setEnabled(enabled: boolean): void;
  setTimeMode(mode: TimeMode): void;
  setZoom(zoom: "circuit" | "synapse"): void;
  setPresenting(presenting: boolean): void;
  toggleHelp(show?: boolean): boolean;
  isHelpOpen(): boolean;
  announce(message: string): void;
  destroy(): void;
}

/** Speeds offered, in simulated hours per second: from 6 min/s (watch an infusion) to 2 d/s (a week). */
export const SPEEDS = [0.1, 0.25, 0.5, 1, 2, 6, 12, 24, 48];

/** Keyboard steps across the scrubber's span: fine enough to explore, coarse enough to get somewhere. */
export const KEY_STEPS = 200;
/** Scrubber keys and how many keyboard steps each moves. */
const SCRUB_KEYS: Record<string, number> = {
  ArrowLeft: -1, ArrowDown: -1, ArrowRight: 1, ArrowUp: 1, PageDown: -10, PageUp: 10,
};

/** Icon paths in a 16x16 box: drawn as SVG so they look the same on every platform (no emoji fonts). */
const ICONS = {
  play: "M4 2 L14 8 L4 14 Z",
  pause: "M3 2 H7 V14 H3 Z M9 2 H13 V14 H9 Z",
  back: "M2 2 H4 V14 H2 Z M14 2 L5 8 L14 14 Z",
  forward: "M12 2 H14 V14 H12 Z M2 2 L11 8 L2 14 Z",
} as const;

function icon(path: string): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, "svg");
  svg.setAttribute("viewBox", "0 0 16 16");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("class", "keta-icon");
  const p = document.createElementNS(SVG_NS, "path");
  p.setAttribute("d", path);
  svg.appendChild(p);
  return svg;
}

function html<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, parent?: Element): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (parent) parent.appendChild(node);
  return node;
}

function setText(node: Node, value: string): void {
  if (node.textContent !== value) node.textContent = value;
}

export function createControls(callbacks: ControlCallbacks): Controls {
  const element = html("div", "keta-controls");
  const bar = html("div", "keta-bar", element);

  const back = html("button", "keta-step keta-step-back", bar);
  back.type = "button";
  back.appendChild(icon(ICONS.back));

  const play = html("button", "keta-play", bar);
  play.type = "button";
  const playIcon = icon(ICONS.play);
  const playText = html("span", "keta-play-text");
  play.append(playIcon, playText);

  const forward = html("button", "keta-step keta-step-forward", bar);
  forward.type = "button";
  forward.appendChild(icon(ICONS.forward));

  const scrub = html("input", "keta-scrub", bar);
  scrub.type = "range";
  scrub.setAttribute("aria-label", "Time since first dose");

  const speedLabel = html("label", "keta-speed-label", bar);
  const speedCaption = html("span", "keta-speed-caption", speedLabel);
  speedCaption.textContent = "speed";
  const speed = html("select", "keta-speed", speedLabel);

  const toggle = (className: string, text: string, title: string) => {
    const button = html("button", `keta-toggle ${className}`, bar);
    button.type = "button";
    button.textContent = text;
    button.title = title;
    button.setAttribute("aria-pressed", "false");
    return button;
  };
  const logTime = toggle("keta-log-time", "Log time",
    "Log time: the scrubber and playback speed up as time goes on (minutes, then hours, then days)");
  const zoom = toggle("keta-zoom", "Synapse zoom", "Zoom into one synapse at millisecond time (Z)");
  // "Reset view", not "Reset": the lab's toolbar has a Reset of its own, for the lesson (dose, parameters).
  const reset = html("button", "keta-reset", bar);
  reset.type = "button";
  reset.textContent = "Reset view";
  reset.title = "Reset the diagram's view: time 0, circuit zoom, all layers, no story, linear time, paused " +
    "(Shift+R). The dose, parameters and speed stay as they are.";
  const present = html("button", "keta-present", bar);
  present.type = "button";
  const helpButton = html("button", "keta-help-button", bar);
  helpButton.type = "button";
  helpButton.textContent = "?";
  helpButton.setAttribute("aria-label", "Keyboard shortcuts");
  helpButton.setAttribute("aria-expanded", "false");
  const help = html("div", "keta-help");
  help.id = `keta-help-${Math.random().toString(36).slice(2, 10)}`;
  help.hidden = true;
  helpButton.setAttribute("aria-controls", help.id);
  const helpTitle = html("p", "keta-help-title", help);
  helpTitle.textContent = "Keyboard shortcuts (when the diagram has focus)";
  const helpList = html("dl", "keta-help-list", help);
  for (const { keys, does } of SHORTCUTS) {
    html("dt", "", helpList).textContent = keys;
    html("dd", "", helpList).textContent = does;
  }
  element.appendChild(help);

  // The readout updates every frame, so it must NOT be a live region; the live region below is separate.
  const readout = html("div", "keta-readout");
  const fields = {
    time: readoutField(readout, "time"),
    brain: readoutField(readout, "brain ketamine"),
    pyramidal: readoutField(readout, "NMDA block, pyramidal"),
    interneuron: readoutField(readout, "NMDA block, interneuron"),
    glutamate: readoutField(readout, "glutamate", "change from the drug-free baseline"),
    bdnf: readoutField(readout, "BDNF", "change from the drug-free baseline"),
    spines: readoutField(readout, "spines", "spine density: change from the drug-free baseline"),
  };
  element.appendChild(readout);

  const live = html("div", "keta-live keta-sr-only", element);
  live.setAttribute("aria-live", "polite");
  live.setAttribute("role", "status");

  let playing = false;
  let dragging = false;
  let lastTime = 0;
  let mode: TimeMode = "linear";
  let currentSpeed = 1;
  const labelSteps = () => {
    const step = stepSize(mode, currentSpeed);
    back.setAttribute("aria-label", `Step back ${step}`);
    forward.setAttribute("aria-label", `Step forward ${step}`);
    back.title = `Step back ${step} (one second of playback)`;
    forward.title = `Step forward ${step} (one second of playback)`;
  };
  /**
   * In the synapse zoom a millisecond clock runs beside the playhead's, at its own fixed slow-down: the
   * select then says that its speed is the circuit's, the clock of "now" and of the scrubber.
   */
  const labelSpeed = (view: "circuit" | "synapse") => {
    const synapse = view === "synapse";
    setText(speedCaption, synapse ? "circuit speed" : "speed");
    speed.setAttribute("aria-label", synapse
      ? "Circuit playback speed (time since the dose per second; the synapse's millisecond clock runs on its own)"
      : "Playback speed (simulated time per second)");
    speed.title = synapse
      ? "Circuit playback speed: how fast the time since the dose (\u201cnow\u201d, the scrubber) runs " +
        "while playing. The millisecond clock of this zoom has its own fixed slow-down (see the legend)."
      : "Playback speed: simulated time per second of playing";
  };
  labelSpeed("circuit");
  let rangeStart = 0;
  let rangeEnd = 0;
  let keyStep = 0;
  /** The arrow keys move the scrubber by one keyboard step, Page Up / Page Down by ten. */
  const onScrubKey = (event: KeyboardEvent) => {
    const steps = SCRUB_KEYS[event.key];
    if (steps === undefined || keyStep <= 0 || scrub.disabled) return;
    event.preventDefault();
    const position = Number(scrub.value) + steps * keyStep;
    scrub.value = String(Math.min(Number(scrub.max), Math.max(Number(scrub.min), position)));
    callbacks.onScrub(scrubTime(), true);
  };
  const scrubTime = () => fromPosition(mode, Number(scrub.value), rangeStart);
  const applyRange = () => {
    const lo = toPosition(mode, rangeStart, rangeStart);
    const hi = toPosition(mode, rangeEnd, rangeStart);
    scrub.min = String(lo);
    scrub.max = String(hi);
    // Any position for a drag or a click (a step would snap them: 50 min on a week-long run, too
    // coarse to reach an infusion's peak); the arrow keys move by a keyboard step (below).
    scrub.step = "any";
    keyStep = hi > lo ? (hi - lo) / KEY_STEPS : 0;
    if (!dragging) scrub.value = String(toPosition(mode, lastTime, rangeStart));
  };
  /**
   * A drag is over: the scrubber follows the playhead again. "change" ends most drags, but not one that
   * comes back to where it started, nor one cut short (focus lost, the scrubber disabled), so the
   * pointer's release, its cancellation and the loss of focus end it too.
   */
  const endDrag = () => {
    dragging = false;
  };
  const setHelp = (show: boolean) => {
    help.hidden = !show;
    helpButton.setAttribute("aria-expanded", String(show));
    return show;
  };

  /** (target, event, listener, capture) */
  const listeners: Array<[EventTarget, string, EventListener, boolean?]> = [
    [play, "click", () => callbacks.onPlayToggle()],
    [back, "click", () => callbacks.onStep(-1)],
    [forward, "click", () => callbacks.onStep(1)],
    // "input" fires while dragging, "change" on release (and on each keyboard step): the first is a
    // preview, the second a seek worth announcing and sending at once.
    [scrub, "input", () => { dragging = true; callbacks.onScrub(scrubTime(), false); }],
    [scrub, "change", () => { endDrag(); callbacks.onScrub(scrubTime(), true); }],
    [scrub, "blur", endDrag],
    // On the document, capturing: the pointer may be released anywhere once the drag has left the
    // scrubber, over an element that stops the event.
    [document, "pointerup", endDrag, true],
    [document, "pointercancel", endDrag, true],
    [scrub, "keydown", onScrubKey as EventListener],
    [speed, "change", () => callbacks.onSpeed(Number(speed.value))],
    [logTime, "click", () => callbacks.onTimeMode(mode === "log" ? "linear" : "log")],
    [zoom, "click", () => callbacks.onZoomToggle()],
    [reset, "click", () => callbacks.onReset()],
    [present, "click", () => callbacks.onPresentToggle()],
    [helpButton, "click", () => setHelp(help.hidden)],
  ];
  for (const [target, type, fn, capture] of listeners) target.addEventListener(type, fn, capture);

  function setValueText(): void {
    scrub.setAttribute("aria-valuetext", formatClock(lastTime));
  }

  const controls: Controls = {
    element,
    readout,
    setRange(start, end) {
      rangeStart = start;
      rangeEnd = end;
      applyRange();
    },
    setTime(timeH) {
      lastTime = timeH;
      if (!dragging) scrub.value = String(toPosition(mode, timeH, rangeStart));
      // While playing the value text would change every frame; screen readers get it once paused.
      if (!playing) setValueText();
    },
    setPlaying(value) {
      playing = value;
      play.replaceChild(icon(value ? ICONS.pause : ICONS.play), play.firstChild as Node);
      setText(playText, value ? "Pause" : "Play");
      play.setAttribute("aria-label", value ? "Pause" : "Play");
      if (!value) setValueText();
    },
    setSpeed(value) {
      const values = SPEEDS.includes(value) ? SPEEDS : [...SPEEDS, value].sort((a, b) => a - b);
      const offered = Array.from(speed.options, (option) => option.value);
      if (offered.length !== values.length || offered.some((v, i) => v !== String(values[i]))) {
        speed.replaceChildren(...values.map((v) => {
          const option = document.createElement("option");
          option.value = String(v);
          option.textContent = formatSpeed(v);
          return option;
        }));
      }
      speed.value = String(value);
      currentSpeed = value;
      labelSteps();
    },
    setReadout(v) {
      setText(fields.time, formatClock(v.timeH));
      setText(fields.brain, formatConcentration(v.brainUM));
      setText(fields.pyramidal, formatPercent(v.blockPyramidal));
      setText(fields.interneuron, formatPercent(v.blockInterneuron));
      setText(fields.glutamate, formatChange(v.glutamateRel));
      setText(fields.bdnf, formatChange(v.bdnfRel));
      setText(fields.spines, formatChange(v.spineDensityRel));
    },
    setEnabled(enabled) {
      // Log time, the zoom and Reset stay enabled: they change only the view (in the error state too).
      for (const control of [play, back, forward, scrub, speed]) control.disabled = !enabled;
      if (!enabled && dragging) {
        // A disabled scrubber gets no "change": the drag ends here, back at the playhead.
        endDrag();
        scrub.value = String(toPosition(mode, lastTime, rangeStart));
      }
    },
    setTimeMode(next) {
      mode = next;
      logTime.setAttribute("aria-pressed", String(next === "log"));
      scrub.setAttribute("aria-label", next === "log" ? "Time since first dose (log scale)" : "Time since first dose");
      applyRange();
      labelSteps();
    },
    setZoom(next) {
      zoom.setAttribute("aria-pressed", String(next === "synapse"));
      labelSpeed(next);
    },
    setPresenting(presenting) {
      // A button that says what it will do (not a pressed toggle): its name changes with the state.
      setText(present, presenting ? "Exit presentation" : "Present");
      present.title = presenting
        ? "Leave the presentation (F or Esc)"
        : "Present: the diagram, the story and the controls fill the screen, in text large enough " +
          "for a projector (F; Esc to leave)";
    },
    toggleHelp(show) {
      return setHelp(show ?? help.hidden);
    },
    isHelpOpen() {
      return !help.hidden;
    },
    announce(message) {
      // Re-announcing an identical message needs a change of content, or screen readers stay silent.
      live.textContent = live.textContent === message ? `${message}\u00a0` : message;
    },
    destroy() {
      for (const [target, type, fn, capture] of listeners) target.removeEventListener(type, fn, capture);
    },
  };
  controls.setPlaying(false);
  controls.setPresenting(false);
  return controls;
}

/**
 * What one step does, for the step buttons' names: a duration in linear time ("15 min"); in log time a
 * factor on (time since the start + the knee), e.g. "x1.28 in log time".
 */
export function stepSize(mode: TimeMode, speed: number): string {
  if (mode === "linear") return formatClock(speed);
  return `\u00d7${Math.exp(speed / LOG_KNEE_H).toPrecision(3)} in log time`;
}

/** One "name: value" pair of the readout; returns the value node. */
function readoutField(parent: Element, name: string, title?: string): HTMLElement {
  const field = html("span", "keta-field", parent);
  if (title) field.title = title;
  const label = html("span", "keta-field-name", field);
  label.textContent = name;
  const value = html("span", "keta-field-value", field);
  value.textContent = MISSING;
  return value;
}
