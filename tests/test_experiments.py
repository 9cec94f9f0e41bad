"""kw.experiments: every experiment runs and is well formed; those the model reproduces agree.

Bounds are the published findings' (docs/science-checks.md; as literal numbers here, not imported from
the module under test), so a wrong ``agrees`` computation or a moved threshold is caught by the
measured numbers themselves.
"""

import math
import re

import numpy as np
import pytest

import ketawidget as kw
from ketawidget.model import experiments
from ketawidget.model.experiments import ExperimentResult, Finding

EXPECTED = (
    "nbqx",
    "nifedipine",
    "rapamycin",
    "anisomycin",
    "bdnf_knockout",
    "chronic_stress_rescue",
    "anaesthetic_vs_subanaesthetic",
    "dose_response",
    "disinhibition_timing",
    "timeline",
    "repeated_dosing",
)
PRETREATMENTS = ("nbqx", "nifedipine", "rapamycin", "anisomycin", "bdnf_knockout")
UNIT_SUFFIXES = ("_pct", "_rel", "_min", "_d", "_mg_per_kg")


@pytest.fixture(scope="module")
def results():
    return {name: experiments.run(name) for name in experiments.names()}


def at(traj, channel, hours):
    return float(np.interp(hours, traj.time_h, traj[channel]))


# ---- the registry ---------------------------------------------------------------------------------


def test_names_are_the_expected_experiments_each_with_a_function():
    assert experiments.names() == EXPECTED
    for name in EXPECTED:
        assert callable(getattr(experiments, name)), name


def test_reachable_as_kw_experiments():
    assert kw.experiments is experiments
    assert kw.model.experiments is experiments
    assert "experiments" in kw.__all__ and "experiments" in kw.model.__all__


def test_unknown_name_lists_the_valid_ones():
    with pytest.raises(kw.ParameterError) as info:
        experiments.run("ketamine_cures_everything")
    message = str(info.value)
    assert "ketamine_cures_everything" in message
    for name in EXPECTED:
        assert name in message
    with pytest.raises(kw.ParameterError):
        experiments.run(None)  # type: ignore[arg-type]


def test_unknown_option_is_a_type_error_listing_the_options():
    with pytest.raises(TypeError, match="doses.*params|params.*doses"):
        experiments.run("dose_response", dosse=[0.1, 0.5, 8.0])
    with pytest.raises(TypeError, match="params"):
        experiments.run("nbqx", doses=[0.1, 0.5, 8.0])


@pytest.mark.parametrize(
    "doses",
    [
        [-0.5, 0.5, 8.0],  # negative
        [0.1, 0.5, 25.0],  # above the model's 20 mg/kg
        [0.1, float("nan"), 8.0],
        [0.1, "0.5", 8.0],
        [0.5, 8.0],  # an inverted U needs three points
        [0.5, 0.5, 8.0],  # repeats
        [0.1, 0.1000001, 8.0],  # the same to 6 significant figures: the same key in measured
        "0.5",
        5.0,
    ],
)
def test_bad_doses_raise_parameter_error(doses):
    with pytest.raises(kw.ParameterError):
        experiments.dose_response(doses=doses)
    with pytest.raises(kw.ParameterError):
        experiments.run("dose_response", doses=doses)


def test_doses_that_would_share_a_key_are_refused_naming_both():
    # Keys carry 6 significant figures; two doses that agree that far would merge, and one be lost.
    with pytest.raises(
        kw.ParameterError,
        match=r"doses must differ within their first 6 significant figures.*got 0.1 and 0.1000001 mg/kg, both 0.1$",
    ):
        experiments.run("dose_response", doses=[0.1, 0.1000001, 8.0])
    assert experiments.check_doses([8.0, 0.1, 0.100001]) == (0.1, 0.100001, 8.0), "apart at the 6th figure"
    assert experiments.dose_label(0.100001) == "0.100001"


@pytest.mark.parametrize(
    ("doses", "species", "message"),
    [
        ([0.1, -1.0, 8.0], "human", r"^doses\[1\] must be a number from 0 to 20 mg/kg \(the largest dose for a human\); got -1$"),
        # Review: this one named neither the index nor the argument ("dose_mg_per_kg for a human ...").
        ([1, 2, 30], "human", r"^doses\[2\] must be a number from 0 to 20 mg/kg \(the largest dose for a human\); got 30$"),
        ([1, 2, 300], "rat", r"^doses\[2\] must be a number from 0 to 200 mg/kg \(the largest dose for a rat\); got 300$"),
        ([0.1, "0.5", 8.0], "human", r"^doses\[1\] must be a number from 0 to 20 mg/kg .*; got '0.5' \(str\)$"),
    ],
)
def test_a_bad_dose_is_named_by_its_index_with_the_species_range(doses, species, message):
    """Review: -1 was refused as outside "0 to 200 mg/kg" (every species' range) and 30 without its
    index: the range is the species' (the docstring's 0 to 20 for a human), and the dose doses[i]."""
    with pytest.raises(kw.ParameterError, match=message):
        experiments.dose_response(doses=doses, params=kw.Params(species=species))
    with pytest.raises(kw.ParameterError, match=message):
        experiments.check_doses(doses, species)
    assert experiments.check_doses([30.0, 1.0, 2.0], "mouse") == (1.0, 2.0, 30.0)
    with pytest.raises(kw.ParameterError, match=r"^species must be one of 'human', 'mouse', 'rat'; got 'dog'$"):
        experiments.check_doses([1, 2, 3], "dog")


@pytest.mark.parametrize("name", EXPECTED)
def test_params_must_be_params(name):
    with pytest.raises(kw.ParameterError, match="Params"):
        experiments.run(name, params={"mg_mM": 1.0})


# ---- every result is well formed ------------------------------------------------------------------


@pytest.mark.parametrize("name", EXPECTED)
def test_result_is_well_formed(results, name):
    r = results[name]
    assert isinstance(r, ExperimentResult)
    assert r.name == name
    assert r.question and "\n" not in r.question and r.question.endswith("?")
    assert isinstance(r.finding, Finding) and r.finding.source and r.finding.claim
    assert isinstance(r.agrees, bool)
    assert r.measured and all(isinstance(k, str) and isinstance(v, float) for k, v in r.measured.items())
    for key, value in r.measured.items():
        assert key.endswith(UNIT_SUFFIXES), f"{key} carries no unit"
        assert math.isfinite(value), key
    assert "\n" not in r.verdict
    assert ("does not agree with" in r.verdict) == (not r.agrees)
    assert "agrees with" in r.verdict or "does not agree with" in r.verdict
    assert r.trajectories and all(isinstance(t, kw.Trajectory) for t in r.trajectories.values())
    assert any("no drug" in label for label in r.trajectories), "every experiment has its no-drug control"
    text = repr(r)
    assert name in text and r.verdict in text
    markdown = r._repr_markdown_()
    assert markdown.count("\n|") >= len(r.measured) + 4
    # Numbers for people: no exponent (a student read the NMDA block's change of 4.95e-07 % as noise).
    measured_rows = text.split("  measured:\n")[1].split("\n  verdict:")[0]
    assert not re.search(r"\de[-+]\d", measured_rows + markdown), measured_rows


def test_finding_is_frozen():
    finding = Finding("a", "b")
    with pytest.raises(AttributeError):
        finding.source = "c"  # type: ignore[misc]


def test_markdown_escapes_text():
    r = ExperimentResult(
        name="odd_name",
        question="a | b <script>alert(1)</script> costs $5 *now*?",
        finding=Finding("x_y [1]", "pipes | and `code`"),
        measured={"a_b_pct": 1.0},
        agrees=False,
        verdict="3 < 4 | 5 > 2",
        trajectories={},
    )
    md = r._repr_markdown_()
    assert "<script>" not in md and "&lt;script&gt;" in md
    assert "\\$5" in md and "\\*now\\*" in md and "odd\\_name" in md and "a\\_b\\_pct" in md
    # Every table row keeps its own cells: escaped pipes do not open new ones.
    rows = [line for line in md.splitlines() if line.startswith("|")]
    assert all(line.replace("\\|", "").count("|") == 3 for line in rows)


# ---- pre-treatments: docs/science-checks.md check 9 -----------------------------------------------


@pytest.mark.parametrize("name", PRETREATMENTS)
def test_pretreatment_removes_the_spine_gain_but_not_the_block(results, name):
    r = results[name]
    m = r.measured
    alone, blocked = m["spine_gain_ketamine_alone_pct"], m[f"spine_gain_with_{name}_pct"]
    assert alone >= 10, "ketamine alone must give a clear spine gain to remove"
    assert m["spine_gain_removed_pct"] == pytest.approx(100 * (1 - blocked / alone))
    assert m["spine_gain_removed_pct"] >= 90
    assert m["nmda_block_change_of_peak_pct"] <= 1
    assert r.agrees is True
    # The same, read straight from the trajectories.
    t = r.trajectories
    (with_label,) = [k for k in t if k.startswith("ketamine + ")]
    (with_control_label,) = [k for k in t if k.endswith(", no drug")]
    gain_alone = at(t["ketamine"], "spine_density_rel", 24) / at(t["no drug"], "spine_density_rel", 24) - 1
    gain_with = at(t[with_label], "spine_density_rel", 24) / at(t[with_control_label], "spine_density_rel", 24) - 1
    assert gain_with <= 0.1 * gain_alone
    for channel in ("nmda_block_interneuron", "nmda_block_pyramidal"):
        np.testing.assert_allclose(t[with_label][channel], t["ketamine"][channel], rtol=0, atol=1e-6)


def test_pretreatments_share_the_ketamine_alone_run(results):
    """Trajectories are reused, not re-simulated, across experiments with the same arm."""
    first = results["nbqx"].trajectories["ketamine"]
    assert all(results[name].trajectories["ketamine"] is first for name in PRETREATMENTS)


def test_pretreatment_without_a_gain_to_remove_does_not_agree():
    """With NBQX already given, ketamine alone has no gain: the rapamycin experiment cannot agree."""
    r = experiments.rapamycin(params=kw.Params(nbqx=True))
    assert r.measured["spine_gain_ketamine_alone_pct"] < 10
    assert r.agrees is False and "does not agree" in r.verdict and "nothing to remove" in r.verdict


def test_params_option_is_not_modified():
    params = kw.Params(mg_mM=1.2)
    experiments.nbqx(params=params)
    assert params == kw.Params(mg_mM=1.2)


# ---- the rest of the findings the model reproduces ------------------------------------------------


def test_chronic_stress_rescue(results):
    r = results["chronic_stress_rescue"]
    m = r.measured
    healthy, stressed, rescued = (
        m["healthy_spine_density_rel"],
        m["stressed_spine_density_rel"],
        m["stressed_ketamine_24h_spine_density_rel"],
    )
    assert stressed <= 0.98 * healthy, "chronic stress leaves fewer spines"
    assert m["spines_lost_to_stress_pct"] == pytest.approx(100 * (healthy - stressed) / healthy)
    assert m["loss_restored_24h_pct"] == pytest.approx(100 * (rescued - stressed) / (healthy - stressed))
    assert rescued - stressed >= 0.5 * (healthy - stressed), "ketamine restores at least half of the loss"
    assert r.agrees is True
    control = r.trajectories["stressed, no drug"]["spine_density_rel"]
    assert np.ptp(control) < 1e-9, "without drug the stressed brain does not recover by itself"


def test_anaesthetic_vs_subanaesthetic(results):
    r = results["anaesthetic_vs_subanaesthetic"]
    m = r.measured
    assert m["glutamate_end_of_subanaesthetic_infusion_rel"] >= 1.10
    assert m["plasma_above_4uM_after_bolus_min"] >= 5, "docs/science-checks.md check 2: above 4 uM for 5 min"
    assert m["glutamate_max_while_anaesthetic_rel"] < 1.0
    # The finding is in rats, at 10-30 mg/kg i.p.: there the model's glutamate first falls, where
    # theirs rose (a known disagreement, docs/model.md), and the experiment says so.
    for dose in (10, 30):
        assert m[f"rat_{dose}_mg_per_kg_ip_glutamate_first_20min_rel"] < 1.0
        rat = r.trajectories[f"rat, {dose} mg/kg i.p."]
        assert rat.params["species"] == "rat"
    # At their anaesthetic dose (200 mg/kg i.p.) the model's rat lowers glutamate, as theirs did.
    assert m["rat_200_mg_per_kg_ip_glutamate_first_20min_rel"] < 0.5
    assert r.trajectories["rat, 200 mg/kg i.p."].params["species"] == "rat"
    assert "in rats, 200 mg/kg i.p. gives 0.03x over the first 20 min" in r.verdict
    assert "anaesthetic 200 mg/kg" not in r.verdict, "the anaesthetic rat dose is not among the problems"
    assert r.agrees is False
    assert "in rats at Moghaddam's own subanaesthetic doses the model first lowers glutamate" in r.verdict
    bolus = r.trajectories["2 mg/kg IV bolus"]
    anaesthetic = bolus["ketamine_plasma_uM"] > 4.0
    assert anaesthetic.sum() >= 5 and np.all(bolus["glutamate_rel"][anaesthetic] < 1.0)
    assert at(r.trajectories["0.5 mg/kg over 40 min"], "glutamate_rel", 40 / 60) > 1.1


def test_dose_response_is_an_inverted_u(results):
    r = results["dose_response"]
    doses = (0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0)
    glu = [r.measured[f"glutamate_at_{d:g}_mg_per_kg_rel"] for d in doses]
    k = int(np.argmax(glu))
    assert 0 < k < len(doses) - 1
    assert all(b > a for a, b in zip(glu[:k], glu[1 : k + 1])), "rises at low doses"
    assert glu[k] >= 1.10, "a surge at the top"
    assert glu[-1] < 1.0, "below baseline at anaesthetic doses"
    assert r.measured["peak_glutamate_dose_mg_per_kg"] == doses[k]
    assert all(f"spine_gain_24h_at_{d:g}_mg_per_kg_pct" in r.measured for d in doses)
    assert r.agrees is True
    assert len(r.trajectories) == len(doses) + 1


def test_dose_response_that_never_reaches_anaesthetic_levels_does_not_agree():
    r = experiments.dose_response(doses=[0.5, 0.1, 0.25])
    assert [k for k in r.measured if k.startswith("glutamate")][0] == "glutamate_at_0.1_mg_per_kg_rel", "sorted"
    assert r.measured["glutamate_at_0.5_mg_per_kg_rel"] > 1.0
    assert r.agrees is False and "not below baseline at the highest dose" in r.verdict


def test_disinhibition_timing(results):
    r = results["disinhibition_timing"]
    m = r.measured
    assert m["interneuron_max_fall_pct"] >= 2 and m["pyramidal_max_rise_pct"] >= 2
    assert m["interneuron_slowing_onset_min"] < m["pyramidal_speeding_onset_min"]
    assert m["pyramidal_delay_after_interneurons_min"] == pytest.approx(
        m["pyramidal_speeding_onset_min"] - m["interneuron_slowing_onset_min"]
    )
    assert r.agrees is True
    drug = r.trajectories["0.5 mg/kg over 40 min"]
    params = kw.Params()
    inter = drug["rate_interneuron_hz"] / params.baseline_rate_interneuron_hz
    pyr = drug["rate_pyramidal_hz"] / params.baseline_rate_pyramidal_hz
    first_inter = drug.time_h[np.argmax(inter < 0.98)] * 60
    first_pyr = drug.time_h[np.argmax(pyr > 1.02)] * 60
    assert (inter < 0.98).any() and (pyr > 1.02).any() and first_inter < first_pyr
    assert abs(first_inter - m["interneuron_slowing_onset_min"]) <= 0.5, "onsets read to the 0.5-min grid"
    assert abs(first_pyr - m["pyramidal_speeding_onset_min"]) <= 0.5


def test_timeline(results):
    r = results["timeline"]
    m = r.measured
    assert m["eef2_phospho_change_60min_pct"] <= -10, "eEF2 dephosphorylated within 30-60 min"
    assert m["bdnf_change_60min_pct"] >= 10, "BDNF up within 30-60 min"
    assert m["mtorc1_change_60min_pct"] >= 10, "mTORC1 up within 30-60 min"
    assert m["spine_gain_24h_pct"] >= 10, "spines clearly up at 24 h"
    assert max(m["spine_gain_3h_pct"], m["spine_gain_6h_pct"]) < 0.25 * m["spine_gain_24h_pct"], "not at 3-6 h"
    assert m["spine_gain_7d_pct"] >= 2, "still above baseline a week later"
    assert r.agrees is True
    week = r.trajectories["0.5 mg/kg over 40 min"]
    assert week.time_h[-1] == pytest.approx(168)
    assert m["spine_gain_24h_pct"] == pytest.approx(100 * (at(week, "spine_density_rel", 24) - 1))


# ---- a course of infusions: reported honestly, agreement tied to its numbers -----------------------


def test_a_course_that_piles_spines_up_says_so():
    # Synaptic proteins lasting three days instead of one: the course more than doubles one
    # infusion's peak, and the verdict must say the size is the model's, not a measurement.
    r = experiments.run("repeated_dosing", params=kw.Params(synaptic_protein_hours=72))
    single_peak = 100 * (r.trajectories["one infusion"]["spine_density_rel"].max() - 1)
    assert r.measured["spine_gain_course_peak_pct"] > 2 * single_peak
    assert "doses add up until only the room on the dendrite stops them" in r.verdict
    assert "a size no study has measured" in r.verdict


def test_repeated_dosing_agreement_follows_its_numbers(results):
    r = results["repeated_dosing"]
    m = r.measured
    sustained = m["spine_gain_course_lowest_pct"] >= 10
    single_fades = m["spine_gain_single_infusion_day12_pct"] < 10
    beyond_single = m["spine_gain_course_day12_pct"] > m["spine_gain_single_infusion_24h_pct"]
    assert r.agrees is (sustained and single_fades and beyond_single)
    assert "mood" in r.verdict, "the verdict says the studies measured mood, not spines"
    course, single, control = (r.trajectories[k] for k in ("six infusions", "one infusion", "no drug"))
    single_peak = 100 * (single["spine_density_rel"].max() / control["spine_density_rel"][0] - 1)
    assert m["spine_gain_course_peak_pct"] == pytest.approx(100 * (course["spine_density_rel"].max() - 1))
    starts = [0, 48, 96, 168, 216, 264]
    # The room on the dendrite: six infusions do not pile spines up without bound (+91 % before the
    # TrkB burst and the room limit; docs/model-development.md), and never past the +80 % limit.
    assert m["spine_gain_course_peak_pct"] < 60
    assert m["spine_gain_course_peak_pct"] < 2 * single_peak and "doses add up" not in r.verdict
    for start in starts:  # each infusion reaches the same plasma peak: the course is six 0.5 mg/kg infusions
        assert at(course, "ketamine_plasma_uM", start + 40 / 60) == pytest.approx(
            at(single, "ketamine_plasma_uM", 40 / 60), rel=0.1
        )


def test_a_microdialysis_sample_is_a_time_average_not_a_mean_of_samples():
    # The output grid is finer while a bolus changes fast: a plain mean of the samples in the window
    # would weigh its first minutes more than the rest (the rat's first sample read 0.14x, not 0.13x).
    traj = kw.simulate(kw.Bolus(10.0, "ip"), params=kw.Params(species="rat"), hours=3)
    t, glu = traj.time_h * 60.0, traj["glutamate_rel"]
    fine = np.linspace(0.0, 20.0, 20_001)
    expected = float(np.mean(np.interp(fine, t, glu)))
    assert kw.experiments.window_mean(traj, "glutamate_rel", 0.0, 20.0) == pytest.approx(expected, abs=1e-4)
    assert abs(float(np.mean(glu[t <= 20.0])) - expected) > 5e-3, "the grid is uneven enough for this to matter"
    # A window between samples interpolates its edges.
    assert kw.experiments.window_mean(traj, "glutamate_rel", 30.0, 20.0) == pytest.approx(
        float(np.mean(np.interp(np.linspace(30.0, 50.0, 20_001), t, glu))), abs=1e-4)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("glutamate_rel", 0.0, 0.0), r"^length_min must be a number from 1e-06 to 180 min \(the run ends 180 min after start_min\); got 0$"),
        (("glutamate_rel", 10.0, -5.0), r"length_min .* got -5"),
        (("glutamate_rel", 200.0, 5.0), r"^start_min must be a number from 0 to less than 180 min \(the run's end: a window starts before it\); got 200$"),
        # Review: a window from the run's end said "length_min must be a number from 1e-06 to 0 min".
        (("glutamate_rel", 180.0, 5.0), r"^start_min must be a number from 0 to less than 180 min .*; got 180$"),
        (("glutamate", 0.0, 20.0), r"channel must be one of the run's channels"),
    ],
)
def test_window_mean_refuses_a_window_outside_the_run(args, message):
    traj = kw.simulate(kw.Infusion(), hours=3)
    with pytest.raises(kw.ParameterError, match=message):
        kw.experiments.window_mean(traj, *args)


def test_window_mean_refuses_what_is_not_a_run():
    """Review: ``window_mean(None, ...)`` raised AttributeError."""
    for bad in (None, {"glutamate_rel": [1.0]}):
        with pytest.raises(kw.ParameterError, match=r"^traj must be a ketawidget.Trajectory \(a run of kw.simulate\); got "):
            kw.experiments.window_mean(bad, "glutamate_rel", 0.0, 20.0)


def test_window_mean_refuses_a_microscope_run():
    with pytest.raises(kw.ParameterError, match="microscope"):
        kw.experiments.window_mean(kw.simulate_synapse(), "glutamate_rel", 0.0, 20.0)
