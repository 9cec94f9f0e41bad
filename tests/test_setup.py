"""The environment the two commands make: what runs inside the repository besides our own code."""

import importlib.util
import pathlib
import subprocess
import sys

from conftest import ROOT


def test_jupyterlabs_own_node_scripts_run_inside_the_repository():
    # `make lab` puts JupyterLab in ./.venv, under this repository's package.json. A "type": "module"
    # there made Node read JupyterLab's CommonJS yarn.js as an ES module: `jupyter lab` printed a
    # screen of Node errors at start and on every page load ("require is not defined in ES module
    # scope") and said it could not determine its build status without Node.js.
    spec = importlib.util.find_spec("jupyter_builder")
    assert spec is not None and spec.origin, "JupyterLab's builder is not installed"
    yarn = pathlib.Path(spec.origin).parent / "yarn.js"
    assert yarn.is_file()
    assert pathlib.Path(sys.prefix).resolve().is_relative_to(ROOT.resolve()), "run from the repository's .venv"
    run = subprocess.run(["node", str(yarn), "--version"], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip()[:1].isdigit(), run.stdout
