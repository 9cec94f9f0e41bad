"""The wheel renders in JupyterLab with a kernel whose environment has only the wheel and no Node.js.

The kernel runs in the clean venv of the ``wheel_venv`` fixture (tests/conftest.py), so the widget's
front end comes from the bundle inside the wheel, not from the checkout.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from conftest import env_without_node

from .lab_helpers import append_and_run, open_notebook, read_python_value, run_all_cells, write_notebook

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

KERNEL = "ketawidget-wheel"


def install_wheel_kernel(server, python: Path) -> None:
    """A kernelspec for the wheel's venv in the server's own data directory."""
    spec_dir = server.log_path.parent / "data" / "kernels" / KERNEL
    spec_dir.mkdir(parents=True, exist_ok=True)
    spec = {
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "ketawidget wheel (no Node.js)",
        "language": "python",
        # No checkout on the path, no node on PATH.
        "env": {"PYTHONPATH": "", "PATH": env_without_node()["PATH"]},
    }
    (spec_dir / "kernel.json").write_text(json.dumps(spec))


def test_wheel_kernel_renders_the_lab(lab_server, page, console_log, wheel_venv):
    install_wheel_kernel(lab_server, wheel_venv)
    write_notebook(lab_server, "from_wheel", ["import ketawidget as kw\nlab = kw.KetamineLab()\nlab"], kernel=KERNEL)
    open_notebook(page, lab_server, "from_wheel")
    run_all_cells(page, timeout_s=120)  # numba compiles from scratch in the new venv

    info = read_python_value(
        page, "[kw.__file__, __import__('shutil').which('node'), __import__('sys').executable]"
    )
    module_file, node, executable = info
    assert Path(executable).parent == wheel_venv.parent, f"kernel ran {executable}, not the wheel venv"
    assert str(wheel_venv.parent.parent) in module_file, f"imported {module_file}, not the wheel"
    assert node is None, f"node is reachable from the wheel kernel: {node}"
    assert sys.prefix not in module_file

    root = page.locator(".keta-synapse")
    root.wait_for(timeout=30_000)
    root.locator("svg").first.wait_for(state="visible", timeout=10_000)
    # A drawn data line (the comparison lines exist too, hidden until a comparison is shown).
    page.locator(".bqplot.figure svg.svg-figure g.curve path.line >> visible=true").first.wait_for(timeout=20_000)
    page.wait_for_function(
        "() => parseFloat(document.querySelector('.keta-synapse')?.getAttribute('data-brain-uM')) >= 0",
        timeout=10_000,
    )
    append_and_run(page, "lab.playing = True")
    page.wait_for_function(
        "() => parseFloat(document.querySelector('.keta-synapse').getAttribute('data-time-h')) > 0.05",
        timeout=10_000,
    )
    append_and_run(page, "lab.playing = False")
    assert page.locator(".keta-error").count() == 0
    assert not console_log.problems, "browser console errors:\n" + console_log.report()
