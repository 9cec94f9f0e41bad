"""The environment the two commands make: what runs inside the repository besides our own code."""

import subprocess

from conftest import ROOT


def test_commonjs_scripts_inside_the_repository_run_under_node():
    # `make lab` puts JupyterLab in ./.venv, under this repository's package.json. A "type": "module"
    # there made Node read JupyterLab's CommonJS scripts (jupyter_builder's yarn.js) as ES modules:
    # `jupyter lab` printed a screen of Node errors at start and on every page load ("require is not
    # defined in ES module scope") and said it could not determine its build status without Node.js.
    # A script of the same kind, anywhere under the repository (.venv may live elsewhere in a test run):
    probe = ROOT / "tests" / "artifacts" / "node_probe" / "probe.js"
    probe.parent.mkdir(parents=True, exist_ok=True)
    probe.write_text('const util = require("util");\nconsole.log(util.format("%s", "commonjs"));\n')
    run = subprocess.run(["node", str(probe)], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip() == "commonjs"
