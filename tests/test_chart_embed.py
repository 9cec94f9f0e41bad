"""A chart embedded on its own (ipywidgets' embed functions, a notebook saved with some widgets' state)
carries the stylesheet that sizes its text (ketawidget/widget/charts.py ``CHART_TEXT_CSS``): the
state of the kernel's ``ChartTextStyle`` is in the embedded state, and the chart's view refers to it,
so the page that draws the chart loads it."""

from __future__ import annotations

import json
import re

import ipywidgets as widgets
import pytest
from ipywidgets.embed import embed_data, embed_minimal_html

import ketawidget as kw
from ketawidget.model.parameters import Params
from ketawidget.widget.charts import CHART_TEXT_CSS, DoseResponseChart, ExperimentChart, TimeSeriesCharts

_MODEL_REF = re.compile(r"IPY_MODEL_([0-9a-f]+)")


def _reachable(states: dict, root: str) -> set[str]:
    """The model ids a page reaches from model ``root`` through the references in the embedded
    states (what its widget manager resolves), ``root`` among them."""
    seen, todo = set(), [root]
    while todo:
        model_id = todo.pop()
        if model_id in seen or model_id not in states:
            continue
        seen.add(model_id)
        todo += _MODEL_REF.findall(json.dumps(states[model_id]["state"]))
    return seen


def _stylesheet_ids(states: dict) -> set[str]:
    return {model_id for model_id, entry in states.items() if entry["state"].get("_css") == CHART_TEXT_CSS}


@pytest.fixture(scope="module")
def time_series():
    return TimeSeriesCharts(kw.simulate(kw.Infusion(0.5, 40), hours=6))


@pytest.fixture(scope="module")
def charts(time_series):
    """One of each kind of chart, made on its own (no lab, no diagram): what an author might embed."""
    panel = time_series.panels["drug"]
    dose_response, experiment = DoseResponseChart(Params()), ExperimentChart(Params())
    return {
        "a time-series panel's box": panel.widget,
        "a time-series panel's figure": panel.figure,
        "every time-series panel": time_series.widget,
        "the dose-response chart's box": dose_response.widget,
        "the dose-response chart's figure": dose_response.figure,
        "the experiment chart's box": experiment.widget,
        "the experiment chart's figure": experiment.figure,
    }


@pytest.mark.parametrize(
    "what",
    [
        "a time-series panel's box",
        "a time-series panel's figure",
        "every time-series panel",
        "the dose-response chart's box",
        "the dose-response chart's figure",
        "the experiment chart's box",
        "the experiment chart's figure",
    ],
)
def test_one_embedded_chart_carries_its_text_stylesheet_reachable_from_its_view(charts, what):
    view = charts[what]
    data = embed_data(views=[view])
    states = data["manager_state"]["state"]
    [spec] = data["view_specs"]
    stylesheets = _stylesheet_ids(states)
    assert stylesheets, "the embedded state lacks the charts' stylesheet widget"
    assert stylesheets & _reachable(states, spec["model_id"]), "the chart's view does not refer to the stylesheet's widget"
    [model_id] = stylesheets
    assert states[model_id]["model_module"] == "anywidget", "not a widget the page loads with anywidget"
    # anywidget's page half loads the stylesheet with the module, under the id that names its <style>.
    assert {"_esm", "_anywidget_id"} <= states[model_id]["state"].keys()


def test_an_embedded_page_of_one_chart_holds_the_stylesheet(charts, tmp_path):
    page = tmp_path / "chart.html"
    embed_minimal_html(page, views=[charts["a time-series panel's box"]], title="one chart")
    text = page.read_text()
    state = json.loads(re.search(r'<script type="application/vnd.jupyter.widget-state\+json">\s*(.*?)\s*</script>', text, re.S).group(1))
    assert _stylesheet_ids(state["state"]), "the saved page lacks the charts' stylesheet"


def test_the_stylesheet_adds_nothing_to_a_charts_box(time_series):
    # The figure carries the reference; the box holds what it always held, so the chart is laid out
    # (and looks) in the lab as before: no element of its own, no gap in the box.
    panel = time_series.panels["drug"]
    assert list(panel.widget.children) == [panel.legend, panel.figure, panel.summary]
    assert isinstance(panel.widget, widgets.VBox)
