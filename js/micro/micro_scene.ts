/**
 * The synapse zoom: one synapse at millisecond time, drawn from a microscope run that Python computed
 * at the conditions of one moment of the slow trajectory (simulate_synapse at synapse_conditions). This
 * is the only module that knows which microscope channel feeds which micro actor; it also labels the
 * conditions of the run shown (its moment, brain ketamine and any drug the run put on the synapse's
 * receptors) and the millisecond clock, so the link between the two clocks is explicit. With no runs,
 * every actor shows its absent state.
 *
 * Which of the run's conditions act here comes from the circuit's table (scene/pretreatments.ts): a
 * condition it marks on the AMPA receptors (NBQX) binds the microscope's AMPA receptors too, as the
 * model's microscope holds them (ketawidget/model/synapse.py). The others act over hours, downstream of
 * one synaptic event, and the microscope leaves them out.
 */

import { VIEW, setText, svgEl, svgText } from "../scene/svg";
import { formatClock, formatConcentration } from "../format";
import { type Microscope, type MicroscopeRun } from "../wire";
import { type MicroscopeChannel, type MicroscopeValues, runDurationMs } from "../microscope";
import { MICRO } from "./layout";
import { createGlutamatePulse } from "./glutamate_pulse";
import { createAmpaChannels } from "./ampa_channel";
import { createNmdaChannels } from "./nmda_channel";
import { createMgPlug } from "./mg_plug";
import { createKetamineTrapped } from "./ketamine_trapped";
import { createIonCurrents } from "./ion_currents";
import { createSpineVoltage } from "./spine_voltage";
import { traceRange } from "./trace";
import { PRETREATMENTS, ampaAntagonistBound, ampaAntagonistMarks, marksFor } from "../scene/pretreatments";

/** What the run put on the synapse's AMPA receptors, in words: ["NBQX on the AMPA receptors"]. */
export function synapseDrugs(conditions: ReadonlySet<string>): string[] {
  return ampaAntagonistMarks(marksFor(conditions)).map((m) => `${PRETREATMENTS[m.condition].label} on the AMPA receptors`);
}

/**
 * The header's lines naming the run shown: ["Run at 40 min: brain ketamine 0.393 µM"], then what the
 * run put on the synapse's receptors, if anything: "NBQX on the AMPA receptors".
 */
export function conditionsLines(run: MicroscopeRun | undefined, conditions: ReadonlySet<string> = new Set()): string[] {
  if (!run) return ["No microscope data: this trajectory came without synapse runs."];
  return [`Run at ${formatClock(run.momentH)}: brain ketamine ${formatConcentration(run.ketamineUM)}`, ...synapseDrugs(conditions)];
}

/** The same conditions in one line: "Run at 40 min: brain ketamine 0.393 µM; NBQX on the AMPA receptors". */
export function conditionsText(run: MicroscopeRun | undefined, conditions: ReadonlySet<string> = new Set()): string {
  return conditionsLines(run, conditions).join("; ");
}

/** The slow clock at the playhead, which the shown run may lag: "now 3 d: 0.1 nM". */
export function playheadText(timeH: number, brainUM: number | undefined): string {
  return `now ${formatClock(timeH)}: ${formatConcentration(brainUM)}`;
}

export interface MicroScene {
  setMicroscope(microscope: Microscope | null): void;
  /** The conditions the run was given (the wire's run_conditions): those acting at the synapse are drawn. */
  setConditions(conditions: ReadonlySet<string>): void;
  /** The playhead and brain ketamine there (shown beside the run's own moment). */
  setPlayhead(timeH: number, brainUM: number | undefined): void;
  update(run: MicroscopeRun | undefined, values: MicroscopeValues | undefined, tMs: number, wallMs: number, motion: boolean): void;
}

export function createMicroScene(svg: SVGSVGElement): MicroScene {
  svgEl("rect", { class: "keta-cleft", x: MICRO.left, y: MICRO.preBottom, width: MICRO.right - MICRO.left, height: MICRO.postY - MICRO.preBottom }, svg);
  svgEl("rect", { class: "keta-pre-body", x: MICRO.left, y: MICRO.preTop, width: MICRO.right - MICRO.left, height: MICRO.preBottom - MICRO.preTop, rx: 8 }, svg);
  svgEl("rect", { class: "keta-spine-body", x: MICRO.left, y: MICRO.postY, width: MICRO.right - MICRO.left, height: MICRO.spineBottom - MICRO.postY, rx: 8 }, svg);
  svgText(svg, MICRO.left + 10, MICRO.preTop + 22, "presynaptic terminal", { class: "keta-muted keta-layer-labels", "font-size": VIEW.fontTiny });
  const [titleY, conditionsY, drugsY] = MICRO.headerRows;
  svgText(svg, MICRO.left, titleY, "One synapse, millisecond by millisecond", { class: "keta-label", "font-size": VIEW.fontLabel });
  // One text, a row a tspan: read as one by a screen reader or a test, "...; NBQX on the AMPA receptors".
  const conditions = svgText(svg, MICRO.left, conditionsY, "", { class: "keta-muted keta-micro-conditions", "font-size": VIEW.fontSmall });
  const conditionLines = [conditionsY, drugsY].map((y) => svgEl("tspan", { x: MICRO.left, y }, conditions));
  const clock = svgText(svg, VIEW.width - 12, titleY, "", { class: "keta-label keta-value", "text-anchor": "end", "font-size": VIEW.fontLabel });
  const now = svgText(svg, VIEW.width - 12, conditionsY, "", { class: "keta-muted", "text-anchor": "end", "font-size": VIEW.fontSmall });

  const glutamate = createGlutamatePulse(svg);
  const ampa = createAmpaChannels(svg);
  const nmda = createNmdaChannels(svg);
  const mg = createMgPlug(svg);
  const ketamine = createKetamineTrapped(svg);
  const currents = createIonCurrents(svg);
  const voltage = createSpineVoltage(svg);

  let microscope: Microscope | null = null;
  let runConditions: ReadonlySet<string> = new Set();
  let ranges = new Map<MicroscopeChannel, [number, number]>();
  const duration = () => (microscope ? runDurationMs(microscope) : 0);
  const rangeOf = (name: MicroscopeChannel) => ranges.get(name) ?? [0, 1];

  return {
    setMicroscope(next) {
      microscope = next;
      ranges = new Map();
      currents.setDuration(duration());
      if (!next) return;
      // One y range per channel across all runs, so a trace's height compares between moments.
      for (const name of ["v_mV", "i_ampa_pA", "i_nmda_pA", "ca_influx"] as const) {
        const series = next.runs.map((r) => r.channels.get(name)).filter((s): s is Float32Array => s !== undefined);
        ranges.set(name, traceRange(series));
      }
    },
    setConditions(conditions) {
      runConditions = conditions;
      ampa.setAntagonistBound(ampaAntagonistBound(marksFor(conditions)));
    },
    setPlayhead(timeH, brainUM) {
      setText(now, playheadText(timeH, brainUM));
    },
    update(run, v, tMs, wallMs, motion) {
      // The moment on the first row, the drugs (all of them) on the second; "; " between, so the text
      // read whole is conditionsText.
      const [moment, ...drugs] = conditionsLines(run, runConditions);
      setText(conditionLines[0], drugs.length > 0 ? `${moment}; ` : moment);
      setText(conditionLines[1], drugs.join("; "));
      setText(clock, run ? `${tMs.toFixed(1)} ms` : "");
      const d = duration();
      const timeMs = microscope?.timeMs;
      voltage.trace.setData(timeMs, run?.channels.get("v_mV"), d, rangeOf("v_mV"));
      currents.traces.ampa.setData(timeMs, run?.channels.get("i_ampa_pA"), d, rangeOf("i_ampa_pA"));
      currents.traces.nmda.setData(timeMs, run?.channels.get("i_nmda_pA"), d, rangeOf("i_nmda_pA"));
      currents.traces.ca.setData(timeMs, run?.channels.get("ca_influx"), d, rangeOf("ca_influx"));
      voltage.trace.setCursor(tMs, v?.v_mV, d);
      currents.traces.ampa.setCursor(tMs, v?.i_ampa_pA, d);
      currents.traces.nmda.setCursor(tMs, v?.i_nmda_pA, d);
      currents.traces.ca.setCursor(tMs, v?.ca_influx, d);
      glutamate.update(v?.cleft_glutamate_mM);
      ampa.update(v?.ampa_open);
      nmda.update(v?.nmda_open);
      mg.update(v?.nmda_mg_unblocked);
      ketamine.update(v?.nmda_ketamine_bound);
      currents.update({ iAmpa: v?.i_ampa_pA, iNmda: v?.i_nmda_pA, ca: v?.ca_influx }, wallMs, motion);
      voltage.update(v?.v_mV);
    },
  };
}
