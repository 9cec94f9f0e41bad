"""``KetamineLab``: the diagram beside the chart, with controls, all driven by one simulation.

The lab owns the parameters and the dose; any change re-simulates once and updates both the chart and
the diagram. Its playhead traits are linked to the diagram's, so the chart's playhead follows
playback in the browser.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets
import traitlets

from ..model.dosing import Bolus, Infusion, NoDrug, Schedule
from ..model.errors import ParameterError, check_number
from ..model.parameters import Params
from ..model.simulation import simulate
from ..model.trajectory import Trajectory
from .charts import DrugAndBlockChart
from .synapse_view import DEFAULT_SPEED_H_PER_S, SPEED_RANGE_H_PER_S, SynapseView

__all__ = ["KetamineLab"]

_DOSE_TYPES = (Infusion, Bolus, NoDrug, Schedule)
#: Slider range: 0 to 2 mg/kg spans saline, the antidepressant 0.5 mg/kg and anaesthetic doses.
_SLIDER_MAX_MG_PER_KG = 2.0
#: Infusion time the slider uses when the current dose has none (the antidepressant protocol).
_SLIDER_INFUSION_MIN = 40.0


class KetamineLab(widgets.VBox):
    """Synapse diagram, chart and dose control, kept in sync.

    Parameters
    ----------
    dose : Infusion, Bolus, NoDrug or Schedule, optional
        Default: 0.5 mg/kg IV over 40 min (the antidepressant infusion).
    params : Params, optional
        Default: ``Params()``.
    hours : float
        Length of each run, h (default 12: the drug and the block are gone well before then).
    **kwargs
        ``time_h``, ``playing``, ``speed`` initial values.

    Attributes
    ----------
    params : Params
        Editing any of its values re-simulates.
    dose : Infusion, Bolus, NoDrug or Schedule
        Assigning a dose re-simulates.
    time_h, playing, speed
        Playhead, play state and speed, synced both ways with the diagram.
    diagram : SynapseView
    charts : list of bqplot.Figure
    trajectory : Trajectory
        The current run.
    """

    params = traitlets.Instance(Params)
    dose = traitlets.Any()
    time_h = traitlets.Float(0.0)
    playing = traitlets.Bool(False)
    speed = traitlets.Float(DEFAULT_SPEED_H_PER_S)

    def __init__(
        self,
        dose: Infusion | Bolus | NoDrug | Schedule | None = None,
        params: Params | None = None,
        hours: float = 12.0,
        **kwargs: Any,
    ) -> None:
        self.hours = hours
        params = Params() if params is None else params
        dose = Infusion(0.5, 40.0) if dose is None else dose
        self._check_dose(dose)
        self.trajectory: Trajectory = simulate(dose, params, hours)
        self.diagram = SynapseView(self.trajectory)
        self.chart = DrugAndBlockChart(self.trajectory)
        self.charts = [self.chart.figure]
        self.dose_slider = widgets.FloatSlider(
            value=_slider_value(dose),
            min=0.0,
            max=_SLIDER_MAX_MG_PER_KG,
            step=0.05,
            description="Dose",
            readout_format=".2f",
            tooltip="Ketamine dose, mg/kg, IV over the infusion time",
            style={"description_width": "initial"},
            layout={"width": "340px"},
        )
        self.dose_unit = widgets.Label()
        self.caption = widgets.HTML()
        super().__init__(
            [
                widgets.HBox([self.dose_slider, self.dose_unit]),
                widgets.HBox(
                    [
                        widgets.Box([self.diagram], layout={"flex": "1 1 420px", "min_width": "320px"}),
                        widgets.Box([self.chart.figure], layout={"flex": "1 1 420px", "min_width": "320px"}),
                    ],
                    layout={"flex_flow": "row wrap", "width": "100%"},
                ),
                self.caption,
            ],
            layout={"width": "100%"},
        )
        with self.hold_trait_notifications():
            self.params = params
            self.dose = dose
        for name in ("time_h", "playing", "speed"):
            traitlets.link((self, name), (self.diagram, name))
        for name, value in kwargs.items():
            if name not in ("time_h", "playing", "speed"):
                raise TypeError(f"unknown argument {name!r}")
            setattr(self, name, value)
        self.dose_slider.observe(self._on_slider, names="value")
        self.observe(self._on_playhead, names="time_h")
        self._update_caption()

    # -- inputs --------------------------------------------------------------------------------
    @staticmethod
    def _check_dose(dose: object) -> None:
        if not isinstance(dose, _DOSE_TYPES):
            raise ParameterError(f"dose must be an Infusion, Bolus, NoDrug or Schedule; got {dose!r}")

    @traitlets.validate("dose")
    def _valid_dose(self, proposal: dict[str, Any]) -> object:
        self._check_dose(proposal["value"])
        return proposal["value"]

    # The playhead traits are linked to the diagram's; validate here too, so that a bad value is
    # refused before the link copies anything (nothing changes on either side).
    @traitlets.validate("time_h")
    def _valid_time(self, proposal: dict[str, Any]) -> float:
        return check_number("time_h", proposal["value"], 0.0, float("inf"), "h")

    @traitlets.validate("speed")
    def _valid_speed(self, proposal: dict[str, Any]) -> float:
        return check_number("speed", proposal["value"], *SPEED_RANGE_H_PER_S, "h/s")

    @traitlets.observe("dose")
    def _on_dose(self, change: dict[str, Any]) -> None:
        self._resimulate()
        value = _slider_value(change["new"])
        if value is not None and abs(self.dose_slider.value - value) > 1e-12:
            # Show the dose on the slider without the slider re-issuing it as a dose of its own.
            self._dose_from_code = True
            try:
                self.dose_slider.max = max(self.dose_slider.max, value)
                self.dose_slider.value = value
            finally:
                self._dose_from_code = False

    @traitlets.observe("params")
    def _on_params(self, change: dict[str, Any]) -> None:
        if isinstance(change["old"], Params):
            change["old"].unobserve(self._on_param_value)
        change["new"].observe(self._on_param_value)
        self._resimulate()

    def _on_param_value(self, _change: dict[str, Any]) -> None:
        self._resimulate()

    def _on_slider(self, change: dict[str, Any]) -> None:
        if getattr(self, "_dose_from_code", False):
            return
        value = float(change["new"])
        # The slider changes the amount and keeps the kind of dose (route, infusion time).
        if isinstance(self.dose, Infusion):
            self.dose = Infusion(value, self.dose.minutes)
        elif isinstance(self.dose, Bolus):
            self.dose = Bolus(value, self.dose.route)
        else:
            self.dose = Infusion(value, _SLIDER_INFUSION_MIN)

    def _on_playhead(self, change: dict[str, Any]) -> None:
        self.chart.move_playhead(change["new"])

    # -- outputs -------------------------------------------------------------------------------
    def _resimulate(self) -> None:
        if self.params is None or self.dose is None:  # during construction
            return
        self.trajectory = simulate(self.dose, self.params, self.hours)
        self.chart.show(self.trajectory)
        self.diagram.trajectory = self.trajectory
        self._update_caption()

    def _update_caption(self) -> None:
        self.dose_unit.value = _slider_unit(self.dose)
        peak = float(self.trajectory["ketamine_brain_uM"].max())
        block = float(self.trajectory["nmda_block_interneuron"].max())
        self.caption.value = (
            f"<b>{html.escape(self.dose.describe())}</b>: brain ketamine peaks at {peak:.2f} µM; "
            f"up to {block:.0%} of interneuron NMDA current blocked."
        )


def _slider_unit(dose: object) -> str:
    if isinstance(dose, Infusion):
        return f"mg/kg IV infusion over {dose.minutes:g} min"
    if isinstance(dose, Bolus):
        return "mg/kg " + dose.describe().split(" mg/kg ", 1)[1]  # e.g. "mg/kg i.p. injection"
    return f"mg/kg IV infusion over {_SLIDER_INFUSION_MIN:g} min"


def _slider_value(dose: object) -> float | None:
    if isinstance(dose, (Infusion, Bolus)):
        return dose.dose_mg_per_kg
    if isinstance(dose, NoDrug):
        return 0.0
    return None
