"""The wire format: a Trajectory as the traits the front end decodes (docs/wire-format.md).

Float32, little-endian, channel-major bytes: compact (a week of four channels is ~30 kB), binary
(sent as a buffer, not as JSON numbers), and still playable from a saved notebook with no kernel.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..model.trajectory import Trajectory

__all__ = ["WIRE_VERSION", "encode_trajectory", "decode_trajectory"]

WIRE_VERSION = 1
_FLOAT32_LE = np.dtype("<f4")


def encode_trajectory(trajectory: Trajectory, channels: tuple[str, ...] | None = None) -> dict[str, Any]:
    """Trait values carrying ``trajectory`` (all channels, or the ones named) to the front end."""
    names = trajectory.channels if channels is None else tuple(channels)
    values = np.stack([trajectory[name] for name in names]) if names else np.zeros((0, trajectory.time_h.size))
    return {
        "wire_version": WIRE_VERSION,
        "trajectory_time_h": np.ascontiguousarray(trajectory.time_h, dtype=_FLOAT32_LE).tobytes(),
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
