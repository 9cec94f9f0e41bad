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


def _answers_the_kernel(answers: dict[widgets.Widget, "_PageAnswers"], control: widgets.Widget, value: object) -> bool:
    """Whether ``value``, set on ``control`` by the page, answers a value the kernel gave it (see
    :class:`_PageAnswers`); False for a control without answers (a menu, a checkbox)."""
    return control in answers and answers[control].answered(value)


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


class _PageAnswers:
    """The values the kernel gave one slider that the page may still answer with its own version of them.

    A slider in the page answers every value it is given, at once, with that value put on its grid
    (the dose slider's 0.01-decade steps send 0.5 mg/kg back as 0.501, the Mg²⁺ slider's 0.05-mM
    steps 1.23 mM as 1.25) and held inside its range (ipywidgets' slider views do this). Taken for a
    student's move, such an answer replaced what the kernel had set: a lesson's 0.5 mg/kg ran as
    0.501, and an answer to a range lowered before its value (200 mg/kg held at the new top, 19.95)
    ran as a 20 mg/kg dose first.

    :meth:`put` sends a value and a range in one message, never out of range on the way, and keeps
    the value as waiting for an answer. :meth:`answered` tells an answer (a value on the grid point of
    one still waiting) from a move (anything else). Answers come in the order the values were sent,
    and may come after the kernel has moved on (two doses set in one cell): then the slider is put
    back, in the kernel only, on the newest value, which the page is about to get. A value the page
    holds already (1, 10: on its grid) is not answered and waits until the next answer or move.

    Parameters
    ----------
    slider : ipywidgets.FloatSlider or ipywidgets.FloatLogSlider
    """

    def __init__(self, slider: widgets.FloatSlider | widgets.FloatLogSlider) -> None:
        self.slider = slider
        self._waiting: list[float] = []
        self._restoring = False

    def put(self, value: float | None = None, **bounds: float) -> None:
        """Show ``value`` (None: keep the slider's) within ``bounds`` (``min`` and/or ``max``, in the
        slider's own units: a log slider's are exponents), all in one message to the page.

        Only a real difference moves the slider: a value on the grid point it shows already leaves it
        where it is (rounding a value must not jerk a slider the student is dragging). A value
        beyond the range puts it at the range's end.
        """
        slider = self.slider
        low, high = bounds.get("min", slider.min), bounds.get("max", slider.max)
        old = slider.value
        kept = _within(slider, old, low, high)  # the slider's value, held inside the new range
        target = kept if value is None else _within(slider, value, low, high)
        if kept == old and _same_point(slider, old, target):
            target = old
        if (low, high, target) == (slider.min, slider.max, old):
            return
        with slider.hold_sync():
            # Widen the range to hold both values, set the value, narrow: ipywidgets' own checks
            # would otherwise move the value into a range set before it, and send that too.
            slider.max, slider.min = max(slider.max, high), min(slider.min, low)
            slider.value = target
            slider.min, slider.max = low, high
        if target != old:
            self._waiting.append(target)

    def answered(self, value: float) -> bool:
        """Whether ``value``, just set by the page, answers a value the kernel sent (not a move).

        An answer retires that value and every older one; a move retires them all.
        """
        if self._restoring:  # the kernel itself, putting the slider back (below)
            return True
        for i, sent in enumerate(self._waiting):
            if _same_point(self.slider, value, sent):
                del self._waiting[: i + 1]
                if self._waiting and not _same_point(self.slider, value, self._waiting[-1]):
                    self._restore(self._waiting[-1])
                return True
        self._waiting.clear()
        return False

    def _restore(self, value: float) -> None:
        """Put the slider on ``value`` in the kernel without a message: the page has it on its way."""
        slider = self.slider
        lock = slider._property_lock  # what the page set; ipywidgets sends nothing that matches it
        slider._property_lock = {**lock, "value": value}
        self._restoring = True
        try:
            slider.value = value
        finally:
            self._restoring = False
            slider._property_lock = lock


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
        #: What the page may still answer to the values the kernel gave the sliders.
        self._answers = {w: _PageAnswers(w) for w in self.widgets.values() if isinstance(w, widgets.FloatSlider)}
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
                # No wider than a slider (review: "human" / "mouse" / "rat" in a 570-px menu).
                style={"description_width": "initial"}, layout={"width": "auto", "max_width": "420px"},
            )
        if isinstance(trait, Flag):
            return widgets.Checkbox(value=value, description=label_for(name), tooltip=tooltip, indent=False, layout={"width": "auto"})
        raise TypeError(f"no control for parameter {name!r} of type {type(trait).__name__}")

    def _changed(self, change: dict[str, Any]) -> None:
        if self._showing or self._on_change is None:
            return
        owner = change["owner"]
        browser = from_browser(owner)
        if browser and _answers_the_kernel(self._answers, owner, change["new"]):
            return  # the page put a value given by the kernel on its grid (1.23 mM -> 1.25): the kernel's stands
        name = next(n for n, w in self.widgets.items() if w is owner)
        self._on_change(name, change["new"], browser)

    def show(self, params: Params) -> None:
        """Show ``params``' values without reporting them as changes."""
        self._showing = True
        try:
            for name, control in self.widgets.items():
                if control in self._answers:
                    self._answers[control].put(getattr(params, name))
                elif control.value != getattr(params, name):
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
        #: What the page may still answer to the values the kernel gave the sliders.
        self._answers = {slider: _PageAnswers(slider) for slider in (self.amount, self.minutes)}
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
            # A course of one dose repeated shows that dose in its (disabled) sliders, not whatever
            # the last lesson left there (10 mg/kg from the rodent lesson on a 0.5 mg/kg course).
            repeated = {d for _, d in dose.doses} if isinstance(dose, Schedule) else set()
            each = next(iter(repeated)) if len(repeated) == 1 else dose
            # The species' top and the dose go to the page together (see _PageAnswers.put): sent one
            # after the other, a lower top held the old dose at it (200 -> 19.95 mg/kg) and the page
            # sent that back. A dose below the slider's range (0.005 mg/kg, or none) puts it at its
            # lowest point, which then stands for that dose until the student moves it (see ``dose``).
            amount = each.dose_mg_per_kg if isinstance(each, (Infusion, Bolus)) else None
            self._answers[self.amount].put(amount, max=math.log10(pk.max_dose_mg_per_kg))
            self._answers[self.minutes].put(each.minutes if isinstance(each, Infusion) else None)
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
        (The answers to values the kernel sent are told apart first, see :class:`_PageAnswers`; this
        also covers a slider the page only re-draws, for a new range, on the point it showed.)
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
        owner = change["owner"]
        if from_browser(owner) and (_answers_the_kernel(self._answers, owner, change["new"]) or self._is_grid_echo()):
            return
        self._on_change({"dose_kind": self.kind.value, "dose_amount": self.amount.value, "dose_minutes": self.minutes.value}, from_browser(owner))

    def _hours_changed(self, change: dict[str, Any]) -> None:
        if self._showing or self._on_change is None:
            return
        self._on_change({"hours": float(change["new"])}, from_browser(change["owner"]))


def _same_point(slider: widgets.FloatSlider | widgets.FloatLogSlider, a: float, b: float) -> bool:
    """Whether ``a`` and ``b`` are one point of ``slider``'s grid (at most half a step apart; a log
    slider's steps are in decades)."""
    if isinstance(slider, widgets.FloatLogSlider):
        if a <= 0 or b <= 0:
            return a == b
        return abs(math.log(a / b, slider.base)) <= slider.step / 2 + 1e-12
    return abs(a - b) <= slider.step / 2 + 1e-12 * max(1.0, abs(a), abs(b))


def _within(slider: widgets.FloatSlider | widgets.FloatLogSlider, value: float, low: float | None = None, high: float | None = None) -> float:
    """``value`` if ``slider`` can show it (with ``low`` and ``high`` as its ``min`` and ``max``),
    else the end of its range nearest to it."""
    low = slider.min if low is None else low
    high = slider.max if high is None else high
    if isinstance(slider, widgets.FloatLogSlider):
        low, high = slider.base**low, slider.base**high
    return min(max(value, low), high)


def _shows(slider: widgets.FloatSlider | widgets.FloatLogSlider, value: float) -> bool:
    """Whether ``slider`` shows ``value``: it sits on ``value``'s grid point, or at the end of its
    range for a value beyond it."""
    return _same_point(slider, slider.value, _within(slider, value))


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
