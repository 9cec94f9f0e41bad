/**
 * New spines: synaptogenesis, the last step of the story. Small dendritic spines stand along the
 * pyramidal cell's dendrite at the bottom of the diagram, as many as the model's spine density
 * (`spine_density_rel`) says: 3 at the drug-free baseline, one more per +10 %, the next one growing out
 * of the dendrite in proportion to the remainder (so the count never jumps), at most 12 (+90 %). Spines
 * beyond those the run started with are outlined in the BDNF colour: they are the ones BDNF built. A
 * lower density (chronic stress) shows fewer than three, and a stressed run (0.8: one spine) that
 * regrows outlines every spine after its first, as the story counts growth from the run's start. With
 * no channel, the baseline three are drawn grey with a note.
 */

import { VIEW, countOpacities, present, setAttr, setText, svgEl, svgText } from "./svg";
import { formatChange } from "../format";

/** Small spines at baseline (spine_density_rel = 1). */
export const SPINES_AT_BASELINE = 3;
/** Spines added per +100 % density (one per +10 %). */
export const SPINES_PER_REL = 10;

/**
 * Slot x positions in order of appearance, spread along the dendrite and clear of the main spine's
 * neck and of the interneuron's GABA synapse.
 */
export const SPINE_SLOTS = [126, 378, 688, 222, 474, 30, 640, 330, 780, 78, 426, 736];

/** Spines' worth for a density: 3 + 10 x (rel - 1), clamped to the slots; undefined when absent. */
export function spineAmount(rel: number | undefined): number | undefined {
  if (!present(rel)) return undefined;
  return Math.min(SPINE_SLOTS.length, Math.max(0, SPINES_AT_BASELINE + SPINES_PER_REL * (rel - 1)));
}

/**
 * Growth (0..1, the drawn scale) of each slot, in order of appearance: full spines, then one partly
 * grown, then none. Absent data shows the baseline three (drawn grey by the caller).
 */
export function spineGrowth(rel: number | undefined): number[] {
  return countOpacities(spineAmount(rel) ?? SPINES_AT_BASELINE, SPINE_SLOTS.length);
}

/**
 * How many slots the run starts with (a spine partly there counts): the first new spine's slot. The
 * baseline three when the start is unknown.
 */
export function firstNewSpine(startRel: number | undefined): number {
  const amount = spineAmount(startRel);
  // A float32 0.8 gives 1.0000001 spines: a spine's thousandth is no spine.
  return amount === undefined ? SPINES_AT_BASELINE : Math.ceil(amount - 1e-3);
}

/** A small mushroom spine rising from (0, 0): neck, then a round head, ~41 units tall. */
export const SMALL_SPINE_PATH = "M -4 4 L -4 -24 A 11 9 0 1 1 4 -24 L 4 4 Z";

export interface NewSpines {
  /** `startRel`: the density at the start of the run, from which spines count as new. */
  update(spineDensityRel: number | undefined, startRel?: number): void;
}

/** Drawn before the dendrite, which then covers the spines' bases so they grow out of it. */
export function createNewSpines(parent: Element): NewSpines {
  const group = svgEl("g", { class: "keta-new-spines" }, parent);
  const spines = SPINE_SLOTS.map((x) =>
    svgEl("path", {
      class: "keta-small-spine",
      d: SMALL_SPINE_PATH,
      transform: `translate(${x} ${VIEW.dendriteTop}) scale(0)`,
    }, group));
  return {
    update(rel, startRel) {
      group.classList.toggle("keta-absent", !present(rel));
      const firstNew = firstNewSpine(startRel);
      spineGrowth(rel).forEach((g, i) => {
        spines[i].classList.toggle("keta-spine-new", i >= firstNew);
        const x = SPINE_SLOTS[i];
        setAttr(spines[i], "transform", `translate(${x} ${VIEW.dendriteTop}) scale(${g.toFixed(3)})`);
        setAttr(spines[i], "visibility", g > 0 ? "visible" : "hidden");
      });
    },
  };
}

/**
 * The density readout on the dendrite: where it starts, its baseline, and where what is said about the
 * spines may follow it (pretreatments.ts), clear of its longest value ("spine density \u2212100%").
 */
export const SPINE_DENSITY_LABEL = { x: 12, y: VIEW.height - 14, chipsX: 200 } as const;

/** The density readout on the dendrite; drawn after the dendrite so it sits on it. */
export function createSpineDensityLabel(parent: Element): NewSpines {
  const { x, y } = SPINE_DENSITY_LABEL;
  const line = svgText(parent, x, y, "", { class: "keta-muted keta-layer-labels", "font-size": VIEW.fontSmall });
  svgEl("tspan", {}, line).textContent = "spine density ";
  const value = svgEl("tspan", { class: "keta-value keta-fg" }, line);
  const note = svgText(parent, x, y, "no data: spine_density_rel", {
    class: "keta-absent-note", "font-size": VIEW.fontSmall, visibility: "hidden",
  });
  return {
    update(rel) {
      const ok = present(rel);
      setText(value, ok ? formatChange(rel) : "");
      setAttr(line, "visibility", ok ? "visible" : "hidden");
      setAttr(note, "visibility", ok ? "hidden" : "visible");
    },
  };
}
