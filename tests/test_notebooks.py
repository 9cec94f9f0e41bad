"""Lessons double as tests: every notebook runs top to bottom in a real kernel.

Each notebook must also display the widgets it is about: the tour the lab and the standalone diagram, a
worksheet (``*_worksheet_*.ipynb``, docs/lessons.md) the lab. A worksheet's text quotes no number the
model computes: every quantity in its markdown is one a cell types (an input a student can change) or
prints (test_worksheets.py checks that the model still shows what its questions ask for).
"""

import pathlib
import re

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = sorted((pathlib.Path(__file__).parent.parent / "notebooks").glob("*.ipynb"))
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
#: The widgets (by class) a notebook must display, beyond running without an error.
TOUR_WIDGETS = ("KetamineLab", "SynapseView")
WORKSHEET_WIDGETS = ("KetamineLab",)
#: A number with a unit: "0.5 mg/kg", "40 min", "1.36x", "24 %". Numbers without one (years, list
#: items, "GluN2C") are not quantities the model could change.
QUANTITY = re.compile(
    r"(?<![\w.])(\d+(?:\.\d+)?)\s*(?:%|x\b|×|µM|uM|nM|mM|mg/kg|ng/mL|ms\b|s\b|min\b|minutes?\b|h\b|hours?\b"
    r"|days?\b|weeks?\b|Hz\b|mV\b|pA\b)"
)
NUMBER = re.compile(r"\d+(?:\.\d+)?")


def is_worksheet(path: pathlib.Path) -> bool:
    return "_worksheet_" in path.name


def required_widgets(path: pathlib.Path) -> tuple[str, ...]:
    if path.name == "01_tour.ipynb":
        return TOUR_WIDGETS
    if is_worksheet(path):
        return WORKSHEET_WIDGETS
    raise AssertionError(f"{path.name}: say which widgets it must display (tests/test_notebooks.py)")


def outputs(nb):
    return [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]


def displayed_widgets(nb) -> list[str]:
    """The class of every widget view in the outputs, read from its text/plain repr
    ("KetamineLab(children=...", "<ketawidget.widget.synapse_view.SynapseView object at ...>")."""
    names = []
    for output in outputs(nb):
        data = output.get("data", {})
        if WIDGET_VIEW in data:
            match = re.match(r"<?([\w.]+)", data.get("text/plain", ""))
            names.append(match.group(1).rsplit(".", 1)[-1] if match else "")
    return names


def typed_quantities_not_computed(nb) -> list[str]:
    """Quantities in the markdown whose number no code cell types or prints."""
    code_text = [c.source for c in nb.cells if c.cell_type == "code"]
    for output in outputs(nb):
        code_text.append(output.get("text", ""))
        code_text += [v for v in output.get("data", {}).values() if isinstance(v, str)]
    known = {float(n) for text in code_text for n in NUMBER.findall(text)}
    return [
        m.group(0) for c in nb.cells if c.cell_type == "markdown"
        for m in QUANTITY.finditer(c.source) if float(m.group(1)) not in known
    ]


def test_there_are_notebooks():
    assert any(p.name == "01_tour.ipynb" for p in NOTEBOOKS)
    assert sum(map(is_worksheet, NOTEBOOKS)) >= 3


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_top_to_bottom(path, tmp_path):
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    errors = [o for o in outputs(nb) if o.output_type == "error"]
    assert not errors
    required = required_widgets(path)
    shown = displayed_widgets(nb)
    assert len(shown) >= len(required), f"{path.name} displays {shown}"
    missing = [name for name in required if name not in shown]
    assert not missing, f"{path.name} does not display {missing} (it displays {shown})"
    if is_worksheet(path):
        typed = typed_quantities_not_computed(nb)
        assert not typed, f"{path.name} types model numbers into its text; print them from a cell instead: {typed}"
