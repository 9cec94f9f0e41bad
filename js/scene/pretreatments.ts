/**
 * The run's pre-treatments and conditions, drawn where they act: a teacher projecting the NBQX lesson
 * can point at "NBQX, sitting on the AMPA receptors", not only read it in a caption. What the run was
 * given comes from the wire (`run_conditions`, docs/wire-format.md), never guessed from the numbers.
 *
 * PRETREATMENTS below is the one place that says which condition marks which actor, and why (each
 * entry names where the model, ketawidget/model/dynamics.py, applies it). Each mark is a chip with the
 * condition's name beside the thing it acts on: filled (the text colour behind the background's) for
 * what blocks a step (a drug, or the knockout of a gene), outlined for a condition of the animal
 * (chronic stress), which blocks nothing. At the site itself the actor draws its own sign: NBQX
 * molecules bound on the AMPA receptors (ampa_receptor.ts), a block sign on a cascade gauge
 * (cascade.ts). Chips sit beside the numbers they mark, never over them, and each one's accessible
 * name (its <title>; the scene's own aria-label sums them up) says what the condition does.
 *
 * The chips are not part of the Labels layer: they say what the run is, which hiding the names of the
 * actors does not change. Each chip group is tagged with its actor's id (data-actor-part), so the
 * story's highlighting dims and lights it with its actor.
 */

import { type Condition } from "../conditions";
import { type CircuitActor } from "../actors";
import { VIEW, setAttr, svgEl, svgText } from "./svg";
import { GAUGE, type GaugeId, gaugeRowY } from "./cascade";
import { AMPA_AT_BASELINE, AMPA_XS, antagonistGlyph } from "./ampa_receptor";
import { GROUP_LABEL_Y } from "./spine";
import { SPINE_DENSITY_LABEL } from "./new_spines";

/** Where on the picture a condition is marked: an actor and, for the cascade, which gauge. */
export type MarkSite =
  | { actor: "ampa_receptor" }
  | { actor: "cascade"; gauge: GaugeId }
  | { actor: "new_spines" };

export interface Pretreatment {
  /** The chip's words. */
  label: string;
  /** What it does, in a sentence: the chip's accessible name and tooltip. */
  does: string;
  /** What it does instead in a run that also has `condition` (whose own mark then says the rest). */
  alsoWith?: { condition: Condition; does: string };
  /** It blocks a step of the chain (a filled chip); false for a condition of the animal (outlined). */
  blocks: boolean;
  /** Where it is marked; a site may be left out while another condition makes it moot (`unlessAlso`). */
  sites: ReadonlyArray<MarkSite & { unlessAlso?: Condition }>;
}

/**
 * Which condition marks which actor, and why there: the one table (docs/diagram.md). Its order is the
 * picture's, top to bottom (the AMPA receptors, the cascade's gauges, the dendrite); the scene's
 * description lists a run's conditions in it, as a reader's eye meets them.
 */
export const PRETREATMENTS: Record<Condition, Pretreatment> = {
  // The model scales the drug's change in AMPA activation (`ampa_activation_rel`) by what NBQX leaves
  // (KEEP_NBQX): it is a competitive antagonist at the AMPA receptor's glutamate site (Maeng et al. 2008).
  nbqx: {
    label: "NBQX",
    // The circuit's model removes the drug's change in AMPA activation, not the receptors' drug-free
    // activity (the story's AMPA step says so): a bare "blocks AMPA receptors" beside receptors still
    // lit at their resting level read as a block that changed nothing (review).
    does: "NBQX blocks AMPA receptors: here, the extra activation that ketamine's glutamate surge would cause",
    blocks: true,
    sites: [{ actor: "ampa_receptor" }],
  },
  // KEEP_NIF scales the Ca2+ entry through L-type channels that AMPA depolarisation opens
  // (`l_type_calcium_rel`), the route to BDNF release (Lepack et al. 2015).
  nifedipine: {
    label: "nifedipine",
    does: "Nifedipine blocks L-type calcium channels",
    blocks: true,
    sites: [{ actor: "cascade", gauge: "l_type" }],
  },
  // KNOCKOUT holds BDNF protein (`bdnf_rel`) at zero from the start (Autry et al. 2011).
  bdnf_knockout: {
    label: "knockout",
    does: "BDNF knockout: the BDNF gene is deleted, so no BDNF is made",
    blocks: true,
    sites: [{ actor: "cascade", gauge: "bdnf" }],
  },
  // KEEP_ANISO scales two syntheses: BDNF's translation (the BDNF gauge) and the synaptic proteins
  // that build new spines (there is no gauge of those: the spines are their product). In a BDNF
  // knockout there is no BDNF to translate, and that gauge holds the knockout's chip instead.
  anisomycin: {
    label: "anisomycin",
    does: "Anisomycin blocks all protein synthesis: here, BDNF's and that of the synaptic proteins new spines are built from",
    alsoWith: {
      condition: "bdnf_knockout",
      does: "Anisomycin blocks all protein synthesis: here, that of the synaptic proteins new spines are built from (there is no BDNF gene to translate)",
    },
    blocks: true,
    sites: [{ actor: "cascade", gauge: "bdnf", unlessAlso: "bdnf_knockout" }, { actor: "new_spines" }],
  },
  // KEEP_RAPA scales the change TrkB's signal makes in mTORC1 (`mtorc1_rel`) (Li et al. 2010).
  rapamycin: {
    label: "rapamycin",
    does: "Rapamycin blocks mTORC1",
    blocks: true,
    sites: [{ actor: "cascade", gauge: "mtorc1" }],
  },
  // D_BASE starts the spine density (`spine_density_rel`) at 0.8: spines lost before any drug
  // (Moda-Sava et al. 2019). It blocks nothing, so its chip is outlined and carries no block sign.
  chronic_stress: {
    label: "chronic stress",
    does: "Chronic stress has thinned the dendrite's spines before any drug",
    blocks: false,
    sites: [{ actor: "new_spines" }],
  },
};

/** One chip to draw: a condition at one of its sites, and what it does in this run. */
export interface Mark {
  condition: Condition;
  site: MarkSite;
  does: string;
}

/** The table's conditions, in its order (the picture's, top to bottom). */
export const MARK_ORDER = Object.keys(PRETREATMENTS) as Condition[];

/** What `condition` does in a run given `conditions`. */
export function conditionDoes(condition: Condition, conditions: ReadonlySet<string>): string {
  const { does, alsoWith } = PRETREATMENTS[condition];
  return alsoWith !== undefined && conditions.has(alsoWith.condition) ? alsoWith.does : does;
}

/**
 * The marks of a run given `conditions`, in the table's order (so chips sharing a site always line up
 * the same way); a condition the table does not know marks nothing.
 */
export function marksFor(conditions: ReadonlySet<string>): Mark[] {
  return MARK_ORDER.filter((c) => conditions.has(c)).flatMap((condition) =>
    PRETREATMENTS[condition].sites
      .filter((site) => !(site.unlessAlso && conditions.has(site.unlessAlso)))
      .map(({ unlessAlso: _, ...site }) => ({ condition, site, does: conditionDoes(condition, conditions) })));
}

/** The gauges the marks block (their block signs). */
export function blockedGauges(marks: readonly Mark[]): Set<GaugeId> {
  return new Set(marks.flatMap((m) => (m.site.actor === "cascade" && PRETREATMENTS[m.condition].blocks ? [m.site.gauge] : [])));
}

/** The marks that bind a drug on the AMPA receptors (NBQX's), in the circuit and in the synapse zoom. */
export function ampaAntagonistMarks(marks: readonly Mark[]): Mark[] {
  return marks.filter((m) => m.site.actor === "ampa_receptor");
}

/** True when a mark binds a drug on the AMPA receptors (their molecules). */
export function ampaAntagonistBound(marks: readonly Mark[]): boolean {
  return ampaAntagonistMarks(marks).length > 0;
}

/** What the run's marks say, for the scene's accessible name: "" without any. */
export function marksSentence(conditions: ReadonlySet<string>): string {
  const said = MARK_ORDER.filter((c) => conditions.has(c)).map((c) => conditionDoes(c, conditions));
  return said.length === 0 ? "" : `Marked in this run: ${said.join("; ")}.`;
}

/** Chip text size: the scene's small labels' (17 units: 16 px on a 1280x720 projector). */
export const CHIP_FONT = VIEW.fontSmall;
export const CHIP_HEIGHT = 21;
const CHIP_PAD = 4;
/** Room for the NBQX chip's molecule icon. */
const ICON_ROOM = 16;
const CHIP_GAP = 8;

/**
 * Where a site's chips start (left edge) and their vertical centre. Beside, never over, the numbers:
 * the AMPA chip left of the left receptor group, at the height of the binding sites (clear of the
 * fifth receptor's slot, which a blocked run does not fill); a gauge's in the column right of the
 * values, on its row; the spines' on the dendrite, after the spine-density readout.
 */
export function chipOrigin(site: MarkSite): { x: number; cy: number; pointTo?: { x: number; y: number } } {
  switch (site.actor) {
    case "ampa_receptor":
      // A leader to the molecule on the nearest receptor, which stands some way from the chip.
      return { x: 4, cy: GROUP_LABEL_Y + 24, pointTo: { x: Math.min(...AMPA_XS.slice(0, AMPA_AT_BASELINE)) - 8, y: VIEW.postTop - 42 } };
    case "cascade":
      return { x: GAUGE.chipX, cy: gaugeRowY(site.gauge) - GAUGE.barHeight / 2 + 1 };
    case "new_spines":
      return { x: SPINE_DENSITY_LABEL.chipsX, cy: SPINE_DENSITY_LABEL.y - 6 };
  }
}

/**
 * A chip's width before the browser can measure its text (no layout: a hidden zoom, a test's DOM):
 * DejaVu Sans's widths (regular), the widest of the usual fonts, so the estimate errs on the roomy side.
 */
export function estimatedTextWidth(text: string, fontSize = CHIP_FONT): number {
  let em = 0;
  for (const ch of text) em += ch === " " ? 0.32 : ch === ch.toUpperCase() && ch !== ch.toLowerCase() ? 0.75 : 0.58;
  return em * fontSize;
}

/** A chip's width for a text `textWidth` wide, with room for an icon or not. */
export function chipWidth(textWidth: number, icon: boolean): number {
  return textWidth + 2 * CHIP_PAD + (icon ? ICON_ROOM : 0);
}

interface Chip {
  group: SVGGElement;
  /** An opaque ground under the chip, left undimmed (widget.css): see `chip`. */
  backing: SVGRectElement;
  rect: SVGRectElement;
  text: SVGTextElement;
  leader: SVGLineElement | null;
  icon: boolean;
  measured: boolean;
}

export interface PretreatmentMarks {
  /** Draw the chips of `marks` (and only those). */
  show(marks: readonly Mark[]): void;
  /** Size chips to their text once the browser has laid it out (cheap when all are measured). */
  fit(): void;
}

/**
 * The chips, in one group per marked actor drawn over the whole scene (so the BDNF drifting to TrkB
 * passes behind the cascade's chips rather than over their words). `groupFor` makes the group of an
 * actor (scene.ts tags it with the actor's id).
 */
export function createPretreatmentMarks(groupFor: (actor: CircuitActor) => SVGGElement): PretreatmentMarks {
  const layers = new Map<CircuitActor, SVGGElement>();
  let chips: Array<Chip & { site: MarkSite }> = [];

  function layer(actor: CircuitActor): SVGGElement {
    let g = layers.get(actor);
    if (!g) {
      g = groupFor(actor);
      g.classList.add("keta-pretreatments");
      layers.set(actor, g);
    }
    return g;
  }

  function chip(mark: Mark): Chip & { site: MarkSite } {
    const spec = PRETREATMENTS[mark.condition];
    const group = svgEl("g", {
      class: `keta-pretreatment ${spec.blocks ? "keta-pretreatment-block" : "keta-pretreatment-condition"}`,
      "data-condition": mark.condition,
    }, layer(mark.site.actor));
    svgEl("title", {}, group).textContent = mark.does;
    // When the story dims the chip's actor, the chip fades over a ground of the background's colour
    // that stays opaque: faded to see-through, a molecule passing behind (BDNF on its way to TrkB,
    // highlighted in the synaptogenesis step) showed through its word ("aniso●cin"; review).
    const shape = { x: 0, y: -CHIP_HEIGHT / 2, height: CHIP_HEIGHT, rx: 5 };
    const backing = svgEl("rect", { class: "keta-pretreatment-backing", ...shape }, group);
    const rect = svgEl("rect", { class: "keta-pretreatment-chip", ...shape }, group);
    const leader = chipOrigin(mark.site).pointTo ? svgEl("line", { class: "keta-pretreatment-leader" }, group) : null;
    const icon = mark.site.actor === "ampa_receptor";
    if (icon) antagonistGlyph(group, CHIP_PAD + 6, 0, 6);
    const text = svgText(group, 0, CHIP_FONT * 0.35, spec.label, {
      class: "keta-pretreatment-text", "font-size": CHIP_FONT, "text-anchor": "middle",
    });
    return { group, backing, rect, text, leader, icon, measured: false, site: mark.site };
  }

  /** Chip widths from the text (measured if the browser can), and each site's chips left to right. */
  function layout(): void {
    const next = new Map<string, number>();
    for (const c of chips) {
      let width = 0;
      try {
        width = c.text.getComputedTextLength?.() ?? 0;
      } catch {
        width = 0; // not laid out (display: none): measure on a later frame
      }
      c.measured = width > 0;
      if (!c.measured) width = estimatedTextWidth(c.text.textContent ?? "");
      const outer = chipWidth(width, c.icon);
      const key = JSON.stringify(c.site);
      const origin = chipOrigin(c.site);
      const x = next.get(key) ?? origin.x;
      next.set(key, x + outer + CHIP_GAP);
      setAttr(c.group, "transform", `translate(${Math.round(x)} ${origin.cy})`);
      setAttr(c.rect, "width", String(Math.ceil(outer)));
      setAttr(c.backing, "width", String(Math.ceil(outer)));
      // Centred in what the icon leaves, so a font narrower than the estimate leaves even margins.
      setAttr(c.text, "x", String(Math.round((outer + (c.icon ? ICON_ROOM : 0)) / 2)));
      if (c.leader && origin.pointTo) {
        setAttr(c.leader, "x1", String(Math.ceil(outer) + 1));
        setAttr(c.leader, "y1", "0");
        setAttr(c.leader, "x2", String(Math.round(origin.pointTo.x - x)));
        setAttr(c.leader, "y2", String(Math.round(origin.pointTo.y - origin.cy)));
      }
    }
  }

  return {
    show(marks) {
      for (const c of chips) c.group.remove();
      chips = marks.map(chip);
      layout();
    },
    fit() {
      if (chips.some((c) => !c.measured)) layout();
    },
  };
}
