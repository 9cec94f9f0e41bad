/**
 * The presynaptic terminal: the end of the axon that releases glutamate, drawn as a bulb at the top of
 * the diagram with synaptic vesicles full of glutamate. It is scenery for now: the slow trajectory has
 * no channel that says how many vesicles to draw, and the view never invents one, so nothing here
 * moves with the data (glutamate release belongs to the synapse "microscope", a later actor).
 */

import { VIEW, svgEl, svgText } from "./svg";

const { centreX: cx, spineLeft: left, spineRight: right, preBottom: bottom } = VIEW;

/** Vesicle centres (user units): two staggered rows in the bulb, one vesicle docked at the membrane. */
const VESICLES: Array<[number, number]> = [
  [cx - 80, 78], [cx, 72], [cx + 80, 78],
  [cx - 120, 122], [cx - 40, 118], [cx + 40, 118], [cx + 120, 122],
  [cx + 8, 150],
];

/** Glutamate molecules inside each vesicle, as offsets from its centre. */
const GLUTAMATE: Array<[number, number]> = [[-6, -5], [6, -4], [0, 6]];

export function createPresynapticTerminal(parent: Element): void {
  const group = svgEl("g", { class: "keta-pre" }, parent);
  // Axon entering from the top, widening into the bouton; its flat bottom faces the cleft.
  const d = [
    `M ${cx - 30} 0`,
    `C ${cx - 30} 50 ${left} 40 ${left} 100`,
    `L ${left} ${bottom - 28}`,
    `Q ${left} ${bottom} ${left + 28} ${bottom}`,
    `L ${right - 28} ${bottom}`,
    `Q ${right} ${bottom} ${right} ${bottom - 28}`,
    `L ${right} 100`,
    `C ${right} 40 ${cx + 30} 50 ${cx + 30} 0`,
    "Z",
  ].join(" ");
  svgEl("path", { class: "keta-pre-body", d }, group);

  for (const [vx, vy] of VESICLES) {
    svgEl("circle", { class: "keta-vesicle", cx: vx, cy: vy, r: 17 }, group);
    for (const [gx, gy] of GLUTAMATE) {
      svgEl("circle", { class: "keta-glutamate", cx: vx + gx, cy: vy + gy, r: 3.2 }, group);
    }
  }

  // Label in the right-hand column with a leader line, textbook style, so it never covers a vesicle.
  svgEl("line", { class: "keta-leader", x1: right - 10, y1: 70, x2: VIEW.labelX - 8, y2: 62 }, parent);
  svgText(parent, VIEW.labelX, 68, "presynaptic terminal", { class: "keta-label", "font-size": VIEW.fontLabel });
}
