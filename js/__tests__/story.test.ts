/**
 * Tests of the story: the step data is complete and consistent (one step per section of the seed, in
 * its order; actors that exist in the step's zoom; no markup; no numbers written into the text), step
 * times resolve on the trajectory (peaks found, fixed times clamped, absent channels fall back), and
 * captions take their numbers from the trajectory at the step's time.
 */

import { describe, expect, it } from "vitest";
import { STORY_STEPS } from "../story/steps";
import { fillCaption, formatChannel, resolveStep, resolveStepTime } from "../story/story";
import { CIRCUIT_ACTORS, SYNAPSE_ACTORS } from "../actors";
import { CHANNEL } from "../channels";
import type { Trajectory } from "../wire";

function trajectory(channels: Record<string, number[]>, timeH = [0, 0.5, 1, 24, 48]): Trajectory {
  return {
    timeH: Float32Array.from(timeH),
    channels: new Map(Object.entries(channels).map(([k, v]) => [k, Float32Array.from(v)])),
    units: new Map(Object.keys(channels).map((k) => [k, ""])),
  };
}

const TRAJ = trajectory({
  ketamine_brain_uM: [0, 0.4, 0.2, 0.001, 0],
  nmda_block_interneuron: [0, 0.18, 0.1, 0, 0],
  nmda_block_pyramidal: [0, 0.07, 0.04, 0, 0],
  rate_interneuron_hz: [15, 13.4, 14, 15, 15],
  rate_pyramidal_hz: [3, 4, 3.5, 3, 3],
  glutamate_rel: [1, 1.37, 1.2, 1, 1],
  bdnf_rel: [1, 1.2, 1.54, 1, 1],
  spine_density_rel: [1, 1, 1.05, 1.26, 1.33],
});

describe("story steps (data)", () => {
  it("follow the seed's sections in order", () => {
    expect(STORY_STEPS.map((s) => s.id)).toEqual([
      "glutamate-accelerator", "nmda-vs-ampa", "ketamine-plugs-interneurons", "disinhibition-surge",
      "ampa-activation", "bdnf", "synaptogenesis", "why-rapid",
    ]);
  });

  it("highlight only actors that exist in the step's zoom", () => {
    for (const step of STORY_STEPS) {
      const known: readonly string[] = step.zoom === "synapse" ? SYNAPSE_ACTORS : CIRCUIT_ACTORS;
      expect(step.actors.length, step.id).toBeGreaterThan(0);
      for (const actor of step.actors) expect(known, `${step.id}: ${actor}`).toContain(actor);
    }
  });

  it("carry no markup and no hard-coded quantities, and name only real channels", () => {
    for (const step of STORY_STEPS) {
      for (const text of [step.title, step.text]) {
        expect(text, step.id).not.toMatch(/[<>&]/);
        expect(text, step.id).not.toMatch(/\d+(\.\d+)?\s*(%|\u00b5M|nM|Hz|min|h\b|d\b)/);
      }
      for (const [, , name] of step.text.matchAll(/\{(?:(start|peak|peak_time):)?([A-Za-z0-9_]+)\}/g)) {
        if (name !== "time") expect(Object.keys(CHANNEL), `${step.id}: {${name}}`).toContain(name);
      }
      expect(step.text.replace(/\{[^}]*\}/g, ""), step.id).not.toMatch(/[{}]/);
    }
  });

  it("say the key facts of the mechanism", () => {
    const text = (id: string) => STORY_STEPS.find((s) => s.id === id)!.text;
    expect(text("nmda-vs-ampa")).toMatch(/Mg\u00b2\u207a/);
    expect(text("nmda-vs-ampa")).toMatch(/glutamate AND a depolarised membrane/);
    expect(text("ketamine-plugs-interneurons")).toMatch(/open/);
    expect(text("disinhibition-surge")).toMatch(/GABA/);
    expect(text("bdnf")).toMatch(/L-type Ca\u00b2\u207a/);
    expect(text("bdnf")).toMatch(/eEF2/);
    expect(text("bdnf")).toMatch(/mTORC1/);
    expect(text("synaptogenesis")).toMatch(/TrkB/);
    expect(text("why-rapid")).toMatch(/weeks/);
    expect(text("why-rapid")).toMatch(/monoamine/);
  });
});

describe("resolveStepTime", () => {
  it("finds the start, a channel's peak, and a fixed time clamped to the run", () => {
    expect(resolveStepTime({ kind: "start" }, TRAJ)).toBe(0);
    expect(resolveStepTime({ kind: "peak", channel: "ketamine_brain_uM", fallbackHours: 9 }, TRAJ)).toBe(0.5);
    expect(resolveStepTime({ kind: "peak", channel: "bdnf_rel", fallbackHours: 9 }, TRAJ)).toBe(1);
    expect(resolveStepTime({ kind: "hours", hours: 24 }, TRAJ)).toBe(24);
    expect(resolveStepTime({ kind: "hours", hours: 500 }, TRAJ)).toBe(48);
  });
  it("falls back to a fixed time (clamped) when the channel is absent", () => {
    expect(resolveStepTime({ kind: "peak", channel: "mtorc1_rel", fallbackHours: 1.1 }, TRAJ)).toBeCloseTo(1.1, 6);
    const short = trajectory({ glutamate_rel: [1, 1] }, [0, 2]);
    expect(resolveStepTime({ kind: "peak", channel: "spine_density_rel", fallbackHours: 24 }, short)).toBe(2);
  });
});

describe("captions", () => {
  it("take their numbers from the trajectory at the step's time", () => {
    const step = resolveStep(STORY_STEPS, 2, TRAJ); // ketamine plugs interneurons, at the brain peak
    expect(step.timeH).toBe(0.5);
    expect(step.caption).toContain("(0.4 \u00b5M at 30 min, its peak)");
    expect(step.caption).toContain("18%");
    expect(step.caption).toContain("7%");
    expect(step.caption).not.toMatch(/[{}]/);
  });
  it("fill start and peak placeholders", () => {
    expect(fillCaption("{start:rate_interneuron_hz} to {rate_interneuron_hz}", TRAJ, 0.5)).toBe("15 Hz to 13.4 Hz");
    expect(fillCaption("{peak:spine_density_rel} at {peak_time:spine_density_rel}", TRAJ, 0)).toBe("+33% at 2 d");
    expect(fillCaption("{time}", TRAJ, 24)).toBe("1 d");
  });
  it("say 'no data' for a channel the trajectory lacks, never a made-up number", () => {
    expect(fillCaption("mTORC1 {mtorc1_rel}, peak {peak:mtorc1_rel}", TRAJ, 1)).toBe("mTORC1 no data, peak no data");
    expect(fillCaption("{ketamine_brain_uM}", null, 1)).toBe("no data");
  });
  it("format each kind of channel as the readout does", () => {
    expect(formatChannel("ketamine_brain_uM", 0.393)).toBe("0.393 \u00b5M");
    expect(formatChannel("nmda_block_pyramidal", 0.069)).toBe("6.9%");
    expect(formatChannel("rate_pyramidal_hz", 4.41)).toBe("4.41 Hz");
    expect(formatChannel("glutamate_rel", 1.54)).toBe("+54%");
  });
});
