"""Speed benchmarks of the model, written as JSON to benchmarks/results/model.json.

* start-up: a fresh ``python -c "import ketawidget; ketawidget.simulate(...)"`` to its result, with
  the numba cache cold (empty cache directory: every function compiles) and warm (cache filled);
* warm ``simulate`` against ``kw.model.reference.simulate`` (scipy Radau), same protocol, same run,
  as a ratio.

Run with ``make benchmark``. Timings are medians; the machine is recorded beside them.
"""

from __future__ import annotations

import json
import os
import pathlib
import platform
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

HERE = pathlib.Path(__file__).resolve().parent
OUT = HERE / "results" / "model.json"
SNIPPET = "import ketawidget; ketawidget.simulate(ketawidget.Infusion(0.5, 40), hours=168)"


def fresh_process_seconds(cache_dir: str) -> float:
    env = dict(os.environ, NUMBA_CACHE_DIR=cache_dir)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", SNIPPET], check=True, env=env)
    return time.perf_counter() - start


def median_seconds(fn, repeat: int, number: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        samples.append((time.perf_counter() - start) / number)
    return statistics.median(samples)


def main() -> dict:
    with tempfile.TemporaryDirectory() as cache:
        cold = fresh_process_seconds(cache)
        warm = statistics.median(fresh_process_seconds(cache) for _ in range(5))

    import ketawidget as kw

    dose, params = kw.Infusion(0.5, 40), kw.Params()
    fast = kw.simulate(dose, params=params, hours=168)  # compile or load from cache
    ref = kw.model.reference.simulate(dose, params=params, hours=168)
    error = max(float(np.max(np.abs(fast[c] - ref[c])) / np.max(np.abs(ref[c]))) for c in fast.channels)
    t_fast = median_seconds(lambda: kw.simulate(dose, params=params, hours=168), repeat=7, number=50)
    t_ref = median_seconds(lambda: kw.model.reference.simulate(dose, params=params, hours=168), repeat=5, number=1)
    result = {
        "protocol": "0.5 mg/kg IV over 40 min, 168 h, default Params",
        "samples": int(fast.time_h.size),
        "startup_cold_cache_s": round(cold, 3),
        "startup_warm_cache_s": round(warm, 3),
        "simulate_warm_ms": round(t_fast * 1e3, 4),
        "reference_simulate_ms": round(t_ref * 1e3, 2),
        "speedup_vs_reference": round(t_ref / t_fast, 1),
        "max_relative_difference_vs_reference": error,
        "machine": {
            "python": platform.python_version(),
            "processor": platform.machine(),
            "cpus": os.cpu_count(),
            "numba": __import__("numba").__version__,
            "scipy": __import__("scipy").__version__,
        },
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2) + "\n")
    return result


if __name__ == "__main__":
    print(json.dumps(main(), indent=2))
