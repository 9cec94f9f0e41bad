"""Generated documentation stays in step with the code it documents."""

import doctest
import importlib
import pathlib

import pytest

from ketawidget.model.parameters import parameter_markdown

ROOT = pathlib.Path(__file__).resolve().parent.parent


def test_parameter_table_is_current():
    assert (ROOT / "docs" / "parameters.md").read_text() == parameter_markdown(), "run `make docs`"


def test_teacher_doc_mentions_every_stage_and_both_tensions():
    text = (ROOT / "docs" / "model.md").read_text()
    for topic in ("pharmacokinetics", "NMDA", "interneuron", "glutamate", "AMPA", "BDNF", "mTORC1", "spine",
                  "6.5", "IC50", "simplified"):
        assert topic.lower() in text.lower(), topic


def test_wire_format_doc_lists_every_channel_and_its_data_attribute():
    import re

    from ketawidget.model.channels import CHANNEL_NAMES

    text = (ROOT / "docs" / "wire-format.md").read_text()
    missing = [name for name in CHANNEL_NAMES if f"`{name}`" not in text]
    assert not missing, f"docs/wire-format.md leaves out {missing}"
    attributes = re.findall(r'\["(data-[\w-]+)", CHANNEL\.', (ROOT / "js" / "drawing.ts").read_text())
    assert len(attributes) == len(CHANNEL_NAMES)
    missing = [attribute for attribute in attributes if f"`{attribute}`" not in text]
    assert not missing, f"docs/wire-format.md leaves out {missing}"


@pytest.mark.parametrize(
    "module",
    ["ketawidget", "ketawidget.model.dosing", "ketawidget.model.experiments", "ketawidget.model.parameters",
     "ketawidget.model.receptors", "ketawidget.model.simulation", "ketawidget.model.synapse"],
)
def test_docstring_examples_run_as_written(module):
    """The examples in the public docstrings are run, so they cannot drift (two printed np.True_ under
    numpy 2 where they promised True, unnoticed until a review ran them)."""
    results = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert results.attempted > 0 and results.failed == 0, results


def test_every_name_a_module_exports_exists():
    """``from module import *`` works for every module (circuit's ``__all__`` once named a function
    that no longer existed, so its star import raised AttributeError)."""
    import pkgutil

    import ketawidget

    missing = {}
    for info in pkgutil.walk_packages(ketawidget.__path__, "ketawidget."):
        module = importlib.import_module(info.name)
        absent = [name for name in getattr(module, "__all__", ()) if not hasattr(module, name)]
        if absent:
            missing[info.name] = absent
    assert not missing, missing
