"""One list of channel names, and one of a run's conditions: Python's, and the TypeScript generated from each."""

import pathlib

import ketawidget as kw
from ketawidget.model.channels import CHANNEL_NAMES, render_typescript
from ketawidget.model.parameters import CONDITIONS, Flag, Params, render_conditions_typescript

ROOT = pathlib.Path(__file__).resolve().parent.parent


def test_committed_typescript_matches_python_list():
    committed = (ROOT / "js" / "channels.ts").read_text()
    assert committed == render_typescript(), "js/channels.ts is stale: run `make channels`"


def test_committed_conditions_typescript_matches_the_params_flags():
    committed = (ROOT / "js" / "conditions.ts").read_text()
    assert committed == render_conditions_typescript(), "js/conditions.ts is stale: run `make channels`"
    # Every yes/no parameter, by its name: a new pre-treatment is a condition on the wire at once.
    assert set(CONDITIONS) == {name for name, trait in Params.class_traits().items() if isinstance(trait, Flag)}
    assert {"nbqx", "rapamycin", "anisomycin", "bdnf_knockout", "nifedipine", "chronic_stress"} == set(CONDITIONS)


def test_simulate_emits_exactly_the_declared_channels():
    traj = kw.simulate(kw.NoDrug(), hours=1)
    assert traj.channels == CHANNEL_NAMES


def test_python_and_js_versions_match():
    import json

    package = json.loads((ROOT / "package.json").read_text())
    assert package["version"] == kw.__version__
