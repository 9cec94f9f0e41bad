"""Tests of the update courier (ketawidget/widget/update_courier.py): a re-simulation's chart changes
go to the page as one message once a page has said it applies them, holding exactly what each
widget's own update message would have held, in the same order; before that, and after a page
failed a batch, each widget sends its own message as ipywidgets always does."""

from __future__ import annotations

import weakref

import ipywidgets as widgets
import numpy as np
import pytest

import ketawidget as kw
from ketawidget.widget.update_courier import one_message, update_courier


@pytest.fixture
def courier(monkeypatch):
    """The kernel's courier, its batches recorded instead of sent; not ready until a test says so."""
    courier = update_courier()
    monkeypatch.setattr(courier, "ready", False)
    # The kernel's one courier outlives each test: what earlier tests batched is not this one's.
    monkeypatch.setattr(courier, "batched_since_read", weakref.WeakValueDictionary())
    batches: list[tuple[dict, list]] = []
    monkeypatch.setattr(courier, "send", lambda content, buffers=None: batches.append((content, list(buffers or []))))
    courier.batches = batches
    return courier


@pytest.fixture
def own_messages(monkeypatch):
    """Every update a widget sends on its own comm: (model id, state, buffers)."""
    sent: list[tuple[str, dict, list]] = []

    def record(self, msg, buffers=None):
        if msg.get("method") == "update" and self.comm is not None:
            sent.append((self.model_id, msg["state"], list(buffers or [])))

    monkeypatch.setattr(widgets.Widget, "_send", record)
    return sent


def _as_bytes(buffers):
    return [bytes(memoryview(b)) for b in buffers]


def _redose(lab):
    lab.dose = kw.Infusion(dose_mg_per_kg=1.5, minutes=40)


def test_without_a_ready_page_each_widget_sends_its_own_update(courier, own_messages):
    lab = kw.KetamineLab()
    own_messages.clear()
    _redose(lab)
    assert courier.batches == []
    lines = {panel.lines.model_id for panel in lab.timeseries.panels.values()}
    assert lines <= {model_id for model_id, _, _ in own_messages}, "each panel's lines send their own update"


def test_with_a_ready_page_a_burst_is_one_message_holding_what_each_widget_would_have_sent(courier, own_messages):
    # The same change twice, from the same start: once the ordinary way, once through the courier.
    ordinary_lab, batched_lab = kw.KetamineLab(), kw.KetamineLab()
    own_messages.clear()
    _redose(ordinary_lab)
    ordinary = [(state, _as_bytes(buffers)) for _, state, buffers in own_messages]
    ordinary_ids = [model_id for model_id, _, _ in own_messages]

    courier.ready = True
    own_messages.clear()
    _redose(batched_lab)
    batched_ids = {model_id for model_id, _, _ in own_messages}
    assert courier.batches, "a ready page gets the charts' changes as batches"
    updates = [update for content, _ in courier.batches for update in content["updates"]]
    assert not batched_ids & {update["model_id"] for update in updates}, "a batched widget sent its own message too"
    # Each batch carries its buffers in order, as many as its updates name.
    for content, buffers in courier.batches:
        assert sum(update["buffers"] for update in content["updates"]) == len(buffers)
        assert all(update["buffers"] == len(update["buffer_paths"]) for update in content["updates"])
    # Everything the charts would have sent, in the same order (the two labs' widgets differ by id
    # only: compare by position among the chart widgets' updates).
    batched = []
    for content, buffers in courier.batches:
        at = 0
        for update in content["updates"]:
            batched.append((update["state"], _as_bytes(buffers[at:at + update["buffers"]])))
            at += update["buffers"]
    chart_ids = {widget.model_id for widget in _chart_widgets(ordinary_lab)}
    ordinary_charts = [entry for entry, model_id in zip(ordinary, ordinary_ids) if model_id in chart_ids]
    assert len(batched) == len(ordinary_charts)
    for (state_b, bufs_b), (state_o, bufs_o) in zip(batched, ordinary_charts):
        assert state_b.keys() == state_o.keys()
        for key in state_b:  # the same values, bar the references to the lab's own widgets
            if "IPY_MODEL_" not in repr(state_o[key]):
                assert state_b[key] == state_o[key], key
        assert bufs_b == bufs_o


def _chart_widgets(lab) -> set:
    """The widgets a re-simulation's bursts carry: the panels' drawing, their hover points, their summaries."""
    charts = lab.timeseries
    summaries = [panel.summary for panel in charts.panels.values()]
    return set(charts._chart_widgets(list(charts.panels)) + charts._hover_widgets(list(charts.panels)) + summaries)


def test_changes_made_before_an_error_are_sent_all_the_same(courier, own_messages):
    first, second = widgets.FloatText(value=1.0), widgets.FloatText(value=2.0)
    courier.ready = True
    with pytest.raises(RuntimeError, match="midway"):
        with one_message([first, second]):
            first.value = 10.0
            raise RuntimeError("midway")
    [(content, _)] = courier.batches
    assert content["updates"] == [{"model_id": first.model_id, "state": {"value": 10.0}, "buffer_paths": [], "buffers": 0}]
    assert "_send" not in first.__dict__ and "_send" not in second.__dict__, "the widgets send on their own again"


def test_a_page_that_fails_a_batch_gets_the_widgets_whole_state_the_ordinary_way(courier, own_messages):
    line, never_carried = widgets.FloatText(value=3.5), widgets.FloatText(value=1.0)
    courier.ready = True
    with one_message([line]):
        line.value = 4.0
    own_messages.clear()
    courier._on_page_message(courier, {"failed": [line.model_id, never_carried.model_id, 42]}, [])
    assert courier.ready is False, "no more batches to a page that failed one"
    [(model_id, state, _)] = own_messages
    assert model_id == line.model_id and state["value"] == 4.0
    # A batch the page could not read at all: every widget the courier carried.
    courier.ready = True
    own_messages.clear()
    courier._on_page_message(courier, {"failed": "all"}, [])
    assert courier.ready is False
    assert line.model_id in {model_id for model_id, _, _ in own_messages}
    assert never_carried.model_id not in {model_id for model_id, _, _ in own_messages}
    courier._on_page_message(courier, {"ready": True}, [])
    assert courier.ready is True


def test_the_page_says_ready_only_with_true(courier):
    for content in ({"ready": 1}, {"ready": "yes"}, "ready", None):
        courier._on_page_message(courier, content, [])
        assert courier.ready is False, content


def test_a_batch_holds_the_new_run_of_the_lines(courier, own_messages):
    lab = kw.KetamineLab()
    courier.ready = True
    _redose(lab)
    block_lines = lab.timeseries.panels["block"].lines
    [batch] = [b for b in courier.batches if any(u["model_id"] == block_lines.model_id for u in b[0]["updates"])]
    content, buffers = batch
    at = 0
    for update in content["updates"]:
        if update["model_id"] == block_lines.model_id:
            assert update["buffer_paths"][0][0] == "y"
            sent = np.frombuffer(bytes(memoryview(buffers[at])), dtype=block_lines.y.dtype)
            np.testing.assert_array_equal(sent, np.asarray(block_lines.y).ravel())
        at += update["buffers"]


def test_a_nested_burst_joins_the_enclosing_one(courier, own_messages):
    outer, inner = widgets.FloatText(value=0.0), widgets.FloatText(value=0.0)
    courier.ready = True
    own_messages.clear()
    with one_message([outer, inner]):
        outer.value = 1.0
        with one_message([inner]):
            inner.value = 2.0
        inner.value = 3.0
        assert courier.batches == [], "the inner block sends nothing of its own"
    assert own_messages == []
    [(content, _)] = courier.batches
    assert [(u["model_id"], u["state"]) for u in content["updates"]] == [(outer.model_id, {"value": 1.0}), (inner.model_id, {"value": 3.0})]
    assert "_send" not in outer.__dict__ and "_send" not in inner.__dict__


def test_a_part_closed_in_the_block_and_a_custom_message_do_not_break_the_batch(courier, own_messages, monkeypatch):
    kept, closed = widgets.FloatText(value=0.0), widgets.FloatText(value=0.0)
    custom: list = []
    monkeypatch.setattr(widgets.Widget, "_send", lambda self, msg, buffers=None: custom.append((self, msg)))
    courier.ready = True
    with one_message([kept, closed]):
        kept.value = 1.0
        kept.send({"hello": "page"})  # a custom message goes out at once, as it would have
        closed.value = 2.0
        closed.close()
    assert [msg["method"] for widget, msg in custom if widget is kept] == ["custom"]
    [(content, _)] = courier.batches
    assert [u["model_id"] for u in content["updates"]] == [kept.model_id]


def test_if_the_batch_cannot_be_sent_each_widget_sends_its_own(courier, own_messages, monkeypatch):
    line = widgets.FloatText(value=0.0)
    courier.ready = True

    def closed(content, buffers=None):
        raise RuntimeError("the courier's comm is closed")

    monkeypatch.setattr(courier, "send", closed)
    own_messages.clear()
    with one_message([line]):
        line.value = 5.0
    assert [(model_id, state) for model_id, state, _ in own_messages] == [(line.model_id, {"value": 5.0})]
    assert courier.ready is False


def test_a_change_drawn_in_every_panel_at_once_carries_the_summaries_in_its_batch(courier, own_messages):
    lab = kw.KetamineLab()
    courier.ready = True
    own_messages.clear()
    _redose(lab)  # from code: every panel at once
    summaries = {panel.summary.model_id for panel in lab.timeseries.panels.values()}
    assert not summaries & {model_id for model_id, _, _ in own_messages}, "a summary sent a message of its own"
    first = {update["model_id"] for update in courier.batches[0][0]["updates"]}
    assert summaries <= first and lab.timeseries.panels["spines"].lines.model_id in first


def test_a_dragged_sliders_other_panels_and_the_summaries_go_in_one_batch(courier, own_messages):
    lab = kw.KetamineLab()
    courier.ready = True
    own_messages.clear()
    lab.dose_slider.set_state({"value": 1.0})  # from the page: the panels nearest the controls first, the others next
    summaries = {panel.summary.model_id for panel in lab.timeseries.panels.values()}
    assert not summaries & {model_id for model_id, _, _ in own_messages}, "a summary sent a message of its own"
    batches = [{update["model_id"] for update in content["updates"]} for content, _ in courier.batches]
    # The panels nearest the controls; the others with the summaries; the hover points (at once here,
    # with no event loop to wait on: draw_hover).
    assert len(batches) == 3
    later_lines = {lab.timeseries.panels[key].lines.model_id for key in lab.timeseries.panels if key not in ("drug", "block")}
    assert later_lines <= batches[1]
    assert len(summaries & batches[1]) == len(summaries), "every panel's summary changed with the dose, in that batch"



def _from_a_page(widget: widgets.Widget, data: dict) -> None:
    """A message from a page to ``widget``, taken in as the kernel takes a comm message."""
    widget.comm.handle_msg({"content": {"data": data}, "buffers": []})


class _ControlComm:
    """The widget control comm's kernel end: what it sends back is recorded."""

    def __init__(self) -> None:
        self.sent: list[dict] = []

    def send(self, data: dict, buffers=None) -> None:
        self.sent.append(data)


def _load_widgets_as_jupyterlab_does(courier, monkeypatch) -> None:
    """A page loading the kernel's widgets as JupyterLab 4 does: every widget's state at once, on the
    control comm."""
    control = _ControlComm()
    monkeypatch.setattr(widgets.Widget, "_control_comm", control)
    widgets.Widget._handle_control_comm_msg({"content": {"data": {"method": "request_states"}}, "buffers": []})
    [reply] = control.sent
    assert courier.model_id in reply["states"]


def _load_widgets_one_by_one(courier, monkeypatch) -> None:
    """A page loading the kernel's widgets one state request each (ipywidgets' fallback, older front ends)."""
    _from_a_page(courier, {"method": "request_state"})


def _own_values(own_messages, widget) -> list:
    return [state.get("value") for model_id, state, _ in own_messages if model_id == widget.model_id]


@pytest.mark.parametrize("load_widgets", [_load_widgets_as_jupyterlab_does, _load_widgets_one_by_one])
def test_a_page_loading_the_kernels_widgets_gets_no_batch_until_a_courier_says_ready(courier, own_messages, monkeypatch, load_widgets):
    # A reloaded page (or a second one on the kernel, or one reconnecting) reads every widget's state,
    # the courier's among them, then makes the widgets; a new page's courier listens only once its
    # code runs. The kernel cannot see the old page go: that read is what says a page may not listen.
    line = widgets.FloatText(value=0.0)
    _from_a_page(courier, {"method": "custom", "content": {"ready": True}})
    with one_message([line]):
        line.value = 1.0
    assert [list(content) for content, _ in courier.batches] == [["updates"]]
    courier.batches.clear()
    load_widgets(courier, monkeypatch)
    assert courier.ready is False, "a batch now could reach a courier that does not listen yet"
    assert [content for content, _ in courier.batches] == [{"roll_call": True}], "pages that listen are asked to say so, once"
    courier.batches.clear()
    own_messages.clear()
    with one_message([line]):
        line.value = 2.0
    assert courier.batches == [] and _own_values(own_messages, line) == [2.0], "the widget sends its own update meanwhile"
    own_messages.clear()
    _from_a_page(courier, {"method": "custom", "content": {"ready": True}})
    assert courier.ready is True
    assert own_messages == [] and courier.batches == [], "nothing was batched since the page read the state: nothing to resend"
    with one_message([line]):
        line.value = 3.0
    assert len(courier.batches) == 1, "batches again once a page's courier listens"


def test_a_page_that_failed_a_batch_is_not_asked_back_when_a_page_loads(courier, own_messages, monkeypatch):
    courier.ready = True
    _from_a_page(courier, {"method": "custom", "content": {"failed": "all"}})
    _load_widgets_as_jupyterlab_does(courier, monkeypatch)
    assert courier.batches == [] and courier.ready is False


def _batched_states(batches) -> dict:
    return {update["model_id"]: update["state"] for content, _ in batches for update in content.get("updates", [])}


def test_a_courier_that_has_just_started_gets_the_widgets_batched_since_the_last_read_whole_in_one_batch(courier, own_messages, monkeypatch):
    # A page made from the last whole-state read may have missed every batch sent since (its models
    # were still being made, or it was made from a notebook's saved state): those widgets are sent
    # whole, in one batch, which the page applies once each model is made. An ordinary message to a
    # widget whose model is still being made would be dropped.
    before, line, other = (widgets.FloatText(value=0.0, description=name) for name in ("before", "line", "other"))
    courier.ready = True
    with one_message([before]):
        before.value = 1.0
    _load_widgets_as_jupyterlab_does(courier, monkeypatch)  # the new page is made from this read
    _from_a_page(courier, {"method": "custom", "content": {"ready": True, "answering": "roll_call"}})  # the old page
    with one_message([line]):
        line.value = 5.0
    courier.batches.clear()
    own_messages.clear()
    _from_a_page(courier, {"method": "custom", "content": {"ready": True}})  # the new page's courier starts
    assert own_messages == [], "the resend goes as one batch, not as each widget's own message"
    [(content, _)] = courier.batches
    sent = _batched_states(courier.batches)
    assert sent[line.model_id]["value"] == 5.0 and sent[line.model_id]["description"] == "line", "the whole state, not the change"
    assert before.model_id not in sent, "batched before the read: the page was made with it"
    assert other.model_id not in sent, "a widget never batched cannot have been missed"
    assert courier.ready is True


def test_a_courier_answering_a_roll_call_gets_nothing_resent(courier, own_messages, monkeypatch):
    # It listened all along and took in every batch: resending to every listening page at each roll
    # call was a storm of whole states (every chart widget of every lab).
    line = widgets.FloatText(value=0.0)
    _load_widgets_as_jupyterlab_does(courier, monkeypatch)
    courier.ready = True
    with one_message([line]):
        line.value = 5.0
    courier.batches.clear()
    own_messages.clear()
    _from_a_page(courier, {"method": "custom", "content": {"ready": True, "answering": "roll_call"}})
    assert courier.batches == [] and own_messages == []
    assert courier.ready is True


def test_a_resend_that_cannot_go_as_a_batch_goes_as_each_widgets_own_message(courier, own_messages, monkeypatch):
    line = widgets.FloatText(value=0.0, description="line")
    courier.ready = True
    with one_message([line]):
        line.value = 5.0

    def closed(content, buffers=None):
        raise RuntimeError("the courier's comm is closed")

    monkeypatch.setattr(courier, "send", closed)
    own_messages.clear()
    courier._on_page_message(courier, {"ready": True}, [])
    [(model_id, state, _)] = own_messages
    assert model_id == line.model_id and state["value"] == 5.0 and state["description"] == "line"
    assert courier.ready is False
