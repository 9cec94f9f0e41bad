"""The lab's charts read from the back of a classroom: a teacher projects JupyterLab at 1280x720.

A review found the charts' tick labels 12 px there, too small to read when projected. Every chart's
tick labels, axis titles and legend are measured as the browser computes them, on the linear and the
log time axis and in the dark theme; and the larger text must still fit: no tick label over another
or over an axis title, none cut off by its figure or by the box around it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .lab_helpers import (
    collapse_left_sidebar,
    open_notebook,
    read_python_value,
    run_all_cells,
    save_screenshot,
    set_theme,
    write_notebook,
)

pytestmark = pytest.mark.e2e

LAB = ".keta-lab"
PROJECTOR = {"width": 1280, "height": 720}
CHART_KEYS = ("drug", "block", "rates", "glutamate", "signalling", "spines", "dose-response", "experiments")
#: Smallest sizes that read on a projected 1280x720 screen from the back of a room, px.
LEAST_TICK_PX = 14.0
LEAST_AXIS_TITLE_PX = 15.0
LEAST_LEGEND_PX = 14.0
#: Where the screenshots go, for people to look at (not asserted); tests/artifacts/ unless set.
SCREENSHOTS = Path(os.environ.get("KETAWIDGET_PROJECTION_SHOTS", "")) if os.environ.get("KETAWIDGET_PROJECTION_SHOTS") else None

# Every shown text of one chart: tick labels and axis titles (bqplot's svg text) and the legend line's
# text above the plot, each with its computed font size and its box; and for each, the boxes of the
# ancestors that clip it (an svg, or an element whose overflow is not visible), up to the chart's box.
_CHART_TEXTS_JS = """figure => {
  const chartBox = figure.parentElement;
  const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const clippers = e => {
    const out = [];
    for (let a = e.parentElement; a && a !== chartBox.parentElement; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (a instanceof SVGSVGElement || s.overflowX !== 'visible' || s.overflowY !== 'visible') out.push(box(a));
    }
    return out;
  };
  const shown = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0
    && e.checkVisibility({visibilityProperty: true, opacityProperty: true}); };
  const svgText = [...figure.querySelectorAll('.axis text')].filter(t => shown(t) && t.textContent.trim());
  const legend = chartBox.querySelector('.keta-chart-legend');
  const legendText = legend ? [...legend.querySelectorAll('b, .keta-legend-entry')].filter(shown) : [];
  const describe = (e, kind) => ({kind, text: e.textContent.trim(), px: parseFloat(getComputedStyle(e).fontSize),
    box: box(e), clippers: clippers(e), axis: kind === 'legend' ? null : [...figure.querySelectorAll('.axis')].indexOf(e.closest('.axis'))});
  return [...svgText.map(t => describe(t, t.classList.contains('axislabel') ? 'title' : 'tick')),
          ...legendText.map(e => describe(e, 'legend'))];
}"""


def chart_texts(page, key: str) -> list[dict]:
    figure = page.locator(f"{LAB} .keta-chart-{key}")
    figure.scroll_into_view_if_needed()
    return figure.evaluate(_CHART_TEXTS_JS)


def overlap(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def inside(a: list[float], b: list[float], slack: float = 0.5) -> bool:
    return a[0] >= b[0] - slack and a[1] >= b[1] - slack and a[2] <= b[2] + slack and a[3] <= b[3] + slack


def projection_faults(page, when: str) -> tuple[list[str], dict[str, float]]:
    """What reads too small, overlaps or is cut off on every chart; and the smallest size of each kind."""
    faults: list[str] = []
    smallest = {"tick": float("inf"), "title": float("inf"), "legend": float("inf")}
    least = {"tick": LEAST_TICK_PX, "title": LEAST_AXIS_TITLE_PX, "legend": LEAST_LEGEND_PX}
    for key in CHART_KEYS:
        texts = chart_texts(page, key)
        ticks = [t for t in texts if t["kind"] == "tick"]
        if len(ticks) < 4 or not any(t["kind"] == "title" for t in texts) or not any(t["kind"] == "legend" for t in texts):
            faults.append(f"{when}, {key}: missing ticks, axis title or legend: {texts}")
        for t in texts:
            smallest[t["kind"]] = min(smallest[t["kind"]], t["px"])
            if t["px"] < least[t["kind"]]:
                faults.append(f"{when}, {key}: {t['kind']} {t['text']!r} is {t['px']} px, under {least[t['kind']]} px")
            cut = [c for c in t["clippers"] if not inside(t["box"], c)]
            if cut:
                faults.append(f"{when}, {key}: {t['kind']} {t['text']!r} at {t['box']} is cut off by {cut[0]}")
        svg = [t for t in texts if t["kind"] != "legend"]
        for i, a in enumerate(svg):
            for b in svg[i + 1:]:
                # An axis' title sits beside its own ticks; a tick label may not touch any other text.
                if (a["kind"] == "tick" or b["kind"] == "tick") and overlap(a["box"], b["box"]):
                    faults.append(f"{when}, {key}: {a['kind']} {a['text']!r} {a['box']} overlaps {b['kind']} {b['text']!r} {b['box']}")
    return faults, smallest


def screenshot(page, name: str) -> None:
    """The window as the class sees it, scrolled to the top, middle and bottom charts (for people, not asserted)."""
    page.mouse.move(2, 2)
    for key in ("drug", "signalling", "experiments"):
        page.locator(f"{LAB} .keta-chart-{key}").evaluate("e => e.scrollIntoView({block: 'center'})")
        file = name.replace(".png", f"_{key}.png")
        save_screenshot(page, SCREENSHOTS / file if SCREENSHOTS else file)


def test_projected_charts_read_large_and_fit(lab_server, page, console_log):
    page.set_viewport_size(PROJECTOR)
    write_notebook(lab_server, "projected_charts", ["import ketawidget as kw\nlab = kw.KetamineLab()\nlab"])
    open_notebook(page, lab_server, "projected_charts")
    collapse_left_sidebar(page)
    run_all_cells(page, timeout_s=120)
    for key in CHART_KEYS:
        page.locator(f"{LAB} .keta-chart-{key} svg.svg-figure").wait_for(state="visible", timeout=30_000)
    page.wait_for_function(
        "sel => [...document.querySelectorAll(sel)].some(p => (p.getAttribute('d') || '').length > 50)",
        arg=f"{LAB} .keta-chart-drug g.curve path.line", timeout=20_000)
    # The experiments' bars come from the kernel after the first draw: wait for their arms' names.
    page.wait_for_function("sel => [...document.querySelectorAll(sel)].some(t => t.textContent === 'nifedipine')",
                           arg=f"{LAB} .keta-chart-experiments .axis .tick text", timeout=20_000)

    faults, light = projection_faults(page, "linear time")
    screenshot(page, "projection_light.png")

    page.locator(f"{LAB} .widget-toggle-buttons button", has_text="log time").click()
    # The log time axis' ticks name times a reader knows (charts._LOG_TIME_TICKS_H): 6 min to a day here.
    page.wait_for_function("sel => [...document.querySelectorAll(sel)].some(t => t.textContent === '0.1')",
                           arg=f"{LAB} .keta-chart-spines .axis .tick text", timeout=15_000)
    assert read_python_value(page, "lab.log_time") is True
    log_faults, log = projection_faults(page, "log time")
    faults += log_faults
    page.locator(f"{LAB} .widget-toggle-buttons button", has_text="linear time").click()
    page.wait_for_function("sel => ![...document.querySelectorAll(sel)].some(t => t.textContent === '0.1' && t.getBoundingClientRect().width > 0)",
                           arg=f"{LAB} .keta-chart-spines .axis .tick text", timeout=15_000)

    set_theme(page, "JupyterLab Dark")
    try:  # the theme is a user setting: it outlives this page, so it is put back whatever happens
        dark_faults, dark = projection_faults(page, "dark theme")
        screenshot(page, "projection_dark.png")
    finally:
        set_theme(page, "JupyterLab Light")
    faults += dark_faults
    print(f"smallest text, px: light {light}, log time {log}, dark {dark}")
    assert not faults, "\n".join(faults)
    assert not console_log.problems, "browser console errors:\n" + console_log.report()
