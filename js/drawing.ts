/**
 * Drawing the decoded run at the playhead: the model's values there go to whichever zoom is on screen
 * (the circuit scene, or the synapse zoom's microscope run for that moment), to the readout under the
 * diagram, and to the root's data-* attributes (time, values, microscope run), which mirror what is
 * drawn for tests and embedding pages (docs/diagram.md, docs/wire-format.md). It holds the run being
 * shown; when and why to draw is the caller's.
 */

import { CHANNEL, type ChannelName } from "./channels";
import { type Microscope, type MicroscopeRun, type Trajectory, sampleAt } from "./wire";
import { type Controls, type ReadoutValues } from "./controls";
import { microscopeValuesAt, runDurationMs, runIndexAt, runTimeAt } from "./microscope";
import { type MicroScene } from "./micro/micro_scene";
import { formatChange, formatConcentration, formatPercent, timeAttr, toDecimalString } from "./format";
import { setAttr } from "./scene/svg";
import { type ChannelValues, type Scene } from "./scene/scene";
import { type Zoom } from "./view_state";

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

/** The readout's numbers at time `t` (all absent without values). */
export function readoutOf(t: number, v: ChannelValues | undefined): ReadoutValues {
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

/** What the live region says about the numbers `v` after naming the time. */
export function valuesSummary(v: ChannelValues): string {
  return `Brain ketamine ${formatConcentration(v.ketamine_brain_uM)}; NMDA block ` +
    `${formatPercent(v.nmda_block_pyramidal)} pyramidal, ${formatPercent(v.nmda_block_interneuron)} interneuron; ` +
    `glutamate ${formatChange(v.glutamate_rel)}, BDNF ${formatChange(v.bdnf_rel)}, ` +
    `spine density ${formatChange(v.spine_density_rel)} from baseline.`;
}

export interface Drawing {
  /** The run shown, or null when there is none to draw (none yet, or one that failed). */
  readonly trajectory: Trajectory | null;
  /** Show a newly decoded run from now on. */
  load(trajectory: Trajectory, microscope: Microscope): void;
  /** Stop drawing the run: it no longer matches the traits (or the view failed). */
  drop(): void;
  /** The model's values at `t`, each undefined where the run lacks it (all of them without a run). */
  valuesAt(t: number): ChannelValues;
  /** Count what is new (spines) from time `t`, the run's start. */
  countFrom(t: number): void;
  /** Draw the playhead `t` at wall time `wallMs` in the zoom on screen; nothing without a run. */
  draw(t: number, wallMs: number, zoom: Zoom, motion: boolean): void;
  /**
   * What `draw` shows of the playhead `t` except the scene (the readout, the scrubber, the root's
   * attributes), for a diagram nobody can see; nothing without a run.
   */
  report(t: number, zoom: Zoom): void;
  /** Show nothing: the readout at `t` without values, and no time, value or microscope attributes. */
  clear(t: number): void;
  /** The microscope run's attributes are there only while the synapse zoom is drawn. */
  removeMicroscopeAttrs(): void;
}

export interface DrawingTargets {
  root: HTMLElement;
  scene: Scene;
  microScene: MicroScene;
  controls: Controls;
}

export function createDrawing({ root, scene, microScene, controls }: DrawingTargets): Drawing {
  let traj: Trajectory | null = null;
  let microscope: Microscope | null = null;

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

  /** The microscope run for playhead `t`, if there is one. */
  function runAt(t: number): MicroscopeRun | undefined {
    const index = runIndexAt(microscope, t);
    return index === undefined || !microscope ? undefined : microscope.runs[index];
  }

  function setMicroscopeAttrs(run: MicroscopeRun | undefined): void {
    if (run) {
      setAttr(root, "data-microscope-moment-h", timeAttr(run.momentH));
      setAttr(root, "data-microscope-ketamine-uM", toDecimalString(run.ketamineUM, 4));
    } else {
      removeMicroscopeAttrs();
    }
  }

  /** The synapse zoom at playhead `t`: the run for that moment, at the millisecond the loop is at. */
  function drawMicroscope(t: number, wallMs: number, motion: boolean): void {
    const run = runAt(t);
    const duration = microscope ? runDurationMs(microscope) : 0;
    // Without motion the loop stands still 2 ms after release, when AMPA is open and NMDA opening.
    const tMs = motion ? runTimeAt(wallMs, duration) : Math.min(duration, 7);
    const values = run && microscope ? microscopeValuesAt(microscope, run, tMs) : undefined;
    microScene.setPlayhead(t, traj ? sampleAt(traj, CHANNEL.ketamine_brain_uM, t) : undefined);
    microScene.update(run, values, tMs, wallMs, motion);
    setMicroscopeAttrs(run);
  }

  /** The playhead `t` and the values `v` there, in the controls and on the root. */
  function show(t: number, v: ChannelValues): void {
    controls.setTime(t);
    controls.setReadout(readoutOf(t, v));
    setAttr(root, "data-time-h", timeAttr(t));
    for (const [name, channel] of VALUE_ATTRS) setValueAttr(name, v[channel]);
  }

  function removeMicroscopeAttrs(): void {
    root.removeAttribute("data-microscope-moment-h");
    root.removeAttribute("data-microscope-ketamine-uM");
  }

  return {
    get trajectory() {
      return traj;
    },
    load(trajectory, nextMicroscope) {
      microscope = nextMicroscope;
      microScene.setMicroscope(nextMicroscope);
      traj = trajectory;
    },
    drop() {
      traj = null;
    },
    valuesAt,
    countFrom(t) {
      scene.setStart(valuesAt(t));
    },
    draw(t, wallMs, zoom, motion) {
      if (!traj) return;
      const v = valuesAt(t);
      // Only the zoom on screen is drawn: the other one is invisible, and its frames would be wasted.
      if (zoom === "circuit") scene.update(v, wallMs, motion);
      else drawMicroscope(t, wallMs, motion);
      show(t, v);
    },
    report(t, zoom) {
      if (!traj) return;
      if (zoom === "synapse") setMicroscopeAttrs(runAt(t));
      show(t, valuesAt(t));
    },
    clear(t) {
      controls.setReadout(readoutOf(t, undefined));
      root.removeAttribute("data-time-h");
      for (const [name] of VALUE_ATTRS) root.removeAttribute(name);
      removeMicroscopeAttrs();
    },
    removeMicroscopeAttrs,
  };
}
