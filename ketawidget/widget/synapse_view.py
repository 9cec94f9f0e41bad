"""``SynapseView``: the animated synapse diagram (an anywidget).

Python sends the whole trajectory once, as binary; the browser plays it back on its own clock at
60 fps and reports the playhead back a few times a second. The front end lives in ``js/`` and is
bundled into ``ketawidget/static/``; it knows only the wire format (``_wire``). With the
trajectory go a few synapse-microscope runs (one synapse, in milliseconds, at the conditions of chosen
moments) that the diagram's synapse zoom plays.
"""

from __future__ import annotations

import contextlib
import math
import os
import pathlib
from collections.abc import Iterator
from typing import Any

import ipywidgets
import numpy as np
import traitlets

from ..model.errors import LARGEST_FINITE, ParameterError, check_flag, check_number, refuse_unknown_arguments
from ..model.synapse import (
    MAX_MICROSCOPE_MOMENTS,
    MICROSCOPE_CONDITION_CHANNELS,
    microscope_moments,
    refuse_microscope_run,
    simulate_synapse,
    synapse_conditions,
)
from ..model.trajectory import Trajectory
from ._run import check_run_conditions, check_run_description, run_label
from ._wire import WIRE_VERSION, encode_microscope, encode_trajectory
from .embeddable_anywidget import EmbeddableAnyWidget

__all__ = ["SynapseView", "STATIC_DIR", "RUN_LABEL_TRAITS", "microscope_moments", "MAX_MICROSCOPE_MOMENTS", "CheckedTrait", "check_speed", "seek_time"]

STATIC_DIR = pathlib.Path(__file__).resolve().parent.parent / "static"
_BUNDLE = STATIC_DIR / "widget.js"
_STYLES = STATIC_DIR / "widget.css"

#: Playback speed bounds, simulated hours per second: from one minute per second to a month.
SPEED_RANGE_H_PER_S = (1.0 / 60.0, 24.0 * 30.0)
#: The playback traits the constructor's ``**kwargs`` may set, besides the trajectory and ``log_time``.
PLAYBACK_TRAITS = ("time_h", "playing", "speed")
#: What the run is, in words and condition ids (docs/wire-format.md): set with each trajectory, from
#: what it records; the constructor's ``**kwargs`` may set them too, for a run made by hand.
RUN_LABEL_TRAITS = ("run_description", "run_conditions")
#: Default speed: a quarter hour of simulated time per second, so a 40-minute infusion plays in ~3 s
#: and its rise and fall stay readable; switch up for days.
DEFAULT_SPEED_H_PER_S = 0.25
#: The speeds the diagram's menu offers, h/s (js/controls.ts ``SPEEDS``; tests/test_widget.py holds
#: the two lists equal).
PLAYBACK_SPEEDS_H_PER_S = (0.1, 0.25, 0.5, 1.0, 2.0, 6.0, 12.0, 24.0, 48.0)
#: A lesson plays its whole run in about this long, s (see :func:`speed_for_run`; js/timescale.ts
#: ``LESSON_PLAYBACK_S``, where a view with no lab picks the speed itself; tests/test_widget.py holds
#: the two equal).
LESSON_PLAYBACK_S = 60.0
#: Log time's knee, h: the scrubber's position is ln(1 + t / knee), and playback moves that position
#: at speed / knee per second (js/timescale.ts ``LOG_KNEE_H``; tests/test_widget.py holds the two equal).
LOG_KNEE_H = 1.0


def play_seconds(hours: float, speed: float, log_time: bool = False) -> float:
    """How long playback takes from the start of a run of ``hours`` to its end at ``speed`` h/s, s.

    Linear time: ``hours / speed``. Log time (js/timescale.ts): the position ln(1 + t / knee) moves at
    speed / knee per second, so ``knee * ln(1 + hours / knee) / speed``: a week at 6 h/s, which plays
    in 28 s in linear time, is over in 0.86 s.
    """
    if log_time:
        return LOG_KNEE_H * math.log1p(hours / LOG_KNEE_H) / speed
    return hours / speed


def speed_for_run(hours: float, log_time: bool = False) -> float:
    """The slowest menu speed that plays a run of ``hours`` within :data:`LESSON_PLAYBACK_S` in the
    time mode given (:func:`play_seconds`): a week at 6 h/s in linear time (28 s), at 0.1 h/s in log
    time (51 s).

    At the default quarter hour per second the two-week course took 22 minutes to play; picked as if
    time were linear, a log-time lesson of 48 h played in 3.9 s.
    """
    return next((s for s in PLAYBACK_SPEEDS_H_PER_S if play_seconds(hours, s, log_time) <= LESSON_PLAYBACK_S), PLAYBACK_SPEEDS_H_PER_S[-1])


_MISSING_BUNDLE_ESM = """
export default { render({ el }) {
  el.textContent = "ketawidget: the front-end bundle is missing; run `npm run build`.";
} };
"""


def _bundle_path() -> pathlib.Path:
    if not _BUNDLE.is_file():
        raise FileNotFoundError(
            f"the front-end bundle {_BUNDLE} is missing; build it with `npm run build` "
            "(or install ketawidget from a wheel, which contains it)"
        )
    return _BUNDLE


#: What every ipywidget takes as a keyword (layout, tabbable, tooltip); not the kernel's plumbing.
_WIDGET_OPTIONS = tuple(
    sorted(name for name in ipywidgets.DOMWidget.class_trait_names() if not name.startswith("_") and name not in ("comm", "keys", "log"))
)


def seek_time(value: object, end_h: float) -> float:
    """A playhead time, h: ``value`` if it is a number from 0, stopped at ``end_h``, the run's end.

    Like a video player's, a seek past the end of the run stops at its end; a negative, infinite or
    non-numeric time raises a ParameterError that says so (as the page refuses one,
    js/playback_traits.ts): an infinite one, with no run to stop it, stayed the playhead.
    """
    past_end = f" (a time past the run's end, {end_h:g} h, stops at the end)" if math.isfinite(end_h) else ""
    return min(check_number("time_h", value, 0.0, LARGEST_FINITE, "h", allowed=f"a number of hours from 0{past_end}"), end_h)


def check_speed(value: object) -> float:
    """A playback speed, h/s: ``value`` if it is a number within :data:`SPEED_RANGE_H_PER_S`; a
    ParameterError that names the range and unit otherwise."""
    return check_number("speed", value, *SPEED_RANGE_H_PER_S, "h/s")


class CheckedTrait(traitlets.TraitType):
    """A trait whose value only its owner's ``@validate`` method checks and converts.

    ``traitlets.Float`` turns ``True`` into 1.0 and refuses ``"12"`` without a range or a unit, and
    ``traitlets.Bool`` takes 1 for True; the diagram's and the lab's validators refuse both with the
    setting's range and unit (``check_number``, ``check_flag``), as everywhere else in the package.
    """

    allow_none = False


#: The run as sent to the browser (docs/wire-format.md): set together by ``SynapseView.trajectory``.
WIRE_TRAITS = (
    "wire_version", "trajectory_time_h", "trajectory_values", "trajectory_channels", "trajectory_units",
    "microscope_time_ms", "microscope_moments_h", "microscope_ketamine_uM", "microscope_values",
    "microscope_channels", "microscope_units",
)
#: What the page may never set (``SynapseView.set_state`` refuses them): the run and what it is.
KERNEL_ONLY_TRAITS = (*WIRE_TRAITS, *RUN_LABEL_TRAITS, "kernel_picks_speed")


class SynapseView(EmbeddableAnyWidget):
    """Animated diagram of a glutamatergic synapse, played back from a model trajectory.

    Parameters
    ----------
    trajectory : Trajectory, optional
        A run from :func:`ketawidget.simulate`. Can be replaced later (``view.trajectory = ...``).
    **kwargs
        Initial values of ``time_h``, ``playing``, ``speed`` (without it, the speed follows the run:
        see ``speed`` below) and ``log_time``, of ``run_description`` and ``run_conditions`` (which
        then replace what the trajectory records), and the options every ipywidget takes (``layout``,
        ``tooltip``, ``tabbable``).

    Raises
    ------
    TypeError
        An unknown keyword (the message suggests the closest names), or a ``trajectory`` that is not
        a Trajectory.
    ParameterError
        A bad time, speed or flag (as the lab's, with the same message), a bad ``run_description`` or
        ``run_conditions`` (an unknown condition id), or a synapse-microscope run (:func:`ketawidget.simulate_synapse`) as the
        trajectory: the view takes the slow run and makes the microscope runs itself.

    Attributes
    ----------
    time_h : float
        Playhead, hours; synced both ways with the browser. A time past the end of the run stops at
        the end; a negative one is refused.
    playing : bool
        Whether playback runs; synced both ways.
    speed : float
        Simulated hours per second of playback, 1/60 to 720. Unless one is given, it follows the run:
        each trajectory assigned (in the constructor or later) picks the slowest menu speed that plays
        it within about a minute in the view's time mode (:func:`speed_for_run`: a week 6 h/s, 12 h
        0.25 h/s), and so does switching ``log_time`` from Python (a week in log time 0.1 h/s), as a
        lab picks its lessons' speeds. A speed given to the constructor, assigned, or chosen in the
        page (its menu, the + and - keys) is kept from then on. The page picks again when the reader
        switches Log time there (``kernel_picks_speed``), and the kernel keeps following then. A
        saved page (:meth:`save_html`, :meth:`to_html`) starts at the speed the view has.
    log_time : bool
        The diagram's time mode: False for linear time, True for log time (the scrubber's position is
        ln(1 + t / 1 h), and playback speeds up as time goes on). Synced both ways: the diagram's
        "Log time" toggle (and its L key) sets it, and setting it switches the diagram.
    microscope_time_ms, microscope_moments_h, microscope_ketamine_uM, microscope_values : bytes
        Synapse-microscope runs (:func:`ketawidget.simulate_synapse` at the conditions of a few
        moments, :func:`microscope_moments`), float32 little-endian; set with the trajectory and
        drawn by the diagram's synapse zoom (docs/wire-format.md). Like the run's own wire traits
        (``trajectory_values`` and the rest of :data:`WIRE_TRAITS`), they refuse to be assigned alone.
    microscope_channels, microscope_units : list of str
        Names and units of the microscope channels, in the order of ``microscope_values``.
    run_description : str
        What the run is, in words: for a run of :func:`ketawidget.simulate` the lab's
        ``run_description()`` ("0.5 mg/kg IV over 40 min with NBQX"), set with each trajectory; for a
        run made by hand its own ``description`` ("" for none). Shown as the title line while the
        diagram presents (none when empty). May be set (a str).
    kernel_picks_speed : bool
        Whether code in the kernel picks the speed again when ``log_time`` changes: True for a
        :class:`~ketawidget.KetamineLab`'s diagram (the lab does, and the view then picks none of its
        own, not for a new run either). False for a view on its own and in a saved page: the view then
        picks it itself when the time mode is switched in the page, as the lab would
        (:func:`speed_for_run`), while the speed is still the one picked for the mode left and the user
        has not chosen one there. Set by the kernel only.
    run_conditions : list of str
        The conditions the run was given besides its dose, by their ``Params`` names: the yes/no
        parameters that are on (``["nbqx"]``, ``["chronic_stress"]``; ``[]`` for none, and for a run
        that records no parameters). Set with each trajectory; the story's captions name them. May
        be set: each id one of ``kw.model.parameters.CONDITIONS``, at most once (a ParameterError
        names the trait and the allowed ids otherwise, and nothing changes); kept in that list's order.
    """

    # anywidget reads (and, in development, watches) the built files. Without a bundle the class must
    # still import, so the front end then shows why it cannot draw instead of an empty cell. Both stay
    # in a state read without defaults (EmbeddableAnyWidget), so ipywidgets' embed functions keep them.
    _esm = _BUNDLE if _BUNDLE.is_file() else _MISSING_BUNDLE_ESM
    _css = _STYLES if _STYLES.is_file() else ""

    wire_version = traitlets.Int(WIRE_VERSION).tag(sync=True)
    trajectory_time_h = traitlets.Bytes(b"").tag(sync=True)
    trajectory_values = traitlets.Bytes(b"").tag(sync=True)
    trajectory_channels = traitlets.List(traitlets.Unicode()).tag(sync=True)
    trajectory_units = traitlets.List(traitlets.Unicode()).tag(sync=True)

    microscope_time_ms = traitlets.Bytes(b"").tag(sync=True)
    microscope_moments_h = traitlets.Bytes(b"").tag(sync=True)
    microscope_ketamine_uM = traitlets.Bytes(b"").tag(sync=True)
    microscope_values = traitlets.Bytes(b"").tag(sync=True)
    microscope_channels = traitlets.List(traitlets.Unicode()).tag(sync=True)
    microscope_units = traitlets.List(traitlets.Unicode()).tag(sync=True)

    # Checked by the validators below, as the lab's own playback settings are (the same checks).
    time_h = CheckedTrait(0.0).tag(sync=True)
    playing = CheckedTrait(False).tag(sync=True)
    speed = CheckedTrait(DEFAULT_SPEED_H_PER_S).tag(sync=True)
    log_time = CheckedTrait(False).tag(sync=True)
    kernel_picks_speed = traitlets.Bool(False).tag(sync=True)

    # What the run is (checked by _valid_run_label): set with the trajectory, from what it records.
    run_description = CheckedTrait("").tag(sync=True)
    run_conditions = CheckedTrait().tag(sync=True)  # a new empty list per view (_no_conditions)

    def __init__(self, trajectory: Trajectory | None = None, **kwargs: Any) -> None:
        # traitlets would keep a misspelt name as a plain attribute nothing reads: refuse it. The
        # playback settings and the options every ipywidget takes (an author's layout=, tooltip=).
        refuse_unknown_arguments("SynapseView", kwargs, ("trajectory", *PLAYBACK_TRAITS, "log_time", *RUN_LABEL_TRAITS, *_WIDGET_OPTIONS))
        _bundle_path()  # fail loudly here rather than show an empty cell
        self._trajectory: Trajectory | None = None
        # At the default quarter hour a second a week took 11 minutes to play: until a speed is given,
        # each run (and time mode set from Python) picks one that plays it in about a minute (_run_speed).
        self._speed_follows_run = "speed" not in kwargs
        self._picking_speed = False
        # Given with the run, they say more than the run records: set after it, which would replace them.
        label = {name: kwargs.pop(name) for name in RUN_LABEL_TRAITS if name in kwargs}
        super().__init__(**kwargs)
        if trajectory is not None:
            self.trajectory = trajectory
        for name, value in label.items():
            setattr(self, name, value)

    def __setattr__(self, name: str, value: Any) -> None:
        # The run as sent is set with the trajectory (set_trait, below), never alone: it would show the
        # browser another run than view.trajectory, or none it can read.
        if name in WIRE_TRAITS:
            raise AttributeError(
                f"view.{name} is part of the run sent to the browser (docs/wire-format.md): "
                "assign view.trajectory = kw.simulate(...) to show another run"
            )
        super().__setattr__(name, value)

    @property
    def trajectory(self) -> Trajectory | None:
        """The trajectory shown; assigning one sends it to the browser (the playhead time is kept).

        Assigning also runs the synapse microscope at a few of its moments
        (:func:`microscope_moments`, ~17 ms for 14 runs) and sends those runs with it, so the
        diagram's synapse zoom works without a kernel (a saved notebook, an exported page); and sets
        ``run_description`` and ``run_conditions`` from what the run records (its dose in words and
        its parameters), in the same message.
        """
        return self._trajectory

    @trajectory.setter
    def trajectory(self, trajectory: Trajectory) -> None:
        refuse_microscope_run(trajectory)
        if not isinstance(trajectory, Trajectory):
            raise TypeError(f"trajectory must be a ketawidget.Trajectory; got {type(trajectory).__name__}")
        state = encode_trajectory(trajectory)
        # Computed once here, not on demand: a saved notebook or exported page has no kernel to ask.
        # A run without the channels that set a synapse's conditions (one built by hand) ships no
        # microscope runs: its synapse zoom says it has no data, as for an absent channel.
        has_conditions = set(MICROSCOPE_CONDITION_CHANNELS) <= set(trajectory.channels)
        moments = microscope_moments(trajectory) if has_conditions else np.zeros(0)
        runs = (simulate_synapse(**synapse_conditions(trajectory, float(t))) for t in moments)  # one at a time
        state.update(encode_microscope(moments, runs))
        # What the run is goes with it, in the same message: the story never reads one run's numbers
        # with another's conditions.
        state["run_description"], state["run_conditions"] = run_label(trajectory)
        state["time_h"] = min(max(self.time_h, 0.0), float(trajectory.time_h[-1]))
        if self._picks_speed():
            state["speed"] = self._run_speed(trajectory, self.log_time)
        # Every value is checked before any is set: a value refused halfway would leave the view
        # showing part of the new run with the rest of the old one, and view.trajectory not what
        # the browser has. (_validate runs each trait's own check and its @validate method.)
        traits = self.traits()
        checked = {name: traits[name]._validate(self, value) for name, value in state.items()}
        self._trajectory = trajectory
        with self.hold_sync(), self._speed_picked():
            for name, value in checked.items():  # wire_version first: the browser reads the rest by it
                self.set_trait(name, value)

    def _picks_speed(self) -> bool:
        """Whether the view picks its speed for its run: none was given, and no lab picks it."""
        return self._speed_follows_run and not self.kernel_picks_speed

    @staticmethod
    def _run_speed(trajectory: Trajectory, log_time: bool) -> float:
        """The speed that plays ``trajectory`` in about a minute in the time mode (as the page's
        ``speedForRun`` reads its length: end less start)."""
        return speed_for_run(float(trajectory.time_h[-1] - trajectory.time_h[0]), log_time)

    @contextlib.contextmanager
    def _speed_picked(self) -> Iterator[None]:
        """Speeds set inside are the view's own pick, not a speed given (see _on_speed)."""
        self._picking_speed = True
        try:
            yield
        finally:
            self._picking_speed = False

    @traitlets.observe("speed")
    def _on_speed(self, _change: dict[str, Any]) -> None:
        # A speed set by code (an assignment, a link) is given: kept for later runs. The page's are
        # sorted out in set_state, which knows what came with them.
        if not self._picking_speed and not getattr(self, "_applying_browser_state", False):
            self._speed_follows_run = False

    @traitlets.observe("log_time")
    def _on_log_time(self, change: dict[str, Any]) -> None:
        # Switched from Python, the run's speed follows the time mode (a week: 6 h/s linear plays in
        # 0.9 s in log time). Switched in the page, the page picks it itself (kernel_sync.ts pickSpeedFor):
        # the kernel picking too would race it.
        if getattr(self, "_applying_browser_state", False) or self._trajectory is None or not self._picks_speed():
            return
        with self._speed_picked():
            self.speed = self._run_speed(self._trajectory, change["new"])

    def to_html(self, title: str | None = None) -> str:
        """This diagram as one self-contained HTML page, with no kernel and no internet needed.

        Parameters
        ----------
        title : str, optional
            The page's title; by default "Ketamine at the synapse: " and the run in words (``run_description``).

        Returns
        -------
        str
            The page (see :func:`ketawidget.export.to_html`, which raises its errors).
        """
        # Imported here: ketawidget/export.py imports this module.
        from .. import export

        return export.to_html(self, title=title)

    def save_html(self, path: str | os.PathLike[str], *, title: str | None = None) -> pathlib.Path:
        """Save this diagram as one HTML file that plays in any browser, with no kernel and no internet.

        The page keeps the diagram as it is now (run, playhead, speed, time mode) and does in the
        browser alone what it does in a notebook: playback, the synapse zoom, the story, the layers,
        presenting. What needs Python does not work there: re-simulating. It has no charts (a lab's
        page, :meth:`KetamineLab.save_html`, has the lab's time-series charts below its diagram).

        Parameters
        ----------
        path : str or os.PathLike
            The file to write, in a directory that exists; a file already there is replaced.
        title : str, optional
            The page's title; by default "Ketamine at the synapse: " and the run in words (``run_description``).

        Returns
        -------
        pathlib.Path
            ``path``.

        Raises
        ------
        TypeError, ValueError, OSError
            A bad ``path`` or ``title``, a view with no run, or a place the file cannot be written
            (FileNotFoundError and the other OSErrors); the message names which (see
            :func:`ketawidget.export.save_html`). Nothing is written then.
        """
        from .. import export

        return export.save_html(self, path, title=title)

    def set_state(self, sync_data: dict[str, Any]) -> None:
        # Changes the browser sends are applied here; remember that, so that only changes made by
        # Python code are announced to the browser (see _announce_playback).
        # A value the kernel refuses (a jslinked slider beyond the speed range) must not take the
        # values sent with it down too, nor leave the page believing it: the rest is applied, the
        # kernel's own value goes back to the page, and the refusal is raised (the kernel logs it).
        # The run and what it is are the kernel's to send, never the page's (it never sends them): one
        # sent anyway would make view.trajectory and the page disagree, and a saved page unreadable.
        refused = {
            name: ParameterError(
                f"{name} is set by the kernel with each run (docs/wire-format.md), not by the page; "
                "refused, and the kernel's value sent back"
            )
            for name in sync_data
            if name in KERNEL_ONLY_TRAITS
        }
        for name, check in self._browser_checks().items():
            if name in sync_data:
                try:
                    check(sync_data[name])
                except ParameterError as err:
                    refused[name] = err
        self._applying_browser_state = True
        try:
            super().set_state({k: v for k, v in sync_data.items() if k not in refused})
        finally:
            self._applying_browser_state = False
        if "speed" in sync_data and "speed" not in refused and not self._page_picked_speed(sync_data):
            self._speed_follows_run = False  # chosen by the reader in the page: theirs to keep
        if refused:
            self.send_state(list(refused))
            raise next(iter(refused.values()))

    def _page_picked_speed(self, sync_data: dict[str, Any]) -> bool:
        """Whether the speed in ``sync_data`` is the page's own pick: sent with a switch of Log time, the
        speed for the run in the new mode (kernel_sync.ts pickSpeedFor, one save with the switch)."""
        return "log_time" in sync_data and self._trajectory is not None and self.speed == self._run_speed(self._trajectory, self.log_time)

    def _browser_checks(self) -> dict[str, Any]:
        """The checks of the playback traits the page may set (the validators below)."""
        trajectory = getattr(self, "_trajectory", None)
        end = float(trajectory.time_h[-1]) if trajectory is not None and trajectory.time_h.size else math.inf
        return {
            "time_h": lambda v: seek_time(v, end),
            "speed": check_speed,
            "playing": lambda v: check_flag("playing", v),
            "log_time": lambda v: check_flag("log_time", v),
        }

    @traitlets.observe("time_h", "playing")
    def _announce_playback(self, change: dict[str, Any]) -> None:
        # During playback the browser writes time_h while Python may set it at any moment; a plain
        # trait update can lose that race, so changes made by Python code are also sent as ordered
        # custom messages that the browser always obeys (docs/wire-format.md).
        if getattr(self, "_applying_browser_state", False):
            return
        if change["name"] == "time_h":
            self.send({"type": "seek", "time_h": change["new"], "playing": self.playing})
        else:
            self.send({"type": "play", "playing": change["new"]})

    @traitlets.validate("time_h", "speed", "playing", "log_time")
    def _valid_playback(self, proposal: dict[str, Any]) -> Any:
        return self._browser_checks()[proposal["trait"].name](proposal["value"])

    @traitlets.default("run_conditions")
    def _no_conditions(self) -> list[str]:
        return []

    @traitlets.validate("run_description", "run_conditions")
    def _valid_run_label(self, proposal: dict[str, Any]) -> Any:
        check = check_run_description if proposal["trait"].name == "run_description" else check_run_conditions
        return check(proposal["value"])
