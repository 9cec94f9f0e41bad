"""``EmbeddableAnyWidget``: an anywidget that keeps its page code in a state read without defaults.

anywidget makes a widget's module (``_esm``), stylesheet (``_css``) and the id that names its
``<style>`` element (``_anywidget_id``) synced traits whose defaults are the class's own values.
ipywidgets' embed functions (``ipywidgets.embed.embed_data``, ``embed_minimal_html``,
``embed_snippet``, all with ``drop_defaults=True`` unless told otherwise) leave out every trait at
its default value, so an embedded anywidget reached the page with no code to run and no stylesheet
to load. Every anywidget of ketawidget derives from
:class:`EmbeddableAnyWidget`, which keeps those traits in the state however it is read.
"""

from __future__ import annotations

from collections.abc import Iterable

import anywidget

__all__ = ["ANYWIDGET_PAGE_TRAITS", "EmbeddableAnyWidget"]

#: What anywidget's page half needs to run a widget: its module, its stylesheet (a widget without
#: one has no such trait) and the id that names the stylesheet's ``<style>`` element.
ANYWIDGET_PAGE_TRAITS = ("_esm", "_css", "_anywidget_id")


class EmbeddableAnyWidget(anywidget.AnyWidget):
    """An anywidget whose state always holds its page code, so ipywidgets' embed functions work.

    Nothing changes for a kernel's page, which reads whole states (defaults and all); only a state
    read without defaults differs from anywidget's, by the traits of :data:`ANYWIDGET_PAGE_TRAITS`.
    """

    def get_state(self, key: str | Iterable[str] | None = None, drop_defaults: bool = False) -> dict:
        """The widget's state, as ipywidgets gives it, but with its page code even without defaults.

        Parameters
        ----------
        key : str or iterable of str, optional
            The traits to read; all synced traits when None.
        drop_defaults : bool
            Leave out traits at their default value, but those of :data:`ANYWIDGET_PAGE_TRAITS`.

        Returns
        -------
        dict
            The traits' values as they go on the wire.
        """
        if key is not None and not isinstance(key, str):
            key = list(key)  # read twice below: a generator would be spent by the first read
        state = super().get_state(key=key, drop_defaults=drop_defaults)
        if drop_defaults:
            asked = self.keys if key is None else [key] if isinstance(key, str) else key
            needed = [name for name in ANYWIDGET_PAGE_TRAITS if name in asked and name not in state]
            if needed:
                # super(), not self: a subclass may take a whole read of its state for a page loading
                # its widgets (UpdateCourier stops batching then), and this read is no such thing.
                state.update(super().get_state(key=needed))
        return state
