"""The wire format: a Trajectory and its microscope runs as the traits the front end decodes.

Float32, little-endian, channel-major bytes: compact (the default 12-h run, 15 channels at 508 times, is ~32 kB), binary
(sent as a buffer, not as JSON numbers), and still playable from a saved notebook with no kernel.
The layout is written down in ``docs/wire-format.md``; ``js/wire.ts`` and ``js/microscope.ts`` read it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from ..model.errors import ParameterError
from ..model.synapse import SynapseTrajectory
from ..model.trajectory import Trajectory

__all__ = [
    "WIRE_VERSION",
    "MICROSCOPE_CHANNELS",
    "microscope_time_grid_ms",
    "encode_trajectory",
    "decode_trajectory",
    "encode_microscope",
    "decode_microscope",
]

#: Version 2 added the microscope traits, version 3 what the run is (``run_description`` and
#: ``run_conditions``, set by ``SynapseView``); the trajectory layout is unchanged from version 1.
WIRE_VERSION = 3
_FLOAT32_LE = np.dtype("<f4")

#: The microscope channels the synapse zoom draws, in wire order. Only these are shipped: the others
#: (``nmda_conducting``, ``nmda_ketamine_trapped``) are not drawn, and every byte is in saved notebooks.
MICROSCOPE_CHANNELS = (
    "cleft_glutamate_mM",
    "ampa_open",
    "nmda_open",
    "nmda_ketamine_bound",
    "nmda_mg_unblocked",
    "v_mV",
    "i_ampa_pA",
    "i_nmda_pA",
    "ca_influx",
)


def microscope_time_grid_ms(duration_ms: float = 300.0, onset_ms: float = 5.0, n_after: int = 130) -> np.ndarray:
    """The shared time grid of shipped microscope runs, ms.

    Coarse (1 ms) before the release at ``onset_ms``, with one sample 0.05 ms before it so that linear
    interpolation does not ramp glutamate up before the release; then geometric in the time since
    release (0.05 ms steps at first, ~15 ms at the end): the AMPA peak (~1 ms after release) and the
    NMDA decay (~100 ms) both keep their shape with ~135 samples instead of the solver's 12 001.
    """
    coarse = np.arange(0.0, onset_ms - 0.05, 1.0)
    before = np.append(coarse, onset_ms - 0.05) if onset_ms > 0.05 else coarse
    after = onset_ms + np.concatenate([[0.0], np.geomspace(0.05, duration_ms - onset_ms, n_after - 1)])
    return np.concatenate([before, after])


def encode_trajectory(trajectory: Trajectory, channels: tuple[str, ...] | None = None) -> dict[str, Any]:
    """Trait values carrying ``trajectory`` (all channels, or the ones named) to the front end."""
    names = trajectory.channels if channels is None else tuple(channels)
    values = np.stack([trajectory[name] for name in names]) if names else np.zeros((0, trajectory.time_h.size))
    time_h = np.ascontiguousarray(trajectory.time_h, dtype=_FLOAT32_LE)
    # float32 keeps about seven digits: samples closer than that (two doses a fraction of a second
    # apart, hundreds of hours in) would arrive at the same time, which the front end rightly
    # refuses. The first of each such group is sent; the others are under a second away.
    distinct = np.ones(time_h.size, dtype=bool)
    distinct[1:] = time_h[1:] > time_h[:-1]
    if not distinct.all():
        time_h, values = time_h[distinct], values[:, distinct]
    return {
        "wire_version": WIRE_VERSION,
        "trajectory_time_h": time_h.tobytes(),
        "trajectory_values": np.ascontiguousarray(values, dtype=_FLOAT32_LE).tobytes(),
        "trajectory_channels": list(names),
        "trajectory_units": [trajectory.units[name] for name in names],
    }


def decode_trajectory(state: dict[str, Any]) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Inverse of :func:`encode_trajectory` (float32 precision); for tests and tools."""
    if state["wire_version"] != WIRE_VERSION:
        raise ValueError(f"wire_version {state['wire_version']} is not {WIRE_VERSION}")
    time_h = np.frombuffer(state["trajectory_time_h"], dtype=_FLOAT32_LE)
    names = state["trajectory_channels"]
    values = np.frombuffer(state["trajectory_values"], dtype=_FLOAT32_LE)
    if values.size != len(names) * time_h.size:
        raise ValueError(f"{values.size} values for {len(names)} channels x {time_h.size} samples")
    rows = values.reshape(len(names), time_h.size) if names else values.reshape(0, time_h.size)
    return time_h, {name: rows[k] for k, name in enumerate(names)}


def encode_microscope(
    moments_h: Sequence[float],
    runs: Iterable[SynapseTrajectory],
    grid_ms: np.ndarray | None = None,
) -> dict[str, Any]:
    """Trait values carrying microscope runs, one per moment of the slow trajectory.

    Parameters
    ----------
    moments_h : sequence of float
        The moment of the slow trajectory each run was taken at, hours, strictly increasing.
    runs : iterable of SynapseTrajectory
        One :func:`ketawidget.simulate_synapse` run per moment, all the same length. Read once, in
        order, and resampled as it comes: given a generator, only one full run (~1 MB) is held at a
        time (holding all 14 at once made computing them twice as slow, from fresh memory pages).
    grid_ms : numpy.ndarray, optional
        Times to resample each run at, ms (default :func:`microscope_time_grid_ms`).

    Returns
    -------
    dict
        ``microscope_time_ms`` (float32 LE, ``m`` samples), ``microscope_moments_h`` and
        ``microscope_ketamine_uM`` (float32 LE, one per run), ``microscope_values`` (float32 LE,
        run-major then channel-major: run ``r``, channel ``k`` is ``(r*C + k)*m ..``),
        ``microscope_channels`` and ``microscope_units``.

    Raises
    ------
    ParameterError
        If ``moments_h`` and ``runs`` differ in length or the moments are not increasing.
    """
    moments = np.asarray(moments_h, dtype=float)
    if moments.size > 1 and not np.all(np.diff(moments) > 0):
        raise ParameterError("moments_h must be strictly increasing hours")
    grid = microscope_time_grid_ms() if grid_ms is None else np.asarray(grid_ms, dtype=float)
    names: list[str] = []
    units: list[str] = []
    ketamine: list[float] = []
    rows: list[np.ndarray] = []
    for count, run in enumerate(runs):
        if count == 0:
            names = [name for name in MICROSCOPE_CHANNELS if name in run.channels]
            units = [run.units[name] for name in names]
        rows.extend(np.interp(grid, run.time_ms, run[name]) for name in names)
        if "ketamine_uM" not in run.params:  # the front end refuses a NaN: say what is missing here
            raise ParameterError(f"runs[{count}] does not say its ketamine_uM (a run from kw.simulate_synapse does)")
        ketamine.append(float(run.params["ketamine_uM"]))
    if len(ketamine) != moments.size:
        raise ParameterError(f"moments_h has {moments.size} entries but runs has {len(ketamine)}; one run per moment")
    values = np.stack(rows) if rows else np.zeros((0, grid.size))
    return {
        "microscope_time_ms": np.ascontiguousarray(grid, dtype=_FLOAT32_LE).tobytes(),
        "microscope_moments_h": np.ascontiguousarray(moments, dtype=_FLOAT32_LE).tobytes(),
        "microscope_ketamine_uM": np.ascontiguousarray(ketamine, dtype=_FLOAT32_LE).tobytes(),
        "microscope_values": np.ascontiguousarray(values, dtype=_FLOAT32_LE).tobytes(),
        "microscope_channels": names,
        "microscope_units": units,
    }


def decode_microscope(state: dict[str, Any]) -> tuple[np.ndarray, np.ndarray, list[dict[str, np.ndarray]]]:
    """Inverse of :func:`encode_microscope`: ``(time_ms, moments_h, [ {channel: values} per run ])``."""
    time_ms = np.frombuffer(state["microscope_time_ms"], dtype=_FLOAT32_LE)
    moments = np.frombuffer(state["microscope_moments_h"], dtype=_FLOAT32_LE)
    names = state["microscope_channels"]
    values = np.frombuffer(state["microscope_values"], dtype=_FLOAT32_LE)
    expected = moments.size * len(names) * time_ms.size
    if values.size != expected:
        raise ValueError(f"{values.size} values for {moments.size} runs x {len(names)} channels x {time_ms.size} samples")
    rows = values.reshape(moments.size, len(names), time_ms.size)
    return time_ms, moments, [{name: rows[r, k] for k, name in enumerate(names)} for r in range(moments.size)]
