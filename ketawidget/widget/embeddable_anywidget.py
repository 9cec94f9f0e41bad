"""``EmbeddableAnyWidget``: an anywidget that keeps what its page half needs in a state read without defaults.

anywidget makes a widget's module (``_esm``), stylesheet (``_css``) and the id that names its
``<style>`` element (``_anywidget_id``) synced traits whose defaults are the class's own values, and
its view's name, module and module version (``_view_name``, ``_view_module``,
``_view_module_version``) synced traits whose defaults are ``AnyView`` in ``anywidget``.
ipywidgets' embed functions (``ipywidgets.embed.embed_data``, ``embed_minimal_html``,
``embed_snippet``, all with ``drop_defaults=True`` unless told otherwise) leave out every trait at
its default value, so an embedded anywidget reached the page with no code to run, no stylesheet to
load and no view: a trait missing from the state takes the page's default, and ipywidgets' page
models default ``_view_name`` to null (anywidget's page model does not override it), so the page
could not make the widget's view ("Class null not found in module @jupyter-widgets/base"). Every
anywidget of ketawidget derives from :class:`EmbeddableAnyWidget`, which keeps those traits in the
state however it is read.

The model's own triplet (``_model_name``, ``_model_module``, ``_model_module_version``) needs no
keeping: the embed functions write it beside the state (each model's ``model_name``,
``model_module``, ``model_module_version``), and the page makes the model from those.
"""

from __future__ import annotations

from collections.abc import Iterable

import anywidget

__all__ = ["ANYWIDGET_PAGE_TRAITS", "EmbeddableAnyWidget"]

#: What anywidget's page half needs to run a widget: its module, its stylesheet (a widget without
#: one has no such trait), the id that names the stylesheet's ``<style>`` element, and the view the
#: page makes for it (anywidget's ``AnyView``, which the page's defaults do not name).
ANYWIDGET_PAGE_TRAITS = ("_esm", "_css", "_anywidget_id", "_view_name", "_view_module", "_view_module_version")


class EmbeddableAnyWidget(anywidget.AnyWidget):
    """An anywidget whose state always holds its page code and view, so ipywidgets' embed functions work.

    Nothing changes for a kernel's page, which reads whole states (defaults and all); only a state
    read without defaults differs from anywidget's, by the traits of :data:`ANYWIDGET_PAGE_TRAITS`.
    """

    def get_state(self, key: str | Iterable[str] | None = None, drop_defaults: bool = False) -> dict:
        """The widget's state, as ipywidgets gives it, but with its page code and view even without defaults.

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
