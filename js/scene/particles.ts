/**
 * A field of molecules in solution: the shared machinery behind the ketamine and glutamate particles in
 * the cleft. The actor decides how many to show (from its model channel); this module only scatters a
 * fixed pool of SVG nodes over a region with a seeded generator (the same picture on every render) and
 * lets the visible ones sway gently around their places. The sway is decoration that reads as "in
 * solution", not diffusion physics, and it stops under prefers-reduced-motion.
 */

import { px, seeded, setAttr } from "./svg";

export interface Region {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

interface Particle {
  node: SVGElement;
  x: number;
  y: number;
  periodX: number;
  periodY: number;
  phase: number;
}

export interface ParticleField {
  /** Show the first `count` particles at wall time `wallMs`; `motion` false freezes them in place. */
  update(count: number, wallMs: number, motion: boolean): void;
}

/** Largest sway in user units: a few pixels, enough to look alive, too little to look like flow. */
export const DRIFT = { x: 7, y: 5 } as const;

/**
 * `make(i)` creates particle i's node (unpositioned); it is moved with a `transform`, so any shape
 * drawn around (0, 0) works (circles, diamonds, dimers).
 */
export function createParticleField(
  pool: number,
  region: Region,
  seed: number,
  make: (i: number) => SVGElement,
): ParticleField {
  const random = seeded(seed);
  const particles: Particle[] = Array.from({ length: pool }, (_, i) => {
    const x = region.x0 + DRIFT.x + random() * (region.x1 - region.x0 - 2 * DRIFT.x);
    const y = region.y0 + DRIFT.y + random() * (region.y1 - region.y0 - 2 * DRIFT.y);
    const node = make(i);
    node.setAttribute("visibility", "hidden");
    node.setAttribute("transform", `translate(${px(x)} ${px(y)})`);
    return { node, x, y, periodX: 3000 + random() * 4000, periodY: 3000 + random() * 4000, phase: random() * 2 * Math.PI };
  });

  return {
    update(count, wallMs, motion) {
      particles.forEach((p, i) => {
        const shown = i < count;
        setAttr(p.node, "visibility", shown ? "visible" : "hidden");
        if (!shown) return;
        const dx = motion ? DRIFT.x * Math.sin((2 * Math.PI * wallMs) / p.periodX + p.phase) : 0;
        const dy = motion ? DRIFT.y * Math.sin((2 * Math.PI * wallMs) / p.periodY + 2 * p.phase) : 0;
        setAttr(p.node, "transform", `translate(${px(p.x + dx)} ${px(p.y + dy)})`);
      });
    },
  };
}
