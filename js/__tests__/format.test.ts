/**
 * Tests of the number formatting: clock units switch at the right places (after rounding), small
 * concentrations switch to nM and keep three significant digits (trailing zeros too, so one quantity
 * reads alike wherever it is shown), percentages keep a decimal only below 10 %, a relative level at
 * baseline reads "±0%" (not "0%", which reads as "none"), and the data-* attribute
 * strings are plain decimals with 4 significant digits, never exponent notation.
 */

import { describe, expect, it } from "vitest";
import { MISSING, formatChange, formatClock, formatClockFine, formatConcentration, formatPercent, formatRate, formatSpeed, timeAttr, toDecimalString } from "../format";

describe("formatClock", () => {
  const cases: Array<[number, string]> = [
    [0, "0 s"],
    [30 / 3600, "30 s"],
    [0.2, "12 min"],
    [59.4 / 60, "59 min"],
    [59.8 / 60, "1 h"],
    [3, "3 h"],
    [3.5, "3.5 h"],
    [3.54, "3.5 h"],
    [23.94, "23.9 h"],
    [23.96, "1 d"],
    [24, "1 d"],
    [52, "2 d 4 h"],
    [52.4, "2 d 4 h"],
    [71.6, "3 d"],
    [168, "7 d"],
    [-0.5, "-30 min"],
  ];
  for (const [hours, text] of cases) {
    it(`${hours} h -> "${text}"`, () => expect(formatClock(hours)).toBe(text));
  }
  it("shows missing values as a dash", () => {
    expect(formatClock(undefined)).toBe(MISSING);
    expect(formatClock(NaN)).toBe(MISSING);
  });
});

describe("formatClockFine", () => {
  // The run's 30-s samples early on: each step reads as a different time (formatClock said "2.5 h" for all).
  const cases: Array<[number, string]> = [
    [0, "0 s"],
    [30 / 3600, "30 s"],
    [0.2, "12 min"],
    [0.2 + 30 / 3600, "12 min 30 s"],
    [2.458333, "2 h 27 min 30 s"],
    [2.466667, "2 h 28 min"],
    [3, "3 h"],
    [44 + 5 / 60, "1 d 20 h 5 min"],
    [168, "7 d"],
    [-0.5, "-30 min"],
  ];
  for (const [hours, text] of cases) {
    it(`${hours} h -> "${text}"`, () => expect(formatClockFine(hours)).toBe(text));
  }
  it("shows missing values as a dash", () => {
    expect(formatClockFine(undefined)).toBe(MISSING);
    expect(formatClockFine(Infinity)).toBe(MISSING);
  });
});

describe("formatConcentration", () => {
  it("uses µM with 3 significant digits, nM below 0.1 µM", () => {
    expect(formatConcentration(0.42)).toBe("0.420 \u00b5M");
    expect(formatConcentration(1.2345)).toBe("1.23 \u00b5M");
    expect(formatConcentration(12.345)).toBe("12.3 \u00b5M");
    expect(formatConcentration(150.4)).toBe("150 \u00b5M");
    expect(formatConcentration(0.1)).toBe("0.100 \u00b5M");
    expect(formatConcentration(0.0423)).toBe("42.3 nM");
    expect(formatConcentration(0.0000123)).toBe("0.0123 nM");
    expect(formatConcentration(0)).toBe("0 \u00b5M");
    expect(formatConcentration(1.1e-11)).toBe("< 0.001 nM");
    expect(formatConcentration(undefined)).toBe(MISSING);
    expect(formatConcentration(Infinity)).toBe(MISSING);
  });
  // Trailing zeros are kept, so one quantity reads with the same precision everywhere: the synapse
  // zoom's header said "0.336 µM" and its "now" line "0.33 µM" (review).
  const threeDigits: Array<[number, string]> = [
    [0.33, "0.330 \u00b5M"], [0.336, "0.336 \u00b5M"], [1, "1.00 \u00b5M"], [20, "20.0 \u00b5M"],
    [1234, "1230 \u00b5M"], [0.0001, "0.100 nM"], [0.0999, "99.9 nM"],
    [0.09996, "100 nM"], // rounded before the digits are counted
  ];
  for (const [uM, text] of threeDigits) {
    it(`keeps three significant digits: ${uM} -> "${text}"`, () => expect(formatConcentration(uM)).toBe(text));
  }
});

describe("formatPercent", () => {
  it("formats a fraction as a percentage", () => {
    expect(formatPercent(0.314)).toBe("31%");
    expect(formatPercent(0.315)).toBe("32%");
    expect(formatPercent(0.0423)).toBe("4.2%");
    expect(formatPercent(0.04)).toBe("4%");
    expect(formatPercent(1)).toBe("100%");
    expect(formatPercent(0)).toBe("0%");
    expect(formatPercent(-0.0001)).toBe("0%");
    expect(formatPercent(NaN)).toBe(MISSING);
    expect(formatPercent(undefined)).toBe(MISSING);
  });
});

describe("toDecimalString", () => {
  const cases: Array<[number, string]> = [
    [0.123456, "0.1235"],
    [1.5, "1.5"],
    [0.5, "0.5"],
    [2, "2"],
    [123456, "123500"],
    [0.000123456, "0.0001235"],
    [-2.34567, "-2.346"],
    [0.99996, "1"],
    [0, "0"],
    [1e-12, "0.000000000001"],
    [3.2e21, "3200000000000000000000"],
  ];
  for (const [x, text] of cases) {
    it(`${x} -> "${text}"`, () => {
      expect(toDecimalString(x)).toBe(text);
      expect(toDecimalString(x)).not.toMatch(/e/i);
    });
  }
  it("takes another number of significant digits", () => {
    expect(toDecimalString(Math.PI, 2)).toBe("3.1");
    expect(toDecimalString(Math.PI, 6)).toBe("3.14159");
  });
});

describe("timeAttr and formatSpeed", () => {
  it("writes the playhead with micro-hour precision and no exponent", () => {
    expect(timeAttr(12.5)).toBe("12.5");
    expect(timeAttr(1 / 3)).toBe("0.333333");
    expect(timeAttr(1e-9)).toBe("0");
    expect(timeAttr(168)).toBe("168");
  });
  it("names speeds in the unit a lesson thinks in", () => {
    expect(formatSpeed(0.1)).toBe("6 min/s");
    expect(formatSpeed(0.25)).toBe("15 min/s");
    expect(formatSpeed(1)).toBe("1 h/s");
    expect(formatSpeed(12)).toBe("12 h/s");
    expect(formatSpeed(48)).toBe("2 d/s");
  });
});

describe("formatChange (relative level -> change from baseline)", () => {
  const cases: Array<[number, string]> = [
    [1, "\u00b10%"],
    [1.0004, "\u00b10%"],
    [0.9996, "\u00b10%"],
    [1.28, "+28%"],
    [1.027, "+2.7%"],
    [0.779, "\u221222%"],
    [0.96, "\u22124%"],
    [3.284, "+228%"],
    [22.07, "+2107%"],
    [0.177, "\u221282%"],
  ];
  for (const [rel, text] of cases) {
    it(`${rel} -> "${text}"`, () => expect(formatChange(rel)).toBe(text));
  }
  it("shows missing values as a dash", () => {
    expect(formatChange(undefined)).toBe(MISSING);
    expect(formatChange(NaN)).toBe(MISSING);
  });
});

describe("formatRate", () => {
  it("uses three significant digits in Hz", () => {
    expect(formatRate(4.0926)).toBe("4.09 Hz");
    expect(formatRate(14.0)).toBe("14 Hz");
    expect(formatRate(13.416)).toBe("13.4 Hz");
    expect(formatRate(0.5741)).toBe("0.574 Hz");
    expect(formatRate(undefined)).toBe(MISSING);
  });
  it("calls a cell silent below a spike in 1000 s, not a row of digits (rat, 100 mg/kg i.p.)", () => {
    expect(formatRate(5.05e-7)).toBe("< 0.001 Hz");
    expect(formatRate(0)).toBe("0 Hz");
    expect(formatRate(0.00123)).toBe("0.00123 Hz");
  });
});
