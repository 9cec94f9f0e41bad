"""One list of channel names: Python's, and the TypeScript generated from it."""

import pathlib

import ketawidget as kw
from ketawidget.model.channels import CHANNEL_NAMES, render_typescript

ROOT = pathlib.Path(__file__).resolve().parent.parent


def test_committed_typescript_matches_python_list():
    committed = (ROOT / "js" / "channels.ts").read_text()
    assert committed == render_typescript(), "js/channels.ts is stale: run `make channels`"


def test_simulate_emits_exactly_the_declared_channels():
    traj = kw.simulate(kw.NoDrug(), hours=1)
    assert traj.channels == CHANNEL_NAMES


def test_python_and_js_versions_match():
    import json

    package = json.loads((ROOT / "package.json").read_text())
    assert package["version"] == kw.__version__
