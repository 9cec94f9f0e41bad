/**
 * Tests of the actors' number-to-picture mappings (everything the scene computes from a model value):
 * how many glutamate diamonds, Na+ ions, BDNF dimers, AMPA receptors and spines are drawn, how fast the
 * neurons flash, how long the cascade's bars are, and what each actor shows when its channel is absent.
 * Pure functions and the flash clock with made-up timestamps, so no DOM is needed.
 */

import { describe, expect, it } from "vitest";
import { VIEW, countOpacities } from "../scene/svg";
import { GLUTAMATE_AT_BASELINE, MAX_GLUTAMATE, glutamateCount } from "../scene/glutamate";
import { FLASH_DECAY_MS, MAX_FLASHES_PER_S, SpikeClock, VISUAL_SLOWDOWN, flashGlow, flashesPerSecond, steadyGlow } from "../scene/firing";
import { RELEASE_SITES, releaseGeometry, releaseSite } from "../scene/presynaptic_terminal";
import { AMPA_SLOTS, AMPA_XS, MAX_NA, ampaReceptorOpacities, ionPhase, naIonCount, poreGlow } from "../scene/ampa_receptor";
import { NMDA_SCALE, NMDA_XS } from "../scene/nmda_receptor";
import { CASCADE, GAUGE_FULL_SCALE, gaugeLevel } from "../scene/cascade";
import { MAX_BDNF, TRKB_ORDER, TRKB_RECEPTORS, bdnfDocked, bdnfInFlight, bdnfParticleCount, trkbBound } from "../scene/bdnf_trkb";
import { SPINES_AT_BASELINE, SPINE_SLOTS, firstNewSpine, spineAmount, spineGrowth } from "../scene/new_spines";
import { GABA_SYNAPSE_X } from "../scene/interneuron";
import { CHANNEL } from "../channels";
import { VALUE_ATTRS } from "../drawing";

const round = (xs: number[], digits = 6) => xs.map((x) => +x.toFixed(digits));
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe("countOpacities (continuous value -> countable things)", () => {
  it("shows floor(amount) items fully and the remainder on the next", () => {
    expect(round(countOpacities(2.25, 5))).toEqual([1, 1, 0.25, 0, 0]);
    expect(countOpacities(0, 3)).toEqual([0, 0, 0]);
    expect(countOpacities(3, 3)).toEqual([1, 1, 1]);
  });
  it("follows the given order", () => {
    expect(round(countOpacities(1.5, 4, [2, 0, 3, 1]))).toEqual([0.5, 0, 1, 0]);
  });
  it("clamps and shows nothing for NaN", () => {
    expect(countOpacities(9, 3)).toEqual([1, 1, 1]);
    expect(countOpacities(-1, 3)).toEqual([0, 0, 0]);
    expect(countOpacities(NaN, 3)).toEqual([0, 0, 0]);
  });
});

describe("glutamate in the cleft", () => {
  it("draws 10 diamonds at baseline and one per +10 %", () => {
    expect(GLUTAMATE_AT_BASELINE).toBe(10);
    expect(glutamateCount(1)).toBe(10);
    expect(glutamateCount(1.28)).toBe(13);
    expect(glutamateCount(1.543)).toBe(15); // peak of 0.5 mg/kg over 40 min
    expect(glutamateCount(0.177)).toBe(2); // anaesthetic bolus: the inverted U
  });
  it("caps at 30 and draws none when absent, negative or not finite", () => {
    expect(glutamateCount(4)).toBe(MAX_GLUTAMATE);
    expect(MAX_GLUTAMATE).toBe(30);
    expect(glutamateCount(undefined)).toBe(0);
    expect(glutamateCount(NaN)).toBe(0);
    expect(glutamateCount(-0.5)).toBe(0);
  });
});

describe("firing -> flashes", () => {
  it("shows firing 6x slowed, the same scale for both cells", () => {
    expect(VISUAL_SLOWDOWN).toBe(6);
    expect(flashesPerSecond(3)).toBeCloseTo(0.5, 12); // pyramidal baseline: one fusion every 2 s
    expect(flashesPerSecond(15)).toBeCloseTo(2.5, 12); // interneuron baseline
    expect(flashesPerSecond(13.4)! / flashesPerSecond(15)!).toBeCloseTo(13.4 / 15, 12);
  });
  it("never flashes more than 3 times a second, nor runs backwards", () => {
    expect(MAX_FLASHES_PER_S).toBe(3);
    expect(flashesPerSecond(30)).toBe(3);
    expect(flashesPerSecond(-2)).toBe(0);
  });
  it("has no rate for an absent channel", () => {
    expect(flashesPerSecond(undefined)).toBeUndefined();
    expect(flashesPerSecond(NaN)).toBeUndefined();
    expect(steadyGlow(undefined)).toBe(0);
  });
  it("gives a steady glow under reduced motion, brighter for faster firing", () => {
    expect(steadyGlow(3)).toBeCloseTo(1 / 6, 12);
    expect(steadyGlow(15)).toBeCloseTo(5 / 6, 12);
    expect(steadyGlow(40)).toBe(1);
  });
});

describe("SpikeClock", () => {
  /** Frames every 16 ms from 0 to `toMs` at `perSecond`; returns the flash times. */
  function run(clock: SpikeClock, fromMs: number, toMs: number, perSecond: number): number[] {
    const spikes: number[] = [];
    for (let t = fromMs; t <= toMs; t += 16) if (clock.advance(t, perSecond)) spikes.push(t);
    return spikes;
  }

  it("flashes at the requested rate", () => {
    const c = new SpikeClock();
    expect(run(c, 0, 10_000, 0.5)).toHaveLength(5);
    expect(c.count).toBe(5);
    const d = new SpikeClock();
    const spikes = run(d, 0, 10_000, 2.5);
    expect(spikes).toHaveLength(25);
    // evenly spaced, to within a frame
    for (let i = 1; i < spikes.length; i++) expect(Math.abs(spikes[i] - spikes[i - 1] - 400)).toBeLessThanOrEqual(16);
  });

  it("keeps its rhythm when the rate changes (no burst, no gap)", () => {
    const c = new SpikeClock();
    const slow = run(c, 0, 5_100, 1);
    const fast = run(c, 5_116, 10_100, 2);
    expect(slow).toHaveLength(5);
    expect(fast.length).toBeGreaterThanOrEqual(9);
    expect(fast.length).toBeLessThanOrEqual(10);
    // the first fast flash comes no later than one fast period after the last slow one
    expect(fast[0] - slow[slow.length - 1]).toBeLessThanOrEqual(1000);
  });

  it("does not catch up after a long pause between frames (background tab)", () => {
    // A 60 s gap counts as MAX_STEP_MS (250 ms): at 3 per second that is 0.75 of a cycle.
    const c = new SpikeClock();
    c.advance(0, 3);
    expect(c.advance(60_000, 3)).toBe(false);
    expect(c.count).toBe(0);
    const d = new SpikeClock(0.5);
    d.advance(0, 3);
    expect(d.advance(60_000, 3)).toBe(true); // at most one flash for the jump
    expect(d.advance(60_016, 3)).toBe(false);
    expect(d.count).toBe(1);
    d.pause();
    expect(d.advance(120_000, 3)).toBe(false); // a fresh start after pause()
  });

  it("fires nothing at rate 0 and starts where its phase says", () => {
    const c = new SpikeClock();
    expect(run(c, 0, 5_000, 0)).toHaveLength(0);
    const late = new SpikeClock(0.9);
    expect(run(late, 0, 1_000, 0.5)[0]).toBeLessThanOrEqual(208); // 0.1 of a 2 s cycle
  });

  it("glows 1 at the flash, decaying with FLASH_DECAY_MS, 0 once faded", () => {
    const c = new SpikeClock(0.99);
    expect(c.glow(0)).toBe(0); // no flash yet
    c.advance(984, 1);
    c.advance(1000, 1);
    expect(c.lastSpikeMs).toBe(1000);
    expect(c.glow(1000)).toBe(1);
    expect(c.glow(1000 + FLASH_DECAY_MS)).toBeCloseTo(Math.exp(-1), 12);
    expect(c.glow(1000 + 10 * FLASH_DECAY_MS)).toBe(0);
    expect(flashGlow(-5)).toBe(0);
    expect(flashGlow(NaN)).toBe(0);
  });
});

describe("presynaptic release", () => {
  it("rotates through the three docked vesicles, centre first", () => {
    expect(RELEASE_SITES).toHaveLength(3);
    expect([1, 2, 3, 4, 5, 6].map(releaseSite)).toEqual([1, 0, 2, 1, 0, 2]);
  });
  it("fuses the vesicle and spreads the glutamate as the flash fades", () => {
    const at = releaseGeometry(1);
    const later = releaseGeometry(0.2);
    expect(at.opacity).toBe(1);
    expect(at.vesicleOpacity).toBeCloseTo(0.15, 12);
    expect(later.ringRx).toBeGreaterThan(at.ringRx);
    expect(later.spray).toBeGreaterThan(at.spray);
    expect(releaseGeometry(0)).toMatchObject({ opacity: 0, vesicleOpacity: 1, vesicleDrop: 0 });
  });
});

describe("AMPA receptors", () => {
  it("has 4 at baseline and one more per +25 % of synaptic strength", () => {
    expect(ampaReceptorOpacities(1)).toEqual([1, 1, 1, 1, 0, 0, 0, 0]);
    expect(round(ampaReceptorOpacities(1.1385))).toEqual([1, 1, 1, 1, 0.554, 0, 0, 0]);
    expect(ampaReceptorOpacities(0.5)).toEqual([1, 1, 0, 0, 0, 0, 0, 0]);
    expect(ampaReceptorOpacities(2.17)).toEqual(new Array(AMPA_SLOTS).fill(1)); // capped at 8 slots
  });
  it("shows the baseline four (drawn grey) when synaptic strength is absent", () => {
    expect(ampaReceptorOpacities(undefined)).toEqual([1, 1, 1, 1, 0, 0, 0, 0]);
    expect(ampaReceptorOpacities(NaN)).toEqual([1, 1, 1, 1, 0, 0, 0, 0]);
  });
  it("lets in 6 Na+ ions at baseline activation, proportionally, capped at 18", () => {
    expect(naIonCount(1)).toBe(6);
    expect(naIonCount(1.543)).toBe(9);
    expect(naIonCount(0.177)).toBe(1);
    expect(naIonCount(5)).toBe(MAX_NA);
    expect(naIonCount(undefined)).toBe(0);
    expect(naIonCount(-1)).toBe(0);
  });
  it("lights the pores half at baseline, fully at twice baseline, not at all when absent", () => {
    expect(poreGlow(1)).toBe(0.5);
    expect(poreGlow(1.5)).toBe(0.75);
    expect(poreGlow(3)).toBe(1);
    expect(poreGlow(undefined)).toBe(0);
  });
  it("staggers the ions along their fall", () => {
    const phases = [0, 1, 2].map((i) => ionPhase(i, 3, 0));
    expect(round(phases)).toEqual([0, 0.333333, 0.666667]);
    expect(ionPhase(0, 3, 1600)).toBeCloseTo(0, 12); // one period later: back in the pore
    for (const t of [0, 123, 4567, 99999]) {
      const p = ionPhase(2, 5, t);
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThan(1);
    }
  });
  it("places the slots on the spine head beside, not on, the NMDA receptors", () => {
    const nmdaHalf = 22 * NMDA_SCALE;
    const sorted = [...AMPA_XS].sort((a, b) => a - b);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i] - sorted[i - 1]).toBeGreaterThanOrEqual(22);
    for (const x of AMPA_XS) {
      expect(x).toBeGreaterThan(VIEW.spineLeft + 14);
      expect(x).toBeLessThan(VIEW.spineRight - 14);
      for (const n of NMDA_XS) expect(Math.abs(x - n)).toBeGreaterThanOrEqual(nmdaHalf + 10);
    }
    // the baseline four sit next to the NMDA group, two on each side
    expect(AMPA_XS.slice(0, 4).filter((x) => x < VIEW.centreX)).toHaveLength(2);
  });
});

describe("cascade gauges", () => {
  it("puts baseline at a third of the track and fills it at 3x", () => {
    expect(GAUGE_FULL_SCALE).toBe(3);
    expect(gaugeLevel(1).fraction).toBeCloseTo(1 / 3, 12);
    expect(gaugeLevel(0.779).fraction).toBeCloseTo(0.779 / 3, 12); // p-eEF2 down
    expect(gaugeLevel(1.54)).toMatchObject({ absent: false, overflow: false });
    expect(gaugeLevel(3)).toEqual({ absent: false, fraction: 1, overflow: false });
  });
  it("shows an overflow arrow above 3x and no negative bars", () => {
    expect(gaugeLevel(17.8)).toEqual({ absent: false, fraction: 1, overflow: true });
    expect(gaugeLevel(-0.2)).toEqual({ absent: false, fraction: 0, overflow: false });
  });
  it("is absent for a missing value", () => {
    expect(gaugeLevel(undefined)).toEqual({ absent: true, fraction: 0, overflow: false });
    expect(gaugeLevel(Infinity).absent).toBe(true);
  });
  it("reads the cascade's channels in causal order", () => {
    expect(CASCADE.map((g) => g.channel)).toEqual([
      CHANNEL.l_type_calcium_rel, CHANNEL.eef2_phospho_rel, CHANNEL.bdnf_rel, CHANNEL.trkb_activation_rel, CHANNEL.mtorc1_rel,
    ]);
  });
});

describe("BDNF and TrkB", () => {
  it("binds one of four TrkB at baseline and one more per +100 %", () => {
    expect(TRKB_RECEPTORS).toBe(4);
    expect([...TRKB_ORDER].sort()).toEqual([0, 1, 2, 3]);
    expect(trkbBound(1)).toEqual([0, 1, 0, 0]);
    expect(round(trkbBound(3.284))).toEqual([1, 1, 1, 0.284]);
    expect(trkbBound(22)).toEqual([1, 1, 1, 1]);
    expect(sum(trkbBound(2.5))).toBeCloseTo(2.5, 12);
  });
  it("binds nothing when the channel is absent", () => {
    expect(trkbBound(undefined)).toEqual([0, 0, 0, 0]);
  });
  it("sends 2 BDNF dimers at baseline, one more per +50 %, at most 10", () => {
    expect(bdnfParticleCount(1)).toBe(2);
    expect(bdnfParticleCount(3.284)).toBe(7);
    expect(bdnfParticleCount(22)).toBe(MAX_BDNF);
    expect(bdnfParticleCount(0.16)).toBe(0);
    expect(bdnfParticleCount(undefined)).toBe(0);
  });
  it("draws BDNF only where there is BDNF, and in flight only as much as reaches TrkB", () => {
    // The infusion at the BDNF peak: BDNF +54 %, TrkB +92 %: the BDNF count.
    expect(bdnfInFlight(1.54, 1.92)).toBe(3);
    // BDNF knockout: no BDNF at all, TrkB kept at its baseline activity: one receptor lit, no BDNF.
    expect(bdnfInFlight(0, 1)).toBe(0);
    expect(trkbBound(1)).toEqual([0, 1, 0, 0]);
    expect(bdnfDocked(0, 1)).toEqual([0, 0, 0, 0]);
    // Rat 100 mg/kg at 2 h: BDNF +295 %, its release cut (TrkB ~0): none on its way, none docked.
    expect(bdnfInFlight(3.95, 1e-6)).toBe(0);
    expect(sum(bdnfDocked(3.95, 1e-6))).toBeCloseTo(1e-6, 9);
    // Docked BDNF sits only in lit cups, as much as BDNF gives.
    expect(round(bdnfDocked(1.5, 3.284))).toEqual([0, 1, 0.5, 0]); // TRKB_ORDER: the middle two first
    expect(bdnfDocked(1, 1)).toEqual(trkbBound(1));
    expect(bdnfInFlight(undefined, 2)).toBe(0);
  });
});

describe("new spines", () => {
  it("has 3 at baseline and one more per +10 % of spine density", () => {
    expect(spineAmount(1)).toBe(3);
    expect(spineAmount(1.265)).toBeCloseTo(5.65, 12); // 24 h after 0.5 mg/kg
    expect(round(spineGrowth(1.265))).toEqual([1, 1, 1, 1, 1, 0.65, 0, 0, 0, 0, 0, 0]);
  });
  it("shows fewer after chronic stress and none below 70 %", () => {
    expect(spineAmount(0.8)).toBeCloseTo(1, 12);
    expect(spineAmount(0.6)).toBe(0);
    expect(spineGrowth(0.6)).toEqual(new Array(SPINE_SLOTS.length).fill(0));
  });
  it("outlines as new the spines beyond those the run started with", () => {
    expect(firstNewSpine(1)).toBe(SPINES_AT_BASELINE);
    expect(firstNewSpine(undefined)).toBe(SPINES_AT_BASELINE);
    expect(firstNewSpine(Math.fround(0.8))).toBe(1); // chronic stress: one spine at the start
    expect(firstNewSpine(0.85)).toBe(2); // a spine half there at the start is not new
    expect(firstNewSpine(1.2)).toBe(5);
  });
  it("caps at the 12 slots", () => {
    expect(spineAmount(1.9)).toBeCloseTo(SPINE_SLOTS.length, 12);
    expect(spineAmount(2.5)).toBe(SPINE_SLOTS.length);
  });
  it("draws the baseline three (grey) when the channel is absent", () => {
    expect(spineAmount(undefined)).toBeUndefined();
    expect(spineGrowth(undefined)).toEqual([1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });
  it("keeps the slots on the dendrite, apart, and clear of the spine neck and the GABA synapse", () => {
    const sorted = [...SPINE_SLOTS].sort((a, b) => a - b);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i] - sorted[i - 1]).toBeGreaterThanOrEqual(40);
    for (const x of SPINE_SLOTS) {
      expect(x).toBeGreaterThanOrEqual(12);
      expect(x).toBeLessThanOrEqual(VIEW.width - 12);
      expect(Math.abs(x - VIEW.centreX)).toBeGreaterThan(VIEW.neckHalf + 14);
      expect(Math.abs(x - GABA_SYNAPSE_X)).toBeGreaterThanOrEqual(60);
    }
  });
});

describe("root data attributes", () => {
  it("mirror every channel of the model, once, with the contract's legacy names kept", () => {
    const channels = VALUE_ATTRS.map(([, c]) => c);
    expect(new Set(channels)).toEqual(new Set(Object.keys(CHANNEL)));
    expect(channels).toHaveLength(Object.keys(CHANNEL).length);
    const names = Object.fromEntries(VALUE_ATTRS);
    expect(names["data-brain-uM"]).toBe(CHANNEL.ketamine_brain_uM);
    expect(names["data-block-pyramidal"]).toBe(CHANNEL.nmda_block_pyramidal);
    expect(names["data-block-interneuron"]).toBe(CHANNEL.nmda_block_interneuron);
    expect(names["data-glutamate-rel"]).toBe(CHANNEL.glutamate_rel);
    expect(names["data-bdnf-rel"]).toBe(CHANNEL.bdnf_rel);
    expect(names["data-spine-density-rel"]).toBe(CHANNEL.spine_density_rel);
  });
});
