"""Speed of the synapse microscope, written as JSON to benchmarks/results/synapse.json.

* warm: ``kw.simulate_synapse`` for the default 300 ms run (one 1 mM x 1 ms pulse, free-running
  spine), deterministic and stochastic (a new seed each call), with and without ketamine, and
  clamped; medians of 7 repeats of 50 calls;
* diagram update: what assigning a week's trajectory to the diagram costs in Python (``SynapseView``:
  the microscope moments, their 14 runs, resampled for the wire), as on every re-simulation of
  the lab; median of 7 repeats of 10;
* compile: the first call in a fresh process, with the numba cache cold (``NUMBA_CACHE_DIR`` an
  empty temporary directory, so every function compiles) and with the cache filled by that run.

Run with ``python benchmarks/synapse.py``. The target is <= 1 ms warm for the deterministic run.
"""

from __future__ import annotations

import itertools
import json
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

from _common import machine, write

HERE = pathlib.Path(__file__).resolve().parent
OUT = HERE / "results" / "synapse.json"

# Import first, then time only the first calls: import cost is the start-up benchmark's business.
FIRST_CALL = """
import json, time
import ketawidget as kw
t0 = time.perf_counter(); kw.simulate_synapse(); t1 = time.perf_counter()
kw.simulate_synapse(stochastic=True); t2 = time.perf_counter()
print(json.dumps({"deterministic_s": t1 - t0, "then_stochastic_s": t2 - t1}))
"""


def first_call_seconds(cache_dir: str) -> dict[str, float]:
    env = dict(os.environ, NUMBA_CACHE_DIR=cache_dir)
    done = subprocess.run([sys.executable, "-c", FIRST_CALL], check=True, env=env, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def median_ms(fn, repeat: int = 7, number: int = 50) -> float:
    fn()  # compile or load from cache
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        samples.append((time.perf_counter() - start) / number)
    return statistics.median(samples) * 1e3


def main() -> dict:
    with tempfile.TemporaryDirectory() as cache:
        cold = first_call_seconds(cache)
        cached = [first_call_seconds(cache) for _ in range(3)]

    import ketawidget as kw

    syn = kw.simulate_synapse()
    seeds = itertools.count()  # a stochastic run's cost depends on how long its channels stay open
    warm = {
        "deterministic_ms": median_ms(lambda: kw.simulate_synapse()),
        "stochastic_ms": median_ms(lambda: kw.simulate_synapse(stochastic=True, seed=next(seeds))),
        "deterministic_ketamine_1uM_ms": median_ms(lambda: kw.simulate_synapse(ketamine_uM=1.0)),
        "stochastic_ketamine_1uM_ms": median_ms(
            lambda: kw.simulate_synapse(ketamine_uM=1.0, stochastic=True, seed=next(seeds))
        ),
        "deterministic_clamped_ms": median_ms(lambda: kw.simulate_synapse(v_clamp_mV=-70.0)),
    }
    from ketawidget.widget.synapse_view import SynapseView

    week = kw.simulate(kw.Infusion(0.5, 40), hours=168)
    view = SynapseView(week)
    moments = kw.model.microscope_moments(week)
    diagram = {
        "microscope_moments_ms": median_ms(lambda: kw.model.microscope_moments(week), number=10),
        "trajectory_assigned_ms": median_ms(lambda: setattr(view, "trajectory", week), number=10),
        "runs": int(moments.size),
    }
    result = {
        "protocol": "kw.simulate_synapse() defaults: 300 ms, one 1 mM x 1 ms pulse, unclamped spine, dt 0.025 ms",
        "samples": int(syn.time_ms.size),
        "warm_median": {k: round(v, 4) for k, v in warm.items()},
        "target_deterministic_ms": 1.0,
        "diagram_update_week_after_infusion": {k: round(v, 3) if isinstance(v, float) else v for k, v in diagram.items()},
        "first_call_cold_cache_s": {k: round(v, 3) for k, v in cold.items()},
        "first_call_cached_s": {
            k: round(statistics.median(c[k] for c in cached), 4) for k in ("deterministic_s", "then_stochastic_s")
        },
        "machine": machine("numba", "numpy"),
    }
    return write(OUT, result)


if __name__ == "__main__":
    print(json.dumps(main(), indent=2))
