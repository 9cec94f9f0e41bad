/**
 * The signalling cascade inside the spine head, as a stack of labelled gauges read top to bottom like
 * the story: Ca2+ entry through L-type channels (opened by AMPA depolarisation), phospho-eEF2 (the
 * brake on protein synthesis that the NMDA block releases), BDNF protein, TrkB bound by released BDNF
 * ("bound", not "active": bound receptors desensitise, so mTORC1 below can be back at baseline while
 * binding is still up), and mTORC1 signalling. Each bar shows the model's relative level (1 = drug-free baseline) on one
 * linear scale: a tick marks normal at a third of the track, the track is full at 3x, and a value above
 * that shows an overflow arrow while the number beside it stays exact. Every gauge reads its own
 * trajectory channel (L-type Ca2+ entry is `l_type_calcium_rel`, computed by the model); none is derived
 * here, and a channel a trajectory lacks is drawn as absent. A gauge whose step the run's pre-treatment
 * blocks carries a block sign (a circle with a bar) at the far end of its track, which a blocked value
 * never reaches; the drug's name stands beside the row, in the column right of the values
 * (pretreatments.ts says which drug blocks which gauge).
 */

import { VIEW, clamp, present, px, setAttr, setText, svgEl, svgText } from "./svg";
import { CHANNEL, type ChannelName } from "../channels";
import { formatChange } from "../format";

/** The track is full at this multiple of baseline; baseline sits at 1 / GAUGE_FULL_SCALE of it. */
export const GAUGE_FULL_SCALE = 3;

export interface GaugeLevel {
  absent: boolean;
  /** Filled share of the track, 0..1. */
  fraction: number;
  /** The value is beyond the track (> GAUGE_FULL_SCALE). */
  overflow: boolean;
}

/** Bar length for a relative level; absent (no bar) for a missing or non-finite value. */
export function gaugeLevel(rel: number | undefined): GaugeLevel {
  if (!present(rel)) return { absent: true, fraction: 0, overflow: false };
  return { absent: false, fraction: clamp(rel / GAUGE_FULL_SCALE, 0, 1), overflow: rel > GAUGE_FULL_SCALE };
}

/** The gauges a pre-treatment can name (pretreatments.ts). */
export type GaugeId = "l_type" | "eef2" | "bdnf" | "trkb" | "mtorc1";

export interface GaugeSpec {
  id: GaugeId;
  label: string;
  /** The channel read for this gauge; null where the trajectory has no such channel (drawn absent). */
  channel: ChannelName | null;
  /** For a gauge with no channel: why (its tooltip). */
  missing?: string;
  className: string;
}

/** The cascade, in causal order. */
export const CASCADE: GaugeSpec[] = [
  { id: "l_type", label: "L-type Ca\u00b2\u207a", channel: CHANNEL.l_type_calcium_rel, className: "keta-gauge-ca" },
  { id: "eef2", label: "p-eEF2", channel: CHANNEL.eef2_phospho_rel, className: "keta-gauge-eef2" },
  { id: "bdnf", label: "BDNF", channel: CHANNEL.bdnf_rel, className: "keta-gauge-bdnf" },
  { id: "trkb", label: "TrkB bound", channel: CHANNEL.trkb_activation_rel, className: "keta-gauge-trkb" },
  { id: "mtorc1", label: "mTORC1", channel: CHANNEL.mtorc1_rel, className: "keta-gauge-mtor" },
];

/**
 * Gauge geometry (user units) inside the spine head. The track is short enough to leave, right of the
 * values (at most "\u2212100%", 67 units wide in DejaVu Sans Bold at presenting's 17), a column from
 * chipX to the TrkB receptors' feet on the flank (x 472) for a pre-treatment's name (up to
 * "anisomycin", 97 units, plus its chip's padding).
 */
export const GAUGE = {
  labelRight: 170,
  barX: 178,
  barWidth: 92,
  barHeight: 10,
  valueX: 278,
  chipX: 360,
  chipRight: 468,
  firstY: 347,
  rowStep: 17,
} as const;

/** Baseline of gauge `id`'s label and value. */
export function gaugeRowY(id: GaugeId): number {
  return GAUGE.firstY + CASCADE.findIndex((g) => g.id === id) * GAUGE.rowStep;
}

/** Centre of the block sign on a gauge's track: at its far end (2.6x-3x), which a blocked value never reaches. */
export function blockSignAt(id: GaugeId): { x: number; y: number } {
  return { x: GAUGE.barX + GAUGE.barWidth - 8, y: gaugeRowY(id) - GAUGE.barHeight / 2 + 1 };
}

export interface Cascade {
  /** `values[k]` is the value of CASCADE[k]'s channel (undefined when the channel is absent). */
  update(values: Array<number | undefined>): void;
  /** Show the block sign on exactly the gauges `ids` (the run's pre-treatments block their step). */
  setBlocked(ids: ReadonlySet<GaugeId>): void;
}

/** A block sign (a circle with a bar) centred on (x, y). */
export function blockSign(parent: Element, x: number, y: number, r = 7): SVGGElement {
  const sign = svgEl("g", { class: "keta-block-sign", transform: `translate(${x} ${y})` }, parent);
  svgEl("circle", { cx: 0, cy: 0, r }, sign);
  const d = r * Math.SQRT1_2;
  svgEl("line", { x1: -d, y1: d, x2: d, y2: -d }, sign);
  return sign;
}

export function createCascade(parent: Element): Cascade {
  const group = svgEl("g", { class: "keta-cascade" }, parent);
  const rows = CASCADE.map((spec, k) => {
    const y = GAUGE.firstY + k * GAUGE.rowStep;
    const row = svgEl("g", { class: `keta-gauge ${spec.className}` }, group);
    const title = svgEl("title", {}, row);
    // The tooltip names the channel (or why there is none); the note in the row says "no data".
    title.textContent = spec.channel ? `${spec.label}: ${spec.channel}, relative to the drug-free baseline` : spec.missing ?? "no data";
    svgText(row, GAUGE.labelRight, y, spec.label, {
      class: "keta-gauge-label keta-layer-labels", "text-anchor": "end", "font-size": VIEW.fontTiny,
    });
    const top = y - GAUGE.barHeight + 1;
    svgEl("rect", { class: "keta-gauge-track", x: GAUGE.barX, y: top, width: GAUGE.barWidth, height: GAUGE.barHeight, rx: 2 }, row);
    const bar = svgEl("rect", { class: "keta-gauge-bar", x: GAUGE.barX, y: top, width: 0, height: GAUGE.barHeight, rx: 2 }, row);
    const tickX = GAUGE.barX + GAUGE.barWidth / GAUGE_FULL_SCALE;
    svgEl("line", { class: "keta-gauge-tick", x1: tickX, y1: top - 2, x2: tickX, y2: top + GAUGE.barHeight + 2 }, row);
    const end = GAUGE.barX + GAUGE.barWidth;
    const arrow = svgEl("path", {
      class: "keta-gauge-bar", d: `M ${end + 1} ${top - 1} L ${end + 7} ${top + GAUGE.barHeight / 2} L ${end + 1} ${top + GAUGE.barHeight + 1} Z`,
      visibility: "hidden",
    }, row);
    const value = svgText(row, GAUGE.valueX + 6, y, "", { class: "keta-gauge-value keta-layer-labels", "font-size": VIEW.fontTiny });
    const at = blockSignAt(spec.id);
    const sign = blockSign(row, at.x, at.y);
    setAttr(sign, "visibility", "hidden");
    return { row, bar, arrow, value, sign, id: spec.id };
  });

  return {
    update(values) {
      rows.forEach((r, k) => {
        const v = values[k];
        const level = gaugeLevel(v);
        r.row.classList.toggle("keta-absent", level.absent);
        setAttr(r.bar, "width", px(level.fraction * GAUGE.barWidth));
        setAttr(r.arrow, "visibility", level.overflow ? "visible" : "hidden");
        r.value.classList.toggle("keta-absent-note", level.absent);
        setText(r.value, level.absent ? "no data" : formatChange(v));
      });
    },
    setBlocked(ids) {
      for (const r of rows) {
        setAttr(r.sign, "visibility", ids.has(r.id) ? "visible" : "hidden");
        r.row.classList.toggle("keta-gauge-blocked", ids.has(r.id));
      }
    },
  };
}
