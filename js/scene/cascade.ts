/**
 * The signalling cascade inside the spine head, as a stack of labelled gauges read top to bottom like
 * the story: Ca2+ entry through L-type channels (opened by AMPA depolarisation), phospho-eEF2 (the
 * brake on protein synthesis that the NMDA block releases), BDNF protein, TrkB bound by released BDNF
 * ("bound", not "active": bound receptors desensitise, so mTORC1 below can be back at baseline while
 * binding is still up), and mTORC1 signalling. Each bar shows the model's relative level (1 = drug-free baseline) on one
 * linear scale: a tick marks normal at a third of the track, the track is full at 3x, and a value above
 * that shows an overflow arrow while the number beside it stays exact. Every gauge reads its own
 * trajectory channel (L-type Ca2+ entry is `l_type_calcium_rel`, computed by the model); none is derived
 * here, and a channel a trajectory lacks is drawn as absent.
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

export interface GaugeSpec {
  label: string;
  /** The channel read for this gauge; null where the trajectory has no such channel (drawn absent). */
  channel: ChannelName | null;
  /** For a gauge with no channel: why (its tooltip). */
  missing?: string;
  className: string;
}

/** The cascade, in causal order. */
export const CASCADE: GaugeSpec[] = [
  { label: "L-type Ca\u00b2\u207a", channel: CHANNEL.l_type_calcium_rel, className: "keta-gauge-ca" },
  { label: "p-eEF2", channel: CHANNEL.eef2_phospho_rel, className: "keta-gauge-eef2" },
  { label: "BDNF", channel: CHANNEL.bdnf_rel, className: "keta-gauge-bdnf" },
  { label: "TrkB bound", channel: CHANNEL.trkb_activation_rel, className: "keta-gauge-trkb" },
  { label: "mTORC1", channel: CHANNEL.mtorc1_rel, className: "keta-gauge-mtor" },
];

/** Gauge geometry (user units) inside the spine head. */
export const GAUGE = {
  labelRight: 170,
  barX: 178,
  barWidth: 138,
  barHeight: 10,
  valueX: 324,
  firstY: 347,
  rowStep: 17,
} as const;

export interface Cascade {
  /** `values[k]` is the value of CASCADE[k]'s channel (undefined when the channel is absent). */
  update(values: Array<number | undefined>): void;
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
    return { row, bar, arrow, value };
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
  };
}
