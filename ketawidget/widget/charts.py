"""bqplot charts of the model's output: stacked time series with a playhead, dose-response, experiments.

* :class:`TimeSeriesCharts` - one small figure per stage of the causal chain (drug levels, NMDA block,
  firing rates, glutamate and AMPA, eEF2 / mTORC1 / BDNF, spines), stacked on one shared time scale
  (linear or log). Each panel carries the playhead: a vertical line, a handle to drag, and a
  transparent click catcher over the lines, so clicking anywhere on a panel, on a line too, reports
  a time (:meth:`TimeSeriesCharts.on_time_picked`). Hovering a line shows its name, the time and
  its value there (hover points above the catcher). A second run can be overlaid, dashed, in every
  panel.
* :class:`DoseResponseChart` - glutamate at the end of a 40-min infusion and the spine gain at 24 h
  against dose (``kw.experiments.dose_response``). Glutamate read at that moment is an inverted U;
  the surge's own peak stays high at higher doses and comes later, after the drug has fallen.
* :class:`ExperimentChart` - the spine gain at 24 h with ketamine alone and after each pre-treatment
  (``kw.experiments``), as bars.
* :func:`panel_drawing` - how a time-series panel draws one run alone (axis, ticks, legend, summary),
  from the functions the panels above use: what a lab's saved page draws (ketawidget/export.py).

The charts know only trajectories, channel names and the experiments' results; the lab decides what
to run. Colours are the Okabe-Ito palette (colour-blind safe), shared in spirit with ``js/widget.css``.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import html
import math
import struct
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import bqplot
import ipywidgets as widgets
import numpy as np
import traitlets

from ..model import experiments
from ..model.errors import ParameterError
from ..model.parameters import Params
from ..model.synapse import refuse_microscope_run
from ..model.trajectory import Trajectory
from .embeddable_anywidget import EmbeddableAnyWidget
from .numbers import concentration_text, percent_text, three_digits, times_baseline_text
from .update_courier import one_message, one_per_kernel, update_courier

__all__ = [
    "COLOURS",
    "LABELS",
    "PANELS",
    "LOG_TIME_FLOOR_H",
    "TIME_AXIS_LABEL",
    "Panel",
    "PanelDrawing",
    "panel_drawing",
    "tick_text",
    "log_time_ticks",
    "linear_time_ticks",
    "TimeSeriesCharts",
    "DoseResponseChart",
    "ExperimentChart",
    "PRETREATMENTS",
]

#: Line colours per channel (Okabe-Ito hues, colour-blind safe); a comparison run reuses them, dashed.
#: bqplot draws them as given in both JupyterLab themes, so each must stand out on white and on the
#: dark theme's #212121 alike (WCAG 3:1 for graphics; tests/test_lab.py checks every colour here):
#: a luminance between ~0.15 and ~0.30. Okabe-Ito's own sky blue #56B4E9, orange #E69F00 and the
#: grey #999999 read 2.3, 2.3 and 2.9:1 on white, so they are darkened along their hue to #1C95DA,
#: #BD8200 and #737373 (3.3, 3.3 and 4.7:1 on white; 4.9, 4.9 and 3.4:1 on dark); the wine #882255
#: and the grey #555555 read 1.9 and 2.2:1 on dark, so they are #B8407F and #808080. eEF2's grey
#: is darker than the playhead's, which crosses its panel. "comparison" colours the comparison's
#: bars and "baseline" the dotted baseline of the dose-response chart.
COLOURS = {
    "ketamine_plasma_uM": "#CC79A7",
    "ketamine_brain_uM": "#B8407F",
    "nmda_block_interneuron": "#D55E00",
    "nmda_block_pyramidal": "#0072B2",
    "rate_interneuron_hz": "#D55E00",
    "rate_pyramidal_hz": "#0072B2",
    "glutamate_rel": "#009E73",
    "ampa_activation_rel": "#1C95DA",
    "eef2_phospho_rel": "#737373",
    "mtorc1_rel": "#BD8200",
    "bdnf_rel": "#009E73",
    "spine_density_rel": "#0072B2",
    "playhead": "#808080",
    "comparison": "#808080",
    "baseline": "#808080",
}
#: Text in a line's hue (the dose-response chart's two y axes: ticks and title), per theme: the line
#: colours above are drawn as graphics (3:1 against the page), text needs 4.5:1 (WCAG). Each entry:
#: the CSS variable js/widget.css sets on charts (``.keta-chart``), its light- and dark-theme values
#: (tests/test_lab.py checks both ratios and that the stylesheet agrees). The light value is also the
#: fallback, where the stylesheet is not on the page (charts shown without a diagram).
AXIS_TEXT_COLOURS = {
    "glutamate_rel": ("--keta-axis-glutamate", "#007A5A", "#009E73"),  # green: 3.4:1 on white as is
    "spine_density_rel": ("--keta-axis-spines", "#0072B2", "#56B4E9"),  # blue: 3.6:1 on dark as is
}


def axis_text_colour(channel: str) -> str:
    """The CSS colour of text in ``channel``'s hue (:data:`AXIS_TEXT_COLOURS`)."""
    variable, light, _dark = AXIS_TEXT_COLOURS[channel]
    return f"var({variable}, {light})"


#: Legend names; the unit is on the panel's axis.
LABELS = {
    "ketamine_plasma_uM": "plasma (total)",
    "ketamine_brain_uM": "brain (free)",
    "nmda_block_interneuron": "interneurons",
    "nmda_block_pyramidal": "pyramidal cells",
    "rate_interneuron_hz": "interneurons",
    "rate_pyramidal_hz": "pyramidal cells",
    "glutamate_rel": "glutamate",
    "ampa_activation_rel": "AMPA activation",
    "eef2_phospho_rel": "phospho-eEF2",
    "mtorc1_rel": "mTORC1",
    "bdnf_rel": "BDNF",
    "spine_density_rel": "spine density",
}
#: How the model's unit strings read on an axis.
_UNIT_TEXT = {"uM": "µM", "Hz": "Hz", "fraction": "%", "rel": "× baseline"}
#: The time-series panels' shared axis' title.
TIME_AXIS_LABEL = "time (h)"
#: Time before which a log time axis starts, h: one minute, the resolution of dosing (a bolus is a
#: one-minute push); t = 0 has no place on a log axis.
LOG_TIME_FLOOR_H = 1.0 / 60.0
#: Fraction of the data's span left free above it, so a peak never touches the plot's top edge (the
#: legend sits above the plot, not inside it).
_HEADROOM = 0.08
#: Share of a panel's height at its top kept free of y ticks, for the playhead's handle.
_HANDLE_CLEARANCE = 0.05
#: d3 format of the number axes' ticks: plain decimals, thousands grouped ("1,500", "0.25"), never
#: exponent notation (".3~g" wrote a mouse's 1,000 µM plasma tick "1e+3"). The ticks are round
#: multiples of their step (:func:`nice_ticks`), which d3's six decimals always show exactly.
TICK_FORMAT = ",~f"
#: d3 format of the percentage axes' ticks (fractions 0 to 1: "50%").
PERCENT_TICK_FORMAT = ".0%"
#: Times a reader knows on a log time axis, h: 6 min, 1 h, 6 h, a day, a week, a month (bqplot's own
#: log ticks label every integer multiple; powers of ten left "1 day" and "1 week" to arithmetic).
_LOG_TIME_TICKS_H = (0.1, 1.0, 6.0, 24.0, 168.0, 720.0)


@dataclass(frozen=True)
class Panel:
    """One stacked time-series panel: channels sharing a unit, drawn on one y axis."""

    key: str
    title: str
    quantity: str  # what the y axis measures; the unit comes from the trajectory
    channels: tuple[str, ...]
    percent: bool = False  # a 0-1 fraction, ticks shown as percentages
    floor: float | None = 0.0  # lower end of the y axis, or None to follow the data
    #: Draw each line relative to its own value at time 0 (the drug-free resting state), the
    #: resting value going into the legend instead.
    relative_to_rest: bool = False
    #: The y axis always spans at least this much (widened about the data's middle, or up from the
    #: floor), so that a run with almost no effect looks like one: fitted to the data alone, saline's
    #: ketamine axis ran 0 to 0.00008 µM and a 2 % wiggle after 0.01 mg/kg filled the panel like the
    #: antidepressant dose's 50 % surge.
    least_span: float | None = None


#: The causal chain, top to bottom.
PANELS: tuple[Panel, ...] = (
    Panel("drug", "Ketamine", "ketamine", ("ketamine_plasma_uM", "ketamine_brain_uM"), least_span=0.1),
    Panel("block", "NMDA receptor block", "current blocked", ("nmda_block_interneuron", "nmda_block_pyramidal"), percent=True),
    # Relative, because the lesson is in the changes: in hertz the two populations sit 12 Hz apart
    # on a 0-20 Hz axis, and the pyramidal cells' +47 % (3 -> 4.4 Hz) was a bump a class could miss.
    # Relative levels: an axis at least 0.2 x baseline tall (changes of a few per cent stay small).
    Panel("rates", "Firing rates", "rate", ("rate_interneuron_hz", "rate_pyramidal_hz"), floor=None, relative_to_rest=True,
          least_span=0.2),
    Panel("glutamate", "Glutamate and AMPA receptors", "level", ("glutamate_rel", "ampa_activation_rel"), floor=None,
          least_span=0.2),
    Panel("signalling", "eEF2, mTORC1 and BDNF", "level", ("eef2_phospho_rel", "mtorc1_rel", "bdnf_rel"), floor=None,
          least_span=0.2),
    Panel("spines", "Dendritic spines", "density", ("spine_density_rel",), floor=None, least_span=0.2),
)

#: The pre-treatments of the experiment chart: (experiment name, bar label).
PRETREATMENTS: tuple[tuple[str, str], ...] = (
    ("nbqx", "NBQX"),
    ("rapamycin", "rapamycin"),
    ("anisomycin", "anisomycin"),
    ("bdnf_knockout", "BDNF KO"),
    ("nifedipine", "nifedipine"),
)


def _transparent_png() -> bytes:
    """A 1x1 fully transparent PNG: the click catcher's image (clicks hit its whole box)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0)  # 1x1, 8-bit RGBA
    pixels = zlib.compress(b"\x00\x00\x00\x00\x00")  # filter byte + one transparent pixel
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


_CLICK_IMAGE = _transparent_png()


#: x of a mark with nothing to show: two points inside any time axis, log or linear (a log axis
#: turns 0 into NaN, which the browser reports as an error).
_PLACEHOLDER_X = np.array([LOG_TIME_FLOOR_H, 1.0], np.float32)


#: Area of a hover point's circle, px²: 6 pixels either side of its middle.
_HOVER_SIZE = 110
#: The widest a hover point's tooltip gets (CSS; longer names wrap): it opens from the pointer toward
#: the plot's middle, so it stays off the y axis' labels and inside the window while it is narrower
#: than half the plot. Half a plot is ~270 px beside the diagram in a 1280-px window, ~210 px where
#: the lab is just wide enough for both, and ~140 px on a phone's 480-px-wide screen: 22 % of the
#: window less 20 px stays below it at all these, between 120 and 180 px.
_HOVER_TOOLTIP_MAX_WIDTH = "clamp(120px, calc(22vw - 20px), 180px)"
#: How long the hover points wait after the last run drawn before they follow it, s (at once where
#: no event loop runs). Nobody reads a line's value while a slider moves, and redrawing them costs
#: the browser some 30-60 ms a run: waiting, they never delay the lines, nor, a second long, the
#: next step of a slider moved step by step (arrow keys, clicks on its track).
HOVER_CATCH_UP_S = 1.0


@dataclass(frozen=True)
class _Drawn:
    """A run as a panel draws it, thinned (:func:`drawn_samples`): float32 ``x`` (time on the axis,
    h) and ``y`` (one row per line), and each sample's time since the dose (h) and ``position`` along
    the time axis (0 to 1)."""

    x: np.ndarray
    y: np.ndarray
    time_h: np.ndarray
    position: np.ndarray


#: A new y range smaller than this share of the current one replaces it; a larger one that fits
#: inside keeps the current axis, so the axis stands still while a slider is dragged.
_KEEP_RANGE_SHARE = 0.6


#: Two lines closer than this share of the y axis everywhere are drawn as one (under a pixel of a
#: 195-pixel panel), so the later one's legend entry names the line it hides.
_SAME_LINE_SHARE = 1.0 / 200.0


def _drawn_alike(line: np.ndarray, other: np.ndarray, axis_span: float) -> bool:
    """Whether two lines on the same samples are drawn within a pixel of each other everywhere."""
    return bool(np.max(np.abs(line - other)) <= _SAME_LINE_SHARE * axis_span)


def _labels_naming_hidden_lines(channels: tuple[str, ...], y: np.ndarray, axis_span: float,
                                names: list[str] | None = None, hidden: str = "{label}, drawn over {other} (same values)") -> list[str]:
    """The legend's labels, naming the earlier line A that a line B is drawn exactly over.

    ("B = A", the earlier wording, read as a claim about the biology: "BDNF = phospho-eEF2".)

    Without it a student sees one line and two legend entries: in the default run AMPA activation
    follows glutamate exactly (only NBQX parts them), and its line hides glutamate's. ``names``
    replace the channels' labels and ``hidden`` says how a hidden line is named.
    """
    labels = []
    for i, channel in enumerate(channels):
        label = names[i] if names is not None else LABELS[channel]
        for j in range(i):
            if _drawn_alike(y[i], y[j], axis_span):
                label = hidden.format(label=label, other=LABELS[channels[j]])
                break
        labels.append(label)
    return labels


def _panel_lines(trajectory: Trajectory, panel: Panel) -> np.ndarray:
    """The panel's lines, one row per channel, as the panel draws them (before thinning)."""
    y = np.vstack([trajectory[c] for c in panel.channels])
    if panel.relative_to_rest:
        y = y / y[:, :1]  # every run starts at rest, drug-free (resting rates are > 0 by their bounds)
    return y


def _same_rest(run: Trajectory, other: Trajectory, panel: Panel) -> bool:
    """Whether two runs start from the same values in ``panel`` (what a relative panel draws from)."""
    return all(np.isclose(run[c][0], other[c][0], rtol=1e-9) for c in panel.channels)


def _lines_drawn_alike(run: Trajectory, other: Trajectory, panel: Panel, axis_span: float) -> list[bool]:
    """Per channel of ``panel``, whether ``other`` draws its line where ``run`` does (same times,
    within a pixel).

    On a panel drawn relative to rest, the resting values must match too: the same change from a
    different rest is a different run.
    """
    if run.time_h.shape != other.time_h.shape or not np.array_equal(run.time_h, other.time_h):
        return [False] * len(panel.channels)
    if panel.relative_to_rest and not _same_rest(run, other, panel):
        return [False] * len(panel.channels)
    return [_drawn_alike(a, b, axis_span) for a, b in zip(_panel_lines(run, panel), _panel_lines(other, panel), strict=True)]


def _same_lines(run: Trajectory, other: Trajectory, panel: Panel, axis_span: float) -> bool:
    """Whether ``other`` draws the same lines as ``run`` in ``panel`` (:func:`_lines_drawn_alike`, all of them)."""
    return all(_lines_drawn_alike(run, other, panel, axis_span))


def _steady(wanted: tuple[float, float], current: tuple[float | None, float | None]) -> tuple[float, float]:
    """``current`` if ``wanted`` fits inside it and fills most of it, else ``wanted``."""
    low, high = wanted
    old_low, old_high = current
    if old_low is None or old_high is None or old_high <= old_low:
        return wanted
    if old_low <= low and high <= old_high and (high - low) >= _KEEP_RANGE_SHARE * (old_high - old_low):
        return float(old_low), float(old_high)
    return wanted


def _nice_bounds(low: float, high: float) -> tuple[float, float]:
    """``[low, high]`` widened to multiples of a 1-2-5 step (four to six ticks), so ticks read as round numbers."""
    raw = (high - low) / 6.0
    exponent = np.floor(np.log10(raw))
    step = min((f * 10.0**exponent for f in (1.0, 2.0, 5.0, 10.0) if f * 10.0**exponent >= raw))
    return float(np.floor(low / step) * step), float(np.ceil(high / step) * step)


def nice_ticks(low: float, high: float, count: int = 4) -> list[float]:
    """Round tick values (multiples of a 1-2-5 step) inside ``[low, high]``, about ``count`` of them.

    bqplot's ``num_ticks`` divides the axis evenly (1.32, 0.839, 0.361, ...); a projected chart
    should read 0, 0.5, 1.
    """
    if not (math.isfinite(low) and math.isfinite(high)) or high <= low:
        return [float(low)]
    exponent = math.floor(math.log10((high - low) / max(count, 1)))

    # Plain floats, not numpy: this runs six times per re-simulation, inside a slider drag.
    def span(step: float) -> tuple[int, int]:  # first and last multiple of ``step`` inside
        return math.ceil(low / step - 1e-9), math.floor(high / step + 1e-9)

    def tick_count(step: float) -> int:
        first, last = span(step)
        return last - first + 1

    # The 1-2-5 step whose tick count is nearest ``count`` (on a tie, the one with more ticks).
    steps = [f * 10.0**e for e in (exponent - 1, exponent, exponent + 1) for f in (1.0, 2.0, 5.0)]
    step = min(steps, key=lambda st: (abs(tick_count(st) - count), -tick_count(st)))
    # Rounded to the step's decimals so 0.30000000000000004 is sent as 0.3 (and -0.0 as 0.0).
    decimals = max(0, -math.floor(math.log10(step)) + 1)
    first, last = span(step)
    return [round(k * step, decimals) + 0.0 for k in range(first, last + 1)]


#: Columns the time axis is cut into when a run has many more samples than a chart has pixels
#: (a two-week course: 3,643 samples for a ~400-pixel plot). 800 is about the widest plot the lab
#: draws; a narrower plot has several columns to a pixel.
DRAWN_COLUMNS = 800


def drawn_samples(position: np.ndarray, lines: np.ndarray, columns: int = DRAWN_COLUMNS) -> np.ndarray:
    """Indices of the samples that draw ``lines`` the same as all of them, to the pixel.

    Each column of the time axis keeps its first, last, lowest and highest sample of every line
    (M4: Jugel et al. 2014, Proc. VLDB Endow. 7:797). On a plot whose pixel columns the columns
    divide evenly (800: 400 or 200 pixels wide) a polyline through them covers the same pixels as
    one through all samples; on any other plot at most ``columns`` pixels wide it moves by less than
    a pixel sideways. bqplot's work in the browser and the bytes sent grow with the samples drawn,
    so a long run redraws several times faster while a slider moves.

    Parameters
    ----------
    position : (n,) array
        Each sample's place along the time axis, 0 (left edge) to 1 (right edge), non-decreasing.
    lines : (k, n) array
        The lines that share these samples.
    columns : int
        Columns to keep samples for.

    Returns
    -------
    Sorted sample indices: all of them when there are at most ``2 * columns`` samples.
    """
    n = position.size
    if n <= 2 * columns:
        return np.arange(n)
    _, starts, counts, column_of = _column_runs(position, columns)
    keep = np.zeros(n, dtype=bool)
    keep[starts] = True
    keep[starts + counts - 1] = True
    for line in lines:
        for extreme in (np.minimum, np.maximum):
            keep[_first_where(line, extreme.reduceat(line, starts), counts, column_of)] = True
    return np.flatnonzero(keep)


def _column_runs(position: np.ndarray, columns: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Each sample's column of the time axis, and the runs of samples that share one: where each run
    starts, how many samples it has, and each sample's run."""
    column = np.clip((position * columns).astype(np.int64), 0, columns - 1)
    starts = np.flatnonzero(np.diff(column, prepend=-1))
    counts = np.diff(np.append(starts, position.size))
    return column, starts, counts, np.repeat(np.arange(starts.size), counts)


def _first_where(values: np.ndarray, per_run: np.ndarray, counts: np.ndarray, run_of: np.ndarray) -> np.ndarray:
    """In each run of samples, the index of the first sample whose value equals the run's ``per_run`` value."""
    hits = np.flatnonzero(values == np.repeat(per_run, counts))
    _, first = np.unique(run_of[hits], return_index=True)
    return hits[first]


#: Columns of the time axis that each give a line one point to hover (:func:`hover_samples`): about
#: one every 12 pixels of a 550-pixel plot, where the hover points' circles (:data:`_HOVER_SIZE`)
#: touch. The browser's work grows with them: bqplot redraws every point (its circle, its hidden
#: label and their styles) whenever the values change, and at 70 columns that took twice as long.
HOVER_COLUMNS = 45
#: A peak or trough of a line is a hover point of its own when it rises (or falls) this share of the y
#: axis or more above (below) the turns on either side of it (about a pixel of a 107-pixel plot):
#: not the last digits' wobble of a level at rest.
_TURN_SHARE = 0.01


def turning_points(line: np.ndarray, least_step: float) -> np.ndarray:
    """Indices of the peaks and troughs of ``line`` that stand at least ``least_step`` above (or
    below) the turns next to them, or the line's ends; the first sample of a flat top."""
    slope = np.diff(line)
    moving = np.flatnonzero(slope != 0)
    if moving.size < 2:
        return np.arange(0)
    direction = np.sign(slope[moving])
    # A turn is the sample after the last step in one direction (the first of a flat top).
    turns = np.concatenate(([0], moving[:-1][direction[1:] != direction[:-1]] + 1, [line.size - 1]))
    value = line[turns]
    step = np.minimum(np.abs(value[1:-1] - value[:-2]), np.abs(value[1:-1] - value[2:]))
    return turns[1:-1][step >= least_step]


def hover_samples(position: np.ndarray, line: np.ndarray, axis_span: float, columns: int = HOVER_COLUMNS) -> tuple[np.ndarray, np.ndarray]:
    """The samples of ``line`` that a student can hover for its value: two sorted index arrays.

    The first holds each column's sample nearest the column's middle and the first and last samples:
    these depend on the time axis only, so the next run of a moving slider sends only their values
    again, not their times and names. The second holds the line's peaks and troughs
    (:func:`turning_points`) that the first lacks, so that a peak is read at its top; these move as
    a slider moves, and are few.

    Parameters
    ----------
    position : (n,) array
        Each sample's place along the time axis, 0 (left edge) to 1 (right edge), non-decreasing.
    line : (n,) array
        The line's values at those samples.
    axis_span : float
        The height of the y axis, in the line's units.
    columns : int
        Columns of the time axis.
    """
    n = position.size
    if n == 0:
        return np.arange(0), np.arange(0)
    column, starts, counts, run_of = _column_runs(position, columns)
    off_middle = np.abs(position * columns - (column + 0.5))
    steady = np.zeros(n, dtype=bool)
    steady[[0, n - 1]] = True
    steady[_first_where(off_middle, np.minimum.reduceat(off_middle, starts), counts, run_of)] = True
    turns = turning_points(line, _TURN_SHARE * axis_span)
    return np.flatnonzero(steady), turns[~steady[turns]]


@functools.lru_cache(maxsize=8192)  # a run's times come back at every redraw
def format_clock(hours: float) -> str:
    """A time in hours as the diagram's clock writes it (``formatClock`` in js/format.ts): "45 s",
    "12 min", "3.5 h", "2 d 4 h"; rounded before the unit is chosen, so 59.8 min is "1 h"."""

    def rounded(x: float) -> int:  # JavaScript's Math.round: halves up
        return math.floor(x + 0.5)

    sign, h = ("-" if hours < 0 else ""), abs(hours)
    if rounded(h * 3600) < 60:
        return f"{sign}{rounded(h * 3600)} s"
    if rounded(h * 60) < 60:
        return f"{sign}{rounded(h * 60)} min"
    tenths = rounded(h * 10)
    if tenths < 240:
        return f"{sign}{tenths // 10}{'' if tenths % 10 == 0 else f'.{tenths % 10}'} h"
    days, rest = divmod(rounded(h), 24)
    return f"{sign}{days} d" + (f" {rest} h" if rest else "")


def _f32(values: np.ndarray) -> np.ndarray:
    # float32 halves what goes over the wire; 7 significant digits are far below a pixel.
    return np.ascontiguousarray(values, dtype=np.float32)


#: How a comparison run's lines are drawn, under the run's own in the channels' colours: bqplot's
#: ``line_style="dashed"`` (which it draws with the SVG dash array ``dash_array``), a thinner stroke
#: and a little see-through; its legend swatch is a dashed line in ``COLOURS["comparison"]``. The lab's
#: panels and a saved page's (ketawidget/export.py) both draw it from here.
COMPARISON_LINE = {"line_style": "dashed", "dash_array": "10,10", "stroke_width": 2.0, "opacity": 0.85}


def comparison_line_name(name: str, comparison_label: str) -> str:
    """A comparison line's name where a value of it is read (the lab's hover tooltips, a saved page's
    readout): the line's name, then the comparison's label ("interneurons, ketamine alone")."""
    return f"{name}, {comparison_label}"


def comparison_legend_label(panel: Panel, run: Trajectory, comparison: Trajectory, comparison_label: str, axis_span: float) -> str:
    """The comparison's legend entry on ``panel``: its label; dashed lines hidden exactly under the
    solid ones (NBQX leaves the drug levels alone) say so, all of them or which, or a student looks
    for them in vain (review: NBQX's dashed BDNF, under the solid one, read as "no BDNF"); on a
    panel drawn relative to rest, lines relative to rests of their own say which."""
    alike = _lines_drawn_alike(run, comparison, panel, axis_span)
    if all(alike):
        text = f"{comparison_label} (same as this run, hidden under it)"
    elif any(alike):
        hidden = [LABELS[channel] for channel, same in zip(panel.channels, alike, strict=True) if same]
        text = f"{comparison_label} ({' and '.join(hidden)} as in this run, hidden under {'them' if len(hidden) > 1 else 'it'})"
    else:
        text = comparison_label
    if panel.relative_to_rest and not _same_rest(run, comparison, panel):
        text += f" ({' / '.join(resting_text(comparison, c) for c in panel.channels)} at rest)"
    return text


def _legend_entry(border: str, label: str) -> str:
    """One legend entry: a short line in the curve's style, then its name."""
    swatch = f'<span style="display:inline-block;width:18px;margin-right:5px;vertical-align:middle;border-top:{border}"></span>'
    return f'<span class="keta-legend-entry" style="white-space:nowrap">{swatch}{html.escape(label)}</span>'


#: The charts' text is sized for a class reading a projected 1280x720 screen from the back of the room
#: (review: bqplot's 12-px tick labels did not read), px: tick labels, axis titles, and the legend line
#: above each plot (on a line :data:`_LEGEND_LINE_PX` tall). The one place these sizes are set: the
#: lab's bqplot figures take them from :data:`CHART_TEXT_CSS` (loaded with every figure, the diagram's
#: stylesheet or not: :class:`ChartTextStyle`), the legend line writes its own, and a saved page's
#: charts read them from its declarations (:func:`time_panel_layout`). The margins and title offsets
#: below leave room for text of these sizes (tests/e2e/test_chart_projection_e2e.py measures that none
#: overlaps or is cut off, in the lab and on a saved page).
TICK_TEXT_PX = 14
AXIS_TITLE_PX = 15
LEGEND_TEXT_PX = 14
_LEGEND_LINE_PX = 20
#: The font family of the charts' tick labels and axis titles: bqplot's own, narrower than the lab's
#: UI font (in that one a y title as long as "density (× baseline)" was taller than its panel).
_CHART_FONT_FAMILY = "sans-serif"
#: Room around a time-series panel's plot, px: on the left a y axis' widest tick label ("100%",
#: "1,500") with the axis' title beyond it; below, the time axis' tick labels with its title under
#: them. A 15-px y title as long as "density (× baseline)" (131 px) is centred on a plot this tall
#: or taller (:class:`TimeSeriesCharts`' panel height), so neither end is cut off.
_TIME_PANEL_MARGIN = {"top": 10, "bottom": 48, "left": 72, "right": 12}
#: A time-series panel's height, px, its legend line included (175 px before the text grew: the
#: longer y titles were cut off at both ends).
PANEL_HEIGHT_PX = 195
#: Where a left y axis' title sits from its axis line, beyond its tick labels, px (its baseline).
_Y_TITLE_OFFSET_PX = 54
_Y_TITLE_OFFSET = f"{_Y_TITLE_OFFSET_PX}px"
#: Where a horizontal axis' title sits below its axis line, under its tick labels, px (its baseline,
#: less a quarter of an x-height).
_X_TITLE_OFFSET_PX = 40
_X_TITLE_OFFSET = f"{_X_TITLE_OFFSET_PX}px"

#: The stylesheet that sizes the charts' bqplot text: bqplot reads these variables on each figure's
#: element (class ``keta-chart``, :func:`_figure`). It also lets the browser skip drawing a chart
#: that is out of view (``content-visibility: auto``; each figure has a fixed height, so skipping
#: one changes no layout). The lab is taller than a screen, and every frame that repainted anything
#: (the diagram animates at 60 fps) also sorted the paint of all eight charts into layers: about
#: 4.4 ms a frame with every chart drawn, 2.3 ms with only those in view (a Chromium trace of a
#: slider drag, benchmarks/lab_latency.py's scenario).
CHART_TEXT_CSS = (
    f".keta-chart {{ --bq-axis-tick-text-font: {TICK_TEXT_PX}px {_CHART_FONT_FAMILY}; "
    f"--bq-axislabel-font: {AXIS_TITLE_PX}px {_CHART_FONT_FAMILY}; content-visibility: auto; }}\n"
)


class ChartTextStyle(EmbeddableAnyWidget):
    """Loads :data:`CHART_TEXT_CSS` into the page of every chart: a widget with nothing to show.

    The charts' text sizes once came with the diagram's stylesheet (js/widget.css), which is on the
    page only where a diagram's widget is: charts made on their own (``TimeSeriesCharts(run).widget``,
    a figure embedded with only the widgets it refers to) kept bqplot's 12-px tick labels. No bqplot trait
    sizes an axis' title (``Axis.tick_style`` reaches the tick labels only), so the charts bring their
    own stylesheet: anywidget puts a widget's ``_css`` on the page as soon as the page holds the widget,
    shown or not (JupyterLab holds every widget of its kernel, and a notebook saved with its widgets'
    state all of them), and every chart's figure refers to it (:class:`ChartFigure`), so a page holding
    only the widgets of one chart holds it too. One per kernel (:func:`chart_text_style`), made with
    the first chart. An :class:`EmbeddableAnyWidget`, so ipywidgets' embed functions, which drop
    defaults, keep its stylesheet.
    """

    _esm = "export default { render() {} };"
    _css = CHART_TEXT_CSS


#: The kernel's one :class:`ChartTextStyle`.
chart_text_style = one_per_kernel(ChartTextStyle)


class ChartFigure(bqplot.Figure):
    """A bqplot figure that takes its text's stylesheet (:class:`ChartTextStyle`) with it.

    An author may embed one chart with only the state it needs
    (``embed_minimal_html(..., views=[box], state=dependency_state([box]))``, or a notebook saved with
    only some widgets' state): that state holds the widgets the view refers to, and nothing referred
    to the kernel's one :class:`ChartTextStyle`, so such a page drew bqplot's 12-px tick labels and
    drew every chart even while out of view. (Without ``state=``, ipywidgets embeds every widget of
    the kernel, the stylesheet's among them.) The reference
    here puts the stylesheet's widget among the figure's (and so its box's) dependencies. A synced
    trait rather than a child of the chart's box: it adds no element to the page, so nothing can take
    room in the box's layout; bqplot's figure model keeps the unknown trait as a plain value.
    The front end model is bqplot's own ``FigureModel`` and view: the chart draws as any figure.

    Attributes
    ----------
    text_style : ChartTextStyle
        The stylesheet's widget the figure's text is sized by; the kernel's one by default.
    """

    text_style = traitlets.Instance(ChartTextStyle).tag(sync=True, **widgets.widget_serialization)

    @traitlets.default("text_style")
    def _kernels_text_style(self) -> ChartTextStyle:
        return chart_text_style()


def time_panel_layout() -> dict[str, object]:
    """How a time-series panel is laid out, px: what a saved page's panels are drawn with
    (``layout`` in its chart declarations, ketawidget/export.py), the numbers the lab's bqplot panels
    are drawn with, so the two cannot drift apart."""
    return {
        "height_px": PANEL_HEIGHT_PX,
        "legend_line_px": _LEGEND_LINE_PX,
        "margin": dict(_TIME_PANEL_MARGIN),
        "y_title_offset_px": _Y_TITLE_OFFSET_PX,
        "x_title_offset_px": _X_TITLE_OFFSET_PX,
        "tick_px": TICK_TEXT_PX,
        "axis_title_px": AXIS_TITLE_PX,
        "legend_px": LEGEND_TEXT_PX,
        "font_family": _CHART_FONT_FAMILY,
    }


def _show_title_and_legend(legend: widgets.HTML, title: str, entries: list[str]) -> None:
    """Write a chart's title and legend entries into ``legend`` as one line of HTML (wrapping on a
    narrow screen); an unchanged legend sends nothing, so a moving slider costs no message for it."""
    value = (
        f'<div style="display:flex;flex-wrap:wrap;align-items:baseline;gap:2px 14px;font-size:{LEGEND_TEXT_PX}px;line-height:{_LEGEND_LINE_PX}px">'
        f"<b>{html.escape(title)}</b>{''.join(entries)}</div>"
    )
    if legend.value != value:
        legend.value = value


def _chart_legend(key: str, figure_margin: dict) -> widgets.HTML:
    """The HTML line above a chart's plot for :func:`_show_title_and_legend` (bqplot draws its own legend
    inside the plot, where it covers curves, and rebuilds it whenever any mark's data change), lined
    up with the plot's sides (the figure's ``figure_margin``)."""
    legend = widgets.HTML(layout={"margin": f"0 {figure_margin['right']}px 0 {figure_margin['left']}px", "width": "auto"})
    legend.add_class("keta-chart-legend")
    legend.add_class(f"keta-chart-legend-{key}")
    return legend


def _figure(marks: list, axes: list, key: str, *, margin: dict, height_px: int) -> ChartFigure:
    """A chart figure in the lab's style; CSS classes ``keta-chart`` and ``keta-chart-<key>`` find it.

    No title or legend inside the plot: each chart has an HTML line above it (:func:`_chart_legend`).
    Its text is sized by :data:`CHART_TEXT_CSS`, put on the page by :func:`chart_text_style`'s widget,
    which the figure refers to (:class:`ChartFigure`), so that it comes along wherever the figure goes.
    """
    update_courier()  # on the page before the charts' first re-simulation (one_message)
    figure = ChartFigure(
        marks=marks,
        axes=axes,
        fig_margin=margin,
        animation_duration=0,
        layout={"width": "100%", "min_width": "260px", "height": f"{height_px}px"},
    )
    figure.add_class("keta-chart")
    figure.add_class(f"keta-chart-{key}")
    return figure


def _chart_box(legend: widgets.HTML, figure: bqplot.Figure, *summaries: widgets.HTML) -> widgets.VBox:
    """A chart's legend line above its figure, and its summary after it (:func:`_chart_summary`).
    bqplot's figure is a few pixels wider than the box: with the box's default overflow that made
    every chart a keyboard-focusable scroll area (a Tab stop with nothing to operate, read out as a
    list of tick labels), so the overflow is clipped."""
    return widgets.VBox([legend, figure, *summaries], layout={"width": "100%", "overflow": "hidden"})


# ---- what each chart shows, in words (screen readers) ---------------------------------------------
#
# bqplot's figure reaches a screen reader as an image whose content is its tick labels run together
# ("0 time (h) 1 2 3 ... ketamine (µM)"), then an empty, unnamed image (its background svg); the
# values are in tooltips, for a mouse. Each chart therefore has a summary, computed here from the
# numbers it draws (JS knows only the wire format), in a visually hidden ipywidgets HTML right after
# the figure (class ``keta-sr-only``, js/widget.css; ``keta-chart-summary``). js/lab.ts makes it the
# figure's name: ``role="img"`` and ``aria-label`` on the figure, ``aria-hidden`` on bqplot's svgs
# (ticks, axis titles, background) and on the summary itself, read once, as the chart's name.
# Chosen over bqplot's own attributes (a Figure has no trait for them) and over aria-describedby
# (the image would still be named by nothing, its ticks still read): the name is what a screen
# reader says when it reaches the image, and its list of graphics shows it. Where no lab's view runs
# (charts displayed alone, without the diagram), the summary is still plain text after the figure.
# It changes with a new run or comparison, not with the playhead, and an unchanged one sends nothing.
# A part that changes on its own while a slider moves (the dose-response chart's marker) has a
# summary of its own after the chart's, so a dragged dose does not send the curves' words again:
# the figure is named by all the summaries that follow it.


def _chart_summary(key: str) -> widgets.HTML:
    """The hidden HTML that says in words what chart ``key`` shows (see the comment above)."""
    summary = widgets.HTML()
    for cls in ("keta-sr-only", "keta-chart-summary", f"keta-chart-summary-{key}"):
        summary.add_class(cls)
    return summary


def _write_summary(summary: widgets.HTML, text: str) -> None:
    """Write ``text`` into a chart's summary; an unchanged one sends nothing."""
    value = html.escape(text, quote=False)
    if summary.value != value:
        summary.value = value


def time_words(hours: float) -> str:
    """A time as the summaries say it: the diagram's clock (:func:`format_clock`) with days in words,
    "45 s", "40 min", "2.5 h", "3 days", "1 day 4 h"."""
    clock = format_clock(hours)
    number, days, rest = clock.partition(" d")
    if not days:
        return clock
    return f"{number} day{'' if abs(int(number)) == 1 else 's'}{rest}"


def _signed_percent(pct: float) -> str:
    """A spine gain in per cent, signed, to three significant digits: "+24.0%", "-1.20%", "0%"."""
    text = three_digits(pct)
    return f"{'+' if pct > 0 and text != '0' else ''}{text}%"


def _value_words(panel: Panel, unit: str) -> Callable[[float], str]:
    """How a panel's values read in its summary, in its y axis's unit ("µM", "%", "× baseline",
    "× resting"). A level relative to baseline or to rest names it with every value ("peak 1.54x
    baseline at 46 min, end 1.02x baseline"): one far below reads "about 5% of baseline"."""
    if panel.percent:
        return percent_text
    if panel.relative_to_rest:
        return lambda value: times_baseline_text(value, "resting")
    if unit == "uM":
        return concentration_text
    if unit == "rel":
        return times_baseline_text
    words = _UNIT_TEXT.get(unit, unit)
    return lambda value: f"{three_digits(value)} {words}".rstrip()


#: A line's second extreme (a dip before its peak, a rebound after its fall) is said too when it
#: departs from the line's start at least this share as far as the first: glutamate's 7 % dip before
#: its 54 % surge is left to the chart.
_SECOND_EXTREME_SHARE = 1.0 / 3.0


def _line_words(time_h: np.ndarray, y: np.ndarray, value: Callable[[float], str]) -> str:
    """One line in words: its peak (or its lowest point, where it dips) with the time, and where it
    ends ("peak 0.747 µM at 40 min, end 23.6 nM"); a line that never leaves its start "stays at"."""
    start = float(y[0])
    high, low = int(np.argmax(y)), int(np.argmin(y))
    if value(float(y[high])) == value(start) == value(float(y[low])):
        return f"stays at {value(start)}"
    rise, fall = float(y[high]) - start, start - float(y[low])
    first, second = (high, low) if rise >= fall else (low, high)
    turns = [first]
    if min(rise, fall) >= _SECOND_EXTREME_SHARE * max(rise, fall) and value(float(y[second])) != value(start):
        turns.append(second)
    words: list[str] = []
    for i in sorted(turns):
        words.append(f"{'peak' if i == high else 'lowest'} {value(float(y[i]))} at {time_words(float(time_h[i]))}")
    if max(turns) < y.size - 1:
        words.append(f"end {value(float(y[-1]))}")
    return ", ".join(words)


def _run_words(run: Trajectory, panel: Panel, axis_span: float, rests: bool, reference: Trajectory | None = None) -> str:
    """Every line of ``panel`` in ``run``, in words, "; " between them. A line drawn over an earlier
    one (AMPA activation over glutamate) is said to be the same, and so is one drawn over its own
    line in ``reference`` (the run a comparison is compared with); ``rests`` names the resting values
    of a panel drawn relative to rest."""
    value = _value_words(panel, run.units[panel.channels[0]])
    lines = _panel_lines(run, panel)
    alike = None
    if reference is not None and np.array_equal(run.time_h, reference.time_h) and not (panel.relative_to_rest and not _same_rest(run, reference, panel)):
        alike = _panel_lines(reference, panel)
    said = []
    for i, channel in enumerate(panel.channels):
        name = LABELS[channel]
        if rests and panel.relative_to_rest:
            name += f" ({resting_text(run, channel)} at rest)"
        words = _line_words(run.time_h, lines[i], value)
        if not words.startswith("stays at"):  # (saline's levels are not "the same as" each other)
            same = next((j for j in range(i) if _drawn_alike(lines[i], lines[j], axis_span)), None)
            if alike is not None and _drawn_alike(lines[i], alike[i], axis_span):
                words = "same as this run"
            elif same is not None:
                words = f"same as {LABELS[panel.channels[same]]}"
        said.append(f"{name}: {words}")
    return "; ".join(said)


def panel_summary(panel: Panel, run: Trajectory, comparison: Trajectory | None = None, comparison_label: str = "",
                  axis_span: float = 1.0) -> str:
    """What a time-series panel shows, in words: each line's peak (or lowest point) and its end, and
    the comparison's dashed lines likewise ("Ketamine over 12 h. plasma (total): peak 0.747 µM at
    40 min, end 23.6 nM; ...").

    ``axis_span`` is the height of the panel's y axis: lines within a pixel of each other are one line
    on the chart, and said to be the same.
    """
    text = f"{panel.title} over {time_words(float(run.time_h[-1]))}. {_run_words(run, panel, axis_span, True)}."
    if comparison is not None:
        if _same_lines(run, comparison, panel, axis_span):
            text += f" Dashed, {comparison_label}: the same as this run."
        else:
            own_rests = panel.relative_to_rest and not _same_rest(run, comparison, panel)
            text += f" Dashed, {comparison_label}. {_run_words(comparison, panel, axis_span, own_rests, run)}."
    return text


def _curve_words(doses: np.ndarray, values: np.ndarray, value: Callable[[float], str]) -> str:
    """A dose-response curve in words: its value at the lowest dose, its peak and its value at the
    highest dose (the inverted U as numbers), each with its dose."""
    peak = int(np.argmax(values))
    words: list[str] = []
    for i in dict.fromkeys((0, peak, values.size - 1)):  # in dose order, each point once
        words.append(f"{'peak ' if i == peak else ''}{value(float(values[i]))} at {float(doses[i]):g} mg/kg")
    return ", ".join(words)


#: d3 format of a hovered value: three significant digits, as the diagram writes concentrations
#: ("0.330", "42.3", "1,440"), never exponent notation.
HOVER_VALUE_FORMAT = ",.3r"
#: d3 format of a hovered fraction: a percentage, whole from 10 % and with a decimal below ("18%",
#: "5.7%"), as the diagram writes the NMDA block.
HOVER_PERCENT_FORMAT = ".2~p"


def hover_value_format(panel: Panel) -> str:
    """The d3 format a hovered value of ``panel`` is written in (the lab's tooltips, a saved page's readout)."""
    return HOVER_PERCENT_FORMAT if panel.percent else HOVER_VALUE_FORMAT


#: A tooltip's text colour: the theme's. bqplot puts tooltips on the page's <body>, outside the
#: charts, where its dark-theme default is orange, the interneurons' colour (review: a plasma value
#: read in orange).
TOOLTIP_TEXT = {"color": "var(--jp-ui-font-color1, #222)"}


def _hover_tooltip(value_format: str) -> bqplot.Tooltip:
    """The tooltip of hover points: the point's name (the line's and where on it), then its value,
    labelled with what it measures and its unit (:func:`_show_hover_points`)."""
    return bqplot.Tooltip(fields=["name", "y"], labels=["", ""], formats=["", value_format])


def _hover_marks(scales: dict, tooltip: bqplot.Tooltip) -> list[bqplot.Scatter]:
    """Two empty marks of points a student hovers for a line's value: for the left half of the plot
    and for the right half.

    bqplot's tooltip on a line can name only the line, not the point hovered; these points are
    invisible until hovered, then a dot. bqplot places a figure's tooltips beside the pointer, on
    whichever side of it the window has most room: in the charts' column, to its left, over the y
    axis' labels. Taken out of the placed box's flow, the tooltip goes where ``tooltip_style`` says
    instead: a little above the pointer, on the side of it where the plot's middle lies, and at most
    :data:`_HOVER_TOOLTIP_MAX_WIDTH` wide, so it covers no axis' labels and never runs off the
    window's edge.
    """
    return [
        bqplot.Scatter(
            x=np.zeros(0, np.float32),
            y=np.zeros(0, np.float32),
            scales=scales,
            names=[],
            display_names=False,
            names_unique=False,  # two points may share a name; bqplot keys its points by name otherwise
            default_size=_HOVER_SIZE,
            colors=[COLOURS["playhead"]],
            opacities=[0.0],
            hovered_style={"opacity": "1"},
            tooltip=tooltip,
            tooltip_style={"opacity": "0.95", "position": "absolute", side: "12px", "bottom": "12px", **TOOLTIP_TEXT,
                           # (a box placed beside a zero-wide one shrinks to its longest word otherwise)
                           "width": "max-content", "max-width": _HOVER_TOOLTIP_MAX_WIDTH},
        )
        for side in ("left", "right")
    ]


def _show_hover_points(marks: list[bqplot.Scatter], lines: list[tuple[np.ndarray, np.ndarray, np.ndarray, list[str], np.ndarray]]) -> list[np.ndarray]:
    """Put each line's hover points in a pair of marks of :func:`_hover_marks`, the last line's on top.

    ``lines`` holds, for each line, its points' x and y, their place along the x axis (0 to 1: the
    left half's go to the first mark), their names and what a click on one picks; returned for each
    mark's points in turn.
    """
    halves: list[list[tuple[np.ndarray, np.ndarray, list[str], np.ndarray]]] = [[], []]
    for x, y, position, names, picks in lines:
        right = position >= 0.5
        for half, chosen in enumerate((~right, right)):
            halves[half].append((x[chosen], y[chosen], [name for name, c in zip(names, chosen, strict=True) if c], picks[chosen]))
    picked = []
    for mark, parts in zip(marks, halves, strict=True):
        mark.x = _f32(np.concatenate([x for x, _, _, _ in parts]))
        mark.y = _f32(np.concatenate([y for _, y, _, _ in parts]))
        mark.names = [name for _, _, names, _ in parts for name in names]
        picked.append(np.concatenate([picks for _, _, _, picks in parts]))
    return picked


def resting_text(trajectory: Trajectory, channel: str) -> str:
    """``channel``'s value at time 0 (at rest, before any drug), with its unit."""
    return f"{float(trajectory[channel][0]):.3g} {_UNIT_TEXT.get(trajectory.units[channel], '')}".strip()


def panel_y_label(panel: Panel, trajectory: Trajectory) -> str:
    """The y axis label: the panel's quantity and the unit its channels carry in ``trajectory``."""
    units = {trajectory.units[c] for c in panel.channels}
    if len(units) != 1:  # the panel's channels must share one axis
        raise ValueError(f"panel {panel.key} mixes units {sorted(units)}")
    if panel.relative_to_rest:
        return f"{panel.quantity} (× resting)"
    return f"{panel.quantity} ({_UNIT_TEXT.get(units.pop(), '')})".replace(" ()", "")


def panel_line_labels(panel: Panel, trajectory: Trajectory, drawn: np.ndarray, axis_span: float) -> list[str]:
    """The lines' names for the legend and tooltips; a relative panel adds each line's resting value.

    On a relative panel a line drawn over another has the same *change*, not the same value
    ("pyramidal cells (3 Hz at rest), same change as interneurons").
    """
    if not panel.relative_to_rest:
        return _labels_naming_hidden_lines(panel.channels, drawn, axis_span)
    names = [f"{LABELS[c]} ({resting_text(trajectory, c)} at rest)" for c in panel.channels]
    return _labels_naming_hidden_lines(panel.channels, drawn, axis_span, names, "{label}, same change as {other}")


def panel_y_range(panel: Panel, runs: list[np.ndarray]) -> tuple[float, float]:
    """The y axis that shows the lines ``runs`` (each one row per channel, as the panel draws them)
    whole, with some room above them, ends on round numbers."""
    if panel.percent:
        return 0.0, 1.0 + _HEADROOM
    top = max(float(np.max(r)) for r in runs)
    bottom = min(float(np.min(r)) for r in runs) if panel.floor is None else panel.floor
    if panel.least_span is not None and top - bottom < panel.least_span:
        widen = panel.least_span - (top - bottom)
        bottom, top = (bottom, top + widen) if panel.floor is not None else (bottom - widen / 2, top + widen / 2)
    span = max(top - bottom, 0.05 * max(abs(top), 1e-3), 1e-3)  # flat baseline: still a visible band
    if panel.floor is None:
        # A little room below too, but never below zero for levels that cannot be negative.
        bottom = bottom - 0.1 * span if bottom < 0.0 else max(bottom - 0.1 * span, 0.0)
    return _nice_bounds(bottom, top + _HEADROOM * span)


def panel_y_ticks(panel: Panel, low: float, high: float) -> list[float]:
    """The y ticks of a panel whose axis runs from ``low`` to ``high``.

    A fraction never shows ticks below 0 % or above 100 % (the padding keeps 100 % off the edge).
    No tick in the top 5 % of an axis either: the playhead's handle sits there, and at t = 0 it
    covered the top tick's label ("1", "1.6", "6").
    """
    clear_top = high - _HANDLE_CLEARANCE * (high - low)
    return nice_ticks(max(low, 0.0), min(clear_top, 1.0)) if panel.percent else nice_ticks(low, clear_top)


def linear_time_ticks(t_end_h: float) -> list[float]:
    """The ticks of a linear time axis from 0 to ``t_end_h``: round hours, about six of them (bqplot's
    own put 13 on a 12-h run, crowded once the labels were large enough to read projected)."""
    return nice_ticks(0.0, t_end_h, 6)


def log_time_ticks(t_end_h: float) -> list[float]:
    """The ticks of a log time axis that ends at ``t_end_h``: the times a reader knows, from one minute."""
    return [t for t in _LOG_TIME_TICKS_H if LOG_TIME_FLOOR_H <= t <= max(t_end_h, LOG_TIME_FLOOR_H * 10)]


def tick_text(value: float, percent: bool = False) -> str:
    """A tick's label as the charts' d3 formats write it: :data:`PERCENT_TICK_FORMAT` ("50%") for a
    fraction, :data:`TICK_FORMAT` otherwise (thousands grouped, no trailing zeros: "1,500", "0.25")."""
    if percent:
        return f"{value * 100:.0f}%"
    text = f"{value:,.6f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


@dataclass(frozen=True)
class PanelDrawing:
    """A time-series panel as it draws one run, and the comparison dashed if there is one, with no axis
    kept from an earlier run: what a saved lesson page draws (ketawidget/export.py), from the same
    functions as the lab's panels.

    Attributes
    ----------
    panel : Panel
        The panel's declaration (title, channels).
    y_label : str
        The y axis' title with its unit (:func:`panel_y_label`).
    y_range : tuple of float
        The y axis' ends (:func:`panel_y_range`).
    y_ticks : list of float
        Its ticks (:func:`panel_y_ticks`).
    line_labels : list of str
        The legend's names of the lines, one per channel (:func:`panel_line_labels`).
    colours : list of str
        The lines' colours, one per channel (:data:`COLOURS`).
    summary : str
        The run (and the comparison) in words, the panel's name for a screen reader (:func:`panel_summary`).
    hover_names : list of str
        The lines' names in the hover tooltips, one per channel (:data:`LABELS`: the legend's
        names without their notes); the tooltips label the value with ``y_label``.
    value_format : str
        The d3 format the hover tooltips write a value in (:func:`hover_value_format`).
    comparison_legend : str or None
        The comparison's legend entry (:func:`comparison_legend_label`); None without a comparison.
    comparison_names : list of str
        The comparison's lines' names in the hover tooltips (:func:`comparison_line_name`), one per
        channel; empty without a comparison.
    """

    panel: Panel
    y_label: str
    y_range: tuple[float, float]
    y_ticks: list[float]
    line_labels: list[str]
    colours: list[str]
    summary: str
    hover_names: list[str]
    value_format: str
    comparison_legend: str | None = None
    comparison_names: list[str] = field(default_factory=list)


def panel_drawing(panel: Panel, trajectory: Trajectory, comparison: Trajectory | None = None, comparison_label: str = "") -> PanelDrawing:
    """How ``panel`` draws ``trajectory``, and ``comparison`` dashed if given (:class:`PanelDrawing`):
    the y axis holds both runs, as the lab's does."""
    refuse_microscope_run(trajectory)
    refuse_microscope_run(comparison, "comparison")
    lines = _panel_lines(trajectory, panel)
    low, high = panel_y_range(panel, [lines] if comparison is None else [lines, _panel_lines(comparison, panel)])
    names = [LABELS[c] for c in panel.channels]
    return PanelDrawing(
        panel=panel,
        y_label=panel_y_label(panel, trajectory),
        y_range=(low, high),
        y_ticks=panel_y_ticks(panel, low, high),
        line_labels=panel_line_labels(panel, trajectory, lines, high - low),
        colours=[COLOURS[c] for c in panel.channels],
        summary=panel_summary(panel, trajectory, comparison, comparison_label, axis_span=high - low),
        hover_names=names,
        value_format=hover_value_format(panel),
        comparison_legend=None if comparison is None else comparison_legend_label(panel, trajectory, comparison, comparison_label, high - low),
        comparison_names=[] if comparison is None else [comparison_line_name(name, comparison_label) for name in names],
    )


class _TimePanel:
    """One panel's figure and marks (see :class:`TimeSeriesCharts`)."""

    def __init__(self, panel: Panel, linear_scale: bqplot.Scale, log_scale: bqplot.Scale, log_time: bool, height_px: int) -> None:
        self.panel = panel
        x_scale = log_scale if log_time else linear_scale
        self.y_scale = bqplot.LinearScale(min=0.0, max=1.0)
        scales = {"x": x_scale, "y": self.y_scale}
        # The plot's own height, 0 at the bottom and 1 at the top: the click catcher, the playhead
        # and its handle span it on any data range, so a run that rescales the data sends nothing
        # for them (before, three more messages per rescaled panel on every slider move).
        self.frame_scale = bqplot.LinearScale(min=0.0, max=1.0)
        frame_scales = {"x": x_scale, "y": self.frame_scale}
        colours = [COLOURS[c] for c in panel.channels]
        labels = [LABELS[c] for c in panel.channels]
        # Above the lines and the playhead, so that a click anywhere on the plot, a line's peak too,
        # reports the clicked time (bqplot's Image sends click_x on the time scale; a click on a
        # bqplot line reports the line, not where on it). The hover points above it keep the lines'
        # tooltips.
        self.click_catcher = bqplot.Image(
            image=widgets.Image(value=_CLICK_IMAGE, format="png"),
            x=[0.0, 1.0],
            y=[0.0, 1.0],
            scales=frame_scales,
            interactions={"click": "select"},
        )
        self.lines = bqplot.Lines(
            x=_PLACEHOLDER_X,
            y=np.ones((len(colours), 2), np.float32),
            scales=scales,
            colors=colours,
            labels=labels,
            display_legend=False,  # the legend is the HTML line above the plot (show_legend)
            stroke_width=2.5,
        )
        self.comparison = bqplot.Lines(
            x=_PLACEHOLDER_X,
            y=np.ones((len(colours), 2), np.float32),
            scales=scales,
            colors=colours,
            labels=labels,
            display_legend=False,
            visible=False,
            stroke_width=COMPARISON_LINE["stroke_width"],
            line_style=COMPARISON_LINE["line_style"],
            opacities=[COMPARISON_LINE["opacity"]] * len(colours),
        )
        self.playhead = bqplot.Lines(x=[0.0, 0.0], y=[0.0, 1.0], scales=frame_scales, colors=[COLOURS["playhead"]], stroke_width=1.5)
        # The points a student hovers for a line's value (:func:`_hover_marks`), above the click
        # catcher: a click on one picks its time. A pair of marks for the points the time axis picks,
        # which a moving slider leaves where they are, and a pair over them for the lines' peaks and
        # troughs, which move (:func:`hover_samples`).
        self.hover_tooltip = _hover_tooltip(hover_value_format(panel))
        self.hover = [*_hover_marks(scales, self.hover_tooltip), *_hover_marks(scales, self.hover_tooltip)]
        #: The time since the dose of each point of ``hover``, h (where the log axis draws the first
        #: minute at one minute, the point's time is still the sample's).
        self.hover_times = [np.zeros(0)] * len(self.hover)
        self.handle = bqplot.Scatter(
            x=[0.0],
            y=[1.0],
            scales=frame_scales,
            marker="triangle-down",
            colors=[COLOURS["playhead"]],
            default_size=110,
            enable_move=True,
            restrict_x=True,
            update_on_move=True,
            tooltip=bqplot.Tooltip(fields=["x"], labels=["drag: time (h)"], formats=[".2f"]),
            tooltip_style={"opacity": "0.9", **TOOLTIP_TEXT},
        )
        unit = "%" if panel.percent else ""
        # One time axis per scale, made once and shown in turn: an axis made anew at each switch left
        # its predecessor's view (~300 DOM nodes, 0.35 MB a switch, never freed) hooked to the scale.
        self.linear_axis = self.time_axis(linear_scale)
        self.log_axis = self.time_axis(log_scale)
        self.show_time_axis(log_time)
        self.y_axis = bqplot.Axis(
            scale=self.y_scale,
            side="left",
            label=f"{panel.quantity} ({unit})",
            grid_lines="dashed",
            tick_format=PERCENT_TICK_FORMAT if panel.percent else TICK_FORMAT,
            label_offset=_Y_TITLE_OFFSET,
        )
        self.figure = _figure(
            [self.comparison, self.lines, self.playhead, self.click_catcher, *self.hover, self.handle],
            [self.linear_axis, self.log_axis, self.y_axis],
            panel.key,
            margin=_TIME_PANEL_MARGIN,
            height_px=height_px - _LEGEND_LINE_PX,
        )
        # Title and legend as one line of HTML above the plot: bqplot draws its legend inside the
        # plot, where with a comparison (four to six entries) it covered the curves and the ticks,
        # and a long entry pushed it past the plot's left edge.
        self.legend = _chart_legend(panel.key, _TIME_PANEL_MARGIN)
        self.summary = _chart_summary(panel.key)  # the run in words (panel_summary), for screen readers
        self.widget = _chart_box(self.legend, self.figure, self.summary)
        self.show_legend(labels, None)

    def show_hover(self, runs: list[tuple[_Drawn, list[str]]], axis_span: float, value_label: str) -> None:
        """Put the hover points of ``runs`` (each run as drawn, with its lines' names) in the hover
        marks, the last run's on top; ``value_label`` names the value and its unit."""
        kinds: list[list[tuple[np.ndarray, np.ndarray, np.ndarray, list[str], np.ndarray]]] = [[], []]
        for drawn, names in runs:
            for row, name in enumerate(names):
                for kind, keep in zip(kinds, hover_samples(drawn.position, drawn.y[row], axis_span), strict=True):
                    times = drawn.time_h[keep]
                    kind.append((drawn.x[keep], drawn.y[row, keep], drawn.position[keep], [f"{name} at {format_clock(t)}" for t in times], times))
        self.hover_tooltip.labels = ["", value_label]
        self.hover_times = [*_show_hover_points(self.hover[:2], kinds[0]), *_show_hover_points(self.hover[2:], kinds[1])]

    def show_legend(self, labels: list[str], comparison_label: str | None) -> None:
        """The panel's title and legend: one solid swatch per line, one dashed for the comparison."""
        entries = [_legend_entry(f"3px solid {COLOURS[c]}", label) for c, label in zip(self.panel.channels, labels, strict=True)]
        if comparison_label is not None:
            entries.append(_legend_entry(f"3px {COMPARISON_LINE['line_style']} {COLOURS['comparison']}", comparison_label))
        _show_title_and_legend(self.legend, self.panel.title, entries)

    @staticmethod
    def time_axis(scale: bqplot.Scale) -> bqplot.Axis:
        """The panel's time axis on ``scale``."""
        return bqplot.Axis(scale=scale, label=TIME_AXIS_LABEL, grid_lines="none", label_offset=_X_TITLE_OFFSET, tick_format=TICK_FORMAT)

    def show_time_axis(self, log_time: bool) -> None:
        """Show the log or the linear time axis (both stay in the figure)."""
        self.log_axis.visible = log_time
        self.linear_axis.visible = not log_time

    @property
    def x_axis(self) -> bqplot.Axis:
        """The time axis shown."""
        return self.log_axis if self.log_axis.visible else self.linear_axis


class TimeSeriesCharts:
    """Stacked time-series panels on one shared time axis, with a playhead and an optional comparison.

    Parameters
    ----------
    trajectory : Trajectory
        The run to draw.
    log_time : bool
        Start with a logarithmic time axis (from one minute) instead of a linear one.
    height_px : int
        Height of each panel, pixels.

    Raises
    ------
    ParameterError
        If ``trajectory`` is a synapse-microscope run (milliseconds) instead of a slow trajectory.

    Attributes
    ----------
    figures : list of bqplot.Figure
        One per panel of :data:`PANELS`, top to bottom.
    panels : dict of str -> _TimePanel
        The marks of each panel by key (``"drug"``, ``"block"``, ``"rates"``, ``"glutamate"``,
        ``"signalling"``, ``"spines"``): ``lines`` (the run), ``comparison`` (dashed), ``playhead``,
        ``handle`` (drag it), ``click_catcher`` and ``hover`` (the points to hover: those the time
        axis picks in the plot's left and right half, then the lines' peaks and troughs likewise;
        ``hover_times`` their times, ``hover_tooltip`` what they show), ``summary`` (the runs in
        words, hidden on screen: :func:`panel_summary`).
    widget : ipywidgets.VBox
        The figures stacked, ready to display.
    time_h : float
        Where the playhead is drawn.
    log_time : bool
        Whether the time axis is logarithmic.
    """

    def __init__(self, trajectory: Trajectory, *, log_time: bool = False, height_px: int = PANEL_HEIGHT_PX) -> None:
        refuse_microscope_run(trajectory)  # before any widget is made
        self.linear_scale = bqplot.LinearScale(min=0.0, max=1.0)
        # Never without a positive domain, shown or not: the hidden log axis still draws its ticks.
        self.log_scale = bqplot.LogScale(min=LOG_TIME_FLOOR_H, max=1.0)
        self.log_time = bool(log_time)
        self.x_scale = self.log_scale if self.log_time else self.linear_scale
        self.panels = {p.key: _TimePanel(p, self.linear_scale, self.log_scale, self.log_time, height_px) for p in PANELS}
        self.figures = [panel.figure for panel in self.panels.values()]
        self.widget = widgets.VBox([panel.widget for panel in self.panels.values()], layout={"width": "100%"})
        self.widget.add_class("keta-time-series")
        self.time_h = 0.0
        self.trajectory = trajectory
        self.comparison: Trajectory | None = None
        self.comparison_label = ""
        self._time_picked: list[Callable[[float], None]] = []
        self._pending: list[str] = []  # panels still showing an earlier run (show(panels=...))
        self._summaries_pending = False  # the summaries wait until every panel shows the run
        # Panels whose hover points wait to follow the run (draw_hover), and what they will show.
        self._hover_pending: list[str] = []
        self._hover_inputs: dict[str, tuple[list[tuple[_Drawn, list[str]]], float, str]] = {}
        self._hover_generation = 0  # a newer run cancels the hover points' scheduled catch-up
        for panel in self.panels.values():
            panel.click_catcher.on_element_click(self._on_click)
            for mark in panel.hover:
                mark.on_element_click(self._on_hover_click)
            panel.handle.observe(self._on_drag, names="x")
        self.show(trajectory)

    # -- drawing -------------------------------------------------------------------------------
    def _x(self, time_h: np.ndarray) -> np.ndarray:
        return np.maximum(time_h, LOG_TIME_FLOOR_H) if self.log_time else time_h

    def show(
        self, trajectory: Trajectory, comparison: Trajectory | None = None, comparison_label: str = "", panels: Sequence[str] | None = None
    ) -> None:
        """Draw ``trajectory`` (and, dashed, ``comparison`` if given) in every panel, or first in some.

        Parameters
        ----------
        trajectory, comparison : Trajectory
            The run, and the run overlaid dashed (none by default).
        comparison_label : str
            The overlay's name in the legends.
        panels : sequence of str, optional
            Keys of the panels (:data:`PANELS`) to draw now; the others keep the previous run until
            :meth:`draw_pending` draws this one in them. Default: all. A run that changes the time
            axis is drawn in every panel at once all the same, so that no panel shows the old run on
            the new axis. The hover points follow once every panel shows the run and no newer run
            has come for :data:`HOVER_CATCH_UP_S` (:meth:`draw_hover`).

        Raises
        ------
        ParameterError
            If either run is a synapse-microscope run (milliseconds) instead of a slow trajectory, or
            ``panels`` is not a list of panel keys or names a panel there is not; the charts are then
            left as they were.
        """
        refuse_microscope_run(trajectory)
        refuse_microscope_run(comparison, "comparison")
        if panels is not None:
            keys = ", ".join(self.panels)
            if isinstance(panels, str) or not all(isinstance(key, str) for key in panels):
                raise ParameterError(f"panels must be a list of panel keys ({keys}); got {panels!r}")
            unknown = [key for key in panels if key not in self.panels]
            if unknown:
                raise ParameterError(f"panels: no time-series panel {', '.join(map(repr, unknown))}; the panels are {keys}")
        self.trajectory = trajectory
        self.comparison = comparison
        self.comparison_label = comparison_label if comparison is not None else ""
        now = list(self.panels)
        if panels is not None and self._time_range()[1] == self.linear_scale.max:
            now = [key for key in self.panels if key in panels]
        self._pending = [key for key in self.panels if key not in now]
        self._hover_pending = list(self.panels)
        self._hover_generation += 1  # a catch-up scheduled for an earlier run must not show this one half drawn
        self._summaries_pending = True
        self._draw_and_tell(now, summaries=not self._pending)
        if not self._pending:
            self._draw_hover_when_rested()

    @property
    def pending(self) -> list[str]:
        """Keys of the panels that still show an earlier run than :attr:`trajectory` (see :meth:`show`)."""
        return list(self._pending)

    def draw_pending(self) -> None:
        """Draw the current run in the panels that :meth:`show` left for later (none: nothing is sent),
        and the panels' summaries (:meth:`show_summaries`), then its hover points once no newer run
        has come for :data:`HOVER_CATCH_UP_S` (:meth:`draw_hover`)."""
        pending, self._pending = self._pending, []
        self._draw_and_tell(pending, summaries=True)
        self._draw_hover_when_rested()

    def _draw_and_tell(self, keys: list[str], *, summaries: bool) -> None:
        """Draw the run in the panels ``keys`` and, with ``summaries``, write the panels' summaries
        (:meth:`show_summaries`), all in one message: six messages of their own after the panels'
        each cost the page a task of its own (benchmarks/lab_latency.py --messages)."""
        parts = self._chart_widgets(keys) + ([panel.summary for panel in self.panels.values()] if summaries else [])
        with one_message(parts):
            if keys:
                self._draw_burst(keys)  # its parts are held here: its changes join this message
            if summaries:
                self.show_summaries()

    def show_summaries(self) -> None:
        """Write each panel's summary of the runs it shows (:func:`panel_summary`), once every panel
        shows them: a slider's run is told with the panels out of view, on the kernel's next turn,
        not with the two it draws first. An unchanged summary sends nothing."""
        if not self._summaries_pending:
            return
        self._summaries_pending = False
        for panel in self.panels.values():
            span = float(panel.y_scale.max) - float(panel.y_scale.min)
            _write_summary(panel.summary, panel_summary(panel.panel, self.trajectory, self.comparison, self.comparison_label, span))

    def _draw_hover_when_rested(self) -> None:
        """:meth:`draw_hover` once no newer run has come for :data:`HOVER_CATCH_UP_S`, on the kernel's
        event loop; at once where none runs (plain Python, tests: nothing moves meanwhile)."""
        if not self._hover_pending:
            return
        self._hover_generation += 1
        generation = self._hover_generation
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self.draw_hover()
            return
        loop.call_later(HOVER_CATCH_UP_S, lambda: self._hover_generation == generation and self.draw_hover())

    def draw_hover(self) -> None:
        """Make every panel's hover points show the run its lines show, in one burst (none waiting:
        nothing is sent)."""
        hover, self._hover_pending = self._hover_pending, []
        with one_message(self._hover_widgets(hover)):
            for key in hover:
                self.panels[key].show_hover(*self._hover_inputs[key])

    def _time_range(self) -> tuple[float, float]:
        """The time axis' ends for the runs shown, hours."""
        t_end = float(self.trajectory.time_h[-1])
        if self.comparison is not None:
            t_end = max(t_end, float(self.comparison.time_h[-1]))
        return (LOG_TIME_FLOOR_H if self.log_time else 0.0), t_end

    def _draw_burst(self, keys: list[str]) -> None:
        """Draw the runs shown in the panels ``keys``, every change held and sent in one burst."""
        # Every change is held and sent at the end in one message, top panel first: sent one by one
        # between the computations, the messages left the kernel spread over ~10 ms (its output
        # thread waits for the interpreter lock), and even sent together as one message per widget
        # the page took them in one by one, a frame between most of them (update_courier.py).
        with one_message(self._chart_widgets(keys)):
            self._draw(keys, *self._time_range())
            self.move_playhead(self.time_h)

    def _chart_widgets(self, keys: list[str]) -> list[widgets.Widget]:
        """Every widget drawing ``keys`` changes, in the order their changes should reach the browser
        (the hover points last: :meth:`draw_hover` sends them after the lines)."""
        parts = [self.linear_scale, self.log_scale]
        for panel in (self.panels[key] for key in keys):
            parts += [panel.legend, panel.y_scale, panel.lines, panel.comparison, panel.y_axis, panel.linear_axis,
                      panel.log_axis, panel.click_catcher, panel.playhead, panel.handle]
        return parts + self._hover_widgets(keys)

    def _hover_widgets(self, keys: list[str]) -> list[widgets.Widget]:
        """The widgets of the hover points of the panels ``keys``, top panel first."""
        return [widget for key in keys for widget in (self.panels[key].hover_tooltip, *self.panels[key].hover)]

    def _draw(self, keys: list[str], t_start: float, t_end: float) -> None:
        """Set the panels' data, scales and axes; only inside :meth:`_draw_burst`, which holds their sync."""
        trajectory, comparison, comparison_label = self.trajectory, self.comparison, self.comparison_label
        # Both scales follow the run, the one not shown too: switching is then only a change of marks' scale.
        self.linear_scale.min, self.linear_scale.max = 0.0, t_end
        self.log_scale.min, self.log_scale.max = LOG_TIME_FLOOR_H, max(t_end, LOG_TIME_FLOOR_H * 10)
        log_ticks, linear_ticks = log_time_ticks(t_end), linear_time_ticks(t_end)
        for panel in (self.panels[key] for key in keys):
            channels = panel.panel.channels
            drawn = self._drawn(trajectory, panel.panel)
            x, y = drawn.x, drawn.y
            runs = [y]
            panel.lines.x = x
            panel.lines.y = y
            if comparison is None:
                drawn_cmp = None
                panel.comparison.visible = False
                panel.comparison.x = _PLACEHOLDER_X
                panel.comparison.y = np.ones((len(channels), 2), np.float32)
            else:
                drawn_cmp = self._drawn(comparison, panel.panel)
                runs.append(drawn_cmp.y)
                panel.comparison.x = drawn_cmp.x
                panel.comparison.y = drawn_cmp.y
                # The comparison's name alone: its dashed lines wear the channels' colours, which the
                # solid lines' legend names. "plasma (total): stressed, no drug" made a legend wider
                # than the plot, cut off at its left edge.
                panel.comparison.labels = [comparison_label] * len(channels)
                panel.comparison.visible = True
            low, high = _steady(panel_y_range(panel.panel, runs), (panel.y_scale.min, panel.y_scale.max))
            panel.log_axis.tick_values = log_ticks
            if list(panel.linear_axis.tick_values if panel.linear_axis.tick_values is not None else []) != linear_ticks:
                panel.linear_axis.tick_values = linear_ticks  # sent only when the run's length changes
            panel.y_scale.min, panel.y_scale.max = low, high
            ticks = panel_y_ticks(panel.panel, low, high)
            if list(panel.y_axis.tick_values if panel.y_axis.tick_values is not None else []) != ticks:
                panel.y_axis.tick_values = ticks
            panel.y_axis.label = panel_y_label(panel.panel, trajectory)
            panel.lines.labels = panel_line_labels(panel.panel, trajectory, y, high - low)
            shown_comparison = None
            if comparison is not None:
                shown_comparison = comparison_legend_label(panel.panel, trajectory, comparison, comparison_label, high - low)
            panel.show_legend(list(panel.lines.labels), shown_comparison)
            panel.click_catcher.x = [t_start, self.x_scale.max]
            # The hover points name each line by its name alone (the legend says more: a resting rate,
            # a line drawn over another), the comparison's lines with the comparison's label; the
            # run's points lie on top, where the comparison's lines lie under its own.
            names = [LABELS[c] for c in channels]
            hovered = [(drawn, names)]
            if drawn_cmp is not None:
                hovered.insert(0, (drawn_cmp, [f"{comparison_line_name(name, comparison_label)}," for name in names]))
            self._hover_inputs[panel.panel.key] = (hovered, high - low, panel.y_axis.label)

    def _drawn(self, trajectory: Trajectory, panel: Panel) -> _Drawn:
        """Time and the panel's lines, as float32, thinned to what the plot can show (:func:`drawn_samples`)."""
        time_h = trajectory.time_h
        x = self._x(time_h)
        y = _panel_lines(trajectory, panel)
        low, high = float(self.x_scale.min), float(self.x_scale.max)
        position = np.log(x / low) / np.log(high / low) if self.log_time else (x - low) / (high - low)
        keep = drawn_samples(position, y)
        if keep.size < x.size:
            time_h, x, y, position = time_h[keep], x[keep], y[:, keep], position[keep]
        return _Drawn(_f32(x), _f32(y), time_h, position)

    def move_playhead(self, time_h: float) -> None:
        """Draw the playhead (line and handle) at ``time_h`` hours in every panel."""
        self.time_h = float(time_h)
        x = max(self.time_h, LOG_TIME_FLOOR_H) if self.log_time else self.time_h
        self._moving = True  # the handle's own observer must not report this as a drag
        try:
            for panel in self.panels.values():
                panel.playhead.x = [x, x]
                panel.handle.x = [x]
        finally:
            self._moving = False

    def set_log_time(self, log_time: bool) -> None:
        """Switch the shared time axis between linear and logarithmic (from one minute)."""
        log_time = bool(log_time)
        if log_time == self.log_time:
            return
        self.log_time = log_time
        self.x_scale = self.log_scale if log_time else self.linear_scale
        # t = 0 must never meet a log axis (NaN paths and console errors in the browser): to log
        # time, the data (clamped to the axis' first minute) go first, then the scale; back to
        # linear, the scale goes first, then the data that start at 0. The hover points too, at
        # once: waiting for the catch-up, they would stand at 0 on the log axis meanwhile.
        if log_time:
            self.show(self.trajectory, self.comparison, self.comparison_label)
            self.draw_hover()
        for panel in self.panels.values():
            for mark in (panel.click_catcher, panel.lines, panel.comparison, panel.playhead, *panel.hover, panel.handle):
                mark.scales = {**mark.scales, "x": self.x_scale}
            panel.show_time_axis(log_time)
        if not log_time:
            self.show(self.trajectory, self.comparison, self.comparison_label)
            self.draw_hover()

    # -- picking a time ------------------------------------------------------------------------
    def on_time_picked(self, callback: Callable[[float], None]) -> None:
        """Call ``callback(time_h)`` when a panel is clicked or its playhead handle dragged."""
        self._time_picked.append(callback)

    def pick_time(self, time_h: float) -> None:
        """Report ``time_h`` as picked on the chart (what a click does), clamped to the run."""
        end = float(self.x_scale.max) if self.x_scale.max is not None else float(self.trajectory.time_h[-1])
        time_h = min(max(float(time_h), 0.0), end)
        if self.log_time and time_h <= LOG_TIME_FLOOR_H:
            time_h = 0.0  # the left edge of a log axis stands for the start of the run
        for callback in self._time_picked:
            callback(time_h)

    def _on_click(self, _mark: bqplot.Mark, content: dict) -> None:
        data = content.get("data") or {}
        if "click_x" in data and data["click_x"] is not None:
            self.pick_time(float(data["click_x"]))

    def _on_hover_click(self, mark: bqplot.Scatter, content: dict) -> None:
        """A click on a hover point (it lies above the click catcher) picks the point's time."""
        index = (content.get("data") or {}).get("index")
        for panel in self.panels.values():
            for half, hover in enumerate(panel.hover):
                times = panel.hover_times[half]
                if hover is mark and isinstance(index, int) and 0 <= index < times.size:
                    self.pick_time(float(times[index]))
                    return

    def _on_drag(self, change: dict) -> None:
        if getattr(self, "_moving", False) or change["new"] is None or len(change["new"]) == 0:
            return
        self.pick_time(float(change["new"][0]))

    # -- reading back (tests, notebooks) -------------------------------------------------------
    def series(self, channel: str, comparison: bool = False) -> np.ndarray:
        """The y values drawn for ``channel`` (of the comparison run if ``comparison``).

        The firing rates are drawn relative to their resting values (``Panel.relative_to_rest``).
        """
        for panel in self.panels.values():
            if channel in panel.panel.channels:
                y = np.asarray((panel.comparison if comparison else panel.lines).y)
                # bqplot squeezes a one-line panel's (1, n) array to (n,)
                return y if y.ndim == 1 else y[panel.panel.channels.index(channel)]
        raise KeyError(f"no panel draws {channel!r}; channels: {[c for p in PANELS for c in p.channels]}")


# ---- dose-response ---------------------------------------------------------------------------------

#: Doses of the dose-response chart, mg/kg over 40 min: log-spaced from well below the antidepressant
#: dose to anaesthetic levels (the experiments' default sweep, with points between).
DOSE_RESPONSE_DOSES_MG_PER_KG = (0.05, 0.1, 0.18, 0.25, 0.35, 0.5, 0.7, 1.0, 1.4, 2.0, 3.0, 4.0, 6.0, 8.0)


def _in_species(params: Params) -> str:
    """" in the mouse" (or rat) for a rodent's parameters, "" for a human's: the dose-response sweep
    and the virtual experiments run their human protocol (IV infusions over 40 min) in the lab's
    species, and a rodent's result is not a human one."""
    return "" if params.species == "human" else f" in the {params.species}"


def dose_response_curves(params: Params, doses=DOSE_RESPONSE_DOSES_MG_PER_KG) -> dict[str, np.ndarray]:
    """Glutamate at the end of a 40-min infusion (x baseline) and spine gain at 24 h (%) against dose.

    Runs ``kw.experiments.dose_response`` (each dose against one no-drug control) with ``params``.
    """
    chosen = experiments.check_doses(doses, params.species)  # read once (doses may be a generator), sorted
    result = experiments.dose_response(doses=chosen, params=params)
    labels = [experiments.dose_label(d) for d in chosen]
    glutamate = np.array([result.measured[f"glutamate_at_{label}_mg_per_kg_rel"] for label in labels])
    spines = np.array([result.measured[f"spine_gain_24h_at_{label}_mg_per_kg_pct"] for label in labels])
    return {"dose_mg_per_kg": np.array(chosen), "glutamate_rel": glutamate, "spine_gain_pct": spines}


#: Room around the dose-response chart's plot, px: a y axis with its title on either side
#: (:data:`_TIME_PANEL_MARGIN`), the dose axis' title under its ticks.
_DOSE_RESPONSE_MARGIN = {"top": 12, "bottom": 48, "left": 72, "right": 60}
#: Where the right y axis' title (spine gain) sits from its axis line, beyond its tick labels.
_RIGHT_Y_TITLE_OFFSET = "44px"


class DoseResponseChart:
    """Glutamate surge and spine gain against dose (log dose axis), with an optional comparison.

    Parameters
    ----------
    params : Params
        Model parameters of the sweep.

    Attributes
    ----------
    figure : bqplot.Figure
    curves : dict
        The numbers drawn: ``dose_mg_per_kg``, ``glutamate_rel``, ``spine_gain_pct``.
    glutamate, spines : bqplot.Lines
        The run's curves; ``glutamate_comparison`` and ``spines_comparison`` the comparison's (dashed).
    dose_marker : bqplot.Lines
        Vertical line at the lab's current dose.
    dose_axis : bqplot.Axis
        The dose axis; its label names the species when it is not human.
    hover : list of two lists of bqplot.Scatter
        The points to hover for a curve's dose and value: glutamate's, then the spine gain's.
    legend : ipywidgets.HTML
        The chart's title and legend, one line above the plot (the species too when not human).
    summary, marker_summary : ipywidgets.HTML
        The curves, and the dose marker, in words, hidden on screen (for screen readers; the marker's
        apart, as it moves with the lab's dose while the curves stand still).
    marked_dose : float or None
        The dose the marker shows, mg/kg (None: no marker).
    widget : ipywidgets.VBox
        The legend above the figure, ready to display.
    """

    def __init__(self, params: Params) -> None:
        self.x_scale = bqplot.LogScale(min=DOSE_RESPONSE_DOSES_MG_PER_KG[0], max=DOSE_RESPONSE_DOSES_MG_PER_KG[-1])
        self.glu_scale = bqplot.LinearScale()
        self.spine_scale = bqplot.LinearScale()

        def line(scale, colour, label, dashed=False):
            # The legend is the HTML line above the plot, as on the time-series panels: bqplot's own,
            # inside the plot, was rebuilt by the browser on every data change of any mark, so on
            # every move of the dose slider (the dose marker), and a comparison crowded it over the curves.
            return bqplot.Lines(
                x=np.ones(1), y=np.ones(1), scales={"x": self.x_scale, "y": scale}, colors=[colour],
                labels=[label], display_legend=False, stroke_width=2.0 if dashed else 2.5,
                line_style="dashed" if dashed else "solid", marker="circle", marker_size=24,
            )

        self.glutamate = line(self.glu_scale, COLOURS["glutamate_rel"], "glutamate at end of infusion")
        self.spines = line(self.spine_scale, COLOURS["spine_density_rel"], "spine gain at 24 h")
        self.glutamate_comparison = line(self.glu_scale, COLOURS["glutamate_rel"], "glutamate (comparison)", True)
        self.spines_comparison = line(self.spine_scale, COLOURS["spine_density_rel"], "spines (comparison)", True)
        self.glutamate_comparison.visible = self.spines_comparison.visible = False
        self.baseline = bqplot.Lines(
            x=list(self.x_scale_range()), y=[1.0, 1.0], scales={"x": self.x_scale, "y": self.glu_scale},
            colors=[COLOURS["baseline"]], line_style="dotted", stroke_width=1,
        )
        self.dose_marker = bqplot.Lines(
            x=[0.5, 0.5], y=[0.0, 1.0], scales={"x": self.x_scale, "y": self.glu_scale},
            colors=[COLOURS["playhead"]], stroke_width=1.5, line_style="dash_dotted",
        )
        # Two y axes: each wears its line's hue, so which line reads on which side is plain; in the
        # shade of it that reads as text in the page's theme (AXIS_TEXT_COLOURS).
        glutamate_text, spines_text = (axis_text_colour(channel) for channel in ("glutamate_rel", "spine_density_rel"))
        self.glu_axis = bqplot.Axis(scale=self.glu_scale, side="left", label="glutamate (× baseline)",
                                    grid_lines="dashed", label_offset=_Y_TITLE_OFFSET, tick_format=TICK_FORMAT,
                                    color=glutamate_text, label_color=glutamate_text)
        self.spine_axis = bqplot.Axis(scale=self.spine_scale, side="right", label="spine gain (%)",
                                      grid_lines="none", label_offset=_RIGHT_Y_TITLE_OFFSET, tick_format=TICK_FORMAT,
                                      color=spines_text, label_color=spines_text)
        self.dose_axis = bqplot.Axis(scale=self.x_scale, label="", label_offset=_X_TITLE_OFFSET, tick_format=TICK_FORMAT)
        axes = [self.dose_axis, self.glu_axis, self.spine_axis]
        # Each curve's points to hover for its dose and value (:func:`_hover_marks`), one pair of marks per y axis.
        self.hover_tooltips = [_hover_tooltip(HOVER_VALUE_FORMAT) for _ in range(2)]
        self.hover = [_hover_marks({"x": self.x_scale, "y": scale}, tooltip) for scale, tooltip in zip((self.glu_scale, self.spine_scale), self.hover_tooltips)]
        for tooltip, axis in zip(self.hover_tooltips, (self.glu_axis, self.spine_axis)):
            tooltip.labels = ["", axis.label]
        self.figure = _figure(
            [self.baseline, self.dose_marker, self.glutamate_comparison, self.spines_comparison, self.glutamate, self.spines,
             *self.hover[0], *self.hover[1]],
            axes,
            "dose-response",
            margin=_DOSE_RESPONSE_MARGIN,
            height_px=250,
        )
        self.legend = _chart_legend("dose-response", _DOSE_RESPONSE_MARGIN)
        self.summary = _chart_summary("dose-response")
        self.marker_summary = _chart_summary("dose-marker")
        self.widget = _chart_box(self.legend, self.figure, self.summary, self.marker_summary)
        self.curves: dict[str, np.ndarray] = {}
        self.comparison_curves: dict[str, np.ndarray] | None = None
        self.comparison_label = ""
        self.marked_dose: float | None = None
        self._species = ""
        self.show(params)

    def x_scale_range(self) -> tuple[float, float]:
        """The doses the chart spans, mg/kg."""
        return float(self.x_scale.min), float(self.x_scale.max)

    def show(self, params: Params, comparison_params: Params | None = None, comparison_label: str = "") -> None:
        """Re-run the sweep for ``params`` (and ``comparison_params``, dashed, if given)."""
        self.curves = dose_response_curves(params)
        self.comparison_curves = dose_response_curves(comparison_params) if comparison_params is not None else None
        for mark, key in ((self.glutamate, "glutamate_rel"), (self.spines, "spine_gain_pct")):
            with mark.hold_sync():
                mark.x, mark.y = self.curves["dose_mg_per_kg"], self.curves[key]
        for mark, key, what in (
            (self.glutamate_comparison, "glutamate_rel", "glutamate"),
            (self.spines_comparison, "spine_gain_pct", "spine gain"),
        ):
            with mark.hold_sync():
                if self.comparison_curves is None:
                    mark.visible = False
                else:
                    mark.x, mark.y = self.comparison_curves["dose_mg_per_kg"], self.comparison_curves[key]
                    mark.labels = [f"{what}: {comparison_label}"]
                    mark.visible = True
        self._show_legend(comparison_label if self.comparison_curves is not None else None, params)
        self._show_hover(comparison_label)
        self.dose_axis.label = f"dose, {experiments.ANTIDEPRESSANT.minutes:g}-min IV infusion{_in_species(params)} (mg/kg)"
        all_curves = [self.curves] + ([self.comparison_curves] if self.comparison_curves else [])
        glu = np.concatenate([c["glutamate_rel"] for c in all_curves])
        spines = np.concatenate([c["spine_gain_pct"] for c in all_curves])
        glu_low, glu_high = min(float(glu.min()), 1.0), max(float(glu.max()), 1.0)
        pad = 0.1 * (glu_high - glu_low) + 1e-3
        with self.glu_scale.hold_sync():
            self.glu_scale.min, self.glu_scale.max = glu_low - pad, glu_high + 2 * pad
        spine_low, spine_high = min(float(spines.min()), 0.0), max(float(spines.max()), 1.0)
        spine_pad = 0.1 * (spine_high - spine_low)
        with self.spine_scale.hold_sync():
            self.spine_scale.min, self.spine_scale.max = spine_low - spine_pad, spine_high + 2 * spine_pad
        self.glu_axis.tick_values = nice_ticks(self.glu_scale.min, self.glu_scale.max, 5)
        self.spine_axis.tick_values = nice_ticks(self.spine_scale.min, self.spine_scale.max, 5)
        self.dose_marker.y = [float(self.glu_scale.min), float(self.glu_scale.max)]
        self.comparison_label, self._species = comparison_label, _in_species(params)
        self._show_curves_summary()

    def _show_curves_summary(self) -> None:
        """The curves in words (each one's value at the lowest dose, its peak, its value at the
        highest) and the comparison's likewise (:attr:`summary`)."""

        def curves_words(curves: dict[str, np.ndarray], reference: dict[str, np.ndarray] | None = None) -> str:
            said = []
            for line, key, scale, value in ((self.glutamate, "glutamate_rel", self.glu_scale, times_baseline_text),
                                            (self.spines, "spine_gain_pct", self.spine_scale, _signed_percent)):
                if reference is not None and _drawn_alike(curves[key], reference[key], float(scale.max) - float(scale.min)):
                    words = "same as this run"
                else:
                    words = _curve_words(curves["dose_mg_per_kg"], curves[key], value)
                said.append(f"{line.labels[0]}: {words}")
            return "; ".join(said) + "."

        minutes = experiments.ANTIDEPRESSANT.minutes
        text = f"Dose-response{self._species}, {minutes:g}-min IV infusions. {curves_words(self.curves)}"
        if self.comparison_curves is not None:
            text += f" Dashed, {self.comparison_label}. {curves_words(self.comparison_curves, self.curves)}"
        _write_summary(self.summary, text)

    def _show_hover(self, comparison_label: str) -> None:
        """The curves' points to hover: each names its curve (the comparison's by its label) and dose."""
        low, high = self.x_scale_range()
        for marks, key, name in ((self.hover[0], "glutamate_rel", self.glutamate.labels[0]), (self.hover[1], "spine_gain_pct", self.spines.labels[0])):
            runs = [(self.curves, name)]
            if self.comparison_curves is not None:
                runs.insert(0, (self.comparison_curves, f"{name}, {comparison_label}"))  # this run's points on top
            lines = []
            for curves, label in runs:
                doses = curves["dose_mg_per_kg"]
                position = np.log(doses / low) / np.log(high / low)
                lines.append((doses, curves[key], position, [f"{label}: {dose:g} mg/kg" for dose in doses], doses))
            _show_hover_points(marks, lines)

    def _show_legend(self, comparison_label: str | None, params: Params) -> None:
        """The title and legend: a solid swatch per curve; with a comparison, one dashed swatch for it."""
        entries = [_legend_entry(f"3px solid {mark.colors[0]}", mark.labels[0]) for mark in (self.glutamate, self.spines)]
        if comparison_label is not None:
            entries.append(_legend_entry(f"3px dashed {COLOURS['comparison']}", comparison_label))
        # The inverted U is of glutamate at one moment, the end of the infusion. The surge's own peak
        # does not fall with dose (1.9x at 1.4 mg/kg, still 1.7x at 8 mg/kg); it comes hours later,
        # once the drug has fallen, so the title names the moment.
        title = f"Dose-response{_in_species(params)}: glutamate at the end of the infusion (an inverted U) and spine gain at 24 h"
        _show_title_and_legend(self.legend, title, entries)

    def mark_dose(self, dose_mg_per_kg: float | None) -> None:
        """Draw the vertical marker at the lab's dose (hidden for no single dose)."""
        if dose_mg_per_kg is None or dose_mg_per_kg <= 0:
            self.dose_marker.visible = False
            self.marked_dose = None
            _write_summary(self.marker_summary, "")
            return
        low, high = self.x_scale_range()
        x = min(max(dose_mg_per_kg, low), high)
        with self.dose_marker.hold_sync():
            self.dose_marker.x = [x, x]
            self.dose_marker.visible = True
        self.marked_dose = float(dose_mg_per_kg)
        beyond = "" if low <= self.marked_dose <= high else ", drawn at the axis' end"
        _write_summary(self.marker_summary, f"Marker: this run's dose, {self.marked_dose:g} mg/kg{beyond}.")


# ---- experiments -----------------------------------------------------------------------------------


def experiment_gains(params: Params) -> dict[str, float]:
    """Spine gain at 24 h (%) with ketamine alone and after each pre-treatment of :data:`PRETREATMENTS`.

    Runs the ``kw.experiments`` of the five pre-treatments with ``params`` (its own pre-treatment
    flags cleared, so each bar shows one blocker).
    """
    base = _without_pretreatments(params)
    gains: dict[str, float] = {}
    for name, label in PRETREATMENTS:
        result = experiments.run(name, params=base)
        gains.setdefault("none", result.measured["spine_gain_ketamine_alone_pct"])
        gains[label] = result.measured[f"spine_gain_with_{name}_pct"]
    return gains


def _without_pretreatments(params: Params) -> Params:
    """``params`` with every pre-treatment of :data:`PRETREATMENTS` off (each bar sets its own)."""
    return Params(**{**params.to_dict(), **{name: False for name, _ in PRETREATMENTS}})


#: The experiment chart's bars: this run's parameters, then the comparison's in grey (the light blue
#: it replaces read 1.7:1 on white, and a blue dark enough would be hard to tell from this run's).
_BAR_COLOURS = [COLOURS["spine_density_rel"], COLOURS["comparison"]]


#: Room around the experiment chart's plot, px (:data:`_DOSE_RESPONSE_MARGIN`, one y axis).
_EXPERIMENTS_MARGIN = {"top": 12, "bottom": 48, "left": 72, "right": 16}


#: What an experiment bar of exactly 0 is drawn at, % (see :meth:`ExperimentChart.show`).
_HAIR_ABOVE_ZERO = 1e-9
#: The experiment chart's figure height and its plot's (the figure less its margins), px.
_EXPERIMENTS_HEIGHT_PX = 250
_EXPERIMENTS_PLOT_PX = _EXPERIMENTS_HEIGHT_PX - _EXPERIMENTS_MARGIN["top"] - _EXPERIMENTS_MARGIN["bottom"]
#: The room a bar's value takes beyond the bar's end, px: its text and a gap.
_BAR_LABEL_ROOM_PX = TICK_TEXT_PX + 4


def bar_scale_range(values: np.ndarray, label_px: float, plot_px: float) -> tuple[float, float]:
    """The y scale's ends for bars of ``values`` (rows of series) whose values are written
    ``label_px`` beyond their ends, in a plot ``plot_px`` tall: the old margins (15 % above the
    highest bar, 10 % below the lowest, at least 0 to 1), widened where a value would leave the plot.

    bqplot writes a value over a bar that rises from 0 (a bar of 0 included: drawn a hair above it)
    and under one that falls, and clips what leaves the plot: with no bar rising, 0 sat ~5 px under
    the top, and the knockout's "0.0" over its bar was cut off (review, Mg²⁺ 0.1 mM).
    """
    top, bottom = max(0.0, float(values.max())), min(0.0, float(values.min()))
    low, high = min(0.0, bottom * 1.1), max(1.0, top * 1.15)
    if label_px <= 0.0:
        return low, high
    share = label_px / plot_px  # of the scale's span, the room one value takes
    below = float(np.any(values < 0.0))  # a value is written under a falling bar; some bar always rises (or is 0)
    # The least span that keeps the old margins and gives each value its room: room above the top
    # bar with the bottom end where the old margin put it (or given room itself), and the same below.
    span = max(
        high - low,
        (top - bottom) / (1.0 - share * (1.0 + below)),  # both ends set by the values' room
        (high - bottom) / (1.0 - share * below),  # the top end the old margin's, room below
        (top - low) / (1.0 - share),  # the bottom end the old margin's, room above
    )
    high = max(high, top + share * span)
    return high - span, high


#: The d3 format of the value over each experiment bar (spine gain, %): one decimal, as the bars'
#: tooltips write it (a loss reads "−31.4"; a sign on every gain would also put one on the knockout's 0).
BAR_VALUE_FORMAT = ".1f"


class ExperimentChart:
    """Spine gain at 24 h: ketamine alone and with each pre-treatment (bars), optionally compared.

    Parameters
    ----------
    params : Params
        Model parameters of the experiments (pre-treatment flags are set by each experiment).

    Attributes
    ----------
    figure : bqplot.Figure
    bars : bqplot.Bars
        One bar per arm; a second, grey bar per arm for the comparison parameters.
    gains : dict of str -> float
        The numbers drawn (percent), by bar label.
    arm_axis : bqplot.Axis
        The pre-treatments' axis; its label names the protocol, and the species when not human.
    legend : ipywidgets.HTML
        The chart's title and legend, one line above the plot (as on every other chart).
    summary : ipywidgets.HTML
        Every bar's value in words, hidden on screen (for screen readers).
    widget : ipywidgets.VBox
        The legend above the figure, ready to display.
    """

    def __init__(self, params: Params) -> None:
        self.x_scale = bqplot.OrdinalScale()
        self.y_scale = bqplot.LinearScale()
        self.bars = bqplot.Bars(
            x=["none"], y=[0.0], scales={"x": self.x_scale, "y": self.y_scale},
            colors=_BAR_COLOURS[:1], type="grouped", padding=0.25,
            labels=["this run's parameters"], display_legend=False,  # the HTML line above the plot
            tooltip=bqplot.Tooltip(fields=["x", "y"], labels=["arm", "spine gain (%)"], formats=["", BAR_VALUE_FORMAT]),
            tooltip_style={"opacity": "0.9", **TOOLTIP_TEXT},
            # Each bar's value over it, as large as the tick labels: a class reads "24.0 against 1.4"
            # off the projected screen, where the blockers' bars are a few pixels tall (and the
            # knockout's none at all) and the axis alone does not tell them apart.
            # bqplot hangs a value from the bar's end, inside it: moved out by its height and a gap.
            label_display=True, label_display_format=BAR_VALUE_FORMAT, label_font_style={"font-size": f"{TICK_TEXT_PX}px"},
            label_display_vertical_offset=-_BAR_LABEL_ROOM_PX,
        )
        self.arm_axis = bqplot.Axis(scale=self.x_scale, label="", label_offset=_X_TITLE_OFFSET)
        self.gain_axis = bqplot.Axis(scale=self.y_scale, side="left", label="spine gain at 24 h (%)",
                                     grid_lines="dashed", label_offset=_Y_TITLE_OFFSET, tick_format=TICK_FORMAT)
        self.figure = _figure(
            [self.bars],
            [self.arm_axis, self.gain_axis],
            "experiments",
            margin=_EXPERIMENTS_MARGIN,
            height_px=_EXPERIMENTS_HEIGHT_PX,
        )
        self.legend = _chart_legend("experiments", _EXPERIMENTS_MARGIN)
        self.summary = _chart_summary("experiments")
        self.widget = _chart_box(self.legend, self.figure, self.summary)
        self.gains: dict[str, float] = {}
        self.comparison_gains: dict[str, float] | None = None
        self.show(params)

    def show(self, params: Params, comparison_params: Params | None = None, comparison_label: str = "") -> None:
        """Re-run the experiments for ``params`` (and ``comparison_params`` as second bars).

        Each bar sets its own pre-treatment, so the run's own pre-treatment ticks do not apply here,
        and a comparison that differs only in them (``+ NBQX``) would draw a second set of identical
        bars: it is left out, and the legend says why.
        """
        # The experiments' own dose whatever the run's (review: at 3.8 mg/kg the title read as a claim
        # about this run; said here, as the title's third line pushed the chart below its neighbour's).
        notes = ["at the title's dose, whatever this run's dose is"]
        if comparison_params is not None and _without_pretreatments(comparison_params) == _without_pretreatments(params):
            comparison_params = None
            notes.append(f"{comparison_label} differs from this run only in pre-treatments, which each bar sets for itself: its bars would be these")
        ticked = [label for name, label in PRETREATMENTS if getattr(params, name)]
        if ticked:
            notes.append(f"each bar sets its own pre-treatment: this run's {' and '.join(ticked)} {'does' if len(ticked) == 1 else 'do'} not apply here")
        self.gains = experiment_gains(params)
        if self.gains["none"] <= 0.0:
            # Outside the model's calibrated range (Mg2+-free fluid, say) ketamine alone loses spines,
            # and the blockers, which remove most of any change, would read as protecting them.
            notes.append("with these parameters ketamine alone grows no spines: there is no gain for a blocker to remove")
        self.comparison_gains = experiment_gains(comparison_params) if comparison_params is not None else None
        if self.comparison_gains is not None and self.comparison_gains["none"] <= 0.0:
            notes.append(f"with {comparison_label}'s parameters ketamine alone grows no spines: there is no gain for a blocker to remove")
        arms = list(self.gains)
        y = [[self.gains[a] for a in arms]]
        labels = ["this run's parameters"]
        if self.comparison_gains is not None:
            y.append([self.comparison_gains[a] for a in arms])
            labels.append(comparison_label)
        values = np.array(y)
        labelled = self.comparison_gains is None  # see bars.label_display below
        low, high = bar_scale_range(values, label_px=_BAR_LABEL_ROOM_PX if labelled else 0.0, plot_px=_EXPERIMENTS_PLOT_PX)
        with self.y_scale.hold_sync():
            self.y_scale.min, self.y_scale.max = low, high
        # Round ticks a few tall labels apart (bqplot's own put one every 2 % on a 0-29 % axis: 15
        # labels in 190 px, touching one another).
        self.gain_axis.tick_values = nice_ticks(self.y_scale.min, self.y_scale.max, 5)
        with self.bars.hold_sync():
            self.bars.x = arms
            # One colour per series. With a single series bqplot cycles its colours bar by bar, so
            # the second one is listed only with a comparison (rapamycin came out dark like "none",
            # its neighbours light, for no reason).
            self.bars.colors = _BAR_COLOURS[: len(y)]
            # bqplot counts a bar of exactly 0 (the BDNF knockout's) as a loss and writes its value
            # under the axis, among the arms' names; a hair above 0 it is written over the bar, as
            # the others (the value still reads 0.0, and the tooltips and summary take self.gains).
            self.bars.y = np.where(values == 0.0, _HAIR_ABOVE_ZERO, values)
            self.bars.labels = labels
            # Two bars an arm are too narrow for their values side by side ("24.0" is wider than a
            # bar): with a comparison the values are in the tooltips and the summary only. bqplot
            # redraws the values only with the bars' data (no view listens to label_display alone):
            # this holds because a comparison also changes y's shape, one row or two, in this message.
            self.bars.label_display = labelled
        entries = [_legend_entry(f"10px solid {colour}", label) for colour, label in zip(_BAR_COLOURS, labels)]
        entries += [f"<span style='color:var(--jp-ui-font-color2,#555)'>({html.escape(note)})</span>" for note in notes]
        protocol = f"{experiments.ANTIDEPRESSANT.describe()}{_in_species(params)}"
        self.arm_axis.label = f"pre-treatment before {protocol}"
        _show_title_and_legend(self.legend, f"Virtual experiments{_in_species(params)} at {experiments.ANTIDEPRESSANT.describe()}: what each blocker leaves of the spine gain", entries)

        def bars_words(gains: dict[str, float]) -> str:
            return ", ".join(f"{'none (ketamine alone)' if arm == 'none' else arm} {_signed_percent(gains[arm])}" for arm in arms)

        text = (f"Virtual experiments{_in_species(params)} at {experiments.ANTIDEPRESSANT.describe()}, "
                f"spine gain at 24 h by pre-treatment: {bars_words(self.gains)}.")
        if self.comparison_gains is not None:
            text += f" Grey bars, {comparison_label}: {bars_words(self.comparison_gains)}."
        _write_summary(self.summary, text)

