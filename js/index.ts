/**
 * The anywidget entry of ketawidget's synapse diagram. `render` assembles the view (SVG scene, layer
 * toggles, legend, controls, error box), decodes the trajectory traits, and runs one
 * requestAnimationFrame loop that advances the player, draws the actors at the playhead (scene/scene.ts
 * says which channel feeds which actor) and, throttled by the player, tells the kernel
 * where the playhead is. Python owns the numbers and the browser owns the clock (docs/wire-format.md).
 * It also owns the view state that is not the model's: the zoom (circuit, or one synapse drawn from the
 * microscope runs), linear or log time, the story step and its highlighted actors, and the keyboard
 * shortcuts (keyboard.ts) and "Reset view" that drive them. The time mode is also the synced trait
 * log_time, so the lab's own log-time switch and the diagram's follow each other.
 * The root element mirrors the state in data-* attributes (time, playing, values, zoom, time mode,
 * story step, highlighted actors, error; docs/diagram.md lists them) so tests and embedding pages can
 * observe the widget without reaching into its internals. `render` returns a cleanup that stops the
 * loop and removes every listener it added.
 */

import "./widget.css";
import type { RenderProps } from "@anywidget/types";
import { WireError, decodeMicroscope, decodeTrajectory, timeSpan } from "./wire";
import { Player } from "./player";
import { SPEEDS, createControls } from "./controls";
import { createMicroScene } from "./micro/micro_scene";
import { type TimeMode } from "./timescale";
import { type ShortcutAction, focusKindOf, nextSpeed, shortcutAction } from "./keyboard";
import { STORY_STEPS } from "./story/steps";
import { resolveStep } from "./story/story";
import { createStoryPanel } from "./story/story_panel";
import { formatClock, formatSpeed } from "./format";
import { VIEW, setAttr, svgEl } from "./scene/svg";
import { createScene } from "./scene/scene";
import { createLegend, createMicroLegend } from "./legend";
import { createLayerToggles, layersHolding } from "./layers";
import { createErrorState } from "./error_state";
import { type Zoom, createDrawing, valuesSummary } from "./drawing";

/** The synced traits of SynapseView (docs/wire-format.md). */
interface SynapseTraits {
  wire_version: number;
  trajectory_time_h: DataView;
  trajectory_values: DataView;
  trajectory_channels: string[];
  trajectory_units: string[];
  time_h: number;
  playing: boolean;
  speed: number;
  /** The diagram's time mode (the Log time toggle); both sides may set it. */
  log_time: boolean;
  microscope_time_ms: DataView;
  microscope_moments_h: DataView;
  microscope_ketamine_uM: DataView;
  microscope_values: DataView;
  microscope_channels: string[];
  microscope_units: string[];
  [key: string]: unknown;
}

const TRAJECTORY_TRAITS = [
  "trajectory_time_h", "trajectory_values", "trajectory_channels", "trajectory_units", "wire_version",
  "microscope_time_ms", "microscope_moments_h", "microscope_ketamine_uM", "microscope_values",
  "microscope_channels", "microscope_units",
] as const;


/**
 * How long an undecodable trajectory may stay unconfirmed before the error state shows. Python may
 * update the five trajectory traits in separate messages; in between, lengths legitimately disagree.
 * Drawing stops at once, but the error is only declared if the next messages do not fix it.
 */
const ERROR_GRACE_MS = 200;

/**
 * While paused, the molecules' drift is redrawn every 50 ms (20 fps) instead of every frame. It is
 * slow enough to look as smooth, and each redraw repaints the whole diagram: in software-rendered
 * Chromium (a projector laptop, or headless tests) drawing it every frame kept the main thread half
 * busy and delayed the charts' redraw after a slider move (benchmarks/lab_latency.py).
 */
const IDLE_DRIFT_INTERVAL_MS = 50;

/**
 * How often a playing view reports its playhead to the kernel. Each report makes the lab move the
 * playhead on six charts (a dozen messages back) and flips the kernel's busy state, which JupyterLab
 * re-renders; 4 reports a second keep the charts' line moving visibly while leaving the frames to the
 * animation (benchmarks/scene_perf.py). A pause, a seek or the end of the run is sent at once.
 */
const PLAYHEAD_SEND_INTERVAL_MS = 250;

/**
 * The shortcuts that work in the error state: they change only the view (as their buttons, which stay
 * enabled, do) or the help. Everything that would move the playhead or reach the kernel waits.
 */
const VIEW_ACTIONS: ReadonlySet<ShortcutAction> = new Set(["zoom", "log-time", "reset", "help", "escape"]);

function render({ model, el }: RenderProps<SynapseTraits>): () => void {
  const root = document.createElement("div");
  root.className = "keta-synapse";

  root.setAttribute("data-playing", "false");
  el.appendChild(root);

  // Both zooms share one stage and are stacked; CSS crossfades and scales between them (widget.css).
  const stage = document.createElement("div");
  stage.className = "keta-stage";
  stage.tabIndex = 0;
  stage.setAttribute("role", "group");
  stage.setAttribute("aria-label", "Diagram (keyboard shortcuts: press ? for the list)");
  root.appendChild(stage);

  const svg = svgEl("svg", {
    class: "keta-scene keta-view keta-view-circuit",
    viewBox: `0 0 ${VIEW.width} ${VIEW.height}`,
    role: "img",
    "aria-label": "Synapse diagram: a presynaptic terminal releases glutamate into the cleft, where ketamine " +
      "plugs NMDA receptors; AMPA receptors let Na+ into the spine, whose signalling gauges (eEF2, BDNF, " +
      "TrkB, mTORC1) lead to BDNF binding TrkB and new spines along the dendrite; a GABAergic interneuron, " +
      "its NMDA receptors plugged harder, inhibits the dendrite. The numbers are in the readout below.",
  }, stage);
  const scene = createScene(svg);
  const microSvg = svgEl("svg", {
    class: "keta-scene keta-view keta-view-synapse",
    viewBox: `0 0 ${VIEW.width} ${VIEW.height}`,
    role: "img",
    "aria-label": "One synapse at millisecond time: a glutamate pulse in the cleft opens AMPA channels " +
      "(Na+ in) and NMDA channels, whose pores hold Mg2+ and trapped ketamine; traces show the spine " +
      "voltage and the currents. The run's moment and brain ketamine are written at the top.",
  }, stage);
  const microScene = createMicroScene(microSvg);
  const layers = createLayerToggles(root);
  root.appendChild(layers.element);
  root.appendChild(createLegend());
  root.appendChild(createMicroLegend());

  const errors = createErrorState(root, stage);

  const kernelTime = Number(model.get("time_h"));
  // Unbounded until a trajectory arrives, so the kernel's playhead is taken as-is and not echoed back.
  const player = new Player({
    start: -Infinity, end: Infinity, timeH: 0, speed: model.get("speed"), sendIntervalMs: PLAYHEAD_SEND_INTERVAL_MS,
  });
  if (Number.isFinite(kernelTime)) player.syncFromKernel(kernelTime);

  let zoom: Zoom = "circuit";
  let storyIndex: number | undefined;
  let graceTimer: ReturnType<typeof setTimeout> | undefined;
  let inUserAction = false;
  let motion = true;
  let visible = true;
  let rafId = 0;
  let lastIdleDrawMs = -Infinity;
  /** Set by the cleanup: a microtask, timer or frame already queued then must not touch the model or DOM. */
  let disposed = false;

  const controls = createControls({
    onPlayToggle: () => userAction(() => model.set("playing", !player.playing)),
    onStep: (direction) => moveByUser(() => player.step(direction)),
    onScrub: (t, final) => userAction(() => {
      player.seek(t, { throttled: !final });
      redraw();
      if (final) announceHere("");
    }),
    onSpeed: (speed) => setSpeedByUser(speed),
    onTimeMode: (mode) => setTimeModeByUser(mode),
    onZoomToggle: () => toggleZoomByUser(),
    onReset: () => reset(),
  });
  root.insertBefore(controls.element, errors.box);
  const drawing = createDrawing({ root, scene, microScene, controls });
  const story = createStoryPanel({
    onStart: () => goToStep(0),
    onPrevious: () => goToStep((storyIndex ?? 0) - 1),
    onNext: () => goToStep((storyIndex ?? -1) + 1),
    onExit: () => exitStory(),
  });
  root.insertBefore(story.element, controls.element);
  // JupyterLab binds arrows, space and letters to notebook commands for any focused element in a
  // notebook (".jp-Notebook.jp-mod-commandMode :focus"). Lumino skips its shortcuts only for an
  // element that carries this attribute itself (the target is matched before ancestors are checked),
  // so every focusable element of the widget gets it: the scrubber's and select's arrow keys must move
  // them, and the widget's own shortcuts (keyboard.ts) must reach its keydown listener from any of them
  // (on a button, K, R, Z and the arrows would otherwise move, retype or undo notebook cells).
  for (const control of root.querySelectorAll("button, input, select, [tabindex]")) {
    control.setAttribute("data-lm-suppress-shortcuts", "true");
  }
  // The price: JupyterLab does not take focus back when a cell is clicked while focus is anywhere in
  // the notebook, so after pressing a widget button and clicking another cell, the notebook's own
  // shortcuts (Escape, B, ...) would still land on the button and be suppressed. Letting go of focus
  // on any press outside the widget hands the keyboard back to the notebook, as the user expects.
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

  // ---- error state -------------------------------------------------------------------------------

  function setError(e: unknown, fromMessage = false): void {
    errors.show(e, fromMessage, () => {
      drawing.drop();
      player.pause();
      reflectPlaying();
      controls.setEnabled(false);
      story.setEnabled(false);
      // Nothing plays in the error state: say so to the kernel, so that lab.playing does not read
      // True throughout and a good run arriving later does not start playing by itself.
      if (model.get("playing")) stopPlayingInKernel();
    });
    // Nothing is drawn in the error state, so the root claims no time, value or microscope run.
    drawing.clear(player.timeH);
  }

  /**
   * Set the playing trait false where the view cannot play (an error, a run of under two samples).
   * Set directly, not through flush(): inside a user action (a custom play message) flush() waits,
   * and the action's own save would send playing = true back.
   */
  function stopPlayingInKernel(): void {
    model.set("playing", false);
    if (!inUserAction) model.save_changes();
  }

  // ---- trajectory ----------------------------------------------------------------------------------

  function readTraits() {
    return {
      wire_version: model.get("wire_version"),
      trajectory_time_h: model.get("trajectory_time_h"),
      trajectory_values: model.get("trajectory_values"),
      trajectory_channels: model.get("trajectory_channels"),
      trajectory_units: model.get("trajectory_units"),
    };
  }

  function readMicroscopeTraits() {
    return {
      microscope_time_ms: model.get("microscope_time_ms"),
      microscope_moments_h: model.get("microscope_moments_h"),
      microscope_ketamine_uM: model.get("microscope_ketamine_uM"),
      microscope_values: model.get("microscope_values"),
      microscope_channels: model.get("microscope_channels"),
      microscope_units: model.get("microscope_units"),
    };
  }

  /** `confirmNow`: report a failure at once instead of waiting for the rest of a multi-message update. */
  function decode(confirmNow = false): void {
    if (disposed) return;
    clearTimeout(graceTimer);
    graceTimer = undefined;
    try {
      const next = decodeTrajectory(readTraits());
      drawing.load(next, decodeMicroscope(readMicroscopeTraits()));
      errors.clear();
      const [start, end] = timeSpan(next);
      drawing.countFrom(start); // a stressed run's spines count as new from where it started
      player.setRange(start, end); // keeps the playhead, clamped; marks a send if clamping moved it
      controls.setRange(start, end);
      controls.setEnabled(next.timeH.length > 1);
      story.setEnabled(next.timeH.length > 0);
      if (storyIndex !== undefined) goToStep(storyIndex); // a new run moves the step's peaks
      if (model.get("playing") && !player.playing) player.play(performance.now());
      reflectPlaying();
      redraw();
      flush(performance.now());
      if (model.get("playing") && !player.playing) stopPlayingInKernel(); // a run with nothing to play
    } catch (e) {
      drawing.drop(); // never keep animating data that no longer matches the traits (frame() holds the clock)
      if (confirmNow || !(e instanceof WireError)) setError(e);
      else graceTimer = setTimeout(() => decode(true), ERROR_GRACE_MS);
    }
  }

  // ---- zoom, time mode, highlight, story, reset ----------------------------------------------------

  function setZoom(next: Zoom): void {
    zoom = next;
    root.setAttribute("data-zoom", next);
    svg.setAttribute("aria-hidden", String(next !== "circuit"));
    microSvg.setAttribute("aria-hidden", String(next !== "synapse"));
    controls.setZoom(next);
    if (next !== "synapse") drawing.removeMicroscopeAttrs();
    redraw();
  }

  function setTimeMode(mode: TimeMode): void {
    player.setTimeMode(mode);
    controls.setTimeMode(mode);
    root.setAttribute("data-time-mode", mode);
    controls.setTime(player.timeH);
  }

  /** Highlight the actors `ids` (class keta-highlight) and dim the rest; an empty list clears it. */
  function highlight(ids: string[]): void {
    const wanted = new Set(ids);
    for (const node of stage.querySelectorAll("[data-actor], [data-actor-part]")) {
      const id = node.getAttribute("data-actor") ?? node.getAttribute("data-actor-part") ?? "";
      node.classList.toggle("keta-highlight", wanted.has(id));
    }
    if (ids.length > 0) root.setAttribute("data-highlighted", ids.join(" "));
    else root.removeAttribute("data-highlighted");
    // Only the zoom holding the highlighted actors dims the rest: zooming away during a step must not
    // leave a picture in which everything is dimmed.
    for (const view of [svg, microSvg]) view.classList.toggle("keta-has-highlight", view.querySelector(".keta-highlight") !== null);
  }

  function goToStep(index: number): void {
    const traj = drawing.trajectory;
    if (!traj || errors.message || traj.timeH.length === 0) return;
    const i = Math.max(0, Math.min(STORY_STEPS.length - 1, index));
    const resolved = resolveStep(STORY_STEPS, i, traj);
    storyIndex = i;
    userAction(() => {
      // Pause the player first, so the change:playing handler finds nothing to announce over the caption.
      player.pause();
      if (model.get("playing")) model.set("playing", false);
      player.seek(resolved.timeH);
    });
    reflectPlaying();
    root.setAttribute("data-story-step", resolved.step.id);
    // A step must show what it talks about: every hidden layer that holds part of one of its actors (the
    // interneuron, the ketamine molecules, the Na+ ions of the AMPA receptors, the labels whose numbers
    // the caption quotes) is shown again.
    layers.show(layersHolding(resolved.step.zoom === "synapse" ? microSvg : svg, resolved.step.actors));
    highlight(resolved.step.actors);
    setZoom(resolved.step.zoom);
    story.show({ index: i, count: STORY_STEPS.length, title: resolved.title, caption: resolved.caption });
  }

  function exitStory(): void {
    storyIndex = undefined;
    root.removeAttribute("data-story-step");
    highlight([]);
    story.show(undefined);
  }

  /**
   * "Reset view": time 0, circuit zoom, all layers, no story, linear time, paused. The lesson (dose,
   * parameters) is Python's and untouched; the lab has its own Reset for it. So is the speed: the lab
   * picks it to fit the run (the two-week course plays at 6 h/s), and going back to a fixed default
   * made that course take 22 minutes again.
   */
  function reset(): void {
    exitStory();
    layers.showAll();
    setTimeMode("linear");
    setZoom("circuit");
    controls.toggleHelp(false);
    if (errors.message) {
      // No run to rewind: only the view is reset, and the kernel hears of nothing but the time mode
      // (its time_h, playing and speed stay).
      saveTimeMode(true);
      controls.announce("View reset.");
      return;
    }
    saveTimeMode(false); // sent with the rest of the reset, in the user action's one save
    userAction(() => {
      // Pause the player first, so the change:playing handler finds nothing to announce over the caption.
      player.pause();
      if (model.get("playing")) model.set("playing", false);
      player.seek(player.start);
      redraw();
    });
    controls.setSpeed(player.speed);
    reflectPlaying();
    announceHere("View reset to ");
  }

  // ---- keyboard ------------------------------------------------------------------------------------

  function runShortcut(action: ShortcutAction): void {
    switch (action) {
      case "play-pause": return userAction(() => model.set("playing", !player.playing));
      case "step-back": return moveByUser(() => player.step(-1));
      case "step-forward": return moveByUser(() => player.step(1));
      case "big-step-back": return moveByUser(() => player.step(-10));
      case "big-step-forward": return moveByUser(() => player.step(10));
      case "faster": return setSpeedByUser(nextSpeed(SPEEDS, player.speed, 1));
      case "slower": return setSpeedByUser(nextSpeed(SPEEDS, player.speed, -1));
      case "start": return moveByUser(() => player.seek(player.start));
      case "end": return moveByUser(() => player.seek(player.end));
      case "zoom": return toggleZoomByUser();
      case "log-time": return setTimeModeByUser(player.timeMode === "log" ? "linear" : "log");
      case "story-next": return goToStep(storyIndex === undefined ? 0 : storyIndex + 1);
      case "story-previous": return storyIndex === undefined ? undefined : goToStep(storyIndex - 1);
      case "reset": return reset();
      case "help": controls.toggleHelp(); return;
      case "escape": {
        const helpWasOpen = controls.isHelpOpen();
        if (helpWasOpen) controls.toggleHelp(false);
        else if (storyIndex !== undefined) exitStory();
        return;
      }
    }
  }

  /**
   * The user's own moves, from a control or its shortcut alike, each announced once in the live region
   * (a held key announces once per repeat, never per frame). The playhead's moves say where it is now.
   */
  function moveByUser(move: () => void): void {
    userAction(() => {
      move();
      redraw();
      announceHere("");
    });
  }

  function setSpeedByUser(speed: number): void {
    userAction(() => model.set("speed", speed));
    if (!errors.message) controls.announce(`Speed ${formatSpeed(player.speed)}.`);
  }

  /** Zoom and time mode are the view's own: they work (and speak) in the error state too. */
  function toggleZoomByUser(): void {
    setZoom(zoom === "circuit" ? "synapse" : "circuit");
    controls.announce(zoom === "synapse" ? "Synapse zoom: one synapse at millisecond time." : "Circuit zoom.");
  }

  function setTimeModeByUser(mode: TimeMode): void {
    setTimeMode(mode);
    saveTimeMode(true);
    controls.announce(mode === "log" ? "Log time." : "Linear time.");
  }

  /**
   * Tell the kernel the time mode the view shows (the log_time trait), so that the lab's own log-time
   * switch follows the diagram's. The one exception to "nothing the user does in the error state
   * reaches the kernel": it is a view setting, and the two switches must not drift apart there either.
   */
  function saveTimeMode(save: boolean): void {
    const log = player.timeMode === "log";
    if (Boolean(model.get("log_time")) === log) return;
    model.set("log_time", log);
    if (save) model.save_changes();
  }

  /** Escape belongs to the page (JupyterLab: leave edit mode) unless the widget has something to close. */
  function wantsEscape(): boolean {
    return controls.isHelpOpen() || storyIndex !== undefined;
  }

  const onKeyDown = (event: KeyboardEvent) => {
    const action = shortcutAction(event, focusKindOf(event.target as HTMLElement | null));
    if (action === undefined || (errors.message && !VIEW_ACTIONS.has(action))) return;
    if (action === "escape" && !wantsEscape()) return;
    event.preventDefault(); // Space would scroll the notebook, arrows move the page
    event.stopPropagation();
    try {
      runShortcut(action);
    } catch (e) {
      setError(e);
    }
  };
  root.addEventListener("keydown", onKeyDown);

  function draw(wallMs: number): void {
    if (!errors.message) drawing.draw(player.timeH, wallMs, zoom, motion);
  }

  function redraw(): void {
    try {
      draw(performance.now());
    } catch (e) {
      setError(e);
    }
  }

  function reflectPlaying(): void {
    setAttr(root, "data-playing", String(player.playing));
    controls.setPlaying(player.playing);
  }

  /** Say where the playhead is and what it shows; nothing in the error state (it would be all dashes). */
  function announceHere(prefix: string): void {
    if (errors.message) return;
    controls.announce(`${prefix}${formatClock(player.timeH)}. ${valuesSummary(drawing.valuesAt(player.timeH))}`);
  }

  // ---- talking to the kernel -------------------------------------------------------------------------

  /**
   * Send what the player says is due. Inside a user action the action saves once at its end, so model
   * events it triggers do not each send their own message.
   */
  function flush(nowMs: number, extra?: () => void): void {
    if (inUserAction || errors.message) return;
    const t = player.takeSend(nowMs);
    if (t !== undefined) model.set("time_h", t);
    extra?.();
    if (t !== undefined || extra) model.save_changes();
  }

  /**
   * Run what the user (or Python's ordered message) asked, then send its result in one save. In the
   * error state nothing the user does reaches the model: the action does not run.
   */
  function userAction(action: () => void, options: { forceTime?: boolean } = {}): void {
    if (errors.message) return;
    inUserAction = true;
    try {
      action();
    } catch (e) {
      setError(e);
    } finally {
      inUserAction = false;
    }
    // An error the action itself raised sends no time, only what setError set (playing = false).
    const t = errors.message ? undefined : player.takeSend(performance.now());
    if (t !== undefined) {
      if (options.forceTime && model.get("time_h") === t) {
        // ipywidgets sends only attributes whose value changed. When the kernel's own update has
        // already set time_h to t, a stale time this view queued while the kernel was busy would
        // still go out (it stays in the pending diff) and win; passing through a silent placeholder
        // makes t the value sent. (NaN never reaches a listener: the set is silent.)
        (model.set as (key: string, value: unknown, options?: { silent?: boolean }) => void)("time_h", Number.NaN, { silent: true });
      }
      model.set("time_h", t);
    }
    model.save_changes();
  }

  // ---- model events --------------------------------------------------------------------------------

  const handlers: Array<[string, () => void]> = [];
  const on = (event: string, fn: () => void) => {
    const guarded = () => {
      try {
        fn();
      } catch (e) {
        setError(e);
      }
    };
    handlers.push([event, guarded]);
    model.on(event, guarded);
  };

  // One decode per burst: Backbone fires one event per changed trait even for a single message.
  let decodeQueued = false;
  for (const trait of TRAJECTORY_TRAITS) {
    on(`change:${trait}`, () => {
      if (decodeQueued) return;
      decodeQueued = true;
      queueMicrotask(() => {
        decodeQueued = false;
        decode(); // a no-op if the view was removed since the change arrived
      });
    });
  }

  on("change:time_h", () => {
    const t = Number(model.get("time_h"));
    if (!Number.isFinite(t) || player.isEcho(t)) return;
    player.syncFromKernel(t);
    redraw();
    flush(performance.now());
  });

  // Playback changes made by Python code arrive as custom messages as well as trait changes. The
  // trait change alone can lose a race with the time_h updates this view sends while playing
  // (ipywidgets drops a kernel value for a trait whose own update is unconfirmed, stale browser
  // updates reach the kernel after the cell ran, and trait updates are applied asynchronously while
  // custom messages are not). Custom messages keep their order and are always obeyed; the view then
  // reports the time it shows, so both sides settle on what Python set.
  const onCustom = (msg: unknown) => {
    try {
      const command = playbackCommand(msg);
      if (command === undefined) return;
      // The error a malformed message caused ends with the next good one (the run itself was fine).
      if (errors.message && errors.fromMessage) decode(true);
      if (errors.message) {
        // Obeyed as far as it can be: nothing plays in the error state, and the kernel hears so at once.
        if (model.get("playing")) stopPlayingInKernel();
        return;
      }
      userAction(() => {
        if (command.timeH !== undefined) player.seek(command.timeH);
        if (command.playing !== undefined && command.playing !== Boolean(model.get("playing"))) {
          model.set("playing", command.playing);
        }
        redraw();
      }, { forceTime: true });
    } catch (e) {
      setError(e, true);
    }
  };
  model.on("msg:custom", onCustom);

  on("change:playing", () => {
    const wanted = Boolean(model.get("playing"));
    if (errors.message) {
      // Play asked in the error state: answered with playing = false, so that a good run arriving
      // later does not start playing by itself.
      if (wanted) stopPlayingInKernel();
    } else if (wanted !== player.playing) {
      if (wanted) player.play(performance.now());
      else player.pause();
      if (wanted && !player.playing) {
        stopPlayingInKernel(); // a run with nothing to play
        reflectPlaying();
        return;
      }
      if (player.playing) controls.announce(`Playing from ${formatClock(player.timeH)} at ${formatSpeed(player.speed)}.`);
      else if (!wanted) announceHere("Paused at ");
      redraw();
      flush(performance.now());
    }
    reflectPlaying();
  });

  on("change:speed", () => {
    player.setSpeed(Number(model.get("speed")));
    controls.setSpeed(player.speed);
  });

  // The lab's log-time switch (or Python code) sets the diagram's time mode; the view's own change
  // comes back here as an echo, which finds the mode already set.
  on("change:log_time", () => {
    const mode: TimeMode = model.get("log_time") === true ? "log" : "linear";
    if (mode !== player.timeMode) setTimeMode(mode);
  });

  // ---- animation loop ------------------------------------------------------------------------------

  function frame(now: number): void {
    if (disposed) return; // a frame requested before the cleanup that still fires: do not re-arm
    rafId = requestAnimationFrame(frame);
    if (errors.message || !drawing.trajectory) {
      player.rebase(now);
      return;
    }
    try {
      const { moved, ended } = player.tick(now);
      if (ended) {
        flush(now, () => model.set("playing", false));
        reflectPlaying();
        announceHere("End of trajectory at ");
      } else {
        flush(now);
      }
      // Drift is the only reason to draw a still frame: skip it when nobody can see it, and draw it
      // at a gentler rate than playback (see IDLE_DRIFT_INTERVAL_MS).
      if (moved || ended) {
        draw(now);
      } else if (motion && visible && !pointerHeldElsewhere && now - lastIdleDrawMs >= IDLE_DRIFT_INTERVAL_MS) {
        draw(now);
        lastIdleDrawMs = now;
      }
    } catch (e) {
      setError(e);
    }
  }

  // ---- environment: reduced motion, visibility -----------------------------------------------------

  const reducedMotion = typeof window.matchMedia === "function"
    ? window.matchMedia("(prefers-reduced-motion: reduce)")
    : undefined;
  const onMotionChange = () => {
    if (disposed) return;
    motion = !reducedMotion?.matches;
    redraw();
  };
  reducedMotion?.addEventListener?.("change", onMotionChange);
  motion = !reducedMotion?.matches;

  const observer = typeof IntersectionObserver === "function"
    ? new IntersectionObserver((entries) => { if (!disposed) visible = entries.some((entry) => entry.isIntersecting); })
    : undefined;
  observer?.observe(root);

  // ---- start -----------------------------------------------------------------------------------------

  controls.setSpeed(player.speed);
  controls.setEnabled(false);
  story.setEnabled(false);
  setTimeMode(model.get("log_time") === true ? "log" : "linear");
  setZoom("circuit");
  decode(true); // the initial state arrives whole: a failure here is real
  reflectPlaying();
  rafId = requestAnimationFrame(frame);

  return () => {
    disposed = true;
    cancelAnimationFrame(rafId);
    clearTimeout(graceTimer);
    for (const [event, fn] of handlers) model.off(event, fn);
    model.off("msg:custom", onCustom);
    root.removeEventListener("keydown", onKeyDown);
    document.removeEventListener("pointerdown", onPointerDownOutside, true);
    document.removeEventListener("pointerdown", onPointerPress, true);
    document.removeEventListener("pointerup", onPointerRelease, true);
    document.removeEventListener("pointercancel", onPointerRelease, true);
    window.removeEventListener("blur", onPointerRelease);
    controls.destroy();
    story.destroy();
    layers.destroy();
    reducedMotion?.removeEventListener?.("change", onMotionChange);
    observer?.disconnect();
    root.remove();
  };
}

export default { render };

/** A playback command from Python: `{type: "seek", time_h, playing}` or `{type: "play", playing}`. */
export interface PlaybackCommand {
  timeH?: number;
  playing?: boolean;
}

/** Parse a custom message from Python; undefined for messages that are not playback commands. */
export function playbackCommand(msg: unknown): PlaybackCommand | undefined {
  if (typeof msg !== "object" || msg === null) return undefined;
  const m = msg as { type?: unknown; time_h?: unknown; playing?: unknown };
  if (m.type !== "seek" && m.type !== "play") return undefined;
  const command: PlaybackCommand = {};
  if (m.type === "seek") {
    if (typeof m.time_h !== "number" || !Number.isFinite(m.time_h)) {
      throw new Error(`seek message needs a finite time_h, got ${String(m.time_h)}`);
    }
    command.timeH = m.time_h;
  }
  if (m.playing !== undefined || m.type === "play") {
    if (typeof m.playing !== "boolean") throw new Error(`${m.type} message needs a boolean playing, got ${String(m.playing)}`);
    command.playing = m.playing;
  }
  return command;
}
