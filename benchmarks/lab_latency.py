"""Lab latency: the dose slider moved in the browser -> the re-simulated charts drawn, with a live kernel.

Scenario: the e2e suite's JupyterLab server (``start_lab_server`` from tests/e2e/conftest.py) and
headless Chromium at 1280 x 800; one notebook showing ``kw.KetamineLab()``, scrolled so that the dose
slider is in view, as it is for a student dragging it. The mouse drags the slider's handle by a few
pixels, 50 times (back and forth, so the dose stays in the antidepressant range), pausing between
moves so that each change is measured on its own.

What is timed, in the page: from the pointer event that moves the slider (a capturing listener on
the document) to the first animation frame after a time-series panel's line changed its SVG path
``d`` (a MutationObserver per panel). The headline is the NMDA-block panel, which must be in view:
its y axis is fixed (0 to 145 %), so its path changes only when the new run's data arrive. A panel
that rescales (the drug panel) can also change its path when its new scale arrives a frame before
its new data (the old run on the new scale), which would be timed as an answer; a panel scrolled out
of view is not painted at all.
- ``latency_ms``: the NMDA-block panel redrawn;
- ``all_in_view_redrawn_ms``: every panel in view redrawn (rescaling panels: see above);
- ``all_time_series_redrawn_ms``: all six panels, in view or not.
In between: the slider's message to the kernel, coalescing (``LatestValueWins``), ``kw.simulate``,
the chart and diagram updates, the messages back, bqplot's redraw.
Chromium delivers the pointer event at the start of a frame and the time is read in a frame, so
the samples fall near whole frames (16.7 ms at 60 Hz): three frames read 49.8 to 50.4 ms, four
about 67 ms. bqplot draws a line in the frame after its message is handled (a d3 transition), and
the browser draws a frame between two chart messages whenever one is due, so a panel whose message
is handled a little too late waits a whole frame.

Frame accounting (``frames``, for the headline panel): an init script notes which animation frame is
running, so each sample also says in which frame, counted from the one that delivered the pointer
event, bqplot changed the path (the frame that paints it: the change is made in an animation-frame
callback, before that frame's paint), and how long the input waited for its frame
(``event.timeStamp`` to the listener). The headline starts at the listener, after the input's wait,
and stops at the next frame's callback, before the changing frame has been rastered and swapped:
it is a page-side figure, not the time to the screen.

``--trace`` (writes benchmarks/results/lab_traced.json): the same run under a Chromium trace, which
also says when the frame carrying the headline panel's change was swapped by the display compositor
(after commit, raster, activation and submission), timed from the input event's own time. It is the
closest reading of "drawn" this headless browser gives, and the slower one. It also says how the
page's main thread spent each move's wait (``main_thread_until_headline_changed``: frames, kernel
messages, JupyterLab's own interface, idle; :func:`main_thread_use`), which is where the time goes.

Continuous drag (``continuous_drag``): after the paced moves, the handle is dragged without pauses,
2 px at a time, back and forth, as a hand does: a move is sent every 60 Hz frame or as soon as the
page has taken the previous one, whichever is later (``moves_per_second`` says what the page took;
a busy page coalesces a hand's moves the same way). ipywidgets keeps one slider message in
flight and sends the newest value once the kernel has answered the last one, and the kernel folds
values that queue up into one run, so not every move is simulated. Each redraw of the NMDA-block
panel is timed from the pointer event whose value it shows: the browser logs each value the slider
sends with the last pointer event before it, the kernel logs each run's value and when its charts
left, and a redraw shows the run whose charts left last before it. The bottom panel (spines, out
of view) is followed the same way: the lab draws a dragged slider's run in the two panels nearest
the controls first and in the other four on the kernel's next turn, so its redraw shows the run
whose panels left last before it. Also reported: the time between the NMDA-block panel's redraws,
and how long a value waited in the page for the previous one to be answered. No target; it is what
a student sees while dragging.

Bytes: a hook on the kernel's comm ``publish_msg`` counts every message's JSON and binary buffers
while ``lab.dose`` changes from a cell, split into charts and controls vs the diagram. The total
widget state of a default lab is the JSON plus buffers of every widget reachable from it.

Run: ``.venv/bin/python benchmarks/lab_latency.py`` (writes benchmarks/results/lab.json).
``--without-diagram-updates``: a diagnostic that keeps the diagram on its first run during the drag,
to see what its updates cost the charts (writes benchmarks/results/lab_without_diagram_updates.json).

``--messages`` (writes benchmarks/results/lab_messages.json): the same run, also following every
message of a move through its three hops by its ``msg_id``: when the kernel sent it, when the
Jupyter server passed it to the WebSocket (and how long that took), when the page's WebSocket
handler received it (and how long the handler ran). It says whether the time goes in the kernel,
the server or the page. The probes cost the page time of their own (its latencies read slower than
in lab.json), so take the headline from a plain run.
"""

from __future__ import annotations

import bisect
import json
import math
import os
import pathlib
import statistics
import sys
import tempfile
import time
from collections import Counter

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))  # tests.e2e: the e2e suite's server and notebook helpers

from _common import machine, percentile, write  # noqa: E402

from ketawidget.widget.charts import PANELS  # noqa: E402

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, VIEWPORT, start_lab_server, stop_lab_server  # noqa: E402
from tests.e2e.lab_helpers import (  # noqa: E402
    append_and_run,
    cell_output_text,
    collapse_left_sidebar,
    dismiss_popups,
    open_notebook,
    run_all_cells,
    write_notebook,
)

OUT = HERE / "results" / "lab.json"
OUT_WITHOUT_DIAGRAM = HERE / "results" / "lab_without_diagram_updates.json"
OUT_TRACED = HERE / "results" / "lab_traced.json"
OUT_MESSAGES = HERE / "results" / "lab_messages.json"
CHANGES = int(os.environ.get("KETA_CHANGES", 50))  # fewer for a quick look; figures use 50
#: The continuous drag: this many 2-px moves, one per 60 Hz frame (two seconds of dragging).
CONTINUOUS_MOVES = 120
CONTINUOUS_PACE_S = 1.0 / 60.0
#: Pixels per slider move: about three slider steps (0.01 decades each), a dose change of ~6 %.
STEP_PX = 2
#: Pause after each measured change, so the next one starts with an idle kernel (the diagram's own
#: work after a new trajectory would otherwise be charged to the next change).
SETTLE_MS = 400
TARGET_P50_MS, TARGET_P95_MS = 50.0, 100.0
KETA = ".keta-synapse"
BLOCK_LINES = ".keta-lab .keta-chart-block svg.svg-figure g.curve path.line"
TIME_SERIES_PANELS = tuple(panel.key for panel in PANELS)
#: The panel the headline times: its y axis is fixed, so only new data change its path.
HEADLINE_PANEL = "block"
#: The panel farthest from the controls, also followed during the continuous drag.
BOTTOM_PANEL = TIME_SERIES_PANELS[-1]
#: The notebook's scrolling area: what of the lab is in view.
NOTEBOOK_SCROLLER = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer"
AMOUNT_HANDLE = ".keta-lab .widget-slider:has(.widget-label:text-is('amount (mg/kg)')) .noUi-handle"

# Before any page script (d3's timer keeps its own handle on requestAnimationFrame): note the timestamp
# of the animation frame whose callbacks are running, cleared by a task posted from the frame (it runs
# once the frame's rendering is done).
FRAME_PROBE = """
(() => {
  const raf = window.requestAnimationFrame.bind(window);
  const frame = window.__ketaFrame = {running: null};
  const channel = new MessageChannel();
  channel.port1.onmessage = () => { frame.running = null; };
  window.requestAnimationFrame = callback => raf(ts => {
    if (frame.running === null) { frame.running = ts; channel.port2.postMessage(null); }
    callback(ts);
  });
})();
"""

# Before any page script: log each slider value the page sends to the kernel (an ipywidgets
# "update" carrying a value), with the time of the last pointer event before it (continuous drag).
SEND_PROBE = """
(() => {
  const log = window.__ketaSends = [];
  let lastPointer = null;
  document.addEventListener('pointermove', e => { lastPointer = performance.timeOrigin + e.timeStamp; }, true);
  const send = WebSocket.prototype.send;
  const decoder = new TextDecoder();
  WebSocket.prototype.send = function (data) {
    const text = typeof data === 'string' ? data : decoder.decode(data);
    const value = text.match(/"method":\\s*"update".*?"value":\\s*([-0-9.eE+]+)/s);
    if (value) log.push([performance.timeOrigin + performance.now(), parseFloat(value[1]), lastPointer]);
    return send.call(this, data);
  };
})();
"""

# --messages, before any page script: log each WebSocket message the page receives (epoch ms, how
# long its handler ran, size, msg_id of its header: the first msg_id of the message).
RECEIVE_PROBE = """
(() => {
  const log = window.__ketaReceived = [];
  const handler = Object.getOwnPropertyDescriptor(WebSocket.prototype, 'onmessage');
  const decoder = new TextDecoder();
  Object.defineProperty(WebSocket.prototype, 'onmessage', {
    configurable: true,
    get() { return handler.get.call(this); },
    set(fn) {
      handler.set.call(this, function (event) {
        const start = performance.timeOrigin + performance.now();
        const data = event.data;
        const head = typeof data === 'string' ? data.slice(0, 4000) : decoder.decode(data.slice(0, 4000));
        const result = fn.call(this, event);
        const id = (head.match(/"msg_id":\\s*"([^"]+)"/) || [])[1] || null;
        log.push([start, performance.timeOrigin + performance.now() - start, typeof data === 'string' ? data.length : data.byteLength, id]);
        return result;
      });
    },
  });
})();
"""

# --messages: a server config file that logs each message the server passes from the kernel to the
# page (epoch ms, ms spent, msg_id), one JSON line each, to the path formatted in.
SERVER_RELAY_LOG = r"""
import json as _json, time as _time
from jupyter_server.services.kernels.connection import channels as _channels
_Connection = _channels.ZMQChannelsWebsocketConnection
_relay = _Connection.handle_outgoing_message
_log = open({path!r}, "w")
def _logged_relay(self, stream, msg_list):
    start = _time.time() * 1e3
    result = _relay(self, stream, msg_list)
    try:
        header = _json.loads(bytes(self.session.feed_identities(msg_list)[1][1]))
        _log.write(_json.dumps([start, _time.time() * 1e3 - start, header["msg_id"], header["msg_type"]]) + "\n")
        _log.flush()
    except Exception:  # noqa: BLE001 - a diagnostic must not break the relay
        pass
    return result
_Connection.handle_outgoing_message = _logged_relay
"""

# --messages, kernel side: each message sent on the output channel (epoch ms, msg_id, type, widget class).
SEND_LOG_CELL = """
import time as _time, ipywidgets as _widgets
_sent_log = []
_session = get_ipython().kernel.session
_session_send = _session.send
def _logged_send(stream, msg_or_type, content=None, *args, **kwargs):
    msg = _session_send(stream, msg_or_type, content, *args, **kwargs)
    if isinstance(msg, dict) and "header" in msg:
        comm = content.get("comm_id") if isinstance(content, dict) else None
        widget = _widgets.widgets.widget._instances.get(comm)
        _sent_log.append((_time.time() * 1e3, msg["header"]["msg_id"], msg["header"]["msg_type"], type(widget).__name__ if widget else None))
    return msg
_session.send = _logged_send
"""


def message_timeline(timed: list[dict], sent: list[list], relayed: list[list], received: list[list]) -> dict:
    """Per timed move, each message the kernel sent for it through its three hops (ms from the input)."""
    relay = {r[2]: r for r in relayed}
    receipt = {r[3]: r for r in received if r[3]}
    moves, hops = [], {"kernel_to_server_ms": [], "server_relay_ms": [], "server_to_page_ms": [], "page_handler_ms": []}
    last_chart_received = []
    for move, nxt in zip(timed, [*timed[1:], None]):
        t0 = move["t0_epoch"]
        end = nxt["t0_epoch"] if nxt else t0 + 1000.0
        rows = []
        for when, msg_id, msg_type, widget in sent:
            if not t0 <= when < end or msg_id not in relay or msg_id not in receipt:
                continue
            server, page = relay[msg_id], receipt[msg_id]
            rows.append({"what": widget or msg_type, "kernel_sent": round(when - t0, 1), "server_relayed": round(server[0] - t0, 1),
                         "page_received": round(page[0] - t0, 1), "page_handler_ms": round(page[1], 2), "bytes": page[2]})
            hops["kernel_to_server_ms"].append(server[0] - when)
            hops["server_relay_ms"].append(server[1])
            hops["server_to_page_ms"].append(page[0] - server[0] - server[1])
            hops["page_handler_ms"].append(page[1])
        charts = [r["page_received"] for r in rows if r["what"] in ("Lines", "LinearScale", "Axis", "HTML")]
        if charts:
            last_chart_received.append(max(charts))
        moves.append({"index": move["index"], "headline_ms": round(move["headline"], 1), "messages": rows})
    return {
        "median_hop_ms": {k: round(statistics.median(v), 2) if v else None for k, v in hops.items()},
        "max_hop_ms": {k: round(max(v), 2) if v else None for k, v in hops.items()},
        "median_last_chart_message_received_ms": round(statistics.median(last_chart_received), 1) if last_chart_received else None,
        "moves": moves[:10],  # the first ten in full
    }


# Continuous drag: per panel key, the times (epoch ms) of the first animation frame after each change
# of that panel's path.
REDRAW_LOG = """
(keys) => {
  const visible = e => { const r = e.getBoundingClientRect(); return r.width + r.height > 0; };
  window.__ketaRedraws = {};
  for (const key of keys) {
    const figure = [...document.querySelectorAll(`.keta-lab .keta-chart-${key}`)].filter(visible)[0];
    const log = window.__ketaRedraws[key] = [];
    let waiting = false;
    new MutationObserver(records => {
      if (waiting || !records.some(r => r.target.matches('g.curve path.line'))) return;
      waiting = true;
      requestAnimationFrame(() => { waiting = false; log.push(performance.timeOrigin + performance.now()); });
    }).observe(figure, {subtree: true, attributes: true, attributeFilter: ['d']});
  }
}
"""

# Measurement harness. Per move: t0 at the pointer event, and for each time-series panel the time of
# the first animation frame after one of its lines changed its path, plus the frame accounting
# (the input's wait for its frame; the start of the frame that changed the path, from t0, or null
# if it changed outside a frame callback). Which panels are in view is read once: the page does not
# scroll during the drag.
HARNESS = """
([keys, scrollerSel]) => {
  const frame = window.__ketaFrame;
  if (!frame) throw new Error('the frame probe (an init script) is not installed');
  const visible = e => { const r = e.getBoundingClientRect(); return r.width + r.height > 0; };
  const scroller = document.querySelector(scrollerSel).getBoundingClientRect();
  const top = Math.max(scroller.top, 0), bottom = Math.min(scroller.bottom, window.innerHeight);
  const panels = keys.map(key => {
    const figure = [...document.querySelectorAll(`.keta-lab .keta-chart-${key}`)].filter(visible)[0];
    if (!figure) throw new Error(`no time-series panel ${key}`);
    const r = figure.getBoundingClientRect();
    const shown = Math.max(0, Math.min(r.bottom, bottom) - Math.max(r.top, top));
    return {key, figure, inView: shown >= r.height / 2};
  });
  const lat = window.__ketaLatency = {moves: [], current: null, in_view: panels.filter(p => p.inView).map(p => p.key)};
  const start = event => {
    if (lat.current !== null) return;
    const t0 = performance.now();
    lat.current = {t0, t0_epoch: performance.timeOrigin + t0, input_wait: t0 - event.timeStamp, redrawn: {}, change_frame: {}};
    lat.moves.push(lat.current);
    console.timeStamp(`keta-input-${lat.moves.length - 1}`);  // marks for a Chromium trace (--trace)
  };
  document.addEventListener('pointermove', start, true);
  document.addEventListener('mousemove', start, true);
  for (const {key, figure} of panels) {
    new MutationObserver(records => {
      const move = lat.current;
      if (move === null || key in move.redrawn) return;
      if (!records.some(r => r.target.matches('g.curve path.line'))) return;
      move.redrawn[key] = null;
      move.change_frame[key] = frame.running === null ? null : frame.running - move.t0;
      console.timeStamp(`keta-changed-${lat.moves.indexOf(move)}-${key}`);
      requestAnimationFrame(() => { move.redrawn[key] = performance.now() - move.t0; });
    }).observe(figure, {subtree: true, attributes: true, attributeFilter: ['d']});
  }
  return lat.in_view;
}
"""

# Kernel side, during the drag: when each slider value arrives and when the charts' messages are out.
MARKS_CELL = """
import time as _time
_marks = []
_request = lab._browser_changes.request
def _request_and_mark(**changes):
    _marks.append(("received", _time.time() * 1e3))  # before the lab may apply it at once
    _request(**changes)
lab._browser_changes.request = _request_and_mark
_apply_changes = lab._browser_changes._apply
def _apply_and_mark(changes):
    _marks.append(("applied", _time.time() * 1e3, changes.get("dose_amount")))
    _apply_changes(changes)
lab._browser_changes._apply = _apply_and_mark
_show_charts = lab.timeseries.show
def _show_and_mark(*args, **kwargs):
    _marks.append(("charts_start", _time.time() * 1e3))
    _show_charts(*args, **kwargs)
    # All six panels drawn? (A lab that draws every panel at once, as before 2026-12-07, has no pending.)
    _marks.append(("charts_sent", _time.time() * 1e3, not getattr(lab.timeseries, "pending", [])))
lab.timeseries.show = _show_and_mark
if hasattr(lab.timeseries, "draw_pending"):
    _draw_pending = lab.timeseries.draw_pending
    def _draw_pending_and_mark():
        drawing = bool(lab.timeseries.pending)
        _draw_pending()
        if drawing:
            _marks.append(("pending_sent", _time.time() * 1e3))  # the panels left for later, drawn
    lab.timeseries.draw_pending = _draw_pending_and_mark
"""


def breakdown(starts: list[float], frames: list[float], marks: list[list]) -> dict:
    """Median time from the pointer event to the kernel, in the kernel, and from the kernel to the frame."""
    def first(kind: str, after: float | None, until: float) -> float | None:
        """The first mark of ``kind`` from ``after`` to ``until`` (none if ``after`` is)."""
        if after is None:
            return None
        return next((t for k, t, *_ in marks if k == kind and after <= t <= until), None)

    to_kernel, in_kernel, to_frame, simulating, drawing = [], [], [], [], []
    for start, frame in zip(starts, frames):
        received = first("received", start, frame)
        charts_start = first("charts_start", received, frame)
        sent = first("charts_sent", charts_start, frame)
        if received is None or sent is None:
            continue
        to_kernel.append(received - start)
        in_kernel.append(sent - received)
        simulating.append(charts_start - received)
        drawing.append(sent - charts_start)
        to_frame.append(frame - sent)
    if not to_kernel:
        return {}
    return {
        "samples": len(to_kernel),
        "median_input_to_kernel_ms": round(statistics.median(to_kernel), 1),
        "median_in_kernel_until_charts_sent_ms": round(statistics.median(in_kernel), 1),
        # of which: the message to the lab's re-simulation done, then the charts' messages built and sent
        "median_in_kernel_until_charts_start_ms": round(statistics.median(simulating), 1),
        "median_in_kernel_charts_ms": round(statistics.median(drawing), 1),
        "median_charts_sent_to_frame_ms": round(statistics.median(to_frame), 1),
    }


def continuous_drag(sends: list[list], redraws: dict[str, list[float]], marks: list[list], start: float, moves: int, seconds: float) -> dict:
    """Each redraw of two panels during the continuous drag, timed from the pointer event whose value it shows.

    ``sends``: [time, value, last pointer event time] per slider value the page sent; ``redraws``:
    per panel key (the headline panel and the bottom one), frame times after each change of its
    path; ``marks``: the kernel's (kind, time[, ...]) marks; ``start``: when the drag began. All
    times are epoch ms on this machine's clock. The headline panel (beside the slider) is drawn when
    the lab's charts are shown; the bottom panel then too, or, when the lab leaves it for later,
    when the pending panels are drawn.
    """
    applied = [(m[1], m[2]) for m in marks if m[0] == "applied" and m[1] >= start]
    charts_sent = [m[1] for m in marks if m[0] == "charts_sent" and m[1] >= start]
    all_sent = sorted([m[1] for m in marks if m[0] == "charts_sent" and m[1] >= start and m[2]]
                      + [m[1] for m in marks if m[0] == "pending_sent" and m[1] >= start])

    def follow(panel_redraws: list[float], sent_times: list[float]) -> list[float]:
        latency, shown = [], set()
        for redraw in panel_redraws:
            sent = max((t for t in sent_times if t <= redraw), default=None)
            run = max(((t, v) for t, v in applied if sent is not None and t <= sent), default=None)
            if run is None or sent in shown:
                continue  # before the first run, or a second change of the path for the same run
            shown.add(sent)
            # The value's latest send before the kernel applied it, and the pointer event behind that send.
            source = [s for s in sends if s[0] <= run[0] + 1.0 and s[2] is not None and math.isclose(s[1], run[1], rel_tol=1e-9)]
            if source:
                latency.append(redraw - source[-1][2])
        return latency

    headline = redraws[HEADLINE_PANEL]
    latency = follow(headline, charts_sent)
    bottom = follow(redraws[BOTTOM_PANEL], all_sent)
    intervals = [b - a for a, b in zip(headline, headline[1:])]
    waits = [s[0] - s[2] for s in sends if s[2] is not None]
    summary = lambda v: {**_summary(v), "max": round(max(v), 1)} if v else None  # noqa: E731
    return {
        "moves": moves,
        # Each move waits for the page to take the previous one (as a busy page coalesces a hand's moves).
        "moves_per_second": round(moves / seconds, 1),
        "values_sent": len(sends),
        "resimulations": len(applied),
        "redraws": len(headline),
        "timed": len(latency),
        "input_to_block_panel_redrawn_ms": summary(latency),
        "between_redraws_ms": summary(intervals),
        f"input_to_{BOTTOM_PANEL}_panel_redrawn_ms": summary(bottom),
        "input_to_value_sent_ms": summary(waits),
    }


#: What a Chromium trace needs to say when a frame with a changed chart reached the screen.
TRACE_CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline.frame", "cc", "viz", "benchmark", "toplevel"]
#: One frame at the 60 Hz headless Chromium draws at, ms.
FRAME_MS = 1000.0 / 60.0


def headline_moves(moves: list[dict], in_view: list[str]) -> list[dict]:
    """Per move that every panel in view answered: the headline panel's time and frame, and the slower readings."""
    timed = []
    for index, move in enumerate(moves):
        shown = {k: v for k, v in move["redrawn"].items() if v is not None}
        if not all(k in shown for k in in_view):
            continue  # a move some panel in view did not answer (no value change): counted, not timed
        timed.append({
            "index": index,
            "t0_epoch": move["t0_epoch"],
            "input_wait": move["input_wait"],
            "headline": shown[HEADLINE_PANEL],
            "headline_change_frame": move["change_frame"][HEADLINE_PANEL],
            "all_in_view": max(shown[k] for k in in_view),
            "all_six": max(shown.values()) if len(shown) == len(TIME_SERIES_PANELS) else None,
        })
    return timed


def frame_accounting(timed: list[dict]) -> dict:
    """In which frame after the input's own the headline panel changed, and the input's wait for its frame.

    Two more readings from the pointer event's own time (``event.timeStamp``): to the start of the
    frame that paints the change, and to the next frame's callback (the headline plus the input's
    wait). Neither is the screen: that frame is still to be rastered and swapped (``--trace``).
    """
    waits = [m["input_wait"] for m in timed]
    in_frame = [m for m in timed if m["headline_change_frame"] is not None]
    frames_after = Counter(round(m["headline_change_frame"] / FRAME_MS) for m in in_frame)
    to_painting_frame = [m["input_wait"] + m["headline_change_frame"] for m in in_frame]
    to_next_frame = [m["input_wait"] + m["headline"] for m in timed]
    return {
        "changed_outside_a_frame_callback": len(timed) - len(in_frame),
        "changed_in_frame_n_after_the_input": {str(n): frames_after[n] for n in sorted(frames_after)},
        "input_wait_for_its_frame_ms": {"p50": round(statistics.median(waits), 1), "max": round(max(waits), 1)},
        "input_to_start_of_painting_frame_ms": _summary(to_painting_frame),
        "input_to_next_frame_ms": _summary(to_next_frame),
    }


def _summary(values: list[float]) -> dict:
    return {"timed": len(values), "p50": round(statistics.median(values), 1), "p95": round(percentile(values, 95), 1)}


def presented_latency(events: list[dict], timed: list[dict]) -> dict:
    """From a Chromium trace: the input event -> the frame with the headline panel's change swapped.

    The harness marks each move's pointer event and each panel's change with ``console.timeStamp``.
    The change is made in a renderer main-thread frame; the renderer commits that frame to its
    compositor (``ProxyImpl::Commit``), activates the new tree once its tiles
    are rastered (``LayerTreeHostImpl::ActivateSyncTree``) and submits a compositor frame; the display
    compositor then draws and swaps it (``Display::DrawAndSwap``). The end of that swap is the last
    step before a display would show the frame (headless Chromium has none). The input's own time is
    its ``event.timeStamp``, which the harness reads as a wait before the listener ran.
    """
    marks = {e["args"]["data"]["message"]: e for e in events if e.get("name") == "TimeStamp"}
    renderer = next((e["pid"] for e in marks.values()), None)

    def complete(name: str, pid: int | None = None, step: str | None = None) -> list[dict]:
        found = [
            e for e in events
            if e.get("name") == name and e.get("ph") == "X" and (pid is None or e["pid"] == pid)
            and (step is None or e.get("args", {}).get("chrome_graphics_pipeline", {}).get("step") == step)
        ]
        return sorted(found, key=lambda e: e["ts"])

    commits = [e["ts"] for e in complete("ProxyImpl::Commit", renderer)]
    activations = [e["ts"] for e in complete("LayerTreeHostImpl::ActivateSyncTree", renderer)]
    submits = [e["ts"] for e in complete("Graphics.Pipeline", renderer, "STEP_SUBMIT_COMPOSITOR_FRAME")]
    swaps = [(e["ts"], e["ts"] + e["dur"]) for e in complete("Display::DrawAndSwap") if e["pid"] != renderer]
    to_screen, stages = [], {"change_to_commit": [], "commit_to_activation": [], "activation_to_submit": [], "submit_to_swap_end": []}
    for move in timed:
        start, change = marks.get(f"keta-input-{move['index']}"), marks.get(f"keta-changed-{move['index']}-{HEADLINE_PANEL}")
        if start is None or change is None:
            continue
        start, change = start["ts"], change["ts"]
        # Each step is the first one after the previous: the first commit after the change is that
        # of the frame which made it (a frame commits after its animation-frame callbacks), then the
        # activation, submission and swap that follow it.
        commit = next((t for t in commits if t >= change), None)
        activation = next((t for t in activations if commit and t >= commit), None)
        submit = next((t for t in submits if activation and t >= activation), None)
        swap = next((sw for sw in swaps if submit and sw[0] >= submit), None)
        if swap is None:
            continue
        to_screen.append((swap[1] - start) / 1e3 + move["input_wait"])
        for stage, (a, b) in zip(stages, [(change, commit), (commit, activation), (activation, submit), (submit, swap[1])]):
            stages[stage].append((b - a) / 1e3)
    if not to_screen:
        return {}
    return {
        "input_to_headline_panel_swapped_ms": {**_summary(to_screen), "samples": [round(v, 1) for v in to_screen]},
        "median_stage_ms": {k: round(statistics.median(v), 1) for k, v in stages.items()},
    }


#: What the page's main thread does, by the kind of its top-level task (:func:`main_thread_use`).
MAIN_THREAD_KINDS = ("frames", "input", "kernel_messages", "jupyterlab_interface", "other", "idle")


def main_thread_use(events: list[dict], timed: list[dict]) -> dict:
    """From a Chromium trace: how the page's main thread spent each move's wait, from the pointer
    event to the animation frame that changed the headline panel, ms (medians over the moves).

    Each top-level task of the renderer's main thread (``ThreadControllerImpl::RunTask``) is counted,
    clipped to the wait, under the first kind that fits: ``frames`` (a frame's style, layout, paint,
    layerization and animation-frame callbacks), ``input`` (an event dispatched), ``kernel_messages``
    (WebSocket data received; JupyterLab and the widgets handle a message in its task's microtasks),
    ``jupyterlab_interface`` (JupyterLab's own code run outside those: React's scheduler re-rendering
    the kernel's busy/idle status, the toolbar's web components), ``other``; ``idle`` is the rest.
    Also: when the first kernel message reached the page (usually the kernel's "busy" status).
    """
    marks = {e["args"]["data"]["message"]: e for e in events if e.get("name") == "TimeStamp"}
    if not marks:
        return {}
    thread = next((e["pid"], e["tid"]) for e in marks.values())
    on_main = sorted((e for e in events if (e.get("pid"), e.get("tid")) == thread and "ts" in e), key=lambda e: e["ts"])
    tasks = [e for e in on_main if e.get("name") == "ThreadControllerImpl::RunTask" and e.get("ph") == "X"]
    starts = [e["ts"] for e in on_main]

    def kind(task: dict) -> str:
        if task.get("args", {}).get("src_func") == "ScheduledActionSendBeginMainFrame":
            return "frames"
        inside = on_main[bisect.bisect_left(starts, task["ts"]):bisect.bisect_right(starts, task["ts"] + task["dur"])]
        names = {e.get("name") for e in inside}
        if "ProxyMain::BeginMainFrame" in names:
            return "frames"
        if "EventDispatch" in names:
            return "input"
        if "WebSocketReceive" in names:
            return "kernel_messages"
        urls = (e.get("args", {}).get("data", {}).get("url", "") for e in inside if e.get("name") == "FunctionCall")
        if any("/static/lab/" in url for url in urls):
            return "jupyterlab_interface"
        return "other"

    per_kind: dict[str, list[float]] = {k: [] for k in MAIN_THREAD_KINDS}
    first_message = []
    for move in timed:
        start, change = marks.get(f"keta-input-{move['index']}"), marks.get(f"keta-changed-{move['index']}-{HEADLINE_PANEL}")
        if start is None or change is None:
            continue
        start, change = start["ts"], change["ts"]
        spent = dict.fromkeys(MAIN_THREAD_KINDS, 0.0)
        for task in tasks:
            overlap = min(task["ts"] + task["dur"], change) - max(task["ts"], start)
            if overlap > 0:
                spent[kind(task)] += overlap / 1e3
        spent["idle"] = (change - start) / 1e3 - sum(spent.values())
        for k, v in spent.items():
            per_kind[k].append(v)
        received = next((e["ts"] for e in on_main if e.get("name") == "WebSocketReceive" and start <= e["ts"] <= change), None)
        if received is not None:
            first_message.append((received - start) / 1e3)
    if not per_kind["idle"]:
        return {}
    return {
        "moves": len(per_kind["idle"]),
        "median_ms": {k: round(statistics.median(v), 1) for k, v in per_kind.items()},
        "first_kernel_message_received_ms": _summary(first_message) if first_message else None,
    }


# Kernel side: count what the comms send while the dose changes from code.
BYTES_CELL = r"""
import json as _json, ipywidgets as _w
from ipywidgets.widgets.widget import _remove_buffers
_sent = []
_comm_class = type(lab.diagram.comm)  # the kernel's Comm class (it overrides publish_msg)
_publish = _comm_class.publish_msg
def _counting(self, msg_type, data=None, metadata=None, buffers=None, **keys):
    size = len(_json.dumps(data, default=str)) + sum(memoryview(b).nbytes for b in (buffers or []))
    _sent.append((self.comm_id, size))
    return _publish(self, msg_type, data=data, metadata=metadata, buffers=buffers, **keys)
_comm_class.publish_msg = _counting
_runs = []
for _d in (0.6, 0.7, 0.8, 0.9, 1.0, 0.5):
    _sent.clear()
    lab.dose = kw.Infusion(_d, 40)
    _diagram = sum(s for cid, s in _sent if cid == lab.diagram.comm.comm_id)
    _runs.append({"total": sum(s for _, s in _sent), "diagram": _diagram, "messages": len(_sent)})
_comm_class.publish_msg = _publish

def _reachable(root):
    seen, todo = {}, [root]
    while todo:
        w = todo.pop()
        if w.model_id in seen:
            continue
        seen[w.model_id] = w
        text = _json.dumps(w.get_state(), default=lambda o: None)
        for mid in set(__import__('re').findall(r'IPY_MODEL_([0-9a-f]+)', text)):
            if mid in _w.widgets.widget._instances:
                todo.append(_w.widgets.widget._instances[mid])
    return list(seen.values())

def _state_bytes(w):
    state, _paths, buffers = _remove_buffers(w.get_state())
    return len(_json.dumps(state, default=str)) + sum(memoryview(b).nbytes for b in buffers)

_all = _reachable(lab)
_sizes = {w.model_id: _state_bytes(w) for w in _all}
_state = {"widgets": len(_all), "total": sum(_sizes.values()), "diagram": _sizes[lab.diagram.model_id],
          "charts": sum(_sizes[m] for f in lab.charts for m in [x.model_id for x in _reachable(f)])}
print("@@BYTES@@" + _json.dumps({"runs": _runs, "state": _state, "samples": int(lab.trajectory.time_h.size)}))
"""


def main(without_diagram_updates: bool = False, trace: bool = False, messages: bool = False) -> dict:
    from playwright.sync_api import sync_playwright

    tmp = pathlib.Path(tempfile.mkdtemp(prefix="keta-lab-latency-"))
    (tmp / "home").mkdir()
    (tmp / "root").mkdir()
    relay_log = tmp / "server_relay.jsonl"
    if messages:
        (tmp / "home" / "config").mkdir()
        (tmp / "home" / "config" / "jupyter_server_config.py").write_text(SERVER_RELAY_LOG.replace("{path!r}", repr(str(relay_log))))
    server = start_lab_server(tmp / "home", tmp / "root")
    load_start = os.getloadavg()
    try:
        write_notebook(server, "lab_latency", ["import ketawidget as kw\nlab = kw.KetamineLab()\nlab"])
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1)
            context.add_init_script(FRAME_PROBE)
            context.add_init_script(SEND_PROBE)
            if messages:
                context.add_init_script(RECEIVE_PROBE)
            context.set_default_timeout(30_000)
            page = context.new_page()
            console_errors: list[str] = []
            page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: console_errors.append(str(e)))
            open_notebook(page, server, "lab_latency")
            collapse_left_sidebar(page)
            run_all_cells(page, timeout_s=120)
            page.locator(KETA).wait_for(timeout=30_000)
            page.wait_for_function(
                "sel => [...document.querySelectorAll(sel)].some(p => (p.getAttribute('d') || '').length > 50)",
                arg=BLOCK_LINES,
            )
            dismiss_popups(page)
            append_and_run(page, MARKS_CELL + ("lab._diagram_catch_up.request = lambda **_: None\n" if without_diagram_updates else "")
                           + (SEND_LOG_CELL if messages else ""))
            handle = page.locator(AMOUNT_HANDLE)
            handle.scroll_into_view_if_needed()
            page.wait_for_timeout(1500)  # bqplot's first layout and transitions
            in_view = page.evaluate(HARNESS, [list(TIME_SERIES_PANELS), NOTEBOOK_SCROLLER])
            assert HEADLINE_PANEL in in_view, f"the {HEADLINE_PANEL} panel is not in view beside the dose slider: {in_view}"
            all_answered = " && ".join(f"m.redrawn[{k!r}] != null" for k in in_view)

            box = handle.bounding_box()
            assert box, "the dose slider's handle is not on screen"
            x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
            page.mouse.move(x, y)
            page.mouse.down()
            if trace:
                browser.start_tracing(page=page, categories=TRACE_CATEGORIES)
            missed = 0
            for i in range(CHANGES):
                # Right, then back left: the dose wanders around 0.5 mg/kg.
                x += STEP_PX if (i // 5) % 2 == 0 else -STEP_PX
                page.evaluate("() => { window.__ketaLatency.current = null; }")
                page.mouse.move(x, y)
                try:
                    page.wait_for_function(f"() => {{ const m = window.__ketaLatency.current; return m !== null && {all_answered}; }}", timeout=5_000)
                except Exception:  # noqa: BLE001 - a move that changed no value: counted, not timed
                    missed += 1
                    page.wait_for_timeout(3_000)  # a late answer must not be charged to the next move
                page.wait_for_timeout(SETTLE_MS)
            trace_events = json.loads(browser.stop_tracing())["traceEvents"] if trace else None
            timing = page.evaluate("() => window.__ketaLatency")

            # The continuous drag, the button still down: no pauses, one move per frame.
            page.wait_for_timeout(SETTLE_MS)
            page.evaluate(REDRAW_LOG, [HEADLINE_PANEL, BOTTOM_PANEL])
            page.evaluate("() => { window.__ketaSends.length = 0; }")
            drag_start_epoch_ms = time.time() * 1e3
            drag_start = time.perf_counter()
            due = drag_start
            for i in range(CONTINUOUS_MOVES):
                x += STEP_PX if (i // 10) % 2 == 0 else -STEP_PX
                page.mouse.move(x, y)
                due += CONTINUOUS_PACE_S
                time.sleep(max(0.0, due - time.perf_counter()))
            drag_seconds = time.perf_counter() - drag_start
            page.wait_for_timeout(1500)  # the last value's run drawn
            sends, redraws = page.evaluate("() => [window.__ketaSends, window.__ketaRedraws]")
            page.mouse.up()
            timed = headline_moves(timing["moves"], in_view)
            samples = [m["headline"] for m in timed]
            page.wait_for_timeout(500)
            marks_cell = append_and_run(page, "import json as _j; print('@@MARKS@@' + _j.dumps(_marks))")
            marks_text = next(ln for ln in cell_output_text(marks_cell).splitlines() if ln.startswith("@@MARKS@@"))
            marks = json.loads(marks_text[len("@@MARKS@@"):])
            timeline = None
            if messages:
                sent_cell = append_and_run(page, "import json as _j; print('@@SENT@@' + _j.dumps(_sent_log))")
                sent_text = next(ln for ln in cell_output_text(sent_cell).splitlines() if ln.startswith("@@SENT@@"))
                relayed = [json.loads(line) for line in relay_log.read_text().splitlines() if line.strip()]
                timeline = message_timeline(timed, json.loads(sent_text[len("@@SENT@@"):]), relayed, page.evaluate("() => window.__ketaReceived"))
            split = breakdown([m["t0_epoch"] for m in timed], [m["t0_epoch"] + m["headline"] for m in timed], marks)
            continuous = continuous_drag(sends, redraws, marks, drag_start_epoch_ms, CONTINUOUS_MOVES, drag_seconds)

            cell = append_and_run(page, BYTES_CELL, timeout_s=120)
            text = cell_output_text(cell)
            line = next(ln for ln in text.splitlines() if ln.startswith("@@BYTES@@"))
            measured = json.loads(line[len("@@BYTES@@"):])
            chromium_version = browser.version
            browser.close()
    finally:
        stop_lab_server(server)

    runs = measured["runs"]
    result = {
        "benchmark": "lab_latency",
        "what": "dose slider dragged in the page -> the NMDA-block panel (in view) redrawn (live kernel)",
        "panels_in_view": in_view,
        "diagram_updated_during_drag": not without_diagram_updates,
        "changes": CHANGES,
        "timed": len(samples),
        "moves_not_timed": CHANGES - len(samples),
        "moves_without_an_answer_in_5_s": missed,
        "latency_ms": {
            "p50": round(statistics.median(samples), 1),
            "p95": round(percentile(samples, 95), 1),
            "min": round(min(samples), 1),
            "max": round(max(samples), 1),
            "samples": [round(s, 1) for s in samples],
            "breakdown": split,
            "frames": frame_accounting(timed),
        },
        "all_in_view_redrawn_ms": _summary([m["all_in_view"] for m in timed]),
        "continuous_drag": continuous,
        "traced": {**presented_latency(trace_events, timed), "main_thread_until_headline_changed": main_thread_use(trace_events, timed)} if trace else None,
        "message_timeline": timeline,
        "all_time_series_redrawn_ms": _summary([m["all_six"] for m in timed if m["all_six"] is not None]),
        "targets_ms": {"p50": TARGET_P50_MS, "p95": TARGET_P95_MS},
        "meets_targets": statistics.median(samples) <= TARGET_P50_MS and percentile(samples, 95) <= TARGET_P95_MS,
        "bytes_per_resimulation": {
            "median_total": int(statistics.median(r["total"] for r in runs)),
            "median_diagram": int(statistics.median(r["diagram"] for r in runs)),
            "median_charts_and_controls": int(statistics.median(r["total"] - r["diagram"] for r in runs)),
            "median_messages": int(statistics.median(r["messages"] for r in runs)),
            "trajectory_samples": measured["samples"],
            "runs": runs,
        },
        "default_lab_state_bytes": measured["state"],
        "console_errors": console_errors,
        "load_average_start_end": [round(v, 2) for v in (*load_start[:1], *os.getloadavg()[:1])],
        "machine": {**machine("bqplot", "ipywidgets", "numba"), "chromium": chromium_version},
    }
    out = OUT_TRACED if trace else OUT_WITHOUT_DIAGRAM if without_diagram_updates else OUT_MESSAGES if messages else OUT
    return write(out, result)


if __name__ == "__main__":
    started = time.monotonic()
    flags = set(sys.argv[1:])
    if len(flags & {"--trace", "--without-diagram-updates", "--messages"}) > 1:
        sys.exit("--trace, --without-diagram-updates and --messages are separate runs")
    out = main(without_diagram_updates="--without-diagram-updates" in flags, trace="--trace" in flags, messages="--messages" in flags)
    print(json.dumps({k: out[k] for k in ("latency_ms", "meets_targets", "continuous_drag", "bytes_per_resimulation", "default_lab_state_bytes")}, indent=1)[:3000])
    print(f"({time.monotonic() - started:.0f} s)")
