"""The charts' summaries in words (for screen readers): their numbers against the data each chart draws.

Each expected number is computed here from ``lab.trajectory`` (or from the marks a chart draws) with
numpy, and each summary is read back by a small parser of its own, so that a slip in the summary code
(a peak read from the wrong line, a time in the wrong unit) cannot pass by agreeing with itself.
"""

import html
import json
import re

import ipywidgets as widgets
import numpy as np
import pytest

import ketawidget as kw
from ketawidget.widget.charts import LABELS, PANELS, time_words
from ketawidget.widget.controls import LatestValueWins


@pytest.fixture(scope="module")
def lab():
    return kw.KetamineLab()


@pytest.fixture
def fresh_lab():
    return kw.KetamineLab()


# ---- reading a summary back -----------------------------------------------------------------------

_UNITS_UM = {"µM": 1.0, "nM": 1e-3}
_HOURS = {"s": 1 / 3600, "min": 1 / 60, "h": 1.0, "day": 24.0, "days": 24.0}


def written(text: str) -> tuple[float, float]:
    """A value as a summary writes it, in the chart's own unit (µM, a fraction, × baseline), and half
    a unit of its last digit ("18%": 0.18 and 0.005; "23.6 nM": 0.0236 and 0.00005 µM; "about 5% of
    baseline": 0.05 and 0.005)."""
    text = text.removesuffix(" baseline").removesuffix(" resting").removesuffix(" of").removeprefix("about ").strip()
    if text.startswith("<"):  # "< 0.001 nM", "< 0.1%", "< 0.1% of baseline": a trace
        digits, scale = text.split()[1].rstrip("%x"), (0.01 if text.endswith("%") else 1e-3 if text.endswith("nM") else 1.0)
        return 0.0, float(digits) * scale
    if text.endswith("%"):
        digits, scale = text[:-1], 0.01
    elif text.endswith("x"):
        digits, scale = text[:-1], 1.0
    else:
        digits, unit = text.split(" ")
        scale = _UNITS_UM[unit]
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    return float(digits) * scale, 0.5 * 10.0**-decimals * scale * 1.0001


def number(text: str) -> float:
    return written(text)[0]


def hours(text: str) -> float:
    """A time as a summary writes it: "40 min", "1.1 h", "2 days 7 h"."""
    words = text.split()
    return sum(float(n) * _HOURS[unit] for n, unit in zip(words[::2], words[1::2], strict=True))


def read_lines(text: str) -> tuple[dict[str, list[str]], dict[str, list[str]] | None, str | None]:
    """A time-series summary as {line name: its parts}, the dashed run's likewise (or None), and the
    dashed run's label. "plasma (total): peak 0.747 µM at 40 min, end 23.6 nM" -> parts
    ["peak 0.747 µM at 40 min", "end 23.6 nM"]."""
    text = html.unescape(text)
    own, _, dashed = text.partition(" Dashed, ")

    def lines(part: str) -> dict[str, list[str]]:
        found = {}
        for line in part.removesuffix(".").split("; "):
            name, _, words = line.partition(": ")
            found[re.sub(r" \([^()]* at rest\)$", "", name)] = words.split(", ")
        return found

    if not dashed:
        return lines(own.split(". ", 1)[1]), None, None
    if dashed.endswith(": the same as this run."):
        return lines(own.split(". ", 1)[1]), {}, dashed.removesuffix(": the same as this run.")
    label, _, rest = dashed.partition(". ")
    return lines(own.split(". ", 1)[1]), lines(rest), label


def expected_turns(y: np.ndarray) -> list[int]:
    """The samples a line's summary should name, computed afresh: its largest departure from where it
    starts (up: a peak; down: its lowest point), and the other one too where that departs at least a
    third as far."""
    start = y[0]
    up, down = int(np.argmax(y)), int(np.argmin(y))
    rise, fall = y[up] - start, start - y[down]
    turns = [up, down] if min(rise, fall) >= max(rise, fall) / 3 else [up if rise >= fall else down]
    return sorted(turns)


def check_line(parts: list[str], time_h: np.ndarray, y: np.ndarray, what: str) -> None:
    """One line's parts against its samples: each extreme's kind, value and time, and the end value."""
    turns = expected_turns(y)
    up = int(np.argmax(y))
    for part, i in zip(parts, turns, strict=False):
        kind, value, at = re.fullmatch(r"(peak|lowest) (.+) at (.+)", part).groups()
        assert kind == ("peak" if i == up else "lowest"), f"{what}: {part!r}"
        said, rounding = written(value)
        assert abs(said - y[i]) <= rounding, f"{what}: {part!r} vs {y[i]}"
        assert hours(at) == pytest.approx(time_h[i], abs=max(1 / 120, 0.05 * (time_h[i] >= 1), 0.5 * (time_h[i] >= 24)) + 1e-9), f"{what}: {part!r}"
    if turns[-1] < y.size - 1:
        assert len(parts) == len(turns) + 1 and parts[-1].startswith("end "), f"{what}: {parts}"
        said, rounding = written(parts[-1][4:])
        assert abs(said - y[-1]) <= rounding, f"{what}: {parts[-1]!r} vs {y[-1]}"
    else:
        assert len(parts) == len(turns), f"{what}: the extreme is the end: {parts}"


def drawn_lines(trajectory, panel) -> np.ndarray:
    """A panel's lines as it draws them: the firing rates relative to their resting values."""
    y = np.vstack([np.asarray(trajectory[c], float) for c in panel.channels])
    return y / y[:, :1] if panel.relative_to_rest else y


def check_panel(text: str, panel, trajectory, comparison=None) -> None:
    own, dashed, _label = read_lines(text)
    for run, said in ((trajectory, own), (comparison, dashed)):
        if run is None or said == {}:
            continue
        assert list(said) == [LABELS[c] for c in panel.channels], text
        lines = drawn_lines(run, panel)
        for i, channel in enumerate(panel.channels):
            parts = said[LABELS[channel]]
            if parts[0].startswith("same as "):
                other = parts[0].removeprefix("same as ")
                if other == "this run":
                    reference = drawn_lines(trajectory, panel)[i]
                else:
                    reference = lines[[LABELS[c] for c in panel.channels].index(other)]
                assert np.max(np.abs(lines[i] - reference)) < 0.01 * np.ptp(lines[i]) + 1e-9, f"{channel}: {parts}"
            elif parts[0].startswith("stays at "):
                assert np.ptp(lines[i]) <= 1e-2 * max(abs(lines[i][0]), 1e-3), f"{channel}: {parts}"
            else:
                check_line(parts, run.time_h, lines[i], f"{panel.key} {channel}")


# ---- time series ----------------------------------------------------------------------------------


def test_time_words_match_the_captions_clock():
    assert [time_words(h) for h in (40 / 60, 2.5, 72.0, 28.0, 24.0, 0.01)] == ["40 min", "2.5 h", "3 days", "1 day 4 h", "1 day", "36 s"]


def test_each_panel_says_each_lines_peak_or_low_its_time_and_its_end(lab):
    trajectory = lab.trajectory
    for panel in PANELS:
        text = lab.timeseries.panels[panel.key].summary.value
        assert html.unescape(text).startswith(f"{panel.title} over 12 h. "), text
        check_panel(text, panel, trajectory)
    # The numbers a student would read off the default run, as the caption writes them.
    drug = lab.timeseries.panels["drug"].summary.value
    assert "plasma (total): peak 0.747 µM at 40 min, end 23.6 nM; brain (free): peak 0.393 µM at 41 min" in drug
    # eEF2 phosphorylation dips: its lowest point, not a peak at t = 0.
    eef2 = read_lines(lab.timeseries.panels["signalling"].summary.value)[0]["phospho-eEF2"]
    y = trajectory["eef2_phospho_rel"]
    assert eef2[0] == f"lowest {float(y.min()):.3f}x baseline at {round(trajectory.time_h[int(np.argmin(y))] * 60)} min"
    # The units of the axes: percentages of current blocked, rates relative to rest (named), levels × baseline.
    assert "interneurons: peak 18% at 41 min" in lab.timeseries.panels["block"].summary.value
    assert "interneurons (15 Hz at rest): lowest 0.894x resting" in lab.timeseries.panels["rates"].summary.value
    # AMPA activation follows glutamate exactly (the legend says one line hides the other).
    assert "AMPA activation: same as glutamate" in lab.timeseries.panels["glutamate"].summary.value


def test_a_bolus_names_both_extremes_of_a_line_that_dips_then_surges_and_days_in_words(fresh_lab):
    fresh_lab.dose = kw.Bolus(2.0)
    fresh_lab.hours = 168
    trajectory = fresh_lab.trajectory
    for panel in PANELS:
        check_panel(fresh_lab.timeseries.panels[panel.key].summary.value, panel, trajectory)
    glutamate = read_lines(fresh_lab.timeseries.panels["glutamate"].summary.value)[0]["glutamate"]
    assert [part.split()[0] for part in glutamate] == ["lowest", "peak", "end"], glutamate
    assert "Dendritic spines over 7 days. spine density: peak" in fresh_lab.timeseries.panels["spines"].summary.value
    assert " days " in fresh_lab.timeseries.panels["spines"].summary.value  # the peak's time, "2 days 7 h"


def test_saline_says_every_level_stays_where_it_started(fresh_lab):
    fresh_lab.dose = kw.NoDrug()
    summaries = {key: html.unescape(panel.summary.value) for key, panel in fresh_lab.timeseries.panels.items()}
    assert summaries["drug"] == "Ketamine over 12 h. plasma (total): stays at 0 µM; brain (free): stays at 0 µM."
    assert "phospho-eEF2: stays at 1.00x baseline; mTORC1: stays at 1.00x baseline" in summaries["signalling"]


def test_the_comparison_is_described_dashed_by_its_label(fresh_lab):
    lab = fresh_lab
    lab.compare_with(params={"nbqx": True}, label="+ NBQX")
    run, other = lab.trajectory, lab.comparison_trajectory
    for panel in PANELS:
        text = lab.timeseries.panels[panel.key].summary.value
        assert " Dashed, + NBQX" in text, text
        check_panel(text, panel, run, other)
    # NBQX leaves the drug alone: its dashed lines lie under this run's, and the summary says so.
    assert np.allclose(run["ketamine_brain_uM"], other["ketamine_brain_uM"])
    assert lab.timeseries.panels["drug"].summary.value.endswith("Dashed, + NBQX: the same as this run.")
    # It blocks AMPA receptors: the dashed AMPA activation has its own, small peak.
    own, dashed, label = read_lines(lab.timeseries.panels["glutamate"].summary.value)
    assert label == "+ NBQX" and dashed["glutamate"] == ["same as this run"]
    ampa = other["ampa_activation_rel"]
    assert number(dashed["AMPA activation"][0].split(" at ")[0].removeprefix("peak ")) == pytest.approx(ampa.max(), rel=5e-3)
    spines = read_lines(lab.timeseries.panels["spines"].summary.value)[1]["spine density"]
    assert number(spines[0].split(" at ")[0].removeprefix("peak ")) == pytest.approx(other["spine_density_rel"].max(), rel=5e-3)
    # A comparison whose every panel differs (another species), and one whose label is markup.
    lab.compare_with(params={"species": "mouse"}, label="<i>a mouse</i>")
    for panel in PANELS:
        text = lab.timeseries.panels[panel.key].summary.value
        assert "&lt;i&gt;a mouse&lt;/i&gt;" in text and "<i>" not in text
        check_panel(text, panel, lab.trajectory, lab.comparison_trajectory)
    lab.clear_comparison()
    assert not any("Dashed" in panel.summary.value for panel in lab.timeseries.panels.values())


# ---- dose-response and experiments ------------------------------------------------------------------


def test_the_dose_response_summary_gives_both_peaks_the_inverted_u_and_the_markers_dose(fresh_lab):
    chart = fresh_lab.dose_response
    doses, glutamate = np.asarray(chart.glutamate.x, float), np.asarray(chart.glutamate.y, float)  # as drawn
    gain = np.asarray(chart.spines.y, float)
    text = html.unescape(chart.summary.value)
    glu_words = re.search(r"glutamate at end of infusion: (.*?); spine gain", text).group(1).split(", ")
    gain_words = re.search(r"spine gain at 24 h: (.*?)\.$", text).group(1).split(", ")
    top = int(np.argmax(glutamate))
    assert 0 < top < doses.size - 1, "the default parameters draw an inverted U"
    # From the lowest dose up to the peak and down again: each value at its dose.
    for words, i in zip(glu_words, (0, top, doses.size - 1), strict=True):
        value, dose = re.fullmatch(r"(?:peak )?(.+?) at (\S+) mg/kg", words).groups()
        shown, half = written(value)  # to its digits: "about 2% of baseline" at 8 mg/kg
        assert (glutamate[i], float(dose)) == (pytest.approx(shown, abs=half), pytest.approx(doses[i]))
    assert glu_words[1].startswith("peak ")
    best = int(np.argmax(gain))
    peak = next(w for w in gain_words if w.startswith("peak "))
    value, dose = re.fullmatch(r"peak \+(\S+)% at (\S+) mg/kg", peak).groups()
    assert (float(value), float(dose)) == (pytest.approx(gain[best], rel=5e-3), pytest.approx(doses[best]))
    # The marker: the lab's dose, said apart (it moves with the dose; the curves do not).
    assert chart.marker_summary.value == "Marker: this run's dose, 0.5 mg/kg."
    fresh_lab.dose = kw.Infusion(1.0, 40)
    assert chart.marker_summary.value == "Marker: this run's dose, 1 mg/kg." and html.unescape(chart.summary.value) == text
    fresh_lab.dose = kw.Bolus(2.0)  # not the sweep's protocol: no marker
    assert chart.marker_summary.value == "" and not chart.dose_marker.visible
    fresh_lab.compare_with(params={"nbqx": True}, label="+ NBQX")
    dashed = html.unescape(chart.summary.value).split(" Dashed, + NBQX. ")[1]
    # NBQX leaves glutamate at the end of the infusion as it is and takes most of the spine gain.
    assert dashed.startswith("glutamate at end of infusion: same as this run; spine gain at 24 h: ")
    nbqx = np.asarray(chart.spines_comparison.y, float)
    value, dose = re.search(r"peak \+(\S+)% at (\S+) mg/kg", dashed).groups()
    said, rounding = written(f"{value}x")  # (a plain number, rounded where it was written)
    assert abs(said - nbqx.max()) <= rounding and float(dose) == pytest.approx(doses[int(np.argmax(nbqx))])
    assert nbqx.max() < 0.25 * gain.max(), "what NBQX leaves of the spine gain is small"


def test_the_experiment_summary_lists_every_bar(fresh_lab):
    chart = fresh_lab.experiment_chart
    arms = list(chart.bars.x)
    values = np.array([[chart.gains[arm] for arm in arms]])  # the model's (a bar of 0 is drawn a hair above it)

    def said(bars: str) -> dict[str, float]:
        """ "none (ketamine alone) +24.0%, NBQX +1.39%, ..." -> {"none": 24.0, "NBQX": 1.39, ...}"""
        found = (re.fullmatch(r"(.+) ([+-]?[\d.]+)%", bar).groups() for bar in bars.removesuffix(".").split(", "))
        return {arm.removesuffix(" (ketamine alone)"): float(value) for arm, value in found}

    text = html.unescape(chart.summary.value)
    assert text.startswith("Virtual experiments at 0.5 mg/kg IV over 40 min, spine gain at 24 h by pre-treatment: none (ketamine alone) +")
    assert arms == ["none", "NBQX", "rapamycin", "anisomycin", "BDNF KO", "nifedipine"]
    numbers = said(text.split(": ", 1)[1])
    assert list(numbers) == arms
    for arm, value in zip(arms, values[0], strict=True):
        assert numbers[arm] == pytest.approx(value, rel=5e-3, abs=1e-9), arm
    fresh_lab.compare_with(params={"species": "mouse"}, label="a mouse")
    values = np.array([[chart.gains[arm] for arm in arms], [chart.comparison_gains[arm] for arm in arms]])
    own, grey = html.unescape(chart.summary.value).split(" Grey bars, a mouse: ")
    for part, row in ((own.split(": ", 1)[1], values[0]), (grey, values[1])):
        numbers = said(part)
        assert list(numbers) == arms
        assert [numbers[a] for a in arms] == pytest.approx(list(row), rel=5e-3, abs=1e-9)


# ---- where they sit, and what they cost ----------------------------------------------------------------


def test_every_chart_is_followed_by_its_hidden_summary_in_its_box(lab):
    boxes = [*(p.widget for p in lab.timeseries.panels.values()), lab.dose_response.widget, lab.experiment_chart.widget]
    for box, figure in zip(boxes, lab.charts, strict=True):
        after = box.children[box.children.index(figure) + 1:]
        assert after and all({"keta-sr-only", "keta-chart-summary"} <= set(s._dom_classes) for s in after)
        assert after[0].value, "written from the start"


def _sent_by_summaries(lab, monkeypatch):
    summaries = {id(p.summary) for p in lab.timeseries.panels.values()}
    summaries |= {id(lab.dose_response.summary), id(lab.dose_response.marker_summary), id(lab.experiment_chart.summary)}
    sent = []
    original = widgets.Widget._send

    def send(widget, msg, buffers=None):
        if id(widget) in summaries:
            sent.append((widget, len(json.dumps(msg))))
        return original(widget, msg, buffers)

    monkeypatch.setattr(widgets.Widget, "_send", send)
    return sent


def test_the_playhead_sends_no_summary_nor_does_an_unchanged_one_and_a_new_run_stays_under_2_kb(fresh_lab, monkeypatch):
    lab = fresh_lab
    sent = _sent_by_summaries(lab, monkeypatch)
    for t in (0.5, 3.0, 11.9):
        lab.time_h = t
    lab.log_time = True  # the same runs on another axis: the same words
    lab.log_time = False
    assert sent == []
    lab.params.nifedipine = True  # a run that leaves the drug levels alone: their summary is not sent again
    assert sent and lab.timeseries.panels["drug"].summary not in [w for w, _ in sent]
    lab.params.nifedipine = False
    for comparison, dose in ((None, 0.8), ({"nbqx": True}, 1.1)):
        if comparison:
            lab.compare_with(params=comparison, label="+ NBQX")
        sent.clear()
        lab.dose = kw.Infusion(dose, 40)
        changed = {w for w, _ in sent}
        # A dose changes every panel and the marker; the dose-response curves and the bars stand still.
        assert changed == {*(p.summary for p in lab.timeseries.panels.values()), lab.dose_response.marker_summary}
        total = sum(size for _, size in sent)
        assert total < 2000, f"{total} bytes of summaries for one run ({'with' if comparison else 'without'} a comparison)"


def test_while_dragging_the_summaries_follow_with_the_panels_out_of_view(fresh_lab, monkeypatch):
    lab = fresh_lab
    changes, charts_later = [], []
    lab._browser_changes = LatestValueWins(lab._apply_browser_changes, schedule=changes.append)
    lab._charts_catch_up = LatestValueWins(lambda _c: lab.timeseries.draw_pending(), schedule=charts_later.append)
    diagram_later = []
    lab._diagram_catch_up = LatestValueWins(lambda _c: lab._catch_up(), schedule=diagram_later.append)
    before = {key: p.summary.value for key, p in lab.timeseries.panels.items()}
    sent = _sent_by_summaries(lab, monkeypatch)
    for value in (1.0, 1.5):  # two runs before the kernel comes back to its loop
        lab.dose_slider.set_state({"value": value})
        changes.pop()()
    assert sent == [], "the first two panels are drawn alone: no summary goes with them"
    assert {key: p.summary.value for key, p in lab.timeseries.panels.items()} == before
    charts_later.pop()()
    assert [w for w, _ in sent] == [p.summary for p in lab.timeseries.panels.values()], "each panel's once, for the newest run"
    for panel in PANELS:
        check_panel(lab.timeseries.panels[panel.key].summary.value, panel, lab.trajectory)
    assert "peak 2.24 µM" in lab.timeseries.panels["drug"].summary.value  # 1.5 mg/kg: three times 0.5's 0.747
    diagram_later.pop()()  # the marker moves with the caption, as the dose marker itself does
    assert lab.dose_response.marker_summary.value == "Marker: this run's dose, 1.5 mg/kg."
