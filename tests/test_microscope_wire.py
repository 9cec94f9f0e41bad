"""The synapse zoom's data: microscope runs shipped with the trajectory (docs/wire-format.md)."""

import re
import weakref
from pathlib import Path

import numpy as np
import pytest

import ketawidget as kw
from ketawidget.model.errors import ParameterError
from ketawidget.model.synapse import synapse_conditions
from ketawidget.widget._wire import (
    MICROSCOPE_CHANNELS,
    decode_microscope,
    encode_microscope,
    microscope_time_grid_ms,
)
from ketawidget.widget.synapse_view import (
    MAX_MICROSCOPE_MOMENTS,
    SynapseView,
    microscope_moments,
)

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def week():
    return kw.simulate(kw.Infusion(0.5, 40), hours=168)


def test_moments_cover_baseline_and_the_brain_ketamine_peak(week):
    moments = microscope_moments(week)
    assert 8 <= moments.size <= MAX_MICROSCOPE_MOMENTS
    assert moments[0] == week.time_h[0]
    assert np.all(np.diff(moments) > 0)
    assert set(moments) <= set(week.time_h)
    peak = week.time_h[np.argmax(week["ketamine_brain_uM"])]
    assert peak in moments
    levels = np.interp(moments, week.time_h, week["ketamine_brain_uM"])
    top = levels.max()
    # Spread over the range: something below a quarter of the peak on the way up and on the way down.
    rising, falling = levels[moments < peak], levels[moments > peak]
    assert np.any((rising > 0) & (rising < 0.25 * top)) and np.any(falling < 0.25 * top)


def test_a_drug_free_run_needs_one_moment():
    moments = microscope_moments(kw.simulate(kw.NoDrug(), hours=24))
    assert moments.tolist() == [0.0]


def _greedy_moments_in_python(trajectory, max_moments):
    """The rule microscope_moments documents, as plain Python (its first implementation): the
    compiled one must pick the very same samples."""
    names = ("ketamine_brain_uM", "nmda_block_pyramidal")
    scaled = [(trajectory[n] - trajectory[n][0]) / np.ptp(trajectory[n]) if np.ptp(trajectory[n]) > 0 else 0 * trajectory[n] for n in names]
    rows = list(zip(*(c.tolist() for c in scaled)))
    peak = int(np.argmax(trajectory["ketamine_brain_uM"]))

    def pick(step):
        kept, last = [0], rows[0]
        for i in range(1, len(rows)):
            if i == peak or any(abs(a - b) > step for a, b in zip(rows[i], last)):
                kept.append(i)
                last = rows[i]
        return kept

    low, high, best = 0.0, 1.0, pick(1.0)
    for _ in range(16):
        middle = (low + high) / 2
        kept = pick(middle)
        if len(kept) <= max_moments:
            best, high = kept, middle
        else:
            low = middle
    return trajectory.time_h[best[:max_moments]]


@pytest.mark.parametrize("max_moments", [1, 2, 5, 14, 40])
def test_moments_follow_the_documented_greedy_rule(max_moments):
    course = kw.simulate(kw.Schedule([(h, kw.Infusion()) for h in (0, 48, 96, 168)]), hours=240)
    rat = kw.simulate(kw.Bolus(10, route="ip"), kw.Params(species="rat"), hours=24)
    for trajectory in (course, rat):
        expected = _greedy_moments_in_python(trajectory, max_moments)
        np.testing.assert_array_equal(microscope_moments(trajectory, max_moments), expected)


@pytest.mark.parametrize("bad", [0, 101, 2.5, True, "4"])
def test_moments_reject_a_bad_count(week, bad):
    with pytest.raises(ParameterError, match=r"max_moments must be a whole number from 1 to 100"):
        microscope_moments(week, bad)


def test_view_ships_runs_at_those_moments_matching_simulate_synapse(week):
    view = SynapseView(week)
    time_ms, moments, runs = decode_microscope(view.get_state())
    np.testing.assert_allclose(moments, microscope_moments(week), rtol=1e-6)
    np.testing.assert_array_equal(time_ms, microscope_time_grid_ms().astype("<f4"))
    assert view.microscope_channels == list(MICROSCOPE_CHANNELS)
    assert view.microscope_units[view.microscope_channels.index("v_mV")] == "mV"
    ketamine = np.frombuffer(view.microscope_ketamine_uM, dtype="<f4")
    k = int(np.argmax(ketamine))
    reference = kw.simulate_synapse(**synapse_conditions(week, float(moments[k])))
    for name in MICROSCOPE_CHANNELS:
        expected = np.interp(time_ms, reference.time_ms, reference[name])
        np.testing.assert_allclose(runs[k][name], expected, rtol=1e-5, atol=1e-6, err_msg=name)
    assert ketamine[k] == pytest.approx(week.at(float(moments[k]))["ketamine_brain_uM"], rel=1e-5)
    # The runs keep the AMPA event: its peak survives the downsampling (docs/science-checks.md check 5:
    # 0.5-0.7).
    assert 0.5 <= runs[0]["ampa_open"].max() <= 0.7
    # Small enough for a saved notebook.
    assert len(view.microscope_values) < 100_000


def test_view_runs_the_microscope_with_the_trajectorys_params():
    """A run made with the fastest on-rate ships microscope runs made with it too, not with the
    default (the diagram once zoomed into every run with the default receptor constants)."""
    params = kw.Params(ketamine_on_rate_per_uM_min=1000.0)
    run = kw.simulate(kw.Infusion(0.5, 40), params=params, hours=2)
    time_ms, moments, runs = decode_microscope(SynapseView(run).get_state())
    k = int(np.argmax([r["nmda_ketamine_bound"][-1] for r in runs]))
    conditions = synapse_conditions(run, float(moments[k]))
    for constants, close in ((params, True), (kw.Params(), False)):
        reference = kw.simulate_synapse(**{**conditions, "params": constants})
        expected = np.interp(time_ms, reference.time_ms, reference["nmda_ketamine_bound"])
        assert np.allclose(runs[k]["nmda_ketamine_bound"], expected, rtol=1e-5, atol=1e-6) is close


def test_new_trajectory_replaces_the_runs(week):
    view = SynapseView(week)
    before = view.microscope_values
    view.trajectory = kw.simulate(kw.NoDrug(), hours=12)
    assert view.microscope_values != before
    assert np.frombuffer(view.microscope_moments_h, dtype="<f4").tolist() == [0.0]


def test_encode_microscope_checks_its_input(week):
    run = kw.simulate_synapse()
    with pytest.raises(ParameterError, match="one run per moment"):
        encode_microscope([0.0, 1.0], [run])
    with pytest.raises(ParameterError, match="strictly increasing"):
        encode_microscope([1.0, 0.0], [run, run])
    empty = encode_microscope([], [])
    assert empty["microscope_values"] == b"" and empty["microscope_channels"] == []
    # A run that does not say its ketamine level would send a NaN, which the front end refuses.
    anonymous = type(run)(run.time_ms, {name: run[name] for name in run.channels}, run.units, params={})
    with pytest.raises(ParameterError, match=r"runs\[0\] does not say its ketamine_uM"):
        encode_microscope([0.0], [anonymous])


def test_encode_microscope_reads_runs_one_at_a_time(week):
    moments = microscope_moments(week, 4)
    conditions = [synapse_conditions(week, float(t)) for t in moments]
    from_list = encode_microscope(moments, [kw.simulate_synapse(**c) for c in conditions])
    alive = [0]
    most_alive = []

    def runs():
        for c in conditions:
            run = kw.simulate_synapse(**c)
            alive[0] += 1
            weakref.finalize(run, lambda: alive.__setitem__(0, alive[0] - 1))
            most_alive.append(alive[0])
            yield run
            del run

    from_generator = encode_microscope(moments, runs())
    assert from_generator == from_list
    # The new run and, still in the encoder's hands, the one before: never all four at once.
    assert max(most_alive) <= 2


def test_time_grid_is_fine_after_release_and_spans_the_run():
    grid = microscope_time_grid_ms()
    assert grid[0] == 0 and grid[-1] == pytest.approx(300)
    assert np.all(np.diff(grid) > 0)
    after = grid[grid >= 5]
    assert np.diff(after)[:20].max() < 0.2  # the 1 ms pulse and AMPA rise are resolved
    # Nothing is released before the onset, also between samples.
    assert grid[grid < 5].max() == pytest.approx(4.95)
    assert grid.size < 160


def test_front_end_draws_the_channels_python_ships():
    source = (ROOT / "js" / "microscope.ts").read_text()
    block = re.search(r"export const MICROSCOPE_CHANNELS = \[(.*?)\] as const;", source, re.S)
    assert block
    assert tuple(re.findall(r'"([a-z_A-Z]+)"', block.group(1))) == MICROSCOPE_CHANNELS


def test_a_run_without_the_synapses_conditions_ships_no_microscope_runs(week):
    """A hand-made run lacking the brain ketamine or the block is still drawn; its synapse zoom has
    no runs (review: SynapseView died on a bare KeyError), and synapse_conditions names what is
    missing."""
    kept = {name: week[name] for name in ("glutamate_rel", "spine_density_rel")}
    partial = kw.Trajectory(week.time_h, kept, week.units, params=week.params)
    view = SynapseView(partial)
    assert view.trajectory_channels == ["glutamate_rel", "spine_density_rel"]
    assert view.microscope_moments_h == b"" and view.microscope_values == b""
    with pytest.raises(ParameterError, match="it lacks ketamine_brain_uM, nmda_block_pyramidal"):
        synapse_conditions(partial, 1.0)
