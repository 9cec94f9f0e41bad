/**
 * The synapse zoom: one synapse at millisecond time, drawn from a microscope run that Python computed
 * at the conditions of one moment of the slow trajectory (simulate_synapse at synapse_conditions). This
 * is the only module that knows which microscope channel feeds which micro actor; it also labels the
 * conditions of the run shown (its moment and brain ketamine) and the millisecond clock, so the link
 * between the two clocks is explicit. With no runs, every actor shows its absent state.
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

/** The header line naming the run shown: "Run at 40 min: brain ketamine 0.393 µM". */
export function conditionsText(run: MicroscopeRun | undefined): string {
  if (!run) return "No microscope data: this trajectory came without synapse runs.";
  return `Run at ${formatClock(run.momentH)}: brain ketamine ${formatConcentration(run.ketamineUM)}`;
}

/** The slow clock at the playhead, which the shown run may lag: "now 3 d: 0.1 nM". */
export function playheadText(timeH: number, brainUM: number | undefined): string {
  return `now ${formatClock(timeH)}: ${formatConcentration(brainUM)}`;
}

export interface MicroScene {
  setMicroscope(microscope: Microscope | null): void;
  /** The playhead and brain ketamine there (shown beside the run's own moment). */
  setPlayhead(timeH: number, brainUM: number | undefined): void;
  update(run: MicroscopeRun | undefined, values: MicroscopeValues | undefined, tMs: number, wallMs: number, motion: boolean): void;
}

export function createMicroScene(svg: SVGSVGElement): MicroScene {
  svgEl("rect", { class: "keta-cleft", x: MICRO.left, y: MICRO.preBottom, width: MICRO.right - MICRO.left, height: MICRO.postY - MICRO.preBottom }, svg);
  svgEl("rect", { class: "keta-pre-body", x: MICRO.left, y: MICRO.preTop, width: MICRO.right - MICRO.left, height: MICRO.preBottom - MICRO.preTop, rx: 8 }, svg);
  svgEl("rect", { class: "keta-spine-body", x: MICRO.left, y: MICRO.postY, width: MICRO.right - MICRO.left, height: MICRO.spineBottom - MICRO.postY, rx: 8 }, svg);
  svgText(svg, MICRO.left + 10, MICRO.preTop + 26, "presynaptic terminal", { class: "keta-muted keta-layer-labels", "font-size": VIEW.fontTiny });
  svgText(svg, MICRO.left, 24, "One synapse, millisecond by millisecond", { class: "keta-label", "font-size": VIEW.fontLabel });
  const conditions = svgText(svg, MICRO.left, 48, "", { class: "keta-muted", "font-size": VIEW.fontSmall });
  const clock = svgText(svg, VIEW.width - 12, 24, "", { class: "keta-label keta-value", "text-anchor": "end", "font-size": VIEW.fontLabel });
  const now = svgText(svg, VIEW.width - 12, 48, "", { class: "keta-muted", "text-anchor": "end", "font-size": VIEW.fontSmall });

  const glutamate = createGlutamatePulse(svg);
  const ampa = createAmpaChannels(svg);
  const nmda = createNmdaChannels(svg);
  const mg = createMgPlug(svg);
  const ketamine = createKetamineTrapped(svg);
  const currents = createIonCurrents(svg);
  const voltage = createSpineVoltage(svg);

  let microscope: Microscope | null = null;
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
    setPlayhead(timeH, brainUM) {
      setText(now, playheadText(timeH, brainUM));
    },
    update(run, v, tMs, wallMs, motion) {
      setText(conditions, conditionsText(run));
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
