"""The student worksheets (notebooks/*_worksheet_*.ipynb; docs/lessons.md for teachers): their shape,
and the model's behaviour that their questions rely on.

test_notebooks.py runs each worksheet top to bottom. This file checks, from the model and not from the
notebooks' outputs, that what each worksheet asks students to find is there to be found, read the way
the worksheet's cells read it (its dose list, its chain of steps, its thresholds are taken from the
notebook itself). A re-tuned model that stopped showing it fails here, instead of leaving a question
whose answer the model no longer gives. Each test names the worksheet section that relies on it.
"""

from __future__ import annotations

import ast
import re

import nbformat
import numpy as np
import pytest

import ketawidget as kw
from ketawidget import cli
from ketawidget.model.channels import CHANNEL_NAMES
from ketawidget.widget.charts import DOSE_RESPONSE_DOSES_MG_PER_KG, dose_response_curves
from ketawidget.widget.presets import get_preset, preset_names

WORKSHEETS = cli.worksheets()
END_H = 40 / 60  # every worksheet's infusion lasts 40 min: its end, h


def notebook(name: str):
    return nbformat.read(WORKSHEETS[name], as_version=4)


def cells(name: str, kind: str) -> list[str]:
    return [c.source for c in notebook(name).cells if c.cell_type == kind]


def worksheet_value(name: str, variable: str):
    """The literal a worksheet's code assigns to ``variable`` (``doses = [...]``), as students first run it."""
    for source in cells(name, "code"):
        for node in ast.parse(source).body:
            if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == variable for t in node.targets):
                return ast.literal_eval(node.value)
    raise AssertionError(f"the {name} worksheet assigns no {variable}")


def at(run, channel, hours):
    return float(np.interp(hours, run.time_h, run[channel]))


# ---- shape ------------------------------------------------------------------------------------------


def test_the_three_worksheets_are_there_in_order():
    assert list(WORKSHEETS) == ["inverted-u", "blockers", "time-scales"]
    assert [p.parent.name for p in WORKSHEETS.values()] == ["notebooks"] * 3, "read from the checkout"


@pytest.mark.parametrize("name", list(WORKSHEETS))
def test_a_worksheet_has_a_goal_predictions_answers_and_a_task_to_go_further(name):
    nb = notebook(name)
    text = [c.source for c in nb.cells]
    assert text[0].startswith("# Worksheet: ") and "**Learning goal.**" in text[0]
    headings = [line for c in nb.cells if c.cell_type == "markdown" for line in c.source.splitlines() if line.startswith("## ")]
    numbered = [h for h in headings if re.match(r"## \d", h)]
    assert numbered[0] == "## 1. Predict first", "students predict before they run anything"
    first_code = next(k for k, c in enumerate(nb.cells) if c.cell_type == "code")
    assert any("**Q1.**" in t for t in text[:first_code])
    assert [h for h in headings if h.startswith("## Go further")] == [headings[-1]], "one task to go further, last"
    # Every question has its answer cell right after it, marked for answers (tag "answer").
    questions = re.findall(r"\*\*(Q\d+)\.\*\*", "\n".join(text))
    assert questions == [f"Q{k}" for k in range(1, len(questions) + 1)] and len(questions) >= 5
    answers = [c for c in nb.cells if "answer" in c.metadata.get("tags", [])]
    assert [re.search(r"Your answer to (Q\d+|the go-further task)", c.source).group(1) for c in answers] == [*questions, "the go-further task"]
    for k, cell in enumerate(nb.cells):
        if "answer" in cell.metadata.get("tags", []):
            assert cell.cell_type == "markdown" and cell.source.startswith("✍")
            question = re.search(r"Your answer to (Q\d+)", cell.source)
            if question:  # right after its question; the go-further's after the cell it asks to change
                assert f"**{question.group(1)}.**" in nb.cells[k - 1].source


@pytest.mark.parametrize("name", list(WORKSHEETS))
def test_a_worksheet_shows_the_lab_on_a_lesson_of_its_menu_and_is_handed_out_clean(name):
    code = "\n".join(cells(name, "code"))
    assert "lab = kw.KetamineLab()" in code
    presets = re.findall(r"load_preset\(\"(\w+)\"\)", code)
    assert presets and set(presets) <= set(preset_names())
    for cell in notebook(name).cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, "students run the cells themselves"


# ---- 1. Why doesn't a bigger dose work better? -------------------------------------------------------

DOSES = worksheet_value("inverted-u", "doses")


def measure(dose, params=None):
    """Section 3's reading of one dose: the end of the infusion, spines at 24 h."""
    params = params or kw.Params()
    run = kw.simulate(kw.Infusion(dose_mg_per_kg=dose, minutes=40), params=params, hours=24)
    return {
        "run": run,
        "block_int": at(run, "nmda_block_interneuron", END_H),
        "block_pyr": at(run, "nmda_block_pyramidal", END_H),
        "rate_int": at(run, "rate_interneuron_hz", END_H) / params.baseline_rate_interneuron_hz,
        "rate_pyr": at(run, "rate_pyramidal_hz", END_H) / params.baseline_rate_pyramidal_hz,
        "glutamate": at(run, "glutamate_rel", END_H),
        "spines": at(run, "spine_density_rel", 24) - at(run, "spine_density_rel", 0),
    }


@pytest.fixture(scope="module")
def sweep():
    return {dose: measure(dose) for dose in DOSES}


def test_the_sweeps_are_inverted_us_with_their_peaks_inside_the_doses(sweep):
    """Sections 2 and 3 (Q2, Q3): the dose-response chart's sweep and the worksheet's each rise to a
    peak strictly inside the doses swept and fall after it, for glutamate and for spines; glutamate ends
    below baseline at the top dose."""
    chart = dose_response_curves(kw.Params())
    worksheet = {
        "glutamate_rel": np.array([sweep[d]["glutamate"] for d in DOSES]),
        "spine_gain_pct": np.array([sweep[d]["spines"] for d in DOSES]),
    }
    for doses, curves in ((DOSE_RESPONSE_DOSES_MG_PER_KG, chart), (DOSES, worksheet)):
        for key in ("glutamate_rel", "spine_gain_pct"):
            peak = int(np.argmax(curves[key]))
            assert 0 < peak < len(doses) - 1, f"{key} peaks at the edge of {doses}"
            assert curves[key][-1] < curves[key][peak]
        assert curves["glutamate_rel"][-1] < 1.0, "the anaesthetic end lowers glutamate"
        assert curves["glutamate_rel"].max() >= 1.1, "a clear surge at the top"


def test_disinhibition_at_the_peak_and_suppression_at_the_top(sweep):
    """Section 4 (Q4): interneurons are blocked more than pyramidal cells at every dose; at the dose of
    the biggest surge interneurons slow and pyramidal cells speed up, at the top dose pyramidal cells
    fire below their resting rate although interneurons are slowed the most there."""
    assert all(m["block_int"] > m["block_pyr"] > 0 for m in sweep.values())
    top = max(sweep, key=lambda d: sweep[d]["glutamate"])
    assert sweep[top]["rate_int"] < 1.0 < sweep[top]["rate_pyr"]
    highest = sweep[DOSES[-1]]
    assert highest["rate_pyr"] < 1.0 and highest["rate_int"] == min(m["rate_int"] for m in sweep.values())


def test_without_their_own_nmda_drive_pyramidal_cells_show_no_downturn(sweep):
    """Section 4, "test your explanation" (Q5): with pyramidal_nmda_drive_fraction = 0 glutamate rises
    with every dose: the downturn is the pyramidal cells' own block."""
    cell = next(s for s in cells("inverted-u", "code") if "no_own_block = " in s)
    assert "kw.Params(pyramidal_nmda_drive_fraction=0.0)" in cell
    surge = [measure(d, kw.Params(pyramidal_nmda_drive_fraction=0.0))["glutamate"] for d in DOSES]
    assert all(b > a for a, b in zip(surge, surge[1:]))


def test_the_spines_gain_most_at_a_dose_that_lowers_glutamate_while_it_is_infused(sweep):
    """Section 5 (Q6): the spine gain peaks at a higher dose than the surge, one that leaves glutamate
    below baseline at the end of the infusion; after it, as the drug falls, glutamate surges."""
    top = max(sweep, key=lambda d: sweep[d]["glutamate"])
    best = max(sweep, key=lambda d: sweep[d]["spines"])
    assert best > top and sweep[best]["glutamate"] < 1.0
    run = sweep[best]["run"]
    after = run.time_h > END_H
    k = np.argmax(np.where(after, run["glutamate_rel"], -np.inf))
    assert run["glutamate_rel"][k] >= 1.1
    assert run["ketamine_brain_uM"][k] < 0.5 * run["ketamine_brain_uM"].max(), "the surge comes as the drug falls"


def test_the_model_rat_still_disagrees_with_moghaddam():
    """Section 6 says the model's rat first lowers glutamate at Moghaddam's i.p. doses, where the rats'
    rose; if the model comes to agree, the worksheet must say so."""
    measured = kw.experiments.run("anaesthetic_vs_subanaesthetic").measured
    for dose in kw.experiments.MOGHADDAM_RAT_IP_MG_PER_KG:
        assert measured[f"rat_{dose:g}_mg_per_kg_ip_glutamate_first_20min_rel"] < 1.0


def test_go_further_without_glun2cd_receptors_on_interneurons_there_is_no_surge():
    """Go further (docs/lessons.md gives the answer): with no GluN2C/2D-like receptors on interneurons,
    no dose raises glutamate."""
    assert max(measure(d, kw.Params(interneuron_glun2cd_fraction=0.0))["glutamate"] for d in DOSES) < 1.0


# ---- 2. What does ketamine need to grow new spines? ------------------------------------------------

CHAIN = worksheet_value("blockers", "CHAIN")
CHANGED_PCT = worksheet_value("blockers", "CHANGED")
BLOCKERS = worksheet_value("blockers", "blockers")
#: Where each blocker sits on the chain: the first step it changes (docs/lessons.md's answer key).
FIRST_STEP = {
    "nbqx": "ampa_activation_rel",
    "nifedipine": "l_type_calcium_rel",
    "rapamycin": "mtorc1_rel",
    "anisomycin": "bdnf_rel",
    "bdnf_knockout": "bdnf_rel",
}


@pytest.fixture(scope="module")
def blocked_runs():
    dose = kw.experiments.ANTIDEPRESSANT
    return kw.simulate(dose, hours=24), {b: kw.simulate(dose, params=kw.Params(**{b: True}), hours=24) for b in BLOCKERS}


def departure_pct(alone, run, channel):
    """Section 4's reading: how far a run departs from ketamine alone, as a % of ketamine's own change."""
    own = np.abs(alone[channel] - alone[channel][0]).max()
    difference = np.abs(np.interp(alone.time_h, run.time_h, run[channel]) - alone[channel]).max()
    return 100 * difference / own if own > 0 else 0.0


def test_the_worksheet_names_every_blocker_and_every_step_of_the_chain():
    assert sorted(BLOCKERS) == sorted(FIRST_STEP)
    steps = list(CHAIN.values())
    assert steps == sorted(steps, key=CHANNEL_NAMES.index), "the model's channels, in the chain's order"
    assert set(FIRST_STEP.values()) | {"eef2_phospho_rel", "spine_density_rel"} <= set(steps)


@pytest.mark.parametrize("blocker", sorted(FIRST_STEP))
def test_a_blocker_leaves_the_nmda_block_and_removes_most_of_the_spine_gain(blocker, blocked_runs):
    """Section 3 (Q3): the experiment agrees, at least 90 % of the gain is gone, the peak NMDA block of
    both cell types is unchanged."""
    result = kw.experiments.run(blocker)
    assert result.agrees, result.verdict
    assert result.measured["spine_gain_removed_pct"] >= kw.experiments.BLOCKER_REMOVES_MIN_PCT
    alone, runs = blocked_runs
    for channel in ("nmda_block_interneuron", "nmda_block_pyramidal"):
        assert runs[blocker][channel].max() == pytest.approx(alone[channel].max(), rel=1e-6)


@pytest.mark.parametrize("blocker", sorted(FIRST_STEP))
def test_a_blocker_first_changes_its_own_step_and_every_step_after_it_that_it_feeds(blocker, blocked_runs):
    """Section 4 (Q4, Q5): the first step that departs from ketamine alone by more than the worksheet's
    threshold is the blocker's own; spines change; the eEF2 brake changes for no blocker."""
    alone, runs = blocked_runs
    changed = [c for c in CHAIN.values() if departure_pct(alone, runs[blocker], c) > CHANGED_PCT]
    assert changed[0] == FIRST_STEP[blocker], f"{blocker} first changes {changed[0]}"
    assert "spine_density_rel" in changed and "eef2_phospho_rel" not in changed


def test_go_further_the_blockers_remove_the_rescue_of_a_stressed_brain_too():
    stressed = kw.Params(chronic_stress=True)
    for blocker in BLOCKERS:
        result = kw.experiments.run(blocker, params=stressed)
        assert result.agrees, result.verdict


# ---- 3. Why does the effect outlast the drug? ------------------------------------------------------

STEPS = worksheet_value("time-scales", "STEPS")


@pytest.fixture(scope="module")
def three_weeks():
    return kw.simulate(kw.experiments.ANTIDEPRESSANT, hours=21 * 24)


def timing(run, channel):
    """Section 3's reading: when a step's change is largest, and the last time it is a tenth of that."""
    change = np.abs(run[channel] - run[channel][0])
    peak = change.argmax()
    return float(run.time_h[peak]), float(run.time_h[np.nonzero(change >= 0.1 * change[peak])[0][-1]])


def test_the_drug_is_gone_within_hours_and_the_spines_peak_days_later(three_weeks):
    """Sections 2-3 (Q2, Q3): brain ketamine is under a tenth of its peak within the first day; the
    spines peak after it, on the second or third day, and are over (under a tenth of their peak gain)
    between one and three weeks: inside the three-week run, so the table says when."""
    drug_over = timing(three_weeks, "ketamine_brain_uM")[1]
    spine_peak, spines_over = timing(three_weeks, "spine_density_rel")
    assert drug_over < 24 and 24 <= spine_peak <= 72 and spine_peak > 5 * drug_over
    assert 7 * 24 <= spines_over < three_weeks.time_h[-1]
    assert at(three_weeks, "spine_density_rel", 6) - 1 < 0.25 * (at(three_weeks, "spine_density_rel", 24) - 1), (
        "section 7: spines have hardly changed in the first hours")


def test_synaptic_proteins_are_the_first_step_to_outlast_the_drug(three_weeks):
    """Section 3 (Q4): in the worksheet's order, the steps up to mTORC1 are over by the time the drug is
    (mTORC1 before it); the stronger synapses outlast it, and the spines outlast them."""
    over = {channel: timing(three_weeks, channel)[1] for channel in STEPS.values()}
    fast = list(STEPS.values())[: list(STEPS.values()).index("synaptic_strength_rel")]
    assert all(timing(three_weeks, c)[0] <= 2 and over[c] < 24 for c in fast), (
        "Q2: up to mTORC1 every step peaks within two hours and is over within the first day")
    drug = over["ketamine_brain_uM"]
    outlasting = [c for c in STEPS.values() if over[c] > 2 * drug]
    assert outlasting == ["synaptic_strength_rel", "spine_density_rel"]
    assert over["mtorc1_rel"] < drug < over["synaptic_strength_rel"] < over["spine_density_rel"]


def test_the_microscope_end_is_milliseconds_and_the_chain_spans_eight_orders_of_magnitude(three_weeks):
    """Sections 4-5 (Q5): AMPA receptors close within a few ms of one release, NMDA receptors within
    tens to hundreds; from the first to the end of the spine gain is at least eight powers of ten."""
    syn = kw.simulate_synapse(**kw.model.synapse_conditions(three_weeks, END_H))

    def open_for_ms(channel):
        values = syn[channel]
        peak = values.argmax()
        return syn.time_ms[peak + np.argmax(values[peak:] < values[peak] / np.e)] - syn.time_ms[peak]

    assert 1 <= open_for_ms("ampa_open") <= 10 and 50 <= open_for_ms("nmda_open") <= 300
    spines_over_ms = timing(three_weeks, "spine_density_rel")[1] * 3.6e6
    assert np.log10(spines_over_ms / open_for_ms("ampa_open")) >= 8


def test_the_course_keeps_more_spines_at_day_14_than_one_infusion():
    """Section 6 (Q6): the course lesson's six infusions against its one: the course's spine gain at 14
    days is above one infusion's, and never falls below a clear 10 % from day 1 to a day after the last
    infusion. Go further: one infusion falls below the schedule task's target, the course does not."""
    preset = get_preset("course")
    course = kw.simulate(preset.dose, hours=preset.hours)
    single = kw.simulate(preset.comparison.dose, hours=preset.hours)

    def gain(run):
        return 100 * (run["spine_density_rel"] - run["spine_density_rel"][0])

    assert at(course, "spine_density_rel", 14 * 24) > at(single, "spine_density_rel", 14 * 24) + 0.1
    last = preset.dose.doses[-1][0]
    through = (course.time_h >= 24) & (course.time_h <= last + 24)
    assert gain(course)[through].min() >= 10
    target = worksheet_value("time-scales", "target")

    def lowest_from_day_1(run):
        return gain(run)[run.time_h >= 24].min()

    assert lowest_from_day_1(course) > target > lowest_from_day_1(single)
