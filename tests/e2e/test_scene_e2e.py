"""The synapse scene in a real JupyterLab and headless Chromium: dark theme, keyboard, story, zoom.

One notebook and one page serve the whole module (opening JupyterLab and running a cell is most of an
e2e test's cost), so the tests run in file order on a shared diagram and each starts by putting the
diagram in the state it needs. The story's steps come from its data file, js/story/steps.ts, so the
test follows the story as it is written: the zoom and the highlighted actors of every step are checked
against that file. Screenshots of the story steps go to docs/story/ when KETAWIDGET_REFRESH_SCREENSHOT=1
(the README and docs use them), else to tests/artifacts/story/.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

import pytest

from .conftest import ConsoleLog
from .lab_helpers import (
    REPO_ROOT,
    append_and_run,
    attr_float,
    collapse_left_sidebar,
    open_notebook,
    read_python_value,
    run_all_cells,
    save_screenshot,
    set_theme,
    write_notebook,
)
from .lab_helpers import KETA, wait_attr
from .test_lab_e2e import assert_no_console_errors

pytestmark = pytest.mark.e2e

STEPS_FILE = REPO_ROOT / "js" / "story" / "steps.ts"
ACTORS_FILE = REPO_ROOT / "js" / "actors.ts"
REFRESH_SCREENSHOT = os.environ.get("KETAWIDGET_REFRESH_SCREENSHOT") == "1"
STORY_SHOTS = "docs/story" if REFRESH_SCREENSHOT else "tests/artifacts/story"
# A week, so that every story step's time (up to the spine-density peak, days in) lies inside the run.
CELL = "import ketawidget as kw\nview = kw.SynapseView(kw.simulate(kw.Infusion(0.5, 40), hours=168))\nview"
PAGE_VIEWPORT = {"width": 1280, "height": 1500}
FOCUSABLE = "button, input, select, textarea, a[href], [tabindex]:not([tabindex='-1'])"


@dataclass
class Scene:
    page: object
    console_log: ConsoleLog
    cdp: object

    @property
    def root(self):
        return self.page.locator(KETA)

    def button(self, name: str | re.Pattern):
        """A button of the diagram by its accessible name."""
        return self.root.get_by_role("button", name=name, exact=isinstance(name, str))


@pytest.fixture(scope="module")
def scene(lab_server, browser):
    """One page with the diagram of a week-long run, shared by the module's tests."""
    # Taller than the suite's 1280x800 so the whole diagram fits on screen: element screenshots of
    # something taller than the viewport come out with JupyterLab's toolbars pasted over them.
    context = browser.new_context(viewport=PAGE_VIEWPORT, device_scale_factor=1)
    context.set_default_timeout(30_000)
    page = context.new_page()
    log = ConsoleLog()

    def on_console(msg) -> None:
        text = f"[{msg.type}] {msg.text}"
        log.all_messages.append(text)
        if msg.type == "error":
            log.errors.append(text)

    page.on("console", on_console)
    page.on("pageerror", lambda exc: log.page_errors.append(str(exc)))
    write_notebook(lab_server, "scene_e2e", [CELL])
    open_notebook(page, lab_server, "scene_e2e")
    collapse_left_sidebar(page)
    run_all_cells(page, timeout_s=90)
    page.locator(KETA).wait_for(timeout=30_000)
    wait_attr(page, "data-brain-uM", "v !== null && isFinite(parseFloat(v))")
    try:
        yield Scene(page=page, console_log=log, cdp=context.new_cdp_session(page))
    finally:
        context.close()


@pytest.fixture(autouse=True)
def _per_test(scene, request):
    """Each test sees only its own console errors; a failure leaves a screenshot and the console."""
    scene.console_log.clear()
    yield
    rep = getattr(request.node, "rep_call", None)
    if rep is not None and rep.failed:
        try:
            print(f"screenshot of the failure: {save_screenshot(scene.page, f'FAILED-{request.node.name}.png')}")
        except Exception:  # noqa: BLE001 - best effort diagnostics
            pass
        print("--- browser console ---\n" + ("\n".join(scene.console_log.all_messages) or "<empty>"))


def _transitions_done(scene: Scene) -> None:
    """Wait for the diagram's CSS transitions (the zoom's crossfade and scale) to finish, so a
    screenshot shows where the diagram lands, not a frame of the way there."""
    scene.page.wait_for_function(
        "sel => !document.querySelector(sel).getAnimations({subtree: true}).some(a => a.playState === 'running')",
        arg=KETA,
        timeout=5_000,
    )


def _settle(scene: Scene, code: str = "view.playing = False; view.time_h = 0.0") -> None:
    """Put the diagram in a known state from Python (the kernel's word wins, docs/wire-format.md)."""
    append_and_run(scene.page, code)
    wait_attr(scene.page, "data-playing", "v === 'false'")


# --------------------------------------------------------------------------- colours


def _rgb(css: str) -> tuple[float, float, float, float]:
    m = re.match(r"rgba?\(([^)]+)\)", css.strip())
    assert m, f"not an rgb() colour: {css!r}"
    parts = [float(p) for p in re.split(r"[,\s/]+", m.group(1).strip()) if p]
    return (parts[0], parts[1], parts[2], parts[3] if len(parts) > 3 else 1.0)


def _luminance(css: str) -> float:
    """WCAG relative luminance."""
    def lin(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b, _ = _rgb(css)
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


# The colours a reader sees: the first opaque background up the tree, and the fills of scene parts.
_COLOURS_JS = """root => {
  const bg = el => { for (let e = el; e; e = e.parentElement) { const c = getComputedStyle(e).backgroundColor;
      const m = c.match(/rgba?\\(([^)]+)\\)/); const a = m ? m[1].split(/[ ,\\/]+/).filter(Boolean) : [];
      if (a.length < 4 || parseFloat(a[3]) > 0.5) return c; } return 'rgb(255, 255, 255)'; };
  const fill = sel => { const e = root.querySelector(sel); return e ? getComputedStyle(e).fill : null; };
  const label = root.querySelector('.keta-scene text.keta-label') || root.querySelector('.keta-scene text');
  const play = root.querySelector('.keta-play');
  return {
    background: bg(root), text: getComputedStyle(root).color,
    svg_text: label ? getComputedStyle(label).fill : null, svg_text_bg: label ? bg(label.closest('svg')) : null,
    play_text: getComputedStyle(play).color, play_bg: bg(play),
    readout_text: getComputedStyle(root.querySelector('.keta-readout')).color,
    pre_body: fill('.keta-pre-body'),
    theme: document.body.dataset.jpThemeName, light: document.body.dataset.jpThemeLight,
  };
}"""


def _colours(scene: Scene) -> dict:
    return scene.root.evaluate(_COLOURS_JS)




def test_dark_theme(scene):
    """The diagram takes JupyterLab's theme colours: dark background, light text, readable contrast."""
    page = scene.page
    _settle(scene, "view.playing = False; view.time_h = 0.5")  # ketamine on screen, not at rest
    scene.root.scroll_into_view_if_needed()
    light = _colours(scene)
    assert light["light"] == "true", f"the session should start in the light theme: {light}"
    save_screenshot(page, "scene-light.png", locator=scene.root)
    try:
        set_theme(page, "JupyterLab Dark")
        page.wait_for_function(
            "sel => { const c = getComputedStyle(document.querySelector(sel)).color.match(/\\d+/g).map(Number); "
            "return c[0] + c[1] + c[2] > 450; }",
            arg=KETA,
            timeout=10_000,
        )
        dark = _colours(scene)
        page.mouse.move(2, PAGE_VIEWPORT["height"] - 2)
        shot = save_screenshot(page, "scene-dark.png", locator=scene.root)
    finally:
        set_theme(page, "JupyterLab Light")  # the server's settings are shared with later tests

    assert dark["light"] == "false", dark
    # The light theme: a light page with dark text; the dark theme: the reverse.
    assert _luminance(light["background"]) > 0.7 and _luminance(light["text"]) < 0.2, light
    assert _luminance(dark["background"]) < 0.1, f"background stays light in the dark theme: {dark}"
    assert _luminance(dark["text"]) > 0.5, f"text stays dark in the dark theme: {dark}"
    # WCAG AA for normal text (4.5:1) in both themes: the chrome, the scene's labels, the play button.
    for theme, c in (("light", light), ("dark", dark)):
        for fg, bg in (("text", "background"), ("svg_text", "svg_text_bg"), ("play_text", "play_bg"),
                       ("readout_text", "background")):
            assert c[fg] is not None and c[bg] is not None, f"{theme}: {fg} or {bg} not found: {c}"
            ratio = _contrast(c[fg], c[bg])
            assert ratio >= 4.5, f"{theme} theme: {fg} {c[fg]} on {bg} {c[bg]} has contrast {ratio:.2f} < 4.5"
    # The tissue tints follow the theme too (a white terminal on a black page would glare).
    assert light["pre_body"] and dark["pre_body"] and dark["pre_body"] != light["pre_body"], (light, dark)
    assert _luminance(dark["pre_body"]) < _luminance(light["pre_body"]), (light["pre_body"], dark["pre_body"])
    assert shot.stat().st_size > 5_000
    assert page.locator(".keta-error").count() == 0
    assert_no_console_errors(scene.console_log)


# --------------------------------------------------------------------------- keyboard


def _accessible_name(scene: Scene, js_element: str) -> tuple[str, str]:
    """(role, accessible name) of an element, as Chromium's accessibility tree computes them."""
    obj = scene.cdp.send("Runtime.evaluate", {"expression": js_element})["result"]
    assert "objectId" in obj, f"{js_element} is not an element: {obj}"
    node = scene.cdp.send("DOM.describeNode", {"objectId": obj["objectId"]})["node"]
    ax = scene.cdp.send("Accessibility.getPartialAXTree", {"backendNodeId": node["backendNodeId"],
                                                            "fetchRelatives": False})["nodes"]
    return ax[0].get("role", {}).get("value", ""), str(ax[0].get("name", {}).get("value", "")).strip()


def _focused_control(page) -> str:
    return page.evaluate("() => { const e = document.activeElement; return e ? e.outerHTML.slice(0, 120) : ''; }")


def test_keyboard_reaches_and_operates_every_control(scene):
    page, root = scene.page, scene.root
    _settle(scene, "view.playing = False; view.speed = 0.25; view.time_h = 1.0")
    wait_attr(page, "data-time-h", "Math.abs(parseFloat(v) - 1) < 1e-6")

    # (1) Tab from the first control walks through every enabled, visible control of the diagram.
    n = root.evaluate(
        f"""(root) => {{
            window.__ketaControls = [...root.querySelectorAll("{FOCUSABLE}")]
              .filter(e => !e.disabled && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden');
            window.__ketaVisited = [];
            window.__ketaControls[0].focus();
            return window.__ketaControls.length; }}"""
    )
    assert n >= 9, f"expected at least play, 2 steps, scrubber, speed and 4 layer toggles; found {n}"
    for _ in range(n + 5):
        inside = page.evaluate(
            f"""() => {{ const a = document.activeElement; const inside = !!a.closest("{KETA}");
                if (inside) window.__ketaVisited.push(a); return inside; }}"""
        )
        if not inside:
            break
        page.keyboard.press("Tab")
    missing = page.evaluate(
        "() => window.__ketaControls.filter(e => !window.__ketaVisited.includes(e)).map(e => e.outerHTML.slice(0, 120))"
    )
    assert not missing, f"controls Tab never reached: {missing}"

    # (2) Each has an accessible name (aria-label, its text or its label), as the accessibility tree says.
    unnamed = []
    for i in range(n):
        role, name = _accessible_name(scene, f"window.__ketaControls[{i}]")
        if not name:
            unnamed.append(f"{role}: " + page.evaluate(f"() => window.__ketaControls[{i}].outerHTML.slice(0, 120)"))
    assert not unnamed, f"controls without an accessible name: {unnamed}"

    # (3) Operate them from the keyboard. Play/pause: Enter on the focused button, and Space to pause.
    play = root.locator(".keta-play")
    play.focus()
    page.keyboard.press("Enter")
    wait_attr(page, "data-playing", "v === 'true'", timeout_ms=3_000)
    t_playing = attr_float(root, "data-time-h")
    wait_attr(page, "data-time-h", "parseFloat(v) > arg", arg=t_playing, timeout_ms=3_000)
    assert play.evaluate("e => e === document.activeElement"), f"focus left the play button: {_focused_control(page)}"
    page.keyboard.press("Space")
    wait_attr(page, "data-playing", "v === 'false'", timeout_ms=3_000)
    assert play.get_attribute("aria-label") == "Play"

    # Step forward / back: one second of playback at 0.25 h/s is 0.25 h.
    t0 = attr_float(root, "data-time-h")
    root.locator(".keta-step-forward").focus()
    page.keyboard.press("Enter")
    wait_attr(page, "data-time-h", "Math.abs(parseFloat(v) - arg) < 1e-3", arg=t0 + 0.25, timeout_ms=3_000)
    root.locator(".keta-step-back").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Space")
    wait_attr(page, "data-time-h", "Math.abs(parseFloat(v) - arg) < 1e-3", arg=t0 - 0.25, timeout_ms=3_000)

    # Speed: ArrowDown on the focused select picks the next speed; the step buttons and Python follow.
    speed = root.locator(".keta-speed")
    speed.focus()
    before = speed.input_value()
    page.keyboard.press("ArrowDown")
    page.wait_for_function("([el, b]) => el.value !== b", arg=[speed.element_handle(), before], timeout=3_000)
    assert float(speed.input_value()) > float(before)
    assert "30 min" in (root.locator(".keta-step-forward").get_attribute("aria-label") or ""), (
        root.locator(".keta-step-forward").get_attribute("aria-label"))
    assert read_python_value(page, "view.speed") == float(speed.input_value())

    # Layer toggles: Space hides the layer (aria-pressed false, its elements not displayed), Enter shows it.
    toggles = root.locator(".keta-layer-toggle")
    assert toggles.count() >= 4
    for i in range(toggles.count()):
        toggle = toggles.nth(i)
        layer = re.search(r"keta-layer-toggle-(\w+)", toggle.get_attribute("class") or "").group(1)
        members = root.locator(f".keta-layer-{layer}")
        assert members.count() > 0, f"layer {layer} has no elements in the diagram"
        assert toggle.get_attribute("aria-pressed") == "true"
        toggle.focus()
        page.keyboard.press("Space")
        page.wait_for_function("el => el.getAttribute('aria-pressed') === 'false'", arg=toggle.element_handle(),
                               timeout=3_000)
        hidden = members.evaluate_all("els => els.every(e => e.getClientRects().length === 0)")
        assert hidden, f"layer {layer}: toggled off but some of its elements are still drawn"
        page.keyboard.press("Enter")
        page.wait_for_function("el => el.getAttribute('aria-pressed') === 'true'", arg=toggle.element_handle(),
                               timeout=3_000)
        assert members.evaluate_all("els => els.some(e => e.getClientRects().length > 0)"), layer

    append_and_run(page, "view.speed = 0.25")
    assert page.locator(".keta-error").count() == 0
    assert_no_console_errors(scene.console_log)


# --------------------------------------------------------------------------- story, zoom, reset


def _story_steps() -> list[dict]:
    """(id, zoom, actors) of every step, in order, from the story's data file."""
    text = STEPS_FILE.read_text()
    body = text[text.index("STORY_STEPS"):]
    steps = []
    for block in re.split(r"\n  \{\n", body)[1:]:
        sid = re.search(r'\bid:\s*"([^"]+)"', block)
        zoom = re.search(r'\bzoom:\s*"([^"]+)"', block)
        actors = re.search(r"\bactors:\s*\[([^\]]*)\]", block)
        assert sid and zoom and actors, f"cannot read a step of {STEPS_FILE}:\n{block[:300]}"
        time = re.search(r'\btime:\s*\{\s*kind:\s*"(\w+)"(?:,\s*channel:\s*"(\w+)")?(?:,\s*hours:\s*([\d.]+))?', block)
        assert time, f"cannot read the time of a step of {STEPS_FILE}:\n{block[:300]}"
        # The rules that move a step for some runs (js/__tests__/story.test.ts tests them): the walk
        # below checks that they do not apply to its run, so its expected times stay right.
        dip = re.search(r"\bdipBelow:\s*([\d.]+)", block)
        flat = re.search(r'\bifFlat:\s*"(\w+)"', block)
        steps.append({
            "id": sid.group(1), "zoom": zoom.group(1), "actors": re.findall(r'"([^"]+)"', actors.group(1)),
            "time": {"kind": time.group(1), "channel": time.group(2), "hours": float(time.group(3)) if time.group(3) else None,
                     "dip_below": float(dip.group(1)) if dip else None, "if_flat": flat.group(1) if flat else None,
                     "after_last_rise": "afterLastRise" in block},
        })
    assert len(steps) >= 6, f"expected the story's steps in {STEPS_FILE}, read {steps}"
    return steps


def _actor_ids() -> dict[str, list[str]]:
    """The actor ids of each zoom, from js/actors.ts (the one list the scene and the story use)."""
    text = ACTORS_FILE.read_text()
    ids = {}
    for zoom, const in (("circuit", "CIRCUIT_ACTORS"), ("synapse", "SYNAPSE_ACTORS")):
        m = re.search(const + r"\s*=\s*\[([^\]]*)\]", text)
        assert m, f"{const} not found in {ACTORS_FILE}"
        ids[zoom] = re.findall(r'"([^"]+)"', m.group(1))
    assert len(ids["circuit"]) >= 8 and len(ids["synapse"]) >= 5, ids
    return ids


def _shown_actors(scene: Scene) -> set[str]:
    """Ids of the actors drawn on screen (an actor in a hidden zoom has no boxes)."""
    return set(scene.root.evaluate(
        "r => [...r.querySelectorAll('[data-actor]')].filter(e => e.getClientRects().length > 0 && "
        "getComputedStyle(e).visibility !== 'hidden').map(e => e.getAttribute('data-actor'))"))


def _story_state(scene: Scene) -> dict:
    return scene.root.evaluate(
        """root => {
          const cap = root.querySelector('.keta-story-caption');
          return {
            step: root.getAttribute('data-story-step'), zoom: root.getAttribute('data-zoom'),
            highlighted: (root.getAttribute('data-highlighted') || '').split(/\\s+/).filter(Boolean),
            caption: cap ? cap.textContent.trim() : null,
            caption_live: cap ? (cap.closest('[aria-live]')?.getAttribute('aria-live') ?? null) : null,
            caption_visible: cap ? cap.getClientRects().length > 0 : false,
            marked: [...root.querySelectorAll('[data-actor].keta-highlight')].map(e => e.getAttribute('data-actor')),
            views_shown: Object.fromEntries(['circuit', 'synapse'].map(z => {
                const v = root.querySelector(`svg.keta-view-${z}`);
                return [z, !!v && v.getClientRects().length > 0 && getComputedStyle(v).visibility !== 'hidden'];
            })),
            actors_by_id: Object.fromEntries([...root.querySelectorAll('[data-actor]')].map(e =>
                [e.getAttribute('data-actor'), [e.classList.contains('keta-highlight'), e.getClientRects().length > 0]])),
          };
        }"""
    )


def test_story_walk(scene):
    """Start the story and walk every step: it announces, highlights and zooms as its data file says."""
    page, root = scene.page, scene.root
    steps = _story_steps()
    _settle(scene)
    # Where each step must put the playhead, from the run in the kernel (a peak is found in the
    # browser on float32 data, so a near-tie may pick the next sample: one sample either side is fine).
    # (Asked as small answers: a long printed output would push the diagram out of the page's view.)
    start, end = read_python_value(page, "[float(view.trajectory.time_h[0]), float(view.trajectory.time_h[-1])]")
    peak_window = read_python_value(
        page,
        "{c: [float(view.trajectory.time_h[max(k - 1, 0)]), float(view.trajectory.time_h[min(k + 1, view.trajectory.time_h.size - 1)])]"
        " for c in view.trajectory.channels for k in [int(view.trajectory[c].argmax())]}",
    )
    # This run takes no detour: glutamate never dips below a step's dipBelow before its peak, no
    # ifFlat channel is flat, and a step waiting after the last dose is clamped to the run's end.
    detours = read_python_value(
        page,
        "{c: [float(view.trajectory[c][:int(view.trajectory[c].argmax()) + 1].min()), float(view.trajectory[c].max() - view.trajectory[c][0])]"
        " for c in view.trajectory.channels}",
    )
    for step in steps:
        spec = step["time"]
        if spec["dip_below"] is not None:
            assert detours[spec["channel"]][0] >= spec["dip_below"], f"{step['id']}: this run dips, the walk cannot predict its time"
        if spec["if_flat"] is not None:
            assert detours[spec["channel"]][1] > 0, f"{step['id']}: {spec['channel']} is flat in this run"
        if spec["after_last_rise"]:
            assert spec["hours"] >= end, f"{step['id']}: waits after the last dose, past this run's end"
    assert root.get_attribute("data-story-step") is None, "no story step before the story starts"
    scene.button("Start story").click()
    previous_caption = None
    for i, step in enumerate(steps):
        if i > 0:
            scene.button("Next step").click()
        wait_attr(page, "data-story-step", "v === arg", arg=step["id"], timeout_ms=5_000)
        wait_attr(page, "data-zoom", "v === arg", arg=step["zoom"], timeout_ms=5_000)
        _transitions_done(scene)
        s = _story_state(scene)
        where = f"step {i + 1} ({step['id']}): {s}"
        assert s["caption"], f"empty caption at {where}"
        assert "no data" not in s["caption"], f"a caption placeholder found no value at {where}"
        t, spec = attr_float(root, "data-time-h"), step["time"]
        if spec["kind"] == "peak":
            lo, hi = peak_window[spec["channel"]]
            assert lo - 1e-6 <= t <= hi + 1e-6, f"time {t} h is not the peak of {spec['channel']} ({lo}-{hi} h) at {where}"
        elif spec["kind"] == "hours":
            assert abs(t - min(spec["hours"], end)) < 1e-4, f"time {t} h, expected {spec['hours']} h at {where}"
        elif spec["kind"] == "start":
            assert abs(t - start) < 1e-6, f"time {t} h, expected the start of the run at {where}"
        else:
            assert abs(t - end) < 1e-4, f"time {t} h, expected the end of the run at {where}"
        assert s["caption_live"] == "polite", f"the caption is not inside an aria-live=polite region at {where}"
        assert s["caption_visible"], f"caption not shown at {where}"
        assert s["caption"] != previous_caption, f"caption did not change at {where}"
        assert s["highlighted"], f"nothing highlighted at {where}"
        previous_caption = s["caption"]
        assert sorted(s["highlighted"]) == sorted(step["actors"]), (
            f"data-highlighted {s['highlighted']} != the step's actors {step['actors']} at {where}")
        for actor in step["actors"]:
            assert actor in s["actors_by_id"], f"no [data-actor={actor}] element at {where}"
            marked, shown = s["actors_by_id"][actor]
            assert marked, f"[data-actor={actor}] lacks class keta-highlight at {where}"
            assert shown, f"highlighted actor {actor} is not on screen at {where}"
        assert set(s["marked"]) == set(step["actors"]), f"other actors highlighted too: {s['marked']} at {where}"
        other = "circuit" if step["zoom"] == "synapse" else "synapse"
        assert s["views_shown"] == {step["zoom"]: True, other: False}, f"views shown: {s['views_shown']} at {where}"
        page.mouse.move(2, PAGE_VIEWPORT["height"] - 2)  # no hover state in the picture
        save_screenshot(page, f"{STORY_SHOTS}/{i + 1:02d}-{step['id']}.png", locator=root)

    assert scene.button("Next step").is_disabled(), "Next step should be disabled on the last step"
    scene.button("Previous step").click()
    wait_attr(page, "data-story-step", "v === arg", arg=steps[-2]["id"], timeout_ms=5_000)
    scene.button("Exit story").click()
    wait_attr(page, "data-story-step", "v === null", timeout_ms=5_000)
    # Said, not only emptied (review: leaving the story was silent to a screen reader).
    page.wait_for_function("root => (root.querySelector('.keta-live')?.textContent ?? '').startsWith('Story left: ')",
                           arg=root.element_handle(), timeout=5_000)
    assert not root.get_attribute("data-highlighted"), "highlights stay after leaving the story"
    assert root.locator("[data-actor].keta-highlight").count() == 0
    assert scene.button("Start story").is_visible()
    assert page.locator(".keta-error").count() == 0
    assert_no_console_errors(scene.console_log)


def test_a_seek_from_python_leaves_the_story(scene):
    """The caption never describes a moment the diagram does not show: on the last step (a week on),
    Python moving the playhead to 0 s (as loading a lesson does) leaves the story, as the user's own
    seeks do, instead of keeping "ketamine has almost left the brain" over a readout at 0 s."""
    page, root = scene.page, scene.root
    _settle(scene)
    scene.button("Start story").click()
    wait_attr(page, "data-story-step", "v !== null", timeout_ms=5_000)
    for _ in _story_steps()[1:]:
        scene.button("Next step").click()
    wait_attr(page, "data-story-step", "v === 'why-rapid'", timeout_ms=5_000)
    assert attr_float(root, "data-time-h") > 100
    append_and_run(page, "view.time_h = 0.0")
    wait_attr(page, "data-time-h", "parseFloat(v) === 0", timeout_ms=5_000)
    wait_attr(page, "data-story-step", "v === null", timeout_ms=5_000)
    assert root.locator(".keta-story-caption").text_content() == ""
    assert scene.button("Start story").is_visible()
    assert_no_console_errors(scene.console_log)


def test_zoom_log_time_and_reset(scene):
    page, root = scene.page, scene.root
    _settle(scene, "view.playing = False; view.time_h = 0.5")
    actors = _actor_ids()
    assert root.get_attribute("data-zoom") == "circuit", root.get_attribute("data-zoom")
    _transitions_done(scene)
    assert _shown_actors(scene) == set(actors["circuit"]), f"circuit zoom shows {_shown_actors(scene)}"

    # Zoom in: data-zoom follows, the synapse's actors are drawn and the circuit's are not.
    zoom = scene.button("Synapse zoom")  # one toggle for both zooms (docs/diagram.md)
    assert zoom.count() == 1, "no 'Synapse zoom' toggle"
    assert zoom.get_attribute("aria-pressed") == "false"
    zoom.click()
    wait_attr(page, "data-zoom", "v === 'synapse'", timeout_ms=5_000)
    _transitions_done(scene)
    assert _shown_actors(scene) == set(actors["synapse"]), f"synapse zoom shows {_shown_actors(scene)}"
    assert zoom.get_attribute("aria-pressed") == "true"
    save_screenshot(page, "scene-synapse-zoom.png", locator=root)
    zoom.click()
    wait_attr(page, "data-zoom", "v === 'circuit'", timeout_ms=5_000)
    assert zoom.get_attribute("aria-pressed") == "false"

    # Log time, by keyboard: a toggle with aria-pressed; data-time-mode switches linear <-> log.
    log_time = scene.button("Log time")
    assert log_time.count() == 1, "no 'Log time' toggle"
    assert root.get_attribute("data-time-mode") == "linear"
    assert log_time.get_attribute("aria-pressed") == "false"
    log_time.focus()
    page.keyboard.press("Enter")
    wait_attr(page, "data-time-mode", "v === 'log'", timeout_ms=3_000)
    assert log_time.get_attribute("aria-pressed") == "true"

    # Reset view from a busy state (in the story, zoomed in, log time, a layer hidden, another speed, playing):
    # back to how the widget opens (docs/diagram.md): time 0, circuit zoom, every layer shown, no story,
    # linear time, paused; the speed stays (the lab picks it to fit the run).
    scene.button("Start story").click()
    wait_attr(page, "data-story-step", "v !== null", timeout_ms=5_000)
    scene.button("Next step").click()  # the story's second step zooms in (checked in test_story_walk)
    wait_attr(page, "data-zoom", "v === 'synapse'", timeout_ms=5_000)
    assert root.get_attribute("data-time-mode") == "log"
    labels = root.locator(".keta-layer-toggle-labels")
    labels.click()
    assert labels.get_attribute("aria-pressed") == "false"
    root.locator(".keta-speed").select_option("1")
    root.locator(".keta-play").click()
    wait_attr(page, "data-playing", "v === 'true'", timeout_ms=3_000)
    scene.button("Reset view").click()
    wait_attr(page, "data-zoom", "v === 'circuit'", timeout_ms=5_000)
    wait_attr(page, "data-story-step", "v === null", timeout_ms=5_000)
    wait_attr(page, "data-time-h", "parseFloat(v) === 0", timeout_ms=5_000)
    wait_attr(page, "data-playing", "v === 'false'", timeout_ms=3_000)
    assert root.get_attribute("data-time-mode") == "linear" and log_time.get_attribute("aria-pressed") == "false"
    assert not root.get_attribute("data-highlighted")
    assert root.locator("[data-actor].keta-highlight").count() == 0
    assert root.locator(".keta-layer-toggle[aria-pressed='false']").count() == 0, "a layer stays hidden"
    assert root.locator(".keta-speed").input_value() == "1"
    assert read_python_value(page, "[view.time_h, view.playing, view.speed]") == [0.0, False, 1.0]
    assert page.locator(".keta-error").count() == 0
    assert_no_console_errors(scene.console_log)


# --------------------------------------------------------------------------- shortcuts, motion, width


#: Where the glutamate, ketamine and vesicle particles are drawn (their geometry attributes), given the root.
MOVING_PARTS_JS = (
    "[...r.querySelectorAll('[data-actor=glutamate] *, [data-actor=ketamine] *, [data-actor=presynaptic_terminal] *')]"
    ".map(e => ['transform', 'cx', 'cy', 'x', 'y', 'opacity'].map(a => e.getAttribute(a)).join(',')).join('|')"
)


def _moving_parts(scene: Scene) -> str:
    return scene.root.evaluate("r => " + MOVING_PARTS_JS)


def test_shortcuts_reduced_motion_and_narrow_width(scene):
    page, root = scene.page, scene.root
    _settle(scene, "view.playing = False; view.time_h = 0.5")

    # Keyboard shortcuts reach the widget from any of its controls (docs/diagram.md lists them).
    scene.button("Log time").focus()
    page.keyboard.press("k")
    wait_attr(page, "data-playing", "v === 'true'", timeout_ms=3_000)
    page.keyboard.press("k")
    wait_attr(page, "data-playing", "v === 'false'", timeout_ms=3_000)
    before = attr_float(root, "data-time-h")
    page.keyboard.press("ArrowRight")
    wait_attr(page, "data-time-h", f"parseFloat(v) > {before}", timeout_ms=3_000)
    page.keyboard.press("z")
    wait_attr(page, "data-zoom", "v === 'synapse'", timeout_ms=3_000)
    page.keyboard.press("z")
    wait_attr(page, "data-zoom", "v === 'circuit'", timeout_ms=3_000)
    page.keyboard.press("l")
    wait_attr(page, "data-time-mode", "v === 'log'", timeout_ms=3_000)
    page.keyboard.press("r")  # a stray R must not wipe the lesson: reset is Shift+R
    page.wait_for_timeout(300)
    assert root.get_attribute("data-time-mode") == "log"
    page.keyboard.press("Shift+R")
    wait_attr(page, "data-time-mode", "v === 'linear'", timeout_ms=3_000)
    wait_attr(page, "data-time-h", "parseFloat(v) === 0", timeout_ms=3_000)

    # prefers-reduced-motion: a paused diagram stands still; without it, the molecules drift.
    _settle(scene, "view.playing = False; view.time_h = 0.5")
    root.scroll_into_view_if_needed()  # the drift is drawn only while the diagram is in view
    page.emulate_media(reduced_motion="reduce")
    page.wait_for_timeout(300)
    still = _moving_parts(scene)
    page.wait_for_timeout(600)
    assert _moving_parts(scene) == still, "the paused diagram moved under prefers-reduced-motion"
    page.emulate_media(reduced_motion="no-preference")
    drifting = _moving_parts(scene)
    # The drift is slow (and redrawn at 20 fps while paused): wait for it to show, up to a few seconds.
    page.wait_for_function(
        "([sel, before]) => { const r = document.querySelector(sel); return (" + MOVING_PARTS_JS + ") !== before; }",
        arg=[KETA, drifting],
        timeout=5_000,
    )

    # 480 px wide: the diagram fits, nothing sticks out sideways, the controls are still there.
    try:
        page.set_viewport_size({"width": 480, "height": PAGE_VIEWPORT["height"]})
        page.wait_for_timeout(500)
        box = root.bounding_box()
        assert box and box["width"] <= 480, box
        assert root.evaluate("r => r.scrollWidth - r.clientWidth") <= 1, "the diagram overflows at 480 px"
        for name in ("Start story", "Synapse zoom", "Log time", "Reset view"):
            assert scene.button(name).is_visible(), f"{name} hidden at 480 px"
        save_screenshot(page, "scene-480px.png", locator=root)
    finally:
        page.set_viewport_size(PAGE_VIEWPORT)
    assert page.locator(".keta-error").count() == 0
    assert_no_console_errors(scene.console_log)
