"""The lab's charts and controls in a real JupyterLab and headless Chromium (fixtures: conftest.py).

One notebook, one page, several checks in order, as a student would go: hover a line (its value in a tooltip), click a
chart, on a line too (the diagram and Python follow), drag the dose slider (charts and diagram redraw), move a slider
jslinked to the diagram (no kernel round trip needed), switch to a log time axis, load a preset, overlay a comparison,
shrink the window to phone width; the console stays clean throughout.
"""

from __future__ import annotations

import html
import math
import re

import pytest

from .lab_helpers import (
    KETA,
    REPO_ROOT,
    append_and_run,
    attr_float,
    collapse_left_sidebar,
    open_notebook,
    read_python_value,
    run_all_cells,
    save_screenshot,
    scroll_into_view,
    set_theme,
    wait_attr,
    write_notebook,
)

pytestmark = pytest.mark.e2e

LAB = ".keta-lab"
BUNDLE = REPO_ROOT / "ketawidget" / "static" / "widget.js"


def chart(key: str) -> str:
    """The marks SVG of one lab chart (CSS class ``keta-chart-<key>`` on the bqplot figure)."""
    return f"{LAB} .keta-chart-{key} svg.svg-figure"


#: Each chart's summary in words as the kernel wrote it, by chart key (the dose-response chart's two:
#: its curves, then its marker), HTML-escaped.
SUMMARIES_PY = ("{**{k: p.summary.value for k, p in lab.timeseries.panels.items()}, 'dose-response': ' '.join(filter(None,"
                " [lab.dose_response.summary.value, lab.dose_response.marker_summary.value])), 'experiments': lab.experiment_chart.summary.value}")
#: Each chart's accessible name in the page, by chart key: its aria-label where it is an image (js/lab.ts).
_CHART_NAMES = ("sel => Object.fromEntries([...document.querySelectorAll(sel)].map(f => [[...f.classList].find(c => c.startsWith('keta-chart-'))"
                ".slice('keta-chart-'.length), f.getAttribute('role') === 'img' ? f.getAttribute('aria-label') : null]))")


def wait_chart_names(page, expected: dict[str, str], what: str, timeout_ms: float = 15_000) -> None:
    """Wait until every chart of the lab is an image named by its summary (``expected``, unescaped)."""
    try:
        page.wait_for_function(f"([sel, want]) => JSON.stringify(({_CHART_NAMES})(sel)) === JSON.stringify(want)",
                               arg=[f"{LAB} .keta-chart", expected], timeout=timeout_ms)
    except Exception as exc:
        raise AssertionError(f"{what}: the charts' names are {page.evaluate(_CHART_NAMES, f'{LAB} .keta-chart')}, not {expected}") from exc


def summaries(page) -> dict[str, str]:
    """Each chart's summary as the kernel wrote it, as a screen reader should hear it (unescaped)."""
    return {key: html.unescape(text) for key, text in read_python_value(page, SUMMARIES_PY).items()}


def slider(description: str, inside: str = LAB) -> str:
    """An ipywidgets slider by its description text (in the lab, or wherever ``inside`` says)."""
    return f"{inside} .widget-slider:has(.widget-label:text-is('{description}'))"


def line_paths(page, key: str) -> list[str]:
    return page.locator(f"{chart(key)} g.curve path.line").evaluate_all("els => els.map(e => e.getAttribute('d') || '')")


def visible_dashed_lines(page, key: str) -> int:
    """How many dashed data lines a chart shows (a hidden mark's paths have an empty box)."""
    return page.locator(f"{chart(key)} g.curve path.line").evaluate_all(
        "els => els.filter(e => { const r = e.getBoundingClientRect(); return r.width + r.height > 0"
        " && (getComputedStyle(e).strokeDasharray || 'none') !== 'none'; }).length"
    )


def wait_paths_change(page, key: str, before: list[str], what: str, timeout_ms: float = 10_000) -> None:
    try:
        page.wait_for_function(
            "([sel, before]) => { const now = [...document.querySelectorAll(sel)].map(e => e.getAttribute('d') || '');"
            " return JSON.stringify(now) !== JSON.stringify(before); }",
            arg=[f"{chart(key)} g.curve path.line", before],
            timeout=timeout_ms,
        )
    except Exception as exc:
        raise AssertionError(f"{what}: the lines of chart {key!r} did not change") from exc


def plot_point(page, key: str, fx: float, fy: float) -> tuple[float, float]:
    """Page coordinates of the point at fractions (fx, fy) of a panel's plot area (margins from charts.py)."""
    box = page.locator(chart(key)).bounding_box()
    assert box and box["width"] > 100, f"chart {key} not laid out: {box}"
    left, right, top, bottom = 72, 12, 28, 44
    return (box["x"] + left + fx * (box["width"] - left - right), box["y"] + top + fy * (box["height"] - top - bottom))


#: The run's (solid) lines of a chart that are drawn (a hidden mark's paths have an empty box).
_SOLID_LINES = ("els => els.filter(e => e.getBoundingClientRect().width > 50"
                " && (getComputedStyle(e).strokeDasharray || 'none') === 'none')")


def line_peak(page, key: str, index: int = 0) -> tuple[float, float]:
    """Page coordinates of the highest point of a chart's ``index``-th solid line (a sample: the
    line runs straight between samples), found on the drawn path itself."""
    return tuple(page.locator(f"{chart(key)} g.curve path.line").evaluate_all(
        f"(els, i) => {{ const line = ({_SOLID_LINES})(els)[i], n = line.getTotalLength(); let top = null;"
        " for (let s = 0; s <= n; s += 0.25) { const p = line.getPointAtLength(s); if (!top || p.y < top.y) top = p; }"
        " const m = line.getScreenCTM(); return [top.x * m.a + top.y * m.c + m.e, top.x * m.b + top.y * m.d + m.f]; }",
        index,
    ))


def time_axis_pixels(page, key: str) -> tuple[float, float]:
    """Page x of a chart's first and last sample (0 h and the run's end): the ends of its solid lines."""
    return tuple(page.locator(f"{chart(key)} g.curve path.line").evaluate_all(
        f"els => {{ const line = ({_SOLID_LINES})(els)[0], m = line.getScreenCTM();"
        " return [0, line.getTotalLength()].map(s => line.getPointAtLength(s)).map(p => p.x * m.a + p.y * m.c + m.e); }"
    ))


def shown_tooltip(page, text: str, timeout_ms: float = 10_000) -> dict:
    """The chart tooltip on screen that contains ``text``: its table's cells and its box."""
    script = ("text => { const t = [...document.querySelectorAll('.bqplot_mark_tooltip')].find(t => t.textContent.includes(text)"
              " && getComputedStyle(t).display !== 'none' && getComputedStyle(t).opacity !== '0');"
              " if (!t) return null; const r = t.getBoundingClientRect();"
              " return {cells: [...t.querySelectorAll('td')].map(c => c.textContent), box: [r.left, r.top, r.right, r.bottom]}; }")
    try:
        page.wait_for_function(script, arg=text, timeout=timeout_ms)
    except Exception as exc:
        shown = page.evaluate("() => [...document.querySelectorAll('.bqplot_mark_tooltip')].filter(t => getComputedStyle(t).display !== 'none').map(t => t.textContent)")
        raise AssertionError(f"no tooltip with {text!r} on screen; shown: {shown}") from exc
    return page.evaluate(script, text)


def wait_hover_points(page, key: str, name: str, timeout_ms: float = 15_000) -> None:
    """Wait until a chart has hover points whose names start with ``name`` (they follow a new run a
    second after the charts have rested: charts.HOVER_CATCH_UP_S)."""
    page.wait_for_function(
        "([sel, name]) => [...document.querySelectorAll(sel)].some(t => t.textContent.startsWith(name))",
        arg=[f"{chart(key)} g.object_grp text", name],
        timeout=timeout_ms,
    )


def hover_point_near(page, key: str, fraction: float) -> list:
    """The page coordinates and name of the hover point (one the pointer can reach) nearest to
    ``fraction`` of the way along a chart's time axis, on its right if it can."""
    start, end = time_axis_pixels(page, key)
    return page.locator(f"{chart(key)} g.object_grp").evaluate_all(
        "(els, x0) => { let best = null; for (const g of els) { const dot = g.querySelector('path'), r = dot.getBoundingClientRect(),"
        " x = r.left + r.width / 2, y = r.top + r.height / 2; if (x < x0 || y < 0 || y > innerHeight || document.elementFromPoint(x, y) !== dot) continue;"
        " if (!best || x < best[0]) best = [x, y, g.querySelector('text').textContent]; } return best; }",
        start + fraction * (end - start),
    )


def parse_clock(text: str) -> float:
    """Hours from a time as the diagram's clock writes it: "30 s", "40 min", "3.5 h", "2 d 4 h"."""
    units = {"s": 1 / 3600, "min": 1 / 60, "h": 1.0, "d": 24.0}
    words = text.split()
    return sum(float(number) * units[unit] for number, unit in zip(words[::2], words[1::2], strict=True))


def sig3(value: float) -> str:
    """``value`` to three significant digits, trailing zeros kept, as d3's ",.3r" and the diagram write it."""
    rounded = float(f"{value:.3g}")
    return f"{rounded:,.{max(0, 2 - math.floor(math.log10(abs(rounded))))}f}" if rounded else "0.00"


def y_axis_text_boxes(page, key: str) -> list[list[float]]:
    """The boxes of a chart's y-axis texts, its ticks' and its title (the axis not titled "time (h)")."""
    return page.evaluate(
        "sel => [...document.querySelectorAll(sel)].filter(a => ![...a.querySelectorAll('text')].some(t => t.textContent === 'time (h)'))"
        ".flatMap(a => [...a.querySelectorAll('text')]).map(t => t.getBoundingClientRect()).filter(r => r.width > 0)"
        ".map(r => [r.left, r.top, r.right, r.bottom])",
        f"{LAB} .keta-chart-{key} .axis",  # bqplot draws the axes in an svg of their own, under the marks'
    )


def overlaps(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def active_cell(page) -> int:
    """The index of the notebook's active cell."""
    return page.eval_on_selector_all(".jp-Notebook .jp-Cell", "els => els.findIndex(e => e.classList.contains('jp-mod-active'))")


def focused_is(page, selector: str) -> bool:
    return page.evaluate("sel => document.activeElement === document.querySelector(sel)", selector)


def slider_handles(page) -> dict[str, list[str]]:
    """The lab's slider handles by their visible label: [aria-label, aria-valuetext, the readout's text]."""
    rows = page.locator(f"{LAB} .widget-slider").evaluate_all(
        "els => els.map(s => [s.querySelector('.widget-label').textContent, ...['aria-label', 'aria-valuetext']"
        ".map(a => s.querySelector('.noUi-handle').getAttribute(a)), s.querySelector('.widget-readout').textContent.trim()])"
    )
    return {label: rest for label, *rest in rows}


def scroll_diagram_away(page) -> None:
    """Scroll the notebook until the diagram is out of view (below it: the lab's charts, later cells)."""
    page.evaluate(
        "sel => { let s = document.querySelector(sel).parentElement;"
        " while (s && !(s.scrollHeight > s.clientHeight && ['auto', 'scroll'].includes(getComputedStyle(s).overflowY))) s = s.parentElement;"
        " s.scrollTop = s.scrollHeight; }",
        KETA,
    )
    page.wait_for_function(
        "sel => { const r = document.querySelector(sel).getBoundingClientRect(); return r.bottom < 0 || r.top > innerHeight; }",
        arg=KETA,
        timeout=5_000,
    )


def drag_slider(page, description: str, dx: float) -> None:
    handle = page.locator(f"{slider(description)} .noUi-handle")
    scroll_into_view(page, handle)  # the mouse drags what is on screen, as a student would
    box = handle.bounding_box()
    assert box, f"slider {description!r} has no handle on screen"
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + dx, y, steps=8)
    page.mouse.up()


def test_lab_charts_controls_presets_comparison(lab_server, page, console_log):
    assert BUNDLE.is_file() and BUNDLE.stat().st_size > 1000, f"front-end bundle {BUNDLE} missing; run `npm run build`"
    write_notebook(
        lab_server,
        "lab_charts",
        [
            "import ipywidgets as widgets\nimport ketawidget as kw\nlab = kw.KetamineLab()\n"
            "scrub = widgets.FloatSlider(min=0, max=12, step=0.01, description='jslinked time')\n"
            "widgets.jslink((lab.diagram, 'time_h'), (scrub, 'value'))\n"
            "display(lab, scrub)",
        ],
    )
    open_notebook(page, lab_server, "lab_charts")
    collapse_left_sidebar(page)
    run_all_cells(page, timeout_s=120)
    page.locator(KETA).wait_for(timeout=30_000)
    for key in ("drug", "block", "rates", "glutamate", "signalling", "spines", "dose-response", "experiments"):
        page.locator(chart(key)).wait_for(state="visible", timeout=30_000)
    page.wait_for_function(
        "sel => [...document.querySelectorAll(sel)].some(p => (p.getAttribute('d') || '').length > 50)",
        arg=f"{chart('drug')} g.curve path.line",
        timeout=20_000,
    )
    wait_attr(page, "data-time-h", "v !== null && isFinite(parseFloat(v))")
    assert page.locator(f"{chart('experiments')} .bargroup rect, {chart('experiments')} rect.bar").count() >= 6

    # (0) Hovering a line tells its name, the time and its value with the unit, as the run has them
    # (review: bqplot's tooltip on a line said only "Ketamine | plasma (total)"), and covers no
    # axis' labels (review: bqplot put it left of the pointer, over them). Here: the plasma's peak.
    peak_h, peak_uM = read_python_value(page, "[float(lab.trajectory.time_h[lab.trajectory['ketamine_plasma_uM'].argmax()]),"
                                              " float(lab.trajectory['ketamine_plasma_uM'].max())]")
    wait_hover_points(page, "drug", "plasma (total) at ")
    scroll_into_view(page, page.locator(chart("drug")))
    x, y = line_peak(page, "drug")
    page.mouse.move(x + 3, y + 3)
    page.mouse.move(x, y)
    tip = shown_tooltip(page, "plasma (total) at ")
    name, label, value = tip["cells"][1], tip["cells"][2], tip["cells"][3]
    assert name.startswith("plasma (total) at ") and abs(parse_clock(name.split(" at ")[1]) - peak_h) < 1 / 60, tip
    assert label == "ketamine (µM)" and value == sig3(peak_uM), tip
    texts = y_axis_text_boxes(page, "drug")
    assert len(texts) >= 4 and not any(overlaps(tip["box"], t) for t in texts), (tip, texts)
    assert tip["box"][0] > x and tip["box"][3] < y, "beside the pointer, toward the plot's middle, above it"
    page.mouse.move(2, 2)
    # No chart is a scroll area: bqplot's figure is a few pixels wider than its box, which made each
    # chart a keyboard Tab stop with nothing to operate (review: 8 of them).
    scroll_areas = page.evaluate(
        "() => [...document.querySelectorAll('.keta-lab *')].filter(e => { const s = getComputedStyle(e);"
        " return ['auto', 'scroll'].includes(s.overflowX) && e.scrollWidth > e.clientWidth; }).length"
    )
    assert scroll_areas == 0, f"{scroll_areas} chart boxes scroll sideways (and take keyboard focus)"
    # (0a) A chart out of view is not rendered (content-visibility, charts.CHART_TEXT_CSS): the lab is
    # taller than a screen, and painting the charts no one saw cost every frame of a slider drag
    # (benchmarks/lab_latency.py). Scrolled into view, it is drawn again.
    rendered = "(sel) => { const f = document.querySelector(sel); const r = f.getBoundingClientRect();" \
               " return [r.top < innerHeight && r.bottom > 0, f.checkVisibility({contentVisibilityAuto: true})]; }"
    assert page.evaluate(rendered, chart("drug")) == [True, True]
    assert page.evaluate(rendered, chart("experiments")) == [False, False], "the experiment chart, far below, is still rendered"
    scroll_into_view(page, page.locator(chart("experiments")))
    assert page.evaluate(rendered, chart("experiments")) == [True, True], "scrolled into view, the experiment chart is not drawn"
    scroll_into_view(page, page.locator(chart("drug")))
    # (0b) A screen reader meets each chart as one image named by what it shows, in words, computed in
    # the kernel from the run (review: an image whose content was the ticks run together, "0 time (h)
    # 1 2 3 ...", then an empty, unnamed image, bqplot's background svg). The tick labels and axis
    # titles are out of the accessibility tree; the summary is on no one's screen, nor read twice.
    first_names = summaries(page)
    assert first_names["drug"].startswith("Ketamine over 12 h. plasma (total): peak 0.747 µM at 40 min"), first_names["drug"]
    wait_chart_names(page, first_names, "the lab's first run")
    drug_box = page.locator(chart("drug")).locator("xpath=../..")  # the chart's box: legend, figure, summary
    snapshot = drug_box.aria_snapshot()
    assert re.findall(r'img "([^"]*)"', snapshot) == [first_names["drug"]], snapshot  # one image, named by the summary
    assert "time (h)" not in snapshot and "ketamine (µM)" not in snapshot and snapshot.count("peak 0.747") == 1, snapshot
    hidden = page.locator(f"{LAB} .keta-chart").evaluate_all(
        "figs => figs.map(f => [...f.querySelectorAll(':scope > svg')].every(s => s.getAttribute('aria-hidden') === 'true'))")
    assert hidden == [True] * 8, hidden
    boxes = page.locator(f"{LAB} .keta-chart-summary").evaluate_all("els => els.map(e => { const r = e.getBoundingClientRect(); return [r.width, r.height]; })")
    assert len(boxes) == 9 and all(w <= 1 and h <= 1 for w, h in boxes), f"a summary shows on screen: {boxes}"
    # Nothing inside an image takes focus (its content is not read: a Tab stop there would be nameless).
    # (bqplot's toolbar, PanZoom / Reset / Save, is visibility: hidden until the pointer is on the figure.)
    tabbable = page.locator(f"{LAB} .keta-chart").evaluate_all(
        "figs => figs.flatMap(f => [...f.querySelectorAll('button, a[href], input, select, textarea, [tabindex]')])"
        ".filter(e => e.tabIndex >= 0 && !e.disabled && e.checkVisibility({visibilityProperty: true})).map(e => e.outerHTML.slice(0, 80))")
    assert tabbable == [], tabbable
    scroll_into_view(page, page.locator(chart("drug")))  # back where (0) left the page (reading Python ran a cell below)
    # A keyboard user sees where focus is on the lab's own controls: a 2-px ring, as on the diagram's.
    # Reached by Shift+Tab from the Reset button beside it: a route that stays inside the lab (from the
    # notebook's cell, where Tab goes depends on JupyterLab's command/edit mode, and CI once lost focus).
    lesson = page.locator(f"{LAB} select").first
    page.locator(f"{LAB} button", has_text="Reset").first.focus()
    page.keyboard.press("Shift+Tab")
    ring = lesson.evaluate("e => [e === document.activeElement, e.matches(':focus-visible'), getComputedStyle(e).outline]")
    assert ring[:2] == [True, True] and ring[2].endswith("solid 2px"), ring

    # (1) Clicking exactly on a line, at its peak, moves the playhead to the peak's time (review: a
    # click on the plasma line did nothing; 8 px off it worked), to within a pixel's time.
    x, y = line_peak(page, "drug")
    start, end = time_axis_pixels(page, "drug")
    pixel_h = 12.0 / (end - start)
    assert page.evaluate("([x, y]) => !document.elementFromPoint(x, y).closest('g.curve')", [x, y]), "a line takes the click"
    page.mouse.click(x, y)
    wait_attr(page, "data-time-h", "Math.abs(parseFloat(v) - arg[0]) <= arg[1]", arg=[peak_h, pixel_h])
    assert abs(read_python_value(page, "lab.time_h") - peak_h) <= pixel_h
    # The brain's line at 60 % of its length (off its hover points or on one): within a hover point's radius.
    scroll_into_view(page, page.locator(chart("drug")))
    start, end = time_axis_pixels(page, "drug")
    x, y = page.locator(f"{chart('drug')} g.curve path.line").evaluate_all(
        f"els => {{ const line = ({_SOLID_LINES})(els)[1], p = line.getPointAtLength(line.getTotalLength() * 0.6),"
        " m = line.getScreenCTM(); return [p.x * m.a + p.y * m.c + m.e, p.x * m.b + p.y * m.d + m.f]; }"
    )
    page.mouse.click(x, y)
    expected = (x - start) * pixel_h
    wait_attr(page, "data-time-h", "Math.abs(parseFloat(v) - arg[0]) <= arg[1]", arg=[expected, 6 * pixel_h])
    # Off the lines, a click and a drag (its end) move the playhead there too (60 %, then 10 %, along a 12-h axis).
    scroll_into_view(page, page.locator(chart("block")))
    x, y = plot_point(page, "block", 0.6, 0.5)
    page.mouse.click(x, y)
    wait_attr(page, "data-time-h", "Math.abs(parseFloat(v) - 7.2) < 0.3")
    page.mouse.move(x, y)
    page.mouse.down()
    x, y = plot_point(page, "block", 0.1, 0.5)
    page.mouse.move(x, y, steps=8)
    page.mouse.up()
    wait_attr(page, "data-time-h", "Math.abs(parseFloat(v) - 1.2) < 0.3")
    shown = attr_float(page.locator(KETA), "data-time-h")
    py_time = read_python_value(page, "[lab.time_h, lab.diagram.time_h]")
    assert abs(py_time[0] - shown) < 1e-6 and abs(py_time[1] - shown) < 1e-6, (py_time, shown)
    # The kernel runs this working tree's ketawidget, and so serves its bundle (ketawidget/static).
    assert read_python_value(page, "kw.__file__").startswith(str(REPO_ROOT) + "/"), "the kernel imports another ketawidget"

    # (1b) The lab's own controls keep their keys in the notebook's command mode: an arrow key moves the
    # menu or the slider, not the notebook's active cell, and focus stays (review). The sliders are
    # named by their labels and say their values as their readouts show them, with the unit (not a log
    # slider's exponent); the compare-with menu is named; the time-axis buttons say which is pressed;
    # a new run's caption will be read out (a hidden polite live region, once the caption stands still).
    compare = f"{LAB} .keta-lab-compare-choice select"
    page.wait_for_function("sel => document.querySelector(sel)?.getAttribute('data-lm-suppress-shortcuts') === 'true'", arg=compare)
    handles = slider_handles(page)
    assert handles["amount (mg/kg)"] == ["amount (mg/kg)", "0.50 mg/kg", "0.50"], handles
    assert handles["infusion time (min)"] == ["infusion time (min)", "40 min", "40"], handles
    mg = handles["Mg²⁺ (mM)"]
    assert mg[0] == "Mg²⁺ (mM)" and mg[1] == f"{mg[2]} mM", handles
    assert page.locator(compare).get_attribute("aria-label") == "run to compare with"
    pressed = page.locator(f"{LAB} .widget-toggle-buttons button").evaluate_all("els => els.map(b => [b.textContent, b.getAttribute('aria-pressed')])")
    assert pressed == [["linear time", "true"], ["log time", "false"]], pressed
    assert page.locator(f"{LAB} .keta-lab-announcer").get_attribute("aria-live") == "polite"
    page.locator(compare).focus()
    cell = active_cell(page)  # focus in an output makes its cell the active one
    page.keyboard.press("ArrowDown")
    page.wait_for_function("sel => document.querySelector(sel).selectedIndex === 1", arg=compare, timeout=5_000)
    assert focused_is(page, compare) and active_cell(page) == cell, "ArrowDown on the compare-with menu left the lab"
    page.keyboard.press("ArrowUp")
    page.wait_for_function("sel => document.querySelector(sel).selectedIndex === 0", arg=compare, timeout=5_000)
    amount_handle = page.locator(f"{slider('amount (mg/kg)')} .noUi-handle").element_handle()
    said = "([handle, text]) => handle.getAttribute('aria-valuetext') === text"
    amount_handle.focus()
    assert active_cell(page) == cell
    page.keyboard.press("ArrowRight")
    page.wait_for_function(said, arg=[amount_handle, "0.51 mg/kg"], timeout=5_000)
    assert amount_handle.evaluate("h => h === document.activeElement") and active_cell(page) == cell, "ArrowRight on the dose slider left the lab"
    page.keyboard.press("ArrowLeft")
    page.wait_for_function(said, arg=[amount_handle, "0.50 mg/kg"], timeout=5_000)
    # An error beside the controls is an alert (the path a control's change takes; no control offers a bad value).
    read_python_value(page, "lab._apply_control_changes({'hours': 1e9}) or lab.message.value")
    page.locator(f"{LAB} .keta-lab-error[role='alert']").wait_for(timeout=5_000)
    read_python_value(page, "lab._apply_control_changes({}) or lab.message.value")
    page.locator(f"{LAB} .keta-lab-error").wait_for(state="detached", timeout=5_000)

    # (2) Dragging the dose slider in the page redraws the charts and the diagram.
    # (The block panel's axis is fixed; the drug panel rescales with the peak and can look alike.)
    block_before = line_paths(page, "block")
    spines_before = line_paths(page, "spines")
    brain_before = attr_float(page.locator(KETA), "data-brain-uM")
    assert brain_before > 0, "1.2 h after a 0.5 mg/kg infusion there is ketamine in the brain"
    drag_slider(page, "amount (mg/kg)", 40)
    wait_paths_change(page, "block", block_before, "dragging the dose slider")
    # The panels away from the controls follow on the kernel's next turn (the lab draws the two
    # nearest the controls first): the bottom one too, and none is left behind.
    wait_paths_change(page, "spines", spines_before, "dragging the dose slider (the bottom panel)")
    wait_attr(page, "data-brain-uM", "parseFloat(v) > arg * 1.5", arg=brain_before)
    assert read_python_value(page, "lab.timeseries.pending") == [], "a panel still shows an earlier run"
    dose, slider_value, coalesced = read_python_value(
        page, "[lab.dose.dose_mg_per_kg, lab.dose_slider.value, lab._browser_changes.applied]"
    )
    assert dose > 1.0 and abs(dose - slider_value) / slider_value < 0.01, "the last slider value wins"
    assert coalesced >= 1, "the browser's slider values go through the coalescing path"
    peak = read_python_value(page, "float(lab.timeseries.series('ketamine_brain_uM').max())")
    assert abs(peak - 0.786 * dose) / (0.786 * dose) < 0.05, "the chart shows the new run (brain peak ~ dose)"
    # The charts' names follow the new run (and the dose-response chart's, its marker's dose).
    after_drag = summaries(page)
    assert after_drag["drug"] != first_names["drug"] and f"this run's dose, {dose:g} mg/kg" in after_drag["dose-response"], after_drag
    wait_chart_names(page, after_drag, "after the dose slider's drag")

    # (3) A slider jslinked to the diagram moves the playhead in the browser; Python hears of it.
    scrub_readout = page.locator(f"{slider('jslinked time', inside='.jp-OutputArea-output')} .widget-readout")
    scrub_readout.click()
    page.keyboard.press("Control+A")
    page.keyboard.type("3.5")
    page.keyboard.press("Enter")
    wait_attr(page, "data-time-h", "Math.abs(parseFloat(v) - 3.5) < 1e-6")
    assert read_python_value(page, "lab.time_h") == pytest.approx(3.5)

    # (3b) Played out of view, the diagram's clock runs on (the time reaches the page and the kernel),
    # but its scene is redrawn only once it is back in view (review: the hidden scene was redrawn
    # every frame).
    scene = page.locator(f"{KETA} svg.keta-view-circuit")
    page.locator(f"{KETA} button[aria-label='Play']").click()
    wait_attr(page, "data-playing", "v === 'true'")
    scroll_diagram_away(page)
    page.wait_for_timeout(200)  # the IntersectionObserver reports on the next frame
    hidden_time, hidden_scene = attr_float(page.locator(KETA), "data-time-h"), scene.inner_html()
    page.wait_for_timeout(1000)
    assert attr_float(page.locator(KETA), "data-time-h") > hidden_time + 0.05, "the clock runs out of view"
    assert scene.inner_html() == hidden_scene, "the scene was redrawn out of view"
    assert read_python_value(page, "lab.time_h") > hidden_time, "the kernel hears the playhead out of view"
    scroll_into_view(page, page.locator(KETA))
    page.wait_for_function("([sel, before]) => document.querySelector(sel).innerHTML !== before",
                           arg=[f"{KETA} svg.keta-view-circuit", hidden_scene], timeout=5_000)
    page.locator(f"{KETA} button[aria-label='Pause']").click()
    wait_attr(page, "data-playing", "v === 'false'")

    # (4) Log time axis from the toolbar: the lines are redrawn on the new scale.
    drug_before = line_paths(page, "drug")
    page.locator(f"{LAB} .widget-toggle-buttons button", has_text="log time").click()
    wait_paths_change(page, "drug", drug_before, "switching to log time")
    assert read_python_value(page, "lab.log_time") is True
    pressed = page.locator(f"{LAB} .widget-toggle-buttons button").evaluate_all("els => els.map(b => b.getAttribute('aria-pressed'))")
    assert pressed == ["false", "true"], pressed
    # The axis is logarithmic too: 6 min, 1 h and 6 h at log distances (a decade, then log10(6) of one).
    page.wait_for_function(
        "sel => ['0.1', '1', '6'].every(t => [...document.querySelectorAll(sel)].some(e => e.textContent === t))",
        arg=f"{LAB} .keta-chart-spines .axis .tick",
        timeout=10_000,
    )
    # Only the time axis's ticks: the y axis has a "1" of its own.
    ticks = page.locator(f"{LAB} .keta-chart-spines .axis .tick").evaluate_all(
        "els => Object.fromEntries(els"
        ".filter(e => [...e.closest('.axis').querySelectorAll('text')].some(t => t.textContent === 'time (h)'))"
        ".map(e => [e.textContent, parseFloat((e.getAttribute('transform') || '').replace(/^translate\\(/, ''))]))"
    )
    decade, onward = ticks["1"] - ticks["0.1"], ticks["6"] - ticks["1"]
    assert decade > 20 and abs(onward - decade * math.log10(6.0)) < 2, f"log time ticks not at log distances: {ticks}"
    # A click exactly on a line in log time, at the brain's peak: to within a pixel's time (on a log
    # axis, a pixel's ratio of times).
    brain_peak_h = read_python_value(page, "float(lab.trajectory.time_h[lab.trajectory['ketamine_brain_uM'].argmax()])")
    scroll_into_view(page, page.locator(chart("drug")))
    start, end = time_axis_pixels(page, "drug")  # one minute (the log axis' start) and 12 h
    per_pixel = math.log(12.0 * 60) / (end - start)
    page.mouse.click(*line_peak(page, "drug", 1))
    wait_attr(page, "data-time-h", "Math.abs(Math.log(parseFloat(v) / arg[0])) <= arg[1]", arg=[brain_peak_h, per_pixel])
    # A point just right of the plot's middle opens its tooltip leftward, which stays off the y axis'
    # labels all the same (the widest tooltip that can: less than half the plot).
    scroll_into_view(page, page.locator(chart("block")))
    x, y, name = hover_point_near(page, "block", 0.5)
    page.mouse.move(x + 3, y + 3)
    page.mouse.move(x, y)
    tip = shown_tooltip(page, name)
    texts = y_axis_text_boxes(page, "block")
    assert tip["box"][2] < x and not any(overlaps(tip["box"], t) for t in texts), (tip, texts)
    page.mouse.move(2, 2)

    # (5) A preset loads: the rodent lesson (mouse, 10 mg/kg i.p.).
    page.locator(f"{LAB} .widget-dropdown:has(.widget-label:text-is('Lesson')) select").select_option(label="Rodent: mouse, 10 mg/kg i.p.")
    page.wait_for_function(
        "sel => (document.querySelector(sel)?.textContent || '').includes('10 mg/kg i.p. injection')",
        arg=f"{LAB} .keta-lab-caption",
        timeout=15_000,
    )
    assert read_python_value(page, "[lab.params.species, lab.dose.describe(), lab.hours]") == ["mouse", "10 mg/kg i.p. injection", 48.0]
    # A screen reader hears the lesson's caption once it stands still.
    page.wait_for_function(
        "sel => (document.querySelector(sel)?.textContent || '').includes('10 mg/kg i.p. injection')",
        arg=f"{LAB} .keta-lab-announcer",
        timeout=5_000,
    )
    species = page.locator(f"{LAB} .widget-dropdown:has(.widget-label:text-is('species')) select")
    assert species.input_value() == "2" or species.locator("option:checked").inner_text() == "mouse"
    wait_attr(page, "data-time-h", "parseFloat(v) === 0")
    # The virtual experiments and the dose-response sweep are mouse results now: their titles say so,
    # and what they give (review: "Virtual experiments at 0.5 mg/kg over 40 min" showed mouse bars).
    for key, words in (("experiments", "Virtual experiments in the mouse at 0.5 mg/kg IV over 40 min"), ("dose-response", "Dose-response in the mouse")):
        assert words in page.locator(f"{LAB} .keta-chart-legend-{key}").inner_text(), key
    # (5b) No tick in exponent notation (review: a mouse's IV bolus of 200 mg/kg read "1e+3" on the drug panel).
    append_and_run(page, "lab.dose = kw.Bolus(200, 'iv')")
    page.wait_for_function(
        "sel => [...document.querySelectorAll(sel)].some(t => t.textContent === '1,000')",
        arg=f"{LAB} .keta-chart-drug .axis .tick text",
        timeout=15_000,
    )
    texts = page.locator(f"{LAB} .keta-chart .axis .tick text").evaluate_all("els => els.map(e => e.textContent)")
    assert len(texts) > 60 and not [t for t in texts if re.search(r"\de[+-]?\d", t)], texts
    append_and_run(page, "lab.dose = kw.Bolus(10, 'ip')")

    # (6) The comparison overlay appears in every chart when ticked in the page.
    assert visible_dashed_lines(page, "spines") == 0, "no comparison drawn before one is asked for"
    page.locator(f"{LAB} .widget-checkbox:has-text('compare with') input").check()
    # Every chart's legend is an HTML line above its plot.
    legends = {key: f"{LAB} .keta-chart-legend-{key}"
               for key in ("drug", "block", "rates", "glutamate", "signalling", "spines", "dose-response", "experiments")}
    try:
        page.wait_for_function(
            "sels => sels.every(sel => [...document.querySelectorAll(sel)].some(t => t.textContent.includes('+ NBQX')))",
            arg=list(legends.values()),
            timeout=15_000,
        )
    except Exception as exc:
        missing = [k for k, sel in legends.items() if page.locator(sel, has_text="+ NBQX").count() == 0]
        raise AssertionError(f"no comparison legend in {missing}") from exc
    assert visible_dashed_lines(page, "spines") >= 1, "the comparison is drawn, dashed"
    # The dashed run is in the charts' names too.
    compared = summaries(page)
    dashed = compared["glutamate"].partition(" Dashed, + NBQX. ")[2]
    assert dashed.startswith("glutamate: same as this run; AMPA activation: ") and "peak" in dashed, compared  # NBQX blocks AMPA receptors
    wait_chart_names(page, compared, "with the + NBQX comparison")
    # Back to a linear time axis (the rodent lesson chose log time): t = 0 never meets the log
    # scale on the way, so no NaN path reaches the console (checked at the end).
    drug_before = line_paths(page, "drug")
    page.locator(f"{LAB} .widget-toggle-buttons button", has_text="linear time").click()
    wait_paths_change(page, "drug", drug_before, "switching back to linear time")
    assert read_python_value(page, "lab.log_time") is False
    assert read_python_value(page, "lab.comparison.label") == "+ NBQX"
    assert read_python_value(page, "lab.comparison_trajectory.params['nbqx']") is True
    # The comparison's lines, hovered, say the comparison's label (review: they said "comparison"):
    # NBQX's AMPA activation, on the glutamate panel.
    wait_hover_points(page, "glutamate", "AMPA activation, + NBQX, at ")
    points = read_python_value(page, "[[str(n), float(y)] for m in lab.timeseries.panels['glutamate'].hover for n, y in zip(m.names, m.y)]")
    scroll_into_view(page, page.locator(chart("glutamate")))
    hovered = page.locator(f"{chart('glutamate')} g.object_grp").evaluate_all(
        "els => { for (const g of els) { const name = g.querySelector('text').textContent, dot = g.querySelector('path');"
        " if (!name.startsWith('AMPA activation, + NBQX, at ')) continue; const r = dot.getBoundingClientRect(),"
        " x = r.left + r.width / 2, y = r.top + r.height / 2;"
        " if (y > 0 && y < innerHeight && document.elementFromPoint(x, y) === dot) return [x, y, name]; } return null; }"
    )
    assert hovered, "no point of the comparison's AMPA line to hover"
    page.mouse.move(hovered[0] + 3, hovered[1] + 3)
    page.mouse.move(hovered[0], hovered[1])
    tip = shown_tooltip(page, hovered[2])
    assert tip["cells"][1:3] == [hovered[2], "level (× baseline)"], tip
    assert tip["cells"][3] in {sig3(y) for name, y in points if name == hovered[2]}, (tip, hovered)

    page.mouse.move(2, 2)
    save_screenshot(page, "lab_charts_wide.png", locator=page.locator(LAB))  # for people, not asserted

    # (7) On a narrow screen (a phone, a split window) the columns stack: charts below the diagram,
    # nothing wider than the notebook.
    page.set_viewport_size({"width": 480, "height": 800})
    page.wait_for_function(
        "() => { const lab = document.querySelector('.keta-lab'); const d = document.querySelector('.keta-synapse');"
        " const c = document.querySelector('.keta-time-series');"
        " return lab && d && c && c.getBoundingClientRect().top >= d.getBoundingClientRect().bottom - 1"
        " && lab.scrollWidth <= lab.clientWidth + 1; }",
        timeout=10_000,
    )
    widths = page.evaluate(
        "() => [...document.querySelectorAll('.keta-lab .keta-chart')].map(f => f.getBoundingClientRect().width)"
    )
    lab_width = page.locator(LAB).bounding_box()["width"]
    assert all(0 < w <= lab_width + 1 for w in widths), (widths, lab_width)
    save_screenshot(page, "lab_charts_narrow.png", locator=page.locator(LAB))

    # (8) JupyterLab's dark theme: axis titles in the theme's text colour, not bqplot's orange (the
    # colour of the interneuron lines).
    page.set_viewport_size({"width": 1280, "height": 800})
    set_theme(page, "JupyterLab Dark")
    try:  # the theme is a user setting: it outlives this page, so it is put back whatever happens
        fills = page.evaluate(
            "sel => [...document.querySelectorAll(sel)].map(t => getComputedStyle(t).fill)",
            f"{LAB} .keta-time-series .axis text.axislabel",
        )
    finally:
        set_theme(page, "JupyterLab Light")
    assert fills and all(f != "rgb(255, 165, 0)" for f in fills), fills

    # (9) No error shown beside the controls, no error in the console.
    assert page.locator(f"{LAB} .keta-lab-error").count() == 0
    assert not console_log.problems, "browser console errors:\n" + console_log.report()
