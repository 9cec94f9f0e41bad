/**
 * The view's side of the conversation with the kernel (docs/wire-format.md): it listens to the synced
 * traits and to Python's playback messages, decodes each new run once per burst of trait changes (with
 * a short grace for updates split over several messages), follows the playing, speed, time and time
 * mode traits (each checked, in the state it opens with and in every change: playback_traits.ts), and
 * sends back where the playhead is: throttled while playing, at once after a pause, a
 * seek or the end, and once per user action. Python owns the numbers and the browser owns the clock.
 * What the view does with what it hears (drawing, announcing, the error state) is handed in as
 * `KernelView`; this module never touches the DOM.
 */

import type { AnyModel } from "@anywidget/types";
import { type Microscope, type RunLabel, type Trajectory, WireError, decodeMicroscope, decodeRunLabel, decodeTrajectory } from "./wire";
import { Player } from "./player";
import { PlaybackTraitError, checkLogTime, checkPlaybackTraits, checkPlaying, checkSpeed, checkTimeH, validTimeH } from "./playback_traits";
import { type TimeMode, speedForRun } from "./timescale";
import { SPEEDS } from "./controls";
import { formatClock, formatSpeed } from "./format";

/** The synced traits of SynapseView (docs/wire-format.md). */
export interface SynapseTraits {
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
  /**
   * Whether a lab in the kernel picks the speed again when the time mode changes (KetamineLab's
   * diagram); false (or absent) for a lone SynapseView and a saved page, whose view picks it itself.
   */
  kernel_picks_speed?: boolean;
  /** The run in words (version 3; absent from a version-2 kernel). */
  run_description: string;
  /** The conditions the run was given, ids of js/conditions.ts (version 3). */
  run_conditions: string[];
  [key: string]: unknown;
}

type Model = AnyModel<SynapseTraits>;

const TRAJECTORY_TRAITS = [
  "trajectory_time_h", "trajectory_values", "trajectory_channels", "trajectory_units", "wire_version",
  "microscope_time_ms", "microscope_moments_h", "microscope_ketamine_uM", "microscope_values",
  "microscope_channels", "microscope_units", "run_description", "run_conditions",
] as const;

/**
 * How long an undecodable trajectory may stay unconfirmed before the error state shows. Python may
 * update the five trajectory traits in separate messages; in between, lengths legitimately disagree.
 * Drawing stops at once, but the error is only declared if the next messages do not fix it.
 */
const ERROR_GRACE_MS = 200;

/**
 * How often a playing view reports its playhead to the kernel. Each report makes the lab move the
 * playhead on six charts (a dozen messages back) and flips the kernel's busy state, which JupyterLab
 * re-renders; 4 reports a second keep the charts' line moving visibly while leaving the frames to the
 * animation (benchmarks/scene_perf.py). A pause, a seek or the end of the run is sent at once.
 */
const PLAYHEAD_SEND_INTERVAL_MS = 250;

/**
 * The view's player, at the kernel's playhead and speed. A time or speed the checks refuse is not taken
 * (the player starts at 0, at 1 h/s): the first decode shows it as an error.
 */
export function createPlayer(model: Model): Player {
  const kernelTime = model.get("time_h");
  // Unbounded until a trajectory arrives, so the kernel's playhead is taken as-is and not echoed back.
  const player = new Player({
    start: -Infinity, end: Infinity, timeH: 0, speed: model.get("speed"), sendIntervalMs: PLAYHEAD_SEND_INTERVAL_MS,
  });
  if (validTimeH(kernelTime)) player.syncFromKernel(kernelTime);
  return player;
}

/** What the view does with what the kernel says. */
export interface KernelView {
  /** The error state: nothing the user does reaches the kernel while it shows. */
  readonly errors: { readonly message: string | null; readonly fromMessage: boolean };
  /** Show the error `e`; `fromMessage` when a playback message or trait caused it, not the run's data. */
  fail(e: unknown, fromMessage?: boolean): void;
  /** Show a newly decoded run, with what it is (and leave the error state). */
  showRun(trajectory: Trajectory, microscope: Microscope, run: RunLabel): void;
  /** Stop drawing the run: the traits no longer decode. */
  dropRun(): void;
  redraw(): void;
  /** Show whether the player plays. */
  reflectPlaying(): void;
  announce(message: string): void;
  /** Announce where the playhead is, after `prefix`. */
  announceHere(prefix: string): void;
  showSpeed(speed: number): void;
  setTimeMode(mode: TimeMode): void;
  /** The kernel moved the playhead (a time_h it set, or a seek message): not an echo of this view's. */
  seeked(): void;
}

export interface KernelSync {
  /** The time mode the log_time trait asks for (linear for a value that is not a boolean: decode shows it). */
  readonly timeMode: TimeMode;
  /** Decode the run from the traits; `confirmNow`: report a failure at once instead of after the grace. */
  decode(confirmNow?: boolean): void;
  /** Send the playhead if the player says it is due. */
  flush(nowMs: number): void;
  /** The run played to its end: the last playhead and playing = false go in one message. */
  endPlayback(nowMs: number): void;
  /**
   * Run what the user (or Python's ordered message) asked, then send its result in one save. In the
   * error state nothing the user does reaches the model: the action does not run.
   */
  userAction(action: () => void, options?: { forceTime?: boolean }): void;
  /** Play or pause as the user asked: the player follows the playing trait's change. */
  togglePlaying(): void;
  /** Set the speed the user chose: the player follows the speed trait's change. */
  setSpeed(speed: number): void;
  /** Pause the player, then the playing trait (for use inside a user action). */
  pause(): void;
  /** Set the playing trait false if it is true, where the view cannot play (the error state). */
  stopPlaying(): void;
  /**
   * Tell the kernel the time mode the player shows (the log_time trait), so that the lab's own log-time
   * switch follows the diagram's; `save` sends it now, else with the action's save. The one exception to
   * "nothing the user does in the error state reaches the kernel": it is a view setting, and the two
   * switches must not drift apart there either. Where no lab picks the speed, the speed picked for the
   * old mode is picked again for the new one, in the same save (see pickSpeedFor).
   */
  saveTimeMode(save: boolean): void;
  /** Stop listening; a decode or timer already queued then does nothing. */
  destroy(): void;
}

export function createKernelSync(model: Model, player: Player, view: KernelView): KernelSync {
  let inUserAction = false;
  /** The user chose a speed in this view (the menu, the + and - keys): theirs to keep. */
  let userChoseSpeed = false;
  let graceTimer: ReturnType<typeof setTimeout> | undefined;
  /** Set by destroy: a microtask or timer already queued then must not touch the model or the view. */
  let disposed = false;

  const failed = () => view.errors.message !== null;

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

  function decode(confirmNow = false): void {
    if (disposed) return;
    clearTimeout(graceTimer);
    graceTimer = undefined;
    try {
      const next = decodeTrajectory(readTraits());
      const run = decodeRunLabel({ run_description: model.get("run_description"), run_conditions: model.get("run_conditions") });
      const microscope = decodeMicroscope(readMicroscopeTraits());
      // The run decodes; the time, speed and flags it would play with must be ones the kernel accepts
      // too (the state the view opens with is checked here, as each later change is by its handler).
      checkPlaybackTraits((trait) => model.get(trait));
      view.showRun(next, microscope, run);
      if (model.get("playing") && !player.playing) player.play(performance.now());
      view.reflectPlaying();
      view.redraw();
      flush(performance.now());
      if (model.get("playing") && !player.playing) stopPlayingInKernel(); // a run with nothing to play
    } catch (e) {
      view.dropRun(); // never keep animating data that no longer matches the traits (the loop holds the clock)
      if (confirmNow || !(e instanceof WireError)) view.fail(e, e instanceof PlaybackTraitError);
      else graceTimer = setTimeout(() => decode(true), ERROR_GRACE_MS);
    }
  }

  /**
   * Send what the player says is due. Inside a user action the action saves once at its end, so model
   * events it triggers do not each send their own message.
   */
  function flush(nowMs: number, extra?: () => void): void {
    if (inUserAction || failed()) return;
    const t = player.takeSend(nowMs);
    if (t !== undefined) model.set("time_h", t);
    extra?.();
    if (t !== undefined || extra) model.save_changes();
  }

  function userAction(action: () => void, options: { forceTime?: boolean } = {}): void {
    if (failed()) return;
    inUserAction = true;
    try {
      action();
    } catch (e) {
      view.fail(e);
    } finally {
      inUserAction = false;
    }
    // An error the action itself raised sends no time, only what the error state set (playing = false).
    const t = failed() ? undefined : player.takeSend(performance.now());
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

  /**
   * Set the playing trait false where the view cannot play (an error, a run of under two samples).
   * Set directly, not through flush(): inside a user action (a custom play message) flush() waits,
   * and the action's own save would send playing = true back.
   */
  function stopPlayingInKernel(): void {
    model.set("playing", false);
    if (!inUserAction) model.save_changes();
  }

  // ---- model events --------------------------------------------------------------------------------

  const handlers: Array<[string, () => void]> = [];
  // A handler's check that refuses a playback trait throws a PlaybackTraitError: shown, not ignored,
  // and ended by the next good value, as a malformed playback message is (the run itself is fine).
  const on = (event: string, fn: () => void) => {
    const guarded = () => {
      try {
        fn();
      } catch (e) {
        view.fail(e, e instanceof PlaybackTraitError);
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

  /** A good value of a playback trait ends the error a bad one (or a malformed message) caused. */
  function recover(): void {
    if (failed() && view.errors.fromMessage) decode(true);
  }

  on("change:time_h", () => {
    const value = model.get("time_h");
    if (typeof value === "number" && player.isEcho(value)) return; // this view's own, not the kernel's
    const t = checkTimeH(value);
    player.syncFromKernel(t); // first, so that the run shown again keeps this time
    recover();
    view.seeked();
    view.redraw();
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
      recover();
      if (failed()) {
        // Obeyed as far as it can be: nothing plays in the error state, and the kernel hears so at once.
        if (model.get("playing")) stopPlayingInKernel();
        return;
      }
      userAction(() => {
        if (command.timeH !== undefined) {
          player.seek(command.timeH);
          view.seeked();
        }
        if (command.playing !== undefined && command.playing !== Boolean(model.get("playing"))) {
          model.set("playing", command.playing);
        }
        view.redraw();
      }, { forceTime: true });
    } catch (e) {
      view.fail(e, true);
    }
  };
  model.on("msg:custom", onCustom);

  on("change:playing", () => {
    const wanted = checkPlaying(model.get("playing"));
    recover();
    if (failed()) {
      // Play asked in the error state: answered with playing = false, so that a good run arriving
      // later does not start playing by itself.
      if (wanted) stopPlayingInKernel();
    } else if (wanted !== player.playing) {
      if (wanted) player.play(performance.now());
      else player.pause();
      if (wanted && !player.playing) {
        stopPlayingInKernel(); // a run with nothing to play
        view.reflectPlaying();
        return;
      }
      if (player.playing) view.announce(`Playing from ${formatClock(player.timeH)} at ${formatSpeed(player.speed)}.`);
      else if (!wanted) view.announceHere("Paused at ");
      view.redraw();
      flush(performance.now());
    }
    view.reflectPlaying();
  });

  on("change:speed", () => {
    const speed = checkSpeed(model.get("speed")); // e.g. a jslinked slider beyond the range
    recover();
    player.setSpeed(speed);
    view.showSpeed(player.speed);
  });

  // The lab's log-time switch (or Python code) sets the diagram's time mode; the view's own change
  // comes back here as an echo, which finds the mode already set.
  on("change:log_time", () => {
    const mode: TimeMode = checkLogTime(model.get("log_time")) ? "log" : "linear";
    recover();
    if (mode !== player.timeMode) view.setTimeMode(mode);
  });

  /**
   * The time mode went from `from` to `to`: a speed picked to play the run in about a minute in one
   * mode plays it in a blink in the other (a week at 6 h/s: 28 s linear, 0.9 s in log time) or for half
   * an hour. A lab in the kernel picks the speed again then (ketawidget/widget/lab.py _on_log_time);
   * picking here too would race it, so the view picks only where none does (a lone SynapseView, a
   * saved page), with the lab's rule: while the speed is still the one picked for `from`, and the user
   * has not chosen a speed in this view. Not in the error state, whose run may not be the kernel's.
   */
  function pickSpeedFor(from: TimeMode, to: TimeMode): void {
    const hours = player.end - player.start;
    if (model.get("kernel_picks_speed") === true || userChoseSpeed || view.errors.message || !Number.isFinite(hours)) return;
    if (model.get("speed") !== speedForRun(from, hours, SPEEDS)) return;
    model.set("speed", speedForRun(to, hours, SPEEDS));
  }

  return {
    get timeMode() {
      return model.get("log_time") === true ? "log" : "linear";
    },
    decode,
    flush: (nowMs) => flush(nowMs),
    endPlayback: (nowMs) => flush(nowMs, () => model.set("playing", false)),
    userAction,
    togglePlaying: () => userAction(() => model.set("playing", !player.playing)),
    setSpeed(speed) {
      userAction(() => model.set("speed", speed));
      userChoseSpeed = true;
    },
    pause() {
      // The player first, so the change:playing handler finds nothing to announce over a caption.
      player.pause();
      if (model.get("playing")) model.set("playing", false);
    },
    stopPlaying() {
      if (model.get("playing")) stopPlayingInKernel();
    },
    saveTimeMode(save) {
      const log = player.timeMode === "log";
      const was = model.get("log_time");
      if (was === log) return; // a value that is not a boolean is replaced
      model.set("log_time", log);
      if (typeof was === "boolean") pickSpeedFor(was ? "log" : "linear", player.timeMode);
      if (save) model.save_changes();
    },
    destroy() {
      disposed = true;
      clearTimeout(graceTimer);
      for (const [event, fn] of handlers) model.off(event, fn);
      model.off("msg:custom", onCustom);
    },
  };
}

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
  // The same checks as the traits' (playback_traits.ts): a message holds what the traits may hold.
  const source = `${m.type} message: `;
  const command: PlaybackCommand = {};
  if (m.type === "seek") command.timeH = checkTimeH(m.time_h, source);
  if (m.playing !== undefined || m.type === "play") command.playing = checkPlaying(m.playing, source);
  return command;
}
