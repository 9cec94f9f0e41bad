"""What every benchmark records beside its numbers, and how it writes them."""

from __future__ import annotations

import json
import os
import pathlib
import platform
import time


def machine(*packages: str) -> dict:
    """The machine and the versions of ``packages`` the numbers were measured with."""
    info = {"python": platform.python_version(), "processor": platform.machine(), "cpus": os.cpu_count()}
    info.update({name: __import__(name).__version__ for name in packages})
    return info


def write(out: pathlib.Path, result: dict) -> dict:
    """Stamp ``result`` with the time and write it as JSON to ``out``."""
    result["measured_at"] = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    return result


def percentile(values: list[float], q: float) -> float:
    """Linear-interpolated percentile, q in [0, 100]; NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * q / 100.0
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)
