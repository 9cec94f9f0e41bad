"""ipywidgets' embed functions (``embed_data``, ``embed_minimal_html``, ``embed_snippet``; a notebook
saved with some widgets' state) and ketawidget's widgets.

Every anywidget of the package keeps its page code (``_esm``, ``_css``, ``_anywidget_id``) and its view
(``_view_name``, ``_view_module``, ``_view_module_version``) in a state read without defaults, as those
functions read it (ketawidget/widget/embeddable_anywidget.py): anywidget makes these traits' defaults
the class's values, and a dropped default reached the page as a widget with no code to run, or with
the page's default view name, null, which no view can be made from. A chart embedded on its own carries the stylesheet that sizes its text
(ketawidget/widget/charts.py ``CHART_TEXT_CSS``): the state of the kernel's ``ChartTextStyle`` is in
the embedded state, and the chart's view refers to it, so the page that draws the chart loads it."""

from __future__ import annotations

import importlib
import json
import pkgutil
import re

import anywidget
import ipywidgets as widgets
import pytest
from ipywidgets.embed import embed_data, embed_minimal_html, embed_snippet

import ketawidget as kw
from ketawidget.model.parameters import Params
from ketawidget.widget.charts import CHART_TEXT_CSS, ChartTextStyle, DoseResponseChart, ExperimentChart, TimeSeriesCharts
from ketawidget.widget.synapse_view import STATIC_DIR, SynapseView
from ketawidget.widget.update_courier import UpdateCourier

_MODEL_REF = re.compile(r"IPY_MODEL_([0-9a-f]+)")
_PAGE_STATE = re.compile(r'<script type="application/vnd.jupyter.widget-state\+json">\s*(.*?)\s*</script>', re.S)


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


def _page_state(html: str) -> dict:
    """The widget states a page made by ipywidgets' embed functions holds, by model id."""
    return json.loads(_PAGE_STATE.search(html).group(1))["state"]


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
    assert _stylesheet_ids(_page_state(page.read_text())), "the saved page lacks the charts' stylesheet"


def test_the_stylesheet_adds_nothing_to_a_charts_box(time_series):
    # The figure carries the reference; the box holds what it always held, so the chart is laid out
    # (and looks) in the lab as before: no element of its own, no gap in the box.
    panel = time_series.panels["drug"]
    assert list(panel.widget.children) == [panel.legend, panel.figure, panel.summary]
    assert isinstance(panel.widget, widgets.VBox)


def _package_anywidgets() -> list[type]:
    """Every anywidget class defined in ketawidget, after importing each of its modules."""
    for module in pkgutil.walk_packages(kw.__path__, "ketawidget."):
        importlib.import_module(module.name)
    found, todo = [], [anywidget.AnyWidget]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            todo.append(sub)
            if sub.__module__.split(".")[0] == "ketawidget" and sub not in found:
                found.append(sub)
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


_ANYWIDGETS = _package_anywidgets()


def test_the_search_finds_the_packages_anywidgets():
    # A search that found nothing would make the next test pass on nothing.
    assert {SynapseView, UpdateCourier, ChartTextStyle} <= set(_ANYWIDGETS)


#: The view anywidget's page half makes: ipywidgets' page models default these to null and "", and
#: anywidget's page model keeps those defaults (its view's name is a static property, not a default).
_VIEW_TRAITS = ("_view_name", "_view_module", "_view_module_version")
#: The model anywidget's page half makes: ipywidgets' embed functions write it beside the state.
_MODEL_TRAITS = ("_model_name", "_model_module", "_model_module_version")


def _page_code(widget: anywidget.AnyWidget) -> dict[str, str]:
    """What anywidget's page half needs to run ``widget``: its module, the id naming its stylesheet's
    ``<style>``, its stylesheet where its class has one, and the view it makes of it. Listed here, not
    taken from ketawidget/widget/embeddable_anywidget.py, so that a trait left out there fails here."""
    names = ["_esm", "_anywidget_id", *_VIEW_TRAITS] + (["_css"] if hasattr(type(widget), "_css") else [])
    return {name: getattr(widget, name) for name in names}


@pytest.mark.parametrize("cls", _ANYWIDGETS, ids=lambda cls: cls.__qualname__)
def test_every_anywidget_embedded_alone_carries_its_page_code(cls):
    widget = cls()
    try:
        code = _page_code(widget)
        assert code["_esm"], "nothing to run"
        assert code["_view_name"] == "AnyView", "a view the page's anywidget does not make"
        entry = embed_data(views=[widget])["manager_state"]["state"][widget.model_id]
        state = entry["state"]
        missing = sorted(name for name in code if name not in state)
        assert not missing, f"{cls.__qualname__} embedded without {missing}: the page cannot run it"
        assert {name: state[name] for name in code} == code
        # The model's triplet goes beside the state, not in it: the page makes the model from these.
        assert {name: entry[name.lstrip("_")] for name in _MODEL_TRAITS} == {name: getattr(widget, name) for name in _MODEL_TRAITS}
    finally:
        widget.close()


@pytest.fixture(scope="module")
def diagram():
    view = SynapseView(kw.simulate(kw.Infusion(0.5, 40), hours=2))
    yield view
    view.close()


def test_a_diagram_embedded_in_a_minimal_page_carries_its_bundle_and_stylesheet(diagram, tmp_path):
    page = tmp_path / "diagram.html"
    embed_minimal_html(page, views=[diagram], title="the diagram")
    state = _page_state(page.read_text())[diagram.model_id]
    assert state["model_module"] == "anywidget"
    assert {name: state["state"].get(name) for name in _page_code(diagram)} == _page_code(diagram)
    # The bundle itself (js/ built into ketawidget/static/widget.js), not the stand-in for a missing one.
    assert state["state"]["_esm"] == (STATIC_DIR / "widget.js").read_text()
    assert state["state"]["_css"] == (STATIC_DIR / "widget.css").read_text()
    assert state["state"]["trajectory_channels"] == diagram.trajectory_channels, "the run goes with it"


def test_a_diagram_embedded_as_a_snippet_carries_its_bundle(diagram):
    state = _page_state(embed_snippet(views=[diagram]))[diagram.model_id]["state"]
    assert {"_esm", "_css", "_anywidget_id", *_VIEW_TRAITS} <= state.keys()


def test_embedding_the_courier_leaves_batching_as_it_was(monkeypatch):
    # ipywidgets' embed functions read states without defaults: no page loads the kernel's widgets
    # then, so the courier stays ready and asks no page anything (a whole-state read would).
    courier = UpdateCourier()
    sent = []
    monkeypatch.setattr(courier, "send", lambda content, buffers=None: sent.append(content))
    try:
        courier.ready = True
        state = embed_data(views=[courier])["manager_state"]["state"][courier.model_id]["state"]
        assert {"_esm", "_anywidget_id"} <= state.keys()
        assert courier.ready is True and sent == []
        courier.get_state()
        assert courier.ready is False and sent == [{"roll_call": True}], "a whole-state read still resets it"
    finally:
        courier.close()
