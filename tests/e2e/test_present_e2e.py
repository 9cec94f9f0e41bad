"""Presenting the diagram in a real JupyterLab and headless Chromium, at a small projector's 1280x720.

With JupyterLab's file browser open, the notebook layout of the diagram is taller than the screen: the
scene, the story's caption and Play cannot be seen together. Presenting (the "Present" button, or F)
fills the screen with them side by side (docs/diagram.md). The screenshot of the presenting view goes
to docs/presenting.png when KETAWIDGET_REFRESH_SCREENSHOT=1 (the README shows it), else to
tests/artifacts/.
"""

from __future__ import annotations

import os

import pytest

from .lab_helpers import (
    KETA,
    REPO_ROOT,
    attr_float,
    open_notebook,
    run_all_cells,
    save_screenshot,
    wait_attr,
    write_notebook,
)
from .test_lab_e2e import assert_no_console_errors

pytestmark = pytest.mark.e2e

REFRESH_SCREENSHOT = os.environ.get("KETAWIDGET_REFRESH_SCREENSHOT") == "1"
SCREENSHOT = "docs/presenting.png" if REFRESH_SCREENSHOT else "presenting.png"
PROJECTOR = {"width": 1280, "height": 720}
# A week, as in the scene tests: every story step's time lies inside the run.
CELL = "import ketawidget as kw\nview = kw.SynapseView(kw.simulate(kw.Infusion(0.5, 40), hours=168))\nview"
# The drawing's aspect ratio (js/scene/svg.ts: VIEW is 800 x 576 user units).
VIEW_ASPECT = 800 / 576

# The boxes the class must see together, the caption's font size, and where the focus is.
_LAYOUT_JS = """root => {
  const box = sel => { const e = sel === null ? root : root.querySelector(sel); if (!e) return null;
    const b = e.getBoundingClientRect(); return {left: b.left, top: b.top, right: b.right, bottom: b.bottom,
      width: b.width, height: b.height}; };
  const caption = root.querySelector('.keta-story-caption');
  return {
    stage: box('.keta-stage'), caption: box('.keta-story-caption'), play: box('.keta-play'),
    synapse: box('svg.keta-view-synapse'),
    caption_font_px: caption ? parseFloat(getComputedStyle(caption).fontSize) : null,
    fullscreen: document.fullscreenElement === root,
    popover: root.matches('[popover]:popover-open'),
    root: box(null),
    host_min_height: root.parentElement.style.minHeight,
    focus_inside: root.contains(document.activeElement),
  };
}"""


def _layout(page) -> dict:
    return page.locator(KETA).evaluate(_LAYOUT_JS)


def _inside(box: dict, viewport: dict) -> bool:
    return box["left"] >= 0 and box["top"] >= 0 and box["right"] <= viewport["width"] and (
        box["bottom"] <= viewport["height"])


def _overlap(a: dict, b: dict) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


def _assert_presented(page, where: str) -> dict:
    """The stage, the caption and Play: on screen, apart, the scene large and the caption readable."""
    lay = _layout(page)
    boxes = {name: lay[name] for name in ("stage", "caption", "play")}
    for name, box in boxes.items():
        assert box and box["width"] > 0 and box["height"] > 0, f"{where}: no {name} on screen: {lay}"
        assert _inside(box, PROJECTOR), f"{where}: the {name} is not wholly on the 1280x720 screen: {box}"
    names = list(boxes)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            assert not _overlap(boxes[a], boxes[b]), f"{where}: the {a} and the {b} overlap: {boxes}"
    stage = lay["stage"]
    # The stage box holds the drawing at its aspect ratio: what the class sees is the smaller fit.
    drawing_h = min(stage["height"], stage["width"] / VIEW_ASPECT)
    assert stage["height"] >= 0.55 * PROJECTOR["height"], f"{where}: the stage is {stage['height']:.0f} px tall"
    assert drawing_h >= 0.55 * PROJECTOR["height"], f"{where}: the drawing is {drawing_h:.0f} px tall"
    assert lay["caption_font_px"] >= 18, f"{where}: the caption is set in {lay['caption_font_px']} px"
    print(f"{where}: stage {stage['width']:.0f}x{stage['height']:.0f} px "
          f"({stage['height'] / PROJECTOR['height']:.0%} of the height; drawing {drawing_h / PROJECTOR['height']:.0%}), "
          f"caption {lay['caption_font_px']:.2f} px, fullscreen {lay['fullscreen']}")
    return lay


def test_present_at_a_projectors_size(lab_server, page, console_log):
    page.set_viewport_size(PROJECTOR)
    write_notebook(lab_server, "present_e2e", [CELL])
    open_notebook(page, lab_server, "present_e2e")
    # The file browser stays open, as a teacher has it: the notebook is narrower still.
    assert page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current").count() == 1
    assert page.locator(".jp-FileBrowser").is_visible()
    run_all_cells(page, timeout_s=90)
    root = page.locator(KETA)
    root.wait_for(timeout=30_000)
    wait_attr(page, "data-brain-uM", "v !== null && isFinite(parseFloat(v))")
    assert root.get_attribute("data-presenting") == "false"
    root.get_by_role("button", name="Start story").click()
    wait_attr(page, "data-story-step", "v !== null", timeout_ms=5_000)
    root.locator(".keta-stage").scroll_into_view_if_needed()
    before = _layout(page)
    # The problem presenting solves: in the notebook the scene and Play are not on screen together.
    assert not (_inside(before["stage"], PROJECTOR) and _inside(before["play"], PROJECTOR)), before

    # Present: the Present button, in the player bar.
    root.get_by_role("button", name="Present").click()
    wait_attr(page, "data-presenting", "v === 'true'", timeout_ms=5_000)
    page.wait_for_function("sel => document.fullscreenElement === document.querySelector(sel)", arg=KETA,
                           timeout=5_000)
    assert root.get_by_role("button", name="Exit presentation").is_visible()
    page.mouse.move(PROJECTOR["width"] // 2, 2)  # no hover state in the picture
    page.wait_for_timeout(300)  # the layout's first frame after the fullscreen change
    _assert_presented(page, "circuit zoom, story step 1")
    save_screenshot(page, SCREENSHOT)

    # Playing still advances the playhead, and the scene still draws it.
    t0 = attr_float(root, "data-time-h")
    root.locator(".keta-play").click()
    wait_attr(page, "data-playing", "v === 'true'", timeout_ms=3_000)
    wait_attr(page, "data-time-h", "parseFloat(v) > arg", arg=t0, timeout_ms=5_000)
    root.locator(".keta-play").click()
    wait_attr(page, "data-playing", "v === 'false'", timeout_ms=3_000)

    # The synapse zoom (Z) keeps the stage, the caption and Play in view.
    page.keyboard.press("z")
    wait_attr(page, "data-zoom", "v === 'synapse'", timeout_ms=3_000)
    page.wait_for_function(
        "sel => !document.querySelector(sel).getAnimations({subtree: true}).some(a => a.playState === 'running')",
        arg=KETA, timeout=5_000)
    lay = _assert_presented(page, "synapse zoom")
    assert _inside(lay["synapse"], PROJECTOR) and not _overlap(lay["synapse"], lay["caption"]), lay
    page.keyboard.press("z")
    wait_attr(page, "data-zoom", "v === 'circuit'", timeout_ms=3_000)

    # Esc leaves: the notebook layout exactly as it was, and the focus in the widget.
    page.keyboard.press("Escape")
    wait_attr(page, "data-presenting", "v === 'false'", timeout_ms=5_000)
    page.wait_for_function("() => document.fullscreenElement === null", timeout=5_000)
    after = _layout(page)
    assert abs(after["stage"]["width"] - before["stage"]["width"]) <= 1, (before["stage"], after["stage"])
    assert abs(after["stage"]["height"] - before["stage"]["height"]) <= 1, (before["stage"], after["stage"])
    assert after["host_min_height"] == "", "the notebook's held height was not given back"
    assert after["focus_inside"], "the focus left the widget"
    assert root.get_attribute("data-story-step") is not None, "leaving the presentation left the story too"
    assert root.get_by_role("button", name="Present").is_visible()

    # Where the browser refuses fullscreen, the same layout covers the page (JupyterLab's panels
    # contain fixed elements: it must be in the top layer), and the button leaves it.
    page.evaluate("() => { window.__ketaFullscreen = Element.prototype.requestFullscreen;"
                  " Element.prototype.requestFullscreen = () => Promise.reject(new TypeError('refused')); }")
    try:
        root.get_by_role("button", name="Present").click()
        wait_attr(page, "data-presenting", "v === 'true'", timeout_ms=5_000)
        page.wait_for_function("sel => document.querySelector(sel).matches(':popover-open')", arg=KETA,
                               timeout=5_000)
        lay = _assert_presented(page, "without fullscreen")
        assert not lay["fullscreen"] and lay["root"] == {
            "left": 0, "top": 0, "right": PROJECTOR["width"], "bottom": PROJECTOR["height"],
            "width": PROJECTOR["width"], "height": PROJECTOR["height"]}, lay["root"]
        root.get_by_role("button", name="Exit presentation").click()
        wait_attr(page, "data-presenting", "v === 'false'", timeout_ms=5_000)
        assert abs(_layout(page)["stage"]["width"] - before["stage"]["width"]) <= 1
    finally:
        page.evaluate("() => { Element.prototype.requestFullscreen = window.__ketaFullscreen; }")
    assert page.locator(".keta-error").count() == 0
    assert_no_console_errors(console_log)
    if REFRESH_SCREENSHOT:
        assert (REPO_ROOT / SCREENSHOT).stat().st_size > 10_000
