"""One message for a burst of widget changes.

A re-simulation changes some twenty of the lab's chart widgets (bqplot lines, scales, axes, legends).
ipywidgets sends each widget's changes as a message of its own, and the page took them in one by one
with a frame of JupyterLab's page between most of them (8 to 20 ms on a 2-core machine): the second
chart beside a dragged slider was drawn two or three frames after the first
(``benchmarks/lab_latency.py --messages``). :func:`one_message` holds the widgets' changes as
``hold_sync`` does, builds each widget's update exactly as ipywidgets would (its own ``send_state``),
and sends them together through the kernel's :class:`UpdateCourier`, whose page half
(``js/update_courier.ts``) applies them to the widgets' models in one task, so one frame draws them all.

Nothing is sent this way until a page has said it runs the courier's code (its ``ready`` message): in
plain Python, in tests without a browser and in front ends that do not load anywidget modules, the
widgets send their own messages as always. A page that cannot apply a batch says which widgets it
failed on, and their whole state is then sent the ordinary way.
"""

from __future__ import annotations

import contextlib
import functools
import weakref
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

import anywidget
import ipywidgets as widgets

from .synapse_view import STATIC_DIR

__all__ = ["UpdateCourier", "update_courier", "one_message", "one_per_kernel"]

_COURIER_BUNDLE = STATIC_DIR / "update_courier.js"
W = TypeVar("W", bound=widgets.Widget)


class UpdateCourier(anywidget.AnyWidget):
    """Carries a burst of other widgets' changes to the page in one message (:func:`one_message`).

    A widget with nothing to show, one per kernel (:func:`update_courier`). ``ready`` turns true once a
    page has loaded its code (``js/update_courier.ts``) and said so.
    """

    _esm = _COURIER_BUNDLE if _COURIER_BUNDLE.is_file() else "export default { initialize() {} };"

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        #: A page applies batches (it said so); until then, and after a page failed one, widgets send
        #: their own messages.
        self.ready = False
        #: The widgets whose changes it has carried, by model id: what a failed batch names.
        self.carried: weakref.WeakValueDictionary[str, widgets.Widget] = weakref.WeakValueDictionary()
        self.on_msg(self._on_page_message)

    def _on_page_message(self, _courier: widgets.Widget, content: object, _buffers: list) -> None:
        if not isinstance(content, dict):
            return
        if content.get("ready") is True:
            self.ready = True
        failed = content.get("failed")
        if failed is not None:
            # The page could not apply a batch: send the widgets' whole state the ordinary way, and
            # stop batching (a page that failed once would likely fail again).
            self.ready = False
            ids = list(self.carried) if failed == "all" else [i for i in failed if isinstance(i, str)]
            for model_id in ids:
                widget = self.carried.get(model_id)
                if widget is not None and widget.comm is not None:
                    widget.send_state()


def one_per_kernel(make: Callable[[], W]) -> Callable[[], W]:
    """A getter of the kernel's one widget made by ``make``: the same one each call, and a new one once
    it is closed (as ``Widget.close_all`` does), so the page always holds a live one."""
    made: list[W] = []

    def get() -> W:
        if not made or made[0].comm is None:
            made[:] = [make()]
        return made[0]

    return get


#: The kernel's one :class:`UpdateCourier`.
update_courier = one_per_kernel(UpdateCourier)


@contextlib.contextmanager
def one_message(parts: Sequence[widgets.Widget]) -> Iterator[None]:
    """Hold every change made to ``parts`` in the block and send them all in one message, in the order
    of ``parts``, once the block ends (each widget's changes as its own ``hold_sync`` would send them).
    Where no page has said it applies such messages, each widget sends its own, as ``hold_sync`` does.
    """
    courier = update_courier()
    collected: list[tuple[widgets.Widget, str, dict, list]] = []
    try:
        with contextlib.ExitStack() as stack:
            if courier.ready:
                for widget in parts:
                    if "_send" in widget.__dict__:
                        continue  # already collected by an enclosing one_message, whose batch it joins
                    # While the stack lets go of the holds, each widget's update lands here instead of
                    # on its comm; the instance attribute shadows the method and goes afterwards.
                    widget._send = functools.partial(_collect, collected, widget)
                    stack.callback(_stop_collecting, widget)
            for widget in reversed(parts):  # the stack lets go last-in first: the updates come in order
                stack.enter_context(widget.hold_sync())
            yield
    finally:
        # As hold_sync sends what changed before an error, so does the batch.
        if collected:
            _send_batch(courier, collected)


def _collect(collected: list, widget: widgets.Widget, msg: dict, buffers: list | None = None) -> None:
    """A widget's outgoing message while it is collected: its updates join the batch; anything else
    (a custom message) goes out at once, as it would have; a widget with no comm sends nothing."""
    if widget.comm is None:
        return
    if msg.get("method") != "update":
        type(widget)._send(widget, msg, buffers=buffers)
        return
    collected.append((widget, widget.model_id, msg, list(buffers or [])))


def _stop_collecting(widget: widgets.Widget) -> None:
    widget.__dict__.pop("_send", None)


def _send_batch(courier: UpdateCourier, collected: list[tuple[widgets.Widget, str, dict, list]]) -> None:
    """Send the collected updates in one message; should that fail (the courier closed meanwhile),
    each widget sends its own, so that no change is lost."""
    updates, buffers = [], []
    for widget, model_id, msg, own in collected:
        courier.carried[model_id] = widget
        updates.append({"model_id": model_id, "state": msg["state"], "buffer_paths": msg["buffer_paths"], "buffers": len(own)})
        buffers += own
    try:
        courier.send({"updates": updates}, buffers)
    except Exception:  # noqa: BLE001 - whatever stopped the batch, the updates still go, one by one
        courier.ready = False
        for widget, _, msg, own in collected:
            if widget.comm is not None:
                type(widget)._send(widget, msg, buffers=own)
