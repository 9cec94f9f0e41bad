"""Playback performance of the synapse scene in real JupyterLab and headless Chromium.

Written as JSON to ``benchmarks/results/scene.json`` (``--quick``: a short smoke run, written to
``benchmarks/results/scene-quick.json.tmp``, which git ignores). Run::

    .venv/bin/python benchmarks/scene_perf.py            # ~9 min (--profile: ~10 min)
    .venv/bin/python benchmarks/scene_perf.py --quick    # ~1.5 min
    .venv/bin/python benchmarks/scene_perf.py --presenting   # ~2 min: presenting, at three screen sizes

Scenario: the e2e suite's JupyterLab server (``start_lab_server`` from tests/e2e/conftest.py, the same
isolated config and prebuilt labextensions) serves a notebook with one cell,
``lab = kw.KetamineLab(); lab.speed = 1/30; lab``: the whole lab (diagram, bqplot charts, controls),
playing at 2 simulated minutes per second, so the 60 s window covers the first two hours (the
infusion, the peak of brain ketamine, the glutamate surge: the most particles and flashes on screen)
and the 5 minutes cover 0-10 h without reaching the end of the 12 h trajectory. Playback is started by
clicking the diagram's Play button; the diagram is scrolled into view and stays there (the widget skips
still frames when it is off screen, which would flatter the numbers). Chromium is Debian's, launched as
in the e2e conftest (headless, --disable-gpu: software rendering, as on a projector laptop without GPU
acceleration it would be a worst case).

Measured (methods also recorded in the JSON):

* frames per second over 60 s: requestAnimationFrame callbacks of the widget's own loop (one per frame);
* script time per frame, p50/p95/max: an init script wraps ``window.requestAnimationFrame`` so every
  callback is timed with ``performance.now()`` before and after (100 us resolution outside
  cross-origin isolation); a callback is the widget's when the code that registered it was loaded from a
  ``blob:`` URL (anywidget imports the bundle that way), found once per callback function from an
  ``Error().stack``. All other rAF callbacks of the page (JupyterLab, bqplot/d3 transitions) are timed
  too and reported apart;
* long tasks over 50 ms in those 60 s (PerformanceObserver ``longtask``), count and longest, with the
  Long Animation Frames API's script attribution (``long-animation-frame``) for any frame over 50 ms;
* a Chromium trace (devtools.timeline, 30 s) after the heap window: main-thread time per frame split
  into script, style/layout and paint/composite, which the rAF timing cannot see;
* the same frame measurements for a second window with the synapse zoom (the microscope scene) shown;
* main-thread time per frame (traces of 10 s, 5 s with a layer hidden) while playing or paused, with
  or without motion (emulated prefers-reduced-motion), and paused with each layer hidden: what the
  cost follows (``--diagnose`` runs only this);
* JS heap growth over 5 minutes of playback: CDP ``HeapProfiler.collectGarbage`` (twice) then
  ``Runtime.getHeapUsage`` at the start and at the end, plus DOM node and listener counts
  (``Performance.getMetrics``). The per-frame records of the 60 s window are dropped before the end
  sample so the instrumentation's own arrays do not count as growth.

``--profile`` additionally records a 10 s CPU profile (CDP Profiler) of an unminified build of js/ (same
code, readable function names), and writes the functions with the most self time to the JSON and the
raw profiles to ``benchmarks/results/scene-<zoom>.cpuprofile.tmp``, for each zoom.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))  # tests.e2e: the e2e suite's server and notebook helpers

from _common import machine, percentile, write  # noqa: E402

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, VIEWPORT, start_lab_server, stop_lab_server  # noqa: E402
from tests.e2e.lab_helpers import collapse_left_sidebar, dismiss_popups, open_notebook, run_all_cells, write_notebook  # noqa: E402

OUT = HERE / "results" / "scene.json"
OUT_QUICK = HERE / "results" / "scene-quick.json.tmp"
PROFILE_DIR = HERE / "results"  # raw profiles: scene-<zoom>.cpuprofile.tmp
KETA = ".keta-synapse"
SPEED_H_PER_S = 1 / 30
TARGETS = {
    "fps_min": 55.0,  # "about 60": at most one frame in ten dropped
    "script_ms_per_frame_p95_max": 4.0,
    "long_tasks_over_50ms_max": 0,
    "heap_growth_mb_max": 5.0,
}

# Installed before any page script runs. Keeps constant memory outside the detailed window.
INIT_SCRIPT = r"""
(() => {
  const perf = {
    detailed: false, windowStart: 0, windowEnd: 0,
    frameTs: [], widgetMs: [], otherMs: [], widgetCalls: [],
    count: { widgetCalls: 0, frames: 0 },
    sources: {}, longtasks: [], loaf: [],
  };
  window.__ketaPerf = perf;
  const nativeRaf = window.requestAnimationFrame.bind(window);
  const tags = new WeakMap();
  let curTs = -1, curWidget = 0, curOther = 0, curCalls = 0;
  function flushFrame() {
    if (curTs >= 0 && perf.detailed) {
      perf.frameTs.push(curTs); perf.widgetMs.push(curWidget); perf.otherMs.push(curOther);
      perf.widgetCalls.push(curCalls);
    }
    curWidget = 0; curOther = 0; curCalls = 0;
  }
  function tagOf(cb) {
    let tag = tags.get(cb);
    if (tag === undefined) {
      // The first stack frame not in this script is the caller of requestAnimationFrame.
      const lines = (new Error().stack || "").split("\n");
      const caller = lines[lines.findIndex((l) => l.includes("__ketaPerfInit")) + 1] || "";
      const m = caller.match(/\((.*?):\d+:\d+\)$/) || caller.match(/at (\S+?):\d+:\d+$/);
      const url = m ? m[1] : "<unknown>";
      tag = url.startsWith("blob:") ? "widget" : "other";
      tags.set(cb, tag);
      const key = tag + " " + url.replace(/\?.*$/, "");
      perf.sources[key] = (perf.sources[key] || 0) + 1;
    }
    return tag;
  }
  window.requestAnimationFrame = function __ketaPerfInit(cb) {
    const tag = tagOf(cb);
    return nativeRaf(function __ketaPerfInit_cb(ts) {
      if (ts !== curTs) { flushFrame(); curTs = ts; perf.count.frames++; }
      const t0 = performance.now();
      try {
        return cb(ts);
      } finally {
        const d = performance.now() - t0;
        if (tag === "widget") { curWidget += d; curCalls++; perf.count.widgetCalls++; }
        else curOther += d;
      }
    });
  };
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        perf.longtasks.push({ start: e.startTime, duration: e.duration,
          attribution: (e.attribution || []).map((a) => `${a.containerType} ${a.containerName} ${a.containerSrc}`) });
      }
    }).observe({ type: "longtask", buffered: true });
  } catch (e) { perf.longtaskError = String(e); }
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        perf.loaf.push({ start: e.startTime, duration: e.duration, blockingDuration: e.blockingDuration,
          renderStart: e.renderStart, styleAndLayoutStart: e.styleAndLayoutStart,
          scripts: (e.scripts || []).map((s) => ({ invoker: s.invoker, invokerType: s.invokerType,
            sourceURL: (s.sourceURL || "").slice(0, 120), sourceFunctionName: s.sourceFunctionName,
            duration: s.duration, forcedStyleAndLayoutDuration: s.forcedStyleAndLayoutDuration })) });
      }
    }).observe({ type: "long-animation-frame", buffered: true });
  } catch (e) { perf.loafError = String(e); }
})();
"""


def rounded(x: float, n: int = 3) -> float:
    return round(float(x), n)


def heap_sample(cdp) -> dict:
    """Heap and DOM counters after a forced full GC (twice: the first may leave finalisable garbage)."""
    cdp.send("HeapProfiler.collectGarbage")
    cdp.send("HeapProfiler.collectGarbage")
    usage = cdp.send("Runtime.getHeapUsage")
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    return {
        "heap_used_mb": usage["usedSize"] / 2**20,
        "heap_total_mb": usage["totalSize"] / 2**20,
        "dom_nodes": int(metrics.get("Nodes", -1)),
        "js_event_listeners": int(metrics.get("JSEventListeners", -1)),
        "documents": int(metrics.get("Documents", -1)),
    }


def diagram_state(page) -> dict:
    return page.evaluate(
        """sel => { const el = document.querySelector(sel); const r = el.getBoundingClientRect();
            return { time_h: parseFloat(el.getAttribute('data-time-h')), playing: el.getAttribute('data-playing'),
                     in_view: r.bottom > 0 && r.top < innerHeight, error: el.getAttribute('data-error'),
                     presenting: el.getAttribute('data-presenting') }; }""",
        KETA,
    )


def trace_summary(raw: bytes, seconds: float) -> dict:
    """Main-thread time of the page's renderer, per frame, split by kind of work."""
    data = json.loads(raw)
    events = data["traceEvents"] if isinstance(data, dict) else data
    main_threads = {
        (e["pid"], e["tid"]) for e in events
        if e.get("ph") == "M" and e.get("name") == "thread_name" and e.get("args", {}).get("name") == "CrRendererMain"
    }
    # The page's renderer is the one whose main thread fires animation frames.
    counts: dict[tuple, int] = {}
    for e in events:
        if e.get("name") == "FireAnimationFrame" and (e["pid"], e["tid"]) in main_threads:
            counts[(e["pid"], e["tid"])] = counts.get((e["pid"], e["tid"]), 0) + 1
    if not counts:
        return {"error": "no FireAnimationFrame events on a renderer main thread"}
    main = max(counts, key=counts.get)
    kinds = {
        "script_raf": {"FireAnimationFrame"},
        "script_other": {"FunctionCall", "EvaluateScript", "TimerFire", "EventDispatch", "v8.evaluateModule"},
        "style_layout": {"UpdateLayoutTree", "Layout", "RecalculateStyles"},
        "paint_composite": {"PrePaint", "Paint", "Layerize", "Commit", "UpdateLayer", "CompositeLayers", "PaintImage"},
        "gc": {"MajorGC", "MinorGC", "V8.GC_MARK_COMPACTOR", "V8.GC_SCAVENGER", "BlinkGC.AtomicPhase"},
    }
    totals = {k: 0.0 for k in kinds}
    tasks_ms = 0.0
    raf_durations = []
    begin = min(e["ts"] for e in events if e.get("ts"))
    for e in events:
        if (e.get("pid"), e.get("tid")) != main or e.get("ph") != "X":
            continue
        dur = e.get("dur", 0) / 1000
        name = e.get("name")
        if name == "RunTask":
            tasks_ms += dur
        if name == "FireAnimationFrame":
            raf_durations.append(dur)
        for k, names in kinds.items():
            if name in names:
                totals[k] += dur
    frames = max(len(raf_durations), 1)
    # Tasks over 50 ms: wall time vs the thread's own CPU time (a big gap means the OS ran something
    # else: machine load, not page work), and what ran inside them (nested events overlap).
    main_x = sorted((e for e in events if (e.get("pid"), e.get("tid")) == main and e.get("ph") == "X"),
                    key=lambda e: e["ts"])
    long_tasks = []
    for task in (e for e in main_x if e.get("name") == "RunTask" and e.get("dur", 0) > 50_000):
        inside: dict[str, float] = {}
        for e in main_x:
            if task["ts"] < e["ts"] < task["ts"] + task["dur"] and e.get("name") != "RunTask":
                inside[e["name"]] = inside.get(e["name"], 0.0) + e.get("dur", 0) / 1000
        long_tasks.append({
            "wall_ms": rounded(task["dur"] / 1000, 1),
            "thread_cpu_ms": rounded(task.get("tdur", 0) / 1000, 1) if "tdur" in task else None,
            "inside_ms": {k: rounded(v, 1) for k, v in sorted(inside.items(), key=lambda kv: -kv[1])[:6]},
        })
    # What gets repainted: Paint events by the layer's DOM node, with the painted area.
    paints: dict[str, list[float]] = {}
    for e in main_x:
        if e.get("name") == "Paint":
            d = e.get("args", {}).get("data", {})
            clip = d.get("clip") or []
            area = 0.0
            if len(clip) == 8:
                xs, ys = clip[0::2], clip[1::2]
                area = (max(xs) - min(xs)) * (max(ys) - min(ys))
            name = str(d.get("nodeName") or d.get("layerId") or "?")[:80]
            paints.setdefault(name, []).append(area)
    paint_layers = sorted(
        ({"layer": k, "paints_per_frame": rounded(len(v) / frames, 2), "mean_area_px2": int(statistics.fmean(v))}
         for k, v in paints.items()), key=lambda r: -r["paints_per_frame"] * r["mean_area_px2"])[:8]
    return {
        "seconds": seconds,
        "animation_frames": len(raf_durations),
        "paint_by_layer": paint_layers,
        "main_thread_busy_fraction": rounded(tasks_ms / (seconds * 1000), 3),
        "main_thread_ms_per_frame": rounded(tasks_ms / frames),
        "ms_per_frame_by_kind": {k: rounded(v / frames) for k, v in totals.items()},
        "fire_animation_frame_ms": {
            "p50": rounded(percentile(raf_durations, 50)),
            "p95": rounded(percentile(raf_durations, 95)),
            "max": rounded(max(raf_durations, default=float("nan"))),
        },
        "tasks_over_50ms": long_tasks,
        "tasks_over_50ms_with_50ms_of_thread_cpu": sum(1 for t in long_tasks if (t["thread_cpu_ms"] or 0) > 50),
        "note": "kinds nest (a FunctionCall may contain style/layout it forced); 'script_raf' is every "
                "rAF callback of the frame (widget + JupyterLab + bqplot) as Chromium times it",
        "_trace_begin_us": begin,
    }


def unminified_bundle(tmp: pathlib.Path) -> pathlib.Path:
    """js/ built like `npm run build` but without --minify, for readable function names in profiles."""
    esbuild = REPO / "node_modules" / ".bin" / "esbuild"
    subprocess.run(
        [str(esbuild), "js/index.ts", "--bundle", "--format=esm", "--target=es2020", f"--outdir={tmp}",
         "--entry-names=widget", "--loader:.css=css", "--log-level=warning"],
        cwd=REPO, check=True,
    )
    return tmp / "widget.js"


def profile_summary(profile: dict, top: int = 20) -> dict:
    """Where a CDP CPU profile's time went: functions by self time; the same with native leaves (DOM
    calls such as setAttribute, "(program)" is Blink/rendering work outside JS) charged to the nearest
    JavaScript caller; and the share of samples with the widget's code (the blob: module) on the stack."""
    nodes = {n["id"]: n for n in profile["nodes"]}
    parent = {c: n["id"] for n in profile["nodes"] for c in n.get("children", [])}
    counts: dict[int, float] = {}
    for sid, dt in zip(profile.get("samples", []), profile.get("timeDeltas", [])):
        counts[sid] = counts.get(sid, 0.0) + dt

    def key(nid: int) -> tuple:
        cf = nodes[nid]["callFrame"]
        url = cf.get("url", "")
        return (cf.get("functionName") or "(anonymous)", "widget" if url.startswith("blob:") else url.split("/")[-1][:50],
                cf.get("lineNumber", -1) + 1)

    def js_caller(nid: int) -> int:
        n = nid
        while n in parent and not nodes[n]["callFrame"].get("url"):
            n = parent[n]
        return n if nodes[n]["callFrame"].get("url") else nid

    def in_widget(nid: int) -> bool:
        n = nid
        while True:
            if nodes[n]["callFrame"].get("url", "").startswith("blob:"):
                return True
            if n not in parent:
                return False
            n = parent[n]

    by_self: dict[tuple, float] = {}
    by_caller: dict[tuple, float] = {}
    widget_us = 0.0
    for nid, us in counts.items():
        by_self[key(nid)] = by_self.get(key(nid), 0.0) + us
        by_caller[key(js_caller(nid))] = by_caller.get(key(js_caller(nid)), 0.0) + us
        if in_widget(nid):
            widget_us += us
    total = sum(counts.values()) or 1.0

    def rows(table: dict) -> list[dict]:
        return [{"function": f, "source": u, "line": ln, "ms": rounded(us / 1000, 1), "share": rounded(us / total, 3)}
                for (f, u, ln), us in sorted(table.items(), key=lambda kv: -kv[1])[:top]]

    return {"total_ms": rounded(total / 1000, 1), "widget_inclusive_ms": rounded(widget_us / 1000, 1),
            "widget_inclusive_share": rounded(widget_us / total, 3),
            "top_self_time": rows(by_self), "top_charged_to_js_caller": rows(by_caller)}


def diagnose(page, browser, ws: dict, seconds: float = 10.0) -> dict:
    """Main-thread time per frame (trace) in four states. Paused, the widget keeps drawing its wall-clock
    animations (flashes, swaying particles) but the playhead stands still and nothing goes to the
    kernel; reduced motion (emulated prefers-reduced-motion) stops the wall-clock animations."""
    states = {}
    for name, playing, reduced in (("playing", True, False), ("playing_reduced_motion", True, True),
                                   ("paused", False, False), ("paused_reduced_motion", False, True)):
        page.emulate_media(reduced_motion="reduce" if reduced else "no-preference")
        if diagram_state(page)["playing"] != str(playing).lower():
            page.locator(f"{KETA} .keta-play").click()
        page.mouse.move(2, VIEWPORT["height"] - 2)
        page.wait_for_timeout(1500)
        ws0, t0 = dict(ws), time.monotonic()
        browser.start_tracing(page=page, categories=[
            "toplevel", "devtools.timeline", "disabled-by-default-devtools.timeline"])
        page.wait_for_timeout(seconds * 1000)
        t = trace_summary(browser.stop_tracing(), seconds)
        states[name] = {
            "main_thread_busy_fraction": t.get("main_thread_busy_fraction"),
            "animation_frames_per_s": rounded(t.get("animation_frames", 0) / seconds, 1),
            "main_thread_ms_per_s": rounded(t.get("main_thread_busy_fraction", 0) * 1000, 1),
            "ms_per_frame_by_kind": t.get("ms_per_frame_by_kind"),
            "paint_by_layer": t.get("paint_by_layer", [])[:3],
            "websocket_frames_per_s": {k: rounded((ws[k] - ws0[k]) / (time.monotonic() - t0), 1) for k in ws},
        }
    page.emulate_media(reduced_motion="no-preference")
    # Paused with motion, one layer hidden at a time: which wall-clock animation the paint cost follows.
    for layer in ("ions", "ketamine", "interneuron", "labels"):
        toggle = page.locator(f"{KETA} .keta-layer-toggle-{layer}")
        toggle.click()
        page.mouse.move(2, VIEWPORT["height"] - 2)
        page.wait_for_timeout(1000)
        browser.start_tracing(page=page, categories=["toplevel", "devtools.timeline",
                                                     "disabled-by-default-devtools.timeline"])
        page.wait_for_timeout(seconds / 2 * 1000)
        t = trace_summary(browser.stop_tracing(), seconds / 2)
        states[f"paused_without_{layer}"] = {
            "main_thread_busy_fraction": t.get("main_thread_busy_fraction"),
            "ms_per_frame_by_kind": t.get("ms_per_frame_by_kind"),
        }
        toggle.click()
    return states


#: Screens a teacher projects from (presenting): a small projector, a 4:3 one, full HD.
PRESENTING_SCREENS = ((1280, 720), (1024, 768), (1920, 1080))


def presenting(page, browser, seconds: float) -> dict:
    """Playback while presenting (the diagram filling the screen), per screen size: the same frame
    window and a trace of the main thread. A larger scene costs more to paint in software rendering,
    so this is where a projector laptop without GPU would drop frames first."""
    screens = {}
    for width, height in PRESENTING_SCREENS:
        page.set_viewport_size({"width": width, "height": height})
        page.locator(f"{KETA} .keta-present").click()
        page.wait_for_function(f"() => document.querySelector('{KETA}').getAttribute('data-presenting') === 'true'")
        if diagram_state(page)["playing"] != "true":
            page.locator(f"{KETA} .keta-play").click()
        page.mouse.move(2, height - 2)
        page.wait_for_timeout(1500)  # past the layout change and the first frames
        stage = page.locator(f"{KETA} .keta-stage").bounding_box()
        win = summarise_window(record_window(page, seconds))
        browser.start_tracing(page=page, categories=["toplevel", "devtools.timeline", "disabled-by-default-devtools.timeline"])
        page.wait_for_timeout(min(seconds, 10.0) * 1000)
        trace = trace_summary(browser.stop_tracing(), min(seconds, 10.0))
        screens[f"{width}x{height}"] = {
            "stage_px": [round(stage["width"]), round(stage["height"])] if stage else None,
            "still_presenting": diagram_state(page)["presenting"] == "true",
            "still_playing": diagram_state(page)["playing"] == "true",
            "fps": win["fps"],
            "frame_interval_ms": win["frame_interval_ms"],
            "widget_script_ms_per_frame": win["widget_script_ms_per_frame"],
            "long_tasks": {k: win["long_tasks"][k] for k in ("count", "over_50ms", "max_ms")},
            "main_thread_busy_fraction": trace.get("main_thread_busy_fraction"),
            "ms_per_frame_by_kind": trace.get("ms_per_frame_by_kind"),
        }
        page.keyboard.press("Escape")
        page.wait_for_function(f"() => document.querySelector('{KETA}').getAttribute('data-presenting') === 'false'")
        # Back to the first hours, so every screen is timed over the same part of the run.
        page.locator(f"{KETA} .keta-scrub").focus()
        page.keyboard.press("Home")
    page.set_viewport_size(VIEWPORT)
    return screens


def cpu_profile(cdp, page, name: str, seconds: float = 10) -> dict:
    """A CDP sampling CPU profile of ``seconds`` of playback, summarised; raw profile kept as .tmp."""
    cdp.send("Profiler.enable")
    cdp.send("Profiler.setSamplingInterval", {"interval": 200})
    cdp.send("Profiler.start")
    page.wait_for_timeout(seconds * 1000)
    prof = cdp.send("Profiler.stop")["profile"]
    raw = PROFILE_DIR / f"scene-{name}.cpuprofile.tmp"
    raw.write_text(json.dumps(prof))
    return {"seconds": seconds, "sampling_interval_us": 200, "bundle": "unminified build of js/",
            "raw": str(raw.relative_to(REPO)), **profile_summary(prof)}


def record_window(page, seconds: float) -> dict:
    """Record every frame's rAF timings, long tasks and long animation frames for ``seconds``; the
    page's per-frame arrays are emptied afterwards (they would otherwise count as heap growth)."""
    page.evaluate("() => { const p = window.__ketaPerf; p.detailed = true; p.windowStart = performance.now(); "
                  "p.count.widgetCalls = 0; p.count.frames = 0; }")
    page.wait_for_timeout(seconds * 1000)
    return page.evaluate(
        "() => { const p = window.__ketaPerf; p.detailed = false; p.windowEnd = performance.now(); "
        "const r = { start: p.windowStart, end: p.windowEnd, frameTs: p.frameTs, widgetMs: p.widgetMs, "
        "otherMs: p.otherMs, widgetCalls: p.widgetCalls, count: {...p.count}, "
        "longtasks: p.longtasks.filter(t => t.start >= p.windowStart && t.start < p.windowEnd), "
        "loaf: p.loaf.filter(t => t.start >= p.windowStart && t.start < p.windowEnd), "
        "longtaskError: p.longtaskError, loafError: p.loafError, sources: {...p.sources} }; "
        "p.frameTs = []; p.widgetMs = []; p.otherMs = []; p.widgetCalls = []; p.loaf = []; p.longtasks = []; "
        "return r; }"
    )


def summarise_window(win: dict) -> dict:
    """fps, the widget's and all rAF script time per frame, frame intervals, long tasks and LoAF."""
    duration_s = (win["end"] - win["start"]) / 1000
    widget_frames = [ms for ms, calls in zip(win["widgetMs"], win["widgetCalls"]) if calls > 0]
    all_frames = [w + o for w, o in zip(win["widgetMs"], win["otherMs"])]
    ts = win["frameTs"]
    intervals = [b - a for a, b in zip(ts, ts[1:])]
    long_tasks = win["longtasks"]
    return {
        "window_s": rounded(duration_s, 2),
        "fps": rounded(win["count"]["widgetCalls"] / duration_s, 1),
        "frames_with_any_raf_callback_per_s": rounded(win["count"]["frames"] / duration_s, 1),
        "frame_interval_ms": {"p50": rounded(percentile(intervals, 50)), "p95": rounded(percentile(intervals, 95)),
                              "max": rounded(max(intervals, default=float("nan"))),
                              "over_25ms": sum(1 for i in intervals if i > 25)},
        "widget_script_ms_per_frame": {
            "frames": len(widget_frames),
            "p50": rounded(percentile(widget_frames, 50)),
            "p95": rounded(percentile(widget_frames, 95)),
            "max": rounded(max(widget_frames, default=float("nan"))),
            "mean": rounded(statistics.fmean(widget_frames)) if widget_frames else None,
        },
        "all_raf_script_ms_per_frame": {"p50": rounded(percentile(all_frames, 50)),
                                        "p95": rounded(percentile(all_frames, 95)),
                                        "max": rounded(max(all_frames, default=float("nan")))},
        "long_tasks": {"count": len(long_tasks), "over_50ms": sum(1 for t in long_tasks if t["duration"] > 50),
                       "max_ms": rounded(max((t["duration"] for t in long_tasks), default=0.0), 1),
                       "entries": long_tasks[:20], "observer_error": win.get("longtaskError")},
        "long_animation_frames": {"count": len(win["loaf"]), "entries": win["loaf"][:20],
                                  "observer_error": win.get("loafError")},
    }


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="short smoke run (10 s window, 30 s heap)")
    ap.add_argument("--profile", action="store_true", help="also record a CPU profile of an unminified build")
    ap.add_argument("--view", choices=["lab", "diagram"], default="lab",
                    help="lab: kw.KetamineLab() (the default, what a class sees); diagram: kw.SynapseView alone "
                         "(no charts: tells the diagram's cost from the charts'), written to a .tmp file")
    ap.add_argument("--diagnose", action="store_true",
                    help="instead of the benchmark: main-thread cost per frame in four states (playing or "
                         "paused, with or without motion), 10 s traces each, to tell what the cost follows")
    ap.add_argument("--presenting", action="store_true",
                    help="instead of the benchmark: playback while presenting, at each of PRESENTING_SCREENS "
                         "(20 s window and a 10 s trace each; writes scene-presenting.json)")
    ap.add_argument("--headed", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    window_s = 10.0 if args.quick else 60.0
    heap_s = 30.0 if args.quick else 300.0
    trace_s = min(window_s, 30.0)  # long tasks are rare: a long trace counts them by CPU (~2.5 MB/s of JSON)
    out = OUT_QUICK if args.quick else OUT
    if args.view == "diagram":
        out = out.with_name(f"scene-diagram{'-quick' if args.quick else ''}.json.tmp")
    if args.diagnose:
        out = HERE / "results" / f"scene-{args.view}-diagnose.json.tmp"
    if args.presenting:
        out = HERE / "results" / "scene-presenting.json"

    from playwright.sync_api import sync_playwright

    load_start = os.getloadavg()
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="keta-scene-perf-"))
    (tmp / "home").mkdir()
    (tmp / "root").mkdir()
    server = start_lab_server(tmp / "home", tmp / "root")
    try:
        setup = "import ketawidget as kw\n"
        if args.profile:
            setup += (f"import ketawidget.widget.synapse_view as _sv; _sv.SynapseView._esm = "
                      f"open({str(unminified_bundle(tmp / 'unminified'))!r}).read()\n")
        if args.view == "lab":
            cell = f"lab = kw.KetamineLab()\nlab.speed = {SPEED_H_PER_S!r}\nlab"
        else:
            cell = f"view = kw.SynapseView(kw.simulate(kw.Infusion(0.5, 40), hours=12), speed={SPEED_H_PER_S!r})\nview"
        write_notebook(server, "scene_perf", [setup + cell])
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=not args.headed, args=CHROMIUM_ARGS)
            chromium_version = browser.version
            context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1)
            context.set_default_timeout(30_000)
            context.add_init_script(INIT_SCRIPT)
            page = context.new_page()
            console_errors: list[str] = []
            page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: console_errors.append(str(e)))
            open_notebook(page, server, "scene_perf")
            collapse_left_sidebar(page)
            run_all_cells(page, timeout_s=120)
            root = page.locator(KETA)
            root.wait_for(timeout=30_000)
            page.wait_for_function(f"() => document.querySelector('{KETA}')?.hasAttribute('data-brain-uM')")
            if args.view == "lab":
                page.locator(".bqplot.figure").first.wait_for(state="visible", timeout=30_000)
            dismiss_popups(page)
            # The diagram's top at the top of the notebook area: the whole scene on screen.
            root.evaluate("el => el.scrollIntoView({block: 'start'})")
            page.mouse.move(2, VIEWPORT["height"] - 2)  # no hover state on a control
            page.wait_for_timeout(2000)  # let bqplot's initial transitions and the first layout settle
            sources_before = page.evaluate("() => ({...window.__ketaPerf.sources})")

            cdp = context.new_cdp_session(page)
            cdp.send("Performance.enable")
            # Kernel traffic: every websocket frame the page sends or receives (time_h syncs, echoes,
            # chart updates, busy/idle status messages).
            ws = {"sent": 0, "received": 0, "bytes_received": 0}

            def on_sent(_event) -> None:
                ws["sent"] += 1

            def on_received(event) -> None:
                ws["received"] += 1
                ws["bytes_received"] += len(event.get("response", {}).get("payloadData", ""))

            cdp.on("Network.webSocketFrameSent", on_sent)
            cdp.on("Network.webSocketFrameReceived", on_received)
            cdp.send("Network.enable")
            if args.diagnose:
                result = {"scenario": {"view": args.view, "notebook_cell": cell},
                          "states": diagnose(page, browser, ws), "machine": {"load_average_1_5_15": os.getloadavg()}}
                context.close()
                browser.close()
                return write(out, result)
            if args.presenting:
                screens = presenting(page, browser, 20.0)
                result = {"scenario": {"view": args.view, "notebook_cell": cell, "speed_h_per_s": SPEED_H_PER_S,
                                       "browser": f"Debian Chromium {chromium_version}, headless, args {' '.join(CHROMIUM_ARGS)}",
                                       "window_s": 20.0, "trace_s": 10.0},
                          "targets": {k: TARGETS[k] for k in ("fps_min", "script_ms_per_frame_p95_max", "long_tasks_over_50ms_max")},
                          "measured": screens, "console_errors": console_errors[:20],
                          "machine": dict(machine("jupyterlab", "anywidget", "bqplot"), chromium=chromium_version,
                                          cpu_model=_cpu_model(), load_average_1_5_15=[round(x, 2) for x in os.getloadavg()])}
                context.close()
                browser.close()
                return write(out, result)
            page.locator(f"{KETA} .keta-play").click()
            page.wait_for_function(f"() => document.querySelector('{KETA}').getAttribute('data-playing') === 'true'")
            page.wait_for_timeout(1000)  # past the first frames after play (kernel echo, chart redraw)
            heap_start = heap_sample(cdp)
            state_start = diagram_state(page)
            t_heap0 = time.monotonic()

            # ---- detailed window -------------------------------------------------------------------
            ws_start, t_ws = dict(ws), time.monotonic()
            win = record_window(page, window_s)
            ws_rate = {k: rounded((ws[k] - ws_start[k]) / (time.monotonic() - t_ws), 1) for k in ws}
            state_window_end = diagram_state(page)

            # ---- rest of the heap window: playback continues, nothing recorded per frame ----------------
            page.evaluate("() => { window.__ketaPerf.count.widgetCalls = 0; window.__ketaPerf.count.frames = 0; }")
            t_rest0 = time.monotonic()
            heap_series = []
            while time.monotonic() - t_heap0 < heap_s:
                page.wait_for_timeout(min(10.0, heap_s - (time.monotonic() - t_heap0)) * 1000)
                heap_series.append({"t_s": rounded(time.monotonic() - t_heap0, 1),
                                    "heap_used_mb": rounded(cdp.send("Runtime.getHeapUsage")["usedSize"] / 2**20)})
            rest = page.evaluate("() => ({ ...window.__ketaPerf.count, longtasks: window.__ketaPerf.longtasks })")
            rest_s = time.monotonic() - t_rest0
            state_end = diagram_state(page)
            heap_end = heap_sample(cdp)
            heap_elapsed = time.monotonic() - t_heap0

            # ---- trace (after the heap samples, so the tracing machinery does not count) ------------------
            browser.start_tracing(page=page, categories=[
                "toplevel", "devtools.timeline", "disabled-by-default-devtools.timeline", "blink.user_timing"])
            page.wait_for_timeout(trace_s * 1000)
            raw_trace = browser.stop_tracing()
            trace = trace_summary(raw_trace, trace_s)
            trace["trace_mb"] = rounded(len(raw_trace) / 2**20, 1)
            del raw_trace
            trace.pop("_trace_begin_us", None)

            profile = cpu_profile(cdp, page, "circuit") if args.profile else None
            # ---- the synapse zoom (the microscope scene): the same measurements over the same window length ----
            # Back to the first hours (the 12 h run may have ended meanwhile): Home on the scrubber, then play.
            page.locator(f"{KETA} .keta-scrub").focus()
            page.keyboard.press("Home")
            page.wait_for_function(f"() => parseFloat(document.querySelector('{KETA}').getAttribute('data-time-h')) < 0.5")
            if diagram_state(page)["playing"] != "true":
                page.locator(f"{KETA} .keta-play").click()
            page.wait_for_function(f"() => document.querySelector('{KETA}').getAttribute('data-playing') === 'true'")
            page.mouse.move(2, VIEWPORT["height"] - 2)
            page.locator(KETA).get_by_role("button", name="Synapse zoom").click()
            page.wait_for_function(f"() => document.querySelector('{KETA}').getAttribute('data-zoom') === 'synapse'")
            page.wait_for_timeout(2000)  # past the crossfade
            synapse_state_start = diagram_state(page)
            synapse_win = record_window(page, window_s)
            synapse_state_end = diagram_state(page)
            synapse_profile = cpu_profile(cdp, page, "synapse") if args.profile else None
            state_final = diagram_state(page)
            # What the main thread's time follows (see diagnose()), back at the circuit zoom.
            states = None
            if not args.quick:
                page.locator(KETA).get_by_role("button", name="Synapse zoom").click()
                page.wait_for_function(f"() => document.querySelector('{KETA}').getAttribute('data-zoom') === 'circuit'")
                states = diagnose(page, browser, ws)
            context.close()
            browser.close()
    finally:
        stop_lab_server(server)
        shutil.rmtree(tmp, ignore_errors=True)
    load_end = os.getloadavg()

    # ---- summarise ------------------------------------------------------------------------------------
    measured = summarise_window(win)
    fps = measured["fps"]
    script = measured["widget_script_ms_per_frame"]
    growth = heap_end["heap_used_mb"] - heap_start["heap_used_mb"]
    measured.update({
        "websocket_frames_per_s": ws_rate,
        "rest_of_heap_window": {"seconds": rounded(rest_s, 1), "fps": rounded(rest["widgetCalls"] / rest_s, 1),
                                "long_tasks_over_50ms": sum(1 for t in rest["longtasks"] if t["duration"] > 50),
                                "long_task_max_ms": rounded(max((t["duration"] for t in rest["longtasks"]),
                                                                default=0.0), 1)},
        "heap": {"seconds": rounded(heap_elapsed, 1), "start": heap_start, "end": heap_end,
                 "growth_mb": rounded(growth), "series_without_gc": heap_series},
        "trace": trace,
        "playhead_h": {"start": state_start["time_h"], "after_window": state_window_end["time_h"],
                       "heap_end": state_end["time_h"], "final": state_final["time_h"]},
        "still_playing_at_end": state_end["playing"] == "true",
        "diagram_in_view": state_start["in_view"] and state_end["in_view"],
        "console_errors": console_errors[:20],
        "raf_callback_sources": win["sources"],
        "raf_callback_sources_before_play": sources_before,
        "synapse_zoom": dict(summarise_window(synapse_win), playhead_h=[synapse_state_start["time_h"],
                                                                        synapse_state_end["time_h"]],
                             still_playing=synapse_state_end["playing"] == "true"),
    })
    if states:
        measured["main_thread_by_state"] = states
    if profile:
        measured["cpu_profile"] = profile
        measured["synapse_zoom"]["cpu_profile"] = synapse_profile
    passed = {
        "fps": fps >= TARGETS["fps_min"],
        "script_p95": script["p95"] <= TARGETS["script_ms_per_frame_p95_max"],
        "long_tasks": measured["long_tasks"]["over_50ms"] <= TARGETS["long_tasks_over_50ms_max"],
        "heap_growth": growth < TARGETS["heap_growth_mb_max"],
        "synapse_zoom_fps": measured["synapse_zoom"]["fps"] >= TARGETS["fps_min"],
        "synapse_zoom_script_p95": (measured["synapse_zoom"]["widget_script_ms_per_frame"]["p95"]
                                    <= TARGETS["script_ms_per_frame_p95_max"]),
        "synapse_zoom_long_tasks": (measured["synapse_zoom"]["long_tasks"]["over_50ms"]
                                    <= TARGETS["long_tasks_over_50ms_max"]),
    }
    valid = (measured["still_playing_at_end"] and measured["diagram_in_view"] and not state_end["error"]
             and script["frames"] > 0 and measured["synapse_zoom"]["still_playing"])
    result = {
        "quick": args.quick,
        "scenario": {
            "view": args.view,
            "notebook_cell": cell,
            "speed_h_per_s": SPEED_H_PER_S,
            "viewport": VIEWPORT,
            "browser": f"Debian Chromium {chromium_version}, headless, args {' '.join(CHROMIUM_ARGS)}",
            "detailed_window_s": window_s,
            "heap_window_s": heap_s,
            "trace_window_s": trace_s,
        },
        "method": {
            "fps": "the widget's requestAnimationFrame callbacks per second over the window (its loop "
                   "requests one per frame)",
            "script_ms_per_frame": "init script wraps window.requestAnimationFrame; each callback timed with "
                                   "performance.now() (100 us resolution); summed per frame (same rAF "
                                   "timestamp); 'widget' = callbacks registered from the anywidget blob: module",
            "long_tasks": "PerformanceObserver 'longtask' entries starting inside the window; attribution "
                          "from PerformanceObserver 'long-animation-frame' (LoAF) entries",
            "heap": "CDP HeapProfiler.collectGarbage x2, then Runtime.getHeapUsage().usedSize, at the start "
                    "and end of the heap window (whole page: JupyterLab, ipywidgets, bqplot and the diagram)",
            "trace": "Chromium trace, devtools.timeline, renderer main thread: RunTask total and per-kind "
                     "durations divided by the number of FireAnimationFrame events",
        },
        "targets": TARGETS,
        "measured": measured,
        "pass": passed,
        "all_pass": all(passed.values()),
        "valid_run": valid,
        "machine": dict(
            machine("jupyterlab", "anywidget", "bqplot"),
            chromium=chromium_version,
            cpu_model=_cpu_model(),
            platform=platform.platform(),
            load_average_1_5_15_start=[round(x, 2) for x in load_start],
            load_average_1_5_15_end=[round(x, 2) for x in load_end],
        ),
    }
    return write(out, result)


def _cpu_model() -> str:
    try:
        for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


if __name__ == "__main__":
    res = main()
    if "states" in res or "fps" not in res["measured"]:  # --diagnose, --presenting: the whole result
        print(json.dumps(res, indent=2))
        sys.exit(0)
    m = res["measured"]
    print(json.dumps({
        "fps": m["fps"], "widget_script_ms_per_frame": m["widget_script_ms_per_frame"],
        "long_tasks": {k: m["long_tasks"][k] for k in ("count", "over_50ms", "max_ms")},
        "heap_growth_mb": m["heap"]["growth_mb"], "trace": m["trace"],
        "synapse_zoom": {k: m["synapse_zoom"][k] for k in ("fps", "widget_script_ms_per_frame")},
        "pass": res["pass"],
        "valid_run": res["valid_run"], "load": res["machine"]["load_average_1_5_15_start"],
        "websocket_frames_per_s": m["websocket_frames_per_s"],
    }, indent=2))
