/**
 * The anywidget entry of ketawidget's synapse diagram. `render` assembles the view (SVG scene, layer
 * toggles, legend, controls, error box), decodes the trajectory traits, and runs one
 * requestAnimationFrame loop that advances the player, draws the actors at the playhead (scene/scene.ts
 * says which channel feeds which actor) and, throttled by the player, tells the kernel
 * where the playhead is. Python owns the numbers and the browser owns the clock (docs/wire-format.md).
 * The root element mirrors the state in data-* attributes (time, playing, values, error) so tests and
 * embedding pages can observe the widget without reaching into its internals. `render` returns a
 * cleanup that stops the loop and removes every listener it added.
 */

import { CHANNEL, type ChannelName } from "./channels";
import "./widget.css";
import type { RenderProps } from "@anywidget/types";
import { type Trajectory, WireError, decodeTrajectory, sampleAt, timeSpan } from "./wire";
import { Player } from "./player";
import { createControls, type ReadoutValues } from "./controls";
import { formatChange, formatClock, formatConcentration, formatPercent, formatSpeed, timeAttr, toDecimalString } from "./format";
import { VIEW, setAttr, svgEl } from "./scene/svg";
import { type ChannelValues, createScene } from "./scene/scene";
import { createLegend } from "./legend";
import { createLayerToggles } from "./layers";

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
  [key: string]: unknown;
}

/**
 * The root's value attributes: the model's numbers at the playhead, 4 significant digits, for tests
 * and embedding pages. An absent channel has no attribute.
 */
export const VALUE_ATTRS: Array<[string, ChannelName]> = [
  ["data-brain-uM", CHANNEL.ketamine_brain_uM],
  ["data-plasma-uM", CHANNEL.ketamine_plasma_uM],
  ["data-block-pyramidal", CHANNEL.nmda_block_pyramidal],
  ["data-block-interneuron", CHANNEL.nmda_block_interneuron],
  ["data-rate-pyramidal-hz", CHANNEL.rate_pyramidal_hz],
  ["data-rate-interneuron-hz", CHANNEL.rate_interneuron_hz],
  ["data-glutamate-rel", CHANNEL.glutamate_rel],
  ["data-ampa-activation-rel", CHANNEL.ampa_activation_rel],
  ["data-l-type-calcium-rel", CHANNEL.l_type_calcium_rel],
  ["data-eef2-phospho-rel", CHANNEL.eef2_phospho_rel],
  ["data-bdnf-rel", CHANNEL.bdnf_rel],
  ["data-trkb-activation-rel", CHANNEL.trkb_activation_rel],
  ["data-mtorc1-rel", CHANNEL.mtorc1_rel],
  ["data-synaptic-strength-rel", CHANNEL.synaptic_strength_rel],
  ["data-spine-density-rel", CHANNEL.spine_density_rel],
];

const CHANNEL_NAMES = Object.keys(CHANNEL) as ChannelName[];

const TRAJECTORY_TRAITS = [
  "trajectory_time_h", "trajectory_values", "trajectory_channels", "trajectory_units", "wire_version",
] as const;

/**
 * How long an undecodable trajectory may stay unconfirmed before the error state shows. Python may
 * update the five trajectory traits in separate messages; in between, lengths legitimately disagree.
 * Drawing stops at once, but the error is only declared if the next messages do not fix it.
 */
const ERROR_GRACE_MS = 200;

function render({ model, el }: RenderProps<SynapseTraits>): () => void {
  const root = document.createElement("div");
  root.className = "keta-synapse";

  root.setAttribute("data-playing", "false");
  el.appendChild(root);

  const svg = svgEl("svg", {
    class: "keta-scene",
    viewBox: `0 0 ${VIEW.width} ${VIEW.height}`,
    role: "img",
    "aria-label": "Synapse diagram: a presynaptic terminal releases glutamate into the cleft, where ketamine " +
      "plugs NMDA receptors; AMPA receptors let Na+ into the spine, whose signalling gauges (eEF2, BDNF, " +
      "TrkB, mTORC1) lead to BDNF binding TrkB and new spines along the dendrite; a GABAergic interneuron, " +
      "its NMDA receptors plugged harder, inhibits the dendrite. The numbers are in the readout below.",
  }, root);
  const scene = createScene(svg);
  const layers = createLayerToggles(root);
  root.appendChild(layers.element);
  root.appendChild(createLegend());

  const errorBox = document.createElement("div");
  errorBox.className = "keta-error-box";
  errorBox.setAttribute("role", "alert");
  errorBox.hidden = true;
  root.appendChild(errorBox);

  const kernelTime = Number(model.get("time_h"));
  // Unbounded until a trajectory arrives, so the kernel's playhead is taken as-is and not echoed back.
  const player = new Player({ start: -Infinity, end: Infinity, timeH: 0, speed: model.get("speed") });
  if (Number.isFinite(kernelTime)) player.syncFromKernel(kernelTime);

  let traj: Trajectory | null = null;
  let error: string | null = null;
  let loggedError: string | null = null;
  let graceTimer: ReturnType<typeof setTimeout> | undefined;
  let inUserAction = false;
  let motion = true;
  let visible = true;
  let rafId = 0;

  const controls = createControls({
    onPlayToggle: () => userAction(() => model.set("playing", !player.playing)),
    onStep: (direction) => userAction(() => { player.step(direction); redraw(); announceHere(""); }),
    onScrub: (t, final) => userAction(() => {
      player.seek(t, { throttled: !final });
      redraw();
      if (final) announceHere("");
    }),
    onSpeed: (speed) => userAction(() => model.set("speed", speed)),
  });
  root.insertBefore(controls.element, errorBox);
  // JupyterLab binds arrows, space and letters to notebook commands for any focused element in a
  // notebook (".jp-Notebook.jp-mod-commandMode :focus"). Lumino skips its shortcuts only for an
  // element that carries this attribute itself (the target is matched before ancestors are checked),
  // so the scrubber and the speed select get it: their arrow keys must move them. Buttons keep the
  // notebook's shortcuts, like ipywidgets buttons (Enter and Space still press them).
  for (const control of controls.element.querySelectorAll("input, select")) {
    control.setAttribute("data-lm-suppress-shortcuts", "true");
  }

  // ---- error state -------------------------------------------------------------------------------

  function setError(e: unknown): void {
    const message = e instanceof WireError ? `Invalid trajectory: ${e.message}` : `ketawidget: ${String(e instanceof Error ? e.message : e)}`;
    error = message;
    traj = null;
    player.pause();
    root.classList.add("keta-error");
    root.setAttribute("data-error", message);
    root.setAttribute("data-playing", "false");
    errorBox.textContent = message;
    errorBox.hidden = false;
    controls.setPlaying(false);
    controls.setEnabled(false);
    controls.setReadout(readoutOf(player.timeH, undefined));
    for (const [name] of VALUE_ATTRS) root.removeAttribute(name);
    if (loggedError !== message) {
      loggedError = message;
      console.error(message);
    }
  }

  function clearError(): void {
    error = null;
    loggedError = null;
    root.classList.remove("keta-error");
    root.removeAttribute("data-error");
    errorBox.hidden = true;
    errorBox.textContent = "";
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

  /** `confirmNow`: report a failure at once instead of waiting for the rest of a multi-message update. */
  function decode(confirmNow = false): void {
    clearTimeout(graceTimer);
    graceTimer = undefined;
    try {
      const next = decodeTrajectory(readTraits());
      traj = next;
      clearError();
      const [start, end] = timeSpan(next);
      player.setRange(start, end); // keeps the playhead, clamped; marks a send if clamping moved it
      controls.setRange(start, end);
      controls.setEnabled(next.timeH.length > 1);
      if (model.get("playing") && !player.playing) player.play(performance.now());
      reflectPlaying();
      redraw();
      flush(performance.now());
    } catch (e) {
      traj = null; // never keep animating data that no longer matches the traits (frame() holds the clock)
      if (confirmNow || !(e instanceof WireError)) setError(e);
      else graceTimer = setTimeout(() => decode(true), ERROR_GRACE_MS);
    }
  }

  // ---- drawing -------------------------------------------------------------------------------------

  function valuesAt(t: number): ChannelValues {
    const values = {} as ChannelValues;
    for (const name of CHANNEL_NAMES) values[name] = traj ? sampleAt(traj, name, t) : undefined;
    return values;
  }

  function setValueAttr(name: string, value: number | undefined): void {
    // An absent channel has no attribute at all: an empty or made-up value would be a lie to tests too.
    if (value === undefined || !Number.isFinite(value)) root.removeAttribute(name);
    else setAttr(root, name, toDecimalString(value, 4));
  }

  function draw(wallMs: number): void {
    if (!traj || error) return;
    const t = player.timeH;
    const v = valuesAt(t);
    scene.update(v, wallMs, motion);
    controls.setTime(t);
    controls.setReadout(readoutOf(t, v));
    setAttr(root, "data-time-h", timeAttr(t));
    for (const [name, channel] of VALUE_ATTRS) setValueAttr(name, v[channel]);
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

  function summary(t: number): string {
    const v = valuesAt(t);
    return `Brain ketamine ${formatConcentration(v.ketamine_brain_uM)}; NMDA block ` +
      `${formatPercent(v.nmda_block_pyramidal)} pyramidal, ${formatPercent(v.nmda_block_interneuron)} interneuron; ` +
      `glutamate ${formatChange(v.glutamate_rel)}, BDNF ${formatChange(v.bdnf_rel)}, ` +
      `spine density ${formatChange(v.spine_density_rel)} from baseline.`;
  }

  function announceHere(prefix: string): void {
    controls.announce(`${prefix}${formatClock(player.timeH)}. ${summary(player.timeH)}`);
  }

  // ---- talking to the kernel -------------------------------------------------------------------------

  /**
   * Send what the player says is due. Inside a user action the action saves once at its end, so model
   * events it triggers do not each send their own message.
   */
  function flush(nowMs: number, extra?: () => void): void {
    if (inUserAction || error) return;
    const t = player.takeSend(nowMs);
    if (t !== undefined) model.set("time_h", t);
    extra?.();
    if (t !== undefined || extra) model.save_changes();
  }

  function userAction(action: () => void, options: { forceTime?: boolean } = {}): void {
    inUserAction = true;
    try {
      action();
    } catch (e) {
      setError(e);
    } finally {
      inUserAction = false;
    }
    const now = performance.now();
    const t = player.takeSend(now);
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
        decode();
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
      if (command === undefined || error) return;
      userAction(() => {
        if (command.timeH !== undefined) player.seek(command.timeH);
        if (command.playing !== undefined && command.playing !== Boolean(model.get("playing"))) {
          model.set("playing", command.playing);
        }
        redraw();
      }, { forceTime: true });
    } catch (e) {
      setError(e);
    }
  };
  model.on("msg:custom", onCustom);

  on("change:playing", () => {
    const wanted = Boolean(model.get("playing"));
    if (wanted !== player.playing && !error) {
      if (wanted) player.play(performance.now());
      else player.pause();
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

  // ---- animation loop ------------------------------------------------------------------------------

  function frame(now: number): void {
    rafId = requestAnimationFrame(frame);
    if (error || !traj) {
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
      // Drift is the only reason to draw a still frame; skip it when nobody can see it.
      if (moved || ended || (motion && visible)) draw(now);
    } catch (e) {
      setError(e);
    }
  }

  // ---- environment: reduced motion, visibility -----------------------------------------------------

  const reducedMotion = typeof window.matchMedia === "function"
    ? window.matchMedia("(prefers-reduced-motion: reduce)")
    : undefined;
  const onMotionChange = () => {
    motion = !reducedMotion?.matches;
    redraw();
  };
  reducedMotion?.addEventListener?.("change", onMotionChange);
  motion = !reducedMotion?.matches;

  const observer = typeof IntersectionObserver === "function"
    ? new IntersectionObserver((entries) => { visible = entries.some((entry) => entry.isIntersecting); })
    : undefined;
  observer?.observe(root);

  // ---- start -----------------------------------------------------------------------------------------

  controls.setSpeed(player.speed);
  controls.setEnabled(false);
  decode(true); // the initial state arrives whole: a failure here is real
  reflectPlaying();
  rafId = requestAnimationFrame(frame);

  return () => {
    cancelAnimationFrame(rafId);
    clearTimeout(graceTimer);
    for (const [event, fn] of handlers) model.off(event, fn);
    model.off("msg:custom", onCustom);
    controls.destroy();
    layers.destroy();
    reducedMotion?.removeEventListener?.("change", onMotionChange);
    observer?.disconnect();
    root.remove();
  };
}

/** The readout's numbers at time `t` (all absent without values). */
function readoutOf(t: number, v: ChannelValues | undefined): ReadoutValues {
  return {
    timeH: t,
    brainUM: v?.ketamine_brain_uM,
    blockPyramidal: v?.nmda_block_pyramidal,
    blockInterneuron: v?.nmda_block_interneuron,
    glutamateRel: v?.glutamate_rel,
    bdnfRel: v?.bdnf_rel,
    spineDensityRel: v?.spine_density_rel,
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
