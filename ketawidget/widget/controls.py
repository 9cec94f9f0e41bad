"""Controls generated from the parameter declarations, and the coalescing that keeps sliders smooth.

* :class:`ParamControls` - one widget per chosen ``Params`` trait, built from the trait's metadata
  (unit, range, choices, description): a slider for a quantity, a dropdown for a choice, a checkbox
  for a flag. Nothing here repeats a unit or a range; only the short display names live here.
* :class:`DoseControls` - the dose: kind (infusion, bolus by route, none), amount, infusion time and
  the length of the run. Ranges come from the dosing rules and the species' pharmacokinetics.
* :class:`LatestValueWins` - collects changes and applies only the newest of each once the kernel is
  free, so dragging a slider re-simulates for the value under the pointer, never for a backlog.

The controls only report what the student asked for (``on_change``) and show what they are told
(``show``); the lab owns the parameters, the dose and the simulation.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets
import traitlets

from ..model.dosing import INFUSION_MINUTES_RANGE, Bolus, Infusion, NoDrug, Schedule
from ..model.parameters import SPECIES_PK, Choice, Flag, Params, Quantity
from ..model.simulation import HOURS_RANGE

__all__ = [
    "LatestValueWins",
    "ParamControls",
    "DoseControls",
    "STUDENT_PARAMETERS",
    "label_for",
    "from_browser",
    "run_after",
]

#: The parameters a student changes in the lab, in display order (the rest stay in ``lab.params``).
STUDENT_PARAMETERS: tuple[str, ...] = (
    "species",
    "mg_mM",
    "chronic_stress",
    "nbqx",
    "rapamycin",
    "anisomycin",
    "bdnf_knockout",
    "nifedipine",
)
#: Short display names where the trait name does not read well; everything else is generated.
_DISPLAY_NAMES = {
    "mg_mM": "Mg²⁺",
    "nbqx": "NBQX",
    "bdnf_knockout": "BDNF knockout",
    "v_interneuron_mV": "interneuron voltage",
    "v_pyramidal_mV": "pyramidal voltage",
}
_UNIT_SUFFIXES = ("_per_uM_min", "_per_min", "_minutes", "_hours", "_days", "_mM", "_mV", "_hz")
#: Slider resolution: this many steps across a parameter's allowed range.
_SLIDER_STEPS = 200


def label_for(name: str) -> str:
    """A parameter's display name: ``mg_mM`` -> ``Mg²⁺``, ``gaba_tone_minutes`` -> ``gaba tone``."""
    if name in _DISPLAY_NAMES:
        return _DISPLAY_NAMES[name]
    for suffix in _UNIT_SUFFIXES:
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    return name.replace("_", " ")


def _tooltip(trait: traitlets.TraitType) -> str:
    md = trait.metadata
    text = md["description"]
    if "low" in md:
        text += f" ({md['low']:g} to {md['high']:g} {md['unit']})".replace(" )", ")")
    if md.get("reference"):
        text += f". Source: {md['reference']}"
    return text


def from_browser(widget: widgets.Widget, name: str = "value") -> bool:
    """Whether ``widget``'s trait ``name`` is being set by the browser right now.

    ipywidgets holds the names the front end is setting in ``_property_lock`` while it applies them;
    Python code setting a trait never does.
    """
    return name in getattr(widget, "_property_lock", {})


def _run_soon(callback: Callable[[], None]) -> None:
    """Run ``callback`` after the messages already waiting in the kernel, or now outside one."""
    run_after(0.0)(callback)


def run_after(seconds: float) -> Callable[[Callable[[], None]], None]:
    """A ``schedule`` for :class:`LatestValueWins`: run the callback ``seconds`` later on the kernel's
    event loop (after the messages already waiting), or at once when no event loop runs."""

    def schedule(callback: Callable[[], None]) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no event loop: plain Python, tests; nothing can pile up
            callback()
            return
        if seconds > 0:
            loop.call_later(seconds, callback)
        else:
            loop.call_soon(callback)

    return schedule


class LatestValueWins:
    """Apply only the newest requested changes, once, when the kernel gets to it.

    Each :meth:`request` merges its changes into one pending set (a later value for the same key
    replaces the earlier one) and asks ``schedule`` to call :meth:`flush` once. ``flush`` hands the
    whole set to ``apply``. While a slider is dragged the browser sends a value per step; those that
    arrive before the flush are folded into it, so the simulation runs for the newest value only and
    the last value always wins.

    With ``at_once_when_rested`` a request that finds the kernel rested is applied at once, inside
    the message that brought it, instead of after the kernel has reported itself idle and come back
    to its loop: the first value of a drag redraws sooner (benchmarks/lab_latency.py). "Rested"
    means that at least as much time has passed since the last ``apply`` ended as that ``apply``
    took. A request that comes sooner is scheduled as above, so values that queue up while the
    kernel is busy are still folded into one flush. An error from an at-once ``apply`` is raised
    from ``request`` (that is, from the control's observer) rather than from the scheduled callback.

    Parameters
    ----------
    apply : callable
        ``apply(changes)`` with a dict of the newest value per key.
    schedule : callable, optional
        ``schedule(callback)`` runs ``callback`` later; default: after the kernel's waiting
        messages (``loop.call_soon``), or at once when no event loop runs.
    at_once_when_rested : bool
        Apply a request at once when the kernel has rested (see above); default False.
    clock : callable
        Seconds, monotonic (``time.perf_counter``; tests pass their own).
    """

    def __init__(
        self,
        apply: Callable[[dict[str, Any]], None],
        schedule: Callable[[Callable[[], None]], None] | None = None,
        *,
        at_once_when_rested: bool = False,
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        self._apply = apply
        self._schedule = schedule or _run_soon
        self._at_once = bool(at_once_when_rested)
        self._clock = clock
        self._rested_at = -math.inf  # when the kernel counts as rested again
        self._applying = False  # a request made by ``apply`` itself waits for a flush
        self._pending: dict[str, Any] = {}
        self._scheduled = False
        #: How many times ``apply`` ran (what the coalescing saves shows here).
        self.applied = 0

    @property
    def pending(self) -> dict[str, Any]:
        """The changes waiting for the next flush (a copy)."""
        return dict(self._pending)

    def request(self, **changes: Any) -> None:
        """Ask for ``changes``; newer values for the same key replace older ones."""
        self._pending.update(changes)
        if self._scheduled:
            return
        if self._at_once and not self._applying and self._clock() >= self._rested_at:
            self.flush()
            return
        self._scheduled = True
        self._schedule(self.flush)

    def flush(self) -> None:
        """Apply everything pending now (nothing if empty)."""
        self._scheduled = False
        changes, self._pending = self._pending, {}
        if changes:
            self.applied += 1
            start = self._clock()
            outer, self._applying = self._applying, True
            try:
                self._apply(changes)
            finally:
                self._applying = outer
                end = self._clock()
                self._rested_at = end + (end - start)


class ParamControls:
    """Widgets for ``Params`` traits, generated from their metadata.

    Parameters
    ----------
    params : Params
        Values shown initially.
    names : sequence of str
        Which traits get a control (default: :data:`STUDENT_PARAMETERS`).
    on_change : callable
        ``on_change(name, value, from_browser)`` when the student changes a control.

    Attributes
    ----------
    widgets : dict of str -> ipywidgets.Widget
        A ``FloatSlider`` per quantity (range and unit from the trait), a ``Dropdown`` per choice, a
        ``Checkbox`` per flag; the trait's description (and source) is the tooltip.
    widget : ipywidgets.Box
        All of them, laid out.
    """

    def __init__(self, params: Params, names: tuple[str, ...] = STUDENT_PARAMETERS, on_change: Callable[[str, Any, bool], None] | None = None) -> None:
        traits = Params.class_traits()
        unknown = [n for n in names if n not in traits]
        if unknown:
            raise TypeError(f"no parameter(s) {unknown}; valid names: {sorted(traits)}")
        self._on_change = on_change
        self._showing = False
        self._shown_dose: object = None
        self.widgets: dict[str, widgets.Widget] = {}
        for name in names:
            control = self._make(name, traits[name], getattr(params, name))
            control.observe(self._changed, names="value")
            self.widgets[name] = control
        flags = [w for n, w in self.widgets.items() if isinstance(traits[n], Flag)]
        others = [w for n, w in self.widgets.items() if not isinstance(traits[n], Flag)]
        flag_box = widgets.GridBox(flags, layout={"grid_template_columns": "repeat(auto-fill, minmax(150px, 1fr))", "width": "100%"})
        self.widget = widgets.VBox([*others, flag_box], layout={"width": "100%"})

    @staticmethod
    def _make(name: str, trait: traitlets.TraitType, value: Any) -> widgets.Widget:
        md = trait.metadata
        tooltip = _tooltip(trait)
        if isinstance(trait, Quantity):
            step = _nice_step((md["high"] - md["low"]) / _SLIDER_STEPS)
            unit = f" ({md['unit']})" if md["unit"] else ""
            return widgets.FloatSlider(
                value=value, min=md["low"], max=md["high"], step=step,
                description=f"{label_for(name)}{unit}", tooltip=tooltip, readout_format=".3g",
                continuous_update=True, style={"description_width": "initial"}, layout={"width": "100%", "max_width": "420px"},
            )
        if isinstance(trait, Choice):
            return widgets.Dropdown(
                options=list(md["choices"]), value=value, description=label_for(name), tooltip=tooltip,
                style={"description_width": "initial"}, layout={"width": "auto"},
            )
        if isinstance(trait, Flag):
            return widgets.Checkbox(value=value, description=label_for(name), tooltip=tooltip, indent=False, layout={"width": "auto"})
        raise TypeError(f"no control for parameter {name!r} of type {type(trait).__name__}")

    def _changed(self, change: dict[str, Any]) -> None:
        if self._showing or self._on_change is None:
            return
        name = next(n for n, w in self.widgets.items() if w is change["owner"])
        self._on_change(name, change["new"], from_browser(change["owner"]))

    def show(self, params: Params) -> None:
        """Show ``params``' values without reporting them as changes."""
        self._showing = True
        try:
            for name, control in self.widgets.items():
                if control.value != getattr(params, name):
                    control.value = getattr(params, name)
        finally:
            self._showing = False


def _nice_step(raw: float) -> float:
    """The 1-2-5 step at or below ``raw`` (sliders read in round numbers)."""
    exponent = math.floor(math.log10(raw))
    for factor in (5, 2, 1):
        if factor * 10**exponent <= raw:
            return factor * 10**exponent
    return 10**exponent  # pragma: no cover - factor 1 always fits


#: The dose kinds the lab offers: (menu text, kind). A bolus kind is its route.
DOSE_KINDS: tuple[tuple[str, str], ...] = (
    ("IV infusion", "infusion"),
    ("IV bolus", "iv"),
    ("i.p. injection", "ip"),
    ("IM injection", "im"),
    ("intranasal spray", "intranasal"),
    ("no drug (saline)", "none"),
    ("course of doses (preset)", "schedule"),
)
#: Run lengths offered, h (inside simulate's allowed range).
RUN_LENGTHS_H: tuple[float, ...] = tuple(h for h in (2, 6, 12, 24, 48, 96, 168, 336, 720) if HOURS_RANGE[0] <= h <= HOURS_RANGE[1])
#: Smallest dose on the (logarithmic) amount slider, mg/kg; "no drug" is a kind of its own.
_MIN_SLIDER_DOSE_MG_PER_KG = 0.01
#: Step of the amount and infusion-time sliders, decades: 0.01 decade is a 2.3 % change, fine enough
#: to drag smoothly, coarse enough that the arrow keys get somewhere.
_LOG_STEP = 0.01
#: The sliders' readout: two significant digits in plain decimals (0.50, 40, 130), so a round dose
#: reads round although the slider sits on its grid (0.501).
_READOUT = ".2r"


def dose_kind(dose: object) -> str:
    """The :data:`DOSE_KINDS` kind of ``dose``."""
    if isinstance(dose, Infusion):
        return "infusion"
    if isinstance(dose, Bolus):
        return dose.route
    if isinstance(dose, NoDrug):
        return "none"
    return "schedule"


class DoseControls:
    """Kind of dose, amount (mg/kg, log slider), infusion time (min) and run length (h).

    Parameters
    ----------
    dose : Infusion, Bolus, NoDrug or Schedule
    hours : float
    species : str
        Sets the routes offered and the amount slider's top (``SPECIES_PK[species]``).
    on_change : callable
        ``on_change(changes, from_browser)`` with ``changes`` holding ``dose`` and/or ``hours``.

    Attributes
    ----------
    kind : ipywidgets.Dropdown
    amount : ipywidgets.FloatLogSlider
        mg/kg.
    minutes : ipywidgets.FloatLogSlider
        Infusion time, min (disabled unless the kind is an infusion).
    hours : ipywidgets.Dropdown
        Run length, h.
    widget : ipywidgets.VBox
    """

    def __init__(self, dose: object, hours: float, species: str, on_change: Callable[[dict[str, Any], bool], None] | None = None) -> None:
        self._on_change = on_change
        self._showing = False
        style = {"description_width": "initial"}
        self.kind = widgets.Dropdown(options=list(DOSE_KINDS), description="Dose", tooltip="How the ketamine is given", style=style, layout={"width": "auto"})
        low, high = INFUSION_MINUTES_RANGE
        self.amount = widgets.FloatLogSlider(
            value=0.5, base=10, min=math.log10(_MIN_SLIDER_DOSE_MG_PER_KG), max=math.log10(SPECIES_PK[species].max_dose_mg_per_kg),
            step=_LOG_STEP, description="amount (mg/kg)", readout_format=_READOUT, style=style,
            tooltip="Ketamine dose per kg body weight", layout={"width": "100%", "max_width": "420px"},
        )
        self.minutes = widgets.FloatLogSlider(
            value=40.0, base=10, min=math.log10(low), max=math.log10(high), step=_LOG_STEP,
            description="infusion time (min)", readout_format=_READOUT, style=style,
            tooltip=f"Duration of the IV infusion ({low:g} to {high:g} min)", layout={"width": "100%", "max_width": "420px"},
        )
        self.hours = widgets.Dropdown(
            options=[(_hours_text(h), float(h)) for h in RUN_LENGTHS_H], description="run length",
            tooltip=f"Simulated time ({HOURS_RANGE[0]:g} to {HOURS_RANGE[1]:g} h)", style=style, layout={"width": "auto"},
        )
        for control in (self.kind, self.amount, self.minutes):
            control.observe(self._dose_changed, names="value")
        self.hours.observe(self._hours_changed, names="value")
        self.widget = widgets.VBox([widgets.HBox([self.kind, self.hours], layout={"flex_flow": "row wrap"}), self.amount, self.minutes], layout={"width": "100%"})
        self.show(dose, hours, species)

    def show(self, dose: object, hours: float, species: str) -> None:
        """Show ``dose``, ``hours`` and the routes of ``species`` without reporting them as changes."""
        self._showing = True
        try:
            pk = SPECIES_PK[species]
            kind = dose_kind(dose)
            allowed = {"infusion", "none", *pk.routes} | ({"schedule"} if kind == "schedule" else set())
            options = [(text, k) for text, k in DOSE_KINDS if k in allowed]
            if list(self.kind.options) != options:
                self.kind.options = options
            self.kind.value = kind
            top = math.log10(pk.max_dose_mg_per_kg)
            if self.amount.max != top:
                self.amount.max = top
            # A course of one dose repeated shows that dose in its (disabled) sliders, not whatever
            # the last lesson left there (10 mg/kg from the rodent lesson on a 0.5 mg/kg course).
            repeated = {d for _, d in dose.doses} if isinstance(dose, Schedule) else set()
            each = next(iter(repeated)) if len(repeated) == 1 else dose
            # Only a real difference moves a slider: rounding the dose must not jerk a slider the
            # student is dragging.
            # A dose below the slider's range (0.005 mg/kg, or none) puts it at its lowest point,
            # which then stands for that dose until the student moves it (see ``dose``).
            if isinstance(each, (Infusion, Bolus)) and not _shows(self.amount, each.dose_mg_per_kg):
                self.amount.value = _on_slider(self.amount, each.dose_mg_per_kg)
            if isinstance(each, Infusion) and not _shows(self.minutes, each.minutes):
                self.minutes.value = _on_slider(self.minutes, each.minutes)
            self._shown_dose = dose
            self.amount.disabled = kind in ("none", "schedule")
            self.minutes.disabled = kind != "infusion"
            hours = float(hours)
            if hours not in [v for _, v in self.hours.options]:
                self.hours.options = sorted([*self.hours.options, (_hours_text(hours), hours)], key=lambda o: o[1])
            self.hours.value = hours
        finally:
            self._showing = False

    def _is_grid_echo(self) -> bool:
        """Whether the sliders only put the dose last shown on their grid.

        The browser snaps a value it is given to the slider's step (0.5 mg/kg becomes 10^-0.30 =
        0.501) and sends that back. Taken as a change, it would turn the lab's 0.5 mg/kg over 40 min
        into 0.501 over 39.8 as soon as the lab is displayed; a student's move is at least one step.
        """
        shown = self._shown_dose
        if self.kind.value != dose_kind(shown):
            return False
        if isinstance(shown, (Infusion, Bolus)) and not _shows(self.amount, shown.dose_mg_per_kg):
            return False
        return not (isinstance(shown, Infusion) and not _shows(self.minutes, shown.minutes))

    def dose(self, current: object) -> object:
        """The dose the controls ask for; a course (``Schedule``) is kept as it is."""
        kind = self.kind.value
        shown = self._shown_dose
        amount = _slider_reading(self.amount, shown.dose_mg_per_kg if isinstance(shown, (Infusion, Bolus)) else None)
        minutes = _slider_reading(self.minutes, shown.minutes if isinstance(shown, Infusion) else None)
        if kind == "infusion":
            return Infusion(amount, minutes)
        if kind == "none":
            return NoDrug()
        if kind == "schedule":
            return current if isinstance(current, Schedule) else Infusion(amount, minutes)
        return Bolus(amount, kind)

    def _dose_changed(self, change: dict[str, Any]) -> None:
        if self._showing or self._on_change is None:
            return
        if from_browser(change["owner"]) and self._is_grid_echo():
            return
        self._on_change({"dose_kind": self.kind.value, "dose_amount": self.amount.value, "dose_minutes": self.minutes.value}, from_browser(change["owner"]))

    def _hours_changed(self, change: dict[str, Any]) -> None:
        if self._showing or self._on_change is None:
            return
        self._on_change({"hours": float(change["new"])}, from_browser(change["owner"]))


def _same_on_grid(slider_value: float, value: float) -> bool:
    """Whether a log slider at ``slider_value`` shows ``value``: the same point of its grid."""
    if slider_value <= 0 or value <= 0:
        return slider_value == value
    return abs(math.log10(slider_value) - math.log10(value)) <= _LOG_STEP / 2 + 1e-12


def _on_slider(slider: widgets.FloatLogSlider, value: float) -> float:
    """``value`` if ``slider`` can show it, else the end of its range nearest to it."""
    low, high = slider.base**slider.min, slider.base**slider.max
    return min(max(value, low), high)


def _shows(slider: widgets.FloatLogSlider, value: float) -> bool:
    """Whether ``slider`` shows ``value``: it sits on ``value``'s grid point, or at the end of its
    range for a value beyond it."""
    return _same_on_grid(slider.value, _on_slider(slider, value))


def _slider_reading(slider: widgets.FloatLogSlider, shown: float | None) -> float:
    """What a log slider asks for: the value last shown while the slider still shows it (so moving
    the dose keeps a 40-min infusion at 40, not 39.8, and changing the infusion time keeps a
    0.005 mg/kg dose below the slider's range at 0.005), otherwise its value to three significant
    digits (a log slider lands on values like 0.5128...)."""
    if shown is not None and _shows(slider, shown):
        return shown
    return _round3(slider.value)


def _round3(value: float) -> float:
    return float(f"{value:.3g}")


def _hours_text(hours: float) -> str:
    if hours >= 48 and hours % 24 == 0:
        days = hours / 24
        return "1 week" if days == 7 else "2 weeks" if days == 14 else f"{days:g} days"
    return f"{hours:g} h"
