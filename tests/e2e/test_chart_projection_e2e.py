"""The lab's charts read from the back of a classroom: a teacher projects JupyterLab at 1280x720.

A review found the charts' tick labels 12 px there, too small to read when projected. Every chart's
tick labels, axis titles and legend are measured as the browser computes them, on the linear and the
log time axis and in the dark theme; and the larger text must still fit: no tick label over another
or over an axis title, none cut off by its figure or by the box around it. The same for charts shown
on their own (without a diagram, whose stylesheet sized them at first), and for a lab's saved page,
whose SVG charts take the lab's sizes and layout, projected and on a phone.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import ketawidget as kw
from ketawidget.widget.charts import time_panel_layout

from .lab_helpers import (
    append_and_run,
    collapse_left_sidebar,
    open_notebook,
    read_python_value,
    run_all_cells,
    save_screenshot,
    scroll_into_view,
    set_theme,
    write_notebook,
)
from .test_standalone_e2e import button, open_lab_page, readout

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
  const svgText = [...figure.querySelectorAll('.axis text, text.bar_label')].filter(t => shown(t) && t.textContent.trim());
  const legend = chartBox.querySelector('.keta-chart-legend');
  const legendText = legend ? [...legend.querySelectorAll('b, .keta-legend-entry')].filter(shown) : [];
  const describe = (e, kind) => ({kind, text: e.textContent.trim(), px: parseFloat(getComputedStyle(e).fontSize),
    box: box(e), clippers: clippers(e), axis: kind === 'legend' ? null : [...figure.querySelectorAll('.axis')].indexOf(e.closest('.axis'))});
  const kind = t => t.classList.contains('axislabel') ? 'title' : t.classList.contains('bar_label') ? 'bar' : 'tick';
  return [...svgText.map(t => describe(t, kind(t))),
          ...legendText.map(e => describe(e, 'legend'))];
}"""


def chart_texts(page, key: str, within: str = LAB) -> list[dict]:
    figure = page.locator(f"{within} .keta-chart-{key}").first
    scroll_into_view(page, figure)
    return figure.evaluate(_CHART_TEXTS_JS)


def overlap(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def inside(a: list[float], b: list[float], slack: float = 0.5) -> bool:
    return a[0] >= b[0] - slack and a[1] >= b[1] - slack and a[2] <= b[2] + slack and a[3] <= b[3] + slack


LEAST_PX = {"tick": LEAST_TICK_PX, "title": LEAST_AXIS_TITLE_PX, "legend": LEAST_LEGEND_PX, "bar": LEAST_TICK_PX}


def text_faults(texts: list[dict], where: str, smallest: dict[str, float], legend: bool = True) -> list[str]:
    """What of one chart's ``texts`` (:data:`_CHART_TEXTS_JS`' or :data:`_PAGE_CHART_TEXTS_JS`' kinds,
    sizes, boxes and clipping boxes) reads too small, is missing, is cut off or overlaps; ``smallest``
    takes the smallest size of each kind."""
    faults: list[str] = []
    ticks = [t for t in texts if t["kind"] == "tick"]
    if len(ticks) < 4 or not any(t["kind"] == "title" for t in texts) or (legend and not any(t["kind"] == "legend" for t in texts)):
        faults.append(f"{where}: missing ticks, axis title or legend: {texts}")
    for t in texts:
        smallest[t["kind"]] = min(smallest.get(t["kind"], float("inf")), t["px"])
        if t["px"] < LEAST_PX[t["kind"]]:
            faults.append(f"{where}: {t['kind']} {t['text']!r} is {t['px']} px, under {LEAST_PX[t['kind']]} px")
        cut = [c for c in t["clippers"] if not inside(t["box"], c)]
        if cut:
            faults.append(f"{where}: {t['kind']} {t['text']!r} at {t['box']} is cut off by {cut[0]}")
    svg = [t for t in texts if t["kind"] != "legend"]
    for i, a in enumerate(svg):
        for b in svg[i + 1:]:
            # An axis' title sits beside its own ticks; a tick label or a bar's value may not touch any other text.
            if ({a["kind"], b["kind"]} & {"tick", "bar"}) and overlap(a["box"], b["box"]):
                faults.append(f"{where}: {a['kind']} {a['text']!r} {a['box']} overlaps {b['kind']} {b['text']!r} {b['box']}")
    return faults


def projection_faults(page, when: str) -> tuple[list[str], dict[str, float]]:
    """What reads too small, overlaps or is cut off on every chart; and the smallest size of each kind."""
    faults: list[str] = []
    smallest = {"tick": float("inf"), "title": float("inf"), "legend": float("inf")}
    for key in CHART_KEYS:
        faults += text_faults(chart_texts(page, key), f"{when}, {key}", smallest)
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
    # Each experiment bar wears its value, the model's (as the tooltips format it), over the bar.
    gains = read_python_value(page, "dict(lab.experiment_chart.gains)")
    bars = page.locator(f"{LAB} .keta-chart-experiments").evaluate(
        "f => [...f.querySelectorAll('rect.bar')].map(r => r.getBoundingClientRect()).map(r => [r.left, r.right, r.top])")
    values = [t for t in chart_texts(page, "experiments") if t["kind"] == "bar"]
    assert [t["text"] for t in values] == [f"{gains[arm]:.1f}" for arm in gains], values
    for (left, right, top), value in zip(bars, values):
        middle = (value["box"][0] + value["box"][2]) / 2
        assert left - 1 <= middle <= right + 1 and value["box"][3] <= top + 2, f"{value['text']!r} is not over its bar"

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


# --------------------------------------------------------------------------- charts shown on their own


def test_charts_shown_without_a_diagram_read_as_large(lab_server, page, console_log):
    """Review: the charts' text sizes came with the diagram's stylesheet, on the page only where a
    diagram's widget is; a chart shown on its own, in a kernel with no diagram, kept 12-px ticks."""
    page.set_viewport_size(PROJECTOR)
    cell = ("import ketawidget as kw\nfrom ketawidget.widget.charts import TimeSeriesCharts\n"
            "charts = TimeSeriesCharts(kw.simulate(kw.Infusion(0.5, 40), hours=12))\ncharts.figures[0]")
    write_notebook(lab_server, "charts_alone", [cell])
    open_notebook(page, lab_server, "charts_alone")
    collapse_left_sidebar(page)
    run_all_cells(page, timeout_s=120)
    alone = ".jp-OutputArea-output"
    page.locator(f"{alone} .keta-chart-drug svg.svg-figure").wait_for(state="visible", timeout=30_000)
    page.wait_for_function("sel => [...document.querySelectorAll(sel)].some(t => t.textContent === '12')",
                           arg=f"{alone} .keta-chart-drug .axis .tick text", timeout=20_000)
    smallest = {"tick": float("inf"), "title": float("inf"), "legend": float("inf")}
    faults = text_faults(chart_texts(page, "drug", alone), "a time-series panel alone", smallest, legend=False)
    # A lab's chart shown alone (its diagram made, not shown): the dose-response chart.
    append_and_run(page, "lab = kw.KetamineLab()\nlab.charts[6]", timeout_s=120)
    page.locator(f"{alone} .keta-chart-dose-response svg.svg-figure").wait_for(state="visible", timeout=30_000)
    faults += text_faults(chart_texts(page, "dose-response", alone), "lab.charts[6] alone", smallest, legend=False)
    print(f"smallest text of charts alone, px: {smallest}")
    assert not faults, "\n".join(faults)
    assert not console_log.problems, "browser console errors:\n" + console_log.report()


# --------------------------------------------------------------------------- a lab's saved page

# Every shown text of each of a saved page's charts: tick labels and axis titles (svg text) and the
# legend line above the plot, each with its computed font size, its box and the boxes it must stay
# inside (its panel, and the window's width).
_PAGE_CHART_TEXTS_JS = """() => [...document.querySelectorAll('.ketawidget-chart')].map(panel => {
  const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const shown = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 && e.textContent.trim(); };
  const within = [box(panel), [0, -1e9, window.innerWidth, 1e9]];
  const describe = (e, kind) => ({kind, text: e.textContent.trim(), px: parseFloat(getComputedStyle(e).fontSize), box: box(e), clippers: within});
  return {key: panel.dataset.panel, texts: [
    ...[...panel.querySelectorAll('svg text')].filter(shown)
      .map(t => describe(t, t.classList.contains('ketawidget-chart-axis-title') ? 'title' : 'tick')),
    ...[...panel.querySelectorAll('.ketawidget-chart-legend b, .ketawidget-chart-entry')].filter(shown).map(e => describe(e, 'legend'))]};
})"""


def page_chart_faults(page, when: str, smallest: dict[str, float]) -> list[str]:
    """What reads smaller than the lab's charts, overlaps or is cut off on a saved page's charts."""
    layout = time_panel_layout()
    same = {"tick": layout["tick_px"], "title": layout["axis_title_px"], "legend": layout["legend_px"]}
    faults = []
    for chart in page.evaluate(_PAGE_CHART_TEXTS_JS):
        where = f"{when}, {chart['key']}"
        faults += text_faults(chart["texts"], where, smallest)
        faults += [f"{where}: {t['kind']} {t['text']!r} is {t['px']} px, not the lab's {same[t['kind']]}"
                   for t in chart["texts"] if t["px"] != same[t["kind"]]]
    return faults


def readout_faults(page, when: str) -> list[str]:
    """Whether the spine panel's readout, pointed at near the plot's left end, middle and right end,
    stays inside its panel with nothing cut off."""
    faults = []
    chart = page.locator(".ketawidget-chart[data-panel='spines']")
    plot = chart.locator("svg.ketawidget-chart-plot")
    plot.scroll_into_view_if_needed()
    catcher = plot.locator(".ketawidget-chart-catcher")
    left, width = float(catcher.get_attribute("x")), float(catcher.get_attribute("width"))
    for share in (0.01, 0.5, 0.99):
        plot.hover(position={"x": left + share * width, "y": 40})
        box = readout(page, "spines")
        box.wait_for(state="visible", timeout=2_000)
        shown, panel = box.bounding_box(), chart.bounding_box()
        if not (panel["x"] - 0.5 <= shown["x"] and shown["x"] + shown["width"] <= panel["x"] + panel["width"] + 0.5):
            faults.append(f"{when}: the readout {share:.0%} along the plot, {shown}, is not inside its panel {panel}")
        if not box.evaluate("el => el.scrollWidth <= el.clientWidth"):
            faults.append(f"{when}: the readout {share:.0%} along the plot cuts a value off")
    page.mouse.move(2, 2)
    return faults


@pytest.fixture(scope="module")
def week_page(tmp_path_factory) -> Path:
    """A lab's page of a week-long run: its log time axis reaches "168" at the plot's right end."""
    return kw.KetamineLab(hours=168).save_html(tmp_path_factory.mktemp("week-page") / "week.html")


def page_screenshot(page, name: str) -> None:
    """The charts as a reader sees them, from the first one (for people, not asserted)."""
    page.locator(".ketawidget-chart").first.evaluate("e => e.scrollIntoView({block: 'start'})")
    save_screenshot(page, SCREENSHOTS / name if SCREENSHOTS else name)


def test_a_saved_pages_charts_read_as_large_as_the_labs_and_fit(page, browser, console_log, week_page):
    smallest = {"tick": float("inf"), "title": float("inf"), "legend": float("inf")}
    page.set_viewport_size(PROJECTOR)
    open_lab_page(page, week_page)
    faults = page_chart_faults(page, "projected, linear time", smallest)
    faults += readout_faults(page, "projected")
    page_screenshot(page, "saved_page_projected_light.png")
    button(page, "Log time").click()
    page.wait_for_function("() => [...document.querySelectorAll('.ketawidget-chart-axis-x text')].some(t => t.textContent === '168')")
    faults += page_chart_faults(page, "projected, log time", smallest)
    page.emulate_media(color_scheme="dark")
    faults += page_chart_faults(page, "projected, dark", smallest)
    page_screenshot(page, "saved_page_projected_dark.png")
    assert not console_log.problems, "browser console errors:\n" + console_log.report()

    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    try:
        phone = open_lab_page(context.new_page(), week_page)
        faults += page_chart_faults(phone, "phone, linear time", smallest)
        page_screenshot(phone, "saved_page_phone.png")
        button(phone, "Log time").click()
        phone.wait_for_function("() => [...document.querySelectorAll('.ketawidget-chart-axis-x text')].some(t => t.textContent === '168')")
        faults += page_chart_faults(phone, "phone, log time", smallest)
    finally:
        context.close()
    print(f"smallest text of the saved page's charts, px: {smallest}")
    assert not faults, "\n".join(faults)
