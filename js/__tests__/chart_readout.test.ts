// @vitest-environment happy-dom
/**
 * Tests of a saved page's chart readout, its parts one by one: values written in the lab's tooltips'
 * d3 formats (value_format.ts), a line's value read at a time between samples and the readout's words
 * (chart_readout.ts), the box flipping to the pointer's left near the right edge but never over the y
 * axis' labels, and the keys that move a focused chart's time from sample to sample (chart_keys.ts).
 * The charts using them are tested in standalone_charts.test.ts.
 */

import { describe, expect, it } from "vitest";
import { keyedTime } from "../standalone/chart_keys";
import { HANDLE_RISE_PX, READOUT_GAP_PX, drawReadoutDots, lineValueAt, readoutAt, readoutBox, readoutCost, readoutCoversTime, readoutFormatter, readoutPlace, readoutRoom, readoutWords } from "../standalone/chart_readout";
import type { PanelDeclaration } from "../standalone/chart_declarations";
import { ValueFormatError, valueFormatter } from "../standalone/value_format";

describe("values in the lab's tooltips' d3 formats", () => {
  it("write ',.3r' (HOVER_VALUE_FORMAT) as three significant digits, thousands grouped, never an exponent", () => {
    const write = valueFormatter(",.3r");
    // charts.py's own examples of the format: "0.330", "42.3", "1,440".
    expect([0.33, 42.34, 1440.4].map(write)).toEqual(["0.330", "42.3", "1,440"]);
    expect([1, 1.5432, 0.000012345, 123456, 99.96, 0].map(write)).toEqual(["1.00", "1.54", "0.0000123", "123,000", "100", "0.00"]);
    expect(write(-0.5)).toBe("-0.500");
    expect(valueFormatter("r")(1 / 3)).toBe("0.333333"); // d3's six digits without a precision
    expect(write(Number.NaN)).toBe("NaN");
  });

  it("write '.2~p' (HOVER_PERCENT_FORMAT) as a percentage to two digits, trailing zeros dropped", () => {
    const write = valueFormatter(".2~p");
    // charts.py: "whole from 10 % and with a decimal below ("18%", "5.7%")".
    expect([0.1834, 0.057, 0.478, 0.5, 1, 0.00123, 0].map(write)).toEqual(["18%", "5.7%", "48%", "50%", "100%", "0.12%", "0%"]);
    expect(valueFormatter(".3p")(0.5)).toBe("50.0%"); // without ~ the zeros stay
  });

  it.each([".2f", ",.3g", "$.2r", ".3~e", ""])("refuse %j, a specifier it does not write, naming it", (spec) => {
    expect(() => valueFormatter(spec)).toThrow(ValueFormatError);
    expect(() => valueFormatter(spec)).toThrow(JSON.stringify(spec));
  });
});

/** A panel as chart_declarations.ts reads it, with two lines. */
const BLOCK: PanelDeclaration = {
  key: "block", title: "NMDA receptor block", yLabel: "current blocked (%)", yRange: [0, 1], yTicks: [], relativeToRest: false,
  valueFormat: ".2~p", summary: "", comparison: null,
  lines: [
    { channel: "nmda_block_interneuron", label: "interneurons", name: "interneurons", colour: "#D55E00" },
    { channel: "nmda_block_pyramidal", label: "pyramidal cells", name: "pyramidal cells", colour: "#0072B2" },
  ],
};
const RUN = {
  timeH: new Float32Array([0, 1, 2, 6, 12]),
  channels: new Map([
    ["nmda_block_interneuron", new Float32Array([0, 0.6, 0.5, 0.1, 0])],
    ["nmda_block_pyramidal", new Float32Array([0, 0.4, 0.3, 0.05, 0])],
  ]),
  units: new Map([["nmda_block_interneuron", "fraction"], ["nmda_block_pyramidal", "fraction"]]),
};

describe("a readout's values and words", () => {
  it("read a line between two samples on the straight segment drawn between them, not at the nearest sample", () => {
    const time = [0, 1, 5];
    const values = [0.2, 0.4, 0.0];
    expect(lineValueAt(time, values, 0.75, false)).toBeCloseTo(0.35, 12); // nearest would read 0.4
    expect(lineValueAt(time, values, 3, false)).toBeCloseTo(0.2, 12); // half way down from 0.4 to 0
    expect(lineValueAt(time, values, 1, false)).toBe(0.4); // at a sample: the sample
    expect(lineValueAt(time, values, 9, false)).toBe(0); // past the end: the last
    // Relative to rest: over the line's first value, as the panel draws it.
    expect(lineValueAt(time, values, 0.5, true)).toBeCloseTo(1.5, 6);
  });

  it("write a drug's tail below the lab's formats' reach as below a floor, not as a row of zeros", () => {
    // Review: "brain (free) 0.00000825" (µM) and "pyramidal cells 0.00048%" at 1 d 20 h of a run.
    const level = readoutFormatter(",.3r");
    expect([0.00000825, 0.000999, 0.001, 0.0423, 1.5, 0].map(level)).toEqual(["<0.001", "<0.001", "0.00100", "0.0423", "1.50", "0.00"]);
    expect(level(-1e-9)).toBe("0.00"); // a numerical tail below zero is nothing
    const block = readoutFormatter(".2~p");
    expect([0.0000048, 0.0000999, 0.0001, 0.057, 0].map(block)).toEqual(["<0.01%", "<0.01%", "0.01%", "5.7%", "0%"]);
  });

  it("say the time to the second, each line's tooltip name and value, and the y axis' title", () => {
    const readout = readoutAt(BLOCK, RUN, 1.5, (v) => `${Math.round(v * 100)}%`);
    expect(readout.time).toBe("1 h 30 min");
    expect(readout.label).toBe("current blocked (%)");
    expect(readout.rows.map((row) => [row.name, row.text, row.colour])).toEqual([
      ["interneurons", "55%", "#D55E00"],
      ["pyramidal cells", "35%", "#0072B2"],
    ]);
    expect(readoutWords(readout)).toBe("1 h 30 min, current blocked (%): interneurons 55%, pyramidal cells 35%");
  });

  it("show an em dash, and no dot, where the run has no number", () => {
    const broken = { ...RUN, channels: new Map([...RUN.channels, ["nmda_block_pyramidal", new Float32Array([0, NaN, NaN, 0, 0])]]) };
    const readout = readoutAt(BLOCK, broken, 1, valueFormatter(".2~p"));
    expect(readout.rows.map((row) => row.text)).toEqual(["60%", "\u2014"]);
    const group = document.createElementNS("http://www.w3.org/2000/svg", "g");
    drawReadoutDots(group, readout, 100, (v) => 117 - v * 100);
    const dots = [...group.querySelectorAll("circle")];
    expect(dots).toHaveLength(1);
    expect(dots[0].getAttribute("cy")).toBe("57.0");
    expect(dots[0].getAttribute("fill")).toBe("#D55E00");
  });
});

describe("where the readout's box goes", () => {
  // A 474-px panel whose plot starts 62 px in, right of the y axis' tick labels and title.
  const wide = { plotLeft: 62, panelWidth: 474 };

  // A plot from 30 px to 137 px below the panel's top; boxes 100 px tall fit its height.
  // The panel ends at 177 px, and the screen's top is far above.
  const plot = { top: 30, bottom: 137, panelBottom: 177, screenTop: -500 };
  const place = (x: number, width: number, span = wide, height = 100) => readoutPlace(x, { width, height }, span, plot);

  it("right of the time it reads, with a gap, at the plot's top", () => {
    expect(place(100, 150)).toEqual({ left: 100 + READOUT_GAP_PX, top: 30 });
  });

  it("flips to the left of it near the right edge, so it stays inside the chart", () => {
    const { left } = place(400, 150);
    expect(left).toBe(400 - READOUT_GAP_PX - 150);
    expect(left + 150).toBeLessThanOrEqual(474);
  });

  it("never flips over the y axis' labels: left of the time only with room right of the axis", () => {
    // Read at 240 px, 150 px fit between the axis at 62 and 240 - 12; read at 200 px they do not, nor
    // right of it: above the time, still right of the axis.
    expect(place(240, 150, { plotLeft: 62, panelWidth: 330 }).left).toBe(240 - READOUT_GAP_PX - 150);
    expect(place(200, 150, { plotLeft: 62, panelWidth: 330 }).left).toBeGreaterThanOrEqual(62);
  });

  it("rises over the legend rather than reach below the plot, where the time axis' labels say the time", () => {
    expect(place(100, 150, wide, 107).top).toBe(30); // as tall as the plot: at its top
    expect(place(100, 150, wide, 138).top).toBe(-1); // a comparison's rows: its bottom on the plot's bottom edge
  });

  it("beside the time, never rises above the screen's top", () => {
    // A comparison's rows, taller than the plot, on a panel at the screen's top: risen to keep its
    // bottom on the plot's, its top was above the screen, over the panel above or not seen (review).
    // Lowered, it would cover the time axis: below the panel, still beside the time.
    const atScreenTop = { ...plot, screenTop: 0 };
    expect(readoutPlace(100, { width: 150, height: 138 }, wide, atScreenTop)).toEqual({ left: 100 + READOUT_GAP_PX, top: 177 });
    expect(readoutPlace(400, { width: 150, height: 138 }, wide, atScreenTop)).toEqual({ left: 400 - READOUT_GAP_PX - 150, top: 177 });
    // Room enough on the screen: risen as before.
    expect(readoutPlace(100, { width: 150, height: 138 }, wide, { ...plot, screenTop: -1 }).top).toBe(-1);
    // The plot's top scrolled 20 px above the screen's: a box that fits lower on the plot goes there.
    expect(readoutPlace(100, { width: 150, height: 80 }, wide, { ...plot, screenTop: 50 }).top).toBe(50);
    expect(readoutPlace(100, { width: 150, height: 100 }, wide, { ...plot, screenTop: 50 }).top).toBe(177);
  });

  it("goes above the plot and the playhead's handle where it fits beside the time on neither side (a phone)", () => {
    // A 200-px box on a 358-px panel whose plot starts at 72 px: read at 230 px, 146 px of room on the
    // left and 116 on the right. Over the time it hid the dots it reads; narrowed beside it, a
    // comparison's names wrapped it taller than the plot, over the time axis (review).
    const phone = { plotLeft: 72, panelWidth: 358 };
    expect(readoutRoom(230, phone)).toEqual({ left: 146, right: 116 });
    expect(place(230, 200, phone)).toEqual({ left: 130, top: 30 - HANDLE_RISE_PX - READOUT_GAP_PX - 100 }); // centred on it
    expect(place(100, 280, phone).left).toBe(72); // near the axis: kept right of it
    expect(place(330, 280, phone).left).toBe(358 - 280); // near the right edge: kept inside the panel
    // The panel at the top of the screen: below it, where it is seen.
    expect(readoutPlace(230, { width: 200, height: 100 }, phone, { ...plot, screenTop: -50 })).toEqual({ left: 130, top: 177 });
  });

  describe("on a short screen (a phone held sideways, a laptop's 720 lines under the browser's bars)", () => {
    // The panel's plot from 30 to 137 px, the panel's bottom at 177 px, the panel at the screen's top
    // (no room above the plot for a box) and the screen's bottom `bottom` px below the panel's top.
    const short = (screenBottom: number, screenTop = -20) => ({ ...plot, screenTop, screenBottom });
    const phone = { plotLeft: 72, panelWidth: 358 };
    const fits = (top: number, height: number, band: { screenTop: number; screenBottom: number }) =>
      top >= band.screenTop && top + height <= band.screenBottom;

    it("goes below the panel only where it ends on the screen: else, beside the time, from the screen's top", () => {
      // A comparison's rows, taller than the plot, beside the time: below the panel (177 + 138 = 315)
      // ran past a screen ending at 290 px, its last rows unread. The panel's top at the screen's.
      const band = short(290, 0);
      const at = readoutPlace(100, { width: 150, height: 138 }, wide, band);
      expect(at).toEqual({ left: 100 + READOUT_GAP_PX, top: 0 }); // over the legend, then the time axis
      expect(fits(at.top, 138, band)).toBe(true);
      expect(readoutCoversTime(100, at, { width: 150, height: 138 }, band)).toBe(false);
      // Where it ends on the screen, below the panel as before.
      expect(readoutPlace(100, { width: 150, height: 138 }, wide, short(315, 0)).top).toBe(177);
    });

    it("beside the time, rises over the legend where the plot's bottom is below the screen's", () => {
      // The plot's top 30 px, the screen's bottom 110 px below the panel's: at the plot's top a 100-px
      // box ran 20 px off the screen.
      const at = readoutPlace(100, { width: 150, height: 100 }, wide, short(110, -500));
      expect(at).toEqual({ left: 100 + READOUT_GAP_PX, top: 10 });
    });

    it("too wide to stand beside the time, goes over the time axis before it runs off the screen", () => {
      // No room above the plot (its handle at 26 px, the screen from -20); below the panel, 177 + 100 ran
      // past a screen ending at 260 px: raised to end there, over the time axis' labels, clear of the plot.
      const band = short(260);
      const at = readoutPlace(230, { width: 200, height: 100 }, phone, band);
      expect(at).toEqual({ left: 130, top: 160 });
      expect(fits(at.top, 100, band)).toBe(true);
      expect(readoutCoversTime(230, at, { width: 200, height: 100 }, band)).toBe(false);
    });

    it("with no room clear of the time, takes the side with more room, inside the screen", () => {
      // A 200-px box on a screen from -20 to 200: 34 px above the handle and its gap, 51 below the plot's. It
      // must cover the time at this width (readoutBox narrows it first): below, ending on the screen's bottom.
      const below = readoutPlace(230, { width: 200, height: 150 }, phone, short(200));
      expect(below).toEqual({ left: 130, top: 50 });
      // The plot scrolled down the screen (room above it, none below): from the screen's top.
      expect(readoutPlace(230, { width: 200, height: 150 }, phone, { ...plot, screenTop: -60, screenBottom: 150 }).top).toBe(-60);
      // Taller than the screen: its top, the time, on it.
      expect(readoutPlace(230, { width: 200, height: 400 }, phone, short(200)).top).toBe(-20);
      expect(readoutPlace(100, { width: 150, height: 400 }, wide, short(200)).top).toBe(-20);
    });

    it("keeps every placement on the screen where the box fits it, and clear of the time where its width allows", () => {
      for (const screenBottom of [150, 200, 260, 300, 400]) {
        for (const screenTop of [-60, -20, 0, 25]) {
          const band = short(screenBottom, screenTop);
          for (const x of [80, 150, 230, 300, 350]) {
            for (const [width, height] of [[100, 60], [150, 100], [200, 100], [200, 138], [250, 170]]) {
              const at = readoutPlace(x, { width, height }, phone, band);
              if (height <= screenBottom - screenTop) expect(fits(at.top, height, band), `${[screenBottom, screenTop, x, width, height]}`).toBe(true);
              const room = readoutRoom(x, phone);
              if (width <= Math.max(room.left, room.right)) expect(readoutCoversTime(x, at, { width, height }, band)).toBe(false);
              expect(at.left).toBeGreaterThanOrEqual(phone.plotLeft);
              expect(at.left + width).toBeLessThanOrEqual(phone.panelWidth);
            }
          }
        }
      }
    });

    it("narrows the box beside the time, rather than cover it, where the screen has no room for it over or under", () => {
      // happy-dom lays nothing out: the box's size is given, as wide as its max-width allows up to 200 px
      // and as tall as its words wrap (120 px in 116; 60 px at 200).
      const figure = document.createElement("div");
      const box = readoutBox(figure, null);
      const element = box.element;
      const maxWidth = () => Math.min(200, parseFloat(element.style.maxWidth.replace(/^min\(20rem, /, "")) || 200);
      Object.defineProperty(element, "offsetWidth", { get: maxWidth });
      Object.defineProperty(element, "offsetHeight", { get: () => (maxWidth() < 200 ? 120 : 60) });
      box.show(readoutAt(BLOCK, RUN, 6, valueFormatter(".2~p")), 230, short(200), phone);
      // At 200 px wide, 60 px tall, it fit neither above the handle (34 px) nor below the panel (23 px),
      // nor between the plot and the screen's bottom (51 px, less the gap): over the time. Narrowed to the roomier side (146 px, left of the time), beside it, its bottom on the plot's.
      expect(element.style.maxWidth).toBe("146px");
      expect(element.style.top).toBe(`${137 - 120}px`);
      expect(element.style.left).toBe(`${230 - READOUT_GAP_PX - 146}px`);
      // Room below the panel: at its own width, there.
      box.show(readoutAt(BLOCK, RUN, 6, valueFormatter(".2~p")), 230, short(400), phone);
      expect(element.style.maxWidth).toBe("min(20rem, 286px)");
      expect(element.style.top).toBe("177px");
    });

    it("rank what a placement yields: nothing, the time axis, the time it reads, the screen's edge", () => {
      const band = short(260);
      expect(readoutCost(230, { left: 72, top: 30 }, { width: 146, height: 100 }, band)).toBe(0); // beside, on the plot
      expect(readoutCost(230, { left: 130, top: 160 }, { width: 200, height: 100 }, band)).toBe(1); // over the time axis
      expect(readoutCost(230, { left: 130, top: 100 }, { width: 200, height: 100 }, band)).toBe(2); // over the time
      expect(readoutCost(230, { left: 130, top: 177 }, { width: 200, height: 100 }, band)).toBe(3); // past the screen's bottom
    });

    it("measures the screen's bottom from the window where the chart does not give it", () => {
      const figure = document.createElement("div");
      const box = readoutBox(figure, null);
      Object.defineProperty(box.element, "offsetWidth", { get: () => 150 });
      Object.defineProperty(box.element, "offsetHeight", { get: () => 138 });
      const screen = document.documentElement.clientHeight || window.innerHeight;
      // The panel's top 50 px above the screen's bottom: at the plot's top (30 px) the box ran off it.
      // Risen over the legend, its bottom on the screen's.
      box.show(readoutAt(BLOCK, RUN, 6, valueFormatter(".2~p")), 100, { ...plot, screenTop: 50 - screen }, wide);
      expect(box.element.style.top).toBe(`${50 - 138}px`);
    });
  });

  it("places its element and hides it", () => {
    const figure = document.createElement("div");
    const box = readoutBox(figure, null);
    box.show(readoutAt(BLOCK, RUN, 6, valueFormatter(".2~p")), 100, plot, wide);
    expect(box.element.hidden).toBe(false);
    expect(box.element.getAttribute("aria-hidden")).toBe("true");
    expect(box.element.style.top).toBe("30px");
    expect(box.element.getAttribute("data-time-h")).toBe("6");
    expect(box.element.style.left).toBe(`${100 + READOUT_GAP_PX}px`);
    expect(box.element.style.maxWidth).toBe("min(20rem, 412px)"); // no wider than right of the y axis
    expect(box.element.textContent).toBe("6 hcurrent blocked (%)interneurons10%pyramidal cells5%");
    box.hide();
    expect(box.element.hidden).toBe(true);
  });
});

describe("keys on a chart", () => {
  const times = [0, 0.5, 1, 2, 4, 8, 12];
  // A larger step aims three hours on, or back: keyedTime snaps it to the samples.
  const threeHours = (t: number, direction: 1 | -1) => t + 3 * direction;
  const press = (key: string, t: number, more: { shiftKey?: boolean; ctrlKey?: boolean } = {}) => keyedTime({ key, ...more }, times, t, threeHours);

  it("move one sample with the arrows, from a sample or from between two", () => {
    expect(press("ArrowRight", 1)).toBe(2);
    expect(press("ArrowLeft", 1)).toBe(0.5);
    expect(press("ArrowRight", 1.2)).toBe(2);
    expect(press("ArrowLeft", 1.9)).toBe(1); // not 2's neighbour: the sample behind the time shown
    // The diagram's time read back from its six-decimal attribute is still that sample.
    expect(press("ArrowRight", 2 - 4e-7)).toBe(4);
  });

  it("stay at either end", () => {
    expect(press("ArrowLeft", 0)).toBe(0);
    expect(press("ArrowRight", 12)).toBe(12);
  });

  it("take a larger step with Shift, snapped to a sample, at least one", () => {
    expect(press("ArrowRight", 1, { shiftKey: true })).toBe(4); // aims at 4
    expect(press("ArrowRight", 2, { shiftKey: true })).toBe(8); // aims at 5: the first sample from there
    expect(press("ArrowLeft", 12, { shiftKey: true })).toBe(8); // aims at 9: the last sample to there
    expect(keyedTime({ key: "ArrowRight", shiftKey: true }, times, 0, (t) => t + 0.01)).toBe(0.5); // a step moves
  });

  it("go to the run's start and end with Home and End", () => {
    expect(press("Home", 6)).toBe(0);
    expect(press("End", 6)).toBe(12);
  });

  it("leave PageDown and PageUp to the page: a presenter's clicker sends them for next and previous", () => {
    // As a slider's larger step PageDown goes back: a clicker's "next" ran the time backwards.
    for (const key of ["PageDown", "PageUp"]) {
      expect(press(key, 8)).toBeNull();
      expect(press(key, 8, { shiftKey: true })).toBeNull();
    }
  });

  it("leave other keys, and the browser's shortcuts, to the page", () => {
    expect(press("Tab", 1)).toBeNull();
    expect(press("ArrowUp", 1)).toBeNull();
    expect(press("ArrowRight", 1, { ctrlKey: true })).toBeNull();
    expect(keyedTime({ key: "End" }, [], 0, threeHours)).toBeNull();
  });
});
