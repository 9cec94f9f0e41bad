"""A simulated run: time, named channels with units, and what produced it."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np

from .errors import LARGEST_FINITE, ParameterError, check_number

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["Trajectory"]


def _float_array(values: object, what: str) -> np.ndarray:
    """``values`` as a float64 array, or a ParameterError naming ``what`` (numpy's own error names
    neither the channel nor the clock)."""
    try:
        return np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as err:
        raise ParameterError(f"{what} must hold numbers; {err}") from None


def _check_mapping(name: str, value: object, what: str) -> None:
    """Raise a ParameterError unless ``value`` is a mapping (``what`` says of what, with an example)."""
    if not isinstance(value, Mapping):
        raise ParameterError(f"{name} must be a mapping of {what}; got {type(value).__name__}")


def _shown_array(times: np.ndarray) -> str:
    """A few of ``times`` for an error message."""
    flat = times.ravel()
    shown = ", ".join(f"{t:g}" for t in flat[:5])
    return f"[{shown}{', ...' if flat.size > 5 else ''}] (shape {times.shape})"


class Trajectory(Mapping[str, np.ndarray]):
    """The output of :func:`ketawidget.simulate`: channels aligned with ``time_h``.

    A read-only mapping from channel name to a 1-D array.

    Parameters
    ----------
    time_h : array_like
        Sample times, h: one or more finite numbers, strictly increasing.
    values : mapping of str to array_like
        One array per channel, each the shape of ``time_h``; stored read-only as float64.
    units : mapping of str to str
        A unit for every channel in ``values``.
    description : str, optional
        The dose that produced the run, in words.
    params : mapping, optional
        The parameter values used.

    Raises
    ------
    ParameterError
        (a ``ValueError``) If the times are not finite and strictly increasing, ``values`` or
        ``units`` is not a mapping, a channel's name or unit is not a str, its shape differs from
        ``time_h``'s or it has no unit; the message names the clock or channel.

    Attributes
    ----------
    time_h : numpy.ndarray
        Sample times, hours since the start of the run (not uniform: fine around doses).
    channels : tuple of str
        Channel names, in a fixed order.
    units : mapping
        Channel name -> unit string.
    description : str
        The dose that produced the run, in words.
    params : mapping
        The parameter values used.

    All are read-only (a new run is a new Trajectory): assigning one raises AttributeError.
    """

    #: The clock's name: the attribute that holds it and its name in messages (a synapse run's is in ms).
    _CLOCK = "time_h"

    time_h: np.ndarray

    def __init__(
        self,
        time_h: np.ndarray,
        values: Mapping[str, np.ndarray],
        units: Mapping[str, str],
        *,
        description: str = "",
        params: Mapping[str, Any] | None = None,
    ) -> None:
        clock = self._CLOCK
        times = _float_array(time_h, clock)
        # Interpolation (at, the diagram's playback) needs one increasing clock; a reversed or
        # repeated time would be read silently wrong, so it is refused here, where it comes in.
        if times.ndim != 1 or times.size == 0 or not np.all(np.isfinite(times)) or np.any(np.diff(times) <= 0):
            raise ParameterError(f"{clock} must be a 1-D array of finite times, strictly increasing; got {_shown_array(times)}")
        times.setflags(write=False)
        _check_mapping("values", values, "channel name to values, e.g. {'glutamate_rel': [1.0, 1.2, 1.1]}")
        _check_mapping("units", units, "channel name to unit, e.g. {'glutamate_rel': '1'}")
        checked: dict[str, np.ndarray] = {}
        for name, arr in values.items():
            # The diagram sends names and units to the browser as strings: a number there is refused
            # only on the way, after the view has changed (and a number is no name to look up).
            if not isinstance(name, str):
                raise ParameterError(f"channel names must be str; got {name!r} ({type(name).__name__})")
            arr = _float_array(arr, f"channel {name}")
            if arr.shape != times.shape:
                raise ParameterError(f"channel {name} has shape {arr.shape}, {clock} has {times.shape}")
            if not np.all(np.isfinite(arr)):
                # The diagram would refuse the run (docs/wire-format.md) and the microscope its conditions.
                where = times[np.flatnonzero(~np.isfinite(arr))[0]]
                raise ParameterError(f"channel {name} must hold finite numbers; got {arr[~np.isfinite(arr)][0]} at {clock} {where:g}")
            arr.setflags(write=False)
            checked[name] = arr
        missing = [name for name in checked if name not in units]
        if missing:
            raise ParameterError(f"units must give a unit for every channel; none for {', '.join(missing)}")
        for name in checked:
            if not isinstance(units[name], str):
                raise ParameterError(f"units[{name!r}] must be a str; got {units[name]!r} ({type(units[name]).__name__})")
        if not isinstance(description, str):
            raise ParameterError(f"description must be a str; got {description!r} ({type(description).__name__})")
        if params is not None:
            _check_mapping("params", params, "parameter name to value, e.g. {'mg_mM': 1.0}")
        setattr(self, clock, times)
        self._values = checked
        self.channels: tuple[str, ...] = tuple(checked)
        self._units = {name: units[name] for name in self.channels}
        self.description = description
        self._params = dict(params or {})
        self._built = True

    # Read-only, as the arrays are: the checks above run once, when the run is made, so a later
    # ``traj.time_h = ...`` would bypass them (and the diagram would draw what was never checked).
    def __setattr__(self, name: str, value: Any) -> None:
        self._refuse_change(name)
        super().__setattr__(name, value)

    def __delattr__(self, name: str) -> None:
        self._refuse_change(name)
        super().__delattr__(name)

    def _refuse_change(self, name: str) -> None:
        if not name.startswith("_") and "_built" in self.__dict__:
            kind = type(self).__name__
            raise AttributeError(f"{kind}.{name} is read-only: a run is checked once, when it is made; make a new {kind}(...) instead")

    @property
    def units(self) -> Mapping[str, str]:
        """Channel name -> unit string (read-only)."""
        return MappingProxyType(self._units)

    @property
    def params(self) -> Mapping[str, Any]:
        """The parameter values used (read-only)."""
        return MappingProxyType(self._params)

    def __getitem__(self, name: str) -> np.ndarray:
        try:
            return self._values[name]
        except KeyError:
            raise KeyError(f"no channel {name!r}; channels: {', '.join(self.channels)}") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self.channels)

    def __len__(self) -> int:
        return len(self.channels)

    def at(self, time_h: float) -> dict[str, float]:
        """Every channel linearly interpolated at one moment.

        Parameters
        ----------
        time_h : float
            Hours since the start of the run; outside the run, the first or last sample is used.

        Returns
        -------
        dict of str to float
            Channel name -> value at ``time_h``.
        """
        t = check_number("time_h", time_h, -LARGEST_FINITE, LARGEST_FINITE, "h", allowed="a finite number of hours")
        return {name: float(np.interp(t, self.time_h, arr)) for name, arr in self._values.items()}

    def to_dataframe(self) -> pd.DataFrame:
        """The channels as a pandas DataFrame indexed by ``time_h`` (needs pandas)."""
        import pandas as pd

        frame = pd.DataFrame({name: self._values[name] for name in self.channels}, index=self.time_h)
        frame.index.name = "time_h"
        return frame

    def __repr__(self) -> str:
        span = f"{self.time_h[0]:g}-{self.time_h[-1]:g} h" if self.time_h.size else "empty"
        return f"<Trajectory {self.description!r}: {span}, {self.time_h.size} samples, channels {list(self.channels)}>"
