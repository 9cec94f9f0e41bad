/**
 * Tests of the scene's number-to-picture mappings (the only arithmetic the scene does): how many NMDA
 * pores are plugged, and how strongly, for a block fraction, and how many ketamine molecules are drawn
 * for a brain concentration. Pure functions, so no DOM is needed.
 */

import { describe, expect, it } from "vitest";
import { plugOpacities, plugOrder } from "../scene/nmda_receptor";
import { MAX_DOTS, ketamineDotCount } from "../scene/ketamine";

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe("plugOpacities", () => {
  it("plugs floor(b*N) pores fully and the next one partly", () => {
    const o = plugOpacities(0.58, 6); // 3.48 receptors' worth
    expect(sum(o)).toBeCloseTo(3.48, 12);
    expect(o.filter((x) => x === 1).length).toBe(3);
    expect(o.filter((x) => x > 0 && x < 1).map((x) => +x.toFixed(6))).toEqual([0.48]);
    expect(o.filter((x) => x === 0).length).toBe(2);
  });

  it("plugs in a spread-out order, not left to right", () => {
    const order = plugOrder(6);
    expect([...order].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(order.slice(0, 2)).not.toEqual([0, 1]);
    const half = plugOpacities(0.5, 6);
    order.slice(0, 3).forEach((i) => expect(half[i]).toBe(1));
  });

  it("clamps out-of-range blocks and plugs nothing for NaN", () => {
    expect(plugOpacities(0, 6)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(plugOpacities(1, 6)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(plugOpacities(1.3, 4)).toEqual([1, 1, 1, 1]);
    expect(plugOpacities(-0.2, 4)).toEqual([0, 0, 0, 0]);
    expect(plugOpacities(NaN, 4)).toEqual([0, 0, 0, 0]);
  });
});

describe("ketamineDotCount", () => {
  it("draws one molecule per 0.1 µM, capped", () => {
    expect(ketamineDotCount(0.42)).toBe(4);
    expect(ketamineDotCount(0.26)).toBe(3);
    expect(ketamineDotCount(0.04)).toBe(0);
    expect(ketamineDotCount(4.9)).toBe(49);
    expect(ketamineDotCount(100)).toBe(MAX_DOTS);
    expect(MAX_DOTS).toBe(50);
  });
  it("draws nothing for absent, negative or non-finite values", () => {
    expect(ketamineDotCount(undefined)).toBe(0);
    expect(ketamineDotCount(-1)).toBe(0);
    expect(ketamineDotCount(NaN)).toBe(0);
  });
});
