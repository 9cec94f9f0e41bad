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

The kernel cannot see a page go away, so ``ready`` is never taken as lasting: when a page loads the
kernel's widgets (a reload, a second page on the same kernel, a page reconnecting) it reads the
courier's whole state, and batching stops until a page's courier says ``ready`` again (the kernel
asks every page that listens to: a ``roll_call``). The same read also comes from
``Widget.get_manager_state()`` and from ``embed_data(..., drop_defaults=False)``, which load no page:
they too stop batching until a listening page answers the roll call. A page whose courier was
listening answers ``{"ready": true, "answering": "roll_call"}`` and needs nothing resent: it took in
every batch. A courier that has just started says plain ``{"ready": true}``; its page made its
widgets from the state read at the last whole-state read, or from a notebook's saved state, and may
have missed the batches sent since, so the kernel sends the whole state of every widget it batched
since that read, as ONE batch, which the page applies once each model is made.
"""

from __future__ import annotations

import contextlib
import functools
import weakref
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

import ipywidgets as widgets

from .embeddable_anywidget import EmbeddableAnyWidget
from .synapse_view import STATIC_DIR

__all__ = ["UpdateCourier", "update_courier", "one_message", "one_per_kernel"]

_COURIER_BUNDLE = STATIC_DIR / "update_courier.js"
W = TypeVar("W", bound=widgets.Widget)


class UpdateCourier(EmbeddableAnyWidget):
    """Carries a burst of other widgets' changes to the page in one message (:func:`one_message`).

    A widget with nothing to show, one per kernel (:func:`update_courier`). ``ready`` turns true once a
    page has loaded its code (``js/update_courier.ts``) and said so, and false again whenever a page
    loads the kernel's widgets (it reads the courier's whole state: :meth:`get_state`), until a page
    says so again.

    Attributes
    ----------
    ready : bool
        Whether :func:`one_message` sends its batches through the courier.
    carried : weakref.WeakValueDictionary
        The widgets whose changes it has carried, by model id.
    batched_since_read : weakref.WeakValueDictionary
        The widgets it has carried since its whole state was last read, by model id: what a page made
        from that read may have missed.
    """

    _esm = _COURIER_BUNDLE if _COURIER_BUNDLE.is_file() else "export default { initialize() {} };"

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        #: A page applies batches (it said so); until then, after a page failed one and while a page
        #: loads the kernel's widgets, widgets send their own messages.
        self.ready = False
        #: The widgets whose changes it has carried, by model id: what a failed batch names.
        self.carried: weakref.WeakValueDictionary[str, widgets.Widget] = weakref.WeakValueDictionary()
        #: What a page whose courier has just started may have missed: the widgets batched since its
        #: widgets' states were read (a page is made from the last such read).
        self.batched_since_read: weakref.WeakValueDictionary[str, widgets.Widget] = weakref.WeakValueDictionary()
        self.on_msg(self._on_page_message)

    def get_state(self, key=None, drop_defaults: bool = False) -> dict:
        """The courier's state, as :meth:`EmbeddableAnyWidget.get_state` gives it (its code too when
        read without defaults, as ipywidgets' embed functions read it).

        Reading the whole state, defaults and all, is what a front end does to make the courier's
        model on a page: JupyterLab's ``request_states`` on the widget control comm when a page loads,
        reloads or reconnects to the kernel's widgets, or a ``request_state`` of the courier's own. The
        kernel cannot see a page go away, and a new page's courier takes no batch until its code runs,
        so batching stops here, and every page whose courier listens is asked to say ``ready`` again
        (a ``roll_call``); until a page does, every widget sends its own messages (one that reaches the new
        page before that widget's model is made there is dropped by the page, as for any ipywidget
        while a page loads). What was batched before this read is in the state
        the new page is made from, so the record of what a new page may have missed starts afresh.

        ``Widget.get_manager_state()`` and ``embed_data(..., drop_defaults=False)`` read the state the
        same way and cannot be told apart from a page loading: they too stop batching until a page
        that listens answers the roll call (at once, where one is open), and start that record afresh.
        The first read, as the courier opens its comm inside ``__init__``, changes nothing.

        Parameters
        ----------
        key : str or iterable of str, optional
            The traits to read; all synced traits when None.
        drop_defaults : bool
            Leave out traits at their default value, but those of ``ANYWIDGET_PAGE_TRAITS`` (its code
            and its view; the courier has no ``_css``).

        Returns
        -------
        dict
            The traits' values as they go on the wire.
        """
        # Neither attribute exists yet while the widget opens its comm (its first whole state), inside
        # __init__: that read is no page's.
        if key is None and not drop_defaults and hasattr(self, "batched_since_read"):
            self.batched_since_read.clear()
            if self.ready:
                self.ready = False
                # Only when it was ready: the control comm reads every widget's state twice, and once
                # a page failed a batch the kernel does not batch until a new courier says ready.
                if self.comm is not None:
                    self.send({"roll_call": True})
        return super().get_state(key=key, drop_defaults=drop_defaults)

    def _on_page_message(self, _courier: widgets.Widget, content: object, _buffers: list) -> None:
        if not isinstance(content, dict):
            return
        if content.get("ready") is True:
            self.ready = True
            # A courier answering a roll call was listening all along and took in every batch. One
            # that has just started belongs to a page made from the last whole-state read (or from a
            # notebook's saved state) and may have missed what was batched since: that is resent
            # whole, in one batch, which the page applies once each model is made (an ordinary
            # message reaching a widget whose model is still being made is dropped).
            if content.get("answering") != "roll_call":
                missed = [widget for widget in self.batched_since_read.values() if widget.comm is not None]
                with one_message(missed):  # batching is on again: their whole states go as one batch
                    for widget in missed:
                        widget.send_state()
        failed = content.get("failed")
        if failed is not None:
            # The page could not apply a batch: send the widgets' whole state the ordinary way, and
            # stop batching (a page that failed once would likely fail again).
            self.ready = False
            self._send_whole_state(list(self.carried) if failed == "all" else [i for i in failed if isinstance(i, str)])

    def _send_whole_state(self, model_ids: list[str]) -> None:
        """Send each carried widget named in ``model_ids`` its whole state, the ordinary way; a widget
        gone or closed since is left out."""
        for model_id in model_ids:
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
        courier.batched_since_read[model_id] = widget
        updates.append({"model_id": model_id, "state": msg["state"], "buffer_paths": msg["buffer_paths"], "buffers": len(own)})
        buffers += own
    try:
        courier.send({"updates": updates}, buffers)
    except Exception:  # noqa: BLE001 - whatever stopped the batch, the updates still go, one by one
        courier.ready = False
        for widget, _, msg, own in collected:
            if widget.comm is not None:
                type(widget)._send(widget, msg, buffers=own)
