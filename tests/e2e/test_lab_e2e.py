"""End-to-end tests in a real JupyterLab server and headless Chromium (see conftest.py).

Run: ``.venv/bin/python -m pytest tests/e2e -v`` (or ``-m e2e``). Artifacts (failure screenshots)
go to tests/artifacts/; the main test also refreshes docs/screenshot.png.
"""

from __future__ import annotations

import os
import re
import time

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
    wait_attr,
    write_notebook,
)

pytestmark = pytest.mark.e2e

# bqplot: the Figure view is a <div class="bqplot figure jupyter-widgets"> holding two SVGs
# (svg.svg-background for axes/grid, svg.svg-figure for the marks); a Lines mark draws one
# <path class="line"> per series inside <g class="curve">.
BQ_FIGURE = ".bqplot.figure"
BQ_MARKS_SVG = f"{BQ_FIGURE} svg.svg-figure"
BQ_LINE_PATHS = f"{BQ_MARKS_SVG} g.curve path.line"


def assert_no_console_errors(console_log) -> None:
    assert not console_log.problems, "browser console errors:\n" + console_log.report()


def test_lab_renders_ipywidgets_and_bqplot(lab_server, page, console_log):
    """Guards the environment: the widget manager and bqplot labextensions load and render."""
    write_notebook(
        lab_server,
        "smoke",
        [
            "import ipywidgets as widgets\nslider = widgets.IntSlider(value=7, max=10)\nslider",
            "import bqplot.pyplot as plt\n"
            "fig = plt.figure(title='smoke')\n"
            "line = plt.plot([0, 1, 2, 3], [0, 1, 4, 9])\n"
            "fig",
        ],
    )
    open_notebook(page, lab_server, "smoke")
    run_all_cells(page)

    slider = page.locator(".jupyter-widgets.widget-slider")
    slider.wait_for(timeout=20_000)
    assert page.locator(".widget-slider .widget-readout").first.inner_text().strip() == "7"

    page.locator(BQ_LINE_PATHS).first.wait_for(timeout=20_000)
    d0 = page.locator(BQ_LINE_PATHS).first.get_attribute("d")
    assert d0 and d0.startswith("M"), d0

    # Python -> browser after display, through a new cell typed into the UI.
    append_and_run(page, "slider.value = 3\nline.y = [9, 4, 1, 0]")
    page.wait_for_function(
        "() => document.querySelector('.widget-slider .widget-readout')?.textContent.trim() === '3'",
        timeout=10_000,
    )
    page.wait_for_function(
        "([sel, d0]) => { const p = document.querySelector(sel); return p && p.getAttribute('d') !== d0; }",
        arg=[BQ_LINE_PATHS, d0],
        timeout=10_000,
    )
    assert read_python_value(page, "slider.value + 1") == 4
    assert_no_console_errors(console_log)


# --------------------------------------------------------------------------- ketawidget

BUNDLE = REPO_ROOT / "ketawidget" / "static" / "widget.js"
# The README's screenshot: refreshed only when asked (`make screenshot`), so that a test run does
# not rewrite a tracked file; every run leaves its picture in tests/artifacts/.
SCREENSHOT = REPO_ROOT / "docs" / "screenshot.png"
REFRESH_SCREENSHOT = os.environ.get("KETAWIDGET_REFRESH_SCREENSHOT") == "1"


# The lab stacks one bqplot figure per stage of the chain, each with its own playhead; these checks
# read the first panel (drug levels), and only the lines it shows (a hidden comparison mark keeps
# paths with an empty box).
LAB_DRUG_LINE_PATHS = ".keta-chart-drug svg.svg-figure g.curve path.line"
#: The NMDA-block panel: a fixed y axis, so new data always move its lines (the drug panel's lines,
#: linear in the dose, keep their shape when its axis rescales with them).
LAB_BLOCK_LINE_PATHS = ".keta-chart-block svg.svg-figure g.curve path.line"


def _line_paths(page, selector: str = LAB_DRUG_LINE_PATHS) -> list[str]:
    return page.locator(selector).evaluate_all(
        "els => els.filter(e => { const r = e.getBoundingClientRect(); return r.width + r.height > 0; })"
        ".map(e => e.getAttribute('d') || '')"
    )


_VERTICAL_SEGMENT = re.compile(r"^M\s*([-\d.e]+)\s*,\s*[-\d.e]+\s*L\s*\1\s*,\s*[-\d.e]+$")


def _playhead_path(page) -> str | None:
    """The chart's playhead: the one line path that is a vertical two-point segment."""
    vertical = [d for d in _line_paths(page) if _VERTICAL_SEGMENT.match(d.strip())]
    return vertical[0] if len(vertical) == 1 else None


def _data_line_paths(page, selector: str = LAB_DRUG_LINE_PATHS) -> list[str]:
    """A panel's data lines: every line path except the playhead (a vertical 2-point segment)."""
    return [d for d in _line_paths(page, selector) if not _VERTICAL_SEGMENT.match(d.strip())]


def test_ketamine_lab_end_to_end(lab_server, page, console_log):
    assert BUNDLE.is_file() and BUNDLE.stat().st_size > 1000, (
        f"front-end bundle {BUNDLE} missing or a stub; build it with `npm run build` (`make bundle`)"
    )
    write_notebook(
        lab_server,
        "ketamine_lab",
        ["import ketawidget as kw\nlab = kw.KetamineLab()\nlab"],
    )
    open_notebook(page, lab_server, "ketamine_lab")
    collapse_left_sidebar(page)  # full width for the lab (and the screenshot)
    run_all_cells(page, timeout_s=90)  # first import may JIT-compile the model

    # (a) the diagram and the bqplot chart render.
    root = page.locator(KETA)
    root.wait_for(timeout=30_000)
    assert root.count() == 1, f"expected one diagram, found {root.count()}"
    root.locator("svg").first.wait_for(state="visible", timeout=10_000)
    output = page.locator(".jp-OutputArea-output", has=root)
    figure = output.locator(BQ_FIGURE)
    figure.first.wait_for(state="visible", timeout=20_000)
    page.wait_for_function(
        "sel => { const ps = [...document.querySelectorAll(sel)]; "
        "return ps.length > 0 && ps.some(p => (p.getAttribute('d') || '').length > 20); }",
        arg=BQ_LINE_PATHS,
        timeout=20_000,
    )
    # The diagram has decoded the trajectory: numbers at the playhead, controls present.
    wait_attr(page, "data-time-h", "v !== null && isFinite(parseFloat(v))")
    wait_attr(page, "data-brain-uM", "v !== null && isFinite(parseFloat(v))")
    assert root.get_attribute("data-playing") == "false"
    assert page.locator(f"{KETA} .keta-play").is_visible()
    assert page.locator(f"{KETA} .keta-scrub").count() == 1
    assert page.locator(".keta-error").count() == 0, page.locator(".keta-error").first.get_attribute(
        "data-error"
    )

    # (b) play from the browser: the playhead advances, Python hears about it, and the chart's
    # playhead line follows.
    t0 = attr_float(root, "data-time-h")
    playhead_before = _playhead_path(page)
    page.locator(f"{KETA} .keta-play").click()
    wait_attr(page, "data-playing", "v === 'true'", timeout_ms=5_000)
    # default speed 0.25 h/s: 0.05 h is ~0.2 s of playback; allow up to 2.5 s.
    wait_attr(page, "data-time-h", "parseFloat(v) >= arg", arg=t0 + 0.05, timeout_ms=2_500)
    playing, time_h = read_python_value(page, "[lab.playing, lab.time_h]")
    assert playing is True, "lab.playing did not follow the browser's play button"
    assert time_h > t0, f"lab.time_h={time_h} did not follow the browser's playhead (start {t0})"
    deadline = time.monotonic() + 5
    while _playhead_path(page) == playhead_before and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert _playhead_path(page) != playhead_before, "the chart's playhead line did not follow playback"

    # speed chosen in the browser reaches Python
    page.locator(f"{KETA} .keta-speed").select_option("1")
    deadline = time.monotonic() + 5
    while read_python_value(page, "lab.speed") != 1.0 and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    assert read_python_value(page, "[lab.speed, lab.diagram.speed]") == [1.0, 1.0]
    append_and_run(page, "lab.speed = 0.25")

    # ... and from Python: pause, then play again from a new cell.
    append_and_run(page, "lab.playing = False")
    wait_attr(page, "data-playing", "v === 'false'", timeout_ms=5_000)
    append_and_run(page, "lab.playing = True")
    wait_attr(page, "data-playing", "v === 'true'", timeout_ms=5_000)
    t1 = attr_float(root, "data-time-h")
    wait_attr(page, "data-time-h", "parseFloat(v) >= arg", arg=t1 + 0.05, timeout_ms=2_500)

    # (c) seek from Python while playing: the playhead lands exactly there and stays there (the
    # browser's in-flight playback updates must not win the race; see docs/wire-format.md).
    append_and_run(page, "lab.playing = False; lab.time_h = 0.5")
    wait_attr(page, "data-playing", "v === 'false'", timeout_ms=5_000)
    wait_attr(page, "data-time-h", "Math.abs(parseFloat(v) - 0.5) < 1e-6", timeout_ms=5_000)
    page.wait_for_timeout(500)  # let any stale update from the browser arrive before checking it lost
    state = read_python_value(page, "[lab.playing, lab.time_h]")
    assert state == [False, 0.5], f"Python state after the seek: [playing, time_h] = {state}"
    assert abs(attr_float(root, "data-time-h") - 0.5) < 1e-6, (
        f"the playhead moved after the seek: data-time-h={root.get_attribute('data-time-h')}"
    )

    # The whole chain is on screen at 0.5 h into the infusion: the surge and BDNF are up
    # (values the diagram took from the model's trajectory, shown as data attributes).
    assert attr_float(root, "data-glutamate-rel") > 1.1
    assert attr_float(root, "data-bdnf-rel") > 1.05
    assert root.get_attribute("data-spine-density-rel") is not None
    brain_before = attr_float(root, "data-brain-uM")
    block_before = attr_float(root, "data-block-interneuron")
    assert brain_before > 0, "0.5 h into a 40-min infusion the brain level must be positive"
    # The lab is taller than the window: grow the window to hold it whole for the picture (a
    # notebook scrolled inside a short window leaves its windowed cells unpainted), then restore.
    viewport = dict(page.viewport_size)
    box = output.bounding_box()
    assert box, "the lab's output is not on screen"
    page.set_viewport_size({"width": viewport["width"], "height": int(box["height"] + 400)})
    output.scroll_into_view_if_needed()
    page.wait_for_timeout(500)  # let bqplot re-lay out its figures for the new window
    page.mouse.move(2, page.viewport_size["height"] - 2)  # no hover highlight in the screenshot
    shot = save_screenshot(page, "ketamine_lab.png", locator=output)
    page.set_viewport_size(viewport)
    paths_before = _data_line_paths(page)
    assert len(paths_before) >= 2, f"expected the plasma and brain lines in the drug panel, got {paths_before}"
    assert len(_line_paths(page)) == len(paths_before) + 1, "expected one playhead line in the chart"
    block_paths_before = _data_line_paths(page, LAB_BLOCK_LINE_PATHS)
    assert len(block_paths_before) >= 2, f"expected the two populations' lines in the block panel, got {block_paths_before}"

    # The page runs the update courier's code and said so (ketawidget/widget/update_courier.py): the
    # re-simulation below reaches the charts as one message, and they are drawn from it.
    courier = "__import__('ketawidget.widget.update_courier', fromlist=['_']).update_courier()"
    assert read_python_value(page, f"{courier}.ready") is True, "the page did not say it applies batched updates"
    append_and_run(page, "lab.dose = kw.Infusion(dose_mg_per_kg=2.0, minutes=40)")
    wait_attr(page, "data-brain-uM", "parseFloat(v) > arg * 2", arg=brain_before, timeout_ms=10_000)
    deadline = time.monotonic() + 10
    while _data_line_paths(page, LAB_BLOCK_LINE_PATHS) == block_paths_before and time.monotonic() < deadline:
        page.wait_for_timeout(100)  # bqplot redraws on its own schedule; poll the DOM
    assert _data_line_paths(page, LAB_BLOCK_LINE_PATHS) != block_paths_before, "the chart's lines did not change with the dose"
    # Drawn from the batch: a page that failed it would have said so, and the kernel stopped batching.
    assert read_python_value(page, f"{courier}.ready") is True, "the page failed the batched chart update"
    assert len(_data_line_paths(page)) == len(paths_before)
    brain_after = attr_float(root, "data-brain-uM")
    ratio = brain_after / brain_before
    assert 3.5 < ratio < 4.5, f"4x the dose should give ~4x the brain level: {brain_before} -> {brain_after}"
    assert attr_float(root, "data-block-interneuron") > block_before
    assert abs(attr_float(root, "data-time-h") - 0.5) < 1e-6, "a new trajectory must keep the playhead"
    assert root.get_attribute("data-playing") == "false"

    # Scrubbing with the mouse (a click a quarter of the way along the range input) seeks, and
    # Python follows.
    scrub = page.locator(f"{KETA} .keta-scrub")
    box = scrub.bounding_box()
    assert box is not None and box["width"] > 20, f"scrubber not laid out: {box}"
    scrub.click(position={"x": box["width"] * 0.25, "y": box["height"] / 2})
    wait_attr(page, "data-time-h", "parseFloat(v) > 1", timeout_ms=5_000)
    scrubbed = float(scrub.input_value())
    assert abs(attr_float(root, "data-time-h") - scrubbed) < 1e-6
    py_time = read_python_value(page, "lab.time_h")
    assert abs(py_time - scrubbed) < 1e-6, f"lab.time_h={py_time} after scrubbing to {scrubbed}"

    # (d) no error state and a clean console.
    assert page.locator(".keta-error").count() == 0, page.locator(".keta-error").first.get_attribute(
        "data-error"
    )
    assert_no_console_errors(console_log)

    # (e) the lab rendered and behaved: the screenshot taken at 0.5 h of the default dose is the
    # README's picture.
    assert shot.stat().st_size > 10_000
    if REFRESH_SCREENSHOT:
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        SCREENSHOT.write_bytes(shot.read_bytes())


def test_ketamine_lab_keyboard_controls(lab_server, page, console_log):
    """The diagram's native controls must work from the keyboard inside a notebook.

    JupyterLab 4 binds the arrow keys (and Enter, J, K, D D, ...) in command mode for any focused,
    non-editable element inside the notebook (selector ``.jp-Notebook.jp-mod-commandMode :focus``)
    and prevents their default action, so unless the controls (or an ancestor) carry the
    ``data-lm-suppress-shortcuts`` attribute, the arrows on the scrubber move the cell cursor
    instead of seeking."""
    write_notebook(lab_server, "ketamine_keys", ["import ketawidget as kw\nlab = kw.KetamineLab()\nlab"])
    open_notebook(page, lab_server, "ketamine_keys")
    run_all_cells(page, timeout_s=90)
    root = page.locator(KETA)
    root.wait_for(timeout=30_000)
    wait_attr(page, "data-time-h", "v !== null && isFinite(parseFloat(v))")
    append_and_run(page, "lab.time_h = 0.5")
    wait_attr(page, "data-time-h", "Math.abs(parseFloat(v) - 0.5) < 1e-6", timeout_ms=5_000)
    failures: list[str] = []

    scrub = page.locator(f"{KETA} .keta-scrub")
    scrub.focus()
    page.keyboard.press("ArrowRight")
    try:
        wait_attr(page, "data-time-h", "parseFloat(v) > 0.5 + 1e-9", timeout_ms=2_000)
    except AssertionError as exc:
        failures.append(f"ArrowRight on the focused scrubber did not seek: {exc}")

    play = page.locator(f"{KETA} .keta-play")
    play.focus()
    page.keyboard.press("Enter")
    try:
        wait_attr(page, "data-playing", "v === 'true'", timeout_ms=2_000)
    except AssertionError as exc:
        failures.append(f"Enter on the focused play button did not start playback: {exc}")
    page.keyboard.press("Escape")
    append_and_run(page, "lab.playing = False")

    assert not failures, (
        "keyboard controls are swallowed by JupyterLab's notebook shortcuts (hint: mark the controls "
        "with the data-lm-suppress-shortcuts attribute):\n" + "\n".join(failures)
    )
    assert page.locator(".keta-error").count() == 0
    assert_no_console_errors(console_log)


def test_removed_view_stops_animating(lab_server, page, console_log):
    """render()'s cleanup: once the view is gone, its animation loop no longer touches the element."""
    write_notebook(
        lab_server,
        "ketamine_cleanup",
        ["import ketawidget as kw\nview = kw.SynapseView(kw.simulate(kw.Infusion(0.5, 40), hours=12))\nview"],
    )
    open_notebook(page, lab_server, "ketamine_cleanup")
    run_all_cells(page, timeout_s=90)
    root = page.locator(KETA)
    root.wait_for(timeout=30_000)
    page.evaluate("() => { window.__ketaRoot = document.querySelector('.keta-synapse'); }")
    append_and_run(page, "view.playing = True")
    wait_attr(page, "data-time-h", "parseFloat(v) > 0.05", timeout_ms=5_000)

    append_and_run(page, "view.close()")  # removes every view of the model
    page.wait_for_function("() => !document.body.contains(window.__ketaRoot)", timeout=10_000)
    first = page.evaluate("() => window.__ketaRoot.getAttribute('data-time-h')")
    page.wait_for_timeout(600)  # ~36 frames at 60 fps; a running loop would have moved the time
    second = page.evaluate("() => window.__ketaRoot.getAttribute('data-time-h')")
    assert first == second, f"the detached view kept animating: data-time-h {first} -> {second}"
    assert_no_console_errors(console_log)
