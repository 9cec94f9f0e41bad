"""``KetamineLab``: the synapse diagram, the charts and the controls, driven by one simulation.

The lab owns the parameters, the dose and the run length. A change from code (``lab.params.nbqx =
True``, ``lab.dose = kw.Bolus(...)``) re-simulates at once and updates the charts, the diagram and
the controls; a change from a control in the browser goes through :class:`LatestValueWins`, so a
dragged slider re-simulates for the newest value only. A bad value raises ``ParameterError`` and
leaves everything as it was.

The playhead has one value, ``time_h``, linked to the diagram's (which the browser plays back) and
drawn on every time-series panel; clicking or dragging on a panel moves it.
"""

from __future__ import annotations

import contextlib
import html
import math
import os
import pathlib
from collections.abc import Iterator
from typing import Any, NamedTuple

import ipywidgets as widgets
import traitlets

from ..model import experiments
from ..model.dosing import ROUTE_LABELS, Bolus, Infusion, NoDrug, Schedule
from ..model.errors import ParameterError, check_flag, check_number, refuse_unknown_arguments, refuse_unknown_attribute
from ..model.parameters import SPECIES_PK, Params
from ..model.simulation import HOURS_RANGE, simulate
from ..model.trajectory import Trajectory
from ._run import conditions_text, describe_run
from .charts import DoseResponseChart, ExperimentChart, TimeSeriesCharts
from .controls import RUN_LENGTHS_H, DoseControls, LatestValueWins, ParamControls, run_after
from .numbers import concentration_text, percent_text, times_baseline_text
from .presets import PRESETS, Comparison, Preset, get_preset
from .synapse_view import DEFAULT_SPEED_H_PER_S, PLAYBACK_TRAITS, CheckedTrait, SynapseView, check_speed, seek_time, speed_for_run

__all__ = ["KetamineLab", "COMPARISON_CHOICES", "comparison_menu"]

_DOSE_TYPES = (Infusion, Bolus, NoDrug, Schedule)
#: The "compare with" menu's changes from the lab's own run, each as (what a run without it is
#: offered, what a run with it is offered): a run already given NBQX is offered the run without it,
#: since "+ NBQX" would be the run itself, hidden under it (a student then read that NBQX does nothing).
_COMPARISON_PAIRS: dict[str, tuple[Comparison, Comparison]] = {
    flag: (Comparison(with_it, params={flag: True}), Comparison(without_it, params={flag: False}))
    for flag, with_it, without_it in (
        ("nbqx", "+ NBQX", "without NBQX"),
        ("rapamycin", "+ rapamycin", "without rapamycin"),
        ("anisomycin", "+ anisomycin", "without anisomycin"),
        ("bdnf_knockout", "BDNF knockout", "with BDNF (no knockout)"),
        ("nifedipine", "+ nifedipine", "without nifedipine"),
        ("chronic_stress", "chronic stress", "no chronic stress"),
    )
}
_NO_DRUG = Comparison("no drug (saline)", dose=NoDrug())
#: What a drug-free run is offered instead of "no drug": the lessons' antidepressant infusion.
_WITH_DRUG = Comparison(f"ketamine {experiments.ANTIDEPRESSANT.describe()}", dose=experiments.ANTIDEPRESSANT)
#: Every comparison the menu can offer, by label (a comparison from code may not take one of these
#: names for another run).
COMPARISON_CHOICES: dict[str, Comparison] = {
    c.label: c for c in (*(c for pair in _COMPARISON_PAIRS.values() for c in pair), _NO_DRUG, _WITH_DRUG)
}


def comparison_menu(params: Params, dose: Infusion | Bolus | NoDrug | Schedule) -> dict[str, Comparison]:
    """The "compare with" menu's standard entries for a run, by label: each change as the run does not
    have it (``"+ NBQX"`` for a run without NBQX, ``"without NBQX"`` for one with it), then no drug
    (or, for a drug-free run, the antidepressant infusion).

    Parameters
    ----------
    params : Params
        The run's parameters.
    dose : Infusion, Bolus, NoDrug or Schedule
        The run's dose.

    Returns
    -------
    dict of str -> Comparison
        In menu order.
    """
    entries = [without if getattr(params, flag) else with_ for flag, (with_, without) in _COMPARISON_PAIRS.items()]
    entries.append(_WITH_DRUG if isinstance(dose, NoDrug) else _NO_DRUG)
    return {c.label: c for c in entries}
_NO_PRESET = "choose a lesson…"
#: What the lesson menu shows once the run is no longer the lesson it loaded (then choosing the lesson
#: again reloads it: a menu left naming it did nothing when it was chosen).
_CHANGED_PRESET = "(changed) {title}"


class _EveryNewObject(traitlets.TraitType):
    """A trait that reports every new object, even one equal to the old (the lab's validator checks it).

    traitlets reports a change only when the new value compares unequal to the old one, and two
    ``Params`` with the same values are equal: ``lab.params = kw.Params()`` on a default lab would
    store the new object unreported, and the lab would go on watching the old one, so that later
    edits of ``lab.params`` changed nothing on the screen.
    """

    def set(self, obj: traitlets.HasTraits, value: Any) -> None:
        old = obj._trait_values.get(self.name)
        super().set(obj, value)
        new = obj._trait_values[self.name]
        if new is not old and old is not None and old == new:
            obj._notify_trait(self.name, old, new)


def _output(attribute: str, doc: str, refusal: str) -> property:
    """A read-only property for one of the lab's outputs, whose setter says how to change it."""

    def refuse(_self: Any, _value: Any) -> None:
        raise AttributeError(refusal)

    return property(lambda self: getattr(self, attribute), refuse, doc=doc)


#: Delay before the diagram shows a run made by a control in the browser, s: longer than the charts
#: take to redraw, short enough to read as the same moment.
DIAGRAM_CATCH_UP_S = 0.15
#: A rodent run whose glutamate falls below this fraction of baseline says, in its caption, that rats'
#: rose at subanaesthetic doses: a fall to 0.8x would already be a clear suppression on the chart.
RODENT_DIP_SHOWN_BELOW = 0.8
#: The i.p. doses at which Moghaddam et al. 1997 saw rat glutamate rise (10, 20, 30 mg/kg), mg/kg: at
#: anaesthetic rodent doses a fall is the finding, below 10 mg/kg they measured nothing, and other
#: routes reach other brain levels.
MOGHADDAM_RISE_MG_PER_KG = (10.0, 30.0)
#: A run whose spine density falls below this fraction of where it started says, in its caption, that
#: no study reports ketamine losing spines: 1 % is past the model's numerical noise and a run's
#: slight early dips (5 mg/kg over 40 min: 0.3 %), and far short of what a student's extreme makes
#: (Mg²⁺ 0 mM: 54 %; 20 mg/kg over 40 min: 8 %).
SPINE_LOSS_SHOWN_BELOW = 0.99
#: The time-series panels nearest the controls (the lab's layout keeps the controls at the top, so
#: these two, the top of the stack, stay in view while a slider is dragged): a run made by a control in the browser is drawn
#: in them first, and in the other panels once the kernel has let those messages go.
PANELS_NEAREST_CONTROLS = ("drug", "block")


class _Inputs(NamedTuple):
    """What a run on screen was made from (the values too: ``params`` is edited in place)."""

    params: Params
    values: dict[str, Any]
    dose: object
    hours: float
    comparison: Comparison | None


class KetamineLab(widgets.VBox):
    """Synapse diagram, stacked charts and generated controls, all showing one run.

    Parameters
    ----------
    dose : Infusion, Bolus, NoDrug or Schedule, optional
        Default: 0.5 mg/kg IV over 40 min (the antidepressant infusion).
    params : Params, optional
        Default: ``Params()``. The lab keeps this object and watches it.
    hours : float
        Length of each run, h (0.1 to 1440; default 12).
    log_time : bool
        Start the charts and the diagram in log time.
    **kwargs
        Initial ``time_h``, ``playing``, ``speed``. Without ``speed``, the lab picks the slowest menu
        speed that plays the run in about a minute in its time mode (``hours=168``: 6 h/s, 28 s; with
        ``log_time=True``, 0.1 h/s, 51 s), and picks again when the time mode is switched, as long as
        the speed is still the one it picked.

    Raises
    ------
    TypeError
        An unknown keyword (the message suggests the closest names).
    ParameterError
        A bad dose, params, hours or playback value.

    Attributes
    ----------
    params : Params
        Editing any value (or assigning a new ``Params``) re-simulates.
    dose : Infusion, Bolus, NoDrug or Schedule
        Assigning a dose re-simulates.
    hours : float
        Run length, h; assigning re-simulates.
    time_h : float
        Playhead, h; linked both ways to ``diagram.time_h`` (the browser's playback). A time past
        the end of the run stops at the end; a negative one is refused.
    playing : bool
        Linked both ways to ``diagram.playing``.
    speed : float
        Simulated hours per second of playback; linked both ways to ``diagram.speed``.
    log_time : bool
        Whether the time axis of the charts (and of the diagram's scrubber) is logarithmic; linked to
        ``diagram.log_time``, the diagram's own "Log time" button. Switching it while the speed is
        still the one the lab picked (for a lesson, a reset or the lab's start) picks the speed again
        for the new time mode (a week: 6 h/s linear, 0.1 h/s log); a speed set by the student or by
        code is kept.
    trajectory : Trajectory
        The current run (``lab.trajectory.to_dataframe()`` for a table).
    comparison : Comparison or None
        What is overlaid (see :meth:`compare_with`); ``comparison_trajectory`` is its run.
    diagram : SynapseView
        The animated synapse; usable alone as ``kw.SynapseView(trajectory)``.
    charts : list of bqplot.Figure
        The time-series panels (top to bottom), the dose-response chart, the experiment chart. Each
        is followed by a summary of what it shows, in words, hidden on screen and read by a screen
        reader as the chart's name (``timeseries.panels[key].summary``, ``dose_response.summary``
        and ``marker_summary``, ``experiment_chart.summary``; named by js/lab.ts).
    timeseries : TimeSeriesCharts
        The panels with their marks (``timeseries.series(channel)`` reads back a drawn line).
    dose_response : DoseResponseChart
    experiment_chart : ExperimentChart
    param_controls : ParamControls
        Generated from the ``Params`` metadata: species, Mg2+, chronic stress, pre-treatments.
    dose_controls : DoseControls
        Dose kind, amount, infusion time, run length.
    dose_slider : ipywidgets.FloatLogSlider
        The amount slider (``dose_controls.amount``), mg/kg.
    presets, reset_button, compare_toggle, compare_choice, time_axis : ipywidgets.Widget
        The toolbar. The lesson menu (``presets``) names the lesson loaded while the run is still
        it, and reads "(changed) <lesson>" once it is not (choosing the lesson then reloads it).
    dose_unit : ipywidgets.HTML
        Under the dose controls: the dose's unit and route in words.
    caption : ipywidgets.HTML
        What the run is and shows, in words (the lesson, while the run is still it; pre-treatments,
        Mg2+, stress, the peaks; read out to a screen reader once it stands still); ``save_html``
        puts it above the saved diagram.
    message : ipywidgets.HTML
        A control's error (the value refused, its range and unit) or a note (a course's doses after
        the run's end); empty otherwise.

    Notes
    -----
    Linking. ``time_h``, ``playing``, ``speed``, ``params``, ``dose``, ``hours`` and ``log_time``
    are traitlets: ``ipywidgets.link`` (``traitlets.link``, in the kernel) works on all of them.
    ``ipywidgets.jslink`` links synced traits of two widgets in the browser, without the kernel;
    the jslink-able ones here are the diagram's ``time_h``, ``playing``, ``speed`` and ``log_time``
    (``jslink((lab.diagram, "time_h"), (slider, "value"))``) and the ``value`` of every control
    (``lab.dose_slider``, ``lab.param_controls.widgets[name]``, ``lab.time_axis``, ...). The lab
    itself is a layout box whose own traits are not synced, so it cannot be jslinked directly.
    A slider linked to ``time_h`` should end where the run ends (``max=lab.hours``): a time past the
    end stops the lab at the end, but traitlets does not pass that back along a link while it is
    updating it, so a longer slider would keep showing the time it was dragged to.
    """

    params = _EveryNewObject(None)  # checked by _valid_params, which says how to make a Params
    dose = CheckedTrait(None)  # not traitlets.Any, which lets None past the validator
    hours = CheckedTrait(12.0)
    time_h = CheckedTrait(0.0)
    playing = CheckedTrait(False)
    speed = CheckedTrait(DEFAULT_SPEED_H_PER_S)
    log_time = CheckedTrait(False)

    def __init__(
        self,
        dose: Infusion | Bolus | NoDrug | Schedule | None = None,
        params: Params | None = None,
        hours: float = 12.0,
        *,
        log_time: bool = False,
        **kwargs: Any,
    ) -> None:
        refuse_unknown_arguments("KetamineLab", kwargs, ("dose", "params", "hours", "log_time", *PLAYBACK_TRAITS))
        params = _check_params(Params() if params is None else params)
        dose = Infusion(0.5, 40.0) if dose is None else dose
        self._check_dose(dose)
        hours = check_number("hours", hours, *HOURS_RANGE, "h")
        log_time = check_flag("log_time", log_time)
        self._initial = (dose, params.to_dict(), hours, log_time)
        self._suspended = 0
        self._dirty = False
        self._sweep_key: object = None
        self._comparison: Comparison | None = None
        self._comparison_trajectory: Trajectory | None = None
        self._offered_comparison: Comparison | None = None  # see _comparison_choices
        self._lesson: Preset | None = None  # the lesson loaded last, until a reset (see _lesson_on_screen)
        self._chosen_speed: float | None = None  # the speed the lab picked last (see _choose_speed)

        self._trajectory: Trajectory = simulate(dose, params, hours)
        # The lab picks the speed (_choose_speed, _on_log_time), neither the view (given one: the lab's
        # own, until it picks) nor the page (kernel_picks_speed).
        self.diagram = SynapseView(self.trajectory, speed=self.speed)
        self.diagram.kernel_picks_speed = True
        self.timeseries = TimeSeriesCharts(self.trajectory, log_time=log_time)
        self.dose_response = DoseResponseChart(params)
        self.experiment_chart = ExperimentChart(params)
        self.charts = [*self.timeseries.figures, self.dose_response.figure, self.experiment_chart.figure]

        self._browser_changes = LatestValueWins(self._apply_browser_changes, at_once_when_rested=True)
        # While a slider is dragged the charts follow each value at once; the diagram, whose update
        # costs several times more (in the kernel and in the browser), catches up with the newest
        # run a moment later, so its work does not delay the charts' redraw.
        self._diagram_catch_up = LatestValueWins(lambda _changes: self._catch_up(), schedule=run_after(DIAGRAM_CATCH_UP_S))
        # The panels nearest the controls go first, alone, and the others follow on the kernel's next
        # turn (with the newest run, once however many runs were made meanwhile). Sent together,
        # the four panels out of view held the kernel ~5 ms longer before it answered the slider,
        # and the page as long again before it drew. lab_latency.py, five runs each way alternated:
        # a continuous drag's NMDA-block panel 58-102 ms behind the hand (p50) against 133-165; a
        # paced move's NMDA-block redraw, which waits for its frame, the same (52-71 ms against
        # 53-72). The price is paid out of view: the four others come a frame or two later (all six
        # redrawn after a paced move 83-116 ms against 70-71 in the last two pairs; the bottom panel
        # during a drag 83-100 against 73-144).
        self._charts_catch_up = LatestValueWins(lambda _changes: self.timeseries.draw_pending(), schedule=run_after(0.0))
        self._defer_diagram = False
        self.param_controls = ParamControls(params, on_change=self._on_param_control)
        self.dose_controls = DoseControls(dose, hours, params.species, on_change=self._on_dose_control)
        self.dose_slider = self.dose_controls.amount
        self.dose_unit = widgets.HTML(layout={"width": "100%"})  # HTML wraps on a narrow screen, where a Label cuts the line off
        # The diagram's view reads a new run's caption out once it stands still (js/lab.ts), so a
        # lesson loaded or a dose changed is heard; the error message is an alert in its own markup
        # (_apply_control_changes), and the view sets that too, for markup written elsewhere.
        self.caption = widgets.HTML()
        self.caption.add_class("keta-lab-caption")
        self.message = widgets.HTML()
        self._build_toolbar(comparison_menu(params, dose))
        super().__init__(self._layout(), layout={"width": "100%"})
        self.add_class("keta-lab")

        with self.hold_trait_notifications():
            self.params = params
            self.dose = dose
            self.hours = hours
            self.log_time = log_time
        self._shown = self._inputs()
        # The diagram's own "Log time" button and the charts' time axis are one setting.
        for name in (*PLAYBACK_TRAITS, "log_time"):
            traitlets.link((self, name), (self.diagram, name))
        self._choose_speed()  # the whole run in about a minute, unless a speed is given
        for name, value in kwargs.items():
            setattr(self, name, value)
        self.timeseries.on_time_picked(self._on_time_picked)
        self.observe(self._on_playhead, names="time_h")
        self._show_inputs()
        self._constructed = True

    def __setattr__(self, name: str, value: Any) -> None:
        # Only on KetamineLab itself: a subclass may keep attributes of its own.
        if type(self) is KetamineLab and not name.startswith("_") and getattr(self, "_constructed", False) and not hasattr(self, name):
            hint = f"It is a model parameter: lab.params.{name} = {value!r}." if Params.class_traits().get(name) else ""
            # What a student sets on the lab is its own traits; the rest lives on lab.params or the parts.
            refuse_unknown_attribute("KetamineLab", name, KetamineLab.class_own_traits(), hint)
        super().__setattr__(name, value)

    # The run on screen and what is overlaid: outputs, changed through the inputs (dose, params,
    # hours) and compare_with / clear_comparison, never assigned, which would leave the charts, the
    # diagram and the controls showing something else.
    trajectory = _output(
        "_trajectory", "The current run (``lab.trajectory.to_dataframe()`` for a table).",
        "lab.trajectory is the run on screen: change lab.dose, lab.params or lab.hours to make another "
        "(kw.SynapseView(trajectory) shows a run of your own)",
    )
    comparison = _output(
        "_comparison", "What is overlaid, dashed (see :meth:`compare_with`), or None.",
        "lab.comparison is set with lab.compare_with(params=..., dose=..., label=...) and lab.clear_comparison()",
    )
    comparison_trajectory = _output(
        "_comparison_trajectory", "The overlaid run, or None.",
        "lab.comparison_trajectory is the overlaid run: set it with lab.compare_with(...)",
    )

    # -- layout --------------------------------------------------------------------------------
    def _build_toolbar(self, comparisons: dict[str, Comparison]) -> None:
        self.presets = widgets.Dropdown(
            options=[(_NO_PRESET, ""), *((p.title, p.name) for p in PRESETS.values())],
            value="", description="Lesson", tooltip="Load a ready-made protocol or virtual experiment",
            style={"description_width": "initial"}, layout={"width": "auto", "max_width": "100%"},
        )
        self.presets.observe(self._on_preset_menu, names="value")
        # "Reset lab", not "Reset": the diagram beside it has a "Reset view" (review: two resets, one name).
        self.reset_button = widgets.Button(description="Reset lab", icon="undo", tooltip="Back to the lab's starting protocol", layout={"width": "auto"})
        self.reset_button.on_click(lambda _button: self.reset())
        self.compare_toggle = widgets.Checkbox(value=False, description="compare with", indent=False, tooltip="Overlay a second run, dashed, in every chart", layout={"width": "auto"})
        self.compare_choice = widgets.Dropdown(options=list(comparisons), tooltip="The second run: the same protocol with this change", layout={"width": "auto"})
        # No visible label of its own (the checkbox before it says "compare with"): the diagram's
        # view names it by this class for screen readers (js/lab.ts).
        self.compare_choice.add_class("keta-lab-compare-choice")
        self.compare_toggle.observe(self._on_compare_control, names="value")
        self.compare_choice.observe(self._on_compare_control, names="value")
        self.time_axis = widgets.ToggleButtons(options=[("linear time", False), ("log time", True)], value=False, tooltip="Time axis of the charts and the diagram's scrubber (one setting with the diagram's Log time)",
                                               style={"button_width": "auto"})
        traitlets.link((self.time_axis, "value"), (self, "log_time"))

    def _layout(self) -> list[widgets.Widget]:
        wrap = {"flex_flow": "row wrap", "width": "100%", "align_items": "flex-start"}
        toolbar = widgets.HBox([self.presets, self.reset_button, self.compare_toggle, self.compare_choice, self.time_axis], layout={**wrap, "align_items": "center"})
        dose_row = widgets.HBox([self.dose_unit], layout=wrap)
        # The controls sit above the diagram and the charts, so that a student dragging a slider
        # sees the top of both answer: below the diagram (as before) they shared the screen with
        # the last two charts only, and with the diagram not at all.
        column = {"flex": "1 1 400px", "min_width": "280px", "max_width": "100%"}
        # The diagram beside the charts only where both get room: below ~1100 px (a projector's
        # 1024 x 768) they stack, the diagram on top at full width, where side by side it shrank to
        # ~400 px and its labels to 7 px; on a wide screen it stops growing at 760 px, where it had
        # pushed its own play button below the fold.
        diagram_column = {"flex": "1 1 480px", "min_width": "280px", "max_width": "760px"}
        controls = widgets.HBox(
            [widgets.VBox([self.dose_controls.widget, dose_row], layout=column), widgets.VBox([self.param_controls.widget], layout=column)],
            layout=wrap,
        )
        left = widgets.VBox([self.diagram], layout=diagram_column)
        right = widgets.VBox([self.timeseries.widget], layout={**column, "flex": "1 1 420px"})
        # Side by side from ~950 px: at a projector's 1024 x 768 (~850 px of notebook) the experiment
        # chart's bar names ran together ("rapamycinanisomycinBDNF KO"); there the two now stack.
        half = {"flex": "1 1 460px", "min_width": "280px"}
        bottom = widgets.HBox(
            [widgets.Box([self.dose_response.widget], layout=half), widgets.Box([self.experiment_chart.widget], layout=half)],
            layout=wrap,
        )
        return [toolbar, controls, self.message, self.caption, widgets.HBox([left, right], layout=wrap), bottom]

    # -- validation ----------------------------------------------------------------------------
    @staticmethod
    def _check_dose(dose: object) -> None:
        if not isinstance(dose, _DOSE_TYPES):
            raise ParameterError(f"dose must be an Infusion, Bolus, NoDrug or Schedule; got {dose!r}")

    @traitlets.validate("dose")
    def _valid_dose(self, proposal: dict[str, Any]) -> object:
        self._check_dose(proposal["value"])
        return proposal["value"]

    @traitlets.validate("params")
    def _valid_params(self, proposal: dict[str, Any]) -> Params:
        return _check_params(proposal["value"])

    @traitlets.validate("hours")
    def _valid_hours(self, proposal: dict[str, Any]) -> float:
        return check_number("hours", proposal["value"], *HOURS_RANGE, "h")

    @traitlets.validate("playing", "log_time")
    def _valid_flag(self, proposal: dict[str, Any]) -> bool:
        return check_flag(proposal["trait"].name, proposal["value"])

    # The playhead traits are linked to the diagram's; validate here too, so that a bad value is
    # refused before the link copies anything (nothing changes on either side).
    @traitlets.validate("time_h")
    def _valid_time(self, proposal: dict[str, Any]) -> float:
        # Like a video player's, a seek past the end of the run stops at its end (and so can never
        # point the diagram or the charts at a time the run does not have).
        return seek_time(proposal["value"], float(self.trajectory.time_h[-1]) if hasattr(self, "trajectory") else float("inf"))

    @traitlets.validate("speed")
    def _valid_speed(self, proposal: dict[str, Any]) -> float:
        return check_speed(proposal["value"])

    # -- changes from code ---------------------------------------------------------------------
    @contextlib.contextmanager
    def _changes(self) -> Iterator[None]:
        """Group changes: simulate once at the end; if that fails, put every input back and re-raise."""
        if self._suspended:
            yield
            return
        snapshot = self._inputs()
        self._suspended += 1
        self._dirty = False
        try:
            yield
            if self._dirty:
                self._resimulate()
        except Exception:
            self._restore(snapshot)
            raise
        finally:
            self._suspended -= 1

    def _inputs(self) -> _Inputs:
        """What a run is made from, for :meth:`_restore`."""
        return _Inputs(self.params, self.params.to_dict(), self.dose, self.hours, self.comparison)

    def _restore(self, snapshot: _Inputs) -> None:
        params, values, dose, hours, comparison = snapshot
        self._suspended += 1  # putting things back needs no simulation: the outputs never changed
        try:
            self.params = params
            with params.hold_trait_notifications():
                for name, value in values.items():
                    if getattr(params, name) != value:
                        setattr(params, name, value)
            self.dose = dose
            self.hours = hours
            self._comparison = comparison
        finally:
            self._suspended -= 1
        self._show_inputs()

    def _input_changed(self) -> None:
        if self._suspended:
            self._dirty = True
            return
        try:
            self._resimulate()
        except Exception:
            # The new value is already set (traitlets observers run after assignment): put back
            # every input of the run on screen, not only this one. Changes made together (inside
            # ``params.hold_trait_notifications()``) arrive one by one, and the first to fail must
            # not leave the others applied to a run that never happened.
            self._restore(self._shown)
            raise

    @traitlets.observe("dose", "hours")
    def _on_dose_or_hours(self, change: dict[str, Any]) -> None:
        self._input_changed()

    @traitlets.observe("params")
    def _on_params(self, change: dict[str, Any]) -> None:
        if isinstance(change["old"], Params):
            change["old"].unobserve(self._on_param_value)
        change["new"].observe(self._on_param_value)
        self._input_changed()

    def _on_param_value(self, _change: dict[str, Any]) -> None:
        self._input_changed()

    @traitlets.observe("log_time")
    def _on_log_time(self, change: dict[str, Any]) -> None:
        self.timeseries.set_log_time(change["new"])
        # The speed picked for one time mode plays a log-time week in 0.9 s, or a linear one in 28 min;
        # a speed the student chose is theirs to keep.
        if self._chosen_speed is not None and self.speed == self._chosen_speed:
            self._choose_speed()

    def _choose_speed(self) -> None:
        """Play the run in about a minute in the current time mode (:func:`speed_for_run`)."""
        self._chosen_speed = speed_for_run(self.hours, self.log_time)
        self.speed = self._chosen_speed

    def _on_playhead(self, change: dict[str, Any]) -> None:
        self.timeseries.move_playhead(change["new"])

    def _on_time_picked(self, time_h: float) -> None:
        self.time_h = min(time_h, float(self.trajectory.time_h[-1]))

    # -- changes from the controls -------------------------------------------------------------
    def _on_param_control(self, name: str, value: Any, browser: bool) -> None:
        self._control_change({f"param:{name}": value}, browser)

    def _on_dose_control(self, changes: dict[str, Any], browser: bool) -> None:
        self._control_change(changes, browser)

    def _control_change(self, changes: dict[str, Any], browser: bool) -> None:
        if browser:
            self._browser_changes.request(**changes)
        else:
            self._apply_control_changes(changes)

    def _apply_browser_changes(self, changes: dict[str, Any]) -> None:
        self._defer_diagram = True
        try:
            self._apply_control_changes(changes)
        finally:
            self._defer_diagram = False

    def _apply_control_changes(self, changes: dict[str, Any]) -> None:
        """Apply what the controls ask for; an error is shown beside them, not raised into the page."""
        try:
            with self._changes():
                for key, value in changes.items():
                    if key.startswith("param:"):
                        setattr(self.params, key.removeprefix("param:"), value)
                dose = self.dose
                if any(key.startswith("dose_") for key in changes):
                    dose = self.dose_controls.dose(self.dose)
                note = ""
                if "param:species" in changes:
                    # A teacher switching species wants a run, so the dose is made possible there;
                    # but a dose changed behind the student's back must be said.
                    possible = _dose_for_species(dose, self.params.species)
                    note = _adapted_dose_note(dose, possible, self.params.species)
                    dose = possible
                self.dose = dose
                if "hours" in changes:
                    self.hours = changes["hours"]
            self._show_message(note=note)
        except ParameterError as err:
            self._show_message(err)
            self._show_inputs()

    def _on_preset_menu(self, change: dict[str, Any]) -> None:
        if change["new"]:
            self.load_preset(change["new"])

    def _on_compare_control(self, _change: dict[str, Any]) -> None:
        """The "compare with" box or menu: ticked, the overlay the menu names; a comparison that
        cannot be run for this run says why beside the controls and unticks the box."""
        if getattr(self, "_showing_comparison", False):
            return
        if not self.compare_toggle.value:
            if self.comparison is not None:
                self.clear_comparison()
            return
        try:
            self._set_comparison(self._comparison_choices()[self.compare_choice.value])
        except ParameterError as err:
            self._show_comparison_choice()  # unticked: nothing is overlaid
            self._show_message(err)

    def _comparison_choices(self) -> dict[str, Comparison]:
        """What the "compare with" menu offers, by label: the standard changes, and the comparison a
        lesson or code brought (kept until a reset or another lesson, so that unticking and ticking
        again brings it back)."""
        extra = self._offered_comparison
        standard = comparison_menu(self.params, self.dose)
        if extra is not None:
            # The lesson's own name for a standard run ("ketamine alone" on the NBQX lesson is "without
            # NBQX"): one entry, the lesson's, not the same run twice under two names.
            standard = {label: c for label, c in standard.items() if (c.params, c.dose) != (extra.params, extra.dose)}
        choices = {**standard, **({extra.label: extra} if extra is not None else {})}
        if self.comparison is not None and self.comparison.label not in choices:
            # A standard entry overlaid before the run took the change on ("+ NBQX", then NBQX ticked):
            # named while it is overlaid, without displacing the lesson's or code's comparison.
            choices[self.comparison.label] = self.comparison
        return choices

    def _show_comparison_choice(self) -> None:
        """The box ticked if and only if something is overlaid; the menu offering exactly
        :meth:`_comparison_choices` and naming the overlay (or, with none, what ticking would show)."""
        if self.comparison is not None and COMPARISON_CHOICES.get(self.comparison.label) != self.comparison:
            self._offered_comparison = self.comparison
        choices = list(self._comparison_choices())
        self._showing_comparison = True
        try:
            before = self.compare_choice.value
            if list(self.compare_choice.options) != choices:
                self.compare_choice.options = choices  # (selects the first)
            if self.comparison is not None:
                self.compare_choice.value = self.comparison.label
            else:
                self.compare_choice.value = before if before in choices else choices[0]
            self.compare_toggle.value = self.comparison is not None
        finally:
            self._showing_comparison = False

    def _show_message(self, error: Exception | None = None, note: str = "") -> None:
        """The message line beside the controls: ``error`` (a change that was refused), or else
        ``note`` (what a control's change did besides, e.g. a dose adapted to a new species) and
        what the run on screen does not show (a dose of a course after the run's end)."""
        note = " ".join(n for n in (note, _late_doses_note(self.dose, self.hours)) if n)
        if error is not None:
            self.message.value = _error_markup(error)
        elif note:
            # Warning colour on the bar, not the text: JupyterLab Light's orange is 2.7:1 on white.
            self.message.value = (f"<span class='keta-lab-note' style='border-left:4px solid var(--jp-warn-color1,#a35200);"
                                  f"padding-left:6px'>{html.escape(note)}</span>")
        else:
            self.message.value = ""

    # -- public actions ------------------------------------------------------------------------
    def to_html(self, title: str | None = None) -> str:
        """The lab's diagram as one self-contained HTML page, with the lab's caption above it and its
        time-series charts below.

        Parameters
        ----------
        title : str, optional
            The page's title; by default "Ketamine at the synapse: " and the run in words (``run_description``).

        Returns
        -------
        str
            The page (see :func:`ketawidget.export.to_html`, which raises its errors).
        """
        from .. import export  # ketawidget/export.py imports this module

        return export.to_html(self, title=title)

    def save_html(self, path: str | os.PathLike[str], *, title: str | None = None) -> pathlib.Path:
        """Save the lesson as one HTML file that animates in any browser, with no kernel and no internet.

        The page holds the lab's diagram as it is now (run, playhead, speed, time mode) with the
        caption that says what the run is, and the six time-series panels below it, for a web page or a
        learning platform: playback, the synapse zoom, the story, the layers and presenting work there,
        and the panels' playhead follows the diagram (a click on one moves it). The controls, the
        comparison run and the dose-response and experiment charts need Python (every number comes
        from the model) and are left out: a notebook shows them. The page follows the reader's light or
        dark setting.

        Parameters
        ----------
        path : str or os.PathLike
            The file to write, such as ``"lesson.html"``, in a directory that exists; a file already
            there is replaced.
        title : str, optional
            The page's title; by default "Ketamine at the synapse: " and the run in words (``run_description``).

        Returns
        -------
        pathlib.Path
            ``path``.

        Raises
        ------
        TypeError, ValueError, OSError
            A bad ``path`` or ``title``, or a place the file cannot be written; the message names
            which (see :func:`ketawidget.export.save_html`). Nothing is written then.

        Examples
        --------
        >>> lab.load_preset("antidepressant")  # doctest: +SKIP
        >>> lab.save_html("lesson.html")  # doctest: +SKIP
        """
        from .. import export

        return export.save_html(self, path, title=title)

    def compare_with(
        self, params: Params | dict[str, Any] | None = None, dose: Infusion | Bolus | NoDrug | Schedule | None = None, label: str | None = None
    ) -> None:
        """Overlay a second run, dashed, in every chart.

        Parameters
        ----------
        params : Params or dict, optional
            A ``Params`` to use as it is, or a dict of changes from the lab's parameters (the
            comparison then follows every other change the student makes). Default: the lab's.
        dose : Infusion, Bolus, NoDrug or Schedule, optional
            Default: the lab's dose (followed as it changes).
        label : str, optional
            Legend text, not empty; default: the changes in words.

        Raises
        ------
        ParameterError
            A bad parameter value or dose, a ``params`` that is neither a Params nor a dict, a
            ``label`` that is not non-empty text, or a comparison the run cannot be made for ("cannot compare with ..."); the overlay is then
            left as it was.
        TypeError
            A parameter name ``Params`` does not have.

        Examples
        --------
        >>> lab.compare_with(params={"nbqx": True}, label="ketamine + NBQX")  # doctest: +SKIP
        """
        if isinstance(params, Params):
            changes = params.to_dict()
        elif params is None:
            changes = {}
        elif isinstance(params, dict):
            changes = dict(params)
        else:
            raise ParameterError(f"params must be a Params or a dict of parameter changes; got {params!r}")
        if dose is not None:
            self._check_dose(dose)
        Params(**{**self.params.to_dict(), **changes})  # a bad name or value raises here, before anything changes
        if label is None:
            words = [f"{k}={v}" for k, v in changes.items() if getattr(self.params, k) != v]
            if dose is not None:
                words.append(dose.describe())
            label = ", ".join(words) or "same run"
        elif not isinstance(label, str) or not label.strip():
            # The label is the dashed line's name in every legend and the caption: 5 or "" named nothing.
            raise ParameterError(f"label must be non-empty text (the dashed run's name in the legends); got {label!r}")
        comparison = Comparison(label.strip() if isinstance(label, str) else label, params=changes, dose=dose)
        standard = COMPARISON_CHOICES.get(comparison.label)
        if standard is not None and (standard.params, standard.dose) != (comparison.params, comparison.dose):
            # The menu would then offer a different run under the standard entry's name.
            raise ParameterError(f"label {comparison.label!r} names one of the 'compare with' menu's own comparisons; "
                                 "choose another label for this one")
        self._set_comparison(comparison)

    def clear_comparison(self) -> None:
        """Remove the overlay from every chart."""
        self._set_comparison(None)

    def load_preset(self, name: str) -> None:
        """Load a lesson from :data:`ketawidget.widget.presets.PRESETS` (dose, parameters, run length, comparison).

        Parameters
        ----------
        name : str
            The preset's name, e.g. ``"antidepressant"``, ``"course"`` or an experiment's name such
            as ``"nbqx"`` (``list(kw.widget.presets.PRESETS)`` lists them). Parameters the preset
            does not name go back to their defaults; playback stops with the playhead at 0 h. The
            preset also sets the time axis (charts and diagram) and a playback speed that plays its
            whole run in about a minute in that time mode. While the run is the lesson's (its dose,
            parameters, run length and comparison), the lesson menu and the caption name it; once a
            control or code changes one of them, the menu reads "(changed) <lesson>", and choosing
            the lesson there loads it again.

        Raises
        ------
        ParameterError
            If ``name`` is not a preset (the message lists them).
        """
        preset = get_preset(name)
        values = Params(**preset.params).to_dict()
        # Set first: the new run's caption and menu, shown as it is made, name the lesson.
        lesson, self._lesson = self._lesson, preset
        try:
            with self._changes():
                for key, value in values.items():
                    if getattr(self.params, key) != value:
                        setattr(self.params, key, value)
                self.dose = preset.dose
                self.hours = preset.hours
                self._comparison = preset.comparison
                self._dirty = True
        except Exception:
            self._lesson = lesson
            self._show_inputs()
            raise
        self._start_over(preset.log_time)

    def reset(self) -> None:
        """Back to the protocol the lab started with: dose, parameters, run length; no comparison.

        Also the starting time mode, paused at 0 h, and the playback speed that plays the run in about
        a minute in that time mode (a ``speed=`` given to the constructor is not kept). No lesson is
        loaded then: the lesson menu reads "choose a lesson…".
        """
        dose, values, hours, log_time = self._initial
        self._lesson = None
        with self._changes():
            for key, value in values.items():
                if getattr(self.params, key) != value:
                    setattr(self.params, key, value)
            self.dose = dose
            self.hours = hours
            self._comparison = None
            self._dirty = True
        self._start_over(log_time)

    def _start_over(self, log_time: bool) -> None:
        """After a lesson or a reset: its time mode, paused at 0 h, at a speed that plays the whole
        run in about a minute (whatever the last lesson set would not fit this run), no old error."""
        self.log_time = log_time
        self.playing = False
        self.time_h = 0.0
        self._choose_speed()
        self._show_message()
        self._show_lesson()
        self._offered_comparison = None  # an earlier lesson's or code's comparison is no longer on offer
        self._show_comparison_choice()

    # -- outputs -------------------------------------------------------------------------------
    def _set_comparison(self, comparison: Comparison | None) -> None:
        with self._changes():
            self._comparison = comparison
            self._dirty = True

    def _comparison_inputs(self) -> tuple[Params, Any] | None:
        if self.comparison is None:
            return None
        params = Params(**{**self.params.to_dict(), **self.comparison.params})
        return params, self.comparison.dose if self.comparison.dose is not None else self.dose

    def _resimulate(self) -> None:
        if self.params is None or self.dose is None:  # during construction
            return
        # Everything is computed before anything is shown, so a failure changes nothing.
        trajectory = simulate(self.dose, self.params, self.hours)
        compared = self._comparison_inputs()
        label = self.comparison.label if self.comparison else ""
        try:
            comparison = simulate(compared[1], compared[0], self.hours) if compared else None
        except ParameterError as err:
            if self.comparison is not self._shown.comparison:  # compare_with itself asked for an impossible run
                raise ParameterError(f"cannot compare with {label}: {err}") from None
            raise ParameterError(
                f"the comparison run ({label}) cannot follow this change: {err}. Clear the comparison "
                "(lab.clear_comparison()) or compare with something else first."
            ) from None
        sweep_params = compared[0] if compared and compared[0] != self.params else None
        sweep_key = (tuple(sorted(self.params.to_dict().items())), sweep_params and tuple(sorted(sweep_params.to_dict().items())), label)
        if sweep_key != self._sweep_key:
            # The dose-response and the experiments depend on the parameters only, not on the dose.
            self.dose_response.show(self.params, sweep_params, label)
            self.experiment_chart.show(self.params, sweep_params, label)
            self._sweep_key = sweep_key
        self._trajectory = trajectory
        self._comparison_trajectory = comparison
        self._shown = self._inputs()
        self._show_message()  # an error shown for an earlier change no longer holds
        if self._defer_diagram:
            self.timeseries.show(trajectory, comparison, label, panels=PANELS_NEAREST_CONTROLS)
            self._charts_catch_up.request(charts=True)
            self._diagram_catch_up.request(trajectory=True)
        else:
            self.timeseries.show(trajectory, comparison, label)
            self._show_in_diagram()
        # While a slider is dragged, the caption and the dose marker catch up with the diagram, so
        # that their messages do not reach the browser while it draws the charts (lab_latency.py,
        # three runs each way back to back: p50 49.9 / 50.0 / 51.5 ms against 51.8 / 52.8 / 54.0,
        # and a drag's redraw 71-98 ms behind the hand against 108-115).
        self._show_inputs(summary=not self._defer_diagram)

    def _catch_up(self) -> None:
        """What a dragged slider's runs show a moment later: the diagram, the caption, the dose marker."""
        self._show_in_diagram()
        self._show_summary()

    def _show_in_diagram(self) -> None:
        # The current run, not the one that asked: a later change may have replaced it meanwhile.
        if self.diagram.trajectory is not self.trajectory:
            self.diagram.trajectory = self.trajectory
        # A time picked while the diagram still showed the earlier run was clamped to that run's
        # end on the diagram's side only; now that both show one run, one playhead again.
        if self.diagram.time_h != self.time_h:
            self.diagram.time_h = self.time_h

    def _show_inputs(self, summary: bool = True) -> None:
        """Make the controls, the comparison toolbar and (with ``summary``) the run's summary show the lab's state."""
        if not hasattr(self, "caption"):  # during construction
            return
        self.param_controls.show(self.params)
        self.dose_controls.show(self.dose, self.hours, self.params.species)
        self._show_comparison_choice()
        self._show_lesson()
        self.dose_unit.value = html.escape(_dose_unit(self.dose))
        if summary:
            self._show_summary()

    def _show_summary(self) -> None:
        """The run's caption and the dose-response chart's dose marker."""
        self.dose_response.mark_dose(_single_dose(self.dose))
        self.caption.value = self.caption_html()

    def run_description(self) -> str:
        """The run on screen in words: the dose, its pre-treatments and conditions, and the species
        if not human ("0.5 mg/kg IV over 40 min with NBQX"; "10 mg/kg i.p. injection (mouse)")."""
        return describe_run(self.dose.describe(), self.params)

    def caption_html(self, *, comparison: bool = True) -> str:
        """The caption of the run on screen, as HTML: the lesson it is, if it is still one (in italics:
        lessons of the same dose read alike otherwise), the dose and conditions in bold, the peaks,
        and the notes that go with them.

        Parameters
        ----------
        comparison : bool
            Whether to say what the dashed comparison run is (and warn about its spines). A saved
            page (:meth:`save_html`) draws the dashed run too, and says so.

        Returns
        -------
        str
            The caption (what ``lab.caption`` shows, for ``comparison=True``).
        """
        peak = float(self.trajectory["ketamine_brain_uM"].max())
        block = float(self.trajectory["nmda_block_interneuron"].max())
        compared = f" Dashed: <i>{html.escape(self.comparison.label)}</i>." if self.comparison and comparison else ""
        # Said where the numbers are read: the rodent constants are derived, not fitted (docs/model.md).
        rodent = disagreement = ""
        if self.params.species != "human":
            rodent = f" Rodent ({self.params.species}) levels are illustrative: derived, not fitted to rodent data."
            dip = float(self.trajectory["glutamate_rel"].min())
            if dip < RODENT_DIP_SHOWN_BELOW and _within(_largest_ip_dose_mg_per_kg(self.dose), MOGHADDAM_RISE_MG_PER_KG):
                # The model's known disagreement (docs/model.md, section 3), said first, where it is
                # seen: at the end of the caption a student read the fall on the chart as the lesson.
                disagreement = (f"<b>here the model disagrees with rats.</b> Here glutamate falls to {times_baseline_text(dip)}, "
                                "where rats' rose at 10-30 mg/kg i.p. (Moghaddam et al. 1997): the circuit is calibrated on "
                                "human brain levels. ")
        effect = (f"free brain ketamine peaks at {concentration_text(peak)}; up to {percent_text(block)} of interneuron NMDA current blocked."
                  if peak > 0.0 else "every level stays where it started, the control every run with these settings is measured against.")
        if disagreement:
            effect = disagreement + effect[0].upper() + effect[1:]
        what = html.escape(self.dose.describe() + conditions_text(self.params))
        # The dashed run is read as a finding too (a comparison made from code can be Mg²⁺-free).
        compared_loss = (_spine_loss_note(self.comparison_trajectory, "The dashed run's spines")
                         if self.comparison_trajectory is not None and comparison else "")
        lesson = self._lesson_on_screen()
        named = f"<i>{html.escape(lesson.title.removesuffix('.'))}.</i> " if lesson is not None else ""  # not "i.p.."
        return f"{named}<b>{what}</b>: {effect}{_spine_loss_note(self.trajectory)}{compared}{compared_loss}{rodent}"

    def _lesson_on_screen(self) -> Preset | None:
        """The lesson loaded last, if the run on screen is still the one it set up: its dose,
        parameters, run length and comparison (the time, the speed and the time mode are the
        student's to move); None otherwise."""
        lesson = self._lesson
        if lesson is None or (self.dose, self.hours, self.comparison) != (lesson.dose, lesson.hours, lesson.comparison):
            return None
        return lesson if self.params.to_dict() == Params(**lesson.params).to_dict() else None

    def _show_lesson(self) -> None:
        """The lesson menu: the lesson while the run is still it; once changed, "(changed) <lesson>"
        in the place of "choose a lesson…", selected, so that choosing the lesson loads it again."""
        on_screen = self._lesson_on_screen()
        first = _CHANGED_PRESET.format(title=self._lesson.title) if self._lesson is not None and on_screen is None else _NO_PRESET
        options = [(first, ""), *((p.title, p.name) for p in PRESETS.values())]
        self.presets.unobserve(self._on_preset_menu, names="value")
        try:
            if list(self.presets.options) != options:
                self.presets.options = options  # (selects the first)
            self.presets.value = on_screen.name if on_screen is not None else ""
        finally:
            self.presets.observe(self._on_preset_menu, names="value")


def _spine_loss_note(trajectory: Trajectory, whose: str = "Spines") -> str:
    """A caption's warning where a run's spines fall below where they started.

    No study of ketamine reports it losing spines; the model does so only outside the conditions it
    was built on (brain Mg²⁺ far below 1 mM, which unblocks the pyramidal cells' NMDA receptors at
    rest, or hours of doses beyond an anaesthetic bolus), where its glutamate collapses and takes
    BDNF with it. Said on screen, so that a slider's extreme is not read as a finding.
    """
    spines = trajectory["spine_density_rel"]
    low = float(spines.min())
    if low >= SPINE_LOSS_SHOWN_BELOW * float(spines[0]):
        return ""
    return (f" {whose} fall below where they started, to {times_baseline_text(low)}: no study of ketamine "
            "reports that. Read it as the model outside what it was calibrated on (Mg²⁺ near 1 mM, doses up to "
            "an anaesthetic bolus), not as a finding.")


def _largest_ip_dose_mg_per_kg(dose: object) -> float:
    """The largest intraperitoneal injection of ``dose`` (a schedule's largest), mg/kg; 0 if it has none.

    Only i.p. doses compare with Moghaddam et al. 1997's: the same mg/kg given IV reaches far higher
    brain levels (rat 20 mg/kg: 61 µM free, against 15 µM at 30 mg/kg i.p.).
    """
    if isinstance(dose, Schedule):
        return max((_largest_ip_dose_mg_per_kg(d) for _, d in dose.doses), default=0.0)
    return float(dose.dose_mg_per_kg) if isinstance(dose, Bolus) and dose.route == "ip" else 0.0


def _within(value: float, bounds: tuple[float, float]) -> bool:
    return bounds[0] <= value <= bounds[1]


def _single_dose(dose: object) -> float | None:
    """Where the lab's dose sits on the dose-response chart's axis: an infusion as long as the sweep's."""
    same_protocol = isinstance(dose, Infusion) and dose.minutes == experiments.ANTIDEPRESSANT.minutes
    return dose.dose_mg_per_kg if same_protocol else None


def _dose_for_species(dose: object, species: str) -> object:
    """``dose`` made possible in ``species``: a route it has (IV otherwise), at most its largest dose."""
    pk = SPECIES_PK[species]
    if isinstance(dose, Bolus):
        route = dose.route if dose.route in pk.routes else "iv"
        return Bolus(min(dose.dose_mg_per_kg, pk.max_dose_mg_per_kg), route)
    if isinstance(dose, Infusion):
        return Infusion(min(dose.dose_mg_per_kg, pk.max_dose_mg_per_kg), dose.minutes)
    return dose


def _adapted_dose_note(dose: object, possible: object, species: str) -> str:
    """What :func:`_dose_for_species` changed and why, in words (``""`` if nothing): "50 mg/kg i.p.
    injection is not a human dose: now 20 mg/kg IV bolus (the human maximum; no i.p. route for a human)."."""
    if possible == dose or not isinstance(dose, (Bolus, Infusion)) or not isinstance(possible, (Bolus, Infusion)):
        return ""
    why = []
    if possible.dose_mg_per_kg != dose.dose_mg_per_kg:
        why.append(f"the {species} maximum")
    if possible.route != dose.route:
        why.append(f"no {ROUTE_LABELS[dose.route]} route for a {species}")
    return f"{dose.describe()} is not a {species} dose: now {possible.describe()} ({'; '.join(why)})."


def _dose_unit(dose: object) -> str:
    """What the amount slider's number means, in words (a bare "mg/kg IV infusion over 40 min" read
    as a fragment)."""
    if isinstance(dose, Infusion):
        return f"Amount in mg/kg body weight, given as an IV infusion over {dose.minutes:g} min"
    if isinstance(dose, Bolus):
        return "Amount in mg/kg body weight, given as an " + dose.describe().split(" mg/kg ", 1)[1]  # e.g. "i.p. injection"
    if isinstance(dose, Schedule):
        return f"A course of {len(dose.doses)} doses (set by the lesson; the sliders are off)"
    return "No drug given (saline)"


def _late_doses_note(dose: object, hours: float) -> str:
    """What a course of doses (``Schedule``) given for a run of ``hours`` does not show: the doses
    that start at or after its end, and how long a run would show them; ``""`` if none.

    Not refused: a teacher may shorten a course's run on purpose (the first infusion of six).
    """
    late = [(start, d) for start, d in dose.doses if start >= hours and not isinstance(d, NoDrug)] if isinstance(dose, Schedule) else []
    if not late:
        return ""
    # A run shows a dose whole once every input of it ends inside the run.
    ends = {start: start + max(seg.end_min for seg in d.segments()) / 60.0 for start, d in late}
    seen = [start for start, end in ends.items() if end <= HOURS_RANGE[1]]
    never = [start for start in ends if start not in seen]
    which = "dose" if len(late) == 1 else "doses"
    note = f"The {which} at {_times(list(ends))} h {'falls' if len(late) == 1 else 'fall'} after the run's end ({hours:g} h)"
    if never:
        note += f"; the longest run is {HOURS_RANGE[1]:g} h, so the {'one' if len(never) == 1 else 'ones'} at {_times(never)} h never {'shows' if len(never) == 1 else 'show'}"
    if seen:
        needed = math.ceil(max(ends[start] for start in seen) - 1e-9)
        menu = next((h for h in RUN_LENGTHS_H if h >= needed), None)
        on_menu = f" ({menu:g} h on the run-length menu)" if menu is not None and menu != needed else ""
        note += f": set hours to at least {needed:g}{on_menu} to see {'it' if len(seen) == 1 else 'them'}"
    return note + "."


def _times(times: list[float]) -> str:
    """``50``, ``48 and 96``, ``48, 96 and 168``."""
    shown = [f"{t:g}" for t in times]
    return shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} and {shown[-1]}"


def _error_markup(err: Exception) -> str:
    """The message line for an error made from a control: an alert, in the theme's error colour."""
    return f"<span class='keta-lab-error' role='alert' style='color:var(--jp-error-color1,#c00)'>{html.escape(str(err))}</span>"


def _check_params(value: object) -> Params:
    """``value`` if it is a Params; otherwise a ParameterError that says how to make one."""
    if not isinstance(value, Params):
        raise ParameterError(f"params must be a ketawidget.Params; got {value!r} (kw.Params(**changes) makes one from a dict)")
    return value
